/*
 * regex.c — the PCRE2 wrapper (UTF + UCP mode, JIT, match limits).
 *
 * For now it reports the linked PCRE2 version; patterns arrive with the
 * dates work.
 */
#include "internal.h"
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

int ar_pcre2_version(char *buf, size_t n)
{
    char v[64];
    int len = pcre2_config(PCRE2_CONFIG_VERSION, v);
    if (len < 0 || !buf) return AR_EARG;
    if ((size_t)len > n) return AR_ESPACE;
    memcpy(buf, v, (size_t)len); /* len counts the terminating NUL */
    return AR_OK;
}
