--- Test helper: where ../shared/corpus is, and a loud message when it is not;
-- a result list as one comparable string.
local M = {}

local function exists(p)
  local f = io.open(p, "rb")
  if f then f:close() end
  return f ~= nil
end

M.root = os.getenv("ARABIC_CORPUS") or "../shared/corpus"

--- Full path of a corpus file, or nil when the corpus is absent.
function M.path(rel)
  local p = M.root .. "/" .. rel
  if exists(p) then return p end
  return nil
end

--- The message for a skipped test, also written to stderr so CI logs show it.
function M.missing(rel)
  local msg = ("SKIPPED: corpus file %s/%s not found (set ARABIC_CORPUS)"):format(M.root, rel)
  io.stderr:write(msg, "\n")
  return msg
end

--- A list of result tables as one comparable string: every field of each,
-- keys sorted, one table a line.
function M.show_list(list)
  local out = {}
  for _, d in ipairs(list) do
    local keys = {}
    for k in pairs(d) do keys[#keys + 1] = k end
    table.sort(keys)
    local parts = {}
    for _, k in ipairs(keys) do parts[#parts + 1] = k .. "=" .. tostring(d[k]) end
    out[#out + 1] = table.concat(parts, ",")
  end
  return table.concat(out, "\n")
end

return M
