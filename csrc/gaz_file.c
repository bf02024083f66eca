/*
 * gaz_file.c — saving, opening (mmap) and checking compiled gazetteers.
 *
 * File layout (little-endian):
 *    0  magic "ARGAZ\r\n\032" (8 bytes: catches text-mode transfers)
 *    8  u32 format version
 *   12  u32 byte-order mark 0x01020304
 *   16  u64 body size
 *   24  u64 body checksum (ar__hash of the body)
 *   32  u32 number of sections
 *   36  u32 header checksum (bytes 0..35 and the section table)
 *   40  section table: per section u64 offset (from the body start), u64 size
 *       body, 8-byte aligned, sections 8-byte aligned
 * Opening checks the header, the section table and every structural bound;
 * reads made later through the views are bounds-checked again, so a
 * corrupted file yields an error or wrong strings, never a read outside it.
 */
#include "gaz.h"
#include "hash.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define AUTO_VERIFY_MAX (16u << 20)

static int fail(char *msg, size_t n, const char *what)
{
    if (msg && n) snprintf(msg, n, "%s", what);
    return AR_EFORMAT;
}

/* ------------------------------------------------------------- attach */

int ar__gaz_attach(ar_gazetteer *g, const unsigned char *body, size_t len, const uint64_t *off,
                   const uint64_t *size, char *msg, size_t n)
{
    int i;
    const struct gmeta *meta;
    for (i = 0; i < S_COUNT; i++) {
        if (off[i] > len || size[i] > len - off[i]) return fail(msg, n, "section outside the file");
        if (off[i] % 8) return fail(msg, n, "misaligned section");
        if (size[i] > 0xFFFFFFF0u * (uint64_t)16) return fail(msg, n, "section too large");
    }
#define COUNT(sec, type, var)                                                    \
    do {                                                                         \
        if (size[sec] % sizeof(type)) return fail(msg, n, "section size mismatch"); \
        if (size[sec] / sizeof(type) > 0xFFFFFFF0u) return fail(msg, n, "section too large"); \
        var = (uint32_t)(size[sec] / sizeof(type));                              \
    } while (0)
    if (size[S_META] != sizeof(struct gmeta)) return fail(msg, n, "bad metadata section");
    meta = (const struct gmeta *)(body + off[S_META]);
    g->body = body;
    g->body_len = len;
    g->str = body + off[S_STR];
    if (size[S_STR] < 2 || size[S_STR] > 0xFFFFFFF0u || g->str[0] != 0 || g->str[1] != 0)
        return fail(msg, n, "bad string section");
    g->str_len = (uint32_t)size[S_STR];
    g->tok = (const struct gtok *)(body + off[S_TOK]);
    COUNT(S_TOK, struct gtok, g->ntok);
    g->slot = (const uint32_t *)(body + off[S_SLOT]);
    COUNT(S_SLOT, uint32_t, g->nslot);
    if (g->nslot == 0 || (g->nslot & (g->nslot - 1)) || g->nslot <= g->ntok)
        return fail(msg, n, "bad token hash table");
    g->node = (const struct gnode *)(body + off[S_NODE]);
    COUNT(S_NODE, struct gnode, g->nnode);
    if (g->nnode < 2) return fail(msg, n, "bad trie");
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
        if (nt != g->ndel) return fail(msg, n, "bad fuzzy index");
    }
#undef COUNT
    if (g->node[g->nnode].edge_start != g->nedge || g->node[g->nnode].ent_start != g->nnent)
        return fail(msg, n, "bad trie sentinel");
    if (meta->fuzzy > 1) return fail(msg, n, "bad metadata");
    g->fuzzy = (int)meta->fuzzy;
    g->norm.flags = meta->norm_flags;
    g->norm.alef = meta->norm_enum[0];
    g->norm.teh_marbuta = meta->norm_enum[1];
    g->norm.dagger_alef = meta->norm_enum[2];
    g->norm.digits = meta->norm_enum[3];
    g->norm.unicode = meta->norm_enum[4];
    g->norm.elongation = meta->norm_enum[5];
    return AR_OK;
}

