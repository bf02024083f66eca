--- The filter's options: the `arabic:` block of a document's metadata.
--
-- Each step takes the options of the module that implements it (the
-- entities step arabic.gazetteer's, dates arabic.dates' ...), checked by
-- arabic.args, plus the filter's own (link, style, index). YAML gives text:
-- "yes" and "no" are booleans, "PER, LOC" a list, "70" a number, by the
-- option's type.
local args = require "arabic.args"
local gazetteer = require "arabic.gazetteer"
local dates = require "arabic.dates"
local sentences = require "arabic.sentences"
local boilerplate = require "arabic.boilerplate"
local ptranslit = require "arabic.pandoc.translit"

local M = {}

-- "yes"/"no" and booleans from YAML.
local function truthy(v)
  if type(v) == "string" then return args.boolean.from_text(v) end
  return v
end

-- A step's table with its text values converted by their types; a string
-- alone is the step's main option, and for the entities a list is their
-- gazetteers (entities: [default, people.tsv]).
local function step(spec, main, extra)
  spec = args.extend(spec, extra or {})
  return args.step(spec, function(v)
    if type(v) == "string" and main then v = { [main] = v } end
    if type(v) == "table" and main == "gazetteers" and #v > 0 and v.gazetteers == nil then
      local t = { gazetteers = {} }
      for k, x in pairs(v) do
        if type(k) == "number" then t.gazetteers[k] = x else t[k] = x end
      end
      v = t
    end
    return args.from_text(v, spec)
  end)
end

local INDEX = {
  title = args.string,  -- default فهرس الأعلام
  links = args.boolean, -- links to the occurrences (HTML; default true)
  types = args.custom("a map of type to title", function(v) return args.accept(type(v) == "table", v) end),
}

--- The `arabic:` block's options.
M.OPTIONS = {
  entities = step(gazetteer.ENTITY_OPTIONS, "gazetteers", {
    link = args.string,  -- "https://example.org/entity/{id}": {id} {type} {canonical} {name}
    style = args.string, -- docx character style (default Entity)
  }),
  dates = step(dates.OPTIONS, "reference", { style = args.string }),
  sentences = step(sentences.OPTIONS),
  normalize = args.custom("false, true or a preset name or normalization options", function(v)
    if v == nil or v == false then return true, nil end
    return args.normalization.test(v == true and "display" or v)
  end),
  boilerplate = step(boilerplate.OPTIONS),
  direction = args.one_of { true, false, "auto", "rtl", "ltr" },
  index = step(INDEX, "title"),
  metadata = args.boolean,
  numbers = args.boolean,
  transliterate = ptranslit.OPTION, -- romanized entities: arabic/pandoc/translit.lua
}

local function fail(msg) error("arabic filter: " .. msg, 0) end

--- Options from the `arabic:` metadata value (nil: the defaults). Errors
-- name the key: "arabic filter: unknown option 'fuzy' in 'entities'; ...".
function M.read(raw)
  local o = raw == nil and {} or raw
  if type(o) ~= "table" then
    if truthy(o) == false then return {} end
    o = {}
  end
  -- entities and direction are on unless turned off; the rest is opt-in
  local given = {}
  for k, v in pairs(o) do given[k] = truthy(v) end
  if given.entities == nil then given.entities = true end
  if given.direction == nil then given.direction = true end
  if type(given.boilerplate) == "string" then given.boilerplate = { lists = { "default", given.boilerplate } } end
  local c, err = args.validate(given, M.OPTIONS, "arabic")
  if not c then fail(err) end
  local out = { normalize = c.normalize, boilerplate = c.boilerplate, sentences = c.sentences,
    direction = c.direction, metadata = c.metadata ~= false, numbers = c.numbers == true }
  if c.entities then
    local match = args.extend(c.entities)
    match.link, match.style = nil, nil
    out.entities = { link = c.entities.link, style = c.entities.style, match = match }
  end
  if c.dates then out.dates = { reference = c.dates.reference, style = c.dates.style } end
  out.transliterate = ptranslit.read(c.transliterate)
  if out.transliterate and not out.entities then fail("'transliterate' needs 'entities'") end
  if c.index then
    out.index = { title = c.index.title or "فهرس الأعلام", links = c.index.links ~= false, types = c.index.types }
    if not out.entities then fail("'index' needs 'entities'") end
  end
  return out
end

return M
