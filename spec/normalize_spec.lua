-- Normalization: every option on its own, every preset, with Arabic written
-- for these tests.
local arabic = require "arabic"

-- Escape for readable failure messages.
local function show(s)
  return (s:gsub("[\128-\255][\128-\191]*", function(c)
    local cp = utf8 and utf8.codepoint and utf8.codepoint(c) or nil
    return cp and ("<%04X>"):format(cp) or c
  end))
end

local function check(opts, input, expected)
  local got = arabic.normalize(input, opts)
  if got ~= expected then
    error(("normalize(%q) = %s, want %s"):format(input, show(got), show(expected)), 2)
  end
end

-- Each option alone (on top of "none"), with what it changes and what it
-- must leave alone.
local cases = {
  { "presentation_forms", true, "ﺑﺴﻢ ﷲ", "بسم ﷲ", "presentation forms -> letters, word ligature kept" },
  { "presentation_forms", true, "ﻻ ﻷ ﻵ ﻹ", "لا لأ لآ لإ", "lam-alef ligatures keep hamza/madda" },
  { "presentation_forms", true, "ﺇﻳﺮﺍﻥ", "إيران", "isolated/final/medial forms" },
  { "presentation_forms", false, "ﺇﻳﺮﺍﻥ", "ﺇﻳﺮﺍﻥ", "off: untouched" },
  { "word_ligatures", true, "النبي ﷺ", "النبي صلى الله عليه وسلم", "salla ligature" },
  { "word_ligatures", true, "﷽", "بسم الله الرحمن الرحيم", "basmala ligature" },
  { "word_ligatures", true, "ﷻ", "جل جلاله", "jalla jalaluhu" },
  { "persian", true, "الولایات کرمان", "الولايات كرمان", "farsi yeh and keheh" },
  { "persian", true, "ہ ە ھ", "ه ه ه", "heh variants" },
  { "persian", true, "گ", "گ", "gaf has no Arabic twin: kept" },
  { "tatweel", true, "لـ\"العربيـــة\"", "ل\"العربية\"", "kashida removed" },
  { "invisible", true, "\226\128\143مسقط\226\128\142 \239\187\191x\226\129\166y\226\129\169", "مسقط xy", "RLM, LRM, BOM, isolates" },
  { "invisible", true, "می\226\128\140خواهم", "می\226\128\140خواهم", "ZWNJ is not in the invisible set" },
  { "zwnj", true, "می\226\128\140خواهم", "میخواهم", "ZWNJ has its own option" },
  { "whitespace", true, "عمان\194\160اليوم\226\128\137و\227\128\128", "عمان اليوم و ", "NBSP, thin and ideographic space" },
  { "collapse_whitespace", true, "في   عمان  ", "في عمان ", "runs of spaces" },
  { "harakat", true, "وَفْقًا لِمَصادِرَ", "وفقا لمصادر", "fatha, sukun, tanween, kasra" },
  { "harakat", true, "شدّة", "شدّة", "harakat leave the shadda" },
  { "shadda", true, "شدّة", "شدة", "shadda" },
  { "dagger_alef", "remove", "هٰذا", "هذا", "dagger alef removed" },
  { "dagger_alef", "alef", "هٰذا", "هاذا", "dagger alef -> alef" },
  { "dagger_alef", "keep", "هٰذا", "هٰذا", "dagger alef kept" },
  { "quranic", true, "الرَّحِيمِ ۝ ۖ", "الرَّحِيمِ  ", "small high marks and end of ayah" },
  { "hamza_marks", true, "سماء\217\148", "سماء", "stray hamza above" },
  { "alef", "all", "أحمد إسلام آمن ٱلله ٲ ٳ", "احمد اسلام امن الله ا ا", "all alef variants" },
  { "alef", "hamza", "أإآٱ", "اااٱ", "hamza alefs only (Lucene)" },
  { "alef", "wasla", "أإآٱٲ", "ااااٲ", "hamza alefs and wasla (CAMeL)" },
  { "alef_maksura", true, "على مستشفى", "علي مستشفي", "alef maksura -> yeh" },
  { "teh_marbuta", "heh", "مدرسة", "مدرسه", "teh marbuta -> heh" },
  { "teh_marbuta", "teh", "مدرسة", "مدرست", "teh marbuta -> teh" },
  { "hamza_waw", true, "مؤتمر", "موتمر", "waw with hamza" },
  { "hamza_yeh", true, "رئيس", "رييس", "yeh with hamza" },
  { "digits", "ascii", "٢٠٢٤ ۱۴۰۳ ٣٫٥ ١٬٠٠٠ ٥٪", "2024 1403 3.5 1,000 5%", "both digit sets and separators" },
  { "digits", "arabic", "2024 ۱۴۰۳", "٢٠٢٤ ١٤٠٣", "to Arabic-Indic" },
  { "digits", "persian", "2024 ٢٠٢٤", "۲۰۲۴ ۲۰۲۴", "to Eastern (Persian)" },
  { "punctuation", true, "نعم، لا؛ لماذا؟", "نعم, لا; لماذا?", "Arabic comma, semicolon, question mark" },
  { "punctuation", true, "٣،٥ و3،5", "٣،٥ و3،5", "comma between digits kept" },
  { "casefold", true, "CNN Straße", "cnn strasse", "full case folding" },
  { "compose", true, "ا\217\148 ا\217\147 ا\217\149 و\217\148 ي\217\148", "أ آ إ ؤ ئ", "decomposed hamza and madda" },
  { "compose", true, "ب\217\145\217\142", "ب\217\142\217\145", "marks in canonical order" },
  { "unicode", "nfkc", "ﬁ ½ Ａ", "fi 1⁄2 A", "NFKC outside Arabic" },
  { "unicode", "nfc", "e\204\129", "é", "NFC outside Arabic" },
  { "elongation", 2, "مبرووووك جمييييل", "مبرووك جمييل", "letter runs capped at 2" },
  { "elongation", 1, "ممتاز", "متاز", "cap 1 merges doubled letters too" },
}

