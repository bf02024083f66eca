/*
 * normalize.c — one-pass Arabic normalization with an offset map.
 *
 * Design
 * ------
 * ar_normalizer_new() turns the options into lookup tables once: a flat table
 * for U+0000..U+07FF (ASCII, Latin, Arabic, Arabic Supplement) and 256-entry
 * pages for the other blocks we care about (Arabic Extended-A, spaces and
 * general punctuation, the presentation forms). Each entry says what the
 * code point becomes, already encoded as UTF-8. Code points outside the
 * tables are left alone unless Unicode normalization or case folding is on,
 * in which case utf8proc decides.
 *
 * The hot loop copies table output for each character. A character whose
 * output has the same byte length as its input needs no offset-map entry;
 * anything else (a deletion, an expansion, a recomposed cluster) records a
 * unit in the map. Context-dependent rules (combining-mark order and
 * composition, punctuation between digits, whitespace collapsing, elongation)
 * are flagged in the entry and handled off the hot path.
 *
 * Composition: a combining mark that can compose (ٔ ٓ ٕ, Latin accents) or
 * that is out of canonical order sends the whole cluster (the last kept
 * starter and the marks after it) through a slow path: decompose, reorder,
 * compose, fold, and repeat until stable, so folding can never leave text
 * that a second pass would compose differently (normalization is idempotent).
 */
#include "offmap.h"
#include <utf8proc.h>

/* Entry layout:
 *   bits 0-23  output bytes (inline, up to 3) or pool offset
 *   bits 24-25 inline output length (0 = delete)
 *   bit  26    output is in the pool
 *   bit  28    the code point is a combining mark (ccc != 0)
 *   bit  30    context rule: see ctx()
 *   bit  31    slow: always handled as part of a cluster
 * An entry with no flags and length L compares equal to L << 24 in its top
 * byte, which is all the hot loop tests. */
#define E_LEN(e) (((e) >> 24) & 3u)
#define F_POOL (1u << 26)
#define F_MARK (1u << 28)
#define F_CTX (1u << 30)
#define F_SLOW (1u << 31)

#define BLOCK 4096

/* Pages of U+0800..U+FFFF that get a table. */
static const unsigned char table_pages[] = {0x08, 0x16, 0x20, 0x30, 0xFB, 0xFC, 0xFD, 0xFE};
#define NPAGES (sizeof table_pages)

struct ar_normalizer {
    ar_norm_options opt;
    int composing;        /* canonical composition happens (compose or NFC/NFKC) */
    int generic;          /* code points outside the tables may change */
    size_t ratio;         /* max output bytes per input byte, for reservations */
    uint32_t low[0x800];
    /* The Arabic block's characters that stay two bytes (low[] entries of
     * length 2), by their lead byte's low bits and continuation byte:
     * ((lead & 3) << 8 | cont) for leads D8-DB; the two output bytes as
     * they are written (copied with memcpy), or 0 (no such character, or
     * another kind of entry). */
    uint16_t arabic2[1024];
    const uint32_t *page[256];
    uint32_t pages[NPAGES][256];
    unsigned char *pool;
    size_t pool_len, pool_cap;
};

/* ------------------------------------------------------------ code points */

static int in_arabic_block(int32_t c)
{
    return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
           (c >= 0x0870 && c <= 0x08FF);
}

static int is_presentation(int32_t c)
{
    return (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFE) ||
           (c >= 0x0675 && c <= 0x0678); /* letters with a compatibility hamza */
}

static int is_word_ligature(int32_t c) { return c >= 0xFDF0 && c <= 0xFDFD; }

/* Composition seconds in the tabled ranges: Latin accents, Arabic madda and
 * hamza marks, kana voicing marks. */
static int is_second_tabled(int32_t c)
{
    return (c >= 0x0300 && c <= 0x036F) || (c >= 0x0653 && c <= 0x0655) ||
           c == 0x3099 || c == 0x309A;
}

/* Starters (ccc 0) that compose with the character before them (from the
 * Unicode Character Database: Indic length marks, Hangul vowels/trailing
 * consonants). */
static int is_starter_second(int32_t c)
{
    static const int32_t list[] = {0x09BE, 0x09D7, 0x0B3E, 0x0B56, 0x0B57, 0x0BBE,
                                   0x0BD7, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E, 0x0D57,
                                   0x0DCF, 0x0DDF, 0x102E, 0x1B35, 0x11127, 0x1133E,
                                   0x11357, 0x114B0, 0x114BA, 0x114BD, 0x115AF, 0x11930};
    size_t i;
    if ((c >= 0x1161 && c <= 0x1175) || (c >= 0x11A8 && c <= 0x11C2)) return 1;
    for (i = 0; i < sizeof list / sizeof list[0]; i++)
        if (list[i] == c) return 1;
    return 0;
}

static int ccc_of(int32_t c) { return utf8proc_get_property(c)->combining_class; }

static int is_arabic_letter(int32_t c)
{
    utf8proc_category_t k;
    if (!in_arabic_block(c)) return 0;
    k = utf8proc_category(c);
    return k == UTF8PROC_CATEGORY_LO || k == UTF8PROC_CATEGORY_LM;
}

