-- The dates' and annotate's fast paths against the code they replace:
-- re:exec filling a table of the named groups that matched (was a Lua
-- loop over every named group of the pattern), the Umm al-Qura table read
-- in one pass when first needed (was read_tsv at load), candidates
-- resolved when chosen (were all resolved when found), and the pipeline's
-- sentences without their text (arabic annotate writes first and last
-- only).
local core = require "arabic.core"
local dates = require "arabic.dates"
local corpus = require "corpus"

local slurp = require("shell").read_file

local function texts()
  local list = {}
  for _, name in ipairs { "01_oman_talks", "02_red_sea_shipping", "03_gaza_ceasefire", "04_economy_summit" } do
    list[#list + 1] = slurp("examples/articles/" .. name .. ".txt")
  end
  list[#list + 1] = "الأحد 10 كانون الثاني/يناير 2024 الموافق 28 جمادى الآخرة 1445 هـ، وأمس الثلاثاء "
    .. "والنصف الأول من 2023 وعامي 2020 و2023 والثمانينيات ومن 10 إلى 12 مارس والعاشر من ذي الحجة"
  return list
end

-- what run_chunk did before: every named group, set or not
local function old_groups(rx, text, r)
  local _, names = rx:info()
  local g = {}
  for name, idx in pairs(names) do
    local a, b = r[2 * idx + 1], r[2 * idx + 2]
    if a then g[name] = text:sub(a, b) end
  end
  return g
end

describe("dates fast paths", function()
  it("re:exec with names gives the named groups the loop over every group gave", function()
    local n = 0
    for _, p in ipairs(dates._patterns()) do
      local names = {}
      local _, byname = p.rx:info()
      for name, idx in pairs(byname) do names[idx] = name end
      for _, s in ipairs(texts()) do
        local text = core.normalizer({ preset = "search", teh_marbuta = "heh" })(s)
        local pos, r, r2 = 1, {}, {}
        while pos <= #text do
          local g = p.rx:exec(text, pos, nil, nil, nil, r, names)
          local ok = p.rx:exec(text, pos, nil, nil, nil, r2)
          assert.are.equal(g ~= nil, ok ~= nil)
          if not g then break end
          assert.are.same(r2, r)
          assert.are.same(old_groups(p.rx, text, r2), g)
          -- exec_named (what run_chunk calls): the same groups and spans
          local g2, ma, mb, sa, sb = p.rx:exec_named(text, pos, nil, nil, nil, names, p.s)
          assert.are.same(g, g2)
          assert.are.same({ r[1], r[2], r[2 * p.s + 1], r[2 * p.s + 2] }, { ma, mb, sa, sb })
          n = n + 1
          pos = (r[2] >= r[1] and r[2] or r[1]) + 1
        end
      end
    end
    assert.is_true(n > 50)
  end)

  it("a pattern that calls its word lists as defined groups matches as the one that spells them out", function()
    local n, shared = 0, 0
    for _, p in ipairs(dates._patterns()) do
      if p.flat ~= p.re then
        shared = shared + 1
        local flat = assert(core.regex(p.flat))
        local rx = assert(core.regex(p.re))
        local groups = flat:info()
        for _, s in ipairs(texts()) do
          local text = core.normalizer({ preset = "search", teh_marbuta = "heh" })(s)
          -- from every match's second byte on: every match, and the ones
          -- that overlap it
          local pos = 1
          while pos <= #text + 1 do
            local a = { flat:exec(text, pos) }
            local b = { rx:exec(text, pos) }
            -- the same spans for every group of the flat pattern; the
            -- defined groups (after them) never match
            for k = 2 * groups + 3, #b do assert.is_false(b[k]) end
            for k = #b, 2 * groups + 3, -1 do b[k] = nil end
            assert.are.same(a, b)
            if not a[1] then break end
            n = n + 1
            pos = a[1] + 1
          end
        end
      end
    end
    local major, minor = core.pcre2_version:match("^(%d+)%.(%d+)")
    if tonumber(major) * 100 + tonumber(minor) >= 1030 then -- (older: none shared)
      assert.is_true(shared >= 6)
      assert.is_true(n > 50)
    end
  end)

  it("re:exec with names skips unnamed groups and gives the empty match's text", function()
    local rx = assert(core.regex("(a)(?<x>b*)(?<y>c)?"))
    local r = {}
    local g = rx:exec("a", 1, nil, nil, nil, r, { [2] = "x", [3] = "y" })
    assert.are.same({ x = "" }, g)
    g = rx:exec("zabbc", 1, nil, nil, nil, r, { [2] = "x", [3] = "y" })
    assert.are.same({ x = "bb", y = "c" }, g)
    assert.is_nil(rx:exec("zzz", 1, nil, nil, nil, r, {}))
    -- exec_named: the same table, the match's span and one group's
    local names = { [2] = "x", [3] = "y" }
    assert.are.same({ { x = "" }, 1, 1, 2, 1 }, { rx:exec_named("a", 1, nil, nil, nil, names, 2) })
    assert.are.same({ { x = "" }, 1, 1, false, false }, { rx:exec_named("a", 1, nil, nil, nil, names, 3) })
    assert.are.same({ { x = "bb", y = "c" }, 2, 5, 3, 4 }, { rx:exec_named("zabbc", 1, nil, nil, nil, names, 2) })
    assert.are.same({ { x = "b", y = "c" }, 6, 8 }, { rx:exec_named("zabbcabc", 3, nil, nil, nil, names) })
    assert.is_nil(rx:exec_named("zzz", 1, nil, nil, nil, names, 1))
    assert.is_nil(rx:exec_named("abc", 5, nil, nil, nil, names, 1))
    assert.has_error(function() rx:exec_named("abc", 1, nil, nil, nil, names, 4) end)
    assert.has_error(function() rx:exec_named("abc", 1, nil, nil, nil, names, -1) end)
    assert.has_error(function() rx:exec_named("abc", 1, nil, nil, nil, nil, 1) end)
  end)

  it("gives a word's key from its cache as it made it", function()
    local words = { "كانون الثاني", "كانون  الثاني", "كانون\194\160الثاني", "كانون\226\128\137\tالثاني", "يناير",
      "تشرين 2", "ذي\227\128\128الحجه", "" }
    for _ = 1, 2 do
      for _, w in ipairs(words) do
        assert.are.equal(dates._key_of_uncached(w), dates._key_of(w))
      end
    end
    assert.are.equal("كانون الثاني", dates._key_of("كانون\194\133\226\128\175الثاني"))
    assert.is_nil(dates._key_of(nil))
  end)

  it("skips normalizing only gaps between dates that are no link or separator", function()
    dates.find("تمهيد") -- load the tables
    local links = { ["/"] = true, ["،"] = true, [","] = true }
    for _, w in ipairs { "الموافق", "الموافق ل", "الموافق لـ", "يوافق" } do links[dates._gap_key_full(w)] = true end
    local pieces = { "ال", "موافق", "م", "و", "ا", "ف", "ق", "ل", "ـ", "ي", "\217\142", "\217\145", " ", "  ", "\n",
      "\t", ".", "/", ",", "،", "-", "a", "Z", "7", "(", ")", "\194\160", "\226\128\140", "\1", "أ", "إ", "ى" }
    math.randomseed(12)
    -- gaps of lo to hi random pieces: how many the fast key skipped (it
    -- may skip only what is no link)
    local function skipped_of(lo, hi)
      local skipped = 0
      for _ = 1, 20000 do
        local parts = {}
        for k = 1, math.random(lo, hi) do parts[k] = pieces[math.random(#pieces)] end
        local gap = table.concat(parts)
        local fast, full = dates._gap_key(gap), dates._gap_key_full(gap)
        if fast ~= full then
          skipped = skipped + 1
          assert.are.equal("", fast)
          assert.is_nil(links[full], gap)
        end
      end
      return skipped
    end
    assert.is_true(skipped_of(0, 6) > 1000)
    -- longer gaps: more letters than any link has (skipped unread), or
    -- marks, tatweel and spaces around a link
    assert.is_true(skipped_of(4, 24) > 1000)
    for _, gap in ipairs { " الموافق ", "، ", " / ", ". الموافق لـ ", "", "  الموافـــــــــــــق\217\142\217\145 لـ  ",
      "\n\n الموافق ل\226\128\140\226\128\140\226\128\140\226\128\140 ", "يوافق\217\142\217\142\217\142\217\142\217\142\217\142\217\142" } do
      assert.are.equal(dates._gap_key_full(gap), dates._gap_key(gap))
    end
  end)

  it("resolves a candidate when leftmost-longest chooses it as when it is found", function()
    -- run_chunk resolves most candidates only when chosen (dates._eager:
    -- every one when found, as before); random texts of date words
    local pieces = { "10", "3", "31", "2024", "1445", "0", "30", "29", " ", "  ", "\n", "، ", "/", "-", ".", "(", ")",
      "يناير", "فبراير", "مارس", "نيسان", "آب", "أيار", "تشرين الأول", "كانون الثاني", "صفر", "رمضان", "ذي الحجة", "شباط",
      "هـ", "م", "الموافق", "الموافق لـ", "من", "إلى", "حتى", "و", "في", "سيارة", "يوم", "الخميس", "السبت", "أمس", "اليوم",
      "غدا", "الماضي", "المقبل", "الجاري", "العام", "الشهر", "هذا", "عام", "سنة", "مطلع", "أواخر", "الأول", "الخامس",
      "العشرين", "الحادي", "عشر", "النصف", "الثمانينيات", "عامي", "بين", "شهر", "الوطني", "صباح", "سيزور", "ال", "الـ",
      "3/4/2024", "2024-01-10", "١٠", "ـ" }
    local show = corpus.show_list
    math.randomseed(21)
    local refs = { "2024-03-16", "2023-12-31", false }
    local found = 0
    for _ = 1, 3000 do
      local parts = {}
      for k = 1, math.random(1, 14) do parts[k] = pieces[math.random(#pieces)] end
      local text = table.concat(parts, math.random(2) == 1 and " " or "")
      local ref = refs[math.random(#refs)]
      local o = ref and { reference = ref } or nil
      local lazy = show(dates.find(text, o))
      dates._eager = true
      local ok, eager = pcall(function() return show(dates.find(text, o)) end)
      dates._eager = nil
      assert(ok, eager)
      assert.are.equal(eager, lazy, text)
      if lazy ~= "" then found = found + 1 end
    end
    assert.is_true(found > 1000)
    for _, text in ipairs(texts()) do
      local lazy = show(dates.find(text, { reference = "2024-03-16" }))
      dates._eager = true
      local eager = show(dates.find(text, { reference = "2024-03-16" }))
      dates._eager = nil
      assert.are.equal(eager, lazy)
    end
  end)

  it("reads the Umm al-Qura table as read_tsv did", function()
    local old = {}
    for _, row in ipairs(dates._read_tsv("ummalqura.tsv")) do
      local y, m, d = row.gregorian:match("^(%d+)-(%d+)-(%d+)$")
      if y then old[row.hijri_year .. ":" .. row.hijri_month] = { tonumber(y), tonumber(m), tonumber(d) } end
    end
    assert.is_true(next(old) ~= nil)
    assert.are.same(old, dates._uaq())
  end)

  it("annotate's sentences without text have the spans of the pipeline's", function()
    local pipeline = require "arabic.pipeline"
    local list = texts()
    local path = corpus.path("news/000_06a7775f48ea754c.txt")
    if path then list[#list + 1] = slurp(path) else pending(corpus.missing("news/000_06a7775f48ea754c.txt")) end
    for _, conf in ipairs { { sentences = true }, { sentences = true, boilerplate = true } } do
      local full = pipeline.new(conf)
      local spans = pipeline.new(conf)
      spans._sentence_text = false
      for _, s in ipairs(list) do
        local a, b = full:run(s).sentences, spans:run(s).sentences
        assert.are.equal(#a, #b)
        for i = 1, #a do
          assert.are.same({ first = a[i].first, last = a[i].last }, b[i])
          assert.are.equal(s:sub(a[i].first, a[i].last), a[i].text)
        end
      end
    end
  end)
end)
