-- arabic.pipeline: steps composed once from a table, run on many texts.
local arabic = require "arabic"

describe("arabic.pipeline", function()
  local text = "عاجل\nوصل بريت ماكغورك إلى مسقط أمس. والتقى الوفد في الدوحة يوم 3 آذار/مارس 2024.\n" ..
    "اقرأ أيضاً:\n- الحوثيون يعلنون استهداف سفينة\n"

  it("runs the steps and reports everything in source offsets", function()
    local p = arabic.pipeline { boilerplate = true, sentences = true, entities = true,
      dates = { reference = "2024-03-05" }, numbers = true }
    local doc = p:run(text)
    assert.are.equal(text, doc.text)
    assert.is_true(#doc.removed >= 2)
    assert.are.equal(2, #doc.sentences)
    for _, list in ipairs { doc.sentences, doc.entities, doc.dates, doc.numbers } do
      for _, x in ipairs(list) do
        assert.are.equal(x.text, text:sub(x.first, x.last))
      end
    end
    local ids = {}
    for _, e in ipairs(doc.entities) do ids[#ids + 1] = e.id end
    assert.are.same({ "brett-mcgurk", "muscat", "doha" }, ids) -- nothing from the removed list
    assert.are.equal("2024-03-04", doc.dates[1].value)
    assert.are.equal("2024-03-03", doc.dates[2].value)
  end)

  it("is reusable and has a readable name", function()
    local p = arabic.pipeline { entities = { "default" } }
    assert.are.equal(1, #p:run("في مسقط").entities)
    assert.are.equal(1, #p:run("في الدوحة").entities)
    assert.are.equal("arabic.pipeline (entities)", tostring(p))
  end)

  it("normalizes with a preset name or an options table", function()
    assert.are.equal("الولايات", arabic.pipeline({ normalize = "search" }):run("الولایات").normalized)
    assert.are.equal("ايران", arabic.pipeline({ normalize = { preset = "search" } }):run("إيران").normalized)
  end)

  it("takes entity options: types, gazetteers as a list", function()
    local p = arabic.pipeline { entities = { "default", types = "PER" } }
    local es = p:run("قال ماكغورك في مسقط").entities
    assert.are.equal(1, #es)
    assert.are.equal("PER", es[1].type)
  end)

  it("runs user steps on the document table", function()
    local p = arabic.pipeline {
      entities = true,
      steps = {
        function(doc) doc.count = #doc.entities end,
        function(doc) return { count = doc.count * 10 } end,
      },
    }
    assert.are.equal(20, p:run("مسقط والدوحة").count)
  end)

  it("uses the page banner date as the reference for relative dates", function()
    local page = "الاثنين، 05 فبراير 2024\nعاجل\nقال المسؤول أمس إن الوفد وصل.\n"
    local doc = arabic.pipeline({ boilerplate = true, dates = true }):run(page)
    assert.are.equal("2024-02-05", doc.reference)
    assert.are.equal("banner", doc.reference_from)
    assert.are.equal("2024-02-04", doc.dates[#doc.dates].value)
  end)

  -- found by fuzz_pipeline: a banner "الأحد 0 مارس 2024" gave the
  -- reference 2024-03-00, which dates() then refused with an error
  it("takes no reference from a banner date that does not exist", function()
    local page = "\nالأحد 0 مارس 2024\nقال المسؤول أمس إن الوفد وصل.\n"
    local doc = arabic.pipeline({ boilerplate = true, dates = true }):run(page)
    assert.is_nil(doc.reference)
    assert.are.equal("أمس", doc.dates[#doc.dates].text)
  end)

  it("never reports a finding across removed chrome: sentences split there, names dropped", function()
    local page = "وقال الرئيس الأمريكي جو\nاقرأ أيضاً: تراجع أسعار النفط في الأسواق الآسيوية\n" ..
      "بايدن إن المحادثات في مسقط كانت مفيدة. وعاد الوفد أمس.\n"
    local p = arabic.pipeline { boilerplate = true, sentences = { mode = "wrapped" }, entities = true, dates = true }
    local doc = p:run(page)
    assert.are.same({ "teaser_line" }, { doc.removed[1].rule })
    local texts = {}
    for i, x in ipairs(doc.sentences) do texts[i] = x.text end
    assert.are.same({ "وقال الرئيس الأمريكي جو", "بايدن إن المحادثات في مسقط كانت مفيدة.", "وعاد الوفد أمس." }, texts)
    local ids = {}
    for i, e in ipairs(doc.entities) do ids[i] = e.id end
    assert.are.same({ "muscat" }, ids) -- جو ⏎ بايدن was split by the removed line
    local cut = doc.removed[1]
    for _, list in ipairs { doc.sentences, doc.entities, doc.dates } do
      for _, x in ipairs(list) do
        assert.are.equal(x.text, page:sub(x.first, x.last))
        assert.is_true(x.last < cut.first or x.first > cut.last)
      end
    end
  end)

  it("takes no reference from a banner that is the crawl date, and marks relative dates", function()
    local page = "الإثنين 17 نوفمبر 2025\nعاجل\n" ..
      "قال المسؤول إن الاجتماع الذي عقد في مايو 2023 كان الأول، وإن جولة أخرى جرت يوم 15 مارس الجاري.\n"
    local doc = arabic.pipeline({ boilerplate = true, dates = true }):run(page)
    assert.is_nil(doc.reference)
    assert.are.same({ "2023-05", "XXXX-03-15" }, { doc.dates[1].value, doc.dates[2].value })
    assert.are.same({ nil, true }, { doc.dates[1].relative, doc.dates[2].relative })
    local dated = arabic.pipeline({ boilerplate = true, dates = { reference = "2024-03-20" } }):run(page)
    assert.are.equal("2024-03-15", dated.dates[2].value)
    assert.is_true(dated.dates[2].relative)
  end)

  it("says how much chrome removal took", function()
    local doc = arabic.pipeline({ boilerplate = true }):run(text)
    assert.is_true(doc.removed_share > 0.2)
    assert.matches("dropped %d+%%", doc.warning)
  end)

  it("names unknown and bad options", function()
    local function err(conf)
      local ok, e = pcall(arabic.pipeline, conf)
      assert.is_false(ok)
      return tostring(e)
    end
    assert.matches("bad argument #1 to 'pipeline' %(unknown option 'entites'; valid: boilerplate, dates, entities",
      err { entites = true })
    assert.matches("unknown option 'fuzy' in 'entities'", err { entities = { fuzy = true } })
    assert.matches("unknown option 'mode2' in 'sentences'", err { sentences = { mode2 = 1 } })
    assert.matches("'sentences'", err { sentences = { mode = "paragraphs" } })
    assert.matches("gazetteer /nonexistent.gaz", err { entities = { gazetteers = { "/nonexistent.gaz" } } })
    assert.matches("'dates' must be true, false or a table", err { dates = 3 })
    assert.matches("steps%[1%] must be a function", err { steps = { 1 } })
    assert.matches("bad argument #1 to 'pipeline'", err("x"))
    local p = arabic.pipeline {}
    local ok, e = pcall(p.run, p, nil)
    assert.is_false(ok)
    assert.matches("bad argument #1 to 'run'", e)
  end)
end)
