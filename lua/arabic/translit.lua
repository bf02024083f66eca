--- Transliteration: the reversible Buckwalter family (buckwalter,
-- safe-buckwalter, xml-buckwalter, hsb) and the romanizations ala-lc, din
-- (DIN 31635) and ijmes, over the C core (csrc/translit.c).
--
--   local t = translit.new { scheme = "ala-lc" }      -- compiled once
--   t(s)         --> romanized text, number of approximate words
--   t:map(s)     --> text, map (map:source(i, j), map:target(i, j)), stats
--   translit.transliterate(s, "buckwalter", { reverse = true })
--
-- A display scheme romanizes vocalized words by the standard's rules; a
-- word written without vowels gets its consonants and long vowels and is
-- counted as approximate (stats.approximate, the second result of t(s)).
--
-- Entities: M.entity(...) romanizes a name, preferring a romanization the
-- gazetteer entry carries as an attribute (the scheme's own name, or "en"
-- for the display schemes) over the computed one. The pipeline's
-- `transliterate` step and the pandoc filter use it; STEP_OPTIONS are that
-- step's options.
local core = require "arabic.core"
local args = require "arabic.args"

local M = {}

local SCHEMES = core.schemes()
local NAMES, REVERSIBLE = {}, {}
for i, s in ipairs(SCHEMES) do
  NAMES[i] = s.name
  REVERSIBLE[s.name] = s.reversible
end

--- The schemes: a list of { name, description, reversible } (a copy).
function M.schemes()
  local out = {}
  for i, s in ipairs(SCHEMES) do out[i] = { name = s.name, description = s.description, reversible = s.reversible } end
  return out
end

--- Is the scheme reversible (lossless both ways)? nil for an unknown name.
function M.reversible(name) return REVERSIBLE[name] end

--- The options of a transliterator (arabic.transliterator, the second
-- argument of arabic.transliterate without scheme, the command line).
M.OPTIONS = {
  scheme = args.one_of(NAMES),
  -- scheme -> Arabic (reversible schemes only)
  reverse = args.boolean,
  -- invalid UTF-8 is an error (nil, "invalid UTF-8 at byte N", N) instead of U+FFFD
  strict = args.boolean,
}

-- Compiled transliterators by scheme and flags, made on first use.
local cache = {}

local function compile(o, fname, argn, level)
  local key = o.scheme .. (o.reverse and "<" or ">") .. (o.strict and "!" or "")
  local t = cache[key]
  if t then return t end
  local err
  t, err = core.transliterator(o.scheme, o.reverse, o.strict)
  if not t then args.error(fname, argn, err, level + 1) end
  cache[key] = t
  return t
end

--- A compiled transliterator from { scheme = NAME, reverse = false,
-- strict = false } (or a scheme name). Callable: t(s) --> out,
-- approximate; t:map(s) --> out, map, stats; t:stats(s) --> out, stats;
-- t:info(). Transliterators are immutable: the same one is returned for
-- the same options.
function M.new(opts, level)
  level = level or 1
  if type(opts) == "string" then opts = { scheme = opts } end
  if type(opts) ~= "table" then
    args.error("transliterator", 1, "options table or scheme name expected, got " .. type(opts), level + 1)
  end
  local o = args.check(opts, M.OPTIONS, "transliterator", 1, level + 1)
  if not o.scheme then
    args.error("transliterator", 1, "option 'scheme' is missing (one of " .. table.concat(NAMES, ", ") .. ")", level + 1)
  end
  return compile(o, "transliterator", 1, level + 1)
end

