/*
 * test_alloc.c — every allocation the core makes, failed in turn.
 *
 * Linked with -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free
 * (see the Makefile), so the calls that libarabic.a's objects make go
 * through the __wrap_* functions below. Each operation runs with the N-th
 * allocation failing, for N = 1, 2, 3 ... until it runs without reaching
 * N: once with only that allocation failing, once with it and every later
 * one failing. For every N the operation must
 *   - return AR_OK or a negative AR_E* code that ar_strerror() knows;
 *   - when it returns AR_OK, give exactly the results of a run without
 *     failures (no silently dropped work);
 *   - leave its objects usable: the same call retried without failures on
 *     the same buffers / maps / results / builders gives the right results;
 *   - free everything it allocated (the wrappers keep the set of live
 *     blocks the core allocated; it must be the same before and after).
 * Memory that utf8proc, PCRE2 or libc (getline, fopen) allocate inside
 * their shared libraries is not seen by the wrappers: run this test under
 * valgrind --leak-check=full too (the Makefile's test-valgrind notes).
 *
 * Prints "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);

/* The test's own buffers bypass the injection. */
#define SB_REALLOC __real_realloc
#define SB_FREE __real_free

#include "arabic.h"
#include "results.h"
#include "texts.h"

#include "check.h"

/* ------------------------------------------------------- the allocator */

static long fail_at;   /* 0: no injection; else the call number to fail */
static int sticky;     /* fail every call from fail_at on */
static long calls;     /* allocation calls since arm() (not while paused) */
static int injected;   /* a failure was injected since arm() */
static int paused;     /* verification in progress: no counting, no failing */

/* Live blocks allocated through the wrappers: an open-addressing set. */
static void **live;
static size_t live_cap, live_n, live_used; /* used counts tombstones too */
#define TOMB ((void *)1)

static size_t ptr_hash(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x;
}

static void live_grow(void)
{
    size_t cap = live_cap ? live_cap * 2 : 4096, i;
    void **old = live, **nl = __real_calloc(cap, sizeof *nl);
    size_t ocap = live_cap;
    if (!nl) {
        fprintf(stderr, "test_alloc: out of memory for the live set\n");
        abort();
    }
    live = nl;
    live_cap = cap;
    live_used = live_n;
    for (i = 0; i < ocap; i++)
        if (old[i] && old[i] != TOMB) {
            size_t k = ptr_hash(old[i]) & (cap - 1);
            while (live[k]) k = (k + 1) & (cap - 1);
            live[k] = old[i];
        }
    __real_free(old);
}

static void live_add(void *p)
{
    size_t k;
    if (!p) return;
    if ((live_used + 1) * 2 > live_cap) live_grow();
    k = ptr_hash(p) & (live_cap - 1);
    while (live[k] && live[k] != TOMB) k = (k + 1) & (live_cap - 1);
    if (!live[k]) live_used++;
    live[k] = p;
    live_n++;
}

/* Remove p; 0 if it was not allocated through the wrappers. */
static int live_remove(void *p)
{
    size_t k;
    if (!p || !live_cap) return 0;
    k = ptr_hash(p) & (live_cap - 1);
    while (live[k]) {
        if (live[k] == p) {
            live[k] = TOMB;
            live_n--;
            return 1;
        }
        k = (k + 1) & (live_cap - 1);
    }
    return 0;
}

static int should_fail(void)
{
    if (!fail_at || paused) return 0;
    calls++;
    if (calls == fail_at || (sticky && calls > fail_at)) {
        injected = 1;
        return 1;
    }
    return 0;
}

void *__wrap_malloc(size_t n)
{
    void *p;
    if (should_fail()) return NULL;
    p = __real_malloc(n);
    live_add(p);
    return p;
}

void *__wrap_calloc(size_t k, size_t n)
{
    void *p;
    if (should_fail()) return NULL;
    p = __real_calloc(k, n);
    live_add(p);
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    void *q;
    if (should_fail()) return NULL;
    q = __real_realloc(p, n);
    if (q || n == 0) {
        live_remove(p);
        live_add(q);
    }
    return q;
}

void __wrap_free(void *p)
{
    live_remove(p); /* blocks from getline etc. are not in the set */
    __real_free(p);
}

static void arm(long n, int all_after)
{
    fail_at = n;
    sticky = all_after;
    calls = 0;
    injected = 0;
    paused = 0;
}

static void disarm(void) { fail_at = 0; }
static void pause_injection(void) { paused = 1; }
static void resume_injection(void) { paused = 0; }

/* ------------------------------------------------------- the runner */

/* An operation returns AR_OK, the first AR_E* code it saw, or WRONG when
 * a call that reported success (or a retry) gave a wrong result. */
#define WRONG 1000
typedef int (*op_fn)(void);

static int known_code(int rc)
{
    return rc == AR_OK || (rc < 0 && strcmp(ar_strerror(rc), "unknown error") != 0);
}

static void run_op(const char *name, op_fn fn)
{
    int mode;
    for (mode = 0; mode < 2; mode++) {
        long n, limit = 200000;
        long bad_code = 0, wrong = 0, leaks = 0, errors = 0, tolerated = 0, total = 0;
        int done = 0, rc = 0;
        for (n = 1; n < limit && !done; n++) {
            size_t live0 = live_n;
            arm(n, mode);
            rc = fn();
            disarm();
            if (!known_code(rc) && rc != WRONG) {
                if (bad_code++ < 3) fprintf(stderr, "  %s: N=%ld: unknown code %d\n", name, n, rc);
            }
            if (rc == WRONG) {
                if (wrong++ < 3)
                    fprintf(stderr, "  %s (%s): N=%ld: wrong result\n", name,
                            mode ? "all after N fail" : "N-th fails", n);
            }
            if (live_n != live0) {
                if (leaks++ < 3)
                    fprintf(stderr, "  %s (%s): N=%ld: %ld blocks leaked\n", name,
                            mode ? "all after N fail" : "N-th fails", n, (long)live_n - (long)live0);
            }
            if (rc < 0) errors++;
            else if (injected && rc == AR_OK) tolerated++;
            if (!injected) {
                done = 1;
                total = calls;
            }
        }
        CHECK(done, "%s: never ran without failures (%ld tries)", name, limit);
        CHECK(rc == AR_OK, "%s: the run without failures returned %d (%s)", name, rc, ar_strerror(rc));
        CHECK(bad_code == 0, "%s: %ld runs returned unknown codes", name, bad_code);
        CHECK(wrong == 0, "%s: %ld runs gave wrong results", name, wrong);
        CHECK(leaks == 0, "%s: %ld runs leaked", name, leaks);
        if (mode == 0)
            printf("  %-28s %5ld allocations; %ld failures returned an error, %ld were absorbed\n",
                   name, total, errors, tolerated);
    }
}

/* First error of a sequence of calls. */
#define KEEP(first, rc)                              \
    do {                                             \
        int rc_ = (rc);                              \
        if (rc_ != AR_OK && (first) == AR_OK) (first) = rc_; \
    } while (0)

/* ------------------------------------------------------------ inputs */

#define NTEXTS (N_TEST_TEXTS + 2)
static const char *texts[NTEXTS];
static size_t lens[NTEXTS];
static char *long_diacritics, *long_marks;

