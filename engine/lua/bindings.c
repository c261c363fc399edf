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
#include <stdlib.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rmsim/cohort.h"
#include "rmsim/rmsim.h"
#include "rmsim/scenario.h"
#include "rmsim/sbg.h"
#include "rmsim/strategy.h"
#include "rmsim/tournament.h"
#include "rmsim/network.h"
#include "rmsim/wom.h"
#include "rmsim/partner.h"

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
            if (isnan(v))
                errorf(L, "field '%s' of %s must be in [%g, %g] (got nan)", k, what, f->min,
                       f->max);
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

/* charts = { { title = , y = , metrics = { names } }, ... } */
static void check_charts(lua_State *L, int t)
{
    static const field spec[] = {
        {"title", 's', 0, 0}, {"y", 's', 0, 0}, {"metrics", 't', 0, 0}, {NULL, 0, 0, 0},
    };
    lua_Integer n = (lua_Integer)lua_rawlen(L, t);
    if (n > 64)
        errorf(L, "rm.scenario: at most 64 charts");
    for (lua_Integer i = 1; i <= n; i++) {
        char what[64];
        snprintf(what, sizeof what, "chart %d of rm.scenario", (int)i);
        if (lua_rawgeti(L, t, i) != LUA_TTABLE)
            errorf(L, "%s must be a table", what);
        check_fields(L, -1, what, spec);
        if (lua_getfield(L, -1, "metrics") != LUA_TTABLE || lua_rawlen(L, -1) < 1 ||
            lua_rawlen(L, -1) > RM_CHART_SERIES_MAX)
            errorf(L, "%s: metrics must list 1 to %d metric names", what, RM_CHART_SERIES_MAX);
        for (lua_Integer k = 1; k <= (lua_Integer)lua_rawlen(L, -1); k++) {
            lua_rawgeti(L, -1, k);
            if (!lua_isstring(L, -1) || !rm_metric_name_ok(lua_tostring(L, -1)))
                errorf(L, "%s: '%s' is not a metric name", what, luaL_tolstring(L, -1, NULL));
            lua_pop(L, 1);
        }
        lua_pop(L, 2);
    }
}

/* variants = { { name = "x", params = { k = v } }, ... } */
static void check_variants(lua_State *L, int t)
{
    static const field spec[] = {{"name", 's', 0, 0}, {"params", 't', 0, 0}, {NULL, 0, 0, 0}};
    lua_Integer n = (lua_Integer)lua_rawlen(L, t);
    if (n < 1 || n > 10000)
        errorf(L, "rm.scenario: variants must list 1 to 10000 variants");
    for (lua_Integer i = 1; i <= n; i++) {
        char what[64];
        snprintf(what, sizeof what, "variant %d of rm.scenario", (int)i);
        if (lua_rawgeti(L, t, i) != LUA_TTABLE)
            errorf(L, "%s must be a table { name = , params = }", what);
        check_fields(L, -1, what, spec);
        if (lua_getfield(L, -1, "name") != LUA_TSTRING || lua_rawlen(L, -1) == 0 ||
            lua_rawlen(L, -1) > 100)
            errorf(L, "%s needs a name of 1 to 100 characters", what);
        const char *name = lua_tostring(L, -1);
        for (lua_Integer k = 1; k < i; k++) {
            lua_rawgeti(L, t, k);
            lua_getfield(L, -1, "name");
            if (strcmp(lua_tostring(L, -1), name) == 0)
                errorf(L, "%s: two variants are named '%s'", what, name);
            lua_pop(L, 2);
        }
        lua_pop(L, 1);
        if (lua_getfield(L, -1, "params") == LUA_TTABLE) {
            int count = 0;
            lua_pushnil(L);
            while (lua_next(L, -2)) {
                int vt = lua_type(L, -1);
                if (lua_type(L, -2) != LUA_TSTRING ||
                    (vt != LUA_TNUMBER && vt != LUA_TBOOLEAN && vt != LUA_TSTRING))
                    errorf(L, "%s: params maps parameter names to numbers, booleans or strings",
                           what);
                if (++count > RM_VARIANT_SETS)
                    errorf(L, "%s: at most %d parameters", what, RM_VARIANT_SETS);
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 2);
    }
}

static int l_scenario(lua_State *L)
{
    static const field spec[] = {
        {"name", 's', 0, 0},
        {"description", 's', 0, 0},
        {"periods", 'i', 1, 1e6},
        {"replicates", 'i', 1, 1e6},
        {"params", 't', 0, 0},
        {"charts", 't', 0, 0},
        {"variants", 't', 0, 0},
        {NULL, 0, 0, 0},
    };
    check_fields(L, 1, "rm.scenario", spec);
    if (lua_getfield(L, 1, "variants") == LUA_TTABLE)
        check_variants(L, lua_gettop(L));
    lua_pop(L, 1);
    if (lua_getfield(L, 1, "charts") == LUA_TTABLE)
        check_charts(L, lua_gettop(L));
    lua_pop(L, 1);
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

/* ---- models: stepped by the scenario after each period hook ---------- */

typedef struct model {
    int (*step)(lua_State *L, struct model *m, rm_replicate *rep);
} model;

/* Models are made in setup, when the run's length is known. */
static rm_replicate *check_setup(lua_State *L, const char *what)
{
    rm_replicate *rep = rep_of(L);
    if (!rep || rep->t != -1 || rep->periods <= 0)
        errorf(L, "%s: create models in setup(sim), where the run's length is known", what);
    return rep;
}

static void register_model(lua_State *L, int ud)
{
    ud = lua_absindex(L, ud);
    if (lua_getfield(L, LUA_REGISTRYINDEX, RM_REG_MODELS) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, RM_REG_MODELS);
    }
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    lua_pushvalue(L, ud);
    lua_rawseti(L, -2, n + 1);
    lua_pop(L, 1);
}

void rm_step_models(lua_State *L, rm_replicate *rep)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, RM_REG_MODELS) != LUA_TTABLE) {
        lua_pop(L, 1);
        return;
    }
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, i);
        model *m = lua_touserdata(L, -1);
        m->step(L, m, rep);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

static void record(lua_State *L, rm_replicate *rep, const char *name, double v)
{
    rm_error err;
    if (rm_metrics_set(rep->metrics, name, rep->t, v, &err) < 0)
        errorf(L, "%s", err.msg);
}

/* ---- rm.cohort ---------------------------------------------------------- */

typedef struct lcohort {
    model head;
    rm_cohort *c;
    rm_rng *rng;
    char name[64];
    int by_segment;
    int has_satisfaction;
} lcohort;

static double num_field(lua_State *L, int t, const char *k, double dflt)
{
    double v = dflt;
    if (lua_getfield(L, t, k) == LUA_TNUMBER)
        v = lua_tonumber(L, -1);
    lua_pop(L, 1);
    return v;
}

static const char *str_field(lua_State *L, int t, const char *k, const char *dflt)
{
    const char *v = dflt;
    if (lua_getfield(L, t, k) == LUA_TSTRING)
        v = lua_tostring(L, -1);      /* kept alive by the table */
    lua_pop(L, 1);
    return v;
}

static const field acquisition_fields[] = {
    {"rate", 'n', 0, 1e9}, {"budget", 'n', 0, 1e15}, {"cost", 'n', 0, 1e15}, {NULL, 0, 0, 0},
};

static const field segment_fields[] = {
    {"name", 's', 0, 0}, {"share", 'n', 0, 1e9}, {"churn", 's', 0, 0},
    {"rate", 'n', 0, 1}, {"alpha", 'n', 1e-6, 1e6}, {"beta", 'n', 1e-6, 1e6},
    {"sensitivity", 'n', 0, 50}, {"satisfaction", 'n', 0, 1}, {"satisfaction_sd", 'n', 0, 1},
    {"quality", 'n', 0, 1}, {"adapt", 'n', 0, 1}, {"loyalty_adapt", 'n', 0, 1},
    {"spend", 'n', 0, 1e12}, {"spend_cv", 'n', 0, 10}, {"margin", 'n', 0, 1},
    {"referral", 'n', 0, 100}, {"retention_cost", 'n', 0, 1e12}, {"winback", 'n', 0, 1},
    {"hazard_factor", 'n', 0, 1e6}, {"price_factor", 'n', 0, 1e6},
    {NULL, 0, 0, 0},
};

