/*
 * texts.h — news-like Arabic test texts shared by the C tests
 * (test_threads.c, test_alloc.c, test_lua_states.c).
 *
 * They exercise what the core does off its fast paths: abbreviations and
 * initials before periods, numbers in three digit sets, quotes and
 * brackets after terminal marks, URLs and e-mails, diacritics, tatweel,
 * presentation forms and word ligatures, Persian look-alikes, invisible
 * characters, combining marks out of canonical order (the cluster path),
 * Latin with accents, invalid UTF-8, hard-wrapped lines and numbered lists,
 * and names that the default gazetteer knows (countries, cities, people,
 * organizations), some behind proclitics (وبالقاهرة) or misspelled.
 */
#ifndef SPEC_C_TEXTS_H
#define SPEC_C_TEXTS_H

#include <string.h>

#include "arabic.h"

static const char *const test_texts[] = {
    /* 0: a news paragraph */
    "القاهرة - (رويترز): قال وزير الخارجية المصري سامح شكري، أمس الثلاثاء، إن "
    "مصر والسعودية تبحثان مع الأمم المتحدة سبل وقف إطلاق النار في غزة. وأضاف "
    "د. محمد عبد الله، أستاذ العلوم السياسية بجامعة القاهرة، أن «المفاوضات لم "
    "تنته بعد؟» وتابع: \"الحل سياسي!\" ثم غادر.\n"
    "وذكرت وكالة الأنباء الفرنسية أن الرئيس الأمريكي جو بايدن سيزور الرياض "
    "وأبوظبي والدوحة الأسبوع المقبل، بعد زيارة قصيرة إلى لندن وباريس.",

    /* 1: numbers, dates, eras, an URL and an e-mail */
    "ارتفع التضخم في مصر إلى 35.7% في فبراير، مقابل ٢٩٫٨٪ في يناير، وبلغ "
    "الدين ١٬٢٠٠ مليار جنيه (نحو 38.9 مليار دولار). وُلد الشاعر عام 1950 م. "
    "وتوفي سنة 1445 هـ. في مكة المكرمة. للمزيد: https://www.example.com/news/2024?id=5. "
    "راسلونا على press@example.org أو زوروا www.example.net، شكرا.",

    /* 2: diacritics, tatweel, presentation forms, ligatures, Persian letters */
    "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ ﷽ قالـــــــت الصحيفة: إن ﻻ أحد "
    "يعرف مصیر الاتفاق، وإن الرئيس ﷺ... لا. زار الوفد کابل وطهران ثم عاد إلى "
    "بغداد يوم ۱۵ مارس ۲۰۲۴. القرآن الكريم: ﴿ إِنَّا أَعْطَيْنَاكَ الْكَوْثَرَ ﴾.",

    /* 3: invisible characters, marks out of order, NBSP, Latin accents,
     * an emoji and invalid UTF-8 */
    "أعلنت\xe2\x80\x8f شركة\xe2\x80\x8c أرامكو\xc2\xa0السعودية أرباحا "
    "قياسية. سافر إلى Montréal و cafe\xcc\x81 ثم باريس 🇫🇷! "
    "الكلمة بِّ (كسرة قبل الشدة) و" "\xd8\xa7\xd9\x94" "حمد وسط " "\xff\xfe"
    " بايتات خاطئة " "\xe0\x80" " هنا. هل انتهى الأمر؟ نعم.",

    /* 4: hard-wrapped text (auto mode) */
    "تواصلت الاشتباكات في السودان بين الجيش وقوات الدعم السريع في الخرطوم\n"
    "ومدينة الفاشر بولاية شمال دارفور، وسط تحذيرات من منظمة الصحة العالمية من\n"
    "انهيار المنظومة الصحية وانتشار الأوبئة في المخيمات المكتظة بالنازحين في\n"
    "تشاد وجنوب السودان، بينما دعا الأمين العام للأمم المتحدة أنطونيو غوتيريش\n"
    "إلى وقف فوري لإطلاق النار واستئناف المفاوضات في جدة برعاية سعودية وأمريكية\n"
    "وقال المتحدث باسم المنظمة إن المساعدات لم تصل بعد إلى مدن إقليم دارفور.\n"
    "\n"
    "عنوان قصير\n"
    "نص الفقرة الثانية بعد العنوان.",

    /* 5: a list, initials, Latin abbreviations, quotes after marks */
    "أهم النقاط:\n"
    "1. التزام الطرفين بوقف إطلاق النار.\n"
    "2. تبادل الأسرى خلال 72 ساعة.\n"
    "3. دخول المساعدات عبر معبر رفح.\n"
    "قال J. Smith من U.S. Department of State إن «الخطة جيدة.» وأضاف أ.د. "
    "سمير: \"هل ننجح؟\" ربما. المبعوث ج.م.ع. انتهى... ثم بدأ فصل جديد.",

    /* 6: names behind clitics, common words, triggers, a misspelling */
    "وبالقاهرة عقد الاجتماع، وللسعودية موقف واضح، وفي دمشق وبيروت وعمان "
    "تظاهرات. وصل وفد من حركة حماس ومن حزب الله إلى طهران، بينما التقى "
    "الرئيس عبد الفتاح السيسي بالملك عبد الله الثاني في العقبة. وقالت قناة "
    "الجزيرة إن كاليفورنيا وكالفورنيا وواشنطن شهدت احتجاجات، وإن اليوم على "
    "غير العادة. محمد بن راشد آل مكتوم زار دبي والشارقة.",

    /* 7: short and degenerate inputs */
    "؟",
    "",
    " \n\n \t",
    "...!!!؟؟",
    "د.",
    "ﻻ",
};

