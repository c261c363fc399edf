/* input.c - the one way rmsim opens a file to read. */
#include "rmsim/input.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The folder a path names its file in: "a/b.lua" -> "a", "b.lua" -> ".". */
static void folder_of(const char *path, char *out, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, size, ".");
    else if (slash == path)
        snprintf(out, size, "/");
    else
        snprintf(out, size, "%.*s", (int)(slash - path), path);
}

/* real: the resolved path; 1 if inside the resolved folder. */
static int inside(const char *path, const char *folder, char *real)
{
    char dir[PATH_MAX], real_dir[PATH_MAX];
    if (!folder) {
        folder_of(path, dir, sizeof dir);
        folder = dir;
    }
    if (!realpath(path, real) || !realpath(folder, real_dir))
        return -1;
    size_t n = strlen(real_dir);
    if (n == 1)                     /* the root folder */
        return 1;
    return strncmp(real, real_dir, n) == 0 && real[n] == '/';
}

int rm_path_inside(const char *path, const char *folder)
{
    char real[PATH_MAX];
    return inside(path, folder, real) == 1;
}

FILE *rm_open_input(const char *path, const char *folder, rm_error *err)
{
    char real[PATH_MAX];
    int in = inside(path, folder, real);
    if (in < 0) {
        rm_errorf(err, "%s: cannot read: %s", path, strerror(errno));
        return NULL;
    }
    if (!in) {
        rm_errorf(err, "%s: cannot read: a symbolic link leads out of its folder", path);
        return NULL;
    }
    /* O_NONBLOCK: a FIFO must not wait for a writer; O_NOFOLLOW: the
     * resolved path must not have become a link since */
    int fd = open(real, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd < 0) {
        rm_errorf(err, "%s: cannot read: %s", path, strerror(errno));
        return NULL;
    }
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        rm_errorf(err, "%s: cannot read: not a regular file (a folder, FIFO or device)", path);
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    FILE *f = flags >= 0 && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        rm_errorf(err, "%s: cannot read: %s", path, strerror(errno));
        close(fd);
    }
    return f;
}
