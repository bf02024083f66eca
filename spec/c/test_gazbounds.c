/*
 * test_gazbounds.c — gazetteer files from elsewhere: what a file that is
 * well formed (checksums right, every section in bounds) but crafted can
 * make matching cost, and how the file is written and read.
 *
 *  - opening refuses what would make matching slow: a token hash table with
 *    no empty slot or a token too far from its place, more types than a
 *    file can address, tables whose sizes disagree with one another;
 *  - matching bounds its work: in overlapping mode one token of text gives
 *    at most AR_GAZ_MAX_OVERLAP matches, however many entries share a name;
 *  - the builder refuses names longer than AR_GAZ_MAX_NAME_TOKENS words;
 *  - saving creates its temporary file safely (a symlink planted at the old
 *    predictable name is not written through), leaves no temporary file
 *    behind on SIGTERM, and a small file read by a reader survives being
 *    rewritten in place (no SIGBUS).
 *
 * Run with a directory argument it also writes the crafted files there
 * (full-table.gaz, full-table-4m.gaz, full-table-4m-127.gaz,
 * long-runs-4m.gaz, far-probe.gaz, many-types.gaz, same-name.gaz), so the
 * cost of matching with them can be measured by the command line (README,
 * "Bad input"). Prints "N passed, N failed".
 */
#include <dirent.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "arabic.h"
#include "gaz.h"
#include "hash.h"

#include "check.h"

static void add(ar_gaz_builder *b, const char *name, const char *type, const char *id)
{
    ar_gaz_entry e;
    memset(&e, 0, sizeof e);
    e.name = name;
    e.name_len = strlen(name);
    e.type = type;
    e.type_len = strlen(type);
    e.id = id;
    e.id_len = strlen(id);
    CHECK(ar_gaz_add(b, &e, NULL) == AR_OK, "add %s", name);
}

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    long n;
    unsigned char *data;
    if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET)) abort();
    data = malloc((size_t)n);
    if (!data || fread(data, 1, (size_t)n, f) != (size_t)n) abort();
    fclose(f);
    *len = (size_t)n;
    return data;
}

static void write_all(const char *path, const unsigned char *d, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(d, 1, len, f) != len || fclose(f)) abort();
}

static char dir[] = "/tmp/test_gazbounds_XXXXXX";

