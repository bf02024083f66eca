/*
 * triggers.c — where an extractor's patterns can start.
 *
 * The date patterns (lua/arabic/dates.lua) all begin at a word start,
 * (?<![\p{L}\p{N}\p{M}]), with an optional proclitic and then one of a few
 * hundred words (month and weekday names, modifiers, units ...) or a digit.
 * Running fifteen patterns over every byte of a text costs far more than
 * finding those few places once: one pass over the text walks a byte trie
 * of the trigger prefixes at every position that can be a word start and
 * reports the position with the classes (which patterns) its prefixes
 * trigger. ar_regex_exec_at then tries a pattern only there.
 *
 * An entry can also ask for what follows it: white space and a digit
 * (AR_TRIG_DIGIT_AFTER: "ال" before a day), or no letter (AR_TRIG_WORD_END:
 * a month name its patterns follow with white space, punctuation or a
 * digit); and a run of digits gives the classes of the rules its length
 * and the next non-space bytes meet (ar_triggers_digit_run). Either only
 * leaves out places where the patterns certainly fail.
 *
 * The scan must never miss a place where a pattern can match, so it errs
 * on the side of reporting: a position is skipped only when the character
 * before it is certainly a letter, digit or mark (ASCII letters and digits,
 * the Arabic block's letters, marks and digits), and white space before a
 * digit (AR_TRIG_DIGIT_AFTER) is any Unicode space or control that PCRE2's
 * \s could be. Everything else is left to the pattern.
 */
#include "internal.h"
#include "hash.h" /* ar__load64le */
#include <utf8proc.h>

/* The trie: nodes numbered from 0 (the root). The first two levels are
 * direct tables (the root's children by byte; the grandchildren by their
 * parent's first byte and their own byte: an Arabic letter is two bytes,
 * and every word start walks them), and so is the second letter of the
 * Arabic block after them (l4, a row for each first letter; see tl2):
 * most word starts walk two letters and more, after a clitic or ال.
 * Every other edge lives in one open-addressing hash table (node, byte)
 * -> child with a multiplicative hash, kept at most a quarter full: a step
 * of the walk is a multiply, a shift and mostly one probe, whatever the
 * node's fan-out. Whether a prefix ends at a node is a byte of its own
 * (any[]), read at each step without touching the node's classes. (A
 * node's list of children, then a hash for the nodes with many, cost
 * twice as much a step; steps of a whole letter through the hash table
 * cost more than two byte steps, in valgrind's count of the scan.) */
typedef struct {
    uint32_t classes; /* classes of a prefix ending here */
    uint32_t dclasses;/* ... that need white space and a digit after it */
    uint32_t eclasses;/* ... that need no letter, mark or non-ASCII digit after it */
    uint32_t rclasses;/* ... of a run of digits (the rules of ar_triggers_digit_run) */
} tnode;

/* A node two levels below the root (a first letter) and its row of l4:
 * its grandchildren by a character of the Arabic block (lead D8-DB, then
 * 80-BF), indexed by the code point's low byte, so that a walk reads its
 * second letter in one step. r4: the row's first index << 1 (0: l4's
 * first row, all zeros: none); its low bit set: not to be used (a prefix
 * ends between the letter's two bytes, which the step would pass). */
typedef struct {
    uint32_t child;
    uint32_t r4;
} tl2;

typedef struct {
    uint32_t key;     /* (node << 8 | byte) + 1; 0 = empty slot */
    uint32_t child;
} tedge;

typedef struct {
    tedge *e;
    size_t n, cap;    /* cap: a power of two, 2^bits */
    unsigned bits;
} etable;

/* any[k]: classes that hold whatever follows (or a digit-run rule's) */
#define ANY 1u
/* any[k]: classes that need white space and a digit, or no letter, after
 * the prefix: none of them when an Arabic letter follows */
#define ANY_IF 2u

#define MAXCLITICS 16
#define MAXCLITIC 16
#define MAXRULES 16

/* A flag of entries (beside the public AR_TRIG_*): the first digit of a
 * run, whose classes the digit-run rules select. */
#define TRIG_RUN (1u << 8)

/* ar_triggers_digit_run's rule: the classes of a word that starts with
 * minrun to maxrun ASCII digits, then (after white space when space is
 * set) one of the alternatives of follow ("a|b|c"; none: anything). */
