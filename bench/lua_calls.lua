-- The paths users call from Lua, at the sizes they call them: one call per
-- paragraph-sized line (the news corpus cut at a space near 200 bytes, as
-- scripts, filters and the command line call the library), and whole-text
-- calls on the corpus. Baselines measured in the same run: string.lower on
-- the same lines (the floor of any Lua call that returns a new string), and
-- the C core's figure that bench_normalize printed (passed as arguments).
-- Median of 3 runs, CPU time (os.clock). Not a test: nothing is asserted.
-- Usage: lua5.4 bench/lua_calls.lua CORPUS [MB of lines [NFKC C_SEARCH_MAP
-- C_SENTENCES C_GAZETTEER]] (the C figures, MB/s, from the same run).
local arabic = require "arabic"
local path, mb = arg[1], tonumber(arg[2] or "10")
local nfkc, c_map, c_sent, c_gaz = tonumber(arg[3]), tonumber(arg[4]), tonumber(arg[5]), tonumber(arg[6])

local f = assert(io.open(path, "rb"))
local text = f:read("*a")
f:close()

local lines, bytes = {}, 0
for line in text:gmatch("[^\n]+") do
  local i = 1
  while i <= #line do
    local j = line:find(" ", i + 200, true) or #line
    lines[#lines + 1] = line:sub(i, j)
    bytes = bytes + (j - i + 1)
    i = j + 1
  end
  if bytes >= mb * 1e6 then break end
end

local function median_rate(size, fn, runs)
  local t = {}
  for r = 1, runs or 3 do
    collectgarbage()
    local t0 = os.clock()
    fn()
    t[r] = os.clock() - t0
  end
  table.sort(t)
  return size / 1e6 / t[math.floor((#t + 1) / 2)]
end

local function per_line(fn)
  return median_rate(bytes, function()
    for k = 1, #lines do fn(lines[k]) end
  end)
end

local norm = arabic.normalizer("search")
local g = arabic.gazetteer.default()
local lower = string.lower
local entities = arabic.entities
local sentences = arabic.sentences
local no_names = { unknown_names = false }
arabic.entities("تمهيد") -- load the default gazetteer and lexicon before timing

local rows = {}
local function row(name, rate, base, c, cname)
  rows[#rows + 1] = { name, rate, base, c, cname }
end

print(("%d lines, %.1f MB, %.0f bytes a line"):format(#lines, bytes / 1e6, bytes / #lines))
local floor = per_line(function(l) return lower(l) end)
row("string.lower(line) (baseline)", floor)
row("norm(line)", per_line(function(l) return norm(l) end), floor)
row("norm:map(line)", per_line(function(l) return norm:map(l) end), floor)
row("for a, b in arabic.sentences(line)", per_line(function(l) for _ in sentences(l) do end end), floor, c_sent,
  "C splitter")
local gfind = per_line(function(l) return g:find(l) end)
row("g:find(line), default gazetteer", gfind, floor, c_gaz, "C matching")
row("for m in g:matches(line)", per_line(function(l) for _ in g:matches(l) do end end), floor, c_gaz, "C matching")
row("arabic.entities(line, { unknown_names = false })", per_line(function(l) return entities(l, no_names) end), floor,
  c_gaz, "C matching")
row("arabic.entities(line)", per_line(function(l) return entities(l) end), floor, c_gaz, "C matching")
-- the attributes tables are made when read: the cost when a caller reads them
row("arabic.entities(line), reading m.attributes", per_line(function(l)
  for _, m in ipairs(entities(l)) do local _ = m.attributes end
end), floor, c_gaz, "C matching")
local dates = arabic.dates
row("for d in arabic.dates(line)", per_line(function(l) for _ in dates(l) do end end), floor)
for _, r in ipairs(rows) do
  local c = r[4] and ("; %.2f of the %s"):format(r[2] / r[4], r[5]) or ""
  if r[3] then
    print(("%-52s %7.1f MB/s  (%.2fx string.lower%s)"):format(r[1], r[2], r[2] / r[3], c))
  else
    print(("%-52s %7.1f MB/s"):format(r[1], r[2]))
  end
end

print(("-- whole text (%.1f MB), one call"):format(#text / 1e6))
local whole = median_rate(#text, function() return norm(text) end)
local whole_map = median_rate(#text, function() return norm:map(text) end)
-- the floor of a Lua call that returns a new string this big: its memory is
-- new pages each time (string.lower also fills a buffer, then copies it)
local lower_whole = median_rate(#text, function() return string.lower(text) end)
local function vs(r)
  local s = ""
  if nfkc then s = s .. ("  %.1fx utf8proc NFKC"):format(r / nfkc) end
  if c_map then s = s .. ("  %.2f of C search + map"):format(r / c_map) end
  return s
end
print(("%-52s %7.1f MB/s"):format("string.lower(text)", lower_whole))
print(("%-52s %7.1f MB/s%s"):format("norm(text)", whole, vs(whole)))
print(("%-52s %7.1f MB/s%s"):format("norm:map(text)", whole_map, vs(whole_map)))
