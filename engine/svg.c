/* svg.c - line charts with bands, axes, ticks and a legend, in SVG.
 * Colours are the Okabe-Ito palette, readable by colour-blind viewers
 * and in grey print (lines also differ in dash pattern). */
#include "rmsim/svg.h"

#include <math.h>

static const char *const colours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000", "#F0E442"};
static const char *const dashes[] = {"", "6 3", "2 2", "8 3 2 3"};

/* plot area */
#define LEFT 78.0
#define RIGHT 190.0
#define TOP 40.0
#define BOTTOM 52.0

void rm_put_xml(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(*s, f);
        }
    }
}

/* A step of 1, 2 or 5 times a power of ten giving about `target` ticks. */
static double nice_step(double range, int target)
{
    double raw = range / target, p = pow(10, floor(log10(raw))), m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

/* Tick labels people read: 12000 rather than 1.2e+04. */
static void put_tick(FILE *f, double v, double step)
{
    if (fabs(v) >= 1e15 || (v != 0 && fabs(v) < 1e-3))
        fprintf(f, "%.3g", v);
    else if (fabs(v) >= 1e9 && step >= 1e8)
        fprintf(f, "%gG", v / 1e9);
    else if (fabs(v) >= 1e6 && step >= 1e5)
        fprintf(f, "%gM", v / 1e6);
    else if (fabs(v) >= 1e4 && step >= 1e3)
        fprintf(f, "%gk", v / 1e3);
    else if (step >= 1)
        fprintf(f, "%.0f", v);
    else
        fprintf(f, "%.*f", (int)ceil(-log10(step)), v);
}

static void extend(double v, double *lo, double *hi)
{
    if (!isfinite(v))
        return;
    if (v < *lo)
        *lo = v;
    if (v > *hi)
        *hi = v;
}

void rm_svg_chart(FILE *f, const rm_chart *c)
{
    rm_svg_chart_dated(f, c, NULL, NULL, 0);
}

void rm_svg_chart_dated(FILE *f, const rm_chart *c, const rm_calendar *cal,
                        const rm_mark *marks, int nmarks)
{
    double ymin = HUGE_VAL, ymax = -HUGE_VAL;
    for (int s = 0; s < c->nseries; s++)
        for (int i = 0; i < c->n; i++) {
            const rm_series *se = &c->series[s];
            extend(se->y[i], &ymin, &ymax);
            if (se->lo)
                extend(se->lo[i], &ymin, &ymax);
            if (se->hi)
                extend(se->hi[i], &ymin, &ymax);
        }
    if (ymin > ymax)                        /* nothing finite at all */
        ymin = 0, ymax = 1;
    if (!isfinite(ymax - ymin))             /* +-1.7e308: keep the scale finite */
        ymin = fmax(ymin, -1e307), ymax = fmin(ymax, 1e307);
    if (ymin > 0 && ymin < 0.5 * ymax)      /* start at zero when it is near */
        ymin = 0;
    if (ymin == ymax) {
        double pad = ymin == 0 ? 1 : fabs(ymin) * 0.1;
        ymin -= pad;
        ymax += pad;
    }
    double ystep = nice_step(ymax - ymin, 5);
    ymin = floor(ymin / ystep) * ystep;
    ymax = ceil(ymax / ystep) * ystep;
    double xmin = c->x0, xmax = c->x0 + (c->n > 1 ? c->n - 1 : 1);
    double W = RM_SVG_WIDTH, H = RM_SVG_HEIGHT, pw = W - LEFT - RIGHT, ph = H - TOP - BOTTOM;
#define X(x) (LEFT + ((x) - xmin) / (xmax - xmin) * pw)
#define Y(y) (TOP + (ymax - fmin(fmax((y), ymin), ymax)) / (ymax - ymin) * ph)
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
               "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"13\">\n",
            RM_SVG_WIDTH, RM_SVG_HEIGHT, RM_SVG_WIDTH, RM_SVG_HEIGHT);
    fprintf(f, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", RM_SVG_WIDTH, RM_SVG_HEIGHT);
    fputs("<text x=\"", f);
    fprintf(f, "%.1f\" y=\"24\" font-size=\"16\" font-weight=\"bold\">", LEFT);
    rm_put_xml(f, c->title);
    fputs("</text>\n", f);
    /* grid and y ticks */
    for (double v = ymin; v <= ymax + ystep * 1e-9; v += ystep) {
        double vv = fabs(v) < ystep * 1e-9 ? 0 : v;
        fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                LEFT, LEFT + pw, Y(vv), Y(vv), LEFT - 6, Y(vv) + 4);
        put_tick(f, vv, ystep);
        fputs("</text>\n", f);
    }
    if (cal && cal->unit != RM_PERIOD_NONE && c->n > 0) {
        /* dates: ticks every whole step from the first period */
        int step = rm_calendar_tick_step(cal, c->n, 7);
        for (int i = 0; i < c->n; i += step) {
            char label[RM_CALENDAR_LABEL];
            rm_calendar_label(cal, (int)c->x0 + i, label, sizeof label);
            fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>"
                       "<text class=\"date\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                    X(xmin + i), X(xmin + i), TOP + ph, TOP + ph + 5, X(xmin + i), TOP + ph + 20);
            rm_put_xml(f, label);
            fputs("</text>\n", f);
        }
    } else {
        double xstep = nice_step(xmax - xmin, 8);
        if (xstep < 1)
            xstep = 1;
        for (double x = ceil(xmin / xstep) * xstep; x <= xmax + 1e-9; x += xstep)
            fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>"
                       "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.4g</text>\n",
                    X(x), X(x), TOP + ph, TOP + ph + 5, X(x), TOP + ph + 20, x);
    }
    /* events: a dotted line and a label, staggered so neighbours stay legible */
    for (int k = 0, shown = 0; k < nmarks; k++) {
        double x = marks[k].x;
        if (!isfinite(x) || x < xmin || x > xmax)
            continue;
        double ty = TOP + 14 + 14 * (shown++ % 3);
        fprintf(f, "<line class=\"event\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"#555\" stroke-dasharray=\"1 3\"/><text class=\"event\" x=\"%.1f\" "
                   "y=\"%.1f\" font-size=\"11\" fill=\"#333\"%s>",
                X(x), X(x), TOP, TOP + ph, X(x) + (X(x) > LEFT + pw * 0.7 ? -3 : 3), ty,
                X(x) > LEFT + pw * 0.7 ? " text-anchor=\"end\"" : "");
        rm_put_xml(f, marks[k].label);
        fputs("</text>\n", f);
    }
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
               "stroke=\"#333\"/>\n", LEFT, TOP, pw, ph);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", LEFT + pw / 2, H - 10);
    rm_put_xml(f, c->xlabel);
    fprintf(f, "</text>\n<text transform=\"translate(18 %.1f) rotate(-90)\" "
               "text-anchor=\"middle\">", TOP + ph / 2);
    rm_put_xml(f, c->ylabel);
    fputs("</text>\n", f);
    for (int s = 0; s < c->nseries; s++) {
        const rm_series *se = &c->series[s];
        const char *col = colours[s % 8], *dash = dashes[(s / 8 + s) % 4];
        int finite = 0;
        for (int i = 0; i < c->n; i++)
            finite += isfinite(se->y[i]);
        /* band: one polygon per run of finite bounds */
        for (int i = 0; se->lo && se->hi && i < c->n;) {
            if (!isfinite(se->lo[i]) || !isfinite(se->hi[i])) {
                i++;
                continue;
            }
            int j = i;
            while (j < c->n && isfinite(se->lo[j]) && isfinite(se->hi[j]))
                j++;
            if (j - i > 1) {
                fprintf(f, "<polygon class=\"band\" fill=\"%s\" fill-opacity=\"0.18\" points=\"", col);
                for (int k = i; k < j; k++)
                    fprintf(f, "%.2f,%.2f ", X(xmin + k), Y(se->hi[k]));
                for (int k = j - 1; k >= i; k--)
                    fprintf(f, "%.2f,%.2f ", X(xmin + k), Y(se->lo[k]));
                fputs("\"/>\n", f);
            }
            i = j;
        }
        /* line: one polyline per run of finite values; lone points as dots */
        for (int i = 0; i < c->n;) {
            if (!isfinite(se->y[i])) {
                i++;
                continue;
            }
            int j = i;
            while (j < c->n && isfinite(se->y[j]))
                j++;
            if (j - i == 1) {
                fprintf(f, "<circle class=\"point\" cx=\"%.2f\" cy=\"%.2f\" r=\"3.5\" fill=\"%s\"/>\n",
                        X(xmin + i), Y(se->y[i]), col);
            } else {
                fprintf(f, "<polyline class=\"line\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
                           "stroke-dasharray=\"%s\" points=\"", col, dash);
                for (int k = i; k < j; k++)
                    fprintf(f, "%.2f,%.2f ", X(xmin + k), Y(se->y[k]));
                fputs("\"/>\n", f);
            }
            i = j;
        }
        double ly = TOP + 10 + 20 * s;
        fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                   "stroke-width=\"3\" stroke-dasharray=\"%s\"/><text x=\"%.1f\" y=\"%.1f\">",
                W - RIGHT + 12, W - RIGHT + 36, ly, ly, col, dash, W - RIGHT + 42, ly + 4);
        rm_put_xml(f, se->name);
        if (!finite)
            fputs(" (no data)", f);
        fputs("</text>\n", f);
    }
    fputs("</svg>\n", f);
