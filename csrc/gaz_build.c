/*
 * gaz_build.c — collecting gazetteer entries and compiling them.
 *
 * The builder keeps everything in growable arrays: a string pool (which
 * becomes the S_STR section as it is), a token dictionary, and per entry its
 * token-id sequence. Compiling builds the trie over token ids with a
 * (parent, token) -> child hash map, then lays the sections out in one blob.
 */
#include "gaz.h"
#include "hash.h"
#include <errno.h>
#include <stdio.h>

struct bent {
    uint32_t name, type, id, canonical, attrs, exact, flags;
    int32_t priority;
    uint32_t seq, nseq; /* token ids in b->seq */
};

struct ar_gaz_builder {
    ar_norm_options norm;
    ar_normalizer *nz, *exact;
    ar_buf pool;
    struct gtok *tok;
    size_t ntok, tokcap;
    uint32_t *slot;
    size_t nslot;
    uint32_t *seq;
    size_t nseq, seqcap;
    struct bent *ent;
    size_t nent, entcap;
    uint32_t *types;
    size_t ntypes, typecap;
    ar_buf tmp;
};

/* ---------------------------------------------------------- small tools */

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    size_t c = *cap ? *cap : 64;
    void *q;
    if (need <= *cap) return AR_OK;
    while (c < need) {
        if (c > SIZE_MAX / 2 / elem) return AR_ETOOBIG;
        c *= 2;
    }
    q = realloc(*p, c * elem);
    if (!q) return AR_ENOMEM;
    *p = q;
    *cap = c;
    return AR_OK;
}

static size_t varint_put(unsigned char *d, size_t v)
{
    size_t n = 0;
    do {
        unsigned char c = (unsigned char)(v & 0x7F);
        v >>= 7;
        d[n++] = (unsigned char)(v ? c | 0x80 : c);
    } while (v);
    return n;
}

/* Append a string to the pool: varint length, bytes, NUL. */
static int pool_add(ar_buf *pool, const char *s, size_t len, uint32_t *off)
{
    unsigned char v[10];
    size_t vl = varint_put(v, len);
    int err;
    if (pool->len + vl + len + 1 > 0xFFFFFFF0u) return AR_ETOOBIG;
    if ((err = ar__buf_reserve(pool, vl + len + 1))) return err;
    *off = (uint32_t)pool->len;
    memcpy(pool->data + pool->len, v, vl);
    if (len) memcpy(pool->data + pool->len + vl, s, len);
    pool->data[pool->len + vl + len] = '\0';
    pool->len += vl + len + 1;
    return AR_OK;
}

static size_t count_chars(const unsigned char *s, size_t len)
{
    size_t i, n = 0;
    for (i = 0; i < len; i++)
        if ((s[i] & 0xC0) != 0x80) n++;
    return n;
}

/* ------------------------------------------------------------- builder */

ar_gaz_builder *ar_gaz_builder_new(const ar_norm_options *norm, int *err)
{
    ar_gaz_builder *b = calloc(1, sizeof *b);
    ar_norm_options ex;
    uint32_t off;
    int e;
    if (!b) {
        if (err) *err = AR_ENOMEM;
        return NULL;
    }
    if (norm) b->norm = *norm;
    else ar_norm_options_preset(&b->norm, "search");
    b->nz = ar_normalizer_new(&b->norm, &e);
    ar__gaz_exact_options(&ex);
    if (b->nz) b->exact = ar_normalizer_new(&ex, &e);
    if (!b->nz || !b->exact || (e = pool_add(&b->pool, "", 0, &off)) != AR_OK) {
        ar_gaz_builder_free(b);
        if (err) *err = e ? e : AR_ENOMEM;
        return NULL;
    }
    if (err) *err = AR_OK;
    return b;
}

void ar_gaz_builder_free(ar_gaz_builder *b)
{
    if (!b) return;
    ar_normalizer_free(b->nz);
    ar_normalizer_free(b->exact);
    ar_buf_free(&b->pool);
    ar_buf_free(&b->tmp);
    free(b->tok);
    free(b->slot);
    free(b->seq);
    free(b->ent);
    free(b->types);
    free(b);
}

size_t ar_gaz_builder_count(const ar_gaz_builder *b) { return b ? b->nent : 0; }

static const char *pool_str(const ar_buf *pool, uint32_t off, size_t *len)
{
    return ar__gaz_strat((const unsigned char *)pool->data, pool->len, off, len);
}

static int rehash(ar_gaz_builder *b, size_t nslot)
{
    uint32_t *slot = calloc(nslot, sizeof *slot);
    size_t i;
    if (!slot) return AR_ENOMEM;
    for (i = 0; i < b->ntok; i++) {
        size_t m = nslot - 1, k;
        const char *s;
        size_t len;
        uint64_t h;
        s = pool_str(&b->pool, b->tok[i].str, &len);
        h = ar__hash(s, len);
        for (k = (size_t)h & m; slot[k]; k = (k + 1) & m) {}
        slot[k] = (uint32_t)i + 1;
    }
    free(b->slot);
    b->slot = slot;
    b->nslot = nslot;
    return AR_OK;
}