static void make_texts(void)
{
    size_t i, k, n0 = strlen(test_texts[2]);
    for (i = 0; i < N_TEST_TEXTS; i++) {
        texts[i] = test_texts[i];
        lens[i] = strlen(test_texts[i]);
    }
    /* many anchors in the offset map, and a growing output buffer */
    long_diacritics = __real_malloc(40 * n0 + 1);
    if (!long_diacritics) abort();
    for (k = 0; k < 40; k++) memcpy(long_diacritics + k * n0, test_texts[2], n0);
    long_diacritics[40 * n0] = '\0';
    texts[i] = long_diacritics;
    lens[i++] = 40 * n0;
    /* a long run of marks out of canonical order: the cluster work space
     * grows (shadda U+0651 ccc 33 before fatha U+064E ccc 30, and kasra
     * U+0650 + hamza below U+0655) */
    long_marks = __real_malloc(2 + 200 * 4 + 64);
    if (!long_marks) abort();
    memcpy(long_marks, "\xd8\xa8", 2);
    for (k = 0; k < 200; k++) memcpy(long_marks + 2 + 4 * k, k % 2 ? "\xd9\x91\xd9\x8e" : "\xd9\x95\xd9\x90", 4);
    strcpy(long_marks + 2 + 800, " \xd8\xa7\xd9\x94\xd9\x91 cafe\xcc\x81\xcc\xa7 ok");
    texts[i] = long_marks;
    lens[i++] = strlen(long_marks);
}

/* ------------------------------------------------ reference results */

static ar_normalizer *NORM[2];          /* search, display */
static sbuf ref_norm[2][NTEXTS];         /* output + map digest */
static sbuf ref_sent[NTEXTS];            /* three modes */
static size_t ref_abbrev_count;
static ar_abbrevs *ABBR;
static ar_gazetteer *SMALL;              /* built from texts.h */
static ar_gazetteer *DEFAULT;            /* build/default.gaz, or SMALL */
static sbuf ref_small[NTEXTS], ref_default[NTEXTS], ref_demoted[NTEXTS];
static ar_gaz_stats ref_small_stats;
static size_t ref_demote_count;
static char *gaz_file_data;
static size_t gaz_file_len;
static char gaz_path[256], tsv_path[256];
static ar_regex *REF_RE;
static sbuf ref_regex[NTEXTS];
static sbuf ref_all[NTEXTS];
static const char *const preset_names[] = {"search", "display", "camel", "lucene", "none"};
static ar_buf ref_presets[5][NTEXTS];
/* transliteration: every scheme forward, the reversible ones back (of
 * their own forward output) */
static const char *const tl_names[] = {"buckwalter", "safe-buckwalter", "xml-buckwalter", "hsb",
                                       "ala-lc", "din", "ijmes"};
#define N_TL 7
#define N_TL_REV 4
static sbuf ref_tl[N_TL + N_TL_REV][NTEXTS]; /* output + map digest + stats */
static ar_buf ref_tl_out[N_TL + N_TL_REV][NTEXTS]; /* the output alone */
static ar_buf tl_fwd_out[N_TL_REV][NTEXTS];  /* the reverse direction's inputs */

/* the last one takes the normalizer's cluster path (alef + hamza above,
 * marks out of order): more than one allocation inside ar_normalize */
static const char *const abbrev_list[] = {"د.", "أ.د.", "ج.م.ع.", "ق.م.", "م.", "هـ.", "U.S.", "J.", "etc.", "ص.ب",
                                          "\xd8\xa7\xd9\x94\xd9\x91\xd9\x8e\xd9\x91\xd9\x8e."};
static const char *const abbrev_files[] = {"data/abbreviations/ar.txt", "data/abbreviations/latin.txt"};

static void norm_digest(const ar_buf *out, const ar_map *map, sbuf *b)
{
    ar_tokenizer tk;
    ar_token t;
    b->n = 0;
    sb_printf(b, "%zu:", out->len);
    sb_add(b, out->data ? out->data : "", out->len);
    if (!map) return;
    sb_printf(b, " map %zu %zu", ar_map_source_len(map), ar_map_target_len(map));
    ar_tokenizer_init(&tk, out->data, out->len);
    while (ar_tokenizer_next(&tk, &t)) {
        size_t s0 = 0, s1 = 0, o0 = 0, o1 = 0;
        ar_map_source(map, t.start, t.end, &s0, &s1);
        ar_map_target(map, s0, s1, &o0, &o1);
        sb_printf(b, " %zu-%zu>%zu-%zu>%zu-%zu", t.start, t.end, s0, s1, o0, o1);
    }
}

static int same(const sbuf *a, const sbuf *b) { return a->n == b->n && memcmp(a->p, b->p, a->n) == 0; }

static int sent_digest(const ar_abbrevs *a, ar_spans *sp, size_t k, sbuf *b)
{
    static const int modes[] = {AR_SENT_LINES, AR_SENT_AUTO, AR_SENT_WRAPPED};
    size_t m, i;
    int first = AR_OK;
    b->n = 0;
    for (m = 0; m < 3; m++) {
        ar_sent_opts o;
        int rc;
        o.mode = modes[m];
        o.abbrevs = a;
        o.wrap_width = 0;
        rc = ar_sentences(texts[k], lens[k], &o, sp);
        KEEP(first, rc);
        sb_printf(b, " | %d:", rc);
        for (i = 0; rc == AR_OK && i < sp->n; i++) sb_printf(b, " %zu-%zu", sp->v[i].start, sp->v[i].end);
    }
    return first;
}

static const unsigned match_flags[] = {0, AR_GM_FUZZY | AR_GM_EXTEND, AR_GM_OVERLAP,
                                       AR_GM_NO_CLITICS | AR_GM_NO_CONTEXT};
#define NFLAGS (sizeof match_flags / sizeof match_flags[0])

static int match_one(const ar_gazetteer *g, ar_gaz_result *r, size_t k, unsigned flags, sbuf *b)
{
    ar_gaz_match_opts o;
    static const char *const types[] = {"LOC", "PER"};
    int rc;
    memset(&o, 0, sizeof o);
    o.flags = flags;
    if (flags & AR_GM_NO_CLITICS) { /* a type filter too */
        o.types = types;
        o.ntypes = 2;
    }
    rc = ar_gaz_match_text(g, texts[k], lens[k], &o, r);
    sb_printf(b, " | %u %d:", flags, rc);
    if (rc == AR_OK) put_matches(b, g, r);
    return rc;
}

static int gaz_digest(const ar_gazetteer *g, ar_gaz_result *r, size_t k, sbuf *b)
{
    size_t f;
    int first = AR_OK;
    b->n = 0;
    for (f = 0; f < NFLAGS; f++) KEEP(first, match_one(g, r, k, match_flags[f], b));
    return first;
}

static int regex_digest(const ar_regex *re, ar_regex_match *m, size_t k, sbuf *b)
{
    b->n = 0;
    sb_printf(b, "groups %zu jit %d:", ar_regex_groups(re), ar_regex_jit(re));
    put_regex(b, m, ar_regex_groups(re), texts[k], lens[k]);
    return AR_OK;
}

/* The attributes of every test entry in the small gazetteer. */
static const char *const small_attrs[] = {"source", "texts.h", "en", "-"};

static ar_gaz_builder *small_builder(int *err) { return test_builder_new(small_attrs, 2, err); }

