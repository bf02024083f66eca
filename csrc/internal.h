/*
 * internal.h — helpers shared by the core's .c files. Not installed.
 */
#ifndef ARABIC_INTERNAL_H
#define ARABIC_INTERNAL_H

#include "arabic.h"
#include <stdlib.h>
#include <string.h>

#if defined(__GNUC__)
#define AR_LIKELY(x) __builtin_expect(!!(x), 1)
#define AR_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define AR_INLINE static inline __attribute__((always_inline))
#else
#define AR_LIKELY(x) (x)
#define AR_UNLIKELY(x) (x)
#define AR_INLINE static inline
#endif

/* Decode one UTF-8 sequence following the Unicode "maximal subpart" rule:
 * an invalid sequence consumes the longest prefix that could still have
 * been valid (at least one byte), so each bad sequence becomes one U+FFFD.
 * Overlongs, surrogates and values above U+10FFFF are invalid. */
AR_INLINE size_t ar__decode(const unsigned char *s, size_t len, int32_t *cp)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    if (c < 0xC2 || c > 0xF4) {
        *cp = -1;
        return 1;
    }
    if (c < 0xE0) {
        if (len >= 2 && (s[1] & 0xC0) == 0x80) {
            *cp = (int32_t)(((c & 0x1Fu) << 6) | (s[1] & 0x3Fu));
            return 2;
        }
        *cp = -1;
        return 1;
    }
    if (c < 0xF0) {
        unsigned lo = 0x80, hi = 0xBF;
        if (c == 0xE0) lo = 0xA0;        /* overlong */
        else if (c == 0xED) hi = 0x9F;   /* surrogates */
        if (len < 2 || s[1] < lo || s[1] > hi) { *cp = -1; return 1; }
        if (len < 3 || (s[2] & 0xC0) != 0x80) { *cp = -1; return 2; }
        *cp = (int32_t)(((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu));
        return 3;
    }
    {
        unsigned lo = 0x80, hi = 0xBF;
        if (c == 0xF0) lo = 0x90;        /* overlong */
        else if (c == 0xF4) hi = 0x8F;   /* > U+10FFFF */
        if (len < 2 || s[1] < lo || s[1] > hi) { *cp = -1; return 1; }
        if (len < 3 || (s[2] & 0xC0) != 0x80) { *cp = -1; return 2; }
        if (len < 4 || (s[3] & 0xC0) != 0x80) { *cp = -1; return 3; }
        *cp = (int32_t)(((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) |
                        ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3Fu));
        return 4;
    }
}

/* Encode a valid code point; returns the length (1-4). */
AR_INLINE size_t ar__encode(int32_t cp, unsigned char *d)
{
    uint32_t c = (uint32_t)cp;
    if (c < 0x80) { d[0] = (unsigned char)c; return 1; }
    if (c < 0x800) {
        d[0] = (unsigned char)(0xC0 | (c >> 6));
        d[1] = (unsigned char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        d[0] = (unsigned char)(0xE0 | (c >> 12));
        d[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
        d[2] = (unsigned char)(0x80 | (c & 0x3F));
        return 3;
    }
    d[0] = (unsigned char)(0xF0 | (c >> 18));
    d[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
    d[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
    d[3] = (unsigned char)(0x80 | (c & 0x3F));
    return 4;
}

/* Start of the UTF-8 character that ends at s[end-1] (end > 0). */
AR_INLINE size_t ar__prev_start(const unsigned char *s, size_t end)
{
    size_t i = end - 1;
    while (i > 0 && (s[i] & 0xC0) == 0x80 && end - i < 4) i--;
    return i;
}

#if defined(__GNUC__)
#define AR_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define AR_PRINTF(f, a)
#endif

/* Fill *e (when not NULL) for a failure with `code` at `line` (0: none):
 * the message from fmt, or ar_strerror(code) when fmt is NULL or gives
 * nothing. Returns code, so a function can `return ar__fail(...)`. */
int ar__fail(ar_error *e, int code, size_t line, const char *fmt, ...) AR_PRINTF(4, 5);

/* Make room for `extra` more bytes (keeping one for a NUL). */
int ar__buf_reserve(ar_buf *b, size_t extra);

/* Normalization options in the form gazetteer files store them (options.c
 * owns it): the boolean options as their AR_N_* bits, the others one byte
 * each in a fixed slot of vals[8]. unpack accepts any bytes; the normalizer
 * checks the values. */
void ar__norm_options_pack(const ar_norm_options *o, uint32_t *flags, uint8_t vals[8]);
void ar__norm_options_unpack(ar_norm_options *o, uint32_t flags, const uint8_t vals[8]);
/* 1 when two option sets normalize alike (every field of ar_norm_options:
 * a field added there is compared here too). */
AR_INLINE int ar__norm_options_same(const ar_norm_options *a, const ar_norm_options *b)
{
    return a->flags == b->flags && a->alef == b->alef && a->teh_marbuta == b->teh_marbuta &&
           a->dagger_alef == b->dagger_alef && a->digits == b->digits && a->unicode == b->unicode &&
           a->elongation == b->elongation;
}
/* 1 if every value is one the options table allows. */
int ar__norm_options_valid(const ar_norm_options *o);

/* Digit value of cp in any of the three digit sets, else -1. */
AR_INLINE int ar__digit(int32_t cp)
{
    if (cp >= '0' && cp <= '9') return cp - '0';
    if (cp >= 0x0660 && cp <= 0x0669) return cp - 0x0660;
    if (cp >= 0x06F0 && cp <= 0x06F9) return cp - 0x06F0;
    return -1;
}

/* ar_map_source for a caller that looks up offsets in text order: *hint
 * (0 at first) is kept between calls and makes a lookup near the last one
 * a few probes. The same offsets as ar_map_source. */
int ar__map_source_near(const ar_map *m, size_t o0, size_t o1, size_t *s0, size_t *s1, size_t *hint);

#endif
