/* declare.c - rm.scenario{}: a scenario declares its name, parameters,
 * charts and variants; checked here, read by scenario.c. */
#include "helpers.h"
#include "rmsim/calendar.h"
#include "rmsim/scenario.h"

#include <lauxlib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        rml_check_fields(L, vidx, what, spec);
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
        rml_errorf(L, "parameter '%s' must have a number, boolean or string value (got %s)",
                   name, lua_typename(L, t));
    if (t == LUA_TNUMBER) {
        double v = lua_tonumber(L, -1);
        lua_getfield(L, out, "min");
        lua_getfield(L, out, "max");
        if (!lua_isnil(L, -2) && v < lua_tonumber(L, -2))
            rml_errorf(L, "parameter '%s' = %g is below its min %g", name, v, lua_tonumber(L, -2));
        if (!lua_isnil(L, -1) && v > lua_tonumber(L, -1))
            rml_errorf(L, "parameter '%s' = %g is above its max %g", name, v, lua_tonumber(L, -1));
        if (!isfinite(v))
            rml_errorf(L, "parameter '%s' must be finite", name);
        lua_pop(L, 2);
    } else {
        lua_getfield(L, out, "min");
        lua_getfield(L, out, "max");
        if (!lua_isnil(L, -1) || !lua_isnil(L, -2))
            rml_errorf(L, "parameter '%s': min and max are for numbers only", name);
        lua_pop(L, 2);
    }
    lua_pop(L, 1);
}

/* The declaration keeps copies of what it checked: the script still
 * holds its own tables and could change them after rm.scenario returns
 * (more metrics than checked, a variant name turned into a table). */

/* charts = { { title = , y = , metrics = { names } }, ... }; pushes the copy */
static void check_charts(lua_State *L, int t)
{
    static const field spec[] = {
        {"title", 's', 0, 0}, {"y", 's', 0, 0}, {"x", 's', 0, 0}, {"metrics", 't', 0, 0},
        {"note", 's', 0, 0}, {"labels", 't', 0, 0}, {NULL, 0, 0, 0},
    };
    lua_Integer n = (lua_Integer)lua_rawlen(L, t);
    if (n > 64)
        rml_errorf(L, "rm.scenario: at most 64 charts");
    lua_createtable(L, (int)n, 0);
    int copy = lua_gettop(L);
    for (lua_Integer i = 1; i <= n; i++) {
        char what[64];
        snprintf(what, sizeof what, "chart %d of rm.scenario", (int)i);
        if (lua_rawgeti(L, t, i) != LUA_TTABLE)
            rml_errorf(L, "%s must be a table", what);
        int chart = lua_gettop(L);
        rml_check_fields(L, chart, what, spec);
        lua_createtable(L, 0, 4);
        int c = lua_gettop(L);
        for (int f = 0; f < 2; f++)
            if (lua_getfield(L, chart, spec[f].name) == LUA_TSTRING)
                lua_setfield(L, c, spec[f].name);
            else
                lua_pop(L, 1);
        if (lua_getfield(L, chart, "x") == LUA_TSTRING) {
            if (!rm_metric_name_ok(lua_tostring(L, -1)))
                rml_errorf(L, "%s: x = '%s' is not a metric name", what, lua_tostring(L, -1));
            lua_setfield(L, c, "x");
        } else {
            lua_pop(L, 1);
        }
        if (lua_getfield(L, chart, "metrics") != LUA_TTABLE || lua_rawlen(L, -1) < 1 ||
            lua_rawlen(L, -1) > RM_CHART_SERIES_MAX)
            rml_errorf(L, "%s: metrics must list 1 to %d metric names", what, RM_CHART_SERIES_MAX);
        lua_Integer m = (lua_Integer)lua_rawlen(L, -1);
        lua_createtable(L, (int)m, 0);
        for (lua_Integer k = 1; k <= m; k++) {
            lua_rawgeti(L, -2, k);
            if (lua_type(L, -1) != LUA_TSTRING || !rm_metric_name_ok(lua_tostring(L, -1)))
                rml_errorf(L, "%s: '%s' is not a metric name", what, luaL_tolstring(L, -1, NULL));
            lua_rawseti(L, -2, k);
        }
        lua_setfield(L, c, "metrics");
        lua_pop(L, 1);
        size_t len = 0;
        if (lua_getfield(L, chart, "note") == LUA_TSTRING) {
            if (lua_tolstring(L, -1, &len), len >= 600)
                rml_errorf(L, "%s: note must be under 600 characters", what);
            lua_setfield(L, c, "note");
        } else {
            lua_pop(L, 1);
        }
        if (lua_getfield(L, chart, "labels") == LUA_TTABLE) {
            if ((lua_Integer)lua_rawlen(L, -1) != m)
                rml_errorf(L, "%s: labels must name each of the %d metrics", what, (int)m);
            lua_createtable(L, (int)m, 0);
            for (lua_Integer k = 1; k <= m; k++) {
                if (lua_rawgeti(L, -2, k) != LUA_TSTRING ||
                    (lua_tolstring(L, -1, &len), len == 0 || len >= 40))
                    rml_errorf(L, "%s: label %d must be a string of 1 to 39 characters", what,
                               (int)k);
                lua_rawseti(L, -2, k);
            }
            lua_setfield(L, c, "labels");
        }
        lua_pop(L, 1);
        lua_rawseti(L, copy, i);
        lua_pop(L, 1);
    }
}

