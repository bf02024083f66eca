--- Numbers in Arabic text: digits of the three sets (with ٫ ٬ separators,
-- % and ٪), number words (واحد … تسعة وتسعون، مئة، ألف، مليون، مليار, with
-- their gender, case and dual forms), scale words after digits (3 ملايين،
-- 2.5 مليار), halves and quarters (مليون ونصف، نصف مليون). Values are Lua
-- numbers; offsets are in the text given.
local core = require "arabic.core"
local args = require "arabic.args"

local M = {}

local norm
local W -- word -> { kind, value }
local NEAR -- the words of W (and و + them) as a trigger set: core.triggers

local function N(s) return (norm(s)) end

local PERCENT_WORDS = { "في المئة", "في المائة", "بالمئة", "بالمائة", "في المائه", "في المئه" }
local PERCENT -- PERCENT_WORDS normalized, split into words (setup)

local function setup()
  if W then return end
  norm = core.normalizer { preset = "search", teh_marbuta = "heh" }
  W = {}
  local function add(kind, value, ...)
    for _, w in ipairs { ... } do W[N(w)] = { kind, value } end
  end
  add("unit", 1, "واحد", "واحدة", "إحدى")
  add("unit", 2, "اثنان", "اثنين", "اثنتان", "اثنتين", "اثنا", "اثنتا")
  add("unit", 3, "ثلاث", "ثلاثة")
  add("unit", 4, "أربع", "أربعة")
  add("unit", 5, "خمس", "خمسة")
  add("unit", 6, "ستة")
  add("unit", 7, "سبع", "سبعة")
  add("unit", 8, "ثمان", "ثماني", "ثمانية")
  add("unit", 9, "تسع", "تسعة")
  add("ten", 10, "عشر", "عشرة")
  add("tens", 20, "عشرون", "عشرين")
  add("tens", 30, "ثلاثون", "ثلاثين")
  add("tens", 40, "أربعون", "أربعين")
  add("tens", 50, "خمسون", "خمسين")
  add("tens", 60, "ستون", "ستين")
  add("tens", 70, "سبعون", "سبعين")
  add("tens", 80, "ثمانون", "ثمانين")
  add("tens", 90, "تسعون", "تسعين")
  add("hundred", 100, "مئة", "مائة")
  add("hundreds", 200, "مئتان", "مئتين", "مائتان", "مائتين")
  for v, u in ipairs { "", "", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثمان", "تسع" } do
    if u ~= "" then add("hundreds", v * 100, u .. "مئة", u .. "مائة") end
  end
  add("scale", 1e3, "ألف", "آلاف", "الاف")
  add("scale2", 2e3, "ألفان", "ألفين")
  add("scale", 1e6, "مليون", "ملايين")
  add("scale2", 2e6, "مليونان", "مليونين")
  add("scale", 1e9, "مليار", "مليارات", "بليون", "بلايين")
  add("scale2", 2e9, "ملياران", "مليارين")
  add("scale", 1e12, "تريليون", "ترليون", "تريليونات")
  add("frac", 0.5, "نصف")
  add("frac", 0.25, "ربع")
  add("frac", 1 / 3, "ثلث")
  -- a lone "أحد" is "one of", "anyone" or Sunday: only in أحد عشر
  W[N("أحد")] = { "unit11", 1 }
  W[N("إحدى")] = { "unit11", 1 }
  NEAR = core.triggers()
  for w in pairs(W) do NEAR:add(w, 1) end
  NEAR:clitic("و")
  -- the percent phrases as the words of the normalized text, in order
  PERCENT = {}
  for i, pw in ipairs(PERCENT_WORDS) do
    local words = {}
    for w in N(pw):gmatch("%S+") do words[#words + 1] = w end
    PERCENT[i] = words
  end
end

-- Parse a digit token (normalized: ASCII digits, . , separators).
local function digits_value(t)
  local s = t
  if s:find(",%d%d%d$") or s:find(",%d%d%d[,.]") then
    s = s:gsub(",", "") -- thousands separators
  else
    s = s:gsub(",", ".") -- a decimal comma
  end
  return tonumber(s)
end

-- A word with an attached و (and)? Returns the word and whether it had one.
local function strip_waw(w)
  if W[w] then return w, false end
  if w:sub(1, 2) == "و" and W[w:sub(3)] then return w:sub(3), true end
  return w, false
end

-- The numbers in toks (consecutive tokens of the normalized text) onto out.
local function numbers_in(toks, s, map, out)
  local i = 1
  local function emit(a, b, value, percent, skip)
    -- skip: bytes of an attached و to leave out of the span
    local first, last = map:source(toks[a].first + (skip or 0), toks[b].last)
    -- two numbers from one source character (an NFKC expansion not read
    -- as one number): keep the first, results never overlap
    if out[#out] and first <= out[#out].last then return end
    if value == math.floor(value) and math.abs(value) < 2 ^ 53 then
      value = math.tointeger and math.tointeger(value) or value
    end
    out[#out + 1] = { first = first, last = last, text = s:sub(first, last), value = value, percent = percent or nil }
  end
  local function percent_after(j)
    local nt = toks[j + 1]
    if nt and nt.kind == "punct" and nt.text == "%" and nt.first == toks[j].last + 1 then return j + 1 end
    if nt then
      for _, words in ipairs(PERCENT) do
        local ok = true
        for k, w in ipairs(words) do
          if not toks[j + k] or toks[j + k].text ~= w then ok = false break end
        end
        if ok then return j + #words end
      end
    end
    return nil
  end
  while i <= #toks do
    local t = toks[i]
    if t.kind == "number" then
      local v = digits_value(t.text)
      local j = i
      -- a vulgar fraction: ½ is 1⁄2 (FRACTION SLASH) after NFKC, written
      -- 1⁄2 too; both digits come from the one source character
      local slash, den = toks[i + 1], toks[i + 2]
      if v and den and slash.text == "\226\129\132" and slash.first == t.last + 1 and
        den.kind == "number" and den.first == slash.last + 1 then
        local dv = digits_value(den.text)
        if dv and dv ~= 0 then v, j = v / dv, i + 2 end
      end
      local nt = toks[j + 1]
      local sc = nt and W[nt.text]
      if v and sc and (sc[1] == "scale" or sc[1] == "scale2") then
        v = v * (sc[1] == "scale2" and sc[2] / 2 or sc[2])
        j = j + 1
        local fr = toks[j + 1] and W[(strip_waw(toks[j + 1].text))]
        if fr and fr[1] == "frac" and toks[j + 1].text:sub(1, 2) == "و" then
          v = v + fr[2] * (sc[1] == "scale2" and sc[2] / 2 or sc[2])
          j = j + 1
        end
      end
      if v then
        local p = percent_after(j)
        emit(i, p or j, v, p ~= nil)
        i = (p or j) + 1
      else
        i = i + 1
      end
    elseif t.kind == "word" then
      -- number words: total = sum of (group * scale), joined by و
      local j, total, cur, any, last_scale = i, 0, 0, false, nil
      local pending_unit = nil -- for أحد عشر
      local prev_mag, prev_kind = nil, nil
      local _, lead_waw = strip_waw(t.text)
      while j <= #toks do
        local w, waw = strip_waw(toks[j].text)
        local e = W[w]
        if not e or toks[j].kind ~= "word" then break end
        if any and not waw and e[1] ~= "ten" and e[1] ~= "scale" and e[1] ~= "scale2" and e[1] ~= "hundred" then break end
        if j > i and waw and (e[1] == "ten") then break end
        local kind, v = e[1], e[2]
        -- Arabic composes downwards (ألف ومئتان وخمسة) except units before
        -- tens (خمسة وعشرون): a larger part after و starts a new number
        local mag = (kind == "unit" or kind == "unit11") and 1 or (kind == "ten" or kind == "tens") and 10 or
          (kind == "hundred" or kind == "hundreds") and 100 or (kind == "scale" or kind == "scale2") and (kind == "scale2" and v / 2 or v) or 0
        if j > i and waw and prev_mag and mag >= prev_mag and not (prev_kind == "unit" and kind == "tens") and kind ~= "frac" then break end
        if kind == "unit" or kind == "unit11" then
          if kind == "unit11" and not (toks[j + 1] and W[toks[j + 1].text] and W[toks[j + 1].text][1] == "ten") then break end
          cur = cur + v
          pending_unit = v
        elseif kind == "ten" then
          if pending_unit and not waw then
            cur = cur + 10 -- 11-19: أحد عشر، ثلاثة عشر
          elseif not any then
            cur = cur + 10
          else
            break
          end
          pending_unit = nil
        elseif kind == "tens" or kind == "hundreds" then
          cur = cur + v
          pending_unit = nil
        elseif kind == "hundred" then
          cur = (cur == 0 and 1 or cur) * 100 -- مئة، ثلاث مئة
          pending_unit = nil
        elseif kind == "scale" or kind == "scale2" then
          local scale = kind == "scale2" and v / 2 or v
          local count = kind == "scale2" and 2 or (cur == 0 and 1 or cur)
          total = total + count * scale
          cur = 0
          last_scale = scale
          pending_unit = nil
        elseif kind == "frac" then
          if waw and last_scale then -- مليون ونصف
            total = total + v * last_scale
          elseif not any and toks[j + 1] and W[toks[j + 1].text] and W[toks[j + 1].text][1] == "scale" then
            cur = v -- نصف مليون
          else
            break
          end
        end
        any = true
        prev_mag, prev_kind = mag, kind
        j = j + 1
      end
      if any and j > i then
        local value = total + cur
        local p = percent_after(j - 1)
        emit(i, p or (j - 1), value, p ~= nil, lead_waw and 2 or 0)
        i = (p or (j - 1)) + 1
      else
        i = i + 1
      end
    else
      i = i + 1
    end
  end
end

local KINDS = { "word", "number", "punct", "symbol", "latin", "url", "email", "other" }

--- The options of find(): none yet (a key given is an error, not ignored).
M.OPTIONS = {}

--- All numbers in s: a list of { first, last, text, value, percent }.
-- Only the tokens that can be part of a number are looked at: number
-- tokens and number words (NEAR:near lists them with the few tokens after
-- them that decide a number's end: a scale word, a fraction, a percent).
function M.find(s, opts)
  args.string_arg(s, "numbers", 1, 2)
  if opts ~= nil then args.check(opts, M.OPTIONS, "numbers", 2, 2) end
  setup()
  local text, map = norm:map(s)
  local out, toks = {}, {}
  if M._all_tokens then
    -- the reference the spec compares with: every token of the text
    for first, last, kind in core.tokens(text) do
      toks[#toks + 1] = { first = first, last = last, kind = kind, text = text:sub(first, last) }
    end
    numbers_in(toks, s, map, out)
    return out
  end
  local v = NEAR:near(text, 6, 3)
  for i = 1, #v, 3 do
    local first = v[i]
    if first == 0 then
      numbers_in(toks, s, map, out)
      toks = {}
    else
      local last = v[i + 1]
      toks[#toks + 1] = { first = first, last = last, kind = KINDS[v[i + 2]], text = text:sub(first, last) }
    end
  end
  numbers_in(toks, s, map, out)
  return out
end

return M
