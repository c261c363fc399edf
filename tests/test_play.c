/* test_play.c - `rmsim play` end to end: keystrokes in, good and bad,
 * and the transcript out. */
#include "testutil.h"


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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_full_game_with_bad_keys),
        cmocka_unit_test(end_of_input_and_quit),
        cmocka_unit_test(noise_and_unknown_length),
    };
    return cmocka_run_group_tests_name("play", tests, setup_dir, teardown_dir);
}
