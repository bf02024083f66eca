--- Word frequencies over a text, a list of texts or an iterator of texts.
--
--   local top = arabic.freq(arabic.lines("corpus.txt"), { stem = true, clitics = true,
--                                                        stopwords = true, min_count = 5 })
--   for _, w in ipairs(top) do print(w.word, w.count, w.forms[1].form) end
--
-- Words are counted on normalized text (the `search` preset by default), so
-- spelling variants count as one form. Then, optionally:
--   clitics   a form made of a proclitic (و ف, then ب ل ك, and لل = ل + ال)
--             and a form that occurs in the same input at least as often is
--             counted with it: لايران and وايران with ايران. Words of the
--             gazetteer's common-word list are never split (كما is not ك +
--             ما, بين not ب + ين).
--   stem      each form (after clitic folding) is counted under its stem
--             (light10 by default, or "isri", or a stemmer object).
--   stopwords forms on the list are not counted (true: the "counting" list),
--             nor forms that are و or ف plus a listed word (وفي, فهو).
-- Each result is { word, count, forms = { { form, count }, ... } }, most
-- frequent first (ties in the order they first occur in the input); `forms`
-- are the normalized forms that were counted together, likewise ordered.
local arabic = require "arabic"
local args = require "arabic.args"
local stem = require "arabic.stem"
local stopwords = require "arabic.stopwords"
local stream = require "arabic.stream"
local core = arabic.core

local M = {}

--- The options of freq() and counter(); the command line's `arabic freq`
-- takes them too.
M.OPTIONS = {
  -- normalization before counting: a preset, options, a normalizer, or
  -- false; true and the default: "search"
  normalize = args.optional_normalization(args.DEFAULT_PRESET),
  -- count stems: true (light10), an algorithm name, stemmer options or a stemmer
  stem = stem.OPTION,
  -- count a proclitic form with its bare form when the bare form is at least as frequent
  clitics = args.boolean,
  -- leave out stop words: true (the counting list), a list name or file, a list or a set
  stopwords = stopwords.OPTION,
  -- leave out words counted fewer times (default 1)
  min_count = args.integer { min = 1 },
  -- token kinds to count (default: word, latin)
  kinds = stem.KINDS,
  -- return at most this many words
  limit = args.integer { min = 0 },
}

-- Proclitics, as the gazetteer strips them.
local WA = { ["و"] = true, ["ف"] = true }
local BLK = { ["ب"] = true, ["ل"] = true, ["ك"] = true }
local LAM, ALEF_LAM = "ل", "ال"

