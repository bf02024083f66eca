/*
 * translit.c — transliteration: the reversible Buckwalter family and the
 * ALA-LC, DIN 31635 and IJMES romanizations, with the offset map that
 * normalization keeps (offmap.c).
 *
 * Reversible schemes
 * ------------------
 * ar_translit_new() turns the scheme's column of tl_rev_table into two
 * tables over U+0000..U+07FF (every symbol and every source character of
 * these schemes lies below U+0800): what each code point becomes going
 * forward and going back. One pass then copies table entries; characters
 * above U+07FF are always copied. Round trip: the forward table is a
 * bijection between the Arabic characters and the symbols; a character the
 * table does not cover but that the reverse would read as a symbol (Latin
 * letters, $ * ' ... in Buckwalter; θ ħ ... in HSB), and the escape
 * character itself, are written after the escape character; everything else
 * is copied. So reverse(forward(s)) == s for every valid UTF-8 string.
 *
 * Display schemes
 * ---------------
 * Romanization reads words, not characters: a word (a run of Arabic letters
 * with their marks) is cut into clusters (a letter and the marks on it), the
 * prefixes and the article are recognised, and each cluster is romanized
 * with its neighbours in view (a short vowel before its long-vowel letter,
 * diphthongs, shadda, hamza seats, ة before a definite word). Each cluster's
 * output is one unit of the offset map, so every romanized word maps back
 * to the letters and marks it came from. Words written without vowels get
 * their consonants and the long vowels the letters show, and are counted as
 * approximate.
 */
#include "offmap.h"
#include "translit_tables.h"
#include <stdio.h>

/* --------------------------------------------------------------- schemes */

enum { K_REV, K_DISPLAY };

typedef struct scheme_def {
    const char *name;
    const char *description;
    int kind;     /* K_REV or K_DISPLAY */
    int column;   /* TL_BW ... in tl_rev_table, or TL_ALA ... */
} scheme_def;

static const scheme_def schemes[] = {
    {"buckwalter", "Tim Buckwalter's ASCII transliteration (reversible)", K_REV, TL_BW},
    {"safe-buckwalter", "Safe Buckwalter: letters and _ ~ only (reversible)", K_REV, TL_SAFEBW},
    {"xml-buckwalter", "XML Buckwalter: no < > & (reversible)", K_REV, TL_XMLBW},
    {"hsb", "Habash-Soudi-Buckwalter (reversible)", K_REV, TL_HSB},
    {"ala-lc", "ALA-LC romanization (Library of Congress)", K_DISPLAY, TL_ALA},
    {"din", "DIN 31635 (DMG) transcription", K_DISPLAY, TL_DIN},
    {"ijmes", "IJMES transliteration", K_DISPLAY, TL_IJMES},
};
#define NSCHEMES (sizeof schemes / sizeof schemes[0])

/* A table entry: up to three output bytes; len's top bit marks a code point
 * that is written as it is (the hot loops copy those without looking). */
typedef struct tl_ent {
    unsigned char b[3];
    unsigned char len;
} tl_ent;
#define SAME 0x80u
#define ELEN(e) ((size_t)((e).len & 0x7Fu))

#define LEX_SLOTS 128u
/* The lexicon's longest key, in letters: longer words skip the lookup. */
#define LEX_MAX_LETTERS 6

struct ar_translit {
    const scheme_def *def;
    unsigned flags;
    tl_ent fwd[0x800];             /* reversible: Arabic -> scheme */
    tl_ent rev[0x800];             /* reversible: scheme -> Arabic */
    unsigned char escapable[0x800]; /* reversible: may follow the escape */
    uint16_t lex[LEX_SLOTS];       /* display: tl_lexicon index + 1 */
    /* display: a filter before the lookup, per key length in letters: the
     * low 6 bits of the first and of the last letter of some key */
    uint64_t lex_first[LEX_MAX_LETTERS + 1], lex_last[LEX_MAX_LETTERS + 1];
};

int ar_translit_scheme(size_t i, ar_translit_info *info)
{
    if (!info || i >= NSCHEMES) return AR_EARG;
    info->name = schemes[i].name;
    info->description = schemes[i].description;
    info->reversible = schemes[i].kind == K_REV;
    return AR_OK;
}

int ar_translit_get_info(const ar_translit *t, ar_translit_info *info, unsigned *flags)
{
    if (!t) return AR_EARG;
    if (info) {
        info->name = t->def->name;
        info->description = t->def->description;
        info->reversible = t->def->kind == K_REV;
    }
    if (flags) *flags = t->flags;
    return AR_OK;
}

size_t ar_translit_bound(size_t len)
{
    if (len > (SIZE_MAX - 16) / 3) return SIZE_MAX;
    return len * 3 + 16;
}

static void set_ent(tl_ent *e, const unsigned char *b, size_t n)
{
    memset(e, 0, sizeof *e);
    memcpy(e->b, b, n);
    e->len = (unsigned char)n;
}

/* One UTF-8 character below U+0800 making up all of s: its code point, or -1. */
static int32_t single_char(const char *s)
{
    size_t n = strlen(s);
    int32_t cp;
    if (n == 0 || n > 2) return -1;
    if (ar__decode((const unsigned char *)s, n, &cp) != n || cp < 0) return -1;
    return cp;
}

/* Build the two tables of a reversible scheme; AR_EFORMAT if the table is
 * not what the round trip needs (a symbol of two characters, a symbol used
 * twice, the escape character used as a symbol). */
static int compile_rev(ar_translit *t)
{
    size_t i, k;
    int col = t->def->column;
    unsigned char is_sym[0x800] = {0}, is_src[0x800] = {0};
    for (i = 0; i < 0x800; i++) {
        unsigned char b[2];
        size_t n = ar__encode((int32_t)i, b);
        set_ent(&t->fwd[i], b, n);
        set_ent(&t->rev[i], b, n);
        t->fwd[i].len |= SAME;
        t->rev[i].len |= SAME;
    }
    for (k = 0; k < sizeof tl_rev_table / sizeof tl_rev_table[0]; k++) {
        const tl_rev_row *row = &tl_rev_table[k];
        int32_t sym = single_char(row->sym[col]);
        unsigned char b[2];
        if (sym < 0 || sym == TL_ESCAPE || row->cp >= 0x800 || is_sym[sym] || is_src[row->cp])
            return AR_EFORMAT;
        is_sym[sym] = is_src[row->cp] = 1;
        set_ent(&t->fwd[row->cp], (const unsigned char *)row->sym[col], strlen(row->sym[col]));
        set_ent(&t->rev[sym], b, ar__encode(row->cp, b));
    }
    /* A symbol that is not itself a table character is escaped going
     * forward, so the reverse does not take it for the Arabic it stands for. */
    for (i = 0; i < 0x800; i++) {
        if (is_sym[i] && !is_src[i]) {
            unsigned char b[3];
            b[0] = TL_ESCAPE;
            set_ent(&t->fwd[i], b, 1 + ar__encode((int32_t)i, b + 1));
        }
        t->escapable[i] = is_sym[i];
    }
    {
        unsigned char b[2] = {TL_ESCAPE, TL_ESCAPE};
        set_ent(&t->fwd[TL_ESCAPE], b, 2);
        t->escapable[TL_ESCAPE] = 1;
    }
    return AR_OK;
}

static uint32_t lex_hash(const unsigned char *s, size_t n)
{
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i < n; i++) h = (h ^ s[i]) * 16777619u;
    return h;
}

static int compile_display(ar_translit *t)
{
    size_t k;
    for (k = 0; k < sizeof tl_lexicon / sizeof tl_lexicon[0]; k++) {
        const char *key = tl_lexicon[k].key;
        uint32_t slot = lex_hash((const unsigned char *)key, strlen(key)) % LEX_SLOTS;
        size_t i, letters = 0, n = strlen(key);
        int32_t first, last;
        for (i = 0; key[i]; i++) letters += ((unsigned char)key[i] & 0xC0) != 0x80;
        if (letters > LEX_MAX_LETTERS) return AR_EFORMAT; /* display_word would never look it up */
        ar__decode((const unsigned char *)key, n, &first);
        ar__decode((const unsigned char *)key + ar__prev_start((const unsigned char *)key, n), n, &last);
        t->lex_first[letters] |= 1ull << (first & 63);
        t->lex_last[letters] |= 1ull << (last & 63);
        while (t->lex[slot]) slot = (slot + 1) % LEX_SLOTS;
        t->lex[slot] = (uint16_t)(k + 1);
    }
    return AR_OK;
}

