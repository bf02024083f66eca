/*
 * regex.c — the PCRE2 wrapper: UTF + UCP mode, JIT when available, match
 * and depth limits so that a pathological pattern fails with an error
 * instead of hanging, and invalid UTF-8 in subjects matched around rather
 * than rejected (PCRE2_MATCH_INVALID_UTF).
 *
 * A compiled ar_regex is immutable and may be shared by threads; the match
 * state (ar_regex_match) belongs to one thread at a time.
 */
#include "internal.h"
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>
#include <stdio.h>

int ar_pcre2_version(char *buf, size_t n)
{
    char v[64];
    int len = pcre2_config(PCRE2_CONFIG_VERSION, v);
    if (len < 0 || !buf) return AR_EARG;
    if ((size_t)len > n) return AR_ESPACE;
    memcpy(buf, v, (size_t)len); /* len counts the terminating NUL */
    return AR_OK;
}

static const ar_flag_name regex_flags[] = {
    {"i", AR_RE_CASELESS}, {"m", AR_RE_MULTILINE}, {"s", AR_RE_DOTALL},
    {"x", AR_RE_EXTENDED}, {"A", AR_RE_ANCHORED},  {"J", AR_RE_NO_JIT},
    {NULL, 0},
};

const ar_flag_name *ar_regex_flag_names(void) { return regex_flags; }

struct ar_regex {
    pcre2_code *code;
    int jit;
    int at;             /* compiled with PCRE2_USE_OFFSET_LIMIT (AR_RE_AT) */
    uint32_t ncap;      /* capture groups, not counting the whole match */
    uint32_t match_limit, depth_limit;
};

struct ar_regex_match {
    pcre2_match_data *md;
    pcre2_match_context *mc;
    pcre2_jit_stack *stack;
    const ar_regex *re;
    int rc;             /* last result: pairs set, or 0 */
};

/* Defaults: generous for real patterns, small enough that catastrophic
 * backtracking gives up in well under a second. */
#define MATCH_LIMIT 10000000u
#define DEPTH_LIMIT 100000u

ar_regex *ar_regex_new(const char *pattern, size_t len, unsigned flags, ar_error *err)
{
    ar_regex *re;
    char *copy;
    int code = 0;
    PCRE2_SIZE off = 0;
    uint32_t opt = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
    if (!pattern) {
        ar__fail(err, AR_EARG, 0, NULL);
        return NULL;
    }
    if (flags & AR_RE_CASELESS) opt |= PCRE2_CASELESS;
    if (flags & AR_RE_MULTILINE) opt |= PCRE2_MULTILINE;
    if (flags & AR_RE_DOTALL) opt |= PCRE2_DOTALL;
    if (flags & AR_RE_EXTENDED) opt |= PCRE2_EXTENDED;
    if (flags & AR_RE_ANCHORED) opt |= PCRE2_ANCHORED;
    if (flags & AR_RE_AT) opt |= PCRE2_USE_OFFSET_LIMIT;
    re = calloc(1, sizeof *re);
    /* PCRE2 10.42 (Debian 12) reads the digits of a leading
     * "(*LIMIT_MATCH=" (and _HEAP, _DEPTH) past the pattern's length, up to
     * a non-digit: a pattern cut after "=1" with "23)" next in memory
     * compiles with a start past its end and asks malloc for (size_t)-4.
     * A private copy ending in NUL stops that read at the end. */
    copy = len < SIZE_MAX ? malloc(len + 1) : NULL;
    if (!re || !copy) {
        free(re);
        free(copy);
        ar__fail(err, AR_ENOMEM, 0, NULL);
        return NULL;
    }
    if (len) memcpy(copy, pattern, len);
    copy[len] = '\0';
    re->code = pcre2_compile((PCRE2_SPTR)copy, len, opt, &code, &off, NULL);
    free(copy);
    if (!re->code) {
        PCRE2_UCHAR buf[256];
        pcre2_get_error_message(code, buf, sizeof buf);
        ar__fail(err, AR_EVALUE, 0, "%s", (const char *)buf);
        /* PCRE2 10.42 reports len + 1 for a truncated "(*LIMIT_MATCH=1":
         * keep the offset inside the pattern */
        if (err) err->offset = off > len ? len : off;
        free(re);
        return NULL;
    }
    if (!(flags & AR_RE_NO_JIT) && pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0) re->jit = 1;
    pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &re->ncap);
    re->at = (flags & AR_RE_AT) != 0;
    re->match_limit = MATCH_LIMIT;
    re->depth_limit = DEPTH_LIMIT;
    return re;
}

void ar_regex_free(ar_regex *re)
{
    if (!re) return;
    pcre2_code_free(re->code);
    free(re);
}

size_t ar_regex_groups(const ar_regex *re) { return re ? re->ncap : 0; }
int ar_regex_jit(const ar_regex *re) { return re ? re->jit : 0; }

