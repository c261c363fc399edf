/* test_cohort.c - cohorts against the closed forms they must match, and
 * the sBG fit against published estimates and data from the model.
 *
 * Tolerances: a surviving count out of N is binomial, so its share has
 * standard error sqrt(S (1 - S) / N); checks allow 5 of them. Mean
 * discounted lifetimes are bounded in [1, 1/(1-delta)], so their
 * standard deviation is at most half that range. */
#include "testutil.h"

#include <math.h>

#include "rmsim/cohort.h"
#include "rmsim/sbg.h"

static rm_cohort *one_segment(rm_rng *rng, rm_churn_model m, double a, double b, long n, int periods)
{
    rm_cohort_spec s = rm_cohort_defaults();
    s.nsegments = 1;
    s.seg[0] = rm_segment_defaults("all");
    s.seg[0].churn = m;
    s.seg[0].alpha = a;
    s.seg[0].beta = b;
    if (m == RM_CHURN_CONSTANT)
        s.seg[0].rate = a;
    s.initial = n;
    s.periods = periods;
    rm_error err;
    rm_cohort *c = rm_cohort_new(&s, rng, &err);
    if (!c)
        fail_msg("%s", err.msg);
    return c;
}

static void check_share(const char *what, double count, double n, double p)
{
    within(what, count / n, p, 5 * sqrt(p * (1 - p) / n) + 1e-12);
}

static void sbg_cohort_follows_closed_form(void **state)
{
    (void)state;
    const double ab[][2] = {{1.0, 2.0}, {0.704, 1.182}, {5.0, 30.0}};
    for (int k = 0; k < 3; k++) {
        rm_rng rng;
        rm_rng_seed(&rng, 100 + k, 0);
        long N = 400000;
        rm_cohort *c = one_segment(&rng, RM_CHURN_SBG, ab[k][0], ab[k][1], N, 24);
        rm_error err;
        for (int t = 0; t < 24; t++) {
            assert_int_equal(rm_cohort_step(c, t, &err), 0);
            const rm_cohort_period *p = rm_cohort_result(c, -1, t);
            char what[64];
            snprintf(what, sizeof what, "sBG(%g,%g) S(%d)", ab[k][0], ab[k][1], t);
            check_share(what, p->active, (double)N, rm_sbg_survival(ab[k][0], ab[k][1], t));
        }
        rm_cohort_free(c);
    }
}

/* Both ways a customer's leave period is kept: 16 bits for horizons
 * under 65535 periods, 32 beyond (the first 20 periods of 70000). */
static void constant_hazard_and_policy_redraw(void **state)
{
    (void)state;
    const int horizons[] = {20, 70000};
    for (int h = 0; h < 2; h++) {
        rm_rng rng;
        rm_rng_seed(&rng, 7, 0);
        long N = 400000;
        double p = 0.2;
        rm_cohort *c = one_segment(&rng, RM_CHURN_CONSTANT, p, 0, N, horizons[h]);
        assert_int_equal(rm_cohort_bytes_per_customer(c), h == 0 ? 2 : 4);
        rm_error err;
        for (int t = 0; t < 20; t++) {
            if (t == 8)     /* a retention programme halves the hazard from period 8 */
                assert_int_equal(rm_cohort_set(c, 0, RM_POLICY_HAZARD_FACTOR, 0.5, &err), 0);
            assert_int_equal(rm_cohort_step(c, t, &err), 0);
            double want = t <= 8 ? pow(1 - p, t) : pow(1 - p, 8) * pow(1 - p / 2, t - 8);
            check_share("constant hazard", rm_cohort_result(c, -1, t)->active, (double)N, want);
        }
        rm_cohort_free(c);
    }
}

/* Redrawing from the posterior Beta(alpha, beta + tenure) with the same
 * hazard must leave the sBG curve where it was. */
