/* test_cli.c - the rmsim program end to end: runs, outputs, errors. */
#include "testutil.h"

#include <math.h>


#define RUN(...) run_rmsim((const char *const[]){__VA_ARGS__, NULL})

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void version_and_help(void **state)
{
    (void)state;
    run_result r = RUN("--version");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "rmsim 0.");
    run_free(&r);
    r = RUN("help");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "run FILE.lua");
    run_free(&r);
    r = RUN("help", "run");
    assert_contains(r.out, "--replicates N");
    run_free(&r);
    r = RUN("rnu");
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "unknown command 'rnu' (did you mean 'run'?)");
    run_free(&r);
}

static void csv_shape_and_determinism(void **state)
{
    (void)state;
    run_result a = RUN("run", "scenarios/hello.lua", "--replicates", "3", "--seed", "9");
    assert_int_equal(a.status, 0);
    assert_true(strncmp(a.out, "replicate,period,customers,referred,churned\n", 44) == 0);
    assert_int_equal(count_lines(a.out), 1 + 3 * 24);
    run_result b = RUN("run", "scenarios/hello.lua", "--replicates", "3", "--seed", "9");
    assert_string_equal(a.out, b.out);
    run_result c = RUN("run", "scenarios/hello.lua", "--replicates", "3", "--seed", "10");
    assert_string_not_equal(a.out, c.out);
    /* replicate 1 is the same whether or not more replicates follow */
    run_result d = RUN("run", "scenarios/hello.lua", "--replicates", "1", "--seed", "9");
    assert_true(strncmp(a.out, d.out, strlen(d.out)) == 0);
    run_free(&a);
    run_free(&b);
    run_free(&c);
    run_free(&d);
}

static void set_and_periods(void **state)
{
    (void)state;
    run_result r = RUN("run", "scenarios/hello.lua", "--periods", "5", "--set", "referral=0",
                       "--set", "churn=0", "--format", "json");
    assert_int_equal(r.status, 0);
    /* no referrals and no churn: the base stays at its 20 customers */
    assert_contains(r.out, "\"customers\": {\"mean\": [20, 20, 20, 20, 20]");
    assert_contains(r.out, "\"params\": {\"churn\": 0, \"referral\": 0, \"start\": 20}");
    run_free(&r);
}

