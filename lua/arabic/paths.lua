--- Which files a document may make the pandoc filter read.
--
-- Documents choose data, users choose files. A document's `arabic:`
-- metadata may name gazetteers, abbreviation lists and chrome lists; a
-- document is often someone else's, so what it names is checked here:
--
--  - by default it may name regular files inside its own directory (the
--    current directory when pandoc reads standard input), by a relative
--    name without "..", and the data installed with the rock ("default");
--    not an absolute path, not a directory, FIFO, device or socket, and
--    not a link that leads out of the directory;
--  - the user (never the document) widens or closes this: the environment
--    variable ARABIC_FILTER_PATHS, or pandoc's -V arabic-paths=..., is a
--    list of directories (or files) separated by ":" that documents may
--    also read, by absolute name or relative to their directory, or
--    "none": no files at all, only the installed data;
--  - when the filter can tell that pandoc runs with --sandbox, "none". No
--    pandoc tells a filter (2.15 to 3.x: PANDOC_STATE has no such field and
--    JSON filters get PANDOC_VERSION and PANDOC_READER_OPTIONS only), so
--    on Linux the filter reads pandoc's command line in /proc; a defaults
--    file with `sandbox: true` is not seen (set ARABIC_FILTER_PATHS=none);
--  - every file is at most ARABIC_FILTER_MAX_MB (or -V arabic-max-mb=...)
--    megabytes, 64 by default; each is loaded once per run however often
--    it is listed; an error in a file names the file and the line, never
--    its contents.
--
-- The Lua API does not go through here: a caller of arabic.entities or
-- arabic.pipeline is the user and may name any file.
local M = {}

M.DEFAULT_MAX_MB = 64

-- ------------------------------------------------------------ policies

