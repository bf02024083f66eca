--- The `arabic` command: subcommands over the library, streaming stdin or
-- files line by line. Exit codes: 0 success, 1 bad input, 2 usage.
--
-- Every command is a spec in COMMANDS: its name, a summary for the usage
-- list, its help, its options (arabic.args types: a switch for a boolean,
-- --name=VALUE otherwise; most come from the feature module's own spec, so
-- an option added there is an option here too), its output formats with
-- their fields, and what it does with one unit of input (a line, a
-- paragraph, a whole file). One driver parses and checks the options,
-- prints the help, reads the input, keeps the offsets and writes the
-- output for all of them.
local arabic = require "arabic"
local args = require "arabic.args"

local M = {}

--- An error the user caused: message and exit status.
local UsageError = {}
local function usage_error(msg) error(setmetatable({ msg = msg, code = 2 }, UsageError), 0) end
local function input_error(msg) error(setmetatable({ msg = msg, code = 1 }, UsageError), 0) end
M.usage_error, M.input_error = usage_error, input_error

--- A write that failed: exit status 74 (EX_IOERR, as sysexits.h numbers it)
-- and "arabic: write error: <the system's reason>".
M.WRITE_FAILED = 74
local function write_error(msg)
  error(setmetatable({ msg = "write error: " .. tostring(msg), code = M.WRITE_FAILED, write = true }, UsageError), 0)
end

--- How much of one line is processed at once: a longer line is cut into
-- pieces of at most this many bytes, at a sentence end (else at white
-- space, else between characters), each processed with the offsets it has
-- in the line. ARABIC_CHUNK (bytes) changes it; the tests make it small.
M.CHUNK = math.max(256, math.floor(tonumber(os.getenv("ARABIC_CHUNK") or "") or 262144))
--- How much of a file `entities` takes as one document (context names
-- look everywhere in it): a longer file is taken in parts of about this
-- many bytes: 4 chunks (1 MiB by default; a news article is a few KiB,
-- and each byte of text can make a few match tables).
M.DOCUMENT = 4 * M.CHUNK

-- ---------------------------------------------------------------- output

-- A number as file:write writes it (integers without ".0" on every Lua).
local function num_text(x)
  if x == math.floor(x) and x >= -2 ^ 53 and x <= 2 ^ 53 then return ("%d"):format(x) end
  return ("%.14g"):format(x)
end

