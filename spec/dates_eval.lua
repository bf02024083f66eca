--- The date evaluation set (spec/dates_eval.tsv): sentences written for
-- this project in the style of news text, each with a reference date and
-- the gold date expressions it holds. Used by spec/dates_eval_spec.lua
-- (which asserts the score) and bench/dates_eval.lua (which prints it).
--
-- File format: UTF-8, tab-separated, a header line; columns reference
-- (YYYY-MM-DD), text, gold. gold lists the expressions, " | " between
-- them, each "span=value" (span as written in text) optionally followed
-- by ";g=GREGORIAN" and ";mod=MOD" when those must match too. An empty
-- gold column means the sentence holds no date (a trap).
local M = {}

local function split(s, sep)
  local out, i = {}, 1
  while true do
    local a, b = s:find(sep, i, true)
    if not a then
      out[#out + 1] = s:sub(i)
      return out
    end
    out[#out + 1] = s:sub(i, a - 1)
    i = b + 1
  end
end

--- The cases of the file: { { reference, text, gold = { {span, value, g, mod}, ... } }, ... }
function M.load(path)
  local cases, header = {}, true
  for line in io.lines(path) do
    line = line:gsub("\r$", "")
    if header then
      header = false
    elseif line ~= "" then
      local f = split(line, "\t")
      local c = { reference = f[1], text = f[2], gold = {} }
      if f[3] and f[3] ~= "" then
        for _, item in ipairs(split(f[3], " | ")) do
          local parts = split(item, ";")
          local span, value = parts[1]:match("^(.-)=([^=]*)$")
          local g = { span = span, value = value }
          for k = 2, #parts do
            local key, v = parts[k]:match("^(%w+)=(.*)$")
            g[key] = v
          end
          c.gold[#c.gold + 1] = g
        end
      end
      cases[#cases + 1] = c
    end
  end
  return cases
end

local function show(d)
  local s = d.text .. "=" .. tostring(d.value)
  if d.gregorian then s = s .. ";g=" .. d.gregorian end
  if d.mod then s = s .. ";mod=" .. d.mod end
  return s
end

--- Score a dates function (text, opts) -> list over the cases. Returns
-- { gold = n, found = n, correct = n, errors = { "...", ... } }: a gold
-- expression is correct when a result has its exact span and value (and
-- its Gregorian value and modifier when the gold gives them).
function M.score(cases, find)
  local st = { gold = 0, found = 0, correct = 0, errors = {} }
  for _, c in ipairs(cases) do
    local got = find(c.text, { reference = c.reference })
    local used = {}
    st.gold = st.gold + #c.gold
    st.found = st.found + #got
    for _, g in ipairs(c.gold) do
      local ok = false
      for i, d in ipairs(got) do
        if not used[i] and d.text == g.span then
          used[i] = true
          ok = d.value == g.value and (g.g == nil or d.gregorian == g.g) and (g.mod == nil or d.mod == g.mod)
          if not ok then
            st.errors[#st.errors + 1] = ("wrong   %s: %s (want %s=%s%s%s)"):format(c.text, show(d), g.span, g.value,
              g.g and ";g=" .. g.g or "", g.mod and ";mod=" .. g.mod or "")
          end
          break
        end
      end
      if ok then
        st.correct = st.correct + 1
      elseif not st.errors[#st.errors] or not st.errors[#st.errors]:find(g.span, 1, true) then
        st.errors[#st.errors + 1] = ("missed  %s: %s=%s"):format(c.text, g.span, g.value)
      end
    end
    for i, d in ipairs(got) do
      if not used[i] then st.errors[#st.errors + 1] = ("extra   %s: %s"):format(c.text, show(d)) end
    end
  end
  st.recall = st.gold > 0 and st.correct / st.gold or 0
  st.precision = st.found > 0 and st.correct / st.found or 0
  return st
end

return M
