/* test_market.c - the market against the closed forms and invariants it
 * must keep.
 *
 * Tolerances: without word of mouth customers choose independently, so a
 * firm's count out of N is binomial, with standard error sqrt(p(1-p)/N)
 * of its share; the difference of two firms' counts from one multinomial
 * has variance N (p_j + p_k - (p_j - p_k)^2). Checks allow 5 standard
 * errors: over the ~150 checks of a test the chance of a false failure
 * is below 1e-4. */
#include "testutil.h"

#include <math.h>

#include "rmsim/market.h"

static void within(const char *what, double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.6g, want %.6g +- %.3g", what, got, want, tol);
}

static rm_market *make(const rm_market_spec *s, rm_rng *rng)
{
    rm_error err;
    rm_market *m = rm_market_new(s, rng, &err);
    if (!m)
        fail_msg("%s", err.msg);
    return m;
}

static void step(rm_market *m, int t)
{
    rm_error err;
    if (rm_market_step(m, t, &err) < 0)
        fail_msg("%s", err.msg);
}

/* n firms, one segment, no word of mouth, no inertia. */
static rm_market_spec plain(int nfirms, long customers, int periods)
{
    rm_market_spec s = rm_market_defaults();
    s.nfirms = nfirms;
    for (int j = 0; j < nfirms; j++) {
        char name[16];
        snprintf(name, sizeof name, "f%d", j);
        s.firm[j] = rm_market_firm_defaults(name);
        s.firm[j].share = 0.8 / nfirms;
    }
    s.nsegments = 1;
    s.seg[0] = rm_market_segment_defaults("all");
    s.customers = customers;
    s.periods = periods;
    return s;
}

static void identical_firms_share_equally(void **state)
{
    (void)state;
    rm_market_spec s = plain(4, 200000, 24);
    s.seg[0].switching_cost = 1;        /* inertia on: shares still equal by symmetry */
    s.seg[0].inertia = 2;
    s.seg[0].cycle = 3;
    for (int j = 0; j < 4; j++) {
        s.firm[j].price = 2;
        s.firm[j].brand = 1;
        s.firm[j].programme = 0.5;
    }
    rm_rng rng;
    rm_rng_seed(&rng, 11, 0);
    rm_market *m = make(&s, &rng);
    double N = (double)s.customers;
    for (int t = 0; t < s.periods; t++) {
        step(m, t);
        for (int j = 0; j < 4; j++)
            for (int k = j + 1; k < 4; k++) {
                double a = rm_market_result_of(m, j, t)->customers;
                double b = rm_market_result_of(m, k, t)->customers;
                double p = (a + b) / (2 * N);
                char what[64];
                snprintf(what, sizeof what, "t=%d share f%d - f%d", t, j, k);
                within(what, (a - b) / N, 0, 5 * sqrt(2 * p / N));
            }
    }
    rm_market_free(m);
}

/* Logit shares computed here from the utilities, independently of the model. */
static void logit_shares(const rm_market_spec *s, double *p)
{
    const rm_market_segment *g = &s->seg[0];
    double sum = exp(g->outside);
    for (int j = 0; j < s->nfirms; j++) {
        const rm_firm_spec *f = &s->firm[j];
        p[j] = exp(f->brand + g->quality_w * f->quality + g->service_w * f->service -
                   g->price_w * f->price);
        sum += p[j];
    }
    for (int j = 0; j < s->nfirms; j++)
        p[j] /= sum;
}

static void shares_converge_to_logit(void **state)
{
    (void)state;
    const double cycles[] = {1, 4};
    for (int c = 0; c < 2; c++) {
        rm_market_spec s = plain(3, 300000, 80);
        s.seg[0].cycle = cycles[c];
        s.seg[0].price_w = 0.8;
        s.seg[0].outside = 0.3;
        const double price[] = {1.0, 1.5, 0.7}, quality[] = {0.6, 0.9, 0.3}, brand[] = {0, 0.4, -0.2};
        for (int j = 0; j < 3; j++) {
            s.firm[j].price = price[j];
            s.firm[j].quality = quality[j];
            s.firm[j].brand = brand[j];
        }
        double p[3];
        logit_shares(&s, p);
        rm_rng rng;
        rm_rng_seed(&rng, 21 + c, 0);
        rm_market *m = make(&s, &rng);
        double N = (double)s.customers;
        for (int t = 0; t < s.periods; t++) {
            step(m, t);
            /* with occasions every k periods the start fades as (1 - 1/k)^t:
             * below 1e-7 from t = 60 */
            if (cycles[c] > 1 && t < 60)
                continue;
            for (int j = 0; j < 3; j++) {
                char what[64];
                snprintf(what, sizeof what, "cycle %g, t=%d, firm %d", cycles[c], t, j);
                within(what, rm_market_result_of(m, j, t)->share, p[j],
                       5 * sqrt(p[j] * (1 - p[j]) / N));
            }
        }
        rm_market_free(m);
    }
}

