-- The date patterns run only where a trigger scan says a date can start
-- (core.triggers: month and weekday names, digits ... after an optional
-- proclitic), and a long text is resolved one chunk at a time (lazy
-- iteration). Both must find exactly what one pass of every pattern over
-- every byte finds (dates._full_scan, the reference).
local dates = require "arabic.dates"
local data = require "arabic.data"
local corpus = require "corpus"

local show = corpus.show_list

local function reference(s, opts)
  dates._full_scan = true
  local ok, r = pcall(dates.find, s, opts)
  dates._full_scan = nil
  assert(ok, r)
  return show(r)
end

local function iterated(s, opts)
  local out = {}
  for d in dates.iter(s, opts) do out[#out + 1] = d end
  return show(out)
end

local REF = { reference = "2024-03-16" }
-- the calendars filter applies after a chunk's dates are joined (a Hijri
-- date with its Gregorian rendering is one Hijri date)
local HIJRI = { reference = "2024-03-16", calendars = "hijri" }

-- Same results three ways (four with window: find and iteration over
-- windows of that many bytes); returns the number of dates.
local function same(s, chunk, more, window)
  local n = 0
  local runs = { false, REF }
  if more then runs[3] = more end
  for _, opts in ipairs(runs) do
    opts = opts or nil
    local want = reference(s, opts)
    assert.are.equal(want, show(dates.find(s, opts)), ("gated find differs on %q"):format(s:sub(1, 200)))
    dates._chunk, dates._window = chunk, window
    local ok, got = pcall(iterated, s, opts)
    local ok2, found = pcall(dates.find, s, opts)
    dates._chunk, dates._window = nil, nil
    assert(ok, got)
    assert(ok2, found)
    assert.are.equal(want, got, ("iteration differs on %q"):format(s:sub(1, 200)))
    assert.are.equal(want, show(found), ("find in windows differs on %q"):format(s:sub(1, 200)))
    if want ~= "" then n = n + 1 end
  end
  return n
end

