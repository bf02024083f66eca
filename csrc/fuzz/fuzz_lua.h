/*
 * fuzz_lua.h — the embedded Lua 5.4 of the targets that check the Lua
 * modules (fuzz_dates, fuzz_pipeline), with the C binding
 * (csrc/lua_arabic.c) linked in.
 *
 * One lua_State for the whole run: arabic.core comes from package.preload
 * (luaopen_arabic_core), the Lua modules from the checkout's lua/ directory
 * (ARABIC_FUZZ_LUA_DIR, else the FUZZ_LUA_DIR the makefile compiles in),
 * the data files through lua/arabic/data.lua (the checkout's data/).
 *
 * A target's checker is a Lua chunk returning function(s, head) where s is
 * the whole input and head its first byte (0 when empty); any Lua error it
 * raises, its own assertions included, aborts, so libFuzzer keeps the input.
 */
#ifndef ARABIC_FUZZ_LUA_H
#define ARABIC_FUZZ_LUA_H

#include "fuzz_common.h"
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#ifndef FUZZ_LUA_DIR
#define FUZZ_LUA_DIR "lua"
#endif

int luaopen_arabic_core(lua_State *L);

/* Lua source the checkers start with: check_spans(what, s, list, ordered,
 * each) asserts that every result x of list has integer 1 <= x.first <=
 * x.last <= #s, x.text == s:sub(first, last) when it has a text, results in
 * order without overlapping when ordered, and calls each(i, x) for the
 * target's own checks. */
#define FUZZ_LUA_CHECK_SPANS                                                                          \
    "local function check_spans(what, s, list, ordered, each)\n"                                      \
    "  assert(type(list) == 'table', what .. ': not a table')\n"                                      \
    "  local prev = 0\n"                                                                               \
    "  for i, x in ipairs(list) do\n"                                                                 \
    "    local a, b = x.first, x.last\n"                                                              \
    "    assert(math.type(a) == 'integer' and math.type(b) == 'integer',\n"                           \
    "      ('%s %d: first/last are %s/%s'):format(what, i, tostring(a), tostring(b)))\n"              \
    "    assert(a >= 1 and a <= b and b <= #s, ('%s %d: [%d, %d] outside 1..%d'):format(what, i, a, b, #s))\n" \
    "    assert(x.text == nil or x.text == s:sub(a, b), ('%s %d: text is not s:sub(first, last)'):format(what, i))\n" \
    "    if ordered then\n"                                                                           \
    "      assert(a > prev, ('%s %d starts at %d, inside the previous one (ends at %d)'):format(what, i, a, prev))\n" \
    "      prev = b\n"                                                                                 \
    "    end\n"                                                                                        \
    "    if each then each(i, x) end\n"                                                              \
    "  end\n"                                                                                          \
    "end\n"

typedef struct {
    const char *name; /* the target, for messages */
    lua_State *L;
    int check;        /* registry reference of the checker */
} fuzz_lua;

static inline void fuzz_lua_init(fuzz_lua *f, const char *name, const char *checker)
{
    const char *dir = getenv("ARABIC_FUZZ_LUA_DIR");
    lua_State *L;
    if (!dir || !*dir) dir = FUZZ_LUA_DIR;
    f->name = name;
    f->L = L = luaL_newstate();
    FUZZ_CHECK(L != NULL, "luaL_newstate");
    luaL_openlibs(L);
    lua_getglobal(L, "package");
    lua_getfield(L, -1, "preload");
    lua_pushcfunction(L, luaopen_arabic_core);
    lua_setfield(L, -2, "arabic.core");
    lua_pop(L, 1);
    lua_pushfstring(L, "%s/?.lua;%s/?/init.lua", dir, dir);
    lua_setfield(L, -2, "path");
    lua_pushstring(L, ""); /* only the linked-in arabic.core */
    lua_setfield(L, -2, "cpath");
    lua_pop(L, 1);
    if (luaL_loadstring(L, checker) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
        fprintf(stderr, "%s: cannot load the modules from %s: %s\n", name, dir, lua_tostring(L, -1));
        abort();
    }
    f->check = luaL_ref(L, LUA_REGISTRYINDEX);
}

static inline void fuzz_lua_run(fuzz_lua *f, const uint8_t *data, size_t size)
{
    lua_State *L = f->L;
    int top = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, f->check);
    lua_pushlstring(L, (const char *)data, size);
    lua_pushinteger(L, size > 0 ? data[0] : 0);
    if (lua_pcall(L, 2, 0, 0) != LUA_OK) {
        fprintf(stderr, "%s: Lua error for a string input: %s\n", f->name, lua_tostring(L, -1));
        abort();
    }
    lua_settop(L, top);
}

#endif
