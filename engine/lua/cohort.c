/* cohort.c - rm.cohort: a customer population with churn, win-back,
 * referrals and policies. */
#include "helpers.h"

#include <lauxlib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rmsim/cohort.h"

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
    rml_errorf(L, "unknown churn model '%s'%s%s%s (constant, sbg or satisfaction)", s,
           hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
    return RM_CHURN_CONSTANT;
}

static void read_segment(lua_State *L, int t, int index, rm_segment_spec *g)
{
    char what[64];
    snprintf(what, sizeof what, "segment %d of rm.cohort", index);
    rml_check_fields(L, t, what, segment_fields);
    char dflt[32];
    snprintf(dflt, sizeof dflt, "segment%d", index);
    const char *name = rml_str_field(L, t, "name", dflt);
    if (!rml_is_identifier(name) || strlen(name) > 31)
        rml_errorf(L, "%s: name '%s' must be an identifier of at most 31 characters", what, name);
    *g = rm_segment_defaults(name);
    g->churn = check_churn(L, rml_str_field(L, t, "churn", "constant"));
    g->share = rml_num_field(L, t, "share", g->share);
    g->rate = rml_num_field(L, t, "rate", g->rate);
    g->alpha = rml_num_field(L, t, "alpha", g->alpha);
    g->beta = rml_num_field(L, t, "beta", g->beta);
    g->sensitivity = rml_num_field(L, t, "sensitivity", g->sensitivity);
    g->satisfaction = rml_num_field(L, t, "satisfaction", g->satisfaction);
    g->satisfaction_sd = rml_num_field(L, t, "satisfaction_sd", g->satisfaction_sd);
    g->quality = rml_num_field(L, t, "quality", g->quality);
    g->adapt = rml_num_field(L, t, "adapt", g->adapt);
    g->loyalty_adapt = rml_num_field(L, t, "loyalty_adapt", g->loyalty_adapt);
    g->spend = rml_num_field(L, t, "spend", g->spend);
    g->spend_cv = rml_num_field(L, t, "spend_cv", g->spend_cv);
    g->margin = rml_num_field(L, t, "margin", g->margin);
    g->referral = rml_num_field(L, t, "referral", g->referral);
    g->retention_cost = rml_num_field(L, t, "retention_cost", g->retention_cost);
    g->winback = rml_num_field(L, t, "winback", g->winback);
    g->hazard_factor = rml_num_field(L, t, "hazard_factor", g->hazard_factor);
    g->price_factor = rml_num_field(L, t, "price_factor", g->price_factor);
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
        rml_record(L, rep, name, *(const double *)((const char *)p + cols[i].off));
    }
}

