/* fuzz_text.c - the writers' text safety on any bytes: a CSV field read
 * back is the same text (a formula only gains its leading '), and text
 * made safe for a terminal holds no control character and stays safe. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "rmsim/csv.h"
#include "rmsim/output.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    /* a CSV row that holds the text as its first field */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    fputs("name,z\n", f);
    rm_put_csv_field(f, text);
    fputs(",z\n", f);
    fclose(f);
    char path[64];
    int fd = as_file((const uint8_t *)buf, len, path, sizeof path);
    rm_error err;
    rm_csv *t = fd >= 0 ? rm_csv_read(path, &err) : NULL;
    if (fd >= 0 && !t)
        abort();                            /* what we write, we must read */
    if (t) {
        const char *back = rm_csv_field(t, 0, 0);
        if (rm_csv_rows(t) != 1 || (strcmp(back, text) && !(back[0] == '\'' &&
                                                            !strcmp(back + 1, text))))
            abort();
        rm_csv_free(t);
    }
    if (fd >= 0)
        close(fd);
    free(buf);
    /* terminal safety: nothing below 0x20 (but kept lines), no DEL, idempotent */
    for (int keep = 0; keep < 2; keep++) {
        char *s = strdup(text);
        rm_safe_text(s, keep);
        for (const unsigned char *p = (const unsigned char *)s; *p; p++)
            if ((*p < 0x20 && !(keep && (*p == '\n' || *p == '\t'))) || *p == 0x7f || *p == 0x1b)
                abort();
        if (rm_safe_text(s, keep) != 0)
            abort();
        free(s);
    }
    free(text);
    return 0;
}