/* Token id of s, adding it when absent. */
static int intern_token(ar_gaz_builder *b, const char *s, size_t len, uint32_t *id)
{
    uint64_t h = ar__hash(s, len);
    size_t m, k;
    int err;
    if ((b->ntok + 1) * 2 > b->nslot) {
        if ((err = rehash(b, b->nslot ? b->nslot * 2 : 1024))) return err;
    }
    m = b->nslot - 1;
    /* A slot naming an id >= ntok was left by a compile that added (and then
     * dropped) the word lists: it was empty before, so it ends the chain. */
    for (k = (size_t)h & m; b->slot[k] && b->slot[k] <= b->ntok; k = (k + 1) & m) {
        const struct gtok *t = &b->tok[b->slot[k] - 1];
        size_t l;
        const char *ts;
        if (t->hash != (uint32_t)h) continue;
        ts = pool_str(&b->pool, t->str, &l);
        if (l == len && memcmp(ts, s, len) == 0) {
            *id = b->slot[k] - 1;
            return AR_OK;
        }
    }
    if (b->ntok >= 0xFFFFFFF0u) return AR_ETOOBIG;
    if ((err = grow((void **)&b->tok, &b->tokcap, b->ntok + 1, sizeof *b->tok))) return err;
    {
        struct gtok *t = &b->tok[b->ntok];
        size_t nch = count_chars((const unsigned char *)s, len);
        if ((err = pool_add(&b->pool, s, len, &t->str))) return err;
        t->first_node = NONE;
        t->hash = (uint32_t)h;
        t->meta = (uint32_t)(nch > 0xFFFF ? 0xFFFF : nch);
    }
    b->slot[k] = (uint32_t)b->ntok + 1;
    *id = (uint32_t)b->ntok++;
    return AR_OK;
}

static int intern_type(ar_gaz_builder *b, const char *s, size_t len, uint32_t *idx)
{
    size_t i;
    int err;
    for (i = 0; i < b->ntypes; i++) {
        size_t l;
        const char *t = pool_str(&b->pool, b->types[i], &l);
        if (l == len && memcmp(t, s, len) == 0) {
            *idx = (uint32_t)i;
            return AR_OK;
        }
    }
    if (b->ntypes >= 65535) return AR_ETOOBIG;
    if ((err = grow((void **)&b->types, &b->typecap, b->ntypes + 1, sizeof *b->types))) return err;
    if ((err = pool_add(&b->pool, s, len, &b->types[b->ntypes]))) return err;
    *idx = (uint32_t)b->ntypes++;
    return AR_OK;
}

static int valid_utf8(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        int32_t c;
        i += ar__decode((const unsigned char *)s + i, len - i, &c);
        if (c < 0) return 0;
    }
    return 1;
}

/* Normalize a name and append its token ids; leading and trailing
 * punctuation is dropped (a name never starts with a quote). */
static int name_tokens(ar_gaz_builder *b, const char *name, size_t len, uint32_t *first,
                       uint32_t *count)
{
    ar_tokenizer t;
    ar_token tok;
    size_t start = b->nseq, last_word = b->nseq;
    int err, seen_word = 0;
    if ((err = ar_normalize(b->nz, name, len, &b->tmp, NULL, NULL))) return err;
    ar_tokenizer_init(&t, b->tmp.data, b->tmp.len);
    while (ar_tokenizer_next(&t, &tok)) {
        uint32_t id;
        int wordish = tok.kind != AR_TOK_PUNCT && tok.kind != AR_TOK_SYMBOL && tok.kind != AR_TOK_OTHER;
        if (!seen_word && !wordish) continue;
        seen_word = 1;
        if ((err = intern_token(b, b->tmp.data + tok.start, tok.end - tok.start, &id))) return err;
        if ((err = grow((void **)&b->seq, &b->seqcap, b->nseq + 1, sizeof *b->seq))) return err;
        b->seq[b->nseq++] = id;
        if (wordish) last_word = b->nseq;
    }
    b->nseq = last_word; /* drop trailing punctuation */
    *first = (uint32_t)start;
    *count = (uint32_t)(b->nseq - start);
    return AR_OK;
}

static int add_attrs(ar_gaz_builder *b, const ar_gaz_entry *e, uint32_t *off)
{
    ar_buf a = {0};
    size_t i;
    int err = AR_OK;
    if (e->nattrs == 0) {
        *off = 0;
        return AR_OK;
    }
    for (i = 0; i < 2 * e->nattrs && !err; i++) {
        unsigned char v[10];
        size_t l = e->attr_lens ? e->attr_lens[i] : strlen(e->attrs[i]);
        size_t vl = varint_put(v, l);
        if ((err = ar__buf_reserve(&a, vl + l))) break;
        memcpy(a.data + a.len, v, vl);
        memcpy(a.data + a.len + vl, e->attrs[i], l);
        a.len += vl + l;
    }
    if (!err) err = pool_add(&b->pool, a.data, a.len, off);
    ar_buf_free(&a);
    return err;
}

