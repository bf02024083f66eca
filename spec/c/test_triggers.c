/*
 * test_triggers.c — the trigger scan (csrc/triggers.c) against a plain
 * model of what it promises: at every character whose predecessor is not
 * certainly a letter, digit or mark, the classes of every entry (alone or
 * after a clitic) the text goes on with there, under the entry's
 * condition (white space and a digit after it; no letter after it; the
 * digit-run rules). The model tries every entry at every such place; the
 * scan walks a trie, skips words four letters at a time and reads a first
 * and second letter from tables, so random sets and texts built from
 * Arabic letters, marks, digits, punctuation, spaces, three- and four-byte
 * characters and broken sequences must give the same hits.
 * Prints "N passed, N failed".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include "arabic.h"

#include "check.h"

#define MAXENT 64
#define MAXCL 4
#define MAXRULE 3

typedef struct {
    char s[32];
    size_t len;
    uint32_t classes;
    unsigned flags;
} entry;

typedef struct {
    uint32_t classes;
    size_t minrun, maxrun;
    const char *follow;
    int space;
} rule;

typedef struct {
    entry ent[MAXENT];
    size_t nent;
    char cl[MAXCL][16];
    size_t cllen[MAXCL], ncl;
    rule rules[MAXRULE];
    size_t nrule;
} model;

static int32_t decode(const unsigned char *s, size_t len, size_t i, size_t *n)
{
    int32_t c;
    *n = ar_utf8_decode((const char *)s + i, len - i, &c);
    return c;
}

/* Certainly a letter, digit or mark (the scan's promise: ASCII letters
 * and digits, U+0620-0669 and U+066E-06D3). */
static int sure_word(int32_t c)
{
    if (c < 0) return 0;
    if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    return (c >= 0x0620 && c <= 0x0669) || (c >= 0x066E && c <= 0x06D3);
}

/* What PCRE2's \s could be (the scan lets more through, never less). */
static int space(int32_t c)
{
    if (c < 0) return 0;
    if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);
    if (c == 0x85 || c == 0x180E || c == 0x200B || c == 0xFEFF) return 1;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP: return 1;
    default: return 0;
    }
}

static size_t skip_spaces(const unsigned char *s, size_t len, size_t i)
{
    while (i < len) {
        size_t n;
        if (!space(decode(s, len, i, &n))) break;
        i += n;
    }
    return i;
}

static int digit_after(const unsigned char *s, size_t len, size_t i)
{
    i = skip_spaces(s, len, i);
    return i < len && s[i] >= '0' && s[i] <= '9';
}

/* A letter, mark or digit other than 0-9 next: ASCII letters and the
 * Arabic block's sure ones (two bytes each). */
static int word_goes_on(const unsigned char *s, size_t len, size_t i)
{
    size_t n;
    int32_t c;
    if (i >= len) return 0;
    c = decode(s, len, i, &n);
    if (c >= 0 && c < 0x80) return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    return n == 2 && sure_word(c);
}

static int follows(const char *alts, const unsigned char *s, size_t len, size_t i)
{
    const char *a = alts;
    if (!alts) return 1;
    for (;;) {
        const char *bar = strchr(a, '|');
        size_t n = bar ? (size_t)(bar - a) : strlen(a);
        if (n && n <= len - i && memcmp(s + i, a, n) == 0) return 1;
        if (!bar) return 0;
        a = bar + 1;
    }
}

/* The classes of the digit-run rules for the digit at s[i]. */
static uint32_t runs(const model *m, const unsigned char *s, size_t len, size_t i)
{
    size_t n = 0, k;
    uint32_t acc = 0;
    while (i + n < len && s[i + n] >= '0' && s[i + n] <= '9') n++;
    if (!n) return 0;
    for (k = 0; k < m->nrule; k++) {
        const rule *r = &m->rules[k];
        size_t j = i + n;
        if (n < r->minrun || n > r->maxrun) continue;
        if (r->space) j = skip_spaces(s, len, j);
        if (follows(r->follow, s, len, j)) acc |= r->classes;
    }
    return acc;
}

