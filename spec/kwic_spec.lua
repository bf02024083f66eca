-- Concordance: normalized and clitic forms of the query, source offsets,
-- context width, phrases, stems.
local arabic = require "arabic"

local TEXT = "قال مسؤول إن إيران مستعدة للحوار.\n"
  .. "وأكدت لإيران مصادر أخرى أن الإيرانيين غاضبون، وإيرانَ لن تتراجع.\n"
  .. "وصل وفد الولايات\nالمتحدة إلى مسقط، وللولايات المتحدة سفارة هناك. الولايات، المتحدة كلمتان."

local function failing(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "the call should have failed")
  return tostring(err)
end

local function chars(s)
  local _, n = s:gsub("[^\128-\191]", "")
  return n
end

describe("kwic", function()
  it("finds normalized and clitic forms, with source offsets", function()
    local hits = arabic.kwic(TEXT, "ايران")
    local got = {}
    for i, h in ipairs(hits) do
      assert.are.equal(TEXT:sub(h.first, h.last), h.match)
      got[i] = h.match .. "|" .. (h.clitic or "")
    end
    assert.are.same({ "إيران|", "لإيران|ل", "وإيرانَ|و" }, got)
  end)

  it("shows up to `width` characters of context, white space as one space", function()
    local hits = arabic.kwic(TEXT, "مسقط", { width = 12 })
    assert.are.equal(1, #hits)
    local h = hits[1]
    assert.is_true(chars(h.left) <= 12 and chars(h.right) <= 12)
    assert.are.equal("الولايات المتحدة إلى ", arabic.kwic(TEXT, "مسقط", { width = 21 })[1].left)
    assert.are.equal("، وللولايات", h.right:sub(1, #"، وللولايات"))
    assert.are.equal("", arabic.kwic(TEXT, "مسقط", { width = 0 })[1].left)
    -- at the edges of the text
    local first = arabic.kwic(TEXT, "قال")[1]
    assert.are.equal("", first.left)
    assert.are.equal(1, first.first)
  end)

  it("matches phrases across white space and line breaks, not punctuation", function()
    local hits = arabic.kwic(TEXT, "الولايات المتحدة")
    local got = {}
    for i, h in ipairs(hits) do got[i] = h.match end
    assert.are.same({ "الولايات\nالمتحدة", "وللولايات المتحدة" }, got)
    assert.are.equal("ول", hits[2].clitic)
  end)

  it("never splits a common word", function()
    local hits = arabic.kwic("كما قال، ما قال", "ما")
    assert.are.equal(1, #hits)
    assert.are.equal("ما", hits[1].match)
  end)

  it("matches by stem on request", function()
    local text = "قرأت الكتاب ثم كتابها ثم الكتابات القديمة"
    assert.are.equal(1, #arabic.kwic(text, "الكتاب"))
    local hits = arabic.kwic(text, "الكتاب", { stem = true })
    assert.are.equal(3, #hits)
    assert.are.equal("كتابها", hits[2].match)
  end)

  it("can match exact forms only", function()
    assert.are.equal(1, #arabic.kwic(TEXT, "إيران", { clitics = false }))
  end)

  it("maps offsets through normalization that changes lengths", function()
    local text = "زارت الوفود طهرانَ ﻹيران بالأمس" -- a diacritic and a presentation form
    local hits = arabic.kwic(text, "إيران")
    assert.are.equal(1, #hits)
    assert.are.equal("ﻹيران", hits[1].match)
    assert.are.equal(text:sub(hits[1].first, hits[1].last), hits[1].match)
  end)

  it("rejects bad arguments, naming them", function()
    assert.matches("bad argument #1 to 'kwic' %(string expected, got nil%)", failing(arabic.kwic, nil, "x"))
    assert.matches("bad argument #2 to 'kwic' %(the query has no words%)", failing(arabic.kwic, "نص", "، ."))
    assert.matches("bad argument #3 to 'kwic' (unknown option 'widht'; valid: clitics, normalize, stem, width)",
      failing(arabic.kwic, "نص", "نص", { widht = 3 }), 1, true)
    assert.matches("option 'width' must be an integer >= 0, got -1", failing(arabic.kwic, "نص", "نص", { width = -1 }), 1, true)
    assert.matches([[option 'stem' must be false, true, "light10", "isri"]], failing(arabic.kwic, "نص", "نص", { stem = "x" }), 1, true)
    assert.matches("bad argument #3 to 'kwic' (option 'normalize': ", failing(arabic.kwic, "نص", "نص", { normalize = "serch" }), 1, true)
  end)
end)

describe("concordancer", function()
  it("is kwic compiled once for a query", function()
    local kw = arabic.concordancer("الولايات المتحدة", { width = 10 })
    assert.are.same(arabic.kwic(TEXT, "الولايات المتحدة", { width = 10 }), kw(TEXT))
    assert.are.same({}, kw("لا شيء هنا"))
    local ok, err = pcall(arabic.concordancer, "، .")
    assert.is_false(ok)
    assert.matches("bad argument #1 to 'concordancer' %(the query has no words%)", err)
    ok, err = pcall(kw, 42)
    assert.is_false(ok)
    assert.matches("bad argument #1 to 'concordancer' %(string expected, got number%)", err)
  end)
end)
