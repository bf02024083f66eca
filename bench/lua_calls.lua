-- The paths users call from Lua, at the sizes they call them: one call per
-- paragraph-sized line (the news corpus cut at a space near 200 bytes, as
-- scripts, filters and the command line call the library), and whole-text
-- calls on the corpus. Baselines measured in the same run: string.lower on
-- the same lines (the floor of any Lua call that returns a new string), and
-- the C core's figure that bench_normalize printed (passed as arguments).
-- Median of 5 runs, CPU time (os.clock). Not a test: nothing is asserted.
--
-- Each row runs in a process of its own (this script again, with --row=N),
-- as a script that does one job runs: in one process a row paid for the
-- heap the rows before it left (arabic.entities(line) ran 5-12% slower
-- after the others than on its own, in 11 paired runs).
-- Usage: lua5.4 bench/lua_calls.lua CORPUS [MB of lines [NFKC C_SEARCH_MAP
-- C_SENTENCES C_GAZETTEER]] (the C figures, MB/s, from the same run).
local path, mb = arg[1], tonumber(arg[2] or "10")
local nfkc, c_map, c_sent, c_gaz = tonumber(arg[3]), tonumber(arg[4]), tonumber(arg[5]), tonumber(arg[6])
local common = dofile((arg[0]:match("^(.*)/[^/]*$") or ".") .. "/common.lua")
local only = common.row()

-- The rows: a name, what to time (made by the row's set-up, given the
-- lines or the text), whether it is per line, and the C figure to compare
-- it with.
local ROWS = {
  { "string.lower(line) (baseline)", function()
    local lower = string.lower
    return function(l) return lower(l) end
  end, "line" },
  { "norm(line)", function(a)
    local norm = a.normalizer("search")
    return function(l) return norm(l) end
  end, "line" },
  { "norm:map(line)", function(a)
    local norm = a.normalizer("search")
    return function(l) return norm:map(l) end
  end, "line" },
  { "for a, b in arabic.sentences(line)", function(a)
    local sentences = a.sentences
    return function(l) for _ in sentences(l) do end end
  end, "line", c_sent, "C splitter" },
  { "g:find(line), default gazetteer", function(a)
    local g = a.gazetteer.default()
    return function(l) return g:find(l) end
  end, "line", c_gaz, "C matching" },
  { "for m in g:matches(line)", function(a)
    local g = a.gazetteer.default()
    return function(l) for _ in g:matches(l) do end end
  end, "line", c_gaz, "C matching" },
  { "arabic.entities(line, { unknown_names = false })", function(a)
    local entities, no_names = a.entities, { unknown_names = false }
    return function(l) return entities(l, no_names) end
  end, "line", c_gaz, "C matching" },
  { "arabic.entities(line)", function(a)
    local entities = a.entities
    return function(l) return entities(l) end
  end, "line", c_gaz, "C matching" },
  -- the attributes tables are made when read: the cost when a caller reads them
  { "arabic.entities(line), reading m.attributes", function(a)
    local entities = a.entities
    return function(l)
      for _, m in ipairs(entities(l)) do local _ = m.attributes end
    end
  end, "line", c_gaz, "C matching" },
  { "for d in arabic.dates(line)", function(a)
    local dates = a.dates
    return function(l) for _ in dates(l) do end end
  end, "line" },
  -- the floor of a Lua call that returns a new string this big: its memory is
  -- new pages each time (string.lower also fills a buffer, then copies it)
  { "string.lower(text)", function() return string.lower end, "text" },
  { "norm(text)", function(a)
    local norm = a.normalizer("search")
    return function(t) return norm(t) end
  end, "text", c_map, "C search + map" },
  { "norm:map(text)", function(a)
    local norm = a.normalizer("search")
    return function(t) return norm:map(t) end
  end, "text", c_map, "C search + map" },
}

-- One row, in this process: prints its rate (MB/s) and the size of a line.
local function run_row(k)
  local arabic = require "arabic"
  arabic.entities("تمهيد") -- load the default gazetteer and lexicon before timing
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  local row = ROWS[k]
  local fn = row[2](arabic)
  local size, loop
  if row[3] == "line" then
    local lines
    lines, size = common.paragraphs(text:gmatch("[^\n]+"), mb)
    loop = function() for i = 1, #lines do fn(lines[i]) end end
    io.write(("lines\t%d\t%d\n"):format(#lines, size))
  else
    size = #text
    loop = function() return fn(text) end
    io.write(("text\t%d\n"):format(size))
  end
  local t = {}
  for r = 1, 5 do
    collectgarbage()
    local t0 = os.clock()
    loop()
    t[r] = os.clock() - t0
  end
  table.sort(t)
  io.write(("rate\t%.17g\n"):format(size / 1e6 / t[3]))
end

if only then
  run_row(only)
  return
end

-- The driver: every row in a new process.
local rates, nlines, lbytes, tbytes = {}, nil, nil, nil
for k = 1, #ROWS do
  local p = assert(io.popen(common.row_command(k, path, mb)))
  for line in p:lines() do
    local n, b = line:match("^lines\t(%d+)\t(%d+)$")
    if n then nlines, lbytes = tonumber(n), tonumber(b) end
    tbytes = tonumber(line:match("^text\t(%d+)$")) or tbytes
    local r = line:match("^rate\t(.+)$")
    if r then rates[k] = tonumber(r) end
  end
  assert(p:close(), "the row " .. ROWS[k][1] .. " failed")
end

print(("%d lines, %.1f MB, %.0f bytes a line; every row in a process of its own"):format(nlines, lbytes / 1e6,
  lbytes / nlines))
local floor
for k, row in ipairs(ROWS) do
  local rate = rates[k]
  if k == 1 then
    floor = rate
    print(("%-52s %7.1f MB/s"):format(row[1], rate))
  elseif row[1] == "string.lower(text)" then
    print(("-- whole text (%.1f MB), one call"):format(tbytes / 1e6))
    print(("%-52s %7.1f MB/s"):format(row[1], rate))
  elseif row[3] == "line" then
    local c = row[4] and ("; %.2f of the %s"):format(rate / row[4], row[5]) or ""
    print(("%-52s %7.1f MB/s  (%.2fx string.lower%s)"):format(row[1], rate, rate / floor, c))
  else
    local s = ""
    if nfkc then s = s .. ("  %.1fx utf8proc NFKC"):format(rate / nfkc) end
    if c_map then s = s .. ("  %.2f of C search + map"):format(rate / c_map) end
    print(("%-52s %7.1f MB/s%s"):format(row[1], rate, s))
  end
end
