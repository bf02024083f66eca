-- The examples run and print what their expected files say.
local shell = require "shell"

local slurp = shell.read_file

describe("examples", function()
  it("examples/pipeline.lua prints examples/pipeline.expected", function()
    local argv = { "examples/pipeline.lua" }
    for _, a in ipairs { "01_oman_talks", "02_red_sea_shipping", "03_gaza_ceasefire", "04_economy_summit" } do
      argv[#argv + 1] = "examples/articles/" .. a .. ".txt"
    end
    local code, out, err = shell.lua_script(argv)
    assert.are.equal(0, code, err)
    assert.are.equal(slurp("examples/pipeline.expected"), out)
  end)

  it("examples/corpus.lua prints examples/corpus.expected", function()
    local code, out, err = shell.lua_script { "examples/corpus.lua", "examples/corpus.jsonl" }
    assert.are.equal(0, code, err)
    assert.are.equal(slurp("examples/corpus.expected"), out)
  end)

  it("the README's corpus script is examples/corpus.lua", function()
    local script = slurp("examples/corpus.lua")
    local body = script:sub((script:find('local arabic = require "arabic"', 1, true)))
    assert.truthy(slurp("README.md"):find(body, 1, true), "README.md's Corpus work section holds the script")
  end)

  it("examples/pipeline.conf.lua is a valid annotate configuration", function()
    local code, out, err = shell.arabic({ "annotate", "--config", "examples/pipeline.conf.lua",
      "examples/articles/01_oman_talks.txt" })
    assert.are.equal(0, code, err)
    local doc = require("arabic.json").decode(out)
    assert.is_true(#doc.arabic.entities > 10)
    assert.is_true(#doc.arabic.removed > 5)
  end)
end)
