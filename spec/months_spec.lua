-- Month names and their numbers, written here by hand, independently of
-- data/dates/months.tsv (which the code reads): a wrong month number or a
-- dropped row in the data fails these specs.
--
-- The standard names of each system are facts taken from:
--   glibc locale sources, Debian package `locales` 2.36 (/usr/share/i18n/locales/):
--     ar_EG (Egyptian: يناير … ديسمبر), ar_IQ (Levantine/Iraqi: كانون الثاني … كانون الأول),
--     ar_DZ and ar_TN (جانفي فيفري … أوت), ar_MA (ماي يوليوز غشت شتنبر نونبر دجنبر);
--   Unicode CLDR 41, Debian package `unicode-cldr-core` (/usr/share/unicode/cldr/common/main/):
--     ar.xml (Gregorian; `islamic` calendar: محرم … ذو الحجة), ar_SY.xml ar_LB.xml ar_JO.xml
--     ar_PS.xml (Levantine), ar_MR.xml (Mauritanian: إبريل أغشت شتمبر دجمبر), ar_MA.xml,
--     ar_DZ.xml, ar_TN.xml.
-- The Libyan names of 1980s–2011 are in neither package (general knowledge),
-- the spelling variants are the news spellings data/dates/README.md lists;
-- their month numbers below are ours. The sentences are our own writing.
local arabic = require "arabic"

-- ------------------------------------------------ the standard names, by system

local SYSTEMS = {
  { -- glibc ar_EG; CLDR ar.xml
    name = "egyptian", calendar = "gregorian", year = 2023,
    days = { 31, 14, 9, 27, 3, 18, 22, 6, 11, 25, 2, 30 },
    months = { "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
               "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر" },
  },
  { -- glibc ar_IQ; CLDR ar_SY.xml, ar_LB.xml, ar_JO.xml, ar_PS.xml, ar_IQ.xml
    name = "levantine", calendar = "gregorian", year = 2019,
    days = { 7, 28, 21, 13, 1, 30, 15, 19, 4, 10, 26, 24 },
    months = { "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
               "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول" },
  },
  { -- glibc ar_DZ, ar_TN; CLDR ar_DZ.xml, ar_TN.xml (months 3, 9-12 as in ar.xml)
    name = "maghreb", calendar = "gregorian", year = 2021,
    days = { 2, 8, 17, 29, 12, 5, 23, 16, 30, 1, 20, 9 },
    months = { "جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان",
               "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر" },
  },
  { -- glibc ar_MA; CLDR ar_MA.xml (months 1-3, 6, 10 as in ar.xml)
    name = "moroccan", calendar = "gregorian", year = 2022,
    days = { 19, 3, 26, 8, 21, 14, 1, 31, 7, 16, 28, 11 },
    months = { "يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو",
               "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر" },
  },
  { -- CLDR ar_MR.xml (glibc has no ar_MR)
    name = "mauritanian", calendar = "gregorian", year = 2020,
    days = { 11, 29, 5, 18, 27, 2, 9, 13, 24, 31, 6, 17 },
    months = { "يناير", "فبراير", "مارس", "إبريل", "مايو", "يونيو",
               "يوليو", "أغشت", "شتمبر", "أكتوبر", "نوفمبر", "دجمبر" },
  },
  { -- Libya 1980s-2011 (historical; in neither package)
    name = "libyan", calendar = "gregorian", year = 1987,
    days = { 4, 12, 20, 6, 15, 23, 28, 3, 1, 19, 8, 26 },
    months = { "أي النار", "النوار", "الربيع", "الطير", "الماء", "الصيف",
               "ناصر", "هانيبال", "الفاتح", "التمور", "الحرث", "الكانون" },
  },
  { -- CLDR ar.xml, calendar "islamic"
    name = "hijri", calendar = "hijri", year = 1444, era = " هـ",
    days = { 3, 17, 12, 25, 9, 1, 27, 14, 21, 6, 10, 29 },
    months = { "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
               "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة" },
  },
}

-- ------------------------------------- every spelling the data has, by month

