--- Blocks: each block's inlines through arabic.pandoc.inlines, nested
-- blocks (quotes, lists, tables, divs, notes) in turn, lang/dir on blocks
-- of the other direction, and chrome removal (whole paragraphs, headers
-- and list items, as the lines of arabic.boilerplate).
local arabic = require "arabic"
local ast = require "arabic.pandoc.ast"
local inlines = require "arabic.pandoc.inlines"

local M = {}

local stringify = ast.stringify
local inlines_dir, kv_get = inlines.inlines_dir, inlines.kv_get

local collect_blocks

local function lang_attr(a, dir)
  local kv = a[3]
  if not kv_get(kv, "dir") then kv[#kv + 1] = { "dir", dir } end
  if not kv_get(kv, "lang") then kv[#kv + 1] = { "lang", dir == "rtl" and "ar" or "en" } end
end

-- The direction a Div gives its contents: its dir attribute, else what its
-- lang (or data-lang) says (lang="en" in LaTeX output, where dir is left
-- out), else ctx.
local function div_dir(a, ctx)
  local kv = a[3]
  local d = kv_get(kv, "dir")
  if d == "rtl" or d == "ltr" then return d end
  local lang = kv_get(kv, "lang") or kv_get(kv, "data-lang")
  if lang then return lang:match("^ar") and "rtl" or "ltr" end
  return ctx
end

-- Is the block a Div of ours around one block (a second run)? Returns the
-- index of that block in the Div (2 when raw LaTeX is around it).
local function own_div(b)
  if b.t ~= "Div" then return nil end
  local a, inner = b.c[1], b.c[2]
  if a[1] ~= "" or #a[2] > 0 or #a[3] == 0 then return nil end
  for _, p in ipairs(a[3]) do
    if p[1] ~= "lang" and p[1] ~= "dir" and p[1] ~= "data-lang" then return nil end
  end
  if #inner == 1 then return 1 end
  if #inner == 3 and inner[1].t == "RawBlock" and inner[3].t == "RawBlock" then return 2 end
  return nil
end

-- A block of the other direction than its context gets lang/dir: in a Div
-- (HTML, docx: dir and lang; LaTeX: lang, the otherlanguage environment),
-- or none in Markdown (which carries only what the user asked for).
local function other_dir_div(st, b, dir)
  if st.markup then return b end
  return inlines.dir_div_of(st, dir, b)
end

-- The inlines of a unit in one Span of the other direction (unless they
-- are in one of ours already: a second run).
local function span_inside(st, u, dir)
  local l = u.list
  if #l == 1 and l[1].t == "Span" and inlines.own_kind(l[1]) == "dir" then return end
  local span = inlines.dir_span_of(st, dir, l)
  u.holder[u.key] = { span }
  u.list, u.holder, u.key = span.c[2], span.c, 2
end

-- Collect the units of a block (lists of inlines the finders go through)
-- into units, with the direction of their context (ctx: "rtl", "ltr" or
-- nil); returns the block to put in its place (a Div around it, for a
-- block of the other direction or code in a right-to-left context).
local function collect_block(b, st, ctx, units)
  local t, c = b.t, b.c
  local o = st.opts
  if t == "Para" or t == "Plain" then
    local dir = o.direction and inlines_dir(c) or nil
    local u = { list = c, holder = b, key = "c", dir = dir or ctx, mark = (dir or ctx) == "rtl" }
    units[#units + 1] = u
    if dir and ctx and dir ~= ctx then
      -- LaTeX: a Plain (a list item, a table cell) of the other direction
      -- is a run in its item or cell, which keeps the context's layout
      if st.latex and t == "Plain" then
        span_inside(st, u, dir)
        return b
      end
      return other_dir_div(st, b, dir)
    end
  elseif t == "Header" then
    local dir = o.direction and inlines_dir(c[3]) or nil
    local u = { list = c[3], holder = c, key = 3, dir = dir or ctx, mark = (dir or ctx) == "rtl" }
    units[#units + 1] = u
    if dir and ctx and dir ~= ctx and not st.markup then
      -- the LaTeX writer does nothing with a header's lang: a Span in it
      if st.latex then span_inside(st, u, dir) else lang_attr(c[2], dir) end
    end
  elseif t == "CodeBlock" then
    -- code reads left-to-right, in any document
    if ctx == "rtl" and o.direction and not st.markup and not st.generic then
      if st.html then
        if not kv_get(c[1][3], "dir") then c[1][3][#c[1][3] + 1] = { "dir", "ltr" } end
      else
        return inlines.dir_div_of(st, "ltr", b)
      end
    end
  elseif t == "BlockQuote" then
    b.c = collect_blocks(c, st, ctx, units)
  elseif t == "Div" then
    local classes = c[1][2] or {}
    for _, cl in ipairs(classes) do
      if cl == "no-arabic" then return b end
    end
    c[2] = collect_blocks(c[2], st, div_dir(c[1], ctx), units)
  elseif t == "BulletList" then
    for i, item in ipairs(c) do c[i] = collect_blocks(item, st, ctx, units) end
  elseif t == "OrderedList" then
    for i, item in ipairs(c[2]) do c[2][i] = collect_blocks(item, st, ctx, units) end
  elseif t == "DefinitionList" then
    for _, item in ipairs(c) do
      local dir = o.direction and inlines_dir(item[1]) or nil
      units[#units + 1] = { list = item[1], holder = item, key = 1, dir = dir or ctx }
      for i, defn in ipairs(item[2]) do item[2][i] = collect_blocks(defn, st, ctx, units) end
    end
  elseif t == "LineBlock" then
    for i, line in ipairs(c) do
      local dir = o.direction and inlines_dir(line) or nil
      units[#units + 1] = { list = line, holder = c, key = i, dir = dir or ctx }
    end
  elseif t == "Table" then
    -- [attr, caption, colspecs, thead, tbodies, tfoot]; no right-to-left
    -- mark in a cell (Markdown's tables count it as a column)
    local first = #units + 1
    local function rows(list)
      for _, row in ipairs(list) do
        for _, cell in ipairs(row[2]) do cell[5] = collect_blocks(cell[5], st, ctx, units) end
      end
    end
    if type(c[2]) == "table" and type(c[2][2]) == "table" then c[2][2] = collect_blocks(c[2][2], st, ctx, units) end
    if c[4] then rows(c[4][2]) end
    for _, body in ipairs(c[5] or {}) do
      rows(body[3])
      rows(body[4])
    end
    if c[6] then rows(c[6][2]) end
    for k = first, #units do units[k].mark = nil end
  elseif t == "Figure" then
    c[3] = collect_blocks(c[3], st, ctx, units)
  end
  return b
end

collect_blocks = function(blocks, st, ctx, units)
  local out = {}
  for i, b in ipairs(blocks) do
    local at = own_div(b)
    if at then
      -- ours, from a run before: its block, in the Div's direction
      local inner = b.c[2]
      inner[at] = collect_block(inner[at], st, div_dir(b.c[1], ctx), units)
      if at == 1 and own_div(inner[1]) then
        -- never two of ours around one block
        inner[1] = inner[1].c[2][own_div(inner[1])]
      end
      out[i] = b
    else
      out[i] = collect_block(b, st, ctx, units)
    end
  end
  return out
end

--- The units of a document's blocks (in document order), with the blocks
-- rebuilt where a Div goes around one: returns the new list of blocks and
-- the units. ctx: the document's direction.
function M.collect(blocks, st, ctx)
  local units = {}
  local out = collect_blocks(blocks, st, ctx, units)
  return out, units
end

--- The units of notes (their blocks, in the direction of the text around
-- them).
function M.note_units(notes, st, ctx)
  local units = {}
  for _, n in ipairs(notes) do n.c = collect_blocks(n.c, st, ctx, units) end
  return units
end

-- ------------------------------------------------------------ chrome

--- Remove chrome blocks: each top-level paragraph, header or list item is
-- a "line" for the line-level rules. Returns the blocks kept.
function M.remove_chrome(blocks, st)
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
  -- a large cut is said out loud (the user may have given a page that is no news page)
  if r.warning then io.stderr:write("arabic filter: boilerplate: ", r.warning, "\n") end
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

return M
