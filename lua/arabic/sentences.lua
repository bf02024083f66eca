--- Sentence boundaries (the C splitter) with the abbreviation lists of
-- data/abbreviations/ and the user's own.
local core = require "arabic.core"
local data = require "arabic.data"
local args = require "arabic.args"

local M = {}

local default_set

--- Add the default lists (data/abbreviations/ar.txt and latin.txt).
local function add_defaults(set)
  for _, name in ipairs { "ar.txt", "latin.txt" } do
    local path, err = data.path("abbreviations/" .. name)
    if not path then error(err, 0) end
    local ok, lerr = set:load(path)
    if not ok then error(lerr, 0) end
  end
end

--- The default abbreviation set (loaded once per Lua state).
function M.default_abbreviations()
  if not default_set then
    default_set = core.abbreviations()
    add_defaults(default_set)
  end
  return default_set
end

-- Compiled sets for option tables, so a reused table is compiled once.
local cache = setmetatable({}, { __mode = "k" })

--- An abbreviation set from an option value: nil or "default" (the
-- built-in lists), false (none), a file name, or a list mixing "default",
-- file names and abbreviations ("م.ع.", "Gov."). Returns the set (false
-- for none), or nil and what is wrong.
local function abbreviation_set(v)
  if v == nil or v == "default" then return M.default_abbreviations() end
  if v == false then return false end
  if type(v) == "userdata" and getmetatable(v) == getmetatable(M.default_abbreviations()) then
    return v -- a set made here before (the pipeline keeps the checked options)
  end
  if type(v) == "string" then v = { "default", v } end
  if type(v) ~= "table" then return nil end
  if cache[v] then return cache[v] end
  local set = core.abbreviations()
  for k, item in pairs(v) do
    if type(k) ~= "number" or type(item) ~= "string" then return nil, "must list strings" end
    if item == "default" then
      add_defaults(set)
    else
      local ok, err
      if item:sub(-1) == "." or not data.exists(item) then ok, err = set:add(item)
      else ok, err = set:load(item) end
      if not ok then return nil, err end
    end
  end
  cache[v] = set
  return set
end

--- The options of sentences(), split() and spans(); the pipeline, the
-- pandoc filter and the command line take the same ones.
M.OPTIONS = {
  -- what a single newline means: a break, a space, or found out
  mode = args.one_of { "lines", "wrapped", "auto" },
  -- the abbreviations after which a period does not end a sentence
  abbreviations = args.custom("false, a file name or a list of \"default\", files and abbreviations",
    function(v)
      local set, err = abbreviation_set(v)
      if set == nil then return false, err end
      return true, set
    end),
  -- the wrap width of hard-wrapped text in characters (mode = "auto"; 0: find it)
  wrap_width = args.integer { min = 0 },
}

local function options(s, opts, fname)
  args.string_arg(s, fname, 1, 3)
  if opts == nil then return "lines", M.default_abbreviations(), 0 end
  local o = args.check(opts, M.OPTIONS, fname, 2, 3)
  local set = o.abbreviations
  if set == nil then set = M.default_abbreviations() end
  return o.mode or "lines", set or nil, o.wrap_width or 0
end

--- The wrap width of hard-wrapped text (what mode = "auto" detects), or 0.
function M.wrap_width(s) return core.wrap_width(args.string_arg(s, "wrap_width", 1, 2)) end

--- Sentence spans as a flat list { first1, last1, first2, last2, ... }.
function M.spans(s, opts)
  local mode, set, width = options(s, opts, "spans")
  return core.sentences(s, mode, set, width)
end

--- for first, last in arabic.sentences(s [, opts]) do ... end
-- opts.mode: "lines" (default: a newline ends a sentence), "wrapped" (a
-- single newline is a space), "auto" (detect hard-wrapped text: a newline
-- after a full line is a space, after a short one a break; wrap_width = N
-- gives the width instead of detecting it);
-- opts.abbreviations: see abbreviation_set above.
local sentence_iter = core.sentence_iter

function M.sentences(s, opts)
  if opts == nil and type(s) == "string" then
    -- the common call: nothing to check, the iterator made in C
    return sentence_iter(s, "lines", default_set or M.default_abbreviations(), 0)
  end
  return sentence_iter(s, options(s, opts, "sentences"))
end

--- The sentence spans of s written as the JSON objects
-- {"first":..,"last":..} joined by commas, and their count (`arabic
-- annotate`'s sentences without a table a sentence).
function M._json(s, opts)
  return core.sentence_json(s, options(s, opts, "sentences"))
end

--- The mode, abbreviation set and wrap width that opts give (what the
-- entity worker splits sentences with).
function M._options(s, opts) return options(s, opts, "sentences") end

--- The sentences of s as a list of { first, last, text } (fname: the
-- public function, for errors).
function M.list(s, opts, fname)
  local mode, set, width = options(s, opts, fname or "find_sentences")
  local v = core.sentences(s, mode, set, width)
  local out = {}
  for i = 1, #v, 2 do out[#out + 1] = { first = v[i], last = v[i + 1], text = s:sub(v[i], v[i + 1]) } end
  return out
end

--- The sentences of s as a list of strings.
function M.split(s, opts)
  local mode, set, width = options(s, opts, "split_sentences")
  local v = core.sentences(s, mode, set, width)
  local out = {}
  for i = 1, #v, 2 do out[#out + 1] = s:sub(v[i], v[i + 1]) end
  return out
end

return M
