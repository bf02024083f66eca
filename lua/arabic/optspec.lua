--- Option specs for the corpus tools (stem, stopwords, freq, kwic, dedup,
-- export, stream).
--
-- Each of those modules exports `spec`: for each function, a table of
-- option name -> { type =, values =, min =, max =, integer =, default =,
-- doc = }. `check` validates a caller's options against one and returns a
-- fresh table with the defaults filled in; errors name the caller's
-- function, the argument and the offending key, in the library's usual
-- style. (Kept separate and small so the project-wide option owner can
-- consume the same specs.)
local M = {}

local function sorted_keys(t)
  local k = {}
  for name in pairs(t) do k[#k + 1] = name end
  table.sort(k)
  return k
end
M.sorted_keys = sorted_keys

local function argerror(argn, fname, msg, level)
  error(("bad argument #%d to '%s' (%s)"):format(argn, fname, msg), level + 1)
end
M.argerror = argerror

local function type_ok(v, ty)
  if type(ty) == "table" then
    for _, t in ipairs(ty) do
      if type_ok(v, t) then return true end
    end
    return false
  end
  if ty == "any" then return true end
  if ty == "integer" then return type(v) == "number" and v == math.floor(v) end
  if ty == "list" then return type(v) == "table" and getmetatable(v) == nil end
  return type(v) == ty
end

local function type_name(ty)
  if type(ty) == "table" then return table.concat(ty, " or ") end
  return ty
end

--- Check one value against its entry; returns an error message or nil.
local function check_value(name, v, e)
  if not type_ok(v, e.type) then
    return ("option '%s' must be %s, got %s"):format(name, type_name(e.type), type(v))
  end
  if e.values and type(v) == "string" then
    local ok = false
    for _, x in ipairs(e.values) do
      if x == v then ok = true end
    end
    if not ok then
      return ("option '%s' must be one of %s, got '%s'"):format(name, table.concat(e.values, ", "), v)
    end
  end
  if type(v) == "number" then
    if e.integer and v ~= math.floor(v) then return ("option '%s' must be an integer"):format(name) end
    if (e.min and v < e.min) or (e.max and v > e.max) then
      return ("option '%s' must be in %s..%s, got %s"):format(name, tostring(e.min or "-inf"),
        tostring(e.max or "inf"), tostring(v))
    end
  end
  return nil
end

--- Validate opts (nil or a table) against spec; returns a new table with
-- every known option set (defaults where the caller gave none).
function M.check(spec, opts, argn, fname, level)
  level = (level or 1) + 1
  if opts ~= nil and type(opts) ~= "table" then
    argerror(argn, fname, "options table expected, got " .. type(opts), level)
  end
  local out = {}
  for k, v in pairs(opts or {}) do
    local e = spec[k]
    if not e then
      argerror(argn, fname, ("unknown option '%s' (valid: %s)"):format(tostring(k),
        table.concat(sorted_keys(spec), ", ")), level)
    end
    local err = check_value(k, v, e)
    if err then argerror(argn, fname, err, level) end
    out[k] = v
  end
  for k, e in pairs(spec) do
    if out[k] == nil and e.default ~= nil then out[k] = e.default end
  end
  return out
end

--- Re-raise an error from a call made for the caller as "bad argument
-- #argn to 'fname' (...)", keeping the inner message.
function M.rethrow(err, argn, fname, level)
  local inner = tostring(err):match("^bad argument #%d+ to '[^']*' %((.*)%)$") or tostring(err)
  argerror(argn, fname, inner, (level or 1) + 1)
end

-- One compiled normalizer per preset name, made on first use.
local presets = {}

--- A normalizer from an option value: a preset name, an options table or
-- a normalizer object; errors name fname's argument argn. Compiled by
-- args.normalizer, the library's one rule (a table without `preset`
-- starts from "search").
function M.normalizer(v, argn, fname, level)
  level = (level or 1) + 1
  if type(v) == "userdata" then return v end
  if type(v) == "string" and presets[v] then return presets[v] end
  local ok, n, err = pcall(require("arabic.args").normalizer, v)
  if not ok or not n then
    M.rethrow(ok and err or n, argn, fname, level)
  end
  if type(v) == "string" then presets[v] = n end
  return n
end

--- The spec as documentation lines: "name (type, default): doc".
function M.describe(spec)
  local lines = {}
  for _, k in ipairs(sorted_keys(spec)) do
    local e = spec[k]
    local d = e.default ~= nil and (", default " .. tostring(e.default)) or ""
    lines[#lines + 1] = ("%s (%s%s): %s"):format(k, type_name(e.type), d, e.doc or "")
  end
  return lines
end

return M
