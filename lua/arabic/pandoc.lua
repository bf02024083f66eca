--- The pandoc transform, on pandoc's JSON AST (decoded into Lua tables).
--
-- One implementation serves both entry points: the Lua filter
-- (lua/arabic/filter.lua) converts its document with pandoc.write(doc,
-- "json") and back, and bin/pandoc-arabic is a plain JSON filter for any
-- pandoc (including the static release binaries, which cannot load C
-- modules). Options come from the document's `arabic:` metadata block.
--
-- The parts, by concern (lua/arabic/pandoc/):
--   ast.lua      the JSON AST: encode/decode, elements, containers, metadata values
--   options.lua  the `arabic:` block, checked against the steps' own specs
--   inlines.lua  stitching a block's inlines, finding, wrapping in Spans, direction
--   blocks.lua   walking the blocks (lists, tables, notes ...), chrome removal
--   index.lua    the entity index section and the findings in the metadata
local ast = require "arabic.pandoc.ast"
local options = require "arabic.pandoc.options"
local inlines = require "arabic.pandoc.inlines"
local blocks = require "arabic.pandoc.blocks"
local index = require "arabic.pandoc.index"
local pipeline = require "arabic.pipeline"

local M = {}

M.encode, M.decode = ast.encode, ast.decode
M.stringify, M.meta_value = ast.stringify, ast.meta_value
M.first_strong = inlines.first_strong
M.options = options.read

-- The state of one document's transform: its options, its format and the
-- findings so far (for the index and the metadata).
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

-- The document's direction: forced by the options, or that of most of the
-- text (paragraphs and headers weighed by their number of inline elements,
-- about two per word).
local function document_direction(doc, forced)
  if forced == "rtl" or forced == "ltr" then return forced end
  local rtl, ltr = 0, 0
  for _, b in ipairs(doc.blocks) do
    local list = (b.t == "Para" or b.t == "Plain") and b.c or b.t == "Header" and b.c[3] or nil
    local d = list and inlines.inlines_dir(list)
    if d == "rtl" then rtl = rtl + #list elseif d == "ltr" then ltr = ltr + #list end
  end
  return rtl >= ltr and (rtl > 0 and "rtl" or nil) or "ltr"
end

--- Transform a pandoc JSON document (Lua tables) for an output format.
-- Returns the document (changed in place).
function M.transform(doc, format)
  local meta = doc.meta or {}
  doc.meta = meta
  local raw = meta.arabic
  meta.arabic = nil
  local opts = options.read(raw ~= nil and ast.meta_value(raw) or nil)
  local st = new_state(opts, format)
  if opts.dates and not opts.dates.reference and meta.date then
    -- relative dates (أمس، الشهر الماضي) resolve against the document's date
    opts.dates.reference = pipeline.reference_date(tostring(ast.meta_value(meta.date) or ""))
  end
  if opts.boilerplate then doc.blocks = blocks.remove_chrome(doc.blocks, st) end
  if opts.direction then
    st.doc_dir = document_direction(doc, opts.direction)
    if st.doc_dir and meta.dir == nil then meta.dir = { t = "MetaString", c = st.doc_dir } end
    if st.doc_dir == "rtl" and meta.lang == nil then meta.lang = { t = "MetaString", c = "ar" } end
  end
  doc.blocks = blocks.process(doc.blocks, st)
  blocks.process_notes(doc.blocks, st)
  if opts.index then
    for _, b in ipairs(index.blocks(st)) do doc.blocks[#doc.blocks + 1] = b end
  end
  if opts.metadata then index.metadata(meta, st) end
  return doc
end

--- The JSON filter: pandoc JSON in, pandoc JSON out.
function M.filter_json(s, format)
  local doc, err = M.decode(s)
  if not doc then return nil, err end
  return M.encode(M.transform(doc, format))
end

return M