static int32_t digit_to(int32_t base, int d) { return base + d; }

/* Apply the folding options to one code point: returns the replacement,
 * or -1 to delete it. Every mapping is idempotent (no target is a source),
 * which keeps normalization idempotent. */
static int32_t fold_cp(const ar_norm_options *o, int32_t c)
{
    uint32_t f = o->flags;
    int d;
    if (c < 0x80) {
        if ((f & AR_N_CASEFOLD) && c >= 'A' && c <= 'Z') return c + 32;
        d = ar__digit(c);
        if (d >= 0) goto digit;
        return c;
    }
    if (f & AR_N_PERSIAN) {
        switch (c) {
        case 0x06A9: case 0x06AA: return 0x0643;                 /* ک ڪ -> ك */
        case 0x06CC: case 0x06D0: case 0x06D2: case 0x06CD:      /* ی ې ے ۍ -> ي */
        case 0x06CE: return 0x064A;
        case 0x06D3: return 0x0626;                              /* ۓ -> ئ */
        case 0x06C1: case 0x06D5: case 0x06BE: case 0x06C0:      /* ہ ە ھ ۀ -> ه */
        case 0x06C2: return 0x0647;
        case 0x06C3: return 0x0629;                              /* ۃ -> ة */
        case 0x06BA: return 0x0646;                              /* ں -> ن */
        default: break;
        }
    }
    switch (c) {
    case 0x0640: return (f & AR_N_TATWEEL) ? -1 : c;
    case 0x200C: return (f & AR_N_ZWNJ) ? -1 : c;
    case 0x061C: case 0x200B: case 0x200E: case 0x200F: case 0x202A: case 0x202B:
    case 0x202C: case 0x202D: case 0x202E: case 0x2060: case 0x2066: case 0x2067:
    case 0x2068: case 0x2069: case 0xFEFF:
        return (f & AR_N_INVISIBLE) ? -1 : c;
    case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
        return (f & AR_N_WHITESPACE) ? 0x20 : c;
    case 0x0651: return (f & AR_N_SHADDA) ? -1 : c;
    case 0x0670:
        if (o->dagger_alef == AR_DAGGER_REMOVE) return -1;
        if (o->dagger_alef == AR_DAGGER_ALEF) return 0x0627;
        return c;
    case 0x0622: case 0x0623: case 0x0625:
        return o->alef >= AR_ALEF_HAMZA ? 0x0627 : c;
    case 0x0671:
        return o->alef >= AR_ALEF_WASLA ? 0x0627 : c;
    case 0x0672: case 0x0673:
        return o->alef >= AR_ALEF_ALL ? 0x0627 : c;
    case 0x0649: return (f & AR_N_ALEF_MAKSURA) ? 0x064A : c;
    case 0x0629:
        if (o->teh_marbuta == AR_TEH_HEH) return 0x0647;
        if (o->teh_marbuta == AR_TEH_TEH) return 0x062A;
        return c;
    case 0x0624: return (f & AR_N_HAMZA_WAW) ? 0x0648 : c;
    case 0x0626: return (f & AR_N_HAMZA_YEH) ? 0x064A : c;
    case 0x060C: return (f & AR_N_PUNCTUATION) ? ',' : c;
    case 0x061B: return (f & AR_N_PUNCTUATION) ? ';' : c;
    case 0x061F: return (f & AR_N_PUNCTUATION) ? '?' : c;
    case 0x066B: return o->digits == AR_DIGITS_ASCII ? '.' : c;  /* decimal sep. */
    case 0x066C: return o->digits == AR_DIGITS_ASCII ? ',' : c;  /* thousands   */
    case 0x066A: return o->digits == AR_DIGITS_ASCII ? '%' : c;  /* percent     */
    default: break;
    }
    if (c >= 0x2000 && c <= 0x200A) return (f & AR_N_WHITESPACE) ? 0x20 : c;
    if ((c >= 0x064B && c <= 0x0650) || c == 0x0652) return (f & AR_N_HARAKAT) ? -1 : c;
    if (c >= 0x0653 && c <= 0x0655) return (f & AR_N_HAMZA_MARKS) ? -1 : c;
    if ((c >= 0x0610 && c <= 0x061A) || (c >= 0x06D6 && c <= 0x06ED) ||
        (c >= 0x08D3 && c <= 0x08FF))
        return (f & AR_N_QURANIC) ? -1 : c;
    d = ar__digit(c);
    if (d >= 0) goto digit;
    return c;
digit:
    switch (o->digits) {
    case AR_DIGITS_ASCII: return digit_to('0', d);
    case AR_DIGITS_ARABIC: return digit_to(0x0660, d);
    case AR_DIGITS_PERSIAN: return digit_to(0x06F0, d);
    default: return c;
    }
}

/* -------------------------------------------------------- table building */

#define MAXSEQ 32

/* Normalize one code point with utf8proc (NFC or NFKC, optional case fold)
 * into cps; returns the count (0 on failure, leaving the caller to keep c). */