/* Without inertia a customer's choice depends only on its own uniform,
 * and a dearer firm's interval of the cumulative walk is inside its old
 * one: on the same seed, every customer of the dearer firm was its
 * customer at the old price too, period by period. */
static void price_rise_never_gains_share_paired(void **state)
{
    (void)state;
    for (int rise = 1; rise <= 3; rise++) {
        rm_market_spec s = plain(3, 50000, 30);
        s.seg[0].cycle = 2;
        rm_market_spec v = s;
        v.firm[1].price = s.firm[1].price * (1 + 0.05 * rise);
        rm_rng r1, r2;
        rm_rng_seed(&r1, 31, 0);
        rm_rng_seed(&r2, 31, 0);
        rm_market *a = make(&s, &r1), *b = make(&v, &r2);
        for (int t = 0; t < s.periods; t++) {
            step(a, t);
            step(b, t);
            for (long i = 0; i < s.customers; i++)
                if (rm_market_supplier(b, i) == 1 && rm_market_supplier(a, i) != 1)
                    fail_msg("rise %d, t=%d: customer %ld joined the dearer firm", rise, t, i);
            assert_true(rm_market_result_of(b, 1, t)->customers <=
                        rm_market_result_of(a, 1, t)->customers);
        }
        rm_market_free(a);
        rm_market_free(b);
    }
}

/* With inertia, loyalty and word of mouth the paths part, so the claim is
 * statistical: on paired seeds the dearer firm's mean share over the run
 * is lower on every seed. A 10% rise moves the logit share by about
 * p(1-p) * price_w * 0.1 ~ 0.02 (p ~ 0.3); the noise of the difference is
 * at most that of two independent shares of 20000 customers,
 * sqrt(2 p(1-p) / N) ~ 0.0046 (pairing and averaging over periods only
 * shrink it), so each seed's difference is over 4 of them below zero. */
static void price_rise_loses_share_with_inertia(void **state)
{
    (void)state;
    for (uint64_t seed = 1; seed <= 8; seed++) {
        rm_market_spec s = plain(3, 20000, 40);
        s.seg[0].switching_cost = 0.5;
        s.seg[0].inertia = 1;
        s.seg[0].cycle = 2;
        s.wom = 2;
        s.wom_awareness = 1;
        rm_market_spec v = s;
        v.firm[0].price *= 1.1;
        rm_rng r1, r2;
        rm_rng_seed(&r1, seed, 0);
        rm_rng_seed(&r2, seed, 0);
        rm_market *a = make(&s, &r1), *b = make(&v, &r2);
        double diff = 0;
        for (int t = 0; t < s.periods; t++) {
            step(a, t);
            step(b, t);
            diff += rm_market_result_of(b, 0, t)->share - rm_market_result_of(a, 0, t)->share;
        }
        if (!(diff < 0))
            fail_msg("seed %d: the dearer firm's mean share rose by %g", (int)seed,
                     diff / s.periods);
        rm_market_free(a);
        rm_market_free(b);
    }
}

/* Every period: customers(t) = customers(t-1) + won - lost for every
 * firm and for "no supplier", the flows agree with a recount of the
 * customers, and the counts add up to the population. */
static void check_balance(rm_market_spec *s, uint64_t seed)
{
    rm_rng rng;
    rm_rng_seed(&rng, seed, 0);
    rm_market *m = make(s, &rng);
    int J = s->nfirms;
    long N = rm_market_customers(m);
    double before[RM_FIRMS_MAX + 1] = {0};
    for (long i = 0; i < N; i++) {
        int k = rm_market_supplier(m, i);
        before[k == RM_NO_FIRM ? 0 : k + 1] += 1;
    }
    for (int t = 0; t < s->periods; t++) {
        step(m, t);
        double now[RM_FIRMS_MAX + 1] = {0};
        for (long i = 0; i < N; i++) {
            int k = rm_market_supplier(m, i);
            now[k == RM_NO_FIRM ? 0 : k + 1] += 1;
        }
        double total = 0;
        for (int a = 0; a <= J; a++) {
            double in = 0, out = 0;
            for (int b = 0; b <= J; b++) {
                in += rm_market_flow(m, t, b, a);
                out += rm_market_flow(m, t, a, b);
            }
            if (before[a] + in - out != now[a])
                fail_msg("t=%d, row %d: %g + %g - %g != %g", t, a, before[a], in, out, now[a]);
            if (a > 0) {
                const rm_market_result *r = rm_market_result_of(m, a - 1, t);
                assert_true(r->customers == now[a]);
                assert_true(r->acquired == in && r->lost == out);
            }
            assert_true(rm_market_flow(m, t, a, a) == 0);
            total += now[a];
            before[a] = now[a];
        }
        assert_true(total == (double)N);
    }
    rm_market_free(m);
}

