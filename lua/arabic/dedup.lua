--- Near-duplicate paragraphs and documents: MinHash over normalized word
-- shingles, with LSH banding to find candidates.
--
--   local groups = arabic.dedup(docs, { unit = "paragraph", threshold = 0.8 })
--   for _, g in ipairs(groups) do
--     for _, m in ipairs(g.members) do print(m.doc, m.id, m.first, m.last) end
--   end
--
-- `docs` is a list of texts (or of { id =, text = } tables), a single text,
-- or an iterator of texts (arabic.lines(...)): only signatures and offsets
-- are kept, never the texts. Units: "document" (each text), "paragraph"
-- (blocks separated by blank lines; a line of only white space, NBSP
-- included, is blank), "line" or "sentence" (arabic.sentences: a page whose
-- lead paragraph repeats sentences of its body shows up at this level). A unit is compared by its shingles of
-- `shingle` consecutive words after normalization (search preset), so
-- spelling variants, diacritics and punctuation do not hide a repeat.
-- Two units are near-duplicates when the estimated Jaccard similarity of
-- their shingle sets is at least `threshold`; groups join near-duplicates
-- transitively. Each group: { similarity = lowest similarity that joined
-- it, members = { { doc = i, id = id, first = byte, last = byte [, text] } } },
-- members in input order, groups by their first member.
local arabic = require "arabic"
local args = require "arabic.args"
local stream = require "arabic.stream"
local core = arabic.core

local M = {}

