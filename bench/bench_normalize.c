/*
 * bench_normalize.c — normalization throughput against same-run baselines.
 *
 * Usage: bench_normalize CORPUS [RUNS]
 * Prints one line per contender: name, median MB/s, best MB/s, and the ratio
 * of its median to utf8proc_NFKC's median measured in this same run. Then
 * the two passes every line and text of `arabic annotate` gets before its
 * dates are looked for, against memchr over the same bytes: the UTF-8/NUL
 * check of the raw text (ar_text_check) and the trigger scan of the text
 * normalized as the dates normalize it (ar_triggers_scan, with a set of
 * month and weekday names, units, modifiers, ال before a digit, digits and
 * the proclitics, like the one lua/arabic/dates.lua builds).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>
#include "arabic.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
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
    *len = (size_t)n;
    return buf;
}

typedef struct {
    const char *name;
    double med, best;
} result;

#define MAXRUNS 31

static volatile size_t sink;

static result measure(const char *name, int runs, size_t len, void (*fn)(void *), void *ctx)
{
    double t[MAXRUNS];
    int i;
    result r;
    for (i = 0; i < runs; i++) {
        double t0 = now();
        fn(ctx);
        t[i] = now() - t0;
    }
    qsort(t, (size_t)runs, sizeof t[0], cmp);
    r.name = name;
    r.med = (double)len / t[runs / 2] / 1e6;
    r.best = (double)len / t[0] / 1e6;
    return r;
}

typedef struct {
    const char *src;
    size_t len;
    ar_normalizer *n;
    ar_buf out;
    ar_map *map;
    char *dst;
} ctx_t;

static void run_norm(void *p)
{
    ctx_t *c = p;
    if (ar_normalize(c->n, c->src, c->len, &c->out, c->map, NULL) != AR_OK) abort();
    sink += c->out.len;
}

static void run_memcpy(void *p)
{
    ctx_t *c = p;
    memcpy(c->dst, c->src, c->len);
    sink += (size_t)c->dst[c->len / 2];
}

typedef struct {
    const char *s;
    size_t len;
    ar_triggers *t;
    ar_trigger_hits hits;
} scan_t;

static void run_memchr(void *p)
{
    scan_t *c = p;
    sink += memchr(c->s, 1, c->len) != NULL; /* (no byte 01: the whole text) */
}

static void run_check(void *p)
{
    scan_t *c = p;
    size_t at;
    if (ar_text_check(c->s, c->len, &at) != AR_OK) abort();
    sink += at;
}

static void run_scan(void *p)
{
    scan_t *c = p;
    if (ar_triggers_scan(c->t, c->s, c->len, &c->hits) != AR_OK) abort();
    sink += c->hits.n;
}

/* A set like the dates' (its words normalized by n as the text is). */
static ar_triggers *date_triggers(ar_normalizer *n)
{
    static const char *const words[] = {
        "يناير", "فبراير", "مارس", "أبريل", "ابريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
        "نوفمبر", "ديسمبر", "كانون", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين",
        "محرم", "صفر", "ربيع", "جمادى", "رجب", "شعبان", "رمضان", "شوال", "ذو", "الأحد", "الاثنين", "الثلاثاء",
        "الأربعاء", "الخميس", "الجمعة", "السبت", "يوم", "اليوم", "أمس", "غدا", "عام", "العام", "سنة", "السنة",
        "شهر", "الشهر", "أسبوع", "الأسبوع", "الماضي", "الماضية", "المقبل", "المقبلة", "القادم", "الحالي",
        "الجاري", "منتصف", "أوائل", "أواخر", "مطلع", "نهاية", "بداية", "الأول", "الثاني", "الثالث", "العاشر"};
    static const char *const clitics[] = {"و", "ف", "ب", "ل", "وب", "ول", "فب", "فل"};
    ar_triggers *t = ar_triggers_new(NULL);
    ar_buf w = {0};
    size_t i;
    if (!t) return NULL;
    for (i = 0; i < sizeof clitics / sizeof *clitics; i++) ar_triggers_clitic(t, clitics[i], strlen(clitics[i]));
    for (i = 0; i < sizeof words / sizeof *words; i++) {
        if (ar_normalize(n, words[i], strlen(words[i]), &w, NULL, NULL) != AR_OK) abort();
        ar_triggers_add(t, w.data, w.len, 1u << (i % 8), i % 3 ? 0 : AR_TRIG_WORD_END);
    }
    ar_triggers_add(t, "ال", strlen("ال"), 256, AR_TRIG_DIGIT_AFTER);
    ar_triggers_digits(t, 512);
    ar_triggers_digit_run(t, 1024, 1, 2, "-|/", 3, 1);
    ar_buf_free(&w);
    return t;
}