describe("each normalization option", function()
  for _, c in ipairs(cases) do
    local key, value, input, expected, what = c[1], c[2], c[3], c[4], c[5]
    it(("%s = %s: %s"):format(key, tostring(value), what), function()
      check({ preset = "none", [key] = value }, input, expected)
    end)
  end
end)

describe("presets", function()
  it("display repairs without changing what a reader sees", function()
    check("display", "الولایات المتحدة\194\160لـ«فاينانشال تايمز»", "الولايات المتحدة ل«فاينانشال تايمز»")
    check("display", "وَفْقًا على ١٠ يناير", "وَفْقًا على ١٠ يناير")
    check("display", "ﻷن", "لأن")
  end)

  it("search folds spelling variants together", function()
    check("search", "أجرت الولایات المتحدة محادثات وفقًا لـ«فاينانشال تايمز» في ١٠ يناير",
      "اجرت الولايات المتحدة محادثات وفقا ل«فاينانشال تايمز» في 10 يناير")
    check("search", "على", "علي")
    check("search", "مدرسة", "مدرسة") -- teh marbuta is an option, off by default
    check("search", "CNN", "cnn")
    check("search", "ﻹسرائيل", "لاسرائيل")
  end)

  it("search is the default", function()
    assert.are.equal(arabic.normalize("إيران", "search"), arabic.normalize("إيران"))
  end)

  it("lucene reproduces Lucene's ArabicNormalizer", function()
    check("lucene", "أحمد إعاذ آجن بنى فاطمة روبرـــت مَبنا", "احمد اعاذ اجن بني فاطمه روبرت مبنا")
    check("lucene", "ٱلله ی ١٠", "ٱلله ی ١٠")
  end)

  it("camel reproduces CAMeL Tools' chain", function()
    check("camel", "ٱلْحَمْدُ لِلَّٰهِ على المدرسة", "الحمد لله علي المدرسه")
    check("camel", "لـ", "لـ")
  end)

  it("none only repairs invalid UTF-8", function()
    check("none", "أ\255ب", "أ\239\191\189ب")
  end)

  it("lists presets and options", function()
    local p = arabic.presets()
    assert.is_table(p.search)
    assert.are.equal("all", p.search.alef)
    assert.are.equal(true, p.search.harakat)
    assert.are.equal(false, p.display.harakat)
    assert.is_string(arabic.options().teh_marbuta)
  end)

  it("a table can name a preset and override it", function()
    check({ preset = "search", teh_marbuta = "heh" }, "مدرسة", "مدرسه")
    check({ preset = "search", alef = false }, "أحمد", "أحمد")
    local n = arabic.normalizer { preset = "search", digits = "keep" }
    assert.are.equal("١٠", (n("١٠")))
    assert.are.equal("keep", n:options().digits)
    assert.are.equal(true, n:options().harakat)
  end)
end)

