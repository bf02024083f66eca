-- The pandoc transform outside pandoc (under every Lua, and under the
-- sanitizers): the C encoder for pandoc's JSON, the scan for words of the
-- other direction, and arabic.pandoc.filter_json on documents written here.
local core = require "arabic.core"
local json = require "arabic.json"
local transform = require "arabic.pandoc"

local function para(...) return { t = "Para", c = { ... } } end
local function str(s) return { t = "Str", c = s } end
local SPACE = { t = "Space" }

local function doc(blocks, meta)
  return { ["pandoc-api-version"] = { 1, 22, 2, 1 }, meta = meta or {}, blocks = blocks }
end

describe("core.pandoc_encode", function()
  it("writes empty tables as arrays, except the metadata and a MetaMap's content", function()
    local out = core.pandoc_encode(doc({ { t = "Div", c = { { "", {}, {} }, {} } } },
      { m = { t = "MetaMap", c = {} }, l = { t = "MetaList", c = {} } }))
    assert.are.equal('{"blocks":[{"t":"Div","c":[["",[],[]],[]]}],' ..
      '"meta":{"l":{"t":"MetaList","c":[]},"m":{"t":"MetaMap","c":{}}},"pandoc-api-version":[1,22,2,1]}', out)
    assert.are.equal('{"blocks":[],"meta":{},"pandoc-api-version":[1,22,2,1]}', core.pandoc_encode(doc({})))
  end)

  it("writes elements t first, other objects with sorted keys, strings escaped, integers as integers", function()
    local out = core.pandoc_encode(doc({ para(str('a"b\\c\n\t\1/ج'), SPACE) },
      { z = { t = "MetaString", c = "1" }, a = { t = "MetaBool", c = true } }))
    assert.are.equal('{"blocks":[{"t":"Para","c":[{"t":"Str","c":"a\\"b\\\\c\\n\\t\\u0001/ج"},{"t":"Space"}]}],' ..
      '"meta":{"a":{"t":"MetaBool","c":true},"z":{"t":"MetaString","c":"1"}},"pandoc-api-version":[1,22,2,1]}', out)
    assert.are.equal("[0.5,3,-2,null]", core.pandoc_encode({ 0.5, 3.0, -2, json.null }):gsub("^%s+", ""))
  end)

  it("reads back with lua-cjson or dkjson as what it was", function()
    local d = doc({ para(str("مسقط"), SPACE, { t = "Emph", c = { str("x") } }) })
    local back = json.decode(core.pandoc_encode(d))
    assert.are.equal("مسقط", back.blocks[1].c[1].c)
    assert.are.equal("Emph", back.blocks[1].c[3].t)
  end)

  it("gives the JSON to a writer in chunks, the same bytes", function()
    local blocks = {}
    for i = 1, 20000 do blocks[i] = para(str("كلمة " .. i), SPACE, str("word")) end
    local d = doc(blocks)
    local whole = core.pandoc_encode(d)
    local chunks = {}
    assert.is_nil(core.pandoc_encode(d, function(c) chunks[#chunks + 1] = c end))
    assert.is_true(#chunks > 1)
    assert.are.equal(whole, table.concat(chunks))
  end)

  it("refuses what JSON cannot hold, with a message", function()
    local ok, err = pcall(core.pandoc_encode, { 0 / 0 })
    assert.is_false(ok)
    assert.matches("NaN", err)
    ok, err = pcall(core.pandoc_encode, { [true] = 1, x = 1 })
    assert.is_false(ok)
    assert.matches("no strings", err)
    local deep = {}
    local t = deep
    for _ = 1, 20005 do
      t[1] = {}
      t = t[1]
    end
    -- as deep as pandoc goes (10,000 block quotes: 20,005 levels of JSON);
    -- Lua 5.1 and LuaJIT run out of stack slots first, with an error
    ok, err = pcall(core.pandoc_encode, deep)
    if not ok then assert.matches("stack overflow", err) end
    for _ = 1, 5000 do
      t[1] = {}
      t = t[1]
    end
    ok, err = pcall(core.pandoc_encode, deep)
    assert.is_false(ok)
    assert.is_truthy(err:match("nested more than 25000 deep") or err:match("stack overflow"), err)
    ok = pcall(core.pandoc_encode, { print })
    assert.is_false(ok)
    ok, err = pcall(core.pandoc_encode, doc({}), function() error("disk full", 0) end)
    assert.is_false(ok)
    assert.are.equal("disk full", err)
  end)
end)

describe("core.pandoc_decode", function()
  -- what lua-cjson makes of the same JSON (the filter falls back to it
  -- when the C decoder gives up); only where lua-cjson is the library
  local has_cjson = json.name == "cjson"
  local function same(a, b)
    if type(a) ~= type(b) then return false end
    if type(a) ~= "table" then
      if a ~= b then return false end
      return type(a) ~= "number" or not math.type or math.type(a) == math.type(b)
    end
    for k, v in pairs(a) do if not same(v, b[k]) then return false end end
    for k in pairs(b) do if a[k] == nil then return false end end
    return true
  end

  it("decodes what lua-cjson decodes, to the same values", function()
    if not has_cjson then pending("lua-cjson is not the JSON library here") return end
    local long = {}
    for i = 1, 1000 do long[i] = '{"t":"Str","c":"كلمة ' .. i .. '"}' end
    for _, s in ipairs({
      '{"blocks":[{"t":"Para","c":[{"t":"Str","c":"مسقط"},{"t":"Space"}]}],"meta":{},"pandoc-api-version":[1,22,2,1]}',
      '[1,-2,0.5,1e3,-0,1E-2,1.5e+3,12345678901234567890]',
      '"\\ud83d\\ude00 \\u0627\\u0000x\\/\\b\\f\\n\\r\\t\\"\\\\ \\u00E9"',
      '{"a":1,"a":2}', '[null,false,true,[],{},[[]]]', ' \n {"t":"Space"} \t',
      '{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"m":13,"n":14,"o":15,' ..
        '"p":16,"q":17,"r":18,"a":19}',
      "[" .. table.concat(long, ",") .. "]",
    }) do
      local mine = core.pandoc_decode(s)
      assert.is_not_nil(mine, s)
      assert.is_true(same(json.decode(s), mine), s)
    end
    assert.are.equal(json.null, core.pandoc_decode("null"))
  end)

  it("gives up, returning nothing, where lua-cjson may decide otherwise or fail", function()
    for _, s in ipairs({ "", "[1,2] x", "[01]", "[1.]", "[NaN]", "[+1]", '"\\ud800"', '"\\udc00"', '"abc',
      "[1,]", '{"a":1,}', '{"a"}', "{1:2}", '"a\0b"', '"\\x"', string.rep("[", 25001) .. string.rep("]", 25001) }) do
      assert.are.equal(0, select("#", core.pandoc_decode(s)), s)
    end
  end)
end)

describe("core.other_letters", function()
  it("gives the words with a letter of the other direction, one position a word", function()
    local s = "قال Reuters Inc. إن café ok"
    local pos = core.other_letters(s, "rtl")
    local words = {}
    for _, p in ipairs(pos) do words[#words + 1] = s:sub(p, (s:find("%s", p) or #s + 1) - 1) end
    assert.are.same({ "Reuters", "Inc.", "café", "ok" }, words)
    assert.are.same({ 1, #"قال Reuters Inc. " + 1 }, core.other_letters(s, "ltr"))
    assert.are.same({}, core.other_letters("", "rtl"))
    assert.are.same({}, core.other_letters("\255\254 ١٢٣", "rtl"))
  end)
end)

describe("arabic.pandoc.filter_json", function()
  local function run(d, format)
    local s = assert(transform.filter_json(core.pandoc_encode(d), format or "html"))
    return json.decode(s)
  end

  it("marks entities over the whole document and keeps code left-to-right", function()
    local out = run(doc({
      para(str("استقبل"), SPACE, str("الرئيس"), SPACE, str("جوزيف"), SPACE, str("عون"), SPACE, str("الوفد.")),
      para(str("وقال"), SPACE, str("مكتب"), SPACE, str("عون"), SPACE, { t = "Code", c = { { "", {}, {} }, "a = b" } }),
    }))
    local second = out.blocks[2].c
    assert.are.equal("Span", second[5].t)
    assert.are.equal("joseph-aoun", second[5].c[1][3][1][2])
    assert.are.same({ { "dir", "ltr" } }, second[7].c[1][3])
    assert.are.equal("rtl", out.meta.dir.c)
  end)

  it("changes nothing on a second run", function()
    local d = doc({ para(str("وصل"), SPACE, str("Reuters"), SPACE, str("إلى"), SPACE, str("مسقط")) })
    for _, format in ipairs { "html", "latex", "docx", "markdown" } do
      local once = assert(transform.filter_json(core.pandoc_encode(d), format))
      local twice = assert(transform.filter_json(once, format))
      assert.are.equal(once, twice, format)
    end
  end)

  it("writes to a function in chunks when given one", function()
    local d = core.pandoc_encode(doc({ para(str("في"), SPACE, str("مسقط")) }))
    local whole = assert(transform.filter_json(d, "html"))
    local parts = {}
    assert.is_true(transform.filter_json(d, "html", function(c) parts[#parts + 1] = c end))
    assert.are.equal(whole, table.concat(parts))
  end)

  it("says what is wrong with input that is no pandoc document", function()
    local out, err = transform.filter_json('{"a": 1}', "html")
    assert.is_nil(out)
    assert.matches("not a pandoc JSON document", err)
    local ok, e2 = pcall(transform.filter_json, core.pandoc_encode(doc({}, { arabic = { t = "MetaString", c = "maybe" } })))
    assert.is_false(ok)
    assert.matches("'arabic' must be", e2)
  end)
end)