static rm_market_spec busy(int nfirms, long customers)
{
    rm_market_spec s = plain(nfirms, customers, 25);
    s.seg[0].switching_cost = 0.3;
    s.seg[0].inertia = 1;
    s.seg[0].cycle = 3;
    s.seg[0].usage = 1;
    s.nsegments = 2;
    s.seg[1] = rm_market_segment_defaults("picky");
    s.seg[1].price_w = 3;
    s.seg[1].expectation = 0.7;
    s.wom = 1.5;
    s.warn = 2;
    s.wom_awareness = 1;
    s.firm[0].subsidy = 0.4;
    s.firm[1].acquisition = 500;
    s.firm[1].contact_cost = 1;
    s.firm[nfirms - 1].quality = 0.2;
    s.firm[nfirms - 1].share = 0;
    s.firm[nfirms - 1].advertising = 0.5;
    return s;
}

static void switching_matrix_balances(void **state)
{
    (void)state;
    rm_market_spec s = busy(5, 40000);
    check_balance(&s, 41);
    /* on a network of two communities, each a segment */
    rm_network g;
    rm_rng rng;
    rm_rng_seed(&rng, 42, 1);
    rm_error err;
    const int32_t sizes[] = {6000, 4000};
    assert_int_equal(rm_network_sbm(&g, sizes, 2, 0.002, 0.0002, &rng, &err), 0);
    rm_market_spec n = busy(4, 0);
    n.network = &g;
    n.wom = 0.5;
    n.seg[0].community = 1;
    n.seg[1].community = 0;
    check_balance(&n, 43);
    rm_rng_seed(&rng, 44, 0);
    rm_market *m = make(&n, &rng);
    for (long i = 0; i < g.n; i++)
        assert_int_equal(rm_market_customer_segment(m, i), g.community[i] == 1 ? 0 : 1);
    assert_int_equal(rm_market_bytes_per_customer(m), 11);
    rm_market_free(m);
    rm_network_free(&g);
}

/* An entrant nobody knows: no customers, no advertising, no contacts.
 * Nothing can make a customer consider it, mixed or on a network. The
 * same entrant with advertising, or with sales contacts, does win
 * customers (so the check can fail). */
static double entrant_customers(const rm_network *g, double advertising, double acquisition)
{
    rm_market_spec s = plain(3, g ? 0 : 30000, 30);
    s.network = g;
    s.wom = 1;
    s.wom_awareness = 2;
    s.seg[0].cycle = 2;
    s.firm[2].share = 0;
    s.firm[2].price = 0.5;      /* the best offer, if only people knew */
    s.firm[2].quality = 0.9;
    s.firm[2].advertising = advertising;
    s.firm[2].acquisition = acquisition;
    rm_rng rng;
    rm_rng_seed(&rng, 51, 0);
    rm_market *m = make(&s, &rng);
    double most = 0;
    for (int t = 0; t < s.periods; t++) {
        step(m, t);
        most = fmax(most, rm_market_result_of(m, 2, t)->customers);
        if (advertising == 0 && acquisition == 0)
            assert_true(rm_market_result_of(m, 2, t)->awareness == 0);
    }
    rm_market_free(m);
    return most;
}

static void unknown_firm_stays_at_zero(void **state)
{
    (void)state;
    rm_network g;
    rm_rng rng;
    rm_rng_seed(&rng, 52, 1);
    rm_error err;
    assert_int_equal(rm_network_ws(&g, 20000, 4, 0.1, &rng, &err), 0);
    assert_true(entrant_customers(NULL, 0, 0) == 0);
    assert_true(entrant_customers(&g, 0, 0) == 0);
    assert_true(entrant_customers(NULL, 0.2, 0) > 100);
    assert_true(entrant_customers(NULL, 0, 200) > 100);
    assert_true(entrant_customers(&g, 0.2, 0) > 100);
    rm_network_free(&g);
}

