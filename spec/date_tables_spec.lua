-- The date tables other than the month names (data/dates/relative.tsv,
-- weekdays.tsv, ummalqura.tsv), checked against values written here by hand
-- or computed independently. Several rows fold to one key under the search
-- normalization the extractor uses (أمس / امس), so a wrong value in one of
-- them is invisible in extracted dates: each row is checked here.
-- Weekdays are ISO 8601 (1 = Monday); the Umm al-Qura spot checks are the
-- official Saudi dates of 2023-2024 (Ramadan 1445 began on Monday 11 March
-- 2024, Eid al-Fitr on 10 April, Dhu al-Hijjah on 7 June, 1446 on 7 July).

local function rows(path)
  local out, header = {}, nil
  for line in io.lines(path) do
    if not line:find("^#") and line ~= "" then
      local f = {}
      for field in (line .. "\t"):gmatch("([^\t]*)\t") do f[#f + 1] = field end
      if header then out[#out + 1] = f else header = f end
    end
  end
  return out
end

-- kind -> word -> value
local RELATIVE = {
  day = {
    ["أمس"] = -1, ["امس"] = -1, ["بالأمس"] = -1, ["بالامس"] = -1, ["البارحة"] = -1, ["البارحه"] = -1,
    ["أول أمس"] = -2, ["اول امس"] = -2, ["أول من أمس"] = -2, ["اول من امس"] = -2,
    ["أمس الأول"] = -2, ["امس الاول"] = -2,
    ["اليوم"] = 0, ["الليلة"] = 0,
    ["غدا"] = 1, ["غداً"] = 1, ["غدًا"] = 1, ["غد"] = 1,
    ["بعد غد"] = 2, ["بعد الغد"] = 2, ["بعد غدٍ"] = 2,
  },
  direction = {
    ["الماضي"] = -1, ["الماضية"] = -1, ["المنصرم"] = -1, ["المنصرمة"] = -1, ["السابق"] = -1,
    ["السابقة"] = -1, ["الفائت"] = -1, ["الفائتة"] = -1,
    ["المقبل"] = 1, ["المقبلة"] = 1, ["القادم"] = 1, ["القادمة"] = 1,
    ["الجاري"] = 0, ["الجارية"] = 0, ["الحالي"] = 0, ["الحالية"] = 0, ["هذا"] = 0, ["هذه"] = 0,
  },
  mod = {
    ["مطلع"] = "START", ["أوائل"] = "START", ["اوائل"] = "START", ["بداية"] = "START",
    ["بدايات"] = "START", ["مستهل"] = "START", ["بدء"] = "START",
    ["غرة"] = "DAY1", ["غرّة"] = "DAY1",
    ["منتصف"] = "MID", ["أواسط"] = "MID", ["اواسط"] = "MID",
    ["أواخر"] = "END", ["اواخر"] = "END", ["نهاية"] = "END", ["نهايات"] = "END", ["آخر"] = "END",
    ["اخر"] = "END", ["ختام"] = "END", ["خواتيم"] = "END",
  },
}

local WEEKDAYS = {
  ["الإثنين"] = 1, ["الاثنين"] = 1, ["الأثنين"] = 1, ["الثلاثاء"] = 2, ["الأربعاء"] = 3,
  ["الاربعاء"] = 3, ["الخميس"] = 4, ["الجمعة"] = 5, ["الجمعه"] = 5, ["السبت"] = 6,
  ["الأحد"] = 7, ["الاحد"] = 7,
}

describe("relative.tsv and weekdays.tsv", function()
  it("every day, direction and mod word has the value written here, and each of these is a row", function()
    local seen, wrong = { day = {}, direction = {}, mod = {} }, {}
    for _, r in ipairs(rows("data/dates/relative.tsv")) do
      local want = RELATIVE[r[2]]
      if want then
        seen[r[2]][r[1]] = true
        local v = tonumber(r[3]) or r[3]
        if want[r[1]] ~= v then wrong[#wrong + 1] = r[2] .. " " .. r[1] .. "=" .. tostring(r[3]) end
      end
    end
    for kind, words in pairs(RELATIVE) do
      for w in pairs(words) do
        if not seen[kind][w] then wrong[#wrong + 1] = "no row: " .. kind .. " " .. w end
      end
    end
    table.sort(wrong)
    assert.are.same({}, wrong)
  end)

  it("every weekday row has its ISO number, and each weekday spelling here is a row", function()
    local seen, wrong = {}, {}
    for _, r in ipairs(rows("data/dates/weekdays.tsv")) do
      seen[r[1]] = true
      if WEEKDAYS[r[1]] ~= tonumber(r[2]) then wrong[#wrong + 1] = r[1] .. "=" .. r[2] end
    end
    for w in pairs(WEEKDAYS) do
      if not seen[w] then wrong[#wrong + 1] = "no row: " .. w end
    end
    assert.are.same({}, wrong)
  end)
end)

-- days since 1970-01-01 of a proleptic Gregorian date
local function days(y, m, d)
  y = m <= 2 and y - 1 or y
  local era = math.floor(y / 400)
  local yoe = y - era * 400
  local doy = math.floor((153 * (m + (m > 2 and -3 or 9)) + 2) / 5) + d - 1
  local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
end

-- the arithmetic (tabular) Islamic calendar, epoch 16 July 622 (Julian)
local function tabular(y, m)
  return math.ceil(29.5 * (m - 1)) + (y - 1) * 354 + math.floor((3 + 11 * y) / 30) + days(622, 7, 19) - 1
end

describe("ummalqura.tsv", function()
  local t = {}
  for _, r in ipairs(rows("data/dates/ummalqura.tsv")) do
    local y, m, d = r[3]:match("^(%d+)-(%d+)-(%d+)$")
    t[#t + 1] = { y = tonumber(r[1]), m = tonumber(r[2]), day = days(tonumber(y), tonumber(m), tonumber(d)) }
  end

  it("has every month of 1300-1600 AH in order", function()
    assert.are.equal(301 * 12, #t)
    for i, x in ipairs(t) do
      local y, m = 1300 + math.floor((i - 1) / 12), (i - 1) % 12 + 1
      assert.are.same({ y, m }, { x.y, x.m })
    end
  end)

  it("gives months of 29 or 30 days and years of 354 or 355", function()
    local bad = {}
    for i = 2, #t do
      local len = t[i].day - t[i - 1].day
      if len ~= 29 and len ~= 30 then bad[#bad + 1] = ("%d-%02d: %d days"):format(t[i - 1].y, t[i - 1].m, len) end
    end
    for i = 13, #t, 12 do
      local len = t[i].day - t[i - 12].day
      if len ~= 354 and len ~= 355 then bad[#bad + 1] = ("year %d: %d days"):format(t[i - 12].y, len) end
    end
    assert.are.same({}, bad)
  end)

  it("stays within two days of the arithmetic calendar", function()
    local bad = {}
    for _, x in ipairs(t) do
      local diff = x.day - tabular(x.y, x.m)
      if diff < -2 or diff > 2 then bad[#bad + 1] = ("%d-%02d: %+d"):format(x.y, x.m, diff) end
    end
    assert.are.same({}, bad)
  end)

  it("has the official dates of 1445-1446", function()
    local want = {
      ["1445-09"] = days(2024, 3, 11), ["1445-10"] = days(2024, 4, 10),
      ["1445-12"] = days(2024, 6, 7), ["1446-01"] = days(2024, 7, 7),
    }
    local n = 0
    for _, x in ipairs(t) do
      local k = ("%d-%02d"):format(x.y, x.m)
      if want[k] then
        assert.are.equal(want[k], x.day, k)
        n = n + 1
      end
    end
    assert.are.equal(4, n)
  end)
end)