int ar_gaz_add(ar_gaz_builder *b, const ar_gaz_entry *e, ar_error *error)
{
    struct bent *x;
    size_t seq_mark;
    int err;
    if (!b || !e || !e->name) return ar__fail(error, AR_EARG, 0, NULL);
    if (!valid_utf8(e->name, e->name_len) || (e->type && !valid_utf8(e->type, e->type_len)) ||
        (e->id && !valid_utf8(e->id, e->id_len)) ||
        (e->canonical && !valid_utf8(e->canonical, e->canonical_len)))
        return ar__fail(error, AR_EUTF8, 0, "invalid UTF-8");
    if ((err = grow((void **)&b->ent, &b->entcap, b->nent + 1, sizeof *b->ent)))
        return ar__fail(error, err, 0, NULL);
    /* A failed add leaves no entry (tokens it added stay in the
     * dictionary: harmless). */
    seq_mark = b->nseq;
    x = &b->ent[b->nent];
    memset(x, 0, sizeof *x);
    if ((err = name_tokens(b, e->name, e->name_len, &x->seq, &x->nseq))) goto fail;
    if (x->nseq == 0) {
        b->nseq = seq_mark;
        return ar__fail(error, AR_EVALUE, 0, "the name has no letters or digits");
    }
    if (x->nseq > AR_GAZ_MAX_NAME_TOKENS) {
        /* matching walks a name token by token from every word of a text:
         * the walk must stay short (see arabic.h) */
        b->nseq = seq_mark;
        return ar__fail(error, AR_EVALUE, 0, "the name has %u words (at most %d)", (unsigned)x->nseq,
                        AR_GAZ_MAX_NAME_TOKENS);
    }
    if ((err = pool_add(&b->pool, e->name, e->name_len, &x->name))) goto fail;
    x->id = x->canonical = x->name;
    if (e->id && e->id_len && (err = pool_add(&b->pool, e->id, e->id_len, &x->id))) goto fail;
    if (e->canonical && e->canonical_len &&
        (err = pool_add(&b->pool, e->canonical, e->canonical_len, &x->canonical)))
        goto fail;
    if (e->type && e->type_len) err = intern_type(b, e->type, e->type_len, &x->type);
    else err = intern_type(b, "MISC", 4, &x->type);
    if (err) goto fail;
    if ((err = add_attrs(b, e, &x->attrs))) goto fail;
    if ((err = ar_normalize(b->exact, e->name, e->name_len, &b->tmp, NULL, NULL))) goto fail;
    if ((err = pool_add(&b->pool, b->tmp.data, b->tmp.len, &x->exact))) goto fail;
    x->flags = e->flags & (AR_GAZ_EXACT_ONLY | AR_GAZ_NEEDS_CONTEXT | AR_GAZ_DEMOTED | AR_GAZ_TRUSTED);
    x->priority = e->priority;
    b->nent++;
    return AR_OK;
fail:
    b->nseq = seq_mark; /* strings already pooled stay, unreferenced */
    return ar__fail(error, err, 0, NULL);
}

/* ------------------------------------------------------------ TSV files */

static const ar_flag_name entry_flags[] = {
    {"exact_only", AR_GAZ_EXACT_ONLY},
    {"needs_context", AR_GAZ_NEEDS_CONTEXT},
    {"demoted", AR_GAZ_DEMOTED},
    {"trusted", AR_GAZ_TRUSTED},
    {NULL, 0},
};

const ar_flag_name *ar_gaz_entry_flag_names(void) { return entry_flags; }

/* "priority=N" with N an integer in -1000000..1000000. */
static int parse_priority(const char *s, size_t len, int *priority)
{
    size_t i = 9, digits = 0;
    long v = 0;
    int neg = 0;
    if (len <= 9 || memcmp(s, "priority=", 9) != 0) return 0;
    if (s[i] == '-') neg = 1, i++;
    for (; i < len; i++, digits++) {
        if (s[i] < '0' || s[i] > '9' || digits >= 7) return 0;
        v = v * 10 + (s[i] - '0');
    }
    if (digits == 0 || v > 1000000) return 0;
    *priority = (int)(neg ? -v : v);
    return 1;
}

int ar_gaz_parse_flags(const char *s, size_t len, unsigned *flags, int *priority, ar_error *err)
{
    size_t i = 0;
    if ((!s && len) || !flags || !priority) return ar__fail(err, AR_EARG, 0, NULL);
    while (i < len) {
        size_t j = i, k, f;
        while (j < len && s[j] != ',') j++;
        k = j;
        while (i < k && (s[i] == ' ' || s[i] == '\t')) i++;
        while (k > i && (s[k - 1] == ' ' || s[k - 1] == '\t')) k--;
        for (f = 0; entry_flags[f].name; f++)
            if (strlen(entry_flags[f].name) == k - i && memcmp(s + i, entry_flags[f].name, k - i) == 0)
                break;
        if (entry_flags[f].name) *flags |= entry_flags[f].bit;
        else if (k > i && !parse_priority(s + i, k - i, priority)) {
            char valid[128] = "";
            for (f = 0; entry_flags[f].name; f++) {
                strcat(valid, entry_flags[f].name);
                strcat(valid, ", ");
            }
            return ar__fail(err, AR_EVALUE, 0, "unknown flag '%.*s' (valid: %spriority=N)",
                            (int)(k - i > 40 ? 40 : k - i), s + i, valid);
        }
        i = j + 1;
    }
    return AR_OK;
}

