/*
 * fuzz_normalize.c — normalization with presets and option overrides.
 *
 * Input: byte 0 chooses the preset (low bits, modulo 5), strict mode (0x40)
 * and whether overrides follow (0x80); with overrides, byte 1 is their
 * count (modulo 8) and each takes two bytes: an option index into the
 * ar_norm_option_at() table and a value index into the values that the
 * table lists for the option, plus boolean
 * spellings and a few invalid values. The rest of the input is the text.
 *
 * Oracles:
 *   - ar_norm_options_set() accepts exactly the valid values, leaves the
 *     options untouched on error, and ar_norm_options_get() reads back
 *     what was set;
 *   - ar_normalize() succeeds (or fails with AR_EUTF8 in strict mode, and
 *     then only when the text is invalid UTF-8, at the offset it reports);
 *   - the output is valid UTF-8, NUL-terminated and at most
 *     ar_normalize_bound(len) bytes; it is the same with and without a map
 *     and through ar_normalize_into();
 *   - idempotence (normalize(normalize(s)) == normalize(s)) for the five
 *     presets, which is what the README promises (it is not promised for
 *     arbitrary option combinations: persian + hamza_yeh maps ۓ to ئ and a
 *     second pass to ي, for instance);
 *   - the offset map: lengths as given; every output byte maps to a
 *     non-empty source range inside the source, monotone; every source
 *     byte maps to an output range inside the output, monotone; empty
 *     ranges map to empty ranges; the whole source maps to the whole
 *     output; an output byte lies inside the target of its own source;
 *     out-of-range queries fail with AR_EARG.
 */
#include "fuzz_common.h"

#define NPRESETS 5
#define CACHE 32

typedef struct {
    ar_norm_options o;
    ar_normalizer *n;
} cached;

static cached cache[CACHE];
static size_t cache_next;
static ar_norm_options presets[NPRESETS];
static ar_map *map;
static ar_buf out, again, plain;

static int same_opts(const ar_norm_options *a, const ar_norm_options *b)
{
    return a->flags == b->flags && a->alef == b->alef && a->teh_marbuta == b->teh_marbuta &&
           a->dagger_alef == b->dagger_alef && a->digits == b->digits && a->unicode == b->unicode &&
           a->elongation == b->elongation;
}

static ar_normalizer *normalizer_for(const ar_norm_options *o)
{
    size_t i;
    int err = 0;
    ar_normalizer *n;
    for (i = 0; i < CACHE; i++)
        if (cache[i].n && same_opts(&cache[i].o, o)) return cache[i].n;
    n = ar_normalizer_new(o, &err);
    FUZZ_CHECK(n != NULL, "ar_normalizer_new failed for valid options: %s", ar_strerror(err));
    FUZZ_CHECK(same_opts(ar_normalizer_options(n), o), "normalizer options differ");
    i = cache_next++ % CACHE;
    ar_normalizer_free(cache[i].n);
    cache[i].o = *o;
    cache[i].n = n;
    return n;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    size_t i;
    (void)argc;
    (void)argv;
    for (i = 0; i < NPRESETS; i++) {
        const char *name = ar_norm_preset_name(i);
        FUZZ_CHECK(name && ar_norm_options_preset(&presets[i], name) == AR_OK, "preset %zu", i);
    }
    FUZZ_CHECK(ar_norm_preset_name(NPRESETS) == NULL, "more presets than expected");
    map = ar_map_new();
    FUZZ_CHECK(map != NULL, "ar_map_new");
    return 0;
}

/* The value spellings an option accepts, from the options table. */
static size_t option_values(size_t opt, char vals[][24], size_t max)
{
    const ar_norm_option *o = ar_norm_option_at(opt);
    size_t n = 0;
    if (o->kind == AR_OPT_BOOL) {
        static const char *const b[] = {"true", "false", "1", "0", "yes", "no", "on", "off"};
        for (n = 0; n < 8 && n < max; n++) snprintf(vals[n], 24, "%s", b[n]);
        return n;
    }
    if (o->kind == AR_OPT_INT) return 0; /* numbers: see pick_value */
    for (n = 0; o->values[n] && n < max; n++) snprintf(vals[n], 24, "%s", o->values[n]);
    if (n + 2 <= max) {
        snprintf(vals[n++], 24, "true");
        snprintf(vals[n++], 24, "false");
    }
    return n;
}

