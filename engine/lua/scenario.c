/* scenario.c - run a scenario file: declaration, parameters, hooks.
 *
 * Every replicate gets a fresh sandbox and its own PCG32 stream
 * (seed, stream = replicate - 1), then: run the file (which calls
 * rm.scenario and defines hooks), resolve parameters with --set, lock
 * the globals, and call setup, period for each t, and done. */
#include "rmsim/scenario.h"

#include <errno.h>
#include <pthread.h>
#include <lauxlib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bindings.h"
#include "rmsim/budget.h"
#include "rmsim/output.h"
#include "rmsim/parallel.h"
#include "sandbox.h"

static const char *const hooks[] = {"setup", "period", "done"};
#define NHOOKS 3

rm_run_config rm_run_defaults(void)
{
    rm_run_config c;
    memset(&c, 0, sizeof c);
    c.seed = 1;
    c.limits.max_instructions = RM_DEFAULT_MAX_INSTRUCTIONS;
    c.limits.max_memory = RM_DEFAULT_MAX_MEMORY;
    return c;
}

typedef struct decl {
    char name[128];
    char description[1024];
    int periods;
    int replicates;
    char headline[RM_METRIC_NAME_MAX + 1];
    char where[4200];       /* "file:line:" of rm.scenario, for errors */
} decl;

static void copy_field(lua_State *L, int t, const char *k, char *out, size_t size)
{
    if (lua_getfield(L, t, k) == LUA_TSTRING)
        snprintf(out, size, "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
}

static int int_field(lua_State *L, int t, const char *k, int dflt)
{
    int v = dflt;
    if (lua_getfield(L, t, k) == LUA_TNUMBER)
        v = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    return v;
}

/* The declaration, or defaults named after the file. Pushes the
 * declared params table (possibly empty). */
static void read_decl(lua_State *L, const char *path, decl *d)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(d->name, sizeof d->name, "%s", base);
    char *dot = strrchr(d->name, '.');
    if (dot && strcmp(dot, ".lua") == 0)
        *dot = '\0';
    d->description[0] = '\0';
    d->headline[0] = '\0';
    snprintf(d->where, sizeof d->where, "%s:", path);
    d->periods = 12;
    d->replicates = 1;
    if (lua_getfield(L, LUA_REGISTRYINDEX, RM_REG_SCENARIO) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        return;
    }
    int t = lua_gettop(L);
    copy_field(L, t, "name", d->name, sizeof d->name);
    rm_safe_text(d->name, 0);
    copy_field(L, t, "description", d->description, sizeof d->description);
    rm_safe_text(d->description, 1);    /* shown on terminals by rmsim info */
    copy_field(L, t, "headline", d->headline, sizeof d->headline);
    d->periods = int_field(L, t, "periods", d->periods);
    d->replicates = int_field(L, t, "replicates", d->replicates);
    lua_getfield(L, LUA_REGISTRYINDEX, RM_REG_WHERE);
    snprintf(d->where, sizeof d->where, "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
    lua_getfield(L, t, "params");
    lua_remove(L, t);
}

static int parse_bool(const char *s, int *out)
{
    if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "1"))
        *out = 1;
    else if (!strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "0"))
        *out = 0;
    else
        return -1;
    return 0;
}

/* "file:line" of the declaration, without its closing colon. */
static int where_len(const decl *d)
{
    int wl = (int)strlen(d->where);
    return wl - (wl > 0 && d->where[wl - 1] == ':');
}

/* --set of an integer parameter: exact (a double would round
 * 9007199254740993), or an error; pushes the value. */
