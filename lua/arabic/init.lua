--- arabic: fast, faithful Arabic text processing.
-- The public Lua API over the C core (`arabic.core`). Offsets are 1-based
-- inclusive byte positions, as `string.sub` counts them.
local core = require "arabic.core"

local M = {}

M._VERSION = core._VERSION
M.utf8proc_version = core.utf8proc_version
M.pcre2_version = core.pcre2_version
M.unicode_version = core.unicode_version
M.core = core

local DEFAULT_PRESET = "search"

--- Raise an argument error that names the caller's function and argument.
-- Errors from the C side name the C function's own argument; rewrite them
-- so the user sees the function they called.
local function rethrow(err, argn, fname, level)
  local inner = tostring(err):match("^bad argument #%d+ to '[^']*' %((.*)%)$") or tostring(err)
  error(("bad argument #%d to '%s' (%s)"):format(argn, fname, inner), level + 1)
end
M._rethrow = rethrow

local function check_string(s, argn, fname, level)
  if type(s) ~= "string" then
    error(("bad argument #%d to '%s' (string expected, got %s)"):format(argn, fname, type(s)), level + 1)
  end
end
M._check_string = check_string

-- One compiled normalizer per preset name, made on first use.
local preset_cache = {}

--- A reusable normalizer. `opts` is a preset name ("display", "search",
-- "lucene", "camel", "none") or an option table, which may name a preset
-- and override options of it: `{ preset = "search", teh_marbuta = "heh" }`.
-- The result is callable: `norm(s) --> string, invalid_count`; it also has
-- `norm:map(s) --> string, map, invalid_count` and `norm:options()`.
function M.normalizer(opts)
  if opts == nil then opts = DEFAULT_PRESET end
  local ok, n = pcall(core.normalizer, opts)
  if not ok then rethrow(n, 1, "normalizer", 2) end
  return n
end

local function get_normalizer(opts, argn, fname)
  if opts == nil then opts = DEFAULT_PRESET end
  if type(opts) == "string" then
    local n = preset_cache[opts]
    if not n then
      local ok, made = pcall(core.normalizer, opts)
      if not ok then rethrow(made, argn, fname, 3) end
      n = made
      preset_cache[opts] = n
    end
    return n
  elseif type(opts) == "userdata" then
    return opts
  end
  local ok, n = pcall(core.normalizer, opts)
  if not ok then rethrow(n, argn, fname, 3) end
  return n
end
M._get_normalizer = get_normalizer

--- Normalize a string: `arabic.normalize(s [, preset_or_options])`.
-- The default preset is "search". Invalid UTF-8 becomes U+FFFD; with
-- `strict = true` it returns nil and a message naming the byte offset.
function M.normalize(s, opts)
  check_string(s, 1, "normalize", 2)
  local n = get_normalizer(opts, 2, "normalize")
  local out, err = n(s)
  if out == nil then return nil, err end
  return out
end

--- Normalize and return the offset map: `out, map = arabic.normalize_map(s, opts)`.
-- `map:source(i, j)` gives the source byte range of `out:sub(i, j)`;
-- `map:target(i, j)` the normalized range of `s:sub(i, j)`.
function M.normalize_map(s, opts)
  check_string(s, 1, "normalize_map", 2)
  local n = get_normalizer(opts, 2, "normalize_map")
  local out, map = n:map(s)
  if out == nil then return nil, map end
  return out, map
end

--- The presets: name -> option table.
function M.presets() return core.presets() end

--- The options: name -> description of accepted values.
function M.options() return core.options() end

--- Iterate over tokens: `for first, last, kind in arabic.tokens(s) do`.
-- Kinds: word, number, punct, symbol, latin, url, email, other.
function M.tokens(s, init)
  check_string(s, 1, "tokens", 2)
  if init ~= nil and type(init) ~= "number" then
    error(("bad argument #2 to 'tokens' (number expected, got %s)"):format(type(init)), 2)
  end
  local ok, it = pcall(core.tokens, s, init)
  if not ok then rethrow(it, 2, "tokens", 2) end
  return it
end

--- All tokens as a list of `{ first =, last =, kind =, text = }`.
function M.tokenize(s)
  check_string(s, 1, "tokenize", 2)
  local list, n = {}, 0
  for first, last, kind in core.tokens(s) do
    n = n + 1
    list[n] = { first = first, last = last, kind = kind, text = s:sub(first, last) }
  end
  return list
end

return M
