/* test_coopetition.c - the arenas' payoffs and the trust rule, computed
 * by hand for small cases (exact: no randomness but declared strategies'
 * own, and those used here are deterministic). */
#include "testutil.h"

#include <math.h>

#include "rmsim/coopetition.h"
#include "rmsim/strategy.h"

static rm_coop *two_arenas(int n, double spill, rm_error *err)
{
    rm_coop_spec s = rm_coop_defaults();
    s.nplayers = n;
    s.narenas = 2;
    s.arena[0] = (rm_arena_spec){"market", RM_ARENA_MARKET, 0, spill, 0};
    s.arena[1] = (rm_arena_spec){"standard", RM_ARENA_ALLIANCE, 100, 0, 0.5};
    return rm_coop_new(&s, err);
}

static void payoffs_and_trust_follow_the_rule(void **state)
{
    (void)state;
    rm_error err;
    rm_coop *c = two_arenas(3, 0.5, &err);
    assert_non_null(c);
    /* firm 0 competes in the market; all back the standard */
    uint8_t moves[6] = {RM_D, RM_C, RM_C, RM_C, RM_C, RM_C};
    double margin[3] = {10, 20, 30}, pay[6];
    assert_int_equal(rm_coop_settle(c, moves, margin, pay, &err), 0);
    assert_true(pay[0] == 10 && pay[2] == 20 && pay[4] == 30);
    /* every pair starts at trust 0.8: 100 * 3/3 * 0.8 */
    assert_true(fabs(pay[1] - 80) < 1e-9 && fabs(pay[5] - 80) < 1e-9);
    /* firm 0's act weighs spill 0.5: trust in it x (1 - 0.3 * 0.5) */
    assert_true(fabs(rm_coop_trust(c, 1, 0) - 0.8 * 0.85) < 1e-12);
    assert_true(fabs(rm_coop_trust(c, 2, 0) - 0.8 * 0.85) < 1e-12);
    /* the others cooperated everywhere: trust + 0.1 of the gap */
    assert_true(fabs(rm_coop_trust(c, 0, 1) - 0.82) < 1e-12);
    assert_true(fabs(rm_coop_trusted(c, 0) - 0.68) < 1e-12);
    /* next period firm 2 goes alone on the standard */
    uint8_t next[6] = {RM_C, RM_C, RM_C, RM_C, RM_C, RM_D};
    assert_int_equal(rm_coop_settle(c, next, margin, pay, &err), 0);
    double tau = (0.82 + 0.68) / 2;     /* T[0][1] and T[1][0] before this period */
    assert_true(fabs(pay[1] - 100 * 2.0 / 3 * tau) < 1e-9);
    assert_true(fabs(pay[5] - 100 * 0.5 / 3) < 1e-9);
    /* leaving the alliance weighs 1: trust in firm 2 x 0.7 */
    assert_true(fabs(rm_coop_trust(c, 0, 2) - 0.82 * 0.7) < 1e-12);
    assert_int_equal(rm_coop_periods(c), 2);
    assert_int_equal(rm_coop_move(c, 1, 2, 1), RM_D);
    rm_coop_free(c);
}

static void without_spill_a_price_war_keeps_trust(void **state)
{
    (void)state;
    rm_error err;
    rm_coop *c = two_arenas(2, 0, &err);
    uint8_t war[4] = {RM_D, RM_C, RM_D, RM_C};
    double pay[4];
    for (int t = 0; t < 10; t++)
        assert_int_equal(rm_coop_settle(c, war, NULL, pay, &err), 0);
    /* a_k = 0: counted as cooperating, trust rises towards 1 */
    assert_true(rm_coop_trust(c, 0, 1) > 0.9 && rm_coop_trust(c, 1, 0) > 0.9);
    rm_coop_free(c);
}

static void declared_strategies_answer_any_rival(void **state)
{
    (void)state;
    rm_strategy tft;
    rm_limits lim = {1000000, (size_t)64 << 20, 0};
    rm_error err;
    assert_int_equal(rm_strategy_load("scripts/strategies/tit_for_tat.lua", &lim, &tft, &err), 0);
    rm_coop *c = two_arenas(3, 1, &err);
    rm_rng rng;
    rm_rng_seed(&rng, 1, 0);
    int st = tft.start;
    assert_int_equal(rm_coop_declared_move(c, 0, 0, &tft, &st, &rng), RM_C);
    uint8_t moves[6] = {RM_C, RM_C, RM_C, RM_C, RM_D, RM_C};    /* firm 2 competes in the market */
    double pay[6];
    assert_int_equal(rm_coop_settle(c, moves, NULL, pay, &err), 0);
    assert_int_equal(rm_coop_declared_move(c, 0, 0, &tft, &st, &rng), RM_D);
    st = tft.start;
    assert_int_equal(rm_coop_declared_move(c, 0, 1, &tft, &st, &rng), RM_C);
    rm_coop_free(c);
}

static void bad_specs_are_refused(void **state)
{
    (void)state;
    rm_error err;
    rm_coop_spec s = rm_coop_defaults();
    s.nplayers = 1;
    s.narenas = 1;
    assert_null(rm_coop_new(&s, &err));
    s.nplayers = 2;
    s.arena[0] = (rm_arena_spec){"a", RM_ARENA_MARKET, 0, 2, 0};
    assert_null(rm_coop_new(&s, &err));
    assert_non_null(strstr(err.msg, "spill"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(payoffs_and_trust_follow_the_rule),
        cmocka_unit_test(without_spill_a_price_war_keeps_trust),
        cmocka_unit_test(declared_strategies_answer_any_rival),
        cmocka_unit_test(bad_specs_are_refused),
    };
    return cmocka_run_group_tests_name("coopetition", tests, NULL, NULL);
}
