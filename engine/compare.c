/* compare.c - a sweep's outputs: tidy CSV, the ranking of variants with
 * paired differences to a baseline (JSON), and a report to look at. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rmsim/output.h"
#include "rmsim/stats.h"
#include "rmsim/svg.h"
#include "rmsim/sweep.h"

static const rm_metrics *rep_of(const rm_sweep_result *r, int v, int k)
{
    return r->reps[(size_t)v * r->meta.replicates + k];
}

/* Parameter columns: every name any variant sets, in first-seen order. */
static int param_names(const rm_sweep_result *r, char names[][64], int max)
{
    int n = 0;
    for (int v = 0; v < r->nvariants; v++)
        for (int i = 0; i < r->variants[v].nsets; i++) {
            const char *s = r->variants[v].sets[i];
            size_t len = strcspn(s, "=");
            int k = 0;
            while (k < n && (strlen(names[k]) != len || strncmp(names[k], s, len)))
                k++;
            if (k == n && n < max && len < 64) {
                memcpy(names[n], s, len);
                names[n++][len] = '\0';
            }
        }
    return n;
}

static const char *setting(const rm_variant *v, const char *name)
{
    size_t len = strlen(name);
    const char *found = NULL;
    for (int i = 0; i < v->nsets; i++)
        if (!strncmp(v->sets[i], name, len) && v->sets[i][len] == '=')
            found = v->sets[i] + len + 1;
    return found;
}

void rm_sweep_write_csv(const rm_sweep_result *r, FILE *f)
{
    char params[RM_VARIANT_SETS * 4][64];
    int np = param_names(r, params, RM_VARIANT_SETS * 4);
    const char *cols[RM_METRICS_MAX];
    size_t nc = 0;
    for (int v = 0; v < r->nvariants; v++)
        for (int k = 0; k < r->meta.replicates; k++) {
            const rm_metrics *m = rep_of(r, v, k);
            for (size_t c = 0; m && c < rm_metrics_count(m); c++) {
                size_t j = 0;
                while (j < nc && strcmp(cols[j], rm_metrics_name(m, c)))
                    j++;
                if (j == nc && nc < RM_METRICS_MAX)
                    cols[nc++] = rm_metrics_name(m, c);
            }
        }
    fputs("variant", f);
    for (int i = 0; i < np; i++) {
        fputc(',', f);
        rm_put_csv_field(f, params[i]);
    }
    fputs(",replicate,period", f);
    for (size_t c = 0; c < nc; c++) {
        fputc(',', f);
        rm_put_csv_field(f, cols[c]);
    }
    fputc('\n', f);
    for (int v = 0; v < r->nvariants; v++)
        for (int k = 0; k < r->meta.replicates; k++) {
            const rm_metrics *m = rep_of(r, v, k);
            if (!m)
                continue;
            for (int t = 0; t < r->meta.periods; t++) {
                rm_put_csv_field(f, r->variants[v].name);
                for (int i = 0; i < np; i++) {
                    const char *val = setting(&r->variants[v], params[i]);
                    fputc(',', f);
                    if (val)
                        rm_put_csv_field(f, val);
                }
                fprintf(f, ",%d,%d", k + 1, t);
                for (size_t c = 0; c < nc; c++) {
                    fputc(',', f);
                    rm_put_number(f, rm_metrics_get(m, cols[c], t), "");
                }
                fputc('\n', f);
            }
        }
}

/* ---- ranking ------------------------------------------------------------ */

typedef struct ranked {
    const char *metric;
    int is_result;
    int baseline;
    double *x;              /* [variant * R + r] the value of each replicate */
    rm_summary *value, *diff;
    int *order;             /* variant indices, best first; failed last */
} ranked;

static int first_ok(const rm_sweep_result *r)
{
    for (int v = 0; v < r->nvariants; v++)
        if (!r->error[v][0])
            return v;
    return -1;
}

static double value_of(const rm_metrics *m, const char *metric, int is_result, int periods)
{
    if (!m)
        return NAN;
    return is_result ? rm_metrics_scalar(m, metric) : rm_metrics_get(m, metric, periods - 1);
}

