-- Exports from Lua: CoNLL BIO, CoNLL-U, brat and JSON (byte, character and
-- UTF-16 offsets), the same lines the command line writes.
local arabic = require "arabic"
local json = require "arabic.json"
local shell = require "shell"

local TEXT = "وصل بريت ماكغورك إلى مسقط أمس الإثنين 😀 للقاء المسؤولين.\n"
  .. "والتقى وزير الخارجية في 10 كانون الثاني/يناير 2024 مع وفد من إيران."

local function run()
  local p = arabic.pipeline { sentences = true, entities = true, dates = { reference = "2024-03-12" }, numbers = true }
  return p:run(TEXT)
end

local function failing(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "the call should have failed")
  return tostring(err)
end

-- Code points of s before byte i (0-based offset of the character at i).
local function cp_offset(s, i)
  local _, n = s:sub(1, i - 1):gsub("[^\128-\191]", "")
  return n
end

describe("export", function()
  local doc = run()

  it("writes CoNLL BIO, whole tokens with their clitics, a blank line after each sentence", function()
    local out = arabic.export(doc, "conll")
    assert.matches("^وصل\tO\nبريت\tB%-PER\nماكغورك\tI%-PER\nإلى\tO\nمسقط\tB%-LOC\n", out)
    assert.matches("\nإيران\tB%-LOC\n%.\tO\n\n$", out)
    local _, blanks = out:gsub("\n\n", "")
    assert.are.equal(2, blanks)
  end)

  it("writes the same CoNLL and brat lines as the command line", function()
    local line = "وصل بريت ماكغورك إلى مسقط للقاء المسؤولين في عمان."
    local d = arabic.pipeline { entities = true }:run(line)
    local code, out = shell.arabic({ "entities", "--format", "conll" }, line .. "\n")
    assert.are.equal(0, code)
    assert.are.equal(out, arabic.export(d, "conll"))
    code, out = shell.arabic({ "entities", "--format", "brat" }, line .. "\n")
    assert.are.equal(0, code)
    local brat = arabic.export(d, "brat"):gsub("#%d+\tAnnotatorNotes[^\n]*\n", "")
    assert.are.equal(out, brat)
  end)

  it("writes CoNLL-U: sentences, ten columns, entities and offsets in MISC", function()
    local out = arabic.export(doc, "conllu", { offsets = "chars" })
    local sents, rows = 0, 0
    for line in out:gmatch("([^\n]*)\n") do
      if line:match("^# sent_id = ") then sents = sents + 1
      elseif line ~= "" and not line:match("^#") then
        rows = rows + 1
        local cols = {}
        for c in (line .. "\t"):gmatch("([^\t]*)\t") do cols[#cols + 1] = c end
        assert.are.equal(10, #cols, line)
        local a, b = cols[10]:match("TokenRange=(%d+):(%d+)")
        assert.is_not_nil(a, line)
        -- the character range holds the form
        local chars = {}
        for ch in TEXT:gmatch("[%z\1-\127\194-\244][\128-\191]*") do chars[#chars + 1] = ch end
        assert.are.equal(cols[2], table.concat(chars, "", tonumber(a) + 1, tonumber(b)))
      end
    end
    assert.are.equal(2, sents)
    assert.is_true(rows > 20)
    assert.matches("\n2\tبريت\t_\t_\t_\t_\t_\t_\t_\tNER=B%-PER|NERId=brett%-mcgurk|TokenRange=4:8\n", out)
    assert.matches("# text = وصل بريت ماكغورك", out)
    assert.matches("SpaceAfter=No", out) -- الثاني/يناير
    local bytes = arabic.export(doc, "conllu", { offsets = "bytes" })
    assert.matches("\n1\tوصل\t_\t_\t_\t_\t_\t_\t_\tTokenRange=0:6\n", bytes)
    assert.not_matches("TokenRange", arabic.export(doc, "conllu"))
  end)

  it("writes brat with character offsets and entity ids as notes", function()
    local out = arabic.export(doc, "brat", { include = { "entities", "dates" } })
    local n = 0
    for t, ty, a, b, text in out:gmatch("T(%d+)\t(%S+) (%d+) (%d+)\t([^\n]*)") do
      n = n + 1
      assert.are.equal(tostring(n), t)
      assert.is_true(ty == "PER" or ty == "LOC" or ty == "DATE")
      local chars = {}
      for ch in TEXT:gmatch("[%z\1-\127\194-\244][\128-\191]*") do chars[#chars + 1] = ch end
      assert.are.equal(text, table.concat(chars, "", tonumber(a) + 1, tonumber(b)))
    end
    assert.is_true(n >= 5)
    assert.matches("#1\tAnnotatorNotes T1\tbrett%-mcgurk\n", out)
  end)

  it("writes JSON with byte offsets, and character or UTF-16 offsets on request", function()
    local v = json.decode(arabic.export(doc, "json"))
    assert.are.equal(TEXT, v.text)
    for _, name in ipairs { "sentences", "entities", "dates", "numbers" } do
      assert.is_true(#v[name] > 0, name)
      for _, x in ipairs(v[name]) do
        assert.are.equal(TEXT:sub(x.first, x.last), x.text)
        assert.is_nil(x.start)
      end
    end
    local c = json.decode(arabic.export(doc, "json", { offsets = "chars", text = false }))
    assert.is_nil(c.text)
    for _, x in ipairs(c.entities) do
      assert.are.equal(cp_offset(TEXT, x.first), x.start)
      assert.are.equal(cp_offset(TEXT, x.last + 1), x["end"])
    end
    -- 😀 is one code point and two UTF-16 units: offsets after it differ by one
    local u = json.decode(arabic.export(doc, "json", { offsets = "utf16", include = { "sentences" } }))
    assert.is_nil(u.entities)
    local s1c, s1u = c.sentences[1], u.sentences[1]
    assert.are.equal(s1c.start, s1u.start)
    assert.are.equal(s1c["end"] + 1, s1u["end"])
    assert.are.equal(c.sentences[2].start + 1, u.sentences[2].start)
  end)

  it("exports a plain text or a document without findings", function()
    assert.are.equal("نص\tO\nقصير\tO\n\n", arabic.export("نص قصير", "conll"))
    assert.are.equal("", arabic.export({ text = "" }, "brat"))
    assert.are.equal('{"text":"نص"}', arabic.export({ text = "نص" }, "json"))
  end)

  it("leaves out the tokens of removed chrome", function()
    local d = arabic.pipeline { boilerplate = true, entities = true }:run("عاجل\nوصل الوفد إلى مسقط")
    assert.are.equal(1, #d.removed)
    local out = arabic.export(d, "conll")
    assert.not_matches("عاجل", out)
    assert.matches("مسقط\tB%-LOC", out)
  end)

  it("rejects bad arguments, naming them", function()
    assert.matches([[bad argument #2 to 'export' (format must be "brat", "conll", "conllu" or "json", got "xml")]],
      failing(arabic.export, doc, "xml"), 1, true)
    assert.matches("bad argument #1 to 'export' %(document table with a string 'text' expected",
      failing(arabic.export, {}, "json"))
    assert.matches([[bad argument #3 to 'export' (option 'offsets' must be "bytes", "chars" or "utf16", got "runes")]],
      failing(arabic.export, doc, "json", { offsets = "runes" }), 1, true)
    assert.matches("bad argument #3 to 'export' (option 'include': unknown list 'people'; valid: sentences, entities",
      failing(arabic.export, doc, "brat", { include = { "people" } }), 1, true)
  end)
end)