static int write_tsv(const char *path)
{
    FILE *f = fopen(path, "wb");
    size_t i;
    if (!f) return -1;
    fprintf(f, "name\ttype\tid\tcanonical\tflags\ten\n# a comment\n");
    for (i = 0; i < N_TEST_ENTRIES; i++) {
        const struct test_entry *t = &test_entries[i];
        fprintf(f, "%s\t%s\t%s\t\t%s%spriority=%d\tx%zu\n", t->name, t->type, t->id,
                t->flags & AR_GAZ_EXACT_ONLY ? "exact_only," : "",
                t->flags & AR_GAZ_NEEDS_CONTEXT ? "needs_context," : "", t->priority, i);
    }
    return fclose(f) == 0 ? 0 : -1;
}

static void references(void)
{
    ar_norm_options o;
    ar_map *map = ar_map_new();
    ar_buf out = {0};
    ar_spans sp = {0};
    ar_gaz_result *r = ar_gaz_result_new();
    ar_gaz_builder *b;
    size_t k, i;
    int err, j;
    ar_error ae;
    if (!map || !r) abort();
    for (j = 0; j < 2; j++) {
        ar_norm_options_preset(&o, j ? "display" : "search");
        NORM[j] = ar_normalizer_new(&o, &err);
        if (!NORM[j]) abort();
        for (k = 0; k < NTEXTS; k++) {
            CHECK(ar_normalize(NORM[j], texts[k], lens[k], &out, map, NULL) == AR_OK, "ref normalize");
            norm_digest(&out, map, &ref_norm[j][k]);
        }
    }
    CHECK(ar_map_anchors(map) > 0, "the map has anchors");
    for (j = 0; j < 5; j++) {
        ar_normalizer *n;
        ar_norm_options_preset(&o, preset_names[j]);
        n = ar_normalizer_new(&o, &err);
        if (!n) abort();
        for (k = 0; k < NTEXTS; k++)
            CHECK(ar_normalize(n, texts[k], lens[k], &ref_presets[j][k], NULL, NULL) == AR_OK, "preset");
        ar_normalizer_free(n);
    }
    /* abbreviations and sentences */
    ABBR = ar_abbrevs_new(&err);
    if (!ABBR) abort();
    for (i = 0; i < sizeof abbrev_list / sizeof abbrev_list[0]; i++)
        CHECK(ar_abbrevs_add(ABBR, abbrev_list[i], strlen(abbrev_list[i])) == AR_OK, "abbrev");
    for (i = 0; i < 2; i++) {
        err = ar_abbrevs_load(ABBR, abbrev_files[i], NULL);
        if (err == AR_EIO) fprintf(stderr, "note: %s not found (run from the checkout)\n", abbrev_files[i]);
        else CHECK(err == AR_OK, "load %s", abbrev_files[i]);
    }
    ref_abbrev_count = ar_abbrevs_count(ABBR);
    for (k = 0; k < NTEXTS; k++) CHECK(sent_digest(ABBR, &sp, k, &ref_sent[k]) == AR_OK, "ref sentences");
    /* gazetteers */
    b = small_builder(&err);
    if (!b) abort();
    SMALL = ar_gaz_compile(b, 1, &err);
    if (!SMALL) abort();
    ar_gaz_builder_free(b);
    ar_gaz_stats_get(SMALL, &ref_small_stats);
    DEFAULT = ar_gaz_open(getenv("ARABIC_GAZETTEER") && *getenv("ARABIC_GAZETTEER")
                              ? getenv("ARABIC_GAZETTEER") : "build/default.gaz",
                          -1, &ae);
    if (!DEFAULT) fprintf(stderr, "note: build/default.gaz: %s; the small gazetteer stands in\n", ae.message);
    for (k = 0; k < NTEXTS; k++) {
        CHECK(gaz_digest(SMALL, r, k, &ref_small[k]) == AR_OK, "ref small");
        CHECK(gaz_digest(DEFAULT ? DEFAULT : SMALL, r, k, &ref_default[k]) == AR_OK, "ref default");
    }
    CHECK(strstr(ref_small[6].p, "hamas/ORG") != NULL, "the small gazetteer finds names");
    /* the saved file, and a demoted copy */
    snprintf(gaz_path, sizeof gaz_path, "/tmp/test_alloc_%ld.gaz", (long)getpid());
    snprintf(tsv_path, sizeof tsv_path, "/tmp/test_alloc_%ld.tsv", (long)getpid());
    CHECK(ar_gaz_save(SMALL, gaz_path, NULL) == AR_OK, "save");
    gaz_file_data = read_file(gaz_path, &gaz_file_len);
    CHECK(gaz_file_data != NULL, "read %s", gaz_path);
    CHECK(write_tsv(tsv_path) == 0, "write %s", tsv_path);
    {
        ar_gazetteer *g = ar_gaz_from_memory(gaz_file_data, gaz_file_len, 1, &ae);
        CHECK(g != NULL, "from memory: %s", g ? "" : ae.message);
        if (!g) abort();
        size_t c1 = 0, c2 = 0;
        CHECK(ar_gaz_demote(g, "السعودية", strlen("السعودية"), AR_CAL_DEMOTE, &c1) == AR_OK &&
                  ar_gaz_demote(g, "غزة", strlen("غزة"), AR_CAL_TRUST, &c2) == AR_OK,
              "demote");
        ref_demote_count = c1 + c2;
        CHECK(ref_demote_count == 2, "demoted %zu", ref_demote_count);
        for (k = 0; k < NTEXTS; k++) CHECK(gaz_digest(g, r, k, &ref_demoted[k]) == AR_OK, "ref demoted");
        ar_gaz_free(g);
    }
    /* the regex */
    REF_RE = ar_regex_new(TEST_REGEX, strlen(TEST_REGEX), AR_RE_CASELESS, NULL);
    if (!REF_RE) abort();
    {
        ar_regex_match *m = ar_regex_match_new(REF_RE, 0, 0);
        if (!m) abort();
        for (k = 0; k < NTEXTS; k++) regex_digest(REF_RE, m, k, &ref_regex[k]);
        ar_regex_match_free(m);
    }
    /* everything at once */
    {
        scratch sc;
        shared sh;
        ar_gaz_stats st;
        CHECK(scratch_init(&sc, REF_RE) == AR_OK, "scratch");
        sh.norm = NORM[0];
        sh.gaz = DEFAULT ? DEFAULT : SMALL;
        sh.abbrevs = ABBR;
        ar_gaz_stats_get(sh.gaz, &st);
        sh.fuzzy = st.fuzzy;
        for (k = 0; k < NTEXTS; k++)
            CHECK(compute_all(&sh, &sc, ar_regex_groups(REF_RE), texts[k], lens[k], &ref_all[k]) == AR_OK,
                  "ref all");
        scratch_free(&sc);
    }
    ar_gaz_result_free(r);
    ar_spans_free(&sp);
    ar_buf_free(&out);
    ar_map_free(map);
}

/* ------------------------------------------------------------ operations */

/* Five presets compiled; each normalizes every text. */
static int op_normalizer_new(void)
{
    int first = AR_OK, j, err = AR_OK;
    size_t k;
    for (j = 0; j < 5; j++) {
        ar_norm_options o;
        ar_normalizer *n;
        ar_buf b = {0};
        ar_norm_options_preset(&o, preset_names[j]);
        n = ar_normalizer_new(&o, &err);
        if (!n) {
            KEEP(first, err);
            if (err == AR_OK) return WRONG; /* NULL must come with an error */
            continue;
        }
        for (k = 0; k < NTEXTS; k++) {
            int rc = ar_normalize(n, texts[k], lens[k], &b, NULL, NULL);
            KEEP(first, rc);
            if (rc == AR_OK && (b.len != ref_presets[j][k].len ||
                                memcmp(b.data, ref_presets[j][k].data, b.len) != 0)) {
                ar_buf_free(&b);
                ar_normalizer_free(n);
                return WRONG;
            }
        }
        ar_buf_free(&b);
        ar_normalizer_free(n);
    }
    return first;
}

