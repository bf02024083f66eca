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

-- fuzzy: false/true, or 0/1 (the edit distance); the value is a boolean.
local FUZZY = args.custom("false, true, 0 or 1", function(v)
  if v == false or v == 0 then return true, false end
  if v == true or v == 1 then return true, true end
  return false
end, args.boolean.from_text)
FUZZY.flag = true

--- The options of gazetteer.new().
M.NEW_OPTIONS = {
  normalize = args.normalization, -- the matching normalization (default "search")
  clitics = args.boolean,         -- the default of :find(): strip proclitics
  fuzzy = FUZZY,                  -- the default of :find(): spelling variants
  context = args.boolean,         -- the default of :find(): needs-context rules apply
  fuzzy_index = args.boolean,     -- build the fuzzy index (default true)
}

--- A new, empty gazetteer.
-- opts.normalize: preset name or option table for matching (default "search");
-- opts.clitics (default true), opts.fuzzy (false, or 1: edit distance 1),
-- opts.context (default true: needs-context rules apply) are the defaults
-- of :matches(); opts.fuzzy_index = false skips the fuzzy index.
function M.new(opts)
  opts = args.check(opts, M.NEW_OPTIONS, "gazetteer.new", 1, 2)
  local self = setmetatable({
    _b = assert(core.gaz_builder(opts.normalize or "search")),
    _g = nil,
    _demoted = {},
    _defaults = { clitics = opts.clitics ~= false, fuzzy = opts.fuzzy == true, context = opts.context ~= false },
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

--- Flags given as a string ("exact_only,priority=2", read by the C
-- grammar that TSV files use too), a list or set of flag names, or the
-- exact_only / needs_context fields: returns flags, priority, or nil and
-- what is wrong.
local function flags_of(info)
  local names, priority = {}, info.priority or 0
  local f = info.flags
  if type(f) == "string" then
    names[1] = f
  elseif type(f) == "table" then
    for k, v in pairs(f) do
      local name = type(k) == "number" and v or k
      if type(name) ~= "string" or name:find(",") then
        return nil, "flags must be flag names (a list or a set of them), got " .. args.show(name)
      end
      if v then names[#names + 1] = name end
    end
  end
  if info.exact_only then names[#names + 1] = "exact_only" end
  if info.needs_context then names[#names + 1] = "needs_context" end
  local flags, p = core.gaz_parse_flags(table.concat(names, ","))
  if not flags then return nil, p end
  return flags, p or priority
end

--- The fields of an entry, for g:add() and JSON Lines objects.
M.ENTRY = {
  type = args.text,               -- PER, LOC, ORG, MISC or any string (default MISC)
  id = args.text,                 -- entries with one id are aliases (default: the name)
  canonical = args.text,          -- the name to show (default: the name)
  flags = args.custom("a string or a list of flag names", function(v)
    return args.accept(type(v) == "string" or type(v) == "table", v)
  end),
  priority = args.integer(),      -- higher wins between entries of one name
  attributes = args.custom("a table of strings", function(v) return args.accept(type(v) == "table", v) end),
  exact_only = args.boolean,      -- the same as the flag
  needs_context = args.boolean,   -- the same as the flag
}

local function field_label(k) return ("field '%s'"):format(tostring(k)) end

-- An entry table for the builder, or nil and what is wrong with it.
local function entry_of(info, label)
  local e, err = args.validate(info, M.ENTRY, nil, label)
  if not e then return nil, err end
  local flags, priority = flags_of(e)
  if not flags then return nil, priority end
  return { type = e.type, id = e.id, canonical = e.canonical, flags = flags, priority = priority,
    attributes = e.attributes }
end

--- Add one name: g:add("بريت ماكغورك", { type = "PER", id = "brett-mcgurk",
-- canonical = "بريت ماكغورك", flags = "needs_context", priority = 1,
-- attributes = { en = "Brett McGurk" } }). info may also be a type string.
function Gazetteer:add(name, info)
  read_only(self, "add")
  args.string_arg(name, "add", 1, 2)
  if type(info) == "string" then info = { type = info } end
  local e, why = entry_of(info)
  if not e then args.error("add", 2, why, 2) end
  local ok, err = self._b:add(name, e)
  if not ok then args.error("add", 1, ("%s: %q"):format(err, name), 2) end
  self._g = nil
  return self
end

--- The options of g:load().
M.LOAD_OPTIONS = {
  format = args.one_of { "tsv", "jsonl" }, -- default: from the extension
  strict = args.boolean,                   -- a bad line stops the load (default true)
}

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
        -- the entry's fields; every other string or number is an attribute
        local info, attrs = {}, type(obj.attributes) == "table" and obj.attributes or {}
        for k, v in pairs(obj) do
          if M.ENTRY[k] and k ~= "attributes" then info[k] = v
          elseif k ~= "name" and k ~= "attributes" and (type(v) == "string" or type(v) == "number") then
            attrs[k] = tostring(v)
          end
        end
        info.attributes = attrs
        local e, why = entry_of(info, field_label)
        if not e then
          msg = why
        else
          local ok, aerr = self._b:add(obj.name, e)
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
-- "default" loads the default gazetteer's sources (data/gazetteers/), so
-- one gazetteer can hold them and the user's own names.
-- Returns the gazetteer and a report { added =, skipped =, lines =, first_error = }.
-- The report of loading a source with checked options, or nil and what
-- is wrong with the file ("people.tsv:3: empty name").
local function load_source(self, path, opts)
  if path == "default" then
    -- the default gazetteer's sources (data/gazetteers/default.txt lists
    -- them), so one gazetteer can be built from them and the user's own
    local total = { added = 0, skipped = 0, lines = 0 }
    for _, name in ipairs(data.lines("gazetteers/default.txt")) do
      local src, err = data.path("gazetteers/" .. name)
      if not src then return nil, err end
      local r, lerr = load_source(self, src, { strict = opts.strict })
      if not r then return nil, lerr end
      total.added, total.skipped, total.lines = total.added + r.added, total.skipped + r.skipped, total.lines + r.lines
      total.first_error = total.first_error or r.first_error
    end
    return total
  end
  local strict = opts.strict ~= false
  local format = opts.format or (path:match("%.jsonl?$") and "jsonl") or "tsv"
  local added, skipped, lines, first_bad
  if format == "tsv" then
    added, skipped, lines, first_bad = self._b:load_tsv(path, strict)
  else
    added, skipped, lines, first_bad = load_jsonl(self, path, strict)
  end
  if not added then return nil, skipped end
  self._g = nil
  return { added = added, skipped = skipped, lines = lines, first_error = first_bad }
end

function Gazetteer:load(path, opts)
  read_only(self, "load")
  if type(path) ~= "string" then args.error("load", 1, "file name expected, got " .. type(path), 2) end
  local report, err = load_source(self, path, args.check(opts, M.LOAD_OPTIONS, "load", 2, 2))
  if not report then error(err, 2) end
  return self, report
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
  if type(path) ~= "string" then args.error("save", 1, "file name expected, got " .. type(path), 2) end
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

-- The types of compiled gazetteers, as sets, made once each.
local type_sets = setmetatable({}, { __mode = "k" })

local function type_set(self)
  local c = self:compiled()
  local set = type_sets[c]
  if not set then
    set = {}
    for _, t in ipairs(c:types()) do set[t] = true end
    type_sets[c] = set
  end
  return set
end

--- The distinct types of the gazetteer's entries, sorted.
function Gazetteer:types()
  local list = {}
  for t in pairs(type_set(self)) do list[#list + 1] = t end
  table.sort(list)
  return list
end

--- The types `types` may name for any gazetteer: the four of the library
-- (a filter written for them works whatever the gazetteer has); any other
-- type must be one a gazetteer in use has (custom types are allowed, a
-- misspelt one is an error, not an empty result).
M.STANDARD_TYPES = { "PER", "LOC", "ORG", "MISC" }

--- nil when every type of the list `types` is standard or one of the
-- gazetteers' in `list`, else what is wrong ("option 'types': no
-- gazetteer has type 'PERSON'; types: LOC, MISC, ORG, PER").
function M._unknown_types(types, list, where)
  if not types then return nil end
  for _, t in ipairs(types) do
    local known = false
    for _, std in ipairs(M.STANDARD_TYPES) do known = known or std == t end
    for _, g in ipairs(list) do known = known or type_set(g)[t] == true end
    if not known then
      local all = {}
      for _, std in ipairs(M.STANDARD_TYPES) do all[std] = true end
      for _, g in ipairs(list) do
        for x in pairs(type_set(g)) do all[x] = true end
      end
      local names = {}
      for x in pairs(all) do names[#names + 1] = x end
      table.sort(names)
      return ("option 'types'%s: no gazetteer has type %s; types: %s"):format(where and (" in '" .. where .. "'") or "",
        args.show(t), table.concat(names, ", "))
    end
  end
  return nil
end

--- The options of :find() and :matches(); arabic.entities, the pipeline,
-- the pandoc filter and the command line (--fuzzy, --types=...) take them
-- too, from here.
M.MATCH_OPTIONS = {
  overlapping = args.boolean, -- every candidate, not leftmost-longest
  types = args.strings,       -- only these types
  ids = args.strings,         -- only these ids
  fuzzy = FUZZY,              -- spelling variants: one edit inside long words
  clitics = args.boolean,     -- strip proclitics (و ف ب ل ك ال)
  context = args.boolean,     -- needs-context rules apply
  extend_names = args.boolean, -- a person's match goes on over the rest of the name
}

-- The C match flags, types and ids of checked match options `o` for this
-- gazetteer (its defaults fill what `o` leaves out).
local function match_flags(self, o, fname, level)
  local d = self._defaults
  local flags = 0
  if o.overlapping then flags = flags + GM.overlap end
  local clitics = o.clitics
  if clitics == nil then clitics = d.clitics end
  if not clitics then flags = flags + GM.no_clitics end
  local fuzzy = o.fuzzy
  if fuzzy == nil then fuzzy = d.fuzzy end
  if fuzzy then
    if not self:compiled():stats().fuzzy then
      error(("'%s': fuzzy matching needs the fuzzy index, and this gazetteer was compiled without it"):format(fname), level + 1)
    end
    flags = flags + GM.fuzzy
  end
  local context = o.context
  if context == nil then context = d.context end
  if not context then flags = flags + GM.no_context end
  if o.extend_names then flags = flags + GM.extend end
  return flags, o.types, o.ids
end
M._match_flags = match_flags

local function match_args(self, s, opts, fname, level)
  args.string_arg(s, fname, 1, level + 1)
  local o = args.check(opts, M.MATCH_OPTIONS, fname, 2, level + 1)
  local bad = o.types and M._unknown_types(o.types, { self })
  if bad then args.error(fname, 2, bad, level + 1) end
  return match_flags(self, o, fname, level + 1)
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
  if opts == nil and type(s) == "string" then
    -- the common call: the flags of no options, worked out once per
    -- compiled form (checking options made a table a call: a fifth of
    -- g:find(line))
    local c = self._g
    if c and self._no_opts_for == c then return c:match(s, self._no_opts_flags) end
  end
  local flags, types, ids = match_args(self, s, opts, "find", 2)
  local c = self:compiled()
  if opts == nil then self._no_opts_flags, self._no_opts_for = flags, c end
  return c:match(s, flags, types, ids)
end

--- Iterate over the matches: for m in g:matches(s [, opts]) do ... end
-- The same matches as find(), found a chunk of the text at a time as the
-- loop asks (memory does not grow with the text), as tables that hold
-- first, last, token_first and entry and fill in their other fields on
-- the first read of one of them.
function Gazetteer:matches(s, opts)
  if opts == nil and type(s) == "string" then
    local c = self._g -- as in find
    if c and self._no_opts_for == c then return c:cursor(s, self._no_opts_flags) end
  end
  local flags, types, ids = match_args(self, s, opts, "matches", 2)
  local c = self:compiled()
  if opts == nil then self._no_opts_flags, self._no_opts_for = flags, c end
  return c:cursor(s, flags, types, ids)
end

function Gazetteer:__tostring()
  return ("arabic.gazetteer (%d entries)"):format(self:count())
end

--- Open a compiled gazetteer file (mapped, ready at once; read-only).
-- opts.verify: true checks the whole file's checksum, false only its
-- structure; by default files up to 16 MB are checked in full.
--- The options of gazetteer.open().
M.OPEN_OPTIONS = {
  verify = args.boolean, -- check the whole file's checksum (default: files up to 16 MB)
  clitics = M.NEW_OPTIONS.clitics,
  fuzzy = M.NEW_OPTIONS.fuzzy,
  context = M.NEW_OPTIONS.context,
}

-- A compiled file, opened; or nil and what is wrong with it.
local function open_file(path, opts)
  local g, err = core.gaz_open(path, opts.verify)
  if not g then return nil, err end
  return setmetatable({
    _b = nil,
    _g = g,
    _demoted = {},
    _defaults = { clitics = opts.clitics ~= false, fuzzy = opts.fuzzy == true, context = opts.context ~= false },
  }, Gazetteer)
end

function M.open(path, opts)
  if type(path) ~= "string" then args.error("gazetteer.open", 1, "file name expected, got " .. type(path), 2) end
  local g, err = open_file(path, args.check(opts, M.OPEN_OPTIONS, "gazetteer.open", 2, 2))
  if not g then error(err, 2) end
  return g
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
  args.string_arg(name, "demote", 1, 2)
  if verdict == nil or verdict == true then verdict = "demote" end
  if verdict == false then verdict = "reset" end
  if verdict ~= "demote" and verdict ~= "trust" and verdict ~= "reset" then
    args.error("demote", 2, "\"demote\", \"trust\" or \"reset\" expected, got " .. args.show(verdict), 2)
  end
  self._demoted[name] = verdict
  return self:compiled():demote(name, verdict)
end

-- An annotation: { conll = FILE } or { text = FILE or a string, spans = FILE or a list }.
local ANNOTATION = {
  conll = args.string,
  text = args.string,
  spans = args.custom("a file name or a list of { first, last, type }", function(v)
    return args.accept(type(v) == "string" or type(v) == "table", v)
  end),
}

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
  args.error(fname, 1, "give conll = FILE, or text = and spans =", 3)
end

--- The options of g:calibrate(): an annotation and these.
M.CALIBRATE_OPTIONS = args.extend(ANNOTATION, {
  min_count = args.integer { min = 1 },         -- keys seen fewer times are left alone (default 2)
  threshold = args.number { min = 0, max = 1 }, -- demote when right less often (default 0.5)
  trust = args.number { min = 0, max = 1 },     -- trust when right at least this often (default 0.8)
  apply = args.boolean,                         -- false: only report
})

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
  if type(ann) ~= "table" then args.error("calibrate", 1, "annotation table expected, got " .. type(ann), 2) end
  args.check(ann, M.CALIBRATE_OPTIONS, "calibrate", 1, 2)
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

--- The options of g:learn(): an annotation and these.
M.LEARN_OPTIONS = args.extend(ANNOTATION, {
  stems = args.boolean,                 -- add the proclitic-stripped forms too (default true)
  min_count = args.integer { min = 1 }, -- strings seen fewer times are left out (default 1)
})

--- Add the entity strings of annotated text as entries (same annotation
-- forms as calibrate). Every type a string was tagged with becomes an entry
-- whose priority is its count (the majority wins, context can pick
-- another); with stems (default true) the proclitic-stripped forms of each
-- string are added below them. min_count (default 1): strings seen fewer
-- times are left out. Returns the gazetteer and { strings =, entries = }.
function Gazetteer:learn(ann)
  read_only(self, "learn")
  if type(ann) ~= "table" then args.error("learn", 1, "annotation table expected, got " .. type(ann), 2) end
  args.check(ann, M.LEARN_OPTIONS, "learn", 1, 2)
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
  g:load("default")
  g:compiled()
  default_cache = g
  return g
end

--- Resolve a list of gazetteer names/paths to gazetteer objects:
-- "default", a .gaz file, or a source file (.tsv/.jsonl).
-- The same, or nil and what is wrong ("gazetteer people.tsv:3: empty name").
function M.try_resolve(spec)
  if type(spec) == "table" and getmetatable(spec) == Gazetteer then return spec end
  if spec == "default" or spec == true then return M.default() end
  if type(spec) ~= "string" then
    return nil, "a gazetteer is \"default\", a file name or a gazetteer, not " .. args.show(spec)
  end
  if spec:match("%.gaz$") then
    local g, err = open_file(spec, {})
    if not g then return nil, "gazetteer " .. err end
    return g
  end
  local g = M.new()
  local report, err = load_source(g, spec, {})
  if not report then return nil, "gazetteer " .. err end
  return g
end

function M.resolve(spec)
  local g, err = M.try_resolve(spec)
  if not g then error(err, 2) end
  return g
end

local GAZETTEERS = args.custom("\"default\", a gazetteer, a file name or a list of them", function(v)
  local list = (type(v) == "table" and getmetatable(v) == nil) and v or { v }
  local out = {}
  for i, spec in ipairs(list) do
    local g, err = M.try_resolve(spec)
    if not g then return false, err end
    out[i] = g
  end
  return true, out
end, function(s) return s end)

--- The options of arabic.entities(): the gazetteers to use (compiled or
-- loaded when the options are checked) and the match options.
-- unknown_names (default true): persons and organizations found from
-- context too (arabic.names).
M.ENTITY_OPTIONS = args.extend(M.MATCH_OPTIONS, {
  gazetteers = GAZETTEERS, gazetteer = GAZETTEERS, unknown_names = args.boolean,
})

M.Gazetteer = Gazetteer
return M
