--- News-page chrome removal, line by line, driven by the phrase list in
-- data/boilerplate/phrases.tsv (and the caller's own lists). A phrase
-- matches a whole line or the start of a short one, never a word inside a
-- sentence, and nothing takes a document's tail on one line alone: the
-- rest of a page goes only when other chrome around the cut agrees.
-- Returns the kept text, the kept source ranges, every removed line with
-- the rule that removed it, and the share of the text removed (with a
-- warning when that share is large). See data/boilerplate/README.md.
local core = require "arabic.core"
local data = require "arabic.data"
local args = require "arabic.args"

local M = {}

--- Above this share of the text removed, clean() returns a warning.
M.WARN_SHARE = 0.2

local norm -- the "search" normalizer, made on first use
local function normalize(s)
  norm = norm or core.normalizer("search")
  return (norm(s))
end

local dates_mod -- arabic.dates, loaded on first use (only banners and references need it)
local function dates()
  dates_mod = dates_mod or require "arabic.dates"
  return dates_mod
end

-- ------------------------------------------------------------ lines

-- Bytes that begin a bullet or a list number a line may start with, and
-- the bullets themselves.
local BULLETS = { "•", "·", "▪", "◦", "►", "-", "–", "—", "*", "●", "■", "»", ">" }
local LEAD = {}
for _, b in ipairs(BULLETS) do LEAD[b:byte(1)] = true end
LEAD[("("):byte()] = true
for d = 0, 9 do LEAD[48 + d] = true end

local SPACE = { [32] = true, [9] = true, [13] = true, [10] = true, [11] = true, [12] = true }

local function trim(s)
  if SPACE[s:byte(1)] or SPACE[s:byte(-1)] then return (s:match("^%s*(.-)%s*$")) end
  return s
end

-- Leading bullets and list numbers off an already trimmed line.
local function strip_lead(s)
  if not LEAD[s:byte(1)] then return s end
  local changed = true
  while changed do
    changed = false
    for _, b in ipairs(BULLETS) do
      if s:sub(1, #b) == b then
        s = trim(s:sub(#b + 1))
        changed = true
      end
    end
    local num = s:match("^%(?%d+[%.%-%)]%s*")
    if num and #num < #s then
      s = s:sub(#num + 1)
      changed = true
    end
  end
  return s
end

-- Trailing : . … ! | - » >> and spaces off a line (byte by byte: this
-- runs on every line).
local byte = string.byte
local TRAIL = {}
for _, c in ipairs { ":", ".", "!", "|", "-", ">", " ", "\t", "\r", "\n", "\v", "\f" } do TRAIL[c:byte()] = true end
local function strip_trail(s)
  local e = #s
  while e > 0 do
    local b = byte(s, e)
    if TRAIL[b] then
      e = e - 1
    elseif b == 0xA6 and e >= 3 and byte(s, e - 1) == 0x80 and byte(s, e - 2) == 0xE2 then
      e = e - 3 -- …
    elseif b == 0xBB and e >= 2 and byte(s, e - 1) == 0xC2 then
      e = e - 2 -- »
    else
      break
    end
  end
  if e == #s then return s end
  return s:sub(1, e)
end

-- A normalized line for comparison: q without white space around and
-- without leading bullets and list numbers; p is q without its trailing
-- marks (q keeps them: the colon after a phrase, a sentence's final mark).
local function prepare_norm(nl)
  local q = strip_lead(trim(nl))
  return strip_trail(q), q
end
--- Prepare a source line (the phrase lists and the tests use it).
function M._prepare(line) return (prepare_norm(normalize(line))) end

-- The first word of a prepared line or phrase: the bytes before the first
-- space, ASCII mark, or Latin-1 / general punctuation character (» « …
-- – —). Phrases are indexed by it.
local function key_of(p) return p:match("^[^%s%p\194\226]+") end

local function count_words(p)
  local _, n = p:gsub("%S+", "")
  return n
end

-- Running text: 10+ words with letters and a sentence mark or a comma
-- (a line of dates and times is not running text). Plain searches only:
-- a Lua pattern with a class costs a pass over the line per call.
local find = string.find
local LETTER = {}
for c = 0xD8, 0xDB do LETTER[c] = true end
for c = 65, 90 do LETTER[c], LETTER[c + 32] = true, true end
local TEN_WORDS = "^%s*" .. ("%S+%s+"):rep(9) .. "%S"
local function running_text(q)
  local len = #q
  if len < 19 then return false end
  if not (find(q, ".", 1, true) or find(q, ",", 1, true) or find(q, "?", 1, true) or find(q, "!", 1, true)) then
    return false
  end
  -- a long line with ten words (one anchored match: the classes do not
  -- overlap, so it is linear) is prose; a shorter one needs ten words with
  -- letters (a banner of dates and times has commas too)
  if len >= 160 then return find(q, TEN_WORDS) ~= nil end
  -- words whose first three bytes hold a letter (ASCII, or an Arabic
  -- lead byte: after a quote or a bracket too)
  local words, pos = 0, 1
  while pos <= len do
    local sp = find(q, " ", pos, true) or len + 1
    if sp > pos then
      local a, b, c = byte(q, pos, pos + 2)
      if LETTER[a] or LETTER[b] or LETTER[c] then
        words = words + 1
        if words >= 10 then return true end
      end
    end
    pos = sp + 1
  end
  return false
end
M._running_text = running_text

-- ------------------------------------------------------------ rules

-- Prefix and multi-part rows match only lines this short (words, bytes):
-- a source line names an outlet, a byline a name; a longer line that
-- starts the same way is content ("كتب : <lede>", "المصادر: <a sentence
-- with links>").
local LIMITS = {
  masthead = { 10, 160 },
  source_line = { 12, 200 },
  share_line = { 12, 200 },
  follow_line = { 16, 300 },
  teaser_line = { 30, 400 },
  tags_line = { 40, 600 },
}
local DEFAULT_LIMIT = { 40, 600 }

-- Rules whose lines are weak evidence of the end of an article: a label
-- or a byline can sit anywhere. Every other rule (the user's own too)
-- corroborates a cut.
local WEAK = { label = true, masthead = true }

-- Compiled rule sets, by the list of sources that made them.
local cache = {}

local function split_tabs(line)
  local f = {}
  for field in (line .. "\t"):gmatch("([^\t]*)\t") do f[#f + 1] = field end
  return f
end

local function add_keyed(rules, key, entry)
  if key then
    local list = rules.keyed[key]
    if not list then
      list = {}
      rules.keyed[key] = list
    end
    list[#list + 1] = entry
  else
    rules.unkeyed[#rules.unkeyed + 1] = entry
  end
end

-- Prefix rows before multi-part rows, longer phrases first, then file order.
local function entry_before(a, b)
  if (a.parts == nil) ~= (b.parts == nil) then return a.parts == nil end
  local la, lb = #(a.phrase or a.parts[1]), #(b.phrase or b.parts[1])
  if la ~= lb then return la > lb end
  return a.order < b.order
end

-- The rules of a list of phrase files ("default" or paths), or nil and
-- what is wrong with a file.
local function load_rules(sources)
  local key = table.concat(sources, "\0")
  if cache[key] then return cache[key] end
  local rules = { whole = {}, keyed = {}, unkeyed = {}, builtin = false, button_start = {} }
  local order = 0
  for _, src in ipairs(sources) do
    local path = src
    if src == "default" then
      local p, err = data.path("boilerplate/phrases.tsv")
      if not p then return nil, err end
      path = p
      rules.builtin = true
    end
    local f, err = io.open(path, "rb")
    if not f then return nil, ("cannot open %s: %s"):format(src, err) end
    local header = true
    local lineno = 0
    for line in f:lines() do
      lineno = lineno + 1
      line = line:gsub("\r$", "")
      if header then
        header = false
      elseif line ~= "" and not line:match("^#") then
        local fld = split_tabs(line)
        local phrase, rule, action = fld[1], fld[2], fld[3]
        if not phrase or phrase == "" or not rule or rule == "" or
          (action ~= "drop_line" and action ~= "drop_line_prefix" and action ~= "drop_rest") then
          f:close()
          return nil, ("%s:%d: expected phrase<TAB>rule<TAB>drop_line|drop_line_prefix|drop_rest"):format(src, lineno)
        end
        order = order + 1
        -- "كتب:", "كتب -": the mark must follow the phrase
        local sep = phrase:match("%s*(:)%s*$") or phrase:match("%s(%-)%s*$")
        local limit = LIMITS[rule] or DEFAULT_LIMIT
        local entry = { rule = rule, action = action, order = order, sep = sep,
          max_words = limit[1], max_bytes = limit[2] }
        if phrase:find(" … ", 1, true) then
          entry.parts = {}
          for part in (phrase .. " … "):gmatch("(.-) … ") do entry.parts[#entry.parts + 1] = M._prepare(part) end
          add_keyed(rules, key_of(entry.parts[1]), entry)
        else
          local p = M._prepare(phrase)
          if action == "drop_line_prefix" then
            entry.phrase = p
            add_keyed(rules, key_of(p), entry)
          elseif not rules.whole[p] then
            rules.whole[p] = entry
          end
        end
      end
    end
    f:close()
  end
  rules.longest_whole = 0
  for p in pairs(rules.whole) do rules.longest_whole = math.max(rules.longest_whole, #p) end
  -- the first words of share and label phrases: a line of buttons starts with one
  rules.button_start = {}
  for p, e in pairs(rules.whole) do
    if e.rule == "share_line" or e.rule == "label" then
      local k = key_of(p)
      if k then rules.button_start[k] = true end
    end
  end
  for _, list in pairs(rules.keyed) do table.sort(list, entry_before) end
  table.sort(rules.unkeyed, entry_before)
  cache[key] = rules
  return rules
end

-- Does prepared line p start with phrase ph, followed by the end, a space
-- or punctuation (never a letter, digit or mark)?
local function starts(p, ph)
  if ph == "" or p:sub(1, #ph) ~= ph then return false end
  if #p == #ph then return true end
  local c = core.char_class(p, #ph + 1)
  return c ~= "arabic" and c ~= "letter" and c ~= "latin" and c ~= "digit" and c ~= "mark"
end

-- After the phrase (#ph bytes of q), white space then the mark sep.
local function sep_follows(q, n, sep)
  local rest = q:match("^%s*(.?.?.?)", n + 1)
  if sep == ":" then return rest:sub(1, 1) == ":" end
  return rest:sub(1, 1) == "-" or rest == "–" or rest == "—"
end

local function short_enough(e, p)
  return #p <= e.max_bytes and count_words(p) <= e.max_words
end

local function match_entry(e, p, q)
  if e.parts then
    if not starts(p, e.parts[1]) then return false end
    local pos = #e.parts[1] + 1
    for k = 2, #e.parts do
      local a = p:find(e.parts[k], pos, true)
      if not a then return false end
      pos = a + #e.parts[k]
    end
    return short_enough(e, p)
  end
  return starts(p, e.phrase) and (not e.sep or sep_follows(q, #e.phrase, e.sep)) and short_enough(e, p)
end

-- The row a prepared line matches, or nil: whole-line rows first, then
-- prefix rows (longer first), then multi-part rows.
local function match_line(rules, p, q)
  if #p <= rules.longest_whole then
    local w = rules.whole[p]
    if w then return w end
  end
  local key = key_of(p)
  local list = key and rules.keyed[key]
  if list then
    for _, e in ipairs(list) do
      if match_entry(e, p, q) then return e end
    end
  end
  for _, e in ipairs(rules.unkeyed) do
    if match_entry(e, p, q) then return e end
  end
  return nil
end

local function button(rules, piece)
  local e = rules.whole[piece]
  return e and (e.rule == "share_line" or e.rule == "label")
end

-- Is the prepared line only share/label words and separators (spaces, |
-- / · • ,)?
local function only_buttons(rules, p)
  local first = key_of(p)
  if not first or not rules.button_start[first] then return false end
  local any = false
  for piece in (p:gsub("·", "|"):gsub("•", "|") .. "|"):gmatch("([^|/,]*)[|/,]") do
    piece = trim(piece)
    if piece ~= "" then
      if not button(rules, piece) then
        -- a run of button words separated by spaces only
        for word in piece:gmatch("%S+") do
          if not button(rules, word) then return false end
        end
      end
      any = true
    end
  end
  return any
end

-- A section path in the page head: "اقتصاد | نقل وموانئ", "أخبار » عربي":
-- short segments between separators, no sentence punctuation.
local function section_path(p)
  if not (p:find("|", 1, true) or p:find("»", 1, true) or p:find("›", 1, true)) then return false end
  if p:find("[%.!?:,]") then return false end
  local words = 0
  for seg in (p .. "|"):gsub("»", "|"):gsub("›", "|"):gmatch("([^|]*)|") do
    local n = count_words(seg)
    if n > 4 then return false end
    words = words + n
  end
  return words >= 1 and words <= 10
end

-- The day a date names, "YYYY-MM-DD" in the Gregorian calendar, when it
-- is written whole (a day with its year, no reference needed).
local function whole_day(d)
  if d.grain == "day" and not d.relative and not d.conflict then
    local v = d.calendar == "gregorian" and d.value or d.gregorian
    if v and v:match("^%d%d%d%d%-%d%d%-%d%d$") then return v end
  end
end

-- A banner: a line of the page head that is only a day's date (and
-- times) and separators.
local function banner_line(raw, q)
  if not q:find("%d") or count_words(q) > 14 then return false end
  local rest = raw
  local day, value = false, nil
  for d in dates().iter(raw) do
    if d.grain == "day" then
      day = true
      value = value or whole_day(d)
    end
    rest = rest:gsub(d.text:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0"), " ", 1)
  end
  if not day then return false end
  -- (ص/م: a.m./p.m. after a time; whole letters, not a byte class)
  rest = normalize(rest):gsub("%d+:%d+%s*ص", " "):gsub("%d+:%d+%s*م", " "):gsub("%d+:%d+", " ")
  rest = rest:gsub("%s+", ""):gsub("|", ""):gsub("%-", ""):gsub("،", ""):gsub("[,/:]", "")
  return rest == "", value
end

local NETWORKS = {}
for _, n in ipairs { "جوجل نيوز", "google news", "تليجرام", "تلغرام", "تويتر", "فيسبوك", "يوتيوب", "انستجرام", "واتساب" } do
  NETWORKS[n] = true
end

--- The options of clean(), which the pipeline, the pandoc filter and the
-- command line take too.
M.OPTIONS = {
  -- phrase files: "default" and/or paths (same format as data/boilerplate/phrases.tsv)
  lists = args.custom("a file name or a list of them (\"default\": the built-in list)", function(v)
    local ok, list = args.strings.test(v)
    if not ok then return false end
    local rules, err = load_rules(list)
    if not rules then return false, err end
    return true, list
  end),
  -- keep running text found after the source/tags line
  keep_appended = args.boolean,
  -- also drop the page head's lines no phrase catches
  drop_head = args.boolean,
}

-- ------------------------------------------------------------ clean

local DEFAULT_LISTS = { "default" }
local default_rules -- load_rules(DEFAULT_LISTS), once
local NO_RULE = false
local NO_OPTIONS = {}

-- The lines of s as a page: where each ends (last[k]: its last byte
-- before the newline; it starts at last[k - 1] + 2) and the prepared
-- normalized text of each (p, q), with the memos of the rules below.
-- Normalization keeps every newline, so the normalized text's lines are
-- the source's lines; if they ever were not, each line is normalized on
-- its own. (Tables and calls into C are what costs here: few of each.)
-- One set of line tables is kept between calls and cleared after each
-- (a page's tables cost more than its lines: most documents are a few
-- lines). A call that finds it taken (an error left it, or a call inside a
-- call) makes its own.
local spare

local function page_lines(s, rules, per_line)
  local ns = not per_line and normalize(s)
  local L = spare or { last = {}, p = {}, q = {}, memo = {}, drop = {} }
  spare = nil
  local last, P, Q = L.last, L.p, L.q
  local n, pos, npos = 0, 1, 1
  local len = #s
  local sub = string.sub
  while pos <= len do
    local nl = find(s, "\n", pos, true)
    local e = nl and nl - 1 or len
    local nline
    if ns then
      local nnl = find(ns, "\n", npos, true)
      if (nnl == nil) ~= (nl == nil) then
        M._release(L, n)
        return page_lines(s, rules, true)
      end
      if npos == 1 and not nnl then
        nline = ns
      else
        nline = sub(ns, npos, nnl and nnl - 1 or #ns)
        npos = (nnl or #ns) + 1
      end
    else
      nline = normalize(sub(s, pos, e))
    end
    n = n + 1
    last[n] = e
    local q = strip_lead(trim(nline))
    P[n], Q[n] = strip_trail(q), q
    pos = (nl or len) + 1
  end
  L.s, L.rules, L.n, L.body_start = s, rules, n, n + 1
  return L
end

-- Clear the line tables (n lines) and keep them for the next call.
function M._release(L, n)
  local last, P, Q, memo, drop = L.last, L.p, L.q, L.memo, L.drop
  for k = 1, n or L.n do
    last[k], P[k], Q[k], memo[2 * k - 1], memo[2 * k], drop[k] = nil, nil, nil, nil, nil, nil
  end
  L.s, L.rules, L.below = nil, nil, nil
  spare = L
end

local function first_of(L, k) return k == 1 and 1 or L.last[k - 1] + 2 end

-- The row line k matches (memoized in memo[2k]), or false.
local function match(L, k)
  local memo = L.memo
  local m = memo[2 * k]
  if m == nil then
    local p = L.p[k]
    m = p ~= "" and match_line(L.rules, p, L.q[k]) or NO_RULE
    memo[2 * k] = m
  end
  return m
end

-- Is line k running text (memoized in memo[2k - 1])?
local function run_text(L, k)
  local memo = L.memo
  local r = memo[2 * k - 1]
  if r == nil then
    r = running_text(L.q[k])
    memo[2 * k - 1] = r
  end
  return r
end

-- How much line k says that an article ends here: 2 for a chrome line of
-- two words or more (اقرأ أيضاً، المصدر: وكالات، a bar of share buttons),
-- 1 for a one-word one (التعليقات، وسوم، فيسبوك: a document's heading can
-- be that word too), 0 for anything else, labels and bylines included.
-- A line that is only a phrase (no text of its own after it) with running
-- text right under it is a heading of that text, and weighs 0.
local function next_nonblank(L, k)
  local P, n = L.p, L.n
  k = k + 1
  while k <= n and P[k] == "" do k = k + 1 end
  return k <= n and k or nil
end

local function heading(L, k, m)
  if m.phrase or m.parts then return false end
  local j = next_nonblank(L, k)
  return j ~= nil and run_text(L, j)
end

local function weight(L, k)
  local p = L.p[k]
  if p == "" then return 0 end
  local m = match(L, k)
  if m then
    if WEAK[m.rule] or heading(L, k, m) then return 0 end
  elseif not only_buttons(L.rules, p) then
    return 0
  end
  return find(p, "[%s|/,]") and 2 or 1
end

-- Does other chrome agree that the article ends at line k? Among the
-- `before` non-blank lines above it (not counting line `skip`) and all the
-- lines below it, a chrome line of two words or two of one word.
local function corroborated(L, k, before, skip)
  local P = L.p
  local sum, seen, j = 0, 0, k - 1
  while j >= L.body_start and seen < before do
    if P[j] ~= "" then
      seen = seen + 1
      if j ~= skip then
        sum = sum + weight(L, j)
        if sum >= 2 then return true end
      end
    end
    j = j - 1
  end
  -- below[i]: the weight of lines i..n, up to 2 (once per page: a long
  -- text may ask at every line)
  local below = L.below
  if not below then
    below = { [L.n + 1] = 0 }
    for i = L.n, 1, -1 do
      local w = below[i + 1]
      if w < 2 then w = w + weight(L, i) end
      below[i] = w
    end
    L.below = below
  end
  return sum + below[k + 1] >= 2
end

-- Is there running text after line k? (body_end: the last line of running text)
local function tail_has_text(L, k) return L.body_end > k end

-- The short lines under a marker (a teaser's headlines), up to running
-- text or a blank line after them: the last of them, or nil.
local function box_under(L, k)
  local P, n = L.p, L.n
  local j = next_nonblank(L, k)
  if not j or run_text(L, j) then return nil end
  local last
  while j <= n and P[j] ~= "" and not run_text(L, j) do
    last = j
    j = j + 1
  end
  return last
end

-- The rule each line is dropped by (drop[k]), the banner line, and where
-- the removed rest of the page starts ({ line, rule } or nil).
local function decide(L, opts)
  local P, Q, n, rules = L.p, L.q, L.n, L.rules
  local builtin = rules.builtin
  -- where the body starts: its first line of running text
  for k = 1, n do
    if P[k] ~= "" and run_text(L, k) then
      L.body_start = k
      break
    end
  end
  local body_start = L.body_start
  -- and where it ends: its last line of running text (a footer comes after)
  local body_end = 0
  for k = n, body_start, -1 do
    if P[k] ~= "" and run_text(L, k) then
      body_end = k
      break
    end
  end
  L.body_end = body_end
  local drop = L.drop
  local banner, banner_date
  local article_over -- the source/tags line that ended the article
  local k = 1
  while k <= n do
    local p = P[k]
    local in_head = k < body_start
    if p ~= "" then
      local e = match(L, k)
      -- bylines, time stamps and footers: before or after the body
      if e and e.rule == "masthead" and not in_head and not article_over and k < body_end then e = nil end
      -- a source or tags line ends the article: with running text after
      -- it and no other chrome around, it is the text's own heading or
      -- quote ("المصدر" over a paragraph about a source device)
      if e and (e.rule == "source_line" or e.rule == "tags_line") and e.action ~= "drop_rest"
        and not article_over and tail_has_text(L, k) and not corroborated(L, k, 4) then
        e = nil
      end
      if e then
        if e.action == "drop_rest" then
          if in_head then
            -- a box in the page head: itself and the list under it (with
            -- running text right under it, a heading: kept)
            if not heading(L, k, e) then drop[k] = e.rule end
            local j = k + 1
            while j <= n and P[j] ~= "" and not run_text(L, j) do
              drop[j] = e.rule
              j = j + 1
            end
            k = j - 1
          elseif corroborated(L, k, 4) or not tail_has_text(L, k) then
            return drop, banner, banner_date, { k, e.rule }
          else
            -- one marker with running text after it and no other chrome:
            -- a teaser box inside the article, or a heading of the text
            local last = box_under(L, k)
            if last then
              for j = k, last do drop[j] = e.rule end
              k = last
            end
          end
        else
          drop[k] = e.rule
          if (e.rule == "source_line" or e.rule == "tags_line") and not in_head and not article_over then
            article_over = k
          end
          -- a masthead title alone on its line: the name under it goes too
          if e.rule == "masthead" and e.action == "drop_line" and in_head and k < n then
            local nxt = P[k + 1]
            if nxt ~= "" and count_words(nxt) <= 4 and not match(L, k + 1) then
              drop[k + 1] = "masthead"
              k = k + 1
            end
          end
        end
      elseif builtin and k < n and NETWORKS[P[k + 1]] and p:match("^تابع") and (p:match(" علي$") or p:match(" عبر$")) then
        -- a follow line broken in two: "تابع … على" + a network name
        drop[k], drop[k + 1] = "follow_line", "follow_line"
        k = k + 1
      elseif only_buttons(rules, p) then
        drop[k] = "share_line"
      elseif in_head then
        if builtin then
          local raw = L.s:sub(first_of(L, k), L.last[k])
          local is_banner, day = banner_line(raw, Q[k])
          if is_banner then
            drop[k] = "banner"
            if not banner then banner, banner_date = raw, day end
          elseif section_path(p) then
            drop[k] = "breadcrumb"
          end
        end
      elseif article_over and not opts.keep_appended and run_text(L, k) and corroborated(L, k, 6, article_over) then
        -- running text after the source line, with more chrome around:
        -- another article, from its headline on (the lines after the
        -- last chrome line)
        local j = k
        while j - 1 > article_over and not drop[j - 1] do j = j - 1 end
        return drop, banner, banner_date, { j, "appended" }
      end
    end
    k = k + 1
  end
  return drop, banner, banner_date, nil
end

--- Remove chrome from a page. opts.lists: phrase files ("default" and/or
-- paths; default { "default" }: a list without "default" is only the
-- caller's phrases, and the built-in banner, breadcrumb and split-follow
-- rules are off); opts.keep_appended: keep running text found after the
-- source/tags line (by default it is another article and goes, as rule
-- "appended", when other chrome agrees); opts.drop_head: also drop the
-- page head's lines that no phrase catches (site menus, masthead names),
-- keeping the headline. Returns { text = kept text, kept = { {first,
-- last}, ... }, removed = { { first, last, rule, text }, ... }, banner =
-- the page's banner line or nil, banner_date = its day "YYYY-MM-DD" (a
-- whole date, Gregorian) or nil, share = the share of the text's bytes
-- removed (0 to 1), warning = a message when that share is above
-- M.WARN_SHARE, else nil }.
function M.clean(s, opts)
  args.string_arg(s, "boilerplate", 1, 2)
  if opts ~= nil then opts = args.check(opts, M.OPTIONS, "boilerplate", 2, 2) else opts = NO_OPTIONS end
  local rules = opts.lists and load_rules(opts.lists) or not opts.lists and default_rules
  if not rules then
    local err
    rules, err = load_rules(opts.lists or DEFAULT_LISTS)
    if not rules then error(err, 2) end
    if not opts.lists then default_rules = rules end
  end
  local L = page_lines(s, rules)
  local drop, banner, banner_date, rest_from = decide(L, opts)
  local n, P = L.n, L.p

  -- drop_head: everything before the body's first line of running text
  -- except its headline (the last non-blank line before it)
  if opts.drop_head then
    local headline
    for j = L.body_start - 1, 1, -1 do
      if P[j] ~= "" and not drop[j] then
        headline = j
        break
      end
    end
    for j = 1, L.body_start - 1 do
      if not drop[j] and j ~= headline and P[j] ~= "" then drop[j] = "head" end
    end
  end

  -- the kept text and the removed ranges, in source offsets
  local kept, removed = {}, {}
  local last_line = rest_from and rest_from[1] - 1 or n
  local last, len = L.last, #s
  for j = 1, last_line do
    local a, b = first_of(L, j), last[j]
    if drop[j] then
      if b >= a then removed[#removed + 1] = { first = a, last = b, rule = drop[j] } end
    else
      local eol = b < len and b + 1 or b -- with its newline
      local pk = kept[#kept]
      if pk and pk.last + 1 == a then pk.last = eol
      else kept[#kept + 1] = { first = a, last = eol } end
    end
  end
  if rest_from then
    local a = first_of(L, rest_from[1])
    if a <= #s then removed[#removed + 1] = { first = a, last = #s, rule = rest_from[2] } end
  end
  M._release(L)
  local gone, biggest = 0, nil
  for _, r in ipairs(removed) do
    r.text = s:sub(r.first, r.last)
    gone = gone + (r.last - r.first + 1)
    if not biggest or r.last - r.first > biggest.last - biggest.first then biggest = r end
  end
  local text
  if #removed == 0 then
    text = s
  else
    local parts = {}
    for i, kr in ipairs(kept) do parts[i] = s:sub(kr.first, kr.last) end
    text = table.concat(parts)
  end
  local share = #s > 0 and gone / #s or 0
  local warning
  if share > M.WARN_SHARE then
    local line = select(2, s:sub(1, biggest.first):gsub("\n", "")) + 1
    warning = ("chrome removal dropped %d%% of the text (%d of %d bytes; the most, %d bytes, by rule '%s' from line %d)")
      :format(math.floor(share * 100 + 0.5), gone, #s, biggest.last - biggest.first + 1, biggest.rule, line)
  end
  return { text = text, kept = kept, removed = removed, banner = banner, banner_date = banner_date, share = share,
    warning = warning }
end

-- ------------------------------------------------------------ findings

--- Put findings on a cleaned text (r.text of clean) back on the source s,
-- in place: first, last (and token_first) become source offsets and text
-- the source's bytes. A finding that would cover removed text is split at
-- each removed range when how is "split" (sentences: each piece trimmed
-- of white space, empty pieces dropped), else dropped (names, dates,
-- numbers: a name split by a removed line is no name). Returns the list.
function M.map_back(r, list, s, how)
  local kept = r.kept
  -- one kept range from the start (nothing removed, or only a tail): the
  -- offsets are the source's already
  if #kept == 0 or (#kept == 1 and kept[1].first == 1) then return list end
  local begins, acc = {}, 0
  for i, kr in ipairs(kept) do
    begins[i] = acc + 1 -- where range i begins in the cleaned text
    acc = acc + (kr.last - kr.first + 1)
  end
  local nk = #kept
  local function range_of(pos)
    local lo, hi = 1, nk
    while lo < hi do
      local mid = math.floor((lo + hi + 1) / 2)
      if begins[mid] <= pos then lo = mid else hi = mid - 1 end
    end
    return lo
  end
  local function src(i, pos) return kept[i].first + (pos - begins[i]) end
  local out = {}
  for _, x in ipairs(list) do
    local ia, ib = range_of(x.first), range_of(x.last)
    if ia == ib then
      if x.token_first then x.token_first = src(range_of(x.token_first), x.token_first) end
      x.first, x.last = src(ia, x.first), src(ib, x.last)
      if x.text then x.text = s:sub(x.first, x.last) end
      out[#out + 1] = x
    elseif how == "split" then
      for i = ia, ib do
        local a = i == ia and src(i, x.first) or kept[i].first
        local b = i == ib and src(i, x.last) or kept[i].last
        local piece = s:sub(a, b)
        local lead, body = piece:match("^(%s*)(.-)%s*$")
        if body ~= "" then
          local y = {}
          for key, v in pairs(x) do y[key] = v end
          y.first = a + #lead
          y.last = y.first + #body - 1
          if y.text then y.text = body end
          out[#out + 1] = y
        end
      end
    end
  end
  for i = #list, 1, -1 do list[i] = nil end
  for i, x in ipairs(out) do list[i] = x end
  return list
end

-- ------------------------------------------------------------ reference

-- Does the body say that "now" is another month than the banner's? A
-- month "الجاري" / "الحالي" (15 مارس الجاري: this March) other than the
-- banner's month: the banner is then the crawl date, not the page's.
local function contradicts(list, month)
  for _, d in ipairs(list) do
    if d.relative and d.value and d.calendar == "gregorian" then
      local mm = d.value:match("^XXXX%-(%d%d)")
      local t = mm and normalize(d.text)
      if t and (find(t, "الجاري", 1, true) or find(t, "الحالي", 1, true)) and tonumber(mm) ~= month then
        return true
      end
    end
  end
  return false
end

--- The reference date a cleaned page (r of clean) gives its relative
-- dates, and where it comes from: a dateline (a day with its year within
-- 40 bytes of the start of one of the first three non-blank lines of the
-- kept text: "مسقط - 16 مارس 2024 (وكالات)") is "body"; else the banner's
-- day is "banner", unless the body contradicts it (a month "الجاري"
-- other than the banner's: the banner is the day the page was crawled);
-- else nil. list: the dates of r.text found without a reference, when
-- the caller has them (the pipeline does), else they are found here.
function M.reference(r, list)
  list = list or dates().find(r.text)
  -- where the first three non-blank lines start and end
  local line_starts, ends, pos, text = {}, {}, 1, r.text
  while #line_starts < 3 and pos <= #text do
    local nl = find(text, "\n", pos, true) or #text + 1
    if find(text, "%S", pos) and find(text, "%S", pos) < nl then
      line_starts[#line_starts + 1], ends[#ends + 1] = pos, nl - 1
    end
    pos = nl + 1
  end
  for _, d in ipairs(list) do
    if #ends == 0 or d.first > ends[#ends] then break end
    for i = 1, #line_starts do
      if d.first >= line_starts[i] and d.first <= ends[i] and d.first - line_starts[i] < 40 then
        local v = whole_day(d)
        if v then return v, "body" end
      end
    end
  end
  local v = r.banner_date
  if not v or contradicts(list, tonumber(v:sub(6, 7))) then return nil end
  return v, "banner"
end

return M
