/*
 * test_sentblocks.c — the sentence splitter passes sixteen-byte blocks it
 * need not look at (csrc/sentences.c, SSE2); without that step it is the
 * byte loop alone. Both must give the same spans on any input: this
 * compiles the splitter a second time with AR_SENT_SCALAR (its public
 * names renamed) and compares the two on texts built at random from
 * Arabic words, every terminal, newline, closer, quote and format mark
 * the splitter knows, numbers, abbreviations, non-Arabic letters and
 * broken UTF-8 (a D8 lead before a newline, a stray continuation byte, a
 * ؟ cut in two), in the three modes, with and without abbreviations.
 * Prints "N passed, N failed".
 */
#define AR_SENT_SCALAR 1
#define ar_abbrevs_new scalar_abbrevs_new
#define ar_abbrevs_free scalar_abbrevs_free
#define ar_abbrevs_count scalar_abbrevs_count
#define ar_abbrevs_add scalar_abbrevs_add
#define ar_abbrevs_load scalar_abbrevs_load
#define ar_spans_free scalar_spans_free
#define ar_wrap_width scalar_wrap_width
#define ar_sentences scalar_sentences
#include "../../csrc/sentences.c"
#undef ar_abbrevs_new
#undef ar_abbrevs_free
#undef ar_abbrevs_count
#undef ar_abbrevs_add
#undef ar_abbrevs_load
#undef ar_spans_free
#undef ar_wrap_width
#undef ar_sentences

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"

int ar_sentences(const char *text, size_t len, const ar_sent_opts *o, ar_spans *out);
ar_abbrevs *ar_abbrevs_new(int *err);
int ar_abbrevs_add(ar_abbrevs *a, const char *s, size_t len);
void ar_abbrevs_free(ar_abbrevs *a);
void ar_spans_free(ar_spans *sp);

static const char *const pieces[] = {
    "\xd9\x82\xd8\xa7\xd9\x84", /* قال */
    "\xd8\xa7\xd9\x84\xd9\x88\xd8\xb2\xd9\x8a\xd8\xb1", /* الوزير */
    "\xd8\xb3\xd8\xa4\xd8\xa7\xd9\x84", /* سؤال */
    "\xd8\xb9\xd9\x85\xd8\xa7\xd9\x86", /* عمان */
    "\xd9\x85\xd8\xb5\xd8\xb1", /* مصر */
    "\xd8\xaa\xd8\xad\xd9\x82\xd9\x8a\xd9\x82\xd8\xa7\xd8\xaa", /* تحقيقات */
    " ", " ", " ", "  ", "\t",
    ".", ". ", "!", "?", "\xd8\x9f", "\xd8\x9f ", "\xdb\x94", "\xe2\x80\xa6", "...",
    "\n", "\n\n", "\r\n", "\xe2\x80\xa8", "\xe2\x80\xa9", "\x0b", "\x0c",
    "\xc2\xbb", "\xc2\xab", "\xe2\x80\x9d", "\xe2\x80\x9c", "\"", "'", ")", "(", "]", "\xef\xb4\xbf",
    "\xe2\x80\x8f", "\xe2\x80\x8e", "\xe2\x80\x8c", "\xc2\xa0", "\xd8\x8c", "\xd8\x9b", ",", ";", ":",
    "3.5", "10.1.2024", "\xd9\xa3\xd9\xab\xd9\xa5", "1. ", "2. ", "a. ",
    "\xd8\xaf.", "\xd9\x85.", "\xd9\x82.\xd9\x85.", "\xd8\xa5\xd9\x84\xd8\xae.", "1950 \xd9\x85.",
    "(\xd9\x88.\xd9\x85.\xd8\xa3.)", "https://example.org/a.b", "x@y.org",
    "\xdb\x8c", "\xda\xa9", "\xdb\xb1\xdb\xb2", "Word", "abc", "\xe3\x80\x82", "\xef\xbc\x81",
    "\xd8", "\xd8\n", "\xd8\xd8\n", "\x9f", "\xd8 \x9f", "\xd9\x9f", "\xdb\x9f", "\xe2\x80\x9f", "\xff", "\xc2",
    "\xf0\x9f\x98\x80", "\xd8\xa7\xd9\x84\xd8\xa7\xd8\xac\xd8\xaa\xd9\x85\xd8\xa7\xd8\xb9.\xd9\x88\xd8\xa8\xd8\xaf\xd8\xa3",
};
#define NPIECES (sizeof pieces / sizeof pieces[0])

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int same(const ar_spans *a, const ar_spans *b)
{
    size_t i;
    if (a->n != b->n) return 0;
    for (i = 0; i < a->n; i++)
        if (a->v[i].start != b->v[i].start || a->v[i].end != b->v[i].end) return 0;
    return 1;
}

int main(void)
{
    char text[4096];
    ar_spans a, b;
    int err = 0, mode;
    size_t bad[3] = {0, 0, 0};
    size_t k, n, len;
    ar_abbrevs *ab = ar_abbrevs_new(&err);
    static const char *const abbrevs[] = {"\xd8\xaf", "\xd9\x85", "\xd9\x82.\xd9\x85", "\xd8\xa5\xd9\x84\xd8\xae"};
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    CHECK(ab != NULL, "abbreviations");
    if (!ab) return 1;
    for (k = 0; k < sizeof abbrevs / sizeof abbrevs[0]; k++) ar_abbrevs_add(ab, abbrevs[k], strlen(abbrevs[k]));
    for (k = 0; k < 150000; k++) {
        size_t want = (size_t)(next() % 300);
        /* mostly Arabic words and spaces, as text is; now and then anything */
        len = 0;
        while (len < want) {
            uint64_t r = next();
            const char *p = (r & 3) ? pieces[r % 6] : pieces[(r >> 8) % NPIECES];
            if ((r & 0x3F) == 1) p = (r >> 16) % 2 ? " " : pieces[6];
            n = strlen(p);
            if (p == pieces[0] && (r >> 20) % 97 == 0) n = 0; /* (room for a raw byte) */
            if (len + n + 1 >= sizeof text) break;
            memcpy(text + len, p, n);
            len += n;
            if ((r >> 32) % 211 == 0) text[len++] = (char)(next() & 0xFF);
        }
        for (mode = 0; mode < 3; mode++) {
            ar_sent_opts o;
            int e1, e2;
            memset(&o, 0, sizeof o);
            o.mode = mode;
            o.abbrevs = (k & 1) ? ab : NULL;
            e1 = ar_sentences(text, len, &o, &a);
            e2 = scalar_sentences(text, len, &o, &b);
            if ((e1 != e2 || !same(&a, &b)) && bad[mode]++ < 3)
                fprintf(stderr, "text %zu (%zu bytes), mode %d: %zu spans against %zu\n", k, len, mode, a.n, b.n);
        }
    }
    for (mode = 0; mode < 3; mode++) CHECK(bad[mode] == 0, "mode %d: %zu texts split otherwise", mode, bad[mode]);
    ar_spans_free(&a);
    ar_spans_free(&b);
    ar_abbrevs_free(ab);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
