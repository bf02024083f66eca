--- Pipelines: steps composed once from a plain table, run on many texts.
--
--   local p = arabic.pipeline{ boilerplate = true, sentences = true,
--                              entities = { "default", "people.tsv" },
--                              dates = { reference = "2024-03-16" } }
--   local doc = p:run(text, { reference = "2024-03-16", id = 7 })
--   --> { text, id, reference, reference_from, clean, normalized,
--         normalized_map, removed, removed_share, warning, banner,
--         sentences, entities, dates, numbers }, every offset in `text`
--         (1-based inclusive); README "Pipelines" lists the fields.
--   No finding covers removed chrome: a sentence across it is split,
--   a name, date or number across it is dropped.
--
-- Steps run in a fixed order: boilerplate (cleaning happens first, the
-- other steps see the cleaned text and report source offsets), normalize,
-- sentences, entities, dates, numbers, stem (doc.tokens: the tokens outside
-- removed chrome, words with their stems), then the user's own steps.
local arabic = require "arabic"
local args = require "arabic.args"
local boilerplate = require "arabic.boilerplate"
local sentences = require "arabic.sentences"
local gazetteer = require "arabic.gazetteer"
local dates = require "arabic.dates"
local translit = require "arabic.translit"
local stem = require "arabic.stem"

local M = {}

local Pipeline = {}
Pipeline.__index = Pipeline

-- Shorthands: boilerplate = { "default", "mine.tsv" } is its lists;
-- entities = "people.tsv" or { "default", "people.tsv", fuzzy = true }
-- names the gazetteers; types = "PER, LOC" (from a command line or YAML)
-- is a list.
local function boilerplate_lists(v)
  if type(v) == "table" and v.lists == nil and #v > 0 then return { lists = v } end
  return v
end

local function entity_shorthand(v)
  if type(v) == "string" then return { gazetteers = { v } } end
  if type(v) ~= "table" then return v end
  local out = {}
  for k, x in pairs(v) do out[k] = x end
  if out.gazetteers == nil and #v > 0 then
    out.gazetteers = {}
    for i, g in ipairs(v) do
      out.gazetteers[i] = g
      out[i] = nil
    end
  end
  if type(out.types) == "string" then out.types = args.strings.from_text(out.types) end
  return out
end

--- The pipeline's configuration: each step's own options, from the module
-- that implements the step (a step is off, true for its defaults, or a
-- table of its options).
M.OPTIONS = {
  boilerplate = args.step(boilerplate.OPTIONS, boilerplate_lists),
  -- true: the default preset, "search", as everywhere in the library
  normalize = args.custom("false, true, a preset name or a table of normalization options", function(v)
    if v == nil or v == false then return true, nil end
    if v == true then v = "search" end
    return args.normalization.test(v)
  end),
  sentences = args.step(sentences.OPTIONS),
  entities = args.step(gazetteer.ENTITY_OPTIONS, entity_shorthand),
  dates = args.step(dates.OPTIONS),
  numbers = args.boolean,
  -- "ala-lc", or { scheme = "ala-lc", text = true, entities = true, attributes = { "en" } }
  transliterate = args.custom("a scheme name or a table of transliteration options", function(v, key)
    if v == nil or v == false then return true, nil end
    if type(v) ~= "string" and type(v) ~= "table" then return false end
    local o, err = translit.step_options(v, key)
    if not o then return false, err, true end
    return true, o
  end),
  -- doc.tokens: the tokens outside removed chrome, word tokens with a stem
  -- (true: light10; "isri": that algorithm)
  stem = args.step(stem.STEP_OPTIONS, function(v)
    if type(v) == "string" then return { algorithm = v } end
    return v
  end),
  steps = args.custom("a function or a list of functions", function(v)
    local list = type(v) == "function" and { v } or v
    if type(list) ~= "table" then return false end
    for i, f in ipairs(list) do
      if type(f) ~= "function" then return false, ("steps[%d] must be a function, got %s"):format(i, type(f)) end
    end
    return true, list
  end),
}

