/*
 * chars.c — character classes for the tokenizer and the sentence splitter.
 *
 * One place decides what a letter, a mark, a digit or a space is. ASCII and
 * the core Arabic letters are answered inline (they are most of the text);
 * everything else asks utf8proc's Unicode tables.
 */
#include "internal.h"
#include <utf8proc.h>

static int arabic_script(int32_t c)
{
    return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
           (c >= 0x0870 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
           (c >= 0xFE70 && c <= 0xFEFF) || (c >= 0x1EE00 && c <= 0x1EEFF) ||
           (c >= 0x10E60 && c <= 0x10E7F);
}

int ar_char_is_latin(int32_t c)
{
    if (c < 0x80) return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    return (c >= 0x00C0 && c <= 0x024F && c != 0xD7 && c != 0xF7) ||
           (c >= 0x0250 && c <= 0x02AF) || (c >= 0x1D00 && c <= 0x1DBF) ||
           (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x2C60 && c <= 0x2C7F) ||
           (c >= 0xA720 && c <= 0xA7FF) || (c >= 0xAB30 && c <= 0xAB6F) ||
           (c >= 0xFB00 && c <= 0xFB06) || (c >= 0xFF21 && c <= 0xFF3A) ||
           (c >= 0xFF41 && c <= 0xFF5A) || c == 0xAA || c == 0xBA;
}

int ar_char_digit(int32_t c) { return ar__digit(c); }

static int ascii_class(int32_t c)
{
    if (c == ' ' || c == '\t') return AR_C_SPACE;
    if (c == '\n' || c == '\r' || c == '\v' || c == '\f') return AR_C_NEWLINE;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return AR_C_LETTER;
    if (c >= '0' && c <= '9') return AR_C_DIGIT;
    if (c < 0x20 || c == 0x7F) return AR_C_OTHER;
    switch (c) {
    case '$': case '+': case '<': case '=': case '>': case '^': case '`':
    case '|': case '~':
        return AR_C_SYMBOL;
    default:
        return AR_C_PUNCT;
    }
}

int ar_char_class(int32_t c)
{
    if (c < 0) return AR_C_OTHER;
    if (c < 0x80) return ascii_class(c);
    /* the Arabic letters proper: the bulk of our text */
    if ((c >= 0x0621 && c <= 0x063A) || (c >= 0x0641 && c <= 0x064A)) return AR_C_ARABIC;
    if (c == 0x0085 || c == 0x2028 || c == 0x2029) return AR_C_NEWLINE;
    if (c == 0x200C || c == 0x200D) return AR_C_JOINER;
    if (c > 0x10FFFF) return AR_C_OTHER;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_ZS:
        return AR_C_SPACE;
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return arabic_script(c) ? AR_C_ARABIC : AR_C_LETTER;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return AR_C_MARK;
    case UTF8PROC_CATEGORY_ND:
        return AR_C_DIGIT;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return AR_C_PUNCT;
    case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC: case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
        return AR_C_SYMBOL;
    case UTF8PROC_CATEGORY_CF:
        return AR_C_FORMAT;
    case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
        return AR_C_NEWLINE;
    default:
        return AR_C_OTHER;
    }
}