--- Transliterate s: M.transliterate(s, scheme [, { reverse, strict }])
-- --> string | nil, message, byte (strict mode and invalid UTF-8). One
-- result, as arabic.normalize (t(s) also gives the approximate words).
function M.transliterate(s, scheme, opts, level)
  level = level or 1
  args.string_arg(s, "transliterate", 1, level + 1)
  if type(scheme) ~= "string" then
    args.error("transliterate", 2, "scheme name expected, got " .. type(scheme), level + 1)
  end
  if not REVERSIBLE[scheme] and REVERSIBLE[scheme] ~= false then
    args.error("transliterate", 2, ("unknown scheme %s (valid: %s)"):format(args.show(scheme), table.concat(NAMES, ", ")),
      level + 1)
  end
  local o = opts == nil and {} or args.check(opts, { reverse = M.OPTIONS.reverse, strict = M.OPTIONS.strict },
    "transliterate", 3, level + 1)
  o.scheme = scheme
  local out, approx, at = compile(o, "transliterate", 2, level + 1)(s)
  if out == nil then return nil, approx, at end
  return out
end

-- ----------------------------------------------------------- entities

--- The options of the pipeline's and the pandoc filter's `transliterate`
-- step (a scheme name alone is { scheme = NAME }).
M.STEP_OPTIONS = {
  scheme = M.OPTIONS.scheme,
  -- the whole text with its map (pipeline: doc.transliteration)
  text = args.boolean,
  -- each entity's romanization (m.translit); the pandoc index too
  entities = args.boolean,
  index = args.boolean,
  -- attribute names whose value, when an entry has one, is the name's
  -- romanization (default: the scheme's name, and "en" for the display
  -- schemes); false: always the computed one
  attributes = args.custom("false or a list of attribute names", function(v)
    if v == false then return true, false end
    return args.strings.test(v)
  end, args.strings.from_text),
}

--- A step's options from its configuration value: "ala-lc" or a table;
-- returns the checked options or nil and what is wrong.
function M.step_options(v, where)
  if type(v) == "string" then v = { scheme = v } end
  local o, err = args.validate(v, M.STEP_OPTIONS, where)
  if not o then return nil, err end
  if not o.scheme then
    return nil, ("option 'scheme' is missing%s (one of %s)"):format(where and (" in '" .. where .. "'") or "",
      table.concat(NAMES, ", "))
  end
  return o
end

--- The attribute names an entity's romanization is taken from, in order.
function M.preferred(o)
  if o.attributes == false then return {} end
  if o.attributes then return o.attributes end
  if REVERSIBLE[o.scheme] then return { o.scheme } end
  return { o.scheme, "en" }
end

