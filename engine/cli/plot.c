/* plot.c - `rmsim plot`: a quick chart from any CSV rmsim writes. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "rmsim/csv.h"
#include "rmsim/output.h"
#include "rmsim/svg.h"

static const char plot_help[] =
    "usage: rmsim plot FILE.csv --y COLUMN [--y COLUMN]... -o CHART.svg [options]\n"
    "\n"
    "Draw a line chart from a CSV file (metrics.csv, sweep.csv, ...). Rows with the\n"
    "same x (and group) are averaged, so replicates give their mean.\n"
    "\n"
    "  --x COLUMN        the x axis, whole numbers (default: period)\n"
    "  --y COLUMN        a column to draw (repeatable)\n"
    "  --by COLUMN       one line per value of this column (e.g. variant)\n"
    "  --title TEXT      the chart's title (default: the y columns)\n"
    "  -o, --out FILE    where to write the SVG\n";

#define SERIES_MAX 16
#define X_MAX 1000000

static int parse_cell(const char *s, double *v)
{
    if (!*s) {
        *v = NAN;           /* an empty cell is a gap */
        return 0;
    }
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return *end || errno == ERANGE ? -1 : 0;
}

/* The y axis says what is drawn: the one column; else what the columns
 * have in common after their last dot (none.margin, service.margin:
 * "margin"); else that the legend tells. */
static void y_label(const char *const *ys, int n, char *out, size_t size)
{
    const char *last = strrchr(ys[0], '.');
    const char *common = n > 1 && last ? last + 1 : NULL;
    for (int i = 1; common && i < n; i++) {
        const char *d = strrchr(ys[i], '.');
        if (!d || strcmp(d + 1, common))
            common = NULL;
    }
    if (n == 1)
        snprintf(out, size, "%s", ys[0]);
    else if (common)
        snprintf(out, size, "%s", common);
    else
        snprintf(out, size, "value (lines named in the legend)");
}