/* Fill err: "<what> '<scheme>' (<label>: name, name, ...)". */
static void scheme_error(ar_error *err, const char *what, const char *scheme, int reversible_only)
{
    char list[160];
    size_t i, n = 0;
    list[0] = '\0';
    for (i = 0; i < NSCHEMES && n < sizeof list; i++) {
        if (reversible_only && schemes[i].kind != K_REV) continue;
        n += (size_t)snprintf(list + n, sizeof list - n, "%s%s", n ? ", " : "", schemes[i].name);
    }
    ar__fail(err, AR_EVALUE, 0, "%s '%.64s' (%s: %s)", what, scheme, reversible_only ? "reversible" : "valid",
             list);
}

ar_translit *ar_translit_new(const char *scheme, unsigned flags, ar_error *err)
{
    size_t i;
    const scheme_def *def = NULL;
    ar_translit *t;
    int e;
    if (!scheme || (flags & ~(unsigned)(AR_TL_REVERSE | AR_TL_STRICT))) {
        ar__fail(err, AR_EARG, 0, scheme ? "unknown transliteration flags 0x%x" : NULL,
                 flags & ~(unsigned)(AR_TL_REVERSE | AR_TL_STRICT));
        return NULL;
    }
    for (i = 0; i < NSCHEMES; i++)
        if (strcmp(scheme, schemes[i].name) == 0) def = &schemes[i];
    if (!def) {
        scheme_error(err, "unknown transliteration scheme", scheme, 0);
        return NULL;
    }
    if ((flags & AR_TL_REVERSE) && def->kind != K_REV) {
        scheme_error(err, "no reverse direction for the display scheme", scheme, 1);
        return NULL;
    }
    t = calloc(1, sizeof *t);
    if (!t) {
        ar__fail(err, AR_ENOMEM, 0, NULL);
        return NULL;
    }
    t->def = def;
    t->flags = flags;
    e = def->kind == K_REV ? compile_rev(t) : compile_display(t);
    if (e) {
        ar__fail(err, e, 0, "transliteration table of '%s' is inconsistent", scheme);
        free(t);
        return NULL;
    }
    return t;
}

void ar_translit_free(ar_translit *t) { free(t); }

/* ----------------------------------------------------------- the output */

#define BLOCK 65536

typedef struct run {
    const ar_translit *t;
    const unsigned char *src;
    size_t len;
    ar_buf *out;          /* growable output, or NULL for a fixed buffer */
    unsigned char *o;     /* output bytes */
    size_t op, cap;       /* output length, usable capacity */
    ar_map *map;
    /* The last unit recorded in the map, for characters that produce no
     * output: they join it when they follow it directly. */
    size_t us0, uo0, us1;
    int have_unit;
    /* Characters that produced no output and follow no unit (a word that
     * starts with a tatweel or marks): they join what follows them, unless
     * that is white space or the end of the text (see resolve_pending). */
    size_t pend_s0, pend_s1;
    int pending;
    ar_translit_stats st;
    /* display state */
    int after_vowel;      /* the last word ended in a long vowel, only spaces since */
    struct cl *c;         /* clusters of the current word */
    size_t ncap;
    struct wcache *wc;    /* romanized words of this run (long texts, no map) */
} run;

/* Room for `extra` more bytes (one more kept for the NUL of an ar_buf). */
static int reserve(run *r, size_t extra)
{
    int err;
    if (r->cap - r->op >= extra) return AR_OK;
    if (!r->out) return AR_ESPACE;
    r->out->len = r->op;
    if ((err = ar__buf_reserve(r->out, extra))) return err;
    r->o = (unsigned char *)r->out->data;
    r->cap = r->out->cap - 1;
    return AR_OK;
}

static void resolve_pending(run *r);

/* Source [s0, s1) produced output [o0, o1). An empty output joins the unit
 * before it when that unit ends where this one starts (a removed character
 * belongs to the character before it, as in normalization); otherwise it
 * waits for the unit after it. */
static void unit_map(run *r, size_t s0, size_t s1, size_t o0, size_t o1);

/* Most runs keep no map: the test is inlined, the work is not. */
AR_INLINE void unit(run *r, size_t s0, size_t s1, size_t o0, size_t o1)
{
    if (r->map) unit_map(r, s0, s1, o0, o1);
}

static void unit_map(run *r, size_t s0, size_t s1, size_t o0, size_t o1)
{
    if (r->pending && r->pend_s1 != s0) resolve_pending(r);
    if (r->pending) {
        s0 = r->pend_s0;
        r->pending = 0;
    }
    if (o0 == o1) {
        if (r->have_unit && r->us1 == s0) {
            ar__map_unit(r->map, r->us0, r->uo0, s1, o1);
            r->us1 = s1;
        } else {
            r->pending = 1;
            r->pend_s0 = s0;
            r->pend_s1 = s1;
        }
        return;
    }
    ar__map_unit(r->map, s0, o0, s1, o1);
    r->us0 = s0;
    r->uo0 = o0;
    r->us1 = s1;
    r->have_unit = 1;
}

/* Silent characters before white space or the end of the text belong to
 * the character before them: the unit before, or the character copied
 * before them (at the start of the text, to nothing). */
static void resolve_pending(run *r)
{
    size_t s0 = r->pend_s0, s1 = r->pend_s1, k;
    if (!r->pending) return;
    r->pending = 0;
    if (s0 == 0) {
        ar__map_unit(r->map, 0, r->op, s1, r->op);
        r->us0 = 0;
        r->uo0 = r->op;
        r->us1 = s1;
        r->have_unit = 1;
        return;
    }
    k = s0 - ar__prev_start(r->src, s0); /* copied as it was: k output bytes */
    ar__map_unit(r->map, s0 - k, r->op - k, s1, r->op);
    r->us0 = s0 - k;
    r->uo0 = r->op - k;
    r->us1 = s1;
    r->have_unit = 1;
}

/* The copied character at p (n bytes, already written at r->op) ends a
 * pending silent stretch: white space takes it back, anything else on. */
static void copied_after_pending(run *r, size_t p, size_t n)
{
    unsigned char c = r->src[p];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || r->pend_s1 != p) resolve_pending(r);
    else unit(r, p, p + n, r->op, r->op + n);
}

/* An invalid sequence [p, p+n): U+FFFD, or AR_EUTF8 in strict mode. */
static int invalid(run *r, size_t p, size_t n)
{
    if (r->st.invalid++ == 0) r->st.first_invalid = p;
    if (r->t->flags & AR_TL_STRICT) return AR_EUTF8;
    r->o[r->op] = 0xEF;
    r->o[r->op + 1] = 0xBF;
    r->o[r->op + 2] = 0xBD;
    unit(r, p, p + n, r->op, r->op + 3);
    r->op += 3;
    return AR_OK;
}

/* ------------------------------------------------- reversible schemes */

/* Write a table entry's bytes (4 at once: the buffer keeps slack for the
 * byte past them) and return how many count. */
AR_INLINE size_t put_ent(unsigned char *o, tl_ent e)
{
    memcpy(o, &e, 4);
    return ELEN(e);
}

/* Forward: one table entry per character. WITH_MAP is a constant at each
 * call site, so the compiler makes a loop without map calls for the common
 * case. While four bytes remain the loop reads ahead without bounds checks;
 * the last three bytes and anything that is not ASCII or a valid two-byte
 * sequence go through the decoder. */
AR_INLINE int rev_forward_loop(run *r, int with_map)
{
    const ar_translit *t = r->t;
    const unsigned char *s = r->src;
    size_t len = r->len, p = 0, safe = len > 3 ? len - 3 : 0;
    int err;
    while (p < len) {
        size_t end = len - p > BLOCK ? p + BLOCK : len, fast = end < safe ? end : safe;
        unsigned char *o;
        size_t op;
        if ((err = reserve(r, 3 * (end - p) + 16))) return err;
        o = r->o;
        op = r->op;
        while (p < end) {
            unsigned c = s[p];
            if (p < fast) {
                if (c < 0x80) {
                    tl_ent e = t->fwd[c];
                    if (with_map && !(e.len & SAME)) unit(r, p, p + 1, op, op + ELEN(e));
                    op += put_ent(o + op, e);
                    p++;
                    continue;
                }
                if (c - 0xC2u < 0x1Eu && (s[p + 1] & 0xC0) == 0x80) {
                    /* (c << 6) + next - 0x3080 is the code point of 110xxxxx 10yyyyyy */
                    tl_ent e = t->fwd[(c << 6) + s[p + 1] - 0x3080u];
                    if (with_map && !(e.len & SAME)) unit(r, p, p + 2, op, op + ELEN(e));
                    op += put_ent(o + op, e);
                    p += 2;
                    continue;
                }
            }
            {
                int32_t cp;
                size_t n = ar__decode(s + p, len - p, &cp);
                if (cp < 0) {
                    r->op = op;
                    if ((err = invalid(r, p, n))) return err;
                    op = r->op;
                } else if (cp < 0x800) {
                    tl_ent e = t->fwd[cp];
                    if (with_map && !(e.len & SAME)) unit(r, p, p + n, op, op + ELEN(e));
                    op += put_ent(o + op, e);
                } else {
                    memcpy(o + op, s + p, n);
                    op += n;
                }
                p += n;
            }
        }
        r->op = op;
    }
    return AR_OK;
}

