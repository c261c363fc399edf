/* scenario.h - run a Lua scenario file: the what-if study.
 *
 * A scenario declares itself with rm.scenario{...} and acts through
 * hooks it defines, each called at one phase of every replicate:
 *
 *     setup(sim)       once, before the first period
 *     period(sim, t)   each period t = 0 .. periods-1 (policies go here)
 *     done(sim)        once, after the last period
 *
 * Each replicate runs in a fresh sandboxed Lua state on its own PCG32
 * stream (seed, stream = replicate number), so replicates are
 * independent and a run is byte-for-byte reproducible from its seed,
 * whatever the number of threads they run on.
 *
 *     rm_run_config c = rm_run_defaults();
 *     c.path = "scenarios/hello.lua";
 *     c.replicates = 10;
 *     rm_results *res;
 *     if (rm_run_scenario(&c, &res, &err) < 0) ... err.msg is "file:line: ..."
 *     rm_results_write_csv(res, stdout);
 *     rm_results_free(res);
 */
#ifndef RMSIM_SCENARIO_H
#define RMSIM_SCENARIO_H

#include <stdint.h>
#include <stdio.h>

#include "rmsim/calendar.h"
#include "rmsim/error.h"
#include "rmsim/metrics.h"
#include "rmsim/sandbox.h"

typedef struct rm_run_config {
    const char *path;               /* the scenario file */
    uint64_t seed;
    int periods;                    /* 0: as the scenario declares */
    int replicates;                 /* 0: as the scenario declares */
    int threads;                    /* replicates run side by side; 0: all cores */
    const char *const *sets;        /* "name=value" parameter overrides */
    int nsets;
    rm_limits limits;
    /* called after each replicate; may be NULL */
    void (*progress)(void *ud, int done, int total);
    void *progress_ud;
} rm_run_config;

#define RM_CHART_SERIES_MAX 8

/* A chart a scenario asks for in its report (rm.scenario{charts = ...}). */
typedef struct rm_chart_spec {
    char title[128];
    char ylabel[64];
    char x[RM_METRIC_NAME_MAX + 1]; /* "": periods; else a metric giving each period's x */
    int nmetrics;
    char metrics[RM_CHART_SERIES_MAX][RM_METRIC_NAME_MAX + 1];
    char note[600];                 /* "what this shows", under the chart */
    char labels[RM_CHART_SERIES_MAX][40];   /* legend names ("": the metric's) */
} rm_chart_spec;

#define RM_EVENTS_MAX 64

/* A case event the report marks on its charts (rm.scenario{events = ...}). */
typedef struct rm_event {
    int t;                          /* the period it falls in */
    char label[96];
} rm_event;

typedef struct rm_results {
    char name[128];
    char description[1024];
    char headline[RM_METRIC_NAME_MAX + 1];  /* rm.scenario{headline = }: what sweeps rank on */
    char headline_where[300];       /* "file:line:" of rm.scenario, for the headline's errors */
    uint64_t seed;
    int periods;
    int replicates;
    char *params_json;              /* resolved parameters, a JSON object */
    int ncharts;                    /* declared charts; 0: one per kind of metric */
    rm_chart_spec *charts;
    rm_calendar calendar;           /* start and period length; unit NONE: numbered */
    int nevents;
    rm_event events[RM_EVENTS_MAX];
    rm_metrics **reps;              /* one table per replicate */
} rm_results;

#define RM_VARIANT_SETS 32

/* A what-if variant: a name and parameter settings ("name=value"). */
typedef struct rm_variant {
    char name[128];
    int nsets;
    char sets[RM_VARIANT_SETS][192];
} rm_variant;

typedef struct rm_variants {
    int n;
    rm_variant *v;
} rm_variants;

rm_run_config rm_run_defaults(void);

/* Read the declaration without running: name, description, periods,
 * replicates (from the config where it sets them), resolved parameters,
 * charts; and the declared variants when `variants` is not NULL. */
int rm_scenario_prepare(const rm_run_config *c, rm_results *meta, rm_variants *variants,
                        rm_error *err);

/* Run replicate r (0-based; stream r of the seed) for `periods` periods. */
int rm_scenario_replicate(const rm_run_config *c, int periods, int r, rm_metrics **out,
                          rm_error *err);

int rm_run_scenario(const rm_run_config *c, rm_results **out, rm_error *err);
void rm_results_free(rm_results *r);

/* Describe a scenario (name, description, periods, parameters with
 * defaults, ranges and docs) without running it. */
int rm_scenario_describe(const rm_run_config *c, FILE *out, rm_error *err);

/* Tidy CSV: replicate, period, one column per metric. */
void rm_results_write_csv(const rm_results *r, FILE *f);
/* Long ("tidy") CSV: replicate, period, metric, group, segment, measure,
 * value; one row per replicate x period x metric (engine/tidy.c). */
void rm_results_write_long_csv(const rm_results *r, FILE *f);
/* JSON summary: per metric and period the mean, sd and 95% CI over
 * replicates; the same for end-of-run results. */
void rm_results_write_json(const rm_results *r, FILE *f);
/* Self-contained HTML: results table and SVG charts, no network needed. */
void rm_results_write_report(const rm_results *r, FILE *f);

#endif
