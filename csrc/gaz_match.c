/*
 * gaz_match.c — finding gazetteer entries in text.
 *
 * The text is normalized with the gazetteer's options (keeping the offset
 * map) and tokenized; each token is looked up whole and, failing that, with
 * its proclitics stripped (و ف + ب ل ك, and لل = ل + ال); from the token's
 * trie node the following tokens extend the match. Every finding is mapped
 * back to the source offsets.
 *
 * Ambiguity control, because recall alone makes results worse:
 *  - a common word (على, بين, كان, اليوم ...) is never split into clitic +
 *    name, and starts a match only if its surface is spelled exactly like
 *    the entry's first word; a one-word match there also needs context;
 *  - "needs context" (entry flag, calibration demotion, common one-word
 *    matches, matches found by stripping the article): kept only when a
 *    trigger word of the entry's type comes right before it (مدينة, قناة,
 *    الرئيس ...) or the same id is found elsewhere in the text without help;
 *  - fuzzy matching (optional) allows one edit inside tokens of 5+ letters,
 *    never at the first or last letter, so العراقي never becomes العراق.
 */
#include "gaz.h"
#include "hash.h"
#include "names.h"
#include "offmap.h"

#define P_PENDING 1u /* ar_gaz_match.flags: needs confirmation */

static const ar_flag_name match_flags[] = {
    {"overlap", AR_GM_OVERLAP},
    {"no_clitics", AR_GM_NO_CLITICS},
    {"fuzzy", AR_GM_FUZZY},
    {"no_context", AR_GM_NO_CONTEXT},
    {"extend", AR_GM_EXTEND},
    {NULL, 0},
};

const ar_flag_name *ar_gaz_match_flag_names(void) { return match_flags; }

struct ar_gaz_result {
    ar_gaz_match *m;
    size_t n, cap;
    ar_buf norm;
    ar_map *map;
    ar_token *tok;
    uint32_t *tid;          /* token ids, computed on demand (UNSEEN) */
    uint32_t *lexcls;       /* the lexicon's classes of each whole token, on
                               demand (LEX_UNSEEN), when matching had a lexicon */
    size_t ntok, tokcap, tidcap;
    const ar_names *lex;    /* that lexicon, and its version then */
    uint64_t lexver;
    ar_buf ea, eb;          /* surface comparison buffers */
    unsigned char *typeok;  /* per type: allowed by the filter */
    unsigned char *typetrig;/* per type: TOK_TRIGGER_* flag */
    size_t typecap;
    uint64_t *ids;          /* confirmed id numbers (a hash set) */
    size_t idcap;
    int tokvalid;           /* norm, map and tok are those of the last text */
};

ar_gaz_result *ar_gaz_result_new(void)
{
    ar_gaz_result *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->map = ar_map_new();
    if (!r->map) {
        free(r);
        return NULL;
    }
    return r;
}

void ar_gaz_result_free(ar_gaz_result *r)
{
    if (!r) return;
    free(r->m);
    ar_buf_free(&r->norm);
    ar_map_free(r->map);
    free(r->tok);
    free(r->tid);
    free(r->lexcls);
    ar_buf_free(&r->ea);
    ar_buf_free(&r->eb);
    free(r->typeok);
    free(r->typetrig);
    free(r->ids);
    free(r);
}

size_t ar_gaz_result_count(const ar_gaz_result *r) { return r ? r->n : 0; }

int ar__gaz_result_text(const ar_gazetteer *g, const ar_gaz_result *r, const ar_norm_options *o, size_t src_len,
                        const char **norm, size_t *norm_len, const ar_map **map, const ar_token **tok,
                        size_t *ntok, const ar_names *nm, const uint32_t **lexcls)
{
    const ar_norm_options *go = g ? ar_gaz_norm_options(g) : NULL;
    if (!go || !r || !o || !r->tokvalid || ar_map_source_len(r->map) != src_len) return 0;
    if (!ar__norm_options_same(go, o)) return 0;
    *norm = r->norm.data ? r->norm.data : "";
    *norm_len = r->norm.len;
    *map = r->map;
    *tok = r->tok;
    *ntok = r->ntok;
    /* the classes matching found, when nm is the same lexicon, unchanged */
    *lexcls = nm && r->lex == nm && r->lexver == ar__names_version(nm) ? r->lexcls : NULL;
    return 1;
}

const ar_gaz_match *ar_gaz_result_get(const ar_gaz_result *r, size_t i)
{
    return r && i < r->n ? &r->m[i] : NULL;
}

static int push_match(ar_gaz_result *r, const ar_gaz_match *m)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 64;
        ar_gaz_match *p = realloc(r->m, cap * sizeof *p);
        if (!p) return AR_ENOMEM;
        r->m = p;
        r->cap = cap;
    }
    r->m[r->n++] = *m;
    return AR_OK;
}

/* ------------------------------------------------------------ the trie */

static uint32_t tok_flags(const ar_gazetteer *g, uint32_t t)
{
    return t < g->ntok ? g->tok[t].meta >> 16 : 0;
}

AR_INLINE uint32_t lookup(const ar_gazetteer *g, const unsigned char *s, size_t len)
{
    if (g->tokmap) return gaz_token(g, s, len);
    return ar__gaz_lookup(g, s, len, gaz_hash(s, len));
}

/* --------------------------------------------------------- fuzzy tools */

#define MAXCP 64

static size_t to_cps(const unsigned char *s, size_t len, int32_t *cp)
{
    size_t i = 0, n = 0;
    while (i < len && n < MAXCP) i += ar__decode(s + i, len - i, &cp[n++]);
    return i < len ? MAXCP + 1 : n;
}

/* Letters that spelling variants of transliterated names insert or drop:
 * long vowels, hamza seats, heh and teh marbuta (after search folding). */
static int variant_letter(int32_t c)
{
    switch (c) {
    case 0x0627: case 0x0648: case 0x064A: case 0x0649: case 0x0647: case 0x0629:
    case 0x0621: case 0x0623: case 0x0625: case 0x0622: case 0x0626: case 0x0624:
        return 1;
    default:
        return 0;
    }
}

/* Classes of letters that stand for one sound in transliteration (g: ك ج
 * غ ق گ; t: ت ط; s: س ص ث; z: ز ذ ظ ض د; v/p: ف ڤ ب پ; vowels and hamza
 * seats; h: ه ة). A substitution is a variant only inside a class. */
static int sound_class(int32_t c)
{
    switch (c) {
    case 0x0643: case 0x062C: case 0x063A: case 0x0642: case 0x06AF: case 0x06A9:
        return 1;
    case 0x062A: case 0x0637:
        return 2;
    case 0x0633: case 0x0635: case 0x062B:
        return 3;
    case 0x0632: case 0x0630: case 0x0638: case 0x0636: case 0x062F:
        return 4;
    case 0x0641: case 0x06A4: case 0x0628: case 0x067E:
        return 5;
    case 0x0647: case 0x0629:
        return 6;
    default:
        return variant_letter(c) ? 7 : 0;
    }
}

/* Letters of a token without a leading article (ال). */
static size_t core_len(const int32_t *x, size_t n)
{
    if (n > 2 && x[0] == 0x0627 && x[1] == 0x0644) return n - 2;
    return n;
}

/* Are a and b spelling variants: one edit apart, the edit inside the word
 * (never the first or last letter, so العراقي is not العراق), both at
 * least 5 letters without the article, and the edit one that
 * transliteration produces (a vowel letter added or dropped, or a letter
 * swapped within its sound class)? */
