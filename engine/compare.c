/* compare.c - a sweep's outputs: tidy CSV, the ranking of variants with
 * paired differences to a baseline (JSON), and a report to look at. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rmsim/output.h"
#include "rmsim/rmsim.h"
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
    int *place;             /* [variant] its rank, 1-based; equal means share one */
    const char *chosen_by;  /* why this metric */
    int varies;             /* the metric differs between variants */
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

/* Whether the figure differs between any two variants that ran, in any
 * replicate: a figure the variants do not move ranks nothing. */
static int varies(const rm_sweep_result *r, const char *metric, int is_result)
{
    int R = r->meta.replicates, ok = first_ok(r);
    for (int v = ok + 1; ok >= 0 && v < r->nvariants; v++)
        for (int i = 0; !r->error[v][0] && i < R; i++) {
            double a = value_of(rep_of(r, ok, i), metric, is_result, r->meta.periods);
            double b = value_of(rep_of(r, v, i), metric, is_result, r->meta.periods);
            if (a != b && !(isnan(a) && isnan(b)))
                return 1;
        }
    return 0;
}

int rm_sweep_check_metric(const rm_metrics *m, int periods, const char *metric, rm_error *err)
{
    if (!isnan(rm_metrics_scalar(m, metric)) || !isnan(rm_metrics_get(m, metric, periods - 1)))
        return 0;
    const char *names[2 * RM_METRICS_MAX];
    size_t n = 0;
    for (size_t i = 0; i < rm_metrics_scalar_count(m); i++)
        names[n++] = rm_metrics_scalar_name(m, i);
    for (size_t i = 0; i < rm_metrics_count(m); i++)
        names[n++] = rm_metrics_name(m, i);
    const char *hint = rm_suggest(metric, names, n);
    if (hint)
        return rm_errorf(err, "--metric %s: the scenario records no such result or metric (did "
                         "you mean '%s'?)", metric, hint);
    return rm_errorf(err, "--metric %s: the scenario records no such result or metric (it "
                     "records %s%s%s; see rmsim info)", metric, n ? names[0] : "none",
                     n > 1 ? ", " : "", n > 1 ? names[1] : "");
}

/* The figure to rank on: --metric, else the scenario's headline, else the
 * first result that varies between variants, else the first result, else
 * the first metric (at its last period) that varies, else the first. */
static int pick_metric(const rm_sweep_result *r, const rm_sweep_rank *how, const rm_metrics *m0,
                       ranked *k, rm_error *err)
{
    const char *asked = how->metric ? how->metric : r->meta.headline[0] ? r->meta.headline : NULL;
    k->chosen_by = how->metric ? "--metric" : "the scenario's headline";
    if (asked) {
        if (rm_sweep_check_metric(m0, r->meta.periods, asked, err) < 0) {
            if (!how->metric)   /* the message names --metric; the scenario's own field */
                return rm_errorf(err, "%s%sheadline '%s': the scenario records no such result "
                                 "or metric (see rmsim info)", r->meta.headline_where,
                                 r->meta.headline_where[0] ? " " : "", asked);
            return -1;
        }
        k->metric = asked;
        k->is_result = !isnan(rm_metrics_scalar(m0, asked));
        return 0;
    }
    size_t ns = rm_metrics_scalar_count(m0), nm = rm_metrics_count(m0);
    if (ns == 0 && nm == 0)
        return rm_errorf(err, "the scenario records no metric or result to rank variants by");
    k->is_result = ns > 0;
    k->metric = ns > 0 ? rm_metrics_scalar_name(m0, 0) : rm_metrics_name(m0, 0);
    k->chosen_by = ns > 0 ? "the first result" : "the first metric";
    for (size_t i = 0; i < (ns > 0 ? ns : nm); i++) {
        const char *name = ns > 0 ? rm_metrics_scalar_name(m0, i) : rm_metrics_name(m0, i);
        if (varies(r, name, ns > 0)) {
            k->metric = name;
            k->chosen_by = ns > 0 ? "the first result that differs between variants"
                                  : "the first metric that differs between variants";
            return 0;
        }
    }
    return 0;
}

static int rank_variants(const rm_sweep_result *r, const rm_sweep_rank *how, ranked *k,
                         rm_error *err)
{
    memset(k, 0, sizeof *k);
    int V = r->nvariants, R = r->meta.replicates, ok = first_ok(r);
    if (ok < 0)
        return rm_errorf(err, "every variant failed; nothing to rank");
    const rm_metrics *m0 = rep_of(r, ok, 0);
    if (pick_metric(r, how, m0, k, err) < 0)
        return -1;
    k->varies = varies(r, k->metric, k->is_result);
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
    k->place = malloc((size_t)V * sizeof *k->place);
    if (!k->place)
        return rm_errorf(err, "out of memory");
    for (int i = 0; i < V; i++) {
        int v = k->order[i], prev = i ? k->order[i - 1] : -1;
        int same = prev >= 0 && rm_same_value(k->value[v].mean, k->value[prev].mean);
        k->place[v] = same ? k->place[prev] : i + 1;
    }
    return 0;
}

static void free_ranked(ranked *k)
{
    free(k->x);
    free(k->value);
    free(k->diff);
    free(k->order);
    free(k->place);
}

/* Whether another variant that ran shares v's place. */
static int tied(const rm_sweep_result *r, const ranked *k, int v)
{
    for (int w = 0; w < r->nvariants; w++)
        if (w != v && !r->error[w][0] && k->place[w] == k->place[v])
            return 1;
    return 0;
}

