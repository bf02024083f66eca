/*
 * fuzz_gazfile.c — the binary gazetteer loader on corrupted files.
 *
 * Input: the bytes of a compiled gazetteer file (seeds are real files from
 * `arabic gazetteer compile`). They are loaded three ways:
 *   1. as given, with verify = 1 (whole-file checksum) and verify = 0
 *      (header and section bounds only);
 *   2. "repaired": a copy with the body size, the body checksum and the
 *      header checksum recomputed, so mutations reach the structural
 *      checks and the matcher instead of stopping at a checksum.
 * Every load must return an error (NULL, AR_EFORMAT with a message) or a
 * gazetteer that can be used: statistics, entries and attributes read, a
 * fixed Arabic text matched with several option sets, calibration applied,
 * without any read outside the file (AddressSanitizer: the loader copies
 * the input into an exact-size heap block).
 *
 * Oracles:
 *   - verify = 1 accepting a file implies verify = 0 accepts it, with the
 *     same matches;
 *   - matches lie inside the text and name existing entries;
 *   - a loaded gazetteer saved again (ar_gaz_save) and reopened gives the
 *     same statistics and matches (the save path reads every section).
 */
#include "fuzz_common.h"
#include "gaz.h"
#include "hash.h"

static const char text[] =
    "مسقط (رويترز) - قال وزير الخارجية العماني بدر البوسعيدي إن المحادثات بين إيران والولايات المتحدة "
    "ستستأنف في مسقط الأسبوع المقبل، بعد جولة في روما. وأضاف أن الأمم المتحدة ومجلس الأمن يدعمان "
    "الجهود. وفي غزة وقطاع غزة ورفح وخان يونس، قالت وزارة الصحة إن القصف استمر. "
    "والتقى الرئيس الأمريكي جو بايدن ودونالد ترامب بالأمين العام للأمم المتحدة في نيويورك وواشنطن "
    "ولندن وباريس والقاهرة والرياض ودبي وأبوظبي وبيروت ودمشق وبغداد وعمان. "
    "الشيخ محمد بن راشد آل مكتوم، وشركة أرامكو السعودية، وقناة الجزيرة، وحركة حماس، وحزب الله، "
    "والاتحاد الأوروبي، وصندوق النقد الدولي، والبنك الدولي. واشنطون، الإمارات العربية المتحدة، "
    "مصر، الأردن، لبنان، سوريا، العراق، اليمن، السودان، ليبيا، تونس، الجزائر، المغرب، فلسطين، "
    "إسرائيل، تركيا، روسيا، الصين، الهند، فرنسا، ألمانيا، بريطانيا، إيطاليا، قطر، الكويت، البحرين. "
    "ﷺ ﻷ ٣٫٥ 2024 \xd8\xa7\xd9\x84\xd9\x82\xd8\xaf\xd8\xb3 \xe2\x80\x8f Gaza Reuters";

static const char *path; /* the scratch file */
static ar_gaz_result *res, *res2;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    path = fuzz_scratch_path("fuzz_gazfile");
    res = ar_gaz_result_new();
    res2 = ar_gaz_result_new();
    FUZZ_CHECK(res && res2, "ar_gaz_result_new");
    return 0;
}

static const ar_gaz_match_opts opt_sets[] = {
    {0, NULL, 0, NULL, 0, NULL},
    {AR_GM_FUZZY | AR_GM_EXTEND, NULL, 0, NULL, 0, NULL},
    {AR_GM_OVERLAP | AR_GM_FUZZY | AR_GM_NO_CONTEXT, NULL, 0, NULL, 0, NULL},
    {AR_GM_NO_CLITICS, NULL, 0, NULL, 0, NULL},
};
#define NSETS (sizeof opt_sets / sizeof opt_sets[0])

static void check_matches(const ar_gazetteer *g, const ar_gaz_result *r)
{
    size_t i, n = ar_gaz_result_count(r);
    ar_gaz_stats st;
    ar_gaz_stats_get(g, &st);
    for (i = 0; i < n; i++) {
        const ar_gaz_match *m = ar_gaz_result_get(r, i);
        ar_gaz_info info;
        FUZZ_CHECK(m->token_start <= m->start && m->start <= m->end && m->end <= sizeof text - 1,
                   "match %zu: token %zu, [%zu, %zu)", i, m->token_start, m->start, m->end);
        FUZZ_CHECK(m->entry < st.entries && ar_gaz_entry_info(g, m->entry, &info) == AR_OK,
                   "match %zu: entry %u of %zu", i, (unsigned)m->entry, st.entries);
    }
}

static void same_results(const ar_gaz_result *a, const ar_gaz_result *b, const char *what)
{
    size_t i, n = ar_gaz_result_count(a);
    FUZZ_CHECK(n == ar_gaz_result_count(b), "%s: %zu matches, then %zu", what, n, ar_gaz_result_count(b));
    for (i = 0; i < n; i++) {
        const ar_gaz_match *x = ar_gaz_result_get(a, i), *y = ar_gaz_result_get(b, i);
        FUZZ_CHECK(x->start == y->start && x->end == y->end && x->token_start == y->token_start &&
                       x->entry == y->entry && x->fuzzy == y->fuzzy && x->flags == y->flags,
                   "%s: match %zu differs", what, i);
    }
}

