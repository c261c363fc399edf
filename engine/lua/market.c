/* market.c - rm.market: firms competing for one customer population.
 * Firms act once a period (a decide hook or m:set); customers live in C.
 * The co-opetition arenas' glue is in arenas.c. */
#include "market.h"

#include <lauxlib.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "rmsim/strategy.h"

static lmarket *check_market(lua_State *L, int arg)
{
    return luaL_checkudata(L, arg, "rmsim.market");
}

/* The settings a firm can change each period, with their ranges. */
#define SETTINGS                                                                               \
    {"price", 'n', 0, 1e12}, {"quality", 'n', -1e6, 1e6}, {"service", 'n', -1e6, 1e6},          \
    {"brand", 'n', -50, 50}, {"unit_cost", 'n', 0, 1e12}, {"fixed_cost", 'n', 0, 1e15},         \
    {"advertising", 'n', 0, 1e15}, {"subsidy", 'n', 0, 1e12}, {"programme", 'n', 0, 50},        \
    {"programme_cost", 'n', 0, 1e12}, {"acquisition", 'n', 0, 1e15},                            \
    {"contact_cost", 'n', 1e-9, 1e12}

const field rml_market_settings[] = {SETTINGS, {NULL, 0, 0, 0}};
static const field firm_fields[] = {
    {"name", 's', 0, 0}, {"share", 'n', 0, 1}, {"awareness", 'n', 0, 1}, {"decide", 'x', 0, 0},
    {"strategy", 's', 0, 0}, {"move", 'x', 0, 0},
    SETTINGS, {NULL, 0, 0, 0},
};

static const struct { const char *name; size_t off; } setting_off[] = {
    {"price", offsetof(rm_firm_spec, price)}, {"quality", offsetof(rm_firm_spec, quality)},
    {"service", offsetof(rm_firm_spec, service)}, {"brand", offsetof(rm_firm_spec, brand)},
    {"unit_cost", offsetof(rm_firm_spec, unit_cost)},
    {"fixed_cost", offsetof(rm_firm_spec, fixed_cost)},
    {"advertising", offsetof(rm_firm_spec, advertising)},
    {"subsidy", offsetof(rm_firm_spec, subsidy)},
    {"programme", offsetof(rm_firm_spec, programme)},
    {"programme_cost", offsetof(rm_firm_spec, programme_cost)},
    {"acquisition", offsetof(rm_firm_spec, acquisition)},
    {"contact_cost", offsetof(rm_firm_spec, contact_cost)},
};
#define NSETTINGS (sizeof setting_off / sizeof setting_off[0])

static void read_settings(lua_State *L, int t, rm_firm_spec *f)
{
    for (size_t i = 0; i < NSETTINGS; i++) {
        double *p = (double *)((char *)f + setting_off[i].off);
        *p = rml_num_field(L, t, setting_off[i].name, *p);
    }
}

static const field segment_fields[] = {
    {"name", 's', 0, 0}, {"size", 'n', 0, 1e12}, {"community", 'i', 1, 256},
    {"price_sensitivity", 'n', 0, 1e6}, {"quality_sensitivity", 'n', -1e3, 1e3},
    {"service_sensitivity", 'n', -1e3, 1e3}, {"switching_cost", 'n', -50, 50},
    {"inertia", 'n', -50, 50}, {"outside", 'n', -50, 50}, {"cycle", 'n', 1, 1e6},
    {"units", 'n', 0, 1e9}, {"usage", 'n', 0, 1e9}, {"expectation", 'n', -1e6, 1e6},
    {"tolerance", 'n', 1e-6, 1e6}, {"adapt", 'n', 0, 1}, {"loyalty_adapt", 'n', 0, 1},
    {NULL, 0, 0, 0},
};

void rml_market_check_name(lua_State *L, const char *what, const char *name, size_t max)
{
    if (!rml_is_identifier(name) || strlen(name) > max)
        rml_errorf(L, "%s: name '%s' must be an identifier of at most %d characters", what, name,
                   (int)max);
}

