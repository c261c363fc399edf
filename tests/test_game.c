/* test_game.c - matches move by move against hand-worked expectations,
 * noise and random lengths against their rates, tournaments (threads,
 * disqualification) and evolution against known answers. */
#include "testutil.h"

#include "rmsim/rmsim.h"

#include <math.h>

#include "rmsim/evolution.h"
#include "rmsim/strategy.h"
#include "rmsim/tournament.h"

static rm_limits limits = {1000000, 64 << 20, 0};

static void load(const char *name, rm_strategy *s)
{
    char path[1024];
    rm_strategy_path(name, path, sizeof path);
    rm_error err;
    if (rm_strategy_load(path, &limits, s, &err) < 0)
        fail_msg("%s", err.msg);
}

/* Play a vs b for n turns; moves as C/D strings. */
static void play(const char *a, const char *b, int n, char *ma, char *mb, double *sa, double *sb)
{
    rm_strategy s[2];
    load(a, &s[0]);
    load(b, &s[1]);
    rm_error err;
    rm_match_config m = rm_match_defaults();
    m.turns = n;
    rm_rng rng;
    rm_rng_seed(&rng, 1, 0);
    rm_match_result *r = malloc(sizeof *r);
    if (rm_play_strategies(&m, &s[0], &s[1], rm_lua_strategy_ops(), &rng, r, &err) < 0)
        fail_msg("%s", err.msg);
    for (int t = 0; t < n; t++) {
        ma[t] = r->moves_a[t] == RM_C ? 'C' : 'D';
        mb[t] = r->moves_b[t] == RM_C ? 'C' : 'D';
    }
    ma[n] = mb[n] = '\0';
    *sa = r->score_a;
    *sb = r->score_b;
    free(r);
}

static void classics_move_by_move(void **state)
{
    (void)state;
    static const struct { const char *a, *b, *ma, *mb; double sa, sb; } cases[] = {
        {"tit_for_tat", "always_defect", "CDDDDDDDDD", "DDDDDDDDDD", 9, 14},
        {"tit_for_tat", "suspicious_tit_for_tat", "CDCDCDCDCD", "DCDCDCDCDC", 25, 25},
        {"tit_for_tat", "tit_for_tat", "CCCCCCCCCC", "CCCCCCCCCC", 30, 30},
        {"grudger", "alternator", "CCDDDDDDDD", "CDCDCDCDCD", 27, 12},
        {"win_stay_lose_shift", "always_defect", "CDCDCDCDCD", "DDDDDDDDDD", 5, 30},
        {"tit_for_two_tats", "alternator", "CCCCCCCCCC", "CDCDCDCDCD", 15, 40},
        {"two_tits_for_tat", "alternator", "CCDDDDDDDD", "CDCDCDCDCD", 27, 12},
        {"detective", "always_cooperate", "CDCCDDDDDD", "CCCCCCCCCC", 44, 9},
        {"detective", "always_defect", "CDCCDDDDDD", "DDDDDDDDDD", 7, 22},
        {"prober", "tit_for_tat", "DCCCCCCCCC", "CDCCCCCCCC", 29, 29},
        {"handshake", "handshake", "CDCCCCCCCC", "CDCCCCCCCC", 28, 28},
        {"gradual", "always_defect", "CDCCDDDDCCDD", "DDDDDDDDDDDD", 7, 32},
        {"soft_majority", "alternator", "CCCCCCCCCC", "CDCDCDCDCD", 15, 40},
        {"hard_majority", "alternator", "DCDCDCDCDC", "CDCDCDCDCD", 25, 25},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char ma[64], mb[64];
        double sa, sb;
        int n = (int)strlen(cases[i].ma);
        play(cases[i].a, cases[i].b, n, ma, mb, &sa, &sb);
        if (strcmp(ma, cases[i].ma) || strcmp(mb, cases[i].mb) || sa != cases[i].sa ||
            sb != cases[i].sb)
            fail_msg("%s vs %s: got %s %s %g %g, want %s %s %g %g", cases[i].a, cases[i].b, ma,
                     mb, sa, sb, cases[i].ma, cases[i].mb, cases[i].sa, cases[i].sb);
    }
}

static void noise_and_random_length(void **state)
{
    (void)state;
    rm_strategy s;
    load("always_cooperate", &s);
    rm_player p[2] = {{&s, NULL, NULL}, {&s, NULL, NULL}};
    rm_match_config m = rm_match_defaults();
    m.turns = 100000;
    m.noise = 0.1;
    rm_rng rng;
    rm_rng_seed(&rng, 2, 0);
    rm_error err;
    rm_match_result *r = malloc(sizeof *r);
    assert_int_equal(rm_play_match(&m, &p[0], &p[1], &rng, r, &err), 0);
    int flipped = 0;
    for (int t = 0; t < m.turns; t++)
        flipped += r->moves_a[t] == RM_D;
    double n = m.turns, se = sqrt(n * 0.1 * 0.9);
    assert_true(fabs(flipped - 0.1 * n) < 5 * se);
    /* continuation w: length is geometric with mean 1/(1-w), variance w/(1-w)^2 */
    m.noise = 0;
    m.continuation = 0.9;
    double sum = 0;
    int k = 4000;
    for (int i = 0; i < k; i++) {
        assert_int_equal(rm_play_match(&m, &p[0], &p[1], &rng, r, &err), 0);
        sum += r->turns;
    }
    assert_true(fabs(sum / k - 10.0) < 5 * sqrt(0.9 / 0.01 / k));
    free(r);
}