static int set_integer(lua_State *L, int p, const char *text, const char *set, const char *name,
                       const decl *d, rm_error *err)
{
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (end == text || *end) {
        /* 1e3 is a whole number too, if a double holds it exactly */
        double x = strtod(text, &end);
        if (end == text || *end || !(x == floor(x)) || fabs(x) > 9007199254740992.0)
            return rm_errorf(err, "--set %s: '%s' must be an integer (declared at %.*s)", set,
                             name, where_len(d), d->where);
        v = (long long)x;
    } else if (errno == ERANGE) {
        return rm_errorf(err, "--set %s: '%s' is beyond the integers Lua holds (|x| < 2^63; "
                         "declared at %.*s)", set, name, where_len(d), d->where);
    }
    lua_getfield(L, p, "min");
    lua_getfield(L, p, "max");
    int below = !lua_isnil(L, -2) && (lua_isinteger(L, -2) ? v < lua_tointeger(L, -2)
                                                            : (double)v < lua_tonumber(L, -2));
    int above = !lua_isnil(L, -1) && (lua_isinteger(L, -1) ? v > lua_tointeger(L, -1)
                                                            : (double)v > lua_tonumber(L, -1));
    double lo = lua_isnil(L, -2) ? -HUGE_VAL : lua_tonumber(L, -2);
    double hi = lua_isnil(L, -1) ? HUGE_VAL : lua_tonumber(L, -1);
    lua_pop(L, 2);
    if (below || above)
        return rm_errorf(err, "--set %s: '%s' must be in [%g, %g] (got %s; declared at %.*s)",
                         set, name, lo, hi, text, where_len(d), d->where);
    lua_pushinteger(L, (lua_Integer)v);
    return 0;
}

/* Apply one --set name=value to the values table at vals, using the
 * declared params at decl_params. */
static int apply_set(lua_State *L, int decl_params, int vals, const char *set, const decl *d,
                     rm_error *err)
{
    int wl = where_len(d);
    const char *eq = strchr(set, '=');
    if (!eq || eq == set)
        return rm_errorf(err, "--set %s: expected name=value", set);
    char name[128];
    size_t n = (size_t)(eq - set);
    if (n >= sizeof name)
        return rm_errorf(err, "--set %s: name too long", set);
    memcpy(name, set, n);
    name[n] = '\0';
    const char *text = eq + 1;
    if (lua_getfield(L, decl_params, name) != LUA_TTABLE) {
        lua_pop(L, 1);
        const char *names[256];
        size_t k = 0;
        lua_pushnil(L);
        while (lua_next(L, decl_params) && k < 256) {
            names[k++] = lua_tostring(L, -2);
            lua_pop(L, 1);
        }
        const char *hint = rm_suggest(name, names, k);
        if (hint)
            return rm_errorf(err, "--set %s: %.*s declares no parameter '%s' (did you mean "
                             "'%s'?)", set, wl, d->where, name, hint);
        return rm_errorf(err, "--set %s: %.*s declares no parameter '%s' (it declares %zu; see "
                         "rmsim info)", set, wl, d->where, name, k);
    }
    int p = lua_gettop(L);
    int kind = lua_getfield(L, p, "value");
    int is_int = lua_isinteger(L, -1);
    lua_pop(L, 1);
    if (kind == LUA_TNUMBER && is_int) {
        if (set_integer(L, p, text, set, name, d, err) < 0)
            return -1;
    } else if (kind == LUA_TNUMBER) {
        char *end;
        errno = 0;
        double v = strtod(text, &end);
        if (end == text || *end || errno == ERANGE || !isfinite(v))
            return rm_errorf(err, "--set %s: '%s' must be a number (declared at %.*s)", set, name,
                             wl, d->where);
        if (is_int && v != floor(v))
            return rm_errorf(err, "--set %s: '%s' must be an integer (declared at %.*s)", set, name,
                             wl, d->where);
        lua_getfield(L, p, "min");
        lua_getfield(L, p, "max");
        int has_min = !lua_isnil(L, -2), has_max = !lua_isnil(L, -1);
        double lo = lua_tonumber(L, -2), hi = lua_tonumber(L, -1);
        lua_pop(L, 2);
        if ((has_min && v < lo) || (has_max && v > hi))
            return rm_errorf(err, "--set %s: '%s' must be in [%g, %g] (got %g; declared at %.*s)",
                             set, name, has_min ? lo : -HUGE_VAL, has_max ? hi : HUGE_VAL, v,
                             wl, d->where);
        if (is_int && fabs(v) < 9e15)
            lua_pushinteger(L, (lua_Integer)v);
        else
            lua_pushnumber(L, v);
    } else if (kind == LUA_TBOOLEAN) {
        int b;
        if (parse_bool(text, &b) < 0)
            return rm_errorf(err, "--set %s: '%s' must be true or false (declared at %.*s)", set,
                             name, wl, d->where);
        lua_pushboolean(L, b);
    } else {
        lua_pushstring(L, text);
    }
    lua_setfield(L, vals, name);
    lua_pop(L, 1);
    return 0;
}

