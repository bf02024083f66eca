-- The default gazetteer (data/gazetteers/, compiled to build/default.gaz),
-- row by row for a sample of every source file: sentences written for these
-- tests, with the type, id and span each name must get. The ids are ISO
-- 3166 codes for countries and our slugs for the rest (see the files'
-- README); a row dropped, retyped or given another id fails here.
local arabic = require "arabic"

local CASES = {
  -- countries.tsv (an alias and a plain name)
  { "وصل الوفد إلى إمارة أندورا الصغيرة", "LOC:AD=إمارة أندورا" },
  { "تصاعد القتال في اليمن منذ سنوات", "LOC:YE=اليمن" },
  -- cities.tsv
  { "هبطت الطائرة في مسقط مساء الأحد", "LOC:muscat=مسقط" },
  { "زار الوزير طهران ثم بيروت", "LOC:tehran=طهران LOC:beirut=بيروت" },
  { "توجه الرئيس إلى موسكو ثم بكين", "LOC:moscow=موسكو LOC:beijing=بكين" },
  -- cities-cldr.tsv, and a country
  { "افتتح المهرجان في أديليد جنوب أستراليا", "LOC:adelaide=أديليد LOC:AU=أستراليا" },
  -- regions.tsv
  { "تعبر السفن البحر المتوسط نحو أوروبا", "LOC:mediterranean-sea=البحر المتوسط LOC:europe=أوروبا" },
  { "أبحرت السفينة عبر مضيق هرمز", "LOC:strait-of-hormuz=مضيق هرمز" },
  -- organizations.tsv
  { "دعت هيئة الأمم المتحدة إلى وقف القتال", "ORG:united-nations=هيئة الأمم المتحدة" },
  { "صرحت منظمة الصحة العالمية بأن الوباء انتهى", "ORG:who=منظمة الصحة العالمية" },
  { "قال الأمين العام لحلف الناتو", "ORG:nato=حلف الناتو" },
  -- media.tsv
  { "نقلت رويتر عن مصادر مطلعة", "ORG:reuters=رويتر" },
  -- groups.tsv (أمل alone is a common word: it needs context)
  { "قالت حركة المقاومة الإسلامية في بيان", "ORG:hamas=حركة المقاومة الإسلامية" },
  { "أعلنت أمل دعمها للحكومة", "" },
  { "قالت حركة أمل في بيان", "ORG:amal=حركة أمل" },
  -- people.tsv
  { "استقبل جوزيف بايدن ضيوفه في البيت الأبيض", "PER:joe-biden=جوزيف بايدن ORG:white-house=البيت الأبيض" },
}

describe("the default gazetteer, a sample of every source file", function()
  for _, c in ipairs(CASES) do
    it(c[1], function()
      local out = {}
      for _, m in ipairs(arabic.entities(c[1], { unknown_names = false })) do
        out[#out + 1] = m.type .. ":" .. m.id .. "=" .. c[1]:sub(m.first, m.last)
      end
      assert.are.equal(c[2], table.concat(out, " "))
    end)
  end
end)