/* Reverse: symbols back to Arabic, escapes resolved, the rest copied. */
AR_INLINE int rev_reverse_loop(run *r, int with_map)
{
    const ar_translit *t = r->t;
    const unsigned char *s = r->src;
    size_t len = r->len, p = 0;
    int err;
    while (p < len) {
        size_t end = len - p > BLOCK ? p + BLOCK : len;
        unsigned char *o;
        size_t op;
        if ((err = reserve(r, 3 * (end - p) + 16))) return err;
        o = r->o;
        op = r->op;
        while (p < end) {
            unsigned c = s[p];
            int32_t cp;
            size_t n;
            tl_ent e;
            if (c < 0x80 && c != TL_ESCAPE) {
                e = t->rev[c];
                if (e.len & SAME) {
                    o[op++] = (unsigned char)c;
                    p++;
                    continue;
                }
                memcpy(o + op, e.b, 3);
                if (with_map) unit(r, p, p + 1, op, op + ELEN(e));
                op += ELEN(e);
                p++;
                continue;
            }
            if (c == TL_ESCAPE) {
                /* the escaped character is written as it is */
                if (p + 1 < len) {
                    n = ar__decode(s + p + 1, len - p - 1, &cp);
                    if (cp >= 0 && cp < 0x800 && t->escapable[cp]) {
                        memcpy(o + op, s + p + 1, n);
                        if (with_map) unit(r, p, p + 1 + n, op, op + n);
                        op += n;
                        p += 1 + n;
                        continue;
                    }
                }
                /* a backslash the forward direction would not have written */
                if (r->st.malformed++ == 0) r->st.first_malformed = p;
                o[op++] = (unsigned char)c;
                p++;
                continue;
            }
            n = ar__decode(s + p, len - p, &cp);
            if (cp < 0) {
                r->op = op;
                if ((err = invalid(r, p, n))) return err;
                op = r->op;
            } else if (cp < 0x800 && !((e = t->rev[cp]).len & SAME)) {
                memcpy(o + op, e.b, 3);
                if (with_map) unit(r, p, p + n, op, op + ELEN(e));
                op += ELEN(e);
            } else {
                memcpy(o + op, s + p, n);
                op += n;
            }
            p += n;
        }
        r->op = op;
    }
    return AR_OK;
}

static int rev_forward(run *r) { return r->map ? rev_forward_loop(r, 1) : rev_forward_loop(r, 0); }
static int rev_reverse(run *r) { return r->map ? rev_reverse_loop(r, 1) : rev_reverse_loop(r, 0); }

/* ----------------------------------------------------- display schemes */

/* A letter with the marks on it. */
typedef struct cl {
    size_t s0, s1;     /* source bytes: the letter, its marks, tatweels */
    int32_t cp;        /* the letter (hamza marks composed), 0: marks alone */
    uint8_t blen;      /* bytes of the letter itself */
    uint8_t type;      /* L_* */
    uint8_t sun;
    uint8_t vowel;     /* 0, 'a', 'u', 'i' */
    uint8_t tan;       /* tanween: 0, 'a', 'u', 'i' */
    uint8_t shadda, sukun, dagger;
} cl;

/* One word being romanized. */
typedef struct word {
    run *r;
    const tl_display *d;
    int col;
    cl *c;
    size_t n;           /* clusters */
    size_t nletters;    /* clusters with a letter */
    size_t o0;          /* output offset where the word starts */
    size_t stem;        /* first cluster after the prefixes and the article */
    size_t after_article; /* that cluster if there is an article, else (size_t)-1 */
    int has_article;
    int construct;      /* the next word is definite: ة reads t */
} word;

AR_INLINE int is_mark(int32_t c)
{
    return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x0610 && c <= 0x061A) ||
           (c >= 0x06D6 && c <= 0x06DC) || (c >= 0x06DF && c <= 0x06E4) || c == 0x06E7 ||
           c == 0x06E8 || (c >= 0x06EA && c <= 0x06ED) || (c >= 0x08CA && c <= 0x08FF && c != 0x08E2);
}

AR_INLINE int is_letter(int32_t c)
{
    return (c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) || c == 0x06D5 ||
           c == 0x06EE || c == 0x06EF || (c >= 0x06FA && c <= 0x06FC) || c == 0x06FF ||
           (c >= 0x0750 && c <= 0x077F) || (c >= 0x08A0 && c <= 0x08C9);
}

AR_INLINE int is_word_char(int32_t c)
{
    if (c >= 0x0621 && c <= 0x0652) return 1; /* the letters and harakat: most of the text */
    return is_letter(c) || is_mark(c);
}

AR_INLINE const tl_letter *letter_of(int32_t c)
{
    static const tl_letter none = {L_NONE, 0, {0, 0, 0}};
    if (c >= 0x0600 && c <= 0x06FF) return &tl_letters[c - 0x0600];
    return &none;
}

static void set_letter(cl *x, int32_t cp)
{
    const tl_letter *l = letter_of(cp);
    x->cp = cp;
    x->type = l->type;
    x->sun = l->sun;
}

/* A mark on the cluster: vowels, shadda, sukun, dagger alef; hamza and
 * madda marks composed with their letter (ا + ٔ reads as أ). */
static void add_mark(cl *x, int32_t m)
{
    switch (m) {
    case 0x064E: x->vowel = 'a'; break;
    case 0x064F: x->vowel = 'u'; break;
    case 0x0650: x->vowel = 'i'; break;
    case 0x064B: x->tan = 'a'; break;
    case 0x064C: x->tan = 'u'; break;
    case 0x064D: x->tan = 'i'; break;
    case 0x0651: x->shadda = 1; break;
    case 0x0652: x->sukun = 1; break;
    case 0x0670: x->dagger = 1; break;
    case 0x0653:
        if (x->cp == 0x0627) set_letter(x, 0x0622);
        break;
    case 0x0654:
        if (x->cp == 0x0627) set_letter(x, 0x0623);
        else if (x->cp == 0x0648) set_letter(x, 0x0624);
        else if (x->cp == 0x064A || x->cp == 0x0649 || x->cp == 0x06CC) set_letter(x, 0x0626);
        break;
    case 0x0655:
        if (x->cp == 0x0627) set_letter(x, 0x0625);
        break;
    default: break; /* Quranic and other marks: part of the cluster, not read */
    }
}

AR_INLINE int marked(const cl *x) { return x->vowel || x->tan || x->sukun || x->dagger; }

/* Append a (short) string: the scheme's letters and vowels. */
AR_INLINE void put(word *w, const char *s)
{
    unsigned char *o = w->r->o;
    size_t op = w->r->op;
    while (*s) o[op++] = (unsigned char)*s++;
    w->r->op = op;
}

AR_INLINE void putc1(word *w, int ch) { w->r->o[w->r->op++] = (unsigned char)ch; }

AR_INLINE const cl *at(const word *w, size_t j) { return j < w->n ? &w->c[j] : NULL; }

AR_INLINE int plain(const cl *x) { return x && !x->vowel && !x->tan && !x->dagger; }

/* Does the letter after cluster j write its vowel v long (ا after a,
 * و after u, ي after i; ى after a)? Then j writes no short vowel. */
static int long_follows(const word *w, size_t j, int v)
{
    const cl *nx = at(w, j + 1);
    if (!nx) return 0;
    switch (v) {
    case 'a':
        return (nx->type == L_ALEF && plain(nx) && !nx->shadda) ||
               (nx->type == L_MAKSURA && !nx->vowel && !nx->tan);
    case 'u':
        return nx->type == L_WAW && !nx->tan && !nx->dagger && (nx->shadda || !nx->vowel);
    case 'i':
        return (nx->type == L_YEH && !nx->tan && (nx->shadda || !nx->vowel)) ||
               (nx->type == L_MAKSURA && !nx->vowel && !nx->tan);
    default:
        return 0;
    }
}

