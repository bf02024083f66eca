--- Test helper: where ../shared/corpus is, and a loud message when it is not.
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

return M
