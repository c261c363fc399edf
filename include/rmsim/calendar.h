/* calendar.h - periods as dates: a run's time axis in months, quarters,
 * years or weeks from a declared start, for reports people can read.
 *
 *     rm_calendar cal;
 *     if (rm_calendar_parse(&cal, "2012-01", "quarter", &err) < 0) ... err.msg
 *     char buf[RM_CALENDAR_LABEL];
 *     rm_calendar_label(&cal, 9, buf, sizeof buf);   // "2014 Q2"
 *
 * Starts are "YYYY", "YYYY-MM" or "YYYY-MM-DD" (years 1000 to 9999); a
 * calendar with no unit labels period t as the number t. */
#ifndef RMSIM_CALENDAR_H
#define RMSIM_CALENDAR_H

#include <stddef.h>

#include "rmsim/error.h"

typedef enum {
    RM_PERIOD_NONE, RM_PERIOD_WEEK, RM_PERIOD_MONTH, RM_PERIOD_QUARTER, RM_PERIOD_YEAR,
} rm_period_unit;

typedef struct rm_calendar {
    int year, month, day;       /* the first period's date */
    rm_period_unit unit;
} rm_calendar;

#define RM_CALENDAR_LABEL 24

/* start NULL or "": no calendar (periods are numbered); a start needs a
 * period ("week", "month", "quarter" or "year"). */
int rm_calendar_parse(rm_calendar *c, const char *start, const char *period, rm_error *err);

/* The label of period t: "2012-03-05" (week), "2012-03" (month),
 * "2012 Q1" (quarter), "2012" (year); "t" without a calendar. */
void rm_calendar_label(const rm_calendar *c, int t, char *buf, size_t size);

/* "week", "month", "quarter", "year", or "period". */
const char *rm_calendar_unit_name(const rm_calendar *c);

/* A step in periods that gives at most `most` ticks over n periods and
 * falls on whole years, half years, quarters ... as the unit allows. */
int rm_calendar_tick_step(const rm_calendar *c, int n, int most);

#endif
