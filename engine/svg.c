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
    if (fabs(v) >= 1e7 || (v != 0 && fabs(v) < 1e-3))
        fprintf(f, "%.3g", v);
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
    double xstep = nice_step(xmax - xmin, 8);
    if (xstep < 1)
        xstep = 1;
    for (double x = ceil(xmin / xstep) * xstep; x <= xmax + 1e-9; x += xstep)
        fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>"
                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%.4g</text>\n",
                X(x), X(x), TOP + ph, TOP + ph + 5, X(x), TOP + ph + 20, x);
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