#undef X
#undef Y
}

/* ---- bars, heat maps and strips: charts with one row per name --------- */

#define ROW_H 22.0
#define NAME_W 190.0

/* The value range over finite values, widened to include 0. */
static void value_range(const double *v, int n, double *lo, double *hi)
{
    *lo = 0, *hi = 0;
    for (int i = 0; i < n; i++)
        extend(v[i], lo, hi);
    if (*lo == *hi)
        *hi = *lo + 1;
}

static void svg_open(FILE *f, double w, double h, const char *title)
{
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
               "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"13\">\n"
               "<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n"
               "<text x=\"10\" y=\"22\" font-size=\"16\" font-weight=\"bold\">",
            w, h, w, h, w, h);
    rm_put_xml(f, title);
    fputs("</text>\n", f);
}

static void row_label(FILE *f, double y, const char *name)
{
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", NAME_W - 8, y);
    rm_put_xml(f, name);
    fputs("</text>\n", f);
}

/* x axis ticks for [lo, hi] over the band [x0, x0 + w] at height y */
static void x_axis(FILE *f, double lo, double hi, double x0, double w, double y, const char *label)
{
    double step = nice_step(hi - lo, 6);
    for (double v = ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
        double x = x0 + (v - lo) / (hi - lo) * w, vv = fabs(v) < step * 1e-9 ? 0 : v;
        fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                x, x, 40.0, y, x, y + 16);
        put_tick(f, vv, step);
        fputs("</text>\n", f);
    }
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", x0 + w / 2, y + 34);
    rm_put_xml(f, label);
    fputs("</text>\n", f);
}

