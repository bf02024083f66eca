/*
 * fuzz_corpus.c — the corpus tools' C core over arbitrary bytes: stemming
 * (light10, ISRI) and MinHash signatures.
 *
 * Input: byte 0 picks the shingle size (1..AR_MINHASH_MAX_SHINGLE) and the
 * signature length; the rest is the text.
 *
 * Oracles:
 *   - ar_stem succeeds for both algorithms on the whole text and on each
 *     token, the stem is never longer than the word and never writes past
 *     it (a guard byte stays), and the same word always gives the same stem;
 *   - a light10 stem is a piece of the word (prefixes and suffixes only
 *     come off);
 *   - an ISRI stem of valid UTF-8 is valid UTF-8 (it keeps whole characters);
 *   - ar_minhash succeeds, counts at most one word a byte, gives the same
 *     signature twice, and a signature's similarity with itself is 1;
 *     a text without words leaves every value UINT32_MAX.
 */
#include "fuzz_common.h"

static int is_piece(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
    size_t i;
    if (nlen == 0) return 1;
    for (i = 0; i + nlen <= hlen; i++)
        if (memcmp(hay + i, needle, nlen) == 0) return 1;
    return 0;
}

static void check_stem(const char *w, size_t len)
{
    static const int algorithms[] = {AR_STEM_LIGHT10, AR_STEM_ISRI};
    size_t k;
    char *out = malloc(len + 1), *again = malloc(len + 1);
    if (!out || !again) abort();
    for (k = 0; k < 2; k++) {
        size_t n = 0, m = 0;
        out[len] = 0x5a;
        FUZZ_CHECK(ar_stem(algorithms[k], w, len, out, &n) == AR_OK, "ar_stem failed");
        FUZZ_CHECK(n <= len, "stem of %zu bytes from a word of %zu", n, len);
        FUZZ_CHECK(out[len] == 0x5a, "wrote past the word's length");
        FUZZ_CHECK(ar_stem(algorithms[k], w, len, again, &m) == AR_OK && m == n && memcmp(out, again, n) == 0,
                   "two different stems of one word");
        if (algorithms[k] == AR_STEM_LIGHT10)
            FUZZ_CHECK(is_piece(w, len, out, n), "a light10 stem that is not a piece of the word");
        else if (fuzz_valid_utf8(w, len))
            FUZZ_CHECK(fuzz_valid_utf8(out, n), "an ISRI stem of valid UTF-8 is not valid UTF-8");
    }
    free(out);
    free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s;
    size_t len, shingle, nhash, words = 0, again_words = 0, i;
    uint32_t sig[AR_MINHASH_MAX_HASHES], again[AR_MINHASH_MAX_HASHES];
    ar_tokenizer t;
    ar_token tok;
    if (size < 1) return 0;
    shingle = (size_t)(data[0] % AR_MINHASH_MAX_SHINGLE) + 1;
    nhash = (size_t)((data[0] >> 4) + 1) * 32;
    s = (const char *)data + 1;
    len = size - 1;

    check_stem(s, len);
    ar_tokenizer_init(&t, s, len);
    while (ar_tokenizer_next(&t, &tok)) check_stem(s + tok.start, tok.end - tok.start);

    FUZZ_CHECK(ar_minhash(s, len, shingle, 42, sig, nhash, &words) == AR_OK, "ar_minhash failed");
    FUZZ_CHECK(words <= len, "%zu words in %zu bytes", words, len);
    FUZZ_CHECK(ar_minhash(s, len, shingle, 42, again, nhash, &again_words) == AR_OK && again_words == words &&
                   memcmp(sig, again, nhash * sizeof sig[0]) == 0,
               "two signatures of one text");
    FUZZ_CHECK(ar_minhash_similarity(sig, again, nhash) == 1.0, "self-similarity below 1");
    if (words == 0)
        for (i = 0; i < nhash; i++) FUZZ_CHECK(sig[i] == UINT32_MAX, "a text without words has a value");
    return 0;
}
