/*
 * minhash.c — MinHash signatures of word shingles, for finding near-duplicate
 * paragraphs and documents.
 *
 * A text's shingles are its runs of k consecutive words (the tokenizer's
 * word, number, Latin, URL and e-mail tokens; punctuation and symbols are
 * not words here, so "a, b" and "a b" shingle alike). Two texts' share of
 * common shingles (their Jaccard similarity) is estimated by the share of
 * equal positions in their signatures: position i keeps the smallest value
 * of hash function i over the text's shingles.
 *
 * Hash function i is multiply-shift over a well-mixed 64-bit shingle hash:
 * h_i(x) = (x * a_i + b_i) >> 32, a_i odd; a_i and b_i come from the seed
 * through splitmix64, so a signature depends only on the text, k, the seed
 * and its length: stable across runs, machines and Lua versions.
 */
#include "internal.h"
#include "hash.h"

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static int is_word(int kind)
{
    return kind == AR_TOK_WORD || kind == AR_TOK_NUMBER || kind == AR_TOK_LATIN ||
           kind == AR_TOK_URL || kind == AR_TOK_EMAIL;
}

/* Hash of the k word hashes ending at ring position `last` (oldest first). */
static uint64_t shingle_hash(const uint64_t *ring, size_t last, size_t n)
{
    uint64_t h = 0x2545F4914F6CDD1DULL ^ (uint64_t)n;
    size_t j;
    for (j = 0; j < n; j++) {
        size_t at = (last + AR_MINHASH_MAX_SHINGLE - (n - 1) + j) % AR_MINHASH_MAX_SHINGLE;
        h = ar__mix64(h ^ ring[at]) + 0x9E3779B97F4A7C15ULL;
    }
    return ar__mix64(h);
}

static void fold(uint64_t x, const uint64_t *a, const uint64_t *b, uint32_t *sig, size_t nhash)
{
    size_t i;
    for (i = 0; i < nhash; i++) {
        uint32_t v = (uint32_t)((x * a[i] + b[i]) >> 32);
        if (v < sig[i]) sig[i] = v;
    }
}

int ar_minhash(const char *text, size_t len, size_t shingle, uint64_t seed, uint32_t *sig,
               size_t nhash, size_t *nwords)
{
    uint64_t a[AR_MINHASH_MAX_HASHES], b[AR_MINHASH_MAX_HASHES];
    uint64_t ring[AR_MINHASH_MAX_SHINGLE];
    uint64_t state = seed;
    size_t i, words = 0;
    ar_tokenizer t;
    ar_token tok;
    if ((!text && len) || !sig || nhash == 0 || nhash > AR_MINHASH_MAX_HASHES || shingle == 0 ||
        shingle > AR_MINHASH_MAX_SHINGLE)
        return AR_EARG;
    for (i = 0; i < nhash; i++) {
        a[i] = splitmix64(&state) | 1u;
        b[i] = splitmix64(&state);
        sig[i] = UINT32_MAX;
    }
    ar_tokenizer_init(&t, text ? text : "", len);
    while (ar_tokenizer_next(&t, &tok)) {
        if (!is_word(tok.kind)) continue;
        ring[words % AR_MINHASH_MAX_SHINGLE] = ar__hash(text + tok.start, tok.end - tok.start);
        words++;
        if (words >= shingle) {
            fold(shingle_hash(ring, (words - 1) % AR_MINHASH_MAX_SHINGLE, shingle), a, b, sig, nhash);
        }
    }
    /* a text shorter than one shingle is one shingle of all its words */
    if (words > 0 && words < shingle) {
        fold(shingle_hash(ring, words - 1, words), a, b, sig, nhash);
    }
    if (nwords) *nwords = words;
    return AR_OK;
}

double ar_minhash_similarity(const uint32_t *x, const uint32_t *y, size_t nhash)
{
    size_t i, same = 0;
    if (!x || !y || nhash == 0) return 0.0;
    for (i = 0; i < nhash; i++) same += x[i] == y[i];
    return (double)same / (double)nhash;
}