int ar__gaz_normalizers(ar_gazetteer *g)
{
    ar_norm_options ex;
    int err;
    g->nz = ar_normalizer_new(&g->norm, &err);
    if (!g->nz) return err == AR_EVALUE ? AR_EFORMAT : err;
    ar_norm_options_preset(&ex, "display");
    ex.flags |= AR_N_HARAKAT | AR_N_SHADDA | AR_N_QURANIC | AR_N_ZWNJ;
    ex.dagger_alef = AR_DAGGER_REMOVE;
    g->exact = ar_normalizer_new(&ex, &err);
    return g->exact ? AR_OK : err;
}

void ar_gaz_free(ar_gazetteer *g)
{
    if (!g) return;
    ar_normalizer_free(g->nz);
    ar_normalizer_free(g->exact);
    free(g->owned);
    if (g->mapped) munmap(g->mapped, g->mapped_len);
    free(g->demoted);
    free(g);
}

/* --------------------------------------------------------------- save */

/* Entry flags with a calibration verdict applied (see ar_gaz_demote). */
static uint32_t overlay(unsigned char verdict, uint32_t flags)
{
    if (verdict) flags &= ~(uint32_t)(AR_GAZ_DEMOTED | AR_GAZ_TRUSTED);
    if (verdict == 1) flags |= AR_GAZ_DEMOTED;
    if (verdict == 3) flags |= AR_GAZ_TRUSTED;
    return flags;
}

int ar_gaz_save(const ar_gazetteer *g, const char *path)
{
    unsigned char head[GAZ_HEADER + 16 * S_COUNT + 8];
    size_t hs = GAZ_BODY_START, i;
    uint64_t offs[S_COUNT], sizes[S_COUNT];
    FILE *f;
    char tmp[4096];
    unsigned char *copy = NULL;
    const unsigned char *body;
    int ok;
    if (!g || !path) return AR_EARG;
    if (strlen(path) + 16 > sizeof tmp) return AR_EARG;
    memset(head, 0, sizeof head);
    memcpy(head, GAZ_MAGIC, 8);
    gaz_put32(head + 8, GAZ_VERSION);
    gaz_put32(head + 12, GAZ_ENDIAN);
    gaz_put64(head + 16, g->body_len);
    gaz_put32(head + 32, S_COUNT);
    /* recover section offsets from the views */
#define SEC(id, ptr, bytes) (offs[id] = (uint64_t)((const unsigned char *)(ptr) - g->body), sizes[id] = (bytes))
    SEC(S_META, g->body, sizeof(struct gmeta));
    SEC(S_STR, g->str, g->str_len);
    SEC(S_TOK, g->tok, (uint64_t)g->ntok * sizeof(struct gtok));
    SEC(S_SLOT, g->slot, (uint64_t)g->nslot * 4);
    SEC(S_NODE, g->node, ((uint64_t)g->nnode + 1) * sizeof(struct gnode));
    SEC(S_EDGE, g->edge, (uint64_t)g->nedge * sizeof(struct gedge));
    SEC(S_NENT, g->nent, (uint64_t)g->nnent * sizeof(struct gnent));
    SEC(S_ENT, g->ent, (uint64_t)g->nentries * sizeof(struct gent));
    SEC(S_TYPE, g->type, (uint64_t)g->ntype * 4);
    SEC(S_DELH, g->delh, (uint64_t)g->ndel * 8);
    SEC(S_DELT, g->delt, (uint64_t)g->ndel * 4);
#undef SEC
    for (i = 0; i < S_COUNT; i++) {
        gaz_put64(head + GAZ_HEADER + 16 * i, offs[i]);
        gaz_put64(head + GAZ_HEADER + 16 * i + 8, sizes[i]);
    }
    /* Calibration lives in the entries' flags on disk: patch a copy. */
    body = g->body;
    if (g->demoted) {
        copy = malloc(g->body_len);
        if (!copy) return AR_ENOMEM;
        memcpy(copy, g->body, g->body_len);
        for (i = 0; i < g->nentries; i++) {
            unsigned char *fl = copy + offs[S_ENT] + i * sizeof(struct gent) + offsetof(struct gent, flags);
            gaz_put32(fl, overlay(g->demoted[i], gaz_get32(fl)));
        }
        for (i = 0; i < g->nnent; i++) {
            unsigned char *rec = copy + offs[S_NENT] + i * sizeof(struct gnent);
            uint32_t e = gaz_get32(rec);
            unsigned char *fl = rec + offsetof(struct gnent, flags);
            uint32_t flags = (uint32_t)fl[0] | ((uint32_t)fl[1] << 8);
            if (e >= g->nentries) continue;
            flags = overlay(g->demoted[e], flags);
            fl[0] = (unsigned char)flags;
            fl[1] = (unsigned char)(flags >> 8);
        }
        body = copy;
    }
    gaz_put64(head + 24, ar__hash(body, g->body_len));
    {
        unsigned char hh[GAZ_HEADER + 16 * S_COUNT];
        memcpy(hh, head, sizeof hh);
        gaz_put32(hh + 36, 0);
        gaz_put32(head + 36, (uint32_t)ar__hash(hh, sizeof hh));
    }
    /* Write to a temporary name and rename: a reader never sees half a file. */
    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    f = fopen(tmp, "wb");
    if (!f) {
        free(copy);
        return AR_EIO;
    }
    ok = fwrite(head, 1, hs, f) == hs && fwrite(body, 1, g->body_len, f) == g->body_len;
    ok = (fclose(f) == 0) && ok;
    free(copy);
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return AR_EIO;
    }
    return AR_OK;
}

