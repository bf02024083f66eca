/*
 * gaz_view.c — the read side of a compiled gazetteer.
 *
 * A compiled gazetteer is one blob of sections (see gaz.h), whether the
 * builder just made it or gaz_file.c mapped it from a file. This file owns
 * everything that reads such a blob: attaching the section views with every
 * structural bound checked, the string and varint readers, token lookup,
 * entry fields and attributes, statistics, the normalization options stored
 * in the metadata (written and read here), the normalizers built from them,
 * and calibration: the per-entry verdicts ar_gaz_demote() sets and the one
 * function that applies them to an entry's flags.
 *
 * The builder (gaz_build.c), the file code (gaz_file.c) and matching
 * (gaz_match.c) all read through here; none of them reads another's work.
 */
#include "gaz.h"
#include "hash.h"
#include <sys/mman.h>

/* ------------------------------------------------------------ readers */

size_t ar__varint_get(const unsigned char *p, size_t len, size_t *pos, int *ok)
{
    size_t v = 0, shift = 0;
    while (*pos < len && shift <= 28) {
        unsigned char c = p[(*pos)++];
        v |= (size_t)(c & 0x7F) << shift;
        if (!(c & 0x80)) return v;
        shift += 7;
    }
    *ok = 0;
    return 0;
}

const char *ar__gaz_strat(const unsigned char *pool, size_t pool_len, uint32_t off, size_t *len)
{
    size_t pos = off, v;
    int ok = 1;
    if (pos >= pool_len) goto bad;
    v = ar__varint_get(pool, pool_len, &pos, &ok);
    if (!ok || v > pool_len - pos) goto bad;
    *len = v;
    return (const char *)pool + pos;
bad:
    *len = 0;
    return "";
}

const char *ar__gaz_str(const ar_gazetteer *g, uint32_t off, size_t *len)
{
    return ar__gaz_strat(g->str, g->str_len, off, len);
}

uint32_t ar__gaz_lookup(const ar_gazetteer *g, const unsigned char *s, size_t len, uint64_t h)
{
    uint32_t m = g->nslot - 1, k, probes;
    /* no token sits further than maxprobe - 1 slots from its home slot
     * (measured when attached), so a token not found by then is absent */
    for (k = (uint32_t)h & m, probes = 0; probes < g->maxprobe; k = (k + 1) & m, probes++) {
        uint32_t id = g->slot[k];
        const struct gtok *t;
        size_t l;
        const char *ts;
        if (id == 0) return NONE;
        if (id > g->ntok) continue;
        t = &g->tok[id - 1];
        if (t->hash != (uint32_t)h) continue;
        if (t->str < g->str_len && g->str[t->str] < 0x80) {
            /* a length in the varint's first byte (tokens are short): read
             * in place what ar__gaz_str reads, "" when it runs past the end */
            l = g->str[t->str];
            if (l <= g->str_len - t->str - 1) {
                ts = (const char *)g->str + t->str + 1;
            } else {
                ts = "";
                l = 0;
            }
        } else {
            ts = ar__gaz_str(g, t->str, &l);
        }
        if (l == len && gaz_same((const unsigned char *)ts, s, len)) return id - 1;
    }
    return NONE;
}

/* ------------------------------------------------- metadata, normalizers */

void ar__gaz_meta_put(struct gmeta *m, const ar_norm_options *o, int fuzzy)
{
    memset(m, 0, sizeof *m);
    m->fuzzy = fuzzy ? 1 : 0;
    ar__norm_options_pack(o, &m->norm_flags, m->norm_enum);
}

void ar__gaz_exact_options(ar_norm_options *o)
{
    /* The surface form compared for exact matches: letters as written,
     * marks, tatweel and invisible characters dropped. */
    ar_norm_options_preset(o, "display");
    o->flags |= AR_N_HARAKAT | AR_N_SHADDA | AR_N_QURANIC | AR_N_ZWNJ;
    o->dagger_alef = AR_DAGGER_REMOVE;
}

/* Does the exact normalizer give every basic Arabic letter and a space back
 * as they are (each letter after a space and between two others, so any
 * joining or composing would show)? Then matching compares such surfaces
 * without normalizing them (g->exact_plain). */
