/* test_svg.c - charts are well-formed XML, draw the data where it
 * belongs, and survive edge cases (NaN gaps, one period, all zeros,
 * huge values, markup in names). */
#include "testutil.h"

#include <ctype.h>
#include <math.h>

#include "rmsim/svg.h"

static char *render(const rm_chart *c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rm_svg_chart(f, c);
    fclose(f);
    return buf;
}

/* A small XML checker: tags nest, attributes are quoted, text and
 * attribute values carry no raw '<' and only known entities. */
static void assert_well_formed(const char *s)
{
    const char *stack[256];
    size_t lens[256];
    int depth = 0, roots = 0;
    while (*s) {
        if (*s == '&') {
            int ok = !strncmp(s, "&amp;", 5) || !strncmp(s, "&lt;", 4) || !strncmp(s, "&gt;", 4) ||
                     !strncmp(s, "&quot;", 6) || !strncmp(s, "&#39;", 5);
            if (!ok)
                fail_msg("bad entity at: %.20s", s);
            s++;
            continue;
        }
        if (*s != '<') {
            s++;
            continue;
        }
        s++;
        int closing = *s == '/';
        if (closing)
            s++;
        const char *name = s;
        while (isalnum((unsigned char)*s))
            s++;
        size_t nlen = (size_t)(s - name);
        assert_true(nlen > 0);
        if (closing) {
            assert_true(depth > 0);
            depth--;
            if (lens[depth] != nlen || strncmp(stack[depth], name, nlen))
                fail_msg("</%.*s> closes <%.*s>", (int)nlen, name, (int)lens[depth], stack[depth]);
            assert_int_equal(*s, '>');
            s++;
            continue;
        }
        for (;;) {
            while (isspace((unsigned char)*s))
                s++;
            if (*s == '>' || (*s == '/' && s[1] == '>'))
                break;
            const char *an = s;
            while (isalnum((unsigned char)*s) || *s == '-' || *s == ':')
                s++;
            if (s == an || *s != '=' || s[1] != '"')
                fail_msg("bad attribute at: %.30s", an);
            s += 2;
            while (*s && *s != '"') {
                if (*s == '<')
                    fail_msg("raw '<' in attribute");
                s++;
            }
            assert_int_equal(*s, '"');
            s++;
        }
        if (*s == '/') {
            s += 2;
            if (depth == 0)
                roots++;
        } else {
            if (depth == 0)
                roots++;
            assert_true(depth < 256);
            stack[depth] = name;
            lens[depth++] = nlen;
            s++;
        }
    }
    assert_int_equal(depth, 0);
    assert_int_equal(roots, 1);
}

/* Parse the "x,y x,y ..." of the n-th element with a points attribute. */
static int points_of(const char *svg, const char *elem, int nth, double *x, double *y, int max)
{
    const char *p = svg;
    char open[32];
    snprintf(open, sizeof open, "<%s ", elem);
    for (int i = 0; i <= nth; i++) {
        p = strstr(p, open);
        if (!p)
            return -1;
        p++;
    }
    p = strstr(p, "points=\"") + 8;
    int n = 0;
    while (*p != '"' && n < max) {
        char *end;
        x[n] = strtod(p, &end);
        y[n] = strtod(end + 1, &end);
        p = end;
        while (*p == ' ')
            p++;
        n++;
    }
    return n;
}

static int count(const char *s, const char *needle)
{
    int n = 0;
    for (; (s = strstr(s, needle)) != NULL; s++)
        n++;
    return n;
}

static void data_points_are_where_they_belong(void **state)
{
    (void)state;
    double y[] = {0, 10, 20, 30, 40};
    rm_series s = {"linear", y, NULL, NULL};
    rm_chart c = {"A <linear> & simple chart", "period", "units", 5, 0, 1, &s, NULL};
    char *svg = render(&c);
    assert_well_formed(svg);
    assert_contains(svg, "A &lt;linear&gt; &amp; simple chart");
    double px[8], py[8];
    assert_int_equal(points_of(svg, "polyline", 0, px, py, 8), 5);
    for (int i = 1; i < 5; i++) {
        /* equal steps in x, equal steps up the screen in y */
        assert_float_equal(px[i] - px[i - 1], px[1] - px[0], 0.02);
        assert_float_equal(py[i] - py[i - 1], py[1] - py[0], 0.02);
        assert_true(py[i] < py[i - 1]);
    }
    free(svg);
}

