-- Properties over random and adversarial UTF-8: no error, normalization is
-- idempotent for every preset, the offset map is monotone and covers the
-- input.
local arabic = require "arabic"

-- A small deterministic generator (same strings on every Lua).
local rng = require "lcg"

local pieces = {
  "ا", "أ", "إ", "آ", "ٱ", "ى", "ي", "ة", "ؤ", "ئ", "ء", "ی", "ک", "ۀ", "ہ", "ـ", "ب", "ل",
  "\217\139", "\217\142", "\217\145", "\217\146", "\217\147", "\217\148", "\217\149", "\217\176",
  "\219\150", "\219\157", "ﻷ", "ﻻ", "ﺇ", "ﷺ", "﷽", "ﹰ", "ﷲ", "A", "z", "\204\129", "ß", "İ", "ﬁ",
  "٣", "۴", "5", ".", "،", "؛", "؟", "٫", " ", "\194\160", "\226\128\137", "\226\128\143",
  "\226\128\140", "\239\187\191", "\n", "\t", "\0",
  -- invalid: stray continuation, lone lead bytes, overlong, surrogate, > U+10FFFF, truncated
  "\128", "\191", "\192\175", "\224\128\175", "\237\160\128", "\244\144\128\128", "\245", "\255",
  "\240\159", "\226\130",
  "\240\159\152\128", "한", "\225\132\128", "\225\133\161", "\227\130\153",
}

local function random_string(r)
  local t = {}
  for i = 1, r(30) - 1 do t[i] = pieces[r(#pieces)] end
  return table.concat(t)
end

local function random_bytes(r)
  local t = {}
  for i = 1, r(24) - 1 do t[i] = string.char(r(256) - 1) end
  return table.concat(t)
end

local presets = { "none", "display", "search", "lucene", "camel" }

describe("normalization properties", function()
  for _, preset in ipairs(presets) do
    it(preset .. ": idempotent, map monotone and covering (1,200 strings)", function()
      local n = arabic.normalizer(preset)
      local r = rng(#preset * 7919)
      for k = 1, 1200 do
        local s = (k % 3 == 0) and random_bytes(r) or random_string(r)
        local out, map = n:map(s)
        assert.is_string(out)
        local again = n(out)
        if again ~= out then
          error(("not idempotent under %s for %q: %q then %q"):format(preset, s, out, again))
        end
        -- every output byte maps inside the source, in order
        local prev = 1
        for i = 1, #out do
          local a, b = map:source(i, i)
          assert(a >= prev and b >= a and b <= #s, "map not monotone")
          prev = a
        end
        -- the whole source maps onto the whole output
        local i, j = map:target(1, #s)
        if #s > 0 then
          assert(i == 1 and j == #out, "map does not cover the input")
        end
        -- the output is valid UTF-8
        assert.are.equal(0, select(2, arabic.normalizer("none")(out)))
      end
    end)
  end
end)

-- Inputs fuzz_normalize found not idempotent (csrc/fuzz/README.md): each
-- must normalize to a fixpoint in one pass.
describe("normalization regressions found by fuzzing", function()
  local cases = {
    -- alef + hamza above/below three times: أ folds to ا under camel and
    -- must take the next hamza in the same pass
    { "camel", "\216\167\217\148\217\149\217\148\217\149\217\148\217\149\224&t" },
    { "search", "\216\167\217\148\217\149\217\148\217\149\217\148\217\149" },
    -- isolated shadda form, then medial damma form (tatweel + damma): the
    -- damma is a mark and goes into canonical order with the shadda
    { "display", "\239\185\188\239\185\185" },
    { "camel", "\239\185\188\239\185\185" },
  }
  for _, c in ipairs(cases) do
    it(("%s: %q"):format(c[1], c[2]), function()
      local n = arabic.normalizer(c[1])
      local once = n(c[2])
      assert.are.equal(once, n(once))
    end)
  end
end)
