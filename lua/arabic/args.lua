--- Arguments and options: one checker, and one way to say what is wrong.
--
-- Every feature module describes its options as a spec, a table of option
-- name -> type, and exports it (sentences.OPTIONS, dates.OPTIONS,
-- boilerplate.OPTIONS, gazetteer.MATCH_OPTIONS ...; normalization options
-- come from C's table through arabic.core). The module checks its callers'
-- options against it; the pipeline, the pandoc filter and the command line
-- build their own checks from the same specs, so an option is declared
-- once, where it is implemented.
--
-- Errors name the public function, the argument and the user's key:
--   bad argument #2 to 'sentences' (unknown option 'modus'; valid: abbreviations, mode, wrap_width)
--   bad argument #2 to 'sentences' (option 'mode' must be "lines", "wrapped" or "auto", got "paragraphs")
-- args.validate gives the same message without raising (nil, message), for
-- front ends that report it their own way (a file name, a metadata block).
local M = {}

--- Raise "bad argument #argn to 'fname' (msg)". level counts as error()'s
-- does, from the function that calls M.error: 1 (the default) blames that
-- function, 2 its caller (the user's code, for a public function).
function M.error(fname, argn, msg, level)
  error(("bad argument #%d to '%s' (%s)"):format(argn, fname, msg), (level or 1) + 1)
end

--- A value as messages show it.
function M.show(v)
  if type(v) == "string" then return '"' .. v .. '"' end
  if type(v) == "number" or type(v) == "boolean" or v == nil then return tostring(v) end
  return "a " .. type(v)
end

--- Check that argument argn is a string (raises like M.error).
function M.string_arg(s, fname, argn, level)
  if type(s) ~= "string" then M.error(fname, argn, "string expected, got " .. type(s), (level or 1) + 1) end
  return s
end

-- ---------------------------------------------------------------- types
--
-- A type is { what = "a boolean", test = function(v, key) ... }: test
-- returns true and the value to use (it may convert: a string to a list, a
-- file name to a loaded set), or false alone (the message then says what
-- the type wants: "must be a boolean, got ...") or false and a message of
-- its own (put after "option 'k': "; used whole when a third result is
-- true). M.accept(cond, v) is the common case.
-- from_text converts a string from a command line or YAML metadata; flag
-- marks a boolean (a command-line switch). The types are tables so front
-- ends can read what, flag and from_text.

local Type = {}
Type.__index = Type

-- true and v when cond holds, else false (and no message: the type's what).
local function accept(cond, v)
  if cond then return true, v end
  return false
end
M.accept = accept

local function new_type(t) return setmetatable(t, Type) end
M.type = new_type

local TRUE = { ["true"] = true, yes = true, on = true, ["1"] = true }
local FALSE = { ["false"] = true, no = true, off = true, ["0"] = true }

--- true or false; from text: true/false, yes/no, on/off, 1/0.
M.boolean = new_type {
  what = "a boolean",
  flag = true,
  test = function(v) return accept(type(v) == "boolean", v) end,
  from_text = function(s)
    if TRUE[s] then return true end
    if FALSE[s] then return false end
    return s
  end,
}

--- A string.
M.string = new_type { what = "a string", test = function(v) return accept(type(v) == "string", v) end }

--- A string or a number (a number becomes its string): ids, names.
M.text = new_type {
  what = "a string",
  test = function(v)
    if type(v) == "number" then return true, tostring(v) end
    return accept(type(v) == "string", v)
  end,
}

--- An integer, with bounds: M.integer { min = 0 }.
function M.integer(b)
  b = b or {}
  local what = "an integer"
  if b.min and b.max then what = ("an integer from %d to %d"):format(b.min, b.max)
  elseif b.min then what = ("an integer >= %d"):format(b.min) end
  return new_type {
    what = what,
    test = function(v)
      return accept(type(v) == "number" and v == math.floor(v) and v >= (b.min or -math.huge) and v <= (b.max or math.huge), v)
    end,
    from_text = function(s) return tonumber(s) or s end,
  }
end

--- A number, with bounds: M.number { min = 0, max = 1 }.
function M.number(b)
  b = b or {}
  local what = b.min and b.max and ("a number from %s to %s"):format(b.min, b.max) or "a number"
  return new_type {
    what = what,
    test = function(v) return accept(type(v) == "number" and v >= (b.min or -math.huge) and v <= (b.max or math.huge), v) end,
    from_text = function(s) return tonumber(s) or s end,
  }
end

--- One of the values listed (strings, booleans, numbers).
function M.one_of(values)
  local set, shown = {}, {}
  for i, v in ipairs(values) do
    set[v] = true
    shown[i] = M.show(v)
  end
  local what = #shown > 1 and table.concat(shown, ", ", 1, #shown - 1) .. " or " .. shown[#shown] or shown[1]
  return new_type {
    what = what,
    values = values,
    test = function(v) return accept(v ~= nil and set[v] == true, v) end,
    from_text = function(s)
      if set[s] then return s end
      if TRUE[s] and set[true] then return true end
      if FALSE[s] and set[false] then return false end
      return tonumber(s) ~= nil and set[tonumber(s)] and tonumber(s) or s
    end,
  }
end

--- A string or a list of strings, or a set { PER = true }: a list. From
-- text: a comma- or space-separated list ("PER, LOC").
M.strings = new_type {
  what = "a string or a list of strings",
  test = function(v)
    if type(v) == "string" then return true, { v } end
    if type(v) ~= "table" then return false end
    local out = {}
    for k, x in pairs(v) do
      if type(k) == "number" and type(x) == "string" then out[#out + 1] = x
      elseif type(k) == "string" and x == true then out[#out + 1] = k
      else return false end
    end
    return true, out
  end,
  from_text = function(s)
    local out = {}
    for x in s:gmatch("[^,%s]+") do out[#out + 1] = x end
    return out
  end,
}

--- Any value a function accepts: M.custom("a date YYYY-MM-DD", function(v)
-- return ok, value [, why] end).
function M.custom(what, test, from_text) return new_type { what = what, test = test, from_text = from_text } end

--- The preset a normalization starts from when none is named: nil, and
-- an option table without `preset` ({ teh_marbuta = "heh" } is "search"
-- with teh marbuta folded; { preset = "none", ... } starts from nothing).
M.DEFAULT_PRESET = "search"

--- A compiled normalizer from a preset name, an option table (checked by
-- C's table of options, arabic.core) or nil (the default preset); or nil
-- and what is wrong. Every front end compiles normalizers through here,
-- so one rule says where an option table starts. Each call compiles a new
-- one (the caller owns it and may close it).
function M.normalizer(v)
  local core = require "arabic.core"
  if v == nil then v = M.DEFAULT_PRESET end
  if type(v) == "table" and v.preset == nil then
    local t = { preset = M.DEFAULT_PRESET }
    for k, x in pairs(v) do t[k] = x end
    v = t
  end
  return core.normalizer(v)
end

-- Normalizers of preset names (nil: the default preset), compiled once per
-- Lua state: a function called per line with { normalize = "search" } must
-- not compile it each time. Only names are cached (a table is compiled
-- anew: it may differ by one option), and only the library holds what
-- this returns, never handing it to a caller who could close it.
local presets = {}

--- M.normalizer(v), compiled once per preset name (the library's own use).
function M.shared_normalizer(v)
  if v == nil then v = M.DEFAULT_PRESET end
  if type(v) ~= "string" then return M.normalizer(v) end
  local n = presets[v]
  if n then return n end
  local err
  n, err = M.normalizer(v)
  if not n then return nil, err end
  presets[v] = n
  return n
end

--- Normalization: a preset name, an option table or a compiled
-- normalizer; the value is the compiled normalizer (M.normalizer, a
-- preset's shared).
M.normalization = new_type {
  what = "a preset name or a table of normalization options",
  test = function(v)
    local core = require "arabic.core"
    if type(v) == "userdata" then return M.accept(getmetatable(v) == getmetatable(core.normalizer "none"), v) end
    if type(v) ~= "string" and type(v) ~= "table" then return false end
    local n, err = M.shared_normalizer(v)
    if not n then return false, err end
    return true, n
  end,
}

--- Normalization that may be off: false (none), true (the preset on_true),
-- or what M.normalization takes; the value is false or the compiled
-- normalizer. From text: true/false words, else a preset name.
function M.optional_normalization(on_true)
  return new_type {
    what = "false, true, a preset name, a table of normalization options or a normalizer",
    test = function(v)
      if v == false then return true, false end
      if v == true then v = on_true end
      return M.normalization.test(v)
    end,
    from_text = M.boolean.from_text,
  }
end

-- ----------------------------------------------------------------- specs

local function sorted_keys(spec)
  local k = {}
  for name in pairs(spec) do k[#k + 1] = name end
  table.sort(k)
  return k
end

--- The spec's option names, sorted and joined: "a, b, c".
function M.names(spec) return table.concat(sorted_keys(spec), ", ") end

--- A new spec with the options of every spec given (later ones win).
function M.extend(...)
  local out = {}
  for i = 1, select("#", ...) do
    for k, t in pairs((select(i, ...))) do out[k] = t end
  end
  return out
end

local function option_label(k) return ("option '%s'"):format(tostring(k)) end

--- Check the table t against spec. Returns a new table of the checked
-- (and converted) values, or nil and a message naming the key:
-- "unknown option 'x'; valid: ..." or "option 'x' must be ..., got ...".
-- where (optional) names the table the options are in ("entities": "unknown
-- option 'fuzy' in 'entities'; ..."); label (optional) says how a key is
-- named (default "option 'k'"; "field 'k'", "--k" ...).
function M.validate(t, spec, where, label)
  label = label or option_label
  local at = where and (" in '%s'"):format(where) or ""
  if t == nil then return {} end
  if type(t) ~= "table" then return nil, ("options table expected, got %s"):format(type(t)) end
  local out = {}
  for k, v in pairs(t) do
    local ty = spec[k]
    if not ty then
      if next(spec) == nil then return nil, ("unknown %s%s; there are no options"):format(label(k), at) end
      return nil, ("unknown %s%s; valid: %s"):format(label(k), at, M.names(spec))
    end
    local ok, value, final = ty.test(v, k)
    if not ok then
      if final then return nil, value end
      if value ~= nil then return nil, ("%s%s: %s"):format(label(k), at, value) end
      return nil, ("%s%s must be %s, got %s"):format(label(k), at, ty.what, M.show(v))
    end
    out[k] = value
  end
  return out
end

--- M.validate, raising "bad argument #argn to 'fname' (message)".
function M.check(t, spec, fname, argn, level)
  local out, err = M.validate(t, spec)
  if not out then M.error(fname, argn, err, (level or 1) + 1) end
  return out
end

--- String values of t converted with their types' from_text (for options
-- that arrive as text: YAML metadata, a command line).
function M.from_text(t, spec)
  if type(t) ~= "table" then return t end
  local out = {}
  for k, v in pairs(t) do
    local ty = spec[k]
    if type(v) == "string" and ty and ty.from_text then v = ty.from_text(v) end
    out[k] = v
  end
  return out
end

--- A step of a pipeline: off (nil, false), on with its defaults (true),
-- or a table of the step's own options, checked against spec. prepare
-- (optional) turns a shorthand into the table first (a string, a list).
-- The checked table is the value; an off step is nil.
function M.step(spec, prepare)
  return new_type {
    what = "true, false or a table",
    spec = spec,
    test = function(v, key)
      if v == nil or v == false then return true, nil end
      if v == true then v = {} end
      if prepare then v = prepare(v) end
      if type(v) ~= "table" then return false end
      local out, err = M.validate(v, spec, key)
      if not out then return false, err, true end
      return true, out
    end,
  }
end

return M
