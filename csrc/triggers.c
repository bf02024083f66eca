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
#include <utf8proc.h>

/* The trie: nodes numbered from 0 (the root). The first two levels are
 * direct tables (the root's children by byte; the grandchildren by their
 * parent's first byte and their own byte: an Arabic letter is two bytes,
 * and every word start walks them). Below them a node keeps its first
 * INLINE children in itself, and the nodes of one entry are made one
 * after the other: a walk down a word reads neighbouring memory, not a
 * hash table's slot per byte (the table of every edge is far larger than
 * a cache). The children past the first INLINE live in an
 * open-addressing hash table (node, byte) -> child, so a step costs one
 * probe whatever the fan-out. */
#define INLINE 3
typedef struct {
    uint32_t classes; /* classes of a prefix ending here */
    uint32_t dclasses;/* ... that need white space and a digit after it */
    uint32_t eclasses;/* ... that need no letter, mark or non-ASCII digit after it */
    uint32_t rclasses;/* ... of a run of digits (the rules of ar_triggers_digit_run) */
    uint32_t child[INLINE];
    unsigned char byte[INLINE];
    unsigned char nch : 3; /* children in child[] (INLINE + 1: more in the hash table) */
    unsigned char any : 1; /* a prefix ends here (one of the classes is set) */
} tnode;

typedef struct {
    uint32_t key;     /* node << 8 | byte, + 1 (0 = empty slot) */
    uint32_t child;
} tedge;

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
    size_t n, cap;
    tedge *edge;
    size_t nedge, ecap; /* ecap: a power of two */
    uint32_t root[256]; /* the root's children, by byte (0: none) */
    uint16_t row[256];  /* first byte -> 1 + its row of l2 (0: none) */
    uint32_t *l2;       /* rows of 256: the children of the root's children */
    size_t nrows;
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
        t->edge = calloc(128, sizeof *t->edge);
    }
    if (!t || !t->node || !t->edge) {
        if (t) {
            free(t->node);
            free(t->edge);
        }
        free(t);
        if (err) *err = AR_ENOMEM;
        return NULL;
    }
    t->n = 1;
    t->cap = 64;
    t->ecap = 128;
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
    free(t->node);
    free(t->edge);
    free(t);
}

static size_t edge_slot(uint32_t key, size_t mask)
{
    uint32_t h = key; /* murmur3's finalizer: every key bit reaches the low bits */
    h ^= h >> 16;
    h *= 0x85EBCA6Bu;
    h ^= h >> 13;
    h *= 0xC2B2AE35u;
    h ^= h >> 16;
    return (size_t)h & mask;
}

/* The child of node k for byte b in the hash table, 0 when there is none. */
static uint32_t child_hashed(const ar_triggers *t, uint32_t k, unsigned char b)
{
    uint32_t key;
    size_t mask, i;
    key = ((k << 8) | b) + 1;
    mask = t->ecap - 1;
    i = edge_slot(key, mask);
    while (t->edge[i].key) {
        if (t->edge[i].key == key) return t->edge[i].child;
        i = (i + 1) & mask;
    }
    return 0;
}

/* The child of node k (two levels or more below the root) for byte b, 0
 * when there is none: the first children in the node itself (most nodes
 * have one), the rest in the hash table. */
AR_INLINE uint32_t child(const ar_triggers *t, uint32_t k, unsigned char b)
{
    const tnode *nd = &t->node[k];
    size_t j, n = nd->nch < INLINE ? nd->nch : INLINE;
    for (j = 0; j < n; j++)
        if (nd->byte[j] == b) return nd->child[j];
    return nd->nch > INLINE ? child_hashed(t, k, b) : 0;
}

static int put_edge(tedge *e, size_t mask, uint32_t key, uint32_t c)
{
    size_t i = edge_slot(key, mask);
    while (e[i].key) i = (i + 1) & mask;
    e[i].key = key;
    e[i].child = c;
    return AR_OK;
}

/* The grandchild of the root by bytes b0 b1, 0 when there is none. */
static uint32_t child2(const ar_triggers *t, unsigned char b0, unsigned char b1)
{
    uint16_t r = t->row[b0];
    return r ? t->l2[(size_t)(r - 1) * 256 + b1] : 0;
}

/* A new node (0 on failure). */
static uint32_t new_node(ar_triggers *t)
{
    uint32_t c;
    if (t->n >= 0xFFFFFF) return 0; /* node numbers must fit the edge key */
    if (t->n == t->cap) {
        tnode *p = realloc(t->node, 2 * t->cap * sizeof *p);
        if (!p) return 0;
        t->node = p;
        t->cap *= 2;
    }
    c = (uint32_t)t->n++;
    memset(&t->node[c], 0, sizeof t->node[c]);
    return c;
}

/* The grandchild of the root by bytes b0 b1, made when missing (0 on
 * failure); the root's child b0 exists. */
static uint32_t make_child2(ar_triggers *t, unsigned char b0, unsigned char b1)
{
    uint32_t c = child2(t, b0, b1);
    if (c) return c;
    if (!t->row[b0]) {
        uint32_t *p = realloc(t->l2, (t->nrows + 1) * 256 * sizeof *p);
        if (!p) return 0;
        memset(p + t->nrows * 256, 0, 256 * sizeof *p);
        t->l2 = p;
        t->row[b0] = (uint16_t)++t->nrows;
    }
    if (!(c = new_node(t))) return 0;
    t->l2[(size_t)(t->row[b0] - 1) * 256 + b1] = c;
    return c;
}

