/* output.h - result files that appear whole or not at all.
 *
 * An output set is a group of files in one folder written under
 * temporary names and renamed together on commit. A run that fails,
 * or is interrupted, leaves the folder as it was: no half-written CSV.
 *
 *     rm_outset *o = rm_outset_new("out/demo", &err);   // mkdir -p
 *     FILE *csv = rm_outset_file(o, "metrics.csv", &err);
 *     fprintf(csv, "period,active\n");
 *     if (rm_outset_commit(o, &err) < 0) ...            // rename all
 *     rm_outset_free(o);               // removes temporaries if not committed
 *
 * Also here: the number and string formats every writer shares, so the
 * same value is printed the same way in CSV, JSON and on the terminal.
 */
#ifndef RMSIM_OUTPUT_H
#define RMSIM_OUTPUT_H

#include <stdio.h>

#include "rmsim/error.h"

typedef struct rm_outset rm_outset;

rm_outset *rm_outset_new(const char *dir, rm_error *err);
FILE *rm_outset_file(rm_outset *o, const char *name, rm_error *err);
int rm_outset_commit(rm_outset *o, rm_error *err);
void rm_outset_free(rm_outset *o);

/* Remove every temporary file of every live output set: safe to call
 * from a signal handler (uses only unlink). */
void rm_outset_cleanup_all(void);

/* mkdir -p */
int rm_mkdirs(const char *dir, rm_error *err);

/* Write a double with 10 significant digits; NaN/inf as `nan_text`. */
void rm_put_number(FILE *f, double v, const char *nan_text);
/* A number for people to read: 17,640,000 or 0.0312 (4 significant
 * digits below 10 000, whole numbers with thousands separated above). */
void rm_put_human(FILE *f, double v);

/* Write s as a JSON string literal, quotes included. */
void rm_put_json_string(FILE *f, const char *s);

#endif
