--- Concordance (key word in context).
--
--   for _, k in ipairs(arabic.kwic(text, "الولايات المتحدة", { width = 30 })) do
--     print(k.left, "[" .. k.match .. "]", k.right)      -- text:sub(k.first, k.last) == k.match
--   end
--
-- The query and the text are compared after normalization (the `search`
-- preset by default), word by word, so إيران matches ايران, إيرانَ and
-- الإيـران's spelling variants; with `clitics` (the default) the first word
-- may also carry proclitics (و ف, then ب ل ك; لل for ل + ال): وإيران,
-- لإيران, للولايات. A word of the gazetteer's common-word list is never
-- split (كما is not ك + ما). With `stem`, words match when their stems do.
-- Offsets are those of the source text (through the normalizer's offset
-- map); `left` and `right` are up to `width` characters of source text on
-- each side, with runs of white space (line breaks too) shown as one space.
local arabic = require "arabic"
local args = require "arabic.args"
local core = arabic.core

local M = {}

--- The options of kwic() and concordancer(); the command line's `arabic
-- kwic` takes them too.
M.OPTIONS = {
  -- characters of context on each side (default 40)
  width = args.integer { min = 0 },
  -- normalization of text and query: a preset, options or a normalizer (default "search")
  normalize = args.normalization,
  -- the first word may carry proclitics (default true)
  clitics = args.boolean,
  -- match words by stem: true (light10), an algorithm name, stemmer options or a stemmer
  stem = require("arabic.stem").OPTION,
}

local WORDISH = { word = true, latin = true, number = true }
local WA = { ["و"] = true, ["ف"] = true }
local BLK = { ["ب"] = true, ["ل"] = true, ["ك"] = true }

--- The readings of a token: itself, then without its proclitics (each
-- stripping step), with the clitic string.
local function readings(t, common)
  local out = { t, "" }
  if common[t] then return out end
  local r, clitic = t, ""
  if WA[r:sub(1, 2)] and #r > 4 then
    clitic, r = r:sub(1, 2), r:sub(3)
    out[#out + 1], out[#out + 2] = r, clitic
  end
  local c2 = r:sub(1, 2)
  if c2 == "ل" and r:sub(3, 4) == "ل" and #r > 4 then
    out[#out + 1], out[#out + 2] = "ال" .. r:sub(5), clitic .. "ل"
  elseif BLK[c2] and #r > 4 then
    out[#out + 1], out[#out + 2] = r:sub(3), clitic .. c2
  end
  return out
end

-- The first byte of the n characters that end at position pos.
local function back_chars(s, pos, n)
  local p = pos
  while n > 0 and p >= 1 do
    local b = s:byte(p)
    while p > 1 and b >= 0x80 and b < 0xC0 do
      p = p - 1
      b = s:byte(p)
    end
    n = n - 1
    if n > 0 then p = p - 1 end
  end
  return p < 1 and 1 or p
end

-- The last byte of the n characters after position pos.
local function fwd_chars(s, pos, n)
  local p, len = pos + 1, #s -- p: the first byte not yet taken
  while n > 0 and p <= len do
    p = p + 1
    while p <= len do
      local b = s:byte(p)
      if b < 0x80 or b >= 0xC0 then break end
      p = p + 1
    end
    n = n - 1
  end
  return p - 1
end

local function display(s) return (s:gsub("%s+", " ")) end

-- The common words as a normalizer folds them, once per normalizer.
local common_cache = setmetatable({}, { __mode = "k" })

local function common_words(norm)
  local set = common_cache[norm]
  if not set then
    set = {}
    for _, w in ipairs(core.common_words()) do set[norm(w)] = true end
    common_cache[norm] = set
  end
  return set
end

--- A concordancer compiled once for a query: kw(text) --> the list
-- arabic.kwic(text, query, opts) gives (for a loop over many texts).
function M.concordancer(query, opts, fname, level)
  fname, level = fname or "concordancer", (level or 1) + 1
  local qarg = fname == "kwic" and 2 or 1
  local oarg = fname == "kwic" and 3 or 2
  args.string_arg(query, fname, qarg, level)
  local o = args.check(opts, M.OPTIONS, fname, oarg, level)
  local norm = o.normalize or args.shared_normalizer()
  local st = o.stem
  local stem = st and st.fn or function(w) return w end

  local q = {}
  local nquery = norm(query)
  for first, last, kind in core.tokens(nquery) do
    if WORDISH[kind] then q[#q + 1] = stem(nquery:sub(first, last)) end
  end
  if #q == 0 then args.error(fname, qarg, "the query has no words", level) end

  local clitics, width = o.clitics ~= false, o.width or 40
  local common = clitics and common_words(norm) or {}
  -- most texts do not hold the query at all: look for its first word (its
  -- letters after a possible article, which every clitic form keeps) before
  -- mapping and tokenizing; the same key skips most tokens below
  local key
  if not st then
    key = q[1]
    if key:sub(1, 4) == "ال" then key = key:sub(3) end
  end
  local nq, q1 = #q, q[1]

  return function(text)
    args.string_arg(text, fname, 1, 2)
    if key and not norm(text):find(key, 1, true) then return {} end
    local out, map = norm:map(text)
    local tf, tl, tk, n = {}, {}, {}, 0 -- tokens as parallel arrays
    for first, last, kind in core.tokens(out) do
      n = n + 1
      tf[n], tl[n], tk[n] = first, last, kind
    end
    local results = {}
    local i = 1
    while i <= n - nq + 1 do
      local clitic
      if WORDISH[tk[i]] then
        local w = out:sub(tf[i], tl[i])
        if key and not w:find(key, 1, true) then
          -- cannot be the query, with or without clitics
        elseif clitics then
          local rs = readings(w, common)
          for k = 1, #rs, 2 do
            if stem(rs[k]) == q1 then
              clitic = rs[k + 1]
              break
            end
          end
        elseif stem(w) == q1 then
          clitic = ""
        end
      end
      local matched = clitic ~= nil
      for j = 2, nq do
        if not matched then break end
        local u = i + j - 1
        matched = WORDISH[tk[u]] and stem(out:sub(tf[u], tl[u])) == q[j]
      end
      if matched then
        local first, last = map:source(tf[i], tl[i + nq - 1])
        local left_start = first > 1 and back_chars(text, first - 1, width) or first
        local right_end = fwd_chars(text, last, width)
        results[#results + 1] = {
          first = first,
          last = last,
          match = text:sub(first, last),
          left = width > 0 and display(text:sub(left_start, first - 1)) or "",
          right = width > 0 and display(text:sub(last + 1, right_end)) or "",
          clitic = clitic ~= "" and clitic or nil,
        }
        i = i + nq
      else
        i = i + 1
      end
    end
    return results
  end
end

--- arabic.kwic(text, query [, opts]) --> list of { first, last, left, match,
-- right, clitic } in text order.
function M.kwic(text, query, opts)
  args.string_arg(text, "kwic", 1, 2)
  return M.concordancer(query, opts, "kwic", 2)(text)
end

return M