static void payoffs(void **state)
{
    (void)state;
    rm_payoff p;
    rm_error err;
    assert_int_equal(rm_payoff_parse("2,-1,3,0", &p, &err), 0);   /* the classroom table */
    assert_float_equal(p.S, -1, 0);
    assert_int_equal(rm_payoff_parse("3,0,5", &p, &err), -1);
    assert_contains(err.msg, "expected four numbers R,S,T,P");
    assert_int_equal(rm_payoff_parse("5,0,3,1", &p, &err), -1);
    assert_contains(err.msg, "not a dilemma");
    assert_int_equal(rm_payoff_parse("3,0,10,1", &p, &err), -1);
    assert_contains(err.msg, "need 2R > T + S");
}

static void tournament_threads_agree(void **state)
{
    (void)state;
    const char *names[] = {"tit_for_tat", "random", "gradual", "joss", "always_defect",
                           "generous_tit_for_tat", "soft_majority"};
    int n = 7;
    rm_strategy s[7];
    for (int i = 0; i < n; i++)
        load(names[i], &s[i]);
    rm_tournament_config c = rm_tournament_defaults();
    c.repetitions = 5;
    c.match.noise = 0.05;
    c.ops = rm_lua_strategy_ops();
    rm_tournament a, b;
    rm_error err;
    c.threads = 1;
    assert_int_equal(rm_tournament_run(&c, s, n, NULL, &a, &err), 0);
    c.threads = 2;
    assert_int_equal(rm_tournament_run(&c, s, n, NULL, &b, &err), 0);
    assert_int_equal(a.matches, 5 * 28);
    for (int i = 0; i < n * n; i++)
        assert_memory_equal(&a.matrix[i], &b.matrix[i], sizeof(double));
    for (int i = 0; i < n; i++)
        assert_int_equal(a.rank[i], b.rank[i]);
    rm_tournament_free(&a);
    rm_tournament_free(&b);
    /* without noise: tit for tat earns R against itself, the defector T off... nobody
     * here cooperates unconditionally, so check tit for tat vs the defector */
    c.match.noise = 0;
    c.repetitions = 1;
    assert_int_equal(rm_tournament_run(&c, s, n, NULL, &a, &err), 0);
    assert_float_equal(a.matrix[0 * n + 0], 3.0, 1e-12);
    assert_float_equal(a.matrix[0 * n + 4], 199.0 / 200, 1e-12);
    assert_float_equal(a.matrix[4 * n + 0], (5 + 199.0) / 200, 1e-12);
    rm_tournament_free(&a);
}

static const char *dir;

static void broken_entries_are_disqualified(void **state)
{
    (void)state;
    dir = temp_dir();
    char sub[256];
    snprintf(sub, sizeof sub, "%s/class", dir);
    mkdir(sub, 0777);
    write_script(sub, "alice.lua", "function move(h)\n  if h.turn == 1 then return 'C' end\n"
                                   "  return h.their[h.turn - 1]\nend\n");
    write_script(sub, "bob.lua", "return { memory_one = { first = 1, CC = 1, CD = 0, DC = 1, DD = 0 } }\n");
    write_script(sub, "syntax.lua", "function move(h) return 'C' \n");
    write_script(sub, "loop.lua", "function move(h) while true do end end\n");
    write_script(sub, "hog.lua", "function move(h) local s = 'x' while true do s = s .. s end end\n");
    write_script(sub, "shell.lua", "os.execute('touch /tmp/rmsim-student-pwned')\n"
                                   "function move() return 'C' end\n");
    write_script(sub, "bad_move.lua", "function move(h) return 'cooperate' end\n");
    write_script(sub, "late.lua", "function move(h) if h.turn == 50 then error('turn 50') end return 'D' end\n");
    char out[300];
    snprintf(out, sizeof out, "%s/report", dir);
    run_result r = run_rmsim((const char *const[]){"tournament", sub, "--format", "json",
                                                   "--max-memory", "32", "--out", out, NULL});
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "\"rank\": 1, \"strategy\": \"alice\"");
    assert_contains(r.out, "\"rank\": 1, \"strategy\": \"bob\"");   /* a tie: both 3 */
    assert_contains(r.out, "syntax.lua:2: 'end' expected");
    assert_contains(r.out, "loop.lua:1: instruction budget exceeded");
    assert_contains(r.out, "memory cap exceeded");
    assert_contains(r.out, "shell.lua:1: 'os' is not available in the rmsim sandbox");
    assert_contains(r.out, "bad_move.lua: move returned \\\"cooperate\\\" on turn 1 (expected \\\"C\\\" or \\\"D\\\")");
    assert_contains(r.out, "late.lua:1: turn 50");
    assert_int_equal(access("/tmp/rmsim-student-pwned", F_OK), -1);
    char path[400];
    snprintf(path, sizeof path, "%s/report.html", out);
    char *html = slurp_file(path);
    assert_non_null(html);
    assert_contains(html, "<h2>Disqualified</h2>");
    assert_contains(html, "instruction budget exceeded");
    assert_contains(html, "Score per turn of the row against the column");
    assert_contains(html, "Evolution: shares under the Moran process");
    free(html);
    snprintf(path, sizeof path, "%s/leaderboard.csv", out);
    char *csv = slurp_file(path);
    assert_non_null(csv);
    assert_true(strncmp(csv, "rank,strategy,score_per_turn,wins,disqualified,reason", 52) == 0);
    free(csv);
    run_free(&r);
    remove_tree(dir);
}

