/*
 * names.c — persons and organizations nobody listed, found from context.
 *
 * A lexicon maps normalized words to classes (given name, title, speech
 * verb, particle, organization head noun, common word ...). The recognizer
 * normalizes the text ("search" preset, with an offset map), tokenizes it,
 * and reads it left to right:
 *
 *  - a person starts at a given name (جورج, فاطمة), at a particle that
 *    starts names (أبو مازن, عبد الله), after a title and the words that
 *    qualify it (الرئيس | الأمريكي | جورج بوش; وزير | خارجية فرنسا | ...),
 *    or after a speech verb (وقال | جوتشولك). It goes on over words that
 *    look like names: given names, particles, family names with the article
 *    (الأسد) and words that are neither common nor function words; a
 *    particle with nothing after it is left out;
 *  - an organization starts at a head noun (وزارة, حزب, جامعة ...) followed
 *    by its name: a chain of definite words (وزارة الخارجية الإيرانية),
 *    a gazetteer place (جامعة القاهرة), a name in quotes (صحيفة « القادسية
 *    »: only the quoted name), or words that look like names (شركة
 *    موتورولا: the name, or with the head for heads that belong to names,
 *    حزب, جامعة), and optionally a ل-phrase (شركة ... للتجارة);
 *  - mentions: once a person is found, a later (or earlier) word that is
 *    their surname alone is the same person, with the same id; this holds
 *    for gazetteer persons too.
 *
 * Gazetteer matches of the same text are respected: no name is found inside
 * one, except that an organization's name may contain a gazetteer place
 * (the place is then dropped).
 */
#include "names.h"
#include "hash.h"
#include "offmap.h"
#include "gaz.h"
#include <time.h>

/* ---------------------------------------------------------------- lexicon */

struct nslot {
    uint64_t h;
    uint32_t off, len;   /* the word in the pool */
    uint32_t cls;        /* AR_NAME_* */
    uint32_t used;
};

struct ar_names {
    ar_normalizer *nz;
    struct nslot *slot;
    uint16_t *tag;        /* per slot: 0 empty, else lex_tag() of its word's hash */
    size_t nslot, nused;  /* nslot is a power of two */
    char *pool;
    size_t pool_len, pool_cap;
    ar_buf tmp;           /* scratch for ar_names_add (not thread-safe, as builders) */
    uint64_t version;     /* ar__names_version: from the clock when made (so a
                             lexicon made where a freed one was is another),
                             one more for every change */
};

ar_names *ar_names_new(int *err)
{
    ar_norm_options o;
    ar_names *nm;
    int e = AR_OK;
    if (err) *err = AR_OK;
    nm = calloc(1, sizeof *nm);
    if (!nm) {
        if (err) *err = AR_ENOMEM;
        return NULL;
    }
    {
        struct timespec ts;
        if (clock_gettime(CLOCK_MONOTONIC, &ts) == 0)
            nm->version = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
        nm->version = ar__mix64(nm->version ^ (uint64_t)(uintptr_t)nm) << 20;
    }
    ar_norm_options_preset(&o, "search");
    nm->nz = ar_normalizer_new(&o, &e);
    nm->nslot = 256;
    nm->slot = calloc(nm->nslot, sizeof *nm->slot);
    nm->tag = calloc(nm->nslot, sizeof *nm->tag);
    if (!nm->nz || !nm->slot || !nm->tag) {
        ar_names_free(nm);
        if (err) *err = e ? e : AR_ENOMEM;
        return NULL;
    }
    return nm;
}

void ar_names_free(ar_names *nm)
{
    if (!nm) return;
    ar_normalizer_free(nm->nz);
    free(nm->slot);
    free(nm->tag);
    free(nm->pool);
    ar_buf_free(&nm->tmp);
    free(nm);
}

size_t ar_names_count(const ar_names *nm) { return nm ? nm->nused : 0; }

uint64_t ar__names_version(const ar_names *nm) { return nm ? nm->version : 0; }

static inline uint64_t load32le(const unsigned char *p)
{
    return (uint64_t)p[0] | ((uint64_t)p[1] << 8) | ((uint64_t)p[2] << 16) | ((uint64_t)p[3] << 24);
}

/* The lexicon's hash: the table lives in memory only (never in a file),
 * so it need not be the gazetteer's. Words are short (an Arabic word of
 * 4 to 8 letters is 8 to 16 bytes): two loads that together cover every
 * byte (they overlap when len < 16) and two multiplies, instead of a mix per 8
 * bytes and a loop over the tail; a lookup per token and per clitic stem
 * makes this the recognizer's most frequent call. */
AR_INLINE uint64_t lex_hash(const unsigned char *s, size_t len)
{
    uint64_t a, b;
    if (len > 16) return ar__hash(s, len);
    if (len >= 8) {
        a = ar__load64le(s);
        b = ar__load64le(s + len - 8);
    } else if (len >= 4) {
        a = load32le(s);
        b = load32le(s + len - 4);
    } else {
        a = len ? (uint64_t)s[0] | ((uint64_t)s[len / 2] << 8) | ((uint64_t)s[len - 1] << 16) : 0;
        b = 0;
    }
    /* a multiply each and the high half folded into the low one: the
     * table's slot comes from the low bits */
    a = (a ^ 0x9E3779B97F4A7C15ULL) * 0xff51afd7ed558ccdULL;
    b = (b + len) * 0xc4ceb9fe1a85ec53ULL;
    a ^= b ^ (b >> 29);
    return a ^ (a >> 32);
}

/* a[0..n) == b[0..n): words of 2 to 16 bytes (nearly all) with two
 * loads each, as gaz_same */
AR_INLINE int same_bytes(const unsigned char *a, const unsigned char *b, size_t n)
{
    return gaz_same(a, b, n);
}

/* A slot's tag: 16 bits of its word's hash other than those that pick
 * the slot, never 0 (an empty slot). Probing reads the tags, 2 bytes a
 * slot (32 KB for the default lexicon's 16,384 slots, against 384 KB of
 * slots): a lookup reads a slot only where the tag agrees, and a word
 * not in the lexicon (nearly half the lookups) reads none. The slots
 * were the recognizer's most frequent cache misses. */
AR_INLINE uint16_t lex_tag(uint64_t h)
{
    uint16_t t = (uint16_t)(h >> 48);
    return t ? t : 1;
}

/* The slot of s (h its hash): the word's, or the empty one where it goes
 * (inline: lex_inline() runs it for every token and clitic stem). */
AR_INLINE size_t find_slot(const ar_names *nm, const unsigned char *s, size_t len, uint64_t h)
{
    size_t mask = nm->nslot - 1, k;
    uint16_t t = lex_tag(h);
    for (k = (size_t)h & mask; nm->tag[k]; k = (k + 1) & mask) {
        const struct nslot *x;
        if (nm->tag[k] != t) continue;
        x = &nm->slot[k];
        if (x->h == h && x->len == len && same_bytes((const unsigned char *)nm->pool + x->off, s, len)) break;
    }
    return k;
}

/* Classes of an already normalized word, the whole lookup inline in
 * analyze(), since every token asks once and every clitic stem again. */
AR_INLINE unsigned lex_inline(const ar_names *nm, const unsigned char *s, size_t len)
{
    size_t k;
    if (!nm || !len) return 0;
    k = find_slot(nm, s, len, lex_hash(s, len));
    return nm->tag[k] ? nm->slot[k].cls : 0;
}

static unsigned lex(const ar_names *nm, const unsigned char *s, size_t len) { return lex_inline(nm, s, len); }

unsigned ar__names_lookup(const ar_names *nm, const unsigned char *s, size_t len)
{
    return lex_inline(nm, s, len);
}

static int grow(ar_names *nm)
{
    size_t n = nm->nslot * 2, k, i;
    struct nslot *a = calloc(n, sizeof *a);
    uint16_t *tg = calloc(n, sizeof *tg);
    if (!a || !tg) {
        free(a);
        free(tg);
        return AR_ENOMEM;
    }
    for (i = 0; i < nm->nslot; i++) {
        if (!nm->slot[i].used) continue;
        for (k = (size_t)nm->slot[i].h & (n - 1); a[k].used; k = (k + 1) & (n - 1)) {}
        a[k] = nm->slot[i];
        tg[k] = lex_tag(a[k].h);
    }
    free(nm->slot);
    free(nm->tag);
    nm->slot = a;
    nm->tag = tg;
    nm->nslot = n;
    return AR_OK;
}

