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

local function check_string(s, argn, fname, level)
  if type(s) ~= "string" then args.error(fname, argn, "string expected, got " .. type(s), level + 1) end
end

--- A reusable normalizer. `opts` is a preset name ("display", "search",
-- "lucene", "camel", "none") or an option table, which may name a preset
-- and override options of it: `{ preset = "search", teh_marbuta = "heh" }`.
-- The one rule of the library: nothing named means the "search" preset,
-- and so does a table without `preset` ({ teh_marbuta = "heh" } folds
-- everything "search" folds, and teh marbuta); `{ preset = "none", ... }`
-- starts from nothing.
-- The result is callable: `norm(s) --> string, invalid_count`; it also has
-- `norm:map(s) --> string, map, invalid_count` and `norm:options()`.
function M.normalizer(opts)
  local n, err = args.normalizer(opts)
  if not n then args.error("normalizer", 1, err, 2) end
  return n
end

-- The normalizer of normalize(s, opts): a preset's compiled once
-- (args.shared_normalizer), a table's compiled for the call.
local function get_normalizer(opts, argn, fname)
  if type(opts) == "userdata" then return opts end
  local n, err = args.shared_normalizer(opts)
  if not n then args.error(fname, argn, err, 3) end
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
function M.find_tokens(s)
  check_string(s, 1, "find_tokens", 2)
  local list, n = {}, 0
  for first, last, kind in core.tokens(s) do
    n = n + 1
    list[n] = { first = first, last = last, kind = kind, text = s:sub(first, last) }
  end
  return list
end

--- Deprecated (kept for one release): the old name of find_tokens.
M.tokenize = M.find_tokens

--- Named entities with the default gazetteer (or others):
-- arabic.entities(s [, opts]) --> list of match tables (see
-- gazetteer:find). opts.gazetteers: a gazetteer, a name/path ("default",
-- "people.tsv", "big.gaz"), or a list of them (default: "default"); the
-- other options go to matching (types, ids, fuzzy, clitics, context,
-- overlapping, extend_names). unknown_names (default true) adds the persons
-- and organizations found from context (arabic.names); every match has
-- source = "gazetteer" or "context". With several gazetteers the results
-- are merged by merge_entities' rule (below), and each match says which
-- gazetteer of the list it came from (m.gazetteer).
-- arabic.entities itself is a C closure (core.entities_entry, below): a
-- call with a string and no options finds what lex:entities(default
-- gazetteer, s, 0, nil, nil, 0, true) finds, with the lexicon, the compiled
-- gazetteer and what it looks up on every call kept from the first call;
-- any other call goes to entities_slow.

-- The matches of several gazetteers (and the names found from context)
-- merged into one list, the same whatever the Lua and the run: ordered by
-- where the whole token starts, gazetteer matches before context ones,
-- longer before shorter, exact before fuzzy, then the entry's priority
-- (higher first), then the order of the gazetteers in the list (earlier
-- first: the same rule as between entries of one gazetteer, where the
-- entry added first wins), then the order each gazetteer gave. The sort
-- key is total, so table.sort's instability cannot show. Without
-- `overlapping`, the first match at each place wins and the ones it covers
-- go (leftmost-longest). from[m]: the gazetteer match m came from.
local entry_priorities = setmetatable({}, { __mode = "k" }) -- compiled gazetteer -> entry -> priority

