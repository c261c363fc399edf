/* svg.h - line charts as self-contained SVG, for reports and `plot`.
 *
 * A chart has series over x = x0, x0+1, ..., each optionally with a band
 * (a confidence interval). NaN values leave a gap instead of a line to
 * zero; a series with no finite value is listed as "no data".
 *
 *     double y[] = {1, 2, 4, 8};
 *     rm_series s = {"active", y, NULL, NULL};
 *     rm_chart c = {"Active customers", "period", "customers", 4, 0, 1, &s};
 *     rm_svg_chart(stdout, &c);
 *
 * rm_svg_chart_dated() also takes a calendar (x is period x0 + i and the
 * ticks are dates) and marks: vertical lines with a label, a case's events.
 */
#ifndef RMSIM_SVG_H
#define RMSIM_SVG_H

#include <stdio.h>

#include "rmsim/calendar.h"

typedef struct rm_series {
    const char *name;
    const double *y;            /* n values */
    const double *lo, *hi;      /* optional band, n values each */
} rm_series;

typedef struct rm_chart {
    const char *title;
    const char *xlabel;
    const char *ylabel;
    int n;                      /* points per series */
    double x0;                  /* x of the first point */
    int nseries;
    const rm_series *series;
    /* optional: the x of each point (n values; e.g. match lengths 1, 2, 5,
     * 200). Points are then spaced evenly and each tick says its x, so an
     * uneven sequence reads as categories rather than as 0, 1, 2, ... */
    const double *x;
} rm_chart;

/* An event marked on a chart at x. */
typedef struct rm_mark {
    double x;
    const char *label;
} rm_mark;

#define RM_SVG_WIDTH 760
#define RM_SVG_HEIGHT 380

void rm_svg_chart(FILE *f, const rm_chart *c);
/* cal NULL: ticks are period numbers. */
void rm_svg_chart_dated(FILE *f, const rm_chart *c, const rm_calendar *cal,
                        const rm_mark *marks, int nmarks);

/* Horizontal bars, one per label, in the order given. Values are written
 * as the tables write them (81,438). When every bar is far from zero
 * (the smallest is more than half the largest) the axis starts near the
 * smallest, with a zigzag break and a note saying it does not start at 0,
 * so that 2.27 and 1.86 differ visibly. */
void rm_svg_bars(FILE *f, const char *title, const char *xlabel, const char *const *labels,
                 const double *values, int n);
/* The same with a 95% interval per bar (lo, hi: n values each, NaN: none),
 * drawn as an error bar. */
void rm_svg_bars_ci(FILE *f, const char *title, const char *xlabel, const char *const *labels,
                    const double *values, const double *lo, const double *hi, int n);

/* An n x n heat map of m (row-major), rows and columns named; NaN cells
 * are left blank. A colour legend gives the scale; values are written in
 * the cells up to n = 30 (the 22 classics fit). */
void rm_svg_heatmap(FILE *f, const char *title, const char *const *names, const double *m, int n);

/* One row of dots per label: the spread of values[i * k .. i * k + k),
 * NaN skipped, with the row's mean marked. */
void rm_svg_strips(FILE *f, const char *title, const char *xlabel, const char *const *labels,
                   const double *values, int n, int k);

/* Write s with &, <, >, " and ' escaped, for XML and HTML; a byte XML does
 * not allow (control characters but tab and line ends, broken UTF-8) as '?'. */
void rm_put_xml(FILE *f, const char *s);

#endif
