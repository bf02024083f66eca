-- Accuracy of the dates step on the evaluation set spec/dates_eval.tsv
-- (our own news-style sentences with gold spans and values).
-- Usage: lua bench/dates_eval.lua [--errors]  (LUA_PATH must reach spec/)
local dates = require "arabic.dates"
local eval = require "dates_eval"

local cases = eval.load(arg[0]:gsub("[^/]*$", "") .. "../spec/dates_eval.tsv")
local st = eval.score(cases, dates.find)
print(("dates evaluation set: %d sentences, %d gold expressions"):format(#cases, st.gold))
print(("right span and value  %5.1f%%  (%d of %d)"):format(100 * st.recall, st.correct, st.gold))
print(("precision             %5.1f%%  (%d of %d found)"):format(100 * st.precision, st.correct, st.found))
if arg[1] == "--errors" then
  for _, e in ipairs(st.errors) do print(e) end
end
