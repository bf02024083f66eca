-- The annotate command's fast paths against what they replace: the
-- record's head found from its end (was two Lua patterns) and the output
-- writer's split at the last line end (was s:find("\n[^\n]*$")).
local cli = require "arabic.cli"

local function old_head(record)
  local head = record:match("^(.-)}%s*$")
  return head, head:match("{%s*$") and "" or ","
end

describe("annotate fast paths", function()
  it("finds a record's head and separator as the patterns did", function()
    local records = {
      '{"id":1,"text":"نص"}', '{}', '{ }', '{\t}\r', '{"a":"}"}  \t', '{"a":{"b":1}}\n',
      '  {"text":"a }"} ', '{"x":[1,{}]}\v\f', '{"t":"{"}', '{ "t" : "x" , "u":{} }\r\n',
    }
    for _, r in ipairs(records) do
      local h1, s1 = old_head(r)
      local h2, s2 = cli._record_head(r)
      assert.are.equal(h1, h2, r)
      assert.are.equal(s1, s2, r)
    end
  end)

  -- what the writer wrote before: every flush cut at the last line end of
  -- all that was buffered, the rest kept
  local function old_writes(pieces, flush_at)
    local out, buf, size, has_nl = {}, {}, 0, false
    for _, x in ipairs(pieces) do
      buf[#buf + 1] = x
      size = size + #x
      if not has_nl and x:find("\n", 1, true) then has_nl = true end
      if size >= flush_at and has_nl then
        local s = table.concat(buf)
        buf, size, has_nl = {}, 0, false
        if s:byte(-1) ~= 10 then
          local last = s:find("\n[^\n]*$")
          buf[1], size = s:sub(last + 1), #s - last
          s = s:sub(1, last)
        end
        out[#out + 1] = s
      elseif size >= flush_at and size >= 4 * cli.CHUNK then
        out[#out + 1] = table.concat(buf)
        buf, size = {}, 0
      end
    end
    out[#out + 1] = table.concat(buf)
    return out
  end

  it("writes the same blocks as the whole-buffer search did", function()
    local lcg = require "lcg"(7)
    local function rand(n) return lcg(n) - 1 end
    local alphabet = { "a", "ب", "\n", "}", " ", "\n\n", "سلام\n" }
    for _ = 1, 40 do
      local pieces = {}
      for i = 1, 200 do
        local t = {}
        for j = 1, rand(3000) do t[j] = alphabet[rand(#alphabet) + 1] end
        if rand(4) == 0 then t = { ("x"):rep(rand(70000)) } end
        pieces[i] = table.concat(t)
      end
      local writes = {}
      local sink = {
        write = function(_, s)
          writes[#writes + 1] = s
          return true
        end,
        flush = function() return true end,
      }
      local w = cli.output(sink)
      for _, p in ipairs(pieces) do w:write(p) end
      w.finish()
      local expect = old_writes(pieces, 65536)
      -- the new writer writes nothing empty; neither did the old one but its last flush
      if expect[#expect] == "" then expect[#expect] = nil end
      assert.are.same(expect, writes)
    end
  end)
end)