local function merge_entities(all, from, overlapping)
  local rank = {}
  for i, m in ipairs(all) do rank[m] = i end
  local function priority(m)
    local g = from[m]
    if not g or not m.entry then return 0 end
    local c = g:compiled()
    local known = entry_priorities[c]
    if not known then
      known = {}
      entry_priorities[c] = known
    end
    local p = known[m.entry]
    if p == nil then
      local e = c:entry(m.entry)
      p = e and e.priority or 0
      known[m.entry] = p
    end
    return p
  end
  table.sort(all, function(a, b)
    if a.token_first ~= b.token_first then return a.token_first < b.token_first end
    if a.source ~= b.source then return a.source == "gazetteer" end
    if a.last ~= b.last then return a.last > b.last end
    if a.distance ~= b.distance then return a.distance < b.distance end
    local pa, pb = priority(a), priority(b)
    if pa ~= pb then return pa > pb end
    return rank[a] < rank[b] -- gazetteer order, then each gazetteer's own
  end)
  if overlapping then return all end
  local out, reach = {}, 0
  for _, m in ipairs(all) do
    if m.token_first > reach then
      out[#out + 1] = m
      reach = m.last
    end
  end
  return out
end

-- Options checked once per options table: scripts call entities line by
-- line with the same table, and checking it cost about a tenth of a call.
-- The last table seen twice in a row is kept (weakly) with its checked
-- form and a copy of what it held (and of the lists in it), used only
-- while the table still holds exactly that; a table made afresh for every
-- call costs one comparison more. A table that names gazetteers by file is
-- checked (and the files read) on every call, as before.
local last_opts = setmetatable({}, { __mode = "v" }) -- [1]: the last table
local checked_opts = setmetatable({}, { __mode = "k" }) -- [that table]: its checked entry

-- A copy of opts' values, or nil when opts must not be cached.
local function opts_copy(opts)
  local copy, n = { values = {}, lists = {} }, 0
  for k, v in pairs(opts) do
    n = n + 1
    copy.values[k] = v
    if type(v) == "table" and getmetatable(v) == nil then
      local l, m = {}, 0
      for kk, vv in pairs(v) do
        m = m + 1
        if type(vv) == "table" and getmetatable(vv) == nil then return nil end
        l[kk] = vv
      end
      l[copy] = m -- the count, under a key no list can hold
      copy.lists[k] = l
      v = l
    end
    if k == "gazetteers" or k == "gazetteer" then
      local list = type(v) == "table" and getmetatable(v) == nil and v or { v }
      for kk, spec in pairs(list) do
        if kk ~= copy and type(spec) ~= "table" and spec ~= "default" and spec ~= true then return nil end
      end
    end
  end
  copy.n = n
  return copy
end

-- Does opts hold what copy says it held?
local function opts_same(opts, copy)
  local n, values, lists = 0, copy.values, copy.lists
  for k, v in pairs(opts) do
    if values[k] ~= v then return false end
    local l = lists[k]
    if l then
      local m = 0
      for kk, vv in pairs(v) do
        if l[kk] ~= vv then return false end
        m = m + 1
      end
      if m ~= l[copy] then return false end
    end
    n = n + 1
  end
  return n == copy.n
end

-- The checked options of opts (kept while opts is unchanged), the
-- gazetteer list they name, and the kept entry when they came from it
-- (entities_slow keeps its bound matcher there).
-- level: where errors point, as args.check takes it (default 3: the
-- caller of the function that called this one).
local function entity_options(opts, level)
  local gz = M.gazetteer
  local c = last_opts[1] == opts and checked_opts[opts]
  if c and opts_same(opts, c.copy) then return c.o, c.list, c end
  local o = args.check(opts, gz.ENTITY_OPTIONS, "entities", 2, level or 3)
  local list = o.gazetteers or o.gazetteer or { gz.default() }
  if last_opts[1] ~= opts then
    -- first sight: remember the table only
    if last_opts[1] ~= nil then checked_opts[last_opts[1]] = nil end
    last_opts[1] = opts
  else
    local copy = opts_copy(opts)
    checked_opts[opts] = copy and { copy = copy, o = o, list = list } or nil
  end
  return o, list
end
M._entity_options = entity_options -- for the specs

-- arabic.entities(s, opts) other than with a string and no options;
-- level: where its errors point (2: the caller of this function; the C
-- closure passes 3, its own caller).
local function entities_slow(s, opts, level)
  check_string(s, 1, "entities", level)
  local gz = M.gazetteer
  local o, list
  local kept
  if type(opts) == "table" then
    o, list, kept = entity_options(opts, level + 1)
    -- the same options table again: the matcher bound for it, while the
    -- gazetteer's compiled form is the one it was bound to
    local bound = kept and kept.bound
    if bound and bound[1] == list[1]:compiled() then return bound[2](s) end
  else
    o = args.check(opts, gz.ENTITY_OPTIONS, "entities", 2, level)
    list = o.gazetteers or o.gazetteer or { gz.default() }
  end
  local bad = o.types and gz._unknown_types(o.types, list)
  if bad then args.error("entities", 2, bad, level) end
  local unknown = o.unknown_names ~= false
  local names = require "arabic.names"
  local lex = names.default()
  local flags, types, ids = gz._match_flags(list[1], o, "entities", level)
  if #list == 1 then
    if kept and not types and not ids then
      -- one gazetteer, no lists: what names.entities calls, bound once
      -- (the checks above give the same answers while opts is unchanged)
      local c = list[1]:compiled()
      kept.bound = { c, lex:entities_fn(c, flags, 0, unknown) }
    end
    return names.entities(lex, list[1], s, flags, types, ids, unknown)
  end
  local all, from = {}, {}
  for k, g in ipairs(list) do
    if k > 1 then flags, types, ids = gz._match_flags(g, o, "entities", level) end
    for _, m in ipairs(names.entities(lex, g, s, flags, types, ids, false)) do
      m.gazetteer = k
      all[#all + 1] = m
      from[m] = g
    end
  end
  if unknown then
    for _, m in ipairs(names.entities(lex, nil, s, flags, types, ids, true)) do all[#all + 1] = m end
  end
  return merge_entities(all, from, o.overlapping)
end

M.entities = core.entities_entry(entities_slow, function()
  return require("arabic.names").default(), M.gazetteer.default():compiled()
end)

-- What lex:entities takes for opts (one gazetteer): the lexicon, the
-- compiled gazetteer, flags, types, ids and whether names are found from
-- context; nil when opts name more than one gazetteer (their matches are
-- merged in Lua: the caller makes the tables).
local function entity_call(opts)
  local gz = M.gazetteer
  local o, list = entity_options(opts)
  if #list ~= 1 then return nil end
  local bad = o.types and gz._unknown_types(o.types, list)
  if bad then args.error("entities", 2, bad, 3) end
  local flags, types, ids = gz._match_flags(list[1], o, "entities", 3)
  return require("arabic.names").default(), list[1]:compiled(), flags, types, ids, o.unknown_names ~= false
end

--- The entities of s as arabic.entities(s, opts) finds them, written as
-- JSON objects (as _entities_start's below) at once; nil when opts name
-- more than one gazetteer.
function M._entities_json(s, opts, value_json)
  local lex, c, flags, types, ids, unknown = entity_call(opts)
  if not lex then return nil end
  return (lex:entities_json(c, s, flags, types, ids, 0, unknown, 0, value_json))
end

--- The entities arabic.entities(s, opts) finds, matched on a thread of
-- their own (a second core) while the caller goes on: holder._worker
-- (made here on the first call, after the gazetteer and the lexicon it
-- uses, with M._WORKER_SLOTS slots) starts on s and the task's ticket is
-- returned; holder._worker:json(0, value_json, ticket) then writes them
-- as JSON objects with the keys first, last,
-- text, type, id, canonical, clitic, fuzzy (json.objects' form), joined by
-- commas, without a table a match. With mode (and abbrevs, wrap_width:
-- sentences._options), the worker splits the sentences too and json gives
-- their JSON objects after the entities'. With the dates' normalizer and
-- trigger set (dates._prep_objects), it first makes what
-- holder._worker:prep(ticket) gives for dates._find_prepared. A caller
-- may start up to M._WORKER_SLOTS texts before it reads the first (they
-- run in turn); a start beyond that drops the oldest task's results. nil
-- (nothing started) when opts name more than one gazetteer. For
-- `arabic annotate`.
M._WORKER_SLOTS = 3
function M._entities_start(s, opts, holder, mode, abbrevs, wrap_width, dates_norm, dates_triggers)
  local lex, c, flags, types, ids, unknown = entity_call(opts)
  if not lex then return nil end
  holder._worker = holder._worker or core.entity_worker(M._WORKER_SLOTS)
  return holder._worker:start(lex, c, s, flags, types, ids, 0, unknown, mode, abbrevs, wrap_width, dates_norm,
    dates_triggers)
end

--- Sentence boundaries: for first, last in arabic.sentences(s [, opts]) do.
-- opts.mode: "lines" (default), "wrapped" or "auto"; opts.abbreviations:
-- false, a file, or a list of "default", files and abbreviations.
local sentences_mod -- arabic.sentences, loaded on first use
function M.sentences(s, opts)
  sentences_mod = sentences_mod or require "arabic.sentences"
  return sentences_mod.sentences(s, opts)
end

--- The sentences of s as a list of strings (same options; find_sentences
-- gives them with their offsets).
function M.split_sentences(s, opts) return require("arabic.sentences").split(s, opts) end

--- A PCRE2 pattern: arabic.regex(pattern [, flags [, opts]]) with :find,
-- :match, :gmatch, :gsub (see lua/arabic/regex.lua).
function M.regex(pattern, flags, opts) return require("arabic.regex").new(pattern, flags, opts) end

--- Date expressions: for d in arabic.dates(s [, { reference = "2024-03-16" }]) do
-- d.first, d.last, d.text, d.value (ISO 8601), d.calendar, d.gregorian,
-- d.grain, d.mod, d.conflict ... (see lua/arabic/dates.lua)
function M.dates(s, opts) return require("arabic.dates").iter(s, opts) end

--- Numbers in digits and words: arabic.numbers(s) --> list of
-- { first, last, text, value, percent }. No options yet: a key given is an
-- error.
function M.numbers(s, opts) return require("arabic.numbers").find(s, opts) end

--- News-page chrome removal: arabic.boilerplate(s [, opts]) --> { text,
-- kept, removed = { { first, last, rule, text }, ... }, banner }.
function M.boilerplate(s, opts) return require("arabic.boilerplate").clean(s, opts) end

--- Transliteration (lua/arabic/translit.lua): arabic.transliterate(s,
-- scheme [, { reverse = true, strict = true }]) --> string;
-- arabic.transliterator{ scheme = "ala-lc" } compiled once, with
-- t(s) and t:map(s) --> out, map, stats; arabic.schemes() --> the list.
function M.transliterate(s, scheme, opts) return require("arabic.translit").transliterate(s, scheme, opts, 2) end
function M.transliterator(opts) return require("arabic.translit").new(opts, 2) end
function M.schemes() return require("arabic.translit").schemes() end

--- A reusable pipeline from a configuration table: arabic.pipeline{
-- boilerplate = true, sentences = true, entities = { "default" }, dates =
-- true }; p:run(text) --> { text, sentences, entities, dates, removed, ... }
function M.pipeline(config) return require("arabic.pipeline").new(config) end

-- Corpus tools (lua/arabic/stem.lua, stopwords.lua, freq.lua, kwic.lua,
-- dedup.lua, export.lua, stream.lua; each exports its options as `OPTIONS`).
function M.stem(word, algorithm) return require("arabic.stem").stem(word, algorithm) end
function M.stemmer(opts) return require("arabic.stem").stemmer(opts) end
function M.stem_step(opts) return require("arabic.stem").step(opts) end
function M.stopwords(name, opts) return require("arabic.stopwords").get(name, opts) end
function M.freq(input, opts) return require("arabic.freq").freq(input, opts) end
function M.kwic(text, query, opts) return require("arabic.kwic").kwic(text, query, opts) end
function M.concordancer(query, opts) return require("arabic.kwic").concordancer(query, opts) end
function M.dedup(docs, opts) return require("arabic.dedup").dedup(docs, opts) end
function M.export(doc, format, opts) return require("arabic.export").export(doc, format, opts) end
function M.lines(file, opts) return require("arabic.stream").lines(file, opts) end
function M.stream(iter, pipeline, opts) return require("arabic.stream").stream(iter, pipeline, opts) end

-- ------------------------------------------------ lists and iterators
--
-- Every finder comes in both forms, named the same way: find_X gives a
-- list, each_X an iterator over the same tables, each with first, last
-- (1-based inclusive bytes of s) and text = s:sub(first, last):
--   find_tokens(s)            each_token(s)           + kind
--   find_sentences(s, opts)   each_sentence(s, opts)
--   find_entities(s, opts)    each_entity(s, opts)    = entities(s, opts)
--   find_dates(s, opts)       each_date(s, opts)      = dates(s, opts)
--   find_numbers(s, opts)     each_number(s, opts)    = numbers(s, opts)
-- The short names keep what they always gave: tokens and sentences
-- iterate over first, last (, kind) without making tables, dates
-- iterates, entities and numbers are lists.

local function each(list)
  local i = 0
  return function()
    i = i + 1
    return list[i]
  end
end

--- for t in arabic.each_token(s) do ... end (t: first, last, kind, text)
function M.each_token(s)
  check_string(s, 1, "each_token", 2)
  local next_token = core.tokens(s)
  return function()
    local first, last, kind = next_token()
    if first then return { first = first, last = last, kind = kind, text = s:sub(first, last) } end
  end
end

--- The sentences of s as a list of { first, last, text }.
function M.find_sentences(s, opts) return require("arabic.sentences").list(s, opts) end

--- for x in arabic.each_sentence(s [, opts]) do ... end (x: first, last, text)
function M.each_sentence(s, opts) return each(require("arabic.sentences").list(s, opts, "each_sentence")) end

M.find_entities = M.entities

--- for m in arabic.each_entity(s [, opts]) do ... end
function M.each_entity(s, opts) return each(M.entities(s, opts)) end

--- The date expressions of s as a list (the tables arabic.dates gives).
function M.find_dates(s, opts) return require("arabic.dates").find(s, opts) end

M.each_date = M.dates
M.find_numbers = M.numbers

--- for n in arabic.each_number(s) do ... end
function M.each_number(s, opts) return each(M.numbers(s, opts)) end

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
