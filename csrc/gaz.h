/*
 * gaz.h — the gazetteer's compiled layout, shared by gaz_build.c (which
 * writes it), gaz_view.c (which attaches and reads it), gaz_file.c (which
 * saves and maps it) and gaz_match.c (which matches with it).
 *
 * A compiled gazetteer is one blob of sections laid out exactly as in the
 * file body, so building in memory and mapping a file give the same thing.
 * Design: token level. Every distinct normalized token gets an id through a
 * hash table stored in the blob; names are paths in a trie over token ids.
 * Matching cost therefore depends on the text, not on the number of entries.
 */
#ifndef ARABIC_GAZ_H
#define ARABIC_GAZ_H

#include "internal.h"
#include "hash.h"

#define GAZ_MAGIC "ARGAZ\r\n\032"
#define GAZ_VERSION 1u
#define GAZ_ENDIAN 0x01020304u
#define GAZ_HEADER 40u /* fixed header; the section table follows */

enum {
    S_META, S_STR, S_TOK, S_SLOT, S_NODE, S_EDGE, S_NENT, S_ENT, S_TYPE, S_DELH, S_DELT,
    S_COUNT
};

/* Where the body starts: the header, then per section an offset and a size
 * (64 bits each), rounded up to 8. */
#define GAZ_BODY_START (((size_t)GAZ_HEADER + 16 * S_COUNT + 7) & ~(size_t)7)

/* The file's header fields are little-endian whatever the host. */
static inline void gaz_put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static inline void gaz_put64(unsigned char *p, uint64_t v)
{
    gaz_put32(p, (uint32_t)v);
    gaz_put32(p + 4, (uint32_t)(v >> 32));
}

static inline uint32_t gaz_get32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint64_t gaz_get64(const unsigned char *p)
{
    return gaz_get32(p) | ((uint64_t)gaz_get32(p + 4) << 32);
}

/* ar__hash (hash.h, the hash the token table stores) with the bytes after
 * the last whole 8 read by one or two loads instead of one at a time: the
 * same value (spec/c/test_gazfile.c checks it), in fewer instructions for
 * the short tokens every word of a text is looked up by. */
static inline uint64_t gaz_hash(const unsigned char *p, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ ((uint64_t)len * 0xff51afd7ed558ccdULL), t;
    size_t rem = len & 7, i;
    const unsigned char *q = p + (len - rem);
    for (i = len >> 3; i; i--, p += 8) {
        h = (h ^ ar__mix64(ar__load64le(p))) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
    }
    if (rem) {
        if (len >= 8) { /* the last 8 bytes, the ones before the tail shifted out */
            t = ar__load64le(q + rem - 8) >> (8 * (8 - rem));
        } else if (rem >= 4) {
            t = (uint64_t)gaz_get32(q) | (((uint64_t)gaz_get32(q + rem - 4) >> (8 * (8 - rem))) << 32);
        } else {
            for (t = 0, i = 0; i < rem; i++) t |= (uint64_t)q[i] << (8 * i);
        }
        h = (h ^ ar__mix64(t + 0x2545F4914F6CDD1DULL)) * 0x9E3779B97F4A7C15ULL;
    }
    return ar__mix64(h);
}

/* A cheap hash of a token for the in-memory token table (g->tokmap): the
 * first and the last eight (or four) bytes and the length, a multiply
 * each. It never leaves memory (the table is built when a gazetteer is
 * attached), so it may change freely. */
static inline uint64_t gaz_quick_hash(const unsigned char *s, size_t len)
{
    uint64_t a, b, h;
    if (len >= 8) {
        a = ar__load64le(s);
        b = ar__load64le(s + len - 8);
    } else if (len >= 4) {
        a = gaz_get32(s);
        b = gaz_get32(s + len - 4);
    } else {
        a = len ? (uint64_t)s[0] | ((uint64_t)s[len / 2] << 8) | ((uint64_t)s[len - 1] << 16) : 0;
        b = 0;
    }
    h = (a * 0x9E3779B97F4A7C15ULL) ^ ((b + len) * 0xC2B2AE3D27D4EB4FULL);
    return h ^ (h >> 32);
}

/* Token flags (gtok.meta >> 16). */
#define TOK_COMMON 1u  /* a function word or very common word */
#define TOK_TRIGGER_LOC 2u
#define TOK_TRIGGER_PER 4u
#define TOK_TRIGGER_ORG 8u
#define TOK_PERNAME 16u /* a word of a person's name (in a PER entry, or بن أبو آل …) */

struct gmeta {
    uint32_t fuzzy;        /* 1: the deletion index is present */
    uint32_t norm_flags;   /* ar_norm_options.flags */
    uint8_t norm_enum[8];  /* alef, teh_marbuta, dagger_alef, digits, unicode, elongation */
    uint32_t maxprobe;     /* the token hash table's longest probe run (1 to
                              AR_GAZ_MAX_PROBES; 0 in files written before it
                              was recorded: measured when opened) */
    uint32_t reserved[3];
};

