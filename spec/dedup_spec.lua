-- Near-duplicates: documents, paragraphs, lines and sentences, with
-- offsets; our own texts and the seed pages (one repeats its lead).
local arabic = require "arabic"
local corpus = require "corpus"

local A = "أعلنت وزارة الخارجية العمانية أن جولة جديدة من المحادثات غير المباشرة ستعقد في مسقط الأسبوع المقبل "
  .. "بمشاركة وفدين رفيعي المستوى، وأن الوسطاء يأملون في التوصل إلى تفاهم يخفف التوتر في المنطقة."
-- the same report with diacritics, other punctuation and one word changed
local A2 = "أعلنَت وزارةُ الخارجية العُمانية أنّ جولة جديدة من المحادثات غير المباشرة ستُعقد في مسقط الأسبوع القادم "
  .. "بمشاركة وفدين رفيعي المستوى ؛ وأن الوسطاء يأملون في التوصل إلى تفاهم يخفف التوتر في المنطقة"
local B = "افتتح المعرض الدولي للكتاب أبوابه أمس بمشاركة مئات دور النشر من أكثر من ثلاثين بلدا، "
  .. "ويستمر أسبوعين تقام خلالهما ندوات وأمسيات شعرية وتوقيع كتب جديدة."
local C = "ارتفعت أسعار النفط في ختام تعاملات اليوم بعد بيانات أظهرت تراجع المخزونات الأمريكية أكثر من المتوقع."

local function failing(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "the call should have failed")
  return tostring(err)
end

describe("dedup", function()
  it("groups near-duplicate documents", function()
    local groups, stats = arabic.dedup { A, B, A2, C, A }
    assert.are.equal(5, stats.documents)
    assert.are.equal(5, stats.units)
    assert.are.equal(1, #groups)
    local g = groups[1]
    local docs = {}
    for i, m in ipairs(g.members) do
      docs[i] = m.doc
      assert.are.equal(1, m.first)
    end
    assert.are.same({ 1, 3, 5 }, docs)
    assert.are.equal(#A, g.members[1].last)
    assert.is_true(g.similarity >= 0.7 and g.similarity < 1)
  end)

  it("finds the same paragraph in different documents, with its byte range", function()
    local d1 = "عنوان الخبر الأول في الصفحة\n\n" .. A .. "\n\n" .. B
    local d2 = C .. "\n \n" .. A2 .. "\n\194\160\n" .. "خاتمة قصيرة لا تتكرر في أي مكان آخر"
    local groups = arabic.dedup({ { id = "one", text = d1 }, { id = "two", text = d2 } }, { unit = "paragraph" })
    assert.are.equal(1, #groups)
    local m1, m2 = groups[1].members[1], groups[1].members[2]
    assert.are.equal("one", m1.id)
    assert.are.equal("two", m2.id)
    assert.are.equal(A, d1:sub(m1.first, m1.last))
    assert.are.equal(A2, d2:sub(m2.first, m2.last))
  end)

  it("compares lines and sentences", function()
    local text = A .. " " .. B .. "\n" .. C .. "\n" .. B .. "\n"
    local lines = arabic.dedup(text, { unit = "line" })
    assert.are.equal(0, #lines) -- the first line holds A and B: not near the line B
    local sents = arabic.dedup(text, { unit = "sentence", text = true })
    assert.are.equal(1, #sents)
    assert.are.equal(B, sents[1].members[1].text)
    assert.are.equal(B, text:sub(sents[1].members[2].first, sents[1].members[2].last))
  end)

  it("follows the threshold and the minimum size", function()
    assert.are.equal(0, #arabic.dedup({ A, A2 }, { threshold = 1 }))
    assert.are.equal(1, #arabic.dedup({ A, A }, { threshold = 1 }))
    assert.are.equal(0, #arabic.dedup({ "خبر عاجل", "خبر عاجل" }))
    assert.are.equal(1, #arabic.dedup({ "خبر عاجل", "خبر عاجل" }, { min_words = 2 }))
  end)

  it("takes an iterator and keeps no text unless asked", function()
    local list = { A, B, A2 }
    local i = 0
    local groups = arabic.dedup(function()
      i = i + 1
      return list[i]
    end)
    assert.are.equal(1, #groups)
    assert.is_nil(groups[1].members[1].text)
    assert.are.same({ 1, 3 }, { groups[1].members[1].doc, groups[1].members[2].doc })
  end)

  it("gives the same groups on every run and for every seed", function()
    local docs = { A, B, A2, C, A, B }
    local a = arabic.dedup(docs)
    assert.are.same(a, arabic.dedup(docs))
    local b = arabic.dedup(docs, { seed = 12345 })
    assert.are.equal(#a, #b)
  end)

  it("finds the seed page that repeats its lead", function()
    local name = "news/002_b32b7a91936fa7a8.txt"
    local path = corpus.path(name)
    if not path then return pending(corpus.missing(name)) end
    local text = assert(io.open(path, "rb")):read("*a")
    local groups = arabic.dedup({ text }, { unit = "sentence" })
    -- the lead's first two sentences come back as the body's first two paragraphs
    assert.is_true(#groups >= 2)
    local lead = groups[1].members
    assert.is_true(lead[1].last < 1000 and lead[2].first > lead[1].last)
    assert.are.equal(arabic.normalize(text:sub(lead[1].first, lead[1].last)),
      arabic.normalize(text:sub(lead[2].first, lead[2].last)))
    for _, g in ipairs(groups) do
      for _, m in ipairs(g.members) do assert.is_true(m.first >= 1 and m.last <= #text) end
    end
    -- and two different paragraphs that say the same thing, as paragraphs
    local paras = arabic.dedup({ text }, { unit = "paragraph" })
    assert.is_true(#paras >= 1)
  end)

  it("rejects bad arguments, naming them", function()
    assert.matches("bad argument #1 to 'dedup' %(text, list of texts or iterator expected, got number%)",
      failing(arabic.dedup, 5))
    assert.matches([[bad argument #2 to 'dedup' (option 'unit' must be "document", "paragraph", "line" or "sentence", got "page")]],
      failing(arabic.dedup, {}, { unit = "page" }), 1, true)
    assert.matches("option 'hashes' %(100%) must be a multiple of option 'bands' %(32%)",
      failing(arabic.dedup, {}, { hashes = 100 }))
    assert.matches("option 'threshold' must be a number from 0 to 1, got 2", failing(arabic.dedup, {}, { threshold = 2 }), 1, true)
    assert.matches("option 'shingle' must be an integer from 1 to 16, got 40", failing(arabic.dedup, {}, { shingle = 40 }), 1, true)
  end)
end)