static int edit1_inside(const unsigned char *a, size_t al, const unsigned char *b, size_t bl)
{
    int32_t x[MAXCP], y[MAXCP];
    size_t n = to_cps(a, al, x), m = to_cps(b, bl, y), p = 0, s = 0, i;
    if (n > MAXCP || m > MAXCP || core_len(x, n) < 5 || core_len(y, m) < 5) return 0;
    if (n == m) {
        size_t diff = 0, at = 0;
        for (i = 0; i < n; i++)
            if (x[i] != y[i]) diff++, at = i;
        return diff == 1 && at > 0 && at + 1 < n && sound_class(x[at]) &&
               sound_class(x[at]) == sound_class(y[at]);
    }
    if (n + 1 == m || m + 1 == n) {
        const int32_t *sh = n < m ? x : y, *lo = n < m ? y : x;
        size_t ns = n < m ? n : m, nl = ns + 1, k;
        while (p < ns && sh[p] == lo[p]) p++;
        while (s < ns && sh[ns - 1 - s] == lo[nl - 1 - s]) s++;
        if (p + s < ns) return 0;
        /* the inserted letter can sit anywhere in [ns - s, p] */
        for (k = ns - s; k <= p; k++)
            if (k >= 1 && k + 1 < nl && variant_letter(lo[k])) return 1;
        return 0;
    }
    return 0;
}

static size_t lower_bound64(const uint64_t *a, size_t n, uint64_t v)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < v) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

#define MAXFUZZ 16

static void add_fuzzy(const ar_gazetteer *g, uint32_t t, const unsigned char *s, size_t len,
                      uint32_t *out, size_t *n)
{
    size_t i, l;
    const char *ts;
    if (t >= g->ntok || *n >= MAXFUZZ) return;
    for (i = 0; i < *n; i++)
        if (out[i] == t) return;
    ts = gaz_str(g, g->tok[t].str, &l);
    if (edit1_inside(s, len, (const unsigned char *)ts, l)) out[(*n)++] = t;
}

static void fuzzy_by_hash(const ar_gazetteer *g, uint64_t h, const unsigned char *s, size_t len,
                          uint32_t *out, size_t *n)
{
    size_t k = lower_bound64(g->delh, g->ndel, h), end;
    /* a run of one hash is a handful of tokens; a file made elsewhere
     * could make it the whole index: read at most AR_GAZ_MAX_SAME_NAME */
    end = g->ndel - k > AR_GAZ_MAX_SAME_NAME ? k + AR_GAZ_MAX_SAME_NAME : g->ndel;
    for (; k < end && g->delh[k] == h && *n < MAXFUZZ; k++) add_fuzzy(g, g->delt[k], s, len, out, n);
}

/* Tokens of the dictionary one inside edit away from s. */
static size_t fuzzy_tokens(const ar_gazetteer *g, const unsigned char *s, size_t len, uint32_t *out)
{
    unsigned char buf[256];
    size_t n = 0, p = 0, k = 0, nch = 0, i;
    if (!g->fuzzy || len >= sizeof buf) return 0;
    for (i = 0; i < len; i++)
        if ((s[i] & 0xC0) != 0x80) nch++;
    if (nch < 5) return 0;
    fuzzy_by_hash(g, gaz_hash(s, len), s, len, out, &n); /* s lacks a letter */
    while (p < len) {
        size_t q = p + 1;
        while (q < len && (s[q] & 0xC0) == 0x80) q++;
        if (k >= 1 && k + 1 < nch) {
            size_t dl = len - (q - p);
            uint64_t h;
            memcpy(buf, s, p);
            memcpy(buf + p, s + q, len - q);
            h = gaz_hash(buf, dl);
            add_fuzzy(g, ar__gaz_lookup(g, buf, dl, h), s, len, out, &n); /* s has one more */
            fuzzy_by_hash(g, h, s, len, out, &n);                        /* substitution */
        }
        p = q;
        k++;
    }
    return n;
}

/* A child of node one inside edit away from the text token. */
static uint32_t fuzzy_child(const ar_gazetteer *g, uint32_t node, const unsigned char *s, size_t len)
{
    uint32_t lo = g->node[node].edge_start, hi = g->node[node + 1].edge_start, e;
    if (lo > hi || hi > g->nedge || hi - lo > 64) return NONE;
    for (e = lo; e < hi; e++) {
        size_t l;
        const char *ts = gaz_str(g, g->tok[g->edge[e].tok < g->ntok ? g->edge[e].tok : 0].str, &l);
        if (g->edge[e].tok < g->ntok && g->edge[e].child < g->nnode &&
            edit1_inside(s, len, (const unsigned char *)ts, l))
            return g->edge[e].child;
    }
    return NONE;
}

/* ------------------------------------------------------------ context */

typedef struct {
    const ar_gazetteer *g;
    ar_gaz_result *r;
    const ar_gaz_match_opts *o;
    const char *text;
    size_t len;
    size_t trig_at;       /* token whose trigger flags are in trig (or SIZE_MAX) */
    uint32_t trig;
    size_t budget;        /* entries still to examine from this token (AR_GAZ_MAX_CANDIDATES) */
    size_t emitted;       /* overlapping mode: matches from this token (AR_GAZ_MAX_OVERLAP) */
    size_t maphint;       /* the offset map's last anchor looked up (ar__map_source_near) */
    size_t mapk;          /* map_match's anchor: one past those at or before its last name start */
} ctx_t;

/* Source offsets of normalized [o0, o1): lookups go in text order. */
static void map_source(ctx_t *c, size_t o0, size_t o1, size_t *s0, size_t *s1)
{
    ar__map_source_near(c->r->map, o0, o1, s0, s1, &c->maphint);
}

/* What ar__map_source_near gives for a match: the source offset where the
 * unit holding normalized offset t starts (its token), and the source of
 * normalized [o0, o1) (the name), t <= o0 < o1, for matches that come in
 * text order (match_text's): one walk over the map's anchors per text
 * instead of three searches a match. A match behind the walk is looked up
 * as before. */
#define MAP_ATOMIC 0x80000000u
#define MAP_OFF(a) ((size_t)((a).o & ~MAP_ATOMIC))
AR_INLINE void map_match(ctx_t *c, size_t t, size_t o0, size_t o1, size_t *ts, size_t *s0, size_t *s1)
{
    const ar_map *m = c->r->map;
    const struct ar__anchor *a = m->a;
    size_t n = m->n, k = c->mapk, e = o1 - 1;
    if (t > o0 || o0 >= o1 || o1 > m->olen || (k > 0 && MAP_OFF(a[k - 1]) > t)) {
        size_t tmp;
        map_source(c, t, t, ts, &tmp);
        map_source(c, o0, o1, s0, s1);
        return;
    }
    while (k < n && MAP_OFF(a[k]) <= t) k++;
    if (k == 0) *ts = t;
    else if (a[k - 1].o & MAP_ATOMIC) *ts = a[k - 1].s;
    else *ts = a[k - 1].s + (t - MAP_OFF(a[k - 1]));
    while (k < n && MAP_OFF(a[k]) <= o0) k++;
    if (k == 0) *s0 = o0;
    else if (a[k - 1].o & MAP_ATOMIC) *s0 = a[k - 1].s;
    else *s0 = a[k - 1].s + (o0 - MAP_OFF(a[k - 1]));
    c->mapk = k;
    while (k < n && MAP_OFF(a[k]) <= e) k++;
    if (k == 0) *s1 = e + 1;
    else if (a[k - 1].o & MAP_ATOMIC) *s1 = k < n ? a[k].s : m->slen;
    else *s1 = a[k - 1].s + (e + 1 - MAP_OFF(a[k - 1]));
}

#define UNSEEN 0xFFFFFFFEu
#define LEX_UNSEEN 0xFFFFFFFFu /* (classes fit in 17 bits) */
#define TRIGGERS (TOK_TRIGGER_LOC | TOK_TRIGGER_PER | TOK_TRIGGER_ORG)

static const unsigned char *ntext(const ctx_t *c, size_t i, size_t *len)
{
    *len = c->r->tok[i].end - c->r->tok[i].start;
    return (const unsigned char *)c->r->norm.data + c->r->tok[i].start;
}

/* Token id of token i (whole), looked up once per text. */
AR_INLINE uint32_t tok_id(const ctx_t *c, size_t i)
{
    uint32_t t = c->r->tid[i];
    if (t == UNSEEN) {
        size_t len;
        const unsigned char *s = ntext(c, i, &len);
        t = lookup(c->g, s, len);
        c->r->tid[i] = t;
    }
    return t;
}

static int wordish(int kind)
{
    return kind == AR_TOK_WORD || kind == AR_TOK_LATIN || kind == AR_TOK_NUMBER;
}

