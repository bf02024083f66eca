--- The `arabic` command: subcommands over the library, streaming stdin or
-- files line by line. Exit codes: 0 success, 1 bad input, 2 usage.
local arabic = require "arabic"

local M = {}

local USAGE = [[
usage: arabic COMMAND [OPTIONS] [FILE...]

Commands:
  normalize   normalize text line by line (default preset: search)
  tokens      one token a line: first, last, kind, text (tab-separated)
  sentences   one sentence a line (or spans, JSON Lines)
  entities    named entities from the default gazetteer and others
  dates       date expressions with ISO 8601 values
  numbers     numbers in digits and words with their values
  clean       remove news-page chrome (read-also blocks, source and tag lines ...)
  annotate    the whole pipeline from a config file: one JSON object a document
  gazetteer   compile gazetteer sources into a .gaz file; show its info
  pandoc-filter  print the path of the pandoc Lua filter
  help        show help for a command: arabic help entities

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

HELP.sentences = [[
usage: arabic sentences [--mode=lines|wrapped|auto] [--format=text|spans|jsonl]
                        [--abbreviations=FILE ...] [--no-default-abbreviations] [FILE...]

Split the input into sentences, streaming paragraph by paragraph (a blank
line always ends a sentence).
  --mode      lines: a newline ends a sentence (default); wrapped: a single
              newline is a space (hard-wrapped text); auto: detect it
  --format    text: one sentence a line (line breaks inside become spaces);
              spans: first<TAB>last, 1-based inclusive bytes of the input;
              jsonl: {"first":..,"last":..,"text":..}
  --abbreviations FILE   more abbreviations, one a line (repeatable)
Examples:
  echo 'قال د. أحمد إن الوفد وصل. وبدأت المحادثات.' | arabic sentences
  arabic sentences --mode=auto --format=spans wrapped.txt
]]

HELP.entities = [[
usage: arabic entities [-g GAZETTEER ...] [--no-default] [--fuzzy] [--types=PER,LOC]
                       [--no-clitics] [--overlapping] [--no-context]
                       [--format=jsonl|tsv|conll|brat] [FILE...]

Find named entities, streaming the input line by line. The default
gazetteer (countries, cities, regions, organizations, news outlets, groups,
people) is used unless --no-default; -g adds a gazetteer: a compiled .gaz
file or a .tsv/.jsonl source (repeatable).
Formats (offsets are 1-based inclusive bytes in the input, except brat):
  jsonl   {"first":..,"last":..,"text":..,"type":..,"id":..,"canonical":..,"clitic":..,"fuzzy":..}
  tsv     first, last, type, id, text, canonical, clitic
  conll   token<TAB>BIO tag, a blank line after each input line
  brat    standoff .ann lines (character offsets, as brat counts)
Examples:
  echo 'وصل بريت ماكغورك إلى مسقط لإجراء محادثات مع إيران' | arabic entities
  arabic entities -g people.tsv --types=PER --format=tsv article.txt
]]

HELP.dates = [[
usage: arabic dates [--reference=YYYY-MM-DD] [--format=jsonl|tsv] [FILE...]

Find date expressions line by line: Gregorian months of every regional
system, Hijri months, paired names (كانون الثاني/يناير), numeric dates,
ranges, weekdays and relative dates (أمس، الشهر المقبل، مطلع العام), which
--reference resolves.
  jsonl  {"first","last","text","value","calendar","gregorian","grain","mod","conflict"}
  tsv    first, last, value, calendar, gregorian, grain, mod, text
Example:
  echo 'التقى الوفدان في 10 كانون الثاني/يناير 2024 وأمس الثلاثاء' | arabic dates --reference=2024-01-17
]]

HELP.numbers = [[
usage: arabic numbers [--format=jsonl|tsv] [FILE...]

Numbers in digits (three digit sets, ٫ ٬ % ٪) and in words (خمسة وعشرون،
ثلاثة آلاف، مليون ونصف) with their values.
Example:
  echo 'بلغ عدد الزوار ثلاثة آلاف و٣٫٥ مليون دولار' | arabic numbers
]]

HELP.clean = [[
usage: arabic clean [--format=text|jsonl] [--lists=FILE ...] [--keep-appended]
                    [--drop-head] [FILE...]

Remove news-page chrome line by line: related-content blocks (اقرأ أيضاً،
مقالات مشابهة), source and tag lines, follow/share lines, labels (عاجل),
bylines and banner dates, and another article appended after the source
line. text: the kept text; jsonl: one line per removed range
{"first","last","rule","text"}. --lists adds phrase files (same format as
data/boilerplate/phrases.tsv).
Example:
  arabic clean page.txt > article.txt
  arabic clean --format=jsonl page.txt
]]

HELP.gazetteer = [[
usage: arabic gazetteer compile SOURCE... -o OUT.gaz [--normalize=PRESET]
                                [--no-fuzzy-index] [--lenient]
       arabic gazetteer info FILE.gaz

compile: read TSV (header: name, type, id, canonical, flags, more columns
as attributes) or JSON Lines sources and write a compiled gazetteer that
opens instantly (mmap). --lenient skips bad lines (and says how many)
instead of stopping at the first one.
info: entries, tokens, sizes and the normalization of a compiled file.
Example:
  arabic gazetteer compile people.tsv places.jsonl -o news.gaz
]]

HELP.annotate = [==[
usage: arabic annotate [--config FILE] [--jsonl [--field NAME]] [--progress | --no-progress]
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
The "arabic" member holds sentences, entities, dates, numbers and removed
(the steps that ran): lists of objects with "first" and "last", 1-based
inclusive byte offsets in the document's text.
A bad line (broken JSON, no text field, invalid UTF-8) stops the run with its
file, line and byte offset (exit 1); the output of the lines before it is
complete. --progress shows a progress bar on standard error (default: when
standard error is a terminal).
Examples:
  arabic annotate --config pipeline.lua examples/articles/*.txt
  arabic annotate --jsonl --field body corpus.jsonl > annotated.jsonl
]==]

HELP["pandoc-filter"] = [[
usage: arabic pandoc-filter

Print the path of the pandoc Lua filter, for:
  pandoc --lua-filter "$(arabic pandoc-filter)" article.md -o article.html
With a pandoc that cannot load C modules, use the JSON filter instead:
  pandoc --filter pandoc-arabic article.md -o article.html
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
  local res, err = strict_utf8(s)
  local bad = res == nil and tonumber(err:match("byte (%d+)")) or nil
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
local function parse_args(args, valued, short)
  local opts, files = {}, {}
  local i = 1
  valued = valued or {}
  short = short or {}
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
    elseif a:sub(1, 1) == "-" and #a == 2 and short[a:sub(2)] then
      if args[i + 1] == nil then usage_error(a .. " needs a value") end
      opts[#opts + 1] = { short[a:sub(2)], args[i + 1] }
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

--- Check parsed options against allowed names: name -> "flag" | "value".
local function check_opts(opts, allowed, cmd)
  local out = {}
  for _, kv in ipairs(opts) do
    local k, v = kv[1]:gsub("%-", "_"), kv[2]
    local kind = allowed[k]
    if not kind then
      local names = {}
      for n in pairs(allowed) do names[#names + 1] = "--" .. n:gsub("_", "-") end
      table.sort(names)
      usage_error(("unknown option --%s for %s (valid: %s)"):format(kv[1], cmd, table.concat(names, " ")))
    end
    if kind == "value" and type(v) ~= "string" then
      usage_error(("--%s needs a value: --%s=VALUE"):format(kv[1], kv[1]))
    elseif kind == "flag" and type(v) ~= "boolean" then
      usage_error(("--%s takes no value"):format(kv[1]))
    end
    if kind == "list" then
      if type(v) ~= "string" then usage_error(("--%s needs a value"):format(kv[1])) end
      out[k] = out[k] or {}
      out[k][#out[k] + 1] = v
    else
      out[k] = v
    end
  end
  return out
end
M.check_opts = check_opts

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
  each_input(files, function(h, name)
    local base = 0
    for line, nl in text_lines(h, name, out) do
      for first, last, kind in arabic.tokens(line) do
        out:write(base + first, "\t", base + last, "\t", kind, "\t", line:sub(first, last), "\n")
      end
      base = base + #line + #nl
    end
  end)
  return 0
end

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

function commands.sentences(args, out)
  local opts, files = parse_args(args, { mode = true, format = true, abbreviations = true })
  local o = check_opts(opts, { help = "flag", mode = "value", format = "value", abbreviations = "list",
    default_abbreviations = "flag" }, "sentences")
  if o.help then
    out:write(HELP.sentences)
    return 0
  end
  local format = o.format or "text"
  if format ~= "text" and format ~= "spans" and format ~= "jsonl" then
    usage_error("--format must be text, spans or jsonl")
  end
  local abbr
  if o.abbreviations or o.default_abbreviations == false then
    abbr = {}
    if o.default_abbreviations ~= false then abbr[1] = "default" end
    for _, f in ipairs(o.abbreviations or {}) do
      if not require("arabic.data").exists(f) then input_error("cannot open " .. f) end
      abbr[#abbr + 1] = f
    end
  end
  local sopts = { mode = o.mode or "lines", abbreviations = abbr }
  local ok, err = pcall(arabic.split_sentences, "", sopts)
  if not ok then usage_error(tostring(err):gsub("^bad argument #2 to '[^']*' %((.*)%)$", "%1")) end
  local json = format == "jsonl" and require "arabic.json" or nil
  each_input(files, function(h, name)
    local decided = sopts.mode ~= "auto"
    local held = {}
    -- auto mode looks at the first 64 KiB (or the whole input) to find the
    -- wrap width once: one paragraph is too little to tell
    local function flush(para, offset)
      for first, last in arabic.sentences(para, sopts) do
        if format == "text" then
          out:write((para:sub(first, last):gsub("%s*[\r\n]+%s*", " ")), "\n")
        elseif format == "spans" then
          out:write(offset + first, "\t", offset + last, "\n")
        else
          out:write(json.object({ "first", "last", "text" },
            { first = offset + first, last = offset + last, text = para:sub(first, last) }), "\n")
        end
      end
    end
    local held_bytes = 0
    local function decide()
      local parts = {}
      for k, p in ipairs(held) do parts[k] = p[1] end
      sopts.wrap_width = require("arabic.sentences").wrap_width(table.concat(parts))
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
  end)
  return 0
end

local ENTITY_KEYS = { "first", "last", "text", "type", "id", "canonical", "clitic", "fuzzy" }

local function load_gazetteers(o)
  local gz = arabic.gazetteer
  local list = {}
  if o.default ~= false then list[#list + 1] = gz.default() end
  for _, path in ipairs(o.gazetteer or {}) do
    local ok, g = pcall(gz.resolve, path)
    if not ok then input_error(tostring(g)) end
    list[#list + 1] = g
  end
  if #list == 0 then usage_error("no gazetteer: give -g FILE or drop --no-default") end
  return list
end

local function split_list(v)
  if v == nil then return nil end
  local out = {}
  for x in v:gmatch("[^,%s]+") do out[#out + 1] = x end
  return out
end

function commands.entities(args, out)
  local opts, files = parse_args(args, { format = true, types = true, gazetteer = true }, { g = "gazetteer" })
  local o = check_opts(opts, {
    help = "flag", gazetteer = "list", default = "flag", fuzzy = "flag", types = "value",
    clitics = "flag", overlapping = "flag", context = "flag", format = "value",
  }, "entities")
  if o.help then
    out:write(HELP.entities)
    return 0
  end
  local format = o.format or "jsonl"
  if format ~= "jsonl" and format ~= "tsv" and format ~= "conll" and format ~= "brat" then
    usage_error("--format must be jsonl, tsv, conll or brat")
  end
  local gazetteers = load_gazetteers(o)
  local mopts = {
    gazetteers = gazetteers, fuzzy = o.fuzzy or nil, types = split_list(o.types),
    clitics = o.clitics, overlapping = o.overlapping or nil, context = o.context,
  }
  local json = format == "jsonl" and require "arabic.json" or nil
  local fmt = require "arabic.formats"
  each_input(files, function(h, name)
    local base, chars, tnum = 0, 0, 1
    for line, nl in text_lines(h, name, out) do
      local ms = arabic.entities(line, mopts)
      if format == "jsonl" then
        for _, m in ipairs(ms) do
          out:write(json.object(ENTITY_KEYS, {
            first = base + m.first, last = base + m.last, text = m.text, type = m.type,
            id = m.id, canonical = m.canonical, clitic = m.clitic or json.null, fuzzy = m.fuzzy,
          }), "\n")
        end
      elseif format == "tsv" then
        for _, m in ipairs(ms) do
          out:write(base + m.first, "\t", base + m.last, "\t", fmt.tsv_field(m.type), "\t",
            fmt.tsv_field(m.id), "\t", fmt.tsv_field(m.text), "\t", fmt.tsv_field(m.canonical), "\t",
            fmt.tsv_field(m.clitic), "\n")
        end
      elseif format == "brat" then
        local spans = {}
        for _, m in ipairs(ms) do spans[#spans + 1] = { first = m.first, last = m.last, type = m.type } end
        tnum = fmt.brat(out, line, spans, tnum, chars)
      else -- conll: whole tokens, clitics included (the ANERcorp convention)
        local toks, spans = {}, {}
        for first, last in arabic.tokens(line) do toks[#toks + 1] = { first = first, last = last } end
        for _, m in ipairs(ms) do spans[#spans + 1] = { first = m.token_first, last = m.last, type = m.type } end
        if #toks > 0 then
          fmt.conll(out, line, toks, spans)
          out:write("\n")
        end
      end
      base = base + #line + #nl
      chars = chars + fmt.char_offset(line, #line + 1) + #nl
    end
  end)
  return 0
end

local DATE_KEYS = { "first", "last", "text", "value", "calendar", "gregorian", "grain", "mod", "conflict" }

function commands.dates(args, out)
  local opts, files = parse_args(args, { reference = true, format = true })
  local o = check_opts(opts, { help = "flag", reference = "value", format = "value" }, "dates")
  if o.help then
    out:write(HELP.dates)
    return 0
  end
  local format = o.format or "jsonl"
  if format ~= "jsonl" and format ~= "tsv" then usage_error("--format must be jsonl or tsv") end
  local dates = require "arabic.dates"
  local ok, err = pcall(dates.find, "", { reference = o.reference })
  if not ok then usage_error(tostring(err):gsub("^bad argument #2 to '[^']*' %((.*)%)$", "%1")) end
  local json = require "arabic.json"
  local fmt = require "arabic.formats"
  each_input(files, function(h, name)
    local base = 0
    for line, nl in text_lines(h, name, out) do
      for _, d in ipairs(dates.find(line, { reference = o.reference })) do
        if format == "jsonl" then
          out:write(json.object(DATE_KEYS, {
            first = base + d.first, last = base + d.last, text = d.text, value = d.value or json.null,
            calendar = d.calendar, gregorian = d.gregorian, grain = d.grain, mod = d.mod,
            conflict = d.conflict or false,
          }), "\n")
        else
          out:write(base + d.first, "\t", base + d.last, "\t", fmt.tsv_field(d.value), "\t", d.calendar, "\t",
            fmt.tsv_field(d.gregorian), "\t", fmt.tsv_field(d.grain), "\t", fmt.tsv_field(d.mod), "\t",
            fmt.tsv_field(d.text), "\n")
        end
      end
      base = base + #line + #nl
    end
  end)
  return 0
end

function commands.numbers(args, out)
  local opts, files = parse_args(args, { format = true })
  local o = check_opts(opts, { help = "flag", format = "value" }, "numbers")
  if o.help then
    out:write(HELP.numbers)
    return 0
  end
  local format = o.format or "jsonl"
  if format ~= "jsonl" and format ~= "tsv" then usage_error("--format must be jsonl or tsv") end
  local json = require "arabic.json"
  each_input(files, function(h, name)
    local base = 0
    for line, nl in text_lines(h, name, out) do
      for _, n in ipairs(arabic.numbers(line)) do
        if format == "jsonl" then
          out:write(json.object({ "first", "last", "text", "value", "percent" }, {
            first = base + n.first, last = base + n.last, text = n.text, value = n.value, percent = n.percent or false,
          }), "\n")
        else
          out:write(base + n.first, "\t", base + n.last, "\t", tostring(n.value), n.percent and "%" or "", "\t", n.text, "\n")
        end
      end
      base = base + #line + #nl
    end
  end)
  return 0
end

function commands.clean(args, out)
  local opts, files = parse_args(args, { format = true, lists = true })
  local o = check_opts(opts, { help = "flag", format = "value", lists = "list", keep_appended = "flag",
    drop_head = "flag" }, "clean")
  if o.help then
    out:write(HELP.clean)
    return 0
  end
  local format = o.format or "text"
  if format ~= "text" and format ~= "jsonl" then usage_error("--format must be text or jsonl") end
  local lists = { "default" }
  for _, f in ipairs(o.lists or {}) do
    if not require("arabic.data").exists(f) then input_error("cannot open " .. f) end
    lists[#lists + 1] = f
  end
  local json = require "arabic.json"
  -- a page is read whole: chrome rules look at the page head and end
  each_input(files, function(h, name)
    local s = h:read("*a") or ""
    local what, at = not_text(s)
    if what then
      local line = select(2, s:sub(1, at):gsub("\n", "")) + 1
      input_error(("%s:%d: %s at byte %d"):format(name, line, what, at))
    end
    local ok, r = pcall(arabic.boilerplate, s, { lists = lists, keep_appended = o.keep_appended, drop_head = o.drop_head })
    if not ok then input_error(name .. ": " .. tostring(r)) end
    if format == "text" then
      out:write(r.text)
    else
      for _, x in ipairs(r.removed) do
        out:write(json.object({ "first", "last", "rule", "text" }, x), "\n")
      end
    end
  end)
  return 0
end

function commands.gazetteer(args, out)
  local sub = args[1]
  local rest = {}
  for i = 2, #args do rest[#rest + 1] = args[i] end
  if sub == nil or sub == "--help" or sub == "-h" or sub == "help" then
    out:write(HELP.gazetteer)
    return sub == nil and 2 or 0
  end
  if sub == "compile" then
    local opts, files = parse_args(rest, { output = true, normalize = true }, { o = "output" })
    local o = check_opts(opts, { help = "flag", output = "value", normalize = "value", fuzzy_index = "flag",
      lenient = "flag" }, "gazetteer compile")
    if o.help then
      out:write(HELP.gazetteer)
      return 0
    end
    if not o.output then usage_error("gazetteer compile needs -o OUT.gaz") end
    if #files == 0 then usage_error("gazetteer compile needs at least one source file") end
    local ok, g = pcall(arabic.gazetteer.new, { normalize = o.normalize, fuzzy_index = o.fuzzy_index })
    if not ok then usage_error(tostring(g)) end
    local skipped = 0
    for _, path in ipairs(files) do
      local ok2, res, report = pcall(g.load, g, path, { strict = not o.lenient })
      if not ok2 then input_error(tostring(res)) end
      skipped = skipped + report.skipped
      if report.skipped > 0 then
        io.stderr:write(("arabic gazetteer compile: %s: skipped %d bad line(s); first: %s\n")
          :format(path, report.skipped, report.first_error or "?"))
      end
    end
    local ok3, err = pcall(g.save, g, o.output)
    if not ok3 then input_error(tostring(err)) end
    local st = g:stats()
    io.stderr:write(("arabic gazetteer compile: %d entries, %d tokens, %d bytes -> %s\n")
      :format(st.entries, st.tokens, st.bytes, o.output))
    return 0
  elseif sub == "info" then
    local opts, files = parse_args(rest)
    check_opts(opts, {}, "gazetteer info")
    if #files ~= 1 then usage_error("gazetteer info needs one .gaz file") end
    local ok, g = pcall(arabic.gazetteer.open, files[1], { verify = true })
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
  usage_error("unknown gazetteer command '" .. tostring(sub) .. "' (compile, info)")
end

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
  entities = { "first", "last", "text", "type", "id", "canonical", "clitic", "fuzzy" },
  dates = { "first", "last", "text", "value", "calendar", "gregorian", "grain", "mod", "conflict" },
  numbers = { "first", "last", "text", "value", "percent" },
  removed = { "first", "last", "rule", "text" },
}
local ANNOT_ORDER = { "removed", "sentences", "entities", "dates", "numbers" }

--- The "arabic" member: the steps' lists with their keys in a fixed order.
local function encode_annotations(json, doc)
  local parts = {}
  for _, k in ipairs(ANNOT_ORDER) do
    local list = doc[k]
    if list and (k ~= "removed" or doc.clean) then
      local items = {}
      for i, x in ipairs(list) do items[i] = json.object(ANNOT[k], x) end
      parts[#parts + 1] = json.encode(k) .. ":[" .. table.concat(items, ",") .. "]"
    end
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

function commands.annotate(args, out)
  local opts, files = parse_args(args, { config = true, field = true }, { c = "config" })
  local o = check_opts(opts, { help = "flag", config = "value", jsonl = "flag", field = "value", progress = "flag" },
    "annotate")
  if o.help then
    out:write(HELP.annotate)
    return 0
  end
  if o.field and not o.jsonl then usage_error("--field needs --jsonl") end
  local config = o.config and load_config(o.config) or { sentences = true, entities = true, dates = true }
  local ok, p = pcall(arabic.pipeline, config)
  if not ok then input_error((o.config or "configuration") .. ": " .. tostring(p):gsub("^arabic%.pipeline: ", "")) end
  local json = require "arabic.json"
  local field = o.field or "text"
  local show = o.progress
  if show == nil then show = stderr_is_tty() end
  local w = line_writer(out)
  local function check_text(text, where)
    local what, at = not_text(text)
    if not what then return end
    w.flush()
    if o.jsonl then
      input_error(("%s: field '%s': %s at byte %d of the text"):format(where, field, what, at))
    end
    local line = select(2, text:sub(1, at):gsub("\n", "")) + 1
    input_error(("%s:%d: %s at byte %d"):format(where, line, what, at))
  end
  local function one_input(h, name)
    local bar = show and progress_bar(file_size(h), name)
    if not o.jsonl then
      local text = h:read("*a") or ""
      check_text(text, name)
      local doc = p:run(text)
      w.line('{"file":', json.encode(name), ',"arabic":', encode_annotations(json, doc), "}\n")
      if bar then bar.finish(#text) end
      return
    end
    local lineno, offset = 0, 0
    for line, nl in lines_keep(h) do
      lineno = lineno + 1
      local where = ("%s:%d (byte %d)"):format(name, lineno, offset + 1)
      if line:find("%S") then
        local obj, err = json.decode(line)
        if type(obj) ~= "table" or obj[1] ~= nil or not line:match("^%s*{") then
          w.flush()
          input_error(("%s: %s"):format(where, err and ("invalid JSON: " .. err) or "not a JSON object"))
        end
        local text = obj[field]
        if type(text) ~= "string" then
          w.flush()
          input_error(("%s: no string field '%s'"):format(where, field))
        end
        check_text(text, where)
        local doc = p:run(text)
        local head = line:match("^(.-)}%s*$")
        local sep = head:match("{%s*$") and "" or ","
        w.line(head, sep, '"arabic":', encode_annotations(json, doc), "}\n")
      end
      offset = offset + #line + #nl
      if bar then bar.update(offset) end
    end
    if bar then bar.finish(offset) end
  end
  -- whatever stops the run, the lines done so far are written
  local good, err = pcall(each_input, files, one_input)
  w.flush()
  if not good then error(err, 0) end
  return 0
end

--- Where the pandoc Lua filter is: next to this module when installed by
-- the rock (arabic/filter.lua), lua/filters/arabic.lua in a checkout.
commands["pandoc-filter"] = function(args, out)
  if args[1] == "--help" or args[1] == "-h" then
    out:write(HELP["pandoc-filter"])
    return 0
  end
  if args[1] then usage_error("pandoc-filter takes no arguments") end
  local src = debug.getinfo(1, "S").source:gsub("^@", "")
  local dir = src:match("^(.*)[/\\][^/\\]*$") or "."
  local function tidy(path) -- a/b/../c -> a/c
    local n
    repeat path, n = path:gsub("[^/\\.][^/\\]*[/\\]%.%.[/\\]", "", 1) until n == 0
    return path
  end
  for _, path in ipairs { dir .. "/filter.lua", tidy(dir .. "/../filters/arabic.lua") } do
    local f = io.open(path, "rb")
    if f then
      f:close()
      out:write(path, "\n")
      return 0
    end
  end
  input_error("the pandoc filter is not installed next to " .. src)
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
