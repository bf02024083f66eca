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
local optspec = require "arabic.optspec"
local core = arabic.core

local M = {}

local ALGORITHMS = { light10 = 1, isri = 2 }
local DEFAULT_NORMALIZE = { light10 = "lucene", isri = false }

M.spec = {
  stemmer = {
    algorithm = { type = "string", values = { "light10", "isri" }, default = "light10",
      doc = "light10 (prefix and suffix lists, Lucene) or isri (root patterns, NLTK)" },
    normalize = { type = { "string", "table", "userdata", "boolean" },
      doc = "normalization before stemming: a preset, an options table, a normalizer or false; "
        .. "default lucene for light10, none for isri" },
    cache = { type = "integer", min = 0, default = 65536,
      doc = "remember this many word -> stem results (0: none); the table starts afresh when full" },
  },
  step = {
    algorithm = { type = "string", values = { "light10", "isri" }, default = "light10", doc = "as in stemmer" },
    normalize = { type = { "string", "table", "userdata", "boolean" }, doc = "as in stemmer" },
    kinds = { type = "list", doc = "token kinds to stem (default: word)" },
  },
}

local Stemmer = {}
Stemmer.__index = Stemmer

local function normalizer_for(v, argn, fname)
  if v == false then return nil end
  if v == true then v = "search" end
  return optspec.normalizer(v, argn, fname, 3)
end

--- A stemmer compiled once: st(word) --> stem.
function M.stemmer(opts)
  if type(opts) == "string" then opts = { algorithm = opts } end
  local o = optspec.check(M.spec.stemmer, opts, 1, "stemmer", 2)
  local norm_opt = o.normalize
  if norm_opt == nil then norm_opt = DEFAULT_NORMALIZE[o.algorithm] end
  local self = setmetatable({
    algorithm = o.algorithm,
    normalizer = normalizer_for(norm_opt, 1, "stemmer"),
    cache_size = o.cache,
  }, Stemmer)
  local algo, norm, stem = ALGORITHMS[o.algorithm], self.normalizer, core.stem
  local limit = o.cache
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

function Stemmer:__call(word)
  if type(word) ~= "string" then
    optspec.argerror(1, "stemmer", "string expected, got " .. type(word), 2)
  end
  return self.fn(word)
end

--- Stem one word (st:stem(w) is st(w)).
function Stemmer:stem(word)
  if type(word) ~= "string" then
    optspec.argerror(1, "stem", "string expected, got " .. type(word), 2)
  end
  return self.fn(word)
end

--- Stems of a list of words, in one call into C.
function Stemmer:list(words)
  if type(words) ~= "table" then
    optspec.argerror(1, "list", "table expected, got " .. type(words), 2)
  end
  local ok, r = pcall(core.stem_list, words, ALGORITHMS[self.algorithm], self.normalizer)
  if not ok then optspec.rethrow(r, 1, "list", 2) end
  return r
end

--- Add `stem` to the tokens of a token list ({ first, last, kind, text },
-- as arabic.find_tokens gives) whose kind is in kinds (default: word); the
-- list is returned. This is the stem step a pipeline calls.
function Stemmer:tokens(tokens, kinds)
  if type(tokens) ~= "table" then
    optspec.argerror(1, "tokens", "token list expected, got " .. type(tokens), 2)
  end
  local want = { word = true }
  if kinds then
    want = {}
    for _, k in ipairs(kinds) do want[k] = true end
  end
  local fn = self.fn
  for i, t in ipairs(tokens) do
    if type(t) ~= "table" or type(t.text) ~= "string" then
      optspec.argerror(1, "tokens", ("token %d has no text"):format(i), 2)
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
    st = M.stemmer { algorithm = name }
    default_stemmers[name] = st
  end
  return st
end

--- Stem one word: arabic.stem(word [, algorithm or stemmer options]).
function M.stem(word, algorithm)
  if type(word) ~= "string" then optspec.argerror(1, "stem", "string expected, got " .. type(word), 2) end
  local st
  if algorithm == nil or type(algorithm) == "string" then
    local name = algorithm or "light10"
    st = default_stemmers[name]
    if not st then
      if not ALGORITHMS[name] then
        optspec.argerror(2, "stem", ("unknown algorithm '%s' (valid: isri, light10)"):format(name), 2)
      end
      st = M.default(name)
    end
  elseif type(algorithm) == "table" then
    if getmetatable(algorithm) == Stemmer then
      st = algorithm
    else
      local ok, made = pcall(M.stemmer, algorithm)
      if not ok then optspec.rethrow(made, 2, "stem", 2) end
      st = made
    end
  else
    optspec.argerror(2, "stem", "algorithm name or options expected, got " .. type(algorithm), 2)
  end
  return st.fn(word)
end

--- 1 if v is a stemmer object.
function M.is_stemmer(v) return getmetatable(v) == Stemmer end

--- The stemmer a `stem` option asks for (freq, kwic): nil/false for none,
-- true for light10, an algorithm name, stemmer options or a stemmer.
-- Errors name the caller's function and argument.
function M.from_option(v, argn, fname)
  if v == nil or v == false then return nil end
  if v == true then v = "light10" end
  if M.is_stemmer(v) then return v end
  if type(v) == "string" then
    if not ALGORITHMS[v] then
      optspec.argerror(argn, fname, ("option 'stem' must be true, light10, isri, stemmer options or a stemmer, got '%s'")
        :format(v), 3)
    end
    return M.default(v)
  end
  local ok, st = pcall(M.stemmer, v)
  if not ok then
    local inner = tostring(st):match("^bad argument #%d+ to '[^']*' %((.*)%)$") or tostring(st)
    optspec.argerror(argn, fname, "option 'stem': " .. inner, 3)
  end
  return st
end

--- A pipeline step: arabic.pipeline{ ..., steps = { arabic.stem_step{ algorithm = "isri" } } }
-- sets doc.tokens (source offsets) with a `stem` on each word token; tokens
-- inside chrome that the pipeline removed are left out.
function M.step(opts)
  local o = optspec.check(M.spec.step, opts, 1, "stem_step", 2)
  local ok, st = pcall(M.stemmer, { algorithm = o.algorithm, normalize = o.normalize })
  if not ok then optspec.rethrow(st, 1, "stem_step", 2) end
  local kinds = o.kinds
  return function(doc)
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
    doc.tokens = st:tokens(list, kinds)
  end
end

return M
