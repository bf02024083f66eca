/*
 * test_lua_states.c — the Lua module in several independent Lua states of
 * one process: 4 threads each create a Lua 5.4 state, point package.path
 * at the checkout's lua/ and package.cpath at <build>/5.4/?.so, require
 * "arabic" (all at once, so the C module is loaded concurrently), and run
 * normalize, normalize_map, tokens, entities (the default gazetteer, exact
 * and fuzzy), sentences (lines and auto), a regex and `arabic annotate`'s
 * pipeline (its entities matched on the entity worker's thread while the
 * state finds the dates, run by run and with runs begun ahead) over the
 * same texts
 * many times, with garbage collections in between. Every run must give the
 * same result in every state. Then each thread closes its state
 * (lua_close runs every __gc; the module is unloaded with the last one).
 * Last, one state whose allocator refuses memory past a budget runs the
 * module's functions with the budget raised step by step: every Lua memory
 * error must leave nothing behind once the state is closed (run under
 * valgrind or ASan: this is what found the l_sentences leak), and one
 * whose allocator refuses a big text's normalized string.
 *
 * Usage: test_lua_states [root [build]] — root is the checkout (default:
 * $ARABIC_ROOT or "."), build the build directory under it (default: the
 * one this binary was built for). AR_TEST_ITERATIONS sets the runs per
 * state. The default gazetteer is <build>/default.gaz (or build/default.gaz)
 * unless ARABIC_GAZETTEER names one. Prints "N passed, N failed".
 */
#include <glob.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "texts.h"

#ifndef AR_TEST_BUILD
#define AR_TEST_BUILD "build"
#endif

#define NSTATES 4
#define MAXTEXTS 64

#include "check.h"

/* The chunk each state runs once: set the paths, require the module, and
 * return the function that computes everything for the texts as one
 * string. */
static const char SCRIPT[] =
    "local root, cpath, texts = ...\n"
    "package.path = root .. '/lua/?.lua;' .. root .. '/lua/?/init.lua'\n"
    "package.cpath = cpath\n"
    "local arabic = require 'arabic'\n"
    "assert(package.searchpath('arabic.core', package.cpath), 'arabic.core not on the cpath')\n"
    "local display = arabic.normalizer('display')\n"
    "local re = arabic.regex('(?<article>\\u{627}\\u{644})?(\\\\p{Arabic}+)|(\\\\d+)', 'i')\n"
    "local p = require('arabic.pipeline').new { sentences = true, entities = true, dates = true }\n"
    "p._sentence_text = false\n"
    "p._json = function(v) return string.format('%q', v) end -- no JSON library on this cpath\n"
    "return function()\n"
    "  local out, n = {}, 0\n"
    "  local function put(...)\n"
    "    local t = table.pack(...)\n"
    "    for i = 1, t.n do n = n + 1; out[n] = tostring(t[i]) end\n"
    "    n = n + 1; out[n] = '\\n'\n"
    "  end\n"
    "  for i, s in ipairs(texts) do\n"
    "    put('text', i, #s)\n"
    "    put('search', arabic.normalize(s))\n"
    "    put('display', display(s))\n"
    "    local ns, map = arabic.normalize_map(s)\n"
    "    put('map', #ns, map:lengths())\n"
    "    if #ns > 0 then put('map1', map:source(1, #ns)) end\n"
    "    for a, b, kind in arabic.tokens(s) do put('tok', a, b, kind) end\n"
    "    for _, m in ipairs(arabic.entities(s)) do\n"
    "      put('ent', m.first, m.last, m.token_first, m.id, m.type, m.text, m.fuzzy, m.clitic)\n"
    "    end\n"
    "    local ok, list = pcall(arabic.entities, s, { fuzzy = true, extend_names = true })\n"
    "    if ok then\n"
    "      for _, m in ipairs(list) do put('fuzzy', m.first, m.last, m.id, m.distance, m.extended) end\n"
    "    else\n"
    "      put('fuzzy error', list)\n"
    "    end\n"
    "    for a, b in arabic.sentences(s) do put('sent', a, b) end\n"
    "    local d = p:run(s)\n"
    "    put('annotate', d.sentences_json, d.entities_json, #d.dates)\n"
    "    for a, b in arabic.sentences(s, { mode = 'auto' }) do put('auto', a, b) end\n"
    "    for a, b, caps in re:gmatch(s) do put('re', a, b, caps.article and caps.article[1]) end\n"
    "  end\n"
    "  local q = {} -- runs begun ahead, as `arabic annotate` begins them: the worker's queue\n"
    "  for i, s in ipairs(texts) do\n"
    "    q[#q + 1] = p:_begin(s)\n"
    "    if #q == arabic._WORKER_SLOTS or i == #texts then\n"
    "      for _, st in ipairs(q) do\n"
    "        local d = p:_finish(st)\n"
    "        put('queued', d.sentences_json, d.entities_json, #d.dates)\n"
    "      end\n"
    "      q = {}\n"
    "    end\n"
    "  end\n"
    "  return table.concat(out, ' ')\n"
    "end\n";

