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

  it("keeps memory flat over a large generated input", function()
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    local para = ("وصل بريت ماكغورك إلى مسقط أمس لإجراء محادثات مع الوفد الإيراني حول الملاحة في البحر الأحمر. "):rep(4)
    local lines = 40000
    for i = 1, lines do f:write(para, i, "\n") end
    f:close()
    local size = lines * (#para + 6)
    assert.is_true(size > 25e6)
    collectgarbage()
    collectgarbage()
    local base, peak = collectgarbage("count"), 0
    local p = arabic.pipeline { sentences = true }
    local n, sentences = 0, 0
    for doc in arabic.stream(arabic.lines(path), p) do
      n = n + 1
      sentences = sentences + #doc.sentences
      if n % 500 == 0 then
        local kb = collectgarbage("count")
        if kb > peak then peak = kb end
      end
    end
    os.remove(path)
    assert.are.equal(lines, n)
    assert.are.equal(lines * 5, sentences)
    -- the Lua heap stays within a few MB of where it started while 25+ MB went through
    assert.is_true(peak - base < 8 * 1024, ("heap grew by %.0f KB"):format(peak - base))
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
