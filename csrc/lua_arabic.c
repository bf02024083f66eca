/*
 * lua_arabic.c — the Lua binding: luaopen_arabic_core.
 *
 * The only file that includes Lua headers. Every C object lives inside a
 * userdata with a __gc, and every scratch buffer belongs to such a userdata,
 * so a Lua error thrown mid-way (out of memory in lua_pushlstring, a bad
 * argument) never leaks. Offsets cross this boundary as 1-based inclusive
 * byte positions, the way string.sub counts.
 *
 * Errors, one convention (lrexlib's): misuse of the binding itself (an
 * argument of the wrong type, a closed object, a position out of range) and
 * running out of memory raise a Lua error. A problem with what the user
 * gave -- a normalization option or preset, an entry or a flag the builder
 * refuses, a pattern that does not compile, a file that cannot be read or is
 * not a gazetteer, invalid UTF-8 in strict mode -- returns nil and a message
 * (from the core's ar_error), never raises: the Lua modules (arabic.args)
 * turn it into an error naming the public function and the user's key, or
 * report it with the file and line. No Lua code rewrites these messages.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700 /* realpath (files and output, below) */
#endif
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE /* sched_getaffinity: the processors the entity worker may use */
#endif
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/mman.h> /* madvise: huge pages for a big text's output buffer */
#endif

#include "compat.h"
#include "arabic.h"
#include "jsonrec.h"
#include "names.h" /* ar__gaz_result_text: the matcher's text, shared with the dates' start */

#define NORMALIZER_MT "arabic.Normalizer"
#define MAP_MT "arabic.Map"
/* A map copied into its userdata (norm:map): no finalizer to run, which is
 * most of the cost of a map on a paragraph-sized text. */
#define FLATMAP_MT "arabic.FlatMap"

/* Scratch buffers above this size are released after each call, so one big
 * input does not pin its memory for the life of the normalizer. */
#define KEEP_BUFFER (4u << 20)

typedef struct {
    ar_normalizer *n;
    ar_buf buf;
    ar_map *scratch; /* filled by norm:map, then copied into the result */
} lnorm;

/* m: a map the userdata owns (MAP_MT, freed by __gc), or the read-only copy
 * that follows the struct in the userdata (FLATMAP_MT); NULL when closed. */
typedef struct {
    ar_map *m;
} lmap;

/* Where the copy starts in a FLATMAP_MT userdata (malloc's alignment). */
#define FLATMAP_OFF ((sizeof(lmap) + 15) & ~(size_t)15)

/* ------------------------------------------------------------ helpers */

/* The other half of the convention: a problem with what the user gave
 * returns nil and a message (the message is pushed by the caller). */
static int nil_message(lua_State *L)
{
    lua_pushnil(L);
    lua_insert(L, -2);
    return 2;
}

/* nil and the message of an ar_error; out of memory raises instead. */
static int nil_error(lua_State *L, const ar_error *e)
{
    if (e->code == AR_ENOMEM) return luaL_error(L, "not enough memory");
    lua_pushnil(L);
    lua_pushstring(L, e->message);
    return 2;
}

/* Append "a, b, c" of all option names to a buffer (for error messages). */
static void push_option_list(lua_State *L)
{
    luaL_Buffer b;
    size_t i;
    const ar_norm_option *opt;
    luaL_buffinit(L, &b);
    for (i = 0; (opt = ar_norm_option_at(i)) != NULL; i++) {
        if (i) luaL_addstring(&b, ", ");
        luaL_addstring(&b, opt->name);
    }
    luaL_pushresult(&b);
}

static void push_preset_list(lua_State *L)
{
    luaL_Buffer b;
    size_t i;
    const char *name;
    luaL_buffinit(L, &b);
    for (i = 0; (name = ar_norm_preset_name(i)) != NULL; i++) {
        if (i) luaL_addstring(&b, ", ");
        luaL_addstring(&b, name);
    }
    luaL_pushresult(&b);
}

/* Apply a preset name; 0 and a message on the stack (naming the valid
 * ones) when there is no such preset. */
static int apply_preset(lua_State *L, ar_norm_options *o, const char *name)
{
    if (ar_norm_options_preset(o, name) == AR_OK) return 1;
    push_preset_list(L);
    lua_pushfstring(L, "unknown normalization preset '%s' (valid: %s)", name, lua_tostring(L, -1));
    lua_remove(L, -2);
    return 0;
}

/* The value of option opt from the Lua value at the top of the stack:
 * true/false (true is the option's "on" value), a string through the C
 * parser, an integer (0/1 for the boolean and named options, as with
 * false/true). Returns AR_OK or AR_EVALUE. */
static int option_value(lua_State *L, const ar_norm_option *opt, int *v)
{
    switch (lua_type(L, -1)) {
    case LUA_TBOOLEAN:
        *v = lua_toboolean(L, -1) ? opt->on : 0;
        return *v < 0 ? AR_EVALUE : AR_OK;
    case LUA_TSTRING:
        return ar_norm_option_parse(opt, lua_tostring(L, -1), v);
    case LUA_TNUMBER: {
        lua_Integer n;
        if (!ar_isinteger(L, -1)) return AR_EVALUE;
        n = lua_tointeger(L, -1);
        if (opt->kind != AR_OPT_INT && (n == 0 || n == 1)) *v = n ? opt->on : 0;
        else if (opt->kind == AR_OPT_INT && n >= 0 && n <= opt->max) *v = (int)n;
        else return AR_EVALUE;
        return AR_OK;
    }
    default:
        return AR_EVALUE;
    }
}

/* Options from a table: { preset = "search", alef = false, digits = "arabic" }.
 * 1, or 0 and a message on the stack. */
static int options_from_table(lua_State *L, int t, ar_norm_options *o)
{
    t = ar_absindex(L, t);
    memset(o, 0, sizeof *o);
    lua_getfield(L, t, "preset");
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TSTRING) {
            lua_pushstring(L, "option 'preset' must be a string");
            return 0;
        }
        if (!apply_preset(L, o, lua_tostring(L, -1))) return 0;
    }
    lua_pop(L, 1);
    lua_pushnil(L);
    while (lua_next(L, t)) {
        const char *key;
        const ar_norm_option *opt;
        int v;
        if (lua_type(L, -2) != LUA_TSTRING) {
            lua_pushstring(L, "normalization option names must be strings");
            return 0;
        }
        key = lua_tostring(L, -2);
        if (strcmp(key, "preset") == 0) {
            lua_pop(L, 1);
            continue;
        }
        opt = ar_norm_option_find(key);
        if (!opt) {
            push_option_list(L);
            lua_pushfstring(L, "unknown normalization option '%s' (valid: %s)", key, lua_tostring(L, -1));
            return 0;
        }
        if (option_value(L, opt, &v) != AR_OK || ar_norm_options_set_value(o, opt, v) != AR_OK) {
            if (lua_type(L, -1) == LUA_TSTRING || lua_type(L, -1) == LUA_TNUMBER)
                lua_pushfstring(L, "'%s'", lua_tostring(L, -1));
            else
                lua_pushstring(L, luaL_typename(L, -1));
            lua_pushfstring(L, "bad value for normalization option '%s' (expected %s, got %s)", key,
                            opt->desc, lua_tostring(L, -1));
            return 0;
        }
        lua_pop(L, 1);
    }
    return 1;
}

/* An options table as Lua values: booleans, value names, integers. */
static void push_options(lua_State *L, const ar_norm_options *o)
{
    size_t i;
    const ar_norm_option *opt;
    lua_newtable(L);
    for (i = 0; (opt = ar_norm_option_at(i)) != NULL; i++) {
        int v = ar_norm_options_get_value(o, opt);
        if (opt->kind == AR_OPT_BOOL) lua_pushboolean(L, v);
        else if (opt->kind == AR_OPT_ENUM && v <= opt->max) lua_pushstring(L, opt->values[v]);
        else lua_pushinteger(L, v);
        lua_setfield(L, -2, opt->name);
    }
}

/* Options from argument arg: nil (the "search" preset), a preset name, an
 * option table or a normalizer (its options). 1, or 0 and a message on the
 * stack. */
static int options_from_arg(lua_State *L, int arg, ar_norm_options *o)
{
    switch (lua_type(L, arg)) {
    case LUA_TNONE:
    case LUA_TNIL:
        return apply_preset(L, o, "search");
    case LUA_TSTRING:
        return apply_preset(L, o, lua_tostring(L, arg));
    case LUA_TTABLE:
        return options_from_table(L, arg, o);
    case LUA_TUSERDATA: {
        lnorm *n = (lnorm *)luaL_testudata(L, arg, NORMALIZER_MT);
        if (n && n->n) {
            *o = *ar_normalizer_options(n->n);
            return 1;
        }
    } /* fall through */
    default:
        lua_pushfstring(L, "preset name or option table expected, got %s", luaL_typename(L, arg));
        return 0;
    }
}

/* The userdata at i when its metatable is the one at upvalue up (a
 * comparison, where luaL_checkudata looks the name up in the registry on
 * every call), else NULL. */
static void *udata_up(lua_State *L, int i, int up)
{
    void *p = lua_touserdata(L, i);
    int same = 0;
    if (p && lua_getmetatable(L, i)) {
        same = lua_rawequal(L, -1, lua_upvalueindex(up));
        lua_pop(L, 1);
    }
    return same ? p : NULL;
}

/* --------------------------------------------------------- normalizer */

static lnorm *check_norm(lua_State *L, int i)
{
    lnorm *n = (lnorm *)luaL_checkudata(L, i, NORMALIZER_MT);
    if (!n->n) luaL_argerror(L, i, "normalizer is closed");
    return n;
}

/* core.normalizer(opts) --> normalizer | nil, message */
static int l_normalizer(lua_State *L)
{
    ar_norm_options o;
    lnorm *n;
    int err;
    if (!options_from_arg(L, 1, &o)) return nil_message(L);
    n = (lnorm *)ar_newuserdata(L, sizeof *n);
    memset(n, 0, sizeof *n);
    luaL_getmetatable(L, NORMALIZER_MT);
    lua_setmetatable(L, -2);
    n->n = ar_normalizer_new(&o, &err);
    if (!n->n) return luaL_error(L, "cannot create normalizer: %s", ar_strerror(err));
    return 1;
}

static void release_big(lnorm *n)
{
    if (n->buf.cap > KEEP_BUFFER) ar_buf_free(&n->buf);
    if (n->scratch && ar_map_anchors(n->scratch) > KEEP_BUFFER / 8) {
        ar_map_free(n->scratch);
        n->scratch = NULL;
    }
}

/* Before a big call (an input above KEEP_BUFFER, whose buffer is released
 * after it): an output buffer for len bytes and a little more, aligned to
 * 2 MiB and marked for transparent huge pages where the kernel has them.
 * The buffer is new memory on every such call, and touching it a 4 KiB page
 * at a time cost as much as normalizing into it (52 MB: 13,000 page faults,
 * about 25 ms of a 75 ms call); a huge page is one fault for 2 MiB. It stays
 * an ordinary malloc block (ar_buf's realloc and free work on it), and
 * anything that fails here only leaves the buffer to grow as it would. */
static void reserve_big(lnorm *n, size_t len)
{
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    const size_t huge = (size_t)2 << 20;
    size_t cap;
    void *p;
    if (len <= KEEP_BUFFER || n->buf.cap > len || len > SIZE_MAX / 2) return;
    cap = (len + len / 8 + huge) & ~(huge - 1);
    if (posix_memalign(&p, huge, cap) != 0) return;
    (void)madvise(p, cap, MADV_HUGEPAGE);
    ar_buf_free(&n->buf);
    n->buf.data = p;
    n->buf.cap = cap;
    n->buf.len = 0;
#else
    (void)n;
    (void)len;
#endif
}

/* Push the len bytes at s as a Lua string; for a big text (above
 * KEEP_BUFFER), into memory marked for transparent huge pages. The string
 * is new memory the Lua state's allocator gives, and its pages were faulted
 * in 4 KiB at a time while lua_pushlstring copied into them: for 52 MB,
 * 13,000 faults, a third of norm(text)'s time once the output buffer had
 * huge pages (reserve_big). The allocator is lent a wrapper for the one
 * push: every request goes to it unchanged, and the first block of the
 * string's size is advised (madvise is a hint: the block stays the
 * allocator's, freed by it as ever). The push runs in a protected call so
 * that the state's own allocator is back before any error goes on. Lua 5.3
 * and 5.4 only (LuaJIT keeps its own allocator). */
#if defined(__linux__) && defined(MADV_HUGEPAGE) && LUA_VERSION_NUM >= 503 && !defined(LUAJIT_VERSION)
#define HUGE_STRINGS 1
typedef struct {
    lua_Alloc f;
    void *ud;
    size_t want; /* the string's block is at least this big; SIZE_MAX once advised */
} huge_alloc_t;

static void *huge_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    huge_alloc_t *h = (huge_alloc_t *)ud;
    void *p = h->f(h->ud, ptr, osize, nsize);
    if (p && !ptr && nsize >= h->want) {
        const uintptr_t huge = (uintptr_t)2 << 20;
        uintptr_t a = ((uintptr_t)p + huge - 1) & ~(huge - 1), b = ((uintptr_t)p + nsize) & ~(huge - 1);
        if (b > a) (void)madvise((void *)a, (size_t)(b - a), MADV_HUGEPAGE);
        h->want = SIZE_MAX;
    }
    return p;
}

static int push_string_p(lua_State *L)
{
    lua_pushlstring(L, (const char *)lua_touserdata(L, 1), (size_t)lua_tointeger(L, 2));
    return 1;
}
#endif

static void push_text(lua_State *L, const char *s, size_t len)
{
#if defined(HUGE_STRINGS)
    if (len > KEEP_BUFFER) {
        huge_alloc_t h;
        int st;
        h.f = lua_getallocf(L, &h.ud);
        h.want = len;
        luaL_checkstack(L, 3, "text");
        lua_pushcfunction(L, push_string_p);
        lua_pushlightuserdata(L, (void *)s);
        lua_pushinteger(L, (lua_Integer)len);
        lua_setallocf(L, huge_alloc, &h);
        st = lua_pcall(L, 2, 1, 0);
        lua_setallocf(L, h.f, h.ud);
        if (st != LUA_OK) lua_error(L); /* (the message, on the stack) */
        return;
    }
#endif
    lua_pushlstring(L, s, len);
}

/* Run the normalizer; on success the result is in n->buf. Returns the
 * number of Lua results already pushed for an error (nil, message and the
 * byte offset of invalid UTF-8 in strict mode), or 0. */
static int run(lua_State *L, lnorm *n, const char *s, size_t len, ar_map *map, ar_norm_stats *st)
{
    int err;
    reserve_big(n, len);
    err = ar_normalize(n->n, s, len, &n->buf, map, st);
    if (err == AR_OK) return 0;
    if (err == AR_EUTF8) {
        char off[32];
        snprintf(off, sizeof off, "%lu", (unsigned long)st->first_invalid + 1);
        release_big(n);
        lua_pushnil(L);
        lua_pushfstring(L, "invalid UTF-8 at byte %s", off);
        lua_pushinteger(L, (lua_Integer)st->first_invalid + 1);
        return 3;
    }
    release_big(n);
    if (err == AR_ENOMEM) return luaL_error(L, "not enough memory");
    return luaL_error(L, "normalization failed: %s", ar_strerror(err));
}

/* norm(s) / norm:normalize(s) --> string, number of invalid sequences |
 * nil, message, byte (strict mode: the first invalid byte, 1-based) */
static int l_norm_call(lua_State *L)
{
    lnorm *n = check_norm(L, 1);
    size_t len;
    const char *s = luaL_checklstring(L, 2, &len);
    ar_norm_stats st;
    int r = run(L, n, s, len, NULL, &st);
    if (r) return r;
    push_text(L, n->buf.data, n->buf.len);
    lua_pushinteger(L, (lua_Integer)st.invalid);
    release_big(n);
    return 2;
}

/* norm:map(s) --> string, map. The map is made in the normalizer's scratch
 * map and copied into a userdata without a finalizer. Upvalues: 1 the
 * normalizer metatable, 2 the flat map's (looked up in the registry by
 * name, they were a tenth of a call on a paragraph). */
static int l_norm_map(lua_State *L)
{
    lnorm *n = (lnorm *)udata_up(L, 1, 1);
    size_t len;
    const char *s;
    ar_norm_stats st;
    lmap *m;
    int r;
    if (!n) n = check_norm(L, 1); /* raises with the usual message */
    if (!n->n) luaL_argerror(L, 1, "normalizer is closed");
    s = luaL_checklstring(L, 2, &len);
    if (!n->scratch && !(n->scratch = ar_map_new())) return luaL_error(L, "not enough memory");
    r = run(L, n, s, len, n->scratch, &st);
    if (r) return r;
    push_text(L, n->buf.data, n->buf.len);
    m = (lmap *)ar_newuserdata(L, FLATMAP_OFF + ar_map_flat_size(n->scratch));
    /* the copy is read-only; the cast only lets lmap hold both kinds */
    m->m = (ar_map *)ar_map_flatten(n->scratch, (char *)m + FLATMAP_OFF);
    lua_pushvalue(L, lua_upvalueindex(2));
    lua_setmetatable(L, -2);
    lua_pushinteger(L, (lua_Integer)st.invalid);
    release_big(n);
    return 3;
}

static int l_norm_options(lua_State *L)
{
    lnorm *n = check_norm(L, 1);
    push_options(L, ar_normalizer_options(n->n));
    return 1;
}

static int l_norm_gc(lua_State *L)
{
    lnorm *n = (lnorm *)luaL_checkudata(L, 1, NORMALIZER_MT);
    ar_normalizer_free(n->n);
    n->n = NULL;
    ar_buf_free(&n->buf);
    ar_map_free(n->scratch);
    n->scratch = NULL;
    return 0;
}

static int l_norm_tostring(lua_State *L)
{
    lnorm *n = (lnorm *)luaL_checkudata(L, 1, NORMALIZER_MT);
    lua_pushfstring(L, "arabic.Normalizer (%s): %p", n->n ? "open" : "closed", (void *)n);
    return 1;
}

/* ---------------------------------------------------------------- map */

static lmap *check_map(lua_State *L, int i)
{
    lmap *m = (lmap *)luaL_testudata(L, i, FLATMAP_MT);
    if (!m) m = (lmap *)luaL_checkudata(L, i, MAP_MT);
    if (!m->m) luaL_argerror(L, i, "map is closed");
    return m;
}

/* Read (i, j) 1-based inclusive against a text of length len: returns the
 * 0-based half-open range. j defaults to i; j = i - 1 is an empty range. */
static void check_range(lua_State *L, size_t len, size_t *a, size_t *b)
{
    lua_Integer i = luaL_checkinteger(L, 2);
    lua_Integer j = luaL_optinteger(L, 3, i);
    if (i < 1 || (size_t)i > len + 1)
        luaL_argerror(L, 2, lua_pushfstring(L, "position %d out of range 1..%d",
                                            (int)i, (int)len));
    if (j < i - 1 || (size_t)j > len)
        luaL_argerror(L, 3, lua_pushfstring(L, "position %d out of range %d..%d",
                                            (int)j, (int)(i - 1), (int)len));
    *a = (size_t)(i - 1);
    *b = (size_t)j;
}

/* map:source(i [, j]) --> first, last in the source text */
static int l_map_source(lua_State *L)
{
    lmap *m = check_map(L, 1);
    size_t a, b, s0, s1;
    check_range(L, ar_map_target_len(m->m), &a, &b);
    ar_map_source(m->m, a, b, &s0, &s1);
    lua_pushinteger(L, (lua_Integer)s0 + 1);
    lua_pushinteger(L, (lua_Integer)s1);
    return 2;
}

/* map:target(i [, j]) --> first, last in the normalized text */
static int l_map_target(lua_State *L)
{
    lmap *m = check_map(L, 1);
    size_t a, b, o0, o1;
    check_range(L, ar_map_source_len(m->m), &a, &b);
    ar_map_target(m->m, a, b, &o0, &o1);
    lua_pushinteger(L, (lua_Integer)o0 + 1);
    lua_pushinteger(L, (lua_Integer)o1);
    return 2;
}

/* map:lengths() --> source length, normalized length, stored anchors */
static int l_map_lengths(lua_State *L)
{
    lmap *m = check_map(L, 1);
    lua_pushinteger(L, (lua_Integer)ar_map_source_len(m->m));
    lua_pushinteger(L, (lua_Integer)ar_map_target_len(m->m));
    lua_pushinteger(L, (lua_Integer)ar_map_anchors(m->m));
    return 3;
}

static int l_map_gc(lua_State *L)
{
    lmap *m = (lmap *)luaL_checkudata(L, 1, MAP_MT);
    ar_map_free(m->m);
    m->m = NULL;
    return 0;
}

#if LUA_VERSION_NUM >= 504
/* __close of a copied map: nothing to free, only closed. */
static int l_flatmap_close(lua_State *L)
{
    lmap *m = (lmap *)luaL_checkudata(L, 1, FLATMAP_MT);
    m->m = NULL;
    return 0;
}
#endif

static int l_map_tostring(lua_State *L)
{
    lmap *m = (lmap *)luaL_testudata(L, 1, FLATMAP_MT);
    if (!m) m = (lmap *)luaL_checkudata(L, 1, MAP_MT);
    if (!m->m) lua_pushstring(L, "arabic.Map (closed)");
    else
        lua_pushfstring(L, "arabic.Map (%d -> %d bytes)", (int)ar_map_source_len(m->m),
                        (int)ar_map_target_len(m->m));
    return 1;
}

/* ------------------------------------------------------------- tokens */

/* Iterator closure: upvalue 1 the text, upvalue 2 the byte position. */
static int tokens_iter(lua_State *L)
{
    size_t len;
    const char *s = lua_tolstring(L, lua_upvalueindex(1), &len);
    lua_Integer pos = lua_tointeger(L, lua_upvalueindex(2));
    ar_tokenizer t;
    ar_token tok;
    if (pos < 0 || (size_t)pos > len) return 0;
    ar_tokenizer_init(&t, s, len);
    t.pos = (size_t)pos;
    if (!ar_tokenizer_next(&t, &tok)) {
        lua_pushinteger(L, (lua_Integer)len + 1);
        lua_replace(L, lua_upvalueindex(2));
        return 0;
    }
    lua_pushinteger(L, (lua_Integer)t.pos);
    lua_replace(L, lua_upvalueindex(2));
    lua_pushinteger(L, (lua_Integer)tok.start + 1);
    lua_pushinteger(L, (lua_Integer)tok.end);
    lua_pushstring(L, ar_token_kind_name(tok.kind));
    return 3;
}

/* core.tokens(s [, init]) --> iterator of first, last, kind */
static int l_tokens(lua_State *L)
{
    size_t len;
    lua_Integer init;
    luaL_checklstring(L, 1, &len);
    init = luaL_optinteger(L, 2, 1);
    if (init < 1 || (size_t)init > len + 1)
        luaL_argerror(L, 2, lua_pushfstring(L, "position %d out of range 1..%d", (int)init,
                                            (int)len + 1));
    lua_pushvalue(L, 1);
    lua_pushinteger(L, init - 1);
    lua_pushcclosure(L, tokens_iter, 2);
    return 1;
}

/* core.char_class(s, i) --> class name of the character at byte i, and its
 * byte length */
static int l_char_class(lua_State *L)
{
    static const char *const names[] = {"other", "space", "newline", "arabic", "letter",
                                        "mark", "digit", "punct", "symbol", "joiner",
                                        "format"};
    size_t len, l;
    const char *s = luaL_checklstring(L, 1, &len);
    lua_Integer i = luaL_optinteger(L, 2, 1);
    int32_t cp;
    int cls;
    if (i < 1 || (size_t)i > len)
        luaL_argerror(L, 2, lua_pushfstring(L, "position %d out of range 1..%d", (int)i, (int)len));
    l = ar_utf8_decode(s + i - 1, len - (size_t)(i - 1), &cp);
    cls = ar_char_class(cp);
    if (cls == AR_C_LETTER && ar_char_is_latin(cp)) lua_pushstring(L, "latin");
    else lua_pushstring(L, names[cls]);
    lua_pushinteger(L, (lua_Integer)l);
    return 2;
}

static int l_options(lua_State *L)
{
    size_t i;
    const ar_norm_option *opt;
    lua_newtable(L);
    for (i = 0; (opt = ar_norm_option_at(i)) != NULL; i++) {
        lua_pushstring(L, opt->desc);
        lua_setfield(L, -2, opt->name);
    }
    return 1;
}

/* core.flags() --> { entry = { exact_only = 1, ... }, match = { overlap =
 * 1, ... }, regex = { i = 1, ... } }: the core's flag bits by name, so Lua
 * never copies them (lrexlib's flags()). */
static void push_flags(lua_State *L, const ar_flag_name *f, const char *set)
{
    lua_newtable(L);
    for (; f->name; f++) {
        lua_pushinteger(L, (lua_Integer)f->bit);
        lua_setfield(L, -2, f->name);
    }
    lua_setfield(L, -2, set);
}

static int l_flags(lua_State *L)
{
    lua_newtable(L);
    push_flags(L, ar_gaz_entry_flag_names(), "entry");
    push_flags(L, ar_gaz_match_flag_names(), "match");
    push_flags(L, ar_regex_flag_names(), "regex");
    return 1;
}

static int l_presets(lua_State *L)
{
    size_t i;
    const char *name;
    lua_newtable(L);
    for (i = 0; (name = ar_norm_preset_name(i)) != NULL; i++) {
        ar_norm_options o;
        ar_norm_options_preset(&o, name);
        push_options(L, &o);
        lua_setfield(L, -2, name);
    }
    return 1;
}

/* ---------------------------------------------------------- gazetteer */

#define BUILDER_MT "arabic.GazetteerBuilder"
#define GAZ_MT "arabic.Gazetteer"

typedef struct {
    ar_gaz_builder *b;
} lbuilder;

typedef struct {
    ar_gazetteer *g;
    ar_gaz_result *r;
} lgaz;

static lbuilder *check_builder(lua_State *L, int i)
{
    lbuilder *b = (lbuilder *)luaL_checkudata(L, i, BUILDER_MT);
    if (!b->b) luaL_argerror(L, i, "gazetteer builder is closed");
    return b;
}

static lgaz *check_gaz(lua_State *L, int i)
{
    lgaz *g = (lgaz *)luaL_checkudata(L, i, GAZ_MT);
    if (!g->g) luaL_argerror(L, i, "gazetteer is closed");
    return g;
}

/* core.gaz_builder([normalization]) --> builder | nil, message */
static int l_gaz_builder(lua_State *L)
{
    ar_norm_options o;
    lbuilder *b;
    int err;
    if (!options_from_arg(L, 1, &o)) return nil_message(L);
    b = (lbuilder *)ar_newuserdata(L, sizeof *b);
    b->b = NULL;
    luaL_getmetatable(L, BUILDER_MT);
    lua_setmetatable(L, -2);
    b->b = ar_gaz_builder_new(&o, &err);
    if (!b->b) return luaL_error(L, "cannot create gazetteer: %s", ar_strerror(err));
    return 1;
}