static void bands_and_legends(void **state)
{
    (void)state;
    double a[] = {5, 6, 7}, lo[] = {4, 5, 6}, hi[] = {6, 7, 8}, b[] = {1, 1, 1};
    rm_series s[] = {{"with band", a, lo, hi}, {"flat", b, NULL, NULL}};
    rm_chart c = {"two", "period", "y", 3, 0, 2, s, NULL};
    char *svg = render(&c);
    assert_well_formed(svg);
    assert_int_equal(count(svg, "class=\"band\""), 1);
    assert_int_equal(count(svg, "class=\"line\""), 2);
    assert_contains(svg, ">with band</text>");
    assert_contains(svg, ">flat</text>");
    /* the band's upper edge lies above the line (smaller screen y) */
    double lx[4], ly[4], bx[8], by[8];
    points_of(svg, "polyline", 0, lx, ly, 4);
    assert_int_equal(points_of(svg, "polygon", 0, bx, by, 8), 6);
    for (int i = 0; i < 3; i++)
        assert_true(by[i] < ly[i] && by[5 - i] > ly[i]);
    free(svg);
}

static void edge_cases(void **state)
{
    (void)state;
    /* NaN makes a gap: a lone point, then a line of two */
    double gap[] = {1, NAN, 3, 4};
    rm_series s1 = {"gappy", gap, NULL, NULL};
    rm_chart c1 = {"gaps", "period", "y", 4, 0, 1, &s1, NULL};
    char *svg = render(&c1);
    assert_well_formed(svg);
    assert_int_equal(count(svg, "class=\"point\""), 1);
    assert_int_equal(count(svg, "class=\"line\""), 1);
    double px[4], py[4];
    assert_int_equal(points_of(svg, "polyline", 0, px, py, 4), 2);
    free(svg);

    /* one period, all zeros, all NaN, huge values: no nan/inf in the drawing */
    double one[] = {7}, zeros[] = {0, 0, 0}, nans[] = {NAN, NAN, NAN}, huge[] = {1.7e308, -1.7e308, 5};
    struct { double *y; int n; } cases[] = {{one, 1}, {zeros, 3}, {nans, 3}, {huge, 3}};
    for (int k = 0; k < 4; k++) {
        rm_series s = {"s", cases[k].y, NULL, NULL};
        rm_chart c = {"edge", "period", "y", cases[k].n, 0, 1, &s, NULL};
        svg = render(&c);
        assert_well_formed(svg);
        if (strstr(svg, "nan") || strstr(svg, "inf"))
            fail_msg("case %d draws nan/inf:\n%s", k, svg);
        free(svg);
    }
    rm_series s = {"empty", nans, NULL, NULL};
    rm_chart c = {"edge", "period", "y", 3, 0, 1, &s, NULL};
    svg = render(&c);
    assert_contains(svg, "empty (no data)");
    free(svg);
}

static void bars_heatmap_strips(void **state)
{
    (void)state;
    const char *names[] = {"a<b", "c&d", "e"};
    double v[] = {2.5, -1, NAN};
    double m[] = {3, 0, 5, 1, NAN, 2, 0.5, 4, 1};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rm_svg_bars(f, "bars", "score", names, v, 3);
    fclose(f);
    assert_well_formed(buf);
    assert_int_equal(count(buf, "class=\"bar\""), 2);      /* NaN gets no bar */
    assert_contains(buf, "a&lt;b");
    free(buf);
    f = open_memstream(&buf, &len);
    rm_svg_heatmap(f, "heat", names, m, 3);
    fclose(f);
    assert_well_formed(buf);
    assert_int_equal(count(buf, "class=\"cell\""), 8);     /* NaN cell left blank */
    assert_contains(buf, ">5.00</text>");
    free(buf);
    f = open_memstream(&buf, &len);
    rm_svg_strips(f, "strips", "score", names, m, 3, 3);
    fclose(f);
    assert_well_formed(buf);
    assert_int_equal(count(buf, "class=\"dot\""), 8);
    assert_int_equal(count(buf, "class=\"mean\""), 3);
    free(buf);
}

