-- Word frequencies: normalization, clitic folding, stems, stop words,
-- inputs of every shape, and the seed pages' ايران/وايران/لايران.
local arabic = require "arabic"
local args = require "arabic.args"
local freq = require "arabic.freq"
local corpus = require "corpus"

local TEXT = table.concat({
  "زار وفد من إيران العاصمة العمانية. وإيران تقول إن المحادثات مستمرة، ولإيران مصالح في الخليج.",
  "وقالت إيران إن الولايات المتحدة لم ترد. والولايات المتحدة تنفي ذلك، وللولايات المتحدة رأي آخر.",
  "وزير الخارجية التقى وزير الدفاع، وتحدث الوزيران عن المحادثات.",
}, "\n")

local function find(list, word)
  for _, w in ipairs(list) do
    if w.word == word then return w end
  end
end

local function forms(w)
  local t = {}
  for _, f in ipairs(w.forms) do t[f.form] = f.count end
  return t
end

local function failing(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "the call should have failed")
  return tostring(err)
end

describe("freq", function()
  it("counts normalized forms, most frequent first", function()
    local list, stats = arabic.freq(TEXT)
    assert.are.equal(2, find(list, "ايران").count) -- إيران twice, normalized
    assert.are.equal(1, find(list, "وايران").count)
    assert.are.equal(3, find(list, "المتحدة").count)
    assert.are.equal(1, stats.texts)
    assert.are.equal(39, stats.tokens) -- words, without punctuation
    -- ties in the order of first occurrence
    local first, k = {}, 0
    local ntext = arabic.normalize(TEXT)
    for a, b, kind in arabic.tokens(ntext) do
      if kind == "word" then
        k = k + 1
        local w = ntext:sub(a, b)
        first[w] = first[w] or k
      end
    end
    for i = 2, #list do
      local a, b = list[i - 1], list[i]
      assert.is_true(a.count > b.count or (a.count == b.count and first[a.word] <= first[b.word]), b.word)
    end
    local ones = {}
    for _, w in ipairs(list) do if w.count == 1 and #ones < 3 then ones[#ones + 1] = w.word end end
    assert.are.same({ "زار", "وفد", "من" }, ones)
  end)

  it("counts clitic forms with their bare form", function()
    local list = arabic.freq(TEXT, { clitics = true })
    local iran = find(list, "ايران")
    assert.are.equal(4, iran.count)
    assert.are.same({ ["ايران"] = 2, ["وايران"] = 1, ["ولايران"] = 1 }, forms(iran))
    assert.are.equal("ايران", iran.forms[1].form)
    local us = find(list, "الولايات")
    assert.are.same({ ["الولايات"] = 1, ["والولايات"] = 1, ["وللولايات"] = 1 }, forms(us))
    assert.is_nil(find(list, "وايران"))
    -- a word is not split when the rest is rarer than the word: وزير is not و + زير
    assert.are.equal(2, find(list, "وزير").count)
  end)

  it("never splits a common word", function()
    local list = arabic.freq("ما قال كما قال ما رأى ما", { clitics = true })
    assert.are.equal(1, find(list, "كما").count)
    assert.are.equal(3, find(list, "ما").count)
  end)

  it("counts stems", function()
    local list = arabic.freq(TEXT, { stem = true, clitics = true })
    local talks = find(list, "محادث")
    assert.are.equal(2, talks.count)
    local isri = arabic.freq(TEXT, { stem = "isri" })
    assert.is_not_nil(find(isri, "حدث"))
    local st = arabic.stemmer { algorithm = "light10" }
    assert.are.same(list, (arabic.freq(TEXT, { stem = st, clitics = true })))
    assert.are.same(list, (arabic.freq(TEXT, { stem = { algorithm = "light10" }, clitics = true })))
  end)

  it("leaves out stop words, also after و and ف", function()
    local list = arabic.freq(TEXT, { stopwords = true })
    for _, w in ipairs { "من", "في", "ان", "لم", "ذلك", "وقالت" } do assert.is_nil(find(list, w), w) end
    assert.is_not_nil(find(list, "ايران"))
    local mine = arabic.freq(TEXT, { stopwords = { "إيران" } })
    assert.is_nil(find(mine, "ايران"))
    assert.is_nil(find(mine, "وايران"))
    assert.is_not_nil(find(mine, "من"))
    local set = arabic.freq(TEXT, { stopwords = { ["إيران"] = true } })
    assert.are.same(mine, set)
    local common = arabic.freq(TEXT, { stopwords = "common" })
    assert.is_nil(find(common, "من"))
  end)

  it("takes a list, an iterator or a text alike", function()
    local lines = {}
    for line in (TEXT .. "\n"):gmatch("(.-)\n") do lines[#lines + 1] = line end
    local a, sa = arabic.freq(lines, { clitics = true })
    local i = 0
    local b, sb = arabic.freq(function()
      i = i + 1
      return lines[i]
    end, { clitics = true })
    local c = arabic.freq(TEXT, { clitics = true })
    assert.are.same(a, b)
    assert.are.same(a, c)
    assert.are.equal(3, sa.texts)
    assert.are.equal(3, sb.texts)
    local records = {}
    for k, line in ipairs(lines) do records[k] = { id = "d" .. k, text = line } end
    assert.are.same(a, (arabic.freq(records, { clitics = true })))
  end)

  it("filters by count, kind and length", function()
    local list = arabic.freq(TEXT, { min_count = 2 })
    for _, w in ipairs(list) do assert.is_true(w.count >= 2) end
    assert.are.equal(3, #arabic.freq(TEXT, { limit = 3 }))
    local nums = arabic.freq("في 2024 و2025 قال 2024 CNN", { kinds = { "number" } })
    assert.are.equal("2024", nums[1].word)
    assert.are.equal(2, nums[1].count)
    local latin = arabic.freq("CNN cnn Reuters", {})
    assert.are.equal(2, find(latin, "cnn").count) -- search casefolds
    local raw = arabic.freq("CNN cnn", { normalize = false })
    assert.are.equal(1, find(raw, "CNN").count)
  end)

  it("is the same on every run", function()
    local a = arabic.freq(TEXT, { stem = true, clitics = true, stopwords = true })
    local b = arabic.freq(TEXT, { stem = true, clitics = true, stopwords = true })
    assert.are.same(a, b)
  end)

  it("folds the seed pages' clitic forms of ايران", function()
    local files = {}
    for _, name in ipairs { "000_06a7775f48ea754c.txt", "002_b32b7a91936fa7a8.txt", "004_168f140117ab1efe.txt" } do
      local p = corpus.path("news/" .. name)
      if not p then return pending(corpus.missing("news/" .. name)) end
      files[#files + 1] = p
    end
    local texts = {}
    for _, p in ipairs(files) do
      for line in arabic.lines(p) do texts[#texts + 1] = line end
    end
    local plain = arabic.freq(texts)
    local folded = arabic.freq(texts, { clitics = true })
    local iran = find(folded, "ايران")
    local f = forms(iran)
    assert.is_true(f["وايران"] > 0 and f["لايران"] > 0)
    assert.are.equal(find(plain, "ايران").count + find(plain, "وايران").count + find(plain, "لايران").count
      + (f["بايران"] or 0) + (f["ولايران"] or 0) + (f["فايران"] or 0), iran.count)
  end)

  it("rejects bad arguments, naming them", function()
    assert.matches("bad argument #1 to 'freq' %(text, list of texts or iterator expected, got nil%)",
      failing(arabic.freq, nil))
    assert.matches("bad argument #2 to 'freq' (unknown option 'stemm'; valid: " .. args.names(freq.OPTIONS) .. ")",
      failing(arabic.freq, "x", { stemm = true }), 1, true)
    assert.matches("option 'min_count' must be an integer >= 1, got 0", failing(arabic.freq, "x", { min_count = 0 }), 1, true)
    assert.matches("option 'kinds': unknown token kind 'words'; valid: email, latin, number",
      failing(arabic.freq, "x", { kinds = { "words" } }), 1, true)
    assert.matches([[bad argument #2 to 'freq' (option 'stem' must be false, true, "light10", "isri", stemmer options or a stemmer, got "snowball")]],
      failing(arabic.freq, "x", { stem = "snowball" }), 1, true)
    assert.matches("bad argument #2 to 'freq' (option 'stem': unknown option 'algo'; valid: algorithm, cache, normalize)",
      failing(arabic.freq, "x", { stem = { algo = "isri" } }), 1, true)
    assert.matches("element 2 is not a string", failing(arabic.freq, { "a", 5 }))
    assert.matches("option 'stopwords': must hold strings, got number",
      failing(arabic.freq, "x", { stopwords = { 1, 2 } }), 1, true)
    assert.matches("option 'stopwords': no stop list '/nonexistent/stop.txt'",
      failing(arabic.freq, "x", { stopwords = "/nonexistent/stop.txt" }), 1, true)
  end)
end)