typedef struct {
    uint32_t classes;
    size_t minrun, maxrun;
    int space;
    char follow[64];
    size_t flen;
} trule;

/* An entry as it was added: the trie holds it alone and after every
 * clitic, so a scan walks the trie once per word start. */
typedef struct {
    unsigned char *s;
    size_t len;
    uint32_t classes;
    unsigned flags;
} tentry;

struct ar_triggers {
    tnode *node;
    unsigned char *any; /* any[k]: a prefix ends at node k: ANY, ANY_IF */
    size_t n, cap;
    etable edge;  /* (node, byte) -> child */
    uint32_t root[256]; /* the root's children, by byte (0: none) */
    uint16_t row[256];  /* first byte -> its row of l2 (0: none; row 0 is all zeros) */
    tl2 *l2;            /* rows of 256: the children of the root's children */
    size_t nrows;
    uint32_t *l4;       /* rows of 256: a grandchild of l2's by a letter (see tl2) */
    size_t n4;
    tentry *ent;
    size_t nent, entcap;
    unsigned char clitic[MAXCLITICS][MAXCLITIC];
    size_t clen[MAXCLITICS], nclitic;
    trule rule[MAXRULES];
    size_t nrule;
};

ar_triggers *ar_triggers_new(int *err)
{
    ar_triggers *t = calloc(1, sizeof *t);
    if (t) {
        t->node = calloc(64, sizeof *t->node);
        t->any = calloc(64, 1);
        t->edge.e = calloc(128, sizeof *t->edge.e);
        t->l4 = calloc(256, sizeof *t->l4);
        t->l2 = calloc(256, sizeof *t->l2);
    }
    if (!t || !t->node || !t->any || !t->edge.e || !t->l4 || !t->l2) {
        if (t) {
            free(t->l2);
            free(t->node);
            free(t->any);
            free(t->edge.e);
            free(t->l4);
        }
        free(t);
        if (err) *err = AR_ENOMEM;
        return NULL;
    }
    t->n = 1;
    t->n4 = 1;
    t->nrows = 1;
    t->cap = 64;
    t->edge.cap = 128;
    t->edge.bits = 7;
    if (err) *err = AR_OK;
    return t;
}

void ar_triggers_free(ar_triggers *t)
{
    size_t i;
    if (!t) return;
    for (i = 0; i < t->nent; i++) free(t->ent[i].s);
    free(t->ent);
    free(t->l2);
    free(t->l4);
    free(t->node);
    free(t->any);
    free(t->edge.e);
    free(t);
}

/* The first slot of key in a table of 2^bits slots: Fibonacci hashing
 * (the keys of one node's children differ in their low bits, and the
 * multiply carries every key bit into the top bits taken). */
AR_INLINE size_t edge_slot(uint32_t key, unsigned bits)
{
    return (size_t)((key * 0x9E3779B1u) >> (32 - bits));
}

/* The value of key in table h, 0 when it has none. */
AR_INLINE uint32_t et_get(const etable *h, uint32_t key)
{
    const tedge *e = h->e;
    size_t mask = h->cap - 1, i = edge_slot(key, h->bits);
    for (;;) {
        if (e[i].key == key) return e[i].child;
        if (!e[i].key) return 0;
        i = (i + 1) & mask;
    }
}

static void put_edge(tedge *e, unsigned bits, uint32_t key, uint32_t c)
{
    size_t mask = ((size_t)1 << bits) - 1, i = edge_slot(key, bits);
    while (e[i].key) i = (i + 1) & mask;
    e[i].key = key;
    e[i].child = c;
}

/* Put key -> c into h (key not there yet), growing it first to keep it
 * at most a quarter full. */
static int et_put(etable *h, uint32_t key, uint32_t c)
{
    size_t i;
    if (4 * (h->n + 1) > h->cap) {
        tedge *e = calloc(2 * h->cap, sizeof *e);
        if (!e) return AR_ENOMEM;
        for (i = 0; i < h->cap; i++)
            if (h->e[i].key) put_edge(e, h->bits + 1, h->e[i].key, h->e[i].child);
        free(h->e);
        h->e = e;
        h->cap *= 2;
        h->bits++;
    }
    put_edge(h->e, h->bits, key, c);
    h->n++;
    return AR_OK;
}

