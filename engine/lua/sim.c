/* sim.c - the `sim` object passed to hooks: record, get, result, params;
 * and stepping the models made in setup. */
#include "helpers.h"

#include <lauxlib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bindings.h"
#include "sandbox.h"

static const char *check_name(lua_State *L, int arg)
{
    const char *name = luaL_checkstring(L, arg);
    luaL_argcheck(L, rm_metric_name_ok(name), arg,
                  "names are letters, digits, '_' and '.', starting with a letter, at most 64");
    return name;
}

static const char *nonfinite_word(double v)
{
    return isnan(v) ? "nan" : v > 0 ? "inf" : "-inf";
}

static int l_sim_record(lua_State *L)
{
    rm_replicate *rep = rml_rep_of(L);
    const char *name = check_name(L, 2);
    double v = luaL_checknumber(L, 3);
    if (!isfinite(v))
        return rml_errorf(L, "sim:record('%s'): value must be a finite number (got %s)", name,
                          nonfinite_word(v));
    rml_check_unclaimed(L, name);
    if (rep->t < 0 || (rep->t >= rep->periods && lua_isnoneornil(L, 4)))
        return rml_errorf(L, "sim:record is for the period hook (use sim:result in setup "
                          "or done)");
    /* an earlier period: models step after the hook, so their figures for
     * period t are known from t + 1 on (or in done for the last one) */
    lua_Integer t = luaL_optinteger(L, 4, rep->t);
    lua_Integer latest = rep->t < rep->periods ? rep->t : rep->periods - 1;
    if (t < 0 || t > latest)
        return rml_errorf(L, "sim:record('%s'): period %d is not in 0..%d (now or before)", name,
                          (int)t, (int)latest);
    rm_error err;
    if (rm_metrics_set(rep->metrics, name, (int)t, v, &err) < 0)
        return rml_errorf(L, "%s", err.msg);
    return 0;
}

static int l_sim_get(lua_State *L)
{
    rm_replicate *rep = rml_rep_of(L);
    const char *name = check_name(L, 2);
    lua_Integer t = luaL_optinteger(L, 3, rep->t);
    double v = rm_metrics_get(rep->metrics, name, (int)t);
    if (t < 0 || t >= rep->periods || isnan(v))
        lua_pushnil(L);
    else
        lua_pushnumber(L, v);
    return 1;
}

static int l_sim_result(lua_State *L)
{
    rm_replicate *rep = rml_rep_of(L);
    const char *name = check_name(L, 2);
    double v = luaL_checknumber(L, 3);
    if (!isfinite(v))
        return rml_errorf(L, "sim:result('%s'): value must be a finite number (got %s)", name,
                          nonfinite_word(v));
    rm_error err;
    if (rm_metrics_set_scalar(rep->metrics, name, v, &err) < 0)
        return rml_errorf(L, "%s", err.msg);
    return 0;
}

/* sim.params is a read-only proxy of the resolved values (upvalue 1):
 * neither assignment nor rawset can change what --set decided. */
static int params_index(lua_State *L)
{
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
        return 1;
    const char *k = lua_tostring(L, 2);
    const char *names[256];
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, lua_upvalueindex(1)) && n < 256) {
        names[n++] = lua_tostring(L, -2);
        lua_pop(L, 1);
    }
    const char *hint = k ? rm_suggest(k, names, n) : NULL;
    if (hint)
        return rml_errorf(L, "unknown parameter '%s' (did you mean '%s'?)", k, hint);
    return rml_errorf(L, "unknown parameter '%s' (declare it in rm.scenario{params = ...})",
                      k ? k : luaL_typename(L, 2));
}

static int params_newindex(lua_State *L)
{
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(1)) == LUA_TNIL)
        return params_index(L);
    return rml_errorf(L, "sim.params is read-only (change '%s' with --set %s=VALUE)",
                      lua_tostring(L, 2), lua_tostring(L, 2));
}

void rm_protect_params(lua_State *L)
{
    rm_sandbox_readonly(L, params_index, params_newindex);
}

void rm_push_sim(lua_State *L, rm_replicate *rep)
{
    static const luaL_Reg methods[] = {
        {"record", l_sim_record},
        {"get", l_sim_get},
        {"result", l_sim_result},
        {NULL, NULL},
    };
    luaL_newlib(L, methods);
    lua_pushinteger(L, rep->periods);
    lua_setfield(L, -2, "periods");
    lua_pushinteger(L, rep->index);
    lua_setfield(L, -2, "replicate");
    lua_pushinteger(L, (lua_Integer)rep->seed);
    lua_setfield(L, -2, "seed");
    lua_pushinteger(L, rep->t);
    lua_setfield(L, -2, "t");
    lua_getfield(L, LUA_REGISTRYINDEX, RM_REG_PARAMS);
    rm_protect_params(L);
    lua_setfield(L, -2, "params");
}


void rm_step_models(lua_State *L, rm_replicate *rep)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, RM_REG_MODELS) != LUA_TTABLE) {
        lua_pop(L, 1);
        return;
    }
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    lua_getfield(L, LUA_REGISTRYINDEX, RM_REG_MODELS_WHERE);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        rep->model_where = lua_tostring(L, -1);     /* kept alive by the registry */
        lua_pop(L, 1);
        lua_rawgeti(L, -2, i);
        model *m = lua_touserdata(L, -1);
        m->step(L, m, rep);
        lua_pop(L, 1);
    }
    rep->model_where = NULL;
    lua_pop(L, 2);
}
