-- Consistency of the bundled gazetteer sources: what a user of the default
-- gazetteer sees as an entity's canonical name must not depend on which
-- spelling matched.
describe("bundled gazetteer data", function()
  for line in io.lines("data/gazetteers/default.txt") do
    if line ~= "" and not line:match("^#") then
      it(line .. " gives each id one canonical name", function()
        local canon, bad = {}, {}
        local header = true
        for row in io.lines("data/gazetteers/" .. line) do
          if header then
            header = false
          elseif row ~= "" and not row:match("^#") then
            local _, _, id, c = row:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)")
            if id and c and c ~= "" then
              if canon[id] and canon[id] ~= c then bad[#bad + 1] = id .. ": " .. canon[id] .. " / " .. c end
              canon[id] = canon[id] or c
            end
          end
        end
        assert.are.same({}, bad)
      end)
    end
  end
end)
