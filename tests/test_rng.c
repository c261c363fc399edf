/* test_rng.c - PCG32 against the reference, and every distribution
 * against its known mean and variance.
 *
 * Tolerances come from the sample size: a sample mean of n draws has
 * standard error sqrt(var/n), a sample variance sqrt((m4 - s^4)/n) with
 * m4 the fourth central moment (estimated from the same sample). Each
 * check allows 5 standard errors: with a new seed a correct generator
 * fails one check with probability about 6e-7. */
#include "testutil.h"

#include <math.h>

#include "rmsim/rng.h"

#define N 400000

static void reference_outputs(void **state)
{
    (void)state;
    static const uint32_t want[] = {0xa15c02b7, 0x7b47f409, 0xba1d3330,
                                    0x83d2f293, 0xbfa4784b, 0xcbed606e};
    rm_rng r;
    rm_rng_seed(&r, 42, 54);
    for (int i = 0; i < 6; i++)
        assert_int_equal(rm_rng_next(&r), want[i]);
}

static void streams_are_distinct_and_repeatable(void **state)
{
    (void)state;
    rm_rng a, b, c;
    rm_rng_seed(&a, 7, 1);
    rm_rng_seed(&b, 7, 2);
    rm_rng_seed(&c, 7, 1);
    int same = 0;
    for (int i = 0; i < 1000; i++) {
        uint32_t x = rm_rng_next(&a), y = rm_rng_next(&b);
        same += x == y;
        assert_int_equal(x, rm_rng_next(&c));
    }
    assert_true(same < 3);      /* 1000 * 2^-32 expected */
}

typedef struct moments {
    double mean, var, m4;
} moments;

static moments sample_moments(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    moments m = {s / (double)n, 0, 0};
    for (size_t i = 0; i < n; i++) {
        double d = x[i] - m.mean, d2 = d * d;
        m.var += d2;
        m.m4 += d2 * d2;
    }
    m.var /= (double)(n - 1);
    m.m4 /= (double)n;
    return m;
}

static void check_moments(const char *what, const double *x, size_t n, double mean, double var)
{
    moments m = sample_moments(x, n);
    double se_mean = sqrt(var / (double)n);
    double se_var = sqrt(fmax(m.m4 - m.var * m.var, 0.0) / (double)n);
    if (fabs(m.mean - mean) > 5 * se_mean)
        fail_msg("%s: mean %g, want %g (5 SE = %g)", what, m.mean, mean, 5 * se_mean);
    if (fabs(m.var - var) > 5 * se_var + 1e-12)
        fail_msg("%s: variance %g, want %g (5 SE = %g)", what, m.var, var, 5 * se_var);
}

static double *draws;

static int setup(void **state)
{
    (void)state;
    draws = malloc(N * sizeof *draws);
    return draws ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(draws);
    return 0;
}

static void uniform_and_below(void **state)
{
    (void)state;
    rm_rng r;
    rm_rng_seed(&r, 1, 0);
    for (int i = 0; i < N; i++) {
        draws[i] = rm_rng_uniform(&r);
        assert_true(draws[i] >= 0.0 && draws[i] < 1.0);
    }
    check_moments("uniform", draws, N, 0.5, 1.0 / 12);
    /* below(6): every face within 5 SE of N/6 */
    long count[6] = {0};
    for (int i = 0; i < N; i++)
        count[rm_rng_below(&r, 6)]++;
    double p = 1.0 / 6, se = sqrt(N * p * (1 - p));
    for (int k = 0; k < 6; k++)
        assert_true(fabs((double)count[k] - N * p) < 5 * se);
    /* a bound just above 2^31, where a plain modulo is most biased */
    uint32_t big = 0x80000001u;
    for (int i = 0; i < N; i++)
        draws[i] = (double)rm_rng_below(&r, big);
    check_moments("below(2^31+1)", draws, N, (big - 1) / 2.0, ((double)big * big - 1) / 12.0);
    for (int i = 0; i < 1000; i++) {
        assert_true(rm_rng_below64(&r, 3) < 3);
        assert_true(rm_rng_below64(&r, (1ULL << 40) + 3) < (1ULL << 40) + 3);
    }
}

static void normal(void **state)
{
    (void)state;
    rm_rng r;
    rm_rng_seed(&r, 2, 0);
    for (int i = 0; i < N; i++)
        draws[i] = rm_rng_normal(&r, 3.0, 2.0);
    check_moments("normal(3,2)", draws, N, 3.0, 4.0);
}