describe("normalizer objects", function()
  it("are callable and reusable", function()
    local n = arabic.normalizer("search")
    for _ = 1, 3 do assert.are.equal("ايران", (n("إيران"))) end
    assert.are.equal("ايران", (n:normalize("إيران")))
    assert.matches("arabic.Normalizer", tostring(n))
  end)

  it("count invalid UTF-8 sequences", function()
    local n = arabic.normalizer("display")
    local out, bad = n("a\255b\192")
    assert.are.equal("a\239\191\189b\239\191\189", out)
    assert.are.equal(2, bad)
  end)

  it("strict mode returns nil and the byte offset", function()
    local out, err = arabic.normalize("مرحبا\255", { preset = "search", strict = true })
    assert.is_nil(out)
    assert.are.equal("invalid UTF-8 at byte 11", err)
  end)

  it("keep NUL bytes and handle the empty string", function()
    assert.are.equal("a\0b", arabic.normalize("a\0b"))
    assert.are.equal("", arabic.normalize(""))
  end)

  -- a text above 4 MB is normalized into a buffer made for it (2 MiB
  -- aligned, huge pages where the kernel has them) and released after it:
  -- the same result as its lines one by one, every time, and a small call
  -- after it still works
  it("give a big text the result of its lines, call after call", function()
    local n = arabic.normalizer("search")
    local line = "قالَت الأممُ المتحدة إنّ ﻻجئين وصلوا في ١٠ يناير — أّ\255 x\n"
    local text = line:rep(math.ceil(5e6 / #line))
    local want = (n(line)):rep(math.ceil(5e6 / #line))
    for _ = 1, 2 do
      local out, bad = n(text)
      assert.are.equal(#want, #out)
      assert.is_true(out == want)
      assert.are.equal(math.ceil(5e6 / #line), bad)
      local mapped, map = n:map(text)
      assert.is_true(mapped == want)
      local first, last = map:source(#want - #(n(line)) + 1, #want)
      assert.are.equal(#text - #line + 1, first)
      assert.are.equal(#text, last)
    end
    assert.are.equal("ايران", (n("إيران")))
  end)

  it("can be closed", function()
    local n = arabic.normalizer("search")
    n:close()
    assert.has_error(function() n("x") end)
  end)
end)

describe("option errors", function()
  it("name the unknown key", function()
    local ok, err = pcall(arabic.normalize, "x", { preset = "search", harakaat = true })
    assert.is_false(ok)
    assert.matches("bad argument #2 to 'normalize' %(unknown normalization option 'harakaat'", err)
  end)

  it("name the bad value", function()
    local ok, err = pcall(arabic.normalizer, { digits = "roman" })
    assert.is_false(ok)
    assert.matches("bad value for normalization option 'digits' %(expected keep|ascii|arabic|persian", err)
    assert.matches("got 'roman'", err)
  end)

  it("reject unknown presets", function()
    local ok, err = pcall(arabic.normalize, "x", "serch")
    assert.is_false(ok)
    assert.matches("unknown normalization preset 'serch'", err)
  end)

  it("reject non-string input", function()
    local ok, err = pcall(arabic.normalize, 42)
    assert.is_false(ok)
    assert.matches("bad argument #1 to 'normalize' %(string expected, got number%)", err)
  end)

  it("reject bad option types", function()
    assert.has_error(function() arabic.normalizer(true) end)
    assert.has_error(function() arabic.normalizer { [1] = "search" } end)
    assert.has_error(function() arabic.normalizer { elongation = 1.5 } end)
    assert.has_error(function() arabic.normalizer { elongation = 999 } end)
  end)
end)