#define MAXCOLS 64

/* Split a line into tab-separated fields (in place views). */
static size_t split_tabs(char *line, size_t len, char **f, size_t *fl, size_t max)
{
    size_t n = 0, i, start = 0;
    for (i = 0; i <= len; i++) {
        if (i == len || line[i] == '\t') {
            if (n < max) {
                f[n] = line + start;
                fl[n] = i - start;
            }
            n++;
            start = i + 1;
        }
    }
    return n;
}

int ar_gaz_load_tsv(ar_gaz_builder *b, const char *path, int strict, ar_gaz_load_info *info,
                    ar_error *error)
{
    FILE *fp;
    char *line = NULL;
    size_t cap = 0, lineno = 0, ncols = 0;
    ssize_t got;
    char *hdr[MAXCOLS];
    size_t hdrl[MAXCOLS];
    char *header = NULL;
    int col_name = -1, col_type = -1, col_id = -1, col_canon = -1, col_flags = -1;
    int err = AR_OK;
    ar_gaz_load_info dummy;
    ar_error bad; /* what is wrong with the current line */
    if (!info) info = &dummy;
    memset(info, 0, sizeof *info);
    if (!b || !path) return ar__fail(error, AR_EARG, 0, NULL);
    fp = fopen(path, "rb");
    if (!fp) return ar__fail(error, AR_EIO, 0, "%s", strerror(errno));
    while ((got = getline(&line, &cap, fp)) >= 0) {
        size_t len = (size_t)got, n, i;
        char *f[MAXCOLS];
        size_t fl[MAXCOLS];
        ar_gaz_entry e;
        const char *attrs[2 * MAXCOLS];
        size_t attr_lens[2 * MAXCOLS];
        size_t na = 0;
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) len--;
        if (!header) {
            if (!valid_utf8(line, len)) {
                err = ar__fail(error, AR_EFORMAT, lineno, "header: invalid UTF-8");
                break;
            }
            header = malloc(len + 1);
            if (!header) {
                err = ar__fail(error, AR_ENOMEM, lineno, NULL);
                break;
            }
            memcpy(header, line, len);
            header[len] = '\0';
            ncols = split_tabs(header, len, hdr, hdrl, MAXCOLS);
            if (ncols > MAXCOLS) {
                err = ar__fail(error, AR_EFORMAT, lineno, "header: more than %d columns", MAXCOLS);
                break;
            }
            for (i = 0; i < ncols; i++) {
#define IS(s) (hdrl[i] == sizeof s - 1 && memcmp(hdr[i], s, sizeof s - 1) == 0)
                if (IS("name")) col_name = (int)i;
                else if (IS("type")) col_type = (int)i;
                else if (IS("id")) col_id = (int)i;
                else if (IS("canonical")) col_canon = (int)i;
                else if (IS("flags")) col_flags = (int)i;
#undef IS
            }
            if (col_name < 0) {
                err = ar__fail(error, AR_EFORMAT, lineno,
                               "header: no 'name' column (the first line must name the columns: name, "
                               "type, id, canonical, flags, ...)");
                break;
            }
            continue;
        }
        if (len == 0 || line[0] == '#') continue;
        info->lines++;
        memset(&e, 0, sizeof e);
        if (!valid_utf8(line, len)) {
            ar__fail(&bad, AR_EFORMAT, lineno, "invalid UTF-8");
            goto bad_line;
        }
        if (memchr(line, '\0', len)) {
            ar__fail(&bad, AR_EFORMAT, lineno, "NUL byte in line");
            goto bad_line;
        }
        n = split_tabs(line, len, f, fl, MAXCOLS);
        if (n > ncols) {
            ar__fail(&bad, AR_EFORMAT, lineno, "%zu columns, the header has %zu", n, ncols);
            goto bad_line;
        }
        if ((size_t)col_name >= n || fl[col_name] == 0) {
            ar__fail(&bad, AR_EFORMAT, lineno, "empty name");
            goto bad_line;
        }
        e.name = f[col_name];
        e.name_len = fl[col_name];
        if (col_type >= 0 && (size_t)col_type < n) e.type = f[col_type], e.type_len = fl[col_type];
        if (col_id >= 0 && (size_t)col_id < n) e.id = f[col_id], e.id_len = fl[col_id];
        if (col_canon >= 0 && (size_t)col_canon < n)
            e.canonical = f[col_canon], e.canonical_len = fl[col_canon];
        if (col_flags >= 0 && (size_t)col_flags < n &&
            ar_gaz_parse_flags(f[col_flags], fl[col_flags], &e.flags, &e.priority, &bad))
            goto bad_line;
        for (i = 0; i < n; i++) {
            if ((int)i == col_name || (int)i == col_type || (int)i == col_id ||
                (int)i == col_canon || (int)i == col_flags || fl[i] == 0)
                continue;
            attrs[2 * na] = hdr[i];
            attr_lens[2 * na] = hdrl[i];
            attrs[2 * na + 1] = f[i];
            attr_lens[2 * na + 1] = fl[i];
            na++;
        }
        e.attrs = attrs;
        e.attr_lens = attr_lens;
        e.nattrs = na;
        err = ar_gaz_add(b, &e, &bad);
        if (err == AR_ENOMEM || err == AR_ETOOBIG) {
            ar__fail(error, err, lineno, NULL);
            break;
        }
        if (err == AR_OK) {
            info->added++;
            continue;
        }
        err = AR_OK;
    bad_line:
        bad.line = lineno;
        bad.code = AR_EFORMAT;
        if (strict) {
            if (error) *error = bad;
            err = AR_EFORMAT;
            break;
        }
        if (info->skipped++ == 0) info->first_skipped = bad;
    }
    if (!err && ferror(fp)) err = ar__fail(error, AR_EIO, 0, "read error: %s", strerror(errno));
    if (!err && !header) err = ar__fail(error, AR_EFORMAT, 1, "empty file (no header row)");
    free(line);
    free(header);
    fclose(fp);
    return err;
}