static void sbg_posterior_redraw_keeps_the_curve(void **state)
{
    (void)state;
    rm_rng rng;
    rm_rng_seed(&rng, 8, 0);
    long N = 400000;
    rm_cohort *c = one_segment(&rng, RM_CHURN_SBG, 1.0, 3.0, N, 20);
    rm_error err;
    for (int t = 0; t < 20; t++) {
        if (t == 5)
            assert_int_equal(rm_cohort_set(c, 0, RM_POLICY_HAZARD_FACTOR, 1.0 + 1e-12, &err), 0);
        assert_int_equal(rm_cohort_step(c, t, &err), 0);
        check_share("sBG after redraw", rm_cohort_result(c, -1, t)->active, (double)N,
                    rm_sbg_survival(1.0, 3.0, t));
    }
    rm_cohort_free(c);
}

static void simulated_clv_matches_closed_form(void **state)
{
    (void)state;
    rm_rng rng;
    rm_rng_seed(&rng, 9, 0);
    long N = 200000;
    int H = 60;
    rm_cohort_spec s = rm_cohort_defaults();
    s.nsegments = 1;
    s.seg[0] = rm_segment_defaults("all");
    s.seg[0].churn = RM_CHURN_SBG;
    s.seg[0].alpha = 1.2;
    s.seg[0].beta = 3.5;
    s.seg[0].spend = 10;
    s.seg[0].margin = 0.3;
    s.discount = 0.02;
    s.initial = N;
    s.periods = H;
    rm_error err;
    rm_cohort *c = rm_cohort_new(&s, &rng, &err);
    for (int t = 0; t < H; t++)
        assert_int_equal(rm_cohort_step(c, t, &err), 0);
    double want = 3.0 * rm_sbg_del(1.2, 3.5, 0.02, H);
    double range = 3.0 * (1 / (1 - 1 / 1.02) - 1);
    within("sBG CLV", rm_cohort_result(c, -1, H - 1)->clv, want, 5 * (range / 2) / sqrt((double)N));
    rm_cohort_free(c);
}

static void acquisition_referral_and_winback(void **state)
{
    (void)state;
    rm_rng rng;
    rm_rng_seed(&rng, 10, 0);
    rm_cohort_spec s = rm_cohort_defaults();
    s.nsegments = 1;
    s.seg[0] = rm_segment_defaults("all");
    s.seg[0].rate = 0.1;
    s.seg[0].winback = 0.25;
    s.acquisition_budget = 1050;
    s.acquisition_cost = 100;       /* 10.5 customers a period */
    s.periods = 200;
    rm_error err;
    rm_cohort *c = rm_cohort_new(&s, &rng, &err);
    double acquired = 0, won = 0, pool = 0, expect_won = 0, var_won = 0;
    for (int t = 0; t < 200; t++) {
        assert_int_equal(rm_cohort_step(c, t, &err), 0);
        const rm_cohort_period *p = rm_cohort_result(c, -1, t);
        assert_true(p->acquired == 10 || p->acquired == 11);
        acquired += p->acquired;
        won += p->won_back;
        expect_won += 0.25 * pool;
        var_won += 0.25 * 0.75 * pool;
        pool += p->churned - p->won_back;
        /* margin pays for the acquisitions */
        within("margin", p->margin, p->revenue - 100 * p->acquired, 1e-9);
    }
    within("budget acquisitions", acquired / 200, 10.5, 5 * 0.5 / sqrt(200));
    within("win-back", won, expect_won, 5 * sqrt(var_won));
    rm_cohort_free(c);

    /* referrals: each active customer refers 0.1 a period (Poisson) */
    rm_rng_seed(&rng, 11, 0);
    s = rm_cohort_defaults();
    s.nsegments = 1;
    s.seg[0] = rm_segment_defaults("all");
    s.seg[0].rate = 0.0;
    s.seg[0].referral = 0.1;
    s.initial = 10000;
    s.periods = 2;
    c = rm_cohort_new(&s, &rng, &err);
    rm_cohort_step(c, 0, &err);
    rm_cohort_step(c, 1, &err);
    within("referrals", rm_cohort_result(c, -1, 1)->referred, 1000, 5 * sqrt(1000));
    rm_cohort_free(c);
}