static const char *opt_field(lua_State *L, int t, const char *k, size_t *len)
{
    const char *s;
    lua_getfield(L, t, k);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        *len = 0;
        return NULL;
    }
    if (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER)
        luaL_error(L, "entry field '%s' must be a string", k);
    s = lua_tolstring(L, -1, len);
    lua_pop(L, 1); /* the string stays alive: the table holds it */
    return s;
}

/* builder:add(name, {type=, id=, canonical=, flags=, priority=, attributes={}})
 * --> true | nil, message. flags: a string in the C grammar
 * (ar_gaz_parse_flags; its priority=N wins over the priority field) or the
 * AR_GAZ_* bits. The field types are checked in Lua (gazetteer.lua); what
 * the builder refuses is the entry's problem: nil and a message. */
static int l_builder_add(lua_State *L)
{
    lbuilder *b = check_builder(L, 1);
    ar_gaz_entry e;
    const char *kv[128];
    size_t lens[128];
    size_t na = 0;
    ar_error err;
    memset(&e, 0, sizeof e);
    e.name = luaL_checklstring(L, 2, &e.name_len);
    luaL_checktype(L, 3, LUA_TTABLE);
    e.type = opt_field(L, 3, "type", &e.type_len);
    e.id = opt_field(L, 3, "id", &e.id_len);
    e.canonical = opt_field(L, 3, "canonical", &e.canonical_len);
    lua_getfield(L, 3, "priority");
    e.priority = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    lua_getfield(L, 3, "flags");
    if (lua_type(L, -1) == LUA_TSTRING) {
        size_t len;
        const char *f = lua_tolstring(L, -1, &len);
        if (ar_gaz_parse_flags(f, len, &e.flags, &e.priority, &err)) return nil_error(L, &err);
    } else {
        e.flags = (unsigned)lua_tointeger(L, -1);
    }
    lua_pop(L, 1);
    lua_getfield(L, 3, "attributes");
    if (lua_istable(L, -1)) {
        int t = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, t)) {
            if (na >= 64) {
                lua_pushliteral(L, "too many attributes (at most 64)");
                return nil_message(L);
            }
            if (lua_type(L, -2) != LUA_TSTRING ||
                (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER)) {
                lua_pushliteral(L, "attributes must map strings to strings");
                return nil_message(L);
            }
            kv[2 * na] = lua_tolstring(L, -2, &lens[2 * na]);
            kv[2 * na + 1] = lua_tolstring(L, -1, &lens[2 * na + 1]);
            na++;
            lua_pop(L, 1);
        }
    }
    e.attrs = kv;
    e.attr_lens = lens;
    e.nattrs = na;
    if (ar_gaz_add(b->b, &e, &err)) return nil_error(L, &err);
    lua_pushboolean(L, 1);
    return 1;
}

/* core.gaz_parse_flags(s) --> flags, priority | nil, message: the one
 * grammar of entry flags, for checking them before an add. */
static int l_gaz_parse_flags(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    unsigned flags = 0;
    int priority = INT_MIN; /* stays when the text gives none */
    ar_error err;
    if (ar_gaz_parse_flags(s, len, &flags, &priority, &err)) return nil_error(L, &err);
    lua_pushinteger(L, (lua_Integer)flags);
    if (priority != INT_MIN) lua_pushinteger(L, priority);
    else lua_pushnil(L);
    return 2;
}

/* builder:load_tsv(path, strict) --> added, skipped, lines [, first skipped
 * line's message] | nil, message, line */
static int l_builder_load_tsv(lua_State *L)
{
    lbuilder *b = check_builder(L, 1);
    const char *path = luaL_checkstring(L, 2);
    int strict = lua_toboolean(L, 3);
    ar_gaz_load_info info;
    ar_error err;
    if (ar_gaz_load_tsv(b->b, path, strict, &info, &err)) {
        if (err.code == AR_ENOMEM) return luaL_error(L, "not enough memory");
        lua_pushnil(L);
        if (err.line) lua_pushfstring(L, "%s:%d: %s", path, (int)err.line, err.message);
        else lua_pushfstring(L, "%s: %s", path, err.message);
        lua_pushinteger(L, (lua_Integer)err.line);
        return 3;
    }
    lua_pushinteger(L, (lua_Integer)info.added);
    lua_pushinteger(L, (lua_Integer)info.skipped);
    lua_pushinteger(L, (lua_Integer)info.lines);
    if (info.skipped) {
        lua_pushfstring(L, "%s:%d: %s", path, (int)info.first_skipped.line, info.first_skipped.message);
        return 4;
    }
    return 3;
}

static int l_builder_count(lua_State *L)
{
    lbuilder *b = check_builder(L, 1);
    lua_pushinteger(L, (lua_Integer)ar_gaz_builder_count(b->b));
    return 1;
}

/* A gazetteer's userdata; its user value is a table of what the binding
 * keeps for it in Lua: [1] the entry cache, [2] the metatable of its lazy
 * match tables (g:matches), [3] that of match tables that lack only their
 * attributes (g:find, entities) (all made on first use). */
static lgaz *new_lgaz(lua_State *L)
{
    lgaz *g = (lgaz *)ar_newuserdata_uv(L, sizeof *g);
    g->g = NULL;
    g->r = NULL;
    luaL_getmetatable(L, GAZ_MT);
    lua_setmetatable(L, -2);
    lua_createtable(L, 3, 0);
    ar_setuv(L, -2);
    g->r = ar_gaz_result_new();
    if (!g->r) luaL_error(L, "not enough memory");
    return g;
}

/* builder:compile(fuzzy_index) --> gazetteer | nil, message */
static int l_builder_compile(lua_State *L)
{
    lbuilder *b = check_builder(L, 1);
    int fuzzy = lua_isnone(L, 2) ? 1 : lua_toboolean(L, 2);
    lgaz *g = new_lgaz(L);
    int err;
    g->g = ar_gaz_compile(b->b, fuzzy, &err);
    if (err == AR_ENOMEM) return luaL_error(L, "not enough memory");
    if (!g->g) {
        lua_pushfstring(L, "cannot compile gazetteer: %s", ar_strerror(err));
        return nil_message(L);
    }
    return 1;
}

static int l_builder_gc(lua_State *L)
{
    lbuilder *b = (lbuilder *)luaL_checkudata(L, 1, BUILDER_MT);
    ar_gaz_builder_free(b->b);
    b->b = NULL;
    return 0;
}

/* core.gaz_open(path [, verify]) --> gazetteer | nil, message */
static int l_gaz_open(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    int verify = lua_isnoneornil(L, 2) ? -1 : (lua_toboolean(L, 2) ? 1 : 0);
    ar_error err;
    lgaz *g = new_lgaz(L);
    g->g = ar_gaz_open(path, verify, &err);
    if (!g->g) {
        if (err.code == AR_ENOMEM) return luaL_error(L, "not enough memory");
        lua_pushfstring(L, "%s: %s", path, err.message);
        return nil_message(L);
    }
    return 1;
}

/* core.gaz_from_string(bytes) --> gazetteer | nil, message */
static int l_gaz_from_string(lua_State *L)
{
    size_t len;
    const char *data = luaL_checklstring(L, 1, &len);
    ar_error err;
    lgaz *g = new_lgaz(L);
    g->g = ar_gaz_from_memory(data, len, 1, &err);
    if (!g->g) return nil_error(L, &err);
    return 1;
}

/* Match tables take an entry's strings (type, id, name, canonical and the
 * attributes) from Lua strings made once per entry rather than making them
 * for every match: a direct-mapped cache of ENTRY_CACHE slots per gazetteer
 * (bounded, so a million-entry gazetteer does not grow a million tables),
 * each slot { entry, type, id, name, canonical, key1, value1, ... }, kept
 * in the gazetteer userdata's user value. */
#define ENTRY_CACHE 4096

/* Push field i of the user value of the gazetteer userdata at gi, made by
 * make() when missing. */
static void push_gaz_slot(lua_State *L, int gi, int i, void (*make)(lua_State *L, int gi))
{
    gi = ar_absindex(L, gi);
    ar_getuv(L, gi);
    lua_rawgeti(L, -1, i);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        make(L, gi);
        lua_pushvalue(L, -1);
        lua_rawseti(L, -3, i);
    }
    lua_remove(L, -2);
}

/* What the entry cache holds, read in C: a userdata at key 0 of the
 * cache table, one number a slot, ENTRY_OF(e) | ENTRY_ATTRS (the entry
 * has attributes) for the entry in the slot, 0 for none. A match finds
 * its slot current with one read instead of four calls of the Lua API
 * (the slot, its type, its first field and that field's value). */
#define ENTRY_ATTRS 0x80000000u
#define ENTRY_OF(e) ((uint32_t)(e) + 1)
#define ENTRY_MAX 0x7FFFFFFEu /* higher entries are never recorded: their slots are made again */

static void make_entry_cache(lua_State *L, int gi)
{
    uint32_t *meta;
    (void)gi;
    lua_createtable(L, ENTRY_CACHE, 1);
    meta = (uint32_t *)ar_newuserdata(L, ENTRY_CACHE * sizeof *meta);
    memset(meta, 0, ENTRY_CACHE * sizeof *meta);
    lua_rawseti(L, -2, 0);
}

/* The C record of the entry cache at absolute index cache. */
static uint32_t *entry_cache_meta(lua_State *L, int cache)
{
    uint32_t *meta;
    lua_rawgeti(L, cache, 0);
    meta = (uint32_t *)lua_touserdata(L, -1);
    lua_pop(L, 1);
    return meta;
}

/* Push the entry cache of the gazetteer userdata at index gi. */
static void push_entry_cache(lua_State *L, int gi) { push_gaz_slot(L, gi, 1, make_entry_cache); }

static void make_attributes_mt(lua_State *L, int gi);

/* Push the entry cache and the attributes metatable of the gazetteer
 * userdata at gi (what every call that makes match tables needs), reading
 * its user value once when both are made. */
static void push_match_slots(lua_State *L, int gi)
{
    gi = ar_absindex(L, gi);
    ar_getuv(L, gi);
    lua_rawgeti(L, -1, 1);
    lua_rawgeti(L, -2, 3);
    if (lua_isnil(L, -1) || lua_isnil(L, -2)) {
        lua_pop(L, 3);
        push_entry_cache(L, gi);
        push_gaz_slot(L, gi, 3, make_attributes_mt);
        return;
    }
    lua_remove(L, -3);
}

/* Push the cache slot of entry e (cache at absolute index cache, meta its
 * C record or NULL when the caller has not read it), made when the slot
 * holds another entry. Returns 1 when the entry has attributes. */
static int push_entry_proto(lua_State *L, int cache, const uint32_t *meta, const ar_gazetteer *g, uint32_t e)
{
    int slot = (int)(e % ENTRY_CACHE) + 1, n = 5;
    ar_gaz_info info;
    const char *k, *v;
    size_t kl, vl, i;
    uint32_t *rec;
    lua_rawgeti(L, cache, slot);
    if (meta) {
        if (e <= ENTRY_MAX && (meta[slot - 1] & ~ENTRY_ATTRS) == ENTRY_OF(e)) return (meta[slot - 1] & ENTRY_ATTRS) != 0;
    } else if (lua_istable(L, -1)) {
        lua_rawgeti(L, -1, 1);
        if (lua_tointeger(L, -1) == (lua_Integer)e) {
            lua_pop(L, 1);
            return ar_rawlen(L, -1) > 5;
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    ar_gaz_entry_info(g, e, &info);
    lua_createtable(L, 9, 0);
    lua_pushinteger(L, (lua_Integer)e);
    lua_rawseti(L, -2, 1);
    lua_pushlstring(L, info.type, info.type_len);
    lua_rawseti(L, -2, 2);
    lua_pushlstring(L, info.id, info.id_len);
    lua_rawseti(L, -2, 3);
    lua_pushlstring(L, info.name, info.name_len);
    lua_rawseti(L, -2, 4);
    lua_pushlstring(L, info.canonical, info.canonical_len);
    lua_rawseti(L, -2, 5);
    for (i = 0; ar_gaz_entry_attr(g, e, i, &k, &kl, &v, &vl) == AR_OK; i++) {
        lua_pushlstring(L, k, kl);
        lua_rawseti(L, -2, ++n);
        lua_pushlstring(L, v, vl);
        lua_rawseti(L, -2, ++n);
    }
    lua_pushvalue(L, -1);
    lua_rawseti(L, cache, slot);
    /* every slot made is recorded here, whoever made it: a record that
     * named the slot's old entry would give a match another entry's fields */
    if ((rec = entry_cache_meta(L, cache)) != NULL)
        rec[slot - 1] = e <= ENTRY_MAX ? ENTRY_OF(e) | (n > 5 ? ENTRY_ATTRS : 0) : 0;
    return n > 5;
}

/* The keys of match tables (and the two values of source), as Lua strings
 * kept in the registry and pushed onto the stack once per call: a field
 * is then set with lua_rawset on an interned key instead of lua_setfield
 * looking the key's C string up for every field of every match. */
enum {
    K_FIRST, K_LAST, K_TOKEN_FIRST, K_CLITIC, K_FUZZY, K_DISTANCE, K_EXTENDED, K_ENTRY, K_TEXT,
    K_SOURCE, K_TYPE, K_ID, K_NAME, K_CANONICAL, K_ATTRIBUTES, K_RULE, K_COREF,
    V_GAZETTEER, V_CONTEXT, NKEYS
};
static const char *const match_keys[NKEYS] = {
    "first", "last", "token_first", "clitic", "fuzzy", "distance", "extended", "entry", "text",
    "source", "type", "id", "name", "canonical", "attributes", "rule", "coref",
    "gazetteer", "context"};
static const char match_keys_key = 0; /* its address is the registry key */

/* Push the table of the NKEYS strings (made once per state); returns its
 * stack index. */
static int push_match_keys(lua_State *L)
{
    int i;
    luaL_checkstack(L, 8, "match keys");
    lua_pushlightuserdata(L, (void *)&match_keys_key);
    lua_rawget(L, LUA_REGISTRYINDEX);
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        lua_createtable(L, NKEYS, 0);
        for (i = 0; i < NKEYS; i++) {
            lua_pushstring(L, match_keys[i]);
            lua_rawseti(L, -2, i + 1);
        }
        lua_pushlightuserdata(L, (void *)&match_keys_key);
        lua_pushvalue(L, -2);
        lua_rawset(L, LUA_REGISTRYINDEX);
    }
    return lua_gettop(L);
}

/* Push the NKEYS match keys themselves, one a stack slot (as upvalues of
 * the closures that make match tables). */
static void push_match_keys_list(lua_State *L)
{
    int i, keys = push_match_keys(L);
    luaL_checkstack(L, NKEYS, "match keys");
    for (i = 0; i < NKEYS; i++) lua_rawgeti(L, keys, i + 1);
    lua_remove(L, keys);
}

/* What building match tables needs: the keys table, the entry cache and
 * the metatable of match tables that lack only their attributes (0 when
 * there is no gazetteer, or for tables that get every field at once) and
 * the text. */
typedef struct {
    lua_State *L;
    int keys, cache, lazy;
    int keyup; /* > 0: the keys are the upvalues keyup, keyup + 1, ... (keys unused) */
    const uint32_t *meta; /* the entry cache's C record (entry_cache_meta), or NULL */
    const ar_gazetteer *g;
    const char *s;
} mctx;

/* Push match key k: from the closure's upvalues where it has them (a copy
 * of a slot, cheaper than the table read), else from the keys table. */
#define KEY(c, k)                                                                                     \
    ((c)->keyup ? lua_pushvalue((c)->L, lua_upvalueindex((c)->keyup + (k)))                           \
                : (void)lua_rawgeti((c)->L, (c)->keys, (k) + 1))

static void set_int(const mctx *c, int t, int k, lua_Integer v)
{
    KEY(c, k);
    lua_pushinteger(c->L, v);
    lua_rawset(c->L, t);
}

static void set_bool(const mctx *c, int t, int k, int v)
{
    KEY(c, k);
    lua_pushboolean(c->L, v);
    lua_rawset(c->L, t);
}

static void set_text(const mctx *c, int t, int k, const char *p, size_t len)
{
    KEY(c, k);
    lua_pushlstring(c->L, p, len);
    lua_rawset(c->L, t);
}

/* Push a new table of the attributes in the entry's cache slot at p. */
static void push_attributes(lua_State *L, int p)
{
    int i, n = (int)ar_rawlen(L, p);
    lua_createtable(L, 0, n > 5 ? (n - 5) / 2 : 0);
    for (i = 6; i + 1 <= n; i += 2) {
        lua_rawgeti(L, p, i);
        lua_rawgeti(L, p, i + 1);
        lua_rawset(L, -3);
    }
}

/* Set type, id, name and canonical of entry e in the table at t, and its
 * attributes (a new table for every match: the caller may change it).
 * Under Lua 5.2 and later the attributes are made when the field is first
 * read or pairs() runs over the match, by the lazy-match metatable
 * (below): making that table was two fifths of the cost of a match table
 * (of g:find's time), and most callers never read it. Lua 5.1 and LuaJIT
 * do not honour __pairs, so there they are made at once: pairs() lists
 * every field under every Lua. */
#if LUA_VERSION_NUM >= 502
#define LAZY_ATTRIBUTES 1
#else
#define LAZY_ATTRIBUTES 0
#endif
/* Set type, id, name and canonical (and the attributes or the metatable
 * that makes them) in the table at t from the entry's cache slot at p
 * (attrs: the entry has attributes, as push_entry_proto said). */
static void set_entry_fields(const mctx *c, int t, int p, int attrs)
{
    lua_State *L = c->L;
    int i;
    for (i = 0; i < 4; i++) {
        KEY(c, K_TYPE + i);
        lua_rawgeti(L, p, i + 2);
        lua_rawset(L, t);
    }
    if (attrs) {
        if (LAZY_ATTRIBUTES && c->lazy) {
            lua_pushvalue(L, c->lazy);
            lua_setmetatable(L, t);
        } else {
            KEY(c, K_ATTRIBUTES);
            push_attributes(L, p);
            lua_rawset(L, t);
        }
    }
}

static void push_entry_fields(const mctx *c, int t, uint32_t e)
{
    int attrs = push_entry_proto(c->L, c->cache, c->meta, c->g, e);
    set_entry_fields(c, t, lua_gettop(c->L), attrs);
    lua_pop(c->L, 1);
}

/* Push the string of len bytes at s: the entry's name from its cache slot
 * at p when the text is spelled as the name (most matches are), which is
 * the same Lua string without hashing and interning the bytes again. */
static void push_match_text(lua_State *L, int p, const char *s, size_t len)
{
    size_t nl;
    const char *name;
    lua_rawgeti(L, p, 4);
    name = lua_tolstring(L, -1, &nl);
    if (name && nl == len && memcmp(name, s, len) == 0) return;
    lua_pop(L, 1);
    lua_pushlstring(L, s, len);
}

/* A gazetteer match as a table (source = "gazetteer" when with_source).
 * The fields are set in the same order as ever: the order of a table's
 * fields under next() follows it, and JSON encoders that walk tables with
 * next write them in that order. */
static void push_gaz_match(const mctx *c, const ar_gaz_match *m, int with_source)
{
    lua_State *L = c->L;
    int t, p, attrs;
    attrs = push_entry_proto(L, c->cache, c->meta, c->g, m->entry);
    p = lua_gettop(L);
    lua_createtable(L, 0, 14 + (with_source != 0));
    t = lua_gettop(L);
    set_int(c, t, K_FIRST, (lua_Integer)m->start + 1);
    set_int(c, t, K_LAST, (lua_Integer)m->end);
    set_int(c, t, K_TOKEN_FIRST, (lua_Integer)m->token_start + 1);
    if (m->token_start < m->start) set_text(c, t, K_CLITIC, c->s + m->token_start, m->start - m->token_start);
    set_bool(c, t, K_FUZZY, m->fuzzy != 0);
    set_int(c, t, K_DISTANCE, (lua_Integer)m->fuzzy);
    if (m->flags & AR_MATCH_EXTENDED) set_bool(c, t, K_EXTENDED, 1);
    set_int(c, t, K_ENTRY, (lua_Integer)m->entry + 1);
    KEY(c, K_TEXT);
    push_match_text(L, p, c->s + m->start, m->end - m->start);
    lua_rawset(L, t);
    if (with_source) {
        KEY(c, K_SOURCE);
        KEY(c, V_GAZETTEER);
        lua_rawset(L, t);
    }
    set_entry_fields(c, t, p, attrs);
    lua_replace(L, p); /* the match where its cache slot was */
}

/* Read a list of strings from a table argument into a NULL-free array kept
 * alive by the table. Returns the count; *out points into a userdata. */
static size_t string_list(lua_State *L, int idx, const char ***out)
{
    size_t n, i;
    const char **a;
    if (lua_isnoneornil(L, idx)) {
        *out = NULL;
        return 0;
    }
    luaL_checktype(L, idx, LUA_TTABLE);
    n = ar_rawlen(L, idx);
    a = (const char **)ar_newuserdata(L, (n ? n : 1) * sizeof *a);
    for (i = 0; i < n; i++) {
        lua_rawgeti(L, idx, (int)i + 1);
        if (lua_type(L, -1) != LUA_TSTRING) luaL_argerror(L, idx, "list of strings expected");
        a[i] = lua_tostring(L, -1);
        lua_pop(L, 1);
    }
    *out = a;
    return n;
}

/* g:match(s, flags, types, ids) --> list of match tables. Upvalues: 1 the
 * gazetteer metatable, GM_KEYS.. the match keys (both found once, not on
 * every call). */
#define GM_KEYS 2
static int l_gaz_match(lua_State *L)
{
    lgaz *g = (lgaz *)udata_up(L, 1, 1);
    size_t len, i, n;
    const char *s;
    ar_gaz_match_opts o;
    const char **types, **ids;
    int err;
    mctx c;
    memset(&c, 0, sizeof c);
    if (!g) g = check_gaz(L, 1); /* raises with the usual message */
    if (!g->g) luaL_argerror(L, 1, "gazetteer is closed");
    s = luaL_checklstring(L, 2, &len);
    memset(&o, 0, sizeof o);
    lua_settop(L, 5); /* string_list pushes: keep the arguments where they are */
    o.flags = (unsigned)luaL_optinteger(L, 3, 0);
    o.ntypes = string_list(L, 4, &types);
    o.types = types;
    o.nids = string_list(L, 5, &ids);
    o.ids = ids;
    err = ar_gaz_match_text(g->g, s, len, &o, g->r);
    if (err == AR_ENOMEM) return luaL_error(L, "not enough memory");
    if (err) return luaL_error(L, "matching failed: %s", ar_strerror(err));
    n = ar_gaz_result_count(g->r);
    if (n == 0) {
        lua_createtable(L, 0, 0);
        return 1;
    }
    c.L = L;
    c.g = g->g;
    c.s = s;
    c.keyup = GM_KEYS;
    luaL_checkstack(L, 14, "match"); /* the slots, the list, a match table (see push_entities) */
    push_match_slots(L, 1);
    c.cache = lua_gettop(L) - 1;
    c.lazy = lua_gettop(L);
    c.meta = entry_cache_meta(L, c.cache);
    lua_createtable(L, (int)n, 0);
    for (i = 0; i < n; i++) {
        push_gaz_match(&c, ar_gaz_result_get(g->r, i), 0);
        lua_rawseti(L, -2, (int)i + 1);
    }
    return 1;
}

/* ------------------------------------------------- lazy match iteration
 * g:matches(s): the matches one at a time, as small tables that hold
 * first, last, token_first, entry, text and clitic (and fuzzy, distance,
 * extended when set); the entry's fields (type, id, name, canonical,
 * attributes) and fuzzy = false, distance = 0 are filled in on the first
 * read of a field the table lacks (and by pairs() where __pairs is
 * honoured). A text longer than one chunk is matched a chunk at a time by
 * the C cursor; a shorter one at once (the same matches either way). */

#define CURSOR_MT "arabic.GazetteerCursor"

typedef struct {
    ar_gaz_cursor *c;
    ar_gaz_match_opts o;
    size_t n; /* matches returned */
} lcursor;

static int l_cursor_gc(lua_State *L)
{
    lcursor *c = (lcursor *)luaL_checkudata(L, 1, CURSOR_MT);
    ar_gaz_cursor_free(c->c);
    c->c = NULL;
    return 0;
}

/* Is field k of the table at t nil? (its key is left pushed when it is;
 * keys at upvalue 3) */
static int lacks(lua_State *L, int t, int k)
{
    lua_rawgeti(L, lua_upvalueindex(3), k + 1);
    lua_pushvalue(L, -1);
    lua_rawget(L, t);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return 1;
    }
    lua_pop(L, 2);
    return 0;
}

/* Fill in the fields the match table at t lacks, as an eager match table
 * has them, the attributes only when with_attributes. Returns 1 when the
 * entry has attributes the table still lacks. Upvalues: 1 the gazetteer's
 * userdata, 2 its entry cache, 3 the keys table. */
static int fill_lazy(lua_State *L, int t, int with_attributes)
{
    lgaz *g = (lgaz *)lua_touserdata(L, lua_upvalueindex(1));
    lua_Integer e;
    ar_gaz_info info;
    int top = lua_gettop(L), k, p;
    if (!g || !g->g) luaL_error(L, "gazetteer is closed");
    luaL_checkstack(L, 8, "lazy match");
    if (lacks(L, t, K_FUZZY)) {
        lua_pushboolean(L, 0);
        lua_rawset(L, t);
    }
    if (lacks(L, t, K_DISTANCE)) {
        lua_pushinteger(L, 0);
        lua_rawset(L, t);
    }
    lua_pushliteral(L, "entry");
    lua_rawget(L, t);
    e = lua_tointeger(L, -1) - 1;
    lua_settop(L, top);
    /* an entry number that names no entry (changed by hand): nothing more */
    if (e < 0 || e > UINT32_MAX || ar_gaz_entry_info(g->g, (uint32_t)e, &info) != AR_OK) return 0;
    push_entry_proto(L, lua_upvalueindex(2), NULL, g->g, (uint32_t)e);
    p = lua_gettop(L);
    for (k = K_TYPE; k <= K_CANONICAL; k++) {
        if (!lacks(L, t, k)) continue;
        lua_rawgeti(L, p, k - K_TYPE + 2);
        lua_rawset(L, t);
    }
    k = 0;
    if (ar_rawlen(L, p) > 5 && lacks(L, t, K_ATTRIBUTES)) {
        if (with_attributes) {
            push_attributes(L, p);
            lua_rawset(L, t);
        } else k = 1;
    }
    lua_settop(L, top);
    return k;
}

/* Is the value at i the name of a field fill_lazy fills? (compared with
 * the interned keys at upvalue 3: no string compares, since a read of a
 * field a match has not, as clitic, comes here every time) */