/* Is cluster x a consonant for the verb and prefix rules: a consonant
 * letter, a hamza, or و ي with a vowel of their own? */
static int consonant(const cl *x)
{
    switch (x->type) {
    case L_CONS:
    case L_HAMZA:
    case L_HAMZA_A:
    case L_HAMZA_I:
    case L_HAMZA_SEAT: return 1;
    case L_WAW:
    case L_YEH: return x->vowel || x->shadda || x->sukun;
    default: return 0;
    }
}

/* Does the word after its prefixes read as a verb in the perfect: no
 * article, only fatha, sukun and shadda on its consonants and fatha on its
 * last two, ا only inside it and ٱ only at its start, no tanween: فَعَلَ
 * kataba, فَعَّلَ sallama, فَاعَلَ qātala, أَفْعَلَ akrama, تَفَاعَلَ
 * tawāṣala, ٱسْتَفْعَلَ istaqbala, and the hollow قَالَ qāla (a sukun only
 * after a first hamza, alef or ت, see below). Its final -a
 * is part of the verb, not a case ending: the standards write verbs with
 * their endings (qāla, kataba) and drop only the nouns' case endings. A
 * noun in the accusative without the article and tanween (a construct, a
 * diptote: بَلَدَ, أَحْمَدَ) reads the same; it is the rarer of the two. */
static int perfect_verb(const word *w)
{
    size_t j, cons = 0, alef = 0, sukun = 0;
    int last = 0, before_last = 0, first = w->c[w->stem].type;
    if (w->has_article || w->n - w->stem < 2) return 0;
    for (j = w->stem; j < w->n; j++) {
        const cl *x = &w->c[j];
        if (x->tan || x->dagger) return 0;
        if (x->type == L_ALEF || x->type == L_WASLA) {
            if (x->vowel || x->shadda || j + 1 == w->n || (x->type == L_WASLA && j != w->stem)) return 0;
            alef++;
            continue;
        }
        if (!consonant(x) || (x->vowel && x->vowel != 'a') || (!x->vowel && !x->sukun)) return 0;
        before_last = last;
        last = x->vowel;
        sukun += x->sukun;
        cons++;
    }
    if (last != 'a' || before_last != 'a') return 0;
    /* a sukun only in the derived forms that begin with a hamza, an alef
     * or ت (أَفْعَلَ, ٱسْتَفْعَلَ, تَرْجَمَ): مَفْعَل is a noun (مَسْقَطَ) */
    if (sukun && first != L_HAMZA_A && first != L_HAMZA_I && first != L_ALEF && first != L_WASLA &&
        w->c[w->stem].cp != 0x062A)
        return 0;
    return cons >= 3 || (cons == 2 && alef);
}

/* Pausal form: a final short vowel is a case ending and is not written,
 * except on words of one or two consonants (huwa, bihi, lahu; رَبِّ has
 * three: rabb) and on the pronoun suffix -hu/-hi after a vowel
 * (kitābuhu, ʻalayhi, fīhi). */
static int drop_final(const word *w, size_t j)
{
    const cl *x = &w->c[j], *pv = j > 0 ? &w->c[j - 1] : NULL;
    /* the letters of the word, a prefix aside (wa-anna, li-anna) */
    size_t letters = w->has_article ? w->nletters : w->nletters - w->stem;
    if (j + 1 != w->n || letters + x->shadda < 3) return 0;
    /* a particle of two letters with shadda: inna, anna, thumma (the
     * nouns' -u and -i after shadda are case endings: rabb, kull) */
    if (letters == 2 && x->shadda && x->vowel == 'a') return 0;
    if (x->cp == 0x0647 && x->vowel != 'a' && pv && !pv->tan &&
        (pv->vowel || pv->type == L_ALEF || pv->type == L_WAW || pv->type == L_YEH || pv->type == L_MAKSURA))
        return 0;
    if (x->vowel == 'a' && perfect_verb(w)) return 0;
    return 1;
}

/* The vowel after cluster j, with v its short vowel (its mark, or the one
 * a hamza seat implies). */
static void put_vowel_v(word *w, size_t j, int v)
{
    const cl *x = &w->c[j];
    if (x->dagger) {
        put(w, "ā");
        return;
    }
    if (x->tan == 'a') {
        put(w, "an");
        return;
    }
    if (x->tan) return;
    if (!v || long_follows(w, j, v)) return;
    if (drop_final(w, j)) return;
    putc1(w, v);
}

static void put_vowel(word *w, size_t j) { put_vowel_v(w, j, w->c[j].vowel); }

/* The short vowel of cluster j: its mark, or the vowel an initial hamza
 * seat or alef stands for when it has none (أ a, إ i, ٱ i; a bare alef:
 * i after the article (al-istiqlāl), before ي (ايمان īmān), else a). */
static int eff_vowel(const word *w, size_t j)
{
    const cl *x = &w->c[j], *nx = at(w, j + 1);
    if (x->vowel) return x->vowel;
    if (x->type == L_HAMZA_I) return 'i';
    if (j != w->stem) return 0;
    switch (x->type) {
    case L_HAMZA_A: return 'a';
    case L_WASLA: return 'i';
    case L_ALEF:
        if (w->has_article) return 'i';
        return nx && nx->type == L_YEH && plain(nx) && !nx->shadda ? 'i' : 'a';
    default: return 0;
    }
}

/* What cluster j leaves before the next letter, as far as the marks tell:
 * its short vowel, 's' for sukun or tanween, 'L' after a long vowel
 * letter, 0 when nothing is written. */
static int vowel_before(const word *w, size_t j)
{
    const cl *pv = &w->c[j];
    int v = eff_vowel(w, j);
    if (pv->dagger) return 'L';
    if (v) return v;
    if (pv->sukun || pv->tan) return 's';
    if (pv->type == L_ALEF || pv->type == L_MADDA || pv->type == L_MAKSURA) return 'L';
    return 0;
}

/* و or ي (glide = "w"/"y"): a consonant, a long vowel, or the second half
 * of a diphthong, by the marks around it; without marks, by its place. */
static void glide(word *w, size_t j, const char *cons, const char *lng, int v)
{
    const cl *x = &w->c[j], *pv = j > 0 ? &w->c[j - 1] : NULL, *nx = at(w, j + 1);
    int initial = j == w->stem;
    int final = j + 1 == w->n;
    int before = initial ? 0 : vowel_before(w, j - 1);
    const tl_display *d = w->d;
    if (x->dagger) { /* الصلوٰة: the letter carries a long a */
        put(w, "ā");
        return;
    }
    if (!initial && before == v && !x->tan && (x->shadda || !x->vowel)) {
        /* long vowel: ū (or uww ...), ī (or iyy ...) */
        if (x->shadda) {
            if (v == 'u') put(w, final ? d->uww_fin : d->uww_mid);
            else put(w, final ? d->iyy_fin : d->iyy_mid);
            if (!final) put_vowel(w, j);
        } else {
            put(w, lng);
        }
        return;
    }
    if (!initial && before == 'a' && !x->tan && (x->shadda || !x->vowel)) {
        /* diphthong: aw ay (au ai), with shadda aww ayy (auw aiy) */
        if (x->shadda) {
            put(w, v == 'u' ? d->dip_ww : d->dip_yy);
            put_vowel(w, j);
        } else {
            put(w, v == 'u' ? d->dip_w : d->dip_y);
        }
        return;
    }
    if (!initial && before == 0 && !marked(x) && !x->shadda) {
        /* no marks to go by: a long vowel between consonants and at the
         * end, a consonant before a vowel letter (ا, or وا at the end) */
        int cons_next = nx && ((nx->type == L_ALEF && !(v == 'u' && j + 2 == w->n)) ||
                               nx->type == L_WAW || nx->type == L_YEH);
        int vowel_prev = pv && (pv->type == L_ALEF || pv->type == L_WAW || pv->type == L_YEH ||
                                pv->type == L_MADDA || pv->cp == 0);
        if (!cons_next && !vowel_prev) {
            /* ـية at the end: the nisba ending (ʻarabīyah, ʿarabīya, ʿarabiyya) */
            if (v == 'i' && nx && nx->type == L_TEH && j + 2 == w->n) put(w, d->iyy_mid);
            else put(w, lng);
            return;
        }
    }
    put(w, cons);
    if (x->shadda && j != w->after_article) put(w, cons);
    put_vowel(w, j);
}

/* ALA-LC rule 21(a): a prime between two letters that would otherwise be
 * read as one digraph (ادهم Adʹham, اكرمتها akramatʹhā). */
