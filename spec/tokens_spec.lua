-- The tokenizer: kinds and source offsets.
local arabic = require "arabic"

local function kinds(s)
  local out = {}
  for first, last, kind in arabic.tokens(s) do
    out[#out + 1] = kind .. ":" .. s:sub(first, last)
  end
  return table.concat(out, " ")
end

describe("tokens", function()
  local cases = {
    { "زار بايدن مسقط.", "word:زار word:بايدن word:مسقط punct:." },
    { "والولايات المتحدة لإيران", "word:والولايات word:المتحدة word:لإيران" },
    { "وَفْقًا لـ\"فاينانشال تايمز\"", "word:وَفْقًا word:لـ punct:\" word:فاينانشال word:تايمز punct:\"" },
    { "بلغ النمو 3.5% و٣٫٥٪", "word:بلغ word:النمو number:3.5 punct:% word:و number:٣٫٥ punct:٪" },
    { "نحو 1,000,000 و١٬٠٠٠ و۱۴۰۳", "word:نحو number:1,000,000 word:و number:١٬٠٠٠ word:و number:۱۴۰۳" },
    { "في 10/1/2024", "word:في number:10 punct:/ number:1 punct:/ number:2024" },
    { "العدد 5، والباقي", "word:العدد number:5 punct:، word:والباقي" },
    { "زوروا https://example.com/ar/news?id=5.", "word:زوروا url:https://example.com/ar/news?id=5 punct:." },
    { "(www.example.org)", "punct:( url:www.example.org punct:)" },
    { "https://ar.wikipedia.org/wiki/مسقط، ثم", "url:https://ar.wikipedia.org/wiki/مسقط punct:، word:ثم" },
    { "للتواصل: info@example.com.", "word:للتواصل punct:: email:info@example.com punct:." },
    { "قالت CNN وThe New York Times", "word:قالت latin:CNN word:و latin:The latin:New latin:York latin:Times" },
    { "It's G20 and F-16", "latin:It's latin:G20 latin:and latin:F punct:- number:16" },
    { "انتهى...! ؟؟", "word:انتهى punct:... punct:! punct:؟؟" },
    { "«قال» “نعم”", "punct:« word:قال punct:» punct:“ word:نعم punct:”" },
    { "سعر $5 و😀", "word:سعر symbol:$ number:5 word:و symbol:😀" },
    { "می\226\128\140خواهم", "word:می\226\128\140خواهم" },
    { "ﺇﻳﺮﺍﻥ", "word:ﺇﻳﺮﺍﻥ" },
    { "Москва и ירושלים", "word:Москва word:и word:ירושלים" },
    { "a\255b", "latin:a other:\255 latin:b" },
    { "", "" },
    { " \n\t ", "" },
  }
  for _, c in ipairs(cases) do
    it(c[1], function() assert.are.equal(c[2], kinds(c[1])) end)
  end

  it("reports 1-based inclusive offsets", function()
    local s = "في مسقط"
    local list = arabic.tokenize(s)
    assert.are.equal(2, #list)
    assert.are.same({ first = 1, last = 4, kind = "word", text = "في" }, list[1])
    assert.are.equal("مسقط", s:sub(list[2].first, list[2].last))
  end)

  it("can start at a position", function()
    local out = {}
    for first, last in arabic.tokens("أ ب ج", 3) do out[#out + 1] = ("أ ب ج"):sub(first, last) end
    assert.are.same({ "ب", "ج" }, out)
  end)

  it("checks its arguments", function()
    assert.has_error(function() arabic.tokens(nil) end, "bad argument #1 to 'tokens' (string expected, got nil)")
    assert.has_error(function() arabic.tokens("abc", 99) end)
    assert.has_error(function() arabic.tokens("abc", "x") end)
  end)
end)
