-- Stemming: the conformance table (spec/data/stem_conformance.tsv: our own
-- words, each row naming the rule it tests), the stemmer object, the token
-- step and argument errors.
local arabic = require "arabic"

local function rows()
  local out = {}
  for line in io.lines("spec/data/stem_conformance.tsv") do
    if line ~= "" and not line:match("^#") then
      local algo, word, stem, rule = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t(.+)$")
      assert(algo, "bad row: " .. line)
      out[#out + 1] = { algo = algo, word = word, stem = stem, rule = rule }
    end
  end
  return out
end

-- The error message of a call that must fail.
local function failing(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "the call should have failed")
  return tostring(err)
end

describe("stemming", function()
  describe("conformance table", function()
    local all = rows()
    it("has rows for both algorithms", function()
      local n = { light10 = 0, isri = 0 }
      for _, r in ipairs(all) do n[r.algo] = n[r.algo] + 1 end
      assert.is_true(n.light10 >= 20)
      assert.is_true(n.isri >= 30)
    end)
    for _, r in ipairs(all) do
      it(("%s: %s -> %s (%s)"):format(r.algo, r.word, r.stem, r.rule), function()
        assert.are.equal(r.stem, arabic.stem(r.word, r.algo))
      end)
    end
  end)

  it("defaults to light10", function()
    assert.are.equal("كتاب", arabic.stem("والكتابات"))
    assert.are.equal("كتب", arabic.stem("والكتابات", "isri"))
  end)

  it("compiles a stemmer once and calls it like a function", function()
    local st = arabic.stemmer { algorithm = "light10" }
    assert.are.equal("معلم", st("المعلمون"))
    assert.are.equal("معلم", st:stem("المعلمين"))
    assert.are.same({ "كتاب", "معلم", "" }, st:list { "الكتاب", "المعلمات", "" })
    assert.matches("arabic.stemmer %(light10%)", tostring(st))
  end)

  it("normalizes as asked before stemming", function()
    -- without normalization ة stays ة and the ية suffix applies
    local raw = arabic.stemmer { algorithm = "light10", normalize = false }
    assert.are.equal("قض", raw("قضية"))
    assert.are.equal("أبو", raw("أبو"))
    assert.are.equal("ابو", arabic.stem("أبو"))
    -- isri with the search preset sees إ as ا everywhere
    local isri = arabic.stemmer { algorithm = "isri", normalize = "search" }
    assert.are.equal("سال", isri("سأل"))
    assert.are.equal("سأل", arabic.stem("سأل", "isri"))
    -- a normalizer object
    local n = arabic.normalizer { preset = "search", teh_marbuta = "heh" }
    assert.are.equal("مدرس", arabic.stemmer { normalize = n }("المدرسة"))
  end)

  it("gives the same result with and without its cache", function()
    local a = arabic.stemmer { algorithm = "isri", cache = 0 }
    local b = arabic.stemmer { algorithm = "isri", cache = 2 }
    for _, w in ipairs { "استخدام", "مكتوب", "استخدام", "رسائل", "مكتوب", "زلازل", "استخدام" } do
      assert.are.equal(a(w), b(w))
    end
  end)

  it("accepts any bytes: invalid UTF-8, empty strings, long words", function()
    assert.are.equal("", arabic.stem(""))
    assert.are.equal("", arabic.stem("", "isri"))
    assert.are.equal("\255\254", arabic.stem("\255\254", "isri"))
    local long = ("ب"):rep(100)
    assert.are.equal(long, arabic.stem(long, "isri")) -- over 64 characters: as it is
    assert.are.equal(long, arabic.stem("ال" .. long))
    -- a broken byte inside a word is kept in place
    assert.are.equal("ك\255ب", arabic.stem("ك\255اب", "isri"))
    -- normalization writes U+FFFD for each invalid sequence; without it the bytes stay
    assert.are.equal("\239\191\189\239\191\189", arabic.stem("ال\255\254", "light10"))
    assert.are.equal("\255\254", arabic.stemmer { normalize = false }("ال\255\254"))
  end)

  it("adds stems to token lists (the pipeline step)", function()
    local st = arabic.stemmer "light10"
    local toks = st:tokens(arabic.tokenize("والكتابات 12 CNN"))
    assert.are.equal("كتاب", toks[1].stem)
    assert.is_nil(toks[2].stem)
    assert.is_nil(toks[3].stem)
    local p = arabic.pipeline { boilerplate = true, steps = { arabic.stem_step { algorithm = "isri" } } }
    local doc = p:run("اقرأ أيضاً: مقالات أخرى\nاجتمع الوزراء في مسقط")
    local words = {}
    for _, t in ipairs(doc.tokens) do
      assert.are.equal(doc.text:sub(t.first, t.last), t.text)
      if t.stem then words[#words + 1] = t.stem end
    end
    assert.is_true(#words >= 3)
    assert.are.equal("جمع", words[#words - 3])
  end)

  it("rejects bad arguments, naming them", function()
    local err = failing(arabic.stem, nil)
    assert.matches("bad argument #1 to 'stem' %(string expected, got nil%)", err)
    err = failing(arabic.stem, "كتاب", "khoja")
    assert.matches([[bad argument #2 to 'stem' (algorithm must be "light10" or "isri", got "khoja")]], err, 1, true)
    err = failing(arabic.stemmer, { algoritm = "isri" })
    assert.matches("bad argument #1 to 'stemmer' (unknown option 'algoritm'; valid: algorithm, cache, normalize)", err, 1, true)
    err = failing(arabic.stemmer, { algorithm = "porter" })
    assert.matches([[option 'algorithm' must be "light10" or "isri", got "porter"]], err, 1, true)
    err = failing(arabic.stemmer, { normalize = "serch" })
    assert.matches("bad argument #1 to 'stemmer' (option 'normalize': ", err, 1, true)
    assert.matches("serch", err)
    local st = arabic.stemmer()
    err = failing(st.list, st, { "كتاب", 3 })
    assert.matches("element 2 is not a string", err)
  end)
end)
