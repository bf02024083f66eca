--- The pandoc transform, on pandoc's JSON AST (decoded into Lua tables).
--
-- One implementation serves both entry points: the Lua filter
-- (lua/filters/arabic.lua) converts its document with pandoc.write(doc,
-- "json") and back, and bin/pandoc-arabic is a plain JSON filter for any
-- pandoc (including the static release binaries, which cannot load C
-- modules). Options come from the document's `arabic:` metadata block.
--
-- Text is never flattened while rewriting: the inlines of a block are
-- stitched into one string only to find entities, dates and sentences;
-- each finding is then cut out of the Str elements it covers and wrapped in
-- a Span. A finding that crosses a formatting boundary (it starts inside
-- *emphasis* and ends after it) is wrapped piecewise: one Span per
-- formatting level, all with the same attributes. Code, math, raw content,
-- notes and images are never touched and no finding runs across them.
local arabic = require "arabic"
local json = require "arabic.json"
local pipeline = require "arabic.pipeline"
local args = require "arabic.args"

local M = {}

-- --------------------------------------------------------------- helpers

local EMPTY = "\1\2arabicEmptyArray\2\1"
local EMPTY_JSON = '"\\u0001\\u0002arabicEmptyArray\\u0002\\u0001"'

-- lua-cjson decodes [] and {} alike; pandoc needs []: mark every empty
-- table in an array position (only the metadata map and MetaMap contents
-- are objects) before encoding.
-- (Called on tables only: it runs over every node of the document, so
-- strings and numbers are skipped by the caller.)
local function mark_arrays(v, object)
  if next(v) == nil then return object and json.empty_object() or EMPTY end
  local t = v.t
  if t ~= nil then
    local c = v.c
    if type(c) == "table" then v.c = mark_arrays(c, t == "MetaMap") end
    return v
  end
  if v[1] ~= nil then
    for i = 1, #v do
      local x = v[i]
      if type(x) == "table" then v[i] = mark_arrays(x, false) end
    end
    return v
  end
  for k, x in pairs(v) do
    if type(x) == "table" then v[k] = mark_arrays(x, k == "meta") end
  end
  return v
end

