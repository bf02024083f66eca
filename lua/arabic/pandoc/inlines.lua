--- Findings in the document's inlines, wrapped where they lie.
--
-- Every list of inlines of the document (a paragraph, a header, a cell
-- ...: a "unit", collected by arabic.pandoc.blocks) is stitched into one
-- text, the units joined by blank lines, so that entities, dates and
-- sentences are found once, over the whole document: a name that needs
-- context finds it anywhere in the document, and the finders run once, not
-- once a paragraph. Each finding is then cut out of the Str elements it
-- covers and wrapped in a Span. A finding that crosses a formatting
-- boundary (it starts inside *emphasis* and ends after it) is wrapped
-- piecewise: one Span per formatting level, all with the same attributes.
-- Code, math, raw content, notes and images are never touched and no
-- finding runs across them.
--
-- The filter knows its own spans (entities, dates, sentences, lang/dir
-- runs): a finding where one already is, is not wrapped again, and the
-- spans already there count as findings (the index, the metadata), so a
-- second run changes nothing.
local arabic = require "arabic"
local ast = require "arabic.pandoc.ast"

local M = {}

local Span, attr, CONTAINER, OPAQUE = ast.Span, ast.attr, ast.CONTAINER, ast.OPAQUE
local inlines_of, set_inlines = ast.inlines_of, ast.set_inlines
local concat, sort = table.concat, table.sort

-- A boundary for skipped elements: no finding runs across it.
local MARK = "\239\191\188" -- U+FFFC
local BARRIER = " " .. MARK .. " "
-- Between units in the document's text: a blank line ends every sentence
-- and no gazetteer match crosses it.
local SEP = "\n\n"

local RLM = "\226\128\143" -- U+200F RIGHT-TO-LEFT MARK
local LRM = "\226\128\142" -- U+200E LEFT-TO-RIGHT MARK

-- ------------------------------------------------------------- own spans

-- The ranks of findings: a stronger (lower) rank wins a partial overlap.
local RANK = { sentence = 1, entity = 2, date = 3, dir = 4 }
M.RANK = RANK

--- Which of the filter's own spans a Span is: "entity", "date",
-- "sentence", "dir" (only lang/dir attributes: a run of the other
-- direction, or code or math kept left-to-right), or nil.
local function own_kind(el)
  local a = el.c[1]
  local classes, kv = a[2], a[3]
  for i = 1, #classes do
    local c = classes[i]
    if c == "entity" or c == "date" or c == "sentence" then return c end
  end
  if a[1] == "" and #classes == 0 and #kv >= 1 and #kv <= 2 then
    for i = 1, #kv do
      local k = kv[i][1]
      if k ~= "lang" and k ~= "dir" then return nil end
    end
    return "dir"
  end
  return nil
end
M.own_kind = own_kind

local function kv_get(kv, key)
  for i = 1, #kv do
    if kv[i][1] == key then return kv[i][2] end
  end
  return nil
end
M.kv_get = kv_get

-- ------------------------------------------------------------- stitching

-- Positions of the elements of the unit being wrapped, in its stitched
-- text: [S[el], E[el]). Kept beside the elements, not in them, so that
-- nothing has to be cleaned out of the document afterwards.
local S, E = {}, {}

