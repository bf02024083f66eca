-- The Lua pipeline API on the example news pages:
--
--   eval "$(make -s env)"; lua5.4 examples/pipeline.lua examples/articles/*.txt
--
-- Removes the page chrome, finds sentences, entities and dates (relative
-- dates resolve against each page's banner date), and adds a step of our
-- own that counts each entity's mentions. Every offset is in the page as
-- it was read. The expected output is examples/pipeline.expected.
local arabic = require "arabic"

local p = arabic.pipeline {
  boilerplate = true,
  sentences = { mode = "auto" },
  entities = { gazetteers = { "default" }, extend_names = true },
  dates = true,
  steps = function(doc) -- a user step: any function of the document table
    doc.mentions = {}
    for _, e in ipairs(doc.entities) do
      doc.mentions[e.canonical] = (doc.mentions[e.canonical] or 0) + 1
    end
  end,
}

for _, path in ipairs(arg) do
  local f = assert(io.open(path, "rb"))
  local page = f:read("*a")
  f:close()
  local doc = p:run(page)
  print(("%s: %d bytes, %d removed as chrome, %d sentences"):format(
    path:match("[^/]*$"), #page, #doc.removed, #doc.sentences))
  print("  first sentence: " .. doc.sentences[1].text:gsub("%s+", " "))
  local names = {}
  for name, n in pairs(doc.mentions) do names[#names + 1] = { name, n } end
  table.sort(names, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] < b[1]) end)
  for i = 1, math.min(5, #names) do print(("  %2d × %s"):format(names[i][2], names[i][1])) end
  for _, d in ipairs(doc.dates) do
    print(("  date %-12s %-9s at %d-%d: %s"):format(d.value or "?", d.calendar, d.first, d.last, d.text))
  end
end