int ar_names_add(ar_names *nm, const char *word, size_t len, unsigned classes)
{
    ar_tokenizer tk;
    ar_token t, t2;
    struct nslot *x;
    const unsigned char *w;
    size_t wl, k;
    uint64_t h;
    int err;
    if (!nm || (!word && len)) return AR_EARG;
    if ((err = ar_normalize(nm->nz, word ? word : "", len, &nm->tmp, NULL, NULL))) return err;
    ar_tokenizer_init(&tk, nm->tmp.data, nm->tmp.len);
    if (!ar_tokenizer_next(&tk, &t) || ar_tokenizer_next(&tk, &t2)) return AR_EVALUE;
    w = (const unsigned char *)nm->tmp.data + t.start;
    wl = t.end - t.start;
    if (wl > UINT32_MAX / 2) return AR_ETOOBIG;
    if ((nm->nused + 1) * 2 > nm->nslot && (err = grow(nm))) return err;
    h = lex_hash(w, wl);
    k = find_slot(nm, w, wl, h);
    x = &nm->slot[k];
    nm->version++;
    if (x->used) {
        x->cls |= classes;
        return AR_OK;
    }
    if (nm->pool_len + wl > nm->pool_cap) {
        size_t cap = nm->pool_cap ? nm->pool_cap : 4096;
        char *p;
        while (cap < nm->pool_len + wl) cap *= 2;
        if (cap > UINT32_MAX) return AR_ETOOBIG;
        p = realloc(nm->pool, cap);
        if (!p) return AR_ENOMEM;
        nm->pool = p;
        nm->pool_cap = cap;
    }
    memcpy(nm->pool + nm->pool_len, w, wl);
    x->h = h;
    x->off = (uint32_t)nm->pool_len;
    x->len = (uint32_t)wl;
    x->cls = classes;
    x->used = 1;
    nm->tag[k] = lex_tag(h);
    nm->pool_len += wl;
    nm->nused++;
    return AR_OK;
}

unsigned ar_names_classes(const ar_names *nm, const char *word, size_t len)
{
    ar_buf b = {0};
    ar_tokenizer tk;
    ar_token t;
    unsigned c = 0;
    if (!nm || (!word && len)) return 0;
    if (ar_normalize(nm->nz, word ? word : "", len, &b, NULL, NULL) == AR_OK) {
        ar_tokenizer_init(&tk, b.data, b.len);
        if (ar_tokenizer_next(&tk, &t)) c = lex(nm, (const unsigned char *)b.data + t.start, t.end - t.start);
    }
    ar_buf_free(&b);
    return c;
}

/* ----------------------------------------------------------------- result */

/* What the recognizer knows about one token. */
typedef struct {
    size_t start, end;       /* normalized text */
    size_t src0, src1;       /* source text */
    int kind;
    unsigned cls;            /* classes of the whole token */
    unsigned scls;           /* classes of the stem without و/ف (or ل/ب) */
    uint8_t conj;            /* bytes of a leading و/ف clitic in the stem */
    uint8_t prep;            /* bytes of و/ف + ل/ب (0: none) */
    uint8_t def;             /* the token (after clitics) has the article */
    uint8_t nisba;           /* ends in ي / ية / يين / يون */
    int32_t gz;              /* gazetteer match covering it, or -1 */
    uint8_t gzfirst;         /* first token of that match */
    uint8_t gztype;          /* 'P', 'L', 'O', 'M' or 0 */
    uint8_t taken;           /* inside a name found here */
} ntok;

typedef struct {
    size_t i, j;             /* tokens */
    size_t clitic;           /* bytes of clitic in token i (normalized) */
    char type;               /* 'P', 'O' or 'M' */
    size_t id_off, id_len;   /* in idbuf */
    size_t gaz;
    int coref;
    char rule;               /* see rule_name() */
} nmatch;

/* What analyze() found for a word of up to 16 bytes (its bytes, zeros
 * above, and its length are the key): words recur, and a word seen again
 * is then one read instead of up to three lookups in the lexicon (whose
 * slots are the recognizer's most frequent cache misses). 4,096 entries
 * of 32 bytes a result (128 KB): arabic.entities on news lines took 149.3
 * M instructions a MB with 512 entries, 147.5 with 2,048, 147.0 with
 * these, and fewer data cache misses than with 512. An entry
 * holds for the generation it was written in: a lexicon changed (or
 * another one) starts the next generation instead of clearing them. */
#define MEMO_BITS 12
struct amemo {
    uint64_t w0, w1;
    uint32_t cls, scls;
    uint32_t gen;            /* valid when it is the result's memo_gen */
    uint8_t len, conj, prep, shape; /* shape: def | nisba << 1 */
};

struct ar_names_result {
    const ar_names *nm;      /* the lexicon of the last call */
    struct amemo *memo;      /* 1 << MEMO_BITS entries (NULL: none, out of memory) */
    const ar_names *memo_nm; /* ... for this lexicon at this version, */
    uint64_t memo_ver;
    uint32_t memo_gen;       /* ... the entries of this generation */
    ar_buf norm;             /* our own normalized text and map, */
    ar_map *map;
    const char *src;         /* the source text of the call */
    const char *nt;          /* ... or the gazetteer result's: what the */
    size_t ntlen;            /* tokens point into */
    const ar_map *nmap;
    ntok *tok;
    size_t ntok, tokcap;
    nmatch *m;
    size_t n, cap;
    ar_name_match *out;
    size_t outcap;
    unsigned char *drop;
    size_t dropcap, ndrop;
    ar_buf idbuf;
    size_t maphint;          /* nmap's last anchor looked up (ar__map_source_near) */
    size_t mapk;             /* map_token's cursor: anchors before the last token's end */
    int gzper;               /* a gazetteer match of type PER is over the tokens */
};

ar_names_result *ar_names_result_new(void)
{
    ar_names_result *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->map = ar_map_new();
    if (!r->map) {
        free(r);
        return NULL;
    }
    return r;
}

void ar_names_result_free(ar_names_result *r)
{
    if (!r) return;
    ar_buf_free(&r->norm);
    ar_map_free(r->map);
    free(r->tok);
    free(r->m);
    free(r->out);
    free(r->drop);
    ar_buf_free(&r->idbuf);
    free(r->memo);
    free(r);
}

size_t ar_names_result_count(const ar_names_result *r) { return r ? r->n : 0; }

const ar_name_match *ar_names_result_get(const ar_names_result *r, size_t i)
{
    return r && i < r->n ? &r->out[i] : NULL;
}

int ar_names_result_drops(const ar_names_result *r, size_t i)
{
    return r && i < r->ndrop ? r->drop[i] : 0;
}

/* ---------------------------------------------------------- token shapes */

#define B2(s, a, b) ((s)[0] == (a) && (s)[1] == (b))
#define IS_WAW(s) B2(s, 0xD9, 0x88)
#define IS_FEH(s) B2(s, 0xD9, 0x81)
#define IS_BEH(s) B2(s, 0xD8, 0xA8)
#define IS_LAM(s) B2(s, 0xD9, 0x84)
#define IS_KAF(s) B2(s, 0xD9, 0x83)
#define IS_ALEF(s) B2(s, 0xD8, 0xA7)
#define IS_YEH(s) B2(s, 0xD9, 0x8A)
#define IS_TEHM(s) B2(s, 0xD8, 0xA9)
#define IS_NOON(s) B2(s, 0xD9, 0x86)

static const unsigned char *tok_text(const ar_names_result *r, size_t i, size_t *len)
{
    *len = r->tok[i].end - r->tok[i].start;
    return (const unsigned char *)r->nt + r->tok[i].start;
}

static int starts_def(const unsigned char *s, size_t len)
{
    return len >= 8 && IS_ALEF(s) && IS_LAM(s + 2); /* ال + 2 letters */
}

static int nisba_shape(const unsigned char *s, size_t len)
{
    if (len >= 6 && IS_YEH(s + len - 2)) return 1;
    if (len >= 8 && IS_YEH(s + len - 4) && IS_TEHM(s + len - 2)) return 1;
    if (len >= 10 && IS_YEH(s + len - 6) && (IS_YEH(s + len - 4) || IS_WAW(s + len - 4)) && IS_NOON(s + len - 2))
        return 1;
    return 0;
}

/* The last len - i (< 8) bytes of s[0..len) in one word, little-endian,
 * zeros above, read without a byte outside s[0..len): the tail of a loop
 * that reads eight bytes at a time. */
static inline uint64_t tail_bytes(const unsigned char *s, size_t i, size_t len)
{
    size_t rem = len - i;
    uint64_t x = 0;
    if (rem == 0) return 0;
    if (len >= 8) return ar__load64le(s + len - 8) >> (8 * (8 - rem));
    if (len >= 4) /* i == 0 */
        return load32le(s) | ((load32le(s + len - 4) >> (8 * (8 - len))) << 32);
    while (rem--) x = (x << 8) | s[i + rem];
    return x;
}

/* UTF-8 continuation bytes (10xxxxxx) in the word x. */
static inline size_t continuation_bytes(uint64_t x)
{
    x = x & ~(x << 1) & 0x8080808080808080ULL; /* bit 7 set, bit 6 clear */
    return (size_t)(((x >> 7) * 0x0101010101010101ULL) >> 56);
}

/* Characters of s[0..len): the bytes that are not continuation bytes,
 * eight at a time. */
static size_t count_letters(const unsigned char *s, size_t len)
{
    size_t i = 0, cont = 0;
    for (; i + 8 <= len; i += 8) cont += continuation_bytes(ar__load64le(s + i));
    return len - cont - continuation_bytes(tail_bytes(s, i, len));
}

/* Letters of token i (the long ones as they always were counted: 200
 * above 400 bytes, and in a byte), for the few tests that ask: counted
 * when asked, not for every token. */
static uint8_t tok_letters(const ar_names_result *r, size_t i)
{
    size_t len = r->tok[i].end - r->tok[i].start;
    return (uint8_t)(len > 400 ? 200 : count_letters((const unsigned char *)r->nt + r->tok[i].start, len));
}

/* Classes and shape of token i: the whole token, and its stem after a
 * known و/ف and after ل/ب (لل = ل + ال) when what remains is a known word
 * or a definite one. */
