--- Sentence boundaries (the C splitter) with the abbreviation lists of
-- data/abbreviations/ and the user's own.
local core = require "arabic.core"
local data = require "arabic.data"

local M = {}

local MODES = { lines = true, wrapped = true, auto = true }
local OPTIONS = { mode = true, abbreviations = true, wrap_width = true }

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
-- file names and abbreviations ("م.ع.", "Gov.").
local function abbreviation_set(v, fname)
  if v == nil or v == "default" then return M.default_abbreviations() end
  if v == false then return nil end
  if type(v) == "string" then v = { "default", v } end
  if type(v) ~= "table" then
    error(("bad argument #2 to '%s' (option 'abbreviations' must be false, a string or a list, got %s)")
      :format(fname, type(v)), 3)
  end
  if cache[v] then return cache[v] end
  local set = core.abbreviations()
  for k, item in pairs(v) do
    if type(k) ~= "number" or type(item) ~= "string" then
      error(("bad argument #2 to '%s' (option 'abbreviations' must list strings)"):format(fname), 3)
    end
    if item == "default" then
      add_defaults(set)
    elseif item:sub(-1) == "." or not data.exists(item) then
      local ok, err = set:add(item)
      if not ok then error(("bad argument #2 to '%s' (option 'abbreviations': %s)"):format(fname, err), 3) end
    else
      local ok, err = set:load(item)
      if not ok then error(err, 3) end
    end
  end
  cache[v] = set
  return set
end

local function args(s, opts, fname)
  if type(s) ~= "string" then
    error(("bad argument #1 to '%s' (string expected, got %s)"):format(fname, type(s)), 3)
  end
  if opts == nil then return "lines", M.default_abbreviations(), 0 end
  if type(opts) ~= "table" then
    error(("bad argument #2 to '%s' (options table expected, got %s)"):format(fname, type(opts)), 3)
  end
  for k in pairs(opts) do
    if not OPTIONS[k] then
      error(("bad argument #2 to '%s' (unknown option '%s'; valid: abbreviations, mode, wrap_width)")
        :format(fname, tostring(k)), 3)
    end
  end
  local mode = opts.mode or "lines"
  if not MODES[mode] then
    error(("bad argument #2 to '%s' (option 'mode' must be \"lines\", \"wrapped\" or \"auto\", got %s)")
      :format(fname, tostring(mode)), 3)
  end
  local width = opts.wrap_width or 0
  if type(width) ~= "number" or width < 0 or width ~= math.floor(width) then
    error(("bad argument #2 to '%s' (option 'wrap_width' must be a non-negative integer)"):format(fname), 3)
  end
  return mode, abbreviation_set(opts.abbreviations, fname), width
end

--- The wrap width of hard-wrapped text (what mode = "auto" detects), or 0.
function M.wrap_width(s)
  if type(s) ~= "string" then
    error(("bad argument #1 to 'wrap_width' (string expected, got %s)"):format(type(s)), 2)
  end
  return core.wrap_width(s)
end

--- Sentence spans as a flat list { first1, last1, first2, last2, ... }.
function M.spans(s, opts)
  local mode, set, width = args(s, opts, "spans")
  return core.sentences(s, mode, set, width)
end

--- for first, last in arabic.sentences(s [, opts]) do ... end
-- opts.mode: "lines" (default: a newline ends a sentence), "wrapped" (a
-- single newline is a space), "auto" (detect hard-wrapped text: a newline
-- after a full line is a space, after a short one a break; wrap_width = N
-- gives the width instead of detecting it);
-- opts.abbreviations: see abbreviation_set above.
function M.sentences(s, opts)
  local mode, set, width = args(s, opts, "sentences")
  local v = core.sentences(s, mode, set, width)
  local i = -1
  return function()
    i = i + 2
    if v[i] then return v[i], v[i + 1] end
  end
end

--- The sentences of s as a list of strings.
function M.split(s, opts)
  local mode, set, width = args(s, opts, "split_sentences")
  local v = core.sentences(s, mode, set, width)
  local out = {}
  for i = 1, #v, 2 do out[#out + 1] = s:sub(v[i], v[i + 1]) end
  return out
end

return M
