-- The corpus tools' options have one owner, arabic.args: each module
-- exports OPTIONS made of args types, the pipeline's `stem` step takes the
-- stem module's spec, and the incremental forms (freq's counter, dedup's
-- deduper) give what the one-call forms give.
local arabic = require "arabic"
local args = require "arabic.args"
local pipeline = require "arabic.pipeline"
local unpack = table.unpack or unpack

local function failing(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "the call should have failed")
  return tostring(err)
end

local PAGE = "عاجل\nاجتمع وزراء الخارجية في مسقط لبحث الملاحة في البحر الأحمر.\nاقرأ أيضاً: مقالات أخرى\n"
  .. "وقال الوزراء إن الملاحة البحرية تحتاج إلى حماية.\n"

describe("corpus tool options", function()
  it("are args specs exported by each module", function()
    local mods = {
      ["arabic.stem"] = { "OPTIONS", "STEP_OPTIONS" }, ["arabic.stopwords"] = { "OPTIONS" },
      ["arabic.freq"] = { "OPTIONS" }, ["arabic.kwic"] = { "OPTIONS" }, ["arabic.dedup"] = { "OPTIONS" },
      ["arabic.export"] = { "OPTIONS" }, ["arabic.stream"] = { "OPTIONS", "STREAM_OPTIONS" },
    }
    local Type = getmetatable(args.boolean)
    for name, specs in pairs(mods) do
      local m = require(name)
      assert.is_nil(m.spec, name .. ".spec: one declaration only")
      for _, s in ipairs(specs) do
        assert.is_table(m[s], name .. "." .. s)
        for key, ty in pairs(m[s]) do
          assert.are.equal(Type, getmetatable(ty), name .. "." .. s .. "." .. key .. " is an args type")
          assert.is_string(ty.what, key)
        end
      end
    end
    assert.is_false(pcall(require, "arabic.optspec"))
  end)

  it("share their option types: stem and stopwords in freq and kwic", function()
    local stem, stopwords = require "arabic.stem", require "arabic.stopwords"
    assert.are.equal(stem.OPTION, require("arabic.freq").OPTIONS.stem)
    assert.are.equal(stem.OPTION, require("arabic.kwic").OPTIONS.stem)
    assert.are.equal(stopwords.OPTION, require("arabic.freq").OPTIONS.stopwords)
    -- the value is the stemmer itself; a switch that may carry a value on a command line
    local ok, st = stem.OPTION.test("isri")
    assert.is_true(ok)
    assert.are.equal("isri", st.algorithm)
    assert.is_true(stem.OPTION.flag and stem.OPTION.optional_value)
    assert.are.equal("isri", stem.OPTION.from_text("isri"))
    assert.is_true(stem.OPTION.from_text("yes"))
  end)

  it("presets compiled once, each equal to what args.normalizer compiles", function()
    local text = "الولایات المتحدةَ ٢٠٢٤ ﻻ"
    for _, preset in ipairs { "search", "display", "lucene", "camel", "none" } do
      local ok, a = args.normalization.test(preset)
      assert.is_true(ok)
      assert.are.equal(a, select(2, args.normalization.test(preset)), preset .. ": compiled once")
      assert.are.same(args.normalizer(preset):options(), a:options(), preset)
      assert.are.equal(args.normalizer(preset)(text), a(text), preset)
    end
    -- nil is the default preset; a table is compiled anew, from the default preset
    assert.are.equal(args.shared_normalizer(args.DEFAULT_PRESET), args.shared_normalizer(nil))
    local _, t1 = args.normalization.test { teh_marbuta = "heh" }
    local _, t2 = args.normalization.test { teh_marbuta = "heh" }
    assert.are_not.equal(t1, t2)
    assert.are.same(args.normalizer({ teh_marbuta = "heh" }):options(), t1:options())
    assert.are.equal("الولايات المتحده", t1("الولایات المتحدةَ"))
    -- a normalizer the caller asked for is the caller's own (it may close it)
    assert.are_not.equal(args.normalizer("search"), args.normalizer("search"))
    assert.are_not.equal(arabic.normalizer("search"), select(2, args.normalization.test("search")))
    local ok, err = args.normalization.test("serch")
    assert.is_false(ok)
    assert.matches("serch", err)
    assert.is_nil(args.shared_normalizer("serch"))
  end)

  it("optional normalization: false, true or a normalizer, presets compiled once", function()
    local t = args.optional_normalization("search")
    assert.are.same({ true, false }, { t.test(false) })
    local _, a = t.test(true)
    local _, b = args.normalization.test("search")
    assert.are.equal(a, b)
    assert.are.equal("ايران", a("إيرانَ"))
    local ok, err = t.test("serch")
    assert.is_false(ok)
    assert.matches("serch", err)
    assert.is_false(t.from_text("off"))
  end)
end)

