--- JSON through a well-kept library: lua-cjson when installed, else dkjson
-- (both Debian packages and rocks). decode returns nil, message on bad input.
-- encode_raw is the library's own encoder (lua-cjson writes "/" as "\/");
-- empty_object() is a table that encodes as {} with either library.
local M = {}

-- ARABIC_JSON=dkjson forces the fallback (the tests use it).
local ok, cjson = false, nil
if os.getenv("ARABIC_JSON") ~= "dkjson" then ok, cjson = pcall(require, "cjson.safe") end
if ok and cjson then
  M.name = "cjson"
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
    local v, _, err = dkjson.decode(s, 1, dkjson.null)
    if err then return nil, err end
    return v
  end
  function M.encode(v) return dkjson.encode(v) end
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
