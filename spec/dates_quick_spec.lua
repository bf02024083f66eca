-- The dates' quick paths against the general ones they stand for: resolve's
-- quick paths for the commonest dates without a reference (dates._general:
-- every date through the general path, as before), and the word lists
-- written as trees of their common beginnings (against the alternation of
-- the words longest first, as they were written before).
local core = require "arabic.core"
local dates = require "arabic.dates"
local corpus = require "corpus"
local lcg = require "lcg"

local slurp = require("shell").read_file
local show = corpus.show_list

local function articles()
  local list = {}
  for _, name in ipairs { "01_oman_talks", "02_red_sea_shipping", "03_gaza_ceasefire", "04_economy_summit" } do
    list[#list + 1] = slurp("examples/articles/" .. name .. ".txt")
  end
  return list
end

-- dates.find(text, o) through the general path only
local function general(text, o)
  dates._general = true
  local ok, list = pcall(dates.find, text, o)
  dates._general = nil
  assert(ok, list)
  return list
end

describe("dates quick paths", function()
  it("resolve's quick paths give the dates the general path gives", function()
    -- random texts of date words: month names alone, paired, with a day,
    -- a year, a weekday, a direction; relative days, units, modifiers
    local pieces = { "10", "3", "31", "30", "29", "0", "00", "2024", "1445", "15", " ", "  ", "\n", "، ", "/", "-", ".",
      "(", ")", "يناير", "فبراير", "مارس", "أبريل", "نيسان", "آب", "أيار", "تشرين الأول", "تشرين 2", "كانون الثاني",
      "كانون الثاني/يناير", "شباط/فبراير", "صفر", "رمضان", "ذي الحجة", "هـ", "م", "الموافق", "من", "إلى", "في", "سيارة",
      "يوم", "الخميس", "السبت", "الاثنين", "أمس", "اليوم", "غدا", "أول أمس", "الماضي", "المقبل", "الجاري", "العام",
      "الشهر", "الأسبوع", "هذا", "هذه", "عام", "سنة", "مطلع", "أواخر", "منتصف", "شهر", "الوطني", "صباح", "ليلة",
      "الأول", "الخامس", "عشر", "3/4/2024", "2024-01-10", "١٠", "ـ" }
    local rand = lcg(7)
    local refs = { false, "empty", "2024-03-16", "2023-12-31" }
    local found, quick = 0, 0
    for i = 1, 2000 do
      local parts = {}
      for k = 1, rand(12) do parts[k] = pieces[rand(#pieces)] end
      local text = table.concat(parts, rand(2) == 1 and " " or "")
      local ref = refs[i % #refs + 1]
      local o = ref == "empty" and {} or ref and { reference = ref } or nil
      local got = show(dates.find(text, o))
      assert.are.equal(show(general(text, o)), got, text)
      if got ~= "" then
        found = found + 1
        if not ref or ref == "empty" then quick = quick + 1 end
      end
    end
    assert.is_true(found > 1000 and quick > 400)
    for _, text in ipairs(articles()) do
      for _, o in ipairs { {}, { reference = "2024-03-16" } } do
        local got = show(dates.find(text, o))
        assert.is_true(got ~= "")
        assert.are.equal(show(general(text, o)), got)
      end
    end
  end)

  it("gives the news corpus the dates the general path gives", function()
    local pages = corpus.news_pages()
    if not pages then return pending(corpus.missing("news/*.txt")) end
    for _, page in ipairs(pages) do
      assert.are.equal(show(general(page.text)), show(dates.find(page.text)), page.name)
    end
  end)
end)

-- The alternation the word lists were: the words longest first (then in
-- byte order), each escaped, a space as \s+ and an Iraqi numeric month's
-- " 2" at the end as \s*2(?![0-9]).
local function flat_alternation(words)
  local seen, list = {}, {}
  for _, w in ipairs(words) do
    if w ~= "" and not seen[w] then
      seen[w] = true
      list[#list + 1] = w
    end
  end
  table.sort(list, function(a, b) return #a > #b or (#a == #b and a < b) end)
  local out = {}
  for i, w in ipairs(list) do
    local e = w:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?%{%}%|\\/]", "\\%0")
    if e:find(" [0-9]$") then e = e:gsub(" ([0-9])$", "\\s*%1(?![0-9])") end
    out[i] = e:gsub(" ", "\\s+")
  end
  return "(?:" .. table.concat(out, "|") .. ")"
end

-- The characters of a UTF-8 string.
local function chars(s)
  local out = {}
  for c in s:gmatch("[%z\1-\127\194-\244][\128-\191]*") do out[#out + 1] = c end
  return out
end

describe("dates word lists", function()
  it("written as trees, match what the words tried longest first match", function()
    local rand = lcg(11)
    local n, lists = 0, 0
    for name, words in pairs(dates._word_lists()) do
      lists = lists + 1
      local tree, flat = dates._alternation(words), flat_alternation(words)
      assert.is_true(#tree <= #flat, name)
      -- the pieces of the texts: the words, their beginnings, white space
      -- of every kind, digits and letters that may follow a word
      local pieces = { " ", "  ", "\n", "\194\160", "\226\128\175", "2", "20", "ا", "م", "ه", "-", "." }
      for _, w in ipairs(words) do
        pieces[#pieces + 1] = w
        local cs = chars(w)
        if #cs > 1 then pieces[#pieces + 1] = table.concat(cs, "", 1, rand(#cs - 1)) end
      end
      -- the list alone, and after it what makes PCRE2 go back into it for
      -- a shorter word (a word's end, white space and a digit)
      for _, after in ipairs { "", "(?![\\p{L}\\p{N}])", "\\s*[0-9]", "\\s+\\S" } do
        local rt = assert(core.regex(tree .. after, "A"))
        local rf = assert(core.regex(flat .. after, "A"))
        for _ = 1, 100 do
          local parts = {}
          for k = 1, rand(6) do parts[k] = pieces[rand(#pieces)] end
          local text = table.concat(parts)
          for pos = 1, #text do
            local a1, b1 = rt:exec(text, pos)
            local a2, b2 = rf:exec(text, pos)
            assert.are.same({ a2, b2 }, { a1, b1 }, name .. " " .. after .. " at " .. pos .. ": " .. text)
            if a1 then n = n + 1 end
          end
        end
      end
    end
    assert.are.equal(9, lists)
    assert.is_true(n > 1000, "matches: " .. n)
  end)

  it("writes the empty list, one word and words that begin one another", function()
    local cases = {
      {}, { "مارس" }, { "تشرين", "تشرين الاول", "تشرين 2", "تشرين الثاني" }, { "ا", "اب", "ابر", "ابريل" },
      { "ق.م", "ق.ه", "م" },
    }
    for _, words in ipairs(cases) do
      local tree, flat = dates._alternation(words), flat_alternation(words)
      local rt, rf = assert(core.regex(tree, "A")), assert(core.regex(flat, "A"))
      for _, text in ipairs { "", "مارس", "تشرين 2", "تشرين2", "تشرين  الاول", "تشرين 20", "ابريل", "ابر", "ق.م", "قم" } do
        for pos = 1, #text + 1 do
          assert.are.same({ rf:exec(text, pos) }, { rt:exec(text, pos) }, tree .. " on " .. text)
        end
      end
    end
    assert.are.equal("(?:)", dates._alternation {})
  end)
end)