#define KEEP_WHOLE (AR_NAME_GIVEN | AR_NAME_PARTICLE | AR_NAME_PARTICLE_START | AR_NAME_TITLE | \
                    AR_NAME_SPEECH | AR_NAME_ORG_HEAD | AR_NAME_STOP | AR_NAME_MISC)
static void analyze_word(const ar_names *nm, ntok *t, const unsigned char *s, size_t len, uint32_t known);

static void analyze(const ar_names *nm, ar_names_result *r, size_t i, uint32_t known)
{
    ntok *t = &r->tok[i];
    size_t len;
    const unsigned char *s = tok_text(r, i, &len);
    struct amemo *m;
    uint64_t w0, w1;
    t->cls = t->scls = 0;
    t->conj = t->prep = t->def = t->nisba = 0;
    if (t->kind != AR_TOK_WORD) return;
    if (!r->memo || len == 0 || len > 16) {
        analyze_word(nm, t, s, len, known);
        return;
    }
    if (len >= 8) {
        w0 = ar__load64le(s);
        w1 = len > 8 ? ar__load64le(s + len - 8) >> (8 * (16 - len)) : 0;
    } else {
        w0 = tail_bytes(s, 0, len);
        w1 = 0;
    }
    m = &r->memo[((w0 * 0x9E3779B97F4A7C15ULL) ^ (w1 * 0xC2B2AE3D27D4EB4FULL) ^ len) >> (64 - MEMO_BITS)];
    if (m->gen == r->memo_gen && m->len == len && m->w0 == w0 && m->w1 == w1) {
        t->cls = m->cls;
        t->scls = m->scls;
        t->conj = m->conj;
        t->prep = m->prep;
        t->def = m->shape & 1;
        t->nisba = m->shape >> 1;
        return;
    }
    analyze_word(nm, t, s, len, known);
    m->w0 = w0;
    m->w1 = w1;
    m->gen = r->memo_gen;
    m->len = (uint8_t)len;
    m->cls = t->cls;
    m->scls = t->scls;
    m->conj = t->conj;
    m->prep = t->prep;
    m->shape = (uint8_t)(t->def | t->nisba << 1);
}

/* analyze() of a word token s[0..len) into t (its fields zero). */
static void analyze_word(const ar_names *nm, ntok *t, const unsigned char *s, size_t len, uint32_t known)
{
    size_t sl;
    const unsigned char *p;
    unsigned char buf[128];
    /* (the gazetteer matcher's lookup of the whole token, when it made one) */
    t->cls = known != 0xFFFFFFFFu ? known : lex_inline(nm, s, len);
    t->scls = t->cls;
    p = s;
    sl = len;
    if (t->cls & KEEP_WHOLE) goto shape;
    if (len >= 6 && (IS_WAW(s) || IS_FEH(s))) {
        unsigned c = lex_inline(nm, s + 2, len - 2);
        int d = len >= 12 && starts_def(s + 2, len - 2); /* والكر is no و + الكر */
        if (c || d || (len >= 10 && (IS_LAM(s + 2) || IS_BEH(s + 2)))) {
            t->conj = 2;
            t->scls = c;
            p = s + 2;
            sl = len - 2;
        }
    }
    if (!(t->scls & KEEP_WHOLE) && sl >= 6 && (IS_LAM(p) || IS_BEH(p))) {
        if (IS_LAM(p) && IS_LAM(p + 2) && sl + 2 <= sizeof buf) {
            /* لل = ل + ال: the article's alef is not written */
            buf[0] = 0xD8;
            buf[1] = 0xA7;
            memcpy(buf + 2, p + 2, sl - 2);
            t->scls = lex_inline(nm, buf, sl);
            t->prep = (uint8_t)(t->conj + 2);
            t->def = 1;
            t->nisba = (uint8_t)nisba_shape(buf, sl);
            return;
        } else {
            unsigned c = lex_inline(nm, p + 2, sl - 2);
            if (c || starts_def(p + 2, sl - 2)) {
                t->scls = c;
                t->prep = (uint8_t)(t->conj + 2);
                p += 2;
                sl -= 2;
            }
        }
    }
shape:
    t->def = (uint8_t)starts_def(p, sl);
    t->nisba = (uint8_t)(t->def && nisba_shape(p, sl));
}

/* ---------------------------------------------------------------- scanning */

typedef struct {
    const ar_names *nm;
    ar_names_result *r;
    const ar_gazetteer *g;
    const ar_gaz_result *gr;
    unsigned flags;
} scan_t;

/* Only white space (at most one line break) between tokens i and i+1. */
static int adjacent(const ar_names_result *r, size_t i)
{
    const char *s = r->nt;
    size_t a = r->tok[i].end, b = r->tok[i + 1].start, nl = 0;
    for (; a < b; a++) {
        if (s[a] == '\n') {
            if (++nl > 1) return 0;
        } else if (s[a] != ' ' && s[a] != '\t' && s[a] != '\r') {
            return 0;
        }
    }
    return 1;
}

static int next_ok(const ar_names_result *r, size_t i)
{
    return i + 1 < r->ntok && adjacent(r, i);
}

#define NOT_NAME (AR_NAME_STOP | AR_NAME_TITLE | AR_NAME_SPEECH | AR_NAME_ORG_HEAD | AR_NAME_ORDINAL | AR_NAME_MISC)

/* A common word with an ending of number, case or gender: ساكنا (ساكن +
 * tanween alef), مراقبون, مسؤولو, طفلة. Names rarely are (كلينتون:
 * كلينت is no word). */
static int inflected_common(const ar_names *nm, const unsigned char *w, size_t len)
{
    static const struct {
        const char *suf;
        size_t n;
    } sufs[] = {{"\xD8\xA7", 2}, {"\xD9\x88\xD9\x86", 4}, {"\xD9\x8A\xD9\x86", 4}, {"\xD9\x88", 2},
                {"\xD8\xA9", 2}, {"\xD8\xA7\xD8\xAA", 4}};
    size_t k;
    if (!nm || len < 8) return 0;
    for (k = 0; k < sizeof sufs / sizeof sufs[0]; k++)
        if (len >= sufs[k].n + 6 && memcmp(w + len - sufs[k].n, sufs[k].suf, sufs[k].n) == 0 &&
            (lex(nm, w, len - sufs[k].n) & AR_NAME_COMMON) && !(lex(nm, w, len - sufs[k].n) & AR_NAME_GIVEN))
            return 1;
    return 0;
}

/* Token i is a dual noun with its dual adjective after it: مسؤولان
 * إيرانيان, وزيران سابقان (a common word + ان, then a word ending in ان).
 * The agreement is the evidence: a family name of that shape (شعبان, from
 * شعب) has no such word after it. */
static int dual_phrase(const ar_names_result *r, size_t i)
{
    size_t len, nl;
    const unsigned char *w = tok_text(r, i, &len), *n;
    if (len < 10 || !IS_ALEF(w + len - 4) || !IS_NOON(w + len - 2)) return 0;
    if (!next_ok(r, i) || r->tok[i + 1].kind != AR_TOK_WORD) return 0;
    n = tok_text(r, i + 1, &nl);
    if (nl < 8 || !IS_ALEF(n + nl - 4) || !IS_NOON(n + nl - 2)) return 0;
    return (lex(r->nm, w, len - 4) & AR_NAME_COMMON) && !(lex(r->nm, w, len - 4) & AR_NAME_GIVEN) &&
           !(r->tok[i].cls & AR_NAME_GIVEN);
}

/* A word ending in an attached pronoun (ـها, ـهم, ـهما, ـكم, ـه but not
 * ـيه/ـوه of European names: تريزيغيه): a noun or verb, never a family
 * name. */
static int pronoun_suffix(const unsigned char *w, size_t len)
{
    size_t n = count_letters(w, len);
    const unsigned char *e = w + len;
    if (len < 4 || n < 4) return 0;
#define HEH(p) B2(p, 0xD9, 0x87)
#define MEEM(p) B2(p, 0xD9, 0x85)
    if (HEH(e - 4) && (IS_ALEF(e - 2) || MEEM(e - 2)) && n >= 5) return 1;           /* ها هم */
    if (len >= 6 && HEH(e - 6) && MEEM(e - 4) && IS_ALEF(e - 2)) return 1;            /* هما */
    if (IS_KAF(e - 4) && MEEM(e - 2) && n >= 5) return 1;                             /* كم */
    if (HEH(e - 2) && !IS_YEH(e - 4) && !IS_WAW(e - 4) && !IS_LAM(e - 4)) return 1;    /* ه, not يه وه له */
#undef HEH
#undef MEEM
    return 0;
}

static int has_tanween(const char *s, size_t n);

/* Could token i be a word of a person's name (not its first word)? A word
 * written with tanween (رفضاً) is a noun or an adjective: looked for in
 * the source only here, for the few tokens that get this far. */
static int name_word(const ar_names_result *r, size_t i)
{
    const ntok *t = &r->tok[i];
    if (t->kind != AR_TOK_WORD || t->taken || tok_letters(r, i) < 2 || has_tanween(r->src + t->src0, t->src1 - t->src0))
        return 0;
    if (t->gz >= 0 && t->gztype != 'P') return 0;
    if (t->conj || t->prep) return 0;       /* وبوش starts another name */
    if (t->cls & AR_NAME_GIVEN) return !(t->cls & AR_NAME_STOP);
    if (t->cls & (NOT_NAME | AR_NAME_COMMON)) return 0; /* a homograph the gazetteer left alone may be a family name: إبراهيم الخليل */
    return 1;
}

