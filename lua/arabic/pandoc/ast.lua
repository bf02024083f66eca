--- pandoc's JSON AST as Lua tables: encoding and decoding, building
-- elements, the inline containers, plain text, metadata values. Shared by
-- the other arabic.pandoc modules; knows nothing of Arabic.
local json = require "arabic.json"

local M = {}

local EMPTY = "\1\2arabicEmptyArray\2\1"
local EMPTY_JSON = '"\\u0001\\u0002arabicEmptyArray\\u0002\\u0001"'

-- lua-cjson decodes [] and {} alike; pandoc needs []: mark every empty
-- table in an array position (only the metadata map and MetaMap contents
-- are objects) before encoding.
-- (Called on tables only. It runs over every node of the document, so the
-- leaves, elements whose content is no table (Str, Space ...), are
-- skipped without a call.)
local mark_arrays
local function mark_list(v)
  for i = 1, #v do
    local x = v[i]
    if type(x) == "table" then
      local xt = x.t
      if xt == nil then
        v[i] = mark_arrays(x, false)
      else
        local c = x.c
        if type(c) == "table" then
          if next(c) == nil then x.c = xt == "MetaMap" and json.empty_object() or EMPTY
          elseif xt == "MetaMap" then mark_arrays(c, true)
          elseif c[1] ~= nil then mark_list(c) end
        end
      end
    end
  end
  return v
end

mark_arrays = function(v, object)
  if next(v) == nil then return object and json.empty_object() or EMPTY end
  local t = v.t
  if t ~= nil then
    local c = v.c
    if type(c) == "table" then v.c = mark_arrays(c, t == "MetaMap") end
    return v
  end
  if v[1] ~= nil then return mark_list(v) end
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

-- The C encoder of arabic.core (one pass, empty tables as pandoc wants
-- them, sorted keys); the Lua way below when it is not there.
local has_core, core = pcall(require, "arabic.core")
local c_encode = has_core and type(core) == "table" and core.pandoc_encode or nil

--- Encode a document table as pandoc JSON; with write (a function), the
-- JSON goes to it in chunks and nothing is returned.
function M.encode(doc, write)
  if c_encode then return c_encode(doc, write) end
  -- the raw encoder: pandoc reads "\/" fine, no need to tidy 37 MB
  local s = assert(json.encode_raw(mark_arrays(doc, false)))
  s = replace_plain(s, EMPTY_JSON, "[]")
  if write then return write(s) and nil end
  return s
end

-- The C decoder: lua-cjson's tables made at their size (less memory and
-- time); nothing when it does not take the input, and then lua-cjson
-- decides (its value or its message). Only with lua-cjson: dkjson's null
-- is another value.
local c_decode = c_encode and json.name == "cjson" and core.pandoc_decode or nil

--- Decode pandoc JSON; nil, message on bad input.
function M.decode(s)
  local doc, err
  if c_decode and type(s) == "string" then doc = c_decode(s) end
  if doc == nil then doc, err = json.decode(s) end
  if type(doc) ~= "table" or type(doc.blocks) ~= "table" then
    return nil, "not a pandoc JSON document" .. (err and (": " .. tostring(err)) or "")
  end
  return doc
end

function M.Str(s) return { t = "Str", c = s } end
function M.Span(a, inlines) return { t = "Span", c = { a, inlines } } end

function M.attr(id, classes, kv)
  local pairs_ = {}
  for _, p in ipairs(kv or {}) do pairs_[#pairs_ + 1] = { p[1], p[2] } end
  return { id or "", classes or {}, pairs_ }
end

-- Inline containers and where their inlines are.
M.CONTAINER = {
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
  local f = M.CONTAINER[el.t]
  if not f then return nil end
  local list, k = f(el.c)
  return list, k
end

M.inlines_of = inlines_of

local function set_inlines(el, list)
  local _, k = inlines_of(el)
  if k then el.c[k] = list else el.c = list end
end

M.set_inlines = set_inlines

-- Never touched, and no finding runs across them.
M.OPAQUE = { Code = true, Math = true, RawInline = true, Note = true, Image = true, Cite = true }

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

function M.to_meta(v)
  if type(v) == "boolean" then return { t = "MetaBool", c = v } end
  if type(v) == "number" then return { t = "MetaString", c = tostring(v) } end
  if type(v) == "string" then return { t = "MetaString", c = v } end
  if type(v) == "table" then
    if v[1] ~= nil or next(v) == nil then
      local out = {}
      for i, x in ipairs(v) do out[i] = M.to_meta(x) end
      return { t = "MetaList", c = out }
    end
    local out = {}
    for k, x in pairs(v) do out[k] = M.to_meta(x) end
    return { t = "MetaMap", c = out }
  end
  return { t = "MetaString", c = tostring(v) }
end

return M