static int exact_plain(ar_gazetteer *g)
{
    unsigned char text[3 * 2 * 42 + 1];
    size_t n = 0;
    int32_t c;
    ar_buf out = {0};
    int err;
    for (c = 0x0621; c <= 0x064A; c++) {
        if (c > 0x063A && c < 0x0641) continue;
        n += ar__encode(c, text + n);
        n += ar__encode(c, text + n);
        text[n++] = ' ';
    }
    err = ar_normalize(g->exact, (const char *)text, n, &out, NULL, NULL);
    g->exact_plain = !err && out.len == n && memcmp(out.data, text, n) == 0;
    ar_buf_free(&out);
    return err == AR_ENOMEM ? err : AR_OK;
}

static int gaz_normalizers(ar_gazetteer *g)
{
    ar_norm_options ex;
    int err;
    g->nz = ar_normalizer_new(&g->norm, &err);
    if (!g->nz) return err == AR_EVALUE ? AR_EFORMAT : err;
    ar__gaz_exact_options(&ex);
    g->exact = ar_normalizer_new(&ex, &err);
    if (!g->exact) return err;
    return exact_plain(g);
}

/* ------------------------------------------------------------- attach */

static int bad(ar_error *err, const char *what) { return ar__fail(err, AR_EFORMAT, 0, "%s", what); }

/* The token hash table decides what a lookup costs: every token of the text
 * is looked up, and a lookup probes slots until it finds the token or an
 * empty slot. A file made elsewhere could fill the table (no empty slot:
 * every unknown token probes all of it), so lookups stop after g->maxprobe
 * probes, at most AR_GAZ_MAX_PROBES: what they cannot reach is not there.
 * The builder records its table's longest probe run in the metadata; a file
 * that records none (written before that, or made elsewhere) is measured
 * here, O(slots): at most half full, every slot naming a token, no token
 * further than AR_GAZ_MAX_PROBES - 1 slots from its home slot. A recorded
 * value is trusted as far as cost goes (a smaller one than the truth only
 * makes lookups miss tokens of that file), so opening stays O(1). */
static int check_slots(ar_gazetteer *g, uint32_t recorded, ar_error *err)
{
    uint32_t m = g->nslot - 1, k, used = 0, far = 0;
    if ((uint64_t)g->ntok * 2 >= g->nslot) return bad(err, "bad token hash table (more than half full)");
    if (g->nslot > 1024 && (uint64_t)g->nslot > 16 * ((uint64_t)g->ntok + 1))
        return bad(err, "bad token hash table (larger than its tokens need)");
    if (recorded) {
        if (recorded > AR_GAZ_MAX_PROBES)
            return ar__fail(err, AR_EFORMAT, 0, "bad token hash table (probe runs of %u slots; at most %d)",
                            (unsigned)recorded, AR_GAZ_MAX_PROBES);
        g->maxprobe = recorded;
        return AR_OK;
    }
    for (k = 0; k < g->nslot; k++) {
        uint32_t id = g->slot[k], d;
        if (id == 0) continue;
        if (id > g->ntok) return bad(err, "bad token hash table (a slot names no token)");
        used++;
        d = (k - (g->tok[id - 1].hash & m)) & m;
        if (d > far) far = d;
    }
    if (used > g->ntok) return bad(err, "bad token hash table (more slots used than tokens)");
    if (far + 1 > AR_GAZ_MAX_PROBES)
        return ar__fail(err, AR_EFORMAT, 0, "bad token hash table (a token %u slots from its place; at most %d)",
                        (unsigned)far, AR_GAZ_MAX_PROBES - 1);
    g->maxprobe = far + 1;
    return AR_OK;
}

/* The in-memory token table (gaz_token): token id + 1 in the low 32 bits
 * of a slot, the high 32 bits of its cheap hash above, at most a quarter
 * of the slots used. It holds a token when ar__gaz_lookup finds that very
 * token by its text (in a file from elsewhere a token may be unreachable,
 * or share its text with another: lookups go on giving what the stored
 * table gives) and its text is short (a one-byte length, as nearly all
 * are); a dictionary with a token that is not so, or of more than
 * TOKMAP_MAX_TOKENS tokens, gets no table (lookups use the stored one).
 * Built when attached: O(tokens), a millisecond for 30,000 tokens. */