int ar_regex_name(const ar_regex *re, size_t i, const char **name, size_t *group)
{
    uint32_t count = 0, size = 0;
    PCRE2_SPTR table;
    if (!re) return AR_EARG;
    pcre2_pattern_info(re->code, PCRE2_INFO_NAMECOUNT, &count);
    if (i >= count) return AR_EARG;
    pcre2_pattern_info(re->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
    pcre2_pattern_info(re->code, PCRE2_INFO_NAMETABLE, &table);
    table += i * size;
    *group = ((size_t)table[0] << 8) | table[1];
    *name = (const char *)table + 2;
    return AR_OK;
}

/* A caller's limit for PCRE2's 32-bit one: 0 = the default; a larger value
 * than PCRE2 can hold means "as many as it allows" (a plain cast would wrap
 * 2^32 to 0 and fail every match). */
static uint32_t limit_of(size_t limit, uint32_t deflt)
{
    if (limit == 0) return deflt;
    return limit > UINT32_MAX ? UINT32_MAX : (uint32_t)limit;
}

ar_regex_match *ar_regex_match_new(const ar_regex *re, size_t match_limit, size_t depth_limit)
{
    ar_regex_match *m;
    if (!re) return NULL;
    m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->re = re;
    m->md = pcre2_match_data_create_from_pattern(re->code, NULL);
    m->mc = pcre2_match_context_create(NULL);
    if (!m->md || !m->mc) {
        ar_regex_match_free(m);
        return NULL;
    }
    pcre2_set_match_limit(m->mc, limit_of(match_limit, re->match_limit));
    pcre2_set_depth_limit(m->mc, limit_of(depth_limit, re->depth_limit));
    if (re->jit) {
        /* a JIT stack of its own: deep patterns fail with a limit error
         * rather than overflowing a shared one */
        m->stack = pcre2_jit_stack_create(32 * 1024, 4 * 1024 * 1024, NULL);
        if (m->stack) pcre2_jit_stack_assign(m->mc, NULL, m->stack);
    }
    return m;
}

void ar_regex_match_free(ar_regex_match *m)
{
    if (!m) return;
    pcre2_match_data_free(m->md);
    pcre2_match_context_free(m->mc);
    if (m->stack) pcre2_jit_stack_free(m->stack);
    free(m);
}

/* The result of one pcre2_match as ar_regex_exec returns it. */
static int result(ar_regex_match *m, int rc)
{
    if (rc == PCRE2_ERROR_NOMATCH) {
        m->rc = 0;
        return 0;
    }
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT ||
        rc == PCRE2_ERROR_HEAPLIMIT) {
        m->rc = 0;
        return AR_ELIMIT;
    }
    if (rc == PCRE2_ERROR_NOMEMORY) {
        m->rc = 0; /* no stale groups from an earlier match */
        return AR_ENOMEM;
    }
    if (rc < 0) {
        m->rc = 0;
        return AR_EVALUE;
    }
    m->rc = rc == 0 ? (int)m->re->ncap + 1 : rc;
    return 1;
}

int ar_regex_exec(ar_regex_match *m, const char *s, size_t len, size_t start)
{
    if (!m || (!s && len) || start > len) return AR_EARG;
    if (m->re->at) pcre2_set_offset_limit(m->mc, PCRE2_UNSET);
    return result(m, pcre2_match(m->re->code, (PCRE2_SPTR)(s ? s : ""), len, start, 0, m->md, m->mc));
}

int ar_regex_exec_at(ar_regex_match *m, const char *s, size_t len, size_t start, size_t stop,
                     const ar_trigger_hits *h, uint32_t mask)
{
    size_t lo = 0, hi;
    if (!m || !h || (!s && len) || start > len || !m->re->at) return AR_EARG;
    /* the first hit at or after start */
    hi = h->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->v[mid].pos < start) lo = mid + 1;
        else hi = mid;
    }
    for (; lo < h->n && h->v[lo].pos < stop; lo++) {
        size_t at = h->v[lo].pos;
        int rc;
        if (!(h->v[lo].classes & mask) || at > len) continue;
        /* from this hit, and only from it */
        pcre2_set_offset_limit(m->mc, at);
        rc = result(m, pcre2_match(m->re->code, (PCRE2_SPTR)(s ? s : ""), len, at, 0, m->md, m->mc));
        if (rc != 0) return rc;
    }
    m->rc = 0;
    return 0;
}

size_t ar_regex_pairs(const ar_regex_match *m, const size_t **ov)
{
    if (!m || m->rc <= 0 || !ov) return 0;
    *ov = pcre2_get_ovector_pointer(m->md);
    return (size_t)m->rc;
}

int ar_regex_group(const ar_regex_match *m, size_t i, size_t *start, size_t *end)
{
    PCRE2_SIZE *ov;
    if (!m || i > m->re->ncap || m->rc == 0) return AR_EARG;
    if ((int)i >= m->rc) return 0;
    ov = pcre2_get_ovector_pointer(m->md);
    if (ov[2 * i] == PCRE2_UNSET) return 0;
    *start = ov[2 * i];
    *end = ov[2 * i + 1];
    return 1;
}