/* Satisfaction settles at the logistic of delivered minus expected
 * quality (computed here), and loyalty follows it: customers kept in
 * place (almost no occasions) stay there. */
static void satisfaction_follows_disconfirmation(void **state)
{
    (void)state;
    rm_market_spec s = plain(2, 10000, 60);
    s.seg[0].cycle = 1e6;
    s.firm[0].quality = 0.3;
    s.firm[0].service = 0.3;
    s.firm[1].quality = 0.8;
    s.firm[1].service = 0.6;
    s.seg[0].expectation = 0.5;
    s.seg[0].tolerance = 0.1;
    rm_rng rng;
    rm_rng_seed(&rng, 61, 0);
    rm_market *m = make(&s, &rng);
    for (int t = 0; t < s.periods; t++)
        step(m, t);
    /* 16-bit fixed point rounds each step by at most 2^-16 */
    within("low firm", rm_market_result_of(m, 0, 59)->satisfaction, 1 / (1 + exp(2.0)), 1e-3);
    within("high firm", rm_market_result_of(m, 1, 59)->satisfaction, 1 / (1 + exp(-2.0)), 1e-3);
    within("loyalty", rm_market_result_of(m, 1, 59)->loyalty, 1 / (1 + exp(-2.0)), 1e-3);
    rm_market_free(m);
}

/* Word of mouth about a specific firm: firm 0 delivers above expectation
 * (its customers recommend it), firm 1 below (its leavers warn). With word
 * of mouth on, firm 0's final share beats its share without, paired on
 * the same seed, mixed and on a network; and firm 1's falls. The effect
 * is tens of points of share; the noise of a final share of 20000
 * customers is sqrt(p(1-p)/N) < 0.004 per run. */
static void word_of_mouth_helps_the_recommended_firm(void **state)
{
    (void)state;
    rm_network g;
    rm_rng nr;
    rm_rng_seed(&nr, 81, 1);
    rm_error err;
    assert_int_equal(rm_network_ws(&g, 20000, 6, 0.1, &nr, &err), 0);
    for (int net = 0; net < 2; net++) {
        double share[2][2];
        for (int on = 0; on < 2; on++) {
            rm_market_spec s = plain(2, net ? 0 : 20000, 40);
            s.network = net ? &g : NULL;
            s.seg[0].cycle = 3;
            s.seg[0].switching_cost = 0.5;
            s.firm[0].quality = s.firm[0].service = 0.8;     /* target 0.95: recommends */
            s.firm[1].quality = s.firm[1].service = 0.2;     /* target 0.05: warns */
            s.firm[1].brand = 0.6;                           /* same pull without talk */
            s.wom = on ? (net ? 0.3 : 2) : 0;
            s.warn = on ? (net ? 0.3 : 2) : 0;
            rm_rng rng;
            rm_rng_seed(&rng, 82, 0);
            rm_market *m = make(&s, &rng);
            for (int t = 0; t < s.periods; t++)
                step(m, t);
            share[on][0] = rm_market_result_of(m, 0, 39)->share;
            share[on][1] = rm_market_result_of(m, 1, 39)->share;
            assert_true(rm_market_result_of(m, 0, 39)->recommenders > 0);
            rm_market_free(m);
        }
        if (!(share[1][0] > share[0][0] + 0.02 && share[1][1] < share[0][1] - 0.02))
            fail_msg("%s: firm 0 %g -> %g, firm 1 %g -> %g with word of mouth",
                     net ? "network" : "mixed", share[0][0], share[1][0], share[0][1],
                     share[1][1]);
    }
    rm_network_free(&g);
}

/* A subsidy to the rival's customers raises the flow won from the rival
 * and costs what the firm books: subsidies = subsidy x customers won from
 * rivals, every period. */
static void subsidies_buy_switchers_and_are_booked(void **state)
{
    (void)state;
    double won[2] = {0, 0};
    for (int on = 0; on < 2; on++) {
        rm_market_spec s = plain(2, 20000, 20);
        s.seg[0].switching_cost = 1;
        s.seg[0].cycle = 2;
        s.firm[0].subsidy = on ? 0.5 : 0;
        rm_rng rng;
        rm_rng_seed(&rng, 91, 0);
        rm_market *m = make(&s, &rng);
        for (int t = 0; t < s.periods; t++) {
            step(m, t);
            double w = rm_market_flow(m, t, 2, 1);
            won[on] += w;
            assert_true(fabs(rm_market_result_of(m, 0, t)->subsidies - s.firm[0].subsidy * w) <
                        1e-9);
        }
        rm_market_free(m);
    }
    /* the subsidy adds 0.5 to a switcher's utility: the switching odds
     * rise by e^0.5 ~ 1.65; over 20 periods thousands of switches, so a
     * 30% rise is many standard errors (sqrt of a count) away */
    assert_true(won[1] > 1.3 * won[0]);
}

