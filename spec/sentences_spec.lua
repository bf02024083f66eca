-- Sentence boundaries: every convention, with Arabic written for these
-- tests. Each case is the text and the sentences expected, joined by " | ".
local arabic = require "arabic"

local function split(s, opts)
  return table.concat(arabic.split_sentences(s, opts), " | ")
end

local function cases(list, opts)
  for _, c in ipairs(list) do
    it(c[1]:gsub("\n", "⏎"), function()
      assert.are.equal(c[2], split(c[1], c.opts or opts))
    end)
  end
end

describe("rule 1: terminal marks", function()
  cases {
    { "وصل الوفد. بدأت المحادثات.", "وصل الوفد. | بدأت المحادثات." },
    { "هل انتهى الاجتماع؟ لم ينته بعد.", "هل انتهى الاجتماع؟ | لم ينته بعد." },
    { "يا له من يوم! عاد الجميع.", "يا له من يوم! | عاد الجميع." },
    { "ماذا حدث؟! لا أحد يعرف.", "ماذا حدث؟! | لا أحد يعرف." },
    { "انتهى!!! ثم ساد الصمت.", "انتهى!!! | ثم ساد الصمت." },
    { "Is it over? Yes.", "Is it over? | Yes." },
    { "ختام الجملة۔ جملة أخرى.", "ختام الجملة۔ | جملة أخرى." },
    { "جملة بلا نقطة في النهاية", "جملة بلا نقطة في النهاية" },
    { "انتهى.", "انتهى." },
    { "   مسافات قبل الجملة. وبعدها.   ", "مسافات قبل الجملة. | وبعدها." },
    { "", "" },
    { "نقطة.بلا مسافة", "نقطة.بلا مسافة" },
  }
end)

describe("rule 1: numbers, dates, times, versions, URLs and e-mails", function()
  cases {
    { "بلغ النمو 3.5 في المئة. ثم تراجع.", "بلغ النمو 3.5 في المئة. | ثم تراجع." },
    { "بلغ النمو ٣٫٥ في المئة. ثم تراجع.", "بلغ النمو ٣٫٥ في المئة. | ثم تراجع." },
    { "سعر البرميل 80.25 دولار.", "سعر البرميل 80.25 دولار." },
    { "في 10.1.2024 عقد اللقاء.", "في 10.1.2024 عقد اللقاء." },
    { "في 10/1/2024 عقد اللقاء. ثم انفض.", "في 10/1/2024 عقد اللقاء. | ثم انفض." },
    { "بتاريخ 2024-01-10 صدر القرار.", "بتاريخ 2024-01-10 صدر القرار." },
    { "في الساعة 10:30 صباحا. ثم غادر.", "في الساعة 10:30 صباحا. | ثم غادر." },
    { "حدث الإصدار 2.4.1 أمس.", "حدث الإصدار 2.4.1 أمس." },
    { "زوروا https://example.com/news/a.b?x=1 للمزيد. شكرا.", "زوروا https://example.com/news/a.b?x=1 للمزيد. | شكرا." },
    { "زوروا www.example.org. شكرا.", "زوروا www.example.org. | شكرا." },
    { "راسلونا على info@example.com. نرد سريعا.", "راسلونا على info@example.com. | نرد سريعا." },
    { "عدد السكان 1,000,000 نسمة. وهو كبير.", "عدد السكان 1,000,000 نسمة. | وهو كبير." },
    { "ارتفع العدد إلى 25. وقال المسؤول إنه كبير.", "ارتفع العدد إلى 25. | وقال المسؤول إنه كبير." },
  }
end)

