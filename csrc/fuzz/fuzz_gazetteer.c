/*
 * fuzz_gazetteer.c — build, compile, match, save and reload a gazetteer.
 *
 * Input: byte 0 = build flags (0x01 fuzzy index; 0x0E the builder's
 * normalization: 0 the default, 1-5 a preset, 6-7 "search" with teh
 * marbuta -> heh; 0x10 calibrate the first entry; 0x20 add entries to the
 * builder after a first compile and compile again; 0x40/0x80 which loader
 * reopens the saved file). Byte 1 = match flags (AR_GM_* in the low 5 bits;
 * 0x20 filter by type, 0x40 filter by id). Then entries, one a line, up to
 * an empty line: name TAB type TAB id TAB canonical TAB flags TAB attribute
 * values ...; the first character of the flags field gives AR_GAZ_* flags
 * (low 4 bits) and the priority. The rest of the input is the text.
 *
 * Oracles:
 *   - ar_gaz_add() succeeds, or fails with AR_EUTF8 exactly when a field is
 *     invalid UTF-8, or with AR_EVALUE (no token in the name); the count
 *     follows; the builder's error message is set on failure;
 *   - compiling succeeds; the entries read back (ar_gaz_entry_info,
 *     ar_gaz_entry_attr) are the ones added, with the documented defaults;
 *   - matches lie inside the text (token_start <= start <= end <= len),
 *     name an entry, respect the type and id filters, are fuzzy only with
 *     AR_GM_FUZZY and extended only with AR_GM_EXTEND, and come in text
 *     order without AR_GM_OVERLAP;
 *   - ar_gaz_save() then ar_gaz_from_memory() (verify on or off) or
 *     ar_gaz_open() gives a gazetteer with the same statistics, entries and
 *     matches (calibration included);
 *   - a builder compiled, then given more entries and compiled again, gives
 *     the same gazetteer as a fresh builder with all the entries.
 */
#include "fuzz_common.h"

#define MAXENT 24
#define MAXF 10

typedef struct {
    const char *f[MAXF];
    size_t fl[MAXF];
    size_t nf;
    ar_gaz_entry e;
    const char *attrs[2 * MAXF];
    size_t attr_lens[2 * MAXF];
    char keys[MAXF][4];
    int ok; /* added */
} input_entry;

static const char *path; /* the scratch file */
static ar_gaz_result *r1, *r2;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    path = fuzz_scratch_path("fuzz_gazetteer");
    r1 = ar_gaz_result_new();
    r2 = ar_gaz_result_new();
    FUZZ_CHECK(r1 && r2, "ar_gaz_result_new");
    return 0;
}

static size_t parse_entries(fuzz_bytes *in, input_entry *ents)
{
    size_t n = 0;
    while (in->n > 0) {
        const char *line = (const char *)in->p;
        const char *nl = memchr(line, '\n', in->n);
        size_t l = nl ? (size_t)(nl - line) : in->n, i, start = 0;
        input_entry *x;
        in->p += nl ? l + 1 : l;
        in->n -= nl ? l + 1 : l;
        if (l == 0) break; /* the text follows */
        if (n == MAXENT) continue;
        x = &ents[n++];
        memset(x, 0, sizeof *x);
        for (i = 0; i <= l; i++) {
            if (i == l || line[i] == '\t') {
                if (x->nf < MAXF) {
                    x->f[x->nf] = line + start;
                    x->fl[x->nf] = i - start;
                    x->nf++;
                }
                start = i + 1;
            }
        }
        x->e.name = x->f[0];
        x->e.name_len = x->fl[0];
        if (x->nf > 1) x->e.type = x->f[1], x->e.type_len = x->fl[1];
        if (x->nf > 2) x->e.id = x->f[2], x->e.id_len = x->fl[2];
        if (x->nf > 3) x->e.canonical = x->f[3], x->e.canonical_len = x->fl[3];
        if (x->nf > 4 && x->fl[4] > 0) {
            unsigned char c = (unsigned char)x->f[4][0];
            x->e.flags = c & 0x0F;
            x->e.priority = (int)(c >> 4) - 8;
        }
        for (i = 5; i < x->nf; i++) {
            size_t k = i - 5;
            snprintf(x->keys[k], sizeof x->keys[k], "a%zu", k);
            x->attrs[2 * k] = x->keys[k];
            x->attr_lens[2 * k] = strlen(x->keys[k]);
            x->attrs[2 * k + 1] = x->f[i];
            x->attr_lens[2 * k + 1] = x->fl[i];
        }
        if (x->nf > 5) {
            x->e.attrs = x->attrs;
            x->e.attr_lens = x->attr_lens;
            x->e.nattrs = x->nf - 5;
        }
    }
    return n;
}