/* Only white space (at most one line break) between tokens i and i+1. */
static int adjacent(const ctx_t *c, size_t i)
{
    const char *s = c->r->norm.data;
    size_t a = c->r->tok[i].end, b = c->r->tok[i + 1].start, nl = 0;
    for (; a < b; a++) {
        if (s[a] == '\n') {
            if (++nl > 1) return 0;
        } else if (s[a] != ' ' && s[a] != '\t' && s[a] != '\r') {
            return 0; /* punctuation that was not tokenized, or a bidi mark */
        }
    }
    return 1;
}

static int is_letter2(const unsigned char *s, unsigned char b0, unsigned char b1)
{
    return s[0] == b0 && s[1] == b1;
}
#define WAW 0xD9, 0x88
#define FEH 0xD9, 0x81
#define BEH 0xD8, 0xA8
#define LAM 0xD9, 0x84
#define KAF 0xD9, 0x83
#define ALEF 0xD8, 0xA7

/* Trigger flags of the token before i (whole, or without و/ف). */
static uint32_t trigger_before(ctx_t *c, size_t i)
{
    size_t len;
    const unsigned char *s;
    uint32_t f;
    if (i == 0) return 0;
    if (c->trig_at == i) return c->trig;
    s = ntext(c, i - 1, &len);
    f = tok_flags(c->g, tok_id(c, i - 1)) & TRIGGERS;
    if (!f && len > 4 && (is_letter2(s, WAW) || is_letter2(s, FEH)))
        f = tok_flags(c->g, lookup(c->g, s + 2, len - 2)) & TRIGGERS;
    c->trig_at = i;
    c->trig = f;
    return f;
}

/* The exact surface of the normalized text [o0, o1): its source as it is,
 * or normalized by the exact normalizer into buf. Found once per candidate
 * (state 1; -1 when out of memory) and compared with the exact form of
 * each of its entries. */
typedef struct {
    int state;
    const char *s;
    size_t len;
} surface_t;

static int surface_get(ctx_t *c, size_t o0, size_t o1, ar_buf *buf, surface_t *sf)
{
    size_t a, b;
    if (sf->state) return sf->state;
    map_source(c, o0, o1, &a, &b);
    if (c->g->exact_plain && gaz_plain_letters((const unsigned char *)c->text + a, b - a)) {
        /* what normalizing would give back unchanged (most surfaces) */
        sf->s = c->text + a;
        sf->len = b - a;
    } else {
        if (ar_normalize(c->g->exact, c->text + a, b - a, buf, NULL, NULL) != AR_OK) return sf->state = -1;
        sf->s = buf->data;
        sf->len = buf->len;
    }
    return sf->state = 1;
}

/* Compare the exact surface of normalized [o0, o1) (found once into sf)
 * with an entry's exact form (or its first word), white space runs
 * counting as one space. With restored, the entry's article alef is not in
 * the text (لل = ل + ال). 1 equal, 0 not, -1 when the surface could not be
 * normalized (out of memory: matching must fail, not drop the candidate). */
static int surface_is(ctx_t *c, size_t o0, size_t o1, ar_buf *buf, surface_t *sf, uint32_t exact_off,
                      int first_word, int restored)
{
    size_t el, i, k = 0, xl;
    const char *e = gaz_str(c->g, exact_off, &el), *xs;
    if (restored) {
        if (el < 2 || (unsigned char)e[0] != 0xD8 || (unsigned char)e[1] != 0xA7) return 0;
        e += 2;
        el -= 2;
    }
    if (surface_get(c, o0, o1, buf, sf) < 0) return -1;
    xs = sf->s;
    xl = sf->len;
    /* With first_word, the form ends at its first space: a surface with
     * white space in it is not that word, and one that matched so far
     * ends where the word does (the bytes matched before are no space,
     * as the surface's are not) */
    for (i = 0; i < xl; i++) {
        int sp = xs[i] == ' ' || xs[i] == '\n' || xs[i] == '\t' || xs[i] == '\r';
        if (sp) {
            if (first_word) return 0;
            while (i + 1 < xl && (xs[i + 1] == ' ' || xs[i + 1] == '\n' || xs[i + 1] == '\t' || xs[i + 1] == '\r'))
                i++;
            if (k >= el || e[k] != ' ') return 0;
        } else if (k >= el || e[k] != xs[i]) {
            return 0;
        }
        k++;
    }
    return k == el || (first_word && e[k] == ' ');
}

static int id_allowed(const ctx_t *c, const struct gent *e)
{
    size_t l, i;
    const char *id;
    if (!c->o || !c->o->ids) return 1;
    id = gaz_str(c->g, e->id, &l);
    for (i = 0; i < c->o->nids; i++)
        if (c->o->ids[i] && strlen(c->o->ids[i]) == l && memcmp(c->o->ids[i], id, l) == 0) return 1;
    return 0;
}

/* ------------------------------------------------------------ matching */

typedef struct {
    size_t i, j;          /* first and last token */
    size_t clitic;        /* bytes of clitic in the normalized first token */
    uint32_t entry;
    int fuzzy;
    int pending;
    int found;
} cand_t;

/* What the candidate's first token brings to the rules. */
typedef struct {
    size_t clitic;
    int common;           /* the stem is a common word */
    int article;          /* found by stripping the article */
    int restored;         /* the stem's article alef was restored (لل) */
    int fuzzy;
} start_t;

/* An adjective, not a place: a definite nisba word (…ية / …ي with the
 * article) right after a definite noun, as in القوات السعودية "the Saudi
 * forces" (the country is السعودية after في, إلى, زيارة …). */
static int nisba_after_noun(const ctx_t *c, size_t i)
{
    size_t len, plen;
    const unsigned char *s = ntext(c, i, &len), *p;
    int def, nisba;
    if (i == 0 || !adjacent(c, i - 1) || c->r->tok[i - 1].kind != AR_TOK_WORD) return 0;
    def = len > 4 && is_letter2(s, ALEF) && is_letter2(s + 2, LAM);
    nisba = (len >= 4 && s[len - 4] == 0xD9 && s[len - 3] == 0x8A && s[len - 2] == 0xD8 && s[len - 1] == 0xA9) ||
            (len >= 2 && s[len - 2] == 0xD9 && s[len - 1] == 0x8A);
    p = ntext(c, i - 1, &plen);
    if (!def || !nisba) return 0;
    /* a definite noun: the article and 2+ letters (إلى, إلا fold to ال…
     * but are 3 letters) */
    if (plen >= 8 && is_letter2(p, ALEF) && is_letter2(p + 2, LAM)) return 1;
    /* ... also behind proclitics: باللون الرمادي, وبالعنصر, للون */
    if (c->o && c->o->lexicon) {
        if (plen >= 10 && (is_letter2(p, WAW) || is_letter2(p, FEH))) p += 2, plen -= 2;
        if (plen >= 10 && (is_letter2(p, BEH) || is_letter2(p, KAF)) && is_letter2(p + 2, ALEF) &&
            is_letter2(p + 4, LAM))
            return 1;
        if (plen >= 8 && is_letter2(p, LAM) && is_letter2(p + 2, LAM)) return 1;
    }
    return 0;
}

/* ------------------------------------------------------------ homographs */

/* Lexicon classes (names.c) of token i whole, looked up once per text
 * (and kept for the names recognizer). There is a lexicon. */
AR_INLINE unsigned whole_classes(const ctx_t *c, size_t i)
{
    uint32_t f = c->r->lexcls[i];
    if (f == LEX_UNSEEN) {
        size_t len;
        const unsigned char *s = ntext(c, i, &len);
        f = ar__names_lookup(c->o->lexicon, s, len);
        c->r->lexcls[i] = f;
    }
    return f;
}

/* Lexicon classes (names.c) of token i, whole or without a و/ف. */
static unsigned lex_classes(const ctx_t *c, size_t i, int strip_conj)
{
    size_t len;
    const unsigned char *s;
    unsigned f;
    if (!c->o || !c->o->lexicon) return 0;
    s = ntext(c, i, &len);
    f = whole_classes(c, i);
    if (!f && strip_conj && len >= 6 && (is_letter2(s, WAW) || is_letter2(s, FEH)))
        f = ar__names_lookup(c->o->lexicon, s + 2, len - 2);
    return f;
}

