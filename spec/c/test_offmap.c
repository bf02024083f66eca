/*
 * test_offmap.c — the offset map (csrc/offmap.c) at its boundaries, in C:
 * the start and the end of the text, a removed character first and last,
 * runs of removed characters, an expansion, and each side of every anchor
 * the map's binary search looks for. Every expected range is written by
 * hand from the byte layout of the input (given next to each case), so an
 * off-by-one in the search or in a segment's arithmetic fails here.
 * Ranges are 0-based, half-open [first, end). Prints "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arabic.h"
#include "offmap.h"

#include "check.h"

static ar_normalizer *norm_with(const char *preset, const char *key, const char *value)
{
    ar_norm_options o;
    ar_normalizer *n;
    if (ar_norm_options_preset(&o, preset) != AR_OK) abort();
    if (key && ar_norm_options_set(&o, key, value) != AR_OK) abort();
    n = ar_normalizer_new(&o, NULL);
    if (!n) abort();
    return n;
}

/* Normalize s into b with map m, checking the output. */
static void run(const ar_normalizer *n, const char *s, ar_buf *b, ar_map *m, const char *want)
{
    int err = ar_normalize(n, s, strlen(s), b, m, NULL);
    CHECK(err == AR_OK && strcmp(b->data, want) == 0, "normalize \"%s\" -> \"%s\", want \"%s\"", s,
          err == AR_OK ? b->data : "(error)", want);
    CHECK(ar_map_source_len(m) == strlen(s) && ar_map_target_len(m) == strlen(want),
          "map lengths %zu %zu for \"%s\"", ar_map_source_len(m), ar_map_target_len(m), s);
}

#define SRC(m, o0, o1, w0, w1, what) expect_range(m, 1, o0, o1, w0, w1, what, __LINE__)
#define TGT(m, s0, s1, w0, w1, what) expect_range(m, 0, s0, s1, w0, w1, what, __LINE__)

static void expect_range(const ar_map *m, int source, size_t a, size_t b, size_t w0, size_t w1,
                         const char *what, int line)
{
    size_t x = 999, y = 999;
    int err = source ? ar_map_source(m, a, b, &x, &y) : ar_map_target(m, a, b, &x, &y);
    CHECK(err == AR_OK && x == w0 && y == w1, "line %d: %s: %s(%zu, %zu) = (%zu, %zu) err %d, want (%zu, %zu)",
          line, what, source ? "source" : "target", a, b, x, y, err, w0, w1);
}

/* Plain text: no anchors, identity at both ends. */
static void test_identity(void)
{
    ar_normalizer *n = norm_with("display", NULL, NULL);
    ar_buf b = {0};
    ar_map *m = ar_map_new();
    size_t x, y;
    run(n, "abc", &b, m, "abc");
    CHECK(ar_map_anchors(m) == 0, "no anchors for unchanged text: %zu", ar_map_anchors(m));
    SRC(m, 0, 1, 0, 1, "first byte");
    SRC(m, 2, 3, 2, 3, "last byte");
    SRC(m, 0, 3, 0, 3, "all");
    SRC(m, 0, 0, 0, 0, "start point");
    SRC(m, 3, 3, 3, 3, "end point");
    TGT(m, 0, 1, 0, 1, "first byte");
    TGT(m, 2, 3, 2, 3, "last byte");
    TGT(m, 3, 3, 3, 3, "end point");
    CHECK(ar_map_source(m, 0, 4, &x, &y) == AR_EARG, "past the output end");
    CHECK(ar_map_source(m, 2, 1, &x, &y) == AR_EARG, "reversed range");
    CHECK(ar_map_target(m, 0, 4, &x, &y) == AR_EARG, "past the source end");
    CHECK(ar_map_target(m, 3, 2, &x, &y) == AR_EARG, "reversed range");
    CHECK(ar_map_source(NULL, 0, 0, &x, &y) == AR_EARG, "no map");
    ar_map_free(m);
    ar_buf_free(&b);
    ar_normalizer_free(n);
}

/* A removed character first: fatha (0..2) ب (2..4) ا (4..6) -> "با". The
 * fatha has no character before it: it belongs to no output. */