/* Could token i start a person's name after a title or a speech verb? */
static int name_start_after_trigger(const ar_names_result *r, size_t i)
{
    const ntok *t = &r->tok[i];
    size_t len;
    const unsigned char *s;
    if (!name_word(r, i) || t->gz >= 0) return 0;
    if (t->cls & AR_NAME_PARTICLE) return 0;
    if (t->def && !(t->cls & AR_NAME_GIVEN)) return 0;
    s = tok_text(r, i, &len);
    /* a word starting with ي is most often an imperfect verb (يزور) */
    if (IS_YEH(s) && !(t->cls & AR_NAME_GIVEN)) return 0;
    /* plural nisba nouns: دبلوماسيون, مسؤولين */
    if (len >= 8 && IS_YEH(s + len - 6) && (IS_WAW(s + len - 4) || IS_YEH(s + len - 4)) && IS_NOON(s + len - 2))
        return 0;
    if (t->cls & AR_NAME_GIVEN) return tok_letters(r, i) >= 2;
    /* a noun with its pronoun (محادثاته, استعدادها), a word after و (الملك
     * | وأسره: a new clause), a feminine plural (تعليمات, ملابسات) */
    if (pronoun_suffix(s, len) || IS_WAW(s) || inflected_common(r->nm, s, len) || dual_phrase(r, i)) return 0;
    if (tok_letters(r, i) >= 5 && IS_ALEF(s + len - 4) && B2(s + len - 2, 0xD8, 0xAA)) return 0;
    return tok_letters(r, i) >= 2;
}

/* A given name strong enough to start a name on its own. */
static int given_start(const ar_names_result *r, size_t i)
{
    const ntok *t = &r->tok[i];
    unsigned c = (t->conj || t->prep) ? t->scls : t->cls;
    const ntok *n;
    if (t->kind != AR_TOK_WORD || t->taken || t->gz >= 0) return 0;
    if (!(c & (AR_NAME_GIVEN | AR_NAME_PARTICLE_START)) || (c & AR_NAME_STOP)) return 0;
    /* a clitic split must not turn a frequent word into a name: لدينا
     * "we have" is no ل + دينا */
    if ((t->conj || t->prep) && (t->cls & (AR_NAME_COMMON | AR_NAME_STOP))) return 0;
    n = next_ok(r, i) && name_word(r, i + 1) ? &r->tok[i + 1] : NULL;
    if (n && (n->cls & AR_NAME_PARTICLE) && !(n->cls & AR_NAME_GIVEN)) n = NULL;
    /* ل/ب before a name (لأسامة بن لادن): only before more of the name */
    if (t->prep && !n) return 0;
    if (c & AR_NAME_PARTICLE) return 0; /* الله: inside names only */
    /* أبو "father of": only before a given name or another particle
     * (أبو مازن, أبو عبد الله; not أبو غريب prison) */
    if (c & AR_NAME_PARTICLE_START) return n && (n->cls & (AR_NAME_GIVEN | AR_NAME_PARTICLE_START));
    /* a given name with the article (الحسن "the good") needs more name */
    if (t->def && !n) return 0;
    if (c & AR_NAME_COMMON) {
        /* سعيد "happy", على (علي once folded): only before another given
         * name or a particle (علي عبد الله صالح) */
        return n && (n->cls & (AR_NAME_GIVEN | AR_NAME_PARTICLE_START)) && !(n->cls & AR_NAME_COMMON);
    }
    return 1;
}

#define PARTICLES (AR_NAME_PARTICLE | AR_NAME_PARTICLE_START)

/* A word that is neither a given name nor a particle nor definite: a
 * family name (رايس, قباني) or a word that only looks like one. */
static int plain_word(const ntok *t)
{
    return !(t->cls & (AR_NAME_GIVEN | PARTICLES)) && !t->def;
}

/* The word after a particle belongs to the name whatever else it is (علي
 * بن أبي | طالب "student", عبد | الواحد, أحمد أبو | غزة "Gaza"): only a
 * function word, a title, a verb of speech or a word with a clitic stops
 * it. (Not after الله, which ends names.) */
static int after_particle(const ar_names_result *r, size_t i)
{
    const ntok *t = &r->tok[i], *p = &r->tok[i - 1];
    if (t->kind != AR_TOK_WORD || t->taken || t->conj || t->prep || tok_letters(r, i) < 2) return 0;
    /* a verb of speech is a name there too: علي بن أبي | طالب */
    if (t->cls & (NOT_NAME & ~(AR_NAME_ORDINAL | AR_NAME_SPEECH))) return 0;
    /* a gazetteer name of one word only (a place, a surname alone) */
    if (t->gz >= 0 && (!t->gzfirst || (i + 1 < r->ntok && r->tok[i + 1].gz == t->gz))) return 0;
    /* the particles inside European names (دي, فان) are weaker: a common
     * word after them is no name (… فان | الحكومة, فان = فإن) */
    if (!(p->cls & AR_NAME_PARTICLE_START) && (t->cls & (AR_NAME_COMMON | AR_NAME_SPEECH | AR_NAME_HOMOGRAPH)) &&
        !(t->cls & AR_NAME_GIVEN))
        return 0;
    return 1;
}

/* Token e is a given name, a particle, or the word after a particle that
 * starts names (عبد | الرحمن): what a family name may follow. */
static int givenish(const ar_names_result *r, size_t e)
{
    if (r->tok[e].cls & (AR_NAME_GIVEN | PARTICLES)) return 1;
    return e > 0 && (r->tok[e - 1].cls & AR_NAME_PARTICLE_START) != 0;
}

/* The last token of the gazetteer person starting at token i when it goes
 * on a name (عبد الرحمن | مودي: not Narendra Modi; محمد | بن مبارك), or i - 1
 * when it does not. */
static size_t gaz_person_in_name(const ar_names_result *r, size_t i)
{
    size_t e = i;
    if (r->tok[i].gz < 0 || r->tok[i].gztype != 'P' || !r->tok[i].gzfirst || r->tok[i].conj || r->tok[i].prep)
        return i - 1;
    while (e + 1 < r->ntok && r->tok[e + 1].gz == r->tok[i].gz) e++;
    return e;
}

/* The end of a person's name starting at token s (its first word). */
static size_t name_end(const ar_names_result *r, size_t s, size_t maxw)
{
    size_t e = s, good = s, n = 1;
    while (n < maxw && next_ok(r, e)) {
        const ntok *p = &r->tok[e], *t = &r->tok[e + 1];
        size_t len;
        const unsigned char *w = tok_text(r, e + 1, &len);
        if (((p->cls & AR_NAME_PARTICLE_START) || (p->cls & (AR_NAME_PARTICLE | AR_NAME_GIVEN)) == AR_NAME_PARTICLE) &&
            after_particle(r, e + 1)) {
            if (t->gz >= 0) {
                size_t x = gaz_person_in_name(r, e + 1);
                if (x >= e + 1) {
                    n += x - e;
                    e = good = x;
                    continue;
                }
            }
            e++;
            n++;
            if (!(t->cls & PARTICLES) || (t->cls & AR_NAME_GIVEN)) good = e;
            continue;
        }
        if (t->gz >= 0 && givenish(r, e)) {
            /* a gazetteer person right after a given name: one name */
            size_t x = gaz_person_in_name(r, e + 1);
            if (x < e + 1) break;
            n += x - e;
            e = good = x;
            continue;
        }
        if (!name_word(r, e + 1)) break;
        if (t->gz >= 0) break; /* a gazetteer person right after: its own match */
        if (!(t->cls & (AR_NAME_GIVEN | PARTICLES))) {
            /* after a family name with the article (الأسد, الخطابي) only
             * particles and given names go on */
            if (p->def && !givenish(r, e)) break;
            if (IS_YEH(w)) break; /* most often an imperfect verb */
            if (pronoun_suffix(w, len) || inflected_common(r->nm, w, len) || dual_phrase(r, e + 1)) break; /* مواقفه, هويتها: a noun with its pronoun; مصادفة */
            if (IS_WAW(w) && !givenish(r, e)) break; /* شافيز | ومواقفنا: a new phrase (جورج | والكر goes on) */
            /* one family name after a given name: a second plain word
             * is most often what follows the name (كوفي أنان | سيطلب,
             * نزار قباني | نقلة) */
            if (plain_word(p) && e > s) break;
        }
        e++;
        n++;
        if (!(t->cls & PARTICLES) || (t->cls & AR_NAME_GIVEN)) good = e;
    }
    /* a regnal number ends the name: عبد الله الثاني, جيمس الأول */
    if (next_ok(r, good) && good == e && (r->tok[e + 1].cls & AR_NAME_ORDINAL) && !r->tok[e + 1].taken &&
        r->tok[e + 1].gz < 0 && !(r->tok[e].cls & PARTICLES))
        return e + 1;
    /* a particle at the end has no name after it (… بن) */
    while (good > s && (r->tok[good].cls & PARTICLES) && !(r->tok[good].cls & AR_NAME_GIVEN))
        good--;
    return good;
}