--- A pipeline from a configuration table, or nil and what is wrong with
-- it ("unknown option 'fuzy' in 'entities'; valid: ..."), for front ends
-- that report it their own way.
function M.build(config)
  local conf, err = args.validate(config, M.OPTIONS)
  if not conf then return nil, err end
  if conf.entities and not (conf.entities.gazetteers or conf.entities.gazetteer) then
    conf.entities.gazetteers = { gazetteer.default() } -- loaded now, not on the first text
  end
  if conf.entities and conf.entities.types then -- a misspelt type now, not on the first text
    local bad = gazetteer._unknown_types(conf.entities.types, conf.entities.gazetteers or conf.entities.gazetteer,
      "entities")
    if bad then return nil, bad end
  end
  return setmetatable({
    config = config,
    boilerplate = conf.boilerplate,
    normalizer = conf.normalize,
    sentences = conf.sentences,
    entities = conf.entities,
    dates = conf.dates,
    numbers = conf.numbers,
    transliterate = conf.transliterate,
    stem = conf.stem and stem.step_of(conf.stem),
    steps = conf.steps,
  }, Pipeline)
end

--- Build a pipeline from a configuration table (or the same structure
-- decoded from YAML/JSON). Unknown keys and bad values are errors naming
-- the key.
function M.new(config)
  if config ~= nil and type(config) ~= "table" then
    args.error("pipeline", 1, "configuration table expected, got " .. type(config), 2)
  end
  local p, err = M.build(config)
  if not p then args.error("pipeline", 1, err, 2) end
  return p
end

--- The reference date a text gives (a page's banner, a document's date
-- field): "YYYY-MM-DD" of its first date when that is a day, else nil.
function M.reference_date(text)
  local d = arabic.dates(text)()
  if d and d.grain == "day" and d.value and d.value:match("^%d%d%d%d%-%d%d%-%d%d$") then
    return d.calendar == "gregorian" and d.value or d.gregorian
  end
end

-- Offsets of the cleaned text back to the source: kept = ordered source
-- ranges that were concatenated.
local function cleaner_map(kept)
  local starts, acc = {}, 0
  for i, k in ipairs(kept) do
    starts[i] = acc + 1 -- where range i begins in the cleaned text
    acc = acc + (k.last - k.first + 1)
  end
  return function(pos)
    local lo, hi = 1, #kept
    while lo < hi do
      local mid = math.floor((lo + hi + 1) / 2)
      if starts[mid] <= pos then lo = mid else hi = mid - 1 end
    end
    return kept[lo].first + (pos - starts[lo])
  end
end

-- Findings on the cleaned text back on the source text: a sentence that
-- runs across removed chrome is split there, any other finding that would
-- cover removed text is dropped (boilerplate.map_back).
local function shift(list, chrome, s, how)
  if not chrome then return list end
  return boilerplate.map_back(chrome, list, s, how or "drop")
end

--- The options of p:run(text, opts): what differs from one document to
-- the next. Checked like every other option table (unknown keys and bad
-- values are errors naming the key).
M.RUN_OPTIONS = {
  -- this document's date: relative dates (أمس، الشهر المقبل) resolve
  -- against it, before the pipeline's dates.reference and the page's banner
  reference = dates.OPTIONS.reference,
  -- the document's id, copied to doc.id (for the user's steps and outputs)
  id = args.custom("a string or a number", function(v)
    return args.accept(type(v) == "string" or type(v) == "number", v)
  end),
}

local NO_OPTIONS = {}

--- A record's reference date from the value of its date field: a date
-- YYYY-MM-DD, or the date part of an ISO 8601 timestamp
-- ("2024-01-05T10:30:00Z", "2024-01-05 10:30"); nil when the record has
-- none (nil, JSON null: `null` given); false when the value is not a date.
-- (`arabic annotate --reference-field` and arabic.stream read records so.)
function M.record_reference(v, null)
  if v == nil or (null ~= nil and v == null) then return nil end
  if type(v) ~= "string" then return false end
  local day = v:match("^(%d%d%d%d%-%d%d%-%d%d)$") or v:match("^(%d%d%d%d%-%d%d%-%d%d)[T ]")
  if not day or not args.validate({ reference = day }, M.RUN_OPTIONS) then return false end
  return day
end

--- A record's id from the value of its id field: a string, or a number
-- (a whole number as an integer where the Lua has them: 7, not 7.0, as JSON
-- numbers decode); nil when the record has none (nil, JSON null: `null`
-- given); false when the value is neither.
function M.record_id(v, null)
  if v == nil or (null ~= nil and v == null) then return nil end
  if type(v) == "number" and v == math.floor(v) and math.abs(v) < 2 ^ 53 then
    return math.tointeger and math.tointeger(v) or v
  end
  if type(v) == "string" or type(v) == "number" then return v end
  return false
end