static void test_removed_first(void)
{
    ar_normalizer *n = norm_with("search", NULL, NULL);
    ar_buf b = {0};
    ar_map *m = ar_map_new();
    run(n, "\xd9\x8e" "با", &b, m, "با");
    SRC(m, 0, 2, 2, 4, "beh");
    SRC(m, 0, 1, 2, 3, "first byte of beh");
    SRC(m, 2, 4, 4, 6, "alef");
    SRC(m, 3, 4, 5, 6, "last byte");
    SRC(m, 0, 4, 2, 6, "all");
    SRC(m, 0, 0, 2, 2, "start point");
    SRC(m, 4, 4, 6, 6, "end point");
    TGT(m, 0, 2, 0, 0, "the removed fatha: empty");
    TGT(m, 0, 1, 0, 0, "half the fatha: empty");
    TGT(m, 1, 2, 0, 0, "its other half: empty");
    TGT(m, 2, 4, 0, 2, "beh");
    TGT(m, 0, 4, 0, 2, "fatha and beh");
    TGT(m, 4, 6, 2, 4, "alef");
    TGT(m, 0, 6, 0, 4, "all");
    TGT(m, 6, 6, 4, 4, "end point");
    ar_map_free(m);
    ar_buf_free(&b);
    ar_normalizer_free(n);
}

/* A removed character last: ب (0..2) fatha (2..4) -> "ب". */
static void test_removed_last(void)
{
    ar_normalizer *n = norm_with("search", NULL, NULL);
    ar_buf b = {0};
    ar_map *m = ar_map_new();
    run(n, "ب\xd9\x8e", &b, m, "ب");
    SRC(m, 0, 2, 0, 4, "beh takes its fatha");
    SRC(m, 0, 1, 0, 4, "a byte of the unit: the whole unit");
    SRC(m, 1, 2, 0, 4, "its last byte: the whole unit");
    SRC(m, 0, 0, 0, 0, "start point");
    SRC(m, 2, 2, 4, 4, "end point: after the fatha");
    TGT(m, 0, 2, 0, 2, "beh");
    TGT(m, 2, 4, 0, 2, "the fatha: its unit");
    TGT(m, 3, 4, 0, 2, "the fatha's last byte");
    TGT(m, 4, 4, 2, 2, "end point");
    ar_map_free(m);
    ar_buf_free(&b);
    ar_normalizer_free(n);
}

/* Anchors one after another: ا (0..2) fatha (2..4) ب (4..6) kasra (6..8)
 * ج (8..10) د (10..12) -> "ابجد" (ا 0..2, ب 2..4, ج 4..6, د 6..8). Two
 * atomic units, then a linear stretch shifted by 4. */
static void test_anchor_boundaries(void)
{
    ar_normalizer *n = norm_with("search", NULL, NULL);
    ar_buf b = {0};
    ar_map *m = ar_map_new();
    run(n, "ا\xd9\x8e" "ب\xd9\x90" "جد", &b, m, "ابجد");
    CHECK(ar_map_anchors(m) == 3, "anchors %zu, want 3 (two units share a boundary)", ar_map_anchors(m));
    SRC(m, 0, 2, 0, 4, "alef unit");
    SRC(m, 1, 2, 0, 4, "last byte of the alef unit");
    SRC(m, 2, 4, 4, 8, "beh unit: starts at the anchor");
    SRC(m, 2, 3, 4, 8, "first byte of the beh unit");
    SRC(m, 3, 4, 4, 8, "last byte of the beh unit");
    SRC(m, 1, 3, 0, 8, "across the anchor between the units");
    SRC(m, 4, 6, 8, 10, "jeem: the linear stretch starts at the anchor");
    SRC(m, 4, 5, 8, 9, "first byte after the anchor");
    SRC(m, 3, 5, 4, 9, "across the anchor into the linear stretch");
    SRC(m, 6, 8, 10, 12, "dal");
    SRC(m, 7, 8, 11, 12, "the last byte");
    SRC(m, 0, 8, 0, 12, "all");
    SRC(m, 2, 2, 4, 4, "point at the second anchor");
    SRC(m, 4, 4, 8, 8, "point at the third anchor");
    SRC(m, 8, 8, 12, 12, "end point");
    TGT(m, 0, 2, 0, 2, "alef");
    TGT(m, 2, 4, 0, 2, "its fatha");
    TGT(m, 4, 6, 2, 4, "beh, at the anchor");
    TGT(m, 3, 5, 0, 4, "across the anchor");
    TGT(m, 6, 8, 2, 4, "the kasra");
    TGT(m, 7, 9, 2, 5, "across the third anchor");
    TGT(m, 8, 10, 4, 6, "jeem, at the third anchor");
    TGT(m, 8, 9, 4, 5, "first byte after it");
    TGT(m, 10, 12, 6, 8, "dal");
    TGT(m, 11, 12, 7, 8, "the last byte");
    TGT(m, 4, 4, 2, 2, "point at an atomic anchor");
    TGT(m, 8, 8, 4, 4, "point at the linear anchor");
    TGT(m, 12, 12, 8, 8, "end point");
    ar_map_free(m);
    ar_buf_free(&b);
    ar_normalizer_free(n);
}

/* A run of removed characters between kept ones: ب (0..2), three tatweels
 * (2..8), a fatha (8..10), ت (10..12) -> "بت". */