-- Standard names of every system and the news spellings, with the month each
-- one names. Every row of months.tsv must be here and every name here must be
-- a row (a dropped row or a wrong number fails).
local GREGORIAN = {
  -- the Iraqi numbered forms (تشرين 1 = the first Tishrin = October ...)
  -- follow the Syriac names' order: Tishrin I, II, Kanun I, II
  [1] = { "يناير", "كانون الثاني", "كانون ثاني", "كانون الثانى", "كانون 2", "جانفي", "أي النار" },
  [2] = { "فبراير", "شباط", "فيفري", "النوار" },
  [3] = { "مارس", "آذار", "اذار", "الربيع" },
  [4] = { "أبريل", "ابريل", "إبريل", "آبريل", "نيسان", "أفريل", "افريل", "الطير" },
  [5] = { "مايو", "أيار", "ايار", "مايس", "ماي", "الماء" },
  [6] = { "يونيو", "يونيه", "يونية", "حزيران", "جوان", "الصيف" },
  [7] = { "يوليو", "يوليه", "يولية", "تموز", "جويلية", "جويليه", "يوليوز", "ناصر" },
  [8] = { "أغسطس", "اغسطس", "أغسطوس", "آب", "أوت", "اوت", "غشت", "أغشت", "اغشت", "هانيبال" },
  [9] = { "سبتمبر", "سيبتمبر", "أيلول", "ايلول", "شتنبر", "شتمبر", "الفاتح" },
  [10] = { "أكتوبر", "اكتوبر", "أوكتوبر", "اوكتوبر", "تشرين الأول", "تشرين الاول", "تشرين أول",
           "تشرين اول", "تشرين 1", "التمور" },
  [11] = { "نوفمبر", "تشرين الثاني", "تشرين ثاني", "تشرين الثانى", "تشرين 2", "نونبر", "الحرث" },
  [12] = { "ديسمبر", "كانون الأول", "كانون الاول", "كانون أول", "كانون اول", "كانون 1", "دجنبر", "دجمبر",
           "الكانون" },
}
local HIJRI = {
  [1] = { "محرم", "المحرم", "محرّم" },
  [2] = { "صفر", "صفر الخير" },
  [3] = { "ربيع الأول", "ربيع الاول", "ربيع أول", "ربيع اول" },
  [4] = { "ربيع الآخر", "ربيع الاخر", "ربيع الثاني", "ربيع ثاني", "ربيع الثانى", "ربيع آخر" },
  [5] = { "جمادى الأولى", "جمادى الاولى", "جمادى الأول", "جمادى الاول", "جمادي الأولى",
          "جمادي الاولى", "جمادي الأول" },
  [6] = { "جمادى الآخرة", "جمادى الاخرة", "جمادى الآخر", "جمادى الاخر", "جمادى الثانية",
          "جمادى الثاني", "جمادي الآخرة", "جمادي الاخرة", "جمادي الثانية", "جمادي الثاني" },
  [7] = { "رجب" },
  [8] = { "شعبان" },
  [9] = { "رمضان", "رمضان المبارك" },
  [10] = { "شوال", "شوّال" },
  [11] = { "ذو القعدة", "ذي القعدة", "ذا القعدة", "ذو القعده", "ذي القعده" },
  [12] = { "ذو الحجة", "ذي الحجة", "ذا الحجة", "ذو الحجه", "ذي الحجه" },
}

local EXPECT = {} -- name -> { month, calendar }
for m, names in pairs(GREGORIAN) do
  for _, n in ipairs(names) do EXPECT[n] = { m, "gregorian" } end
end
for m, names in pairs(HIJRI) do
  for _, n in ipairs(names) do EXPECT[n] = { m, "hijri" } end
end

