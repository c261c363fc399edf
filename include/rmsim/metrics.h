/* metrics.h - per-period metrics of a run: one table per replicate.
 *
 * A metric is a named column ("active", "churned", "revenue"...) with one
 * value per period. Columns appear in the order they are first set, so
 * output is stable for a given scenario and seed. A value never set is
 * NaN and is written as an empty CSV cell or a JSON null.
 *
 *     rm_metrics *m = rm_metrics_new(12);           // 12 periods
 *     rm_metrics_set(m, "active", 0, 1000.0, &err);
 *     double a = rm_metrics_get(m, "active", 0);    // 1000
 *
 * Scalars are end-of-run results (one value per replicate), set with
 * rm_metrics_set_scalar; they are summarised like the per-period ones.
 */
#ifndef RMSIM_METRICS_H
#define RMSIM_METRICS_H

#include <stddef.h>

#include "rmsim/error.h"

#define RM_METRIC_NAME_MAX 64
#define RM_METRICS_MAX 512

typedef struct rm_metrics rm_metrics;

rm_metrics *rm_metrics_new(int periods);
void rm_metrics_free(rm_metrics *m);

int rm_metrics_periods(const rm_metrics *m);

/* Is name a valid metric name: [A-Za-z_][A-Za-z0-9_.]*, 1..64 chars? */
int rm_metric_name_ok(const char *name);

/* Set a per-period value; creates the column on first use. */
int rm_metrics_set(rm_metrics *m, const char *name, int period, double v, rm_error *err);
/* The value, or NaN when the column or the period does not exist. */
double rm_metrics_get(const rm_metrics *m, const char *name, int period);

size_t rm_metrics_count(const rm_metrics *m);
const char *rm_metrics_name(const rm_metrics *m, size_t col);
double rm_metrics_at(const rm_metrics *m, size_t col, int period);

/* End-of-run scalars. */
int rm_metrics_set_scalar(rm_metrics *m, const char *name, double v, rm_error *err);
size_t rm_metrics_scalar_count(const rm_metrics *m);
const char *rm_metrics_scalar_name(const rm_metrics *m, size_t i);
double rm_metrics_scalar_at(const rm_metrics *m, size_t i);
double rm_metrics_scalar(const rm_metrics *m, const char *name);

#endif