static int lazy_key(lua_State *L, int i)
{
    static const unsigned char lazy[] = {K_ATTRIBUTES, K_TYPE, K_ID, K_NAME, K_CANONICAL, K_FUZZY, K_DISTANCE};
    size_t j;
    int hit = 0;
    if (lua_type(L, i) != LUA_TSTRING) return 0;
    for (j = 0; j < sizeof lazy && !hit; j++) {
        lua_rawgeti(L, lua_upvalueindex(3), lazy[j] + 1);
        hit = lua_rawequal(L, i, -1);
        lua_pop(L, 1);
    }
    return hit;
}

/* Fill in the lazy fields of the table at t and take its metatable away:
 * every field is there now, and a read of one the match has not (clitic,
 * coref) needs no metamethod any more. Upvalues as fill_lazy's. */
static void fill_lazy_once(lua_State *L, int t)
{
    fill_lazy(L, t, 1);
    lua_pushnil(L);
    lua_setmetatable(L, t);
}

/* The gazetteer of a lazy table's metamethods is open. */
static int lazy_open(lua_State *L)
{
    lgaz *g = (lgaz *)lua_touserdata(L, lua_upvalueindex(1));
    return g && g->g;
}

/* __index(t, k): when k is a field fill_lazy fills, fill them in, then
 * t[k]; any other field the match has not is nil (a writer that reads
 * clitic of every match must not make every attributes table). */
static int l_lazy_index(lua_State *L)
{
    if (!lazy_key(L, 2)) return 0;
    if (!lazy_open(L)) return luaL_error(L, "gazetteer is closed");
    /* Where pairs() can make them later (Lua 5.2+), the attributes wait
     * for their own read, as in g:find's tables: reading m.type of every
     * match then makes no attributes table. Upvalues 4: the metatable of
     * those tables, 5: the key "attributes". */
    if (LAZY_ATTRIBUTES && !lua_rawequal(L, 2, lua_upvalueindex(5))) {
        if (fill_lazy(L, 1, 0)) lua_pushvalue(L, lua_upvalueindex(4));
        else lua_pushnil(L);
        lua_setmetatable(L, 1);
    } else fill_lazy_once(L, 1);
    lua_settop(L, 2);
    lua_rawget(L, 1);
    return 1;
}

/* __pairs(t): fill in the lazy fields, then next, t, nil */
static int l_lazy_pairs(lua_State *L)
{
    if (lazy_open(L)) fill_lazy_once(L, 1);
    lua_getglobal(L, "next");
    lua_pushvalue(L, 1);
    lua_pushnil(L);
    return 3;
}

/* Push the match keys table (made once per state). */
static void push_keys_table(lua_State *L) { (void)push_match_keys(L); }

/* Push what every lazy-table metamethod has as its upvalues 1-3: the
 * gazetteer's userdata (at gi), its entry cache and the keys table. */
static void push_lazy_upvalues(lua_State *L, int gi)
{
    lua_pushvalue(L, gi);
    push_entry_cache(L, gi);
    push_keys_table(L);
}

/* Set the __index closure on top as the __index of the metatable below
 * it, and __pairs. */
static void set_lazy_methods(lua_State *L, int gi)
{
    lua_setfield(L, -2, "__index");
    push_lazy_upvalues(L, gi);
    lua_pushcclosure(L, l_lazy_pairs, 3);
    lua_setfield(L, -2, "__pairs");
}

/* The metatable of g:matches' tables: slot 2 of the gazetteer's user
 * value. */
static void make_lazy_mt(lua_State *L, int gi)
{
    lua_createtable(L, 0, 2);
    push_lazy_upvalues(L, gi);
    push_gaz_slot(L, gi, 3, make_attributes_mt);
    lua_rawgeti(L, -2, K_ATTRIBUTES + 1);
    lua_pushcclosure(L, l_lazy_index, 5);
    set_lazy_methods(L, gi);
}

/* __index(t, k) of the match tables of g:find and arabic.entities, where
 * only the attributes are made on demand: any other field the match has
 * not (clitic, translit …, read for every match by writers) is nil at the
 * cost of one comparison. Upvalue 4: the key "attributes". */
static int l_attributes_index(lua_State *L)
{
    if (!lua_rawequal(L, 2, lua_upvalueindex(4))) return 0;
    if (!lazy_open(L)) return luaL_error(L, "gazetteer is closed");
    fill_lazy_once(L, 1);
    lua_settop(L, 2);
    lua_rawget(L, 1);
    return 1;
}

/* The metatable of match tables that lack only their attributes: slot 3
 * of the gazetteer's user value. */
static void make_attributes_mt(lua_State *L, int gi)
{
    lua_createtable(L, 0, 2);
    push_lazy_upvalues(L, gi);
    lua_rawgeti(L, -1, K_ATTRIBUTES + 1);
    lua_pushcclosure(L, l_attributes_index, 4);
    set_lazy_methods(L, gi);
}

/* A lazy match table for m of text s; mt and keys: stack indices. */
static void push_lazy_match(lua_State *L, int mt, int keys, const char *s, const ar_gaz_match *m)
{
    int t;
    lua_createtable(L, 0, 8);
    t = lua_gettop(L);
#define SETK(k) lua_rawgeti(L, keys, (k) + 1)
    SETK(K_FIRST), lua_pushinteger(L, (lua_Integer)m->start + 1), lua_rawset(L, t);
    SETK(K_LAST), lua_pushinteger(L, (lua_Integer)m->end), lua_rawset(L, t);
    SETK(K_TOKEN_FIRST), lua_pushinteger(L, (lua_Integer)m->token_start + 1), lua_rawset(L, t);
    SETK(K_ENTRY), lua_pushinteger(L, (lua_Integer)m->entry + 1), lua_rawset(L, t);
    SETK(K_TEXT), lua_pushlstring(L, s + m->start, m->end - m->start), lua_rawset(L, t);
    if (m->token_start < m->start)
        SETK(K_CLITIC), lua_pushlstring(L, s + m->token_start, m->start - m->token_start), lua_rawset(L, t);
    if (m->fuzzy) {
        SETK(K_FUZZY), lua_pushboolean(L, 1), lua_rawset(L, t);
        SETK(K_DISTANCE), lua_pushinteger(L, m->fuzzy), lua_rawset(L, t);
    }
    if (m->flags & AR_MATCH_EXTENDED) SETK(K_EXTENDED), lua_pushboolean(L, 1), lua_rawset(L, t);
#undef SETK
    lua_pushvalue(L, mt);
    lua_setmetatable(L, t);
}

/* The matches of a short text, copied out of the gazetteer's result. */
typedef struct {
    size_t n, i;
    ar_gaz_match m[1];
} mlist;

/* Iterator over an mlist: upvalue 1 the list, 2 the metatable, 3 the
 * keys, 4 the text, 5 the gazetteer (kept alive). */
static int list_next(lua_State *L)
{
    mlist *l = (mlist *)lua_touserdata(L, lua_upvalueindex(1));
    if (l->i >= l->n) return 0;
    push_lazy_match(L, lua_upvalueindex(2), lua_upvalueindex(3), lua_tostring(L, lua_upvalueindex(4)),
                    &l->m[l->i++]);
    return 1;
}

/* Iterator over a cursor: upvalue 1 the cursor, 2 the metatable, 3 the
 * keys, 4 the text, 5.. what must outlive the cursor (the gazetteer, type
 * and id lists). */
static int cursor_next(lua_State *L)
{
    lcursor *c = (lcursor *)lua_touserdata(L, lua_upvalueindex(1));
    ar_gaz_match m;
    int rc;
    if (!c->c) return 0;
    rc = ar_gaz_cursor_next(c->c, &m);
    if (rc == 0) {
        /* done: let the chunk's memory go now */
        ar_gaz_cursor_free(c->c);
        c->c = NULL;
        return 0;
    }
    if (rc == AR_ENOMEM) return luaL_error(L, "not enough memory");
    if (rc < 0) return luaL_error(L, "matching failed: %s", ar_strerror(rc));
    /* A long text is most of the live heap, and the collector waits for
     * the heap to double before it starts: a step every few hundred
     * matches keeps the garbage of a million-match loop small (there is
     * little else to mark). */
    if ((++c->n & 255) == 0) lua_gc(L, LUA_GCSTEP, 0);
    push_lazy_match(L, lua_upvalueindex(2), lua_upvalueindex(3), lua_tostring(L, lua_upvalueindex(4)), &m);
    return 1;
}

/* A text this long or shorter is matched at once. */
#define CURSOR_MIN (64u << 10)

/* compiled:cursor(s, flags, types, ids [, chunk]) --> an iterator of the
 * matches of s (see above); chunk: the cursor's chunk size (tests: any
 * chunk makes a cursor) */
static int l_gaz_cursor(lua_State *L)
{
    lgaz *g = check_gaz(L, 1);
    size_t len;
    const char *s = luaL_checklstring(L, 2, &len);
    const char **types, **ids;
    lua_Integer chunk = luaL_optinteger(L, 6, 0);
    lcursor *c;
    int err;
    lua_settop(L, 5);
    push_gaz_slot(L, 1, 2, make_lazy_mt); /* 6 */
    push_keys_table(L);                   /* 7 */
    if (len <= CURSOR_MIN && chunk <= 0) {
        ar_gaz_match_opts o;
        mlist *l;
        size_t n;
        memset(&o, 0, sizeof o);
        o.flags = (unsigned)luaL_optinteger(L, 3, 0);
        o.ntypes = string_list(L, 4, &types);
        o.types = types;
        o.nids = string_list(L, 5, &ids);
        o.ids = ids;
        err = ar_gaz_match_text(g->g, s, len, &o, g->r);
        if (err == AR_ENOMEM) return luaL_error(L, "not enough memory");
        if (err) return luaL_error(L, "matching failed: %s", ar_strerror(err));
        n = ar_gaz_result_count(g->r);
        lua_settop(L, 7);
        l = (mlist *)ar_newuserdata(L, sizeof *l + (n ? n - 1 : 0) * sizeof l->m[0]); /* 8 */
        l->n = n;
        l->i = 0;
        if (n) memcpy(l->m, ar_gaz_result_get(g->r, 0), n * sizeof l->m[0]);
        lua_pushvalue(L, 8);
        lua_pushvalue(L, 6);
        lua_pushvalue(L, 7);
        lua_pushvalue(L, 2);
        lua_pushvalue(L, 1);
        lua_pushcclosure(L, list_next, 5);
        return 1;
    }
    c = (lcursor *)ar_newuserdata(L, sizeof *c); /* 8 */
    memset(c, 0, sizeof *c);
    luaL_getmetatable(L, CURSOR_MT);
    lua_setmetatable(L, -2);
    c->o.flags = (unsigned)luaL_optinteger(L, 3, 0);
    c->o.ntypes = string_list(L, 4, &types); /* 9: the array (when a list) */
    if (!types) lua_pushnil(L);
    c->o.types = types;
    c->o.nids = string_list(L, 5, &ids); /* 10 */
    if (!ids) lua_pushnil(L);
    c->o.ids = ids;
    c->c = ar_gaz_cursor_new(g->g, s, len, &c->o, &err);
    if (!c->c) return luaL_error(L, err == AR_ENOMEM ? "not enough memory" : "cannot match: %s", ar_strerror(err));
    if (chunk > 0) ar_gaz_cursor_chunk(c->c, (size_t)chunk);
    lua_pushvalue(L, 8);  /* cursor */
    lua_pushvalue(L, 6);  /* metatable */
    lua_pushvalue(L, 7);  /* keys */
    lua_pushvalue(L, 2);  /* text */
    lua_pushvalue(L, 1);  /* gazetteer */
    lua_pushvalue(L, 4);  /* type list */
    lua_pushvalue(L, 5);  /* id list */
    lua_pushvalue(L, 9);  /* their arrays */
    lua_pushvalue(L, 10);
    lua_pushcclosure(L, cursor_next, 9);
    return 1;
}

static int l_gaz_save(lua_State *L)
{
    lgaz *g = check_gaz(L, 1);
    const char *path = luaL_checkstring(L, 2);
    ar_error err;
    if (ar_gaz_save(g->g, path, &err)) {
        if (err.code == AR_ENOMEM) return luaL_error(L, "not enough memory");
        lua_pushfstring(L, "cannot write %s: %s", path, err.message);
        return nil_message(L);
    }
    lua_pushboolean(L, 1);
    return 1;
}

static int l_gaz_stats(lua_State *L)
{
    lgaz *g = check_gaz(L, 1);
    ar_gaz_stats st;
    ar_gaz_stats_get(g->g, &st);
    lua_createtable(L, 0, 9);
#define F(k) (lua_pushinteger(L, (lua_Integer)st.k), lua_setfield(L, -2, #k))
    F(entries);
    F(tokens);
    F(nodes);
    F(edges);
    F(fuzzy_keys);
    F(types);
    F(bytes);
#undef F
    lua_pushboolean(L, st.mapped);
    lua_setfield(L, -2, "mapped");
    lua_pushboolean(L, st.fuzzy);
    lua_setfield(L, -2, "fuzzy");
    return 1;
}

/* g:types() --> list of the distinct entry types */
static int l_gaz_types(lua_State *L)
{
    lgaz *g = check_gaz(L, 1);
    const char *t;
    size_t i, len;
    lua_newtable(L);
    for (i = 0; ar_gaz_type_at(g->g, i, &t, &len) == AR_OK; i++) {
        lua_pushlstring(L, t, len);
        lua_rawseti(L, -2, (int)i + 1);
    }
    return 1;
}

/* g:entry(i) --> table of the i-th entry (1-based) or nil */
static int l_gaz_entry(lua_State *L)
{
    lgaz *g = check_gaz(L, 1);
    lua_Integer i = luaL_checkinteger(L, 2);
    ar_gaz_stats st;
    ar_gaz_info info;
    mctx c;
    memset(&c, 0, sizeof c);
    ar_gaz_stats_get(g->g, &st);
    if (i < 1 || (size_t)i > st.entries) return 0;
    c.L = L;
    c.g = g->g;
    c.s = NULL;
    c.keys = push_match_keys(L);
    push_entry_cache(L, 1);
    c.cache = lua_gettop(L);
    c.lazy = 0; /* an entry's table has its attributes */
    lua_newtable(L);
    push_entry_fields(&c, lua_gettop(L), (uint32_t)(i - 1));
    ar_gaz_entry_info(g->g, (uint32_t)(i - 1), &info);
    lua_pushinteger(L, info.priority);
    lua_setfield(L, -2, "priority");
    lua_pushboolean(L, (info.flags & AR_GAZ_EXACT_ONLY) != 0);
    lua_setfield(L, -2, "exact_only");
    lua_pushboolean(L, (info.flags & AR_GAZ_NEEDS_CONTEXT) != 0);
    lua_setfield(L, -2, "needs_context");
    lua_pushboolean(L, (info.flags & AR_GAZ_DEMOTED) != 0);
    lua_setfield(L, -2, "demoted");
    lua_pushboolean(L, (info.flags & AR_GAZ_TRUSTED) != 0);
    lua_setfield(L, -2, "trusted");
    return 1;
}

/* g:demote(name [, verdict]) --> entries changed. verdict: true or
 * "demote" (default), "trust", false or "reset". */
static int l_gaz_demote(lua_State *L)
{
    lgaz *g = check_gaz(L, 1);
    size_t len;
    const char *name = luaL_checklstring(L, 2, &len);
    int verdict = AR_CAL_DEMOTE;
    if (lua_type(L, 3) == LUA_TBOOLEAN) verdict = lua_toboolean(L, 3) ? AR_CAL_DEMOTE : AR_CAL_RESET;
    else if (lua_type(L, 3) == LUA_TSTRING) {
        const char *v = lua_tostring(L, 3);
        if (strcmp(v, "demote") == 0) verdict = AR_CAL_DEMOTE;
        else if (strcmp(v, "trust") == 0) verdict = AR_CAL_TRUST;
        else if (strcmp(v, "reset") == 0) verdict = AR_CAL_RESET;
        else luaL_argerror(L, 3, "verdict must be \"demote\", \"trust\" or \"reset\"");
    } else if (!lua_isnoneornil(L, 3)) {
        luaL_argerror(L, 3, "verdict must be a boolean or a string");
    }
    {
        size_t changed = 0;
        int err = ar_gaz_demote(g->g, name, len, verdict, &changed);
        if (err == AR_ENOMEM) return luaL_error(L, "not enough memory");
        if (err) return luaL_error(L, "demote failed: %s", ar_strerror(err));
        lua_pushinteger(L, (lua_Integer)changed);
    }
    return 1;
}

/* g:normalization() --> the option table used for matching */
static int l_gaz_normalization(lua_State *L)
{
    lgaz *g = check_gaz(L, 1);
    push_options(L, ar_gaz_norm_options(g->g));
    return 1;
}

static int l_gaz_gc(lua_State *L)
{
    lgaz *g = (lgaz *)luaL_checkudata(L, 1, GAZ_MT);
    ar_gaz_free(g->g);
    g->g = NULL;
    ar_gaz_result_free(g->r);
    g->r = NULL;
    return 0;
}

static int l_gaz_tostring(lua_State *L)
{
    lgaz *g = (lgaz *)luaL_checkudata(L, 1, GAZ_MT);
    ar_gaz_stats st;
    if (!g->g) {
        lua_pushstring(L, "arabic.Gazetteer (closed)");
        return 1;
    }
    ar_gaz_stats_get(g->g, &st);
    lua_pushfstring(L, "arabic.Gazetteer (%d entries%s)", (int)st.entries, st.mapped ? ", mapped" : "");
    return 1;
}

/* ---------------------------------------------------------- sentences */

#define ABBREVS_MT "arabic.Abbreviations"

typedef struct {
    ar_abbrevs *a;
} labbrevs;

static labbrevs *check_abbrevs(lua_State *L, int i)
{
    labbrevs *a = (labbrevs *)luaL_checkudata(L, i, ABBREVS_MT);
    if (!a->a) luaL_argerror(L, i, "abbreviation set is closed");
    return a;
}

/* core.abbreviations() --> an empty set */
static int l_abbrevs(lua_State *L)
{
    labbrevs *a = (labbrevs *)ar_newuserdata(L, sizeof *a);
    int err;
    a->a = NULL;
    luaL_getmetatable(L, ABBREVS_MT);
    lua_setmetatable(L, -2);
    a->a = ar_abbrevs_new(&err);
    if (!a->a) return luaL_error(L, "cannot create abbreviation set: %s", ar_strerror(err));
    return 1;
}

static int l_abbrevs_add(lua_State *L)
{
    labbrevs *a = check_abbrevs(L, 1);
    size_t len;
    const char *s = luaL_checklstring(L, 2, &len);
    int err = ar_abbrevs_add(a->a, s, len);
    if (err == AR_ENOMEM) return luaL_error(L, "not enough memory");
    if (err) {
        lua_pushfstring(L, "%s: empty abbreviation or NUL byte", len ? s : "\"\"");
        return nil_message(L);
    }
    lua_settop(L, 1);
    return 1;
}

/* set:load(path) --> set | nil, message */
static int l_abbrevs_load(lua_State *L)
{
    labbrevs *a = check_abbrevs(L, 1);
    const char *path = luaL_checkstring(L, 2);
    ar_error err;
    if (ar_abbrevs_load(a->a, path, &err)) {
        if (err.code == AR_ENOMEM) return luaL_error(L, "not enough memory");
        if (err.line) lua_pushfstring(L, "%s:%d: %s", path, (int)err.line, err.message);
        else lua_pushfstring(L, "%s: %s", path, err.message);
        return nil_message(L);
    }
    lua_settop(L, 1);
    return 1;
}

static int l_abbrevs_count(lua_State *L)
{
    labbrevs *a = check_abbrevs(L, 1);
    lua_pushinteger(L, (lua_Integer)ar_abbrevs_count(a->a));
    return 1;
}

static int l_abbrevs_gc(lua_State *L)
{
    labbrevs *a = (labbrevs *)luaL_checkudata(L, 1, ABBREVS_MT);
    ar_abbrevs_free(a->a);
    a->a = NULL;
    return 0;
}

/* core.wrap_width(s) --> characters per line of hard-wrapped text, or 0 */
static int l_wrap_width(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    lua_pushinteger(L, (lua_Integer)ar_wrap_width(s, len));
    return 1;
}

/* The spans of the last call live in one scratch userdata per module (the
 * upvalue of core.sentences and core.sentence_iter), so a paragraph-sized
 * call allocates nothing but its result; its __gc frees them. */
#define SPANS_MT "arabic.Spans"

static int l_spans_gc(lua_State *L)
{
    ar_spans_free((ar_spans *)luaL_checkudata(L, 1, SPANS_MT));
    return 0;
}

/* Split s (argument 1) with mode, abbreviations and wrap width (arguments
 * 2-4) into the scratch spans; raises on failure. */
static ar_spans *split_sentences(lua_State *L, const char *s, size_t len)
{
    static const char *const modes[] = {"lines", "wrapped", "auto", NULL};
    ar_spans *sp = (ar_spans *)lua_touserdata(L, lua_upvalueindex(1));
    ar_sent_opts o;
    int err;
    o.mode = luaL_checkoption(L, 2, "lines", modes);
    o.abbrevs = lua_isnoneornil(L, 3) ? NULL : check_abbrevs(L, 3)->a;
    o.wrap_width = (size_t)luaL_optinteger(L, 4, 0);
    err = ar_sentences(s, len, &o, sp);
    if (err) {
        ar_spans_free(sp);
        luaL_error(L, "sentence splitting failed: %s", ar_strerror(err));
    }
    return sp;
}

/* One big text must not pin its spans for the life of the module. */
static void release_spans(ar_spans *sp)
{
    if (sp->cap * sizeof *sp->v > KEEP_BUFFER) ar_spans_free(sp);
}

/* core.sentences(s, mode, abbrevs, wrap_width) --> { first1, last1, ... } */
static int l_sentences(lua_State *L)
{
    size_t len, i;
    const char *s = luaL_checklstring(L, 1, &len);
    ar_spans *sp = split_sentences(L, s, len);
    /* size the table first, then fill it without allocating more */
    lua_createtable(L, (int)(2 * sp->n), 0);
    for (i = 0; i < sp->n; i++) {
        lua_pushinteger(L, (lua_Integer)sp->v[i].start + 1);
        lua_rawseti(L, -2, (int)(2 * i + 1));
        lua_pushinteger(L, (lua_Integer)sp->v[i].end);
        lua_rawseti(L, -2, (int)(2 * i + 2));
    }
    release_spans(sp);
    return 1;
}

/* Spans an iterator keeps in its own upvalues (LuaJIT allows 60 of them);
 * more go into a table. */
#define ITER_INLINE 28

/* The iterator of core.sentence_iter: upvalue 1 the index of the next
 * span, 2 the number of spans, then their firsts and lasts (or a table of
 * them). */
static int sentences_next(lua_State *L)
{
    lua_Integer k = lua_tointeger(L, lua_upvalueindex(1)), n = lua_tointeger(L, lua_upvalueindex(2));
    if (k >= n) return 0;
    lua_pushinteger(L, k + 1);
    lua_replace(L, lua_upvalueindex(1));
    if (n <= ITER_INLINE) {
        lua_pushvalue(L, lua_upvalueindex(3 + 2 * (int)k));
        lua_pushvalue(L, lua_upvalueindex(4 + 2 * (int)k));
    } else {
        lua_rawgeti(L, lua_upvalueindex(3), (int)(2 * k + 1));
        lua_rawgeti(L, lua_upvalueindex(3), (int)(2 * k + 2));
    }
    return 2;
}

/* core.sentence_iter(s, mode, abbrevs, wrap_width) --> an iterator of
 * first, last: the for loop of arabic.sentences with one allocation. */
static int l_sentence_iter(lua_State *L)
{
    size_t len, i;
    const char *s = luaL_checklstring(L, 1, &len);
    ar_spans *sp = split_sentences(L, s, len);
    int n = (int)sp->n;
    lua_pushinteger(L, 0);
    lua_pushinteger(L, n);
    if (n <= ITER_INLINE) {
        luaL_checkstack(L, 2 * n, "too many sentences");
        for (i = 0; i < sp->n; i++) {
            lua_pushinteger(L, (lua_Integer)sp->v[i].start + 1);
            lua_pushinteger(L, (lua_Integer)sp->v[i].end);
        }
        lua_pushcclosure(L, sentences_next, 2 + 2 * n);
    } else {
        lua_createtable(L, 2 * n, 0);
        for (i = 0; i < sp->n; i++) {
            lua_pushinteger(L, (lua_Integer)sp->v[i].start + 1);
            lua_rawseti(L, -2, (int)(2 * i + 1));
            lua_pushinteger(L, (lua_Integer)sp->v[i].end);
            lua_rawseti(L, -2, (int)(2 * i + 2));
        }
        lua_pushcclosure(L, sentences_next, 3);
    }
    release_spans(sp);
    return 1;
}

/* -------------------------------------------------------------- regex */

#define REGEX_MT "arabic.Regex"

typedef struct {
    ar_regex *re;
    ar_regex_match *m;
} lregex;

static lregex *check_regex(lua_State *L, int i)
{
    lregex *r = (lregex *)luaL_checkudata(L, i, REGEX_MT);
    if (!r->re) luaL_argerror(L, i, "regex is closed");
    return r;
}

/* core.regex(pattern [, flags [, match_limit [, depth_limit [, at]]]])
 * with flags a string of i m s x (caseless, multiline, dotall, extended),
 * A (anchored), J (no JIT); at = true compiles it for re:exec with trigger
 * hits (AR_RE_AT). */
static int l_regex(lua_State *L)
{
    size_t len, i, k;
    const char *pat = luaL_checklstring(L, 1, &len);
    const char *fl = luaL_optstring(L, 2, "");
    lua_Integer ml = luaL_optinteger(L, 3, 0), dl = luaL_optinteger(L, 4, 0);
    const ar_flag_name *names = ar_regex_flag_names();
    unsigned flags = 0;
    ar_error err;
    lregex *r;
    for (i = 0; fl[i]; i++) {
        for (k = 0; names[k].name && names[k].name[0] != fl[i]; k++) {}
        if (!names[k].name) {
            lua_pushfstring(L, "unknown flag '%c' (valid: i m s x A J)", fl[i]);
            return nil_message(L);
        }
        flags |= names[k].bit;
    }
    if (ml < 0 || dl < 0) {
        lua_pushstring(L, "limit must be positive");
        return nil_message(L);
    }
    if (lua_toboolean(L, 5)) flags |= AR_RE_AT;
    r = (lregex *)ar_newuserdata(L, sizeof *r);
    r->re = NULL;
    r->m = NULL;
    luaL_getmetatable(L, REGEX_MT);
    lua_setmetatable(L, -2);
    r->re = ar_regex_new(pat, len, flags, &err);
    if (!r->re) {
        if (err.code == AR_ENOMEM) return luaL_error(L, "not enough memory");
        lua_pushfstring(L, "%s at pattern offset %d", err.message, (int)err.offset);
        return nil_message(L);
    }
    r->m = ar_regex_match_new(r->re, (size_t)ml, (size_t)dl);
    if (!r->m) return luaL_error(L, "not enough memory");
    return 1;
}