/* For the memory-limited state: warm every cache with no limit, then
 * return functions to run under the limit: sentences, matching, the map,
 * and one that does a bit of everything on both sides of the binding
 * (userdata with C objects inside, result tables). */
static const char SCRIPT_LIMITED[] =
    "local root, cpath, text = ...\n"
    "package.path = root .. '/lua/?.lua;' .. root .. '/lua/?/init.lua'\n"
    "package.cpath = cpath\n"
    "local arabic = require 'arabic'\n"
    "local core = require 'arabic.core'\n"
    "local gazetteer = require 'arabic.gazetteer'\n"
    "local sentences = require 'arabic.sentences'\n"
    "arabic.entities(text); arabic.normalize(text); arabic.normalize_map(text)\n"
    "for _ in arabic.sentences(text) do end\n"
    "local abbrevs = sentences.default_abbreviations()\n"
    "local default = gazetteer.default()\n"
    "local fns = {}\n"
    "fns[1] = function() return #core.sentences(text, 'lines', abbrevs, 0) end\n"
    "fns[2] = function() return #default:find(text) end\n"
    "fns[3] = function() local s, m = arabic.normalize_map(text); return #s end\n"
    "fns[4] = function()\n"
    "  local n = 0\n"
    "  local g = gazetteer.new()\n"
    "  g:add('القاهرة', { type = 'LOC', id = 'cairo' })\n"
    "  g:add('غزة', 'LOC')\n"
    "  n = n + #g:find(text)\n"
    "  n = n + #arabic.entities(text) + #arabic.entities(text, { overlapping = true })\n"
    "  n = n + #core.sentences(text, 'auto', abbrevs, 0) + #core.sentences(text, 'lines', nil, 0)\n"
    "  local out, map = arabic.normalize_map(text)\n"
    "  n = n + #out + select(2, map:lengths())\n"
    "  local set = core.abbreviations(); set:add('x.'); n = n + set:count()\n"
    "  local re = arabic.regex('(\\\\p{Arabic}+)|(\\\\d+)')\n"
    "  for a, b in re:gmatch(text) do n = n + 1 end\n"
    "  n = n + #arabic.tokenize(text)\n"
    "  n = n + #core.normalizer('display')(text)\n"
    "  return n\n"
    "end\n"
    "return fns\n";

struct text {
    const char *s;
    size_t len;
    char *owned;
};

static struct text texts[MAXTEXTS];
static size_t ntexts;
static char root[4096], cpath[4096];
static int iterations = 10;
static pthread_barrier_t start_line;

