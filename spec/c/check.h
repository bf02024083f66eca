/*
 * check.h — the C tests' one assertion: CHECK(cond, fmt, ...) counts a
 * pass or a failure (printing where and why); each test ends by printing
 * "N passed, N failed" as its last line (spec/run-all.sh reads it).
 * Counters are plain ints: CHECK from the main thread only.
 */
#ifndef AR_TEST_CHECK_H
#define AR_TEST_CHECK_H

#include <stdio.h>

static int passed, failed;

#define CHECK(cond, ...)                                                  \
    do {                                                                  \
        if (cond) passed++;                                               \
        else {                                                            \
            failed++;                                                     \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                 \
            fputc('\n', stderr);                                          \
        }                                                                 \
    } while (0)

#endif
