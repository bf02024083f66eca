--- The filter's options: the `arabic:` block of a document's metadata, and
-- `arabic.KEY` fields (pandoc -M arabic.dates=true) merged into it.
--
-- Each step takes the options of the module that implements it (the
-- entities step arabic.gazetteer's, dates arabic.dates' ...), checked by
-- arabic.args, plus the filter's own (link, style, index). YAML gives text:
-- "yes" and "no" are booleans, "PER, LOC" a list, "70" a number, by the
-- option's type. A message names the key as the user wrote it, as a path:
-- "'arabic.entities.fuzy'", "'arabic.dates' must be ...".
local args = require "arabic.args"
local gazetteer = require "arabic.gazetteer"
local dates = require "arabic.dates"
local sentences = require "arabic.sentences"
local boilerplate = require "arabic.boilerplate"
local ptranslit = require "arabic.pandoc.translit"
local paths = require "arabic.paths" -- which files a document may name

local M = {}

-- "yes"/"no" and booleans from YAML.
local function truthy(v)
  if type(v) == "string" then return args.boolean.from_text(v) end
  return v
end

-- The label of a key in messages: its path from `arabic`.
local function labeller(path)
  return function(k) return ("option '%s.%s'"):format(path, tostring(k)) end
end

-- A step: off (false), on with its defaults (true), or a table of the
-- step's own options checked against spec (with the keys' paths in
-- messages). A string alone is the step's main option (dates: 2024-03-12
-- is the reference date), and for the entities a list is their gazetteers
-- (entities: [default, people.tsv]); what says all that for messages.
local function step(spec, main, extra, what)
  spec = args.extend(spec, extra or {})
  return args.type {
    what = what or "true, false or a table of options (" .. args.names(spec) .. ")",
    spec = spec,
    test = function(v, key, path)
      if v == nil or v == false then return true, nil end
      if v == true then v = {} end
      if type(v) == "string" and main then
        -- the main option alone: only when it is one (dates: maybe is
        -- neither a date nor a boolean, and the message says so)
        local ty = spec[main]
        local conv = ty.from_text and ty.from_text(v) or v
        if not ty.test(conv, main) then return false end
        v = { [main] = v }
      end
      if type(v) == "table" and main == "gazetteers" and #v > 0 and v.gazetteers == nil then
        local t = { gazetteers = {} }
        for k, x in pairs(v) do
          if type(k) == "number" then t.gazetteers[k] = x else t[k] = x end
        end
        v = t
      end
      if type(v) ~= "table" then return false end
      local out, err = args.validate(args.from_text(v, spec), spec, nil, labeller(path or key))
      if not out then return false, err, true end
      return true, out
    end,
  }
end

local INDEX = {
  title = args.string,  -- default فهرس الأعلام
  links = args.boolean, -- links to the occurrences (HTML; default true)
  types = args.custom("a map of type to title", function(v) return args.accept(type(v) == "table", v) end),
}

--- The `arabic:` block's options.
M.OPTIONS = {
  entities = step(paths.guard(gazetteer.ENTITY_OPTIONS, { "gazetteers", "gazetteer" }, "gazetteer"), "gazetteers", {
    link = args.string,  -- "https://example.org/entity/{id}": {id} {type} {canonical} {name}
    style = args.string, -- docx character style (default Entity)
  }, "true, false, a gazetteer, a list of gazetteers or a table of options"),
  dates = step(dates.OPTIONS, "reference", { style = args.string },
    "true, false, a reference date YYYY-MM-DD or a table of options (calendars, reference, style)"),
  sentences = step(paths.guard(sentences.OPTIONS, { "abbreviations" }, "abbreviations")),
  normalize = args.custom("false, true or a preset name or normalization options", function(v)
    if v == nil or v == false then return true, nil end
    return args.normalization.test(v == true and "display" or v)
  end),
  boilerplate = step(paths.guard(boilerplate.OPTIONS, { "lists" }, "lists")),
  direction = args.one_of { true, false, "auto", "rtl", "ltr" },
  index = step(INDEX, "title", nil, "true, false, a title or a table of options (links, title, types)"),
  metadata = args.boolean,
  numbers = args.boolean,
  transliterate = ptranslit.OPTION, -- romanized entities: arabic/pandoc/translit.lua
}

local function fail(msg) error("arabic filter: " .. msg, 0) end
M.fail = fail

