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
-- runs, the romanizations shown after entities): a finding where one
-- already is, is not wrapped again, and the spans already there count as
-- findings (the index, the metadata), so a second run changes nothing. A
-- romanization shown (class translit) is skipped like code: nothing is
-- looked for inside it.
local arabic = require "arabic"
local ast = require "arabic.pandoc.ast"
local ptranslit = require "arabic.pandoc.translit"

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

local NONE = {} -- an empty list, never written to

local RLM = "\226\128\143" -- U+200F RIGHT-TO-LEFT MARK
local LRM = "\226\128\142" -- U+200E LEFT-TO-RIGHT MARK

-- ------------------------------------------------------------- own spans

-- The ranks of findings: a stronger (lower) rank wins a partial overlap.
local RANK = { sentence = 1, entity = 2, date = 3, dir = 4 }
M.RANK = RANK

--- Which of the filter's own spans a Span is: "entity", "date",
-- "sentence", "translit" (a romanization shown after an entity), "dir"
-- (only lang/dir attributes: a run of the other direction, or code or
-- math kept left-to-right), or nil.
local function own_kind(el)
  local a = el.c[1]
  local classes, kv = a[2], a[3]
  for i = 1, #classes do
    local c = classes[i]
    if c == "entity" or c == "date" or c == "sentence" or c == "translit" then return c end
  end
  if a[1] == "" and #classes == 0 and #kv >= 1 and #kv <= 2 then
    for i = 1, #kv do
      local k = kv[i][1]
      if k ~= "lang" and k ~= "dir" and k ~= "data-lang" then return nil end
    end
    return "dir"
  end
  return nil
end
M.own_kind = own_kind

-- A romanization the filter showed after an entity (a Span of class
-- translit): skipped like code (a barrier in the text, never entered).
local function is_shown(el)
  if el.t ~= "Span" then return false end
  local classes = el.c[1][2]
  for i = 1, #classes do
    if classes[i] == "translit" then return true end
  end
  return false
end

local function kv_get(kv, key)
  for i = 1, #kv do
    if kv[i][1] == key then return kv[i][2] end
  end
  return nil
end
M.kv_get = kv_get

-- ------------------------------------------------------------- stitching

