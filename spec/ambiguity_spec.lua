-- The common-word guard of gazetteer matching (csrc/gaz_match.c, the word
-- list in csrc/words.c): a token that is a common word is never split into
-- clitic + name, and never matched as a spelling variant. Clitics are only
-- tried on tokens of 4+ letters (8+ bytes), so the guard is tested on long
-- common words that really would split into a clitic plus an entry, each
-- next to a control (a token of the same shape that is not a common word
-- and does split). Sentences written for these tests.
local arabic = require "arabic"
local gazetteer = require "arabic.gazetteer"

local function found(g, s, opts)
  local out = {}
  for _, m in ipairs(g:find(s, opts)) do
    out[#out + 1] = (m.clitic and (m.clitic .. "+") or "") .. m.id .. "=" .. s:sub(m.first, m.last)
  end
  return table.concat(out, " ")
end

describe("common words are not clitic + name", function()
  local g = gazetteer.new()
  g:add("ريم", { type = "PER", id = "reem" })

  it("كريم (generous, a common word) is not ك + ريم", function()
    assert.are.equal("", found(g, "استقبلنا رجل كريم"))
    assert.are.equal("", found(g, "كريم", { context = false }))
    assert.are.equal("", found(g, "كريم", { fuzzy = true, context = false }))
  end)

  it("while the same shape that is no common word splits", function()
    assert.are.equal("ل+reem=ريم", found(g, "أرسلت رسالة لريم"))
    assert.are.equal("و+reem=ريم", found(g, "حضرت هدى وريم"))
    assert.are.equal("ب+reem=ريم", found(g, "اتصلت بريم"))
    assert.are.equal("reem=ريم", found(g, "قالت ريم"))
  end)

  it("a clitic before the common word is still stripped (وكريم is و + كريم)", function()
    local h = gazetteer.new()
    h:add("كريم", { type = "PER", id = "karim" })
    h:add("ريم", { type = "PER", id = "reem" })
    -- كريم is common: only spelled exactly, and one word needs context
    assert.are.equal("", found(h, "رجل كريم"))
    assert.are.equal("karim=كريم", found(h, "قال السيد كريم"))
    assert.are.equal("و+karim=كريم", found(h, "التقى السيد وكريم", { context = false }))
  end)
end)

describe("common words are not spelling variants", function()
  local g = gazetteer.new()
  g:add("الرياضية", { type = "ORG", id = "ar-riyadiyah" }) -- a sports daily

  it("الرياضة (sport, a common word) is not a variant of الرياضية", function()
    assert.are.equal("", found(g, "تابع أخبار الرياضة", { fuzzy = true }))
    assert.are.equal("", found(g, "قالت صحيفة الرياضة", { fuzzy = true }))
    assert.are.equal("", found(g, "الرياضة", { fuzzy = true, context = false }))
  end)

  it("while a misspelling that is no common word is one", function()
    local ms = g:find("قالت صحيفة الرياظية", { fuzzy = true })
    assert.are.equal(1, #ms)
    assert.are.equal("ar-riyadiyah", ms[1].id)
    assert.is_true(ms[1].fuzzy)
    assert.are.equal(1, ms[1].distance)
    assert.are.equal("ar-riyadiyah=الرياضية", found(g, "قالت صحيفة الرياضية", { fuzzy = true }))
  end)
end)

describe("the common-word guard with the default gazetteer", function()
  local g = gazetteer.default()

  it("الأمل (hope) is not ال + أمل (the Amal Movement), even with a trigger word", function()
    assert.are.equal("", found(g, "عاد الأمل إلى سكان المدينة"))
    assert.are.equal("", found(g, "عاد الأمل إلى سكان المدينة", { context = false }))
    assert.are.equal("", found(g, "حركة الأمل"))
    assert.are.equal("", found(g, "حركة الأمل", { fuzzy = true }))
    -- the name itself is found
    assert.are.equal("amal=حركة أمل", found(g, "قالت حركة أمل في بيان"))
    assert.are.same({ "amal" }, (function()
      local ids = {}
      for _, m in ipairs(arabic.entities("قالت حركة أمل في بيان")) do ids[#ids + 1] = m.id end
      return ids
    end)())
  end)

  it("long common words give no match in text, with or without context rules", function()
    -- each at least 4 letters, most starting with a letter that can be a
    -- clitic (و ف ب ل ك) or with the article (names that are common words
    -- spelled exactly, like الجزيرة, match when context rules are off)
    local s = "كريم كذلك لماذا بينما لولا وراء وفقا كانوا كانت كبير بشرى وفاء " ..
      "الأمل الحياة العالم الاتحاد الوفد السلام الثورة النصر الإسلامية الحكومة " ..
      "الرياضة المستقبل"
    assert.are.equal("", found(g, s))
    assert.are.equal("", found(g, s, { context = false }))
    assert.are.equal("", found(g, s, { context = false, fuzzy = true }))
  end)
end)