static rm_churn_model check_churn(lua_State *L, const char *s)
{
    static const char *const names[] = {"constant", "sbg", "satisfaction"};
    for (int i = 0; i < 3; i++)
        if (strcmp(s, names[i]) == 0)
            return (rm_churn_model)i;
    const char *hint = rm_suggest(s, names, 3);
    errorf(L, "unknown churn model '%s'%s%s%s (constant, sbg or satisfaction)", s,
           hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
    return RM_CHURN_CONSTANT;
}

static void read_segment(lua_State *L, int t, int index, rm_segment_spec *g)
{
    char what[64];
    snprintf(what, sizeof what, "segment %d of rm.cohort", index);
    check_fields(L, t, what, segment_fields);
    char dflt[32];
    snprintf(dflt, sizeof dflt, "segment%d", index);
    const char *name = str_field(L, t, "name", dflt);
    if (!is_identifier(name) || strlen(name) > 31)
        errorf(L, "%s: name '%s' must be an identifier of at most 31 characters", what, name);
    *g = rm_segment_defaults(name);
    g->churn = check_churn(L, str_field(L, t, "churn", "constant"));
    g->share = num_field(L, t, "share", g->share);
    g->rate = num_field(L, t, "rate", g->rate);
    g->alpha = num_field(L, t, "alpha", g->alpha);
    g->beta = num_field(L, t, "beta", g->beta);
    g->sensitivity = num_field(L, t, "sensitivity", g->sensitivity);
    g->satisfaction = num_field(L, t, "satisfaction", g->satisfaction);
    g->satisfaction_sd = num_field(L, t, "satisfaction_sd", g->satisfaction_sd);
    g->quality = num_field(L, t, "quality", g->quality);
    g->adapt = num_field(L, t, "adapt", g->adapt);
    g->loyalty_adapt = num_field(L, t, "loyalty_adapt", g->loyalty_adapt);
    g->spend = num_field(L, t, "spend", g->spend);
    g->spend_cv = num_field(L, t, "spend_cv", g->spend_cv);
    g->margin = num_field(L, t, "margin", g->margin);
    g->referral = num_field(L, t, "referral", g->referral);
    g->retention_cost = num_field(L, t, "retention_cost", g->retention_cost);
    g->winback = num_field(L, t, "winback", g->winback);
    g->hazard_factor = num_field(L, t, "hazard_factor", g->hazard_factor);
    g->price_factor = num_field(L, t, "price_factor", g->price_factor);
}

static lcohort *check_cohort(lua_State *L, int arg)
{
    return luaL_checkudata(L, arg, "rmsim.cohort");
}

static void record_period(lua_State *L, rm_replicate *rep, const char *prefix,
                          const rm_cohort_period *p, int satisfaction)
{
    static const struct { const char *name; size_t off; } cols[] = {
        {"active", offsetof(rm_cohort_period, active)},
        {"acquired", offsetof(rm_cohort_period, acquired)},
        {"referred", offsetof(rm_cohort_period, referred)},
        {"won_back", offsetof(rm_cohort_period, won_back)},
        {"churned", offsetof(rm_cohort_period, churned)},
        {"retention", offsetof(rm_cohort_period, retention)},
        {"revenue", offsetof(rm_cohort_period, revenue)},
        {"margin", offsetof(rm_cohort_period, margin)},
        {"clv", offsetof(rm_cohort_period, clv)},
        {"satisfaction", offsetof(rm_cohort_period, satisfaction)},
    };
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        if (!satisfaction && strcmp(cols[i].name, "satisfaction") == 0)
            continue;
        char name[RM_METRIC_NAME_MAX + 1];
        snprintf(name, sizeof name, "%s.%s", prefix, cols[i].name);
        record(L, rep, name, *(const double *)((const char *)p + cols[i].off));
    }
}

static int cohort_step(lua_State *L, model *m, rm_replicate *rep)
{
    lcohort *lc = (lcohort *)m;
    rm_error err;
    if (rm_cohort_step(lc->c, rep->t, &err) < 0)
        return errorf(L, "cohort '%s', period %d: %s", lc->name, rep->t, err.msg);
    record_period(L, rep, lc->name, rm_cohort_result(lc->c, -1, rep->t), lc->has_satisfaction);
    if (lc->by_segment)
        for (int g = 0; g < rm_cohort_segments(lc->c); g++) {
            const rm_segment_spec *s = rm_cohort_segment(lc->c, g);
            char prefix[128];
            snprintf(prefix, sizeof prefix, "%s.%s", lc->name, s->name);
            record_period(L, rep, prefix, rm_cohort_result(lc->c, g, rep->t),
                          s->churn == RM_CHURN_SATISFACTION);
        }
    return 0;
}

static int l_cohort(lua_State *L)
{
    static const field spec[] = {
        {"name", 's', 0, 0}, {"initial", 'i', 0, RM_CAPACITY_MAX},
        {"capacity", 'i', 0, RM_CAPACITY_MAX}, {"acquisition", 't', 0, 0},
        {"discount", 'n', 0, 10}, {"segments", 't', 0, 0}, {"by_segment", 'b', 0, 0},
        {NULL, 0, 0, 0},
    };
    rm_replicate *rep = check_setup(L, "rm.cohort");
    check_fields(L, 1, "rm.cohort", spec);
    rm_cohort_spec cs = rm_cohort_defaults();
    cs.periods = rep->periods;
    cs.initial = (long)num_field(L, 1, "initial", 0);
    cs.capacity = (long)num_field(L, 1, "capacity", 0);
    cs.discount = num_field(L, 1, "discount", 0);
    if (lua_getfield(L, 1, "acquisition") == LUA_TTABLE) {
        check_fields(L, -1, "acquisition of rm.cohort", acquisition_fields);
        cs.acquisition_rate = num_field(L, -1, "rate", 0);
        cs.acquisition_budget = num_field(L, -1, "budget", 0);
        cs.acquisition_cost = num_field(L, -1, "cost", 0);
    }
    lua_pop(L, 1);
    if (lua_getfield(L, 1, "segments") == LUA_TTABLE) {
        lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
        if (n < 1 || n > RM_SEGMENTS_MAX)
            return errorf(L, "rm.cohort: segments must list 1 to %d segments", RM_SEGMENTS_MAX);
        for (lua_Integer i = 1; i <= n; i++) {
            if (lua_rawgeti(L, -1, i) != LUA_TTABLE)
                return errorf(L, "rm.cohort: segment %d must be a table", (int)i);
            read_segment(L, lua_gettop(L), (int)i, &cs.seg[i - 1]);
            lua_pop(L, 1);
        }
        cs.nsegments = (int)n;
    } else {
        cs.nsegments = 1;
        cs.seg[0] = rm_segment_defaults("all");
    }
    lua_pop(L, 1);
    const char *name = str_field(L, 1, "name", "cohort");
    if (!is_identifier(name) || strlen(name) > 20)
        return errorf(L, "rm.cohort: name '%s' must be an identifier of at most 20 characters",
                      name);
    lcohort *lc = lua_newuserdatauv(L, sizeof *lc, 0);
    memset(lc, 0, sizeof *lc);
    luaL_setmetatable(L, "rmsim.cohort");
    lc->head.step = cohort_step;
    snprintf(lc->name, sizeof lc->name, "%s", name);
    lua_getfield(L, 1, "by_segment");
    lc->by_segment = lua_isnil(L, -1) ? cs.nsegments > 1 : lua_toboolean(L, -1);
    lua_pop(L, 1);
    for (int g = 0; g < cs.nsegments; g++)
        lc->has_satisfaction |= cs.seg[g].churn == RM_CHURN_SATISFACTION;
    rm_error err;
    lc->c = rm_cohort_new(&cs, rng_of(L), &err);
    if (!lc->c)
        return errorf(L, "rm.cohort: %s", err.msg);
    register_model(L, -1);
    return 1;
}