/* ---------------------------------------------------------- triggers */

#define TRIGGERS_MT "arabic.Triggers"
#define HITS_MT "arabic.TriggerHits"

typedef struct {
    ar_triggers *t;
    ar_trigger_hits scratch; /* the last scan's hits, before they are copied */
} ltriggers;

static ltriggers *check_triggers(lua_State *L, int i)
{
    ltriggers *t = (ltriggers *)luaL_checkudata(L, i, TRIGGERS_MT);
    if (!t->t) luaL_argerror(L, i, "trigger set is closed");
    return t;
}

/* core.triggers() --> an empty trigger set */
static int l_triggers(lua_State *L)
{
    ltriggers *t = (ltriggers *)ar_newuserdata(L, sizeof *t);
    int err;
    memset(t, 0, sizeof *t);
    luaL_getmetatable(L, TRIGGERS_MT);
    lua_setmetatable(L, -2);
    t->t = ar_triggers_new(&err);
    if (!t->t) return luaL_error(L, "not enough memory");
    return 1;
}

static int trigger_result(lua_State *L, int err)
{
    if (err == AR_ENOMEM) return luaL_error(L, "not enough memory");
    if (err) return luaL_error(L, "trigger set: %s", ar_strerror(err));
    lua_settop(L, 1);
    return 1;
}

/* set:add(prefix, classes [, digit_after [, word_end]]) --> set */
static int l_triggers_add(lua_State *L)
{
    ltriggers *t = check_triggers(L, 1);
    size_t len;
    const char *p = luaL_checklstring(L, 2, &len);
    lua_Integer cls = luaL_checkinteger(L, 3);
    unsigned flags = (lua_toboolean(L, 4) ? AR_TRIG_DIGIT_AFTER : 0) | (lua_toboolean(L, 5) ? AR_TRIG_WORD_END : 0);
    return trigger_result(L, ar_triggers_add(t->t, p, len, (uint32_t)cls, flags));
}

/* set:digits(classes [, minrun, maxrun [, follow [, space]]]) --> set: a
 * word that starts with a digit; with minrun and maxrun, with a run of
 * that many digits, then (after white space when space is true) one of the
 * alternatives of follow ("a|b|c", at most 63 bytes) */
static int l_triggers_digits(lua_State *L)
{
    ltriggers *t = check_triggers(L, 1);
    uint32_t cls = (uint32_t)luaL_checkinteger(L, 2);
    lua_Integer lo, hi;
    size_t flen = 0;
    const char *follow;
    if (lua_isnoneornil(L, 3)) return trigger_result(L, ar_triggers_digits(t->t, cls));
    lo = luaL_checkinteger(L, 3);
    hi = luaL_checkinteger(L, 4);
    if (lo < 1 || hi < lo) return luaL_argerror(L, 3, "bad run of digits");
    follow = luaL_optlstring(L, 5, NULL, &flen);
    if (flen >= 64) return luaL_argerror(L, 5, "at most 63 bytes");
    return trigger_result(L, ar_triggers_digit_run(t->t, cls, (size_t)lo, (size_t)hi, follow, flen, lua_toboolean(L, 6)));
}

/* set:clitic(prefix) --> set */
static int l_triggers_clitic(lua_State *L)
{
    ltriggers *t = check_triggers(L, 1);
    size_t len;
    const char *c = luaL_checklstring(L, 2, &len);
    return trigger_result(L, ar_triggers_clitic(t->t, c, len));
}

static int l_triggers_gc(lua_State *L)
{
    ltriggers *t = (ltriggers *)luaL_checkudata(L, 1, TRIGGERS_MT);
    ar_triggers_free(t->t);
    t->t = NULL;
    ar_trigger_hits_free(&t->scratch);
    return 0;
}

/* A scan's hits, copied into their userdata (no finalizer): the header
 * and then the array. */
#define HITS_OFF ((sizeof(ar_trigger_hits) + 15) & ~(size_t)15)

static const ar_trigger_hits *check_hits(lua_State *L, int i)
{
    return (const ar_trigger_hits *)luaL_checkudata(L, i, HITS_MT);
}

/* set:scan(s) --> hits (for re:exec and hits:segment), number of hits.
 * The scan fills the set's scratch list, then the hits are copied. */
static int l_triggers_scan(lua_State *L)
{
    ltriggers *t = check_triggers(L, 1);
    size_t len;
    const char *s = luaL_checklstring(L, 2, &len);
    ar_trigger_hits *h;
    int err = ar_triggers_scan(t->t, s, len, &t->scratch);
    if (err == AR_ENOMEM) return luaL_error(L, "not enough memory");
    if (err) return luaL_error(L, "trigger scan failed: %s", ar_strerror(err));
    h = (ar_trigger_hits *)ar_newuserdata(L, HITS_OFF + t->scratch.n * sizeof *h->v);
    h->n = h->cap = t->scratch.n;
    h->v = (ar_trigger_hit *)((char *)h + HITS_OFF);
    if (h->n) memcpy(h->v, t->scratch.v, h->n * sizeof *h->v);
    if (t->scratch.cap * sizeof *h->v > KEEP_BUFFER) ar_trigger_hits_free(&t->scratch);
    luaL_getmetatable(L, HITS_MT);
    lua_setmetatable(L, -2);
    lua_pushinteger(L, (lua_Integer)h->n);
    return 2;
}

/* hits:cut(i, target, quiet) --> cut, classes, i2: where the hits from
 * the i-th on (1-based) can be cut: the first place at or after byte
 * position target (1-based) with no hit within quiet bytes on either side
 * (cut is the 1-based position in the middle), the union of the classes of
 * the hits before it, and the index of the first hit after it. When there
 * is no such place: nil, the classes of all the remaining hits, nil. */
static int l_hits_cut(lua_State *L)
{
    const ar_trigger_hits *h = check_hits(L, 1);
    lua_Integer i = luaL_checkinteger(L, 2), target = luaL_checkinteger(L, 3), quiet = luaL_checkinteger(L, 4);
    size_t j;
    uint32_t cls = 0;
    if (i < 1 || quiet < 0) return luaL_argerror(L, 2, "bad hit index or quiet zone");
    for (j = (size_t)i - 1; j < h->n; j++) {
        cls |= h->v[j].classes;
        if ((lua_Integer)h->v[j].pos + 1 >= target && j + 1 < h->n &&
            h->v[j + 1].pos - h->v[j].pos >= 2 * (size_t)quiet) {
            lua_pushinteger(L, (lua_Integer)(h->v[j].pos + (size_t)quiet) + 1);
            lua_pushinteger(L, (lua_Integer)cls);
            lua_pushinteger(L, (lua_Integer)j + 2);
            return 3;
        }
    }
    lua_pushnil(L);
    lua_pushinteger(L, (lua_Integer)cls);
    lua_pushnil(L);
    return 3;
}

/* hits:index(i) --> the index of the first hit at or after position i of
 * the text (1-based), or nil: where the dates' chunks go on in a window
 * of a long text that begins before the place they stopped at. Hits are
 * in text order. */
static int l_hits_index(lua_State *L)
{
    const ar_trigger_hits *h = check_hits(L, 1);
    lua_Integer i = luaL_checkinteger(L, 2);
    size_t want = i > 1 ? (size_t)(i - 1) : 0, lo = 0, hi = h->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->v[mid].pos < want) lo = mid + 1;
        else hi = mid;
    }
    if (lo >= h->n) lua_pushnil(L);
    else lua_pushinteger(L, (lua_Integer)lo + 1);
    return 1;
}

/* hits:count() --> the number of hits */
static int l_hits_count(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)check_hits(L, 1)->n);
    return 1;
}

/* set:near(s, after_number, after_word) --> { first, last, kind, ... }:
 * the tokens of s near candidates, three numbers a token (1-based first
 * and last, the kind's code), with 0, 0, 0 between runs that are not
 * next to each other in s. A candidate is a number token or a word token
 * that is an entry of the set, whole or after one of its clitics; the
 * after_number / after_word tokens that follow a candidate are listed
 * with it (what a reader of a number looks at after it). */
static int l_triggers_near(lua_State *L)
{
    ltriggers *t = check_triggers(L, 1);
    size_t len;
    const char *s = luaL_checklstring(L, 2, &len);
    lua_Integer after_num = luaL_checkinteger(L, 3), after_word = luaL_checkinteger(L, 4);
    ar_tokenizer tk;
    ar_token tok;
    lua_Integer keep = 0; /* tokens still to list after the last candidate */
    int n = 0, gap = 0, listed = 0;
    lua_newtable(L);
    ar_tokenizer_init(&tk, s, len);
    while (ar_tokenizer_next(&tk, &tok)) {
        int cand = tok.kind == AR_TOK_NUMBER;
        if (tok.kind == AR_TOK_WORD && ar_triggers_word(t->t, s + tok.start, tok.end - tok.start)) cand = 1;
        if (cand) keep = tok.kind == AR_TOK_NUMBER ? after_num + 1 : after_word + 1;
        if (keep > 0) {
            if (gap && listed) {
                int k;
                for (k = 0; k < 3; k++) {
                    lua_pushinteger(L, 0);
                    lua_rawseti(L, -2, ++n);
                }
            }
            gap = 0;
            listed = 1;
            lua_pushinteger(L, (lua_Integer)tok.start + 1);
            lua_rawseti(L, -2, ++n);
            lua_pushinteger(L, (lua_Integer)tok.end);
            lua_rawseti(L, -2, ++n);
            lua_pushinteger(L, tok.kind);
            lua_rawseti(L, -2, ++n);
            keep--;
        } else {
            gap = 1;
        }
    }
    return 1;
}

/* hits:list() --> { pos1, classes1, pos2, classes2, ... } (1-based
 * positions), for tests and tools */
static int l_hits_list(lua_State *L)
{
    const ar_trigger_hits *h = check_hits(L, 1);
    size_t i;
    lua_createtable(L, (int)(2 * h->n), 0);
    for (i = 0; i < h->n; i++) {
        lua_pushinteger(L, (lua_Integer)h->v[i].pos + 1);
        lua_rawseti(L, -2, (int)(2 * i + 1));
        lua_pushinteger(L, (lua_Integer)h->v[i].classes);
        lua_rawseti(L, -2, (int)(2 * i + 2));
    }
    return 1;
}

/* core.dates_span(map, s, i, j) --> first, last, text, to: for a date the
 * dates found at [i, j] of a normalized text (1-based inclusive, j >= i - 1)
 * whose map to its source s is map: map:source(i, j), s:sub(first, last)
 * and the end of map:target(first, last) (where the next date may start):
 * one call for the three the dates made for every date. The map by the
 * flat map's metatable at upvalue 1 (else any map). */
static int l_dates_span(lua_State *L)
{
    lmap *m = (lmap *)udata_up(L, 1, 1);
    size_t len, a, b, s0, s1, o0, o1;
    const char *s;
    lua_Integer i, j;
    if (!m || !m->m) m = check_map(L, 1);
    s = luaL_checklstring(L, 2, &len);
    i = luaL_checkinteger(L, 3);
    j = luaL_checkinteger(L, 4);
    if (i < 1 || j < i - 1 || (size_t)j > ar_map_target_len(m->m)) return luaL_argerror(L, 3, "span out of range");
    a = (size_t)(i - 1);
    b = (size_t)j;
    ar_map_source(m->m, a, b, &s0, &s1);
    lua_pushinteger(L, (lua_Integer)s0 + 1);
    lua_pushinteger(L, (lua_Integer)s1);
    /* s:sub(s0 + 1, s1): clamped to s as string.sub clamps */
    {
        size_t e = s1 < len ? s1 : len;
        if (e > s0) lua_pushlstring(L, s + s0, e - s0);
        else lua_pushliteral(L, "");
    }
    ar_map_target(m->m, s0, s1, &o0, &o1);
    lua_pushinteger(L, (lua_Integer)o1);
    return 4;
}

/* A new table { name = matched text } of the groups that took part in the
 * match and have a name in names (group number -> name). A pattern with
 * twenty named groups of which three are set costs three strings, not a
 * Lua loop over twenty (the dates' patterns, once per candidate). */
static int push_named_groups(lua_State *L, const lregex *r, const char *s, size_t n, int names, int room)
{
    const size_t *ov = NULL;
    size_t g, pairs = ar_regex_pairs(r->m, &ov);
    lua_createtable(L, 0, room);
    /* the groups past the last set pair took no part */
    if (pairs > n + 1) pairs = n + 1;
    for (g = 1; g < pairs; g++) {
        if (ov[2 * g] == (size_t)-1) continue;
        lua_rawgeti(L, names, (int)g);
        if (lua_type(L, -1) != LUA_TSTRING) {
            lua_pop(L, 1);
            continue;
        }
        lua_pushlstring(L, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
        lua_rawset(L, -3);
    }
    return 1;
}

/* Run r on the subject at 2 from init at 3, with the hits, mask and stop
 * at 4, 5, 6 when 4 is not nil (see re:exec). 1 and the subject when it
 * matched, 0 when not; raises the errors. */
static int regex_run(lua_State *L, lregex *r, const ar_trigger_hits *h, const char **sp, size_t *lenp,
                     uint32_t *maskp, lua_Integer *stopp)
{
    size_t len;
    const char *s = luaL_checklstring(L, 2, &len);
    lua_Integer init = luaL_optinteger(L, 3, 1);
    int rc;
    if (init < 1 || (size_t)init > len + 1) return 0;
    if (!lua_isnoneornil(L, 4)) {
        uint32_t mask;
        lua_Integer stop;
        if (!h) h = check_hits(L, 4);
        mask = (uint32_t)luaL_checkinteger(L, 5);
        stop = luaL_optinteger(L, 6, (lua_Integer)len + 1);
        if (maskp) *maskp = mask;
        if (stopp) *stopp = stop;
        if (stop < 1) stop = 1;
        rc = ar_regex_exec_at(r->m, s, len, (size_t)init - 1, (size_t)stop - 1, h, mask);
        if (rc == AR_EARG) return luaL_argerror(L, 4, "the pattern was not compiled for trigger hits");
    } else {
        rc = ar_regex_exec(r->m, s, len, (size_t)init - 1);
    }
    if (rc == 0) return 0;
    if (rc == AR_ELIMIT)
        return luaL_error(L, "regex: match limit exceeded at byte %d (the pattern backtracks too much)", (int)init);
    if (rc == AR_ENOMEM) return luaL_error(L, "not enough memory");
    if (rc < 0) return luaL_error(L, "regex: matching failed (%s)", ar_strerror(rc));
    *sp = s;
    *lenp = len;
    return 1;
}

/* Push group g's first and last (1-based inclusive), or false, false. */
static void push_group(lua_State *L, const lregex *r, size_t g)
{
    size_t a, b;
    if (ar_regex_group(r->m, g, &a, &b) == 1) {
        lua_pushinteger(L, (lua_Integer)a + 1);
        lua_pushinteger(L, (lua_Integer)b);
    } else {
        lua_pushboolean(L, 0);
        lua_pushboolean(L, 0);
    }
}

/* re:exec(s [, init [, hits, mask [, stop [, out [, names]]]]]) --> nil, or first,
 * last and for every group its first and last (false when unset); 1-based
 * inclusive (an empty match has last = first - 1). With hits (set:scan)
 * and mask, the match starts at a hit with one of the mask's classes
 * before stop (default: the end; ar_regex_exec_at, the pattern compiled
 * with at = true). With a table out, the positions go into out[1..] and the
 * result is true; with names too (group number -> name), the result is a
 * new table of the named groups that matched, name -> text. */
static int l_regex_exec(lua_State *L)
{
    lregex *r = check_regex(L, 1);
    size_t len, g, n;
    const char *s;
    if (!regex_run(L, r, NULL, &s, &len, NULL, NULL)) return 0;
    n = ar_regex_groups(r->re);
    if (lua_istable(L, 7)) {
        /* into the caller's table: a loop over many matches allocates nothing */
        for (g = 0; g <= n; g++) {
            push_group(L, r, g);
            lua_rawseti(L, 7, (int)(2 * g + 2));
            lua_rawseti(L, 7, (int)(2 * g + 1));
        }
        if (lua_istable(L, 8)) return push_named_groups(L, r, s, n, 8, 8);
        lua_pushboolean(L, 1);
        return 1;
    }
    luaL_checkstack(L, (int)(2 * n + 2), "too many captures");
    for (g = 0; g <= n; g++) push_group(L, r, g);
    return (int)(2 * n + 2);
}

/* Is there a hit of h with a class in mask at or after byte from and
 * before stop (0-based)? */
static int hit_between(const ar_trigger_hits *h, uint32_t mask, size_t from, size_t stop)
{
    size_t lo = 0, hi = h->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (h->v[mid].pos < from) lo = mid + 1;
        else hi = mid;
    }
    for (; lo < h->n && h->v[lo].pos < stop; lo++)
        if (h->v[lo].classes & mask) return 1;
    return 0;
}

/* re:exec_named(s, init, hits, mask, stop, names [, span]) --> nil, or the
 * table of the named groups that matched (name -> text, as re:exec with
 * out and names makes it), the match's first and last, and group span's
 * first and last (false when unset; nothing when span is absent); with
 * hits and span, then whether a hit of the mask lies between the match
 * and stop, where the next search would start (max(last, first) + 1):
 * false spares the call that would find nothing. hits may be nil (every
 * byte from init). For a caller that reads two spans of every match (the
 * dates' candidates): no positions of the other groups written into a
 * table. */
static int l_regex_exec_named(lua_State *L)
{
    /* the regex and the hits by the metatables at upvalues 1 and 2 (the
     * dates call this once per pattern and chunk: luaL_checkudata's
     * registry look-ups were a sixth of the call) */
    lregex *r = (lregex *)udata_up(L, 1, 1);
    const ar_trigger_hits *h = NULL;
    size_t len, n, a, b;
    const char *s;
    lua_Integer span, stop = 0;
    uint32_t mask = 0;
    if (!r || !r->re) r = check_regex(L, 1);
    luaL_checktype(L, 7, LUA_TTABLE);
    span = luaL_optinteger(L, 8, -1);
    n = ar_regex_groups(r->re);
    if (span > (lua_Integer)n || (span < 0 && !lua_isnoneornil(L, 8))) return luaL_argerror(L, 8, "no such group");
    /* (check_hits in regex_run when it is not one: its error) */
    if (!lua_isnoneornil(L, 4)) h = (const ar_trigger_hits *)udata_up(L, 4, 2);
    if (!regex_run(L, r, h, &s, &len, &mask, &stop)) return 0;
    /* room for the fields the dates add to each candidate (_a, _b, ...):
     * the table is made once at its final size */
    push_named_groups(L, r, s, n, 7, 16);
    push_group(L, r, 0);
    if (span < 0) return 3;
    push_group(L, r, (size_t)span);
    if (!h || ar_regex_group(r->m, 0, &a, &b) != 1) return 5;
    {
        /* the next search's start, 0-based: max(last, first) + 1 - 1
         * (mask and stop as regex_run read them) */
        size_t next = b > a ? b : a + 1;
        lua_pushboolean(L, stop > 1 && hit_between(h, mask, next, (size_t)stop - 1));
    }
    return 6;
}

/* re:info() --> groups, { name = number }, jit */
static int l_regex_info(lua_State *L)
{
    lregex *r = check_regex(L, 1);
    size_t i, g;
    const char *name;
    lua_pushinteger(L, (lua_Integer)ar_regex_groups(r->re));
    lua_newtable(L);
    for (i = 0; ar_regex_name(r->re, i, &name, &g) == AR_OK; i++) {
        lua_pushinteger(L, (lua_Integer)g);
        lua_setfield(L, -2, name);
    }
    lua_pushboolean(L, ar_regex_jit(r->re));
    return 3;
}

static int l_regex_gc(lua_State *L)
{
    lregex *r = (lregex *)luaL_checkudata(L, 1, REGEX_MT);
    ar_regex_match_free(r->m);
    r->m = NULL;
    ar_regex_free(r->re);
    r->re = NULL;
    return 0;
}

/* ---------------------------------------------------------- names
 * The names lexicon and the entities step that joins gazetteer matches
 * and names found from context (names.c). */

#define NAMES_MT "arabic.Names"

typedef struct {
    ar_names *nm;
    ar_names_result *r;
} lnames;

static lnames *check_names(lua_State *L, int i)
{
    lnames *n = (lnames *)luaL_checkudata(L, i, NAMES_MT);
    if (!n->nm) luaL_argerror(L, i, "names lexicon is closed");
    return n;
}

/* core.names_lexicon() --> an empty lexicon */
static int l_names_lexicon(lua_State *L)
{
    int err = AR_OK;
    lnames *n = (lnames *)ar_newuserdata(L, sizeof *n);
    n->nm = NULL;
    n->r = NULL;
    luaL_getmetatable(L, NAMES_MT);
    lua_setmetatable(L, -2);
    n->nm = ar_names_new(&err);
    n->r = ar_names_result_new();
    if (!n->nm || !n->r) return luaL_error(L, "not enough memory");
    return 1;
}

/* lex:add(word, classes) --> true | nil, message */
static int l_names_add(lua_State *L)
{
    lnames *n = check_names(L, 1);
    size_t len;
    const char *w = luaL_checklstring(L, 2, &len);
    lua_Integer cls = luaL_checkinteger(L, 3);
    int err = ar_names_add(n->nm, w, len, (unsigned)cls);
    if (err == AR_ENOMEM) return luaL_error(L, "not enough memory");
    if (err) {
        lua_pushnil(L);
        lua_pushstring(L, err == AR_EVALUE ? "not one word" : ar_strerror(err));
        return 2;
    }
    lua_pushboolean(L, 1);
    return 1;
}

static int l_names_classes(lua_State *L)
{
    lnames *n = check_names(L, 1);
    size_t len;
    const char *w = luaL_checklstring(L, 2, &len);
    lua_pushinteger(L, (lua_Integer)ar_names_classes(n->nm, w, len));
    return 1;
}

static int l_names_count(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)ar_names_count(check_names(L, 1)->nm));
    return 1;
}

static void push_name_entity(const mctx *c, const ar_gaz_result *gr, const ar_name_match *m)
{
    lua_State *L = c->L;
    int t, gaz = m->gaz != SIZE_MAX && !m->coref;
    lua_createtable(L, 0, 15);
    t = lua_gettop(L);
    set_int(c, t, K_FIRST, (lua_Integer)m->start + 1);
    set_int(c, t, K_LAST, (lua_Integer)m->end);
    set_int(c, t, K_TOKEN_FIRST, (lua_Integer)m->token_start + 1);
    if (m->token_start < m->start) set_text(c, t, K_CLITIC, c->s + m->token_start, m->start - m->token_start);
    set_bool(c, t, K_FUZZY, 0);
    set_int(c, t, K_DISTANCE, 0);
    set_text(c, t, K_TEXT, c->s + m->start, m->end - m->start);
    /* a gazetteer person made longer stays the gazetteer's match */
    KEY(c, K_SOURCE);
    KEY(c, gaz ? V_GAZETTEER : V_CONTEXT);
    lua_rawset(L, t);
    KEY(c, K_RULE);
    lua_pushstring(L, m->rule);
    lua_rawset(L, t);
    if (gaz) set_bool(c, t, K_EXTENDED, 1);
    if (m->coref) set_bool(c, t, K_COREF, 1);
    if (m->gaz != SIZE_MAX && c->g && gr && m->gaz < ar_gaz_result_count(gr)) {
        const ar_gaz_match *gm = ar_gaz_result_get(gr, m->gaz);
        set_int(c, t, K_ENTRY, (lua_Integer)gm->entry + 1);
        push_entry_fields(c, t, gm->entry);
        return;
    }
    KEY(c, K_TYPE);
    lua_pushstring(L, m->type);
    lua_rawset(L, t);
    set_text(c, t, K_ID, m->id, m->id_len);
    set_text(c, t, K_NAME, m->id, m->id_len);
    set_text(c, t, K_CANONICAL, m->id, m->id_len);
}

/* Is type t allowed by the list (NULL: all)? */
static int type_listed(const char *t, const char *const *types, size_t n)
{
    size_t i;
    if (!types) return 1;
    for (i = 0; i < n; i++)
        if (types[i] && strcmp(types[i], t) == 0) return 1;
    return 0;
}

/* What lex:entities and lex:entities_json share: the arguments read, the
 * gazetteer's matches and the names found, and where the merge of the two
 * lists (in text order) stands. */
typedef struct {
    const ar_gazetteer *g; /* NULL: names only */
    ar_gaz_result *gr;
    ar_names_result *nr;
    const char *s;
    size_t len, ng, nn, i, k;
    const char *const *types;
    size_t ntypes;
} entity_run;

/* Match r->s (set by the caller) with g (NULL: names only) under o and,
 * when names is true and o has no ids, find the names with lexicon n. */
static void entities_find(lua_State *L, entity_run *r, lnames *n, lgaz *g, ar_gaz_match_opts *o,
                          unsigned nmflags, int names)
{
    int err;
    r->g = g ? g->g : NULL;
    r->gr = g ? g->r : NULL;
    r->nr = n->r;
    r->types = o->types;
    r->ntypes = o->ntypes;
    o->lexicon = n->nm;
    if (r->g) {
        err = ar_gaz_match_text(r->g, r->s, r->len, o, r->gr);
        if (err == AR_ENOMEM) luaL_error(L, "not enough memory");
        if (err) luaL_error(L, "matching failed: %s", ar_strerror(err));
        r->ng = ar_gaz_result_count(r->gr);
    }
    if (names && !o->ids) {
        err = ar_names_match(n->nm, r->s, r->len, r->g, r->gr, nmflags, r->nr);
        if (err == AR_ENOMEM) luaL_error(L, "not enough memory");
        if (err) luaL_error(L, "name recognition failed: %s", ar_strerror(err));
        r->nn = ar_names_result_count(r->nr);
    }
}

/* lex:entities and lex:entities_json are closures with upvalues: the
 * lexicon's and the gazetteer's metatables (compared with the arguments'
 * instead of luaL_checkudata's registry look-ups), then the match keys. */
enum { EU_NAMES_MT = 1, EU_GAZ_MT, EU_KEYS };

/* Read lex, gazetteer|nil, s, gm_flags, types, ids, nm_flags, names (the
 * arguments 1-8), match and find the names. Leaves the stack at nargs (8
 * or more) plus the lists' userdata. */
static void entities_run(lua_State *L, entity_run *r, int nargs)
{
    ar_gaz_match_opts o;
    const char **types, **ids;
    unsigned nmflags;
    int names;
    lnames *n = (lnames *)udata_up(L, 1, EU_NAMES_MT);
    lgaz *g = NULL;
    if (!n) n = check_names(L, 1); /* raises with the usual message */
    if (!n->nm) luaL_argerror(L, 1, "names lexicon is closed");
    if (!lua_isnoneornil(L, 2)) {
        if (!(g = (lgaz *)udata_up(L, 2, EU_GAZ_MT))) g = check_gaz(L, 2);
        if (!g->g) luaL_argerror(L, 2, "gazetteer is closed");
    }
    memset(r, 0, sizeof *r);
    r->s = luaL_checklstring(L, 3, &r->len);
    nmflags = (unsigned)luaL_optinteger(L, 7, 0);
    names = lua_toboolean(L, 8);
    memset(&o, 0, sizeof o);
    lua_settop(L, nargs); /* string_list pushes: keep the arguments where they are */
    o.flags = (unsigned)luaL_optinteger(L, 4, 0);
    o.ntypes = string_list(L, 5, &types);
    o.types = types;
    o.nids = string_list(L, 6, &ids);
    o.ids = ids;
    entities_find(L, r, n, g, &o, nmflags, names);
}