/* Lifetime value: the discounted margin so far over the customers the
 * firm started with and acquired, recomputed here from the results. */
static void clv_is_discounted_margin_per_customer(void **state)
{
    (void)state;
    rm_market_spec s = busy(3, 10000);
    s.discount = 0.02;
    rm_rng rng;
    rm_rng_seed(&rng, 101, 0);
    long start[3] = {0, 0, 0};
    rm_market *m = make(&s, &rng);
    for (long i = 0; i < 10000; i++) {
        int k = rm_market_supplier(m, i);
        if (k != RM_NO_FIRM)
            start[k]++;
    }
    double disc[3] = {0, 0, 0}, acq[3] = {0, 0, 0};
    for (int t = 0; t < s.periods; t++) {
        step(m, t);
        for (int j = 0; j < 3; j++) {
            const rm_market_result *r = rm_market_result_of(m, j, t);
            disc[j] += r->margin / pow(1.02, t);
            acq[j] += r->acquired;
            within("clv", r->clv, disc[j] / ((double)start[j] + acq[j]), 1e-9 * fabs(r->clv) + 1e-9);
        }
    }
    rm_market_free(m);
}

static void same_seed_same_result(void **state)
{
    (void)state;
    rm_market_spec s = busy(4, 20000);
    rm_rng r1, r2;
    rm_rng_seed(&r1, 71, 3);
    rm_rng_seed(&r2, 71, 3);
    rm_market *a = make(&s, &r1), *b = make(&s, &r2);
    for (int t = 0; t < s.periods; t++) {
        step(a, t);
        step(b, t);
        for (int j = 0; j < 4; j++)
            assert_memory_equal(rm_market_result_of(a, j, t), rm_market_result_of(b, j, t),
                                sizeof(rm_market_result));
    }
    rm_market_free(a);
    rm_market_free(b);
}

static void bad_specs_are_refused(void **state)
{
    (void)state;
    rm_rng rng;
    rm_rng_seed(&rng, 1, 0);
    rm_error err;
    rm_market_spec s = plain(2, 100, 5);
    s.firm[0].share = 0.9;
    s.firm[1].share = 0.2;
    assert_null(rm_market_new(&s, &rng, &err));
    assert_non_null(strstr(err.msg, "add up to"));
    s = plain(2, 100, 5);
    s.seg[0].cycle = 0.5;
    assert_null(rm_market_new(&s, &rng, &err));
    assert_non_null(strstr(err.msg, "cycle"));
    s = plain(2, 100, 5);
    strcpy(s.firm[1].name, "f0");
    assert_null(rm_market_new(&s, &rng, &err));
    s = plain(2, 100, 5);
    s.firm[0].price = NAN;
    assert_null(rm_market_new(&s, &rng, &err));
    s = plain(2, 100, 5);
    rm_market *m = make(&s, &rng);
    rm_firm_spec f = *rm_market_firm(m, 0);
    f.subsidy = -1;
    assert_int_equal(rm_market_set_firm(m, 0, &f, &err), -1);
    assert_int_equal(rm_market_step(m, 1, &err), -1);
    rm_market_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(identical_firms_share_equally),
        cmocka_unit_test(shares_converge_to_logit),
        cmocka_unit_test(price_rise_never_gains_share_paired),
        cmocka_unit_test(price_rise_loses_share_with_inertia),
        cmocka_unit_test(switching_matrix_balances),
        cmocka_unit_test(unknown_firm_stays_at_zero),
        cmocka_unit_test(satisfaction_follows_disconfirmation),
        cmocka_unit_test(word_of_mouth_helps_the_recommended_firm),
        cmocka_unit_test(subsidies_buy_switchers_and_are_booked),
        cmocka_unit_test(clv_is_discounted_margin_per_customer),
        cmocka_unit_test(same_seed_same_result),
        cmocka_unit_test(bad_specs_are_refused),
    };
    return cmocka_run_group_tests_name("market", tests, NULL, NULL);
}
