/*
 * test_corpus.c — the corpus tools' C core without Lua: stemming (light10,
 * ISRI: rules, bounds, any bytes, output never longer than the word), the
 * common-word list, MinHash signatures (determinism, edge cases, arguments).
 * Prints "N passed, N failed".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arabic.h"

#include "check.h"

static int stem_is(int algorithm, const char *word, const char *want)
{
    char out[512];
    size_t len = 0;
    if (ar_stem(algorithm, word, strlen(word), out, &len) != AR_OK) return 0;
    return len == strlen(want) && memcmp(out, want, len) == 0;
}

static void test_stem(void)
{
    /* light10 on normalized words */
    CHECK(stem_is(AR_STEM_LIGHT10, "والكتاب", "كتاب"), "وال");
    CHECK(stem_is(AR_STEM_LIGHT10, "وزير", "زير"), "و on 4 letters");
    CHECK(stem_is(AR_STEM_LIGHT10, "ولد", "ولد"), "و stays on 3 letters");
    CHECK(stem_is(AR_STEM_LIGHT10, "مصريين", "مصر"), "ين then ي");
    CHECK(stem_is(AR_STEM_LIGHT10, "قضيه", "قض"), "يه");
    CHECK(stem_is(AR_STEM_LIGHT10, "", ""), "empty");
    /* ISRI */
    CHECK(stem_is(AR_STEM_ISRI, "استخدام", "خدم"), "7 letters");
    CHECK(stem_is(AR_STEM_ISRI, "اعشوشب", "عشب"), "افعوعل");
    CHECK(stem_is(AR_STEM_ISRI, "اعشوشك", "عشك"), "افعوعل: the repeated letter once");
    /* not افعوعل (ش, ب differ): suffix ك off, then 5 letters: prefix ا, 4: فعول */
    CHECK(stem_is(AR_STEM_ISRI, "اعشوبك", "عشب"), "افعوعل needs the same letter twice");
    CHECK(stem_is(AR_STEM_ISRI, "كَتَبَ", "كتب"), "diacritics");
    CHECK(stem_is(AR_STEM_ISRI, "أكرم", "كرم"), "initial hamza");
    CHECK(stem_is(AR_STEM_ISRI, "", ""), "empty");

    /* names */
    CHECK(ar_stem_algorithm("light10") == AR_STEM_LIGHT10, "name");
    CHECK(ar_stem_algorithm("isri") == AR_STEM_ISRI, "name");
    CHECK(ar_stem_algorithm("khoja") == 0 && ar_stem_algorithm(NULL) == 0, "unknown");
    CHECK(strcmp(ar_stem_algorithm_name(AR_STEM_ISRI), "isri") == 0, "name back");
    CHECK(ar_stem_algorithm_name(99) == NULL, "unknown number");

    /* arguments */
    {
        char out[8];
        size_t len;
        CHECK(ar_stem(99, "ab", 2, out, &len) == AR_EARG, "unknown algorithm");
        CHECK(ar_stem(AR_STEM_ISRI, NULL, 2, out, &len) == AR_EARG, "NULL word");
        CHECK(ar_stem(AR_STEM_ISRI, "ab", 2, out, NULL) == AR_EARG, "NULL out_len");
        CHECK(ar_stem(AR_STEM_LIGHT10, NULL, 0, NULL, &len) == AR_OK && len == 0, "empty, NULL buffers");
    }

    /* any bytes: the stem fits in len bytes, for random strings made of
     * affix letters, diacritics, invalid bytes and ASCII */
    {
        static const char *const parts[] = {"ا", "ل", "و", "ب", "ك", "ف", "ه", "ة", "ي", "ن", "ت",
                                            "م", "س", "أ", "إ", "آ", "َ", "ّ", "\xff", "\x80",
                                            "\xd8", "a", " ", "ئ", "ع"};
        unsigned seed = 12345;
        int i, bad = 0;
        for (i = 0; i < 200000; i++) {
            char word[128], out[128];
            size_t len = 0, out_len = 0;
            int k, n;
            seed = seed * 1103515245u + 12345u;
            n = (int)((seed >> 16) % 12);
            for (k = 0; k < n; k++) {
                const char *p;
                seed = seed * 1103515245u + 12345u;
                p = parts[(seed >> 16) % (sizeof parts / sizeof parts[0])];
                memcpy(word + len, p, strlen(p));
                len += strlen(p);
            }
            memset(out, 0x55, sizeof out);
            if (ar_stem((i & 1) ? AR_STEM_ISRI : AR_STEM_LIGHT10, word, len, out, &out_len) != AR_OK ||
                out_len > len || (unsigned char)out[len] != 0x55)
                bad++;
        }
        CHECK(bad == 0, "%d random words broke the bound", bad);
    }

    /* longer than AR_STEM_MAX_CHARS: ISRI returns the word unchanged */
    {
        char word[AR_STEM_MAX_CHARS * 2 + 4], out[sizeof word];
        size_t i, len = 0;
        for (i = 0; i < AR_STEM_MAX_CHARS + 1; i++) {
            memcpy(word + len, "ب", 2);
            len += 2;
        }
        CHECK(ar_stem(AR_STEM_ISRI, word, len, out, &i) == AR_OK && i == len && memcmp(out, word, len) == 0,
              "long word");
    }
}

