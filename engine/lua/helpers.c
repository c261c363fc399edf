/* helpers.c - what every binding file shares: errors, option tables,
 * models stepped each period, the replicate and its stream. */
#include "helpers.h"

#include <lauxlib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>

/* luaL_error with printf's formats (Lua's own lack %g). */
int rml_errorf(lua_State *L, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* raised from C with no script line above (a model stepping): name
     * the line that made the model, so the error still has file:line */
    lua_Debug ar;
    rm_replicate *rep = rml_rep_of(L);
    if (rep && rep->model_where && rep->model_where[0] && !lua_getstack(L, 1, &ar))
        return luaL_error(L, "%s%s (period %d)", rep->model_where, msg, rep->t);
    return luaL_error(L, "%s", msg);
}

/* An error about Lua code defined at `where` ("file:line:", or "" for
 * none): that place, not the model's, heads the message. */
int rml_error_at(lua_State *L, const char *where, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    rm_replicate *rep = rml_rep_of(L);
    if (!where || !*where)
        return rml_errorf(L, "%s", msg);
    if (rep && rep->t >= 0 && rep->t < rep->periods)
        return luaL_error(L, "%s %s (period %d)", where, msg, rep->t);
    return luaL_error(L, "%s %s", where, msg);
}

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
void rml_check_fields(lua_State *L, int idx, const char *what, const field *fields)
{
    idx = lua_absindex(L, idx);
    luaL_checktype(L, idx, LUA_TTABLE);
    /* the fields are read after this check with lua_getfield: an __index
     * would hand C values never checked (memory = 1e300, periods = 2^40) */
    if (lua_getmetatable(L, idx))
        rml_errorf(L, "%s: give a plain table (this one has a metatable)", what);
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            rml_errorf(L, "%s: keys must be field names (got %s key)", what,
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
                rml_errorf(L, "unknown field '%s' in %s (did you mean '%s'?)", k, what, hint);
            rml_errorf(L, "unknown field '%s' in %s", k, what);
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
            rml_errorf(L, "field '%s' of %s must be %s (got %s)", k, what, type_word(f->type),
                       luaL_typename(L, -1));
        if (f->type == 'i' || f->type == 'n') {
            double v = lua_tonumber(L, -1);
            if (isnan(v))
                rml_errorf(L, "field '%s' of %s must be in [%g, %g] (got nan)", k, what, f->min,
                       f->max);
            if (!(v >= f->min && v <= f->max))
                rml_errorf(L, "field '%s' of %s must be in [%g, %g] (got %g)", k, what, f->min,
                           f->max, v);
        }
        lua_pop(L, 1);
    }
}

int rml_is_identifier(const char *s)
{
    if (!s || !(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
        return 0;
    for (s++; *s; s++)
        if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9')))
            return 0;
    return 1;
}


rm_rng *rml_rng_of(lua_State *L) { return rm_sandbox_of(L)->rng; }

double rml_check_finite(lua_State *L, int arg)
{
    double v = luaL_checknumber(L, arg);
    luaL_argcheck(L, isfinite(v), arg, "must be finite");
    return v;
}
rm_replicate *rml_rep_of(lua_State *L) { return rm_sandbox_of(L)->ctx; }

/* Models are made in setup, when the run's length is known. */
rm_replicate *rml_check_setup(lua_State *L, const char *what)
{
    rm_replicate *rep = rml_rep_of(L);
    if (!rep || rep->t != -1 || rep->periods <= 0)
        rml_errorf(L, "%s: create models in setup(sim), where the run's length is known", what);
    return rep;
}

void rml_register_model(lua_State *L, int ud)
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
    /* where it was made, for errors raised when it steps (no Lua line then) */
    if (lua_getfield(L, LUA_REGISTRYINDEX, RM_REG_MODELS_WHERE) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, RM_REG_MODELS_WHERE);
    }
    luaL_where(L, 1);
    lua_rawseti(L, -2, n + 1);
    lua_pop(L, 1);
}

void rml_claim_name(lua_State *L, const char *what, const char *name)
{
    if (lua_getfield(L, LUA_REGISTRYINDEX, "rmsim.model_names") != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, "rmsim.model_names");
    }
    if (lua_getfield(L, -1, name) == LUA_TSTRING)
        rml_errorf(L, "%s: name '%s' is taken by the model made at %s (each model's metrics are "
                   "named after it: give each its own name = ...)", what, name,
                   lua_tostring(L, -1));
    lua_pop(L, 1);
    luaL_where(L, 1);
    size_t len = 0;
    const char *w = lua_tolstring(L, -1, &len);
    lua_pushlstring(L, w, len > 2 ? len - 2 : len);    /* "file:line" */
    lua_setfield(L, -3, name);
    lua_pop(L, 2);
}

void rml_check_unclaimed(lua_State *L, const char *metric)
{
    size_t n = strcspn(metric, ".");
    if (lua_getfield(L, LUA_REGISTRYINDEX, "rmsim.model_names") != LUA_TTABLE) {
        lua_pop(L, 1);
        return;
    }
    lua_pushlstring(L, metric, n);
    if (lua_rawget(L, -2) == LUA_TSTRING)
        rml_errorf(L, "sim:record('%s'): '%.*s' is the model made at %s, which writes its own "
                   "metrics (record under another name)", metric, (int)n, metric,
                   lua_tostring(L, -1));
    lua_pop(L, 2);
}

void rml_record(lua_State *L, rm_replicate *rep, const char *name, double v)
{
    rm_error err;
    if (rm_metrics_set(rep->metrics, name, rep->t, v, &err) < 0)
        rml_errorf(L, "%s", err.msg);
}
double rml_num_field(lua_State *L, int t, const char *k, double dflt)
{
    double v = dflt;
    if (lua_getfield(L, t, k) == LUA_TNUMBER)
        v = lua_tonumber(L, -1);
    lua_pop(L, 1);
    return v;
}

const char *rml_str_field(lua_State *L, int t, const char *k, const char *dflt)
{
    const char *v = dflt;
    if (lua_getfield(L, t, k) == LUA_TSTRING)
        v = lua_tostring(L, -1);      /* kept alive by the table */
    lua_pop(L, 1);
    return v;
}

/* A class of userdata: methods through __index, a __gc, and a locked
 * metatable so scripts cannot swap either. */
void rml_new_class(lua_State *L, const char *name, const luaL_Reg *methods, lua_CFunction gc)
{
    if (luaL_newmetatable(L, name)) {
        lua_newtable(L);
        luaL_setfuncs(L, methods, 0);
        lua_setfield(L, -2, "__index");
        lua_pushcfunction(L, gc);
        lua_setfield(L, -2, "__gc");
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
}
