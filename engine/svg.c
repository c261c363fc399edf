/* svg.c - line charts with bands, axes, ticks and a legend, in SVG.
 * Colours are the Okabe-Ito palette, readable by colour-blind viewers
 * and in grey print (lines also differ in dash pattern). */
#include "rmsim/svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rmsim/output.h"

static const char *const colours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000", "#F0E442"};
static const char *const dashes[] = {"", "6 3", "2 2", "8 3 2 3"};

/* plot area */
#define LEFT 78.0
#define RIGHT 190.0
#define TOP 40.0
#define BOTTOM 52.0

/* The length of the well-formed UTF-8 character at p that XML accepts,
 * or 0 (broken or overlong, a surrogate, U+FFFE or U+FFFF). A NUL ends a
 * cut sequence, so nothing past the string is read. */
static size_t xml_char(const unsigned char *p)
{
    unsigned c = p[0];
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3
             : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n <= 1)
        return n;
    unsigned long cp = c & (0x7Fu >> n);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    static const unsigned long least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFFFE ||
        cp == 0xFFFF)
        return 0;
    return n;
}

/* Text as XML character data. A byte XML does not allow (a control
 * character other than tab and line ends, broken UTF-8) becomes '?': one
 * escape byte in a CSV cell would otherwise make the whole SVG unreadable. */
void rm_put_xml(FILE *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (p && *p) {
        size_t n = 1;
        switch (*p) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default:
            if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
                fputc('?', f);
            else if ((n = xml_char(p)) == 0)
                fputc('?', f), n = 1;
            else
                fwrite(p, 1, n, f);
        }
        p += n;
    }
}

/* Characters, not bytes, of UTF-8 text. */
static size_t chars(const char *s)
{
    size_t n = 0;
    for (; s && *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* About how wide text is drawn in sans-serif (0.6 em a character, a bit
 * more in bold): enough to keep names and titles inside the picture. */
static double text_width(const char *s, double size, int bold)
{
    return (double)chars(s) * size * (bold ? 0.64 : 0.6);
}

/* Where a title of width w at 16 px (shrunk to 14 px first) would need a
 * second line: the space nearest the middle, or 0 when one line fits. */
static size_t title_split(const char *title, double w, double *size)
{
    *size = 16;
    while (*size > 14 && text_width(title, *size, 1) > w)
        *size -= 1;
    if (text_width(title, *size, 1) <= w)
        return 0;
    size_t n = strlen(title), best = 0;
    for (size_t i = 1; i < n; i++)
        if (title[i] == ' ' && (best == 0 || (i > n / 2 ? i - n / 2 : n / 2 - i) <
                                                 (best > n / 2 ? best - n / 2 : n / 2 - best)))
            best = i;
    return best;
}

/* The extra height a title needs below its first line. */
static double title_extra(const char *title, double w)
{
    double size;
    return title_split(title, w, &size) ? size + 4 : 0;
}

/* The title at (x, y), never cut: smaller, or on two lines. */
static void put_title(FILE *f, double x, double y, double w, const char *title)
{
    double size;
    size_t at = title_split(title, w, &size);
    char line[1024];
    for (int part = 0; part < (at ? 2 : 1); part++) {
        const char *from = part ? title + at + 1 : title;
        size_t len = part ? strlen(from) : at ? at : strlen(from);
        snprintf(line, sizeof line, "%.*s", (int)(len < sizeof line ? len : sizeof line - 1), from);
        fprintf(f, "<text class=\"title\" x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\" "
                   "font-weight=\"bold\">", x, y + part * (size + 4), size);
        rm_put_xml(f, line);
        fputs("</text>\n", f);
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
    /* with explicit x values, points are placed by index and labelled by x */
    double xmin = c->x ? 0 : c->x0, xmax = xmin + (c->n > 1 ? c->n - 1 : 1);
    double right = RIGHT;                   /* room for the longest legend name */
    for (int s = 0; s < c->nseries; s++)
        right = fmax(right, 50 + text_width(c->series[s].name, 13, 0));
    right = fmin(right, 420);
    /* a long legend widens the picture rather than squeezing the plot */
    double W = RM_SVG_WIDTH - RIGHT + right, H = RM_SVG_HEIGHT;
    double top = TOP + title_extra(c->title, W - 20);
    double pw = W - LEFT - right, ph = H - top - BOTTOM;
#define X(x) (LEFT + ((x) - xmin) / (xmax - xmin) * pw)
#define Y(y) (top + (ymax - fmin(fmax((y), ymin), ymax)) / (ymax - ymin) * ph)
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
               "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"13\">\n",
            W, H, W, H);
    fprintf(f, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n", W, H);
    put_title(f, 10, 24, W - 20, c->title);
    /* grid and y ticks */
    for (double v = ymin; v <= ymax + ystep * 1e-9; v += ystep) {
        double vv = fabs(v) < ystep * 1e-9 ? 0 : v;
        fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                   "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
                LEFT, LEFT + pw, Y(vv), Y(vv), LEFT - 6, Y(vv) + 4);
        put_tick(f, vv, ystep);
        fputs("</text>\n", f);
    }
    if (cal && cal->unit != RM_PERIOD_NONE && c->n > 0 && !c->x) {
        /* dates: ticks every whole step from the first period */
        int step = rm_calendar_tick_step(cal, c->n, 7);
        for (int i = 0; i < c->n; i += step) {
            char label[RM_CALENDAR_LABEL];
            rm_calendar_label(cal, (int)c->x0 + i, label, sizeof label);
            fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>"
                       "<text class=\"date\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                    X(xmin + i), X(xmin + i), top + ph, top + ph + 5, X(xmin + i), top + ph + 20);
            rm_put_xml(f, label);
            fputs("</text>\n", f);
        }
    } else {
        double xstep = nice_step(xmax - xmin, 8);
        if (xstep < 1)
            xstep = 1;
        for (double x = ceil(xmin / xstep) * xstep; x <= xmax + 1e-9; x += xstep) {
            int i = (int)llround(x);
            fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#999\"/>"
                       "<text class=\"xtick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
                       "%.4g</text>\n", X(x), X(x), top + ph, top + ph + 5, X(x), top + ph + 20,
                    c->x && i >= 0 && i < c->n ? c->x[i] : x);
        }
    }
    /* events: a dotted line and a label, staggered so neighbours stay legible */
    for (int k = 0, shown = 0; k < nmarks; k++) {
        double x = marks[k].x;
        if (!isfinite(x) || x < xmin || x > xmax)
            continue;
        double ty = top + 14 + 14 * (shown++ % 3);
        fprintf(f, "<line class=\"event\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
                   "stroke=\"#555\" stroke-dasharray=\"1 3\"/><text class=\"event\" x=\"%.1f\" "
                   "y=\"%.1f\" font-size=\"11\" fill=\"#333\"%s>",
                X(x), X(x), top, top + ph, X(x) + (X(x) > LEFT + pw * 0.7 ? -3 : 3), ty,
                X(x) > LEFT + pw * 0.7 ? " text-anchor=\"end\"" : "");
        rm_put_xml(f, marks[k].label);
        fputs("</text>\n", f);
    }
    fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
               "stroke=\"#333\"/>\n", LEFT, top, pw, ph);
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">", LEFT + pw / 2, H - 10);
    rm_put_xml(f, c->xlabel);
    fprintf(f, "</text>\n<text transform=\"translate(18 %.1f) rotate(-90)\" "
               "text-anchor=\"middle\">", top + ph / 2);
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
        double ly = top + 10 + 20 * s;
        fprintf(f, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                   "stroke-width=\"3\" stroke-dasharray=\"%s\"/><text class=\"legend\" x=\"%.1f\" y=\"%.1f\">",
                W - right + 12, W - right + 36, ly, ly, col, dash, W - right + 42, ly + 4);
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

