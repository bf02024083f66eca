--- arabic: fast, faithful Arabic text processing.
-- The public Lua API over the C core (`arabic.core`). Offsets are 1-based
-- inclusive byte positions, as `string.sub` counts them.
local core = require "arabic.core"
local args = require "arabic.args"

local M = {}

M._VERSION = core._VERSION
M.utf8proc_version = core.utf8proc_version
M.pcre2_version = core.pcre2_version
M.unicode_version = core.unicode_version
M.core = core

local DEFAULT_PRESET = "search"

local function check_string(s, argn, fname, level)
  if type(s) ~= "string" then args.error(fname, argn, "string expected, got " .. type(s), level + 1) end
end

-- One compiled normalizer per preset name, made on first use.
local preset_cache = {}

--- A reusable normalizer. `opts` is a preset name ("display", "search",
-- "lucene", "camel", "none") or an option table, which may name a preset
-- and override options of it: `{ preset = "search", teh_marbuta = "heh" }`.
-- The result is callable: `norm(s) --> string, invalid_count`; it also has
-- `norm:map(s) --> string, map, invalid_count` and `norm:options()`.
function M.normalizer(opts)
  if opts == nil then opts = DEFAULT_PRESET end
  local n, err = core.normalizer(opts)
  if not n then args.error("normalizer", 1, err, 2) end
  return n
end

local function get_normalizer(opts, argn, fname)
  if opts == nil then opts = DEFAULT_PRESET end
  if type(opts) == "userdata" then return opts end
  local n = type(opts) == "string" and preset_cache[opts]
  if n then return n end
  local err
  n, err = core.normalizer(opts)
  if not n then args.error(fname, argn, err, 3) end
  if type(opts) == "string" then preset_cache[opts] = n end
  return n
end

--- Normalize a string: `arabic.normalize(s [, preset_or_options])`.
-- The default preset is "search". Invalid UTF-8 becomes U+FFFD; with
-- `strict = true` it returns nil and a message naming the byte offset.
function M.normalize(s, opts)
  check_string(s, 1, "normalize", 2)
  local n = get_normalizer(opts, 2, "normalize")
  local out, err = n(s)
  if out == nil then return nil, err end
  return out
end

--- Normalize and return the offset map: `out, map = arabic.normalize_map(s, opts)`.
-- `map:source(i, j)` gives the source byte range of `out:sub(i, j)`;
-- `map:target(i, j)` the normalized range of `s:sub(i, j)`.
function M.normalize_map(s, opts)
  check_string(s, 1, "normalize_map", 2)
  local n = get_normalizer(opts, 2, "normalize_map")
  local out, map = n:map(s)
  if out == nil then return nil, map end
  return out, map
end

--- The presets: name -> option table.
function M.presets() return core.presets() end

--- The options: name -> description of accepted values.
function M.options() return core.options() end

