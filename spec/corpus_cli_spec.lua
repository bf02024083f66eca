-- arabic freq, arabic kwic, arabic dedup: the corpus tools from the command
-- line give what the library gives, with offsets in the input.
local arabic = require "arabic"
local json = require "arabic.json"
local shell = require "shell"

local NEWS = "examples/news.jsonl"

local function news_texts()
  local list = {}
  for text in arabic.lines(NEWS, { field = "text" }) do list[#list + 1] = text end
  return list
end

local function tmpfile(content)
  local path = os.tmpname()
  local f = assert(io.open(path, "wb"))
  f:write(content)
  f:close()
  return path
end

local function json_lines(out)
  local list = {}
  for line in out:gmatch("[^\n]+") do list[#list + 1] = assert(json.decode(line)) end
  return list
end

describe("arabic freq", function()
  it("counts what arabic.freq counts, in the same order", function()
    local want = arabic.freq(news_texts(), { stem = true, clitics = true, stopwords = true, limit = 10 })
    local code, out, err = shell.arabic { "freq", "--jsonl", "--stem", "--clitics", "--stopwords", "--limit=10",
      "--format=jsonl", NEWS }
    assert.are.equal(0, code, err)
    local got = json_lines(out)
    assert.are.equal(#want, #got)
    for i, w in ipairs(want) do
      assert.are.equal(w.word, got[i].word)
      assert.are.equal(w.count, got[i].count)
      assert.are.equal(#w.forms, #got[i].forms)
      assert.are.equal(w.forms[1].form, got[i].forms[1].form)
    end
    -- TSV: count, word, forms
    code, out = shell.arabic { "freq", "--jsonl", "--stem", "--clitics", "--stopwords", "--limit=1", NEWS }
    assert.are.equal(0, code)
    local f = want[1].forms
    assert.are.equal(("%d\t%s\t%s %d, %s %d\n"):format(want[1].count, want[1].word, f[1].form, f[1].count,
      f[2].form, f[2].count), out)
  end)

  it("reads files whole, lines, or a JSON Lines field", function()
    local path = tmpfile("إيران وإيران\nلإيران إيران\n")
    local code, whole = shell.arabic { "freq", "--clitics", path }
    local _, lines = shell.arabic { "freq", "--clitics", "--lines", path }
    local _, piped = shell.arabic({ "freq", "--clitics" }, "إيران وإيران\nلإيران إيران\n")
    os.remove(path)
    assert.are.equal(0, code)
    assert.are.equal("4\tايران\tايران 2, وايران 1, لايران 1\n", whole)
    assert.are.equal(whole, lines)
    assert.are.equal(whole, piped)
    local _, raw = shell.arabic({ "freq", "--normalize=none" }, "إيران ايران\n")
    assert.are.equal("1\tإيران\tإيران 1\n1\tايران\tايران 1\n", raw)
    local _, body = shell.arabic({ "freq", "--jsonl", "--field", "body" }, '{"body": "مسقط مسقط"}\n')
    assert.are.equal("2\tمسقط\tمسقط 2\n", body)
  end)

  it("stops at bad input with its file and line, and at bad options with exit 2", function()
    local code, _, err = shell.arabic({ "freq", "--jsonl" }, '{"text": "نص"}\n{"text": 5}\n')
    assert.are.equal(1, code)
    assert.matches("<stdin>:2: no string field 'text'", err)
    code, _, err = shell.arabic({ "freq", "--lines" }, "نص\na\255b\n")
    assert.are.equal(1, code)
    assert.matches("<stdin>:2: invalid UTF%-8", err)
    code, _, err = shell.arabic({ "freq", "--algorithm=porter" }, "")
    assert.are.equal(2, code)
    assert.matches("%-%-algorithm must be \"light10\" or \"isri\"", err)
    code, _, err = shell.arabic({ "freq", "--stoplist=/nonexistent/list.txt" }, "نص\n")
    assert.are.equal(2, code)
    assert.matches("nonexistent", err)
    code, _, err = shell.arabic({ "freq", "--field", "body" }, "")
    assert.are.equal(2, code)
    assert.matches("need %-%-jsonl", err)
  end)
end)

describe("arabic kwic", function()
  it("finds the word in its forms, offsets counted across the input", function()
    local input = "قالت مصادر إن الوفد وصل.\nوأكدت إيران أن لإيران دوراً، ثم غادر الوفد إيران.\n"
    local code, out, err = shell.arabic({ "kwic", "إيران", "--format=jsonl", "--width=10" }, input)
    assert.are.equal(0, code, err)
    local hits = json_lines(out)
    assert.are.equal(3, #hits)
    for _, k in ipairs(hits) do assert.are.equal(k.match, input:sub(k.first, k.last)) end
    assert.are.equal("ل", hits[2].clitic)
    assert.are.equal(json.null, hits[1].clitic)
    -- the same places as arabic.kwic on each line, moved by the line's offset
    local line2 = input:match("\n(.-)\n")
    local want = arabic.kwic(line2, "إيران", { width = 10 })
    local base = #input:match("^[^\n]*\n")
    for i, k in ipairs(want) do
      assert.are.equal(base + k.first, hits[i].first)
      assert.are.equal(k.left, hits[i].left)
    end
    code, out = shell.arabic({ "kwic", "إيران", "--no-clitics", "--format=tsv" }, input)
    assert.are.equal(0, code)
    assert.are.equal(2, select(2, out:gsub("\n", "")))
    code, out = shell.arabic({ "kwic", "إيران", "--width=6" }, input)
    assert.are.equal(0, code)
    assert.matches("^%d+%-%d+\t[^\n]*%[إيران%]", out)
  end)

  it("finds a phrase, and needs something to look for", function()
    local code, out = shell.arabic({ "kwic", "البحر الأحمر", "--format=tsv" }, "السفن في البحر الأحمر أمس\n")
    assert.are.equal(0, code)
    assert.matches("^17\t39\t", out)
    local err
    code, out, err = shell.arabic({ "kwic" }, "نص\n")
    assert.are.equal("", out)
    assert.are.equal(2, code)
    assert.matches("kwic needs the word or phrase", err)
  end)
end)

describe("arabic dedup", function()
  it("groups what arabic.dedup groups, with each record's id", function()
    local docs = {}
    for text, rec in arabic.lines(NEWS, { field = "text" }) do docs[#docs + 1] = { id = rec.id, text = text } end
    local want = arabic.dedup(docs, { unit = "sentence", threshold = 0.5 })
    local code, out, err = shell.arabic { "dedup", "--jsonl", "--id-field", "id", "--unit=sentence",
      "--threshold=0.5", NEWS }
    assert.are.equal(0, code, err)
    local got = json_lines(out)
    assert.are.equal(#want, #got)
    for i, g in ipairs(want) do
      assert.are.equal(i, got[i].group)
      assert.are.equal(#g.members, #got[i].members)
      for j, m in ipairs(g.members) do
        assert.are.equal(m.id, got[i].members[j].id)
        assert.are.equal(m.first, got[i].members[j].first)
        assert.are.equal(m.last, got[i].members[j].last)
      end
    end
  end)

  it("takes files whole or line by line, and writes TSV", function()
    local para = "وصل الوفد العماني إلى طهران أمس لبحث التهدئة في البحر الأحمر مع المسؤولين"
    local a = tmpfile(para .. "\nسطر آخر لا يتكرر في أي مكان من هذه الملفات\n")
    local b = tmpfile("مقدمة قصيرة مختلفة تماما عن غيرها هنا\n" .. para .. "\n")
    local code, out, err = shell.arabic { "dedup", "--lines", "--format=tsv", a, b }
    assert.are.equal(0, code, err)
    assert.are.equal(("1\t1.000\t1\t%s:1\t1\t%d\n1\t1.000\t4\t%s:2\t1\t%d\n"):format(a, #para, b, #para), out)
    code, out = shell.arabic { "dedup", "--unit=line", a, b }
    os.remove(a)
    os.remove(b)
    assert.are.equal(0, code)
    local g = json_lines(out)[1]
    assert.are.same({ 1, a, 1, #para }, { g.members[1].doc, g.members[1].id, g.members[1].first, g.members[1].last })
    assert.are.same({ 2, b }, { g.members[2].doc, g.members[2].id })
    local offset = #"مقدمة قصيرة مختلفة تماما عن غيرها هنا\n"
    assert.are.same({ offset + 1, offset + #para }, { g.members[2].first, g.members[2].last })
  end)

  it("checks its options", function()
    local code, _, err = shell.arabic({ "dedup", "--unit=page" }, "")
    assert.are.equal(2, code)
    assert.matches("%-%-unit must be", err)
    code, _, err = shell.arabic({ "dedup", "--threshold=2" }, "")
    assert.are.equal(2, code)
    assert.matches("%-%-threshold must be a number from 0 to 1", err)
    code, _, err = shell.arabic({ "dedup", "--lines", "--jsonl" }, "")
    assert.are.equal(2, code)
    assert.matches("one or the other", err)
  end)
end)
