/*
 * core.c — versions, errors and the growable buffer.
 */
#include "internal.h"
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

int ar_text_check(const char *s, size_t len, size_t *at)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    if (at) *at = 0;
    if (!s) return len ? AR_EARG : AR_OK;
    while (i < len) {
        int32_t cp;
        size_t n;
        /* ASCII other than NUL, the bulk of any text's markup and spaces */
        if (p[i] - 1u < 0x7Fu) {
            i++;
            continue;
        }
        /* a two-byte character (every Arabic letter): C2-DF, then 80-BF */
        if (p[i] - 0xC2u < 0x1Eu && i + 1 < len && (p[i + 1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        }
        if (p[i] == 0) {
            if (at) *at = i;
            return AR_TEXT_NUL;
        }
        n = ar__decode(p + i, len - i, &cp);
        if (cp < 0) {
            if (at) *at = i;
            return AR_TEXT_INVALID;
        }
        i += n;
    }
    return AR_OK;
}
