/*
 * tokens.c — the tokenizer: words, numbers, punctuation, Latin, URLs, e-mails.
 *
 * A cursor over the caller's text; no allocation, source offsets only. The
 * rules are the ones Arabic news needs: a word is letters with their marks
 * (tatweel and ZWNJ/ZWJ inside words included); numbers take any of the
 * three digit sets and keep their separators (3.5, ٣٫٥, 1,000, ١٬٠٠٠);
 * URLs and e-mails are single tokens so nothing downstream splits them.
 */
#include "gaz.h" /* ar__tokenize */

static const char *const kind_names[] = {"?", "word", "number", "punct", "symbol",
                                         "latin", "url", "email", "other"};

const char *ar_token_kind_name(int kind)
{
    if (kind < AR_TOK_WORD || kind > AR_TOK_OTHER) return "?";
    return kind_names[kind];
}

void ar_tokenizer_init(ar_tokenizer *t, const char *s, size_t len)
{
    t->s = (const unsigned char *)s;
    t->len = s ? len : 0;
    t->pos = 0;
}

typedef struct {
    const unsigned char *s;
    size_t len;
} text;

/* Code point and class at i; *l receives the byte length. Arabic letters,
 * harakat and ASCII letters and spaces (nearly all of our text) are
 * classified here without a call. */
AR_INLINE int32_t at(const text *t, size_t i, size_t *l, int *cls)
{
    int32_t c;
    unsigned b = t->s[i];
    if (b == 0xD8 || b == 0xD9) {
        if (i + 1 < t->len && (t->s[i + 1] & 0xC0) == 0x80) {
            c = (int32_t)(((b & 0x1Fu) << 6) | (t->s[i + 1] & 0x3Fu));
            *l = 2;
            if ((c >= 0x0621 && c <= 0x063A) || (c >= 0x0641 && c <= 0x064A) || c == 0x0640) {
                *cls = AR_C_ARABIC;
                return c;
            }
            if (c >= 0x064B && c <= 0x065F) {
                *cls = AR_C_MARK;
                return c;
            }
            *cls = ar_char_class(c);
            return c;
        }
    } else if (b < 0x80) {
        *l = 1;
        if ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') *cls = AR_C_LETTER;
        else if (b == ' ') *cls = AR_C_SPACE;
        else *cls = ar_char_class((int32_t)b);
        return (int32_t)b;
    }
    *l = ar__decode(t->s + i, t->len - i, &c);
    *cls = ar_char_class(c);
    return c;
}

static int lower_ascii(int c) { return c >= 'A' && c <= 'Z' ? c + 32 : c; }

static int starts_with_ci(const text *t, size_t i, const char *p)
{
    size_t k;
    for (k = 0; p[k]; k++)
        if (i + k >= t->len || lower_ascii(t->s[i + k]) != p[k]) return 0;
    return 1;
}