local function split_list(s)
  local out = {}
  for part in (s .. ":"):gmatch("([^:]*):") do
    if part ~= "" then out[#out + 1] = part end
  end
  return out
end

local function file_info(path)
  return require("arabic.core").file_info(path)
end

--- A policy: { roots = { real directory or file, ... }, extra = true when
-- the user added roots, none = true for no files, max_bytes, doc_dirs }.
-- o: doc_dirs (the documents' directories; default "."), paths (the
-- user's list, or "none"), max_mb, sandbox (true: none).
function M.policy(o)
  o = o or {}
  local p = { roots = {}, doc_dirs = {}, none = false }
  local mb = tonumber(o.max_mb)
  p.max_bytes = math.floor((mb and mb >= 0 and mb or M.DEFAULT_MAX_MB) * 1048576)
  local spec = o.paths
  if o.sandbox then
    p.none, p.why = true, "pandoc runs with --sandbox"
  elseif spec and spec:match("^%s*none%s*$") then
    p.none, p.why = true, "the user set ARABIC_FILTER_PATHS or -V arabic-paths to none"
  end
  for _, d in ipairs(o.doc_dirs or { "." }) do
    local info = file_info(d)
    if info and info.type == "directory" then
      p.doc_dirs[#p.doc_dirs + 1] = info.real
      p.roots[#p.roots + 1] = info.real
    end
  end
  if spec and not p.none then
    for _, r in ipairs(split_list(spec)) do
      local info = file_info(r)
      if info then
        p.roots[#p.roots + 1] = info.real
        p.extra = true
      end
    end
  end
  return p
end

local function inside(real, root)
  if real == root then return true end
  local prefix = root:sub(-1) == "/" and root or root .. "/"
  return real:sub(1, #prefix) == prefix
end

local KIND = { directory = "a directory", fifo = "a FIFO", char = "a device", block = "a device",
  socket = "a socket", other = "not a regular file" }

local WIDEN = "documents may name files in their own directory; ARABIC_FILTER_PATHS=DIR:DIR lets them read more"

--- Check a file name a document gives: its real path, or nil and why
-- (the message names the file as the document wrote it, quoted).
function M.check(p, name)
  if type(name) ~= "string" or name == "" then return nil, "a file name must be a non-empty string" end
  local shown = ("'%s'"):format(name)
  if p.none then return nil, ("%s: documents may not name files here (%s)"):format(shown, p.why) end
  if name:find("\0", 1, true) then return nil, shown .. ": not a file name" end
  for part in name:gmatch("[^/\\]+") do
    if part == ".." then return nil, ("%s: '..' is not allowed (%s)"):format(shown, WIDEN) end
  end
  local candidates = {}
  if name:sub(1, 1) == "/" or name:sub(1, 1) == "~" or name:match("^%a:[/\\]") then
    if not p.extra then return nil, ("%s: absolute paths are not allowed (%s)"):format(shown, WIDEN) end
    candidates[1] = name
  else
    for _, d in ipairs(p.doc_dirs) do candidates[#candidates + 1] = d .. "/" .. name end
    if #candidates == 0 then return nil, shown .. ": not found (no document directory)" end
  end
  local info, err
  for _, c in ipairs(candidates) do
    info, err = file_info(c)
    if info then break end
  end
  if not info then return nil, ("%s: %s"):format(shown, err or "not found") end
  local allowed = false
  for _, root in ipairs(p.roots) do
    if inside(info.real, root) then allowed = true end
  end
  if not allowed then return nil, ("%s: outside the directories documents may read (%s)"):format(shown, WIDEN) end
  if info.type ~= "file" then return nil, ("%s: %s, not a file"):format(shown, KIND[info.type] or "not a regular file") end
  if info.size > p.max_bytes then
    return nil, ("%s: %d bytes, more than the %d MB a document's file may have (ARABIC_FILTER_MAX_MB)"):format(
      shown, info.size, math.floor(p.max_bytes / 1048576))
  end
  return info.real
end

--- An error about a file a document named, as a document's reader may
-- see it: the file as the document gave it, the line, what was wrong, and
-- nothing of the file's contents (quoted parts are left out).
function M.redact(msg, real, shown)
  msg = tostring(msg)
  local at = msg:find(real, 1, true)
  local rest = at and msg:sub(at + #real) or msg
  local line = rest:match("^:(%d+):")
  local what = rest:gsub("^:%d+:%s*", ""):gsub("^:%s*", "")
  what = what:gsub("'[^']*'", "'…'"):gsub('"[^"]*"', '"…"'):gsub("«[^»]*»", "«…»")
  what = what:gsub("\n.*", "")
  if #what > 120 then what = what:sub(1, 120) .. "…" end
  return ("'%s'%s: %s"):format(shown, line and (":" .. line) or "", what)
end

-- --------------------------------------------- the filter's own policy

local configured -- set by the JSON filter's command line (M.from_args)
local current    -- the policy in force, made once per run

-- The arguments of a process, from /proc (nil elsewhere).
local function cmdline(pid)
  local f = io.open("/proc/" .. pid .. "/cmdline", "rb")
  if not f then return nil end
  local s = f:read("*a") or ""
  f:close()
  local out = {}
  for a in s:gmatch("([^%z]*)%z") do out[#out + 1] = a end
  return out
end

local function parent_pid()
  local f = io.open("/proc/self/stat", "rb")
  if not f then return nil end
  local s = f:read("*a") or ""
  f:close()
  return s:match("%)%s+%S+%s+(%d+)")
end

--- Is --sandbox on this pandoc command line? (pandoc takes any unique
-- prefix of a long option: --sandbox, --sandb ...; --sandbox=false is off.)
function M.sandboxed(argv)
  local on = false
  for i = 2, #(argv or {}) do
    local a = argv[i]
    if a == "--" then break end
    local opt, val = a:match("^(%-%-[%w-]+)=(.*)$")
    opt = opt or a
    if #opt >= 4 and ("--sandbox"):sub(1, #opt) == opt then on = val == nil or val == "true" end
  end
  return on
end

--- pandoc's command line: this process when the filter runs inside pandoc
-- (a Lua filter), else the parent process when that is pandoc (a JSON
-- filter). nil when it cannot be read.
function M.pandoc_argv()
  if rawget(_G, "PANDOC_VERSION") ~= nil then return cmdline("self") end
  local ppid = parent_pid()
  local argv = ppid and cmdline(ppid)
  if argv and argv[1] and argv[1]:match("pandoc[^/]*$") then return argv end
  return nil
end

-- What pandoc's globals say, inside pandoc: the input files' directories
-- and the user's -V arabic-paths / arabic-max-mb.
local function from_pandoc()
  local o = {}
  local state = rawget(_G, "PANDOC_STATE")
  if state and state.input_files then
    local dirs = {}
    for _, f in ipairs(state.input_files) do
      if f == "-" then
        dirs[#dirs + 1] = "."
      elseif not f:match("^%a[%w+.-]*://") then -- a URL has no directory here
        dirs[#dirs + 1] = f:match("^(.*)[/\\][^/\\]*$") or "."
      end
    end
    if #state.input_files == 0 then dirs[1] = "." end
    o.doc_dirs = dirs
  end
  local wo = rawget(_G, "PANDOC_WRITER_OPTIONS")
  local vars = wo and wo.variables
  if vars then
    local v = vars["arabic-paths"]
    if v ~= nil then o.paths = tostring(v) end
    v = vars["arabic-max-mb"]
    if v ~= nil then o.max_mb = tostring(v) end
  end
  return o
end

-- Two lists of roots: the user's settings add up; "none" anywhere wins.
local function join_paths(a, b)
  if not a then return b end
  if not b then return a end
  if a:match("^%s*none%s*$") or b:match("^%s*none%s*$") then return "none" end
  return a .. ":" .. b
end

--- The options the Lua filter passes to the pandoc-arabic command when
-- it falls back to it (the command cannot see pandoc's globals).
function M.filter_args()
  local o = from_pandoc()
  local out = {}
  for _, d in ipairs(o.doc_dirs or {}) do out[#out + 1] = "--doc-dir=" .. d end
  if o.paths then out[#out + 1] = "--paths=" .. o.paths end
  if o.max_mb then out[#out + 1] = "--max-mb=" .. o.max_mb end
  if M.sandboxed(M.pandoc_argv()) then out[#out + 1] = "--sandbox" end
  return out
end

--- pandoc-arabic's command line: FORMAT [--doc-dir=D ...] [--paths=LIST]
-- [--max-mb=N] [--sandbox]. Configures the policy; returns the format, or
-- nil and what is wrong.
function M.from_args(argv)
  local o, format = { doc_dirs = {} }, nil
  for i = 1, #argv do
    local a = argv[i]
    local k, v = a:match("^%-%-([%w-]+)=(.*)$")
    if k == "doc-dir" then o.doc_dirs[#o.doc_dirs + 1] = v
    elseif k == "paths" then o.paths = v
    elseif k == "max-mb" then o.max_mb = v
    elseif a == "--sandbox" then o.sandbox = true
    elseif a:sub(1, 2) == "--" then return nil, "unknown option " .. a
    elseif not format then format = a
    else return nil, "unexpected argument " .. a end
  end
  if #o.doc_dirs == 0 then o.doc_dirs = nil end
  configured = o
  current = nil
  return format
end

--- The policy for the files a document names in this run: from the JSON
-- filter's command line, or pandoc's globals (the Lua filter), and the
-- environment (ARABIC_FILTER_PATHS, ARABIC_FILTER_MAX_MB), and --sandbox.
function M.filter_policy()
  if current then return current end
  local o = configured or from_pandoc()
  local env = os.getenv("ARABIC_FILTER_PATHS")
  if env == "" then env = nil end
  local paths = join_paths(env, o.paths)
  local max_mb = o.max_mb or os.getenv("ARABIC_FILTER_MAX_MB")
  local sandbox = o.sandbox or M.sandboxed(M.pandoc_argv())
  current = M.policy { doc_dirs = o.doc_dirs, paths = paths, max_mb = max_mb, sandbox = sandbox }
  return current
end

--- Forget the policy and the files loaded (tests; a new run).
function M.reset()
  current, configured = nil, nil
  M.loaded = {}
end
M.loaded = {} -- real path -> what was loaded from it (gazetteers), this run

-- ------------------------------------------------ guarding option specs

-- The names in an option's value, as a list (a string is one name).
local function names_of(v)
  if type(v) == "string" then return { v } end
  if type(v) == "table" then
    local out = {}
    for k, x in pairs(v) do
      if type(k) ~= "number" then return nil end
      out[k] = x
    end
    return out
  end
  return nil
end

--- A copy of `spec` whose options `keys` name files checked by the
-- filter's policy before the option's own type sees them. kind:
-- "gazetteer" (items are "default" or files; each file loaded once per
-- run), "abbreviations" (items ending in "." are abbreviations, "default"
-- the built-in lists, the rest files), "lists" ("default" or files).
function M.guard(spec, keys, kind)
  local out = {}
  for k, t in pairs(spec) do out[k] = t end
  for _, key in ipairs(keys) do
    local inner = spec[key]
    if inner then
      out[key] = setmetatable({
        test = function(v, k)
          local list = names_of(v)
          if not list then return inner.test(v, k) end
          local p, checked, seen, reals = M.filter_policy(), {}, {}, {}
          for _, item in ipairs(list) do
            local keep = item
            if item == "default" or item == true or type(item) ~= "string" or
              (kind == "abbreviations" and item:sub(-1) == ".") then
              keep = item
            else
              local real, why = M.check(p, item)
              if not real then return false, why end
              if seen[real] then keep = nil end
              seen[real] = true
              reals[#reals + 1] = { real = real, shown = item }
              if keep and kind == "gazetteer" then
                local g = M.loaded[real]
                if not g then
                  local err
                  g, err = require("arabic.gazetteer").try_resolve(real)
                  if not g then return false, M.redact(err, real, item) end
                  M.loaded[real] = g
                end
                keep = g
              elseif keep then
                keep = real
              end
            end
            if keep ~= nil then checked[#checked + 1] = keep end
          end
          if kind == "abbreviations" and type(v) == "string" and v ~= "default" then
            table.insert(checked, 1, "default") -- as the option reads a lone file name
          end
          local ok, value, final = inner.test(checked, k)
          if not ok and value ~= nil then
            local msg = tostring(value)
            for _, r in ipairs(reals) do
              if msg:find(r.real, 1, true) then msg = M.redact(msg, r.real, r.shown) end
            end
            return false, msg, final
          end
          return ok, value, final
        end,
      }, { __index = inner })
    end
  end
  return out
end

return M