static int rank_variants(const rm_sweep_result *r, const rm_sweep_rank *how, ranked *k,
                         rm_error *err)
{
    memset(k, 0, sizeof *k);
    int V = r->nvariants, R = r->meta.replicates, ok = first_ok(r);
    if (ok < 0)
        return rm_errorf(err, "every variant failed; nothing to rank");
    const rm_metrics *m0 = rep_of(r, ok, 0);
    if (how->metric) {
        k->metric = how->metric;
        k->is_result = !isnan(rm_metrics_scalar(m0, how->metric));
        if (!k->is_result && isnan(rm_metrics_get(m0, how->metric, r->meta.periods - 1))) {
            const char *names[2 * RM_METRICS_MAX];
            size_t n = 0;
            for (size_t i = 0; i < rm_metrics_scalar_count(m0); i++)
                names[n++] = rm_metrics_scalar_name(m0, i);
            for (size_t i = 0; i < rm_metrics_count(m0); i++)
                names[n++] = rm_metrics_name(m0, i);
            const char *hint = rm_suggest(how->metric, names, n);
            return rm_errorf(err, "--metric %s: the scenario records no such result or metric%s%s%s",
                             how->metric, hint ? " (did you mean '" : "", hint ? hint : "",
                             hint ? "'?)" : "");
        }
    } else if (rm_metrics_scalar_count(m0) > 0) {
        k->metric = rm_metrics_scalar_name(m0, 0);
        k->is_result = 1;
    } else if (rm_metrics_count(m0) > 0) {
        k->metric = rm_metrics_name(m0, 0);
    } else {
        return rm_errorf(err, "the scenario records no metric or result to rank variants by");
    }
    k->baseline = ok;
    if (how->baseline) {
        k->baseline = -1;
        for (int v = 0; v < V; v++)
            if (!strcmp(r->variants[v].name, how->baseline))
                k->baseline = v;
        if (k->baseline < 0)
            return rm_errorf(err, "--baseline %s: no variant of that name", how->baseline);
        if (r->error[k->baseline][0])
            return rm_errorf(err, "--baseline %s: that variant failed", how->baseline);
    }
    k->x = malloc((size_t)V * R * sizeof *k->x);
    k->value = calloc((size_t)V, sizeof *k->value);
    k->diff = calloc((size_t)V, sizeof *k->diff);
    k->order = malloc((size_t)V * sizeof *k->order);
    double *d = malloc((size_t)R * sizeof *d);
    if (!k->x || !k->value || !k->diff || !k->order || !d) {
        free(d);
        return rm_errorf(err, "out of memory");
    }
    for (int v = 0; v < V; v++)
        for (int i = 0; i < R; i++)
            k->x[(size_t)v * R + i] = value_of(rep_of(r, v, i), k->metric, k->is_result,
                                               r->meta.periods);
    for (int v = 0; v < V; v++) {
        rm_summarize(k->x + (size_t)v * R, (size_t)R, 1, &k->value[v]);
        /* paired by replicate: both ran on the same streams */
        for (int i = 0; i < R; i++)
            d[i] = k->x[(size_t)v * R + i] - k->x[(size_t)k->baseline * R + i];
        rm_summarize(d, (size_t)R, 1, &k->diff[v]);
        k->order[v] = v;
    }
    free(d);
    for (int a = 1; a < V; a++)
        for (int b = a; b > 0; b--) {
            int x = k->order[b - 1], y = k->order[b];
            double sx = k->value[x].n ? k->value[x].mean : NAN, sy = k->value[y].n ? k->value[y].mean : NAN;
            int y_first = isnan(sx) ? !isnan(sy) : !isnan(sy) && (how->minimize ? sy < sx : sy > sx);
            if (!y_first)
                break;
            k->order[b - 1] = y;
            k->order[b] = x;
        }
    return 0;
}

static void free_ranked(ranked *k)
{
    free(k->x);
    free(k->value);
    free(k->diff);
    free(k->order);
}


