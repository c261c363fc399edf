/* sbg.c - shifted-beta-geometric survival, lifetime value and fitting.
 *
 * The fit maximises the likelihood with Nelder-Mead on (log alpha, log
 * beta), which keeps both positive, and reports standard errors from a
 * finite-difference Hessian at the optimum. */
#include "rmsim/sbg.h"

#include <math.h>

double rm_sbg_survival(double alpha, double beta, int t)
{
    double s = 1.0;
    for (int j = 0; j < t; j++)
        s *= (beta + j) / (alpha + beta + j);
    return s;
}

double rm_sbg_del(double alpha, double beta, double discount, int horizon)
{
    double delta = 1.0 / (1.0 + discount), s = 1.0, w = 1.0, sum = 0.0;
    long limit = horizon > 0 ? horizon : 100000000L;
    for (long t = 0; t < limit; t++) {
        double term = s * w;
        sum += term;
        if (horizon <= 0 && term < 1e-15 * sum)
            break;
        s *= (beta + (double)t) / (alpha + beta + (double)t);
        w *= delta;
    }
    return sum;
}

double rm_sbg_loglik(double alpha, double beta, const double *s, size_t n)
{
    /* P(T = t) = S(t-1) alpha / (alpha + beta + t - 1) */
    double ll = 0.0, surv = 1.0;
    for (size_t t = 1; t < n; t++) {
        double k = alpha + beta + (double)t - 1.0, died = s[t - 1] - s[t];
        if (died > 0)
            ll += died * log(surv * alpha / k);
        surv *= (beta + (double)t - 1.0) / k;
    }
    if (s[n - 1] > 0)
        ll += s[n - 1] * log(surv);
    return ll;
}

typedef struct fit_data {
    const double *s;
    size_t n;
} fit_data;

static double neg_ll(const double x[2], const fit_data *d)
{
    double a = exp(x[0]), b = exp(x[1]);
    if (!isfinite(a) || !isfinite(b) || a < 1e-8 || b < 1e-8 || a > 1e8 || b > 1e8)
        return HUGE_VAL;
    double ll = rm_sbg_loglik(a, b, d->s, d->n);
    return isfinite(ll) ? -ll : HUGE_VAL;
}

/* Nelder-Mead in two dimensions, standard coefficients. */
static void nelder_mead(double x[2], const fit_data *d)
{
    double p[3][2] = {{x[0], x[1]}, {x[0] + 0.5, x[1]}, {x[0], x[1] + 0.5}}, f[3];
    for (int i = 0; i < 3; i++)
        f[i] = neg_ll(p[i], d);
    for (int iter = 0; iter < 5000; iter++) {
        /* order: p[0] best, p[2] worst */
        for (int i = 0; i < 3; i++)
            for (int j = i + 1; j < 3; j++)
                if (f[j] < f[i]) {
                    double t0 = p[i][0], t1 = p[i][1], tf = f[i];
                    p[i][0] = p[j][0], p[i][1] = p[j][1], f[i] = f[j];
                    p[j][0] = t0, p[j][1] = t1, f[j] = tf;
                }
        if (fabs(f[2] - f[0]) < 1e-12 * (1 + fabs(f[0])) &&
            fabs(p[2][0] - p[0][0]) + fabs(p[2][1] - p[0][1]) < 1e-10)
            break;
        double c[2] = {(p[0][0] + p[1][0]) / 2, (p[0][1] + p[1][1]) / 2};
        double r[2] = {2 * c[0] - p[2][0], 2 * c[1] - p[2][1]}, fr = neg_ll(r, d);
        if (fr < f[0]) {
            double e[2] = {3 * c[0] - 2 * p[2][0], 3 * c[1] - 2 * p[2][1]}, fe = neg_ll(e, d);
            if (fe < fr)
                p[2][0] = e[0], p[2][1] = e[1], f[2] = fe;
            else
                p[2][0] = r[0], p[2][1] = r[1], f[2] = fr;
        } else if (fr < f[1]) {
            p[2][0] = r[0], p[2][1] = r[1], f[2] = fr;
        } else {
            double k[2] = {(c[0] + p[2][0]) / 2, (c[1] + p[2][1]) / 2}, fk = neg_ll(k, d);
            if (fk < f[2]) {
                p[2][0] = k[0], p[2][1] = k[1], f[2] = fk;
            } else {
                for (int i = 1; i < 3; i++) {
                    p[i][0] = (p[0][0] + p[i][0]) / 2;
                    p[i][1] = (p[0][1] + p[i][1]) / 2;
                    f[i] = neg_ll(p[i], d);
                }
            }
        }
    }
    int best = 0;
    for (int i = 1; i < 3; i++)
        if (f[i] < f[best])
            best = i;
    x[0] = p[best][0];
    x[1] = p[best][1];
}

/* Standard errors of (alpha, beta) from the Hessian of -loglik. */
static void standard_errors(rm_sbg_fit *f, const double *s, size_t n)
{
    double a = f->alpha, b = f->beta, ha = 1e-4 * a, hb = 1e-4 * b;
#define LL(x, y) rm_sbg_loglik((x), (y), s, n)
    double faa = -(LL(a + ha, b) - 2 * LL(a, b) + LL(a - ha, b)) / (ha * ha);
    double fbb = -(LL(a, b + hb) - 2 * LL(a, b) + LL(a, b - hb)) / (hb * hb);
    double fab = -(LL(a + ha, b + hb) - LL(a + ha, b - hb) - LL(a - ha, b + hb) +
                   LL(a - ha, b - hb)) / (4 * ha * hb);
#undef LL
    double det = faa * fbb - fab * fab;
    if (det > 0 && faa > 0) {
        f->alpha_se = sqrt(fbb / det);
        f->beta_se = sqrt(faa / det);
    } else {
        f->alpha_se = f->beta_se = NAN;
    }
}

int rm_sbg_fit_data(const double *s, size_t n, rm_sbg_fit *out, rm_error *err)
{
    if (n < 2)
        return rm_errorf(err, "need at least 2 survival figures (S0 and S1), got %zu", n);
    for (size_t t = 0; t < n; t++) {
        if (!isfinite(s[t]) || s[t] < 0)
            return rm_errorf(err, "survival figure %zu (%g) must be a number >= 0", t, s[t]);
        if (t > 0 && s[t] > s[t - 1])
            return rm_errorf(err, "survival rises from %g to %g at period %zu: survival data "
                             "must not increase", s[t - 1], s[t], t);
    }
    if (s[0] <= 0)
        return rm_errorf(err, "the first survival figure must be > 0");
    if (s[n - 1] == s[0])
        return rm_errorf(err, "no churn in the data: alpha and beta cannot be estimated");
    fit_data d = {s, n};
    double x[2] = {0.0, 0.0};
    nelder_mead(x, &d);
    nelder_mead(x, &d);     /* restart: Nelder-Mead can stall on a ridge */
    out->alpha = exp(x[0]);
    out->beta = exp(x[1]);
    out->loglik = rm_sbg_loglik(out->alpha, out->beta, s, n);
    if (!isfinite(out->loglik) || out->alpha > 1e7 || out->beta > 1e7)
        return rm_errorf(err, "the fit did not converge (the data look like a constant "
                         "churn rate with no spread; try a constant-hazard model)");
    standard_errors(out, s, n);
    return 0;
}
