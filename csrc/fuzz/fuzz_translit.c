/*
 * fuzz_translit.c — transliteration, every scheme, both directions.
 *
 * Input: byte 0 chooses the scheme (low bits, modulo 7: buckwalter,
 * safe-buckwalter, xml-buckwalter, hsb, ala-lc, din, ijmes) and strict mode
 * (0x40); the rest is the text.
 *
 * Oracles:
 *   - ar_translit_run() succeeds (strict: AR_EUTF8 exactly when the text is
 *     invalid UTF-8, at the offset it reports, with no output); the output
 *     is valid UTF-8, NUL-terminated, at most ar_translit_bound(len); the
 *     invalid count is 0 exactly for valid text; display schemes count no
 *     more approximate words than words;
 *   - the same output without a map and through ar_translit_into() (a
 *     large buffer, the exact size, and AR_ESPACE with the needed size one
 *     byte short);
 *   - ROUND TRIP: for the reversible schemes and valid UTF-8,
 *     reverse(forward(s)) == s with no malformed escape; the reverse
 *     direction on the raw input (any bytes) succeeds with valid UTF-8 out,
 *     and forward then reverse of that output gives it back;
 *   - the offset map of forward and reverse: lengths; every output byte
 *     maps to a non-empty source range inside the source, monotone; every
 *     source byte to an output range inside the output, monotone; the
 *     whole source to the whole output; an output byte lies inside the
 *     target of its own source; out-of-range queries fail with AR_EARG;
 *   - words: each whitespace-separated word of the source maps to an
 *     output range bounded by white space, which maps back into the word
 *     (exactly the word for the reversible schemes, where every character
 *     writes something).
 */
#include "fuzz_common.h"

#define NSCHEMES 7
static const char *names[NSCHEMES] = {"buckwalter", "safe-buckwalter", "xml-buckwalter", "hsb",
                                      "ala-lc", "din", "ijmes"};
static ar_translit *fw[NSCHEMES][2], *bw[4][2];
static ar_map *map;
static ar_buf out, plain, back, again, canon;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    size_t i, k;
    ar_error err;
    (void)argc;
    (void)argv;
    for (i = 0; i < NSCHEMES; i++)
        for (k = 0; k < 2; k++) {
            fw[i][k] = ar_translit_new(names[i], k ? AR_TL_STRICT : 0, &err);
            FUZZ_CHECK(fw[i][k] != NULL, "ar_translit_new(%s): %s", names[i], err.message);
            if (i < 4) {
                bw[i][k] = ar_translit_new(names[i], AR_TL_REVERSE | (k ? AR_TL_STRICT : 0), &err);
                FUZZ_CHECK(bw[i][k] != NULL, "reverse %s: %s", names[i], err.message);
            }
        }
    map = ar_map_new();
    FUZZ_CHECK(map != NULL, "ar_map_new");
    return 0;
}

