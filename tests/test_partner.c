/* test_partner.c - the mechanics of SME-large-firm relationships, each
 * with a fixed seed: cooperation builds commitment, betrayal hurts more
 * than good faith helps, an always-competing partner never gets far,
 * hysteresis stops flapping, and the growth cycle shows in populations. */
#include "testutil.h"

#include <math.h>

#include "rmsim/partner.h"
#include "rmsim/stats.h"
#include "rmsim/strategy.h"

static rm_strategy strategies[16];
static int nstrat;

/* Each strategy loaded once: firms keep pointers to them. */
static const rm_strategy *strategy(const char *name)
{
    for (int i = 0; i < nstrat; i++)
        if (!strcmp(strategies[i].name, name))
            return &strategies[i];
    assert_true(nstrat < 16);
    char path[1024];
    rm_strategy_path(name, path, sizeof path);
    rm_limits lim = {1000000, 64 << 20, 0};
    rm_error err;
    rm_strategy *s = &strategies[nstrat++];
    if (rm_strategy_load(path, &lim, s, &err) < 0)
        fail_msg("%s", err.msg);
    return s;
}

static rm_firm sme(const char *strat)
{
    rm_firm f = rm_firm_defaults(0);
    f.added_value = 0.2;
    f.cost = 0.1;
    f.strategy = strategy(strat);
    return f;
}

static rm_firm buyer(const char *strat)
{
    rm_firm f = rm_firm_defaults(1);
    f.strategy = strategy(strat);
    return f;
}

/* No noise and no failed deliveries: the mechanics tests below follow
 * the strategies alone. */
static rm_partner_spec quiet(int periods)
{
    rm_partner_spec s = rm_partner_defaults();
    s.periods = periods;
    s.noise = s.risk_base = s.risk = s.risk_load = 0;
    s.resource_need = 0;
    return s;
}

/* One SME, one buyer, one dyad, run for `periods`. */
static rm_partners *pair(const char *a, const char *b, rm_partner_spec *s, rm_rng *rng)
{
    rm_firm f[2] = {sme(a), buyer(b)};
    rm_error err;
    rm_partners *p = rm_partners_new(s, f, 2, rng, &err);
    assert_non_null(p);
    assert_int_equal(rm_partners_court(p, 0, 1, &err), 0);
    return p;
}

static void cooperation_leads_to_commitment(void **state)
{
    (void)state;
    rm_rng rng;
    rm_rng_seed(&rng, 1, 0);
    rm_partner_spec s = quiet(40);
    rm_partners *p = pair("always_cooperate", "always_cooperate", &s, &rng);
    rm_error err;
    int reached = -1;
    rm_stage last = RM_STAGE_AWARENESS;
    for (int t = 0; t < 40; t++) {
        assert_int_equal(rm_partners_step(p, t, &err), 0);
        const rm_dyad *d = rm_partners_dyad(p, 0);
        assert_true(d->stage >= last);      /* never back with nothing going wrong */
        last = d->stage;
        if (d->stage == RM_STAGE_COMMITMENT && reached < 0)
            reached = t;
    }
    assert_true(reached > 0 && reached < 30);
    assert_int_equal(rm_partners_dyad(p, 0)->committed_at, reached + 1);
    assert_float_equal(rm_partners_result(p, 39)->mean_time_to_commitment, reached + 1, 0);
    rm_partners_free(p);
}

static void betrayal_hurts_more_than_good_faith_helps(void **state)
{
    (void)state;
    rm_rng rng;
    rm_rng_seed(&rng, 2, 0);
    rm_partner_spec s = quiet(40);
    rm_partners *p = pair("always_cooperate", "always_cooperate", &s, &rng);
    rm_error err;
    int t = 0;
    for (; rm_partners_dyad(p, 0)->stage != RM_STAGE_COMMITMENT; t++)
        rm_partners_step(p, t, &err);
    double before = rm_partners_dyad(p, 0)->trust_large;
    rm_partners_step(p, t++, &err);                 /* one good period */
    double gain = rm_partners_dyad(p, 0)->trust_large - before;
    before = rm_partners_dyad(p, 0)->trust_large;
    rm_partners_shock(p, RM_SHOCK_FAILED_DELIVERY, 0, -1, &err);
    rm_partners_step(p, t++, &err);                 /* one betrayal, as the buyer sees it */
    double loss = before - rm_partners_dyad(p, 0)->trust_large;
    assert_true(gain > 0);
    assert_true(loss > 5 * gain);
    rm_partners_free(p);
}