/* A setting as JSON: a number or boolean as it is, anything else quoted. */
static void put_setting(FILE *f, const char *text)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (*text && !*end && errno != ERANGE && isfinite(v))
        fputs(text, f);
    else if (!strcmp(text, "true") || !strcmp(text, "false"))
        fputs(text, f);
    else
        rm_put_json_string(f, text);
}

int rm_sweep_write_json(const rm_sweep_result *r, const rm_sweep_rank *how, FILE *f, rm_error *err)
{
    ranked k;
    if (rank_variants(r, how, &k, err) < 0) {
        free_ranked(&k);
        return -1;
    }
    fputs("{\n  \"scenario\": ", f);
    rm_put_json_string(f, r->meta.name);
    fprintf(f, ",\n  \"seed\": %llu,\n  \"replicates\": %d,\n  \"periods\": %d,\n  \"params\": %s,\n",
            (unsigned long long)r->meta.seed, r->meta.replicates, r->meta.periods,
            r->meta.params_json ? r->meta.params_json : "{}");
    fputs("  \"metric\": ", f);
    rm_put_json_string(f, k.metric);
    fprintf(f, ",\n  \"measured_as\": \"%s\",\n  \"better\": \"%s\",\n  \"baseline\": ",
            k.is_result ? "result" : "last period", how->minimize ? "lower" : "higher");
    rm_put_json_string(f, r->variants[k.baseline].name);
    fputs(",\n  \"variants\": [", f);
    for (int v = 0; v < r->nvariants; v++) {
        fprintf(f, "%s\n    {\"name\": ", v ? "," : "");
        rm_put_json_string(f, r->variants[v].name);
        fputs(", \"settings\": {", f);
        for (int i = 0; i < r->variants[v].nsets; i++) {
            const char *s = r->variants[v].sets[i];
            char name[64];
            size_t len = strcspn(s, "=");
            snprintf(name, sizeof name, "%.*s", (int)(len < 63 ? len : 63), s);
            fputs(i ? ", " : "", f);
            rm_put_json_string(f, name);
            fputs(": ", f);
            put_setting(f, s[len] ? s + len + 1 : "");
        }
        fputs("}, ", f);
        if (r->error[v][0]) {
            fputs("\"status\": \"failed\", \"error\": ", f);
            rm_put_json_string(f, r->error[v]);
            fputc('}', f);
            continue;
        }
        int rank = 0;
        while (k.order[rank] != v)
            rank++;
        fprintf(f, "\"status\": \"ok\", \"rank\": %d,\n     \"value\": ", rank + 1);
        rm_summary_json(f, &k.value[v]);
        fputs(",\n     \"difference_to_baseline\": ", f);
        rm_summary_json(f, &k.diff[v]);
        fputc('}', f);
    }
    fputs("\n  ],\n  \"ranking\": [", f);
    int first = 1;
    for (int i = 0; i < r->nvariants; i++) {
        int v = k.order[i];
        if (r->error[v][0])
            continue;
        fputs(first ? "" : ", ", f);
        rm_put_json_string(f, r->variants[v].name);
        first = 0;
    }
    fprintf(f, "],\n  \"failed\": %d\n}\n", r->failed);
    free_ranked(&k);
    return 0;
}

