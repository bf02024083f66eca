/*
 * jsonrec.c — a few fields of one JSON Lines record, read in one pass.
 *
 * `arabic annotate --jsonl` reads three fields of each record (the text,
 * its id and its date) and copies the record as it was read. Decoding the
 * whole record into a Lua table with a general JSON library cost more
 * than finding its dates' candidates: this reads the record once, checks
 * that it is valid JSON, and notes where those fields' values are. It is
 * stricter than it needs to be on purpose: whatever it does not read
 * plainly (another kind of value in a wanted field, a control character
 * in a string, half a surrogate pair, deep nesting, any invalid JSON) it
 * leaves to the full decoder, so the records it reads give exactly what
 * the decoder gives, and every error is the decoder's.
 */
#include "jsonrec.h"

#include <stdint.h>
#include <string.h>

#define MAX_DEPTH 256

#define ONES 0x0101010101010101u
#define HIGHS 0x8080808080808080u

/* Any byte of x below 0x20, or a quote or a backslash? (Eight bytes at
 * once: the text of a record is the bulk of its bytes. A byte's test may
 * also fire after a byte that fired itself, which only sends the caller
 * to look byte by byte.) */
static int special8(uint64_t x)
{
    uint64_t q = x ^ (ONES * '"'), b = x ^ (ONES * '\\');
    uint64_t ctl = (x - ONES * 0x20) & ~x;
    uint64_t zq = (q - ONES) & ~q, zb = (b - ONES) & ~b;
    return ((ctl | zq | zb) & HIGHS) != 0;
}

size_t ar__json_plain_prefix(const char *s, size_t len)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (special8(x)) break;
    }
    return i;
}

int ar__json_plain(const char *s, size_t len)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t x, d;
        memcpy(&x, s + i, 8);
        d = x ^ (ONES * 0x7F);
        if (special8(x) || (((d - ONES) & ~d) & HIGHS)) break; /* then byte by byte */
    }
    for (; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F || c == '"' || c == '\\') return 0;
    }
    return 1;
}

typedef struct {
    const unsigned char *s;
    size_t len, i;
} jp;

static void skip_ws(jp *p)
{
    while (p->i < p->len) {
        unsigned char c = p->s[p->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
        p->i++;
    }
}

static int hex4(const unsigned char *s, unsigned *v)
{
    unsigned x = 0;
    int k;
    for (k = 0; k < 4; k++) {
        unsigned c = s[k], d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return 0;
        x = x << 4 | d;
    }
    *v = x;
    return 1;
}

/* A \u escape at s[i] (the backslash) that is a whole character: a code
 * point outside the surrogates, or a high surrogate and then a low one.
 * Returns the escape's length (6 or 12), 0 when it is not such. */
static size_t u_escape(const unsigned char *s, size_t len, size_t i, unsigned *cp)
{
    unsigned hi, lo;
    if (len - i < 6 || !hex4(s + i + 2, &hi)) return 0;
    if (hi < 0xD800 || hi > 0xDFFF) {
        *cp = hi;
        return 6;
    }
    if (hi > 0xDBFF || len - i < 12 || s[i + 6] != '\\' || s[i + 7] != 'u' || !hex4(s + i + 8, &lo) || lo < 0xDC00 ||
        lo > 0xDFFF)
        return 0;
    *cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
    return 12;
}

/* The string whose opening quote is at p->i: on success p->i is past its
 * closing quote, *start and *n give its contents, *esc whether it has an
 * escape. */
static int string_at(jp *p, size_t *start, size_t *n, int *esc)
{
    const unsigned char *s = p->s;
    size_t i = p->i + 1, len = p->len;
    *esc = 0;
    *start = i;
    for (;;) {
        unsigned char c;
        /* the bulk of a text: bytes that are neither a quote, a backslash
         * nor a control character */
        i += ar__json_plain_prefix((const char *)s + i, len - i);
        while (i < len && s[i] >= 0x20 && s[i] != '"' && s[i] != '\\') i++;
        if (i >= len) return 0;
        c = s[i];
        if (c == '"') break;
        if (c < 0x20) return 0;
        /* a backslash */
        if (i + 1 >= len) return 0;
        *esc = 1;
        switch (s[i + 1]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            i += 2;
            break;
        case 'u': {
            unsigned cp;
            size_t k = u_escape(s, len, i, &cp);
            if (!k) return 0;
            i += k;
            break;
        }
        default:
            return 0;
        }
    }
    *n = i - *start;
    p->i = i + 1;
    return 1;
}

/* A number (RFC 8259's grammar) at p->i; *integer: no fraction and no
 * exponent, at most 15 digits (exact as a double). */
static int number_at(jp *p, int *integer)
{
    const unsigned char *s = p->s;
    size_t i = p->i, len = p->len, d0;
    *integer = 1;
    if (i < len && s[i] == '-') i++;
    d0 = i;
    if (i >= len) return 0;
    if (s[i] == '0') i++;
    else if (s[i] >= '1' && s[i] <= '9')
        while (i < len && s[i] >= '0' && s[i] <= '9') i++;
    else
        return 0;
    if (i - d0 > 15) *integer = 0;
    if (i < len && s[i] == '.') {
        size_t f = ++i;
        while (i < len && s[i] >= '0' && s[i] <= '9') i++;
        if (i == f) return 0;
        *integer = 0;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t e;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) i++;
        e = i;
        while (i < len && s[i] >= '0' && s[i] <= '9') i++;
        if (i == e) return 0;
        *integer = 0;
    }
    p->i = i;
    return 1;
}

