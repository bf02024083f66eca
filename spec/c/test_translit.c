/*
 * test_translit.c — transliteration (csrc/translit.c) tested from C:
 *   - the reversible schemes against their character tables, both ways
 *     (spec/data/translit/reversible.tsv) and the escape rule
 *     (escapes.tsv);
 *   - the display schemes against conformance rows written from the
 *     standards (ala-lc.tsv, din.tsv, ijmes.tsv): the share of exact
 *     matches (case aside) must be at least 95%; mismatches are listed;
 *   - properties: reverse(forward(s)) == s for random valid UTF-8 (Arabic,
 *     Latin, digits, symbols, other scripts, NUL), the offset map of every
 *     scheme (each whitespace-separated word of the source maps to exactly
 *     one word of the output and back) on our own texts with clitics and
 *     diacritics and on ../shared/corpus/news (skipped loudly when absent);
 *   - the API: scheme list, errors and their messages, strict mode, invalid
 *     UTF-8, the caller-buffer variant, stats.
 * Prints "N passed, N failed".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <pthread.h>
#include <utf8proc.h>
#include "arabic.h"

#include "check.h"

#define DATA "spec/data/translit/"

static const char *REV[] = {"buckwalter", "safe-buckwalter", "xml-buckwalter", "hsb"};
static const char *DISP[] = {"ala-lc", "din", "ijmes"};

static ar_translit *mk(const char *scheme, unsigned flags)
{
    ar_error err;
    ar_translit *t = ar_translit_new(scheme, flags, &err);
    if (!t) {
        fprintf(stderr, "ar_translit_new(%s): %s (%s)\n", scheme, ar_strerror(err.code), err.message);
        abort();
    }
    return t;
}

/* Transliterate a NUL-free string; a static buffer (test-only convenience). */
static const char *tl(const ar_translit *t, const char *s)
{
    static ar_buf b;
    if (ar_translit_run(t, s, strlen(s), &b, NULL, NULL) != AR_OK) return "(error)";
    return b.data;
}

/* ------------------------------------------------------------ TSV files */

typedef struct {
    char *data;
    char **field;   /* rows * ncols pointers */
    size_t rows, ncols;
} tsv;

static int tsv_load(tsv *t, const char *path, size_t ncols)
{
    FILE *f = fopen(path, "rb");
    long n;
    char *p, *line;
    size_t cap = 64;
    memset(t, 0, sizeof *t);
    if (!f) return 0;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    t->data = malloc((size_t)n + 1);
    t->field = malloc(cap * ncols * sizeof *t->field);
    if (!t->data || !t->field || fread(t->data, 1, (size_t)n, f) != (size_t)n) abort();
    fclose(f);
    t->data[n] = '\0';
    t->ncols = ncols;
    for (line = t->data; line && *line; line = p) {
        size_t c;
        char *q;
        p = strchr(line, '\n');
        if (p) *p++ = '\0';
        if (line[0] == '#' || line[0] == '\0') continue;
        if (t->rows == cap) {
            cap *= 2;
            t->field = realloc(t->field, cap * ncols * sizeof *t->field);
            if (!t->field) abort();
        }
        for (c = 0, q = line; c < ncols; c++) {
            t->field[t->rows * ncols + c] = q;
            q = q ? strchr(q, '\t') : NULL;
            if (q) *q++ = '\0';
        }
        CHECK(t->field[t->rows * ncols + ncols - 1] != NULL, "%s: row %zu has fewer than %zu columns",
              path, t->rows + 1, ncols);
        if (!t->field[t->rows * ncols + ncols - 1]) t->field[t->rows * ncols + ncols - 1] = (char *)"";
        t->rows++;
    }
    return 1;
}

static const char *cell(const tsv *t, size_t r, size_t c) { return t->field[r * t->ncols + c]; }

static void tsv_free(tsv *t)
{
    free(t->data);
    free(t->field);
}

/* Equal after Unicode lower-casing (capitalization is the user's). */
static int same_nocase(const char *a, const char *b)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)a, *q = (const utf8proc_uint8_t *)b;
    for (;;) {
        utf8proc_int32_t x, y;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &x), m = utf8proc_iterate(q, -1, &y);
        if (n <= 0 || m <= 0) return 0;
        if (utf8proc_tolower(x) != utf8proc_tolower(y)) return 0;
        if (x == 0) return 1;
        p += n;
        q += m;
    }
}

/* -------------------------------------------------------- conformance */

static void test_reversible_tables(void)
{
    tsv t;
    size_t r, s;
    ar_translit *fw[4], *bw[4];
    if (!tsv_load(&t, DATA "reversible.tsv", 7)) {
        CHECK(0, "cannot read %s", DATA "reversible.tsv");
        return;
    }
    CHECK(t.rows == 51, "reversible.tsv has %zu rows", t.rows);
    for (s = 0; s < 4; s++) {
        fw[s] = mk(REV[s], 0);
        bw[s] = mk(REV[s], AR_TL_REVERSE);
    }
    for (r = 0; r < t.rows; r++) {
        const char *ch = cell(&t, r, 1);
        for (s = 0; s < 4; s++) {
            const char *sym = cell(&t, r, 2 + s), *got = tl(fw[s], ch);
            CHECK(strcmp(got, sym) == 0, "%s: U+%s %s -> \"%s\", table says \"%s\"", REV[s], cell(&t, r, 0),
                  ch, got, sym);
            got = tl(bw[s], sym);
            CHECK(strcmp(got, ch) == 0, "%s reverse: \"%s\" -> \"%s\", table says U+%s", REV[s], sym, got,
                  cell(&t, r, 0));
        }
    }
    /* a whole word, letters and marks in order */
    CHECK(strcmp(tl(fw[0], "كَتَبَ الوَلَدُ رِسالةً"), "kataba Alwaladu risAlpF") == 0, "%s",
          tl(fw[0], "كَتَبَ الوَلَدُ رِسالةً"));
    CHECK(strcmp(tl(fw[3], "كَتَبَ الوَلَدُ رِسالةً"), "kataba Alwaladu risAlħã") == 0, "%s",
          tl(fw[3], "كَتَبَ الوَلَدُ رِسالةً"));
    CHECK(strcmp(tl(fw[1], "شِئْتُ ذَلِكَ"), "ciQotu Valika") == 0, "%s", tl(fw[1], "شِئْتُ ذَلِكَ"));
    for (s = 0; s < 4; s++) {
        ar_translit_free(fw[s]);
        ar_translit_free(bw[s]);
    }
    tsv_free(&t);
}