static void an_always_competing_partner_never_reaches_expansion(void **state)
{
    (void)state;
    const char *smes[] = {"tit_for_tat", "always_cooperate", "generous_tit_for_tat"};
    for (int k = 0; k < 3; k++) {
        rm_rng rng;
        rm_rng_seed(&rng, 3, (uint64_t)k);
        rm_partner_spec s = quiet(60);
        rm_partners *p = pair(smes[k], "always_defect", &s, &rng);
        rm_error err;
        for (int t = 0; t < 60; t++) {
            rm_partners_step(p, t, &err);
            const rm_dyad *d = rm_partners_dyad(p, 0);
            assert_true(d->stage == RM_STAGE_AWARENESS || d->stage == RM_STAGE_EXPLORATION ||
                        d->stage == RM_STAGE_DISSOLVED);
        }
        if (k == 0) {       /* a reciprocator answers in kind: trust collapses */
            assert_int_equal(rm_partners_dyad(p, 0)->stage, RM_STAGE_DISSOLVED);
            assert_int_equal(rm_partners_dyad(p, 0)->cause, RM_END_TRUST);
        }
        rm_partners_free(p);
    }
}

/* A partner that competes every third turn (C, C, D) keeps mutual trust
 * swinging between about 0.62 and 0.68, across an expansion threshold of
 * 0.65: without hysteresis the stage flaps every cycle, with it (and a
 * dwell of two periods) it changes a couple of times. */
static int stage_changes(double hysteresis, int dwell)
{
    rm_rng rng;
    rm_rng_seed(&rng, 4, 0);
    rm_partner_spec s = quiet(200);
    s.hysteresis = hysteresis;
    s.dwell = dwell;
    s.collapse = 0;
    s.thresholds[0] = 0.3;
    s.thresholds[1] = 0.65;
    s.thresholds[2] = 0.99;
    rm_partners *p = pair("always_cooperate", "cycler_ccd", &s, &rng);
    rm_error err;
    int changes = 0;
    rm_stage last = RM_STAGE_AWARENESS;
    for (int t = 0; t < 200; t++) {
        rm_partners_step(p, t, &err);
        rm_stage now = rm_partners_dyad(p, 0)->stage;
        changes += now != last;
        last = now;
    }
    rm_partners_free(p);
    return changes;
}

static void hysteresis_prevents_flapping(void **state)
{
    (void)state;
    int with = stage_changes(0.1, 2), without = stage_changes(0.0, 1);
    assert_true(without >= 20);
    assert_true(with <= 3);
}

