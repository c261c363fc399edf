/* stats.c - mean, sd and Student-t confidence intervals. */
#include "rmsim/stats.h"

#include <math.h>

#include "rmsim/output.h"

/* Exact to 3 decimals for df 1..30 (standard tables); beyond, the
 * Cornish-Fisher expansion (Abramowitz & Stegun 26.7.5) is exact to
 * better than 1e-4. */
static const double t975_table[31] = {
    NAN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262,
    2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093,
    2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
};

double rm_t975(size_t df)
{
    if (df == 0)
        return NAN;
    if (df <= 30)
        return t975_table[df];
    double z = 1.959963984540054, n = (double)df;
    double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
    return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n)
           + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
}

void rm_summarize(const double *x, size_t n, size_t stride, rm_summary *s)
{
    /* Welford: stable for large values with small spread */
    double mean = 0.0, m2 = 0.0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double v = x[i * stride];
        if (isnan(v))
            continue;
        k++;
        double d = v - mean;
        mean += d / (double)k;
        m2 += d * (v - mean);
    }
    s->n = k;
    s->mean = k ? mean : NAN;
    s->sd = k > 1 ? sqrt(m2 / (double)(k - 1)) : 0.0;
    if (k > 1) {
        double half = rm_t975(k - 1) * s->sd / sqrt((double)k);
        s->lo = mean - half;
        s->hi = mean + half;
    } else {
        s->lo = s->hi = NAN;
    }
}

void rm_summary_json(FILE *f, const rm_summary *s)
{
    fputs("{\"mean\": ", f);
    rm_put_number(f, s->mean, "null");
    fputs(", \"sd\": ", f);
    rm_put_number(f, s->sd, "null");
    fputs(", \"ci95\": [", f);
    rm_put_number(f, s->lo, "null");
    fputs(", ", f);
    rm_put_number(f, s->hi, "null");
    fprintf(f, "], \"n\": %zu}", s->n);
}

int rm_same_value(double a, double b)
{
    return a == b || fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}