static int cohort_step(lua_State *L, model *m, rm_replicate *rep)
{
    lcohort *lc = (lcohort *)m;
    rm_error err;
    if (rm_cohort_step(lc->c, rep->t, &err) < 0)
        return rml_errorf(L, "cohort '%s', period %d: %s", lc->name, rep->t, err.msg);
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
    rm_replicate *rep = rml_check_setup(L, "rm.cohort");
    rml_check_fields(L, 1, "rm.cohort", spec);
    rm_cohort_spec cs = rm_cohort_defaults();
    cs.periods = rep->periods;
    cs.initial = (long)rml_num_field(L, 1, "initial", 0);
    cs.capacity = (long)rml_num_field(L, 1, "capacity", 0);
    cs.discount = rml_num_field(L, 1, "discount", 0);
    if (lua_getfield(L, 1, "acquisition") == LUA_TTABLE) {
        rml_check_fields(L, -1, "acquisition of rm.cohort", acquisition_fields);
        cs.acquisition_rate = rml_num_field(L, -1, "rate", 0);
        cs.acquisition_budget = rml_num_field(L, -1, "budget", 0);
        cs.acquisition_cost = rml_num_field(L, -1, "cost", 0);
    }
    lua_pop(L, 1);
    if (lua_getfield(L, 1, "segments") == LUA_TTABLE) {
        lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
        if (n < 1 || n > RM_SEGMENTS_MAX)
            return rml_errorf(L, "rm.cohort: segments must list 1 to %d segments", RM_SEGMENTS_MAX);
        for (lua_Integer i = 1; i <= n; i++) {
            if (lua_rawgeti(L, -1, i) != LUA_TTABLE)
                return rml_errorf(L, "rm.cohort: segment %d must be a table", (int)i);
            read_segment(L, lua_gettop(L), (int)i, &cs.seg[i - 1]);
            lua_pop(L, 1);
        }
        cs.nsegments = (int)n;
    } else {
        cs.nsegments = 1;
        cs.seg[0] = rm_segment_defaults("all");
    }
    lua_pop(L, 1);
    const char *name = rml_str_field(L, 1, "name", "cohort");
    if (!rml_is_identifier(name) || strlen(name) > 20)
        return rml_errorf(L, "rm.cohort: name '%s' must be an identifier of at most 20 characters",
                      name);
    rml_claim_name(L, "rm.cohort", name);
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
    lc->c = rm_cohort_new(&cs, rml_rng_of(L), &err);
    if (!lc->c)
        return rml_errorf(L, "rm.cohort: %s", err.msg);
    rml_register_model(L, -1);
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
    return rml_errorf(L, "cohort '%s' has no segment '%s'%s%s%s", lc->name, name,
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
    lcohort *lc = rml_check_cohort(L, 1);
    rml_check_fields(L, 2, "cohort:set", spec);
    int first = 0, last = rm_cohort_segments(lc->c) - 1;
    const char *seg = rml_str_field(L, 2, "segment", NULL);
    if (seg)
        first = last = segment_index(L, lc, seg);
    for (size_t i = 0; i < sizeof policies / sizeof policies[0]; i++) {
        if (lua_getfield(L, 2, policies[i].name) == LUA_TNUMBER) {
            double v = lua_tonumber(L, -1);
            for (int g = first; g <= last; g++) {
                rm_error err;
                if (rm_cohort_set(lc->c, g, policies[i].p, v, &err) < 0)
                    return rml_errorf(L, "cohort:set: %s", err.msg);
            }
        }
        lua_pop(L, 1);
    }
    if (lua_getfield(L, 2, "acquisition") == LUA_TTABLE) {
        rml_check_fields(L, -1, "acquisition of cohort:set", acquisition_fields);
        double rate = rml_num_field(L, -1, "rate", 0), budget = rml_num_field(L, -1, "budget", 0);
        double cost = rml_num_field(L, -1, "cost", 0);
        if (budget > 0 && !(cost > 0))
            return rml_errorf(L, "cohort:set: an acquisition budget needs a cost > 0");
        rm_cohort_set_acquisition(lc->c, rate, budget, cost);
    }
    lua_pop(L, 1);
    return 0;
}

/* c:get(metric [, segment [, t]]): a figure of the last finished period. */
static int l_cohort_get(lua_State *L)
{
    lcohort *lc = rml_check_cohort(L, 1);
    const char *what = luaL_checkstring(L, 2);
    int seg = lua_isnoneornil(L, 3) ? -1 : segment_index(L, lc, luaL_checkstring(L, 3));
    rm_replicate *rep = rml_rep_of(L);
    lua_Integer t = luaL_optinteger(L, 4, rep->t - 1);
    /* checked before narrowing: 2^32 + 1 must not become period 1 */
    if (!lua_isnoneornil(L, 4) && (t < 0 || t >= rep->periods))
        return luaL_argerror(L, 4, lua_pushfstring(L, "period %I outside 0..%d", t,
                                                   rep->periods - 1));
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
    return rml_errorf(L, "cohort:get: unknown figure '%s'%s%s%s", what, hint ? " (did you mean '" : "",
                  hint ? hint : "", hint ? "'?)" : "");
}

/* c:add(n): n customers won elsewhere (referrals the script draws, a
 * partner's clients) join at the next step, split by share, counted as
 * referred. */
static int l_cohort_add(lua_State *L)
{
    lcohort *lc = rml_check_cohort(L, 1);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_argcheck(L, n >= 0 && n <= RM_CAPACITY_MAX, 2, "expected 0 to 1e9 customers");
    rm_cohort_add_external(lc->c, (long)n);
    return 0;
}

static int l_cohort_segments(lua_State *L)
{
    lcohort *lc = rml_check_cohort(L, 1);
    lua_newtable(L);
    for (int g = 0; g < rm_cohort_segments(lc->c); g++) {
        lua_pushstring(L, rm_cohort_segment_name(lc->c, g));
        lua_rawseti(L, -2, g + 1);
    }
    return 1;
}

static int l_cohort_size(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)rm_cohort_size(rml_check_cohort(L, 1)->c));
    return 1;
}

static int l_cohort_gc(lua_State *L)
{
    lcohort *lc = rml_check_cohort(L, 1);
    rm_cohort_free(lc->c);
    lc->c = NULL;
    return 0;
}

static const luaL_Reg cohort_methods[] = {
    {"set", l_cohort_set},
    {"get", l_cohort_get},
    {"add", l_cohort_add},
    {"segments", l_cohort_segments},
    {"size", l_cohort_size},
    {NULL, NULL},
};

static const luaL_Reg cohort_lib[] = {
    {"cohort", l_cohort},
    {NULL, NULL},
};

void rml_open_cohort(lua_State *L)
{
    rml_new_class(L, "rmsim.cohort", cohort_methods, l_cohort_gc);
    luaL_setfuncs(L, cohort_lib, 0);
}