static size_t utf8proc_one(int32_t c, int compat, int casefold, int32_t *cps)
{
    utf8proc_int32_t buf[MAXSEQ];
    utf8proc_option_t opt = UTF8PROC_DECOMPOSE | UTF8PROC_STABLE;
    utf8proc_ssize_t k;
    int last = 0;
    if (compat) opt |= UTF8PROC_COMPAT;
    if (casefold) opt |= UTF8PROC_CASEFOLD;
    k = utf8proc_decompose_char(c, buf, MAXSEQ, opt, &last);
    if (k <= 0 || k > MAXSEQ) return 0;
    k = utf8proc_normalize_utf32(buf, k, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (k <= 0) return 0;
    memcpy(cps, buf, (size_t)k * sizeof *cps);
    return (size_t)k;
}

static size_t decode_all(const char *s, int32_t *cps)
{
    size_t n = 0, i = 0, len = strlen(s);
    while (i < len && n < MAXSEQ) {
        i += ar__decode((const unsigned char *)s + i, len - i, &cps[n]);
        n++;
    }
    return n;
}

/* What c expands to before folding: presentation forms and word ligatures
 * per the options, other scripts per the Unicode form and case folding. */
static size_t expand_cp(const ar_norm_options *o, int32_t c, int32_t *cps)
{
    size_t k = 0;
    int casefold = (o->flags & AR_N_CASEFOLD) != 0;
    if (is_word_ligature(c)) {
        if (!(o->flags & AR_N_WORD_LIGATURES)) goto keep;
        /* U+FDFD has no decomposition in Unicode, and U+FDFC decomposes
         * with a Persian yeh; spell both out in Arabic (as CAMeL does). */
        if (c == 0xFDFD) return decode_all("بسم الله الرحمن الرحيم", cps);
        if (c == 0xFDFC) return decode_all("ريال", cps);
        k = utf8proc_one(c, 1, 0, cps);
    } else if (is_presentation(c)) {
        if (!(o->flags & AR_N_PRESENTATION)) goto keep;
        k = utf8proc_one(c, 1, 0, cps);
    } else if (in_arabic_block(c)) {
        goto keep;
    } else if (o->unicode != AR_UNICODE_NONE) {
        k = utf8proc_one(c, o->unicode == AR_UNICODE_NFKC, casefold, cps);
    } else if (casefold && c >= 0x80) {
        /* case folding alone: no composition or decomposition */
        utf8proc_int32_t buf[MAXSEQ];
        int last = 0;
        utf8proc_ssize_t r = utf8proc_decompose_char(c, buf, MAXSEQ, UTF8PROC_CASEFOLD, &last);
        if (r > 0 && r <= MAXSEQ) {
            memcpy(cps, buf, (size_t)r * sizeof *cps);
            k = (size_t)r;
        }
    }
    if (k > 0) return k;
keep:
    cps[0] = c;
    return 1;
}

static size_t fold_seq(const ar_norm_options *o, const int32_t *in, size_t n, int32_t *out)
{
    size_t i, k = 0;
    for (i = 0; i < n; i++) {
        int32_t r = fold_cp(o, in[i]);
        if (r >= 0) out[k++] = r;
    }
    return k;
}

static int pool_add(ar_normalizer *n, const unsigned char *b, size_t len, uint32_t *off)
{
    if (n->pool_len + len + 2 > n->pool_cap) {
        size_t cap = n->pool_cap ? n->pool_cap * 2 : 1024;
        unsigned char *p;
        while (cap < n->pool_len + len + 2) cap *= 2;
        p = realloc(n->pool, cap);
        if (!p) return AR_ENOMEM;
        n->pool = p;
        n->pool_cap = cap;
    }
    if (n->pool_len > 0xFFFFFF) return AR_ETOOBIG;
    *off = (uint32_t)n->pool_len;
    n->pool[n->pool_len++] = (unsigned char)(len & 0xFF);
    n->pool[n->pool_len++] = (unsigned char)(len >> 8);
    memcpy(n->pool + n->pool_len, b, len);
    n->pool_len += len;
    return AR_OK;
}

static size_t src_len_of(int32_t c) { return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4; }

static int build_entry(ar_normalizer *n, int32_t c, uint32_t *entry)
{
    const ar_norm_options *o = &n->opt;
    int32_t a[MAXSEQ], b[MAXSEQ];
    unsigned char bytes[MAXSEQ * 4];
    size_t k, i, len = 0, slen = src_len_of(c);
    uint32_t e, flags = 0;
    int ccc;

    k = expand_cp(o, c, a);
    k = fold_seq(o, a, k, b);
    for (i = 0; i < k; i++) len += ar__encode(b[i], bytes + len);

    ccc = ccc_of(c);
    /* a presentation form whose output starts with a mark (medial damma
     * U+FE79 -> tatweel + damma, tatweel removed) is a mark too */
    if (!ccc && k > 0) ccc = ccc_of(b[0]);
    if (ccc) flags |= F_MARK;
    if (n->composing) {
        if (is_second_tabled(c) && (o->unicode != AR_UNICODE_NONE || in_arabic_block(c)))
            flags |= F_SLOW;
        else if (ccc && len > 0)
            flags |= F_CTX; /* kept mark: check canonical order */
    }
    if ((o->flags & AR_N_PUNCTUATION) && (c == 0x060C || c == 0x061B || c == 0x061F))
        flags |= F_CTX;
    if ((o->flags & AR_N_COLLAPSE) && len == 1 && bytes[0] == ' ') flags |= F_CTX;
    if (o->elongation && len > 0 && is_arabic_letter(c)) flags |= F_CTX;

    if (len <= 3) {
        e = (uint32_t)len << 24;
        for (i = 0; i < len; i++) e |= (uint32_t)bytes[i] << (8 * i);
    } else {
        uint32_t off;
        int err = pool_add(n, bytes, len, &off);
        if (err) return err;
        e = F_POOL | off;
    }
    if (len > slen) {
        size_t r = (len + slen - 1) / slen;
        if (r > n->ratio) n->ratio = r;
    }
    *entry = e | flags;
    return AR_OK;
}

ar_normalizer *ar_normalizer_new(const ar_norm_options *o, int *err)
{
    ar_normalizer *n;
    int e = AR_OK;
    size_t i, j;
    if (!o) {
        if (err) *err = AR_EARG;
        return NULL;
    }
    if (!ar__norm_options_valid(o)) {
        if (err) *err = AR_EVALUE;
        return NULL;
    }
    n = calloc(1, sizeof *n);
    if (!n) {
        if (err) *err = AR_ENOMEM;
        return NULL;
    }
    n->opt = *o;
    n->composing = (o->flags & AR_N_COMPOSE) || o->unicode != AR_UNICODE_NONE;
    n->generic = o->unicode != AR_UNICODE_NONE || (o->flags & AR_N_CASEFOLD);
    n->ratio = 3; /* an invalid byte becomes U+FFFD */
    for (i = 0; i < 0x800 && !e; i++) e = build_entry(n, (int32_t)i, &n->low[i]);
    for (j = 0; j < NPAGES && !e; j++) {
        int32_t base = (int32_t)table_pages[j] << 8;
        for (i = 0; i < 256 && !e; i++) e = build_entry(n, base + (int32_t)i, &n->pages[j][i]);
        n->page[table_pages[j]] = n->pages[j];
    }
    if (e) {
        ar_normalizer_free(n);
        if (err) *err = e;
        return NULL;
    }
    for (i = 0xD8; i <= 0xDB; i++)
        for (j = 0x80; j <= 0xBF; j++) {
            uint32_t x = n->low[((i & 0x1F) << 6) | (j & 0x3F)];
            if ((x >> 24) == 2) {
                unsigned char b[2];
                b[0] = (unsigned char)x;
                b[1] = (unsigned char)(x >> 8);
                memcpy(&n->arabic2[(i & 3) << 8 | j], b, 2);
            }
        }
    if (err) *err = AR_OK;
    return n;
}

void ar_normalizer_free(ar_normalizer *n)
{
    if (!n) return;
    free(n->pool);
    free(n);
}

const ar_norm_options *ar_normalizer_options(const ar_normalizer *n) { return n ? &n->opt : NULL; }

size_t ar_normalize_bound(size_t len)
{
    /* U+FDFD (3 bytes) -> "بسم الله الرحمن الرحيم" (41 bytes): 14x. */
    if (len > (SIZE_MAX - 64) / 14) return SIZE_MAX;
    return len * 14 + 64;
}

/* ------------------------------------------------------------- the pass */

typedef struct run {
    const ar_normalizer *n;
    const unsigned char *src;
    size_t len;
    ar_buf *out;
    size_t op;          /* output length so far */
    ar_map *map;
    /* The last kept starter unit ("cluster"): source and output start.
     * Valid when cs_at equals the current source offset; otherwise the last
     * unit was a same-length character from the hot loop, found by looking
     * one character back (see settle()). */
    size_t cs, co, cs_at;
    ar_norm_stats st;
    int32_t *wa, *wb;   /* cluster work space */
    unsigned char *wc;
    size_t wcap;
} run;

static int reserve(run *r, size_t extra)
{
    if (r->out->cap - r->op > extra) return AR_OK;
    r->out->len = r->op;
    return ar__buf_reserve(r->out, extra);
}

static void settle(run *r, size_t p)
{
    if (p != r->cs_at) {
        size_t st = ar__prev_start(r->src, p);
        r->co = r->op - (p - st);
        r->cs = st;
        r->cs_at = p;
    }
}

static int unit(run *r, size_t s0, size_t o0, size_t s1, size_t o1)
{
    if (r->map) return ar__map_unit(r->map, s0, o0, s1, o1);
    return AR_OK;
}

/* Character [p, p+slen) produced no output: it joins the unit before it. */
static int on_delete(run *r, size_t p, size_t slen)
{
    settle(r, p);
    r->cs_at = p + slen;
    return unit(r, r->cs, r->co, p + slen, r->op);
}

static void entry_bytes(const ar_normalizer *n, uint32_t e, unsigned char *tmp,
                        const unsigned char **b, size_t *len)
{
    if (e & F_POOL) {
        const unsigned char *p = n->pool + (e & 0xFFFFFF);
        *len = (size_t)p[0] | ((size_t)p[1] << 8);
        *b = p + 2;
    } else {
        *len = E_LEN(e);
        tmp[0] = (unsigned char)e;
        tmp[1] = (unsigned char)(e >> 8);
        tmp[2] = (unsigned char)(e >> 16);
        *b = tmp;
    }
}

/* Write bytes for the character [p, p+slen). A starter begins a new unit;
 * a mark belongs to the unit of its starter. */
static int emit(run *r, size_t p, size_t slen, const unsigned char *b, size_t len, int starter)
{
    size_t o0;
    if (len == 0) return on_delete(r, p, slen);
    if (starter) {
        r->cs = p;
        r->co = r->op;
    } else {
        settle(r, p);
    }
    o0 = r->op;
    memcpy(r->out->data + r->op, b, len);
    r->op += len;
    r->cs_at = p + slen;
    if (len != slen) return starter ? unit(r, p, o0, p + slen, r->op)
                                    : unit(r, r->cs, r->co, p + slen, r->op);
    return AR_OK;
}

static int emit_entry(run *r, size_t p, size_t slen, uint32_t e, int starter)
{
    unsigned char tmp[3];
    const unsigned char *b;
    size_t len;
    entry_bytes(r->n, e, tmp, &b, &len);
    return emit(r, p, slen, b, len, starter);
}

/* Table entry for a code point, or 0 with *generic set when it has none. */
static uint32_t lookup(const ar_normalizer *n, int32_t c, int *generic)
{
    *generic = 0;
    if (c < 0x800) return n->low[c];
    if (c < 0x10000 && n->page[c >> 8]) return n->page[c >> 8][c & 0xFF];
    *generic = 1;
    return 0;
}

/* Does a code point without a table entry need the cluster path? */
static int generic_slow(const ar_normalizer *n, int32_t c)
{
    const utf8proc_property_t *pr;
    if (!n->generic) return 0;
    pr = utf8proc_get_property(c);
    if (pr->combining_class && n->composing) return 1;
    if (n->opt.unicode != AR_UNICODE_NONE && pr->decomp_seqindex != UINT16_MAX &&
        (n->opt.unicode == AR_UNICODE_NFKC || pr->decomp_type == 0))
        return 1;
    if ((n->opt.flags & AR_N_CASEFOLD) && pr->casefold_seqindex != UINT16_MAX) return 1;
    if (n->composing && is_starter_second(c)) return 1;
    return 0;
}

/* ------------------------------------------------------- cluster path */

static int grow_work(run *r, size_t need)
{
    int32_t *a, *b;
    unsigned char *c;
    size_t cap;
    if (need <= r->wcap) return AR_OK;
    cap = r->wcap ? r->wcap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 32) return AR_ETOOBIG;
        cap *= 2;
    }
    a = realloc(r->wa, cap * sizeof *a);
    if (!a) return AR_ENOMEM;
    r->wa = a;
    b = realloc(r->wb, cap * sizeof *b);
    if (!b) return AR_ENOMEM;
    r->wb = b;
    c = realloc(r->wc, cap);
    if (!c) return AR_ENOMEM;
    r->wc = c;
    r->wcap = cap;
    return AR_OK;
}