static void bad_options(void **state)
{
    (void)state;
    struct { const char *args[6]; const char *msg; } cases[] = {
        {{"run", "scenarios/hello.lua", "--sed", "3"}, "unknown option '--sed' (did you mean '--seed'?)"},
        {{"run", "scenarios/hello.lua", "--periods", "0"}, "--periods: must be in [1, 1000000] (got 0)"},
        {{"run", "scenarios/hello.lua", "--seed", "-1"}, "--seed: '-1' is not a non-negative integer"},
        {{"run", "scenarios/hello.lua", "--format", "xml"}, "--format: 'xml' is not one of csv|json"},
        {{"run", "scenarios/hello.lua", "--max-memory", "lots"}, "--max-memory: 'lots' is not a size"},
        {{"run", "scenarios/hello.lua", "--replicates"}, "--replicates: missing value"},
        {{"run"}, "which scenario?"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_result r = run_rmsim(cases[i].args);
        assert_int_equal(r.status, 2);
        assert_contains(r.err, cases[i].msg);
        assert_string_equal(r.out, "");
        run_free(&r);
    }
}

static void bad_sets(void **state)
{
    (void)state;
    struct { const char *set; const char *msg; } cases[] = {
        {"referal=0.1", "rmsim: --set referal=0.1: scenarios/hello.lua:12 declares no parameter 'referal' (did you mean 'referral'?)"},
        {"churn=2", "--set churn=2: 'churn' must be in [0, 1] (got 2; declared at scenarios/hello.lua:12)"},
        {"churn=lots", "'churn' must be a number"},
        {"start=2.5", "'start' must be an integer"},
        {"nonsense", "expected name=value"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_result r = RUN("run", "scenarios/hello.lua", "--set", cases[i].set);
        assert_int_equal(r.status, 2);      /* the command line is wrong */
        assert_contains(r.err, cases[i].msg);
        run_free(&r);
    }
}

static void out_dir_files(void **state)
{
    (void)state;
    char out[300], path[400];
    snprintf(out, sizeof out, "%s/results/hello", test_dir());
    run_result r = RUN("run", "scenarios/hello.lua", "--replicates", "4", "--out", out);
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "wrote");
    assert_string_equal(r.out, "");
    snprintf(path, sizeof path, "%s/metrics.csv", out);
    char *csv = slurp_file(path);
    assert_non_null(csv);
    assert_int_equal(count_lines(csv), 1 + 4 * 24);
    snprintf(path, sizeof path, "%s/summary.json", out);
    char *json = slurp_file(path);
    assert_non_null(json);
    assert_contains(json, "\"replicates\": 4");
    assert_contains(json, "\"final_customers\": {\"mean\": ");
    assert_contains(json, "\"ci95\": [");
    snprintf(path, sizeof path, "%s/report.html", out);
    char *html = slurp_file(path);
    assert_non_null(html);
    assert_contains(html, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
    assert_contains(html, "final_customers");
    free(html);
    free(csv);
    free(json);
    run_free(&r);
}

static void failed_run_leaves_nothing(void **state)
{
    (void)state;
    const char *p = write_script(test_dir(), "fails_late.lua",
        "function period(sim, t)\n"
        "  sim:record('x', t)\n"
        "  if t == 5 then error('late failure') end\n"
        "end\n");
    char out[100];
    snprintf(out, sizeof out, "%s/never", test_dir());
    run_result r = RUN("run", p, "--out", out);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "fails_late.lua:3: late failure");
    char cmd[400];
    snprintf(cmd, sizeof cmd, "test ! -e %s/metrics.csv && test ! -e %s/summary.json", out, out);
    assert_int_equal(system(cmd), 0);
    run_free(&r);
    r = RUN("run", p);
    assert_string_equal(r.out, "");      /* nothing half-printed on stdout */
    run_free(&r);
}

static void unwritable_out_dir(void **state)
{
    (void)state;
    run_result r = RUN("run", "scenarios/hello.lua", "--out", "/proc/rmsim-cannot");
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "cannot create folder");
    run_free(&r);
}

static void info_lists_params(void **state)
{
    (void)state;
    run_result r = RUN("info", "scenarios/hello.lua");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "scenario:    hello");
    assert_contains(r.out, "referral");
    assert_contains(r.out, "in [0, 1]");
    run_free(&r);
}

static void fit_sbg(void **state)
{
    (void)state;
    run_result r = RUN("fit", "sbg", "1000,631,468,382,326,289,262,241", "--periods", "3", "--json");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "\"alpha\": 0.704");
    assert_contains(r.out, "\"beta\": 1.18");
    assert_contains(r.out, "\"log_likelihood\": -1680.2");
    assert_contains(r.out, "\"survival\": [1, 0.626");
    run_free(&r);
    r = RUN("fit", "sbg", "1000", "631", "468", "382");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "alpha ");
    assert_contains(r.out, "period  observed  survival  retention");
    run_free(&r);
    struct { const char *data; const char *msg; int status; } bad[] = {
        /* the figures are on the command line: a usage error, 2 */
        {"100", "need at least 2 survival figures", 2},
        {"100,80,90", "survival rises from 80 to 90 at period 2", 2},
        {"100,-5", "must be a number >= 0", 2},
        {"100,100", "no churn in the data", 2},
        {"100,8x0", "'8x0' is not a number (figure 1)", 2},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        r = RUN("fit", "sbg", bad[i].data);
        assert_int_equal(r.status, bad[i].status);
        assert_contains(r.err, bad[i].msg);
        run_free(&r);
    }
    r = RUN("fit", "weibull", "1,2");
    assert_contains(r.err, "unknown model 'weibull'");
    run_free(&r);
}

