-- Chrome removal on the test pages of spec/chrome_pages.lua: every line
-- that is chrome goes, every line that is content stays (news pages with
-- the chrome of Arabic news sites; documentation pages where المصادر،
-- المراجع، كتب، التعليقات are content).
local arabic = require "arabic"
local pages = require "chrome_pages"

describe("boilerplate on whole pages", function()
  for _, pg in ipairs(pages.pages) do
    it(pg.name, function()
      local got = pages.score(pg, arabic.boilerplate)
      local wrong = {}
      for i, l in ipairs(pg.lines) do
        if l[2]:find("%S") and got[i] ~= (l[1] == "c") and not l.known then
          wrong[#wrong + 1] = (got[i] and "removed: " or "kept: ") .. l[2]
        end
      end
      assert.are.same({}, wrong)
      -- the kept text is the source's kept ranges, in order
      local s = pages.text(pg)
      local r = arabic.boilerplate(s)
      local parts = {}
      for i, k in ipairs(r.kept) do parts[i] = s:sub(k.first, k.last) end
      assert.are.equal(r.text, table.concat(parts))
    end)
  end
end)
