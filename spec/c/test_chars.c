/*
 * test_chars.c — the public character API (ar_char_class, ar_char_is_latin,
 * ar_char_digit) at the edges of its ranges: the first and last code point
 * of each range it names, and the neighbours it leaves out (× and ÷ inside
 * Latin-1, the ordinal indicators); and ar_strerror's text for every error
 * code. Prints "N passed, N failed".
 */
#include <stdio.h>
#include <string.h>
#include "arabic.h"

#include "check.h"

static void cls(int32_t cp, int want)
{
    int got = ar_char_class(cp);
    CHECK(got == want, "ar_char_class(U+%04X) = %d, want %d", (unsigned)cp, got, want);
}

static void latin(int32_t cp, int want)
{
    int got = ar_char_is_latin(cp) != 0;
    CHECK(got == want, "ar_char_is_latin(U+%04X) = %d, want %d", (unsigned)cp, got, want);
}

static void digit(int32_t cp, int want)
{
    int got = ar_char_digit(cp);
    CHECK(got == want, "ar_char_digit(U+%04X) = %d, want %d", (unsigned)cp, got, want);
}

static void message(int err, const char *want)
{
    const char *got = ar_strerror(err);
    CHECK(got && strcmp(got, want) == 0, "ar_strerror(%d) = \"%s\", want \"%s\"", err, got ? got : "(null)", want);
}

int main(void)
{
    message(AR_OK, "no error");
    message(AR_ENOMEM, "out of memory");
    message(AR_EARG, "invalid argument");
    message(AR_EOPTION, "unknown option");
    message(AR_EVALUE, "invalid option value");
    message(AR_EUTF8, "invalid UTF-8");
    message(AR_ETOOBIG, "input too large");
    message(AR_ESPACE, "buffer too small");
    message(AR_EIO, "input/output error");
    message(AR_EFORMAT, "bad file format");
    message(AR_ELIMIT, "match limit exceeded (pattern backtracks too much)");
    message(-99, "unknown error");

    /* Latin letters: ASCII, Latin-1 without × ÷, the extended blocks */
    latin('A', 1); latin('Z', 1); latin('a', 1); latin('z', 1);
    latin('@', 0); latin('[', 0); latin('`', 0); latin('{', 0); latin('5', 0);
    latin(0x00C0, 1); latin(0x00D6, 1); latin(0x00D7, 0); latin(0x00D8, 1);
    latin(0x00F6, 1); latin(0x00F7, 0); latin(0x00F8, 1); latin(0x024F, 1);
    latin(0x00AA, 1); latin(0x00BA, 1); latin(0x00BF, 0);
    latin(0x1E00, 1); latin(0x1EFF, 1); latin(0xFF21, 1); latin(0xFF5A, 1);
    latin(0x0627, 0); latin(0x03B1, 0); latin(0x0416, 0); latin(-1, 0);

    cls(' ', AR_C_SPACE); cls('\t', AR_C_SPACE); cls(0x00A0, AR_C_SPACE); cls(0x2009, AR_C_SPACE);
    cls('\n', AR_C_NEWLINE); cls('\r', AR_C_NEWLINE); cls('\f', AR_C_NEWLINE); cls(0x0085, AR_C_NEWLINE);
    cls(0x2028, AR_C_NEWLINE); cls(0x2029, AR_C_NEWLINE);
    cls(0x0621, AR_C_ARABIC); cls(0x063A, AR_C_ARABIC); cls(0x0640, AR_C_ARABIC); cls(0x0641, AR_C_ARABIC);
    cls(0x064A, AR_C_ARABIC); cls(0x06CC, AR_C_ARABIC); cls(0xFDFA, AR_C_ARABIC); cls(0xFEFB, AR_C_ARABIC);
    cls(0x064B, AR_C_MARK); cls(0x0652, AR_C_MARK); cls(0x0670, AR_C_MARK); cls(0x0301, AR_C_MARK);
    cls('0', AR_C_DIGIT); cls('9', AR_C_DIGIT); cls(0x0660, AR_C_DIGIT); cls(0x0669, AR_C_DIGIT);
    cls(0x06F0, AR_C_DIGIT); cls(0x06F9, AR_C_DIGIT);
    cls('A', AR_C_LETTER); cls(0x00E9, AR_C_LETTER); cls(0x03B1, AR_C_LETTER);
    cls('.', AR_C_PUNCT); cls(0x060C, AR_C_PUNCT); cls(0x061F, AR_C_PUNCT); cls(0x00AB, AR_C_PUNCT);
    cls('$', AR_C_SYMBOL); cls('+', AR_C_SYMBOL); cls(0x00D7, AR_C_SYMBOL); cls(0x00F7, AR_C_SYMBOL);
    cls(0x200C, AR_C_JOINER); cls(0x200D, AR_C_JOINER);
    cls(0x200F, AR_C_FORMAT); cls(0x061C, AR_C_FORMAT); cls(0xFEFF, AR_C_FORMAT);
    cls(0x0000, AR_C_OTHER); cls(0x007F, AR_C_OTHER); cls(-1, AR_C_OTHER); cls(0x110000, AR_C_OTHER);

    digit('0', 0); digit('9', 9); digit(0x0660, 0); digit(0x0663, 3); digit(0x0669, 9);
    digit(0x06F0, 0); digit(0x06F5, 5); digit(0x06F9, 9);
    digit('a', -1); digit(0x065F, -1); digit(0x066A, -1); digit(0x06EF, -1); digit(0x06FA, -1);

    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
