--- Pipelines: steps composed once from a plain table, run on many texts.
--
--   local p = arabic.pipeline{ boilerplate = true, sentences = true,
--                              entities = { "default", "people.tsv" },
--                              dates = { reference = "2024-03-16" } }
--   local doc = p:run(text)
--   --> { text, clean, normalized, sentences, entities, dates, numbers,
--         removed, removed_share, warning, banner, reference,
--         reference_from }, every offset in `text` (1-based inclusive).
--   No finding covers removed chrome: a sentence across it is split,
--   a name, date or number across it is dropped.
--
-- Steps run in a fixed order: boilerplate (cleaning happens first, the
-- other steps see the cleaned text and report source offsets), normalize,
-- sentences, entities, dates, numbers, then the user's own steps.
local arabic = require "arabic"
local args = require "arabic.args"
local boilerplate = require "arabic.boilerplate"
local sentences = require "arabic.sentences"
local gazetteer = require "arabic.gazetteer"
local dates = require "arabic.dates"

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
  -- true: the "display" preset
  normalize = args.custom("false, true, a preset name or a table of normalization options", function(v)
    if v == nil or v == false then return true, nil end
    if v == true or (type(v) == "table" and next(v) == nil) then v = "display" end
    return args.normalization.test(v)
  end),
  sentences = args.step(sentences.OPTIONS),
  entities = args.step(gazetteer.ENTITY_OPTIONS, entity_shorthand),
  dates = args.step(dates.OPTIONS),
  numbers = args.boolean,
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
  return setmetatable({
    config = config,
    boilerplate = conf.boilerplate,
    normalizer = conf.normalize,
    sentences = conf.sentences,
    entities = conf.entities,
    dates = conf.dates,
    numbers = conf.numbers,
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

-- Findings on the cleaned text back on the source text: a sentence that
-- runs across removed chrome is split there, any other finding that would
-- cover removed text is dropped (boilerplate.map_back).
local function shift(list, chrome, s, how)
  if not chrome then return list end
  return boilerplate.map_back(chrome, list, s, how or "drop")
end

--- Run on one text: returns the document table (see the top of this file).
function Pipeline:run(text)
  args.string_arg(text, "run", 1, 2)
  local doc = { text = text, removed = {} }
  local work, chrome = text, nil
  if self.boilerplate then
    local r = arabic.boilerplate(text, self.boilerplate)
    doc.removed = r.removed
    doc.clean = r.text
    doc.banner = r.banner
    doc.removed_share = r.share
    doc.warning = r.warning
    work = r.text
    chrome = r
  end
  if self.normalizer then doc.normalized = (self.normalizer(work)) end
  if self.sentences then
    local list = {}
    for first, last in arabic.sentences(work, self.sentences) do
      list[#list + 1] = { first = first, last = last, text = work:sub(first, last) }
    end
    doc.sentences = shift(list, chrome, text, "split")
  end
  if self.entities then doc.entities = shift(arabic.entities(work, self.entities), chrome, text) end
  if self.dates then
    local reference = self.dates.reference
    local list = dates.find(work, { reference = reference })
    if not reference and chrome then
      -- relative dates and no reference given: the page's own date (a
      -- dateline in the body, else the banner unless the body says it is
      -- the crawl date; boilerplate.reference), and the dates again
      for _, d in ipairs(list) do
        if d.relative then
          doc.reference, doc.reference_from = boilerplate.reference(chrome, list)
          if doc.reference then list = dates.find(work, { reference = doc.reference }) end
          break
        end
      end
    end
    doc.dates = shift(list, chrome, text)
  end
  if self.numbers then doc.numbers = shift(arabic.numbers(work), chrome, text) end
  if self.steps then
    for _, f in ipairs(self.steps) do
      local r = f(doc)
      if type(r) == "table" then doc = r end
    end
  end
  return doc
end

function Pipeline:__tostring()
  local on = {}
  for _, k in ipairs { "boilerplate", "normalizer", "sentences", "entities", "dates", "numbers", "steps" } do
    if self[k] then on[#on + 1] = k end
  end
  return "arabic.pipeline (" .. table.concat(on, ", ") .. ")"
end

return M
