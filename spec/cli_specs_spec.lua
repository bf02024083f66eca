-- The command line is a table of command specs (arabic.cli COMMANDS) run by
-- one driver; a command's options come from its feature module's spec, so
-- an option added to a step is a command-line option without more code.
local cli = require "arabic.cli"
local shell = require "shell"

describe("arabic command specs", function()
  it("take every option of the step they run", function()
    local C = cli.COMMANDS
    for key in pairs(require("arabic.gazetteer").MATCH_OPTIONS) do assert.is_not_nil(C.entities.options[key], key) end
    for key in pairs(require("arabic.dates").OPTIONS) do assert.is_not_nil(C.dates.options[key], key) end
    for key in pairs(require("arabic.boilerplate").OPTIONS) do assert.is_not_nil(C.clean.options[key], key) end
    for key in pairs(require("arabic.sentences").OPTIONS) do assert.is_not_nil(C.sentences.options[key], key) end
    for name, spec in pairs(C) do
      assert.is_string(spec.summary, name)
      assert.is_true(spec.main ~= nil or spec.sub ~= nil or (spec.run ~= nil or spec.input ~= nil), name)
    end
  end)

  it("so --extend-names, --ids and --wrap-width work as the library's options", function()
    local code, out = shell.arabic({ "entities", "--format=tsv", "--ids=muscat" }, "زار ماكغورك مسقط وطهران\n")
    assert.are.equal(0, code)
    assert.are.equal(1, select(2, out:gsub("\n", "")))
    assert.matches("\tmuscat\t", out)
    code = shell.arabic({ "entities", "--extend-names" }, "زار محمد بن سلمان مسقط\n")
    assert.are.equal(0, code)
    local _, joined = shell.arabic({ "sentences", "--mode=auto", "--wrap-width=26" },
      "سطر أول طويل بعض الشيء هنا\nوتتمة الجملة هنا.\n")
    assert.are.equal("سطر أول طويل بعض الشيء هنا وتتمة الجملة هنا.\n", joined)
    local bad, _, err = shell.arabic({ "sentences", "--wrap-width=-1" }, "x")
    assert.are.equal(2, bad)
    assert.matches("--wrap-width must be an integer >= 0, got -1", err, 1, true)
  end)

  it("name the option as typed in their errors", function()
    local code, _, err = shell.arabic({ "entities", "--fuzzy=yes" }, "x")
    assert.are.equal(2, code)
    assert.matches("--fuzzy takes no value", err, 1, true)
    code, _, err = shell.arabic({ "numbers", "--format=xml" }, "x")
    assert.are.equal(2, code)
    assert.matches('--format must be "jsonl" or "tsv", got "xml"', err, 1, true)
  end)
end)