static void test_escapes(void)
{
    tsv t;
    size_t r;
    if (!tsv_load(&t, DATA "escapes.tsv", 4)) {
        CHECK(0, "cannot read %s", DATA "escapes.tsv");
        return;
    }
    CHECK(t.rows >= 20, "escapes.tsv has %zu rows", t.rows);
    for (r = 0; r < t.rows; r++) {
        ar_translit *f = mk(cell(&t, r, 0), 0), *b = mk(cell(&t, r, 0), AR_TL_REVERSE);
        const char *got = tl(f, cell(&t, r, 1));
        CHECK(strcmp(got, cell(&t, r, 2)) == 0, "%s: \"%s\" -> \"%s\", want \"%s\" (%s)", cell(&t, r, 0),
              cell(&t, r, 1), got, cell(&t, r, 2), cell(&t, r, 3));
        got = tl(b, cell(&t, r, 2));
        CHECK(strcmp(got, cell(&t, r, 1)) == 0, "%s reverse: \"%s\" -> \"%s\", want \"%s\"", cell(&t, r, 0),
              cell(&t, r, 2), got, cell(&t, r, 1));
        ar_translit_free(f);
        ar_translit_free(b);
    }
    tsv_free(&t);
}

static void test_display_conformance(void)
{
    size_t s;
    for (s = 0; s < 3; s++) {
        char path[128];
        tsv t;
        size_t r, ok = 0;
        ar_translit *tr = mk(DISP[s], 0);
        snprintf(path, sizeof path, DATA "%s.tsv", DISP[s]);
        if (!tsv_load(&t, path, 3)) {
            CHECK(0, "cannot read %s", path);
            ar_translit_free(tr);
            continue;
        }
        for (r = 0; r < t.rows; r++) {
            ar_translit_stats st;
            ar_buf b = {0};
            const char *in = cell(&t, r, 0);
            int rc = ar_translit_run(tr, in, strlen(in), &b, NULL, &st);
            CHECK(rc == AR_OK && st.approximate == 0, "%s: %s: rc %d, approximate %zu", DISP[s], in, rc,
                  st.approximate);
            if (rc == AR_OK && same_nocase(b.data, cell(&t, r, 1))) ok++;
            else
                printf("  %s mismatch: %s -> %s, want %s (%s)\n", DISP[s], in, rc == AR_OK ? b.data : "(error)",
                       cell(&t, r, 1), cell(&t, r, 2));
            ar_buf_free(&b);
        }
        printf("conformance %s: %zu of %zu rows exact (%.1f%%)\n", DISP[s], ok, t.rows,
               t.rows ? 100.0 * (double)ok / (double)t.rows : 0.0);
        CHECK(t.rows >= 60, "%s: %zu rows, at least 60 wanted", DISP[s], t.rows);
        CHECK(ok * 100 >= t.rows * 95, "%s: %zu of %zu rows exact, below 95%%", DISP[s], ok, t.rows);
        tsv_free(&t);
        ar_translit_free(tr);
    }
}

/* ----------------------------------------------------- display details */

static void expect_disp(const char *scheme, const char *in, const char *want)
{
    ar_translit *t = mk(scheme, 0);
    const char *got = tl(t, in);
    CHECK(strcmp(got, want) == 0, "%s: \"%s\" -> \"%s\", want \"%s\"", scheme, in, got, want);
    ar_translit_free(t);
}

