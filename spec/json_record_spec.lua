-- core.json_record reads the text, id and date of a JSON Lines record in C
-- for `arabic annotate --jsonl`; whatever it does not read plainly it
-- leaves to the JSON library. Checked here against the library: on the
-- records it reads, the same values; on a line the library refuses, it
-- reads nothing (so every error stays the library's). On our records, on
-- edge cases, on thousands of generated lines and mutations of them, and on
-- the corpus's records when they are there.
local core = require "arabic.core"
local json = require "arabic.json"
local corpus = require "corpus"

local FIELDS = { "text", "id", "date" }

-- what each_document reads through the library: nil when the line is not
-- one object
local function by_library(line)
  local obj = json.decode(line)
  if type(obj) ~= "table" or obj[1] ~= nil or not line:match("^%s*{") then return nil end
  local out = {}
  for i, k in ipairs(FIELDS) do
    local v = obj[k]
    if v == json.null then v = nil end
    out[i] = v
  end
  return out
end

local function same_value(a, b)
  if type(a) == "number" and type(b) == "number" then return a == b end
  return a == b
end

-- json_record's reading agrees with the library's, or it leaves the line
local function check(line)
  local plain, text, id, date = core.json_record(line, "text", "id", "date")
  local lib = by_library(line)
  if not plain then return false end
  assert(lib, "json_record read a line the library refuses: " .. line)
  assert.are.equal(lib[1], text, line)
  assert.is_true(same_value(lib[2], id), line)
  assert.are.equal(lib[3], date, line)
  return true
end

describe("core.json_record", function()
  it("reads the fields of plain records as the library does", function()
    local lines = {
      '{"id":1,"text":"قال الوزير في مسقط\\nإن الاجتماع انتهى.","date":"2024-03-01"}',
      '  {"text":"x"}  ',
      '{"text":"","id":"a-7","date":null}',
      '{"text":"tab\\there \\"quoted\\" back\\\\slash \\/ \\b\\f\\r","id":-12}',
      '{"text":"\\u0645\\u0635\\u0631 \\ud83d\\ude00 \\u00e9\\u0000z"}',
      '{"other":[1,2.5e-3,{"deep":[true,false,null]}],"text":"t","id":123456789012345}',
      '{"text":"first","text":"second"}',
      '{\t"text"\r:\n"spaced"\t}',
      '{"text":"x","id":0,"date":"2024-03-01T10:00:00Z"}',
    }
    for _, line in ipairs(lines) do assert.is_true(check(line), line) end
    local _, text = core.json_record(lines[5], "text")
    assert.are.equal("مصر 😀 é\0z", text)
  end)

  it("leaves to the library what it does not read plainly", function()
    local lines = {
      "", "[1,2]", '"text"', "{", '{"text":"x"', '{"text":"x",}', '{"text":"x"} {}', '{"text":x}',
      '{"text":"a\tb"}', -- a control character in a string: the library's to judge
      '{"text":"\\ud800"}', '{"text":"\\udc00x"}', '{"text":"\\u12"}', '{"text":"\\q"}',
      '{"te\\u0078t":"y","text":"x"}', -- an escaped key may name the field
      '{"text":5}', '{"text":true}', '{"text":null}', '{}', '{"id":1}',
      '{"text":"x","id":1.5}', '{"text":"x","id":1e3}', '{"text":"x","id":1234567890123456}',
      '{"text":"x","id":[1]}', '{"text":"x","date":20240301}', '{"text":"x","date":{"d":1}}',
      '{"text":"x","n":01}', '{"text":"x","n":-}', '{"text":"x","n":.5}', '{"text":"x","n":NaN}',
      '{"text":"x","n":0x10}', '{"text":"x","b":tru}', ("["):rep(300) .. ("]"):rep(300),
      '{"a":' .. ("["):rep(300) .. ("]"):rep(300) .. ',"text":"x"}',
    }
    for _, line in ipairs(lines) do
      assert.is_nil((core.json_record(line, "text", "id", "date")), line)
    end
  end)

  it("agrees with the library on generated lines and their mutations", function()
    local lcg = require "lcg"(12345)
    local function rand(n) return lcg(n) - 1 end
    local pieces = { "ق", "ال", " ", "\\n", "\\\"", "\\\\", "\\/", "\\u0645", "\\ud83d\\ude00", "a", "}", "{", "[",
      ",", ":", "\\t", "é", "1" }
    local function str()
      local t = {}
      for i = 1, rand(12) do t[i] = pieces[rand(#pieces) + 1] end
      return '"' .. table.concat(t) .. '"'
    end
    local function value(depth)
      local r = rand(depth > 2 and 6 or 8)
      if r == 0 then return str() end
      if r == 1 then return tostring(rand(100000) - 50000) end
      if r == 2 then return "null" end
      if r == 3 then return rand(2) == 0 and "true" or "false" end
      if r == 4 then return ("%d.%de%d"):format(rand(100), rand(100), rand(10)) end
      if r == 5 then return str() end
      if r == 6 then return "[" .. value(depth + 1) .. "," .. value(depth + 1) .. "]" end
      return '{"k":' .. value(depth + 1) .. "}"
    end
    local read, left = 0, 0
    for _ = 1, 3000 do
      local members = {}
      for i = 1, rand(5) + 1 do
        local k = ({ '"text"', '"id"', '"date"', '"x"', str() })[rand(5) + 1]
        local v
        -- the fields read: mostly what they hold in real records
        if k == '"x"' or rand(10) == 0 then v = value(0) else v = rand(3) == 0 and tostring(rand(1000)) or str() end
        members[i] = k .. ":" .. v
      end
      local line = "{" .. table.concat(members, ",") .. "}"
      if check(line) then read = read + 1 else left = left + 1 end
      -- one byte cut, doubled or changed
      local at = rand(#line) + 1
      local mutations = { line:sub(1, at - 1) .. line:sub(at + 1), line:sub(1, at) .. line:sub(at),
        line:sub(1, at - 1) .. string.char(rand(128)) .. line:sub(at + 1) }
      for _, m in ipairs(mutations) do
        if check(m) then read = read + 1 else left = left + 1 end
      end
    end
    assert.is_true(read > 500 and left > 1000, ("read %d, left %d"):format(read, left))
  end)

  it("reads our example records and the corpus's news pages as records as the library does", function()
    local f = assert(io.open("examples/corpus.jsonl", "rb"))
    local n = 0
    for line in f:lines() do
      if line:find("%S") then
        assert.is_true(check(line), line:sub(1, 80))
        n = n + 1
      end
    end
    f:close()
    assert.is_true(n > 0)
    local pages = corpus.news_pages()
    if not pages then
      pending(corpus.missing("news/*.txt"))
      return
    end
    for i, page in ipairs(pages) do
      assert.is_true(check(json.encode({ id = i, text = page.text, date = "2024-03-01" })), page.name)
    end
  end)
end)
