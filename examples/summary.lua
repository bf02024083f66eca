-- Summarize `arabic annotate` output (JSON Lines on stdin): one line per
-- document with the number of each kind of finding, and its most
-- mentioned entities.
local json = require "arabic.json"

for line in io.lines() do
  local doc = assert(json.decode(line))
  local a = doc.arabic
  local counts = {}
  for _, e in ipairs(a.entities or {}) do
    counts[e.canonical] = (counts[e.canonical] or 0) + 1
  end
  local top = {}
  for name, n in pairs(counts) do top[#top + 1] = { name, n } end
  table.sort(top, function(x, y) return x[2] > y[2] or (x[2] == y[2] and x[1] < y[1]) end)
  local names = {}
  for i = 1, math.min(3, #top) do names[i] = top[i][1] .. " ×" .. top[i][2] end
  print(("%s: %d removed, %d sentences, %d entities, %d dates, %d numbers; %s"):format(
    (doc.file or "?"):match("[^/]*$"), #(a.removed or {}), #(a.sentences or {}), #(a.entities or {}),
    #(a.dates or {}), #(a.numbers or {}), table.concat(names, "، ")))
end