struct gtok {
    uint32_t str;         /* offset of the token text in S_STR */
    uint32_t first_node;  /* trie node reached from the root by this token, or NONE */
    uint32_t hash;        /* low 32 bits of ar__hash(text) */
    uint32_t meta;        /* letter count (low 16 bits) | TOK_* flags << 16 */
};

struct gnode {
    uint32_t edge_start;  /* edges [edge_start, next.edge_start) */
    uint32_t ent_start;   /* entries [ent_start, next.ent_start) in S_NENT */
};

struct gedge {
    uint32_t tok, child;  /* sorted by tok within a node */
};

/* An entry at a node, with what matching checks first kept beside it (so
 * the entry record itself is read only for the entries that match). */
struct gnent {
    uint32_t entry;
    uint16_t type;
    uint16_t flags;       /* AR_GAZ_* */
};

struct gent {
    uint32_t name, id, canonical, attrs, exact; /* string offsets */
    uint32_t type;        /* index in S_TYPE */
    uint32_t flags;       /* AR_GAZ_* */
    int32_t priority;
    uint32_t idn;         /* entries with the same id share this number */
};

#define NONE 0xFFFFFFFFu

struct ar_gazetteer {
    ar_norm_options norm;
    ar_normalizer *nz;      /* matching normalization */
    ar_normalizer *exact;   /* surface comparison: letters kept, marks dropped */
    void *owned;            /* malloc'd blob (compiled or copied) */
    void *mapped;           /* mmap'ed file */
    size_t mapped_len;
    int from_file;          /* opened from a file (mapped, or read when small) */
    const unsigned char *body;
    size_t body_len;
    /* section views */
    const unsigned char *str;
    uint32_t str_len;
    const struct gtok *tok;
    uint32_t ntok;
    const uint32_t *slot;
    uint32_t nslot;         /* a power of two */
    const struct gnode *node;
    uint32_t nnode;         /* not counting the sentinel */
    const struct gedge *edge;
    uint32_t nedge;
    const struct gnent *nent;
    uint32_t nnent;
    const struct gent *ent;
    uint32_t nentries;
    const uint32_t *type;
    uint32_t ntype;
    const uint64_t *delh;
    const uint32_t *delt;
    uint32_t ndel;
    int fuzzy;
    uint32_t maxprobe;      /* the longest probe run of the token hash table
                               (found when attached; at most AR_GAZ_MAX_PROBES) */
    unsigned char *typetrig;/* per type: its TOK_TRIGGER_* flag (found when attached) */
    unsigned char *typecode;/* per type: 'P', 'L', 'O' for PER, LOC, ORG, 'M' for
                               another type of 3 bytes, else 0 (names.c) */
    unsigned char *verdict; /* per-entry calibration verdicts (gaz_view.c), or NULL */
    uint64_t *tokmap;       /* the token dictionary by a cheap hash (gaz_token),
                               or NULL (built when attached) */
    uint32_t tokmask;       /* its slots - 1 */
    uint64_t *startbits;    /* the start filter (gaz_may_start), or NULL */
    unsigned startshift;    /* 64 - log2 of its bits */
    int exact_plain;        /* the exact normalizer leaves basic Arabic letters
                               (U+0621-063A, U+0641-064A) and spaces as they
                               are (checked when attached) */
};

/* Every token of s[0..len) into (*tok)[0..*n), the array grown as needed
 * (*cap elements): what ar_tokenizer_next gives one by one, with the
 * common token, an Arabic word, found without a call (tokens.c). */
int ar__tokenize(const char *s, size_t len, ar_token **tok, size_t *cap, size_t *n);

/* ------------------------------------------- the read side (gaz_view.c) */

/* Section sizes -> views, with every structural bound checked, then the
 * normalizers of the stored options. AR_EFORMAT (err says what is wrong). */
int ar__gaz_attach(ar_gazetteer *g, const unsigned char *body, size_t len,
                   const uint64_t *offs, const uint64_t *sizes, ar_error *err);

/* A varint at p[*pos] (at most 5 bytes, below len); *ok = 0 when cut. */
size_t ar__varint_get(const unsigned char *p, size_t len, size_t *pos, int *ok);

/* Strings in a string section (S_STR, or the builder's pool of the same
 * layout): varint length, bytes, NUL. Bounds-checked: "" when off is bad. */
const char *ar__gaz_strat(const unsigned char *pool, size_t pool_len, uint32_t off, size_t *len);
const char *ar__gaz_str(const ar_gazetteer *g, uint32_t off, size_t *len);

/* ar__gaz_str without a call for a string of up to 127 bytes (a length
 * in the varint's first byte): the same pointer and length. */
static inline const char *gaz_str(const ar_gazetteer *g, uint32_t off, size_t *len)
{
    if (off < g->str_len && g->str[off] < 0x80 && g->str[off] <= g->str_len - off - 1) {
        *len = g->str[off];
        return (const char *)g->str + off + 1;
    }
    return ar__gaz_str(g, off, len);
}

/* Token id of a normalized token, or NONE. */
uint32_t ar__gaz_lookup(const ar_gazetteer *g, const unsigned char *s, size_t len, uint64_t h);

/* a[0..n) == b[0..n): tokens of 2 to 16 bytes (nearly all words) with
 * two loads each that together cover the bytes, instead of a call */
