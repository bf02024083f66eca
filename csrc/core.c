/*
 * core.c — versions, errors and the growable buffer.
 */
#include "internal.h"
#include "hash.h" /* ar__load64le */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <utf8proc.h>

const char *ar_strerror(int err)
{
    switch (err) {
    case AR_OK: return "no error";
    case AR_ENOMEM: return "out of memory";
    case AR_EARG: return "invalid argument";
    case AR_EOPTION: return "unknown option";
    case AR_EVALUE: return "invalid option value";
    case AR_EUTF8: return "invalid UTF-8";
    case AR_ETOOBIG: return "input too large";
    case AR_ESPACE: return "buffer too small";
    case AR_EIO: return "input/output error";
    case AR_EFORMAT: return "bad file format";
    case AR_ELIMIT: return "match limit exceeded (pattern backtracks too much)";
    default: return "unknown error";
    }
}

int ar__fail(ar_error *e, int code, size_t line, const char *fmt, ...)
{
    if (!e) return code;
    e->code = code;
    e->line = line;
    e->offset = 0;
    e->message[0] = '\0';
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->message, sizeof e->message, fmt, ap);
        va_end(ap);
    }
    if (!e->message[0]) snprintf(e->message, sizeof e->message, "%s", ar_strerror(code));
    return code;
}

const char *ar_version(void) { return AR_VERSION_STRING; }
const char *ar_utf8proc_version(void) { return utf8proc_version(); }
const char *ar_unicode_version(void) { return utf8proc_unicode_version(); }

void ar_buf_free(ar_buf *b)
{
    if (!b) return;
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

int ar__buf_reserve(ar_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;
    if (extra > SIZE_MAX - b->len - 1) return AR_ETOOBIG;
    need = b->len + extra + 1;
    if (need <= b->cap) return AR_OK;
    /* Grow by half again: amortised O(1) appends without doubling huge
     * buffers (a 200 MB text must not ask for 400 MB at once). */
    cap = b->cap ? b->cap : 64;
    while (cap < need) {
        size_t next = cap + cap / 2 + 64;
        cap = next > cap ? next : need;
    }
    p = realloc(b->data, cap);
    if (!p) return AR_ENOMEM;
    b->data = p;
    b->cap = cap;
    return AR_OK;
}

size_t ar_utf8_decode(const char *s, size_t len, int32_t *cp)
{
    if (!s || len == 0) {
        *cp = -1;
        return 0;
    }
    return ar__decode((const unsigned char *)s, len, cp);
}

/* The flags (bit 7 of a byte) of what is wrong in the eight bytes x
 * (read little-endian) if they are to hold only whole characters of one
 * and two bytes, after eight that ended with a lead byte when cin is
 * 0x80; 0 when nothing is. A lead byte (11xxxxxx) must be C2-DF (its low
 * seven bits + 3E reach bit 7, + 20 does not: not C0, C1 or E0 and above,
 * left to the decoder) and be followed by a continuation (10xxxxxx),
 * which must follow one. (NUL is found by memchr.) *cout: a lead in the
 * last byte. */
AR_INLINE uint64_t pairs_bad(uint64_t x, uint64_t cin, uint64_t *cout)
{
    const uint64_t M80 = 0x8080808080808080ULL;
    const uint64_t M3E = 0x3E3E3E3E3E3E3E3EULL, M20 = 0x2020202020202020ULL;
    uint64_t hi = x & M80, lo = x ^ hi;
    uint64_t lead = hi & (x << 1), cont = hi ^ lead;
    uint64_t bad = (cont ^ ((lead << 8) | cin)) | (lead & ((lo + M20) | ~(lo + M3E)));
    *cout = lead >> 56;
    return bad & M80;
}

/* The first invalid sequence of p[0, len) (which holds no NUL): its
 * offset, or len when there is none. Sixteen then eight bytes at a time
 * while they are whole one- and two-byte characters (ASCII and the Arabic
 * block: most of any text this library reads); the first block that is
 * not, and the tail, a character at a time. */
static size_t first_invalid(const unsigned char *p, size_t len)
{
    size_t i = 0;
    uint64_t cin = 0;
    while (i < len) {
        int32_t cp;
        size_t n, stop;
        while (i + 16 <= len) {
            uint64_t ca, cb;
            uint64_t bad = pairs_bad(ar__load64le(p + i), cin, &ca);
            bad |= pairs_bad(ar__load64le(p + i + 8), ca, &cb);
            if (bad) break;
            cin = cb;
            i += 16;
        }
        while (i + 8 <= len) {
            uint64_t cout;
            if (pairs_bad(ar__load64le(p + i), cin, &cout)) break;
            cin = cout;
            i += 8;
        }
        /* back to the character's start when a lead byte ended the last
         * block read, then a character at a time past the block that
         * failed (or to the end) */
        if (cin) i--;
        cin = 0;
        stop = i + 9 < len ? i + 9 : len;
        while (i < stop) {
            if (p[i] < 0x80) { /* ASCII */
                i++;
                continue;
            }
            /* a two-byte character (every Arabic letter): C2-DF, then 80-BF */
            if (p[i] - 0xC2u < 0x1Eu && i + 1 < len && (p[i + 1] & 0xC0) == 0x80) {
                i += 2;
                continue;
            }
            n = ar__decode(p + i, len - i, &cp);
            if (cp < 0) return i;
            i += n;
        }
    }
    return len;
}

/* The first NUL (memchr, far faster than any byte loop) bounds the UTF-8
 * check: a sequence cut short by it is invalid either way (NUL is no
 * continuation byte), and an invalid sequence before it comes first. */
int ar_text_check(const char *s, size_t len, size_t *at)
{
    const unsigned char *p = (const unsigned char *)s, *z;
    size_t n, bad;
    if (at) *at = 0;
    if (!s) return len ? AR_EARG : AR_OK;
    z = memchr(p, 0, len);
    n = z ? (size_t)(z - p) : len;
    if ((bad = first_invalid(p, n)) < n) {
        if (at) *at = bad;
        return AR_TEXT_INVALID;
    }
    if (z) {
        if (at) *at = n;
        return AR_TEXT_NUL;
    }
    return AR_OK;
}
