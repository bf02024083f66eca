-- Untrusted input and failing output (issue 16): writes that fail, inputs
-- that are not files, configurations that say what they are, huge lines,
-- deep documents, and the files a pandoc document may name.
local shell = require "shell"
local json = require "arabic.json"
local paths = require "arabic.paths"

local LUA = shell.lua
local q = shell.quote

-- Run a shell command line; returns status, stdout, stderr.
local function sh(cmd, input)
  local inp, out, err, code = os.tmpname(), os.tmpname(), os.tmpname(), os.tmpname()
  local f = assert(io.open(inp, "wb"))
  f:write(input or "")
  f:close()
  os.execute(("(%s) < %s > %s 2> %s; echo $? > %s"):format(cmd, inp, out, err, code))
  local function slurp(p)
    local h = io.open(p, "rb")
    local s = h and h:read("*a") or ""
    if h then h:close() end
    os.remove(p)
    return s
  end
  os.remove(inp)
  local o, e = slurp(out), slurp(err)
  return tonumber((slurp(code):match("%d+"))), o, e
end

local function arabic_cmd(args)
  local parts = { q(LUA), "bin/arabic" }
  for _, a in ipairs(args) do parts[#parts + 1] = q(a) end
  return table.concat(parts, " ")
end

local tmpfile = shell.tmpfile

local function tmpdir()
  local d = os.tmpname()
  os.remove(d)
  assert(os.execute("mkdir -p " .. q(d)))
  return d
end

local function lines(s)
  local t = {}
  for l in s:gmatch("([^\n]*)\n") do t[#t + 1] = l end
  return t
end

local SENTENCE = "وصل بريت ماكغورك إلى مسقط يوم 19 مارس 2024، والتقى مسؤولين من إيران. "

-- ------------------------------------------------------------- output

describe("output that fails", function()
  local text = tmpfile("وصل الوفد إلى مسقط يوم 19 مارس 2024.\n")
  local jsonl = tmpfile('{"text":"وصل الوفد إلى مسقط"}\n')
  local commands = {
    { "normalize", text }, { "tokens", text }, { "sentences", text }, { "entities", text },
    { "dates", text }, { "numbers", text }, { "clean", text }, { "annotate", text },
    { "annotate", "--jsonl", jsonl }, { "help", "entities" }, { "--help" }, { "--version" },
    { "gazetteer", "info", "build/default.gaz" }, { "pandoc-filter" },
  }
  for _, argv in ipairs(commands) do
    it(table.concat(argv, " ", 1, math.min(#argv, 2)) .. " > /dev/full: exit 74 and the system's reason", function()
      local code, _, err = sh(arabic_cmd(argv) .. " > /dev/full")
      assert.are.equal(74, code, err)
      assert.matches("arabic: write error: No space left on device", err, 1, true)
    end)
  end

  it("pandoc-arabic > /dev/full: exit 74", function()
    local doc = '{"pandoc-api-version":[1,22,2,1],"meta":{},"blocks":[{"t":"Para","c":[{"t":"Str","c":"مسقط"}]}]}'
    local code, _, err = sh(q(LUA) .. " bin/pandoc-arabic html > /dev/full", doc)
    assert.are.equal(74, code, err)
    assert.matches("pandoc-arabic: write error: No space left on device", err, 1, true)
  end)

  it("past the file-size limit: exit 74, and the file ends with the last whole line", function()
    local docs = {}
    for i = 1, 600 do docs[i] = json.encode({ id = i, text = SENTENCE }) end
    local input = tmpfile(table.concat(docs, "\n") .. "\n")
    for _, argv in ipairs { { "annotate", "--jsonl", input }, { "entities", input }, { "tokens", input } } do
      local out = os.tmpname()
      -- ulimit -f counts 512- or 1024-byte blocks: 40 KiB or 80 KiB
      local code, _, err = sh("ulimit -f 80; exec " .. arabic_cmd(argv) .. " > " .. q(out))
      local got = shell.read_file(out)
      os.remove(out)
      assert.are.equal(74, code, err)
      assert.matches("write error: File too large", err, 1, true)
      assert.is_true(#got > 0 and #got < 81920, #got .. " bytes")
      assert.are.equal("\n", got:sub(-1), "ends with a whole line")
      if argv[1] ~= "tokens" then
        for _, l in ipairs(lines(got)) do assert.is_table(json.decode(l), l) end
      end
    end
    os.remove(input)
  end)

  it("appending past the limit keeps what the file had", function()
    local out = tmpfile("before\n")
    local input = tmpfile(string.rep(SENTENCE .. "\n", 2000))
    local code = sh("ulimit -f 80; exec " .. arabic_cmd { "entities", input } .. " >> " .. q(out))
    local got = shell.read_file(out)
    os.remove(out)
    os.remove(input)
    assert.are.equal(74, code)
    assert.are.equal("before\n", got:sub(1, 7))
    assert.are.equal("\n", got:sub(-1))
  end)
end)

-- -------------------------------------------------------------- input

describe("inputs that are not readable files", function()
  local dir = tmpdir()
  for _, cmd in ipairs { "normalize", "tokens", "sentences", "entities", "dates", "numbers", "clean", "annotate" } do
    it(cmd .. " DIR: exit 1, saying why", function()
      local code, out, err = sh(arabic_cmd { cmd, dir })
      assert.are.equal(1, code, err)
      assert.are.equal("", out)
      assert.matches("cannot read " .. dir .. ": Is a directory", err, 1, true)
    end)
  end

  it("annotate --jsonl DIR, gazetteer compile DIR, --config DIR.json, -g DIR", function()
    local code, _, err = sh(arabic_cmd { "annotate", "--jsonl", dir })
    assert.are.equal(1, code, err)
    local cdir = dir .. "/conf.json"
    os.execute("mkdir -p " .. q(cdir))
    code, _, err = sh(arabic_cmd { "annotate", "--config", cdir })
    assert.are.equal(1, code, err)
    assert.matches("Is a directory", err, 1, true)
    code, _, err = sh(arabic_cmd { "gazetteer", "compile", dir, "-o", dir .. "/x.gaz" })
    assert.are.equal(1, code, err)
    code, _, err = sh(arabic_cmd { "entities", "-g", dir .. "/conf.json" }, "مسقط\n")
    assert.are.equal(1, code, err)
  end)

  it("an unreadable file: exit 1", function()
    local f = tmpfile("مسقط\n")
    os.execute("chmod 000 " .. q(f))
    local code, _, err = sh(arabic_cmd { "entities", f })
    os.remove(f)
    -- root reads anything: then the file is read as usual
    if code ~= 0 then
      assert.are.equal(1, code)
      assert.matches("Permission denied", err, 1, true)
    end
  end)
end)

describe("arabic sentences before a bad line", function()
  it("writes every sentence before it, with no blank line in the input", function()
    local good = string.rep("جملة أولى هنا.\n", 5000)
    local code, out, err = shell.arabic({ "sentences" }, good .. "سطر \255\n")
    assert.are.equal(1, code)
    assert.matches("<stdin>:5001: invalid UTF-8", err, 1, true)
    assert.are.equal(5000, #lines(out))
  end)

  it("writes the whole paragraph before it, and the lines of its own paragraph", function()
    local input = "الفقرة الأولى. وجملة ثانية.\n\nسطر قبله.\nسطر \255\n"
    for _, mode in ipairs { "lines", "wrapped", "auto" } do
      local code, out = shell.arabic({ "sentences", "--mode=" .. mode }, input)
      assert.are.equal(1, code)
      assert.are.same({ "الفقرة الأولى.", "وجملة ثانية.", "سطر قبله." }, lines(out), mode)
    end
  end)
end)

-- ------------------------------------------------------------- configs

describe("annotate --config: the extension says what the file is", function()
  local marker = os.tmpname()
  os.remove(marker)

  it("a .json file is JSON whatever it starts with", function()
    local conf = tmpfile(('return { steps = os.execute("touch %s") }'):format(marker), ".json")
    local code, _, err = shell.arabic({ "annotate", "--config", conf }, "نص\n")
    os.remove(conf)
    assert.are.equal(1, code)
    assert.matches("invalid JSON", err, 1, true)
    assert.is_nil(io.open(marker, "rb"), "the code did not run")
  end)

  it("a .json file may start with a byte order mark", function()
    local conf = tmpfile('\239\187\191{"entities": true, "sentences": false}', ".json")
    local code, out, err = shell.arabic({ "annotate", "--config", conf }, "وصل إلى مسقط\n")
    os.remove(conf)
    assert.are.equal(0, code, err)
    local a = json.decode(out).arabic
    assert.are.equal("muscat", a.entities[1].id)
    assert.is_nil(a.sentences)
  end)

  it("a .lua file runs without require, io, load or os.execute", function()
    for _, body in ipairs {
      'local os = require "os"; os.execute("touch MARK"); return {}',
      'io.open("MARK", "w"):close(); return {}',
      'os.execute("touch MARK"); return {}',
      'load("return 1")(); return {}',
    } do
      local conf = tmpfile((body:gsub("MARK", marker)), ".lua")
      local code, _, err = shell.arabic({ "annotate", "--config", conf }, "نص\n")
      os.remove(conf)
      assert.are.equal(1, code, body)
      assert.matches("nil value", err, 1, true)
      assert.is_nil(io.open(marker, "rb"), "not run: " .. body)
    end
    local conf = tmpfile('return { entities = { types = os.getenv("HOME") and "LOC" or "PER" }, sentences = false }', ".lua")
    local code, out, err = shell.arabic({ "annotate", "--config", conf }, "وصل بريت ماكغورك إلى مسقط\n")
    os.remove(conf)
    assert.are.equal(0, code, err)
    assert.are.equal(1, #json.decode(out).arabic.entities)
  end)

  it("any other name is a usage error saying which kinds there are", function()
    for _, ext in ipairs { ".conf", ".yaml", "" } do
      local conf = tmpfile("{}", ext)
      local code, _, err = shell.arabic({ "annotate", "--config", conf }, "نص\n")
      os.remove(conf)
      assert.are.equal(2, code)
      assert.matches("a .json file (JSON) or a .lua file (Lua)", err, 1, true)
    end
  end)
end)

-- ---------------------------------------------------------- huge lines

describe("a huge single line", function()
  -- about 9 MB on one line: before, `entities` and `annotate` needed more
  -- than 250 MB for it; now they need what a chunk of it needs
  local huge = string.rep(SENTENCE, 75000) .. "\n"

  it("entities and annotate stay within 250 MB of address space", function()
    -- (before, each needed more than that for this line; under
    -- AddressSanitizer the address space is not the program's to count)
    if (os.getenv("LD_PRELOAD") or ""):find("asan", 1, true) then return pending("AddressSanitizer") end
    local _, one = sh(arabic_cmd { "entities", "--format=tsv" }, SENTENCE .. "\n")
    local per_sentence = #lines(one)
    assert.is_true(per_sentence >= 3)
    local input = tmpfile(huge)
    for _, argv in ipairs { { "entities", "--format=tsv", input }, { "annotate", "--no-progress", input } } do
      local out = os.tmpname()
      local code, _, err = sh("ulimit -v 250000; exec " .. arabic_cmd(argv) .. " > " .. q(out))
      local got = shell.read_file(out)
      os.remove(out)
      assert.are.equal(0, code, err)
      if argv[1] == "entities" then
        assert.are.equal(per_sentence * 75000, #lines(got))
      else
        local d = json.decode(got)
        assert.are.equal(75000, #d.arabic.sentences)
        assert.are.equal(75000, #d.arabic.dates)
        local last = d.arabic.sentences[75000]
        assert.are.equal(#huge - 2, last.last) -- the final space and newline are no sentence
      end
    end
    os.remove(input)
  end)

  it("cut into chunks, gives what the whole line gives", function()
    local line = string.rep(SENTENCE, 300)
    local whole = { sh(arabic_cmd { "entities", "--format=tsv" }, line .. "\n") }
    local chunked = { sh("ARABIC_CHUNK=4096 " .. arabic_cmd { "entities", "--format=tsv" }, line .. "\n") }
    assert.are.equal(0, chunked[1], chunked[3])
    assert.are.equal(whole[2], chunked[2])
    whole = { sh(arabic_cmd { "tokens" }, line .. "\n" .. line) }
    chunked = { sh("ARABIC_CHUNK=4096 " .. arabic_cmd { "tokens" }, line .. "\n" .. line) }
    assert.are.equal(whole[2], chunked[2])
    whole = { sh(arabic_cmd { "normalize" }, line .. "\n" .. line) }
    chunked = { sh("ARABIC_CHUNK=4096 " .. arabic_cmd { "normalize" }, line .. "\n" .. line) }
    assert.are.equal(whole[2], chunked[2])
    whole = { sh(arabic_cmd { "sentences", "--format=spans" }, line .. "\n\n" .. line) }
    chunked = { sh("ARABIC_CHUNK=4096 " .. arabic_cmd { "sentences", "--format=spans" }, line .. "\n\n" .. line) }
    assert.are.equal(whole[2], chunked[2])
    local input = tmpfile(line .. "\n" .. line .. "\n")
    local conf = tmpfile('return { sentences = true, entities = true, dates = { reference = "2024-03-20" } }', ".lua")
    whole = { sh(arabic_cmd { "annotate", "--config", conf, input }) }
    chunked = { sh("ARABIC_CHUNK=4096 " .. arabic_cmd { "annotate", "--config", conf, input }) }
    assert.are.equal(0, chunked[1], chunked[3])
    assert.are.same(json.decode(whole[2]), json.decode(chunked[2]))
    local rec = json.encode({ id = 1, text = line .. "\n" .. line })
    whole = { sh(arabic_cmd { "annotate", "--jsonl", "--config", conf }, rec .. "\n") }
    chunked = { sh("ARABIC_CHUNK=4096 " .. arabic_cmd { "annotate", "--jsonl", "--config", conf }, rec .. "\n") }
    assert.are.equal(0, chunked[1], chunked[3])
    assert.are.same(json.decode(whole[2]), json.decode(chunked[2]))
    os.remove(input)
    os.remove(conf)
  end)

  it("a bad byte deep in a long line is reported at its place", function()
    local line = string.rep(SENTENCE, 100) .. "\255" .. SENTENCE
    local code, out, err = sh("ARABIC_CHUNK=4096 " .. arabic_cmd { "tokens" }, "سطر أول\n" .. line .. "\n")
    assert.are.equal(1, code)
    local at = #"سطر أول\n" + #SENTENCE * 100 + 1
    assert.matches(("<stdin>:2: invalid UTF-8 at byte %d (byte %d of the line)"):format(at, #SENTENCE * 100 + 1), err, 1, true)
    assert.is_true(#lines(out) > 2, "the tokens before it are written")
  end)
end)

-- ---------------------------------------------------------- deep JSON

describe("deeply nested pandoc documents", function()
  local n = 10000
  local doc = '{"pandoc-api-version":[1,22,2,1],"meta":{},"blocks":[' .. string.rep('{"t":"BlockQuote","c":[', n) ..
    '{"t":"Para","c":[{"t":"Str","c":"وصل"},{"t":"Space"},{"t":"Str","c":"مسقط"}]}' .. string.rep("]}", n) .. "]}"
  local limited = LUA == "lua5.1" or LUA == "luajit" -- 8,000 Lua stack slots

  it("decode and encode 10,000 levels (20,005 of JSON)", function()
    local v, err = json.decode(doc)
    if json.name == "cjson" and (_VERSION == "Lua 5.1") then
      -- lua-cjson on 5.1 and LuaJIT: its own message, with the place
      if not v then assert.matches("at character %d+", err) return end
    end
    assert.is_table(v, err)
    local s = assert(json.encode_raw(v))
    assert.are.equal(#doc, #s:gsub("%s", ""))
  end)

  it("dkjson: decodes them, or says where the nesting is too deep", function()
    local code, out, err = sh("ARABIC_JSON=dkjson " .. q(LUA) ..
      ' -e \'local j = require "arabic.json"; local v, e = j.decode(io.read("*a")); print(v and "ok" or e)\'', doc)
    assert.are.equal(0, code, err)
    if out:match("^ok") then return end
    assert.matches("nested too deeply: 20005 levels at byte %d+", out)
  end)

  it("pandoc-arabic filters them (or says where they are too deep)", function()
    local code, out, err = sh(q(LUA) .. " bin/pandoc-arabic html", doc)
    if limited then
      assert.are.equal(1, code)
      assert.matches("at character %d+", err)
      return
    end
    assert.are.equal(0, code, err)
    assert.truthy(out:find('"muscat"', 1, true))
  end)

  it("the Lua filter inside pandoc filters them", function()
    if not os.execute("command -v pandoc >/dev/null 2>&1") then return pending("pandoc is not installed") end
    local input = tmpfile(doc, ".json")
    local code, out, err = sh("pandoc -f json " .. q(input) .. " --lua-filter lua/arabic/filter.lua -t json")
    os.remove(input)
    assert.are.equal(0, code, err)
    assert.truthy(out:find('"muscat"', 1, true))
  end)
end)

-- ------------------------------------------------ files a document names

describe("arabic.paths: which files a document may name", function()
  local root = tmpdir()
  local doc = root .. "/doc"
  os.execute(("mkdir -p %s/sub %s/other && mkfifo %s/fifo.tsv"):format(q(doc), q(root), q(doc)))
  local function put(p, s) local f = assert(io.open(p, "wb")); f:write(s); f:close() end
  put(doc .. "/people.tsv", "name\ttype\tid\nبريت ماكغورك\tPER\tbrett\n")
  put(doc .. "/sub/places.tsv", "name\ttype\tid\nمسقط\tLOC\tmuscat\n")
  put(doc .. "/secret.tsv", "name\ttype\tid\tcanonical\tflags\nمسقط\tLOC\tm\tm\tSECRET-API-KEY-12345\n")
  put(root .. "/other/outside.tsv", "name\ttype\tid\nمسقط\tLOC\tx\n")
  put(doc .. "/big.tsv", "name\ttype\tid\n" .. string.rep("مسقط\tLOC\tx\n", 70000))
  os.execute(("ln -s %s %s/link.tsv"):format(q(root .. "/other/outside.tsv"), q(doc)))
  local real_doc = require("arabic.core").file_info(doc).real

  local function check(p, name)
    local real, why = paths.check(p, name)
    return real, why
  end

  it("by default: regular files in the document's directory, by a relative name", function()
    local p = paths.policy { doc_dirs = { doc } }
    assert.are.equal(real_doc .. "/people.tsv", check(p, "people.tsv"))
    assert.are.equal(real_doc .. "/sub/places.tsv", check(p, "sub/places.tsv"))
    assert.are.equal(real_doc .. "/sub/places.tsv", check(p, "./sub/places.tsv"))
    local function refused(name, want)
      local real, why = check(p, name)
      assert.is_nil(real, name)
      assert.matches(want, why, 1, true)
    end
    refused("/etc/passwd", "absolute paths are not allowed")
    refused("../other/outside.tsv", "'..' is not allowed")
    refused("sub/../people.tsv", "'..' is not allowed")
    refused("sub", "a directory, not a file")
    refused("fifo.tsv", "a FIFO, not a file")
    refused("link.tsv", "outside the directories documents may read")
    refused("missing.tsv", "No such file or directory")
    refused("/dev/zero", "absolute paths are not allowed")
  end)

  it("the user widens it, closes it, and caps sizes", function()
    local p = paths.policy { doc_dirs = { doc }, paths = root .. "/other" }
    assert.truthy(check(p, root .. "/other/outside.tsv"))
    assert.truthy(check(p, "link.tsv"))
    assert.is_nil(check(p, "/etc/passwd"))
    p = paths.policy { doc_dirs = { doc }, paths = "none" }
    assert.is_nil(check(p, "people.tsv"))
    p = paths.policy { doc_dirs = { doc }, sandbox = true }
    local real, why = check(p, "people.tsv")
    assert.is_nil(real)
    assert.matches("--sandbox", why, 1, true)
    p = paths.policy { doc_dirs = { doc }, max_mb = 1 }
    real, why = check(p, "big.tsv")
    assert.is_nil(real)
    assert.matches("more than the 1 MB", why, 1, true)
  end)

  it("knows --sandbox on pandoc's command line, also abbreviated", function()
    assert.is_true(paths.sandboxed { "pandoc", "--sandbox", "a.md" })
    assert.is_true(paths.sandboxed { "pandoc", "--sandb", "a.md" })
    assert.is_true(paths.sandboxed { "pandoc", "--sandbox=true" })
    assert.is_false(paths.sandboxed { "pandoc", "--sandbox=false" })
    assert.is_false(paths.sandboxed { "pandoc", "--standalone", "--self-contained", "a.md" })
    assert.is_false(paths.sandboxed { "pandoc", "--", "--sandbox" })
  end)

  it("names the file and line of a bad file, never its contents", function()
    local msg = paths.redact("gazetteer /x/doc/secret.tsv:2: unknown flag 'SECRET-API-KEY-12345' (valid: a, b)",
      "/x/doc/secret.tsv", "secret.tsv")
    assert.are.equal("'secret.tsv':2: unknown flag '…' (valid: a, b)", msg)
  end)

  describe("in the filter's options", function()
    local options = require "arabic.pandoc.options"
    local function read(meta)
      paths.reset()
      paths.from_args { "html", "--doc-dir=" .. doc }
      return pcall(options.read, meta)
    end
    after_each(function() paths.reset() end)

    it("gazetteers, abbreviations and chrome lists go through the rule", function()
      local ok, err = read { entities = { gazetteers = { "/etc/passwd" } } }
      assert.is_false(ok)
      assert.matches("'/etc/passwd': absolute paths are not allowed", err, 1, true)
      ok, err = read { sentences = { abbreviations = { "default", "../secret.tsv" } } }
      assert.is_false(ok)
      assert.matches("'..' is not allowed", err, 1, true)
      ok, err = read { boilerplate = { lists = { "default", "sub" } } }
      assert.is_false(ok)
      assert.matches("a directory", err, 1, true)
      ok, err = read { boilerplate = "/etc/hostname" }
      assert.is_false(ok)
      assert.matches("absolute paths are not allowed", err, 1, true)
      ok = read { entities = { gazetteers = { "default", "people.tsv" } }, sentences = { abbreviations = "د." } }
      assert.is_true(ok)
    end)

    it("an error in a file names it and its line, not what it holds", function()
      local ok, err = read { entities = { gazetteers = { "secret.tsv" } } }
      assert.is_false(ok)
      assert.matches("'secret.tsv':2: unknown flag", err, 1, true)
      assert.is_nil(err:find("SECRET", 1, true), err)
    end)

    it("loads each file once however often it is listed", function()
      local ok, o = read { entities = { gazetteers = { "people.tsv", "./people.tsv", "sub/../people.tsv" } } }
      assert.is_false(ok, o) -- ".." refused
      ok, o = read { entities = { gazetteers = { "people.tsv", "./people.tsv", "people.tsv" } } }
      -- (the first read refused before loading anything)
      assert.is_true(ok, o)
      assert.are.equal(1, #o.entities.match.gazetteers)
      local n = 0
      for _ in pairs(paths.loaded) do n = n + 1 end
      assert.are.equal(1, n)
    end)

    it("the Lua API still reads any file the caller names", function()
      local arabic = require "arabic"
      local found = arabic.entities("وصل إلى مسقط", { gazetteers = { root .. "/other/outside.tsv" }, unknown_names = false })
      assert.are.equal("x", found[1].id)
    end)
  end)

  describe("through pandoc", function()
    local has = os.execute("command -v pandoc >/dev/null 2>&1")
    has = has == true or has == 0
    local md = doc .. "/a.md"
    local function doc_naming(g)
      put(md, ("---\narabic:\n  entities:\n    gazetteers: [%s]\n---\n\nوصل إلى مسقط.\n"):format(g))
    end
    local filter = "lua/arabic/filter.lua"
    local command = require("arabic.core").file_info("bin/pandoc-arabic").real

    it("the Lua filter refuses /etc/passwd, and every file under --sandbox", function()
      if not has then return pending("pandoc is not installed") end
      doc_naming("/etc/passwd")
      local code, _, err = sh(("pandoc %s --lua-filter %s -t html"):format(q(md), q(filter)))
      assert.are_not.equal(0, code)
      assert.matches("absolute paths are not allowed", err, 1, true)
      doc_naming("sub/places.tsv")
      code = sh(("pandoc %s --lua-filter %s -t html"):format(q(md), q(filter)))
      assert.are.equal(0, code)
      code, _, err = sh(("pandoc --sandbox %s --lua-filter %s -t html"):format(q(md), q(filter)))
      assert.are_not.equal(0, code)
      assert.matches("pandoc runs with --sandbox", err, 1, true)
      code, _, err = sh(("ARABIC_FILTER_PATHS=none pandoc %s --lua-filter %s -t html"):format(q(md), q(filter)))
      assert.are_not.equal(0, code)
      assert.matches("to none", err, 1, true)
      code, _, err = sh(("pandoc -V arabic-paths=none %s --lua-filter %s -t html"):format(q(md), q(filter)))
      assert.are_not.equal(0, code)
      assert.matches("to none", err, 1, true)
      doc_naming(root .. "/other/outside.tsv")
      code, _, err = sh(("ARABIC_FILTER_PATHS=%s pandoc %s --lua-filter %s -t html"):format(q(root .. "/other"), q(md), q(filter)))
      assert.are.equal(0, code, err)
    end)

    it("the JSON paths apply the same rule", function()
      if not has then return pending("pandoc is not installed") end
      doc_naming("sub/places.tsv")
      -- forced through pandoc-arabic: the document's directory is passed on
      local _
      local code, out, err = sh(("ARABIC_FILTER=json pandoc %s --lua-filter %s -t html"):format(q(md), q(filter)))
      assert.are.equal(0, code, err)
      assert.truthy(out:find("muscat", 1, true))
      code, _, err = sh(("ARABIC_FILTER=json pandoc --sandbox %s --lua-filter %s -t html"):format(q(md), q(filter)))
      assert.are_not.equal(0, code)
      assert.matches("pandoc runs with --sandbox", err, 1, true)
      -- pandoc --filter: the current directory is the document's
      code, out, err = sh(("cd %s && pandoc a.md --filter %s -t html"):format(q(doc), q(command)))
      assert.are.equal(0, code, err)
      assert.truthy(out:find("muscat", 1, true))
      code, _, err = sh(("cd %s && pandoc --sandbox a.md --filter %s -t html"):format(q(doc), q(command)))
      assert.are_not.equal(0, code)
      assert.matches("pandoc runs with --sandbox", err, 1, true)
      doc_naming("/etc/passwd")
      code, _, err = sh(("cd %s && pandoc a.md --filter %s -t html"):format(q(doc), q(command)))
      assert.are_not.equal(0, code)
      assert.matches("absolute paths are not allowed", err, 1, true)
    end)
  end)
end)

-- ------------------------------- the corpus and transliteration commands

-- freq, kwic, dedup, stem, export and transliterate keep the same contract:
-- the checked writer, inputs that are files, long lines in chunks, and
-- annotate's chunks with each record's own date and id.
describe("the corpus and transliteration commands", function()
  local text = tmpfile("وصل الوفد إلى مسقط يوم 19 مارس 2024 والتقى الوزير.\n")
  local dir = tmpdir()
  teardown(function()
    os.remove(text)
    os.execute("rm -rf " .. q(dir))
  end)

  local function each_command(fn)
    for _, argv in ipairs {
      { "freq" }, { "kwic", "مسقط" }, { "dedup" }, { "stem" }, { "export" },
      { "transliterate", "--scheme", "buckwalter" }, { "transliterate", "--scheme", "ala-lc", "--format=tsv" },
    } do fn(argv) end
  end
  local function with(argv, ...)
    local t = {}
    for i, a in ipairs(argv) do t[i] = a end
    for _, a in ipairs { ... } do t[#t + 1] = a end
    return t
  end

  it("> /dev/full: exit 74 and the system's reason", function()
    each_command(function(argv)
      -- dedup writes only when two documents repeat each other
      local code, _, err = sh(arabic_cmd(with(argv, text, text)) .. " > /dev/full")
      assert.are.equal(74, code, argv[1] .. ": " .. err)
      assert.matches("arabic: write error: No space left on device", err, 1, true)
    end)
  end)

  it("DIR (and --jsonl DIR): exit 1, saying why", function()
    each_command(function(argv)
      local code, out, err = sh(arabic_cmd(with(argv, dir)))
      assert.are.equal(1, code, argv[1] .. ": " .. err)
      assert.are.equal("", out)
      assert.matches("cannot read " .. dir .. ": Is a directory", err, 1, true)
    end)
    for _, argv in ipairs { { "freq" }, { "kwic", "مسقط" }, { "dedup" }, { "export" } } do
      local code, _, err = sh(arabic_cmd(with(argv, "--jsonl", dir)))
      assert.are.equal(1, code, argv[1] .. ": " .. err)
      assert.matches("Is a directory", err, 1, true)
    end
  end)

  it("clean --lists: a missing file or a directory is exit 1, \"default\" is the built-in list", function()
    for _, bad in ipairs { dir, dir .. "/none.tsv" } do
      local code, _, err = sh(arabic_cmd { "clean", "--lists=" .. bad, text })
      assert.are.equal(1, code, err)
      assert.matches("arabic clean: cannot ", err, 1, true)
    end
    local code, out, err = sh(arabic_cmd { "clean", "--no-default-lists", "--lists=default", text })
    assert.are.equal(0, code, err)
    assert.are.equal(shell.read_file(text), out)
  end)

  it("freq --stopwords=DIR is no empty list", function()
    local code, _, err = sh(arabic_cmd { "freq", "--stopwords=" .. dir, text })
    assert.are.equal(2, code)
    assert.matches("no stop list '" .. dir .. "'", err, 1, true)
    assert.matches("Is a directory", err, 1, true)
  end)

  -- a paragraph of one line, some 40 KB: ten chunks of 4 KiB
  local line = string.rep(SENTENCE, 300)

  it("long lines in chunks give what the whole line gives", function()
    local input = tmpfile(line .. "\n" .. line .. "\n")
    local rec = tmpfile(json.encode({ id = "r1", text = line .. "\n" .. line }) .. "\n")
    for _, argv in ipairs {
      { "freq", input }, { "freq", "--jsonl", rec }, { "stem", input }, { "stem", "--format=tsv", input },
      { "transliterate", "--scheme", "ala-lc", input }, { "transliterate", "--scheme", "buckwalter", "--format=tsv", input },
      { "dedup", "--unit=line", input, input },
    } do
      local whole = { sh(arabic_cmd(argv)) }
      local chunked = { sh("ARABIC_CHUNK=4096 " .. arabic_cmd(argv)) }
      assert.are.equal(0, chunked[1], chunked[3])
      assert.is_true(#whole[2] > 0, argv[1])
      assert.are.equal(whole[2], chunked[2], table.concat(argv, " "))
    end
    -- kwic: the same matches at the same offsets (a context stops at a
    -- chunk's edge)
    for _, argv in ipairs { { "kwic", "مسقط", "--format=tsv", input }, { "kwic", "مسقط", "--jsonl", "--format=tsv", rec } } do
      local function offsets(s)
        local t = {}
        for a, b in s:gmatch("(%d+)\t(%d+)\t[^\n]*\n") do t[#t + 1] = a .. "-" .. b end
        return t
      end
      local _, whole = sh(arabic_cmd(argv))
      local code, chunked = sh("ARABIC_CHUNK=4096 " .. arabic_cmd(argv))
      assert.are.equal(0, code)
      assert.are.equal(600, #offsets(whole))
      assert.are.same(offsets(whole), offsets(chunked))
    end
    os.remove(input)
    os.remove(rec)
  end)

  it("transliterate: a bad byte deep in a long line is reported at its place", function()
    local long = string.rep(SENTENCE, 100) .. "\255" .. SENTENCE
    local at = #"سطر أول\n" + #SENTENCE * 100 + 1
    for _, format in ipairs { "text", "tsv" } do
      local code, out, err = sh("ARABIC_CHUNK=4096 " .. arabic_cmd { "transliterate", "--scheme", "buckwalter",
        "--format=" .. format }, "سطر أول\n" .. long .. "\n")
      assert.are.equal(1, code)
      assert.matches(("<stdin>:2: invalid UTF-8 at byte %d (byte %d of the line)"):format(at, #SENTENCE * 100 + 1),
        err, 1, true)
      assert.are.equal("\n", out:sub(-1), "whole lines only")
    end
  end)

  it("annotate in chunks keeps each record's date and id", function()
    -- relative dates (أمس) resolve against the record's date in every chunk
    local rel = "وصل بريت ماكغورك إلى مسقط أمس، والتقى مسؤولين من إيران يوم 19 مارس 2024. "
    local body = string.rep(rel, 100)
    local doc = body .. "\n" .. body .. "\n" .. body
    local input = tmpfile(json.encode({ key = "doc-1", date = "2024-03-21", text = doc }) .. "\n"
      .. json.encode({ key = 7, text = doc }) .. "\n")
    local conf = tmpfile('return { sentences = true, entities = true, dates = true, numbers = true, '
      .. 'transliterate = "ala-lc" }', ".lua")
    local argv = { "annotate", "--jsonl", "--id-field", "key", "--reference-field", "date", "--config", conf, input }
    local whole = { sh(arabic_cmd(argv)) }
    local chunked = { sh("ARABIC_CHUNK=4096 " .. arabic_cmd(argv)) }
    assert.are.equal(0, whole[1], whole[3])
    assert.are.equal(0, chunked[1], chunked[3])
    local w, c = lines(whole[2]), lines(chunked[2])
    assert.are.equal(2, #c)
    for i = 1, 2 do assert.are.same(json.decode(w[i]), json.decode(c[i])) end
    local a = json.decode(c[1]).arabic
    assert.are.equal("2024-03-21", a.reference)
    assert.are.equal(300, #a.sentences)
    -- every أمس of the three chunks and more is the day before the record's date
    local yesterday = 0
    for _, d in ipairs(a.dates) do
      if d.relative then
        assert.are.equal("2024-03-20", d.value)
        yesterday = yesterday + 1
      end
    end
    assert.are.equal(300, yesterday)
    assert.is_nil(json.decode(c[2]).arabic.reference)
    local tr = a.transliteration
    assert.are.equal("ala-lc", tr.scheme)
    assert.are.equal(300 * 12, tr.words) -- twelve words a sentence (19 and 2024 are no words)
    local last = tr.tokens[#tr.tokens]
    assert.are.equal(#doc, last[4] + 1) -- the final ". " : its space is no word
    -- a file: --reference, the same way
    local file = tmpfile(doc)
    argv = { "annotate", "--reference", "2024-01-02", "--config", conf, file }
    whole, chunked = { sh(arabic_cmd(argv)) }, { sh("ARABIC_CHUNK=4096 " .. arabic_cmd(argv)) }
    assert.are.equal(0, chunked[1], chunked[3])
    assert.are.same(json.decode(whole[2]), json.decode(chunked[2]))
    assert.are.equal("2024-01-02", json.decode(chunked[2]).arabic.reference)
    -- the id reaches the steps of every chunk
    local steps = tmpfile('return { dates = true, steps = function(doc) '
      .. 'doc.dates = { { first = 1, last = 1, text = tostring(doc.id) } } end }', ".lua")
    local code, out, err = sh("ARABIC_CHUNK=4096 " .. arabic_cmd { "annotate", "--jsonl", "--id-field", "key",
      "--config", steps, input })
    assert.are.equal(0, code, err)
    local ids = json.decode(lines(out)[1]).arabic.dates
    assert.is_true(#ids > 3, "several chunks")
    for _, d in ipairs(ids) do assert.are.equal("doc-1", d.text) end
    for _, p in ipairs { input, conf, file, steps } do os.remove(p) end
  end)

  it("past the file-size limit: export and transliterate end with a whole line", function()
    local input = tmpfile(string.rep(SENTENCE .. "\n", 3000))
    for _, argv in ipairs { { "export", input }, { "transliterate", "--scheme", "ala-lc", input }, { "stem", input } } do
      local out = os.tmpname()
      local code, _, err = sh("ulimit -f 80; exec " .. arabic_cmd(argv) .. " > " .. q(out))
      local got = shell.read_file(out)
      os.remove(out)
      assert.are.equal(74, code, err)
      assert.matches("write error: File too large", err, 1, true)
      assert.is_true(#got > 0 and #got < 81920, #got .. " bytes")
      assert.are.equal("\n", got:sub(-1), "ends with a whole line")
    end
    os.remove(input)
  end)
end)
