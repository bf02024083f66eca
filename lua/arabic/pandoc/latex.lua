--- LaTeX and PDF output: an Arabic setup that works with pandoc's own
-- template on xelatex and lualatex.
--
-- pandoc's template (2.17 and later) loads babel when `lang` is set:
-- bidi=default on xelatex, bidi=basic on lualatex, the main language from
-- `lang` and the others from the lang attributes in the document. What it
-- does not do is choose fonts: without a font for the Arabic script the
-- letters come out unshaped or missing. So the filter adds, in
-- header-includes, \babelfont lines for Arabic and English (Amiri or Noto
-- Naskh Arabic for the text, DejaVu Sans Mono for code, Latin Modern for
-- English), unless the document sets fonts or languages of its own. Runs
-- and blocks of the other direction carry lang only (see
-- arabic.pandoc.inlines), code is English, and the title, author and date
-- get the same runs as the text (lualatex would turn 2024-03-16 around).
local ast = require "arabic.pandoc.ast"
local inlines = require "arabic.pandoc.inlines"

local M = {}

local MARKER = "% arabic filter: Arabic and English fonts"

-- The fonts, for babel. Amiri (Debian: fonts-hosny-amiri) or Noto Naskh
-- Arabic (fonts-noto-core) for the text; Noto Sans Arabic, when installed,
-- for sans serif (beamer); DejaVu Sans Mono, the monospaced font with
-- Arabic letters, for code, upright for its italic (\CommentTok is italic
-- and DejaVu Sans Mono Oblique has no Arabic), slanted.
local function font_lines(lang_opt)
  local l = lang_opt and ("[" .. lang_opt .. "]") or ""
  return {
    "  \\IfFontExistsTF{Amiri}{\\babelfont" .. l .. "{rm}[Script=Arabic]{Amiri}}%",
    "    {\\babelfont" .. l .. "{rm}[Script=Arabic]{Noto Naskh Arabic}}",
    "  \\IfFontExistsTF{Noto Sans Arabic}{\\babelfont" .. l .. "{sf}[Script=Arabic]{Noto Sans Arabic}}%",
    "    {\\babelfont" .. l .. "{sf}[Script=Arabic]{Amiri}}",
    "  \\babelfont" .. l .. "{tt}[Script=Arabic,Scale=MatchLowercase,ItalicFont={DejaVu Sans Mono},"
      .. "ItalicFeatures={FakeSlant=0.2}]{DejaVu Sans Mono}",
  }
end

