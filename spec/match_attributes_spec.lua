-- The attributes of g:find's and arabic.entities' matches are made when the
-- field is first read (Lua 5.2 and later; at once under Lua 5.1 and
-- LuaJIT, which do not honour __pairs). Whatever the Lua, a match must
-- look like a plain table with every field: read, pairs(), JSON.
local arabic = require "arabic"
local gazetteer = require "arabic.gazetteer"
local json = require "arabic.json"

local function new_gazetteer()
  local g = gazetteer.new()
  g:add("مسقط", { type = "LOC", id = "muscat", attributes = { en = "Muscat", country = "OM" } })
  g:add("صحار", { type = "LOC", id = "sohar" })
  g:add("بريت ماكغورك", { type = "PER", id = "brett-mcgurk", attributes = { en = "Brett McGurk" } })
  return g
end

local function keys_of(m)
  local keys = {}
  for k in pairs(m) do keys[#keys + 1] = k end
  table.sort(keys)
  return table.concat(keys, ",")
end

describe("match attributes", function()
  local s = "زار بريت ماكغورك مسقط وصحار"

  it("are there when read, a new table for every match and every call", function()
    local g = new_gazetteer()
    local a, b = g:find(s), g:find(s)
    assert.are.same({ en = "Brett McGurk" }, a[1].attributes)
    assert.are.same({ en = "Muscat", country = "OM" }, a[2].attributes)
    assert.is_nil(a[3].attributes) -- an entry without attributes
    assert.are_not.equal(a[2].attributes, b[2].attributes)
    a[2].attributes.en = "changed"
    assert.are.equal("Muscat", b[2].attributes.en)
    assert.are.equal("Muscat", g:find(s)[2].attributes.en)
  end)

  it("are listed by pairs() under every Lua, as every other field", function()
    local g = new_gazetteer()
    local m = g:find(s)[2]
    assert.are.equal("attributes,canonical,distance,entry,first,fuzzy,id,last,name,text,token_first,type", keys_of(m))
    local e = arabic.entities(s, { gazetteers = { g }, unknown_names = false })[2]
    assert.are.equal("attributes,canonical,distance,entry,first,fuzzy,id,last,name,source,text,token_first,type",
      keys_of(e))
    -- the default gazetteer, no options: the fast path
    local d = arabic.entities("وصل الوفد إلى مسقط")
    assert.are.equal("Muscat", d[1].attributes.en)
    assert.is_truthy(keys_of(arabic.entities("وصل الوفد إلى مسقط")[1]):find("attributes", 1, true))
  end)

  it("are not made by reading a field the match has not", function()
    local g = new_gazetteer()
    local m = g:find(s)[2]
    assert.is_nil(m.clitic)
    assert.is_nil(m.translit)
    if _VERSION ~= "Lua 5.1" then assert.is_nil(rawget(m, "attributes")) end
    assert.are.equal("Muscat", m.attributes.en)
  end)

  it("leave a plain table once read", function()
    local g = new_gazetteer()
    local m = g:find(s)[2]
    local _ = m.attributes
    assert.is_nil(getmetatable(m))
    assert.are.equal("Muscat", rawget(m, "attributes").en)
    assert.is_nil(m.clitic) -- a field the match has not
    local w = g:find("ولمسقط")[1]
    assert.are.equal("ول", w.clitic)
  end)

  it("are written by json.object and json.objects", function()
    local g = new_gazetteer()
    local keys = { "text", "type", "attributes" }
    assert.are.equal('{"text":"بريت ماكغورك","type":"PER","attributes":{"en":"Brett McGurk"}}',
      json.object(keys, g:find(s)[1]))
    local list = g:find(s)
    assert.is_truthy(json.objects(keys, list):find('"en":"Muscat"', 1, true))
  end)

  it("need the gazetteer open only for the fields it fills", function()
    local g = new_gazetteer()
    local c = g:compiled()
    local m = g:find(s)[2]
    c:close()
    assert.is_nil(m.clitic)
    assert.are.equal("مسقط", m.text)
    if _VERSION == "Lua 5.1" then
      assert.are.equal("Muscat", m.attributes.en) -- made at once
    else
      assert.has_error(function() return m.attributes end, "gazetteer is closed")
    end
  end)

  it("come from the binding's calls with fewer arguments too", function()
    -- a types list and no ids argument at all (not even nil)
    local c = new_gazetteer():compiled()
    local list = c:match(s, 0, { "LOC" })
    assert.are.equal(2, #list)
    assert.are.equal("muscat", list[1].id)
  end)

  it("wait for their own read in g:matches' tables too", function()
    local g = new_gazetteer()
    local list = {}
    for m in g:matches(s) do list[#list + 1] = m end
    local m = list[2]
    assert.are.equal("LOC", m.type) -- fills the entry's fields
    assert.are.equal("muscat", rawget(m, "id"))
    if _VERSION ~= "Lua 5.1" then assert.is_nil(rawget(m, "attributes")) end
    assert.are.equal(keys_of(g:find(s)[2]), keys_of(m))
    assert.are.same({ en = "Muscat", country = "OM" }, m.attributes)
    local first = g:matches(s)()
    assert.are.same({ en = "Brett McGurk" }, first.attributes) -- read first of all
    assert.are.equal("PER", rawget(first, "type"))
    local sohar = list[3]
    assert.are.equal("sohar", sohar.id) -- an entry without attributes
    assert.is_nil(getmetatable(sohar))
    assert.is_nil(sohar.attributes)
  end)

  it("are the entry's own in g:entry()", function()
    local g = new_gazetteer()
    local e = g:entry(1)
    assert.is_nil(getmetatable(e))
    assert.are.same({ en = "Muscat", country = "OM" }, rawget(e, "attributes"))
  end)
end)