static void test_removed_run(void)
{
    ar_normalizer *n = norm_with("search", NULL, NULL);
    ar_buf b = {0};
    ar_map *m = ar_map_new();
    run(n, "بـــ\xd9\x8e" "ت", &b, m, "بت");
    SRC(m, 0, 2, 0, 10, "beh with everything removed after it");
    SRC(m, 2, 4, 10, 12, "teh");
    SRC(m, 2, 2, 10, 10, "point before teh");
    TGT(m, 2, 4, 0, 2, "the first tatweel");
    TGT(m, 8, 10, 0, 2, "the fatha");
    TGT(m, 9, 11, 0, 3, "the fatha's last byte and teh's first (a linear byte maps alone)");
    TGT(m, 10, 12, 2, 4, "teh");
    ar_map_free(m);
    ar_buf_free(&b);
    ar_normalizer_free(n);
}

/* An expansion: ا (0..2) U+FDFA (2..5) ب (5..7) with word ligatures; the
 * ligature becomes E bytes at 2..2+E and maps as one unit. */
static void test_expansion(void)
{
    const char *words = "صلى الله عليه وسلم";
    size_t e = strlen(words);
    ar_normalizer *n = norm_with("display", "word_ligatures", "true");
    ar_buf b = {0};
    ar_map *m = ar_map_new();
    char want[128];
    snprintf(want, sizeof want, "ا%sب", words);
    run(n, "ا\xef\xb7\xba" "ب", &b, m, want);
    SRC(m, 0, 2, 0, 2, "alef before it");
    SRC(m, 1, 2, 1, 2, "alef's last byte");
    SRC(m, 2, 3, 2, 5, "the first output byte of the expansion: the whole ligature");
    SRC(m, 2 + e - 1, 2 + e, 2, 5, "its last output byte: the whole ligature");
    SRC(m, 6, 9, 2, 5, "bytes inside it");
    SRC(m, 2, 2 + e, 2, 5, "all of it");
    SRC(m, 2 + e, 2 + e + 2, 5, 7, "beh after it, at the anchor");
    SRC(m, 2 + e, 2 + e + 1, 5, 6, "beh's first byte");
    SRC(m, 1, 3, 1, 5, "alef's last byte and the expansion's first");
    SRC(m, 2 + e - 1, 2 + e + 1, 2, 6, "across the anchor after it");
    SRC(m, 2 + e, 2 + e, 5, 5, "point after it");
    SRC(m, 2 + e + 2, 2 + e + 2, 7, 7, "end point");
    TGT(m, 2, 5, 2, 2 + e, "the ligature");
    TGT(m, 3, 4, 2, 2 + e, "its middle byte");
    TGT(m, 4, 5, 2, 2 + e, "its last byte");
    TGT(m, 5, 7, 2 + e, 2 + e + 2, "beh");
    TGT(m, 4, 6, 2, 2 + e + 1, "across the anchor after it");
    TGT(m, 0, 3, 0, 2 + e, "alef and the ligature's first byte");
    TGT(m, 7, 7, 2 + e + 2, 2 + e + 2, "end point");
    ar_map_free(m);
    ar_buf_free(&b);
    ar_normalizer_free(n);
}

/* A shrinking unit at the very start and the very end: the lam-alef
 * ligature U+FEFB (0..3) -> "لا" (0..4), ب (3..5), U+FEFB (5..8). */
static void test_units_at_both_ends(void)
{
    ar_normalizer *n = norm_with("search", NULL, NULL);
    ar_buf b = {0};
    ar_map *m = ar_map_new();
    run(n, "\xef\xbb\xbb" "ب" "\xef\xbb\xbb", &b, m, "لابلا");
    SRC(m, 0, 1, 0, 3, "first output byte");
    SRC(m, 0, 4, 0, 3, "the first unit");
    SRC(m, 3, 4, 0, 3, "its last byte");
    SRC(m, 4, 6, 3, 5, "beh between the units");
    SRC(m, 6, 7, 5, 8, "first byte of the last unit");
    SRC(m, 9, 10, 5, 8, "the last output byte");
    SRC(m, 0, 0, 0, 0, "start point");
    SRC(m, 10, 10, 8, 8, "end point");
    TGT(m, 0, 1, 0, 4, "first source byte");
    TGT(m, 2, 3, 0, 4, "last byte of the first unit");
    TGT(m, 3, 5, 4, 6, "beh");
    TGT(m, 5, 6, 6, 10, "first byte of the last unit");
    TGT(m, 7, 8, 6, 10, "the last source byte");
    TGT(m, 8, 8, 10, 10, "end point");
    ar_map_free(m);
    ar_buf_free(&b);
    ar_normalizer_free(n);
}

/* The map built directly: a unit that starts before anchors already
 * recorded subsumes them. */
