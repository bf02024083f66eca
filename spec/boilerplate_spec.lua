-- News-page chrome removal, on pages we wrote for these tests.
local arabic = require "arabic"

local PAGE = table.concat({
  "الأحد 10 مارس 2024 | 29 شعبان 1445 هـ",
  "الرئيسية » أخبار » الخليج",
  "عاجل",
  "اجتماع وزاري في مسقط لبحث أمن الملاحة",
  "كتب: سامي الحارثي",
  "شارك: فيسبوك | تويتر | واتساب",
  "",
  "مسقط - (وكالات) عقد وزراء خارجية عدد من الدول اجتماعا في العاصمة العمانية اليوم لبحث أمن الملاحة في البحر الأحمر، وقال مسؤول إن النقاش كان صريحا.",
  "",
  "اقرأ أيضاً: تراجع حركة الشحن عبر قناة السويس",
  "",
  "وأضاف المسؤول أن الاجتماع المقبل سيعقد في القاهرة خلال أسابيع، وأن الدعوات وجهت إلى جميع الأطراف المعنية بالأمر.",
  "\194\160",
  "المصدر: وكالات",
  "كلمات دلالية: مسقط، الملاحة، البحر الأحمر",
  "تابعونا على جوجل نيوز",
  "مقالات ذات صلة",
  "• عنوان خبر أول",
  "• عنوان خبر ثان",
}, "\n")

local function rules_of(r)
  local out = {}
  for i, x in ipairs(r.removed) do out[i] = x.rule end
  return out
end

