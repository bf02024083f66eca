/*
 * bench_gazetteer.c — the gazetteer at scale.
 *
 *   bench_gazetteer build CORPUS N OUT.gaz OUT.tsv
 *       N entries of 1-4 tokens drawn from the real tokens of CORPUS
 *       (deterministic); prints build time and file size; writes the
 *       entries as TSV too (for the Lua baseline).
 *   bench_gazetteer match GAZ CORPUS [RUNS]
 *       opens GAZ (time, RSS before/after), then matches CORPUS line by
 *       line (normalization included): MB/s and matches.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "arabic.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    if (!f) return -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0) kb = atol(line + 6);
    fclose(f);
    return kb;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    buf[n] = 0;
    *len = (size_t)n;
    return buf;
}

static unsigned long long rng = 0x2545F4914F6CDD1DULL;
static unsigned long long rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Distinct Arabic word tokens of the text (as written), up to max. */
static size_t vocabulary(const char *text, size_t len, char ***out)
{
    ar_tokenizer t;
    ar_token tok;
    size_t n = 0, cap = 1 << 16, hcap = 1 << 20, i;
    char **words = malloc(cap * sizeof *words);
    char **hash = calloc(hcap, sizeof *hash);
    ar_tokenizer_init(&t, text, len);
    while (ar_tokenizer_next(&t, &tok)) {
        size_t l = tok.end - tok.start;
        unsigned long h = 5381;
        if (tok.kind != AR_TOK_WORD || l < 4 || l > 40) continue;
        for (i = 0; i < l; i++) h = h * 33 + (unsigned char)text[tok.start + i];
        for (i = h & (hcap - 1); hash[i]; i = (i + 1) & (hcap - 1))
            if (strlen(hash[i]) == l && memcmp(hash[i], text + tok.start, l) == 0) break;
        if (hash[i]) continue;
        hash[i] = malloc(l + 1);
        memcpy(hash[i], text + tok.start, l);
        hash[i][l] = 0;
        if (n == cap) words = realloc(words, (cap *= 2) * sizeof *words);
        words[n++] = hash[i];
        if (n * 2 > hcap) break;
    }
    free(hash);
    *out = words;
    return n;
}

static int build(const char *corpus, size_t n, const char *gaz, const char *tsv)
{
    size_t len, nv, i;
    char *text = slurp(corpus, &len);
    char **vocab;
    static const char *const types[] = {"PER", "LOC", "ORG", "MISC"};
    ar_gaz_builder *b;
    ar_gazetteer *g;
    double t0, t_add, t_compile, t_save;
    char name[512], id[32];
    FILE *out;
    struct stat st;
    ar_gaz_stats gs;
    if (!text) return 1;
    nv = vocabulary(text, len, &vocab);
    b = ar_gaz_builder_new(NULL, NULL);
    out = fopen(tsv, "w");
    if (!b || !out) return 1;
    fprintf(out, "name\ttype\tid\n");
    t0 = now();
    for (i = 0; i < n; i++) {
        ar_gaz_entry e;
        size_t k = 1 + rnd() % 4, j, pos = 0;
        for (j = 0; j < k; j++) {
            const char *w = vocab[rnd() % nv];
            size_t l = strlen(w);
            if (pos + l + 2 > sizeof name) break;
            if (j) name[pos++] = ' ';
            memcpy(name + pos, w, l);
            pos += l;
        }
        name[pos] = 0;
        snprintf(id, sizeof id, "e%zu", i);
        memset(&e, 0, sizeof e);
        e.name = name;
        e.name_len = pos;
        e.type = types[i % 4];
        e.type_len = strlen(e.type);
        e.id = id;
        e.id_len = strlen(id);
        if (ar_gaz_add(b, &e, NULL) != AR_OK) return 1;
        fprintf(out, "%s\t%s\t%s\n", name, e.type, id);
    }
    t_add = now() - t0;
    fclose(out);
    t0 = now();
    g = ar_gaz_compile(b, 1, NULL);
    t_compile = now() - t0;
    if (!g) return 1;
    t0 = now();
    if (ar_gaz_save(g, gaz, NULL) != AR_OK) return 1;
    t_save = now() - t0;
    stat(gaz, &st);
    ar_gaz_stats_get(g, &gs);
    printf("entries %zu (1-4 tokens from %zu real tokens of the corpus)\n", n, nv);
    printf("build: add %.2f s + compile %.2f s + save %.2f s = %.2f s\n", t_add, t_compile, t_save,
           t_add + t_compile + t_save);
    printf("file: %.1f MB (%.0f bytes per entry; %zu tokens, %zu trie nodes, %zu fuzzy keys)\n",
           (double)st.st_size / 1e6, (double)st.st_size / (double)n, gs.tokens, gs.nodes, gs.fuzzy_keys);
    ar_gaz_free(g);
    ar_gaz_builder_free(b);
    for (i = 0; i < nv; i++) free(vocab[i]);
    free(vocab);
    free(text);
    return 0;
}

