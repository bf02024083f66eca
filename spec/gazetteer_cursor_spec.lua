-- g:matches(s) finds a text's matches a chunk at a time (csrc/gaz_match.c's
-- cursor) and yields small tables that fill in their fields when read. The
-- matches must be those g:find(s) finds on the whole text: a trigger word
-- before a blank line, a name that needs context confirmed far away, every
-- option.
local arabic = require "arabic"
local gazetteer = require "arabic.gazetteer"

-- A match with every field (tables as sorted key:value lists).
local function show(m)
  local keys = {}
  for k in pairs(m) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do
    local v = m[k]
    if type(v) == "table" then
      local kv = {}
      for a, b in pairs(v) do kv[#kv + 1] = a .. ":" .. b end
      table.sort(kv)
      v = "{" .. table.concat(kv, ",") .. "}"
    end
    parts[#parts + 1] = k .. "=" .. tostring(v)
  end
  return table.concat(parts, ";")
end

local function via_cursor(g, s, opts, chunk)
  local flags, types, ids = gazetteer._match_flags(g, opts or {}, "matches", 1)
  local out = {}
  for m in g:compiled():cursor(s, flags, types, ids, chunk) do
    local _ = m.type -- fills the rest
    out[#out + 1] = show(m)
  end
  return table.concat(out, "\n")
end

local function via_find(g, s, opts)
  local out = {}
  for i, m in ipairs(g:find(s, opts)) do out[i] = show(m) end
  return table.concat(out, "\n")
end

local rand = require "lcg"(4242) -- the same texts under every Lua

describe("g:matches, a chunk at a time", function()
  local g = gazetteer.new()
  g:add("مسقط", { type = "LOC", id = "muscat", attributes = { en = "Muscat" } })
  g:add("عمان", { type = "LOC", id = "oman" })
  g:add("عمان", { type = "LOC", id = "amman", priority = -1 })
  g:add("كان", { type = "LOC", id = "cannes", flags = "needs_context" })
  g:add("الجزيرة", { type = "ORG", id = "aljazeera", flags = "needs_context" })
  g:add("بريت ماكغورك", { type = "PER", id = "brett-mcgurk" })
  g:add("ماكغورك", { type = "PER", id = "brett-mcgurk" })
  g:add("الولايات المتحدة", { type = "LOC", id = "US" })
  local words = { "مسقط", "عمان", "كان", "الجزيرة", "قناة", "مدينة", "بريت", "ماكغورك", "الولايات", "المتحدة",
    "وصل", "إلى", "في", "والولايات", "لمسقط", "ماكجورك", "،", ".", "قال" }
  local seps = { " ", " ", " ", "\n", "\n\n", "\n\n\n", "\r\n\r\n", "  \n\n", "\n\nَ", "\n\n(" }

  local function text(n)
    local parts = {}
    for _ = 1, n do
      parts[#parts + 1] = words[rand(#words)]
      parts[#parts + 1] = seps[rand(#seps)]
    end
    return table.concat(parts)
  end

  it("finds what g:find finds on the whole text, whatever the chunk size", function()
    local optsets = { {}, { overlapping = true }, { types = { "PER" } }, { context = false }, { fuzzy = true },
      { extend_names = true }, { clitics = false }, { ids = { "muscat", "cannes" } } }
    for _ = 1, 60 do
      local s = text(rand(120))
      for _, opts in ipairs(optsets) do
        local want = via_find(g, s, opts)
        for _, chunk in ipairs { 1, 7, 64, 65536 } do
          assert.are.equal(want, via_cursor(g, s, opts, chunk), ("chunk %d differs on %q"):format(chunk, s))
        end
      end
    end
  end)

  it("keeps a name that needs context when the same id is confirmed chunks later", function()
    local s = "كان الجو جميلا\n\n" .. ("كلام عادي\n\n"):rep(50) .. "مهرجان مدينة كان السينمائي"
    local want = via_find(g, s)
    assert.matches("cannes", want)
    assert.are.equal(2, select(2, want:gsub("id=cannes", "")))
    assert.are.equal(want, via_cursor(g, s, nil, 1))
  end)

  it("with the default gazetteer on the news examples", function()
    local d = arabic.gazetteer.default()
    for _, f in ipairs { "01_oman_talks", "02_red_sea_shipping", "03_gaza_ceasefire", "04_economy_summit" } do
      local h = assert(io.open("examples/articles/" .. f .. ".txt", "rb"))
      local s = h:read("*a")
      h:close()
      local want = via_find(d, s)
      assert.is_true(#want > 0)
      for _, chunk in ipairs { 1, 100, 2000 } do assert.are.equal(want, via_cursor(d, s, nil, chunk)) end
    end
  end)

  it("yields tables that fill in their fields when read", function()
    local s = "وصل ماكغورك إلى مسقط"
    local list = {}
    for m in g:matches(s) do list[#list + 1] = m end
    assert.are.equal(2, #list)
    local m = list[2]
    assert.are.equal(nil, rawget(m, "type"))
    assert.are.equal("مسقط", rawget(m, "text"))
    assert.is_nil(m.clitic) -- a field no match of this entry has: nothing made
    assert.are.equal(nil, rawget(m, "type"))
    assert.is_false(m.fuzzy) -- one of the fields filled in: all of them
    assert.are.equal("LOC", rawget(m, "type"))
    assert.are.same({ en = "Muscat" }, m.attributes)
    assert.is_false(m.fuzzy)
    assert.are.equal(0, m.distance)
    assert.are.equal(show(g:find(s)[2]), show(m))
    -- a field set before any is read stays as set
    local first
    for x in g:matches(s) do first = first or x end
    first.type = "MINE"
    assert.are.equal("brett-mcgurk", first.id)
    assert.are.equal("MINE", first.type)
  end)

  it("lists every field with pairs where __pairs is honoured", function()
    local m = g:matches("إلى مسقط")()
    local keys = {}
    for k in pairs(m) do keys[k] = true end
    if _VERSION ~= "Lua 5.1" then assert.is_true(keys.type and keys.attributes and keys.text) end
    assert.is_true(keys.first and keys.last and keys.entry)
  end)

  it("iterates a text with no blank line as one chunk", function()
    local s = ("مسقط وعمان "):rep(3000)
    local n = 0
    for _ in g:matches(s) do n = n + 1 end
    assert.are.equal(#g:find(s), n)
  end)
end)
