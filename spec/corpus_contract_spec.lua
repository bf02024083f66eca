-- The corpus tools keep the library's contract on any bytes: no Lua error
-- from the input itself, every offset inside the text and slicing to what
-- is reported.
local arabic = require "arabic"
local json = require "arabic.json"

local PIECES = { "إيران", "وإيران", "لإيران", "الولايات", "المتحدة", "للولايات", "كما", " ", " ", "\n", "\n\n",
  "،", ".", "َ", "ـ", "ﻹ", "\255", "\192\128", "\237\160\128", "\0", "a", "CNN", "😀", "\194\160", "١٠",
  "مسقط", "في", "ﷺ", "\226\128\143" }

local function random_text(seed, n)
  local parts = {}
  for i = 1, n do
    seed = (seed * 1103515245 + 12345) % 2147483648
    parts[i] = PIECES[seed % #PIECES + 1]
  end
  return table.concat(parts)
end

describe("corpus tools on any bytes", function()
  local texts = {}
  for i = 1, 300 do texts[i] = random_text(i, (i % 40) + 1) end

  it("kwic: offsets inside the text, slicing to the match", function()
    local kw = arabic.concordancer("إيران", { width = 5 })
    local kw2 = arabic.concordancer("الولايات المتحدة", { stem = true })
    for _, s in ipairs(texts) do
      for _, list in ipairs { kw(s), kw2(s) } do
        for _, h in ipairs(list) do
          assert.is_true(h.first >= 1 and h.first <= h.last and h.last <= #s, s)
          assert.are.equal(s:sub(h.first, h.last), h.match)
        end
      end
    end
  end)

  it("freq, stems and stop words: counts add up", function()
    local list, stats = arabic.freq(texts, { stem = "isri", clitics = true })
    local total = 0
    for _, w in ipairs(list) do
      local sum = 0
      for _, f in ipairs(w.forms) do sum = sum + f.count end
      assert.are.equal(w.count, sum)
      total = total + w.count
    end
    assert.are.equal(stats.tokens, total)
    for _, s in ipairs(texts) do
      for first, last, kind in arabic.tokens(s) do
        if kind == "word" then assert.is_string(arabic.stem(s:sub(first, last), "isri")) end
      end
    end
  end)

  it("dedup: members inside their documents", function()
    for _, unit in ipairs { "document", "paragraph", "line", "sentence" } do
      for _, g in ipairs(arabic.dedup(texts, { unit = unit, min_words = 1 })) do
        for _, m in ipairs(g.members) do
          assert.is_true(m.first >= 1 and m.first <= m.last and m.last <= #texts[m.doc])
        end
      end
    end
  end)

  it("export: every format, JSON that decodes", function()
    local p = arabic.pipeline { sentences = true, entities = true }
    for i = 1, 100 do
      local doc = p:run(texts[i])
      for _, f in ipairs { "conll", "conllu", "brat" } do assert.is_string(arabic.export(doc, f, { offsets = "chars" })) end
      local v = json.decode(arabic.export(doc, "json", { offsets = "utf16" }))
      assert.is_table(v)
    end
  end)
end)
