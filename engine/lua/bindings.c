/* bindings.c - every Lua binding of rmsim: the `rmsim` module (what
 * `require "rmsim"` returns) and the `sim` object passed to hooks.
 *
 * Argument errors have Lua's own shape ("bad argument #2 to 'normal'
 * (sigma must be >= 0)"); option tables are checked field by field, so
 * a typo gets "unknown field 'perods' in rm.scenario (did you mean
 * 'periods'?)". Either way the script's file:line comes first. */
#include "bindings.h"
#include "sandbox.h"

#include <lauxlib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rmsim/rmsim.h"

/* luaL_error with printf's formats (Lua's own lack %g). */
static int errorf(lua_State *L, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return luaL_error(L, "%s", msg);
}

/* ---- option tables ---------------------------------------------------- */

typedef struct field {
    const char *name;
    char type;              /* i integer, n number, s string, b boolean, t table */
    double min, max;        /* for i and n */
} field;

static const char *type_word(char t)
{
    switch (t) {
    case 'i': return "an integer";
    case 'n': return "a number";
    case 's': return "a string";
    case 'b': return "a boolean";
    case 't': return "a table";
    default: return "a value";
    }
}

/* Check every key of the table at idx against fields: unknown names,
 * wrong types and values out of range are errors at the caller's line. */
static void check_fields(lua_State *L, int idx, const char *what, const field *fields)
{
    idx = lua_absindex(L, idx);
    luaL_checktype(L, idx, LUA_TTABLE);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            errorf(L, "%s: keys must be field names (got %s key)", what,
                       luaL_typename(L, -2));
        const char *k = lua_tostring(L, -2);
        const field *f = fields;
        while (f->name && strcmp(f->name, k) != 0)
            f++;
        if (!f->name) {
            const char *names[64];
            size_t n = 0;
            for (const field *g = fields; g->name && n < 64; g++)
                names[n++] = g->name;
            const char *hint = rm_suggest(k, names, n);
            if (hint)
                errorf(L, "unknown field '%s' in %s (did you mean '%s'?)", k, what, hint);
            errorf(L, "unknown field '%s' in %s", k, what);
        }
        int ok;
        switch (f->type) {
        case 'i': ok = lua_isinteger(L, -1) ||
                       (lua_type(L, -1) == LUA_TNUMBER && lua_tonumber(L, -1) == floor(lua_tonumber(L, -1))); break;
        case 'n': ok = lua_type(L, -1) == LUA_TNUMBER; break;
        case 's': ok = lua_type(L, -1) == LUA_TSTRING; break;
        case 'b': ok = lua_type(L, -1) == LUA_TBOOLEAN; break;
        case 't': ok = lua_type(L, -1) == LUA_TTABLE; break;
        default: ok = 1;
        }
        if (!ok)
            errorf(L, "field '%s' of %s must be %s (got %s)", k, what, type_word(f->type),
                       luaL_typename(L, -1));
        if (f->type == 'i' || f->type == 'n') {
            double v = lua_tonumber(L, -1);
            if (!(v >= f->min && v <= f->max))
                errorf(L, "field '%s' of %s must be in [%g, %g] (got %g)", k, what, f->min,
                           f->max, v);
        }
        lua_pop(L, 1);
    }
}

/* ---- rm.scenario -------------------------------------------------------- */

