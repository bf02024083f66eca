-- core.text_check(s): is s text (valid UTF-8, no NUL)? The command line
-- checks every input line with it. It must say what the strict normalizer
-- (the check it replaced) says, at the same byte.
local arabic = require "arabic"
local core = require "arabic.core"

-- The check it replaced: a strict normalizer that changes nothing, and a
-- search for NUL; the first of the two wins.
local strict = arabic.normalizer { preset = "none", strict = true }
local function by_normalizer(s)
  local nul = s:find("\0", 1, true)
  local res, _, bad = strict(s)
  if res ~= nil then bad = nil end
  if nul and (not bad or nul < bad) then return "NUL byte", nul end
  if bad then return "invalid UTF-8", bad end
  return nil
end

local rand = require "lcg"(20261206) -- the same texts under every Lua

describe("core.text_check", function()
  it("passes text and names the first NUL or invalid byte", function()
    assert.is_nil(core.text_check(""))
    assert.is_nil(core.text_check("نص عربي، and ASCII 123"))
    assert.are.same({ "NUL byte", 4 }, { core.text_check("abc\0def") })
    assert.are.same({ "invalid UTF-8", 3 }, { core.text_check("ab\255\0") })
    assert.are.same({ "NUL byte", 2 }, { core.text_check("a\0\255") })
    assert.are.same({ "invalid UTF-8", 1 }, { core.text_check("\192\128") }) -- overlong
    assert.are.same({ "invalid UTF-8", 1 }, { core.text_check("\237\160\128") }) -- a surrogate
    assert.are.same({ "invalid UTF-8", 2 }, { core.text_check("a\217") }) -- cut short
    assert.are.same({ "invalid UTF-8", 1 }, { core.text_check("\244\144\128\128") }) -- past U+10FFFF
    assert.has_error(function() core.text_check(nil) end)
  end)

  it("agrees with the strict normalizer on random bytes and cut Arabic", function()
    local pieces = { "a", " ", "\0", "م", "ي", "€", "😀", "\128", "\191", "\192", "\194", "\217", "\224", "\237",
      "\240", "\244", "\245", "\255", "\160", "\144" }
    for _ = 1, 3000 do
      local parts = {}
      for i = 1, rand(12) do parts[i] = pieces[rand(#pieces)] end
      local s = table.concat(parts)
      if rand(3) == 1 then s = s:sub(1, rand(#s + 1) - 1) end
      local want = { by_normalizer(s) }
      assert.are.same(want, { core.text_check(s) }, ("on %q"):format(s))
    end
  end)
end)
