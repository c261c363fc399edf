/* metrics.c - named per-period columns of doubles for one replicate. */
#include "rmsim/budget.h"
#include "rmsim/metrics.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct column {
    char name[RM_METRIC_NAME_MAX + 1];
    double *v;          /* periods values, NaN when unset */
} column;

/* Columns are found by name through a hash (open addressing, under half
 * full): the writers look every value up by name, and a linear search
 * made 500 metrics cost 250 string compares a value. */
#define SLOTS 1024
_Static_assert(SLOTS >= 2 * RM_METRICS_MAX && (SLOTS & (SLOTS - 1)) == 0,
               "slots: a power of 2, under half full");

struct rm_metrics {
    int periods;
    size_t ncols;
    uint16_t slot[SLOTS];   /* column + 1; 0 empty */
    column cols[RM_METRICS_MAX];
    size_t nscalars;
    char scalar_names[RM_METRICS_MAX][RM_METRIC_NAME_MAX + 1];
    double scalars[RM_METRICS_MAX];
};

rm_metrics *rm_metrics_new(int periods)
{
    rm_metrics *m = rm_calloc(1, sizeof *m);
    if (m)
        m->periods = periods;
    return m;
}

void rm_metrics_free(rm_metrics *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->ncols; i++)
        rm_free(m->cols[i].v);
    rm_free(m);
}

int rm_metrics_periods(const rm_metrics *m) { return m->periods; }

int rm_metric_name_ok(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > RM_METRIC_NAME_MAX)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        int digit = (c >= '0' && c <= '9') || c == '.';
        if (!alpha && !(i > 0 && digit))
            return 0;
    }
    return 1;
}

static size_t hash(const char *s)
{
    uint32_t h = 2166136261u;           /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h & (SLOTS - 1);
}

/* The column of name, or -1; *free_slot (if given) the slot it would take. */
static long lookup(const rm_metrics *m, const char *name, size_t *free_slot)
{
    size_t i = hash(name);
    for (; m->slot[i]; i = (i + 1) & (SLOTS - 1))
        if (strcmp(m->cols[m->slot[i] - 1].name, name) == 0)
            return m->slot[i] - 1;
    if (free_slot)
        *free_slot = i;
    return -1;
}

static long find(const rm_metrics *m, const char *name) { return lookup(m, name, NULL); }

int rm_metrics_set(rm_metrics *m, const char *name, int period, double v, rm_error *err)
{
    if (period < 0 || period >= m->periods)
        return rm_errorf(err, "metric '%s': period %d outside 0..%d", name, period, m->periods - 1);
    size_t free_slot = 0;
    long c = lookup(m, name, &free_slot);
    if (c < 0) {
        if (!rm_metric_name_ok(name))
            return rm_errorf(err, "bad metric name '%s' (letters, digits, '_' and '.', "
                             "starting with a letter, at most %d)", name, RM_METRIC_NAME_MAX);
        if (m->ncols == RM_METRICS_MAX)
            return rm_errorf(err, "too many metrics (at most %d)", RM_METRICS_MAX);
        column *col = &m->cols[m->ncols];
        col->v = rm_malloc((size_t)m->periods * sizeof *col->v);
        if (!col->v)
            return rm_errorf(err, "out of memory");
        for (int t = 0; t < m->periods; t++)
            col->v[t] = NAN;
        strcpy(col->name, name);
        c = (long)m->ncols++;
        m->slot[free_slot] = (uint16_t)m->ncols;
    }
    m->cols[c].v[period] = v;
    return 0;
}

double rm_metrics_get(const rm_metrics *m, const char *name, int period)
{
    long c = find(m, name);
    if (c < 0 || period < 0 || period >= m->periods)
        return NAN;
    return m->cols[c].v[period];
}

size_t rm_metrics_count(const rm_metrics *m) { return m->ncols; }
const char *rm_metrics_name(const rm_metrics *m, size_t col) { return m->cols[col].name; }
double rm_metrics_at(const rm_metrics *m, size_t col, int period) { return m->cols[col].v[period]; }

int rm_metrics_set_scalar(rm_metrics *m, const char *name, double v, rm_error *err)
{
    for (size_t i = 0; i < m->nscalars; i++)
        if (strcmp(m->scalar_names[i], name) == 0) {
            m->scalars[i] = v;
            return 0;
        }
    if (!rm_metric_name_ok(name))
        return rm_errorf(err, "bad result name '%s' (letters, digits, '_' and '.', "
                         "starting with a letter, at most %d)", name, RM_METRIC_NAME_MAX);
    if (m->nscalars == RM_METRICS_MAX)
        return rm_errorf(err, "too many results (at most %d)", RM_METRICS_MAX);
    strcpy(m->scalar_names[m->nscalars], name);
    m->scalars[m->nscalars++] = v;
    return 0;
}

size_t rm_metrics_scalar_count(const rm_metrics *m) { return m->nscalars; }
const char *rm_metrics_scalar_name(const rm_metrics *m, size_t i) { return m->scalar_names[i]; }
double rm_metrics_scalar_at(const rm_metrics *m, size_t i) { return m->scalars[i]; }

double rm_metrics_scalar(const rm_metrics *m, const char *name)
{
    for (size_t i = 0; i < m->nscalars; i++)
        if (strcmp(m->scalar_names[i], name) == 0)
            return m->scalars[i];
    return NAN;
}