static void satisfaction_drives_retention(void **state)
{
    (void)state;
    double retention[2], satisfaction[2];
    for (int k = 0; k < 2; k++) {
        rm_rng rng;
        rm_rng_seed(&rng, 12, 0);
        rm_cohort_spec s = rm_cohort_defaults();
        s.nsegments = 1;
        s.seg[0] = rm_segment_defaults("b2b");
        s.seg[0].churn = RM_CHURN_SATISFACTION;
        s.seg[0].rate = 0.05;
        s.seg[0].quality = k ? 0.9 : 0.4;
        s.initial = 50000;
        s.periods = 30;
        rm_error err;
        rm_cohort *c = rm_cohort_new(&s, &rng, &err);
        for (int t = 0; t < 30; t++)
            assert_int_equal(rm_cohort_step(c, t, &err), 0);
        const rm_cohort_period *p = rm_cohort_result(c, -1, 29);
        retention[k] = p->retention;
        satisfaction[k] = p->satisfaction;
        rm_cohort_free(c);
    }
    /* satisfaction settles at the service quality (the uniform noise
     * is symmetric; clamping at 1 pulls the high case down a little) */
    within("satisfaction, low quality", satisfaction[0], 0.4, 0.02);
    within("satisfaction, high quality", satisfaction[1], 0.9, 0.03);
    /* hazard = 0.05 exp(3 (0.5 - loyalty)), loyalty ~ satisfaction */
    within("retention, low quality", retention[0], 1 - 0.05 * exp(3 * 0.1), 0.01);
    within("retention, high quality", retention[1], 1 - 0.05 * exp(-3 * 0.4), 0.01);
}

static void bad_specs_are_refused(void **state)
{
    (void)state;
    rm_rng rng;
    rm_rng_seed(&rng, 1, 0);
    rm_cohort_spec s = rm_cohort_defaults();
    s.nsegments = 1;
    s.seg[0] = rm_segment_defaults("x");
    s.seg[0].rate = 1.5;
    rm_error err;
    assert_null(rm_cohort_new(&s, &rng, &err));
    assert_contains(err.msg, "segment 'x': rate must be in [0, 1] (got 1.5)");
    s.seg[0].rate = 0.1;
    s.acquisition_budget = 10;
    assert_null(rm_cohort_new(&s, &rng, &err));
    assert_contains(err.msg, "needs an acquisition cost");
    s.acquisition_budget = 0;
    s.capacity = 10;
    s.initial = 11;
    rm_cohort *c = rm_cohort_new(&s, &rng, &err);
    assert_non_null(c);
    assert_int_equal(rm_cohort_step(c, 0, &err), -1);
    assert_contains(err.msg, "capacity of 10 customers reached");
    rm_cohort_free(c);
}

/* Fader & Hardie (2007), Table 1: the "regular" and "high end" segments,
 * 7 years of survival; their estimates are alpha 0.704, beta 1.182 and
 * alpha 0.668, beta 3.806, with log-likelihoods -1680.3 and -1611.2. */
static void fit_reproduces_published_estimates(void **state)
{
    (void)state;
    double regular[] = {1000, 631, 468, 382, 326, 289, 262, 241};
    double high_end[] = {1000, 869, 743, 653, 593, 551, 517, 491};
    rm_sbg_fit f;
    rm_error err;
    assert_int_equal(rm_sbg_fit_data(regular, 8, &f, &err), 0);
    within("regular alpha", f.alpha, 0.704, 0.0005);
    within("regular beta", f.beta, 1.182, 0.0005);
    within("regular LL", f.loglik, -1680.3, 0.05);
    assert_int_equal(rm_sbg_fit_data(high_end, 8, &f, &err), 0);
    within("high end alpha", f.alpha, 0.668, 0.0005);
    within("high end beta", f.beta, 3.806, 0.0005);
    within("high end LL", f.loglik, -1611.2, 0.05);
    /* percentages give the same estimates */
    double pct[] = {100, 63.1, 46.8, 38.2, 32.6, 28.9, 26.2, 24.1};
    assert_int_equal(rm_sbg_fit_data(pct, 8, &f, &err), 0);
    within("percent alpha", f.alpha, 0.704, 0.0005);
}