void rm_svg_bars(FILE *f, const char *title, const char *xlabel, const char *const *labels,
                 const double *values, int n)
{
    double lo, hi, W = RM_SVG_WIDTH, pw = W - NAME_W - 60, H = 40 + n * ROW_H + 50;
    value_range(values, n, &lo, &hi);
    double step = nice_step(hi - lo, 6);
    lo = floor(lo / step) * step;
    hi = ceil(hi / step) * step;
    svg_open(f, W, H, title);
    x_axis(f, lo, hi, NAME_W, pw, 40 + n * ROW_H + 4, xlabel);
    double zero = NAME_W + (0 - lo) / (hi - lo) * pw;
    for (int i = 0; i < n; i++) {
        double y = 40 + i * ROW_H;
        row_label(f, y + ROW_H * 0.7, labels[i]);
        if (!isfinite(values[i]))
            continue;
        double x = NAME_W + (values[i] - lo) / (hi - lo) * pw;
        fprintf(f, "<rect class=\"bar\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" "
                   "fill=\"%s\"/><text x=\"%.1f\" y=\"%.1f\">%.3g</text>\n",
                fmin(x, zero), y + 3, fabs(x - zero), ROW_H - 6, colours[0], fmax(x, zero) + 4,
                y + ROW_H * 0.7, values[i]);
    }
    fputs("</svg>\n", f);
}