-- Replace every occurrence of a plain string (find with plain = true is a
-- fast substring search; gsub would try a pattern at every byte).
local function replace_plain(s, from, to)
  local parts, pos = {}, 1
  while true do
    local a, b = s:find(from, pos, true)
    if not a then break end
    parts[#parts + 1] = s:sub(pos, a - 1)
    parts[#parts + 1] = to
    pos = b + 1
  end
  if pos == 1 then return s end
  parts[#parts + 1] = s:sub(pos)
  return table.concat(parts)
end

--- Encode a document table as pandoc JSON.
function M.encode(doc)
  -- the raw encoder: pandoc reads "\/" fine, no need to tidy 37 MB
  local s = assert(json.encode_raw(mark_arrays(doc, false)))
  return replace_plain(s, EMPTY_JSON, "[]")
end

--- Decode pandoc JSON; nil, message on bad input.
function M.decode(s)
  local doc, err = json.decode(s)
  if type(doc) ~= "table" or type(doc.blocks) ~= "table" then
    return nil, "not a pandoc JSON document" .. (err and (": " .. tostring(err)) or "")
  end
  return doc
end

local function Str(s) return { t = "Str", c = s } end
local function Span(attr, inlines) return { t = "Span", c = { attr, inlines } } end

local function attr(id, classes, kv)
  local pairs_ = {}
  for _, p in ipairs(kv or {}) do pairs_[#pairs_ + 1] = { p[1], p[2] } end
  return { id or "", classes or {}, pairs_ }
end

-- Inline containers and where their inlines are.
local CONTAINER = {
  Emph = function(c) return c, nil end,
  Strong = function(c) return c, nil end,
  Underline = function(c) return c, nil end,
  Strikeout = function(c) return c, nil end,
  Superscript = function(c) return c, nil end,
  Subscript = function(c) return c, nil end,
  SmallCaps = function(c) return c, nil end,
  Span = function(c) return c[2], 2 end,
  Quoted = function(c) return c[2], 2 end,
  Link = function(c) return c[2], 2 end,
}

local function inlines_of(el)
  local f = CONTAINER[el.t]
  if not f then return nil end
  local list, k = f(el.c)
  return list, k
end

local function set_inlines(el, list)
  local _, k = inlines_of(el)
  if k then el.c[k] = list else el.c = list end
end

--- Plain text of inlines (for metadata and block texts).
local function stringify(list)
  local out = {}
  local function go(l)
    for _, el in ipairs(l) do
      if el.t == "Str" then out[#out + 1] = el.c
      elseif el.t == "Space" or el.t == "SoftBreak" then out[#out + 1] = " "
      elseif el.t == "LineBreak" then out[#out + 1] = "\n"
      elseif el.t == "Code" then out[#out + 1] = el.c[2]
      elseif el.t == "Math" then out[#out + 1] = el.c[2]
      else
        local inner = inlines_of(el)
        if inner then go(inner) end
      end
    end
  end
  go(list)
  return table.concat(out)
end
M.stringify = stringify

-- ------------------------------------------------------------- metadata

local function meta_value(mv)
  if type(mv) ~= "table" then return mv end
  local t, c = mv.t, mv.c
  if t == "MetaBool" then return c end
  if t == "MetaString" then return c end
  if t == "MetaInlines" then return stringify(c) end
  if t == "MetaBlocks" then
    local parts = {}
    for _, b in ipairs(c) do
      if b.t == "Para" or b.t == "Plain" then parts[#parts + 1] = stringify(b.c) end
    end
    return table.concat(parts, "\n")
  end
  if t == "MetaList" then
    local out = {}
    for i, x in ipairs(c) do out[i] = meta_value(x) end
    return out
  end
  if t == "MetaMap" then
    local out = {}
    for k, x in pairs(c) do out[k] = meta_value(x) end
    return out
  end
  return nil
end
M.meta_value = meta_value

local function to_meta(v)
  if type(v) == "boolean" then return { t = "MetaBool", c = v } end
  if type(v) == "number" then return { t = "MetaString", c = tostring(v) } end
  if type(v) == "string" then return { t = "MetaString", c = v } end
  if type(v) == "table" then
    if v[1] ~= nil or next(v) == nil then
      local out = {}
      for i, x in ipairs(v) do out[i] = to_meta(x) end
      return { t = "MetaList", c = out }
    end
    local out = {}
    for k, x in pairs(v) do out[k] = to_meta(x) end
    return { t = "MetaMap", c = out }
  end
  return { t = "MetaString", c = tostring(v) }
end

-- "yes"/"no" and booleans from YAML.
local function truthy(v)
  if v == true or v == "true" or v == "yes" or v == "on" then return true end
  if v == false or v == "false" or v == "no" or v == "off" then return false end
  return v
end

local OPTIONS = {
  entities = true, dates = true, sentences = true, normalize = true, boilerplate = true,
  direction = true, index = true, metadata = true, numbers = true,
}

local function fail(msg) error("arabic filter: " .. msg, 0) end

local function sorted(t)
  local k = {}
  for n in pairs(t) do k[#k + 1] = n end
  table.sort(k)
  return table.concat(k, ", ")
end

local function step(v, name, valid)
  v = truthy(v)
  if v == nil or v == false then return nil end
  if v == true then return {} end
  if type(v) == "string" then return v end
  if type(v) ~= "table" then fail(("'%s' must be true, false or a map"):format(name)) end
  if valid then
    for k in pairs(v) do
      if type(k) ~= "number" and not valid[k] then
        fail(("unknown option '%s' in '%s' (valid: %s)"):format(tostring(k), name, sorted(valid)))
      end
    end
  end
  local out = {}
  for k, x in pairs(v) do out[k] = truthy(x) end
  return out
end

local ENT_OPTS = {
  gazetteers = true, types = true, ids = true, fuzzy = true, clitics = true, context = true,
  extend_names = true, link = true, style = true,
}
local DATE_OPTS = { reference = true, style = true }
local SENT_OPTS = { mode = true, abbreviations = true }
local INDEX_OPTS = { title = true, links = true, types = true }
local BOILER_OPTS = { lists = true, keep_appended = true }

--- Options from the `arabic:` metadata value (nil: the defaults).
function M.options(raw)
  local o = raw == nil and {} or raw
  if type(o) ~= "table" then
    o = truthy(o)
    if o == false then return {} end
    o = {}
  end
  -- entities and direction are on unless turned off; the rest is opt-in
  local defaults = {}
  for k, v in pairs(o) do defaults[k] = v end
  if defaults.entities == nil then defaults.entities = true end
  if defaults.direction == nil then defaults.direction = true end
  o = defaults
  for k in pairs(o) do
    if not OPTIONS[k] then fail(("unknown option '%s' in 'arabic' metadata (valid: %s)"):format(tostring(k), sorted(OPTIONS))) end
  end
  local out = {}
  -- entities, dates and sentences are validated and set up by a pipeline;
  -- link and style are the filter's own
  local conf = {}
  local e = step(o.entities, "entities", ENT_OPTS)
  if e then
    if type(e) == "string" then e = { gazetteers = { e } } end
    out.entities = { link = e.link, style = e.style }
    e.link, e.style = nil, nil
    conf.entities = e
  end
  local d = step(o.dates, "dates", DATE_OPTS)
  if d then
    if type(d) == "string" then d = { reference = d } end
    out.dates = { reference = d.reference, style = d.style }
    conf.dates = { reference = d.reference }
  end
  local s = step(o.sentences, "sentences", SENT_OPTS)
  if s then conf.sentences = { mode = s.mode, abbreviations = s.abbreviations } end
  local p, err = pipeline.build(conf)
  if not p then fail(err) end
  if out.entities then out.entities.match = p.entities end
  out.sentences = p.sentences
  local n = truthy(o.normalize)
  if n ~= nil and n ~= false then
    if n == true then n = "display" end
    local nok, norm = args.normalization.test(n)
    if not nok then fail("normalize: " .. norm) end
    out.normalize = norm
  end
  local b = step(o.boilerplate, "boilerplate", BOILER_OPTS)
  if b then
    if type(b) == "string" then b = { lists = { "default", b } } end
    out.boilerplate = b
  end
  local dir = truthy(o.direction)
  if dir ~= false and dir ~= true and dir ~= "rtl" and dir ~= "ltr" and dir ~= "auto" then
    fail("'direction' must be true, false, \"auto\", \"rtl\" or \"ltr\"")
  end
  out.direction = dir
  local ix = step(o.index, "index", INDEX_OPTS)
  if ix then
    if type(ix) == "string" then ix = { title = ix } end
    if ix.types ~= nil and type(ix.types) ~= "table" then fail("'index.types' must be a map of type to title") end
    out.index = { title = ix.title or "فهرس الأعلام", links = ix.links ~= false, types = ix.types }
    if not out.entities then fail("'index' needs 'entities'") end
  end
  out.metadata = truthy(o.metadata) ~= false
  out.numbers = truthy(o.numbers) == true
  return out
end

-- ------------------------------------------------------------- stitching

-- A boundary for skipped elements: no finding runs across it.
local BARRIER = " \239\191\188 " -- see MARK

local OPAQUE = { Code = true, Math = true, RawInline = true, Note = true, Image = true, Cite = true }

-- Positions of the elements of the paragraph being processed, in the
-- stitched text: [S[el], E[el]). Kept beside the elements, not in them, so
-- that nothing has to be cleaned out of the document afterwards.
local S, E = {}, {}

-- Give every element its range in the stitched text.
local function stitch(list, parts, pos)
  for _, el in ipairs(list) do
    S[el] = pos
    local t = el.t
    if t == "Str" then
      parts[#parts + 1] = el.c
      pos = pos + #el.c
    elseif t == "Space" or t == "SoftBreak" then
      parts[#parts + 1] = " "
      pos = pos + 1
    elseif t == "LineBreak" then
      parts[#parts + 1] = "\n"
      pos = pos + 1
    elseif OPAQUE[t] then
      parts[#parts + 1] = BARRIER
      pos = pos + #BARRIER
    elseif CONTAINER[t] then
      pos = stitch((inlines_of(el)), parts, pos)
    end
    E[el] = pos
  end
  return pos
end

-- Split Str elements at the cut positions (a sorted set), recursively.
-- Elements come in text order, so a cut index only moves forward.
local function split(list, cuts, cur)
  cur = cur or { k = 1 }
  local out = {}
  for _, el in ipairs(list) do
    local t = el.t
    if t == "Str" then
      local s, e = S[el], E[el]
      local k = cur.k
      while k <= #cuts and cuts[k] <= s do k = k + 1 end
      cur.k = k
      if k > #cuts or cuts[k] >= e then
        out[#out + 1] = el
      else
        local at = s
        while k <= #cuts and cuts[k] < e do
          local c = cuts[k]
          local piece = { t = "Str", c = el.c:sub(at - s + 1, c - s) }
          S[piece], E[piece] = at, c
          out[#out + 1] = piece
          at = c
          k = k + 1
        end
        local piece = { t = "Str", c = el.c:sub(at - s + 1, e - s) }
        S[piece], E[piece] = at, e
        out[#out + 1] = piece
      end
    else
      if CONTAINER[t] and not OPAQUE[t] then set_inlines(el, split((inlines_of(el)), cuts, cur)) end
      out[#out + 1] = el
    end
  end
  return out
end

-- Wrap the runs of elements inside each interval (a forest: children lie
-- inside their parent). Intervals are [a, b) in stitched positions.
local function wrap(list, intervals)
  if #intervals == 0 then return list end
  local out = {}
  local i = 1
  local lo = 1 -- intervals are sorted and disjoint: skip those behind us
  while i <= #list do
    local el = list[i]
    local s, e = S[el], E[el]
    local done = false
    while lo <= #intervals and intervals[lo].b <= s do lo = lo + 1 end
    for n = lo, #intervals do
      local iv = intervals[n]
      if iv.a >= e then break end
      if s >= iv.a and e <= iv.b and e > s then
        -- a run of elements inside iv
        local run = { el }
        local j = i + 1
        while j <= #list and S[list[j]] >= iv.a and E[list[j]] <= iv.b do
          run[#run + 1] = list[j]
          j = j + 1
        end
        -- leading and trailing white space stays outside the Span
        while #run > 1 and (run[1].t == "Space" or run[1].t == "SoftBreak") do
          out[#out + 1] = table.remove(run, 1)
        end
        while #run > 1 and (run[#run].t == "Space" or run[#run].t == "SoftBreak") do
          table.remove(run)
          j = j - 1
        end
        if #run == 1 and run[1].t == "Quoted" then
          -- the quotation marks stay outside: wrap the words inside
          set_inlines(run[1], wrap(inlines_of(run[1]), { iv }))
          out[#out + 1] = run[1]
          i = j
          done = true
          break
        end
        local span = iv.make(wrap(run, iv.children))
        S[span], E[span] = S[run[1]], E[run[#run]]
        out[#out + 1] = span
        i = j
        done = true
        break
      end
    end
    if not done and CONTAINER[el.t] and not OPAQUE[el.t] then
      -- intervals overlapping this container: wrap inside it (one crossing
      -- its edge is clipped to it: wrapped piecewise)
      local clipped = {}
      for n = lo, #intervals do
        local iv = intervals[n]
        if iv.a >= e then break end
        if iv.b > s then
          if iv.a >= s and iv.b <= e then
            clipped[#clipped + 1] = iv
          else
            clipped[#clipped + 1] = { a = math.max(iv.a, s), b = math.min(iv.b, e), make = iv.make,
              children = iv.children }
          end
        end
      end
      if #clipped > 0 then set_inlines(el, wrap((inlines_of(el)), clipped)) end
    end
    if not done then
      out[#out + 1] = el
      i = i + 1
    end
  end
  return out
end

-- Build the forest: sort by start then length; drop an interval that
-- partially overlaps one of higher rank (lower rank number = stronger).
local function forest(list)
  table.sort(list, function(x, y)
    if x.a ~= y.a then return x.a < y.a end
    if x.b ~= y.b then return x.b > y.b end
    return x.rank < y.rank
  end)
  local keep = {}
  for _, iv in ipairs(list) do
    local ok = true
    for _, k in ipairs(keep) do
      local overlap = iv.a < k.b and k.a < iv.b
      local nested = (iv.a >= k.a and iv.b <= k.b) or (k.a >= iv.a and k.b <= iv.b)
      if overlap and not nested then
        if iv.rank >= k.rank then ok = false break end
        k.dropped = true
      end
    end
    if ok then keep[#keep + 1] = iv end
  end
  local roots, stack = {}, {}
  for _, iv in ipairs(keep) do
    if not iv.dropped then
      iv.children = {}
      while #stack > 0 and not (iv.a >= stack[#stack].a and iv.b <= stack[#stack].b) do table.remove(stack) end
      if #stack > 0 then
        local parent = stack[#stack].children
        parent[#parent + 1] = iv
      else
        roots[#roots + 1] = iv
      end
      stack[#stack + 1] = iv
    end
  end
  return roots
end

-- ------------------------------------------------------------- direction

-- Direction of a text by its first strong character: "rtl", "ltr" or nil.
local function first_strong(s)
  local i = 1
  while i <= #s do
    local cls, len = arabic.core.char_class(s, i)
    if cls == "arabic" then return "rtl" end
    if cls == "latin" or cls == "letter" then return "ltr" end
    i = i + len
  end
  return nil
end
M.first_strong = first_strong

-- Direction of inlines by their first strong character, outside code,
-- math and other skipped content: "rtl", "ltr" or nil.
local function inlines_dir(list)
  for _, el in ipairs(list) do
    local t = el.t
    if t == "Str" then
      local d = first_strong(el.c)
      if d then return d end
    elseif CONTAINER[t] and not OPAQUE[t] then
      local d = inlines_dir((inlines_of(el)))
      if d then return d end
    end
  end
  return nil
end

-- Runs of words of the other direction in a stitched text: intervals.
local function direction_runs(text, block_dir)
  local runs = {}
  local cur
  for first, last, kind in arabic.tokens(text) do
    local dir
    if kind == "word" then
      local cls = arabic.core.char_class(text, first)
      dir = cls == "arabic" and "rtl" or "ltr"
    elseif kind == "latin" or kind == "url" or kind == "email" then
      dir = "ltr"
    end
    if dir and dir ~= block_dir then
      if cur then cur.b = last + 1 else cur = { a = first, b = last + 1, dir = dir } end
    elseif dir then
      if cur then runs[#runs + 1] = cur end
      cur = nil
    end
  end
  if cur then runs[#runs + 1] = cur end
  return runs
end

-- ------------------------------------------------------------- the state

local function new_state(opts, format)
  return {
    opts = opts,
    format = format or "html",
    html = (format or "html"):match("^html") ~= nil or format == "revealjs" or format == "epub" or
      format == "epub3",
    docx = format == "docx",
    entities = {}, -- id -> { canonical, type, count, refs = {} }
    order = {},
    dates = {},
    n = 0,
    doc_dir = nil,
  }
end

local function entity_span(st, m)
  st.n = st.n + 1
  local id = "arabic-e" .. st.n
  local e = st.entities[m.id]
  if not e then
    e = { id = m.id, canonical = m.canonical, type = m.type, count = 0, refs = {} }
    st.entities[m.id] = e
    st.order[#st.order + 1] = e
  end
  e.count = e.count + 1
  e.refs[#e.refs + 1] = id
  local kv = { { "data-id", m.id }, { "data-type", m.type }, { "data-canonical", m.canonical } }
  if m.fuzzy then kv[#kv + 1] = { "data-fuzzy", "true" } end
  if st.docx then kv[#kv + 1] = { "custom-style", st.opts.entities.style or "Entity" } end
  local link = st.opts.entities.link
  local pieces = 0
  return function(inlines)
    -- a finding wrapped piecewise keeps its id on the first piece only
    pieces = pieces + 1
    local span_id = pieces == 1 and id or ""
    if link then
      local url = link:gsub("{(%w+)}", function(k)
        local v = ({ id = m.id, type = m.type, canonical = m.canonical, name = m.name })[k]
        return v or ""
      end)
      inlines = { { t = "Link", c = { attr(), inlines, { url, m.canonical } } } }
    end
    return Span(attr(span_id, { "entity", m.type:lower() }, kv), inlines)
  end
end

local function date_span(st, d)
  st.dates[#st.dates + 1] = { text = d.text, value = d.value, calendar = d.calendar, gregorian = d.gregorian }
  local kv = {}
  if d.value then kv[#kv + 1] = { "data-value", d.value } end
  kv[#kv + 1] = { "data-calendar", d.calendar }
  if d.grain then kv[#kv + 1] = { "data-grain", d.grain } end
  if d.offset then kv[#kv + 1] = { "data-offset", tostring(d.offset) } end
  if d.gregorian then kv[#kv + 1] = { "data-gregorian", d.gregorian } end
  if d.mod then kv[#kv + 1] = { "data-mod", d.mod } end
  if st.docx then kv[#kv + 1] = { "custom-style", (st.opts.dates and st.opts.dates.style) or "Date" } end
  return function(inlines) return Span(attr("", { "date" }, kv), inlines) end
end

local function sentence_span(st)
  st.sentence = (st.sentence or 0) + 1
  local kv = st.docx and { { "custom-style", "Sentence" } } or {}
  return function(inlines) return Span(attr("", { "sentence" }, kv), inlines) end
end

local function dir_span(run)
  local lang = run.dir == "rtl" and "ar" or "en"
  return function(inlines) return Span(attr("", {}, { { "lang", lang }, { "dir", run.dir } }), inlines) end
end

local MARK = "\239\191\188" -- U+FFFC, the middle of BARRIER

-- Shrink [a, b] past whitespace and barrier marks at both ends.
local function trim_skipped(text, a, b)
  while a <= b do
    if text:sub(a, a):match("%s") then a = a + 1
    elseif text:sub(a, a + 2) == MARK then a = a + 3
    else break end
  end
  while b >= a do
    if text:sub(b, b):match("%s") then b = b - 1
    elseif b - 2 >= a and text:sub(b - 2, b) == MARK then b = b - 3
    else break end
  end
  return a, b
end

-- Process one list of inlines (a paragraph, a header, a cell ...).
local function process_inlines(list, st, block_dir)
  local o = st.opts
  if o.normalize then
    local function norm(l)
      for _, el in ipairs(l) do
        if el.t == "Str" then el.c = (o.normalize(el.c))
        elseif not OPAQUE[el.t] then
          local inner = inlines_of(el)
          if inner then norm(inner) end
        end
      end
    end
    norm(list)
  end
  local need = o.entities or o.dates or o.sentences or (o.direction and block_dir)
  if not need then return list end
  local parts = {}
  S, E = {}, {} -- this paragraph's positions only
  stitch(list, parts, 1)
  local text = table.concat(parts)
  if not text:find("%S") then
    return list
  end
  local ivs = {}
  if o.sentences then
    for first, last in arabic.sentences(text, o.sentences) do
      -- skipped elements (an image, a note) at a sentence's ends stay out
      -- of it; a "sentence" made only of them is none
      local a, b = trim_skipped(text, first, last)
      if a <= b then ivs[#ivs + 1] = { a = a, b = b + 1, rank = 1, make = sentence_span(st) } end
    end
  end
  if o.entities then
    for _, m in ipairs(arabic.entities(text, o.entities.match)) do
      ivs[#ivs + 1] = { a = m.first, b = m.last + 1, rank = 2, make = entity_span(st, m) }
    end
  end
  if o.dates then
    for d in arabic.dates(text, { reference = o.dates.reference }) do
      ivs[#ivs + 1] = { a = d.first, b = d.last + 1, rank = 3, make = date_span(st, d) }
    end
  end
  if o.direction and block_dir then
    for _, run in ipairs(direction_runs(text, block_dir)) do
      ivs[#ivs + 1] = { a = run.a, b = run.b, rank = 4, make = dir_span(run) }
    end
  end
  if #ivs == 0 then
    return list
  end
  local cuts, seen = {}, {}
  for _, iv in ipairs(ivs) do
    for _, c in ipairs { iv.a, iv.b } do
      if not seen[c] then
        seen[c] = true
        cuts[#cuts + 1] = c
      end
    end
  end
  table.sort(cuts)
  list = split(list, cuts)
  list = wrap(list, forest(ivs))
  return list
end

-- ---------------------------------------------------------------- blocks

local process_blocks

local function lang_attr(a, dir)
  local kv = a[3]
  local has = {}
  for _, p in ipairs(kv) do has[p[1]] = true end
  if not has.dir then kv[#kv + 1] = { "dir", dir } end
  if not has.lang then kv[#kv + 1] = { "lang", dir == "rtl" and "ar" or "en" } end
end

-- Process a block; returns the block (or a Div wrapping it).
local function process_block(b, st)
  local t, c = b.t, b.c
  local o = st.opts
  if t == "Para" or t == "Plain" then
    local dir = o.direction and inlines_dir(c) or nil
    b.c = process_inlines(c, st, dir)
    if dir and st.doc_dir and dir ~= st.doc_dir then
      return { t = "Div", c = { attr("", {}, { { "lang", dir == "rtl" and "ar" or "en" }, { "dir", dir } }), { b } } }
    end
  elseif t == "Header" then
    local dir = o.direction and inlines_dir(c[3]) or nil
    c[3] = process_inlines(c[3], st, dir)
    if dir and st.doc_dir and dir ~= st.doc_dir then lang_attr(c[2], dir) end
  elseif t == "BlockQuote" then
    b.c = process_blocks(c, st)
  elseif t == "Div" then
    local classes = c[1][2] or {}
    for _, cl in ipairs(classes) do
      if cl == "no-arabic" then return b end
    end
    c[2] = process_blocks(c[2], st)
  elseif t == "BulletList" then
    for i, item in ipairs(c) do c[i] = process_blocks(item, st) end
  elseif t == "OrderedList" then
    for i, item in ipairs(c[2]) do c[2][i] = process_blocks(item, st) end
  elseif t == "DefinitionList" then
    for _, item in ipairs(c) do
      item[1] = process_inlines(item[1], st, nil)
      for i, defn in ipairs(item[2]) do item[2][i] = process_blocks(defn, st) end
    end
  elseif t == "LineBlock" then
    for i, line in ipairs(c) do c[i] = process_inlines(line, st, nil) end
  elseif t == "Table" then
    -- [attr, caption, colspecs, thead, tbodies, tfoot]
    local function rows(list)
      for _, row in ipairs(list) do
        for _, cell in ipairs(row[2]) do cell[5] = process_blocks(cell[5], st) end
      end
    end
    if type(c[2]) == "table" and type(c[2][2]) == "table" then c[2][2] = process_blocks(c[2][2], st) end
    if c[4] then rows(c[4][2]) end
    for _, body in ipairs(c[5] or {}) do
      rows(body[3])
      rows(body[4])
    end
    if c[6] then rows(c[6][2]) end
  elseif t == "Figure" then
    c[3] = process_blocks(c[3], st)
  end
  return b
end

process_blocks = function(blocks, st)
  local out = {}
  for i, b in ipairs(blocks) do out[i] = process_block(b, st) end
  return out
end

-- Inline notes hold blocks of their own: process them too.
local function process_notes(blocks, st)
  local function in_inlines(list)
    for _, el in ipairs(list) do
      local t = el.t
      if t == "Note" then
        el.c = process_blocks(el.c, st)
      elseif t ~= "Str" and t ~= "Space" and CONTAINER[t] then
        in_inlines((inlines_of(el)))
      end
    end
  end
  local function in_blocks(bl)
    for _, b in ipairs(bl) do
      if b.t == "Para" or b.t == "Plain" then in_inlines(b.c)
      elseif b.t == "Header" then in_inlines(b.c[3])
      elseif b.t == "BlockQuote" then in_blocks(b.c)
      elseif b.t == "Div" then in_blocks(b.c[2])
      elseif b.t == "BulletList" then for _, it in ipairs(b.c) do in_blocks(it) end
      elseif b.t == "OrderedList" then for _, it in ipairs(b.c[2]) do in_blocks(it) end
      end
    end
  end
  in_blocks(blocks)
end

-- ------------------------------------------------------------ chrome

-- Remove chrome blocks: each top-level paragraph, header or list item is a
-- "line" for the line-level rules.
local function remove_chrome(blocks, st)
  local lines, where = {}, {}
  for i, b in ipairs(blocks) do
    if b.t == "Para" or b.t == "Plain" then
      lines[#lines + 1] = stringify(b.c):gsub("\n", " ")
      where[#where + 1] = { i }
    elseif b.t == "Header" then
      lines[#lines + 1] = stringify(b.c[3]):gsub("\n", " ")
      where[#where + 1] = { i }
    elseif b.t == "BulletList" or b.t == "OrderedList" then
      local items = b.t == "BulletList" and b.c or b.c[2]
      for k, item in ipairs(items) do
        local text = {}
        for _, ib in ipairs(item) do
          if ib.t == "Para" or ib.t == "Plain" then text[#text + 1] = stringify(ib.c) end
        end
        lines[#lines + 1] = "• " .. table.concat(text, " "):gsub("\n", " ")
        where[#where + 1] = { i, k }
      end
    else
      lines[#lines + 1] = ""
      where[#where + 1] = { i, keep = true }
    end
    lines[#lines + 1] = "" -- blocks are paragraphs: a blank line between
    where[#where + 1] = false
  end
  local text = table.concat(lines, "\n")
  local r = arabic.boilerplate(text, st.opts.boilerplate)
  if #r.removed == 0 then return blocks end
  -- line number of each byte offset
  local starts, pos = {}, 1
  for n, l in ipairs(lines) do
    starts[n] = pos
    pos = pos + #l + 1
  end
  local drop_block, drop_item = {}, {}
  for _, x in ipairs(r.removed) do
    for n, l in ipairs(lines) do
      local s, e = starts[n], starts[n] + #l - 1
      if #l > 0 and s <= x.last and e >= x.first and where[n] and not where[n].keep then
        local w = where[n]
        if w[2] then
          drop_item[w[1]] = drop_item[w[1]] or {}
          drop_item[w[1]][w[2]] = true
        else
          drop_block[w[1]] = true
        end
      end
    end
  end
  st.removed = r.removed
  local out = {}
  for i, b in ipairs(blocks) do
    if not drop_block[i] then
      if drop_item[i] then
        local items = b.t == "BulletList" and b.c or b.c[2]
        local kept = {}
        for k, item in ipairs(items) do
          if not drop_item[i][k] then kept[#kept + 1] = item end
        end
        if #kept > 0 then
          if b.t == "BulletList" then b.c = kept else b.c[2] = kept end
          out[#out + 1] = b
        end
      else
        out[#out + 1] = b
      end
    end
  end
  return out
end

-- --------------------------------------------------------------- index

-- Index sections by type, in this order; other types follow by name.
local TYPE_ORDER = { PER = 1, ORG = 2, LOC = 3, MISC = 4 }
local TYPE_TITLES = { PER = "أشخاص", ORG = "مؤسسات وهيئات", LOC = "أماكن", MISC = "أخرى" }

local function index_blocks(st)
  local ix = st.opts.index
  local by_type, types = {}, {}
  for _, e in ipairs(st.order) do
    if not by_type[e.type] then
      by_type[e.type] = {}
      types[#types + 1] = e.type
    end
    table.insert(by_type[e.type], e)
  end
  if #types == 0 then return {} end
  table.sort(types, function(a, b)
    local ta, tb = TYPE_ORDER[a] or 9, TYPE_ORDER[b] or 9
    if ta ~= tb then return ta < tb end
    return a < b
  end)
  local blocks = {
    { t = "Header", c = { 2, attr("arabic-index", { "arabic-index", "unnumbered" }), { Str(ix.title) } } },
  }
  for _, ty in ipairs(types) do
    local list = by_type[ty]
    table.sort(list, function(a, b)
      if a.count ~= b.count then return a.count > b.count end
      return a.canonical < b.canonical
    end)
    local items = {}
    for _, e in ipairs(list) do
      local inl = { Str(e.canonical), { t = "Space" }, Str("—"), { t = "Space" }, Str(tostring(e.count)) }
      if st.html and ix.links then
        inl[#inl + 1] = Str(":")
        for k, ref in ipairs(e.refs) do
          inl[#inl + 1] = { t = "Space" }
          inl[#inl + 1] = { t = "Link", c = { attr(), { Str(tostring(k)) }, { "#" .. ref, "" } } }
        end
      end
      items[#items + 1] = { { t = "Plain", c = inl } }
    end
    local title = (ix.types and ix.types[ty]) or TYPE_TITLES[ty] or ty
    blocks[#blocks + 1] = { t = "Header", c = { 3, attr("arabic-index-" .. ty:lower(), { "unnumbered" }), { Str(title) } } }
    blocks[#blocks + 1] = { t = "BulletList", c = items }
  end
  return blocks
end

-- --------------------------------------------------------------- entry

--- Transform a pandoc JSON document (Lua tables) for an output format.
-- Returns the document (changed in place).
function M.transform(doc, format)
  local meta = doc.meta or {}
  doc.meta = meta
  local raw = meta.arabic
  meta.arabic = nil
  local opts = M.options(raw ~= nil and meta_value(raw) or nil)
  local st = new_state(opts, format)
  if opts.dates and not opts.dates.reference and meta.date then
    -- relative dates (أمس، الشهر الماضي) resolve against the document's date
    opts.dates.reference = pipeline.reference_date(tostring(meta_value(meta.date) or ""))
  end
  if opts.boilerplate then doc.blocks = remove_chrome(doc.blocks, st) end
  if opts.direction then
    if opts.direction == "rtl" or opts.direction == "ltr" then
      st.doc_dir = opts.direction
    else
      -- the direction of most of the text: paragraphs and headers weighed
      -- by their number of inline elements (about two per word)
      local rtl, ltr = 0, 0
      for _, b in ipairs(doc.blocks) do
        local list = (b.t == "Para" or b.t == "Plain") and b.c or b.t == "Header" and b.c[3] or nil
        local d = list and inlines_dir(list)
        if d == "rtl" then rtl = rtl + #list elseif d == "ltr" then ltr = ltr + #list end
      end
      st.doc_dir = rtl >= ltr and (rtl > 0 and "rtl" or nil) or "ltr"
    end
    if st.doc_dir and meta.dir == nil then meta.dir = { t = "MetaString", c = st.doc_dir } end
    if st.doc_dir == "rtl" and meta.lang == nil then meta.lang = { t = "MetaString", c = "ar" } end
  end
  doc.blocks = process_blocks(doc.blocks, st)
  process_notes(doc.blocks, st)
  if opts.index then
    for _, b in ipairs(index_blocks(st)) do doc.blocks[#doc.blocks + 1] = b end
  end
  if opts.metadata then
    if opts.entities then
      local list = {}
      for _, e in ipairs(st.order) do
        list[#list + 1] = { id = e.id, type = e.type, canonical = e.canonical, count = tostring(e.count) }
      end
      meta["arabic-entities"] = to_meta(list)
    end
    if opts.dates then
      local list = {}
      for _, d in ipairs(st.dates) do list[#list + 1] = { text = d.text, value = d.value or "", calendar = d.calendar } end
      meta["arabic-dates"] = to_meta(list)
    end
    if st.removed then
      local list = {}
      for _, x in ipairs(st.removed) do list[#list + 1] = { rule = x.rule, text = x.text } end
      meta["arabic-removed"] = to_meta(list)
    end
  end
  return doc
end

--- The JSON filter: pandoc JSON in, pandoc JSON out.
function M.filter_json(s, format)
  local doc, err = M.decode(s)
  if not doc then return nil, err end
  return M.encode(M.transform(doc, format))
end

return M
