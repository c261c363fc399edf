/* dist.c - the distributions the models draw from, on a PCG32 stream.
 *
 * Normal: Marsaglia's polar method. Gamma: Marsaglia & Tsang (2000), in
 * log space for shape < 1 so that beta draws with small parameters do
 * not underflow. Binomial and Poisson: inversion for small means, and
 * Hoermann's transformed rejection (BTRS 1993, PTRS 1993) for large
 * ones, so the cost stays flat as the mean grows. */
#include "rmsim/rng.h"

#include <math.h>

double rm_rng_normal(rm_rng *r, double mu, double sigma)
{
    if (r->has_spare) {
        r->has_spare = 0;
        return mu + sigma * r->spare;
    }
    double u, v, s;
    do {
        u = 2.0 * rm_rng_uniform(r) - 1.0;
        v = 2.0 * rm_rng_uniform(r) - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    double f = sqrt(-2.0 * log(s) / s);
    r->spare = v * f;
    r->has_spare = 1;
    return mu + sigma * u * f;
}

/* log of a Gamma(shape, 1) draw, for shape >= 1 (Marsaglia & Tsang). */
static double log_gamma_mt(rm_rng *r, double shape)
{
    double d = shape - 1.0 / 3.0, c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = rm_rng_normal(r, 0.0, 1.0);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = rm_rng_uniform_pos(r);
        if (u < 1.0 - 0.0331 * x * x * x * x)
            return log(d * v);
        if (log(u) < 0.5 * x * x + d * (1.0 - v + log(v)))
            return log(d * v);
    }
}

/* log of a Gamma(shape, 1) draw for any shape > 0: below 1 use
 * G(a) = G(a+1) * U^(1/a), kept in logs. */
static double log_gamma_draw(rm_rng *r, double shape)
{
    if (shape >= 1.0)
        return log_gamma_mt(r, shape);
    return log_gamma_mt(r, shape + 1.0) + log(rm_rng_uniform_pos(r)) / shape;
}

double rm_rng_gamma(rm_rng *r, double shape, double scale)
{
    return exp(log_gamma_draw(r, shape)) * scale;
}

double rm_rng_beta(rm_rng *r, double a, double b)
{
    double lx = log_gamma_draw(r, a), ly = log_gamma_draw(r, b);
    /* x/(x+y) = 1/(1+exp(ly-lx)), stable when both are tiny */
    return 1.0 / (1.0 + exp(ly - lx));
}

static uint64_t binomial_inversion(rm_rng *r, uint64_t n, double p)
{
    double q = 1.0 - p, s = p / q, a = (double)(n + 1) * s;
    for (;;) {
        double f = pow(q, (double)n), u = rm_rng_uniform(r);
        uint64_t k = 0;
        while (u > f) {
            u -= f;
            k++;
            if (k > n)
                break;          /* rounding ran past the tail: redraw */
            f *= a / (double)k - s;
        }
        if (k <= n)
            return k;
    }
}

static uint64_t binomial_btrs(rm_rng *r, uint64_t n, double p)
{
    double q = 1.0 - p, spq = sqrt((double)n * p * q);
    double b = 1.15 + 2.53 * spq, a = -0.0873 + 0.0248 * b + 0.01 * p;
    double c = (double)n * p + 0.5, vr = 0.92 - 4.2 / b;
    double alpha = (2.83 + 5.1 / b) * spq, lpq = log(p / q);
    double m = floor((double)(n + 1) * p);
    double h = lgamma(m + 1.0) + lgamma((double)n - m + 1.0);
    for (;;) {
        double u = rm_rng_uniform(r) - 0.5, v = rm_rng_uniform(r);
        double us = 0.5 - fabs(u);
        double k = floor((2.0 * a / us + b) * u + c);
        if (k < 0.0 || k > (double)n)
            continue;
        if (us >= 0.07 && v <= vr)
            return (uint64_t)k;
        v = log(v * alpha / (a / (us * us) + b));
        if (v <= h - lgamma(k + 1.0) - lgamma((double)n - k + 1.0) + (k - m) * lpq)
            return (uint64_t)k;
    }
}

uint64_t rm_rng_binomial(rm_rng *r, uint64_t n, double p)
{
    if (n == 0 || p <= 0.0)
        return 0;
    if (p >= 1.0)
        return n;
    if (p > 0.5)
        return n - rm_rng_binomial(r, n, 1.0 - p);
    if ((double)n * p < 10.0)
        return binomial_inversion(r, n, p);
    return binomial_btrs(r, n, p);
}

static uint64_t poisson_ptrs(rm_rng *r, double lam)
{
    double slam = sqrt(lam), loglam = log(lam);
    double b = 0.931 + 2.53 * slam, a = -0.059 + 0.02483 * b;
    double invalpha = 1.1239 + 1.1328 / (b - 3.4), vr = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        double u = rm_rng_uniform(r) - 0.5, v = rm_rng_uniform(r);
        double us = 0.5 - fabs(u);
        double k = floor((2.0 * a / us + b) * u + lam + 0.43);
        if (us >= 0.07 && v <= vr)
            return (uint64_t)k;
        if (k < 0.0 || (us < 0.013 && v > us))
            continue;
        if (log(v) + log(invalpha) - log(a / (us * us) + b) <= -lam + k * loglam - lgamma(k + 1.0))
            return (uint64_t)k;
    }
}

uint64_t rm_rng_poisson(rm_rng *r, double lambda)
{
    if (lambda <= 0.0)
        return 0;
    if (lambda >= 10.0)
        return poisson_ptrs(r, lambda);
    double limit = exp(-lambda), prod = rm_rng_uniform(r);
    uint64_t k = 0;
    while (prod > limit) {
        prod *= rm_rng_uniform(r);
        k++;
    }
    return k;
}

uint64_t rm_rng_geometric(rm_rng *r, double p)
{
    if (p >= 1.0)
        return 1;
    if (p <= 0.0)
        return UINT64_MAX;
    double k = ceil(log(rm_rng_uniform_pos(r)) / log1p(-p));
    if (k < 1.0)
        return 1;           /* u == 1 - tiny rounds to 0 */
    return k >= 1.8e19 ? UINT64_MAX : (uint64_t)k;
}

size_t rm_rng_categorical(rm_rng *r, const double *w, size_t n)
{
    double total = 0.0;
    for (size_t i = 0; i < n; i++)
        total += w[i];
    double u = rm_rng_uniform(r) * total;
    size_t last = 0;
    for (size_t i = 0; i < n; i++) {
        if (w[i] <= 0.0)
            continue;
        last = i;
        if (u < w[i])
            return i;
        u -= w[i];
    }
    return last;            /* rounding left u just above the last weight */
}
