/* wom.c - rm.wom: word of mouth on a network or a mixed population,
 * optionally feeding a cohort. */
#include "helpers.h"
#include "sandbox.h"

#include <lauxlib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "rmsim/wom.h"
#include "rmsim/cohort.h"

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
        return rml_errorf(L, "word of mouth '%s': %s", lw->name, err.msg);
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
        rml_record(L, rep, name, *(const double *)((const char *)p + cols[i].off));
    }
    for (int c = 0; c < lw->communities; c++) {
        snprintf(name, sizeof name, "%s.c%d.adopters", lw->name, c + 1);
        rml_record(L, rep, name, (double)rm_wom_community_adopters(lw->w, c));
    }
    return 0;
}

typedef struct ranked {
    double score;
    int32_t node;
} ranked;

static int by_rank(const void *pa, const void *pb)
{
    const ranked *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return (a->node > b->node) - (a->node < b->node);
}

/* Seeds chosen by a Lua rule: score(node, degree, community) for every
 * node, the k best (ties by id). Sorted once, O(n log n): a selection
 * of k best was O(k n), 10^13 steps for 10^5 seeds among 10^8 people. */
static void seed_by_rule(lua_State *L, lwom *lw, const rm_network *g, int fn, int64_t k)
{
    int32_t n = g->n;
    ranked *r = lua_newuserdatauv(L, (size_t)n * sizeof *r, 0);
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
        r[i].score = lua_tonumberx(L, -1, &ok);
        r[i].node = i;
        if (!ok || isnan(r[i].score))
            rml_errorf(L, "rm.wom: the seeding rule must return a number for node %d", i);
        lua_pop(L, 1);
    }
    if (k > n)
        k = n;
    rm_sandbox_charge(L, n > 1 ? (double)n * log2((double)n) : 1);
    qsort(r, (size_t)n, sizeof *r, by_rank);
    int32_t *order = lua_newuserdatauv(L, (size_t)(k ? k : 1) * sizeof *order, 0);
    for (int64_t a = 0; a < k; a++)
        order[a] = r[a].node;
    rm_error err;
    if (rm_wom_seed_nodes(lw->w, order, k, &err) < 0)
        rml_errorf(L, "rm.wom: %s", err.msg);
    lua_pop(L, 2);
}

static void seed(lua_State *L, lwom *lw, const rm_network *g, int how, int64_t k)
{
    if (k <= 0)
        return;
    if (lua_isfunction(L, how)) {
        if (!g)
            rml_errorf(L, "rm.wom: seeding by a rule needs a network");
        if (k > 100000)
            rml_errorf(L, "rm.wom: at most 100000 seeds by a rule");
        seed_by_rule(L, lw, g, how, k);
        return;
    }
    const char *s = lua_isnoneornil(L, how) ? "random" : lua_tostring(L, how);
    if (s && !strcmp(s, "degree"))
        rm_wom_seed_degree(lw->w, k);
    else if (s && !strcmp(s, "random"))
        rm_wom_seed_random(lw->w, k);
    else
        rml_errorf(L, "rm.wom: seeding must be \"random\", \"degree\" or a function(node, degree, "
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
    rm_replicate *rep = rml_check_setup(L, "rm.wom");
    rml_check_fields(L, 1, "rm.wom", spec);
    rm_wom_spec s = rm_wom_defaults();
    s.periods = rep->periods;
    static const char *const models[] = {"bass", "cascade", "threshold"};
    const char *model = rml_str_field(L, 1, "model", "bass");
    int which = -1;
    for (int i = 0; i < 3; i++)
        if (!strcmp(model, models[i]))
            which = i;
    if (which < 0)
        return rml_errorf(L, "rm.wom: unknown model '%s' (bass, cascade or threshold)", model);
    s.model = (rm_wom_model)which;
    s.p = rml_num_field(L, 1, "p", s.p);
    s.q = rml_num_field(L, 1, "q", s.q);
    s.threshold = rml_num_field(L, 1, "threshold", s.threshold);
    s.churn = rml_num_field(L, 1, "churn", 0);
    s.dissatisfied = rml_num_field(L, 1, "dissatisfied", 0);
    s.deterrence = rml_num_field(L, 1, "deterrence", 0);
    s.churn_push = rml_num_field(L, 1, "churn_push", 0);
    const rm_network *g = NULL;
    lua_getfield(L, 1, "network");
    int netidx = lua_gettop(L);
    if (!lua_isnil(L, netidx))
        g = &rml_check_network(L, netidx)->g;
    lua_getfield(L, 1, "people");
    if (!g && lua_isnil(L, -1))
        return rml_errorf(L, "rm.wom: give network = rm.network{...}, or people = N for a fully "
                      "mixed population");
    int32_t people = (int32_t)luaL_optinteger(L, -1, 0);
    lua_pop(L, 1);
    const char *name = rml_str_field(L, 1, "name", "wom");
    if (!rml_is_identifier(name) || strlen(name) > 20)
        return rml_errorf(L, "rm.wom: name '%s' must be an identifier of at most 20 characters", name);
    rml_claim_name(L, "rm.wom", name);
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
        lw->customers = rml_check_cohort(L, -1);
        lua_pushvalue(L, -1);
        lua_setiuservalue(L, self, 2);
    }
    lua_pop(L, 1);
    rm_error err;
    lw->w = rm_wom_new(&s, g, people, rml_rng_of(L), &err);
    if (!lw->w)
        return rml_errorf(L, "rm.wom: %s", err.msg);
    if (g && g->community && g->ncommunities <= 16)
        lw->communities = g->ncommunities;
    lua_getfield(L, 1, "seeding");
    seed(L, lw, g, lua_gettop(L), (int64_t)rml_num_field(L, 1, "seeds", 0));
    lua_pop(L, 1);
    lua_settop(L, self);
    rml_register_model(L, self);
    return 1;
}

