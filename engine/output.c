/* output.c - atomic output sets and shared value formats. */
#include "rmsim/output.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILES 16
#define MAX_SETS 8

typedef struct outfile {
    FILE *fp;
    char path[4096];
    char tmp[4096];
} outfile;

struct rm_outset {
    char dir[2048];
    int nfiles;
    outfile files[MAX_FILES];
};

/* Temporaries of live sets, for rm_outset_cleanup_all from a signal. */
static rm_outset *volatile live_sets[MAX_SETS];

static void track(rm_outset *o, int on)
{
    for (int i = 0; i < MAX_SETS; i++) {
        if (on && !live_sets[i]) {
            live_sets[i] = o;
            return;
        }
        if (!on && live_sets[i] == o) {
            live_sets[i] = NULL;
            return;
        }
    }
}

void rm_outset_cleanup_all(void)
{
    for (int i = 0; i < MAX_SETS; i++) {
        rm_outset *o = live_sets[i];
        if (!o)
            continue;
        for (int k = 0; k < o->nfiles; k++)
            if (o->files[k].tmp[0])
                unlink(o->files[k].tmp);
    }
}

int rm_mkdirs(const char *dir, rm_error *err)
{
    char buf[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof buf)
        return rm_errorf(err, "%s: bad output folder name", dir);
    memcpy(buf, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char c = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0777) < 0 && errno != EEXIST)
            return rm_errorf(err, "%s: cannot create folder: %s", buf, strerror(errno));
        buf[i] = c;
    }
    struct stat st;
    if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode))
        return rm_errorf(err, "%s: not a folder", dir);
    return 0;
}

rm_outset *rm_outset_new(const char *dir, rm_error *err)
{
    if (strlen(dir) >= 2048) {
        rm_errorf(err, "output folder name too long");
        return NULL;
    }
    if (rm_mkdirs(dir, err) < 0)
        return NULL;
    rm_outset *o = calloc(1, sizeof *o);
    if (!o) {
        rm_errorf(err, "out of memory");
        return NULL;
    }
    strcpy(o->dir, dir);
    track(o, 1);
    return o;
}

FILE *rm_outset_file(rm_outset *o, const char *name, rm_error *err)
{
    if (o->nfiles == MAX_FILES || strchr(name, '/') || strlen(name) > 200) {
        rm_errorf(err, "%s: bad output file name", name);
        return NULL;
    }
    outfile *f = &o->files[o->nfiles];
    char path[sizeof f->path], tmp[sizeof f->tmp];
    snprintf(path, sizeof path, "%.2047s/%.200s", o->dir, name);
    snprintf(tmp, sizeof tmp, "%.2047s/.%.200s.tmp.%ld", o->dir, name, (long)getpid());
    memcpy(f->path, path, sizeof path);
    memcpy(f->tmp, tmp, sizeof tmp);
    f->fp = fopen(f->tmp, "w");
    if (!f->fp) {
        rm_errorf(err, "%s: cannot write: %s", f->path, strerror(errno));
        f->tmp[0] = '\0';
        return NULL;
    }
    o->nfiles++;
    return f->fp;
}

static void discard(rm_outset *o)
{
    for (int i = 0; i < o->nfiles; i++) {
        outfile *f = &o->files[i];
        if (f->fp)
            fclose(f->fp);
        f->fp = NULL;
        if (f->tmp[0])
            unlink(f->tmp);
        f->tmp[0] = '\0';
    }
    o->nfiles = 0;
}

int rm_outset_commit(rm_outset *o, rm_error *err)
{
    /* close everything first: a full disk shows up at fflush/fclose */
    for (int i = 0; i < o->nfiles; i++) {
        outfile *f = &o->files[i];
        int bad = ferror(f->fp) | (fflush(f->fp) != 0) | (fsync(fileno(f->fp)) != 0);
        int e = errno;
        bad |= fclose(f->fp) != 0;
        f->fp = NULL;
        if (bad) {
            rm_errorf(err, "%s: write failed: %s", f->path, strerror(e ? e : errno));
            discard(o);
            return -1;
        }
    }
    for (int i = 0; i < o->nfiles; i++) {
        outfile *f = &o->files[i];
        if (rename(f->tmp, f->path) < 0) {
            rm_errorf(err, "%s: cannot rename into place: %s", f->path, strerror(errno));
            discard(o);
            return -1;
        }
        f->tmp[0] = '\0';
    }
    o->nfiles = 0;
    return 0;
}

void rm_outset_free(rm_outset *o)
{
    if (!o)
        return;
    track(o, 0);
    discard(o);
    free(o);
}

void rm_put_number(FILE *f, double v, const char *nan_text)
{
    if (!isfinite(v)) {
        fputs(nan_text, f);
        return;
    }
    if (v == 0.0)
        v = 0.0;        /* no "-0" */
    if (v == floor(v) && fabs(v) < 1e10) {
        /* a count: what %.10g prints (no exponent below 1e10), without
         * printf's arbitrary-precision path, the main cost of writing
         * metrics */
        char buf[16], *p = buf + sizeof buf;
        long long n = (long long)fabs(v);
        *--p = '\0';
        do
            *--p = (char)('0' + n % 10);
        while ((n /= 10) > 0);
        if (v < 0)
            *--p = '-';
        fputs(p, f);
        return;
    }
    fprintf(f, "%.10g", v);
}

void rm_put_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

void rm_put_human(FILE *f, double v)
{
    if (!isfinite(v)) {
        fputs("-", f);
        return;
    }
    if (fabs(v) < 1e4 || fabs(v) >= 1e15) {
        fprintf(f, "%.4g", v == 0 ? 0.0 : v);
        return;
    }
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t n = strlen(digits);
    if (v < 0)
        fputc('-', f);
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0)
            fputc(',', f);
        fputc(digits[i], f);
    }
}