static int is_word(const unsigned char *s, size_t len, const char *w)
{
    return strlen(w) == len && memcmp(s, w, len) == 0;
}

/* Evidence that a one-word place name spelled like a common word (صور
 * "pictures", جدة "grandmother", قطر "diameter") is the place: a word
 * before it that introduces places (أمير قطر, سفارة قطر; the gazetteer's
 * triggers are checked by the caller) or, for a weak homograph, a
 * preposition of place (إلى جدة, بجدة) with no definite noun right after
 * it (قطر الدائرة is a construct, "the circle's diameter"). */
static int homograph_evidence(ctx_t *c, size_t i, size_t clitic, int strong)
{
    size_t len;
    const unsigned char *s = ntext(c, i, &len);
    if (i > 0 && adjacent(c, i - 1) && (lex_classes(c, i - 1, 1) & AR_NAME_LOC_CUE)) return 1;
    if (strong) return 0;
    /* coordinated with another name: مصر وقطر, قطر ومصر */
    if (clitic == 2 && is_letter2(s, WAW) && i > 0 && adjacent(c, i - 1) && c->r->n > 0) {
        size_t a, b;
        map_source(c, c->r->tok[i - 1].start, c->r->tok[i - 1].end, &a, &b);
        if (c->r->m[c->r->n - 1].end == b) return 1;
    }
    if (i + 1 < c->r->ntok && adjacent(c, i) && c->r->tok[i + 1].kind == AR_TOK_WORD) {
        size_t nl;
        const unsigned char *n = ntext(c, i + 1, &nl);
        if (nl >= 6 && is_letter2(n, WAW) && gaz_first_node(c->g, lookup(c->g, n + 2, nl - 2)) != NONE) return 1;
    }
    if (i + 1 < c->r->ntok && adjacent(c, i) && c->r->tok[i + 1].kind == AR_TOK_WORD) {
        size_t nl;
        const unsigned char *n = ntext(c, i + 1, &nl);
        if (nl >= 8 && is_letter2(n, ALEF) && is_letter2(n + 2, LAM)) return 0;
    }
    if (clitic >= 2 && (is_letter2(s + clitic - 2, BEH) || is_letter2(s + clitic - 2, LAM))) return 1;
    if (i > 0 && adjacent(c, i - 1)) {
        size_t pl;
        const unsigned char *p = ntext(c, i - 1, &pl);
        static const char *const preps[] = {"في", "الي", "من", "علي", "نحو", "منذ", "وفي", "والي", "ومن", NULL};
        size_t k;
        for (k = 0; preps[k]; k++)
            if (is_word(p, pl, preps[k])) return 1;
    }
    return 0;
}


/* Does a one-word match at token i (stem after st->clitic) need context
 * because of what the word is: a place name spelled like a common word
 * without evidence for the place, or a name reached by a ك clitic (كواليس
 * is "backstage", not ك + واليس Wallis)? */
static int homograph_pending(ctx_t *c, size_t i, const start_t *st)
{
    size_t len;
    const unsigned char *s = ntext(c, i, &len);
    unsigned f;
    if (st->clitic >= 2 && is_letter2(s + st->clitic - 2, KAF)) return 1;
    f = st->clitic ? ar__names_lookup(c->o->lexicon, s + st->clitic, len - st->clitic) : whole_classes(c, i);
    if (!(f & AR_NAME_HOMOGRAPH)) return 0;
    /* a construct (صور المدينة "the city's pictures", قطر الدائرة): the
     * word, whatever else the text says; a nisba adjective after a place
     * agrees with it (صور الجنوبية) */
    if (i + 1 < c->r->ntok && adjacent(c, i) && c->r->tok[i + 1].kind == AR_TOK_WORD) {
        size_t nl;
        const unsigned char *n = ntext(c, i + 1, &nl);
        int nis = (nl >= 4 && is_letter2(n + nl - 2, 0xD9, 0x8A)) ||
                  (nl >= 6 && is_letter2(n + nl - 4, 0xD9, 0x8A) && is_letter2(n + nl - 2, 0xD8, 0xA9));
        /* ... unless a word before it introduces a place: محافظ صور |
         * الأضرار "the governor of Tyre | the damage" */
        if (nl >= 8 && is_letter2(n, ALEF) && is_letter2(n + 2, LAM) && !nis &&
            !(lex_classes(c, i + 1, 0) & AR_NAME_STOP) &&
            !(i > 0 && adjacent(c, i - 1) && (lex_classes(c, i - 1, 1) & AR_NAME_LOC_CUE)))
            return 2;
    }
    return !homograph_evidence(c, i, st->clitic, (f & AR_NAME_HOMOGRAPH_STRONG) != 0);
}

/* Token i read as an adjective rather than as a one-word place: a name
 * found by taking the article off a nisba (السورية "Syrian" is no ال +
 * سورية), or a definite word the lexicon knows as common right after a
 * definite noun (الصحابي الجليل "the venerable companion", not Galilee),
 * unless that noun introduces places (مدينة, سكان). */
static int adjective_reading(const ctx_t *c, size_t i, const start_t *st)
{
    size_t len, plen;
    const unsigned char *s = ntext(c, i, &len), *p;
    unsigned pc;
    if (st->article) {
        const unsigned char *e = s + len;
        if ((len >= 4 && is_letter2(e - 4, 0xD9, 0x8A) && is_letter2(e - 2, 0xD8, 0xA9)) ||
            (len >= 2 && is_letter2(e - 2, 0xD9, 0x8A)))
            return 1;
    }
    if (!c->o || !c->o->lexicon || st->clitic || i == 0 || !adjacent(c, i - 1)) return 0;
    if (len < 8 || !is_letter2(s, ALEF) || !is_letter2(s + 2, LAM)) return 0;
    if (!(lex_classes(c, i, 0) & AR_NAME_COMMON)) return 0;
    p = ntext(c, i - 1, &plen);
    if (plen < 8 || !is_letter2(p, ALEF) || !is_letter2(p + 2, LAM)) return 0;
    pc = lex_classes(c, i - 1, 0);
    return !(pc & (AR_NAME_LOC_CUE | AR_NAME_STOP));
}

/* A word before token i that introduces a place (أمير, سكان, ميناء ...). */
static int loc_cue_before(const ctx_t *c, size_t i)
{
    return i > 0 && adjacent(c, i - 1) && (lex_classes(c, i - 1, 1) & AR_NAME_LOC_CUE);
}

/* The first entry at node that the rules accept for tokens [i, j]: 1, 0
 * for none, -1 when out of memory. When the word before the name is a
 * trigger of one of the entries' types (فريق ميلان, مدينة ميلان), entries
 * of that type are tried first. */