/* ar_normalize with a map (and the caller-buffer variant); a failed call
 * leaves the buffer and the map reusable. */
static int op_normalize_map(void)
{
    int first = AR_OK, j, wrong = 0;
    ar_map *map = ar_map_new();
    ar_buf out = {0};
    sbuf d = {0};
    size_t k;
    if (!map) return AR_ENOMEM;
    for (j = 0; j < 2 && !wrong; j++) {
        for (k = 0; k < NTEXTS && !wrong; k++) {
            int rc = ar_normalize(NORM[j], texts[k], lens[k], &out, map, NULL);
            KEEP(first, rc);
            pause_injection();
            if (rc != AR_OK) {
                if (out.len != 0) wrong = 1; /* an error leaves an empty output */
                rc = ar_normalize(NORM[j], texts[k], lens[k], &out, map, NULL);
                if (rc != AR_OK) wrong = 1;
            }
            norm_digest(&out, map, &d);
            if (!same(&d, &ref_norm[j][k])) wrong = 1;
            resume_injection();
        }
    }
    for (k = 0; k < NTEXTS && !wrong; k++) {
        char dst[256];
        size_t outlen = 0;
        int rc = ar_normalize_into(NORM[0], texts[k], lens[k], dst, sizeof dst, &outlen, NULL);
        if (rc == AR_ESPACE) rc = AR_OK;
        KEEP(first, rc);
        if (rc == AR_OK && outlen <= sizeof dst && memcmp(dst, ref_presets[0][k].data, outlen) != 0)
            wrong = 1;
    }
    sb_free(&d);
    ar_buf_free(&out);
    ar_map_free(map);
    return wrong ? WRONG : first;
}

/* The tokenizer allocates nothing. */
static long tokenizer_calls;
static int op_tokenizer(void)
{
    size_t k, n = 0;
    for (k = 0; k < NTEXTS; k++) {
        ar_tokenizer t;
        ar_token tok;
        ar_tokenizer_init(&t, texts[k], lens[k]);
        while (ar_tokenizer_next(&t, &tok)) n++;
    }
    tokenizer_calls = calls;
    return n > 0 ? AR_OK : WRONG;
}

/* An abbreviation set: new, add (retried after a failure), load, then
 * sentences with it. */
static int op_abbrevs(void)
{
    int first = AR_OK, err = AR_OK, wrong = 0;
    size_t i, k;
    ar_abbrevs *a = ar_abbrevs_new(&err);
    ar_spans sp = {0};
    sbuf d = {0};
    if (!a) return err == AR_OK ? WRONG : err;
    for (i = 0; i < sizeof abbrev_list / sizeof abbrev_list[0]; i++) {
        int rc = ar_abbrevs_add(a, abbrev_list[i], strlen(abbrev_list[i]));
        KEEP(first, rc);
        if (rc != AR_OK) {
            pause_injection();
            if (ar_abbrevs_add(a, abbrev_list[i], strlen(abbrev_list[i])) != AR_OK) wrong = 1;
            resume_injection();
        }
    }
    for (i = 0; i < 2; i++) {
        int rc = ar_abbrevs_load(a, abbrev_files[i], NULL);
        if (rc == AR_EIO) continue;
        KEEP(first, rc);
        if (rc != AR_OK) {
            pause_injection();
            if (ar_abbrevs_load(a, abbrev_files[i], NULL) != AR_OK) wrong = 1;
            resume_injection();
        }
    }
    if (ar_abbrevs_count(a) != ref_abbrev_count) wrong = 1;
    for (k = 0; k < NTEXTS && !wrong; k++) {
        int rc = sent_digest(a, &sp, k, &d);
        KEEP(first, rc);
        if (rc == AR_OK && !same(&d, &ref_sent[k])) wrong = 1;
    }
    sb_free(&d);
    ar_spans_free(&sp);
    ar_abbrevs_free(a);
    return wrong ? WRONG : first;
}

/* ar_sentences with spans; a failed call leaves the spans reusable. */
static int op_sentences(void)
{
    int first = AR_OK, wrong = 0;
    ar_spans sp = {0};
    sbuf d = {0};
    size_t k;
    for (k = 0; k < NTEXTS && !wrong; k++) {
        int rc = sent_digest(ABBR, &sp, k, &d);
        KEEP(first, rc);
        pause_injection();
        if (rc != AR_OK) rc = sent_digest(ABBR, &sp, k, &d);
        if (rc != AR_OK || !same(&d, &ref_sent[k])) wrong = 1;
        resume_injection();
    }
    sb_free(&d);
    ar_spans_free(&sp);
    return wrong ? WRONG : first;
}

static int same_stats(const ar_gazetteer *g)
{
    ar_gaz_stats st;
    ar_gaz_stats_get(g, &st);
    return st.entries == ref_small_stats.entries && st.tokens == ref_small_stats.tokens &&
           st.nodes == ref_small_stats.nodes && st.edges == ref_small_stats.edges &&
           st.fuzzy_keys == ref_small_stats.fuzzy_keys && st.types == ref_small_stats.types &&
           st.bytes == ref_small_stats.bytes && st.fuzzy == ref_small_stats.fuzzy;
}

/* Builder: new, add every entry (a failed add is retried), compile (a
 * failed compile is retried), compile again; the gazetteers must equal the
 * reference. */
static int op_builder(void)
{
    int first = AR_OK, err = AR_OK, wrong = 0;
    ar_gaz_builder *b = ar_gaz_builder_new(NULL, &err);
    ar_gazetteer *g = NULL, *g2 = NULL;
    ar_gaz_result *r = NULL;
    sbuf d = {0};
    size_t i, k;
    if (!b) return err == AR_OK ? WRONG : err;
    for (i = 0; i < N_TEST_ENTRIES; i++) {
        ar_gaz_entry e = test_entry_at(i, small_attrs, 2);
        int rc;
        rc = ar_gaz_add(b, &e, NULL);
        KEEP(first, rc);
        if (rc != AR_OK) {
            pause_injection();
            if (ar_gaz_add(b, &e, NULL) != AR_OK) wrong = 1;
            resume_injection();
        }
    }
    if (ar_gaz_builder_count(b) != N_TEST_ENTRIES) wrong = 1;
    g = ar_gaz_compile(b, 1, &err);
    if (!g) {
        KEEP(first, err == AR_OK ? WRONG : err);
        pause_injection();
        g = ar_gaz_compile(b, 1, &err);
        resume_injection();
    }
    g2 = ar_gaz_compile(b, 1, &err); /* a second compile of the same builder */
    if (!g2) KEEP(first, err == AR_OK ? WRONG : err);
    pause_injection();
    r = ar_gaz_result_new();
    if (!g || !r || !same_stats(g) || (g2 && !same_stats(g2))) wrong = 1;
    for (k = 0; k < NTEXTS && !wrong; k++) {
        if (gaz_digest(g, r, k, &d) != AR_OK || !same(&d, &ref_small[k])) wrong = 1;
        if (g2 && (gaz_digest(g2, r, k, &d) != AR_OK || !same(&d, &ref_small[k]))) wrong = 1;
    }
    resume_injection();
    sb_free(&d);
    ar_gaz_result_free(r);
    ar_gaz_free(g);
    ar_gaz_free(g2);
    ar_gaz_builder_free(b);
    return wrong ? WRONG : first;
}

