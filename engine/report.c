/* report.c - a run's self-contained HTML report: results table and one
 * chart per kind of metric (mean over replicates, 95% band).
 *
 * Metrics are grouped by their last name part, so "none.margin",
 * "service.margin" and "discount.margin" share one chart, one line each. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rmsim/output.h"
#include "rmsim/sbg.h"
#include "rmsim/scenario.h"
#include "rmsim/stats.h"
#include "rmsim/svg.h"

#define SERIES_PER_CHART RM_CHART_SERIES_MAX

static const char style[] =
    "body{font-family:sans-serif;max-width:800px;margin:2em auto;color:#222}"
    "table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #ddd;"
    "text-align:right}td:first-child,th:first-child{text-align:left}"
    "figure{margin:1.5em 0}code{background:#f4f4f4;padding:2px 4px}"
    "figcaption{margin:.3em 0 0 1em;max-width:680px;line-height:1.4}";

static const char *suffix(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot ? dot + 1 : name;
}

static void write_results_table(const rm_results *r, FILE *f)
{
    const char *names[RM_METRICS_MAX];
    size_t n = 0;
    for (int i = 0; i < r->replicates; i++)
        for (size_t c = 0; c < rm_metrics_scalar_count(r->reps[i]); c++) {
            const char *nm = rm_metrics_scalar_name(r->reps[i], c);
            size_t k = 0;
            while (k < n && strcmp(names[k], nm))
                k++;
            if (k == n && n < RM_METRICS_MAX)
                names[n++] = nm;
        }
    if (!n)
        return;
    fputs("<h2>Results</h2>\n<table><tr><th>result</th><th>mean</th><th>95% CI</th>"
          "<th>sd</th><th>n</th></tr>\n", f);
    double *x = malloc((size_t)r->replicates * sizeof *x);
    for (size_t c = 0; x && c < n; c++) {
        for (int i = 0; i < r->replicates; i++)
            x[i] = rm_metrics_scalar(r->reps[i], names[c]);
        rm_summary s;
        rm_summarize(x, (size_t)r->replicates, 1, &s);
        fputs("<tr><td>", f);
        rm_put_xml(f, names[c]);
        fputs("</td><td>", f);
        rm_put_human(f, s.mean);
        fputs("</td><td>", f);
        if (s.n > 1) {
            rm_put_human(f, s.lo);
            fputs(" .. ", f);
            rm_put_human(f, s.hi);
        }
        fputs("</td><td>", f);
        rm_put_human(f, s.sd);
        fprintf(f, "</td><td>%zu</td></tr>\n", s.n);
    }
    free(x);
    fputs("</table>\n", f);
}

/* Mean and band of one metric over replicates, per period. */
static void summarize_metric(const rm_results *r, const char *name, double *x, double *mean,
                             double *lo, double *hi)
{
    for (int t = 0; t < r->periods; t++) {
        for (int i = 0; i < r->replicates; i++)
            x[i] = rm_metrics_get(r->reps[i], name, t);
        rm_summary s;
        rm_summarize(x, (size_t)r->replicates, 1, &s);
        mean[t] = s.mean;
        lo[t] = s.lo;
        hi[t] = s.hi;
    }
}

static int all_zero(const double *v, int n)
{
    for (int i = 0; i < n; i++)
        if (v[i] != 0 && !isnan(v[i]))
            return 0;
    return 1;
}

static void chart_figure(const rm_results *r, FILE *f, const char *title, const char *xlabel,
                         const char *ylabel, const rm_series *series, int ns, const char *note,
                         const double *x)
{
    rm_mark marks[RM_EVENTS_MAX];
    for (int k = 0; k < r->nevents; k++)
        marks[k] = (rm_mark){r->events[k].t, r->events[k].label};
    rm_chart chart = {title, xlabel ? xlabel : rm_calendar_unit_name(&r->calendar), ylabel,
                      r->periods, 0, ns, series, x};
    fputs("<figure>\n", f);
    rm_svg_chart_dated(f, &chart, &r->calendar, marks, r->nevents);
    if (note && note[0]) {
        fputs("<figcaption>", f);
        rm_put_xml(f, note);
        fputs("</figcaption>\n", f);
    }
    fputs("</figure>\n", f);
}