/* Stable sort of each run of non-starters by combining class (canonical
 * ordering). Counting by class keeps long runs linear. */
static void reorder(int32_t *cp, size_t n, unsigned char *ccc)
{
    size_t i = 0;
    for (i = 0; i < n; i++) ccc[i] = (unsigned char)ccc_of(cp[i]);
    i = 0;
    while (i < n) {
        size_t j, k;
        if (ccc[i] == 0) {
            i++;
            continue;
        }
        for (j = i; j < n && ccc[j] != 0; j++) {}
        /* insertion sort: runs are short in real text */
        for (k = i + 1; k < j; k++) {
            int32_t c = cp[k];
            unsigned char cc = ccc[k];
            size_t m = k;
            while (m > i && ccc[m - 1] > cc) {
                cp[m] = cp[m - 1];
                ccc[m] = ccc[m - 1];
                m--;
            }
            cp[m] = c;
            ccc[m] = cc;
        }
        i = j;
    }
}

/* Fold r->wa[0..k) through the tables into r->wb; returns the new length
 * in *m. */
static int fold_cluster(run *r, size_t k, size_t *m)
{
    size_t i, j = 0;
    int err;
    for (i = 0; i < k; i++) {
        int generic;
        uint32_t e = lookup(r->n, r->wa[i], &generic);
        unsigned char tmp[3];
        const unsigned char *b;
        size_t len, q = 0;
        if (generic) {
            r->wb[j++] = r->wa[i];
            continue;
        }
        entry_bytes(r->n, e, tmp, &b, &len);
        if ((err = grow_work(r, j + len + 1))) return err;
        while (q < len) q += ar__decode(b + q, len - q, &r->wb[j++]);
    }
    *m = j;
    return AR_OK;
}