#define N_TEST_TEXTS (sizeof test_texts / sizeof test_texts[0])

/* A small gazetteer for tests that cannot open build/default.gaz: names,
 * types, ids, flags, priorities and an attribute. */
struct test_entry {
    const char *name, *type, *id;
    unsigned flags;
    int priority;
};

static const struct test_entry test_entries[] = {
    {"القاهرة", "LOC", "cairo", 0, 2},
    {"مصر", "LOC", "EG", 0, 2},
    {"جمهورية مصر العربية", "LOC", "EG", 0, 1},
    {"السعودية", "LOC", "SA", 0, 2},
    {"المملكة العربية السعودية", "LOC", "SA", 0, 1},
    {"الرياض", "LOC", "riyadh", 0, 1},
    {"غزة", "LOC", "gaza", 0, 1},
    {"دمشق", "LOC", "damascus", 0, 1},
    {"بيروت", "LOC", "beirut", 0, 1},
    {"عمان", "LOC", "amman", 0, 1},
    {"عمان", "LOC", "OM", 0, 0},
    {"طهران", "LOC", "tehran", 0, 1},
    {"كاليفورنيا", "LOC", "california", 0, 1},
    {"واشنطن", "LOC", "washington", 0, 1},
    {"الخرطوم", "LOC", "khartoum", 0, 1},
    {"دارفور", "LOC", "darfur", 0, 1},
    {"الأمم المتحدة", "ORG", "UN", 0, 1},
    {"منظمة الصحة العالمية", "ORG", "WHO", 0, 1},
    {"حماس", "ORG", "hamas", 0, 1},
    {"حزب الله", "ORG", "hezbollah", 0, 1},
    {"الجزيرة", "ORG", "aljazeera", AR_GAZ_NEEDS_CONTEXT, 1},
    {"أرامكو", "ORG", "aramco", 0, 1},
    {"جو بايدن", "PER", "joe-biden", 0, 1},
    {"بايدن", "PER", "joe-biden", 0, 1},
    {"عبد الفتاح السيسي", "PER", "sisi", 0, 1},
    {"محمد بن راشد", "PER", "mbr", 0, 1},
    {"سامح شكري", "PER", "shoukry", 0, 1},
    {"أنطونيو غوتيريش", "PER", "guterres", 0, 1},
    {"Montréal", "LOC", "montreal", AR_GAZ_EXACT_ONLY, 1},
    {"اليوم", "ORG", "alyoum", 0, 0},
};

#define N_TEST_ENTRIES (sizeof test_entries / sizeof test_entries[0])

/* test_entries[i] as an entry to add, with nattrs attribute key/value
 * pairs from attrs. */
static inline ar_gaz_entry test_entry_at(size_t i, const char *const *attrs, size_t nattrs)
{
    const struct test_entry *t = &test_entries[i];
    ar_gaz_entry e;
    memset(&e, 0, sizeof e);
    e.name = t->name;
    e.name_len = strlen(t->name);
    e.type = t->type;
    e.type_len = strlen(t->type);
    e.id = t->id;
    e.id_len = strlen(t->id);
    e.flags = t->flags;
    e.priority = t->priority;
    e.attrs = attrs;
    e.nattrs = nattrs;
    return e;
}

/* A builder (default normalization) holding every test entry, each with
 * the same attributes; NULL with *err on failure. */
static inline ar_gaz_builder *test_builder_new(const char *const *attrs, size_t nattrs, int *err)
{
    ar_gaz_builder *b = ar_gaz_builder_new(NULL, err);
    size_t i;
    if (!b) return NULL;
    for (i = 0; i < N_TEST_ENTRIES; i++) {
        ar_gaz_entry e = test_entry_at(i, attrs, nattrs);
        if ((*err = ar_gaz_add(b, &e, NULL)) != AR_OK) {
            ar_gaz_builder_free(b);
            return NULL;
        }
    }
    return b;
}

#endif
