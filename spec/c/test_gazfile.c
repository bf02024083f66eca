/*
 * test_gazfile.c — the checks a compiled gazetteer file goes through when it
 * is opened (csrc/gaz_file.c), each one alone: a file that breaks exactly
 * one rule, with its header checksum made valid again where the rule is not
 * the checksum itself, must be refused with that rule's message. (A flipped
 * byte alone only ever reaches the checksums.) Prints "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "arabic.h"
#include "gaz.h"
#include "hash.h"

#include "check.h"

static void add(ar_gaz_builder *b, const char *name, const char *type, const char *id)
{
    ar_gaz_entry e;
    memset(&e, 0, sizeof e);
    e.name = name;
    e.name_len = strlen(name);
    e.type = type;
    e.type_len = strlen(type);
    e.id = id;
    e.id_len = strlen(id);
    CHECK(ar_gaz_add(b, &e, NULL) == AR_OK, "add %s", name);
}

/* A small gazetteer saved and read back as bytes. */
static unsigned char *saved(size_t *len)
{
    int err = 0;
    char path[] = "/tmp/test_gazfile_XXXXXX";
    int fd = mkstemp(path);
    ar_gaz_builder *b = ar_gaz_builder_new(NULL, &err);
    ar_gazetteer *g;
    unsigned char *data = NULL;
    FILE *f;
    long n;
    if (fd < 0 || !b) abort();
    close(fd);
    add(b, "مسقط", "LOC", "muscat");
    add(b, "بريت ماكغورك", "PER", "brett-mcgurk");
    add(b, "فاينانشال تايمز", "ORG", "ft");
    g = ar_gaz_compile(b, 1, &err);
    if (!g || ar_gaz_save(g, path, NULL) != AR_OK) abort();
    f = fopen(path, "rb");
    if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET)) abort();
    data = malloc((size_t)n + 16);
    if (!data || fread(data, 1, (size_t)n, f) != (size_t)n) abort();
    fclose(f);
    remove(path);
    ar_gaz_free(g);
    ar_gaz_builder_free(b);
    *len = (size_t)n;
    return data;
}

/* Make the header checksum valid again after an edit of the header. */
static void reseal(unsigned char *d)
{
    unsigned char hh[GAZ_HEADER + 16 * S_COUNT];
    memcpy(hh, d, sizeof hh);
    gaz_put32(hh + 36, 0);
    gaz_put32(d + 36, (uint32_t)ar__hash(hh, sizeof hh));
}

/* Open a copy of d after edit(copy); expect a refusal whose message has
 * want (or success when want is NULL). */
static void expect_open(const unsigned char *d, size_t len, size_t extra, void (*edit)(unsigned char *, size_t),
                        int verify, const char *want, const char *what)
{
    unsigned char *c = calloc(1, len + extra + 1);
    ar_error err = {0};
    ar_gazetteer *g;
    if (!c) abort();
    memcpy(c, d, len);
    if (edit) edit(c, len);
    g = ar_gaz_from_memory(c, len + extra, verify, &err);
    if (want)
        CHECK(!g && err.code == AR_EFORMAT && strstr(err.message, want), "%s: want an error with \"%s\", got %s \"%s\"",
              what, want, g ? "success" : "error", err.message);
    else
        CHECK(g != NULL, "%s: opens (%s)", what, err.message);
    ar_gaz_free(g);
    free(c);
}

static size_t sec_off_at(size_t i) { return GAZ_HEADER + 16 * i; }

static void size_past_end(unsigned char *d, size_t len)
{
    uint64_t off = gaz_get64(d + sec_off_at(S_STR));
    gaz_put64(d + sec_off_at(S_STR) + 8, (uint64_t)(len - GAZ_BODY_START) - off + 8);
    reseal(d);
}

static void offset_past_end(unsigned char *d, size_t len)
{
    gaz_put64(d + sec_off_at(S_NODE), (uint64_t)(len - GAZ_BODY_START) + 8);
    reseal(d);
}

static void misaligned(unsigned char *d, size_t len)
{
    (void)len;
    gaz_put64(d + sec_off_at(S_TOK), gaz_get64(d + sec_off_at(S_TOK)) + 4);
    reseal(d);
}

static void body_checksum_field(unsigned char *d, size_t len)
{
    (void)len;
    d[24] ^= 1; /* the stored body checksum: only the header checksum sees it */
}

static void version(unsigned char *d, size_t len)
{
    (void)len;
    gaz_put32(d + 8, GAZ_VERSION + 1);
    reseal(d);
}

static void byte_order(unsigned char *d, size_t len)
{
    (void)len;
    gaz_put32(d + 12, 0x04030201u);
    reseal(d);
}

static void body_byte(unsigned char *d, size_t len)
{
    d[len - 3] ^= 0x40; /* inside the last section of the body */
}

static void nothing(unsigned char *d, size_t len)
{
    (void)d;
    (void)len;
}

/* The distinct types, read back from the file: LOC, PER, ORG (each once,
 * in some order), nothing past the last. */