/* Data simulated from known alpha, beta: the estimates land within 4
 * of their own standard errors. */
static void fit_recovers_simulated_parameters(void **state)
{
    (void)state;
    const double ab[][2] = {{0.5, 1.5}, {2.0, 6.0}, {3.0, 1.0}};
    for (int k = 0; k < 3; k++) {
        rm_rng rng;
        rm_rng_seed(&rng, 20 + k, 0);
        rm_cohort *c = one_segment(&rng, RM_CHURN_SBG, ab[k][0], ab[k][1], 20000, 10);
        rm_error err;
        double s[10];
        for (int t = 0; t < 10; t++) {
            rm_cohort_step(c, t, &err);
            s[t] = rm_cohort_result(c, -1, t)->active;
        }
        rm_cohort_free(c);
        rm_sbg_fit f;
        assert_int_equal(rm_sbg_fit_data(s, 10, &f, &err), 0);
        assert_true(isfinite(f.alpha_se) && isfinite(f.beta_se));
        within("alpha", f.alpha, ab[k][0], 4 * f.alpha_se);
        within("beta", f.beta, ab[k][1], 4 * f.beta_se);
    }
}

static void fit_rejects_bad_data(void **state)
{
    (void)state;
    rm_sbg_fit f;
    rm_error err;
    double one[] = {100};
    assert_int_equal(rm_sbg_fit_data(one, 1, &f, &err), -1);
    assert_contains(err.msg, "need at least 2 survival figures");
    double up[] = {100, 80, 90};
    assert_int_equal(rm_sbg_fit_data(up, 3, &f, &err), -1);
    assert_contains(err.msg, "survival rises from 80 to 90 at period 2");
    double neg[] = {100, -1};
    assert_int_equal(rm_sbg_fit_data(neg, 2, &f, &err), -1);
    assert_contains(err.msg, "must be a number >= 0");
    double flat[] = {100, 100, 100};
    assert_int_equal(rm_sbg_fit_data(flat, 3, &f, &err), -1);
    assert_contains(err.msg, "no churn in the data");
    double nan[] = {100, NAN};
    assert_int_equal(rm_sbg_fit_data(nan, 2, &f, &err), -1);
}

static void closed_forms(void **state)
{
    (void)state;
    /* alpha = 1, beta = 2: S(t) = 2 / (t + 2) */
    for (int t = 0; t < 10; t++)
        within("S(t)", rm_sbg_survival(1, 2, t), 2.0 / (t + 2), 1e-12);
    /* DEL with no discount over 3 periods: 1 + 2/3 + 2/4 */
    within("DEL", rm_sbg_del(1, 2, 0, 3), 1 + 2.0 / 3 + 0.5, 1e-12);
    /* alpha = 1, beta = 1: S(t) = 1/(t+1), DEL = -ln(1 - d)/d at d = 1/(1+r) */
    double delta = 1 / 1.1;
    within("DEL infinite", rm_sbg_del(1, 1, 0.1, 0), -log(1 - delta) / delta, 1e-9);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sbg_cohort_follows_closed_form),
        cmocka_unit_test(constant_hazard_and_policy_redraw),
        cmocka_unit_test(sbg_posterior_redraw_keeps_the_curve),
        cmocka_unit_test(simulated_clv_matches_closed_form),
        cmocka_unit_test(acquisition_referral_and_winback),
        cmocka_unit_test(satisfaction_drives_retention),
        cmocka_unit_test(bad_specs_are_refused),
        cmocka_unit_test(fit_reproduces_published_estimates),
        cmocka_unit_test(fit_recovers_simulated_parameters),
        cmocka_unit_test(fit_rejects_bad_data),
        cmocka_unit_test(closed_forms),
    };
    return cmocka_run_group_tests_name("cohort", tests, NULL, NULL);
}