static int same_seq(const int32_t *a, size_t na, const int32_t *b, size_t nb)
{
    return na == nb && memcmp(a, b, na * sizeof *a) == 0;
}

/* A composite folded through the tables when that gives one starter
 * (أ -> ا with the alef option), else the composite itself. */
static int32_t fold_composite(const ar_normalizer *n, int32_t c)
{
    int generic;
    uint32_t e = lookup(n, c, &generic);
    unsigned char tmp[3];
    const unsigned char *b;
    size_t len;
    int32_t d;
    if (generic) return c;
    entry_bytes(n, e, tmp, &b, &len);
    if (len == 0 || ar__decode(b, len, &d) != len || d < 0 || ccc_of(d)) return c;
    return d;
}

/* Canonical composition of cp[0..k) (in canonical order) in place; each
 * composite is folded as soon as it is made, so that a folded letter takes
 * the next mark in the same pass (alef + hamza + hamza ... -> أ -> ا, which
 * takes the next hamza). Returns the new length. */
static size_t compose_fold(const ar_normalizer *n, int32_t *cp, size_t k)
{
    size_t i, out = 0, st = (size_t)-1;
    int maxcc = 0; /* highest class kept since the starter */
    for (i = 0; i < k; i++) {
        int32_t c = cp[i];
        int cc = ccc_of(c);
        if (st != (size_t)-1 && (out == st + 1 || (maxcc > 0 && maxcc < cc))) {
            utf8proc_int32_t pair[2];
            pair[0] = cp[st];
            pair[1] = c;
            if (utf8proc_normalize_utf32(pair, 2, UTF8PROC_COMPOSE | UTF8PROC_STABLE) == 1) {
                cp[st] = fold_composite(n, pair[0]);
                continue;
            }
        }
        if (cc == 0) {
            st = out;
            maxcc = 0;
        } else if (cc > maxcc) {
            maxcc = cc;
        }
        cp[out++] = c;
    }
    return out;
}