static void read_segment(lua_State *L, int t, int index, rm_market_segment *g)
{
    char what[64];
    snprintf(what, sizeof what, "segment %d of rm.market", index);
    rml_check_fields(L, t, what, segment_fields);
    char dflt[32];
    snprintf(dflt, sizeof dflt, "segment%d", index);
    const char *name = rml_str_field(L, t, "name", dflt);
    rml_market_check_name(L, what, name, 16);
    *g = rm_market_segment_defaults(name);
    g->size = rml_num_field(L, t, "size", g->size);
    g->community = (int)rml_num_field(L, t, "community", 0) - 1;
    g->price_w = rml_num_field(L, t, "price_sensitivity", g->price_w);
    g->quality_w = rml_num_field(L, t, "quality_sensitivity", g->quality_w);
    g->service_w = rml_num_field(L, t, "service_sensitivity", g->service_w);
    g->switching_cost = rml_num_field(L, t, "switching_cost", g->switching_cost);
    g->inertia = rml_num_field(L, t, "inertia", g->inertia);
    g->outside = rml_num_field(L, t, "outside", g->outside);
    g->cycle = rml_num_field(L, t, "cycle", g->cycle);
    g->units = rml_num_field(L, t, "units", g->units);
    g->usage = rml_num_field(L, t, "usage", g->usage);
    g->expectation = rml_num_field(L, t, "expectation", g->expectation);
    g->tolerance = rml_num_field(L, t, "tolerance", g->tolerance);
    g->adapt = rml_num_field(L, t, "adapt", g->adapt);
    g->loyalty_adapt = rml_num_field(L, t, "loyalty_adapt", g->loyalty_adapt);
}