static int eq(const char *a, size_t al, const char *b, size_t bl)
{
    return al == bl && (al == 0 || memcmp(a, b, al) == 0);
}

static int add_entry(ar_gaz_builder *b, input_entry *x)
{
    size_t before = ar_gaz_builder_count(b);
    ar_error err;
    int rc = ar_gaz_add(b, &x->e, &err), bad_utf8;
    bad_utf8 = !fuzz_valid_utf8(x->e.name, x->e.name_len) ||
               (x->e.type && !fuzz_valid_utf8(x->e.type, x->e.type_len)) ||
               (x->e.id && !fuzz_valid_utf8(x->e.id, x->e.id_len)) ||
               (x->e.canonical && !fuzz_valid_utf8(x->e.canonical, x->e.canonical_len));
    if (bad_utf8) FUZZ_CHECK(rc == AR_EUTF8, "invalid UTF-8 accepted (%d)", rc);
    else FUZZ_CHECK(rc == AR_OK || rc == AR_EVALUE, "ar_gaz_add: %s", ar_strerror(rc));
    FUZZ_CHECK(ar_gaz_builder_count(b) == before + (rc == AR_OK), "count after an add");
    if (rc != AR_OK) FUZZ_CHECK(err.code == rc && err.message[0] != '\0', "no error message");
    x->ok = rc == AR_OK;
    return rc == AR_OK;
}

/* The entries read back are the ones added (index = order of the adds). */
static void check_entries(const ar_gazetteer *g, input_entry *ents, size_t n)
{
    size_t i, k = 0, a;
    ar_gaz_info info;
    ar_gaz_stats st;
    ar_gaz_stats_get(g, &st);
    for (i = 0; i < n; i++) {
        const ar_gaz_entry *e = &ents[i].e;
        if (!ents[i].ok) continue;
        FUZZ_CHECK(ar_gaz_entry_info(g, (uint32_t)k, &info) == AR_OK, "entry_info(%zu)", k);
        FUZZ_CHECK(eq(info.name, info.name_len, e->name, e->name_len), "entry %zu: name", k);
        if (e->type && e->type_len) FUZZ_CHECK(eq(info.type, info.type_len, e->type, e->type_len), "entry %zu: type", k);
        else FUZZ_CHECK(eq(info.type, info.type_len, "MISC", 4), "entry %zu: default type", k);
        if (e->id && e->id_len) FUZZ_CHECK(eq(info.id, info.id_len, e->id, e->id_len), "entry %zu: id", k);
        else FUZZ_CHECK(eq(info.id, info.id_len, e->name, e->name_len), "entry %zu: default id", k);
        if (e->canonical && e->canonical_len)
            FUZZ_CHECK(eq(info.canonical, info.canonical_len, e->canonical, e->canonical_len), "entry %zu: canonical", k);
        else FUZZ_CHECK(eq(info.canonical, info.canonical_len, e->name, e->name_len), "entry %zu: default canonical", k);
        FUZZ_CHECK(info.priority == e->priority, "entry %zu: priority", k);
        FUZZ_CHECK(info.flags == (e->flags & 0x0Fu), "entry %zu: flags %#x, added %#x", k, info.flags, e->flags);
        for (a = 0; a < 2 * e->nattrs + 1; a++) {
            const char *key, *val;
            size_t kl, vl;
            int rc = ar_gaz_entry_attr(g, (uint32_t)k, a, &key, &kl, &val, &vl);
            if (a >= e->nattrs) {
                FUZZ_CHECK(rc == AR_EARG, "entry %zu: attribute %zu past the last", k, a);
                break;
            }
            FUZZ_CHECK(rc == AR_OK && eq(key, kl, e->attrs[2 * a], e->attr_lens[2 * a]) &&
                           eq(val, vl, e->attrs[2 * a + 1], e->attr_lens[2 * a + 1]),
                       "entry %zu: attribute %zu", k, a);
        }
        k++;
    }
    FUZZ_CHECK(st.entries == k, "stats: %zu entries, %zu added", st.entries, k);
    FUZZ_CHECK(ar_gaz_entry_info(g, (uint32_t)k, &info) == AR_EARG, "entry_info past the last");
}