describe("rule 1: abbreviations and initials", function()
  cases {
    { "قال د. أحمد إن الوضع مستقر.", "قال د. أحمد إن الوضع مستقر." },
    { "قال أ.د. سالم إن البحث انتهى.", "قال أ.د. سالم إن البحث انتهى." },
    { "عاش في القرن الخامس ق.م. في أثينا.", "عاش في القرن الخامس ق.م. في أثينا." },
    { "العنوان: ص.ب. 1234 الرياض.", "العنوان: ص.ب. 1234 الرياض." },
    { "انظر ص. 45 من التقرير.", "انظر ص. 45 من التقرير." },
    { "التقى م. خالد بالوفد.", "التقى م. خالد بالوفد." },
    { "كتب ع. الحسن المقال.", "كتب ع. الحسن المقال." },
    { "وقع في عام 1445 هـ. وفي العام التالي عاد.", "وقع في عام 1445 هـ. | وفي العام التالي عاد." },
    { "ولد سنة 1950 م. وتوفي سنة 2020 م.", "ولد سنة 1950 م. | وتوفي سنة 2020 م." },
    { "ناقشوا الأمن والاقتصاد إلخ. وانتهى اللقاء.", "ناقشوا الأمن والاقتصاد إلخ. | وانتهى اللقاء." },
    { "الشركة ش.م.ع. ومقرها دبي.", "الشركة ش.م.ع. ومقرها دبي." },
    { "قالت (د. منى) إن النتائج جيدة.", "قالت (د. منى) إن النتائج جيدة." },
    { "Dr. Smith met Mr. Jones. They talked.", "Dr. Smith met Mr. Jones. | They talked." },
    { "The U.S. and the U.K. agreed. Talks end.", "The U.S. and the U.K. agreed. | Talks end." },
    { "Many items, e.g. books, i.e. paper. Done.", "Many items, e.g. books, i.e. paper. | Done." },
    { "J. R. Smith wrote it. It sold.", "J. R. Smith wrote it. | It sold." },
    { "It happened at 5 p.m. yesterday.", "It happened at 5 p.m. yesterday." },
    { "قال الـد. سامي كلاما.", "قال الـد. | سامي كلاما." },
    { "قال دـ. سامي كلاما.", "قال دـ. سامي كلاما." },
  }
end)

describe("rule 2: comma, semicolon and colon never end a sentence", function()
  cases {
    { "قال، ثم صمت؛ وبعدها: لا شيء.", "قال، ثم صمت؛ وبعدها: لا شيء." },
    { "first, second; third: fourth.", "first, second; third: fourth." },
    { "جاء الوفد، وبدأت المحادثات.", "جاء الوفد، وبدأت المحادثات." },
  }
end)

describe("rule 3: closing quotes and brackets stay on the left", function()
  cases {
    { "قال: «انتهى الأمر.» ثم غادر.", "قال: «انتهى الأمر.» | ثم غادر." },
    { "قال: “انتهى الأمر.” ثم غادر.", "قال: “انتهى الأمر.” | ثم غادر." },
    { "قال: \"انتهى الأمر.\" ثم غادر.", "قال: \"انتهى الأمر.\" | ثم غادر." },
    { "(انتهى الاجتماع.) ثم صدر البيان.", "(انتهى الاجتماع.) | ثم صدر البيان." },
    { "[ملاحظة المحرر.] يتبع.", "[ملاحظة المحرر.] | يتبع." },
    { "قال تعالى: ﴿وقل ربي زدني علما.﴾ وسكت.", "قال تعالى: ﴿وقل ربي زدني علما.﴾ | وسكت." },
    { "انتهى.\226\128\143 بدأ غيره.", "انتهى.\226\128\143 | بدأ غيره." },
    { "انتهى.»\226\128\142 بدأ غيره.", "انتهى.»\226\128\142 | بدأ غيره." },
    { "قالت «الحكومة» إن الأمر انتهى.", "قالت «الحكومة» إن الأمر انتهى." },
    { "قال «نعم»، ثم خرج.", "قال «نعم»، ثم خرج." },
  }
end)

