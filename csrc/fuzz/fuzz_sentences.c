/*
 * fuzz_sentences.c — the sentence splitter in its three modes, with and
 * without abbreviations.
 *
 * Input: byte 0 holds the mode (modulo 3: lines, wrapped, auto) and flags:
 * 0x04 use a built-in abbreviation set, 0x08 abbreviations from the input
 * (then a count byte, modulo 8, and that many lines, each added with
 * ar_abbrevs_add), 0x10 a given wrap width (then one byte). The rest is
 * the text.
 *
 * Oracles:
 *   - ar_sentences() succeeds; spans are non-empty, in bounds, increasing
 *     and non-overlapping, and start on a non-space character;
 *   - nothing but white space lies outside the spans (every character of
 *     the text belongs to some sentence);
 *   - o == NULL is lines mode without abbreviations; the wrap width matters
 *     only in auto mode, where a width of 0 means the detected one
 *     (ar_wrap_width());
 *   - ar_abbrevs_add() accepts every non-empty line without NUL, and the
 *     count grows by at most one per add.
 */
#include "fuzz_common.h"

static ar_abbrevs *builtin;
static ar_spans sp, sp2;

static const char *const builtin_list[] = {
    "د.", "ق.م.", "ص.ب.", "إلخ.", "هـ.", "م.", "أ.د.", "ج.م.ع.", "Dr.", "U.S.", "etc.", "e.g.", "No.",
    "St.", "ت.", "ش.م.م.", NULL};

static void add_builtins(ar_abbrevs *a)
{
    size_t i;
    for (i = 0; builtin_list[i]; i++)
        FUZZ_CHECK(ar_abbrevs_add(a, builtin_list[i], strlen(builtin_list[i])) == AR_OK, "add %s",
                   builtin_list[i]);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    int err;
    (void)argc;
    (void)argv;
    builtin = ar_abbrevs_new(&err);
    FUZZ_CHECK(builtin != NULL, "ar_abbrevs_new: %s", ar_strerror(err));
    add_builtins(builtin);
    return 0;
}

static int gap_at(const char *s, size_t len, size_t i, size_t *l)
{
    int32_t c;
    *l = ar_utf8_decode(s + i, len - i, &c);
    return fuzz_is_gap_class(ar_char_class(c));
}

static void check_spans(const char *s, size_t len, const ar_spans *x, const char *what)
{
    size_t i, prev = 0, l;
    for (i = 0; i < x->n; i++) {
        const ar_span *p = &x->v[i];
        size_t k;
        FUZZ_CHECK(p->start < p->end && p->end <= len && p->start >= prev,
                   "%s: span %zu [%zu, %zu) after %zu in %zu bytes", what, i, p->start, p->end, prev, len);
        FUZZ_CHECK(!gap_at(s, len, p->start, &l), "%s: span %zu starts with white space at %zu", what, i,
                   p->start);
        /* only white space between the previous span and this one */
        for (k = prev; k < p->start; k += l)
            FUZZ_CHECK(gap_at(s, len, k, &l), "%s: text at byte %zu outside every sentence (before span %zu [%zu, %zu))",
                       what, k, i, p->start, p->end);
        prev = p->end;
    }
    for (; prev < len; prev += l)
        FUZZ_CHECK(gap_at(s, len, prev, &l), "%s: text at byte %zu after the last sentence", what, prev);
}

static int same_spans(const ar_spans *a, const ar_spans *b)
{
    return a->n == b->n && (a->n == 0 || memcmp(a->v, b->v, a->n * sizeof *a->v) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bytes in = {data, size};
    unsigned head = fuzz_take(&in);
    ar_sent_opts o;
    ar_abbrevs *own = NULL;
    const char *s;
    size_t len, w;
    int rc;

    memset(&o, 0, sizeof o);
    o.mode = (int)(head % 3);
    if (head & 0x10) o.wrap_width = fuzz_take(&in);
    if (head & 0x04) o.abbrevs = builtin;
    if (head & 0x08) {
        unsigned k = fuzz_take(&in) % 8, i;
        int err;
        own = ar_abbrevs_new(&err);
        FUZZ_CHECK(own != NULL, "ar_abbrevs_new: %s", ar_strerror(err));
        if (head & 0x04) add_builtins(own);
        for (i = 0; i < k && in.n > 0; i++) {
            const char *line = (const char *)in.p;
            const char *nl = memchr(line, '\n', in.n);
            size_t l = nl ? (size_t)(nl - line) : in.n, t = l, before = ar_abbrevs_count(own);
            int expect_ok;
            in.p += nl ? l + 1 : l;
            in.n -= nl ? l + 1 : l;
            /* ar_abbrevs_add trims spaces and tabs (and \r at the end) */
            while (t && (line[t - 1] == ' ' || line[t - 1] == '\t' || line[t - 1] == '\r')) t--;
            {
                size_t a = 0;
                while (a < t && (line[a] == ' ' || line[a] == '\t')) a++;
                expect_ok = a < t && !memchr(line + a, '\0', t - a);
            }
            rc = ar_abbrevs_add(own, line, l);
            if (expect_ok) FUZZ_CHECK(rc == AR_OK, "ar_abbrevs_add: %s", ar_strerror(rc));
            else FUZZ_CHECK(rc == AR_EVALUE, "ar_abbrevs_add of an empty/NUL line: %d", rc);
            FUZZ_CHECK(ar_abbrevs_count(own) - before <= (rc == AR_OK), "count after an add");
        }
        o.abbrevs = own;
    }
    s = (const char *)in.p;
    len = in.n;

    rc = ar_sentences(s, len, &o, &sp);
    FUZZ_CHECK(rc == AR_OK, "ar_sentences: %s", ar_strerror(rc));
    check_spans(s, len, &sp, "spans");

    w = ar_wrap_width(s, len);
    FUZZ_CHECK(w == ar_wrap_width(s, len), "ar_wrap_width is not deterministic");
    if (o.mode == AR_SENT_AUTO) {
        if (o.wrap_width == 0 || o.wrap_width == w) {
            ar_sent_opts o2 = o;
            o2.wrap_width = o.wrap_width ? 0 : w;
            FUZZ_CHECK(ar_sentences(s, len, &o2, &sp2) == AR_OK && same_spans(&sp, &sp2),
                       "auto mode: width 0 differs from the detected width %zu", w);
        }
    } else {
        ar_sent_opts o2 = o;
        o2.wrap_width = o.wrap_width ? 0 : 72;
        FUZZ_CHECK(ar_sentences(s, len, &o2, &sp2) == AR_OK && same_spans(&sp, &sp2),
                   "mode %d depends on the wrap width", o.mode);
        if (o.mode == AR_SENT_LINES && o.abbrevs == NULL) {
            FUZZ_CHECK(ar_sentences(s, len, NULL, &sp2) == AR_OK && same_spans(&sp, &sp2),
                       "NULL options differ from lines mode");
        }
    }
    ar_abbrevs_free(own);
    return 0;
}