typedef struct state_run {
    pthread_t th;
    int id;
    char *first;          /* the first run's result (malloc'd) */
    size_t first_len;
    int runs, differ;     /* runs done, runs that differ from the first */
    char err[512];        /* the first Lua error */
} state_run;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    long n;
    char *p;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    p = malloc((size_t)n + 1);
    if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
        free(p);
        p = NULL;
    }
    fclose(f);
    if (!p) return NULL;
    p[n] = '\0';
    *len = (size_t)n;
    return p;
}

static void load_texts(void)
{
    size_t i;
    glob_t gl;
    char pat[4200];
    for (i = 0; i < N_TEST_TEXTS && ntexts < MAXTEXTS; i++) {
        texts[ntexts].s = test_texts[i];
        texts[ntexts].len = strlen(test_texts[i]);
        ntexts++;
    }
    if (snprintf(pat, sizeof pat, "%s/examples/articles/*.txt", root) < (int)sizeof pat &&
        glob(pat, 0, NULL, &gl) == 0) {
        for (i = 0; i < gl.gl_pathc && ntexts < MAXTEXTS; i++) {
            size_t len;
            char *p = read_file(gl.gl_pathv[i], &len);
            if (!p) continue;
            texts[ntexts].s = texts[ntexts].owned = p;
            texts[ntexts].len = len;
            ntexts++;
        }
        globfree(&gl);
    }
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static void note_error(state_run *r, const char *what, lua_State *L)
{
    if (r->err[0]) return;
    snprintf(r->err, sizeof r->err, "%s: %s", what, L && lua_isstring(L, -1) ? lua_tostring(L, -1) : "?");
}

static void *run_state(void *arg)
{
    state_run *r = arg;
    lua_State *L = luaL_newstate();
    int fn = LUA_NOREF, it;
    size_t k;
    if (L) luaL_openlibs(L);
    pthread_barrier_wait(&start_line);
    if (!L) {
        note_error(r, "luaL_newstate", NULL);
        return NULL;
    }
    /* load the module: all states at the same time */
    if (luaL_loadbuffer(L, SCRIPT, sizeof SCRIPT - 1, "=test_lua_states") != LUA_OK) {
        note_error(r, "load", L);
        lua_close(L);
        return NULL;
    }
    lua_pushstring(L, root);
    lua_pushstring(L, cpath);
    lua_createtable(L, (int)ntexts, 0);
    for (k = 0; k < ntexts; k++) {
        lua_pushlstring(L, texts[k].s, texts[k].len);
        lua_rawseti(L, -2, (lua_Integer)k + 1);
    }
    if (lua_pcall(L, 3, 1, 0) != LUA_OK || !lua_isfunction(L, -1)) {
        note_error(r, "require", L);
        lua_close(L);
        return NULL;
    }
    fn = luaL_ref(L, LUA_REGISTRYINDEX);
    for (it = 0; it < iterations; it++) {
        size_t len;
        const char *s;
        lua_rawgeti(L, LUA_REGISTRYINDEX, fn);
        if (lua_pcall(L, 0, 1, 0) != LUA_OK || !lua_isstring(L, -1)) {
            note_error(r, "run", L);
            r->differ++;
            lua_pop(L, 1);
            continue;
        }
        s = lua_tolstring(L, -1, &len);
        if (!r->first) {
            r->first = malloc(len + 1);
            if (!r->first) {
                snprintf(r->err, sizeof r->err, "out of memory");
                lua_pop(L, 1);
                break;
            }
            memcpy(r->first, s, len + 1);
            r->first_len = len;
        } else if (len != r->first_len || memcmp(s, r->first, len) != 0) {
            r->differ++;
        }
        r->runs++;
        lua_pop(L, 1);
        /* collect now and then: userdata finalizers run mid-test too */
        if (it % 2 == 1) lua_gc(L, LUA_GCCOLLECT, 0);
    }
    luaL_unref(L, LUA_REGISTRYINDEX, fn);
    lua_close(L);
    return NULL;
}

/* ---------------------------------------------- a memory-limited state */

typedef struct budget {
    size_t used, peak, limit; /* limit 0: none */
    long refused;
} budget;

static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    budget *b = ud;
    size_t old = ptr ? osize : 0; /* without ptr, osize is a type tag */
    void *q;
    if (nsize == 0) {
        free(ptr);
        b->used -= old;
        return NULL;
    }
    if (b->limit && nsize > old && b->used + (nsize - old) > b->limit) {
        b->refused++;
        return NULL;
    }
    q = realloc(ptr, nsize);
    if (q) {
        b->used = b->used - old + nsize;
        if (b->used > b->peak) b->peak = b->used;
    }
    return q;
}

