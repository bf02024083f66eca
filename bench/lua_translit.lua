-- Transliteration from Lua 5.4 (the binding, t(s) and t:map(s)), line by
-- line as a pipeline calls it, and the `arabic transliterate` command as a
-- whole process; against ICU's `uconv -x Arabic-Latin` (whole process) on
-- the same bytes in the same run.
-- Usage: lua lua_translit.lua FILE [RUNS]
-- Prints MB/s of wall-clock time (median of RUNS) and MB per CPU-second
-- (steady on a shared machine), and both ratios to ICU.
local arabic = require "arabic"

local path = assert(arg[1], "usage: lua_translit.lua FILE [RUNS]")
local runs = tonumber(arg[2]) or 5
local f = assert(io.open(path, "rb"))
local text = f:read("*a")
f:close()
local mb = #text / 1e6

-- Wall-clock seconds (date(1): no sub-second clock in plain Lua; each
-- sample repeats the call until it lasts long enough for this to matter little).
local function now()
  local p = io.popen("date +%s.%N")
  local s = p:read("*l")
  p:close()
  return tonumber(s)
end

local function median(t)
  table.sort(t)
  return t[math.floor((#t + 1) / 2)]
end

-- fn() over the whole text: wall MB/s (median), MB per CPU-second (median).
local function measure(fn)
  fn() -- warm up (the output buffer, the page cache)
  local rep = 1
  local c0 = os.clock()
  fn()
  local one = os.clock() - c0
  if one < 0.25 then rep = math.ceil(0.25 / math.max(one, 1e-4)) end
  local walls, cpus = {}, {}
  for i = 1, runs do
    local w0, t0 = now(), os.clock()
    for _ = 1, rep do fn() end
    cpus[i] = (os.clock() - t0) / rep
    walls[i] = (now() - w0) / rep
  end
  return mb / median(walls), mb / median(cpus)
end

-- A command as a whole process, by /usr/bin/time: wall and user+sys.
local function process(cmd)
  local walls, cpus = {}, {}
  for i = 1, math.min(runs, 3) do
    local p = io.popen("/usr/bin/time -f '%e %U %S' " .. cmd .. " 2>&1 >/dev/null")
    local out = p:read("*a")
    p:close()
    local e, u, s = out:match("([%d.]+) ([%d.]+) ([%d.]+)%s*$")
    if not e then return nil, out end
    walls[i], cpus[i] = tonumber(e), tonumber(u) + tonumber(s)
  end
  return mb / math.max(median(walls), 0.01), mb / math.max(median(cpus), 0.01)
end

local lines = {}
for line in text:gmatch("[^\n]*") do lines[#lines + 1] = line end

local rows = {}
local function row(name, wall, cpu) rows[#rows + 1] = { name, wall, cpu } end

local function scheme(name, reverse)
  local t = arabic.transliterator { scheme = name, reverse = reverse }
  local input = text
  if reverse then input = arabic.transliterator(name)(text) end
  return t, input
end

local bw, ala = scheme("buckwalter"), scheme("ala-lc")
row("buckwalter t(s)", measure(function() return bw(text) end))
row("buckwalter t:map(s)", measure(function() return bw:map(text) end))
local back, bw_text = scheme("buckwalter", true)
row("buckwalter reverse t(s)", measure(function() return back(bw_text) end))
for _, name in ipairs { "safe-buckwalter", "xml-buckwalter", "hsb" } do
  local t = scheme(name)
  row(name .. " t(s)", measure(function() return t(text) end))
end
row("ala-lc t(s)", measure(function() return ala(text) end))
row("ala-lc t:map(s)", measure(function() return ala:map(text) end))
for _, name in ipairs { "din", "ijmes" } do
  local t = scheme(name)
  row(name .. " t(s)", measure(function() return t(text) end))
end
row("buckwalter, line by line", measure(function()
  for i = 1, #lines do bw(lines[i]) end
end))
row("ala-lc, line by line", measure(function()
  for i = 1, #lines do ala(lines[i]) end
end))
local lua = arg[-1] or "lua5.4"
for _, name in ipairs { "buckwalter", "ala-lc" } do
  local w, c = process(("%s bin/arabic transliterate -s %s %s"):format(lua, name, path))
  if w then row("`arabic transliterate -s " .. name .. "`", w, c) end
end

local icu_w, icu_c = nil, nil
if os.execute("command -v uconv >/dev/null 2>&1") == true or os.execute("command -v uconv >/dev/null 2>&1") == 0 then
  icu_w, icu_c = process("uconv -f utf-8 -t utf-8 -x Arabic-Latin " .. path)
end

print(("%-36s %10s %12s %10s %10s"):format("Lua 5.4, " .. ("%.1f MB"):format(mb), "wall MB/s", "MB per CPU-s",
  "vs ICU", "(CPU)"))
for _, r in ipairs(rows) do
  local vs = icu_w and ("%9.0fx %9.0fx"):format(r[2] / icu_w, r[3] / icu_c) or ""
  print(("%-36s %10.1f %12.1f %s"):format(r[1], r[2], r[3], vs))
end
if icu_w then
  print(("%-36s %10.1f %12.1f %9.0fx %9.0fx"):format("ICU uconv -x Arabic-Latin (process)", icu_w, icu_c, 1, 1))
else
  print("(ICU's uconv not found: apt-get install icu-devtools for the baseline)")
end
