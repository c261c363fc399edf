/* csv.h - read the CSV files rmsim writes (and similar ones): a header
 * row, then rows of fields; quoted fields may hold commas and quotes.
 *
 *     rm_csv *t = rm_csv_read("out/metrics.csv", &err);
 *     int col = rm_csv_column(t, "active");
 *     for (long r = 0; r < rm_csv_rows(t); r++) printf("%s\n", rm_csv_field(t, r, col));
 *     rm_csv_free(t);
 */
#ifndef RMSIM_CSV_H
#define RMSIM_CSV_H

#include "rmsim/error.h"

typedef struct rm_csv rm_csv;

/* Errors name the file and line: a row with the wrong number of
 * fields, an unterminated quote, a file without a header. */
rm_csv *rm_csv_read(const char *path, rm_error *err);
void rm_csv_free(rm_csv *t);

long rm_csv_rows(const rm_csv *t);
int rm_csv_columns(const rm_csv *t);
const char *rm_csv_name(const rm_csv *t, int col);
/* The column of that name, or -1. */
int rm_csv_column(const rm_csv *t, const char *name);
const char *rm_csv_field(const rm_csv *t, long row, int col);
/* The line in the file where a data row starts (for messages). */
long rm_csv_line(const rm_csv *t, long row);

#endif