static int segment_index(lua_State *L, lcohort *lc, const char *name)
{
    const char *names[RM_SEGMENTS_MAX];
    int n = rm_cohort_segments(lc->c);
    for (int g = 0; g < n; g++) {
        names[g] = rm_cohort_segment_name(lc->c, g);
        if (strcmp(names[g], name) == 0)
            return g;
    }
    const char *hint = rm_suggest(name, names, (size_t)n);
    return errorf(L, "cohort '%s' has no segment '%s'%s%s%s", lc->name, name,
                  hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
}

/* c:set{segment = "fans", hazard_factor = 0.8, ...} or c:set{acquisition = {...}} */
static int l_cohort_set(lua_State *L)
{
    static const field spec[] = {
        {"segment", 's', 0, 0}, {"hazard_factor", 'n', 0, 1e6}, {"price_factor", 'n', 0, 1e6},
        {"quality", 'n', 0, 1}, {"retention_cost", 'n', 0, 1e12}, {"referral", 'n', 0, 100},
        {"winback", 'n', 0, 1}, {"share", 'n', 0, 1e9}, {"acquisition", 't', 0, 0},
        {NULL, 0, 0, 0},
    };
    static const struct { const char *name; rm_policy p; } policies[] = {
        {"hazard_factor", RM_POLICY_HAZARD_FACTOR}, {"price_factor", RM_POLICY_PRICE_FACTOR},
        {"quality", RM_POLICY_QUALITY}, {"retention_cost", RM_POLICY_RETENTION_COST},
        {"referral", RM_POLICY_REFERRAL}, {"winback", RM_POLICY_WINBACK},
        {"share", RM_POLICY_SHARE},
    };
    lcohort *lc = check_cohort(L, 1);
    check_fields(L, 2, "cohort:set", spec);
    int first = 0, last = rm_cohort_segments(lc->c) - 1;
    const char *seg = str_field(L, 2, "segment", NULL);
    if (seg)
        first = last = segment_index(L, lc, seg);
    for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++) {
        if (lua_getfield(L, 2, policies[i].name) == LUA_TNUMBER) {
            double v = lua_tonumber(L, -1);
            for (int g = first; g <= last; g++) {
                rm_error err;
                if (rm_cohort_set(lc->c, g, policies[i].p, v, &err) < 0)
                    return errorf(L, "cohort:set: %s", err.msg);
            }
        }
        lua_pop(L, 1);
    }
    if (lua_getfield(L, 2, "acquisition") == LUA_TTABLE) {
        check_fields(L, -1, "acquisition of cohort:set", acquisition_fields);
        double rate = num_field(L, -1, "rate", 0), budget = num_field(L, -1, "budget", 0);
        double cost = num_field(L, -1, "cost", 0);
        if (budget > 0 && !(cost > 0))
            return errorf(L, "cohort:set: an acquisition budget needs a cost > 0");
        rm_cohort_set_acquisition(lc->c, rate, budget, cost);
    }
    lua_pop(L, 1);
    return 0;
}

/* c:get(metric [, segment [, t]]): a figure of the last finished period. */
static int l_cohort_get(lua_State *L)
{
    lcohort *lc = check_cohort(L, 1);
    const char *what = luaL_checkstring(L, 2);
    int seg = lua_isnoneornil(L, 3) ? -1 : segment_index(L, lc, luaL_checkstring(L, 3));
    rm_replicate *rep = rep_of(L);
    lua_Integer t = luaL_optinteger(L, 4, rep->t - 1);
    const rm_cohort_period *p = rm_cohort_result(lc->c, seg, (int)t);
    static const char *const names[] = {"active", "acquired", "referred", "won_back", "churned",
                                        "retention", "revenue", "margin", "clv", "satisfaction"};
    const double v[] = {p ? p->active : 0, p ? p->acquired : 0, p ? p->referred : 0,
                        p ? p->won_back : 0, p ? p->churned : 0, p ? p->retention : 0,
                        p ? p->revenue : 0, p ? p->margin : 0, p ? p->clv : 0,
                        p ? p->satisfaction : 0};
    for (int i = 0; i < 10; i++)
        if (strcmp(what, names[i]) == 0) {
            if (!p || isnan(v[i]))
                lua_pushnil(L);
            else
                lua_pushnumber(L, v[i]);
            return 1;
        }
    const char *hint = rm_suggest(what, names, 10);
    return errorf(L, "cohort:get: unknown figure '%s'%s%s%s", what, hint ? " (did you mean '" : "",
                  hint ? hint : "", hint ? "'?)" : "");
}

static int l_cohort_segments(lua_State *L)
{
    lcohort *lc = check_cohort(L, 1);
    lua_newtable(L);
    for (int g = 0; g < rm_cohort_segments(lc->c); g++) {
        lua_pushstring(L, rm_cohort_segment_name(lc->c, g));
        lua_rawseti(L, -2, g + 1);
    }
    return 1;
}

static int l_cohort_size(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)rm_cohort_size(check_cohort(L, 1)->c));
    return 1;
}

static int l_cohort_gc(lua_State *L)
{
    lcohort *lc = check_cohort(L, 1);
    rm_cohort_free(lc->c);
    lc->c = NULL;
    return 0;
}

static void cohort_metatable(lua_State *L)
{
    static const luaL_Reg methods[] = {
        {"set", l_cohort_set},
        {"get", l_cohort_get},
        {"segments", l_cohort_segments},
        {"size", l_cohort_size},
        {NULL, NULL},
    };
    if (luaL_newmetatable(L, "rmsim.cohort")) {
        luaL_newlib(L, methods);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, l_cohort_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
}

/* ---- rm.sbg: the sBG model's closed forms and fitting ------------------ */

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
    double m = check_finite(L, 3), d = check_finite(L, 4);
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
            return errorf(L, "rm.sbg.fit: survival figure %d is not a number", (int)i);
        lua_pop(L, 1);
    }
    rm_sbg_fit f;
    rm_error err;
    if (rm_sbg_fit_data(s, (size_t)n, &f, &err) < 0)
        return errorf(L, "rm.sbg.fit: %s", err.msg);
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

/* ---- rm.network and rm.wom: word of mouth --------------------------------- */

typedef struct lnetwork {
    rm_network g;
} lnetwork;

static lnetwork *check_network(lua_State *L, int arg)
{
    return luaL_checkudata(L, arg, "rmsim.network");
}