-- Stitch a list of inlines into parts (the unit's text), from position
-- pos; returns the position after it. With record, every element's range
-- goes into S and E. own (a list) receives the filter's own spans with
-- their ranges; notes (a list) the notes met (their blocks are units of
-- their own); fix (a function or nil) may replace an opaque element
-- (code or math kept left-to-right): fix(list, i, parent).
local function stitch(list, parts, pos, record, own, notes, fix, parent)
  for i = 1, #list do
    local el = list[i]
    local t = el.t
    local start = pos
    if t == "Str" then
      local s = el.c
      parts[#parts + 1] = s
      pos = pos + #s
    elseif t == "Space" or t == "SoftBreak" then
      parts[#parts + 1] = " "
      pos = pos + 1
    elseif t == "LineBreak" then
      parts[#parts + 1] = "\n"
      pos = pos + 1
    elseif OPAQUE[t] then
      if t == "Note" then
        if notes then notes[#notes + 1] = el end
      elseif fix then
        el = fix(list, i, parent) or el
      end
      parts[#parts + 1] = BARRIER
      pos = pos + #BARRIER
    elseif CONTAINER[t] then
      pos = stitch((inlines_of(el)), parts, pos, record, own, notes, fix, el)
      if own and t == "Span" then
        local kind = own_kind(el)
        if kind then own[#own + 1] = { a = start, b = pos, kind = kind, el = el } end
      end
    end
    if record then S[el], E[el] = start, pos end
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

-- Is there a Link among the elements (not inside them: a Link inside a
-- container is that container's business)?
local function has_link(run)
  for i = 1, #run do
    if run[i].t == "Link" then return true end
  end
  return false
end

-- Wrap the runs of elements inside each interval (a forest: children lie
-- inside their parent). Intervals are [a, b) in stitched positions.
-- in_link: the list is inside a Link (an entity's own link would nest).
local function wrap(list, intervals, in_link)
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
          set_inlines(run[1], wrap(inlines_of(run[1]), { iv }, in_link))
          out[#out + 1] = run[1]
          i = j
          done = true
          break
        end
        local inner = wrap(run, iv.children, in_link or has_link(run))
        local span = iv.make(inner, in_link or has_link(run))
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
      if #clipped > 0 then set_inlines(el, wrap((inlines_of(el)), clipped, in_link or el.t == "Link")) end
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
  sort(list, function(x, y)
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
  local class = arabic.core.char_class
  while i <= #s do
    if s:byte(i) == 0xE2 then
      -- the direction marks are strong
      local m = s:sub(i, i + 2)
      if m == RLM then return "rtl" elseif m == LRM then return "ltr" end
    end
    local cls, len = class(s, i)
    if cls == "arabic" then return "rtl" end
    if cls == "latin" or cls == "letter" then return "ltr" end
    i = i + len
  end
  return nil
end
M.first_strong = first_strong

-- The first Str of inlines with a strong character decides (skipping code,
-- math and other skipped content): "rtl", "ltr" or nil. With code = true,
-- code counts (what a reader sees first: for the direction of a paragraph
-- as a renderer guesses it).
local function inlines_dir(list, code)
  for _, el in ipairs(list) do
    local t = el.t
    if t == "Str" then
      -- most Str elements start with their strong character
      local d = first_strong(el.c)
      if d then return d end
    elseif code and t == "Code" then
      local d = first_strong(el.c[2])
      if d then return d end
    elseif CONTAINER[t] and not OPAQUE[t] then
      local d = inlines_dir((inlines_of(el)), code)
      if d then return d end
    end
  end
  return nil
end
M.inlines_dir = inlines_dir

-- Could text hold a word of the other direction than dir? (A byte test
-- that spares the tokenizer on most paragraphs: Arabic letters are lead
-- bytes D8-DB, the other right-to-left scripts DC-DF and presentation
-- forms EF AD-BB; Latin and the other left-to-right scripts are ASCII
-- letters or lead bytes C3-D7, E1-ED, F0-F4.)
local function may_have_other(text, dir, digits)
  if dir == "rtl" then
    if text:find("[%a\195-\215\225-\237\240-\244]") then return true end
    return digits and text:find("%d[-/]%d") ~= nil
  end
  return text:find("[\216-\223]") ~= nil or text:find("\239[\172-\187]") ~= nil
end

-- Runs of words of the other direction in a text: intervals [a, b). With
-- digits (LaTeX, in a right-to-left block), numbers joined by - or /
-- (2024-03-16, 16/3) are left-to-right runs too: LuaTeX's basic bidi
-- would turn them around.
local function direction_runs(text, block_dir, digits)
  local runs, cur = {}, nil
  local chains = {}
  local chain_a, chain_last, chain_n, sep_last
  local function close_chain()
    if chain_a and chain_n >= 2 then chains[#chains + 1] = { a = chain_a, b = chain_last + 1, dir = "ltr" } end
    chain_a, sep_last = nil, nil
  end
  digits = digits and block_dir == "rtl"
  local class = arabic.core.char_class
  for first, last, kind in arabic.tokens(text) do
    local dir
    if kind == "word" then
      dir = class(text, first) == "arabic" and "rtl" or "ltr"
    elseif kind == "latin" or kind == "url" or kind == "email" then
      dir = "ltr"
    end
    if digits then
      if kind == "number" then
        if chain_a and sep_last == first - 1 then
          chain_last, chain_n, sep_last = last, chain_n + 1, nil
        else
          close_chain()
          chain_a, chain_last, chain_n = first, last, 1
        end
      elseif kind == "punct" and chain_a and not sep_last and first == chain_last + 1 and first == last and
          (text:byte(first) == 45 or text:byte(first) == 47) then
        sep_last = last -- "-" or "/" right after the number
      else
        close_chain()
      end
    end
    if dir and dir ~= block_dir then
      if cur then cur.b = last + 1 else cur = { a = first, b = last + 1, dir = dir } end
    elseif dir then
      if cur then runs[#runs + 1] = cur end
      cur = nil
    end
  end
  if cur then runs[#runs + 1] = cur end
  close_chain()
  if #chains == 0 then return runs end
  -- the chains that no run of words holds already
  local out, k = {}, 1
  for _, ch in ipairs(chains) do
    while k <= #runs and runs[k].b <= ch.a do
      out[#out + 1] = runs[k]
      k = k + 1
    end
    local r = runs[k]
    if not (r and r.a <= ch.a and ch.b <= r.b) then out[#out + 1] = ch end
  end
  for j = k, #runs do out[#out + 1] = runs[j] end
  sort(out, function(x, y) return x.a < y.a end)
  return out
end
M.direction_runs = direction_runs

-- ------------------------------------------------------------- the spans

-- An entity seen: its entry in st.entities and st.order (the index and the
-- metadata), counted once more.
local function count_entity(st, id, canonical, type, ref)
  local e = st.entities[id]
  if not e then
    e = { id = id, canonical = canonical, type = type, count = 0, refs = {} }
    st.entities[id] = e
    st.order[#st.order + 1] = e
  end
  e.count = e.count + 1
  e.refs[#e.refs + 1] = ref
end

local function entity_span(st, m)
  st.n = st.n + 1
  local id = "arabic-e" .. st.n
  count_entity(st, m.id, m.canonical, m.type, id)
  local kv = { { "data-id", m.id }, { "data-type", m.type }, { "data-canonical", m.canonical } }
  if m.fuzzy then kv[#kv + 1] = { "data-fuzzy", "true" } end
  if st.docx then kv[#kv + 1] = { "custom-style", st.opts.entities.style or "Entity" } end
  local link = st.opts.entities.link
  local pieces = 0
  return function(inlines, in_link)
    -- a finding wrapped piecewise keeps its id on the first piece only
    pieces = pieces + 1
    local span_id = pieces == 1 and id or ""
    if link and not in_link then
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

-- lang and dir (dir left out for LaTeX, whose writer turns it into \LR
-- and \RL, which pandoc's template defines for pdfTeX only; lang gives
-- \foreignlanguage, which switches the direction with babel).
local function dir_attr(st, dir)
  local lang = dir == "rtl" and "ar" or "en"
  if st.latex then return attr("", {}, { { "lang", lang } }) end
  return attr("", {}, { { "lang", lang }, { "dir", dir } })
end
M.dir_attr = dir_attr

local function dir_span(st, run)
  return function(inlines) return Span(dir_attr(st, run.dir), inlines) end
end

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

-- ------------------------------------------- code and math stay left-to-right

-- Code and math inside a right-to-left block: in HTML an attribute
-- (dir="ltr" on <code>; math, which has no attributes, in a Span); in
-- LaTeX and docx a Span (\foreignlanguage{english}, a run without
-- w:rtl). A Span of ours around it already (a second run) is left alone.
local function ltr_fixer(st)
  if st.markup or st.generic then return nil end
  return function(list, i, parent)
    local el = list[i]
    local t = el.t
    if t ~= "Code" and t ~= "Math" then return nil end
    if parent and parent.t == "Span" and #parent.c[2] == 1 and own_kind(parent) == "dir" then return nil end
    if st.html and t == "Code" then
      local kv = el.c[1][3]
      if not kv_get(kv, "dir") then kv[#kv + 1] = { "dir", "ltr" } end
      return nil
    end
    if st.latex and t == "Math" then return nil end -- TeX sets math left-to-right itself
    if st.docx and t == "Math" then return nil end  -- OMML has its own direction
    -- LaTeX: code is English text (\foreignlanguage{english}); elsewhere
    -- only the direction (math is no English)
    local a = st.latex and dir_attr(st, "ltr") or attr("", {}, { { "dir", "ltr" } })
    local span = Span(a, { el })
    list[i] = span
    return span
  end
end

-- ------------------------------------------------------------- the document

-- Findings of one kind over the document's text (sorted by start), dealt
-- out to the units they lie in ([a, b) in document positions -> the unit's
-- own positions); one crossing units is dropped.
local function deal(units, found, into)
  local k = 1
  for _, f in ipairs(found) do
    while k <= #units and units[k].b <= f.a do k = k + 1 end
    local u = units[k]
    if not u then break end
    if f.a >= u.a and f.b <= u.b then
      f.a, f.b = f.a - u.a + 1, f.b - u.a + 1
      local l = u[into]
      if not l then
        l = {}
        u[into] = l
      end
      l[#l + 1] = f
    end
  end
end

-- Does [a, b) overlap one of the filter's own spans in a way that makes it
-- a duplicate (the same kind) or a crossing (not nested)?
local function clashes(own, a, b, kind)
  for _, o in ipairs(own) do
    if a < o.b and o.a < b then
      if o.kind == kind then return true end
      local nested = (a >= o.a and b <= o.b) or (o.a >= a and o.b <= b)
      if not nested then return true end
    end
  end
  return false
end

-- The number N of an id arabic-eN (0 for another id).
local function id_number(id)
  return tonumber(id:match("^arabic%-e(%d+)$") or "0") or 0
end

-- Register the entity spans of ours already in a unit (a second run):
-- they count in the index and the metadata; a piece without an id
-- continues the one before (a finding wrapped piecewise).
local function own_entity(st, o)
  local a = o.el.c[1]
  local kv = a[3]
  if a[1] == "" then return end
  local id = kv_get(kv, "data-id")
  if not id then return end
  count_entity(st, id, kv_get(kv, "data-canonical") or id, kv_get(kv, "data-type") or "MISC", a[1])
end

-- Register a date span of ours already there (a second run); a piece
-- right after an identical one (a date wrapped piecewise) continues it.
local function own_date(st, o, prev, gap_blank)
  local kv = o.el.c[1][3]
  if prev and prev.kind == "date" and gap_blank then
    local pk = prev.el.c[1][3]
    local same = #pk == #kv
    for i = 1, same and #kv or 0 do
      if pk[i][1] ~= kv[i][1] or pk[i][2] ~= kv[i][2] then same = false break end
    end
    if same then return end
  end
  st.dates[#st.dates + 1] = { text = ast.stringify(o.el.c[2]), value = kv_get(kv, "data-value"),
    calendar = kv_get(kv, "data-calendar"), gregorian = kv_get(kv, "data-gregorian") }
end

-- Wrap one unit: its new findings (f, already without duplicates), and the
-- direction runs; returns the new list of inlines.
local function wrap_unit(u, ivs)
  if #ivs == 0 then return u.list end
  local cuts, seen = {}, {}
  for _, iv in ipairs(ivs) do
    local a, b = iv.a, iv.b
    if not seen[a] then seen[a] = true cuts[#cuts + 1] = a end
    if not seen[b] then seen[b] = true cuts[#cuts + 1] = b end
  end
  sort(cuts)
  S, E = {}, {}
  stitch(u.list, {}, 1, true)
  local list = split(u.list, cuts)
  list = wrap(list, forest(ivs), false)
  S, E = {}, {}
  return list
end

--- Find and wrap over all units of a document (st: its options, format and
-- findings so far). A unit: { list = inlines, holder = t, key = k (the
-- list is holder[key]), dir = the block's direction or nil, mark = true for
-- a block that gets a right-to-left mark when it would show left-to-right
-- (Markdown) }. more_units(notes) gives the units of the notes met.
function M.run(units, st, more_units)
  local o = st.opts
  local fix = ltr_fixer(st)
  -- 1. the document's text, the own spans of each unit, the notes
  local parts, pos = {}, 1
  local all = {}
  local max_id = 0
  local norm = o.normalize
  local function normalize(l)
    for _, el in ipairs(l) do
      if el.t == "Str" then el.c = (norm(el.c))
      elseif not OPAQUE[el.t] then
        local inner = inlines_of(el)
        if inner then normalize(inner) end
      end
    end
  end
  local function add(list)
    for _, u in ipairs(list) do
      if norm then normalize(u.list) end
      local notes = {}
      local own = {}
      local e = stitch(u.list, parts, 1, false, own, notes, u.dir == "rtl" and fix or nil, nil)
      u.own = own
      u.a, u.b = pos, pos + e - 1
      pos = u.b
      parts[#parts + 1] = SEP
      pos = pos + #SEP
      all[#all + 1] = u
      for _, ow in ipairs(own) do
        if ow.kind == "entity" then max_id = math.max(max_id, id_number(ow.el.c[1][1])) end
      end
      if #notes > 0 and more_units then
        u.notes = notes
      end
    end
  end
  add(units)
  -- notes after the blocks, in order (their blocks are units of their own)
  local i = 1
  while more_units and i <= #all do
    local u = all[i]
    if u.notes then
      local nu = more_units(u.notes, u.dir)
      u.notes = nil
      add(nu)
    end
    i = i + 1
  end
  st.n = math.max(st.n, max_id)
  local text = concat(parts)
  parts = nil -- luacheck: ignore (free it)

  -- 2. the findings over the whole text
  local need = o.entities or o.dates or o.sentences
  if need and text:find("%S") then
    local by_start = function(x, y) return x.a < y.a end
    if o.sentences then
      local found = {}
      for first, last in arabic.sentences(text, o.sentences) do
        local a, b = trim_skipped(text, first, last)
        if a <= b then found[#found + 1] = { a = a, b = b + 1, kind = "sentence" } end
      end
      sort(found, by_start)
      deal(all, found, "found")
    end
    if o.entities then
      local found = {}
      for _, m in ipairs(arabic.entities(text, o.entities.match)) do
        found[#found + 1] = { a = m.first, b = m.last + 1, kind = "entity", m = m }
      end
      sort(found, by_start)
      deal(all, found, "found")
    end
    if o.dates then
      local found = {}
      for d in arabic.dates(text, { reference = o.dates.reference }) do
        found[#found + 1] = { a = d.first, b = d.last + 1, kind = "date", d = d }
      end
      sort(found, by_start)
      deal(all, found, "found")
    end
  end

  -- 3. each unit: its findings in text order (entities counted in the
  -- order they appear), direction runs, wrapped
  local want_runs = o.direction and not st.markup
  for _, u in ipairs(all) do
    local found = u.found or {}
    local own = u.own
    local ivs = {}
    -- the own spans count (a second run) and block their duplicates
    if #own > 0 then
      sort(own, function(x, y) return x.a < y.a end)
      local prev
      for _, ow in ipairs(own) do
        if ow.kind == "entity" and o.entities then ow.count = true end
        if ow.kind == "date" and o.dates then
          local gap_blank = prev and prev.b <= ow.a and not text:sub(u.a + prev.b - 1, u.a + ow.a - 2):find("%S")
          own_date(st, ow, prev, gap_blank)
        end
        prev = ow
      end
    end
    if #found > 0 or #own > 0 then
      sort(found, function(x, y)
        if x.a ~= y.a then return x.a < y.a end
        return RANK[x.kind] < RANK[y.kind]
      end)
      -- entities in text order, the own ones among them
      local k = 1
      local owned_entities = {}
      for _, ow in ipairs(own) do
        if ow.count then owned_entities[#owned_entities + 1] = ow end
      end
      for _, f in ipairs(found) do
        while k <= #owned_entities and owned_entities[k].a <= f.a do
          own_entity(st, owned_entities[k])
          k = k + 1
        end
        if not clashes(own, f.a, f.b, f.kind) then
          local iv = { a = f.a, b = f.b, rank = RANK[f.kind] }
          if f.kind == "entity" then iv.make = entity_span(st, f.m)
          elseif f.kind == "date" then iv.make = date_span(st, f.d)
          else iv.make = sentence_span(st) end
          ivs[#ivs + 1] = iv
        end
      end
      while k <= #owned_entities do
        own_entity(st, owned_entities[k])
        k = k + 1
      end
    end
    if u.dir == "rtl" then st.rtl_seen = true end
    if want_runs and u.dir then
      local utext = text:sub(u.a, u.b - 1)
      if may_have_other(utext, u.dir, st.latex) then
        for _, run in ipairs(direction_runs(utext, u.dir, st.latex)) do
          if not clashes(own, run.a, run.b, "dir") then
            ivs[#ivs + 1] = { a = run.a, b = run.b, rank = RANK.dir, make = dir_span(st, run) }
            if run.dir == "rtl" then st.rtl_seen = true end
          end
        end
      end
    end
    local list = wrap_unit(u, ivs)
    if u.mark and st.markup then
      -- a right-to-left block whose first strong character (code included)
      -- is left-to-right shows left-to-right where the renderer guesses
      -- the direction (GitHub's dir="auto"): a right-to-left mark first
      if inlines_dir(list, true) == "ltr" then table.insert(list, 1, { t = "Str", c = RLM }) end
    end
    u.holder[u.key] = list
  end
end

M.RLM = RLM

--- Only the runs of the other direction than dir in holder[key], a list of
-- inlines (the title and author of a LaTeX document).
function M.runs_only(holder, key, st, dir)
  local list = holder[key]
  local parts, own = {}, {}
  stitch(list, parts, 1, false, own, nil, nil, nil)
  local text = concat(parts)
  if not may_have_other(text, dir, st.latex) then return end
  local ivs = {}
  for _, run in ipairs(direction_runs(text, dir, st.latex)) do
    if not clashes(own, run.a, run.b, "dir") then
      ivs[#ivs + 1] = { a = run.a, b = run.b, rank = RANK.dir, make = dir_span(st, run) }
    end
  end
  holder[key] = wrap_unit({ list = list }, ivs)
end

return M