/* --------------------------------------------------------------- open */

static ar_gazetteer *finish_open(ar_gazetteer *g, const unsigned char *file, size_t len,
                                 int verify, int *err, char *msg, size_t n)
{
    uint64_t offs[S_COUNT], sizes[S_COUNT], blen;
    size_t hs = GAZ_BODY_START, i;
    int e;
    unsigned char hh[GAZ_HEADER + 16 * S_COUNT];
    if (len < 8 || memcmp(file, GAZ_MAGIC, 8) != 0) {
        e = fail(msg, n, "not a gazetteer file (bad magic)");
        goto bad;
    }
    if (len < hs) {
        e = fail(msg, n, "too short to be a gazetteer (truncated?)");
        goto bad;
    }
    if (gaz_get32(file + 12) != GAZ_ENDIAN) {
        e = fail(msg, n, "written with another byte order");
        goto bad;
    }
    if (gaz_get32(file + 8) != GAZ_VERSION) {
        if (msg && n) snprintf(msg, n, "unsupported format version %u (this library reads %u)",
                               (unsigned)gaz_get32(file + 8), GAZ_VERSION);
        e = AR_EFORMAT;
        goto bad;
    }
    if (gaz_get32(file + 32) != S_COUNT) {
        e = fail(msg, n, "unexpected number of sections");
        goto bad;
    }
    memcpy(hh, file, sizeof hh);
    gaz_put32(hh + 36, 0);
    if ((uint32_t)ar__hash(hh, sizeof hh) != gaz_get32(file + 36)) {
        e = fail(msg, n, "header checksum mismatch (corrupt file)");
        goto bad;
    }
    blen = gaz_get64(file + 16);
    if (blen != len - hs) {
        e = fail(msg, n, "file size does not match its header (truncated?)");
        goto bad;
    }
    for (i = 0; i < S_COUNT; i++) {
        offs[i] = gaz_get64(file + GAZ_HEADER + 16 * i);
        sizes[i] = gaz_get64(file + GAZ_HEADER + 16 * i + 8);
    }
    if (verify > 0 || (verify < 0 && len <= AUTO_VERIFY_MAX)) {
        if (ar__hash(file + hs, (size_t)blen) != gaz_get64(file + 24)) {
            e = fail(msg, n, "checksum mismatch (corrupt file)");
            goto bad;
        }
    }
    if ((e = ar__gaz_attach(g, file + hs, (size_t)blen, offs, sizes, msg, n))) goto bad;
    if ((e = ar__gaz_normalizers(g))) {
        if (e == AR_EFORMAT) fail(msg, n, "bad normalization options");
        goto bad;
    }
    if (err) *err = AR_OK;
    return g;
bad:
    ar_gaz_free(g);
    if (err) *err = e;
    return NULL;
}