static void write_declared_charts(const rm_results *r, FILE *f, double *x, double *buf)
{
    int P = r->periods, R = r->replicates;
    fputs("<h2>Charts</h2>\n", f);
    for (int c = 0; c < r->ncharts; c++) {
        const rm_chart_spec *cs = &r->charts[c];
        rm_series series[RM_CHART_SERIES_MAX];
        for (int k = 0; k < cs->nmetrics; k++) {
            double *mean = buf + (size_t)k * 3 * (size_t)P;
            summarize_metric(r, cs->metrics[k], x, mean, mean + P, mean + 2 * P);
            series[k] = (rm_series){cs->labels[k][0] ? cs->labels[k] : cs->metrics[k], mean,
                                    R > 1 ? mean + P : NULL, R > 1 ? mean + 2 * P : NULL};
        }
        char title[200];
        snprintf(title, sizeof title, "%s%s", cs->title[0] ? cs->title : cs->metrics[0],
                 R > 1 ? " (mean, 95% band)" : "");
        /* x = "metric": each period labelled with that metric's mean (e.g.
         * the match length a period stands for), the axis named after it */
        double *xs = NULL;
        if (cs->x[0] && (xs = malloc((size_t)P * 3 * sizeof *xs)) != NULL)
            summarize_metric(r, cs->x, x, xs, xs + P, xs + 2 * P);
        chart_figure(r, f, title, xs ? cs->x : NULL, cs->ylabel[0] ? cs->ylabel : cs->metrics[0],
                     series, cs->nmetrics, cs->note, xs);
        free(xs);
    }
}

static void write_charts(const rm_results *r, FILE *f)
{
    const rm_metrics *m = r->reps[0];
    size_t n = rm_metrics_count(m);
    int P = r->periods, R = r->replicates;
    char *done = calloc(n ? n : 1, 1);
    double *x = malloc((size_t)R * sizeof *x);
    double *buf = malloc((size_t)SERIES_PER_CHART * 3 * (size_t)P * sizeof *buf);
    if (!done || !x || !buf)
        goto out;
    if (r->ncharts > 0) {
        write_declared_charts(r, f, x, buf);
        goto out;
    }
    fputs("<h2>Charts</h2>\n", f);
    if (n == 0)
        fputs("<p>This scenario recorded no metrics.</p>\n", f);
    for (size_t c = 0; c < n; c++) {
        if (done[c])
            continue;
        const char *kind = suffix(rm_metrics_name(m, c));
        rm_series series[SERIES_PER_CHART];
        char labels[SERIES_PER_CHART][RM_METRIC_NAME_MAX + 1];
        int ns = 0;
        for (size_t d = c; d < n && ns < SERIES_PER_CHART; d++) {
            const char *name = rm_metrics_name(m, d);
            if (done[d] || strcmp(suffix(name), kind) != 0)
                continue;
            done[d] = 1;
            double *mean = buf + (size_t)ns * 3 * (size_t)P;
            summarize_metric(r, name, x, mean, mean + P, mean + 2 * P);
            if (all_zero(mean, P)) {
                fputs("<p>Not drawn: <code>", f);
                rm_put_xml(f, name);
                fputs("</code> is 0 in every period.</p>\n", f);
                continue;
            }
            size_t plen = strlen(name) - strlen(kind);
            snprintf(labels[ns], sizeof labels[ns], "%.*s", plen ? (int)plen - 1 : (int)strlen(name),
                     name);
            series[ns] = (rm_series){labels[ns], mean, R > 1 ? mean + P : NULL,
                                     R > 1 ? mean + 2 * P : NULL};
            ns++;
        }
        if (ns == 0)
            continue;
        char title[160];
        snprintf(title, sizeof title, "%s, per period%s", kind,
                 R > 1 ? " (mean over replicates, 95% band)" : "");
        chart_figure(r, f, title, NULL, kind, series, ns, NULL, NULL);
    }
out:
    free(done);
    free(x);
    free(buf);
}

/* Closed cohorts (no one acquired after period 0): their survival, with
 * the sBG model fitted to it (Fader & Hardie 2007), one chart each. */
