--- Exports of a document (the table arabic.pipeline's p:run returns, or any
-- table with `text` and some of sentences, entities, dates, numbers,
-- removed, tokens) to the formats the command line writes.
--
--   arabic.export(doc, "conll")                      -- token<TAB>BIO tag, a blank line after each sentence
--   arabic.export(doc, "conllu")                     -- CoNLL-U: sentences, tokens, entities in MISC
--   arabic.export(doc, "brat")                       -- brat standoff (.ann): T lines, character offsets
--   arabic.export(doc, "json", { offsets = "chars" }) -- one JSON object, with character offsets too
--
-- Each returns a string. The line formats come from arabic.formats (the
-- same code the command line writes with).
local arabic = require "arabic"
local args = require "arabic.args"
local formats = require "arabic.formats"

local M = {}

M.formats = { "brat", "conll", "conllu", "json" }
--- export()'s second argument.
M.FORMAT = args.one_of(M.formats)

local LISTS = { "sentences", "entities", "dates", "numbers", "removed", "tokens" }

--- The options of export(); the command line's `arabic export` takes them too.
M.OPTIONS = {
  -- json: add start/end (0-based, end exclusive) in characters or UTF-16
  -- units; conllu: TokenRange=start:end in MISC in that unit (bytes too)
  offsets = args.one_of { "bytes", "chars", "utf16" },
  -- brat, json: the lists to export (default brat: entities; json: every list the document has)
  include = args.custom("a list of " .. table.concat(LISTS, ", "), function(v)
    local ok, list = args.strings.test(v)
    if not ok then return false end
    for _, name in ipairs(list) do
      local known = false
      for _, l in ipairs(LISTS) do known = known or l == name end
      if not known then return false, ("unknown list '%s'; valid: %s"):format(name, table.concat(LISTS, ", ")) end
    end
    return true, list
  end, args.strings.from_text),
  -- json: include the document's text (default true)
  text = args.boolean,
}
local KEYS = {
  sentences = { "first", "last", "start", "end", "text" },
  entities = { "first", "last", "start", "end", "text", "type", "id", "canonical", "name", "clitic", "fuzzy",
    "distance" },
  dates = { "first", "last", "start", "end", "text", "value", "calendar", "gregorian", "grain", "mod", "conflict",
    "year_inferred" },
  numbers = { "first", "last", "start", "end", "text", "value", "percent" },
  removed = { "first", "last", "start", "end", "rule", "text" },
  tokens = { "first", "last", "start", "end", "kind", "text", "stem" },
}
local BRAT_TYPE = { dates = "DATE", numbers = "NUMBER" }

-- A writer collecting what formats.* write.
local function buffer()
  local parts, n = {}, 0
  local b = {}
  local concat = table.concat
  function b.write(_, ...) -- formats.* write strings and numbers
    n = n + 1
    parts[n] = concat({ ... })
  end
  function b.result() return table.concat(parts) end
  return b
end

-- Characters (or UTF-16 units) in s:sub(i, j), counted in C by gsub.
local function units_in(s, i, j, utf16)
  if j < i then return 0 end
  local sub = s:sub(i, j)
  local _, n = sub:gsub("[^\128-\191]", "")
  if utf16 then
    local _, astral = sub:gsub("[\240-\247]", "") -- four-byte sequences: two units
    n = n + astral
  end
  return n
end