--- Output that fails loudly and keeps whole lines. Every command writes
-- through it (w:write(...) as to a file). It writes to the real output in
-- blocks of about 64 KiB that end at a line end, each one write call (and
-- M.main traps the signals that would cut one), so a run stopped by a
-- signal leaves whole lines; only a single line longer
-- than 4 chunks is written in pieces. A write that fails (a full disk, the
-- file-size limit, an I/O error) raises a write error; before that, when
-- the output is a regular file, what the failed write left of a line is
-- cut off (ftruncate), so the file ends with the last whole line.
local FLUSH_AT = 65536
-- A write or flush failed: io gives nil and the reason (a sink of the
-- caller's that returns nothing has not failed).
local function write_failed(ok, err) return ok == nil and err ~= nil end
-- The position of the last line end in s (nil when it has none): one
-- plain search a line, where s:find("\n[^\n]*$") would try every byte.
local function last_newline(s)
  local find, last = string.find, nil
  local p = find(s, "\n", 1, true)
  while p do
    last = p
    p = find(s, "\n", p + 1, true)
  end
  return last
end

local function output(out)
  -- nl_at: the index in buf of the last piece that holds a line end
  local w, buf, size, nl_at = {}, {}, 0, nil
  local fd = out == io.stdout and 1 or nil
  local core = require "arabic.core"
  if out.setvbuf then out:setvbuf("no") end
  -- where the last whole line ends (nil: not a regular file)
  local whole = fd and core.fd_position(fd)
  local line_max = 4 * M.CHUNK
  local function put(s)
    local before = whole and core.fd_position(fd)
    local ok, err = out:write(s)
    if write_failed(ok, err) then
      if whole then
        -- keep the whole lines of what did get written, cut the rest
        local now = core.fd_position(fd) or before
        local done = s:sub(1, math.max(0, now - before))
        local last = done:find("\n[^\n]*$")
        core.fd_truncate(fd, last and before + last or whole)
      end
      write_error(err)
    end
    if whole and s:byte(-1) == 10 then whole = core.fd_position(fd) or whole end
  end
  --- Write what is buffered: up to its last line end, or all of it when
  -- `all` or when it holds no line end and has grown past line_max.
  function w.flush(all)
    if size == 0 then return end
    -- no line end yet: keep the pieces as they are (no copying)
    if not all and not nl_at and size < line_max then return end
    -- a signal whose error a pcall inside a command caught: stop here
    if not all and fd and core.signalled() then error("stopped by signal " .. core.signalled(), 0) end
    if all or not nl_at then
      local s = table.concat(buf)
      buf, size, nl_at = {}, 0, nil
      put(s)
      return
    end
    -- up to the last line end (in the piece nl_at); the rest stays
    local piece, n = buf[nl_at], #buf
    local last = last_newline(piece)
    local rest = { piece:sub(last + 1) }
    for i = nl_at + 1, n do rest[#rest + 1] = buf[i] end
    buf[nl_at] = piece:sub(1, last)
    local s = table.concat(buf, "", 1, nl_at)
    buf, size, nl_at = {}, 0, nil
    local tail = table.concat(rest)
    if tail ~= "" then buf[1], size = tail, #tail end
    put(s)
  end
  local find = string.find
  function w:write(...)
    for i = 1, select("#", ...) do
      local x = select(i, ...)
      if type(x) == "number" then x = num_text(x) end
      local n = #buf + 1
      buf[n] = x
      size = size + #x
      if find(x, "\n", 1, true) then nl_at = n end
    end
    if size >= FLUSH_AT then w.flush(false) end
    return self
  end
  --- One whole line in pieces, only the last of which holds a line end
  -- (a record and its annotations: `arabic annotate`), without looking
  -- for line ends in the others.
  function w.line(a, b, c, d, e)
    local n = #buf
    buf[n + 1], buf[n + 2], buf[n + 3], buf[n + 4], buf[n + 5] = a, b, c, d, e
    size = size + #a + #b + #c + #d + #e
    nl_at = n + 5
    if size >= FLUSH_AT then w.flush(false) end
  end
  --- A piece of a line too long to hold (a long document's annotations):
  -- written at once, after what is buffered.
  function w.piece(s)
    w.flush(true)
    put(s)
  end
  --- The end of a run: everything written, then the file's own flush.
  function w.finish()
    w.flush(true)
    local ok, err = out:flush()
    if write_failed(ok, err) then write_error(err) end
  end
  --- The end of a run that stopped on an error (bad input, Ctrl-C): the
  -- whole lines written, an unfinished one dropped (and cut off a regular
  -- file if part of it was already written: a line longer than line_max).
  function w.abort()
    local s = table.concat(buf)
    buf, size, nl_at = {}, 0, nil
    local last = last_newline(s)
    if last then put(s:sub(1, last)) end
    if whole and core.fd_position(fd) ~= whole then core.fd_truncate(fd, whole) end
    local ok, err = out:flush()
    if write_failed(ok, err) then write_error(err) end
  end
  return w
end
M.output = output

-- ----------------------------------------------------------------- input

--- Open every input in turn: calls fn(handle, name) for each. A file that
-- cannot be opened or read (a directory, no permission) is an input error.
local function each_input(files, fn)
  if #files == 0 then files = { "-" } end
  for _, name in ipairs(files) do
    local h, err
    local shown = name == "-" and "<stdin>" or name
    if name == "-" then
      h = io.stdin
    else
      h, err = io.open(name, "rb")
      if not h then input_error("cannot open " .. (err or name)) end
    end
    -- a directory opens like a file, and then every read fails
    local probe, perr = h:read(0)
    if probe == nil and perr then
      if h ~= io.stdin then h:close() end
      input_error(("cannot read %s: %s"):format(shown, tostring(perr)))
    end
    fn(h, shown)
    if h ~= io.stdin then h:close() end
  end
end
M.each_input = each_input

--- A file the user names for the command to read (a gazetteer, a list):
-- an input error when it does not exist or is a directory (FIFOs and
-- devices are the user's to name: <(...) is one).
local function input_file(path)
  local info, err = require("arabic.core").file_info(path)
  if not info then input_error(("cannot open %s: %s"):format(path, tostring(err))) end
  if info.type == "directory" then input_error(("cannot read %s: Is a directory"):format(path)) end
  return path
end

-- Where a piece of a long line may end: after the white space that
-- follows a sentence's last mark, else after any white space, else before
-- a character; at most `limit` (bytes of s from 1). Looks at the last
-- 64 KiB before the limit.
local ENDS = { "[%.!?]()[ \t\r]", "؟()[ \t\r]", "…()[ \t\r]", "۔()[ \t\r]" }
local function cut_point(s, limit)
  local from = math.max(1, limit - 65535)
  local win = s:sub(from, limit)
  local best
  for _, pat in ipairs(ENDS) do
    for p in win:gmatch(pat) do
      if not best or p > best then best = p end
    end
  end
  if not best then
    for p in win:gmatch("()[ \t\r]") do best = p end
  end
  if best then return from + best - 1 end
  for p = limit, math.max(1, limit - 3), -1 do
    local b = s:byte(p + 1)
    if not b or b < 0x80 or b >= 0xC0 then return p end -- the next byte starts a character
  end
  return limit
end
M._cut_point = cut_point

--- Lines of a file handle with their ending: iterator of (line, nl, more)
-- where nl is "\n", or "" for a last line without one. A line longer than
-- `chunk` bytes (default: no limit) comes in pieces of at most that many
-- (see cut_point), nl "" and more true for each but the last, so memory
-- stays within a few chunks whatever the input. Reads 64 KiB blocks; a
-- read error is an input error naming the file.
local function lines_keep(h, name, chunk)
  chunk = chunk or math.huge
  local buf, pos, eof = "", 1, false
  local parts, plen = {}, 0 -- the start of the current line, read before buf
  return function()
    while true do
      local nl = buf:find("\n", pos, true)
      if nl and plen + (nl - pos) <= chunk then
        local line = buf:sub(pos, nl - 1)
        if plen > 0 then
          parts[#parts + 1] = line
          line = table.concat(parts)
          parts, plen = {}, 0
        end
        pos = nl + 1
        return line, "\n"
      end
      local have = plen + #buf - pos + 1
      if have > chunk then
        if plen > 0 then
          parts[#parts + 1] = buf:sub(pos)
          buf, pos = table.concat(parts), 1
          parts, plen = {}, 0
        end
        local cut = cut_point(buf:sub(pos, pos + chunk - 1), chunk)
        local piece = buf:sub(pos, pos + cut - 1)
        pos = pos + cut
        return piece, "", true
      end
      if eof then
        if have == 0 then return nil end
        parts[#parts + 1] = buf:sub(pos)
        local line = table.concat(parts)
        parts, plen, buf, pos = {}, 0, "", 1
        return line, ""
      end
      local data, err = h:read(65536)
      if data == nil then
        if err then input_error(("cannot read %s: %s"):format(name or "input", tostring(err))) end
        eof = true
      else
        if pos <= #buf then
          parts[#parts + 1] = buf:sub(pos)
          plen = plen + #buf - pos + 1
        end
        buf, pos = data, 1
      end
    end
  end
end
M.lines_keep = lines_keep

--- Why `s` is not text (invalid UTF-8 or a NUL byte): nil, or the message
-- and the 1-based byte offset in `s` of the first of them (one pass in C,
-- reading UTF-8 as the strict normalizer does, without its copy).
local not_text = require("arabic.core").text_check
M.not_text = not_text

--- lines_keep for text: iterator of (line, nl, more, lineno). Stops with
-- exit status 1 at the first line that is not UTF-8 text, naming the file,
-- the line and the byte offset (1-based, in the whole input and in the
-- line). Everything before that line has been given out.
local function text_lines(h, name, chunk)
  local next_line = lines_keep(h, name, chunk)
  local lineno, base, line_start, going_on = 0, 0, 0, false
  return function()
    local line, nl, more = next_line()
    if line == nil then return nil end
    if not going_on then lineno, line_start = lineno + 1, base end
    local what, at = not_text(line)
    if what then
      input_error(("%s:%d: %s at byte %d (byte %d of the line)"):format(name, lineno, what, base + at,
        base + at - line_start))
    end
    going_on = more or false
    base = base + #line + #nl
    return line, nl, more, lineno
  end
end
M.text_lines = text_lines

--- Split argv into options (--x, --x=y, --no-x, -x VALUE) and positional
-- arguments. Options named in `valued` also take their value from the next
-- argument (--preset search); `short` maps one-letter options to long names
-- (-g FILE = --gazetteer FILE; short options always take a value).
local function parse_args(argv, valued, short)
  local opts, files = {}, {}
  local i = 1
  valued = valued or {}
  short = short or {}
  while i <= #argv do
    local a = argv[i]
    if a == "--" then
      for j = i + 1, #argv do files[#files + 1] = argv[j] end
      break
    elseif a:sub(1, 2) == "--" and #a > 2 then
      local k, v = a:match("^%-%-([^=]+)=(.*)$")
      if k then
        opts[#opts + 1] = { k, v }
      elseif valued[a:sub(3)] then
        if argv[i + 1] == nil then usage_error(a .. " needs a value") end
        opts[#opts + 1] = { a:sub(3), argv[i + 1] }
        i = i + 1
      elseif a:match("^%-%-no%-") then
        opts[#opts + 1] = { a:sub(6), false }
      else
        opts[#opts + 1] = { a:sub(3), true }
      end
    elseif a == "-h" then
      opts[#opts + 1] = { "help", true }
    elseif a:sub(1, 1) == "-" and #a == 2 and short[a:sub(2)] then
      if argv[i + 1] == nil then usage_error(a .. " needs a value") end
      opts[#opts + 1] = { short[a:sub(2)], argv[i + 1] }
      i = i + 1
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

--- Paragraphs of a handle: iterator of (text, offset) where text runs up
-- to and including the blank line(s) that end it; offset is its position
-- (0-based) in the input. Sentences never cross a blank line. A paragraph
-- longer than `chunk` bytes comes in parts, each ending where a line (or a
-- piece of a long line) ends. When a line is not text (name given: lines
-- are checked), the part of the paragraph before it comes out first and
-- the next call raises the error.
local function paragraphs(h, name, chunk)
  local next_line = name and text_lines(h, name, chunk) or lines_keep(h, nil, chunk)
  chunk = chunk or math.huge
  local base, pending, failed = 0, nil, nil
  return function()
    if failed then error(failed, 0) end
    local parts, size, blank_seen = {}, 0, false
    while true do
      local line, nl
      if pending then
        line, nl = pending[1], pending[2]
        pending = nil
      else
        local ok, l, n = pcall(next_line)
        if not ok then
          failed = l
          break
        end
        line, nl = l, n
      end
      if line == nil then break end
      local is_blank = not line:find("%S")
      if blank_seen and not is_blank then
        pending = { line, nl }
        break
      end
      parts[#parts + 1] = line
      parts[#parts + 1] = nl
      size = size + #line + #nl
      if is_blank and #parts > 2 then blank_seen = true end
      if size >= chunk and not blank_seen then break end
    end
    if #parts == 0 then
      if failed then error(failed, 0) end
      return nil
    end
    local text, offset = table.concat(parts), base
    base = base + size
    return text, offset
  end
end
M.paragraphs = paragraphs

-- ------------------------------------------------------------- options

local function dashed(k) return "--" .. k:gsub("_", "-") end

-- The options a command takes: its own, and --help, and --format when it
-- has formats.
local function options_of(spec)
  local o = { help = args.boolean }
  for k, t in pairs(spec.options or {}) do o[k] = t end
  if spec.formats then o.format = args.one_of(spec.format_names) end
  return o
end

--- Parse and check a command's arguments: returns the checked options
-- (converted by their types: "PER,LOC" is a list, "70" a number) and the
-- files. Options not in the spec go to o.rest when spec.rest is set.
local function command_args(spec, argv, cmd)
  local options, many = options_of(spec), spec.many or {}
  local valued = {}
  for k, t in pairs(options) do
    if not t.flag then valued[k], valued[dashed(k):sub(3)] = true, true end
  end
  local parsed, files = parse_args(argv, valued, spec.short)
  local o, rest = {}, {}
  for _, kv in ipairs(parsed) do
    local k, v = kv[1]:gsub("%-", "_"), kv[2]
    local ty = options[k]
    if not ty and spec.rest then
      rest[k] = v
    elseif not ty then
      local names = {}
      for n in pairs(options) do names[#names + 1] = dashed(n) end
      table.sort(names)
      usage_error(("unknown option --%s for %s (valid: %s)"):format(kv[1], cmd, table.concat(names, " ")))
    elseif ty.flag and type(v) ~= "boolean" and not ty.optional_value then
      usage_error(("--%s takes no value"):format(kv[1]))
    elseif not ty.flag and type(v) ~= "string" then
      usage_error(("--%s needs a value: --%s=VALUE"):format(kv[1], kv[1]))
    elseif many[k] then
      o[k] = o[k] or {}
      o[k][#o[k] + 1] = v
    else
      if type(v) == "string" and ty.from_text then v = ty.from_text(v) end -- it may give false
      o[k] = v
    end
  end
  local checked, err = args.validate(o, options, nil, dashed)
  if not checked then usage_error(err) end
  checked.rest = spec.rest and rest or nil
  return checked, files
end

-- The options of o that belong to a module's spec.
local function only(o, spec)
  local out = {}
  for k in pairs(spec) do out[k] = o[k] end
  return out
end

-- ------------------------------------------------------------- formats

local json = require "arabic.json"
local fmt = require "arabic.formats"
local unpack = table.unpack or unpack

-- Records are found in a unit of the input (a line, a paragraph) and carry
-- offsets in it; the writers put them in offsets of the whole input.
local OFFSETS = { first = true, last = true, token_first = true }

-- {"first":..,...}: the fields in this order, json.null written as null.
local function jsonl(fields)
  return function(out, recs, unit)
    local base = unit.base
    for _, rec in ipairs(recs) do
      local t = {}
      for _, k in ipairs(fields) do
        local v = rec[k]
        if OFFSETS[k] and v then v = base + v end
        t[k] = v
      end
      out:write(json.object(fields, t), "\n")
    end
  end
end

-- The fields tab-separated; tabs and newlines in a string field become
-- spaces, except in the fields listed as raw (known to have none: a
-- token, a kind), which are written as they are.
local function tsv(fields, raw)
  local n = #fields
  raw = raw or {}
  return function(out, recs, unit)
    local base, row = unit.base, {}
    for _, rec in ipairs(recs) do
      for i = 1, n do
        local k = fields[i]
        local v = rec[k]
        if OFFSETS[k] then v = base + v
        elseif v == nil or v == json.null then v = ""
        elseif type(v) ~= "string" or (not raw[k] and v:find("[\t\n\r]")) then v = fmt.tsv_field(v) end
        row[2 * i - 1], row[2 * i] = v, "\t"
      end
      row[2 * n] = "\n"
      out:write(unpack(row, 1, 2 * n))
    end
  end
end

-- --------------------------------------------------------------- units

-- How a command's input is cut into units, each given to spec.run(state,
-- text, unit) and its records to the format's writer. unit: name, lineno,
-- base (0-based offset of the unit in the input), line_base (that of the
-- line it is part of: a line longer than M.CHUNK comes in pieces), text,
-- nl, and input (a table for the writer's own state, one per input).
local UNITS = {}

local function line_units(text_only)
  return function(h, name, out, emit)
    local lineno, base, line_base, input, going_on = 0, 0, 0, {}, false
    local next_line = text_only and text_lines(h, name, M.CHUNK) or lines_keep(h, name, M.CHUNK)
    for line, nl, more in next_line do
      if not going_on then lineno, line_base = lineno + 1, base end
      going_on = more or false
      emit(line, { name = name, lineno = lineno, base = base, line_base = line_base, text = line, nl = nl,
        input = input }, out)
      base = base + #line + #nl
    end
  end
end

-- lines of text: a line that is not UTF-8 text stops the run
UNITS.lines = line_units(true)
-- lines as they are (normalize: invalid UTF-8 is the normalizer's business)
UNITS.raw = line_units(false)

--- The whole of an input as text: an input error when it cannot be read
-- or is not UTF-8 text (naming the file, line and byte).
local function read_text(h, name)
  local s, err = h:read("*a")
  if s == nil and err then input_error(("cannot read %s: %s"):format(name, tostring(err))) end
  s = s or ""
  local what, at = not_text(s)
  if what then
    local line = select(2, s:sub(1, at):gsub("\n", "")) + 1
    input_error(("%s:%d: %s at byte %d"):format(name, line, what, at))
  end
  return s
end

-- the whole input at once (page chrome needs the page's head and end)
function UNITS.file(h, name, out, emit)
  local s = read_text(h, name)
  emit(s, { name = name, lineno = 1, base = 0, text = s, nl = "", input = {} }, out)
end

-- ------------------------------------------------------------- commands

local COMMANDS, ORDER = {}, {}
local function command(spec)
  COMMANDS[spec.name] = spec
  ORDER[#ORDER + 1] = spec.name
  if spec.formats then
    spec.format_names = {}
    for i, f in ipairs(spec.formats) do spec.format_names[i] = f[1] end
  end
end

command {
  name = "normalize",
  summary = "normalize text line by line (default preset: search)",
  help = [[
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
]],
  options = { preset = args.string, list_options = args.boolean },
  rest = true, -- --OPTION[=VALUE] / --no-OPTION: normalization options, checked by C's table
  unit = "raw",
  setup = function(o, out)
    if o.list_options then
      local opts = arabic.options()
      local names = {}
      for name in pairs(opts) do names[#names + 1] = name end
      table.sort(names)
      for _, name in ipairs(names) do out:write(name, "\t", opts[name], "\n") end
      return 0
    end
    local spec = o.rest
    spec.preset = o.preset or "search"
    local ok, norm = args.normalization.test(spec)
    if not ok then usage_error(norm) end
    return norm
  end,
  run = function(norm, line, unit)
    local res, err = norm(line)
    if res == nil then input_error(("%s:%d: %s"):format(unit.name, unit.lineno, err)) end
    return { { text = res } }
  end,
  formats = {
    { "text", function(out, recs, unit) out:write(recs[1].text, unit.nl) end },
  },
}

command {
  name = "tokens",
  summary = "one token a line: first, last, kind, text (tab-separated)",
  help = [[
usage: arabic tokens [FILE...]

Print one token a line: first, last, kind, text (tab-separated), where first
and last are 1-based inclusive byte offsets in the input. Kinds: word,
number, punct, symbol, latin, url, email, other.
Example:
  echo 'زار بايدن مسقط في 10 يناير.' | arabic tokens
]],
  unit = "lines",
  run = function(_, line)
    local recs = {}
    for first, last, kind in arabic.tokens(line) do
      recs[#recs + 1] = { first = first, last = last, kind = kind, text = line:sub(first, last) }
    end
    return recs
  end,
  -- a token has no white space in it
  formats = { { "tsv", tsv({ "first", "last", "kind", "text" }, { kind = true, text = true }) } },
}

local sentences = require "arabic.sentences"

command {
  name = "sentences",
  summary = "one sentence a line (or spans, JSON Lines)",
  help = [[
usage: arabic sentences [--mode=lines|wrapped|auto] [--wrap-width=N] [--format=text|spans|jsonl]
                        [--abbreviations=FILE ...] [--no-default-abbreviations] [FILE...]

Split the input into sentences, streaming paragraph by paragraph (a blank
line always ends a sentence).
  --mode      lines: a newline ends a sentence (default); wrapped: a single
              newline is a space (hard-wrapped text); auto: detect it
  --wrap-width N   auto: the wrap width in characters instead of detecting it
  --format    text: one sentence a line (line breaks inside become spaces);
              spans: first<TAB>last, 1-based inclusive bytes of the input;
              jsonl: {"first":..,"last":..,"text":..}
  --abbreviations FILE   more abbreviations, one a line (repeatable)
Examples:
  echo 'قال د. أحمد إن الوفد وصل. وبدأت المحادثات.' | arabic sentences
  arabic sentences --mode=auto --format=spans wrapped.txt
]],
  options = args.extend(sentences.OPTIONS, {
    abbreviations = args.strings, -- files, repeatable; with the default lists unless:
    default_abbreviations = args.boolean,
  }),
  many = { abbreviations = true },
  setup = function(o)
    local abbr
    if o.abbreviations or o.default_abbreviations == false then
      abbr = {}
      if o.default_abbreviations ~= false then abbr[1] = "default" end
      for _, f in ipairs(o.abbreviations or {}) do
        input_file(f)
        abbr[#abbr + 1] = f
      end
    end
    local so = only(o, sentences.OPTIONS)
    so.abbreviations, so.mode = abbr, o.mode or "lines"
    local checked, err = args.validate(so, sentences.OPTIONS)
    if not checked then usage_error(err) end
    return checked
  end,
  -- Paragraph by paragraph (a blank line always ends a sentence); auto
  -- mode first looks at 64 KiB (or the whole input) to find the wrap width
  -- once: one paragraph is too little to tell.
  input = function(sopts, h, name, out, emit)
    sopts = args.extend(sopts) -- this input's own mode and width
    local decided = sopts.mode ~= "auto" or (sopts.wrap_width or 0) > 0
    local held, held_bytes = {}, 0
    local function flush(para, offset)
      local recs = {}
      for first, last in arabic.sentences(para, sopts) do
        recs[#recs + 1] = { first = first, last = last, text = para:sub(first, last) }
      end
      emit(recs, { name = name, base = offset, text = para }, out)
    end
    local function decide()
      local parts = {}
      for k, p in ipairs(held) do parts[k] = p[1] end
      sopts.wrap_width = sentences.wrap_width(table.concat(parts))
      if sopts.wrap_width == 0 then sopts.mode = "lines" end
      decided = true
      for _, p in ipairs(held) do flush(p[1], p[2]) end
      held = {}
    end
    -- a line that is not text stops the run after everything before it
    -- (paragraphs() gives the paragraph cut at that line first)
    local ok, err = pcall(function()
      for para, offset in paragraphs(h, name, M.CHUNK) do
        if decided then
          flush(para, offset)
        else
          held[#held + 1] = { para, offset }
          held_bytes = held_bytes + #para
          if held_bytes >= 65536 then decide() end
        end
      end
    end)
    if not decided then decide() end
    if not ok then error(err, 0) end
  end,
  formats = {
    { "text", function(out, recs)
      for _, rec in ipairs(recs) do out:write((rec.text:gsub("%s*[\r\n]+%s*", " ")), "\n") end
    end },
    { "spans", tsv { "first", "last" } },
    { "jsonl", jsonl { "first", "last", "text" } },
  },
}

local gazetteer = require "arabic.gazetteer"

command {
  name = "entities",
  summary = "named entities from the default gazetteer and others",
  help = [[
usage: arabic entities [-g GAZETTEER ...] [--no-default] [--fuzzy] [--types=PER,LOC]
                       [--ids=ID,...] [--no-clitics] [--overlapping] [--no-context]
                       [--extend-names] [--no-unknown-names] [--scope=file|line]
                       [--format=jsonl|tsv|conll|brat] [FILE...]

Find named entities. The default gazetteer (countries, cities, regions,
organizations, news outlets, groups, people) is used unless --no-default;
-g adds a gazetteer: a compiled .gaz file or a .tsv/.jsonl source
(repeatable). Persons and organizations in no list are found from their
context unless --no-unknown-names. Each input file is one document: a name
that needs context (مكتب عون) finds it anywhere in the file (جوزيف عون in
an earlier paragraph), as the pandoc filter and `arabic annotate` do; a
file over 1 MiB is taken in parts of about 1 MiB that end at a line end.
  --scope=line   each line on its own, streaming with constant memory
Formats (offsets are 1-based inclusive bytes in the input, except brat):
  jsonl   {"first":..,"last":..,"text":..,"type":..,"id":..,"canonical":..,"clitic":..,"fuzzy":..,"source":..}
  tsv     first, last, type, id, text, canonical, clitic
  conll   token<TAB>BIO tag, a blank line after each input line
  brat    standoff .ann lines (character offsets, as brat counts)
Examples:
  echo 'وصل بريت ماكغورك إلى مسقط لإجراء محادثات مع إيران' | arabic entities
  arabic entities -g people.tsv --types=PER --format=tsv article.txt
]],
  -- every match option of the gazetteer (--fuzzy, --types=PER,LOC, --no-clitics ...)
  options = args.extend(gazetteer.MATCH_OPTIONS, {
    gazetteer = args.strings, default = args.boolean, unknown_names = args.boolean,
    scope = args.one_of { "file", "line" },
  }),
  many = { gazetteer = true },
  short = { g = "gazetteer" },
  setup = function(o)
    local list = {}
    if o.default ~= false then list[#list + 1] = gazetteer.default() end
    for _, path in ipairs(o.gazetteer or {}) do
      local g, err = gazetteer.try_resolve(path == "default" and path or input_file(path))
      if not g then input_error(err) end
      list[#list + 1] = g
    end
    if #list == 0 then usage_error("no gazetteer: give -g FILE or drop --no-default") end
    local mopts = only(o, gazetteer.MATCH_OPTIONS)
    mopts.gazetteers, mopts.unknown_names = list, o.unknown_names
    local bad = mopts.types and gazetteer._unknown_types(mopts.types, list)
    if bad then usage_error((bad:gsub("^option 'types'", "--types"))) end
    return { match = mopts, scope = o.scope or "file" }
  end,
  run = function(state, line)
    local recs = arabic.entities(line, state.match)
    for _, m in ipairs(recs) do m.clitic = m.clitic or json.null end
    return recs
  end,
  -- The whole input is one document (context names look everywhere in
  -- it); the records are written line by line, each with the line it
  -- starts in, so every format stays what it was. --scope=line streams.
  input = function(state, h, name, out, emit)
    local line_unit = UNITS.lines
    if state.scope == "line" then
      return line_unit(h, name, out, function(text, unit)
        local recs = arabic.entities(text, state.match)
        for _, m in ipairs(recs) do m.clitic = m.clitic or json.null end
        emit(recs, unit)
      end)
    end
    local units, parts, size = {}, {}, 0
    -- the lines held so far, matched as one text
    local function flush()
      if #units == 0 then return end
      local all = arabic.entities(table.concat(parts), state.match)
      local k, start = 1, units[1].base
      for _, unit in ipairs(units) do
        local recs = {}
        local b0 = unit.base - start
        local b1 = b0 + #unit.text + #unit.nl
        while all[k] and all[k].token_first - 1 < b1 do
          local m = all[k]
          if m.token_first - 1 >= b0 then
            m.first, m.last, m.token_first = m.first - b0, m.last - b0, m.token_first - b0
            m.clitic = m.clitic or json.null
            recs[#recs + 1] = m
          end
          k = k + 1
        end
        emit(recs, unit)
      end
      units, parts, size = {}, {}, 0
    end
    -- a line that is not text stops the run, after the output of the
    -- lines before it (as the other commands do). A file longer than
    -- M.DOCUMENT bytes is taken in parts of about that size, ending where
    -- a line (or a piece of a long line) ends, so memory stays bounded.
    local ok, err = pcall(line_unit, h, name, out, function(text, unit)
      units[#units + 1] = unit
      parts[#parts + 1] = text
      parts[#parts + 1] = unit.nl
      size = size + #text + #unit.nl
      if size >= M.DOCUMENT then flush() end
    end)
    flush()
    if not ok then error(err, 0) end
  end,
  formats = {
    { "jsonl", jsonl { "first", "last", "text", "type", "id", "canonical", "clitic", "fuzzy", "source" } },
    { "tsv", tsv { "first", "last", "type", "id", "text", "canonical", "clitic" } },
    -- whole tokens, clitics included (the ANERcorp convention), a blank line after each line
    { "conll", function(out, recs, unit)
      local toks, spans = {}, {}
      for first, last in arabic.tokens(unit.text) do toks[#toks + 1] = { first = first, last = last } end
      for _, m in ipairs(recs) do spans[#spans + 1] = { first = m.token_first, last = m.last, type = m.type } end
      if #toks > 0 then
        fmt.conll(out, unit.text, toks, spans)
        out:write("\n")
      end
    end },
    -- standoff .ann lines, in characters as brat counts
    { "brat", function(out, recs, unit)
      local input = unit.input
      local spans = {}
      for _, m in ipairs(recs) do spans[#spans + 1] = { first = m.first, last = m.last, type = m.type } end
      input.tnum = fmt.brat(out, unit.text, spans, input.tnum or 1, input.chars or 0)
      input.chars = (input.chars or 0) + fmt.char_offset(unit.text, #unit.text + 1) + #unit.nl
    end },
  },
}

local dates = require "arabic.dates"

command {
  name = "dates",
  summary = "date expressions with ISO 8601 values",
  help = [[
usage: arabic dates [--reference=YYYY-MM-DD] [--format=jsonl|tsv] [FILE...]

Find date expressions line by line: Gregorian months of every regional
system, Hijri months, paired names (كانون الثاني/يناير), numeric dates,
ranges, weekdays and relative dates (أمس، الشهر المقبل، مطلع العام), which
--reference resolves ("relative":true marks a value that depends on it).
  jsonl  {"first","last","text","value","calendar","gregorian","grain","mod","conflict","relative"}
  tsv    first, last, value, calendar, gregorian, grain, mod, text
Example:
  echo 'التقى الوفدان في 10 كانون الثاني/يناير 2024 وأمس الثلاثاء' | arabic dates --reference=2024-01-17
]],
  options = dates.OPTIONS,
  setup = function(o) return only(o, dates.OPTIONS) end,
  unit = "lines",
  run = function(dopts, line)
    local recs = dates.find(line, dopts)
    for _, d in ipairs(recs) do
      d.value = d.value or json.null
      d.conflict = d.conflict or false
    end
    return recs
  end,
  formats = {
    { "jsonl", jsonl { "first", "last", "text", "value", "calendar", "gregorian", "grain", "mod", "conflict", "relative" } },
    { "tsv", tsv { "first", "last", "value", "calendar", "gregorian", "grain", "mod", "text" } },
  },
}

command {
  name = "numbers",
  summary = "numbers in digits and words with their values",
  help = [[
usage: arabic numbers [--format=jsonl|tsv] [FILE...]

Numbers in digits (three digit sets, ٫ ٬ % ٪) and in words (خمسة وعشرون،
ثلاثة آلاف، مليون ونصف) with their values.
Example:
  echo 'بلغ عدد الزوار ثلاثة آلاف و٣٫٥ مليون دولار' | arabic numbers
]],
  unit = "lines",
  run = function(_, line)
    local recs = arabic.numbers(line)
    for _, n in ipairs(recs) do
      n.percent = n.percent or false
      n.shown = tostring(n.value) .. (n.percent and "%" or "")
    end
    return recs
  end,
  formats = {
    { "jsonl", jsonl { "first", "last", "text", "value", "percent" } },
    { "tsv", tsv { "first", "last", "shown", "text" } },
  },
}

local translit = require "arabic.translit"

-- One line for the TSV format: the transliteration and its map.
local function transliterate_line(st, line, unit)
  local res, map, stats = st.t:map(line)
  if res == nil then
    -- the lines before it are written (the command line's output writes
    -- whole lines when a run stops)
    input_error(("%s:%d: invalid UTF-8 at byte %d (byte %d of the line)"):format(unit.name, unit.lineno,
      unit.base + stats, unit.base - unit.line_base + stats))
  end
  if st.reverse and stats.malformed > 0 and not st.warned then
    st.warned = true
    io.stderr:write(("arabic transliterate: %s:%d: warning: a backslash that escapes nothing at byte %d "
      .. "(kept as it is)\n"):format(unit.name, unit.lineno, unit.base + stats.first_malformed))
  end
  return { { text = res, map = map } }
end

command {
  name = "transliterate",
  summary = "Buckwalter (both ways), ALA-LC, DIN 31635, IJMES ... line by line",
  help = [[
usage: arabic transliterate --scheme NAME [--reverse] [--no-strict] [--format=text|tsv] [FILE...]
       arabic transliterate --list-schemes

Transliterate each line of the input, streaming. Schemes:
  buckwalter, safe-buckwalter, xml-buckwalter, hsb   lossless both ways
      (--reverse goes back to Arabic); text the scheme does not cover is
      escaped with a backslash, so the round trip gives back every byte
  ala-lc, din (DIN 31635), ijmes   romanization for readers (Arabic -> Latin);
      a word written without vowels gets its consonants and long vowels
  --reverse     scheme -> Arabic (reversible schemes only)
  --no-strict   replace invalid UTF-8 with U+FFFD instead of stopping (exit 1)
  --format      text: the transliteration, line for line (default);
                tsv: first, last, text, transliteration of each token
                (first and last: 1-based inclusive bytes of the input)
Examples:
  echo 'كَتَبَ مُحَمَّدٌ' | arabic transliterate --scheme ala-lc
  arabic transliterate --scheme buckwalter article.txt > article.bw
  arabic transliterate --scheme buckwalter --reverse article.bw
]],
  options = args.extend(translit.OPTIONS, { list_schemes = args.boolean }),
  short = { s = "scheme" },
  setup = function(o, out)
    if o.list_schemes then
      for _, sc in ipairs(translit.schemes()) do
        out:write(sc.name, "\t", sc.reversible and "reversible" or "display", "\t", sc.description, "\n")
      end
      return 0
    end
    if not o.scheme then
      usage_error("--scheme NAME is missing (one of " .. table.concat(translit.OPTIONS.scheme.values, ", ") .. ")")
    end
    local t, err = arabic.core.transliterator(o.scheme, o.reverse, o.strict ~= false)
    if not t then usage_error(err) end
    return { t = t, reverse = o.reverse, tsv = o.format == "tsv" }
  end,
  -- Text: blocks of whole lines (1 MiB and up to the next line end), one
  -- call each; every scheme reads a line on its own, so this is the same
  -- as line by line, and several times faster (the romanizations keep the
  -- words of a block they have seen). A line longer than a chunk
  -- (M.CHUNK) goes in pieces cut as any long line is (cut_point: after a
  -- sentence's end, else at white space). TSV: line by line (long lines in
  -- pieces likewise).
  input = function(st, h, name, out, emit)
    if st.tsv then
      return UNITS.raw(h, name, out, function(line, unit) emit(transliterate_line(st, line, unit), unit) end)
    end
    -- line_start: where the line the next block starts in began (0-based)
    local held, hsize, base, lineno, line_start = {}, 0, 0, 0, 0
    local function lines_in(s) return select(2, s:gsub("\n", "")) end
    local function block(text)
      local res, stats, at
      if st.reverse then res, stats = st.t:stats(text) else res, stats, at = st.t(text) end
      if res == nil then
        -- the lines before the bad one are written, then the error
        at = at or stats
        local ls = text:sub(1, at - 1):match("^.*\n()")
        if ls then out:write((st.t(text:sub(1, ls - 1)))) end
        local start = ls and base + ls - 1 or line_start
        input_error(("%s:%d: invalid UTF-8 at byte %d (byte %d of the line)"):format(name,
          lineno + lines_in(text:sub(1, at - 1)) + 1, base + at, base + at - start))
      end
      if st.reverse and stats.malformed > 0 and not st.warned then
        st.warned = true
        io.stderr:write(("arabic transliterate: %s:%d: warning: a backslash that escapes nothing at byte %d "
          .. "(kept as it is)\n"):format(name, lineno + lines_in(text:sub(1, stats.first_malformed - 1)) + 1,
          base + stats.first_malformed))
      end
      emit({ { text = res } }, { name = name, base = base, nl = "" })
      local after = text:match("^.*\n()")
      if after then line_start = base + after - 1 end
      base, lineno = base + #text, lineno + lines_in(text)
    end
    while true do
      local b, err = h:read(1048576)
      if b == nil then
        if err then input_error(("cannot read %s: %s"):format(name, tostring(err))) end
        break
      end
      local cut = b:match("^.*\n()")
      if cut then
        held[#held + 1] = b:sub(1, cut - 1)
        block(table.concat(held))
        held, hsize = { b:sub(cut) }, #b - cut + 1
      else
        held[#held + 1] = b -- a line longer than the block: read on
        hsize = hsize + #b
      end
      if hsize > M.CHUNK then
        -- the start of a line longer than a chunk: its pieces go now
        local s = table.concat(held)
        while #s > M.CHUNK do
          local c = cut_point(s, M.CHUNK)
          block(s:sub(1, c))
          s = s:sub(c + 1)
        end
        held, hsize = { s }, #s
      end
    end
    local rest = table.concat(held)
    if rest ~= "" then block(rest) end
  end,
  formats = {
    { "text", function(out, recs, unit) out:write(recs[1].text, unit.nl) end },
    { "tsv", function(out, recs, unit)
      local res, map, line = recs[1].text, recs[1].map, unit.text
      local rows = {}
      for first, last in arabic.tokens(line) do
        local a, b = map:target(first, last)
        rows[#rows + 1] = { first = first, last = last, text = line:sub(first, last), translit = res:sub(a, b) }
      end
      tsv { "first", "last", "text", "translit" }(out, rows, unit)
    end },
  },
}

local boilerplate = require "arabic.boilerplate"

command {
  name = "clean",
  summary = "remove news-page chrome (read-also blocks, source and tag lines ...)",
  help = [[
usage: arabic clean [--format=text|jsonl] [--lists=FILE ...] [--no-default-lists]
                    [--keep-appended] [--drop-head] [FILE...]

Remove news-page chrome line by line: related-content blocks (اقرأ أيضاً،
مقالات مشابهة), source and tag lines, follow/share lines, labels (عاجل),
bylines and banner dates, and another article appended after the source
line. A line is removed only on clear evidence, and the rest of a page only
when other chrome agrees. text: the kept text; jsonl: one line per removed
range {"first","last","rule","text"}. --lists adds phrase files (same format
as data/boilerplate/phrases.tsv) to the built-in list; --no-default-lists
uses only them (and turns off the built-in banner, breadcrumb and
split-follow rules). When more than 20% of an input is removed, a warning
on standard error says how much and by which rule.
Example:
  arabic clean page.txt > article.txt
  arabic clean --format=jsonl page.txt
  arabic clean --no-default-lists --lists=mysite.tsv page.txt
]],
  -- --lists are file names here: each is checked as an input (input_file:
  -- missing or a directory is exit 1) before the lists are loaded
  options = args.extend(boilerplate.OPTIONS, { default_lists = args.boolean, lists = args.strings }),
  many = { lists = true },
  setup = function(o)
    local lists = {}
    if o.default_lists ~= false then lists[1] = "default" end
    for _, f in ipairs(o.lists or {}) do
      if f ~= "default" then input_file(f) end -- "default": the built-in list, named among others
      lists[#lists + 1] = f
    end
    if #lists == 0 then usage_error("no phrase list: give --lists=FILE or drop --no-default-lists") end
    local bo = only(o, boilerplate.OPTIONS)
    bo.lists = lists
    local checked, err = args.validate(bo, boilerplate.OPTIONS)
    if not checked then input_error(err) end
    return checked
  end,
  unit = "file",
  run = function(bo, page, unit)
    local r = arabic.boilerplate(page, bo)
    if r.warning then io.stderr:write("arabic clean: ", unit.name, ": ", r.warning, "\n") end
    return { r }
  end,
  formats = {
    { "text", function(out, recs) out:write(recs[1].text) end },
    { "jsonl", function(out, recs)
      for _, x in ipairs(recs[1].removed) do out:write(json.object({ "first", "last", "rule", "text" }, x), "\n") end
    end },
  },
}

--- What a Lua configuration can use: the basic functions that compute,
-- string, table and math, os.getenv / os.date / os.time (paths from the
-- environment, today's date as a reference) and the arabic module (which
-- reads and writes files through its own API: gazetteer sources, g:save).
-- No require, io, load, dofile or os.execute. A Lua configuration is still
-- code the user chose to run; the environment keeps it to its job.
local function config_env()
  return setmetatable({}, { __index = {
    assert = assert, error = error, ipairs = ipairs, next = next, pairs = pairs, pcall = pcall,
    select = select, tonumber = tonumber, tostring = tostring, type = type, unpack = table.unpack or unpack,
    string = string, table = table, math = math,
    os = { getenv = os.getenv, date = os.date, time = os.time },
    arabic = arabic,
  } })
end

--- The pipeline configuration of `annotate`, by the file's extension:
-- .json is JSON (always, whatever it starts with; a UTF-8 byte order mark
-- is skipped), .lua is Lua run in config_env(); anything else is a usage
-- error saying so.
local function load_config(path)
  local kind = path:lower():match("%.(%w+)$")
  if kind ~= "json" and kind ~= "lua" then
    usage_error(("--config %s: a configuration is a .json file (JSON) or a .lua file (Lua)"):format(path))
  end
  local f, err = io.open(path, "rb")
  if not f then input_error(("cannot open %s: %s"):format(path, err or "?")) end
  local src, rerr = f:read("*a")
  f:close()
  if src == nil then input_error(("cannot read %s: %s"):format(path, tostring(rerr))) end
  if kind == "json" then
    if src:sub(1, 3) == "\239\187\191" then src = src:sub(4) end
    local t, jerr = require("arabic.json").decode(src)
    if type(t) ~= "table" then
      input_error(("%s: %s"):format(path, jerr and ("invalid JSON: " .. tostring(jerr)) or "not a JSON object"))
    end
    return t
  end
  if src:byte(1) == 27 then input_error(path .. ": a precompiled Lua chunk; give the Lua source") end
  local env = config_env()
  local chunk, lerr
  if setfenv then
    chunk, lerr = loadstring(src, "@" .. path)
    if chunk then setfenv(chunk, env) end
  else
    chunk, lerr = load(src, "@" .. path, "t", env)
  end
  if not chunk then input_error(tostring(lerr)) end
  local ok, t = pcall(chunk)
  if not ok then input_error(tostring(t)) end
  if type(t) ~= "table" then input_error(path .. ": the configuration must return a table") end
  return t
end

local function stderr_is_tty()
  local ok, how, code = os.execute("test -t 2")
  if type(ok) == "number" then return ok == 0 end -- Lua 5.1
  return ok == true and how == "exit" and code == 0
end

--- A progress bar on stderr, redrawn at most 5 times a second.
local function progress_bar(total, label)
  local last, start = -1, os.clock()
  local self = {}
  function self.update(done)
    local now = os.clock()
    if now - last < 0.2 then return end
    last = now
    local mb = done / 1048576
    local rate = mb / math.max(now - start, 1e-3)
    if total and total > 0 then
      local frac = math.min(done / total, 1)
      local width = 30
      local fill = math.floor(frac * width + 0.5)
      io.stderr:write(("\r%s [%s%s] %3d%% %.1f MB %.1f MB/s "):format(label, ("#"):rep(fill),
        ("."):rep(width - fill), math.floor(frac * 100), mb, rate))
    else
      io.stderr:write(("\r%s %.1f MB %.1f MB/s "):format(label, mb, rate))
    end
  end
  function self.finish(done)
    last = -1
    self.update(done)
    io.stderr:write("\n")
  end
  return self
end

local ANNOT = {
  sentences = { "first", "last" },
  entities = { "first", "last", "text", "type", "id", "canonical", "clitic", "fuzzy", "translit", "translit_approximate",
    "translit_from" },
  dates = { "first", "last", "text", "value", "calendar", "gregorian", "grain", "mod", "conflict", "relative" },
  numbers = { "first", "last", "text", "value", "percent" },
  removed = { "first", "last", "rule", "text" },
}
local ANNOT_ORDER = { "removed", "sentences", "entities", "dates", "numbers" }
-- each key as JSON, with its colon (the same few keys in every record)
local ANNOT_KEY = {}
for _, k in ipairs(ANNOT_ORDER) do ANNOT_KEY[k] = json.encode(k) .. ":" end
-- The keys for a pipeline without a transliteration step or steps of the
-- user's (which may set any field): no entity has the translit fields, so
-- the encoder does not look them up in each one.
local ANNOT_PLAIN = setmetatable({ entities = { "first", "last", "text", "type", "id", "canonical", "clitic", "fuzzy" } },
  { __index = ANNOT })
local function annot_keys(p) return (p.transliterate or p.steps) and ANNOT or ANNOT_PLAIN end

--- The "arabic" member: the reference date relative dates resolved
-- against (when there was one), then the steps' lists with their keys in
-- a fixed order.
local function encode_annotations(doc, annot)
  local parts = {}
  if doc.reference and doc.dates then parts[1] = '"reference":' .. json.encode(doc.reference) end
  for _, k in ipairs(ANNOT_ORDER) do
    local list = doc[k]
    local js = doc[k .. "_json"]
    if js then
      parts[#parts + 1] = ANNOT_KEY[k] .. "[" .. js .. "]"
    elseif list and (k ~= "removed" or doc.clean) then
      parts[#parts + 1] = ANNOT_KEY[k] .. "[" .. json.objects(annot[k], list) .. "]"
    end
  end
  local tr = doc.transliteration
  if tr then
    -- the romanized text, and its tokens with their source ranges (a map
    -- has no JSON form): [first, last, source first, source last]
    local rows = {}
    for i, r in ipairs(require("arabic.translit").alignment(tr.text, tr.map)) do
      rows[i] = "[" .. table.concat(r, ",") .. "]"
    end
    parts[#parts + 1] = '"transliteration":' .. json.object({ "scheme", "text", "words", "approximate" }, tr):sub(1, -2)
      .. ',"tokens":[' .. table.concat(rows, ",") .. "]}"
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

--- The items of one key of a long document's "arabic" member, collected
-- chunk by chunk: kept in memory up to 1 MiB, then in a temporary file, so
-- memory stays bounded however many items a document has. sep goes
-- between items ("," for a list; "" for the pieces of one JSON string).
local SPILL_AT = 1048576
local function collector(sep)
  local c, parts, size, n, file = {}, {}, 0, 0, nil
  function c.add(s)
    if n > 0 and sep ~= "" then
      parts[#parts + 1] = sep
      size = size + #sep
    end
    n = n + 1
    parts[#parts + 1] = s
    size = size + #s
    if size >= SPILL_AT then
      file = file or io.tmpfile()
      if file then
        local ok, err = file:write(table.concat(parts))
        if not ok then input_error("temporary file: " .. tostring(err)) end
        parts, size = {}, 0
      end
    end
  end
  --- Everything collected, to w (the output).
  function c.write(w)
    if file then
      file:write(table.concat(parts))
      parts = {}
      file:seek("set")
      while true do
        local block = file:read(65536)
        if not block then break end
        w.piece(block)
      end
      file:close()
      file = nil
    end
    w:write(table.concat(parts))
  end
  function c.close() if file then file:close() end end
  return c
end

-- The pipeline for the chunks of a long document after its first: no
-- chrome removal (a page's chrome is at its head and end, and the first
-- chunk had the head). The reference date is given to each run (the one
-- the first chunk used), so one pipeline serves every document.
local function rest_pipeline(config)
  local c = {}
  for k, v in pairs(config) do c[k] = v end
  c.boilerplate = nil
  local p, err = require("arabic.pipeline").build(c)
  if not p then input_error(err) end
  return p
end

--- The "transliteration" member of a long document, collected chunk by
-- chunk: the romanized texts one after the other (a chunk ends at a line
-- end, or at white space in a line too long for one, and every scheme
-- reads a line on its own), their tokens moved by the romanized bytes and
-- source bytes before them, the counts added.
local function translit_collector(first)
  local tc = { scheme = first.scheme, words = first.words and 0, approximate = first.approximate and 0,
    text = collector(""), tokens = collector(","), length = 0 }
  local alignment = require("arabic.translit").alignment
  function tc.add(t, base)
    if tc.words then tc.words = tc.words + (t.words or 0) end
    if tc.approximate then tc.approximate = tc.approximate + (t.approximate or 0) end
    -- escaping is per character: the pieces of the encoded string join
    tc.text.add(json.encode(t.text):sub(2, -2))
    for _, r in ipairs(alignment(t.text, t.map)) do
      tc.tokens.add("[" .. table.concat({ r[1] + tc.length, r[2] + tc.length, r[3] + base, r[4] + base }, ",") .. "]")
    end
    tc.length = tc.length + #t.text
  end
  function tc.write(w)
    w:write('"transliteration":{"scheme":', json.encode(tc.scheme), ',"text":"')
    tc.text.write(w)
    w:write('"')
    if tc.words then w:write(',"words":', tc.words) end
    if tc.approximate then w:write(',"approximate":', tc.approximate) end
    w:write(',"tokens":[')
    tc.tokens.write(w)
    w:write("]}")
  end
  function tc.close()
    tc.text.close()
    tc.tokens.close()
  end
  return tc
end

--- Annotate one document given in chunks: chunks() gives (text, base)
-- pairs in order (base: the chunk's 0-based offset in the document); ropts
-- are the document's own run options (its reference date and id: see
-- pipeline.RUN_OPTIONS); rest() gives the pipeline for the chunks after
-- the first (rest_pipeline). Returns a function that writes the "arabic"
-- member to w. One chunk (a document up to the chunk size) is the
-- pipeline on the whole document; more are each run on their own, with
-- the reference date the first one used and the document's id, their
-- offsets moved by their base.
local function annotate_chunks(p, rest, chunks, ropts, progress)
  local first_text, first_base = chunks()
  if first_text == nil then first_text, first_base = "", 0 end
  local doc = p:run(first_text, ropts)
  local annot = annot_keys(p)
  local second_text, second_base = chunks()
  if second_text == nil then
    return function(w) w:write(encode_annotations(doc, annot)) end
  end
  local keys, coll = {}, {}
  for _, k in ipairs(ANNOT_ORDER) do
    if (doc[k] or doc[k .. "_json"]) and (k ~= "removed" or doc.clean) then
      keys[#keys + 1] = k
      coll[k] = collector(",")
    end
  end
  local tc = doc.transliteration and translit_collector(doc.transliteration)
  local function collect(d, base)
    for _, k in ipairs(keys) do
      local js = d[k .. "_json"]
      if js then
        -- written by the first chunk's pipeline only, whose base is 0
        assert(base == 0, "a list written as JSON for a later chunk")
        if js ~= "" then coll[k].add(js) end
      end
      for _, x in ipairs(d[k] or {}) do
        x.first, x.last = x.first + base, x.last + base
        coll[k].add(json.object(annot[k], x))
      end
    end
    if tc and d.transliteration then tc.add(d.transliteration, base) end
  end
  local reference = doc.dates and doc.reference or nil
  local later = { reference = doc.reference, id = ropts and ropts.id }
  local ok, err = pcall(function()
    collect(doc, first_base)
    local rp = rest()
    local text, base = second_text, second_base
    while text do
      collect(rp:run(text, later), base)
      -- what a chunk made is garbage now: collect it before the next one,
      -- so the peak stays that of one chunk (a cycle costs little next to
      -- annotating 256 KiB)
      collectgarbage()
      if progress then progress(base + #text) end
      text, base = chunks()
    end
  end)
  if not ok then
    for _, k in ipairs(keys) do coll[k].close() end
    if tc then tc.close() end
    error(err, 0)
  end
  -- the keys in encode_annotations' order
  return function(w)
    w:write("{")
    local sep = ""
    if reference then
      w:write('"reference":', json.encode(reference))
      sep = ","
    end
    for _, k in ipairs(keys) do
      w:write(sep, json.encode(k), ":[")
      coll[k].write(w)
      w:write("]")
      sep = ","
    end
    if tc then
      w:write(sep)
      tc.write(w)
    end
    w:write("}")
  end
end

-- Where a chunk of a long text may end: after its last line break in the
-- last 64 KiB, else as a long line is cut (cut_point). At most #win.
local function text_cut(win)
  local from = math.max(1, #win - 65535)
  local last
  for p in win:sub(from):gmatch("()\n") do last = p end
  if last then return from + last - 1 end
  return cut_point(win, #win)
end

--- Chunks of a text in memory: an iterator of (piece, base).
local function string_chunks(s, chunk)
  local pos = 1
  return function()
    if pos > #s then return nil end
    local base = pos - 1
    if #s - base <= chunk then
      pos = #s + 1
      return base == 0 and s or s:sub(base + 1), base
    end
    local win = s:sub(pos, pos + chunk - 1)
    local cut = text_cut(win)
    pos = pos + cut
    return win:sub(1, cut), base
  end
end

--- Chunks of a file's text, read line by line (invalid UTF-8 stops with
-- the file and line): lines gathered up to the chunk size, then up to the
-- next blank line or piece of a long line (at most about twice the chunk
-- size).
local function file_chunks(h, name, chunk)
  local next_line = text_lines(h, name, chunk)
  local base = 0
  return function()
    local parts, size = {}, 0
    while true do
      local line, nl = next_line()
      if line == nil then break end
      parts[#parts + 1] = line
      parts[#parts + 1] = nl
      size = size + #line + #nl
      if size >= chunk and (nl == "" or not line:find("%S") or size >= 2 * chunk) then break end
    end
    if size == 0 and #parts == 0 then return nil end
    local text, b = table.concat(parts), base
    base = base + size
    return text, b
  end
end

local function file_size(h)
  local ok, size = pcall(function()
    local cur = h:seek()
    local n = h:seek("end")
    h:seek("set", cur)
    return n
  end)
  return ok and size or nil
end

-- ------------------------------------------------------------ documents
--
-- annotate, freq, kwic, dedup and export read documents the same way: each
-- input file whole, or with --jsonl one JSON object a line whose field
-- --field (default "text") is the document, --id-field its id and
-- --reference-field its date.

-- A record's reference date from its field (pipeline.record_reference):
-- a day, nil when the record has none, false when it is not a date.
local function record_reference(v) return require("arabic.pipeline").record_reference(v, json.null) end
-- A record's id from its field (pipeline.record_id): 7, not 7.0.
local function record_id(v) return require("arabic.pipeline").record_id(v, json.null) end

local DOCUMENT_OPTIONS = { jsonl = args.boolean, field = args.string, id_field = args.string }
-- for the commands that run a pipeline (dates resolve against the reference)
local REFERENCE_OPTIONS = { reference_field = args.string, reference = dates.OPTIONS.reference }

local function check_documents(o)
  for _, k in ipairs { "field", "id_field", "reference_field" } do
    if o[k] and not o.jsonl then usage_error(dashed(k) .. " needs --jsonl") end
  end
end

--- Calls fn(text, doc) for each document of an input, doc = { file, line,
-- id, label (the id, else FILE:LINE or FILE, as a string), reference (the
-- record's date, else --reference), record (the JSON line as read), offset
-- (the bytes of the input read so far) }. A bad line (not a JSON object,
-- no string field, text that is not UTF-8, a date field that is not a
-- date; an id field missing unless how.id_optional) stops the run (exit 1)
-- naming the file, line and byte offset (and the id when there is one);
-- the documents before it have been given to fn.
-- With how.chunks, fn(chunks, doc) instead: chunks() gives the document's
-- text in pieces (text, base) of about M.CHUNK bytes (base: the piece's
-- 0-based offset in the document; see file_chunks and string_chunks),
-- each checked as it comes, so an input file is read piece by piece and
-- memory stays bounded whatever its size. fn must take every piece.
local function each_document(o, h, name, fn, how)
  how = how or {}
  if not o.jsonl then
    local doc = { file = name, label = name, reference = o.reference }
    if how.chunks then
      local next_chunk, size = file_chunks(h, name, M.CHUNK), 0
      fn(function()
        local text, base = next_chunk()
        if text then
          size = base + #text
          doc.offset = size
        end
        return text, base
      end, doc)
      return size
    end
    local s = read_text(h, name)
    doc.offset = #s
    fn(s, doc)
    return #s
  end
  local field = o.field or "text"
  local lineno, offset = 0, 0
  local json_record = require("arabic.core").json_record
  -- a record is decoded whole (its text is one JSON string); its text is
  -- then given in chunks when asked
  for line, nl in lines_keep(h, name) do
    lineno = lineno + 1
    local where = ("%s:%d (byte %d)"):format(name, lineno, offset + 1)
    offset = offset + #line + #nl
    if line:find("%S") then
      -- the three fields read in C, without a table (core.json_record);
      -- any record it leaves (one not read plainly, a bad one) is decoded
      -- by the JSON library, whose messages the errors give
      local plain, text, id_value, ref_value = json_record(line, field, o.id_field, o.reference_field)
      if not plain then
        local obj, err = json.decode(line)
        if type(obj) ~= "table" or obj[1] ~= nil or not line:match("^%s*{") then
          input_error(("%s: %s"):format(where, err and ("invalid JSON: " .. err) or "not a JSON object"))
        end
        text = obj[field]
        if o.id_field then id_value = obj[o.id_field] end
        if o.reference_field then ref_value = obj[o.reference_field] end
      end
      if type(text) ~= "string" then input_error(("%s: no string field '%s'"):format(where, field)) end
      local doc = { file = name, line = lineno, label = name .. ":" .. lineno, reference = o.reference,
        record = line, offset = offset }
      if o.id_field then
        local id = record_id(id_value)
        if id then
          doc.id, doc.label = id, type(id) == "number" and ("%.17g"):format(id) or id
          where = ("%s, id %s"):format(where, doc.label)
        elseif id == false or not how.id_optional then
          input_error(("%s: no string or number field '%s'"):format(where, o.id_field))
        end
      end
      if o.reference_field then
        local v = ref_value
        local day = record_reference(v)
        if day == false then
          input_error(("%s: field '%s' is not a date YYYY-MM-DD: %s"):format(where, o.reference_field,
            json.encode(v) or tostring(v)))
        end
        doc.reference = day or o.reference
      end
      if how.chunks then
        local next_chunk = string_chunks(text, M.CHUNK)
        fn(function()
          local piece, base = next_chunk()
          if piece == nil then return nil end
          local what, at = not_text(piece)
          if what then
            input_error(("%s: field '%s': %s at byte %d of the text"):format(where, field, what, base + at))
          end
          return piece, base
        end, doc)
      else
        local what, at = not_text(text)
        if what then input_error(("%s: field '%s': %s at byte %d of the text"):format(where, field, what, at)) end
        fn(text, doc)
      end
    end
  end
  return offset
end

--- The pipeline of annotate and export: --config FILE, or sentences,
-- entities and dates. Returns the pipeline and its configuration.
local function command_pipeline(o)
  local config = o.config and load_config(o.config) or { sentences = true, entities = true, dates = true }
  local p, perr = require("arabic.pipeline").build(config)
  if not p then input_error((o.config or "configuration") .. ": " .. perr) end
  return p, config
end

-- Lua's %s: space, \t, \n, \v, \f, \r
local SPACE = { [32] = true, [9] = true, [10] = true, [11] = true, [12] = true, [13] = true }

--- A JSON object record without its closing brace, and the separator
-- before a member added at its end ("" when it has none, else ","): what
-- record:match("^(.-)}%s*$") and head:match("{%s*$") give, found from the
-- end (those patterns try every byte of the record).
local function record_head(record)
  local byte = string.byte
  local e = #record
  while e > 0 and SPACE[byte(record, e)] do e = e - 1 end
  -- each_document checked that the record is one JSON object: it ends with }
  local head = record:sub(1, e - 1)
  local i = e - 1
  while i > 0 and SPACE[byte(record, i)] do i = i - 1 end
  return head, byte(record, i) == 123 and "" or ","
end
M._record_head = record_head

local function annotate(o, files, out)
  check_documents(o)
  local p, config = command_pipeline(o)
  -- annotate writes a sentence's first and last only: no text to make;
  -- and, with no step of the user's to read them, the sentences' and
  -- entities' JSON objects without their tables (not for a long
  -- document's later chunks, whose offsets move)
  p._sentence_text = false
  if annot_keys(p) == ANNOT_PLAIN then p._json = json.value_json end
  local rp -- the pipeline of a long document's later chunks, made when one comes
  local function rest()
    if not rp then
      rp = rest_pipeline(config)
      rp._sentence_text = false
    end
    return rp
  end
  local show = o.progress
  if show == nil then show = stderr_is_tty() end
  local depth = arabic._WORKER_SLOTS -- records begun and not written, at most
  local function one_input(h, name)
    local bar = show and progress_bar(file_size(h), name)
    local writing = false -- a record's write began and has not ended
    local function write(member, d)
      writing = true
      if not o.jsonl then
        out:write('{"file":', json.encode(name), ',"arabic":')
      else
        local head, sep = record_head(d.record)
        out:write(head, sep, '"arabic":')
      end
      member(out)
      out:write("}\n")
      writing = false
      if bar then bar.update(d.offset) end
    end
    -- Records of one chunk are begun up to arabic._WORKER_SLOTS ahead of
    -- the one written: while Lua writes a record, reads the next ones and
    -- finds their dates, the entity worker (when the pipeline has one)
    -- matches their entities, splits their sentences and makes their
    -- dates' start (pipeline _begin, _finish), and neither waits for the
    -- other when one record takes longer than the next. Every record read
    -- before a bad one is still written before the error (not after a
    -- signal or a failed write: nothing more is written then).
    local queue, qhead, qtail = {}, 1, 0 -- { state, d }: begun, not written
    local finishing = false -- a record's _finish began and has not ended
    local function write_doc(doc, d)
      local member = encode_annotations(doc, annot_keys(p))
      local head, sep = record_head(d.record)
      writing = true
      out.line(head, sep, '"arabic":', member, "}\n")
      writing = false
      if bar then bar.update(d.offset) end
    end
    -- the oldest begun record, finished and written
    local function write_oldest()
      local q = queue[qhead]
      queue[qhead] = nil
      qhead = qhead + 1
      finishing = true
      local doc = p:_finish(q.state)
      finishing = false
      write_doc(doc, q.d)
    end
    local function flush()
      while qhead <= qtail do write_oldest() end
    end
    local function record(chunks, d)
      local ropts = { reference = d.reference, id = d.id } -- the record's own settings: its date, its id
      local first, fbase = chunks()
      local second, sbase
      if first ~= nil then second, sbase = chunks() end
      if second == nil then
        local ok, state = pcall(p._begin, p, first or "", ropts)
        if not ok then
          flush()
          error(state, 0)
        end
        if state.started then
          qtail = qtail + 1
          queue[qtail] = { state = state, d = d }
          if qtail - qhead + 1 >= depth then write_oldest() end
        else
          flush()
          write_doc(p:_finish(state), d)
        end
        return
      end
      flush()
      -- a long record: its chunks one after the other (the two read, then
      -- the rest)
      local read = { first, fbase, second, sbase }
      write(annotate_chunks(p, rest, function()
        if #read > 0 then
          local text, base = read[1], read[2]
          table.remove(read, 1)
          table.remove(read, 1)
          return text, base
        end
        return chunks()
      end, ropts), d)
    end
    local size
    if o.jsonl then
      local ok, err = pcall(function()
        size = each_document(o, h, name, record, { chunks = true, id_optional = true })
      end)
      local bad_record = type(err) == "table" and err.code == 1 and not err.write
      if ok or (bad_record and not writing and not finishing) then flush() end
      if not ok then error(err, 0) end
    else
      size = each_document(o, h, name, function(chunks, d)
        write(annotate_chunks(p, rest, chunks, { reference = d.reference, id = d.id }, bar and bar.update or nil), d)
      end, { chunks = true, id_optional = true })
    end
    if bar then bar.finish(size) end
  end
  each_input(files, one_input)
  return 0
end


command {
  name = "annotate",
  summary = "the whole pipeline from a config file: one JSON object a document",
  help = [==[
usage: arabic annotate [--config FILE] [--jsonl [--field NAME] [--reference-field NAME]
                       [--id-field NAME]] [--reference YYYY-MM-DD] [--progress | --no-progress]
                       [FILE...]

Run a pipeline (chrome removal, sentences, entities, dates, numbers) and
write one JSON object per document. The pipeline comes from --config, a
file with the keys of arabic.pipeline, read by its extension: FILE.json is
JSON (always), FILE.lua is Lua returning a table (code you chose to run:
it gets string, table, math, os.getenv/date/time and the arabic module, no
require, io or os.execute):
  return { boilerplate = true, sentences = true, dates = true,
           entities = { gazetteers = { "default", "people.tsv" }, fuzzy = true } }
Without --config: sentences, entities (default gazetteer) and dates.

Documents:
  (default)  each input file is one document; the output object is
             {"file":NAME,"arabic":{...}}
  --jsonl    each input line is a JSON object whose field NAME (default:
             "text") is the document; the line is written back unchanged
             with an "arabic" member added. Streams with constant memory:
             split a corpus across cores with GNU parallel:
               parallel --pipe -k --block 4M arabic annotate --jsonl < in.jsonl > out.jsonl
  --reference-field NAME
             the record's field NAME holds its date (YYYY-MM-DD, or an ISO
             8601 timestamp: its date part): relative dates in that
             record (أمس، الشهر الماضي) resolve against it. A record
             without the field (or with null) falls back to --reference,
             the configuration's dates.reference, or the page's banner date.
  --id-field NAME
             the record's field NAME is its id: errors name it, and the
             pipeline's steps see it as doc.id.
  --reference YYYY-MM-DD
             the reference date of every document (before the
             configuration's own).
The "arabic" member holds the reference date used (when there was one),
then sentences, entities, dates, numbers and removed (the steps that ran):
lists of objects with "first" and "last", 1-based inclusive byte offsets
in the document's text. With transliterate = "ala-lc"
(or { scheme = ..., text = true, entities = true }) it also holds
"transliteration": {"scheme","text","words","approximate","tokens"}, tokens
being [first, last, source first, source last] of each romanized word, and
each entity gets "translit" (a gazetteer's "en" or scheme attribute first).
A bad line (broken JSON, no text field, invalid UTF-8) stops the run with its
file, line and byte offset (exit 1); the output of the lines before it is
complete. A document longer than 256 KiB is annotated in chunks cut at line
breaks (chrome removal sees the first chunk; every chunk gets the record's
date and id), so memory stays bounded.
--progress shows a progress bar on standard error (default: when standard
error is a terminal).
Examples:
  arabic annotate --config pipeline.lua examples/articles/*.txt
  arabic annotate --jsonl --field body corpus.jsonl > annotated.jsonl
  arabic annotate --jsonl --reference-field date --id-field id corpus.jsonl
]==],
  options = args.extend(DOCUMENT_OPTIONS, REFERENCE_OPTIONS, { config = args.string, progress = args.boolean }),
  short = { c = "config" },
  main = annotate,
}

--- gazetteer compile: sources into a .gaz file.
local function compile(o, files)
  if not o.output then usage_error("gazetteer compile needs -o OUT.gaz") end
  if #files == 0 then usage_error("gazetteer compile needs at least one source file") end
  local g = gazetteer.new { normalize = o.normalize, fuzzy_index = o.fuzzy_index }
  for _, path in ipairs(files) do
    -- the library's errors about a file are input errors (exit 1)
    local ok, res, report = pcall(g.load, g, path == "default" and path or input_file(path), { strict = not o.lenient })
    if not ok then input_error(tostring(res)) end
    if report.skipped > 0 then
      io.stderr:write(("arabic gazetteer compile: %s: skipped %d bad line(s); first: %s\n")
        :format(path, report.skipped, report.first_error or "?"))
    end
  end
  local ok, err = pcall(g.save, g, o.output)
  if not ok then input_error(tostring(err)) end
  local st = g:stats()
  io.stderr:write(("arabic gazetteer compile: %d entries, %d tokens, %d bytes -> %s\n")
    :format(st.entries, st.tokens, st.bytes, o.output))
  return 0
end

--- gazetteer info: sizes and normalization of a .gaz file.
local function info(_, files, out)
  if #files ~= 1 then usage_error("gazetteer info needs one .gaz file") end
  local ok, g = pcall(gazetteer.open, input_file(files[1]), { verify = true })
  if not ok then input_error(tostring(g)) end
  local st = g:stats()
  for _, k in ipairs { "entries", "tokens", "nodes", "edges", "fuzzy_keys", "types", "bytes" } do
    out:write(k, "\t", st[k], "\n")
  end
  local norm = g:compiled():normalization()
  local keys = {}
  for k in pairs(norm) do keys[#keys + 1] = k end
  table.sort(keys)
  for _, k in ipairs(keys) do out:write("normalize.", k, "\t", tostring(norm[k]), "\n") end
  return 0
end

command {
  name = "gazetteer",
  summary = "compile gazetteer sources into a .gaz file; show its info",
  help = [[
usage: arabic gazetteer compile SOURCE... -o OUT.gaz [--normalize=PRESET]
                                [--no-fuzzy-index] [--lenient]
       arabic gazetteer info FILE.gaz

compile: read TSV (header: name, type, id, canonical, flags, more columns
as attributes) or JSON Lines sources and write a compiled gazetteer that
opens instantly (mmap). The source "default" is the default gazetteer's
own sources, so one file can hold them and yours. Between entries of one
name, the higher priority wins, then the source given first. --lenient
skips bad lines (and says how many) instead of stopping at the first one.
info: entries, tokens, sizes and the normalization of a compiled file.
Examples:
  arabic gazetteer compile people.tsv places.jsonl -o news.gaz
  arabic gazetteer compile my.tsv default -o news.gaz
]],
  sub = {
    compile = {
      options = { output = args.string, lenient = args.boolean, -- and two of gazetteer.new's:
        normalize = gazetteer.NEW_OPTIONS.normalize, fuzzy_index = gazetteer.NEW_OPTIONS.fuzzy_index },
      short = { o = "output" },
      main = compile,
    },
    info = { main = info },
  },
}

-- ------------------------------------------------------- corpus tools
--
-- freq, kwic, dedup, stem and export: their options are the modules'
-- OPTIONS (lua/arabic/freq.lua ...), so an option added there is an option
-- here too.

local freq_mod = require "arabic.freq"
local kwic_mod = require "arabic.kwic"
local dedup_mod = require "arabic.dedup"
local stem_mod = require "arabic.stem"
local export_mod = require "arabic.export"

-- The writer of the --format asked for (commands that write themselves).
local function writer_of(spec, o)
  local want = o.format or spec.formats[1][1]
  for _, f in ipairs(spec.formats) do
    if f[1] == want then return f[2] end
  end
end

local FREQ = {
  name = "freq",
  summary = "word frequencies (stems, clitic forms, stop words), streaming",
  help = [==[
usage: arabic freq [--stem[=light10|isri]] [--stopwords[=NAME|FILE]] [--clitics]
                   [--min-count=N] [--limit=N] [--kinds=word,latin,...]
                   [--normalize=PRESET|false] [--jsonl [--field NAME]]
                   [--format=tsv|jsonl] [FILE...]

Count the words of all the input together, most frequent first (ties in
the order they first occur). Words are compared after normalization
(preset search; --normalize=false counts them as written); the input is
read line by line, or with --jsonl record by record (the field NAME,
default "text", of each line's JSON object): memory grows with the number
of distinct words, not with the input.
  --stem[=ALGO]       count stems (light10, the default, or isri)
  --stopwords[=LIST]  leave out stop words: the "counting" list, or "common",
                      or a file of one word a line
  --clitics           count a proclitic form (وايران، لايران) with its bare
                      form when the bare form is at least as frequent
  --min-count N, --limit N   leave out rare words; at most N rows
  --kinds LIST        token kinds counted (default: word,latin)
Formats:
  tsv    word, count, forms (the forms counted together: form:count ...)
  jsonl  {"word":..,"count":..,"forms":[{"form":..,"count":..},...]}
Examples:
  arabic freq --stem --clitics --stopwords --limit=50 corpus.txt
  arabic freq --stem=isri --format=jsonl a.txt b.txt
  arabic freq --jsonl --field body --stem --min-count=5 corpus.jsonl
]==],
  options = args.extend(freq_mod.OPTIONS, { jsonl = DOCUMENT_OPTIONS.jsonl, field = DOCUMENT_OPTIONS.field }),
  formats = {
    { "tsv", function(out, list)
      for _, w in ipairs(list) do
        local forms = {}
        for i, f in ipairs(w.forms) do forms[i] = f.form .. ":" .. f.count end
        out:write(w.word, "\t", w.count, "\t", table.concat(forms, " "), "\n")
      end
    end },
    { "jsonl", function(out, list)
      for _, w in ipairs(list) do
        local forms = {}
        for i, f in ipairs(w.forms) do forms[i] = json.object({ "form", "count" }, f) end
        out:write(json.object({ "word", "count" }, w):sub(1, -2), ',"forms":[', table.concat(forms, ","), "]}\n")
      end
    end },
  },
}
FREQ.main = function(o, files, out)
  check_documents(o)
  local counter = freq_mod.counter(only(o, freq_mod.OPTIONS))
  each_input(files, function(h, name)
    if o.jsonl then
      -- a record's text in chunks, as a line (a chunk ends at white space)
      each_document(o, h, name, function(chunks)
        for piece in chunks do counter:add(piece) end
      end, { chunks = true })
    else
      for line in text_lines(h, name, M.CHUNK) do counter:add(line) end
    end
  end)
  writer_of(FREQ, o)(out, (counter:result()))
  return 0
end
command(FREQ)

local KWIC_JSON = { "file", "line", "id", "first", "last", "left", "match", "right", "clitic" }

local KWIC = {
  name = "kwic",
  summary = "concordance: a word or phrase in its context, with offsets",
  help = [==[
usage: arabic kwic WORD [--width=N] [--stem[=light10|isri]] [--no-clitics]
                   [--normalize=PRESET] [--jsonl [--field NAME] [--id-field NAME]]
                   [--format=text|tsv|jsonl] [FILE...]

Find WORD (a word or a phrase: quote it) in the input, paragraph by
paragraph, compared after normalization (preset search): إيران finds ايران
and إيرانَ; the first word may carry proclitics (وإيران، لإيران) unless
--no-clitics; --stem matches words by their stems. Offsets are 1-based
inclusive bytes in each input, as the other commands count them; with
--jsonl, each line's JSON object is a document (its field NAME, default
"text") and offsets are bytes of that text.
  --width N   characters of context on each side (default 40; white space
              shown as one space)
Formats:
  text   FIRST-LAST<TAB>LEFT[MATCH]RIGHT (FILE: before it with several
         inputs; with --jsonl the record's id, else FILE:LINE)
  tsv    first, last, left, match, right, file, line, id (line and id:
         --jsonl's)
  jsonl  {"file":..,"line":..,"id":..,"first":..,"last":..,"left":..,"match":..,
          "right":..,"clitic":..}
Examples:
  arabic kwic إيران examples/articles/*.txt
  arabic kwic 'الولايات المتحدة' --width=20 --format=tsv corpus.txt
  arabic kwic إيران --jsonl --id-field id examples/corpus.jsonl
]==],
  options = args.extend(kwic_mod.OPTIONS, DOCUMENT_OPTIONS),
  positional = "query",
  formats = {
    { "text", function(out, recs, unit)
      for _, k in ipairs(recs) do
        out:write(unit.prefix, unit.base + k.first, "-", unit.base + k.last, "\t", k.left, "[",
          (k.match:gsub("%s+", " ")), "]", k.right, "\n")
      end
    end },
    { "tsv", function(out, recs, unit)
      for _, k in ipairs(recs) do
        out:write(unit.base + k.first, "\t", unit.base + k.last, "\t", fmt.tsv_field(k.left), "\t",
          fmt.tsv_field(k.match), "\t", fmt.tsv_field(k.right), "\t", fmt.tsv_field(unit.name), "\t",
          unit.line or "", "\t", unit.id ~= nil and fmt.tsv_field(tostring(unit.id)) or "", "\n")
      end
    end },
    { "jsonl", function(out, recs, unit)
      for _, k in ipairs(recs) do
        out:write(json.object(KWIC_JSON, {
          file = unit.name, line = unit.line, id = unit.id, first = unit.base + k.first, last = unit.base + k.last,
          left = k.left, match = k.match, right = k.right, clitic = k.clitic or json.null }), "\n")
      end
    end },
  },
}
KWIC.main = function(o, files, out)
  check_documents(o)
  local query = o.query
  if not query then usage_error("kwic needs a word or phrase: arabic kwic WORD [FILE...]") end
  local ok, kw = pcall(kwic_mod.concordancer, query, only(o, kwic_mod.OPTIONS))
  if not ok then usage_error(tostring(kw):match("%((.*)%)$") or tostring(kw)) end
  local write = writer_of(KWIC, o)
  each_input(files, function(h, name)
    if o.jsonl then
      -- a long record's text in chunks (cut at a line end, else at white
      -- space), as a long paragraph of a file
      each_document(o, h, name, function(chunks, d)
        for piece, base in chunks do
          write(out, kw(piece), { name = name, line = d.line, id = d.id, base = base, prefix = d.label .. ":" })
        end
      end, { chunks = true })
      return
    end
    local prefix = #files > 1 and name .. ":" or ""
    for para, offset in paragraphs(h, name, M.CHUNK) do
      write(out, kw(para), { name = name, base = offset, prefix = prefix })
    end
  end)
  return 0
end
command(KWIC)

local DEDUP = {
  name = "dedup",
  summary = "near-duplicate documents, paragraphs, lines or sentences (MinHash)",
  help = [==[
usage: arabic dedup [--unit=document|paragraph|line|sentence] [--threshold=X]
                    [--shingle=N] [--min-words=N] [--hashes=N] [--bands=N] [--seed=N]
                    [--text] [--jsonl [--field NAME] [--id-field NAME]]
                    [--format=jsonl|tsv] [FILE...]

Find units that repeat, exactly or nearly, within and across the inputs:
MinHash signatures of word shingles (3 words, after normalization) and an
estimated Jaccard similarity of at least --threshold (default 0.7). Groups
join near-duplicates transitively. Only signatures and offsets are kept.
Documents:
  (default)  each input file is one document; offsets are 1-based inclusive
             bytes in the file
  --jsonl    each input line is a JSON object whose field NAME (default
             "text") is a document; offsets are bytes in that field's text,
             "line" is the input line, "id" the --id-field's value (a line
             without it is an error)
  --unit     document (default), paragraph (blank-line blocks), line or
             sentence; units of fewer than --min-words words (5) are skipped
  --text     add each member's text
Formats:
  jsonl  one group a line: {"group":N,"similarity":X,"members":[{"file":..,
         "line":..,"id":..,"first":..,"last":..,"text":..},...]}
  tsv    one member a line: group, similarity, file, line, id, first, last, text
Examples:
  arabic dedup --unit=paragraph pages/*.txt
  arabic dedup --jsonl --field body --id-field url --threshold=0.8 crawl.jsonl
]==],
  options = args.extend(dedup_mod.OPTIONS, DOCUMENT_OPTIONS),
  formats = {
    { "jsonl", function(out, groups)
      local keys = { "file", "line", "id", "first", "last", "text" }
      for _, g in ipairs(groups) do
        local members = {}
        for i, m in ipairs(g.members) do members[i] = json.object(keys, m) end
        out:write(json.object({ "group", "similarity" }, g):sub(1, -2), ',"members":[', table.concat(members, ","),
          "]}\n")
      end
    end },
    { "tsv", tsv { "group", "similarity", "file", "line", "id", "first", "last", "text" } },
  },
}
DEDUP.main = function(o, files, out)
  check_documents(o)
  local bad = dedup_mod.bands_error(o, dashed)
  if bad then usage_error(bad) end
  local d = dedup_mod.deduper(only(o, dedup_mod.OPTIONS))
  each_input(files, function(h, name)
    -- only where the document is from is kept, not its record
    each_document(o, h, name, function(text, w) d:add(text, { file = w.file, line = w.line, id = w.id }) end)
  end)
  local groups = d:groups()
  local rows = {}
  for n, g in ipairs(groups) do
    g.group = n
    g.similarity = tonumber(("%.3f"):format(g.similarity))
    for i, m in ipairs(g.members) do
      local w = m.id
      g.members[i] = { group = n, similarity = ("%.3f"):format(g.similarity), file = w.file, line = w.line, id = w.id,
        first = m.first, last = m.last, text = m.text }
      rows[#rows + 1] = g.members[i]
    end
  end
  if (o.format or "jsonl") == "jsonl" then
    writer_of(DEDUP, o)(out, groups)
  else
    writer_of(DEDUP, o)(out, rows, { base = 0 })
  end
  return 0
end
command(DEDUP)

command {
  name = "stem",
  summary = "light stemming (light10, ISRI): a word a line or running text",
  help = [==[
usage: arabic stem [--algorithm=light10|isri] [--normalize=PRESET|false] [--cache=N]
                   [--format=text|tsv|jsonl] [FILE...]

Stem each word of the input, line by line: a list of one word a line gives
one stem a line; in running text each word is replaced by its stem and
everything else (spaces, punctuation, numbers, Latin) is kept.
  --algorithm  light10 (default; Larkey's light stemmer as Lucene applies
               it, after the lucene normalization) or isri (the ISRI root
               stemmer as NLTK applies it)
  --normalize  normalization before stemming (false: none)
Formats:
  text   the input with words replaced by their stems
  tsv    first, last, word, stem (one word a line; 1-based inclusive bytes)
  jsonl  {"first":..,"last":..,"text":..,"stem":..}
Examples:
  printf 'والكتابات\nللمعلمين\n' | arabic stem
  arabic stem --algorithm=isri --format=tsv article.txt
]==],
  options = stem_mod.OPTIONS,
  setup = function(o) return stem_mod.stemmer(only(o, stem_mod.OPTIONS)) end,
  unit = "lines",
  run = function(st, line)
    local recs = {}
    for first, last, kind in arabic.tokens(line) do
      if kind == "word" then
        local w = line:sub(first, last)
        recs[#recs + 1] = { first = first, last = last, text = w, stem = st(w) }
      end
    end
    return recs
  end,
  formats = {
    { "text", function(out, recs, unit)
      local s, pos = unit.text, 1
      for _, r in ipairs(recs) do
        out:write(s:sub(pos, r.first - 1), r.stem)
        pos = r.last + 1
      end
      out:write(s:sub(pos), unit.nl)
    end },
    -- a word and its stem have no white space in them
    { "tsv", tsv({ "first", "last", "text", "stem" }, { text = true, stem = true }) },
    { "jsonl", jsonl { "first", "last", "text", "stem" } },
  },
}

local EXPORT = {
  name = "export",
  summary = "run the pipeline and write CoNLL-U, CoNLL, brat or JSON",
  help = [==[
usage: arabic export [--format=conllu|conll|brat|json] [--config FILE]
                     [--offsets=bytes|chars|utf16] [--include=LISTS] [--no-text]
                     [--jsonl [--field NAME] [--id-field NAME] [--reference-field NAME]]
                     [--reference YYYY-MM-DD] [FILE...]

Run a pipeline (default: sentences, entities, dates; or --config FILE, as
for annotate) on each document and write it in an exchange format:
  conllu  CoNLL-U: "# newdoc id", "# sent_id = DOC-N", "# text", ten
          columns, entities in MISC (NER=B-PER|NERId=...), --offsets adds
          TokenRange=start:end (0-based, end exclusive)
  conll   token<TAB>BIO tag, a blank line after each sentence
  brat    standoff .ann lines (character offsets); one document only
  json    one JSON object a document a line: "id", "text" (unless
          --no-text), the pipeline's lists; --offsets=chars|utf16 adds
          start/end for Python or JavaScript strings
Tokens inside page chrome the pipeline removed are left out. Documents are
the input files, or with --jsonl the field NAME (default "text") of each
line's JSON object (the id: --id-field, which every line must have, else
FILE:LINE). Relative dates (أمس، الشهر المقبل) resolve against the
record's --reference-field (YYYY-MM-DD or an ISO 8601 timestamp), else
--reference, else the configuration's dates.reference or the banner date,
as for annotate.
Examples:
  arabic export --format=conllu --offsets=chars article.txt > article.conllu
  arabic export --format=brat article.txt > article.ann
  arabic export --jsonl --id-field url --reference-field date --format=json crawl.jsonl
]==],
  options = args.extend(export_mod.OPTIONS, DOCUMENT_OPTIONS, REFERENCE_OPTIONS, { config = args.string }),
  short = { c = "config" },
  formats = { { "conllu" }, { "conll" }, { "brat" }, { "json" } },
}
EXPORT.main = function(o, files, out)
  check_documents(o)
  local format = o.format or "conllu"
  if format == "brat" and (o.jsonl or #files > 1) then
    usage_error("brat writes one document's .ann: give one FILE, without --jsonl")
  end
  local p = command_pipeline(o)
  local eo = only(o, export_mod.OPTIONS)
  -- a document is exported whole (its tokens and sentences are numbered
  -- through it), written through the command line's output
  each_input(files, function(h, name)
    each_document(o, h, name, function(text, where)
      -- the document's own date and its name in the export
      local doc = p:run(text, { reference = where.reference, id = where.label })
      local s = export_mod.export(doc, format, eo)
      if format == "conllu" then
        s = "# newdoc id = " .. where.label .. "\n"
          .. s:gsub("# sent_id = (%d+)\n", function(n) return "# sent_id = " .. where.label .. "-" .. n .. "\n" end)
      elseif format == "json" then
        s = s .. "\n"
      end
      out:write(s)
    end)
  end)
  return 0
end
command(EXPORT)

local function pandoc_filter(_, files, out)
  if files[1] then usage_error("pandoc-filter takes no arguments") end
  local src = debug.getinfo(1, "S").source:gsub("^@", "")
  local dir = src:match("^(.*)[/\\][^/\\]*$") or "."
  -- next to this file, in a checkout (lua/arabic/) and in a rock's tree alike
  local path = dir .. "/filter.lua"
  local f = io.open(path, "rb")
  if f then
    f:close()
    out:write(path, "\n")
    return 0
  end
  input_error("the pandoc filter is not installed next to " .. src)
end


command {
  name = "pandoc-filter",
  summary = "print the path of the pandoc Lua filter",
  help = [[
usage: arabic pandoc-filter

Print the path of the pandoc Lua filter, for:
  pandoc --lua-filter "$(arabic pandoc-filter)" article.md -o article.html
With a pandoc that cannot load C modules, use the JSON filter instead:
  pandoc --filter pandoc-arabic article.md -o article.html
]],
  main = pandoc_filter,
}

-- `arabic pandoc-css`: where the stylesheet for the filter's HTML is (or,
-- with --html, the stylesheet in a <style> element, for pandoc -H).
command {
  name = "pandoc-css",
  summary = "print the path of the stylesheet for the pandoc filter's HTML",
  help = [[
usage: arabic pandoc-css [--html]

Print the path of the stylesheet for HTML made with the pandoc filter
(Arabic fonts, lists and quotes on the right, code and math left-to-right,
wide code and tables that scroll, entities and dates highlighted):
  pandoc --lua-filter "$(arabic pandoc-filter)" doc.md -s --css "$(arabic pandoc-css)" \
         --self-contained -o doc.html
  --html   print the stylesheet itself in a <style> element, for pandoc -H:
           arabic pandoc-css --html > style.html; pandoc ... -s -H style.html
]],
  options = { html = args.boolean },
  main = function(o, files, out)
    if files[1] then usage_error("pandoc-css takes no file arguments") end
    local path = require("arabic.data").path("pandoc/arabic.css")
    if not path then input_error("the stylesheet pandoc/arabic.css is not installed") end
    local n
    repeat path, n = path:gsub("[^/\\.][^/\\]*[/\\]%.%.[/\\]", "", 1) until n == 0 -- a/b/../c -> a/c
    if not o.html then
      out:write(path, "\n")
      return 0
    end
    local f = assert(io.open(path, "rb"))
    local css = f:read("*a")
    f:close()
    out:write("<style>\n", css, "</style>\n")
    return 0
  end,
}

command {
  name = "help",
  summary = "show help for a command: arabic help entities",
  main = function(_, files, out)
    local spec = COMMANDS[files[1] or ""]
    out:write(spec and spec.help or M.usage())
    return 0
  end,
}

-- -------------------------------------------------------------- driver

--- The usage text, with every command's summary.
function M.usage()
  local lines = { "usage: arabic COMMAND [OPTIONS] [FILE...]", "", "Commands:" }
  for _, name in ipairs(ORDER) do
    lines[#lines + 1] = "  " .. name .. (" "):rep(math.max(2, 12 - #name)) .. COMMANDS[name].summary
  end
  lines[#lines + 1] = [[

Input is read from the files named, or from standard input when there are
none (or for "-"). Offsets are 1-based inclusive byte positions in the input
as given, counted across all lines of one input.
Exit status: 0 success, 1 bad input, 2 usage error, 74 the output could not
be written (a full disk: "arabic: write error: No space left on device").
]]
  return table.concat(lines, "\n")
end

--- Run one command's spec on its arguments; returns the exit status.
local function run(spec, argv, out, cmd)
  if spec.sub then
    local sub = spec.sub[argv[1] or ""]
    if argv[1] == nil or argv[1] == "--help" or argv[1] == "-h" or argv[1] == "help" then
      out:write(spec.help)
      return argv[1] == nil and 2 or 0
    end
    if not sub then
      usage_error(("unknown %s command '%s' (%s)"):format(cmd, argv[1], args.names(spec.sub)))
    end
    sub.help = sub.help or spec.help
    return run(sub, { select(2, (table.unpack or unpack)(argv)) }, out, cmd .. " " .. argv[1])
  end
  local o, files = command_args(spec, argv, cmd)
  if o.help then
    out:write(spec.help)
    return 0
  end
  -- a command's own first argument (kwic WORD), before the files
  if spec.positional then o[spec.positional] = table.remove(files, 1) end
  if spec.main then return spec.main(o, files, out) end
  local state = o
  if spec.setup then state = spec.setup(o, out) end
  if type(state) == "number" then return state end
  local write
  for _, f in ipairs(spec.formats) do
    if f[1] == (o.format or spec.formats[1][1]) then write = f[2] end
  end
  local function emit(recs, unit) write(out, recs, unit) end
  each_input(files, function(h, name)
    if spec.input then
      spec.input(state, h, name, out, emit)
    else
      UNITS[spec.unit](h, name, out, function(text, unit) emit(spec.run(state, text, unit, out), unit) end)
    end
  end)
  return 0
end

-- The command line with its output w; returns the exit status.
local function main(argv, w, err)
  local cmd = argv[1]
  if cmd == nil or cmd == "-h" or cmd == "--help" then
    w:write(M.usage())
    return cmd == nil and 2 or 0
  end
  if cmd == "--version" then
    w:write("arabic ", arabic._VERSION, " (utf8proc ", arabic.utf8proc_version,
      ", PCRE2 ", arabic.pcre2_version, ", Unicode ", arabic.unicode_version, ")\n")
    return 0
  end
  local spec = COMMANDS[cmd]
  if not spec then
    err:write("arabic: unknown command '", cmd, "' (try: arabic --help)\n")
    return 2
  end
  local rest = {}
  for i = 2, #argv do rest[#rest + 1] = argv[i] end
  return run(spec, rest, w, cmd)
end

--- Run the command line; returns the exit status. Whatever stops a run,
-- the output made before it is written out first (and a failure to write
-- it is reported as such: exit status 74).
function M.main(argv, out, err)
  out = out or io.stdout
  err = err or io.stderr
  local core = require "arabic.core"
  if out == io.stdout then
    core.ignore_sigxfsz()
    core.trap_signals()
  end
  local w = output(out)
  local ok, res = pcall(main, argv, w, err)
  -- stopped by a signal (even where a pcall inside caught the error the
  -- signal raised): the whole lines written, the status a shell expects
  local sig = out == io.stdout and core.signalled()
  if sig then
    pcall(w.abort)
    err:write("arabic ", argv[1] or "arabic", ": stopped by signal ", sig, "\n")
    return 128 + sig
  end
  local wrote, werr = true, nil
  if not (getmetatable(res) == UsageError and res.write) then wrote, werr = pcall(ok and w.finish or w.abort) end
  if not ok and getmetatable(res) == UsageError and res.write then wrote, werr = false, res end
  local cmd = argv[1] or "arabic"
  if not ok then
    if getmetatable(res) == UsageError and not res.write then
      err:write("arabic ", cmd, ": ", res.msg, "\n")
    elseif getmetatable(res) ~= UsageError then
      err:write("arabic ", cmd, ": internal error: ", tostring(res), "\n")
    end
  end
  if not wrote then
    if getmetatable(werr) ~= UsageError then error(werr, 0) end
    err:write("arabic: ", werr.msg, "\n")
    return M.WRITE_FAILED
  end
  if ok then return res or 0 end
  if getmetatable(res) == UsageError then return res.code end
  return 70
end

M.COMMANDS = COMMANDS

return M
