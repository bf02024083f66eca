-- The pipeline's `transliterate` step and `arabic annotate` with it.
local arabic = require "arabic"
local shell = require "shell"

local PAGE = table.concat({
  "الرئيسية | أخبار | اتصل بنا",
  "وَصَلَ الوَفْدُ إِلَى مَسْقَط أمس لبحث الأزمة مع إيران.",
  "وقال مسؤول إن المحادثات ستستمر في الرياض.",
  "المصدر: وكالات",
  "",
}, "\n")

describe("the pipeline's transliterate step", function()
  it("romanizes the text with its map and each entity", function()
    local p = arabic.pipeline { entities = true, transliterate = "ala-lc" }
    local s = "وَصَلَ الوَفْدُ إِلَى مَسْقَط وطهران"
    local doc = p:run(s)
    local tr = doc.transliteration
    assert.are.equal("ala-lc", tr.scheme)
    assert.are.equal("waṣala al-wafd ilá masqaṭ wṭhrān", tr.text)
    assert.are.equal(5, tr.words)
    assert.are.equal(1, tr.approximate)
    local i, j = tr.text:find("masqaṭ", 1, true)
    assert.are.equal("مَسْقَط", s:sub(tr.map:source(i, j)))
    local a, b = s:find("الوَفْدُ", 1, true)
    assert.are.equal("al-wafd", tr.text:sub(tr.map:target(a, b)))
    -- the default gazetteer's English names win over the computed ones
    assert.are.equal(2, #doc.entities)
    assert.are.same({ "مَسْقَط", "Muscat", "en", false },
      { doc.entities[1].text, doc.entities[1].translit, doc.entities[1].translit_from,
        doc.entities[1].translit_approximate })
    assert.are.equal("Tehran", doc.entities[2].translit)
    assert.are.equal("arabic.pipeline (entities, transliterate)", tostring(p))
  end)

  it("can leave out the text, the entities or the attributes", function()
    local doc = arabic.pipeline({ entities = true, transliterate = { scheme = "din", text = false, attributes = false } })
      :run("زار الوفد مسقط")
    assert.is_nil(doc.transliteration)
    assert.are.same({ "Msqṭ", "computed", true },
      { doc.entities[1].translit, doc.entities[1].translit_from, doc.entities[1].translit_approximate })
    doc = arabic.pipeline({ entities = true, transliterate = { scheme = "buckwalter", entities = false } })
      :run("زار الوفد مسقط")
    assert.are.equal("zAr Alwfd msqT", doc.transliteration.text)
    assert.is_nil(doc.entities[1].translit)
  end)

  it("maps into the page when chrome was removed", function()
    local doc = arabic.pipeline({ boilerplate = true, transliterate = "ijmes" }):run(PAGE)
    assert.is_not_nil(doc.clean)
    local tr = doc.transliteration
    assert.is_nil(tr.text:find("akhbār", 1, true)) -- the menu line is gone
    local i, j = tr.text:find("masqaṭ", 1, true)
    assert.are.equal("مَسْقَط", PAGE:sub(tr.map:source(i, j)))
    i, j = tr.text:find("al-ryāḍ", 1, true)
    assert.are.equal("الرياض", PAGE:sub(tr.map:source(i, j)))
    local a, b = PAGE:find("الرياض", 1, true)
    assert.are.equal("al-ryāḍ", tr.text:sub(tr.map:target(a, b)))
    -- removed text has no romanization: an empty range where it was
    a, b = PAGE:find("أخبار", 1, true)
    local x, y = tr.map:target(a, b)
    assert.are.equal(x - 1, y)
  end)

  it("checks its options, naming the key", function()
    assert.has_error(function() arabic.pipeline { transliterate = "ala_lc" } end,
      "bad argument #1 to 'pipeline' (option 'scheme' in 'transliterate' must be \"buckwalter\", \"safe-buckwalter\", "
      .. "\"xml-buckwalter\", \"hsb\", \"ala-lc\", \"din\" or \"ijmes\", got \"ala_lc\")")
    assert.has_error(function() arabic.pipeline { transliterate = { scheme = "din", entity = true } } end,
      "bad argument #1 to 'pipeline' (unknown option 'entity' in 'transliterate'; valid: attributes, entities, index, "
      .. "scheme, text)")
    local p, err = require("arabic.pipeline").build { transliterate = true }
    assert.is_nil(p)
    assert.are.equal("option 'transliterate' must be a scheme name or a table of transliteration options, got true", err)
  end)
end)

describe("arabic annotate with transliteration", function()
  it("writes the romanized text, its token map and each entity's romanization", function()
    local conf = os.tmpname()
    local f = assert(io.open(conf, "wb"))
    f:write('{"entities": true, "transliterate": {"scheme": "ala-lc"}}')
    f:close()
    local code, out, err = shell.arabic({ "annotate", "--jsonl", "--config", conf },
      '{"id": 1, "text": "زار الوفد مسقط"}\n')
    os.remove(conf)
    assert.are.equal(0, code, err)
    local doc = require("arabic.json").decode(out)
    local tr = doc.arabic.transliteration
    assert.are.equal("zār al-wfd msqṭ", tr.text)
    assert.are.same({ { 1, 4, 1, 6 }, { 6, 11, 8, 17 }, { 13, 18, 19, 26 } }, tr.tokens)
    assert.are.equal("Muscat", doc.arabic.entities[1].translit)
    assert.are.equal("en", doc.arabic.entities[1].translit_from)
  end)
end)