static void maybe_prime(word *w, const char *next)
{
    unsigned char last;
    if (!w->d->prime || next[0] != 'h' || w->r->op <= w->o0) return;
    last = w->r->o[w->r->op - 1];
    if (last == 't' || last == 'd' || last == 'k' || last == 's' || last == 'z' || last == 'g' ||
        last == 'c')
        put(w, w->d->prime);
}

static void romanize_cluster(word *w, size_t j)
{
    const cl *x = &w->c[j], *pv = j > 0 ? &w->c[j - 1] : NULL;
    const tl_display *d = w->d;
    int initial = j == w->stem;
    switch (x->type) {
    case L_CONS: {
        const char *v = letter_of(x->cp)->out[w->col];
        maybe_prime(w, v);
        put(w, v);
        if (x->shadda && j != w->after_article) put(w, v);
        put_vowel(w, j);
        break;
    }
    case L_HAMZA_A:
    case L_HAMZA_I:
    case L_HAMZA:
    case L_HAMZA_SEAT:
    case L_WASLA: {
        /* ALA-LC 8(a), DIN, IJMES: an initial hamza is not written, only
         * its vowel; a medial or final one is ʼ (ʾ). */
        /* elided inside a word, and in DIN and IJMES after a prefix
         * (wa-staqbala, as their wa-l-kitāb) */
        if (x->type == L_WASLA && (!initial || (j > 0 && d->elide_after_prefix))) break;
        if (!initial || x->type == L_HAMZA_SEAT) put(w, d->hamza);
        put_vowel_v(w, j, eff_vowel(w, j));
        break;
    }
    case L_MADDA:
        if (!initial) put(w, d->hamza);
        put(w, "ā");
        break;
    case L_ALEF:
        if (initial) {
            /* an initial alef without hamza: the vowel it stands for */
            put_vowel_v(w, j, eff_vowel(w, j));
        } else if (pv && pv->tan == 'a') {
            /* the alef of -an: written already */
        } else if (pv && pv->type == L_WAW && j + 1 == w->n && !pv->vowel && !pv->shadda &&
                   !pv->tan && j >= 2) {
            /* ALA-LC 4: the alef after the plural ū (faʻalū) is silent */
        } else if (x->vowel || x->tan) {
            put(w, d->hamza); /* an alef carrying a vowel inside a word: a hamza written without its sign */
            put_vowel(w, j);
        } else {
            put(w, "ā");
        }
        break;
    case L_WAW:
        glide(w, j, "w", "ū", 'u');
        break;
    case L_YEH:
        glide(w, j, "y", "ī", 'i');
        break;
    case L_MAKSURA:
        if (pv && pv->tan == 'a') break; /* هُدًى: the -an is written */
        if (pv && pv->vowel == 'i') put(w, "ī");
        else put(w, d->maksura);
        break;
    case L_TEH: {
        /* ALA-LC 7: h in the pausal form, t in the construct state and with
         * -an; DIN and IJMES: a (after a consonant), at. */
        int bare = pv && !pv->vowel && !pv->tan && !pv->dagger && pv->cp != 0 &&
                   pv->type != L_ALEF && pv->type != L_MADDA && pv->type != L_MAKSURA;
        int after_alef = pv && (pv->type == L_ALEF || pv->type == L_MADDA || pv->dagger);
        if (!pv) bare = 1;
        if (bare) putc1(w, 'a');
        if (x->tan == 'a') put(w, "tan");
        else if (w->construct && !w->has_article) putc1(w, 't');
        else if (after_alef) put(w, d->teh_alef);
        else put(w, d->teh_pausal);
        break;
    }
    case L_NONE:
        if (x->cp) {
            /* a letter the scheme does not know: as it is */
            memcpy(w->r->o + w->r->op, w->r->src + x->s0, x->blen);
            w->r->op += x->blen;
        }
        break;
    default: /* tatweel at the start of a word */
        break;
    }
}

static const tl_lexeme *lex_find(const ar_translit *t, const unsigned char *k, size_t n)
{
    uint32_t slot = lex_hash(k, n) % LEX_SLOTS;
    while (t->lex[slot]) {
        const tl_lexeme *e = &tl_lexicon[t->lex[slot] - 1];
        if (strlen(e->key) == n && memcmp(e->key, k, n) == 0) return e;
        slot = (slot + 1) % LEX_SLOTS;
    }
    return NULL;
}

/* A letter as the lexicon's keys spell it: ٱ as ا, the Persian kaf and yeh
 * as the Arabic ones. */
static int32_t key_cp(int32_t c)
{
    if (c == 0x0671) return 0x0627;
    if (c == 0x06CC) return 0x064A;
    if (c == 0x06A9) return 0x0643;
    return c;
}

/* Could the word from cluster `from` on be a lexicon key? (Its length in
 * letters and its first and last letters say no to most words.) */
static int lex_maybe(const ar_translit *t, const word *w, size_t from)
{
    size_t len = w->nletters - from;
    if (w->n != w->nletters || len < 1 || len > LEX_MAX_LETTERS) return 0;
    return (t->lex_first[len] >> (key_cp(w->c[from].cp) & 63) & 1) &&
           (t->lex_last[len] >> (key_cp(w->c[w->n - 1].cp) & 63) & 1);
}

/* The word's letters without marks as a lexicon key (ٱ read as ا, the
 * Persian kaf and yeh as the Arabic ones); 0 if it cannot be one. */
static size_t word_key(const word *w, size_t from, unsigned char *k, size_t cap)
{
    size_t j, n = 0;
    for (j = from; j < w->n; j++) {
        int32_t c = key_cp(w->c[j].cp);
        if (c == 0 || n + 4 > cap) return 0;
        n += ar__encode(c, k + n);
    }
    return n;
}

/* Does the output [start, end) end in a long vowel (ā ī ū á)? DIN writes
 * the article after one without its a: Abū l-Ḥasan, Ḏū l-Qaʿda. */
static int ends_in_long_vowel(const unsigned char *o, size_t start, size_t end)
{
    unsigned char a, b;
    if (end < start + 2) return 0;
    a = o[end - 1];
    b = o[end - 2];
    return (b == 0xC4 && (a == 0x81 || a == 0xAB)) || (b == 0xC5 && a == 0xAB) ||
           (b == 0xC3 && a == 0xA1);
}

/* ا or ٱ + ل at cluster k, the start of the article: no vowel on the
 * alef (or a fatha), the lam silent (or with kasra before a wasla noun),
 * and at least two letters after it. */
static int article_at(const word *w, size_t k)
{
    const cl *a = at(w, k), *l = at(w, k + 1), *nx = at(w, k + 2);
    if (!a || !l || k + 4 > w->n) return 0;
    if ((a->cp != 0x0627 && a->cp != 0x0671) || a->tan || a->shadda || (a->vowel && a->vowel != 'a'))
        return 0;
    if (l->cp != 0x0644 || l->tan || l->shadda || l->dagger) return 0;
    if (l->vowel && !(l->vowel == 'i' && nx && nx->type == L_ALEF && !nx->vowel)) return 0;
    return 1;
}

/* لل at cluster k: ل (li-) and the lam of the article, two letters after. */
static int lil_at(const word *w, size_t k)
{
    const cl *a = at(w, k), *l = at(w, k + 1);
    if (!a || !l || k + 4 > w->n) return 0;
    if (a->cp != 0x0644 || a->tan || a->shadda || a->sukun || (a->vowel && a->vowel != 'i')) return 0;
    if (l->cp != 0x0644 || l->tan || l->shadda || (l->vowel && l->vowel != 'i')) return 0;
    return 1;
}

/* A one-letter prefix at cluster k: the conjunctions و ف (fatha), the
 * prepositions ب ل (kasra), ك (fatha); nothing else on it. */
static int prefix_ok(const cl *x, int32_t c, int v)
{
    return x->cp == c && !x->tan && !x->shadda && !x->sukun && !x->dagger && (!x->vowel || x->vowel == v);
}

/* The preposition a cluster may be: ب ل (kasra) "bi-" "li-", ك (fatha)
 * "ka-"; NULL for anything else. */
static const char *prep_prefix(const cl *x)
{
    if (prefix_ok(x, 0x0628, 'i')) return "bi-";
    if (prefix_ok(x, 0x0644, 'i')) return "li-";
    if (prefix_ok(x, 0x0643, 'a')) return "ka-";
    return NULL;
}

/* The letters of a suffix, last letter first, and what it is. */
enum { SF_PRONOUN, SF_NOUN, SF_VERB };
typedef struct suffix {
    int32_t cp[3];
    uint8_t len, kind;
} suffix;

