--- Where the data files are: next to the installed module (luarocks
-- copies them to <lua dir>/arabic/data/), or in the checkout's data/.
-- ARABIC_DATA overrides both.
local M = {}

local function dir_of_this_file()
  local src = debug.getinfo(1, "S").source or ""
  return src:match("^@(.*)[/\\][^/\\]*$") or "."
end

local here = dir_of_this_file()

local function exists(path)
  local f = io.open(path, "rb")
  if f then f:close() end
  return f ~= nil
end
M.exists = exists

--- Full path of a data file (e.g. "gazetteers/cities.tsv"), or nil and the
-- places looked at.
function M.path(rel)
  local tried = {}
  local env = os.getenv("ARABIC_DATA")
  local roots = { here .. "/data", here .. "/../../data" }
  if env and env ~= "" then table.insert(roots, 1, env) end
  for _, root in ipairs(roots) do
    local p = root .. "/" .. rel
    if exists(p) then return p end
    tried[#tried + 1] = p
  end
  return nil, "data file " .. rel .. " not found (looked in: " .. table.concat(tried, ", ") .. ")"
end

--- A file built by `make` in the checkout (build/...), or nil.
function M.built(rel)
  local p = here .. "/../../build/" .. rel
  if exists(p) then return p end
  return nil
end

--- Lines of a data file, without comments (#) and blank lines.
function M.lines(rel)
  local path, err = M.path(rel)
  if not path then error(err, 2) end
  local out = {}
  for line in io.lines(path) do
    line = line:gsub("\r$", "")
    if line ~= "" and not line:match("^%s*#") then out[#out + 1] = line end
  end
  return out, path
end

return M