static void types_of_the_file(const unsigned char *d, size_t len)
{
    ar_gazetteer *g = ar_gaz_from_memory(d, len, 1, NULL);
    ar_gaz_stats st;
    const char *t;
    size_t i, tl, seen = 0;
    CHECK(g != NULL, "open for the types");
    if (!g) return;
    ar_gaz_stats_get(g, &st);
    CHECK(st.types == 3, "three types, got %zu", st.types);
    for (i = 0; i < st.types; i++) {
        CHECK(ar_gaz_type_at(g, i, &t, &tl) == AR_OK, "type %zu", i);
        if (tl == 3 && memcmp(t, "LOC", 3) == 0) seen |= 1;
        if (tl == 3 && memcmp(t, "PER", 3) == 0) seen |= 2;
        if (tl == 3 && memcmp(t, "ORG", 3) == 0) seen |= 4;
    }
    CHECK(seen == 7, "LOC, PER and ORG among the types");
    CHECK(ar_gaz_type_at(g, st.types, &t, &tl) == AR_EARG, "nothing past the last type");
    CHECK(ar_gaz_type_at(NULL, 0, &t, &tl) == AR_EARG, "no gazetteer");
    ar_gaz_free(g);
}

/* Names matched only as written: the text's surface is compared as the
 * exact normalizer makes it (marks and tatweel dropped, hamza and alef
 * kept), whether matching normalizes it or, for plain letters, compares it
 * as it is (g->exact_plain, which a gazetteer has when attached). */
static void exact_surfaces(void)
{
    static const struct {
        const char *text;
        size_t n;
    } cases[] = {
        {"زار أحمد مسقط", 1},             {"زار احمد مسقط", 0},
        {"زار أَحْمَد مسقط", 1},          {"زار أحـمد مسقط", 1},
        {"زار إحمد مسقط", 0},             {"زار أحمدي مسقط", 0},
        {"زار أحمد\xe2\x80\x8c مسقط", 1}, {"زار بأحمد مسقط", 0},
    };
    int err = 0;
    ar_gaz_builder *b = ar_gaz_builder_new(NULL, &err);
    ar_gaz_result *r = ar_gaz_result_new();
    ar_gazetteer *g;
    ar_gaz_entry e;
    size_t k;
    if (!b || !r) abort();
    memset(&e, 0, sizeof e);
    e.name = "أحمد";
    e.name_len = strlen(e.name);
    e.type = "PER";
    e.type_len = 3;
    e.id = "ahmad";
    e.id_len = 5;
    e.flags = AR_GAZ_EXACT_ONLY;
    CHECK(ar_gaz_add(b, &e, NULL) == AR_OK, "add %s", e.name);
    g = ar_gaz_compile(b, 1, &err);
    if (!g) abort();
    CHECK(g->exact_plain, "the exact normalizer keeps plain letters");
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        CHECK(ar_gaz_match_text(g, cases[k].text, strlen(cases[k].text), NULL, r) == AR_OK, "match %s",
              cases[k].text);
        CHECK(ar_gaz_result_count(r) == cases[k].n, "%s: %zu matches, want %zu", cases[k].text,
              ar_gaz_result_count(r), cases[k].n);
    }
    ar_gaz_result_free(r);
    ar_gaz_free(g);
    ar_gaz_builder_free(b);
}

/* gaz_hash (gaz.h) reads the tail of a token with whole-word loads: it
 * must give what ar__hash gives, the hash stored in every file, for every
 * length and alignment. */
static void same_hashes(void)
{
    unsigned char buf[80];
    size_t len, off, i, bad = 0;
    for (i = 0; i < sizeof buf; i++) buf[i] = (unsigned char)(i * 151 + 7);
    for (off = 0; off < 8; off++)
        for (len = 0; off + len <= sizeof buf && len <= 64; len++)
            if (gaz_hash(buf + off, len) != ar__hash(buf + off, len)) bad++;
    CHECK(bad == 0, "%zu lengths hash differently", bad);
    CHECK(gaz_hash((const unsigned char *)"\xD9\x85\xD8\xB5\xD8\xB1", 6) ==
              ar__hash("\xD9\x85\xD8\xB5\xD8\xB1", 6), "a word");
}

int main(void)
{
    same_hashes();
    size_t len;
    unsigned char *d = saved(&len);
    CHECK(len > GAZ_BODY_START, "file of %zu bytes", len);
    CHECK(gaz_get64(d + 16) == len - GAZ_BODY_START, "the header's body length");
    expect_open(d, len, 0, NULL, 1, NULL, "the file as saved");
    expect_open(d, len, 0, nothing, -1, NULL, "the file as saved, auto verify");
    expect_open(d, len, 0, size_past_end, 0, "section outside the file", "a section's size past the end");
    expect_open(d, len, 0, offset_past_end, 0, "section outside the file", "a section's offset past the end");
    expect_open(d, len, 0, misaligned, 0, "misaligned section", "a section 4 bytes off");
    expect_open(d, len, 0, body_checksum_field, 0, "header checksum mismatch", "the header edited");
    expect_open(d, len, 0, version, 0, "unsupported format version", "another format version");
    expect_open(d, len, 0, byte_order, 0, "another byte order", "another byte order");
    /* a byte more than the header says, or a byte less */
    expect_open(d, len, 1, nothing, 1, "file size does not match", "one trailing byte");
    expect_open(d, len - 1, 0, nothing, 0, "file size does not match", "one byte cut");
    /* the body checksum: always with verify = 1, by default (-1) for a file
     * this small, never with 0 */
    expect_open(d, len, 0, body_byte, 1, "checksum mismatch (corrupt file)", "a body byte, verify");
    expect_open(d, len, 0, body_byte, -1, "checksum mismatch (corrupt file)", "a body byte, auto verify");
    types_of_the_file(d, len);
    exact_surfaces();
    free(d);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
