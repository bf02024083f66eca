-- arabic.entities is a C closure (core.entities_entry) that, called with a
-- string and no options, matches with the default gazetteer and lexicon
-- it bound on its first call (as lex:entities_fn's closures do); any other
-- call goes on to the Lua code, whose errors still name the caller's line.
-- g:find(s) / g:matches(s)
-- with no options reuse the flags worked out on the first call; the old
-- paths (lex:entities with every argument, g:find with an options table,
-- the compiled gazetteer's match with the flags) still serve every other
-- call. Both must give the same matches, every field, on real text: the
-- fields a raw `next` sees (what lua-cjson writes), whether the table has
-- the metatable that makes its attributes, the attributes themselves, and
-- what pairs() lists.
local arabic = require "arabic"
local names = require "arabic.names"
local corpus = require "corpus"

local function show_value(v)
  if type(v) ~= "table" then return type(v) .. ":" .. tostring(v) end
  local keys = {}
  for k in next, v do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for i, k in ipairs(keys) do parts[i] = k .. "=" .. show_value(rawget(v, k)) end
  return "{" .. table.concat(parts, ",") .. "}"
end

-- Every match of list as one string: its raw fields before any read, its
-- metatable's presence, then its attributes and what pairs() gives.
local function show(list)
  local out = {}
  for _, m in ipairs(list) do
    out[#out + 1] = show_value(m) .. " mt=" .. tostring(getmetatable(m) ~= nil)
    out[#out + 1] = " clitic=" .. tostring(m.clitic) .. " attributes=" .. show_value(m.attributes)
    local keys = {}
    for k, v in pairs(m) do keys[#keys + 1] = k .. "=" .. show_value(v) end
    table.sort(keys)
    out[#out + 1] = " pairs=" .. table.concat(keys, ",")
  end
  return table.concat(out, "\n")
end

local function show_iter(iter)
  local out = {}
  for m in iter do out[#out + 1] = show_value(m) end
  return table.concat(out, "\n")
end

-- Our own lines: places, organizations, a person after a title, a clitic.
local LINES = {
  "زار الرئيس محمد عبد الله القاهرة ثم سافر إلى الرياض وبغداد.",
  "قالت وزارة الخارجية المصرية إن الوفد وصل إلى عمان صباح الأحد.",
  "التقى الوزير سامي النجار نظيره في باريس ولندن وبرلين.",
  "لا أسماء في هذا السطر.",
  "",
}

describe("the fast paths of arabic.entities(s) and g:find(s)", function()
  local g = arabic.gazetteer.default()
  local c = g:compiled()
  local lex = names.default()
  local flags = arabic.gazetteer._match_flags(g, {}, "find", 1)

  local function check(s)
    local want = show(lex:entities(c, s, 0, nil, nil, 0, true))
    assert.equal(want, show(arabic.entities(s)))
    assert.equal(want, show(lex:entities_fn(c, 0, 0, true)(s)))
    local found = show(c:match(s, flags))
    assert.equal(found, show(g:find(s)))
    assert.equal(found, show(g:find(s, {})))
    assert.equal(show_iter(c:cursor(s, flags)), show_iter(g:matches(s)))
  end

  it("give what the old paths give on our lines", function()
    for _ = 1, 2 do -- the second round takes the kept flags
      for _, line in ipairs(LINES) do check(line) end
    end
  end)

  it("give what the old paths give on the corpus's news pages, whole and line by line", function()
    corpus.each_news_text(pending, check)
  end)

  it("give, with one options table call after call, what a fresh table gives", function()
    local sets = {
      { unknown_names = false }, { clitics = false }, { context = false, overlapping = true },
      { extend_names = true }, { gazetteers = "default", unknown_names = true }, { types = { "LOC" } },
      { gazetteers = { "default", "default" } },
    }
    local texts = {}
    for _, line in ipairs(LINES) do texts[#texts + 1] = line end
    corpus.each_news_text(pending, function(s) texts[#texts + 1] = s end)
    for _, opts in ipairs(sets) do
      -- a fresh copy for every text first (checked anew each call) ...
      local want = {}
      for i, s in ipairs(texts) do
        local copy = {}
        for k, v in pairs(opts) do copy[k] = v end
        want[i] = show(arabic.entities(s, copy))
      end
      -- ... then the one table over every text in a row: from the third
      -- call on, the kept entry and (one gazetteer, no lists) its matcher
      for i, s in ipairs(texts) do assert.equal(want[i], show(arabic.entities(s, opts))) end
      local _, list, kept = arabic._entity_options(opts)
      assert.equal(#list == 1 and not opts.types, kept.bound ~= nil)
    end
  end)

  it("bind other flags and no gazetteer as lex:entities takes them", function()
    local no_context = arabic.gazetteer._match_flags(g, { context = false, clitics = false }, "find", 1)
    for _, line in ipairs(LINES) do
      assert.equal(show(lex:entities(c, line, no_context, nil, nil, 0, false)),
        show(lex:entities_fn(c, no_context, 0, false)(line)))
      assert.equal(show(lex:entities(nil, line, 0, nil, nil, 0, true)), show(lex:entities_fn(nil, 0, 0, true)(line)))
    end
  end)

  it("raise the errors they raised", function()
    local ok, err = pcall(arabic.entities, nil)
    assert.is_false(ok)
    assert.matches("bad argument #1 to 'entities' %(string expected, got nil%)", err)
    ok, err = pcall(arabic.entities, 42)
    assert.is_false(ok)
    assert.matches("string expected, got number", err)
    ok, err = pcall(g.find, g, nil)
    assert.is_false(ok)
    assert.matches("bad argument #1 to 'find' %(string expected, got nil%)", err)
    ok, err = pcall(g.find, g, "x", 5)
    assert.is_false(ok)
    assert.matches("options table expected, got number", err)
  end)

  it("name the caller's line in their errors, as the Lua function arabic.entities did", function()
    local function line_of(f)
      local ok, err = pcall(f)
      assert.is_false(ok)
      return err
    end
    local here = debug.getinfo(1, "l").currentline
    local e1 = line_of(function() local r = arabic.entities(nil); return r end)
    local e2 = line_of(function() local r = arabic.entities("x", { unknown_names = "no" }); return r end)
    local e3 = line_of(function() local r = arabic.entities("x", { types = { "PERSON" } }); return r end)
    local e4 = line_of(function() local r = arabic.entities("x", 5); return r end)
    assert.matches("entities_fast_spec.lua:" .. (here + 1) .. ": bad argument #1 to 'entities'", e1)
    assert.matches("entities_fast_spec.lua:" .. (here + 2) .. ": bad argument #2 to 'entities' %(option 'unknown_names'", e2)
    assert.matches("entities_fast_spec.lua:" .. (here + 3) .. ": bad argument #2 to 'entities' %(option 'types'", e3)
    assert.matches("entities_fast_spec.lua:" .. (here + 4) .. ": bad argument #2 to 'entities' %(options table", e4)
  end)

  it("see a gazetteer changed after the first call", function()
    local own = arabic.gazetteer.new()
    own:add("قرية الزيتون", { type = "LOC" })
    local s = "وصلنا إلى قرية الزيتون ثم إلى قرية الرمان."
    assert.equal(1, #own:find(s))
    assert.equal(1, #own:find(s)) -- the kept flags
    own:add("قرية الرمان", { type = "LOC" })
    assert.equal(2, #own:find(s))
    local n = 0
    for _ in own:matches(s) do n = n + 1 end
    assert.equal(2, n)
  end)
end)