static const char *in_dir(const char *name)
{
    static char buf[256];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

/* The bytes of a saved gazetteer of these names (all LOC). */
static unsigned char *saved(const char *const *names, size_t n, size_t *len)
{
    int err = 0;
    ar_gaz_builder *b = ar_gaz_builder_new(NULL, &err);
    ar_gazetteer *g;
    unsigned char *data;
    size_t i;
    char id[32];
    if (!b) abort();
    for (i = 0; i < n; i++) {
        snprintf(id, sizeof id, "id%zu", i);
        add(b, names[i], "LOC", id);
    }
    g = ar_gaz_compile(b, 1, &err);
    if (!g || ar_gaz_save(g, in_dir("small.gaz"), NULL) != AR_OK) abort();
    data = read_all(in_dir("small.gaz"), len);
    ar_gaz_free(g);
    ar_gaz_builder_free(b);
    return data;
}

static uint64_t sec_off(const unsigned char *d, int s) { return gaz_get64(d + GAZ_HEADER + 16 * s); }
static uint64_t sec_size(const unsigned char *d, int s) { return gaz_get64(d + GAZ_HEADER + 16 * s + 8); }
static unsigned char *sec(unsigned char *d, int s) { return d + GAZ_BODY_START + sec_off(d, s); }

/* Body size and both checksums made right again: what the checks then
 * refuse, they refuse for the structure, not for a checksum. */
static void seal(unsigned char *d, size_t len)
{
    gaz_put64(d + 16, (uint64_t)(len - GAZ_BODY_START));
    gaz_put64(d + 24, ar__hash(d + GAZ_BODY_START, len - GAZ_BODY_START));
    gaz_put32(d + 36, 0);
    gaz_put32(d + 36, (uint32_t)ar__hash(d, GAZ_HEADER + 16 * S_COUNT));
}

/* A copy of the file with section s replaced by p[0..n) (appended at the
 * end of the body, 8-byte aligned; the old bytes stay, unreferenced). */
static unsigned char *with_section(const unsigned char *d, size_t len, int s, const void *p, size_t n,
                                   size_t *outlen)
{
    size_t start = (len - GAZ_BODY_START + 7) & ~(size_t)7, total = GAZ_BODY_START + start + n;
    unsigned char *c = calloc(1, total);
    if (!c) abort();
    memcpy(c, d, len);
    memcpy(c + GAZ_BODY_START + start, p, n);
    gaz_put64(c + GAZ_HEADER + 16 * s, start);
    gaz_put64(c + GAZ_HEADER + 16 * s + 8, n);
    seal(c, total);
    *outlen = total;
    return c;
}

static ar_gazetteer *open_bytes(const unsigned char *d, size_t len, ar_error *e)
{
    return ar_gaz_from_memory(d, len, 1, e);
}

static void expect_refused(const unsigned char *d, size_t len, const char *want, const char *what)
{
    ar_error e = {0};
    ar_gazetteer *g = open_bytes(d, len, &e);
    CHECK(!g && e.code == AR_EFORMAT && strstr(e.message, want), "%s: want \"%s\", got %s \"%s\"", what, want,
          g ? "a gazetteer" : "an error", g ? "" : e.message);
    ar_gaz_free(g);
}

static size_t count_matches(const ar_gazetteer *g, const char *text, unsigned flags)
{
    ar_gaz_result *r = ar_gaz_result_new();
    ar_gaz_match_opts o;
    size_t n;
    memset(&o, 0, sizeof o);
    o.flags = flags;
    if (!r || ar_gaz_match_text(g, text, strlen(text), &o, r) != AR_OK) abort();
    n = ar_gaz_result_count(r);
    ar_gaz_result_free(r);
    return n;
}

static const char *const NAMES[] = {"مسقط", "بريت ماكغورك", "فاينانشال تايمز", "الأمم المتحدة"};

/* ----------------------------------------------------- the hash table */

/* The longest probe run the file records (0: none, as in files written
 * before it was recorded: then opening measures the table). */
static void set_recorded_probes(unsigned char *d, size_t len, uint32_t v)
{
    gaz_put32(sec(d, S_META) + offsetof(struct gmeta, maxprobe), v);
    seal(d, len);
}

/* Every slot names token 1: no empty slot, so before, each unknown token
 * of a text probed the whole table. */
static unsigned char *full_table(const unsigned char *d, size_t len, size_t *outlen)
{
    size_t n = sec_size(d, S_SLOT) / 4, i;
    uint32_t *slots = malloc(n * 4);
    unsigned char *c;
    if (!slots) abort();
    for (i = 0; i < n; i++) slots[i] = 1;
    c = with_section(d, len, S_SLOT, slots, n * 4, outlen);
    free(slots);
    return c;
}

/* Token `t` (0-based) moved `dist` slots from its home slot (the table
 * otherwise as built). NULL when that slot is taken. */
static unsigned char *moved_token(const unsigned char *d, size_t len, uint32_t t, uint32_t dist)
{
    unsigned char *c = malloc(len);
    uint32_t nslot = (uint32_t)(sec_size(d, S_SLOT) / 4), m = nslot - 1, k, home;
    unsigned char *slots;
    const struct gtok *tok;
    if (!c) abort();
    memcpy(c, d, len);
    slots = sec(c, S_SLOT);
    tok = (const struct gtok *)sec(c, S_TOK);
    home = tok[t].hash & m;
    for (k = 0; k < nslot; k++)
        if (gaz_get32(slots + 4 * k) == t + 1) gaz_put32(slots + 4 * k, 0);
    k = (home + dist) & m;
    if (gaz_get32(slots + 4 * k) != 0) {
        free(c);
        return NULL;
    }
    gaz_put32(slots + 4 * k, t + 1);
    set_recorded_probes(c, len, 0); /* measured when opened */
    return c;
}

static void test_hash_table(const unsigned char *d, size_t len)
{
    size_t n;
    unsigned char *c = full_table(d, len, &n);
    uint32_t t, ntok = (uint32_t)(sec_size(d, S_TOK) / sizeof(struct gtok));
    int far_ok = 0, far_bad = 0;
    {
        /* what the builder records, opening trusts as far as cost goes:
         * lookups stop after that many probes */
        ar_error e = {0};
        ar_gazetteer *g = open_bytes(c, n, &e);
        CHECK(g != NULL && g->maxprobe >= 1 && g->maxprobe <= AR_GAZ_MAX_PROBES,
              "a full table with its probe run recorded opens, lookups bounded (%s)", g ? "" : e.message);
        if (g) (void)count_matches(g, "وصل بريت ماكغورك إلى مسقط", 0);
        ar_gaz_free(g);
    }
    set_recorded_probes(c, n, AR_GAZ_MAX_PROBES + 1);
    expect_refused(c, n, "probe runs of", "a recorded probe run over the limit");
    set_recorded_probes(c, n, 0);
    expect_refused(c, n, "bad token hash table", "a table with no empty slot, none recorded");
    free(c);
    /* the farthest a token may sit from its home slot, and one more */
    for (t = 0; t < ntok && !(far_ok && far_bad); t++) {
        unsigned char *a = far_ok ? NULL : moved_token(d, len, t, AR_GAZ_MAX_PROBES - 1);
        unsigned char *b = far_bad ? NULL : moved_token(d, len, t, AR_GAZ_MAX_PROBES);
        if (a) {
            ar_error e = {0};
            ar_gazetteer *g = open_bytes(a, len, &e);
            CHECK(g != NULL, "a token %d slots from its place opens (%s)", AR_GAZ_MAX_PROBES - 1,
                  g ? "" : e.message);
            if (g) CHECK(count_matches(g, "وصل بريت ماكغورك إلى مسقط", 0) >= 1, "and still matches");
            ar_gaz_free(g);
            far_ok = 1;
            free(a);
        }
        if (b) {
            expect_refused(b, len, "slots from its place", "a token AR_GAZ_MAX_PROBES slots from its place");
            far_bad = 1;
            free(b);
        }
    }
    CHECK(far_ok && far_bad, "found free slots to move a token to");
}

/* The builder keeps every token within the probe limit, also for a large
 * dictionary (here 200,000 tokens). */
static void test_builder_table(void)
{
    int err = 0;
    ar_gaz_builder *b = ar_gaz_builder_new(NULL, &err);
    ar_gazetteer *g;
    char name[64], id[32];
    size_t i;
    ar_gaz_entry e;
    for (i = 0; i < 200000; i++) {
        /* Arabic-looking tokens: "كلمة" and a number */
        snprintf(name, sizeof name, "كلمة%zu", i);
        snprintf(id, sizeof id, "%zu", i);
        memset(&e, 0, sizeof e);
        e.name = name;
        e.name_len = strlen(name);
        e.id = id;
        e.id_len = strlen(id);
        if (ar_gaz_add(b, &e, NULL) != AR_OK) break;
    }
    CHECK(i == 200000, "200,000 entries added");
    g = ar_gaz_compile(b, 0, &err);
    CHECK(g != NULL, "compiled (%s)", ar_strerror(err));
    if (g) {
        CHECK(g->maxprobe >= 1 && g->maxprobe <= AR_GAZ_MAX_PROBES, "longest probe run %u", (unsigned)g->maxprobe);
        CHECK(count_matches(g, "كلمة123 كلمة199999 كلمة200000", 0) == 2, "lookups find what is there");
    }
    ar_gaz_free(g);
    ar_gaz_builder_free(b);
}

/* ---------------------------------------------------- sizes of tables */

static void test_types(const unsigned char *d, size_t len)
{
    size_t n, count = AR_GAZ_MAX_TYPES + 1;
    uint32_t *types = calloc(count, 4); /* every type the empty string */
    unsigned char *c;
    if (!types) abort();
    memcpy(types, sec((unsigned char *)d, S_TYPE), sec_size(d, S_TYPE));
    c = with_section(d, len, S_TYPE, types, count * 4, &n);
    expect_refused(c, n, "too many types", "65,536 types");
    free(c);
    c = with_section(d, len, S_TYPE, types, (count - 1) * 4, &n);
    {
        ar_error e = {0};
        ar_gazetteer *g = open_bytes(c, n, &e);
        CHECK(g != NULL, "65,535 types open (%s)", g ? "" : e.message);
        if (g) CHECK(count_matches(g, "مسقط", 0) == 1, "and match");
        ar_gaz_free(g);
    }
    free(c);
    free(types);
}

static void test_trie_sizes(const unsigned char *d, size_t len)
{
    size_t n, nn = sec_size(d, S_NENT);
    unsigned char *twice = malloc(2 * nn), *c;
    if (!twice) abort();
    memcpy(twice, sec((unsigned char *)d, S_NENT), nn);
    memcpy(twice + nn, sec((unsigned char *)d, S_NENT), nn);
    /* twice the entry records, the sentinel saying so */
    c = with_section(d, len, S_NENT, twice, 2 * nn, &n);
    {
        unsigned char *nodes = sec(c, S_NODE);
        size_t nnode = sec_size(c, S_NODE) / sizeof(struct gnode);
        gaz_put32(nodes + (nnode - 1) * sizeof(struct gnode) + 4, (uint32_t)(2 * nn / sizeof(struct gnent)));
        seal(c, n);
    }
    expect_refused(c, n, "entries and their nodes disagree", "entry records twice the entries");
    free(c);
    free(twice);
}

/* One name with `count` entries: the entry record and its node record
 * repeated (file sizes consistent, so it opens). */
static unsigned char *same_name(const unsigned char *d, size_t len, size_t count, size_t *outlen)
{
    struct gent *ent = malloc(count * sizeof *ent);
    struct gnent *nent = malloc(count * sizeof *nent);
    unsigned char *a, *c, *nodes;
    size_t n1, n2, i, nnode;
    if (!ent || !nent || sec_size(d, S_ENT) != sizeof *ent) abort();
    for (i = 0; i < count; i++) {
        memcpy(&ent[i], sec((unsigned char *)d, S_ENT), sizeof *ent);
        memcpy(&nent[i], sec((unsigned char *)d, S_NENT), sizeof *nent);
        nent[i].entry = (uint32_t)i;
    }
    a = with_section(d, len, S_ENT, ent, count * sizeof *ent, &n1);
    c = with_section(a, n1, S_NENT, nent, count * sizeof *nent, &n2);
    nodes = sec(c, S_NODE);
    nnode = sec_size(c, S_NODE) / sizeof(struct gnode);
    /* the name's node is the last before the sentinel */
    gaz_put32(nodes + (nnode - 1) * sizeof(struct gnode) + 4, (uint32_t)count);
    seal(c, n2);
    free(a);
    free(ent);
    free(nent);
    *outlen = n2;
    return c;
}

static void test_same_name(void)
{
    static const char *const one[] = {"مسقط"};
    size_t len, n;
    unsigned char *d = saved(one, 1, &len), *c = same_name(d, len, 5000, &n);
    ar_error e = {0};
    ar_gazetteer *g = open_bytes(c, n, &e);
    CHECK(g != NULL, "5,000 entries of one name open (%s)", g ? "" : e.message);
    if (g) {
        CHECK(count_matches(g, "وصل إلى مسقط", 0) == 1, "one match, leftmost-longest");
        n = count_matches(g, "وصل إلى مسقط", AR_GM_OVERLAP);
        CHECK(n == AR_GAZ_MAX_OVERLAP, "overlapping: %zu matches from one token (at most %d)", n, AR_GAZ_MAX_OVERLAP);
        n = count_matches(g, "مسقط ومسقط", AR_GM_OVERLAP);
        CHECK(n == 2 * AR_GAZ_MAX_OVERLAP, "overlapping, two tokens: %zu matches", n);
    }
    ar_gaz_free(g);
    free(c);
    free(d);
}

/* ------------------------------------------------------------ builder */

static void test_long_names(void)
{
    int err = 0;
    ar_gaz_builder *b = ar_gaz_builder_new(NULL, &err);
    char name[2048] = "";
    ar_gaz_entry e;
    ar_error why = {0};
    int i, rc;
    for (i = 0; i < AR_GAZ_MAX_NAME_TOKENS; i++) strcat(name, i ? " كلمة" : "كلمة");
    memset(&e, 0, sizeof e);
    e.name = name;
    e.name_len = strlen(name);
    CHECK(ar_gaz_add(b, &e, NULL) == AR_OK, "a name of %d words", AR_GAZ_MAX_NAME_TOKENS);
    strcat(name, " كلمة");
    e.name_len = strlen(name);
    rc = ar_gaz_add(b, &e, &why);
    CHECK(rc == AR_EVALUE && strstr(why.message, "at most"), "a name of %d words is refused (%d, \"%s\")",
          AR_GAZ_MAX_NAME_TOKENS + 1, rc, why.message);
    ar_gaz_builder_free(b);
}

/* ---------------------------------------------------- saving, reading */

static int temp_files_in_dir(void)
{
    DIR *dd = opendir(dir);
    struct dirent *de;
    int n = 0;
    if (!dd) abort();
    while ((de = readdir(dd)))
        if (strstr(de->d_name, ".tmp")) n++;
    closedir(dd);
    return n;
}

static ar_gazetteer *small_gazetteer(void)
{
    int err = 0;
    ar_gaz_builder *b = ar_gaz_builder_new(NULL, &err);
    ar_gazetteer *g;
    size_t i;
    for (i = 0; i < 4; i++) add(b, NAMES[i], "LOC", NAMES[i]);
    g = ar_gaz_compile(b, 1, &err);
    ar_gaz_builder_free(b);
    if (!g) abort();
    return g;
}

static void test_save_symlink(void)
{
    ar_gazetteer *g = small_gazetteer();
    char victim[256], link[512];
    FILE *f;
    char buf[64] = "";
    snprintf(victim, sizeof victim, "%s", in_dir("victim.txt"));
    f = fopen(victim, "wb");
    if (!f) abort();
    fputs("precious\n", f);
    fclose(f);
    /* the temporary name the old code used: OUT.tmp<pid> */
    snprintf(link, sizeof link, "%s.tmp%ld", in_dir("out.gaz"), (long)getpid());
    CHECK(symlink(victim, link) == 0, "symlink planted");
    CHECK(ar_gaz_save(g, in_dir("out.gaz"), NULL) == AR_OK, "saved");
    f = fopen(victim, "rb");
    if (!f || !fgets(buf, sizeof buf, f)) abort();
    fclose(f);
    CHECK(strcmp(buf, "precious\n") == 0, "the symlink's target is untouched (\"%s\")", buf);
    unlink(link);
    unlink(victim);
    CHECK(temp_files_in_dir() == 0, "no temporary file left");
    {
        ar_error e = {0};
        ar_gazetteer *h = ar_gaz_open(in_dir("out.gaz"), 1, &e);
        CHECK(h != NULL, "the saved file opens (%s)", h ? "" : e.message);
        ar_gaz_free(h);
    }
    /* a directory that does not exist: an error, and nothing left */
    {
        ar_error e = {0};
        CHECK(ar_gaz_save(g, in_dir("no/such/dir.gaz"), &e) == AR_EIO && e.message[0], "missing directory: %s",
              e.message);
    }
    ar_gaz_free(g);
}

/* A child saves over and over; SIGTERM arrives in the middle. */
static void test_save_sigterm(void)
{
    int round, left = 0;
    for (round = 0; round < 5; round++) {
        pid_t pid = fork();
        if (pid == 0) {
            ar_gazetteer *g = small_gazetteer();
            for (;;) ar_gaz_save(g, in_dir("busy.gaz"), NULL);
        }
        {
            struct timespec ts = {0, 20000000L + 7000000L * round};
            int status;
            nanosleep(&ts, NULL);
            kill(pid, SIGTERM);
            waitpid(pid, &status, 0);
            CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "the child died of SIGTERM");
        }
        left += temp_files_in_dir();
    }
    CHECK(left == 0, "%d temporary file(s) left by SIGTERM in 5 rounds", left);
    unlink(in_dir("busy.gaz"));
}

