--- JSON through a well-kept library: lua-cjson when installed, else dkjson
-- (both Debian packages and rocks). decode returns nil, message on bad input.
local M = {}

local ok, cjson = pcall(require, "cjson.safe")
if ok and cjson then
  M.name = "cjson"
  M.decode = cjson.decode
  local raw = cjson.encode
  -- lua-cjson 2.1.0 escapes "/" as "\/" (valid JSON, but noisy). Every "/"
  -- it writes is escaped, so "\/" can only be that escape.
  function M.encode(v)
    local s, err = raw(v)
    if not s then return nil, err end
    return (s:gsub("\\/", "/"))
  end
  M.null = cjson.null
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
  M.null = dkjson.null
end

--- Encode an object with its keys in the given order (stable, diffable
-- output). Keys whose value is nil are left out; json.null writes null.
function M.object(keys, t)
  local parts = {}
  for _, k in ipairs(keys) do
    local v = t[k]
    if v ~= nil then
      local ev
      if type(v) == "table" and v ~= M.null and v[1] ~= nil then ev = M.encode(v)
      elseif type(v) == "table" and v ~= M.null and next(v) == nil then ev = "[]"
      else ev = M.encode(v) end
      parts[#parts + 1] = M.encode(k) .. ":" .. ev
    end
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

--- Encode a list; an empty list is "[]" (lua-cjson would write "{}").
function M.encode_list(t)
  if #t == 0 then return "[]" end
  return M.encode(t)
end

return M
