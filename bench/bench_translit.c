/*
 * bench_translit.c — transliteration throughput of every scheme.
 *
 * Usage: bench_translit FILE [RUNS [-- BASELINE COMMAND ...]]
 * Prints one line per contender: the median and best wall-clock MB/s (of
 * the input) and the median MB per CPU-second (steadier than wall time on
 * a machine shared with other jobs). With a baseline command (ICU's
 * `uconv -x Arabic-Latin FILE`), it runs that command RUNS times in this
 * same run (output to /dev/null), measured the same two ways from its
 * wall time and its user + system time, and prints each contender's ratio
 * to it (CPU time against CPU time).
 */
#define _DEFAULT_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
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

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double tv(struct timeval t) { return (double)t.tv_sec + (double)t.tv_usec * 1e-6; }

/* Run argv with stdout to /dev/null: its wall and CPU seconds, or -1. */
static int run_cmd(char **argv, double *wall, double *cpu)
{
    struct rusage ru;
    int status;
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) return -1;
    if (pid == 0) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) dup2(fd, 1);
        execvp(argv[0], argv);
        _exit(127);
    }
    if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
    *wall = now() - t0;
    *cpu = tv(ru.ru_utime) + tv(ru.ru_stime);
    return 0;
}

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
    char **base_cmd = argc > 4 && strcmp(argv[3], "--") == 0 ? argv + 4 : NULL;
    double base = 0, base_wall = 0, base_best = 0;
    ar_buf out = {0};
    ar_map *map = ar_map_new();

    if (argc < 2) {
        fprintf(stderr, "usage: %s FILE [RUNS [-- BASELINE COMMAND ...]]\n", argv[0]);
        return 2;
    }
    if (runs < 1) runs = 1;
    if (runs > MAXRUNS) runs = MAXRUNS;
    src = slurp(argv[1], &len);
    if (!src || !map) {
        perror(argv[1]);
        return 1;
    }
    if (base_cmd) {
        double w[MAXRUNS], c[MAXRUNS];
        int r;
        for (r = 0; r < runs; r++)
            if (run_cmd(base_cmd, &w[r], &c[r]) != 0) {
                fprintf(stderr, "%s failed; no baseline\n", base_cmd[0]);
                base_cmd = NULL;
                break;
            }
        if (base_cmd) {
            qsort(w, (size_t)runs, sizeof w[0], cmp);
            qsort(c, (size_t)runs, sizeof c[0], cmp);
            base_wall = (double)len / 1e6 / w[runs / 2];
            base_best = (double)len / 1e6 / w[0];
            base = (double)len / 1e6 / c[runs / 2];
        }
    }
    printf("%-22s %10s %10s %12s", "transliteration", "median", "best", "per CPU-s");
    if (base > 0) printf(" %10s", "vs ICU");
    printf("\n");
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        ar_error err;
        int r;
        double t[MAXRUNS], c[MAXRUNS], mb;
        ar_translit *tr = ar_translit_new(cases[i].scheme, cases[i].flags, &err);
        const char *in = src;
        size_t inlen = len;
        ar_translit_stats st;
        if (!tr) {
            fprintf(stderr, "%s: %s\n", cases[i].scheme, err.message);
            return 1;
        }
        if (cases[i].flags & AR_TL_REVERSE) { /* reverse what forward wrote */
            in = bw;
            inlen = bw_len;
        }
        for (r = 0; r < runs; r++) {
            double t0 = now(), c0 = cpu_now();
            if (ar_translit_run(tr, in, inlen, &out, cases[i].map ? map : NULL, &st) != AR_OK) abort();
            t[r] = now() - t0;
            c[r] = cpu_now() - c0;
        }
        if (i == 0) { /* keep Buckwalter's output for the reverse case */
            bw = malloc(out.len + 1);
            if (!bw) return 1;
            memcpy(bw, out.data, out.len);
            bw_len = out.len;
        }
        qsort(t, (size_t)runs, sizeof t[0], cmp);
        qsort(c, (size_t)runs, sizeof c[0], cmp);
        mb = (double)inlen / 1e6;
        printf("%-22s %5.0f MB/s %5.0f MB/s %7.0f MB/s", cases[i].label, mb / t[runs / 2], mb / t[0],
               mb / c[runs / 2]);
        if (base > 0) printf(" %9.1fx", mb / c[runs / 2] / base);
        if (cases[i].map) printf("   (map: %zu anchors, %.1f MB)", ar_map_anchors(map), ar_map_anchors(map) * 8 / 1e6);
        if (st.words) printf("   (%zu words, %.0f%% without vowels)", st.words, 100.0 * st.approximate / st.words);
        printf("\n");
        ar_translit_free(tr);
    }
    if (base > 0) {
        char name[23];
        snprintf(name, sizeof name, "%s (ICU)", base_cmd[0]);
        printf("%-22s %5.1f MB/s %5.1f MB/s %7.1f MB/s %9.1fx\n", name, base_wall, base_best, base, 1.0);
    }
    ar_map_free(map);
    ar_buf_free(&out);
    free(bw);
    free(src);
    return 0;
}