AR_INLINE uint32_t byte_key(uint32_t k, unsigned b) { return ((k << 8) | b) + 1; }

/* The child of node k (two levels or more below the root) for byte b, 0
 * when there is none. */
AR_INLINE uint32_t child(const ar_triggers *t, uint32_t k, unsigned char b) { return et_get(&t->edge, byte_key(k, b)); }

/* The grandchild of the root by bytes b0 b1, 0 when there is none. */
static uint32_t child2(const ar_triggers *t, unsigned char b0, unsigned char b1)
{
    return t->l2[(size_t)t->row[b0] * 256 + b1].child;
}

/* A new node (0 on failure). */
static uint32_t new_node(ar_triggers *t)
{
    uint32_t c;
    if (t->n >= 0xFFFFFF) return 0; /* node numbers must fit the edge key */
    if (t->n == t->cap) {
        tnode *p = realloc(t->node, 2 * t->cap * sizeof *p);
        unsigned char *a;
        if (!p) return 0;
        t->node = p;
        if (!(a = realloc(t->any, 2 * t->cap))) return 0;
        t->any = a;
        t->cap *= 2;
    }
    c = (uint32_t)t->n++;
    memset(&t->node[c], 0, sizeof t->node[c]);
    t->any[c] = 0;
    return c;
}

/* The grandchild of the root by bytes b0 b1, made when missing (0 on
 * failure); the root's child b0 exists. */
static uint32_t make_child2(ar_triggers *t, unsigned char b0, unsigned char b1)
{
    uint32_t c = child2(t, b0, b1);
    if (c) return c;
    if (!t->row[b0]) {
        tl2 *p = realloc(t->l2, (t->nrows + 1) * 256 * sizeof *p);
        if (!p) return 0;
        memset(p + t->nrows * 256, 0, 256 * sizeof *p);
        t->l2 = p;
        t->row[b0] = (uint16_t)t->nrows++;
    }
    if (!(c = new_node(t))) return 0;
    t->l2[(size_t)t->row[b0] * 256 + b1].child = c;
    return c;
}

/* The child of node k (two levels or more below the root) for byte b,
 * made when missing (0 on failure). */
static uint32_t make_child(ar_triggers *t, uint32_t k, unsigned char b)
{
    uint32_t c = child(t, k, b);
    if (c) return c;
    if (!(c = new_node(t)) || et_put(&t->edge, byte_key(k, b), c)) return 0;
    return c;
}

/* Do b0 b1 make a character of the Arabic block (D8-DB, then 80-BF)? */
AR_INLINE int arabic2(unsigned b0, unsigned b1) { return (b0 & 0xFCu) == 0xD8u && (b1 & 0xC0u) == 0x80u; }

/* The index of that character in a row of l4: its code point's low byte. */
AR_INLINE size_t l4_index(unsigned b0, unsigned b1) { return ((b0 & 3u) << 6) | (b1 & 0x3Fu); }

/* The row of l4 of the node at t->l2[at], made when missing (AR_OK). */
static int make_l4_row(ar_triggers *t, size_t at)
{
    uint32_t *p;
    if (t->l2[at].r4 >> 1) return AR_OK;
    if (t->n4 > 65536) return AR_ENOMEM; /* (a row a place of l2 at most: never) */
    if (!(p = realloc(t->l4, (t->n4 + 1) * 256 * sizeof *p))) return AR_ENOMEM;
    memset(p + t->n4 * 256, 0, 256 * sizeof *p);
    t->l4 = p;
    t->l2[at].r4 |= (uint32_t)(t->n4++ * 256) << 1;
    return AR_OK;
}

