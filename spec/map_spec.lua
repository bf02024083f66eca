-- The offset map: every finding in normalized text can be reported against
-- the text the user gave us.
local arabic = require "arabic"

describe("offset map", function()
  it("maps a normalized word back to its source, diacritics included", function()
    local s = "قال لإيرانَ إنّ"
    local out, map = arabic.normalize_map(s, "search")
    assert.are.equal("قال لايران ان", out)
    local i, j = out:find("ايران", 1, true)
    local first, last = map:source(i, j)
    assert.are.equal("إيرانَ", s:sub(first, last))
  end)

  it("maps source ranges forward", function()
    local s = "مسقط\226\128\143 وطهران"
    local out, map = arabic.normalize_map(s, "search")
    local a, b = s:find("طهران", 1, true)
    local i, j = map:target(a, b)
    assert.are.equal("طهران", out:sub(i, j))
  end)

  it("treats an expansion as one unit", function()
    local s = "قالﷺ"
    local out, map = arabic.normalize_map(s, { preset = "search", word_ligatures = true })
    assert.are.equal("قالصلي الله عليه وسلم", out)
    local i = out:find("الله", 1, true)
    local first, last = map:source(i, i + 1)
    assert.are.equal("ﷺ", s:sub(first, last))
  end)

  it("gives removed characters to the character before them", function()
    local s = "مـــــصر"
    local out, map = arabic.normalize_map(s, "search")
    assert.are.equal("مصر", out)
    local first, last = map:source(1, 2) -- the meem
    assert.are.equal("مـــــ", s:sub(first, last))
    local i, j = map:target(3, 12) -- the tatweel alone
    assert.are.equal("م", out:sub(i, j))
  end)

  it("handles text that starts with removed characters", function()
    local s = "\239\187\191\226\128\143عمان"
    local out, map = arabic.normalize_map(s, "search")
    assert.are.equal("عمان", out)
    local first, last = map:source(1, #out)
    assert.are.equal("عمان", s:sub(first, last))
    local i, j = map:target(1, 3) -- the BOM maps to nothing
    assert.are.equal(j, i - 1)
  end)

  it("accepts empty ranges and reports lengths", function()
    local s = "أ ب"
    local out, map = arabic.normalize_map(s, "search")
    local first, last = map:source(2, 1)
    assert.are.equal(last, first - 1)
    local sl, tl, anchors = map:lengths()
    assert.are.equal(#s, sl)
    assert.are.equal(#out, tl)
    assert.is_number(anchors)
    assert.matches("arabic.Map", tostring(map))
  end)

  it("checks its arguments", function()
    local _, map = arabic.normalize_map("أب", "search")
    assert.has_error(function() map:source(0) end)
    assert.has_error(function() map:source(1, 99) end)
    assert.has_error(function() map:source("x") end)
    assert.has_error(function() map.source(42, 1) end)
  end)

  it("stays small for text that keeps its length", function()
    local s = ("أجرت الولايات المتحدة محادثات مع إيران في مسقط. "):rep(2000)
    local out, map = arabic.normalize_map(s, "search")
    local _, _, anchors = map:lengths()
    assert.are.equal(#s, #out)
    assert.are.equal(0, anchors)
  end)
end)
