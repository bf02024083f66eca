-- The bad-input contract (README, "Bad input"), entry point by entry point:
-- any byte string is accepted and nothing is lost; misuse is a Lua error
-- naming the argument; limits end in errors, never crashes or hangs.
local arabic = require "arabic"
local gazetteer = require "arabic.gazetteer"

-- invalid UTF-8 of every kind, and NUL
local BAD = {
  { "lone continuation", "a\128b" },
  { "continuation run", "\191\191\191" },
  { "overlong slash", "\192\175" },
  { "overlong 3-byte", "\224\128\175" },
  { "surrogate", "\237\160\128" },
  { "above U+10FFFF", "\244\144\128\128" },
  { "0xFF 0xFE", "\255\254" },
  { "truncated 2-byte at the end", "مسقط\216" },
  { "truncated 4-byte at the end", "abc\240\159\152" },
  { "NUL inside", "مس\0قط" },
  { "only NUL", "\0" },
}

local strict = arabic.normalizer { preset = "none", strict = true }
local function valid_utf8(s) return strict(s) ~= nil end

local function in_bounds(s, first, last)
  return type(first) == "number" and type(last) == "number" and first >= 1 and last <= #s and first <= last + 1
end

describe("contract: any byte string", function()
  for _, case in ipairs(BAD) do
    local name, s = case[1], case[2]
    it(name .. ": every entry point returns, offsets stay in the input", function()
      local out, invalid = arabic.normalizer("search")(s)
      assert.is_true(valid_utf8(out), "normalize output is valid UTF-8")
      if name:find("NUL") then
        assert.truthy(out:find("\0", 1, true), "NUL kept")
        assert.are.equal(0, invalid)
      else
        assert.is_true(invalid > 0, "invalid sequences counted")
      end
      local n2, map = arabic.normalize_map(s, "search")
      assert.are.equal(out, n2)
      local a, b = map:source(1, #n2)
      assert.is_true(in_bounds(s, a, b))
      local covered = 0
      for first, last, kind in arabic.tokens(s) do
        assert.is_true(in_bounds(s, first, last))
        assert.is_string(kind)
        covered = covered + (last - first + 1)
      end
      assert.is_true(covered <= #s)
      for first, last in arabic.sentences(s) do assert.is_true(in_bounds(s, first, last)) end
      for _, m in ipairs(arabic.entities(s)) do assert.is_true(in_bounds(s, m.first, m.last)) end
      for d in arabic.dates(s) do assert.is_true(in_bounds(s, d.first, d.last)) end
      for _, n in ipairs(arabic.numbers(s)) do assert.is_true(in_bounds(s, n.first, n.last)) end
      local r = arabic.boilerplate(s)
      for _, x in ipairs(r.removed) do assert.is_true(in_bounds(s, x.first, x.last)) end
      assert.are.equal(s, r.text, "a line of text is not chrome: kept whole")
      -- any character after the first: invalid bytes are matched around, so
      -- a match always exists here (at worst the final x) and is checked
      local t = "x" .. s .. "x"
      local first, last = arabic.regex("[\\s\\S]"):find(t, 2)
      assert.is_true(in_bounds(t, first, last) and first >= 2)
      assert.is_true(valid_utf8(t:sub(first, last)), "a whole character")
      local p = arabic.pipeline { boilerplate = true, sentences = true, entities = true, dates = true, numbers = true }
      assert.are.equal(s, p:run(s).text)
    end)
  end

  -- The loop above proves nothing about offsets when a string yields no
  -- entity, date, number or removed line: here every bad string sits inside
  -- a page that yields each of them, and each property runs on results
  -- (their count is asserted, then their text and bounds).
  local function page(bad)
    return "اقرأ أيضاً: تراجع حركة الشحن عبر قناة السويس\n" ..
      "وصل الوفد إلى مسقط في 10 يناير 2024 وضم 25 مسؤولا " .. bad .. " من إيران. ثم عاد.\n" ..
      "تابعونا على جوجل نيوز"
  end
  local function texts(s, list)
    local out = {}
    for i, x in ipairs(list) do
      assert.is_true(in_bounds(s, x.first, x.last), ("%d..%d in %d bytes"):format(x.first, x.last, #s))
      out[i] = s:sub(x.first, x.last)
    end
    return out
  end
  for _, case in ipairs(BAD) do
    local name = case[1]
    local s = page(case[2])
    it(name .. " inside a page: every finding is there, in bounds, with its text", function()
      -- one bad string is "مسقط" and a truncated character: a name of its own
      local muscat = name == "truncated 2-byte at the end"
      local function with_muscat(list)
        for i, x in ipairs(list) do
          if muscat and x == "إيران" then
            table.insert(list, i, "مسقط")
            break
          end
        end
        return list
      end
      assert.are.same(with_muscat { "قناة السويس", "مسقط", "إيران", "جوجل نيوز" }, texts(s, arabic.entities(s)))
      local ds = {}
      for d in arabic.dates(s) do ds[#ds + 1] = d end
      assert.are.same({ "10 يناير 2024" }, texts(s, ds))
      assert.are.same({ "10", "2024", "25" }, texts(s, arabic.numbers(s)))
      local r = arabic.boilerplate(s)
      assert.are.same({ "اقرأ أيضاً: تراجع حركة الشحن عبر قناة السويس", "تابعونا على جوجل نيوز" }, texts(s, r.removed))
      local sents = {}
      for first, last in arabic.sentences(s) do sents[#sents + 1] = { first = first, last = last } end
      assert.are.equal(4, #sents)
      texts(s, sents)
      assert.are.equal("ثم عاد.", s:sub(sents[3].first, sents[3].last))
      local spans = {}
      for first, last in arabic.regex("\\p{Arabic}+"):gmatch(s) do spans[#spans + 1] = { first = first, last = last } end
      -- 24 Arabic words on the page, and those of the bad string itself
      local extra = ({ ["truncated 2-byte at the end"] = 1, ["NUL inside"] = 2 })[name] or 0
      assert.are.equal(24 + extra, #spans)
      assert.are.same({ "اقرأ", "نيوز" }, { texts(s, spans)[1], texts(s, spans)[#spans] })
      -- tokens: the page's own 30 (24 words, 3 numbers, 3 marks) outside
      -- the bad string, which its tokens cover byte for byte
      local b0 = assert(s:find(case[2], 1, true))
      local b1 = b0 + #case[2] - 1
      local outside, covered = 0, 0
      for first, last in arabic.tokens(s) do
        assert.is_true(in_bounds(s, first, last))
        if last < b0 or first > b1 then
          outside = outside + 1
        else
          assert.is_true(first >= b0 and last <= b1, "a token crosses the bad string's edge")
          covered = covered + (last - first + 1)
        end
      end
      assert.are.equal(30, outside)
      assert.are.equal(#case[2], covered)
      local out, map = arabic.normalize_map(s, "search")
      local hits = 0
      for first, last in arabic.regex("مسقط|ايران"):gmatch(out) do
        hits = hits + 1
        local a, b = map:source(first, last)
        assert.is_true(in_bounds(s, a, b))
        assert.truthy(({ ["مسقط"] = true, ["إيران"] = true })[s:sub(a, b)], s:sub(a, b))
      end
      assert.are.equal(muscat and 3 or 2, hits)
      local p = arabic.pipeline { boilerplate = true, sentences = true, entities = true, dates = true, numbers = true }
      local doc = p:run(s)
      assert.are.equal(s, doc.text)
      assert.are.same(with_muscat { "مسقط", "إيران" }, texts(s, doc.entities))
      assert.are.same({ "10 يناير 2024" }, texts(s, doc.dates))
      assert.are.same({ "10", "2024", "25" }, texts(s, doc.numbers))
      assert.are.equal(2, #texts(s, doc.removed))
      assert.are.equal(2, #texts(s, doc.sentences))
    end)
  end

  it("strict normalization names the byte", function()
    local out, err = arabic.normalize("مسقط\216", { preset = "search", strict = true })
    assert.is_nil(out)
    assert.are.equal("invalid UTF-8 at byte 9", err)
  end)

  it("empty strings give empty results", function()
    assert.are.equal("", arabic.normalize(""))
    assert.is_nil(arabic.tokens("")())
    assert.are.same({}, arabic.split_sentences(""))
    assert.are.same({}, arabic.entities(""))
    assert.is_nil(arabic.dates("")())
    assert.are.same({}, arabic.numbers(""))
    assert.are.equal("", arabic.boilerplate("").text)
    assert.is_nil(arabic.regex("x"):find(""))
    assert.are.same({}, gazetteer.default():find(""))
  end)
end)

describe("contract: size", function()
  it("normalizes, maps, splits and searches a single 200 MB string", function()
    local unit = "استضافت مسقط جولة محادثات بين إيران والولايات المتحدة في 10 يناير 2024. "
    local s = unit:rep(math.ceil(200 * 1024 * 1024 / #unit))
    assert.is_true(#s >= 200 * 1024 * 1024)
    local out = arabic.normalize(s, "search")
    assert.is_true(#out > 0 and #out <= #s)
    local n, map = arabic.normalize_map(s, "display")
    local a, b = map:source(#n - 5, #n)
    assert.is_true(in_bounds(s, a, b))
    n, out, map = nil, nil, nil -- luacheck: ignore 311 (frees the 200 MB strings)
    local count = 0
    for _ in arabic.sentences(s) do count = count + 1 end
    assert.are.equal(math.ceil(200 * 1024 * 1024 / #unit), count)
    assert.are.equal(#s - 1, select(2, arabic.regex("2024\\.\\s*$"):find(s)) - 1)
    s = nil -- luacheck: ignore 311
    collectgarbage()
  end)

  it("bounds the growth of normalization (word ligatures)", function()
    -- U+FDFD expands 3 bytes to 41: the documented worst case, 14x + 64
    local s = ("\239\183\189"):rep(10000)
    for _, preset in ipairs { "display", "search", "lucene", "camel", "none" } do
      local out = arabic.normalize(s, preset)
      assert.is_true(#out <= 14 * #s + 64, preset)
    end
    assert.is_true(#arabic.normalize(s, "camel") > 10 * #s, "camel expands the ligature")
  end)

  it("keeps memory flat over a million small calls (RSS, in a fresh process)", function()
    local shell = require "shell"
    if os.getenv("LD_PRELOAD") and os.getenv("LD_PRELOAD"):find("asan") then
      pending("under AddressSanitizer freed memory waits in quarantine (LeakSanitizer checks leaks there)")
      return
    end
    local code, out, err = shell.lua_script({ "spec/rss_calls.lua", "1000000" })
    if code == 3 then
      pending("no /proc/self/status: RSS not measured")
      return
    end
    assert.are.equal(0, code, err)
    local growth = tonumber(out:match("growth (%-?%d+) KB"))
    assert.is_true(growth ~= nil and growth < 2048, out)
  end)
end)

describe("contract: out of memory", function()
  it("an allocation failure in the core is a Lua error, and the module goes on", function()
    local shell = require "shell"
    if shell.lua:match("luajit") then
      pending("LuaJIT reserves its own arena: an address-space limit fails the interpreter first")
      return
    end
    if os.getenv("LD_PRELOAD") and os.getenv("LD_PRELOAD"):find("asan") then
      pending("under AddressSanitizer the shadow memory does not fit an address-space limit")
      return
    end
    local build = os.getenv("ARABIC_BUILD") or ("build/" .. (shell.lua:match("lua(%d%.%d)") or "5.4"))
    local code, out, err = shell.run({ "sh", "-c", ("ulimit -v 900000 && LUA_PATH='lua/?.lua;lua/?/init.lua;;' " ..
      "LUA_CPATH='%s/?.so;;' %s spec/oom.lua"):format(build, shell.lua) })
    assert.are.equal(0, code, err)
    assert.matches("normalize\tfalse\t[^\n]*not enough memory", out)
    assert.matches("normalize_map\tfalse\t[^\n]*not enough memory", out)
    assert.matches("after\tالولايات", out)
  end)
end)

describe("contract: misuse is an error naming the argument", function()
  local cases = {
    { "normalize", function() arabic.normalize(nil) end, "bad argument #1 to 'normalize' (string expected, got nil)" },
    { "normalize options", function() arabic.normalize("x", 5) end, "bad argument #2 to 'normalize'" },
    { "normalizer", function() arabic.normalizer { preset = "serch" } end, "serch" },
    { "normalizer key", function() arabic.normalizer { harakat = true, tashkeel = true } end, "tashkeel" },
    { "tokens", function() arabic.tokens({}) end, "bad argument #1 to 'tokens' (string expected, got table)" },
    { "sentences", function() arabic.split_sentences(1 > 2) end, "bad argument #1 to 'split_sentences' (string expected, got boolean)" },
    { "sentences key", function() arabic.split_sentences("x", { mod = "lines" }) end, "unknown option 'mod'" },
    { "entities", function() arabic.entities(nil) end, "bad argument #1 to 'entities'" },
    { "entities key", function() arabic.entities("x", { fuzy = true }) end, "fuzy" },
    { "dates", function() arabic.dates(7) end, "bad argument #1 to 'dates' (string expected, got number)" },
    { "dates key", function() arabic.dates("x", { referance = "2024-01-01" }) end, "referance" },
    { "dates reference", function() arabic.dates("x", { reference = "yesterday" }) end, "reference" },
    { "numbers", function() arabic.numbers() end, "bad argument #1 to 'numbers'" },
    { "boilerplate", function() arabic.boilerplate("x", { list = {} }) end, "unknown option 'list'" },
    { "regex", function() arabic.regex("(") end, "bad argument #1 to 'regex'" },
    { "regex subject", function() arabic.regex("x"):find(nil) end, "bad argument #1" },
    { "gazetteer.new", function() gazetteer.new { normalise = "search" } end, "normalise" },
    { "gazetteer add", function() gazetteer.new():add("x", 5) end, "bad argument #2 to 'add'" },
    { "gazetteer open", function() gazetteer.open(nil) end, "bad argument #1" },
    { "pipeline", function() arabic.pipeline { sentence = true } end, "unknown option 'sentence'" },
  }
  for _, c in ipairs(cases) do
    it(c[1], function()
      local ok, err = pcall(c[2])
      assert.is_false(ok)
      assert.truthy(tostring(err):find(c[3], 1, true), tostring(err))
    end)
  end
end)

describe("contract: files", function()
  local tmp = os.tmpname()
  local function write(content)
    local f = assert(io.open(tmp, "wb"))
    f:write(content)
    f:close()
  end
  after_each(function() os.remove(tmp) end)

  it("rejects every truncation of a compiled gazetteer, and foreign files", function()
    local g = gazetteer.new()
    g:add("بريت ماكغورك", "PER", { id = "mcgurk" })
    g:add("مسقط", "LOC")
    g:save(tmp)
    local bytes = assert(io.open(tmp, "rb")):read("*a")
    for cut = 0, #bytes - 1, math.max(1, math.floor(#bytes / 64)) do
      write(bytes:sub(1, cut))
      local ok, err = pcall(gazetteer.open, tmp)
      assert.is_false(ok, "a file cut at " .. cut .. " bytes was accepted")
      assert.truthy(tostring(err):find(tmp, 1, true), "the message names the file: " .. tostring(err))
    end
    for _, foreign in ipairs { "\137PNG\r\n\26\n" .. ("\0"):rep(64), ("x"):rep(4096), "" } do
      write(foreign)
      assert.is_false((pcall(gazetteer.open, tmp)))
    end
  end)

  it("names the file and line of a bad gazetteer TSV line, or skips and counts", function()
    -- (trailing columns may be left out; more columns than the header is an error)
    write("name\ttype\tid\nمسقط\tLOC\tmuscat\n\tLOC\tempty\nطهران\tLOC\ttehran\nعمان\tLOC\tOM\textra\n")
    local ok, err = pcall(function() gazetteer.new():load(tmp, { format = "tsv" }) end)
    assert.is_false(ok)
    assert.truthy(tostring(err):find(tmp .. ":3", 1, true), tostring(err))
    local g, report = gazetteer.new():load(tmp, { format = "tsv", strict = false })
    assert.are.equal(2, report.skipped)
    assert.are.equal(2, g:count())
  end)

  it("stops a catastrophic regex at its limit with an error", function()
    local re = arabic.regex("^(a+)+$")
    local ok, err = pcall(re.find, re, ("a"):rep(40) .. "b")
    assert.is_false(ok)
    assert.truthy(tostring(err):find("limit", 1, true), tostring(err))
  end)
end)