static int literal_at(jp *p, const char *word)
{
    size_t n = strlen(word);
    if (p->len - p->i < n || memcmp(p->s + p->i, word, n) != 0) return 0;
    p->i += n;
    return 1;
}

/* After a member or an element: white space, then a comma (1: another
 * comes) or close (0: the end); -1 for anything else. */
static int next_item(jp *p, unsigned char close)
{
    skip_ws(p);
    if (p->i >= p->len) return -1;
    if (p->s[p->i] == close) {
        p->i++;
        return 0;
    }
    return p->s[p->i++] == ',' ? 1 : -1;
}

/* Past the opening bracket at p->i: is the container empty (its close
 * read too)? */
static int opened_empty(jp *p, unsigned char close)
{
    p->i++;
    skip_ws(p);
    if (p->i < p->len && p->s[p->i] == close) {
        p->i++;
        return 1;
    }
    return 0;
}

static int skip_value(jp *p, int depth);
static int field_value(jp *p, ar_jfield *f);

/* The object at p->i, its members' values checked and passed over, or
 * (with keys: the record itself) the values of keys read into out. */
static int object_at(jp *p, int depth, const char *const *keys, size_t nkeys, ar_jfield *out)
{
    int r;
    if (depth >= MAX_DEPTH) return 0;
    if (opened_empty(p, '}')) return 1;
    do {
        size_t ka, kn, k;
        int esc;
        ar_jfield *want = NULL;
        skip_ws(p);
        if (p->i >= p->len || p->s[p->i] != '"' || !string_at(p, &ka, &kn, &esc)) return 0;
        /* (a key with an escape may name a wanted field: the decoder's) */
        if (keys && esc) return 0;
        for (k = 0; keys && k < nkeys; k++)
            if (keys[k] && strlen(keys[k]) == kn && memcmp(p->s + ka, keys[k], kn) == 0) want = &out[k];
        skip_ws(p);
        if (p->i >= p->len || p->s[p->i++] != ':') return 0;
        skip_ws(p);
        if (want ? !field_value(p, want) : !skip_value(p, depth + 1)) return 0;
    } while ((r = next_item(p, '}')) == 1);
    return r == 0;
}