-- Capitals of the letters the romanizations write (the rest is ASCII).
local UPPER = {
  ["ā"] = "Ā", ["ī"] = "Ī", ["ū"] = "Ū", ["á"] = "Á", ["ḥ"] = "Ḥ", ["ṣ"] = "Ṣ", ["ḍ"] = "Ḍ", ["ṭ"] = "Ṭ",
  ["ẓ"] = "Ẓ", ["ṯ"] = "Ṯ", ["ḏ"] = "Ḏ", ["ḫ"] = "Ḫ", ["š"] = "Š", ["ǧ"] = "Ǧ", ["ġ"] = "Ġ",
}
-- Name words that stay lower case inside a name (ALA-LC rule 20 and the
-- other standards' practice): Aḥmad ibn Ḥanbal.
local LOWER_WORDS = { ibn = true, bin = true, bint = true }

-- The first letter after any ʻ ʿ ʼ ʾ in capitals.
local function cap_segment(seg)
  local lead, rest = seg:match("^([\202\187\202\188\202\190\202\191']*)(.*)$")
  local c = rest:match("^[%z\1-\127\194-\244][\128-\191]*")
  if not c then return seg end
  local up = UPPER[c] or (#c == 1 and c:upper()) or c
  return lead .. up .. rest:sub(#c + 1)
end

--- A romanized name with capitals, as the standards write names: each
-- word's first letter, after its prefixes and article (al-Riyāḍ,
-- wa-al-Qāhirah, aš-Šams, Abū l-Ḥasan), ibn/bin/bint inside a name
-- excepted. Only letters the schemes write are changed.
function M.capitalize(s)
  local n = 0
  return (s:gsub("[^ ]+", function(w)
    n = n + 1
    if n > 1 and LOWER_WORDS[w] then return w end
    -- prefixes and the article: short lower-case pieces before a hyphen
    local head, last = w:match("^(.-%-)([^%-]+)$")
    if head and head:match("^[%l\202-\203\128-\191\194-\197]+%-") and #head <= 12 then
      return head .. cap_segment(last)
    end
    return cap_segment(w)
  end))
end

--- An entity's romanization: the first preferred attribute the entity
-- (a match of arabic.entities) carries, else text (default m.text)
-- transliterated with t. Returns the romanization, whether it is
-- approximate, and where it came from ("computed" or the attribute name).
function M.entity(t, m, prefer, text)
  local attrs = m.attributes
  if attrs then
    for _, k in ipairs(prefer) do
      local v = attrs[k]
      if type(v) == "string" and v ~= "" then return v, false, k end
    end
  end
  local out, approx = t(text or m.text)
  -- a name: capitals for the romanizations (Buckwalter's letters are the
  -- text itself: A is alef, a is fatha)
  if not t:info().reversible then out = M.capitalize(out) end
  return out, (approx or 0) > 0, "computed"
end

--- Every entity of a list gets translit, translit_approximate and
-- translit_from (see M.entity); names already seen reuse their result.
function M.entities(list, o)
  local t = compile({ scheme = o.scheme }, "transliterate", 1, 2)
  local prefer = M.preferred(o)
  local seen = {}
  for _, m in ipairs(list) do
    local key = (m.entry or "") .. "\0" .. m.text
    local r = seen[key]
    if not r then
      r = { M.entity(t, m, prefer) }
      seen[key] = r
    end
    m.translit, m.translit_approximate, m.translit_from = r[1], r[2], r[3]
  end
  return list
end

-- ----------------------------------------------------------- the text

--- The words of a transliterated text (runs of anything but ASCII white
-- space, which every scheme copies) with the source ranges they come from:
-- { { first, last, source_first, source_last }, ... } (1-based inclusive),
-- for writers that cannot carry a map object (JSON).
function M.alignment(out, map)
  local list = {}
  for a, b in out:gmatch("()[^ \t\r\n]+()") do
    local x, y = map:source(a, b - 1)
    list[#list + 1] = { a, b - 1, x, y }
  end
  return list
end

-- A map over a text cut out of a longer one: source positions of the
-- inner map go through to_source (cut position -> position in the whole
-- text), and back through from_source (nil for a removed position).
local Shifted = {}
Shifted.__index = Shifted

function Shifted:source(i, j)
  local a, b = self.inner:source(i, j)
  if b < a then return self.to_source(a), self.to_source(a) - 1 end
  return self.to_source(a), self.to_source(b)
end

function Shifted:target(i, j)
  j = j or i
  local a, b = self.from_source(i, 1), self.from_source(j, -1)
  if a and b and a <= b then return self.inner:target(a, b) end
  -- nothing of [i, j] was kept: an empty range where it would be
  local p = a or (select(1, self.inner:lengths()) + 1)
  local o = self.inner:target(p, p - 1)
  return o, o - 1
end

function Shifted:lengths() return self.inner:lengths() end

--- Wrap a map of a cut text (see Shifted above).
function M.shifted_map(inner, to_source, from_source)
  return setmetatable({ inner = inner, to_source = to_source, from_source = from_source }, Shifted)
end

-- ------------------------------------------------------ the pipeline

--- The pipeline's `transliterate` step on a document: doc.transliteration
-- = { scheme, text, map, words, approximate } for the text it worked on
-- (`work`, the page without its chrome when chrome was removed: the map's
-- source positions then go through to_source / from_source into doc.text),
-- and translit on each of doc.entities. o: the checked STEP_OPTIONS.
function M.pipeline_step(o, doc, work, to_source, from_source)
  if o.text ~= false then
    local t = compile({ scheme = o.scheme }, "transliterate", 1, 2)
    local out, map, st = t:map(work)
    if to_source then map = M.shifted_map(map, to_source, from_source) end
    doc.transliteration = { scheme = o.scheme, text = out, map = map, words = st.words,
      approximate = st.approximate }
  end
  if o.entities ~= false and doc.entities then M.entities(doc.entities, o) end
  return doc
end

return M