/* What may follow a stem: pronouns, verb endings, ة, the sound plurals
 * and the dual, longest first. */
static const suffix suffixes[] = {
    {{0x0627, 0x0645, 0x0647}, 3, SF_PRONOUN}, /* هما */
    {{0x0627, 0x0645, 0x0643}, 3, SF_PRONOUN}, /* كما */
    {{0x0627, 0x0645, 0x062A}, 3, SF_VERB},    /* تما */
    {{0x0645, 0x0647}, 2, SF_PRONOUN},         /* هم */
    {{0x0646, 0x0647}, 2, SF_PRONOUN},         /* هن */
    {{0x0627, 0x0647}, 2, SF_PRONOUN},         /* ها */
    {{0x0645, 0x0643}, 2, SF_PRONOUN},         /* كم */
    {{0x0646, 0x0643}, 2, SF_PRONOUN},         /* كن */
    {{0x0627, 0x0646}, 2, SF_PRONOUN},         /* نا */
    {{0x0645, 0x062A}, 2, SF_VERB},            /* تم */
    {{0x0646, 0x062A}, 2, SF_VERB},            /* تن */
    {{0x0627, 0x0648}, 2, SF_VERB},            /* وا */
    {{0x062A, 0x0627}, 2, SF_NOUN},            /* ات */
    {{0x0646, 0x0648}, 2, SF_NOUN},            /* ون */
    {{0x0646, 0x064A}, 2, SF_NOUN},            /* ين */
    {{0x0646, 0x0627}, 2, SF_NOUN},            /* ان */
    {{0x0647}, 1, SF_PRONOUN},                 /* ه */
    {{0x0643}, 1, SF_PRONOUN},                 /* ك */
    {{0x062A}, 1, SF_VERB},                    /* ت, also ة before a pronoun */
    {{0x0629}, 1, SF_NOUN},                    /* ة */
};

/* The end of the stem [from, n) without its suffixes: one, or a pronoun
 * and what it follows (a verb ending, ة written ت, a plural), leaving at
 * least two letters; *noun is set when a noun ending was among them. */
static size_t stem_end(const word *w, size_t from, int *noun)
{
    size_t end = w->n, layer, i, k;
    *noun = 0;
    for (layer = 0; layer < 2; layer++) {
        for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
            const suffix *sf = &suffixes[i];
            if (end < from + 2u + sf->len) continue;
            for (k = 0; k < sf->len && w->c[end - 1 - k].cp == sf->cp[k]; k++) continue;
            if (k == sf->len) break;
        }
        if (i == sizeof suffixes / sizeof suffixes[0]) break;
        end -= suffixes[i].len;
        *noun |= suffixes[i].kind == SF_NOUN;
        if (suffixes[i].kind != SF_PRONOUN) break;
    }
    return end;
}

/* The consonants of the stem [from, end): not ا ى ة, not و ي as long
 * vowels, not a nisba يّ at the end, not the hamza of a plural after ا
 * (وَسَائِل, وَثَائِق). */
static size_t stem_consonants(const word *w, size_t from, size_t end)
{
    size_t j, n = 0;
    for (j = from; j < end; j++) {
        const cl *x = &w->c[j], *pv = j > from ? &w->c[j - 1] : NULL;
        if (!consonant(x) && !(j == from && (x->type == L_WAW || x->type == L_YEH))) continue;
        if (x->type != L_CONS && x->type != L_WAW && x->type != L_YEH && pv && pv->type == L_ALEF) continue;
        if (x->type == L_YEH && x->shadda && j + 1 == end && pv && pv->vowel == 'i') continue;
        n++;
    }
    return n;
}

/* Is cluster k (conj: و ف, else ب ل ك, with the prefix's vowel or none)
 * a prefix of the word that follows it in the same cluster run? Yes
 * before a word that starts with a hamza (وَأَنَّ wa-anna, فَإِنَّ fa-inna;
 * unvocalized too for و ف: وأكد) or with alef wasla (وَٱسْتَقْبَلَ); in
 * vocalized text also before a word of three consonants or more, its
 * suffixes aside (وَسَلَّمَ wa-sallama, بِكِتَابِهِ bi-kitābihi; but وَلَدُهُ
 * waladuhu, وَزِير wazīr, وَسَائِل wasāʼil), and for و ف before a hollow
 * verb (وَقَالَ wa-qāla). */
static int prefix_before(const word *w, size_t k, int conj)
{
    const cl *x = &w->c[k], *nx = at(w, k + 1);
    size_t end, cons;
    int noun;
    if (!nx || k + 3 > w->n) return 0;
    switch (nx->type) {
    case L_HAMZA_A:
    case L_HAMZA_I:
    case L_MADDA:
        if (nx->sukun || nx->shadda) return 0;
        return x->vowel || (conj && !nx->vowel);
    case L_WASLA: return 1;
    default: break;
    }
    /* و ف + من (wa-min, fa-man): the other particles are in the lexicon */
    if (conj && k + 3 == w->n && nx->cp == 0x0645 && w->c[k + 2].cp == 0x0646 && nx->vowel != 'u' &&
        (x->vowel || !nx->vowel))
        return 1;
    /* vocalized: the prefix with its vowel, then a consonant with a vowel */
    if (!x->vowel || !nx->vowel || nx->tan || !consonant(nx)) return 0;
    end = stem_end(w, k + 1, &noun);
    cons = stem_consonants(w, k + 1, end);
    if (cons >= 3) return 1;
    /* و ف + a hollow verb: CāC, the final consonant with fatha or a verb
     * ending after it */
    if (conj && !noun && end == k + 4 && w->c[k + 1].vowel == 'a' && w->c[k + 2].type == L_ALEF &&
        plain(&w->c[k + 2]) && consonant(&w->c[k + 3]) && !w->c[k + 3].tan &&
        (end < w->n || w->c[k + 3].vowel == 'a'))
        return 1;
    return 0;
}

/* The article: al-, or (DIN) assimilated to a sun letter; after a vowel
 * (a prefix, or in DIN the word before) without its a. */
static void put_article(word *w, int after_vowel)
{
    const cl *first = at(w, w->stem);
    if (!after_vowel) putc1(w, 'a');
    if (w->d->assimilate && first && first->type == L_CONS && first->sun)
        put(w, letter_of(first->cp)->out[w->col]);
    else
        putc1(w, 'l');
    putc1(w, '-');
}

/* ب (kasra) or ك (fatha) + the article at cluster k. Unvocalized كال is
 * more often the word وكالة "agency" than ka- + al-: not before ا ة, nor
 * before ت with a pronoun or nothing (وكالات, وكالة, وكالته). */
static int prep_article_at(const word *w, size_t k)
{
    const cl *c = w->c;
    size_t j = k + 3;
    if (prefix_ok(&c[k], 0x0628, 'i')) return article_at(w, k + 1);
    if (!prefix_ok(&c[k], 0x0643, 'a') || !article_at(w, k + 1)) return 0;
    if (c[k].vowel || j >= w->n) return 1;
    if (c[j].type == L_ALEF || c[j].type == L_TEH) return 0;
    if (c[j].cp == 0x062A && !c[j].vowel) {
        /* ت and then nothing, or only a pronoun */
        size_t i, rest = w->n - j - 1;
        if (rest == 0) return 0;
        for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
            const suffix *sf = &suffixes[i];
            size_t q;
            if (sf->len != rest || sf->kind != SF_PRONOUN) continue;
            for (q = 0; q < rest && c[w->n - 1 - q].cp == sf->cp[q]; q++) continue;
            if (q == rest) return 0;
        }
    }
    return 1;
}

