--- Test helper: run a command with input, get (status, stdout, stderr).
-- Works the same on Lua 5.1-5.4 (os.execute differs between them).
local M = {}

local function slurp(path)
  local f = io.open(path, "rb")
  if not f then return "" end
  local s = f:read("*a")
  f:close()
  os.remove(path)
  return s
end

local function quote(s)
  return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end
M.quote = quote

--- Run argv (a list; strings are quoted) with `input` on stdin.
function M.run(argv, input)
  local parts = {}
  for i, a in ipairs(argv) do parts[i] = quote(a) end
  local inp, out, err, code = os.tmpname(), os.tmpname(), os.tmpname(), os.tmpname()
  local f = assert(io.open(inp, "wb"))
  f:write(input or "")
  f:close()
  os.execute(("%s < %s > %s 2> %s; echo $? > %s"):format(table.concat(parts, " "), inp, out, err, code))
  os.remove(inp)
  local status = tonumber((slurp(code):match("%d+")))
  return status, slurp(out), slurp(err)
end

--- The Lua interpreter the suite runs under (set by spec/run-all.sh;
-- under plain busted, the one running it).
M.lua = os.getenv("ARABIC_LUA") or (rawget(_G, "jit") and "luajit") or ("lua" .. _VERSION:match("%d+%.%d+"))

--- Run the `arabic` command from the checkout under that interpreter.
function M.arabic(args, input)
  local argv = { M.lua, "bin/arabic" }
  for _, a in ipairs(args) do argv[#argv + 1] = a end
  return M.run(argv, input)
end

--- A temporary file holding text; ext (".lua", ".json", ".gaz") is added
-- to its name (a configuration's kind is its extension). The caller
-- removes it.
function M.tmpfile(text, ext)
  local path = os.tmpname()
  if ext then
    os.remove(path)
    path = path .. ext
  end
  local f = assert(io.open(path, "wb"))
  f:write(text)
  f:close()
  return path
end

--- The whole content of a file (fails the test when it cannot be read).
function M.read_file(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

--- Run a Lua script of the checkout (an example) under that interpreter,
-- with the checkout's modules on its paths.
function M.lua_script(args, input)
  local build = os.getenv("ARABIC_BUILD")
  if not build then
    local v = M.lua:match("luajit") and "luajit" or M.lua:match("lua(%d%.%d)") or "5.4"
    build = "build/" .. v
  end
  local argv = { "env", "LUA_PATH=lua/?.lua;lua/?/init.lua;;", "LUA_CPATH=" .. build .. "/?.so;;", M.lua }
  for _, a in ipairs(args) do argv[#argv + 1] = a end
  return M.run(argv, input)
end

return M
