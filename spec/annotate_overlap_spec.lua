-- `arabic annotate --jsonl` begins records ahead of the one it writes:
-- while Lua finds one record's dates and writes it, the entity worker
-- matches the next ones' entities, splits their sentences and makes their
-- dates' start (the text as the dates' normalizer makes it, its map, the
-- places dates can start: w:prep), a queue of tasks read by their
-- tickets. Checked here: that start against the one dates.find makes, the
-- queue, the pipeline's two halves against run, and the command's output
-- against one record at a time, with long records in chunks between short
-- ones, bad lines, and one processor.
local json = require "arabic.json"
local names = require "arabic.names"
local gazetteer = require "arabic.gazetteer"
local dates = require "arabic.dates"
local pipeline = require "arabic.pipeline"
local arabic = require "arabic"
local shell = require "shell"
local corpus = require "corpus"

local TEXTS = {
  "",
  "لا تاريخ هنا ولا اسم.",
  "وصل وزير الخارجية إلى القاهرة يوم الأحد 10 مارس 2024، بعد زيارة لمسقط في 3 يناير الماضي.",
  "قال المسؤول أمس الثلاثاء إن الاجتماع المقبل في 15 رمضان 1445 هـ الموافق 25 آذار 2024 في الدوحة.\n\nوفي شهر شباط الماضي زار بيروت.",
  "نص فيه بايت غير صالح \255 ثم 12/05/2023 وبعده الأسبوع المقبل",
  "الولایات المتحدة وإيران تحدثتا في عُمان في كانون الثاني/يناير ٢٠٢٤ م.",
}

local TEXTS_TEH = {
  "ة",
  "مدرسة",
  "في المدرسةِ الكبيرةُ يوم ١٩ رمضان ١٤٤٥ ﻫ، والجامعةً في ٩ آذار.",
  "ﺍﻟﻤﺪﺭﺳﺔ ﺍﻟﻜﺒﻴﺮﺓ في 3 يناير",
  "السنة الماضية ــة ة٩ ۩ ٩ة ة\n الساعة ٩",
  "الجمعة 12 شباط\255ة",
}