/* Build the resolved parameter values (declared defaults + --set) and
 * store them in the registry. Expects the declared params on top. */
static int resolve_params(lua_State *L, const rm_run_config *c, const decl *d, rm_error *err)
{
    int decl_params = lua_gettop(L);
    lua_newtable(L);
    int vals = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, decl_params)) {
        lua_getfield(L, -1, "value");
        lua_setfield(L, vals, lua_tostring(L, -3));
        lua_pop(L, 1);
    }
    for (int i = 0; i < c->nsets; i++)
        if (apply_set(L, decl_params, vals, c->sets[i], d, err) < 0) {
            lua_settop(L, decl_params - 1);
            return -1;
        }
    lua_setfield(L, LUA_REGISTRYINDEX, RM_REG_PARAMS);
    lua_settop(L, decl_params - 1);
    return 0;
}

/* The string keys of the table at idx, sorted; they stay valid while
 * the table is alive and unchanged. */
static size_t sorted_keys(lua_State *L, int idx, const char **keys, size_t max)
{
    size_t n = 0;
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        if (lua_type(L, -2) == LUA_TSTRING && n < max)
            keys[n++] = lua_tostring(L, -2);
        lua_pop(L, 1);
    }
    for (size_t i = 1; i < n; i++)          /* few keys: insertion sort */
        for (size_t j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
            const char *t = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = t;
        }
    return n;
}

/* The resolved parameters as a JSON object, keys sorted. */
static char *params_json(lua_State *L)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    lua_getfield(L, LUA_REGISTRYINDEX, RM_REG_PARAMS);
    int vals = lua_gettop(L);
    const char *keys[512];
    size_t n = sorted_keys(L, vals, keys, 512);
    fputc('{', f);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", " : "", f);
        rm_put_json_string(f, keys[i]);
        fputs(": ", f);
        lua_getfield(L, vals, keys[i]);
        if (lua_type(L, -1) == LUA_TNUMBER)
            rm_put_number(f, lua_tonumber(L, -1), "null");
        else if (lua_type(L, -1) == LUA_TBOOLEAN)
            fputs(lua_toboolean(L, -1) ? "true" : "false", f);
        else
            rm_put_json_string(f, lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    fputc('}', f);
    lua_pop(L, 1);
    fclose(f);
    return buf;
}

/* Hooks must be functions; a global function whose name is one letter
 * off a hook is probably a typo that would be silently ignored. */
