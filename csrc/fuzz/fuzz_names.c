/*
 * fuzz_names.c — the names lexicon and the context recognizer (names.c),
 * alone and with a gazetteer's matches, and the gazetteer matcher with the
 * lexicon's homograph rules.
 *
 * Input: byte 0 = flags (AR_NM_* in the low 3 bits; 0x08 run a small
 * gazetteer first and give its matches; 0x10 AR_GM_OVERLAP for it; 0x20
 * AR_NM_NO_MISC). Then
 * lexicon words, one a line, up to an empty line: the first byte of a line
 * gives the classes (its value times 37, masked to the AR_NAME_* bits),
 * the rest is the word. The rest of the input is the text.
 *
 * Oracles:
 *   - ar_names_add() succeeds, or fails with AR_EVALUE (not one word) or
 *     AR_EUTF8-free errors only for invalid input; ar_names_classes() of an
 *     added word includes its classes;
 *   - matching succeeds; every name lies inside the text (token_start <=
 *     start <= end <= len), is "PER", "ORG" or "MISC" (none of a type its
 *     AR_NM_NO_* flag turns off), has an id unless it is a mention of a
 *     gazetteer person, and names come in text order without overlapping;
 *   - the gazetteer's matches with the lexicon lie inside the text.
 */
#include "fuzz_common.h"

static ar_names_result *nr;
static ar_gaz_result *gr;
static ar_gazetteer *gaz;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    ar_gaz_builder *b;
    static const char *const names[][2] = {{"مسقط", "LOC"}, {"صور", "LOC"}, {"جدة", "LOC"},
                                           {"بريت ماكغورك", "PER"}, {"القاهرة", "LOC"},
                                           {"مدريد", "LOC"}, {"مودي", "PER"}};
    size_t i;
    int err;
    (void)argc;
    (void)argv;
    nr = ar_names_result_new();
    gr = ar_gaz_result_new();
    b = ar_gaz_builder_new(NULL, &err);
    FUZZ_CHECK(nr && gr && b, "allocation");
    for (i = 0; i < sizeof names / sizeof names[0]; i++) {
        ar_gaz_entry e;
        memset(&e, 0, sizeof e);
        e.name = names[i][0];
        e.name_len = strlen(names[i][0]);
        e.type = names[i][1];
        e.type_len = 3;
        FUZZ_CHECK(ar_gaz_add(b, &e, NULL) == AR_OK, "ar_gaz_add");
    }
    gaz = ar_gaz_compile(b, 0, &err);
    FUZZ_CHECK(gaz, "ar_gaz_compile: %d", err);
    ar_gaz_builder_free(b);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data, *end = p + size;
    unsigned flags;
    ar_names *nm;
    size_t i, n, prev_end = 0;
    int err;
    if (size < 1) return 0;
    flags = data[0];
    p++;
    nm = ar_names_new(&err);
    FUZZ_CHECK(nm, "ar_names_new: %d", err);
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        unsigned cls;
        if (len == 0) {
            p++;
            break;
        }
        cls = ((unsigned)(unsigned char)p[0] * 37u * 5u) & 0xFFFFu;
        err = ar_names_add(nm, p + 1, len - 1, cls);
        FUZZ_CHECK(err == AR_OK || err == AR_EVALUE, "ar_names_add: %d", err);
        if (err == AR_OK) {
            unsigned got = ar_names_classes(nm, p + 1, len - 1);
            FUZZ_CHECK((got & cls) == cls, "classes %u of an added word with %u", got, cls);
        }
        p += len + (nl ? 1 : 0);
    }
    {
        size_t tlen = (size_t)(end - p);
        const ar_gaz_result *g = NULL;
        if (flags & 0x08) {
            ar_gaz_match_opts o;
            memset(&o, 0, sizeof o);
            o.flags = (flags & 0x10) ? AR_GM_OVERLAP : 0;
            o.lexicon = nm;
            FUZZ_CHECK(ar_gaz_match_text(gaz, p, tlen, &o, gr) == AR_OK, "ar_gaz_match_text");
            for (i = 0; i < ar_gaz_result_count(gr); i++) {
                const ar_gaz_match *m = ar_gaz_result_get(gr, i);
                FUZZ_CHECK(m->token_start <= m->start && m->start <= m->end && m->end <= tlen,
                           "gazetteer match %zu..%zu outside %zu", m->start, m->end, tlen);
            }
            g = gr;
        }
        unsigned nmf = (flags & 7u) | ((flags & 0x20) ? AR_NM_NO_MISC : 0);
        err = ar_names_match(nm, p, tlen, g ? gaz : NULL, g, nmf, nr);
        FUZZ_CHECK(err == AR_OK, "ar_names_match: %d", err);
        n = ar_names_result_count(nr);
        for (i = 0; i < n; i++) {
            const ar_name_match *m = ar_names_result_get(nr, i);
            int per = strcmp(m->type, "PER") == 0, org = strcmp(m->type, "ORG") == 0,
                misc = strcmp(m->type, "MISC") == 0;
            FUZZ_CHECK(m->token_start <= m->start && m->start <= m->end && m->end <= tlen,
                       "name %zu..%zu outside %zu", m->start, m->end, tlen);
            FUZZ_CHECK(per || org || misc, "type %s", m->type);
            FUZZ_CHECK(!(per && (nmf & AR_NM_NO_PER)) && !(org && (nmf & AR_NM_NO_ORG)) &&
                           !(misc && (nmf & AR_NM_NO_MISC)),
                       "filtered type");
            FUZZ_CHECK(m->id_len > 0 || m->gaz != SIZE_MAX, "a name without an id");
            FUZZ_CHECK(m->gaz == SIZE_MAX || (g && m->gaz < ar_gaz_result_count(g)), "gazetteer index");
            FUZZ_CHECK(m->rule != NULL, "rule");
            FUZZ_CHECK(i == 0 || m->token_start >= prev_end, "names overlap or out of order");
            prev_end = m->end;
        }
    }
    ar_names_free(nm);
    return 0;
}
