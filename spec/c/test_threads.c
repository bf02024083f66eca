/*
 * test_threads.c — the core shared by threads: one normalizer, one
 * gazetteer, one compiled regex and one abbreviation set used by 8 threads
 * at once, each with its own buffers, map, result, spans and match state.
 * Every result (normalized text, offset map, tokens, sentences in three
 * modes, gazetteer matches exact / fuzzy / overlapping, regex matches) is
 * compared with the results computed single-threaded before the threads
 * start. The threads also build their own normalizer and gazetteer at the
 * same time, which must equal the ones built alone.
 *
 * Usage: test_threads [gazetteer.gaz]  (default: $ARABIC_GAZETTEER, then
 * build/default.gaz; a small gazetteer is built when neither opens).
 * AR_TEST_ITERATIONS sets the iterations per thread. Run it under
 * ThreadSanitizer too (see the Makefile's tsan notes). Prints
 * "N passed, N failed".
 */
#include <glob.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arabic.h"
#include "results.h"
#include "texts.h"

#define NTHREADS 8
#define MAXTEXTS 64

#include "check.h"

struct text {
    const char *s;
    size_t len;
    char *owned;
    char name[64];
};

static struct text texts[MAXTEXTS];
static size_t ntexts;
static shared SH;
static ar_regex *RE;
static size_t NGROUPS;
static sbuf refs[MAXTEXTS];       /* compute_all, single-threaded */
static sbuf small_refs[MAXTEXTS]; /* matches of the small gazetteer */
static ar_buf norm_refs[MAXTEXTS];
static int iterations = 25;
static pthread_barrier_t start_line;

/* ------------------------------------------------------------ set-up */

static void add_text(const char *s, size_t len, char *owned, const char *name)
{
    if (ntexts == MAXTEXTS) {
        free(owned);
        return;
    }
    texts[ntexts].s = s;
    texts[ntexts].len = len;
    texts[ntexts].owned = owned;
    snprintf(texts[ntexts].name, sizeof texts[ntexts].name, "%s", name);
    ntexts++;
}

static void load_texts(void)
{
    size_t i;
    glob_t gl;
    for (i = 0; i < N_TEST_TEXTS; i++) {
        char name[32];
        snprintf(name, sizeof name, "text %zu", i);
        add_text(test_texts[i], strlen(test_texts[i]), NULL, name);
    }
    if (glob("examples/articles/*.txt", 0, NULL, &gl) == 0) {
        for (i = 0; i < gl.gl_pathc; i++) {
            size_t len;
            char *p = read_file(gl.gl_pathv[i], &len);
            if (p) add_text(p, len, p, gl.gl_pathv[i]);
        }
        globfree(&gl);
    }
}

/* The small gazetteer of texts.h, compiled with the fuzzy index. */
static ar_gazetteer *build_small(int *err)
{
    static const char *const attrs[] = {"source", "texts.h"};
    ar_gaz_builder *b = test_builder_new(attrs, 1, err);
    ar_gazetteer *g;
    if (!b) return NULL;
    g = ar_gaz_compile(b, 1, err);
    ar_gaz_builder_free(b);
    return g;
}

/* Matches of g over a text with a few option sets, into out. */
static int gaz_digest(const ar_gazetteer *g, ar_gaz_result *r, const struct text *t, sbuf *out)
{
    static const unsigned flags[] = {0, AR_GM_FUZZY | AR_GM_EXTEND, AR_GM_OVERLAP,
                                     AR_GM_NO_CLITICS | AR_GM_NO_CONTEXT};
    size_t k;
    out->n = 0;
    for (k = 0; k < sizeof flags / sizeof flags[0]; k++) {
        ar_gaz_match_opts o;
        int rc;
        memset(&o, 0, sizeof o);
        o.flags = flags[k];
        rc = ar_gaz_match_text(g, t->s, t->len, &o, r);
        sb_printf(out, "\n%u %d:", flags[k], rc);
        if (rc) return rc;
        put_matches(out, g, r);
    }
    return out->oom ? AR_ENOMEM : AR_OK;
}

/* ------------------------------------------------------------ workers */