ar_gazetteer *ar_gaz_open(const char *path, int verify, int *err, char *msg, size_t n)
{
    int fd;
    struct stat st;
    void *p;
    ar_gazetteer *g;
    if (msg && n) msg[0] = '\0';
    if (!path) {
        if (err) *err = AR_EARG;
        return NULL;
    }
    fd = open(path, O_RDONLY);
    if (fd < 0 || fstat(fd, &st) != 0) {
        if (msg && n) snprintf(msg, n, "%s", strerror(errno));
        if (fd >= 0) close(fd);
        if (err) *err = AR_EIO;
        return NULL;
    }
    if (!S_ISREG(st.st_mode) || st.st_size == 0) {
        close(fd);
        if (msg && n) snprintf(msg, n, S_ISREG(st.st_mode) ? "empty file, not a gazetteer" : "not a regular file");
        if (err) *err = AR_EFORMAT;
        return NULL;
    }
    p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) {
        if (msg && n) snprintf(msg, n, "mmap: %s", strerror(errno));
        if (err) *err = AR_EIO;
        return NULL;
    }
    g = calloc(1, sizeof *g);
    if (!g) {
        munmap(p, (size_t)st.st_size);
        if (err) *err = AR_ENOMEM;
        return NULL;
    }
    g->mapped = p;
    g->mapped_len = (size_t)st.st_size;
    return finish_open(g, p, (size_t)st.st_size, verify, err, msg, n);
}

ar_gazetteer *ar_gaz_from_memory(const void *data, size_t len, int verify, int *err, char *msg,
                                 size_t n)
{
    ar_gazetteer *g;
    void *copy;
    if (msg && n) msg[0] = '\0';
    if (!data && len) {
        if (err) *err = AR_EARG;
        return NULL;
    }
    g = calloc(1, sizeof *g);
    copy = malloc(len ? len : 1);
    if (!g || !copy) {
        free(g);
        free(copy);
        if (err) *err = AR_ENOMEM;
        return NULL;
    }
    if (len) memcpy(copy, data, len);
    g->owned = copy;
    return finish_open(g, copy, len, verify, err, msg, n);
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
    st->mapped = g->mapped != NULL;
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
    info->flags = x->flags;
    if (g->demoted && g->demoted[e]) {
        info->flags &= ~(unsigned)(AR_GAZ_DEMOTED | AR_GAZ_TRUSTED);
        if (g->demoted[e] == 1) info->flags |= AR_GAZ_DEMOTED;
        if (g->demoted[e] == 3) info->flags |= AR_GAZ_TRUSTED;
    }
    info->priority = x->priority;
    return AR_OK;
}

static size_t read_varint(const unsigned char *p, size_t len, size_t *pos, int *ok)
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

int ar_gaz_entry_attr(const ar_gazetteer *g, uint32_t e, size_t i, const char **key, size_t *klen,
                      const char **val, size_t *vlen)
{
    size_t len, pos = 0, k;
    const unsigned char *a;
    int ok = 1;
    if (!g || e >= g->nentries || g->ent[e].attrs == 0) return AR_EARG;
    a = (const unsigned char *)ar__gaz_str(g, g->ent[e].attrs, &len);
    for (k = 0; k <= i; k++) {
        size_t kl = read_varint(a, len, &pos, &ok), ks, vl, vs;
        if (!ok || kl > len - pos) return AR_EARG;
        ks = pos;
        pos += kl;
        vl = read_varint(a, len, &pos, &ok);
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

uint32_t ar__gaz_lookup(const ar_gazetteer *g, const unsigned char *s, size_t len, uint64_t h)
{
    uint32_t m = g->nslot - 1, k, probes;
    for (k = (uint32_t)h & m, probes = 0; probes < g->nslot; k = (k + 1) & m, probes++) {
        uint32_t id = g->slot[k];
        const struct gtok *t;
        size_t l;
        const char *ts;
        if (id == 0) return NONE;
        if (id > g->ntok) continue;
        t = &g->tok[id - 1];
        if (t->hash != (uint32_t)h) continue;
        ts = ar__gaz_str(g, t->str, &l);
        if (l == len && memcmp(ts, s, len) == 0) return id - 1;
    }
    return NONE;
}
