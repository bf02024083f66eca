-- `arabic annotate` (the pipeline from a config file, JSON Lines), bad input
-- for every text subcommand, GNU parallel, and `arabic pandoc-filter`.
local shell = require "shell"
local json = require "arabic.json"

local write = shell.tmpfile

local function lines(s)
  local t = {}
  for l in s:gmatch("[^\n]+") do t[#t + 1] = l end
  return t
end

describe("arabic annotate", function()
  local doc1 = "وصل بريت ماكغورك إلى مسقط في 10 يناير 2024. والتقى الوفد الإيراني."
  local doc2 = "قالت فايننشال تايمز إن الحوثيين تلقوا الرسالة أمس."

  it("annotates each file as one document by default", function()
    local path = write(doc1 .. "\n")
    local code, out, err = shell.arabic({ "annotate", path })
    os.remove(path)
    assert.are.equal(0, code, err)
    local d = json.decode(out)
    assert.are.equal(path, d.file)
    assert.are.equal(2, #d.arabic.sentences)
    assert.are.equal("brett-mcgurk", d.arabic.entities[1].id)
    assert.are.equal("2024-01-10", d.arabic.dates[1].value)
  end)

  it("adds an arabic member to each JSON Lines object, the line otherwise unchanged", function()
    local input = json.encode({ id = 7, text = doc1 }) .. "\n" .. '{"text": "' .. doc2 .. '", "n": 1.50}\n'
    local code, out, err = shell.arabic({ "annotate", "--jsonl" }, input)
    assert.are.equal(0, code, err)
    local outl, inl = lines(out), lines(input)
    assert.are.equal(2, #outl)
    for i = 1, 2 do
      -- the input line is kept byte for byte (no re-encoding of numbers)
      assert.are.equal(inl[i]:sub(1, -2), outl[i]:sub(1, #inl[i] - 1))
      local d = json.decode(outl[i])
      for _, e in ipairs(d.arabic.entities) do
        assert.are.equal(e.text, d.text:sub(e.first, e.last))
      end
    end
    assert.matches('"n": 1.50,"arabic":', outl[2], 1, true)
    assert.are.equal("financial-times", json.decode(outl[2]).arabic.entities[1].id)
  end)

  it("reads the text from --field and takes a Lua or JSON config", function()
    local lua_conf = write('return { sentences = false, entities = { types = "PER" }, dates = false }', ".lua")
    local code, out, err = shell.arabic({ "annotate", "--jsonl", "--field", "body", "--config", lua_conf },
      '{"body":"' .. doc1 .. '"}\n')
    os.remove(lua_conf)
    assert.are.equal(0, code, err)
    local a = json.decode(out).arabic
    assert.is_nil(a.sentences)
    assert.are.equal(1, #a.entities)
    assert.are.equal("PER", a.entities[1].type)
    local json_conf = write('{"dates": {"reference": "2024-01-17"}, "numbers": true}', ".json")
    code, out = shell.arabic({ "annotate", "--jsonl", "-c", json_conf }, '{"text":"' .. doc2 .. '"}\n')
    os.remove(json_conf)
    assert.are.equal(0, code)
    a = json.decode(out).arabic
    assert.are.equal("2024-01-16", a.dates[1].value)
    assert.are.same({}, a.numbers)
  end)

  it("removes chrome and keeps source offsets", function()
    local conf = write("return { boilerplate = true, entities = true }", ".lua")
    local page = "عاجل\n" .. doc1 .. "\nاقرأ أيضاً:\n- مسقط تستضيف جولة جديدة\n"
    local code, out = shell.arabic({ "annotate", "--jsonl", "--config", conf }, json.encode({ text = page }) .. "\n")
    os.remove(conf)
    assert.are.equal(0, code)
    local d = json.decode(out)
    assert.is_true(#d.arabic.removed >= 2)
    for _, e in ipairs(d.arabic.entities) do
      assert.are.equal(e.text, page:sub(e.first, e.last))
      assert.is_true(e.last < #"عاجل\n" + #doc1 + 1, "no entity from the removed chrome")
    end
  end)

  it("stops at a broken line with its location; earlier output is complete", function()
    local input = '{"text":"في مسقط"}\n{"text":"في الدوحة"}\n{"text": "broken\n{"text":"after"}\n'
    local code, out, err = shell.arabic({ "annotate", "--jsonl" }, input)
    assert.are.equal(1, code)
    local outl = lines(out)
    assert.are.equal(2, #outl)
    assert.are.equal("doha", json.decode(outl[2]).arabic.entities[1].id)
    local offset = #'{"text":"في مسقط"}\n{"text":"في الدوحة"}\n' + 1
    assert.matches("<stdin>:3 (byte " .. offset .. "): invalid JSON", err, 1, true)
  end)

  it("rejects a line without the field, or with invalid UTF-8 or NUL in it", function()
    local code, _, err = shell.arabic({ "annotate", "--jsonl" }, '{"title":"x"}\n')
    assert.are.equal(1, code)
    assert.matches("<stdin>:1 (byte 1): no string field 'text'", err, 1, true)
    code, _, err = shell.arabic({ "annotate", "--jsonl" }, '{"text":"ok"}\n{"text":"a\255b"}\n')
    assert.are.equal(1, code)
    assert.matches("<stdin>:2 (byte 15): field 'text': invalid UTF-8 at byte 2 of the text", err, 1, true)
    code, _, err = shell.arabic({ "annotate", "--jsonl" }, '{"text":"a\\u0000b"}\n')
    assert.are.equal(1, code)
    assert.matches("NUL byte", err)
    code, _, err = shell.arabic({ "annotate", "--jsonl" }, '[1, 2]\n')
    assert.are.equal(1, code)
    assert.matches("not a JSON object", err)
  end)

  it("reports bad configurations and usage", function()
    local conf = write("return { entities = { fuzy = true } }", ".lua")
    local code, _, err = shell.arabic({ "annotate", "--config", conf }, "نص")
    os.remove(conf)
    assert.are.equal(1, code)
    assert.matches("unknown option 'fuzy' in 'entities'", err, 1, true)
    code, _, err = shell.arabic({ "annotate", "--config", "/nonexistent.lua" }, "")
    assert.are.equal(1, code)
    assert.matches("cannot open /nonexistent.lua", err, 1, true)
    code, _, err = shell.arabic({ "annotate", "--field", "body" }, "")
    assert.are.equal(2, code)
    assert.matches("--field needs --jsonl", err, 1, true)
    code = shell.arabic({ "annotate", "--bogus" }, "")
    assert.are.equal(2, code)
  end)

  it("prints help with examples", function()
    local code, out = shell.arabic({ "annotate", "--help" })
    assert.are.equal(0, code)
    assert.matches("parallel --pipe", out, 1, true)
  end)
end)

describe("arabic annotate, stopped midway", function()
  for _, sig in ipairs { "TERM", "INT" } do
    it("leaves complete lines only (SIG" .. sig .. ")", function()
      local docs = {}
      for i = 1, 3000 do
        local day = i % 28 + 1
        local text = ("وصل الوفد إلى مسقط يوم %d مارس 2024، والتقى مسؤولين من إيران. "):format(day)
        docs[i] = json.encode({ id = i, text = text:rep(20) })
      end
      local input = write(table.concat(docs, "\n") .. "\n")
      local out, status, errs = os.tmpname(), os.tmpname(), os.tmpname()
      -- the documents eight times over stdin (about 50 MB): still running
      -- when the signal comes a second later, however fast annotate gets
      local cmd = ("(cat %s %s %s %s %s %s %s %s | %s bin/arabic annotate --jsonl > %s 2>%s & pid=$!; sleep 1; kill -%s $pid; wait $pid; echo $? > %s) 2>/dev/null")
        :format(input, input, input, input, input, input, input, input, shell.lua, out, errs, sig, status)
      os.execute(cmd)
      local f = assert(io.open(out, "rb"))
      local got = f:read("*a")
      f:close()
      f = assert(io.open(status, "rb"))
      local code = tonumber(f:read("*a"))
      f:close()
      f = assert(io.open(errs, "rb"))
      local said = f:read("*a")
      f:close()
      for _, p in ipairs { input, out, status, errs } do os.remove(p) end
      -- a fatal signal can cut a write between two pages: the command
      -- traps it, ends at a whole line and exits with 128 + the signal
      assert.are.equal(128 + (sig == "TERM" and 15 or 2), code, said)
      assert.matches("arabic annotate: stopped by signal", said, 1, true)
      local n = 0
      for line in got:gmatch("([^\n]*)\n") do
        n = n + 1
        assert.is_table(json.decode(line), "line " .. n .. " is not complete JSON")
      end
      assert.are.equal("", got:gsub("[^\n]*\n", ""), "nothing after the last complete line")
      assert.is_true(n > 0 and n < 8 * 3000, ("stopped after %d lines"):format(n))
    end)
  end
end)

describe("bad input for every text command", function()
  for _, cmd in ipairs { "tokens", "sentences", "entities", "dates", "numbers", "clean" } do
    it(cmd .. ": invalid UTF-8 and NUL bytes are errors with file, line and byte", function()
      local code, _, err = shell.arabic({ cmd }, "في مسقط\nيوم \255 3 مارس\n")
      assert.are.equal(1, code)
      assert.matches("<stdin>:2: invalid UTF-8 at byte 22", err, 1, true)
      code, _, err = shell.arabic({ cmd }, "a\0b\n")
      assert.are.equal(1, code)
      assert.matches("<stdin>:1: NUL byte at byte 2", err, 1, true)
      code, _, err = shell.arabic({ cmd, "/nonexistent/file.txt" })
      assert.are.equal(1, code)
      assert.matches("cannot open /nonexistent/file.txt", err, 1, true)
    end)
  end

  it("keeps the output of the lines before a bad one", function()
    local code, out = shell.arabic({ "entities", "--format=tsv" }, "في مسقط\nفي الدوحة\nسطر \255\n")
    assert.are.equal(1, code)
    assert.are.equal(2, #lines(out))
  end)
end)

describe("GNU parallel", function()
  local has = os.execute("command -v parallel >/dev/null 2>&1")
  has = has == true or has == 0
  it("splits annotate --jsonl across processes with the same output", function()
    if not has then
      io.stderr:write("SKIPPED: GNU parallel is not installed (Debian: apt-get install parallel)\n")
      pending("GNU parallel is not installed")
      return
    end
    local docs = {}
    local names = { "مسقط", "الدوحة", "طهران", "القاهرة", "بريت ماكغورك", "الحوثيين" }
    for i = 1, 300 do
      docs[i] = json.encode({ id = i, text = ("وصل الوفد إلى %s يوم %d مارس 2024، والتقى مسؤولين."):format(
        names[i % #names + 1], i % 28 + 1) })
    end
    local input = table.concat(docs, "\n") .. "\n"
    local _, seq = shell.arabic({ "annotate", "--jsonl" }, input)
    -- the README's command, with small blocks so that several jobs run
    local code, par, err = shell.run({ "sh", "-c",
      "parallel --will-cite --pipe -k --block 4k " .. shell.lua .. " bin/arabic annotate --jsonl" }, input)
    assert.are.equal(0, code, err)
    assert.are.equal(300, #lines(par))
    assert.are.equal(seq, par)
  end)
end)

describe("arabic pandoc-filter", function()
  it("prints the path of the Lua filter", function()
    local code, out = shell.arabic({ "pandoc-filter" })
    assert.are.equal(0, code)
    local path = out:gsub("\n$", "")
    local f = assert(io.open(path, "rb"))
    assert.matches("PANDOC_VERSION", f:read("*a"), 1, true)
    f:close()
  end)
end)
