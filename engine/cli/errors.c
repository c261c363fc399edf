/* errors.c - how every command reports a failure: "rmsim: " and the
 * message, exit 2 when the command line is wrong, 1 when the work failed. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"

/* A message about an option starts with it ("--set x=1: ..."). */
int cli_error(const rm_error *err)
{
    const char *m = err->msg;
    if (strncmp(m, "rmsim: ", 7) == 0)
        m += 7;
    fprintf(stderr, "rmsim: %s\n", m);
    return strncmp(m, "--", 2) == 0 ? EXIT_USAGE : EXIT_FAILED;
}

int cli_blame(rm_error *err, const char *option)
{
    size_t n = strlen(option);
    if (n + 2 < RM_ERROR_MAX) {
        memmove(err->msg + n + 2, err->msg, RM_ERROR_MAX - n - 3);
        memcpy(err->msg, option, n);
        memcpy(err->msg + n, ": ", 2);
        err->msg[RM_ERROR_MAX - 1] = '\0';
    }
    return -1;
}

int cli_check_file(const char *path, rm_error *err)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return rm_errorf(err, "%s: cannot read (%s)", path, strerror(errno));
    if (S_ISDIR(st.st_mode))
        return rm_errorf(err, "%s: is a folder, not a .lua file", path);
    return 0;
}
