-- Several gazetteers matching the same text: arabic.entities merges their
-- matches the same way under every Lua and in every run. The rule (README,
-- "Several gazetteers"): leftmost, then longest, then exact before fuzzy,
-- then the entry's priority, then the earlier gazetteer in the list, as
-- between the entries of one gazetteer, where the entry added first wins.
local arabic = require "arabic"
local gazetteer = require "arabic.gazetteer"
local shell = require "shell"

local N = 300

-- 300 made-up one-word names (no common word among them): consonant,
-- consonant, alef, consonant + a fixed ending.
local C = { "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش", "ص", "ض", "ط", "ظ", "غ", "ف", "ق", "ك", "م" }
local function name(i)
  local a, b, c = i % #C + 1, math.floor(i / #C) % #C + 1, (i * 7) % #C + 1
  return C[a] .. C[b] .. "ا" .. C[c] .. "ينوس"
end

local function write(path, rows)
  local f = assert(io.open(path, "wb"))
  f:write("name\ttype\tid\tcanonical\tflags\n")
  for _, r in ipairs(rows) do f:write(table.concat(r, "\t"), "\n") end
  f:close()
  return path
end

local function tsv(kind, typ, flags)
  local rows = {}
  for i = 1, N do rows[i] = { name(i), typ, kind .. "-" .. i, "", flags or "" } end
  return write(os.tmpname() .. ".tsv", rows)
end

-- A text naming all 300, some with a clitic, in an order of their own.
local function text()
  local parts = {}
  for k = 1, N do
    local i = (k * 37) % N + 1
    parts[k] = (k % 3 == 0 and "و" or "") .. name(i)
  end
  return "وصل " .. table.concat(parts, " ثم ") .. " أمس."
end

-- id prefix -> count of matches with it.
local function tally(ms)
  local t = {}
  for _, m in ipairs(ms) do
    local k = m.id:match("^(.-)%-%d+$") or m.id
    t[k] = (t[k] or 0) + 1
  end
  return t
end

describe("merging several gazetteers", function()
  local a = tsv("a", "PER")
  local a2 = tsv("a2", "PER")
  local b = tsv("b", "ORG", "priority=9")
  local s = text()
  local O = { unknown_names = false }
  local function run(list)
    local o = { gazetteers = list }
    for k, v in pairs(O) do o[k] = v end
    return arabic.entities(s, o)
  end
  teardown(function()
    for _, p in ipairs { a, a2, b } do os.remove(p) end
  end)

  it("finds each of the 300 names once", function()
    local ms = run { a, b }
    assert.are.equal(N, #ms)
    local seen = {}
    for _, m in ipairs(ms) do
      assert.is_nil(seen[m.first])
      seen[m.first] = true
      assert.are.equal(s:sub(m.first, m.last), m.text)
    end
  end)

  it("gives the higher priority the name, in either order, every time", function()
    for _ = 1, 5 do
      assert.are.same({ b = N }, tally(run { a, b }))
      assert.are.same({ b = N }, tally(run { b, a }))
    end
  end)

  it("gives the earlier gazetteer the name when priorities are equal", function()
    for _ = 1, 5 do
      assert.are.same({ a = N }, tally(run { a, a2 }))
      assert.are.same({ a2 = N }, tally(run { a2, a }))
    end
  end)

  it("gives the same result as one gazetteer loaded from the sources in that order", function()
    for _, order in ipairs { { a, a2 }, { a2, a }, { a, b }, { b, a2 } } do
      local g = gazetteer.new()
      for _, src in ipairs(order) do g:load(src) end
      local one, merged = {}, {}
      for i, m in ipairs(arabic.entities(s, { gazetteers = { g }, unknown_names = false })) do
        one[i] = m.first .. ":" .. m.id
      end
      for i, m in ipairs(run(order)) do merged[i] = m.first .. ":" .. m.id end
      assert.are.same(one, merged)
    end
  end)

  it("says which gazetteer of the list each match came from", function()
    for _, m in ipairs(run { a, a2, b }) do assert.are.equal(3, m.gazetteer) end
    for _, m in ipairs(run { a, a2 }) do assert.are.equal(1, m.gazetteer) end
  end)

  it("keeps the longer name whatever the priorities", function()
    local long = write(os.tmpname() .. ".tsv", { { name(1) .. " " .. name(2), "LOC", "long", "", "" } })
    local ms = arabic.entities("في " .. name(1) .. " " .. name(2) .. " اليوم", { gazetteers = { b, long }, unknown_names = false })
    os.remove(long)
    assert.are.equal(1, #ms)
    assert.are.equal("long", ms[1].id)
  end)

  it("returns every candidate, in the same order, with overlapping = true", function()
    local first = run { a, b }
    O.overlapping = true
    local all1, all2 = run { a, b }, run { a, b }
    O.overlapping = nil
    assert.are.equal(2 * N, #all1)
    for i = 1, #all1 do
      assert.are.equal(all1[i].id, all2[i].id)
      assert.are.equal(all1[i].first, all2[i].first)
    end
    -- at each place the winner comes first
    for i = 1, N do assert.are.equal(first[i].id, all1[2 * i - 1].id) end
  end)

  it("lets names found from context fill in around the gazetteers' matches", function()
    local ms = arabic.entities("قال الرئيس الأمريكي جورج والكر إن " .. name(5) .. " وصل", { gazetteers = { a, b } })
    local ids = {}
    for _, m in ipairs(ms) do ids[#ids + 1] = m.id end
    assert.are.same({ "جورج والكر", "b-5" }, ids)
  end)
end)

describe("the default gazetteer's sources", function()
  it("load into a gazetteer of one's own with g:load(\"default\")", function()
    local g = gazetteer.new()
    local _, report = g:load("default")
    assert.are.equal(gazetteer.default():count(), report.added)
    assert.are.equal(g:count(), report.added)
    local path = os.tmpname() .. ".tsv"
    write(path, { { "باول", "PER", "colin-powell", "كولن باول", "" } })
    g:load(path)
    local ms = g:find("قال مسقط إن باول وصل", { context = false })
    os.remove(path)
    assert.are.equal("muscat", ms[1].id)
    -- between two entries of one name the one added first wins
    assert.are.equal("jerome-powell", ms[2].id)
  end)

  it("compile with the command line: arabic gazetteer compile default my.tsv", function()
    local src = write(os.tmpname() .. ".tsv", { { "كولن باول", "PER", "colin-powell", "", "" } })
    local out = os.tmpname() .. ".gaz"
    local status, _, err = shell.arabic { "gazetteer", "compile", src, "default", "-o", out }
    os.remove(src)
    assert.are.equal(0, status, err)
    local g = gazetteer.open(out)
    os.remove(out)
    assert.are.equal(gazetteer.default():count() + 1, g:count())
    local ids = {}
    for _, m in ipairs(g:find("وصل كولن باول إلى مسقط")) do ids[#ids + 1] = m.id end
    assert.are.same({ "colin-powell", "muscat" }, ids)
  end)

  it("refuse an unknown source with its name", function()
    local ok, err = pcall(gazetteer.new().load, gazetteer.new(), "no-such-file.tsv")
    assert.is_false(ok)
    assert.matches("no%-such%-file%.tsv", err)
  end)
end)
