/* sbg.h - the shifted-beta-geometric (sBG) model of contractual churn.
 *
 * Fader & Hardie (2007), "How to project customer retention", J. of
 * Interactive Marketing 21(1). Each customer churns at the end of a
 * period with probability theta, and theta varies across customers as
 * Beta(alpha, beta). A cohort's survival and retention are then
 *
 *     S(t) = B(alpha, beta + t) / B(alpha, beta)       S(0) = 1
 *     r(t) = S(t) / S(t-1) = (beta + t - 1) / (alpha + beta + t - 1)
 *
 * so retention rises with tenure although no customer changes: the
 * leavers are sorted out first.
 *
 *     rm_sbg_fit f;
 *     double s[] = {1000, 631, 468, 382, 326, 289, 262, 241};
 *     if (rm_sbg_fit_data(s, 8, &f, &err) == 0)
 *         printf("%g %g %g\n", f.alpha, f.beta, rm_sbg_survival(f.alpha, f.beta, 12));
 */
#ifndef RMSIM_SBG_H
#define RMSIM_SBG_H

#include <stddef.h>

#include "rmsim/error.h"

/* S(t): the share of a cohort still there after t periods. */
double rm_sbg_survival(double alpha, double beta, int t);

/* Discounted expected lifetime, in periods, of a newly acquired
 * customer who pays at the start of each period while active:
 * sum over t = 0 .. horizon-1 of S(t) / (1 + discount)^t, which for an
 * unbounded horizon (horizon 0, discount > 0) is the hypergeometric
 * 2F1(1, beta; alpha + beta; 1 / (1 + discount)). Times the margin
 * per period it is the customer's expected lifetime value (CLV). */
double rm_sbg_del(double alpha, double beta, double discount, int horizon);

/* Log-likelihood of survival data s[0..n) (counts, or shares of s[0]
 * such as percentages: they give the same estimates). */
double rm_sbg_loglik(double alpha, double beta, const double *s, size_t n);

typedef struct rm_sbg_fit {
    double alpha, beta;
    double alpha_se, beta_se;   /* from the observed information; NaN if singular */
    double loglik;
} rm_sbg_fit;

/* Maximum-likelihood alpha and beta from survival data s[0..n), n >= 2,
 * s non-increasing, s[0] > 0, with at least one churn. */
int rm_sbg_fit_data(const double *s, size_t n, rm_sbg_fit *out, rm_error *err);

#endif