static void test_display_rules(void)
{
    ar_translit *ala = mk("ala-lc", 0);
    ar_translit_stats st;
    ar_buf b = {0};
    const char *s;

    /* text around the words */
    expect_disp("ala-lc", "في ٢٠٢٤، قال: «نعم»؟ CNN", "fī 2024, qāl: «nʻm»? CNN");
    expect_disp("din", "١٠٪ ۳", "10% 3");
    expect_disp("ijmes", "Latin & 123 — ok", "Latin & 123 — ok");
    /* ة: construct before a definite word only */
    expect_disp("ala-lc", "مَدِينَة ٱلرِّيَاض", "madīnat al-riyāḍ");
    expect_disp("ala-lc", "مَدِينَة كَبِيرَة", "madīnah kabīrah");
    expect_disp("ala-lc", "ٱلْمَدِينَة ٱلْكَبِيرَة", "al-madīnah al-kabīrah");
    expect_disp("ala-lc", "مَدِينَة، ٱلرِّيَاض", "madīnah, al-riyāḍ");
    /* DIN's article after a long vowel, not after -a */
    expect_disp("din", "فِي ٱلْبَيْت", "fī l-bait");
    expect_disp("din", "ٱلْمَدِينَة ٱلْمُنَوَّرَة", "al-madīna al-munauwara");
    /* pausal: a final case vowel and nunation are dropped; short words keep theirs */
    expect_disp("ala-lc", "ٱلْكِتَابُ", "al-kitāb");
    expect_disp("ala-lc", "هُوَ لَهُ", "huwa lahu");
    expect_disp("ala-lc", "كِتَابُهُ", "kitābuhu");
    expect_disp("ala-lc", "عَلَيْهِ فِيهِ وَجْهُ", "ʻalayhi fīhi wajh");
    expect_disp("din", "رَبِّ ٱلْعَٰلَمِينَ", "rabb al-ʿālamīn");
    /* decomposed hamza (ا + U+0654) reads as أ; tatweel is not written */
    expect_disp("ala-lc", "ا\xd9\x94َحْمَد", "aḥmad");
    expect_disp("ala-lc", "مُحَـمَّد", "muḥammad");
    /* Persian letters of the ALA-LC table */
    expect_disp("ala-lc", "پ چ ژ گ ڤ", "p ch zh g v");
    expect_disp("din", "پ چ ژ گ", "p č ž g");
    /* the lexicon: Allāh, demonstratives, with a prefix */
    expect_disp("ala-lc", "بِسْمِ ٱللّٰهِ", "bism Allāh");
    expect_disp("din", "وَٱلَّذِي", "wa-llaḏī");
    expect_disp("ala-lc", "وَهٰذَا", "wa-hādhā");

    /* approximate: words without vowels */
    s = "ذهب الولد إلى المدرسة";
    CHECK(ar_translit_run(ala, s, strlen(s), &b, NULL, &st) == AR_OK, "run");
    CHECK(st.words == 4 && st.approximate == 3, "words %zu approximate %zu (إلى is in the lexicon)", st.words,
          st.approximate);
    CHECK(strcmp(b.data, "dhhb al-wld ilá al-mdrsah") == 0, "%s", b.data);
    s = "ذَهَبَ ٱلْوَلَدُ إِلَى ٱلْمَدْرَسَةِ";
    CHECK(ar_translit_run(ala, s, strlen(s), &b, NULL, &st) == AR_OK, "run");
    CHECK(st.words == 4 && st.approximate == 0, "words %zu approximate %zu", st.words, st.approximate);
    /* a verb keeps its ending; the nouns are pausal */
    CHECK(strcmp(b.data, "dhahaba al-walad ilá al-madrasah") == 0, "%s", b.data);
    /* prefixes before a word without the article, and what is no prefix */
    expect_disp("ala-lc", "وَسَلَّمَ فَقَالَ وَكَانَتْ", "wa-sallama fa-qāla wa-kānat");
    expect_disp("ala-lc", "وَأَنَّ فَإِنَّ لِأَنَّ", "wa-anna fa-inna li-anna");
    expect_disp("ala-lc", "بِكِتَابِهِ وَبِمَدِينَة لِمُحَمَّدٍ", "bi-kitābihi wa-bi-madīnah li-muḥammad");
    expect_disp("ala-lc", "وَزِير وَلَدُهُ وَسَائِل وَطَنِيّ وَصَلَتْ وَجَدْتُ وَكَالَة وَزَارَة",
                "wazīr waladuhu wasāʼil waṭanī waṣalat wajadt wakālah wazārah");
    expect_disp("ala-lc", "كَتَبَ بِلَاد لِسَان كَبِير بِنْت", "kataba bilād lisān kabīr bint");
    expect_disp("din", "وَٱسْتَقْبَلَ وَهُوَ", "wa-staqbala wa-huwa");
    expect_disp("ala-lc", "وَٱسْتَقْبَلَ", "wa-istaqbala");
    /* unvocalized: و ف before a hamza; وكالة is no ka- + al- */
    expect_disp("ala-lc", "وأكد وكالة وكالات وكالته وكالعادة", "wa-akd wkālah wkālāt wkāltʹh wa-ka-al-ʻādah");
    /* unvocalized: long vowels from the letters */
    expect_disp("ala-lc", "الرياض", "al-ryāḍ");
    expect_disp("ala-lc", "سعود", "sʻūd");
    expect_disp("ala-lc", "العربية", "al-ʻrbīyah");
    expect_disp("din", "العربية", "al-ʿrbīya");
    ar_buf_free(&b);
    ar_translit_free(ala);
}

/* ----------------------------------------------------------------- API */