/* The known answer: one mutant of relative fitness r among N fixes with
 * chance (1 - 1/r) / (1 - 1/r^N). 20000 runs: standard error
 * sqrt(p (1 - p) / 20000), and we allow 5. */
static void moran_fixation_probability(void **state)
{
    (void)state;
    double r = 1.5, M[4] = {r, r, 1, 1};   /* mutant (0) earns r, residents 1 */
    int N = 10, counts[2] = {1, N - 1}, fixed = 0, runs = 20000;
    rm_rng rng;
    rm_rng_seed(&rng, 3, 0);
    rm_error err;
    for (int k = 0; k < runs; k++) {
        rm_evolution e;
        assert_int_equal(rm_moran(M, 2, counts, 0, 1.0, &rng, &e, &err), 0);
        assert_true(e.fixed == 0 || e.fixed == 1);
        fixed += e.fixed == 0;
        rm_evolution_free(&e);
    }
    double want = (1 - 1 / r) / (1 - pow(1 / r, N)), got = (double)fixed / runs;
    assert_true(fabs(got - want) < 5 * sqrt(want * (1 - want) / runs));
    /* neutral drift: fixation chance 1/N */
    double neutral[4] = {1, 1, 1, 1};
    fixed = 0;
    for (int k = 0; k < runs; k++) {
        rm_evolution e;
        rm_moran(neutral, 2, counts, 0, 1.0, &rng, &e, &err);
        fixed += e.fixed == 0;
        rm_evolution_free(&e);
    }
    assert_true(fabs((double)fixed / runs - 0.1) < 5 * sqrt(0.1 * 0.9 / runs));
}

static void replicator_recursion(void **state)
{
    (void)state;
    /* constant payoffs a, b: x(t) = x0 a^t / (x0 a^t + (1 - x0) b^t) */
    double a = 3, b = 2, M[4] = {a, a, b, b}, x0[2] = {0.1, 0.9};
    rm_evolution e;
    rm_error err;
    assert_int_equal(rm_replicator(M, 2, x0, 10, 1.0, &e, &err), 0);
    for (int t = 0; t <= 10; t++) {
        double want = 0.1 * pow(a, t) / (0.1 * pow(a, t) + 0.9 * pow(b, t));
        assert_float_equal(e.share[t * 2], want, 1e-12);
        assert_float_equal(e.share[t * 2] + e.share[t * 2 + 1], 1.0, 1e-12);
    }
    rm_evolution_free(&e);
    double bad[4] = {1, NAN, 1, 1};
    assert_int_equal(rm_replicator(bad, 2, x0, 10, 1.0, &e, &err), -1);
    assert_contains(err.msg, "payoffs must be finite");
}

static void match_cli(void **state)
{
    (void)state;
    run_result r = run_rmsim((const char *const[]){"match", "tit_for_tat", "always_defect",
                                                   "--turns", "5", "--format", "json", NULL});
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "{\"rmsim_version\": \"" RMSIM_VERSION "\", \"schema\": "
                               "\"rmsim-match/1\", \"a\": \"tit_for_tat\", \"b\": \"always_defect\", \"turns\": 5, "
                               "\"moves_a\": \"CDDDD\", \"moves_b\": \"DDDDD\", \"score_a\": 4, "
                               "\"score_b\": 9}\n");
    run_free(&r);
    r = run_rmsim((const char *const[]){"match", "tit_for_tat", "nobody", NULL});
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "nobody: no such strategy");
    run_free(&r);
    r = run_rmsim((const char *const[]){"match", "tit_for_tat", "grudger", "--payoff", "1,2,3,4", NULL});
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "not a dilemma");
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(classics_move_by_move),
        cmocka_unit_test(noise_and_random_length),
        cmocka_unit_test(payoffs),
        cmocka_unit_test(tournament_threads_agree),
        cmocka_unit_test(broken_entries_are_disqualified),
        cmocka_unit_test(moran_fixation_probability),
        cmocka_unit_test(replicator_recursion),
        cmocka_unit_test(match_cli),
    };
    return cmocka_run_group_tests_name("game", tests, NULL, NULL);
}
