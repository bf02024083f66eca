/*
 * fuzz_common.h — helpers shared by the libFuzzer targets in csrc/fuzz/.
 *
 * An oracle failure prints what was expected and aborts, so libFuzzer
 * records the input as a crash like any sanitizer report.
 */
#ifndef ARABIC_FUZZ_COMMON_H
#define ARABIC_FUZZ_COMMON_H

#include "arabic.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_CHECK(cond, ...)                                                    \
    do {                                                                         \
        if (!(cond)) {                                                           \
            fprintf(stderr, "%s:%d: oracle failed: %s\n  ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                        \
            fputc('\n', stderr);                                                 \
            abort();                                                             \
        }                                                                        \
    } while (0)

/* 1 if s[0..len) is valid UTF-8 by the library's own decoder. */
static inline int fuzz_valid_utf8(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        int32_t c;
        i += ar_utf8_decode(s + i, len - i, &c);
        if (c < 0) return 0;
    }
    return 1;
}

/* The separators the tokenizer and the sentence splitter skip. */
static inline int fuzz_is_gap_class(int k)
{
    return k == AR_C_SPACE || k == AR_C_NEWLINE || k == AR_C_FORMAT || k == AR_C_JOINER;
}

/* The scratch file of a target that goes through files: one per process
 * ($TMPDIR or /tmp, the target's name and the pid), removed at exit. */
static inline char *fuzz_path_buf(void)
{
    static char path[256];
    return path;
}
static inline void fuzz_path_remove(void) { unlink(fuzz_path_buf()); }
static inline const char *fuzz_scratch_path(const char *target)
{
    const char *dir = getenv("TMPDIR");
    snprintf(fuzz_path_buf(), 256, "%s/%s.%ld", dir && *dir ? dir : "/tmp", target, (long)getpid());
    atexit(fuzz_path_remove);
    return fuzz_path_buf();
}

/* A small deterministic stream of choices taken from the input's head. */
typedef struct {
    const uint8_t *p;
    size_t n;
} fuzz_bytes;

static inline unsigned fuzz_take(fuzz_bytes *b)
{
    unsigned v;
    if (b->n == 0) return 0;
    v = b->p[0];
    b->p++;
    b->n--;
    return v;
}

#endif