/* Words between a title and the name: the definite words and nisba
 * adjectives that qualify it (رئيس الوزراء الإسرائيلي), common words of a
 * construct (وزير خارجية ...), and gazetteer places or organizations
 * (الأمين العام للأمم المتحدة). Returns the first token after them. */
static size_t skip_qualifiers(const ar_names_result *r, size_t i)
{
    size_t k = i, n = 0;
    while (n < 4 && next_ok(r, k)) {
        const ntok *t = &r->tok[k + 1];
        if (t->kind != AR_TOK_WORD || (t->cls & AR_NAME_STOP) || (t->scls & AR_NAME_STOP)) break;
        if (t->gz >= 0 && t->gzfirst && t->gztype != 'P') {
            size_t e = k + 1;
            while (e + 1 < r->ntok && r->tok[e + 1].gz == t->gz) e++;
            k = e;
        } else if (t->gz >= 0) {
            break;
        } else if ((t->def || t->prep) && !(t->scls & AR_NAME_GIVEN) &&
                   ((t->scls & (AR_NAME_COMMON | AR_NAME_TITLE)) || t->nisba)) {
            k++;
        } else if (!t->def && !t->conj && !t->prep && (t->cls & AR_NAME_COMMON) && !(t->cls & AR_NAME_GIVEN) && n == 0) {
            k++; /* وزير خارجية ...: a construct, only right after the title */
        } else {
            break;
        }
        n++;
    }
    return k + 1;
}

static int push_rule(ar_names_result *r, size_t i, size_t j, size_t clitic, char type, size_t gaz, int coref,
                     char rule)
{
    size_t k;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        nmatch *p = realloc(r->m, cap * sizeof *p);
        if (!p) return AR_ENOMEM;
        r->m = p;
        r->cap = cap;
    }
    r->m[r->n].i = i;
    r->m[r->n].j = j;
    r->m[r->n].clitic = clitic;
    r->m[r->n].type = type;
    r->m[r->n].id_off = r->m[r->n].id_len = 0;
    r->m[r->n].gaz = gaz;
    r->m[r->n].coref = coref;
    r->m[r->n].rule = rule;
    r->n++;
    for (k = i; k <= j; k++) r->tok[k].taken = 1;
    return AR_OK;
}

static int push(ar_names_result *r, size_t i, size_t j, size_t clitic, char type, size_t gaz, int coref)
{
    return push_rule(r, i, j, clitic, type, gaz, coref, (char)(coref ? 'c' : type == 'O' ? 'o' : 'g'));
}

/* A person from token s (clitic bytes cl in it). Returns the last token or
 * SIZE_MAX when there is none. */
static int person_at(scan_t *c, size_t s, size_t cl, size_t maxw, size_t *last, char rule)
{
    size_t e = name_end(c->r, s, maxw), k;
    *last = e;
    /* gazetteer names taken into it (أبو | غزة, محمد | بن مبارك) */
    for (k = s; k <= e; k++)
        if (c->r->tok[k].gz >= 0) c->r->drop[c->r->tok[k].gz] = 1;
    return push_rule(c->r, s, e, cl, 'P', SIZE_MAX, 0, rule);
}

/* A gazetteer person whose name goes on in the text (الملك حمد بن عيسى +
 * آل خليفة): one match, the gazetteer's entry, over the whole name. */
static int extend_gazetteer_person(scan_t *c, size_t i, size_t *last)
{
    ar_names_result *r = c->r;
    size_t e = i, x;
    int32_t gz = r->tok[i].gz;
    while (e + 1 < r->ntok && r->tok[e + 1].gz == gz) e++;
    *last = e;
    if (!next_ok(r, e) || !name_word(r, e + 1)) return 0;
    {
        const ntok *t = &r->tok[e + 1];
        /* only what surely continues a name: a particle, a given name, a
         * family name with the article */
        if (!(t->cls & (AR_NAME_PARTICLE | AR_NAME_PARTICLE_START | AR_NAME_GIVEN)) && !(t->def && !t->nisba))
            return 0;
    }
    x = name_end(r, e, 4);
    if (x == e) return 0;
    for (; e < x; e++) r->tok[e + 1].taken = 1;
    *last = x;
    r->drop[gz] = 1;
    return push_rule(r, i, x, r->tok[i].prep ? r->tok[i].prep : r->tok[i].conj, 'P', (size_t)gz, 0, 'x') ? -1 : 1;
}

/* ---------------------------------------------------------- organizations */

/* The name after an organization's head noun at token h: 0 when none. */
static int org_at(scan_t *c, size_t h, size_t *next)
{
    ar_names_result *r = c->r;
    const ntok *ht = &r->tok[h];
    size_t k, e, first, n;
    int in = (ht->scls & AR_NAME_ORG_HEAD_IN) != 0;
    *next = h + 1;
    if (!next_ok(r, h)) return 0;
    k = h + 1;
    /* a name in quotes: صحيفة « القادسية » */
    if (r->tok[k].kind == AR_TOK_PUNCT) {
        size_t len;
        const unsigned char *q = tok_text(r, k, &len);
        int quote = (len == 1 && (q[0] == '"' || q[0] == '\'')) ||
                    (len == 2 && q[0] == 0xC2 && q[1] == 0xAB) ||                 /* « */
                    (len == 3 && q[0] == 0xE2 && q[1] == 0x80 && q[2] == 0x9C);   /* “ */
        if (!quote || k + 1 >= r->ntok) return 0;
        first = k + 1;
        for (e = first, n = 0; e < r->ntok && n < 6 && r->tok[e].kind != AR_TOK_PUNCT; e++, n++) {
            if (r->tok[e].gz >= 0 && r->tok[e].gztype == 'P') return 0;
            if (r->tok[e].cls & AR_NAME_STOP) return 0;
            if (e + 1 < r->ntok && r->tok[e + 1].kind != AR_TOK_PUNCT && !adjacent(r, e)) return 0;
        }
        if (e == first || e >= r->ntok || r->tok[e].kind != AR_TOK_PUNCT) return 0;
        for (k = first; k < e; k++)
            if (r->tok[k].gz >= 0) r->drop[r->tok[k].gz] = 1;
        *next = e + 1;
        return push_rule(r, first, e - 1, 0, 'O', SIZE_MAX, 0, 'q') == AR_OK ? 1 : -1;
    }
    if (ht->scls & AR_NAME_ORG_QUOTE) return 0;
    /* a definite chain, gazetteer places inside, a ل-phrase at the end:
     * only for heads that are part of names */
    e = h;
    if (!in) goto proper;
    n = 0;
    while (n < 4 && next_ok(r, e)) {
        const ntok *t = &r->tok[e + 1];
        if (t->kind != AR_TOK_WORD && t->kind != AR_TOK_LATIN) break;
        if ((t->cls & AR_NAME_STOP) || (t->scls & AR_NAME_STOP) || (t->scls & AR_NAME_TITLE)) break;
        if (t->gz >= 0) {
            size_t z;
            if (!t->gzfirst || t->gztype == 'P' || t->gztype == 'O' || (t->conj && !t->prep)) break;
            for (z = e + 1; z + 1 < r->ntok && r->tok[z + 1].gz == t->gz; z++) {}
            e = z;
        } else if (t->def && !t->conj && !t->prep) {
            e++;
        } else if (t->prep && t->def && n > 0 && (t->scls & AR_NAME_COMMON)) {
            e++; /* شركة ... للتجارة */
            n++;
            break;
        } else if (t->conj && t->def && n > 0 && !t->prep && (t->scls & AR_NAME_COMMON) && r->tok[e].prep) {
            e++; /* ... للتجارة والمقاولات */
        } else {
            break;
        }
        n++;
    }
    if (e > h) {
        for (k = h + 1; k <= e; k++)
            if (r->tok[k].gz >= 0) r->drop[r->tok[k].gz] = 1;
        *next = e + 1;
        return push(r, h, e, ht->prep ? ht->prep : ht->conj, 'O', SIZE_MAX, 0) == AR_OK ? 1 : -1;
    }
proper:
    /* a proper name: شركة موتورولا, حزب بهاراتيا جاناتا */
    k = h + 1;
    if (!name_start_after_trigger(r, k) || (r->tok[k].cls & AR_NAME_GIVEN)) return 0;
    e = k;
    while (e - k < 2 && next_ok(r, e) && name_word(r, e + 1) && !r->tok[e + 1].def && r->tok[e + 1].gz < 0 &&
           !(r->tok[e + 1].cls & AR_NAME_GIVEN))
        e++;
    *next = e + 1;
    if (in) return push(r, h, e, ht->prep ? ht->prep : ht->conj, 'O', SIZE_MAX, 0) == AR_OK ? 1 : -1;
    return push(r, k, e, 0, 'O', SIZE_MAX, 0) == AR_OK ? 1 : -1;
}

/* ------------------------------------------------------------------ coref */

/* The entry's type as ar_gaz_entry_info() gives it: 'P', 'L', 'O', 'M'
 * for another type of 3 bytes, 0 for other lengths (an unknown type index
 * reads "MISC"), as the gazetteer found them when attached. */
static int gaz_type(const ar_gazetteer *g, const ar_gaz_match *m)
{
    uint32_t t;
    if (!g || m->entry >= g->nentries) return 0;
    t = g->ent[m->entry].type;
    if (t >= g->ntype) return 0;
    return g->typecode[t];
}