/* w:set{p = , q = } */
static int l_wom_set(lua_State *L)
{
    static const field spec[] = {{"p", 'n', 0, 1}, {"q", 'n', 0, 1}, {"community", 'i', 1, 1e6},
                                 {"open", 'n', 0, 1}, {NULL, 0, 0, 0}};
    lwom *lw = check_wom(L, 1);
    rml_check_fields(L, 2, "wom:set", spec);
    rm_error err;
    double p = rml_num_field(L, 2, "p", NAN), q = rml_num_field(L, 2, "q", NAN);
    double c = rml_num_field(L, 2, "community", NAN), open = rml_num_field(L, 2, "open", NAN);
    if (isnan(c) != isnan(open))
        return rml_errorf(L, "wom:set: community and open go together");
    if (!isnan(c) && rm_wom_set_open(lw->w, (int)c - 1, open, &err) < 0)
        return rml_errorf(L, "wom:set: %s", err.msg);
    if (rm_wom_set(lw->w, isnan(p) ? rm_wom_get_p(lw->w) : p, isnan(q) ? rm_wom_get_q(lw->w) : q,
                   &err) < 0)
        return rml_errorf(L, "wom:set: %s", err.msg);
    return 0;
}

/* w:seed(k [, "random" | "degree" | rule]) */
static int l_wom_seed(lua_State *L)
{
    lwom *lw = check_wom(L, 1);
    lua_Integer k = luaL_checkinteger(L, 2);
    luaL_argcheck(L, k >= 0 && k <= RM_NODES_MAX, 2, "seeds must be in [0, 1e8]");
    lua_getiuservalue(L, 1, 1);
    const rm_network *g = lua_isnil(L, -1) ? NULL : &rml_check_network(L, -1)->g;
    lua_pop(L, 1);
    seed(L, lw, g, 3, k);
    return 0;
}

/* w:get(figure [, t]) */
static int l_wom_get(lua_State *L)
{
    lwom *lw = check_wom(L, 1);
    const char *what = luaL_checkstring(L, 2);
    lua_Integer t = luaL_optinteger(L, 3, rml_rep_of(L)->t - 1);
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
    return rml_errorf(L, "wom:get: unknown figure '%s'%s%s%s", what, hint ? " (did you mean '" : "",
                  hint ? hint : "", hint ? "'?)" : "");
}

static int l_wom_gc(lua_State *L)
{
    lwom *lw = check_wom(L, 1);
    rm_wom_free(lw->w);
    lw->w = NULL;
    return 0;
}

static const luaL_Reg wom_methods[] = {
    {"set", l_wom_set},
    {"seed", l_wom_seed},
    {"get", l_wom_get},
    {NULL, NULL},
};

static const luaL_Reg wom_lib[] = {
    {"wom", l_wom},
    {NULL, NULL},
};

void rml_open_wom(lua_State *L)
{
    rml_new_class(L, "rmsim.wom", wom_methods, l_wom_gc);
    luaL_setfuncs(L, wom_lib, 0);
}