static int ascii_alnum(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Characters that end a URL: white space, quotes, angle brackets, and the
 * Arabic punctuation that follows links in running text. */
static int url_stop(int32_t c, int cls)
{
    if (cls == AR_C_SPACE || cls == AR_C_NEWLINE || cls == AR_C_FORMAT || c < 0) return 1;
    switch (c) {
    case '"': case '<': case '>': case '`': case 0x060C: case 0x061B: case 0x061F:
    case 0x00AB: case 0x00BB: case 0x201C: case 0x201D: case 0x2018: case 0x2019:
        return 1;
    default:
        return 0;
    }
}

static size_t scan_url(const text *t, size_t i)
{
    size_t e = i, l, k;
    int cls, depth = 0;
    while (e < t->len) {
        int32_t c = at(t, e, &l, &cls);
        if (url_stop(c, cls)) break;
        e += l;
    }
    /* Trailing punctuation belongs to the sentence, not the link; a closing
     * bracket stays only if the link opened it. */
    for (k = i; k < e; k++) {
        if (t->s[k] == '(') depth++;
        else if (t->s[k] == ')') depth--;
    }
    while (e > i) {
        unsigned char c = t->s[e - 1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' ||
            c == '\'' || c == ']' || c == '}') {
            e--;
        } else if (c == ')' && depth < 0) {
            depth++;
            e--;
        } else {
            break;
        }
    }
    return e;
}

/* local@domain.tld starting at i; returns the end or 0. */
static size_t scan_email(const text *t, size_t i)
{
    size_t e = i, dom, dots = 0, last_dot = 0;
    while (e < t->len && (ascii_alnum(t->s[e]) || t->s[e] == '.' || t->s[e] == '_' ||
                          t->s[e] == '%' || t->s[e] == '+' || t->s[e] == '-'))
        e++;
    if (e == i || e >= t->len || t->s[e] != '@' || t->s[e - 1] == '.') return 0;
    dom = ++e;
    while (e < t->len && (ascii_alnum(t->s[e]) || t->s[e] == '-' ||
                          (t->s[e] == '.' && e + 1 < t->len && ascii_alnum(t->s[e + 1])))) {
        if (t->s[e] == '.') {
            dots++;
            last_dot = e;
        }
        e++;
    }
    if (e == dom || dots == 0 || e - last_dot < 3) return 0;
    return e;
}

static int is_sep_in_number(int32_t c)
{
    return c == '.' || c == ',' || c == 0x066B || c == 0x066C;
}

static size_t scan_number(const text *t, size_t i)
{
    size_t e = i, l, l2;
    int cls, cls2;
    for (;;) {
        int32_t c = at(t, e, &l, &cls);
        if (cls == AR_C_DIGIT) {
            e += l;
        } else if (is_sep_in_number(c) && e + l < t->len) {
            at(t, e + l, &l2, &cls2);
            if (cls2 != AR_C_DIGIT) break;
            e += l;
        } else {
            break;
        }
        if (e >= t->len) break;
    }
    return e;
}

/* How many of the four two-byte characters in the eight bytes x (read
 * little-endian) are, from the first on, Arabic letters U+0621-063A,
 * U+0640-064A or harakat U+064B-065F (the bytes D8 A1-BA, D9 80-9F): the
 * test of scan_word's loop for four characters at once. Each 16-bit lane
 * holds one character: its lead byte must be D8 or D9; its second byte,
 * moved up by 0x21 after D9 (80-9F -> A1-C0), must lie in A1-BA (D8) or
 * A1-C0 (D9); the range tests leave bit 8 of a lane set when they pass. */
AR_INLINE size_t arabic_pairs(uint64_t x)
{
    const uint64_t L = 0x0001000100010001ULL, B8 = 0x0100 * L;
    uint64_t lead = x & (0xFF * L), b1 = (x >> 8) & (0xFF * L), d = lead & L;
    uint64_t leadbad = (((lead ^ (0xD8 * L)) & (0xFE * L)) + 0xFF * L) & B8;
    uint64_t z = b1 + d * 0x21;
    uint64_t good = (z + 0x5F * L) & ((0xBA * L + d * 6) + B8 - z) & ~leadbad & B8;
    uint64_t bad = ~good & B8;
    size_t k = 0;
    if (!bad) return 4;
#if defined(__GNUC__)
    k = (size_t)__builtin_ctzll(bad) >> 4;
#else
    while (!(bad & ((uint64_t)0x100 << (16 * k)))) k++;
#endif
    return k;
}

/* The end of the run of Arabic letters U+0621-063A, U+0640-064A and
 * harakat U+064B-065F (two bytes each) that starts at e: the common case
 * of a word, four characters at a time, then one by one. */
AR_INLINE size_t arabic_run(const unsigned char *s, size_t len, size_t e)
{
    while (e + 8 <= len) {
        size_t k = arabic_pairs(ar__load64le(s + e));
        e += 2 * k;
        if (k < 4) return e;
    }
    while (e + 1 < len) {
        unsigned b0 = s[e], b1 = s[e + 1];
        if ((b0 == 0xD8 && b1 >= 0xA1 && b1 <= 0xBA) || (b0 == 0xD9 && b1 >= 0x80 && b1 <= 0x9F))
            e += 2;
        else
            break;
    }
    return e;
}

/* A word: letters of one kind (Arabic, Latin or other) with their marks;
 * joiners and tatweel inside; Latin words also take digits and an inner
 * apostrophe (don't, Qur'an). scan_word_rest goes on from e, after the
 * run of Arabic letters that scan_word reads first. */
static size_t scan_word_rest(const text *t, size_t e, int latin)
{
    size_t l, l2;
    int cls, cls2;
    while (e < t->len) {
        int32_t c = at(t, e, &l, &cls);
        if (cls == AR_C_MARK) {
            e += l;
            continue;
        }
        if (cls == AR_C_ARABIC && !latin) {
            e += l;
            continue;
        }
        if (cls == AR_C_LETTER && ar_char_is_latin(c) == latin) {
            e += l;
            continue;
        }
        if (latin && cls == AR_C_DIGIT && c < 0x80) {
            e += l;
            continue;
        }
        if ((cls == AR_C_JOINER || (latin && (c == '\'' || c == 0x2019))) && e + l < t->len) {
            int32_t n = at(t, e + l, &l2, &cls2);
            int ok = latin ? (cls2 == AR_C_LETTER && ar_char_is_latin(n))
                           : (cls2 == AR_C_ARABIC || (cls2 == AR_C_LETTER && !ar_char_is_latin(n)));
            if (ok) {
                e += l;
                continue;
            }
        }
        break;
    }
    return e;
}

/* An Arabic word from i: the run of letters, and when something other
 * than a space or the end follows it, the rest (marks, joiners, letters
 * outside the run). */
AR_INLINE size_t arabic_word(const text *t, size_t i)
{
    size_t e = arabic_run(t->s, t->len, i);
    if (e >= t->len || t->s[e] == ' ') return e;
    return scan_word_rest(t, e, 0);
}

static size_t scan_word(const text *t, size_t i, int latin)
{
    if (!latin) return arabic_word(t, i);
    return scan_word_rest(t, i, latin);
}

/* Bytes b0 b1 encode an Arabic letter (U+0621-063A, U+0641-064A), tatweel
 * (U+0640) or a mark (U+064B-065F): at() classes them AR_C_ARABIC or
 * AR_C_MARK, and either starts a word. */
AR_INLINE int arabic_word_start(unsigned b0, unsigned b1)
{
    return (b0 == 0xD8 && b1 >= 0xA1 && b1 <= 0xBA) || (b0 == 0xD9 && b1 >= 0x80 && b1 <= 0x9F);
}

int ar_tokenizer_next(ar_tokenizer *tk, ar_token *tok)
{
    text t;
    size_t i, l, e;
    int cls;
    int32_t c;
    t.s = tk->s;
    t.len = tk->len;
    i = tk->pos;
    /* skip separators */
    for (;;) {
        if (i >= t.len) {
            tk->pos = i;
            return 0;
        }
        if (t.s[i] == ' ') { /* the common separator, as at() classes it */
            i++;
            continue;
        }
        if (i + 1 < t.len && arabic_word_start(t.s[i], t.s[i + 1])) {
            /* the common token: an Arabic word (what the branches below
             * find for a letter, tatweel or mark, without classifying) */
            e = arabic_word(&t, i);
            tok->start = i;
            tok->kind = AR_TOK_WORD;
            tok->end = e;
            tk->pos = e;
            return 1;
        }
        c = at(&t, i, &l, &cls);
        if (cls == AR_C_SPACE || cls == AR_C_NEWLINE || cls == AR_C_FORMAT) {
            i += l;
            continue;
        }
        if (cls == AR_C_JOINER) { /* a joiner outside a word is a separator */
            i += l;
            continue;
        }
        break;
    }
    tok->start = i;
    if (c < 0) {
        e = i + l;
        tok->kind = AR_TOK_OTHER;
    } else if (c < 0x80 && (starts_with_ci(&t, i, "http://") || starts_with_ci(&t, i, "https://") ||
                            starts_with_ci(&t, i, "ftp://") || starts_with_ci(&t, i, "www."))) {
        e = scan_url(&t, i);
        tok->kind = AR_TOK_URL;
    } else if (c < 0x80 && ascii_alnum((int)c) && (e = scan_email(&t, i)) != 0) {
        tok->kind = AR_TOK_EMAIL;
    } else if (cls == AR_C_DIGIT) {
        e = scan_number(&t, i);
        tok->kind = AR_TOK_NUMBER;
    } else if (cls == AR_C_ARABIC || cls == AR_C_MARK) {
        e = scan_word(&t, i, 0);
        tok->kind = AR_TOK_WORD;
    } else if (cls == AR_C_LETTER) {
        int latin = ar_char_is_latin(c);
        e = scan_word(&t, i, latin);
        tok->kind = latin ? AR_TOK_LATIN : AR_TOK_WORD;
    } else if (cls == AR_C_PUNCT) {
        /* a run of the same mark ("...", "!!", "--") is one token */
        size_t l2;
        int cls2;
        e = i + l;
        while (e < t.len && at(&t, e, &l2, &cls2) == c) e += l2;
        tok->kind = AR_TOK_PUNCT;
    } else if (cls == AR_C_SYMBOL) {
        size_t l2;
        int cls2;
        e = i + l;
        while (e < t.len) { /* emoji modifiers and variation selectors */
            at(&t, e, &l2, &cls2);
            if (cls2 != AR_C_MARK) break;
            e += l2;
        }
        tok->kind = AR_TOK_SYMBOL;
    } else {
        e = i + l;
        tok->kind = AR_TOK_OTHER;
    }
    if (e <= i) e = i + l; /* always make progress */
    tok->end = e;
    tk->pos = e;
    return 1;
}

/* An ASCII byte that ar_char_class calls punctuation (see chars.c): a
 * printable that is no letter, digit, space or symbol. */
AR_INLINE int ascii_punct(unsigned b)
{
    if (b <= 0x20 || b >= 0x7F || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') || (b >= '0' && b <= '9')) return 0;
    switch (b) {
    case '$': case '+': case '<': case '=': case '>': case '^': case '`': case '|': case '~':
        return 0;
    default:
        return 1;
    }
}

int ar__tokenize(const char *s, size_t len, ar_token **tok, size_t *cap, size_t *n)
{
    text t;
    size_t i = 0, k = 0;
    t.s = (const unsigned char *)s;
    t.len = s ? len : 0;
    for (;;) {
        ar_token *x;
        while (i < t.len && t.s[i] == ' ') i++;
        if (i >= t.len) break;
        if (k == *cap) {
            size_t c = *cap ? *cap * 2 : 256;
            ar_token *p = realloc(*tok, c * sizeof *p);
            if (!p) {
                *n = k;
                return AR_ENOMEM;
            }
            *tok = p;
            *cap = c;
        }
        x = &(*tok)[k];
        if (i + 1 < t.len && arabic_word_start(t.s[i], t.s[i + 1])) {
            /* what ar_tokenizer_next finds first, without the call */
            x->start = i;
            x->kind = AR_TOK_WORD;
            x->end = i = arabic_word(&t, i);
        } else if (ascii_punct(t.s[i])) {
            /* a run of one ASCII punctuation mark (. , " : ...), as the
             * branches of ar_tokenizer_next find it */
            size_t e = i + 1;
            while (e < t.len && t.s[e] == t.s[i]) e++;
            x->start = i;
            x->kind = AR_TOK_PUNCT;
            x->end = i = e;
        } else if (i + 1 < t.len && t.s[i] == 0xD8 && (t.s[i + 1] == 0x8C || t.s[i + 1] == 0x9B || t.s[i + 1] == 0x9F)) {
            /* ... or of the Arabic comma, semicolon or question mark */
            size_t e = i + 2;
            while (e + 1 < t.len && t.s[e] == 0xD8 && t.s[e + 1] == t.s[i + 1]) e += 2;
            x->start = i;
            x->kind = AR_TOK_PUNCT;
            x->end = i = e;
        } else {
            ar_tokenizer tk;
            tk.s = t.s;
            tk.len = t.len;
            tk.pos = i;
            if (!ar_tokenizer_next(&tk, x)) break;
            i = tk.pos;
        }
        k++;
    }
    *n = k;
    return AR_OK;
}
