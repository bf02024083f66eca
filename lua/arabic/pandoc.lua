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
local latex = require "arabic.pandoc.latex"
local pipeline = require "arabic.pipeline"

local M = {}

M.encode, M.decode = ast.encode, ast.decode
M.stringify, M.meta_value = ast.stringify, ast.meta_value
M.first_strong = inlines.first_strong
M.options = options.read

-- What each output format gets (pandoc's writer names):
--   html    lang/dir on runs and blocks of the other direction, dir="ltr"
--           on code, math in a left-to-right Span (also json and native:
--           the AST for any writer later);
--   latex   lang only (\foreignlanguage, otherlanguage; pandoc turns dir
--           into \LR and \RL, which its template defines for pdfTeX
--           only), code in lang="en", and the Arabic font setup;
--   docx    lang/dir, code in a left-to-right Span or Div, custom-style;
--   markup  Markdown and the other source formats: only what the user
--           asked for (entities, dates ...), a right-to-left mark where a
--           renderer would show an Arabic paragraph left-to-right;
--   generic any other writer: lang/dir on runs and blocks.
local HTML = { html = true, html4 = true, html5 = true, epub = true, epub2 = true, epub3 = true,
  revealjs = true, s5 = true, slidy = true, slideous = true, dzslides = true, chunkedhtml = true,
  json = true, native = true }
local MARKUP = { markdown = true, markdown_strict = true, markdown_phpextra = true, markdown_github = true,
  markdown_mmd = true, commonmark = true, commonmark_x = true, gfm = true, plain = true, org = true, rst = true,
  asciidoc = true, asciidoctor = true, textile = true, mediawiki = true, dokuwiki = true, muse = true,
  jira = true, haddock = true, tikiwiki = true, twiki = true, zimwiki = true, xwiki = true, markua = true }

local function profile(format)
  local base = (format or "html"):match("^[%w_]+") or "html"
  if HTML[base] then return "html" end
  if base == "latex" or base == "beamer" then return "latex" end
  if base == "docx" then return "docx" end
  if MARKUP[base] then return "markup" end
  return "generic"
end
M.profile = profile

-- The state of one document's transform: its options, its format and the
-- findings so far (for the index and the metadata).
local function new_state(opts, format)
  local p = profile(format)
  return {
    opts = opts,
    format = format or "html",
    profile = p,
    html = p == "html",
    latex = p == "latex",
    docx = p == "docx",
    markup = p == "markup",
    generic = p == "generic",
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
-- Languages written right to left (their ISO 639-1 codes), for a `lang`
-- the user set in the metadata.
local RTL_LANGS = { ar = true, fa = true, he = true, ur = true, ps = true, yi = true, dv = true, ckb = true }

--- The direction the user declared in the metadata (`dir`, else the one
-- of `lang`), or nil. It wins over what the text looks like: with
-- `lang: en` the document's main language is English, whatever share of
-- it is Arabic, and its Arabic runs are marked as the other direction.
local function declared_direction(meta)
  local d = meta.dir ~= nil and tostring(ast.meta_value(meta.dir) or "") or ""
  if d == "rtl" or d == "ltr" then return d end
  local l = meta.lang ~= nil and tostring(ast.meta_value(meta.lang) or "") or ""
  local base = l:match("^(%a+)")
  if not base then return nil end
  return RTL_LANGS[base:lower()] and "rtl" or "ltr"
end

local function document_direction(doc, forced)
  if forced == "rtl" or forced == "ltr" then return forced end
  local declared = declared_direction(doc.meta or {})
  if declared then return declared end
  local rtl, ltr = 0, 0
  for _, b in ipairs(doc.blocks) do
    local list = (b.t == "Para" or b.t == "Plain") and b.c or b.t == "Header" and b.c[3] or nil
    local d = list and inlines.inlines_dir(list)
    if d == "rtl" then rtl = rtl + #list elseif d == "ltr" then ltr = ltr + #list end
  end
  return rtl >= ltr and (rtl > 0 and "rtl" or nil) or "ltr"
end

-- The options of a document: its `arabic` metadata and the `arabic.KEY`
-- fields pandoc's -M makes (-M arabic.dates=true), merged.
local function document_options(meta)
  local fields
  for k, v in pairs(meta) do
    if type(k) == "string" and k:sub(1, 7) == "arabic." then
      fields = fields or {}
      fields[k] = ast.meta_value(v)
    end
  end
  local raw = meta.arabic ~= nil and ast.meta_value(meta.arabic) or nil
  return options.read(options.gather(raw, fields))
end

--- Transform a pandoc JSON document (Lua tables) for an output format.
-- Returns the document (changed in place). The `arabic` metadata stays in
-- it, so that a second run uses the same options (and changes nothing).
function M.transform(doc, format)
  local meta = doc.meta or {}
  doc.meta = meta
  local opts = document_options(meta)
  local st = new_state(opts, format)
  if opts.metadata == nil then
    -- not in what a writer prints as the document's own metadata (a YAML
    -- header): Markdown carries only what the user asked for
    local base = st.format:match("^[%w_]+") or ""
    opts.metadata = not (base:match("^markdown") or base:match("^commonmark") or base == "gfm")
  end
  if opts.dates and not opts.dates.reference and meta.date then
    -- relative dates (أمس، الشهر الماضي) resolve against the document's date
    opts.dates.reference = pipeline.reference_date(tostring(ast.meta_value(meta.date) or ""))
  end
  -- the index of a run before is made again at the end
  doc.blocks = index.remove(doc.blocks)
  if st.latex then doc.blocks = latex.strip_tables(doc.blocks) end
  if opts.boilerplate then doc.blocks = blocks.remove_chrome(doc.blocks, st) end
  if opts.direction then
    st.doc_dir = document_direction(doc, opts.direction)
    local lang = st.doc_dir == "rtl" and "ar" or nil
    if st.html or st.docx or st.generic then
      if st.doc_dir and meta.dir == nil then meta.dir = { t = "MetaString", c = st.doc_dir } end
      if lang and meta.lang == nil then meta.lang = { t = "MetaString", c = lang } end
    elseif st.latex then
      if lang and meta.lang == nil then meta.lang = { t = "MetaString", c = lang } end
      -- the main language: runs of it cannot carry lang (arabic.pandoc.inlines)
      local main = meta.lang and tostring(ast.meta_value(meta.lang) or "") or ""
      st.main_lang = main:match("^(%a+)") or "en"
    end
  end
  local units
  doc.blocks, units = blocks.collect(doc.blocks, st, st.doc_dir)
  inlines.run(units, st, function(notes, dir) return blocks.note_units(notes, st, dir) end)
  if opts.index then
    for _, b in ipairs(index.blocks(st)) do doc.blocks[#doc.blocks + 1] = b end
  end
  if opts.metadata then index.metadata(meta, st) end
  if st.latex then latex.setup(doc, st) end
  return doc
end

--- The JSON filter: pandoc JSON in, pandoc JSON out.
-- The decoded document is most of the memory in use and lives to the end,
-- and the collector would go over all of it again for every few MB the
-- decoder and the transform allocate (a fifth of the time on a big
-- document, to free little: the transform's garbage is a few percent of the
-- document's size). So the collector waits while a document is converted.
-- With write (a function), the JSON goes to it in chunks (pandoc-arabic
-- writes it to standard output as it goes) and the result is true.
function M.filter_json(s, format, write)
  local ok_running, running = pcall(collectgarbage, "isrunning")
  collectgarbage("stop")
  local ok, out, err = pcall(function()
    local doc, derr = M.decode(s)
    if not doc then return nil, derr end
    M.transform(doc, format)
    if write then
      M.encode(doc, write)
      return true
    end
    return M.encode(doc)
  end)
  if not ok_running or running then collectgarbage("restart") end
  if not ok then error(out, 0) end
  return out, err
end

return M
