-- PCRE2 patterns: UTF + UCP, captures as offsets, limits, normalized text.
local arabic = require "arabic"

describe("arabic.regex", function()
  it("finds with Arabic-aware classes", function()
    local re = arabic.regex([[(\d+)\s*(يناير|فبراير)]])
    local s = "وصل في 10 يناير"
    local first, last, day, month = re:find(s)
    assert.are.equal("10 يناير", s:sub(first, last))
    assert.are.equal("10", day)
    assert.are.equal("يناير", month)
    assert.are.equal("ابريل", arabic.regex([[\w+$]]):match("وصل في ابريل"))
    assert.is_true(arabic.regex([[\bمسقط\b]]):find("إلى مسقط.") ~= nil)
    assert.is_nil(arabic.regex([[\bمسقط\b]]):find("مسقطي"))
  end)

  it("iterates with numbered and named captures as byte offsets", function()
    local re = arabic.regex([[(?<d>\d+)/(?<m>\d+)]])
    local s = "في 10/1 و٣/٢"
    local out = {}
    for first, last, caps in re:gmatch(s) do
      out[#out + 1] = s:sub(first, last) .. ":" .. caps.d[3] .. "," .. s:sub(caps[2][1], caps[2][2])
    end
    assert.are.same({ "10/1:10,1", "٣/٢:٣,٢" }, out)
  end)

  it("handles empty matches without looping", function()
    local n = 0
    for _ in arabic.regex("x*"):gmatch("أبج") do n = n + 1 end
    assert.are.equal(4, n)
  end)

  it("substitutes with strings, tables and functions", function()
    local re = arabic.regex([[(\d+)]])
    assert.are.equal("في [10] و[20]", (re:gsub("في 10 و20", "[%1]")))
    assert.are.equal("في عشرة و20", (re:gsub("في 10 و20", { ["10"] = "عشرة" })))
    assert.are.equal("في 11 و21", (re:gsub("في 10 و20", function(_, d) return tostring(tonumber(d) + 1) end)))
    local out, n = arabic.regex([[(?<w>ا)]]):gsub("باب", "%{w}%{w}", 1)
    assert.are.equal("بااب", out)
    assert.are.equal(1, n)
  end)

  it("takes flags", function()
    assert.are.equal("CNN", arabic.regex("cnn", "i"):match("قالت CNN"))
    assert.has_error(function() arabic.regex("x", "q") end)
  end)

  it("names the offset of a syntax error", function()
    local ok, err = pcall(arabic.regex, "(abc")
    assert.is_false(ok)
    assert.matches("bad argument #1 to 'regex' %(missing closing parenthesis at pattern offset 4%)", err)
  end)

  -- found by fuzz_regex: PCRE2 10.42 puts the error of a truncated verb one
  -- byte past the end of the pattern
  it("keeps the offset of a syntax error inside the pattern", function()
    local ok, err = pcall(arabic.regex, "(*LIMIT_MATCH=1")
    assert.is_false(ok)
    local off = tonumber(err:match("at pattern offset (%d+)"))
    assert.is_true(off ~= nil and off <= #"(*LIMIT_MATCH=1", err)
  end)

  it("gives up with an error on catastrophic backtracking", function()
    local re = arabic.regex([[^(\w+\s?)*$]])
    local ok, err = pcall(re.find, re, ("كلمة "):rep(40) .. "!")
    assert.is_false(ok)
    assert.matches("match limit exceeded", err)
  end)

  it("matches around invalid UTF-8", function()
    assert.are.equal("مسقط", arabic.regex("مسقط"):match("\255 مسقط \254"))
  end)

  it("runs on normalized text and reports source offsets", function()
    local re = arabic.regex("الولايات المتحدة")
    local s = "زار الوِلایات المتّحدة"
    assert.is_nil(re:find(s))
    local first, last = re:find(s, 1, { normalize = "search" })
    assert.are.equal("الوِلایات المتّحدة", s:sub(first, last))
    local seen = {}
    for a, b in arabic.regex([[\d+]]):gmatch("في ١٠ و٢٠", { normalize = "search" }) do seen[#seen + 1] = ("في ١٠ و٢٠"):sub(a, b) end
    assert.are.same({ "١٠", "٢٠" }, seen)
  end)
end)
