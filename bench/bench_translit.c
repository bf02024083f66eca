/*
 * bench_translit.c — transliteration throughput of every scheme.
 *
 * Usage: bench_translit FILE [RUNS [BASELINE_MBS BASELINE_NAME]]
 * Prints one line per contender: median and best MB/s (of the input), and
 * when a baseline measured in the same run is given (ICU's uconv on the
 * same file, timed by bench/run.sh), the ratio of the median to it.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

#define MAXRUNS 31

int main(int argc, char **argv)
{
    static const struct {
        const char *scheme;
        unsigned flags;
        int map;
        const char *label;
    } cases[] = {
        {"buckwalter", 0, 0, "buckwalter"},
        {"buckwalter", 0, 1, "buckwalter + map"},
        {"buckwalter", AR_TL_REVERSE, 0, "buckwalter reverse"},
        {"safe-buckwalter", 0, 0, "safe-buckwalter"},
        {"xml-buckwalter", 0, 0, "xml-buckwalter"},
        {"hsb", 0, 0, "hsb"},
        {"ala-lc", 0, 0, "ala-lc"},
        {"ala-lc", 0, 1, "ala-lc + map"},
        {"din", 0, 0, "din"},
        {"ijmes", 0, 0, "ijmes"},
    };
    size_t len, i, bw_len = 0;
    char *src, *bw = NULL;
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    double base = argc > 3 ? atof(argv[3]) : 0;
    const char *base_name = argc > 4 ? argv[4] : "baseline";
    ar_buf out = {0};
    ar_map *map = ar_map_new();

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE [RUNS [BASELINE_MBS BASELINE_NAME]]\n", argv[0]);
        return 2;
    }
    if (runs < 1) runs = 1;
    if (runs > MAXRUNS) runs = MAXRUNS;
    src = slurp(argv[1], &len);
    if (!src || !map) {
        perror(argv[1]);
        return 1;
    }
    printf("%-22s %10s %10s", "transliteration", "median", "best");
    if (base > 0) printf(" %12s", "vs ICU");
    printf("\n");
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char msg[200];
        int err, r;
        double t[MAXRUNS], mb;
        ar_translit *tr = ar_translit_new(cases[i].scheme, cases[i].flags, &err, msg, sizeof msg);
        const char *in = src;
        size_t inlen = len;
        ar_translit_stats st;
        if (!tr) {
            fprintf(stderr, "%s: %s\n", cases[i].scheme, msg);
            return 1;
        }
        if (cases[i].flags & AR_TL_REVERSE) { /* reverse what forward wrote */
            in = bw;
            inlen = bw_len;
        }
        for (r = 0; r < runs; r++) {
            double t0 = now();
            if (ar_translit_run(tr, in, inlen, &out, cases[i].map ? map : NULL, &st) != AR_OK) abort();
            t[r] = now() - t0;
        }
        if (i == 0) { /* keep Buckwalter's output for the reverse case */
            bw = malloc(out.len + 1);
            if (!bw) return 1;
            memcpy(bw, out.data, out.len);
            bw_len = out.len;
        }
        qsort(t, (size_t)runs, sizeof t[0], cmp);
        mb = (double)inlen / 1e6;
        printf("%-22s %5.0f MB/s %5.0f MB/s", cases[i].label, mb / t[runs / 2], mb / t[0]);
        if (base > 0) printf(" %11.1fx", mb / t[runs / 2] / base);
        if (cases[i].map) printf("   (map: %zu anchors, %.1f MB)", ar_map_anchors(map), ar_map_anchors(map) * 8 / 1e6);
        if (st.words) printf("   (%zu words, %.0f%% without vowels)", st.words, 100.0 * st.approximate / st.words);
        printf("\n");
        ar_translit_free(tr);
    }
    if (base > 0) printf("%-22s %5.0f MB/s %16s\n", base_name, base, "1.0x");
    ar_map_free(map);
    ar_buf_free(&out);
    free(bw);
    free(src);
    return 0;
}
