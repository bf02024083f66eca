-- Lua-level normalization throughput: the C module through its binding, and
-- the pure-Lua gsub baseline, on the same bytes. Usage: lua bench_lua.lua CORPUS
local arabic = require "arabic"
local naive = require "lua_normalize"

local path = assert(arg[1], "usage: bench_lua.lua CORPUS")
local f = assert(io.open(path, "rb"))
local text = f:read("*a")
f:close()

local function median(t)
  table.sort(t)
  return t[math.floor((#t + 1) / 2)]
end

local function mbps(fn, s, runs)
  local times = {}
  for i = 1, runs do
    local t0 = os.clock()
    fn(s)
    times[i] = os.clock() - t0
  end
  return #s / median(times) / 1e6
end

local search = arabic.normalizer("search")
local slice = text:sub(1, 8 * 1024 * 1024)
local r_c = mbps(function(s) return search(s) end, text, 5)
local r_map = mbps(function(s) return search:map(s) end, text, 5)
local r_lua = mbps(naive.normalize, slice, 3)
print(("%-26s %7.0f MB/s"):format("Lua: arabic search", r_c))
print(("%-26s %7.0f MB/s"):format("Lua: arabic search + map", r_map))
print(("%-26s %7.0f MB/s   (on an 8 MB slice)"):format("Lua: pure-Lua gsub", r_lua))
print(("%-26s %7.1fx"):format("arabic / gsub", r_c / r_lua))