/* A builder loaded from a TSV file, compiled. */
static int op_load_tsv(void)
{
    int first = AR_OK, err = AR_OK, wrong = 0;
    ar_gaz_builder *b = ar_gaz_builder_new(NULL, &err);
    ar_gaz_load_info info;
    ar_error ae;
    ar_gazetteer *g = NULL;
    ar_gaz_result *r;
    sbuf d = {0};
    size_t k;
    if (!b) return err == AR_OK ? WRONG : err;
    err = ar_gaz_load_tsv(b, tsv_path, 1, &info, &ae);
    if (err != AR_OK) {
        ar_gaz_builder_free(b);
        return err;
    }
    if (info.added != N_TEST_ENTRIES) {
        fprintf(stderr, "  load_tsv: %zu added\n", info.added);
        wrong = 1;
    }
    g = ar_gaz_compile(b, 1, &err);
    if (!g) {
        ar_gaz_builder_free(b);
        return err == AR_OK ? WRONG : err;
    }
    pause_injection();
    r = ar_gaz_result_new();
    if (!r) wrong = 1;
    for (k = 0; k < NTEXTS && !wrong; k++) {
        /* the TSV has different attributes but the same names and ids */
        if (gaz_digest(g, r, k, &d) != AR_OK || !same(&d, &ref_small[k])) wrong = 1;
    }
    resume_injection();
    sb_free(&d);
    ar_gaz_result_free(r);
    ar_gaz_free(g);
    ar_gaz_builder_free(b);
    return wrong ? WRONG : first;
}

/* Save, open (mmap), from memory, demote, save the demoted one. */
static int op_save_open(void)
{
    int first = AR_OK, wrong = 0;
    char path2[300];
    ar_error ae;
    ar_gazetteer *g2 = NULL, *g3 = NULL;
    ar_gaz_result *r = NULL;
    size_t k, changed;
    sbuf d = {0};
    int rc = ar_gaz_save(SMALL, gaz_path, NULL);
    if (rc != AR_OK) return rc;
    g2 = ar_gaz_open(gaz_path, 1, &ae);
    if (!g2) return ae.code == AR_OK ? WRONG : ae.code;
    g3 = ar_gaz_from_memory(gaz_file_data, gaz_file_len, 1, &ae);
    if (!g3) {
        ar_gaz_free(g2);
        return ae.code == AR_OK ? WRONG : ae.code;
    }
    /* calibration: an allocation failure is AR_ENOMEM and changes nothing */
    {
        size_t c1 = 0, c2 = 0;
        int e1 = ar_gaz_demote(g3, "السعودية", strlen("السعودية"), AR_CAL_DEMOTE, &c1);
        int e2 = ar_gaz_demote(g3, "غزة", strlen("غزة"), AR_CAL_TRUST, &c2);
        if ((e1 && c1) || (e2 && c2)) wrong = 1;
        if ((e1 && e1 != AR_ENOMEM) || (e2 && e2 != AR_ENOMEM)) wrong = 1;
        if (!e1 && !e2 && c1 + c2 != ref_demote_count) wrong = 1;
        KEEP(first, e1);
        KEEP(first, e2);
        changed = c1 + c2;
    }
    snprintf(path2, sizeof path2, "%s.demoted", gaz_path);
    KEEP(first, ar_gaz_save(g3, path2, NULL));
    remove(path2);
    pause_injection();
    r = ar_gaz_result_new();
    if (!r || !same_stats(g2) || !same_stats(g3)) wrong = 1;
    if (changed != ref_demote_count) {
        /* demote again without failures */
        size_t c1 = 0, c2 = 0;
        if (ar_gaz_demote(g3, "السعودية", strlen("السعودية"), AR_CAL_DEMOTE, &c1) ||
            ar_gaz_demote(g3, "غزة", strlen("غزة"), AR_CAL_TRUST, &c2) || c1 + c2 != ref_demote_count)
            wrong = 1;
    }
    for (k = 0; k < NTEXTS && !wrong; k++) {
        if (gaz_digest(g2, r, k, &d) != AR_OK || !same(&d, &ref_small[k])) wrong = 1;
        if (gaz_digest(g3, r, k, &d) != AR_OK || !same(&d, &ref_demoted[k])) wrong = 1;
    }
    resume_injection();
    sb_free(&d);
    ar_gaz_result_free(r);
    ar_gaz_free(g2);
    ar_gaz_free(g3);
    return wrong ? WRONG : first;
}

/* Matching with a result reused across texts and option sets; a failed
 * match leaves the result reusable. */
static int match_op(const ar_gazetteer *g, const sbuf *ref)
{
    int first = AR_OK, wrong = 0;
    ar_gaz_result *r = ar_gaz_result_new();
    sbuf d = {0}, one = {0};
    size_t k, f;
    if (!r) return AR_ENOMEM;
    for (k = 0; k < NTEXTS && !wrong; k++) {
        d.n = 0;
        for (f = 0; f < NFLAGS; f++) {
            int rc = match_one(g, r, k, match_flags[f], &one);
            KEEP(first, rc);
            if (rc != AR_OK) {
                pause_injection();
                one.n = 0;
                if (match_one(g, r, k, match_flags[f], &one) != AR_OK) wrong = 1;
                resume_injection();
            }
            sb_add(&d, one.p, one.n);
            one.n = 0;
        }
        if (!same(&d, &ref[k])) wrong = 1;
    }
    sb_free(&d);
    sb_free(&one);
    ar_gaz_result_free(r);
    return wrong ? WRONG : first;
}

static int op_match_small(void) { return match_op(SMALL, ref_small); }
static int op_match_default(void) { return match_op(DEFAULT ? DEFAULT : SMALL, ref_default); }

/* The cursor (a chunk at a time, 16-byte chunks, so every text has many)
 * gives what matching the whole text gives; a failed cursor is freed. */
static int cursor_one(const ar_gazetteer *g, size_t k, unsigned flags, sbuf *b)
{
    ar_gaz_match_opts o;
    static const char *const types[] = {"LOC", "PER"};
    ar_gaz_match m;
    ar_gaz_cursor *c;
    int rc, err;
    memset(&o, 0, sizeof o);
    o.flags = flags;
    if (flags & AR_GM_NO_CLITICS) {
        o.types = types;
        o.ntypes = 2;
    }
    c = ar_gaz_cursor_new(g, texts[k], lens[k], &o, &err);
    if (!c) return err;
    ar_gaz_cursor_chunk(c, 16);
    sb_printf(b, " | %u %d:", flags, AR_OK);
    while ((rc = ar_gaz_cursor_next(c, &m)) == 1) {
        ar_gaz_info info;
        ar_gaz_entry_info(g, m.entry, &info);
        sb_printf(b, " [%zu,%zu,%zu e%u f%u x%u ", m.start, m.end, m.token_start, (unsigned)m.entry,
                  (unsigned)m.fuzzy, (unsigned)m.flags);
        sb_add(b, info.id, info.id_len);
        sb_add(b, "/", 1);
        sb_add(b, info.type, info.type_len);
        sb_add(b, "]", 1);
    }
    ar_gaz_cursor_free(c);
    return rc;
}

