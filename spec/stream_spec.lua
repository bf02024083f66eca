-- Streaming from Lua: lines of files and JSON Lines, pipelines over
-- iterators, and memory that stays flat on a large generated input.
local arabic = require "arabic"

local function write(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

local function failing(f, ...)
  local ok, err = pcall(f, ...)
  assert.is_false(ok, "the call should have failed")
  return tostring(err)
end

describe("streaming", function()
  it("iterates over the lines of a file, with line numbers, CRLF or not", function()
    local path = os.tmpname()
    write(path, "السطر الأول\r\n\nالسطر الثالث\nبلا نهاية")
    local got = {}
    for line, n in arabic.lines(path) do got[#got + 1] = n .. ":" .. line end
    assert.are.same({ "1:السطر الأول", "2:", "3:السطر الثالث", "4:بلا نهاية" }, got)
    got = {}
    for line in arabic.lines(path, { skip_empty = true }) do got[#got + 1] = line end
    assert.are.equal(3, #got)
    local f = assert(io.open(path, "rb"))
    local n = 0
    for _ in arabic.lines(f) do n = n + 1 end
    assert.are.equal(4, n)
    assert.are.equal("file", io.type(f)) -- a handle given by the caller stays open
    f:close()
    os.remove(path)
  end)

  it("reads a member of each JSON Lines record", function()
    local path = os.tmpname()
    write(path, '{"id": 7, "text": "وصل الوفد إلى مسقط"}\n{"id": 8, "text": "ثم غادر"}\n')
    local got = {}
    for text, rec in arabic.lines(path, { field = "text" }) do got[#got + 1] = ("%d:%s"):format(rec.id, text) end
    assert.are.same({ "7:وصل الوفد إلى مسقط", "8:ثم غادر" }, got)
    write(path, '{"id": 7, "text": "نص"}\n{"id": 8, "body": "نص"}\n')
    assert.matches(":2: member 'text' is not a string", failing(function()
      for _ in arabic.lines(path, { field = "text" }) do end
    end))
    write(path, '{"id": 7, "text": "نص"}\nnot json\n')
    assert.matches(":2: invalid JSON", failing(function()
      for _ in arabic.lines(path, { field = "text" }) do end
    end))
    os.remove(path)
  end)

  it("runs a pipeline over an iterator", function()
    local path = os.tmpname()
    write(path, "وصل بريت ماكغورك إلى مسقط.\nثم غادر إلى واشنطن.\n")
    local docs = {}
    for doc, n in arabic.stream(arabic.lines(path), { entities = true, sentences = true }) do
      docs[#docs + 1] = doc
      assert.are.equal(#docs, n)
    end
    assert.are.equal(2, #docs)
    assert.are.equal("brett-mcgurk", docs[1].entities[1].id)
    assert.are.equal("washington", docs[2].entities[1].id)
    local p = arabic.pipeline { sentences = true }
    local n = 0
    for doc in arabic.stream(arabic.lines(path), p) do n = n + #doc.sentences end
    assert.are.equal(2, n)
    os.remove(path)
  end)

  it("keeps memory flat over a large generated input (in a fresh process)", function()
    local shell = require "shell"
    local path = os.tmpname()
    local code, out, err = shell.lua_script({ "spec/stream_memory.lua", path, "40000" })
    os.remove(path)
    assert.are.equal(0, code, err)
    local size, docs, sentences, heap0, heap, rss0, rss = out:match(
      "size (%d+) docs (%d+) sentences (%d+) heap (%d+) (%d+) rss (%d+) (%d+)")
    assert.is_not_nil(size, out)
    assert.is_true(tonumber(size) > 25e6, out)
    assert.are.equal(40000, tonumber(docs))
    assert.are.equal(200000, tonumber(sentences))
    -- 25+ MB went through; the Lua heap and the resident set stay within a
    -- few MB of where they started
    assert.is_true(tonumber(heap) - tonumber(heap0) < 8 * 1024, out)
    if tonumber(rss0) > 0 and not (os.getenv("LD_PRELOAD") or ""):find("asan") then
      assert.is_true(tonumber(rss) - tonumber(rss0) < 16 * 1024, out)
    end
  end)

  it("rejects bad arguments, naming them", function()
    assert.matches("bad argument #1 to 'lines' %(cannot open", failing(arabic.lines, "/nonexistent/file.txt"))
    assert.matches("bad argument #1 to 'lines' %(file name or file handle expected, got number%)",
      failing(arabic.lines, 3))
    assert.matches("bad argument #2 to 'lines' %(unknown option 'feild'", failing(arabic.lines, "x", { feild = "t" }))
    assert.matches("bad argument #1 to 'stream' %(iterator expected, got table%)", failing(arabic.stream, {}, {}))
    assert.matches("unknown option 'entites'", failing(arabic.stream, function() end, { entites = true }))
    assert.matches("the iterator gave a number", failing(function()
      for _ in arabic.stream(function() return 5 end, {}) do end
    end))
  end)
end)
