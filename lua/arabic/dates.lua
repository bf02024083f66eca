--- Date expressions in Arabic text, resolved to ISO 8601.
--
-- The month, weekday and relative-word tables of data/dates/ become PCRE2
-- alternations; the patterns run on a normalized copy of the text (alef,
-- yeh, teh marbuta and digits folded, diacritics and tatweel dropped) and
-- every result is reported in offsets of the text given. Covered: the
-- Gregorian month names of every regional system (Egyptian/Gulf,
-- Levantine/Iraqi, Algerian/Tunisian, Moroccan, Mauritanian) with their
-- spelling variants, the Hijri months with هـ/م era markers, paired names
-- (كانون الثاني/يناير), numeric dates, ranges, weekdays and relative
-- expressions (أمس، الماضي، المقبل، مطلع/منتصف/أواخر ...) resolved against a
-- reference date. Hijri dates get their Gregorian equivalent from the Umm
-- al-Qura table (exact for 1300-1600 AH), else the arithmetic calendar.
local core = require "arabic.core"
local data = require "arabic.data"
local args = require "arabic.args"

local M = {}

local find, tonumber = string.find, tonumber
local dates_span = core.dates_span

local NORM = { preset = "search", teh_marbuta = "heh" }
local norm -- compiled on first use

local function N(s) return (norm(s)) end

-- ------------------------------------------------------------- tables

local T -- loaded tables