/* Put a followed by b into the trie with its classes. */
static int insert(ar_triggers *t, const unsigned char *a, size_t alen, const unsigned char *b, size_t blen,
                  uint32_t classes, unsigned flags)
{
    uint32_t k = 0;
    size_t i, at = 0; /* at: the place of the depth-2 node in l2 */
    unsigned char b0 = 0, prev = 0;
    for (i = 0; i < alen + blen; i++) {
        unsigned char c = i < alen ? a[i] : b[i - alen];
        if (i == 0) {
            b0 = c;
            if (!t->root[c] && !(t->root[c] = new_node(t))) return AR_ENOMEM;
            k = t->root[c];
        } else if (i == 1) {
            if (!(k = make_child2(t, b0, c))) return AR_ENOMEM;
            at = (size_t)t->row[b0] * 256 + c;
        } else if (i == 3 && arabic2(prev, c)) {
            /* the second letter: in l4 too (its row first, so that no
             * such grandchild is ever made without its place there) */
            if (make_l4_row(t, at) || !(k = make_child(t, k, c))) return AR_ENOMEM;
            t->l4[(size_t)(t->l2[at].r4 >> 1) + l4_index(prev, c)] = k;
        } else if (!(k = make_child(t, k, c))) {
            return AR_ENOMEM;
        }
        prev = c;
    }
    t->any[k] |= flags & (AR_TRIG_DIGIT_AFTER | AR_TRIG_WORD_END) ? ANY_IF : ANY;
    /* a prefix that ends inside a second letter: l4's step would pass it */
    if (i == 3 && (prev & 0xFCu) == 0xD8u) t->l2[at].r4 |= 1;
    if (flags & TRIG_RUN) t->node[k].rclasses |= classes;
    else if (flags & AR_TRIG_DIGIT_AFTER) t->node[k].dclasses |= classes;
    else if (flags & AR_TRIG_WORD_END) t->node[k].eclasses |= classes;
    else t->node[k].classes |= classes;
    return AR_OK;
}

/* Record an entry and put it into the trie, alone and after each clitic. */
static int add_entry(ar_triggers *t, const unsigned char *p, size_t len, uint32_t classes, unsigned flags)
{
    tentry *e;
    size_t k;
    int err;
    if (t->nent == t->entcap) {
        size_t cap = t->entcap ? 2 * t->entcap : 64;
        tentry *q = realloc(t->ent, cap * sizeof *q);
        if (!q) return AR_ENOMEM;
        t->ent = q;
        t->entcap = cap;
    }
    e = &t->ent[t->nent];
    if (!(e->s = malloc(len))) return AR_ENOMEM;
    memcpy(e->s, p, len);
    e->len = len;
    e->classes = classes;
    e->flags = flags;
    t->nent++;
    if ((err = insert(t, NULL, 0, p, len, classes, flags))) return err;
    for (k = 0; k < t->nclitic; k++)
        if ((err = insert(t, t->clitic[k], t->clen[k], p, len, classes, flags))) return err;
    return AR_OK;
}

int ar_triggers_add(ar_triggers *t, const char *prefix, size_t len, uint32_t classes, unsigned flags)
{
    if (!t || !prefix || len == 0) return AR_EARG;
    /* one condition an entry: after it white space and a digit, or no letter */
    if ((flags & AR_TRIG_DIGIT_AFTER) && (flags & AR_TRIG_WORD_END)) return AR_EARG;
    return add_entry(t, (const unsigned char *)prefix, len, classes, flags & (AR_TRIG_DIGIT_AFTER | AR_TRIG_WORD_END));
}

int ar_triggers_digits(ar_triggers *t, uint32_t classes)
{
    unsigned char d;
    int err;
    if (!t) return AR_EARG;
    for (d = '0'; d <= '9'; d++)
        if ((err = add_entry(t, &d, 1, classes, 0))) return err;
    return AR_OK;
}

int ar_triggers_digit_run(ar_triggers *t, uint32_t classes, size_t minrun, size_t maxrun, const char *follow,
                          size_t flen, int space)
{
    trule *r;
    unsigned char d;
    int err;
    if (!t || minrun < 1 || maxrun < minrun || (!follow && flen) || flen >= sizeof r->follow) return AR_EARG;
    if (t->nrule == MAXRULES) return AR_EVALUE;
    r = &t->rule[t->nrule++];
    r->classes = classes;
    r->minrun = minrun;
    r->maxrun = maxrun;
    r->space = space != 0;
    memset(r->follow, 0, sizeof r->follow);
    if (flen) memcpy(r->follow, follow, flen);
    r->flen = flen;
    for (d = '0'; d <= '9'; d++)
        if ((err = add_entry(t, &d, 1, classes, TRIG_RUN))) return err;
    return AR_OK;
}

