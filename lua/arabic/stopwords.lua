--- Stop word lists, as a list and as a set.
--
--   local list, set = arabic.stopwords()                -- the gazetteer's common words
--   local list, set = arabic.stopwords("counting")      -- the larger list for counting
--   local list, set = arabic.stopwords("counting", { normalize = "search" })
--
-- "common" (the default) is the list the gazetteer matcher uses to keep
-- function words and very frequent words from starting a name (csrc/words.c,
-- read through the C core, so it is the same list). "counting" is
-- data/stopwords/ar.txt (see its header). Any other name is a file of one
-- word a line (# comments). Words come in ordinary spelling; with
-- `normalize` they come normalized (and deduplicated) for comparing with
-- normalized text.
local arabic = require "arabic"
local optspec = require "arabic.optspec"

local M = {}

M.spec = {
  stopwords = {
    normalize = { type = { "string", "table", "userdata", "boolean" },
      doc = "normalize the words (a preset, options, a normalizer; true = search); default: as written" },
  },
}

M.names = { "common", "counting" }

local raw_cache = {}

local function read_file(path)
  local f, err = io.open(path, "rb")
  if not f then return nil, err end
  local words = {}
  for line in f:lines() do
    line = line:gsub("\r$", ""):gsub("^%s+", ""):gsub("%s+$", "")
    if line ~= "" and not line:match("^#") then words[#words + 1] = line end
  end
  f:close()
  return words
end

-- The words of a list as written, deduplicated, in list order.
local function raw(name)
  local got = raw_cache[name]
  if got then return got end
  local words, err
  if name == "common" then
    words = arabic.core.common_words()
  elseif name == "counting" then
    local path
    path, err = require("arabic.data").path("stopwords/ar.txt")
    if path then words, err = read_file(path) end
  else
    words, err = read_file(name)
  end
  if not words then return nil, err end
  local seen, out = {}, {}
  for _, w in ipairs(words) do
    if not seen[w] then
      seen[w] = true
      out[#out + 1] = w
    end
  end
  raw_cache[name] = out
  return out
end

-- Normalized lists, per list name and preset name (tables and normalizer
-- objects are not cached: the caller holds them).
local norm_cache = {}

local function copy(list)
  local l, s = {}, {}
  for i, w in ipairs(list) do
    l[i] = w
    s[w] = true
  end
  return l, s
end

--- The list and set of stop words called name ("common", "counting", or a
-- file path).
function M.get(name, opts)
  if name == nil then name = "common" end
  if type(name) ~= "string" then
    optspec.argerror(1, "stopwords", "list name expected, got " .. type(name), 2)
  end
  local o = optspec.check(M.spec.stopwords, opts, 2, "stopwords", 2)
  local words, err = raw(name)
  if not words then
    optspec.argerror(1, "stopwords", ("no stop list '%s' (names: common, counting, or a file): %s")
      :format(name, tostring(err)), 2)
  end
  local nopt = o.normalize
  if nopt == nil or nopt == false then return copy(words) end
  if nopt == true then nopt = "search" end
  local key = type(nopt) == "string" and (name .. "\0" .. nopt) or nil
  if key and norm_cache[key] then return copy(norm_cache[key]) end
  local norm = optspec.normalizer(nopt, 2, "stopwords", 2)
  local seen, out = {}, {}
  for _, w in ipairs(words) do
    local n = norm(w)
    if n ~= "" and not seen[n] then
      seen[n] = true
      out[#out + 1] = n
    end
  end
  if key then norm_cache[key] = out end
  return copy(out)
end

--- A set from a stopwords option value: true (the counting list), a list
-- name or path, a list of words or a set (word -> true); normalized with
-- norm (a normalizer object) when given. For freq and the like.
function M.set_of(v, norm, argn, fname)
  local words = {}
  if v == true then v = "counting" end
  if type(v) == "string" then
    local list, err = raw(v)
    if not list then
      optspec.argerror(argn, fname, ("no stop list '%s': %s"):format(v, tostring(err)), 3)
    end
    words = list
  elseif type(v) == "table" then
    if #v > 0 then
      words = v
    else
      for w, on in pairs(v) do
        if on then words[#words + 1] = w end
      end
    end
  else
    optspec.argerror(argn, fname, "option 'stopwords' must be true, a list name, a list or a set", 3)
  end
  local set = {}
  for _, w in ipairs(words) do
    if type(w) ~= "string" then
      optspec.argerror(argn, fname, "option 'stopwords' must hold strings, got " .. type(w), 3)
    end
    set[norm and norm(w) or w] = true
  end
  return set
end

return M