/* The value range over finite values, widened to include 0. */
static void value_range(const double *v, int n, double *lo, double *hi)
{
    *lo = 0, *hi = 0;
    for (int i = 0; i < n; i++)
        extend(v[i], lo, hi);
    if (*lo == *hi)
        *hi = *lo + 1;
}

/* The width of the name column: the longest name, within reason. */
static double name_width(const char *const *names, int n)
{
    double w = 100;
    for (int i = 0; i < n; i++)
        w = fmax(w, text_width(names[i], 13, 0) + 16);
    return fmin(w, 360);
}

/* Opens the picture, writes the title (on two lines if it must) and opens
 * a group shifted down by what the title took, closed by svg_close. */
static void svg_open(FILE *f, double w, double h, const char *title)
{
    double extra = title_extra(title, w - 20);
    fprintf(f, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
               "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" font-size=\"13\">\n"
               "<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>\n",
            w, h + extra, w, h + extra, w, h + extra);
    put_title(f, 10, 22, w - 20, title);
    fprintf(f, "<g transform=\"translate(0 %.1f)\">\n", extra);
}

static void svg_close(FILE *f)
{
    fputs("</g>\n</svg>\n", f);
}

static void row_label(FILE *f, double x, double y, const char *name)
{
    fprintf(f, "<text class=\"name\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", x - 8, y);
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
                   "<text class=\"xtick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                x, x, 40.0, y, x, y + 16);
        put_tick(f, vv, step);
        fputs("</text>\n", f);
    }
    fprintf(f, "<text class=\"xlabel\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
            x0 + w / 2, y + 34);
    rm_put_xml(f, label);
    fputs("</text>\n", f);
}

