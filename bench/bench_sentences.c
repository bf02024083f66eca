/*
 * bench_sentences.c — sentence splitting: spans for scoring, and speed,
 * for our splitter, a naive [.!?؟]+whitespace splitter, and ICU's
 * BreakIterator when built with ICU (benchmark-only dependency).
 *
 *   bench_sentences spans TEXT arabic|naive|icu [lines|wrapped|auto]
 *       prints "start<TAB>end" byte spans (0-based, end exclusive)
 *   bench_sentences speed CORPUS [RUNS]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "arabic.h"
#ifdef HAVE_ICU
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#endif

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    buf[n] = 0;
    *len = (size_t)n;
    return buf;
}

static int push(ar_spans *sp, size_t a, size_t b)
{
    if (sp->n == sp->cap) {
        size_t cap = sp->cap ? sp->cap * 2 : 1024;
        ar_span *v = realloc(sp->v, cap * sizeof *v);
        if (!v) return -1;
        sp->v = v;
        sp->cap = cap;
    }
    sp->v[sp->n].start = a;
    sp->v[sp->n].end = b;
    sp->n++;
    return 0;
}

static int is_space(const char *s, size_t len, size_t i, size_t *l)
{
    unsigned char c = (unsigned char)s[i];
    *l = 1;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
    if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) return (*l = 2), 1;
    return 0;
}

/* The naive splitter: a run of . ! ? ؟ followed by white space (or the
 * end) ends a sentence; nothing else does. */
static void naive(const char *s, size_t len, ar_spans *sp)
{
    size_t i = 0, start = (size_t)-1, l;
    sp->n = 0;
    while (i < len) {
        int term = s[i] == '.' || s[i] == '!' || s[i] == '?' ||
                   ((unsigned char)s[i] == 0xD8 && i + 1 < len && (unsigned char)s[i + 1] == 0x9F);
        if (s[i] == '\n' && start != (size_t)-1) { /* a line break ends a sentence */
            push(sp, start, i);
            start = (size_t)-1;
        }
        if (is_space(s, len, i, &l)) {
            i += l;
            continue;
        }
        if (start == (size_t)-1) start = i;
        if (term) {
            size_t j = i;
            while (j < len && (s[j] == '.' || s[j] == '!' || s[j] == '?' ||
                               ((unsigned char)s[j] == 0xD8 && j + 1 < len && (unsigned char)s[j + 1] == 0x9F)))
                j += (unsigned char)s[j] == 0xD8 ? 2 : 1;
            if (j >= len || is_space(s, len, j, &l)) {
                push(sp, start, j);
                start = (size_t)-1;
            }
            i = j;
            continue;
        }
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80) i++;
    }
    if (start != (size_t)-1) {
        size_t e = len;
        while (e > start && is_space(s, len, e - 1, &l)) e--;
        push(sp, start, e);
    }
    /* trim trailing white space inside each span */
    for (l = 0; l < sp->n; l++) {
        size_t e = sp->v[l].end, k;
        while (e > sp->v[l].start && is_space(s, len, e - 1, &k)) e--;
        sp->v[l].end = e;
    }
}

#ifdef HAVE_ICU
static void icu(const char *s, size_t len, ar_spans *sp)
{
    UErrorCode st = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, s, (int64_t)len, &st);
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "ar", NULL, 0, &st);
    int32_t a, b;
    sp->n = 0;
    if (U_FAILURE(st)) {
        fprintf(stderr, "ICU: %s\n", u_errorName(st));
        exit(1);
    }
    ubrk_setUText(bi, ut, &st);
    a = ubrk_first(bi);
    for (b = ubrk_next(bi); b != UBRK_DONE; a = b, b = ubrk_next(bi)) {
        /* UText over UTF-8 reports native (byte) offsets */
        size_t x = (size_t)a, y = (size_t)b, l;
        while (x < y && is_space(s, len, x, &l)) x += l;
        while (y > x && is_space(s, len, y - 1, &l)) y--;
        if (y > x) push(sp, x, y);
    }
    ubrk_close(bi);
    utext_close(ut);
}
#endif

static ar_abbrevs *load_abbrevs(void)
{
    ar_abbrevs *a = ar_abbrevs_new(NULL);
    if (!a || ar_abbrevs_load(a, "data/abbreviations/ar.txt", NULL) ||
        ar_abbrevs_load(a, "data/abbreviations/latin.txt", NULL)) {
        fprintf(stderr, "cannot load data/abbreviations (run from the repository root)\n");
        exit(1);
    }
    return a;
}

static int run(const char *method, const char *s, size_t len, const ar_sent_opts *o, ar_spans *sp)
{
    if (strcmp(method, "arabic") == 0) return ar_sentences(s, len, o, sp);
    if (strcmp(method, "naive") == 0) {
        naive(s, len, sp);
        return 0;
    }
#ifdef HAVE_ICU
    if (strcmp(method, "icu") == 0) {
        icu(s, len, sp);
        return 0;
    }
#endif
    return -1;
}

int main(int argc, char **argv)
{
    size_t len, i;
    char *s;
    ar_spans sp = {0};
    ar_sent_opts o;
    if (argc < 3) goto usage;
    s = slurp(argv[2], &len);
    if (!s) {
        perror(argv[2]);
        return 1;
    }
    o.abbrevs = load_abbrevs();
    o.mode = AR_SENT_LINES;
    if (strcmp(argv[1], "spans") == 0 && argc >= 4) {
        if (argc >= 5) o.mode = strcmp(argv[4], "wrapped") == 0 ? AR_SENT_WRAPPED :
                                strcmp(argv[4], "auto") == 0 ? AR_SENT_AUTO : AR_SENT_LINES;
        if (run(argv[3], s, len, &o, &sp) != 0) {
            fprintf(stderr, "unknown or unavailable method %s\n", argv[3]);
            return 2;
        }
        for (i = 0; i < sp.n; i++) printf("%zu\t%zu\n", sp.v[i].start, sp.v[i].end);
        return 0;
    }
    if (strcmp(argv[1], "speed") == 0) {
        static const char *const methods[] = {"arabic", "naive", "icu"};
        int runs = argc > 3 ? atoi(argv[3]) : 3, k, m;
        double icu_rate = 0, rates[3] = {0};
        for (m = 0; m < 3; m++) {
            double best = 1e9;
#ifndef HAVE_ICU
            if (m == 2) continue;
#endif
            for (k = 0; k < runs; k++) {
                double t0 = now(), t;
                if (run(methods[m], s, len, &o, &sp) != 0) return 1;
                t = now() - t0;
                if (t < best) best = t;
            }
            rates[m] = (double)len / best / 1e6;
            if (m == 2) icu_rate = rates[m];
            printf("%-28s %7.0f MB/s  (%zu sentences)\n",
                   m == 0 ? "arabic (lines mode)" : m == 1 ? "naive [.!?؟]+space" : "ICU BreakIterator (ar)",
                   rates[m], sp.n);
        }
        if (icu_rate > 0) printf("%-28s %7.1fx\n", "arabic / ICU", rates[0] / icu_rate);
        else printf("(ICU not available: install libicu-dev for the baseline)\n");
        return 0;
    }
usage:
    fprintf(stderr, "usage: %s spans TEXT arabic|naive|icu [lines|wrapped|auto] | speed CORPUS [RUNS]\n", argv[0]);
    return 2;
}
