-- Homographs: place names that are also common Arabic words, and clitic
-- splits that would turn a word into a name. Our own sentences: in the
-- first set the word must be left alone, in the second the place must be
-- found. Each set must be right in at least 90% of its sentences (the
-- misses are printed), and the examples of issue 13 exactly.
local arabic = require "arabic"

-- { sentence, the word that is not a place }
local COMMON = {
  { "من كواليس المفاوضات خرجت أخبار كثيرة", "كواليس" },
  { "في كواليس المسرح يستعد الممثلون للعرض", "كواليس" },
  { "طلى العامل الجدار باللون الرمادي", "الرمادي" },
  { "تعلم الطفل أسماء الألوان: الأحمر والأخضر والرمادي", "والرمادي" },
  { "العنصر الأب في الشجرة له ثلاثة أبناء", "الأب" },
  { "أحب الأب أبناءه كثيرا", "الأب" },
  { "يبلغ قطر الدائرة عشرة سنتيمترات", "قطر" },
  { "نصف قطر الأنبوب خمسة مليمترات", "قطر" },
  { "شاهدنا صور الأطفال في المعرض", "صور" },
  { "نشرت الوكالة صور الأقمار الصناعية للموقع", "صور" },
  { "ظهرت صور جديدة للحادث على الإنترنت", "صور" },
  { "عرض التلفزيون صور الدمار في الحي", "صور" },
  { "وصور الحادث منتشرة في كل مكان", "وصور" },
  { "فتحت الأم صندوق الصور القديمة", "الصور" },
  { "زارت جدة أحفادها يوم العيد", "جدة" },
  { "شعر الجميع بجدة الفكرة وأهميتها", "بجدة" },
  { "دمعت عين الطفل من شدة الفرح", "عين" },
  { "قال الطبيب إن العين تحتاج إلى راحة", "العين" },
  { "رفع الطلاب العلم الوطني في الساحة", "العلم" },
  { "يحتاج العالم إلى السلام والأمن", "السلام" },
  { "يعيش المزارعون على ضفاف الوادي الخصيب", "الوادي" },
  { "كانت السماء الزرقاء صافية تماما", "الزرقاء" },
  { "كانت الورقة البيضاء فارغة", "البيضاء" },
  { "تحدث الكاتب عن معان كثيرة للكلمة", "معان" },
  { "كانت طيبة قلبها معروفة للجميع", "طيبة" },
  { "وقف حماة الديمقراطية صفا واحدا", "حماة" },
  { "اشترى الأب سيارة للعائلة", "الأب" },
  { "أخذ النور يخفت تدريجيا في الغرفة", "النور" },
  { "يشتري الناس حاجاتهم من سوق الخضار", "سوق" },
  { "أغلق الحارس باب المبنى", "باب" },
  { "حصلت الشركة على الحلة الجديدة للموسم", "الحلة" },
  { "ازداد الطلب على الصور الرقمية", "الصور" },
  { "زار الصحابي الجليل أهل المدينة", "الجليل" },
  { "نشرت الصحف السورية البيان كاملا", "السورية" },
  { "يحتاج المصنع إلى العمال المهرة", "المهرة" },
  { "ترسل الأقمار صور الغيوم كل ساعة", "صور" },
  { "جدة الطفل تحكي له القصص كل ليلة", "جدة" },
  { "ارتدت الفتاة فستانا باللون الرمادي", "الرمادي" },
  { "يجلس الأب مع أولاده بعد العشاء", "الأب" },
  { "زرع الفلاح القمح في الوادي الأخضر", "الوادي" },
  { "يعيش الناس على الأمل رغم الصعوبات", "الأمل" },
  { "طالب المتظاهرون بالحرية والكرامة", "بالحرية" },
  { "حماة البيئة يطالبون بحماية الغابات", "حماة" },
  { "فتح الحارس باب الحديقة للزوار", "باب" },
  { "نظر إليه بعين الشك والريبة", "بعين" },
  { "وقف المعلم أمام الطلاب في العلم والأدب", "العلم" },
  { "قطر الأنبوب صغير جدا", "قطر" },
}