static int check_hooks(lua_State *L, const char *path, int warn, rm_error *err)
{
    lua_pushglobaltable(L);
    for (int i = 0; i < NHOOKS; i++) {
        lua_pushstring(L, hooks[i]);
        int t = lua_rawget(L, -2);
        lua_pop(L, 1);
        if (t != LUA_TNIL && t != LUA_TFUNCTION) {
            lua_pop(L, 1);
            return rm_errorf(err, "%s: '%s' must be a function (the %s hook), not a %s", path,
                             hooks[i], hooks[i], lua_typename(L, t));
        }
    }
    lua_pushnil(L);
    while (warn && lua_next(L, -2)) {
        if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TFUNCTION) {
            const char *k = lua_tostring(L, -2), *hint = rm_suggest(k, hooks, NHOOKS);
            if (hint && strcmp(hint, k) != 0)
                fprintf(stderr, "%s: warning: function '%s' is not a hook and is never "
                        "called (did you mean '%s'?)\n", path, k, hint);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return 0;
}

/* The charts the declaration asks for (validated by rm.scenario). */
static void read_charts(lua_State *L, rm_results *res)
{
    int top = lua_gettop(L);
    if (lua_getfield(L, LUA_REGISTRYINDEX, RM_REG_SCENARIO) != LUA_TTABLE ||
        lua_getfield(L, -1, "charts") != LUA_TTABLE) {
        lua_settop(L, top);
        return;
    }
    int n = (int)lua_rawlen(L, -1);
    res->charts = calloc((size_t)n, sizeof *res->charts);
    if (!res->charts)
        luaL_error(L, "out of memory");
    for (int i = 0; i < n; i++) {
        rm_chart_spec *c = &res->charts[i];
        lua_rawgeti(L, -1, i + 1);
        copy_field(L, -1, "title", c->title, sizeof c->title);
        copy_field(L, -1, "y", c->ylabel, sizeof c->ylabel);
        copy_field(L, -1, "x", c->x, sizeof c->x);
        lua_getfield(L, -1, "metrics");
        c->nmetrics = (int)lua_rawlen(L, -1);
        for (int k = 0; k < c->nmetrics; k++) {
            lua_rawgeti(L, -1, k + 1);
            snprintf(c->metrics[k], sizeof c->metrics[k], "%s", lua_tostring(L, -1));
            lua_pop(L, 1);
        }
        lua_pop(L, 2);
    }
    res->ncharts = n;
    /* notes and events were copied into the declaration when checked */
    if (lua_getfield(L, -2, "chart_notes") == LUA_TTABLE)
        for (int i = 0; i < n; i++) {
            if (lua_rawgeti(L, -1, i + 1) == LUA_TSTRING)
                snprintf(res->charts[i].note, sizeof res->charts[i].note, "%s",
                         lua_tostring(L, -1));
            lua_pop(L, 1);
        }
    lua_pop(L, 1);
    if (lua_getfield(L, -2, "chart_labels") == LUA_TTABLE)
        for (int i = 0; i < n; i++) {
            if (lua_rawgeti(L, -1, i + 1) == LUA_TTABLE)
                for (int k = 0; k < res->charts[i].nmetrics; k++) {
                    if (lua_rawgeti(L, -1, k + 1) == LUA_TSTRING)
                        snprintf(res->charts[i].labels[k], sizeof res->charts[i].labels[k], "%s",
                                 lua_tostring(L, -1));
                    lua_pop(L, 1);
                }
            lua_pop(L, 1);
        }
    lua_settop(L, top);
}

/* Start, period length and case events (checked and copied by rm.scenario). */
static void read_calendar(lua_State *L, rm_results *res)
{
    int top = lua_gettop(L);
    rm_error err;
    if (lua_getfield(L, LUA_REGISTRYINDEX, RM_REG_SCENARIO) != LUA_TTABLE) {
        lua_settop(L, top);
        return;
    }
    int t = lua_gettop(L);
    char start[32] = "", period[32] = "";
    copy_field(L, t, "start", start, sizeof start);
    copy_field(L, t, "period", period, sizeof period);
    if (rm_calendar_parse(&res->calendar, start, period, &err) < 0)
        memset(&res->calendar, 0, sizeof res->calendar);
    if (lua_getfield(L, t, "events") == LUA_TTABLE) {
        int n = (int)lua_rawlen(L, -1);
        for (int i = 0; i < n && i < RM_EVENTS_MAX; i++) {
            rm_event *e = &res->events[i];
            lua_rawgeti(L, -1, i + 1);
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            e->t = (int)lua_tointeger(L, -2);
            snprintf(e->label, sizeof e->label, "%s", lua_tostring(L, -1));
            lua_pop(L, 3);
            res->nevents = i + 1;
        }
    }
    lua_settop(L, top);
}

/* Call a hook if the script defines it; errors propagate (protected
 * by the caller). */
static void call_hook(lua_State *L, int sim, const char *name, int t)
{
    lua_pushglobaltable(L);
    lua_pushstring(L, name);
    int type = lua_rawget(L, -2);
    lua_remove(L, -2);
    if (type != LUA_TFUNCTION) {
        lua_pop(L, 1);
        return;
    }
    lua_pushvalue(L, sim);
    if (t >= 0)
        lua_pushinteger(L, t);
    lua_call(L, t >= 0 ? 2 : 1, 0);
}

static rm_sandbox *open_scenario(const rm_run_config *c, rm_rng *rng, rm_replicate *rep,
                                 rm_error *err)
{
    rm_sandbox *sb = rm_sandbox_new(&c->limits, c->path, rng, err);
    if (!sb)
        return NULL;
    sb->ctx = rep;
    if (rm_sandbox_loadfile(sb, c->path, err) < 0 || rm_sandbox_pcall(sb, 0, 0, err) < 0) {
        rm_sandbox_free(sb);
        return NULL;
    }
    return sb;
}

/* Work on a loaded scenario, as protected C functions: every Lua call
 * in them may raise (a script error, a limit, memory). */
typedef struct job {
    const rm_run_config *c;
    rm_replicate *rep;
    rm_results *res;        /* prepare: filled from the declaration */
    rm_variants *variants;  /* prepare: the declared variants, if wanted */
} job;

static int raise_error(lua_State *L, const rm_error *err)
{
    lua_pushstring(L, err->msg);
    return lua_error(L);
}

/* A Lua value as --set text, so declared variants go through the same
 * checks as the command line. */
static void set_text(lua_State *L, int idx, const char *name, char *out, size_t size)
{
    if (lua_type(L, idx) == LUA_TNUMBER) {
        if (lua_isinteger(L, idx))
            snprintf(out, size, "%s=%lld", name, (long long)lua_tointeger(L, idx));
        else {
            /* the shortest text that reads back as the same number */
            double v = lua_tonumber(L, idx);
            snprintf(out, size, "%s=%.15g", name, v);
            if (strtod(strchr(out, '=') + 1, NULL) != v)
                snprintf(out, size, "%s=%.17g", name, v);
        }
    } else if (lua_type(L, idx) == LUA_TBOOLEAN) {
        snprintf(out, size, "%s=%s", name, lua_toboolean(L, idx) ? "true" : "false");
    } else {
        snprintf(out, size, "%s=%s", name, lua_tostring(L, idx));
    }
}

/* variants = { { name = "x", params = { k = v, ... } }, ... } (checked by rm.scenario) */
static void read_variants(lua_State *L, rm_variants *out)
{
    int top = lua_gettop(L);
    out->n = 0;
    if (lua_getfield(L, LUA_REGISTRYINDEX, RM_REG_SCENARIO) != LUA_TTABLE ||
        lua_getfield(L, -1, "variants") != LUA_TTABLE) {
        lua_settop(L, top);
        return;
    }
    int list = lua_gettop(L);
    int n = (int)lua_rawlen(L, list);
    out->v = calloc((size_t)n, sizeof *out->v);
    if (!out->v)
        luaL_error(L, "out of memory");
    for (int i = 0; i < n; i++) {
        rm_variant *v = &out->v[i];
        lua_rawgeti(L, list, i + 1);
        copy_field(L, -1, "name", v->name, sizeof v->name);
        rm_safe_text(v->name, 0);       /* shown on terminals and in sweep.csv */
        if (lua_getfield(L, -1, "params") == LUA_TTABLE) {
            const char *keys[RM_VARIANT_SETS];
            size_t k = sorted_keys(L, lua_gettop(L), keys, RM_VARIANT_SETS);
            for (size_t a = 0; a < k; a++) {
                lua_getfield(L, -1, keys[a]);
                set_text(L, -1, keys[a], v->sets[a], sizeof v->sets[a]);
                lua_pop(L, 1);
            }
            v->nsets = (int)k;
        }
        lua_pop(L, 2);
    }
    out->n = n;
    lua_settop(L, top);
}

static int prepare_body(lua_State *L)
{
    job *j = lua_touserdata(L, 1);
    rm_error err;
    decl d;
    read_decl(L, j->c->path, &d);
    if (resolve_params(L, j->c, &d, &err) < 0 || check_hooks(L, j->c->path, 1, &err) < 0)
        return raise_error(L, &err);
    rm_results *res = j->res;
    snprintf(res->name, sizeof res->name, "%s", d.name);
    snprintf(res->description, sizeof res->description, "%s", d.description);
    snprintf(res->headline, sizeof res->headline, "%s", d.headline);
    snprintf(res->headline_where, sizeof res->headline_where, "%.299s", d.where);
    res->periods = j->c->periods > 0 ? j->c->periods : d.periods;
    res->replicates = j->c->replicates > 0 ? j->c->replicates : d.replicates;
    res->params_json = params_json(L);
    if (!res->params_json)
        return luaL_error(L, "out of memory");
    read_charts(L, res);
    read_calendar(L, res);
    if (j->variants)
        read_variants(L, j->variants);
    return 0;
}

static int replicate_body(lua_State *L)
{
    job *j = lua_touserdata(L, 1);
    rm_replicate *rep = j->rep;
    rm_error err;
    decl d;
    read_decl(L, j->c->path, &d);
    if (resolve_params(L, j->c, &d, &err) < 0 || check_hooks(L, j->c->path, 0, &err) < 0)
        return raise_error(L, &err);
    rep->metrics = rm_metrics_new(rep->periods);
    if (!rep->metrics)
        return luaL_error(L, "out of memory");
    rm_sandbox_lock(rm_sandbox_of(L));
    rm_push_sim(L, rep);
    int sim = lua_gettop(L);
    call_hook(L, sim, "setup", -1);
    for (int t = 0; t < rep->periods; t++) {
        rep->t = t;
        lua_pushinteger(L, t);
        lua_setfield(L, sim, "t");
        call_hook(L, sim, "period", t);
        rm_step_models(L, rep);
        rm_sandbox_charge(L, 0);    /* the wall clock, also for C-only periods */
    }
    rep->t = rep->periods;
    call_hook(L, sim, "done", -1);
    return 0;
}

/* Load the file in a fresh sandbox on stream `r` and run fn on it. */
static int with_scenario(const rm_run_config *c, int r, lua_CFunction fn, job *j, rm_error *err)
{
    rm_rng rng;
    rm_rng_seed(&rng, c->seed, (uint64_t)r);
    /* one memory cap for the replicate: its Lua states and its models */
    rm_budget budget;
    rm_budget_init(&budget, c->limits.max_memory);
    if (c->limits.max_seconds > 0) {        /* strategies run inside count too */
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        budget.deadline = (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9 + c->limits.max_seconds;
    }
    rm_budget *outer = rm_budget_enter(&budget);
    rm_sandbox *sb = open_scenario(c, &rng, j->rep, err);
    int rc = -1;
    if (sb) {
        lua_pushcfunction(sb->L, fn);
        lua_pushlightuserdata(sb->L, j);
        rc = rm_sandbox_pcall(sb, 1, 0, err);
        rm_sandbox_free(sb);
    }
    if (rc < 0 && budget.refused && !strstr(err->msg, "--max-memory")) {
        size_t n = strlen(err->msg);
        snprintf(err->msg + n, sizeof err->msg - n, "%s", rm_budget_why());
    }
    rm_budget_enter(outer);
    return rc;
}

int rm_scenario_prepare(const rm_run_config *c, rm_results *res, rm_variants *variants,
                        rm_error *err)
{
    rm_replicate rep = {.t = -1, .index = 0, .seed = c->seed};
    job j = {c, &rep, res, variants};
    res->seed = c->seed;
    return with_scenario(c, 0, prepare_body, &j, err);
}

int rm_scenario_replicate(const rm_run_config *c, int periods, int r, rm_metrics **out,
                          rm_error *err)
{
    rm_replicate rep = {.t = -1, .index = r + 1, .seed = c->seed, .periods = periods};
    job j = {c, &rep, NULL, NULL};
    int rc = with_scenario(c, r, replicate_body, &j, err);
    if (rc < 0) {
        rm_metrics_free(rep.metrics);
        return -1;
    }
    *out = rep.metrics;
    return 0;
}

typedef struct run_ctx {
    const rm_run_config *c;
    rm_results *res;
    int done;
    pthread_mutex_t lock;
} run_ctx;

static int run_item(void *ctx, long r, rm_error *err)
{
    run_ctx *x = ctx;
    if (rm_scenario_replicate(x->c, x->res->periods, (int)r, &x->res->reps[r], err) < 0)
        return -1;
    pthread_mutex_lock(&x->lock);
    x->done++;
    if (x->c->progress)
        x->c->progress(x->c->progress_ud, x->done, x->res->replicates);
    pthread_mutex_unlock(&x->lock);
    return 0;
}

int rm_run_scenario(const rm_run_config *c, rm_results **out, rm_error *err)
{
    *out = NULL;
    rm_results *res = calloc(1, sizeof *res);
    if (!res)
        return rm_errorf(err, "out of memory");
    (void)rm_scripts_dir();     /* resolve once, before any thread */
    if (rm_scenario_prepare(c, res, NULL, err) < 0) {
        rm_results_free(res);
        return -1;
    }
    res->reps = calloc((size_t)res->replicates, sizeof *res->reps);
    if (!res->reps) {
        rm_results_free(res);
        return rm_errorf(err, "out of memory");
    }
    run_ctx x = {c, res, 0, PTHREAD_MUTEX_INITIALIZER};
    if (rm_parallel_for(res->replicates, c->threads, run_item, &x, NULL, err) < 0) {
        rm_results_free(res);
        return -1;
    }
    *out = res;
    return 0;
}

void rm_results_free(rm_results *r)
{
    if (!r)
        return;
    for (int i = 0; r->reps && i < r->replicates; i++)
        rm_metrics_free(r->reps[i]);
    free(r->reps);
    free(r->params_json);
    free(r->charts);
    free(r);
}

/* Text the script chose (a parameter's doc or string value), made safe
 * for the terminal: no escape sequences, no line of its own. */
static const char *safe_copy(const char *s, char *buf, size_t size)
{
    snprintf(buf, size, "%s", s);
    rm_safe_text(buf, 0);
    return buf;
}

static int describe_body(lua_State *L)
{
    const rm_run_config *c = lua_touserdata(L, 1);
    FILE *out = lua_touserdata(L, 2);
    decl d;
    read_decl(L, c->path, &d);
    int params = lua_gettop(L);
    fprintf(out, "scenario:    %s\n", d.name);
    if (d.description[0])
        fprintf(out, "description: %s\n", d.description);
    fprintf(out, "periods:     %d\nreplicates:  %d\nparameters:\n", d.periods, d.replicates);
    const char *keys[512];
    size_t n = sorted_keys(L, params, keys, 512);
    for (size_t i = 0; i < n; i++) {
        lua_getfield(L, params, keys[i]);
        int p = lua_gettop(L);
        lua_getfield(L, p, "value");
        char buf[1024];
        fprintf(out, "  %-22s = %-12s", keys[i], safe_copy(luaL_tolstring(L, -1, NULL), buf,
                                                           sizeof buf));
        lua_getfield(L, p, "min");
        lua_getfield(L, p, "max");
        if (!lua_isnil(L, -2) || !lua_isnil(L, -1))
            fprintf(out, " in [%s, %s]", lua_isnil(L, -2) ? "-inf" : lua_tostring(L, -2),
                    lua_isnil(L, -1) ? "inf" : lua_tostring(L, -1));
        if (lua_getfield(L, p, "doc") == LUA_TSTRING)
            fprintf(out, "  %s", safe_copy(lua_tostring(L, -1), buf, sizeof buf));
        fputc('\n', out);
        lua_settop(L, p - 1);
    }
    if (n == 0)
        fprintf(out, "  (none)\n");
    return 0;
}

int rm_scenario_describe(const rm_run_config *c, FILE *out, rm_error *err)
{
    rm_rng rng;
    rm_rng_seed(&rng, c->seed, 0);
    rm_replicate rep = {.t = -1, .index = 1, .seed = c->seed};
    rm_sandbox *sb = open_scenario(c, &rng, &rep, err);
    if (!sb)
        return -1;
    lua_pushcfunction(sb->L, describe_body);
    lua_pushlightuserdata(sb->L, (void *)c);
    lua_pushlightuserdata(sb->L, out);
    int rc = rm_sandbox_pcall(sb, 2, 0, err);
    rm_sandbox_free(sb);
    return rc;
}
