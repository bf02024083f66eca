/*
 * fuzz_tokens.c — the tokenizer over arbitrary bytes.
 *
 * Input: the text, as is.
 *
 * Oracles:
 *   - tokens are non-empty, in bounds, increasing and non-overlapping, and
 *     the tokenizer always ends (at most one token per input byte);
 *   - every kind is valid (ar_token_kind_name() knows it);
 *   - tokens start and end on character boundaries (decoding from a
 *     token's start with ar_utf8_decode() lands exactly on its end);
 *   - only separators lie between tokens (white space, line breaks, format
 *     characters, joiners: "whitespace separates tokens and is skipped");
 *   - the first character fits the kind (a number starts with a digit, a
 *     word with a letter or mark, punctuation with punctuation ...);
 *   - tokenizing again from a token's start gives the same tokens.
 */
#include "fuzz_common.h"

static void check_first(const char *s, size_t len, const ar_token *t)
{
    int32_t c;
    int k;
    ar_utf8_decode(s + t->start, len - t->start, &c);
    k = ar_char_class(c);
    FUZZ_CHECK(!fuzz_is_gap_class(k), "token at %zu starts with a separator (U+%04X)", t->start, (unsigned)c);
    switch (t->kind) {
    case AR_TOK_WORD:
        FUZZ_CHECK(k == AR_C_ARABIC || k == AR_C_MARK || (k == AR_C_LETTER && !ar_char_is_latin(c)),
                   "word at %zu starts with class %d", t->start, k);
        break;
    case AR_TOK_LATIN:
        FUZZ_CHECK(k == AR_C_LETTER && ar_char_is_latin(c), "latin at %zu starts with class %d", t->start, k);
        break;
    case AR_TOK_NUMBER:
        FUZZ_CHECK(k == AR_C_DIGIT, "number at %zu starts with class %d", t->start, k);
        break;
    case AR_TOK_PUNCT:
        FUZZ_CHECK(k == AR_C_PUNCT, "punct at %zu starts with class %d", t->start, k);
        break;
    case AR_TOK_SYMBOL:
        FUZZ_CHECK(k == AR_C_SYMBOL, "symbol at %zu starts with class %d", t->start, k);
        break;
    case AR_TOK_URL:
        FUZZ_CHECK(c == 'h' || c == 'H' || c == 'f' || c == 'F' || c == 'w' || c == 'W',
                   "url at %zu starts with U+%04X", t->start, (unsigned)c);
        break;
    case AR_TOK_EMAIL:
        FUZZ_CHECK(c < 0x80 && (k == AR_C_LETTER || k == AR_C_DIGIT), "email at %zu starts with U+%04X", t->start, (unsigned)c);
        break;
    default:
        break;
    }
}

/* Decoding [a, b) character by character: 1 if it lands on b; gap: only
 * separators allowed. */
static int walk(const char *s, size_t a, size_t b, int gap)
{
    while (a < b) {
        int32_t c;
        size_t l = ar_utf8_decode(s + a, b - a, &c);
        if (gap && !fuzz_is_gap_class(ar_char_class(c))) return 0;
        a += l;
    }
    return a == b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    ar_tokenizer tk;
    ar_token t, u;
    size_t prev = 0, n = 0, second = (size_t)-1;

    ar_tokenizer_init(&tk, s, size);
    while (ar_tokenizer_next(&tk, &t)) {
        FUZZ_CHECK(++n <= size, "more tokens than bytes");
        FUZZ_CHECK(t.start >= prev && t.start < t.end && t.end <= size,
                   "token %zu [%zu, %zu) after %zu in %zu bytes", n, t.start, t.end, prev, size);
        FUZZ_CHECK(t.kind >= AR_TOK_WORD && t.kind <= AR_TOK_OTHER && strcmp(ar_token_kind_name(t.kind), "?") != 0,
                   "bad kind %d", t.kind);
        FUZZ_CHECK(tk.pos == t.end, "cursor %zu after a token ending at %zu", tk.pos, t.end);
        FUZZ_CHECK(walk(s, prev, t.start, 1), "non-separator between %zu and %zu", prev, t.start);
        FUZZ_CHECK(walk(s, t.start, t.end, 0), "token [%zu, %zu) ends inside a character", t.start, t.end);
        check_first(s, size, &t);
        if (n == 2) second = t.start;
        prev = t.end;
    }
    FUZZ_CHECK(tk.pos >= prev && tk.pos <= size, "final cursor %zu", tk.pos);
    FUZZ_CHECK(walk(s, prev, size, 1), "non-separator after the last token (%zu)", prev);
    FUZZ_CHECK(!ar_tokenizer_next(&tk, &t), "a token after the end");

    /* restarting at a token's start: the same tokens from there on */
    if (second != (size_t)-1) {
        ar_tokenizer tk2;
        ar_tokenizer_init(&tk, s, size);
        ar_tokenizer_init(&tk2, s, size);
        tk2.pos = second;
        while (ar_tokenizer_next(&tk, &t) && t.start < second) {}
        if (t.start == second) {
            do {
                FUZZ_CHECK(ar_tokenizer_next(&tk2, &u), "restart: fewer tokens");
                FUZZ_CHECK(u.start == t.start && u.end == t.end && u.kind == t.kind,
                           "restart: token [%zu, %zu) kind %d vs [%zu, %zu) kind %d", u.start, u.end,
                           u.kind, t.start, t.end, t.kind);
            } while (ar_tokenizer_next(&tk, &t));
            FUZZ_CHECK(!ar_tokenizer_next(&tk2, &u), "restart: more tokens");
        }
    }
    /* a NULL text is empty */
    ar_tokenizer_init(&tk, NULL, 5);
    FUZZ_CHECK(!ar_tokenizer_next(&tk, &t), "token in a NULL text");
    return 0;
}
