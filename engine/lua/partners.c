/* partners.c - rm.partnerships: SME-large-firm dyads through their stages. */
#include "helpers.h"
#include "sandbox.h"

#include <lauxlib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rmsim/partner.h"
#include "rmsim/strategy.h"

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
        rml_errorf(L, "rm.partnerships: at most %d different strategies", PARTNER_STRATEGIES);
    rm_strategy *s = &lp->strategies[lp->nstrategies];
    rml_load_strategy(L, name, s);
    snprintf(lp->strategy_names[lp->nstrategies++], 64, "%s", name);
    return s;
}

static const field firm_fields[] = {
    {"count", 'i', 1, 100000}, {"capability", 'n', 0, 1}, {"reputation", 'n', 0, 1},
    {"resources", 'n', -1e15, 1e15}, {"price", 'n', 1e-6, 1e6}, {"added_value", 'n', 0, 1},
    {"dialogue", 'n', 0, 1}, {"cost", 'n', 0, 1e15}, {"strategy", 's', 0, 0},
    {"relationships", 'i', 1, 100000}, {"suppliers", 'i', 1, 100000},
    {"openness", 'n', 0, 1}, {"response_hours", 'n', 0, 1e6}, {"transparency", 'n', 0, 1},
    {"public", 'n', 0, 1}, {"revenue", 'n', 0, 1e15}, {"adaptation", 'n', 0, 1e15},
    {"payment_terms", 'i', 0, RM_PAYMENT_MAX}, {NULL, 0, 0, 0},
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
                rml_errorf(L, "%s: entry %d must be a table", what, g + 1);
            gt = lua_gettop(L);
        }
        rml_check_fields(L, gt, what, firm_fields);
        rm_firm f = rm_firm_defaults(large);
        f.capability = rml_num_field(L, gt, "capability", f.capability);
        f.reputation = rml_num_field(L, gt, "reputation", f.reputation);
        f.resources = rml_num_field(L, gt, "resources", f.resources);
        f.price = rml_num_field(L, gt, "price", f.price);
        f.added_value = rml_num_field(L, gt, "added_value", f.added_value);
        f.dialogue = rml_num_field(L, gt, "dialogue", f.dialogue);
        f.cost = rml_num_field(L, gt, "cost", f.cost);
        f.strategy = partner_strategy(L, lp, rml_str_field(L, gt, "strategy", "tit_for_tat"));
        f.max_relationships = (int)rml_num_field(L, gt, large ? "suppliers" : "relationships", 3);
        f.openness = rml_num_field(L, gt, "openness", f.openness);
        f.response_hours = rml_num_field(L, gt, "response_hours", f.response_hours);
        f.transparency = rml_num_field(L, gt, "transparency", f.transparency);
        f.public_share = rml_num_field(L, gt, "public", f.public_share);
        f.revenue = rml_num_field(L, gt, "revenue", f.revenue);
        f.adaptation = rml_num_field(L, gt, "adaptation", f.adaptation);
        f.payment_terms = (int)rml_num_field(L, gt, "payment_terms", f.payment_terms);
        int count = (int)rml_num_field(L, gt, "count", 1);
        for (int k = 0; k < count; k++) {
            if (at == max)
                rml_errorf(L, "rm.partnerships: at most %d firms", max);
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
    (snprintf(name, sizeof name, "%s.%s", lp->name, label), rml_record(L, rep, name, value))
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
    REC("delivered", r->delivered);
    REC("failed", r->failed);
    REC("waiting", r->waiting);
    REC("capacity", r->capacity);
    REC("knowledge", r->mean_knowledge);
    REC("dependence_sme", r->dependence_sme);
    REC("dependence_large", r->dependence_large);
    REC("adaptation", r->adaptation);
    REC("sme_loss", r->sme_loss);
    REC("complaints", r->complaints);
    REC("references", r->references);
    REC("courted", r->courted);
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
        return rml_errorf(L, "partnerships '%s': %s", lp->name, err.msg);
    record_partners(L, lp, rep);
    return 0;
}