/* rm.network{model = "ba"|"er"|"ws"|"sbm"|"file", ...} */
static int l_network(lua_State *L)
{
    static const field spec[] = {
        {"model", 's', 0, 0}, {"nodes", 'i', 1, RM_NODES_MAX}, {"m", 'i', 1, 1000},
        {"mean_degree", 'n', 0, 1e6}, {"k", 'i', 2, 100000}, {"beta", 'n', 0, 1},
        {"blocks", 't', 0, 0}, {"p_in", 'n', 0, 1}, {"p_out", 'n', 0, 1}, {"file", 's', 0, 0},
        {NULL, 0, 0, 0},
    };
    check_setup(L, "rm.network");
    check_fields(L, 1, "rm.network", spec);
    static const char *const models[] = {"ba", "er", "ws", "sbm", "file"};
    const char *model = str_field(L, 1, "model", "ba");
    int which = -1;
    for (int i = 0; i < 5; i++)
        if (!strcmp(model, models[i]))
            which = i;
    if (which < 0) {
        const char *hint = rm_suggest(model, models, 5);
        return errorf(L, "rm.network: unknown model '%s'%s%s%s (ba, er, ws, sbm or file)", model,
                      hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
    }
    lnetwork *net = lua_newuserdatauv(L, sizeof *net, 0);
    memset(net, 0, sizeof *net);
    luaL_setmetatable(L, "rmsim.network");
    int32_t n = (int32_t)num_field(L, 1, "nodes", 1000);
    rm_error err;
    int rc;
    switch (which) {
    case 0: rc = rm_network_ba(&net->g, n, (int)num_field(L, 1, "m", 3), rng_of(L), &err); break;
    case 1: rc = rm_network_er(&net->g, n, num_field(L, 1, "mean_degree", 6), rng_of(L), &err); break;
    case 2:
        rc = rm_network_ws(&net->g, n, (int)num_field(L, 1, "k", 6), num_field(L, 1, "beta", 0.1),
                           rng_of(L), &err);
        break;
    case 3: {
        if (lua_getfield(L, 1, "blocks") != LUA_TTABLE)
            return errorf(L, "rm.network: sbm needs blocks = { size, size, ... }");
        int nb = (int)lua_rawlen(L, -1);
        if (nb < 1 || nb > 1000)
            return errorf(L, "rm.network: 1 to 1000 blocks");
        int32_t *sizes = lua_newuserdatauv(L, (size_t)nb * sizeof *sizes, 0);
        for (int b = 0; b < nb; b++) {
            lua_rawgeti(L, -2, b + 1);
            double v = lua_tonumber(L, -1);
            if (!(v >= 1 && v <= RM_NODES_MAX && v == floor(v)))
                return errorf(L, "rm.network: block %d size must be a whole number >= 1", b + 1);
            sizes[b] = (int32_t)v;
            lua_pop(L, 1);
        }
        rc = rm_network_sbm(&net->g, sizes, nb, num_field(L, 1, "p_in", 0.01),
                            num_field(L, 1, "p_out", 0.001), rng_of(L), &err);
        lua_pop(L, 2);
        break;
    }
    default: {
        /* relative to the scenario's folder, and only inside it */
        const char *file = str_field(L, 1, "file", NULL);
        if (!file)
            return errorf(L, "rm.network: model 'file' needs file = \"edges.csv\"");
        if (file[0] == '/' || strstr(file, ".."))
            return errorf(L, "rm.network: file must be a path inside the scenario's folder");
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", rm_sandbox_of(L)->script_dir, file);
        lua_getfield(L, 1, "nodes");
        int32_t fixed = lua_isnil(L, -1) ? 0 : n;
        lua_pop(L, 1);
        rc = rm_network_load(&net->g, path, fixed, &err);
    }
    }
    if (rc < 0)
        return errorf(L, "rm.network: %s", err.msg);
    return 1;
}

static int l_network_nodes(lua_State *L)
{
    lua_pushinteger(L, check_network(L, 1)->g.n);
    return 1;
}

static int l_network_links(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)(check_network(L, 1)->g.m / 2));
    return 1;
}

static int32_t check_node(lua_State *L, const rm_network *g, int arg)
{
    lua_Integer i = luaL_checkinteger(L, arg);
    luaL_argcheck(L, i >= 0 && i < g->n, arg, "no such node (ids are 0 .. nodes - 1)");
    return (int32_t)i;
}

static int l_network_degree(lua_State *L)
{
    const rm_network *g = &check_network(L, 1)->g;
    lua_pushinteger(L, (lua_Integer)rm_degree(g, check_node(L, g, 2)));
    return 1;
}

static int l_network_community(lua_State *L)
{
    const rm_network *g = &check_network(L, 1)->g;
    int32_t i = check_node(L, g, 2);
    if (g->community)
        lua_pushinteger(L, g->community[i] + 1);
    else
        lua_pushnil(L);
    return 1;
}

static int l_network_mean_degree(lua_State *L)
{
    const rm_network *g = &check_network(L, 1)->g;
    lua_pushnumber(L, g->n ? (double)g->m / g->n : 0);
    return 1;
}

static int l_network_clustering(lua_State *L)
{
    lua_pushnumber(L, rm_network_clustering(&check_network(L, 1)->g));
    return 1;
}

static int l_network_gc(lua_State *L)
{
    rm_network_free(&check_network(L, 1)->g);
    return 0;
}

typedef struct lwom {
    model head;
    rm_wom *w;
    char name[32];
    lcohort *customers;     /* a cohort fed by adopters, or NULL */
    int consumed;           /* the cohort's last period whose churners left here */
    int communities;
} lwom;

static lwom *check_wom(lua_State *L, int arg)
{
    return luaL_checkudata(L, arg, "rmsim.wom");
}

static int wom_step(lua_State *L, model *m, rm_replicate *rep)
{
    lwom *lw = (lwom *)m;
    rm_error err;
    if (lw->customers) {
        /* the cohort's churners stop recommending (and may warn) */
        int last = rm_cohort_last(lw->customers->c);
        for (int t = lw->consumed + 1; t <= last; t++)
            rm_wom_leave(lw->w, (int64_t)rm_cohort_result(lw->customers->c, -1, t)->churned);
        lw->consumed = last;
    }
    if (rm_wom_step(lw->w, rep->t, &err) < 0)
        return errorf(L, "word of mouth '%s': %s", lw->name, err.msg);
    const rm_wom_period *p = rm_wom_result(lw->w, rep->t);
    if (lw->customers)
        rm_cohort_add_external(lw->customers->c, (long)p->new_adopters);
    static const struct { const char *name; size_t off; } cols[] = {
        {"adopters", offsetof(rm_wom_period, adopters)},
        {"new", offsetof(rm_wom_period, new_adopters)},
        {"share", offsetof(rm_wom_period, share)},
        {"ever", offsetof(rm_wom_period, ever)},
        {"churned", offsetof(rm_wom_period, churned)},
        {"detractors", offsetof(rm_wom_period, detractors)},
        {"reach", offsetof(rm_wom_period, reach)},
        {"edges", offsetof(rm_wom_period, edges)},
    };
    char name[RM_METRIC_NAME_MAX + 1];
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        snprintf(name, sizeof name, "%s.%s", lw->name, cols[i].name);
        record(L, rep, name, *(const double *)((const char *)p + cols[i].off));
    }
    for (int c = 0; c < lw->communities; c++) {
        snprintf(name, sizeof name, "%s.c%d.adopters", lw->name, c + 1);
        record(L, rep, name, (double)rm_wom_community_adopters(lw->w, c));
    }
    return 0;
}

/* Seeds chosen by a Lua rule: score(node, degree, community) for every
 * node, the k best (ties by id). */
static void seed_by_rule(lua_State *L, lwom *lw, const rm_network *g, int fn, int64_t k)
{
    int32_t n = g->n;
    double *score = lua_newuserdatauv(L, (size_t)n * sizeof *score, 0);
    int32_t *order = lua_newuserdatauv(L, (size_t)n * sizeof *order, 0);
    for (int32_t i = 0; i < n; i++) {
        lua_pushvalue(L, fn);
        lua_pushinteger(L, i);
        lua_pushinteger(L, (lua_Integer)rm_degree(g, i));
        if (g->community)
            lua_pushinteger(L, g->community[i] + 1);
        else
            lua_pushnil(L);
        lua_call(L, 3, 1);
        int ok;
        score[i] = lua_tonumberx(L, -1, &ok);
        if (!ok || isnan(score[i]))
            errorf(L, "rm.wom: the seeding rule must return a number for node %d", i);
        lua_pop(L, 1);
        order[i] = i;
    }
    /* best k by score: a partial selection sort is enough for small k */
    if (k > n)
        k = n;
    for (int64_t a = 0; a < k; a++) {
        int64_t best = a;
        for (int64_t b = a + 1; b < n; b++)
            if (score[order[b]] > score[order[best]] ||
                (score[order[b]] == score[order[best]] && order[b] < order[best]))
                best = b;
        int32_t tmp = order[a];
        order[a] = order[best];
        order[best] = tmp;
    }
    rm_error err;
    if (rm_wom_seed_nodes(lw->w, order, k, &err) < 0)
        errorf(L, "rm.wom: %s", err.msg);
    lua_pop(L, 2);
}

static void seed(lua_State *L, lwom *lw, const rm_network *g, int how, int64_t k)
{
    if (k <= 0)
        return;
    if (lua_isfunction(L, how)) {
        if (!g)
            errorf(L, "rm.wom: seeding by a rule needs a network");
        if (k > 100000)
            errorf(L, "rm.wom: at most 100000 seeds by a rule");
        seed_by_rule(L, lw, g, how, k);
        return;
    }
    const char *s = lua_isnoneornil(L, how) ? "random" : lua_tostring(L, how);
    if (s && !strcmp(s, "degree"))
        rm_wom_seed_degree(lw->w, k);
    else if (s && !strcmp(s, "random"))
        rm_wom_seed_random(lw->w, k);
    else
        errorf(L, "rm.wom: seeding must be \"random\", \"degree\" or a function(node, degree, "
               "community) returning a score");
}

