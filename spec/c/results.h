/*
 * results.h — everything the core computes for a text, written out as one
 * byte string, so that two runs (threads, Lua states, allocation-failure
 * retries) can be compared with memcmp. Shared by the C tests.
 */
#ifndef SPEC_C_RESULTS_H
#define SPEC_C_RESULTS_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arabic.h"

/* The tests' own allocations (test_alloc.c points these at the real
 * allocator, so that its failure injection only hits the library). */
#ifndef SB_REALLOC
#define SB_REALLOC realloc
#define SB_FREE free
#endif

/* A growable string; on allocation failure it remembers that it failed. */
typedef struct sbuf {
    char *p;
    size_t n, cap;
    int oom;
} sbuf;

static void sb_free(sbuf *b)
{
    SB_FREE(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
    b->oom = 0;
}

static void sb_add(sbuf *b, const void *s, size_t len)
{
    if (b->oom) return;
    if (b->n + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        char *q;
        while (cap < b->n + len + 1) cap *= 2;
        q = SB_REALLOC(b->p, cap);
        if (!q) {
            b->oom = 1;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = '\0';
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void sb_printf(sbuf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    int k;
    va_start(ap, fmt);
    k = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (k < 0) {
        b->oom = 1;
        return;
    }
    sb_add(b, tmp, (size_t)k < sizeof tmp ? (size_t)k : sizeof tmp - 1);
}

/* The regex every test runs: Arabic words (with the article as a named
 * group), numbers in any digit set, Latin words. */
#define TEST_REGEX "(?<article>ال)?(?<word>\\p{Arabic}+)|(?<num>\\d+(?:[.,\xd9\xab]\\d+)?)|(?<latin>[a-z]+)"

/* Per-thread (per-caller) scratch objects. */
typedef struct scratch {
    ar_buf out;
    ar_map *map;
    ar_spans spans;
    ar_gaz_result *res;
    ar_regex_match *rm;
} scratch;

/* Shared, read-only objects. */
typedef struct shared {
    const ar_normalizer *norm;
    const ar_gazetteer *gaz;
    const ar_abbrevs *abbrevs;
    int fuzzy; /* the gazetteer has the fuzzy index */
} shared;

static void put_matches(sbuf *b, const ar_gazetteer *g, const ar_gaz_result *r)
{
    size_t i, n = ar_gaz_result_count(r);
    for (i = 0; i < n; i++) {
        const ar_gaz_match *m = ar_gaz_result_get(r, i);
        ar_gaz_info info;
        if (ar_gaz_entry_info(g, m->entry, &info) != AR_OK) {
            sb_printf(b, " [bad entry %u]", (unsigned)m->entry);
            continue;
        }
        sb_printf(b, " [%zu,%zu,%zu e%u f%u x%u ", m->start, m->end, m->token_start,
                  (unsigned)m->entry, (unsigned)m->fuzzy, (unsigned)m->flags);
        sb_add(b, info.id, info.id_len);
        sb_add(b, "/", 1);
        sb_add(b, info.type, info.type_len);
        sb_add(b, "]", 1);
    }
}

static void put_regex(sbuf *b, ar_regex_match *m, size_t ngroups, const char *s, size_t len)
{
    size_t start = 0, a, e, g;
    int rc = 0;
    while (start <= len && (rc = ar_regex_exec(m, s, len, start)) == 1) {
        if (ar_regex_group(m, 0, &a, &e) != 1) {
            sb_printf(b, " [no group 0]");
            return;
        }
        sb_printf(b, " %zu-%zu", a, e);
        for (g = 1; g <= ngroups; g++) {
            size_t ga, ge;
            if (ar_regex_group(m, g, &ga, &ge) == 1) sb_printf(b, ":%zu", g);
        }
        if (e > start) start = e;
        else start++;
    }
    if (rc != 0 && rc != 1) sb_printf(b, " [regex rc %d]", rc);
}

/* Everything for one text into b. Returns the first error code (also
 * written into b), or AR_OK. */
static int compute_all(const shared *sh, scratch *sc, size_t ngroups, const char *s, size_t len,
                       sbuf *b)
{
    ar_tokenizer tk;
    ar_token t;
    int rc;
    size_t i;
    b->n = 0;
    if (b->p) b->p[0] = '\0';

    /* normalization with the offset map, mapped back token by token */
    rc = ar_normalize(sh->norm, s, len, &sc->out, sc->map, NULL);
    sb_printf(b, "norm %d %zu:", rc, sc->out.len);
    if (rc) return rc;
    sb_add(b, sc->out.data, sc->out.len);
    sb_add(b, "\nmap", 4);
    ar_tokenizer_init(&tk, sc->out.data, sc->out.len);
    while (ar_tokenizer_next(&tk, &t)) {
        size_t s0 = 0, s1 = 0, o0 = 0, o1 = 0;
        int r1 = ar_map_source(sc->map, t.start, t.end, &s0, &s1);
        int r2 = r1 == AR_OK ? ar_map_target(sc->map, s0, s1, &o0, &o1) : r1;
        sb_printf(b, " %zu-%zu>%zu-%zu>%zu-%zu%s", t.start, t.end, s0, s1, o0, o1,
                  r1 || r2 ? "!" : "");
    }

    /* tokens of the source */
    sb_add(b, "\ntok", 4);
    ar_tokenizer_init(&tk, s, len);
    while (ar_tokenizer_next(&tk, &t)) sb_printf(b, " %zu-%zu%c", t.start, t.end, ar_token_kind_name(t.kind)[0]);

    /* sentences, in three modes */
    {
        static const int modes[] = {AR_SENT_LINES, AR_SENT_AUTO, AR_SENT_WRAPPED};
        size_t m;
        for (m = 0; m < 3; m++) {
            ar_sent_opts o;
            o.mode = modes[m];
            o.abbrevs = m < 2 ? sh->abbrevs : NULL;
            o.wrap_width = 0;
            rc = ar_sentences(s, len, &o, &sc->spans);
            sb_printf(b, "\nsent%d %d:", modes[m], rc);
            if (rc) return rc;
            for (i = 0; i < sc->spans.n; i++) sb_printf(b, " %zu-%zu", sc->spans.v[i].start, sc->spans.v[i].end);
        }
    }

    /* the gazetteer: default, fuzzy + names extended, overlapping without
     * context rules */
    if (sh->gaz) {
        ar_gaz_match_opts o;
        unsigned flags[3];
        size_t k;
        flags[0] = 0;
        flags[1] = (sh->fuzzy ? AR_GM_FUZZY : 0) | AR_GM_EXTEND;
        flags[2] = AR_GM_OVERLAP | AR_GM_NO_CONTEXT;
        for (k = 0; k < 3; k++) {
            memset(&o, 0, sizeof o);
            o.flags = flags[k];
            rc = ar_gaz_match_text(sh->gaz, s, len, &o, sc->res);
            sb_printf(b, "\ngaz%u %d:", flags[k], rc);
            if (rc) return rc;
            put_matches(b, sh->gaz, sc->res);
        }
    }

    /* the regex over the source and over the normalized text */
    if (sc->rm) {
        sb_add(b, "\nre", 3);
        put_regex(b, sc->rm, ngroups, s, len);
        sb_add(b, "\nre-norm", 8);
        put_regex(b, sc->rm, ngroups, sc->out.data, sc->out.len);
    }
    sb_add(b, "\n", 1);
    return b->oom ? AR_ENOMEM : AR_OK;
}

static int scratch_init(scratch *sc, const ar_regex *re)
{
    memset(sc, 0, sizeof *sc);
    sc->map = ar_map_new();
    sc->res = ar_gaz_result_new();
    sc->rm = re ? ar_regex_match_new(re, 0, 0) : NULL;
    return sc->map && sc->res && (!re || sc->rm) ? AR_OK : AR_ENOMEM;
}

static void scratch_free(scratch *sc)
{
    ar_buf_free(&sc->out);
    ar_map_free(sc->map);
    ar_spans_free(&sc->spans);
    ar_gaz_result_free(sc->res);
    ar_regex_match_free(sc->rm);
    memset(sc, 0, sizeof *sc);
}

/* Read a whole file (malloc'd, NUL-terminated); NULL if it cannot. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *p = NULL;
    size_t n = 0, cap = 0;
    if (!f) return NULL;
    for (;;) {
        size_t got;
        if (cap - n < 4096) {
            char *q;
            cap = cap ? cap * 2 : 65536;
            q = SB_REALLOC(p, cap + 1);
            if (!q) {
                SB_FREE(p);
                fclose(f);
                return NULL;
            }
            p = q;
        }
        got = fread(p + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    if (ferror(f)) {
        SB_FREE(p);
        fclose(f);
        return NULL;
    }
    fclose(f);
    p[n] = '\0';
    *len = n;
    return p;
}

#endif
