/* csv.c - a small RFC 4180 reader: the whole file in memory, fields
 * split in place. */
#include "rmsim/csv.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmsim/input.h"

#define CSV_MAX_BYTES ((size_t)1 << 30)

struct rm_csv {
    char *text;
    int ncols;
    long nrows;
    char **field;   /* (nrows + 1) * ncols; row 0 is the header */
    long *line;
};

void rm_csv_free(rm_csv *t)
{
    if (!t)
        return;
    free(t->text);
    free(t->field);
    free(t->line);
    free(t);
}

/* Split one record starting at *p into fields (unquoting in place);
 * returns the number of fields, -1 on an unterminated quote. */
static int record(char **p, char **fields, int max, long *lineno)
{
    int n = 0;
    char *s = *p;
    for (;;) {
        char *out = s, *start = s;
        if (*s == '"') {
            s++;
            for (;;) {
                if (!*s)
                    return -1;
                if (*s == '"' && s[1] == '"') {
                    *out++ = '"';
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    if (*s == '\n')
                        (*lineno)++;
                    *out++ = *s++;
                }
            }
            while (*s && *s != ',' && *s != '\n' && *s != '\r')
                *out++ = *s++;
        } else {
            while (*s && *s != ',' && *s != '\n' && *s != '\r')
                out++, s++;
        }
        char end = *s;
        if (n < max)
            fields[n] = start;
        n++;
        *out = '\0';
        if (end == ',') {
            s++;
            continue;
        }
        /* *s may now be the field's terminator; `end` is what stood there */
        if (end == '\r')
            s++;
        if (end == '\n' || (end == '\r' && *s == '\n'))
            s++;
        *p = s;
        return n;
    }
}

rm_csv *rm_csv_read(const char *path, rm_error *err)
{
    FILE *f = rm_open_input(path, NULL, err);
    if (!f)
        return NULL;
    rm_csv *t = calloc(1, sizeof *t);
    size_t cap = 1 << 16, n = 0, got;
    t->text = malloc(cap + 1);
    while (t->text && (got = fread(t->text + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            if (cap >= CSV_MAX_BYTES) {
                fclose(f);
                rm_csv_free(t);
                rm_errorf(err, "%s: larger than 1 GiB", path);
                return NULL;
            }
            char *nt = realloc(t->text, (cap *= 2) + 1);
            if (!nt) {
                free(t->text);
                t->text = NULL;
                break;
            }
            t->text = nt;
        }
    }
    fclose(f);
    if (!t->text) {
        rm_csv_free(t);
        rm_errorf(err, "%s: out of memory", path);
        return NULL;
    }
    t->text[n] = '\0';
    if (strlen(t->text) != n) {
        rm_csv_free(t);
        rm_errorf(err, "%s: not a text file (NUL byte)", path);
        return NULL;
    }
    /* size the arrays: a record ends at \n or at a lone \r, so rows <= those */
    long lines = 1;
    for (size_t i = 0; i < n; i++)
        lines += t->text[i] == '\n' || t->text[i] == '\r';
    char *p = t->text;
    if (!strncmp(p, "\xef\xbb\xbf", 3))
        p += 3;                     /* a UTF-8 byte-order mark (spreadsheets write one) */
    long lineno = 1;
    char *hdr[4096];
    int nc = record(&p, hdr, 4096, &lineno);
    if (nc <= 0 || (nc == 1 && !hdr[0][0])) {
        rm_csv_free(t);
        rm_errorf(err, "%s:1: no header row", path);
        return NULL;
    }
    if (nc > 4096) {
        rm_csv_free(t);
        rm_errorf(err, "%s:1: more than 4096 columns", path);
        return NULL;
    }
    t->ncols = nc;
    t->field = malloc((size_t)(lines + 1) * (size_t)nc * sizeof *t->field);
    t->line = malloc((size_t)(lines + 1) * sizeof *t->line);
    if (!t->field || !t->line) {
        rm_csv_free(t);
        rm_errorf(err, "%s: out of memory", path);
        return NULL;
    }
    memcpy(t->field, hdr, (size_t)nc * sizeof *hdr);
    long row = 0;
    while (*p) {
        long at = ++lineno;
        if (*p == '\n' || (*p == '\r' && p[1] == '\n')) {     /* blank line */
            p += *p == '\r' ? 2 : 1;
            continue;
        }
        char **fields = t->field + (size_t)(row + 1) * nc;
        int got_n = record(&p, fields, nc, &lineno);
        if (got_n < 0) {
            rm_csv_free(t);
            rm_errorf(err, "%s:%ld: a quoted field is never closed", path, at);
            return NULL;
        }
        if (got_n != nc) {
            rm_csv_free(t);
            rm_errorf(err, "%s:%ld: %d fields, the header has %d", path, at, got_n, nc);
            return NULL;
        }
        t->line[row++] = at;
    }
    t->nrows = row;
    return t;
}

long rm_csv_rows(const rm_csv *t) { return t->nrows; }
int rm_csv_columns(const rm_csv *t) { return t->ncols; }
const char *rm_csv_name(const rm_csv *t, int col) { return t->field[col]; }
const char *rm_csv_field(const rm_csv *t, long row, int col)
{
    return t->field[(size_t)(row + 1) * t->ncols + col];
}
long rm_csv_line(const rm_csv *t, long row) { return t->line[row]; }

int rm_csv_column(const rm_csv *t, const char *name)
{
    for (int c = 0; c < t->ncols; c++)
        if (!strcmp(t->field[c], name))
            return c;
    return -1;
}
