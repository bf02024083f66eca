--- PCRE2 patterns with a Lua face: find, match, gmatch, gsub. UTF + UCP
-- mode (\w, \d and \b know Arabic), JIT, match limits (a pattern that
-- backtracks without end raises an error). Offsets are 1-based inclusive.
-- With opts.normalize (a preset or option table) the pattern runs on the
-- normalized text and every offset is reported in the text given.
local core = require "arabic.core"
local args = require "arabic.args"

local M = {}

local Regex = {}
Regex.__index = Regex

-- The flag letters, from C (the same table the binding reads them with).
local FLAGS = core.flags().regex

--- The options of arabic.regex(pattern, flags, opts): PCRE2's limits.
M.OPTIONS = {
  match_limit = args.integer { min = 0 }, -- steps before "match limit exceeded" (0: 10 million)
  depth_limit = args.integer { min = 0 }, -- backtracking depth (0: 100 thousand)
}

--- The options of :find, :match and :gmatch.
M.MATCH_OPTIONS = {
  normalize = args.normalization, -- run on the normalized text, report source offsets
}

--- Compile: arabic.regex(pattern [, flags [, opts]]). flags: a string of
-- i (caseless), m (multiline), s (dotall), x (extended), A (anchored),
-- J (no JIT). opts.match_limit, opts.depth_limit: PCRE2's limits.
function M.new(pattern, flags, opts)
  args.string_arg(pattern, "regex", 1, 2)
  if flags ~= nil and type(flags) ~= "string" then args.error("regex", 2, "flags string expected, got " .. type(flags), 2) end
  for c in (flags or ""):gmatch(".") do
    if not FLAGS[c] then args.error("regex", 2, ("unknown flag '%s' (valid: i m s x A J)"):format(c), 2) end
  end
  opts = args.check(opts, M.OPTIONS, "regex", 3, 2)
  local re, err = core.regex(pattern, flags, opts.match_limit, opts.depth_limit)
  if not re then args.error("regex", 1, err, 2) end
  local ngroups, names = re:info()
  local byname = {}
  for name, g in pairs(names) do byname[g] = name end
  return setmetatable({ _re = re, groups = ngroups, names = names, _byname = byname, pattern = pattern }, Regex)
end

local function check_opts(opts, fname)
  if opts == nil then return nil end
  return args.check(opts, M.MATCH_OPTIONS, fname, 3, 3).normalize
end

local function check_subject(s, init, fname)
  args.string_arg(s, fname, 1, 3)
  if init ~= nil and type(init) ~= "number" then args.error(fname, 2, "number expected, got " .. type(init), 3) end
  init = init or 1
  if init < 0 then init = #s + init + 1 end
  if init < 1 then init = 1 end
  return init
end

-- The subject to run on and a function mapping (first, last) back.
local function subject(s, norm)
  if not norm then return s, nil end
  local out, map = require("arabic").normalize_map(s, norm)
  return out, map
end

local function back(map, a, b)
  if not map or not a then return a, b end
  if b < a then -- an empty match: a point
    local x = map:source(a, a - 1)
    return x, x - 1
  end
  return map:source(a, b)
end

-- A capture: { first =, last =, text = }, as every other result of the
-- library; [1], [2], [3] are the same three values, the old positional
-- form (deprecated, kept for one release).
local function capture(first, last, text)
  return { first = first, last = last, text = text, first, last, text }
end

-- Run once: first, last, caps (caps[i] = { first, last, text }; named
-- groups also under their name), in the original text.
local function exec(self, s, init, norm)
  local text, map = subject(s, norm)
  if map and init > 1 then
    init = map:target(init, init - 1) -- a point in the normalized text
  end
  local r = { self._re:exec(text, init) }
  if not r[1] then return nil end
  local first, last = back(map, r[1], r[2])
  local caps = {}
  for g = 1, self.groups do
    local a, b = r[2 * g + 1], r[2 * g + 2]
    local cap = false
    if a then
      local x, y = back(map, a, b)
      cap = capture(x, y, s:sub(x, y))
    end
    caps[g] = cap
    if self._byname[g] then caps[self._byname[g]] = cap end
  end
  return first, last, caps, r[1], r[2], text, map
end