-- Stitch a list of inlines into parts (the unit's text: parts[np + 1] on,
-- what is after that is stale), from position pos; returns the position
-- after it and the last index of parts used. own (a list) receives the filter's
-- own spans with their ranges; notes (a list) the notes met (their blocks
-- are units of their own); fix (a function or nil) may replace an opaque
-- element (code or math kept left-to-right): fix(list, i, parent).
local function stitch(list, parts, np, pos, own, notes, fix, parent)
  for i = 1, #list do
    local el = list[i]
    local t = el.t
    local start = pos
    if t == "Str" then
      local s = el.c
      np = np + 1
      parts[np] = s
      pos = pos + #s
    elseif t == "Space" or t == "SoftBreak" then
      np = np + 1
      parts[np] = " "
      pos = pos + 1
    elseif t == "LineBreak" then
      np = np + 1
      parts[np] = "\n"
      pos = pos + 1
    elseif OPAQUE[t] or (t == "Span" and is_shown(el)) then
      if t == "Span" then
        if own then own[#own + 1] = { a = start, b = pos + #BARRIER, kind = "translit", el = el } end
      elseif t == "Note" then
        if notes then notes[#notes + 1] = el end
      elseif fix then
        fix(list, i, parent)
      end
      np = np + 1
      parts[np] = BARRIER
      pos = pos + #BARRIER
    elseif CONTAINER[t] then
      pos, np = stitch((inlines_of(el)), parts, np, pos, own, notes, fix, el)
      if own and t == "Span" then
        local kind = own_kind(el)
        if kind then own[#own + 1] = { a = start, b = pos, kind = kind, el = el } end
      end
    end
  end
  return pos, np
end

-- ------------------------------------------------------------- wrapping

local BLEN = #BARRIER

-- The length of an element in the stitched text (as stitch counts).
local function el_len(el)
  local t = el.t
  if t == "Str" then return #el.c end
  if t == "Space" or t == "SoftBreak" or t == "LineBreak" then return 1 end
  if OPAQUE[t] or is_shown(el) then return BLEN end
  if CONTAINER[t] then
    local n = 0
    local inner = inlines_of(el)
    for i = 1, #inner do n = n + el_len(inner[i]) end
    return n
  end
  return 0
end

-- Is there a Link among the elements (not inside them: a Link inside a
-- container is that container's business)?
local function has_link(run)
  for i = 1, #run do
    if run[i].t == "Link" then return true end
  end
  return false
end

-- The intervals of list that overlap [a, b), clipped to it (a finding that
-- crosses a formatting boundary is wrapped piecewise: one piece a level).
local function clip_all(list, a, b)
  local out = {}
  for _, iv in ipairs(list) do
    if iv.a < b and iv.b > a then
      if iv.a >= a and iv.b <= b then
        out[#out + 1] = iv
      else
        out[#out + 1] = { a = math.max(iv.a, a), b = math.min(iv.b, b), src = iv.src, children = iv.children }
      end
    end
  end
  return out
end

local function is_space(el) return el.t == "Space" or el.t == "SoftBreak" end

-- table.move (Lua 5.3 and later), or the same loop
local move = table.move or function(from, f, e, t, to)
  for j = f, e do to[t + j - f] = from[j] end
  return to
end

local wrap_list
local make_span -- below, with the spans

-- Wrap the elements of run (from position a to b) as one piece of iv,
-- into out; white space at either end stays outside.
local function close_run(st, out, run, a, b, iv, in_link)
  local first, last = 1, #run
  while first < last and is_space(run[first]) do
    out[#out + 1] = run[first]
    a = a + 1
    first = first + 1
  end
  local trail = last
  while last > first and is_space(run[last]) do
    last = last - 1
    b = b - 1
  end
  local inner = run
  if first > 1 or last < #run then
    inner = {}
    for i = first, last do inner[#inner + 1] = run[i] end
  end
  if #inner == 1 and inner[1].t == "Quoted" then
    -- the quotation marks stay outside: wrap the words inside
    local q = inner[1]
    set_inlines(q, wrap_list(st, inlines_of(q), a, { { a = a, b = b, src = iv.src, children = iv.children } }, in_link))
    out[#out + 1] = q
  else
    local link = in_link or has_link(inner)
    local ch = iv.children
    if ch and #ch > 0 and (iv.a < a or iv.b > b) then ch = clip_all(ch, a, b) end
    local span, extra = make_span(st, iv.src, wrap_list(st, inner, a, ch or NONE, link), link, b >= iv.src.b)
    out[#out + 1] = span
    if extra then
      for j = 1, #extra do out[#out + 1] = extra[j] end
    end
  end
  for i = last + 1, trail do out[#out + 1] = run[i] end
end

-- Wrap the runs of elements of list (which starts at position base) that
-- the intervals ivs cover (sorted, disjoint, inside the list, each with its
-- children: the intervals inside it), in one pass: a Str that a boundary
-- falls inside is split there, a container an interval crosses is entered
-- (the interval wrapped piecewise). in_link: the list is inside a Link (an
-- entity's own link would nest). Returns the new list.
wrap_list = function(st, list, base, ivs, in_link)
  if #ivs == 0 then return list end
  local out = {}
  local pos, k = base, 1
  local cur, run, run_a -- the interval being collected, its elements, its start
  local i, n = 1, #list
  local pending         -- the rest of a split Str, before list[i]
  while true do
    if not cur and not pending then
      -- the elements before the next interval (most of them) as they are
      local nx = ivs[k]
      if not nx then
        -- none left: the rest of the list as it is, in one move (stitch
        -- has been over these elements already)
        if i <= n then move(list, i, n, #out + 1, out) end
        break
      end
      local na, no = nx.a, #out
      while i <= n do
        local x = list[i]
        local t = x.t
        local e
        if t == "Str" then e = pos + #x.c
        elseif t == "Space" or t == "SoftBreak" then e = pos + 1
        else break end
        if e > na then break end
        no = no + 1
        out[no] = x
        pos, i = e, i + 1
      end
    end
    local el
    if pending then
      el, pending = pending, nil
    elseif i <= n then
      el, i = list[i], i + 1
    else
      break
    end
    local t = el.t
    local s, e
    if t == "Str" then
      s = pos
      e = s + #el.c
      if e > s + 1 then
        -- the first boundary strictly inside: split there
        local c = e
        if cur and cur.b > s and cur.b < c then c = cur.b end
        local nx = ivs[k]
        if nx then
          if nx.a > s and nx.a < c then c = nx.a end
          if nx.b > s and nx.b < c then c = nx.b end
        end
        if c < e then
          pending = { t = "Str", c = el.c:sub(c - s + 1) }
          el = { t = "Str", c = el.c:sub(1, c - s) }
          e = c
        end
      end
    else
      s = pos
      e = s + el_len(el)
    end
    pos = e
    local rest -- the part of the interval being collected that goes on inside el
    if cur then
      if e <= cur.b then
        run[#run + 1] = el
        if e == cur.b then
          close_run(st, out, run, run_a, e, cur, in_link)
          cur = nil
        end
        el = nil
      else
        -- a container crossing the interval's end: the piece so far, and
        -- the interval goes on inside the container
        if #run > 0 then close_run(st, out, run, run_a, s, cur, in_link) end
        rest, cur = cur, nil
      end
    end
    if el then
      local nx = ivs[k]
      if not rest and nx and nx.a <= s and e <= nx.b and e > s then
        -- el starts a run
        cur, run, run_a = nx, { el }, s
        k = k + 1
        if e == cur.b then
          close_run(st, out, run, run_a, e, cur, in_link)
          cur = nil
        end
      elseif CONTAINER[t] and not OPAQUE[t] and not is_shown(el) and (rest or (nx and nx.a < e)) then
        -- intervals overlapping the container: wrapped inside it (clipped)
        local inside = {}
        if rest then
          inside[1] = rest
          if rest.b > e then
            table.insert(ivs, k, { a = e, b = rest.b, src = rest.src, children = rest.children })
          end
        end
        while ivs[k] and ivs[k].a < e do
          local iv = ivs[k]
          inside[#inside + 1] = iv
          if iv.b > e then
            ivs[k] = { a = e, b = iv.b, src = iv.src, children = iv.children }
            break
          end
          k = k + 1
        end
        set_inlines(el, wrap_list(st, (inlines_of(el)), s, clip_all(inside, s, e), in_link or t == "Link"))
        out[#out + 1] = el
      else
        out[#out + 1] = el
      end
    end
  end
  if cur and #run > 0 then close_run(st, out, run, run_a, pos, cur, in_link) end
  return out
end

-- Build the forest: sort by start then length; drop an interval that
-- partially overlaps one of higher rank (lower rank number = stronger).
local function forest_order(x, y)
  if x.a ~= y.a then return x.a < y.a end
  if x.b ~= y.b then return x.b > y.b end
  return x.rank < y.rank
end

local function forest(list)
  -- most units: intervals in order, none touching another (entities
  -- alone): the forest is the list itself, no child anywhere
  local plain, prev_b = true, -math.huge
  for j = 1, #list do
    local iv = list[j]
    if iv.a < prev_b or iv.a >= iv.b or iv.children then
      plain = false
      break
    end
    prev_b = iv.b
  end
  if plain then return list end
  sort(list, forest_order)
  local keep, reach = {}, {} -- reach[j]: the furthest end among keep[1..j]
  for _, iv in ipairs(list) do
    local ok = true
    -- only the kept intervals reaching past iv's start can overlap it
    for j = #keep, 1, -1 do
      if reach[j] <= iv.a then break end
      local k = keep[j]
      local overlap = iv.a < k.b and k.a < iv.b
      local nested = (iv.a >= k.a and iv.b <= k.b) or (k.a >= iv.a and k.b <= iv.b)
      if overlap and not nested then
        if iv.rank >= k.rank then ok = false break end
        k.dropped = true
      end
    end
    if ok then
      local n = #keep + 1
      keep[n] = iv
      reach[n] = math.max(reach[n - 1] or 0, iv.b)
    end
  end
  local roots, stack = {}, {}
  for _, iv in ipairs(keep) do
    if not iv.dropped then
      while #stack > 0 and not (iv.a >= stack[#stack].a and iv.b <= stack[#stack].b) do table.remove(stack) end
      if #stack > 0 then
        local top = stack[#stack]
        local parent = top.children
        if not parent then
          parent = {}
          top.children = parent
        end
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

local function by_a(x, y) return x.a < y.a end
local function by_a_rank(x, y)
  if x.a ~= y.a then return x.a < y.a end
  return RANK[x.kind] < RANK[y.kind]
end

-- Could text hold a word of the other direction than dir? (A byte test
-- that spares the tokenizer on most paragraphs: Arabic letters are lead
-- bytes D8-DB, the other right-to-left scripts DC-DF and presentation
-- forms EF AD-BB; Latin and the other left-to-right scripts are ASCII
-- letters or lead bytes C3-D7, E1, E3-ED, F0-F4; E2 is punctuation and
-- symbols, the quotation marks of Arabic text among them.)
local function may_have_other(text, dir, digits)
  if dir == "rtl" then
    if text:find("[%a\195-\215\225\227-\237\240-\244]") then return true end
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

-- Where a text may hold a word of the other direction than dir (or, with
-- digits, numbers joined by - or /): a sorted list of positions, found in
-- one pass over the document's text (the units then look them up).
local function where_other(text, dir, digits)
  local out = arabic.core.other_letters(text, dir)
  if digits and dir == "rtl" then
    local pos = 1
    while true do
      local a = text:find("%d[-/]%d", pos)
      if not a then break end
      out[#out + 1] = a
      pos = a + 3
    end
    sort(out)
  end
  return out
end

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
  return e
end

-- The attributes of an entity's spans: the same for every occurrence of an
-- entry, so made once (the encoder writes a shared table each time).
local function entity_attrs(st, m)
  local cache = st.entity_attrs
  if not cache then
    cache = {}
    st.entity_attrs = cache
  end
  local key = m.fuzzy and m.id .. "\0fuzzy" or m.id
  local a = cache[key]
  if a and a.type == m.type and a.canonical == m.canonical then return a end
  local kv = { { "data-id", m.id }, { "data-type", m.type }, { "data-canonical", m.canonical } }
  if m.fuzzy then kv[#kv + 1] = { "data-fuzzy", "true" } end
  if st.docx then kv[#kv + 1] = { "custom-style", st.opts.entities.style or "Entity" } end
  a = { kv = kv, classes = { "entity", m.type:lower() }, type = m.type, canonical = m.canonical }
  cache[key] = a
  return a
end

-- An entity found: its id (arabic-eN, in text order) and its count; with
-- transliterate, its romanization (data-translit, per mention) and what
-- to show after it.
local function entity_register(st, f)
  local m = f.m
  st.n = st.n + 1
  f.span_id = "arabic-e" .. st.n
  local e = count_entity(st, m.id, m.canonical, m.type, f.span_id)
  local at = entity_attrs(st, m)
  if st.opts.transliterate then
    local kv = {}
    for i, p in ipairs(at.kv) do kv[i] = p end
    f.shown = ptranslit.entity(st, m, e, kv)
    at = { kv = kv, classes = at.classes }
  end
  f.attrs = at
end

-- The Span of one piece of an entity; after the last piece, the
-- romanization to show (a list of inlines) as a second value.
local function entity_span(st, f, inlines, in_link, last)
  -- a finding wrapped piecewise keeps its id on the first piece only
  local span_id = f.span_id
  f.span_id = ""
  local link = st.opts.entities.link
  if link and not in_link then
    local m = f.m
    local url = link:gsub("{(%w+)}", function(k)
      local v = ({ id = m.id, type = m.type, canonical = m.canonical, name = m.name })[k]
      return v or ""
    end)
    inlines = { { t = "Link", c = { attr(), inlines, { url, m.canonical } } } }
  end
  local at = f.attrs
  local span = { t = "Span", c = { { span_id, at.classes, at.kv }, inlines } }
  if last and f.shown then return span, { { t = "Space" }, ptranslit.shown(st, f.shown, M.dir_span_of) } end
  return span
end

-- A date found: in the metadata's list, and its attributes.
local function date_register(st, f)
  local d = f.d
  st.dates[#st.dates + 1] = { text = d.text, value = d.value, calendar = d.calendar, gregorian = d.gregorian }
  local kv = {}
  if d.value then kv[#kv + 1] = { "data-value", d.value } end
  kv[#kv + 1] = { "data-calendar", d.calendar }
  if d.grain then kv[#kv + 1] = { "data-grain", d.grain } end
  if d.offset then kv[#kv + 1] = { "data-offset", tostring(d.offset) } end
  if d.gregorian then kv[#kv + 1] = { "data-gregorian", d.gregorian } end
  if d.mod then kv[#kv + 1] = { "data-mod", d.mod } end
  if st.docx then kv[#kv + 1] = { "custom-style", (st.opts.dates and st.opts.dates.style) or "Date" } end
  f.kv = kv
end

local function sentence_register(st, f)
  st.sentence = (st.sentence or 0) + 1
  f.kv = st.docx and { { "custom-style", "Sentence" } } or {}
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

local BABEL = { ar = "arabic", en = "english" }

-- In LaTeX, a run of the document's main language (Arabic quoted in an
-- English block of an Arabic document) cannot carry lang: pandoc 2.17 then
-- lists the main language among the others and babel stops at the second
-- \babelprovide. Such a run is raw LaTeX in a Span that says its language
-- in data-lang (which the LaTeX writer ignores).
local function main_lang_run(st, dir)
  if not st.latex then return nil end
  local lang = dir == "rtl" and "ar" or "en"
  if lang ~= st.main_lang then return nil end
  return lang, BABEL[lang]
end

--- A Span of the other direction around inlines.
function M.dir_span_of(st, dir, inlines)
  local lang, babel = main_lang_run(st, dir)
  if not lang then return Span(dir_attr(st, dir), inlines) end
  local list = { { t = "RawInline", c = { "latex", "\\foreignlanguage{" .. babel .. "}{" } } }
  for _, el in ipairs(inlines) do list[#list + 1] = el end
  list[#list + 1] = { t = "RawInline", c = { "latex", "}" } }
  return Span(attr("", {}, { { "data-lang", lang } }), list)
end

--- A Div of the other direction around a block.
function M.dir_div_of(st, dir, block)
  local lang, babel = main_lang_run(st, dir)
  if not lang then return { t = "Div", c = { dir_attr(st, dir), { block } } } end
  return { t = "Div", c = { attr("", {}, { { "data-lang", lang } }), {
    { t = "RawBlock", c = { "latex", "\\begin{otherlanguage}{" .. babel .. "}" } }, block,
    { t = "RawBlock", c = { "latex", "\\end{otherlanguage}" } } } } }
end

-- The Span of one piece of a finding (f: an entity, a date, a sentence or
-- a run of the other direction, with what its registration prepared);
-- last: the piece is the finding's last. An entity's romanization shown
-- after it comes as a second value (inlines to put after the Span).
make_span = function(st, f, inlines, in_link, last)
  local kind = f.kind
  if kind == "entity" then return entity_span(st, f, inlines, in_link, last) end
  if kind == "date" then return Span({ "", { "date" }, f.kv }, inlines) end
  if kind == "sentence" then return Span(attr("", { "sentence" }, f.kv), inlines) end
  return M.dir_span_of(st, f.dir, inlines)
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

-- Code and math inside a right-to-left block (except inline code that
-- starts with an Arabic word): in HTML an attribute
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
    -- inline code that starts with an Arabic word is Arabic text in a
    -- code face (`2 أكواب من الماء`): it keeps the text's direction
    if t == "Code" and first_strong(el.c[2]) == "rtl" then return nil end
    if st.html and t == "Code" then
      local kv = el.c[1][3]
      if not kv_get(kv, "dir") then kv[#kv + 1] = { "dir", "ltr" } end
      return nil
    end
    if st.latex and t == "Math" then return nil end -- TeX sets math left-to-right itself
    if st.docx and t == "Math" then return nil end  -- OMML has its own direction
    -- LaTeX: code is English text (\foreignlanguage{english}); elsewhere
    -- only the direction (math is no English)
    local span = st.latex and M.dir_span_of(st, "ltr", { el }) or Span(attr("", {}, { { "dir", "ltr" } }), { el })
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
  local e = count_entity(st, id, kv_get(kv, "data-canonical") or id, kv_get(kv, "data-type") or "MISC", a[1])
  -- the romanization of a mention, for the index should the match not be
  -- found again (M.run)
  if st.opts.transliterate and not e.translit_seen then e.translit_seen = kv_get(kv, "data-translit") end
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

-- Wrap one unit's intervals (new findings and direction runs); returns
-- the new list of inlines.
local function wrap_unit(st, u, ivs)
  if #ivs == 0 then return u.list end
  return wrap_list(st, u.list, 1, forest(ivs), false)
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
  -- a unit's pieces, joined per unit (a million pieces in one table cost
  -- more than the copies); the table serves every unit, its stale end
  -- left as it is
  local pieces, own_acc, notes = {}, {}, {}
  local function add(list)
    for _, u in ipairs(list) do
      if norm then normalize(u.list) end
      local e, np = stitch(u.list, pieces, 0, 1, own_acc, notes, u.dir == "rtl" and fix or nil, nil)
      parts[#parts + 1] = concat(pieces, "", 1, np)
      if #own_acc > 0 then
        u.own = own_acc
        for _, ow in ipairs(own_acc) do
          if ow.kind == "entity" then max_id = math.max(max_id, id_number(ow.el.c[1][1])) end
        end
        own_acc = {}
      else
        u.own = NONE
      end
      u.a, u.b = pos, pos + e - 1
      pos = u.b
      parts[#parts + 1] = SEP
      pos = pos + #SEP
      all[#all + 1] = u
      if #notes > 0 and more_units then
        u.notes = notes
        notes = {}
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
    local function sort_found(found)
      for j = 2, #found do
        if found[j].a < found[j - 1].a then
          sort(found, by_start)
          return
        end
      end
    end
    if o.sentences then
      local found = {}
      for first, last in arabic.sentences(text, o.sentences) do
        local a, b = trim_skipped(text, first, last)
        if a <= b then found[#found + 1] = { a = a, b = b + 1, kind = "sentence" } end
      end
      sort_found(found)
      deal(all, found, "found")
    end
    if o.entities then
      local found = {}
      for _, m in ipairs(arabic.entities(text, o.entities.match)) do
        -- the fields registering and wrapping add, named (nil) so that the
        -- table is made at its size, not grown twice
        found[#found + 1] = { a = m.first, b = m.last + 1, kind = "entity", m = m,
          rank = nil, src = nil, span_id = nil, attrs = nil }
      end
      sort_found(found)
      deal(all, found, "found")
    end
    if o.dates then
      local found = {}
      for d in arabic.dates(text, { reference = o.dates.reference }) do
        found[#found + 1] = { a = d.first, b = d.last + 1, kind = "date", d = d }
      end
      sort_found(found)
      deal(all, found, "found")
    end
  end

  -- 3. each unit: its findings in text order (entities counted in the
  -- order they appear), direction runs, wrapped
  local want_runs = o.direction and not st.markup
  local others = {} -- per direction: where the text may have a word of the other one
  for _, u in ipairs(all) do
    local found = u.found
    local own = u.own
    local ivs = {}
    -- the own spans count (a second run) and block their duplicates
    local n_own = #own
    if n_own > 0 then
      sort(own, by_a)
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
    if found or n_own > 0 then
      found = found or {}
      for j = 2, #found do
        if by_a_rank(found[j], found[j - 1]) then
          sort(found, by_a_rank)
          break
        end
      end
      -- entities in text order, the own ones among them
      local k = 1
      local owned_entities = NONE
      if n_own > 0 then
        owned_entities = {}
        for _, ow in ipairs(own) do
          if ow.count then owned_entities[#owned_entities + 1] = ow end
        end
      end
      for _, f in ipairs(found) do
        while k <= #owned_entities and owned_entities[k].a <= f.a do
          own_entity(st, owned_entities[k])
          k = k + 1
        end
        if n_own == 0 or not clashes(own, f.a, f.b, f.kind) then
          local kind = f.kind
          f.rank, f.src = RANK[kind], f
          if kind == "entity" then entity_register(st, f)
          elseif kind == "date" then date_register(st, f)
          else sentence_register(st, f) end
          ivs[#ivs + 1] = f
        elseif f.kind == "entity" and o.transliterate and st.entities[f.m.id] then
          -- found again where its span is (a second run): the canonical
          -- name's romanization for the index and the metadata
          ptranslit.entity(st, f.m, st.entities[f.m.id], {})
        end
      end
      while k <= #owned_entities do
        own_entity(st, owned_entities[k])
        k = k + 1
      end
    end
    local dir = u.dir
    if dir == "rtl" then st.rtl_seen = true end
    if want_runs and dir then
      local cand = others[dir]
      if not cand then
        cand = { at = 1, where_other(text, dir, st.latex) }
        others[dir] = cand
      end
      local list_, at = cand[1], cand.at
      while list_[at] and list_[at] < u.a do at = at + 1 end
      cand.at = at
      if list_[at] and list_[at] < u.b then
        local utext = text:sub(u.a, u.b - 1)
        for _, run in ipairs(direction_runs(utext, dir, st.latex)) do
          if n_own == 0 or not clashes(own, run.a, run.b, "dir") then
            run.rank, run.kind, run.src = RANK.dir, "dir", run
            ivs[#ivs + 1] = run
            if run.dir == "rtl" then st.rtl_seen = true end
          end
        end
      end
    end
    local list = wrap_unit(st, u, ivs)
    if u.mark and st.markup then
      -- a right-to-left block whose first strong character (code included)
      -- is left-to-right shows left-to-right where the renderer guesses
      -- the direction (GitHub's dir="auto"): a right-to-left mark first
      if inlines_dir(list, true) == "ltr" then table.insert(list, 1, { t = "Str", c = RLM }) end
    end
    u.holder[u.key] = list
  end
  if o.transliterate then
    -- an entity of a run before whose match was not found again: the
    -- romanization of a mention stands in for its name's in the index
    for _, e in ipairs(st.order) do
      if e.translit == nil then e.translit = e.translit_seen end
    end
  end
end

M.RLM = RLM

--- Only the runs of the other direction than dir in holder[key], a list of
-- inlines (the title and author of a LaTeX document).
function M.runs_only(holder, key, st, dir)
  local list = holder[key]
  local parts, own = {}, {}
  local _, np = stitch(list, parts, 0, 1, own, nil, nil, nil)
  local text = concat(parts, "", 1, np)
  if not may_have_other(text, dir, st.latex) then return end
  local ivs = {}
  for _, run in ipairs(direction_runs(text, dir, st.latex)) do
    if not clashes(own, run.a, run.b, "dir") then
      run.rank, run.kind, run.src = RANK.dir, "dir", run
      ivs[#ivs + 1] = run
    end
  end
  holder[key] = wrap_unit(st, { list = list }, ivs)
end

return M