/* rm.wom{network = net | people = N, p, q, model, ...} */
static int l_wom(lua_State *L)
{
    static const field spec[] = {
        {"name", 's', 0, 0}, {"network", 'x', 0, 0}, {"people", 'i', 1, RM_NODES_MAX},
        {"model", 's', 0, 0}, {"p", 'n', 0, 1}, {"q", 'n', 0, 1}, {"threshold", 'n', 0, 1},
        {"churn", 'n', 0, 1}, {"dissatisfied", 'n', 0, 1}, {"deterrence", 'n', 0, 1},
        {"churn_push", 'n', 0, 100}, {"seeds", 'i', 0, RM_NODES_MAX}, {"seeding", 'x', 0, 0},
        {"customers", 'x', 0, 0},
        {NULL, 0, 0, 0},
    };
    rm_replicate *rep = check_setup(L, "rm.wom");
    check_fields(L, 1, "rm.wom", spec);
    rm_wom_spec s = rm_wom_defaults();
    s.periods = rep->periods;
    static const char *const models[] = {"bass", "cascade", "threshold"};
    const char *model = str_field(L, 1, "model", "bass");
    int which = -1;
    for (int i = 0; i < 3; i++)
        if (!strcmp(model, models[i]))
            which = i;
    if (which < 0)
        return errorf(L, "rm.wom: unknown model '%s' (bass, cascade or threshold)", model);
    s.model = (rm_wom_model)which;
    s.p = num_field(L, 1, "p", s.p);
    s.q = num_field(L, 1, "q", s.q);
    s.threshold = num_field(L, 1, "threshold", s.threshold);
    s.churn = num_field(L, 1, "churn", 0);
    s.dissatisfied = num_field(L, 1, "dissatisfied", 0);
    s.deterrence = num_field(L, 1, "deterrence", 0);
    s.churn_push = num_field(L, 1, "churn_push", 0);
    const rm_network *g = NULL;
    lua_getfield(L, 1, "network");
    int netidx = lua_gettop(L);
    if (!lua_isnil(L, netidx))
        g = &check_network(L, netidx)->g;
    lua_getfield(L, 1, "people");
    if (!g && lua_isnil(L, -1))
        return errorf(L, "rm.wom: give network = rm.network{...}, or people = N for a fully "
                      "mixed population");
    int32_t people = (int32_t)luaL_optinteger(L, -1, 0);
    lua_pop(L, 1);
    const char *name = str_field(L, 1, "name", "wom");
    if (!is_identifier(name) || strlen(name) > 20)
        return errorf(L, "rm.wom: name '%s' must be an identifier of at most 20 characters", name);
    lwom *lw = lua_newuserdatauv(L, sizeof *lw, 2);
    memset(lw, 0, sizeof *lw);
    luaL_setmetatable(L, "rmsim.wom");
    int self = lua_gettop(L);
    lw->head.step = wom_step;
    lw->consumed = -1;
    snprintf(lw->name, sizeof lw->name, "%s", name);
    lua_pushvalue(L, netidx);
    lua_setiuservalue(L, self, 1);       /* keep the network alive */
    if (lua_getfield(L, 1, "customers") != LUA_TNIL) {
        lw->customers = check_cohort(L, -1);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, self, 2);
    }
    lua_pop(L, 1);
    rm_error err;
    lw->w = rm_wom_new(&s, g, people, rng_of(L), &err);
    if (!lw->w)
        return errorf(L, "rm.wom: %s", err.msg);
    if (g && g->community && g->ncommunities <= 16)
        lw->communities = g->ncommunities;
    lua_getfield(L, 1, "seeding");
    seed(L, lw, g, lua_gettop(L), (int64_t)num_field(L, 1, "seeds", 0));
    lua_pop(L, 1);
    lua_settop(L, self);
    register_model(L, self);
    return 1;
}

/* w:set{p = , q = } */
static int l_wom_set(lua_State *L)
{
    static const field spec[] = {{"p", 'n', 0, 1}, {"q", 'n', 0, 1}, {NULL, 0, 0, 0}};
    lwom *lw = check_wom(L, 1);
    check_fields(L, 2, "wom:set", spec);
    rm_error err;
    double p = num_field(L, 2, "p", NAN), q = num_field(L, 2, "q", NAN);
    if (rm_wom_set(lw->w, isnan(p) ? rm_wom_get_p(lw->w) : p, isnan(q) ? rm_wom_get_q(lw->w) : q,
                   &err) < 0)
        return errorf(L, "wom:set: %s", err.msg);
    return 0;
}

/* w:seed(k [, "random" | "degree" | rule]) */
static int l_wom_seed(lua_State *L)
{
    lwom *lw = check_wom(L, 1);
    lua_Integer k = luaL_checkinteger(L, 2);
    luaL_argcheck(L, k >= 0 && k <= RM_NODES_MAX, 2, "seeds must be in [0, 1e8]");
    lua_getiuservalue(L, 1, 1);
    const rm_network *g = lua_isnil(L, -1) ? NULL : &check_network(L, -1)->g;
    lua_pop(L, 1);
    seed(L, lw, g, 3, k);
    return 0;
}

/* w:get(figure [, t]) */
static int l_wom_get(lua_State *L)
{
    lwom *lw = check_wom(L, 1);
    const char *what = luaL_checkstring(L, 2);
    lua_Integer t = luaL_optinteger(L, 3, rep_of(L)->t - 1);
    const rm_wom_period *p = rm_wom_result(lw->w, (int)t);
    static const char *const names[] = {"adopters", "new", "share", "ever", "churned",
                                        "detractors", "reach", "edges"};
    const double v[] = {p ? p->adopters : 0, p ? p->new_adopters : 0, p ? p->share : 0,
                        p ? p->ever : 0, p ? p->churned : 0, p ? p->detractors : 0,
                        p ? p->reach : 0, p ? p->edges : 0};
    for (int i = 0; i < 8; i++)
        if (!strcmp(what, names[i])) {
            if (p)
                lua_pushnumber(L, v[i]);
            else
                lua_pushnil(L);
            return 1;
        }
    const char *hint = rm_suggest(what, names, 8);
    return errorf(L, "wom:get: unknown figure '%s'%s%s%s", what, hint ? " (did you mean '" : "",
                  hint ? hint : "", hint ? "'?)" : "");
}

static int l_wom_gc(lua_State *L)
{
    lwom *lw = check_wom(L, 1);
    rm_wom_free(lw->w);
    lw->w = NULL;
    return 0;
}