/* White at the middle of the range, red below, blue above. */
static void heat_colour(double v, double lo, double hi, char out[8])
{
    double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    int r, g, b;
    if (t < 0.5) {
        double u = t / 0.5;             /* 0 red .. 1 white */
        r = (int)(214 + u * 41), g = (int)(96 + u * 159), b = (int)(77 + u * 178);
    } else {
        double u = (t - 0.5) / 0.5;     /* 0 white .. 1 blue */
        r = (int)(255 - u * 222), g = (int)(255 - u * 153), b = (int)(255 - u * 83);
    }
    snprintf(out, 8, "#%02x%02x%02x", r, g, b);
}

void rm_svg_heatmap(FILE *f, const char *title, const char *const *names, const double *m, int n)
{
    double cell = n <= 16 ? 36 : n <= 40 ? 16 : 8, top = 40 + NAME_W * 0.8;
    double W = NAME_W + n * cell + 130, H = top + n * cell + 20;
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (int i = 0; i < n * n; i++)
        extend(m[i], &lo, &hi);
    svg_open(f, W < 400 ? 400 : W, H, title);
    for (int j = 0; j < n; j++) {
        double x = NAME_W + j * cell + cell * 0.6;
        fprintf(f, "<text transform=\"translate(%.1f %.1f) rotate(-60)\">", x, top - 6);
        rm_put_xml(f, names[j]);
        fputs("</text>\n", f);
    }
    for (int i = 0; i < n; i++) {
        double y = top + i * cell;
        row_label(f, y + cell * 0.65, names[i]);
        for (int j = 0; j < n; j++) {
            double v = m[i * n + j];
            if (!isfinite(v))
                continue;
            char col[8];
            heat_colour(v, lo, hi, col);
            fprintf(f, "<rect class=\"cell\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                       "fill=\"%s\" stroke=\"white\"/>",
                    NAME_W + j * cell, y, cell, cell, col);
            if (n <= 16)
                fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"11\">"
                           "%.2f</text>", NAME_W + j * cell + cell / 2, y + cell * 0.62, v);
            fputc('\n', f);
        }
    }
    fputs("</svg>\n", f);
}

void rm_svg_strips(FILE *f, const char *title, const char *xlabel, const char *const *labels,
                   const double *values, int n, int k)
{
    double lo, hi, W = RM_SVG_WIDTH, pw = W - NAME_W - 40, H = 40 + n * ROW_H + 50;
    value_range(values, n * k, &lo, &hi);
    double step = nice_step(hi - lo, 6);
    lo = floor(lo / step) * step;
    hi = ceil(hi / step) * step;
    svg_open(f, W, H, title);
    x_axis(f, lo, hi, NAME_W, pw, 40 + n * ROW_H + 4, xlabel);
    for (int i = 0; i < n; i++) {
        double y = 40 + i * ROW_H + ROW_H / 2, sum = 0;
        int cnt = 0;
        row_label(f, y + 4, labels[i]);
        for (int j = 0; j < k; j++) {
            double v = values[i * k + j];
            if (!isfinite(v))
                continue;
            sum += v;
            cnt++;
            fprintf(f, "<circle class=\"dot\" cx=\"%.2f\" cy=\"%.1f\" r=\"3\" fill=\"%s\" "
                       "fill-opacity=\"0.5\"/>\n", NAME_W + (v - lo) / (hi - lo) * pw, y,
                    colours[0]);
        }
        if (cnt)
            fprintf(f, "<line class=\"mean\" x1=\"%.2f\" x2=\"%.2f\" y1=\"%.1f\" y2=\"%.1f\" "
                       "stroke=\"%s\" stroke-width=\"2.5\"/>\n",
                    NAME_W + (sum / cnt - lo) / (hi - lo) * pw,
                    NAME_W + (sum / cnt - lo) / (hi - lo) * pw, y - 8, y + 8, colours[1]);
    }
    fputs("</svg>\n", f);
}