static void check_matches(const ar_gazetteer *g, const ar_gaz_result *r, size_t len, const ar_gaz_match_opts *o)
{
    size_t i, n = ar_gaz_result_count(r), prev = 0;
    ar_gaz_stats st;
    ar_gaz_stats_get(g, &st);
    for (i = 0; i < n; i++) {
        const ar_gaz_match *m = ar_gaz_result_get(r, i);
        ar_gaz_info info;
        size_t k;
        FUZZ_CHECK(m != NULL, "result_get(%zu)", i);
        FUZZ_CHECK(m->token_start <= m->start && m->start <= m->end && m->end <= len,
                   "match %zu: token %zu, [%zu, %zu) of %zu", i, m->token_start, m->start, m->end, len);
        FUZZ_CHECK(m->entry < st.entries && ar_gaz_entry_info(g, m->entry, &info) == AR_OK, "match %zu: entry %u", i,
                   (unsigned)m->entry);
        FUZZ_CHECK(m->fuzzy <= 1 && (!m->fuzzy || (o->flags & AR_GM_FUZZY)), "match %zu: fuzzy %u", i, m->fuzzy);
        FUZZ_CHECK((m->flags & ~AR_MATCH_EXTENDED) == 0, "match %zu: flags %#x", i, m->flags);
        FUZZ_CHECK(!(m->flags & AR_MATCH_EXTENDED) || (o->flags & AR_GM_EXTEND), "extended without AR_GM_EXTEND");
        if (o->types) {
            int ok = 0;
            for (k = 0; k < o->ntypes; k++) ok |= eq(info.type, info.type_len, o->types[k], strlen(o->types[k]));
            FUZZ_CHECK(ok, "match %zu: type %.*s not asked for", i, (int)info.type_len, info.type);
        }
        if (o->ids) {
            int ok = 0;
            for (k = 0; k < o->nids; k++) ok |= eq(info.id, info.id_len, o->ids[k], strlen(o->ids[k]));
            FUZZ_CHECK(ok, "match %zu: id not asked for", i);
        }
        if (!(o->flags & AR_GM_OVERLAP))
            FUZZ_CHECK(m->token_start >= prev, "match %zu at %zu before the previous one (%zu)", i, m->token_start, prev);
        prev = m->token_start;
    }
    FUZZ_CHECK(ar_gaz_result_get(r, n) == NULL, "result past the last");
}

static void same_results(const ar_gaz_result *a, const ar_gaz_result *b, const char *what)
{
    size_t i, n = ar_gaz_result_count(a);
    FUZZ_CHECK(n == ar_gaz_result_count(b), "%s: %zu matches, then %zu", what, n, ar_gaz_result_count(b));
    for (i = 0; i < n; i++) {
        const ar_gaz_match *x = ar_gaz_result_get(a, i), *y = ar_gaz_result_get(b, i);
        FUZZ_CHECK(x->start == y->start && x->end == y->end && x->token_start == y->token_start &&
                       x->entry == y->entry && x->fuzzy == y->fuzzy && x->flags == y->flags,
                   "%s: match %zu differs ([%zu, %zu) entry %u vs [%zu, %zu) entry %u)", what, i, x->start,
                   x->end, (unsigned)x->entry, y->start, y->end, (unsigned)y->entry);
    }
}