--- Candidate bare forms of w, the most stripped first.
local function bare_candidates(w)
  local out = {}
  local r1 = w
  local c1 = w:sub(1, 2)
  if WA[c1] then r1 = w:sub(3) end
  local c2 = r1:sub(1, 2)
  if c2 == LAM and r1:sub(3, 4) == LAM then
    out[#out + 1] = ALEF_LAM .. r1:sub(5) -- لل = ل + ال
  elseif BLK[c2] then
    out[#out + 1] = r1:sub(3)
  end
  if r1 ~= w then out[#out + 1] = r1 end
  return out
end

local function char_len(s)
  local _, n = s:gsub("[^\128-\191]", "")
  return n
end

local Counter = {}
Counter.__index = Counter

--- A counter for texts given one at a time (a loop over files, a command
-- line): c:add(text) for each, then c:result() gives what freq() gives.
-- Memory grows with the number of distinct forms, not with the input.
function M.counter(opts)
  local o = args.check(opts, M.OPTIONS, "counter", 1, 2)
  return M._counter(o)
end

-- A counter from checked options.
function M._counter(o)
  local norm = o.normalize
  if norm == nil then norm = args.shared_normalizer() end
  local want = { word = true, latin = true }
  if o.kinds then
    want = {}
    for _, k in ipairs(o.kinds) do want[k] = true end
  end
  return setmetatable({ o = o, norm = norm or nil, want = want, counts = {}, first_seen = {}, types = 0,
    tokens = 0, texts = 0 }, Counter)
end

--- Count the forms of one text (normalized, of the kinds asked for).
function Counter:add(text)
  args.string_arg(text, "add", 1, 2)
  local counts, first_seen, want = self.counts, self.first_seen, self.want
  local types, tokens = self.types, self.tokens
  local t = self.norm and self.norm(text) or text
  for first, last, kind in core.tokens(t) do
    if want[kind] then
      local w = t:sub(first, last)
      local c = counts[w]
      if c then
        counts[w] = c + 1
      else
        counts[w] = 1
        types = types + 1
        first_seen[w] = types
      end
      tokens = tokens + 1
    end
  end
  self.types, self.tokens, self.texts = types, tokens, self.texts + 1
  return self
end

--- The frequency table of what was added: list of { word, count, forms }
-- and { tokens = N counted, types = distinct forms, texts = N }.
function Counter:result()
  local o, norm, counts, first_seen = self.o, self.norm, self.counts, self.first_seen
  local stem_fn = o.stem and o.stem.fn
  local stop = o.stopwords and stopwords.set_of(o.stopwords, norm) or nil
  local common
  if o.clitics then
    common = {}
    for _, w in ipairs(core.common_words()) do common[norm and norm(w) or w] = true end
  end

  local function is_stop(w)
    if stop[w] then return true end
    return WA[w:sub(1, 2)] ~= nil and stop[w:sub(3)] ~= nil
  end

  local groups, types = {}, 0
  for w, c in pairs(counts) do
    types = types + 1
    if not (stop and is_stop(w)) then
      local base = w
      if common and not common[w] then
        for _, cand in ipairs(bare_candidates(w)) do
          local cc = counts[cand]
          if cc and cc >= c and char_len(cand) >= 2 then
            base = cand
            break
          end
        end
      end
      if not (stop and base ~= w and is_stop(base)) then
        local key = stem_fn and stem_fn(base) or base
        local g = groups[key]
        local seen = first_seen[w]
        if not g then
          g = { word = key, count = 0, forms = {}, seen = seen }
          groups[key] = g
        elseif seen < g.seen then
          g.seen = seen
        end
        g.count = g.count + c
        g.forms[#g.forms + 1] = { form = w, count = c, seen = seen }
      end
    end
  end

  -- most frequent first; ties in the order they first occur in the input.
  -- Sorted without a Lua comparator (tens of thousands of forms): the
  -- counts, then the first-occurrence ranks within each count, as numbers.
  local function by_count(x, y)
    if x.count ~= y.count then return x.count > y.count end
    return x.seen < y.seen
  end
  local min_count = o.min_count or 1
  local buckets, distinct, by_seen = {}, {}, {}
  for _, g in pairs(groups) do
    local c = g.count
    if c >= min_count then
      local forms = g.forms
      if forms[2] then table.sort(forms, by_count) end
      for _, f in ipairs(forms) do f.seen = nil end
      local bucket = buckets[c]
      if not bucket then
        bucket = {}
        buckets[c] = bucket
        distinct[#distinct + 1] = -c
      end
      bucket[#bucket + 1] = g.seen
      by_seen[g.seen] = g
      g.seen = nil
    end
  end
  table.sort(distinct)
  local list, n = {}, 0
  for _, negc in ipairs(distinct) do
    local bucket = buckets[-negc]
    table.sort(bucket)
    for _, seen in ipairs(bucket) do
      n = n + 1
      list[n] = by_seen[seen]
    end
  end
  if o.limit and #list > o.limit then
    for i = #list, o.limit + 1, -1 do list[i] = nil end
  end
  return list, { tokens = self.tokens, types = types, texts = self.texts }
end

--- arabic.freq(input [, opts]) --> list of { word, count, forms }, and
-- { tokens = N counted, types = distinct forms, texts = N }. input: a
-- text, a list of texts (or of { id =, text = }) or an iterator of texts.
function M.freq(input, opts)
  local o = args.check(opts, M.OPTIONS, "freq", 2, 2)
  if type(input) ~= "string" and type(input) ~= "table" and type(input) ~= "function" then
    args.error("freq", 1, "text, list of texts or iterator expected, got " .. type(input), 2)
  end
  local c = M._counter(o)
  for text in stream.texts(input, 1, "freq") do c:add(text) end
  return c:result()
end

return M
