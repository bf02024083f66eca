-- Options have one owner: each module's spec (arabic.args types). The
-- module checks its callers against it, and the pipeline takes the same
-- spec, so errors name the public function and the user's key everywhere.
local arabic = require "arabic"
local args = require "arabic.args"
local gazetteer = require "arabic.gazetteer"
local pipeline = require "arabic.pipeline"

local function err_of(f, ...)
  local ok, e = pcall(f, ...)
  assert.is_false(ok, "no error")
  return tostring(e)
end

describe("arabic.args", function()
  it("checks typed values and converts them", function()
    local spec = { n = args.integer { min = 0 }, b = args.boolean, l = args.strings, m = args.one_of { "a", "b" } }
    assert.are.same({ n = 3, b = false, l = { "x" }, m = "a" }, args.validate({ n = 3, b = false, l = "x", m = "a" }, spec))
    assert.are.same({}, args.validate(nil, spec))
    local out, err = args.validate({ n = -1 }, spec)
    assert.is_nil(out)
    assert.are.equal("option 'n' must be an integer >= 0, got -1", err)
    out, err = args.validate({ m = "c" }, spec, "step")
    assert.is_nil(out)
    assert.are.equal([[option 'm' in 'step' must be "a" or "b", got "c"]], err)
    out, err = args.validate({ q = 1 }, spec)
    assert.is_nil(out)
    assert.are.equal("unknown option 'q'; valid: b, l, m, n", err)
    assert.are.same({ "PER", "LOC" }, args.strings.from_text("PER, LOC"))
    assert.is_true(args.boolean.from_text("yes"))
    assert.are.equal(70, args.integer().from_text("70"))
  end)

  it("names the public function, the argument and the key", function()
    assert.matches("bad argument #2 to 'sentences' (option 'mode' must be \"lines\", \"wrapped\" or \"auto\", got \"paragraphs\")",
      err_of(arabic.sentences, "x", { mode = "paragraphs" }), 1, true)
    assert.matches("bad argument #2 to 'dates' (option 'reference' must be a date YYYY-MM-DD, got \"2024-13-01\")",
      err_of(arabic.dates, "x", { reference = "2024-13-01" }), 1, true)
    assert.matches("bad argument #2 to 'boilerplate' (option 'drop_head' must be a boolean, got \"yes\")",
      err_of(arabic.boilerplate, "x", { drop_head = "yes" }), 1, true)
    assert.matches("bad argument #2 to 'entities' (option 'fuzzy' must be false, true, 0 or 1, got 2)",
      err_of(arabic.entities, "x", { fuzzy = 2 }), 1, true)
    assert.matches("bad argument #1 to 'gazetteer.new' (option 'normalize': bad value for normalization option 'digits'",
      err_of(gazetteer.new, { normalize = { digits = "roman" } }), 1, true)
    assert.matches("bad argument #2 to 'regex' (unknown flag 'q'", err_of(arabic.regex, "x", "q"), 1, true)
    assert.matches("bad argument #3 to 'regex' (option 'match_limit' must be an integer >= 0, got -1)",
      err_of(arabic.regex, "x", nil, { match_limit = -1 }), 1, true)
    assert.matches("bad argument #2 to 'demote' (\"demote\", \"trust\" or \"reset\" expected, got \"maybe\")",
      err_of(function() gazetteer.new():add("مسقط", "LOC"):demote("مسقط", "maybe") end), 1, true)
  end)

  it("an empty abbreviation names split_sentences and its option, not the binding", function()
    -- it raised "bad argument #1 to 'add'" from inside the splitter
    local e = err_of(arabic.split_sentences, "x", { abbreviations = { "" } })
    assert.matches("bad argument #2 to 'split_sentences' (option 'abbreviations': ", e, 1, true)
  end)

  it("the pipeline takes each step's own spec, nested errors name both keys", function()
    local function perr(conf) return select(2, pipeline.build(conf)) end
    assert.are.equal("unknown option 'fuzy' in 'entities'; valid: " .. args.names(gazetteer.ENTITY_OPTIONS),
      perr { entities = { fuzy = true } })
    assert.matches("option 'mode' in 'sentences' must be", perr { sentences = { mode = "paragraphs" } }, 1, true)
    assert.matches("option 'wrap_width' in 'sentences'", perr { sentences = { wrap_width = -3 } }, 1, true)
    assert.matches("option 'reference' in 'dates'", perr { dates = { reference = "soon" } }, 1, true)
    assert.matches("option 'lists' in 'boilerplate': cannot open /nonexistent.tsv",
      perr { boilerplate = { lists = { "/nonexistent.tsv" } } }, 1, true)
    -- every option of a step's spec is a pipeline option of that step
    for _, step in ipairs { "sentences", "dates", "boilerplate", "entities" } do
      for key in pairs(pipeline.OPTIONS[step].spec) do
        assert.is_not_nil(pipeline.OPTIONS[step].spec[key], step .. "." .. key)
      end
    end
    assert.are.equal(arabic.sentences and require("arabic.sentences").OPTIONS, pipeline.OPTIONS.sentences.spec)
    assert.are.equal(require("arabic.dates").OPTIONS, pipeline.OPTIONS.dates.spec)
    assert.are.equal(require("arabic.boilerplate").OPTIONS, pipeline.OPTIONS.boilerplate.spec)
    assert.are.equal(gazetteer.ENTITY_OPTIONS, pipeline.OPTIONS.entities.spec)
  end)

  it("the pandoc filter takes each step's spec, YAML text converted by the option's type", function()
    local popts = require "arabic.pandoc.options"
    local o = popts.read {
      entities = { types = "PER, LOC", fuzzy = "yes", extend_names = "true" },
      sentences = { wrap_width = "70", mode = "auto" },
      dates = "2024-03-12",
    }
    assert.are.same({ "PER", "LOC" }, o.entities.match.types)
    assert.is_true(o.entities.match.fuzzy)
    assert.is_true(o.entities.match.extend_names)
    assert.are.equal(70, o.sentences.wrap_width)
    assert.are.equal("2024-03-12", o.dates.reference)
    assert.matches([[option 'arabic.sentences.wrap_width' must be an integer >= 0, got "wide"]],
      err_of(popts.read, { sentences = { wrap_width = "wide" } }), 1, true)
    assert.are.equal(require("arabic.sentences").OPTIONS.mode, popts.OPTIONS.sentences.spec.mode)
    assert.are.equal(gazetteer.MATCH_OPTIONS.fuzzy, popts.OPTIONS.entities.spec.fuzzy)
  end)

  it("a JSON Lines entry with a bad field is that line's error, or skipped", function()
    -- a table as "type" raised from inside the binding, without file or line
    local tmp = os.tmpname()
    local f = assert(io.open(tmp, "wb"))
    f:write('{"name": "مسقط", "type": "LOC"}\n{"name": "عمان", "type": {"x": 1}}\n{"name": "بيروت", "priority": 1.5}\n')
    f:close()
    local e = err_of(function() gazetteer.new():load(tmp, { format = "jsonl" }) end)
    assert.matches(":2: field 'type' must be a string, got a table", e, 1, true)
    local g, report = gazetteer.new():load(tmp, { format = "jsonl", strict = false })
    assert.are.equal(1, report.added)
    assert.are.equal(2, report.skipped)
    assert.are.equal(1, g:count())
    os.remove(tmp)
  end)
end)