-- Positions of the cleaned text from positions of the source: the first
-- kept byte at or after pos, the last kept byte at or before it (nil when
-- there is none). kept: ordered source ranges, concatenated.
local function clean_positions(kept)
  local starts, acc = {}, 0
  for i, k in ipairs(kept) do
    starts[i] = acc + 1
    acc = acc + (k.last - k.first + 1)
  end
  local function find(pos) -- the last range that starts at or before pos
    local lo, hi = 0, #kept
    while lo < hi do
      local mid = math.floor((lo + hi + 1) / 2)
      if kept[mid].first <= pos then lo = mid else hi = mid - 1 end
    end
    return lo
  end
  local function at_or_after(pos)
    local r = find(pos)
    if r > 0 and pos <= kept[r].last then return starts[r] + pos - kept[r].first end
    if kept[r + 1] then return starts[r + 1] end
  end
  local function at_or_before(pos)
    local r = find(pos)
    if r == 0 then return nil end
    if pos <= kept[r].last then return starts[r] + pos - kept[r].first end
    return starts[r] + kept[r].last - kept[r].first
  end
  return at_or_after, at_or_before
end

-- The same as one function for maps over the cleaned text (translit's
-- shifted map): dir 1 gives the first kept position at or after pos, -1
-- the last one at or before it.
local function cleaner_inverse(kept)
  local ahead, behind = clean_positions(kept)
  return function(pos, dir)
    if dir < 0 then return behind(pos) end
    return ahead(pos)
  end
end

--- doc.normalized_map: the offset map of doc.normalized back to doc.text
-- (through chrome removal too, when it ran).
local DocMap = {}
DocMap.__index = DocMap

--- map:source(i [, j]) --> first, last: the bytes of doc.text behind
-- doc.normalized:sub(i, j).
function DocMap:source(i, j)
  local a, b = self._map:source(i, j)
  if not self._back then return a, b end
  if b < a then -- an empty range: a point
    local x = self._back(a)
    return x, x - 1
  end
  return self._back(a), self._back(b)
end

--- map:target(i [, j]) --> first, last: the bytes of doc.normalized made
-- from doc.text:sub(i, j); nil when chrome removal took all of them.
function DocMap:target(i, j)
  if not self._ahead then return self._map:target(i, j) end
  j = j or i
  local a, b = self._ahead(i), self._behind(j)
  if not a or not b or b < a then return nil end
  return self._map:target(a, b)
end

function DocMap.__tostring() return "arabic.pipeline map" end