describe("boilerplate", function()
  local r = arabic.boilerplate(PAGE)
  local rules = {}
  for _, x in ipairs(r.removed) do rules[#rules + 1] = x.rule end

  it("removes chrome line by line and names the rule", function()
    assert.are.same({ "banner", "masthead", "label", "masthead", "share_line", "teaser_line", "source_line",
      "tags_line", "follow_line", "end_marker" }, rules)
  end)

  it("keeps the headline and the whole body", function()
    assert.matches("اجتماع وزاري في مسقط", r.text)
    assert.matches("عقد وزراء خارجية", r.text)
    assert.matches("وأضاف المسؤول", r.text)
    assert.is_nil(r.text:find("اقرأ", 1, true))
    assert.is_nil(r.text:find("عنوان خبر", 1, true))
  end)

  it("reports removed ranges in source offsets", function()
    for _, x in ipairs(r.removed) do assert.are.equal(x.text, PAGE:sub(x.first, x.last)) end
    local parts = {}
    for _, k in ipairs(r.kept) do parts[#parts + 1] = PAGE:sub(k.first, k.last) end
    assert.are.equal(r.text, table.concat(parts))
    assert.are.equal("الأحد 10 مارس 2024 | 29 شعبان 1445 هـ", r.banner)
  end)

  it("never removes a phrase inside a sentence", function()
    local s = "وقال إن عليهم أن يقرأوا أيضا التقرير، وتابع الوزير حديثه عن المصدر الرئيسي للأزمة في المنطقة كلها."
    local out = arabic.boilerplate(s)
    assert.are.equal(s, out.text)
    assert.are.same({}, out.removed)
  end)

  it("treats running text after the source line as another article when other chrome agrees", function()
    local first = "نص الخبر الأول يتحدث عن الاجتماع الوزاري الذي عقد في مسقط أمس، وقد شارك فيه عدد كبير.\n"
    local other = "نص خبر آخر لا علاقة له بالأول يتحدث عن الطقس في المغرب هذا الأسبوع، ويتوقع أمطارا غزيرة.\n"
    local s = first .. "المصدر: وكالات\nكلمات دلالية: مسقط، الاجتماع\nطقس المغرب\n" .. other
    local out = arabic.boilerplate(s)
    assert.are.same({ "source_line", "tags_line", "appended" }, rules_of(out))
    -- the other article goes from its headline on
    assert.are.equal("طقس المغرب\n" .. other, out.removed[3].text)
    assert.are.equal(first, out.text)
    local keep = arabic.boilerplate(s, { keep_appended = true })
    assert.truthy(keep.text:find("الطقس", 1, true))
  end)

  it("never takes the rest of a text on one source line alone", function()
    local s = "نص الخبر الأول يتحدث عن الاجتماع الوزاري الذي عقد في مسقط أمس، وقد شارك فيه عدد كبير.\n" ..
      "المصدر: وكالات\n" ..
      "وتابع المسؤول حديثه عن الطقس في المنطقة هذا الأسبوع، وقال إن الأمطار ستكون غزيرة.\n"
    local out = arabic.boilerplate(s)
    -- a source line with text after it and nothing else: a quote, kept
    assert.are.equal(s, out.text)
    assert.are.same({}, out.removed)
    -- at the end of the text it is the article's source line
    local tail = "نص الخبر الأول يتحدث عن الاجتماع الوزاري الذي عقد في مسقط أمس، وقد شارك فيه عدد كبير.\nالمصدر: وكالات\n"
    assert.are.same({ "source_line" }, rules_of(arabic.boilerplate(tail)))
  end)

  it("removes a follow line broken in two", function()
    local s = "نص الخبر يتحدث عن الاجتماع الوزاري الذي عقد في مسقط أمس، وقد شارك فيه عدد كبير.\nتابع موقعنا على\nجوجل نيوز\n"
    local out = arabic.boilerplate(s)
    assert.are.equal(2, #out.removed)
    assert.are.equal("follow_line", out.removed[2].rule)
  end)

  it("drops the rest of the page head when asked", function()
    local s = "قائمة الموقع\nأخبار | رياضة\nعنوان الخبر\n" ..
      "نص الخبر يتحدث عن الاجتماع الوزاري الذي عقد في مسقط أمس، وقد شارك فيه عدد كبير من الوزراء.\n"
    local out = arabic.boilerplate(s, { drop_head = true })
    assert.are.equal("عنوان الخبر\nنص الخبر يتحدث عن الاجتماع الوزاري الذي عقد في مسقط أمس، وقد شارك فيه عدد كبير من الوزراء.\n", out.text)
  end)

  it("takes the caller's own phrase lists and checks options", function()
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    f:write("phrase\trule\taction\tnote\nروابط سريعة\tsite\tdrop_line\t\n")
    f:close()
    local out = arabic.boilerplate("روابط سريعة\nنص", { lists = { "default", path } })
    os.remove(path)
    assert.are.equal("site", out.removed[1].rule)
    assert.has_error(function() arabic.boilerplate("x", { list = {} }) end)
    assert.has_error(function() arabic.boilerplate("x", { lists = { "/nonexistent.tsv" } }) end)
  end)
  it("takes a banner with a time and a section path from the page head", function()
    local body = "نص الخبر يتحدث عن الاجتماع الوزاري الذي عقد في مسقط أمس، وقد شارك فيه عدد كبير من الوزراء.\n"
    local s = "الاثنين، 05 فبراير 2024 - 24 رجب 1445 - 09:14 ص\nاقتصاد | نقل وموانئ\nعنوان الخبر\n" .. body
    local out = arabic.boilerplate(s)
    assert.are.equal("banner", out.removed[1].rule)
    assert.are.equal("الاثنين، 05 فبراير 2024 - 24 رجب 1445 - 09:14 ص", out.banner)
    assert.are.equal("breadcrumb", out.removed[2].rule)
    assert.are.equal("عنوان الخبر\n" .. body, out.text)
    -- a headline with a separator but sentence punctuation stays
    local kept = arabic.boilerplate("عاجل | الوزير: لا تأجيل للقمة\n" .. body)
    assert.truthy(kept.text:find("الوزير", 1, true))
  end)
  it("needs a prefix phrase's mark right after it, and a short line", function()
    local lede = "كتب : محمود سالم رفع الجهاز الفني لفريق الكرة درجة الاستعداد القصوى قبل المباراة الحاسمة أمام ضيفه يوم السبت ."
    for _, s in ipairs {
      "كتب ، مقالات ، حوارات محاضرات .", -- books, not a byline
      "كتبت الصحيفة أمس أن الوفد وصل.",
      lede, -- a byline glued to the lede: the lede is content
      "المصدر: " .. ("نص طويل "):rep(30), -- no source line is that long
    } do
      assert.are.same({}, arabic.boilerplate(s).removed, s)
    end
    assert.are.same({ "masthead" }, rules_of(arabic.boilerplate("كتب : هشام زكي")))
    assert.are.same({ "masthead" }, rules_of(arabic.boilerplate("كتب - هشام زكي")))
    assert.are.same({ "masthead" }, rules_of(arabic.boilerplate("كتبت: سلمى علي")))
  end)

  it("takes a banner only for a day", function()
    assert.are.same({}, arabic.boilerplate("يوليو\n").removed)
    assert.are.same({ "banner" }, rules_of(arabic.boilerplate("الأحد 10 مارس 2024\n")))
  end)

  it("uses only the caller's lists when \"default\" is not among them", function()
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    f:write("phrase\trule\taction\tnote\nروابط سريعة\tsite\tdrop_line\t\n")
    f:close()
    local body = "نص الخبر يتحدث عن الاجتماع الوزاري الذي عقد في مسقط أمس، وقد شارك فيه عدد كبير من الوزراء.\n"
    local s = "الأحد 10 مارس 2024\nاقتصاد | نقل\nروابط سريعة\nعاجل\n" .. body .. "تابع موقعنا على\nجوجل نيوز\n"
    local mine = arabic.boilerplate(s, { lists = { path } })
    local both = arabic.boilerplate(s, { lists = { "default", path } })
    os.remove(path)
    assert.are.same({ "site" }, rules_of(mine))
    assert.are.same({ "banner", "breadcrumb", "site", "label", "follow_line", "follow_line" }, rules_of(both))
  end)

  it("reports the share of the text removed and warns when it is large", function()
    local res = arabic.boilerplate(PAGE)
    assert.is_true(res.share > 0 and res.share < 0.5)
    local gone = 0
    for _, x in ipairs(res.removed) do gone = gone + #x.text end
    assert.are.equal(gone / #PAGE, res.share)
    assert.matches("chrome removal dropped %d+%% of the text", res.warning)
    local body = "نص الخبر يتحدث عن الاجتماع الوزاري الذي عقد في مسقط أمس، وقد شارك فيه عدد كبير من الوزراء.\n"
    local small = arabic.boilerplate(body:rep(5) .. "المصدر: وكالات\n")
    assert.is_nil(small.warning)
    assert.are.equal(0, arabic.boilerplate(body).share)
    assert.are.equal(0, arabic.boilerplate("").share)
  end)

  it("puts findings back on the source without covering removed text", function()
    local s = "وقال الرئيس جو\nاقرأ أيضاً: تراجع أسعار النفط\nبايدن إن المحادثات مفيدة.\n"
    local res = arabic.boilerplate(s)
    assert.are.same({ "teaser_line" }, rules_of(res))
    local function find(text, what)
      local a = assert(text:find(what, 1, true))
      return { first = a, last = a + #what - 1, text = what }
    end
    local clean = res.text
    local sentence = { first = 1, last = #clean - 1, text = clean:sub(1, -2) }
    local name = find(clean, "جو\nبايدن")
    local inside = find(clean, "المحادثات")
    local sents = require("arabic.boilerplate").map_back(res, { sentence }, s, "split")
    assert.are.same({ "وقال الرئيس جو", "بايدن إن المحادثات مفيدة." }, { sents[1].text, sents[2].text })
    for _, x in ipairs(sents) do assert.are.equal(x.text, s:sub(x.first, x.last)) end
    local names = require("arabic.boilerplate").map_back(res, { name, inside }, s, "drop")
    assert.are.equal(1, #names)
    assert.are.equal("المحادثات", s:sub(names[1].first, names[1].last))
  end)

  it("gives the page's own date as the reference: a dateline, else a banner the body agrees with", function()
    local B = require "arabic.boilerplate"
    local body = "قال المسؤول إن الاجتماع الذي عقد أمس كان الأول، وإن جولة أخرى ستجري الأسبوع المقبل في مسقط.\n"
    assert.are.same({ "2024-03-10", "banner" }, { B.reference(arabic.boilerplate("الأحد 10 مارس 2024\n" .. body)) })
    local dateline = "مسقط - 16 مارس 2024 (وكالات) " .. body
    assert.are.same({ "2024-03-16", "body" }, { B.reference(arabic.boilerplate("الأحد 17 نوفمبر 2025\n" .. dateline)) })
    -- a crawl date: the body's "this March" is not the banner's month
    local march = "قال المسؤول إن الاجتماع الذي عقد في مايو 2023 كان الأول، وإن جولة أخرى جرت في 15 مارس الجاري.\n"
    assert.are.same({}, { B.reference(arabic.boilerplate("الإثنين 17 نوفمبر 2025\n" .. march)) })
    assert.are.same({ "2024-03-18", "banner" }, { B.reference(arabic.boilerplate("الإثنين 18 مارس 2024\n" .. march)) })
    -- years of past events do not contradict a banner
    local past = "قال المسؤول إن الاتفاق الذي وقع عام 2015 ما زال أساس المحادثات، وإن الجولة المقبلة ستعقد قريبا.\n"
    assert.are.same({ "2024-01-10", "banner" }, { B.reference(arabic.boilerplate("الأربعاء 10 يناير 2024\n" .. past)) })
    assert.are.same({}, { B.reference(arabic.boilerplate(body)) })
  end)
end)