local function read_tsv(rel)
  local rows = {}
  local header
  for _, line in ipairs(data.lines("dates/" .. rel)) do
    local f = {}
    for field in (line .. "\t"):gmatch("([^\t]*)\t") do f[#f + 1] = field end
    if not header then
      header = f
    else
      local row = {}
      for i, k in ipairs(header) do row[k] = f[i] end
      rows[#rows + 1] = row
    end
  end
  return rows
end

local function escape(s) return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?%{%}%|\\/]", "\\%0")) end

-- A word as the pieces of its regex: each character (escaped), a space as
-- \s+ (PCRE2's Unicode white space), and an Iraqi numeric month's space
-- and digit (تشرين 2) as \s*2(?![0-9]): the space is optional, and no digit
-- may follow (تشرين 20 is no month).
local function word_pieces(w)
  local out, n = {}, 0
  local iraqi = w:find(" [0-9]$")
  local at = 1
  for c in w:gmatch("[%z\1-\127\194-\244][\128-\191]*") do
    n = n + 1
    if at == iraqi then
      out[n] = "\\s*" .. w:sub(-1) .. "(?![0-9])"
      return out
    end
    if c == " " then out[n] = "\\s+" else out[n] = #c == 1 and escape(c) or c end
    at = at + #c
  end
  assert(at == #w + 1, "a word of the dates' tables is not UTF-8")
  return out
end

-- An alternation of normalized words that matches what trying them
-- longest first matches, written as a tree of their common beginnings
-- (يناير|يونيو|يوليو -> ي(?:ناير|و(?:نيو|ليو))): PCRE2 tries the words
-- of an alternation one after the other, and the month names, weekdays
-- and relative words of one place were tried by the hundred at every
-- trigger hit. The same words match at a place, tried in the same order:
-- the pieces that follow one beginning exclude each other (two characters,
-- a character and white space, \s+ and an Iraqi month's \s*digit: what
-- follows the white space tells), so the words that match at a place are
-- beginnings of one another, one branch of the tree, which is tried
-- longest first (a word that ends where others go on comes last).
local function alternation(words)
  -- a node: its pieces in order (1..n) and piece -> node (a piece is a
  -- string); ends[node] when a word ends there
  local root, ends = {}, {}
  for _, w in ipairs(words) do
    if w ~= "" then
      local node = root
      local pieces = word_pieces(w)
      for i = 1, #pieces do
        local piece = pieces[i]
        local kid = node[piece]
        if not kid then
          kid = {}
          node[piece] = kid
          node[#node + 1] = piece
        end
        node = kid
      end
      ends[node] = true
    end
  end
  local function emit(node)
    local n = #node
    if n == 0 then return "" end
    if n == 1 and not ends[node] then return node[1] .. emit(node[node[1]]) end
    local order = {}
    for i = 1, n do order[i] = node[i] end
    table.sort(order)
    for i = 1, n do order[i] = order[i] .. emit(node[order[i]]) end
    if ends[node] then order[n + 1] = "" end
    return "(?:" .. table.concat(order, "|") .. ")"
  end
  return "(?:" .. emit(root) .. ")"
end

local PREPS, BLOCKERS, ORD_BLOCKERS -- defined below
local N_MIN = "من" -- the same after normalization

local function load()
  if T then return T end
  norm = core.normalizer(NORM)
  T = { month = {}, weekday = {}, day = {}, dir = {}, mod = {}, unit = {}, era = {}, ordinal = {}, tense = {}, decade = {},
    tense_prefix = {}, _PREPS = PREPS, _BLOCKERS = BLOCKERS }
  local greg, hij = {}, {}
  for _, r in ipairs(read_tsv("months.tsv")) do
    local key = N(r.name)
    local note = r.note or ""
    local info = { month = tonumber(r.month), calendar = r.calendar, system = r.system }
    if note:find("historical") then
      info.level = "strict" -- common words: only with a day and a year
    elseif note:find("common word") then
      info.level = "word" -- صفر 'zero': needs a day, a year, شهر, a modifier or a direction
    elseif note:find("ambiguous") then
      info.level = key == N("آب") and "strict" or "ambiguous"
    end
    T.month[key] = info
    if key:find(" [0-9]$") then T.month[(key:gsub(" ", ""))] = info end -- تشرين2
    if r.calendar == "hijri" then hij[#hij + 1] = key else greg[#greg + 1] = key end
  end
  for _, r in ipairs(read_tsv("weekdays.tsv")) do T.weekday[N(r.name)] = tonumber(r.weekday) end
  local words = { day = {}, dir = {}, mod = {}, unit = {}, era = {}, ordinal = {}, tense = {}, decade = {} }
  local kinds = { day = "day", direction = "dir", mod = "mod", unit = "unit", era = "era", ordinal = "ordinal", tense = "tense",
    decade = "decade" }
  for _, r in ipairs(read_tsv("relative.tsv")) do
    local k = kinds[r.kind]
    if k == "tense" and r.word:sub(-1) == "*" then
      T.tense_prefix[#T.tense_prefix + 1] = N(r.word:sub(1, -2))
    elseif k then
      local key = N(r.word)
      T[k][key] = tonumber(r.value) or r.value
      local list = words[k]
      list[#list + 1] = key
    end
  end
  -- the bare era letters ه and م and the words هذا/هذه, عام, يوم are
  -- handled by the patterns themselves
  local function only(list, pred)
    local out = {}
    for _, w in ipairs(list) do if pred(w) then out[#out + 1] = w end end
    return out
  end
  -- the word lists of the patterns (T.word_lists: for spec/dates_quick_spec.lua)
  T.word_lists = {
    MONTH = (function() local a = {} for _, w in ipairs(greg) do a[#a + 1] = w end for _, w in ipairs(hij) do a[#a + 1] = w end return a end)(),
    WD = (function() local a = {} for w in pairs(T.weekday) do a[#a + 1] = w end return a end)(),
    DAYW = words.day,
    DIR = only(words.dir, function(w) return w ~= N("هذا") and w ~= N("هذه") end),
    MOD = words.mod,
    UNIT = only(words.unit, function(w) return w ~= N("يوم") end),
    -- an era's final period stays outside the span: it is often the full stop
    ERA = only(words.era, function(w) return (#w > 2 or w:find("%.")) and w:sub(-1) ~= "." end),
    ORD = only(words.ordinal, function(w) return T.ordinal[w] ~= "teen" end),
    DEC = words.decade,
  }
  local A = {}
  for k, list in pairs(T.word_lists) do A[k] = alternation(list) end
  -- a word boundary that also stops at digits and Latin letters
  local B0 = "(?<![\\p{L}\\p{N}\\p{M}])"
  local B1 = "(?![\\p{L}\\p{N}\\p{M}])"
  local CL = "(?:[وفبل]|وب|ول|فب|فل)?" -- attached proclitics, kept outside
  local ERA = "(?:" .. A.ERA .. "|[هم](?![\\p{L}\\p{N}]))"
  local DAY = "(?:[0-2]?[0-9]|3[01])(?![0-9])"
  local YEAR = "[0-9]{4}(?![0-9])"
  local SEP = "\\s*[-/.]?\\s*"
  local YSEP = "\\s*[-/.,]?\\s*" -- before a year: 10 يناير، 2024
  local WDPART = "(?:(?:يوم\\s+)?(?<wd>" .. A.WD .. ")\\s*,?\\s*)?"
  local MPAIR = "(?:\\s*(?:/|\\()\\s*(?<m2>" .. A.MONTH .. ")\\s*\\)?)?" -- كانون الثاني/يناير, (يناير)
  -- the year after a month: 2024, ، 2024, عام 2024, من عام 2024, من العام
  -- الماضي / من هذا العام (relative to the reference)
  local function ytail(sep, y)
    return "(?:(?:" .. sep .. "|\\s+(?:من\\s+(?:(?:عام|العام|سنه)\\s+)?|(?:عام|العام|سنه)\\s+))(?<" .. y .. ">" .. YEAR ..
      "|[0-9]{1,4}(?=\\s*" .. ERA .. "))|\\s+من\\s+(?:(?:العام|السنه)\\s+(?<ydir>" .. A.DIR ..
      ")|(?<ythis>هذا|هذه)\\s+(?:العام|السنه)))"
  end
  local patterns = {
    -- numeric: 10/1/2024, 10-01-2024, 10.1.2024, and ISO 2024-01-10
    { kind = "numeric", re = B0 .. CL .. "(?<s>" .. WDPART .. "(?<d>" .. DAY .. ")\\s*(?<sep>[-/.])\\s*(?<mo>0?[1-9]|1[0-2])\\s*\\k<sep>\\s*(?<y>" .. YEAR .. ")(?:\\s*(?<era>" .. ERA .. "))?)" .. B1 },
    { kind = "iso", re = B0 .. CL .. "(?<s>(?<y>" .. YEAR .. ")(?<sep>[-/.])(?<mo>0?[1-9]|1[0-2])\\k<sep>(?<d>" .. DAY .. "))" .. B1 },
    -- ranges: 10 - 12 يناير 2024, من 10 إلى 12 يناير, بين 4 و6 مارس
    { kind = "range", re = B0 .. CL .. "(?<s>(?<d>" .. DAY .. ")\\s*(?:-|–|الي|حتي|لغايه|و)\\s*(?<d2>" .. DAY .. ")\\s*(?<m>" .. A.MONTH .. ")(?:\\s*/\\s*(?<m2>" .. A.MONTH .. "))?(?:" .. SEP .. "(?<y>" .. YEAR .. "))?(?:\\s*(?<era>" .. ERA .. "))?)" .. B1 },
    { kind = "range2", re = B0 .. CL .. "(?<s>(?<d>" .. DAY .. ")\\s*(?<m>" .. A.MONTH .. ")(?:" .. SEP .. "(?<y>" .. YEAR .. "))?\\s*(?:-|–|الي|حتي|لغايه)\\s*(?<d2>" .. DAY .. ")\\s*(?<m3>" .. A.MONTH .. ")(?:" .. SEP .. "(?<y2>" .. YEAR .. "))?)" .. B1 },
    -- day month [year] [era]: الإثنين 17 نوفمبر 2025, 16-مارس-2024, 4 فبراير2025,
    -- 10 كانون الثاني/يناير 2024, 15 رجب 1445 هـ, 15 مارس الجاري
    { kind = "dmy", re = B0 .. CL .. "(?<s>" .. WDPART .. "(?<d>" .. DAY .. ")" .. SEP .. "(?<m>" .. A.MONTH .. ")" .. MPAIR .. "(?:" .. ytail(YSEP, "y") .. ")?(?:\\s*(?<era>" .. ERA .. "))?(?:\\s+(?<dir>" .. A.DIR .. "))?)" .. B1 },
    -- an ordinal day (or الـ15) of a month: الأول من محرم, العاشر من ذي الحجة 1445هـ,
    -- النصف من شعبان, الخامس والعشرين من ديسمبر/كانون الأول, ليلة السابع والعشرين من رمضان
    { kind = "ordinal", re = B0 .. CL .. "(?<s>(?:(?<part>صباح|مساء|ظهر|عصر|ليله|فجر|يوم|اليوم)\\s+)?(?:(?<wd>" .. A.WD .. ")\\s*,?\\s*)?(?:(?<o1>" .. A.ORD .. ")(?:\\s+(?<teen>عشر)|\\s+و\\s*(?<o2>" .. A.ORD .. "))?|ال\\s*(?<d>" .. DAY .. "))\\s+من\\s+(?:(?<shahr>شهر)\\s+)?(?<m>" .. A.MONTH .. ")" .. MPAIR .. "(?:" .. ytail(YSEP, "y") .. ")?(?:\\s*(?<era>" .. ERA .. "))?(?:\\s+(?<dir>" .. A.DIR .. "))?)" .. B1 },
    -- a range of months: كانون الأول 2023 حتى شباط 2024, (بين) يناير ومارس 2024,
    -- أكتوبر إلى ديسمبر, مايو حتى أغسطس المقبل
    { kind = "mrange", re = B0 .. CL .. "(?<s>(?:شهر\\s+)?(?<m>" .. A.MONTH .. ")(?:\\s*/\\s*(?<m2>" .. A.MONTH .. "))?(?:" .. YSEP .. "(?<y>" .. YEAR .. "))?\\s*(?:-|–|الي|حتي|لغايه|(?<conj>و))\\s*(?:شهر\\s+)?(?<m3>" .. A.MONTH .. ")(?:\\s*/\\s*(?<m4>" .. A.MONTH .. "))?(?:" .. ytail(YSEP, "y2") .. "|\\s+(?<dir>" .. A.DIR .. "))?)" .. B1 },
    -- a range of years: عامي 2020 و2023, عام 2020 حتى عام 2023
    { kind = "yrange", re = B0 .. CL .. "(?<s>(?:عامي|سنتي)\\s+(?<ya>" .. YEAR .. ")\\s*(?:و|-|–|الي|حتي)\\s*(?<yb>" .. YEAR .. ")|(?:عام|العام|سنه)\\s+(?<yc>" .. YEAR .. ")\\s*(?:-|–|الي|حتي|لغايه)\\s*(?:(?:عام|العام|سنه)\\s+)?(?<yd>" .. YEAR .. "))" .. B1 },
    -- a half or quarter of a year: النصف الأول من 2023, الربع الثالث من العام الماضي
    { kind = "part", re = B0 .. CL .. "(?<s>(?<frac>النصف|الربع)\\s+(?<o1>" .. A.ORD .. ")\\s+من\\s+(?:(?:(?:عام|العام|سنه|السنه)\\s+)?(?<y>" .. YEAR .. ")|(?<unit>العام|السنه)\\s+(?<dir>" .. A.DIR .. ")|(?<this>هذا|هذه)\\s+(?<unit3>العام|السنه)))" .. B1 },
    -- a decade: الثمانينيات, منتصف التسعينيات من القرن الماضي
    { kind = "decade", re = B0 .. CL .. "(?<s>(?:(?<mod>" .. A.MOD .. ")\\s+)?(?:عقد\\s+)?(?<dec>" .. A.DEC .. ")(?:\\s+من\\s+القرن\\s+(?:الماضي|العشرين|ال20))?)" .. B1 },
    -- [mod] [شهر] month [/ month] [year | direction]: يناير 2024, يناير الماضي, أواخر مارس
    { kind = "my", re = B0 .. CL .. "(?<s>(?:(?<mod>" .. A.MOD .. ")\\s+)?(?:(?<shahr>شهر)\\s+)?(?<m>" .. A.MONTH .. ")(?:\\s*/\\s*(?<m2>" .. A.MONTH .. "))?(?:" .. ytail(SEP, "y") .. "(?:\\s*(?<era>" .. ERA .. "))?|\\s+(?<dir>" .. A.DIR .. "))?)" .. B1 },
    -- [mod] unit direction: العام الماضي, مطلع الشهر المقبل, الأسبوع المقبل
    { kind = "unit", re = B0 .. CL .. "(?<s>(?:(?<mod>" .. A.MOD .. ")\\s+)?(?<unit>" .. A.UNIT .. ")\\s+(?<dir>" .. A.DIR .. "|هذا|هذه)|(?<this>هذا|هذه)\\s+(?<unit3>" .. A.UNIT .. ")|(?<mod2>" .. A.MOD .. ")\\s+(?<unit2>العام|السنه|الشهر|الاسبوع)(?!\\s+(?:" .. A.DIR .. ")))" .. B1 },
    -- [mod] year: عام 2024, منتصف 2024, 1445 هـ, سنة 1950 م
    { kind = "year", re = B0 .. CL .. "(?<s>(?:(?<mod>" .. A.MOD .. ")\\s+)?(?:(?:عام|العام|سنه|السنه)\\s+)(?<y>" .. YEAR .. "|[0-9]{1,4}(?=\\s*" .. ERA .. "))(?:\\s*(?<era>" .. ERA .. "))?|(?:(?<mod2>" .. A.MOD .. ")\\s+)(?<y2>" .. YEAR .. ")(?:\\s*(?<era2>" .. ERA .. "))?|(?<y3>[0-9]{3,4})\\s*(?<era3>" .. ERA .. "))" .. B1 },
    -- relative day [weekday]: أمس الثلاثاء, اليوم, غدا; [daypart] weekday [direction]
    { kind = "rel", re = B0 .. CL .. "(?<s>(?:(?<part>صباح|مساء|ظهر|عصر|ليله|فجر)\\s+)?(?<day>" .. A.DAYW .. ")(?:\\s*,?\\s*(?<wd>" .. A.WD .. "))?)" .. B1 },
    { kind = "weekday", re = B0 .. CL .. "(?<s>(?:(?<part>صباح|مساء|ظهر|عصر|ليله|فجر)\\s+)?(?:يوم\\s+)?(?<wd>" .. A.WD .. ")(?:\\s+(?<dir>" .. A.DIR .. "))?)" .. B1 },
  }
  -- A pattern with the month alternation more than once (a range, a
  -- month/month pair) spells it once, as a group defined at the end and
  -- called where it stood: (?&M_) matches what the alternation matches,
  -- trying its words in the same order and backtracking into it as
  -- the alternation would (PCRE2 10.30 and later: calls are not atomic;
  -- the alternation has no groups of its own). The month range's pattern
  -- is 6.7 KB -> 2.6 KB and PCRE2 compiles and JIT-compiles it in half
  -- the time; the defined group comes last, so the numbers of the others
  -- stay, and it never matches by itself (re:exec_named leaves it out).
  local function share(re, alt, name)
    local parts, from, n = {}, 1, 0
    while true do
      local a, b = re:find(alt, from, true)
      if not a then break end
      parts[#parts + 1] = re:sub(from, a - 1)
      parts[#parts + 1] = "(?&" .. name .. ")"
      from, n = b + 1, n + 1
    end
    if n < 2 then return re end
    parts[#parts + 1] = re:sub(from)
    return table.concat(parts) .. "(?(DEFINE)(?<" .. name .. ">" .. alt .. "))"
  end
  -- (the same for the other word lists a pattern may spell twice)
  local shared = { { A.MONTH, "M_" }, { A.DIR, "D_" }, { ERA, "E_" }, { A.WD, "W_" }, { A.ORD, "O_" }, { A.MOD, "X_" } }
  -- (before 10.30 a call was atomic: an older PCRE2 gets the spelled-out
  -- patterns)
  local major, minor = tostring(core.pcre2_version):match("^(%d+)%.(%d+)")
  if not major or tonumber(major) * 100 + tonumber(minor) < 1030 then shared = {} end
  for _, p in ipairs(patterns) do
    p.flat = p.re -- for spec/dates_fast_spec.lua
    for _, sh in ipairs(shared) do p.re = share(p.re, sh[1], sh[2]) end
  end
  local digit_kinds = { numeric = true, iso = true, range = true, range2 = true, dmy = true, year = true, yrange = true }
  -- Gates that spare whole passes over a text (see month_gates in find):
  -- an ordinal day needs a month name after من, a range of months two month
  -- names close together (the "my" pattern, run first, finds them); the
  -- ranges of years, halves, quarters and decades run only where one regex
  -- finds their words (one pass instead of three).
  -- (T.trigger, compiled when first needed: the scan of every byte only)
  T.trigger_re = "النصف|الربع|ينات|ينيات|عامي|سنتي|(?:عام|العام|سنه)\\s+[0-9]{4}\\s*(?:-|–|الي|حتي|لغايه)"
  local trigger_kinds = { yrange = true, part = true, decade = true }
  -- Where each pattern can start: after B0 and an optional proclitic (CL),
  -- the first element of its (?<s>...) group, listed here by hand from the
  -- patterns above ("digit": an ASCII digit; a word of a list: its first
  -- word). One scan of the text (core.triggers) finds these places and a
  -- pattern is tried only there; spec/dates_gate_spec.lua checks that this
  -- finds what scanning every byte finds.
  local function firsts(...)
    local out = {}
    for i = 1, select("#", ...) do
      local v = select(i, ...)
      if type(v) == "table" then
        for _, w in ipairs(v) do out[#out + 1] = w end
      else
        out[#out + 1] = v
      end
    end
    return out
  end
  local L = {
    WD = (function() local a = {} for w in pairs(T.weekday) do a[#a + 1] = w end return a end)(),
    MONTH = (function() local a = {} for _, w in ipairs(greg) do a[#a + 1] = w end for _, w in ipairs(hij) do a[#a + 1] = w end return a end)(),
    ORD = only(words.ordinal, function(w) return T.ordinal[w] ~= "teen" end),
    DAYW = words.day, MOD = words.mod, DEC = words.decade,
    UNIT = only(words.unit, function(w) return w ~= N("يوم") end),
    PART6 = { "صباح", "مساء", "ظهر", "عصر", "ليله", "فجر" },
  }
  local FIRST = {
    numeric = firsts("يوم", L.WD, "digit"),
    iso = firsts("digit"),
    range = firsts("digit"),
    range2 = firsts("digit"),
    dmy = firsts("يوم", L.WD, "digit"),
    ordinal = firsts(L.PART6, "يوم", "اليوم", L.WD, L.ORD, "ال+digit"),
    mrange = firsts("شهر", L.MONTH),
    yrange = firsts("عامي", "سنتي", "عام", "العام", "سنه"),
    part = firsts("النصف", "الربع"),
    decade = firsts(L.MOD, "عقد", L.DEC),
    my = firsts(L.MOD, "شهر", L.MONTH),
    unit = firsts(L.MOD, L.UNIT, "هذا", "هذه"),
    year = firsts(L.MOD, "عام", "العام", "سنه", "السنه", "digit"),
    rel = firsts(L.PART6, L.DAYW),
    weekday = firsts(L.PART6, "يوم", L.WD),
  }
  -- The lists whose words a pattern may go on from with a letter (no
  -- white space between): ordinal's weekday (الاثنين الأول من ...: \s*,?\s*
  -- then an ordinal), a range of months' month (مارس و/الى ...: \s* then
  -- و or الي), rel's relative day (أمس الثلاثاء: \s*,?\s* then a
  -- weekday). After every other first word each pattern needs white space,
  -- punctuation, an ASCII digit or the end of the word (\s+, \s*[-/.]?,
  -- B1 ...): the scan reports those words only there (word_end), and so
  -- does not report أبو for آب or عامل for عام.
  local goes_on = { ordinal = { [L.WD] = true }, mrange = { [L.MONTH] = true }, rel = { [L.DAYW] = true } }
  local function ends(kind, ...)
    local out = {}
    for i = 1, select("#", ...) do
      local v = select(i, ...)
      local open = goes_on[kind] and goes_on[kind][v]
      for _, w in ipairs(type(v) == "table" and v or { v }) do
        if open then out[w] = false elseif out[w] == nil then out[w] = true end
      end
    end
    return out
  end
  local WORD_END = {
    numeric = ends("numeric", "يوم", L.WD), dmy = ends("dmy", "يوم", L.WD),
    ordinal = ends("ordinal", L.PART6, "يوم", "اليوم", L.WD, L.ORD),
    mrange = ends("mrange", "شهر", L.MONTH),
    yrange = ends("yrange", "عامي", "سنتي", "عام", "العام", "سنه"),
    part = ends("part", "النصف", "الربع"), decade = ends("decade", L.MOD, "عقد", L.DEC),
    my = ends("my", L.MOD, "شهر", L.MONTH), unit = ends("unit", L.MOD, L.UNIT, "هذا", "هذه"),
    year = ends("year", L.MOD, "عام", "العام", "سنه", "السنه"),
    rel = ends("rel", L.PART6, L.DAYW), weekday = ends("weekday", L.PART6, "يوم", L.WD),
    iso = {}, range = {}, range2 = {}, -- (digits only)
  }
  -- A digit starts a day (numeric, range, range2, dmy: one or two digits,
  -- [0-2]?[0-9]|3[01] and no digit after), an ISO date (four digits and
  -- - / .) or a year before its era (year: 1445 هـ, three or four digits);
  -- and what comes next, after white space (\s*) for all but ISO: a
  -- numeric date's separator, a range's dash or word, a month name's
  -- first letter (or a dmy's separator), an era's first letter.
  local function firsts_of(list)
    local seen, out = {}, {}
    for _, w in ipairs(list) do
      local c = w:match("^[%z\1-\127\194-\244][\128-\191]*")
      if c and not seen[c] then
        seen[c] = true
        out[#out + 1] = c
      end
    end
    return table.concat(out, "|")
  end
  local era_words = only(words.era, function() return true end)
  era_words[#era_words + 1], era_words[#era_words + 1] = "ه", "م"
  local DIGIT_RUN = {
    numeric = { 1, 2, "-|/|.", true },
    range = { 1, 2, firsts_of { "-", "–", "الي", "حتي", "لغايه", "و" }, true },
    range2 = { 1, 2, firsts_of(L.MONTH), true },
    dmy = { 1, 2, "-|/|.|" .. firsts_of(L.MONTH), true },
    iso = { 4, 4, "-|/|.", false },
    year = { 3, 4, firsts_of(era_words), true },
  }
  T.order_of = {} -- class mask -> the patterns of T.order with a class in it
  T.order = {}
  -- the words in order; word -> classes (and those that need the word to end)
  local word_bits, end_bits, digit_bits, al_digit_bits = {}, {}, {}, {}
  for i, p in ipairs(patterns) do
    p.idx = i
    p.needs_months = p.kind == "ordinal" or p.kind == "mrange"
    p.needs_trigger = trigger_kinds[p.kind]
    if p.kind == "my" then table.insert(T.order, 1, p) else T.order[#T.order + 1] = p end
    p.needs_digit = digit_kinds[p.kind]
    -- run_chunk reads the word before these kinds' candidates
    p.reads_before = p.kind == "ordinal" or p.kind == "mrange" or p.kind == "weekday" or p.kind == "rel"
    -- a day of these kinds that does not exist blocks the dates inside
    -- it: they are resolved when found, the others when chosen
    p.blocks = p.kind == "dmy" or p.kind == "numeric" or p.kind == "iso" or p.kind == "range"
    p.bit = 2 ^ (i - 1)
    if math.tointeger then p.bit = math.tointeger(p.bit) end
    -- (each first word once, with the classes of every pattern it starts:
    -- the set ORs the classes of a word added twice)
    for _, w in ipairs(assert(FIRST[p.kind], p.kind)) do
      local list = w == "digit" and digit_bits or w == "ال+digit" and al_digit_bits or word_bits
      if w ~= "digit" and w ~= "ال+digit" then
        -- (a name of several words: its first word, which white space
        -- follows, or a digit: تشرين 2)
        local first = w:match("^%S+")
        if first ~= w or WORD_END[p.kind][w] then list = end_bits end
        w = first
      elseif w == "digit" and DIGIT_RUN[p.kind] then
        w = p.kind -- a rule of its own
      end
      if not list[w] then
        list[#list + 1] = w
        list[w] = 0
      end
      if math.floor(list[w] / p.bit) % 2 == 0 then list[w] = list[w] + p.bit end -- OR
    end
    -- p.rx, p.names and p.s: compiled (compile) when the pattern is first
    -- tried, which is when the trigger scan first finds a place its kind
    -- can start (a text without ordinal days or ranges of months never
    -- pays for theirs: a third of the time the dates take to start)
  end
  -- The trigger set; coarse (for spec/dates_speed_paths_spec.lua): each
  -- word whatever follows it and every digit for every digit pattern, as
  -- before the word ends and digit runs were read.
  local function trigger_set(coarse)
    local set = core.triggers()
    for _, c in ipairs { "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل" } do set:clitic(c) end
    for _, w in ipairs(word_bits) do set:add(w, word_bits[w]) end
    for _, w in ipairs(end_bits) do set:add(w, end_bits[w], false, not coarse) end
    for _, w in ipairs(digit_bits) do
      local run = DIGIT_RUN[w]
      if run and not coarse then
        set:digits(digit_bits[w], run[1], run[2], run[3], run[4])
      else
        set:digits(digit_bits[w])
      end
    end
    for _, w in ipairs(al_digit_bits) do set:add("ال", al_digit_bits[w], true) end
    return set
  end
  T.triggers = trigger_set(false)
  T.coarse_triggers = function()
    T.coarse = T.coarse or trigger_set(true)
    return T.coarse
  end
  T.patterns = patterns
  -- re:exec_named itself (run_chunk calls it without the method's look-up
  -- through the regex's metatable, once a search)
  T.exec_named = core.regex("x").exec_named
  T.prep, T.block = {}, {}
  for _, w in ipairs(T._PREPS) do T.prep[N(w)] = true end
  for _, w in ipairs(T._BLOCKERS) do T.block[N(w)] = true end
  T.ord_block = {}
  for _, w in ipairs(ORD_BLOCKERS) do T.ord_block[N(w)] = true end
  T.compound_only = { [N("الحادي")] = true, [N("الواحد")] = true }
  T.alyawm, T.hatha, T.dhalik, T.nisf, T.bayna = N("اليوم"), N("هذا"), N("ذلك"), N("النصف"), N("بين")
  T.intro = {} -- words that introduce a day number: الموافق 10 صفر
  for _, w in ipairs { "الموافق", "يوم", "بتاريخ", "تاريخ", "يوافق" } do T.intro[N(w)] = true end
  T.links = {} -- (merge relies on no link having ASCII but . / ,)
  for _, w in ipairs { "الموافق", "الموافق ل", "الموافق لـ", "يوافق" } do T.links[N(w)] = true end
  return T
end

-- Umm al-Qura month starts, "year:month" -> { y, m, d } of its first day,
-- read when a Hijri date first needs them (most texts have none). The
-- file is generated (data/dates/ummalqura-gen.c): the rows are
-- hijri_year, hijri_month, gregorian YYYY-MM-DD, read in one pass over it.
local UAQ
local function uaq()
  if UAQ then return UAQ end
  UAQ = {}
  local path = data.path("dates/ummalqura.tsv")
  if path then
    local f = assert(io.open(path, "rb"))
    local content = f:read("*a") .. "\n"
    f:close()
    for hy, hm, y, m, d in content:gmatch("%f[^\n](%d+)\t(%d+)\t(%d+)%-(%d+)%-(%d+)\r?\n") do
      UAQ[hy .. ":" .. hm] = { tonumber(y), tonumber(m), tonumber(d) }
    end
  end
  return UAQ
end
M._uaq = uaq
M._read_tsv = read_tsv -- the spec's reference for the one-pass Umm al-Qura reading
-- A pattern's regex, compiled for re:exec with hits, with the names of
-- its groups (group number -> name: re:exec_named returns the named groups
-- that matched) and the number of its group s (the date's span: returned
-- as a span, not as a string in the groups).
local function compile(p)
  local rx = assert(core.regex(p.re, "", nil, nil, true))
  local _, names = rx:info()
  p.names = {}
  for name, idx in pairs(names) do
    if name ~= "s" then p.names[idx] = name end
  end
  p.s = names.s
  p.rx = rx
  return rx
end

-- for spec/dates_quick_spec.lua: the word lists and how they are written
M._word_lists = function() return load().word_lists end
M._alternation = alternation

-- for spec/dates_speed_paths_spec.lua: the trigger set and the coarse one
M._triggers = function()
  local t = load()
  return t.triggers, t.coarse_triggers()
end

-- for spec/dates_fast_spec.lua: the patterns, every one compiled
M._patterns = function()
  local patterns = load().patterns
  for _, p in ipairs(patterns) do
    if not p.rx then compile(p) end
  end
  return patterns
end

-- ---------------------------------------------------------- calendars

-- Floor division (Lua 5.1 has no //).
local floor = math.floor
local function idiv(a, b) return floor(a / b) end

-- Days from 1970-01-01 to a Gregorian date (proleptic), and back.
-- (floor(a / b) written out where idiv was: a Lua call each, five a day)
local function days_from_civil(y, m, d)
  y = m <= 2 and y - 1 or y
  local era = floor((y >= 0 and y or y - 399) / 400)
  local yoe = y - era * 400
  local doy = floor((153 * (m + (m > 2 and -3 or 9)) + 2) / 5) + d - 1
  local doe = yoe * 365 + floor(yoe / 4) - floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
end

local function civil_from_days(z)
  z = z + 719468
  local era = floor((z >= 0 and z or z - 146096) / 146097)
  local doe = z - era * 146097
  local yoe = floor((doe - floor(doe / 1460) + floor(doe / 36524) - floor(doe / 146096)) / 365)
  local y = yoe + era * 400
  local doy = doe - (365 * yoe + floor(yoe / 4) - floor(yoe / 100))
  local mp = floor((5 * doy + 2) / 153)
  local d = doy - floor((153 * mp + 2) / 5) + 1
  local m = mp + (mp < 10 and 3 or -9)
  return m <= 2 and y + 1 or y, m, d
end
M._days_from_civil, M._civil_from_days = days_from_civil, civil_from_days

local DAYS_IN_MONTH = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }
local function days_in_month(y, m)
  local dm = DAYS_IN_MONTH
  if m == 2 and (y % 4 == 0 and (y % 100 ~= 0 or y % 400 == 0)) then return 29 end
  return dm[m]
end

-- The days written lately: string.format costs more than the rest of a
-- date's value (emptied when full, so it stays small).
-- The months and years too: one number each, y * 10000 + m * 100 + d
-- with d = 0 for a month, m = d = 0 for a year (0 <= m * 100 + d < 10000:
-- the number gives y, m and d back).
local iso_days, iso_n = {}, 0
local function iso(y, m, d)
  local k
  if y % 1 == 0 and (not m or (m >= 1 and m <= 12 and (not d or (d >= 1 and d <= 31)))) then
    k = y * 10000 + (m or 0) * 100 + (d or 0)
    local v = iso_days[k]
    if v then return v end
  end
  local v
  if d then
    v = ("%04d-%02d-%02d"):format(y, m, d)
  elseif m then
    v = ("%04d-%02d"):format(y, m)
  else
    v = ("%04d"):format(y)
  end
  if k then
    if iso_n >= 4096 then iso_days, iso_n = {}, 0 end
    iso_days[k], iso_n = v, iso_n + 1
  end
  return v
end

-- The yearless values "XXXX-mm" and "XXXX-mm-dd" (a month's number
-- m * 100 + d, d = 0 for the month alone), made once each.
local xxxx = {}
local function iso_yearless(m, d)
  local k
  if m % 1 == 0 and m >= 1 and m <= 12 and (not d or (d % 1 == 0 and d >= 1 and d <= 99)) then
    k = m * 100 + (d or 0)
    local v = xxxx[k]
    if v then return v end
  end
  local v
  if d then v = ("XXXX-%02d-%02d"):format(m, d) else v = ("XXXX-%02d"):format(m) end
  if k then xxxx[k] = v end -- (at most 1,200)
  return v
end

-- Arithmetic (tabular) Islamic calendar: the day number of 1 Muharram 1 AH
-- is the Julian 16 July 622.
local ISLAMIC_EPOCH = days_from_civil(622, 7, 19)

local function hijri_to_days_tabular(y, m, d)
  return d + math.ceil(29.5 * (m - 1)) + (y - 1) * 354 + idiv(3 + 11 * y, 30) + ISLAMIC_EPOCH - 1
end

--- Gregorian days of a Hijri date: Umm al-Qura table when it covers the
-- year (exact = true), else the arithmetic calendar.
local function hijri_to_days(y, m, d)
  local t = uaq()[y .. ":" .. m]
  if t then return days_from_civil(t[1], t[2], t[3]) + d - 1, true end
  return hijri_to_days_tabular(y, m, d), false
end
M._hijri_to_days = hijri_to_days

--- The Hijri date (y, m, d) of a Gregorian day number.
local function days_to_hijri(z)
  local y = math.floor((z - ISLAMIC_EPOCH) / 354.36707) + 1
  local m = 1
  -- step to the month whose start is the last one at or before z
  while hijri_to_days(y, 1, 1) > z do y = y - 1 end
  while hijri_to_days(y + 1, 1, 1) <= z do y = y + 1 end
  while m < 12 and hijri_to_days(y, m + 1, 1) <= z do m = m + 1 end
  return y, m, z - hijri_to_days(y, m, 1) + 1
end
M._days_to_hijri = days_to_hijri

local function hijri_month_length(y, m)
  local a = uaq()[y .. ":" .. m]
  local ny, nm = y, m + 1
  if nm > 12 then ny, nm = y + 1, 1 end
  local b = uaq()[ny .. ":" .. nm]
  if a and b then return days_from_civil(b[1], b[2], b[3]) - days_from_civil(a[1], a[2], a[3]) end
  return hijri_to_days_tabular(ny, nm, 1) - hijri_to_days_tabular(y, m, 1)
end

-- ISO week of a day number.
local function iso_week(z)
  local y = civil_from_days(z)
  local wd = (z + 3) % 7 + 1 -- 1 = Monday (1970-01-01 was a Thursday)
  local thursday = z - wd + 4
  local ty = civil_from_days(thursday)
  local jan1 = days_from_civil(ty, 1, 1)
  return ("%04d-W%02d"):format(ty, idiv(thursday - jan1, 7) + 1), y
end

local function weekday_of(z) return (z + 3) % 7 + 1 end

-- ---------------------------------------------------------- resolving

local function num(s) return s and tonumber(s) end

-- A matched word as a table key: the patterns join the words of a name with
-- \s+, which in PCRE2's Unicode mode is any White_Space character, so every
-- such run becomes one ASCII space (U+0085, U+00A0, U+1680, U+2000-U+200A,
-- U+2028, U+2029, U+202F, U+205F, U+3000; Lua's %s has the ASCII ones).
local function key_of_uncached(s)
  -- most keys have no white space but single spaces: nothing to do
  if not s:find("[\194\225\226\227\t\n\v\f\r]") and not s:find("  ", 1, true) then return s end
  s = s:gsub("\226\128[\128-\138\168\169\175]", " "):gsub("\226\129\159", " ")
  s = s:gsub("\227\128\128", " "):gsub("\225\154\128", " "):gsub("\194[\133\160]", " ")
  return (s:gsub("%s+", " "))
end
M._key_of_uncached = key_of_uncached

-- The keys of the words seen lately: a text repeats a few dozen month,
-- unit and direction words (emptied when full, so it stays small).
local keys, nkeys = {}, 0
local function key_of(s)
  if not s then return nil end
  local k = keys[s]
  if k then return k end
  k = key_of_uncached(s)
  if nkeys >= 4096 then keys, nkeys = {}, 0 end
  keys[s], nkeys = k, nkeys + 1
  return k
end
M._key_of = key_of

-- The day an ordinal names: الخامس 5, الحادي عشر 11, الخامس والعشرين 25,
-- النصف 15; nil for a combination that names no day.
local function ordinal_day(t, g)
  if g.d then return num(g.d) end
  local a = t.ordinal[key_of(g.o1)]
  if type(a) ~= "number" then return nil end
  if g.teen then return a <= 9 and a + 10 or nil end
  if g.o2 then
    local b = t.ordinal[key_of(g.o2)]
    if a > 9 or (b ~= 20 and b ~= 30) then return nil end
    return a + b
  end
  if t.compound_only[key_of(g.o1)] then return nil end -- الحادي alone
  return a
end

-- The helpers of resolve are plain functions (not closures made on each
-- call): resolve runs once per candidate.

-- The year of month mm (of calendar c) that the reference ref (its day
-- number refz) implies: the last one before it (direction -1), the next
-- one (+1), the current one (0), or with no direction the one that puts
-- the month nearest.
local function month_year(ref, refz, c, mm, dd)
  if c == "hijri" then
    local hy, hm = days_to_hijri(refz)
    if dd ~= nil then
      return hy + ((dd < 0 and mm >= hm) and -1 or (dd > 0 and mm <= hm) and 1 or 0)
    end
    local diff = mm - hm
    return hy + (diff > 6 and -1 or diff < -6 and 1 or 0)
  end
  if dd ~= nil then
    return ref[1] + ((dd < 0 and mm >= ref[2]) and -1 or (dd > 0 and mm <= ref[2]) and 1 or 0)
  end
  local diff = mm - ref[2]
  return ref[1] + (diff >= 6 and -1 or diff < -6 and 1 or 0)
end

-- A month as a value; a Hijri one also gets its Gregorian days a/b.
local function month_value(c, yy, mm)
  if not yy then return iso_yearless(mm) end
  if c == "hijri" then
    local z = hijri_to_days(yy, mm, 1)
    local z2 = z + hijri_month_length(yy, mm) - 1
    local a1, a2, a3 = civil_from_days(z)
    local b1, b2, b3 = civil_from_days(z2)
    return iso(yy, mm), iso(a1, a2, a3), iso(b1, b2, b3)
  end
  return iso(yy, mm)
end

-- The day yy-mm-dd (calendar cal) into r: value, grain, its day number
-- r._z (the year from the reference when yy is nil); false when there is
-- no such day.
local function set_day(r, cal, ref, refz, yy, mm, dd)
  if dd < 1 then return false end -- "0 مارس": the pattern's day takes 0 and 00
  if cal == "hijri" then
    if not yy and refz then
      local hy, hm = days_to_hijri(refz)
      local diff = mm - hm
      yy = hy + (diff > 6 and -1 or diff < -6 and 1 or 0)
      r.year_inferred = true
    end
    if not yy then
      r.value = iso_yearless(mm, dd)
      r.grain = "day"
      return true
    end
    if dd > 30 then return false end
    r.value = iso(yy, mm, dd)
    local z, exact = hijri_to_days(yy, mm, dd)
    local gy, gm, gd = civil_from_days(z)
    r.gregorian = iso(gy, gm, gd)
    r.exact = exact
    r.grain = "day"
    r._z = z
    return true
  end
  -- a yearless day must exist in some year (2000 is a leap year): no
  -- 30 February, no 31 April
  if dd > days_in_month(yy or 2000, mm) then return false end
  if not yy then
    if refz then
      -- the year that puts the date nearest the reference
      local best, bestd
      for cy = ref[1] - 1, ref[1] + 1 do
        if dd <= days_in_month(cy, mm) then
          local z = days_from_civil(cy, mm, dd)
          if not bestd or math.abs(z - refz) < bestd then best, bestd = cy, math.abs(z - refz) end
        end
      end
      yy = best
      r.year_inferred = true
    else
      r.value = iso_yearless(mm, dd)
      r.grain = "day"
      return true
    end
  end
  r.value = iso(yy, mm, dd)
  r.grain = "day"
  r._z = days_from_civil(yy, mm, dd)
  return true
end

--- The result table for one match; nil when it is not a date after all.
-- g: its named groups (but s), name -> text; text[sa, sb]: its span (the
-- group s) in the normalized text.
local function resolve(kind, g, ref, text, sa, sb)
  local t = T or load()
  -- a month name without a year or a reference (في مارس, كانون الثاني/يناير,
  -- مارس المقبل), the commonest date: what the general path below makes
  -- of it (the direction counts only from a reference, shahr only for the
  -- months that need company: not these), made at once, with room for the
  -- fields run_chunk adds (and relative, which run_chunk sets for a value
  -- that is nil or has no year, set here: these know it)
  local quick = not ref and not M._general -- (spec/dates_quick_spec.lua compares them)
  if kind == "my" and quick and not (g.mod or g.y or g.ydir or g.ythis or g.era) then
    local month, gm, gm2 = t.month, g.m, g.m2
    local m1 = gm and month[keys[gm] or key_of(gm)]
    local m2 = gm2 and month[keys[gm2] or key_of(gm2)]
    if m1 and m1.level == nil and (m2 or not gm2) then
      local r = { kind = kind, calendar = m1.calendar == "hijri" and "hijri" or "gregorian", value = iso_yearless(m1.month),
        grain = "month", mod = nil, first = nil, last = nil, text = nil, relative = true }
      if m2 and (m2.month ~= m1.month or m1.calendar ~= m2.calendar) then r.conflict = true end
      return r
    end
  end
  -- a day of a Gregorian month without a reference (15 مارس, 10 يناير 2024,
  -- الخميس 10 يناير 2024): the same, as set_day and the end of the general
  -- path make it
  if kind == "dmy" and quick and not (g.era or g.ydir or g.ythis) then
    local month, gm, gm2 = t.month, g.m, g.m2
    local m1 = gm and month[keys[gm] or key_of(gm)]
    local m2 = gm2 and month[keys[gm2] or key_of(gm2)]
    if m1 and m1.level == nil and m1.calendar ~= "hijri" and (m2 or not gm2) then
      local mm, dd, yy = m1.month, tonumber(g.d), g.y and tonumber(g.y)
      if not dd or dd < 1 or dd > days_in_month(yy or 2000, mm) then return nil end
      local r = { kind = kind, calendar = "gregorian", value = nil, grain = "day", mod = nil, first = nil, last = nil,
        text = nil, relative = not yy or nil }
      if m2 and (m2.month ~= m1.month or m1.calendar ~= m2.calendar) then r.conflict = true end
      local z
      if yy then
        r.value = iso(yy, mm, dd)
        z = days_from_civil(yy, mm, dd)
        r._z = z
      else
        r.value = iso_yearless(mm, dd)
      end
      local gwd = g.wd
      local wd = gwd and t.weekday[keys[gwd] or key_of(gwd)]
      if wd then
        r._wd = wd
        if z and weekday_of(z) ~= wd then r.conflict = true end
      end
      if yy then r.resolved = true end
      return r
    end
  end
  -- a relative day or a unit without a reference (أمس, الأسبوع المقبل): an
  -- offset, as the general path gives it
  if kind == "rel" and quick then
    local off = t.day[key_of(g.day)]
    if not off then return nil end
    local gwd = g.wd
    local wd = gwd and t.weekday[keys[gwd] or key_of(gwd)]
    local r = { kind = kind, calendar = "gregorian", offset = off, grain = "day", _wd = wd, mod = nil, first = nil,
      last = nil, text = nil, relative = true }
    return r
  end
  if kind == "unit" and quick then
    local gmod, gdir = g.mod or g.mod2, g.dir
    local mod = gmod and t.mod[key_of(gmod)]
    if mod == "DAY1" then return nil end
    local dir = gdir and t.dir[keys[gdir] or key_of(gdir)]
    local off = dir or 0
    if gdir == "هذا" or gdir == "هذه" then off = 0 end
    return { kind = kind, calendar = "gregorian", mod = mod or (g.mod2 and t.mod[key_of(g.mod2)]) or nil,
      grain = t.unit[key_of(g.unit or g.unit2 or g.unit3)], offset = off, first = nil, last = nil, text = nil,
      relative = true }
  end
  -- nine fields named, some of those a date gets here and in run_chunk:
  -- the table is made with room for sixteen, as many as most dates get,
  -- and not grown four times (a field set to nil costs a search: no more)
  local r = { kind = kind, calendar = nil, mod = nil, value = nil, grain = nil, gregorian = nil, first = nil, last = nil,
    text = nil }
  local month = t.month
  -- (keys[w] or key_of(w): the words seen lately without a call)
  local m1, m2, m3, m4 = g.m and month[keys[g.m] or key_of(g.m)], g.m2 and month[keys[g.m2] or key_of(g.m2)],
    g.m3 and month[keys[g.m3] or key_of(g.m3)], g.m4 and month[keys[g.m4] or key_of(g.m4)]
  -- a month the pattern matched but the table does not know is no date
  -- (never an error)
  if (g.m and not m1) or (g.m2 and not m2) or (g.m3 and not m3) or (g.m4 and not m4) then return nil end
  -- (g stays as matched: run_chunk resolves it again without the reference)
  local gd, gy2 = g.d, g.y2
  local ordinal = kind == "ordinal"
  if ordinal then
    -- an ordinal day of a month resolves as "day month [year]"
    gd = ordinal_day(t, g)
    if not gd then return nil end
    kind = "dmy"
  end
  local d, d2 = gd and tonumber(gd), g.d2 and tonumber(g.d2)
  local y = (g.y and tonumber(g.y)) or (g.y2 and tonumber(g.y2)) or (g.y3 and tonumber(g.y3))
  local era_word = g.era or g.era2 or g.era3
  if era_word then era_word = key_of(era_word) end
  local era = era_word and (t.era[era_word] or t.era[era_word:gsub("%.$", "")] or
    (era_word:sub(1, 2) == "ه" and "hijri") or "gregorian")
  local dir = g.dir and t.dir[keys[g.dir] or key_of(g.dir)]
  local mod = (g.mod or g.mod2) and t.mod[key_of(g.mod or g.mod2)]
  local wd = g.wd and t.weekday[keys[g.wd] or key_of(g.wd)]
  local cal = "gregorian"
  if m1 and m1.calendar == "hijri" then cal = "hijri" end
  if era == "hijri" then cal = "hijri" end
  if m2 and m1 and (m2.month ~= m1.month or m1.calendar ~= m2.calendar) then r.conflict = true end
  if m4 and m3 and (m4.month ~= m3.month or m3.calendar ~= m4.calendar) then r.conflict = true end
  if not y and (g.ydir or g.ythis) then
    -- من العام الماضي, من هذا العام: the reference's year (Hijri year for a Hijri month)
    local off = g.ythis and 0 or t.dir[key_of(g.ydir)]
    if off and ref then
      local base = ref[1]
      if cal == "hijri" then base = days_to_hijri(days_from_civil(ref[1], ref[2], ref[3])) end
      y = base + off
      if kind == "mrange" then gy2 = y end
    end
    dir = dir or off or 0
  end
  local company = y or dir or mod or g.shahr
  if mod == "DAY1" then
    if kind ~= "my" or not m1 then return nil end
    d, mod = 1, nil
  end
  if mod ~= nil then r.mod = mod end -- (a nil field set where there is none costs a search)
  r.calendar = cal

  -- ambiguous month words need date company
  if m1 and (kind == "my") then
    local level = m1.level
    if level == "strict" and not (d and y) then return nil end
    if level == "word" and not company then return nil end
    if level == "ambiguous" and not company and not g.prep then return nil end
    if level == "ambiguous" and not company and g.blocked then return nil end
  end
  if m1 and m1.level == "strict" and kind == "dmy" and not y then return nil end
  -- "3 صفر", "2-صفر" are scores: a day of صفر needs a year, or a weekday
  -- or a preposition (في، الموافق …) before the day and nothing between
  -- day and month
  if m1 and m1.level == "word" and kind == "dmy" and not ordinal and not y and
    not ((g.prep or g.intro or wd) and not text:sub(sa, sb):find("[0-9]%s*[-/.]")) then
    return nil
  end

  -- (the reference's day number, worked out once per parsed reference)
  local refz = ref and ref.z
  if ref and not refz then
    refz = days_from_civil(ref[1], ref[2], ref[3])
    ref.z = refz
  end
  if kind == "numeric" or kind == "iso" then
    local mo = num(g.mo)
    if era == "hijri" then cal = "hijri"; r.calendar = "hijri" end
    if not set_day(r, cal, ref, refz, y, mo, d) then return nil end
  elseif kind == "dmy" then
    local yy = y
    if not yy and dir ~= nil and refz and cal == "gregorian" then
      -- 15 مارس الجاري / المقبل / الماضي
      yy = ref[1]
      if dir > 0 and m1.month < ref[2] then yy = yy + 1 end
      if dir < 0 and m1.month > ref[2] then yy = yy - 1 end
    end
    if not set_day(r, cal, ref, refz, yy, m1.month, d) then return nil end
  elseif kind == "range" or kind == "range2" then
    local ma = m1
    local mb = kind == "range2" and m3 or m1
    if not mb then return nil end
    if (ma.calendar == "hijri") ~= (mb.calendar == "hijri") then return nil end
    local ya, yb = num(g.y), num(g.y2) or num(g.y)
    local later = ma.month > mb.month or (ma.month == mb.month and d > d2)
    -- 28 ديسمبر إلى 3 يناير 2024: the first day is in the year before
    if not ya and yb then ya = later and yb - 1 or yb end
    if not set_day(r, cal, ref, refz, ya, ma.month, d) then return nil end
    local first, firstz, firstg = r.value, r._z, r.gregorian
    if not yb and find(r.value, "XXXX", 1, true) ~= 1 then
      yb = tonumber(r.value:sub(1, 4)) + (later and 1 or 0)
    end
    if not set_day(r, cal, ref, refz, yb, mb.month, d2) then return nil end
    if firstz and r._z and r._z < firstz then return nil end
    r.value = first .. "/" .. r.value
    if firstg and r.gregorian then r.gregorian = firstg .. "/" .. r.gregorian end
    r.grain = "range"
  elseif kind == "mrange" then
    if not m3 or (m1.calendar == "hijri") ~= (m3.calendar == "hijri") then return nil end
    local ma, mb = m1.month, m3.month
    local ya, yb = num(g.y), num(gy2)
    if not yb and dir ~= nil and refz then yb = month_year(ref, refz, cal, mb, dir) end
    if not ya and yb then ya = ma <= mb and yb or yb - 1 end
    if not ya and refz then
      ya = month_year(ref, refz, cal, ma)
      r.year_inferred = true
    end
    if ya and not yb then yb = ma <= mb and ya or ya + 1 end
    if ya and ya * 12 + ma >= yb * 12 + mb then return nil end
    local va, ga = month_value(cal, ya, ma)
    local vb, _, gb = month_value(cal, yb, mb)
    r.value = va .. "/" .. vb
    if ga and gb then r.gregorian = ga .. "/" .. gb end
    r.grain = "range"
  elseif kind == "decade" then
    local dec = t.decade[key_of(g.dec)]
    if not dec then return nil end
    r.value = tostring(dec)
    r.grain = "decade"
  elseif kind == "yrange" then
    local ya, yb = num(g.ya or g.yc), num(g.yb or g.yd)
    if not ya or not yb or ya >= yb then return nil end
    r.value = iso(ya) .. "/" .. iso(yb)
    r.grain = "range"
  elseif kind == "part" then
    local n = t.ordinal[key_of(g.o1)]
    local half = key_of(g.frac) == t.nisf
    if type(n) ~= "number" or n < 1 or n > (half and 2 or 4) then return nil end
    local yy = num(g.y)
    if not yy then
      local off = g.this and 0 or dir
      if off == nil then return nil end
      if not refz then
        r.grain, r.offset = half and "half" or "quarter", off
        return r
      end
      yy = ref[1] + off
    end
    r.value = ("%04d-%s%d"):format(yy, half and "H" or "Q", n)
    r.grain = half and "half" or "quarter"
  elseif kind == "my" then
    local mm = m1.month
    local yy = y
    if not yy and dir ~= nil and refz and cal == "gregorian" then yy = month_year(ref, refz, cal, mm, dir) end
    if d then
      if not set_day(r, cal, ref, refz, yy, mm, d) then return nil end
    else
      if not yy and refz then
        yy = month_year(ref, refz, cal, mm, dir)
        r.year_inferred = true
      end
      local v, ga, gb = month_value(cal, yy, mm)
      r.value = v
      if ga then r.gregorian = ga .. "/" .. gb end
      r.grain = "month"
    end
  elseif kind == "unit" then
    local unit = t.unit[key_of(g.unit or g.unit2 or g.unit3)]
    local off = dir or 0
    if g.dir == "هذا" or g.dir == "هذه" then off = 0 end
    r.mod = mod or (g.mod2 and t.mod[key_of(g.mod2)]) or nil
    if not refz then
      r.grain = unit
      r.offset = off
      return r
    end
    if unit == "year" then
      r.value = iso(ref[1] + off)
      r.grain = "year"
    elseif unit == "month" then
      local mm = ref[2] + off
      local yy = ref[1] + idiv(mm - 1, 12)
      mm = (mm - 1) % 12 + 1
      r.value = iso(yy, mm)
      r.grain = "month"
    elseif unit == "week" then
      r.value = iso_week(refz + 7 * off)
      r.grain = "week"
    else
      return nil
    end
  elseif kind == "year" then
    if era == "hijri" then
      r.calendar = "hijri"
      r.value = iso(y)
      local z = hijri_to_days(y, 1, 1)
      local z2 = hijri_to_days(y + 1, 1, 1) - 1
      local a1, a2, a3 = civil_from_days(z)
      local b1, b2, b3 = civil_from_days(z2)
      r.gregorian = iso(a1, a2, a3) .. "/" .. iso(b1, b2, b3)
    elseif era == "bc" then
      r.value = ("-%04d"):format(y - 1) -- ISO 8601 astronomical years
    else
      if not y then return nil end
      r.value = iso(y)
    end
    r.grain = "year"
  elseif kind == "rel" then
    local off = t.day[key_of(g.day)]
    if not off then return nil end
    if refz then
      local z = refz + off
      r.value = iso(civil_from_days(z))
      r._z = z
      if wd and weekday_of(z) ~= wd then r.conflict = true end
    else
      r.offset = off
    end
    r.grain = "day"
  elseif kind == "weekday" then
    if not wd then return nil end
    r.grain = "day"
    if refz then
      local cur = weekday_of(refz)
      local z
      if dir and dir < 0 then
        z = refz - ((cur - wd - 1) % 7 + 1)
      elseif dir and dir > 0 then
        z = refz + ((wd - cur - 1) % 7 + 1)
      elseif g.tense == "future" then
        z = refz + (wd - cur) % 7 -- on or after the reference
      else
        z = refz - (cur - wd) % 7 -- on or before it: news reports what happened
      end
      r.value = iso(civil_from_days(z))
      r._z = z
    else
      r.weekday = wd
      r.offset = dir
      local _ = text
    end
  end
  if wd then
    r._wd = wd
    -- a weekday written with a date must be that date's weekday
    if r._z and kind ~= "rel" and kind ~= "weekday" and weekday_of(r._z) ~= wd then r.conflict = true end
  end
  if r.value and refz == nil and find(r.value, "XXXX", 1, true) ~= 1 then r.resolved = true end
  return r
end

-- ------------------------------------------------------------ extract

local function parse_reference(v)
  if v == nil then return nil end
  if type(v) ~= "string" then return false end
  local y, m, d = v:match("^(%d%d%d%d)-(%d%d)-(%d%d)$")
  y, m, d = tonumber(y), tonumber(m), tonumber(d)
  if not y or m < 1 or m > 12 or d < 1 or d > days_in_month(y, m) then return false end
  return { y, m, d }
end

--- The options of find() and iter(), which the pipeline, the pandoc filter
-- and the command line take too.
M.OPTIONS = {
  -- the date relative expressions (أمس، الشهر المقبل) resolve against
  reference = args.custom("a date YYYY-MM-DD", function(v) return args.accept(parse_reference(v) ~= false, v) end),
  -- only the dates of these calendars ("gregorian", "hijri"; default both)
  calendars = args.custom('"gregorian", "hijri" or a list of them', function(v)
    local ok, list = args.strings.test(v)
    if not ok then return false end
    for _, c in ipairs(list) do
      if c ~= "gregorian" and c ~= "hijri" then return false end
    end
    return true, list
  end, args.strings.from_text),
}

-- Words before an ambiguous month that make it a date (في مارس), and words
-- that make it something else (سيارة نيسان, صلاة الجمعة).
PREPS = { "في", "منذ", "حتى", "خلال", "قبل", "بعد", "مطلع", "اواخر", "اوائل", "منتصف", "نهايه", "بدايه", "شهر", "من", "الى" }
BLOCKERS = { "سياره", "سيارات", "شركه", "مصنع", "موديل", "صلاه", "خطبه", "يوم" }
-- Nouns an ordinal describes (الأسبوع الأول من يناير, النصف الثاني من مارس):
-- after them "الأول من يناير" is no day.
ORD_BLOCKERS = { "الاسبوع", "الاسابيع", "الربع", "النصف", "الثلث", "العشر", "الشهر", "الجزء", "الدور", "الفصل",
  "الموسم", "العدد", "القسم", "المستوي", "الصف", "المركز", "اللقاء", "الاجتماع", "المؤتمر" }

-- The tense of the clause around a weekday, from the normalized text: the
-- nearest tense word (data/dates/relative.tsv, kind "tense") before it in
-- its sentence, else the first one after it (up to six words: "يوم الجمعة
-- اجتمع ..."), else "past". A word is a tense word as listed, or with و/ف
-- attached; a word of four letters or more that starts with سي/ست/سن
-- (سيزور, ستعقد, سنعمل) is a future verb unless it is a listed noun.
local function tense_word(t, w)
  local v = t.tense[w]
  if v == nil and #w > 6 and (w:sub(1, 2) == "و" or w:sub(1, 2) == "ف") then
    w = w:sub(3)
    v = t.tense[w]
  end
  if v ~= nil then return v ~= "none" and v or nil end
  local b = w:sub(1, 4)
  if (b == "سي" or b == "ست" or b == "سن") and #w >= 8 then
    for _, p in ipairs(t.tense_prefix) do
      if w:sub(1, #p) == p then return nil end
    end
    return "future"
  end
  return nil
end

local function words_of(seg)
  -- quotes and brackets are not part of a word
  seg = seg:gsub("\194[\171\187]", " "):gsub("\226\128[\156\157]", " ")
  local out = {}
  for w in seg:gmatch("[^%s%p]+") do out[#out + 1] = w end
  return out
end

local function tense_at(t, text, a, b)
  -- back to the last . ! ? or line break (at most 400 bytes), on to the next
  local lo = math.max(1, a - 400)
  local p = text:sub(lo, a - 1):match("^.*()[%.!%?\n]")
  local i = p and lo + p - 1 or lo - 1
  local before = words_of(text:sub(i + 1, a - 1))
  for k = #before, 1, -1 do
    local v = tense_word(t, before[k])
    if v then return v end
  end
  local hi = math.min(#text, b + 200)
  local q = text:sub(b + 1, hi):find("[%.!%?\n]")
  local j = q and b + q or hi + 1
  local after = words_of(text:sub(b + 1, j - 1))
  for k = 1, math.min(#after, 6) do
    local v = tense_word(t, after[k])
    if v then return v end
  end
  return "past"
end

local function word_before(text, pos)
  local before = text:sub(math.max(1, pos - 40), pos - 1)
  -- the last run of non-space (what "(%S+)%s*$" finds, without trying it
  -- at every byte)
  return before:match("^.*%s(%S+)%s*$") or before:match("^(%S+)%s*$")
end

-- Where the ordinal and month-range patterns need to start, from the month
-- names the "my" pattern found (start and end pairs): an ordinal day ends
-- with "من [شهر] month", at most 160 bytes after it starts (صباح يوم الأربعاء
-- الخامس والعشرين من شهر …); a range of months has two month names at most
-- 24 bytes apart (كانون الأول 2023 لغاية شهر شباط). No start: #text + 1.
-- months[1..nm]: the months' starts and ends; the ordinal's start and the
-- month range's.
local function month_gates(text, months, nm)
  local n = #text
  local ordinal, mrange = n + 1, n + 1
  -- q: the first من at or after the last place looked from (the months
  -- come in text order: the text is searched once, not 16 bytes a month)
  local q = 0
  for i = 1, nm, 2 do
    local a = months[i]
    if ordinal > n then
      local lo = a > 16 and a - 16 or 1
      if q < lo then q = find(text, N_MIN, lo, true) or n + 1 end
      -- من wholly in text[lo, a - 1]
      if q + #N_MIN - 1 <= a - 1 then ordinal = math.max(1, a - 160) end
    end
    if mrange > n and i + 2 <= nm and months[i + 2] - months[i + 1] <= 24 then
      mrange = math.max(1, a - 16)
    end
    if ordinal <= n and mrange <= n then break end -- both found: the rest changes nothing
  end
  return ordinal, mrange
end

-- Lazy iteration: the text is resolved one chunk at a time. A chunk ends
-- in the middle of a quiet zone, QUIET bytes on either side without a
-- trigger hit, at least CHUNK bytes after it starts. Dates start at hits,
-- so the month gates of a chunk (a day ordinal's 160 bytes before its
-- month, two months 24 bytes apart) never reach into another; a chunk
-- whose matches run past its end (through a long run of white space) is
-- made longer; and the last date of a chunk waits for the next one, which
-- may join it (الموافق). What a chunk reads around its dates (the word
-- before, the tense of the clause) comes from the whole normalized text.
-- So the dates are the same as those of one pass over the whole text
-- (M._full_scan; spec/dates_gate_spec.lua compares them).
local QUIET, CHUNK = 200, 16384

-- A text longer than WINDOW bytes is normalized and scanned a window at a
-- time, not whole (a copy and a map as long as the text, and a trigger
-- list, held while the loop runs: 160 MB at the peak for 52 MB). A window
-- holds the source from where the last one's chunks stopped (a chunk's
-- cut, in a quiet zone) to WINDOW bytes on, and at least BEHIND bytes of
-- normalized text before that place (what tense_at reads back, 400, and
-- word_before, 40); its chunks are resolved as long as they end AHEAD
-- bytes before its end (a margin: tense_at reads at most 200 bytes past a
-- date, and a match that runs to the window's end makes its chunk longer,
-- which then goes to the next window). The next window begins at the
-- first chunk not resolved; one that resolves none is made twice as long.
-- Windows begin after white space and end at it: a word is never cut, and
-- normalization (which looks no further than a character's neighbours)
-- gives each window the text the whole would have around the chunks it
-- resolves. Chunks give the dates of one pass over the whole text wherever
-- they are cut, so the windows do too (spec/dates_gate_spec.lua compares
-- them, with windows of a few hundred bytes: dates._window).
local WINDOW, BEHIND, AHEAD = 1048576, 512, 1024

-- The trigger hits of a normalized text (with the coarse set under the
-- test switch).
local function scan_triggers(t, text)
  return (M._coarse_triggers and t.coarse_triggers() or t.triggers):scan(text)
end

-- The first byte of the word at or before i in s (just after white space,
-- or 1), and the white space at or after i (or #s).
local function word_start(s, i)
  while i > 1 do
    local lo = i > 4096 and i - 4096 or 1
    local p = s:sub(lo, i - 1):match(".*()[ \t\n\r]")
    if p then return lo + p end
    i = lo
  end
  return 1
end

local function word_end(s, i) return find(s, "[ \t\n\r]", i) or #s end

-- Normalize and scan the window for the chunks from source byte st.cs on.
local function open_window(st)
  local s, cs, n = st.s, st.cs, #st.s
  local behind = 4 * BEHIND
  while true do
    local lo = cs > behind and word_start(s, cs - behind) or 1
    local hi = cs + st.wsize
    if hi >= n then hi = n else hi = word_end(s, hi) end
    local ws = s:sub(lo, hi)
    local text, map = norm:map(ws)
    local a0 = cs > lo and (map:target(cs - lo + 1)) or 1
    if lo == 1 or a0 > BEHIND then
      st.ws, st.base, st.text, st.map = ws, lo - 1, text, map
      st.hits = scan_triggers(st.t, text)
      st.hi = st.hits:index(a0)
      st.a, st.a0, st.reach = a0, a0, 0
      st.limit = hi < n and #text - AHEAD or nil
      -- the month gates set before: at or before every chunk from here
      if st.ordinal_from then st.ordinal_from = 1 end
      if st.mrange_from then st.mrange_from = 1 end
      return
    end
    behind = 2 * behind -- marks and tatweel normalized away: more text behind
  end
end

-- The chunks from normalized byte a of this window on go to the next
-- window (a longer one when none of this one's was resolved).
local function next_window(st, a)
  local cs = a > st.a0 and st.base + (st.map:source(a)) or st.cs
  if cs <= st.cs then
    st.wsize = 2 * st.wsize
  else
    st.cs = cs
  end
  open_window(st)
end

-- The reference of options, parsed once per string (resolve only reads it).
local ref_cache, ref_cached = {}, 0

-- The reference (parsed) and the calendars (a list or nil) of options.
local function check_options(opts, fname, level)
  if opts == nil then return nil end
  if type(opts) == "table" then
    -- the common call, { reference = "YYYY-MM-DD" }: a string seen before
    local k, v = next(opts)
    if k == nil then return nil end -- {}: the pipeline's, with no reference
    if k == "reference" and type(v) == "string" and next(opts, k) == nil then
      local r = ref_cache[v]
      if r then return r end
      r = parse_reference(v)
      if r then
        if ref_cached >= 256 then ref_cache, ref_cached = {}, 0 end
        ref_cache[v], ref_cached = r, ref_cached + 1
        return r
      end
    end
  end
  local o = args.check(opts, M.OPTIONS, fname, 2, level + 1)
  return parse_reference(o.reference), o.calendars
end

-- The dates of list whose calendar is one of calendars.
local function only_calendars(list, calendars)
  local want, out = {}, {}
  for _, c in ipairs(calendars) do want[c] = true end
  for _, d in ipairs(list) do
    if want[d.calendar] then out[#out + 1] = d end
  end
  return out
end

-- The state of one text: its normalized form with the map, the trigger
-- hits, and what carries from one chunk to the next. prep: { text, map,
-- hits, number of hits } made elsewhere (M._prep_objects) for s, or nil.
local function start(s, ref, calendars, prep)
  local t = load()
  if M._full_scan or M._coarse_triggers then prep = nil end
  -- (the fields most texts get named: the table is made at its size)
  local st = { s = s, ref = ref, calendars = calendars, t = t, text = nil, map = nil, reach = 0, hits = nil, hi = nil,
    a = nil, pending = nil, ws = s, base = 0 }
  local window = M._window or WINDOW
  if not prep and not M._full_scan and #s > window then
    st.cs, st.wsize = 1, window
    open_window(st)
    return st
  end
  if prep then st.text, st.map = prep[1], prep[2] else st.text, st.map = norm:map(s) end
  local text = st.text
  if M._full_scan then
    st.full = true
  elseif prep then
    st.hits, st.hi = prep[3], prep[4] > 0 and 1 or nil
  else
    st.hits = scan_triggers(t, text)
    st.hi = st.hits:count() > 0 and 1 or nil
  end
  return st
end

-- The candidates of text[A, B) (normalized offsets) for the patterns whose
-- class bit is in mask (every pattern at every byte without hits), in
-- text order, leftmost-longest, mapped to the source; and the end of the
-- longest match. Sets st.reach and the month gates.
local function leftmost_longest(a, b)
  if a._a ~= b._a then return a._a < b._a end
  if a._b ~= b._b then return a._b > b._b end
  return a._i < b._i -- the same span from two patterns: the earlier pattern
end

-- The candidates of a chunk, in arrays (a table a candidate with its
-- span and pattern written into it cost more than the rest of finding
-- it): CA, CB its span (normalized offsets), CI its pattern's number, CPK
-- its kind, CG the groups matched, CBEF the word before it (false when
-- not read), CRES its result when resolved when found, else false (it is
-- resolved when chosen). Shared by every text: run_chunk fills them from
-- 1 and reads them before it returns (nothing it calls finds dates).
local CA, CB, CI, CPK, CG, CBEF, CRES = {}, {}, {}, {}, {}, {}, {}

-- The candidates list[1..n] (numbers into the arrays above) in
-- leftmost_longest's order, in place. Each candidate's place is one
-- number: its start, then its span's length backwards, then its pattern
-- (unique: a pattern matches once at a place), then its index in list to
-- find it again; numbers sort without a Lua comparison function. A start
-- past 128 MB, a span longer than 4 KB (never in real text) or more than
-- 1,024 candidates in a chunk sort with a comparison of the arrays.
local nums = {}
local function by_place(x, y)
  local ax, ay = CA[x], CA[y]
  if ax ~= ay then return ax < ay end
  local bx, by = CB[x], CB[y]
  if bx ~= by then return bx > by end
  return CI[x] < CI[y]
end
local function sort_indices(list, n)
  if n < 2 then return list end
  for i = 1, n do
    local k = list[i]
    local a, len, pi = CA[k], CB[k] - CA[k], CI[k]
    if a >= 134217728 or len >= 4095 or len < 0 or pi >= 16 or n > 1024 then
      table.sort(list, by_place)
      return list
    end
    nums[i] = (((a * 4096 + (4095 - len)) * 16 + pi) * 1024) + (i - 1) -- < 2^53
  end
  if n <= 32 then
    -- (a few candidates, in runs already in order (a pattern's matches
    -- come in text order): sorted here, without table.sort's call and
    -- its comparisons through the C API)
    for i = 2, n do
      local v = nums[i]
      local j = i - 1
      while j >= 1 and nums[j] > v do
        nums[j + 1] = nums[j]
        j = j - 1
      end
      nums[j + 1] = v
    end
  else
    for j = n + 1, #nums do nums[j] = nil end
    table.sort(nums)
  end
  local out = {}
  for i = 1, n do out[i] = list[nums[i] % 1024 + 1] end
  return out
end

-- cands (tables with _a, _b, _i) in leftmost_longest's order (a new
-- list), by sort_indices: for spec/dates_speed_paths_spec.lua.
local function sort_candidates(cands)
  local n = #cands
  local list = {}
  for i = 1, n do
    local c = cands[i]
    CA[i], CB[i], CI[i], list[i] = c._a, c._b, c._i, i
  end
  list = sort_indices(list, n)
  local out = {}
  for i = 1, n do out[i] = cands[list[i]] end
  return out
end
M._sort_candidates, M._leftmost_longest = sort_candidates, leftmost_longest

-- The result of the groups g of a match that leftmost-longest chose
-- (resolve, then what rules the kind out after all), with its span; nil
-- when it is no date.
local function resolve_chosen(t, k, ref, text)
  local kind, sb, before, g = CPK[k], CB[k], CBEF[k], CG[k]
  local res = resolve(kind, g, ref, text, CA[k], sb)
  if res and kind == "weekday" and g.blocked then res = nil end
  if res and kind == "rel" and g.day == t.alyawm and not g.wd then
    -- "اليوم" the noun: اليوم الوطني, هذا اليوم
    local nextw = text:sub(sb + 1, sb + 40):match("^%s+(%S+)")
    local adjective = nextw and nextw:sub(1, 4) == "ال" and #nextw >= 8
    if adjective or before == t.hatha or before == t.dhalik then res = nil end
  end
  return res
end

local MONTHS = {} -- (run_chunk's list of month names, shared as the arrays above)

-- What run_chunk leaves in the shared arrays when it returns: no
-- candidate's tables kept alive, and arrays grown past 4,096 given back (a
-- text without quiet zones is one chunk: a line of 75,000 dates).
local function release(n, nm)
  if n > 4096 or nm > 4096 then
    CA, CB, CI, CPK, CG, CBEF, CRES, MONTHS = {}, {}, {}, {}, {}, {}, {}, {}
  else
    for k = 1, n + 1 do CG[k], CRES[k] = nil, nil end -- (n + 1: one dropped; CBEF holds strings)
  end
end

local function run_chunk(st, A, B, mask)
  local t, text, ref, hits, ws, wbase, map = st.t, st.text, st.ref, st.hits, st.ws, st.base, st.map
  local prep, block, month, intro = t.prep, t.block, t.month, t.intro
  local n = 0 -- candidates, in CA, CB, ... (above)
  local blocked
  local months, nm = MONTHS, 0 -- where the "my" pattern (run first) saw month names: a1, b1, a2, b2, ...
  local gated = false -- the ordinal and month-range gates are set from months
  local triggered
  local far = 0
  local eager = M._eager
  local exec_named = t.exec_named
  -- the patterns that can start somewhere in this chunk, in their order
  local order = t.order
  if hits then
    order = t.order_of[mask]
    if not order then
      order = {}
      for _, p in ipairs(t.order) do
        if math.floor(mask / p.bit) % 2 == 1 then order[#order + 1] = p end
      end
      t.order_of[mask] = order
    end
  end
  for oi = 1, #order do
    local p = order[oi]
    local kind = p.kind
    local pos = A
    if p.needs_trigger and not hits then
      if triggered == nil then
        t.trigger = t.trigger or core.regex(t.trigger_re)
        triggered = t.trigger:exec(text, 1) ~= nil
      end
      if not triggered then pos = B end
    elseif p.needs_months then
      if not gated then
        -- the first place in the text where each can start (month_gates)
        gated = true
        local ofrom, mfrom = month_gates(text, months, nm)
        if not st.ordinal_from and ofrom <= #text then st.ordinal_from = ofrom end
        if not st.mrange_from and mfrom <= #text then st.mrange_from = mfrom end
      end
      pos = st[kind == "ordinal" and "ordinal_from" or "mrange_from"] or B
      if pos < A then pos = A end
      while pos > 1 and pos <= #text and text:byte(pos) >= 0x80 and text:byte(pos) < 0xC0 do pos = pos - 1 end
    end
    if p.needs_digit and not hits then
      -- (with hits, a digit pattern is only tried where a word starts)
      if st.has_digit == nil then st.has_digit = text:find("%d") ~= nil end
      if not st.has_digit then pos = B end
    end
    local rx = p.rx
    local my, reads_before, blocks, bit, names, span, idx = kind == "my", p.reads_before, p.blocks, p.bit, p.names, p.s,
      p.idx
    while pos < B do
      if not rx then
        rx = compile(p)
        names, span = p.names, p.s
      end
      -- g: the named groups that matched, name -> text
      -- ma, mb: the whole match; sa, sb: the group s (the date's span)
      -- more: (with hits) whether the next search could find anything
      local g, ma, mb, sa, sb, more = exec_named(rx, text, pos, hits, bit, B, names, span)
      if not g then break end
      if mb > far then far = mb end
      if my then
        months[nm + 1], months[nm + 2] = ma, mb
        nm = nm + 2
      end
      -- the word before the date: read by these kinds, and by resolve for
      -- the month names that need company (a day or month of an
      -- ambiguous, common-word or historical month); not worth finding for
      -- the others (most candidates: يناير، 10 مارس 2024)
      local need = reads_before
      if not need and (my or kind == "dmy") then
        local gm = g.m
        local mi = gm and month[keys[gm] or key_of(gm)]
        need = mi and mi.level ~= nil
      end
      local before = need and word_before(text, sa) or nil
      local bare = before
      if before then
        if before:sub(1, 2) == "و" or before:sub(1, 2) == "ف" then bare = before:sub(3) end
        g.prep = prep[before] or prep[bare]
        g.blocked = block[before] or block[bare]
        g.intro = intro[bare]
      end
      local drop = false
      if kind == "ordinal" and not g.part and not g.wd and before and t.ord_block[bare] then
        drop = true -- الأسبوع الأول من يناير: the ordinal describes the noun
      elseif kind == "mrange" and g.conj and bare ~= t.bayna then
        drop = true -- يناير ومارس is two months unless بين comes first
      end
      if kind == "weekday" and ref and not g.dir and sb >= sa then g.tense = tense_at(t, text, sa, sb) end
      local res = false
      if sb >= sa and not drop then
        -- a candidate: its span, pattern, groups (as matched: resolve
        -- leaves them as they are; with a reference they are resolved again
        -- without it, to tell whether the value depends on it) and the
        -- word before it
        n = n + 1
        CA[n], CB[n], CI[n], CPK[n], CG[n], CBEF[n], CRES[n] = sa, sb, idx, kind, g, before or false, false
        if blocks or eager then
          -- resolved when found (the others when chosen: most inside a
          -- longer date never are)
          res = resolve_chosen(t, n, ref, text)
          if res then CRES[n] = res else n = n - 1 end
        else
          res = true
        end
      end
      if not res and blocks and g.d then
        -- a day that does not exist (30 فبراير): nothing inside it is a date
        blocked = blocked or {}
        blocked[#blocked + 1] = sa
        blocked[#blocked + 1] = sb
      end
      pos = (mb >= ma and mb or ma) + 1
      if more == false then break end
    end
  end
  local out, reach = {}, st.reach
  if n == 0 then
    release(n, nm)
    return out, far
  end
  local list, m = {}, 0
  for k = 1, n do
    local inside = false
    if blocked then
      local a, b = CA[k], CB[k]
      for j = 1, #blocked, 2 do
        local ba, bb = blocked[j], blocked[j + 1]
        if a >= ba and b <= bb and (b - a) < (bb - ba) then inside = true end
      end
    end
    if not inside then
      m = m + 1
      list[m] = k
    end
  end
  -- leftmost-longest over all patterns
  list = sort_indices(list, m)
  local nout = 0
  for j = 1, m do
    local k = list[j]
    local a = CA[k]
    if a > reach then
      local c = CRES[k]
      if not c then c = resolve_chosen(t, k, ref, text) end
      if c then
        -- its span and text in s (the window's source ws, base bytes into
        -- s), and where the next date may start
        local first, last, span_text, to = dates_span(map, ws, a, CB[k])
        c.first, c.last, c.text = first + wbase, last + wbase, span_text
        -- relative: the value comes (or would come) from the reference
        if ref then
          local pk = CPK[k]
          local g0 = CG[k]
          -- a day or month of a year written out: resolve reads no reference
          -- for it (the same value without one)
          local written = (pk == "dmy" or pk == "my" or pk == "ordinal" or pk == "numeric" or pk == "iso")
            and (tonumber(g0.y) or tonumber(g0.y2) or tonumber(g0.y3))
          if (c.year_inferred or pk == "rel" or pk == "weekday" or pk == "unit") and not M._resolve_relative then
            -- a year the reference gave (without it: XXXX), a day or unit
            -- counted from it (without it: an offset and no value)
            c.relative = true
          elseif not written or M._resolve_relative then
            local base = resolve(pk, g0, nil, text, a, CB[k])
            if not base or base.value ~= c.value then c.relative = true end
          end
        end
        if not c.relative then -- (resolve's quick paths set it)
          local v = c.value
          if v == nil or find(v, "XXXX", 1, true) then c.relative = true end
        end
        nout = nout + 1
        out[nout] = c
        reach = to
      end
    end
  end
  st.reach = reach
  release(n, nm)
  return out, far
end

-- "الموافق": a Hijri date and its Gregorian rendering are one date;
-- "السبت الموافق 16 آذار 2024": a weekday and its date are one date. The
-- dates of out joined where they should be onto merged (whose last one
-- may be the previous chunk's).
local function gap_key_full(between)
  return (N(between):gsub("^%.", ""):gsub("^%s+", ""):gsub("%s+$", ""))
end

-- What separates two dates, normalized, to compare with the links and
-- separators (often a whole paragraph): not worth normalizing when it has
-- a printable ASCII character other than . / , (the normalizer keeps
-- those, and no link or separator has one) or more letters than a link:
-- "" then.
-- Nine Arabic base letters (U+0621-U+063A, U+0641-U+064A) or more in s?
-- Normalization maps each of them to a letter and deletes none, and no
-- link has more than eight: such a gap (a paragraph between two dates) is
-- no link, without normalizing it.
local function nine_letters(s)
  local byte = string.byte
  local n, i = 0, 1
  while true do
    local a = find(s, "[\216\217]", i)
    if not a then return false end
    local lead, b = byte(s, a, a + 1)
    if b and ((lead == 216 and b >= 161 and b <= 186) or (lead == 217 and b >= 129 and b <= 138)) then
      n = n + 1
      if n >= 9 then return true end
    end
    i = a + 1
  end
end

local function gap_key(between)
  if between:find("[^%s%./,%c\128-\255]") then return "" end
  if #between > 16 and nine_letters(between) then return "" end
  return gap_key_full(between)
end
M._gap_key, M._gap_key_full = gap_key, gap_key_full

local function merge(st, out, merged)
  local s, t = st.s, st.t
  local nm = #merged
  for i = 1, #out do
    local c = out[i]
    local prev = merged[nm]
    -- what lies between the two is normalized only for the pairs that
    -- could join (most pairs are two Gregorian dates without a weekday:
    -- the gap, often a paragraph, is never read for them)
    local join_wd = prev and prev._wd and (prev.kind == "weekday" or prev.kind == "rel") and c.grain == "day"
      and c.value and c.kind ~= "weekday" and c.kind ~= "rel"
    local join_cal = prev and prev.calendar ~= c.calendar and prev.grain == "day" and c.grain == "day"
    if join_wd or join_cal then
      local between = s:sub(prev.last + 1, c.first - 1)
      local nb = gap_key(between)
      if join_wd and t.links[nb] then
        local first = prev.first
        local wd = prev._wd
        for k in pairs(prev) do prev[k] = nil end
        for k, v in pairs(c) do prev[k] = v end
        prev.first = first
        prev.text = s:sub(prev.first, prev.last)
        if c._z and weekday_of(c._z) ~= wd then prev.conflict = true end
        c = nil
      elseif join_cal and (t.links[nb] or nb == "/" or nb == "،" or nb == ",") then
        local hij = prev.calendar == "hijri" and prev or c
        local gre = prev.calendar == "hijri" and c or prev
        if hij.gregorian and gre.value and hij.gregorian ~= gre.value then prev.conflict = true end
        prev.gregorian = prev.calendar == "hijri" and c.value or prev.gregorian
        prev.last = c.last
        prev.text = s:sub(prev.first, prev.last)
        if prev.calendar ~= "hijri" then prev.hijri = c.value end
        c = nil
      end
    end
    if c then
      nm = nm + 1
      merged[nm] = c
    end
  end
  return merged
end

local function finish(c)
  -- (a field set to nil where there is none costs a search: only those set)
  c.kind = nil
  if c._z ~= nil then c._z = nil end
  if c._wd ~= nil then c._wd = nil end
  return c
end

-- The dates of the next chunk that are final (a list, maybe empty: the
-- last one found waits in st.pending for the chunk after), nil at the end.
local function chunk_dates(st)
  local out
  if st.full then
    -- the reference: the whole text as one chunk, every pattern at every byte
    if st.done then return nil end
    st.done = true
    out = run_chunk(st, 1, #st.text + 1, -1)
  elseif st.hi then
    local a = st.a or 1
    local target = a + (M._chunk or CHUNK) -- tests cut at every quiet zone
    local reach, ofrom, mfrom = st.reach, st.ordinal_from, st.mrange_from
    while true do
      local b, mask, i2 = st.hits:cut(st.hi, target, QUIET)
      if st.limit and (not b or b > st.limit) then
        -- the chunk runs into what this window cannot tell
        st.reach, st.ordinal_from, st.mrange_from = reach, ofrom, mfrom
        next_window(st, a)
        return {}
      end
      local far
      out, far = run_chunk(st, a, b or #st.text + 1, mask)
      if not b or far < b then
        st.a, st.hi = b, i2
        break
      end
      -- a match ran past the cut: cut further on (and run the chunk again)
      target = far + 1
      st.reach, st.ordinal_from, st.mrange_from = reach, ofrom, mfrom
    end
  elseif st.limit then
    -- no hit left in this window: the rest of it is one quiet zone
    next_window(st, st.limit)
    return {}
  else
    if not st.pending then return nil end
    local last = st.pending
    st.pending = nil
    return { finish(last) }
  end
  local merged = merge(st, out, { st.pending })
  local nmerged = #merged
  st.pending = merged[nmerged]
  merged[nmerged] = nil
  for i = 1, nmerged - 1 do finish(merged[i]) end
  if st.full then
    if st.pending then merged[#merged + 1] = finish(st.pending) end
    st.pending = nil
  end
  return merged
end

-- chunk_dates with opts.calendars applied (after the merge: a Hijri date
-- joined with its Gregorian rendering is one date of the Hijri calendar).
local function next_chunk(st)
  local list = chunk_dates(st)
  if list and st.calendars then list = only_calendars(list, st.calendars) end
  return list
end

-- The dates of s, every chunk (M.find, M._find_prepared).
local function find_all(s, ref, calendars, prep)
  local st = start(s, ref, calendars, prep)
  local out
  while true do
    local seg = next_chunk(st)
    if not seg then return out or {} end
    if not out then
      out = seg -- (a new list each time: the first is the result's start)
    else
      local n = #out
      for i = 1, #seg do out[n + i] = seg[i] end
    end
  end
end

--- All date expressions in s: a list of results
-- { first, last, text, value, calendar, gregorian, grain, mod, conflict,
--   exact, year_inferred, offset, weekday, relative } in source offsets
-- (1-based inclusive). opts.reference = "YYYY-MM-DD" resolves relative
-- dates; relative = true marks a date whose value depends on the
-- reference (أمس، 10 مارس without a year, الشهر الماضي), resolved or not.
-- opts.calendars keeps the dates of those calendars only.
function M.find(s, opts)
  args.string_arg(s, "dates", 1, 2)
  local ref, calendars = check_options(opts, "dates", 2)
  return (find_all(s, ref, calendars))
end

--- For `arabic annotate`'s second thread: the dates' normalizer and
-- trigger set, whose norm:map(s) and scan of its text a thread makes as
-- { text, map, hits, number of hits } for M._find_prepared (nil when a
-- test switch asks for another scan).
function M._prep_objects()
  local t = load()
  if M._full_scan or M._coarse_triggers then return nil end
  return norm, t.triggers
end

--- M.find(s, opts) with s's normalized text, map and trigger hits made
-- already (M._prep_objects).
function M._find_prepared(s, opts, prep)
  args.string_arg(s, "dates", 1, 2)
  local ref, calendars = check_options(opts, "dates", 2)
  return (find_all(s, ref, calendars, prep))
end

--- Iterate: for d in arabic.dates(s, { reference = "2024-03-16" }) do.
-- The text is normalized and scanned for the words dates start with when
-- called; the dates are found one chunk at a time as the loop asks.
function M.iter(s, opts)
  args.string_arg(s, "dates", 1, 2)
  local st = start(s, check_options(opts, "dates", 2))
  local buf, i = {}, 0
  return function()
    while true do
      i = i + 1
      local d = buf[i]
      if d then return d end
      if not st then return nil end
      buf, i = next_chunk(st), 0
      if not buf then st, buf = nil, {} end
    end
  end
end

return M