static void write_survival_fits(const rm_results *r, FILE *f)
{
    const rm_metrics *m = r->reps[0];
    int P = r->periods, R = r->replicates;
    if (P < 3)
        return;
    double *x = malloc((size_t)R * sizeof *x), *buf = malloc((size_t)6 * P * sizeof *buf);
    for (size_t c = 0; x && buf && c < rm_metrics_count(m); c++) {
        const char *name = rm_metrics_name(m, c);
        size_t len = strlen(name);
        if (len < 8 || strcmp(name + len - 7, ".active"))
            continue;
        char acq[RM_METRIC_NAME_MAX + 8];
        snprintf(acq, sizeof acq, "%.*s.acquired", (int)(len - 7), name);
        double *active = buf, *lo = buf + P, *hi = buf + 2 * P, *acquired = buf + 3 * P;
        summarize_metric(r, name, x, active, lo, hi);
        summarize_metric(r, acq, x, acquired, lo, hi);
        int closed = active[0] > 0;
        for (int t = 1; t < P && closed; t++)
            closed = acquired[t] == 0 && !isnan(active[t]);
        rm_sbg_fit fit;
        rm_error err;
        if (!closed || rm_sbg_fit_data(active, (size_t)P, &fit, &err) < 0)
            continue;
        double *observed = buf + 4 * P, *model = buf + 5 * P;
        for (int t = 0; t < P; t++) {
            observed[t] = active[t] / active[0];
            model[t] = rm_sbg_survival(fit.alpha, fit.beta, t);
        }
        char label[96], title[200];
        snprintf(label, sizeof label, "sBG fit (alpha %.3g, beta %.3g)", fit.alpha, fit.beta);
        snprintf(title, sizeof title, "%.*s: survival of the cohort, and the sBG model fitted to it",
                 (int)(len - 7), name);
        rm_series series[2] = {{"simulated", observed, NULL, NULL}, {label, model, NULL, NULL}};
        rm_chart chart = {title, rm_calendar_unit_name(&r->calendar), "share still active", P, 0, 2,
                          series, NULL};
        fputs("<figure>\n", f);
        rm_svg_chart_dated(f, &chart, &r->calendar, NULL, 0);
        fputs("</figure>\n", f);
    }
    free(x);
    free(buf);
}

void rm_results_write_report(const rm_results *r, FILE *f)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>rmsim: ", f);
    rm_put_xml(f, r->name);
    fprintf(f, "</title><style>%s</style></head>\n<body>\n<h1>", style);
    rm_put_xml(f, r->name);
    fputs("</h1>\n", f);
    if (r->description[0]) {
        fputs("<p>", f);
        rm_put_xml(f, r->description);
        fputs("</p>\n", f);
    }
    fprintf(f, "<p>%d replicate%s of %d %s%s", r->replicates, r->replicates == 1 ? "" : "s",
            r->periods, rm_calendar_unit_name(&r->calendar), r->periods == 1 ? "" : "s");
    if (r->calendar.unit != RM_PERIOD_NONE && r->periods > 0) {
        char a[RM_CALENDAR_LABEL], b[RM_CALENDAR_LABEL];
        rm_calendar_label(&r->calendar, 0, a, sizeof a);
        rm_calendar_label(&r->calendar, r->periods - 1, b, sizeof b);
        fprintf(f, " (%s to %s)", a, b);
    }
    fprintf(f, ", seed %llu. Parameters: <code>", (unsigned long long)r->seed);
    rm_put_xml(f, r->params_json ? r->params_json : "{}");
    fputs("</code></p>\n", f);
    if (r->nevents > 0) {
        fputs("<h2>Events of the case</h2>\n<ul>\n", f);
        for (int k = 0; k < r->nevents; k++) {
            char when[RM_CALENDAR_LABEL];
            rm_calendar_label(&r->calendar, r->events[k].t, when, sizeof when);
            fprintf(f, "<li>%s%s: ", r->calendar.unit == RM_PERIOD_NONE ? "period " : "", when);
            rm_put_xml(f, r->events[k].label);
            fputs("</li>\n", f);
        }
        fputs("</ul>\n", f);
    }
    write_results_table(r, f);
    write_charts(r, f);
    write_survival_fits(r, f);
    fputs("<p><small>Made by rmsim " "from metrics.csv and summary.json in the same folder."
          "</small></p>\n</body></html>\n", f);
}