static void wom_metatables(lua_State *L)
{
    static const luaL_Reg net_methods[] = {
        {"nodes", l_network_nodes}, {"links", l_network_links}, {"degree", l_network_degree},
        {"community", l_network_community}, {"mean_degree", l_network_mean_degree},
        {"clustering", l_network_clustering}, {NULL, NULL},
    };
    static const luaL_Reg wom_methods[] = {
        {"set", l_wom_set}, {"seed", l_wom_seed}, {"get", l_wom_get}, {NULL, NULL},
    };
    if (luaL_newmetatable(L, "rmsim.network")) {
        luaL_newlib(L, net_methods);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, l_network_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
    if (luaL_newmetatable(L, "rmsim.wom")) {
        luaL_newlib(L, wom_methods);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, l_wom_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
}

/* ---- rm.partnerships: SMEs and large firms --------------------------------- */

static void load_strategy(lua_State *L, const char *name, rm_strategy *s);
static void read_match_options(lua_State *L, int t, const char *what, rm_match_config *m);

#define PARTNER_STRATEGIES 32
#define DYADS_RECORDED 8

typedef struct lpartners {
    model head;
    rm_partners *p;
    char name[32];
    int smes, larges;
    rm_strategy strategies[PARTNER_STRATEGIES];
    char strategy_names[PARTNER_STRATEGIES][64];
    int nstrategies;
} lpartners;

static lpartners *check_partners(lua_State *L, int arg)
{
    return luaL_checkudata(L, arg, "rmsim.partnerships");
}

static const rm_strategy *partner_strategy(lua_State *L, lpartners *lp, const char *name)
{
    for (int i = 0; i < lp->nstrategies; i++)
        if (!strcmp(lp->strategy_names[i], name))
            return &lp->strategies[i];
    if (lp->nstrategies == PARTNER_STRATEGIES)
        errorf(L, "rm.partnerships: at most %d different strategies", PARTNER_STRATEGIES);
    rm_strategy *s = &lp->strategies[lp->nstrategies];
    load_strategy(L, name, s);
    snprintf(lp->strategy_names[lp->nstrategies++], 64, "%s", name);
    return s;
}

static const field firm_fields[] = {
    {"count", 'i', 1, 100000}, {"capability", 'n', 0, 1}, {"reputation", 'n', 0, 1},
    {"resources", 'n', -1e15, 1e15}, {"price", 'n', 1e-6, 1e6}, {"added_value", 'n', 0, 1},
    {"dialogue", 'n', 0, 1}, {"cost", 'n', 0, 1e15}, {"strategy", 's', 0, 0},
    {"relationships", 'i', 1, 100000}, {"suppliers", 'i', 1, 100000}, {NULL, 0, 0, 0},
};

/* smes = {count = , ...} or a list of such tables; pushes firms to out. */
static int read_firms(lua_State *L, lpartners *lp, int t, int large, rm_firm *out, int at, int max)
{
    const char *what = large ? "large of rm.partnerships" : "smes of rm.partnerships";
    int groups = lua_rawlen(L, t) > 0 ? (int)lua_rawlen(L, t) : 1;
    for (int g = 0; g < groups; g++) {
        int gt = t;
        if (lua_rawlen(L, t) > 0) {
            if (lua_rawgeti(L, t, g + 1) != LUA_TTABLE)
                errorf(L, "%s: entry %d must be a table", what, g + 1);
            gt = lua_gettop(L);
        }
        check_fields(L, gt, what, firm_fields);
        rm_firm f;
        memset(&f, 0, sizeof f);
        f.large = large;
        f.capability = num_field(L, gt, "capability", large ? 1 : 0.5);
        f.reputation = num_field(L, gt, "reputation", large ? 1 : 0.3);
        f.resources = num_field(L, gt, "resources", large ? 1e12 : 10);
        f.price = num_field(L, gt, "price", 1);
        f.added_value = num_field(L, gt, "added_value", 0);
        f.dialogue = num_field(L, gt, "dialogue", large ? 0 : 0.5);
        f.cost = num_field(L, gt, "cost", 0);
        f.strategy = partner_strategy(L, lp, str_field(L, gt, "strategy", "tit_for_tat"));
        f.max_relationships = (int)num_field(L, gt, large ? "suppliers" : "relationships", 3);
        int count = (int)num_field(L, gt, "count", 1);
        for (int k = 0; k < count; k++) {
            if (at == max)
                errorf(L, "rm.partnerships: at most %d firms", max);
            out[at++] = f;
        }
        if (gt != t)
            lua_pop(L, 1);
    }
    return at;
}

static void record_partners(lua_State *L, lpartners *lp, rm_replicate *rep)
{
    const rm_partner_period *r = rm_partners_result(lp->p, rep->t);
    char name[128];
#define REC(label, value) \
    (snprintf(name, sizeof name, "%s.%s", lp->name, label), record(L, rep, name, value))
    for (int k = 0; k < RM_STAGES; k++) {
        char label[32];
        snprintf(label, sizeof label, "in_%s", rm_stage_names[k]);
        REC(label, r->stage[k]);
    }
    for (int k = 1; k < RM_ENDS; k++) {
        char label[32];
        snprintf(label, sizeof label, "ended_%s", rm_end_names[k]);
        REC(label, r->ended[k]);
    }
    REC("trust", r->mean_trust);
    REC("commitment", r->mean_commitment);
    REC("satisfaction", r->mean_satisfaction);
    REC("committed_new", r->committed_new);
    REC("time_to_commitment", r->mean_time_to_commitment);
    REC("profit_sme", r->profit_sme);
    REC("profit_large", r->profit_large);
    REC("joint_profit", r->joint);
    REC("sme_capability", r->sme_capability);
    REC("smes_alive", r->smes_alive);
    REC("relationships", r->relationships);
    int n = rm_partners_dyads(lp->p);
    for (int i = 0; i < n && i < DYADS_RECORDED; i++) {
        const rm_dyad *d = rm_partners_dyad(lp->p, i);
        char label[48];
        snprintf(label, sizeof label, "d%d.trust", i + 1);
        REC(label, d->stage == RM_STAGE_DISSOLVED ? NAN : (d->trust_sme + d->trust_large) / 2);
        snprintf(label, sizeof label, "d%d.commitment", i + 1);
        REC(label, d->stage == RM_STAGE_DISSOLVED ? NAN : d->commitment);
        snprintf(label, sizeof label, "d%d.stage", i + 1);
        REC(label, (double)d->stage);
    }
#undef REC
}

static int partners_step(lua_State *L, model *m, rm_replicate *rep)
{
    lpartners *lp = (lpartners *)m;
    rm_error err;
    if (rm_partners_step(lp->p, rep->t, &err) < 0)
        return errorf(L, "partnerships '%s': %s", lp->name, err.msg);
    record_partners(L, lp, rep);
    return 0;
}

static int l_partnerships(lua_State *L)
{
    static const field spec[] = {
        {"name", 's', 0, 0}, {"smes", 't', 0, 0}, {"large", 't', 0, 0}, {"payoff", 't', 0, 0},
        {"project_value", 'n', 1e-9, 1e12}, {"trust_up", 'n', 0, 1}, {"trust_down", 'n', 0, 1},
        {"dialogue_gain", 'n', 0, 1}, {"satisfaction_gain", 'n', 0, 1},
        {"expectation_speed", 'n', 0, 1}, {"bond", 'n', 0, 1}, {"thresholds", 't', 0, 0},
        {"hysteresis", 'n', 0, 1}, {"dwell", 'i', 1, 1000}, {"collapse", 'n', 0, 1},
        {"rival", 'n', 0, 1e6}, {"growth", 'n', 0, 1}, {"search", 'n', 0, 1}, {"court", 'x', 0, 0},
        {NULL, 0, 0, 0},
    };
    rm_replicate *rep = check_setup(L, "rm.partnerships");
    check_fields(L, 1, "rm.partnerships", spec);
    rm_partner_spec s = rm_partner_defaults();
    s.periods = rep->periods;
    s.project_value = num_field(L, 1, "project_value", s.project_value);
    s.trust_up = num_field(L, 1, "trust_up", s.trust_up);
    s.trust_down = num_field(L, 1, "trust_down", s.trust_down);
    s.dialogue_gain = num_field(L, 1, "dialogue_gain", s.dialogue_gain);
    s.satisfaction_gain = num_field(L, 1, "satisfaction_gain", s.satisfaction_gain);
    s.expectation_speed = num_field(L, 1, "expectation_speed", s.expectation_speed);
    s.bond = num_field(L, 1, "bond", s.bond);
    s.hysteresis = num_field(L, 1, "hysteresis", s.hysteresis);
    s.dwell = (int)num_field(L, 1, "dwell", s.dwell);
    s.collapse = num_field(L, 1, "collapse", s.collapse);
    s.rival = num_field(L, 1, "rival", 0);
    s.growth = num_field(L, 1, "growth", s.growth);
    s.search = num_field(L, 1, "search", 0);
    if (lua_getfield(L, 1, "thresholds") == LUA_TTABLE)
        for (int k = 0; k < 3; k++) {
            lua_rawgeti(L, -1, k + 1);
            if (!lua_isnil(L, -1))
                s.thresholds[k] = lua_tonumber(L, -1);
            lua_pop(L, 1);
        }
    lua_pop(L, 1);
    rm_match_config mc;
    read_match_options(L, 1, NULL, &mc);
    s.payoff = mc.payoff;
    s.ops = rm_lua_strategy_ops();      /* for strategies written as move functions */
    lpartners *lp = lua_newuserdatauv(L, sizeof *lp, 0);
    memset(lp, 0, sizeof *lp);
    luaL_setmetatable(L, "rmsim.partnerships");
    int self = lua_gettop(L);
    lp->head.step = partners_step;
    snprintf(lp->name, sizeof lp->name, "%s", str_field(L, 1, "name", "ties"));
    if (!is_identifier(lp->name))
        return errorf(L, "rm.partnerships: name must be an identifier");
    int max = 100000;
    rm_firm *firms = lua_newuserdatauv(L, (size_t)max * sizeof *firms, 0);
    int n = 0;
    lua_newtable(L);
    int empty = lua_gettop(L);
    lua_getfield(L, 1, "smes");
    n = read_firms(L, lp, lua_istable(L, -1) ? lua_gettop(L) : empty, 0, firms, n, max);
    lp->smes = n;
    lua_getfield(L, 1, "large");
    n = read_firms(L, lp, lua_istable(L, -1) ? lua_gettop(L) : empty, 1, firms, n, max);
    lp->larges = n - lp->smes;
    rm_error err;
    lp->p = rm_partners_new(&s, firms, n, rng_of(L), &err);
    if (!lp->p)
        return errorf(L, "rm.partnerships: %s", err.msg);
    /* court: "all" (default), "none", or { {sme, large}, ... } */
    int ct = lua_getfield(L, 1, "court");
    if (ct == LUA_TTABLE) {
        for (int i = 1; i <= (int)lua_rawlen(L, -1); i++) {
            lua_rawgeti(L, -1, i);
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            int a = (int)lua_tointeger(L, -2), b = (int)lua_tointeger(L, -1);
            if (a < 1 || a > lp->smes || b < 1 || b > lp->larges)
                return errorf(L, "rm.partnerships: court pair %d: SME 1..%d, large firm 1..%d",
                              i, lp->smes, lp->larges);
            if (rm_partners_court(lp->p, a - 1, lp->smes + b - 1, &err) < 0)
                return errorf(L, "rm.partnerships: %s", err.msg);
            lua_pop(L, 3);
        }
    } else if (ct == LUA_TNIL || (ct == LUA_TSTRING && !strcmp(lua_tostring(L, -1), "all"))) {
        for (int a = 0; a < lp->smes; a++)
            for (int b = 0; b < lp->larges; b++)
                if (rm_partners_court(lp->p, a, lp->smes + b, &err) < 0)
                    return errorf(L, "rm.partnerships: %s", err.msg);
    } else if (!(ct == LUA_TSTRING && !strcmp(lua_tostring(L, -1), "none"))) {
        return errorf(L, "rm.partnerships: court is \"all\", \"none\" or a list of {sme, large}");
    }
    lua_settop(L, self);
    register_model(L, self);
    return 1;
}

/* p:set{sme = i, dialogue = , price = , added_value = , cost = } or p:set{rival = } */
static int l_partners_set(lua_State *L)
{
    static const field spec[] = {
        {"sme", 'i', 1, 100000}, {"dialogue", 'n', 0, 1}, {"price", 'n', 1e-6, 1e6},
        {"added_value", 'n', 0, 1}, {"cost", 'n', 0, 1e15}, {"rival", 'n', 0, 1e6},
        {NULL, 0, 0, 0},
    };
    lpartners *lp = check_partners(L, 1);
    check_fields(L, 2, "partnerships:set", spec);
    int first = 0, last = lp->smes - 1;
    lua_getfield(L, 2, "sme");
    if (!lua_isnil(L, -1)) {
        first = last = (int)lua_tointeger(L, -1) - 1;
        if (first >= lp->smes)
            return errorf(L, "partnerships:set: no SME %d (1..%d)", first + 1, lp->smes);
    }
    lua_pop(L, 1);
    for (int i = first; i <= last; i++) {
        rm_firm *f = rm_partners_firm(lp->p, i);
        f->dialogue = num_field(L, 2, "dialogue", f->dialogue);
        f->price = num_field(L, 2, "price", f->price);
        f->added_value = num_field(L, 2, "added_value", f->added_value);
        f->cost = num_field(L, 2, "cost", f->cost);
    }
    lua_getfield(L, 2, "rival");
    if (!lua_isnil(L, -1))
        rm_partners_set_rival(lp->p, lua_tonumber(L, -1));
    return 0;
}

/* p:shock{kind = , sme = [, large = ]} */
static int l_partners_shock(lua_State *L)
{
    static const field spec[] = {
        {"kind", 's', 0, 0}, {"sme", 'i', 1, 100000}, {"large", 'i', 1, 100000}, {NULL, 0, 0, 0},
    };
    static const char *const kinds[] = {"failed_delivery", "undercut", "contact_leaves",
                                        "complaint"};
    lpartners *lp = check_partners(L, 1);
    check_fields(L, 2, "partnerships:shock", spec);
    const char *k = str_field(L, 2, "kind", "");
    int which = -1;
    for (int i = 0; i < 4; i++)
        if (!strcmp(k, kinds[i]))
            which = i;
    if (which < 0) {
        const char *hint = rm_suggest(k, kinds, 4);
        return errorf(L, "partnerships:shock: unknown kind '%s'%s%s%s (failed_delivery, "
                      "undercut, contact_leaves, complaint)", k, hint ? " (did you mean '" : "",
                      hint ? hint : "", hint ? "'?)" : "");
    }
    int sme = (int)num_field(L, 2, "sme", 1) - 1, large = (int)num_field(L, 2, "large", 0);
    if (sme >= lp->smes || large > lp->larges)
        return errorf(L, "partnerships:shock: SME 1..%d, large firm 1..%d", lp->smes, lp->larges);
    rm_error err;
    if (rm_partners_shock(lp->p, (rm_shock)which, sme, large > 0 ? lp->smes + large - 1 : -1,
                          &err) < 0)
        return errorf(L, "partnerships:shock: %s", err.msg);
    return 0;
}

/* p:court(sme, large) */
static int l_partners_court(lua_State *L)
{
    lpartners *lp = check_partners(L, 1);
    lua_Integer a = luaL_checkinteger(L, 2), b = luaL_checkinteger(L, 3);
    luaL_argcheck(L, a >= 1 && a <= lp->smes, 2, "no such SME");
    luaL_argcheck(L, b >= 1 && b <= lp->larges, 3, "no such large firm");
    rm_error err;
    if (rm_partners_court(lp->p, (int)a - 1, lp->smes + (int)b - 1, &err) < 0)
        return errorf(L, "partnerships:court: %s", err.msg);
    return 0;
}

/* p:dyad(i) -> {sme, large, stage, trust, commitment, satisfaction, age, cause} */
static int l_partners_dyad(lua_State *L)
{
    lpartners *lp = check_partners(L, 1);
    lua_Integer i = luaL_checkinteger(L, 2);
    if (i < 1 || i > rm_partners_dyads(lp->p)) {
        lua_pushnil(L);
        return 1;
    }
    const rm_dyad *d = rm_partners_dyad(lp->p, (int)i - 1);
    lua_createtable(L, 0, 8);
    lua_pushinteger(L, d->sme + 1);
    lua_setfield(L, -2, "sme");
    lua_pushinteger(L, d->large - lp->smes + 1);
    lua_setfield(L, -2, "large");
    lua_pushstring(L, rm_stage_names[d->stage]);
    lua_setfield(L, -2, "stage");
    lua_pushnumber(L, (d->trust_sme + d->trust_large) / 2);
    lua_setfield(L, -2, "trust");
    lua_pushnumber(L, d->commitment);
    lua_setfield(L, -2, "commitment");
    lua_pushnumber(L, d->satisfaction);
    lua_setfield(L, -2, "satisfaction");
    lua_pushinteger(L, d->age);
    lua_setfield(L, -2, "age");
    lua_pushstring(L, rm_end_names[d->cause]);
    lua_setfield(L, -2, "cause");
    return 1;
}

static int l_partners_gc(lua_State *L)
{
    lpartners *lp = check_partners(L, 1);
    rm_partners_free(lp->p);
    lp->p = NULL;
    return 0;
}

static void partner_metatable(lua_State *L)
{
    static const luaL_Reg methods[] = {
        {"set", l_partners_set}, {"shock", l_partners_shock}, {"court", l_partners_court},
        {"dyad", l_partners_dyad}, {NULL, NULL},
    };
    if (luaL_newmetatable(L, "rmsim.partnerships")) {
        luaL_newlib(L, methods);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, l_partners_gc);
        lua_setfield(L, -2, "__gc");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
}

/* ---- rm.game: matches and tournaments from a scenario ------------------- */

static const field game_fields[] = {
    {"turns", 'i', 1, RM_TURNS_MAX}, {"continuation", 'n', 0, 0.9999}, {"noise", 'n', 0, 1},
    {"payoff", 't', 0, 0}, {"repetitions", 'i', 1, 1e6}, {"strategies", 't', 0, 0},
    {NULL, 0, 0, 0},
};

static void read_match_options(lua_State *L, int t, const char *what, rm_match_config *m)
{
    *m = rm_match_defaults();
    if (lua_isnoneornil(L, t))
        return;
    if (what)               /* NULL: the caller checked the table, read the payoff only */
        check_fields(L, t, what, game_fields);
    m->turns = (int)num_field(L, t, "turns", m->turns);
    m->continuation = num_field(L, t, "continuation", 0);
    m->noise = num_field(L, t, "noise", 0);
    if (lua_getfield(L, t, "payoff") == LUA_TTABLE) {
        double v[4];
        for (int i = 0; i < 4; i++) {
            lua_rawgeti(L, -1, i + 1);
            v[i] = lua_tonumber(L, -1);
            lua_pop(L, 1);
        }
        m->payoff = (rm_payoff){v[0], v[1], v[2], v[3]};
        rm_error err;
        if (rm_payoff_check(&m->payoff, &err) < 0)
            errorf(L, "%s: %s", what ? what : "payoff", err.msg);
    }
    lua_pop(L, 1);
}

static void load_strategy(lua_State *L, const char *name, rm_strategy *s)
{
    char path[1024];
    rm_strategy_path(name, path, sizeof path);
    rm_limits lim = {1000000, (size_t)64 << 20};
    rm_error err;
    if (rm_strategy_load(path, &lim, s, &err) < 0)
        errorf(L, "strategy '%s': %s", name, err.msg);
}

/* A seed for the match or tournament, from the replicate's stream. */
static uint64_t derived_seed(lua_State *L)
{
    rm_rng *r = rng_of(L);
    uint64_t hi = rm_rng_next(r);
    return (hi << 32) | rm_rng_next(r);
}

static void push_moves(lua_State *L, const uint8_t *m, int n)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 0; i < n; i++)
        luaL_addchar(&b, m[i] == RM_C ? 'C' : 'D');
    luaL_pushresult(&b);
}