/* Choose a value for option opt from v; returns 1 if it must be accepted. */
static int pick_value(size_t opt, unsigned v, char *buf, size_t cap)
{
    char vals[16][24];
    size_t n = option_values(opt, vals, 16);
    if (v >= 250) {
        static const char *const bad[] = {"", "maybe", "-1", "256", "3x", "TRUE"};
        snprintf(buf, cap, "%s", bad[v - 250]);
        return 0;
    }
    if (n == 0) { /* integer 0-255 */
        if (v == 249) snprintf(buf, cap, "false");
        else snprintf(buf, cap, "%u", v);
        return 1;
    }
    snprintf(buf, cap, "%s", vals[v % n]);
    return 1;
}

static void check_options_api(ar_norm_options *o, fuzz_bytes *in)
{
    unsigned count = fuzz_take(in) % 8, k;
    size_t nopts = 0;
    while (ar_norm_option_name(nopts)) nopts++;
    FUZZ_CHECK(nopts > 0 && ar_norm_option_values(nopts) == NULL, "option table");
    for (k = 0; k < count; k++) {
        size_t opt = fuzz_take(in) % nopts;
        const char *name = ar_norm_option_name(opt);
        char value[32], got[32];
        ar_norm_options before = *o;
        int valid = pick_value(opt, fuzz_take(in), value, sizeof value);
        int rc = ar_norm_options_set(o, name, value);
        if (!valid) {
            FUZZ_CHECK(rc == AR_EVALUE, "%s=%s accepted (%d)", name, value, rc);
            FUZZ_CHECK(same_opts(o, &before), "%s=%s: options changed on error", name, value);
            continue;
        }
        FUZZ_CHECK(rc == AR_OK, "%s=%s rejected: %s", name, value, ar_strerror(rc));
        FUZZ_CHECK(ar_norm_options_get(o, name, got, sizeof got) == AR_OK, "get %s", name);
        if (strcmp(value, "true") && strcmp(value, "false") && strcmp(value, "1") &&
            strcmp(value, "0") && strcmp(value, "yes") && strcmp(value, "no") &&
            strcmp(value, "on") && strcmp(value, "off"))
            FUZZ_CHECK(strcmp(got, value) == 0, "%s: set %s, get %s", name, value, got);
        FUZZ_CHECK(ar_norm_options_get(o, name, got, 1) == AR_ESPACE, "get %s into 1 byte", name);
    }
    FUZZ_CHECK(ar_norm_options_set(o, "no_such_option", "true") == AR_EOPTION, "unknown option");
}