static int accept_at(ctx_t *c, uint32_t node, size_t i, size_t j, const start_t *st, int fuzzy,
                     cand_t *out, int emit_all)
{
    const ar_gazetteer *g = c->g;
    uint32_t lo = g->node[node].ent_start, hi = g->node[node + 1].ent_start, k;
    int any = 0, pass, nisba = -1, homograph = -1;
    unsigned gm = c->o ? c->o->flags : 0;
    /* what the rules ask of the text, found for the first entry that asks
     * and kept for the others (the entries of one name share it) */
    surface_t whole, first;
    whole.state = first.state = 0;
    /* the word before matters only when there is a choice of types */
    uint32_t trig = hi - lo > 1 ? trigger_before(c, i) : 0;
    if (lo > hi || hi > g->nnent) return 0;
    /* bounded work whoever wrote the file: the entries of one name by
     * priority up to AR_GAZ_MAX_SAME_NAME, and a budget per token of text */
    if (hi - lo > AR_GAZ_MAX_SAME_NAME) hi = lo + AR_GAZ_MAX_SAME_NAME;
    for (pass = (trig && !emit_all) ? 0 : 1; pass < 2; pass++) {
        for (k = lo; k < hi; k++) {
            uint32_t e = g->nent[k].entry, type = g->nent[k].type;
            unsigned f;
            int pending = 0, typed, same;
            size_t tmp;
            if (c->budget == 0 || (emit_all && c->emitted >= AR_GAZ_MAX_OVERLAP)) return any;
            c->budget--;
            if (e >= g->nentries) continue;
            typed = type < g->ntype && (c->r->typetrig[type] & trig);
            if (pass == 0 && !typed) continue;
            f = ar__gaz_entry_flags(g, e, g->nent[k].flags);
            if (c->r->typeok && (type >= g->ntype || !c->r->typeok[type])) continue;
            if (c->o && c->o->ids && !id_allowed(c, &g->ent[e])) continue;
            if (f & AR_GAZ_EXACT_ONLY) {
                if (st->clitic || fuzzy) continue;
                if ((same = surface_is(c, c->r->tok[i].start, c->r->tok[j].end, &c->r->ea, &whole, g->ent[e].exact,
                                       0, 0)) < 0)
                    return -1;
                if (!same) continue;
            }
            if (i == j && type < g->ntype && c->r->typetrig[type] == TOK_TRIGGER_LOC) {
                if (nisba < 0) nisba = (!st->clitic && nisba_after_noun(c, i)) || adjective_reading(c, i, st);
                if (nisba) continue;
            }
            if (st->common) {
                if ((same = surface_is(c, c->r->tok[i].start + st->clitic, c->r->tok[i].end, &c->r->eb, &first,
                                       g->ent[e].exact, 1, st->restored)) < 0)
                    return -1;
                if (!same) continue;
                if (i == j && !(f & AR_GAZ_TRUSTED)) pending = 1;
            }
            if (st->article && i == j && !(f & AR_GAZ_TRUSTED)) pending = 1;
            if (i == j && c->o && c->o->lexicon && !(f & AR_GAZ_TRUSTED)) {
                if (homograph < 0) homograph = homograph_pending(c, i, st);
                if (homograph == 2) continue;
                if (homograph) pending = 1;
            }
            if (f & (AR_GAZ_NEEDS_CONTEXT | AR_GAZ_DEMOTED)) pending = 1;
            if (gm & AR_GM_NO_CONTEXT) pending = 0;
            /* a trigger word rescues what needs context, but not what
             * calibration found mostly wrong */
            if (pending && !(f & AR_GAZ_DEMOTED) && type < g->ntype &&
                ((c->r->typetrig[type] & trigger_before(c, i)) ||
                 (c->o && c->o->lexicon && c->r->typetrig[type] == TOK_TRIGGER_LOC && loc_cue_before(c, i))))
                pending = 0;
            out->i = i;
            out->j = j;
            out->clitic = st->clitic;
            out->entry = e;
            out->fuzzy = fuzzy;
            out->pending = pending;
            out->found = 1;
            any = 1;
            if (!emit_all) return 1;
            c->emitted++;
            {
                ar_gaz_match m;
                m.entry = e;
                m.fuzzy = (uint8_t)fuzzy;
                m.flags = (uint8_t)(pending ? P_PENDING : 0);
                map_source(c, c->r->tok[i].start + st->clitic, c->r->tok[j].end, &m.start, &m.end);
                map_source(c, c->r->tok[i].start, c->r->tok[j].end, &m.token_start, &tmp);
                if (push_match(c->r, &m)) return -1;
                homograph = -1; /* its evidence reads the matches before */
            }
        }
    }
    return any;
}

static int better(const cand_t *a, const cand_t *b)
{
    if (!b->found) return a->found;
    if (!a->found) return 0;
    if (a->j != b->j) return a->j > b->j;
    if (a->pending != b->pending) return !a->pending;
    if (a->fuzzy != b->fuzzy) return a->fuzzy < b->fuzzy;
    return a->clitic < b->clitic;
}

/* Walk the trie from node (reached by token i) over the following tokens. */
static int walk(ctx_t *c, uint32_t node, size_t i, const start_t *st, cand_t *best, int overlap)
{
    size_t j = i;
    int fuzzy = st->fuzzy;
    unsigned gm = c->o ? c->o->flags : 0;
    for (;;) {
        cand_t here;
        int r;
        memset(&here, 0, sizeof here);
        r = accept_at(c, node, i, j, st, fuzzy, &here, overlap);
        if (r < 0) return -1;
        if (r > 0 && !overlap && better(&here, best)) *best = here;
        if (j + 1 >= c->r->ntok || j + 1 - i >= AR_GAZ_MAX_NAME_TOKENS || !adjacent(c, j)) break;
        {
            size_t len;
            const unsigned char *s = ntext(c, j + 1, &len);
            uint32_t t = tok_id(c, j + 1), next = t == NONE ? NONE : gaz_child(c->g, node, t);
            if (next == NONE && (gm & AR_GM_FUZZY) && !fuzzy && c->r->tok[j + 1].kind == AR_TOK_WORD) {
                next = fuzzy_child(c->g, node, s, len);
                if (next != NONE) fuzzy = 1;
            }
            if (next == NONE) break;
            node = next;
            j++;
        }
    }
    return 0;
}

#define MAXSTEM 256

/* Try token i whole and with its proclitics stripped. */
static int match_at(ctx_t *c, size_t i, cand_t *best, int overlap)
{
    const ar_gazetteer *g = c->g;
    size_t len;
    const unsigned char *s = ntext(c, i, &len);
    unsigned gm = c->o ? c->o->flags : 0;
    uint32_t t = tok_id(c, i);
    int whole_common = (tok_flags(g, t) & TOK_COMMON) != 0;
    start_t st;
    unsigned char buf[MAXSTEM];
    /* stems to try: (clitic bytes, stem pointer, stem length, article) */
    struct {
        size_t clitic;
        const unsigned char *p;
        size_t len;
        int article;
        int restored;
    } stems[16];
    size_t ns = 0, k, bufused = 0;
    int exact_found = 0, lex_known = 0, split;
    unsigned lex_whole = 0; /* the lexicon's classes of the whole token, when lex_known */

#define STEM(cl_, p_, len_, article_, restored_)                               \
    (stems[ns].clitic = (cl_), stems[ns].p = (p_), stems[ns].len = (len_),     \
     stems[ns].article = (article_), stems[ns].restored = (restored_), ns++)
    split = !whole_common && !(gm & AR_GM_NO_CLITICS) && c->r->tok[i].kind == AR_TOK_WORD && len >= 8;
    if (!split && !(gm & AR_GM_FUZZY)) {
        /* the token whole, and nothing else to try (most words): what the
         * loop below does for it */
        uint32_t n = gaz_first_node(g, t);
        if (n == NONE) return 0;
        st.clitic = 0;
        st.common = whole_common;
        st.article = st.restored = st.fuzzy = 0;
        return walk(c, n, i, &st, best, overlap) < 0 ? -1 : 0;
    }
    STEM(0, s, len, 0, 0);
    if (split) {
        /* proclitics: an optional conjunction و/ف, then an optional
         * preposition ب/ل/ك; stems keep 3+ letters */
        size_t conj[2], nc = 0, q, k2;
        conj[nc++] = 0;
        if (is_letter2(s, WAW) || is_letter2(s, FEH)) conj[nc++] = 2;
        for (q = 0; q < nc; q++) {
            size_t a0 = conj[q];
            const unsigned char *pp = s + a0;
            int prep = len >= a0 + 8 && (is_letter2(pp, BEH) || is_letter2(pp, LAM) || is_letter2(pp, KAF));
            if (a0 && len >= a0 + 6) STEM(a0, s + a0, len - a0, 0, 0);
            if (prep) {
                size_t cl = a0 + 2;
                const unsigned char *r = s + cl;
                size_t rl = len - cl;
                STEM(cl, r, rl, 0, 0);
                /* لل = ل + ال: the article's alef is not written */
                if (is_letter2(pp, LAM) && is_letter2(r, LAM) && rl + 2 <= MAXSTEM - bufused) {
                    buf[bufused] = 0xD8;
                    buf[bufused + 1] = 0xA7;
                    memcpy(buf + bufused + 2, r, rl);
                    STEM(cl, buf + bufused, rl + 2, 0, 1);
                    bufused += rl + 2;
                }
            }
        }
        /* the article itself: a name written without it (ناتو / الناتو) */
        for (k2 = 0, q = ns; k2 < q; k2++) {
            const unsigned char *r = stems[k2].p;
            size_t rl = stems[k2].len;
            if (stems[k2].restored) continue;
            if (rl >= 4 + 6 && is_letter2(r, ALEF) && is_letter2(r + 2, LAM) && ns < 16)
                STEM(stems[k2].clitic + 4, r + 4, rl - 4, 1, 0);
        }
    }
#undef STEM
    for (k = 0; k < ns; k++) {
        uint32_t tt = k == 0 ? t : lookup(g, stems[k].p, stems[k].len);
        uint32_t n = gaz_first_node(g, tt);
        if (n == NONE) continue;
        /* a clitic split must not turn a frequent word into a name */
        if (k > 0) {
            if (!lex_known) {
                lex_whole = lex_classes(c, i, 0);
                lex_known = 1;
            }
            if (lex_whole & (AR_NAME_COMMON | AR_NAME_STOP)) continue;
        }
        exact_found = 1;
        st.clitic = stems[k].clitic;
        st.common = (tok_flags(g, tt) & TOK_COMMON) != 0;
        st.article = stems[k].article;
        st.restored = stems[k].restored;
        st.fuzzy = 0;
        if (walk(c, n, i, &st, best, overlap) < 0) return -1;
    }
    if (!exact_found && (gm & AR_GM_FUZZY) && c->r->tok[i].kind == AR_TOK_WORD && !whole_common) {
        for (k = 0; k < ns; k++) {
            uint32_t cands[MAXFUZZ];
            size_t nc = fuzzy_tokens(g, stems[k].p, stems[k].len, cands), q;
            for (q = 0; q < nc; q++) {
                uint32_t n = gaz_first_node(g, cands[q]);
                if (n == NONE) continue;
                st.clitic = stems[k].clitic;
                st.common = (tok_flags(g, cands[q]) & TOK_COMMON) != 0;
                st.article = stems[k].article;
                st.restored = stems[k].restored;
                st.fuzzy = 1;
                if (walk(c, n, i, &st, best, overlap) < 0) return -1;
            }
        }
    }
    return 0;
}