/* rm.game.match(a, b [, {turns, noise, continuation, payoff}]) */
static int l_game_match(lua_State *L)
{
    const char *a = luaL_checkstring(L, 1), *b = luaL_checkstring(L, 2);
    rm_match_config m;
    read_match_options(L, 3, "rm.game.match", &m);
    rm_strategy *s = lua_newuserdatauv(L, 2 * sizeof *s, 0);
    load_strategy(L, a, &s[0]);
    load_strategy(L, b, &s[1]);
    rm_error err;
    rm_match_result *r = malloc(sizeof *r);
    rm_rng rng;
    rm_rng_seed(&rng, derived_seed(L), 0);
    if (!r || rm_play_strategies(&m, &s[0], &s[1], rm_lua_strategy_ops(), &rng, r, &err) < 0) {
        free(r);
        return errorf(L, "rm.game.match: %s", r ? err.msg : "out of memory");
    }
    lua_createtable(L, 0, 5);
    push_moves(L, r->moves_a, r->turns);
    lua_setfield(L, -2, "moves_a");
    push_moves(L, r->moves_b, r->turns);
    lua_setfield(L, -2, "moves_b");
    lua_pushnumber(L, r->score_a);
    lua_setfield(L, -2, "score_a");
    lua_pushnumber(L, r->score_b);
    lua_setfield(L, -2, "score_b");
    lua_pushinteger(L, r->turns);
    lua_setfield(L, -2, "turns");
    free(r);
    return 1;
}

