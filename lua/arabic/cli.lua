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

--- Open every input in turn: calls fn(handle, name) for each.
local function each_input(files, fn)
  if #files == 0 then files = { "-" } end
  for _, name in ipairs(files) do
    local h, err
    if name == "-" then
      h = io.stdin
    else
      h, err = io.open(name, "rb")
      if not h then input_error("cannot open " .. (err or name)) end
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

local strict_utf8 -- a normalizer that changes nothing and rejects bad UTF-8

--- Why `s` is not text (invalid UTF-8 or a NUL byte): nil, or the message
-- and the 1-based byte offset in `s`.
local function not_text(s)
  strict_utf8 = strict_utf8 or arabic.normalizer { preset = "none", strict = true }
  local nul = s:find("\0", 1, true)
  local res, _, bad = strict_utf8(s)
  if res ~= nil then bad = nil end
  if nul and (not bad or nul < bad) then return "NUL byte", nul end
  if bad then return "invalid UTF-8", bad end
  return nil
end
M.not_text = not_text

--- lines_keep for text: stops with exit status 1 at the first line that is
-- not UTF-8 text, naming the file, the line and the byte offset (1-based,
-- in the whole input). The lines before it have been processed.
local function text_lines(h, name, out)
  local next_line = lines_keep(h)
  local lineno, base = 0, 0
  return function()
    local line, nl = next_line()
    if line == nil then return nil end
    lineno = lineno + 1
    local what, at = not_text(line)
    if what then
      if out then out:flush() end
      input_error(("%s:%d: %s at byte %d (byte %d of the line)"):format(name, lineno, what, base + at, at))
    end
    base = base + #line + #nl
    return line, nl
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
-- (0-based) in the input. Sentences never cross a blank line.
local function paragraphs(h, name, out)
  local next_line = name and text_lines(h, name, out) or lines_keep(h)
  local base = 0
  local pending
  return function()
    local parts, size, blank_seen = {}, 0, false
    while true do
      local line, nl
      if pending then
        line, nl = pending[1], pending[2]
        pending = nil
      else
        line, nl = next_line()
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
    end
    if #parts == 0 then return nil end
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
-- base (0-based offset of the unit in the input), text, nl, and input (a
-- table for the writer's own state, one per input).
local UNITS = {}

local function line_units(text_only)
  return function(h, name, out, emit)
    local lineno, base, input = 0, 0, {}
    for line, nl in (text_only and text_lines(h, name, out) or lines_keep(h)) do
      lineno = lineno + 1
      emit(line, { name = name, lineno = lineno, base = base, text = line, nl = nl, input = input }, out)
      base = base + #line + #nl
    end
  end
end

-- lines of text: a line that is not UTF-8 text stops the run
UNITS.lines = line_units(true)
-- lines as they are (normalize: invalid UTF-8 is the normalizer's business)
UNITS.raw = line_units(false)

-- the whole input at once (page chrome needs the page's head and end)
function UNITS.file(h, name, out, emit)
  local s = h:read("*a") or ""
  local what, at = not_text(s)
  if what then
    local line = select(2, s:sub(1, at):gsub("\n", "")) + 1
    input_error(("%s:%d: %s at byte %d"):format(name, line, what, at))
  end
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
  run = function(norm, line, unit, out)
    local res, err = norm(line)
    if res == nil then
      out:flush()
      input_error(("%s:%d: %s"):format(unit.name, unit.lineno, err))
    end
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
        if not require("arabic.data").exists(f) then input_error("cannot open " .. f) end
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
    for para, offset in paragraphs(h, name, out) do
      if decided then
        flush(para, offset)
      else
        held[#held + 1] = { para, offset }
        held_bytes = held_bytes + #para
        if held_bytes >= 65536 then decide() end
      end
    end
    if not decided then decide() end
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
                       [--extend-names] [--no-unknown-names] [--format=jsonl|tsv|conll|brat]
                       [FILE...]

Find named entities, streaming the input line by line. The default
gazetteer (countries, cities, regions, organizations, news outlets, groups,
people) is used unless --no-default; -g adds a gazetteer: a compiled .gaz
file or a .tsv/.jsonl source (repeatable). Persons and organizations in no
list are found from their context unless --no-unknown-names.
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
  }),
  many = { gazetteer = true },
  short = { g = "gazetteer" },
  setup = function(o)
    local list = {}
    if o.default ~= false then list[#list + 1] = gazetteer.default() end
    for _, path in ipairs(o.gazetteer or {}) do
      local g, err = gazetteer.try_resolve(path)
      if not g then input_error(err) end
      list[#list + 1] = g
    end
    if #list == 0 then usage_error("no gazetteer: give -g FILE or drop --no-default") end
    local mopts = only(o, gazetteer.MATCH_OPTIONS)
    mopts.gazetteers, mopts.unknown_names = list, o.unknown_names
    local bad = mopts.types and gazetteer._unknown_types(mopts.types, list)
    if bad then usage_error((bad:gsub("^option 'types'", "--types"))) end
    return mopts
  end,
  unit = "lines",
  run = function(mopts, line)
    local recs = arabic.entities(line, mopts)
    for _, m in ipairs(recs) do m.clitic = m.clitic or json.null end
    return recs
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
local function transliterate_line(st, line, unit, out)
  local res, map, stats = st.t:map(line)
  if res == nil then
    out:flush()
    input_error(("%s:%d: invalid UTF-8 at byte %d (byte %d of the line)"):format(unit.name, unit.lineno,
      unit.base + stats, stats))
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
  -- words of a block they have seen). TSV: line by line.
  input = function(st, h, name, out, emit)
    if st.tsv then
      return UNITS.raw(h, name, out, function(line, unit) emit(transliterate_line(st, line, unit, out), unit) end)
    end
    local held, base, lineno = {}, 0, 0
    local function lines_in(s) return select(2, s:gsub("\n", "")) end
    local function block(text)
      local res, stats, at
      if st.reverse then res, stats = st.t:stats(text) else res, stats, at = st.t(text) end
      if res == nil then
        -- the lines before the bad one are written, then the error
        at = at or stats
        local ls = text:sub(1, at - 1):match("^.*\n()") or 1
        out:write((st.t(text:sub(1, ls - 1))))
        out:flush()
        input_error(("%s:%d: invalid UTF-8 at byte %d (byte %d of the line)"):format(name,
          lineno + lines_in(text:sub(1, at - 1)) + 1, base + at, at - ls + 1))
      end
      if st.reverse and stats.malformed > 0 and not st.warned then
        st.warned = true
        io.stderr:write(("arabic transliterate: %s:%d: warning: a backslash that escapes nothing at byte %d "
          .. "(kept as it is)\n"):format(name, lineno + lines_in(text:sub(1, stats.first_malformed - 1)) + 1,
          base + stats.first_malformed))
      end
      emit({ { text = res } }, { name = name, base = base, nl = "" })
      base, lineno = base + #text, lineno + lines_in(text)
    end
    while true do
      local b = h:read(1048576)
      if not b then break end
      local cut = b:match("^.*\n()")
      if cut then
        held[#held + 1] = b:sub(1, cut - 1)
        block(table.concat(held))
        held = { b:sub(cut) }
      else
        held[#held + 1] = b -- a line longer than the block: read on
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
  options = args.extend(boilerplate.OPTIONS, { default_lists = args.boolean }),
  many = { lists = true },
  setup = function(o)
    local lists = {}
    if o.default_lists ~= false then lists[1] = "default" end
    for _, f in ipairs(o.lists or {}) do
      if f ~= "default" and not require("arabic.data").exists(f) then input_error("cannot open " .. f) end
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

--- The pipeline configuration of `annotate`: a Lua file returning a
-- table (run with no access to globals beyond the safe ones) or JSON.
local function load_config(path)
  local f, err = io.open(path, "rb")
  if not f then input_error(("cannot open %s: %s"):format(path, err or "?")) end
  local src = f:read("*a")
  f:close()
  if src:match("^%s*[{%[]") then
    local t, jerr = require("arabic.json").decode(src)
    if type(t) ~= "table" then input_error(("%s: invalid JSON: %s"):format(path, tostring(jerr))) end
    return t
  end
  local env = setmetatable({}, { __index = { require = require, string = string, table = table,
    math = math, ipairs = ipairs, pairs = pairs, tostring = tostring, tonumber = tonumber, type = type,
    os = { getenv = os.getenv, date = os.date, time = os.time }, arabic = arabic } })
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

--- The "arabic" member: the reference date relative dates resolved
-- against (when there was one), then the steps' lists with their keys in
-- a fixed order.
local function encode_annotations(doc)
  local parts = {}
  if doc.reference and doc.dates then parts[1] = '"reference":' .. json.encode(doc.reference) end
  for _, k in ipairs(ANNOT_ORDER) do
    local list = doc[k]
    if list and (k ~= "removed" or doc.clean) then
      parts[#parts + 1] = json.encode(k) .. ":[" .. json.objects(ANNOT[k], list) .. "]"
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

--- Whole lines only: lines are collected and written in chunks that end
-- at a line end, each with one unbuffered write, so a run that is stopped
-- (Ctrl-C, kill, a full disk) leaves complete lines behind it.
local function line_writer(out)
  local buf, size = {}, 0
  local w = {}
  if out.setvbuf then out:setvbuf("no") end
  function w.flush()
    if #buf > 0 then
      out:write(table.concat(buf))
      buf, size = {}, 0
    end
  end
  function w.line(...)
    local s = table.concat({ ... })
    buf[#buf + 1] = s
    size = size + #s
    if size >= 65536 then w.flush() end
  end
  return w
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
-- date; an id field missing unless id_optional) stops the run (exit 1)
-- naming the file, line and byte offset (and the id when there is one);
-- the documents before it have been given to fn.
local function each_document(o, h, name, fn, id_optional)
  if not o.jsonl then
    local s = h:read("*a") or ""
    local what, at = not_text(s)
    if what then
      local line = select(2, s:sub(1, at):gsub("\n", "")) + 1
      input_error(("%s:%d: %s at byte %d"):format(name, line, what, at))
    end
    fn(s, { file = name, label = name, reference = o.reference, offset = #s })
    return #s
  end
  local field = o.field or "text"
  local lineno, offset = 0, 0
  for line, nl in lines_keep(h) do
    lineno = lineno + 1
    local where = ("%s:%d (byte %d)"):format(name, lineno, offset + 1)
    offset = offset + #line + #nl
    if line:find("%S") then
      local obj, err = json.decode(line)
      if type(obj) ~= "table" or obj[1] ~= nil or not line:match("^%s*{") then
        input_error(("%s: %s"):format(where, err and ("invalid JSON: " .. err) or "not a JSON object"))
      end
      local text = obj[field]
      if type(text) ~= "string" then input_error(("%s: no string field '%s'"):format(where, field)) end
      local doc = { file = name, line = lineno, label = name .. ":" .. lineno, reference = o.reference,
        record = line, offset = offset }
      if o.id_field then
        local id = record_id(obj[o.id_field])
        if id then
          doc.id, doc.label = id, type(id) == "number" and ("%.17g"):format(id) or id
          where = ("%s, id %s"):format(where, doc.label)
        elseif id == false or not id_optional then
          input_error(("%s: no string or number field '%s'"):format(where, o.id_field))
        end
      end
      if o.reference_field then
        local v = obj[o.reference_field]
        local day = record_reference(v)
        if day == false then
          input_error(("%s: field '%s' is not a date YYYY-MM-DD: %s"):format(where, o.reference_field,
            json.encode(v) or tostring(v)))
        end
        doc.reference = day or o.reference
      end
      local what, at = not_text(text)
      if what then input_error(("%s: field '%s': %s at byte %d of the text"):format(where, field, what, at)) end
      fn(text, doc)
    end
  end
  return offset
end

--- The pipeline of annotate and export: --config FILE, or sentences,
-- entities and dates.
local function command_pipeline(o)
  local config = o.config and load_config(o.config) or { sentences = true, entities = true, dates = true }
  local p, perr = require("arabic.pipeline").build(config)
  if not p then input_error((o.config or "configuration") .. ": " .. perr) end
  return p
end

local function annotate(o, files, out)
  check_documents(o)
  local p = command_pipeline(o)
  local show = o.progress
  if show == nil then show = stderr_is_tty() end
  local w = line_writer(out)
  local function one_input(h, name)
    local bar = show and progress_bar(file_size(h), name)
    local size = each_document(o, h, name, function(text, d)
      -- the record's own settings: its date, its id
      local doc = p:run(text, { reference = d.reference, id = d.id })
      if not o.jsonl then
        w.line('{"file":', json.encode(name), ',"arabic":', encode_annotations(doc), "}\n")
      else
        local head = d.record:match("^(.-)}%s*$")
        local sep = head:match("{%s*$") and "" or ","
        w.line(head, sep, '"arabic":', encode_annotations(doc), "}\n")
      end
      if bar then bar.update(d.offset) end
    end, true)
    if bar then bar.finish(size) end
  end
  -- whatever stops the run, the lines done so far are written
  local good, err = pcall(each_input, files, one_input)
  w.flush()
  if not good then error(err, 0) end
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
write one JSON object per document. The pipeline comes from --config: a Lua
file returning a table, or a JSON file, with the keys of arabic.pipeline:
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
complete. --progress shows a progress bar on standard error (default: when
standard error is a terminal).
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
    local ok, res, report = pcall(g.load, g, path, { strict = not o.lenient })
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
  local ok, g = pcall(gazetteer.open, files[1], { verify = true })
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
      each_document(o, h, name, function(text) counter:add(text) end)
    else
      for line in text_lines(h, name, out) do counter:add(line) end
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
      each_document(o, h, name, function(text, d)
        write(out, kw(text), { name = name, line = d.line, id = d.id, base = 0, prefix = d.label .. ":" })
      end)
      return
    end
    local prefix = #files > 1 and name .. ":" or ""
    for para, offset in paragraphs(h, name, out) do
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
  local w = line_writer(out)
  local ok, err = pcall(each_input, files, function(h, name)
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
      w.line(s)
    end)
  end)
  w.flush()
  if not ok then error(err, 0) end
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
Exit status: 0 success, 1 bad input, 2 usage error.
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

--- Run the command line; returns the exit status.
function M.main(argv, out, err)
  out = out or io.stdout
  err = err or io.stderr
  local cmd = argv[1]
  if cmd == nil or cmd == "-h" or cmd == "--help" then
    out:write(M.usage())
    return cmd == nil and 2 or 0
  end
  if cmd == "--version" then
    out:write("arabic ", arabic._VERSION, " (utf8proc ", arabic.utf8proc_version,
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
  local ok, res = pcall(run, spec, rest, out, cmd)
  if ok then return res or 0 end
  if getmetatable(res) == UsageError then
    err:write("arabic ", cmd, ": ", res.msg, "\n")
    return res.code
  end
  err:write("arabic ", cmd, ": internal error: ", tostring(res), "\n")
  return 70
end

M.COMMANDS = COMMANDS

return M
