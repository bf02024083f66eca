--- The `arabic` command: subcommands over the library, streaming stdin or
-- files line by line. Exit codes: 0 success, 1 bad input, 2 usage.
local arabic = require "arabic"

local M = {}

local USAGE = [[
usage: arabic COMMAND [OPTIONS] [FILE...]

Commands:
  normalize   normalize text line by line (default preset: search)
  tokens      one token a line: first, last, kind, text (tab-separated)
  help        show help for a command: arabic help normalize

Input is read from the files named, or from standard input when there are
none (or for "-"). Offsets are 1-based inclusive byte positions in the input
as given, counted across all lines of one input.
Exit status: 0 success, 1 bad input, 2 usage error.
]]

local HELP = {}

HELP.normalize = [[
usage: arabic normalize [--preset NAME] [--OPTION[=VALUE] | --no-OPTION ...] [FILE...]

Normalize each line of the input and write it to standard output, streaming.
Presets: display, search (default), lucene, camel, none.
Options override the preset: a boolean option is turned on by --OPTION and
off by --no-OPTION; other options take a value: --digits=arabic.
  --strict            invalid UTF-8 is an error (exit 1) instead of U+FFFD
  --list-options      print every option with its accepted values and exit
Examples:
  echo 'الولایات المتحدة' | arabic normalize
  arabic normalize --preset display --no-tatweel article.txt
  arabic normalize --preset search --teh_marbuta=heh < in.txt > out.txt
]]

HELP.tokens = [[
usage: arabic tokens [FILE...]

Print one token a line: first, last, kind, text (tab-separated), where first
and last are 1-based inclusive byte offsets in the input. Kinds: word,
number, punct, symbol, latin, url, email, other.
Example:
  echo 'زار بايدن مسقط في 10 يناير.' | arabic tokens
]]

--- An error the user caused: message and exit status.
local UsageError = {}
local function usage_error(msg) error(setmetatable({ msg = msg, code = 2 }, UsageError), 0) end
local function input_error(msg) error(setmetatable({ msg = msg, code = 1 }, UsageError), 0) end
M.usage_error, M.input_error = usage_error, input_error

--- Open every input in turn: calls fn(handle, name) for each.
local function each_input(files, fn)
  if #files == 0 then files = { "-" } end
  for _, name in ipairs(files) do
    local h, err
    if name == "-" then
      h = io.stdin
    else
      h, err = io.open(name, "rb")
      if not h then input_error(("cannot open %s: %s"):format(name, err or "unknown error")) end
    end
    fn(h, name == "-" and "<stdin>" or name)
    if h ~= io.stdin then h:close() end
  end
end
M.each_input = each_input

