/* test_play.c - `rmsim play` end to end: keystrokes in, good and bad,
 * and the transcript out. */
#include "testutil.h"

#include <math.h>


static void a_full_game_with_bad_keys(void **state)
{
    (void)state;
    char tr[256];
    snprintf(tr, sizeof tr, "%s/game.txt", test_dir());
    /* tit for tat copies us one period late; "x" and "" are refused */
    run_result r = run_rmsim_input(
        (const char *const[]){"play", "--against", "tit_for_tat", "--rounds", "4", "--seed", "5",
                              "--transcript", tr, NULL},
        "c\nx\n\nd\nCOOPERATE\nc\n");
    assert_int_equal(r.status, 0);
    char *t = slurp_file(tr);
    assert_non_null(t);
    assert_string_equal(t, r.out);              /* the transcript is what was shown */
    assert_contains(t, "The buyer plays tit_for_tat.");
    assert_contains(t, "Period 1 of 4. Cooperate or compete? [c/d] c\n"
                       "  You cooperated, the buyer cooperated: you +3, buyer +3   (total: you 3, buyer 3)");
    assert_contains(t, "'x' is not a choice: type c to cooperate or d to compete");
    assert_contains(t, "'' is not a choice");
    assert_contains(t, "You competed, the buyer cooperated: you +5, buyer +0   (total: you 8, buyer 3)");
    assert_contains(t, "You cooperated, the buyer competed: you +0, buyer +5   (total: you 8, buyer 8)");
    assert_contains(t, "Game over after 4 periods.");
    assert_contains(t, "  history  you   CDCC\n           buyer CCDC\n");
    assert_contains(t, "You: 11 points (2.75 a period). The buyer: 11 points.");
    assert_contains(t, "tit_for_tat                12\n");   /* TFT vs TFT: 4 x 3 */
    assert_contains(t, "(you)                      11   <- you");
    free(t);
    run_free(&r);
}

static void end_of_input_and_quit(void **state)
{
    (void)state;
    run_result r = run_rmsim_input(
        (const char *const[]){"play", "--against", "always_defect", "--rounds", "10", NULL},
        "c\nc\n");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "End of input: the game stops here.");
    assert_contains(r.out, "Game over after 2 periods.");
    assert_contains(r.out, "The buyer was playing always_defect");
    run_free(&r);
    r = run_rmsim_input((const char *const[]){"play", "--rounds", "10", "--seed", "1", NULL},
                        "d\nq\n");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "The buyer's strategy is hidden until the end.");
    assert_contains(r.out, "Game over after 1 period.");
    assert_contains(r.out, "The buyer was playing ");
    run_free(&r);
}

static void noise_and_unknown_length(void **state)
{
    (void)state;
    /* with noise 0.5 some messages get lost in 40 periods (chance 1 - 2^-40 each side) */
    char keys[200] = "";
    for (int i = 0; i < 60; i++)
        strcat(keys, "c\n");
    run_result r = run_rmsim_input((const char *const[]){"play", "--against", "always_cooperate",
                                                         "--rounds", "40", "--noise", "0.5", NULL},
                                   keys);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "A message got lost: your choice to cooperate arrived as the opposite.");
    run_free(&r);
    r = run_rmsim_input((const char *const[]){"play", "--against", "grudger", "--unknown-length",
                                              "0.5", "--seed", "2", NULL},
                        keys);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "goes on\nwith chance 0.5.");
    assert_true(strstr(r.out, " of ") == NULL || strstr(r.out, "Period 1 of") == NULL);
    run_free(&r);
    r = run_rmsim_input((const char *const[]){"play", "--against", "nobody", NULL}, "");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "--against nobody: no such strategy");
    run_free(&r);
}

/* Teams: two letters a team a month; a bad answer is asked again; the
 * same seed and answers give the same game; the totals add up. */
static void teams_play_coopetition(void **state)
{
    (void)state;
    const char *const args[] = {"play", "--players", "3", "--rounds", "2", "--seed", "4",
                                "--owners", "3000", NULL};
    const char *keys = "dc\ncc\nc\ncd\ndd\ncc\ncc\n";
    run_result r = run_rmsim_input(args, keys);
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "Month 1 of 2, team 3: market and standard? [cc/cd/dc/dd] cd\n");
    assert_contains(r.out, "'c' is not a choice: two letters");
    assert_contains(r.out, "  team 1        subsidy   backs it");
    assert_contains(r.out, "  team 3        restrain  alone");
    assert_contains(r.out, "Game over after 2 months.");
    /* the ranking's totals add up to the joint figure printed */
    double sum = 0, joint = 0;
    const char *p = strstr(r.out, "Totals (market + standard):");
    assert_non_null(p);
    for (int k = 1; k <= 3; k++) {
        char key[32];
        snprintf(key, sizeof key, "  %d. team ", k);
        const char *q = strstr(p, key);
        assert_non_null(q);
        sum += strtod(strchr(q, '$') + 1, NULL);
    }
    joint = strtod(strstr(p, "all teams together: $") + 21, NULL);
    assert_true(fabs(sum - joint) < 0.2);       /* three roundings to 0.1k */
    run_result again = run_rmsim_input(args, keys);
    assert_string_equal(r.out, again.out);
    run_free(&again);
    run_free(&r);
    r = run_rmsim_input((const char *const[]){"play", "--players", "9", NULL}, "");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "--players");
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_full_game_with_bad_keys),
        cmocka_unit_test(end_of_input_and_quit),
        cmocka_unit_test(noise_and_unknown_length),
        cmocka_unit_test(teams_play_coopetition),
    };
    return cmocka_run_group_tests_name("play", tests, setup_dir, teardown_dir);
}
