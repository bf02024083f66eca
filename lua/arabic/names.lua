--- Names nobody listed: persons and organizations found from their
-- context (titles, speech verbs, given names, name particles, head nouns of
-- organizations), and the homograph rules of the gazetteer matcher (a
-- place name spelled like a common word needs evidence). The recognizer is
-- C (csrc/names.c); this module loads its word lists from data/names/ and
-- joins its findings with a gazetteer's.
local core = require "arabic.core"
local data = require "arabic.data"
local args = require "arabic.args"

local M = {}

-- Word classes (csrc/arabic.h, AR_NAME_*).
local C = {
  given = 1, particle = 2, particle_start = 4, title = 8, speech = 16, common = 32, stop = 64,
  org_head = 128, org_head_in = 256, homograph = 512, loc_cue = 1024, homograph_strong = 2048,
  org_quote = 4096, ordinal = 8192, misc = 16384, club = 32768, hamza_ok = 65536,
}
M.classes = C

-- Words seen at least this often in the corpus count as common (the
-- generated list keeps only words that are mostly not names).
local MIN_COMMON = 4

-- The word lists: file, and the classes of its words (a function of the
-- line's columns for the TSV files).
local LISTS = {
  { "names/given_ar.txt", C.given },
  { "names/given_foreign.txt", C.given },
  { "names/given_corpus.txt", C.given },
  { "names/given_words.txt", C.given + C.common },
  { "names/titles.txt", C.title },
  { "names/titles_corpus.txt", C.title },
  { "names/speech.txt", C.speech },
  { "names/stops.txt", C.stop },
  { "names/loc_cues.txt", C.loc_cue },
  { "names/ordinals.txt", C.ordinal },
  { "names/misc.tsv", C.misc },
  { "names/clubs.txt", C.club },
  { "names/particles.tsv", function(_, where)
      if where == "start" then return C.particle_start end
      if where == "end" then return C.particle + C.given end -- الله: ends عبد الله
      return C.particle
    end },
  { "names/org_heads.tsv", function(_, head)
      if head == "name" then return C.org_head + C.org_head_in end
      if head == "quote" then return C.org_head + C.org_quote end
      return C.org_head
    end },
  { "names/homographs.tsv", function(_, strength)
      return strength == "strong" and C.homograph + C.homograph_strong or C.homograph end },
  { "names/frequent.tsv", function(_, count) return (tonumber(count) or 0) >= MIN_COMMON and C.common or 0 end },
}

-- A given name written with a hamza on alef inside it (مأمون) keeps that
-- spelling a name (class hamza_ok); other words so written (تأمر "you
-- order", which folds to تامر) are no given names.
local function with_hamza(word, cls)
  if cls % 2 == 1 and cls % (2 * C.hamza_ok) < C.hamza_ok and word:find("\216[\162\163\165]", 3) then
    return cls + C.hamza_ok
  end
  return cls
end

local function add_list(lex, rel, classes)
  local lines, path = data.lines(rel)
  local header = rel:match("%.tsv$")
  for n, line in ipairs(lines) do
    if not (header and n == 1) then
      local word, rest = line:match("^([^\t]+)\t?(.*)$")
      local cls = classes
      if type(classes) == "function" then cls = classes(word, rest:match("^([^\t]*)")) end
      cls = with_hamza(word, cls)
      if cls ~= 0 then
        local ok, err = lex:add(word, cls)
        if not ok then error(("%s:%d: %s"):format(path, n, err), 0) end
      end
    end
  end
end

local function table_of(what) return args.custom(what, function(v) return args.accept(type(v) == "table", v) end) end

--- The options of lexicon().
M.LEXICON_OPTIONS = {
  lists = table_of("a list of { file, classes }"), -- the word lists (default: all of data/names/)
  words = table_of("a table of word = class"),      -- extra words: { ["الرئيسة"] = "title" }
}

--- A lexicon from the given lists (default: all of data/names/), or an
-- empty one with `{ lists = {} }`. Extra words: `{ words = { ["الرئيسة"] = "title" } }`.
function M.lexicon(opts)
  if opts ~= nil then args.check(opts, M.LEXICON_OPTIONS, "names.lexicon", 1, 2) end
  local lex = core.names_lexicon()
  local lists = opts and opts.lists or LISTS
  for _, l in ipairs(lists) do add_list(lex, l[1], l[2]) end
  if opts and opts.words then
    for word, cls in pairs(opts.words) do
      local bits = type(cls) == "number" and cls or C[cls]
      if not bits then error(("unknown word class '%s' (valid: given, title, speech, stop, ...)"):format(tostring(cls)), 2) end
      local ok, err = lex:add(word, with_hamza(word, bits))
      if not ok then error(("bad word %q: %s"):format(word, err), 2) end
    end
  end
  return lex
end

local default_lexicon

--- The default lexicon, loaded once per Lua state.
function M.default()
  if not default_lexicon then default_lexicon = M.lexicon() end
  return default_lexicon
end

--- Entities of s: the gazetteer g's matches (gm_flags, types, ids as
-- gazetteer matching takes them) with the homograph rules, and, when
-- unknown is true, the persons and organizations found from context.
-- Every match has source = "gazetteer" or "context".
function M.entities(lex, g, s, gm_flags, types, ids, unknown)
  return lex:entities(g and g:compiled() or nil, s, gm_flags, types, ids, 0, unknown)
end

--- Only the names found from context (no gazetteer): a list of matches
-- with type "PER" or "ORG", id = the normalized full name, source = "context".
--- The options of find().
M.FIND_OPTIONS = {
  lexicon = args.custom("a lexicon (names.lexicon())", function(v)
    return args.accept(type(v) == "userdata" and getmetatable(v) == getmetatable(M.default()), v)
  end),
}

function M.find(s, opts)
  if type(s) ~= "string" then
    error(("bad argument #1 to 'names.find' (string expected, got %s)"):format(type(s)), 2)
  end
  if opts ~= nil then args.check(opts, M.FIND_OPTIONS, "names.find", 2, 2) end
  local lex = opts and opts.lexicon or M.default()
  return lex:entities(nil, s, 0, nil, nil, 0, true)
end

return M
