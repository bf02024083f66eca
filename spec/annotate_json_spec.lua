-- `arabic annotate` writes the sentences and entities of a document as
-- JSON made in C (lex:entities_json, core.sentence_json) instead of a
-- table a finding encoded by json.objects: the same bytes, checked here on
-- our own text, on every option that changes the list, on strings that
-- need escapes, and on the corpus's news pages when it is there.
local arabic = require "arabic"
local json = require "arabic.json"
local names = require "arabic.names"
local gazetteer = require "arabic.gazetteer"
local sentences = require "arabic.sentences"
local pipeline = require "arabic.pipeline"
local corpus = require "corpus"

local KEYS = { "first", "last", "text", "type", "id", "canonical", "clitic", "fuzzy" }

local TEXTS = {
  "",
  "لا اسم هنا.",
  "قال الرئيس الأمريكي جو بايدن في واشنطن إن الولايات المتحدة وإيران تحدثتا في سلطنة عمان.",
  "وصل وزير الخارجية السعودي فيصل بن فرحان إلى القاهرة، والتقى بالرئيس عبد الفتاح السيسي.\n\nوقالت صحيفة فايننشال تايمز إن المحادثات جرت في مسقط.",
  "أعلنت شركة أرامكو السعودية وبنك قطر الوطني عن اتفاق، وصرّح المتحدث باسم الحوثيين محمد عبد السلام لقناة الجزيرة.",
  "الولایات المتحدة ولإيران وبالحوثيين والسعوديه",
  "\"إيران\" و\\لبنان\\ و\tسوريا\nوالعراق",
}

local function tables_json(lex, g, s, flags, types, ids, unknown)
  return json.objects(KEYS, lex:entities(g, s, flags, types, ids, 0, unknown))
end