/* A person's match goes on over the words that follow it when they are
 * words of persons' names: محمد + بن راشد آل مكتوم. A trailing particle
 * (بن, أبو …) with no name after it is left out. */
static void extend_name(ctx_t *c, cand_t *m)
{
    const ar_gazetteer *g = c->g;
    const struct gent *x = &g->ent[m->entry];
    size_t j = m->j, good = m->j;
    if (x->type >= g->ntype || c->r->typetrig[x->type] != TOK_TRIGGER_PER) return;
    while (j + 1 < c->r->ntok && adjacent(c, j) && c->r->tok[j + 1].kind == AR_TOK_WORD) {
        size_t len;
        const unsigned char *s = ntext(c, j + 1, &len);
        uint32_t t = lookup(g, s, len);
        static const char *const particles[] = {"بن", "ابن", "بنت", "ابو", "ابي", "ال", "عبد", "ام", "ولد", "بو"};
        size_t q;
        int particle = 0;
        if (!(tok_flags(g, t) & TOK_PERNAME)) break;
        for (q = 0; q < sizeof particles / sizeof particles[0]; q++)
            if (strlen(particles[q]) == len && memcmp(particles[q], s, len) == 0) particle = 1;
        j++;
        if (!particle) good = j;
    }
    m->j = good;
}

static int prepare_types(ctx_t *c)
{
    const ar_gazetteer *g = c->g;
    ar_gaz_result *r = c->r;
    uint32_t k;
    if (g->ntype > r->typecap) {
        unsigned char *a = realloc(r->typeok, g->ntype), *b;
        if (!a) return AR_ENOMEM;
        r->typeok = a;
        b = realloc(r->typetrig, g->ntype);
        if (!b) return AR_ENOMEM;
        r->typetrig = b;
        r->typecap = g->ntype;
    }
    /* the trigger flags were read from the type strings when the
     * gazetteer was attached; the type strings are read only for a filter */
    if (g->ntype) memcpy(r->typetrig, g->typetrig, g->ntype);
    if (!(c->o && c->o->types)) {
        if (g->ntype) memset(r->typeok, 1, g->ntype);
        return AR_OK;
    }
    for (k = 0; k < g->ntype; k++) {
        size_t l, q;
        const char *ts = ar__gaz_str(g, g->type[k], &l);
        r->typeok[k] = 0;
        for (q = 0; q < c->o->ntypes; q++)
            if (c->o->types[q] && strlen(c->o->types[q]) == l && memcmp(c->o->types[q], ts, l) == 0)
                r->typeok[k] = 1;
    }
    return AR_OK;
}

/* Keep pending matches whose id was found elsewhere without help. Ids are
 * compared by number through a small open-addressing set. */
static int resolve_pending(ctx_t *c)
{
    ar_gaz_result *r = c->r;
    const ar_gazetteer *g = c->g;
    size_t i, w = 0, any = 0, cap = 64, mask;
    for (i = 0; i < r->n; i++) any |= r->m[i].flags & P_PENDING;
    if (!any) return AR_OK;
    while (cap < r->n * 2) cap *= 2;
    if (cap > r->idcap) {
        uint64_t *p = realloc(r->ids, cap * sizeof *p);
        if (!p) return AR_ENOMEM;
        r->ids = p;
        r->idcap = cap;
    }
    mask = cap - 1;
    memset(r->ids, 0xFF, cap * sizeof *r->ids);
    for (i = 0; i < r->n; i++) {
        uint64_t idn;
        size_t k;
        if (r->m[i].flags & P_PENDING) continue;
        idn = g->ent[r->m[i].entry].idn;
        for (k = (size_t)ar__mix64(idn) & mask; r->ids[k] != UINT64_MAX && r->ids[k] != idn; k = (k + 1) & mask) {}
        r->ids[k] = idn;
    }
    for (i = 0; i < r->n; i++) {
        if (r->m[i].flags & P_PENDING) {
            uint64_t idn = g->ent[r->m[i].entry].idn;
            size_t k;
            for (k = (size_t)ar__mix64(idn) & mask; r->ids[k] != UINT64_MAX && r->ids[k] != idn; k = (k + 1) & mask) {}
            if (r->ids[k] != idn) continue;
            r->m[i].flags &= (uint8_t)~P_PENDING;
        }
        r->m[w++] = r->m[i];
    }
    r->n = w;
    return AR_OK;
}

/* Match text[0..len); with keep, matches that need context are kept and
 * marked P_PENDING (the cursor resolves them over the whole text). */
