/* progress.c - a one-line progress bar on stderr, when stderr is a tty. */
#include "commands.h"

#include <unistd.h>

static int shown;

void progress_update(void *label, int done, int total)
{
    if (!isatty(STDERR_FILENO) || total <= 1)
        return;
    int width = 30, fill = total ? done * width / total : width;
    fprintf(stderr, "\r%s [", (const char *)label);
    for (int i = 0; i < width; i++)
        fputc(i < fill ? '#' : ' ', stderr);
    fprintf(stderr, "] %d/%d", done, total);
    fflush(stderr);
    shown = 1;
}

void progress_clear(void)
{
    if (shown)
        fputs("\r\033[K", stderr);
    shown = 0;
}
