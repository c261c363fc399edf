/* error.h - one shape for every error: "where: what is wrong".
 *
 * Engine functions that can fail take a rm_error * last and return -1
 * (or NULL) after filling it; the caller decides how to show it. The
 * message already carries its location ("scenario.lua:12: ..." or
 * "--seed: ..."), so the CLI prints it as it is.
 *
 *     rm_error err = {0};
 *     if (rm_metrics_write(m, dir, &err) < 0)
 *         fprintf(stderr, "rmsim: %s\n", err.msg);
 */
#ifndef RMSIM_ERROR_H
#define RMSIM_ERROR_H

#include <stddef.h>

#define RM_ERROR_MAX 1024

typedef struct rm_error {
    char msg[RM_ERROR_MAX];
} rm_error;

/* Format into err (if not NULL); always returns -1 so callers can
 * `return rm_errorf(err, ...)`. */
int rm_errorf(rm_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* The candidate closest to name (edit distance at most 1/3 of its
 * length, and at least 1), or NULL: for "did you mean" hints. */
const char *rm_suggest(const char *name, const char *const *candidates, size_t n);

#endif