static void same_gazetteers(const ar_gazetteer *a, const ar_gazetteer *b, const char *what)
{
    ar_gaz_stats x, y;
    size_t i;
    ar_gaz_stats_get(a, &x);
    ar_gaz_stats_get(b, &y);
    FUZZ_CHECK(x.entries == y.entries && x.tokens == y.tokens && x.nodes == y.nodes && x.edges == y.edges &&
                   x.fuzzy_keys == y.fuzzy_keys && x.types == y.types && x.bytes == y.bytes && x.fuzzy == y.fuzzy,
               "%s: statistics differ", what);
    for (i = 0; i < x.entries; i++) {
        ar_gaz_info p, q;
        FUZZ_CHECK(ar_gaz_entry_info(a, (uint32_t)i, &p) == AR_OK && ar_gaz_entry_info(b, (uint32_t)i, &q) == AR_OK,
                   "%s: entry_info(%zu)", what, i);
        FUZZ_CHECK(eq(p.name, p.name_len, q.name, q.name_len) && eq(p.type, p.type_len, q.type, q.type_len) &&
                       eq(p.id, p.id_len, q.id, q.id_len) &&
                       eq(p.canonical, p.canonical_len, q.canonical, q.canonical_len) && p.flags == q.flags &&
                       p.priority == q.priority,
                   "%s: entry %zu differs (flags %#x vs %#x)", what, i, p.flags, q.flags);
    }
    {
        const ar_norm_options *p = ar_gaz_norm_options(a), *q = ar_gaz_norm_options(b);
        FUZZ_CHECK(p->flags == q->flags && p->alef == q->alef && p->teh_marbuta == q->teh_marbuta &&
                       p->dagger_alef == q->dagger_alef && p->digits == q->digits && p->unicode == q->unicode &&
                       p->elongation == q->elongation,
                   "%s: normalization options differ", what);
    }
}

