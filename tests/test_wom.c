/* test_wom.c - networks against their known statistics, diffusion
 * against the Bass recursion and exact small cases, edge-list errors.
 * Tolerances: 5 standard errors from the sample sizes, stated per test. */
#include "testutil.h"

#include <math.h>

#include "rmsim/network.h"
#include "rmsim/wom.h"


/* E[A(t)] of the stochastic mixed model is the discrete Bass recursion
 * A(t+1) = A(t) + (p + q A(t)/N)(N - A(t)), up to a bias of order q per
 * period from Var(A): the tolerance is 5 standard errors of the mean
 * over replicates plus 10 people. */
static void mixed_bass_matches_the_recursion(void **state)
{
    (void)state;
    const double pq[][2] = {{0.03, 0.38}, {0.01, 0.6}, {0.1, 0.1}};
    int N = 200000, R = 10, T = 25;
    for (int c = 0; c < 3; c++) {
        double sum[25] = {0}, sum2[25] = {0};
        for (int r = 0; r < R; r++) {
            rm_rng rng;
            rm_rng_seed(&rng, 7, (uint64_t)r);
            rm_wom_spec s = rm_wom_defaults();
            s.p = pq[c][0];
            s.q = pq[c][1];
            s.periods = T;
            rm_error err;
            rm_wom *w = rm_wom_new(&s, NULL, N, &rng, &err);
            assert_non_null(w);
            for (int t = 0; t < T; t++) {
                assert_int_equal(rm_wom_step(w, t, &err), 0);
                double a = rm_wom_result(w, t)->adopters;
                sum[t] += a;
                sum2[t] += a * a;
            }
            rm_wom_free(w);
        }
        double A = 0;
        for (int t = 0; t < T; t++) {
            A += (pq[c][0] + pq[c][1] * A / N) * (N - A);
            double mean = sum[t] / R, sd = sqrt(fmax(0, (sum2[t] - R * mean * mean) / (R - 1)));
            char what[64];
            snprintf(what, sizeof what, "Bass p=%g q=%g t=%d", pq[c][0], pq[c][1], t);
            within(what, mean, A, 5 * sd / sqrt(R) + 10);
        }
    }
}

static void generators_have_their_statistics(void **state)
{
    (void)state;
    rm_rng rng;
    rm_rng_seed(&rng, 3, 0);
    rm_network g;
    rm_error err;
    /* Erdos-Renyi: edges ~ Binomial(n(n-1)/2, p); mean degree 2E/n */
    int n = 20000;
    assert_int_equal(rm_network_er(&g, n, 8, &rng, &err), 0);
    double pairs = (double)n * (n - 1) / 2, p = 8.0 / (n - 1);
    within("ER mean degree", (double)g.m / n, 8, 5 * 2 * sqrt(pairs * p * (1 - p)) / n);
    rm_network_free(&g);
    /* Watts-Strogatz: C(beta) ~ C(0) (1 - beta)^3, C(0) = 3(k-2)/(4(k-1))
     * (Barrat & Weigt 2000); the approximation is good to about 0.02 */
    assert_int_equal(rm_network_ws(&g, n, 10, 0.0, &rng, &err), 0);
    within("WS clustering at beta 0", rm_network_clustering(&g), 3.0 * 8 / (4 * 9), 1e-12);
    rm_network_free(&g);
    assert_int_equal(rm_network_ws(&g, n, 10, 0.1, &rng, &err), 0);
    within("WS clustering at beta 0.1", rm_network_clustering(&g), 3.0 * 8 / (4 * 9) * pow(0.9, 3), 0.02);
    within("WS mean degree", (double)g.m / n, 10, 0.05);
    rm_network_free(&g);
    /* Barabasi-Albert: P(K >= k) = m(m+1)/(k(k+1)) (Dorogovtsev et al.
     * 2000); finite size bends the far tail, so 15% at k = 2m .. 8m */
    int m = 3;
    n = 200000;
    assert_int_equal(rm_network_ba(&g, n, m, &rng, &err), 0);
    within("BA mean degree", (double)g.m / n, 2 * m, 0.01);
    for (int k = 2 * m; k <= 8 * m; k *= 2) {
        int64_t at_least = 0;
        for (int32_t i = 0; i < n; i++)
            at_least += rm_degree(&g, i) >= k;
        double want = (double)m * (m + 1) / ((double)k * (k + 1));
        char what[64];
        snprintf(what, sizeof what, "BA P(K >= %d)", k);
        within(what, (double)at_least / n, want, 0.15 * want);
    }
    rm_network_free(&g);
    /* block model: links within blocks at p_in, between at p_out */
    int32_t sizes[2] = {4000, 6000};
    assert_int_equal(rm_network_sbm(&g, sizes, 2, 0.005, 0.0005, &rng, &err), 0);
    int64_t in = 0, out = 0;
    for (int32_t i = 0; i < g.n; i++)
        for (int64_t e = g.offset[i]; e < g.offset[i + 1]; e++)
            *(g.community[i] == g.community[g.adj[e]] ? &in : &out) += 1;
    double pin = 4000.0 * 3999 / 2 + 6000.0 * 5999 / 2, pout = 4000.0 * 6000;
    within("SBM within", (double)in / 2, pin * 0.005, 5 * sqrt(pin * 0.005));
    within("SBM between", (double)out / 2, pout * 0.0005, 5 * sqrt(pout * 0.0005));
    assert_int_equal(g.ncommunities, 2);
    rm_network_free(&g);
}