static void populations_show_the_growth_cycle(void **state)
{
    (void)state;
    rm_rng rng;
    rm_rng_seed(&rng, 5, 0);
    rm_partner_spec s = quiet(120);
    s.search = 0.2;
    rm_firm f[30];
    for (int i = 0; i < 24; i++)
        f[i] = sme(i % 3 ? "tit_for_tat" : "always_defect");
    for (int i = 24; i < 30; i++)
        f[i] = buyer(i % 2 ? "grudger" : "generous_tit_for_tat");
    rm_error err;
    rm_partners *p = rm_partners_new(&s, f, 30, &rng, &err);
    assert_non_null(p);
    for (int t = 0; t < 120; t++)
        assert_int_equal(rm_partners_step(p, t, &err), 0);
    const rm_partner_period *end = rm_partners_result(p, 119);
    /* committed relationships grew the cooperative SMEs; the opportunists' ties ended */
    double coop = 0, opp = 0;
    for (int i = 0; i < 24; i++)
        *(i % 3 ? &coop : &opp) += rm_partners_firm(p, i)->capability / (i % 3 ? 16 : 8);
    assert_true(coop > opp + 0.1);
    assert_true(end->stage[RM_STAGE_COMMITMENT] > 0);
    double ended = 0;
    for (int t = 0; t < 120; t++)
        ended += rm_partners_result(p, t)->ended[RM_END_TRUST];
    assert_true(ended > 0);
    /* a buyer keeps at most its 3 suppliers past awareness */
    for (int L = 24; L < 30; L++) {
        int n = 0;
        for (int i = 0; i < rm_partners_dyads(p); i++) {
            const rm_dyad *d = rm_partners_dyad(p, i);
            n += d->large == L && d->stage != RM_STAGE_DISSOLVED && d->stage != RM_STAGE_AWARENESS;
        }
        assert_true(n <= 3);
    }
    rm_partners_free(p);
}

static void a_cheaper_rival_takes_price_only_suppliers(void **state)
{
    (void)state;
    double added[2] = {0.0, 0.8};
    int ended[2];
    for (int k = 0; k < 2; k++) {
        rm_rng rng;
        rm_rng_seed(&rng, 6, 0);
        rm_partner_spec s = quiet(30);
        rm_firm f[2] = {sme("tit_for_tat"), buyer("tit_for_tat")};
        f[0].added_value = added[k];
        rm_error err;
        rm_partners *p = rm_partners_new(&s, f, 2, &rng, &err);
        rm_partners_court(p, 0, 1, &err);
        for (int t = 0; t < 30; t++) {
            if (t == 20)
                rm_partners_set_rival(p, 1.2);      /* a rival with more value for money */
            rm_partners_step(p, t, &err);
        }
        ended[k] = rm_partners_dyad(p, 0)->cause == RM_END_RIVAL;
        rm_partners_free(p);
    }
    assert_int_equal(ended[0], 1);      /* price-only: lost */
    assert_int_equal(ended[1], 0);      /* added value holds the client (seed 000 L1227-1234) */
}

/* Move functions (Lua) play partnerships too, through the script ops:
 * two reciprocators reach commitment, and a move function that returns
 * nonsense stops the run with its file named. */
static void scripted_strategies(void **state)
{
    (void)state;
    rm_rng rng;
    rm_rng_seed(&rng, 7, 0);
    rm_partner_spec s = quiet(40);
    s.ops = rm_lua_shared_strategy_ops();
    rm_firm f[2] = {sme("gradual"), buyer("forgiver")};
    rm_error err;
    rm_partners *p = rm_partners_new(&s, f, 2, &rng, &err);
    assert_non_null(p);
    assert_int_equal(rm_partners_court(p, 0, 1, &err), 0);
    for (int t = 0; t < 40; t++)
        assert_int_equal(rm_partners_step(p, t, &err), 0);
    assert_int_equal(rm_partners_dyad(p, 0)->stage, RM_STAGE_COMMITMENT);
    rm_partners_free(p);
    s.ops = NULL;       /* without ops a move function is refused */
    assert_null(rm_partners_new(&s, f, 2, &rng, &err));
    assert_contains(err.msg, "needs script operations");
}


/* ---- ablations on paired seeds ------------------------------------------
 *
 * Each claim compares two variants of a population (12 SMEs courting 4
 * buyers) over R replicates, replicate r of both variants on stream r of
 * the same seed (common random numbers: every dyad draws the same numbers
 * each period whatever happens). The claim holds when the 95% Student-t
 * interval of the paired difference excludes zero; the test then switches
 * the mechanism off and requires every paired difference to be exactly
 * zero: with the mechanism off the two variants are the same model on the
 * same numbers, so any difference left would be a leak. */

#define REPS 30
#define SMES 12
#define BUYERS 4

