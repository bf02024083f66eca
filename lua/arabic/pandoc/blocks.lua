--- Blocks: each block's inlines through arabic.pandoc.inlines, nested
-- blocks (quotes, lists, tables, divs, notes) in turn, lang/dir on blocks
-- of the other direction, and chrome removal (whole paragraphs, headers
-- and list items, as the lines of arabic.boilerplate).
local arabic = require "arabic"
local ast = require "arabic.pandoc.ast"
local inlines = require "arabic.pandoc.inlines"

local M = {}

local attr, stringify, CONTAINER, inlines_of = ast.attr, ast.stringify, ast.CONTAINER, ast.inlines_of
local process_inlines, inlines_dir = inlines.process, inlines.inlines_dir

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

--- Process a document's blocks: returns the new list.
M.process = process_blocks

--- Inline notes hold blocks of their own: process them too.
function M.process_notes(blocks, st)
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
