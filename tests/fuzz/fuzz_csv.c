/* fuzz_csv.c - the CSV reader on any bytes. */
#include "fuzz_util.h"
#include "rmsim/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = as_file(data, size, path, sizeof path);
    if (fd < 0)
        return 0;
    rm_error err;
    rm_csv *t = rm_csv_read(path, &err);
    if (t) {
        for (long r = 0; r < rm_csv_rows(t); r++)
            for (int c = 0; c < rm_csv_columns(t); c++)
                (void)rm_csv_field(t, r, c)[0];
        rm_csv_free(t);
    }
    close(fd);
    return 0;
}