typedef struct outcome {
    double committed;   /* relationships that reached commitment */
    double time;        /* mean periods to commitment, never counted as the run's length */
    double failed;      /* failed deliveries */
    double trust;       /* mean trust at the end, ended relationships as 0 */
    double loss;        /* the SMEs' mean loss per ended relationship */
    double profit_sme, profit_large;
} outcome;

static outcome population(const rm_partner_spec *s, const rm_firm *smef, int rep, int rival_at)
{
    rm_rng rng;
    rm_rng_seed(&rng, 2026, (uint64_t)rep);
    rm_firm f[SMES + BUYERS];
    for (int i = 0; i < SMES; i++)
        f[i] = *smef;
    for (int i = SMES; i < SMES + BUYERS; i++) {
        f[i] = buyer("generous_tit_for_tat");
        f[i].max_relationships = 100;       /* no pruning: capability acts through risk only */
    }
    rm_error err;
    rm_partners *p = rm_partners_new(s, f, SMES + BUYERS, &rng, &err);
    if (!p)
        fail_msg("%s", err.msg);
    for (int a = 0; a < SMES; a++)
        for (int b = SMES; b < SMES + BUYERS; b++)
            assert_true(rm_partners_court(p, a, b, &err) >= 0);
    outcome o = {0};
    double ended = 0;
    for (int t = 0; t < s->periods; t++) {
        if (t == rival_at)
            rm_partners_set_rival(p, 1e5);      /* a rival no one can match ends every tie */
        if (rm_partners_step(p, t, &err) < 0)
            fail_msg("%s", err.msg);
        const rm_partner_period *r = rm_partners_result(p, t);
        o.failed += r->failed;
        o.loss += r->sme_loss;
        o.profit_sme += r->profit_sme;
        o.profit_large += r->profit_large;
        ended += r->stage[RM_STAGE_DISSOLVED];
    }
    int n = rm_partners_dyads(p);
    for (int i = 0; i < n; i++) {
        const rm_dyad *d = rm_partners_dyad(p, i);
        o.committed += d->committed_at >= 0;
        o.time += (d->committed_at >= 0 ? d->committed_at : s->periods) / (double)n;
        o.trust += (d->stage == RM_STAGE_DISSOLVED ? 0 : (d->trust_sme + d->trust_large) / 2) / n;
    }
    o.loss = ended ? o.loss / ended : 0;
    rm_partners_free(p);
    return o;
}

enum { COMMITTED, TIME, FAILED, TRUST, LOSS };

static double pick(const outcome *o, int what)
{
    const double v[] = {o->committed, o->time, o->failed, o->trust, o->loss};
    return v[what];
}

/* Paired differences (variant b minus variant a) of one outcome. */
static rm_summary paired(const rm_partner_spec *sa, const rm_firm *a, const rm_partner_spec *sb,
                         const rm_firm *b, int what, int rival_at)
{
    double diff[REPS];
    for (int r = 0; r < REPS; r++) {
        outcome x = population(sa, a, r, rival_at), y = population(sb, b, r, rival_at);
        diff[r] = pick(&y, what) - pick(&x, what);
    }
    rm_summary sum;
    rm_summarize(diff, REPS, 1, &sum);
    return sum;
}

static void above_zero(rm_summary s, const char *what)
{
    if (getenv("RMSIM_TEST_VERBOSE"))
        print_message("%s: %g [%g, %g]\n", what, s.mean, s.lo, s.hi);
    if (!(s.lo > 0))
        fail_msg("%s: paired difference %g, 95%% CI [%g, %g] does not exclude zero", what, s.mean,
                 s.lo, s.hi);
}

static void exactly_zero(rm_summary s, const char *what)
{
    if (!(s.mean == 0 && s.sd == 0))
        fail_msg("%s with the mechanism off: paired difference %g (sd %g), expected none", what,
                 s.mean, s.sd);
}

/* Capacity never binds (12 projects for 4 buyers, no expansion), so
 * that the variants differ in what the test names only. */
static rm_partner_spec ablation_spec(int periods)
{
    rm_partner_spec s = rm_partner_defaults();
    s.periods = periods;
    s.expand = 0;
    s.expansion_cost = 0;
    return s;
}