#define TOKMAP_MAX_TOKENS (1u << 19)
static int token_table(ar_gazetteer *g, ar_error *err)
{
    uint32_t i, slots = 16;
    if (g->ntok == 0 || g->ntok > TOKMAP_MAX_TOKENS) return AR_OK;
    while (slots < 4 * g->ntok) slots *= 2;
    g->tokmap = calloc(slots, sizeof *g->tokmap);
    if (!g->tokmap) return ar__fail(err, AR_ENOMEM, 0, NULL);
    g->tokmask = slots - 1;
    for (i = 0; i < g->ntok; i++) {
        size_t l;
        const unsigned char *ts = (const unsigned char *)ar__gaz_str(g, g->tok[i].str, &l);
        uint64_t h;
        uint32_t k;
        if (ar__gaz_lookup(g, ts, l, gaz_hash(ts, l)) != i) continue; /* unreachable or a duplicate */
        if (l > 0x7F || ts != (const unsigned char *)g->str + g->tok[i].str + 1) {
            free(g->tokmap);
    free(g->startbits); /* not the short form gaz_token reads */
            g->tokmap = NULL;
            return AR_OK;
        }
        h = gaz_quick_hash(ts, l);
        for (k = (uint32_t)h & g->tokmask; g->tokmap[k]; k = (k + 1) & g->tokmask) {}
        g->tokmap[k] = (h >> 32) << 32 | (uint64_t)(i + 1);
    }
    return AR_OK;
}

/* The start filter (gaz_may_start): a bit per ending of six bytes of the
 * tokens that start names in the trie, about 32 bits a token (built with
 * the token table, under the same limit). */
static int start_filter(ar_gazetteer *g, ar_error *err)
{
    uint32_t i, lg = 12;
    if (g->ntok == 0 || g->ntok > TOKMAP_MAX_TOKENS) return AR_OK;
    while (((uint64_t)1 << lg) < (uint64_t)g->ntok * 32) lg++;
    g->startbits = calloc((size_t)1 << (lg - 6), sizeof *g->startbits);
    if (!g->startbits) return ar__fail(err, AR_ENOMEM, 0, NULL);
    g->startshift = 64 - lg;
    for (i = 0; i < g->ntok; i++) {
        size_t l;
        const unsigned char *ts;
        uint64_t k;
        if (gaz_first_node(g, i) == NONE) continue;
        ts = (const unsigned char *)ar__gaz_str(g, g->tok[i].str, &l);
        if (l < 6) continue; /* matched whole only, by tokens of its length */
        k = (gaz_last6(ts, l) * 0x9E3779B97F4A7C15ULL) >> g->startshift;
        g->startbits[k >> 6] |= (uint64_t)1 << (k & 63);
    }
    return AR_OK;
}

/* Each type's trigger flag (LOC, PER and ORG have trigger words), read once
 * here instead of from the type strings on every match. */
static int type_triggers(ar_gazetteer *g, ar_error *err)
{
    uint32_t k;
    if (g->ntype > AR_GAZ_MAX_TYPES) return bad(err, "too many types");
    g->typetrig = calloc(g->ntype ? g->ntype : 1, 1);
    g->typecode = calloc(g->ntype ? g->ntype : 1, 1);
    if (!g->typetrig || !g->typecode) return ar__fail(err, AR_ENOMEM, 0, NULL);
    for (k = 0; k < g->ntype; k++) {
        size_t l;
        const char *ts = ar__gaz_str(g, g->type[k], &l);
        if (l == 3) g->typecode[k] = 'M';
        if (l == 3 && memcmp(ts, "LOC", 3) == 0) g->typetrig[k] = TOK_TRIGGER_LOC, g->typecode[k] = 'L';
        else if (l == 3 && memcmp(ts, "PER", 3) == 0) g->typetrig[k] = TOK_TRIGGER_PER, g->typecode[k] = 'P';
        else if (l == 3 && memcmp(ts, "ORG", 3) == 0) g->typetrig[k] = TOK_TRIGGER_ORG, g->typecode[k] = 'O';
    }
    return AR_OK;
}

