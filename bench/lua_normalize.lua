--- A straightforward pure-Lua normalizer (the kind people write first):
-- gsub over UTF-8 sequences with a replacement table. Baseline for `make
-- bench`: it does a subset of the "search" preset (diacritics, tatweel,
-- alef variants, alef maksura, Persian yeh/keheh, digits), no offset map.
local M = {}

local map = {
  ["أ"] = "ا", ["إ"] = "ا", ["آ"] = "ا", ["ٱ"] = "ا",
  ["ى"] = "ي", ["ی"] = "ي", ["ک"] = "ك", ["ـ"] = "",
}
for _, d in ipairs { 0x064B, 0x064C, 0x064D, 0x064E, 0x064F, 0x0650, 0x0651, 0x0652, 0x0670 } do
  map[string.char(0xC0 + math.floor(d / 64), 0x80 + d % 64)] = ""
end
for i = 0, 9 do
  local ar, fa = 0x0660 + i, 0x06F0 + i
  map[string.char(0xC0 + math.floor(ar / 64), 0x80 + ar % 64)] = tostring(i)
  map[string.char(0xC0 + math.floor(fa / 64), 0x80 + fa % 64)] = tostring(i)
end

function M.normalize(s)
  return (s:gsub("[\192-\223][\128-\191]", map))
end

return M