/* The classes of everything the text goes on with at s[i]. */
static uint32_t classes_at(const model *m, const unsigned char *s, size_t len, size_t i)
{
    uint32_t acc = 0;
    size_t c, k;
    for (c = 0; c <= m->ncl; c++) { /* c == ncl: no clitic */
        size_t cl = c < m->ncl ? m->cllen[c] : 0, p = i + cl;
        if (cl > len - i || (cl && memcmp(s + i, m->cl[c], cl) != 0)) continue;
        for (k = 0; k < m->nent; k++) {
            const entry *e = &m->ent[k];
            size_t q = p + e->len;
            if (e->len > len - p || memcmp(s + p, e->s, e->len) != 0) continue;
            if (e->flags & AR_TRIG_DIGIT_AFTER) {
                if (digit_after(s, len, q)) acc |= e->classes;
            } else if (e->flags & AR_TRIG_WORD_END) {
                if (!word_goes_on(s, len, q)) acc |= e->classes;
            } else {
                acc |= e->classes;
            }
        }
        if (m->nrule) acc |= runs(m, s, len, p);
    }
    return acc;
}

/* The model's hits of s, as the scan reports them. */
static size_t model_scan(const model *m, const unsigned char *s, size_t len, ar_trigger_hit *out)
{
    size_t i = 0, n = 0, l;
    int after = 0;
    while (i < len) {
        int32_t c;
        if (!after) {
            uint32_t acc = classes_at(m, s, len, i);
            if (acc) {
                out[n].pos = i;
                out[n++].classes = acc;
            }
        }
        c = decode(s, len, i, &l);
        after = sure_word(c);
        i += l;
    }
    return n;
}

static uint32_t rnd_state = 2024;
static size_t rnd(size_t n)
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (size_t)(rnd_state >> 8) % n;
}

/* Arabic letters, marks and digits (sure word characters), punctuation of
 * the Arabic block and others, spaces, ASCII, characters of three and
 * four bytes, lone and cut-short bytes, NUL. */
static const char *const piece[] = {
    "\xd8\xa7", "\xd9\x84", "\xd9\x88", "\xd9\x81", "\xd8\xa8", "\xd9\x85", "\xd9\x86", "\xd9\x8a", "\xd9\x87",
    "\xd8\xb1", "\xd8\xb4", "\xd8\xaa", "\xd8\xb9", "\xd8\xa1", "\xd9\x89", "\xd8\xa9", "\xd8\xa3", "\xd8\xa5",
    "\xd9\x8b", "\xd9\x91", "\xd9\x80", "\xd9\xa3", "\xdb\xb0", "\xdb\x93", "\xdb\x94", "\xda\xa4", "\xd8\xa0",
    "\xd9\xa0", "\xd9\xa9", "\xd9\xaa", "\xd9\xad", "\xd9\xae", "\xd8\x8c", "\xd8\x9f", "\xd8\x80", "\xdd\x80",
    " ", "  ", "\t", "\n", "0", "1", "2", "9", "a", "Z", ".", ",", "-", "/", "\xc2\xa0", "\xe2\x80\x8c", "\xe3\x80\x80",
    "\xf0\x9f\x98\x80", "\xd8", "\xd9", "\xdb", "\x80", "\xff", "\xe2\x80", "\xc2\xab", "x"};
#define NPIECE (sizeof piece / sizeof *piece)

static size_t word(char *out, size_t cap, size_t maxpieces)
{
    size_t n = 1 + rnd(maxpieces), len = 0, k;
    for (k = 0; k < n; k++) {
        /* mostly letters: entries and texts that run deep into the trie */
        const char *p = rnd(3) ? piece[rnd(18)] : rnd(40) ? piece[rnd(NPIECE)] : "\0";
        size_t l = *p ? strlen(p) : 1;
        if (len + l > cap) break;
        memcpy(out + len, p, l);
        len += l;
    }
    return len;
}