static void test_common_words(void)
{
    const char *const *w = ar_common_words();
    size_t n = 0;
    int has_ala = 0;
    CHECK(w != NULL, "list");
    for (; w && w[n]; n++)
        if (strcmp(w[n], "على") == 0) has_ala = 1;
    CHECK(n > 200, "%zu words", n);
    CHECK(has_ala, "على is a common word");
}

static void test_minhash(void)
{
    const char *a = "وصل الوفد العماني إلى طهران أمس لبحث ملف الملاحة في البحر الأحمر مع المسؤولين";
    const char *b = "وصل الوفد العماني إلى طهران أمس، لبحث ملف الملاحة في البحر الأحمر مع المسؤولين!";
    const char *c = "ارتفعت أسعار الذهب في الأسواق العالمية بعد صدور بيانات التضخم الأمريكية";
    uint32_t sa[128], sb[128], sc[128], s2[128];
    size_t wa = 0, wb = 0;
    size_t i;
    int all_max = 1;
    CHECK(ar_minhash(a, strlen(a), 3, 7, sa, 128, &wa) == AR_OK && wa == 14, "words %zu", wa);
    CHECK(ar_minhash(b, strlen(b), 3, 7, sb, 128, &wb) == AR_OK && wb == 14, "punctuation is not a word");
    CHECK(ar_minhash_similarity(sa, sb, 128) == 1.0, "same words, same signature");
    CHECK(ar_minhash(c, strlen(c), 3, 7, sc, 128, NULL) == AR_OK, "c");
    CHECK(ar_minhash_similarity(sa, sc, 128) < 0.1, "unrelated texts");
    CHECK(ar_minhash(a, strlen(a), 3, 8, s2, 128, NULL) == AR_OK && memcmp(s2, sa, sizeof sa) != 0,
          "the seed changes the signature");
    CHECK(ar_minhash(a, strlen(a), 3, 7, s2, 128, NULL) == AR_OK && memcmp(s2, sa, sizeof sa) == 0,
          "deterministic");
    /* fewer words than a shingle: one shingle; no words: all UINT32_MAX */
    CHECK(ar_minhash("خبر عاجل", strlen("خبر عاجل"), 5, 1, s2, 16, &wa) == AR_OK && wa == 2, "short");
    CHECK(s2[0] != UINT32_MAX, "short text has a signature");
    CHECK(ar_minhash("، . !", strlen("، . !"), 3, 1, s2, 16, &wa) == AR_OK && wa == 0, "no words");
    for (i = 0; i < 16; i++) all_max &= s2[i] == UINT32_MAX;
    CHECK(all_max, "no words: every value UINT32_MAX");
    CHECK(ar_minhash(NULL, 0, 3, 1, s2, 16, &wa) == AR_OK && wa == 0, "NULL empty text");
    /* arguments */
    CHECK(ar_minhash(a, strlen(a), 0, 1, s2, 16, NULL) == AR_EARG, "shingle 0");
    CHECK(ar_minhash(a, strlen(a), AR_MINHASH_MAX_SHINGLE + 1, 1, s2, 16, NULL) == AR_EARG, "shingle too big");
    CHECK(ar_minhash(a, strlen(a), 3, 1, s2, 0, NULL) == AR_EARG, "no hashes");
    CHECK(ar_minhash(a, strlen(a), 3, 1, NULL, 16, NULL) == AR_EARG, "NULL signature");
    CHECK(ar_minhash(NULL, 3, 3, 1, s2, 16, NULL) == AR_EARG, "NULL text");
    CHECK(ar_minhash_similarity(NULL, sa, 16) == 0.0, "NULL similarity");
    /* invalid UTF-8 and NUL bytes are fine */
    CHECK(ar_minhash("\xff\xfe\0abc \x80", 8, 2, 1, s2, 16, &wa) == AR_OK, "any bytes");
}

int main(void)
{
    test_stem();
    test_common_words();
    test_minhash();
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
