/* fuzz_util.h - what the fuzz targets share: the input as a file. */
#ifndef RMSIM_FUZZ_UTIL_H
#define RMSIM_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

/* The bytes as a file in memory; its path in `path`. Returns the fd. */
static inline int as_file(const uint8_t *data, size_t size, char *path, size_t psize)
{
    int fd = memfd_create("rmsim-fuzz", 0);
    if (fd < 0)
        return -1;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return -1;
    }
    snprintf(path, psize, "/proc/self/fd/%d", fd);
    return fd;
}

#endif