static void test_units_direct(void)
{
    ar_map *m = ar_map_new();
    CHECK(m != NULL, "map");
    if (!m) return;
    /* source [0,2) -> out [0,2) and [4,6) -> [4,5), then [2,8) -> [2,3)
     * swallows the second */
    CHECK(ar__map_unit(m, 0, 0, 2, 2) == AR_OK, "unit");
    CHECK(ar__map_unit(m, 4, 4, 6, 5) == AR_OK, "unit");
    CHECK(ar_map_anchors(m) == 4, "anchors %zu", ar_map_anchors(m));
    CHECK(ar__map_unit(m, 2, 2, 8, 3) == AR_OK, "unit");
    CHECK(ar_map_anchors(m) == 3, "anchors %zu after subsuming", ar_map_anchors(m));
    m->slen = 10;
    m->olen = 5;
    SRC(m, 0, 1, 0, 2, "first unit");
    SRC(m, 2, 3, 2, 8, "the unit that swallowed the other");
    SRC(m, 3, 5, 8, 10, "the linear tail");
    SRC(m, 4, 5, 9, 10, "the last byte");
    TGT(m, 5, 6, 2, 3, "inside the swallowed unit");
    TGT(m, 8, 9, 3, 4, "first byte of the tail");
    TGT(m, 9, 10, 4, 5, "last byte");
    ar__map_reset(m);
    CHECK(ar_map_anchors(m) == 0 && ar_map_source_len(m) == 0, "reset");
    ar_map_free(m);
}

/* ar__map_source_near (the lookups in text order of the gazetteer and the
 * names) gives ar_map_source's offsets whatever its hint: in text order,
 * backwards, and from a hint left by a lookup far away, on a map with
 * hundreds of anchors (removed marks, a ligature that expands). */
static void test_source_near(void)
{
    ar_normalizer *n = norm_with("search", NULL, NULL);
    ar_map *m = ar_map_new();
    ar_buf b = {0};
    char src[8192];
    size_t len = 0, olen, o0, o1, hint = 0, bad = 0, tried = 0;
    unsigned seed = 12345;
    while (len + 64 < sizeof src) {
        static const char *const words[] = {"كَتَبَ ", "ﻻ ", "قال ", "الأُمَمِ ", "x "};
        const char *w = words[(len / 7) % 5];
        memcpy(src + len, w, strlen(w));
        len += strlen(w);
    }
    src[len] = 0;
    CHECK(m && ar_normalize(n, src, len, &b, m, NULL) == AR_OK, "normalize");
    CHECK(ar_map_anchors(m) > 200, "anchors %zu", ar_map_anchors(m));
    olen = ar_map_target_len(m);
    for (o0 = 0; o0 <= olen; o0 += 3)
        for (o1 = o0; o1 <= olen && o1 <= o0 + 40; o1 += 5) {
            size_t a, bb, x, y;
            int e1 = ar_map_source(m, o0, o1, &a, &bb), e2 = ar__map_source_near(m, o0, o1, &x, &y, &hint);
            tried++;
            if (e1 != e2 || a != x || bb != y) bad++;
        }
    for (o0 = olen + 1; o0-- > 0;) { /* backwards */
        size_t a, bb, x, y;
        int e1 = ar_map_source(m, o0, o0 < olen ? o0 + 1 : o0, &a, &bb);
        int e2 = ar__map_source_near(m, o0, o0 < olen ? o0 + 1 : o0, &x, &y, &hint);
        tried++;
        if (e1 != e2 || a != x || bb != y) bad++;
    }
    for (o0 = 0; o0 < 5000; o0++) { /* anywhere, after anywhere */
        size_t p, q, a, bb, x, y;
        seed = seed * 1103515245u + 12345u;
        p = (seed >> 8) % (olen + 1);
        seed = seed * 1103515245u + 12345u;
        q = p + (seed >> 8) % 30;
        if (q > olen) q = olen;
        seed = seed * 1103515245u + 12345u;
        if (o0 % 7 == 0) hint = (seed >> 8) % (ar_map_anchors(m) + 3); /* even past the end */
        tried++;
        if (ar_map_source(m, p, q, &a, &bb) != ar__map_source_near(m, p, q, &x, &y, &hint) || a != x || bb != y)
            bad++;
    }
    CHECK(bad == 0, "source_near differs from ar_map_source in %zu of %zu lookups", bad, tried);
    CHECK(ar__map_source_near(m, 0, olen + 1, &o0, &o1, &hint) == AR_EARG, "range checked");
    ar_buf_free(&b);
    ar_map_free(m);
    ar_normalizer_free(n);
}

int main(void)
{
    test_identity();
    test_removed_first();
    test_removed_last();
    test_anchor_boundaries();
    test_removed_run();
    test_expansion();
    test_units_at_both_ends();
    test_units_direct();
    test_source_near();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