static rm_firm ablation_sme(void)
{
    rm_firm f = sme("tit_for_tat");
    f.max_relationships = 12;
    return f;
}

static void lower_capability_delays_commitment_and_fails_more(void **state)
{
    (void)state;
    rm_partner_spec s = ablation_spec(40);
    rm_firm strong = ablation_sme(), weak = strong;
    strong.capability = 0.8;
    weak.capability = 0.2;
    above_zero(paired(&s, &strong, &s, &weak, TIME, -1), "capability 0.2 vs 0.8, time to commit");
    above_zero(paired(&s, &strong, &s, &weak, FAILED, -1), "capability 0.2 vs 0.8, failures");
    s.risk = 0;         /* capability no longer enters the chance of failing */
    exactly_zero(paired(&s, &strong, &s, &weak, TIME, -1), "capability, time to commitment");
    exactly_zero(paired(&s, &strong, &s, &weak, FAILED, -1), "capability, failed deliveries");
}

static void one_way_talk_commits_fewer_relationships(void **state)
{
    (void)state;
    rm_partner_spec s = ablation_spec(40);
    rm_firm open = ablation_sme(), closed = open;
    open.openness = 1;
    closed.openness = 0;
    above_zero(paired(&s, &closed, &s, &open, COMMITTED, -1), "two-way vs broadcast, committed");
    s.two_way = 0;      /* broadcast does what dialogue does */
    exactly_zero(paired(&s, &closed, &s, &open, COMMITTED, -1), "openness, committed");
}

static void slow_replies_lower_trust(void **state)
{
    (void)state;
    rm_partner_spec s = ablation_spec(40);
    rm_firm fast = ablation_sme(), slow = fast;
    fast.response_hours = 1;
    slow.response_hours = 72;
    above_zero(paired(&s, &slow, &s, &fast, TRUST, -1), "1-hour vs 72-hour replies, trust");
    s.response_scale = 0;   /* reply times no longer matter */
    exactly_zero(paired(&s, &slow, &s, &fast, TRUST, -1), "reply time, trust");
}

static void dependence_raises_the_smes_loss_when_a_tie_ends(void **state)
{
    (void)state;
    rm_partner_spec s = ablation_spec(31);
    rm_firm dependent = ablation_sme(), diversified = dependent;
    dependent.revenue = 0.2;        /* little business besides these buyers */
    diversified.revenue = 20;
    above_zero(paired(&s, &diversified, &s, &dependent, LOSS, 30),
               "revenue from others 0.2 vs 20, loss per ended tie");
    s.bargaining = 0;       /* no power from dependence ... */
    s.replacement = 0;      /* ... and the lost business not counted */
    exactly_zero(paired(&s, &diversified, &s, &dependent, LOSS, 30), "dependence, loss");
}

/* With the defaults, replicates differ (risk and noise), and the two
 * sides' profits differ (the buyer's power). */
static void replicates_differ_and_profits_are_unequal(void **state)
{
    (void)state;
    rm_partner_spec s = rm_partner_defaults();
    s.periods = 24;
    rm_firm f = sme("tit_for_tat");
    outcome a = population(&s, &f, 0, -1), b = population(&s, &f, 1, -1);
    assert_true(a.trust != b.trust && a.failed + b.failed > 0);
    assert_true(a.profit_large > a.profit_sme);
}

