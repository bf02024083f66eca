-- A corpus in JSON Lines, from one script: a pipeline with each record's
-- own reference date, a frequency table of stems, a concordance and the
-- sentences the records share.
--
--   eval "$(make -s env)"; lua5.4 examples/news_corpus.lua examples/news.jsonl
--
-- examples/news.jsonl holds six short news items we wrote, each a JSON
-- object with an id, a date (most of them) and the text. The expected
-- output is examples/news_corpus.expected.
local arabic = require "arabic"

local path = arg[1] or "examples/news.jsonl"
local function records() return arabic.lines(path, { field = "text" }) end

-- 1. One pipeline, compiled once, run on every record with the record's own
-- date: relative dates (أمس، الشهر المقبل) resolve against it.
local p = arabic.pipeline { sentences = true, entities = true, dates = true }
print("dates, each against its record's date:")
for doc in arabic.stream(records(), p, { reference_field = "date", id_field = "id" }) do
  local names = {}
  for _, e in ipairs(doc.entities) do names[#names + 1] = e.canonical end
  print(("  %s (%s) %d sentences; %s"):format(doc.id, doc.reference or "no date", #doc.sentences,
    table.concat(names, "، ")))
  for _, d in ipairs(doc.dates) do
    print(("    %-22s %s"):format(d.value or "(no reference)", d.text))
  end
end

-- 2. Word frequencies: light10 stems, a clitic form counted with its bare
-- form, the counting stop list left out.
print("\nfrequencies (stems):")
local top, stats = arabic.freq(records(), { stem = true, clitics = true, stopwords = true, limit = 8 })
for _, w in ipairs(top) do
  local forms = {}
  for k, f in ipairs(w.forms) do forms[k] = f.form .. " " .. f.count end
  print(("  %2d  %s: %s"):format(w.count, w.word, table.concat(forms, ", ")))
end
print(("  (%d words, %d forms, %d records)"):format(stats.tokens, stats.types, stats.texts))

-- 3. A concordance of إيران, clitic forms too; offsets are bytes of the
-- record's text.
print("\nconcordance of إيران:")
local kw = arabic.concordancer("إيران", { width = 24 })
for text, rec in records() do
  for _, k in ipairs(kw(text)) do
    assert(text:sub(k.first, k.last) == k.match)
    print(("  %s %3d-%-3d %s[%s]%s"):format(rec.id, k.first, k.last, k.left, k.match, k.right))
  end
end

-- 4. Near-duplicates: sentences that come back in other records (a wire
-- item reused), and whole records that are nearly the same (a notice sent
-- twice, with a sentence added).
local docs = {}
for text, rec in records() do docs[#docs + 1] = { id = rec.id, text = text } end
for _, unit in ipairs { "sentence", "document" } do
  print(("\nnear-duplicate %ss:"):format(unit))
  for _, g in ipairs(arabic.dedup(docs, { unit = unit, min_words = 5, threshold = 0.5 })) do
    local where = {}
    for k, m in ipairs(g.members) do where[k] = ("%s %d-%d"):format(m.id, m.first, m.last) end
    local m = g.members[1]
    print(("  %.2f  %s: %s"):format(g.similarity, table.concat(where, ", "), docs[m.doc].text:sub(m.first, m.last)))
  end
end
