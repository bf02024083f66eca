-- The faster paths of the date finder against the ones they replace:
-- the trigger scan reads what follows a word (a month name needs white
-- space, punctuation, a digit or the end of the word after it in every
-- pattern that starts with one) and how long a run of digits is and what
-- comes next (a day has one or two digits, an ISO date four and - / .);
-- the coarse trigger set does not (each word whatever follows it, every
-- digit for every digit pattern), and both must give the same dates. The
-- candidates are sorted by numbers instead of a comparison function, and a
-- date whose year the reference gave, or a day or unit counted from it, is
-- relative without resolving it again without the reference.
local dates = require "arabic.dates"
local core = require "arabic.core"
local data = require "arabic.data"
local corpus = require "corpus"

local show = corpus.show_list
local REF = { reference = "2024-03-16" }

-- f(...) with dates[switch] set to value, reset however f ends.
local function switched(switch, value, f, ...)
  dates[switch] = value
  local ok, r = pcall(f, ...)
  dates[switch] = nil
  assert(ok, r)
  return r
end

local function coarse(s, opts) return show(switched("_coarse_triggers", true, dates.find, s, opts)) end

local function iterated(s, opts, chunk)
  return show(switched("_chunk", chunk, function()
    local out = {}
    for d in dates.iter(s, opts) do out[#out + 1] = d end
    return out
  end))
end

-- The dates of s with relative set by resolving every date again without
-- the reference (as before), not from the year it inferred or its kind.
local function resolved_twice(s, opts) return show(switched("_resolve_relative", true, dates.find, s, opts)) end

-- The same dates with the fine and the coarse trigger sets, found whole
-- and iterated, and with relative found both ways; the number of runs
-- with dates.
local function same(s, chunk)
  local n = 0
  for _, opts in ipairs { {}, REF } do
    local want = coarse(s, opts)
    assert.are.equal(want, show(dates.find(s, opts)), ("fine triggers differ on %q"):format(s:sub(1, 200)))
    if chunk then
      assert.are.equal(want, iterated(s, opts, chunk), ("iteration differs on %q"):format(s:sub(1, 200)))
    end
    if want ~= "" then n = n + 1 end
  end
  assert.are.equal(resolved_twice(s, REF), show(dates.find(s, REF)), ("relative differs on %q"):format(s:sub(1, 200)))
  return n
end

-- The places of hits a (a hits:list()) are places of b, with no class b lacks.
local function within(a, b)
  local at = {}
  for i = 1, #b, 2 do at[b[i]] = b[i + 1] end
  for i = 1, #a, 2 do
    local cb = at[a[i]]
    if not cb then return false, a[i] end
    local ca = a[i + 1]
    -- every class bit of ca is in cb
    local bit = 1
    while bit <= ca do
      if math.floor(ca / bit) % 2 == 1 and math.floor(cb / bit) % 2 == 0 then return false, a[i] end
      bit = bit * 2
    end
  end
  return true
end

-- Random texts of the date words with digits, proclitics and what can
-- come after a word or a number (letters, digits, spaces, separators).
local words = {}
for _, f in ipairs { "dates/months.tsv", "dates/weekdays.tsv", "dates/relative.tsv" } do
  for i, line in ipairs(data.lines(f)) do
    if i > 1 then words[#words + 1] = line:match("^[^\t]+") end
  end
end
for _, w in ipairs { "في", "من", "إلى", "الى", "حتى", "لغاية", "بين", "و", "عام", "العام", "سنة", "شهر", "يوم",
  "الـ", "ال", "أبو", "عامل", "يومية", "شهرية", "هـ", "م", "ق.م", "الموافق", "قال" } do
  words[#words + 1] = w
end
local AFTER = { "", "", "و", "ي", "ة", "ات", "ين", "5", "٥", "x", "-", "/", ".", "،" }
local SEPS = { " ", " ", "", "\n", "  ", "\194\160", "\226\128\168", "\t", "-", "/", ".", "–", "ـ", "\217\142" }
local CLITICS = { "", "", "", "و", "ف", "ب", "ل", "وب", "ول", "ك" }

local rand = require "lcg"(4242) -- the same texts under every Lua

local function number()
  local r = rand(5)
  if r == 1 then return tostring(rand(40) - 1) end
  if r == 2 then return tostring(rand(2100)) end
  if r == 3 then return ("0"):rep(rand(2) - 1) .. rand(9) end
  if r == 4 then return tostring(rand(99999)) end
  return rand(31) .. "/" .. rand(12) .. "/" .. (1989 + rand(40))
end

local function text(pieces)
  local parts = {}
  for _ = 1, pieces do
    if rand(10) <= 3 then
      parts[#parts + 1] = number()
    else
      parts[#parts + 1] = CLITICS[rand(#CLITICS)] .. words[rand(#words)] .. AFTER[rand(#AFTER)]
    end
    parts[#parts + 1] = SEPS[rand(#SEPS)]
  end
  return table.concat(parts)
end

describe("dates: the faster paths give what the paths they replace gave", function()
  it("reads what follows a trigger word and a run of digits", function()
    local t = core.triggers()
    t:add("يناير", 1, false, true) -- only where the word ends
    t:add("ال", 2, true)
    t:digits(4, 1, 2, "-|/", true) -- 1-2 digits, white space, then - or /
    t:digits(8, 4, 4, "-|.") -- 4 digits, then - or . at once
    t:clitic("و")
    local function list(s) return t:scan(s):list() end
    assert.are.same({ 1, 1 }, list("يناير"))
    assert.are.same({ 1, 1 }, list("يناير، 2024"))
    assert.are.same({ 1, 1 }, list("يناير2024"))        -- an ASCII digit may follow
    assert.are.same({ 1, 1 }, list("ويناير "))
    assert.are.same({}, list("ينايري"))                  -- a letter: the word goes on
    assert.are.same({}, list("يناير٢"))                  -- a digit PCRE2 reads as \p{N}, not [0-9]
    assert.are.same({}, list("يناير\217\142"))           -- a mark
    assert.are.same({ 1, 4 }, list("10-"))
    assert.are.same({ 1, 4 }, list("1 \194\160/"))       -- after any white space
    assert.are.same({}, list("10 x"))
    assert.are.same({}, list("100-"))                     -- three digits: no day
    assert.are.same({ 1, 8 }, list("2024-01"))
    assert.are.same({}, list("2024 -"))                   -- no white space for this one
    assert.are.same({ 1, 4, 6, 4 }, list("و5/ 7-"))
    assert.are.same({ 1, 2 }, list("ال 15"))
    assert.has_error(function() t:add("x", 1, true, true) end) -- one condition a word
    assert.has_error(function() t:digits(1, 0, 2) end)
    assert.has_error(function() t:digits(1, 3, 2) end)
    assert.has_error(function() t:digits(1, 1, 2, ("x|"):rep(40)) end)
  end)

  it("gives the same dates and a subset of the hits: 800 random texts", function()
    local fine, rough = dates._triggers()
    local with = 0
    for i = 1, 800 do
      local s = text(rand(14))
      with = with + same(s, i % 5 == 0 and 1 or nil)
      local norm = core.normalizer { preset = "search", teh_marbuta = "heh" }
      local ns = norm(s)
      local ok, at = within(fine:scan(ns):list(), rough:scan(ns):list())
      assert(ok, ("a hit of the fine set at %s is not the coarse set's in %q"):format(tostring(at), ns))
    end
    assert.is_true(with > 300, "too few texts with dates: " .. with)
  end)

  it("gives the same dates on the news corpus, whole and line by line", function()
    corpus.each_news_text(pending, function(s, whole)
      if whole then assert.is_true(same(s, 1) > 0) else same(s) end
    end)
  end)

  it("sorts candidates as leftmost_longest does", function()
    local sort, cmp = dates._sort_candidates, dates._leftmost_longest
    for round = 1, 300 do
      local list = {}
      local n = rand(40)
      local seen = {}
      for _ = 1, n do
        local a = rand(round % 7 == 0 and 200000000 or 300)
        local b = a + rand(round % 11 == 0 and 6000 or 30) - 2
        local i = rand(15)
        local k = a .. ":" .. b .. ":" .. i
        if not seen[k] then -- a pattern matches once at a place
          seen[k] = true
          list[#list + 1] = { _a = a, _b = b, _i = i }
        end
      end
      local want = {}
      for j, c in ipairs(list) do want[j] = c end
      table.sort(want, cmp)
      local got = sort(list)
      assert.are.equal(#want, #got)
      for j = 1, #want do assert.are.equal(want[j], got[j]) end
    end
  end)
end)