void rm_svg_bars(FILE *f, const char *title, const char *xlabel, const char *const *labels,
                 const double *values, int n)
{
    rm_svg_bars_ci(f, title, xlabel, labels, values, NULL, NULL, n);
}

void rm_svg_bars_ci(FILE *f, const char *title, const char *xlabel, const char *const *labels,
                    const double *values, const double *cilo, const double *cihi, int n)
{
    double nw = name_width(labels, n), W = fmax(RM_SVG_WIDTH, nw + 520), pw = W - nw - 110;
    double H = 40 + n * ROW_H + 50, vmin = HUGE_VAL, vmax = -HUGE_VAL;
    for (int i = 0; i < n; i++) {
        extend(values[i], &vmin, &vmax);
        if (cilo && cihi) {
            extend(cilo[i], &vmin, &vmax);
            extend(cihi[i], &vmin, &vmax);
        }
    }
    /* far from zero on one side: zoom, and say so (a break on the axis) */
    int zoom = vmin <= vmax && ((vmin > 0 && vmin > 0.5 * vmax) || (vmax < 0 && vmax < 0.5 * vmin));
    double lo, hi;
    if (zoom) {
        double step = nice_step(vmax - vmin > 0 ? vmax - vmin : fabs(vmax) * 0.1, 5);
        lo = floor((vmin - step * 0.5) / step) * step;
        hi = ceil((vmax + step * 0.5) / step) * step;
        if (vmin > 0 && lo < 0)
            lo = 0, zoom = 0;
        if (vmax < 0 && hi > 0)
            hi = 0, zoom = 0;
    } else {
        value_range(values, n, &lo, &hi);
        if (cilo && cihi)
            for (int i = 0; i < n; i++) {
                extend(cilo[i], &lo, &hi);
                extend(cihi[i], &lo, &hi);
            }
        double step = nice_step(hi - lo, 6);
        lo = floor(lo / step) * step;
        hi = ceil(hi / step) * step;
    }
    double base = zoom ? (vmin > 0 ? lo : hi) : 0;
    char label[600];
    if (zoom) {
        char *from = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&from, &len);
        if (m) {
            rm_put_human(m, base);     /* 225,000 as the tables write it */
            fclose(m);
        }
        snprintf(label, sizeof label, "%s (the axis starts at %s, not 0)", xlabel,
                 from ? from : "");
        free(from);
    } else {
        snprintf(label, sizeof label, "%s", xlabel);
    }
    svg_open(f, W, H, title);
    double axis_y = 40 + n * ROW_H + 4;
    x_axis(f, lo, hi, nw, pw, axis_y, label);
#define BX(v) (nw + ((v) - lo) / (hi - lo) * pw)
    double zero = BX(base);
    if (zoom)   /* a zigzag where the axis is broken */
        fprintf(f, "<polyline class=\"axis-break\" fill=\"none\" stroke=\"#333\" stroke-width=\"1.5\" "
                   "points=\"%.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f\"/>\n",
                zero - 6, axis_y + 5, zero - 2, axis_y - 5, zero + 2, axis_y + 5, zero + 6,
                axis_y - 5);
    for (int i = 0; i < n; i++) {
        double y = 40 + i * ROW_H;
        row_label(f, nw, y + ROW_H * 0.7, labels[i]);
        if (!isfinite(values[i]))
            continue;
        double x = BX(values[i]), end = fmax(x, zero);
        fprintf(f, "<rect class=\"bar\" x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" "
                   "fill=\"%s\"/>\n", fmin(x, zero), y + 3, fabs(x - zero), ROW_H - 6, colours[0]);
        if (cilo && cihi && isfinite(cilo[i]) && isfinite(cihi[i])) {
            double a = BX(cilo[i]), b = BX(cihi[i]), m = y + ROW_H / 2;
            fprintf(f, "<path class=\"ci\" stroke=\"#222\" stroke-width=\"1.5\" fill=\"none\" "
                       "d=\"M%.2f %.1fH%.2fM%.2f %.1fV%.1fM%.2f %.1fV%.1f\"/>\n",
                    a, m, b, a, m - 5, m + 5, b, m - 5, m + 5);
            end = fmax(end, b);
        }
        fprintf(f, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\">", end + 4, y + ROW_H * 0.7);
        rm_put_human(f, values[i]);
        fputs("</text>\n", f);
    }
#undef BX
    svg_close(f);
}

/* White at the middle of the range, red below, blue above. */
static double heat_t(double v, double lo, double hi)
{
    double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
    return t < 0 ? 0 : t > 1 ? 1 : t;
}

