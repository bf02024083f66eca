-- Romanized entities in the pandoc filter (lua/arabic/pandoc/translit.lua),
-- run by busted inside pandoc (spec/pandoc/busted.lua).
local transform = require "arabic.pandoc"

local function read(md) return pandoc.read(md, "markdown") end

local function apply(doc, format)
  local out = assert(transform.filter_json(pandoc.write(doc, "json"), format or "html"))
  return pandoc.read(out, "json")
end

local function spans(doc, class)
  local found = {}
  doc:walk {
    Span = function(s)
      for _, c in ipairs(s.classes) do
        if c == class then found[#found + 1] = s end
      end
    end,
  }
  return found
end

local function with(opts, body) return "---\narabic:\n" .. opts .. "\n---\n\n" .. body end

local TEXT = "وصل بريت ماكغورك إلى مسقط، ثم غادر مسقط. وقال مُحَمَّد عَلِيّ إن الوفد سيعود."

describe("romanized entities in pandoc " .. tostring(PANDOC_VERSION), function()
  it("gives each entity a data-translit attribute, the gazetteer's English name first", function()
    local doc = apply(read(with("  transliterate: ala-lc", TEXT)))
    local es = spans(doc, "entity")
    assert.are.equal(4, #es)
    assert.are.equal("Brett McGurk", es[1].attributes["data-translit"])
    assert.are.equal("Muscat", es[2].attributes["data-translit"])
    assert.are.equal("Muscat", es[3].attributes["data-translit"])
    -- a name found from its context, vocalized: computed, with capitals
    assert.are.equal("Muḥammad ʻAlī", es[4].attributes["data-translit"])
    assert.is_nil(es[4].attributes["data-translit-approximate"])
    -- HTML shows nothing more by default: the text is unchanged
    assert.are.equal(0, #spans(doc, "translit"))
    assert.are.equal(TEXT, pandoc.utils.stringify(pandoc.Pandoc(doc.blocks)))
  end)

  it("shows the romanization after the first mention in LaTeX and docx", function()
    for _, format in ipairs { "latex", "docx" } do
      local doc = apply(read(with("  transliterate: { scheme: din, attributes: false }", TEXT)), format)
      local shown = spans(doc, "translit")
      assert.are.equal(3, #shown, format) -- مسقط twice, shown once
      assert.are.equal("(Brīt Mākġūrk)", pandoc.utils.stringify(shown[1]))
      assert.are.equal("(Msqṭ)", pandoc.utils.stringify(shown[2]))
      assert.are.equal("(Muḥammad ʿAlī)", pandoc.utils.stringify(shown[3]))
      assert.are.equal("en", shown[1].attributes.lang)
      if format == "latex" then
        -- babel's \foreignlanguage, never \LR (undefined with xelatex)
        local tex = pandoc.write(doc, "latex")
        assert.are.equal(3, select(2, tex:gsub("\\foreignlanguage{english}{%(", "")))
        assert.is_nil(tex:find("\\LR", 1, true))
      else
        assert.are.equal("Transliteration", shown[1].attributes["custom-style"])
        assert.are.equal("ltr", shown[1].attributes.dir)
      end
      local es = spans(doc, "entity")
      assert.are.equal("true", es[2].attributes["data-translit-approximate"])
    end
  end)

  it("shows every mention, or none, when asked", function()
    local doc = apply(read(with("  transliterate: { scheme: ijmes, show: all }", TEXT)))
    assert.are.equal(4, #spans(doc, "translit"))
    doc = apply(read(with("  transliterate: { scheme: ijmes, show: none }", TEXT)), "latex")
    assert.are.equal(0, #spans(doc, "translit"))
    assert.are.equal(4, #spans(doc, "entity"))
  end)

  it("adds the romanization to the index and to the metadata", function()
    local doc = apply(read(with("  transliterate: ala-lc\n  index: true", TEXT)))
    local text = pandoc.utils.stringify(pandoc.Pandoc(doc.blocks))
    assert.matches("مسقط %(Muscat%) — 2", text)
    assert.matches("بريت ماكغورك %(Brett McGurk%) — 1", text)
    local meta = doc.meta["arabic-entities"]
    local found
    for _, e in ipairs(meta) do
      if pandoc.utils.stringify(e.id) == "muscat" then found = pandoc.utils.stringify(e.translit) end
    end
    assert.are.equal("Muscat", found)
    doc = apply(read(with("  transliterate: { scheme: ala-lc, index: false }\n  index: true", TEXT)))
    assert.is_nil(pandoc.utils.stringify(pandoc.Pandoc(doc.blocks)):find("(Muscat)", 1, true))
  end)

  it("reports bad options naming the key", function()
    local function err_of(opts)
      local ok, err = pcall(apply, read(with(opts, TEXT)))
      assert.is_false(ok)
      return tostring(err)
    end
    assert.matches("arabic filter: option 'scheme' in 'transliterate' must be", err_of("  transliterate: alalc"), 1, true)
    assert.matches("unknown option 'sho' in 'transliterate'", err_of("  transliterate: { scheme: din, sho: all }"), 1,
      true)
    assert.matches("option 'scheme' is missing in 'transliterate'", err_of("  transliterate: { show: all }"), 1, true)
    assert.matches("'transliterate' needs 'entities'", err_of("  entities: false\n  transliterate: din"), 1, true)
  end)
end)