static int op_cursor(void)
{
    int first = AR_OK, wrong = 0;
    sbuf d = {0};
    size_t k, f;
    for (k = 0; k < NTEXTS && !wrong; k++) {
        d.n = 0;
        for (f = 0; f < NFLAGS; f++) {
            int rc = cursor_one(SMALL, k, match_flags[f], &d);
            KEEP(first, rc);
            if (rc != AR_OK) break;
        }
        if (first == AR_OK && !same(&d, &ref_small[k])) wrong = 1;
    }
    sb_free(&d);
    return wrong ? WRONG : first;
}

/* Trigger words: a set, a scan of every text, a pattern run at the hits. */
static int op_triggers(void)
{
    static const char *const words[] = {"يناير", "الحكومة", "في", "قال", "ال"};
    int err, first = AR_OK, wrong = 0;
    ar_triggers *t = ar_triggers_new(&err);
    ar_trigger_hits h = {0};
    ar_regex *re;
    ar_regex_match *m = NULL;
    size_t k, i;
    ar_error ae;
    if (!t) return err;
    for (i = 0; i < sizeof words / sizeof words[0] && first == AR_OK; i++)
        KEEP(first, ar_triggers_add(t, words[i], strlen(words[i]), 1u << i, i == 4 ? AR_TRIG_DIGIT_AFTER : 0));
    if (first == AR_OK) KEEP(first, ar_triggers_digits(t, 64));
    if (first == AR_OK) KEEP(first, ar_triggers_clitic(t, "و", strlen("و")));
    if (first == AR_OK) KEEP(first, ar_triggers_clitic(t, "ب", strlen("ب")));
    re = first == AR_OK ? ar_regex_new("[0-9]+|يناير", strlen("[0-9]+|يناير"), AR_RE_AT, &ae) : NULL;
    if (first == AR_OK && !re) first = ae.code;
    if (re && !(m = ar_regex_match_new(re, 0, 0))) first = AR_ENOMEM;
    for (k = 0; k < NTEXTS && first == AR_OK && !wrong; k++) {
        size_t pos = 0, a, b;
        int rc;
        rc = ar_triggers_scan(t, texts[k], lens[k], &h);
        KEEP(first, rc);
        if (rc) break;
        for (i = 1; i < h.n; i++)
            if (h.v[i].pos <= h.v[i - 1].pos) wrong = 1;
        /* every digit run and month found by the pattern starts at a hit */
        while ((rc = ar_regex_exec_at(m, texts[k], lens[k], pos, lens[k], &h, 64 | 1)) == 1) {
            if (ar_regex_group(m, 0, &a, &b) != 1 || b <= a) {
                wrong = 1;
                break;
            }
            pos = b;
        }
        KEEP(first, rc < 0 ? rc : AR_OK);
    }
    ar_trigger_hits_free(&h);
    ar_regex_match_free(m);
    ar_regex_free(re);
    ar_triggers_free(t);
    return wrong ? WRONG : first;
}

/* Opening the default gazetteer and matching one text. */
static int op_open_default(void)
{
    int rc;
    ar_error ae;
    const char *path = getenv("ARABIC_GAZETTEER");
    ar_gazetteer *g = ar_gaz_open(path && *path ? path : "build/default.gaz", -1, &ae);
    ar_gaz_result *r;
    sbuf d = {0};
    if (!g) return ae.code == AR_EIO ? AR_OK : ae.code; /* not built: nothing to test */
    r = ar_gaz_result_new();
    if (!r) {
        ar_gaz_free(g);
        return AR_ENOMEM;
    }
    rc = gaz_digest(g, r, 0, &d);
    if (rc == AR_OK && !same(&d, &ref_default[0])) rc = WRONG;
    sb_free(&d);
    ar_gaz_result_free(r);
    ar_gaz_free(g);
    return rc;
}

/* Regex: compile, match state, exec over every text. */
static int op_regex(void)
{
    int wrong = 0;
    size_t k;
    ar_error ae;
    ar_regex *re = ar_regex_new(TEST_REGEX, strlen(TEST_REGEX), AR_RE_CASELESS, &ae);
    ar_regex_match *m;
    sbuf d = {0};
    if (!re) return ae.code == AR_OK ? WRONG : ae.code;
    m = ar_regex_match_new(re, 0, 0);
    if (!m) {
        ar_regex_free(re);
        return AR_ENOMEM;
    }
    for (k = 0; k < NTEXTS && !wrong; k++) {
        regex_digest(re, m, k, &d);
        if (!same(&d, &ref_regex[k])) wrong = 1;
    }
    sb_free(&d);
    ar_regex_match_free(m);
    ar_regex_free(re);
    return wrong ? WRONG : AR_OK;
}

/* Everything at once with the shared objects, scratch reused after a
 * failure. */
static int op_all(void)
{
    int first = AR_OK, wrong = 0;
    scratch sc;
    shared sh;
    ar_gaz_stats st;
    sbuf d = {0};
    size_t k;
    int rc = scratch_init(&sc, REF_RE);
    if (rc != AR_OK) {
        scratch_free(&sc);
        return rc;
    }
    sh.norm = NORM[0];
    sh.gaz = DEFAULT ? DEFAULT : SMALL;
    sh.abbrevs = ABBR;
    ar_gaz_stats_get(sh.gaz, &st);
    sh.fuzzy = st.fuzzy;
    for (k = 0; k < NTEXTS && !wrong; k++) {
        rc = compute_all(&sh, &sc, ar_regex_groups(REF_RE), texts[k], lens[k], &d);
        KEEP(first, rc);
        pause_injection();
        if (rc != AR_OK) rc = compute_all(&sh, &sc, ar_regex_groups(REF_RE), texts[k], lens[k], &d);
        if (rc != AR_OK || !same(&d, &ref_all[k])) wrong = 1;
        resume_injection();
    }
    sb_free(&d);
    scratch_free(&sc);
    return wrong ? WRONG : first;
}

/* ------------------------------------------------------ transliteration */

/* Case c: 0..N_TL-1 forward with scheme c, N_TL.. reverse of scheme c - N_TL. */
static const char *tl_input(size_t c, size_t k, size_t *len)
{
    if (c < N_TL) {
        *len = lens[k];
        return texts[k];
    }
    *len = tl_fwd_out[c - N_TL][k].len;
    return tl_fwd_out[c - N_TL][k].data;
}

static void tl_digest(const ar_buf *out, const ar_map *map, const ar_translit_stats *st, sbuf *b)
{
    norm_digest(out, map, b);
    sb_printf(b, " stats %zu %zu %zu %zu %zu %zu", st->invalid, st->first_invalid, st->malformed,
              st->first_malformed, st->words, st->approximate);
}

static void tl_references(void)
{
    ar_map *map = ar_map_new();
    ar_buf out = {0};
    ar_translit_stats st;
    size_t c, k;
    if (!map) abort();
    for (c = 0; c < N_TL + N_TL_REV; c++) {
        ar_translit *t = ar_translit_new(tl_names[c < N_TL ? c : c - N_TL], c < N_TL ? 0 : AR_TL_REVERSE, NULL);
        if (!t) abort();
        for (k = 0; k < NTEXTS; k++) {
            size_t len;
            const char *in = tl_input(c, k, &len);
            CHECK(ar_translit_run(t, in, len, &out, map, &st) == AR_OK, "ref translit %zu %zu", c, k);
            tl_digest(&out, map, &st, &ref_tl[c][k]);
            CHECK(ar_translit_run(t, in, len, &ref_tl_out[c][k], NULL, NULL) == AR_OK, "ref translit");
            if (c < N_TL_REV) CHECK(ar_translit_run(t, in, len, &tl_fwd_out[c][k], NULL, NULL) == AR_OK, "fwd");
        }
        ar_translit_free(t);
    }
    /* the reverse direction gives the texts back (they are valid UTF-8
     * except text 3, whose invalid bytes became U+FFFD) */
    CHECK(ref_tl[N_TL][0].n > 0 && strstr(ref_tl[N_TL][0].p, "القاهرة") != NULL, "reverse reference");
    CHECK(strstr(ref_tl[4][2].p, "al-") != NULL, "ala-lc reference: %.80s", ref_tl[4][2].p);
    ar_buf_free(&out);
    ar_map_free(map);
}