/* The next entity in text order: a gazetteer match (*gm) or a name found
 * from context (*nm); 0 when there is none left. Gazetteer matches the
 * names recognizer dropped and names of types not asked for are skipped. */
static int entities_next(entity_run *r, const ar_gaz_match **gm, const ar_name_match **nm)
{
    while (r->i < r->ng || r->k < r->nn) {
        const ar_gaz_match *g = r->i < r->ng ? ar_gaz_result_get(r->gr, r->i) : NULL;
        const ar_name_match *m = r->k < r->nn ? ar_names_result_get(r->nr, r->k) : NULL;
        if (g && (!m || g->token_start <= m->token_start)) {
            r->i++;
            if (r->nn && ar_names_result_drops(r->nr, r->i - 1)) continue;
            *gm = g;
            *nm = NULL;
            return 1;
        }
        r->k++;
        if (!type_listed(m->type, r->types, r->ntypes)) continue;
        *gm = NULL;
        *nm = m;
        return 1;
    }
    return 0;
}

/* Push the list of the entities of r, made with c (its keys, cache and
 * lazy metatable set by the caller). */
static void push_entities(lua_State *L, entity_run *r, const mctx *c)
{
    const ar_gaz_match *gm;
    const ar_name_match *nm;
    int out = 0;
    /* a match table is made with up to 8 slots above the list: its cache
     * slot, the table, a key, a value, an attributes table and its pair */
    luaL_checkstack(L, 12, "entities");
    lua_createtable(L, (int)(r->ng + r->nn), 0);
    while (entities_next(r, &gm, &nm)) {
        if (gm) push_gaz_match(c, gm, 1);
        else push_name_entity(c, r->gr, nm);
        lua_rawseti(L, -2, ++out);
    }
}

/* lex:entities(gazetteer|nil, s, gm_flags, types, ids, nm_flags, names)
 * --> the gazetteer's matches (with the lexicon's homograph rules) and,
 * when names is true, the names found from context, in text order. */
static int l_names_entities(lua_State *L)
{
    entity_run r;
    mctx c;
    memset(&c, 0, sizeof c);
    entities_run(L, &r, 8);
    if (r.ng == 0 && r.nn == 0) {
        /* most lines name nothing: no keys or caches to fetch */
        lua_createtable(L, 0, 0);
        return 1;
    }
    c.L = L;
    c.g = r.g;
    c.s = r.s;
    c.keyup = EU_KEYS;
    if (r.g) {
        push_match_slots(L, 2);
        c.cache = lua_gettop(L) - 1;
        c.lazy = lua_gettop(L);
        c.meta = entry_cache_meta(L, c.cache);
    }
    push_entities(L, &r, &c);
    return 1;
}

/* The closure lex:entities_fn makes: f(s) --> what lex:entities(gazetteer,
 * s, gm_flags, nil, nil, nm_flags, names) gives, with what that reads and
 * looks up on every call (the two userdata checked against their
 * metatables, the keys, the gazetteer's entry cache and metatable) found
 * once, as upvalues. core.entities_entry makes arabic.entities itself one
 * of these (see l_entities_entry): the Lua function around it was a
 * twentieth of the call. Upvalues: see EF_* */
enum {
    EF_STATE = 1, /* an entfn (below) */
    EF_NAMES, EF_GAZ, EF_CACHE, EF_LAZY, /* what it points into, kept alive here */
    EF_SLOW, EF_BIND, /* arabic.entities only (nil in lex:entities_fn's closures) */
    EF_KEYS
};

/* What the closure reads on every call, in one userdata (one API call
 * instead of seven: the two userdata, the flags, the cache's record). The
 * pointers point into the upvalues EF_NAMES .. EF_CACHE, which keep them
 * alive; n is NULL until arabic.entities is bound. */
typedef struct {
    lnames *n;
    lgaz *g;                /* NULL: names only */
    const uint32_t *meta;   /* the entry cache's record (entry_cache_meta) */
    unsigned gmflags, nmflags;
    int names, slow;        /* find names from context; EF_SLOW is set */
} entfn;

/* Push a new entfn for flags gm and nm, names, slow; the rest unbound. */
static entfn *push_entfn(lua_State *L, unsigned gm, unsigned nm, int names, int slow)
{
    entfn *f = (entfn *)ar_newuserdata(L, sizeof *f);
    memset(f, 0, sizeof *f);
    f->gmflags = gm;
    f->nmflags = nm;
    f->names = names;
    f->slow = slow;
    return f;
}

/* Point f at the lexicon and the gazetteer in upvalues EF_NAMES, EF_GAZ
 * and EF_CACHE (set by the caller) of the running closure. */
static void entfn_bind(lua_State *L, entfn *f)
{
    f->n = (lnames *)lua_touserdata(L, lua_upvalueindex(EF_NAMES));
    f->g = (lgaz *)lua_touserdata(L, lua_upvalueindex(EF_GAZ));
    f->meta = f->g ? entry_cache_meta(L, lua_upvalueindex(EF_CACHE)) : NULL;
}

/* arabic.entities(s, opts) with options or without a string: slow(s,
 * opts, 3), the Lua function that does the rest; 3 is the level of
 * arabic.entities' caller seen from slow, which its errors name (as when
 * arabic.entities was that Lua function). */
static int entities_slow(lua_State *L)
{
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(EF_SLOW));
    lua_insert(L, 1);
    lua_pushinteger(L, 3);
    lua_call(L, 3, LUA_MULTRET);
    return lua_gettop(L);
}

/* arabic.entities' first call with a string: bind() --> the lexicon and
 * the default gazetteer's compiled form (loaded on first use, as before),
 * kept in the upvalues. */
static void entities_bind(lua_State *L)
{
    int top = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(EF_BIND));
    lua_call(L, 0, 2);
    check_names(L, top + 1);
    check_gaz(L, top + 2);
    push_match_slots(L, top + 2);
    lua_replace(L, lua_upvalueindex(EF_LAZY));
    lua_replace(L, lua_upvalueindex(EF_CACHE));
    lua_replace(L, lua_upvalueindex(EF_GAZ));
    lua_replace(L, lua_upvalueindex(EF_NAMES));
    entfn_bind(L, (entfn *)lua_touserdata(L, lua_upvalueindex(EF_STATE)));
}

static int l_entities_fn_call(lua_State *L)
{
    entfn *f = (entfn *)lua_touserdata(L, lua_upvalueindex(EF_STATE));
    ar_gaz_match_opts o;
    entity_run r;
    mctx c;
    if (f->slow && (lua_type(L, 1) != LUA_TSTRING || !lua_isnoneornil(L, 2))) return entities_slow(L);
    if (!f->n) entities_bind(L);
    if (!f->n->nm) return luaL_error(L, "bad argument #1 to 'entities' (names lexicon is closed)");
    if (f->g && !f->g->g) return luaL_error(L, "bad argument #1 to 'entities' (gazetteer is closed)");
    memset(&r, 0, sizeof r);
    r.s = luaL_checklstring(L, 1, &r.len);
    memset(&o, 0, sizeof o);
    o.flags = f->gmflags;
    entities_find(L, &r, f->n, f->g, &o, f->nmflags, f->names);
    if (r.ng == 0 && r.nn == 0) {
        lua_createtable(L, 0, 0);
        return 1;
    }
    memset(&c, 0, sizeof c);
    c.L = L;
    c.g = r.g;
    c.s = r.s;
    c.keyup = EF_KEYS;
    if (r.g) {
        c.cache = lua_upvalueindex(EF_CACHE);
        c.lazy = lua_upvalueindex(EF_LAZY);
        c.meta = f->meta;
    }
    push_entities(L, &r, &c);
    return 1;
}

/* lex:entities_fn(gazetteer|nil, gm_flags, nm_flags, names) --> f, where
 * f(s) gives the list lex:entities(gazetteer, s, gm_flags, nil, nil,
 * nm_flags, names) gives (see l_entities_fn_call). */
static int l_names_entities_fn(lua_State *L)
{
    lnames *n = check_names(L, 1);
    lgaz *g = NULL;
    entfn *f;
    unsigned gm, nm;
    if (!lua_isnoneornil(L, 2)) g = check_gaz(L, 2);
    lua_settop(L, 5);
    luaL_checkstack(L, EF_KEYS + NKEYS + 4, "entities_fn");
    gm = (unsigned)luaL_optinteger(L, 3, 0); /* in this order: the first bad one is named */
    nm = (unsigned)luaL_optinteger(L, 4, 0);
    f = push_entfn(L, gm, nm, lua_toboolean(L, 5), 0);
    f->n = n;
    f->g = g;
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    if (g) {
        push_match_slots(L, 2);
        f->meta = entry_cache_meta(L, lua_gettop(L) - 1);
    } else {
        lua_pushnil(L);
        lua_pushnil(L);
    }
    lua_pushnil(L); /* EF_SLOW */
    lua_pushnil(L); /* EF_BIND */
    push_match_keys_list(L);
    lua_pushcclosure(L, l_entities_fn_call, EF_KEYS - 1 + NKEYS);
    return 1;
}

/* core.entities_entry(slow, bind) --> arabic.entities: a call with one
 * string (and no options) finds the entities of the default gazetteer and
 * the names found from context as lex:entities(gazetteer, s, 0, nil, nil,
 * 0, true) does, with the lexicon and gazetteer that bind() gives on the
 * first such call; any other call is slow(s, opts, level). */
static int l_entities_entry(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    luaL_checkstack(L, EF_KEYS + NKEYS + 4, "entities_entry");
    push_entfn(L, 0, 0, 1, 1);
    lua_pushnil(L); /* EF_NAMES .. EF_LAZY: bound on the first call */
    lua_pushnil(L);
    lua_pushnil(L);
    lua_pushnil(L);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    push_match_keys_list(L);
    lua_pushcclosure(L, l_entities_fn_call, EF_KEYS - 1 + NKEYS);
    return 1;
}

static int entities_json_write(lua_State *L, entity_run *r, lua_Integer base, int value_json);

/* lex:entities_json(gazetteer|nil, s, gm_flags, types, ids, nm_flags,
 * names, base, value_json) --> the same entities as lex:entities, written
 * as the JSON objects json.objects makes of them with the keys first,
 * last, text, type, id, canonical, clitic, fuzzy (offsets moved by base),
 * joined by commas, and their count: `arabic annotate`'s entities without
 * a table a match. value_json(s) writes a string that needs escapes, as
 * json.objects does. */
static int l_names_entities_json(lua_State *L)
{
    entity_run r;
    lua_Integer base = luaL_optinteger(L, 9, 0);
    luaL_checktype(L, 10, LUA_TFUNCTION);
    entities_run(L, &r, 10);
    return entities_json_write(L, &r, base, 10);
}

static int l_names_gc(lua_State *L)
{
    lnames *n = (lnames *)luaL_checkudata(L, 1, NAMES_MT);
    ar_names_free(n->nm);
    n->nm = NULL;
    ar_names_result_free(n->r);
    n->r = NULL;
    return 0;
}

/* --------------------------------------------------------------- JSON */

/* ------------------------------------------------------- corpus tools */
/* Stemming, the common-word list and MinHash signatures (stem.c, lists.c,
 * minhash.c) for lua/arabic/stem.lua, stopwords.lua and dedup.lua. */

/* The algorithm argument: a name ("light10", "isri") or its number. */
static int check_stem_algorithm(lua_State *L, int i)
{
    int a;
    const char *name;
    if (lua_type(L, i) == LUA_TNUMBER) {
        a = (int)lua_tointeger(L, i);
        name = "?";
    } else {
        name = luaL_checkstring(L, i);
        a = ar_stem_algorithm(name);
    }
    if (!ar_stem_algorithm_name(a))
        luaL_argerror(L, i, lua_pushfstring(L, "unknown stemming algorithm '%s' (valid: isri, light10)", name));
    return a;
}

/* Stem s[0..len) (normalized first when n is given) and push the stem. */
static void push_stem(lua_State *L, int algorithm, lnorm *n, const char *s, size_t len)
{
    char small[256];
    char *out = small;
    size_t out_len = 0;
    if (n) {
        ar_norm_stats st;
        int err = ar_normalize(n->n, s, len, &n->buf, NULL, &st);
        if (err == AR_ENOMEM) luaL_error(L, "not enough memory");
        if (err != AR_OK) luaL_error(L, "normalization failed: %s", ar_strerror(err));
        s = n->buf.data;
        len = n->buf.len;
    }
    if (len > sizeof small) out = (char *)ar_newuserdata(L, len); /* collected with the call */
    if (ar_stem(algorithm, s, len, out, &out_len) != AR_OK) luaL_error(L, "stemming failed");
    lua_pushlstring(L, out, out_len);
    if (out != small) lua_remove(L, -2);
}

static lnorm *opt_norm(lua_State *L, int i)
{
    return lua_isnoneornil(L, i) ? NULL : check_norm(L, i);
}

/* core.stem(word, algorithm [, normalizer]) --> stem */
static int l_stem(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    int a = check_stem_algorithm(L, 2);
    lnorm *n = opt_norm(L, 3);
    push_stem(L, a, n, s, len);
    if (n) release_big(n);
    return 1;
}

/* core.stem_list(words, algorithm [, normalizer]) --> list of stems: one
 * call for many words. Non-string elements are an error naming the index. */
static int l_stem_list(lua_State *L)
{
    int a, i, count;
    lnorm *n;
    luaL_checktype(L, 1, LUA_TTABLE);
    a = check_stem_algorithm(L, 2);
    n = opt_norm(L, 3);
    count = (int)ar_rawlen(L, 1);
    lua_createtable(L, count, 0);
    for (i = 1; i <= count; i++) {
        size_t len;
        const char *s;
        lua_rawgeti(L, 1, i);
        if (lua_type(L, -1) != LUA_TSTRING)
            return luaL_argerror(L, 1, lua_pushfstring(L, "element %d is not a string", i));
        s = lua_tolstring(L, -1, &len);
        push_stem(L, a, n, s, len);
        lua_rawseti(L, -3, i);
        lua_pop(L, 1);
    }
    if (n) release_big(n);
    return 1;
}

/* core.common_words() --> list of the gazetteer's common words */
static int l_common_words(lua_State *L)
{
    const char *const *w = ar_common_words();
    int i;
    lua_newtable(L);
    for (i = 0; w[i]; i++) {
        lua_pushstring(L, w[i]);
        lua_rawseti(L, -2, i + 1);
    }
    return 1;
}

/* core.minhash(text, shingle, nhash, seed) --> signature (a string of nhash
 * 32-bit values, for comparing and banding within this process), number of
 * words */
static int l_minhash(lua_State *L)
{
    size_t len, count = 0;
    const char *s = luaL_checklstring(L, 1, &len);
    lua_Integer k = luaL_checkinteger(L, 2);
    lua_Integer nh = luaL_checkinteger(L, 3);
    lua_Number seed = luaL_optnumber(L, 4, 0);
    uint32_t *sig;
    if (k < 1 || k > AR_MINHASH_MAX_SHINGLE)
        luaL_argerror(L, 2, lua_pushfstring(L, "shingle must be 1..%d", AR_MINHASH_MAX_SHINGLE));
    if (nh < 1 || nh > AR_MINHASH_MAX_HASHES)
        luaL_argerror(L, 3, lua_pushfstring(L, "hashes must be 1..%d", AR_MINHASH_MAX_HASHES));
    if (seed < 0 || seed >= 9007199254740992.0) luaL_argerror(L, 4, "seed must be 0..2^53");
    sig = (uint32_t *)ar_newuserdata(L, (size_t)nh * sizeof *sig);
    if (ar_minhash(s, len, (size_t)k, (uint64_t)seed, sig, (size_t)nh, &count) != AR_OK)
        return luaL_error(L, "minhash failed");
    lua_pushlstring(L, (const char *)sig, (size_t)nh * sizeof *sig);
    lua_pushinteger(L, (lua_Integer)count);
    return 2;
}

/* core.minhash_similarity(sig1, sig2) --> share of equal values (0..1) */
static int l_minhash_similarity(lua_State *L)
{
    size_t la, lb;
    const char *a = luaL_checklstring(L, 1, &la);
    const char *b = luaL_checklstring(L, 2, &lb);
    uint32_t x[AR_MINHASH_MAX_HASHES], y[AR_MINHASH_MAX_HASHES];
    if (la != lb || la == 0 || la % 4 || la / 4 > AR_MINHASH_MAX_HASHES)
        return luaL_argerror(L, 2, "signatures of the same size expected");
    memcpy(x, a, la);
    memcpy(y, b, lb);
    lua_pushnumber(L, ar_minhash_similarity(x, y, la / 4));
    return 1;
}

/* ------------------------------------------------------------ module */

static void new_type(lua_State *L, const char *name, const luaL_Reg *methods,
                     const luaL_Reg *meta)
{
    luaL_newmetatable(L, name);
    luaL_setfuncs(L, meta, 0);
    lua_newtable(L);
    luaL_setfuncs(L, methods, 0);
    lua_setfield(L, -2, "__index");
    lua_pushstring(L, name);
    lua_setfield(L, -2, "__name");
    lua_pop(L, 1);
}

/* ------------------------------------------------ pandoc JSON (filter)
 *
 * core.pandoc_encode(doc): pandoc's JSON for a document that lua-cjson
 * decoded and the pandoc filter changed (lua/arabic/pandoc/ast.lua), in one
 * pass. lua-cjson writes an empty Lua table as {} where pandoc needs []:
 * here an empty table is an array except where pandoc has an object (the
 * document's "meta", a MetaMap's "c"). Elements are written {"t":..,"c":..}
 * and other objects with their keys sorted, so the output does not depend
 * on hash order. The scratch buffer belongs to a userdata with a __gc: an
 * error mid-way (a value JSON cannot hold, out of memory) leaks nothing. */

#define JSONBUF_MT "arabic.PandocJsonBuffer"
/* As deep as arabic.json decodes (json.MAX_DEPTH): pandoc itself handles
 * 10,000 levels of block quotes, 20,005 of JSON. Three small C frames a
 * level, well under 100 bytes each: 25,000 levels stay inside a few MB of
 * the usual 8 MB stack. On Lua 5.1 and LuaJIT the Lua stack's own limit
 * (about 8,000 slots in one C call) stops it first, with an error. */
#define JSON_MAX_DEPTH 25000

typedef struct {
    char *p;
    size_t n, cap;
    int writer; /* stack index of a function taking each chunk, or 0 */
    int kt, kc; /* stack indices of the keys "t" and "c" (pushed once) */
    int oom;    /* cb_add ran out of memory */
} jbuf;

/* Chunks go to the writer (when there is one) once this much is buffered. */
#define JSON_CHUNK (1u << 20)

typedef struct {
    const char *s;
    size_t len;
} jkey;

static int l_jbuf_gc(lua_State *L)
{
    jbuf *b = (jbuf *)luaL_checkudata(L, 1, JSONBUF_MT);
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
    return 0;
}

static void jb_flush(lua_State *L, jbuf *b)
{
    if (!b->writer || b->n == 0) return;
    lua_pushvalue(L, b->writer);
    lua_pushlstring(L, b->p, b->n);
    b->n = 0;
    lua_call(L, 1, 0);
}

/* Room for need more bytes: 0, or -1 when the memory ran out (the buffer
 * as it was). Raises nothing: the entity worker's thread writes with it. */
static int jb_grow(jbuf *b, size_t need)
{
    size_t cap;
    char *p;
    if (need <= b->cap - b->n) return 0;
    if (need > ((size_t)-1) / 4 - b->n) return -1;
    cap = b->cap ? b->cap : 65536;
    while (cap - b->n < need) cap *= 2;
    p = (char *)realloc(b->p, cap);
    if (!p) return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

static void jb_reserve(lua_State *L, jbuf *b, size_t need)
{
    if (b->writer && b->n >= JSON_CHUNK) jb_flush(L, b);
    if (jb_grow(b, need)) luaL_error(L, "not enough memory");
}

/* One byte: the objects' braces, commas and quotes. */
static inline void jb_char(lua_State *L, jbuf *b, char c)
{
    if (b->n < b->cap && b->n < JSON_CHUNK) b->p[b->n++] = c;
    else {
        jb_reserve(L, b, 1);
        b->p[b->n++] = c;
    }
}

/* The decimal digits of v (|v| <= 2^53) into out (>= 24 bytes): the
 * length. snprintf's "%lld" was about 700 instructions a number; two
 * digits a division (from a table of the hundred pairs) halve what is
 * left, and offsets are most of the numbers annotate writes. */
static size_t fmt_integer(char *out, long long v)
{
    static const char pairs[201] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                   "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                   "8081828384858687888990919293949596979899";
    char tmp[24];
    size_t n = sizeof tmp, i = 0, len;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    while (u >= 100) {
        unsigned d = (unsigned)(u % 100) * 2;
        u /= 100;
        tmp[--n] = pairs[d + 1];
        tmp[--n] = pairs[d];
    }
    if (u >= 10) {
        tmp[--n] = pairs[u * 2 + 1];
        tmp[--n] = pairs[u * 2];
    } else {
        tmp[--n] = (char)('0' + (int)u);
    }
    if (v < 0) out[i++] = '-';
    len = sizeof tmp - n;
    memcpy(out + i, tmp + n, len);
    return i + len;
}

static void jb_add(lua_State *L, jbuf *b, const char *s, size_t len)
{
    if (len <= b->cap - b->n && b->n < JSON_CHUNK) {
        /* the usual case, without a call */
        memcpy(b->p + b->n, s, len);
        b->n += len;
        return;
    }
    jb_reserve(L, b, len);
    memcpy(b->p + b->n, s, len);
    b->n += len;
}

static void jb_string(lua_State *L, jbuf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    size_t i, start = 0;
    if (len + 2 <= b->cap - b->n && b->n < JSON_CHUNK && ar__json_plain(s, len)) {
        /* the usual string (a word of a pandoc document): no escape, and
         * room for it in the buffer: one copy */
        char *q = b->p + b->n;
        q[0] = '"';
        memcpy(q + 1, s, len);
        q[len + 1] = '"';
        b->n += len + 2;
        return;
    }
    jb_add(L, b, "\"", 1);
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        jb_add(L, b, s + start, i - start);
        start = i + 1;
        if (c == '"') jb_add(L, b, "\\\"", 2);
        else if (c == '\\') jb_add(L, b, "\\\\", 2);
        else if (c == '\n') jb_add(L, b, "\\n", 2);
        else if (c == '\t') jb_add(L, b, "\\t", 2);
        else {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            jb_add(L, b, u, sizeof u);
        }
    }
    jb_add(L, b, s + start, len - start);
    jb_add(L, b, "\"", 1);
}


/* core.text_check(s) --> nil when s is text (valid UTF-8 without NUL), or
 * "NUL byte" / "invalid UTF-8" and the 1-based byte where the first one
 * is: what the command line checks each input line for, without the
 * strict normalizer's copy of the line. */
static int l_text_check(lua_State *L)
{
    size_t len, at;
    const char *s = luaL_checklstring(L, 1, &len);
    int r = ar_text_check(s, len, &at);
    if (r == AR_OK) return 0;
    lua_pushstring(L, r == AR_TEXT_NUL ? "NUL byte" : "invalid UTF-8");
    lua_pushinteger(L, (lua_Integer)at + 1);
    return 2;
}

/* A field ar__json_fields found: nil (absent or null), a number (as a
 * JSON decoder gives one: a float) or a string. */
static void push_jfield(lua_State *L, const char *s, const ar_jfield *f)
{
    if (f->type == AR_JF_INTEGER) {
        double v = 0;
        size_t i = s[f->start] == '-';
        for (; i < f->len; i++) v = v * 10 + (s[f->start + i] - '0'); /* at most 15 digits: exact */
        lua_pushnumber(L, (lua_Number)(s[f->start] == '-' ? -v : v));
    } else if (f->type == AR_JF_STRING && !f->escapes) {
        lua_pushlstring(L, s + f->start, f->len);
    } else if (f->type == AR_JF_STRING) {
        /* unescaped in a scratch userdata (collected, whatever raises) */
        char *d = (char *)ar_newuserdata(L, f->len ? f->len : 1);
        size_t n = ar__json_unescape(s, f, d);
        lua_pushlstring(L, d, n);
        lua_remove(L, -2);
    } else {
        lua_pushnil(L);
    }
}

/* core.json_record(line, field [, id_field [, reference_field]]) --> true,
 * text, id, reference: the fields of a JSON Lines record that is one
 * object whose field is a string, its id field absent, null, a string or
 * an integer, and its reference field absent, null or a string (nil for
 * absent and null); nothing for any other line, which the caller decodes
 * with its JSON library (and reports with its messages). One pass, no
 * table: what `arabic annotate --jsonl` reads of each record. */
static int l_json_record(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *keys[3];
    ar_jfield f[3];
    int k;
    keys[0] = luaL_checkstring(L, 2);
    keys[1] = luaL_optstring(L, 3, NULL);
    keys[2] = luaL_optstring(L, 4, NULL);
    if (!ar__json_fields(s, len, keys, 3, f) || f[0].type != AR_JF_STRING || f[2].type == AR_JF_INTEGER) return 0;
    lua_pushboolean(L, 1);
    for (k = 0; k < 3; k++) push_jfield(L, s, &f[k]);
    return 4;
}

/* core.json_objects(list, keys, keyjson, value_json) --> the JSON objects
 * of the tables of list, joined by commas: each with the keys of keys in
 * order (keyjson[i] is keys[i] encoded, with its colon), nil values left
 * out. Plain strings, integers and booleans are written here; every other
 * value is value_json(v). What json.object writes, for a list at once. */