static int match_text(const ar_gazetteer *g, const char *text, size_t len, const ar_gaz_match_opts *o,
                      ar_gaz_result *r, int keep)
{
    ctx_t c;
    size_t i;
    int err, overlap, fuzzy;
    if (!g || !r || (!text && len)) return AR_EARG;
    r->n = 0;
    c.g = g;
    c.r = r;
    c.o = o;
    c.text = text ? text : "";
    c.len = len;
    c.trig_at = (size_t)-1;
    c.trig = 0;
    c.maphint = 0;
    c.mapk = 0;
    overlap = o && (o->flags & AR_GM_OVERLAP);
    fuzzy = o && (o->flags & AR_GM_FUZZY);
    r->tokvalid = 0;
    if ((err = ar_normalize(g->nz, c.text, len, &r->norm, r->map, NULL))) return err;
    r->ntok = 0;
    if ((err = ar__tokenize(r->norm.data, r->norm.len, &r->tok, &r->tokcap, &r->ntok))) return err;
    if (r->tokcap > r->tidcap) {
        uint32_t *q = realloc(r->tid, r->tokcap * sizeof *q);
        if (!q) return AR_ENOMEM;
        r->tid = q;
        q = realloc(r->lexcls, r->tokcap * sizeof *q);
        if (!q) return AR_ENOMEM;
        r->lexcls = q;
        r->tidcap = r->tokcap;
    }
    for (i = 0; i < r->ntok; i++) r->tid[i] = UNSEEN;
    r->lex = o ? o->lexicon : NULL;
    if (r->lex) {
        r->lexver = ar__names_version(r->lex);
        for (i = 0; i < r->ntok; i++) r->lexcls[i] = LEX_UNSEEN;
    }
    r->tokvalid = 1;
    if ((err = prepare_types(&c))) return err;
    for (i = 0; i < r->ntok;) {
        cand_t best;
        size_t tl = r->tok[i].end - r->tok[i].start;
        if (!wordish(r->tok[i].kind) ||
            (!fuzzy && tl >= 6 && !gaz_may_start(g, (const unsigned char *)r->norm.data + r->tok[i].start, tl))) {
            i++; /* nothing can start here */
            continue;
        }
        memset(&best, 0, sizeof best);
        c.budget = AR_GAZ_MAX_CANDIDATES;
        c.emitted = 0;
        if (match_at(&c, i, &best, overlap) < 0) return AR_ENOMEM;
        if (!overlap && best.found) {
            ar_gaz_match m;
            size_t j0 = best.j;
            if (o && (o->flags & AR_GM_EXTEND)) extend_name(&c, &best);
            m.entry = best.entry;
            m.fuzzy = (uint8_t)best.fuzzy;
            m.flags = (uint8_t)((best.pending ? P_PENDING : 0) | (best.j > j0 ? AR_MATCH_EXTENDED : 0));
            /* the token's start alone (an empty range maps to where its
             * unit starts, as the start of a longer one does), then the
             * name: lookups in text order, the map's hint moving forward */
            map_match(&c, r->tok[i].start, r->tok[i].start + best.clitic, r->tok[best.j].end, &m.token_start,
                      &m.start, &m.end);
            if ((err = push_match(r, &m))) return err;
            i = best.j + 1;
        } else {
            i++;
        }
    }
    if (!keep && !(o && (o->flags & AR_GM_NO_CONTEXT))) return resolve_pending(&c);
    return AR_OK;
}

int ar_gaz_match_text(const ar_gazetteer *g, const char *text, size_t len,
                      const ar_gaz_match_opts *o, ar_gaz_result *r)
{
    return match_text(g, text, len, o, r, 0);
}

/* ------------------------------------------------------------ the cursor
 *
 * The matches of a text of any size, one chunk at a time, the same as
 * ar_gaz_match_text on the whole text. A chunk ends after a blank line
 * ("\n\n" before a letter or an ASCII character): no name runs across two
 * line breaks, and normalization and tokens are the same either side of
 * one. What a match reads outside its tokens is the token before it (a
 * trigger word), so a chunk is matched with the token before it in front
 * (and that token's own matches left out). What is left is the rule that
 * keeps a match needing context when its id is found elsewhere in the
 * text without help: the cursor keeps the ids of such matches in a set;
 * when a chunk has a match that needs context and its id is not in the set
 * yet, the rest of the text is matched once ahead, for its ids only. */

#define CHUNK (64u << 10)
/* The matches of chunks matched ahead are kept (about 6 bytes a match, up
 * to this much) so they are not matched a second time. */
#define STORE_MAX (24u << 20)

struct ar_gaz_cursor {
    const ar_gazetteer *g;
    const char *text;
    size_t len;
    ar_gaz_match_opts o;
    ar_gaz_result *r;       /* the current chunk's matches, offsets in text */
    size_t i;               /* the next of them to return */
    size_t pos;             /* where the next chunk starts */
    uint64_t *ids;          /* ids found without help (hash set, UINT64_MAX empty) */
    size_t nids, idcap;
    int ahead;              /* ids holds every such id of the whole text */
    size_t chunk;           /* chunk size (CHUNK; smaller in tests) */
    ar_buf store;           /* chunks matched ahead: end, count, matches */
    size_t rd;              /* where the next stored chunk is read */
    size_t stored_until;    /* the end of the last stored chunk */
};

/* A varint at p (at most 10 bytes for a size_t); returns the bytes written. */
static size_t put_varint(unsigned char *p, size_t v)
{
    size_t n = 0;
    while (v >= 0x80) {
        p[n++] = (unsigned char)(v | 0x80);
        v >>= 7;
    }
    p[n++] = (unsigned char)v;
    return n;
}

static size_t get_varint(const ar_buf *b, size_t *pos)
{
    size_t v = 0;
    unsigned shift = 0;
    while (*pos < b->len) {
        unsigned char x = (unsigned char)b->data[(*pos)++];
        v |= (size_t)(x & 0x7F) << shift;
        if (!(x & 0x80)) break;
        shift += 7;
    }
    return v;
}

/* Signed differences (a match may start before the end of the one before
 * it in overlapping mode) as small unsigned numbers: 0, -1, 1, -2 ... */
static size_t zigzag(size_t from, size_t to)
{
    return to >= from ? (to - from) * 2 : (from - to) * 2 - 1;
}

static size_t unzigzag(size_t from, size_t z)
{
    return z & 1 ? from - (z + 1) / 2 : from + z / 2;
}

/* A stored match takes about 6 bytes (the look-ahead of a 50 MB text with
 * 3 M matches fits in STORE_MAX): its token's start from the end of the
 * match before it, then clitic bytes, fuzzy and flags in one number
 * (ESCAPE: fuzzy and flags follow whole), the length and the entry. */
#define ESCAPE 8u

/* Keep the matches of the chunk [a, b) (in r) in the store. */
static int store_chunk(ar_gaz_cursor *c, size_t a, size_t b, const ar_gaz_result *r)
{
    size_t i, prev = a;
    unsigned char *p;
    if (ar__buf_reserve(&c->store, 20)) return AR_ENOMEM;
    p = (unsigned char *)c->store.data + c->store.len;
    p += put_varint(p, b - a);
    p += put_varint(p, r->n);
    c->store.len = (size_t)((char *)p - c->store.data);
    for (i = 0; i < r->n; i++) {
        const ar_gaz_match *m = &r->m[i];
        size_t clitic = m->start - m->token_start;
        int plain = m->fuzzy < 2 && m->flags < 4;
        if (ar__buf_reserve(&c->store, 60)) return AR_ENOMEM;
        p = (unsigned char *)c->store.data + c->store.len;
        p += put_varint(p, zigzag(prev, m->token_start));
        p += put_varint(p, plain ? clitic << 4 | (size_t)m->fuzzy << 2 | m->flags : clitic << 4 | ESCAPE);
        if (!plain) p += put_varint(p, (size_t)m->fuzzy << 8 | m->flags);
        p += put_varint(p, m->end - m->start);
        p += put_varint(p, m->entry);
        c->store.len = (size_t)((char *)p - c->store.data);
        prev = m->end;
    }
    return AR_OK;
}

/* A varint at *p (before end, as get_varint reads one), in a loop over
 * many: pointers instead of the buffer and a position. */
static size_t next_varint(const unsigned char **p, const unsigned char *end)
{
    size_t v = 0;
    unsigned shift = 0;
    while (*p < end) {
        unsigned char x = *(*p)++;
        v |= (size_t)(x & 0x7F) << shift;
        if (!(x & 0x80)) break;
        shift += 7;
    }
    return v;
}

/* The stored chunk that starts at a into r; returns its end. */
static size_t load_chunk(ar_gaz_cursor *c, size_t a, ar_gaz_result *r)
{
    size_t b = a + get_varint(&c->store, &c->rd), n = get_varint(&c->store, &c->rd), i, prev = a;
    const unsigned char *p = (const unsigned char *)c->store.data + c->rd;
    const unsigned char *end = (const unsigned char *)c->store.data + c->store.len;
    r->n = 0;
    for (i = 0; i < n; i++) {
        ar_gaz_match m;
        size_t head, f;
        m.token_start = unzigzag(prev, next_varint(&p, end));
        head = next_varint(&p, end);
        f = head & ESCAPE ? next_varint(&p, end) : (head >> 2 & 3) << 8 | (head & 3);
        m.start = m.token_start + (head >> 4);
        m.end = m.start + next_varint(&p, end);
        m.entry = (uint32_t)next_varint(&p, end);
        m.fuzzy = (uint8_t)(f >> 8);
        m.flags = (uint8_t)f;
        r->m[r->n++] = m; /* next_chunk made room */
        prev = m.end;
    }
    c->rd = (size_t)(p - (const unsigned char *)c->store.data);
    if (c->rd >= c->store.len) { /* all read: let the memory go */
        ar_buf_free(&c->store);
        c->rd = 0;
    }
    return b;
}