static void plot_from_csv(void **state)
{
    (void)state;
    const char *dir = temp_dir();
    /* group a: period 0 averages 2 and 4 to 3, period 1 is 6; group b is flat at 3 */
    const char *csv = write_script(dir, "t.csv",
        "variant,period,y\na,0,2\na,0,4\nb,0,3\na,1,6\nb,1,3\n\"b\",2,\n");
    char out[256];
    snprintf(out, sizeof out, "%s/chart.svg", dir);
    run_result r = run_rmsim((const char *const[]){"plot", csv, "--y", "y", "--by", "variant",
                                                   "-o", out, NULL});
    assert_int_equal(r.status, 0);
    char *svg = slurp_file(out);
    assert_non_null(svg);
    assert_well_formed(svg);
    assert_contains(svg, ">a</text>");
    assert_contains(svg, ">b</text>");
    double ax[4], ay[4], bx[4], by[4];
    assert_int_equal(points_of(svg, "polyline", 0, ax, ay, 4), 2);
    assert_int_equal(points_of(svg, "polyline", 1, bx, by, 4), 2);   /* b's empty cell: a gap */
    assert_float_equal(ay[0], by[0], 0.01);      /* a's mean 3 at period 0 = b's 3 */
    assert_true(ay[1] < ay[0]);                   /* 6 is drawn higher (smaller y) */
    free(svg);
    run_free(&r);
    const char *bad = write_script(dir, "bad.csv", "period,y\n0,1\n1,lots\n");
    char out2[256];
    snprintf(out2, sizeof out2, "%s/never.svg", dir);
    r = run_rmsim((const char *const[]){"plot", bad, "--y", "y", "-o", out2, NULL});
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "bad.csv:3: column 'y' is not a number ('lots')");
    assert_int_equal(access(out2, F_OK), -1);
    run_free(&r);
    r = run_rmsim((const char *const[]){"plot", csv, "--y", "why", "-o", out2, NULL});
    assert_contains(r.err, "no column 'why'");
    run_free(&r);
    remove_tree(dir);
}

/* The value of attribute `attr` in the first element that has class `cls`
 * at or after the nth such element (0-based). */
static double attr_of(const char *svg, const char *cls, int nth, const char *attr)
{
    char want[64], a[32];
    snprintf(want, sizeof want, "class=\"%s\"", cls);
    snprintf(a, sizeof a, " %s=\"", attr);
    const char *p = svg;
    for (int i = 0; p && i <= nth; i++)
        p = strstr(i ? p + 1 : p, want);
    if (!p)
        fail_msg("no %d-th element of class %s", nth, cls);
    const char *start = p;
    while (start > svg && *start != '<')
        start--;
    const char *q = strstr(start, a);
    assert_non_null(q);
    return atof(q + strlen(a));
}

static char *bars_svg(const char *const *names, const double *v, const double *lo,
                      const double *hi, int n)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rm_svg_bars_ci(f, "bars", "score", names, v, lo, hi, n);
    fclose(f);
    assert_well_formed(buf);
    return buf;
}

/* Bars: names never clipped, values as the tables write them, error bars
 * for the intervals, and an axis that zooms (and says so) only when every
 * bar is far from zero. */
