-- The corpus commands (arabic freq, kwic, dedup, stem, export): command
-- specs whose options are their modules' OPTIONS, offsets in each input as
-- the other commands count them, the CLI's exit codes and messages.
local arabic = require "arabic"
local cli = require "arabic.cli"
local json = require "arabic.json"
local shell = require "shell"

local PAGES = {}
for i, a in ipairs { "01_oman_talks", "02_red_sea_shipping", "03_gaza_ceasefire", "04_economy_summit" } do
  PAGES[i] = "examples/articles/" .. a .. ".txt"
end
local slurp = shell.read_file
local CORPUS = "examples/corpus.jsonl"

-- the records of examples/corpus.jsonl: { id =, text = }
local function corpus_records()
  local list = {}
  for text, rec in arabic.lines(CORPUS, { field = "text" }) do list[#list + 1] = { id = rec.id, text = text } end
  return list
end

local function json_lines(out)
  local list = {}
  for line in out:gmatch("[^\n]+") do list[#list + 1] = assert(json.decode(line)) end
  return list
end

local function lines_of(s)
  local out = {}
  for l in s:gmatch("[^\n]+") do out[#out + 1] = l end
  return out
end

local function run(argv, input) return shell.arabic(argv, input) end

local tmpfile = shell.tmpfile

describe("corpus commands", function()
  it("take every option of their module's spec", function()
    local C = cli.COMMANDS
    local pairs_of = {
      freq = require("arabic.freq").OPTIONS, kwic = require("arabic.kwic").OPTIONS,
      dedup = require("arabic.dedup").OPTIONS, stem = require("arabic.stem").OPTIONS,
      export = require("arabic.export").OPTIONS,
    }
    for cmd, spec in pairs(pairs_of) do
      assert.is_table(C[cmd], cmd)
      for key, ty in pairs(spec) do assert.are.equal(ty, C[cmd].options[key], cmd .. " --" .. key) end
    end
  end)

  it("an option added to the module is a command-line option", function()
    local freq = require "arabic.freq"
    local args = require "arabic.args"
    freq.OPTIONS.probe_only = args.integer { min = 0 }
    -- as if it had been declared in freq.lua: the command line is built anew
    package.loaded["arabic.cli"] = nil
    local fresh = require "arabic.cli"
    local said = {}
    local sink = { write = function(_, ...) said[#said + 1] = table.concat { ... } end, flush = function() end }
    local ok, code = pcall(fresh.main, { "freq", "--probe-only=x" }, sink, sink)
    freq.OPTIONS.probe_only = nil
    package.loaded["arabic.cli"] = cli
    assert.is_true(ok, code)
    assert.are.equal(2, code)
    -- checked by the new option's own type, not refused as unknown
    assert.matches('--probe-only must be an integer >= 0, got "x"', table.concat(said), 1, true)
  end)

  describe("freq", function()
    it("counts stems with clitic forms and stop words left out, as arabic.freq does", function()
      local argv = { "freq", "--stem", "--clitics", "--stopwords", "--limit=5" }
      for _, p in ipairs(PAGES) do argv[#argv + 1] = p end
      local code, out, err = run(argv)
      assert.are.equal(0, code, err)
      local texts = {}
      for i, p in ipairs(PAGES) do texts[i] = slurp(p) end
      -- line by line, as the command reads: the same counts
      local lines = {}
      for _, t in ipairs(texts) do
        for l in (t .. "\n"):gmatch("([^\n]*)\n") do lines[#lines + 1] = l end
      end
      local top = arabic.freq(lines, { stem = true, clitics = true, stopwords = true, limit = 5 })
      local want = {}
      for i, w in ipairs(top) do
        local forms = {}
        for k, f in ipairs(w.forms) do forms[k] = f.form .. ":" .. f.count end
        want[i] = w.word .. "\t" .. w.count .. "\t" .. table.concat(forms, " ")
      end
      assert.are.same(want, lines_of(out))
      assert.are.equal("بحر", lines_of(out)[1]:match("^[^\t]+"))
    end)

    it("--stem=isri, --stopwords=FILE, --min-count, jsonl", function()
      local stop = tmpfile("في\nمن\n")
      local code, out, err = run({ "freq", "--stem=isri", "--stopwords=" .. stop, "--min-count=2", "--format=jsonl" },
        "وزار الوزير في من الكتب في مكتبة الكتاب\nالكاتب كتب\n")
      os.remove(stop)
      assert.are.equal(0, code, err)
      local rows = lines_of(out)
      local first = json.decode(rows[1])
      assert.are.equal("كتب", first.word)
      assert.are.equal(5, first.count)
      assert.are.equal(5, #first.forms)
      for _, r in ipairs(rows) do assert.is_true(json.decode(r).count >= 2) end
      assert.not_matches('"في"', out)
    end)

    it("--jsonl counts the records' text field, as arabic.freq counts the texts", function()
      local texts = {}
      for i, r in ipairs(corpus_records()) do texts[i] = r.text end
      local want = arabic.freq(texts, { stem = true, clitics = true, stopwords = true, limit = 10 })
      local code, out, err = run { "freq", "--jsonl", "--stem", "--clitics", "--stopwords", "--limit=10",
        "--format=jsonl", CORPUS }
      assert.are.equal(0, code, err)
      local got = json_lines(out)
      assert.are.equal(#want, #got)
      for i, w in ipairs(want) do
        assert.are.same({ w.word, w.count, #w.forms, w.forms[1].form },
          { got[i].word, got[i].count, #got[i].forms, got[i].forms[1].form })
      end
      local _, body = run({ "freq", "--jsonl", "--field", "body" }, '{"body": "مسقط مسقط"}\n\n{"body": "مسقط"}\n')
      assert.are.equal("مسقط\t3\tمسقط:3\n", body)
    end)

    it("a file or standard input, the clitic forms with their bare form", function()
      local input = "إيران وإيران\nلإيران إيران\n"
      local path = tmpfile(input)
      local code, whole = run { "freq", "--clitics", path }
      local _, piped = run({ "freq", "--clitics" }, input)
      os.remove(path)
      assert.are.equal(0, code)
      assert.are.equal("ايران\t4\tايران:2 وايران:1 لايران:1\n", whole)
      assert.are.equal(whole, piped)
    end)

    it("--normalize=false counts the spellings apart", function()
      local _, out = run({ "freq", "--normalize=false" }, "إيران ايران\n")
      assert.are.same({ "إيران\t1\tإيران:1", "ايران\t1\tايران:1" }, lines_of(out))
      _, out = run({ "freq" }, "إيران ايران\n")
      assert.are.same({ "ايران\t2\tايران:2" }, lines_of(out))
    end)

    it("errors: usage (2) for options, input (1) for bad text", function()
      local code, _, err = run({ "freq", "--stem=porter" }, "x")
      assert.are.equal(2, code)
      assert.matches('--stem must be false, true, "light10", "isri"', err, 1, true)
      code, _, err = run({ "freq", "--min-count=0" }, "x")
      assert.are.equal(2, code)
      assert.matches("--min-count must be an integer >= 1, got 0", err, 1, true)
      code, _, err = run({ "freq", "--stopwords=/nonexistent/list.txt" }, "x")
      assert.are.equal(2, code)
      assert.matches("--stopwords: no stop list '/nonexistent/list.txt'", err, 1, true)
      code, _, err = run({ "freq", "--clitics=yes" }, "x")
      assert.are.equal(2, code)
      assert.matches("--clitics takes no value", err, 1, true)
      code, _, err = run({ "freq" }, "كتاب\n\255\n")
      assert.are.equal(1, code)
      assert.matches("<stdin>:2: invalid UTF-8 at byte 10 (byte 1 of the line)", err, 1, true)
      code, _, err = run({ "freq", "--jsonl" }, '{"text": "نص"}\n{"text": 5}\n')
      assert.are.equal(1, code)
      assert.matches("<stdin>:2 (byte 18): no string field 'text'", err, 1, true)
      code, _, err = run({ "freq", "--field", "body" }, "")
      assert.are.equal(2, code)
      assert.matches("--field needs --jsonl", err, 1, true)
      code, _, err = run({ "freq", "--id-field", "id" }, "")
      assert.are.equal(2, code)
      assert.matches("unknown option --id-field for freq", err, 1, true)
    end)
  end)

  describe("kwic", function()
    it("gives source offsets in each input, as arabic.kwic on the whole text does", function()
      local code, out, err = run({ "kwic", "إيران", "--format=tsv", PAGES[1], PAGES[2] })
      assert.are.equal(0, code, err)
      local rows = lines_of(out)
      local n = 0
      for k, p in ipairs({ PAGES[1], PAGES[2] }) do
        local text = slurp(p)
        for _, hit in ipairs(arabic.kwic(text, "إيران")) do
          n = n + 1
          local first, last, _, match, _, file = rows[n]:match("^(%d+)\t(%d+)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t\t$")
          assert.are.equal(hit.first, tonumber(first))
          assert.are.equal(hit.last, tonumber(last))
          assert.are.equal(hit.match, match)
          assert.are.equal(text:sub(hit.first, hit.last), match)
          assert.are.equal(({ PAGES[1], PAGES[2] })[k], file)
        end
      end
      assert.are.equal(n, #rows)
      assert.is_true(n >= 4)
    end)

    it("finds the word in its forms, offsets counted across the input's lines", function()
      local input = "قالت مصادر إن الوفد وصل.\nوأكدت إيران أن لإيران دوراً، ثم غادر الوفد إيران.\n"
      local code, out, err = run({ "kwic", "إيران", "--format=jsonl", "--width=10" }, input)
      assert.are.equal(0, code, err)
      local hits = json_lines(out)
      assert.are.equal(3, #hits)
      for _, k in ipairs(hits) do assert.are.equal(k.match, input:sub(k.first, k.last)) end
      assert.are.equal("ل", hits[2].clitic)
      assert.are.equal(json.null, hits[1].clitic)
      -- the places and contexts arabic.kwic gives on the whole paragraph
      for i, k in ipairs(arabic.kwic(input, "إيران", { width = 10 })) do
        assert.are.same({ k.first, k.last, k.left, k.right }, { hits[i].first, hits[i].last, hits[i].left, hits[i].right })
      end
      code, out = run({ "kwic", "إيران", "--no-clitics", "--format=tsv" }, input)
      assert.are.equal(0, code)
      assert.are.equal(2, select(2, out:gsub("\n", "")))
      code, out = run({ "kwic", "البحر الأحمر", "--format=tsv" }, "السفن في البحر الأحمر أمس\n")
      assert.are.equal(0, code)
      assert.matches("^17\t39\t", out)
    end)

    it("--jsonl: each record's text field, with its line and id", function()
      local code, out, err = run { "kwic", "إيران", "--jsonl", "--id-field", "id", "--format=jsonl", CORPUS }
      assert.are.equal(0, code, err)
      local hits = json_lines(out)
      local n = 0
      for line, r in ipairs(corpus_records()) do
        for _, k in ipairs(arabic.kwic(r.text, "إيران")) do
          n = n + 1
          assert.are.same({ CORPUS, line, r.id, k.first, k.last, k.match },
            { hits[n].file, hits[n].line, hits[n].id, hits[n].first, hits[n].last, hits[n].match })
          assert.are.equal(k.match, r.text:sub(hits[n].first, hits[n].last))
        end
      end
      assert.are.equal(n, #hits)
      assert.is_true(n >= 4)
      -- text: the record's id (else FILE:LINE) before the offsets; tsv: file, line, id at the end
      code, out = run { "kwic", "إيران", "--jsonl", "--id-field", "id", CORPUS }
      assert.are.equal(0, code)
      assert.matches("^n1:%d+%-%d+\t", out)
      code, out = run { "kwic", "إيران", "--jsonl", CORPUS }
      assert.are.equal(0, code)
      assert.matches("^examples/corpus%.jsonl:1:%d+%-%d+\t", out)
      code, out = run { "kwic", "إيران", "--jsonl", "--id-field", "id", "--format=tsv", CORPUS }
      assert.are.equal(0, code)
      assert.matches("\texamples/corpus%.jsonl\t1\tn1\n", out)
    end)

    it("matches phrases across a line break, clitic forms, stems; text and jsonl", function()
      local input = "قالت مصادر إن الولايات\nالمتحدة ردت.\n\nوللولايات المتحدة رأي آخر في الكتب.\n"
      local code, out = run({ "kwic", "الولايات المتحدة", "--width=5" }, input)
      assert.are.equal(0, code)
      local rows = lines_of(out)
      assert.are.equal(2, #rows)
      local f1, l1 = rows[1]:match("^(%d+)-(%d+)\t")
      assert.are.equal("الولايات\nالمتحدة", input:sub(tonumber(f1), tonumber(l1)))
      assert.matches("[الولايات المتحدة]", rows[1], 1, true)
      local f2, l2 = rows[2]:match("^(%d+)-(%d+)\t")
      assert.are.equal("وللولايات المتحدة", input:sub(tonumber(f2), tonumber(l2)))
      code, out = run({ "kwic", "الولايات المتحدة", "--no-clitics" }, input)
      assert.are.equal(0, code)
      assert.are.equal(1, #lines_of(out))
      code, out = run({ "kwic", "كتاب", "--stem=isri", "--format=jsonl" }, input)
      assert.are.equal(0, code)
      local hit = json.decode(out)
      assert.are.equal("الكتب", hit.match)
      assert.are.equal("<stdin>", hit.file)
      assert.are.equal("الكتب", input:sub(hit.first, hit.last))
    end)

    it("errors", function()
      local code, _, err = run({ "kwic" }, "x")
      assert.are.equal(2, code)
      assert.matches("kwic needs a word or phrase", err, 1, true)
      code, _, err = run({ "kwic", "، ." }, "x")
      assert.are.equal(2, code)
      assert.matches("the query has no words", err, 1, true)
      code, _, err = run({ "kwic", "x", "--width=-1" }, "x")
      assert.are.equal(2, code)
      assert.matches("--width must be an integer >= 0, got -1", err, 1, true)
      code, _, err = run({ "kwic", "x", "/nonexistent/file.txt" })
      assert.are.equal(1, code)
      assert.matches("cannot open", err, 1, true)
      code, _, err = run({ "kwic", "x", "--id-field", "id" }, "x")
      assert.are.equal(2, code)
      assert.matches("--id-field needs --jsonl", err, 1, true)
    end)
  end)

  describe("dedup", function()
    it("groups with offsets in each file", function()
      local argv = { "dedup", "--unit=sentence", "--min-words=4" }
      for _, p in ipairs(PAGES) do argv[#argv + 1] = p end
      local code, out, err = run(argv)
      assert.are.equal(0, code, err)
      local g = json.decode(lines_of(out)[1])
      assert.are.equal(1, g.group)
      assert.are.equal(4, #g.members)
      for k, m in ipairs(g.members) do
        assert.are.equal(PAGES[k], m.file)
        assert.are.equal("تابعونا على جوجل نيوز", slurp(m.file):sub(m.first, m.last))
      end
      argv[#argv + 1] = "--format=tsv"
      code, out = run(argv)
      assert.are.equal(0, code)
      local rows = lines_of(out)
      assert.are.equal(4, #rows)
      assert.matches("^1\t1%.000\texamples/articles/01_oman_talks%.txt\t\t\t%d+\t%d+\t$", rows[1])
    end)

    it("groups what arabic.dedup groups, with each record's id", function()
      local records = corpus_records()
      for _, unit in ipairs { "document", "line" } do
        local want = arabic.dedup(records, { unit = unit, threshold = 0.5 })
        local code, out, err = run { "dedup", "--jsonl", "--id-field", "id", "--unit=" .. unit, "--threshold=0.5", CORPUS }
        assert.are.equal(0, code, err)
        local got = json_lines(out)
        assert.are.equal(#want, #got)
        assert.is_true(#want > 0)
        for i, g in ipairs(want) do
          assert.are.equal(i, got[i].group)
          assert.are.equal(#g.members, #got[i].members)
          for j, m in ipairs(g.members) do
            assert.are.same({ m.id, m.first, m.last }, { got[i].members[j].id, got[i].members[j].first, got[i].members[j].last })
          end
        end
      end
    end)

    it("--unit=line: offsets in each file", function()
      local para = "وصل الوفد العماني إلى طهران أمس لبحث التهدئة في البحر الأحمر مع المسؤولين"
      local intro = "مقدمة قصيرة مختلفة تماما عن غيرها هنا\n"
      local a = tmpfile(para .. "\nسطر آخر لا يتكرر في أي مكان من هذه الملفات\n")
      local b = tmpfile(intro .. para .. "\n")
      local code, out, err = run { "dedup", "--unit=line", "--format=tsv", a, b }
      assert.are.equal(0, code, err)
      assert.are.equal(("1\t1.000\t%s\t\t\t1\t%d\t\n1\t1.000\t%s\t\t\t%d\t%d\t\n")
        :format(a, #para, b, #intro + 1, #intro + #para), out)
      code, out = run { "dedup", "--unit=line", "--text", a, b }
      os.remove(a)
      os.remove(b)
      assert.are.equal(0, code)
      local g = json.decode(out)
      assert.are.same({ a, 1, #para, para }, { g.members[1].file, g.members[1].first, g.members[1].last, g.members[1].text })
      assert.are.same({ b, #intro + 1, para }, { g.members[2].file, g.members[2].first, g.members[2].text })
    end)

    it("--jsonl with --field and --id-field; offsets in the field's text", function()
      local path = tmpfile(table.concat({
        '{"url":"a","body":"اجتمع وزراء الخارجية في مسقط لبحث الملاحة في البحر الأحمر يوم الأحد"}',
        '{"url":"b","body":"كتب المراسل أن الأسواق ارتفعت بعد قرار البنك المركزي خفض الفائدة"}',
        "",
        '{"url":7,"body":"اجتمع وزراء الخارجية في مسقط لبحث الملاحة في البحر الأحمر يوم الأحد."}',
      }, "\n") .. "\n")
      local code, out, err = run({ "dedup", "--jsonl", "--field", "body", "--id-field", "url", "--text", path })
      os.remove(path)
      assert.are.equal(0, code, err)
      local g = json.decode(out)
      assert.are.same({ "a", 7 }, { g.members[1].id, g.members[2].id })
      assert.are.same({ 1, 4 }, { g.members[1].line, g.members[2].line })
      assert.are.equal(1, g.members[2].first)
      assert.are.equal(#g.members[2].text, g.members[2].last)
    end)

    it("errors", function()
      local code, _, err = run({ "dedup", "--hashes=100" }, "x")
      assert.are.equal(2, code)
      assert.matches("--hashes (100) must be a multiple of --bands (32)", err, 1, true)
      code, _, err = run({ "dedup", "--field", "body" }, "x")
      assert.are.equal(2, code)
      assert.matches("--field needs --jsonl", err, 1, true)
      code, _, err = run({ "dedup", "--unit=page" }, "")
      assert.are.equal(2, code)
      assert.matches('--unit must be "document", "paragraph", "line" or "sentence", got "page"', err, 1, true)
      code, _, err = run({ "dedup", "--threshold=2" }, "")
      assert.are.equal(2, code)
      assert.matches("--threshold must be a number from 0 to 1, got 2", err, 1, true)
      code, _, err = run({ "dedup", "--jsonl" }, '{"text":"نص"}\n[1]\n')
      assert.are.equal(1, code)
      assert.matches("<stdin>:2 (byte 17): not a JSON object", err, 1, true)
      code, _, err = run({ "dedup", "--jsonl", "--id-field", "url" }, '{"text":"نص"}\n')
      assert.are.equal(1, code)
      assert.matches("no string or number field 'url'", err, 1, true)
      code, _, err = run({ "dedup" }, "نص\255")
      assert.are.equal(1, code)
      assert.matches("<stdin>:1: invalid UTF-8 at byte 5", err, 1, true)
    end)
  end)

  describe("stem", function()
    it("a word a line, or running text with everything else kept", function()
      local code, out = run({ "stem" }, "والكتابات\nللمعلمين\n")
      assert.are.equal(0, code)
      assert.are.equal("كتاب\nمعلم\n", out)
      code, out = run({ "stem" }, "وقال الوزراء: الملاحة (2024) CNN.")
      assert.are.equal(0, code)
      assert.are.equal("قال وزراء: ملاح (2024) CNN.", out)
      code, out = run({ "stem", "--algorithm=isri" }, "والكتابات\n")
      assert.are.equal(0, code)
      assert.are.equal(arabic.stem("والكتابات", "isri") .. "\n", out)
    end)

    it("tsv and jsonl with offsets counted across lines", function()
      local input = "وقال\nالوزراء إن\n"
      local _, out = run({ "stem", "--format=tsv" }, input)
      local rows = lines_of(out)
      assert.are.equal(3, #rows)
      for _, r in ipairs(rows) do
        local first, last, word, st = r:match("^(%d+)\t(%d+)\t([^\t]+)\t([^\t]+)$")
        assert.are.equal(word, input:sub(tonumber(first), tonumber(last)))
        assert.are.equal(arabic.stem(word), st)
      end
      _, out = run({ "stem", "--format=jsonl", "--normalize=false" }, "الإيرانية\n")
      assert.are.same({ first = 1, last = 18, text = "الإيرانية", stem = "إيران" }, json.decode(out))
    end)

    it("errors", function()
      local code, _, err = run({ "stem", "--algorithm=khoja" }, "x")
      assert.are.equal(2, code)
      assert.matches('--algorithm must be "light10" or "isri", got "khoja"', err, 1, true)
      code, _, err = run({ "stem", "--cache=-1" }, "x")
      assert.are.equal(2, code)
      assert.matches("--cache must be an integer >= 0, got -1", err, 1, true)
    end)
  end)

  describe("export", function()
    it("conllu with document ids and TokenRange, as arabic.export writes it", function()
      local code, out, err = run({ "export", "--offsets=chars", PAGES[1] })
      assert.are.equal(0, code, err)
      local text = slurp(PAGES[1])
      local doc = arabic.pipeline { sentences = true, entities = true, dates = true }:run(text)
      local want = arabic.export(doc, "conllu", { offsets = "chars" })
        :gsub("# sent_id = (%d+)\n", "# sent_id = " .. PAGES[1]:gsub("%%", "%%%%") .. "-%1\n")
      assert.are.equal("# newdoc id = " .. PAGES[1] .. "\n" .. want, out)
      assert.matches("NER=B%-LOC|NERId=muscat|TokenRange=", out)
    end)

    it("conll, brat, json (JSON Lines, ids), --config", function()
      local _, out = run({ "export", "--format=conll", PAGES[1] })
      assert.matches("\nمسقط\tB%-LOC\n", out)
      _, out = run({ "export", "--format=brat", PAGES[1] })
      assert.matches("^T1\tLOC %d+ %d+\t", out)
      local path = tmpfile('{"id":"x1","text":"زار الوفد مسقط أمس"}\n{"id":2,"text":"وصل الوزير إلى عمان"}\n')
      _, out = run({ "export", "--format=json", "--jsonl", "--id-field", "id", "--include=entities", "--no-text",
        "--offsets=chars", path })
      local rows = lines_of(out)
      assert.are.equal(2, #rows)
      local a = json.decode(rows[1])
      assert.are.equal("x1", a.id)
      assert.is_nil(a.text)
      assert.are.same({ 10, 14 }, { a.entities[1].start, a.entities[1]["end"] })
      assert.are.equal("2", json.decode(rows[2]).id)
      _, out = run({ "export", "--format=json", "--jsonl", path })
      assert.are.equal(path .. ":2", json.decode(lines_of(out)[2]).id)
      local code, _, err = run({ "export", "--jsonl", "--id-field", "url", path })
      assert.are.equal(1, code)
      assert.matches(path .. ":1 (byte 1): no string or number field 'url'", err, 1, true)
      local conf = tmpfile("return { boilerplate = true, sentences = true, entities = true, stem = true }", ".lua")
      _, out = run({ "export", "--format=json", "--include=tokens", "--config", conf, PAGES[1] })
      os.remove(conf)
      local d = json.decode(out)
      assert.is_true(#d.tokens > 100)
      assert.are.equal("ملاح", (function()
        for _, t in ipairs(d.tokens) do if t.text == "الملاحة" then return t.stem end end
      end)())
      os.remove(path)
    end)

    it("--reference-field: each record's relative dates against its own date", function()
      local path = tmpfile('{"id":"a","date":"2024-03-12T09:00:00Z","text":"وصل الوفد أمس"}\n'
        .. '{"id":"b","text":"وصل الوفد أمس"}\n')
      local code, out, err = run { "export", "--format=json", "--jsonl", "--id-field", "id", "--reference-field", "date",
        "--reference", "2020-05-05", "--include=dates", path }
      assert.are.equal(0, code, err)
      local rows = lines_of(out)
      assert.are.same({ "a", "2024-03-11" }, { json.decode(rows[1]).id, json.decode(rows[1]).dates[1].value })
      assert.are.same({ "b", "2020-05-04" }, { json.decode(rows[2]).id, json.decode(rows[2]).dates[1].value })
      local _
      code, _, err = run({ "export", "--jsonl", "--reference-field", "id", path })
      os.remove(path)
      assert.are.equal(1, code)
      assert.matches(":1 (byte 1): field 'id' is not a date YYYY-MM-DD: \"a\"", err, 1, true)
      code, _, err = run({ "export", "--reference-field", "date" }, "x")
      assert.are.equal(2, code)
      assert.matches("--reference-field needs --jsonl", err, 1, true)
    end)

    it("errors", function()
      local code, _, err = run({ "export", "--format=brat", PAGES[1], PAGES[2] })
      assert.are.equal(2, code)
      assert.matches("brat writes one document", err, 1, true)
      code, _, err = run({ "export", "--include=people" }, "x")
      assert.are.equal(2, code)
      assert.matches("--include: unknown list 'people'", err, 1, true)
      code, _, err = run({ "export", "--offsets=runes" }, "x")
      assert.are.equal(2, code)
      assert.matches('--offsets must be "bytes", "chars" or "utf16", got "runes"', err, 1, true)
    end)
  end)
end)