static void gamma(void **state)
{
    (void)state;
    const double shapes[] = {0.3, 1.0, 2.5, 50.0};
    rm_rng r;
    rm_rng_seed(&r, 3, 0);
    for (int s = 0; s < 4; s++) {
        double k = shapes[s], theta = 1.5;
        for (int i = 0; i < N; i++)
            draws[i] = rm_rng_gamma(&r, k, theta);
        char what[64];
        snprintf(what, sizeof what, "gamma(%g, 1.5)", k);
        check_moments(what, draws, N, k * theta, k * theta * theta);
    }
}

static void beta(void **state)
{
    (void)state;
    const double ab[][2] = {{0.5, 0.5}, {1, 2}, {0.1, 2}, {8, 3}, {0.01, 0.05}};
    rm_rng r;
    rm_rng_seed(&r, 4, 0);
    for (int s = 0; s < 5; s++) {
        double a = ab[s][0], b = ab[s][1];
        for (int i = 0; i < N; i++) {
            draws[i] = rm_rng_beta(&r, a, b);
            assert_true(draws[i] >= 0.0 && draws[i] <= 1.0);
        }
        char what[64];
        snprintf(what, sizeof what, "beta(%g, %g)", a, b);
        check_moments(what, draws, N, a / (a + b), a * b / ((a + b) * (a + b) * (a + b + 1)));
    }
}

static void binomial(void **state)
{
    (void)state;
    const struct { uint64_t n; double p; } cases[] = {
        {20, 0.3}, {1000, 0.4}, {1000, 0.9}, {1000000, 0.02}, {5, 0.0}, {7, 1.0}};
    rm_rng r;
    rm_rng_seed(&r, 5, 0);
    for (int s = 0; s < 6; s++) {
        uint64_t n = cases[s].n;
        double p = cases[s].p;
        for (int i = 0; i < N; i++) {
            uint64_t k = rm_rng_binomial(&r, n, p);
            assert_true(k <= n);
            draws[i] = (double)k;
        }
        char what[64];
        snprintf(what, sizeof what, "binomial(%llu, %g)", (unsigned long long)n, p);
        check_moments(what, draws, N, (double)n * p, (double)n * p * (1 - p));
    }
}

static void poisson(void **state)
{
    (void)state;
    const double lams[] = {0.5, 3.0, 50.0, 10000.0};
    rm_rng r;
    rm_rng_seed(&r, 6, 0);
    for (int s = 0; s < 4; s++) {
        for (int i = 0; i < N; i++)
            draws[i] = (double)rm_rng_poisson(&r, lams[s]);
        char what[64];
        snprintf(what, sizeof what, "poisson(%g)", lams[s]);
        check_moments(what, draws, N, lams[s], lams[s]);
    }
}

static void geometric(void **state)
{
    (void)state;
    const double ps[] = {0.9, 0.3, 0.01};
    rm_rng r;
    rm_rng_seed(&r, 7, 0);
    for (int s = 0; s < 3; s++) {
        double p = ps[s];
        for (int i = 0; i < N; i++) {
            uint64_t k = rm_rng_geometric(&r, p);
            assert_true(k >= 1);
            draws[i] = (double)k;
        }
        char what[64];
        snprintf(what, sizeof what, "geometric(%g)", p);
        check_moments(what, draws, N, 1 / p, (1 - p) / (p * p));
    }
    assert_int_equal(rm_rng_geometric(&r, 1.0), 1);
}

static void categorical(void **state)
{
    (void)state;
    const double w[] = {1, 0, 3, 6};
    long count[4] = {0};
    rm_rng r;
    rm_rng_seed(&r, 8, 0);
    for (int i = 0; i < N; i++)
        count[rm_rng_categorical(&r, w, 4)]++;
    assert_int_equal(count[1], 0);
    for (int k = 0; k < 4; k++) {
        double p = w[k] / 10.0, se = sqrt(N * p * (1 - p));
        assert_true(fabs((double)count[k] - N * p) <= 5 * se);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reference_outputs),
        cmocka_unit_test(streams_are_distinct_and_repeatable),
        cmocka_unit_test(uniform_and_below),
        cmocka_unit_test(normal),
        cmocka_unit_test(gamma),
        cmocka_unit_test(beta),
        cmocka_unit_test(binomial),
        cmocka_unit_test(poisson),
        cmocka_unit_test(geometric),
        cmocka_unit_test(categorical),
    };
    return cmocka_run_group_tests_name("rng", tests, setup, teardown);
}
