--- The entity index (a section at the end: by type, each entity's
-- canonical name, count and links to its occurrences in HTML) and the
-- findings in the metadata (arabic-entities, arabic-dates, arabic-removed).
local ast = require "arabic.pandoc.ast"
local ptranslit = require "arabic.pandoc.translit"
local inlines = require "arabic.pandoc.inlines"

local M = {}

local Str, attr = ast.Str, ast.attr

-- Index sections by type, in this order; other types follow by name.
local TYPE_ORDER = { PER = 1, ORG = 2, LOC = 3, MISC = 4 }
local TYPE_TITLES = { PER = "أشخاص", ORG = "مؤسسات وهيئات", LOC = "أماكن", MISC = "أخرى" }

--- The index section's blocks for the findings in st.
function M.blocks(st)
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
  -- in a left-to-right document the index's Arabic (its titles, the
  -- names) is a run of the other direction, marked as the body's runs are
  -- (in LaTeX the Arabic font and shaping come with that language); the
  -- lead bytes 0xD8-0xDB start the Arabic block's letters
  local function text(s)
    if st.doc_dir == "rtl" or not s:find("[\216-\219]") then return Str(s) end
    return inlines.dir_span_of(st, "rtl", { Str(s) })
  end
  table.sort(types, function(a, b)
    local ta, tb = TYPE_ORDER[a] or 9, TYPE_ORDER[b] or 9
    if ta ~= tb then return ta < tb end
    return a < b
  end)
  local blocks = {
    { t = "Header", c = { 2, attr("arabic-index", { "arabic-index", "unnumbered" }), { text(ix.title) } } },
  }
  for _, ty in ipairs(types) do
    local list = by_type[ty]
    table.sort(list, function(a, b)
      if a.count ~= b.count then return a.count > b.count end
      return a.canonical < b.canonical
    end)
    local items = {}
    for _, e in ipairs(list) do
      local inl = { text(e.canonical), { t = "Space" }, Str("—"), { t = "Space" }, Str(tostring(e.count)) }
      for k, x in ipairs(ptranslit.index_inlines(st, e, inlines.dir_span_of)) do table.insert(inl, 1 + k, x) end
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
    blocks[#blocks + 1] = { t = "Header", c = { 3, attr("arabic-index-" .. ty:lower(), { "unnumbered" }), { text(title) } } }
    blocks[#blocks + 1] = { t = "BulletList", c = items }
  end
  return blocks
end

--- The blocks without the index a run before appended (its header, id
-- arabic-index, and the type headers and lists after it).
function M.remove(blocks)
  local at
  for i = #blocks, 1, -1 do
    local b = blocks[i]
    if b.t == "Header" and b.c[2][1] == "arabic-index" then
      at = i
      break
    end
  end
  if not at then return blocks end
  local j = at + 1
  while blocks[j] do
    local b = blocks[j]
    local ours = (b.t == "Header" and b.c[2][1]:sub(1, 13) == "arabic-index-") or
      (b.t == "BulletList" and blocks[j - 1].t == "Header")
    if not ours then break end
    j = j + 1
  end
  local out = {}
  for i = 1, at - 1 do out[#out + 1] = blocks[i] end
  for i = j, #blocks do out[#out + 1] = blocks[i] end
  return out
end

--- The findings as metadata fields of doc.meta.
function M.metadata(meta, st)
  local opts = st.opts
  if opts.entities then
    local list = {}
    for _, e in ipairs(st.order) do
      list[#list + 1] = { id = e.id, type = e.type, canonical = e.canonical, count = tostring(e.count),
        translit = e.translit }
    end
    meta["arabic-entities"] = ast.to_meta(list)
  end
  if opts.dates then
    local list = {}
    for _, d in ipairs(st.dates) do list[#list + 1] = { text = d.text, value = d.value or "", calendar = d.calendar } end
    meta["arabic-dates"] = ast.to_meta(list)
  end
  if st.removed then
    local list = {}
    for _, x in ipairs(st.removed) do list[#list + 1] = { rule = x.rule, text = x.text } end
    meta["arabic-removed"] = ast.to_meta(list)
  end
end

return M