typedef struct worker {
    pthread_t th;
    int id;
    size_t mismatch[MAXTEXTS];
    int setup_err;             /* scratch or own objects could not be made */
    size_t own_norm_mismatch;  /* own normalizer vs the shared one */
    size_t own_gaz_mismatch;   /* own small gazetteer vs the main thread's */
    size_t runs;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    scratch sc;
    sbuf got = {0};
    size_t k;
    int it, err;

    if (scratch_init(&sc, RE) != AR_OK) w->setup_err = 1;
    pthread_barrier_wait(&start_line);
    if (w->setup_err) {
        scratch_free(&sc);
        return NULL;
    }

    /* objects built while the other threads are busy must be the same */
    {
        ar_norm_options o;
        ar_normalizer *own;
        ar_buf b = {0};
        ar_norm_options_preset(&o, "search");
        own = ar_normalizer_new(&o, &err);
        if (!own) {
            w->setup_err = 2;
        } else {
            for (k = 0; k < ntexts; k++) {
                if (ar_normalize(own, texts[k].s, texts[k].len, &b, NULL, NULL) != AR_OK ||
                    b.len != norm_refs[k].len || memcmp(b.data, norm_refs[k].data, b.len) != 0)
                    w->own_norm_mismatch++;
            }
            ar_normalizer_free(own);
        }
        ar_buf_free(&b);
    }
    {
        ar_gazetteer *g = build_small(&err);
        if (!g) {
            w->setup_err = 3;
        } else {
            for (k = 0; k < ntexts; k++) {
                if (gaz_digest(g, sc.res, &texts[k], &got) != AR_OK || got.n != small_refs[k].n ||
                    memcmp(got.p, small_refs[k].p, got.n) != 0)
                    w->own_gaz_mismatch++;
            }
            ar_gaz_free(g);
        }
    }

    /* the shared objects, many times; each thread starts at another text */
    for (it = 0; it < iterations; it++) {
        for (k = 0; k < ntexts; k++) {
            size_t i = (k + (size_t)w->id * 3) % ntexts;
            compute_all(&SH, &sc, NGROUPS, texts[i].s, texts[i].len, &got);
            if (got.oom || got.n != refs[i].n || memcmp(got.p, refs[i].p, got.n) != 0)
                w->mismatch[i]++;
            w->runs++;
        }
    }
    sb_free(&got);
    scratch_free(&sc);
    return NULL;
}

/* ------------------------------------------------------------ main */

