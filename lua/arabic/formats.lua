--- Output formats shared by the command line: JSON Lines, TSV, CoNLL (BIO)
-- and brat standoff.
local M = {}

--- Character offset (0-based) of byte position i (1-based) in s.
local function char_offset(s, i, cache)
  -- cache = { byte = b, char = c }: counting resumes from the last position
  local b, c = 1, 0
  if cache and cache.byte <= i then b, c = cache.byte, cache.char end
  for p = b, i - 1 do
    local x = s:byte(p)
    if x < 0x80 or x >= 0xC0 then c = c + 1 end
  end
  if cache then cache.byte, cache.char = i, c end
  return c
end
M.char_offset = char_offset

--- TSV field: tabs and newlines would break the row.
function M.tsv_field(v)
  if v == nil then return "" end
  return (tostring(v):gsub("[\t\n\r]", " "))
end

--- brat .ann lines for spans { first, last, type, text } over text s:
-- "T1<TAB>TYPE start end<TAB>text" with character offsets (brat counts
-- characters, not bytes). n0: number of the first T (default 1).
function M.brat(out, s, spans, n0, base_chars)
  local cache = { byte = 1, char = 0 }
  local n = n0 or 1
  for _, sp in ipairs(spans) do
    local a = char_offset(s, sp.first, cache)
    local b = a + char_offset(s:sub(sp.first, sp.last), #s:sub(sp.first, sp.last) + 1)
    out:write("T", n, "\t", sp.type, " ", (base_chars or 0) + a, " ", (base_chars or 0) + b, "\t",
      (s:sub(sp.first, sp.last):gsub("[\t\n]", " ")), "\n")
    n = n + 1
  end
  return n
end

--- CoNLL: one token a line "token<TAB>tag" with BIO tags from spans
-- { first, last, type } (a token is tagged when it overlaps a span; the
-- span's first token gets B-). tokens: list of { first, last }.
function M.conll(out, s, tokens, spans)
  local k = 1
  for _, t in ipairs(tokens) do
    while spans[k] and spans[k].last < t.first do k = k + 1 end
    local sp = spans[k]
    local tag = "O"
    if sp and sp.first <= t.last and sp.last >= t.first then
      tag = (t.first <= sp.first and "B-" or "I-") .. sp.type
    end
    out:write(s:sub(t.first, t.last), "\t", tag, "\n")
  end
end

return M