static void test_api(void)
{
    size_t i, nrev = 0;
    ar_translit_info info;
    ar_error err;
    unsigned flags;
    ar_translit *t;
    ar_buf b = {0};
    ar_translit_stats st;
    char dst[64];
    size_t outlen;

    for (i = 0; ar_translit_scheme(i, &info) == AR_OK; i++) {
        CHECK(info.name && info.description, "scheme %zu", i);
        nrev += info.reversible != 0;
        t = ar_translit_new(info.name, 0, NULL);
        CHECK(t != NULL, "%s", info.name);
        ar_translit_free(t);
    }
    CHECK(i == 7 && nrev == 4, "%zu schemes, %zu reversible", i, nrev);
    CHECK(ar_translit_scheme(0, NULL) == AR_EARG, "NULL info");

    /* the error convention: ar_error filled on failure, code and message */
    t = ar_translit_new("buckwalterr", 0, &err);
    CHECK(!t && err.code == AR_EVALUE && strstr(err.message, "'buckwalterr'") &&
              strstr(err.message, "valid: buckwalter, safe-buckwalter, xml-buckwalter, hsb, ala-lc, din, ijmes)"),
          "unknown scheme: %d %s", err.code, err.message);
    t = ar_translit_new("din", AR_TL_REVERSE, &err);
    CHECK(!t && err.code == AR_EVALUE && strstr(err.message, "'din'") &&
              strstr(err.message, "reversible: buckwalter, safe-buckwalter, xml-buckwalter, hsb)") &&
              !strstr(err.message, "ala-lc"),
          "reverse display: %d %s", err.code, err.message);
    t = ar_translit_new("hsb", 1u << 7, &err);
    CHECK(!t && err.code == AR_EARG && strstr(err.message, "0x80"), "unknown flag: %d %s", err.code, err.message);
    t = ar_translit_new(NULL, 0, &err);
    CHECK(!t && err.code == AR_EARG && strcmp(err.message, ar_strerror(AR_EARG)) == 0, "NULL scheme: %s",
          err.message);
    t = ar_translit_new("nope", 0, NULL);
    CHECK(!t, "no ar_error: NULL alone");
    {
        /* a very long name is cut in the message, which stays terminated */
        char longname[600];
        memset(longname, 'x', sizeof longname - 1);
        longname[sizeof longname - 1] = '\0';
        t = ar_translit_new(longname, 0, &err);
        CHECK(!t && err.code == AR_EVALUE && strlen(err.message) < sizeof err.message &&
                  strstr(err.message, "(valid: buckwalter"),
              "long name: %s", err.message);
    }

    t = mk("hsb", AR_TL_REVERSE | AR_TL_STRICT);
    CHECK(ar_translit_get_info(t, &info, &flags) == AR_OK && strcmp(info.name, "hsb") == 0 && info.reversible &&
              flags == (AR_TL_REVERSE | AR_TL_STRICT),
          "get_info");
    CHECK(ar_translit_get_info(NULL, &info, &flags) == AR_EARG, "get_info NULL");
    CHECK(ar_translit_run(NULL, "a", 1, &b, NULL, NULL) == AR_EARG, "NULL transliterator");
    CHECK(ar_translit_run(t, NULL, 1, &b, NULL, NULL) == AR_EARG, "NULL source");
    CHECK(ar_translit_run(t, "a", 1, NULL, NULL, NULL) == AR_EARG, "NULL buffer");
    /* strict: invalid UTF-8 is an error at its offset */
    CHECK(ar_translit_run(t, "ab\xff", 3, &b, NULL, &st) == AR_EUTF8 && st.first_invalid == 2 && b.len == 0,
          "strict");
    ar_translit_free(t);

    /* lenient: U+FFFD per invalid sequence, counted, both directions */
    for (i = 0; i < 2; i++) {
        t = mk("buckwalter", i ? AR_TL_REVERSE : 0);
        CHECK(ar_translit_run(t, "\xff" "b\xe2\x82", 4, &b, NULL, &st) == AR_OK && st.invalid == 2 &&
                  st.first_invalid == 0,
              "lenient: %zu invalid", st.invalid);
        CHECK(strcmp(b.data, i ? "\xef\xbf\xbd" "ب\xef\xbf\xbd" : "\xef\xbf\xbd\\b\xef\xbf\xbd") == 0, "FFFD: %s",
              b.data);
        ar_translit_free(t);
    }
    t = mk("ala-lc", 0);
    CHECK(ar_translit_run(t, "\xc0", 1, &b, NULL, &st) == AR_OK && st.invalid == 1 &&
              strcmp(b.data, "\xef\xbf\xbd") == 0,
          "display invalid");
    /* empty input, NUL bytes */
    CHECK(ar_translit_run(t, "", 0, &b, NULL, &st) == AR_OK && b.len == 0 && b.data[0] == '\0', "empty");
    CHECK(ar_translit_run(t, "\0ب\0", 4, &b, NULL, &st) == AR_OK && b.len == 3 && memcmp(b.data, "\0b\0", 3) == 0,
          "NUL bytes");
    ar_translit_free(t);

    /* reverse: malformed escapes are kept and counted */
    t = mk("buckwalter", AR_TL_REVERSE);
    CHECK(ar_translit_run(t, "\\C\\", 3, &b, NULL, &st) == AR_OK && strcmp(b.data, "\\C\\") == 0 &&
              st.malformed == 2 && st.first_malformed == 0,
          "malformed: %s %zu", b.data, st.malformed);
    CHECK(ar_translit_run(t, "\\\\\\b\\$", 6, &b, NULL, &st) == AR_OK && strcmp(b.data, "\\b$") == 0 &&
              st.malformed == 0,
          "escapes: %s", b.data);
    CHECK(ar_translit_run(t, "\\\xff", 2, &b, NULL, &st) == AR_OK && st.malformed == 1 && st.invalid == 1,
          "escape before invalid UTF-8");
    ar_translit_free(t);

    /* the caller-buffer variant */
    t = mk("buckwalter", 0);
    CHECK(ar_translit_into(t, "كتب CNN", 10, dst, sizeof dst, &outlen, NULL, NULL) == AR_OK && outlen == 9 &&
              memcmp(dst, "ktb C\\N\\N", 9) == 0,
          "into");
    CHECK(ar_translit_into(t, "كتب CNN", 10, dst, 5, &outlen, NULL, NULL) == AR_ESPACE && outlen == 9,
          "into, short: %zu", outlen);
    CHECK(ar_translit_into(t, "كتب CNN", 10, dst, 9, &outlen, NULL, NULL) == AR_OK && outlen == 9,
          "into, exact size");
    CHECK(ar_translit_into(t, "", 0, NULL, 0, &outlen, NULL, NULL) == AR_OK && outlen == 0, "into, empty");
    CHECK(ar_translit_into(t, "x", 1, dst, sizeof dst, NULL, NULL, NULL) == AR_EARG, "into, NULL outlen");
    {
        ar_map *m = ar_map_new();
        size_t s0, s1;
        CHECK(ar_translit_into(t, "كتب CNN", 10, dst, sizeof dst, &outlen, m, NULL) == AR_OK &&
                  ar_map_source(m, 0, 1, &s0, &s1) == AR_OK && s0 == 0 && s1 == 2 && ar_map_target_len(m) == 9,
              "into with a map");
        ar_map_free(m);
    }
    CHECK(ar_translit_bound(10) >= 30 && ar_translit_bound(SIZE_MAX / 2) == SIZE_MAX, "bound");
    ar_translit_free(t);
    ar_buf_free(&b);
}