--- Iterate over tokens: `for first, last, kind in arabic.tokens(s) do`.
-- Kinds: word, number, punct, symbol, latin, url, email, other.
function M.tokens(s, init)
  check_string(s, 1, "tokens", 2)
  if init ~= nil and type(init) ~= "number" then args.error("tokens", 2, "number expected, got " .. type(init), 2) end
  if init ~= nil and (init < 1 or init > #s + 1 or init ~= math.floor(init)) then
    args.error("tokens", 2, ("position %s out of range 1..%d"):format(tostring(init), #s + 1), 2)
  end
  return core.tokens(s, init)
end

--- All tokens as a list of `{ first =, last =, kind =, text = }`.
function M.tokenize(s)
  check_string(s, 1, "tokenize", 2)
  local list, n = {}, 0
  for first, last, kind in core.tokens(s) do
    n = n + 1
    list[n] = { first = first, last = last, kind = kind, text = s:sub(first, last) }
  end
  return list
end

--- Named entities with the default gazetteer (or others):
-- arabic.entities(s [, opts]) --> list of match tables (see
-- gazetteer:find). opts.gazetteers: a gazetteer, a name/path ("default",
-- "people.tsv", "big.gaz"), or a list of them (default: "default"); the
-- other options go to matching (types, ids, fuzzy, clitics, context,
-- overlapping, extend_names). unknown_names (default true) adds the persons
-- and organizations found from context (arabic.names); every match has
-- source = "gazetteer" or "context". With several gazetteers the results
-- are merged leftmost-longest, gazetteer matches first.
local entities_default -- the default gazetteer's compiled form and the lexicon, for calls without options

function M.entities(s, opts)
  check_string(s, 1, "entities", 2)
  if opts == nil then
    -- the common call: no options to check, objects made once
    if not entities_default then
      entities_default = { M.gazetteer.default():compiled(), require("arabic.names").default() }
    end
    return entities_default[2]:entities(entities_default[1], s, 0, nil, nil, 0, true)
  end
  local gz = M.gazetteer
  local o = args.check(opts, gz.ENTITY_OPTIONS, "entities", 2, 2)
  local list = o.gazetteers or o.gazetteer or { gz.default() }
  local unknown = o.unknown_names ~= false
  local names = require "arabic.names"
  local lex = names.default()
  local flags, types, ids = gz._match_flags(list[1], o, "entities", 2)
  if #list == 1 then return names.entities(lex, list[1], s, flags, types, ids, unknown) end
  local all = {}
  for k, g in ipairs(list) do
    if k > 1 then flags, types, ids = gz._match_flags(g, o, "entities", 2) end
    for _, m in ipairs(names.entities(lex, g, s, flags, types, ids, false)) do all[#all + 1] = m end
  end
  if unknown then
    for _, m in ipairs(names.entities(lex, nil, s, flags, types, ids, true)) do all[#all + 1] = m end
  end
  table.sort(all, function(a, b)
    if a.token_first ~= b.token_first then return a.token_first < b.token_first end
    if a.source ~= b.source then return a.source == "gazetteer" end
    return a.last > b.last
  end)
  if o.overlapping then return all end
  local out, reach = {}, 0
  for _, m in ipairs(all) do
    if m.token_first > reach then
      out[#out + 1] = m
      reach = m.last
    end
  end
  return out
end

--- Sentence boundaries: for first, last in arabic.sentences(s [, opts]) do.
-- opts.mode: "lines" (default), "wrapped" or "auto"; opts.abbreviations:
-- false, a file, or a list of "default", files and abbreviations.
local sentences_mod -- arabic.sentences, loaded on first use
function M.sentences(s, opts)
  sentences_mod = sentences_mod or require "arabic.sentences"
  return sentences_mod.sentences(s, opts)
end

--- The sentences of s as a list of strings (same options).
function M.split_sentences(s, opts) return require("arabic.sentences").split(s, opts) end

--- A PCRE2 pattern: arabic.regex(pattern [, flags [, opts]]) with :find,
-- :match, :gmatch, :gsub (see lua/arabic/regex.lua).
function M.regex(pattern, flags, opts) return require("arabic.regex").new(pattern, flags, opts) end

--- Date expressions: for d in arabic.dates(s [, { reference = "2024-03-16" }]) do
-- d.first, d.last, d.text, d.value (ISO 8601), d.calendar, d.gregorian,
-- d.grain, d.mod, d.conflict ... (see lua/arabic/dates.lua)
function M.dates(s, opts) return require("arabic.dates").iter(s, opts) end

--- Numbers in digits and words: arabic.numbers(s) --> list of
-- { first, last, text, value, percent }.
function M.numbers(s) return require("arabic.numbers").find(s) end

--- News-page chrome removal: arabic.boilerplate(s [, opts]) --> { text,
-- kept, removed = { { first, last, rule, text }, ... }, banner }.
function M.boilerplate(s, opts) return require("arabic.boilerplate").clean(s, opts) end

--- A reusable pipeline from a configuration table: arabic.pipeline{
-- boilerplate = true, sentences = true, entities = { "default" }, dates =
-- true }; p:run(text) --> { text, sentences, entities, dates, removed, ... }
function M.pipeline(config) return require("arabic.pipeline").new(config) end

-- Submodules load on first use: require "arabic" stays light.
local lazy = { gazetteer = "arabic.gazetteer", data = "arabic.data", json = "arabic.json", pandoc = "arabic.pandoc" }
setmetatable(M, {
  __index = function(t, k)
    local mod = lazy[k]
    if mod then
      local v = require(mod)
      rawset(t, k, v)
      return v
    end
  end,
})

return M