/* Any value at p->i (after white space), checked and passed over. */
static int skip_value(jp *p, int depth)
{
    size_t a, n;
    int esc, integer, r;
    if (p->i >= p->len) return 0;
    switch (p->s[p->i]) {
    case '"':
        return string_at(p, &a, &n, &esc);
    case 't':
        return literal_at(p, "true");
    case 'f':
        return literal_at(p, "false");
    case 'n':
        return literal_at(p, "null");
    case '[':
        if (depth >= MAX_DEPTH) return 0;
        if (opened_empty(p, ']')) return 1;
        do {
            skip_ws(p);
            if (!skip_value(p, depth + 1)) return 0;
        } while ((r = next_item(p, ']')) == 1);
        return r == 0;
    case '{':
        return object_at(p, depth, NULL, 0, NULL);
    default:
        return number_at(p, &integer);
    }
}

/* The value of a wanted field at p->i into f. */
static int field_value(jp *p, ar_jfield *f)
{
    size_t a = p->i;
    int integer;
    if (a >= p->len) return 0;
    if (p->s[a] == '"') {
        f->type = AR_JF_STRING;
        return string_at(p, &f->start, &f->len, &f->escapes);
    }
    if (p->s[a] == 'n') {
        f->type = AR_JF_NULL;
        return literal_at(p, "null");
    }
    if (p->s[a] == '-' || (p->s[a] >= '0' && p->s[a] <= '9')) {
        if (!number_at(p, &integer) || !integer) return 0;
        f->type = AR_JF_INTEGER;
        f->start = a;
        f->len = p->i - a;
        f->escapes = 0;
        return 1;
    }
    return 0; /* true, false, an array or an object: the full decoder's */
}

int ar__json_fields(const char *s, size_t len, const char *const *keys, size_t nkeys, ar_jfield *out)
{
    jp p;
    size_t k;
    if (!s) return 0;
    p.s = (const unsigned char *)s;
    p.len = len;
    p.i = 0;
    for (k = 0; k < nkeys; k++) memset(&out[k], 0, sizeof out[k]);
    skip_ws(&p);
    if (p.i >= len || p.s[p.i] != '{' || !object_at(&p, 0, keys, nkeys, out)) return 0;
    skip_ws(&p);
    return p.i == len;
}

/* cp as UTF-8 at d; returns the bytes written. */
static size_t put_utf8(char *d, unsigned cp)
{
    if (cp < 0x80) {
        d[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        d[0] = (char)(0xC0 | cp >> 6);
        d[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        d[0] = (char)(0xE0 | cp >> 12);
        d[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        d[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    d[0] = (char)(0xF0 | cp >> 18);
    d[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    d[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    d[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t ar__json_unescape(const char *s, const ar_jfield *f, char *dst)
{
    const unsigned char *p = (const unsigned char *)s + f->start;
    size_t i = 0, n = f->len, o = 0;
    while (i < n) {
        const unsigned char *bs = memchr(p + i, '\\', n - i);
        size_t run = bs ? (size_t)(bs - (p + i)) : n - i;
        unsigned cp;
        memcpy(dst + o, p + i, run);
        o += run;
        i += run;
        if (i >= n) break;
        /* an escape string_at checked */
        switch (p[i + 1]) {
        case 'b': dst[o++] = '\b'; i += 2; break;
        case 'f': dst[o++] = '\f'; i += 2; break;
        case 'n': dst[o++] = '\n'; i += 2; break;
        case 'r': dst[o++] = '\r'; i += 2; break;
        case 't': dst[o++] = '\t'; i += 2; break;
        case 'u': {
            size_t k = u_escape(p, n, i, &cp);
            if (!k) return o; /* (never: string_at checked it) */
            i += k;
            o += put_utf8(dst + o, cp);
            break;
        }
        default: /* " \ / */
            dst[o++] = (char)p[i + 1];
            i += 2;
        }
    }
    return o;
}