/* An SME serves at most its capacity; committed work grows it. */
static void capacity_binds_and_grows(void **state)
{
    (void)state;
    rm_rng rng;
    rm_rng_seed(&rng, 8, 0);
    rm_partner_spec s = quiet(60);
    s.expansion_cost = 0;
    s.growth = 0.05;
    rm_firm f[4] = {sme("always_cooperate"), buyer("always_cooperate"),
                    buyer("always_cooperate"), buyer("always_cooperate")};
    f[0].max_relationships = 1;
    rm_error err;
    rm_partners *p = rm_partners_new(&s, f, 4, &rng, &err);
    assert_non_null(p);
    for (int b = 1; b < 4; b++)
        assert_int_equal(rm_partners_court(p, 0, b, &err), b - 1);
    assert_int_equal(rm_partners_step(p, 0, &err), 0);
    assert_float_equal(rm_partners_result(p, 0)->waiting, 2, 0);    /* one served, two wait */
    assert_int_equal(rm_partners_dyad(p, 1)->played, 0);
    int grew = -1;
    for (int t = 1; t < 60; t++) {
        assert_int_equal(rm_partners_step(p, t, &err), 0);
        if (grew < 0 && rm_partners_capacity(p, 0) > 1)
            grew = t;
    }
    assert_true(grew > 0);      /* commitment grew capability and reputation, then capacity */
    assert_true(rm_partners_dyad(p, 1)->played > 0);
    rm_partners_free(p);
}

/* Scripted strategies share one sandbox per strategy, each relationship
 * with its own h: 10 000 relationships of a move function run, and each
 * answers its own partner (gradual punishes a defector, not the others). */
static void ten_thousand_scripted_relationships(void **state)
{
    (void)state;
    enum { NS = 2000, NB = 10, EACH = 5 };
    rm_rng rng;
    rm_rng_seed(&rng, 9, 0);
    rm_partner_spec s = quiet(6);
    s.ops = rm_lua_shared_strategy_ops();
    rm_firm *f = malloc((NS + NB) * sizeof *f);
    assert_non_null(f);
    for (int i = 0; i < NS; i++) {
        f[i] = sme("gradual");
        f[i].max_relationships = EACH;
    }
    for (int i = NS; i < NS + NB; i++) {
        f[i] = buyer(i % 2 ? "always_defect" : "always_cooperate");
        f[i].max_relationships = NS;
    }
    rm_error err;
    rm_partners *p = rm_partners_new(&s, f, NS + NB, &rng, &err);
    assert_non_null(p);
    for (int i = 0; i < NS; i++)
        for (int k = 0; k < EACH; k++)
            assert_true(rm_partners_court(p, i, NS + (i + k) % NB, &err) >= 0);
    assert_int_equal(rm_partners_dyads(p), 10000);
    for (int t = 0; t < 6; t++) {
        if (rm_partners_step(p, t, &err) < 0)
            fail_msg("%s", err.msg);
        if (t != 1)
            continue;
        /* gradual's second move answers this partner's first */
        for (int i = 0; i < rm_partners_dyads(p); i++) {
            const rm_dyad *d = rm_partners_dyad(p, i);
            assert_int_equal(d->played, 2);
            assert_int_equal(d->last_sme, (d->large - NS) % 2 ? RM_D : RM_C);
        }
    }
    rm_partners_free(p);
    free(f);
}

/* Government and other parties: a scheduled demand event doubles the
 * joint value from its period on, a cost event halves what relationship
 * work costs, a trust event moves trust at once. */
static void events_change_demand_costs_and_trust(void **state)
{
    (void)state;
    double joint[2][20], spent[2], trust[2];
    for (int k = 0; k < 2; k++) {
        rm_rng rng;
        rm_rng_seed(&rng, 10, 0);
        rm_partner_spec s = quiet(20);
        if (k) {
            s.events[0] = (rm_partner_event){10, 0.5, 2, 0};
            s.nevents = 1;
        }
        rm_partners *p = pair("always_cooperate", "always_cooperate", &s, &rng);
        rm_error err;
        for (int t = 0; t < 20; t++) {
            if (t == 15) {
                rm_partner_event e = {0, 1, 1, k ? -0.2 : 0};
                rm_partners_event(p, &e);
            }
            assert_int_equal(rm_partners_step(p, t, &err), 0);
            joint[k][t] = rm_partners_result(p, t)->joint;
            if (t == 15)
                trust[k] = rm_partners_dyad(p, 0)->trust_large;
        }
        spent[k] = rm_partners_firm(p, 0)->resources;
        rm_partners_free(p);
    }
    for (int t = 0; t < 15; t++)       /* until the trust event */
        assert_float_equal(joint[1][t], joint[0][t] * (t >= 10 ? 2 : 1), 1e-9 * joint[0][t]);
    assert_true(spent[1] > spent[0]);       /* more value, and cheaper work */
    assert_true(trust[1] < trust[0] - 0.1);
}