int ar__gaz_attach(ar_gazetteer *g, const unsigned char *body, size_t len, const uint64_t *off,
                   const uint64_t *size, ar_error *err)
{
    int i, e;
    const struct gmeta *meta;
    for (i = 0; i < S_COUNT; i++) {
        if (off[i] > len || size[i] > len - off[i]) return bad(err, "section outside the file");
        if (off[i] % 8) return bad(err, "misaligned section");
        if (size[i] > 0xFFFFFFF0u * (uint64_t)16) return bad(err, "section too large");
    }
#define COUNT(sec, type, var)                                                    \
    do {                                                                         \
        if (size[sec] % sizeof(type)) return bad(err, "section size mismatch"); \
        if (size[sec] / sizeof(type) > 0xFFFFFFF0u) return bad(err, "section too large"); \
        var = (uint32_t)(size[sec] / sizeof(type));                              \
    } while (0)
    if (size[S_META] != sizeof(struct gmeta)) return bad(err, "bad metadata section");
    meta = (const struct gmeta *)(body + off[S_META]);
    g->body = body;
    g->body_len = len;
    g->str = body + off[S_STR];
    if (size[S_STR] < 2 || size[S_STR] > 0xFFFFFFF0u || g->str[0] != 0 || g->str[1] != 0)
        return bad(err, "bad string section");
    g->str_len = (uint32_t)size[S_STR];
    g->tok = (const struct gtok *)(body + off[S_TOK]);
    COUNT(S_TOK, struct gtok, g->ntok);
    g->slot = (const uint32_t *)(body + off[S_SLOT]);
    COUNT(S_SLOT, uint32_t, g->nslot);
    if (g->nslot == 0 || (g->nslot & (g->nslot - 1)) || g->nslot <= g->ntok)
        return bad(err, "bad token hash table");
    g->node = (const struct gnode *)(body + off[S_NODE]);
    COUNT(S_NODE, struct gnode, g->nnode);
    if (g->nnode < 2) return bad(err, "bad trie");
    g->nnode--; /* the last one is a sentinel */
    g->edge = (const struct gedge *)(body + off[S_EDGE]);
    COUNT(S_EDGE, struct gedge, g->nedge);
    g->nent = (const struct gnent *)(body + off[S_NENT]);
    COUNT(S_NENT, struct gnent, g->nnent);
    g->ent = (const struct gent *)(body + off[S_ENT]);
    COUNT(S_ENT, struct gent, g->nentries);
    g->type = (const uint32_t *)(body + off[S_TYPE]);
    COUNT(S_TYPE, uint32_t, g->ntype);
    g->delh = (const uint64_t *)(body + off[S_DELH]);
    COUNT(S_DELH, uint64_t, g->ndel);
    {
        uint32_t nt;
        g->delt = (const uint32_t *)(body + off[S_DELT]);
        COUNT(S_DELT, uint32_t, nt);
        if (nt != g->ndel) return bad(err, "bad fuzzy index");
    }
#undef COUNT
    if (g->node[g->nnode].edge_start != g->nedge || g->node[g->nnode].ent_start != g->nnent)
        return bad(err, "bad trie sentinel");
    /* sizes consistent with one another: a trie has one edge into every
     * node but the root, and every entry sits at one node */
    if ((uint64_t)g->nedge + 1 != g->nnode) return bad(err, "bad trie (edges and nodes disagree)");
    if (g->nnent != g->nentries) return bad(err, "bad trie (entries and their nodes disagree)");
    if (meta->fuzzy > 1 || (!meta->fuzzy && g->ndel)) return bad(err, "bad metadata");
    g->fuzzy = (int)meta->fuzzy;
    if ((e = check_slots(g, meta->maxprobe, err)) || (e = type_triggers(g, err)) || (e = token_table(g, err)) ||
        (e = start_filter(g, err)))
        return e;
    ar__norm_options_unpack(&g->norm, meta->norm_flags, meta->norm_enum);
    if ((e = gaz_normalizers(g)) == AR_EFORMAT) return bad(err, "bad normalization options");
    return e ? ar__fail(err, e, 0, NULL) : AR_OK;
}

void ar_gaz_free(ar_gazetteer *g)
{
    if (!g) return;
    ar_normalizer_free(g->nz);
    ar_normalizer_free(g->exact);
    free(g->owned);
    if (g->mapped) munmap(g->mapped, g->mapped_len);
    free(g->verdict);
    free(g->typetrig);
    free(g->typecode);
    free(g->tokmap);
    free(g->startbits);
    free(g);
}

/* --------------------------------------------------------- calibration */

/* g->verdict[e]: 0 as compiled, else 1 + the AR_CAL_* verdict. */
unsigned ar__gaz_entry_flags(const ar_gazetteer *g, uint32_t e, unsigned flags)
{
    if (!g->verdict || e >= g->nentries || !g->verdict[e]) return flags;
    flags &= ~(unsigned)(AR_GAZ_DEMOTED | AR_GAZ_TRUSTED);
    if (g->verdict[e] == 1 + AR_CAL_DEMOTE) flags |= AR_GAZ_DEMOTED;
    if (g->verdict[e] == 1 + AR_CAL_TRUST) flags |= AR_GAZ_TRUSTED;
    return flags;
}

