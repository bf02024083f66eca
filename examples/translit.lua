-- Transliteration from Lua on our own example text and pages:
--
--   eval "$(make -s env)"; lua5.4 examples/translit.lua examples/articles/*.txt
--
-- Romanizes a vocalized sentence in the three display schemes, maps a
-- romanized word back to the Arabic, sends each page to Buckwalter and
-- back (the same bytes), and lists the entities of the first page with
-- their romanizations (the gazetteer's English name when it has one).
-- The expected output is examples/translit.expected.
local arabic = require "arabic"

local sentence = "وَصَلَ ٱلْوَفْدُ إِلَى مَسْقَطَ، وَقَالَ رَئِيسُهُ إِنَّ ٱلْمُحَادَثَاتِ "
  .. "سَتَسْتَمِرُّ فِي مَدِينَةِ ٱلرِّيَاضِ."
print(sentence)
for _, s in ipairs(arabic.schemes()) do
  if not s.reversible then print(("  %-7s %s"):format(s.name, arabic.transliterate(sentence, s.name))) end
end

-- the map: from a romanized word back to the Arabic word, clitics and marks included
local out, map = arabic.transliterator("ala-lc"):map(sentence)
for _, word in ipairs { "wa-qāla", "al-riyāḍ", "madīnat" } do
  local i, j = out:find(word, 1, true)
  print(("  %s <- %s"):format(word, sentence:sub(map:source(i, j))))
end

-- the reversible schemes: there and back, byte for byte
local bw = arabic.transliterator "buckwalter"
local back = arabic.transliterator { scheme = "buckwalter", reverse = true }
local p = arabic.pipeline { boilerplate = true, entities = true, transliterate = "ala-lc" }
for n, path in ipairs(arg) do
  local f = assert(io.open(path, "rb"))
  local page = f:read("*a")
  f:close()
  local there = bw(page)
  print(("%s: %d bytes, Buckwalter %d bytes, back the same: %s"):format(path:match("[^/]*$"), #page, #there,
    tostring(back(there) == page)))
  print("  " .. there:match("[^\n]*"):sub(1, 72))
  if n == 1 then
    local doc = p:run(page)
    local seen = {}
    for _, e in ipairs(doc.entities) do
      if not seen[e.id] then
        seen[e.id] = true
        print(("  %s: %s (%s%s)"):format(e.text, e.translit, e.translit_from,
          e.translit_approximate and ", approximate" or ""))
      end
    end
    local tr = doc.transliteration
    print(("  ala-lc of the cleaned page: %d words, %d approximate"):format(tr.words, tr.approximate))
  end
end
