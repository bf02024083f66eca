/*
 * sentences.c — sentence boundaries over UTF-8, in one pass over tokens.
 *
 * The tokenizer already keeps numbers (3.5, ٣٫٥), URLs and e-mails whole,
 * so no boundary can fall inside them. The splitter looks at runs of
 * terminal marks (. ! ? ؟ ۔ …), the closing quotes and brackets after them,
 * the white space that follows, and the word before the period
 * (abbreviations, initials, list markers). Conventions (README):
 *   1. terminals end a sentence before white space + more text, or at the
 *      end of the text; not after abbreviations, initials, list markers;
 *   2. ، ؛ : , ; never end one;
 *   3. closers (» ” " ' ) ] ﴾) and RLM/LRM after the mark stay on the left;
 *   4. lines mode: a newline ends a sentence; wrapped mode: a single newline
 *      is a space; a blank line always ends one; auto mode decides;
 *   5. an ellipsis is a pause unless a newline or the end follows;
 *   6. ؟ or ! inside quotes or brackets followed by more text on the line
 *      goes on; so does an abbreviation's period inside brackets ("(و.م.أ.)
 *      للدراسة"), unless the next word opens a sentence;
 *   7. an abbreviation's period ends the sentence at the end of the text or
 *      before a blank line; an era after a year (1950 م.، 500 ق.م.، 1950م.)
 *      or إلخ. also before a word that opens a sentence;
 *   8. list markers (1. a.) stay with their item; "1. … 2. …" in a line
 *      does not split;
 *   9. a mark with no space after it ends a sentence only as a typo between
 *      two words: ؟ or ! between Arabic letters (حالك؟أنا), a period after
 *      an Arabic word that is no abbreviation or initial when the next word
 *      opens a sentence (الاجتماع.وبدأ); never inside numbers, URLs, e-mails
 *      or initials (د.محمد، الجزيرة.نت).
 */
#include "internal.h"
#include "hash.h"
#include <errno.h>
#include <stdio.h>

/* --------------------------------------------------------- abbreviations */

struct ar_abbrevs {
    ar_normalizer *n; /* keys are compared in "search" form */
    ar_buf pool;      /* NUL-separated keys */
    uint32_t *slot;   /* offset + 1 into pool, 0 = empty */
    size_t nslot, count;
};

ar_abbrevs *ar_abbrevs_new(int *err)
{
    ar_abbrevs *a = calloc(1, sizeof *a);
    ar_norm_options o;
    int e = AR_OK;
    if (!a) {
        if (err) *err = AR_ENOMEM;
        return NULL;
    }
    ar_norm_options_preset(&o, "search");
    a->n = ar_normalizer_new(&o, &e);
    a->nslot = 256;
    a->slot = calloc(a->nslot, sizeof *a->slot);
    if (!a->n || !a->slot) {
        ar_abbrevs_free(a);
        if (err) *err = e ? e : AR_ENOMEM;
        return NULL;
    }
    if (err) *err = AR_OK;
    return a;
}

void ar_abbrevs_free(ar_abbrevs *a)
{
    if (!a) return;
    ar_normalizer_free(a->n);
    ar_buf_free(&a->pool);
    free(a->slot);
    free(a);
}

size_t ar_abbrevs_count(const ar_abbrevs *a) { return a ? a->count : 0; }

static const char *akey(const ar_abbrevs *a, uint32_t s) { return a->pool.data + s - 1; }

/* Slot of key k (normalized), or of the empty slot where it would go. */
static size_t afind(const ar_abbrevs *a, const char *k, size_t len)
{
    size_t m = a->nslot - 1, i;
    for (i = (size_t)ar__hash(k, len) & m; a->slot[i]; i = (i + 1) & m) {
        const char *s = akey(a, a->slot[i]);
        if (strlen(s) == len && memcmp(s, k, len) == 0) break;
    }
    return i;
}

static int arehash(ar_abbrevs *a)
{
    size_t n = a->nslot * 2, i;
    uint32_t *old = a->slot, *ns = calloc(n, sizeof *ns);
    size_t on = a->nslot;
    if (!ns) return AR_ENOMEM;
    a->slot = ns;
    a->nslot = n;
    for (i = 0; i < on; i++)
        if (old[i]) {
            const char *s = akey(a, old[i]);
            a->slot[afind(a, s, strlen(s))] = old[i];
        }
    free(old);
    return AR_OK;
}