-- Our own random texts: every date word of data/dates/ with proclitics,
-- digits of both sets, punctuation and every kind of white space.
local words = {}
for _, f in ipairs { "dates/months.tsv", "dates/weekdays.tsv", "dates/relative.tsv" } do
  for i, line in ipairs(data.lines(f)) do
    if i > 1 then words[#words + 1] = line:match("^[^\t]+") end
  end
end
for _, w in ipairs { "في", "من", "إلى", "بين", "و", "عام", "العام", "سنة", "شهر", "يوم", "الـ", "ال", "هذا",
  "عامي", "سنتي", "النصف", "الربع", "عقد", "القرن", "العشرين", "الموافق", "قال", "سيزور", "مدينة", "سيارة",
  "الأسبوع", "الأول", "الحادي", "عشر", "هـ", "م", "ق.م", "،", ",", "/", "-", "–", ".", "(", ")", "«", "»", "؟" } do
  words[#words + 1] = w
end
local SEPS = { " ", " ", " ", "", "\n", "  ", "\194\160", "\226\128\168", "\194\133", "\t", "\227\128\128",
  "\226\128\143", "ـ", "\217\142", "x", (" "):rep(260) }
local CLITICS = { "", "", "", "و", "ف", "ب", "ل", "وب", "ول", "فل", "فب", "ك" }

local rand = require "lcg"(12345) -- the same texts under every Lua

local function number()
  local r = rand(6)
  if r == 1 then return tostring(rand(41) - 1) end
  if r == 2 then return tostring(1899 + rand(200)) end
  if r == 3 then return rand(12) .. "/" .. rand(12) .. "/" .. (1989 + rand(40)) end
  if r == 4 then return ("٠١٢٣٤٥٦٧٨٩"):sub(1, 2 * rand(4)) end
  if r == 5 then return tostring(1299 + rand(200)) end
  return "2024-0" .. rand(9) .. "-1" .. (rand(10) - 1)
end

local function text(pieces)
  local parts = {}
  for _ = 1, pieces do
    if rand(10) <= 3 then parts[#parts + 1] = number()
    else parts[#parts + 1] = CLITICS[rand(#CLITICS)] .. words[rand(#words)] end
    parts[#parts + 1] = SEPS[rand(#SEPS)]
  end
  return table.concat(parts)
end

describe("dates found only where the trigger scan points", function()
  it("finds what every pattern at every byte finds: the evaluation set", function()
    for line in io.lines("spec/dates_eval.tsv") do
      local s = line:match("^([^\t]*)")
      if s and s ~= "" then same(s) end
    end
  end)

  it("finds what every pattern at every byte finds: 600 random texts", function()
    local with = 0
    for _ = 1, 600 do with = with + same(text(rand(12))) end
    assert.is_true(with > 200, "too few texts with dates: " .. with)
  end)

  -- A long text: random texts of date words between runs of filler.
  local function long_text(filler)
    local parts = {}
    for _ = 1, rand(25) do
      parts[#parts + 1] = text(rand(12))
      for _ = 1, rand(80) do parts[#parts + 1] = filler[rand(#filler)] end
    end
    return table.concat(parts)
  end

  it("iterates long texts chunk by chunk with the same dates", function()
    local filler = { "كلمة ", "عربية ", "قال ", "في ", "من ", ". ", "\n", "\n\n", (" "):rep(450) }
    for _ = 1, 6 do
      same(long_text(filler), 1, HIJRI) -- cut at every quiet place
    end
  end)

  it("resolves long texts a window at a time with the same dates", function()
    -- windows of a few hundred bytes: many of them, each begun after the
    -- last one's chunks, a date often near an edge
    local filler = { "كلمة ", "عربية ", "قال ", "في ", "من ", ". ", "\n", "\n\n", "\r\n", (" "):rep(450) }
    for _, window in ipairs { 1, 300, 700, 2500 } do
      for _ = 1, 4 do
        local s = long_text(filler)
        same(s, nil, HIJRI, window)
        same(s, 1, nil, window)
      end
    end
  end)

  it("gives a window the text behind and after the chunks it resolves", function()
    -- a chunk's cut falls 200 bytes after the last hit before a gap of 400:
    -- here between سيزور and the الخميس 394 bytes on (whose tense, read
    -- 400 bytes back, makes it the Thursday after the reference, not the
    -- one before), and inside the 450 spaces a date's match runs through.
    -- A window that begins at the one cut or ends at the other must still
    -- see past it, whatever its size.
    local plain = (" كلمة عربية"):rep(19) .. (" "):rep(6)
    local blocks = {}
    for i = 1, 12 do
      blocks[#blocks + 1] = ("في %d مارس 2024 سيزور"):format(i + 1) .. plain .. " الخميس كلمة.\n"
      blocks[#blocks + 1] = ("في %d أيار"):format(i + 1) .. (" "):rep(450) .. "2023" .. plain .. ".\n"
    end
    local s = table.concat(blocks)
    local want = reference(s, REF)
    assert.truthy(want:find("2024-03-21", 1, true)) -- (the future Thursday)
    for window = 150, 1200, 30 do
      dates._chunk, dates._window = 1, window
      local ok, found = pcall(dates.find, s, REF)
      local ok2, got = pcall(iterated, s, REF)
      dates._chunk, dates._window = nil, nil
      assert(ok, found)
      assert(ok2, got)
      assert.are.equal(want, show(found), "find in windows of " .. window .. " bytes")
      assert.are.equal(want, got, "iteration in windows of " .. window .. " bytes")
    end
  end)

  it("makes a window longer where the text gives it no place to stop", function()
    -- dates with no quiet zone between them for longer than a window; no
    -- white space at all; marks and tatweel (normalized away) before a
    -- window's chunks, so more source is needed behind them
    local dense = ("في 10 يناير 2024 و11 فبراير 2024، "):rep(400)
    same(dense, nil, HIJRI, 300)
    local tight = ("10/1/2024،"):rep(300) .. "و" .. ("ـ"):rep(3000) .. " 12 مارس 2024"
    same(tight, nil, nil, 200)
    local marks = {}
    for i = 1, 60 do
      marks[#marks + 1] = ("ـ\217\142"):rep(300) .. (" الخميس الموافق %d رمضان 1445هـ (%d آذار 2024)."):format(i % 28 + 1,
        i % 28 + 1) .. ("\217\144"):rep(200) .. "\n"
    end
    same(table.concat(marks), nil, HIJRI, 500)
  end)

  it("finds what every pattern at every byte finds: the news corpus", function()
    corpus.each_news_text(pending, function(s, whole)
      if whole then
        assert.is_true(same(s, 1) > 0)
        same(s, nil, HIJRI, 2000)
      else
        same(s)
      end
    end)
  end)

  it("reports the places a date can start", function()
    local core = require "arabic.core"
    local t = core.triggers()
    t:add("يناير", 1)
    t:add("ال", 2, true) -- only before white space and a digit
    t:digits(4)
    t:clitic("و")
    local function list(s)
      local hits = t:scan(s)
      return hits:list()
    end
    assert.are.same({ 1, 1 }, list("يناير"))
    assert.are.same({ 1, 1 }, list("ويناير"))          -- after a proclitic
    assert.are.same({}, list("كيناير"))                 -- no word starts inside a word
    assert.are.same({ 2, 1 }, list("(يناير"))           -- after punctuation
    assert.are.same({ 1, 4, 4, 4 }, list("10 2024"))
    assert.are.same({}, list("G20"))
    assert.are.same({ 1, 2 }, list("ال15"))
    assert.are.same({ 1, 2, 8, 4 }, list("وال 15"))
    assert.are.same({}, list("الوزير"))
    local hits, n = t:scan("في 10 يناير")
    assert.are.equal(2, n)
    assert.are.equal(2, hits:count())
  end)
end)
