/* progress.c - one progress bar for every long command, on stderr when it
 * is a terminal: what is done, of how many, and the time left. */
#include "commands.h"

#include <time.h>
#include <unistd.h>

static int shown;
static double started, drawn;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* "12 s", "3 min 5 s", "1 h 2 min": rounded up, never "0 s" while work is left. */
static void put_duration(FILE *f, double s)
{
    long t = (long)(s + 0.999);
    if (t < 60)
        fprintf(f, "%ld s", t < 1 ? 1 : t);
    else if (t < 3600)
        fprintf(f, "%ld min %ld s", t / 60, t % 60);
    else
        fprintf(f, "%ld h %ld min", t / 3600, t % 3600 / 60);
}

void progress_draw(FILE *f, const char *label, int done, int total, double elapsed)
{
    int width = 30, fill = total > 0 ? (int)((long)done * width / total) : width;
    fprintf(f, "\r%s [", label);
    for (int i = 0; i < width; i++)
        fputc(i < fill ? '#' : ' ', f);
    fprintf(f, "] %d/%d", done, total);
    /* the rate needs a few items and a second before it means anything */
    if (done > 0 && done < total && elapsed >= 1) {
        fputs(", ", f);
        put_duration(f, elapsed / done * (total - done));
        fputs(" left", f);
    }
    fputs("\033[K", f);
    fflush(f);
}

void progress_update(void *label, int done, int total)
{
    if (!isatty(STDERR_FILENO) || total <= 1)
        return;
    double t = now();
    if (!shown || done <= 1)
        started = t;
    /* at most ten redraws a second, and always the last */
    if (shown && done < total && t - drawn < 0.1)
        return;
    drawn = t;
    progress_draw(stderr, (const char *)label, done, total, t - started);
    shown = 1;
}

void progress_clear(void)
{
    if (shown)
        fputs("\r\033[K", stderr);
    shown = 0;
}