describe("rule 4: line breaks", function()
  cases {
    { "عنوان الخبر\nنص الخبر يبدأ هنا.", "عنوان الخبر | نص الخبر يبدأ هنا." },
    { "القاهرة (رويترز) -\nقال المتحدث كلاما.", "القاهرة (رويترز) - | قال المتحدث كلاما." },
    { "سطر أول\r\nسطر ثان", "سطر أول | سطر ثان" },
    { "فقرة أولى.\n\nفقرة ثانية.", "فقرة أولى. | فقرة ثانية." },
    { "\n\n\nسطر بعد أسطر فارغة\n\n", "سطر بعد أسطر فارغة" },
    { "سطر\226\128\168سطر آخر", "سطر | سطر آخر" },
  }
  describe("wrapped mode", function()
    cases({
      { "جملة طويلة تقطعت\nعلى سطرين. وجملة أخرى.", "جملة طويلة تقطعت\nعلى سطرين. | وجملة أخرى." },
      { "فقرة أولى مقطوعة\nعلى سطرين\n\nفقرة ثانية", "فقرة أولى مقطوعة\nعلى سطرين | فقرة ثانية" },
      { "عنوان\nنص", "عنوان\nنص" },
    }, { mode = "wrapped" })
  end)
  describe("auto mode", function()
    local line = "هذا سطر طويل من نص إخباري مقطوع عند ثمانين حرفا تقريبا كما يصل من بعض المواقع"
    local wrapped = table.concat({ line, line, line .. ".", "عنوان قصير", line, line .. "." }, "\n")
    it("detects hard-wrapped text and keeps short lines as breaks", function()
      local out = arabic.split_sentences(wrapped, { mode = "auto" })
      assert.are.equal(3, #out)
      assert.are.equal("عنوان قصير", out[2])
    end)
    it("leaves ordinary lines alone", function()
      assert.are.equal("سطر | سطر آخر", split("سطر\nسطر آخر", { mode = "auto" }))
    end)
  end)
end)

describe("rule 5: an ellipsis is a pause inside a line", function()
  cases {
    { "كان يفكر... ثم تكلم.", "كان يفكر... ثم تكلم." },
    { "كان يفكر… ثم تكلم.", "كان يفكر… ثم تكلم." },
    { "وانتهى الأمر...\nبدأ غيره.", "وانتهى الأمر... | بدأ غيره." },
    { "وانتهى الأمر…", "وانتهى الأمر…" },
    { "ماذا بعد...؟ لا شيء.", "ماذا بعد...؟ | لا شيء." },
    { "ثم... لا أدري...", "ثم... لا أدري..." },
  }
end)

describe("rule 6: question and exclamation marks inside quotes", function()
  cases {
    { "قال: «هل ستأتي؟» فأجاب: «نعم».", "قال: «هل ستأتي؟» فأجاب: «نعم»." },
    { "صرخ «يا للهول!» وهرب.", "صرخ «يا للهول!» وهرب." },
    { "سأل: «متى؟»\nلم يجب أحد.", "سأل: «متى؟» | لم يجب أحد." },
    { "سأل: «متى؟»", "سأل: «متى؟»" },
    { "قال «انتهى.» وغادر.", "قال «انتهى.» | وغادر." },
    { "He asked \"why?\" and left.", "He asked \"why?\" and left." },
  }
end)

describe("rule 7: an abbreviation's period can end the text or a paragraph", function()
  cases {
    { "حدث ذلك عام 505 هـ.", "حدث ذلك عام 505 هـ." },
    { "وقع الحدث في القرن الثالث ق.م.\n\nفقرة جديدة.", "وقع الحدث في القرن الثالث ق.م. | فقرة جديدة." },
    { "ناقشوا الأمن والاقتصاد إلخ.", "ناقشوا الأمن والاقتصاد إلخ." },
    { "He moved to the U.S.", "He moved to the U.S." },
  }
end)

describe("rule 8: list markers", function()
  cases {
    { "1. الأمن\n2. الاقتصاد", "1. الأمن | 2. الاقتصاد" },
    { "البنود: 1. الأمن 2. الاقتصاد 3. التعليم", "البنود: 1. الأمن 2. الاقتصاد 3. التعليم" },
    { "• البند الأول.\n• البند الثاني.", "• البند الأول. | • البند الثاني." },
    { "- البند الأول\n- البند الثاني", "- البند الأول | - البند الثاني" },
    { "أ. المقدمة\nب. العرض", "أ. المقدمة | ب. العرض" },
    { "١. الأمن\n٢. الاقتصاد", "١. الأمن | ٢. الاقتصاد" },
    { "a. first item\nb. second item", "a. first item | b. second item" },
    { "البنود هي: 1. الأمن، 2. الاقتصاد.", "البنود هي: 1. الأمن، 2. الاقتصاد." },
  }
end)

describe("rule 9: Latin text follows the same rules", function()
  cases {
    { "This is one. This is two! Three?", "This is one. | This is two! | Three?" },
    { "He said: \"Stop.\" Then he left.", "He said: \"Stop.\" | Then he left." },
    { "See fig. 3 in vol. 2.", "See fig. 3 in vol. 2." },
    { "Prof. Dr. Ali spoke. The end.", "Prof. Dr. Ali spoke. | The end." },
    { "قال بالإنجليزية: Done. ثم انصرف.", "قال بالإنجليزية: Done. | ثم انصرف." },
  }
end)

describe("news text", function()
  cases {
    { "القاهرة (رويترز) - قال مسؤولون إن المحادثات انتهت. وأضافوا أنها ستستأنف.",
      "القاهرة (رويترز) - قال مسؤولون إن المحادثات انتهت. | وأضافوا أنها ستستأنف." },
    { "مسقط - (وكالات) استضافت السلطنة الجولة. وقال مسؤول: «لا اتفاق بعد».",
      "مسقط - (وكالات) استضافت السلطنة الجولة. | وقال مسؤول: «لا اتفاق بعد»." },
    { "وفقًا لـ\"فاينانشال تايمز\". وأكدت المصادر ذلك.", "وفقًا لـ\"فاينانشال تايمز\". | وأكدت المصادر ذلك." },
    { "انتهى الاجتماعـــــ. ثم بدأ.", "انتهى الاجتماعـــــ. | ثم بدأ." },
    { "قال المتحدثُ. ثم صمتَ.", "قال المتحدثُ. | ثم صمتَ." },
    { "اقرأ أيضاً:\nسلطنة عمان تدعو إلى التهدئة", "اقرأ أيضاً: | سلطنة عمان تدعو إلى التهدئة" },
    { "عاجل\nانفجار في الميناء. لا إصابات.", "عاجل | انفجار في الميناء. | لا إصابات." },
    { "السعر ١٠٠ ريال. الكمية ٥٠ قطعة.", "السعر ١٠٠ ريال. | الكمية ٥٠ قطعة." },
    { "قال:\n«سنعود».", "قال: | «سنعود»." },
    { "النسبة 45%. ارتفعت بعد ذلك.", "النسبة 45%. | ارتفعت بعد ذلك." },
  }
end)

describe("normalized text", function()
  it("splits text after search normalization the same way", function()
    local s = "هل انتهى؟ قال د. أحمد: «نعم». وفقًا للبيان."
    local n = arabic.normalize(s, "search")
    assert.are.equal(#arabic.split_sentences(s), #arabic.split_sentences(n))
    assert.are.equal("هل انتهي? | قال د. احمد: «نعم». | وفقا للبيان.", split(n))
  end)
end)

describe("sentence API", function()
  it("iterates 1-based inclusive spans", function()
    local s = "أولا. ثانيا."
    local spans = {}
    for first, last in arabic.sentences(s) do spans[#spans + 1] = { first, last } end
    assert.are.same({ { 1, 9 }, { 11, #s } }, spans)
    assert.are.equal("أولا.", s:sub(spans[1][1], spans[1][2]))
  end)

  it("takes extra abbreviations from a list or a file", function()
    local s = "قابل سع. محمد أمس."
    assert.are.equal("قابل سع. | محمد أمس.", split(s))
    assert.are.equal(s, split(s, { abbreviations = { "default", "سع." } }))
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    f:write("# mine\nسع.\n")
    f:close()
    assert.are.equal(s, split(s, { abbreviations = path }))
    os.remove(path)
    assert.are.equal("Prof. | Ali came.", split("Prof. Ali came.", { abbreviations = false }))
    assert.are.equal("Prof. Ali came.", split("Prof. Ali came."))
  end)

  it("checks its arguments", function()
    assert.has_error(function() arabic.split_sentences(nil) end,
      "bad argument #1 to 'split_sentences' (string expected, got nil)")
    assert.has_error(function() arabic.sentences("x", { mode = "paragraphs" }) end)
    assert.has_error(function() arabic.sentences("x", { modus = "lines" }) end,
      "bad argument #2 to 'sentences' (unknown option 'modus'; valid: abbreviations, mode, wrap_width)")
    assert.has_error(function() arabic.sentences("x", { abbreviations = 3 }) end)
  end)

  it("handles invalid UTF-8 and NUL bytes", function()
    assert.are.same({ "ab\255cd.", "ef\0gh." }, arabic.split_sentences("ab\255cd. ef\0gh."))
  end)

  -- found by fuzz_sentences: a stray continuation byte after a space was
  -- taken as part of the space, so the span started on the space
  it("keeps a stray continuation byte after a space as text", function()
    assert.are.same({ "\169" }, arabic.split_sentences(" \169"))
    assert.are.same({ "\0 \169" }, arabic.split_sentences("\0 \169"))
    assert.are.same({ "كلمة.", "\169 أخرى." }, arabic.split_sentences("كلمة. \169 أخرى."))
  end)
end)
