/* sbg.c - rm.sbg: the shifted-beta-geometric model's closed forms and fit. */
#include "helpers.h"

#include <lauxlib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rmsim/sbg.h"

static void check_ab(lua_State *L, int arg, double *a, double *b)
{
    *a = luaL_checknumber(L, arg);
    *b = luaL_checknumber(L, arg + 1);
    luaL_argcheck(L, *a > 0 && *a < 1e7, arg, "alpha must be in (0, 1e7)");
    luaL_argcheck(L, *b > 0 && *b < 1e7, arg + 1, "beta must be in (0, 1e7)");
}

/* rm.sbg.survival(alpha, beta, t) */
static int l_sbg_survival(lua_State *L)
{
    double a, b;
    check_ab(L, 1, &a, &b);
    lua_Integer t = luaL_checkinteger(L, 3);
    luaL_argcheck(L, t >= 0 && t <= 10000000, 3, "t must be in [0, 1e7]");
    lua_pushnumber(L, rm_sbg_survival(a, b, (int)t));
    return 1;
}

/* rm.sbg.clv(alpha, beta, margin, discount [, horizon]) */
static int l_sbg_clv(lua_State *L)
{
    double a, b;
    check_ab(L, 1, &a, &b);
    double m = rml_check_finite(L, 3), d = rml_check_finite(L, 4);
    lua_Integer h = luaL_optinteger(L, 5, 0);
    luaL_argcheck(L, d >= 0 && d <= 10, 4, "discount must be in [0, 10]");
    luaL_argcheck(L, h >= 0 && h <= 10000000, 5, "horizon must be in [0, 1e7]");
    luaL_argcheck(L, d > 0 || h > 0, 5, "an unbounded horizon needs a discount > 0");
    lua_pushnumber(L, m * rm_sbg_del(a, b, d, (int)h));
    return 1;
}

/* rm.sbg.fit{S0, S1, ...} -> {alpha, beta, alpha_se, beta_se, log_likelihood} */
static int l_sbg_fit(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = (lua_Integer)lua_rawlen(L, 1);
    luaL_argcheck(L, n <= 100000, 1, "at most 100000 survival figures");
    double *s = lua_newuserdatauv(L, (size_t)(n > 0 ? n : 1) * sizeof *s, 0);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, 1, i);
        int ok;
        s[i - 1] = lua_tonumberx(L, -1, &ok);
        if (!ok)
            return rml_errorf(L, "rm.sbg.fit: survival figure %d is not a number", (int)i);
        lua_pop(L, 1);
    }
    rm_sbg_fit f;
    rm_error err;
    if (rm_sbg_fit_data(s, (size_t)n, &f, &err) < 0)
        return rml_errorf(L, "rm.sbg.fit: %s", err.msg);
    lua_createtable(L, 0, 5);
    lua_pushnumber(L, f.alpha);
    lua_setfield(L, -2, "alpha");
    lua_pushnumber(L, f.beta);
    lua_setfield(L, -2, "beta");
    lua_pushnumber(L, f.alpha_se);
    lua_setfield(L, -2, "alpha_se");
    lua_pushnumber(L, f.beta_se);
    lua_setfield(L, -2, "beta_se");
    lua_pushnumber(L, f.loglik);
    lua_setfield(L, -2, "log_likelihood");
    return 1;
}

static const luaL_Reg sbg_lib[] = {
    {"survival", l_sbg_survival},
    {"clv", l_sbg_clv},
    {"fit", l_sbg_fit},
    {NULL, NULL},
};

void rml_open_sbg(lua_State *L)
{
    luaL_newlib(L, sbg_lib);
    lua_setfield(L, -2, "sbg");
}