/* Inputs fuzz_translit found (csrc/fuzz/README.md): words that write
 * nothing (a tatweel with tanween, marks alone) must still map somewhere:
 * to the character before them before white space or at the end, else to
 * what follows them. */
static void test_fuzz_found(void)
{
    static const char in1[] = "\xd8\xa7\xd9\x94 \xd9\x8e\xd9\x91 \xd9\x80\xd9\x8b";
    static const char in2[] = "\xd8\xa8\xff \xd9\x8e\xe2\x82 x";
    ar_translit *t = mk("din", 0);
    ar_buf b = {0};
    ar_map *m = ar_map_new();
    size_t s0, s1, o0, o1, len = sizeof in1 - 1;
    CHECK(ar_translit_run(t, in1, len, &b, m, NULL) == AR_OK && strcmp(b.data, "a  ") == 0, "%s", b.data);
    CHECK(ar_map_source(m, 0, b.len, &s0, &s1) == AR_OK && s0 == 0 && s1 == len, "whole output -> [%zu, %zu)", s0,
          s1);
    CHECK(ar_map_target(m, 9, len, &o0, &o1) == AR_OK && o0 == 2 && o1 == 3, "silent word -> [%zu, %zu)", o0, o1);
    ar_translit_free(t);
    t = mk("ala-lc", 0);
    len = sizeof in2 - 1;
    CHECK(ar_translit_run(t, in2, len, &b, m, NULL) == AR_OK &&
              strcmp(b.data, "b\xef\xbf\xbd \xef\xbf\xbd x") == 0,
          "%s", b.data);
    /* the silent fatha joins the U+FFFD after it, not the space before */
    CHECK(ar_map_target(m, 4, 8, &o0, &o1) == AR_OK && o0 == 5 && o1 == 8, "word -> [%zu, %zu)", o0, o1);
    CHECK(ar_map_source(m, 5, 8, &s0, &s1) == AR_OK && s0 == 4 && s1 == 8, "back -> [%zu, %zu)", s0, s1);
    ar_map_free(m);
    ar_buf_free(&b);
    ar_translit_free(t);
}