/* The whole text through a cursor (what g:matches(text) runs), match by match. */
static int cursor_pass(const ar_gazetteer *g, const char *text, size_t len, const ar_gaz_match_opts *o,
                       size_t *matches)
{
    int err;
    ar_gaz_match m;
    ar_gaz_cursor *c = ar_gaz_cursor_new(g, text, len, o, &err);
    if (!c) return 1;
    *matches = 0;
    while ((err = ar_gaz_cursor_next(c, &m)) == 1) ++*matches;
    ar_gaz_cursor_free(c);
    return err != 0;
}

/* The end of the piece of text[p, e) that starts at p: the first space at
 * least 200 bytes on (a paragraph-sized call, as bench/lua_calls.lua cuts
 * the corpus lines), else e. */
static size_t piece_end(const char *text, size_t p, size_t e)
{
    const char *sp;
    if (e - p <= 200) return e;
    sp = memchr(text + p + 200, ' ', e - p - 200);
    return sp ? (size_t)(sp - text) + 1 : e;
}

static int match(const char *gaz, const char *corpus, int runs, unsigned flags, int cursor, int pieces)
{
    size_t len;
    char *text = slurp(corpus, &len);
    long rss0, rss1;
    double t0, t_open, best = 1e9;
    ar_gazetteer *g;
    ar_gaz_result *r = ar_gaz_result_new();
    ar_gaz_match_opts o;
    ar_error err;
    size_t matches = 0;
    int k;
    if (!text || !r) return 1;
    rss0 = rss_kb();
    t0 = now();
    g = ar_gaz_open(gaz, 0, &err);
    t_open = now() - t0;
    if (!g) {
        fprintf(stderr, "%s: %s\n", gaz, err.message);
        return 1;
    }
    rss1 = rss_kb();
    memset(&o, 0, sizeof o);
    o.flags = flags;
    for (k = 0; k < runs; k++) {
        size_t p = 0;
        double t;
        matches = 0;
        t0 = now();
        if (cursor && cursor_pass(g, text, len, &o, &matches)) return 1;
        while (!cursor && p < len) {
            const char *nl = memchr(text + p, '\n', len - p);
            size_t e = nl ? (size_t)(nl - text) : len, q = p;
            while (q < e) {
                size_t pe = pieces ? piece_end(text, q, e) : e;
                if (ar_gaz_match_text(g, text + q, pe - q, &o, r) != AR_OK) return 1;
                matches += ar_gaz_result_count(r);
                q = pe;
            }
            p = e + 1;
        }
        t = now() - t0;
        if (t < best) best = t;
    }
    printf("open %.2f ms, RSS %+.1f MB after open (%.1f MB total); matching %s %.0f MB/s%s, %zu matches\n",
           t_open * 1e3, (double)(rss1 - rss0) / 1024, (double)rss1 / 1024,
           cursor ? "the whole text (cursor)" : pieces ? "~200-byte pieces" : "line by line", (double)len / best / 1e6,
           flags & AR_GM_FUZZY ? " (fuzzy)" : "", matches);
    ar_gaz_result_free(r);
    ar_gaz_free(g);
    free(text);
    return 0;
}

static ar_names *load_names(const char *path)
{
    size_t len, p = 0;
    char *text = slurp(path, &len);
    ar_names *nm = ar_names_new(NULL);
    if (!text || !nm) return NULL;
    while (p < len) {
        const char *nl = memchr(text + p, '\n', len - p), *tab;
        size_t e = nl ? (size_t)(nl - text) : len;
        tab = memchr(text + p, '\t', e - p);
        if (tab && ar_names_add(nm, text + p, (size_t)(tab - text) - p, (unsigned)atol(tab + 1)) == AR_ENOMEM)
            return NULL;
        p = e + 1;
    }
    free(text);
    return nm;
}

/* Every field of the matches of one call, a line each. */
static void dump_entities(FILE *out, size_t base, const ar_gaz_result *r, const ar_names_result *nr)
{
    size_t i, n = ar_gaz_result_count(r);
    for (i = 0; i < n; i++) {
        const ar_gaz_match *m = ar_gaz_result_get(r, i);
        fprintf(out, "G %zu %zu %zu %u %u %u %d\n", base + m->token_start, base + m->start, base + m->end,
                (unsigned)m->entry, (unsigned)m->fuzzy, (unsigned)m->flags, ar_names_result_drops(nr, i));
    }
    n = ar_names_result_count(nr);
    for (i = 0; i < n; i++) {
        const ar_name_match *m = ar_names_result_get(nr, i);
        fprintf(out, "N %zu %zu %zu %s %.*s %zd %d %s\n", base + m->token_start, base + m->start, base + m->end,
                m->type, (int)m->id_len, m->id, m->gaz == SIZE_MAX ? (ssize_t)-1 : (ssize_t)m->gaz, m->coref,
                m->rule);
    }
}

