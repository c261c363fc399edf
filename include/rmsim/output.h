/* output.h - result files that appear whole or not at all.
 *
 * An output set is a group of files in one folder written in a fresh
 * private folder inside it (DIR/.rmsim-stage-PID-XXXXXX, each file
 * opened O_CREAT|O_EXCL|O_NOFOLLOW) and renamed into place together on
 * commit; if one rename fails the files already moved are put back, so
 * old and new never mix. A run that fails, or is interrupted, leaves
 * the folder as it was: no half-written CSV. Stages left by a killed
 * process are removed by the next output set in that folder.
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
 * from a signal handler (uses only unlink and rmdir). */
void rm_outset_cleanup_all(void);

/* Install the handlers of SIGINT, SIGTERM and SIGHUP: remove unfinished
 * files, say what was already written whole, die of the signal. A signal
 * during a commit waits until the commit has ended. */
void rm_outset_signals(void);

/* Remove a file or a folder with all it holds; symbolic links are
 * removed, never followed. 0, or -1 with errno. */
int rm_remove_tree(const char *path);

/* mkdir -p */
int rm_mkdirs(const char *dir, rm_error *err);

/* Write a double with 10 significant digits; NaN/inf as `nan_text`. */
void rm_put_number(FILE *f, double v, const char *nan_text);
/* A number for people to read: 17,640,000 or 0.0312 (4 significant
 * digits below 10 000, whole numbers with thousands separated above). */
void rm_put_human(FILE *f, double v);

/* Write s as one CSV field (RFC 4180): quoted when it holds a comma, a
 * quote, a line break or spaces at an end. Text a spreadsheet would run
 * as a formula (first character =, +, -, @, tab or CR, unless the whole
 * field is a number) is quoted with a leading ' so it shows as text.
 * Every CSV writer uses it for every text field. */
void rm_put_csv_field(FILE *f, const char *s);

/* Make text from scripts or files safe to show on a terminal, in place:
 * control characters (ANSI escapes, carriage returns, bells), C1
 * controls, bidirectional overrides and invalid UTF-8 become '?'.
 * keep_lines keeps newlines and tabs. Returns how many were replaced. */
size_t rm_safe_text(char *s, int keep_lines);

/* Write s as a JSON string literal, quotes included (bytes that are not
 * UTF-8 as U+FFFD). */
void rm_put_json_string(FILE *f, const char *s);

#endif
