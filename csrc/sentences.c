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
 *   6. ؟ or ! inside quotes followed by more text on the line goes on;
 *   7. an abbreviation's period ends the sentence at the end of the text or
 *      before a blank line;
 *   8. list markers (1. a.) stay with their item; "1. … 2. …" in a line
 *      does not split.
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
    if ((err = ar_normalize(a->n, s, len, &b, NULL, NULL))) return err;
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

int ar_abbrevs_load(ar_abbrevs *a, const char *path, size_t *bad_line)
{
    FILE *f;
    char *line = NULL;
    size_t cap = 0, n = 0;
    ssize_t got;
    int err = AR_OK;
    if (bad_line) *bad_line = 0;
    if (!a || !path) return AR_EARG;
    f = fopen(path, "rb");
    if (!f) return AR_EIO;
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
            if (bad_line) *bad_line = n;
            break;
        }
    }
    free(line);
    fclose(f);
    return err;
}

/* Is text[start, end) (a word and its final period) an abbreviation? */
static int is_abbrev(const ar_abbrevs *a, const char *s, size_t len, ar_buf *tmp)
{
    size_t i;
    if (!a || a->count == 0) return 0;
    if (ar_normalize(a->n, s, len, tmp, NULL, NULL) != AR_OK) return 0;
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

typedef struct {
    const unsigned char *s;
    size_t len;
    ar_token *t;
    size_t n, cap;
} toks_t;

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

/* Every character of token k satisfies pred. */
static int tok_all(const toks_t *T, size_t k, int (*pred)(int32_t))
{
    size_t i = T->t[k].start, l;
    while (i < T->t[k].end) {
        if (!pred(cp_at(T->s, T->len, i, &l))) return 0;
        i += l;
    }
    return 1;
}

/* Gap between a and b: newlines in it, whether it holds only invisible
 * format characters (no white space at all). */
typedef struct {
    size_t newlines;
    int blank;      /* two newlines with only white space between */
    int touching;   /* nothing but format characters (RLM, LRM ...) */
} gap_t;

static gap_t gap_of(const toks_t *T, size_t a, size_t b)
{
    gap_t g = {0, 0, 1};
    size_t i = a, l, nl_here = 0;
    while (i < b) {
        int32_t c = cp_at(T->s, T->len, i, &l);
        int cls = ar_char_class(c);
        if (cls == AR_C_NEWLINE) {
            if (c == '\r' && i + 1 < b && T->s[i + 1] == '\n') { i += 2; }
            else i += l;
            g.newlines++;
            if (++nl_here >= 2) g.blank = 1;
            g.touching = 0;
            continue;
        }
        if (cls != AR_C_FORMAT) g.touching = 0;
        i += l;
    }
    return g;
}

/* Is text[a, b) a "run of the same terminal" that reads as an ellipsis? */
static int is_ellipsis(const toks_t *T, size_t k)
{
    size_t a = T->t[k].start, b = T->t[k].end;
    if (b - a == 3 && T->s[a] == 0xE2 && T->s[a + 1] == 0x80 && T->s[a + 2] == 0xA6) return 1;
    return b - a >= 2 && T->s[a] == '.';
}

static int single_letter(const toks_t *T, size_t k)
{
    size_t l;
    int32_t c;
    if (T->t[k].kind != AR_TOK_WORD && T->t[k].kind != AR_TOK_LATIN) return 0;
    c = cp_at(T->s, T->len, T->t[k].start, &l);
    (void)c;
    return T->t[k].start + l == T->t[k].end;
}

/* Does a line break (or the start of the text) come before token k? */
static int line_start(const toks_t *T, size_t k)
{
    size_t i = T->t[k].start;
    while (i > 0) {
        unsigned char c = T->s[i - 1];
        if (c == '\n' || c == '\r') return 1;
        if (c != ' ' && c != '\t') return 0;
        i--;
    }
    return 1;
}

static long number_value(const toks_t *T, size_t k)
{
    size_t i = T->t[k].start, l;
    long v = 0;
    if (T->t[k].kind != AR_TOK_NUMBER) return -1;
    while (i < T->t[k].end) {
        int d = ar__digit(cp_at(T->s, T->len, i, &l));
        if (d < 0 || v > 1000) return -1;
        v = v * 10 + d;
        i += l;
    }
    return v;
}

static int is_period_tok(const toks_t *T, size_t k)
{
    return k < T->n && T->t[k].kind == AR_TOK_PUNCT && T->t[k].end - T->t[k].start == 1 &&
           T->s[T->t[k].start] == '.';
}

/* "N." as a list marker: at the start of a line (after bullets), after a
 * colon, or followed later on the same line by "N+1.". */
static int list_marker(const toks_t *T, size_t num)
{
    long v = number_value(T, num);
    size_t k;
    if (v < 0 || v > 99) return 0;
    if (line_start(T, num)) return 1;
    if (num > 0 && T->t[num - 1].kind == AR_TOK_PUNCT) {
        size_t l;
        int32_t c = cp_at(T->s, T->len, T->t[num - 1].start, &l);
        if (c == ':' || c == 0x061B || c == ';' || c == 0x2022 || c == '-' || c == 0x2013 || c == 0x2014)
            if (line_start(T, num - 1) || c == ':' || c == 0x061B || c == ';') return 1;
    }
    for (k = num + 2; k + 1 < T->n; k++) {
        gap_t g = gap_of(T, T->t[k - 1].end, T->t[k].start);
        if (g.newlines) break;
        if (number_value(T, k) == v + 1 && is_period_tok(T, k + 1)) return 1;
    }
    /* the last item of an inline enumeration: "N-1." earlier on the line */
    for (k = num; k-- > 0;) {
        gap_t g = gap_of(T, T->t[k].end, T->t[k + 1].start);
        if (g.newlines) break;
        if (v > 1 && number_value(T, k) == v - 1 && is_period_tok(T, k + 1)) return 1;
    }
    return 0;
}

static int is_bullet(const toks_t *T, size_t k)
{
    size_t l;
    int32_t c = cp_at(T->s, T->len, T->t[k].start, &l);
    return c == 0x2022 || c == 0x25CF || c == 0x25AA || c == 0x25A0 || c == '*' || c == 0x2013 ||
           c == '-' || c == 0x2014 || c == 0x25E6;
}

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

/* Characters on the line that ends at byte p (a newline). */
static size_t line_chars_before(const unsigned char *s, size_t p)
{
    size_t i = p, n = 0;
    while (i > 0 && s[i - 1] != '\n') {
        if ((s[i - 1] & 0xC0) != 0x80) n++;
        i--;
    }
    return n;
}

/* In auto mode a single newline after a full line (75% of the wrap width
 * or more) is a space; after a short line (a headline, a paragraph's last
 * line) it ends the sentence. */
static int soft_break(const toks_t *T, size_t a, size_t b, size_t width)
{
    size_t i;
    if (!width) return 0;
    for (i = a; i < b; i++)
        if (T->s[i] == '\n') return line_chars_before(T->s, i) * 4 >= width * 3;
    return 0;
}

/* Some abbreviations often close a sentence: an era after a year (1950 م.,
 * 505 هـ.) and إلخ./etc. Their period ends the sentence when the next word
 * opens one: the conjunction و/ف, or a capital Latin letter. tmp holds the
 * abbreviation in "search" form (see is_abbrev). */
static int final_abbrev(const toks_t *T, size_t first, const ar_buf *tmp, size_t next)
{
    static const char *const era[] = {"م.", "ه.", "ق.م.", "ق.ه.", "ب.م.", NULL};
    static const char *const etc[] = {"الخ.", "etc.", NULL};
    size_t i, l;
    int era_hit = 0, etc_hit = 0;
    int32_t c;
    for (i = 0; era[i]; i++)
        if (tmp->len == strlen(era[i]) && memcmp(tmp->data, era[i], tmp->len) == 0) era_hit = 1;
    for (i = 0; etc[i]; i++)
        if (tmp->len == strlen(etc[i]) && memcmp(tmp->data, etc[i], tmp->len) == 0) etc_hit = 1;
    if (era_hit && !(first > 0 && T->t[first - 1].kind == AR_TOK_NUMBER)) return 0;
    if (!era_hit && !etc_hit) return 0;
    c = cp_at(T->s, T->len, T->t[next].start, &l);
    if (c == 0x0648 || c == 0x0641) return T->t[next].kind == AR_TOK_WORD && T->t[next].end - T->t[next].start > 2;
    return c >= 'A' && c <= 'Z';
}

/* Should the sentence end after the terminal run [a, b] and closers up to
 * c, before token n (n == T->n at the end of the text)? */
static int boundary(const toks_t *T, size_t a, size_t b, size_t c, const ar_sent_opts *o,
                    int wrapped, size_t width, ar_buf *tmp)
{
    size_t n = c + 1, k;
    gap_t g;
    int qmark = 0, period_only = 1, quoted = 0;
    if (n >= T->n) return 1; /* the end of the text (rule 7 too) */
    g = gap_of(T, T->t[c].end, T->t[n].start);
    if (g.blank) return 1;
    if (g.newlines && !wrapped && !soft_break(T, T->t[c].end, T->t[n].start, width)) return 1;
    if (g.touching) return 0; /* "ق.م", "نعم.لا": no space, no boundary */
    for (k = a; k <= b; k++) {
        size_t l;
        int32_t ch = cp_at(T->s, T->len, T->t[k].start, &l);
        if (ch != '.' || is_ellipsis(T, k)) period_only = 0;
        if (ch == '!' || ch == '?' || ch == 0x061F || ch == 0x203C || ch == 0x2047 || ch == 0x2048 ||
            ch == 0x2049 || ch == 0xFF01 || ch == 0xFF1F)
            qmark = 1;
    }
    for (k = b + 1; k <= c; k++) {
        size_t l;
        if (is_quote(cp_at(T->s, T->len, T->t[k].start, &l))) quoted = 1;
    }
    /* rule 5: an ellipsis alone is a pause */
    if (a == b && is_ellipsis(T, a)) return 0;
    /* rule 6: ؟ or ! inside quotes, more text on the line */
    if (qmark && quoted) return 0;
    if (period_only && a == b && c == b && a > 0) {
        size_t w = a - 1, first = w;
        gap_t wg = gap_of(T, T->t[w].end, T->t[a].start);
        if (wg.touching && wg.newlines == 0 && T->t[w].end == T->t[a].start) {
            /* the word (with its own inner periods: ق.م.) before the period */
            while (first > 0 && T->t[first - 1].end == T->t[first].start &&
                   (T->t[first - 1].kind != AR_TOK_PUNCT || is_period_tok(T, first - 1)))
                first--;
            if (T->t[first].kind == AR_TOK_PUNCT && !is_period_tok(T, first) && first < w) first++;
            if (is_abbrev(o ? o->abbrevs : NULL, (const char *)T->s + T->t[first].start,
                          T->t[a].end - T->t[first].start, tmp))
                return final_abbrev(T, first, tmp, n);
            if (single_letter(T, w)) return 0; /* an initial: م. ، J. */
            if (T->t[w].kind == AR_TOK_NUMBER && list_marker(T, w)) return 0;
            if (T->t[w].kind == AR_TOK_NUMBER && w > 0 && is_bullet(T, w - 1) && line_start(T, w - 1)) return 0;
        }
    }
    return 1;
}

int ar_sentences(const char *text, size_t len, const ar_sent_opts *o, ar_spans *out)
{
    toks_t T;
    ar_tokenizer tk;
    ar_token tok;
    ar_buf tmp = {0};
    size_t k, start = (size_t)-1, last_end = 0, width;
    int wrapped, err = AR_OK;
    if (!out || (!text && len)) return AR_EARG;
    out->n = 0;
    memset(&T, 0, sizeof T);
    T.s = (const unsigned char *)(text ? text : "");
    T.len = len;
    ar_tokenizer_init(&tk, text, len);
    while (ar_tokenizer_next(&tk, &tok)) {
        if (T.n == T.cap) {
            size_t cap = T.cap ? T.cap * 2 : 256;
            ar_token *p = realloc(T.t, cap * sizeof *p);
            if (!p) {
                err = AR_ENOMEM;
                goto done;
            }
            T.t = p;
            T.cap = cap;
        }
        T.t[T.n++] = tok;
    }
    wrapped = o && o->mode == AR_SENT_WRAPPED;
    width = o && o->mode == AR_SENT_AUTO ? looks_wrapped(T.s, len) : 0;
    for (k = 0; k < T.n; k++) {
        size_t l;
        int32_t c;
        if (start != (size_t)-1) {
            gap_t g = gap_of(&T, last_end, T.t[k].start);
            if (g.blank || (g.newlines && !wrapped && !soft_break(&T, last_end, T.t[k].start, width))) {
                if ((err = push_span(out, start, last_end))) goto done;
                start = (size_t)-1;
            }
        }
        if (start == (size_t)-1) start = T.t[k].start;
        last_end = T.t[k].end;
        c = cp_at(T.s, len, T.t[k].start, &l);
        if (T.t[k].kind == AR_TOK_PUNCT && is_terminal(c) && tok_all(&T, k, is_terminal)) {
            size_t a = k, b = k, cl;
            /* the run of terminal marks, then the closers, all touching */
            while (b + 1 < T.n && T.t[b + 1].kind == AR_TOK_PUNCT && gap_of(&T, T.t[b].end, T.t[b + 1].start).touching &&
                   tok_all(&T, b + 1, is_terminal))
                b++;
            cl = b;
            while (cl + 1 < T.n && T.t[cl + 1].kind == AR_TOK_PUNCT && gap_of(&T, T.t[cl].end, T.t[cl + 1].start).touching &&
                   tok_all(&T, cl + 1, is_closer))
                cl++;
            k = cl;
            last_end = T.t[cl].end;
            if (boundary(&T, a, b, cl, o, wrapped, width, &tmp)) {
                /* invisible marks right after stay on the left */
                size_t e = last_end, l2;
                while (e < len) {
                    int32_t f = cp_at(T.s, len, e, &l2);
                    if (ar_char_class(f) != AR_C_FORMAT) break;
                    e += l2;
                }
                if ((err = push_span(out, start, e))) goto done;
                start = (size_t)-1;
            }
        }
    }
    if (start != (size_t)-1) err = push_span(out, start, last_end);
done:
    free(T.t);
    ar_buf_free(&tmp);
    return err;
}