int ar_abbrevs_add(ar_abbrevs *a, const char *s, size_t len)
{
    ar_buf b = {0};
    size_t i;
    int err;
    if (!a || !s) return AR_EARG;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r')) len--;
    while (len && (*s == ' ' || *s == '\t')) s++, len--;
    if (len == 0 || memchr(s, '\0', len)) return AR_EVALUE;
    if ((err = ar_normalize(a->n, s, len, &b, NULL, NULL))) goto out; /* b may hold memory */
    /* the final period is part of the key */
    if (b.len == 0 || b.data[b.len - 1] != '.') {
        if ((err = ar__buf_reserve(&b, 1))) goto out;
        b.data[b.len++] = '.';
        b.data[b.len] = '\0';
    }
    if ((a->count + 1) * 2 > a->nslot && (err = arehash(a))) goto out;
    i = afind(a, b.data, b.len);
    if (!a->slot[i]) {
        if (a->pool.len + b.len + 1 > 0xFFFFFFF0u) {
            err = AR_ETOOBIG;
            goto out;
        }
        if ((err = ar__buf_reserve(&a->pool, b.len + 1))) goto out;
        memcpy(a->pool.data + a->pool.len, b.data, b.len + 1);
        a->slot[i] = (uint32_t)a->pool.len + 1;
        a->pool.len += b.len + 1;
        a->count++;
    }
    err = AR_OK;
out:
    ar_buf_free(&b);
    return err;
}

int ar_abbrevs_load(ar_abbrevs *a, const char *path, ar_error *error)
{
    FILE *f;
    char *line = NULL;
    size_t cap = 0, n = 0;
    ssize_t got;
    int err = AR_OK;
    if (!a || !path) return ar__fail(error, AR_EARG, 0, NULL);
    f = fopen(path, "rb");
    if (!f) return ar__fail(error, AR_EIO, 0, "%s", strerror(errno));
    while ((got = getline(&line, &cap, f)) >= 0) {
        size_t len = (size_t)got, i = 0;
        n++;
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
        while (i < len && (line[i] == ' ' || line[i] == '\t')) i++;
        if (i == len || line[i] == '#') continue;
        /* a comment may follow the abbreviation after white space */
        {
            size_t j = i;
            while (j < len && line[j] != ' ' && line[j] != '\t') j++;
            err = ar_abbrevs_add(a, line + i, j - i);
        }
        if (err) {
            ar__fail(error, err, n, err == AR_ENOMEM ? NULL : "bad abbreviation");
            break;
        }
    }
    free(line);
    fclose(f);
    return err;
}

/* Is text[start, end) (a word and its final period) an abbreviation? 1 or
 * 0, or a negative AR_E* code when it could not be normalized (out of
 * memory): the caller must fail rather than split differently. */
static int is_abbrev(const ar_abbrevs *a, const char *s, size_t len, ar_buf *tmp)
{
    size_t i;
    int err;
    if (!a || a->count == 0) return 0;
    if ((err = ar_normalize(a->n, s, len, tmp, NULL, NULL)) != AR_OK) return err;
    i = afind(a, tmp->data, tmp->len);
    return a->slot[i] != 0;
}

/* ------------------------------------------------------------- spans */

void ar_spans_free(ar_spans *sp)
{
    if (!sp) return;
    free(sp->v);
    sp->v = NULL;
    sp->n = sp->cap = 0;
}

static int push_span(ar_spans *sp, size_t a, size_t b)
{
    if (sp->n == sp->cap) {
        size_t cap = sp->cap ? sp->cap * 2 : 64;
        ar_span *v = realloc(sp->v, cap * sizeof *v);
        if (!v) return AR_ENOMEM;
        sp->v = v;
        sp->cap = cap;
    }
    sp->v[sp->n].start = a;
    sp->v[sp->n].end = b;
    sp->n++;
    return AR_OK;
}

/* ------------------------------------------------------ the splitter */

/* The splitter scans bytes: only terminal marks and line breaks can change
 * anything, so everything else is skipped at memory speed, and each
 * candidate is judged from the few characters around it. */

static int32_t cp_at(const unsigned char *s, size_t len, size_t i, size_t *l)
{
    int32_t c;
    *l = ar__decode(s + i, len - i, &c);
    return c;
}

static int is_terminal(int32_t c)
{
    return c == '.' || c == '!' || c == '?' || c == 0x061F || c == 0x06D4 || c == 0x2026 ||
           c == 0x203C || c == 0x2047 || c == 0x2048 || c == 0x2049 || c == 0xFF01 ||
           c == 0xFF1F || c == 0xFF0E || c == 0x3002;
}

static int is_qmark(int32_t c)
{
    return c == '!' || c == '?' || c == 0x061F || c == 0x203C || c == 0x2047 || c == 0x2048 ||
           c == 0x2049 || c == 0xFF01 || c == 0xFF1F;
}

