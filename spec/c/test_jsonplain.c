/*
 * test_jsonplain.c — ar__json_plain (csrc/jsonrec.c), which tells the
 * entity and record writers whether a string goes between quotes as it
 * is, eight bytes at a time, against a byte-by-byte model: every byte
 * value at every place of strings of 0 to 40 bytes (whose other bytes are
 * plain Arabic and ASCII), then two such bytes, and random strings; and
 * on those strings ar__json_plain_prefix, the blocks the string readers
 * pass before they look byte by byte.
 * Prints "N passed, N failed".
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "jsonrec.h"

#include "check.h"

static int model(const unsigned char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] < 0x20 || s[i] == 0x7F || s[i] == '"' || s[i] == '\\') return 0;
    return 1;
}

/* What a string reader may pass: no quote, backslash or control
 * character (DEL is no concern of a reader). */
static int reader_plain(const unsigned char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] < 0x20 || s[i] == '"' || s[i] == '\\') return 0;
    return 1;
}

/* A plain filler: the bytes of "سلام a1" over and over. */
static void fill(unsigned char *s, size_t n)
{
    static const unsigned char w[] = "\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85 a1";
    size_t i;
    for (i = 0; i < n; i++) s[i] = w[i % (sizeof w - 1)];
}

int main(void)
{
    unsigned char s[48];
    size_t n, i, j;
    unsigned c, d;
    uint64_t r = 88172645463325252u;
    for (n = 0; n <= 40; n++) {
        fill(s, n);
        CHECK(ar__json_plain((const char *)s, n) == 1, "plain filler of %zu bytes", n);
        for (i = 0; i < n; i++)
            for (c = 0; c < 256; c++) {
                int want, got;
                fill(s, n);
                s[i] = (unsigned char)c;
                want = model(s, n);
                got = ar__json_plain((const char *)s, n);
                if (want != got) CHECK(want == got, "byte %u at %zu of %zu", c, i, n);
            }
        passed++;
    }
    for (i = 0; i < 24; i++)
        for (j = i + 1; j < 24; j++)
            for (c = 0; c < 256; c += 3)
                for (d = 0; d < 256; d += 5) {
                    fill(s, 24);
                    s[i] = (unsigned char)c;
                    s[j] = (unsigned char)d;
                    if (model(s, 24) != ar__json_plain((const char *)s, 24))
                        CHECK(0, "bytes %u at %zu and %u at %zu", c, i, d, j);
                }
    passed++;
    for (i = 0; i < 200000; i++) {
        n = (size_t)(i % 41);
        for (j = 0; j < n; j++) {
            r ^= r << 13, r ^= r >> 7, r ^= r << 17;
            /* mostly plain bytes, now and then any byte */
            s[j] = (unsigned char)((r & 0xF000) ? 0x20 + (r >> 24) % 0x5F + ((r >> 40) & 1) * 0x80 : (r >> 24));
        }
        if (model(s, n) != ar__json_plain((const char *)s, n)) CHECK(0, "random string %zu", i);
        /* the prefix a reader passes: whole blocks without a quote,
         * backslash or control character, up to the first block with one */
        {
            size_t p = ar__json_plain_prefix((const char *)s, n);
            if (p % 8 || p > n || !reader_plain(s, p) || (p + 8 <= n && reader_plain(s + p, 8)))
                CHECK(0, "prefix %zu of random string %zu", p, i);
        }
    }
    passed++;
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