int rm_sweep_ranking_note(const rm_sweep_result *r, const rm_sweep_rank *how, FILE *f,
                          int warnings_only, rm_error *err)
{
    ranked k;
    if (rank_variants(r, how, &k, err) < 0) {
        free_ranked(&k);
        return -1;
    }
    if (!warnings_only)
        fprintf(f, "rmsim: ranked on %s (%s%s)\n", k.metric, k.chosen_by,
                how->metric ? "" : "; choose with --metric NAME");
    if (!k.varies && r->nvariants - r->failed > 1) {
        fprintf(f, "rmsim: warning: %s is the same in every variant, so the ranking says "
                "nothing", k.metric);
        const rm_metrics *m0 = rep_of(r, first_ok(r), 0);
        int shown = 0;
        for (size_t i = 0; i < rm_metrics_scalar_count(m0) && shown < 4; i++)
            if (varies(r, rm_metrics_scalar_name(m0, i), 1))
                fprintf(f, "%s%s", shown++ ? ", " : "; these differ: ",
                        rm_metrics_scalar_name(m0, i));
        for (size_t i = 0; i < rm_metrics_count(m0) && shown < 4; i++)
            if (varies(r, rm_metrics_name(m0, i), 0))
                fprintf(f, "%s%s", shown++ ? ", " : "; these differ: ",
                        rm_metrics_name(m0, i));
        fputs(shown ? "\n" : "; no result or metric differs (does the grid reach the "
              "scenario's parameters?)\n", f);
    }
    free_ranked(&k);
    return 0;
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
    fputs("{\n  " RMSIM_JSON_HEAD("rmsim-sweep/1") ",\n  \"scenario\": ", f);
    rm_put_json_string(f, r->meta.name);
    fprintf(f, ",\n  \"seed\": %llu,\n  \"replicates\": %d,\n  \"periods\": %d,\n  \"params\": %s,\n",
            (unsigned long long)r->meta.seed, r->meta.replicates, r->meta.periods,
            r->meta.params_json ? r->meta.params_json : "{}");
    fputs("  \"metric\": ", f);
    rm_put_json_string(f, k.metric);
    fputs(",\n  \"metric_chosen_by\": ", f);
    rm_put_json_string(f, k.chosen_by);
    fprintf(f, ",\n  \"metric_varies\": %s", k.varies ? "true" : "false");
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
        fprintf(f, "\"status\": \"ok\", \"rank\": %d, \"tied\": %s,\n     \"value\": ",
                k.place[v], tied(r, &k, v) ? "true" : "false");
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
          "text-align:right}td:nth-child(2),th:nth-child(2){text-align:left}</style></head>\n<body>\n"
          "<h1>What-if: ", f);
    rm_put_xml(f, r->meta.name);
    fprintf(f, "</h1>\n<p>%d variants x %d replicates of %d periods, seed %llu; ranked on <b>",
            V, R, P, (unsigned long long)r->meta.seed);
    rm_put_xml(f, k.metric);
    fprintf(f, "</b> (%s, %s is better); differences to <b>", k.is_result ? "a result" :
            "its last period", how->minimize ? "lower" : "higher");
    rm_put_xml(f, r->variants[k.baseline].name);
    fputs("</b> are paired by replicate.", f);
    if (!k.varies)
        fputs(" <b>It is the same in every variant, so this ranking says nothing.</b>", f);
    fputs("</p>\n<table><tr><th>rank</th><th>variant</th><th>mean</th>"
          "<th>95% CI</th><th>difference</th><th>95% CI of difference</th></tr>\n", f);
    const char **labels = malloc((size_t)V * sizeof *labels);
    double *means = malloc((size_t)V * 3 * sizeof *means);     /* means, CI low, CI high */
    for (int i = 0; labels && means && i < V; i++) {
        int v = k.order[i];
        if (r->error[v][0])
            fputs("<tr><td></td><td>", f);
        else
            fprintf(f, "<tr><td>%d%s</td><td>", k.place[v], tied(r, &k, v) ? "=" : "");
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
        means[V + shown] = k.value[v].lo;
        means[2 * V + shown] = k.value[v].hi;
        means[shown++] = k.value[v].mean;
    }
    fputs("</table>\n<figure>\n", f);
    char bar_title[300];
    snprintf(bar_title, sizeof bar_title, "%s by variant (mean%s)", k.metric,
             R > 1 ? " and 95% interval" : "");
    if (labels && means)
        rm_svg_bars_ci(f, bar_title, k.metric, labels, means, means + V, means + 2 * V, shown);
    fputs("</figure>\n", f);
    /* the course over periods: of the ranked metric, or when a result is
     * ranked, of the first metric that differs between variants */
    const char *course = k.is_result ? NULL : k.metric;
    const rm_metrics *m0 = rep_of(r, first_ok(r), 0);
    for (size_t i = 0; !course && i < rm_metrics_count(m0); i++)
        if (varies(r, rm_metrics_name(m0, i), 0))
            course = rm_metrics_name(m0, i);
    if (course && labels) {
        /* the best eight variants */
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
                    x[j] = rm_metrics_get(rep_of(r, v, j), course, t);
                rm_summary sm;
                rm_summarize(x, (size_t)R, 1, &sm);
                mean[t] = sm.mean;
                mean[P + t] = sm.lo;
                mean[2 * P + t] = sm.hi;
            }
            series[s++] = (rm_series){r->variants[v].name, mean, R > 1 ? mean + P : NULL,
                                      R > 1 ? mean + 2 * P : NULL};
        }
        char title[300];
        snprintf(title, sizeof title, "%s per period, %s %d variants (mean%s)", course,
                 lines < shown ? "the best" : "all", lines, R > 1 ? ", 95% band" : "");
        rm_chart c = {title, rm_calendar_unit_name(&r->meta.calendar), course, P, 0, lines,
                      series, NULL};
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
