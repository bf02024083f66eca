-- The lucene and camel presets reproduce Lucene's ArabicNormalizer and
-- CAMeL Tools' chain on ../shared/corpus/normalization/conformance.tsv.
local arabic = require "arabic"
local corpus = require "corpus"

local path = corpus.path("normalization/conformance.tsv")

local function unescape(s)
  return (s:gsub("\\(.)", { ["\\"] = "\\", t = "\t", n = "\n", r = "\r" }))
end

describe("conformance with Lucene and CAMeL Tools", function()
  if not path then
    pending(corpus.missing("normalization/conformance.tsv"))
    return
  end
  local rows = {}
  local f = assert(io.open(path, "rb"))
  local header = true
  for line in f:lines() do
    if header then
      header = false
    else
      local input, preset, expected, source = line:match("^(.-)\t(.-)\t(.-)\t(.*)$")
      rows[#rows + 1] = { unescape(input), preset, unescape(expected), source }
    end
  end
  f:close()

  for _, preset in ipairs { "lucene", "camel" } do
    it(preset .. " reproduces every row", function()
      local n = arabic.normalizer(preset)
      local count, bad = 0, {}
      for _, row in ipairs(rows) do
        if row[2] == preset then
          count = count + 1
          if n(row[1]) ~= row[3] then bad[#bad + 1] = ("%q -> %q, want %q"):format(row[1], (n(row[1])), row[3]) end
        end
      end
      assert.is_true(count >= 200, "expected at least 200 rows, found " .. count)
      assert.are.same({}, bad)
    end)
  end
end)