static void heat_colour(double t, char out[8])
{
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

/* The colour scale: a bar from the lowest value (bottom) to the highest. */
static void heat_legend(FILE *f, double x, double y, double h, double lo, double hi)
{
    fputs("<defs><linearGradient id=\"rmsim-heat\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">", f);
    for (int k = 0; k <= 4; k++) {
        char col[8];
        heat_colour(k / 4.0, col);
        fprintf(f, "<stop offset=\"%d%%\" stop-color=\"%s\"/>", k * 25, col);
    }
    fprintf(f, "</linearGradient></defs>\n<g class=\"legend\">"
               "<rect x=\"%.1f\" y=\"%.1f\" width=\"14\" height=\"%.1f\" fill=\"url(#rmsim-heat)\" "
               "stroke=\"#999\"/>\n", x, y, h);
    const double at[] = {hi, (lo + hi) / 2, lo};
    for (int k = 0; k < 3; k++)
        fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%.3g</text>\n", x + 19,
                y + k * h / 2 + 4, at[k]);
    fputs("</g>\n", f);
}

void rm_svg_heatmap(FILE *f, const char *title, const char *const *names, const double *m, int n)
{
    double cell = n <= 16 ? 36 : n <= 30 ? 30 : n <= 40 ? 16 : 8;
    double nw = name_width(names, n), top = 40 + nw * 0.8;
    double W = nw + n * cell + 120, H = top + n * cell + 20;
    double lo = HUGE_VAL, hi = -HUGE_VAL;
    for (int i = 0; i < n * n; i++)
        extend(m[i], &lo, &hi);
    if (lo > hi)
        lo = 0, hi = 1;
    W = fmax(W, fmin(RM_SVG_WIDTH, text_width(title, 16, 1) + 20));   /* room for the title */
    svg_open(f, W, H, title);
    for (int j = 0; j < n; j++) {
        double x = nw + j * cell + cell * 0.6;
        fprintf(f, "<text transform=\"translate(%.1f %.1f) rotate(-60)\">", x, top - 6);
        rm_put_xml(f, names[j]);
        fputs("</text>\n", f);
    }
    double fs = cell >= 36 ? 11 : 9.5;
    for (int i = 0; i < n; i++) {
        double y = top + i * cell;
        row_label(f, nw, y + cell * 0.65, names[i]);
        for (int j = 0; j < n; j++) {
            double v = m[i * n + j];
            if (!isfinite(v))
                continue;
            char col[8];
            double t = heat_t(v, lo, hi);
            heat_colour(t, col);
            fprintf(f, "<rect class=\"cell\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                       "fill=\"%s\" stroke=\"white\"/>",
                    nw + j * cell, y, cell, cell, col);
            if (n <= 30)        /* dark text on light cells, white on dark */
                fprintf(f, "<text class=\"val\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                           "font-size=\"%.1f\" fill=\"%s\">%.2f</text>",
                        nw + j * cell + cell / 2, y + cell * 0.62, fs,
                        fabs(t - 0.5) > 0.32 ? "#fff" : "#222", v);
            fputc('\n', f);
        }
    }
    heat_legend(f, nw + n * cell + 24, top, fmin(n * cell, 240), lo, hi);
    svg_close(f);
}

void rm_svg_strips(FILE *f, const char *title, const char *xlabel, const char *const *labels,
                   const double *values, int n, int k)
{
    double nw = name_width(labels, n), W = fmax(RM_SVG_WIDTH, nw + 480), pw = W - nw - 40;
    double lo, hi, H = 40 + n * ROW_H + 50;
    value_range(values, n * k, &lo, &hi);
    double step = nice_step(hi - lo, 6);
    lo = floor(lo / step) * step;
    hi = ceil(hi / step) * step;
    svg_open(f, W, H, title);
    x_axis(f, lo, hi, nw, pw, 40 + n * ROW_H + 4, xlabel);
    for (int i = 0; i < n; i++) {
        double y = 40 + i * ROW_H + ROW_H / 2, sum = 0;
        int cnt = 0;
        row_label(f, nw, y + 4, labels[i]);
        for (int j = 0; j < k; j++) {
            double v = values[i * k + j];
            if (!isfinite(v))
                continue;
            sum += v;
            cnt++;
            fprintf(f, "<circle class=\"dot\" cx=\"%.2f\" cy=\"%.1f\" r=\"3\" fill=\"%s\" "
                       "fill-opacity=\"0.5\"/>\n", nw + (v - lo) / (hi - lo) * pw, y,
                    colours[0]);
        }
        if (cnt)
            fprintf(f, "<line class=\"mean\" x1=\"%.2f\" x2=\"%.2f\" y1=\"%.1f\" y2=\"%.1f\" "
                       "stroke=\"%s\" stroke-width=\"2.5\"/>\n",
                    nw + (sum / cnt - lo) / (hi - lo) * pw,
                    nw + (sum / cnt - lo) / (hi - lo) * pw, y - 8, y + 8, colours[1]);
    }
    svg_close(f);
}
