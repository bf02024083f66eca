-- Entry flags have one grammar, the C one (ar_gaz_parse_flags): the same
-- flags mean the same thing from a TSV file, a JSON Lines file and g:add,
-- and the same bad flag is refused by all three with the same message.
local gazetteer = require "arabic.gazetteer"
local core = require "arabic.core"

local tmp = os.tmpname()
local function write(s)
  local f = assert(io.open(tmp, "wb"))
  f:write(s)
  f:close()
end

local function fields(e)
  return { exact_only = e.exact_only, needs_context = e.needs_context, demoted = e.demoted,
    trusted = e.trusted, priority = e.priority }
end

-- The entry made from flags by each of the three ways in.
local function three_ways(flags)
  write("name\ttype\tid\tflags\nمسقط\tLOC\tmuscat\t" .. flags .. "\n")
  local tsv = gazetteer.new():load(tmp, { format = "tsv" })
  write(('{"name": "مسقط", "type": "LOC", "id": "muscat", "flags": "%s"}\n'):format(flags))
  local jsonl = gazetteer.new():load(tmp, { format = "jsonl" })
  local added = gazetteer.new():add("مسقط", { type = "LOC", id = "muscat", flags = flags })
  return fields(tsv:entry(1)), fields(jsonl:entry(1)), fields(added:entry(1))
end

describe("entry flags", function()
  teardown(function() os.remove(tmp) end)

  it("mean the same from TSV, JSON Lines and g:add", function()
    local cases = {
      [""] = {},
      exact_only = { exact_only = true },
      needs_context = { needs_context = true },
      demoted = { demoted = true },
      trusted = { trusted = true },
      ["exact_only, needs_context"] = { exact_only = true, needs_context = true },
      ["demoted,priority=3"] = { demoted = true, priority = 3 },
      [" priority=-2 , needs_context "] = { needs_context = true, priority = -2 },
    }
    for flags, want in pairs(cases) do
      local expected = { exact_only = false, needs_context = false, demoted = false, trusted = false, priority = 0 }
      for k, v in pairs(want) do expected[k] = v end
      local tsv, jsonl, added = three_ways(flags)
      assert.are.same(expected, tsv, "TSV: " .. flags)
      assert.are.same(expected, jsonl, "JSON Lines: " .. flags)
      assert.are.same(expected, added, "g:add: " .. flags)
    end
  end)

  it("are refused alike, with the valid names from C", function()
    local valid = "(valid: exact_only, needs_context, demoted, trusted, priority=N)"
    write("name\ttype\tflags\nمسقط\tLOC\texactly\n")
    local ok, err = pcall(function() gazetteer.new():load(tmp, { format = "tsv" }) end)
    assert.is_false(ok)
    assert.matches(":2: unknown flag 'exactly' " .. valid, err, 1, true)
    write('{"name": "مسقط", "flags": "exactly"}\n')
    ok, err = pcall(function() gazetteer.new():load(tmp, { format = "jsonl" }) end)
    assert.is_false(ok)
    assert.matches(":1: unknown flag 'exactly' " .. valid, err, 1, true)
    ok, err = pcall(function() gazetteer.new():add("مسقط", { flags = "exactly" }) end)
    assert.is_false(ok)
    assert.matches("bad argument #2 to 'add' (unknown flag 'exactly' " .. valid .. ")", err, 1, true)
    for _, bad in ipairs { "priority=", "priority=x", "priority=1.5", "priority=99999999" } do
      assert.is_nil((core.gaz_parse_flags(bad)), bad)
    end
  end)

  it("given as a list, a set or fields mean the same as the string", function()
    local g = gazetteer.new()
    g:add("مسقط", { flags = { "exact_only", "needs_context" } })
    g:add("مسقط", { flags = { exact_only = true, needs_context = true } })
    g:add("مسقط", { exact_only = true, needs_context = true })
    g:add("مسقط", { flags = "exact_only,needs_context" })
    for i = 1, 4 do
      local e = g:entry(i)
      assert.is_true(e.exact_only and e.needs_context, "entry " .. i)
    end
  end)

  it("and the match flags come from C by name", function()
    local f = core.flags()
    assert.are.same({ overlap = 1, no_clitics = 2, fuzzy = 4, no_context = 8, extend = 16 }, f.match)
    assert.are.same({ exact_only = 1, needs_context = 2, demoted = 4, trusted = 8 }, f.entry)
    assert.are.equal(6, #(function() local t = {} for k in pairs(f.regex) do t[#t + 1] = k end return t end)())
  end)
end)