/* Expanded size bound of one code point in the cluster work space. */
#define CLUSTER_EXP 24

/* Reprocess the cluster that starts at the last kept starter and extends
 * over the marks (and other slow code points) from p on. */
static int cluster(run *r, size_t p)
{
    const ar_normalizer *n = r->n;
    const ar_norm_options *o = &n->opt;
    size_t s0, o0, end = p, q, k = 0, m, round, maxround;
    int32_t c;
    int err;

    settle(r, p);
    s0 = r->cs;
    o0 = r->co;
    /* The cluster ends before the next starter that needs no cluster work. */
    while (end < r->len) {
        int generic;
        uint32_t e;
        size_t l = ar__decode(r->src + end, r->len - end, &c);
        if (c < 0) break;
        e = lookup(n, c, &generic);
        if (end != p) {
            if (generic ? !(generic_slow(n, c) || ccc_of(c)) : !(e & (F_MARK | F_SLOW)))
                break;
        }
        end += l;
    }
    /* Expand every code point of [s0, end) into the work space. */
    for (q = s0; q < end;) {
        utf8proc_int32_t buf[MAXSEQ];
        size_t l = ar__decode(r->src + q, end - q, &c), i, cnt;
        int generic, last = 0;
        uint32_t e;
        if ((err = grow_work(r, k + CLUSTER_EXP))) return err;
        q += l;
        if (c < 0) { /* an invalid sequence kept as U+FFFD starts the cluster */
            r->wa[k++] = 0xFFFD;
            continue;
        }
        e = lookup(n, c, &generic);
        if (generic) {
            utf8proc_option_t opt = 0;
            utf8proc_ssize_t got;
            if (o->unicode != AR_UNICODE_NONE) opt |= UTF8PROC_DECOMPOSE;
            if (o->unicode == AR_UNICODE_NFKC) opt |= UTF8PROC_COMPAT;
            if (o->flags & AR_N_CASEFOLD) opt |= UTF8PROC_CASEFOLD;
            got = utf8proc_decompose_char(c, buf, MAXSEQ, opt, &last);
            if (got <= 0 || got > MAXSEQ) {
                buf[0] = c;
                got = 1;
            }
            for (i = 0; i < (size_t)got; i++) r->wa[k++] = buf[i];
        } else {
            /* table output (already folded; folding is idempotent), then
             * canonically decomposed so marks can reorder and recompose */
            unsigned char tmp[3];
            const unsigned char *b;
            size_t len, x = 0;
            entry_bytes(n, e, tmp, &b, &len);
            while (x < len) {
                int32_t d;
                utf8proc_ssize_t got;
                x += ar__decode(b + x, len - x, &d);
                got = n->composing ? utf8proc_decompose_char(d, buf, MAXSEQ, UTF8PROC_DECOMPOSE, &last) : 0;
                if (got <= 0 || got > MAXSEQ) {
                    buf[0] = d;
                    got = 1;
                }
                if ((err = grow_work(r, k + (size_t)got + CLUSTER_EXP))) return err;
                for (cnt = 0; cnt < (size_t)got; cnt++) r->wa[k++] = buf[cnt];
            }
        }
    }
    /* Reorder, compose, fold; again until folding changes nothing. A round
     * that changes something composes a mark away or folds (a fixpoint for
     * folding), so k + 2 rounds always reach the fixpoint; composites are
     * folded while composing, so that a folded letter takes the next mark
     * in the same round and two or three rounds are the rule. */
    maxround = k + 2;
    for (round = 0; round < maxround; round++) {
        if (n->composing) {
            reorder(r->wa, k, r->wc);
            k = compose_fold(n, r->wa, k);
        }
        if ((err = fold_cluster(r, k, &m))) return err;
        if (same_seq(r->wa, k, r->wb, m)) break;
        memcpy(r->wa, r->wb, m * sizeof *r->wa);
        k = m;
    }
    /* Emit at the cluster's output start. */
    r->op = o0;
    if ((err = reserve(r, k * 4 + 64))) return err;
    for (q = 0; q < k; q++)
        r->op += ar__encode(r->wa[q], (unsigned char *)r->out->data + r->op);
    r->cs = s0;
    r->co = o0;
    r->cs_at = end;
    return unit(r, s0, o0, end, r->op);
}

