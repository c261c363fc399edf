/* evolution.h - how strategy shares change when the better-paid spread:
 * the Moran process (finite population) and replicator dynamics.
 *
 * Both take M, the n x n matrix of mean payoffs per turn of strategy i
 * against strategy j (a tournament's matrix), and a selection intensity
 * w in [0, 1]: fitness = 1 - w + w * payoff (w = 1: fitness is payoff).
 *
 * Moran (Moran 1958; Nowak et al. 2004): a population of N; each step
 * one individual reproduces with chance proportional to fitness (its
 * mean payoff against the N - 1 others) and its copy replaces one chosen
 * uniformly. A generation is N steps. A single mutant of constant
 * relative fitness r fixes with chance (1 - 1/r) / (1 - 1/r^N).
 *
 * Replicator (Taylor & Jonker 1978), in discrete time:
 * x_i <- x_i f_i / mean(f), with f_i = sum_j M[i][j] x_j (as fitness).
 *
 *     rm_evolution e;
 *     rm_moran(M, n, counts, generations, 1.0, &rng, &e, &err);
 *     e.share[g * n + i]   // share of strategy i after generation g
 *     rm_evolution_free(&e);
 */
#ifndef RMSIM_EVOLUTION_H
#define RMSIM_EVOLUTION_H

#include "rmsim/error.h"
#include "rmsim/rng.h"

typedef struct rm_evolution {
    int n;
    int generations;            /* rows in share: generations + 1 */
    double *share;              /* (generations + 1) x n; row 0 is the start */
    int fixed;                  /* the strategy that took over, or -1 */
    long fixation_step;         /* birth-death steps until then (Moran) */
} rm_evolution;

/* counts[i] individuals of each strategy; stops early at fixation when
 * generations is 0 (then runs at most 1e9 steps). */
int rm_moran(const double *M, int n, const int *counts, int generations, double w, rm_rng *rng,
             rm_evolution *out, rm_error *err);

/* The same, calling progress(ud, generation, generations) after each
 * generation (may be NULL); for a bar during long runs. */
int rm_moran_progress(const double *M, int n, const int *counts, int generations, double w,
                      rm_rng *rng, rm_evolution *out, void (*progress)(void *, int, int),
                      void *ud, rm_error *err);

int rm_replicator(const double *M, int n, const double *x0, int generations, double w,
                  rm_evolution *out, rm_error *err);

void rm_evolution_free(rm_evolution *e);

#endif