static void check_map(size_t len, size_t olen)
{
    size_t o, s, s0, s1, o0, o1, prev0 = 0, prev1 = 0;
    FUZZ_CHECK(ar_map_source_len(map) == len && ar_map_target_len(map) == olen, "map lengths %zu/%zu, expected %zu/%zu",
               ar_map_source_len(map), ar_map_target_len(map), len, olen);
    for (o = 0; o < olen; o++) {
        FUZZ_CHECK(ar_map_source(map, o, o + 1, &s0, &s1) == AR_OK, "source(%zu)", o);
        FUZZ_CHECK(s0 < s1 && s1 <= len, "output byte %zu -> source [%zu, %zu) of %zu", o, s0, s1, len);
        FUZZ_CHECK(s0 >= prev0 && s1 >= prev1, "source not monotone at output byte %zu", o);
        prev0 = s0;
        prev1 = s1;
        FUZZ_CHECK(ar_map_target(map, s0, s1, &o0, &o1) == AR_OK && o0 <= o && o < o1,
                   "output byte %zu not inside the target [%zu, %zu) of its source [%zu, %zu)", o, o0, o1, s0, s1);
    }
    prev0 = prev1 = 0;
    for (s = 0; s < len; s++) {
        FUZZ_CHECK(ar_map_target(map, s, s + 1, &o0, &o1) == AR_OK, "target(%zu)", s);
        FUZZ_CHECK(o0 <= o1 && o1 <= olen, "source byte %zu -> output [%zu, %zu) of %zu", s, o0, o1, olen);
        FUZZ_CHECK(o0 >= prev0 && o1 >= prev1, "target not monotone at source byte %zu", s);
        prev0 = o0;
        prev1 = o1;
    }
    if (len > 0)
        FUZZ_CHECK(ar_map_target(map, 0, len, &o0, &o1) == AR_OK && o0 == 0 && o1 == olen,
                   "whole source -> [%zu, %zu), expected [0, %zu)", o0, o1, olen);
    if (olen > 0)
        FUZZ_CHECK(ar_map_source(map, 0, olen, &s0, &s1) == AR_OK && s1 == len, "whole output -> [%zu, %zu)", s0, s1);
    FUZZ_CHECK(ar_map_source(map, 0, olen + 1, &s0, &s1) == AR_EARG, "source past the end");
    FUZZ_CHECK(ar_map_target(map, 0, len + 1, &o0, &o1) == AR_EARG, "target past the end");
}

static int ws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Each whitespace-separated word of src: its output is bounded by white
 * space and maps back into the word (exactly onto it when exact). */
static void check_words(const char *src, size_t len, const ar_buf *o, int exact)
{
    size_t p = 0;
    while (p < len) {
        size_t a, b, x, y, s0, s1;
        while (p < len && ws((unsigned char)src[p])) p++;
        if (p >= len) break;
        a = p;
        while (p < len && !ws((unsigned char)src[p])) p++;
        b = p;
        FUZZ_CHECK(ar_map_target(map, a, b, &x, &y) == AR_OK, "target of word [%zu, %zu)", a, b);
        {
            /* a word that wrote nothing belongs to what comes before it */
            size_t i = x;
            while (i < y && ws((unsigned char)o->data[i])) i++;
            if (i == y) {
                FUZZ_CHECK(!exact, "word [%zu, %zu) wrote nothing", a, b);
                continue;
            }
        }
        FUZZ_CHECK((x == 0 || ws((unsigned char)o->data[x - 1])) && (y == o->len || ws((unsigned char)o->data[y])),
                   "word [%zu, %zu) -> output [%zu, %zu) not bounded by white space", a, b, x, y);
        FUZZ_CHECK(ar_map_source(map, x, y, &s0, &s1) == AR_OK && s0 >= a && s1 <= b && s0 < s1,
                   "word [%zu, %zu) -> output [%zu, %zu) -> source [%zu, %zu)", a, b, x, y, s0, s1);
        if (exact) FUZZ_CHECK(s0 == a && s1 == b, "word [%zu, %zu) maps back to [%zu, %zu)", a, b, s0, s1);
    }
}

static void check_into(const ar_translit *t, const char *text, size_t len, const ar_buf *o)
{
    size_t need = 0, cap = ar_translit_bound(len);
    char *dst = malloc(cap ? cap : 1);
    FUZZ_CHECK(dst != NULL, "malloc");
    FUZZ_CHECK(ar_translit_into(t, text, len, dst, cap, &need, NULL, NULL) == AR_OK && need == o->len &&
                   memcmp(dst, o->data, o->len) == 0,
               "ar_translit_into (bound) differs");
    FUZZ_CHECK(ar_translit_into(t, text, len, dst, o->len, &need, NULL, NULL) == AR_OK && need == o->len &&
                   memcmp(dst, o->data, o->len) == 0,
               "ar_translit_into (exact) differs");
    if (o->len > 0)
        FUZZ_CHECK(ar_translit_into(t, text, len, dst, o->len - 1, &need, NULL, NULL) == AR_ESPACE && need == o->len,
                   "ar_translit_into with a short buffer");
    free(dst);
}