--- Lines of a file handle with their ending: iterator of (line, nl) where
-- nl is "\n", or "" for a last line without one. Reads 64 KiB blocks, so
-- memory stays bounded by the longest line.
local function lines_keep(h)
  local buf, pos = "", 1
  return function()
    local parts
    while true do
      local nl = buf:find("\n", pos, true)
      if nl then
        local piece = buf:sub(pos, nl - 1)
        pos = nl + 1
        if parts then
          parts[#parts + 1] = piece
          piece = table.concat(parts)
        end
        return piece, "\n"
      end
      if pos <= #buf then
        parts = parts or {}
        parts[#parts + 1] = buf:sub(pos)
      end
      local chunk = h:read(65536)
      buf, pos = chunk or "", 1
      if not chunk then
        if parts then return table.concat(parts), "" end
        return nil
      end
    end
  end
end
M.lines_keep = lines_keep

--- Split argv into options (--x, --x=y, --no-x) and positional arguments.
-- Options named in `valued` also take their value from the next argument
-- (--preset search).
local function parse_args(args, valued)
  local opts, files = {}, {}
  local i = 1
  valued = valued or {}
  while i <= #args do
    local a = args[i]
    if a == "--" then
      for j = i + 1, #args do files[#files + 1] = args[j] end
      break
    elseif a:sub(1, 2) == "--" and #a > 2 then
      local k, v = a:match("^%-%-([^=]+)=(.*)$")
      if k then
        opts[#opts + 1] = { k, v }
      elseif valued[a:sub(3)] then
        if args[i + 1] == nil then usage_error(a .. " needs a value") end
        opts[#opts + 1] = { a:sub(3), args[i + 1] }
        i = i + 1
      elseif a:match("^%-%-no%-") then
        opts[#opts + 1] = { a:sub(6), false }
      else
        opts[#opts + 1] = { a:sub(3), true }
      end
    elseif a == "-h" then
      opts[#opts + 1] = { "help", true }
    elseif a:sub(1, 1) == "-" and #a > 1 then
      usage_error("unknown option " .. a)
    else
      files[#files + 1] = a
    end
    i = i + 1
  end
  return opts, files
end
M.parse_args = parse_args

local commands = {}

function commands.normalize(args, out)
  local opts, files = parse_args(args, { preset = true })
  local spec = {}
  for _, kv in ipairs(opts) do
    local k, v = kv[1], kv[2]
    k = k:gsub("%-", "_")
    if k == "help" then
      out:write(HELP.normalize)
      return 0
    elseif k == "list_options" then
      local names = {}
      for name in pairs(arabic.options()) do names[#names + 1] = name end
      table.sort(names)
      for _, name in ipairs(names) do out:write(name, "\t", arabic.options()[name], "\n") end
      return 0
    elseif k == "preset" then
      if type(v) ~= "string" then usage_error("--preset needs a value: --preset=search") end
      spec.preset = v
    else
      spec[k] = v
    end
  end
  if spec.preset == nil then spec.preset = "search" end
  local ok, norm = pcall(arabic.normalizer, spec)
  if not ok then
    usage_error(tostring(norm):gsub("^bad argument #1 to 'normalizer' %((.*)%)$", "%1"))
  end
  each_input(files, function(h, name)
    local lineno = 0
    for line, nl in lines_keep(h) do
      lineno = lineno + 1
      local res, err = norm(line)
      if res == nil then
        out:flush()
        input_error(("%s:%d: %s"):format(name, lineno, err))
      end
      out:write(res, nl)
    end
  end)
  return 0
end

function commands.tokens(args, out)
  local opts, files = parse_args(args)
  for _, kv in ipairs(opts) do
    if kv[1] == "help" then
      out:write(HELP.tokens)
      return 0
    end
    usage_error("unknown option --" .. kv[1] .. " for tokens")
  end
  each_input(files, function(h)
    local base = 0
    for line, nl in lines_keep(h) do
      for first, last, kind in arabic.tokens(line) do
        out:write(base + first, "\t", base + last, "\t", kind, "\t", line:sub(first, last), "\n")
      end
      base = base + #line + #nl
    end
  end)
  return 0
end

function commands.help(args, out)
  local cmd = args[1]
  if cmd and HELP[cmd] then
    out:write(HELP[cmd])
  else
    out:write(USAGE)
  end
  return 0
end

--- Run the command line; returns the exit status.
function M.main(args, out, err)
  out = out or io.stdout
  err = err or io.stderr
  local cmd = args[1]
  if cmd == nil or cmd == "-h" or cmd == "--help" then
    out:write(USAGE)
    return cmd == nil and 2 or 0
  end
  if cmd == "--version" then
    out:write("arabic ", arabic._VERSION, " (utf8proc ", arabic.utf8proc_version,
      ", PCRE2 ", arabic.pcre2_version, ", Unicode ", arabic.unicode_version, ")\n")
    return 0
  end
  local fn = commands[cmd]
  if not fn then
    err:write("arabic: unknown command '", cmd, "' (try: arabic --help)\n")
    return 2
  end
  local rest = {}
  for i = 2, #args do rest[#rest + 1] = args[i] end
  local ok, res = pcall(fn, rest, out)
  if ok then return res or 0 end
  if getmetatable(res) == UsageError then
    err:write("arabic ", cmd, ": ", res.msg, "\n")
    return res.code
  end
  err:write("arabic ", cmd, ": internal error: ", tostring(res), "\n")
  return 70
end

M.commands, M.HELP = commands, HELP

return M