describe("entities written as JSON in C", function()
  local lex = names.default()
  local g = gazetteer.default():compiled()

  it("writes what json.objects writes of the match tables, for every option", function()
    local GM = require("arabic.core").flags().match
    local flag_sets = { 0 }
    for _, f in pairs(GM) do flag_sets[#flag_sets + 1] = f end
    assert.is_true(#flag_sets > 3)
    for _, s in ipairs(TEXTS) do
      for _, flags in ipairs(flag_sets) do
        for _, unknown in ipairs { true, false } do
          local want = tables_json(lex, g, s, flags, nil, nil, unknown)
          local got, n = lex:entities_json(g, s, flags, nil, nil, 0, unknown, 0, json.value_json)
          assert.are.equal(want, got, s)
          assert.are.equal(#lex:entities(g, s, flags, nil, nil, 0, unknown), n)
        end
      end
      assert.are.equal(tables_json(lex, g, s, 0, { "PER" }, nil, true),
        (lex:entities_json(g, s, 0, { "PER" }, nil, 0, true, 0, json.value_json)))
      assert.are.equal(tables_json(lex, g, s, 0, nil, { "IR", "US" }, true),
        (lex:entities_json(g, s, 0, nil, { "IR", "US" }, 0, true, 0, json.value_json)))
      assert.are.equal(tables_json(lex, nil, s, 0, nil, nil, true),
        (lex:entities_json(nil, s, 0, nil, nil, 0, true, 0, json.value_json)))
    end
  end)

  it("moves the offsets by base", function()
    local s = TEXTS[3]
    local list = lex:entities(g, s, 0, nil, nil, 0, true)
    for _, m in ipairs(list) do m.first, m.last = m.first + 1000, m.last + 1000 end
    assert.are.equal(json.objects(KEYS, list), (lex:entities_json(g, s, 0, nil, nil, 0, true, 1000, json.value_json)))
  end)

  it("escapes the strings of an entry as json.objects does", function()
    local gz = gazetteer.new()
    gz:add("حزب النور", { type = "ORG", id = 'nour "party"\\x', canonical = "حزب\tالنور\1" })
    gz:add("قرية السلام", { type = "LOC", id = "q/s", canonical = "" })
    local c = gz:compiled()
    local s = "قال حزب النور وسكان قرية السلام، ولحزب النور رأي."
    local got = lex:entities_json(c, s, 0, nil, nil, 0, true, 0, json.value_json)
    assert.are.equal(tables_json(lex, c, s, 0, nil, nil, true), got)
    assert.truthy(got:find('"id":"nour \\"party\\"\\\\x"', 1, true))
  end)

  it("raises on a bad argument and on value_json that returns no string", function()
    assert.has_error(function() lex:entities_json(g, {}, 0, nil, nil, 0, true, 0, json.value_json) end)
    assert.has_error(function() lex:entities_json(g, "نص", 0, nil, nil, 0, true, 0, nil) end)
    local gz = gazetteer.new()
    gz:add("حزب النور", { type = "ORG", id = 'a"b' })
    assert.has_error(function()
      lex:entities_json(gz:compiled(), "حزب النور", 0, nil, nil, 0, true, 0, function() return {} end)
    end, "entities_json: value_json returned no string")
  end)
end)

describe("sentences written as JSON in C", function()
  it("writes the spans the iterator gives, with every option", function()
    local option_sets = { {}, { mode = "wrapped" }, { mode = "auto" }, { abbreviations = false } }
    for _, s in ipairs(TEXTS) do
      for _, o in ipairs(option_sets) do
        local list = {}
        for first, last in arabic.sentences(s, o) do list[#list + 1] = { first = first, last = last } end
        local got, n = sentences._json(s, o)
        assert.are.equal(json.objects({ "first", "last" }, list), got)
        assert.are.equal(#list, n)
      end
    end
  end)
end)

describe("a pipeline asked for JSON", function()
  local function both(config, s)
    local plain = pipeline.new(config)
    plain._sentence_text = false
    local fast = pipeline.new(config)
    fast._sentence_text = false
    fast._json = json.value_json
    return plain:run(s), fast:run(s)
  end

  it("gives the same sentences and entities as its tables", function()
    -- with dates: on the worker's thread; without: written at once
    for _, config in ipairs { { sentences = true, entities = true, dates = true }, { sentences = true, entities = true },
      { entities = { types = { "PER", "LOC" } }, dates = true }, { sentences = { mode = "auto" }, dates = true } } do
      for _, s in ipairs(TEXTS) do
        local a, b = both(config, s)
        if config.sentences then
          assert.are.equal(json.objects({ "first", "last" }, a.sentences), b.sentences_json)
          assert.is_nil(b.sentences)
        end
        if config.entities then
          assert.are.equal(json.objects(KEYS, a.entities), b.entities_json)
          assert.is_nil(b.entities)
        end
        assert.are.same(a.dates, b.dates)
      end
    end
  end)

  it("makes tables when chrome is removed or several gazetteers merge", function()
    local s = TEXTS[4]
    local _, b = both({ boilerplate = true, sentences = true, entities = true }, s)
    assert.is_nil(b.entities_json)
    assert.is_table(b.entities)
    assert.is_nil(b.sentences_json)
    local gz = gazetteer.new()
    gz:add("مسقط", "LOC")
    local _, c = both({ entities = { gazetteers = { gazetteer.default(), gz } } }, s)
    assert.is_nil(c.entities_json)
    assert.is_table(c.entities)
  end)

  it("writes the corpus's news pages as the tables do", function()
    local pages = corpus.news_pages()
    if not pages then
      pending(corpus.missing("news/*.txt"))
      return
    end
    local n = 0
    for _, page in ipairs(pages) do
      local a, b = both({ sentences = true, entities = true, dates = true }, page.text)
      assert.are.equal(json.objects({ "first", "last" }, a.sentences), b.sentences_json, page.name)
      assert.are.equal(json.objects(KEYS, a.entities), b.entities_json, page.name)
      n = n + 1
    end
    assert.is_true(n > 0)
  end)
end)

describe("the entity worker", function()
  local core = require "arabic.core"
  local lex = names.default()
  local g = gazetteer.default():compiled()

  it("writes what lex:entities_json writes, task after task", function()
    local w = core.entity_worker()
    for _, s in ipairs(TEXTS) do
      for _, args in ipairs { { 0, nil, nil, true }, { 0, { "PER" }, nil, true }, { 0, nil, { "IR" }, true },
        { 0, nil, nil, false } } do
        local flags, types, ids, unknown = args[1], args[2], args[3], args[4]
        w:start(lex, g, s, flags, types, ids, 0, unknown)
        collectgarbage() -- the text and lists stay alive while the task runs
        local got, n = w:json(7, json.value_json)
        local want, m = lex:entities_json(g, s, flags, types, ids, 0, unknown, 7, json.value_json)
        assert.are.equal(want, got, s)
        assert.are.equal(m, n)
      end
    end
    w:start(lex, nil, TEXTS[3], 0, nil, nil, 0, true)
    assert.are.equal((lex:entities_json(nil, TEXTS[3], 0, nil, nil, 0, true, 0, json.value_json)),
      (w:json(0, json.value_json)))
  end)

  it("splits the sentences too when given their options", function()
    local w = core.entity_worker()
    for _, s in ipairs(TEXTS) do
      for _, o in ipairs { {}, { mode = "wrapped" }, { mode = "auto", abbreviations = false } } do
        local mode, set, width = sentences._options(s, o)
        w:start(lex, g, s, 0, nil, nil, 0, true, mode, set, width)
        local ej, en, sj, sn = w:json(0, json.value_json)
        assert.are.equal((lex:entities_json(g, s, 0, nil, nil, 0, true, 0, json.value_json)), ej)
        assert.are.equal(#lex:entities(g, s, 0, nil, nil, 0, true), en)
        local want, wn = sentences._json(s, o)
        assert.are.equal(want, sj)
        assert.are.equal(wn, sn)
      end
    end
    w:start(lex, g, TEXTS[3], 0, nil, nil, 0, true)
    -- a start that raises leaves no task behind, not the last one's results
    assert.has_error(function() w:start(lex, g, "نص", 0, nil, nil, 0, true, "lines", {}) end)
    assert.has_error(function() w:start(lex, g, "نص", 0, { 1 }, nil, 0, true) end)
    assert.has_error(function() w:json(0, json.value_json) end, "entity worker: no task started")
  end)

  it("leaves a string that needs escapes to the Lua escaper", function()
    local gz = gazetteer.new()
    gz:add("حزب النور", { type = "ORG", id = 'nour "party"', canonical = "حزب\\النور" })
    local c = gz:compiled()
    local s = "قال حزب النور إن ولحزب النور رأيا."
    local w = core.entity_worker()
    w:start(lex, c, s, 0, nil, nil, 0, true)
    assert.are.equal((lex:entities_json(c, s, 0, nil, nil, 0, true, 0, json.value_json)), (w:json(0, json.value_json)))
    w:start(lex, c, s, 0, nil, nil, 0, true)
    assert.has_error(function() w:json(0, function() return nil end) end,
      "entities_json: value_json returned no string")
  end)

  it("keeps one task: a second start waits for the first, json gives the last once", function()
    local w = core.entity_worker()
    local long = (TEXTS[3] .. " "):rep(2000)
    assert.has_error(function() w:json(0, json.value_json) end, "entity worker: no task started")
    w:start(lex, g, long, 0, nil, nil, 0, true)
    w:start(lex, g, TEXTS[6], 0, nil, nil, 0, true)
    assert.are.equal((lex:entities_json(g, TEXTS[6], 0, nil, nil, 0, true, 0, json.value_json)),
      (w:json(0, json.value_json)))
    assert.has_error(function() w:json(0, json.value_json) end, "entity worker: no task started")
    w:start(lex, g, long, 0, nil, nil, 0, true)
    w:close() -- waits for the task
    assert.has_error(function() w:start(lex, g, long, 0, nil, nil, 0, true) end)
    assert.has_error(function() w:json(0, json.value_json) end)
    w:close()
  end)
end)

describe("integers written as JSON in C", function()
  it("writes what %d writes, of every length and sign", function()
    local rand = require "lcg"(99)
    local values = { 0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 1001, 9007199254740992, -9007199254740992 }
    for i = 1, 3000 do
      local v = 0
      for _ = 1, rand(16) do v = v * 10 + rand(10) - 1 end
      values[#values + 1] = i % 2 == 0 and v or -v
    end
    for _, v in ipairs(values) do
      if math.tointeger then v = math.tointeger(v) or v end
      assert.are.equal(('{"n":%d}'):format(v), json.objects({ "n" }, { { n = v } }))
    end
  end)
end)