local function rows()
  local out, header = {}, true
  for line in io.lines("data/dates/months.tsv") do
    if header then
      header = false
    else
      local name, month, calendar = line:match("^([^\t]+)\t(%d+)\t([^\t]+)")
      out[#out + 1] = { name = name or line, month = tonumber(month), calendar = calendar }
    end
  end
  return out
end

-- ASCII digits -> Arabic-Indic (U+0660..U+0669)
local function indic(s)
  return (s:gsub("%d", function(d) return "\217" .. string.char(0xA0 + tonumber(d)) end))
end

local function dates(s)
  local out = {}
  for d in arabic.dates(s, { reference = "2024-03-16" }) do
    out[#out + 1] = d.text .. "=" .. tostring(d.value) .. "/" .. tostring(d.calendar)
  end
  return table.concat(out, " | ")
end

describe("month numbers, hand-written per system", function()
  it("every system lists twelve months and the tables agree with it", function()
    for _, sys in ipairs(SYSTEMS) do
      assert.are.equal(12, #sys.months, sys.name)
      assert.are.equal(12, #sys.days, sys.name)
      for m, name in ipairs(sys.months) do
        assert.are.same({ m, sys.calendar }, EXPECT[name], sys.name .. " " .. name)
      end
    end
  end)

  it("every row of months.tsv has the month and calendar written here, and every name here is a row", function()
    local seen, missing, wrong = {}, {}, {}
    local all = rows()
    assert.is_true(#all > 100)
    for _, row in ipairs(all) do
      local name = row.name
      seen[name] = true
      local e = EXPECT[name]
      if not e then
        missing[#missing + 1] = name
      elseif e[1] ~= row.month or e[2] ~= row.calendar then
        -- rows that fold to one key under search normalization (ابريل,
        -- إبريل) are not all visible to the extractor: check each here
        wrong[#wrong + 1] = ("%s: %s %s, want %d %s"):format(name, tostring(row.month), tostring(row.calendar), e[1], e[2])
      end
    end
    assert.are.same({}, missing)
    assert.are.same({}, wrong)
    local dropped = {}
    for name in pairs(EXPECT) do
      if not seen[name] then dropped[#dropped + 1] = name end
    end
    table.sort(dropped)
    assert.are.same({}, dropped)
  end)

  -- "10 <name> <year>" for every spelling, both digit sets
  for _, calendar in ipairs { "gregorian", "hijri" } do
    for m, names in ipairs(calendar == "gregorian" and GREGORIAN or HIJRI) do
      for _, name in ipairs(names) do
        local year = calendar == "hijri" and "1445" or "2024"
        local span = "10 " .. name .. " " .. year
        local want = ("%s-%02d-10/%s"):format(year, m, calendar)
        it(("%s %d %s"):format(calendar, m, name), function()
          assert.are.equal(span .. "=" .. want, dates("في " .. span))
          assert.are.equal(indic(span) .. "=" .. want, dates("في " .. indic(span)))
        end)
      end
    end
  end
end)

-- Twelve sentences (our own) that take a date; each system puts its months
-- into them in a different rotation, so each month is seen in another frame.
local FRAMES = {
  "وقّع الطرفان الاتفاق في %s بعد مفاوضات طويلة",
  "افتُتح معرض الكتاب الدولي في %s في قاعة المدينة",
  "أعلنت الوزارة أن الامتحانات تبدأ في %s",
  "وُلد الشاعر في قرية صغيرة على الساحل في %s",
  "صدر العدد الأول من المجلة بتاريخ %s",
  "انتهت أعمال الترميم في %s وعاد الزوار إلى المتحف",
  "قال المتحدث إن اللجنة ستجتمع مجددا في %s",
  "هطلت أمطار غزيرة على المدن الساحلية في %s",
  "تسلّم المدرب الجديد مهامه منذ %s",
  "أُغلق الطريق الجبلي أمام الشاحنات في %s",
  "سجّلت المحطة أعلى درجة حرارة لهذا الموسم في %s",
  "نشرت الصحيفة الخبر في عددها الصادر في %s",
}

for k, sys in ipairs(SYSTEMS) do
  describe(sys.name .. " months in sentences", function()
    for m, name in ipairs(sys.months) do
      local day = sys.days[m]
      local span = ("%d %s %d%s"):format(day, name, sys.year, sys.era or "")
      local frame = FRAMES[(m + 2 * k) % 12 + 1]
      local want = ("%04d-%02d-%02d/%s"):format(sys.year, m, day, sys.calendar)
      it(frame:format(span), function()
        assert.are.equal(span .. "=" .. want, dates(frame:format(span)))
      end)
      it(frame:format(indic(span)), function()
        assert.are.equal(indic(span) .. "=" .. want, dates(frame:format(indic(span))))
      end)
    end
  end)
end
