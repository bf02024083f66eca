--- Findings in a list of inlines, wrapped where they lie.
--
-- The inlines of a block are stitched into one string only to find
-- entities, dates and sentences; each finding is then cut out of the Str
-- elements it covers and wrapped in a Span. A finding that crosses a
-- formatting boundary (it starts inside *emphasis* and ends after it) is
-- wrapped piecewise: one Span per formatting level, all with the same
-- attributes. Code, math, raw content, notes and images are never touched
-- and no finding runs across them. Also: the direction of inlines and the
-- runs of the other direction.
local arabic = require "arabic"
local ast = require "arabic.pandoc.ast"
local ptranslit = require "arabic.pandoc.translit"

local M = {}

local Span, attr, CONTAINER, OPAQUE = ast.Span, ast.attr, ast.CONTAINER, ast.OPAQUE
local inlines_of, set_inlines = ast.inlines_of, ast.set_inlines

-- A boundary for skipped elements: no finding runs across it.
local BARRIER = " \239\191\188 " -- see MARK

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
function M.inlines_dir(list)
  for _, el in ipairs(list) do
    local t = el.t
    if t == "Str" then
      local d = first_strong(el.c)
      if d then return d end
    elseif CONTAINER[t] and not OPAQUE[t] then
      local d = M.inlines_dir((inlines_of(el)))
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

-- ------------------------------------------------------------- the spans

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
  local after = ptranslit.entity(st, m, e, kv) -- data-translit; "(romanized)" to show after it
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
    local span = Span(attr(span_id, { "entity", m.type:lower() }, kv), inlines)
    if after and pieces == 1 then return Span(attr(), { span, after[1], after[2] }) end
    return span
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

--- Process one list of inlines (a paragraph, a header, a cell ...) with
-- the state of the document (st: options, findings so far); block_dir:
-- the block's direction when runs of the other direction get lang/dir.
function M.process(list, st, block_dir)
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

return M
