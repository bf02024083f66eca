-- The corpus tools on the example news pages:
--
--   eval "$(make -s env)"; lua5.4 examples/corpus.lua examples/articles/*.txt
--
-- Streams the pages through a pipeline that removes their chrome, counts
-- word stems (clitic forms together, stop words left out), shows a
-- concordance with offsets in the pages as read, lists the sentences the
-- pages share, and exports one sentence as CoNLL-U. The expected output is
-- examples/corpus.expected.
local arabic = require "arabic"

local pages, names = {}, {}
for i, path in ipairs(arg) do
  local f = assert(io.open(path, "rb"))
  pages[i] = f:read("*a")
  f:close()
  names[i] = path:match("([^/]*)%.txt$")
end

-- 1. A pipeline over an iterator: one document at a time.
local i = 0
local docs = {}
for doc in arabic.stream(function()
  i = i + 1
  return pages[i]
end, { boilerplate = true, sentences = true, entities = true }) do
  docs[#docs + 1] = doc
end

-- 2. Word frequencies over the cleaned pages: light10 stems, clitic forms
-- counted with their bare form, the counting stop list left out.
local clean = {}
for k, doc in ipairs(docs) do clean[k] = doc.clean end
local top, stats = arabic.freq(clean, { stem = true, clitics = true, stopwords = true, limit = 8 })
print(("frequencies: %d words counted, %d forms"):format(stats.tokens, stats.types))
for _, w in ipairs(top) do
  local forms = {}
  for k = 1, math.min(3, #w.forms) do forms[k] = w.forms[k].form .. " " .. w.forms[k].count end
  print(("  %3d  %s  (%s)"):format(w.count, w.word, table.concat(forms, ", ")))
end

-- 3. A concordance, compiled once: offsets are bytes of each page as read.
print("\nconcordance of إيران:")
local kw = arabic.concordancer("إيران", { width = 22 })
for k, page in ipairs(pages) do
  for _, hit in ipairs(kw(page)) do
    print(("  %s %d-%d  %s[%s]%s"):format(names[k]:sub(1, 2), hit.first, hit.last, hit.left, hit.match, hit.right))
  end
end

-- 4. Sentences that come back, within a page or across pages.
print("\nrepeated sentences:")
local records = {}
for k, page in ipairs(pages) do records[k] = { id = names[k], text = page } end
for _, g in ipairs(arabic.dedup(records, { unit = "sentence", min_words = 4 })) do
  local where = {}
  for k, m in ipairs(g.members) do where[k] = ("%s %d-%d"):format(m.id:sub(1, 2), m.first, m.last) end
  local m = g.members[1]
  print(("  %.2f  %s: %s"):format(g.similarity, table.concat(where, ", "),
    pages[m.doc]:sub(m.first, m.last):gsub("%s+", " ")))
end

-- 5. An export: the first page's first body sentence with an entity, as CoNLL-U.
local doc = docs[1]
for _, s in ipairs(doc.sentences) do
  local has = false
  for _, e in ipairs(doc.entities) do
    if e.first >= s.first and e.last <= s.last then has = true end
  end
  if has then
    local one = { text = doc.text, sentences = { s }, entities = doc.entities, removed = doc.removed }
    print("\nCoNLL-U:")
    io.write(arabic.export(one, "conllu", { offsets = "chars" }))
    break
  end
end