/* ------------------------------------------------------- context rules */

static int32_t last_out_cp(const run *r, size_t *start)
{
    int32_t c;
    size_t st;
    if (r->op == 0) return -1;
    st = ar__prev_start((const unsigned char *)r->out->data, r->op);
    ar__decode((const unsigned char *)r->out->data + st, r->op - st, &c);
    if (start) *start = st;
    return c;
}

static int32_t next_src_cp(const run *r, size_t p)
{
    int32_t c;
    if (p >= r->len) return -1;
    ar__decode(r->src + p, r->len - p, &c);
    return c;
}

static int ctx(run *r, size_t p, size_t slen, int32_t c, uint32_t e)
{
    const ar_normalizer *n = r->n;
    if (c == 0x060C || c == 0x061B || c == 0x061F) {
        /* ، between digits is a decimal comma: keep it */
        if (ar__digit(last_out_cp(r, NULL)) >= 0 && ar__digit(next_src_cp(r, p + slen)) >= 0)
            return emit(r, p, slen, r->src + p, slen, 1);
        return emit_entry(r, p, slen, e, 1);
    }
    if (e & F_MARK) {
        /* a kept mark: out of canonical order -> reorder the cluster */
        int32_t prev = last_out_cp(r, NULL), first = c;
        int cc = ccc_of(c);
        if (!cc) { /* a presentation form: the class of its first output */
            unsigned char tmp[3];
            const unsigned char *b;
            size_t len;
            entry_bytes(n, e, tmp, &b, &len);
            ar__decode(b, len, &first);
            cc = ccc_of(first);
        }
        if (prev >= 0 && ccc_of(prev) > cc) return cluster(r, p);
        return emit_entry(r, p, slen, e, 0);
    }
    if ((n->opt.flags & AR_N_COLLAPSE) && E_LEN(e) == 1 && (e & 0xFF) == ' ' && !(e & F_POOL)) {
        if (r->op > 0 && r->out->data[r->op - 1] == ' ') return on_delete(r, p, slen);
        return emit_entry(r, p, slen, e, 1);
    }
    if (n->opt.elongation) {
        /* count identical characters just written */
        unsigned char tmp[3];
        const unsigned char *b;
        size_t len, at = r->op, reps = 0;
        entry_bytes(n, e, tmp, &b, &len);
        while (at >= len && len > 0 && memcmp(r->out->data + at - len, b, len) == 0) {
            reps++;
            at -= len;
            if (reps >= n->opt.elongation) return on_delete(r, p, slen);
        }
        return emit_entry(r, p, slen, e, 1);
    }
    return emit_entry(r, p, slen, e, 1);
}

/* Everything the hot loop does not handle itself. */
static int slow_char(run *r, size_t p, size_t slen, int32_t c, uint32_t e, int generic)
{
    if (c < 0) {
        static const unsigned char fffd[3] = {0xEF, 0xBF, 0xBD};
        if (r->st.invalid++ == 0) r->st.first_invalid = p;
        if (r->n->opt.flags & AR_N_STRICT) return AR_EUTF8;
        return emit(r, p, slen, fffd, 3, 1);
    }
    if (generic) {
        if (generic_slow(r->n, c)) return cluster(r, p);
        return emit(r, p, slen, r->src + p, slen, 1);
    }
    if (e & F_SLOW) return cluster(r, p);
    if (e & F_CTX) return ctx(r, p, slen, c, e);
    return emit_entry(r, p, slen, e, !(e & F_MARK));
}