/* Prefixes and article, from cluster 0: sets w->stem and emits them. */
static void prefixes(word *w)
{
    run *r = w->r;
    size_t k = 0, o0;
    const cl *c = w->c;
    int elide = w->d->elide_after_prefix;
    if (w->n >= 5 && (prefix_ok(&c[0], 0x0648, 'a') || prefix_ok(&c[0], 0x0641, 'a')) &&
        (article_at(w, 1) || lil_at(w, 1) ||
         prep_article_at(w, 1))) {
        o0 = r->op;
        put(w, c[0].cp == 0x0648 ? "wa-" : "fa-");
        unit(r, c[0].s0, c[0].s1, o0, r->op);
        k = 1;
    }
    if (lil_at(w, k)) {
        /* li- + the article, its alef not written: ALA-LC lil-, DIN and
         * IJMES li-l- */
        w->stem = k + 2;
        w->after_article = k + 2;
        w->has_article = 1;
        o0 = r->op;
        if (elide) {
            put(w, "li-");
            unit(r, c[k].s0, c[k].s1, o0, r->op);
            o0 = r->op;
            put_article(w, 1);
            unit(r, c[k + 1].s0, c[k + 1].s1, o0, r->op);
        } else {
            put(w, "lil-");
            unit(r, c[k].s0, c[k + 1].s1, o0, r->op);
        }
        return;
    }
    if (prep_article_at(w, k)) {
        o0 = r->op;
        put(w, c[k].cp == 0x0628 ? "bi-" : "ka-");
        unit(r, c[k].s0, c[k].s1, o0, r->op);
        k++;
    }
    if (article_at(w, k)) {
        w->stem = k + 2;
        w->after_article = k + 2;
        w->has_article = 1;
        o0 = r->op;
        put_article(w, k > 0 ? elide : (w->d->elide_after_vowel && r->after_vowel));
        unit(r, c[k].s0, c[k + 1].s1, o0, r->op);
        return;
    }
    /* a prefix before a word without the article (ALA-LC 20(b), DIN,
     * IJMES: wa-sallama, bi-kitāb, fa-inna), and و ف before ب ل ك
     * (wa-bi-kitāb) */
    if (prefix_ok(&c[0], 0x0648, 'a') || prefix_ok(&c[0], 0x0641, 'a')) {
        if (prefix_before(w, 0, 1)) {
            o0 = r->op;
            put(w, c[0].cp == 0x0648 ? "wa-" : "fa-");
            unit(r, c[0].s0, c[0].s1, o0, r->op);
            k = 1;
        }
    }
    if (prep_prefix(&c[k]) && prefix_before(w, k, 0)) {
        o0 = r->op;
        put(w, prep_prefix(&c[k]));
        unit(r, c[k].s0, c[k].s1, o0, r->op);
        k++;
    }
    w->stem = k;
}

/* Is the next word (after spaces, on this line) definite: ال + two
 * letters? Then a ة before it is in the construct state. */
static int next_definite(const run *r, size_t q)
{
    const unsigned char *s = r->src;
    size_t len = r->len, nl = 0;
    int32_t want[2] = {0x0627, 0x0644};
    if (q >= len || (s[q] != ' ' && s[q] != '\t')) return 0;
    while (q < len && (s[q] == ' ' || s[q] == '\t')) q++;
    while (q < len && nl < 4) {
        int32_t c;
        size_t n = ar__decode(s + q, len - q, &c);
        if (c < 0 || !is_word_char(c)) break;
        q += n;
        if (is_mark(c) || c == 0x0640) continue;
        if (c == 0x0671) c = 0x0627;
        if (nl < 2 && c != want[nl]) return 0;
        nl++;
    }
    return nl >= 4;
}

static int grow_clusters(run *r, size_t need)
{
    cl *c;
    size_t cap;
    if (need <= r->ncap) return AR_OK;
    cap = r->ncap ? r->ncap : 64;
    while (cap < need) {
        if (cap > SIZE_MAX / 2 / sizeof *c) return AR_ENOMEM;
        cap *= 2;
    }
    c = realloc(r->c, cap * sizeof *c);
    if (!c) return AR_ENOMEM;
    r->c = c;
    r->ncap = cap;
    return AR_OK;
}

/* Cut the word starting at p into clusters; returns its end. */
static int scan_word(run *r, size_t p, size_t *n_out, size_t *end)
{
    const unsigned char *s = r->src;
    size_t len = r->len, n = 0;
    int err;
    while (p < len) {
        int32_t c;
        size_t k = ar__decode(s + p, len - p, &c);
        cl *x;
        int mark;
        /* the letters and harakat first: most of the text */
        if (c >= 0x0621 && c <= 0x0652) mark = c >= 0x064B || c == 0x0640;
        else if (c < 0) break;
        else if (is_mark(c)) mark = 1;
        else if (is_letter(c)) mark = 0;
        else break;
        if (mark && n > 0) {
            x = &r->c[n - 1];
            if (c != 0x0640) add_mark(x, c);
            x->s1 = p + k;
            p += k;
            continue;
        }
        if (n == r->ncap && (err = grow_clusters(r, n + 1))) return err;
        x = &r->c[n++];
        *x = (cl){0};
        x->s0 = p;
        x->s1 = p + k;
        if (mark && c != 0x0640) {
            add_mark(x, c); /* marks before any letter */
        } else {
            x->blen = (uint8_t)k;
            set_letter(x, c);
        }
        p += k;
    }
    *n_out = n;
    *end = p;
    return AR_OK;
}

/* ------------------------------------------------------- the word cache
 *
 * News text repeats its words: a long text without a map keeps the words it
 * has romanized, keyed by their bytes and the two things besides them that
 * change a reading (ة before a definite word; DIN's article after a long
 * vowel), and writes a word it has seen by copying. It belongs to one run
 * (no state outlives a call); when it cannot grow, words are romanized as
 * if it were not there. */

#define WC_SLOTS 8192u          /* a power of two */
#define WC_KEYMAX 48u           /* longer words are not kept */
#define WC_ARENA_MAX (1u << 20) /* bytes of keys and outputs */
#define WC_MIN_TEXT 4096u       /* shorter texts do without */

typedef struct wc_slot {
    uint32_t hash, off;          /* off: key, then output, in the arena */
    uint8_t klen, olen, flags, approx;
} wc_slot;

typedef struct wcache {
    wc_slot slot[WC_SLOTS];
    unsigned char *arena;
    size_t used, cap, n;
} wcache;

/* The end of the word at p (its letters and marks) and whether it has ة. */
static size_t word_end(const run *r, size_t p, int *teh)
{
    const unsigned char *s = r->src;
    size_t len = r->len;
    *teh = 0;
    while (p < len) {
        int32_t c;
        size_t k = ar__decode(s + p, len - p, &c);
        if (c >= 0x0621 && c <= 0x0652) *teh |= c == 0x0629;
        else if (c < 0 || !(is_mark(c) || is_letter(c))) break;
        else *teh |= c == 0x06C3;
        p += k;
    }
    return p;
}

static uint32_t wc_hash(const unsigned char *k, size_t n, unsigned flags)
{
    uint32_t h = 2166136261u ^ flags;
    size_t i;
    for (i = 0; i < n; i++) h = (h ^ k[i]) * 16777619u;
    return h ? h : 1;
}

/* The slot of the key, or the empty slot where it would go (NULL: full). */
static wc_slot *wc_find(wcache *wc, const unsigned char *k, size_t n, unsigned flags, uint32_t h)
{
    size_t i, probe;
    for (probe = 0, i = h & (WC_SLOTS - 1); probe < 16; probe++, i = (i + 1) & (WC_SLOTS - 1)) {
        wc_slot *sl = &wc->slot[i];
        if (!sl->hash) return sl;
        if (sl->hash == h && sl->klen == n && sl->flags == flags && memcmp(wc->arena + sl->off, k, n) == 0)
            return sl;
    }
    return NULL;
}

/* Keep a word and its output; nothing when there is no room. */
static void wc_put(wcache *wc, wc_slot *sl, uint32_t h, const unsigned char *k, size_t n, unsigned flags,
                   const unsigned char *o, size_t olen, int approx)
{
    if (olen > 255 || wc->n >= WC_SLOTS / 2) return;
    if (wc->cap - wc->used < n + olen) {
        size_t cap = wc->cap ? wc->cap * 2 : 16384;
        unsigned char *a;
        if (cap > WC_ARENA_MAX || cap < wc->used + n + olen) return;
        a = realloc(wc->arena, cap);
        if (!a) return; /* the words are romanized again instead */
        wc->arena = a;
        wc->cap = cap;
    }
    memcpy(wc->arena + wc->used, k, n);
    memcpy(wc->arena + wc->used + n, o, olen);
    sl->hash = h;
    sl->off = (uint32_t)wc->used;
    sl->klen = (uint8_t)n;
    sl->olen = (uint8_t)olen;
    sl->flags = (uint8_t)flags;
    sl->approx = (uint8_t)approx;
    wc->used += n + olen;
    wc->n++;
}