/* A reader has a small file open; someone rewrites it in place. */
static void test_rewrite_in_place(void)
{
    pid_t pid = fork();
    int status;
    if (pid == 0) {
        ar_gazetteer *g = small_gazetteer(), *h;
        size_t before, after;
        FILE *f;
        if (ar_gaz_save(g, in_dir("live.gaz"), NULL) != AR_OK) _exit(3);
        h = ar_gaz_open(in_dir("live.gaz"), 0, NULL);
        if (!h) _exit(4);
        before = count_matches(h, "وصل بريت ماكغورك إلى مسقط", 0);
        f = fopen(in_dir("live.gaz"), "wb"); /* truncated: cp new.gaz live.gaz starts so */
        if (!f) _exit(5);
        fclose(f);
        after = count_matches(h, "وصل بريت ماكغورك إلى مسقط والأمم المتحدة", 0);
        _exit(before == 2 && after == 3 ? 0 : 6);
    }
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "a reader of a file truncated under it goes on (%s %d)",
          WIFSIGNALED(status) ? "killed by signal" : "exit", WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
    unlink(in_dir("live.gaz"));
}

/* ------------------------------------------------------------- crafted */

/* A big slot table (2^22 slots) of fake tokens: full (no empty slot: before,
 * 4M probes per unknown token; now refused when it records no probe run,
 * and when it records the largest allowed, the worst table that opens:
 * every unknown token probes AR_GAZ_MAX_PROBES - 1 slots), or in runs of
 * AR_GAZ_MAX_PROBES - 1 slots, each run's tokens homed at its start, then
 * as many empty slots. */