/* The notes and labels of the charts, copied as checked:
 * chart_notes = { [i] = "note" or false }, chart_labels = { [i] = { ... } or false }. */
static void copy_chart_notes(lua_State *L, int charts, int decl)
{
    lua_newtable(L);
    lua_newtable(L);
    for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, charts); i++) {
        lua_rawgeti(L, charts, i);
        if (lua_getfield(L, -1, "note") == LUA_TSTRING)
            lua_pushstring(L, lua_tostring(L, -1));
        else
            lua_pushboolean(L, 0);
        lua_rawseti(L, -5, i);
        lua_pop(L, 1);
        if (lua_getfield(L, -1, "labels") == LUA_TTABLE) {
            lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
            lua_createtable(L, (int)n, 0);
            for (lua_Integer k = 1; k <= n; k++) {
                lua_rawgeti(L, -2, k);
                lua_pushstring(L, lua_tostring(L, -1));
                lua_rawseti(L, -3, k);
                lua_pop(L, 1);
            }
        } else {
            lua_pushboolean(L, 0);
        }
        lua_rawseti(L, -4, i);
        lua_pop(L, 2);
    }
    lua_setfield(L, decl, "chart_labels");
    lua_setfield(L, decl, "chart_notes");
}

/* events = { { t = period, label = "..." }, ... }: checked, then copied
 * into the declaration as { {t, label}, ... }. */
static void copy_events(lua_State *L, int t, int decl)
{
    static const field spec[] = {{"t", 'i', 0, 1e6}, {"label", 's', 0, 0}, {NULL, 0, 0, 0}};
    lua_Integer n = (lua_Integer)lua_rawlen(L, t);
    if (n > RM_EVENTS_MAX)
        rml_errorf(L, "rm.scenario: at most %d events", RM_EVENTS_MAX);
    lua_newtable(L);
    for (lua_Integer i = 1; i <= n; i++) {
        char what[64];
        snprintf(what, sizeof what, "event %d of rm.scenario", (int)i);
        if (lua_rawgeti(L, t, i) != LUA_TTABLE)
            rml_errorf(L, "%s must be a table { t = , label = }", what);
        rml_check_fields(L, -1, what, spec);
        if (lua_getfield(L, -1, "t") != LUA_TNUMBER)
            rml_errorf(L, "%s needs t, the period it falls in", what);
        lua_Integer period = lua_tointeger(L, -1);
        size_t len = 0;
        if (lua_getfield(L, -2, "label") != LUA_TSTRING ||
            (lua_tolstring(L, -1, &len), len == 0 || len >= 96))
            rml_errorf(L, "%s needs a label of 1 to 95 characters", what);
        lua_createtable(L, 2, 0);
        lua_pushinteger(L, period);
        lua_rawseti(L, -2, 1);
        lua_pushstring(L, lua_tostring(L, -2));
        lua_rawseti(L, -2, 2);
        lua_rawseti(L, -5, i);
        lua_pop(L, 3);
    }
    lua_setfield(L, decl, "events");
}