--- A counter of units before byte positions asked in increasing order
-- (it starts over from the text's start when asked for an earlier one).
local function unit_counter(s, utf16)
  local at, count = 1, 0
  return function(p)
    if p < at then at, count = 1, 0 end
    count = count + units_in(s, at, p - 1, utf16)
    at = p
    return count
  end
end

--- Offsets of the byte positions asked for, in any order: returns a
-- function pos -> units before byte pos (0-based).
local function unit_offsets(s, positions, utf16)
  table.sort(positions)
  local at, counter = {}, unit_counter(s, utf16)
  for _, p in ipairs(positions) do at[p] = counter(p) end
  return function(p) return at[p] end
end

local function check_doc(doc)
  if type(doc) == "string" then return { text = doc } end
  if type(doc) ~= "table" or type(doc.text) ~= "string" then
    args.error("export", 1, "document table with a string 'text' expected, got " .. type(doc), 3)
  end
  return doc
end

local function sorted_by_first(list)
  local copy = {}
  for i, x in ipairs(list) do copy[i] = x end
  table.sort(copy, function(a, b)
    if a.first ~= b.first then return a.first < b.first end
    return a.last > b.last
  end)
  return copy
end

-- Sentences of the document (computed when it has none), without the
-- ranges the pipeline removed as chrome.
local function sentences_of(doc)
  if doc.sentences then return sorted_by_first(doc.sentences) end
  local list = {}
  for first, last in arabic.sentences(doc.text) do list[#list + 1] = { first = first, last = last } end
  return list
end

-- Tokens of text inside [first, last] that are not in a removed range.
local function tokens_in(doc, first, last)
  local s = doc.text
  local removed = doc.removed or {}
  local toks, n = {}, 0
  for a, b, kind in arabic.core.tokens(s, first) do
    if a > last then break end
    local inside = false
    for r = 1, #removed do
      if a >= removed[r].first and a <= removed[r].last then
        inside = true
        break
      end
    end
    if not inside then
      n = n + 1
      toks[n] = { first = a, last = b < last and b or last, kind = kind }
    end
  end
  return toks
end

-- Entity spans as BIO needs them: whole tokens, clitics included (the
-- ANERcorp convention, as the command line writes them).
local function entity_spans(doc)
  local spans = {}
  for i, m in ipairs(sorted_by_first(doc.entities or {})) do
    spans[i] = { first = m.token_first or m.first, last = m.last, type = m.type, id = m.id }
  end
  return spans
end

local function export_conll(doc)
  local out = buffer()
  local spans = entity_spans(doc)
  for _, sent in ipairs(sentences_of(doc)) do
    local toks = tokens_in(doc, sent.first, sent.last)
    if #toks > 0 then
      formats.conll(out, doc.text, toks, spans)
      out:write("\n")
    end
  end
  return out.result()
end

local function misc_value(v) return (tostring(v):gsub("[|=%s]", "_")) end

local function export_conllu(doc, o)
  local out = buffer()
  local s = doc.text
  local spans = entity_spans(doc)
  local sents = sentences_of(doc)
  local units -- sentences and their tokens come in text order
  if o.offsets and o.offsets ~= "bytes" then units = unit_counter(s, o.offsets == "utf16") end
  local k, sid = 1, 0
  for _, sent in ipairs(sents) do
    local toks = tokens_in(doc, sent.first, sent.last)
    if #toks > 0 then
      sid = sid + 1
      out:write("# sent_id = ", sid, "\n", "# text = ", (s:sub(toks[1].first, toks[#toks].last):gsub("%s+", " ")), "\n")
      for i, t in ipairs(toks) do
        while spans[k] and spans[k].last < t.first do k = k + 1 end
        local sp = spans[k]
        local misc = {}
        if sp and sp.first <= t.last and sp.last >= t.first then
          misc[#misc + 1] = "NER=" .. (t.first <= sp.first and "B-" or "I-") .. misc_value(sp.type)
          if sp.id then misc[#misc + 1] = "NERId=" .. misc_value(sp.id) end
        end
        local nxt = toks[i + 1]
        if nxt and nxt.first == t.last + 1 then misc[#misc + 1] = "SpaceAfter=No" end
        if o.offsets == "bytes" then
          misc[#misc + 1] = ("TokenRange=%d:%d"):format(t.first - 1, t.last)
        elseif units then
          misc[#misc + 1] = ("TokenRange=%d:%d"):format(units(t.first), units(t.last + 1))
        end
        local form = s:sub(t.first, t.last):gsub("%s", "_")
        out:write(i, "\t", form, "\t_\t_\t_\t_\t_\t_\t_\t", #misc > 0 and table.concat(misc, "|") or "_", "\n")
      end
      out:write("\n")
    end
  end
  return out.result()
end

local function export_brat(doc, o)
  local include = o.include or { "entities" }
  local spans = {}
  for _, name in ipairs(include) do
    for _, x in ipairs(doc[name] or {}) do
      spans[#spans + 1] = { first = x.first, last = x.last, type = x.type or BRAT_TYPE[name] or name:upper(),
        id = x.id }
    end
  end
  spans = sorted_by_first(spans)
  local out = buffer()
  formats.brat(out, doc.text, spans, 1, 0)
  local note = 0
  for i, sp in ipairs(spans) do
    if sp.id then
      note = note + 1
      out:write("#", note, "\tAnnotatorNotes T", i, "\t", (tostring(sp.id):gsub("[\t\n]", " ")), "\n")
    end
  end
  return out.result()
end

local function export_json(doc, o)
  local json = require "arabic.json"
  local include = o.include
  if not include then
    include = {}
    for _, name in ipairs(LISTS) do
      if doc[name] then include[#include + 1] = name end
    end
  end
  local units
  if o.offsets and o.offsets ~= "bytes" then
    local pos = {}
    for _, name in ipairs(include) do
      for _, x in ipairs(doc[name] or {}) do
        pos[#pos + 1] = x.first
        pos[#pos + 1] = x.last + 1
      end
    end
    units = unit_offsets(doc.text, pos, o.offsets == "utf16")
  end
  local parts = {}
  if doc.id ~= nil then parts[#parts + 1] = '"id":' .. json.encode(doc.id) end
  if o.text ~= false then parts[#parts + 1] = '"text":' .. json.encode(doc.text) end
  if doc.reference then parts[#parts + 1] = '"reference":' .. json.encode(doc.reference) end
  for _, name in ipairs(include) do
    local keys = KEYS[name] or KEYS.sentences
    local items = {}
    for i, x in ipairs(doc[name] or {}) do
      local t = {}
      for _, key in ipairs(keys) do t[key] = x[key] end
      if t.text == nil and x.first and x.last then t.text = doc.text:sub(x.first, x.last) end
      if units then
        t.start, t["end"] = units(x.first), units(x.last + 1)
      end
      items[i] = json.object(keys, t)
    end
    parts[#parts + 1] = json.encode(name) .. ":[" .. table.concat(items, ",") .. "]"
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

local EXPORTERS = { conll = export_conll, conllu = export_conllu, brat = export_brat, json = export_json }

--- arabic.export(doc, format [, opts]) --> string
function M.export(doc, format, opts)
  doc = check_doc(doc)
  if not M.FORMAT.test(format) then
    args.error("export", 2, ("format must be %s, got %s"):format(M.FORMAT.what, args.show(format)), 2)
  end
  return EXPORTERS[format](doc, args.check(opts, M.OPTIONS, "export", 3, 2))
end

return M
