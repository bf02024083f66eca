/*
 * fuzz_regex.c — the PCRE2 wrapper: compile, match with low limits, groups.
 *
 * Input: byte 0 holds the AR_RE_* flags (low 6 bits), byte 1 chooses the
 * match limit and byte 2 the depth limit (both low), byte 3 is the pattern
 * length (capped at what is left); the pattern follows and the subject is
 * the rest.
 *
 * Oracles (compile errors and limit errors are fine; crashes, sanitizer
 * reports and hangs are not):
 *   - a failed compile returns NULL with AR_EVALUE, a message and an error
 *     offset inside the pattern;
 *   - named groups have numbers within ar_regex_groups() and NUL-terminated
 *     names; past the last one ar_regex_name() fails;
 *   - ar_regex_exec() returns 1, 0 or a negative error code; after a match
 *     every group that took part lies inside the subject, group 0 is set,
 *     and groups past the last fail with AR_EARG;
 *   - iterating matches over the subject always ends.
 */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const size_t match_limits[] = {1, 10, 100, 1000, 5000, 20000, 100000, 0};
    static const size_t depth_limits[] = {1, 5, 20, 100, 500, 2000, 10000, 0};
    fuzz_bytes in = {data, size};
    unsigned flags = fuzz_take(&in) & 0x3F;
    size_t ml = match_limits[fuzz_take(&in) % 8], dl = depth_limits[fuzz_take(&in) % 8];
    size_t plen = fuzz_take(&in), slen, i, ng, start, iter;
    const char *pat, *subj;
    ar_error err;
    int rc;
    ar_regex *re;
    ar_regex_match *m;

    /* the default limits (0) are too slow to fuzz with: keep them low */
    if (ml == 0) ml = 200000;
    if (dl == 0) dl = 20000;
    if (plen > in.n) plen = in.n;
    pat = (const char *)in.p;
    subj = pat + plen;
    slen = in.n - plen;

    memset(&err, 0xAB, sizeof err);
    re = ar_regex_new(pat, plen, flags, &err);
    if (!re) {
        FUZZ_CHECK(err.code == AR_EVALUE || err.code == AR_ENOMEM, "compile error code %d", err.code);
        if (err.code == AR_EVALUE) {
            FUZZ_CHECK(err.message[0] != '\0' && memchr(err.message, '\0', sizeof err.message), "no message");
            FUZZ_CHECK(err.offset <= plen, "error offset %zu past the pattern (%zu)", err.offset, plen);
        }
        return 0;
    }
    if (flags & AR_RE_NO_JIT) FUZZ_CHECK(!ar_regex_jit(re), "JIT despite AR_RE_NO_JIT");
    ng = ar_regex_groups(re);
    for (i = 0;; i++) {
        const char *name = NULL;
        size_t g = 0;
        if (ar_regex_name(re, i, &name, &g) != AR_OK) break;
        FUZZ_CHECK(name != NULL && g >= 1 && g <= ng, "named group %zu: number %zu of %zu", i, g, ng);
        FUZZ_CHECK(strlen(name) < 256, "group name length");
        FUZZ_CHECK(i < 10000, "too many names");
    }

    m = ar_regex_match_new(re, ml, dl);
    FUZZ_CHECK(m != NULL, "ar_regex_match_new");
    start = 0;
    for (iter = 0; iter <= slen + 1; iter++) {
        size_t s0 = 0, s1 = 0;
        rc = ar_regex_exec(m, subj, slen, start);
        if (rc == 0) {
            FUZZ_CHECK(ar_regex_group(m, 0, &s0, &s1) == AR_EARG, "group after no match");
            break;
        }
        if (rc < 0) {
            FUZZ_CHECK(rc == AR_ELIMIT || rc == AR_EVALUE || rc == AR_ENOMEM, "exec error %d", rc);
            break;
        }
        FUZZ_CHECK(rc == 1, "exec returned %d", rc);
        FUZZ_CHECK(ar_regex_group(m, 0, &s0, &s1) == 1, "group 0 unset after a match");
        FUZZ_CHECK(s0 <= slen && s1 <= slen, "match [%zu, %zu) outside the subject (%zu)", s0, s1, slen);
        for (i = 1; i <= ng; i++) {
            size_t a = 0, b = 0;
            int r = ar_regex_group(m, i, &a, &b);
            FUZZ_CHECK(r == 0 || r == 1, "group %zu: %d", i, r);
            if (r == 1) FUZZ_CHECK(a <= b && b <= slen, "group %zu [%zu, %zu) of %zu", i, a, b, slen);
        }
        FUZZ_CHECK(ar_regex_group(m, ng + 1, &s0, &s1) == AR_EARG, "group past the last");
        /* next search: after the match, or one byte on after an empty one */
        {
            size_t next = s1 > start ? s1 : start + 1;
            if (next > slen) break;
            start = next;
        }
    }
    FUZZ_CHECK(ar_regex_exec(m, subj, slen, slen + 1) == AR_EARG, "start past the end");
    ar_regex_match_free(m);
    ar_regex_free(re);
    return 0;
}