/* { at = , cost = , demand = , trust = , by = } (at only when scheduled) */
static rm_partner_event read_event(lua_State *L, int t, const char *what, int scheduled)
{
    static const field fields[] = {
        {"at", 'i', 0, 1000000}, {"cost", 'n', 0, 1e6}, {"demand", 'n', 0, 1e6},
        {"trust", 'n', -1, 1}, {"by", 's', 0, 0}, {NULL, 0, 0, 0},
    };
    rml_check_fields(L, t, what, fields);
    rm_partner_event e;
    if (scheduled && lua_getfield(L, t, "at") == LUA_TNIL)
        rml_errorf(L, "%s: an event needs at (the period it happens)", what);
    if (scheduled)
        lua_pop(L, 1);
    e.at = (int)rml_num_field(L, t, "at", 0);
    e.cost = rml_num_field(L, t, "cost", 1);
    e.demand = rml_num_field(L, t, "demand", 1);
    e.trust = rml_num_field(L, t, "trust", 0);
    return e;
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
        {"noise", 'n', 0, 1}, {"risk_base", 'n', 0, 1}, {"risk", 'n', 0, 1},
        {"risk_load", 'n', 0, 1}, {"resource_need", 'n', 0, 1e6}, {"failure_trust", 'n', 0, 1},
        {"bargaining", 'n', 0, 1}, {"interest", 'n', 0, 1}, {"replacement", 'n', 0, 1e6},
        {"expand", 'n', 0, 1e6}, {"expansion_cost", 'n', 0, 1e6},
        {"response_scale", 'n', 0, 1e6}, {"two_way", 'n', 0, 1}, {"learning", 'n', 0, 1},
        {"forgetting", 'n', 0, 1}, {"cocreation", 'n', 0, 1e6}, {"knowledge_risk", 'n', 0, 1},
        {"references", 'n', 0, 1}, {"complaint_loss", 'n', 0, 1}, {"courting", 'n', 0, 1},
        {"events", 't', 0, 0}, {NULL, 0, 0, 0},
    };
    rm_replicate *rep = rml_check_setup(L, "rm.partnerships");
    rml_check_fields(L, 1, "rm.partnerships", spec);
    rm_partner_spec s = rm_partner_defaults();
    s.periods = rep->periods;
    s.project_value = rml_num_field(L, 1, "project_value", s.project_value);
    s.trust_up = rml_num_field(L, 1, "trust_up", s.trust_up);
    s.trust_down = rml_num_field(L, 1, "trust_down", s.trust_down);
    s.dialogue_gain = rml_num_field(L, 1, "dialogue_gain", s.dialogue_gain);
    s.satisfaction_gain = rml_num_field(L, 1, "satisfaction_gain", s.satisfaction_gain);
    s.expectation_speed = rml_num_field(L, 1, "expectation_speed", s.expectation_speed);
    s.bond = rml_num_field(L, 1, "bond", s.bond);
    s.hysteresis = rml_num_field(L, 1, "hysteresis", s.hysteresis);
    s.dwell = (int)rml_num_field(L, 1, "dwell", s.dwell);
    s.collapse = rml_num_field(L, 1, "collapse", s.collapse);
    s.rival = rml_num_field(L, 1, "rival", 0);
    s.growth = rml_num_field(L, 1, "growth", s.growth);
    s.search = rml_num_field(L, 1, "search", 0);
    struct { const char *k; double *v; } nums[] = {
        {"noise", &s.noise}, {"risk_base", &s.risk_base}, {"risk", &s.risk},
        {"risk_load", &s.risk_load}, {"resource_need", &s.resource_need},
        {"failure_trust", &s.failure_trust}, {"bargaining", &s.bargaining},
        {"interest", &s.interest}, {"replacement", &s.replacement}, {"expand", &s.expand},
        {"expansion_cost", &s.expansion_cost}, {"response_scale", &s.response_scale},
        {"two_way", &s.two_way}, {"learning", &s.learning}, {"forgetting", &s.forgetting},
        {"cocreation", &s.cocreation}, {"knowledge_risk", &s.knowledge_risk},
        {"references", &s.references}, {"complaint_loss", &s.complaint_loss},
        {"courting", &s.courting},
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        *nums[i].v = rml_num_field(L, 1, nums[i].k, *nums[i].v);
    if (lua_getfield(L, 1, "events") == LUA_TTABLE) {
        int n = (int)lua_rawlen(L, -1);
        if (n > RM_PARTNER_EVENTS)
            return rml_errorf(L, "rm.partnerships: at most %d events", RM_PARTNER_EVENTS);
        for (int i = 0; i < n; i++) {
            if (lua_rawgeti(L, -1, i + 1) != LUA_TTABLE)
                return rml_errorf(L, "rm.partnerships: event %d must be a table", i + 1);
            s.events[i] = read_event(L, lua_gettop(L), "events of rm.partnerships", 1);
            lua_pop(L, 1);
        }
        s.nevents = n;
    }
    lua_pop(L, 1);
    if (lua_getfield(L, 1, "thresholds") == LUA_TTABLE)
        for (int k = 0; k < 3; k++) {
            lua_rawgeti(L, -1, k + 1);
            if (!lua_isnil(L, -1))
                s.thresholds[k] = lua_tonumber(L, -1);
            lua_pop(L, 1);
        }
    lua_pop(L, 1);
    rm_match_config mc;
    rml_read_match_options(L, 1, NULL, &mc);
    s.payoff = mc.payoff;
    s.ops = rm_lua_shared_strategy_ops();   /* move functions: one sandbox per strategy */
    lpartners *lp = lua_newuserdatauv(L, sizeof *lp, 0);
    memset(lp, 0, sizeof *lp);
    luaL_setmetatable(L, "rmsim.partnerships");
    int self = lua_gettop(L);
    lp->head.step = partners_step;
    const char *name = rml_str_field(L, 1, "name", "ties");
    if (!rml_is_identifier(name) || strlen(name) > 20)      /* not cut short silently */
        return rml_errorf(L, "rm.partnerships: name '%.40s' must be an identifier of at most 20 "
                          "characters", name);
    snprintf(lp->name, sizeof lp->name, "%s", name);
    rml_claim_name(L, "rm.partnerships", lp->name);
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
    lp->p = rm_partners_new(&s, firms, n, rml_rng_of(L), &err);
    if (!lp->p)
        return rml_errorf(L, "rm.partnerships: %s", err.msg);
    /* court: "all" (default), "none", or { {sme, large}, ... } */
    int ct = lua_getfield(L, 1, "court");
    if (ct == LUA_TTABLE) {
        for (int i = 1; i <= (int)lua_rawlen(L, -1); i++) {
            lua_rawgeti(L, -1, i);
            lua_rawgeti(L, -1, 1);
            lua_rawgeti(L, -2, 2);
            int a = (int)lua_tointeger(L, -2), b = (int)lua_tointeger(L, -1);
            if (a < 1 || a > lp->smes || b < 1 || b > lp->larges)
                return rml_errorf(L, "rm.partnerships: court pair %d: SME 1..%d, large firm 1..%d",
                              i, lp->smes, lp->larges);
            rm_sandbox_charge(L, i);        /* court looks through the pairs so far */
            if (rm_partners_court(lp->p, a - 1, lp->smes + b - 1, &err) < 0)
                return rml_errorf(L, "rm.partnerships: %s", err.msg);
            lua_pop(L, 3);
        }
    } else if (ct == LUA_TNIL || (ct == LUA_TSTRING && !strcmp(lua_tostring(L, -1), "all"))) {
        rm_sandbox_charge(L, (double)lp->smes * lp->larges);
        if (rm_partners_court_all(lp->p, &err) < 0)
            return rml_errorf(L, "rm.partnerships: %s", err.msg);
    } else if (!(ct == LUA_TSTRING && !strcmp(lua_tostring(L, -1), "none"))) {
        return rml_errorf(L, "rm.partnerships: court is \"all\", \"none\" or a list of {sme, large}");
    }
    lua_settop(L, self);
    rml_register_model(L, self);
    return 1;
}

