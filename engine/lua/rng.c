/* rng.c - rm.rng: draws on the replicate's PCG32 stream. */
#include "helpers.h"

#include <lauxlib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int l_uniform(lua_State *L)
{
    double a = luaL_optnumber(L, 1, 0.0), b = luaL_optnumber(L, 2, 1.0);
    luaL_argcheck(L, isfinite(a) && isfinite(b) && a <= b, 2, "need finite a <= b");
    lua_pushnumber(L, a + (b - a) * rm_rng_uniform(rml_rng_of(L)));
    return 1;
}

static int l_normal(lua_State *L)
{
    double mu = rml_check_finite(L, 1), sigma = rml_check_finite(L, 2);
    luaL_argcheck(L, sigma >= 0, 2, "sigma must be >= 0");
    lua_pushnumber(L, rm_rng_normal(rml_rng_of(L), mu, sigma));
    return 1;
}

static int l_gamma(lua_State *L)
{
    double k = rml_check_finite(L, 1), s = luaL_optnumber(L, 2, 1.0);
    luaL_argcheck(L, k > 0, 1, "shape must be > 0");
    luaL_argcheck(L, s > 0 && isfinite(s), 2, "scale must be > 0");
    lua_pushnumber(L, rm_rng_gamma(rml_rng_of(L), k, s));
    return 1;
}

static int l_beta(lua_State *L)
{
    double a = rml_check_finite(L, 1), b = rml_check_finite(L, 2);
    luaL_argcheck(L, a > 0, 1, "alpha must be > 0");
    luaL_argcheck(L, b > 0, 2, "beta must be > 0");
    lua_pushnumber(L, rm_rng_beta(rml_rng_of(L), a, b));
    return 1;
}

static double check_prob(lua_State *L, int arg)
{
    double p = luaL_checknumber(L, arg);
    luaL_argcheck(L, p >= 0 && p <= 1, arg, "probability must be in [0, 1]");
    return p;
}

static int l_binomial(lua_State *L)
{
    lua_Integer n = luaL_checkinteger(L, 1);
    luaL_argcheck(L, n >= 0, 1, "n must be >= 0");
    lua_pushinteger(L, (lua_Integer)rm_rng_binomial(rml_rng_of(L), (uint64_t)n, check_prob(L, 2)));
    return 1;
}

static int l_poisson(lua_State *L)
{
    double lam = rml_check_finite(L, 1);
    luaL_argcheck(L, lam >= 0 && lam <= 1e15, 1, "lambda must be in [0, 1e15]");
    lua_pushinteger(L, (lua_Integer)rm_rng_poisson(rml_rng_of(L), lam));
    return 1;
}

static int l_geometric(lua_State *L)
{
    double p = check_prob(L, 1);
    luaL_argcheck(L, p > 0, 1, "probability must be > 0");
    uint64_t k = rm_rng_geometric(rml_rng_of(L), p);
    lua_pushinteger(L, k > (uint64_t)LUA_MAXINTEGER ? LUA_MAXINTEGER : (lua_Integer)k);
    return 1;
}

static int l_categorical(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_Integer n = luaL_len(L, 1);
    luaL_argcheck(L, n >= 1 && n <= 4096, 1, "need 1 to 4096 weights");
    double w[4096], total = 0;
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, 1, i);
        int isnum;
        w[i - 1] = lua_tonumberx(L, -1, &isnum);
        luaL_argcheck(L, isnum && w[i - 1] >= 0 && isfinite(w[i - 1]), 1,
                      "weights must be finite numbers >= 0");
        total += w[i - 1];
        lua_pop(L, 1);
    }
    luaL_argcheck(L, total > 0, 1, "weights must not all be 0");
    lua_pushinteger(L, (lua_Integer)rm_rng_categorical(rml_rng_of(L), w, (size_t)n) + 1);
    return 1;
}

static const luaL_Reg rng_lib[] = {
    {"uniform", l_uniform},
    {"normal", l_normal},
    {"gamma", l_gamma},
    {"beta", l_beta},
    {"binomial", l_binomial},
    {"poisson", l_poisson},
    {"geometric", l_geometric},
    {"categorical", l_categorical},
    {NULL, NULL},
};

void rml_open_rng(lua_State *L)
{
    luaL_newlib(L, rng_lib);
    lua_setfield(L, -2, "rng");
}