int rm_sweep_write_report(const rm_sweep_result *r, const rm_sweep_rank *how, FILE *f,
                          rm_error *err)
{
    ranked k;
    if (rank_variants(r, how, &k, err) < 0) {
        free_ranked(&k);
        return -1;
    }
    int V = r->nvariants, R = r->meta.replicates, P = r->meta.periods, shown = 0;
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>rmsim sweep: ",
          f);
    rm_put_xml(f, r->meta.name);
    fputs("</title><style>body{font-family:sans-serif;max-width:800px;margin:2em auto;color:#222}"
          "table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #ddd;"
          "text-align:right}td:first-child,th:first-child{text-align:left}</style></head>\n<body>\n"
          "<h1>What-if: ", f);
    rm_put_xml(f, r->meta.name);
    fprintf(f, "</h1>\n<p>%d variants x %d replicates of %d periods, seed %llu; ranked on <b>",
            V, R, P, (unsigned long long)r->meta.seed);
    rm_put_xml(f, k.metric);
    fprintf(f, "</b> (%s, %s is better); differences to <b>", k.is_result ? "a result" :
            "its last period", how->minimize ? "lower" : "higher");
    rm_put_xml(f, r->variants[k.baseline].name);
    fputs("</b> are paired by replicate.</p>\n<table><tr><th>variant</th><th>mean</th>"
          "<th>95% CI</th><th>difference</th><th>95% CI of difference</th></tr>\n", f);
    const char **labels = malloc((size_t)V * sizeof *labels);
    double *means = malloc((size_t)V * sizeof *means);
    for (int i = 0; labels && means && i < V; i++) {
        int v = k.order[i];
        fputs("<tr><td>", f);
        rm_put_xml(f, r->variants[v].name);
        if (r->error[v][0]) {
            fputs("</td><td colspan=\"4\">failed: ", f);
            rm_put_xml(f, r->error[v]);
            fputs("</td></tr>\n", f);
            continue;
        }
        const double cells[] = {k.value[v].mean, k.value[v].lo, k.value[v].hi, k.diff[v].mean,
                                k.diff[v].lo, k.diff[v].hi};
        for (int c = 0; c < 6; c++) {
            fputs(c == 0 || c == 1 || c == 3 || c == 4 ? "</td><td>" : " .. ", f);
            rm_put_human(f, cells[c]);
        }
        fputs("</td></tr>\n", f);
        labels[shown] = r->variants[v].name;
        means[shown++] = k.value[v].mean;
    }
    fputs("</table>\n<figure>\n", f);
    if (labels && means)
        rm_svg_bars(f, k.metric, k.metric, labels, means, shown);
    fputs("</figure>\n", f);
    if (!k.is_result && labels) {
        /* the ranked metric over periods: the best eight variants */
        int lines = shown < 8 ? shown : 8;
        double *buf = malloc((size_t)lines * 3 * (size_t)P * sizeof *buf);
        double *x = malloc((size_t)R * sizeof *x);
        rm_series series[8];
        for (int i = 0, s = 0; buf && x && s < lines && i < V; i++) {
            int v = k.order[i];
            if (r->error[v][0])
                continue;
            double *mean = buf + (size_t)s * 3 * P;
            for (int t = 0; t < P; t++) {
                for (int j = 0; j < R; j++)
                    x[j] = rm_metrics_get(rep_of(r, v, j), k.metric, t);
                rm_summary sm;
                rm_summarize(x, (size_t)R, 1, &sm);
                mean[t] = sm.mean;
                mean[P + t] = sm.lo;
                mean[2 * P + t] = sm.hi;
            }
            series[s++] = (rm_series){r->variants[v].name, mean, R > 1 ? mean + P : NULL,
                                      R > 1 ? mean + 2 * P : NULL};
        }
        char title[200];
        snprintf(title, sizeof title, "%s per period, the best %d variants (mean, 95%% band)",
                 k.metric, lines);
        rm_chart c = {title, rm_calendar_unit_name(&r->meta.calendar), k.metric, P, 0, lines,
                      series};
        rm_mark marks[RM_EVENTS_MAX];
        for (int e = 0; e < r->meta.nevents; e++)
            marks[e] = (rm_mark){r->meta.events[e].t, r->meta.events[e].label};
        if (buf && x) {
            fputs("<figure>\n", f);
            rm_svg_chart_dated(f, &c, &r->meta.calendar, marks, r->meta.nevents);
            fputs("</figure>\n", f);
        }
        free(buf);
        free(x);
    }
    fputs("<p><small>Made by rmsim; the data are in sweep.csv and sweep.json.</small></p>\n"
          "</body></html>\n", f);
    free(labels);
    free(means);
    free_ranked(&k);
    return 0;
}