static void bars_read_well(void **state)
{
    (void)state;
    const char *names[] = {"service_effect=0.3 discount_effect=0.85", "b"};
    double v[] = {81438, 79000.5}, lo[] = {80000, 78000}, hi[] = {83000, NAN};
    char *svg = bars_svg(names, v, lo, hi, 2);
    /* the bars start right of the longest name: at 13 px about 0.6 em a char */
    double bar_x = attr_of(svg, "bar", 0, "x");
    assert_true(bar_x >= strlen(names[0]) * 13 * 0.55);
    assert_contains(svg, ">81,438</text>");
    assert_null(strstr(svg, "e+0"));
    assert_int_equal(count(svg, "class=\"ci\""), 1);      /* the NaN interval has none */
    /* 81,438 and 79,000 from zero differ by 3%: zoomed, with the break marked */
    assert_int_equal(count(svg, "class=\"axis-break\""), 1);
    assert_contains(svg, "(the axis starts at ");
    double w0 = attr_of(svg, "bar", 0, "width"), w1 = attr_of(svg, "bar", 1, "width");
    assert_true(w0 / w1 > 1.1);
    free(svg);
    /* 2.27 against 1.86 (a tournament): from 0 the bars differ by 22%;
     * zoomed, the longer is at least half as long again */
    const char *two[] = {"tit_for_tat", "always_defect"};
    double s2[] = {2.27, 1.86};
    svg = bars_svg(two, s2, NULL, NULL, 2);
    w0 = attr_of(svg, "bar", 0, "width");
    w1 = attr_of(svg, "bar", 1, "width");
    assert_true(w0 / w1 > 1.5);
    free(svg);
    /* near zero, or of both signs: the axis includes 0 and has no break */
    double near[] = {5, 1}, mixed[] = {2, -1};
    svg = bars_svg(two, near, NULL, NULL, 2);
    assert_int_equal(count(svg, "axis-break"), 0);
    assert_true(fabs(attr_of(svg, "bar", 0, "width") / attr_of(svg, "bar", 1, "width") - 5) < 1e-6);
    free(svg);
    svg = bars_svg(two, mixed, NULL, NULL, 2);
    assert_int_equal(count(svg, "axis-break"), 0);
    free(svg);
}

/* Heat maps carry a colour legend from the lowest value to the highest,
 * and write their values up to 30 rows (the 22 classics). */
static void heatmap_legend_and_values(void **state)
{
    (void)state;
    for (int n = 22; n <= 31; n += 9) {
        const char *names[31];
        double m[31 * 31];
        char nm[31][16];
        for (int i = 0; i < n; i++) {
            snprintf(nm[i], sizeof nm[i], "s%d", i);
            names[i] = nm[i];
            for (int j = 0; j < n; j++)
                m[i * n + j] = 1 + (i * 7 + j * 3) % 40 / 10.0;   /* 1.0 .. 4.9 */
        }
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        rm_svg_heatmap(f, "heat", names, m, n);
        fclose(f);
        assert_well_formed(buf);
        assert_int_equal(count(buf, "class=\"legend\""), 1);
        assert_contains(buf, "<linearGradient id=\"rmsim-heat\"");
        assert_contains(buf, ">4.9</text>");          /* the scale's top */
        assert_contains(buf, ">1</text>");            /* and bottom */
        assert_int_equal(count(buf, "class=\"val\""), n <= 30 ? n * n : 0);
        free(buf);
    }
}

/* Line charts: uneven x values (match lengths) label their ticks; a long
 * title goes on two lines instead of off the edge; a long legend widens
 * the picture. */