static unsigned char *big_table(const unsigned char *d, size_t len, int full, uint32_t recorded, size_t *outlen)
{
    const uint32_t nslot = 1u << 22, run = AR_GAZ_MAX_PROBES - 1, block = 2 * AR_GAZ_MAX_PROBES;
    uint32_t *slots = calloc(nslot, 4), k, ntok = 0;
    struct gtok *tok = calloc(nslot / 2, sizeof *tok);
    unsigned char *a, *c;
    size_t n1;
    if (!slots || !tok) abort();
    for (k = 0; k < nslot; k++) {
        if (full ? ntok + 1 >= nslot / 2 : k % block >= run) {
            slots[k] = full ? 1 : 0; /* full: every slot taken, by token 1 when the tokens run out */
            continue;
        }
        tok[ntok].str = 0;
        tok[ntok].first_node = NONE;
        tok[ntok].hash = full ? 0x9E3779B9u * k : k - k % block;
        tok[ntok].meta = 0;
        slots[k] = ++ntok;
    }
    a = with_section(d, len, S_TOK, tok, (size_t)ntok * sizeof *tok, &n1);
    c = with_section(a, n1, S_SLOT, slots, (size_t)nslot * 4, outlen);
    set_recorded_probes(c, *outlen, recorded);
    free(a);
    free(slots);
    free(tok);
    return c;
}

