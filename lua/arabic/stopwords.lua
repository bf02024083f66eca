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
local args = require "arabic.args"

local M = {}

--- The options of stopwords().
M.OPTIONS = {
  -- normalize the words (a preset, options, a normalizer; true: search); default: as written
  normalize = args.optional_normalization(args.DEFAULT_PRESET),
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

-- Normalized lists, per normalizer (presets are compiled once, so a
-- preset name finds its lists again) and list name.
local norm_cache = setmetatable({}, { __mode = "k" })

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
  if type(name) ~= "string" then args.error("stopwords", 1, "list name expected, got " .. type(name), 2) end
  local o = args.check(opts, M.OPTIONS, "stopwords", 2, 2)
  local words, err = raw(name)
  if not words then
    args.error("stopwords", 1, ("no stop list '%s' (names: %s, or a file): %s")
      :format(name, table.concat(M.names, ", "), tostring(err)), 2)
  end
  local norm = o.normalize
  if not norm then return copy(words) end
  local key = norm_cache[norm]
  if not key then
    key = {}
    norm_cache[norm] = key
  end
  if key[name] then return copy(key[name]) end
  local seen, out = {}, {}
  for _, w in ipairs(words) do
    local n = norm(w)
    if n ~= "" and not seen[n] then
      seen[n] = true
      out[#out + 1] = n
    end
  end
  key[name] = out
  return copy(out)
end

--- The `stopwords` option of freq (and the command line's
-- --stopwords[=NAME|FILE]): true (the "counting" list), a list name or
-- file, a list of words or a set (word -> true); the value is the list of
-- words as written (false: none).
M.OPTION = args.type {
  what = "false, true, a list name or file, a list of words or a set",
  flag = true,
  optional_value = true, -- --stopwords, --stopwords=common, --stopwords=FILE
  test = function(v)
    if v == false then return true, false end
    if v == true then v = "counting" end
    if type(v) == "string" then
      local list, err = raw(v)
      if not list then return false, ("no stop list '%s': %s"):format(v, tostring(err)) end
      return true, list
    end
    if type(v) ~= "table" then return false end
    local words = {}
    if #v > 0 then
      words = v
    else
      for w, on in pairs(v) do
        if on then words[#words + 1] = w end
      end
    end
    for _, w in ipairs(words) do
      if type(w) ~= "string" then return false, "must hold strings, got " .. type(w) end
    end
    return true, words
  end,
  from_text = args.boolean.from_text,
}

--- The set of a checked list of words, normalized with norm (a normalizer
-- object) when given.
function M.set_of(words, norm)
  local set = {}
  for _, w in ipairs(words) do set[norm and norm(w) or w] = true end
  return set
end

return M
