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
local optspec = require "arabic.optspec"
local core = arabic.core

local M = {}

M.spec = {
  kwic = {
    width = { type = "integer", min = 0, default = 40, doc = "characters of context on each side" },
    normalize = { type = { "string", "table", "userdata" }, default = "search",
      doc = "normalization of text and query: a preset, options or a normalizer" },
    clitics = { type = "boolean", default = true, doc = "the first word may carry proclitics" },
    stem = { type = { "boolean", "string", "table" },
      doc = "match words by stem: true (light10), an algorithm name, stemmer options or a stemmer" },
  },
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

--- arabic.kwic(text, query [, opts]) --> list of { first, last, left, match,
-- right, clitic } in text order.
function M.kwic(text, query, opts)
  if type(text) ~= "string" then optspec.argerror(1, "kwic", "string expected, got " .. type(text), 2) end
  if type(query) ~= "string" then optspec.argerror(2, "kwic", "string expected, got " .. type(query), 2) end
  local o = optspec.check(M.spec.kwic, opts, 3, "kwic", 2)
  local norm = arabic._get_normalizer(o.normalize, 3, "kwic")
  local st = require("arabic.stem").from_option(o.stem, 3, "kwic")
  local stem = st and st.fn or function(w) return w end

  local q = {}
  local nq = norm(query)
  for first, last, kind in core.tokens(nq) do
    if WORDISH[kind] then q[#q + 1] = stem(nq:sub(first, last)) end
  end
  if #q == 0 then optspec.argerror(2, "kwic", "the query has no words", 2) end

  local common = {}
  if o.clitics then
    for _, w in ipairs(core.common_words()) do common[norm(w)] = true end
  end

  local out, map = norm:map(text)
  local toks, n = {}, 0
  for first, last, kind in core.tokens(out) do
    n = n + 1
    toks[n] = { first, last, kind }
  end

  local results = {}
  local i = 1
  while i <= n - #q + 1 do
    local t = toks[i]
    local clitic
    if WORDISH[t[3]] then
      local w = out:sub(t[1], t[2])
      if o.clitics then
        local rs = readings(w, common)
        for k = 1, #rs, 2 do
          if stem(rs[k]) == q[1] then
            clitic = rs[k + 1]
            break
          end
        end
      elseif stem(w) == q[1] then
        clitic = ""
      end
    end
    local matched = clitic ~= nil
    for j = 2, #q do
      if not matched then break end
      local u = toks[i + j - 1]
      matched = WORDISH[u[3]] and stem(out:sub(u[1], u[2])) == q[j]
    end
    if matched then
      local last_tok = toks[i + #q - 1]
      local first, last = map:source(t[1], last_tok[2])
      local left_start = first > 1 and back_chars(text, first - 1, o.width) or first
      local right_end = fwd_chars(text, last, o.width)
      results[#results + 1] = {
        first = first,
        last = last,
        match = text:sub(first, last),
        left = o.width > 0 and display(text:sub(left_start, first - 1)) or "",
        right = o.width > 0 and display(text:sub(last + 1, right_end)) or "",
        clitic = clitic ~= "" and clitic or nil,
      }
      i = i + #q
    else
      i = i + 1
    end
  end
  return results
end

return M