static void write_crafted(const char *out, const unsigned char *d, size_t len)
{
    char path[512];
    size_t n;
    unsigned char *c;
    uint32_t t, ntok = (uint32_t)(sec_size(d, S_TOK) / sizeof(struct gtok));
    uint32_t *types = calloc(4u << 20, 4);
    static const char *const one[] = {"مسقط"};
    size_t l1;
    unsigned char *d1;
    c = full_table(d, len, &n);
    snprintf(path, sizeof path, "%s/full-table.gaz", out);
    write_all(path, c, n);
    free(c);
    c = big_table(d, len, 1, 0, &n);
    snprintf(path, sizeof path, "%s/full-table-4m.gaz", out);
    write_all(path, c, n);
    free(c);
    c = big_table(d, len, 1, AR_GAZ_MAX_PROBES - 1, &n);
    snprintf(path, sizeof path, "%s/full-table-4m-127.gaz", out);
    write_all(path, c, n);
    free(c);
    c = big_table(d, len, 0, 0, &n);
    snprintf(path, sizeof path, "%s/long-runs-4m.gaz", out);
    write_all(path, c, n);
    free(c);
    for (t = 0; t < ntok; t++)
        if ((c = moved_token(d, len, t, AR_GAZ_MAX_PROBES - 1))) break;
    if (c) {
        snprintf(path, sizeof path, "%s/far-probe.gaz", out);
        write_all(path, c, len);
        free(c);
    }
    if (!types) abort();
    c = with_section(d, len, S_TYPE, types, (4u << 20) * 4, &n);
    snprintf(path, sizeof path, "%s/many-types.gaz", out);
    write_all(path, c, n);
    free(c);
    free(types);
    d1 = saved(one, 1, &l1);
    c = same_name(d1, l1, 100000, &n);
    snprintf(path, sizeof path, "%s/same-name.gaz", out);
    write_all(path, c, n);
    free(c);
    free(d1);
}