/* A ring where each person knows the two next to them, threshold 1/2,
 * no advertising: one seed converts two people a period, exactly. */
static void threshold_on_a_ring_is_exact(void **state)
{
    (void)state;
    rm_rng rng;
    rm_rng_seed(&rng, 1, 0);
    rm_network g;
    rm_error err;
    assert_int_equal(rm_network_ws(&g, 1001, 2, 0.0, &rng, &err), 0);
    rm_wom_spec s = rm_wom_defaults();
    s.model = RM_WOM_THRESHOLD;
    s.p = 0;
    s.threshold = 0.5;
    s.periods = 10;
    rm_wom *w = rm_wom_new(&s, &g, 0, &rng, &err);
    int32_t seed = 500;
    assert_int_equal(rm_wom_seed_nodes(w, &seed, 1, &err), 0);
    for (int t = 0; t < 10; t++) {
        assert_int_equal(rm_wom_step(w, t, &err), 0);
        assert_float_equal(rm_wom_result(w, t)->adopters, 1 + 2 * (t + 1), 0);
        assert_float_equal(rm_wom_result(w, t)->edges, 2 * 2, 0);   /* two adopters, degree 2 */
    }
    rm_wom_free(w);
    rm_network_free(&g);
}

/* A star read from an edge list: the seeded centre gets one chance q per
 * leaf (Binomial(leaves, q)), and the leaves have no one else to tell. */
static void cascade_on_a_star(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "%s/star.csv", test_dir());
    FILE *f = fopen(path, "w");
    fprintf(f, "# a star: node 0 in the middle\n");
    for (int i = 1; i <= 10000; i++)
        fprintf(f, "0,%d\n", i);
    fclose(f);
    rm_network g;
    rm_error err;
    assert_int_equal(rm_network_load(&g, path, 0, &err), 0);
    assert_int_equal(g.n, 10001);
    assert_int_equal(rm_degree(&g, 0), 10000);
    rm_rng rng;
    rm_rng_seed(&rng, 5, 0);
    rm_wom_spec s = rm_wom_defaults();
    s.model = RM_WOM_CASCADE;
    s.p = 0;
    s.q = 0.3;
    s.periods = 3;
    rm_wom *w = rm_wom_new(&s, &g, 0, &rng, &err);
    assert_int_equal(rm_wom_seed_degree(w, 1), 0);    /* the centre */
    for (int t = 0; t < 3; t++)
        rm_wom_step(w, t, &err);
    /* the seed tells its leaves in period 0; they have no one else */
    within("leaves convinced", rm_wom_result(w, 0)->new_adopters, 3000, 5 * sqrt(10000 * 0.3 * 0.7));
    assert_float_equal(rm_wom_result(w, 1)->new_adopters, 0, 0);
    assert_float_equal(rm_wom_result(w, 2)->new_adopters, 0, 0);
    rm_wom_free(w);
    rm_network_free(&g);
}