static void line_chart_x_values_titles_legends(void **state)
{
    (void)state;
    double y[8] = {1, 2, 3, 4, 5, 6, 7, 8}, xs[8] = {1, 2, 3, 5, 10, 20, 50, 200};
    rm_series s = {"tit_for_tat", y, NULL, NULL};
    rm_chart c = {"Score per turn by match length (period k = the k-th length: 1 2 3 5 10 20 50 "
                  "200) (mean, 95% band)", "match length", "score", 8, 0, 1, &s, xs};
    char *svg = render(&c);
    assert_well_formed(svg);
    assert_contains(svg, ">200</text>");
    assert_contains(svg, ">50</text>");
    assert_int_equal(count(svg, "class=\"xtick\""), 8);
    /* points evenly spaced, whatever the gaps between the x values */
    double px[8], py[8];
    assert_int_equal(points_of(svg, "polyline", 0, px, py, 8), 8);
    assert_true(fabs((px[7] - px[6]) - (px[1] - px[0])) < 0.05);
    assert_int_equal(count(svg, "class=\"title\""), 2);
    free(svg);
    /* the legend text fits: the picture is wider than the default */
    rm_series longer = {"a_rather_long_series_name_for_a_legend_entry", y, NULL, NULL};
    rm_chart wide = {"Short", "period", "score", 8, 0, 1, &longer, NULL};
    svg = render(&wide);
    double width = 0;
    assert_int_equal(sscanf(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%lf\"",
                            &width), 1);
    assert_true(width > RM_SVG_WIDTH);
    assert_true(attr_of(svg, "legend", 0, "x") + strlen(longer.name) * 13 * 0.6 <= width);
    free(svg);
    rm_chart shorter = {"Short", "period", "score", 8, 0, 1, &s, NULL};
    svg = render(&shorter);
    assert_int_equal(count(svg, "class=\"title\""), 1);
    assert_contains(svg, ">7</text>");            /* periods 0..7 without x values */
    free(svg);
}

/* Dates: each unit's label for known periods, across year ends and a
 * leap day; and bad starts or periods refused. */
static void calendar_labels(void **state)
{
    (void)state;
    rm_calendar c;
    rm_error err;
    char b[RM_CALENDAR_LABEL];
    assert_int_equal(rm_calendar_parse(&c, "2012-11", "month", &err), 0);
    rm_calendar_label(&c, 0, b, sizeof b);
    assert_string_equal(b, "2012-11");
    rm_calendar_label(&c, 2, b, sizeof b);
    assert_string_equal(b, "2013-01");
    rm_calendar_label(&c, 25, b, sizeof b);
    assert_string_equal(b, "2014-12");
    assert_int_equal(rm_calendar_parse(&c, "2008-04", "quarter", &err), 0);
    rm_calendar_label(&c, 0, b, sizeof b);
    assert_string_equal(b, "2008 Q2");
    rm_calendar_label(&c, 8, b, sizeof b);       /* two years on: the contract's 2010 Q2 */
    assert_string_equal(b, "2010 Q2");
    assert_int_equal(rm_calendar_parse(&c, "2012", "year", &err), 0);
    rm_calendar_label(&c, 3, b, sizeof b);
    assert_string_equal(b, "2015");
    assert_int_equal(rm_calendar_parse(&c, "2012-02-22", "week", &err), 0);
    rm_calendar_label(&c, 1, b, sizeof b);       /* 2012 is a leap year */
    assert_string_equal(b, "2012-02-29");
    rm_calendar_label(&c, 52, b, sizeof b);      /* 364 days later */
    assert_string_equal(b, "2013-02-20");
    assert_int_equal(rm_calendar_parse(&c, NULL, NULL, &err), 0);
    rm_calendar_label(&c, 7, b, sizeof b);
    assert_string_equal(b, "7");
    assert_int_equal(rm_calendar_parse(&c, "2013-02-29", "week", &err), -1);
    assert_contains(err.msg, "not a date");
    assert_int_equal(rm_calendar_parse(&c, "12-01", "month", &err), -1);
    assert_int_equal(rm_calendar_parse(&c, "2012-01x", "month", &err), -1);
    assert_int_equal(rm_calendar_parse(&c, "2012-01", "fortnight", &err), -1);
    assert_contains(err.msg, "fortnight");
    assert_int_equal(rm_calendar_parse(&c, "2012-01", NULL, &err), -1);
    assert_int_equal(rm_calendar_parse(&c, "", "month", &err), -1);
    /* ticks: whole years for 6 years of months, every quarter for 8 quarters */
    assert_int_equal(rm_calendar_parse(&c, "2012-01", "month", &err), 0);
    assert_int_equal(rm_calendar_tick_step(&c, 72, 7), 12);
    assert_int_equal(rm_calendar_parse(&c, "2012-01", "quarter", &err), 0);
    assert_int_equal(rm_calendar_tick_step(&c, 8, 8), 1);
    assert_true(rm_calendar_tick_step(&c, 1000000, 7) * 6 >= 999999);
}