/* Same normalized bytes? */
static int same_tok(const ar_names_result *r, size_t a, size_t b, size_t bskip)
{
    size_t la, lb;
    const unsigned char *x = tok_text(r, a, &la), *y = tok_text(r, b, &lb);
    return la == lb - bskip && memcmp(x, y + bskip, la) == 0;
}

/* A name that others may mention by its last word alone. */
struct surname {
    size_t tok;   /* the surname token */
    size_t match; /* our match, or SIZE_MAX */
    size_t gaz;   /* the gazetteer match, or SIZE_MAX */
    size_t len;   /* its normalized bytes */
    uint64_t h;   /* and their hash (lex_hash) */
};

/* The first of the surnames src (in table: source numbers by hash, each
 * spelling once) spelled as token i after its first cl bytes (len bytes,
 * hash h), when it comes before best; *skip = cl then. Else best. */
static size_t first_source(const ar_names_result *r, const unsigned char *table, const struct surname *src,
                           size_t i, size_t cl, size_t len, uint64_t h, size_t best, size_t *skip)
{
    size_t z;
    for (z = (size_t)h & 127; table[z] != 0xFF; z = (z + 1) & 127) {
        size_t e = table[z];
        if (src[e].len == len && src[e].h == h && same_tok(r, src[e].tok, i, cl)) {
            if (e < best) {
                *skip = cl;
                return e;
            }
            return best;
        }
    }
    return best;
}

/* Mentions by surname: the last word of a person of two or more words,
 * found here or in the gazetteer, alone elsewhere in the text. */
static int corefer(scan_t *c)
{
    ar_names_result *r = c->r;
    size_t k, nfound = r->n, i;
    const size_t max_src = 64;
    struct surname src[64];
    size_t ns = 0;
    uint64_t lens = 0; /* the lengths of the surnames (bit 63: 63 bytes or more) */
    unsigned char table[128]; /* source numbers by hash, 0xFF: none */
    for (k = 0; k < nfound && ns < max_src; k++)
        if (r->m[k].type == 'P' && r->m[k].j > r->m[k].i) {
            src[ns].tok = r->m[k].j;
            src[ns].match = k;
            src[ns++].gaz = SIZE_MAX;
        }
    for (i = 0; r->gzper && i + 1 < r->ntok && ns < max_src; i++) {
        /* the last token of a gazetteer person of 2+ tokens */
        if (r->tok[i].gz >= 0 && r->tok[i].gztype == 'P' && r->tok[i + 1].gz == r->tok[i].gz &&
            (i + 2 >= r->ntok || r->tok[i + 2].gz != r->tok[i].gz)) {
            src[ns].tok = i + 1;
            src[ns].match = SIZE_MAX;
            src[ns++].gaz = (size_t)r->tok[i].gz;
        }
    }
    if (!ns) return AR_OK;
    /* the surnames in a small hash table: each spelling once, with the
     * first source that has it */
    memset(table, 0xFF, sizeof table);
    for (k = 0; k < ns; k++) {
        const unsigned char *w = tok_text(r, src[k].tok, &src[k].len);
        size_t z;
        src[k].h = lex_hash(w, src[k].len);
        lens |= 1ULL << (src[k].len < 63 ? src[k].len : 63);
        for (z = (size_t)src[k].h & 127; table[z] != 0xFF; z = (z + 1) & 127) {
            size_t e = table[z];
            if (src[e].len == src[k].len && src[e].h == src[k].h && same_tok(r, src[k].tok, src[e].tok, 0)) break;
        }
        if (table[z] == 0xFF) table[z] = (unsigned char)k;
    }
    /* a one-word name found by its own rule that is a longer name's
     * surname is that person */
    for (k = 0; k < nfound; k++) {
        size_t q;
        if (r->m[k].type != 'P' || r->m[k].i != r->m[k].j || r->m[k].gaz != SIZE_MAX) continue;
        for (q = 0; q < ns; q++) {
            size_t tk = r->m[k].i;
            if (src[q].match == k || !same_tok(r, src[q].tok, tk, r->m[k].clitic)) continue;
            r->m[k].coref = 1;
            r->m[k].gaz = src[q].gaz;
            r->m[k].id_off = src[q].match;
            break;
        }
    }
    /* every other word against every surname: a surname of its length
     * and hash, word by word, before its bytes (the same first surname
     * matches as comparing the bytes of each) */
    for (i = 0; i < r->ntok; i++) {
        const ntok *t = &r->tok[i];
        size_t q, len, lc = 0, lp = 0, skip = 0;
        const unsigned char *w;
        uint64_t h0 = 0, hc = 0, hp = 0;
        int b0, bc = 0, bp = 0;
        if (t->kind != AR_TOK_WORD || t->taken || t->gz >= 0) continue;
        if ((t->cls | t->scls) & (AR_NAME_COMMON | AR_NAME_STOP | NOT_NAME)) continue;
        w = tok_text(r, i, &len);
#define LEN_BIT(n) (1ULL << ((n) < 63 ? (n) : 63))
        b0 = (lens & LEN_BIT(len)) != 0;
        if (b0) h0 = lex_hash(w, len);
        if (t->conj && len >= t->conj && (lens & LEN_BIT(len - t->conj))) {
            bc = 1;
            lc = len - t->conj;
            hc = lex_hash(w + t->conj, lc);
        }
        if (t->prep && !t->def && len >= t->prep && (lens & LEN_BIT(len - t->prep))) {
            bp = 1;
            lp = len - t->prep;
            hp = lex_hash(w + t->prep, lp);
        }
#undef LEN_BIT
        /* (letters counted only for a word of a surname's length) */
        if ((!b0 && !bc && !bp) || tok_letters(r, i) < 3) continue;
        /* the first source with the word's spelling, whole or after its
         * clitic (of three lengths: a source has at most one of them) */
        q = SIZE_MAX;
        if (b0) q = first_source(r, table, src, i, 0, len, h0, q, &skip);
        if (bc) q = first_source(r, table, src, i, t->conj, lc, hc, q, &skip);
        if (bp) q = first_source(r, table, src, i, t->prep, lp, hp, q, &skip);
        if (q == SIZE_MAX) continue;
        /* the surname token itself, or a one-word name next to a longer
         * one (a given name or a particle after it: another person's
         * name), is no separate mention; any other word after it is what
         * the sentence goes on with (مندوزا | سيزور) */
        if (i == src[q].tok) continue;
        if ((i > 0 && r->tok[i - 1].taken && next_ok(r, i - 1) && !t->conj) ||
            (next_ok(r, i) && name_word(r, i + 1) && (r->tok[i + 1].cls & (AR_NAME_GIVEN | AR_NAME_PARTICLE_START))))
            continue;
        if (push(r, i, i, skip, 'P', src[q].gaz, 1)) return AR_ENOMEM;
        r->m[r->n - 1].id_off = src[q].match; /* resolved to an id below */
    }
    return AR_OK;
}

/* ------------------------------------------------------------------- main */

/* Tanween (ً ٌ ٍ) in s[0..n): names never carry it. */
#define ONES 0x0101010101010101ULL
#define HAS_ZERO_BYTE(v) ((((v) - ONES) & ~(v) & (ONES << 7)) != 0)
static int has_tanween(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    /* most words have no byte 0x8B..0x8D (a tanween's second byte) at
     * all: look for one eight bytes at a time before the exact test */
    for (;; i += 8) {
        /* the tail's zeros above its bytes match neither test */
        uint64_t x = i + 8 <= n ? ar__load64le(p + i) : tail_bytes(p, i, n);
        uint64_t a = (x | ONES) ^ (0x8D * ONES), b = x ^ (0x8B * ONES);
        if (HAS_ZERO_BYTE(a) || HAS_ZERO_BYTE(b)) goto exact;
        if (i + 8 >= n) return 0;
    }
exact:
    for (i = 0; i + 1 < n; i++)
        if ((unsigned char)s[i] == 0xD9 && (unsigned char)s[i + 1] >= 0x8B && (unsigned char)s[i + 1] <= 0x8D)
            return 1;
    return 0;
}

/* أ or إ in s[0..n). */
static int has_hamza_alef(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i + 1 < n; i++)
        if ((unsigned char)s[i] == 0xD8 && ((unsigned char)s[i + 1] == 0xA3 || (unsigned char)s[i + 1] == 0xA5))
            return 1;
    return 0;
}

/* A hamza on alef (أ إ آ) inside the word s[0..n), after a letter that is
 * not a one-letter proclitic at the start (وأحمد, لأسامة are clitic +
 * name; تأمر, سأل are not). Normalization folds it away, so a verb such as
 * تأمر "you order" would read as the name تامر. */
static int has_medial_hamza_alef(const char *s, size_t n)
{
    size_t i;
    for (i = 2; i + 1 < n; i++) {
        const unsigned char *p = (const unsigned char *)s + i;
        if (p[0] != 0xD8 || (p[1] != 0xA3 && p[1] != 0xA5 && p[1] != 0xA2)) continue;
        /* the character before: a letter of the Arabic block */
        if ((p[-2] != 0xD8 && p[-2] != 0xD9) || p[-1] < 0x80) continue;
        if (i == 2 && (IS_WAW(p - 2) || IS_FEH(p - 2) || IS_BEH(p - 2) || IS_LAM(p - 2) || IS_KAF(p - 2))) continue;
        return 1;
    }
    return 0;
}