static int is_closer(int32_t c)
{
    switch (c) {
    case 0x00BB: case 0x201D: case 0x2019: case '"': case '\'': case ')': case ']':
    case '}': case 0xFD3E: case 0x203A: case 0xFF09: case 0x300D: case 0x300F:
        return 1;
    default:
        return 0;
    }
}

static int is_quote(int32_t c)
{
    return c == 0x00BB || c == 0x201D || c == 0x2019 || c == '"' || c == '\'' || c == 0x203A ||
           c == 0x300D || c == 0x300F;
}

static int is_opener(int32_t c)
{
    return c == '(' || c == '[' || c == '{' || c == 0x00AB || c == 0x201C || c == 0x2018 ||
           c == '"' || c == '\'' || c == 0xFD3F || c == 0x2039 || c == 0x201E;
}

static int is_bullet(int32_t c)
{
    return c == 0x2022 || c == 0x25CF || c == 0x25AA || c == 0x25A0 || c == '*' || c == 0x2013 ||
           c == '-' || c == 0x2014 || c == 0x25E6;
}

static int is_newline(int32_t c)
{
    return c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* White space between tokens: spaces, line breaks, bidi and other format
 * marks, joiners. */
static int is_gap(int32_t c)
{
    int k;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
    if (c < 0x80 && c > ' ') return 0;
    k = ar_char_class(c);
    return k == AR_C_SPACE || k == AR_C_NEWLINE || k == AR_C_FORMAT || k == AR_C_JOINER;
}

static int is_format(int32_t c) { return c > 0x7F && ar_char_class(c) == AR_C_FORMAT; }

/* Hard-wrapped text: most lines that go on into the next line are long,
 * of similar length, and do not end with a terminal mark. */
static size_t looks_wrapped(const unsigned char *s, size_t len)
{
    size_t i = 0, lines = 0, cont = 0, longish = 0, noterm = 0, maxlen = 0;
    size_t lens[4096];
    int ends[4096], next_blank[4096];
    size_t nl = 0;
    while (i < len && nl < 4096) {
        size_t j = i, chars = 0;
        int32_t last = 0;
        while (j < len && s[j] != '\n') {
            size_t l;
            int32_t c = cp_at(s, len, j, &l);
            if (c != ' ' && c != '\t' && c != '\r') last = c;
            if ((s[j] & 0xC0) != 0x80) chars++;
            j += l;
        }
        lens[nl] = chars;
        ends[nl] = is_terminal(last) || is_closer(last) || last == ':';
        next_blank[nl] = 0;
        nl++;
        i = j + 1;
    }
    for (i = 0; i + 1 < nl; i++) next_blank[i] = lens[i + 1] == 0;
    for (i = 0; i < nl; i++)
        if (lens[i] > maxlen) maxlen = lens[i];
    for (i = 0; i + 1 < nl; i++) {
        if (lens[i] == 0) continue;
        lines++;
        if (next_blank[i]) continue;
        cont++;
        if (lens[i] * 10 >= maxlen * 7 && maxlen >= 40 && maxlen <= 200) longish++;
        if (!ends[i]) noterm++;
    }
    (void)lines;
    return cont >= 3 && longish * 10 >= cont * 7 && noterm * 2 >= cont ? maxlen : 0;
}

typedef struct {
    const unsigned char *s;
    size_t len;
    const ar_sent_opts *o;
    int wrapped;
    size_t width;   /* auto mode: the wrap width, 0 if not hard-wrapped */
    ar_buf tmp;
    ar_spans *out;
} sc_t;

/* First non-gap character at or after i (or len). */
static size_t skip_gap(const sc_t *S, size_t i)
{
    size_t l;
    while (i < S->len && is_gap(cp_at(S->s, S->len, i, &l))) i += l;
    return i;
}

/* End of the last non-gap character before i, not going below lo. */
static size_t trim_gap(const sc_t *S, size_t i, size_t lo)
{
    while (i > lo) {
        size_t st = ar__prev_start(S->s, i), l;
        int32_t c = cp_at(S->s, S->len, st, &l);
        /* stray continuation bytes after the character at st (" \xA9")
         * are content, not part of a space */
        if (st + l != i || !is_gap(c)) break;
        i = st;
    }
    return i;
}

static int emit(sc_t *S, size_t from, size_t to)
{
    size_t a = skip_gap(S, from);
    if (a >= to) return AR_OK;
    return push_span(S->out, a, to);
}

/* The gap from i to the next content: line breaks, a blank line. */
typedef struct {
    size_t next;      /* first non-gap byte (len at the end) */
    size_t newlines;
    int blank;
    int touching;     /* only format marks, or nothing, before next */
} gap_t;

static gap_t gap_after(const sc_t *S, size_t i)
{
    gap_t g = {0, 0, 0, 1};
    size_t l, since_nl = (size_t)-1;
    while (i < S->len) {
        int32_t c = cp_at(S->s, S->len, i, &l);
        if (!is_gap(c)) break;
        if (is_newline(c)) {
            if (c == '\r' && i + 1 < S->len && S->s[i + 1] == '\n') l = 2;
            g.newlines++;
            if (since_nl != (size_t)-1) g.blank = 1;
            since_nl = i;
            g.touching = 0;
        } else if (!is_format(c)) {
            g.touching = 0;
        }
        i += l;
    }
    g.next = i;
    return g;
}

static size_t line_chars_before(const unsigned char *s, size_t p)
{
    size_t i = p, n = 0;
    while (i > 0 && s[i - 1] != '\n') {
        if ((s[i - 1] & 0xC0) != 0x80) n++;
        i--;
    }
    return n;
}

/* Does the gap [a, b) hold a line break that is only a soft wrap? In auto
 * mode a newline after a full line (75% of the wrap width or more) is a
 * space; after a short line (a headline, a paragraph's end) it is a break. */
static int soft_break(const sc_t *S, size_t a, size_t b)
{
    size_t i;
    if (S->wrapped) return 1;
    if (!S->width) return 0;
    for (i = a; i < b; i++)
        if (S->s[i] == '\n') return line_chars_before(S->s, i) * 4 >= S->width * 3;
    return 0;
}

static int digit_at(const sc_t *S, size_t i)
{
    size_t l;
    return i < S->len && ar__digit(cp_at(S->s, S->len, i, &l)) >= 0;
}

static int digit_before(const sc_t *S, size_t i)
{
    size_t l;
    return i > 0 && ar__digit(cp_at(S->s, S->len, ar__prev_start(S->s, i), &l)) >= 0;
}

/* Value of the digits in [a, b) (any digit set), or -1. */
static long digits_value(const sc_t *S, size_t a, size_t b)
{
    long v = 0;
    size_t l;
    if (a >= b) return -1;
    while (a < b) {
        int d = ar__digit(cp_at(S->s, S->len, a, &l));
        if (d < 0 || v > 100000) return -1;
        v = v * 10 + d;
        a += l;
    }
    return v;
}

/* How far list_marker looks along a line from a marker: every "N." is
 * checked, and a line can be megabytes long (scanning it whole for each
 * made splitting one long line quadratic). */
#define LIST_WINDOW 4096
#define NOT_NEAR ((size_t)-1)

/* The start of the line holding i, or NOT_NEAR when it is more than
 * LIST_WINDOW bytes back. */
static size_t line_begin_near(const sc_t *S, size_t i)
{
    size_t stop = i > LIST_WINDOW ? i - LIST_WINDOW : 0;
    while (i > stop && S->s[i - 1] != '\n' && S->s[i - 1] != '\r') i--;
    return (i == stop && stop > 0 && S->s[i - 1] != '\n' && S->s[i - 1] != '\r') ? NOT_NEAR : i;
}

/* The end of the line holding i, or at most LIST_WINDOW bytes on. */
static size_t line_end_near(const sc_t *S, size_t i)
{
    size_t stop = S->len - i > LIST_WINDOW ? i + LIST_WINDOW : S->len;
    while (i < stop && S->s[i] != '\n' && S->s[i] != '\r') i++;
    return i;
}

/* A number "N." at [a, b) as a list marker: at the start of a line (after
 * a bullet), after a colon, or with N-1 or N+1 as a marker on the line. */
static int list_marker(const sc_t *S, size_t a, size_t b)
{
    long v = digits_value(S, a, b), w;
    size_t i, l, lb, le;
    int32_t p = 0;
    if (v < 0 || v > 99) return 0;
    i = a;
    while (i > 0) { /* the character before, past spaces */
        size_t st = ar__prev_start(S->s, i);
        p = cp_at(S->s, S->len, st, &l);
        if (p != ' ' && p != '\t' && !is_format(p)) break;
        i = st;
    }
    if (i == 0 || p == '\n' || p == '\r') return 1;
    if (p == ':' || p == 0x061B || p == ';') return 1;
    if (is_bullet(p)) {
        size_t st = ar__prev_start(S->s, i), b0 = line_begin_near(S, st);
        if (b0 != NOT_NEAR && trim_gap(S, st, b0) == b0) return 1;
    }
    /* "N-1." or "N+1." elsewhere on the line (near the marker) */
    lb = line_begin_near(S, a);
    if (lb == NOT_NEAR) lb = a - LIST_WINDOW;
    le = line_end_near(S, b);
    for (i = lb; i < le; i++) {
        size_t d0, d1;
        if (S->s[i] != '.' || i == b) continue;
        d1 = i;
        d0 = d1;
        while (d0 > lb && digit_before(S, d0)) d0 = ar__prev_start(S->s, d0);
        if (d0 == d1) continue;
        w = digits_value(S, d0, d1);
        if (w == v - 1 || w == v + 1) return 1;
    }
    return 0;
}

/* Is the code point range [a, b) one letter? */
static int one_letter(const sc_t *S, size_t a, size_t b)
{
    size_t l;
    int32_t c;
    int k;
    if (a >= b) return 0;
    c = cp_at(S->s, S->len, a, &l);
    k = ar_char_class(c);
    return a + l == b && (k == AR_C_ARABIC || k == AR_C_LETTER);
}

/* Is c an Arabic combining mark (harakat, shadda, dagger alef)? */
static int is_mark(int32_t c) { return (c >= 0x064B && c <= 0x065F) || c == 0x0670; }

/* Words that open a sentence although no conjunction is attached to them,
 * in the form fold_word gives (no marks, ا for أ إ آ, ي for ى). */
static const char *const openers[] = {
    "ثم", "لكن", "كما", "اما", "ان", "انه", "انها", "لقد", "قد", "هذا", "هذه", "كان", "كانت",
    "قال", "قالت", "انا", "نحن", "هل", "لم", "لن", "كيف", "ماذا", "لماذا", "متي", "اين", "يذكر",
    "يشار", "بينما", NULL};

/* More words that open sentences in news, which also go on sentences after
 * an abbreviation's period (ولد عام 470 ق.م. في أثينا): only a period with
 * no space after it, a typo, is taken to end a sentence before them. */
static const char *const typo_openers[] = {
    "في", "من", "مع", "منذ", "خلال", "بعد", "قبل", "علي", "عن", "حتي", "بحلول", "حسب", "بحسب",
    "رغم", "بالرغم", "علاوة", "اضافة", "بالاضافة", "هو", "هي", "هم", "ليس", "ليست", "اذا",
    "عندما", "حين", "لذلك", "لذا", "ذلك", "تلك", "هؤلاء", "ثمة", "ايضا", "اولا", "ثانيا", "اخيرا",
    "اكد", "اكدت", "اعلن", "اعلنت", "اضاف", "اضافت", "اشار", "اشارت", "تم", "تجدر", "يعد", "تعد",
    "يمكن", "يقول", "تقول", "يجب", "مثل", NULL};

/* The word at [a, b) in opener form: marks and tatweel dropped, أ إ آ ٱ
 * folded to ا, ى to ي. 0 when it does not fit in out (no opener is that
 * long). */
static size_t fold_word(const sc_t *S, size_t a, size_t b, char *out, size_t cap)
{
    size_t n = 0, l;
    while (a < b) {
        int32_t c = cp_at(S->s, S->len, a, &l);
        if (c == 0x0623 || c == 0x0625 || c == 0x0622 || c == 0x0671) c = 0x0627;
        if (c == 0x0649) c = 0x064A;
        if (!is_mark(c) && c != 0x0640) {
            if (c < 0x80) {
                if (n + 1 > cap) return 0;
                out[n++] = (char)c;
            } else if (c < 0x800) {
                if (n + 2 > cap) return 0;
                out[n++] = (char)(0xC0 | (c >> 6));
                out[n++] = (char)(0x80 | (c & 0x3F));
            } else {
                return 0; /* not an Arabic letter: no opener */
            }
        }
        a += l;
    }
    return n;
}

/* End of the Arabic word that starts at i (letters, marks, joiners). */
static size_t arabic_word_end(const sc_t *S, size_t i)
{
    size_t l;
    while (i < S->len) {
        int k = ar_char_class(cp_at(S->s, S->len, i, &l));
        if (k != AR_C_ARABIC && k != AR_C_MARK && k != AR_C_JOINER) break;
        i += l;
    }
    return i;
}

static int in_list(const char *const *list, const char *key, size_t n)
{
    size_t i;
    for (i = 0; n && list[i]; i++)
        if (strlen(list[i]) == n && memcmp(list[i], key, n) == 0) return 1;
    return 0;
}

/* Does the word at next open a sentence? A capital Latin letter, a word of
 * three letters or more led by the conjunction و or ف (وقال، فقد), or one of
 * the openers (ثم، لكن، هذا …; after a typo also في، من، أكد …). */
static int opens_sentence(const sc_t *S, size_t next, int typo)
{
    size_t l, e, n;
    char key[32];
    int32_t c = cp_at(S->s, S->len, next, &l);
    if (c >= 'A' && c <= 'Z') return 1;
    if (ar_char_class(c) != AR_C_ARABIC) return 0;
    e = arabic_word_end(S, next);
    if ((c == 0x0648 || c == 0x0641) && e - next > 4) return 1;
    n = fold_word(S, next, e, key, sizeof key);
    return in_list(openers, key, n) || (typo && in_list(typo_openers, key, n));
}

/* Is the text before a (past white space) a number, like a year? */
static int number_before(const sc_t *S, size_t a)
{
    size_t end = trim_gap(S, a, 0), st = end;
    while (st > 0 && digit_before(S, st)) st = ar__prev_start(S->s, st);
    return st != end && end != a;
}

/* The start of the short word that ends (with its period) right before the
 * gap ending at a, or a when there is none: "ق." in "250 ق. م.". Only the
 * last 16 bytes before the gap are looked at. */
static size_t prev_word(const sc_t *S, size_t a)
{
    size_t end = trim_gap(S, a, 0), st = end, l;
    while (st > 0 && end - st < 16) {
        size_t p = ar__prev_start(S->s, st);
        if (is_gap(cp_at(S->s, S->len, p, &l))) break;
        st = p;
    }
    return end == a ? a : st;
}

/* An era after a year (1950 م.، 505 هـ.، 250 ق. م.) or إلخ./etc. ends the
 * sentence when the next word opens one. S->tmp holds the abbreviation in
 * "search" form; a is where it starts, next the first character after the
 * gap. */
static int final_abbrev(const sc_t *S, size_t a, size_t next)
{
    static const char *const era[] = {"م.", "ه.", "ق.م.", "ق.ه.", "ب.م.", "b.c.", "a.d.", "b.c.e.", "c.e.", NULL};
    static const char *const etc[] = {"الخ.", "etc.", NULL};
    size_t i;
    int era_hit = 0, etc_hit = 0;
    for (i = 0; era[i]; i++)
        if (S->tmp.len == strlen(era[i]) && memcmp(S->tmp.data, era[i], S->tmp.len) == 0) era_hit = 1;
    for (i = 0; etc[i]; i++)
        if (S->tmp.len == strlen(etc[i]) && memcmp(S->tmp.data, etc[i], S->tmp.len) == 0) etc_hit = 1;
    if (!era_hit && !etc_hit) return 0;
    if (era_hit && !number_before(S, a)) {
        /* "250 ق. م.": the era typed in two parts, the year before them */
        size_t p = prev_word(S, a), l;
        int32_t c = cp_at(S->s, S->len, p, &l);
        if (p == a || a - p > 8 || (c != 0x0642 && c != 0x0628) || S->s[p + l] != '.' ||
            !number_before(S, p))
            return 0;
    }
    return opens_sentence(S, next, 0);
}

/* A year with its era attached, "1950م" or "656هـ" (w..t, before the
 * period): it ends a sentence like the era abbreviations do. */
static int attached_era(const sc_t *S, size_t w, size_t t)
{
    size_t i = w, l;
    int32_t c = 0;
    while (i < t && ar__digit(cp_at(S->s, S->len, i, &l)) >= 0) i += l;
    if (i == w || i - w > 16 || i >= t) return 0;
    while (i < t) {
        c = cp_at(S->s, S->len, i, &l);
        if (c != 0x0645 && c != 0x0647 && c != 0x0640) return 0;
        i += l;
    }
    return 1;
}

/* The word ending at t (the period): "د", "ق.م", "25", "(رويترز)".
 * Returns 1 and the start when there is one (no gap before the period). */
static size_t word_before(const sc_t *S, size_t t, size_t lo)
{
    size_t i = t, l;
    while (i > lo) {
        size_t st = ar__prev_start(S->s, i);
        if (is_gap(cp_at(S->s, S->len, st, &l)) || t - st > 256) break;
        i = st;
    }
    /* leading opening brackets and quotes are not part of it */
    while (i < t) {
        int32_t c = cp_at(S->s, S->len, i, &l);
        if (!is_opener(c)) break;
        i += l;
    }
    return i;
}

/* A terminal with no space after it (rule 9): a typo for "mark + space"
 * when there is a word on both sides. 1 a boundary, 0 none, or a negative
 * AR_E* code. */
static int touching(sc_t *S, size_t seg, size_t t, int qmark, int period_only, size_t next)
{
    size_t i = t, l, w;
    int32_t before, after = cp_at(S->s, S->len, next, &l);
    int ab;
    do { /* the letter before the mark, past harakat */
        if (i <= seg) return 0;
        i = ar__prev_start(S->s, i);
        before = cp_at(S->s, S->len, i, &l);
    } while (is_mark(before));
    if (ar_char_class(before) != AR_C_ARABIC) return 0;
    if (qmark) /* ؟ and ! are never inside a word, number or abbreviation */
        return ar_char_class(after) == AR_C_ARABIC || (after >= 'A' && after <= 'Z');
    if (!period_only) return 0;
    w = word_before(S, t, seg);
    for (i = w; i < t; i += l) { /* no URL, e-mail or initials (أ.د.علي) */
        int32_t c = cp_at(S->s, S->len, i, &l);
        if (c == '.' || c == '/' || c == '@' || c == ':' || c == '_' || c == '=') return 0;
    }
    if (w >= t || one_letter(S, w, t)) return 0; /* د.محمد */
    ab = is_abbrev(S->o ? S->o->abbrevs : NULL, (const char *)S->s + w, t + 1 - w, &S->tmp);
    if (ab) return ab < 0 ? ab : 0;
    return opens_sentence(S, next, 1);
}

/* Judge a run of terminal marks [t, e) with closers up to c: 1 a boundary,
 * 0 none, or a negative AR_E* code. */
static int boundary(sc_t *S, size_t seg, size_t t, size_t e, size_t c)
{
    gap_t g = gap_after(S, c);
    size_t i, l, w;
    int period_only, ellipsis, qmark = 0, quoted = 0, bracketed = 0;
    if (g.next >= S->len) return 1; /* the end of the text (rule 7 too) */
    if (g.blank) return 1;
    if (g.newlines && !soft_break(S, c, g.next)) return 1;
    for (i = t; i < e; i += l)
        if (is_qmark(cp_at(S->s, S->len, i, &l))) qmark = 1;
    period_only = e - t == 1 && S->s[t] == '.';
    /* "ق.م", "نعم.لا": no space, no boundary, but for a typo (rule 9) */
    if (g.touching) return c == e ? touching(S, seg, t, qmark, period_only, g.next) : 0;
    for (i = e; i < c; i += l) {
        int32_t ch = cp_at(S->s, S->len, i, &l);
        if (is_quote(ch)) quoted = 1;
        else if (is_closer(ch)) bracketed = 1;
    }
    ellipsis = !qmark && (e - t >= 2 || S->s[t] != '.');
    for (i = t; ellipsis && i < e; i += l) {
        int32_t ch = cp_at(S->s, S->len, i, &l);
        if (ch != '.' && ch != 0x2026 && !is_format(ch)) ellipsis = 0;
    }
    if (ellipsis && (e - t >= 2 || S->s[t] != '.')) return 0; /* rule 5 */
    if (qmark && (quoted || bracketed)) return 0;              /* rule 6 */
    /* a period right before the closing bracket: the word before it decides,
     * as without the bracket ("(و.م.أ.) للدراسة", "(… إلخ.) قبل") */
    if (period_only && (c == e || (bracketed && !quoted)) && t > seg) {
        w = word_before(S, t, seg);
        if (w < t) {
            int ab = is_abbrev(S->o ? S->o->abbrevs : NULL, (const char *)S->s + w, t + 1 - w, &S->tmp);
            if (ab < 0) return ab;
            if (ab) return final_abbrev(S, w, g.next);
            if (one_letter(S, w, t)) return 0; /* an initial: م. ، J. */
            if (digits_value(S, w, t) >= 0 && list_marker(S, w, t)) return 0;
            if (attached_era(S, w, t)) return opens_sentence(S, g.next, 0); /* 1950م. */
        }
    }
    return 1;
}

/* The bytes that can change anything: terminal marks, line breaks, and the
 * lead bytes of the non-ASCII ones (a constant table: a paragraph-sized
 * call must not pay for building it). */
static const unsigned char is_hot[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0,
    0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Sixteen bytes at a time: a bit for every byte the loop below must look
 * at (a bit may be set for a byte it need not look at). Arabic letters,
 * their continuation bytes, spaces, Latin letters and digits are most of
 * a text, and none of them can change anything, so most blocks are passed
 * in one step. The set is is_hot's, with two changes: a letter D8 xx (the
 * most common lead byte in Arabic) is passed, except before 9F (that is
 * the question mark) and before anything that is no continuation byte
 * (invalid UTF-8, where the byte loop would step over the next byte); and
 * the 9F of ؟ is flagged instead, the caller going back to its lead byte.
 * Without SSE2 (not x86), the byte loop alone. AR_SENT_SCALAR turns this
 * off (the test that checks both ways alike). */
#if defined(__SSE2__) && !defined(AR_SENT_SCALAR)
#include <emmintrin.h>
#define SENT_BLOCKS 1
static unsigned hot_mask16(const unsigned char *p)
{
    __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i m = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('.')), _mm_cmpeq_epi8(x, _mm_set1_epi8('!')));
    __m128i hi, d8, cont;
    unsigned md8, mcont;
    m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('?')));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0x9F)));
    m = _mm_or_si128(m, _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x0D)), x));      /* <= 0x0D */
    hi = _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8((char)0xC2)), x);                /* >= 0xC2 */
    d8 = _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xD8));
    hi = _mm_andnot_si128(_mm_or_si128(d8, _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xD9))), hi);
    m = _mm_or_si128(m, hi);
    cont = _mm_cmplt_epi8(x, _mm_set1_epi8((char)0xC0)); /* 0x80..0xBF (and ASCII: masked below) */
    cont = _mm_andnot_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(-1)), cont);
    md8 = (unsigned)_mm_movemask_epi8(d8);
    mcont = (unsigned)_mm_movemask_epi8(cont);
    /* a D8 not followed by a continuation byte (the last byte's follower
     * is unseen: flagged) */
    return (unsigned)_mm_movemask_epi8(m) | (md8 & ~(mcont >> 1));
}
#else
#define SENT_BLOCKS 0
#endif