-- { sentence, the place, its id in the default gazetteer }
local NAMES = {
  { "وصل الوفد إلى جدة مساء أمس", "جدة", "jeddah" },
  { "يعيش في جدة أكثر من أربعة ملايين نسمة", "جدة", "jeddah" },
  { "وصلت طائرة الرئيس إلى جدة", "جدة", "jeddah" },
  { "ميناء جدة الإسلامي يستقبل السفن", "جدة", "jeddah" },
  { "هبطت الطائرة في مطار جدة الدولي", "جدة", "jeddah" },
  { "زار أمير قطر باريس", "قطر", "QA" },
  { "أعلنت دولة قطر دعمها للمبادرة", "قطر", "QA" },
  { "وصل وزير الخارجية إلى قطر للمشاركة في القمة", "قطر", "QA" },
  { "التقى الوزير بنظيره في قطر", "قطر", "QA" },
  { "الدوحة عاصمة قطر", "قطر", "QA" },
  { "حكومة قطر ترحب بالاتفاق", "قطر", "QA" },
  { "قصفت الطائرات مدينة صور في جنوب لبنان", "صور", "tyre" },
  { "قال سكان صور إن القصف استمر طوال الليل", "صور", "tyre" },
  { "وصلت السفينة إلى ميناء صور", "صور", "tyre" },
  { "يتفقد محافظ صور الأضرار", "صور", "tyre" },
  { "اشتدت المعارك في الرمادي غرب العراق", "الرمادي", "ramadi" },
  { "توجه الوفد إلى مدينة الرمادي", "الرمادي", "ramadi" },
  { "سيطر المسلحون على الرمادي", "الرمادي", "ramadi" },
  { "تقع محافظة إب في وسط اليمن", "إب", "ibb" },
  { "وصل ماكغورك إلى مسقط لإجراء محادثات", "مسقط", "muscat" },
  { "اجتمع الوزراء في القاهرة ثم سافروا إلى عمان", "القاهرة", "cairo" },
  { "تستضيف الرياض المؤتمر", "الرياض", "riyadh" },
  { "يقع ميناء جدة على البحر الأحمر", "جدة", "jeddah" },
  { "وصل الوفد إلى الخليل صباحا", "الخليل", "hebron" },
  { "تسكن في مدينة الخليل آلاف العائلات", "الخليل", "hebron" },
  { "قصفت الطائرات مدينة حماة", "حماة", "hama" },
  { "احتفل أهالي المهرة بالعيد", "المهرة", "al-mahrah" },
  { "تقع محافظة المهرة شرق اليمن", "المهرة", "al-mahrah" },
  { "التقى أمير قطر بالرئيس الفرنسي", "قطر", "QA" },
  { "سافر الوزير إلى قطر أمس", "قطر", "QA" },
  { "وصلت التعزيزات إلى الرمادي", "الرمادي", "ramadi" },
  { "أقيم المهرجان في مدينة العين", "العين", "al-ain" },
  { "انطلقت المظاهرات في حماة ودرعا", "حماة", "hama" },
  { "يعمل الآلاف في ميناء صور", "صور", "tyre" },
  { "يعيش في الزرقاء نحو مليون نسمة", "الزرقاء", "zarqa" },
  { "زار الوزير مدينة معان جنوب الأردن", "معان", "maan" },
}

local function places(s)
  local out = {}
  for _, m in ipairs(arabic.entities(s)) do
    if m.type == "LOC" then out[#out + 1] = m end
  end
  return out
end

describe("homographs", function()
  it("leave common words alone in at least 90% of sentences", function()
    local ok, misses = 0, {}
    for _, c in ipairs(COMMON) do
      local bad
      for _, m in ipairs(places(c[1])) do
        local whole = c[1]:sub(m.token_first, m.last)
        if whole == c[2] or c[2]:find(whole, 1, true) then bad = m end
      end
      if bad then misses[#misses + 1] = c[1] .. "  -> " .. bad.id else ok = ok + 1 end
    end
    assert.is_true(#COMMON >= 40)
    if #misses > 0 then print("\ncommon words taken for places:\n  " .. table.concat(misses, "\n  ")) end
    assert.is_true(ok / #COMMON >= 0.9, ("%d of %d"):format(ok, #COMMON))
  end)

  it("still find the places in at least 90% of sentences", function()
    local ok, misses = 0, {}
    for _, c in ipairs(NAMES) do
      local found
      for _, m in ipairs(places(c[1])) do
        -- the name, or an alias that ends with it (دولة قطر)
        if m.id == c[3] and m.text:sub(-#c[2]) == c[2] then found = true end
      end
      if found then ok = ok + 1 else misses[#misses + 1] = c[1] end
    end
    assert.is_true(#NAMES >= 30)
    if #misses > 0 then print("\nplaces missed:\n  " .. table.concat(misses, "\n  ")) end
    assert.is_true(ok / #NAMES >= 0.9, ("%d of %d"):format(ok, #NAMES))
  end)

  it("fixes the examples of real text", function()
    assert.same({}, places("من كواليس المفاوضات"))                 -- not ك + واليس (Wallis)
    assert.same({}, places("طلي الجدار باللون الرمادي"))           -- grey, not Ramadi
    assert.same({}, places("العنصر الأب في الشجرة"))               -- parent, not Ibb
  end)

  it("a trigger or the same place elsewhere is evidence", function()
    local ms = places("شاهدنا صور المدينة ثم زرنا مدينة صور")
    assert.equal(1, #ms)
    assert.equal("tyre", ms[1].id)
    -- the same id found with evidence confirms the other mention
    ms = places("وصل إلى مدينة صور ، وقال إن صور تعرضت للقصف")
    assert.equal(2, #ms)
  end)

  it("apply only through arabic.entities (a gazetteer alone matches as before)", function()
    local g = arabic.gazetteer.default()
    local n = 0
    for _, m in ipairs(g:find("من كواليس المفاوضات")) do if m.id == "wallis-islands" then n = n + 1 end end
    assert.equal(1, n)
  end)
end)
