/*
 * test_names.c — the names lexicon and recognizer from C (names.c), and
 * the gazetteer matcher's homograph rules with a lexicon.
 */
#include "arabic.h"
#include "check.h"
#include <stdlib.h>
#include <string.h>

static const char *sub(const char *s, size_t a, size_t b, char *buf)
{
    memcpy(buf, s + a, b - a);
    buf[b - a] = 0;
    return buf;
}

static void add(ar_names *nm, const char *w, unsigned c)
{
    CHECK(ar_names_add(nm, w, strlen(w), c) == AR_OK, "add %s", w);
}

int main(void)
{
    int err;
    char buf[256];
    ar_names *nm = ar_names_new(&err);
    ar_names_result *r = ar_names_result_new();
    const ar_name_match *m;
    const char *s;
    CHECK(nm && r, "new");
    add(nm, "الرئيس", AR_NAME_TITLE);
    add(nm, "قال", AR_NAME_SPEECH);
    add(nm, "جورج", AR_NAME_GIVEN);
    add(nm, "إن", AR_NAME_STOP);
    add(nm, "في", AR_NAME_STOP);
    add(nm, "جامعة", AR_NAME_ORG_HEAD | AR_NAME_ORG_HEAD_IN);
    add(nm, "صور", AR_NAME_HOMOGRAPH | AR_NAME_HOMOGRAPH_STRONG);
    CHECK(ar_names_count(nm) == 7, "count %zu", ar_names_count(nm));
    /* words are folded like text: أ = ا, classes are or-ed */
    CHECK(ar_names_classes(nm, "ان", 4) == AR_NAME_STOP, "folded");
    add(nm, "جورج", AR_NAME_COMMON);
    CHECK(ar_names_classes(nm, "جورج", strlen("جورج")) == (AR_NAME_GIVEN | AR_NAME_COMMON), "or-ed");
    CHECK(ar_names_classes(nm, "بوش", strlen("بوش")) == 0, "unknown");
    CHECK(ar_names_add(nm, "جورج بوش", strlen("جورج بوش"), AR_NAME_GIVEN) == AR_EVALUE, "two words");
    CHECK(ar_names_add(nm, "", 0, AR_NAME_GIVEN) == AR_EVALUE, "empty");
    CHECK(ar_names_add(NULL, "x", 1, 0) == AR_EARG, "NULL lexicon");
    ar_names_add(nm, "جورج", strlen("جورج"), 0);

    /* a title, then the name over unknown words up to a stop word */
    s = "وقال الرئيس كارلوس مندوزا إن الاتفاق قريب";
    CHECK(ar_names_match(nm, s, strlen(s), NULL, NULL, 0, r) == AR_OK, "match");
    CHECK(ar_names_result_count(r) == 1, "%zu names", ar_names_result_count(r));
    m = ar_names_result_get(r, 0);
    CHECK(m && strcmp(sub(s, m->start, m->end, buf), "كارلوس مندوزا") == 0, "got %s", buf);
    CHECK(m && strcmp(m->type, "PER") == 0 && strcmp(m->rule, "title") == 0, "type and rule");
    CHECK(m && m->id_len == strlen("كارلوس مندوزا") && memcmp(m->id, "كارلوس مندوزا", m->id_len) == 0, "id");

    /* a later mention by surname: same id */
    s = "قال كارلوس مندوزا إن ... في مندوزا";
    CHECK(ar_names_match(nm, s, strlen(s), NULL, NULL, 0, r) == AR_OK, "match");
    CHECK(ar_names_result_count(r) == 2, "%zu names", ar_names_result_count(r));
    if (ar_names_result_count(r) == 2) {
        const ar_name_match *a = ar_names_result_get(r, 0), *b = ar_names_result_get(r, 1);
        CHECK(b->coref && a->id_len == b->id_len && memcmp(a->id, b->id, a->id_len) == 0, "mention");
        CHECK(strcmp(sub(s, b->start, b->end, buf), "مندوزا") == 0, "mention text %s", buf);
    }
    CHECK(ar_names_match(nm, s, strlen(s), NULL, NULL, AR_NM_NO_COREF, r) == AR_OK &&
              ar_names_result_count(r) == 1, "no mentions");
    CHECK(ar_names_match(nm, s, strlen(s), NULL, NULL, AR_NM_NO_PER, r) == AR_OK &&
              ar_names_result_count(r) == 0, "no persons");

    /* an organization with a gazetteer place inside, which it drops */
    {
        ar_gaz_builder *b = ar_gaz_builder_new(NULL, &err);
        ar_gaz_entry e;
        ar_gazetteer *g;
        ar_gaz_result *gr = ar_gaz_result_new();
        ar_gaz_match_opts o;
        memset(&e, 0, sizeof e);
        e.name = "القاهرة";
        e.name_len = strlen(e.name);
        e.type = "LOC";
        e.type_len = 3;
        CHECK(ar_gaz_add(b, &e, NULL) == AR_OK, "gaz add");
        e.name = "صور";
        e.name_len = strlen(e.name);
        CHECK(ar_gaz_add(b, &e, NULL) == AR_OK, "gaz add");
        g = ar_gaz_compile(b, 0, &err);
        CHECK(g && gr, "compile");
        s = "درس في جامعة القاهرة";
        memset(&o, 0, sizeof o);
        o.lexicon = nm;
        CHECK(ar_gaz_match_text(g, s, strlen(s), &o, gr) == AR_OK && ar_gaz_result_count(gr) == 1, "gaz");
        CHECK(ar_names_match(nm, s, strlen(s), g, gr, 0, r) == AR_OK && ar_names_result_count(r) == 1, "org");
        m = ar_names_result_get(r, 0);
        CHECK(m && strcmp(sub(s, m->start, m->end, buf), "جامعة القاهرة") == 0 && strcmp(m->type, "ORG") == 0,
              "org %s", buf);
        CHECK(ar_names_result_drops(r, 0) == 1 && ar_names_result_drops(r, 1) == 0, "drop");
        /* the recognizer reads the classes the matcher looked up only while
         * the lexicon is the one matching used, unchanged: a word added in
         * between counts (القاهرة made a stop word ends the organization) */
        {
            ar_names *lx = ar_names_new(&err);
            add(lx, "جامعة", AR_NAME_ORG_HEAD | AR_NAME_ORG_HEAD_IN);
            o.lexicon = lx;
            CHECK(ar_gaz_match_text(g, s, strlen(s), &o, gr) == AR_OK && ar_gaz_result_count(gr) == 1, "gaz");
            CHECK(ar_names_match(lx, s, strlen(s), g, gr, 0, r) == AR_OK && ar_names_result_count(r) == 1, "org");
            CHECK(ar_gaz_match_text(g, s, strlen(s), &o, gr) == AR_OK && ar_gaz_result_count(gr) == 1, "gaz");
            add(lx, "القاهرة", AR_NAME_STOP);
            CHECK(ar_names_match(lx, s, strlen(s), g, gr, 0, r) == AR_OK && ar_names_result_count(r) == 0,
                  "a word added after matching: %zu names", ar_names_result_count(r));
            /* ... and another lexicon than matching's is read itself */
            CHECK(ar_gaz_match_text(g, s, strlen(s), &o, gr) == AR_OK, "gaz");
            CHECK(ar_names_match(nm, s, strlen(s), g, gr, 0, r) == AR_OK && ar_names_result_count(r) == 1,
                  "another lexicon: %zu names", ar_names_result_count(r));
            ar_names_free(lx);
            o.lexicon = nm;
        }
        /* homographs: صور "pictures" before a definite noun is no place,
         * with the lexicon; without it the gazetteer matches as before */
        s = "شاهدنا صور الأطفال";
        CHECK(ar_gaz_match_text(g, s, strlen(s), &o, gr) == AR_OK && ar_gaz_result_count(gr) == 0, "homograph");
        o.lexicon = NULL;
        CHECK(ar_gaz_match_text(g, s, strlen(s), &o, gr) == AR_OK && ar_gaz_result_count(gr) == 1, "no lexicon");
        ar_gaz_result_free(gr);
        ar_gaz_free(g);
        ar_gaz_builder_free(b);
    }

    /* words of every length (the lexicon's hash reads 4 or 8 bytes at a
     * time from both ends): each is found, and so is no word that differs
     * from it in one letter */
    {
        static const char *letters[] = {"ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر", "ز", "س", "ش", "ص", "ض"};
        char w[128], v[128];
        ar_names *lx = ar_names_new(&err);
        CHECK(lx != NULL, "new lexicon");
        for (size_t n = 1; n <= 24 && lx; n++) {
            w[0] = 0;
            for (size_t k = 0; k < n; k++) strcat(w, letters[(k * 5 + n) % 14]);
            add(lx, w, AR_NAME_GIVEN);
        }
        for (size_t n = 1; n <= 24 && lx; n++) {
            w[0] = 0;
            for (size_t k = 0; k < n; k++) strcat(w, letters[(k * 5 + n) % 14]);
            CHECK(ar_names_classes(lx, w, strlen(w)) == AR_NAME_GIVEN, "word of %zu letters", n);
            for (size_t k = 0; k < n; k++) {
                memcpy(v, w, strlen(w) + 1);
                memcpy(v + 2 * k, letters[(k * 5 + n + 1) % 14], 2);
                CHECK(ar_names_classes(lx, v, strlen(v)) == 0, "letter %zu of %zu changed", k, n);
            }
        }
        ar_names_free(lx);
    }

    /* a name word written with tanween is no name, wherever the tanween
     * is and however long the word (its bytes are read eight at a time);
     * the text is an exact-size copy so that a read past it is caught */
    {
        static const char *word = "كرلسمندوزتبغشظ", *tanween[] = {"\xD9\x8B", "\xD9\x8C", "\xD9\x8D"};
        for (size_t n = 2; n <= 14; n++) {
            for (size_t tw = 0; tw < 3; tw++) {
                for (size_t at = 1; at <= n; at++) {
                    char t[256], *copy;
                    size_t len, wl;
                    strcpy(t, "قال الرئيس ");
                    len = strlen(t);
                    memcpy(t + len, word, 2 * at);
                    len += 2 * at;
                    strcpy(t + len, tanween[tw]);
                    len += 2;
                    memcpy(t + len, word + 2 * at, 2 * (n - at));
                    len += 2 * (n - at);
                    wl = len - strlen("قال الرئيس ");
                    copy = malloc(len);
                    CHECK(copy != NULL, "malloc");
                    if (!copy) continue;
                    memcpy(copy, t, len);
                    CHECK(ar_names_match(nm, copy, len, NULL, NULL, 0, r) == AR_OK, "match");
                    for (size_t i = 0; i < ar_names_result_count(r); i++)
                        CHECK(ar_names_result_get(r, i)->end <= len - wl, "tanween at %zu of %zu letters", at, n);
                    /* without it the word is the name */
                    memcpy(copy + len - wl, word, 2 * n);
                    CHECK(ar_names_match(nm, copy, len - 2, NULL, NULL, 0, r) == AR_OK &&
                              ar_names_result_count(r) == 1 && ar_names_result_get(r, 0)->end == len - 2,
                          "plain word of %zu letters", n);
                    free(copy);
                }
            }
        }
    }

    /* mentions among many names: a surname's first person gives the id
     * (two persons share ...زبك), the 64 first persons are looked for */
    {
        static const char *l[] = {"ب", "ج", "د", "ر", "س", "ش", "ص", "ط", "ع", "غ", "ف", "ق"};
        char *t = malloc(20000), sur[70][32], want[64];
        size_t len = 0, n;
        CHECK(t != NULL, "malloc");
        for (n = 0; t && n < 70; n++) {
            snprintf(sur[n], sizeof sur[n], "كر%s%sز", l[n % 12], l[(n / 12) % 12]);
            if (n == 40) strcpy(sur[n], sur[3]);
            len += (size_t)sprintf(t + len, "قال الرئيس كارلوس %s إن . ", sur[n]);
        }
        if (t) {
            len += (size_t)sprintf(t + len, "%s . %s . %s", sur[3], sur[40], sur[68]);
            CHECK(ar_names_match(nm, t, len, NULL, NULL, 0, r) == AR_OK, "match");
            n = ar_names_result_count(r);
            CHECK(n == 72, "%zu names", n);
            if (n == 72) {
                const ar_name_match *m3 = ar_names_result_get(r, 3), *a = ar_names_result_get(r, 70),
                                    *b2 = ar_names_result_get(r, 71);
                snprintf(want, sizeof want, "كارلوس %s", sur[3]);
                CHECK(m3->id_len == strlen(want) && memcmp(m3->id, want, m3->id_len) == 0, "person 3");
                CHECK(a->coref && a->id_len == m3->id_len && memcmp(a->id, m3->id, a->id_len) == 0, "mention of 3");
                CHECK(b2->coref && b2->id_len == m3->id_len && memcmp(b2->id, m3->id, b2->id_len) == 0,
                      "a shared surname: the first person");
            }
            free(t);
        }
    }

    /* any bytes, the empty text, bad arguments */
    s = "\xff\xfe قال \x80 جورج";
    CHECK(ar_names_match(nm, s, strlen(s), NULL, NULL, 0, r) == AR_OK, "invalid UTF-8");
    for (size_t i = 0; i < ar_names_result_count(r); i++)
        CHECK(ar_names_result_get(r, i)->end <= strlen(s), "inside");
    CHECK(ar_names_match(nm, "", 0, NULL, NULL, 0, r) == AR_OK && ar_names_result_count(r) == 0, "empty");
    CHECK(ar_names_match(nm, NULL, 0, NULL, NULL, 0, r) == AR_OK, "NULL empty text");
    CHECK(ar_names_match(nm, NULL, 3, NULL, NULL, 0, r) == AR_EARG, "NULL text");
    CHECK(ar_names_match(NULL, "x", 1, NULL, NULL, 0, r) == AR_EARG, "NULL lexicon");
    CHECK(ar_names_result_get(r, 99) == NULL && ar_names_result_drops(r, 99) == 0, "out of range");
    ar_names_result_free(r);
    ar_names_free(nm);
    ar_names_free(NULL);
    ar_names_result_free(NULL);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