-- The first half of run: the steps before the dates, and the entity
-- worker started (see below). Returns what the second half needs.
local function run_begin(self, text, o)
  local doc = { text = text, removed = {}, id = o.id }
  -- the reference of relative dates: the document's own, else the
  -- pipeline's (else, below, the page's own date: boilerplate.reference)
  doc.reference = o.reference or (self.dates and self.dates.reference)
  if doc.reference then doc.reference_from = o.reference and "document" or "pipeline" end
  local work, chrome, map, kept = text, nil, nil, nil
  if self.boilerplate then
    local r = arabic.boilerplate(text, self.boilerplate)
    doc.removed = r.removed
    doc.clean = r.text
    doc.banner = r.banner
    doc.removed_share = r.share
    doc.warning = r.warning
    work = r.text
    chrome = r
    if #r.kept > 0 then map, kept = cleaner_map(r.kept), r.kept end
  end
  if self.normalizer then
    local out, nmap = self.normalizer:map(work)
    doc.normalized = out
    if out then
      local m = setmetatable({ _map = nmap, _back = map }, DocMap)
      if map then m._ahead, m._behind = clean_positions(kept) end
      doc.normalized_map = m
    end
  end
  -- the JSON of the sentences and entities at once, when the caller asked
  -- (arabic annotate, which writes a sentence's first and last only) and
  -- nothing needs their tables: no chrome to map them back through, no
  -- step of the user's. The entities are then matched and the sentences
  -- split on a thread of their own while the dates are found here.
  local json_mode = self._json and not chrome and not self.steps
  local started, ticket -- (ticket: the worker's task)
  -- (a thread is worth its hand-over only beside the dates, the one other
  -- step of weight; without them the JSON is written here)
  -- The worker also makes the dates' start of the text (normalized, and
  -- the places dates can start), which the second half reads.
  if json_mode and self.entities and self.dates then
    local mode, set, width
    if self.sentences then
      -- (the pipeline's own options: checked once)
      local so = self._sentence_args
      if not so then
        so = { sentences._options(work, self.sentences) }
        self._sentence_args = so
      end
      mode, set, width = so[1], so[2], so[3]
    end
    local dnorm, dtrig = dates._prep_objects()
    ticket = arabic._entities_start(work, self.entities, self, mode, set, width, dnorm, dtrig)
    started = ticket and (dnorm and "prep" or true)
  end
  if self.sentences and json_mode then
    -- (split on the worker's thread when it started)
    if not started then doc.sentences_json = sentences._json(work, self.sentences) end
  elseif self.sentences then
    local list, n = {}, 0
    if self._sentence_text == false and not self.steps then
      -- spans only: the caller writes first and last (arabic annotate),
      -- and no step of the user's reads the text
      for first, last in arabic.sentences(work, self.sentences) do
        n = n + 1
        list[n] = { first = first, last = last }
      end
    else
      for first, last in arabic.sentences(work, self.sentences) do
        n = n + 1
        list[n] = { first = first, last = last, text = work:sub(first, last) }
      end
    end
    doc.sentences = shift(list, chrome, text, "split")
  end
  if self.entities and not started then
    local js = json_mode and arabic._entities_json(work, self.entities, self._json)
    if js then doc.entities_json = js else doc.entities = shift(arabic.entities(work, self.entities), chrome, text) end
  end
  return { doc = doc, text = text, work = work, chrome = chrome, map = map, kept = kept, started = started,
    ticket = ticket }
end

-- The second half of run: the dates (while the worker, when one started,
-- matches the entities), the rest of the steps. Returns the document.
local function run_end(self, st)
  local doc, text, work, chrome, map, kept, started = st.doc, st.text, st.work, st.chrome, st.map, st.kept, st.started
  if self.dates then
    local dopts = { reference = doc.reference }
    for k, v in pairs(self.dates) do
      if k ~= "reference" then dopts[k] = v end
    end
    local list
    if started == "prep" then
      list = dates._find_prepared(work, dopts, { self._worker:prep(st.ticket) })
    else
      list = dates.find(work, dopts)
    end
    if not doc.reference and chrome then
      -- relative dates and no reference given: the page's own date (a
      -- dateline in the body, else the banner unless the body says it is
      -- the crawl date; boilerplate.reference), and the dates again
      for _, d in ipairs(list) do
        if d.relative then
          doc.reference, doc.reference_from = boilerplate.reference(chrome, list)
          if doc.reference then
            dopts.reference = doc.reference
            list = dates.find(work, dopts)
          end
          break
        end
      end
    end
    doc.dates = shift(list, chrome, text)
  end
  if self.numbers then doc.numbers = shift(arabic.numbers(work), chrome, text) end
  if started then
    local ej, _, sj = self._worker:json(0, self._json, st.ticket)
    doc.entities_json, doc.sentences_json = ej, sj
  end
  if self.transliterate then translit.pipeline_step(self.transliterate, doc, work, map, kept and cleaner_inverse(kept)) end
  if self.stem then self.stem(doc) end
  if self.steps then
    for _, f in ipairs(self.steps) do
      local r = f(doc)
      if type(r) == "table" then doc = r end
    end
  end
  return doc
end

--- Run on one text: returns the document table (see the top of this
-- file). opts: this document's own options (M.RUN_OPTIONS).
function Pipeline:run(text, opts)
  args.string_arg(text, "run", 1, 2)
  local o = opts == nil and NO_OPTIONS or args.check(opts, M.RUN_OPTIONS, "run", 2, 2)
  return run_end(self, run_begin(self, text, o))
end

--- For `arabic annotate`, which writes one record while the next ones'
-- entities are matched: run in two halves. p:_begin(text, opts) (the
-- arguments of run, opts as the command line checked them: reference
-- and id) returns the state of the run; when state.started the entity
-- worker runs on the text. p:_finish(state) gives the document. Up to
-- arabic._WORKER_SLOTS runs may be begun and not finished; finish them
-- in the order they were begun, and all of them before a p:run.
function Pipeline:_begin(text, opts)
  args.string_arg(text, "run", 1, 2)
  return run_begin(self, text, opts or NO_OPTIONS)
end

function Pipeline:_finish(state) return run_end(self, state) end

function Pipeline:__tostring()
  local on = {}
  for _, k in ipairs { "boilerplate", "normalizer", "sentences", "entities", "dates", "numbers", "transliterate",
    "stem", "steps" } do
    if self[k] then on[#on + 1] = k end
  end
  return "arabic.pipeline (" .. table.concat(on, ", ") .. ")"
end

return M
