-- arabic.entities(s, opts) checks an options table once and reuses the
-- result while the table is unchanged (lua/arabic/init.lua). The reused
-- result must be what checking the table again gives: these specs call
-- with one table, change it between calls in every way a script can (a
-- value, a key added or removed, a list changed in place, a gazetteer
-- given more entries), and compare each answer with a call on a fresh copy
-- of the table, which is always checked anew.
local arabic = require "arabic"
local gazetteer = require "arabic.gazetteer"

-- Our own lines: places, a person after a title, organizations.
local LINES = {
  "زار الرئيس محمد عبد الله القاهرة ثم سافر إلى الرياض وبغداد.",
  "قالت وزارة الخارجية المصرية إن الوفد وصل إلى عمان صباح الأحد.",
  "وأعلنت شركة أرامكو السعودية نتائجها في الظهران والدمام.",
  "التقى الوزير سامي النجار نظيره في باريس ولندن وبرلين.",
  "خرج الناس إلى الشوارع في تونس والجزائر والرباط.",
}

-- A deep copy (lists copied too, gazetteer objects kept).
local function fresh(t)
  if type(t) ~= "table" or getmetatable(t) ~= nil then return t end
  local c = {}
  for k, v in pairs(t) do c[k] = fresh(v) end
  return c
end

local function show(list)
  local out = {}
  for i, m in ipairs(list) do
    out[i] = table.concat({ m.first, m.last, m.type, tostring(m.id), m.source, tostring(m.gazetteer) }, " ")
  end
  return out
end

-- The answers for all lines with a fresh copy first, then the same lines
-- with opts, each line twice: the calls with opts follow one another, so
-- all but the first two take the kept result.
local function same_as_fresh(opts)
  local want = {}
  for i, line in ipairs(LINES) do want[i] = show(arabic.entities(line, fresh(opts))) end
  for i, line in ipairs(LINES) do
    assert.same(want[i], show(arabic.entities(line, opts)))
    assert.same(want[i], show(arabic.entities(line, opts)))
  end
end

describe("arabic.entities with one options table over many calls", function()
  it("answers as a fresh table does, call after call", function()
    local opts = { unknown_names = false }
    for _ = 1, 3 do same_as_fresh(opts) end
  end)

  it("keeps the checked table while the options table is unchanged, and only then", function()
    local opts = { unknown_names = false, types = { "LOC" } }
    local a = arabic._entity_options(opts)
    local b = arabic._entity_options(opts)
    assert.equal(b, arabic._entity_options(opts)) -- kept
    assert.is_false(arabic._entity_options(fresh(opts)) == b)
    arabic._entity_options(opts)
    local c = arabic._entity_options(opts)
    assert.equal(c, arabic._entity_options(opts))
    opts.types[1] = "PER"
    local d = arabic._entity_options(opts)
    assert.is_false(d == c)
    assert.same({ "PER" }, d.types)
    assert.is_false(a == b)
  end)

  it("sees a value changed, a key added and a key removed", function()
    local opts = { unknown_names = false }
    same_as_fresh(opts)
    opts.unknown_names = true
    same_as_fresh(opts)
    opts.types = { "LOC" }
    same_as_fresh(opts)
    opts.overlapping = true
    same_as_fresh(opts)
    opts.overlapping = nil
    opts.types = nil
    same_as_fresh(opts)
    opts.unknown_names = nil
    same_as_fresh(opts)
    assert.same(show(arabic.entities(LINES[1])), show(arabic.entities(LINES[1], opts)))
  end)

  it("sees a list changed in place", function()
    local opts = { types = { "LOC" } }
    same_as_fresh(opts)
    local places = #arabic.entities(LINES[1], opts)
    opts.types[1] = "PER"
    same_as_fresh(opts)
    opts.types[2] = "LOC"
    same_as_fresh(opts)
    assert.is_true(#arabic.entities(LINES[1], opts) > places)
    opts.types[2] = nil
    opts.types[1] = "ORG"
    same_as_fresh(opts)
    opts.ids = { "riyadh" }
    opts.types = nil
    same_as_fresh(opts)
    table.insert(opts.ids, "cairo")
    same_as_fresh(opts)
  end)

  it("still raises for a bad table, every time, naming the option", function()
    local opts = { unknown_names = false }
    same_as_fresh(opts)
    opts.typos = true
    for _ = 1, 2 do
      local ok, err = pcall(arabic.entities, LINES[1], opts)
      assert.is_false(ok)
      assert.matches("typos", err)
    end
    opts.typos = nil
    opts.types = { "NOPE" }
    assert.has_error(function() arabic.entities(LINES[1], opts) end)
    opts.types = { "LOC" }
    same_as_fresh(opts)
  end)

  it("follows a gazetteer object that gets more entries", function()
    local g = gazetteer.new()
    g:add("القاهرة", { type = "LOC", id = "cairo-test" })
    local opts = { gazetteers = { g }, unknown_names = false }
    same_as_fresh(opts)
    assert.equal(1, #arabic.entities(LINES[1], opts))
    g:add("الرياض", { type = "LOC", id = "riyadh-test" })
    same_as_fresh(opts)
    assert.equal(2, #arabic.entities(LINES[1], opts))
    opts.gazetteers[2] = "default"
    same_as_fresh(opts)
    opts.gazetteers = g
    same_as_fresh(opts)
  end)

  it("reads a gazetteer named by file on every call", function()
    local path = os.tmpname() .. ".tsv"
    local function write(rows)
      local f = assert(io.open(path, "wb"))
      f:write("name\ttype\tid\n", rows)
      f:close()
    end
    write("القاهرة\tLOC\tc1\n")
    local opts = { gazetteers = { path }, unknown_names = false }
    assert.equal(1, #arabic.entities(LINES[1], opts))
    write("القاهرة\tLOC\tc1\nالرياض\tLOC\tr1\n")
    assert.equal(2, #arabic.entities(LINES[1], opts))
    os.remove(path)
  end)
end)
