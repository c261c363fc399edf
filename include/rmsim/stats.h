/* stats.h - summaries over replicates: mean, standard deviation and a
 * 95% confidence interval for the mean (Student's t).
 *
 *     double x[] = {1, 2, 3, 4};
 *     rm_summary s;
 *     rm_summarize(x, 4, 1, &s);   // s.mean 2.5, s.lo/s.hi the 95% CI
 */
#ifndef RMSIM_STATS_H
#define RMSIM_STATS_H

#include <stddef.h>
#include <stdio.h>

typedef struct rm_summary {
    size_t n;           /* values that were not NaN */
    double mean;
    double sd;          /* sample standard deviation (n-1); 0 when n < 2 */
    double lo, hi;      /* 95% CI of the mean; NaN when n < 2 */
} rm_summary;

/* Summarise x[0], x[stride], ... x[(n-1)*stride], skipping NaN. */
void rm_summarize(const double *x, size_t n, size_t stride, rm_summary *s);

/* Equal as a ranking sees it: the same to 1e-9 relative (sums taken in
 * another order differ in the last bits), so that ties are shown as ties. */
int rm_same_value(double a, double b);

/* A summary as a JSON object: {"mean", "sd", "ci95": [lo, hi], "n"}. */
void rm_summary_json(FILE *f, const rm_summary *s);

/* The 0.975 quantile of Student's t with df degrees of freedom. */
double rm_t975(size_t df);

#endif