--- The options of dedup() and deduper(); the command line's `arabic
-- dedup` takes them too.
M.OPTIONS = {
  -- what is compared: whole texts, blank-line paragraphs, lines or sentences (default "document")
  unit = args.one_of { "document", "paragraph", "line", "sentence" },
  -- estimated Jaccard similarity from which two units are near-duplicates (default 0.7)
  threshold = args.number { min = 0, max = 1 },
  -- words per shingle (default 3)
  shingle = args.integer { min = 1, max = 16 },
  -- MinHash signature length (default 128)
  hashes = args.integer { min = 8, max = 512 },
  -- LSH bands (hashes must be a multiple; default 32): more bands find less similar candidates
  bands = args.integer { min = 1, max = 512 },
  -- units with fewer words are not compared (default 5)
  min_words = args.integer { min = 1 },
  -- normalization before shingling (default "search")
  normalize = args.normalization,
  -- seed of the hash functions (default 1)
  seed = args.integer { min = 0 },
  -- copy each member's text into the result
  text = args.boolean,
}

local DEFAULTS = { unit = "document", threshold = 0.7, shingle = 3, hashes = 128, bands = 32, min_words = 5,
  seed = 1, text = false }

-- Bucket lists are capped: exact and near repeats join one group, so a
-- bucket needs only a few representatives of distinct groups.
local BUCKET_CAP = 8

local BLANK_PATTERN = "^[%s\194\160]*$"

local function is_blank(line)
  if line:find(BLANK_PATTERN) then return true end
  -- other Unicode spaces and zero-width characters
  local rest = line:gsub("\226\128[\128-\139\168\169\175]", ""):gsub("\226\129\159", "")
    :gsub("\227\128\128", ""):gsub("\239\187\191", "")
  return rest:find(BLANK_PATTERN) ~= nil
end

-- Trim ASCII white space and NBSP from a range.
local function trim(text, first, last)
  while first <= last do
    local b = text:byte(first)
    if b == 32 or (b >= 9 and b <= 13) then
      first = first + 1
    elseif b == 0xC2 and text:byte(first + 1) == 0xA0 then
      first = first + 2
    else
      break
    end
  end
  while last >= first do
    local b = text:byte(last)
    if b == 32 or (b >= 9 and b <= 13) then
      last = last - 1
    elseif b == 0xA0 and text:byte(last - 1) == 0xC2 then
      last = last - 2
    else
      break
    end
  end
  return first, last
end

--- Call fn(first, last) for each unit of text.
local function each_unit(text, unit, fn)
  if unit == "document" then
    local first, last = trim(text, 1, #text)
    if first <= last then fn(first, last) end
    return
  end
  if unit == "sentence" then
    for first, last in arabic.sentences(text) do fn(trim(text, first, last)) end
    return
  end
  local pos, len = 1, #text
  local pfirst, plast -- the open paragraph
  while pos <= len do
    local nl = text:find("\n", pos, true)
    local lend = nl and nl - 1 or len
    local line = text:sub(pos, lend)
    if is_blank(line) then
      if pfirst then fn(trim(text, pfirst, plast)) end
      pfirst = nil
    elseif unit == "line" then
      fn(trim(text, pos, lend))
    else
      if not pfirst then pfirst = pos end
      plast = lend
    end
    pos = (nl or len) + 1
  end
  if pfirst then fn(trim(text, pfirst, plast)) end
end

local Deduper = {}
Deduper.__index = Deduper

local function option_label(k) return ("option '%s'"):format(k) end

--- What is wrong with checked options together (hashes must be a multiple
-- of bands), or nil; label(key) names an option (default "option 'key'").
function M.bands_error(o, label)
  label = label or option_label
  local hashes, bands = o.hashes or DEFAULTS.hashes, o.bands or DEFAULTS.bands
  if hashes % bands ~= 0 then
    return ("%s (%d) must be a multiple of %s (%d)"):format(label("hashes"), hashes, label("bands"), bands)
  end
end

-- Checked options with the defaults filled in, or raises for fname.
local function with_defaults(o, fname, argn)
  local bad = M.bands_error(o)
  if bad then args.error(fname, argn, bad, 3) end
  for k, v in pairs(DEFAULTS) do
    if o[k] == nil then o[k] = v end
  end
  o.normalize = o.normalize or args.shared_normalizer()
  return o
end

--- A deduplicator for documents given one at a time (a loop over files, a
-- command line): d:add(text [, id]) for each, then d:groups() gives what
-- dedup() gives. Only signatures and offsets are kept.
function M.deduper(opts)
  return M._deduper(with_defaults(args.check(opts, M.OPTIONS, "deduper", 1, 2), "deduper", 1))
end

-- A deduplicator from checked options with their defaults.
function M._deduper(o)
  local norm = o.normalize
  local minhash, similarity = core.minhash, core.minhash_similarity
  local k, nh, seed, threshold = o.shingle, o.hashes, o.seed, o.threshold
  local rows = nh / o.bands
  local band_bytes = rows * 4

  -- units: parallel arrays (doc index, id, first, last [, text])
  -- (ids are kept only where they differ from the document number, and
  -- similarities only for roots that joined something: memory per unit is
  -- what the corpus size asks for, four numbers)
  local u_doc, u_id, u_first, u_last, u_text = {}, {}, {}, {}, {}
  local parent, weakest = {}, {} -- union-find; lowest similarity per root (default 1)
  local sigs = {}                -- signature of each representative unit
  local exact = {}               -- full signature -> first unit with it
  local buckets = {}             -- band key -> list of units
  local n, ndocs = 0, 0

  local function find(x)
    while parent[x] ~= x do
      parent[x] = parent[parent[x]]
      x = parent[x]
    end
    return x
  end
  local function union(a, b, sim)
    local ra, rb = find(a), find(b)
    if ra == rb then
      if sim < (weakest[ra] or 1) then weakest[ra] = sim end
      return
    end
    if rb < ra then ra, rb = rb, ra end
    parent[rb] = ra
    weakest[ra] = math.min(weakest[ra] or 1, weakest[rb] or 1, sim)
    weakest[rb] = nil
  end

  local function add_unit(text, doc, id, first, last)
    local sig, words = minhash(norm(text:sub(first, last)), k, nh, seed)
    if words < o.min_words then return end
    n = n + 1
    u_doc[n], u_first[n], u_last[n] = doc, first, last
    if id ~= doc then u_id[n] = id end
    if o.text then u_text[n] = text:sub(first, last) end
    parent[n] = n
    local same = exact[sig]
    if same then -- the same shingle set, as far as the signature tells
      union(same, n, 1)
      return
    end
    exact[sig] = n
    sigs[n] = sig
    local tried = {}
    for b = 0, o.bands - 1 do
      local key = b .. ":" .. sig:sub(b * band_bytes + 1, (b + 1) * band_bytes)
      local list = buckets[key]
      if not list then
        buckets[key] = { n }
      else
        local joined = false
        for _, other in ipairs(list) do
          if not tried[other] then
            tried[other] = true
            local s = similarity(sig, sigs[other])
            if s >= threshold then
              union(other, n, s)
              joined = true
            end
          end
        end
        if not joined and #list < BUCKET_CAP then list[#list + 1] = n end
      end
    end
  end

  local self = setmetatable({}, Deduper)

  --- Add one document; id (any value but nil; default: its number) comes
  -- back in its members.
  function self.add(_, text, id)
    args.string_arg(text, "add", 1, 2)
    ndocs = ndocs + 1
    if id == nil then id = ndocs end
    each_unit(text, o.unit, function(first, last)
      if first <= last then add_unit(text, ndocs, id, first, last) end
    end)
    return self
  end

  --- The groups so far (see the top of this file), and { units =
  -- compared, documents = N }.
  function self.groups()
    -- a root is the smallest unit of its group, so it comes first here
    local by_root, groups = {}, {}
    for i = 1, n do
      local r = find(i)
      local g = by_root[r]
      if not g then
        g = { members = {} }
        by_root[r] = g
      end
      g.members[#g.members + 1] = i
    end
    for r, g in pairs(by_root) do
      if #g.members > 1 then
        local members = {}
        for j, i in ipairs(g.members) do
          local d = u_doc[i]
          local id = u_id[i]
          if id == nil then id = d end
          members[j] = { doc = d, id = id, first = u_first[i], last = u_last[i], text = u_text[i] }
        end
        groups[#groups + 1] = { similarity = weakest[r] or 1, members = members, _first = g.members[1] }
      end
    end
    table.sort(groups, function(a, b) return a._first < b._first end)
    for _, g in ipairs(groups) do g._first = nil end
    return groups, { units = n, documents = ndocs }
  end

  return self
end

--- arabic.dedup(docs [, opts]) --> list of groups (see the top of this file),
-- and { units = compared, documents = N }.
function M.dedup(docs, opts)
  local o = with_defaults(args.check(opts, M.OPTIONS, "dedup", 2, 2), "dedup", 2)
  if type(docs) ~= "string" and type(docs) ~= "table" and type(docs) ~= "function" then
    args.error("dedup", 1, "text, list of texts or iterator expected, got " .. type(docs), 2)
  end
  local d = M._deduper(o)
  for text, id in stream.texts(docs, 1, "dedup") do d:add(text, id) end
  return d:groups()
end

return M