/* Read everything a user could read. */
static void use(const ar_gazetteer *g)
{
    ar_gaz_stats st;
    size_t i, a, sum = 0;
    ar_gaz_stats_get(g, &st);
    (void)ar_gaz_norm_options(g);
    for (i = 0; i < st.entries && i < 64; i++) {
        ar_gaz_info info;
        FUZZ_CHECK(ar_gaz_entry_info(g, (uint32_t)i, &info) == AR_OK, "entry_info(%zu)", i);
        /* touch every byte of the strings (ASan sees a bad pointer) */
        for (a = 0; a < info.name_len; a++) sum += (unsigned char)info.name[a];
        for (a = 0; a < info.type_len; a++) sum += (unsigned char)info.type[a];
        for (a = 0; a < info.id_len; a++) sum += (unsigned char)info.id[a];
        for (a = 0; a < info.canonical_len; a++) sum += (unsigned char)info.canonical[a];
        for (a = 0; a < 16; a++) {
            const char *k, *v;
            size_t kl, vl, q;
            if (ar_gaz_entry_attr(g, (uint32_t)i, a, &k, &kl, &v, &vl) != AR_OK) break;
            for (q = 0; q < kl; q++) sum += (unsigned char)k[q];
            for (q = 0; q < vl; q++) sum += (unsigned char)v[q];
        }
    }
    FUZZ_CHECK(st.entries == 0 || sum != (size_t)-1, "unreachable");
    for (i = 0; i < NSETS; i++) {
        int rc = ar_gaz_match_text(g, text, sizeof text - 1, &opt_sets[i], res);
        FUZZ_CHECK(rc == AR_OK, "ar_gaz_match_text: %s", ar_strerror(rc));
        check_matches(g, res);
    }
}

/* As given: verify = 1 and verify = 0, compared. */
static void load_raw(const uint8_t *data, size_t size)
{
    ar_error e1, e0;
    ar_gazetteer *g1 = ar_gaz_from_memory(data, size, 1, &e1);
    ar_gazetteer *g0;
    if (!g1) FUZZ_CHECK(e1.code == AR_EFORMAT && e1.message[0], "verify=1 error %d without a message", e1.code);
    else use(g1);
    g0 = ar_gaz_from_memory(data, size, 0, &e0);
    if (!g0) FUZZ_CHECK(e0.code == AR_EFORMAT && e0.message[0], "verify=0 error %d without a message", e0.code);
    else use(g0);
    FUZZ_CHECK(!g1 || g0, "accepted with verify=1, rejected with verify=0 (%s)", g0 ? "" : e0.message);
    if (g1 && g0) {
        size_t i;
        for (i = 0; i < NSETS; i++) {
            ar_gaz_match_text(g1, text, sizeof text - 1, &opt_sets[i], res);
            ar_gaz_match_text(g0, text, sizeof text - 1, &opt_sets[i], res2);
            same_results(res, res2, "verify=1 vs verify=0");
        }
    }
    ar_gaz_free(g1);
    ar_gaz_free(g0);
}

/* Repaired checksums: the structural checks decide. What is accepted can
 * be used, calibrated, saved and opened again with the same matches. */
static void load_fixed(const uint8_t *data, size_t size, int verify)
{
    static const char *const names[] = {"غزة", "الأمم المتحدة", "جو بايدن", "مسقط"};
    ar_error e;
    int rc;
    size_t i;
    ar_gazetteer *g = ar_gaz_from_memory(data, size, verify, &e), *h;
    if (!g) {
        FUZZ_CHECK(e.code == AR_EFORMAT && e.message[0], "error %d without a message", e.code);
        return;
    }
    use(g);
    for (i = 0; i < 4; i++)
        FUZZ_CHECK(ar_gaz_demote(g, names[i], strlen(names[i]), (int)(i % 3), NULL) == AR_OK, "demote failed");
    rc = ar_gaz_save(g, path, &e);
    FUZZ_CHECK(rc == AR_OK, "ar_gaz_save: %s", e.message);
    h = ar_gaz_open(path, 1, &e);
    FUZZ_CHECK(h != NULL, "a saved gazetteer does not open: %s", h ? "" : e.message);
    for (i = 0; i < NSETS; i += 2) {
        ar_gaz_match_text(g, text, sizeof text - 1, &opt_sets[i], res);
        ar_gaz_match_text(h, text, sizeof text - 1, &opt_sets[i], res2);
        same_results(res, res2, "loaded vs saved and reopened");
    }
    ar_gaz_free(h);
    ar_gaz_free(g);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const size_t hs = GAZ_BODY_START;
    load_raw(data, size);
    if (size >= hs) {
        unsigned char *c = malloc(size);
        FUZZ_CHECK(c != NULL, "malloc");
        memcpy(c, data, size);
        gaz_put64(c + 16, (uint64_t)(size - hs));
        gaz_put64(c + 24, ar__hash(c + hs, size - hs));
        gaz_put32(c + 36, 0);
        gaz_put32(c + 36, (uint32_t)ar__hash(c, GAZ_HEADER + 16 * S_COUNT));
        load_fixed(c, size, (int)(size & 1)); /* checksums are right: verify 1 and 0 agree */
        free(c);
    }
    return 0;
}