/* A state on limited_alloc with budget b that has run script (given root,
 * cpath and, when text is not NULL, text) and holds what it returned, of
 * Lua type want; NULL (a failed check) when any of that failed. */
static lua_State *limited_state(budget *b, const char *script, size_t size, const char *text, size_t len,
                                int want)
{
    lua_State *L = lua_newstate(limited_alloc, b);
    CHECK(L != NULL, "lua_newstate");
    if (!L) return NULL;
    luaL_openlibs(L);
    if (luaL_loadbuffer(L, script, size, "=limited") != LUA_OK) {
        CHECK(0, "load: %s", lua_tostring(L, -1));
        lua_close(L);
        return NULL;
    }
    lua_pushstring(L, root);
    lua_pushstring(L, cpath);
    if (text) lua_pushlstring(L, text, len);
    if (lua_pcall(L, text ? 3 : 2, 1, 0) != LUA_OK || lua_type(L, -1) != want) {
        CHECK(0, "limited state: %s", lua_tostring(L, -1));
        lua_close(L);
        return NULL;
    }
    return L;
}

/* Lua memory errors raised at every point of the module's functions: each
 * call must fail cleanly (a Lua error, no crash) and, once the state is
 * closed, leave nothing behind (run under valgrind or ASan to see leaks:
 * the module's own C memory is not counted by this allocator). */
static void memory_errors(const char *text, size_t len)
{
    budget b = {0, 0, 0, 0};
    lua_State *L = limited_state(&b, SCRIPT_LIMITED, sizeof SCRIPT_LIMITED - 1, text, len, LUA_TTABLE);
    int f;
    if (!L) return;
    for (f = 1; f <= 4; f++) {
        lua_Integer want = -1;
        size_t extra, step, total, before;
        int ok = 0, errs = 0, tries = 0, wrong = 0;
        long refused0 = b.refused;
        /* the result without a limit, and how much the call allocates */
        lua_gc(L, LUA_GCCOLLECT, 0);
        lua_gc(L, LUA_GCSTOP, 0);
        before = b.peak = b.used;
        lua_rawgeti(L, -1, f);
        if (lua_pcall(L, 0, 1, 0) == LUA_OK) want = lua_tointeger(L, -1);
        else CHECK(0, "limited state, function %d, no limit: %s", f, lua_tostring(L, -1));
        total = b.peak - before; /* the peak: temporaries count too */
        lua_pop(L, 1);
        lua_gc(L, LUA_GCRESTART, 0);
        /* steps of a 2000th of it, and on past it: the first calls after
         * a collection may also regrow the Lua stack */
        step = total / 2000 + 1;
        for (extra = 0; want >= 0 && extra <= 4 * total + 65536 && !ok; extra += step) {
            int st;
            lua_gc(L, LUA_GCCOLLECT, 0);
            lua_rawgeti(L, -1, f);
            b.limit = b.used + extra;
            st = lua_pcall(L, 0, 1, 0);
            b.limit = 0;
            tries++;
            if (st == LUA_OK) {
                ok = 1;
                if (lua_tointeger(L, -1) != want) wrong++;
            } else {
                errs++;
            }
            lua_pop(L, 1);
        }
        CHECK(ok, "function %d never succeeded within %zu bytes", f, extra);
        CHECK(wrong == 0, "function %d: a call under a memory limit gave another result", f);
        CHECK(errs > 0 && b.refused > refused0, "function %d: no memory errors", f);
        fprintf(stderr, "memory-limited state, function %d: %d runs, %d Lua errors, %ld allocations refused\n",
                f, tries, errs, b.refused - refused0);
    }
    lua_close(L);
    CHECK(b.used == 0, "%zu bytes still allocated by Lua after lua_close", b.used);
}

