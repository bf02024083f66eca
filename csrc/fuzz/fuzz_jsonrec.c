/*
 * fuzz_jsonrec.c — the JSON Lines record reader over arbitrary bytes.
 *
 * Input: the record, as is.
 *
 * Oracles:
 *   - it reads within the record (ASan) and says yes or no;
 *   - on yes, each field found is in bounds: a string's contents between
 *     two quotes, unescaped into no more bytes than they take; an integer
 *     of at most 15 digits (and a sign);
 *   - on yes, the record is a value too: {"w":RECORD,"text":""} reads
 *     (with "" as its text), and so does RECORD with white space around it.
 */
#include "fuzz_common.h"
#include "jsonrec.h"

static const char *const KEYS[3] = {"text", "id", "date"};

static void check_field(const char *s, size_t len, const ar_jfield *f)
{
    size_t i;
    switch (f->type) {
    case AR_JF_STRING: {
        char *d;
        size_t n;
        FUZZ_CHECK(f->start >= 1 && f->start + f->len < len, "string [%zu, +%zu) out of %zu bytes", f->start, f->len,
                   len);
        FUZZ_CHECK(s[f->start - 1] == '"' && s[f->start + f->len] == '"', "string at %zu not between quotes", f->start);
        d = malloc(f->len + 1);
        if (!d) abort();
        n = ar__json_unescape(s, f, d);
        FUZZ_CHECK(n <= f->len, "unescaped %zu bytes from %zu", n, f->len);
        FUZZ_CHECK(f->escapes || (n == f->len && memcmp(d, s + f->start, n) == 0), "a string without escapes changed");
        free(d);
        break;
    }
    case AR_JF_INTEGER:
        FUZZ_CHECK(f->start + f->len <= len && f->len >= 1 && f->len <= 16, "integer [%zu, +%zu)", f->start, f->len);
        for (i = s[f->start] == '-'; i < f->len; i++)
            FUZZ_CHECK(s[f->start + i] >= '0' && s[f->start + i] <= '9', "integer with %c", s[f->start + i]);
        break;
    default:
        FUZZ_CHECK(f->type == AR_JF_ABSENT || f->type == AR_JF_NULL, "bad type %d", f->type);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    ar_jfield f[3], g[3];
    char *w;
    int yes, k;
    size_t opens;
    yes = ar__json_fields(s, size, KEYS, 3, f);
    FUZZ_CHECK(yes == 0 || yes == 1, "answer %d", yes);
    if (yes)
        for (k = 0; k < 3; k++) check_field(s, size, &f[k]);
    /* the record inside another */
    w = malloc(size + 32);
    if (!w) abort();
    memcpy(w, "{\"w\":", 5);
    memcpy(w + 5, s, size);
    memcpy(w + 5 + size, ",\"text\":\"\"}", 11);
    /* (a record that is one object of plain fields is a plain value; one
     * level deeper, unless it nests near the reader's limit) */
    for (k = 0, opens = 0; (size_t)k < size; k++) opens += s[k] == '[' || s[k] == '{';
    if (yes && opens < 250) {
        FUZZ_CHECK(ar__json_fields(w, size + 16, KEYS, 3, g) == 1, "a record that reads does not read as a value");
        FUZZ_CHECK(g[0].type == AR_JF_STRING && g[0].len == 0, "the outer text is not read");
        w[0] = ' ';
        memcpy(w + 1, s, size);
        w[size + 1] = '\n';
        FUZZ_CHECK(ar__json_fields(w, size + 2, KEYS, 3, g) == 1, "white space around a record that reads");
    }
    free(w);
    return 0;
}