static void run_nfkc(void *p)
{
    ctx_t *c = p;
    unsigned char *r = utf8proc_NFKC((const unsigned char *)c->src);
    if (!r) abort();
    sink += r[0];
    free(r);
}

int main(int argc, char **argv)
{
    size_t len;
    char *src;
    int runs = argc > 2 ? atoi(argv[2]) : 7;
    result res[8];
    int nres = 0, i;
    ctx_t c;
    ar_norm_options o;
    static const char *presets[] = {"display", "search"};
    double nfkc;

    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS [RUNS]\n", argv[0]);
        return 2;
    }
    if (runs < 1) runs = 1;
    if (runs > MAXRUNS) runs = MAXRUNS;
    src = slurp(argv[1], &len);
    if (!src) {
        perror(argv[1]);
        return 1;
    }
    src[len] = '\0';
    memset(&c, 0, sizeof c);
    c.src = src;
    c.len = len;
    c.dst = malloc(len);
    c.map = ar_map_new();
    if (!c.dst || !c.map) return 1;

    res[nres++] = measure("memcpy", runs, len, run_memcpy, &c);
    res[nres++] = measure("utf8proc_NFKC", runs, len, run_nfkc, &c);
    nfkc = res[nres - 1].med;
    for (i = 0; i < 2; i++) {
        static char names[4][40];
        ar_norm_options_preset(&o, presets[i]);
        c.n = ar_normalizer_new(&o, NULL);
        if (!c.n) return 1;
        c.map = NULL;
        snprintf(names[2 * i], sizeof names[0], "arabic %s", presets[i]);
        res[nres++] = measure(names[2 * i], runs, len, run_norm, &c);
        c.map = ar_map_new();
        snprintf(names[2 * i + 1], sizeof names[0], "arabic %s + map", presets[i]);
        res[nres++] = measure(names[2 * i + 1], runs, len, run_norm, &c);
        fprintf(stderr, "  (%s map: %zu anchors for %zu bytes)\n", presets[i],
                ar_map_anchors(c.map), len);
        ar_map_free(c.map);
        ar_normalizer_free(c.n);
    }
    printf("%-26s %10s %10s %10s\n", "normalization", "median", "best", "vs NFKC");
    for (i = 0; i < nres; i++)
        printf("%-26s %7.0f MB/s %5.0f MB/s %8.1fx\n", res[i].name, res[i].med, res[i].best,
               res[i].med / nfkc);

    /* the check of the raw text and the dates' trigger scan of the
     * normalized text, each beside memchr over its bytes */
    {
        scan_t sc;
        result r[4];
        memset(&sc, 0, sizeof sc);
        sc.s = src;
        sc.len = len;
        r[0] = measure("memchr (text)", runs, len, run_memchr, &sc);
        r[1] = measure("text check (UTF-8, NUL)", runs, len, run_check, &sc);
        ar_norm_options_preset(&o, "search");
        if (ar_norm_options_set(&o, "teh_marbuta", "heh") != AR_OK || !(c.n = ar_normalizer_new(&o, NULL))) return 1;
        if (ar_normalize(c.n, src, len, &c.out, NULL, NULL) != AR_OK || !(sc.t = date_triggers(c.n))) return 1;
        sc.s = c.out.data;
        sc.len = c.out.len;
        r[2] = measure("memchr (normalized)", runs, sc.len, run_memchr, &sc);
        r[3] = measure("dates' trigger scan", runs, sc.len, run_scan, &sc);
        printf("\n%-26s %10s %10s %10s\n", "check and scan", "median", "best", "vs memchr");
        for (i = 0; i < 4; i++)
            printf("%-26s %7.0f MB/s %5.0f MB/s %8.2fx\n", r[i].name, r[i].med, r[i].best,
                   r[i].med / r[i < 2 ? 0 : 2].med);
        fprintf(stderr, "  (trigger scan: %zu hits in %zu bytes)\n", sc.hits.n, sc.len);
        ar_trigger_hits_free(&sc.hits);
        ar_triggers_free(sc.t);
        ar_normalizer_free(c.n);
    }
    ar_buf_free(&c.out);
    free(c.dst);
    free(src);
    return 0;
}
