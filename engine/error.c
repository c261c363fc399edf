/* error.c - error formatting and "did you mean" suggestions. */
#include "rmsim/error.h"
#include "rmsim/output.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int rm_errorf(rm_error *err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        /* messages quote scripts and files: never let them drive the terminal */
        rm_safe_text(err->msg, 1);
    }
    return -1;
}

/* Edit distance with adjacent transpositions ("rnu" is one edit from
 * "run"): names are short, so a small matrix suffices. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return (size_t)-1;
    size_t d[64][64];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

const char *rm_suggest(const char *name, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1, limit = strlen(name) / 3;
    if (limit < 1)
        limit = 1;
    for (size_t i = 0; i < n; i++) {
        size_t d = edit_distance(name, candidates[i]);
        if (d <= limit && (d < best_d || (d == best_d && strcmp(candidates[i], best) < 0))) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}