static int l_json_objects(lua_State *L)
{
    jbuf *b;
    int n, nk, i, k, top;
    jkey *kj;
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TTABLE);
    luaL_checktype(L, 4, LUA_TFUNCTION);
    n = (int)ar_rawlen(L, 1);
    nk = (int)ar_rawlen(L, 2);
    lua_settop(L, 4);
    /* the pandoc encoder's buffer, without a writer: freed by its __gc
     * when an error stops the writing */
    b = (jbuf *)ar_newuserdata(L, sizeof *b); /* 5 */
    memset(b, 0, sizeof *b);
    luaL_getmetatable(L, JSONBUF_MT);
    lua_setmetatable(L, 5);
    /* the keys once, not once an object: keys[k] at stack index 6 + k - 1,
     * keyjson[k] as pointers (kept alive by argument 3) */
    kj = (jkey *)ar_newuserdata(L, (nk ? (size_t)nk : 1) * sizeof *kj); /* 6 */
    luaL_checkstack(L, nk + 8, "json_objects keys");
    for (k = 1; k <= nk; k++) {
        lua_rawgeti(L, 3, k);
        kj[k - 1].s = lua_tolstring(L, -1, &kj[k - 1].len);
        if (!kj[k - 1].s) luaL_error(L, "json_objects: keyjson[%d] is not a string", k);
        lua_pop(L, 1);
        lua_rawgeti(L, 2, k); /* 6 + k */
    }
    top = lua_gettop(L);
    for (i = 1; i <= n; i++) {
        int any = 0;
        lua_settop(L, top);
        lua_rawgeti(L, 1, i); /* top + 1 */
        if (i > 1) jb_char(L, b, ',');
        jb_char(L, b, '{');
        for (k = 1; k <= nk; k++) {
            size_t len;
            const char *p;
            int t;
            lua_settop(L, top + 1);
            lua_pushvalue(L, 6 + k);
            lua_gettable(L, top + 1); /* top + 2: the value (metamethods as t[k]) */
            t = lua_type(L, top + 2);
            if (t == LUA_TNIL) continue;
            if (any) jb_char(L, b, ',');
            any = 1;
            jb_add(L, b, kj[k - 1].s, kj[k - 1].len);
            if (t == LUA_TSTRING) {
                p = lua_tolstring(L, top + 2, &len);
                if (ar__json_plain(p, len)) {
                    jb_char(L, b, '"');
                    jb_add(L, b, p, len);
                    jb_char(L, b, '"');
                    continue;
                }
            } else if (t == LUA_TBOOLEAN) {
                if (lua_toboolean(L, top + 2)) jb_add(L, b, "true", 4);
                else jb_add(L, b, "false", 5);
                continue;
            } else if (t == LUA_TNUMBER) {
                lua_Number v = lua_tonumber(L, top + 2);
                if (v >= -9007199254740992.0 && v <= 9007199254740992.0 && (lua_Number)(long long)v == v) {
                    char num[24];
                    jb_add(L, b, num, fmt_integer(num, (long long)v));
                    continue;
                }
            }
            /* anything else as json.object writes it */
            lua_pushvalue(L, 4);
            lua_pushvalue(L, top + 2);
            lua_call(L, 1, 1);
            p = lua_tolstring(L, -1, &len);
            if (!p) luaL_error(L, "json_objects: value_json returned no string");
            jb_add(L, b, p, len);
        }
        jb_char(L, b, '}');
    }
    lua_pushlstring(L, b->p ? b->p : "", b->n);
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
    return 1;
}

/* A new JSON buffer on the stack, freed by its __gc when an error stops
 * the writing; jb_result pushes what it holds and frees it at once. */
static jbuf *jb_new(lua_State *L)
{
    jbuf *b = (jbuf *)ar_newuserdata(L, sizeof *b);
    memset(b, 0, sizeof *b);
    luaL_getmetatable(L, JSONBUF_MT);
    lua_setmetatable(L, -2);
    return b;
}

static void jb_result(lua_State *L, jbuf *b)
{
    lua_pushlstring(L, b->p ? b->p : "", b->n);
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

/* The entity writer below runs on the entity worker's thread too, where
 * it may not touch the Lua state: it appends to a jbuf without raising
 * (b->oom says the memory ran out) and hands the rare string that needs
 * escapes to an escaper (0: written; 1: it cannot, the worker's). */
typedef int (*json_escaper)(void *ud, jbuf *b, const char *p, size_t len);

static void cb_add(jbuf *b, const char *s, size_t len)
{
    if (b->oom || jb_grow(b, len)) {
        b->oom = 1;
        return;
    }
    memcpy(b->p + b->n, s, len);
    b->n += len;
}

static void cb_int(jbuf *b, long long v)
{
    char num[24];
    cb_add(b, num, fmt_integer(num, v));
}

/* The string p[0..len) (a member's value): as it is when it needs no
 * escape, else by esc. 0, or 1 when esc cannot. */
static int cb_text(jbuf *b, const char *p, size_t len, json_escaper esc, void *ud)
{
    if (ar__json_plain(p, len)) {
        cb_add(b, "\"", 1);
        cb_add(b, p, len);
        cb_add(b, "\"", 1);
        return 0;
    }
    return esc ? esc(ud, b, p, len) : 1;
}

#define CB_KEY(b, k) cb_add(b, k, sizeof(k) - 1)

/* A string's bytes or a key at q, which moves past them. */
#define PUT(q, p, len) (memcpy(q, p, len), (q) += (len))
#define PUT_KEY(q, k) PUT(q, k, sizeof(k) - 1)

/* An entity's strings, all of them written as they are (cb_entity). */
typedef struct {
    const char *p;
    size_t len;
} cb_str;

/* One entity object whose strings need no escapes, with one check of the
 * room left: 0, or 1 when a string needs an escape (nothing written). A
 * match's JSON is mostly its keys and short strings: writing each piece
 * on its own (a room check and a memcpy call a piece) was most of the
 * cost of writing it. */
static int cb_entity_plain(jbuf *b, long long first, long long last, const cb_str *v, int nv, int fuzzy)
{
#define KS(x) {x, sizeof(x) - 1}
    static const cb_str K[5] = {KS(",\"text\":\""), KS("\",\"type\":\""), KS("\",\"id\":\""), KS("\",\"canonical\":\""),
                                KS("\",\"clitic\":\"")};
#undef KS
    size_t need = 140; /* the keys, quotes, two numbers and the fuzzy flag */
    char *q;
    int i;
    for (i = 0; i < nv; i++) {
        if (!ar__json_plain(v[i].p, v[i].len)) return 1;
        need += v[i].len;
    }
    if (b->oom || jb_grow(b, need)) {
        b->oom = 1;
        return 0;
    }
    q = b->p + b->n;
    PUT_KEY(q, "{\"first\":");
    q += fmt_integer(q, first);
    PUT_KEY(q, ",\"last\":");
    q += fmt_integer(q, last);
    for (i = 0; i < nv; i++) {
        PUT(q, K[i].p, K[i].len);
        PUT(q, v[i].p, v[i].len);
    }
    if (fuzzy) PUT_KEY(q, "\",\"fuzzy\":true}");
    else PUT_KEY(q, "\",\"fuzzy\":false}");
    b->n = (size_t)(q - b->p);
    return 0;
}

/* One entity object: the keys of ANNOT_PLAIN.entities (lua/arabic/cli.lua)
 * in their order. 0, or 1 when a string needs an escape esc cannot make. */
static int cb_entity(jbuf *b, const char *s, size_t start, size_t end, size_t token_start, long long base,
                     const char *type, size_t type_len, const char *id, size_t id_len, const char *canonical,
                     size_t canonical_len, int fuzzy, json_escaper esc, void *ud)
{
    cb_str v[5] = {{s + start, end - start}, {type, type_len}, {id, id_len}, {canonical, canonical_len},
                   {s + token_start, start - token_start}};
    if (!cb_entity_plain(b, (long long)(start + 1) + base, (long long)end + base, v, token_start < start ? 5 : 4,
                         fuzzy))
        return 0;
    CB_KEY(b, "{\"first\":");
    cb_int(b, (long long)(start + 1) + base);
    CB_KEY(b, ",\"last\":");
    cb_int(b, (long long)end + base);
    CB_KEY(b, ",\"text\":");
    if (cb_text(b, s + start, end - start, esc, ud)) return 1;
    CB_KEY(b, ",\"type\":");
    if (cb_text(b, type, type_len, esc, ud)) return 1;
    CB_KEY(b, ",\"id\":");
    if (cb_text(b, id, id_len, esc, ud)) return 1;
    CB_KEY(b, ",\"canonical\":");
    if (cb_text(b, canonical, canonical_len, esc, ud)) return 1;
    if (token_start < start) {
        CB_KEY(b, ",\"clitic\":");
        if (cb_text(b, s + token_start, start - token_start, esc, ud)) return 1;
    }
    if (fuzzy) CB_KEY(b, ",\"fuzzy\":true}");
    else CB_KEY(b, ",\"fuzzy\":false}");
    return 0;
}

/* The entities of r as JSON objects joined by commas, into b: a gazetteer
 * match, or a name linked to one, with its entry's fields; a name found
 * from context with its normalized name as id and canonical. 0 (*count
 * set), 1 when a string needs an escape esc cannot make, AR_ENOMEM. */
static int write_entities(entity_run *r, long long base, jbuf *b, json_escaper esc, void *ud, size_t *count)
{
    const ar_gaz_match *gm;
    const ar_name_match *nm;
    size_t n = 0;
    while (entities_next(r, &gm, &nm)) {
        size_t start, end, token_start;
        int fuzzy = 0, rc;
        if (n++) cb_add(b, ",", 1);
        if (nm) {
            start = nm->start;
            end = nm->end;
            token_start = nm->token_start;
            gm = NULL;
            if (nm->gaz != SIZE_MAX && r->g && nm->gaz < ar_gaz_result_count(r->gr))
                gm = ar_gaz_result_get(r->gr, nm->gaz);
        } else {
            start = gm->start;
            end = gm->end;
            token_start = gm->token_start;
            fuzzy = gm->fuzzy != 0;
        }
        if (gm) {
            ar_gaz_info info;
            ar_gaz_entry_info(r->g, gm->entry, &info);
            rc = cb_entity(b, r->s, start, end, token_start, base, info.type, info.type_len, info.id, info.id_len,
                           info.canonical, info.canonical_len, fuzzy, esc, ud);
        } else {
            rc = cb_entity(b, r->s, start, end, token_start, base, nm->type, strlen(nm->type), nm->id, nm->id_len,
                           nm->id, nm->id_len, 0, esc, ud);
        }
        if (rc) return rc;
    }
    *count = n;
    return b->oom ? AR_ENOMEM : 0;
}

/* Sentence spans as the JSON objects {"first":..,"last":..} joined by
 * commas, into b (1-based first, inclusive last). */
static void write_spans(jbuf *b, const ar_spans *sp)
{
    size_t i;
    for (i = 0; i < sp->n; i++) {
        if (i) cb_add(b, ",", 1);
        CB_KEY(b, "{\"first\":");
        cb_int(b, (long long)sp->v[i].start + 1);
        CB_KEY(b, ",\"last\":");
        cb_int(b, (long long)sp->v[i].end);
        cb_add(b, "}", 1);
    }
}

/* core.sentence_json(s, mode, abbrevs, wrap_width) --> the spans as the
 * JSON objects {"first":..,"last":..} joined by commas, and their count:
 * `arabic annotate`'s sentences without a table a sentence. */
static int l_sentence_json(lua_State *L)
{
    size_t len, n;
    const char *s = luaL_checklstring(L, 1, &len);
    ar_spans *sp = split_sentences(L, s, len);
    jbuf *b = jb_new(L);
    write_spans(b, sp);
    n = sp->n;
    release_spans(sp);
    if (b->oom) return luaL_error(L, "not enough memory");
    jb_result(L, b);
    lua_pushinteger(L, (lua_Integer)n);
    return 2;
}

/* The escaper of the Lua calls: the function at stack index value_json
 * (json.objects' value_json) writes the string. */
typedef struct {
    lua_State *L;
    int value_json;
} lua_escaper;

static int escape_with_lua(void *ud, jbuf *b, const char *p, size_t len)
{
    lua_escaper *e = (lua_escaper *)ud;
    lua_pushvalue(e->L, e->value_json);
    lua_pushlstring(e->L, p, len);
    lua_call(e->L, 1, 1);
    p = lua_tolstring(e->L, -1, &len);
    if (!p) luaL_error(e->L, "entities_json: value_json returned no string");
    cb_add(b, p, len);
    lua_pop(e->L, 1);
    return 0;
}

/* Push the entities of r as JSON and their count (lex:entities_json). */
static int entities_json_write(lua_State *L, entity_run *r, lua_Integer base, int value_json)
{
    lua_escaper e;
    size_t count = 0;
    jbuf *b = jb_new(L); /* freed by its __gc when value_json raises */
    e.L = L;
    e.value_json = value_json;
    if (write_entities(r, (long long)base, b, escape_with_lua, &e, &count)) return luaL_error(L, "not enough memory");
    jb_result(L, b);
    lua_pushinteger(L, (lua_Integer)count);
    return 2;
}

/* ------------------------------------------ entities on a second core
 * `arabic annotate` matches a document's entities and splits its
 * sentences on a thread of its own while Lua finds its dates: w:start(...)
 * hands the C matcher, the names recognizer and the splitter (reentrant;
 * gazetteer, lexicon and abbreviations read-only, results and JSON buffers
 * of the worker's own) to the worker's thread, which writes their JSON
 * without touching the Lua state; w:json(...) waits for it and gives what
 * lex:entities_json and core.sentence_json give. One process, the same
 * output. When the process may run on one processor only, or no thread
 * can be made, w:start does the work at once.
 *
 * A worker holds a queue of tasks (core.entity_worker(slots)), each in a
 * slot with its own results and buffers, run in the order they were
 * started: `arabic annotate` starts a record or two ahead of the one it
 * writes, so that neither thread waits for the other when one record
 * takes longer than the next. w:start gives the task's ticket, which
 * w:prep and w:json take. */
#define WORKER_MT "arabic.EntityWorker"
#define WORKER_SLOTS_MAX 8

enum { W_IDLE, W_QUEUED, W_DONE };

/* One task: what it reads (its strings and lists are kept alive by the
 * worker's user value, field slot + 1), what it found, and its JSON. */
typedef struct {
    _Atomic int state; /* W_*: written under the lock, read by the spins without */
    long long ticket;
    const ar_names *nm;
    const ar_gazetteer *g;
    const char *s;
    size_t len;
    ar_gaz_match_opts o;
    unsigned nmflags;
    int names;
    const char **types;
    size_t ntypes;
    int sentences; /* split the sentences too, with so */
    ar_sent_opts so;
    ar_gaz_result *gr;
    ar_names_result *nr;
    ar_spans spans;
    int gerr, nerr, serr, jerr;
    jbuf ej, sj; /* the entities' and the sentences' JSON objects */
    size_t ecount;
    /* the dates' start, made first when asked (w:prep): the text as the
     * dates' normalizer makes it, its map, and the trigger hits in it */
    const ar_normalizer *dn;
    const ar_triggers *dt;
    _Atomic int prepped; /* 1 once dbuf, dmap and dhits are made (derr) */
    int dates;           /* asked, and not read yet by w:prep */
    ar_buf dbuf;
    ar_map *dmap;
    const ar_map *smap; /* the matcher's map, when the text was made from the matcher's (dmap unused) */
    ar_trigger_hits dhits;
    int derr;
} wtask;

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t th;
    int thread; /* 1: the thread runs; -1: none will (work at once) */
    int spin;   /* Lua's side spins before it sleeps (wait_while) */
    int open;
    int nslots;
    _Atomic int quit;
    _Atomic long long queued; /* the ticket queued last (under the lock) */
    long long next;           /* (Lua's side) the next start's ticket */
    long long last;           /* (Lua's side) the task started last; 0: none */
    long long wnext;          /* (the thread) the ticket it runs next */
    wtask slot[WORKER_SLOTS_MAX];
} eworker;

/* The entity_run of a task (its results, read again). */
static void worker_run(const wtask *t, entity_run *r)
{
    memset(r, 0, sizeof *r);
    r->g = t->g;
    r->gr = t->gr;
    r->nr = t->nr;
    r->s = t->s;
    r->len = t->len;
    r->ng = t->g ? ar_gaz_result_count(t->gr) : 0;
    r->nn = t->names ? ar_names_result_count(t->nr) : 0;
    r->types = t->types;
    r->ntypes = t->ntypes;
}

/* The dates normalize as the default gazetteer matches ("search"), but
 * for teh marbuta, which they fold to heh (ة to ه: two bytes for two, the
 * offset map the same). When the task's gazetteer and the dates'
 * normalizer differ only so, the dates' text is the matcher's with that
 * one letter changed: a copy instead of a second normalization, a tenth
 * of the worker's work. The dates' start is then made after matching. */
static int prep_shared(const wtask *t)
{
    const ar_norm_options *d, *g;
    ar_norm_options o;
    if (!t->dates || !t->g) return 0;
    d = ar_normalizer_options(t->dn);
    g = ar_gaz_norm_options(t->g);
    if (!d || !g || d->teh_marbuta != AR_TEH_HEH) return 0;
    o = *d;
    o.teh_marbuta = AR_TEH_KEEP;
    return ar__norm_options_same(&o, g);
}

/* The dates' text and map from the matcher's (prep_shared): AR_OK, or
 * AR_ENOMEM; -1 when the matcher kept no text (normalized then). */
static int prep_from_match(wtask *t)
{
    const char *norm;
    const ar_map *map;
    const ar_token *tok;
    const uint32_t *lexcls;
    size_t len, ntok;
    ar_norm_options o = *ar_normalizer_options(t->dn);
    char *q;
    o.teh_marbuta = AR_TEH_KEEP;
    if (!ar__gaz_result_text(t->g, t->gr, &o, t->len, &norm, &len, &map, &tok, &ntok, NULL, &lexcls)) {
        ar_norm_stats st;
        return ar_normalize(t->dn, t->s, t->len, &t->dbuf, t->dmap, &st);
    }
    t->dbuf.len = 0;
    if (ar__buf_reserve(&t->dbuf, len)) return AR_ENOMEM;
    q = t->dbuf.data;
    memcpy(q, norm, len);
    q[len] = 0;
    t->dbuf.len = len;
    /* (found by its second byte: D8, the first, begins half the letters) */
    while (len > 1 && (q = memchr(q + 1, 0xA9, len - 1 - (size_t)(q - t->dbuf.data))) != NULL) {
        if ((unsigned char)q[-1] == 0xD8) { /* ة U+0629 -> ه U+0647 */
            q[-1] = (char)0xD9;
            q[0] = (char)0x87;
        }
    }
    t->smap = map;
    return AR_OK;
}

/* The dates' start of the task's text: what norm:map(s) and
 * triggers:scan(text) give, so that the caller finds the dates of this
 * text while the worker goes on with its entities (made before matching,
 * or after it from the matcher's text: prep_shared). Told to w:prep under
 * the lock, as a task's end is. */
static void worker_prep(eworker *w, wtask *t)
{
    ar_norm_stats st;
    t->smap = NULL;
    if (prep_shared(t) && t->gerr == AR_OK) t->derr = prep_from_match(t);
    else t->derr = ar_normalize(t->dn, t->s, t->len, &t->dbuf, t->dmap, &st);
    if (t->derr == AR_OK) t->derr = ar_triggers_scan(t->dt, t->dbuf.data, t->dbuf.len, &t->dhits);
    if (w->thread != 1) {
        t->prepped = 1;
        return;
    }
    pthread_mutex_lock(&w->mu);
    t->prepped = 1;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

/* The task: the dates' start when asked; match, find the names, write
 * their JSON (jerr 1: a string needs the Lua escaper, written again by
 * w:json), split the sentences and write theirs. */
static void worker_task(eworker *w, wtask *t)
{
    entity_run r;
    int shared = prep_shared(t);
    if (t->dates && !shared) worker_prep(w, t);
    t->gerr = t->nerr = t->serr = t->jerr = AR_OK;
    t->ej.n = t->sj.n = 0;
    t->ej.oom = t->sj.oom = 0;
    t->ecount = 0;
    if (t->g) t->gerr = ar_gaz_match_text(t->g, t->s, t->len, &t->o, t->gr);
    if (shared) worker_prep(w, t);
    if (t->gerr == AR_OK && t->names) t->nerr = ar_names_match(t->nm, t->s, t->len, t->g, t->g ? t->gr : NULL, t->nmflags, t->nr);
    if (t->gerr == AR_OK && t->nerr == AR_OK) {
        worker_run(t, &r);
        t->jerr = write_entities(&r, 0, &t->ej, NULL, NULL, &t->ecount);
    }
    if (t->sentences) {
        t->serr = ar_sentences(t->s, t->len, &t->so, &t->spans);
        if (t->serr == AR_OK) write_spans(&t->sj, &t->spans);
    }
}

/* Waking a sleeping thread costs tens of microseconds on a virtual
 * machine, as much as matching a short document: each side first spins a
 * while (about SPIN_NS) before it sleeps. */
#define SPIN_NS 100000L

static long now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long)t.tv_sec * 1000000000L + t.tv_nsec;
}

/* Spin while done(v, x) is false, at most SPIN_NS. */
static void spin_until(const void *v, long long x, int (*done)(const void *v, long long x))
{
    long end = 0;
    int i;
    for (i = 0;; i++) {
        if (done(v, x)) return;
        if ((i & 63) == 0) {
            long t = now_ns();
            if (!end) end = t + SPIN_NS;
            else if (t > end) return;
        }
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    }
}

/* (the thread) Ticket x is queued, or the worker is to quit. */
static int task_queued(const void *v, long long x)
{
    eworker *w = (eworker *)(uintptr_t)v;
    return atomic_load(&w->queued) >= x || atomic_load(&w->quit);
}

/* (Lua's side) The slot of ticket x, NULL when none holds it. */
static wtask *task_slot(eworker *w, long long x)
{
    int i;
    if (x <= 0) return NULL;
    for (i = 0; i < w->nslots; i++)
        if (w->slot[i].ticket == x && w->slot[i].state != W_IDLE) return &w->slot[i];
    return NULL;
}

/* (the thread) The slot of queued ticket x. Only a queued task's ticket
 * is read here: Lua writes a slot's while the slot is idle. */
static wtask *queued_slot(eworker *w, long long x)
{
    int i;
    for (i = 0;; i++)
        if (w->slot[i].state == W_QUEUED && w->slot[i].ticket == x) return &w->slot[i];
}

