--- JSON through a well-kept library: lua-cjson when installed, else dkjson
-- (both Debian packages and rocks). decode returns nil, message on bad input.
-- encode_raw is the library's own encoder (lua-cjson writes "/" as "\/");
-- empty_object() is a table that encodes as {} with either library.
--
-- Nesting: pandoc documents nest as deep as their authors like (pandoc
-- itself handles 10,000 levels of block quotes: 20,005 levels of JSON), so
-- both directions accept MAX_DEPTH levels (lua-cjson's default is 1,000).
-- lua-cjson recurses in C, about 100 bytes of C stack a level: 25,000
-- levels take 2.5 MB of the usual 8 MB. On Lua 5.1 and LuaJIT it stops
-- near 8,000 levels (their limit of Lua stack slots) with its own message
-- and the byte offset. dkjson recurses in Lua: where Lua runs out of stack
-- first, the "stack overflow" becomes a message with the depth and the
-- byte where it is reached.
local M = {}

M.MAX_DEPTH = 25000

-- The deepest point of JSON text s: its depth and byte offset (strings
-- skipped). Only called to explain a failure.
local function deepest(s)
  local depth, max, at, pos = 0, 0, 0, 1
  while true do
    local p, _, c = s:find('([%[%]{}"])', pos)
    if not p then break end
    if c == '"' then
      local q = p
      repeat
        q = s:find('["\\]', q + 1)
        if q and s:sub(q, q) == "\\" then q = q + 1 elseif q then break end
      until not q
      if not q then break end
      pos = q + 1
    else
      if c == "[" or c == "{" then
        depth = depth + 1
        if depth > max then max, at = depth, p end
      else
        depth = depth - 1
      end
      pos = p + 1
    end
  end
  return max, at
end
M._deepest = deepest

local function too_deep(s, why)
  local max, at = deepest(s)
  return ("nested too deeply: %d levels at byte %d (%s)"):format(max, at, why)
end

-- ARABIC_JSON=dkjson forces the fallback (the tests use it).
local ok, cjson = false, nil
if os.getenv("ARABIC_JSON") ~= "dkjson" then ok, cjson = pcall(require, "cjson.safe") end
if ok and cjson then
  M.name = "cjson"
  -- an instance of our own: its depth limits are not the host's (a pandoc
  -- filter shares the module with other filters)
  if cjson.new then cjson = cjson.new() end
  cjson.decode_max_depth(M.MAX_DEPTH)
  cjson.encode_max_depth(M.MAX_DEPTH)
  M.decode = cjson.decode
  local raw = cjson.encode
  -- lua-cjson 2.1.0 escapes "/" as "\/" (valid JSON, but noisy). Every "/"
  -- it writes is escaped, so "\/" can only be that escape.
  function M.encode(v)
    local s, err = raw(v)
    if not s then return nil, err end
    if not s:find("/", 1, true) then return s end
    return (s:gsub("\\/", "/"))
  end
  M.null = cjson.null
  M.encode_raw = raw
  function M.empty_object() return {} end
else
  local ok2, dkjson = pcall(require, "dkjson")
  if not ok2 then
    error("arabic needs a JSON library: install lua-cjson or dkjson (Debian: lua-cjson)", 0)
  end
  M.name = "dkjson"
  function M.decode(s)
    local good, v, _, err = pcall(dkjson.decode, s, 1, dkjson.null)
    if not good then
      if tostring(v):find("stack overflow", 1, true) then return nil, too_deep(s, "Lua's stack overflowed") end
      return nil, tostring(v)
    end
    if err then return nil, err end
    return v
  end
  function M.encode(v)
    local good, s, err = pcall(dkjson.encode, v)
    if not good then
      if tostring(s):find("stack overflow", 1, true) then return nil, "nested too deeply to encode (Lua's stack overflowed)" end
      return nil, tostring(s)
    end
    return s, err
  end
  M.encode_raw = M.encode
  local object_mt = { __jsontype = "object" }
  function M.empty_object() return setmetatable({}, object_mt) end
  M.null = dkjson.null
end

--- Encode an object with its keys in the given order (stable, diffable
-- output). Keys whose value is nil are left out; json.null writes null.
local key_json = {} -- '"key":' for each key seen (keys are few and fixed)
local floor = math.floor

local function value_json(v)
  local ty = type(v)
  if ty == "string" then
    -- nothing to escape (the usual case): no library call
    if not v:find('[%c"\\]') then return '"' .. v .. '"' end
    return M.encode(v)
  end
  if ty == "number" then
    -- integers as integers (cjson would write 1e+15 for large ones)
    if v == floor(v) and v >= -2 ^ 53 and v <= 2 ^ 53 then return ("%d"):format(v) end
    return M.encode(v)
  end
  if ty == "boolean" then return v and "true" or "false" end
  if ty == "table" and v ~= M.null and next(v) == nil then return "[]" end
  return M.encode(v)
end

M.value_json = value_json

function M.object(keys, t)
  local parts = {}
  for _, k in ipairs(keys) do
    local v = t[k]
    if v ~= nil then
      local kj = key_json[k]
      if not kj then
        kj = M.encode(k) .. ":"
        key_json[k] = kj
      end
      parts[#parts + 1] = kj .. value_json(v)
    end
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

--- The objects of list (tables) joined by commas, each as M.object(keys, t)
-- writes it: the common values are written in C when arabic.core loads.
local core_ok, core = pcall(require, "arabic.core")
local json_objects = core_ok and type(core) == "table" and core.json_objects
function M.objects(keys, list)
  if json_objects then
    local kj = {}
    for i, k in ipairs(keys) do
      kj[i] = key_json[k]
      if not kj[i] then
        kj[i] = M.encode(k) .. ":"
        key_json[k] = kj[i]
      end
    end
    return json_objects(list, keys, kj, value_json)
  end
  local items = {}
  for i, x in ipairs(list) do items[i] = M.object(keys, x) end
  return table.concat(items, ",")
end

--- Encode a list; an empty list is "[]" (lua-cjson would write "{}").
function M.encode_list(t)
  if #t == 0 then return "[]" end
  return M.encode(t)
end

return M
