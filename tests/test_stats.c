/* test_stats.c - summaries and confidence intervals, metrics tables,
 * atomic output sets and "did you mean" suggestions. */
#include "testutil.h"

#include <math.h>

#include "rmsim/error.h"
#include "rmsim/metrics.h"
#include "rmsim/output.h"
#include "rmsim/rng.h"
#include "rmsim/stats.h"

static void summary_of_known_data(void **state)
{
    (void)state;
    double x[] = {2, 4, NAN, 4, 4, 5, 5, 7, 9};
    rm_summary s;
    rm_summarize(x, 9, 1, &s);
    assert_int_equal(s.n, 8);
    assert_float_equal(s.mean, 5.0, 1e-12);
    assert_float_equal(s.sd, sqrt(32.0 / 7), 1e-12);
    double half = 2.365 * s.sd / sqrt(8.0);     /* t(0.975, 7) = 2.365 */
    assert_float_equal(s.lo, 5.0 - half, 1e-9);
    assert_float_equal(s.hi, 5.0 + half, 1e-9);
    rm_summarize(x, 1, 1, &s);
    assert_int_equal(s.n, 1);
    assert_true(isnan(s.lo));
}

static void t_quantiles(void **state)
{
    (void)state;
    assert_float_equal(rm_t975(1), 12.706, 1e-9);
    assert_float_equal(rm_t975(30), 2.042, 1e-9);
    assert_float_equal(rm_t975(40), 2.021, 1e-3);     /* tables: 2.0211 */
    assert_float_equal(rm_t975(120), 1.980, 1e-3);    /* 1.9799 */
    assert_float_equal(rm_t975(100000), 1.95996, 1e-4);
}

/* The known answer: a 95% interval covers the true mean 95% of the
 * time. 4000 experiments of 10 normal draws; the coverage has standard
 * error sqrt(.95 * .05 / 4000) = 0.0034, and we allow 5 of them. */
static void ci_coverage(void **state)
{
    (void)state;
    rm_rng r;
    rm_rng_seed(&r, 11, 0);
    int covered = 0, trials = 4000;
    for (int k = 0; k < trials; k++) {
        double x[10];
        for (int i = 0; i < 10; i++)
            x[i] = rm_rng_normal(&r, 100.0, 15.0);
        rm_summary s;
        rm_summarize(x, 10, 1, &s);
        covered += s.lo <= 100.0 && 100.0 <= s.hi;
    }
    double rate = (double)covered / trials;
    assert_true(fabs(rate - 0.95) < 5 * 0.0034);
}

static void metrics_table(void **state)
{
    (void)state;
    rm_error err;
    rm_metrics *m = rm_metrics_new(3);
    assert_int_equal(rm_metrics_set(m, "active", 0, 10, &err), 0);
    assert_int_equal(rm_metrics_set(m, "churned", 2, 1, &err), 0);
    assert_int_equal(rm_metrics_set(m, "active", 2, 8, &err), 0);
    assert_int_equal(rm_metrics_count(m), 2);
    assert_string_equal(rm_metrics_name(m, 0), "active");
    assert_float_equal(rm_metrics_get(m, "active", 2), 8, 0);
    assert_true(isnan(rm_metrics_get(m, "active", 1)));
    assert_true(isnan(rm_metrics_get(m, "nope", 0)));
    assert_int_equal(rm_metrics_set(m, "active", 3, 1, &err), -1);
    assert_contains(err.msg, "outside 0..2");
    assert_int_equal(rm_metrics_set(m, "9lives", 0, 1, &err), -1);
    assert_contains(err.msg, "bad metric name");
    assert_int_equal(rm_metrics_set_scalar(m, "clv", 12.5, &err), 0);
    assert_float_equal(rm_metrics_scalar(m, "clv"), 12.5, 0);
    rm_metrics_free(m);
}

/* A full table: every name found again in its own column (the lookup is
 * hashed: names that collide must still be told apart), one more refused. */
static void metrics_table_full(void **state)
{
    (void)state;
    rm_error err;
    rm_metrics *m = rm_metrics_new(2);
    char name[32];
    for (int i = 0; i < RM_METRICS_MAX; i++) {
        snprintf(name, sizeof name, "m%d", i);
        assert_int_equal(rm_metrics_set(m, name, 1, i, &err), 0);
    }
    assert_int_equal(rm_metrics_set(m, "one_more", 0, 1, &err), -1);
    assert_contains(err.msg, "too many metrics");
    for (int i = RM_METRICS_MAX - 1; i >= 0; i--) {
        snprintf(name, sizeof name, "m%d", i);
        assert_int_equal(rm_metrics_set(m, name, 0, -i, &err), 0);   /* overwrites, no new column */
        assert_string_equal(rm_metrics_name(m, (size_t)i), name);
        assert_float_equal(rm_metrics_get(m, name, 1), i, 0);
        assert_float_equal(rm_metrics_get(m, name, 0), -i, 0);
    }
    assert_int_equal(rm_metrics_count(m), RM_METRICS_MAX);
    assert_true(isnan(rm_metrics_get(m, "m512", 0)));
    rm_metrics_free(m);
}

static void outset_is_all_or_nothing(void **state)
{
    (void)state;
    const char *dir = temp_dir();
    char sub[256], path[300];
    snprintf(sub, sizeof sub, "%s/a/b", dir);
    rm_error err;
    rm_outset *o = rm_outset_new(sub, &err);
    assert_non_null(o);
    FILE *f = rm_outset_file(o, "x.csv", &err);
    assert_non_null(f);
    fputs("hello\n", f);
    rm_outset_free(o);                  /* not committed: nothing stays */
    snprintf(path, sizeof path, "%s/x.csv", sub);
    assert_int_equal(access(path, F_OK), -1);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A %s)\"", sub);
    assert_int_equal(system(cmd), 0);   /* no temporaries either */

    o = rm_outset_new(sub, &err);
    f = rm_outset_file(o, "x.csv", &err);
    fputs("hello\n", f);
    assert_int_equal(rm_outset_commit(o, &err), 0);
    rm_outset_free(o);
    char *text = slurp_file(path);
    assert_string_equal(text, "hello\n");
    free(text);
    assert_null(rm_outset_new("/proc/no/such/place", &err));
    assert_contains(err.msg, "cannot create folder");
    remove_tree(dir);
}

static void suggestions(void **state)
{
    (void)state;
    const char *const names[] = {"periods", "replicates", "params", "name"};
    assert_string_equal(rm_suggest("perods", names, 4), "periods");
    assert_string_equal(rm_suggest("replicate", names, 4), "replicates");
    assert_null(rm_suggest("zzz", names, 4));
    assert_null(rm_suggest("seed", names, 4));
}

static void number_format(void **state)
{
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rm_put_number(f, -0.0, "x");
    fputc(' ', f);
    rm_put_number(f, NAN, "null");
    fputc(' ', f);
    rm_put_number(f, 1.0 / 3, "");
    fputc(' ', f);
    rm_put_json_string(f, "a\"b\n");
    fclose(f);
    assert_string_equal(buf, "0 null 0.3333333333 \"a\\\"b\\n\"");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(summary_of_known_data),
        cmocka_unit_test(t_quantiles),
        cmocka_unit_test(ci_coverage),
        cmocka_unit_test(metrics_table),
        cmocka_unit_test(outset_is_all_or_nothing),
        cmocka_unit_test(metrics_table_full),
        cmocka_unit_test(suggestions),
        cmocka_unit_test(number_format),
    };
    return cmocka_run_group_tests_name("stats", tests, NULL, NULL);
}