/* A dated chart: tick labels are dates on whole years, events are drawn
 * at their period with their label escaped, events off the axis are not. */
static void dated_chart_with_events(void **state)
{
    (void)state;
    double y[24];
    for (int i = 0; i < 24; i++)
        y[i] = i;
    rm_series s = {"sales", y, NULL, NULL};
    rm_chart c = {"Sales", "quarter", "phones", 24, 0, 1, &s, NULL};
    rm_calendar cal;
    rm_error err;
    assert_int_equal(rm_calendar_parse(&cal, "2012-01", "quarter", &err), 0);
    rm_mark marks[] = {{8, "price <rise> & rivals"}, {30, "off the axis"}, {0, "launch"}};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rm_svg_chart_dated(f, &c, &cal, marks, 3);
    fclose(f);
    assert_well_formed(buf);
    assert_contains(buf, ">2012 Q1</text>");
    assert_contains(buf, ">2014 Q1</text>");
    assert_int_equal(count(buf, "class=\"date\""), 6);     /* 2012, 2014 ... 2017 Q1 */
    assert_contains(buf, "price &lt;rise&gt; &amp; rivals");
    assert_null(strstr(buf, "off the axis"));
    assert_int_equal(count(buf, "<line class=\"event\""), 2);
    /* the event line sits where period 8 of the data is drawn */
    double px[24], py[24];
    assert_int_equal(points_of(buf, "polyline", 0, px, py, 24), 24);
    const char *e = strstr(buf, "<line class=\"event\" x1=\"") + strlen("<line class=\"event\" x1=\"");
    assert_float_equal(strtod(e, NULL), px[8], 0.06);
    free(buf);
}

/* A scenario's report: dates in the header, events listed and marked,
 * each declared chart's note under it. */
