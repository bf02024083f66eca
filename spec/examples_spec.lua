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

  it("the README's Corpus work section shows examples/corpus.lua and its output as they are", function()
    local script = slurp("examples/corpus.lua")
    local body = script:sub((script:find('local arabic = require "arabic"', 1, true)))
    local section = slurp("README.md"):match("\n## Corpus work\n(.-)\n## ")
    assert.is_truthy(section, "README.md has a Corpus work section")
    assert.is_truthy(section:find("```lua\n" .. body .. "```\n", 1, true), "README's script differs from examples/corpus.lua")
    assert.is_truthy(section:find("\n" .. slurp("examples/corpus.expected") .. "```\n", 1, true),
      "README's output differs from examples/corpus.expected")
  end)

  it("examples/translit.lua prints examples/translit.expected", function()
    local argv = { "examples/translit.lua" }
    for _, a in ipairs { "01_oman_talks", "02_red_sea_shipping", "03_gaza_ceasefire", "04_economy_summit" } do
      argv[#argv + 1] = "examples/articles/" .. a .. ".txt"
    end
    local code, out, err = shell.lua_script(argv)
    assert.are.equal(0, code, err)
    assert.are.equal(slurp("examples/translit.expected"), out)
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