static void random_model(model *m, ar_triggers *t)
{
    static const char *const follow[] = {NULL, "\xd9\x87|\xd9\x85", "-|/", "-|."};
    size_t k, n = 1 + rnd(40);
    memset(m, 0, sizeof *m);
    for (k = 0; k < n; k++) {
        entry *e = &m->ent[m->nent];
        size_t r = rnd(10);
        e->len = word(e->s, sizeof e->s, 1 + rnd(5));
        e->classes = (uint32_t)(1 + rnd(255));
        e->flags = r < 6 ? 0 : r < 8 ? AR_TRIG_WORD_END : AR_TRIG_DIGIT_AFTER;
        if (ar_triggers_add(t, e->s, e->len, e->classes, e->flags) == AR_OK) m->nent++;
    }
    if (rnd(2)) {
        size_t nc = 1 + rnd(MAXCL);
        for (k = 0; k < nc; k++) {
            const char *c = piece[2 + rnd(4)]; /* و ف ب م */
            size_t l = strlen(c);
            memcpy(m->cl[m->ncl], c, l);
            if (rnd(2)) {
                memcpy(m->cl[m->ncl] + l, piece[rnd(8)], 2);
                l += 2;
            }
            m->cllen[m->ncl] = l;
            if (ar_triggers_clitic(t, m->cl[m->ncl], l) == AR_OK) m->ncl++;
        }
    }
    if (!rnd(3)) {
        entry *e;
        char d;
        uint32_t cls = (uint32_t)(1 + rnd(255));
        ar_triggers_digits(t, cls);
        for (d = '0'; d <= '9' && m->nent < MAXENT; d++) {
            e = &m->ent[m->nent++];
            e->s[0] = d;
            e->len = 1;
            e->classes = cls;
            e->flags = 0;
        }
    }
    n = rnd(MAXRULE + 1);
    for (k = 0; k < n; k++) {
        rule *r = &m->rules[m->nrule];
        r->classes = (uint32_t)(1 + rnd(255));
        r->minrun = 1 + rnd(3);
        r->maxrun = r->minrun + rnd(4);
        r->follow = follow[rnd(4)];
        r->space = (int)rnd(2);
        if (ar_triggers_digit_run(t, r->classes, r->minrun, r->maxrun, r->follow, r->follow ? strlen(r->follow) : 0,
                                  r->space) == AR_OK)
            m->nrule++;
    }
    /* entries added after the clitics get them too */
    for (k = 0; k < 3 && m->nent < MAXENT; k++) {
        entry *e = &m->ent[m->nent];
        e->len = word(e->s, sizeof e->s, 1 + rnd(5));
        e->classes = (uint32_t)(1 + rnd(255));
        e->flags = 0;
        if (ar_triggers_add(t, e->s, e->len, e->classes, 0) == AR_OK) m->nent++;
    }
}

static int same_hits(const ar_trigger_hits *got, const ar_trigger_hit *want, size_t n)
{
    size_t k;
    if (got->n != n) return 0;
    for (k = 0; k < n; k++)
        if (got->v[k].pos != want[k].pos || got->v[k].classes != want[k].classes) return 0;
    return 1;
}

static void test_random(void)
{
    static model m;
    static char text[4096];
    static ar_trigger_hit want[4096];
    ar_trigger_hits got = {0};
    size_t round, bad = 0, texts = 0, hits = 0;
    for (round = 0; round < 5000; round++) {
        ar_triggers *t = ar_triggers_new(NULL);
        size_t k;
        if (!t) abort();
        random_model(&m, t);
        for (k = 0; k < 20; k++) {
            size_t len = 0, parts = 1 + rnd(30), j, n;
            for (j = 0; j < parts; j++) {
                /* an entry (with a clitic) now and then, or random pieces */
                if (!rnd(3) && m.nent) {
                    const entry *e = &m.ent[rnd(m.nent)];
                    if (m.ncl && rnd(2)) {
                        size_t c = rnd(m.ncl);
                        memcpy(text + len, m.cl[c], m.cllen[c]);
                        len += m.cllen[c];
                    }
                    memcpy(text + len, e->s, e->len);
                    len += e->len;
                } else {
                    len += word(text + len, sizeof text - len, 8);
                }
                if (rnd(2)) text[len++] = ' ';
            }
            n = model_scan(&m, (const unsigned char *)text, len, want);
            texts++;
            hits += n;
            if (ar_triggers_scan(t, text, len, &got) != AR_OK || !same_hits(&got, want, n)) {
                if (!bad++) {
                    size_t q;
                    fprintf(stderr, "scan (%zu hits) and model (%zu) differ on round %zu text %zu:", got.n, n, round,
                            k);
                    for (q = 0; q < len; q++) fprintf(stderr, " %02x", (unsigned char)text[q]);
                    fputc('\n', stderr);
                }
            }
        }
        ar_triggers_free(t);
    }
    ar_trigger_hits_free(&got);
    CHECK(bad == 0, "%zu of %zu texts: the scan's hits are not the model's", bad, texts);
    CHECK(hits > texts, "too few hits to test anything: %zu in %zu texts", hits, texts);
}

int main(void)
{
    test_random();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