--- The header lines: main says whether Arabic is the main language (a
-- right-to-left document) or another one (Arabic quoted in English).
function M.header(main)
  local lines = {
    MARKER .. " (xelatex, lualatex)",
    "\\ifPDFTeX",
    "  \\PackageError{arabic}{Arabic text needs xelatex or lualatex: pandoc --pdf-engine=xelatex}{}",
    "\\else",
  }
  local function add(t)
    for _, x in ipairs(t) do lines[#lines + 1] = x end
  end
  if main then
    lines[#lines + 1] = "  \\ifcsname captionsenglish\\endcsname\\else\\babelprovide[import]{english}\\fi"
    add(font_lines(nil))
    lines[#lines + 1] = "  \\babelfont[english]{rm}{Latin Modern Roman}"
    lines[#lines + 1] = "  \\babelfont[english]{sf}{Latin Modern Sans}"
    lines[#lines + 1] = "  \\babelfont[english]{tt}[Scale=MatchLowercase,ItalicFont={DejaVu Sans Mono},"
      .. "ItalicFeatures={FakeSlant=0.2}]{DejaVu Sans Mono}"
  else
    lines[#lines + 1] = "  \\ifcsname captionsarabic\\endcsname\\else\\babelprovide[import]{arabic}\\fi"
    add(font_lines("arabic"))
  end
  -- Latin Modern has no U+02BB and U+02BC, the ʻayn and hamza of ALA-LC
  -- romanizations (transliterate: ala-lc): where the font lacks them, the
  -- quotation marks they look like
  lines[#lines + 1] = "  \\IfFileExists{newunicodechar.sty}{\\usepackage{newunicodechar}%"
  lines[#lines + 1] = "    \\newunicodechar{\202\187}{\\iffontchar\\font\"02BB \\char\"02BB \\else\\textquoteleft\\fi}%"
  lines[#lines + 1] = "    \\newunicodechar{\202\188}{\\iffontchar\\font\"02BC \\char\"02BC \\else\\textquoteright\\fi}}{}"
  lines[#lines + 1] = "\\fi"
  return table.concat(lines, "\n")
end

-- Metadata fields that mean the user chose fonts or languages.
local OWN = { "mainfont", "sansfont", "monofont", "mathfont", "fontfamily", "CJKmainfont", "babel-lang",
  "polyglossia-lang", "babel-otherlangs" }
-- ... and header-includes that do.
local OWN_TEX = { "\\babelfont", "\\setmainfont", "polyglossia", "\\babelprovide", "\\usepackage{fontspec",
  "\\newfontfamily", "\\setotherlanguage" }

-- The raw LaTeX of header-includes (to look for the user's own setup and
-- for ours, from a run before).
local function raw_of(mv, out)
  if type(mv) ~= "table" then return out end
  if mv.t == "RawBlock" or mv.t == "RawInline" then
    out[#out + 1] = mv.c[2]
  elseif mv.t == "MetaString" then
    out[#out + 1] = mv.c
  else
    for _, x in pairs(mv) do raw_of(x, out) end
  end
  return out
end

local function user_setup(meta)
  for _, k in ipairs(OWN) do
    if meta[k] ~= nil then return true end
  end
  local hi = meta["header-includes"]
  if hi then
    local text = table.concat(raw_of(hi, {}), "\n")
    if text:find(MARKER, 1, true) then return true end -- ours, already there
    for _, s in ipairs(OWN_TEX) do
      if text:find(s, 1, true) then return true end
    end
  end
  return false
end

-- Add a block of raw LaTeX to header-includes (a list, or one value).
local function add_header(meta, tex)
  local item = { t = "MetaBlocks", c = { { t = "RawBlock", c = { "latex", tex } } } }
  local hi = meta["header-includes"]
  if hi == nil then
    meta["header-includes"] = { t = "MetaList", c = { item } }
  elseif hi.t == "MetaList" then
    hi.c[#hi.c + 1] = item
  else
    meta["header-includes"] = { t = "MetaList", c = { hi, item } }
  end
end

-- Runs of the other direction in the title, subtitle, author and date
-- (what \maketitle prints).
local TITLE = { "title", "subtitle", "author", "date" }

local function runs_in(mv, st, dir)
  if type(mv) ~= "table" then return mv end
  if mv.t == "MetaString" then
    mv = { t = "MetaInlines", c = { { t = "Str", c = mv.c } } }
  end
  if mv.t == "MetaInlines" then
    inlines.runs_only(mv, "c", st, dir)
  elseif mv.t == "MetaList" then
    for i, x in ipairs(mv.c) do mv.c[i] = runs_in(x, st, dir) end
  elseif mv.t == "MetaBlocks" then
    for _, b in ipairs(mv.c) do
      if b.t == "Para" or b.t == "Plain" then inlines.runs_only(b, "c", st, dir) end
    end
  end
  return mv
end

-- ------------------------------------------------------ tables on xelatex

-- XeTeX lays out a table's columns left to right whatever the language
-- (LuaTeX turns them around for a right-to-left language): a table in a
-- right-to-left context also goes in a copy with its columns mirrored and
-- each cell's text right-to-left, which only xelatex typesets:
--   \ifXeTeX <the mirrored copy> \else <the table> \fi
local T_BEGIN = "% arabic filter: the table mirrored for xelatex\n\\ifXeTeX"
local T_ELSE = "\\else % arabic filter: the table"
local T_END = "\\fi % arabic filter: end of the table"

local function raw(tex) return { t = "RawBlock", c = { "latex", tex } } end
local function is_raw(b, tex) return b and b.t == "RawBlock" and b.c[1] == "latex" and b.c[2] == tex end

local function copy(v)
  if type(v) ~= "table" then return v end
  local out = {}
  for k, x in pairs(v) do out[k] = copy(x) end
  return out
end

local MIRROR = { AlignLeft = "AlignRight", AlignDefault = "AlignRight", AlignRight = "AlignLeft" }
local function mirror_align(a) return MIRROR[a.t] and { t = MIRROR[a.t] } or a end

-- The rows of a table (head, bodies, foot) as a list.
local function rows_of(c)
  local rows = {}
  local function add(list)
    for _, r in ipairs(list or {}) do rows[#rows + 1] = r end
  end
  if c[4] then add(c[4][2]) end
  for _, body in ipairs(c[5] or {}) do
    add(body[3])
    add(body[4])
  end
  if c[6] then add(c[6][2]) end
  return rows
end

-- The mirrored copy, or nil for a table with cells spanning rows (whose
-- places a mirror cannot tell without laying the table out).
local function mirrored(tbl)
  local c = copy(tbl).c
  for _, row in ipairs(rows_of(c)) do
    for _, cell in ipairs(row[2]) do
      if (cell[3] or 1) > 1 then return nil end
    end
  end
  local specs = c[3]
  for i = 1, math.floor(#specs / 2) do specs[i], specs[#specs + 1 - i] = specs[#specs + 1 - i], specs[i] end
  for _, spec in ipairs(specs) do spec[1] = mirror_align(spec[1]) end
  for _, row in ipairs(rows_of(c)) do
    local cells = row[2]
    for i = 1, math.floor(#cells / 2) do cells[i], cells[#cells + 1 - i] = cells[#cells + 1 - i], cells[i] end
    for _, cell in ipairs(cells) do
      cell[2] = mirror_align(cell[2])
      for _, b in ipairs(cell[5]) do
        if (b.t == "Plain" or b.t == "Para") and #b.c > 0 then
          table.insert(b.c, 1, { t = "RawInline", c = { "latex", "\\beginR " } })
          b.c[#b.c + 1] = { t = "RawInline", c = { "latex", "\\endR{}" } }
        end
      end
    end
  end
  return { t = "Table", c = c }
end

-- Walk block lists: fn(list, ctx) rebuilds one; ctx is the direction.
local function each_list(blocks, ctx, fn)
  blocks = fn(blocks, ctx)
  for _, b in ipairs(blocks) do
    local t, c = b.t, b.c
    if t == "Div" then
      local kv, d = c[1][3], ctx
      for _, p in ipairs(kv) do
        if p[1] == "dir" then d = p[2] elseif p[1] == "lang" then d = p[2]:match("^ar") and "rtl" or "ltr" end
      end
      c[2] = each_list(c[2], d, fn)
    elseif t == "BlockQuote" then b.c = each_list(c, ctx, fn)
    elseif t == "BulletList" then for i, it in ipairs(c) do c[i] = each_list(it, ctx, fn) end
    elseif t == "OrderedList" then for i, it in ipairs(c[2]) do c[2][i] = each_list(it, ctx, fn) end
    elseif t == "Figure" then c[3] = each_list(c[3], ctx, fn)
    end
  end
  return blocks
end

--- The blocks without the mirrored tables of a run before (made again
-- at the end).
function M.strip_tables(blocks)
  return each_list(blocks, nil, function(list)
    local out, i = {}, 1
    while i <= #list do
      local b = list[i]
      if is_raw(b, T_BEGIN) and is_raw(list[i + 2], T_ELSE) and is_raw(list[i + 4], T_END) then
        out[#out + 1] = list[i + 3]
        i = i + 5
      else
        out[#out + 1] = b
        i = i + 1
      end
    end
    return out
  end)
end

--- Mirrored copies of the tables in a right-to-left context, for xelatex.
function M.rtl_tables(blocks, ctx)
  return each_list(blocks, ctx, function(list, dir)
    if dir ~= "rtl" then return list end
    local out = {}
    for _, b in ipairs(list) do
      local m = b.t == "Table" and mirrored(b)
      if m then
        out[#out + 1] = raw(T_BEGIN)
        out[#out + 1] = m
        out[#out + 1] = raw(T_ELSE)
        out[#out + 1] = b
        out[#out + 1] = raw(T_END)
      else
        out[#out + 1] = b
      end
    end
    return out
  end)
end

--- For LaTeX output: runs in the title block, and the font setup (unless
-- the user made one, or the document has no Arabic).
function M.setup(doc, st)
  local meta = doc.meta
  local dir = st.doc_dir or "ltr"
  if st.opts.direction then
    for _, k in ipairs(TITLE) do
      if meta[k] ~= nil then meta[k] = runs_in(meta[k], st, dir) end
    end
  end
  if st.opts.direction and st.doc_dir == "rtl" then doc.blocks = M.rtl_tables(doc.blocks, "rtl") end
  if not (st.doc_dir == "rtl" or st.rtl_seen) then return end
  if user_setup(meta) then return end
  local lang = meta.lang and ast.meta_value(meta.lang)
  local main = type(lang) == "string" and lang:match("^ar") ~= nil
  add_header(meta, M.header(main))
end

return M