/* The child of node k (two levels or more below the root) for byte b,
 * made when missing (0 on failure). */
static uint32_t make_child(ar_triggers *t, uint32_t k, unsigned char b)
{
    uint32_t c = child(t, k, b);
    size_t i;
    if (c) return c;
    if (t->node[k].nch < INLINE) {
        if (!(c = new_node(t))) return 0;
        t->node[k].byte[t->node[k].nch] = b;
        t->node[k].child[t->node[k].nch++] = c;
        return c;
    }
    if (2 * (t->nedge + 1) > t->ecap) { /* keep the table at most half full */
        tedge *e = calloc(2 * t->ecap, sizeof *e);
        if (!e) return 0;
        for (i = 0; i < t->ecap; i++)
            if (t->edge[i].key) put_edge(e, 2 * t->ecap - 1, t->edge[i].key, t->edge[i].child);
        free(t->edge);
        t->edge = e;
        t->ecap *= 2;
    }
    if (!(c = new_node(t))) return 0;
    put_edge(t->edge, t->ecap - 1, ((k << 8) | b) + 1, c);
    t->nedge++;
    t->node[k].nch = INLINE + 1;
    return c;
}

/* Put a followed by b into the trie with its classes. */
static int insert(ar_triggers *t, const unsigned char *a, size_t alen, const unsigned char *b, size_t blen,
                  uint32_t classes, unsigned flags)
{
    uint32_t k = 0;
    size_t i;
    unsigned char b0 = 0;
    for (i = 0; i < alen + blen; i++) {
        unsigned char c = i < alen ? a[i] : b[i - alen];
        if (i == 0) {
            b0 = c;
            if (!t->root[c] && !(t->root[c] = new_node(t))) return AR_ENOMEM;
            k = t->root[c];
        } else if (i == 1) {
            if (!(k = make_child2(t, b0, c))) return AR_ENOMEM;
        } else if (!(k = make_child(t, k, c))) {
            return AR_ENOMEM;
        }
    }
    t->node[k].any = 1;
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

/* Does s[i..len) begin with one of the alternatives of r's follow? */
static int follows(const trule *r, const unsigned char *s, size_t len, size_t i)
{
    size_t a = 0;
    if (!r->flen) return 1;
    while (a <= r->flen) {
        const char *bar = memchr(r->follow + a, '|', r->flen - a);
        size_t b = bar ? (size_t)(bar - r->follow) : r->flen;
        if (b > a && b - a <= len - i && memcmp(s + i, r->follow + a, b - a) == 0) return 1;
        a = b + 1;
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

/* The classes of node k for a prefix that ends before s[i]. */
AR_INLINE uint32_t node_classes(const ar_triggers *t, uint32_t k, const unsigned char *s, size_t len, size_t i)
{
    const tnode *nd = &t->node[k];
    uint32_t acc;
    if (!nd->any) return 0; /* (most nodes: inside a prefix) */
    acc = nd->classes;
    if (nd->dclasses && digit_after(s, len, i)) acc |= nd->dclasses;
    if (nd->eclasses && !word_goes_on(s, len, i)) acc |= nd->eclasses;
    if (nd->rclasses) acc |= run_classes(t, nd->rclasses, s, len, i - 1);
    return acc;
}

/* The classes of the entries that s[i..len) begins with (the root has a
 * child for s[i]). */
static uint32_t walk(const ar_triggers *t, const unsigned char *s, size_t len, size_t i)
{
    uint32_t acc, k = t->root[s[i]];
    acc = node_classes(t, k, s, len, i + 1);
    if (i + 1 >= len || !(k = child2(t, s[i], s[i + 1]))) return acc;
    acc |= node_classes(t, k, s, len, i + 2);
    for (i += 2; i < len; i++) {
        uint32_t c = child(t, k, s[i]);
        if (!c) break;
        k = c;
        acc |= node_classes(t, k, s, len, i + 1);
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
        unsigned char b = s[i];
        if (!after_word && t->root[b]) {
            uint32_t acc = walk(t, s, len, i);
            if (acc && push_hit(out, i, acc)) return AR_ENOMEM;
        }
        if (b < 0x80) {
            after_word = sure_word_char(b);
            i++;
        } else if (b >= 0xC2 && b < 0xE0 && i + 1 < len && (s[i + 1] & 0xC0) == 0x80) {
            /* a two-byte character (the Arabic block), decoded here */
            c = (int32_t)(((b & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu));
            after_word = (c >= 0x0620 && c <= 0x0669) || (c >= 0x066E && c <= 0x06D3);
            i += 2;
        } else {
            i += ar__decode(s + i, len - i, &c);
            after_word = sure_word_char(c);
        }
        /* the rest of an Arabic word: no word starts inside it */
        if (after_word)
            while (i + 1 < len && ar_letter2(s, i)) i += 2;
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
    return t->node[k].classes | t->node[k].eclasses;
}