/* variants = { { name = "x", params = { k = v } }, ... }; pushes the copy */
static void check_variants(lua_State *L, int t)
{
    static const field spec[] = {{"name", 's', 0, 0}, {"params", 't', 0, 0}, {NULL, 0, 0, 0}};
    lua_Integer n = (lua_Integer)lua_rawlen(L, t);
    if (n < 1 || n > 10000)
        rml_errorf(L, "rm.scenario: variants must list 1 to 10000 variants");
    lua_createtable(L, (int)n, 0);
    int copy = lua_gettop(L);
    lua_createtable(L, 0, (int)n);          /* names seen */
    int seen = lua_gettop(L);
    for (lua_Integer i = 1; i <= n; i++) {
        char what[64];
        snprintf(what, sizeof what, "variant %d of rm.scenario", (int)i);
        if (lua_rawgeti(L, t, i) != LUA_TTABLE)
            rml_errorf(L, "%s must be a table { name = , params = }", what);
        int var = lua_gettop(L);
        rml_check_fields(L, var, what, spec);
        lua_createtable(L, 0, 2);
        int v = lua_gettop(L);
        if (lua_getfield(L, var, "name") != LUA_TSTRING || lua_rawlen(L, -1) == 0 ||
            lua_rawlen(L, -1) > 100)
            rml_errorf(L, "%s needs a name of 1 to 100 characters", what);
        lua_pushvalue(L, -1);
        if (lua_rawget(L, seen) != LUA_TNIL)
            rml_errorf(L, "%s: two variants are named '%s'", what, lua_tostring(L, -2));
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_pushboolean(L, 1);
        lua_rawset(L, seen);
        lua_setfield(L, v, "name");
        lua_newtable(L);
        int params = lua_gettop(L);
        if (lua_getfield(L, var, "params") == LUA_TTABLE) {
            int count = 0;
            lua_pushnil(L);
            while (lua_next(L, -2)) {
                int vt = lua_type(L, -1);
                if (lua_type(L, -2) != LUA_TSTRING ||
                    (vt != LUA_TNUMBER && vt != LUA_TBOOLEAN && vt != LUA_TSTRING))
                    rml_errorf(L, "%s: params maps parameter names to numbers, booleans or strings",
                           what);
                if (++count > RM_VARIANT_SETS)
                    rml_errorf(L, "%s: at most %d parameters", what, RM_VARIANT_SETS);
                lua_pushvalue(L, -2);
                lua_insert(L, -2);
                lua_rawset(L, params);
            }
        }
        lua_pop(L, 1);
        lua_setfield(L, v, "params");
        lua_rawseti(L, copy, i);
        lua_pop(L, 1);
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
        {"charts", 't', 0, 0},
        {"variants", 't', 0, 0},
        {"start", 's', 0, 0},
        {"period", 's', 0, 0},
        {"events", 't', 0, 0},
        {"headline", 's', 0, 0},
        {NULL, 0, 0, 0},
    };
    rml_check_fields(L, 1, "rm.scenario", spec);
    if (lua_getfield(L, 1, "headline") == LUA_TSTRING && !rm_metric_name_ok(lua_tostring(L, -1)))
        return rml_errorf(L, "field 'headline' of rm.scenario: '%s' is not a result or metric name",
                          lua_tostring(L, -1));
    lua_pop(L, 1);
    lua_settop(L, 1);
    if (lua_getfield(L, 1, "variants") == LUA_TTABLE)
        check_variants(L, 2);
    else
        lua_pushnil(L);
    lua_replace(L, 2);                              /* 2: the variants checked */
    if (lua_getfield(L, 1, "charts") == LUA_TTABLE)
        check_charts(L, 3);
    else
        lua_pushnil(L);
    lua_replace(L, 3);                              /* 3: the charts checked */
    if (lua_getfield(L, LUA_REGISTRYINDEX, RM_REG_SCENARIO) != LUA_TNIL)
        return rml_errorf(L, "rm.scenario called twice (declare the scenario once)");
    lua_pop(L, 1);
    lua_getfield(L, 1, "name");
    size_t len = 0;
    if (lua_isstring(L, -1) && (lua_tolstring(L, -1, &len), len == 0 || len > 100))
        return rml_errorf(L, "field 'name' of rm.scenario must be 1 to 100 characters");
    lua_pop(L, 1);
    rm_calendar cal;
    rm_error cerr;
    if (rm_calendar_parse(&cal, rml_str_field(L, 1, "start", NULL),
                          rml_str_field(L, 1, "period", NULL), &cerr) < 0)
        return rml_errorf(L, "rm.scenario: %s", cerr.msg);

    lua_newtable(L);                /* the normalized declaration */
    int decl = lua_gettop(L);
    for (const field *f = spec; f->name; f++) {
        if (strcmp(f->name, "params") == 0 || strcmp(f->name, "events") == 0)
            continue;
        if (strcmp(f->name, "variants") == 0)
            lua_pushvalue(L, 2);
        else if (strcmp(f->name, "charts") == 0)
            lua_pushvalue(L, 3);
        else
            lua_getfield(L, 1, f->name);
        lua_setfield(L, decl, f->name);
    }
    if (lua_getfield(L, 1, "events") == LUA_TTABLE)
        copy_events(L, lua_gettop(L), decl);
    lua_pop(L, 1);
    if (lua_istable(L, 3))
        copy_chart_notes(L, 3, decl);
    lua_newtable(L);
    int params = lua_gettop(L);
    if (lua_getfield(L, 1, "params") == LUA_TTABLE) {
        int src = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, src)) {
            const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
            if (!rml_is_identifier(k))
                return rml_errorf(L, "parameter names must be identifiers (got %s)",
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

static const luaL_Reg scenario_lib[] = {
    {"scenario", l_scenario},
    {NULL, NULL},
};

void rml_open_scenario(lua_State *L)
{
    luaL_setfuncs(L, scenario_lib, 0);
}