int ar_gaz_demote(ar_gazetteer *g, const char *name, size_t len, int verdict, size_t *nchanged)
{
    ar_buf nb = {0};
    ar_tokenizer tk;
    ar_token t;
    uint32_t node = NONE;
    size_t changed = 0, k;
    int first = 1, err = AR_OK;
    if (nchanged) *nchanged = 0;
    if (!g || (!name && len) || verdict < AR_CAL_RESET || verdict > AR_CAL_TRUST) return AR_EARG;
    if (!name) name = "";
    if ((err = ar_normalize(g->nz, name, len, &nb, NULL, NULL))) goto out;
    ar_tokenizer_init(&tk, nb.data, nb.len);
    while (ar_tokenizer_next(&tk, &t)) {
        uint32_t id = ar__gaz_lookup(g, (const unsigned char *)nb.data + t.start, t.end - t.start,
                                     gaz_hash((const unsigned char *)nb.data + t.start, t.end - t.start));
        if (id == NONE) {
            node = NONE;
            break;
        }
        node = first ? gaz_first_node(g, id) : gaz_child(g, node, id);
        first = 0;
        if (node == NONE) break;
    }
    if (node == NONE) goto out;
    if (!g->verdict) {
        g->verdict = calloc(g->nentries ? g->nentries : 1, 1);
        if (!g->verdict) {
            err = AR_ENOMEM;
            goto out;
        }
    }
    for (k = g->node[node].ent_start; k < g->node[node + 1].ent_start && k < g->nnent; k++) {
        uint32_t e = g->nent[k].entry;
        if (e < g->nentries) {
            g->verdict[e] = (unsigned char)(1 + verdict);
            changed++;
        }
    }
out:
    ar_buf_free(&nb);
    if (nchanged) *nchanged = changed;
    return err;
}

/* --------------------------------------------------------- inspection */

void ar_gaz_stats_get(const ar_gazetteer *g, ar_gaz_stats *st)
{
    memset(st, 0, sizeof *st);
    if (!g) return;
    st->entries = g->nentries;
    st->tokens = g->ntok;
    st->nodes = g->nnode;
    st->edges = g->nedge;
    st->fuzzy_keys = g->ndel;
    st->types = g->ntype;
    st->bytes = g->body_len;
    st->mapped = g->from_file;
    st->fuzzy = g->fuzzy;
}

const ar_norm_options *ar_gaz_norm_options(const ar_gazetteer *g) { return g ? &g->norm : NULL; }

int ar_gaz_entry_info(const ar_gazetteer *g, uint32_t e, ar_gaz_info *info)
{
    const struct gent *x;
    if (!g || !info || e >= g->nentries) return AR_EARG;
    x = &g->ent[e];
    info->name = ar__gaz_str(g, x->name, &info->name_len);
    info->id = ar__gaz_str(g, x->id, &info->id_len);
    info->canonical = ar__gaz_str(g, x->canonical, &info->canonical_len);
    if (x->type < g->ntype) info->type = ar__gaz_str(g, g->type[x->type], &info->type_len);
    else info->type = "MISC", info->type_len = 4;
    info->flags = ar__gaz_entry_flags(g, e, x->flags);
    info->priority = x->priority;
    return AR_OK;
}

int ar_gaz_type_at(const ar_gazetteer *g, size_t i, const char **name, size_t *len)
{
    if (!g || !name || !len || i >= g->ntype) return AR_EARG;
    *name = ar__gaz_str(g, g->type[i], len);
    return AR_OK;
}

int ar_gaz_entry_attr(const ar_gazetteer *g, uint32_t e, size_t i, const char **key, size_t *klen,
                      const char **val, size_t *vlen)
{
    size_t len, pos = 0, k;
    const unsigned char *a;
    int ok = 1;
    if (!g || e >= g->nentries || g->ent[e].attrs == 0) return AR_EARG;
    a = (const unsigned char *)ar__gaz_str(g, g->ent[e].attrs, &len);
    for (k = 0; k <= i; k++) {
        size_t kl = ar__varint_get(a, len, &pos, &ok), ks, vl, vs;
        if (!ok || kl > len - pos) return AR_EARG;
        ks = pos;
        pos += kl;
        vl = ar__varint_get(a, len, &pos, &ok);
        if (!ok || vl > len - pos) return AR_EARG;
        vs = pos;
        pos += vl;
        if (k == i) {
            *key = (const char *)a + ks;
            *klen = kl;
            *val = (const char *)a + vs;
            *vlen = vl;
            return AR_OK;
        }
        if (pos >= len) return AR_EARG;
    }
    return AR_EARG;
}
