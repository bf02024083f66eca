-- The filter's Lua parts, run by busted inside pandoc (spec/pandoc/busted.lua):
-- pandoc reads and writes the documents, arabic.pandoc transforms them.
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

local slurp = require("shell").read_file

local function blocks_text(doc)
  return pandoc.utils.stringify(pandoc.Pandoc(doc.blocks))
end

local inputs = { "examples/pandoc/article.md" }
for _, name in ipairs { "defaults", "english", "formatting", "links" } do
  inputs[#inputs + 1] = "spec/pandoc/cases/" .. name .. ".md"
end

describe("arabic.pandoc inside pandoc " .. tostring(PANDOC_VERSION), function()
  it("marks entities across Str, Space and SoftBreak and inside emphasis", function()
    local doc = apply(read("زار الوفد *البحر\nالأحمر* ثم **مسقط**"))
    local es = spans(doc, "entity")
    assert.are.equal(2, #es)
    assert.are.equal("red-sea", es[1].attributes["data-id"])
    assert.are.equal("البحر الأحمر", pandoc.utils.stringify(es[1]))
    assert.are.equal("muscat", es[2].attributes["data-id"])
  end)

  it("never changes the text of a document, only wraps it", function()
    for _, path in ipairs(inputs) do
      local before = read(slurp(path))
      before.meta.arabic = nil -- the options only; chrome removal stays off
      local after = apply(before:walk {})
      assert.are.equal(blocks_text(before), blocks_text(after), path)
    end
  end)

  it("leaves code, math and raw content alone", function()
    local doc = apply(read("`مسقط` و $مسقط$ و `<b>مسقط</b>`{=html}"))
    assert.are.equal(0, #spans(doc, "entity"))
  end)

  it("reads the arabic metadata block (and keeps it, for a second run), adds the findings", function()
    local doc = apply(read("---\narabic:\n  dates: true\n  index: true\n---\n\nفي مسقط يوم 3 مارس 2024."))
    assert.is_true(doc.meta.arabic.dates)
    assert.are.equal("muscat", pandoc.utils.stringify(doc.meta["arabic-entities"][1].id))
    assert.are.equal("2024-03-03", pandoc.utils.stringify(doc.meta["arabic-dates"][1].value))
    assert.are.equal("rtl", pandoc.utils.stringify(doc.meta.dir))
    local last = doc.blocks[#doc.blocks]
    assert.are.equal("BulletList", last.t)
  end)

  it("takes YAML booleans, strings and lists as options", function()
    local doc = apply(read("---\narabic:\n  entities:\n    gazetteers: [default]\n    types: LOC\n  direction: no\n---\n\nقال ماكغورك في مسقط"))
    local es = spans(doc, "entity")
    assert.are.equal(1, #es)
    assert.are.equal("LOC", es[1].attributes["data-type"])
    assert.is_nil(doc.meta.dir)
  end)

  it("reports a bad option naming the key", function()
    local ok, err = pcall(apply, read("---\narabic:\n  index: {title: x, colour: red}\n---\n\nنص"))
    assert.is_false(ok)
    assert.matches("colour", tostring(err))
  end)

  it("writes empty lists as pandoc expects (empty cells, empty paragraphs)", function()
    local doc = pandoc.Pandoc({ pandoc.Para {}, pandoc.BulletList {}, pandoc.Plain { pandoc.Str "مسقط" } })
    local out = apply(doc)
    assert.are.equal(3, #out.blocks)
    local t = apply(read("| a | |\n|---|---|\n| | مسقط |\n"))
    assert.are.equal(1, #spans(t, "entity"))
  end)

  it("gives docx the custom-style attribute", function()
    local doc = apply(read("في مسقط يوم 3 مارس 2024"), "docx")
    local e = spans(doc, "entity")[1]
    assert.are.equal("Entity", e.attributes["custom-style"])
  end)

  it("sets lang and dir on runs of the other direction", function()
    local doc = apply(read("قالت وكالة Reuters إن الوفد وصل"))
    local found
    doc:walk { Span = function(s) if s.attributes.dir == "ltr" then found = s end end }
    assert.are.equal("Reuters", pandoc.utils.stringify(found))
    assert.are.equal("en", found.attributes.lang)
  end)

  it("gives an entity inside a link no link of its own", function()
    local doc = apply(read("---\narabic:\n  entities: {link: 'https://example.org/{id}'}\n---\n\n" ..
      "[زار الوفد مسقط](https://example.org/trip) ثم الدوحة"))
    local links = 0
    doc:walk { Link = function() links = links + 1 end }
    assert.are.equal(2, links) -- the document's own, and الدوحة's
    local es = spans(doc, "entity")
    assert.are.equal(2, #es)
  end)

  it("finds a name from context anywhere in the document", function()
    local doc = apply(read("استقبل الرئيس جوزيف عون الوفد.\n\n- وقال مكتب عون إن اللقاء جيد."))
    local es = spans(doc, "entity")
    assert.are.equal(2, #es)
    assert.are.equal("عون", pandoc.utils.stringify(es[2]))
  end)

  it("takes options from pandoc -M arabic.KEY and names a bad key as written", function()
    local doc = read("في مسقط يوم 3 مارس 2024.")
    doc.meta["arabic.dates"] = true
    assert.are.equal(1, #spans(apply(doc), "date"))
    local d2 = read("نص")
    d2.meta["arabic.dats"] = true
    local ok, err = pcall(apply, d2)
    assert.is_false(ok)
    assert.matches("'arabic.dats'", tostring(err))
    local ok3, err3 = pcall(apply, read("---\narabic:\n  dates: maybe\n---\n\nنص"))
    assert.is_false(ok3)
    assert.matches("'arabic.dates' must be", tostring(err3))
    assert.not_matches("reference'", tostring(err3))
    local ok4, err4 = pcall(apply, read("---\narabic:\n  entities: {types: 'PER, FOO'}\n---\n\nنص"))
    assert.is_false(ok4)
    assert.matches('no gazetteer has type "FOO"', tostring(err4))
  end)

  it("keeps code and math left-to-right in a right-to-left document", function()
    local md = "اكتب `import x from './y';` ثم $y = 2x$ في الملف.\n\n```\nimport x\n```\n"
    local html = apply(read(md), "html")
    local seen = {}
    html:walk {
      Code = function(c) seen.code = c.attributes.dir end,
      CodeBlock = function(c) seen.block = c.attributes.dir end,
      Span = function(s) if s.content[1] and s.content[1].t == "Math" then seen.math = s.attributes.dir end end,
    }
    assert.are.same({ code = "ltr", block = "ltr", math = "ltr" }, seen)
    local tex = apply(read(md), "latex")
    local lang
    tex:walk { Span = function(s) if s.content[1] and s.content[1].t == "Code" then lang = s.attributes.lang end end }
    assert.are.equal("en", lang)
    local md_out = apply(read(md), "markdown")
    local attrs = 0
    md_out:walk { Code = function(c) attrs = attrs + #c.attributes end, Span = function() attrs = attrs + 1 end }
    assert.are.equal(0, attrs)
  end)
end)