static void check_map(const char *src, size_t len, size_t olen, uint64_t seed)
{
    size_t o, s, s0, s1, o0, o1, prev0 = 0, prev1 = 0;
    FUZZ_CHECK(ar_map_source_len(map) == len && ar_map_target_len(map) == olen,
               "map lengths %zu/%zu, expected %zu/%zu", ar_map_source_len(map),
               ar_map_target_len(map), len, olen);
    for (o = 0; o < olen; o++) {
        FUZZ_CHECK(ar_map_source(map, o, o + 1, &s0, &s1) == AR_OK, "source(%zu)", o);
        FUZZ_CHECK(s0 < s1 && s1 <= len, "output byte %zu -> source [%zu, %zu) of %zu", o, s0, s1, len);
        FUZZ_CHECK(s0 >= prev0 && s1 >= prev1, "source not monotone at output byte %zu", o);
        prev0 = s0;
        prev1 = s1;
        FUZZ_CHECK(ar_map_target(map, s0, s1, &o0, &o1) == AR_OK, "target of a source");
        FUZZ_CHECK(o0 <= o && o < o1, "output byte %zu not inside the target [%zu, %zu) of its source [%zu, %zu)",
                   o, o0, o1, s0, s1);
        FUZZ_CHECK(ar_map_source(map, o, o, &s0, &s1) == AR_OK && s0 == s1 && s1 <= len,
                   "empty output range %zu -> [%zu, %zu)", o, s0, s1);
    }
    prev0 = prev1 = 0;
    for (s = 0; s < len; s++) {
        FUZZ_CHECK(ar_map_target(map, s, s + 1, &o0, &o1) == AR_OK, "target(%zu)", s);
        FUZZ_CHECK(o0 <= o1 && o1 <= olen, "source byte %zu -> output [%zu, %zu) of %zu", s, o0, o1, olen);
        FUZZ_CHECK(o0 >= prev0 && o1 >= prev1, "target not monotone at source byte %zu", s);
        prev0 = o0;
        prev1 = o1;
        FUZZ_CHECK(ar_map_target(map, s, s, &o0, &o1) == AR_OK && o0 == o1 && o1 <= olen,
                   "empty source range %zu -> [%zu, %zu)", s, o0, o1);
    }
    FUZZ_CHECK(ar_map_source(map, olen, olen, &s0, &s1) == AR_OK && s0 == len && s1 == len,
               "end of output -> [%zu, %zu), expected %zu", s0, s1, len);
    FUZZ_CHECK(ar_map_target(map, len, len, &o0, &o1) == AR_OK && o0 == olen && o1 == olen,
               "end of source -> [%zu, %zu), expected %zu", o0, o1, olen);
    if (len > 0) {
        FUZZ_CHECK(ar_map_target(map, 0, len, &o0, &o1) == AR_OK && o0 == 0 && o1 == olen,
                   "whole source -> [%zu, %zu), expected [0, %zu)", o0, o1, olen);
    }
    if (olen > 0) {
        FUZZ_CHECK(ar_map_source(map, 0, olen, &s0, &s1) == AR_OK && s0 <= s1 && s1 == len,
                   "whole output -> [%zu, %zu), expected [.., %zu)", s0, s1, len);
    }
    /* a few arbitrary ranges: a range maps to the hull of its bytes */
    for (s = 0; s < 4 && olen > 0; s++) {
        size_t a = (size_t)(seed % olen), b;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        b = a + (size_t)(seed % (olen - a)) + 1;
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        {
            size_t x0, x1, y0, y1;
            FUZZ_CHECK(ar_map_source(map, a, b, &s0, &s1) == AR_OK, "source range");
            ar_map_source(map, a, a + 1, &x0, &x1);
            ar_map_source(map, b - 1, b, &y0, &y1);
            FUZZ_CHECK(s0 == x0 && s1 == y1, "source [%zu, %zu) -> [%zu, %zu), bytes give [%zu, %zu)",
                       a, b, s0, s1, x0, y1);
        }
    }
    /* out of range */
    FUZZ_CHECK(ar_map_source(map, 0, olen + 1, &s0, &s1) == AR_EARG, "source past the end");
    FUZZ_CHECK(ar_map_target(map, 0, len + 1, &o0, &o1) == AR_EARG, "target past the end");
    if (olen > 0) FUZZ_CHECK(ar_map_source(map, 1, 0, &s0, &s1) == AR_EARG, "reversed range");
    (void)src;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bytes in = {data, size};
    unsigned head = fuzz_take(&in);
    ar_norm_options o = presets[head % NPRESETS];
    const char *text;
    size_t len, i;
    int strict = (head & 0x40) != 0, is_preset, rc;
    ar_normalizer *n;
    ar_norm_stats st;
    uint64_t seed = 0;

    if (head & 0x80) check_options_api(&o, &in);
    if (strict) o.flags |= AR_N_STRICT;
    strict = (o.flags & AR_N_STRICT) != 0; /* an override may have set it */
    text = (const char *)in.p;
    len = in.n;
    for (i = 0; i < len && i < 16; i++) seed = seed * 131 + (unsigned char)text[i];

    /* idempotence is promised for the presets (strict changes only errors) */
    {
        ar_norm_options base = o;
        base.flags &= ~(uint32_t)AR_N_STRICT;
        is_preset = 0;
        for (i = 0; i < NPRESETS; i++)
            if (same_opts(&base, &presets[i])) is_preset = 1;
    }
    n = normalizer_for(&o);

    memset(&st, 0xAB, sizeof st);
    rc = ar_normalize(n, text, len, &out, map, &st);
    if (strict && !fuzz_valid_utf8(text, len)) {
        int32_t c;
        FUZZ_CHECK(rc == AR_EUTF8, "strict mode accepted invalid UTF-8 (%d)", rc);
        FUZZ_CHECK(st.invalid >= 1 && st.first_invalid < len, "stats after AR_EUTF8");
        ar_utf8_decode(text + st.first_invalid, len - st.first_invalid, &c);
        FUZZ_CHECK(c < 0, "first_invalid %zu is not invalid", st.first_invalid);
        FUZZ_CHECK(fuzz_valid_utf8(text, st.first_invalid), "invalid UTF-8 before first_invalid");
        FUZZ_CHECK(out.len == 0, "output after an error");
        return 0;
    }
    FUZZ_CHECK(rc == AR_OK, "ar_normalize: %s", ar_strerror(rc));
    FUZZ_CHECK(out.len <= ar_normalize_bound(len), "output %zu > bound %zu", out.len, ar_normalize_bound(len));
    FUZZ_CHECK(out.data != NULL && out.data[out.len] == '\0', "output not NUL-terminated");
    FUZZ_CHECK(fuzz_valid_utf8(out.data, out.len), "output is not valid UTF-8");
    FUZZ_CHECK((st.invalid == 0) == fuzz_valid_utf8(text, len), "stats.invalid = %zu", st.invalid);
    if (st.invalid) {
        int32_t c;
        FUZZ_CHECK(st.first_invalid < len, "first_invalid out of range");
        ar_utf8_decode(text + st.first_invalid, len - st.first_invalid, &c);
        FUZZ_CHECK(c < 0 && fuzz_valid_utf8(text, st.first_invalid), "first_invalid %zu", st.first_invalid);
    }

    check_map(text, len, out.len, seed);

    /* same output without a map, and into a caller's buffer */
    FUZZ_CHECK(ar_normalize(n, text, len, &plain, NULL, NULL) == AR_OK, "normalize without a map");
    FUZZ_CHECK(plain.len == out.len && memcmp(plain.data, out.data, out.len) == 0,
               "output differs without a map");
    {
        size_t need = 0;
        char *dst = malloc(out.len + 1);
        FUZZ_CHECK(dst != NULL, "malloc");
        FUZZ_CHECK(ar_normalize_into(n, text, len, dst, out.len, &need, NULL) == AR_OK && need == out.len &&
                       memcmp(dst, out.data, out.len) == 0,
                   "ar_normalize_into differs");
        if (out.len > 0)
            FUZZ_CHECK(ar_normalize_into(n, text, len, dst, out.len - 1, &need, NULL) == AR_ESPACE &&
                           need == out.len,
                       "ar_normalize_into with a short buffer");
        free(dst);
    }

    if (is_preset) {
        FUZZ_CHECK(ar_normalize(n, out.data, out.len, &again, NULL, NULL) == AR_OK, "second pass");
        if (again.len != out.len || memcmp(again.data, out.data, out.len) != 0) {
            size_t k;
            fprintf(stderr, "preset %s, input:", ar_norm_preset_name(head % NPRESETS));
            for (k = 0; k < len; k++) fprintf(stderr, " %02x", (unsigned char)text[k]);
            fprintf(stderr, "\nonce:");
            for (k = 0; k < out.len; k++) fprintf(stderr, " %02x", (unsigned char)out.data[k]);
            fprintf(stderr, "\ntwice:");
            for (k = 0; k < again.len; k++) fprintf(stderr, " %02x", (unsigned char)again.data[k]);
            fputc('\n', stderr);
            FUZZ_CHECK(0, "normalization is not idempotent");
        }
    }
    return 0;
}
