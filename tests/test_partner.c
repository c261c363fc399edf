/* test_partner.c - the mechanics of SME-large-firm relationships, each
 * with a fixed seed: cooperation builds commitment, betrayal hurts more
 * than good faith helps, an always-competing partner never gets far,
 * hysteresis stops flapping, and the growth cycle shows in populations. */
#include "testutil.h"

#include <math.h>

#include "rmsim/partner.h"
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
    rm_limits lim = {1000000, 64 << 20};
    rm_error err;
    rm_strategy *s = &strategies[nstrat++];
    if (rm_strategy_load(path, &lim, s, &err) < 0)
        fail_msg("%s", err.msg);
    return s;
}

static rm_firm sme(const char *strat)
{
    rm_firm f = {0, 0.5, 0.3, 10, 1, 0.2, 0.5, 0.1, strategy(strat), 3, 1};
    return f;
}

static rm_firm buyer(const char *strat)
{
    rm_firm f = {1, 1, 1, 1e9, 1, 0, 0, 0, strategy(strat), 3, 1};
    return f;
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
    rm_partner_spec s = rm_partner_defaults();
    s.periods = 40;
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
    rm_partner_spec s = rm_partner_defaults();
    s.periods = 40;
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
        rm_partner_spec s = rm_partner_defaults();
        s.periods = 60;
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
    rm_partner_spec s = rm_partner_defaults();
    s.periods = 200;
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
    rm_partner_spec s = rm_partner_defaults();
    s.periods = 120;
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
        rm_partner_spec s = rm_partner_defaults();
        s.periods = 30;
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
    rm_partner_spec s = rm_partner_defaults();
    s.periods = 40;
    s.ops = rm_lua_strategy_ops();
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
    };
    return cmocka_run_group_tests_name("partner", tests, NULL, NULL);
}
