/* fuzz_util.h - what the fuzz targets share: the input as a file. */
#ifndef RMSIM_FUZZ_UTIL_H
#define RMSIM_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

static char fuzz_file[64];

static void fuzz_file_remove(void) { unlink(fuzz_file); }

/* The bytes as a regular file in /tmp (one per fuzzing process, rewritten
 * each time: rmsim reads only regular files, so not a memfd under
 * /proc/self/fd); its path in `path`. Returns a descriptor to close. */
static inline int as_file(const uint8_t *data, size_t size, char *path, size_t psize)
{
    if (!fuzz_file[0]) {
        snprintf(fuzz_file, sizeof fuzz_file, "/tmp/rmsim-fuzz-XXXXXX");
        int fd = mkstemp(fuzz_file);
        if (fd < 0)
            return -1;
        close(fd);
        atexit(fuzz_file_remove);
    }
    int fd = open(fuzz_file, O_WRONLY | O_TRUNC);
    if (fd < 0)
        return -1;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return -1;
    }
    close(fd);
    snprintf(path, psize, "%s", fuzz_file);
    return open(fuzz_file, O_RDONLY);
}

#endif