static int display_word(run *r, size_t p, size_t *endp)
{
    word w;
    size_t n, end, j, o0;
    int err, vocalized = 0, teh = 0;
    unsigned char key[48];
    size_t klen;
    const tl_lexeme *lx = NULL;
    wc_slot *sl = NULL;
    uint32_t h = 0;
    unsigned flags = 0;
    int approx = 0;
    if (r->wc) {
        /* seen before? then copy what it gave */
        int has_teh;
        end = word_end(r, p, &has_teh);
        flags = (unsigned)((has_teh && next_definite(r, end)) | (r->after_vowel << 1));
        if (end - p <= WC_KEYMAX) {
            h = wc_hash(r->src + p, end - p, flags);
            sl = wc_find(r->wc, r->src + p, end - p, flags, h);
            if (sl && sl->hash) {
                if ((err = reserve(r, sl->olen + 16u))) return err;
                memcpy(r->o + r->op, r->wc->arena + sl->off + sl->klen, sl->olen);
                r->after_vowel = ends_in_long_vowel(r->o, r->op, r->op + sl->olen);
                r->op += sl->olen;
                r->st.words++;
                r->st.approximate += sl->approx;
                *endp = end;
                return AR_OK;
            }
        }
    }
    if ((err = scan_word(r, p, &n, &end))) return err;
    *endp = end;
    if ((err = reserve(r, 3 * (end - p) + 16))) return err;
    memset(&w, 0, sizeof w);
    w.r = r;
    w.col = r->t->def->column;
    w.d = &tl_displays[w.col];
    w.c = r->c;
    w.n = n;
    w.o0 = r->op;
    w.after_article = (size_t)-1;
    for (j = 0; j < n; j++) {
        if (w.c[j].cp) w.nletters++;
        if (marked(&w.c[j])) vocalized = 1;
        if (w.c[j].type == L_TEH) teh = 1;
    }
    r->st.words++;

    /* a word the rules cannot read: the lexicon, alone or after و ف */
    j = lex_maybe(r->t, &w, 0); /* 1: the whole word may be a key */
    klen = j || lex_maybe(r->t, &w, 1) ? word_key(&w, 0, key, sizeof key) : 0;
    if (klen && j) lx = lex_find(r->t, key, klen);
    if (lx) {
        put(&w, lx->out[w.col]);
        unit(r, w.c[0].s0, w.c[n - 1].s1, w.o0, r->op);
    } else if (klen && n >= 2 && (prefix_ok(&w.c[0], 0x0648, 'a') || prefix_ok(&w.c[0], 0x0641, 'a')) &&
               (lx = lex_find(r->t, key + 2, klen - 2)) != NULL) {
        const char *rest = lx->out[w.col];
        put(&w, w.c[0].cp == 0x0648 ? "wa-" : "fa-");
        unit(r, w.c[0].s0, w.c[0].s1, w.o0, r->op);
        /* DIN and IJMES drop the article's a after the prefix (wa-llaḏī) */
        if (w.d->elide_after_prefix && klen > 6 && key[2] == 0xD8 && key[3] == 0xA7 && key[4] == 0xD9 &&
            key[5] == 0x84 && (rest[0] == 'a' || rest[0] == 'A'))
            rest++;
        o0 = r->op;
        put(&w, rest);
        unit(r, w.c[1].s0, w.c[n - 1].s1, o0, r->op);
    } else {
        w.construct = teh && next_definite(r, end);
        prefixes(&w);
        for (j = w.stem; j < n; j++) {
            o0 = r->op;
            romanize_cluster(&w, j);
            unit(r, w.c[j].s0, w.c[j].s1, o0, r->op);
        }
        approx = !vocalized && w.nletters >= 2;
        r->st.approximate += (size_t)approx;
    }
    if (sl) wc_put(r->wc, sl, h, r->src + p, end - p, flags, r->o + w.o0, r->op - w.o0, approx);
    r->after_vowel = ends_in_long_vowel(r->o, w.o0, r->op);
    return AR_OK;
}

/* Characters between words: digits and Arabic punctuation to ASCII, the
 * rest copied. */
static int display_other(run *r, size_t p, int32_t c, size_t n)
{
    char ch = 0;
    int d = ar__digit(c);
    if (c < 0) return invalid(r, p, n);
    if (d >= 0 && c >= 0x80) ch = (char)('0' + d);
    else if (c == 0x060C || c == 0x066C) ch = ',';
    else if (c == 0x061B) ch = ';';
    else if (c == 0x061F) ch = '?';
    else if (c == 0x066A) ch = '%';
    else if (c == 0x066B || c == 0x06D4) ch = '.';
    if (ch) {
        r->o[r->op] = (unsigned char)ch;
        unit(r, p, p + n, r->op, r->op + 1);
        r->op++;
    } else {
        memcpy(r->o + r->op, r->src + p, n);
        if (r->pending) copied_after_pending(r, p, n);
        r->op += n;
    }
    return AR_OK;
}

static int display(run *r)
{
    const unsigned char *s = r->src;
    size_t len = r->len, p = 0;
    int err;
    /* the word cache, for long texts without a map (see above); without
     * memory for it, none */
    if (!r->map && len >= WC_MIN_TEXT) r->wc = calloc(1, sizeof *r->wc);
    while (p < len) {
        unsigned c = s[p];
        int32_t cp;
        size_t n;
        if (c < 0x80) {
            size_t q = p;
            /* a run of ASCII: copied as it is */
            while (q < len && s[q] < 0x80) q++;
            if ((err = reserve(r, q - p))) return err;
            memcpy(r->o + r->op, s + p, q - p);
            if (r->pending) copied_after_pending(r, p, 1);
            r->op += q - p;
            /* DIN's article after a vowel: only spaces may come between */
            for (n = p; n < q && r->after_vowel; n++)
                if (s[n] != ' ' && s[n] != '\t') r->after_vowel = 0;
            p = q;
            continue;
        }
        n = ar__decode(s + p, len - p, &cp);
        if (cp >= 0 && is_word_char(cp)) {
            if ((err = display_word(r, p, &p))) return err;
            continue;
        }
        r->after_vowel = 0;
        if ((err = reserve(r, 3 * n + 16))) return err;
        if ((err = display_other(r, p, cp, n))) return err;
        p += n;
    }
    resolve_pending(r);
    return AR_OK;
}

/* -------------------------------------------------------------- the API */

static int run_all(const ar_translit *t, const char *src, size_t len, ar_buf *out, unsigned char *dst,
                   size_t cap, size_t *outlen, ar_map *map, ar_translit_stats *stats)
{
    run r;
    int err;
    memset(&r, 0, sizeof r);
    r.t = t;
    r.src = (const unsigned char *)(src ? src : "");
    r.len = len;
    r.out = out;
    r.map = map;
    if (stats) memset(stats, 0, sizeof *stats);
    if (map) ar__map_reset(map);
    if (out) {
        out->len = 0;
        if ((err = ar__buf_reserve(out, 0))) return err; /* room for the NUL */
        r.o = (unsigned char *)out->data;
        r.cap = out->cap - 1;
    } else {
        r.o = dst;
        r.cap = cap;
    }
    if (map && len > AR__MAP_MAX) return AR_ETOOBIG;
    if (t->def->kind == K_REV) err = (t->flags & AR_TL_REVERSE) ? rev_reverse(&r) : rev_forward(&r);
    else err = display(&r);
    free(r.c);
    if (r.wc) {
        free(r.wc->arena);
        free(r.wc);
    }
    if (!err && out) {
        out->len = r.op;
        out->data[r.op] = '\0';
    }
    if (!err && map) {
        if (map->failed) err = AR_ENOMEM;
        else if (r.op > AR__MAP_MAX) err = AR_ETOOBIG;
        map->slen = len;
        map->olen = r.op;
    }
    if (!err && outlen) *outlen = r.op;
    if (err && out) out->len = 0;
    if (stats) *stats = r.st;
    return err;
}

int ar_translit_run(const ar_translit *t, const char *src, size_t len, ar_buf *out, ar_map *map,
                    ar_translit_stats *stats)
{
    if (!t || !out || (!src && len)) return AR_EARG;
    return run_all(t, src, len, out, NULL, 0, NULL, map, stats);
}

int ar_translit_into(const ar_translit *t, const char *src, size_t len, char *dst, size_t cap,
                     size_t *outlen, ar_map *map, ar_translit_stats *stats)
{
    ar_buf b = {0};
    int err;
    if (!t || !outlen || (!dst && cap) || (!src && len)) return AR_EARG;
    if (cap >= ar_translit_bound(len)) {
        /* room for the worst case: straight into dst */
        err = run_all(t, src, len, NULL, (unsigned char *)dst, cap, outlen, map, stats);
        if (err != AR_ESPACE) return err;
    }
    err = run_all(t, src, len, &b, NULL, 0, NULL, map, stats);
    if (!err) {
        *outlen = b.len;
        if (b.len > cap) err = AR_ESPACE;
        else if (b.len) memcpy(dst, b.data, b.len);
    }
    ar_buf_free(&b);
    return err;
}