size_t ar_wrap_width(const char *text, size_t len)
{
    return text ? looks_wrapped((const unsigned char *)text, len) : 0;
}

int ar_sentences(const char *text, size_t len, const ar_sent_opts *o, ar_spans *out)
{
    sc_t S;
    size_t i = 0, seg = 0;
    int err = AR_OK;
    if (!out || (!text && len)) return AR_EARG;
    out->n = 0;
    memset(&S, 0, sizeof S);
    S.s = (const unsigned char *)(text ? text : "");
    S.len = len;
    S.o = o;
    S.out = out;
    S.wrapped = o && o->mode == AR_SENT_WRAPPED;
    S.width = 0;
    if (o && o->mode == AR_SENT_AUTO) S.width = o->wrap_width ? o->wrap_width : looks_wrapped(S.s, len);
    i = 0;
    while (i < len) {
        /* Pass the blocks the byte loop need not look at; send it from the
         * first byte of the character a flagged byte belongs to (not before
         * lo, where it stopped last) to just past that byte. */
        size_t stop = len;
#if SENT_BLOCKS
        size_t lo = i;
        while (i + 16 <= len) {
            unsigned m = hot_mask16(S.s + i);
            if (m) {
                size_t p = i + (size_t)__builtin_ctz(m);
                stop = p + 1;
                i = p;
                while (i > lo && i + 3 > p && (S.s[i] & 0xC0) == 0x80) i--;
                break;
            }
            i += 16;
        }
#endif
        while (i < stop) {
            size_t l;
            int32_t c;
            unsigned char b = S.s[i];
            if (!is_hot[b]) {
                i++;
                continue;
            }
            if (b == 0xD8 && i + 1 < len && S.s[i + 1] != 0x9F) { /* an Arabic letter, not ؟ */
                i += 2;
                continue;
            }
            c = cp_at(S.s, len, i, &l);
            if (is_newline(c)) {
                gap_t g;
                size_t end = trim_gap(&S, i, seg);
                if (skip_gap(&S, seg) >= end) { /* nothing since the last sentence */
                    i += l;
                    continue;
                }
                g = gap_after(&S, i);
                if (g.next >= len || g.blank || !soft_break(&S, i, g.next)) {
                    if ((err = emit(&S, seg, end))) goto done;
                    seg = i;
                }
                i += l;
                continue;
            }
            if (is_terminal(c)) {
                size_t t = i, e, cl, k;
                int bd;
                /* a period between digits is inside a number (3.5, 10.1.2024) */
                if (c == '.' && digit_before(&S, i) && digit_at(&S, i + 1)) {
                    i += l;
                    continue;
                }
                e = i + l;
                for (k = e; k < len;) { /* the run of marks, format marks between */
                    size_t l2;
                    int32_t d = cp_at(S.s, len, k, &l2);
                    if (is_terminal(d)) e = k + l2;
                    else if (!is_format(d)) break;
                    k += l2;
                }
                cl = e;
                for (k = e; k < len;) { /* the closers after it */
                    size_t l2;
                    int32_t d = cp_at(S.s, len, k, &l2);
                    if (is_closer(d)) cl = k + l2;
                    else if (!is_format(d)) break;
                    k += l2;
                }
                if ((bd = boundary(&S, seg, t, e, cl)) < 0) {
                    err = bd;
                    goto done;
                }
                if (bd) {
                    size_t end = cl, l2;
                    while (end < len && is_format(cp_at(S.s, len, end, &l2))) end += l2;
                    if ((err = emit(&S, seg, end))) goto done;
                    seg = end;
                }
                i = cl;
                continue;
            }
            i += l;
        }
    }
    {
        size_t end = trim_gap(&S, len, seg);
        if (end > seg) err = emit(&S, seg, end);
    }
done:
    ar_buf_free(&S.tmp);
    return err;
}