/* A place to start a chunk: after a blank line, before a letter or an
 * ASCII character that is not white space. */
static int chunk_start(const unsigned char *s, size_t len, size_t i)
{
    int32_t c;
    if (i < 2 || i >= len || s[i - 1] != '\n' || s[i - 2] != '\n') return 0;
    if (s[i] < 0x80) return s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n';
    ar__decode(s + i, len - i, &c);
    return c >= 0x0621 && c <= 0x064A;
}

/* The end of the chunk that starts at a: the first chunk start at least
 * CHUNK bytes on, else the end of the text. */
static size_t chunk_end(const char *text, size_t len, size_t a, size_t chunk)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = len - a > chunk ? a + chunk : len;
    while (i < len) {
        const unsigned char *nl = memchr(s + i, '\n', len - i);
        if (!nl) return len;
        i = (size_t)(nl - s) + 1;
        if (chunk_start(s, len, i + 1)) return i + 1;
    }
    return len;
}

static int ascii_space(unsigned char b) { return b == ' ' || b == '\t' || b == '\r' || b == '\n'; }

/* Where to start matching for a chunk at a: the start of the token before
 * it (after the white space in front of that token; a character there
 * that is no letter, such as a mark, goes back one more word). */
static size_t window_start(const char *text, size_t a)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t w = a;
    for (;;) {
        int32_t c;
        while (w > 0 && ascii_space(s[w - 1])) w--;
        while (w > 0 && !ascii_space(s[w - 1])) w--;
        if (w == 0) return 0;
        ar__decode(s + w, a - w, &c);
        if (c < 0x80 || (c >= 0x0621 && c <= 0x064A)) return w;
    }
}

static int set_has(const ar_gaz_cursor *c, uint64_t idn)
{
    size_t k, mask = c->idcap - 1;
    if (!c->idcap) return 0;
    for (k = (size_t)ar__mix64(idn) & mask; c->ids[k] != UINT64_MAX; k = (k + 1) & mask)
        if (c->ids[k] == idn) return 1;
    return 0;
}

static int set_add(ar_gaz_cursor *c, uint64_t idn)
{
    size_t k, mask;
    if (idn == UINT64_MAX) return AR_OK; /* (never an id number) */
    if (2 * (c->nids + 1) > c->idcap) {
        size_t cap = c->idcap ? 2 * c->idcap : 1024, i;
        uint64_t *a = malloc(cap * sizeof *a);
        if (!a) return AR_ENOMEM;
        memset(a, 0xFF, cap * sizeof *a);
        for (i = 0; i < c->idcap; i++) {
            if (c->ids[i] == UINT64_MAX) continue;
            for (k = (size_t)ar__mix64(c->ids[i]) & (cap - 1); a[k] != UINT64_MAX; k = (k + 1) & (cap - 1)) {}
            a[k] = c->ids[i];
        }
        free(c->ids);
        c->ids = a;
        c->idcap = cap;
    }
    mask = c->idcap - 1;
    for (k = (size_t)ar__mix64(idn) & mask; c->ids[k] != UINT64_MAX; k = (k + 1) & mask)
        if (c->ids[k] == idn) return AR_OK;
    c->ids[k] = idn;
    c->nids++;
    return AR_OK;
}

/* Match the chunk text[a, b) into r (offsets in text; pending matches kept)
 * and add the ids of the matches that need no context to the set. */
static int match_chunk(ar_gaz_cursor *c, size_t a, size_t b, ar_gaz_result *r)
{
    size_t w = window_start(c->text, a), i, k = 0;
    int err = match_text(c->g, c->text + w, b - w, &c->o, r, 1);
    r->tokvalid = 0; /* its text is a window, not the caller's */
    if (err) return err;
    for (i = 0; i < r->n; i++) {
        ar_gaz_match *m = &r->m[i];
        if (m->token_start + w < a) continue; /* the token before the chunk */
        m->start += w;
        m->end += w;
        m->token_start += w;
        if (!(m->flags & P_PENDING) && (err = set_add(c, c->g->ent[m->entry].idn))) return err;
        r->m[k++] = *m;
    }
    r->n = k;
    return AR_OK;
}

/* Match the rest of the text for its ids (once), keeping the matches of
 * the chunks while the store has room. */
static int look_ahead(ar_gaz_cursor *c)
{
    ar_gaz_result *r = ar_gaz_result_new();
    size_t a = c->pos;
    int err = AR_OK, keep = 1;
    if (!r) return AR_ENOMEM;
    while (a < c->len && !err) {
        size_t b = chunk_end(c->text, c->len, a, c->chunk);
        err = match_chunk(c, a, b, r);
        if (!err && keep) {
            if (c->store.len > STORE_MAX) keep = 0;
            else if (!(err = store_chunk(c, a, b, r))) c->stored_until = b;
        }
        a = b;
    }
    ar_gaz_result_free(r);
    if (!err) c->ahead = 1;
    return err;
}

/* The next chunk's matches into c->r, those that need context resolved. */
static int next_chunk(ar_gaz_cursor *c)
{
    size_t b, i, k = 0;
    ar_gaz_result *r = c->r;
    int err;
    if (c->store.len && c->pos < c->stored_until) {
        /* matched ahead: room for the chunk's matches, then read them */
        size_t rd = c->rd, n;
        get_varint(&c->store, &rd);
        n = get_varint(&c->store, &rd);
        if (n > r->cap) {
            ar_gaz_match *p = realloc(r->m, n * sizeof *p);
            if (!p) return AR_ENOMEM;
            r->m = p;
            r->cap = n;
        }
        b = load_chunk(c, c->pos, r);
    } else {
        b = chunk_end(c->text, c->len, c->pos, c->chunk);
        if ((err = match_chunk(c, c->pos, b, r))) return err;
    }
    c->pos = b;
    c->i = 0;
    if (c->o.flags & AR_GM_NO_CONTEXT) return AR_OK;
    for (i = 0; i < r->n; i++) {
        if (r->m[i].flags & P_PENDING) {
            uint64_t idn = c->g->ent[r->m[i].entry].idn;
            if (!set_has(c, idn) && !c->ahead) {
                if ((err = look_ahead(c))) return err;
            }
            if (!set_has(c, idn)) continue;
            r->m[i].flags &= (uint8_t)~P_PENDING;
        }
        r->m[k++] = r->m[i];
    }
    r->n = k;
    return AR_OK;
}

ar_gaz_cursor *ar_gaz_cursor_new(const ar_gazetteer *g, const char *text, size_t len, const ar_gaz_match_opts *o,
                                 int *err)
{
    ar_gaz_cursor *c;
    if (!g || (!text && len)) {
        if (err) *err = AR_EARG;
        return NULL;
    }
    c = calloc(1, sizeof *c);
    if (!c || !(c->r = ar_gaz_result_new())) {
        free(c);
        if (err) *err = AR_ENOMEM;
        return NULL;
    }
    c->g = g;
    c->text = text ? text : "";
    c->len = len;
    c->chunk = CHUNK;
    if (o) c->o = *o;
    if (err) *err = AR_OK;
    return c;
}

void ar_gaz_cursor_free(ar_gaz_cursor *c)
{
    if (!c) return;
    ar_gaz_result_free(c->r);
    ar_buf_free(&c->store);
    free(c->ids);
    free(c);
}

int ar_gaz_cursor_chunk(ar_gaz_cursor *c, size_t bytes)
{
    if (!c || bytes == 0 || c->pos || c->store.len) return AR_EARG;
    c->chunk = bytes;
    return AR_OK;
}

int ar_gaz_cursor_next(ar_gaz_cursor *c, ar_gaz_match *m)
{
    int err;
    if (!c || !m) return AR_EARG;
    while (c->i >= c->r->n) {
        if (c->pos >= c->len) return 0;
        if ((err = next_chunk(c))) return err;
    }
    *m = c->r->m[c->i++];
    return 1;
}
