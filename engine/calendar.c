/* calendar.c - period numbers to dates (proleptic Gregorian; weeks by
 * day counts, Hinnant's days-from-civil algorithm). */
#include "rmsim/calendar.h"

#include <stdio.h>
#include <string.h>

static const char *const units[] = {"period", "week", "month", "quarter", "year"};

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d[m - 1] + (m == 2 && leap);
}

static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int rm_calendar_parse(rm_calendar *c, const char *start, const char *period, rm_error *err)
{
    memset(c, 0, sizeof *c);
    c->month = c->day = 1;
    if (!start || !*start) {
        if (period && *period)
            return rm_errorf(err, "period = \"%s\" needs a start (e.g. start = \"2012-01\")",
                             period);
        return 0;
    }
    int y = 0, m = 1, d = 1, n = 0;
    size_t len = strlen(start);
    int ok = (len == 4 && sscanf(start, "%4d%n", &y, &n) == 1) ||
             (len == 7 && sscanf(start, "%4d-%2d%n", &y, &m, &n) == 2) ||
             (len == 10 && sscanf(start, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3);
    for (size_t i = 0; ok && i < len; i++)
        ok = (start[i] >= '0' && start[i] <= '9') || (start[i] == '-' && (i == 4 || i == 7));
    if (!ok || (size_t)n != len || y < 1000 || m < 1 || m > 12 || d < 1 ||
        d > days_in_month(y, m))
        return rm_errorf(err, "start = \"%.40s\" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                         start);
    if (!period || !*period)
        return rm_errorf(err, "start needs a period: \"week\", \"month\", \"quarter\" or \"year\"");
    for (int u = RM_PERIOD_WEEK; u <= RM_PERIOD_YEAR; u++)
        if (!strcmp(period, units[u]))
            c->unit = (rm_period_unit)u;
    if (c->unit == RM_PERIOD_NONE)
        return rm_errorf(err, "period = \"%.40s\": expected \"week\", \"month\", \"quarter\" or "
                              "\"year\"", period);
    c->year = y, c->month = m, c->day = d;
    return 0;
}

void rm_calendar_label(const rm_calendar *c, int t, char *buf, size_t size)
{
    if (!c || c->unit == RM_PERIOD_NONE) {
        snprintf(buf, size, "%d", t);
        return;
    }
    long months = (long)c->year * 12 + (c->month - 1);
    int y, m, d;
    switch (c->unit) {
    case RM_PERIOD_WEEK:
        civil_from_days(days_from_civil(c->year, c->month, c->day) + 7L * t, &y, &m, &d);
        snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
        break;
    case RM_PERIOD_MONTH:
        months += t;
        snprintf(buf, size, "%04ld-%02ld", months / 12, months % 12 + 1);
        break;
    case RM_PERIOD_QUARTER:
        months += 3L * t;
        snprintf(buf, size, "%04ld Q%ld", months / 12, (months % 12) / 3 + 1);
        break;
    default:
        snprintf(buf, size, "%04ld", (long)c->year + t);
        break;
    }
}

const char *rm_calendar_unit_name(const rm_calendar *c)
{
    return units[c ? c->unit : RM_PERIOD_NONE];
}

int rm_calendar_tick_step(const rm_calendar *c, int n, int most)
{
    static const int week[] = {1, 2, 4, 13, 26, 52, 104, 260, 520, 0};
    static const int month[] = {1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 0};
    static const int quarter[] = {1, 2, 4, 8, 20, 40, 80, 200, 400, 0};
    static const int plain[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 0};
    const int *steps = plain;
    if (c && c->unit == RM_PERIOD_WEEK)
        steps = week;
    else if (c && c->unit == RM_PERIOD_MONTH)
        steps = month;
    else if (c && c->unit == RM_PERIOD_QUARTER)
        steps = quarter;
    if (most < 1)
        most = 1;
    int i = 0;
    while (steps[i + 1] && (n - 1) / steps[i] + 1 > most)
        i++;
    int s = steps[i];
    while ((n - 1) / s + 1 > most)      /* beyond the table: keep doubling */
        s *= 2;
    return s;
}