/* Save g, open it again with the loader chosen by how. */
static ar_gazetteer *reload(const ar_gazetteer *g, unsigned how)
{
    ar_gazetteer *h;
    ar_error err;
    int rc = ar_gaz_save(g, path, &err);
    FUZZ_CHECK(rc == AR_OK, "ar_gaz_save(%s): %s", path, err.message);
    if (how == 3) {
        h = ar_gaz_open(path, -1, &err);
    } else {
        FILE *f = fopen(path, "rb");
        long size;
        void *buf;
        FUZZ_CHECK(f != NULL, "reopen %s", path);
        fseek(f, 0, SEEK_END);
        size = ftell(f);
        fseek(f, 0, SEEK_SET);
        buf = malloc((size_t)size);
        FUZZ_CHECK(buf && fread(buf, 1, (size_t)size, f) == (size_t)size, "read %s", path);
        fclose(f);
        h = ar_gaz_from_memory(buf, (size_t)size, how == 1 ? 0 : 1, &err);
        free(buf);
    }
    FUZZ_CHECK(h != NULL, "reloading a saved gazetteer: %s", h ? "" : err.message);
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static input_entry ents[MAXENT];
    static const char *const type_filter[] = {"LOC", "PER"};
    fuzz_bytes in = {data, size};
    unsigned bf = fuzz_take(&in), mf = fuzz_take(&in);
    size_t n, i, len, added = 0;
    ar_norm_options no;
    const ar_norm_options *nop = NULL;
    ar_gaz_builder *b;
    ar_gazetteer *g, *h;
    ar_gaz_match_opts mo;
    const char *text, *id_filter[2];
    int err = 0, fuzzy = bf & 1, rc;

    n = parse_entries(&in, ents);
    text = (const char *)in.p;
    len = in.n;

    switch ((bf >> 1) & 7) {
    case 0: break;
    case 6: case 7:
        ar_norm_options_preset(&no, "search");
        no.teh_marbuta = AR_TEH_HEH;
        nop = &no;
        break;
    default:
        ar_norm_options_preset(&no, ar_norm_preset_name(((bf >> 1) & 7) - 1));
        nop = &no;
        break;
    }
    b = ar_gaz_builder_new(nop, &err);
    FUZZ_CHECK(b != NULL, "ar_gaz_builder_new: %s", ar_strerror(err));
    /* with 0x20, add the first half, compile, then add the rest */
    {
        size_t first = (bf & 0x20) ? n / 2 : n;
        for (i = 0; i < first; i++) added += (size_t)add_entry(b, &ents[i]);
        if (bf & 0x20) {
            g = ar_gaz_compile(b, fuzzy, &err);
            FUZZ_CHECK(g != NULL, "first compile: %s", ar_strerror(err));
            ar_gaz_free(g);
            for (i = first; i < n; i++) added += (size_t)add_entry(b, &ents[i]);
        }
    }
    g = ar_gaz_compile(b, fuzzy, &err);
    FUZZ_CHECK(g != NULL, "ar_gaz_compile: %s", ar_strerror(err));
    check_entries(g, ents, n);

    memset(&mo, 0, sizeof mo);
    mo.flags = mf & 0x1F;
    if (mf & 0x20) {
        mo.types = type_filter;
        mo.ntypes = 2;
    }
    if ((mf & 0x40) && added > 0) {
        ar_gaz_info info;
        static char idbuf[2][64];
        for (i = 0; i < 2; i++) {
            ar_gaz_entry_info(g, (uint32_t)(i % added), &info);
            snprintf(idbuf[i], sizeof idbuf[i], "%.*s", (int)(info.id_len < 63 ? info.id_len : 63), info.id);
            id_filter[i] = idbuf[i];
        }
        mo.ids = id_filter;
        mo.nids = 2;
    }
    rc = ar_gaz_match_text(g, text, len, &mo, r1);
    FUZZ_CHECK(rc == AR_OK, "ar_gaz_match_text: %s", ar_strerror(rc));
    check_matches(g, r1, len, &mo);

    /* a fresh builder with every entry gives the same gazetteer */
    if (bf & 0x20) {
        ar_gaz_builder *fb = ar_gaz_builder_new(nop, &err);
        ar_gazetteer *fg;
        FUZZ_CHECK(fb != NULL, "ar_gaz_builder_new");
        for (i = 0; i < n; i++) add_entry(fb, &ents[i]);
        fg = ar_gaz_compile(fb, fuzzy, &err);
        FUZZ_CHECK(fg != NULL, "fresh compile: %s", ar_strerror(err));
        same_gazetteers(g, fg, "recompiled vs fresh");
        FUZZ_CHECK(ar_gaz_match_text(fg, text, len, &mo, r2) == AR_OK, "match (fresh)");
        same_results(r1, r2, "recompiled vs fresh");
        ar_gaz_free(fg);
        ar_gaz_builder_free(fb);
    }

    /* calibration of the first entry's name */
    if ((bf & 0x10) && added > 0) {
        ar_gaz_info info;
        int verdict = (int)(mf >> 7) + 1; /* demote or trust */
        size_t changed;
        ar_gaz_entry_info(g, 0, &info);
        FUZZ_CHECK(ar_gaz_demote(g, info.name, info.name_len, verdict, &changed) == AR_OK, "demote failed");
        FUZZ_CHECK(changed <= added, "demote changed %zu of %zu", changed, added);
        if (changed) {
            ar_gaz_entry_info(g, 0, &info);
            FUZZ_CHECK(verdict == AR_CAL_DEMOTE ? (info.flags & AR_GAZ_DEMOTED) && !(info.flags & AR_GAZ_TRUSTED)
                                                : (info.flags & AR_GAZ_TRUSTED) && !(info.flags & AR_GAZ_DEMOTED),
                       "flags %#x after verdict %d", info.flags, verdict);
        }
        FUZZ_CHECK(ar_gaz_match_text(g, text, len, &mo, r1) == AR_OK, "match after calibration");
        check_matches(g, r1, len, &mo);
    }

    h = reload(g, bf >> 6);
    same_gazetteers(g, h, "saved and reloaded");
    FUZZ_CHECK(ar_gaz_match_text(h, text, len, &mo, r2) == AR_OK, "match (reloaded)");
    same_results(r1, r2, "saved and reloaded");
    ar_gaz_free(h);

    ar_gaz_free(g);
    ar_gaz_builder_free(b);
    return 0;
}
