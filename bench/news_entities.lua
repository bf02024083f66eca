-- The default gazetteer on the three real news articles in
-- ../shared/corpus/news/: for each entity the articles discuss, the
-- mentions found (clitics included) against the mentions present, counted
-- by searching the text for the entity's spellings after any proclitics;
-- and every match whose id is not on the list, to review by hand.
-- Usage: lua news_entities.lua [NEWS_DIR]
local arabic = require "arabic"

local dir = arg[1] or "../shared/corpus/news"
local files = {}
local p = io.popen("ls " .. dir .. "/*.txt 2>/dev/null")
for line in p:lines() do files[#files + 1] = line end
p:close()
if #files == 0 then
  print("news_entities: SKIPPED, no articles in " .. dir)
  return
end

-- id -> spellings (a mention is one of these as a whole word, after
-- optional proclitics و ف ب ل ك)
local expected = {
  ["brett-mcgurk"] = { "ماكغورك", "ماكجورك", "ماكغيرك" },
  ["ali-bagheri-kani"] = { "باقري" },
  ["abram-paley"] = { "أبرام بالي", "بالي" },
  ["joe-biden"] = { "بايدن" },
  ["donald-trump"] = { "ترامب" },
  OM = { "عمان", "عُمان" },
  muscat = { "مسقط" },
  IR = { "إيران", "ايران" },
  tehran = { "طهران" },
  US = { "الولايات المتحدة", "الولایات المتحدة", "أمريكا", "أميركا" },
  washington = { "واشنطن" },
  houthis = { "الحوثي", "الحوثيين", "الحوثيون", "أنصار الله" },
  hamas = { "حماس" },
  gaza = { "غزة" },
  YE = { "اليمن" },
  IQ = { "العراق" },
  SY = { "سوريا", "سورية" },
  ["red-sea"] = { "البحر الأحمر" },
  ["financial-times"] = { "فاينانشال تايمز", "فايننشال تايمز", "فاينانشيال تايمز" },
  nyt = { "نيويورك تايمز", "NYT" },
  IL = { "إسرائيل" },
  ["white-house"] = { "البيت الأبيض" },
  ["middle-east"] = { "الشرق الأوسط" },
}

local function escape(s) return (s:gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")) end
local CLITIC = { "", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك" }

-- Mentions present: start positions of a spelling as a whole word, after
-- optional proclitics (لل counts for ل + ال).
local function mentions(text, spellings)
  local starts = {}
  for _, sp in ipairs(spellings) do
    local forms = { sp }
    if sp:sub(1, 4) == "ال" then forms[#forms + 1] = "ل" .. sp:sub(5) end -- للشرق
    for _, form in ipairs(forms) do
      for _, c in ipairs(CLITIC) do
        local word = c .. form
        if not (form ~= sp and c == "") then
          local pat = escape(word)
          local init = 1
          while true do
            local a, b = text:find(pat, init)
            if not a then break end
            local before = a > 1 and text:sub(a - 1, a - 1) or " "
            local after = text:sub(b + 1, b + 2)
            local arabic_after = after:byte(1) == 0xD8 or after:byte(1) == 0xD9 or after:byte(1) == 0xDB
            if (a == 1 or before:match("[%s%p]")) and not arabic_after then starts[a] = true end
            init = b + 1
          end
        end
      end
    end
  end
  local n = 0
  for _ in pairs(starts) do n = n + 1 end
  return n, starts
end

local total_present, total_found, fps = 0, 0, {}
print(("%-40s %-22s %7s %7s"):format("article", "entity", "present", "found"))
for _, path in ipairs(files) do
  local f = assert(io.open(path, "rb"))
  local text = f:read("*a")
  f:close()
  local found_by_id = {}
  for _, m in ipairs(arabic.entities(text)) do
    if expected[m.id] then
      found_by_id[m.id] = found_by_id[m.id] or {}
      table.insert(found_by_id[m.id], { m.token_first, m.last })
    else
      fps[#fps + 1] = ("%s: %s (%s %s)"):format(path:match("[^/]+$"), text:sub(m.token_first, m.last), m.type, m.id)
    end
  end
  local ids = {}
  for id in pairs(expected) do ids[#ids + 1] = id end
  table.sort(ids)
  for _, id in ipairs(ids) do
    local n, starts = mentions(text, expected[id])
    if n > 0 then
      local hit = 0
      for a in pairs(starts) do
        -- a mention counts as found when a match of this id covers it
        for _, r in ipairs(found_by_id[id] or {}) do
          if r[1] <= a and a <= r[2] then hit = hit + 1 break end
        end
      end
      total_present, total_found = total_present + n, total_found + hit
      print(("%-40s %-22s %7d %7d"):format(path:match("[^/]+$"), id, n, hit))
    end
  end
end
print(("recall over the mentions present: %d / %d = %.1f%%"):format(total_found, total_present,
  100 * total_found / math.max(total_present, 1)))
print(("matches of other ids (%d), to review by hand:"):format(#fps))
for _, s in ipairs(fps) do print("  " .. s) end