/* rm.game.tournament{strategies = {...}, turns, repetitions, noise, ...} */
static int l_game_tournament(lua_State *L)
{
    rm_tournament_config c = rm_tournament_defaults();
    read_match_options(L, 1, "rm.game.tournament", &c.match);
    c.repetitions = (int)num_field(L, 1, "repetitions", 1);
    c.threads = 1;                  /* replicates already run side by side */
    c.ops = rm_lua_strategy_ops();
    if (lua_getfield(L, 1, "strategies") != LUA_TTABLE)
        return errorf(L, "rm.game.tournament: strategies must list strategy names");
    int n = (int)lua_rawlen(L, -1);
    if (n < 1 || n > 512)
        return errorf(L, "rm.game.tournament: 1 to 512 strategies");
    rm_strategy *s = lua_newuserdatauv(L, (size_t)n * sizeof *s, 0);
    for (int i = 0; i < n; i++) {
        lua_rawgeti(L, -2, i + 1);
        if (!lua_isstring(L, -1))
            return errorf(L, "rm.game.tournament: strategy %d must be a name", i + 1);
        load_strategy(L, lua_tostring(L, -1), &s[i]);
        lua_pop(L, 1);
    }
    c.seed = derived_seed(L);
    rm_tournament t;
    rm_error err;
    if (rm_tournament_run(&c, s, n, NULL, &t, &err) < 0)
        return errorf(L, "rm.game.tournament: %s", err.msg);
    lua_createtable(L, 0, 3);
    lua_newtable(L);
    int k = 0;
    for (int r = 0; r < n; r++) {
        int i = t.rank[r];
        if (t.disqualified[i])
            continue;
        lua_createtable(L, 0, 3);
        lua_pushstring(L, s[i].name);
        lua_setfield(L, -2, "strategy");
        lua_pushnumber(L, t.score[i]);
        lua_setfield(L, -2, "score");
        lua_pushnumber(L, t.wins[i]);
        lua_setfield(L, -2, "wins");
        lua_rawseti(L, -2, ++k);
    }
    lua_setfield(L, -2, "ranking");
    lua_newtable(L);
    k = 0;
    for (int i = 0; i < n; i++)
        if (t.disqualified[i]) {
            lua_createtable(L, 0, 2);
            lua_pushstring(L, s[i].name);
            lua_setfield(L, -2, "strategy");
            lua_pushstring(L, t.reason[i]);
            lua_setfield(L, -2, "reason");
            lua_rawseti(L, -2, ++k);
        }
    lua_setfield(L, -2, "disqualified");
    lua_newtable(L);
    for (int i = 0; i < n; i++) {
        lua_newtable(L);
        for (int j = 0; j < n; j++)
            if (!isnan(t.matrix[i * n + j])) {
                lua_pushnumber(L, t.matrix[i * n + j]);
                lua_setfield(L, -2, s[j].name);
            }
        lua_setfield(L, -2, s[i].name);
    }
    lua_setfield(L, -2, "matrix");
    rm_tournament_free(&t);
    return 1;
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
    static const luaL_Reg sbg[] = {
        {"survival", l_sbg_survival},
        {"clv", l_sbg_clv},
        {"fit", l_sbg_fit},
        {NULL, NULL},
    };
    static const luaL_Reg game[] = {
        {"match", l_game_match},
        {"tournament", l_game_tournament},
        {NULL, NULL},
    };
    static const luaL_Reg rm[] = {
        {"scenario", l_scenario},
        {"cohort", l_cohort},
        {"network", l_network},
        {"wom", l_wom},
        {"partnerships", l_partnerships},
        {NULL, NULL},
    };
    cohort_metatable(L);
    wom_metatables(L);
    partner_metatable(L);
    luaL_newlib(L, rm);
    lua_pushstring(L, RMSIM_VERSION);
    lua_setfield(L, -2, "version");
    luaL_newlib(L, rng);
    lua_setfield(L, -2, "rng");
    luaL_newlib(L, sbg);
    lua_setfield(L, -2, "sbg");
    luaL_newlib(L, game);
    lua_setfield(L, -2, "game");
    return 1;
}