describe("the entity worker's dates start", function()
  local core = require "arabic.core"
  local lex = names.default()
  local g = gazetteer.default():compiled()
  local dnorm, dtrig = dates._prep_objects()

  -- a task with the dates' start on s (gazetteer gz): w:prep's text and map
  -- checked against the dates' normalizer; gives prep's four values and
  -- the normalizer's map
  local function prep_checked(w, gz, s)
    w:start(lex, gz, s, 0, nil, nil, 0, true, nil, nil, nil, dnorm, dtrig)
    local text, map, hits, n = w:prep()
    local want_text, want_map = dnorm:map(s)
    assert.are.equal(want_text, text)
    assert.are.same({ want_map:lengths() }, { map:lengths() })
    return text, map, hits, n, want_map
  end

  it("gives the dates dates.find gives, text after text", function()
    local w = core.entity_worker()
    local texts = {}
    for _, s in ipairs(TEXTS) do texts[#texts + 1] = s end
    texts[#texts + 1] = (TEXTS[4] .. " "):rep(3000) -- past the buffers kept between tasks
    -- teh marbuta every way it comes (the dates' text is the matcher's with
    -- ة as ه): presentation forms, marks after it, tatweel, at the very
    -- end, and the other letters whose second byte is ة's (٩ ۩ ة)
    for _, s in ipairs(TEXTS_TEH) do texts[#texts + 1] = s end
    for _, page in ipairs(corpus.news_pages() or {}) do texts[#texts + 1] = page.text end
    for _, s in ipairs(texts) do
      for _, opts in ipairs { {}, { reference = "2024-03-12" } } do
        local text, map, hits, n = prep_checked(w, g, s)
        local _, want_n = dtrig:scan(text)
        assert.are.equal(want_n, n)
        assert.are.same(dates.find(s, opts), dates._find_prepared(s, opts, { text, map, hits, n }))
        assert.is_string((w:json(0, json.value_json)))
      end
    end
    w:close()
  end)

  it("is the same whatever the gazetteer normalizes as, or without one", function()
    local w = core.entity_worker()
    local gs = { false, g }
    for _, n in ipairs { "display", "lucene", { preset = "search", teh_marbuta = "heh" }, { preset = "search", digits = "keep" } } do
      local gz = gazetteer.new { normalize = n }
      gz:add("المدرسة الكبيرة", { type = "ORG" })
      gs[#gs + 1] = gz:compiled()
    end
    for _, gz in ipairs(gs) do
      for _, s in ipairs(TEXTS_TEH) do
        local text, map, _, _, want_map = prep_checked(w, gz or nil, s)
        for i = 1, #text do assert.are.same({ want_map:source(i, i) }, { map:source(i, i) }) end
        w:json(0, json.value_json)
      end
    end
    w:close()
  end)

  it("is read once a task, before the entities", function()
    local w = core.entity_worker()
    assert.has_error(function() w:prep() end, "entity worker: no dates started")
    w:start(lex, g, TEXTS[3], 0, nil, nil, 0, true) -- no dates asked
    assert.has_error(function() w:prep() end, "entity worker: no dates started")
    w:json(0, json.value_json)
    w:start(lex, g, TEXTS[3], 0, nil, nil, 0, true, nil, nil, nil, dnorm, dtrig)
    assert.are.equal(dnorm:map(TEXTS[3]), (w:prep()))
    assert.has_error(function() w:prep() end, "entity worker: no dates started")
    w:json(0, json.value_json)
    assert.has_error(function() w:prep() end, "entity worker: no dates started")
    assert.has_error(function() w:start(lex, g, TEXTS[3], 0, nil, nil, 0, true, nil, nil, nil, dnorm, 42) end)
    w:close()
  end)
end)

describe("the entity worker's queue", function()
  local core = require "arabic.core"
  local sentences = require "arabic.sentences"
  local lex = names.default()
  local g = gazetteer.default():compiled()
  local dnorm, dtrig = dates._prep_objects()
  local long = (TEXTS[4] .. " "):rep(3000)

  local function start(w, s)
    local mode, set, width = sentences._options(s, {})
    return w:start(lex, g, s, 0, nil, nil, 0, true, mode, set, width, dnorm, dtrig)
  end

  local function check(w, s, ticket)
    local text = w:prep(ticket)
    assert.are.equal((dnorm:map(s)), text)
    local ej, en, sj = w:json(0, json.value_json, ticket)
    assert.are.equal((lex:entities_json(g, s, 0, nil, nil, 0, true, 0, json.value_json)), ej)
    assert.are.equal(#lex:entities(g, s, 0, nil, nil, 0, true), en)
    assert.are.equal((sentences._json(s, {})), sj)
  end

  it("runs the tasks in turn and gives each by its ticket, in any order", function()
    local w = core.entity_worker(3)
    for _, order in ipairs { { 1, 2, 3 }, { 3, 1, 2 }, { 2, 3, 1 } } do
      local texts = { long, TEXTS[3], TEXTS[6] }
      local tickets = {}
      for i, s in ipairs(texts) do tickets[i] = start(w, s) end
      collectgarbage() -- the texts stay alive while their tasks wait
      for _, i in ipairs(order) do check(w, texts[i], tickets[i]) end
      for _, t in ipairs(tickets) do
        assert.has_error(function() w:json(0, json.value_json, t) end, "entity worker: no task started")
      end
    end
    w:close()
  end)

  it("drops the oldest task's results when every slot is taken", function()
    local w = core.entity_worker(2)
    local a = start(w, long)
    local b = start(w, TEXTS[3])
    local c = start(w, TEXTS[4])
    assert.has_error(function() w:prep(a) end, "entity worker: no dates started")
    assert.has_error(function() w:json(0, json.value_json, a) end, "entity worker: no task started")
    check(w, TEXTS[4], c)
    check(w, TEXTS[3], b)
    w:close()
  end)

  it("gives the last task when no ticket is given, and drops the ones before", function()
    local w = core.entity_worker(3)
    local a = start(w, long)
    start(w, TEXTS[3])
    check(w, TEXTS[3])
    assert.has_error(function() w:json(0, json.value_json, a) end, "entity worker: no task started")
    assert.has_error(function() w:json(0, json.value_json) end, "entity worker: no task started")
    w:close()
  end)

  it("keeps the tasks before a start that raises", function()
    local w = core.entity_worker(3)
    local a = start(w, TEXTS[3])
    assert.has_error(function() w:start(lex, g, "نص", 0, { 1 }, nil, 0, true) end)
    assert.has_error(function() w:json(0, json.value_json) end, "entity worker: no task started")
    local b = start(w, TEXTS[6])
    assert.are.equal(a + 1, b)
    check(w, TEXTS[3], a)
    check(w, TEXTS[6], b)
    w:close()
  end)

  it("closes while tasks wait, and checks its size", function()
    local w = core.entity_worker(4)
    for _ = 1, 4 do start(w, long) end
    w:close()
    assert.has_error(function() start(w, TEXTS[3]) end)
    for _, n in ipairs { 0, 9, -1 } do
      assert.has_error(function() core.entity_worker(n) end, "bad argument #1 to 'entity_worker' (slots out of range)")
    end
  end)
end)

describe("a pipeline run in two halves", function()
  local config = { sentences = true, entities = true, dates = { reference = "2024-03-12" } }
  local function new()
    local p = pipeline.new(config)
    p._sentence_text = false
    p._json = json.value_json
    return p
  end

  it("gives what run gives with runs begun ahead, finished in order", function()
    local a, b = new(), new()
    local texts = {}
    for _, s in ipairs(TEXTS) do texts[#texts + 1] = s end
    for _, page in ipairs(corpus.news_pages() or {}) do texts[#texts + 1] = page.text end
    local states = {}
    for i, s in ipairs(texts) do
      states[#states + 1] = b:_begin(s, { id = i })
      if #states == arabic._WORKER_SLOTS or i == #texts then
        for _, state in ipairs(states) do
          local got = b:_finish(state)
          local want = a:run(texts[got.id], { id = got.id })
          assert.are.equal(want.entities_json, got.entities_json)
          assert.are.equal(want.sentences_json, got.sentences_json)
          assert.are.same(want.dates, got.dates)
        end
        states = {}
      end
    end
  end)

  it("gives what run gives, the worker making the dates' start", function()
    local a, b = new(), new()
    local texts = {}
    for _, s in ipairs(TEXTS) do texts[#texts + 1] = s end
    for _, page in ipairs(corpus.news_pages() or {}) do texts[#texts + 1] = page.text end
    for _, s in ipairs(texts) do
      local want = a:run(s, { id = 7 })
      local state = b:_begin(s, { id = 7 })
      assert.are.equal("prep", state.started)
      local got = b:_finish(state)
      assert.are.equal(want.entities_json, got.entities_json)
      assert.are.equal(want.sentences_json, got.sentences_json)
      assert.are.same(want.dates, got.dates)
      assert.are.equal(7, got.id)
    end
  end)

  it("makes the dates' start itself when a test switch asks for another scan", function()
    local p = new()
    dates._coarse_triggers = true
    local ok, err = pcall(function()
      local state = p:_begin(TEXTS[4])
      assert.are.equal(true, state.started)
      assert.are.same(dates.find(TEXTS[4], { reference = "2024-03-12" }), p:_finish(state).dates)
    end)
    dates._coarse_triggers = nil
    assert(ok, err)
  end)
end)

describe("annotate --jsonl, records begun ahead", function()
  -- short records and long ones (cut in chunks of ARABIC_CHUNK bytes) mixed
  local records, valid = {}, {}
  for _, s in ipairs(TEXTS) do
    if not s:find("\255", 1, true) then valid[#valid + 1] = s end
  end
  for i = 1, 24 do
    local s = valid[(i % #valid) + 1]
    if i % 5 == 0 then s = (TEXTS[4] .. " "):rep(6) end
    records[i] = json.encode({ id = i, text = s, date = "2024-03-" .. (10 + i % 9) })
  end
  local input = table.concat(records, "\n") .. "\n"
  local argv = { "annotate", "--jsonl", "--id-field", "id", "--reference-field", "date" }

  local function run(prefix, text)
    local cmd = {}
    for _, a in ipairs(prefix) do cmd[#cmd + 1] = a end
    cmd[#cmd + 1] = shell.lua
    cmd[#cmd + 1] = "bin/arabic"
    for _, a in ipairs(argv) do cmd[#cmd + 1] = a end
    return shell.run(cmd, text)
  end

  -- each record alone: nothing to overlap with
  local one_by_one, want
  local function alone()
    if one_by_one then return end
    one_by_one = {}
    for _, r in ipairs(records) do
      local code, out, err = run({ "env", "ARABIC_CHUNK=400" }, r .. "\n")
      assert.are.equal(0, code, err)
      one_by_one[#one_by_one + 1] = out
    end
    want = table.concat(one_by_one)
  end

  it("writes what one record at a time writes, in order", function()
    alone()
    local code, out, err = run({ "env", "ARABIC_CHUNK=400" }, input)
    assert.are.equal(0, code, err)
    assert.are.equal(want, out)
  end)

  it("writes every record before a bad one, after a short record and after a long one", function()
    alone()
    for _, cut in ipairs { 1, 2, 3, 4, 5, 6 } do -- record 5 is long
      local head = table.concat(records, "\n", 1, cut) .. "\n"
      local code, out, err = run({ "env", "ARABIC_CHUNK=400" }, head .. '{"id":99,"text":"x\\u0000"}\n' .. input)
      assert.are.equal(1, code)
      assert.are.equal(table.concat(one_by_one, "", 1, cut), out)
      assert.matches("<stdin>:" .. (cut + 1) .. " ", err, 1, true)
    end
  end)

  it("writes the same on one processor", function()
    local has = os.execute("command -v taskset >/dev/null 2>&1")
    if not (has == true or has == 0) then
      pending("taskset is not installed (util-linux)")
      return
    end
    alone()
    local code, out, err = run({ "env", "ARABIC_CHUNK=400", "taskset", "-c", "0" }, input)
    assert.are.equal(0, code, err)
    assert.are.equal(want, out)
  end)
end)