/* One direction: the run, its output, its map, the variants. */
static void check_run(const ar_translit *t, const char *text, size_t len, int strict, int exact_words,
                      ar_translit_stats *st)
{
    int valid = fuzz_valid_utf8(text, len), rc;
    memset(st, 0xAB, sizeof *st);
    rc = ar_translit_run(t, text, len, &out, map, st);
    if (strict && !valid) {
        int32_t c;
        FUZZ_CHECK(rc == AR_EUTF8, "strict mode accepted invalid UTF-8 (%d)", rc);
        FUZZ_CHECK(st->invalid >= 1 && st->first_invalid < len, "stats after AR_EUTF8");
        ar_utf8_decode(text + st->first_invalid, len - st->first_invalid, &c);
        FUZZ_CHECK(c < 0 && fuzz_valid_utf8(text, st->first_invalid), "first_invalid %zu", st->first_invalid);
        FUZZ_CHECK(out.len == 0, "output after an error");
        return;
    }
    FUZZ_CHECK(rc == AR_OK, "ar_translit_run: %s", ar_strerror(rc));
    FUZZ_CHECK(out.data != NULL && out.data[out.len] == '\0', "output not NUL-terminated");
    FUZZ_CHECK(out.len <= ar_translit_bound(len), "output %zu > bound %zu", out.len, ar_translit_bound(len));
    FUZZ_CHECK(fuzz_valid_utf8(out.data, out.len), "output is not valid UTF-8");
    FUZZ_CHECK((st->invalid == 0) == valid, "stats.invalid = %zu", st->invalid);
    FUZZ_CHECK(st->approximate <= st->words, "approximate %zu > words %zu", st->approximate, st->words);
    check_map(len, out.len);
    check_words(text, len, &out, exact_words);
    FUZZ_CHECK(ar_translit_run(t, text, len, &plain, NULL, NULL) == AR_OK && plain.len == out.len &&
                   memcmp(plain.data, out.data, out.len) == 0,
               "output differs without a map");
    check_into(t, text, len, &out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bytes in = {data, size};
    unsigned head = fuzz_take(&in);
    size_t k = head % NSCHEMES;
    int strict = (head & 0x40) != 0;
    const char *text = (const char *)in.p;
    size_t len = in.n;
    ar_translit_stats st;

    check_run(fw[k][strict], text, len, strict, k < 4, &st);
    if (k >= 4) return 0;

    /* ROUND TRIP: reverse(forward(s)) == s */
    if (fuzz_valid_utf8(text, len)) {
        FUZZ_CHECK(ar_translit_run(bw[k][0], out.data, out.len, &back, NULL, &st) == AR_OK, "reverse");
        FUZZ_CHECK(st.malformed == 0, "forward output has %zu malformed escapes", st.malformed);
        if (back.len != len || memcmp(back.data, text, len) != 0) {
            size_t i;
            fprintf(stderr, "%s input:", names[k]);
            for (i = 0; i < len; i++) fprintf(stderr, " %02x", (unsigned char)text[i]);
            fprintf(stderr, "\nforward:");
            for (i = 0; i < out.len; i++) fprintf(stderr, " %02x", (unsigned char)out.data[i]);
            fprintf(stderr, "\nreverse:");
            for (i = 0; i < back.len; i++) fprintf(stderr, " %02x", (unsigned char)back.data[i]);
            fputc('\n', stderr);
            FUZZ_CHECK(0, "reverse(forward(s)) != s");
        }
    }

    /* the reverse direction on the raw input: any bytes */
    check_run(bw[k][strict], text, len, strict, 1, &st);
    if (strict && !fuzz_valid_utf8(text, len)) return 0;
    /* its output is valid UTF-8, so it survives a round trip of its own */
    FUZZ_CHECK(ar_translit_run(fw[k][0], out.data, out.len, &canon, NULL, NULL) == AR_OK, "forward of reverse");
    FUZZ_CHECK(ar_translit_run(bw[k][0], canon.data, canon.len, &again, NULL, &st) == AR_OK && st.malformed == 0 &&
                   again.len == out.len && memcmp(again.data, out.data, out.len) == 0,
               "reverse(forward(reverse(x))) != reverse(x)");
    return 0;
}