static void report_dates_events_notes(void **state)
{
    (void)state;
    const char *dir = temp_dir();
    const char *script = write_script(dir, "dated.lua",
        "local rm = require 'rmsim'\n"
        "rm.scenario { name = 'dated', periods = 12, start = '2012-10', period = 'month',\n"
        "  params = { rate = 0.1 },\n"
        "  events = { { t = 3, label = 'new year' } },\n"
        "  charts = { { title = 'Customers', metrics = { 'c.active' }, note = 'Fewer & fewer.',\n"
        "               labels = { 'still buying' } },\n"
        "             { title = 'Churn', metrics = { 'c.churned' } } } }\n"
        "function setup(sim) rm.cohort { name = 'c', initial = 50, segments = {\n"
        "  { name = 'a', churn = 'constant', rate = sim.params.rate } } } end\n");
    char out[256], html[300];
    snprintf(out, sizeof out, "%s/out", dir);
    snprintf(html, sizeof html, "%s/report.html", out);
    run_result r = run_rmsim((const char *const[]){"run", script, "--out", out, "--quiet", NULL});
    assert_int_equal(r.status, 0);
    char *h = slurp_file(html);
    assert_non_null(h);
    assert_contains(h, "12 months (2012-10 to 2013-09)");
    assert_contains(h, "<li>2013-01: new year</li>");
    assert_contains(h, "<figcaption>Fewer &amp; fewer.</figcaption>");
    assert_int_equal(count(h, "<figcaption>"), 1);
    assert_int_equal(count(h, "<line class=\"event\""), 2);   /* on both charts */
    assert_contains(h, ">2012-10</text>");
    assert_contains(h, ">still buying</text>");     /* the label, not the metric's name */
    assert_contains(h, ">c.churned</text>");
    free(h);
    run_free(&r);
    /* a sweep's report reads in the same dates and marks the same events */
    char sweep_out[256], sweep_html[300];
    snprintf(sweep_out, sizeof sweep_out, "%s/sweep", dir);
    snprintf(sweep_html, sizeof sweep_html, "%s/report.html", sweep_out);
    r = run_rmsim((const char *const[]){"sweep", script, "--grid", "rate=0.1,0.2", "--metric",
                                        "c.active", "--out", sweep_out, NULL});
    assert_int_equal(r.status, 0);
    h = slurp_file(sweep_html);
    assert_non_null(h);
    assert_contains(h, ">2012-10</text>");
    assert_contains(h, ">new year</text>");
    free(h);
    run_free(&r);
    /* labels must name each metric */
    const char *bad = write_script(dir, "bad.lua",
        "local rm = require 'rmsim'\n"
        "rm.scenario { charts = { { metrics = { 'a', 'b' }, labels = { 'x' } } } }\n");
    r = run_rmsim((const char *const[]){"run", bad, "--quiet", NULL});
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "bad.lua:2: chart 1 of rm.scenario: labels must name each of the 2 metrics");
    run_free(&r);
    /* bad dates and events: one error each, at the declaration's line */
    static const char *const cases[][2] = {
        {"start = '2012-13', period = 'month'", "start = \"2012-13\" is not a date"},
        {"start = '2012-01'", "start needs a period"},
        {"period = 'month'", "needs a start"},
        {"start = '2012-01', period = 'day'", "period = \"day\": expected"},
        {"events = { { t = -1, label = 'x' } }", "field 't' of event 1 of rm.scenario"},
        {"events = { { t = 1 } }", "event 1 of rm.scenario needs a label"},
        {"events = { 5 }", "event 1 of rm.scenario must be a table"},
        {"charts = { { metrics = { 'a' }, note = string.rep('x', 600) } }", "note must be under 600"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char text[300];
        snprintf(text, sizeof text, "local rm = require 'rmsim'\nrm.scenario { %s }\n", cases[k][0]);
        const char *script2 = write_script(dir, "bad2.lua", text);
        r = run_rmsim((const char *const[]){"run", script2, "--quiet", NULL});
        assert_int_equal(r.status, 1);
        assert_contains(r.err, "bad2.lua:2: ");
        assert_contains(r.err, cases[k][1]);
        run_free(&r);
    }
    remove_tree(dir);
}

/* Text in XML: escaped, and whatever XML does not allow (a control
 * character, broken UTF-8) replaced, so one bad cell cannot make a chart
 * unreadable; tab, line ends and good UTF-8 pass. */
static void xml_text_is_well_formed(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        {"a<b>&\"'", "a&lt;b&gt;&amp;&quot;&#39;"},
        {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"},
        {"\x1b[2J\x07\x01x", "?[2J??x"},
        {"t\tn\nr\r", "t\tn\nr\r"},
        {"\xff\xc0\x80", "???"},                      /* a bad byte, an overlong NUL */
        {"\xed\xa0\x80", "???"},                      /* a surrogate */
        {"\xef\xbf\xbe", "???"},                      /* U+FFFE */
        {"x\xe2\x82", "x??"},                          /* cut at the end */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        rm_put_xml(f, cases[i].in);
        fclose(f);
        if (strcmp(buf, cases[i].out))
            fail_msg("case %zu: got [%s], expected [%s]", i, buf, cases[i].out);
        free(buf);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(data_points_are_where_they_belong),
        cmocka_unit_test(bands_and_legends),
        cmocka_unit_test(edge_cases),
        cmocka_unit_test(bars_heatmap_strips),
        cmocka_unit_test(plot_from_csv),
        cmocka_unit_test(bars_read_well),
        cmocka_unit_test(heatmap_legend_and_values),
        cmocka_unit_test(line_chart_x_values_titles_legends),
        cmocka_unit_test(calendar_labels),
        cmocka_unit_test(xml_text_is_well_formed),
        cmocka_unit_test(dated_chart_with_events),
        cmocka_unit_test(report_dates_events_notes),
    };
    return cmocka_run_group_tests_name("svg", tests, NULL, NULL);
}