/* A big text's normalized string is pushed with the state's allocator
 * lent a wrapper (huge pages, lua_arabic.c's push_text): when the string's
 * own allocation is refused, the call must fail with a Lua memory error,
 * the state must have its own allocator back, and the next call work. */
static const char SCRIPT_BIG[] =
    "local root, cpath = ...\n"
    "package.path = root .. '/lua/?.lua;' .. root .. '/lua/?/init.lua'\n"
    "package.cpath = cpath\n"
    "local norm = require('arabic').normalizer('search')\n"
    "local text = ('\\216\\163\\217\\136 '):rep(1200000) -- 6 MB: more than the module keeps\n"
    "return function()\n"
    "  local s = norm(text)\n"
    "  local t = norm:map(text)\n"
    "  return #s + #t\n"
    "end\n";

static void big_push_errors(void)
{
    budget b = {0, 0, 0, 0};
    lua_State *L = limited_state(&b, SCRIPT_BIG, sizeof SCRIPT_BIG - 1, NULL, 0, LUA_TFUNCTION);
    lua_Integer want = -1;
    int st, refused = 0, own = 1, k;
    if (!L) return;
    lua_pushvalue(L, -1);
    if (lua_pcall(L, 0, 1, 0) == LUA_OK) want = lua_tointeger(L, -1);
    else CHECK(0, "big text, no limit: %s", lua_tostring(L, -1));
    lua_pop(L, 1);
    CHECK(want > 10000000, "big text: %lld bytes normalized", (long long)want);
    /* 1 MB more than in use: the 6 MB string is refused (the core's buffer
     * is not the state's memory), then no limit again */
    for (k = 0; k < 3; k++) {
        void *ud = NULL;
        lua_gc(L, LUA_GCCOLLECT, 0);
        lua_pushvalue(L, -1);
        b.limit = b.used + (1u << 20);
        st = lua_pcall(L, 0, 1, 0);
        b.limit = 0;
        if (st == LUA_ERRMEM || (st != LUA_OK && strstr(lua_tostring(L, -1), "not enough memory"))) refused++;
        lua_pop(L, 1);
        if (lua_getallocf(L, &ud) != limited_alloc || ud != &b) own = 0;
        lua_pushvalue(L, -1);
        st = lua_pcall(L, 0, 1, 0);
        CHECK(st == LUA_OK && lua_tointeger(L, -1) == want, "big text after a refused push: %s",
              st == LUA_OK ? "another result" : lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    CHECK(refused == 3, "big text: %d of 3 pushes refused with a memory error", refused);
    CHECK(own, "the state's own allocator is back after a refused push");
    lua_close(L);
    CHECK(b.used == 0, "%zu bytes still allocated by Lua after lua_close (big text)", b.used);
}

int main(int argc, char **argv)
{
    const char *r = argc > 1 ? argv[1] : getenv("ARABIC_ROOT");
    const char *build = argc > 2 ? argv[2] : getenv("ARABIC_TEST_BUILD");
    const char *env_iter = getenv("AR_TEST_ITERATIONS");
    char module[4200], gaz[4200];
    state_run runs[NSTATES];
    int i, started = 0;
    size_t k;

    if (!r || !*r) r = ".";
    if (!build || !*build) build = AR_TEST_BUILD;
    if (env_iter && atoi(env_iter) > 0) iterations = atoi(env_iter);
    if (snprintf(root, sizeof root, "%s", r) >= (int)sizeof root ||
        snprintf(cpath, sizeof cpath, "%s/%s/5.4/?.so", root, build) >= (int)sizeof cpath ||
        snprintf(module, sizeof module, "%s/%s/5.4/arabic/core.so", root, build) >= (int)sizeof module) {
        CHECK(0, "paths too long: %s, %s", r, build);
        goto out;
    }
    CHECK(exists(module), "%s not found (run `make` first, from the checkout)", module);
    if (!exists(module)) goto out;
    CHECK(exists(root), "root %s", root);
    {
        char init[4200];
        if (snprintf(init, sizeof init, "%s/lua/arabic/init.lua", root) >= (int)sizeof init) init[0] = '\0';
        CHECK(exists(init), "%s not found: pass the checkout as the first argument", init);
        if (!exists(init)) goto out;
    }
    /* the default gazetteer of this build (the Lua side otherwise looks in
     * <root>/build/), set before any thread starts */
    if (!getenv("ARABIC_GAZETTEER")) {
        if (snprintf(gaz, sizeof gaz, "%s/%s/default.gaz", root, build) >= (int)sizeof gaz || !exists(gaz))
            if (snprintf(gaz, sizeof gaz, "%s/build/default.gaz", root) >= (int)sizeof gaz) gaz[0] = '\0';
        if (exists(gaz)) setenv("ARABIC_GAZETTEER", gaz, 1);
        else fprintf(stderr, "note: no default.gaz built; each state compiles the gazetteer\n");
    }
    load_texts();
    CHECK(ntexts >= N_TEST_TEXTS, "%zu texts", ntexts);

    memset(runs, 0, sizeof runs);
    CHECK(pthread_barrier_init(&start_line, NULL, NSTATES) == 0, "barrier");
    for (i = 0; i < NSTATES; i++) {
        runs[i].id = i;
        if (pthread_create(&runs[i].th, NULL, run_state, &runs[i]) != 0) break;
        started++;
    }
    if (started < NSTATES) {
        fprintf(stderr, "cannot start %d threads\n", NSTATES);
        printf("%d passed, %d failed\n", passed, failed + 1);
        return 1;
    }
    for (i = 0; i < NSTATES; i++) pthread_join(runs[i].th, NULL);
    pthread_barrier_destroy(&start_line);

    for (i = 0; i < NSTATES; i++) {
        CHECK(runs[i].err[0] == '\0', "state %d: %s", i, runs[i].err);
        CHECK(runs[i].runs == iterations, "state %d: %d of %d runs", i, runs[i].runs, iterations);
        CHECK(runs[i].differ == 0, "state %d: %d runs differ from its first", i, runs[i].differ);
        CHECK(runs[i].first != NULL && runs[0].first != NULL && runs[i].first_len == runs[0].first_len &&
                  memcmp(runs[i].first, runs[0].first, runs[0].first_len) == 0,
              "state %d differs from state 0", i);
    }
    if (runs[0].first) {
        /* the results are not empty: entities, sentences, regex matches */
        CHECK(strstr(runs[0].first, "ent ") != NULL, "entities found");
        CHECK(strstr(runs[0].first, "fuzzy ") != NULL && strstr(runs[0].first, "fuzzy error") == NULL,
              "fuzzy matching ran");
        CHECK(strstr(runs[0].first, "sent ") != NULL, "sentences found");
        CHECK(strstr(runs[0].first, "re ") != NULL, "regex matches found");
        fprintf(stderr, "%d states x %d runs x %zu texts, %zu bytes of results each\n", NSTATES,
                iterations, ntexts, runs[0].first_len);
    }
    for (i = 0; i < NSTATES; i++) free(runs[i].first);

    /* the longest text in a state whose allocator runs out */
    {
        size_t longest = 0;
        for (k = 1; k < ntexts; k++)
            if (texts[k].len > texts[longest].len) longest = k;
        memory_errors(texts[longest].s, texts[longest].len);
    }
    big_push_errors();
out:
    for (k = 0; k < ntexts; k++) free(texts[k].owned);
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