/* ---------------------------------------------------------- properties */

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static size_t put_cp(char *d, uint32_t c)
{
    if (c < 0x80) { d[0] = (char)c; return 1; }
    if (c < 0x800) { d[0] = (char)(0xC0 | (c >> 6)); d[1] = (char)(0x80 | (c & 0x3F)); return 2; }
    if (c < 0x10000) {
        d[0] = (char)(0xE0 | (c >> 12)); d[1] = (char)(0x80 | ((c >> 6) & 0x3F)); d[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | (c >> 18)); d[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    d[2] = (char)(0x80 | ((c >> 6) & 0x3F)); d[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* A random code point from the pools that matter: Arabic letters and
 * marks, ASCII (every symbol and the backslash), Latin and Greek (HSB's
 * symbols), other scripts, anything. */
static uint32_t rand_cp(void)
{
    static const uint32_t arabic[] = {0x0621, 0x0627, 0x0628, 0x0629, 0x062B, 0x0630, 0x0634, 0x0639, 0x063A,
                                      0x0640, 0x0644, 0x0647, 0x0648, 0x0649, 0x064A, 0x064B, 0x064E, 0x0650,
                                      0x0651, 0x0652, 0x0653, 0x0654, 0x0670, 0x0671, 0x067E, 0x0686, 0x06A4,
                                      0x06AF, 0x06A9, 0x06CC, 0x060C, 0x0661, 0x06F5, 0x06D6, 0x200C};
    static const uint32_t hsb[] = {0x0100, 0x00C2, 0x0175, 0x0102, 0x0177, 0x0127, 0x03B8, 0x00F0, 0x0161,
                                   0x010E, 0x03C2, 0x03B3, 0x00FD, 0x00E3, 0x0169, 0x0129, 0x00E1, 0x00C4};
    uint32_t c;
    switch (rnd() % 8) {
    case 0: case 1: case 2: return arabic[rnd() % (sizeof arabic / sizeof arabic[0])];
    case 3: return 0x20 + rnd() % 0x5F;
    case 4: return rnd() % 0x20 == 0 ? 0 : (rnd() % 2 ? '\\' : ' ');
    case 5: return hsb[rnd() % (sizeof hsb / sizeof hsb[0])];
    case 6: return rnd() % 2 ? 0x0400 + rnd() % 0x100 : 0x4E00 + rnd() % 0x100;
    default:
        do c = rnd() % 0x110000; while (c >= 0xD800 && c <= 0xDFFF);
        return c;
    }
}

static int valid_utf8(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        int32_t c;
        i += ar_utf8_decode(s + i, n - i, &c);
        if (c < 0) return 0;
    }
    return 1;
}

/* The map: lengths, every output byte to a non-empty source range inside
 * the source (monotone), every source byte to an output range. */
static int map_ok(const ar_map *m, size_t slen, size_t olen)
{
    size_t o, s, s0, s1, o0, o1, p0 = 0, p1 = 0;
    if (ar_map_source_len(m) != slen || ar_map_target_len(m) != olen) return 0;
    for (o = 0; o < olen; o++) {
        if (ar_map_source(m, o, o + 1, &s0, &s1) != AR_OK || s0 >= s1 || s1 > slen || s0 < p0 || s1 < p1) return 0;
        p0 = s0;
        p1 = s1;
        if (ar_map_target(m, s0, s1, &o0, &o1) != AR_OK || o0 > o || o >= o1) return 0;
    }
    for (s = 0; s < slen; s++)
        if (ar_map_target(m, s, s + 1, &o0, &o1) != AR_OK || o0 > o1 || o1 > olen) return 0;
    return 1;
}

static void test_round_trip(void)
{
    size_t s, k, bad[4] = {0}, mapbad[4] = {0}, n = 0;
    ar_translit *fw[4], *bw[4];
    ar_buf a = {0}, b = {0};
    ar_map *m = ar_map_new();
    char *str = malloc(4 * 400 + 1);
    for (s = 0; s < 4; s++) {
        fw[s] = mk(REV[s], 0);
        bw[s] = mk(REV[s], AR_TL_REVERSE);
    }
    for (k = 0; k < 4000; k++) {
        size_t len = 0, i, nch = rnd() % (k < 100 ? 8 : 400);
        for (i = 0; i < nch; i++) len += put_cp(str + len, rand_cp());
        n++;
        for (s = 0; s < 4; s++) {
            ar_translit_stats st;
            int ok = ar_translit_run(fw[s], str, len, &a, k % 4 == 0 ? m : NULL, &st) == AR_OK &&
                     valid_utf8(a.data, a.len) && st.invalid == 0 &&
                     ar_translit_run(bw[s], a.data, a.len, &b, NULL, &st) == AR_OK && st.malformed == 0 &&
                     b.len == len && memcmp(b.data, str, len) == 0;
            if (!ok && bad[s]++ == 0) {
                fprintf(stderr, "%s round trip failed on:", REV[s]);
                for (i = 0; i < len; i++) fprintf(stderr, " %02x", (unsigned char)str[i]);
                fputc('\n', stderr);
            }
            if (k % 4 == 0 && !map_ok(m, len, a.len)) mapbad[s]++;
            if (k % 16 == 0) { /* the reverse map too */
                if (ar_translit_run(bw[s], a.data, a.len, &b, m, NULL) != AR_OK || !map_ok(m, a.len, b.len))
                    mapbad[s]++;
            }
        }
    }
    for (s = 0; s < 4; s++) {
        CHECK(bad[s] == 0, "%s: reverse(forward(s)) != s for %zu of %zu random strings", REV[s], bad[s], n);
        CHECK(mapbad[s] == 0, "%s: %zu bad maps", REV[s], mapbad[s]);
    }
    /* random bytes, valid or not: never a crash, valid UTF-8 out, the invalid counted */
    {
        size_t rbad[7] = {0};
        ar_translit *disp[3];
        for (s = 0; s < 3; s++) disp[s] = mk(DISP[s], 0);
        for (k = 0; k < 2000; k++) {
            size_t len = rnd() % 64, i;
            for (i = 0; i < len; i++) str[i] = (char)(rnd() % 4 ? 0x80 + rnd() % 0x80 : rnd() % 0x80);
            for (s = 0; s < 7; s++) {
                ar_translit *t = s < 4 ? (k % 2 ? bw[s] : fw[s]) : disp[s - 4];
                ar_translit_stats st;
                if (!(ar_translit_run(t, str, len, &a, m, &st) == AR_OK && valid_utf8(a.data, a.len) &&
                      (st.invalid == 0) == valid_utf8(str, len) && a.len <= ar_translit_bound(len) &&
                      map_ok(m, len, a.len)))
                    rbad[s]++;
            }
        }
        for (s = 0; s < 7; s++) {
            CHECK(rbad[s] == 0, "random bytes, %s: %zu of 2000 failed", s < 4 ? REV[s] : DISP[s - 4], rbad[s]);
            if (s < 3) ar_translit_free(disp[s]);
        }
    }
    for (s = 0; s < 4; s++) {
        ar_translit_free(fw[s]);
        ar_translit_free(bw[s]);
    }
    ar_map_free(m);
    ar_buf_free(&a);
    ar_buf_free(&b);
    free(str);
}

/* Every whitespace-separated word of src maps to one word of the output,
 * and that output word maps back to exactly the source word. Returns the
 * number of words that did not. */
static int is_ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static size_t check_words(const ar_translit *t, const char *src, size_t len, size_t *words, const char *what)
{
    ar_buf out = {0};
    ar_map *m = ar_map_new();
    size_t p = 0, bad = 0;
    if (ar_translit_run(t, src, len, &out, m, NULL) != AR_OK) {
        ar_map_free(m);
        return 1;
    }
    while (p < len) {
        size_t a, b, x, y, s0, s1;
        while (p < len && is_ws((unsigned char)src[p])) p++;
        if (p >= len) break;
        a = p;
        while (p < len && !is_ws((unsigned char)src[p])) p++;
        b = p;
        (*words)++;
        if (ar_map_target(m, a, b, &x, &y) != AR_OK || x >= y || (x > 0 && !is_ws((unsigned char)out.data[x - 1])) ||
            (y < out.len && !is_ws((unsigned char)out.data[y])) || ar_map_source(m, x, y, &s0, &s1) != AR_OK ||
            s0 != a || s1 != b) {
            if (bad++ < 3)
                fprintf(stderr, "%s: word \"%.*s\" at %zu -> output [%zu, %zu) \"%.*s\"\n", what, (int)(b - a),
                        src + a, a, x, y, (int)(y > x && y - x < 80 ? y - x : 0), out.data + x);
        }
    }
    ar_map_free(m);
    ar_buf_free(&out);
    return bad;
}

static const char *own_texts[] = {
    "وَقَالَ ٱلرَّئِيسُ لِلصَّحَفِيِّينَ إِنَّ ٱلْمُفَاوَضَاتِ بِٱلْقَاهِرَةِ سَتَسْتَمِرُّ، وَبِٱلتَّالِي فَٱلْقَرَارُ لِلشَّعْبِ.",
    "ذهب الوزير إلى الرياض والتقى بالأمير وبالمسؤولين في وزارة الخارجية السعودية لبحث الملفات الإقليمية.",
    "«هل ستأتي؟» سألته فاطمةُ، فأجاب: نعم، سآتي غدًا إن شاء اللّٰه... والسلامُ عليكم!",
    "كتبتُ رسالتي لـ محمد بن عبد الله وللأستاذ أحمد (المدير) في ١٠ يناير ٢٠٢٤، الساعة 10:30 صباحًا.",
    "مُحَـمَّد ٱلْـعَـرَبِـيّ وَلِلْمَدِينَةِ ٱلْمُنَوَّرَةِ فَٱسْتَقْبَلَهُمْ بِٱلتَّرْحِيبِ CNN وBBC وRT-Arabic",
    "پ چ ژ گ ڤ کتاب ی؛ شهر تهران، ٣٫٥ ملیون",
};

static void test_maps(void)
{
    size_t s, i, words = 0, bad;
    char path[512];
    const char *root = getenv("ARABIC_CORPUS");
    DIR *dir;
    struct dirent *de;
    size_t nfiles = 0;
    ar_translit *all[7];
    for (s = 0; s < 7; s++) all[s] = mk(s < 4 ? REV[s] : DISP[s - 4], 0);
    for (i = 0; i < sizeof own_texts / sizeof own_texts[0]; i++)
        for (s = 0; s < 7; s++) {
            size_t w = 0;
            bad = check_words(all[s], own_texts[i], strlen(own_texts[i]), &w, s < 4 ? REV[s] : DISP[s - 4]);
            CHECK(bad == 0, "text %zu, %s: %zu of %zu words do not map back to themselves", i,
                  s < 4 ? REV[s] : DISP[s - 4], bad, w);
        }
    /* the real news articles */
    snprintf(path, sizeof path, "%s/news", root && *root ? root : "../shared/corpus");
    dir = opendir(path);
    if (!dir) {
        printf("SKIPPED: corpus directory %s not found (set ARABIC_CORPUS)\n", path);
        fprintf(stderr, "SKIPPED: corpus directory %s not found (set ARABIC_CORPUS)\n", path);
    } else {
        while ((de = readdir(dir)) != NULL) {
            char file[1024];
            FILE *f;
            char *text;
            long n;
            if (!strstr(de->d_name, ".txt")) continue;
            snprintf(file, sizeof file, "%s/%s", path, de->d_name);
            f = fopen(file, "rb");
            if (!f) continue;
            fseek(f, 0, SEEK_END);
            n = ftell(f);
            fseek(f, 0, SEEK_SET);
            text = malloc((size_t)n + 1);
            if (!text || fread(text, 1, (size_t)n, f) != (size_t)n) abort();
            fclose(f);
            nfiles++;
            for (s = 0; s < 7; s++) {
                size_t w = 0;
                bad = check_words(all[s], text, (size_t)n, &w, de->d_name);
                words += w;
                CHECK(bad == 0, "%s, %s: %zu of %zu words do not map back to themselves", de->d_name,
                      s < 4 ? REV[s] : DISP[s - 4], bad, w);
                if (s < 4) { /* and the round trip on the real text */
                    ar_translit *r = mk(REV[s], AR_TL_REVERSE);
                    ar_buf a = {0}, b = {0};
                    int ok = ar_translit_run(all[s], text, (size_t)n, &a, NULL, NULL) == AR_OK &&
                             ar_translit_run(r, a.data, a.len, &b, NULL, NULL) == AR_OK && b.len == (size_t)n &&
                             memcmp(b.data, text, (size_t)n) == 0;
                    CHECK(ok, "%s: %s round trip", de->d_name, REV[s]);
                    ar_buf_free(&a);
                    ar_buf_free(&b);
                    ar_translit_free(r);
                }
            }
            free(text);
        }
        closedir(dir);
        CHECK(nfiles > 0, "no .txt files in %s", path);
        printf("maps: %zu corpus files, %zu words checked across 7 schemes\n", nfiles, words);
    }
    for (s = 0; s < 7; s++) ar_translit_free(all[s]);
}

/* One transliterator of each scheme shared by four threads, each with its
 * own buffers and map: the same results as one thread. */
typedef struct {
    ar_translit *t[7];
    ar_buf want[7];
} shared_tl;

typedef struct {
    const shared_tl *sh;
    int bad;   /* this thread's own result */
} job_tl;

static void *worker(void *arg)
{
    job_tl *job = arg;
    ar_buf b = {0};
    ar_map *m = ar_map_new();
    int k, s;
    for (k = 0; k < 40; k++)
        for (s = 0; s < 7; s++) {
            const ar_buf *want = &job->sh->want[s];
            if (ar_translit_run(job->sh->t[s], own_texts[0], strlen(own_texts[0]), &b, k % 2 ? m : NULL, NULL) !=
                    AR_OK ||
                b.len != want->len || memcmp(b.data, want->data, b.len) != 0)
                job->bad++;
        }
    ar_map_free(m);
    ar_buf_free(&b);
    return NULL;
}

static void test_threads(void)
{
    shared_tl sh;
    job_tl job[4];
    pthread_t th[4];
    int s, i, started[4];
    memset(&sh, 0, sizeof sh);
    for (s = 0; s < 7; s++) {
        sh.t[s] = mk(s < 4 ? REV[s] : DISP[s - 4], 0);
        if (ar_translit_run(sh.t[s], own_texts[0], strlen(own_texts[0]), &sh.want[s], NULL, NULL) != AR_OK) abort();
    }
    for (i = 0; i < 4; i++) {
        job[i].sh = &sh;
        job[i].bad = 0;
        started[i] = pthread_create(&th[i], NULL, worker, &job[i]) == 0;
        CHECK(started[i], "pthread_create %d", i);
    }
    for (i = 0; i < 4; i++) {
        if (!started[i]) continue;
        pthread_join(th[i], NULL);
        CHECK(job[i].bad == 0, "thread %d: %d results differ from one thread alone", i, job[i].bad);
    }
    for (s = 0; s < 7; s++) {
        ar_translit_free(sh.t[s]);
        ar_buf_free(&sh.want[s]);
    }
}

/* ----------------------------------------------------------- word cache */

/* A long text without a map is romanized with a cache of the words seen
 * (translit.c): the output and the counts must be those of the uncached
 * path (with a map) and of the lines romanized one by one (short: no
 * cache). The text repeats every conformance row, in lines of a few rows,
 * so words come back after definite words, after long vowels and at line
 * ends. */
static void test_word_cache(void)
{
    size_t s, k, r;
    for (s = 0; s < 3; s++) {
        char path[128];
        tsv t;
        ar_buf text = {0}, a = {0}, b = {0}, line = {0};
        ar_translit_stats sa, sb;
        ar_map *map = ar_map_new();
        ar_translit *tr = mk(DISP[s], 0);
        size_t pos = 0, words = 0, approx = 0, lines_ok = 1;
        snprintf(path, sizeof path, DATA "%s.tsv", DISP[s]);
        if (!map || !tsv_load(&t, path, 3)) abort();
        for (k = 0; k < 8; k++)
            for (r = 0; r < t.rows; r++) {
                const char *in = cell(&t, (r * 7 + k * 3) % t.rows, 0);
                size_t n = strlen(in);
                text.data = realloc(text.data, text.len + n + 2);
                if (!text.data) abort();
                memcpy(text.data + text.len, in, n);
                text.len += n;
                text.data[text.len++] = (r + k) % 4 == 3 ? '\n' : ' ';
            }
        CHECK(text.len > 8192, "%zu bytes", text.len);
        CHECK(ar_translit_run(tr, text.data, text.len, &a, NULL, &sa) == AR_OK, "cached");
        CHECK(ar_translit_run(tr, text.data, text.len, &b, map, &sb) == AR_OK, "with a map");
        CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0, "%s: the cache changes the output", DISP[s]);
        CHECK(sa.words == sb.words && sa.approximate == sb.approximate, "%s: counts %zu/%zu, %zu/%zu", DISP[s],
              sa.words, sb.words, sa.approximate, sb.approximate);
        /* line by line */
        b.len = 0;
        while (pos < text.len) {
            size_t e = pos;
            ar_translit_stats sl;
            while (e < text.len && text.data[e] != '\n') e++;
            CHECK(ar_translit_run(tr, text.data + pos, e - pos, &line, NULL, &sl) == AR_OK, "line");
            words += sl.words;
            approx += sl.approximate;
            if (pos > 0 && (b.len >= a.len || a.data[b.len] != '\n')) lines_ok = 0;
            if (pos > 0) b.len++;
            if (b.len + line.len > a.len || memcmp(a.data + b.len, line.data, line.len) != 0) lines_ok = 0;
            b.len += line.len;
            pos = e + 1;
        }
        CHECK(lines_ok && words == sa.words && approx == sa.approximate, "%s: line by line differs", DISP[s]);
        tsv_free(&t);
        ar_buf_free(&text);
        ar_buf_free(&a);
        ar_buf_free(&b);
        ar_buf_free(&line);
        ar_map_free(map);
        ar_translit_free(tr);
    }
}

int main(void)
{
    test_reversible_tables();
    test_escapes();
    test_display_conformance();
    test_display_rules();
    test_api();
    test_fuzz_found();
    test_round_trip();
    test_maps();
    test_word_cache();
    test_threads();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
