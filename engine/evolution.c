/* evolution.c - the Moran process and discrete replicator dynamics. */
#include "rmsim/evolution.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int check(const double *M, int n, double w, rm_error *err)
{
    if (n < 1 || n > 4096)
        return rm_errorf(err, "evolution needs 1 to 4096 strategies (got %d)", n);
    if (!(w >= 0 && w <= 1))
        return rm_errorf(err, "selection intensity must be in [0, 1] (got %g)", w);
    for (int i = 0; i < n * n; i++)
        if (!isfinite(M[i]) || (w > 0 && 1 - w + w * M[i] < 0))
            return rm_errorf(err, "payoffs must be finite and give fitness >= 0 "
                             "(1 - w + w * payoff)");
    return 0;
}

static int alloc(rm_evolution *e, int n, int generations)
{
    memset(e, 0, sizeof *e);
    e->n = n;
    e->generations = generations;
    e->fixed = -1;
    e->share = calloc((size_t)(generations + 1) * (size_t)n, sizeof *e->share);
    return e->share ? 0 : -1;
}

void rm_evolution_free(rm_evolution *e)
{
    free(e->share);
    memset(e, 0, sizeof *e);
}

static void record(rm_evolution *e, int g, const int *c, int N)
{
    for (int i = 0; i < e->n; i++)
        e->share[(size_t)g * (size_t)e->n + (size_t)i] = (double)c[i] / N;
}

int rm_moran(const double *M, int n, const int *counts, int generations, double w, rm_rng *rng,
             rm_evolution *out, rm_error *err)
{
    return rm_moran_progress(M, n, counts, generations, w, rng, out, NULL, NULL, err);
}

int rm_moran_progress(const double *M, int n, const int *counts, int generations, double w,
                      rm_rng *rng, rm_evolution *out, void (*progress)(void *, int, int),
                      void *ud, rm_error *err)
{
    if (check(M, n, w, err) < 0)
        return -1;
    long N = 0;
    for (int i = 0; i < n; i++) {
        if (counts[i] < 0)
            return rm_errorf(err, "counts must be >= 0");
        N += counts[i];
    }
    if (N < 2 || N > 100000000)
        return rm_errorf(err, "the population must have 2 to 1e8 individuals (got %ld)", N);
    if (generations < 0 || generations > 1000000)
        return rm_errorf(err, "generations must be in [0, 1e6]");
    int rows = generations;
    if (alloc(out, n, rows) < 0)
        return rm_errorf(err, "out of memory");
    int *c = malloc((size_t)n * sizeof *c);
    double *f = malloc((size_t)n * sizeof *f), *wt = malloc((size_t)n * sizeof *wt);
    if (!c || !f || !wt) {
        free(c), free(f), free(wt);
        rm_evolution_free(out);
        return rm_errorf(err, "out of memory");
    }
    memcpy(c, counts, (size_t)n * sizeof *c);
    record(out, 0, c, (int)N);
    long steps = generations > 0 ? (long)generations * N : 1000000000L, step;
    int alive = 0;
    for (int i = 0; i < n; i++)
        alive += c[i] > 0;
    for (step = 0; step < steps && alive > 1; step++) {
        /* fitness of one individual of each type against the N - 1 others */
        for (int i = 0; i < n; i++) {
            if (!c[i]) {
                wt[i] = 0;
                continue;
            }
            double pay = 0;
            for (int j = 0; j < n; j++)
                pay += (c[j] - (i == j)) * M[i * n + j];
            f[i] = 1 - w + w * pay / (double)(N - 1);
            wt[i] = c[i] * f[i];
        }
        double total = 0;
        for (int i = 0; i < n; i++)
            total += wt[i];
        if (total <= 0)         /* every fitness 0: reproduction by numbers */
            for (int i = 0; i < n; i++)
                wt[i] = c[i];
        int born = (int)rm_rng_categorical(rng, wt, (size_t)n);
        for (int i = 0; i < n; i++)
            f[i] = c[i];        /* the one replaced: uniform over individuals */
        int dies = (int)rm_rng_categorical(rng, f, (size_t)n);
        c[born]++;
        c[dies]--;
        if (c[dies] == 0)
            alive--;
        if (generations > 0 && (step + 1) % N == 0) {
            record(out, (int)((step + 1) / N), c, (int)N);
            if (progress)
                progress(ud, (int)((step + 1) / N), generations);
        }
    }
    if (alive == 1)
        for (int i = 0; i < n; i++)
            if (c[i] == N) {
                out->fixed = i;
                out->fixation_step = step;
            }
    /* after fixation nothing changes: fill the remaining generations */
    for (long g = step / N + 1; g <= rows; g++)
        record(out, (int)g, c, (int)N);
    free(c);
    free(f);
    free(wt);
    return 0;
}

int rm_replicator(const double *M, int n, const double *x0, int generations, double w,
                  rm_evolution *out, rm_error *err)
{
    if (check(M, n, w, err) < 0)
        return -1;
    if (generations < 0 || generations > 1000000)
        return rm_errorf(err, "generations must be in [0, 1e6]");
    double sum = 0;
    for (int i = 0; i < n; i++) {
        if (!(x0[i] >= 0))
            return rm_errorf(err, "initial shares must be >= 0");
        sum += x0[i];
    }
    if (!(sum > 0))
        return rm_errorf(err, "initial shares must not all be 0");
    if (alloc(out, n, generations) < 0)
        return rm_errorf(err, "out of memory");
    double *x = out->share, *f = malloc((size_t)n * sizeof *f);
    if (!f) {
        rm_evolution_free(out);
        return rm_errorf(err, "out of memory");
    }
    for (int i = 0; i < n; i++)
        x[i] = x0[i] / sum;
    for (int g = 1; g <= generations; g++) {
        const double *prev = x + (size_t)(g - 1) * (size_t)n;
        double *next = x + (size_t)g * (size_t)n, mean = 0;
        for (int i = 0; i < n; i++) {
            double pay = 0;
            for (int j = 0; j < n; j++)
                pay += M[i * n + j] * prev[j];
            f[i] = 1 - w + w * pay;
            mean += prev[i] * f[i];
        }
        for (int i = 0; i < n; i++)
            next[i] = mean > 0 ? prev[i] * f[i] / mean : prev[i];
    }
    const double *last = x + (size_t)generations * (size_t)n;
    for (int i = 0; i < n; i++)
        if (last[i] > 1 - 1e-12)
            out->fixed = i;
    free(f);
    return 0;
}