/* ------------------------------------------------------------- compile */

/* (parent, token) -> child node, open addressing. */
typedef struct {
    uint64_t *key;
    uint32_t *val;
    size_t cap, n;
} edgemap;

static uint64_t emix(uint64_t k) { return ar__mix64(k * 0x9E3779B97F4A7C15ULL); }

static int edgemap_init(edgemap *m, size_t expect)
{
    size_t cap = 1024;
    while (cap < expect * 2) cap *= 2;
    m->key = malloc(cap * sizeof *m->key);
    m->val = malloc(cap * sizeof *m->val);
    if (!m->key || !m->val) return AR_ENOMEM;
    memset(m->key, 0xFF, cap * sizeof *m->key);
    m->cap = cap;
    m->n = 0;
    return AR_OK;
}

static void edgemap_free(edgemap *m)
{
    free(m->key);
    free(m->val);
}

/* Child of (parent, tok): found, or created as node *next (then ++). */
static uint32_t edgemap_child(edgemap *m, uint32_t parent, uint32_t tok, uint32_t *next)
{
    uint64_t k = ((uint64_t)parent << 32) | tok;
    size_t mask = m->cap - 1, i;
    for (i = (size_t)emix(k) & mask; m->key[i] != UINT64_MAX; i = (i + 1) & mask)
        if (m->key[i] == k) return m->val[i];
    m->key[i] = k;
    m->val[i] = (*next)++;
    m->n++;
    return m->val[i];
}

struct blob {
    unsigned char *data;
    size_t len, cap;
    uint64_t off[S_COUNT], size[S_COUNT];
};

static int blob_section(struct blob *bl, int id, const void *p, size_t len)
{
    size_t start = (bl->len + 7) & ~(size_t)7;
    size_t need = start + len;
    if (need > bl->cap) {
        size_t cap = bl->cap ? bl->cap : 4096;
        unsigned char *d;
        while (cap < need) cap *= 2;
        d = realloc(bl->data, cap);
        if (!d) return AR_ENOMEM;
        bl->data = d;
        bl->cap = cap;
    }
    memset(bl->data + bl->len, 0, start - bl->len);
    if (len) memcpy(bl->data + start, p, len);
    bl->off[id] = start;
    bl->size[id] = len;
    bl->len = need;
    return AR_OK;
}

static int cmp_edge(const void *a, const void *b)
{
    const struct gedge *x = a, *y = b;
    return x->tok < y->tok ? -1 : x->tok > y->tok;
}

struct delkey {
    uint64_t h;
    uint32_t tok;
};

static int cmp_del(const void *a, const void *b)
{
    const struct delkey *x = a, *y = b;
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return x->tok < y->tok ? -1 : x->tok > y->tok;
}

/* Deletion neighbourhood of every token of 5+ letters, without its first
 * and last letter (fuzzy matching never edits those: it would turn
 * العراق into the adjective العراقي). */
static int build_deletions(const ar_buf *pool, const struct gtok *tok, size_t ntok,
                           struct delkey **out, size_t *nout)
{
    size_t i, n = 0, cap = 0;
    struct delkey *d = NULL;
    unsigned char buf[256];
    int err;
    for (i = 0; i < ntok; i++) {
        size_t len, nch = tok[i].meta & 0xFFFF, p = 0, k = 0;
        const unsigned char *s = (const unsigned char *)pool_str(pool, tok[i].str, &len);
        if (nch < 5 || len >= sizeof buf) continue;
        /* byte offsets of the characters 1 .. nch-2 */
        while (p < len) {
            size_t q = p + 1;
            while (q < len && (s[q] & 0xC0) == 0x80) q++;
            if (k >= 1 && k + 1 < nch) {
                memcpy(buf, s, p);
                memcpy(buf + p, s + q, len - q);
                if ((err = grow((void **)&d, &cap, n + 1, sizeof *d))) {
                    free(d);
                    return err;
                }
                d[n].h = ar__hash(buf, len - (q - p));
                d[n].tok = (uint32_t)i;
                n++;
            }
            p = q;
            k++;
        }
    }
    if (n) qsort(d, n, sizeof *d, cmp_del);
    {
        size_t w = 0;
        for (i = 0; i < n; i++)
            if (w == 0 || d[i].h != d[w - 1].h || d[i].tok != d[w - 1].tok) d[w++] = d[i];
        n = w;
    }
    *out = d;
    *nout = n;
    return AR_OK;
}