static void *worker_main(void *arg)
{
    eworker *w = (eworker *)arg;
    /* Spin for the next task only while tasks come within the spin: a
     * spin otherwise only takes a processor from whatever else runs (its
     * own main thread, on a busy machine). */
    int spin = 1;
    for (;;) {
        long t0 = now_ns();
        wtask *t;
        if (spin) spin_until(w, w->wnext, task_queued);
        pthread_mutex_lock(&w->mu);
        while (!task_queued(w, w->wnext)) pthread_cond_wait(&w->cv, &w->mu);
        if (w->quit) break;
        t = queued_slot(w, w->wnext);
        pthread_mutex_unlock(&w->mu);
        spin = now_ns() - t0 < SPIN_NS;
        worker_task(w, t);
        pthread_mutex_lock(&w->mu);
        t->state = W_DONE;
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
        w->wnext++;
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* (Lua's side) v's int at an address is not x. */
static int int_is_not(const void *v, long long x) { return atomic_load((_Atomic int *)(uintptr_t)v) != x; }

/* (Lua's side) Wait while *v is s: a spin, then the lock. As the thread
 * does for its tasks, it spins only while its waits end within the spin. */
static void wait_while(eworker *w, _Atomic int *v, int s)
{
    long t0;
    if (w->thread != 1 || atomic_load(v) != s) return;
    t0 = now_ns();
    if (w->spin) spin_until((const void *)v, s, int_is_not);
    if (atomic_load(v) == s) {
        pthread_mutex_lock(&w->mu);
        while (*v == s) pthread_cond_wait(&w->cv, &w->mu);
        pthread_mutex_unlock(&w->mu);
    }
    w->spin = now_ns() - t0 < SPIN_NS;
}

static eworker *check_worker(lua_State *L, int i)
{
    eworker *w = (eworker *)luaL_checkudata(L, i, WORKER_MT);
    if (!w->open) luaL_argerror(L, i, "worker is closed");
    return w;
}

static void task_free(wtask *t)
{
    ar_gaz_result_free(t->gr);
    ar_names_result_free(t->nr);
    ar_spans_free(&t->spans);
    free(t->ej.p);
    free(t->sj.p);
    ar_buf_free(&t->dbuf);
    ar_map_free(t->dmap);
    ar_trigger_hits_free(&t->dhits);
    memset(t, 0, sizeof *t);
}

static int l_worker_gc(lua_State *L)
{
    eworker *w = (eworker *)luaL_checkudata(L, 1, WORKER_MT);
    int i;
    if (!w->open) return 0;
    w->open = 0;
    if (w->thread == 1) {
        pthread_mutex_lock(&w->mu);
        for (i = 0; i < w->nslots; i++)
            while (w->slot[i].state == W_QUEUED) pthread_cond_wait(&w->cv, &w->mu);
        w->quit = 1;
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
        pthread_join(w->th, NULL);
    }
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    for (i = 0; i < w->nslots; i++) task_free(&w->slot[i]);
    return 0;
}

/* core.entity_worker([slots]) --> a worker that holds up to slots tasks
 * (1 to WORKER_SLOTS_MAX; 1 when not given); its thread is made on the
 * first start. Make it after the gazetteers and the lexicon it will use:
 * Lua finalizes the later-made first when it closes, and the worker's
 * __gc waits for the tasks still running. */
static int l_entity_worker(lua_State *L)
{
    lua_Integer n = luaL_optinteger(L, 1, 1);
    eworker *w;
    int i, ok = 1;
    luaL_argcheck(L, n >= 1 && n <= WORKER_SLOTS_MAX, 1, "slots out of range");
    w = (eworker *)ar_newuserdata_uv(L, sizeof *w);
    memset(w, 0, sizeof *w);
    w->spin = 1;
    w->nslots = (int)n;
    w->next = w->wnext = 1;
    lua_newtable(L);
    ar_setuv(L, -2);
    for (i = 0; i < w->nslots; i++) {
        w->slot[i].gr = ar_gaz_result_new();
        w->slot[i].nr = ar_names_result_new();
        ok = ok && w->slot[i].gr && w->slot[i].nr;
    }
    if (ok && pthread_mutex_init(&w->mu, NULL) == 0) {
        if (pthread_cond_init(&w->cv, NULL) == 0) {
            w->open = 1;
            luaL_getmetatable(L, WORKER_MT);
            lua_setmetatable(L, -2);
            return 1;
        }
        pthread_mutex_destroy(&w->mu);
    }
    for (i = 0; i < w->nslots; i++) task_free(&w->slot[i]);
    return luaL_error(L, "not enough memory");
}

/* The processors this process may run on: those online, or fewer when it
 * is pinned (taskset, a container's cpuset). */
static long usable_cpus(void)
{
#ifdef CPU_COUNT
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) return CPU_COUNT(&set);
#endif
    return sysconf(_SC_NPROCESSORS_ONLN);
}

/* A slot for the next start: an idle one, else the oldest task's, once it
 * has ended (its results are dropped: nobody asked for them in time). */
static wtask *free_slot(eworker *w)
{
    wtask *t = NULL;
    int i;
    for (i = 0; i < w->nslots; i++) {
        if (w->slot[i].state == W_IDLE) return &w->slot[i];
        if (!t || w->slot[i].ticket < t->ticket) t = &w->slot[i];
    }
    wait_while(w, &t->state, W_QUEUED);
    t->state = W_IDLE;
    return t;
}

/* Set the user value's field for slot t to the value on top (popped). */
static void set_task_args(lua_State *L, eworker *w, int wi, wtask *t)
{
    ar_getuv(L, wi);
    lua_insert(L, -2);
    lua_rawseti(L, -2, (int)(t - w->slot) + 1);
    lua_pop(L, 1);
}

/* w:start(lex, gazetteer|nil, s, gm_flags, types, ids, nm_flags, names
 * [, mode, abbrevs, wrap_width [, dates_normalizer, dates_triggers]]) -->
 * ticket: the arguments of lex:entities, and of core.sentence_json when
 * mode is given (the sentences are split too); with the dates' normalizer
 * and trigger set, the dates' start of s is made first (w:prep). The work
 * begins (on the thread) once the tasks started before it have run. With
 * every slot taken, the oldest task's results are dropped (after it
 * ends). */
static int l_worker_start(lua_State *L)
{
    eworker *w = check_worker(L, 1);
    lnames *n = check_names(L, 2);
    lgaz *g = lua_isnoneornil(L, 3) ? NULL : check_gaz(L, 3);
    size_t len;
    const char *s = luaL_checklstring(L, 4, &len);
    const char **types, **ids;
    int k, sentences;
    ar_sent_opts so;
    ar_gaz_match_opts o;
    static const char *const modes[] = {"lines", "wrapped", "auto", NULL};
    const ar_normalizer *dn = NULL;
    const ar_triggers *dt = NULL;
    wtask *t;
    w->last = 0; /* a start that raises leaves no task to read as the last */
    t = free_slot(w);
    /* every argument read before the task changes (they may raise) */
    lua_settop(L, 14); /* string_list pushes: keep the arguments where they are */
    if (!lua_isnil(L, 13)) {
        dn = check_norm(L, 13)->n;
        dt = check_triggers(L, 14)->t;
        if (!t->dmap && !(t->dmap = ar_map_new())) return luaL_error(L, "not enough memory");
    }
    memset(&so, 0, sizeof so);
    sentences = !lua_isnil(L, 10);
    if (sentences) {
        so.mode = luaL_checkoption(L, 10, "lines", modes);
        so.abbrevs = lua_isnil(L, 11) ? NULL : check_abbrevs(L, 11)->a;
        so.wrap_width = (size_t)luaL_optinteger(L, 12, 0);
    }
    memset(&o, 0, sizeof o);
    o.flags = (unsigned)luaL_optinteger(L, 5, 0);
    o.ntypes = string_list(L, 6, &types); /* 15 */
    o.types = types;
    o.nids = string_list(L, 7, &ids); /* 16 */
    o.ids = ids;
    o.lexicon = n->nm;
    t->nmflags = (unsigned)luaL_optinteger(L, 8, 0);
    t->names = lua_toboolean(L, 9) && !ids;
    t->sentences = sentences;
    t->so = so;
    t->o = o;
    t->types = types;
    t->ntypes = o.ntypes;
    t->nm = n->nm;
    t->g = g ? g->g : NULL;
    t->s = s;
    t->len = len;
    t->dn = dn;
    t->dt = dt;
    t->dates = dn != NULL;
    t->prepped = 0;
    t->ticket = w->next++;
    w->last = t->ticket;
    lua_settop(L, 16);
    /* what the task reads stays alive until w:json reads it, or another
     * task takes its slot */
    lua_createtable(L, 15, 0);
    for (k = 2; k <= 16; k++) {
        lua_pushvalue(L, k);
        lua_rawseti(L, -2, k);
    }
    set_task_args(L, w, 1, t);
    if (w->thread == 0) w->thread = usable_cpus() > 1 && pthread_create(&w->th, NULL, worker_main, w) == 0 ? 1 : -1;
    if (w->thread == 1) {
        pthread_mutex_lock(&w->mu);
        t->state = W_QUEUED;
        w->queued = t->ticket;
        pthread_cond_broadcast(&w->cv);
        pthread_mutex_unlock(&w->mu);
    } else {
        worker_task(w, t);
        t->state = W_DONE;
    }
    lua_pushinteger(L, (lua_Integer)t->ticket);
    return 1;
}

/* The task of the ticket at stack index i (the task started last when
 * none is given), NULL when no slot holds it. */
static wtask *arg_task(lua_State *L, eworker *w, int i)
{
    return task_slot(w, lua_isnoneornil(L, i) ? w->last : (long long)luaL_checkinteger(L, i));
}

/* Give back the dates' start buffers a big text grew. */
static void worker_release_prep(wtask *t)
{
    if (t->dbuf.cap > KEEP_BUFFER) ar_buf_free(&t->dbuf);
    if (t->dmap && ar_map_anchors(t->dmap) > KEEP_BUFFER / 8) {
        ar_map_free(t->dmap);
        t->dmap = NULL; /* made again by the next start that asks */
    }
    if (t->dhits.cap * sizeof *t->dhits.v > KEEP_BUFFER) ar_trigger_hits_free(&t->dhits);
}

/* w:prep([ticket]) --> text, map, hits, number of hits: what norm:map(s)
 * (text and a flat map) and triggers:scan(text) give for the task (the
 * one started last when no ticket is given) started with the dates'
 * normalizer and triggers, once the worker has made them (it goes on with
 * the entities). Once a task, before its w:json. */
static int l_worker_prep(lua_State *L)
{
    eworker *w = check_worker(L, 1);
    wtask *t = arg_task(L, w, 2);
    const ar_map *dmap;
    lmap *m;
    ar_trigger_hits *h;
    int err;
    if (!t || !t->dates) return luaL_error(L, "entity worker: no dates started");
    wait_while(w, &t->prepped, 0);
    t->dates = 0; /* read once */
    err = t->derr;
    if (err) {
        worker_release_prep(t);
        if (err == AR_ENOMEM) return luaL_error(L, "not enough memory");
        return luaL_error(L, "normalization failed: %s", ar_strerror(err));
    }
    lua_pushlstring(L, t->dbuf.data ? t->dbuf.data : "", t->dbuf.len);
    dmap = t->smap ? t->smap : t->dmap;
    m = (lmap *)ar_newuserdata(L, FLATMAP_OFF + ar_map_flat_size(dmap));
    m->m = (ar_map *)ar_map_flatten(dmap, (char *)m + FLATMAP_OFF);
    luaL_getmetatable(L, FLATMAP_MT);
    lua_setmetatable(L, -2);
    h = (ar_trigger_hits *)ar_newuserdata(L, HITS_OFF + t->dhits.n * sizeof *h->v);
    h->n = h->cap = t->dhits.n;
    h->v = (ar_trigger_hit *)((char *)h + HITS_OFF);
    if (h->n) memcpy(h->v, t->dhits.v, h->n * sizeof *h->v);
    luaL_getmetatable(L, HITS_MT);
    lua_setmetatable(L, -2);
    lua_pushinteger(L, (lua_Integer)h->n);
    worker_release_prep(t);
    return 4;
}

/* Give back the buffers a big text grew (the next text may be small). */
static void worker_release(wtask *t)
{
    if (t->ej.cap > KEEP_BUFFER) {
        free(t->ej.p);
        memset(&t->ej, 0, sizeof t->ej);
    }
    if (t->sj.cap > KEEP_BUFFER) {
        free(t->sj.p);
        memset(&t->sj, 0, sizeof t->sj);
    }
    if (t->spans.cap * sizeof *t->spans.v > KEEP_BUFFER) ar_spans_free(&t->spans);
}

/* Take task t off the worker once it has ended: its slot is free again.
 * Pushes what it read (its text and lists, alive while it is written). */
static void take_task(lua_State *L, eworker *w, int wi, wtask *t)
{
    wait_while(w, &t->state, W_QUEUED);
    t->state = W_IDLE;
    if (t->ticket == w->last) w->last = 0;
    ar_getuv(L, wi);
    lua_rawgeti(L, -1, (int)(t - w->slot) + 1);
    lua_pushnil(L);
    lua_rawseti(L, -3, (int)(t - w->slot) + 1);
    lua_remove(L, -2);
}

/* w:json(base, value_json [, ticket]) --> what lex:entities_json writes
 * of the task (the one started last when no ticket is given: the tasks
 * before it are then dropped), and the count; then, when it split the
 * sentences, what core.sentence_json writes and that count. Raises what
 * lex:entities and core.sentences would raise. The task is then done. */
static int l_worker_json(lua_State *L)
{
    eworker *w = check_worker(L, 1);
    lua_Integer base = luaL_optinteger(L, 2, 0);
    wtask *t = arg_task(L, w, 4);
    int err, i;
    luaL_checktype(L, 3, LUA_TFUNCTION);
    if (!t) return luaL_error(L, "entity worker: no task started");
    lua_settop(L, 4);
    if (lua_isnil(L, 4))
        for (i = 0; i < w->nslots; i++)
            if (w->slot[i].state != W_IDLE && w->slot[i].ticket < t->ticket) {
                take_task(L, w, 1, &w->slot[i]);
                lua_pop(L, 1);
            }
    take_task(L, w, 1, t); /* 5: keeps the text and lists alive while writing */
    err = t->gerr ? t->gerr : t->nerr ? t->nerr : t->serr;
    if (err || t->jerr == AR_ENOMEM || t->sj.oom) worker_release(t); /* raised below */
    if (err == AR_ENOMEM || t->jerr == AR_ENOMEM || t->sj.oom) return luaL_error(L, "not enough memory");
    if (t->gerr) return luaL_error(L, "matching failed: %s", ar_strerror(t->gerr));
    if (t->nerr) return luaL_error(L, "name recognition failed: %s", ar_strerror(t->nerr));
    if (t->serr) return luaL_error(L, "sentence splitting failed: %s", ar_strerror(t->serr));
    if (t->jerr || base != 0) {
        /* a string that needs escapes, or offsets to move: written here */
        entity_run r;
        worker_run(t, &r);
        entities_json_write(L, &r, base, 3);
    } else {
        lua_pushlstring(L, t->ej.p ? t->ej.p : "", t->ej.n);
        lua_pushinteger(L, (lua_Integer)t->ecount);
    }
    if (t->sentences) {
        lua_pushlstring(L, t->sj.p ? t->sj.p : "", t->sj.n);
        lua_pushinteger(L, (lua_Integer)t->spans.n);
    }
    worker_release(t);
    return t->sentences ? 4 : 2;
}

/* Integers as integers (lua-cjson decodes every number as a float). */
static void jb_number(lua_State *L, jbuf *b, int idx)
{
    char tmp[64];
    size_t len;
    lua_Number x = lua_tonumber(L, idx);
    if (!(x - x == 0)) luaL_error(L, "pandoc JSON: %s is no JSON number", x != x ? "NaN" : "an infinity");
    if (x >= -9007199254740992.0 && x <= 9007199254740992.0 && x == (lua_Number)(long long)x)
        len = fmt_integer(tmp, (long long)x);
    else
        len = (size_t)snprintf(tmp, sizeof tmp, "%.14g", (double)x);
    jb_add(L, b, tmp, len);
}

static int jkey_cmp(const void *a, const void *b)
{
    const jkey *x = (const jkey *)a, *y = (const jkey *)b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->s, y->s, n);
    if (c) return c;
    return x->len < y->len ? -1 : x->len > y->len;
}

static void jb_value(lua_State *L, jbuf *b, int idx, int object, int depth);

/* A table with string keys: an object, keys sorted. The key strings stay
 * alive as keys of the table while they are written. */
static void jb_object(lua_State *L, jbuf *b, int idx, int depth)
{
    size_t n = 0, i;
    jkey *keys;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING) luaL_error(L, "pandoc JSON: a table mixes keys that are no strings");
        n++;
        lua_pop(L, 1);
    }
    keys = (jkey *)ar_newuserdata(L, n * sizeof *keys);
    i = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        keys[i].s = lua_tolstring(L, -2, &keys[i].len);
        i++;
        lua_pop(L, 1);
    }
    qsort(keys, n, sizeof *keys, jkey_cmp);
    jb_add(L, b, "{", 1);
    for (i = 0; i < n; i++) {
        if (i) jb_add(L, b, ",", 1);
        jb_string(L, b, keys[i].s, keys[i].len);
        jb_add(L, b, ":", 1);
        lua_pushlstring(L, keys[i].s, keys[i].len);
        lua_rawget(L, idx);
        /* the document's metadata is an object even when empty */
        jb_value(L, b, lua_gettop(L), depth == 0 && keys[i].len == 4 && memcmp(keys[i].s, "meta", 4) == 0,
                 depth + 1);
        lua_pop(L, 1);
    }
    jb_add(L, b, "}", 1);
    lua_pop(L, 1); /* the keys */
}

static void jb_table(lua_State *L, jbuf *b, int idx, int object, int depth)
{
    size_t n, i;
    if (depth > JSON_MAX_DEPTH) luaL_error(L, "pandoc JSON: nested more than %d deep", JSON_MAX_DEPTH);
    luaL_checkstack(L, 6, "pandoc JSON");
    lua_pushvalue(L, b->kt);
    lua_rawget(L, idx);
    if (lua_type(L, -1) == LUA_TSTRING) {
        /* an element: {"t": tag, "c": content} */
        size_t tl;
        const char *t = lua_tolstring(L, -1, &tl);
        int map = tl == 7 && memcmp(t, "MetaMap", 7) == 0;
        jb_add(L, b, "{\"t\":", 5);
        jb_string(L, b, t, tl);
        lua_pushvalue(L, b->kc);
        lua_rawget(L, idx);
        if (!lua_isnil(L, -1)) {
            jb_add(L, b, ",\"c\":", 5);
            jb_value(L, b, lua_gettop(L), map, depth + 1);
        }
        lua_pop(L, 2);
        jb_add(L, b, "}", 1);
        return;
    }
    lua_pop(L, 1);
    n = ar_rawlen(L, idx);
    if (n > 0) {
        jb_add(L, b, "[", 1);
        for (i = 1; i <= n; i++) {
            if (i > 1) jb_add(L, b, ",", 1);
            lua_rawgeti(L, idx, (int)i);
            jb_value(L, b, lua_gettop(L), 0, depth + 1);
            lua_pop(L, 1);
        }
        jb_add(L, b, "]", 1);
        return;
    }
    lua_pushnil(L);
    if (!lua_next(L, idx)) {
        jb_add(L, b, object ? "{}" : "[]", 2);
        return;
    }
    lua_pop(L, 2);
    jb_object(L, b, idx, depth);
}

static void jb_value(lua_State *L, jbuf *b, int idx, int object, int depth)
{
    switch (lua_type(L, idx)) {
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, idx, &len);
        jb_string(L, b, s, len);
        break;
    }
    case LUA_TNUMBER: jb_number(L, b, idx); break;
    case LUA_TBOOLEAN: lua_toboolean(L, idx) ? jb_add(L, b, "true", 4) : jb_add(L, b, "false", 5); break;
    case LUA_TTABLE: jb_table(L, b, idx, object, depth); break;
    case LUA_TNIL: jb_add(L, b, "null", 4); break;
    case LUA_TLIGHTUSERDATA: /* lua-cjson's null */
        if (lua_touserdata(L, idx) == NULL) {
            jb_add(L, b, "null", 4);
            break;
        }
        /* fall through */
    default: luaL_error(L, "pandoc JSON: cannot write a %s", luaL_typename(L, idx));
    }
}

/* core.pandoc_encode(doc [, write]): the JSON as a string, or, with a
 * function, given to it in chunks of about a megabyte (nothing returned):
 * a big document is written out without its JSON whole in memory. */
static int l_pandoc_encode(lua_State *L)
{
    jbuf *b;
    int streaming = !lua_isnoneornil(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    if (streaming) luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_settop(L, 2);
    b = (jbuf *)ar_newuserdata(L, sizeof *b);
    b->p = NULL;
    b->n = b->cap = 0;
    b->writer = streaming ? 2 : 0;
    luaL_getmetatable(L, JSONBUF_MT);
    lua_setmetatable(L, -2);
    lua_pushliteral(L, "t");
    b->kt = lua_gettop(L);
    lua_pushliteral(L, "c");
    b->kc = lua_gettop(L);
    jb_value(L, b, 1, 1, 0);
    if (streaming) jb_flush(L, b);
    else lua_pushlstring(L, b->p, b->n);
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
    return streaming ? 0 : 1;
}

/* core.pandoc_decode(s): the document lua-cjson would decode from pandoc's
 * JSON (the same tables, numbers as floats, null as cjson.null, the last
 * of a repeated key), or nothing when s is anything but JSON this accepts:
 * the caller then asks lua-cjson, for its value or its error message, so
 * both ways always agree. Why not lua-cjson itself: it makes every table
 * empty and grows it key by key (two reallocations for each {"t","c"},
 * array parts up to twice their size); here a table is made once its
 * values are known, at its size: a quarter less memory and time for a
 * big document. The values of a table wait on the Lua stack (a few dozen
 * a paragraph at most; a longer array is moved into its table in batches). */
#define JDEC_BATCH 256 /* values of an array waiting on the stack */
#define JDEC_PAIRS 16 /* key-value pairs of an object waiting on the stack */

typedef struct {
    const char *p, *end;
    int depth;
    int kt, kc; /* stack indices of the keys "t" and "c" (pushed once) */
} jdec;

static int jd_value(lua_State *L, jdec *d);

static void jd_space(jdec *d)
{
    while (d->p < d->end && (*d->p == ' ' || *d->p == '\n' || *d->p == '\r' || *d->p == '\t')) d->p++;
}

static int jd_hex4(const char *p, const char *end, unsigned *out)
{
    unsigned v = 0;
    int i;
    if (end - p < 4) return 0;
    for (i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else return 0;
    }
    *out = v;
    return 1;
}

/* A \u escape (p after the u; a surrogate pair as one), in UTF-8 into
 * the buffer; the position after it, or NULL. */
static const char *jd_unicode(luaL_Buffer *b, const char *p, const char *end)
{
    unsigned cp, lo;
    char u[4];
    size_t n;
    if (!jd_hex4(p, end, &cp)) return NULL;
    p += 4;
    if ((cp & 0xF800) == 0xD800) {
        if (cp & 0x400) return NULL; /* a low surrogate first */
        if (end - p < 6 || p[0] != '\\' || p[1] != 'u' || !jd_hex4(p + 2, end, &lo)) return NULL;
        if ((lo & 0xFC00) != 0xDC00) return NULL;
        cp = (((cp & 0x3FF) << 10) | (lo & 0x3FF)) + 0x10000;
        p += 6;
    }
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    luaL_addlstring(b, u, n);
    return p;
}

/* A string (d->p after its opening quote). Bytes go through as they are
 * (lua-cjson checks no UTF-8 either); a NUL byte is refused as it does. */
/* The first quote, backslash or NUL at or after p (or end). */
static const char *jd_plain_end(const char *p, const char *end)
{
    p += ar__json_plain_prefix(p, (size_t)(end - p));
    while (p < end && *p != '"' && *p != '\\' && *p != '\0') p++;
    return p;
}

static int jd_string(lua_State *L, jdec *d)
{
    const char *p = d->p, *end = d->end, *start = p;
    luaL_Buffer b;
    p = jd_plain_end(p, end);
    if (p >= end || *p == '\0') return 0;
    if (*p == '"') {
        lua_pushlstring(L, start, (size_t)(p - start));
        d->p = p + 1;
        return 1;
    }
    luaL_buffinit(L, &b);
    luaL_addlstring(&b, start, (size_t)(p - start));
    while (p < end) {
        char c = *p;
        if (c == '"') {
            luaL_pushresult(&b);
            d->p = p + 1;
            return 1;
        }
        if (c == '\0') return 0;
        if (c != '\\') {
            const char *q = jd_plain_end(p, end);
            luaL_addlstring(&b, p, (size_t)(q - p));
            p = q;
            continue;
        }
        if (++p >= end) return 0;
        switch (*p) {
        case '"': luaL_addchar(&b, '"'); break;
        case '\\': luaL_addchar(&b, '\\'); break;
        case '/': luaL_addchar(&b, '/'); break;
        case 'b': luaL_addchar(&b, '\b'); break;
        case 'f': luaL_addchar(&b, '\f'); break;
        case 'n': luaL_addchar(&b, '\n'); break;
        case 'r': luaL_addchar(&b, '\r'); break;
        case 't': luaL_addchar(&b, '\t'); break;
        case 'u':
            p = jd_unicode(&b, p + 1, end);
            if (!p) return 0;
            continue;
        default: return 0;
        }
        p++;
    }
    return 0;
}

/* A number in JSON's own grammar, as the float lua-cjson makes of it. */
static int jd_number(lua_State *L, jdec *d)
{
    const char *p = d->p, *end = d->end, *start = p;
    int is_int = 1, digits = 0;
    double v = 0;
    if (p < end && *p == '-') p++;
    if (p >= end || *p < '0' || *p > '9') return 0;
    if (*p == '0') {
        p++;
        digits = 1;
    } else {
        while (p < end && *p >= '0' && *p <= '9') {
            v = v * 10 + (*p - '0');
            p++;
            digits++;
        }
    }
    if (p < end && *p == '.') {
        is_int = 0;
        if (++p >= end || *p < '0' || *p > '9') return 0;
        while (p < end && *p >= '0' && *p <= '9') p++;
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        is_int = 0;
        p++;
        if (p < end && (*p == '+' || *p == '-')) p++;
        if (p >= end || *p < '0' || *p > '9') return 0;
        while (p < end && *p >= '0' && *p <= '9') p++;
    }
    d->p = p;
    if (is_int && digits <= 15) {
        /* exact in a double: what strtod gives */
        lua_pushnumber(L, (lua_Number)(*start == '-' ? -v : v));
        return 1;
    }
    lua_pushlstring(L, start, (size_t)(p - start));
    v = (double)lua_tonumber(L, -1);
    lua_pop(L, 1);
    lua_pushnumber(L, (lua_Number)v);
    return 1;
}

/* Moves the n values at the top of the stack into the table at t, as its
 * items from first + 1 on. */
static void jd_store(lua_State *L, int t, int first, int n)
{
    while (n > 0) {
        lua_rawseti(L, t, first + n);
        n--;
    }
}

static int jd_array(lua_State *L, jdec *d)
{
    int base = lua_gettop(L), t = 0, stored = 0, n = 0;
    jd_space(d);
    if (d->p < d->end && *d->p == ']') {
        d->p++;
        lua_createtable(L, 0, 0);
        return 1;
    }
    for (;;) {
        if (!lua_checkstack(L, 8) || !jd_value(L, d)) return 0;
        n++;
        jd_space(d);
        if (d->p >= d->end) return 0;
        if (*d->p == ']') break;
        if (*d->p != ',') return 0;
        d->p++;
        if (n == JDEC_BATCH) {
            /* a long array: into its table now */
            if (!t) {
                lua_createtable(L, JDEC_BATCH, 0);
                lua_insert(L, base + 1);
                t = base + 1;
            }
            jd_store(L, t, stored, n);
            stored += n;
            n = 0;
        }
    }
    d->p++;
    if (!t) {
        lua_createtable(L, n, 0);
        lua_insert(L, base + 1);
        t = base + 1;
    }
    jd_store(L, t, stored, n);
    return 1;
}

static int jd_object(lua_State *L, jdec *d)
{
    int base = lua_gettop(L), t = 0, n = 0, i;
    jd_space(d);
    if (d->p < d->end && *d->p == '}') {
        d->p++;
        lua_createtable(L, 0, 0);
        return 1;
    }
    for (;;) {
        if (!lua_checkstack(L, 8)) return 0;
        jd_space(d);
        if (d->p >= d->end || *d->p != '"') return 0;
        d->p++;
        if (d->end - d->p >= 2 && d->p[1] == '"' && (d->p[0] == 't' || d->p[0] == 'c')) {
            /* the keys of every element */
            lua_pushvalue(L, d->p[0] == 't' ? d->kt : d->kc);
            d->p += 2;
        } else if (!jd_string(L, d)) {
            return 0;
        }
        jd_space(d);
        if (d->p >= d->end || *d->p != ':') return 0;
        d->p++;
        if (!jd_value(L, d)) return 0;
        n++;
        jd_space(d);
        if (d->p >= d->end) return 0;
        if (*d->p == '}' || n == JDEC_PAIRS) {
            /* the pairs in order: a repeated key keeps its last value */
            int first = t ? base + 2 : base + 1;
            if (!t) {
                lua_createtable(L, 0, *d->p == '}' ? n : 2 * JDEC_PAIRS);
                lua_insert(L, base + 1);
                t = base + 1;
                first = base + 2;
            }
            for (i = 0; i < n; i++) {
                lua_pushvalue(L, first + 2 * i);
                lua_pushvalue(L, first + 2 * i + 1);
                lua_rawset(L, t);
            }
            lua_settop(L, t);
            n = 0;
            if (*d->p == '}') break;
        }
        if (*d->p != ',') return 0;
        d->p++;
    }
    d->p++;
    return 1;
}

static int jd_literal(jdec *d, const char *word, size_t len)
{
    if ((size_t)(d->end - d->p) < len || memcmp(d->p, word, len) != 0) return 0;
    d->p += len;
    return 1;
}

static int jd_value(lua_State *L, jdec *d)
{
    int ok;
    jd_space(d);
    if (d->p >= d->end) return 0;
    switch (*d->p) {
    case '"': d->p++; return jd_string(L, d);
    case '{':
    case '[':
        /* lua-cjson keeps a slot or two a level on the Lua stack, which
         * stops it near 8,000 levels on Lua 5.1 and LuaJIT: asking for
         * more here, this gives up first and it decides */
        if (++d->depth > JSON_MAX_DEPTH || !lua_checkstack(L, 2 * d->depth + 8)) return 0;
        ok = *d->p++ == '{' ? jd_object(L, d) : jd_array(L, d);
        d->depth--;
        return ok;
    case 't':
        if (!jd_literal(d, "true", 4)) return 0;
        lua_pushboolean(L, 1);
        return 1;
    case 'f':
        if (!jd_literal(d, "false", 5)) return 0;
        lua_pushboolean(L, 0);
        return 1;
    case 'n':
        if (!jd_literal(d, "null", 4)) return 0;
        lua_pushlightuserdata(L, NULL); /* cjson.null */
        return 1;
    default: return jd_number(L, d);
    }
}

static int l_pandoc_decode(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    jdec d;
    d.p = s;
    d.end = s + len;
    d.depth = 0;
    lua_settop(L, 1);
    lua_pushliteral(L, "t");
    d.kt = lua_gettop(L);
    lua_pushliteral(L, "c");
    d.kc = lua_gettop(L);
    if (!jd_value(L, &d)) return 0;
    jd_space(&d);
    if (d.p != d.end) return 0;
    return 1;
}

/* core.other_letters(s, dir): the 1-based positions of the words of s that
 * hold a letter of the other direction than dir ("rtl": a letter of
 * another script than Arabic; "ltr": an Arabic letter), one a word. The
 * pandoc filter looks for runs of the other direction only there: most
 * paragraphs have none, and a byte scan is far cheaper than tokenizing. */
static int l_other_letters(lua_State *L)
{
    size_t len, i = 0;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *dir = luaL_checkstring(L, 2);
    int rtl = strcmp(dir, "rtl") == 0;
    int seen = 0; /* the current word is already in the list */
    lua_Integer n = 0;
    lua_newtable(L);
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        int32_t cp;
        size_t l;
        int cls, other;
        if (c < 0x80) {
            if (c == ' ' || c == '\n' || c == '\t' || c == '\r') seen = 0;
            else if (rtl && !seen && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) {
                lua_pushinteger(L, (lua_Integer)i + 1);
                lua_rawseti(L, -2, (int)++n);
                seen = 1;
            }
            i++;
            continue;
        }
        l = ar_utf8_decode(s + i, len - i, &cp);
        if (l == 0) l = 1;
        cls = ar_char_class(cp);
        if (cls == AR_C_SPACE || cls == AR_C_NEWLINE) seen = 0;
        other = rtl ? cls == AR_C_LETTER : cls == AR_C_ARABIC;
        if (other && !seen) {
            lua_pushinteger(L, (lua_Integer)i + 1);
            lua_rawseti(L, -2, (int)++n);
            seen = 1;
        }
        i += l;
    }
    return 1;
}

