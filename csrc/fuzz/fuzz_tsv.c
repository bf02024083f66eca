/*
 * fuzz_tsv.c — the file loaders: gazetteer TSV sources (ar_gaz_load_tsv)
 * and abbreviation lists (ar_abbrevs_load).
 *
 * Input: byte 0 = 0x01 strict TSV loading, 0x02 load the same bytes as an
 * abbreviation list too; the rest is the file's content (written to a
 * temporary file, since both loaders read paths).
 *
 * Oracles:
 *   - ar_gaz_load_tsv() returns AR_OK or AR_EFORMAT (its ar_error with a
 *     message and a bad line then); data lines = added + skipped when not
 *     strict, the first skipped line described; strict loading stops at the
 *     first bad line; the builder holds the entries added, and compiles;
 *   - ar_abbrevs_load() returns AR_OK or AR_EVALUE with the bad line.
 */
#include "fuzz_common.h"

static const char *path; /* the scratch file */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    path = fuzz_scratch_path("fuzz_tsv");
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_bytes in = {data, size};
    unsigned head = fuzz_take(&in);
    int strict = head & 1, err = 0, rc;
    ar_gaz_builder *b;
    ar_gaz_load_info info;
    ar_error e;
    ar_gazetteer *g;
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL, "cannot write %s", path);
    FUZZ_CHECK(fwrite(in.p, 1, in.n, f) == in.n && fclose(f) == 0, "write %s", path);

    b = ar_gaz_builder_new(NULL, &err);
    FUZZ_CHECK(b != NULL, "ar_gaz_builder_new: %s", ar_strerror(err));
    memset(&info, 0xAB, sizeof info);
    memset(&e, 0xAB, sizeof e);
    rc = ar_gaz_load_tsv(b, path, strict, &info, &e);
    FUZZ_CHECK(rc == AR_OK || rc == AR_EFORMAT, "ar_gaz_load_tsv: %s", ar_strerror(rc));
    FUZZ_CHECK(ar_gaz_builder_count(b) == info.added, "%zu entries, %zu added", ar_gaz_builder_count(b), info.added);
    FUZZ_CHECK(info.added + info.skipped <= info.lines, "added %zu + skipped %zu > lines %zu", info.added,
               info.skipped, info.lines);
    if (rc == AR_EFORMAT)
        FUZZ_CHECK(e.code == rc && e.line > 0 && e.message[0] && memchr(e.message, '\0', sizeof e.message),
                   "AR_EFORMAT without a line/message");
    if (rc == AR_OK && !strict) FUZZ_CHECK(info.added + info.skipped == info.lines, "lines not accounted for");
    if (strict) FUZZ_CHECK(info.skipped == 0, "strict loading skipped lines");
    if (info.skipped)
        FUZZ_CHECK(info.first_skipped.line > 0 && info.first_skipped.message[0] &&
                       memchr(info.first_skipped.message, '\0', sizeof info.first_skipped.message),
                   "skipped lines without a first bad line");
    else if (rc == AR_OK) FUZZ_CHECK(info.first_skipped.code == AR_OK, "a first skipped line, none skipped");
    g = ar_gaz_compile(b, 1, &err);
    FUZZ_CHECK(g != NULL, "ar_gaz_compile: %s", ar_strerror(err));
    ar_gaz_free(g);
    ar_gaz_builder_free(b);

    if (head & 2) {
        ar_abbrevs *a = ar_abbrevs_new(&err);
        FUZZ_CHECK(a != NULL, "ar_abbrevs_new");
        e.line = 12345;
        rc = ar_abbrevs_load(a, path, &e);
        FUZZ_CHECK(rc == AR_OK || (rc == AR_EVALUE && e.code == rc && e.line > 0 && e.message[0]),
                   "ar_abbrevs_load: %s at %zu", ar_strerror(rc), e.line);
        ar_abbrevs_free(a);
    }
    return 0;
}