/* Mark (adding when absent) the tokens of a word list with a flag. */
static int mark_words(ar_gaz_builder *b, const char *const *words, uint32_t flag)
{
    size_t i;
    int err;
    for (i = 0; words[i]; i++) {
        uint32_t id;
        if ((err = ar_normalize(b->nz, words[i], strlen(words[i]), &b->tmp, NULL, NULL))) return err;
        if (b->tmp.len == 0) continue;
        if ((err = intern_token(b, b->tmp.data, b->tmp.len, &id))) return err;
        b->tok[id].meta |= flag << 16;
    }
    return AR_OK;
}

static int cmp_nent_prio(const struct bent *ent, uint32_t a, uint32_t b)
{
    if (ent[a].priority != ent[b].priority) return ent[a].priority > ent[b].priority ? -1 : 1;
    return a < b ? -1 : a > b;
}

/* Copy the string at `off` of the builder's pool into `np`. */
static int copy_str(const ar_gaz_builder *b, ar_buf *np, uint32_t off, uint32_t *out)
{
    size_t len;
    const char *s = pool_str(&b->pool, off, &len);
    if (off == 0) {
        *out = 0;
        return AR_OK;
    }
    return pool_add(np, s, len, out);
}

/* A fresh string pool with the token strings first, so the dictionary's
 * strings sit together in memory (looked up for every word of a text),
 * and the entries' strings after them. */
static int relayout(const ar_gaz_builder *b, struct gtok *tok, size_t ntok, struct gent *ent,
                    uint32_t *types, ar_buf *np)
{
    size_t i;
    int e;
    uint32_t off;
    if ((e = pool_add(np, "", 0, &off))) return e;
    for (i = 0; i < ntok; i++)
        if ((e = copy_str(b, np, tok[i].str, &tok[i].str))) return e;
    for (i = 0; i < b->ntypes; i++)
        if ((e = copy_str(b, np, b->types[i], &types[i]))) return e;
    for (i = 0; i < b->nent; i++) {
        const struct bent *x = &b->ent[i];
        struct gent *y = &ent[i];
        if ((e = copy_str(b, np, x->name, &y->name))) return e;
        if (x->id == x->name) y->id = y->name;
        else if ((e = copy_str(b, np, x->id, &y->id))) return e;
        if (x->canonical == x->name) y->canonical = y->name;
        else if ((e = copy_str(b, np, x->canonical, &y->canonical))) return e;
        if ((e = copy_str(b, np, x->attrs, &y->attrs))) return e;
        {
            /* the exact form is usually the name itself: share it */
            size_t nl, el;
            const char *ns = pool_str(&b->pool, x->name, &nl), *es = pool_str(&b->pool, x->exact, &el);
            if (nl == el && memcmp(ns, es, nl) == 0) y->exact = y->name;
            else if ((e = copy_str(b, np, x->exact, &y->exact))) return e;
        }
    }
    return AR_OK;
}

/* Give entries that share an id one number (aliases), so matching can
 * compare ids without touching their strings. */
static int number_ids(const ar_buf *pool, struct gent *ent, size_t n)
{
    size_t cap = 1024, i, next = 0;
    uint32_t *slot;
    while (cap < n * 2 + 1) cap *= 2;
    slot = malloc(cap * sizeof *slot);
    if (!slot) return AR_ENOMEM;
    memset(slot, 0xFF, cap * sizeof *slot);
    for (i = 0; i < n; i++) {
        size_t len, k;
        const char *id = pool_str(pool, ent[i].id, &len);
        for (k = (size_t)ar__hash(id, len) & (cap - 1); slot[k] != NONE; k = (k + 1) & (cap - 1)) {
            size_t l2;
            const char *o = pool_str(pool, ent[slot[k]].id, &l2);
            if (l2 == len && memcmp(o, id, len) == 0) break;
        }
        if (slot[k] == NONE) {
            slot[k] = (uint32_t)i;
            ent[i].idn = (uint32_t)next++;
        } else {
            ent[i].idn = ent[slot[k]].idn;
        }
    }
    free(slot);
    return AR_OK;
}

/* The token hash table, open addressing with linear probing, at most half
 * full. Opening refuses a table where a token sits AR_GAZ_MAX_PROBES slots
 * or more from its home slot (gaz_view.c), so a table with such a run (a
 * very unlucky set of hashes) is made again twice as large, at most twice. */
