-- The corpus tools over a JSON Lines corpus: examples/corpus.jsonl holds six
-- short news items we wrote, one JSON object a line with an id, the date the
-- item was published and its text.
--
--   eval "$(make -s env)"; lua5.4 examples/corpus.lua examples/corpus.jsonl
--
-- One pass over the file, one record at a time (memory does not grow with
-- the corpus): a pipeline compiled once runs on each record with the
-- record's own date as the reference for relative dates (أمس، الأسبوع
-- المقبل), and the same pass feeds a frequency counter (light10 stems,
-- clitic forms with their bare form, stop words left out), a concordance and
-- a near-duplicate finder. The expected output is examples/corpus.expected.
local arabic = require "arabic"
local freq = require "arabic.freq"
local dedup = require "arabic.dedup"

local path = arg[1] or "examples/corpus.jsonl"
-- compiled once; each document brings its own options to p:run
local p = arabic.pipeline { boilerplate = true, sentences = true, entities = true, dates = true }

local counter = freq.counter { stem = true, clitics = true, stopwords = true, limit = 8 }
local kw = arabic.concordancer("إيران", { width = 24 })
local near = dedup.deduper { unit = "document" }           -- near-duplicate items (threshold 0.7)
local lines = dedup.deduper { unit = "line", threshold = 0.9 } -- lines that come back
local hits, first_doc = {}, nil

print("documents:")
for text, record in arabic.lines(path, { field = "text" }) do
  -- relative dates (أمس، الأسبوع المقبل) resolve against the record's own date
  local doc = p:run(text, { reference = record.date, id = record.id })
  first_doc = first_doc or doc
  local dates = {}
  for _, d in ipairs(doc.dates) do dates[#dates + 1] = d.text .. " = " .. tostring(d.value) end
  print(("  %s  %s  %d entities, %d sentences, %d bytes of chrome removed; %s"):format(doc.id, doc.reference,
    #doc.entities, #doc.sentences, #doc.text - #doc.clean, table.concat(dates, ", ")))
  counter:add(doc.clean)                      -- counts without the chrome
  for _, hit in ipairs(kw(text)) do hits[#hits + 1] = { doc.id, hit } end
  near:add(text, doc.id)
  lines:add(text, doc.id)
end

print("\nfrequencies (light10 stems):")
local top, stats = counter:result()
for _, w in ipairs(top) do
  local forms = {}
  for k = 1, math.min(3, #w.forms) do forms[k] = w.forms[k].form .. " " .. w.forms[k].count end
  print(("  %3d  %s  (%s)"):format(w.count, w.word, table.concat(forms, ", ")))
end
print(("  %d words counted, %d forms, %d documents"):format(stats.tokens, stats.types, stats.texts))

print("\nconcordance of إيران (offsets in each record's text):")
for _, h in ipairs(hits) do
  local id, hit = h[1], h[2]
  print(("  %s %3d-%3d  %s[%s]%s"):format(id, hit.first, hit.last, hit.left, hit.match, hit.right))
end

for _, d in ipairs { { "near-duplicate documents", near }, { "repeated lines", lines } } do
  print("\n" .. d[1] .. ":")
  for _, g in ipairs(d[2]:groups()) do
    local where = {}
    for k, m in ipairs(g.members) do where[k] = ("%s %d-%d"):format(m.id, m.first, m.last) end
    print(("  %.2f  %s"):format(g.similarity, table.concat(where, ", ")))
  end
end

-- The first document's first sentence, as CoNLL-U with character offsets.
local one = { text = first_doc.text, sentences = { first_doc.sentences[1] }, entities = first_doc.entities }
print("\nCoNLL-U:")
io.write(arabic.export(one, "conllu", { offsets = "chars" }))