-- Set the value at a dotted path in t ("entities.types" -> t.entities.types);
-- a step given as true becomes a table when one of its options follows.
local function set_path(t, path, v, written)
  local keys = {}
  for k in path:gmatch("[^.]+") do keys[#keys + 1] = k end
  if #keys == 0 then fail(("metadata key '%s' names no option"):format(written)) end
  for i = 1, #keys - 1 do
    local k = keys[i]
    local cur = truthy(t[k])
    if cur == nil or cur == true then
      cur = {}
      t[k] = cur
    elseif type(cur) ~= "table" then
      fail(("metadata key '%s': '%s' is %s, not a table of options"):format(written,
        "arabic." .. table.concat(keys, ".", 1, i), args.show(t[k])))
    end
    t = cur
  end
  t[keys[#keys]] = v
end

--- The raw options of a document: the `arabic` metadata value (as plain
-- Lua values) with the `arabic.KEY` fields (also as plain values) merged
-- in; fields is a map of the metadata key (arabic.dates) to its value.
-- Returns nil when neither is there (the defaults).
function M.gather(raw, fields)
  local names = {}
  for k in pairs(fields or {}) do names[#names + 1] = k end
  if #names == 0 then return raw end
  table.sort(names) -- arabic.entities before arabic.entities.types
  local t
  if raw == nil or truthy(raw) == true then t = {}
  elseif type(raw) == "table" then t = raw
  else
    fail(("metadata key '%s' given while 'arabic' is %s"):format(names[1], args.show(raw)))
  end
  for _, k in ipairs(names) do set_path(t, k:sub(#"arabic." + 1), fields[k], k) end
  return t
end

-- Types of entities the gazetteers know: a types option naming another is
-- a mistake (a typo finds nothing, silently).
local function check_types(e)
  local bad = e.types and gazetteer._unknown_types(e.types, e.gazetteers or { gazetteer.default() })
  if bad then fail((bad:gsub("^option 'types'", "option 'arabic.entities.types'"))) end
end

--- Options from the `arabic:` metadata value (nil: the defaults). Errors
-- name the key: "arabic filter: unknown option 'arabic.entities.fuzy'; ...".
function M.read(raw)
  local o = raw == nil and {} or raw
  if type(o) ~= "table" then
    local b = truthy(o)
    if b == false then return {} end
    if b ~= true then
      fail(("'arabic' must be true, false or a table of options (%s), got %s"):format(args.names(M.OPTIONS),
        args.show(o)))
    end
    o = {}
  end
  -- entities and direction are on unless turned off; the rest is opt-in
  local given = {}
  for k, v in pairs(o) do given[k] = truthy(v) end
  if given.entities == nil then given.entities = true end
  if given.direction == nil then given.direction = true end
  if type(given.boilerplate) == "string" then given.boilerplate = { lists = { "default", given.boilerplate } } end
  local checked = {}
  for k, v in pairs(given) do
    local ty = M.OPTIONS[k]
    if not ty then fail(("unknown option 'arabic.%s'; valid: %s"):format(tostring(k), args.names(M.OPTIONS))) end
    if ty.from_text and type(v) == "string" and not ty.spec then v = ty.from_text(v) end
    local ok, value, final = ty.test(v, k, "arabic." .. k)
    if not ok then
      if final then fail(value) end
      if value ~= nil then fail(("option 'arabic.%s': %s"):format(k, value)) end
      fail(("option 'arabic.%s' must be %s, got %s"):format(k, ty.what, args.show(o[k])))
    end
    checked[k] = value
  end
  local c = checked
  local out = { normalize = c.normalize, boilerplate = c.boilerplate, sentences = c.sentences,
    direction = c.direction, metadata = c.metadata, numbers = c.numbers == true }
  if c.entities then
    check_types(c.entities)
    local match = args.extend(c.entities)
    match.link, match.style = nil, nil
    out.entities = { link = c.entities.link, style = c.entities.style, match = match }
  end
  if c.dates then out.dates = { reference = c.dates.reference, style = c.dates.style } end
  out.transliterate = ptranslit.read(c.transliterate)
  if out.transliterate and not out.entities then fail("'transliterate' needs 'entities'") end
  if c.index then
    out.index = { title = c.index.title or "فهرس الأعلام", links = c.index.links ~= false, types = c.index.types }
    if not out.entities then fail("'arabic.index' needs 'arabic.entities'") end
  end
  return out
end

return M