/* Every scheme and direction compiled, run over every text with a map
 * and without, and into a caller's buffer; a failed run leaves the
 * buffer and the map reusable. */
static int op_translit(void)
{
    int first = AR_OK, wrong = 0;
    ar_map *map = ar_map_new();
    ar_buf out = {0};
    sbuf d = {0};
    size_t c, k;
    if (!map) return AR_ENOMEM;
    for (c = 0; c < N_TL + N_TL_REV && !wrong; c++) {
        ar_error ae;
        ar_translit *t = ar_translit_new(tl_names[c < N_TL ? c : c - N_TL], c < N_TL ? 0 : AR_TL_REVERSE, &ae);
        if (!t) {
            if (ae.code == AR_OK || !ae.message[0]) wrong = 1; /* NULL must come with an error */
            KEEP(first, ae.code);
            continue;
        }
        for (k = 0; k < NTEXTS && !wrong; k++) {
            size_t len, outlen = 0;
            const char *in = tl_input(c, k, &len);
            ar_translit_stats st;
            char dst[512];
            int rc = ar_translit_run(t, in, len, &out, map, &st);
            KEEP(first, rc);
            pause_injection();
            if (rc != AR_OK) {
                if (out.len != 0) wrong = 1; /* an error leaves an empty output */
                rc = ar_translit_run(t, in, len, &out, map, &st);
                if (rc != AR_OK) wrong = 1;
            }
            tl_digest(&out, map, &st, &d);
            if (!same(&d, &ref_tl[c][k])) wrong = 1;
            resume_injection();
            /* without a map: the same output */
            rc = ar_translit_run(t, in, len, &out, NULL, &st);
            KEEP(first, rc);
            pause_injection();
            if (rc == AR_OK && (out.len != ref_tl_out[c][k].len || memcmp(out.data, ref_tl_out[c][k].data, out.len) != 0))
                wrong = 1;
            resume_injection();
            /* a caller's buffer, short or big enough */
            rc = ar_translit_into(t, in, len, dst, sizeof dst, &outlen, NULL, NULL);
            if (rc == AR_ESPACE) rc = AR_OK;
            KEEP(first, rc);
            pause_injection();
            if (rc == AR_OK && (outlen != ref_tl_out[c][k].len ||
                                (outlen <= sizeof dst && memcmp(dst, ref_tl_out[c][k].data, outlen) != 0)))
                wrong = 1;
            resume_injection();
        }
        ar_translit_free(t);
    }
    sb_free(&d);
    ar_buf_free(&out);
    ar_map_free(map);
    return wrong ? WRONG : first;
}

/* ------------------------------------------------------------ names */

/* A lexicon of every class (names.c), and one text of our own with what
 * the recognizer does beyond the shared texts: a title with qualifiers, a
 * particle, a quoted organization, a MISC word, a later mention. */
static const struct {
    const char *w;
    unsigned cls;
} lex_words[] = {
    {"الرئيس", AR_NAME_TITLE}, {"وزير", AR_NAME_TITLE}, {"قال", AR_NAME_SPEECH}, {"أعلن", AR_NAME_SPEECH},
    {"محمد", AR_NAME_GIVEN}, {"جو", AR_NAME_GIVEN}, {"كارلوس", AR_NAME_GIVEN}, {"سعيد", AR_NAME_GIVEN | AR_NAME_COMMON},
    {"عبد", AR_NAME_PARTICLE_START | AR_NAME_GIVEN}, {"بن", AR_NAME_PARTICLE_START}, {"دي", AR_NAME_PARTICLE},
    {"الله", AR_NAME_PARTICLE | AR_NAME_GIVEN}, {"الثاني", AR_NAME_ORDINAL}, {"في", AR_NAME_STOP},
    {"إن", AR_NAME_STOP}, {"أن", AR_NAME_STOP}, {"الخارجية", AR_NAME_COMMON}, {"العلوم", AR_NAME_COMMON},
    {"شركة", AR_NAME_ORG_HEAD}, {"جامعة", AR_NAME_ORG_HEAD | AR_NAME_ORG_HEAD_IN},
    {"صحيفة", AR_NAME_ORG_HEAD}, {"وزارة", AR_NAME_ORG_HEAD | AR_NAME_ORG_QUOTE},
    {"صور", AR_NAME_HOMOGRAPH | AR_NAME_HOMOGRAPH_STRONG}, {"مدينة", AR_NAME_LOC_CUE},
    {"دولار", AR_NAME_MISC}, {"جنيه", AR_NAME_MISC}, {"القرآن", AR_NAME_MISC},
};
#define N_LEX_WORDS (sizeof lex_words / sizeof lex_words[0])
#define N_SYNTH_WORDS 600 /* made-up words: the table and the pool grow */
static const char names_text[] =
    "قال الرئيس كارلوس مندوزا إن صحيفة « الأفق » نشرت صور مدينة صور، وأعلن عبد الله بن "
    "سعيد أن الصفقة بلغت مليون دولار. وذكرت الصحيفة أن مندوزا في جامعة القاهرة.";
static ar_names *NAMES;
static sbuf ref_lex, ref_names[NTEXTS + 1];

/* The i-th made-up word: three letters of the alphabet's first 20 and a
 * fourth, all different for i < 8000. */
static size_t synth_word(size_t i, char *buf)
{
    static const char letters[] = "بتثجحخدذرزسشصضطظعغفق";
    size_t a = i % 20, b = (i / 20) % 20, c = (i / 400) % 20;
    buf[0] = letters[2 * a], buf[1] = letters[2 * a + 1];
    buf[2] = letters[2 * b], buf[3] = letters[2 * b + 1];
    buf[4] = letters[2 * c], buf[5] = letters[2 * c + 1];
    memcpy(buf + 6, "ون", 4);
    return 10;
}

static int lexicon_fill(ar_names *nm)
{
    size_t k;
    char w[16];
    int rc;
    for (k = 0; k < N_LEX_WORDS; k++)
        if ((rc = ar_names_add(nm, lex_words[k].w, strlen(lex_words[k].w), lex_words[k].cls)) != AR_OK) return rc;
    for (k = 0; k < N_SYNTH_WORDS; k++)
        if ((rc = ar_names_add(nm, w, synth_word(k, w), AR_NAME_COMMON)) != AR_OK) return rc;
    return AR_OK;
}

static void lexicon_digest(const ar_names *nm, sbuf *b)
{
    size_t k;
    char w[16];
    b->n = 0;
    sb_printf(b, "%zu:", ar_names_count(nm));
    for (k = 0; k < N_LEX_WORDS; k++) sb_printf(b, " %u", ar_names_classes(nm, lex_words[k].w, strlen(lex_words[k].w)));
    for (k = 0; k < N_SYNTH_WORDS; k += 37) sb_printf(b, " %u", ar_names_classes(nm, w, synth_word(k, w)));
}

