/* results.c - a run's metrics as tidy CSV and as a JSON summary. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "rmsim/output.h"
#include "rmsim/rmsim.h"
#include "rmsim/scenario.h"
#include "rmsim/stats.h"

/* Union of the replicates' column names, in first-seen order. */
static size_t union_names(const rm_results *r, int scalars, const char **names, size_t max)
{
    size_t n = 0;
    for (int i = 0; i < r->replicates; i++) {
        const rm_metrics *m = r->reps[i];
        size_t cnt = scalars ? rm_metrics_scalar_count(m) : rm_metrics_count(m);
        for (size_t c = 0; c < cnt; c++) {
            const char *nm = scalars ? rm_metrics_scalar_name(m, c) : rm_metrics_name(m, c);
            size_t k = 0;
            while (k < n && strcmp(names[k], nm) != 0)
                k++;
            if (k == n && n < max)
                names[n++] = nm;
        }
    }
    return n;
}

void rm_results_write_csv(const rm_results *r, FILE *f)
{
    const char *names[RM_METRICS_MAX];
    size_t n = union_names(r, 0, names, RM_METRICS_MAX);
    fputs("replicate,period", f);
    for (size_t c = 0; c < n; c++) {
        fputc(',', f);
        rm_put_csv_field(f, names[c]);
    }
    fputc('\n', f);
    for (int i = 0; i < r->replicates; i++)
        for (int t = 0; t < r->periods; t++) {
            fprintf(f, "%d,%d", i + 1, t);
            for (size_t c = 0; c < n; c++) {
                fputc(',', f);
                rm_put_number(f, rm_metrics_get(r->reps[i], names[c], t), "");
            }
            fputc('\n', f);
        }
}


static void put_array(FILE *f, const char *key, const rm_summary *s, int periods, size_t off)
{
    fprintf(f, "\"%s\": [", key);
    for (int t = 0; t < periods; t++) {
        if (t)
            fputs(", ", f);
        rm_put_number(f, *(const double *)((const char *)&s[t] + off), "null");
    }
    fputc(']', f);
}

void rm_results_write_json(const rm_results *r, FILE *f)
{
    int R = r->replicates, P = r->periods;
    const char *names[RM_METRICS_MAX];
    size_t n = union_names(r, 0, names, RM_METRICS_MAX);
    double *x = malloc((size_t)(R > 0 ? R : 1) * sizeof *x);
    rm_summary *s = malloc((size_t)(P > 0 ? P : 1) * sizeof *s);
    if (!x || !s) {
        free(x);
        free(s);
        fputs("{\"error\": \"out of memory\"}\n", f);
        return;
    }
    fputs("{\n  " RMSIM_JSON_HEAD("rmsim-summary/1") ",\n  \"scenario\": ", f);
    rm_put_json_string(f, r->name);
    fputs(",\n  \"description\": ", f);
    rm_put_json_string(f, r->description);
    fprintf(f, ",\n  \"seed\": %llu,\n  \"replicates\": %d,\n  \"periods\": %d,\n",
            (unsigned long long)r->seed, R, P);
    fprintf(f, "  \"params\": %s,\n  \"metrics\": {", r->params_json ? r->params_json : "{}");
    for (size_t c = 0; c < n; c++) {
        for (int t = 0; t < P; t++) {
            for (int i = 0; i < R; i++)
                x[i] = rm_metrics_get(r->reps[i], names[c], t);
            rm_summarize(x, (size_t)R, 1, &s[t]);
        }
        fprintf(f, "%s\n    \"%s\": {", c ? "," : "", names[c]);
        put_array(f, "mean", s, P, offsetof(rm_summary, mean));
        fputs(", ", f);
        put_array(f, "sd", s, P, offsetof(rm_summary, sd));
        fputs(", ", f);
        put_array(f, "ci95_low", s, P, offsetof(rm_summary, lo));
        fputs(", ", f);
        put_array(f, "ci95_high", s, P, offsetof(rm_summary, hi));
        fputs(",\n      \"final\": ", f);
        rm_summary_json(f, &s[P - 1]);
        fputc('}', f);
    }
    fputs(n ? "\n  },\n  \"results\": {" : "},\n  \"results\": {", f);
    size_t ns = union_names(r, 1, names, RM_METRICS_MAX);
    for (size_t c = 0; c < ns; c++) {
        for (int i = 0; i < R; i++)
            x[i] = rm_metrics_scalar(r->reps[i], names[c]);
        rm_summary one;
        rm_summarize(x, (size_t)R, 1, &one);
        fprintf(f, "%s\n    \"%s\": ", c ? "," : "", names[c]);
        rm_summary_json(f, &one);
    }
    fputs(ns ? "\n  }\n}\n" : "}\n}\n", f);
    free(x);
    free(s);
}