int ar_triggers_clitic(ar_triggers *t, const char *clitic, size_t len)
{
    size_t i;
    int err;
    if (!t || !clitic || len == 0 || len > MAXCLITIC) return AR_EARG;
    if (t->nclitic == MAXCLITICS) return AR_EVALUE;
    memcpy(t->clitic[t->nclitic], clitic, len);
    t->clen[t->nclitic++] = len;
    for (i = 0; i < t->nent; i++)
        if ((err = insert(t, (const unsigned char *)clitic, len, t->ent[i].s, t->ent[i].len, t->ent[i].classes,
                          t->ent[i].flags)))
            return err;
    return AR_OK;
}

void ar_trigger_hits_free(ar_trigger_hits *h)
{
    if (!h) return;
    free(h->v);
    h->v = NULL;
    h->n = h->cap = 0;
}

/* The two bytes at s[i] (i + 1 < len) are a character of U+0620-U+0669
 * or U+066E-U+06D3 (the Arabic block's letters, marks and digits: certainly
 * a letter, mark or digit). */
static int ar_letter2(const unsigned char *s, size_t i)
{
    /* for each lead byte D8-DB, a bit for each continuation byte 80-BF:
     * D8 A0-BF (U+0620-U+063F), D9 80-A9 and AE-BF (U+0640-U+0669,
     * U+066E-U+067F), DA 80-BF (U+0680-U+06BF), DB 80-93 (U+06C0-U+06D3) */
    static const uint64_t cont[4] = {0xFFFFFFFF00000000u, 0xFFFFC3FFFFFFFFFFu, 0xFFFFFFFFFFFFFFFFu,
                                     0x00000000000FFFFFu};
    unsigned b0 = s[i], b1 = s[i + 1];
    if ((b1 & 0xC0) != 0x80 || b0 - 0xD8u > 3u) return 0;
    return (int)((cont[b0 - 0xD8u] >> (b1 & 0x3Fu)) & 1u);
}

/* How many of the four two-byte characters in the eight bytes x (read
 * little-endian) are, from the first on, letters or marks U+0620-065F
 * (D8 A0-BF, D9 80-9F: every letter and mark of a normalized Arabic
 * word, and all of them ar_letter2's): the rest of a word four letters
 * at a time. Each 16-bit lane holds one character, its lead byte low;
 * the lead's lowest bit (D9) flips bit 5 of the second byte, which must
 * then read 101xxxxx, and the lead must be D8 or D9. */
AR_INLINE size_t letter_pairs(uint64_t x)
{
    const uint64_t L = 0x0001000100010001ULL;
    /* 0 in each lane that passes: the first lane that does not holds the
     * lowest bit set */
    uint64_t d = ((x ^ ((x & L) << 13)) & (0xE0FE * L)) ^ (0xA0D8 * L);
    size_t k = 0;
    if (!d) return 4;
#if defined(__GNUC__)
    k = (size_t)__builtin_ctzll(d) >> 4;
#else
    while (!((d >> (16 * k)) & 0xFFFF)) k++;
#endif
    return k;
}

/* Past the run of characters ar_letter2 accepts that starts at s[i]:
 * four at a time while they are the common ones, then one by one. */
AR_INLINE size_t skip_letters(const unsigned char *s, size_t len, size_t i)
{
    for (;;) {
        while (i + 8 <= len) {
            size_t k = letter_pairs(ar__load64le(s + i));
            i += 2 * k;
            if (k < 4) break;
        }
        if (i + 1 >= len || s[i] < 0x80 || !ar_letter2(s, i)) return i;
        i += 2;
    }
}

/* Certainly a letter, a digit or a mark: no word starts after it. */
static int sure_word_char(int32_t c)
{
    if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    return (c >= 0x0620 && c <= 0x0669) || (c >= 0x066E && c <= 0x06D3);
}

/* Could PCRE2's \s match c? (More is harmless: it only lets a candidate
 * through.) */
static int maybe_space(int32_t c)
{
    if (c < 0) return 0;
    if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);
    if (c == 0x85 || c == 0x180E || c == 0x200B || c == 0xFEFF) return 1;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return 1;
    default:
        return 0;
    }
}

/* White space (maybe none) and then an ASCII digit at s[i]? */
static int digit_after(const unsigned char *s, size_t len, size_t i)
{
    while (i < len) {
        int32_t c;
        size_t l;
        if (s[i] >= '0' && s[i] <= '9') return 1;
        if (i + 1 < len && ar_letter2(s, i)) return 0; /* most often: the word goes on */
        l = ar__decode(s + i, len - i, &c);
        if (!maybe_space(c)) return 0;
        i += l;
    }
    return 0;
}

