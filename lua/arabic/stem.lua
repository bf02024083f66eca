--- Light stemming: Larkey's light10 (as Lucene's ArabicStemmer applies it)
-- and the ISRI root stemmer (as NLTK's ISRIStemmer applies it), in C
-- (csrc/stem.c).
--
--   arabic.stem("والكتابات")                 --> "كتاب"   (light10)
--   arabic.stem("والكتابات", "isri")         --> "كتب"
--   local st = arabic.stemmer{ algorithm = "light10", normalize = "lucene" }
--   st("للمعلمين"), st:list(words), st:tokens(arabic.find_tokens(s))
--
-- light10 normalizes with the `lucene` preset first by default, so a stem is
-- what Lucene's ArabicNormalizationFilter + ArabicStemFilter give; ISRI
-- removes diacritics itself and by default sees the word as written.
local arabic = require "arabic"
local args = require "arabic.args"
local core = arabic.core

local M = {}

local ALGORITHMS = { light10 = 1, isri = 2 }
local DEFAULT_NORMALIZE = { light10 = "lucene", isri = false }
-- the token kinds a stem step may stem
local KINDS = { word = true, number = true, punct = true, symbol = true, latin = true, url = true,
  email = true, other = true }

local ALGORITHM = args.one_of { "light10", "isri" }

--- The options of stemmer() (and arabic.stem's second argument as a table);
-- the command line's `arabic stem` takes them too.
M.OPTIONS = {
  -- light10 (prefix and suffix lists, Lucene) or isri (root patterns, NLTK); default light10
  algorithm = ALGORITHM,
  -- normalization before stemming: a preset, an options table, a
  -- normalizer, or false; true is "search"; default "lucene" for light10,
  -- none for isri
  normalize = args.optional_normalization(args.DEFAULT_PRESET),
  -- remember this many word -> stem results (0: none; default 65536); the
  -- table starts afresh when full
  cache = args.integer { min = 0 },
}

--- Token kinds: a list of names from KINDS (for the step's `kinds`, and
-- freq's).
M.KINDS = args.custom("a list of token kinds (" .. args.names(KINDS) .. ")", function(v)
  local ok, list = args.strings.test(v)
  if not ok then return false end
  for _, k in ipairs(list) do
    if not KINDS[k] then return false, ("unknown token kind '%s'; valid: %s"):format(k, args.names(KINDS)) end
  end
  return true, list
end, args.strings.from_text)

--- The options of the stem step (the pipeline's `stem`, arabic.stem_step).
M.STEP_OPTIONS = {
  algorithm = ALGORITHM,
  normalize = M.OPTIONS.normalize,
  kinds = M.KINDS, -- token kinds to stem (default: word)
}

local Stemmer = {}
Stemmer.__index = Stemmer

-- A stemmer from checked options.
local function make(o)
  local algorithm = o.algorithm or "light10"
  local norm = o.normalize
  if norm == nil then
    norm = DEFAULT_NORMALIZE[algorithm] and select(2, args.normalization.test(DEFAULT_NORMALIZE[algorithm]))
  end
  local limit = o.cache or 65536
  local self = setmetatable({ algorithm = algorithm, normalizer = norm or nil, cache_size = limit }, Stemmer)
  local algo, stem = ALGORITHMS[algorithm], core.stem
  norm = self.normalizer
  if limit > 0 then
    local cache, n = {}, 0
    self.fn = function(word)
      local s = cache[word]
      if s then return s end
      s = stem(word, algo, norm)
      if n >= limit then cache, n = {}, 0 end
      cache[word] = s
      n = n + 1
      return s
    end
  else
    self.fn = function(word) return stem(word, algo, norm) end
  end
  return self
end

--- A stemmer compiled once: st(word) --> stem. opts: a table of
-- M.OPTIONS, or an algorithm name.
function M.stemmer(opts)
  if type(opts) == "string" then opts = { algorithm = opts } end
  return make(args.check(opts, M.OPTIONS, "stemmer", 1, 2))
end

function Stemmer:__call(word)
  return self.fn(args.string_arg(word, "stemmer", 1, 2))
end

--- Stem one word (st:stem(w) is st(w)).
function Stemmer:stem(word)
  return self.fn(args.string_arg(word, "stem", 1, 2))
end

--- Stems of a list of words, in one call into C.
function Stemmer:list(words)
  if type(words) ~= "table" then args.error("list", 1, "table expected, got " .. type(words), 2) end
  local ok, r = pcall(core.stem_list, words, ALGORITHMS[self.algorithm], self.normalizer)
  if not ok then -- the binding names its own argument: say it for list()
    args.error("list", 1, tostring(r):match("^bad argument #%d+ to '[^']*' %((.*)%)$") or tostring(r), 2)
  end
  return r
end

local function kind_set(kinds)
  if not kinds then return { word = true } end
  local want = {}
  for _, k in ipairs(kinds) do want[k] = true end
  return want
end

--- Add `stem` to the tokens of a token list ({ first, last, kind, text },
-- as arabic.find_tokens gives) whose kind is in kinds (default: word); the
-- list is returned. This is the stem step a pipeline calls.
function Stemmer:tokens(tokens, kinds)
  if type(tokens) ~= "table" then args.error("tokens", 1, "token list expected, got " .. type(tokens), 2) end
  if kinds ~= nil then
    local ok, list, why = M.KINDS.test(kinds)
    if not ok then args.error("tokens", 2, why or ("%s expected"):format(M.KINDS.what), 2) end
    kinds = list
  end
  local want, fn = kind_set(kinds), self.fn
  for i, t in ipairs(tokens) do
    if type(t) ~= "table" or type(t.text) ~= "string" then
      args.error("tokens", 1, ("token %d has no text"):format(i), 2)
    end
    if want[t.kind] then t.stem = fn(t.text) end
  end
  return tokens
end

function Stemmer:__tostring()
  return ("arabic.stemmer (%s)"):format(self.algorithm)
end

-- One stemmer per algorithm for arabic.stem(word [, algorithm]) and the
-- `stem = true / "isri"` options of freq and kwic.
local default_stemmers = {}

--- The shared stemmer of an algorithm (its default options).
function M.default(name)
  local st = default_stemmers[name]
  if not st then
    st = make { algorithm = name }
    default_stemmers[name] = st
  end
  return st
end

--- 1 if v is a stemmer object.
function M.is_stemmer(v) return getmetatable(v) == Stemmer end

-- arabic.stem's second argument, named as such in messages.
local STEM_ARG = { algorithm = ALGORITHM }
local function algorithm_label() return "algorithm" end

--- Stem one word: arabic.stem(word [, algorithm, stemmer options or a stemmer]).
function M.stem(word, algorithm)
  args.string_arg(word, "stem", 1, 2)
  local st
  if algorithm == nil then
    st = default_stemmers.light10 or M.default("light10")
  elseif type(algorithm) == "string" then
    st = default_stemmers[algorithm]
    if not st then
      local _, err = args.validate({ algorithm = algorithm }, STEM_ARG, nil, algorithm_label)
      if err then args.error("stem", 2, err, 2) end
      st = M.default(algorithm)
    end
  elseif M.is_stemmer(algorithm) then
    st = algorithm
  elseif type(algorithm) == "table" then
    st = make(args.check(algorithm, M.OPTIONS, "stem", 2, 2))
  else
    args.error("stem", 2, "algorithm name, options or stemmer expected, got " .. type(algorithm), 2)
  end
  return st.fn(word)
end

--- The `stem` option of freq and kwic (and the command line's --stem[=NAME]):
-- false for none, true for light10, an algorithm name, stemmer options or
-- a stemmer; the value is the stemmer (or false).
M.OPTION = args.type {
  what = 'false, true, "light10", "isri", stemmer options or a stemmer',
  flag = true,
  optional_value = true, -- a switch that may name its value: --stem, --stem=isri
  test = function(v)
    if v == false then return true, false end
    if v == true then return true, M.default("light10") end
    if type(v) == "string" then return args.accept(ALGORITHMS[v] ~= nil, ALGORITHMS[v] and M.default(v)) end
    if M.is_stemmer(v) then return true, v end
    if type(v) ~= "table" then return false end
    local o, err = args.validate(v, M.OPTIONS)
    if not o then return false, err end
    return true, make(o)
  end,
  from_text = args.boolean.from_text,
}

-- Tokens of doc.text outside the ranges the pipeline removed as chrome.
local function kept_tokens(doc)
  local text = doc.text
  local removed, r = {}, 1
  for i, x in ipairs(doc.removed or {}) do removed[i] = x end
  table.sort(removed, function(a, b) return a.first < b.first end)
  local list = {}
  for first, last, kind in core.tokens(text) do
    while removed[r] and removed[r].last < first do r = r + 1 end
    local rm = removed[r]
    if not (rm and rm.first <= first) then
      list[#list + 1] = { first = first, last = last, kind = kind, text = text:sub(first, last) }
    end
  end
  return list
end

--- The stem step from checked options (M.STEP_OPTIONS): a function of a
-- document that sets doc.tokens.
function M.step_of(o)
  local st = make { algorithm = o.algorithm, normalize = o.normalize }
  local kinds = o.kinds
  return function(doc) doc.tokens = st:tokens(kept_tokens(doc), kinds) end
end

--- A pipeline step: arabic.pipeline{ ..., steps = { arabic.stem_step{ algorithm = "isri" } } }
-- (or the pipeline's own `stem = { algorithm = "isri" }`) sets doc.tokens
-- (source offsets) with a `stem` on each word token; tokens inside chrome
-- that the pipeline removed are left out.
function M.step(opts)
  return M.step_of(args.check(opts, M.STEP_OPTIONS, "stem_step", 1, 2))
end

return M
