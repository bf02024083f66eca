-- What the Lua bench scripts share (loaded with dofile beside the script:
-- the bench's LUA_PATH holds only the module's lua/).
local M = {}

--- Paragraph-sized lines, as scripts, filters and the command line call
-- the library: each line of lines_of (an iterator) cut at a space near 200
-- bytes, until mb megabytes. Returns the list and its bytes.
function M.paragraphs(lines_of, mb)
  local lines, bytes = {}, 0
  for line in lines_of do
    local i = 1
    while i <= #line do
      local j = line:find(" ", i + 200, true) or #line
      lines[#lines + 1] = line:sub(i, j)
      bytes = bytes + (j - i + 1)
      i = j + 1
    end
    if bytes >= mb * 1e6 then break end
  end
  return lines, bytes
end

local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

--- The command that runs this script again for row k alone, with the same
-- interpreter (and the same module paths: LUA_PATH, LUA_CPATH are
-- inherited): each row of a bench in a process of its own.
function M.row_command(k, ...)
  local parts = { quote(arg[-1] or "lua5.4"), quote(arg[0]) }
  for _, a in ipairs { ... } do parts[#parts + 1] = quote(tostring(a)) end
  parts[#parts + 1] = "--row=" .. k
  return table.concat(parts, " ")
end

--- The row asked for with --row=N as the last argument, or nil.
function M.row() return tonumber((arg[#arg] or ""):match("^%-%-row=(%d+)$")) end

return M