/* p:set{sme = i, dialogue = , price = , added_value = , cost = } or p:set{rival = } */
static int l_partners_set(lua_State *L)
{
    static const field spec[] = {
        {"sme", 'i', 1, 100000}, {"dialogue", 'n', 0, 1}, {"price", 'n', 1e-6, 1e6},
        {"added_value", 'n', 0, 1}, {"cost", 'n', 0, 1e15}, {"rival", 'n', 0, 1e6},
        {"openness", 'n', 0, 1}, {"response_hours", 'n', 0, 1e6}, {"transparency", 'n', 0, 1},
        {"public", 'n', 0, 1}, {"capability", 'n', 0, 1}, {"revenue", 'n', 0, 1e15},
        {NULL, 0, 0, 0},
    };
    lpartners *lp = check_partners(L, 1);
    rml_check_fields(L, 2, "partnerships:set", spec);
    int first = 0, last = lp->smes - 1;
    lua_getfield(L, 2, "sme");
    if (!lua_isnil(L, -1)) {
        first = last = (int)lua_tointeger(L, -1) - 1;
        if (first >= lp->smes)
            return rml_errorf(L, "partnerships:set: no SME %d (1..%d)", first + 1, lp->smes);
    }
    lua_pop(L, 1);
    for (int i = first; i <= last; i++) {
        rm_firm *f = rm_partners_firm(lp->p, i);
        f->dialogue = rml_num_field(L, 2, "dialogue", f->dialogue);
        f->price = rml_num_field(L, 2, "price", f->price);
        f->added_value = rml_num_field(L, 2, "added_value", f->added_value);
        f->cost = rml_num_field(L, 2, "cost", f->cost);
        f->openness = rml_num_field(L, 2, "openness", f->openness);
        f->response_hours = rml_num_field(L, 2, "response_hours", f->response_hours);
        f->transparency = rml_num_field(L, 2, "transparency", f->transparency);
        f->public_share = rml_num_field(L, 2, "public", f->public_share);
        f->capability = rml_num_field(L, 2, "capability", f->capability);
        f->revenue = rml_num_field(L, 2, "revenue", f->revenue);
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
    rml_check_fields(L, 2, "partnerships:shock", spec);
    const char *k = rml_str_field(L, 2, "kind", "");
    int which = -1;
    for (int i = 0; i < 4; i++)
        if (!strcmp(k, kinds[i]))
            which = i;
    if (which < 0) {
        const char *hint = rm_suggest(k, kinds, 4);
        return rml_errorf(L, "partnerships:shock: unknown kind '%s'%s%s%s (failed_delivery, "
                      "undercut, contact_leaves, complaint)", k, hint ? " (did you mean '" : "",
                      hint ? hint : "", hint ? "'?)" : "");
    }
    int sme = (int)rml_num_field(L, 2, "sme", 1) - 1, large = (int)rml_num_field(L, 2, "large", 0);
    if (sme >= lp->smes || large > lp->larges)
        return rml_errorf(L, "partnerships:shock: SME 1..%d, large firm 1..%d", lp->smes, lp->larges);
    rm_error err;
    if (rm_partners_shock(lp->p, (rm_shock)which, sme, large > 0 ? lp->smes + large - 1 : -1,
                          &err) < 0)
        return rml_errorf(L, "partnerships:shock: %s", err.msg);
    return 0;
}

/* p:event { cost = , demand = , trust = , by = } now */
static int l_partners_event(lua_State *L)
{
    lpartners *lp = check_partners(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    rm_partner_event e = read_event(L, 2, "partnerships:event", 0);
    rm_partners_event(lp->p, &e);
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
        return rml_errorf(L, "partnerships:court: %s", err.msg);
    return 0;
}

/* p:dyad(i) -> {sme, large, stage, trust, commitment, satisfaction, age, cause,
 * knowledge, deliveries, failures, profit_sme, profit_large, sunk, loss,
 * dependence_sme, dependence_large} */
static int l_partners_dyad(lua_State *L)
{
    lpartners *lp = check_partners(L, 1);
    lua_Integer i = luaL_checkinteger(L, 2);
    if (i < 1 || i > rm_partners_dyads(lp->p)) {
        lua_pushnil(L);
        return 1;
    }
    const rm_dyad *d = rm_partners_dyad(lp->p, (int)i - 1);
    lua_createtable(L, 0, 17);
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
    const struct { const char *k; double v; } more[] = {
        {"knowledge", d->knowledge}, {"deliveries", d->deliveries}, {"failures", d->failures},
        {"profit_sme", d->profit_sme}, {"profit_large", d->profit_large}, {"sunk", d->sunk},
        {"loss", d->loss}, {"dependence_sme", d->dep_sme}, {"dependence_large", d->dep_large},
    };
    for (size_t k = 0; k < sizeof more / sizeof more[0]; k++) {
        lua_pushnumber(L, more[k].v);
        lua_setfield(L, -2, more[k].k);
    }
    return 1;
}

static int l_partners_gc(lua_State *L)
{
    lpartners *lp = check_partners(L, 1);
    rm_partners_free(lp->p);
    lp->p = NULL;
    return 0;
}

static const luaL_Reg partners_methods[] = {
    {"set", l_partners_set},
    {"shock", l_partners_shock},
    {"court", l_partners_court},
    {"event", l_partners_event},
    {"dyad", l_partners_dyad},
    {NULL, NULL},
};

static const luaL_Reg partners_lib[] = {
    {"partnerships", l_partnerships},
    {NULL, NULL},
};

void rml_open_partners(lua_State *L)
{
    rml_new_class(L, "rmsim.partnerships", partners_methods, l_partners_gc);
    luaL_setfuncs(L, partners_lib, 0);
}