/* Certainly a letter, a mark or a digit other than 0-9 at s[i] (no
 * pattern that ends a word there can go on with it: it would need white
 * space, punctuation, an ASCII digit or the end of the word). */
static int word_goes_on(const unsigned char *s, size_t len, size_t i)
{
    if (i >= len) return 0;
    if (s[i] < 0x80) return (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z');
    return i + 1 < len && ar_letter2(s, i); /* (the ranges are all two-byte characters) */
}

/* Does s[i..len) begin with one of the alternatives of r's follow? (A
 * byte loop: the alternatives are a few bytes, and memchr and memcmp
 * calls cost more than reading them, once a run of digits.) */
static int follows(const trule *r, const unsigned char *s, size_t len, size_t i)
{
    const unsigned char *f = (const unsigned char *)r->follow, *end = f + r->flen;
    if (!r->flen) return 1;
    while (f <= end) {
        size_t n = 0, q = 0; /* the alternative f[0, n), up to the next '|' */
        while (f + n < end && f[n] != '|') n++;
        if (n && n <= len - i) {
            while (q < n && s[i + q] == f[q]) q++;
            if (q == n) return 1;
        }
        f += n + 1;
    }
    return 0;
}

/* s[i..len) past its white space (what PCRE2's \s could be: more is
 * harmless, a rule then looks further). */
static size_t skip_space(const unsigned char *s, size_t len, size_t i)
{
    while (i < len) {
        int32_t c;
        size_t l = ar__decode(s + i, len - i, &c);
        if (!maybe_space(c)) break;
        i += l;
    }
    return i;
}

/* The classes of the digit-run rules for the run of ASCII digits that
 * starts at s[i]. */
static uint32_t run_classes(const ar_triggers *t, uint32_t mask, const unsigned char *s, size_t len, size_t i)
{
    size_t n = 0, k, after = (size_t)-1;
    uint32_t acc = 0;
    while (i + n < len && s[i + n] >= '0' && s[i + n] <= '9') n++;
    for (k = 0; k < t->nrule; k++) {
        const trule *r = &t->rule[k];
        size_t j = i + n;
        if (!(r->classes & mask) || n < r->minrun || n > r->maxrun) continue;
        if (r->space) {
            if (after == (size_t)-1) after = skip_space(s, len, j);
            j = after;
        }
        if (follows(r, s, len, j)) acc |= r->classes;
    }
    return acc & mask;
}

/* The classes of node k, where a prefix ends (any[k]), for the prefix
 * that ends before s[i]. (Out of line: most steps of a walk pass no end.) */
static uint32_t node_classes(const ar_triggers *t, uint32_t k, const unsigned char *s, size_t len, size_t i)
{
    const tnode *nd = &t->node[k];
    uint32_t acc = nd->classes;
    /* an Arabic letter next (most often: the word goes on) neither is
     * white space and a digit nor lets a word end */
    if ((nd->dclasses | nd->eclasses) && !(i + 1 < len && ar_letter2(s, i))) {
        if (nd->dclasses && digit_after(s, len, i)) acc |= nd->dclasses;
        if (nd->eclasses && !word_goes_on(s, len, i)) acc |= nd->eclasses;
    }
    if (nd->rclasses) acc |= run_classes(t, nd->rclasses, s, len, i - 1);
    return acc;
}

/* Do node k's classes (a prefix ends there: any[k] is not 0) perhaps
 * hold for the prefix that ends before s[i]? Not when they all need
 * what no Arabic letter is, and one comes next (most often: "ال" inside a
 * word). */
AR_INLINE int may_hold(unsigned any, const unsigned char *s, size_t len, size_t i)
{
    return (any & ANY) || !(i + 1 < len && ar_letter2(s, i));
}

/* The classes of the entries that s[i..len) begins with (k: the root's
 * child for s[i]): the first letter from l2, the second from l4 when it
 * is of the Arabic block (the node between its bytes then passed: l4's
 * row is not used where a prefix ends there), then a byte at a time
 * through the hash table, whose fields are read once, not at each step. */
static uint32_t walk(const ar_triggers *t, const unsigned char *s, size_t len, size_t i, uint32_t k)
{
    const unsigned char *any = t->any;
    uint32_t acc = 0, r4;
    const tl2 *l2;
    const tedge *e;
    size_t mask;
    unsigned shift;
    if (AR_UNLIKELY(any[k]) && may_hold(any[k], s, len, i + 1)) acc = node_classes(t, k, s, len, i + 1);
    if (i + 1 >= len) return acc;
    l2 = &t->l2[(size_t)t->row[s[i]] * 256 + s[i + 1]];
    if (!(k = l2->child)) return acc;
    if (AR_UNLIKELY(any[k]) && may_hold(any[k], s, len, i + 2)) acc |= node_classes(t, k, s, len, i + 2);
    i += 2;
    /* the second letter in one step */
    r4 = l2->r4;
    if (i + 1 < len && !(r4 & 1) && arabic2(s[i], s[i + 1])) {
        if (!(k = t->l4[(size_t)(r4 >> 1) + l4_index(s[i], s[i + 1])])) return acc;
        i += 2;
        if (AR_UNLIKELY(any[k]) && may_hold(any[k], s, len, i)) acc |= node_classes(t, k, s, len, i);
    }
    e = t->edge.e;
    mask = t->edge.cap - 1;
    shift = 32 - t->edge.bits;
    for (; i < len; i++) {
        uint32_t key = byte_key(k, s[i]);
        size_t j = (size_t)((key * 0x9E3779B1u) >> shift);
        while (e[j].key != key) {
            if (!e[j].key) return acc;
            j = (j + 1) & mask;
        }
        k = e[j].child;
        if (AR_UNLIKELY(any[k]) && may_hold(any[k], s, len, i + 1)) acc |= node_classes(t, k, s, len, i + 1);
    }
    return acc;
}

static int push_hit(ar_trigger_hits *h, size_t pos, uint32_t classes)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 64;
        ar_trigger_hit *p = realloc(h->v, cap * sizeof *p);
        if (!p) return AR_ENOMEM;
        h->v = p;
        h->cap = cap;
    }
    h->v[h->n].pos = pos;
    h->v[h->n].classes = classes;
    h->n++;
    return AR_OK;
}

