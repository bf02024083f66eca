/*
 * fuzz_dates.c — date and number extraction (lua/arabic/dates.lua,
 * lua/arabic/numbers.lua) through an embedded Lua 5.4 with the C binding
 * (csrc/lua_arabic.c) linked in.
 *
 * One lua_State for the whole run: arabic.core comes from package.preload
 * (luaopen_arabic_core), the Lua modules from the checkout's lua/ directory
 * (ARABIC_FUZZ_LUA_DIR, else the FUZZ_LUA_DIR the makefile compiles in),
 * the data files through lua/arabic/data.lua (the checkout's data/).
 *
 * Input: the text. Byte 0's lowest bit also chooses whether a reference
 * date is given (the text is the whole input either way).
 *
 * Oracles: dates.find(s [, {reference = "2024-03-16"}]) and numbers.find(s)
 * never raise an error for a string (any Lua error aborts); every result
 * has 1 <= first <= last <= #s, text == s:sub(first, last), and results
 * come in order without overlapping; a value, when there is one, is a
 * string for a date (a weekday alone has none without a reference date)
 * and a number for a number.
 */
#include "fuzz_common.h"
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#ifndef FUZZ_LUA_DIR
#define FUZZ_LUA_DIR "lua"
#endif

int luaopen_arabic_core(lua_State *L);

static lua_State *L;
static int check_ref = LUA_NOREF;

static const char *const checker =
    "local dates = require 'arabic.dates'\n"
    "local numbers = require 'arabic.numbers'\n"
    "local function check(what, s, r, value_type)\n"
    "  assert(type(r) == 'table', what .. ' did not return a table')\n"
    "  local prev = 0\n"
    "  for i, d in ipairs(r) do\n"
    "    local a, b = d.first, d.last\n"
    "    assert(math.type(a) == 'integer' and math.type(b) == 'integer',\n"
    "      ('%s %d: first/last are %s/%s'):format(what, i, tostring(a), tostring(b)))\n"
    "    assert(a >= 1 and a <= b and b <= #s,\n"
    "      ('%s %d: [%d, %d] outside 1..%d'):format(what, i, a, b, #s))\n"
    "    assert(d.text == s:sub(a, b), ('%s %d: text is not s:sub(first, last)'):format(what, i))\n"
    "    assert(a > prev, ('%s %d starts at %d, inside the previous one (ends at %d)'):format(what, i, a, prev))\n"
    "    assert(d.value == nil or type(d.value) == value_type,\n"
    "      ('%s %d: value is a %s'):format(what, i, type(d.value)))\n"
    "    prev = b\n"
    "  end\n"
    "end\n"
    "return function(s, with_ref)\n"
    "  check('date', s, dates.find(s, with_ref and { reference = '2024-03-16' } or nil), 'string')\n"
    "  check('number', s, numbers.find(s), 'number')\n"
    "end\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *dir = getenv("ARABIC_FUZZ_LUA_DIR");
    (void)argc;
    (void)argv;
    if (!dir || !*dir) dir = FUZZ_LUA_DIR;
    L = luaL_newstate();
    FUZZ_CHECK(L != NULL, "luaL_newstate");
    luaL_openlibs(L);
    /* package.preload["arabic.core"] = luaopen_arabic_core */
    lua_getglobal(L, "package");
    lua_getfield(L, -1, "preload");
    lua_pushcfunction(L, luaopen_arabic_core);
    lua_setfield(L, -2, "arabic.core");
    lua_pop(L, 1);
    lua_pushfstring(L, "%s/?.lua;%s/?/init.lua", dir, dir);
    lua_setfield(L, -2, "path");
    lua_pushstring(L, "");
    lua_setfield(L, -2, "cpath");
    lua_pop(L, 1);
    if (luaL_loadstring(L, checker) != LUA_OK || lua_pcall(L, 0, 1, 0) != LUA_OK) {
        fprintf(stderr, "fuzz_dates: cannot load arabic.dates from %s: %s\n", dir, lua_tostring(L, -1));
        abort();
    }
    check_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int top = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, check_ref);
    lua_pushlstring(L, (const char *)data, size);
    lua_pushboolean(L, size > 0 && (data[0] & 1));
    if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
        fprintf(stderr, "fuzz_dates: Lua error for a string input: %s\n", lua_tostring(L, -1));
        abort();
    }
    lua_settop(L, top);
    return 0;
}
