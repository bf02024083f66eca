-- The default names lexicon as "word<TAB>classes" lines (the words as
-- data/names/ lists them, the classes as AR_NAME_* bits), for C programs
-- that build the same lexicon with ar_names_add (bench_gazetteer entities).
-- Usage: lua5.4 bench/names_words.lua > names.tsv
local core = require "arabic.core"
local real = core.names_lexicon
core.names_lexicon = function()
  local lex = real()
  return setmetatable({}, { __index = function(_, k)
    if k == "add" then
      return function(_, word, cls)
        io.write(word, "\t", cls, "\n")
        return lex:add(word, cls)
      end
    end
    local v = lex[k]
    if type(v) == "function" then return function(_, ...) return v(lex, ...) end end
    return v
  end })
end
require("arabic.names").lexicon()
core.names_lexicon = real
