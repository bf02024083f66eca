-- Speed of arabic.entities on news lines, from Lua 5.4, line by line (how
-- the command line and most callers use it): the default gazetteer alone
-- (g:find, the baseline), arabic.entities without and with the names found
-- from context. Median of 3 runs over the same lines.
-- Usage: lua5.4 bench/entities_speed.lua CORPUS [MB]
local arabic = require "arabic"
local path, mb = arg[1], tonumber(arg[2] or "5")
-- news paragraphs cut at a space near 200 bytes, the size of a typical
-- sentence-length line
local common = dofile((arg[0]:match("^(.*)/[^/]*$") or ".") .. "/common.lua")
local lines, bytes = common.paragraphs(io.lines(path), mb)
local g = arabic.gazetteer.default()
local function time(f)
  local t = {}
  for r = 1, 3 do
    local t0 = os.clock()
    f()
    t[r] = os.clock() - t0
  end
  table.sort(t)
  return bytes / 1e6 / t[2]
end
local n1, n2, n3 = 0, 0, 0
local a = time(function() n1 = 0 for _, l in ipairs(lines) do n1 = n1 + #g:find(l) end end)
local b = time(function() n2 = 0 for _, l in ipairs(lines) do n2 = n2 + #arabic.entities(l, { unknown_names = false }) end end)
local c = time(function() n3 = 0 for _, l in ipairs(lines) do n3 = n3 + #arabic.entities(l) end end)
print(("%d lines, %.1f MB, %.0f bytes a line"):format(#lines, bytes / 1e6, bytes / #lines))
print(("%-58s %7.1f MB/s  %7d matches"):format("default gazetteer alone, g:find(line) (baseline)", a, n1))
print(("%-58s %7.1f MB/s  %7d matches  (%.2fx)"):format("arabic.entities(line, { unknown_names = false })", b, n2, b / a))
print(("%-58s %7.1f MB/s  %7d matches  (%.2fx)"):format("arabic.entities(line): + names from context", c, n3, c / a))