int ar_triggers_scan(const ar_triggers *t, const char *text, size_t len, ar_trigger_hits *out)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    int after_word = 0;
    if (!t || !out || (!text && len)) return AR_EARG;
    out->n = 0;
    while (i < len) {
        int32_t c;
        size_t j;
        unsigned char b = s[i];
        uint32_t r;
        if (!after_word && (r = t->root[b])) {
            uint32_t acc = walk(t, s, len, i, r);
            if (acc && push_hit(out, i, acc)) return AR_ENOMEM;
        }
        if (b < 0x80) {
            /* 0-9 (bits 48-57 of the first word), A-Z and a-z */
            static const uint64_t word[2] = {0x03FF000000000000u, 0x07FFFFFE07FFFFFEu};
            after_word = (int)((word[b >> 6] >> (b & 63u)) & 1u);
            i++;
        } else if ((j = skip_letters(s, len, i)) > i) {
            /* Arabic letters, marks or digits, the rest of a word: no
             * word starts inside them */
            i = j;
            after_word = 1;
            /* (most often a space ends them: the next word starts after it) */
            if (i < len && s[i] == ' ') {
                i++;
                after_word = 0;
            }
        } else if (b >= 0xC2 && b < 0xE0 && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
            after_word = 0; /* another two-byte character: none of the sure ones */
            i += 2;
        } else {
            i += ar__decode(s + i, len - i, &c);
            if ((after_word = sure_word_char(c))) i = skip_letters(s, len, i);
        }
    }
    return AR_OK;
}

uint32_t ar_triggers_word(const ar_triggers *t, const char *word, size_t len)
{
    const unsigned char *w = (const unsigned char *)word;
    uint32_t k;
    size_t i;
    if (!t || !word || len == 0) return 0;
    if (!(k = t->root[w[0]])) return 0;
    if (len >= 2 && !(k = child2(t, w[0], w[1]))) return 0;
    for (i = 2; i < len; i++)
        if (!(k = child(t, k, w[i]))) return 0;
    /* a whole word: nothing goes on after it (the digit rules are for
     * texts, not words) */
    return t->any[k] ? t->node[k].classes | t->node[k].eclasses : 0;
}