/* Source offsets of token [o0, o1) of the normalized text, as
 * ar_map_source() gives them (offmap.c: the unit holding o0 starts at
 * *s0, the one holding o1 - 1 ends at *s1). Tokens come in text order, so
 * one cursor walks the anchors once per text instead of a search per
 * token. */
#define MAP_ATOMIC 0x80000000u
#define MAP_OFF(a) ((size_t)((a).o & ~MAP_ATOMIC))
static void map_token(ar_names_result *r, size_t o0, size_t o1, size_t *s0, size_t *s1)
{
    const ar_map *m = r->nmap;
    const struct ar__anchor *a = m->a;
    size_t n = m->n, k = r->mapk, e = o1 - 1;
    if (o0 >= o1 || o1 > m->olen || (k > 0 && MAP_OFF(a[k - 1]) > o0)) {
        *s0 = *s1 = 0; /* what a range the map refuses keeps */
        ar__map_source_near(m, o0, o1, s0, s1, &r->maphint); /* not in order: never from the tokenizer */
        return;
    }
    while (k < n && MAP_OFF(a[k]) <= o0) k++;
    if (k == 0) *s0 = o0;
    else if (a[k - 1].o & MAP_ATOMIC) *s0 = a[k - 1].s;
    else *s0 = a[k - 1].s + (o0 - MAP_OFF(a[k - 1]));
    while (k < n && MAP_OFF(a[k]) <= e) k++;
    if (k == 0) *s1 = e + 1;
    else if (a[k - 1].o & MAP_ATOMIC) *s1 = k < n ? a[k].s : m->slen;
    else *s1 = a[k - 1].s + (e + 1 - MAP_OFF(a[k - 1]));
    r->mapk = k;
}

/* Token t of the normalized text becomes r->tok[r->ntok] (known: the
 * lexicon's classes of it, or 0xFFFFFFFF when not looked up yet). */
static int add_token(scan_t *c, const char *text, size_t len, const ar_token *t, uint32_t known)
{
    ar_names_result *r = c->r;
    ntok *x;
    if (r->ntok == r->tokcap) {
        size_t cap = r->tokcap ? r->tokcap * 2 : 256;
        ntok *p = realloc(r->tok, cap * sizeof *p);
        if (!p) return AR_ENOMEM;
        r->tok = p;
        r->tokcap = cap;
    }
    x = &r->tok[r->ntok];
    x->start = t->start;
    x->end = t->end;
    x->kind = t->kind;
    x->gz = -1;
    x->gzfirst = x->gztype = x->taken = 0; /* analyze() sets the others */
    map_token(r, t->start, t->end, &x->src0, &x->src1);
    analyze(c->nm, r, r->ntok, known);
    /* أل and آل are no article: ألكسندر, آلان */
    if (x->def && !x->conj && !x->prep && x->src1 >= x->src0 + 2 && (unsigned char)text[x->src0] == 0xD8 &&
        ((unsigned char)text[x->src0 + 1] == 0xA3 || (unsigned char)text[x->src0 + 1] == 0xA2))
        x->def = x->nisba = 0;
    /* a particle of names that folds to a function word only
     * through a hamza (فان, فإن "for that") is the particle when
     * written without one */
    if ((x->cls & AR_NAME_PARTICLE) && (x->cls & AR_NAME_STOP) && !has_hamza_alef(text + x->src0, x->src1 - x->src0)) {
        x->cls &= ~(unsigned)(AR_NAME_STOP | AR_NAME_COMMON);
        x->scls = x->cls;
    }
    if (((x->cls | x->scls) & AR_NAME_GIVEN) && !((x->cls | x->scls) & AR_NAME_HAMZA_OK) &&
        has_medial_hamza_alef(text + x->src0, x->src1 - x->src0)) {
        x->cls &= ~(unsigned)AR_NAME_GIVEN;
        x->scls &= ~(unsigned)AR_NAME_GIVEN;
    }
    /* a common word written with a final ى (على) is not the name
     * spelled with ي it folds to (علي) */
    if ((x->cls & AR_NAME_COMMON) && x->src1 >= x->src0 + 2 && x->src1 <= len &&
        (unsigned char)text[x->src1 - 2] == 0xD9 && (unsigned char)text[x->src1 - 1] == 0x89) {
        x->cls = (x->cls & ~(unsigned)AR_NAME_GIVEN) | AR_NAME_STOP;
        x->scls = x->cls;
    }
    r->ntok++;
    return AR_OK;
}

static int prepare(scan_t *c, const char *text, size_t len)
{
    ar_names_result *r = c->r;
    const ar_token *gt = NULL;
    const uint32_t *lexcls = NULL;
    size_t i, ng, ngt = 0, from, prev;
    int err, shared;
    ar_tokenizer tk;
    ar_token t;
    r->ntok = 0;
    r->gzper = 0;
    r->nm = c->nm;
    /* analyze()'s memo holds for one lexicon as it is */
    if (!r->memo) {
        r->memo = calloc((size_t)1 << MEMO_BITS, sizeof *r->memo); /* (without it, no memo) */
        r->memo_gen = 0;
    }
    if (r->memo && (r->memo_gen == 0 || r->memo_nm != c->nm || r->memo_ver != ar__names_version(c->nm))) {
        if (++r->memo_gen == 0) { /* wrapped: no entry of an old generation may pass for new */
            memset(r->memo, 0, ((size_t)1 << MEMO_BITS) * sizeof *r->memo);
            r->memo_gen = 1;
        }
        r->memo_nm = c->nm;
        r->memo_ver = ar__names_version(c->nm);
    }
    r->maphint = 0;
    r->mapk = 0;
    r->src = text;
    /* the gazetteer's normalized text and tokens when it normalizes as
     * the lexicon does (the default gazetteer: "search"), else our own */
    shared = c->gr && ar__gaz_result_text(c->g, c->gr, ar_normalizer_options(c->nm->nz), len, &r->nt,
                                          &r->ntlen, &r->nmap, &gt, &ngt, c->nm, &lexcls);
    if (!shared) {
        if ((err = ar_normalize(c->nm->nz, text, len, &r->norm, r->map, NULL))) return err;
        r->nt = r->norm.data ? r->norm.data : "";
        r->ntlen = r->norm.len;
        r->nmap = r->map;
        ar_tokenizer_init(&tk, r->nt, r->ntlen);
    }
    /* one call of add_token() for either source, so that it is inlined */
    for (i = 0;; i++) {
        const ar_token *tp = shared ? (i < ngt ? &gt[i] : NULL) : (ar_tokenizer_next(&tk, &t) ? &t : NULL);
        if (!tp) break;
        if ((err = add_token(c, text, len, tp, lexcls ? lexcls[i] : 0xFFFFFFFFu))) return err;
    }
    ng = c->gr ? ar_gaz_result_count(c->gr) : 0;
    if (ng > INT32_MAX) ng = INT32_MAX;
    if (ng > r->dropcap) {
        unsigned char *p = realloc(r->drop, ng);
        if (!p) return AR_ENOMEM;
        r->drop = p;
        r->dropcap = ng;
    }
    if (ng) memset(r->drop, 0, ng);
    r->ndrop = ng;
    /* gazetteer matches over tokens: both lists are in text order, so the
     * search for a match's first token starts where the last one's did
     * (stepping on in growing strides), and goes back to the start when
     * a match begins before the one before (overlapping mode) */
    for (i = 0, from = 0, prev = 0; i < ng; i++) {
        const ar_gaz_match *m = ar_gaz_result_get(c->gr, i);
        size_t lo, hi, k, step = 1;
        int first = 1, ty = gaz_type(c->g, m);
        if (m->token_start < prev) from = 0;
        prev = m->token_start;
        lo = hi = from;
        while (hi < r->ntok && r->tok[hi].src1 <= m->token_start) {
            lo = hi + 1;
            hi = step < r->ntok - hi ? hi + step : r->ntok;
            step *= 2;
        }
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (r->tok[mid].src1 <= m->token_start) lo = mid + 1;
            else hi = mid;
        }
        from = lo;
        for (k = lo; k < r->ntok && r->tok[k].src0 < m->end; k++) {
            if (r->tok[k].gz >= 0) continue; /* overlapping mode: keep the first */
            r->tok[k].gz = (int32_t)i;
            r->tok[k].gzfirst = (uint8_t)first;
            r->tok[k].gztype = (uint8_t)ty;
            if (ty == 'P') r->gzper = 1;
            first = 0;
        }
    }
    return AR_OK;
}

/* A MISC word (دولار، الإسلام، نوبل) is one unless a gazetteer name follows
 * it: ريال مدريد is a club, not a currency. */
static int misc_at(const ar_names_result *r, size_t i)
{
    return !(next_ok(r, i) && r->tok[i + 1].gz >= 0 && r->tok[i + 1].gzfirst);
}

/* The last token of the MISC word at i: a definite adjective that agrees
 * with it belongs to it (الدولار الأمريكي, بالريال السعودي), and so does
 * a MISC word after it (جنيه إسترليني). */