/* Detractors (every leaver, here) cut neighbours' adoption: over 10
 * paired replicates the people ever reached fall by more than 3
 * standard errors of the mean paired difference. 30 periods, so that
 * the effect (about 10 standard errors) does not hang on how long the
 * two runs of a pair keep drawing the same numbers. */
static void negative_word_of_mouth_slows_adoption(void **state)
{
    (void)state;
    double d[10], mean = 0, var = 0;
    for (int r = 0; r < 10; r++) {
        double ever[2];
        for (int k = 0; k < 2; k++) {
            rm_rng rng;
            rm_rng_seed(&rng, 9, (uint64_t)r);
            rm_network g;
            rm_error err;
            rm_network_ba(&g, 20000, 4, &rng, &err);
            rm_wom_spec s = rm_wom_defaults();
            s.p = 0.002;
            s.q = 0.3;
            s.churn = 0.1;
            s.dissatisfied = 1;
            s.deterrence = k ? 1 : 0;
            s.periods = 30;
            rm_wom *w = rm_wom_new(&s, &g, 0, &rng, &err);
            rm_wom_seed_random(w, 50);
            for (int t = 0; t < 30; t++)
                rm_wom_step(w, t, &err);
            ever[k] = rm_wom_result(w, 29)->ever;
            assert_true(rm_wom_result(w, 29)->detractors > 0);
            assert_true(rm_wom_result(w, 29)->reach > 0);
            rm_wom_free(w);
            rm_network_free(&g);
        }
        d[r] = ever[0] - ever[1];
        mean += d[r] / 10;
    }
    for (int r = 0; r < 10; r++)
        var += (d[r] - mean) * (d[r] - mean) / 9;
    assert_true(mean > 3 * sqrt(var / 10));
}

