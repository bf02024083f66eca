-- One API shape: one normalization rule, every finder as a list and as an
-- iterator, captures as { first, last, text }, unknown values refused, the
-- deprecated names still working, and every field of every result
-- documented in the README.
local arabic = require "arabic"
local gazetteer = require "arabic.gazetteer"
local shell = require "shell"

local TEXT = "قال وزير الخارجية الأمريكي جورج والكر أمس إن الملك حمد بن عيسى آل خليفة وصل إلى مسقط " ..
  "والولايات المتحدة. ثم أكد والكر أن 30% من 3 ملايين دولار وصلت في 15 رجب 1445 هـ الموافق 27 يناير 2024، " ..
  "ومطلع الشهر المقبل تصل فاينانشيال تايمز."

local function err_of(f, ...)
  local ok, e = pcall(f, ...)
  assert.is_false(ok)
  return e
end

describe("the normalization rule", function()
  it("nothing named is the search preset, everywhere", function()
    local s = "الولایات المتحدةَ ١٠"
    local want = arabic.normalize(s, "search")
    assert.are.equal(want, arabic.normalize(s))
    assert.are.equal(want, (arabic.normalizer()(s)))
    assert.are.equal(want, arabic.pipeline({ normalize = true }):run(s).normalized)
    local code, out = shell.arabic({ "normalize" }, s .. "\n")
    assert.are.equal(0, code)
    assert.are.equal(want .. "\n", out)
  end)

  it("a table without preset starts from search, preset = none from nothing", function()
    -- Persian yeh and the fatha still go, teh marbuta folds too
    assert.are.equal("الولايات المتحده", arabic.normalize("الولایات المتحدةَ", { teh_marbuta = "heh" }))
    assert.are.equal("الولایات المتحدهَ", arabic.normalize("الولایات المتحدةَ", { preset = "none", teh_marbuta = "heh" }))
    local n = arabic.normalizer { digits = "keep" }
    assert.are.equal(true, n:options().harakat)
    assert.are.equal("keep", n:options().digits)
    -- the same rule in a gazetteer's matching and a pipeline's normalize step
    local g = gazetteer.new { normalize = { teh_marbuta = "heh" } }
    g:add("الولايات المتحده", "LOC")
    assert.are.equal(1, #g:find("الولایات المتحدة"))
    assert.are.equal("الولايات المتحده",
      arabic.pipeline({ normalize = { teh_marbuta = "heh" } }):run("الولایات المتحدةَ").normalized)
    -- and a normalizer's own options table gives the same normalizer back
    local s = arabic.normalizer("display")
    assert.are.same(s:options(), arabic.normalizer(s:options()):options())
  end)
end)

describe("lists and iterators", function()
  local function collect(it)
    local out = {}
    for x in it do out[#out + 1] = x end
    return out
  end

  local function same(a, b)
    assert.are.equal(#a, #b)
    for i = 1, #a do
      assert.are.equal(a[i].first, b[i].first)
      assert.are.equal(a[i].last, b[i].last)
      assert.are.equal(a[i].text, b[i].text)
    end
  end

  local function sliced(list, s)
    assert.is_true(#list > 0)
    for _, x in ipairs(list) do assert.are.equal(s:sub(x.first, x.last), x.text) end
  end

  it("every finder gives a list and an iterator over the same tables", function()
    local o = { reference = "2024-01-20" }
    same(arabic.find_tokens(TEXT), collect(arabic.each_token(TEXT)))
    same(arabic.find_sentences(TEXT), collect(arabic.each_sentence(TEXT)))
    same(arabic.find_entities(TEXT), collect(arabic.each_entity(TEXT)))
    same(arabic.find_dates(TEXT, o), collect(arabic.each_date(TEXT, o)))
    same(arabic.find_numbers(TEXT), collect(arabic.each_number(TEXT)))
    for _, list in ipairs { arabic.find_tokens(TEXT), arabic.find_sentences(TEXT), arabic.find_entities(TEXT),
      arabic.find_dates(TEXT, o), arabic.find_numbers(TEXT) } do
      sliced(list, TEXT)
    end
  end)

  it("the lists agree with the short forms", function()
    local spans = {}
    for first, last in arabic.sentences(TEXT) do spans[#spans + 1] = { first = first, last = last, text = TEXT:sub(first, last) } end
    same(spans, arabic.find_sentences(TEXT))
    local strings = arabic.split_sentences(TEXT)
    for i, x in ipairs(arabic.find_sentences(TEXT)) do assert.are.equal(strings[i], x.text) end
    same(collect(arabic.dates(TEXT)), arabic.find_dates(TEXT))
    same(arabic.entities(TEXT), arabic.find_entities(TEXT))
    same(arabic.numbers(TEXT), arabic.find_numbers(TEXT))
    local toks = {}
    for first, last, kind in arabic.tokens(TEXT) do toks[#toks + 1] = { first = first, last = last, kind = kind } end
    for i, t in ipairs(arabic.find_tokens(TEXT)) do assert.are.equal(toks[i].kind, t.kind) end
  end)

  it("find_sentences takes the options of sentences and names itself in errors", function()
    local wrapped = "كان الوفد\nقد وصل. ثم"
    assert.are.equal(2, #arabic.find_sentences(wrapped, { mode = "wrapped" }))
    assert.are.equal(3, #arabic.find_sentences(wrapped))
    assert.matches("bad argument #2 to 'find_sentences' %(unknown option 'mod'", err_of(arabic.find_sentences, "x", { mod = "lines" }))
    assert.matches("bad argument #1 to 'find_tokens'", err_of(arabic.find_tokens, nil))
  end)

  it("the deprecated names still work", function()
    assert.are.equal(arabic.find_tokens, arabic.tokenize)
    same(arabic.tokenize(TEXT), arabic.find_tokens(TEXT))
    local ms = arabic.entities("وصل الوفد إلى مسقط", { gazetteer = "default" })
    assert.are.equal("muscat", ms[1].id)
  end)
end)

describe("pattern captures", function()
  local re = arabic.regex([[(?<day>\d+)\s*(يناير|فبراير)(x)?]])
  local s = "في 10 يناير و٣ فبراير"

  it("are { first, last, text } tables, as every other result", function()
    for first, last, caps in re:gmatch(s, { normalize = "search" }) do
      assert.are.equal(s:sub(first, last), s:sub(caps.day.first, caps[2].last))
      for _, c in ipairs { caps[1], caps[2], caps.day } do
        assert.are.equal(s:sub(c.first, c.last), c.text)
        -- the positional form, deprecated, still there
        assert.are.same({ c.first, c.last, c.text }, { c[1], c[2], c[3] })
      end
      assert.is_false(caps[3])
    end
  end)

  it("come as a list of matches and as an iterator over the same", function()
    local all = re:find_all(s, { normalize = "search" })
    assert.are.equal(2, #all)
    assert.are.equal("10 يناير", all[1].text)
    assert.are.equal("٣", all[2].captures.day.text)
    assert.are.equal("فبراير", all[2].captures[2].text)
    local i = 0
    for m in re:matches(s, { normalize = "search" }) do
      i = i + 1
      assert.are.equal(all[i].first, m.first)
      assert.are.equal(all[i].captures.day.last, m.captures.day.last)
    end
    assert.are.equal(2, i)
    assert.matches("bad argument #3 to 'find_all' %(unknown option", err_of(re.find_all, re, s, { normalise = true }))
  end)
end)

describe("unknown values", function()
  it("a type no gazetteer has is an error, a custom type one has is not", function()
    local e = err_of(arabic.entities, "في مسقط", { types = { "PERSON" } })
    assert.matches("bad argument #2 to 'entities' %(option 'types': no gazetteer has type \"PERSON\"; types: LOC, MISC, ORG, PER%)", e)
    local g = gazetteer.new()
    g:add("مسقط", { type = "CITY", id = "muscat-city" })
    local ms = arabic.entities("في مسقط", { gazetteers = { g, "default" }, types = "CITY" })
    assert.are.equal("muscat-city", ms[1].id)
    assert.matches("option 'types': no gazetteer has type \"TOWN\"; types: CITY, LOC, MISC, ORG, PER",
      err_of(g.find, g, "في مسقط", { types = { "TOWN" } }))
    -- the four types of the library are always accepted
    assert.are.same({}, g:find("في مسقط", { types = "PER" }))
    assert.are.same({ "CITY" }, g:types())
  end)

  it("is found when a pipeline is built and by arabic entities --types", function()
    local ok, e = pcall(arabic.pipeline, { entities = { types = "PERSON, LOC" } })
    assert.is_false(ok)
    assert.matches("option 'types' in 'entities': no gazetteer has type \"PERSON\"", e)
    local code, _, err = shell.arabic({ "entities", "--types=PERSON" }, "في مسقط\n")
    assert.are.equal(2, code)
    assert.matches("%-%-types: no gazetteer has type \"PERSON\"", err)
  end)

  it("names.find and names.lexicon check their options", function()
    local names = require "arabic.names"
    assert.matches("bad argument #2 to 'names.find' %(unknown option 'lexicn'; valid: lexicon%)",
      err_of(names.find, "قال الرئيس", { lexicn = true }))
    assert.matches("option 'lexicon' must be a lexicon", err_of(names.find, "قال الرئيس", { lexicon = {} }))
    assert.matches("bad argument #1 to 'names.lexicon' %(unknown option 'word'", err_of(names.lexicon, { word = {} }))
    assert.are.equal(0, names.lexicon({ lists = {} }):count())
  end)

  it("numbers take no options, dates only the calendars there are", function()
    assert.matches("bad argument #2 to 'numbers' %(unknown option 'lang'; there are no options%)",
      err_of(arabic.numbers, "ثلاثة", { lang = "ar" }))
    assert.matches("option 'calendars' must be \"gregorian\", \"hijri\" or a list of them",
      err_of(arabic.find_dates, "أمس", { calendars = { "julian" } }))
    local s = "وصل في 15 رجب 1445 هـ ثم في 3 مارس 2024"
    local h = arabic.find_dates(s, { calendars = "hijri" })
    assert.are.equal(1, #h)
    assert.are.equal("hijri", h[1].calendar)
    local g = arabic.find_dates(s, { calendars = { "gregorian" } })
    assert.are.equal(1, #g)
    assert.are.equal("2024-03-03", g[1].value)
    assert.are.equal(2, #arabic.find_dates(s, { calendars = { "gregorian", "hijri" } }))
  end)
end)

describe("the README", function()
  local readme = assert(io.open("README.md", "rb")):read("*a")
  local fields = readme:match("### Results, field by field(.-)\n### ")
  local pipeline_doc = readme:match("The document %(`doc`%):(.-)\n\n[^|]")

  local function documented(section, key, what)
    assert(section:find("`" .. key .. "`", 1, true), ("%s: field '%s' is not in the README"):format(what, key))
  end

  local function each_key(list, what, section)
    local n = 0
    for _, x in ipairs(list) do
      for k in pairs(x) do
        if type(k) == "string" then
          documented(section or fields, k, what)
          n = n + 1
        end
      end
    end
    assert.is_true(n > 0, what)
  end

  it("documents every field of every result", function()
    assert.is_truthy(fields)
    each_key(arabic.find_tokens(TEXT), "tokens")
    each_key(arabic.find_sentences(TEXT), "sentences")
    local g = gazetteer.new()
    g:add("مسقط", { type = "LOC", id = "muscat", attributes = { en = "Muscat" } })
    g:add("فاينانشال تايمز", "ORG")
    g:add("حمد بن عيسى", { type = "PER", canonical = "الملك حمد" })
    each_key(arabic.entities(TEXT, { gazetteers = { g, "default" }, fuzzy = true, extend_names = true }), "entities")
    each_key(arabic.entities(TEXT, { overlapping = true }), "entities")
    local h = gazetteer.new()
    h:add("حمد بن عيسى", "PER")
    each_key(arabic.entities("قال الملك حمد بن عيسى آل خليفة", { gazetteers = { h } }), "entities")
    assert.is_true(arabic.entities("قال الملك حمد بن عيسى آل خليفة", { gazetteers = { h } })[1].extended)
    each_key({ g:entry(1) }, "gazetteer entry")
    local dates_text = TEXT .. " والسبت الموافق 16 آذار 2024 و1 كانون الثاني/يناير 2023 و1500 هـ والجمعة " ..
      "والربع الثالث من العام الجاري وأوائل الثمانينيات وغرة رمضان والسبت 1 يناير 2024 " ..
      "و27 يناير 2024 الموافق 15 رجب 1445 هـ"
    each_key(arabic.find_dates(dates_text), "dates")
    each_key(arabic.find_dates(dates_text, { reference = "2024-01-20" }), "dates")
    each_key(arabic.find_numbers(TEXT), "numbers")
    each_key(arabic.regex([[(\d+)]]):find_all(TEXT), "pattern matches")
    each_key(arabic.regex([[(\d+)]]):find_all(TEXT)[1].captures, "captures")
    local page = assert(io.open("examples/articles/01_oman_talks.txt", "rb")):read("*a")
    local b = arabic.boilerplate(page)
    each_key({ b }, "boilerplate")
    each_key(b.removed, "boilerplate removed")
    each_key(b.kept, "boilerplate kept")
    for _, r in ipairs(b.removed) do documented(fields, r.rule, "boilerplate rule") end
  end)

  it("documents every field of a pipeline's document", function()
    assert.is_truthy(pipeline_doc)
    local p = arabic.pipeline { boilerplate = true, normalize = true, sentences = true, entities = true, dates = true,
      numbers = true, stem = true }
    local page = assert(io.open("examples/articles/01_oman_talks.txt", "rb")):read("*a")
    each_key({ p:run(page, { id = 1, reference = "2024-01-09" }) }, "pipeline document", pipeline_doc)
  end)
end)