static size_t misc_end(const ar_names_result *r, size_t i)
{
    const ntok *t = &r->tok[i], *n;
    size_t len;
    const unsigned char *w;
    if (!next_ok(r, i)) return i;
    n = &r->tok[i + 1];
    if (n->kind != AR_TOK_WORD || n->taken || n->gz >= 0 || n->conj || n->prep || n->def != t->def) return i;
    if (n->cls & (AR_NAME_STOP | AR_NAME_GIVEN)) return i;
    /* an indefinite one only when it is part of the currency's name
     * (جنيه إسترليني; دولار أمريكي is a dollar described) */
    if (!t->def) return (n->cls & AR_NAME_MISC) ? i + 1 : i;
    w = tok_text(r, i + 1, &len);
    return nisba_shape(w, len) ? i + 1 : i;
}

/* Tokens i, i + 1: a club word and a city of the gazetteer, in either
 * order (ريال مدريد, إنتر ميلان; مانشستر يونايتد): one organization. */
static int club_at(const ar_names_result *r, size_t i)
{
    const ntok *a = &r->tok[i], *b = &r->tok[i + 1];
    if (b->kind != AR_TOK_WORD || b->taken || b->conj || b->prep) return 0;
    /* the city: a gazetteer place of one token */
    if ((a->scls & AR_NAME_CLUB) && a->gz < 0 && b->gz >= 0 && b->gzfirst && b->gztype == 'L' &&
        !(i + 2 < r->ntok && r->tok[i + 2].gz == b->gz))
        return 1;
    if ((b->cls & AR_NAME_CLUB) && b->gz < 0 && a->gz >= 0 && a->gzfirst && a->gztype == 'L' && !a->prep)
        return 1;
    return 0;
}

/* The classes of a token's stem that a rule of scan() starts at. */
#define STARTS (AR_NAME_CLUB | AR_NAME_MISC | AR_NAME_ORG_HEAD | AR_NAME_TITLE | AR_NAME_SPEECH | AR_NAME_GIVEN | \
                AR_NAME_PARTICLE_START)

static int scan(scan_t *c)
{
    ar_names_result *r = c->r;
    size_t i = 0, last;
    int err;
    while (i < r->ntok) {
        const ntok *t = &r->tok[i];
        unsigned sc = t->scls;
        /* a word no rule below starts at (most words): outside the
         * gazetteer's matches, none of the classes the rules test, and no
         * club word after it */
        if (t->gz < 0 && !(sc & STARTS) && !(i + 1 < r->ntok && (r->tok[i + 1].cls & AR_NAME_CLUB))) {
            i++;
            continue;
        }
        if (t->kind == AR_TOK_WORD && !t->taken && t->gz >= 0 && t->gzfirst && t->gztype == 'P' &&
            !(c->flags & AR_NM_NO_PER)) {
            int got = extend_gazetteer_person(c, i, &last);
            if (got < 0) return AR_ENOMEM;
            i = last + 1;
            continue;
        }
        /* (a club word on one side first: the cheapest test) */
        if (!(c->flags & AR_NM_NO_ORG) && t->kind == AR_TOK_WORD && !t->taken && i + 1 < r->ntok &&
            ((t->scls | r->tok[i + 1].cls) & AR_NAME_CLUB) && next_ok(r, i) && club_at(r, i)) {
            if ((err = push_rule(r, i, i + 1, t->prep ? t->prep : t->conj, 'O', SIZE_MAX, 0, 'k'))) return err;
            if (t->gz >= 0) r->drop[t->gz] = 1;
            if (r->tok[i + 1].gz >= 0) r->drop[r->tok[i + 1].gz] = 1;
            i += 2;
            continue;
        }
        if (t->kind != AR_TOK_WORD || t->taken || (t->gz >= 0 && !(sc & AR_NAME_TITLE))) {
            i++;
            continue;
        }
        if ((sc & AR_NAME_MISC) && !(c->flags & AR_NM_NO_MISC) && t->gz < 0 && misc_at(r, i)) {
            last = misc_end(r, i);
            if ((err = push_rule(r, i, last, t->prep ? t->prep : t->conj, 'M', SIZE_MAX, 0, 'w'))) return err;
            i = last + 1;
            continue;
        }
        if (!(c->flags & AR_NM_NO_ORG) && (sc & AR_NAME_ORG_HEAD) && !t->def && t->gz < 0) {
            size_t next;
            int got = org_at(c, i, &next);
            if (got < 0) return AR_ENOMEM;
            if (got) {
                i = next;
                continue;
            }
        }
        if (c->flags & AR_NM_NO_PER) {
            i++;
            continue;
        }
        if (sc & (AR_NAME_TITLE | AR_NAME_SPEECH)) {
            size_t s = (sc & AR_NAME_TITLE) ? skip_qualifiers(r, i) : i + 1;
            if (s < r->ntok && (s == i + 1 ? next_ok(r, i) : next_ok(r, s - 1)) &&
                name_start_after_trigger(r, s)) {
                if ((err = person_at(c, s, 0, 5, &last, (sc & AR_NAME_TITLE) ? 't' : 's'))) return err;
                i = last + 1;
                continue;
            }
            i++;
            continue;
        }
        /* (given_start's first test, as the token's stem classes are its
         * own when it has no clitic: most words end here) */
        if ((sc & (AR_NAME_GIVEN | AR_NAME_PARTICLE_START)) && given_start(r, i)) {
            if ((err = person_at(c, i, t->prep ? t->prep : t->conj, 6, &last,
                                 (sc & AR_NAME_PARTICLE_START) && !(sc & AR_NAME_GIVEN) ? 'p' : 'g')))
                return err;
            i = last + 1;
            continue;
        }
        i++;
    }
    return AR_OK;
}

static const char *rule_name(char r)
{
    switch (r) {
    case 't': return "title";
    case 's': return "verb";
    case 'g': return "given";
    case 'p': return "particle";
    case 'o': return "head";
    case 'q': return "quoted";
    case 'c': return "mention";
    case 'x': return "extended";
    case 'w': return "word";
    case 'k': return "club";
    default: return "?";
    }
}

/* The id of each match (its normalized words joined by a space) and the
 * public records. */
static int finish(scan_t *c)
{
    ar_names_result *r = c->r;
    size_t k, q;
    r->idbuf.len = 0;
    for (k = 0; k < r->n; k++) {
        nmatch *m = &r->m[k];
        if (m->coref) continue;
        m->id_off = r->idbuf.len;
        for (q = m->i; q <= m->j; q++) {
            size_t len, skip = q == m->i ? m->clitic : 0;
            const unsigned char *s = tok_text(r, q, &len);
            if (ar__buf_reserve(&r->idbuf, len + 1)) return AR_ENOMEM;
            if (q > m->i) r->idbuf.data[r->idbuf.len++] = ' ';
            memcpy(r->idbuf.data + r->idbuf.len, s + skip, len - skip);
            r->idbuf.len += len - skip;
        }
        m->id_len = r->idbuf.len - m->id_off;
    }
    for (k = 0; k < r->n; k++) {
        nmatch *m = &r->m[k];
        if (!m->coref) continue;
        if (m->id_off < r->n) {
            m->id_len = r->m[m->id_off].id_len;
            m->id_off = r->m[m->id_off].id_off;
        } else {
            m->id_off = m->id_len = 0; /* a gazetteer person: its id is the entry's */
        }
    }
    if (r->n > r->outcap) {
        ar_name_match *p = realloc(r->out, r->n * sizeof *p);
        if (!p) return AR_ENOMEM;
        r->out = p;
        r->outcap = r->n;
    }
    /* text order */
    for (k = 1; k < r->n; k++) {
        nmatch x = r->m[k];
        size_t z = k;
        while (z > 0 && r->m[z - 1].i > x.i) {
            r->m[z] = r->m[z - 1];
            z--;
        }
        r->m[z] = x;
    }
    for (k = 0; k < r->n; k++) {
        nmatch *m = &r->m[k];
        ar_name_match *o = &r->out[k];
        size_t tmp;
        ar__map_source_near(r->nmap, r->tok[m->i].start + m->clitic, r->tok[m->j].end, &o->start,
                            &o->end, &r->maphint);
        ar__map_source_near(r->nmap, r->tok[m->i].start, r->tok[m->j].end, &o->token_start,
                            &tmp, &r->maphint);
        o->type = m->type == 'O' ? "ORG" : m->type == 'M' ? "MISC" : "PER";
        o->id = r->idbuf.data ? r->idbuf.data + m->id_off : "";
        o->id_len = m->id_len;
        o->gaz = m->gaz;
        o->coref = m->coref;
        o->rule = rule_name(m->rule);
    }
    return AR_OK;
}

int ar_names_match(const ar_names *nm, const char *text, size_t len, const ar_gazetteer *g,
                   const ar_gaz_result *gr, unsigned flags, ar_names_result *r)
{
    scan_t c;
    int err;
    if (!nm || !r || (!text && len)) return AR_EARG;
    r->n = 0;
    r->ndrop = 0;
    c.nm = nm;
    c.r = r;
    c.g = g;
    c.gr = g ? gr : NULL;
    c.flags = flags;
    if ((err = prepare(&c, text ? text : "", len))) return err;
    if ((err = scan(&c))) return err;
    if (!(flags & AR_NM_NO_COREF) && !(flags & AR_NM_NO_PER) && (err = corefer(&c))) return err;
    return finish(&c);
}