--- re:find(s [, init [, opts]]) --> first, last, captures... (strings), or nil
function Regex:find(s, init, opts)
  init = check_subject(s, init, "find")
  local first, last, caps = exec(self, s, init, check_opts(opts, "find"))
  if not first then return nil end
  local out = { first, last }
  for g = 1, self.groups do out[#out + 1] = caps[g] and caps[g][3] or false end
  return (table.unpack or unpack)(out, 1, 2 + self.groups)
end

--- re:match(s [, init [, opts]]) --> the captures (strings), or the whole
-- match when the pattern has none; nil when it does not match.
function Regex:match(s, init, opts)
  init = check_subject(s, init, "match")
  local first, last, caps = exec(self, s, init, check_opts(opts, "match"))
  if not first then return nil end
  if self.groups == 0 then return s:sub(first, last) end
  local out = {}
  for g = 1, self.groups do out[g] = caps[g] and caps[g][3] or false end
  return (table.unpack or unpack)(out, 1, self.groups)
end

--- for first, last, caps in re:gmatch(s [, opts]) do ... end
-- caps[i] = { first =, last =, text = } for group i (false when unset),
-- and the same under each group's name.
function Regex:gmatch(s, opts)
  check_subject(s, 1, "gmatch")
  local norm = check_opts(opts, "gmatch")
  local text, map = subject(s, norm)
  local pos = 1
  local re = self
  return function()
    if pos > #text + 1 then return nil end
    local r = { re._re:exec(text, pos) }
    if not r[1] then
      pos = #text + 2
      return nil
    end
    local a, b = r[1], r[2]
    if b < a then
      -- an empty match: step over one character so the loop ends
      local c = text:byte(a)
      pos = a + ((c and c >= 0xF0 and 4) or (c and c >= 0xE0 and 3) or (c and c >= 0xC0 and 2) or 1)
    else
      pos = b + 1
    end
    local first, last = back(map, a, b)
    local caps = {}
    for g = 1, re.groups do
      local x, y = r[2 * g + 1], r[2 * g + 2]
      local cap = false
      if x then
        local sx, sy = back(map, x, y)
        cap = capture(sx, sy, s:sub(sx, sy))
      end
      caps[g] = cap
      if re._byname[g] then caps[re._byname[g]] = cap end
    end
    return first, last, caps
  end
end

--- Every match as a table: re:find_all(s [, opts]) --> list of
-- { first, last, text, captures }, captures as gmatch gives them
-- (captures[i] and captures.name: { first, last, text } or false).
function Regex:find_all(s, opts)
  check_subject(s, 1, "find_all")
  check_opts(opts, "find_all")
  local out = {}
  for first, last, caps in self:gmatch(s, opts) do
    out[#out + 1] = { first = first, last = last, text = s:sub(first, last), captures = caps }
  end
  return out
end

--- for m in re:matches(s [, opts]) do ... end: the tables of find_all,
-- one at a time.
function Regex:matches(s, opts)
  check_subject(s, 1, "matches")
  check_opts(opts, "matches")
  local it = self:gmatch(s, opts)
  return function()
    local first, last, caps = it()
    if first then return { first = first, last = last, text = s:sub(first, last), captures = caps } end
  end
end

--- re:gsub(s, repl [, n]) --> new string, number of replacements. repl: a
-- string with %0-%9 and %{name} (%% for %), a table (looked up with the
-- first capture or the whole match), or a function receiving the whole
-- match and the captures (false/nil keeps the match).
function Regex:gsub(s, repl, n)
  check_subject(s, 1, "gsub")
  local rt = type(repl)
  if rt ~= "string" and rt ~= "table" and rt ~= "function" then
    args.error("gsub", 2, "string, table or function expected, got " .. rt, 2)
  end
  if n ~= nil and type(n) ~= "number" then args.error("gsub", 3, "number expected, got " .. type(n), 2) end
  local out, count, last_end = {}, 0, 0
  for first, last, caps in self:gmatch(s) do
    if n and count >= n then break end
    local whole = s:sub(first, last)
    local rep
    if rt == "string" then
      rep = repl:gsub("%%(%b{})", function(name)
        local c = caps[name:sub(2, -2)]
        return c and c[3] or ""
      end):gsub("%%([%d%%])", function(d)
        if d == "%" then return "%" end
        if d == "0" then return whole end
        local c = caps[tonumber(d)]
        return c and c[3] or ""
      end)
    else
      local vals = { whole }
      for g = 1, self.groups do vals[g + 1] = caps[g] and caps[g][3] or false end
      if rt == "table" then
        rep = repl[self.groups > 0 and vals[2] or whole]
      else
        rep = repl((table.unpack or unpack)(vals, 1, self.groups + 1))
      end
      if rep == nil or rep == false then rep = whole end
      if type(rep) ~= "string" and type(rep) ~= "number" then
        error("invalid replacement value (a " .. type(rep) .. ")", 2)
      end
    end
    out[#out + 1] = s:sub(last_end + 1, first - 1)
    out[#out + 1] = rep
    last_end = math.max(last, first - 1)
    count = count + 1
  end
  out[#out + 1] = s:sub(last_end + 1)
  return table.concat(out), count
end

function Regex:__tostring()
  return ("arabic.regex(%q)"):format(self.pattern)
end

return M
