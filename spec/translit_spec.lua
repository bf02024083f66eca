-- Transliteration from Lua: arabic.transliterate, arabic.transliterator,
-- arabic.schemes, the offset map of every output word, and the round trip
-- of the reversible schemes on random text.
local arabic = require "arabic"
local translit = require "arabic.translit"

local REVERSIBLE = { "buckwalter", "safe-buckwalter", "xml-buckwalter", "hsb" }
local DISPLAY = { "ala-lc", "din", "ijmes" }

-- A generator that gives the same numbers under every Lua (Park-Miller:
-- the products stay below 2^53, exact in 5.1's doubles too).
local function rng(seed)
  local x = seed
  return function(n)
    x = (x * 16807) % 2147483647
    return x % n + 1
  end
end

-- UTF-8 of a code point (no utf8 library in 5.1).
local function utf8_char(c)
  if c < 0x80 then return string.char(c) end
  if c < 0x800 then return string.char(0xC0 + math.floor(c / 64), 0x80 + c % 64) end
  if c < 0x10000 then
    return string.char(0xE0 + math.floor(c / 4096), 0x80 + math.floor(c / 64) % 64, 0x80 + c % 64)
  end
  return string.char(0xF0 + math.floor(c / 262144), 0x80 + math.floor(c / 4096) % 64, 0x80 + math.floor(c / 64) % 64,
    0x80 + c % 64)
end

local function read_file(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("*a")
  f:close()
  return s
end

-- Whitespace-separated words: { {first, last}, ... }.
local function words(s)
  local list = {}
  for a, b in s:gmatch("()[^ \t\r\n]+()") do list[#list + 1] = { a, b - 1 } end
  return list
end

describe("transliteration", function()
  it("lists its schemes", function()
    local names, rev = {}, {}
    for i, s in ipairs(arabic.schemes()) do
      names[i] = s.name
      assert.is_string(s.description)
      if s.reversible then rev[#rev + 1] = s.name end
    end
    assert.are.same({ "buckwalter", "safe-buckwalter", "xml-buckwalter", "hsb", "ala-lc", "din", "ijmes" }, names)
    assert.are.same(REVERSIBLE, rev)
    -- a copy: changing it changes nothing
    arabic.schemes()[1].name = "x"
    assert.are.equal("buckwalter", arabic.schemes()[1].name)
  end)

  it("transliterates with each scheme", function()
    local s = "كَتَبَ مُحَمَّدٌ"
    assert.are.equal("kataba muḥammad", arabic.transliterate(s, "ala-lc"))
    assert.are.equal("kataba muHama~dN", arabic.transliterate(s, "buckwalter"))
    assert.are.equal(s, arabic.transliterate("kataba muHama~dN", "buckwalter", { reverse = true }))
    assert.are.equal("al-shams", arabic.transliterate("ٱلشَّمْس", "ala-lc"))
    assert.are.equal("aš-šams", arabic.transliterate("ٱلشَّمْس", "din"))
    assert.are.equal("al-shams", arabic.transliterate("ٱلشَّمْس", "ijmes"))
    assert.are.equal("\\C\\N\\N $100", arabic.transliterate("CNN $100", "safe-buckwalter"))
    -- one result, like arabic.normalize
    assert.are.equal(1, select("#", arabic.transliterate("ب", "buckwalter")))
  end)

  it("compiles a transliterator once and reports approximate words", function()
    local t = arabic.transliterator { scheme = "ala-lc" }
    assert.are.equal(t, arabic.transliterator { scheme = "ala-lc" })
    assert.are.equal(t, arabic.transliterator "ala-lc")
    assert.are_not.equal(t, arabic.transliterator { scheme = "din" })
    local out, approx = t("ذهب الولد إلى المدرسة")
    assert.are.equal("dhhb al-wld ilá al-mdrsah", out)
    assert.are.equal(3, approx) -- إلى is in the lexicon
    out, approx = t("ذَهَبَ الوَلَدُ")
    assert.are.equal(0, approx)
    assert.are.equal(0, select(2, arabic.transliterator "buckwalter" ("ذهب")))
    local info = t:info()
    assert.are.same({ scheme = "ala-lc", reversible = false, reverse = false, strict = false,
      description = info.description }, info)
    assert.matches("arabic.Transliterator %(ala%-lc%)", tostring(t))
    assert.are.equal(t(out), t:transliterate(out))
  end)

  it("gives counts with t:stats and t:map", function()
    local t = arabic.transliterator { scheme = "buckwalter", reverse = true }
    local out, st = t:stats("k\\1b \\")
    assert.are.equal("ك\\1ب \\", out)
    assert.are.same({ words = 0, approximate = 0, invalid = 0, malformed = 2, first_malformed = 2 }, st)
    local map
    out, map, st = arabic.transliterator("din"):map("ذهب \255")
    assert.are.equal("ḏhb \239\191\189", out)
    assert.are.equal(1, st.invalid)
    assert.are.equal(8, st.first_invalid)
    assert.are.equal(1, st.words)
    assert.are.equal(1, st.approximate)
    assert.are.equal(8, select(1, map:lengths()))
  end)

  it("refuses bad arguments, naming them", function()
    assert.has_error(function() arabic.transliterate(nil, "din") end,
      "bad argument #1 to 'transliterate' (string expected, got nil)")
    assert.has_error(function() arabic.transliterate("x") end,
      "bad argument #2 to 'transliterate' (scheme name expected, got nil)")
    assert.has_error(function() arabic.transliterate("x", "bukwalter") end,
      "bad argument #2 to 'transliterate' (unknown scheme \"bukwalter\" (valid: buckwalter, safe-buckwalter, "
      .. "xml-buckwalter, hsb, ala-lc, din, ijmes))")
    assert.has_error(function() arabic.transliterate("x", "din", { reverse = true }) end,
      "bad argument #2 to 'transliterate' (no reverse direction for the display scheme 'din' "
      .. "(reversible: buckwalter, safe-buckwalter, xml-buckwalter, hsb))")
    assert.has_error(function() arabic.transliterate("x", "din", { revers = true }) end,
      "bad argument #3 to 'transliterate' (unknown option 'revers'; valid: reverse, strict)")
    assert.has_error(function() arabic.transliterator { scheme = "din", strict = "yes" } end,
      "bad argument #1 to 'transliterator' (option 'strict' must be a boolean, got \"yes\")")
    assert.has_error(function() arabic.transliterator {} end,
      "bad argument #1 to 'transliterator' (option 'scheme' is missing (one of buckwalter, safe-buckwalter, "
      .. "xml-buckwalter, hsb, ala-lc, din, ijmes))")
    assert.has_error(function() arabic.transliterator(7) end,
      "bad argument #1 to 'transliterator' (options table or scheme name expected, got number)")
    local t = arabic.core.transliterator("hsb")
    t:close()
    assert.has_error(function() t("x") end)
    assert.are.equal("arabic.Transliterator (closed)", tostring(t))
  end)

  it("keeps invalid UTF-8 out, or stops at it in strict mode", function()
    assert.are.equal("b\239\191\189", arabic.transliterate("\216\168\255", "buckwalter"))
    local out, msg, at = arabic.transliterate("\216\168\255", "buckwalter", { strict = true })
    assert.is_nil(out)
    assert.are.equal("invalid UTF-8 at byte 3", msg)
    assert.are.equal(3, at)
    out, msg = arabic.transliterator({ scheme = "ala-lc", strict = true }):map("ب \192")
    assert.is_nil(out)
    assert.are.equal("invalid UTF-8 at byte 4", msg)
  end)

  it("maps romanized text back to the Arabic, clitics and diacritics included", function()
    local s = "وَبِٱلْقَلَمِ كَتَبَ لِلشَّيْخِ"
    local out, map = arabic.transliterator("ala-lc"):map(s)
    assert.are.equal("wa-bi-al-qalam kataba lil-shaykh", out)
    local i, j = out:find("qalam", 1, true)
    assert.are.equal("قَلَمِ", s:sub(map:source(i, j)))
    i, j = out:find("wa-bi-al-qalam", 1, true)
    assert.are.equal("وَبِٱلْقَلَمِ", s:sub(map:source(i, j)))
    local a, b = s:find("كَتَبَ", 1, true)
    assert.are.equal("kataba", out:sub(map:target(a, b)))
  end)

  -- The seeds of the fuzzer (csrc/fuzz/corpus/fuzz_translit: byte 0 picks
  -- the scheme, the rest is text), in every scheme: each romanized word
  -- maps back to exactly the Arabic word it came from.
  it("maps every output word of the seeds to its source word", function()
    local dir = "csrc/fuzz/corpus/fuzz_translit/"
    local texts = {}
    for k = 1, 99 do
      local s = read_file(("%sseed-%03d"):format(dir, k))
      if s then texts[#texts + 1] = s:sub(2) end
    end
    assert.is_true(#texts >= 20, "the seeds are in " .. dir)
    texts[#texts + 1] = "وَبِٱلْكِتَابِ فَلِلْمُعَلِّمِ وَٱلشَّمْسُ لِلّٰهِ كَٱلْبَحْرِ بِسْمِ اللَّهِ سَيَكْتُبُونَهَا"
    local checked = 0
    for _, name in ipairs { "buckwalter", "safe-buckwalter", "xml-buckwalter", "hsb", "ala-lc", "din", "ijmes" } do
      local t = arabic.transliterator(name)
      for n, s in ipairs(texts) do
        local out, map = t:map(s)
        local src, dst = words(s), words(out)
        local starts, ends = {}, {}
        for _, w in ipairs(src) do starts[w[1]], ends[w[2]] = true, true end
        for k, w in ipairs(dst) do
          local a, b = map:source(w[1], w[2])
          local where = ("%s, text %d, word %d %q"):format(name, n, k, out:sub(w[1], w[2]))
          assert.is_true(starts[a] and ends[b], where .. " maps to " .. s:sub(a, b))
          if #src == #dst then assert.are.same(src[k], { a, b }, where) end
          -- and each token inside the word to a part of it
          for first, last in arabic.tokens(out:sub(w[1], w[2])) do
            local x, y = map:source(w[1] + first - 1, w[1] + last - 1)
            assert.is_true(x >= a and y <= b, where)
          end
          checked = checked + 1
        end
      end
    end
    assert.is_true(checked > 5000, checked .. " words")
  end)

  it("gives back every valid UTF-8 string in the reversible schemes", function()
    local rand = rng(20240314)
    -- what collides with the schemes' symbols and escapes, and more
    local pool = { 0x5C, 0x24, 0x2A, 0x27, 0x7C, 0x3E, 0x3C, 0x26, 0x7B, 0x7D, 0x60, 0x7E, 0x5F, 0x2E, 0x2D, 0x2B,
      0x22, 0x3B, 0x20, 0x0A, 0x09, 0x00, 0x3B8, 0x127, 0x161, 0x1E0D, 0x100, 0x101, 0x2BE, 0x2BF, 0xFFFD,
      0x0640, 0x0670, 0x0671, 0x067E, 0x0686, 0x06A4, 0x06AF, 0x06A9, 0x06CC, 0x060C, 0x061F, 0x0660, 0x06F5,
      0x200C, 0x200F, 0xFEFB, 0xFDF2, 0x1F600, 0x10FFFF, 0x4E2D, 0x0416, 0x03A9 }
    local function random_string()
      local parts = {}
      for i = 1, rand(40) - 1 do
        local r = rand(10)
        local c
        if r <= 4 then c = 0x0620 + rand(0x33) - 1     -- letters and harakat
        elseif r <= 6 then c = rand(95) + 31          -- printable ASCII
        elseif r <= 8 then c = pool[rand(#pool)]
        else c = rand(0x10FFFF) - 1
          if c >= 0xD800 and c <= 0xDFFF then c = 0x20 end
        end
        parts[i] = utf8_char(c)
      end
      return table.concat(parts)
    end
    for _, name in ipairs(REVERSIBLE) do
      local fwd = arabic.transliterator { scheme = name, strict = true }
      local back = arabic.transliterator { scheme = name, reverse = true, strict = true }
      for _ = 1, 400 do
        local s = random_string()
        local out = assert(fwd(s))
        local again, st = back:stats(out)
        assert.are.equal(s, again, name)
        assert.are.equal(0, st.malformed)
      end
    end
  end)

  it("gives back random bytes as their U+FFFD repair", function()
    local rand = rng(7)
    local none = arabic.normalizer "none"
    for _, name in ipairs(REVERSIBLE) do
      local fwd = arabic.transliterator(name)
      local back = arabic.transliterator { scheme = name, reverse = true }
      for _ = 1, 300 do
        local b = {}
        for i = 1, rand(24) - 1 do
          local r = rand(4)
          -- bytes of Arabic letters, ASCII and anything
          b[i] = r == 1 and 0xD8 or r == 2 and (0x80 + rand(64) - 1) or r == 3 and (rand(95) + 31) or (rand(256) - 1)
        end
        local s = string.char((table.unpack or unpack)(b))
        assert.are.equal((none(s)), (back((fwd(s)))), name)
      end
    end
  end)

  it("does not apply to display schemes in reverse", function()
    for _, name in ipairs(DISPLAY) do
      assert.is_nil(arabic.core.transliterator(name, true))
    end
  end)
end)

describe("transliteration of entities", function()
  it("prefers a romanization the gazetteer entry carries", function()
    local g = arabic.gazetteer.new()
    g:add("مسقط", { type = "LOC", id = "muscat", attributes = { en = "Muscat" } })
    g:add("صحار", { type = "LOC", id = "sohar", attributes = { ["ala-lc"] = "Ṣuḥār", en = "Sohar" } })
    g:add("نزوى", { type = "LOC", id = "nizwa" })
    local list = arabic.entities("زار الوفد مسقط وصحار ونزوى", { gazetteers = g, unknown_names = false })
    translit.entities(list, { scheme = "ala-lc" })
    assert.are.equal(3, #list)
    assert.are.same({ "Muscat", false, "en" }, { list[1].translit, list[1].translit_approximate, list[1].translit_from })
    assert.are.same({ "Ṣuḥār", false, "ala-lc" }, { list[2].translit, list[2].translit_approximate, list[2].translit_from })
    assert.are.same({ "Nzūá", true, "computed" }, { list[3].translit, list[3].translit_approximate, list[3].translit_from })
    -- the reversible schemes take only their own attribute; false: none
    translit.entities(list, { scheme = "buckwalter" })
    assert.are.equal("msqT", list[1].translit)
    translit.entities(list, { scheme = "ala-lc", attributes = false })
    assert.are.equal("Msqṭ", list[1].translit)
    translit.entities(list, { scheme = "din", attributes = { "en" } })
    assert.are.equal("Sohar", list[2].translit)
  end)

  it("writes computed names with capitals, as the standards write names", function()
    local cases = {
      { "muḥammad ʻalī", "Muḥammad ʻAlī" }, { "al-riyāḍ", "al-Riyāḍ" }, { "wa-al-qāhirah", "wa-al-Qāhirah" },
      { "aš-šams", "aš-Šams" }, { "abū l-ḥasan", "Abū l-Ḥasan" }, { "aḥmad ibn ḥanbal", "Aḥmad ibn Ḥanbal" },
      { "ibn baṭṭūṭah", "Ibn Baṭṭūṭah" }, { "ḏū l-qaʿda", "Ḏū l-Qaʿda" }, { "ǧamāl", "Ǧamāl" }, { "ẓāfir", "Ẓāfir" },
    }
    for _, c in ipairs(cases) do assert.are.equal(c[2], translit.capitalize(c[1])) end
  end)

  it("checks the step's options", function()
    assert.are.same({ scheme = "din" }, translit.step_options("din"))
    local o, err = translit.step_options({ schema = "din" }, "transliterate")
    assert.is_nil(o)
    assert.are.equal("unknown option 'schema' in 'transliterate'; valid: attributes, entities, index, scheme, text", err)
    o, err = translit.step_options({ text = true }, "transliterate")
    assert.is_nil(o)
    assert.matches("option 'scheme' is missing in 'transliterate'", err)
  end)
end)