static int run_all(run *r)
{
    const ar_normalizer *n = r->n;
    const unsigned char *s = r->src;
    const size_t len = r->len;
    size_t p = 0;
    int err;

    while (p < len) {
        size_t block_end = len - p > BLOCK ? p + BLOCK : len;
        unsigned char *o;
        size_t op;
        if ((err = reserve(r, (block_end - p + 4) * n->ratio + 64))) return err;
        o = (unsigned char *)r->out->data;
        op = r->op;
        while (p < block_end) {
            unsigned c0 = s[p], x2;
            uint32_t e;
            int32_t c;
            size_t slen;
            int generic = 0;
            if (c0 < 0x80) {
                e = n->low[c0];
                if ((e >> 24) == 1) {
                    o[op++] = (unsigned char)e;
                    p++;
                    continue;
                }
                c = (int32_t)c0;
                slen = 1;
            } else if ((c0 & 0xFC) == 0xD8 && p + 1 < len && n->arabic2[x2 = (c0 & 3) << 8 | s[p + 1]]) {
                /* a run of characters of the Arabic block that stay two
                 * bytes (a word): what the branch below does for each,
                 * with one table read and one test a character */
                size_t lim = block_end < len - 1 ? block_end : len - 1;
                memcpy(o + op, &n->arabic2[x2], 2);
                op += 2;
                p += 2;
                while (p < lim) {
                    c0 = s[p];
                    if (c0 == ' ' && n->low[' '] == (1u << 24 | ' ')) {
                        /* a space that stays one, between words */
                        o[op++] = ' ';
                        p++;
                        continue;
                    }
                    x2 = (c0 & 3) << 8 | s[p + 1];
                    if ((c0 & 0xFC) != 0xD8 || !n->arabic2[x2]) break;
                    memcpy(o + op, &n->arabic2[x2], 2);
                    op += 2;
                    p += 2;
                }
                continue;
            } else if (c0 >= 0xC2 && c0 < 0xE0 && p + 1 < len && (s[p + 1] & 0xC0) == 0x80) {
                c = (int32_t)(((c0 & 0x1Fu) << 6) | (s[p + 1] & 0x3Fu));
                e = n->low[c];
                if ((e >> 24) == 2) {
                    o[op] = (unsigned char)e;
                    o[op + 1] = (unsigned char)(e >> 8);
                    op += 2;
                    p += 2;
                    continue;
                }
                slen = 2;
            } else {
                slen = ar__decode(s + p, len - p, &c);
                if (c >= 0x800) {
                    e = lookup(n, c, &generic);
                    if (!generic && (e >> 24) == 3) {
                        o[op] = (unsigned char)e;
                        o[op + 1] = (unsigned char)(e >> 8);
                        o[op + 2] = (unsigned char)(e >> 16);
                        op += 3;
                        p += 3;
                        continue;
                    }
                    if (generic && !n->generic) {
                        memcpy(o + op, s + p, slen);
                        op += slen;
                        p += slen;
                        continue;
                    }
                } else {
                    e = 0; /* invalid (c < 0) */
                }
            }
            r->op = op;
            if ((err = slow_char(r, p, slen, c, e, generic))) return err;
            p = r->cs_at > p + slen ? r->cs_at : p + slen;
            if ((err = reserve(r, (block_end > p ? block_end - p : 0) * n->ratio + 64 + 4 * n->ratio)))
                return err;
            o = (unsigned char *)r->out->data;
            op = r->op;
        }
        r->op = op;
    }
    return AR_OK;
}

int ar_normalize(const ar_normalizer *n, const char *src, size_t len, ar_buf *out,
                 ar_map *map, ar_norm_stats *stats)
{
    run r;
    int err;
    if (!n || !out || (!src && len)) return AR_EARG;
    memset(&r, 0, sizeof r);
    r.n = n;
    r.src = (const unsigned char *)(src ? src : "");
    r.len = len;
    r.out = out;
    r.map = map;
    out->len = 0;
    if (map) {
        ar__map_reset(map);
        if (len > AR__MAP_MAX) return AR_ETOOBIG;
    }
    err = run_all(&r);
    free(r.wa);
    free(r.wb);
    free(r.wc);
    if (!err && (err = reserve(&r, 1)) == AR_OK) {
        out->len = r.op;
        out->data[r.op] = '\0';
    }
    if (!err && map) {
        if (map->failed) err = AR_ENOMEM;
        else if (r.op > AR__MAP_MAX) err = AR_ETOOBIG;
        map->slen = len;
        map->olen = r.op;
    }
    if (stats) *stats = r.st;
    if (err) out->len = 0;
    return err;
}

int ar_normalize_into(const ar_normalizer *n, const char *src, size_t len, char *dst,
                      size_t cap, size_t *outlen, ar_norm_stats *stats)
{
    ar_buf b = {0};
    int err;
    if (!dst || !outlen) return AR_EARG;
    err = ar_normalize(n, src, len, &b, NULL, stats);
    if (err) {
        ar_buf_free(&b);
        return err;
    }
    *outlen = b.len;
    if (b.len > cap) err = AR_ESPACE;
    else memcpy(dst, b.data, b.len);
    ar_buf_free(&b);
    return err;
}