static int firm_index(lua_State *L, lmarket *lm, int arg)
{
    const char *name = luaL_checkstring(L, arg);
    int j = rm_market_firm_index(lm->m, name);
    if (j >= 0)
        return j;
    const char *names[RM_FIRMS_MAX];
    int n = rm_market_firms(lm->m);
    for (int k = 0; k < n; k++)
        names[k] = rm_market_firm(lm->m, k)->name;
    const char *hint = rm_suggest(name, names, (size_t)n);
    return rml_errorf(L, "market '%s' has no firm '%s'%s%s%s", lm->name, name,
                      hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
}

static void apply_settings(lua_State *L, lmarket *lm, int j, int t, const char *what)
{
    rml_check_fields(L, t, what, rml_market_settings);
    rm_firm_spec f = *rm_market_firm(lm->m, j);
    read_settings(L, t, &f);
    rm_error err;
    if (rm_market_set_firm(lm->m, j, &f, &err) < 0)
        rml_errorf(L, "%s: %s", what, err.msg);
}

/* apply_settings under lua_pcall: (lm, firm, settings, what). */
static int apply_protected(lua_State *L)
{
    apply_settings(L, lua_touserdata(L, 1), (int)lua_tointeger(L, 2), 3, lua_tostring(L, 4));
    return 0;
}

static const struct { const char *name; size_t off; } figures[] = {
    {"customers", offsetof(rm_market_result, customers)},
    {"share", offsetof(rm_market_result, share)},
    {"new", offsetof(rm_market_result, acquired)},
    {"lost", offsetof(rm_market_result, lost)},
    {"units", offsetof(rm_market_result, units)},
    {"revenue", offsetof(rm_market_result, revenue)},
    {"subsidies", offsetof(rm_market_result, subsidies)},
    {"margin", offsetof(rm_market_result, margin)},
    {"satisfaction", offsetof(rm_market_result, satisfaction)},
    {"loyalty", offsetof(rm_market_result, loyalty)},
    {"awareness", offsetof(rm_market_result, awareness)},
    {"recommenders", offsetof(rm_market_result, recommenders)},
    {"warners", offsetof(rm_market_result, warners)},
    {"clv", offsetof(rm_market_result, clv)},
};
#define NFIGURES (sizeof figures / sizeof figures[0])

static void record(lua_State *L, lmarket *lm, rm_replicate *rep)
{
    char name[160];     /* names are at most 20 + 16 + 9 + 16 + 2 characters */
    int J = rm_market_firms(lm->m), t = rep->t;
    double none = (double)rm_market_customers(lm->m);
    for (int j = 0; j < J; j++) {
        const rm_market_result *r = rm_market_result_of(lm->m, j, t);
        const char *fn = rm_market_firm(lm->m, j)->name;
        none -= r->customers;
        for (size_t i = 0; i < NFIGURES; i++) {
            snprintf(name, sizeof name, "%s.%s.%s", lm->name, fn, figures[i].name);
            rml_record(L, rep, name, *(const double *)((const char *)r + figures[i].off));
        }
        snprintf(name, sizeof name, "%s.%s.won_from_none", lm->name, fn);
        rml_record(L, rep, name, rm_market_flow(lm->m, t, 0, j + 1));
        snprintf(name, sizeof name, "%s.%s.lost_to_none", lm->name, fn);
        rml_record(L, rep, name, rm_market_flow(lm->m, t, j + 1, 0));
        if (!lm->switching)
            continue;
        for (int k = 0; k < J; k++) {
            if (k == j)
                continue;
            const char *kn = rm_market_firm(lm->m, k)->name;
            snprintf(name, sizeof name, "%s.%s.won_from_%s", lm->name, fn, kn);
            rml_record(L, rep, name, rm_market_flow(lm->m, t, k + 1, j + 1));
            snprintf(name, sizeof name, "%s.%s.lost_to_%s", lm->name, fn, kn);
            rml_record(L, rep, name, rm_market_flow(lm->m, t, j + 1, k + 1));
        }
    }
    snprintf(name, sizeof name, "%s.none", lm->name);
    rml_record(L, rep, name, none);
    snprintf(name, sizeof name, "%s.decisions", lm->name);
    rml_record(L, rep, name, rm_market_decisions(lm->m, t));
}

/* Apply a settings table (at idx) under protection, so that its errors
 * can be given the place `where` of the Lua code it came from. */
void rml_market_apply(lua_State *L, lmarket *lm, int j, int idx, const char *where,
                      const char *what)
{
    idx = lua_absindex(L, idx);
    lua_pushcfunction(L, apply_protected);
    lua_pushlightuserdata(L, lm);
    lua_pushinteger(L, j);
    lua_pushvalue(L, idx);
    lua_pushstring(L, what);
    int rc = lua_pcall(L, 4, 0, 0);
    if (rc == LUA_ERRMEM)
        lua_error(L);
    if (rc != LUA_OK)
        rml_error_at(L, where, "%s", lua_tostring(L, -1));
}

/* "file:line:" of the function at idx. */
void rml_where_defined(lua_State *L, int idx, char *out, size_t size)
{
    lua_Debug ar;
    lua_pushvalue(L, idx);
    lua_getinfo(L, ">S", &ar);
    snprintf(out, size, "%s:%d:", ar.short_src, ar.linedefined);
}

static void run_decide(lua_State *L, lmarket *lm, rm_replicate *rep)
{
    rml_market_state(L, lm, "decide");
    int fns = lua_gettop(L);
    for (int j = 0; j < rm_market_firms(lm->m); j++) {
        if (lua_rawgeti(L, fns, j + 1) != LUA_TFUNCTION) {
            lua_pop(L, 1);
            continue;
        }
        const char *fn = rm_market_firm(lm->m, j)->name;
        /* errors in what decide returns point at where decide is defined */
        char where[128], what[64];
        rml_where_defined(L, -1, where, sizeof where);
        snprintf(what, sizeof what, "decide of firm '%s'", fn);
        lua_pushstring(L, fn);
        rml_market_state(L, lm, "self");
        lua_pushinteger(L, rep->t);
        lua_call(L, 3, 1);
        if (lua_istable(L, -1))
            rml_market_apply(L, lm, j, -1, where, what);
        else if (!lua_isnil(L, -1))
            rml_error_at(L, where, "%s must return a table of settings or nil (got %s)", what,
                       luaL_typename(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* A period: the firms' moves in the arenas, their decide hooks, the
 * customers, then the game's payoffs. */
static int market_step(lua_State *L, model *mo, rm_replicate *rep)
{
    lmarket *lm = (lmarket *)mo;
    uint8_t moves[RM_FIRMS_MAX * RM_ARENAS_MAX];
    if (lm->coop)
        rml_arenas_play(L, lm, rep, moves);
    if (lm->has_decide)
        run_decide(L, lm, rep);
    rm_error err;
    if (rm_market_step(lm->m, rep->t, &err) < 0)
        return rml_errorf(L, "market '%s', period %d: %s", lm->name, rep->t, err.msg);
    record(L, lm, rep);
    if (lm->coop)
        rml_arenas_settle(L, lm, rep, moves);
    return 0;
}

/* The firms: their offers into s, and into the state table at st their
 * decide and move functions; declared strategies into lm. */
static void read_firms(lua_State *L, rm_market_spec *s, lmarket *lm, int self, int st)
{
    if (lua_getfield(L, 1, "firms") != LUA_TTABLE)
        rml_errorf(L, "rm.market: firms = { {name = ...}, ... } is required");
    lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
    if (n < 1 || n > RM_FIRMS_MAX)
        rml_errorf(L, "rm.market: firms must list 1 to %d firms", RM_FIRMS_MAX);
    lua_getfield(L, st, "decide");
    lua_getfield(L, st, "move");
    int decide = lua_gettop(L) - 1, move = decide + 1;
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, -3, i) != LUA_TTABLE)
            rml_errorf(L, "rm.market: firm %d must be a table", (int)i);
        int t = lua_gettop(L);
        char what[64];
        snprintf(what, sizeof what, "firm %d of rm.market", (int)i);
        rml_check_fields(L, t, what, firm_fields);
        char dflt[32];
        snprintf(dflt, sizeof dflt, "firm%d", (int)i);
        const char *name = rml_str_field(L, t, "name", dflt);
        rml_market_check_name(L, what, name, 16);
        if (!strcmp(name, "none"))      /* m:flow("none", ...) could not name the firm */
            rml_errorf(L, "%s: the name 'none' means no supplier (m:flow, won_from_none): "
                       "choose another", what);
        rm_firm_spec *f = &s->firm[i - 1];
        *f = rm_market_firm_defaults(name);
        f->share = rml_num_field(L, t, "share", f->share);
        f->awareness = rml_num_field(L, t, "awareness", f->awareness);
        read_settings(L, t, f);
        int dt = lua_getfield(L, t, "decide");
        if (dt != LUA_TNIL && dt != LUA_TFUNCTION)
            rml_errorf(L, "%s: decide must be a function(firm, market, t)", what);
        lm->has_decide |= dt == LUA_TFUNCTION;
        lua_rawseti(L, decide, i);
        int mt = lua_getfield(L, t, "move");
        if (mt != LUA_TNIL && mt != LUA_TFUNCTION)
            rml_errorf(L, "%s: move must be a function(h)", what);
        if (mt == LUA_TFUNCTION)
            lm->play[i - 1] = PLAY_MOVE;
        lua_rawseti(L, move, i);
        const char *strategy = rml_str_field(L, t, "strategy", NULL);
        if (strategy && mt == LUA_TFUNCTION)
            rml_errorf(L, "%s: give a strategy or a move function, not both", what);
        if (strategy) {
            if (!lm->strat) {
                lm->strat = lua_newuserdatauv(L, RM_FIRMS_MAX * sizeof *lm->strat, 0);
                memset(lm->strat, 0, RM_FIRMS_MAX * sizeof *lm->strat);
                lua_setiuservalue(L, self, 2);
            }
            rm_strategy *g = &lm->strat[i - 1];
            rml_load_strategy(L, strategy, g);
            if (g->kind == RM_STRATEGY_SCRIPT)
                rml_errorf(L, "%s: strategy '%s' is a move function; with several firms and "
                           "arenas give move = function(h) instead", what, strategy);
            lm->play[i - 1] = PLAY_DECLARED;
            for (int a = 0; a < RM_ARENAS_MAX; a++)
                lm->fsm[i - 1][a] = g->start;
        }
        lua_pop(L, 1);
    }
    s->nfirms = (int)n;
    lua_pop(L, 3);
}

static void read_segments(lua_State *L, rm_market_spec *s)
{
    if (lua_getfield(L, 1, "segments") == LUA_TTABLE) {
        lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
        if (n < 1 || n > RM_MARKET_SEGMENTS_MAX)
            rml_errorf(L, "rm.market: segments must list 1 to %d segments",
                       RM_MARKET_SEGMENTS_MAX);
        for (lua_Integer i = 1; i <= n; i++) {
            if (lua_rawgeti(L, -1, i) != LUA_TTABLE)
                rml_errorf(L, "rm.market: segment %d must be a table", (int)i);
            read_segment(L, lua_gettop(L), (int)i, &s->seg[i - 1]);
            lua_pop(L, 1);
        }
        s->nsegments = (int)n;
    } else {
        s->nsegments = 1;
        s->seg[0] = rm_market_segment_defaults("all");
    }
    lua_pop(L, 1);
}

/* rm.market{ name, customers | network, firms = {...}, segments = {...}, ... } */
static int l_market(lua_State *L)
{
    static const field spec[] = {
        {"name", 's', 0, 0}, {"customers", 'i', 1, RM_MARKET_CUSTOMERS_MAX},
        {"network", 'x', 0, 0}, {"firms", 't', 0, 0}, {"segments", 't', 0, 0},
        {"wom", 'n', 0, 50}, {"warn", 'n', 0, 50}, {"wom_awareness", 'n', 0, 1e6},
        {"recommend_above", 'n', 0, 1}, {"warn_below", 'n', 0, 1}, {"memory", 'i', 0, 65535},
        {"ad_scale", 'n', 1e-9, 1e15}, {"forget", 'n', 0, 1}, {"discount", 'n', 0, 10},
        {"switching", 'b', 0, 0}, {"arenas", 't', 0, 0}, {"trust", 'n', 0, 1},
        {"trust_up", 'n', 0, 1}, {"trust_down", 'n', 0, 1}, {"stream", 'i', 1, 1e9},
        {NULL, 0, 0, 0},
    };
    rm_replicate *rep = rml_check_setup(L, "rm.market");
    rml_check_fields(L, 1, "rm.market", spec);
    lua_settop(L, 1);
    rm_market_spec s = rm_market_defaults();
    s.periods = rep->periods;
    s.customers = (long)rml_num_field(L, 1, "customers", 0);
    s.wom = rml_num_field(L, 1, "wom", s.wom);
    s.warn = rml_num_field(L, 1, "warn", s.warn);
    s.wom_awareness = rml_num_field(L, 1, "wom_awareness", s.wom_awareness);
    s.recommend_above = rml_num_field(L, 1, "recommend_above", s.recommend_above);
    s.warn_below = rml_num_field(L, 1, "warn_below", s.warn_below);
    s.memory = (int)rml_num_field(L, 1, "memory", s.memory);
    s.ad_scale = rml_num_field(L, 1, "ad_scale", s.ad_scale);
    s.forget = rml_num_field(L, 1, "forget", s.forget);
    s.discount = rml_num_field(L, 1, "discount", s.discount);
    lua_getfield(L, 1, "network");                 /* 2 */
    if (!lua_isnil(L, 2))
        s.network = &rml_check_network(L, 2)->g;
    else if (s.customers < 1)
        return rml_errorf(L, "rm.market: give customers = N, or network = rm.network{...}");
    lmarket *lm = lua_newuserdatauv(L, sizeof *lm, 2);   /* 3 */
    memset(lm, 0, sizeof *lm);
    luaL_setmetatable(L, "rmsim.market");
    lm->head.step = market_step;
    lua_pushvalue(L, 2);
    lua_setiuservalue(L, 3, 1);                    /* keep the network alive */
    lua_createtable(L, 0, 6);                      /* 4: the state table */
    lua_pushvalue(L, 3);
    lua_setfield(L, 4, "self");
    static const char *const parts[] = {"decide", "move", "arenas", "h", "memory"};
    for (int i = 0; i < 5; i++) {
        lua_newtable(L);
        lua_setfield(L, 4, parts[i]);
    }
    lua_pushvalue(L, 4);
    lua_rawsetp(L, LUA_REGISTRYINDEX, lm);
    read_firms(L, &s, lm, 3, 4);
    read_segments(L, &s);
    rml_arenas_read(L, lm, 4, &s);
    const char *name = rml_str_field(L, 1, "name", "market");
    rml_market_check_name(L, "rm.market", name, 20);
    rml_claim_name(L, "rm.market", name);
    snprintf(lm->name, sizeof lm->name, "%s", name);
    lua_getfield(L, 1, "switching");
    lm->switching = lua_isnil(L, -1) ? s.nfirms <= 6 : lua_toboolean(L, -1);
    lua_pop(L, 1);
    /* what record() and the arenas will write each period, refused now
     * rather than as "too many metrics" in the middle of period 0 */
    long J = s.nfirms, columns = J * (long)(NFIGURES + 2) + 2 +
                                 (lm->switching ? 2 * J * (J - 1) : 0) +
                                 (lm->coop ? J * (2L * lm->narenas + 2) : 0);
    if (columns > RM_METRICS_MAX)
        return rml_errorf(L, "rm.market: %ld firms%s%s would record %ld metrics a period (at "
                          "most %d in a run): give fewer firms%s", J,
                          lm->switching ? " with switching" : "", lm->coop ? " and arenas" : "",
                          columns, RM_METRICS_MAX,
                          lm->switching ? ", or switching = false" : "");
    /* markets compared side by side draw the same numbers when given the
     * same stream (common random numbers): a generator of their own, fixed
     * by the run's seed, the replicate and the stream */
    rm_rng *rng = rml_rng_of(L);
    lua_Integer stream = (lua_Integer)rml_num_field(L, 1, "stream", 0);
    if (stream > 0) {
        uint64_t z = rep->seed + 0x9e3779b97f4a7c15ULL * (uint64_t)stream;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;     /* splitmix64's finaliser */
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        rm_rng_seed(&lm->own, z ^ (z >> 31), (uint64_t)rep->index);
        rng = &lm->own;
    }
    lm->rng = rng;
    rm_error err;
    lm->m = rm_market_new(&s, rng, &err);
    if (!lm->m)
        return rml_errorf(L, "rm.market: %s", err.msg);
    lua_settop(L, 3);
    rml_register_model(L, 3);
    return 1;
}

/* m:set(firm, { price = , subsidy = , ... }): from the next step on. */
static int l_market_set(lua_State *L)
{
    lmarket *lm = check_market(L, 1);
    int j = firm_index(L, lm, 2);
    apply_settings(L, lm, j, 3, "market:set");
    return 0;
}

/* The optional period argument at arg (default: the last finished one),
 * checked before narrowing: 2^32 + 1 must not become period 1. */
static int period_arg(lua_State *L, int arg)
{
    rm_replicate *rep = rml_rep_of(L);
    lua_Integer t = luaL_optinteger(L, arg, rep->t - 1);
    if (!lua_isnoneornil(L, arg) && (t < 0 || t >= rep->periods))
        return luaL_argerror(L, arg, lua_pushfstring(L, "period %I outside 0..%d", t,
                                                     rep->periods - 1));
    return (int)t;
}

/* m:get(firm, figure [, t]): a figure of the last finished period (or t). */
static int l_market_get(lua_State *L)
{
    lmarket *lm = check_market(L, 1);
    int j = firm_index(L, lm, 2);
    const char *what = luaL_checkstring(L, 3);
    int t = period_arg(L, 4);
    for (size_t i = 0; i < NFIGURES; i++)
        if (strcmp(what, figures[i].name) == 0) {
            const rm_market_result *r = rm_market_result_of(lm->m, j, t);
            double v = r ? *(const double *)((const char *)r + figures[i].off) : NAN;
            if (isnan(v))
                lua_pushnil(L);
            else
                lua_pushnumber(L, v);
            return 1;
        }
    const char *names[NFIGURES];
    for (size_t i = 0; i < NFIGURES; i++)
        names[i] = figures[i].name;
    const char *hint = rm_suggest(what, names, NFIGURES);
    return rml_errorf(L, "market:get: unknown figure '%s'%s%s%s", what,
                      hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
}

/* m:firm(name): the firm's current settings as a table. */
static int l_market_firm(lua_State *L)
{
    lmarket *lm = check_market(L, 1);
    const rm_firm_spec *f = rm_market_firm(lm->m, firm_index(L, lm, 2));
    lua_newtable(L);
    for (size_t i = 0; i < NSETTINGS; i++) {
        lua_pushnumber(L, *(const double *)((const char *)f + setting_off[i].off));
        lua_setfield(L, -2, setting_off[i].name);
    }
    return 1;
}

/* m:flow(from, to [, t]): customers moving; "none" is no supplier. */
static int l_market_flow(lua_State *L)
{
    lmarket *lm = check_market(L, 1);
    int ends[2];
    for (int a = 0; a < 2; a++)
        ends[a] = strcmp(luaL_checkstring(L, 2 + a), "none") == 0 ? 0 : firm_index(L, lm, 2 + a) + 1;
    double v = rm_market_flow(lm->m, period_arg(L, 4), ends[0], ends[1]);
    if (isnan(v))
        lua_pushnil(L);
    else
        lua_pushnumber(L, v);
    return 1;
}

static int l_market_firms(lua_State *L)
{
    lmarket *lm = check_market(L, 1);
    lua_newtable(L);
    for (int j = 0; j < rm_market_firms(lm->m); j++) {
        lua_pushstring(L, rm_market_firm(lm->m, j)->name);
        lua_rawseti(L, -2, j + 1);
    }
    return 1;
}

static int l_market_size(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)rm_market_customers(check_market(L, 1)->m));
    return 1;
}

static int l_market_gc(lua_State *L)
{
    lmarket *lm = check_market(L, 1);
    rm_market_free(lm->m);
    lm->m = NULL;
    rm_coop_free(lm->coop);
    lm->coop = NULL;
    return 0;
}

static const luaL_Reg market_methods[] = {
    {"set", l_market_set},
    {"get", l_market_get},
    {"firm", l_market_firm},
    {"flow", l_market_flow},
    {"firms", l_market_firms},
    {"size", l_market_size},
    {NULL, NULL},
};

static const luaL_Reg market_lib[] = {
    {"market", l_market},
    {NULL, NULL},
};

void rml_open_market(lua_State *L)
{
    rml_new_class(L, "rmsim.market", market_methods, l_market_gc);
    luaL_setfuncs(L, market_lib, 0);
}