/* One call as arabic.entities(s) makes it. */
static int entities_call(const ar_gazetteer *g, const ar_names *nm, const char *s, size_t len, ar_gaz_result *r,
                         ar_names_result *nr, unsigned flags, size_t *matches)
{
    ar_gaz_match_opts o;
    memset(&o, 0, sizeof o);
    o.flags = flags;
    o.lexicon = nm;
    if (ar_gaz_match_text(g, s, len, &o, r) != AR_OK) return 1;
    if (ar_names_match(nm, s, len, g, r, 0, nr) != AR_OK) return 1;
    *matches += ar_gaz_result_count(r) + ar_names_result_count(nr);
    return 0;
}

static int entities(const char *gaz, const char *names, const char *corpus, int runs, double mb, const char *mode,
                    int dump, unsigned flags)
{
    size_t len, matches = 0;
    char *text = slurp(corpus, &len);
    ar_gazetteer *g;
    ar_names *nm = load_names(names);
    ar_gaz_result *r = ar_gaz_result_new();
    ar_names_result *nr = ar_names_result_new();
    ar_error err;
    double best = 1e9;
    int k, whole = strcmp(mode, "whole") == 0, pieces = strcmp(mode, "pieces") == 0;
    if (!text || !nm || !r || !nr) return 1;
    g = ar_gaz_open(gaz, 0, &err);
    if (!g) {
        fprintf(stderr, "%s: %s\n", gaz, err.message);
        return 1;
    }
    if (mb > 0 && (double)len > mb * 1e6) { /* cut after a line */
        const char *nl = memchr(text + (size_t)(mb * 1e6), '\n', len - (size_t)(mb * 1e6));
        len = nl ? (size_t)(nl - text) + 1 : len;
    }
    for (k = 0; k < runs; k++) {
        size_t p = 0;
        double t, t0 = now();
        matches = 0;
        if (whole) {
            if (entities_call(g, nm, text, len, r, nr, flags, &matches)) return 1;
            if (dump) dump_entities(stdout, 0, r, nr);
        }
        while (!whole && p < len) {
            const char *nl = memchr(text + p, '\n', len - p);
            size_t e = nl ? (size_t)(nl - text) : len, q = p;
            while (q < e) {
                size_t pe = pieces ? piece_end(text, q, e) : e;
                if (entities_call(g, nm, text + q, pe - q, r, nr, flags, &matches)) return 1;
                if (dump) dump_entities(stdout, q, r, nr);
                q = pe;
            }
            p = e + 1;
        }
        t = now() - t0;
        if (t < best) best = t;
        if (dump) break;
    }
    if (!dump)
        printf("entities (gazetteer + names, no Lua) %s: %.1f MB, %.1f MB/s, %zu matches\n",
               whole ? "as one text" : pieces ? "~200-byte pieces" : "line by line", (double)len / 1e6,
               (double)len / best / 1e6, matches);
    ar_names_result_free(nr);
    ar_gaz_result_free(r);
    ar_names_free(nm);
    ar_gaz_free(g);
    free(text);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 5 && strcmp(argv[1], "entities") == 0)
        return entities(argv[2], argv[3], argv[4], argc > 5 ? atoi(argv[5]) : 3, argc > 6 ? atof(argv[6]) : 10,
                        argc > 7 ? argv[7] : "lines", argc > 8 && strcmp(argv[8], "dump") == 0,
                        argc > 9 ? (unsigned)atoi(argv[9]) : 0);
    if (argc >= 6 && strcmp(argv[1], "build") == 0)
        return build(argv[2], (size_t)atol(argv[3]), argv[4], argv[5]);
    if (argc >= 4 && strcmp(argv[1], "match") == 0)
        return match(argv[2], argv[3], argc > 4 ? atoi(argv[4]) : 3,
                     argc > 5 && strcmp(argv[5], "fuzzy") == 0 ? AR_GM_FUZZY : 0,
                     argc > 5 && strcmp(argv[5], "cursor") == 0, argc > 5 && strcmp(argv[5], "pieces") == 0);
    fprintf(stderr, "usage: %s build CORPUS N OUT.gaz OUT.tsv | match GAZ CORPUS [RUNS [fuzzy|cursor|pieces]]\n"
            "       | entities GAZ NAMES.tsv CORPUS [RUNS [MB [lines|pieces|whole [dump [FLAGS]]]]]\n",
            argv[0]);
    return 2;
}