/* Names in text k (NTEXTS: names_text) with the default gazetteer's matches
 * and without a gazetteer. */
static int names_digest(const ar_names *nm, ar_gaz_result *gr, ar_names_result *r, size_t k, sbuf *b)
{
    const ar_gazetteer *g = DEFAULT ? DEFAULT : SMALL;
    const char *t = k < NTEXTS ? texts[k] : names_text;
    size_t len = k < NTEXTS ? lens[k] : strlen(names_text), i, pass;
    ar_gaz_match_opts o;
    int first = AR_OK;
    memset(&o, 0, sizeof o);
    o.lexicon = nm;
    b->n = 0;
    for (pass = 0; pass < 2; pass++) {
        int rc = pass ? AR_OK : ar_gaz_match_text(g, t, len, &o, gr);
        KEEP(first, rc);
        if (rc == AR_OK) rc = ar_names_match(nm, t, len, pass ? NULL : g, pass ? NULL : gr, 0, r);
        KEEP(first, rc);
        sb_printf(b, " | %d:", rc);
        if (rc != AR_OK) continue;
        for (i = 0; i < ar_names_result_count(r); i++) {
            const ar_name_match *m = ar_names_result_get(r, i);
            sb_printf(b, " %zu-%zu/%zu %s %s %d %zu ", m->start, m->end, m->token_start, m->type, m->rule, m->coref,
                      m->gaz);
            sb_add(b, m->id, m->id_len);
        }
        if (!pass)
            for (i = 0; i < ar_gaz_result_count(gr); i++) sb_printf(b, " d%d", ar_names_result_drops(r, i));
    }
    return first;
}

static void names_references(void)
{
    int err = AR_OK;
    ar_gaz_result *gr = ar_gaz_result_new();
    ar_names_result *r = ar_names_result_new();
    size_t k;
    NAMES = ar_names_new(&err);
    if (!NAMES || !gr || !r) abort();
    CHECK(lexicon_fill(NAMES) == AR_OK, "ref lexicon");
    lexicon_digest(NAMES, &ref_lex);
    for (k = 0; k <= NTEXTS; k++) CHECK(names_digest(NAMES, gr, r, k, &ref_names[k]) == AR_OK, "ref names");
    CHECK(strstr(ref_names[NTEXTS].p, "كارلوس مندوزا") != NULL && strstr(ref_names[NTEXTS].p, "MISC") != NULL &&
              strstr(ref_names[NTEXTS].p, "mention") != NULL,
          "the recognizer finds names: %s", ref_names[NTEXTS].p);
    ar_gaz_result_free(gr);
    ar_names_result_free(r);
}

/* A lexicon built word by word (the slot table and the word pool grow). */
static int op_names_lexicon(void)
{
    int err = AR_OK, rc;
    ar_names *nm = ar_names_new(&err);
    sbuf d = {0};
    if (!nm) return err == AR_OK ? WRONG : err;
    rc = lexicon_fill(nm);
    if (rc == AR_OK) {
        pause_injection();
        lexicon_digest(nm, &d);
        if (!same(&d, &ref_lex)) rc = WRONG;
        resume_injection();
    } else {
        /* what was added before the failure is kept, and the rest can
         * still be added */
        pause_injection();
        if (lexicon_fill(nm) != AR_OK) rc = WRONG;
        lexicon_digest(nm, &d);
        if (!same(&d, &ref_lex)) rc = WRONG;
        resume_injection();
    }
    sb_free(&d);
    ar_names_free(nm);
    return rc;
}

/* Recognition over every text with results reused; a failed call leaves
 * both results reusable. */
static int op_names_match(void)
{
    int first = AR_OK, wrong = 0, rc;
    ar_gaz_result *gr = ar_gaz_result_new();
    ar_names_result *r = ar_names_result_new();
    sbuf d = {0};
    size_t k;
    if (!gr || !r) {
        ar_gaz_result_free(gr);
        ar_names_result_free(r);
        return AR_ENOMEM;
    }
    for (k = 0; k <= NTEXTS && !wrong; k++) {
        rc = names_digest(NAMES, gr, r, k, &d);
        KEEP(first, rc);
        pause_injection();
        if (rc != AR_OK) rc = names_digest(NAMES, gr, r, k, &d);
        if (rc != AR_OK || !same(&d, &ref_names[k])) wrong = 1;
        resume_injection();
    }
    sb_free(&d);
    ar_gaz_result_free(gr);
    ar_names_result_free(r);
    return wrong ? WRONG : first;
}

/* ------------------------------------------------------------ main */

int main(void)
{
    size_t k;
    int j;
    setvbuf(stdout, NULL, _IONBF, 0);
    make_texts();
    references();
    names_references();
    tl_references();

    run_op("normalizer_new (5 presets)", op_normalizer_new);
    run_op("normalize + map", op_normalize_map);
    run_op("tokenizer", op_tokenizer);
    CHECK(tokenizer_calls == 0, "the tokenizer made %ld allocations", tokenizer_calls);
    run_op("abbreviations", op_abbrevs);
    run_op("sentences", op_sentences);
    run_op("builder add + compile", op_builder);
    run_op("builder load_tsv", op_load_tsv);
    run_op("save, open, from_memory", op_save_open);
    run_op("match (small)", op_match_small);
    run_op("match (default)", op_match_default);
    run_op("open default.gaz + match", op_open_default);
    run_op("regex", op_regex);
    run_op("everything together", op_all);
    run_op("names lexicon", op_names_lexicon);
    run_op("names (with and without gazetteer)", op_names_match);
    run_op("cursor (16-byte chunks)", op_cursor);
    run_op("trigger words", op_triggers);
    run_op("transliteration (11 directions)", op_translit);

    /* clean up the references: nothing the core allocated may be left */
    for (k = 0; k < NTEXTS; k++) {
        for (j = 0; j < 2; j++) sb_free(&ref_norm[j][k]);
        for (j = 0; j < 5; j++) ar_buf_free(&ref_presets[j][k]);
        sb_free(&ref_sent[k]);
        sb_free(&ref_small[k]);
        sb_free(&ref_default[k]);
        sb_free(&ref_demoted[k]);
        sb_free(&ref_regex[k]);
        sb_free(&ref_all[k]);
    }
    ar_normalizer_free(NORM[0]);
    ar_normalizer_free(NORM[1]);
    ar_abbrevs_free(ABBR);
    ar_gaz_free(SMALL);
    ar_gaz_free(DEFAULT);
    ar_regex_free(REF_RE);
    ar_names_free(NAMES);
    sb_free(&ref_lex);
    for (k = 0; k <= NTEXTS; k++) sb_free(&ref_names[k]);
    for (k = 0; k < NTEXTS; k++) {
        size_t c;
        for (c = 0; c < N_TL + N_TL_REV; c++) {
            sb_free(&ref_tl[c][k]);
            ar_buf_free(&ref_tl_out[c][k]);
        }
        for (c = 0; c < N_TL_REV; c++) ar_buf_free(&tl_fwd_out[c][k]);
    }
    CHECK(live_n == 0, "%zu blocks allocated by the core are still live at the end", live_n);
    remove(gaz_path);
    remove(tsv_path);
    __real_free(gaz_file_data);
    __real_free(long_diacritics);
    __real_free(long_marks);
    __real_free(live);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