static int is_identifier(const char *s)
{
    if (!s || !(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return 0;
    for (s++; *s; s++)
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}

/* One parameter, as given in params = {...}: a plain value, or
 * {default, min = , max = , doc = }. Leaves {value, min, max, doc} on top. */
static void normalize_param(lua_State *L, const char *name, int vidx)
{
    static const field spec[] = {
        {"min", 'n', -HUGE_VAL, HUGE_VAL}, {"max", 'n', -HUGE_VAL, HUGE_VAL},
        {"doc", 's', 0, 0}, {NULL, 0, 0, 0},
    };
    vidx = lua_absindex(L, vidx);
    lua_newtable(L);
    int out = lua_gettop(L);
    if (lua_type(L, vidx) == LUA_TTABLE) {
        lua_rawgeti(L, vidx, 1);
        lua_setfield(L, out, "value");
        lua_pushnil(L);
        lua_rawseti(L, vidx, 1);   /* so check_fields sees only named fields */
        char what[128];
        snprintf(what, sizeof what, "parameter '%s'", name);
        check_fields(L, vidx, what, spec);
        for (const field *f = spec; f->name; f++) {
            lua_getfield(L, vidx, f->name);
            lua_setfield(L, out, f->name);
        }
    } else {
        lua_pushvalue(L, vidx);
        lua_setfield(L, out, "value");
    }
    int t = lua_getfield(L, out, "value");
    if (t != LUA_TNUMBER && t != LUA_TBOOLEAN && t != LUA_TSTRING)
        errorf(L, "parameter '%s' must have a number, boolean or string value (got %s)",
                   name, lua_typename(L, t));
    if (t == LUA_TNUMBER) {
        double v = lua_tonumber(L, -1);
        lua_getfield(L, out, "min");
        lua_getfield(L, out, "max");
        if (!lua_isnil(L, -2) && v < lua_tonumber(L, -2))
            errorf(L, "parameter '%s' = %g is below its min %g", name, v, lua_tonumber(L, -2));
        if (!lua_isnil(L, -1) && v > lua_tonumber(L, -1))
            errorf(L, "parameter '%s' = %g is above its max %g", name, v, lua_tonumber(L, -1));
        if (!isfinite(v))
            errorf(L, "parameter '%s' must be finite", name);
        lua_pop(L, 2);
    } else {
        lua_getfield(L, out, "min");
        lua_getfield(L, out, "max");
        if (!lua_isnil(L, -1) || !lua_isnil(L, -2))
            errorf(L, "parameter '%s': min and max are for numbers only", name);
        lua_pop(L, 2);
    }
    lua_pop(L, 1);
}

static int l_scenario(lua_State *L)
{
    static const field spec[] = {
        {"name", 's', 0, 0},
        {"description", 's', 0, 0},
        {"periods", 'i', 1, 1e6},
        {"replicates", 'i', 1, 1e6},
        {"params", 't', 0, 0},
        {NULL, 0, 0, 0},
    };
    check_fields(L, 1, "rm.scenario", spec);
    if (lua_getfield(L, LUA_REGISTRYINDEX, RM_REG_SCENARIO) != LUA_TNIL)
        return errorf(L, "rm.scenario called twice (declare the scenario once)");
    lua_pop(L, 1);
    lua_getfield(L, 1, "name");
    size_t len = 0;
    if (lua_isstring(L, -1) && (lua_tolstring(L, -1, &len), len == 0 || len > 100))
        return errorf(L, "field 'name' of rm.scenario must be 1 to 100 characters");
    lua_pop(L, 1);

    lua_newtable(L);                /* the normalized declaration */
    int decl = lua_gettop(L);
    for (const field *f = spec; f->name; f++) {
        if (strcmp(f->name, "params") == 0)
            continue;
        lua_getfield(L, 1, f->name);
        lua_setfield(L, decl, f->name);
    }
    lua_newtable(L);
    int params = lua_gettop(L);
    if (lua_getfield(L, 1, "params") == LUA_TTABLE) {
        int src = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, src)) {
            const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
            if (!is_identifier(k))
                return errorf(L, "parameter names must be identifiers (got %s)",
                                  k ? k : luaL_typename(L, -2));
            normalize_param(L, k, -1);
            lua_setfield(L, params, k);
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    lua_setfield(L, decl, "params");
    lua_setfield(L, LUA_REGISTRYINDEX, RM_REG_SCENARIO);
    luaL_where(L, 1);               /* "file:line: " without the space */
    lua_pushlstring(L, lua_tostring(L, -1), lua_rawlen(L, -1) ? lua_rawlen(L, -1) - 1 : 0);
    lua_setfield(L, LUA_REGISTRYINDEX, RM_REG_WHERE);
    lua_pop(L, 1);
    return 0;
}

/* ---- rm.rng: draws on the run's stream -------------------------------- */

static rm_rng *rng_of(lua_State *L) { return rm_sandbox_of(L)->rng; }

static double check_finite(lua_State *L, int arg)
{
    double v = luaL_checknumber(L, arg);
    luaL_argcheck(L, isfinite(v), arg, "must be finite");
    return v;
}

static int l_uniform(lua_State *L)
{
    double a = luaL_optnumber(L, 1, 0.0), b = luaL_optnumber(L, 2, 1.0);
    luaL_argcheck(L, isfinite(a) && isfinite(b) && a <= b, 2, "need finite a <= b");
    lua_pushnumber(L, a + (b - a) * rm_rng_uniform(rng_of(L)));
    return 1;
}

static int l_normal(lua_State *L)
{
    double mu = check_finite(L, 1), sigma = check_finite(L, 2);
    luaL_argcheck(L, sigma >= 0, 2, "sigma must be >= 0");
    lua_pushnumber(L, rm_rng_normal(rng_of(L), mu, sigma));
    return 1;
}

static int l_gamma(lua_State *L)
{
    double k = check_finite(L, 1), s = luaL_optnumber(L, 2, 1.0);
    luaL_argcheck(L, k > 0, 1, "shape must be > 0");
    luaL_argcheck(L, s > 0 && isfinite(s), 2, "scale must be > 0");
    lua_pushnumber(L, rm_rng_gamma(rng_of(L), k, s));
    return 1;
}

static int l_beta(lua_State *L)
{
    double a = check_finite(L, 1), b = check_finite(L, 2);
    luaL_argcheck(L, a > 0, 1, "alpha must be > 0");
    luaL_argcheck(L, b > 0, 2, "beta must be > 0");
    lua_pushnumber(L, rm_rng_beta(rng_of(L), a, b));
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
    lua_pushinteger(L, (lua_Integer)rm_rng_binomial(rng_of(L), (uint64_t)n, check_prob(L, 2)));
    return 1;
}

static int l_poisson(lua_State *L)
{
    double lam = check_finite(L, 1);
    luaL_argcheck(L, lam >= 0 && lam <= 1e15, 1, "lambda must be in [0, 1e15]");
    lua_pushinteger(L, (lua_Integer)rm_rng_poisson(rng_of(L), lam));
    return 1;
}

static int l_geometric(lua_State *L)
{
    double p = check_prob(L, 1);
    luaL_argcheck(L, p > 0, 1, "probability must be > 0");
    uint64_t k = rm_rng_geometric(rng_of(L), p);
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
    lua_pushinteger(L, (lua_Integer)rm_rng_categorical(rng_of(L), w, (size_t)n) + 1);
    return 1;
}

/* ---- the sim object ----------------------------------------------------- */

static rm_replicate *rep_of(lua_State *L) { return rm_sandbox_of(L)->ctx; }

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
    rm_replicate *rep = rep_of(L);
    const char *name = check_name(L, 2);
    double v = luaL_checknumber(L, 3);
    if (!isfinite(v))
        return errorf(L, "sim:record('%s'): value must be a finite number (got %s)", name,
                          nonfinite_word(v));
    if (rep->t < 0 || rep->t >= rep->periods)
        return errorf(L, "sim:record is for the period hook (use sim:result in setup "
                          "or done)");
    rm_error err;
    if (rm_metrics_set(rep->metrics, name, rep->t, v, &err) < 0)
        return errorf(L, "%s", err.msg);
    return 0;
}

static int l_sim_get(lua_State *L)
{
    rm_replicate *rep = rep_of(L);
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
    rm_replicate *rep = rep_of(L);
    const char *name = check_name(L, 2);
    double v = luaL_checknumber(L, 3);
    if (!isfinite(v))
        return errorf(L, "sim:result('%s'): value must be a finite number (got %s)", name,
                          nonfinite_word(v));
    rm_error err;
    if (rm_metrics_set_scalar(rep->metrics, name, v, &err) < 0)
        return errorf(L, "%s", err.msg);
    return 0;
}

static int params_index(lua_State *L)
{
    const char *k = lua_tostring(L, 2);
    const char *names[256];
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, 1) && n < 256) {
        names[n++] = lua_tostring(L, -2);
        lua_pop(L, 1);
    }
    const char *hint = k ? rm_suggest(k, names, n) : NULL;
    if (hint)
        return errorf(L, "unknown parameter '%s' (did you mean '%s'?)", k, hint);
    return errorf(L, "unknown parameter '%s' (declare it in rm.scenario{params = ...})",
                      k ? k : luaL_typename(L, 2));
}

void rm_protect_params(lua_State *L)
{
    lua_newtable(L);
    lua_pushcfunction(L, params_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, params_index);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
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
    lua_setfield(L, -2, "params");
}

/* ---- the module --------------------------------------------------------- */

int rm_open_rmsim(lua_State *L)
{
    static const luaL_Reg rng[] = {
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
    static const luaL_Reg rm[] = {
        {"scenario", l_scenario},
        {NULL, NULL},
    };
    luaL_newlib(L, rm);
    lua_pushstring(L, RMSIM_VERSION);
    lua_setfield(L, -2, "version");
    luaL_newlib(L, rng);
    lua_setfield(L, -2, "rng");
    return 1;
}