/* Events multiply: sixty of demand x 1e6 would reach inf, and a later
 * demand x 0 made every profit NaN. The factor is capped; profits stay
 * numbers (a finite cap times 0 is 0). */
static void events_cannot_overflow(void **state)
{
    (void)state;
    rm_rng rng;
    rm_rng_seed(&rng, 11, 0);
    rm_partner_spec s = quiet(80);
    rm_partners *p = pair("always_cooperate", "always_cooperate", &s, &rng);
    rm_error err;
    for (int t = 0; t < 80; t++) {
        rm_partner_event e = {0, t < 60 ? 1e6 : 0, t < 60 ? 1e6 : 0, 0};
        rm_partners_event(p, &e);
        assert_int_equal(rm_partners_step(p, t, &err), 0);
        const rm_partner_period *r = rm_partners_result(p, t);
        if (!isfinite(r->joint) || !isfinite(r->profit_sme) || !isfinite(r->profit_large))
            fail_msg("period %d: joint %g, profits %g / %g", t, r->joint, r->profit_sme,
                     r->profit_large);
    }
    assert_true(rm_partners_result(p, 59)->joint > 0);     /* the demand was there */
    rm_partners_free(p);
}

/* Option tables are checked: every mistake names the script's line. */
static void lua_errors(void **state)
{
    (void)state;
    static const struct { const char *call, *msg; } cases[] = {
        {"rm.partnerships { smes = { opennes = 1 } }", "unknown"},
        {"rm.partnerships { large = { payment_terms = 9 } }", "payment_terms"},
        {"rm.partnerships { events = { { cost = 0.5 } } }", "an event needs at"},
        {"rm.partnerships { events = { 5 } }", "event 1 must be a table"},
        {"rm.partnerships { two_way = 2 }", "two_way"},
        {"rm.partnerships {}:event { when = 3 }", "unknown"},
        {"rm.partnerships { name = ('p'):rep(21) }", "at most 20 characters"},  /* was cut to 31 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "local rm = require 'rmsim'\nfunction setup()\n  %s\nend\n",
                 cases[i].call);
        const char *path = write_script(test_dir(), "bad.lua", text);
        run_result r = run_rmsim((const char *const[]){"run", path, "--periods", "2", NULL});
        assert_int_equal(r.status, 1);
        assert_contains(r.err, "bad.lua:3:");
        assert_contains(r.err, cases[i].msg);
        run_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cooperation_leads_to_commitment),
        cmocka_unit_test(betrayal_hurts_more_than_good_faith_helps),
        cmocka_unit_test(an_always_competing_partner_never_reaches_expansion),
        cmocka_unit_test(hysteresis_prevents_flapping),
        cmocka_unit_test(populations_show_the_growth_cycle),
        cmocka_unit_test(a_cheaper_rival_takes_price_only_suppliers),
        cmocka_unit_test(scripted_strategies),
        cmocka_unit_test(lower_capability_delays_commitment_and_fails_more),
        cmocka_unit_test(one_way_talk_commits_fewer_relationships),
        cmocka_unit_test(slow_replies_lower_trust),
        cmocka_unit_test(dependence_raises_the_smes_loss_when_a_tie_ends),
        cmocka_unit_test(replicates_differ_and_profits_are_unequal),
        cmocka_unit_test(capacity_binds_and_grows),
        cmocka_unit_test(ten_thousand_scripted_relationships),
        cmocka_unit_test(events_change_demand_costs_and_trust),
        cmocka_unit_test(events_cannot_overflow),
        cmocka_unit_test(lua_errors),
    };
    return cmocka_run_group_tests_name("partner", tests, setup_dir, teardown_dir);
}
