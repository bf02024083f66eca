--- Gazetteers: named-entity lists matched in text, clitic-aware and
-- spelling-variant tolerant, with ambiguity control. The matching itself is
-- C (arabic.core); this module loads sources, validates options, compiles
-- lazily and calibrates.
local core = require "arabic.core"
local data = require "arabic.data"
local args = require "arabic.args"

local M = {}

local Gazetteer = {}
Gazetteer.__index = Gazetteer

-- The flag bits come from the C side (csrc/arabic.h), by name.
local FLAGS = core.flags()
local GM = FLAGS.match

local function sorted_keys(t)
  local k = {}
  for name in pairs(t) do k[#k + 1] = name end
  table.sort(k)
  return k
end

--- Validate an option table against `valid` (name -> true); errors name the
-- key, the function and the argument.
local function check_options(opts, valid, fname, argn, level)
  if opts == nil then return {} end
  if type(opts) ~= "table" then
    error(("bad argument #%d to '%s' (options table expected, got %s)"):format(argn, fname, type(opts)), level + 1)
  end
  for k in pairs(opts) do
    if not valid[k] then
      error(("bad argument #%d to '%s' (unknown option '%s'; valid: %s)")
        :format(argn, fname, tostring(k), table.concat(sorted_keys(valid), ", ")), level + 1)
    end
  end
  return opts
end
M._check_options = check_options

local function check_bool(v, key, fname, argn, level)
  if v ~= nil and type(v) ~= "boolean" then
    error(("bad argument #%d to '%s' (option '%s' must be a boolean, got %s)"):format(argn, fname, key, type(v)), level + 1)
  end
end

local function fuzzy_value(v, fname, argn, level)
  if v == nil or v == false or v == 0 then return false end
  if v == true or v == 1 then return true end
  error(("bad argument #%d to '%s' (option 'fuzzy' must be false, true, 0 or 1, got %s)")
    :format(argn, fname, tostring(v)), level + 1)
end

local NEW_OPTIONS = { normalize = true, clitics = true, fuzzy = true, fuzzy_index = true, context = true }

--- A new, empty gazetteer.
-- opts.normalize: preset name or option table for matching (default "search");
-- opts.clitics (default true), opts.fuzzy (false, or 1: edit distance 1),
-- opts.context (default true: needs-context rules apply) are the defaults
-- of :matches(); opts.fuzzy_index = false skips the fuzzy index.
function M.new(opts)
  opts = check_options(opts, NEW_OPTIONS, "gazetteer.new", 1, 2)
  check_bool(opts.clitics, "clitics", "gazetteer.new", 1, 2)
  check_bool(opts.context, "context", "gazetteer.new", 1, 2)
  check_bool(opts.fuzzy_index, "fuzzy_index", "gazetteer.new", 1, 2)
  local b, err = core.gaz_builder(opts.normalize or "search")
  if not b then args.error("gazetteer.new", 1, "option 'normalize': " .. err, 2) end
  local self = setmetatable({
    _b = b,
    _g = nil,
    _demoted = {},
    _defaults = {
      clitics = opts.clitics ~= false,
      fuzzy = fuzzy_value(opts.fuzzy, "gazetteer.new", 1, 2),
      context = opts.context ~= false,
    },
    _fuzzy_index = opts.fuzzy_index ~= false,
  }, Gazetteer)
  return self
end

local function read_only(self, fname)
  if not self._b then
    error(("'%s': this gazetteer was opened from a compiled file and is read-only; "
      .. "build a new one with gazetteer.new() and :load() its sources"):format(fname), 3)
  end
end

local ADD_FIELDS = {
  type = true, id = true, canonical = true, flags = true, priority = true, attributes = true,
  exact_only = true, needs_context = true,
}

--- Flags given as a string ("exact_only,priority=2", read by the C
-- grammar that TSV files use too), a list or set of flag names, or the
-- exact_only / needs_context fields: returns flags, priority.
local function flags_of(info)
  local names, priority = {}, info.priority or 0
  local f = info.flags
  if type(f) == "string" then
    names[1] = f
  elseif type(f) == "table" then
    for k, v in pairs(f) do
      local name = type(k) == "number" and v or k
      if type(name) ~= "string" or name:find(",") then
        return nil, "flags must be flag names (a list or a set of them), got " .. tostring(name)
      end
      if v then names[#names + 1] = name end
    end
  elseif f ~= nil then
    return nil, "flags must be a string or a table"
  end
  if info.exact_only then names[#names + 1] = "exact_only" end
  if info.needs_context then names[#names + 1] = "needs_context" end
  local flags, p = core.gaz_parse_flags(table.concat(names, ","))
  if not flags then return nil, p end
  if p then priority = p end
  if type(priority) ~= "number" or priority ~= math.floor(priority) then
    return nil, "priority must be an integer"
  end
  return flags, priority
end

--- Add one name: g:add("بريت ماكغورك", { type = "PER", id = "brett-mcgurk",
-- canonical = "بريت ماكغورك", flags = "needs_context", priority = 1,
-- attributes = { en = "Brett McGurk" } }). info may also be a type string.
function Gazetteer:add(name, info)
  read_only(self, "add")
  if type(name) ~= "string" then
    error(("bad argument #1 to 'add' (string expected, got %s)"):format(type(name)), 2)
  end
  if type(info) == "string" then info = { type = info } end
  info = check_options(info, ADD_FIELDS, "add", 2, 2)
  local flags, priority = flags_of(info)
  if not flags then error(("bad argument #2 to 'add' (%s)"):format(priority), 2) end
  if info.attributes ~= nil and type(info.attributes) ~= "table" then
    error("bad argument #2 to 'add' (attributes must be a table)", 2)
  end
  local ok, err = self._b:add(name, {
    type = info.type, id = info.id, canonical = info.canonical,
    flags = flags, priority = priority, attributes = info.attributes,
  })
  if not ok then error(("bad argument #1 to 'add' (%s: %q)"):format(err, name), 2) end
  self._g = nil
  return self
end

local LOAD_OPTIONS = { format = true, strict = true }

local function load_jsonl(self, path, strict)
  local json = require "arabic.json"
  local f, err = io.open(path, "rb")
  if not f then return nil, ("%s: %s"):format(path, err) end
  local added, skipped, lines, lineno, first_bad = 0, 0, 0, 0, nil
  for line in f:lines() do
    lineno = lineno + 1
    line = line:gsub("\r$", "")
    if line:match("%S") then
      lines = lines + 1
      local obj, jerr = json.decode(line)
      local msg
      if type(obj) ~= "table" then
        msg = "not a JSON object" .. (jerr and (": " .. tostring(jerr)) or "")
      elseif type(obj.name) ~= "string" or obj.name == "" then
        msg = "no \"name\" string"
      else
        local attrs = type(obj.attributes) == "table" and obj.attributes or {}
        for k, v in pairs(obj) do
          if not ADD_FIELDS[k] and k ~= "name" and (type(v) == "string" or type(v) == "number") then
            attrs[k] = tostring(v)
          end
        end
        local flags, priority = flags_of(obj)
        if not flags then
          msg = priority
        else
          local ok, aerr = self._b:add(obj.name, {
            type = obj.type, id = obj.id and tostring(obj.id), canonical = obj.canonical,
            flags = flags, priority = priority, attributes = attrs,
          })
          if not ok then msg = aerr else added = added + 1 end
        end
      end
      if msg then
        msg = ("%s:%d: %s"):format(path, lineno, msg)
        if strict then
          f:close()
          return nil, msg
        end
        skipped = skipped + 1
        first_bad = first_bad or msg
      end
    end
  end
  f:close()
  return added, skipped, lines, first_bad
end

--- Load entries from a TSV file (header row: name, type, id, canonical,
-- flags, further columns = attributes) or JSON Lines (one object a line:
-- name, type, id, canonical, flags, priority, attributes; other fields
-- become attributes). The format follows the extension (.tsv, .jsonl,
-- .json) unless opts.format says. strict (default true): a bad line is an
-- error naming file and line; strict = false skips and counts them.
-- Returns the gazetteer and a report { added =, skipped =, lines =, first_error = }.
function Gazetteer:load(path, opts)
  read_only(self, "load")
  if type(path) ~= "string" then
    error(("bad argument #1 to 'load' (file name expected, got %s)"):format(type(path)), 2)
  end
  opts = check_options(opts, LOAD_OPTIONS, "load", 2, 2)
  check_bool(opts.strict, "strict", "load", 2, 2)
  local strict = opts.strict ~= false
  local format = opts.format or (path:match("%.jsonl?$") and "jsonl") or "tsv"
  local added, skipped, lines, first_bad
  if format == "tsv" then
    added, skipped, lines, first_bad = self._b:load_tsv(path, strict)
  elseif format == "jsonl" then
    added, skipped, lines, first_bad = load_jsonl(self, path, strict)
  else
    error(("bad argument #2 to 'load' (format must be \"tsv\" or \"jsonl\", got %q)"):format(tostring(format)), 2)
  end
  if not added then error(skipped, 2) end
  self._g = nil
  return self, { added = added, skipped = skipped, lines = lines, first_error = first_bad }
end

--- The compiled form (built on first use after changes).
function Gazetteer:compiled()
  if not self._g then
    self._g = assert(self._b:compile(self._fuzzy_index))
    for name, verdict in pairs(self._demoted) do self._g:demote(name, verdict) end
  end
  return self._g
end

--- Save the compiled gazetteer to a file that gazetteer.open() maps.
function Gazetteer:save(path)
  if type(path) ~= "string" then
    error(("bad argument #1 to 'save' (file name expected, got %s)"):format(type(path)), 2)
  end
  local ok, err = self:compiled():save(path)
  if not ok then error(err, 2) end
  return self
end

--- Number of entries.
function Gazetteer:count()
  if self._b then return self._b:count() end
  return self._g:stats().entries
end

--- Sizes of the compiled tables: entries, tokens, nodes, edges, fuzzy_keys,
-- types, bytes, mapped, fuzzy.
function Gazetteer:stats() return self:compiled():stats() end

--- The i-th entry (1-based) as a table, or nil.
function Gazetteer:entry(i) return self:compiled():entry(i) end

local MATCH_OPTIONS = {
  overlapping = true, types = true, ids = true, fuzzy = true, clitics = true, context = true,
  extend_names = true,
}

local function list_of_strings(v, key, fname, level)
  if v == nil then return nil end
  if type(v) == "string" then return { v } end
  if type(v) ~= "table" then
    error(("bad argument #2 to '%s' (option '%s' must be a string or a list of strings)"):format(fname, key), level + 1)
  end
  local out = {}
  for k, x in pairs(v) do
    if type(k) == "number" and type(x) == "string" then out[#out + 1] = x
    elseif type(k) == "string" and x == true then out[#out + 1] = k
    else
      error(("bad argument #2 to '%s' (option '%s' must be a string or a list of strings)"):format(fname, key), level + 1)
    end
  end
  return out
end

local function match_args(self, s, opts, fname, level)
  if type(s) ~= "string" then
    error(("bad argument #1 to '%s' (string expected, got %s)"):format(fname, type(s)), level + 1)
  end
  opts = check_options(opts, MATCH_OPTIONS, fname, 2, level + 1)
  check_bool(opts.overlapping, "overlapping", fname, 2, level + 1)
  check_bool(opts.clitics, "clitics", fname, 2, level + 1)
  check_bool(opts.context, "context", fname, 2, level + 1)
  check_bool(opts.extend_names, "extend_names", fname, 2, level + 1)
  local d = self._defaults
  local flags = 0
  if opts.overlapping then flags = flags + GM.overlap end
  local clitics = opts.clitics
  if clitics == nil then clitics = d.clitics end
  if not clitics then flags = flags + GM.no_clitics end
  local fuzzy = opts.fuzzy
  if fuzzy == nil then fuzzy = d.fuzzy else fuzzy = fuzzy_value(fuzzy, fname, 2, level + 1) end
  if fuzzy then
    if not self:compiled():stats().fuzzy then
      error(("'%s': fuzzy matching needs the fuzzy index, and this gazetteer was compiled without it"):format(fname), level + 1)
    end
    flags = flags + GM.fuzzy
  end
  local context = opts.context
  if context == nil then context = d.context end
  if not context then flags = flags + GM.no_context end
  if opts.extend_names then flags = flags + GM.extend end
  return flags, list_of_strings(opts.types, "types", fname, level + 1), list_of_strings(opts.ids, "ids", fname, level + 1)
end

--- All matches in s as a list of tables:
-- { first, last, token_first, text, clitic, type, id, name, canonical,
--   fuzzy, distance, attributes, entry, extended }. first/last: the name in
-- s (1-based inclusive bytes) after any clitic; token_first: where the
-- whole token starts (s:sub(token_first, first - 1) is the clitic).
-- opts: overlapping, types, ids, fuzzy, clitics, context, extend_names (a
-- person's match goes on over following words of persons' names, as
-- محمد + بن راشد آل مكتوم; such matches have extended = true).
function Gazetteer:find(s, opts)
  local flags, types, ids = match_args(self, s, opts, "find", 2)
  return self:compiled():match(s, flags, types, ids)
end

--- Iterate over the matches: for m in g:matches(s [, opts]) do ... end
function Gazetteer:matches(s, opts)
  local flags, types, ids = match_args(self, s, opts, "matches", 2)
  local list = self:compiled():match(s, flags, types, ids)
  local i = 0
  return function()
    i = i + 1
    return list[i]
  end
end

function Gazetteer:__tostring()
  return ("arabic.gazetteer (%d entries)"):format(self:count())
end

--- Open a compiled gazetteer file (mapped, ready at once; read-only).
-- opts.verify: true checks the whole file's checksum, false only its
-- structure; by default files up to 16 MB are checked in full.
function M.open(path, opts)
  if type(path) ~= "string" then
    error(("bad argument #1 to 'gazetteer.open' (file name expected, got %s)"):format(type(path)), 2)
  end
  opts = check_options(opts, { verify = true, clitics = true, fuzzy = true, context = true }, "gazetteer.open", 2, 2)
  check_bool(opts.verify, "verify", "gazetteer.open", 2, 2)
  check_bool(opts.clitics, "clitics", "gazetteer.open", 2, 2)
  check_bool(opts.context, "context", "gazetteer.open", 2, 2)
  local g, err = core.gaz_open(path, opts.verify)
  if not g then error(err, 2) end
  return setmetatable({
    _b = nil,
    _g = g,
    _demoted = {},
    _defaults = {
      clitics = opts.clitics ~= false,
      fuzzy = fuzzy_value(opts.fuzzy, "gazetteer.open", 2, 2),
      context = opts.context ~= false,
    },
  }, Gazetteer)
end

-- ------------------------------------------------------------ calibration

--- Gold spans from CoNLL BIO text: returns text (tokens joined by spaces,
-- sentences by newlines) and a list of { first, last, type }.
local function read_conll(path)
  local f, err = io.open(path, "rb")
  if not f then error(err, 3) end
  local parts, spans, pos = {}, {}, 1
  local cur, sentence_started = nil, false
  local function close_span()
    if cur then spans[#spans + 1] = cur end
    cur = nil
  end
  for line in f:lines() do
    line = line:gsub("\r$", "")
    if line == "" then
      close_span()
      if sentence_started then
        parts[#parts + 1] = "\n"
        pos = pos + 1
        sentence_started = false
      end
    else
      local tok, tag = line:match("^(.-)%s+(%S+)$")
      if not tok then tok, tag = line, "O" end
      if sentence_started then
        parts[#parts + 1] = " "
        pos = pos + 1
      end
      sentence_started = true
      local first, last = pos, pos + #tok - 1
      parts[#parts + 1] = tok
      pos = pos + #tok
      local bio, typ = tag:match("^([BI])%-(.+)$")
      if bio == "B" or (bio == "I" and (not cur or cur.type ~= typ)) then
        close_span()
        cur = { first = first, last = last, type = typ }
      elseif bio == "I" then
        cur.last = last
      else
        close_span()
      end
    end
  end
  close_span()
  f:close()
  return table.concat(parts), spans
end
M.read_conll = read_conll

--- Gold spans from the corpus' span TSV (0-based start, exclusive end).
local function read_span_tsv(path)
  local spans = {}
  for line in io.lines(path) do
    local a, b, t = line:match("^(%d+)\t(%d+)\t(%S+)")
    if a then spans[#spans + 1] = { first = tonumber(a) + 1, last = tonumber(b), type = t } end
  end
  return spans
end
M.read_span_tsv = read_span_tsv

local function read_file(path)
  local f, err = io.open(path, "rb")
  if not f then error(err, 3) end
  local s = f:read("*a")
  f:close()
  return s
end

--- Set calibration by hand: g:demote(name [, verdict]) where verdict is
-- "demote" (default; the name then needs context), "trust" (a common-word
-- name needs no context) or "reset". Returns the number of entries changed.
function Gazetteer:demote(name, verdict)
  if type(name) ~= "string" then
    error(("bad argument #1 to 'demote' (string expected, got %s)"):format(type(name)), 2)
  end
  if verdict == nil or verdict == true then verdict = "demote" end
  if verdict == false then verdict = "reset" end
  if verdict ~= "demote" and verdict ~= "trust" and verdict ~= "reset" then
    error("bad argument #2 to 'demote' (\"demote\", \"trust\" or \"reset\" expected)", 2)
  end
  self._demoted[name] = verdict
  return self:compiled():demote(name, verdict)
end

local ANN_KEYS = { conll = true, text = true, spans = true }

--- Text and gold spans from an annotation table (see calibrate).
local function annotation(ann, fname)
  if ann.conll then return read_conll(ann.conll) end
  if ann.text and ann.spans then
    local text = ann.text
    if not text:find("\n") and data.exists(text) then text = read_file(text) end
    local spans = ann.spans
    if type(spans) == "string" then spans = read_span_tsv(spans) end
    return text, spans
  end
  error(("bad argument #1 to '%s' (give conll = FILE, or text = and spans =)"):format(fname), 3)
end

local function with_options(valid, extra)
  local t = {}
  for k in pairs(valid) do t[k] = true end
  for k in pairs(extra) do t[k] = true end
  return t
end

local CAL_OPTIONS = with_options(ANN_KEYS, { min_count = true, threshold = true, trust = true, apply = true })

--- Learn from annotated text which keys are mostly wrong, and demote them
-- (they then need context, like needs_context entries), and which are
-- reliable, and trust them (a name that is also a common word then needs
-- no context). The annotation: { conll = "file.conll" } (token TAB BIO
-- tag), or { text = "file.txt" or a string, spans = "file.spans.tsv" or a
-- list of { first, last, type } }. A key seen at least min_count times
-- (default 2) is demoted when right less than threshold of the time
-- (default 0.5) and trusted when right at least trust of the time
-- (default 0.8). A match is right when its whole tokens (clitics included)
-- are a gold span of the same type. Options in the same table: min_count,
-- threshold, trust, apply (false: only report). Returns
-- { matches =, correct =, keys =, demoted = { [name] = { right, total } }, trusted = {...} }.
function Gazetteer:calibrate(ann)
  if type(ann) ~= "table" then
    error(("bad argument #1 to 'calibrate' (annotation table expected, got %s)"):format(type(ann)), 2)
  end
  check_options(ann, CAL_OPTIONS, "calibrate", 1, 2)
  local text, spans = annotation(ann, "calibrate")
  local gold = {}
  for _, sp in ipairs(spans) do gold[sp.first .. ":" .. sp.last] = sp.type end
  local g = self:compiled()
  local stats = {}
  local total, correct = 0, 0
  -- Line by line: the same results as the whole text, in less memory.
  local base = 0
  for line, nl in text:gmatch("([^\n]*)(\n?)") do
    if line == "" and nl == "" then break end
    for _, m in ipairs(g:match(line, GM.no_context)) do
      local key = m.name
      local st = stats[key]
      if not st then
        st = { 0, 0 }
        stats[key] = st
      end
      st[2] = st[2] + 1
      total = total + 1
      local span = (base + m.token_first) .. ":" .. (base + m.last)
      if gold[span] == m.type then
        st[1] = st[1] + 1
        correct = correct + 1
      end
    end
    base = base + #line + #nl
  end
  local min_count = ann.min_count or 2
  local threshold, trust = ann.threshold or 0.5, ann.trust or 0.8
  local report = { matches = total, correct = correct, demoted = {}, trusted = {}, keys = 0 }
  for key, st in pairs(stats) do
    report.keys = report.keys + 1
    local verdict
    if st[2] >= min_count and st[1] / st[2] < threshold then
      report.demoted[key] = { st[1], st[2] }
      verdict = "demote"
    elseif st[2] >= min_count and st[1] / st[2] >= trust then
      report.trusted[key] = { st[1], st[2] }
      verdict = "trust"
    end
    if verdict and ann.apply ~= false then
      self._demoted[key] = verdict
      g:demote(key, verdict)
    end
  end
  return report
end

--- The proclitic-stripped forms of a name's first token (و ف + ب ل ك, and
-- لل = ل + ال), for names taken from annotated text, where gold spans
-- include clitics ("وألمانيا").
local function clitic_stems(name)
  local first, rest = name:match("^(%S+)(.*)$")
  local out = {}
  if not first then return out end
  for _, c in ipairs { "", "و", "ف" } do
    for _, p in ipairs { "", "ب", "ل", "ك" } do
      local pre = c .. p
      if pre ~= "" and first:sub(1, #pre) == pre then
        local r = first:sub(#pre + 1)
        if p == "ل" and r:sub(1, 2) == "ل" and r:sub(1, 4) ~= "ال" then
          out[#out + 1] = "ا" .. r .. rest -- لل = ل + ال
        elseif #r >= 6 then
          out[#out + 1] = r .. rest
        end
      end
    end
  end
  return out
end
M._clitic_stems = clitic_stems

local LEARN_OPTIONS = with_options(ANN_KEYS, { stems = true, min_count = true })

--- Add the entity strings of annotated text as entries (same annotation
-- forms as calibrate). Every type a string was tagged with becomes an entry
-- whose priority is its count (the majority wins, context can pick
-- another); with stems (default true) the proclitic-stripped forms of each
-- string are added below them. min_count (default 1): strings seen fewer
-- times are left out. Returns the gazetteer and { strings =, entries = }.
function Gazetteer:learn(ann)
  read_only(self, "learn")
  if type(ann) ~= "table" then
    error(("bad argument #1 to 'learn' (annotation table expected, got %s)"):format(type(ann)), 2)
  end
  check_options(ann, LEARN_OPTIONS, "learn", 1, 2)
  local text, spans = annotation(ann, "learn")
  local counts, order = {}, {}
  for _, sp in ipairs(spans) do
    local name = text:sub(sp.first, sp.last)
    if not counts[name] then
      counts[name] = {}
      order[#order + 1] = name
    end
    counts[name][sp.type] = (counts[name][sp.type] or 0) + 1
  end
  local n, min_count = 0, ann.min_count or 1
  local seen = {}
  for _, name in ipairs(order) do seen[name] = true end
  for _, name in ipairs(order) do
    local types = {}
    for t, c in pairs(counts[name]) do types[#types + 1] = { t, c } end
    table.sort(types, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] < b[1]) end)
    for _, tc in ipairs(types) do
      if tc[2] >= min_count and self._b:add(name, { type = tc[1], flags = 0, priority = tc[2] }) then
        n = n + 1
        if ann.stems ~= false then
          for _, v in ipairs(clitic_stems(name)) do
            if not seen[v] and self._b:add(v, { type = tc[1], canonical = name, flags = 0, priority = tc[2] - 1000 }) then
              n = n + 1
            end
          end
        end
      end
    end
  end
  self._g = nil
  return self, { strings = #order, entries = n }
end

-- ------------------------------------------------------- the default one

local default_cache

--- The default gazetteer (countries, cities, regions, organizations,
-- outlets, groups, people: see data/gazetteers/README.md), compiled once
-- per Lua state. Uses build/default.gaz from `make` when present.
function M.default()
  if default_cache then return default_cache end
  local env = os.getenv("ARABIC_GAZETTEER")
  local built = (env and env ~= "" and env) or data.built("default.gaz")
  if built then
    default_cache = M.open(built)
    return default_cache
  end
  local g = M.new()
  local files = data.lines("gazetteers/default.txt")
  for _, name in ipairs(files) do
    local path = assert(data.path("gazetteers/" .. name))
    g:load(path)
  end
  g:compiled()
  default_cache = g
  return g
end

--- Resolve a list of gazetteer names/paths to gazetteer objects:
-- "default", a .gaz file, or a source file (.tsv/.jsonl).
function M.resolve(spec)
  if type(spec) == "table" and getmetatable(spec) == Gazetteer then return spec end
  if spec == "default" or spec == true then return M.default() end
  if type(spec) ~= "string" then error("gazetteer must be \"default\", a file name or a gazetteer", 3) end
  if spec:match("%.gaz$") then return M.open(spec) end
  local g = M.new()
  g:load(spec)
  return g
end

M.Gazetteer = Gazetteer
return M
