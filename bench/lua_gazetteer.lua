-- A straightforward Lua-table matcher, the baseline of `make bench`: names
-- (normalized) as keys of one table, text split on white space, greedy
-- longest match of up to 4 words. Usage: lua lua_gazetteer.lua ENTRIES.tsv CORPUS [MB]
local arabic = require "arabic"

local tsv, corpus, mb = arg[1], arg[2], tonumber(arg[3] or 10)
local norm = arabic.normalizer("search")
local t0 = os.clock()
local dict, n = {}, 0
local first = true
for line in io.lines(tsv) do
  if first then
    first = false
  else
    local name, typ = line:match("^([^\t]*)\t([^\t]*)")
    dict[(norm(name))] = typ
    n = n + 1
  end
end
local t_load = os.clock() - t0
collectgarbage()
local mem = collectgarbage("count") / 1024

local f = assert(io.open(corpus, "rb"))
local text = f:read(math.floor(mb * 1024 * 1024))
f:close()
local matches = 0
t0 = os.clock()
for line in text:gmatch("[^\n]+") do
  local words = {}
  for w in norm(line):gmatch("%S+") do words[#words + 1] = w end
  local i = 1
  while i <= #words do
    local hit = 1
    for len = math.min(4, #words - i + 1), 1, -1 do
      if dict[table.concat(words, " ", i, i + len - 1)] then
        matches = matches + 1
        hit = len
        break
      end
    end
    i = i + hit
  end
end
local t_match = os.clock() - t0
print(("Lua table: %d entries loaded in %.1f s (%.0f MB of Lua heap); matching %.1f MB/s (%d matches in %.0f MB)")
  :format(n, t_load, mem, #text / t_match / 1e6, matches, #text / 1e6))
