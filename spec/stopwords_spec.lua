-- Stop word lists: the gazetteer's common words (the same list, read from
-- the C core) and the counting list.
local arabic = require "arabic"

-- The error message of a call that must fail.
local function failing(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "the call should have failed")
  return tostring(err)
end

describe("stopwords", function()
  it("exposes the gazetteer's common-word list as a list and a set", function()
    local list, set = arabic.stopwords()
    assert.is_true(#list > 200)
    assert.is_true(set["على"] and set["كان"] and set["بين"])
    -- the same list the C core holds, deduplicated, in its order
    local raw, seen, n = arabic.core.common_words(), {}, 0
    for _, w in ipairs(raw) do
      if not seen[w] then
        seen[w] = true
        n = n + 1
        assert.are.equal(w, list[n])
      end
    end
    assert.are.equal(n, #list)
    for _, w in ipairs(list) do assert.is_true(set[w]) end
  end)

  it("has a larger, documented list for counting", function()
    local common = arabic.stopwords("common")
    local list, set = arabic.stopwords("counting")
    assert.is_true(#list > #common)
    for _, w in ipairs { "في", "التي", "هؤلاء", "إنه", "قالت", "لكنها" } do assert.is_true(set[w], w) end
    -- content words are not on it
    for _, w in ipairs { "إيران", "الحكومة", "محادثات", "السلام" } do assert.is_nil(set[w], w) end
    -- every entry once
    local seen = {}
    for _, w in ipairs(list) do
      assert.is_nil(seen[w], w)
      seen[w] = true
    end
  end)

  it("normalizes on request", function()
    local list, set = arabic.stopwords("counting", { normalize = "search" })
    assert.is_true(set["الي"]) -- إلى
    assert.is_nil(set["إلى"])
    local raw = arabic.stopwords("counting")
    assert.is_true(#list <= #raw)
    local _, s2 = arabic.stopwords("common", { normalize = true })
    assert.is_true(s2["علي"])
  end)

  it("returns fresh tables each time", function()
    local a = arabic.stopwords("counting")
    a[1] = "تغيير"
    assert.are_not.equal("تغيير", arabic.stopwords("counting")[1])
  end)

  it("reads a list from a file", function()
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    f:write("# mine\nقال\n\nأعلن\r\nقال\n")
    f:close()
    local list, set = arabic.stopwords(path)
    os.remove(path)
    assert.are.same({ "قال", "أعلن" }, list)
    assert.is_true(set["أعلن"])
  end)

  it("rejects unknown names and options", function()
    local err = failing(arabic.stopwords, "nope-no-such-list")
    assert.matches("bad argument #1 to 'stopwords' %(no stop list 'nope%-no%-such%-list'", err)
    err = failing(arabic.stopwords, "counting", { normalise = true })
    assert.matches("bad argument #2 to 'stopwords' (unknown option 'normalise'; valid: normalize)", err, 1, true)
    err = failing(arabic.stopwords, 3)
    assert.matches("list name expected, got number", err)
  end)
end)