int main(int argc, char **argv)
{
    size_t len;
    unsigned char *d;
    if (!mkdtemp(dir)) abort();
    d = saved(NAMES, 4, &len);
    unlink(in_dir("small.gaz"));
    {
        ar_error e = {0};
        ar_gazetteer *g = open_bytes(d, len, &e);
        CHECK(g != NULL, "the file as saved opens (%s)", g ? "" : e.message);
        ar_gaz_free(g);
    }
    if (argc > 1) {
        write_crafted(argv[1], d, len);
        printf("crafted gazetteers written to %s\n", argv[1]);
    }
    test_hash_table(d, len);
    {
        size_t n;
        unsigned char *c = big_table(d, len, 0, 0, &n);
        ar_error e = {0};
        ar_gazetteer *g = open_bytes(c, n, &e);
        CHECK(g != NULL && g->maxprobe == AR_GAZ_MAX_PROBES - 1, "runs of %d slots, measured, open (%s)",
              AR_GAZ_MAX_PROBES - 1, g ? "" : e.message);
        ar_gaz_free(g);
        free(c);
        c = big_table(d, len, 1, 0, &n);
        expect_refused(c, n, "bad token hash table", "4M slots, none empty, none recorded");
        free(c);
        c = big_table(d, len, 1, AR_GAZ_MAX_PROBES - 1, &n);
        g = open_bytes(c, n, &e);
        CHECK(g != NULL && g->maxprobe == AR_GAZ_MAX_PROBES - 1, "4M slots, none empty, 127 recorded: opens (%s)",
              g ? "" : e.message);
        if (g) CHECK(count_matches(g, "وصل بريت ماكغورك إلى مسقط", 0) == 0, "and finds nothing, in bounded time");
        ar_gaz_free(g);
        free(c);
    }
    test_builder_table();
    test_types(d, len);
    test_trie_sizes(d, len);
    test_same_name();
    test_long_names();
    test_save_symlink();
    test_save_sigterm();
    test_rewrite_in_place();
    free(d);
    unlink(in_dir("out.gaz"));
    unlink(in_dir("small.gaz"));
    rmdir(dir);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