describe("the pipeline's stem step", function()
  it("is declared by the stem module's spec", function()
    assert.are.equal(require("arabic.stem").STEP_OPTIONS, pipeline.OPTIONS.stem.spec)
  end)

  it("gives doc.tokens in source offsets, words with stems, chrome left out", function()
    local p = arabic.pipeline { boilerplate = true, stem = true }
    local doc = p:run(PAGE)
    assert.is_true(#doc.tokens > 10)
    local stems = {}
    for _, t in ipairs(doc.tokens) do
      assert.are.equal(PAGE:sub(t.first, t.last), t.text)
      for _, r in ipairs(doc.removed) do assert.is_false(t.first >= r.first and t.first <= r.last, t.text) end
      if t.kind == "word" then stems[#stems + 1] = t.stem else assert.is_nil(t.stem) end
    end
    -- light10: و off وزراء (a light stemmer), ال and ة off الملاحة; عاجل and the teaser line are gone
    assert.are.same({ "اجتمع", "زراء", "خارج", "في", "مسقط", "لبحث", "ملاح" }, { unpack(stems, 1, 7) })
    assert.are.equal("قال", stems[11])
    -- the same as the step made by hand
    local q = arabic.pipeline { boilerplate = true, steps = { arabic.stem_step() } }
    assert.are.same(q:run(PAGE).tokens, doc.tokens)
    -- "isri" is { algorithm = "isri" }; kinds picks what is stemmed
    local isri = arabic.pipeline { stem = "isri" }:run("اجتمع الوزراء في 2024")
    assert.are.equal("جمع", isri.tokens[1].stem)
    local both = arabic.pipeline { stem = { kinds = { "word", "number" } } }:run("اجتمع الوزراء في 2024")
    assert.are.equal("2024", both.tokens[4].stem)
    assert.matches("stem", tostring(arabic.pipeline { stem = true }))
  end)

  it("rejects bad step options with both keys named", function()
    local _, err = pipeline.build { stem = { algo = "isri" } }
    assert.are.equal("unknown option 'algo' in 'stem'; valid: algorithm, kinds, normalize", err)
    _, err = pipeline.build { stem = "porter" }
    assert.are.equal([[option 'algorithm' in 'stem' must be "light10" or "isri", got "porter"]], err)
    _, err = pipeline.build { stem = { kinds = { "words" } } }
    assert.matches("unknown token kind 'words'", err, 1, true)
    assert.matches("bad argument #1 to 'stem_step' (unknown option 'kind'",
      failing(arabic.stem_step, { kind = { "word" } }), 1, true)
  end)
end)

describe("incremental forms", function()
  local texts = {
    "زار وفد من إيران العاصمة العمانية. وإيران تقول إن المحادثات مستمرة، ولإيران مصالح في الخليج.",
    "وقالت إيران إن الولايات المتحدة لم ترد. والولايات المتحدة تنفي ذلك.",
    "زار وفد من إيران العاصمة العمانية. وإيران تقول إن المحادثات مستمرة، ولإيران مصالح في الخليج.",
  }

  it("freq's counter gives what freq gives", function()
    local opts = { stem = true, clitics = true, stopwords = true }
    local c = require("arabic.freq").counter(opts)
    for _, t in ipairs(texts) do c:add(t) end
    local a, sa = c:result()
    local b, sb = arabic.freq(texts, opts)
    assert.are.same(b, a)
    assert.are.same(sb, sa)
    assert.matches("bad argument #1 to 'counter' (unknown option 'stemm'",
      failing(require("arabic.freq").counter, { stemm = true }), 1, true)
    assert.matches("bad argument #1 to 'add' (string expected, got number)", failing(c.add, c, 3), 1, true)
  end)

  it("dedup's deduper gives what dedup gives, with the ids given", function()
    local d = require("arabic.dedup").deduper { unit = "document" }
    for i, t in ipairs(texts) do d:add(t, "doc" .. i) end
    local groups, stats = d:groups()
    assert.are.equal(1, #groups)
    assert.are.same({ "doc1", "doc3" }, { groups[1].members[1].id, groups[1].members[2].id })
    assert.are.same({ units = 3, documents = 3 }, stats)
    local g2 = arabic.dedup(texts)
    assert.are.same({ 1, 3 }, { g2[1].members[1].id, g2[1].members[2].id })
    assert.are.equal(g2[1].members[1].last, groups[1].members[1].last)
    assert.matches("bad argument #1 to 'deduper' (option 'hashes' (100) must be a multiple of option 'bands' (32))",
      failing(require("arabic.dedup").deduper, { hashes = 100 }), 1, true)
  end)
end)