int main(int argc, char **argv)
{
    ar_norm_options o;
    ar_normalizer *norm;
    ar_gazetteer *gaz = NULL, *small;
    ar_abbrevs *abbrevs;
    scratch sc;
    worker *workers;
    const char *gaz_path = argc > 1 ? argv[1] : getenv("ARABIC_GAZETTEER");
    const char *env_iter = getenv("AR_TEST_ITERATIONS");
    ar_error ae;
    size_t k, i;
    int err, t, started = 0;

    if (env_iter && atoi(env_iter) > 0) iterations = atoi(env_iter);
    if (!gaz_path || !*gaz_path) gaz_path = "build/default.gaz";
    load_texts();
    CHECK(ntexts >= N_TEST_TEXTS, "texts loaded: %zu", ntexts);

    /* the shared objects */
    ar_norm_options_preset(&o, "search");
    norm = ar_normalizer_new(&o, &err);
    CHECK(norm != NULL, "normalizer: %s", ar_strerror(err));
    gaz = ar_gaz_open(gaz_path, -1, &ae);
    if (!gaz) {
        fprintf(stderr, "note: %s: %s; using a small gazetteer built here\n", gaz_path, ae.message);
        gaz = build_small(&err);
    }
    CHECK(gaz != NULL, "gazetteer: %s", ar_strerror(err));
    small = build_small(&err);
    CHECK(small != NULL, "small gazetteer: %s", ar_strerror(err));
    abbrevs = ar_abbrevs_new(&err);
    CHECK(abbrevs != NULL, "abbreviations: %s", ar_strerror(err));
    if (abbrevs) {
        static const char *const files[] = {"data/abbreviations/ar.txt", "data/abbreviations/latin.txt"};
        static const char *const extra[] = {"د.", "أ.د.", "ج.م.ع.", "U.S.", "J.", "etc."};
        for (i = 0; i < 2; i++) {
            err = ar_abbrevs_load(abbrevs, files[i], &ae);
            if (err == AR_EIO) fprintf(stderr, "note: %s not found (run from the checkout)\n", files[i]);
            else CHECK(err == AR_OK, "%s:%zu: %s", files[i], ae.line, ae.message);
        }
        for (i = 0; i < sizeof extra / sizeof extra[0]; i++)
            CHECK(ar_abbrevs_add(abbrevs, extra[i], strlen(extra[i])) == AR_OK, "add %s", extra[i]);
    }
    {
        RE = ar_regex_new(TEST_REGEX, strlen(TEST_REGEX), AR_RE_CASELESS, &ae);
        CHECK(RE != NULL, "regex: %s at %zu", RE ? "" : ae.message, RE ? 0 : ae.offset);
        NGROUPS = ar_regex_groups(RE);
        CHECK(NGROUPS == 4, "regex groups: %zu", NGROUPS);
    }
    if (!norm || !gaz || !small || !abbrevs || !RE) goto out;
    {
        ar_gaz_stats st;
        ar_gaz_stats_get(gaz, &st);
        SH.fuzzy = st.fuzzy;
    }
    SH.norm = norm;
    SH.gaz = gaz;
    SH.abbrevs = abbrevs;

    /* reference results, single-threaded */
    CHECK(scratch_init(&sc, RE) == AR_OK, "scratch");
    for (k = 0; k < ntexts; k++) {
        err = compute_all(&SH, &sc, NGROUPS, texts[k].s, texts[k].len, &refs[k]);
        CHECK(err == AR_OK && !refs[k].oom, "%s: reference: %s", texts[k].name, ar_strerror(err));
        err = gaz_digest(small, sc.res, &texts[k], &small_refs[k]);
        CHECK(err == AR_OK, "%s: small gazetteer: %s", texts[k].name, ar_strerror(err));
        err = ar_normalize(norm, texts[k].s, texts[k].len, &norm_refs[k], NULL, NULL);
        CHECK(err == AR_OK, "%s: normalize: %s", texts[k].name, ar_strerror(err));
    }
    /* the references are not trivial: matches, sentences, regex hits */
    CHECK(strstr(refs[0].p, "cairo") || strstr(refs[0].p, "EG") || strstr(refs[0].p, "/LOC]"),
          "the news text has gazetteer matches: %.300s", refs[0].p);
    CHECK(strstr(small_refs[6].p, "hamas/ORG") != NULL, "small gazetteer finds names: %.300s",
          small_refs[6].p);
    {
        /* a second run in the same thread gives the same bytes */
        sbuf again = {0};
        for (k = 0; k < ntexts; k++) {
            compute_all(&SH, &sc, NGROUPS, texts[k].s, texts[k].len, &again);
            CHECK(again.n == refs[k].n && memcmp(again.p, refs[k].p, again.n) == 0,
                  "%s: deterministic single-threaded", texts[k].name);
        }
        sb_free(&again);
    }
    scratch_free(&sc);

    /* the threads */
    workers = calloc(NTHREADS, sizeof *workers);
    CHECK(workers != NULL, "workers");
    if (!workers) goto out;
    CHECK(pthread_barrier_init(&start_line, NULL, NTHREADS) == 0, "barrier");
    for (t = 0; t < NTHREADS; t++) {
        workers[t].id = t;
        if (pthread_create(&workers[t].th, NULL, work, &workers[t]) != 0) break;
        started++;
    }
    CHECK(started == NTHREADS, "started %d threads", started);
    if (started < NTHREADS) {
        /* the barrier would never open: give up without joining */
        fprintf(stderr, "cannot start %d threads\n", NTHREADS);
        printf("%d passed, %d failed\n", passed, failed + 1);
        return 1;
    }
    for (t = 0; t < NTHREADS; t++) pthread_join(workers[t].th, NULL);
    pthread_barrier_destroy(&start_line);
    for (t = 0; t < NTHREADS; t++) {
        worker *w = &workers[t];
        CHECK(w->setup_err == 0, "thread %d: set-up failed (%d)", t, w->setup_err);
        CHECK(w->runs == (size_t)iterations * ntexts, "thread %d: %zu runs", t, w->runs);
        CHECK(w->own_norm_mismatch == 0, "thread %d: its own normalizer differs on %zu texts", t,
              w->own_norm_mismatch);
        CHECK(w->own_gaz_mismatch == 0, "thread %d: its own gazetteer differs on %zu texts", t,
              w->own_gaz_mismatch);
        for (k = 0; k < ntexts; k++)
            CHECK(w->mismatch[k] == 0, "thread %d, %s: %zu of %d runs differ from the reference", t,
                  texts[k].name, w->mismatch[k], iterations);
    }
    free(workers);
    fprintf(stderr, "%d threads x %d iterations x %zu texts\n", NTHREADS, iterations, ntexts);

out:
    for (k = 0; k < ntexts; k++) {
        sb_free(&refs[k]);
        sb_free(&small_refs[k]);
        ar_buf_free(&norm_refs[k]);
        free(texts[k].owned);
    }
    ar_regex_free(RE);
    ar_abbrevs_free(abbrevs);
    ar_gaz_free(small);
    ar_gaz_free(gaz);
    ar_normalizer_free(norm);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
