-- numbers.find looks only at number tokens, number words and the few
-- tokens after them (core.triggers' near); the numbers must be those found
-- by reading every token of the text (numbers._all_tokens, the reference).
local numbers = require "arabic.numbers"
local corpus = require "corpus"

local function show(list)
  local out = {}
  for _, d in ipairs(list) do
    out[#out + 1] = ("%d,%d,%s,%s,%s"):format(d.first, d.last, d.text, tostring(d.value), tostring(d.percent))
  end
  return table.concat(out, "\n")
end

local function same(s)
  numbers._all_tokens = true
  local ok, want = pcall(numbers.find, s)
  numbers._all_tokens = nil
  assert(ok, want)
  assert.are.equal(show(want), show(numbers.find(s)), ("differs on %q"):format(s))
  return #want
end

local rand = require "lcg"(777) -- the same texts under every Lua

describe("numbers near their words", function()
  it("finds what reading every token finds: random texts", function()
    local words = { "واحد", "واحدة", "إحدى", "أحد", "عشر", "عشرة", "ثلاث", "ثلاثة", "خمسة", "وعشرون", "عشرين", "مئة",
      "مائة", "ثلاثمئة", "ألف", "آلاف", "ألفان", "مليون", "ملايين", "مليار", "نصف", "ونصف", "ربع", "ثلث", "في",
      "المئة", "المائة", "بالمئة", "%", "٪", "و", "كلمة", "قال", ".", "،", "⁄", "½", "¼", "1⁄2", "3.5", "٣٫٥",
      "1,000", "١٬٠٠٠", "2024", "12", "0", "G20", "عام2024", "\n" }
    local seps = { " ", "", " ", "\n", "  ", "و" }
    local found = 0
    for _ = 1, 2000 do
      local parts = {}
      for _ = 1, rand(25) do
        parts[#parts + 1] = words[rand(#words)]
        parts[#parts + 1] = seps[rand(#seps)]
      end
      found = found + same(table.concat(parts))
    end
    assert.is_true(found > 2000)
  end)

  it("finds what reading every token finds: the news corpus", function()
    local p = corpus.path("news/000_06a7775f48ea754c.txt")
    if not p then
      pending(corpus.missing("news/000_06a7775f48ea754c.txt"))
      return
    end
    for _, f in ipairs { "000_06a7775f48ea754c.txt", "002_b32b7a91936fa7a8.txt", "004_168f140117ab1efe.txt" } do
      local h = assert(io.open(corpus.path("news/" .. f), "rb"))
      local s = h:read("*a")
      h:close()
      same(s)
      for line in s:gmatch("[^\n]+") do same(line) end
    end
  end)
end)