static void cohort_scenario_from_lua(void **state)
{
    (void)state;
    /* rm.cohort and rm.sbg from a script: a closed cohort follows S(t) */
    const char *p = write_script(test_dir(), "cohort.lua",
        "local rm = require 'rmsim'\n"
        "rm.scenario { periods = 6 }\n"
        "local c\n"
        "function setup() c = rm.cohort { name = 'c', initial = 100000,\n"
        "  segments = { { churn = 'sbg', alpha = 1, beta = 2 } } } end\n"
        "function period(sim, t)\n"
        "  if t > 0 then\n"
        "    local got, want = c:get('active') / 1e5, rm.sbg.survival(1, 2, t - 1)\n"
        "    assert(math.abs(got - want) <= 5 * math.sqrt(want * (1 - want) / 1e5), got)\n"
        "  end\n"
        "end\n");
    run_result r = RUN("run", p, "--replicates", "3");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "replicate,period,c.active,c.acquired,c.referred,c.won_back,c.churned,c.retention");
    run_free(&r);
    const char *bad = write_script(test_dir(), "cohort_bad.lua",
        "local rm = require 'rmsim'\n"
        "function setup() rm.cohort { segments = { { churn = 'sgb' } } } end\n");
    r = RUN("run", bad);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "cohort_bad.lua:2: unknown churn model 'sgb' (did you mean 'sbg'?)");
    run_free(&r);
    bad = write_script(test_dir(), "cohort_top.lua", "local rm = require 'rmsim'\nrm.cohort {}\n");
    r = RUN("run", bad);
    assert_contains(r.err, "cohort_top.lua:2: rm.cohort: create models in setup(sim)");
    run_free(&r);
}

/* A closed cohort's report shows its survival with the sBG model fitted
 * to it; 4 x 20 000 customers from alpha 0.704, beta 1.182 fit within
 * a few hundredths. */
static void report_fits_sbg_to_closed_cohorts(void **state)
{
    (void)state;
    const char *p = write_script(test_dir(), "closed.lua",
        "local rm = require 'rmsim'\n"
        "rm.scenario { periods = 13, replicates = 4 }\n"
        "function setup() rm.cohort { name = 'regular', initial = 20000,\n"
        "  segments = { { churn = 'sbg', alpha = 0.704, beta = 1.182 } } } end\n");
    char out[300], path[400];
    snprintf(out, sizeof out, "%s/closed", test_dir());
    run_result r = RUN("run", p, "--out", out, "--quiet");
    assert_int_equal(r.status, 0);
    snprintf(path, sizeof path, "%s/report.html", out);
    char *html = slurp_file(path);
    assert_contains(html, "regular: survival of the cohort, and the sBG model fitted to it");
    const char *fit = strstr(html, "sBG fit (alpha ");
    assert_non_null(fit);
    double a = 0, b = 0;
    assert_int_equal(sscanf(fit, "sBG fit (alpha %lf, beta %lf)", &a, &b), 2);
    assert_true(fabs(a - 0.704) < 0.05 && fabs(b - 1.182) < 0.1);
    free(html);
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_and_help),
        cmocka_unit_test(csv_shape_and_determinism),
        cmocka_unit_test(set_and_periods),
        cmocka_unit_test(bad_options),
        cmocka_unit_test(bad_sets),
        cmocka_unit_test(out_dir_files),
        cmocka_unit_test(failed_run_leaves_nothing),
        cmocka_unit_test(unwritable_out_dir),
        cmocka_unit_test(info_lists_params),
        cmocka_unit_test(fit_sbg),
        cmocka_unit_test(cohort_scenario_from_lua),
        cmocka_unit_test(report_fits_sbg_to_closed_cohorts),
    };
    return cmocka_run_group_tests_name("cli", tests, setup_dir, teardown_dir);
}
