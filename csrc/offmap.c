/*
 * offmap.c — the offset map between normalized text and its source.
 *
 * Most normalization keeps byte lengths (أ -> ا, ی -> ي are both two bytes),
 * so storing one entry per character would waste memory and time. The map
 * stores only breakpoints ("anchors") where the relation changes. Between two
 * anchors the relation is either LINEAR (byte i of the output is byte i of
 * the source, shifted) or ATOMIC (the whole output range came from the whole
 * source range: an expansion, a deletion, a composed cluster). Text that
 * normalization leaves the same length costs nothing.
 */
#include "offmap.h"

#define ATOMIC 0x80000000u
#define OFF(a) ((a).o & ~ATOMIC)

ar_map *ar_map_new(void)
{
    ar_map *m = calloc(1, sizeof *m);
    return m;
}

void ar_map_free(ar_map *m)
{
    if (!m) return;
    free(m->a);
    free(m);
}

size_t ar_map_source_len(const ar_map *m) { return m ? m->slen : 0; }
size_t ar_map_target_len(const ar_map *m) { return m ? m->olen : 0; }
size_t ar_map_anchors(const ar_map *m) { return m ? m->n : 0; }

/* The copy: the struct, then its anchors (8-byte aligned after it). */
#define FLAT_HEAD ((sizeof(ar_map) + 7) & ~(size_t)7)

size_t ar_map_flat_size(const ar_map *m)
{
    return FLAT_HEAD + (m ? m->n : 0) * sizeof(struct ar__anchor);
}

const ar_map *ar_map_flatten(const ar_map *m, void *mem)
{
    ar_map *c = mem;
    memset(c, 0, sizeof *c);
    if (!m) return c;
    c->n = c->cap = m->n;
    c->slen = m->slen;
    c->olen = m->olen;
    c->failed = m->failed;
    c->a = (struct ar__anchor *)((char *)mem + FLAT_HEAD);
    if (m->n) memcpy(c->a, m->a, m->n * sizeof *c->a);
    return c;
}

void ar__map_reset(ar_map *m)
{
    m->n = 0;
    m->slen = m->olen = 0;
    m->failed = 0;
}

static int push(ar_map *m, uint32_t s, uint32_t o)
{
    if (m->n == m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 256;
        struct ar__anchor *a = realloc(m->a, cap * sizeof *a);
        if (!a) {
            m->failed = 1;
            return AR_ENOMEM;
        }
        m->a = a;
        m->cap = cap;
    }
    m->a[m->n].s = s;
    m->a[m->n].o = o;
    m->n++;
    return AR_OK;
}

int ar__map_unit(ar_map *m, size_t s0, size_t o0, size_t s1, size_t o1)
{
    /* Anchors at or after s0 lie inside the new unit: it subsumes them. */
    while (m->n > 0 && m->a[m->n - 1].s >= s0) m->n--;
    if (push(m, (uint32_t)s0, (uint32_t)o0 | ATOMIC)) return AR_ENOMEM;
    return push(m, (uint32_t)s1, (uint32_t)o1);
}

/* Index one past the last anchor whose output offset is <= o. */
static size_t ub_out(const ar_map *m, size_t o)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (OFF(m->a[mid]) <= o) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static size_t ub_src(const ar_map *m, size_t s)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->a[mid].s <= s) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* ub_out starting from *hint, an anchor index an earlier lookup returned:
 * callers that walk a text in order (the gazetteer's matches, the names'
 * tokens) look up offsets close to the last one, so stepping forward from
 * the hint in growing strides finds the bound in a few probes where a
 * binary search over a 64 KiB chunk's map takes a dozen cache misses. The
 * same index as ub_out whatever the hint. */
static size_t ub_out_near(const ar_map *m, size_t o, size_t *hint)
{
    size_t k = *hint < m->n ? *hint : m->n, lo, hi, step = 1;
    if (k > 0 && OFF(m->a[k - 1]) > o) {
        lo = 0; /* behind the hint */
        hi = k - 1;
    } else {
        lo = hi = k;
        while (hi < m->n && OFF(m->a[hi]) <= o) {
            lo = hi + 1;
            hi = step < m->n - hi ? hi + step : m->n;
            step *= 2;
        }
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (OFF(m->a[mid]) <= o) lo = mid + 1;
        else hi = mid;
    }
    *hint = lo;
    return lo;
}

/* Source offset where the unit holding output byte o starts. */
static size_t src_start_at(const ar_map *m, size_t o, size_t k)
{
    const struct ar__anchor *a;
    if (k == 0) return o;
    a = &m->a[k - 1];
    if (a->o & ATOMIC) return a->s;
    return a->s + (o - OFF(*a));
}

/* Source offset where the unit holding output byte o ends. */
static size_t src_end_at(const ar_map *m, size_t o, size_t k)
{
    const struct ar__anchor *a;
    if (k == 0) return o + 1;
    a = &m->a[k - 1];
    if (a->o & ATOMIC) return k < m->n ? m->a[k].s : m->slen;
    return a->s + (o + 1 - OFF(*a));
}

static size_t out_start(const ar_map *m, size_t s)
{
    size_t k = ub_src(m, s);
    const struct ar__anchor *a;
    if (k == 0) return s;
    a = &m->a[k - 1];
    if (a->o & ATOMIC) return OFF(*a);
    return OFF(*a) + (s - a->s);
}

static size_t out_end(const ar_map *m, size_t s)
{
    size_t k = ub_src(m, s);
    const struct ar__anchor *a;
    if (k == 0) return s + 1;
    a = &m->a[k - 1];
    if (a->o & ATOMIC) return k < m->n ? OFF(m->a[k]) : m->olen;
    return OFF(*a) + (s + 1 - a->s);
}

static size_t src_start(const ar_map *m, size_t o) { return src_start_at(m, o, ub_out(m, o)); }
static size_t src_end(const ar_map *m, size_t o) { return src_end_at(m, o, ub_out(m, o)); }

int ar_map_source(const ar_map *m, size_t o0, size_t o1, size_t *s0, size_t *s1)
{
    if (!m || !s0 || !s1 || o0 > o1 || o1 > m->olen) return AR_EARG;
    if (o0 == o1) {
        *s0 = *s1 = o0 == m->olen ? m->slen : src_start(m, o0);
        return AR_OK;
    }
    *s0 = src_start(m, o0);
    *s1 = src_end(m, o1 - 1);
    return AR_OK;
}

int ar__map_source_near(const ar_map *m, size_t o0, size_t o1, size_t *s0, size_t *s1, size_t *hint)
{
    if (!m || !s0 || !s1 || !hint || o0 > o1 || o1 > m->olen) return AR_EARG;
    if (o0 == o1) {
        *s0 = *s1 = o0 == m->olen ? m->slen : src_start_at(m, o0, ub_out_near(m, o0, hint));
        return AR_OK;
    }
    *s0 = src_start_at(m, o0, ub_out_near(m, o0, hint));
    *s1 = src_end_at(m, o1 - 1, ub_out_near(m, o1 - 1, hint));
    return AR_OK;
}

int ar_map_target(const ar_map *m, size_t s0, size_t s1, size_t *o0, size_t *o1)
{
    if (!m || !o0 || !o1 || s0 > s1 || s1 > m->slen) return AR_EARG;
    if (s0 == s1) {
        *o0 = *o1 = s0 == m->slen ? m->olen : out_start(m, s0);
        return AR_OK;
    }
    *o0 = out_start(m, s0);
    *o1 = out_end(m, s1 - 1);
    if (*o1 < *o0) *o1 = *o0;
    return AR_OK;
}
