--- Pipelines: steps composed once from a plain table, run on many texts.
--
--   local p = arabic.pipeline{ boilerplate = true, sentences = true,
--                              entities = { "default", "people.tsv" },
--                              dates = { reference = "2024-03-16" } }
--   local doc = p:run(text)
--   --> { text, clean, normalized, sentences, entities, dates, numbers,
--         removed }, every offset in `text` (1-based inclusive)
--
-- Steps run in a fixed order: boilerplate (cleaning happens first, the
-- other steps see the cleaned text and report source offsets), normalize,
-- sentences, entities, dates, numbers, then the user's own steps.
local arabic = require "arabic"

local M = {}

local Pipeline = {}
Pipeline.__index = Pipeline

local STEPS = {
  boilerplate = true, normalize = true, sentences = true, entities = true, dates = true,
  numbers = true, steps = true,
}

local function sorted(t)
  local k = {}
  for name in pairs(t) do k[#k + 1] = name end
  table.sort(k)
  return table.concat(k, ", ")
end

local function fail(msg, level) error("arabic.pipeline: " .. msg, level + 1) end

local function check_keys(t, valid, where, level)
  for k in pairs(t) do
    if not valid[k] then
      fail(("unknown option '%s'%s (valid: %s)"):format(tostring(k), where, sorted(valid)), level + 1)
    end
  end
end

-- A step's configuration: false/nil = off, true = defaults, a table.
local function step_conf(v, name, level)
  if v == nil or v == false then return nil end
  if v == true then return {} end
  if type(v) == "table" then return v end
  if type(v) == "string" and (name == "normalize" or name == "entities") then return v end
  fail(("option '%s' must be true, false or a table, got %s"):format(name, type(v)), level + 1)
end

local BOILER = { lists = true, keep_appended = true, drop_head = true }
local SENT = { mode = true, abbreviations = true, wrap_width = true }
local ENT = {
  gazetteers = true, types = true, ids = true, fuzzy = true, clitics = true, context = true,
  overlapping = true, extend_names = true, unknown_names = true,
}
local DATES = { reference = true }

--- Build a pipeline from a configuration table (or the same structure
-- decoded from YAML/JSON). Unknown keys are errors naming the key.
function M.new(config)
  if config == nil then config = {} end
  if type(config) ~= "table" then
    error(("bad argument #1 to 'pipeline' (configuration table expected, got %s)"):format(type(config)), 2)
  end
  check_keys(config, STEPS, "", 2)
  local p = setmetatable({ config = config }, Pipeline)
  local b = step_conf(config.boilerplate, "boilerplate", 2)
  if b then
    if b.lists == nil and #b > 0 then b = { lists = b } end
    check_keys(b, BOILER, " in 'boilerplate'", 2)
    p.boilerplate = b
  end
  local n = step_conf(config.normalize, "normalize", 2)
  if n then
    if type(n) == "table" and next(n) == nil then n = "display" end
    local ok, norm = pcall(arabic.normalizer, n)
    if not ok then fail((tostring(norm):gsub("^bad argument #1 to 'normalizer' ", "'normalize' ")), 2) end
    p.normalizer = norm
  end
  local s = step_conf(config.sentences, "sentences", 2)
  if s then
    check_keys(s, SENT, " in 'sentences'", 2)
    local ok, err = pcall(arabic.split_sentences, "", s)
    if not ok then fail((tostring(err):gsub("^bad argument #2 to '[^']*' ", "'sentences' ")), 2) end
    p.sentences = s
  end
  local e = step_conf(config.entities, "entities", 2)
  if e then
    if type(e) == "string" then e = { gazetteers = { e } } end
    if e.gazetteers == nil and #e > 0 then
      local list = {}
      for i, g in ipairs(e) do list[i] = g end
      local rest = {}
      for k, v in pairs(e) do if type(k) ~= "number" then rest[k] = v end end
      rest.gazetteers = list
      e = rest
    end
    check_keys(e, ENT, " in 'entities'", 2)
    if type(e.types) == "string" then -- "PER, LOC" from a command line or YAML
      local t = {}
      for x in e.types:gmatch("[^,%s]+") do t[#t + 1] = x end
      e.types = t
    end
    local specs = e.gazetteers or { "default" }
    if type(specs) ~= "table" or getmetatable(specs) ~= nil then specs = { specs } end
    local gz = {}
    for i, spec in ipairs(specs) do
      local ok, g = pcall(arabic.gazetteer.resolve, spec)
      if not ok then fail(("entities: gazetteer %s: %s"):format(tostring(spec), tostring(g)), 2) end
      gz[i] = g
    end
    local mopts = {}
    for k, v in pairs(e) do if k ~= "gazetteers" then mopts[k] = v end end
    mopts.gazetteers = gz
    local ok, err = pcall(arabic.entities, "", mopts)
    if not ok then fail("entities: " .. tostring(err):gsub("^bad argument #2 to '[^']*' ", ""), 2) end
    p.entities = mopts
  end
  local d = step_conf(config.dates, "dates", 2)
  if d then
    check_keys(d, DATES, " in 'dates'", 2)
    local ok, err = pcall(arabic.dates, "", d)
    if not ok then fail("dates: " .. tostring(err):gsub("^bad argument #2 to '[^']*' ", ""), 2) end
    p.dates = d
  end
  if config.numbers ~= nil and type(config.numbers) ~= "boolean" then
    fail("option 'numbers' must be a boolean", 2)
  end
  p.numbers = config.numbers
  if config.steps ~= nil then
    local steps = type(config.steps) == "function" and { config.steps } or config.steps
    if type(steps) ~= "table" then fail("option 'steps' must be a function or a list of functions", 2) end
    for i, f in ipairs(steps) do
      if type(f) ~= "function" then fail(("steps[%d] must be a function, got %s"):format(i, type(f)), 2) end
    end
    p.steps = steps
  end
  return p
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

local function shift(list, map, s)
  if not map then return list end
  for _, x in ipairs(list) do
    local first, last = map(x.first), map(x.last)
    if x.token_first then x.token_first = map(x.token_first) end
    x.first, x.last = first, last
    if x.text then x.text = s:sub(first, last) end
  end
  return list
end

--- Run on one text: returns the document table (see the top of this file).
function Pipeline:run(text)
  if type(text) ~= "string" then
    error(("bad argument #1 to 'run' (string expected, got %s)"):format(type(text)), 2)
  end
  local doc = { text = text, removed = {} }
  local work, map = text, nil
  if self.boilerplate then
    local r = arabic.boilerplate(text, self.boilerplate)
    doc.removed = r.removed
    doc.clean = r.text
    doc.banner = r.banner
    work = r.text
    if #r.kept > 0 then map = cleaner_map(r.kept) end
    if self.dates and not self.dates.reference and r.banner then
      -- the page's banner date is a good reference for relative dates
      local d = arabic.dates(r.banner)()
      if d and d.grain == "day" and d.value and d.value:match("^%d%d%d%d%-%d%d%-%d%d$") then
        doc.reference = d.calendar == "gregorian" and d.value or d.gregorian
      end
    end
  end
  if self.normalizer then doc.normalized = (self.normalizer(work)) end
  if self.sentences then
    local list = {}
    for first, last in arabic.sentences(work, self.sentences) do
      list[#list + 1] = { first = first, last = last, text = work:sub(first, last) }
    end
    doc.sentences = shift(list, map, text)
  end
  if self.entities then doc.entities = shift(arabic.entities(work, self.entities), map, text) end
  if self.dates then
    local opts = { reference = self.dates.reference or doc.reference }
    local list = {}
    for d in arabic.dates(work, opts) do list[#list + 1] = d end
    doc.dates = shift(list, map, text)
  end
  if self.numbers then doc.numbers = shift(arabic.numbers(work), map, text) end
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
