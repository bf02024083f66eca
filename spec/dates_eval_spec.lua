-- The date evaluation set (spec/dates_eval.tsv, scored by spec/dates_eval.lua):
-- news-style sentences of our own with gold spans and values. The target
-- is 95% of the expressions with the right span and value, and as few
-- dates where there are none.
local dates = require "arabic.dates"
local eval = require "dates_eval"

describe("the date evaluation set", function()
  local cases = eval.load("spec/dates_eval.tsv")
  local st = eval.score(cases, dates.find)

  it("has at least 100 gold expressions and traps without dates", function()
    assert.is_true(st.gold >= 100)
    local traps = 0
    for _, c in ipairs(cases) do if #c.gold == 0 then traps = traps + 1 end end
    assert.is_true(traps >= 10)
  end)

  it("gets 95% of the expressions right, span and value", function()
    assert.is_true(st.recall >= 0.95, ("%.1f%% right:\n%s"):format(100 * st.recall, table.concat(st.errors, "\n")))
  end)

  it("finds few dates that are not there", function()
    assert.is_true(st.precision >= 0.95, ("%.1f%% precision:\n%s"):format(100 * st.precision, table.concat(st.errors, "\n")))
  end)
end)
