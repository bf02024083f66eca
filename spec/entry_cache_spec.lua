-- The entry cache behind match tables (csrc/lua_arabic.c): a direct-mapped
-- cache of 4096 slots, so entries 4096 apart share a slot. Matches of such
-- entries, one after the other and through every call that makes match
-- tables, must each carry their own entry's fields.
local gazetteer = require "arabic.gazetteer"
local names = require "arabic.names"

describe("entry cache", function()
  -- letters for names that are words of their own: a name per entry
  local letters = { "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش", "ص", "ض", "ط", "ظ", "ع", "غ", "ف", "ق" }
  local function word(i)
    local t = {}
    for _ = 1, 4 do
      local k = i % #letters
      t[#t + 1] = letters[k + 1]
      i = math.floor((i - k) / #letters)
    end
    return table.concat(t)
  end
  local n = 4096 + 40
  local g = gazetteer.new()
  for i = 0, n - 1 do
    g:add(word(i), { type = i % 2 == 0 and "LOC" or "ORG", id = "e" .. i, canonical = "c" .. i,
      attributes = i % 3 == 0 and { k = "v" .. i } or nil })
  end
  local c = g:compiled()
  -- entries i and i + 4096 in turn, several times (each replaces the other)
  local text = {}
  for _ = 1, 3 do
    for i = 0, 39 do
      text[#text + 1] = word(i)
      text[#text + 1] = word(i + 4096)
    end
  end
  text = table.concat(text, " ")

  local function check(list)
    assert.are.equal(240, #list)
    for _, m in ipairs(list) do
      local i = tonumber(m.id:sub(2))
      assert.are.equal(word(i), m.text)
      assert.are.equal("c" .. i, m.canonical)
      assert.are.equal(i % 2 == 0 and "LOC" or "ORG", m.type)
      if i % 3 == 0 then assert.are.same({ k = "v" .. i }, m.attributes) else assert.is_nil(m.attributes) end
    end
  end

  it("g:match gives each match its own entry's fields", function()
    check(c:match(text))
  end)

  it("lex:entities and lex:entities_fn too", function()
    local lex = names.default()
    check(lex:entities(c, text, 0, nil, nil, 0, false))
    local f = lex:entities_fn(c, 0, 0, false)
    check(f(text))
    check(f(text))
  end)

  it("lazy matches (g:matches) between them", function()
    local lex = names.default()
    local f = lex:entities_fn(c, 0, 0, false)
    local got = {}
    for m in g:matches(text) do got[#got + 1] = m end
    check(f(text))
    check(got)
    check(f(text))
  end)
end)
