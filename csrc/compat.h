/*
 * compat.h — one C API over Lua 5.1, LuaJIT 2.1, 5.2, 5.3 and 5.4.
 *
 * Only lua_arabic.c includes Lua headers. LuaJIT 2.1 already provides
 * luaL_setfuncs, luaL_newlib and luaL_testudata (from 5.2), so the 5.1
 * backports are guarded by "5.1 and not LuaJIT". LuaJIT's lua.h does not
 * define LUAJIT_VERSION, so luajit.h is pulled in when it is on the include
 * path (it is only on LuaJIT's).
 */
#ifndef ARABIC_COMPAT_H
#define ARABIC_COMPAT_H

#include <lua.h>
#include <lauxlib.h>

#if defined(__has_include)
#if __has_include(<luajit.h>)
#include <luajit.h>
#endif
#endif

#if LUA_VERSION_NUM == 501 && !defined(LUAJIT_VERSION)
static inline void luaL_setfuncs(lua_State *L, const luaL_Reg *l, int nup)
{
    luaL_checkstack(L, nup + 1, "too many upvalues");
    for (; l->name; l++) {
        int i;
        for (i = 0; i < nup; i++) lua_pushvalue(L, -nup);
        lua_pushcclosure(L, l->func, nup);
        lua_setfield(L, -(nup + 2), l->name);
    }
    lua_pop(L, nup);
}

static inline void *luaL_testudata(lua_State *L, int i, const char *tname)
{
    void *p = lua_touserdata(L, i);
    if (p == NULL || !lua_getmetatable(L, i)) return NULL;
    luaL_getmetatable(L, tname);
    if (!lua_rawequal(L, -1, -2)) p = NULL;
    lua_pop(L, 2);
    return p;
}
#define luaL_newlibtable(L, l) lua_createtable(L, 0, sizeof(l) / sizeof((l)[0]) - 1)
#define luaL_newlib(L, l) (luaL_newlibtable(L, l), luaL_setfuncs(L, l, 0))
#endif

#if LUA_VERSION_NUM == 501
#define ar_rawlen(L, i) lua_objlen(L, i)
#define ar_absindex(L, i) ((i) > 0 || (i) <= LUA_REGISTRYINDEX ? (i) : lua_gettop(L) + (i) + 1)
#else
#define ar_rawlen(L, i) lua_rawlen(L, i)
#define ar_absindex(L, i) lua_absindex(L, i)
#endif

/* Full userdata without user values (5.4 takes a count of them). */
#if LUA_VERSION_NUM >= 504
#define ar_newuserdata(L, sz) lua_newuserdatauv(L, sz, 0)
#else
#define ar_newuserdata(L, sz) lua_newuserdata(L, sz)
#endif

/* A full userdata with one user value (a table), and reading it back:
 * 5.4 has numbered user values, 5.2/5.3 one, 5.1 and LuaJIT an environment
 * table. ar_setuv pops the table on top into the userdata at idx;
 * ar_getuv pushes it. */
#if LUA_VERSION_NUM >= 504
#define ar_newuserdata_uv(L, sz) lua_newuserdatauv(L, sz, 1)
#define ar_setuv(L, idx) lua_setiuservalue(L, idx, 1)
#define ar_getuv(L, idx) ((void)lua_getiuservalue(L, idx, 1))
#elif LUA_VERSION_NUM >= 502
#define ar_newuserdata_uv(L, sz) lua_newuserdata(L, sz)
#define ar_setuv(L, idx) lua_setuservalue(L, idx)
#define ar_getuv(L, idx) ((void)lua_getuservalue(L, idx))
#else
#define ar_newuserdata_uv(L, sz) lua_newuserdata(L, sz)
#define ar_setuv(L, idx) lua_setfenv(L, idx)
#define ar_getuv(L, idx) lua_getfenv(L, idx)
#endif

/* lua_isinteger exists from 5.3; before, a number with no fraction. */
#if LUA_VERSION_NUM >= 503
#define ar_isinteger(L, i) lua_isinteger(L, i)
#else
static inline int ar_isinteger(lua_State *L, int i)
{
    lua_Number n;
    if (lua_type(L, i) != LUA_TNUMBER) return 0;
    n = lua_tonumber(L, i);
    return n == (lua_Number)(long long)n;
}
#endif

#endif