static int token_slots(const ar_buf *np, struct gtok *tok, size_t ntok, uint32_t **out, size_t *nslot,
                       uint32_t *maxprobe)
{
    int tries;
    for (tries = 0; tries < 3; tries++, *nslot *= 2) {
        size_t i, far = 0, mask = *nslot - 1;
        uint32_t *slot = calloc(*nslot, sizeof *slot);
        if (!slot) return AR_ENOMEM;
        for (i = 0; i < ntok; i++) {
            size_t k, home, len;
            const char *s = pool_str(np, tok[i].str, &len);
            home = (size_t)ar__hash(s, len) & mask;
            for (k = home; slot[k]; k = (k + 1) & mask) {}
            slot[k] = (uint32_t)i + 1;
            if (((k - home) & mask) > far) far = (k - home) & mask;
        }
        if (far + 1 <= AR_GAZ_MAX_PROBES) {
            *out = slot;
            *maxprobe = (uint32_t)far + 1;
            return AR_OK;
        }
        free(slot);
    }
    return AR_ETOOBIG;
}

ar_gazetteer *ar_gaz_compile(ar_gaz_builder *b, int fuzzy, int *err)
{
    /* Compiling adds the word lists to the token dictionary; work on the
     * builder's own arrays but undo that afterwards, so the builder ends as
     * the caller left it (hence not const: it changes meanwhile). */
    size_t saved_ntok, saved_pool, i, nnode_cap;
    uint32_t nnode = 1, *node_of = NULL, *count = NULL, *nent = NULL;
    struct gnent *gn = NULL;
    struct gnode *node = NULL;
    struct gedge *edge = NULL;
    struct gent *ent = NULL;
    struct delkey *del = NULL;
    size_t ndel = 0;
    uint64_t *delh = NULL;
    uint32_t *delt = NULL, *slot = NULL;
    struct gtok *tok = NULL;
    uint32_t *types = NULL;
    ar_buf np = {0};
    struct gmeta meta;
    edgemap em = {0};
    struct blob bl;
    ar_gazetteer *g = NULL;
    size_t nslot;
    uint32_t maxprobe = 0;
    int e = AR_OK;

    memset(&bl, 0, sizeof bl);
    if (!b) {
        if (err) *err = AR_EARG;
        return NULL;
    }
    saved_ntok = b->ntok;
    saved_pool = b->pool.len;
    if ((e = mark_words(b, ar__common_words, TOK_COMMON)) ||
        (e = mark_words(b, ar__trigger_loc, TOK_TRIGGER_LOC)) ||
        (e = mark_words(b, ar__trigger_per, TOK_TRIGGER_PER)) ||
        (e = mark_words(b, ar__trigger_org, TOK_TRIGGER_ORG)) ||
        (e = mark_words(b, ar__name_particles, TOK_PERNAME)))
        goto done;
    if (b->nseq + 1 > 0xFFFFFFF0u) {
        e = AR_ETOOBIG;
        goto done;
    }
    /* tokens (copied: compiling must not change the builder's flags) */
    tok = malloc((b->ntok ? b->ntok : 1) * sizeof *tok);
    if (!tok) {
        e = AR_ENOMEM;
        goto done;
    }
    memcpy(tok, b->tok, b->ntok * sizeof *tok);
    /* words of persons' names */
    for (i = 0; i < b->ntypes; i++) {
        size_t l, k, q;
        const char *ts = pool_str(&b->pool, b->types[i], &l);
        if (l != 3 || memcmp(ts, "PER", 3) != 0) continue;
        for (k = 0; k < b->nent; k++)
            if (b->ent[k].type == i)
                for (q = 0; q < b->ent[k].nseq; q++) tok[b->seq[b->ent[k].seq + q]].meta |= TOK_PERNAME << 16;
    }
    /* trie */
    nnode_cap = b->nseq + 1;
    if ((e = edgemap_init(&em, nnode_cap))) goto done;
    node_of = malloc((b->nent ? b->nent : 1) * sizeof *node_of);
    if (!node_of) {
        e = AR_ENOMEM;
        goto done;
    }
    for (i = 0; i < b->nent; i++) {
        uint32_t n = 0, k;
        for (k = 0; k < b->ent[i].nseq; k++) n = edgemap_child(&em, n, b->seq[b->ent[i].seq + k], &nnode);
        node_of[i] = n;
    }
    node = calloc((size_t)nnode + 1, sizeof *node);
    count = calloc((size_t)nnode + 1, sizeof *count);
    edge = malloc((em.n ? em.n : 1) * sizeof *edge);
    nent = malloc((b->nent ? b->nent : 1) * sizeof *nent);
    gn = malloc((b->nent ? b->nent : 1) * sizeof *gn);
    ent = malloc((b->nent ? b->nent : 1) * sizeof *ent);
    if (!node || !count || !edge || !nent || !gn || !ent) {
        e = AR_ENOMEM;
        goto done;
    }
    /* edges grouped by parent */
    for (i = 0; i < em.cap; i++)
        if (em.key[i] != UINT64_MAX) count[em.key[i] >> 32]++;
    {
        uint32_t acc = 0;
        for (i = 0; i < nnode; i++) {
            node[i].edge_start = acc;
            acc += count[i];
            count[i] = node[i].edge_start; /* fill cursor */
        }
        node[nnode].edge_start = acc;
    }
    for (i = 0; i < em.cap; i++) {
        if (em.key[i] == UINT64_MAX) continue;
        {
            uint32_t parent = (uint32_t)(em.key[i] >> 32), t = (uint32_t)em.key[i];
            struct gedge *x = &edge[count[parent]++];
            x->tok = t;
            x->child = em.val[i];
            if (parent == 0) tok[t].first_node = em.val[i];
        }
    }
    for (i = 0; i < nnode; i++) {
        size_t s = node[i].edge_start, n = node[i + 1].edge_start - s;
        if (n > 1) qsort(edge + s, n, sizeof *edge, cmp_edge);
    }
    /* entries grouped by node, by priority within a node */
    memset(count, 0, ((size_t)nnode + 1) * sizeof *count);
    for (i = 0; i < b->nent; i++) count[node_of[i]]++;
    {
        uint32_t acc = 0;
        for (i = 0; i < nnode; i++) {
            node[i].ent_start = acc;
            acc += count[i];
            count[i] = node[i].ent_start;
        }
        node[nnode].ent_start = acc;
    }
    for (i = 0; i < b->nent; i++) nent[count[node_of[i]]++] = (uint32_t)i;
    for (i = 0; i < nnode; i++) {
        size_t s = node[i].ent_start, n = node[i + 1].ent_start - s, x, y;
        for (x = s + 1; x < s + n; x++) { /* insertion sort: few per node */
            uint32_t v = nent[x];
            for (y = x; y > s && cmp_nent_prio(b->ent, v, nent[y - 1]) < 0; y--) nent[y] = nent[y - 1];
            nent[y] = v;
        }
    }
    for (i = 0; i < b->nent; i++) {
        gn[i].entry = nent[i];
        gn[i].type = (uint16_t)b->ent[nent[i]].type;
        gn[i].flags = (uint16_t)b->ent[nent[i]].flags;
    }
    for (i = 0; i < b->nent; i++) {
        const struct bent *x = &b->ent[i];
        ent[i].name = x->name;
        ent[i].id = x->id;
        ent[i].canonical = x->canonical;
        ent[i].attrs = x->attrs;
        ent[i].exact = x->exact;
        ent[i].type = x->type;
        ent[i].flags = x->flags;
        ent[i].priority = x->priority;
    }
    types = malloc((b->ntypes ? b->ntypes : 1) * sizeof *types);
    if (!types) {
        e = AR_ENOMEM;
        goto done;
    }
    if ((e = relayout(b, tok, b->ntok, ent, types, &np))) goto done;
    if ((e = number_ids(&np, ent, b->nent))) goto done;
    /* token hash table */
    nslot = 1024;
    while (nslot < b->ntok * 2 + 1) nslot *= 2;
    if ((e = token_slots(&np, tok, b->ntok, &slot, &nslot, &maxprobe))) goto done;
    /* fuzzy index */
    if (fuzzy) {
        if ((e = build_deletions(&np, tok, b->ntok, &del, &ndel))) goto done;
        delh = malloc((ndel ? ndel : 1) * sizeof *delh);
        delt = malloc((ndel ? ndel : 1) * sizeof *delt);
        if (!delh || !delt) {
            e = AR_ENOMEM;
            goto done;
        }
        for (i = 0; i < ndel; i++) {
            delh[i] = del[i].h;
            delt[i] = del[i].tok;
        }
    }
    ar__gaz_meta_put(&meta, &b->norm, fuzzy);
    meta.maxprobe = maxprobe; /* opening then need not measure it */
    if ((e = blob_section(&bl, S_META, &meta, sizeof meta)) ||
        (e = blob_section(&bl, S_STR, np.data, np.len)) ||
        (e = blob_section(&bl, S_TOK, tok, b->ntok * sizeof *tok)) ||
        (e = blob_section(&bl, S_SLOT, slot, nslot * sizeof *slot)) ||
        (e = blob_section(&bl, S_NODE, node, ((size_t)nnode + 1) * sizeof *node)) ||
        (e = blob_section(&bl, S_EDGE, edge, em.n * sizeof *edge)) ||
        (e = blob_section(&bl, S_NENT, gn, b->nent * sizeof *gn)) ||
        (e = blob_section(&bl, S_ENT, ent, b->nent * sizeof *ent)) ||
        (e = blob_section(&bl, S_TYPE, types, b->ntypes * sizeof *types)) ||
        (e = blob_section(&bl, S_DELH, delh, ndel * sizeof *delh)) ||
        (e = blob_section(&bl, S_DELT, delt, ndel * sizeof *delt)))
        goto done;
    g = calloc(1, sizeof *g);
    if (!g) {
        e = AR_ENOMEM;
        goto done;
    }
    g->owned = bl.data;
    bl.data = NULL;
    e = ar__gaz_attach(g, g->owned, bl.len, bl.off, bl.size, NULL);
    if (e) {
        ar_gaz_free(g);
        g = NULL;
    }
done:
    /* drop the word-list tokens added above (see intern_token) */
    b->ntok = saved_ntok;
    b->pool.len = saved_pool;
    edgemap_free(&em);
    free(node_of);
    free(count);
    free(node);
    free(edge);
    free(nent);
    free(gn);
    free(ent);
    free(tok);
    free(types);
    ar_buf_free(&np);
    free(slot);
    free(del);
    free(delh);
    free(delt);
    free(bl.data);
    if (err) *err = e;
    return g;
}