int cmd_plot(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(plot_help, stdout);
            return 0;
        }
    const char *xname = "period", *by = NULL, *title = NULL, *out = NULL;
    arg_list ys = {0};
    for (int i = 0; i < argc; i++)      /* -o is --out */
        if (!strcmp(argv[i], "-o"))
            argv[i] = "--out";
    const opt opts[] = {
        {"--x", OPT_STRING, &xname, 0, 0, NULL}, {"--y", OPT_LIST, &ys, 0, 0, NULL},
        {"--by", OPT_STRING, &by, 0, 0, NULL},   {"--title", OPT_STRING, &title, 0, 0, NULL},
        {"--out", OPT_STRING, &out, 0, 0, NULL}, {NULL, 0, NULL, 0, 0, NULL},
    };
    const char *pos[1];
    int npos;
    rm_error err;
    if (args_parse(argc, argv, opts, pos, 1, &npos, &err) < 0)
        return cli_fail(&err);
    if (npos != 1 || ys.n == 0 || !out) {
        rm_errorf(&err, "plot: usage: rmsim plot FILE.csv --y COLUMN -o CHART.svg");
        return cli_fail(&err);
    }
    rm_csv *t = rm_csv_read(pos[0], &err);
    if (!t) {
        fprintf(stderr, "rmsim: %s\n", err.msg);
        return 1;
    }
    int rc = 1;
    long *xs = NULL;
    int xc = rm_csv_column(t, xname), bc = by ? rm_csv_column(t, by) : -1, yc[SERIES_MAX];
    const char *missing = xc < 0 ? xname : by && bc < 0 ? by : NULL;
    for (int i = 0; i < ys.n && !missing; i++)
        if ((yc[i] = rm_csv_column(t, ys.items[i])) < 0)
            missing = ys.items[i];
    if (missing) {
        const char *names[4096];
        for (int c = 0; c < rm_csv_columns(t); c++)
            names[c] = rm_csv_name(t, c);
        const char *hint = rm_suggest(missing, names, (size_t)rm_csv_columns(t));
        fprintf(stderr, "rmsim: %s: no column '%s'%s%s%s\n", pos[0], missing,
                hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
        rm_csv_free(t);
        return 1;
    }
    /* groups (values of --by) in first-seen order, and the x range */
    const char *groups[SERIES_MAX];
    int ng = by ? 0 : 1;
    long xmin = 0, xmax = -1;
    /* x as parsed and checked here is the x used below: reading the
     * text twice with two parsers (strtod, strtol) disagreed on 1e5, 0x10 */
    xs = malloc(((size_t)rm_csv_rows(t) + 1) * sizeof *xs);
    if (!xs) {
        fprintf(stderr, "rmsim: out of memory\n");
        goto out;
    }
    for (long r = 0; r < rm_csv_rows(t); r++) {
        double x;
        if (parse_cell(rm_csv_field(t, r, xc), &x) < 0 || isnan(x) || x != floor(x) ||
            fabs(x) > X_MAX) {
            fprintf(stderr, "rmsim: %s:%ld: %s must be a whole number (got '%s')\n", pos[0],
                    rm_csv_line(t, r), xname, rm_csv_field(t, r, xc));
            goto out;
        }
        xs[r] = (long)x;
        if (xmax < xmin)
            xmin = xmax = (long)x;
        xmin = (long)x < xmin ? (long)x : xmin;
        xmax = (long)x > xmax ? (long)x : xmax;
        if (by) {
            const char *g = rm_csv_field(t, r, bc);
            int k = 0;
            while (k < ng && strcmp(groups[k], g))
                k++;
            if (k == ng) {
                if (ng * ys.n >= SERIES_MAX) {
                    fprintf(stderr, "rmsim: %s: more than %d lines; choose fewer --y or a --by "
                            "with fewer values\n", pos[0], SERIES_MAX);
                    goto out;
                }
                groups[ng++] = g;
            }
        }
    }
    if (xmax < xmin || xmax - xmin + 1 > X_MAX) {
        fprintf(stderr, "rmsim: %s: no rows to plot\n", pos[0]);
        goto out;
    }
    int n = (int)(xmax - xmin + 1), ns = ng * ys.n;
    if (ns > SERIES_MAX) {
        fprintf(stderr, "rmsim: %s: more than %d lines\n", pos[0], SERIES_MAX);
        goto out;
    }
    double *sum = calloc((size_t)ns * n, sizeof *sum), *cnt = calloc((size_t)ns * n, sizeof *cnt);
    char (*names)[160] = calloc((size_t)ns, sizeof *names);
    rm_series series[SERIES_MAX];
    if (!sum || !cnt || !names) {
        free(sum), free(cnt), free(names);
        fprintf(stderr, "rmsim: out of memory\n");
        goto out;
    }
    int bad = 0;
    for (long r = 0; r < rm_csv_rows(t) && !bad; r++) {
        int g = 0;
        while (by && strcmp(groups[g], rm_csv_field(t, r, bc)))
            g++;
        long x = xs[r] - xmin;
        for (int i = 0; i < ys.n; i++) {
            double v;
            if (parse_cell(rm_csv_field(t, r, yc[i]), &v) < 0) {
                fprintf(stderr, "rmsim: %s:%ld: column '%s' is not a number ('%s')\n", pos[0],
                        rm_csv_line(t, r), ys.items[i], rm_csv_field(t, r, yc[i]));
                bad = 1;
                break;
            }
            if (!isfinite(v))
                continue;
            size_t at = (size_t)(g * ys.n + i) * n + (size_t)x;
            sum[at] += v;
            cnt[at] += 1;
        }
    }
    for (int s = 0; s < ns && !bad; s++) {
        for (int x = 0; x < n; x++) {
            size_t at = (size_t)s * n + x;
            sum[at] = cnt[at] > 0 ? sum[at] / cnt[at] : NAN;
        }
        int g = s / ys.n, i = s % ys.n;
        if (by && ys.n > 1)
            snprintf(names[s], sizeof names[s], "%s %s", groups[g], ys.items[i]);
        else
            snprintf(names[s], sizeof names[s], "%s", by ? groups[g] : ys.items[i]);
        series[s] = (rm_series){names[s], sum + (size_t)s * n, NULL, NULL};
    }
    if (!bad) {
        char ttl[512];
        size_t len = 0;
        for (int i = 0; i < ys.n && len < sizeof ttl; i++)
            len += (size_t)snprintf(ttl + len, sizeof ttl - len, "%s%s", i ? ", " : "", ys.items[i]);
        char ylabel[200];
        y_label(ys.items, ys.n, ylabel, sizeof ylabel);
        rm_chart c = {title ? title : ttl, xname, ylabel, n, (double)xmin, ns, series, NULL};
        /* written whole or not at all, like every rmsim output */
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", out);
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        rm_outset *o = rm_outset_new(slash ? dir : ".", &err);
        FILE *f = o ? rm_outset_file(o, slash ? slash + 1 : out, &err) : NULL;
        if (f) {
            rm_svg_chart(f, &c);
            rc = rm_outset_commit(o, &err) < 0;
        }
        if (!f || rc)
            fprintf(stderr, "rmsim: %s\n", err.msg);
        rm_outset_free(o);
    }
    free(sum);
    free(cnt);
    free(names);
out:
    free(xs);
    rm_csv_free(t);
    return rc;
}