static void edge_list_errors(void **state)
{
    (void)state;
    struct { const char *text; int nodes; const char *msg; } cases[] = {
        {"0,1\n2\n", 0, ":2: expected two node ids \"from,to\" (the second is missing)"},
        {"0,1\n-3,2\n", 0, ":2: negative node id"},
        {"# header\n0,1\n1,7\n", 5, ":3: unknown node id 7 (the network has 5 nodes: 0..4)"},
        {"0,1\nx,y\n", 0, ":2: expected two node ids"},
        {"0,1 extra\n", 0, ":1: unexpected text after \"from,to\""},
        {"0,999999999999\n", 0, ":1: node id above"},
        {"# nothing\n", 0, "no edges in the file"},
        {"0,1\n1,5000000\n", 0, "node ids go up to 5000000 for only 2 links"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *path = write_script(test_dir(), "edges.csv", cases[i].text);
        rm_network g;
        rm_error err;
        assert_int_equal(rm_network_load(&g, path, cases[i].nodes, &err), -1);
        assert_contains(err.msg, cases[i].msg);
        assert_contains(err.msg, "edges.csv");
    }
    rm_network g;
    rm_error err;
    assert_int_equal(rm_network_load(&g, "/no/such/edges.csv", 0, &err), -1);
    assert_contains(err.msg, "cannot read");
    /* tabs, spaces, comments and repeated or self links are fine */
    const char *path = write_script(test_dir(), "ok.csv", "0 1\n1,2 # friend\n2,1\n3,3\n\n");
    assert_int_equal(rm_network_load(&g, path, 0, &err), 0);
    assert_int_equal(g.n, 4);
    assert_int_equal(g.m, 4);       /* 0-1 and 1-2, both ways */
    rm_network_free(&g);
}

static void from_lua(void **state)
{
    (void)state;
    write_script(test_dir(), "pairs.csv", "0,1\n1,2\n2,3\n");
    const char *p = write_script(test_dir(), "wom.lua",
        "local rm = require 'rmsim'\n"
        "rm.scenario { periods = 5 }\n"
        "local w\n"
        "function setup()\n"
        "  local net = rm.network { model = 'file', file = 'pairs.csv' }\n"
        "  assert(net:nodes() == 4 and net:links() == 3 and net:degree(1) == 2)\n"
        "  w = rm.wom { network = net, model = 'threshold', threshold = 0.5, p = 0, seeds = 1,\n"
        "               seeding = function(node) return -node end }\n"
        "end\n"
        "function period(sim, t) if t > 0 then assert(w:get('adopters') == math.min(t + 1, 4)) end end\n");
    run_result r = run_rmsim((const char *const[]){"run", p, NULL});
    if (r.status != 0)
        fail_msg("%s", r.err);
    assert_contains(r.out, "wom.adopters");
    run_free(&r);
    p = write_script(test_dir(), "wom_bad.lua",
        "local rm = require 'rmsim'\n"
        "function setup() rm.network { model = 'file', file = '../../etc/passwd' } end\n");
    r = run_rmsim((const char *const[]){"run", p, NULL});
    assert_contains(r.err, "wom_bad.lua:2: rm.network: file must be a path inside the scenario's folder");
    run_free(&r);
}

/* On a complete graph a_i/k_i = A/(N-1) for everyone who has not
 * adopted, so the network Bass model has the mixed model's mean
 * A(t+1) = A(t) + (p + q A(t)/(N-1))(N - A(t)); the frontier here is long
 * and walked as a pass over everyone. Tolerance: 5 standard errors of
 * the mean over replicates plus 5 people (the recursion's bias from
 * Var(A), as in the mixed test). */
static void network_bass_on_a_complete_graph(void **state)
{
    (void)state;
    int N = 1000, R = 12, T = 15;
    double p = 0.03, q = 0.38, sum[15] = {0}, sum2[15] = {0};
    rm_rng rng;
    rm_rng_seed(&rng, 11, 0);
    rm_network g;
    rm_error err;
    assert_int_equal(rm_network_er(&g, N, N - 1, &rng, &err), 0);
    assert_int_equal(g.m, (int64_t)N * (N - 1));
    for (int r = 0; r < R; r++) {
        rm_rng_seed(&rng, 11, (uint64_t)r + 1);
        rm_wom_spec s = rm_wom_defaults();
        s.p = p;
        s.q = q;
        s.periods = T;
        rm_wom *w = rm_wom_new(&s, &g, 0, &rng, &err);
        assert_non_null(w);
        for (int t = 0; t < T; t++) {
            assert_int_equal(rm_wom_step(w, t, &err), 0);
            double a = rm_wom_result(w, t)->adopters;
            sum[t] += a;
            sum2[t] += a * a;
        }
        rm_wom_free(w);
    }
    double A = 0;
    for (int t = 0; t < T; t++) {
        A += (p + q * A / (N - 1)) * (N - A);
        double mean = sum[t] / R, sd = sqrt(fmax(0, (sum2[t] - R * mean * mean) / (R - 1)));
        char what[64];
        snprintf(what, sizeof what, "complete graph t=%d", t);
        within(what, mean, A, 5 * sd / sqrt(R) + 5);
    }
    rm_network_free(&g);
}

/* Innovation and churn alone (q = 0) on a sparse network: people are
 * drawn without replacement from those who have not adopted (binomial
 * count p (N - ever)) and leavers from the adopters (churn A), so
 * E[ever(t)] = N (1 - (1 - p)^(t+1)) and E[A(t)] = (1 - c) E[A(t-1)] +
 * p (N - E[ever(t-1)]). Small p and c draw ids at random; large ones
 * (more than half the set) pass over everyone. Tolerance: 5 standard
 * errors of a binomial N/4 plus 1. */
static void innovation_and_churn_draw_without_replacement(void **state)
{
    (void)state;
    const double pc[][2] = {{0.02, 0.1}, {0.6, 0.7}};
    int N = 50000, T = 12;
    for (int c = 0; c < 2; c++) {
        rm_rng rng;
        rm_rng_seed(&rng, 13, (uint64_t)c);
        rm_network g;
        rm_error err;
        assert_int_equal(rm_network_ba(&g, N, 3, &rng, &err), 0);
        rm_wom_spec s = rm_wom_defaults();
        s.p = pc[c][0];
        s.q = 0;
        s.churn = pc[c][1];
        s.periods = T;
        rm_wom *w = rm_wom_new(&s, &g, 0, &rng, &err);
        double A = 0, ever = 0, tol = 5 * sqrt(N / 4.0) + 1;
        for (int t = 0; t < T; t++) {
            assert_int_equal(rm_wom_step(w, t, &err), 0);
            A = (1 - s.churn) * A + s.p * (N - ever);
            ever = N * (1 - pow(1 - s.p, t + 1));
            within("ever", rm_wom_result(w, t)->ever, ever, tol);
            within("adopters", rm_wom_result(w, t)->adopters, A, tol);
        }
        rm_wom_free(w);
        rm_network_free(&g);
    }
}

/* Imitation from a short frontier (walked entry by entry): 100 seeds
 * 10 apart on a ring (k = 2) give 200 people with one adopting
 * neighbour of two; with p = 0 each adopts with chance q/2 in the first
 * period, a binomial(200, q/2). Tolerance: 5 of its standard errors. */
static void imitation_from_a_short_frontier(void **state)
{
    (void)state;
    rm_rng rng;
    rm_rng_seed(&rng, 17, 0);
    rm_network g;
    rm_error err;
    assert_int_equal(rm_network_ws(&g, 100000, 2, 0, &rng, &err), 0);
    int32_t seeds[100];
    for (int i = 0; i < 100; i++)
        seeds[i] = 10 * i;
    double q = 0.5, sum = 0, R = 20;
    for (int r = 0; r < R; r++) {
        rm_rng_seed(&rng, 17, (uint64_t)r + 1);
        rm_wom_spec s = rm_wom_defaults();
        s.p = 0;
        s.q = q;
        s.periods = 1;
        rm_wom *w = rm_wom_new(&s, &g, 0, &rng, &err);
        assert_int_equal(rm_wom_seed_nodes(w, seeds, 100, &err), 0);
        assert_int_equal(rm_wom_step(w, 0, &err), 0);
        sum += rm_wom_result(w, 0)->new_adopters;
        rm_wom_free(w);
    }
    within("imitators", sum / R, 100 * q, 5 * sqrt(200 * q / 2 * (1 - q / 2) / R));
    rm_network_free(&g);
}

/* m above 64 once overflowed a fixed buffer of picks: every node after
 * the clique has m distinct earlier neighbours. */
static void ba_with_many_links_per_node(void **state)
{
    (void)state;
    rm_rng rng;
    rm_rng_seed(&rng, 19, 0);
    rm_network g;
    rm_error err;
    int n = 3000, m = 100;
    assert_int_equal(rm_network_ba(&g, n, m, &rng, &err), 0);
    assert_int_equal(g.m, 2 * ((int64_t)m * (m + 1) / 2 + (int64_t)(n - m - 1) * m));
    for (int32_t i = 0; i < n; i++) {
        int lower = 0;
        for (int64_t e = g.offset[i]; e < g.offset[i + 1]; e++) {
            assert_true(e == g.offset[i] || g.adj[e] > g.adj[e - 1]);   /* sorted, unique */
            lower += g.adj[e] < i;
        }
        assert_int_equal(lower, i <= m ? i : m);
    }
    rm_network_free(&g);
}

/* The Barabasi-Albert picks done the plain way: node i draws ends of
 * the edges so far until it has m distinct ones; end 2k + 1 of a later
 * edge is its target, end 2k its source m + 1 + (k - C) / m. */
static void ba_plain_picks(int n, int m, rm_rng *rng, int32_t *tg)
{
    int64_t C = (int64_t)m * (m + 1) / 2;
    int32_t *clique = malloc((size_t)C * 2 * sizeof *clique);
    assert_non_null(clique);
    int64_t c = 0;
    for (int32_t a = 0; a <= m; a++)
        for (int32_t b = a + 1; b <= m; b++) {
            clique[c++] = a;
            clique[c++] = b;
        }
    for (int32_t i = m + 1; i < n; i++) {
        int32_t *row = tg + (int64_t)(i - m - 1) * m;
        uint64_t ends = 2 * (uint64_t)(C + (int64_t)(i - m - 1) * m);
        for (int got = 0; got < m;) {
            uint64_t r = rm_rng_below(rng, (uint32_t)ends);
            int64_t k = (int64_t)(r >> 1);
            int32_t t = k < C ? clique[r] : (r & 1) ? tg[k - C] : (int32_t)(m + 1 + (k - C) / m);
            int dup = 0;
            for (int j = 0; j < got; j++)
                dup |= row[j] == t;
            if (!dup)
                row[got++] = t;
        }
    }
    free(clique);
}

/* Barabasi-Albert for every m the generator treats apart (1, the sorts
 * unrolled for a constant m, the generic and the qsort paths): the same
 * picks as the plain way from the same draws (the generator draws ahead,
 * divides by a multiply, sorts and places links its own way), lists
 * sorted and unique, links both ways. */
static void ba_structure_for_each_m(void **state)
{
    (void)state;
    for (int m = 1; m <= 18; m++) {
        rm_rng rng, plain;
        rm_rng_seed(&rng, 23, (uint64_t)m);
        plain = rng;
        rm_network g;
        rm_error err;
        int n = 400;
        assert_int_equal(rm_network_ba(&g, n, m, &rng, &err), 0);
        int32_t *tg = malloc((size_t)(n - m - 1) * m * sizeof *tg);
        assert_non_null(tg);
        ba_plain_picks(n, m, &plain, tg);
        assert_true(plain.state == rng.state);
        for (int32_t i = m + 1; i < n; i++)
            for (int j = 0; j < m; j++) {
                int found = 0;      /* i's m lower neighbours lead its list */
                for (int x = 0; x < m; x++)
                    found += g.adj[g.offset[i] + x] == tg[(int64_t)(i - m - 1) * m + j];
                assert_int_equal(found, 1);
            }
        free(tg);
        assert_int_equal(g.m, 2 * ((int64_t)m * (m + 1) / 2 + (int64_t)(n - m - 1) * m));
        for (int32_t i = 0; i < n; i++) {
            int lower = 0;
            for (int64_t e = g.offset[i]; e < g.offset[i + 1]; e++) {
                int32_t j = g.adj[e];
                assert_true(j >= 0 && j < n && j != i);
                assert_true(e == g.offset[i] || j > g.adj[e - 1]);
                lower += j < i;
                int back = 0;
                for (int64_t f = g.offset[j]; f < g.offset[j + 1]; f++)
                    back += g.adj[f] == i;
                assert_int_equal(back, 1);
            }
            assert_int_equal(lower, i <= m ? i : m);
        }
        rm_network_free(&g);
    }
}

/* A community closed to the diffusion (open 0) gets no adopters beyond
 * its seeds; one half open adopts about half as fast early on (the
 * chance of each adoption is thinned, so with p alone the count in a
 * period is binomial with half the rate: checked within 5 sd). */
static void closed_communities(void **state)
{
    (void)state;
    rm_rng rng;
    rm_rng_seed(&rng, 4, 0);
    rm_network g;
    rm_error err;
    int32_t sizes[3] = {5000, 5000, 5000};
    assert_int_equal(rm_network_sbm(&g, sizes, 3, 0.002, 0.0002, &rng, &err), 0);
    rm_wom_spec s = rm_wom_defaults();
    s.p = 0.02;
    s.q = 0;
    s.periods = 5;
    rm_wom *w = rm_wom_new(&s, &g, 0, &rng, &err);
    assert_int_equal(rm_wom_set_open(w, 0, 0.0, &err), 0);
    assert_int_equal(rm_wom_set_open(w, 1, 0.5, &err), 0);
    assert_int_equal(rm_wom_set_open(w, 3, 0.5, &err), -1);
    assert_non_null(strstr(err.msg, "community 4 of 3"));
    assert_int_equal(rm_wom_set_open(w, 1, 1.5, &err), -1);
    assert_int_equal(rm_wom_step(w, 0, &err), 0);
    assert_int_equal(rm_wom_community_adopters(w, 0), 0);
    double half = (double)rm_wom_community_adopters(w, 1), full = (double)rm_wom_community_adopters(w, 2);
    within("half open", half, 5000 * 0.01, 5 * sqrt(5000 * 0.01 * 0.99));
    within("fully open", full, 5000 * 0.02, 5 * sqrt(5000 * 0.02 * 0.98));
    rm_wom_free(w);
    /* a fully mixed population has no communities to close */
    w = rm_wom_new(&s, NULL, 100, &rng, &err);
    assert_int_equal(rm_wom_set_open(w, 0, 0.5, &err), -1);
    assert_non_null(strstr(err.msg, "communities"));
    rm_wom_free(w);
    rm_network_free(&g);
}

/* The vector scan and the portable one must give the same numbers, bit
 * for bit: runs that stay long in the scan (Bass on BA and ER graphs,
 * with and without churn, with seeds, with leavers) compared period by
 * period, with the generator's state at the end. */
static void vector_scan_gives_the_portable_numbers(void **state)
{
    (void)state;
    if (!rm_wom_vector_scan(1))
        skip();     /* no AVX2 here: only the portable loop exists */
    for (int g = 0; g < 2; g++)
        for (int cfg = 0; cfg < 4; cfg++) {
            rm_rng grng;
            rm_rng_seed(&grng, 3, (uint64_t)g);
            rm_network net;
            rm_error err;
            assert_int_equal(g == 0 ? rm_network_ba(&net, 100003, 4, &grng, &err)
                                    : rm_network_er(&net, 100003, 7, &grng, &err), 0);
            rm_wom_spec s = rm_wom_defaults();
            s.p = cfg & 1 ? 0.002 : 0.02;
            s.q = 0.5;
            s.churn = cfg & 2 ? 0.03 : 0;
            s.periods = 60;
            rm_wom_period res[2][60];
            uint64_t end[2];
            for (int v = 0; v < 2; v++) {
                rm_wom_vector_scan(v);
                rm_rng rng;
                rm_rng_seed(&rng, 11, (uint64_t)cfg);
                rm_wom *w = rm_wom_new(&s, &net, 0, &rng, &err);
                assert_non_null(w);
                if (cfg == 3)
                    rm_wom_seed_random(w, 40);
                for (int t = 0; t < s.periods; t++) {
                    assert_int_equal(rm_wom_step(w, t, &err), 0);
                    if (t == 20)
                        rm_wom_leave(w, 500);
                    res[v][t] = *rm_wom_result(w, t);
                }
                end[v] = rng.state;
                rm_wom_free(w);
            }
            assert_memory_equal(res[0], res[1], sizeof res[0]);
            assert_true(end[0] == end[1]);
            assert_true(res[0][59].ever > 1000);    /* it spread: the scan ran */
            rm_network_free(&net);
        }
    rm_wom_vector_scan(1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mixed_bass_matches_the_recursion),
        cmocka_unit_test(generators_have_their_statistics),
        cmocka_unit_test(threshold_on_a_ring_is_exact),
        cmocka_unit_test(cascade_on_a_star),
        cmocka_unit_test(negative_word_of_mouth_slows_adoption),
        cmocka_unit_test(network_bass_on_a_complete_graph),
        cmocka_unit_test(innovation_and_churn_draw_without_replacement),
        cmocka_unit_test(imitation_from_a_short_frontier),
        cmocka_unit_test(ba_with_many_links_per_node),
        cmocka_unit_test(ba_structure_for_each_m),
        cmocka_unit_test(edge_list_errors),
        cmocka_unit_test(from_lua),
        cmocka_unit_test(closed_communities),
        cmocka_unit_test(vector_scan_gives_the_portable_numbers),
    };
    return cmocka_run_group_tests_name("wom", tests, setup_dir, teardown_dir);
}