static inline int gaz_same(const unsigned char *a, const unsigned char *b, size_t n)
{
    if (n >= 8 && n <= 16)
        return ar__load64le(a) == ar__load64le(b) && ar__load64le(a + n - 8) == ar__load64le(b + n - 8);
    if (n >= 4 && n < 8) return gaz_get32(a) == gaz_get32(b) && gaz_get32(a + n - 4) == gaz_get32(b + n - 4);
    if (n == 2 || n == 3) return a[0] == b[0] && a[1] == b[1] && a[n - 1] == b[n - 1];
    return memcmp(a, b, n) == 0;
}

/* The last six bytes of s[0..len), len >= 6, in one number. */
static inline uint64_t gaz_last6(const unsigned char *s, size_t len)
{
    return (uint64_t)gaz_get32(s + len - 6) | (uint64_t)s[len - 2] << 32 | (uint64_t)s[len - 1] << 40;
}

/* Can a token of the text, s[0..len) with len >= 6, start a match, whole
 * or after a clitic? Every form matching tries (the token, its stems after
 * و ف ب ل ك and the article, لل read as ل + ال) is the token or the end
 * of it, of six bytes (three letters) or more, so it ends with the
 * token's last six bytes: when no token that starts a name in the trie
 * ends with them, none can (0). A filter of those endings built when
 * attached; 1 (maybe) when there is none. */
static inline int gaz_may_start(const ar_gazetteer *g, const unsigned char *s, size_t len)
{
    uint64_t k;
    if (!g->startbits) return 1;
    k = (gaz_last6(s, len) * 0x9E3779B97F4A7C15ULL) >> g->startshift;
    return (g->startbits[k >> 6] >> (k & 63)) & 1;
}

/* Token id of a normalized token, or NONE, as ar__gaz_lookup finds it
 * (the same answer for every text: the in-memory table holds exactly the
 * tokens that lookup finds, see gaz_view.c), with the cheap hash instead
 * of the stored one: every word of a text is looked up. */
static inline uint32_t gaz_token(const ar_gazetteer *g, const unsigned char *s, size_t len)
{
    uint64_t h = gaz_quick_hash(s, len), v;
    uint32_t k = (uint32_t)h & g->tokmask, tag = (uint32_t)(h >> 32);
    while ((v = g->tokmap[k]) != 0) {
        if ((uint32_t)(v >> 32) == tag) {
            /* the string as attaching found it: a one-byte length, in bounds */
            uint32_t id = (uint32_t)v - 1;
            const unsigned char *ts = g->str + g->tok[id].str;
            if (ts[0] == len && gaz_same(ts + 1, s, len)) return id;
        }
        k = (k + 1) & g->tokmask;
    }
    return NONE;
}

/* The metadata section for a gazetteer built with these options. */
void ar__gaz_meta_put(struct gmeta *m, const ar_norm_options *o, int fuzzy);

/* The options of the "exact" normalizer: the surface compared when an entry
 * or a common word must be spelled exactly. */
void ar__gaz_exact_options(ar_norm_options *o);

/* Only basic Arabic letters (U+0621-063A, U+0641-064A) and ASCII spaces:
 * text the exact normalizer gives back as it is (g->exact_plain). */
static inline int gaz_plain_letters(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (s[i] == ' ') {
            i++;
        } else if (i + 1 < n && ((s[i] == 0xD8 && s[i + 1] >= 0xA1 && s[i + 1] <= 0xBA) ||
                                 (s[i] == 0xD9 && s[i + 1] >= 0x81 && s[i + 1] <= 0x8A))) {
            i += 2;
        } else {
            return 0;
        }
    }
    return 1;
}

/* Entry e's flags (as stored: f) with its calibration verdict applied. */
unsigned ar__gaz_entry_flags(const ar_gazetteer *g, uint32_t e, unsigned f);

/* The trie: the node a token leads to from the root, and a node's child
 * by token (edges are sorted by token); NONE when there is none. */
static inline uint32_t gaz_first_node(const ar_gazetteer *g, uint32_t t)
{
    uint32_t n;
    if (t >= g->ntok) return NONE;
    n = g->tok[t].first_node;
    return n < g->nnode ? n : NONE;
}

static inline uint32_t gaz_child(const ar_gazetteer *g, uint32_t node, uint32_t t)
{
    uint32_t lo = g->node[node].edge_start, hi = g->node[node + 1].edge_start;
    if (lo > hi || hi > g->nedge) return NONE;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (g->edge[mid].tok < t) lo = mid + 1;
        else hi = mid;
    }
    if (lo < g->node[node + 1].edge_start && g->edge[lo].tok == t && g->edge[lo].child < g->nnode)
        return g->edge[lo].child;
    return NONE;
}

/* The built-in word lists (words.c): common words that never start a match
 * unless the surface is exact, and trigger words for context. NULL-ended. */
extern const char *const ar__common_words[];
extern const char *const ar__trigger_loc[];
extern const char *const ar__trigger_per[];
extern const char *const ar__trigger_org[];
extern const char *const ar__name_particles[];

#endif
