/* sweep.h - what-if sweeps: every variant x every replicate, in parallel,
 * resumable, with differences to a baseline.
 *
 * Variants come from a grid (--grid churn=0.05,0.1 --grid budget=0:100:50
 * is their cartesian product) or from rm.scenario{variants = ...}. Every
 * variant runs the same replicates on the same streams (common random
 * numbers: replicate r of every variant draws from stream r), so the
 * difference between two variants is measured replicate by replicate.
 *
 * Work items are (variant, replicate) pairs spread over threads; results
 * are gathered in item order, so the output is the same whatever the
 * thread count. A variant whose script fails is reported and the others
 * finish. With a partial folder, each finished variant is saved there
 * (exact doubles); a later run with the same settings loads it instead
 * of running it again.
 *
 *     rm_sweep_config c = {.run = rm_run_defaults()};
 *     c.run.path = "scenarios/retention.lua";
 *     rm_sweep_grid(grids, 2, &c.variants, &err);
 *     rm_sweep_result r;
 *     rm_sweep_run(&c, &r, &err);
 *     rm_sweep_write_csv(&r, f);
 *     rm_sweep_write_json(&r, &rank, f);
 */
#ifndef RMSIM_SWEEP_H
#define RMSIM_SWEEP_H

#include <stdio.h>

#include "rmsim/error.h"
#include "rmsim/scenario.h"

typedef struct rm_sweep_config {
    rm_run_config run;          /* the scenario, seed, replicates, threads, base --set */
    rm_variants variants;
    const char *partial_dir;    /* save finished variants here (NULL: do not) */
    int resume;                 /* load finished variants from partial_dir */
    int stop_after;             /* testing: die by SIGKILL after saving this many (0: never) */
} rm_sweep_config;

typedef struct rm_sweep_result {
    rm_results meta;            /* name, periods, replicates, ... of the scenario */
    int nvariants;
    const rm_variant *variants;
    rm_metrics **reps;          /* [variant * replicates + r]; NULL where it failed */
    char (*error)[RM_ERROR_MAX];/* why each variant failed; "" if it did not */
    int resumed;                /* variants loaded from partial files */
    int failed;                 /* variants that failed */
    int rank;                   /* MPI rank; only rank 0 holds every result */
} rm_sweep_result;

/* How to rank the variants: a result (sim:result) or a metric's last period. */
typedef struct rm_sweep_rank {
    const char *metric;         /* NULL: the scenario's headline, else the first result
                                 * that differs between variants (see rank_variants) */
    const char *baseline;       /* variant name; NULL: the first variant */
    int minimize;               /* lower is better */
} rm_sweep_rank;

/* "name=v1,v2,..." or "name=from:to:step"; the product of all grids. */
int rm_sweep_grid(const char *const *grids, int n, rm_variants *out, rm_error *err);
void rm_variants_free(rm_variants *v);

int rm_sweep_run(const rm_sweep_config *c, rm_sweep_result *out, rm_error *err);
void rm_sweep_free(rm_sweep_result *r);

/* variant, its parameters, replicate, period, metrics */
void rm_sweep_write_csv(const rm_sweep_result *r, FILE *f);
/* Long: variant, its parameters, replicate, period, metric, group,
 * segment, measure, value (engine/tidy.c) */
void rm_sweep_write_long_csv(const rm_sweep_result *r, FILE *f);
/* per variant: the ranked metric (mean, sd, 95% CI), its difference to
 * the baseline (paired by replicate) with CI, and the ranking */
int rm_sweep_write_json(const rm_sweep_result *r, const rm_sweep_rank *rank, FILE *f,
                        rm_error *err);
/* Lines for the terminal: what the ranking is on and why, and a warning
 * (with the figures that do differ) when it is the same in every variant. */
int rm_sweep_ranking_note(const rm_sweep_result *r, const rm_sweep_rank *rank, FILE *f,
                          int warnings_only, rm_error *err);
/* Does a replicate's table record `metric` (a result, or a metric at the
 * last period)? The error is about --metric, with a "did you mean". */
int rm_sweep_check_metric(const rm_metrics *m, int periods, const char *metric, rm_error *err);
/* HTML: the ranked metric per variant, and its course over periods */
int rm_sweep_write_report(const rm_sweep_result *r, const rm_sweep_rank *rank, FILE *f,
                          rm_error *err);

#endif