/* Adds pandoc_encode, pandoc_decode and other_letters to the module table at the top of
 * the stack. */
static void open_pandoc_json(lua_State *L)
{
    static const luaL_Reg methods[] = {{NULL, NULL}};
    static const luaL_Reg meta[] = {{"__gc", l_jbuf_gc}, {NULL, NULL}};
    new_type(L, JSONBUF_MT, methods, meta);
    lua_pushcfunction(L, l_pandoc_encode);
    lua_setfield(L, -2, "pandoc_encode");
    lua_pushcfunction(L, l_pandoc_decode);
    lua_setfield(L, -2, "pandoc_decode");
    lua_pushcfunction(L, l_other_letters);
    lua_setfield(L, -2, "other_letters");
}

static void translit_open(lua_State *L); /* transliteration: the block at the end of the file */
/* ------------------------------------------------- files and output
 * (issue 16: what a document may read, output that fails loudly)
 *
 * core.file_info(path) --> { type = "file" | "directory" | "fifo" | "char" |
 *   "block" | "socket" | "other", size = bytes, real = the canonical path }
 *   or nil, message. stat() follows symbolic links; realpath() resolves
 *   them and every "." and "..". Checks a file without opening it (opening
 *   a FIFO would block). Used by arabic.paths.
 * core.fd_truncate(fd, length) --> true | nil, message: cuts a regular
 *   file open as fd (the command line's standard output) back to its last
 *   whole line after a failed write.
 * core.fd_position(fd) --> the offset where the next write to fd lands (the
 *   end of the file when it is open for appending), or nil when fd is not
 *   a regular file (a pipe, a terminal: nothing can be cut back there).
 * core.trap_signals() --> nothing: SIGTERM, SIGINT and SIGHUP raise a Lua
 *   error at the next instruction instead of killing the process (below);
 *   core.signalled() --> the signal's number once one came, else nil.
 *   For the command line's own process.
 * core.ignore_sigxfsz() --> nothing: a write past the file-size limit then
 *   fails with EFBIG (reported, the partial line cut off) instead of
 *   killing the process mid-line. For the command line's own process.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

static int l_file_info(lua_State *L)
{
    const char *path = luaL_checkstring(L, 1);
    struct stat st;
    char *real;
    const char *type = "other";
    if (stat(path, &st) != 0) {
        lua_pushstring(L, strerror(errno));
        return nil_message(L);
    }
    if (S_ISREG(st.st_mode)) type = "file";
    else if (S_ISDIR(st.st_mode)) type = "directory";
    else if (S_ISFIFO(st.st_mode)) type = "fifo";
    else if (S_ISCHR(st.st_mode)) type = "char";
    else if (S_ISBLK(st.st_mode)) type = "block";
    else if (S_ISSOCK(st.st_mode)) type = "socket";
    real = realpath(path, NULL);
    if (!real) {
        lua_pushstring(L, strerror(errno));
        return nil_message(L);
    }
    lua_createtable(L, 0, 3);
    lua_pushstring(L, type);
    lua_setfield(L, -2, "type");
    lua_pushinteger(L, (lua_Integer)st.st_size);
    lua_setfield(L, -2, "size");
    lua_pushstring(L, real);
    free(real);
    lua_setfield(L, -2, "real");
    return 1;
}

static int l_fd_truncate(lua_State *L)
{
    int fd = (int)luaL_checkinteger(L, 1);
    lua_Number len = luaL_checknumber(L, 2);
    struct stat st;
    if (len < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        lua_pushstring(L, "not a regular file");
        return nil_message(L);
    }
    if (ftruncate(fd, (off_t)len) != 0) {
        lua_pushstring(L, strerror(errno));
        return nil_message(L);
    }
    lua_pushboolean(L, 1);
    return 1;
}

static int l_fd_position(lua_State *L)
{
    int fd = (int)luaL_checkinteger(L, 1), fl;
    struct stat st;
    off_t pos;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (fl = fcntl(fd, F_GETFL)) == -1) return 0;
    pos = (fl & O_APPEND) ? st.st_size : lseek(fd, 0, SEEK_CUR);
    if (pos < 0) return 0;
    lua_pushinteger(L, (lua_Integer)pos);
    return 1;
}

static int l_ignore_sigxfsz(lua_State *L)
{
    (void)L;
#ifdef SIGXFSZ
    signal(SIGXFSZ, SIG_IGN);
#endif
    return 0;
}

/* Stopping the command line cleanly on SIGTERM, SIGINT and SIGHUP. A
 * fatal signal can cut a write() to a regular file between two pages (the
 * kernel checks for one while copying), so "each block is one write" alone
 * does not keep the output to whole lines. With a handler the signal is no
 * longer fatal: the handler records it and sets a hook (the way lua.c
 * handles Ctrl-C; lua_sethook may be called from a signal handler) that
 * raises an error at the next Lua instruction, and the command line then
 * drops its unfinished line and exits with 128 + the signal.
 *
 * Process-wide state, on purpose: a signal reaches the process, not a
 * Lua state. Only the command line's own process sets these (core.trap_signals);
 * the library never does. */
static lua_State *volatile trap_state = NULL;
static volatile sig_atomic_t trap_signal = 0;

static void trap_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    lua_sethook(L, NULL, 0, 0);
    luaL_error(L, "stopped by signal %d", (int)trap_signal);
}

static void trap_handler(int sig)
{
    lua_State *L = trap_state;
    if (!trap_signal) trap_signal = sig;
    if (L) lua_sethook(L, trap_hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

static int l_trap_signals(lua_State *L)
{
    static const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
    struct sigaction sa;
    size_t i;
    trap_state = L;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = trap_handler;
    sigemptyset(&sa.sa_mask);
    for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++) sigaction(sigs[i], &sa, NULL);
    return 0;
}

/* core.signalled() --> the number of the signal trapped, or nil. */
static int l_signalled(lua_State *L)
{
    if (!trap_signal) return 0;
    lua_pushinteger(L, (lua_Integer)trap_signal);
    return 1;
}

static void register_files(lua_State *L)
{
    static const luaL_Reg f[] = {{"file_info", l_file_info},
                                 {"fd_truncate", l_fd_truncate},
                                 {"fd_position", l_fd_position},
                                 {"ignore_sigxfsz", l_ignore_sigxfsz},
                                 {"trap_signals", l_trap_signals},
                                 {"signalled", l_signalled},
                                 {NULL, NULL}};
    const luaL_Reg *r;
    for (r = f; r->name; r++) {
        lua_pushcfunction(L, r->func);
        lua_setfield(L, -2, r->name);
    }
}

/* Method name of type mt (in its __index table) as a closure of f with
 * the metatables up1 and up2 as its upvalues: the calls that check their
 * arguments by upvalue, not by a registry look-up a call (re:exec_named,
 * norm:map). */
static void method_with_metatables(lua_State *L, const char *mt, const char *name, lua_CFunction f,
                                   const char *up1, const char *up2)
{
    luaL_getmetatable(L, mt);
    lua_getfield(L, -1, "__index");
    luaL_getmetatable(L, up1);
    luaL_getmetatable(L, up2);
    lua_pushcclosure(L, f, 2);
    lua_setfield(L, -2, name);
    lua_pop(L, 2);
}

int luaopen_arabic_core(lua_State *L)
{
    static const luaL_Reg norm_methods[] = {{"normalize", l_norm_call},
                                            /* "map": a closure, below */
                                            {"options", l_norm_options},
                                            {"close", l_norm_gc},
                                            {NULL, NULL}};
    static const luaL_Reg norm_meta[] = {{"__call", l_norm_call},
                                         {"__gc", l_norm_gc},
                                         {"__tostring", l_norm_tostring},
#if LUA_VERSION_NUM >= 504
                                         {"__close", l_norm_gc},
#endif
                                         {NULL, NULL}};
    static const luaL_Reg map_methods[] = {{"source", l_map_source},
                                           {"target", l_map_target},
                                           {"lengths", l_map_lengths},
                                           {NULL, NULL}};
    static const luaL_Reg map_meta[] = {{"__gc", l_map_gc},
                                        {"__tostring", l_map_tostring},
#if LUA_VERSION_NUM >= 504
                                        {"__close", l_map_gc},
#endif
                                        {NULL, NULL}};
    static const luaL_Reg flatmap_meta[] = {{"__tostring", l_map_tostring},
#if LUA_VERSION_NUM >= 504
                                            {"__close", l_flatmap_close},
#endif
                                            {NULL, NULL}};
    static const luaL_Reg funcs[] = {{"normalizer", l_normalizer},
                                     {"tokens", l_tokens},
                                     {"char_class", l_char_class},
                                     {"options", l_options},
                                     {"presets", l_presets},
                                     {"flags", l_flags},
                                     {"gaz_parse_flags", l_gaz_parse_flags},
                                     {"gaz_builder", l_gaz_builder},
                                     {"abbreviations", l_abbrevs},
                                     {"regex", l_regex},
                                     {"wrap_width", l_wrap_width},
                                     {"gaz_open", l_gaz_open},
                                     {"entity_worker", l_entity_worker},
                                     {"entities_entry", l_entities_entry},
                                     {"gaz_from_string", l_gaz_from_string},
                                     {"names_lexicon", l_names_lexicon},
                                     {"triggers", l_triggers},
                                     {"json_objects", l_json_objects},
                                     {"text_check", l_text_check},
                                     {"json_record", l_json_record},
                                     {"stem", l_stem},
                                     {"stem_list", l_stem_list},
                                     {"common_words", l_common_words},
                                     {"minhash", l_minhash},
                                     {"minhash_similarity", l_minhash_similarity},
                                     {NULL, NULL}};
    static const luaL_Reg builder_methods[] = {{"add", l_builder_add},
                                               {"load_tsv", l_builder_load_tsv},
                                               {"count", l_builder_count},
                                               {"compile", l_builder_compile},
                                               {"close", l_builder_gc},
                                               {NULL, NULL}};
    static const luaL_Reg builder_meta[] = {{"__gc", l_builder_gc},
#if LUA_VERSION_NUM >= 504
                                            {"__close", l_builder_gc},
#endif
                                            {NULL, NULL}};
    static const luaL_Reg gaz_methods[] = {/* "match": a closure, below */
                                           {"cursor", l_gaz_cursor},
                                           {"save", l_gaz_save},
                                           {"stats", l_gaz_stats},
                                           {"entry", l_gaz_entry},
                                           {"types", l_gaz_types},
                                           {"demote", l_gaz_demote},
                                           {"normalization", l_gaz_normalization},
                                           {"close", l_gaz_gc},
                                           {NULL, NULL}};
    static const luaL_Reg gaz_meta[] = {{"__gc", l_gaz_gc},
                                        {"__tostring", l_gaz_tostring},
#if LUA_VERSION_NUM >= 504
                                        {"__close", l_gaz_gc},
#endif
                                        {NULL, NULL}};
    static const luaL_Reg abbrevs_methods[] = {{"add", l_abbrevs_add},
                                               {"load", l_abbrevs_load},
                                               {"count", l_abbrevs_count},
                                               {NULL, NULL}};
    static const luaL_Reg abbrevs_meta[] = {{"__gc", l_abbrevs_gc}, {NULL, NULL}};
    static const luaL_Reg spans_methods[] = {{NULL, NULL}};
    static const luaL_Reg spans_meta[] = {{"__gc", l_spans_gc}, {NULL, NULL}};
    new_type(L, ABBREVS_MT, abbrevs_methods, abbrevs_meta);
    new_type(L, SPANS_MT, spans_methods, spans_meta);
    {
        /* ("exec_named": a closure, below with the hits' metatable) */
        static const luaL_Reg regex_methods[] = {{"exec", l_regex_exec},
                                                 {"info", l_regex_info},
                                                 {"close", l_regex_gc}, {NULL, NULL}};
        static const luaL_Reg regex_meta[] = {{"__gc", l_regex_gc},
#if LUA_VERSION_NUM >= 504
                                              {"__close", l_regex_gc},
#endif
                                              {NULL, NULL}};
        new_type(L, REGEX_MT, regex_methods, regex_meta);
    }
    {
        static const luaL_Reg triggers_methods[] = {{"add", l_triggers_add},     {"digits", l_triggers_digits},
                                                    {"clitic", l_triggers_clitic}, {"scan", l_triggers_scan},
                                                    {"near", l_triggers_near},
                                                    {NULL, NULL}};
        static const luaL_Reg triggers_meta[] = {{"__gc", l_triggers_gc}, {NULL, NULL}};
        static const luaL_Reg hits_methods[] = {{"list", l_hits_list}, {"cut", l_hits_cut}, {"index", l_hits_index},
                                                {"count", l_hits_count}, {NULL, NULL}};
        static const luaL_Reg hits_meta[] = {{NULL, NULL}};
        new_type(L, TRIGGERS_MT, triggers_methods, triggers_meta);
        new_type(L, HITS_MT, hits_methods, hits_meta);
        method_with_metatables(L, REGEX_MT, "exec_named", l_regex_exec_named, REGEX_MT, HITS_MT);
    }
    new_type(L, BUILDER_MT, builder_methods, builder_meta);
    new_type(L, GAZ_MT, gaz_methods, gaz_meta);
    /* g:match with the gazetteer metatable and the match keys as upvalues */
    luaL_getmetatable(L, GAZ_MT);
    lua_getfield(L, -1, "__index");
    luaL_getmetatable(L, GAZ_MT);
    push_match_keys_list(L);
    lua_pushcclosure(L, l_gaz_match, GM_KEYS - 1 + NKEYS);
    lua_setfield(L, -2, "match");
    lua_pop(L, 2);
    {
        static const luaL_Reg cursor_methods[] = {{NULL, NULL}};
        static const luaL_Reg cursor_meta[] = {{"__gc", l_cursor_gc}, {NULL, NULL}};
        new_type(L, CURSOR_MT, cursor_methods, cursor_meta);
    }
    new_type(L, NORMALIZER_MT, norm_methods, norm_meta);
    new_type(L, MAP_MT, map_methods, map_meta);
    new_type(L, FLATMAP_MT, map_methods, flatmap_meta);
    method_with_metatables(L, NORMALIZER_MT, "map", l_norm_map, NORMALIZER_MT, FLATMAP_MT);
    {
        static const luaL_Reg names_methods[] = {{"add", l_names_add},           {"classes", l_names_classes},
                                                 {"count", l_names_count},       {"entities_fn", l_names_entities_fn},
                                                 /* "entities", "entities_json": closures, below */
                                                 {"close", l_names_gc},          {NULL, NULL}};
        static const luaL_Reg names_meta[] = {{"__gc", l_names_gc}, {NULL, NULL}};
        static const luaL_Reg names_closures[] = {{"entities", l_names_entities},
                                                  {"entities_json", l_names_entities_json},
                                                  {NULL, NULL}};
        int i;
        new_type(L, NAMES_MT, names_methods, names_meta);
        luaL_getmetatable(L, NAMES_MT);
        lua_getfield(L, -1, "__index");
        for (i = 0; names_closures[i].name; i++) {
            luaL_getmetatable(L, NAMES_MT);
            luaL_getmetatable(L, GAZ_MT);
            push_match_keys_list(L);
            lua_pushcclosure(L, names_closures[i].func, EU_KEYS - 1 + NKEYS);
            lua_setfield(L, -2, names_closures[i].name);
        }
        lua_pop(L, 2);
    }
    {
        static const luaL_Reg worker_methods[] = {
            {"start", l_worker_start}, {"prep", l_worker_prep}, {"json", l_worker_json}, {"close", l_worker_gc},
            {NULL, NULL}};
        static const luaL_Reg worker_meta[] = {{"__gc", l_worker_gc}, {NULL, NULL}};
        new_type(L, WORKER_MT, worker_methods, worker_meta);
    }
    luaL_newlib(L, funcs);
    open_pandoc_json(L);
    {
        /* the sentence functions share one scratch list of spans */
        static const luaL_Reg sentence_funcs[] = {{"sentences", l_sentences},
                                                  {"sentence_iter", l_sentence_iter},
                                                  {"sentence_json", l_sentence_json},
                                                  {NULL, NULL}};
        ar_spans *sp = (ar_spans *)ar_newuserdata(L, sizeof *sp);
        memset(sp, 0, sizeof *sp);
        luaL_getmetatable(L, SPANS_MT);
        lua_setmetatable(L, -2);
        luaL_setfuncs(L, sentence_funcs, 1);
    }
    /* core.dates_span with the flat map's metatable as its upvalue */
    luaL_getmetatable(L, FLATMAP_MT);
    lua_pushcclosure(L, l_dates_span, 1);
    lua_setfield(L, -2, "dates_span");
    translit_open(L);
    register_files(L);
    lua_pushstring(L, ar_version());
    lua_setfield(L, -2, "_VERSION");
    lua_pushstring(L, ar_utf8proc_version());
    lua_setfield(L, -2, "utf8proc_version");
    lua_pushstring(L, ar_unicode_version());
    lua_setfield(L, -2, "unicode_version");
    {
        char v[64];
        if (ar_pcre2_version(v, sizeof v) == AR_OK) lua_pushstring(L, v);
        else lua_pushstring(L, "unknown");
        lua_setfield(L, -2, "pcre2_version");
    }
    return 1;
}

/* ----------------------------------------------------- transliteration
 *
 * core.schemes() and core.transliterator(scheme, reverse, strict): the
 * schemes of translit.c. A transliterator keeps its scratch buffer (like a
 * normalizer); its maps are arabic.Map objects, read with map:source and
 * map:target as normalization's are. */

#define TRANSLIT_MT "arabic.Transliterator"

typedef struct {
    ar_translit *t;
    ar_buf buf;
} ltranslit;

static ltranslit *check_translit(lua_State *L, int i)
{
    ltranslit *t = (ltranslit *)luaL_checkudata(L, i, TRANSLIT_MT);
    if (!t->t) luaL_argerror(L, i, "transliterator is closed");
    return t;
}

/* core.schemes() --> { { name =, description =, reversible = }, ... } */
static int l_schemes(lua_State *L)
{
    ar_translit_info info;
    size_t i;
    lua_newtable(L);
    for (i = 0; ar_translit_scheme(i, &info) == AR_OK; i++) {
        lua_createtable(L, 0, 3);
        lua_pushstring(L, info.name);
        lua_setfield(L, -2, "name");
        lua_pushstring(L, info.description);
        lua_setfield(L, -2, "description");
        lua_pushboolean(L, info.reversible);
        lua_setfield(L, -2, "reversible");
        lua_rawseti(L, -2, (int)i + 1);
    }
    return 1;
}

/* core.transliterator(scheme [, reverse [, strict]]) --> transliterator |
 * nil, message (an unknown scheme, reverse with a display scheme) */
static int l_transliterator(lua_State *L)
{
    const char *scheme = luaL_checkstring(L, 1);
    unsigned flags = (lua_toboolean(L, 2) ? AR_TL_REVERSE : 0u) | (lua_toboolean(L, 3) ? AR_TL_STRICT : 0u);
    ar_error err;
    ltranslit *t = (ltranslit *)ar_newuserdata(L, sizeof *t);
    memset(t, 0, sizeof *t);
    luaL_getmetatable(L, TRANSLIT_MT);
    lua_setmetatable(L, -2);
    t->t = ar_translit_new(scheme, flags, &err);
    if (!t->t) return nil_error(L, &err);
    return 1;
}

/* Run; on success the output is in t->buf and *st holds the counts.
 * Returns the number of results pushed for invalid UTF-8 in strict mode
 * (nil, message, byte), or 0; raises on anything else. */
static int translit_run(lua_State *L, ltranslit *t, const char *s, size_t len, ar_map *map,
                        ar_translit_stats *st)
{
    int err = ar_translit_run(t->t, s, len, &t->buf, map, st);
    if (err == AR_OK) return 0;
    if (t->buf.cap > KEEP_BUFFER) ar_buf_free(&t->buf);
    if (err == AR_EUTF8) {
        char off[32];
        snprintf(off, sizeof off, "%lu", (unsigned long)st->first_invalid + 1);
        lua_pushnil(L);
        lua_pushfstring(L, "invalid UTF-8 at byte %s", off);
        lua_pushinteger(L, (lua_Integer)st->first_invalid + 1);
        return 3;
    }
    if (err == AR_ENOMEM) return luaL_error(L, "not enough memory");
    return luaL_error(L, "transliteration failed: %s", ar_strerror(err));
}

/* t(s) / t:transliterate(s) --> string, approximate words |
 * nil, message, byte (strict mode) */
static int l_translit_call(lua_State *L)
{
    ltranslit *t = check_translit(L, 1);
    size_t len;
    const char *s = luaL_checklstring(L, 2, &len);
    ar_translit_stats st;
    int r = translit_run(L, t, s, len, NULL, &st);
    if (r) return r;
    lua_pushlstring(L, t->buf.data, t->buf.len);
    lua_pushinteger(L, (lua_Integer)st.approximate);
    if (t->buf.cap > KEEP_BUFFER) ar_buf_free(&t->buf);
    return 2;
}

static void push_translit_stats(lua_State *L, const ar_translit_stats *st)
{
    lua_createtable(L, 0, 6);
    lua_pushinteger(L, (lua_Integer)st->words);
    lua_setfield(L, -2, "words");
    lua_pushinteger(L, (lua_Integer)st->approximate);
    lua_setfield(L, -2, "approximate");
    lua_pushinteger(L, (lua_Integer)st->invalid);
    lua_setfield(L, -2, "invalid");
    lua_pushinteger(L, (lua_Integer)st->malformed);
    lua_setfield(L, -2, "malformed");
    if (st->invalid) {
        lua_pushinteger(L, (lua_Integer)st->first_invalid + 1);
        lua_setfield(L, -2, "first_invalid");
    }
    if (st->malformed) {
        lua_pushinteger(L, (lua_Integer)st->first_malformed + 1);
        lua_setfield(L, -2, "first_malformed");
    }
}

/* t:map(s) --> string, map, stats { words, approximate, invalid,
 * malformed, first_invalid, first_malformed } | nil, message, byte */
static int l_translit_map(lua_State *L)
{
    ltranslit *t = check_translit(L, 1);
    size_t len;
    const char *s = luaL_checklstring(L, 2, &len);
    ar_translit_stats st;
    lmap *m;
    int r;
    m = (lmap *)ar_newuserdata(L, sizeof *m);
    m->m = NULL;
    luaL_getmetatable(L, MAP_MT);
    lua_setmetatable(L, -2);
    m->m = ar_map_new();
    if (!m->m) return luaL_error(L, "not enough memory");
    r = translit_run(L, t, s, len, m->m, &st);
    if (r) return r;
    lua_pushlstring(L, t->buf.data, t->buf.len);
    lua_insert(L, -2);
    push_translit_stats(L, &st);
    if (t->buf.cap > KEEP_BUFFER) ar_buf_free(&t->buf);
    return 3;
}

/* t:stats(s) --> string, stats (as t:map without the map) */
static int l_translit_stats(lua_State *L)
{
    ltranslit *t = check_translit(L, 1);
    size_t len;
    const char *s = luaL_checklstring(L, 2, &len);
    ar_translit_stats st;
    int r = translit_run(L, t, s, len, NULL, &st);
    if (r) return r;
    lua_pushlstring(L, t->buf.data, t->buf.len);
    push_translit_stats(L, &st);
    if (t->buf.cap > KEEP_BUFFER) ar_buf_free(&t->buf);
    return 2;
}

/* t:info() --> { scheme, description, reversible, reverse, strict } */
static int l_translit_info(lua_State *L)
{
    ltranslit *t = check_translit(L, 1);
    ar_translit_info info;
    unsigned flags = 0;
    ar_translit_get_info(t->t, &info, &flags);
    lua_createtable(L, 0, 5);
    lua_pushstring(L, info.name);
    lua_setfield(L, -2, "scheme");
    lua_pushstring(L, info.description);
    lua_setfield(L, -2, "description");
    lua_pushboolean(L, info.reversible);
    lua_setfield(L, -2, "reversible");
    lua_pushboolean(L, (flags & AR_TL_REVERSE) != 0);
    lua_setfield(L, -2, "reverse");
    lua_pushboolean(L, (flags & AR_TL_STRICT) != 0);
    lua_setfield(L, -2, "strict");
    return 1;
}

static int l_translit_gc(lua_State *L)
{
    ltranslit *t = (ltranslit *)luaL_checkudata(L, 1, TRANSLIT_MT);
    ar_translit_free(t->t);
    t->t = NULL;
    ar_buf_free(&t->buf);
    return 0;
}

static int l_translit_tostring(lua_State *L)
{
    ltranslit *t = (ltranslit *)luaL_checkudata(L, 1, TRANSLIT_MT);
    ar_translit_info info;
    unsigned flags = 0;
    if (!t->t) {
        lua_pushstring(L, "arabic.Transliterator (closed)");
        return 1;
    }
    ar_translit_get_info(t->t, &info, &flags);
    lua_pushfstring(L, "arabic.Transliterator (%s%s): %p", info.name, (flags & AR_TL_REVERSE) ? ", reverse" : "",
                    (void *)t);
    return 1;
}

/* The type, and the functions on the module table at the top of the stack. */
static void translit_open(lua_State *L)
{
    static const luaL_Reg methods[] = {{"transliterate", l_translit_call},
                                       {"map", l_translit_map},
                                       {"stats", l_translit_stats},
                                       {"info", l_translit_info},
                                       {"close", l_translit_gc},
                                       {NULL, NULL}};
    static const luaL_Reg meta[] = {{"__call", l_translit_call},
                                    {"__gc", l_translit_gc},
                                    {"__tostring", l_translit_tostring},
#if LUA_VERSION_NUM >= 504
                                    {"__close", l_translit_gc},
#endif
                                    {NULL, NULL}};
    static const luaL_Reg funcs[] = {{"schemes", l_schemes}, {"transliterator", l_transliterator}, {NULL, NULL}};
    new_type(L, TRANSLIT_MT, methods, meta);
    luaL_setfuncs(L, funcs, 0);
}
