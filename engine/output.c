/* output.c - atomic output sets and shared value formats. */
#include "rmsim/output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILES 16
#define MAX_SETS 8
#define STAGE_PREFIX ".rmsim-stage-"

typedef struct outfile {
    FILE *fp;
    char path[2300];        /* where it goes: dir/name */
    char tmp[2600];         /* where it is written: stage/name */
    char old[2600];         /* the file it replaces, kept in the stage until commit ends */
    int had_old;
} outfile;

struct rm_outset {
    char dir[2048];
    char stage[2300];       /* dir/.rmsim-stage-PID-XXXXXX, mode 0700, ours alone */
    int nfiles;
    outfile files[MAX_FILES];
};

/* Live sets, for the signal handler. */
static rm_outset *volatile live_sets[MAX_SETS];
static pthread_mutex_t sets_lock = PTHREAD_MUTEX_INITIALIZER;
/* A commit renames several files: a signal meanwhile waits until it ends. */
static volatile sig_atomic_t committing, pending_signal;
/* The last folder written whole, for the message when interrupted later. */
static char written_dir[2048];
static volatile sig_atomic_t written_len;

static void track(rm_outset *o, int on)
{
    pthread_mutex_lock(&sets_lock);
    for (int i = 0; i < MAX_SETS; i++) {
        if (on && !live_sets[i]) {
            live_sets[i] = o;
            break;
        }
        if (!on && live_sets[i] == o) {
            live_sets[i] = NULL;
            break;
        }
    }
    pthread_mutex_unlock(&sets_lock);
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
        if (o->stage[0])
            rmdir(o->stage);
    }
}

static void put_err(const char *s, size_t n)
{
    if (write(STDERR_FILENO, s, n) < 0) {
        /* nothing more to do */
    }
}

/* Async-signal-safe: remove what is unfinished, say what was written,
 * then die of the signal. */
static void die_of(int sig)
{
    static const char none[] = "\nrmsim: interrupted; no output written\n";
    static const char some[] = "\nrmsim: interrupted; unfinished output removed; written whole before: ";
    rm_outset_cleanup_all();
    if (written_len == 0) {
        put_err(none, sizeof none - 1);
    } else {
        put_err(some, sizeof some - 1);
        put_err(written_dir, (size_t)written_len);
        put_err("\n", 1);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

static void on_signal(int sig)
{
    if (committing) {
        pending_signal = sig;
        return;
    }
    die_of(sig);
}

void rm_outset_signals(void)
{
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
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

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    return (type == FTW_DP ? rmdir(path) : unlink(path)) < 0 && errno != ENOENT ? -1 : 0;
}

int rm_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) < 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    /* FTW_PHYS: a symbolic link is removed, never followed */
    return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Stages left by a process that died without cleaning up (SIGKILL, a
 * power cut): ours, and their process is gone. */
static void remove_stale_stages(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t k = sizeof STAGE_PREFIX - 1;
        if (strncmp(e->d_name, STAGE_PREFIX, k) != 0)
            continue;
        char *end;
        long pid = strtol(e->d_name + k, &end, 10);
        if (pid <= 0 || *end != '-' || pid == (long)getpid())
            continue;
        char path[2300];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (kill((pid_t)pid, 0) < 0 && errno == ESRCH && lstat(path, &st) == 0 &&
            S_ISDIR(st.st_mode) && st.st_uid == getuid())
            rm_remove_tree(path);
    }
    closedir(d);
}

rm_outset *rm_outset_new(const char *dir, rm_error *err)
{
    if (strlen(dir) >= 2048) {
        rm_errorf(err, "output folder name too long");
        return NULL;
    }
    if (rm_mkdirs(dir, err) < 0)
        return NULL;
    remove_stale_stages(dir);
    rm_outset *o = calloc(1, sizeof *o);
    if (!o) {
        rm_errorf(err, "out of memory");
        return NULL;
    }
    strcpy(o->dir, dir);
    snprintf(o->stage, sizeof o->stage, "%s/" STAGE_PREFIX "%ld-XXXXXX", dir, (long)getpid());
    if (!mkdtemp(o->stage)) {
        rm_errorf(err, "%s: cannot write: %s", dir, strerror(errno));
        free(o);
        return NULL;
    }
    track(o, 1);
    return o;
}

FILE *rm_outset_file(rm_outset *o, const char *name, rm_error *err)
{
    /* names of our own making (stages, kept old files) are not for outputs */
    if (o->nfiles == MAX_FILES || strchr(name, '/') || !name[0] || !strcmp(name, ".") ||
        !strcmp(name, "..") || !strncmp(name, ".old.", 5) ||
        !strncmp(name, STAGE_PREFIX, sizeof STAGE_PREFIX - 1) || strlen(name) > 200) {
        rm_errorf(err, "%s: bad output file name", name);
        return NULL;
    }
    outfile *f = &o->files[o->nfiles];
    char path[sizeof f->path], tmp[sizeof f->tmp], old[sizeof f->old];
    snprintf(path, sizeof path, "%s/%s", o->dir, name);
    snprintf(tmp, sizeof tmp, "%s/%s", o->stage, name);
    snprintf(old, sizeof old, "%s/.old.%s", o->stage, name);
    memcpy(f->path, path, sizeof path);
    memcpy(f->tmp, tmp, sizeof tmp);
    memcpy(f->old, old, sizeof old);
    f->had_old = 0;
    /* a fresh name in a fresh private folder: never an existing file or link */
    int fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    f->fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f->fp) {
        rm_errorf(err, "%s: cannot write: %s", f->path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(f->tmp);
        }
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
        if (f->had_old == 1)
            unlink(f->old);
        f->tmp[0] = '\0';
        f->had_old = 0;
    }
    o->nfiles = 0;
    if (o->stage[0])
        rmdir(o->stage);        /* fails, keeping it, if an old file could not go back */
    o->stage[0] = '\0';
}

/* Copy a file byte for byte (where hard links are not supported). */
static int copy_file(const char *from, const char *to)
{
    int in = open(from, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    int out = in >= 0 ? open(to, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600) : -1;
    char buf[65536];
    ssize_t got = 0;
    int rc = out >= 0 ? 0 : -1;
    while (rc == 0 && (got = read(in, buf, sizeof buf)) > 0)
        rc = write(out, buf, (size_t)got) == got ? 0 : -1;
    rc |= got < 0 ? -1 : 0;
    if (in >= 0)
        close(in);
    if (out >= 0)
        rc |= close(out);
    return rc;
}

/* Keep the file f replaces, so that a failed commit can put it back. */
static int keep_old(outfile *f, rm_error *err)
{
    struct stat st;
    if (lstat(f->path, &st) < 0) {
        if (errno == ENOENT)
            return 0;
        return rm_errorf(err, "%s: %s", f->path, strerror(errno));
    }
    if (S_ISDIR(st.st_mode))
        return rm_errorf(err, "%s: a folder is in the way of this file", f->path);
    if (link(f->path, f->old) < 0 && (!S_ISREG(st.st_mode) || copy_file(f->path, f->old) < 0))
        return rm_errorf(err, "%s: cannot keep the old file while writing the new: %s",
                         f->path, strerror(errno));
    f->had_old = 1;
    return 0;
}

/* For tests of the roll back: RMSIM_FAIL_RENAME=k fails the k-th rename. */
static int do_rename(const char *from, const char *to)
{
    static int count;
    const char *fail = getenv("RMSIM_FAIL_RENAME");
    if (fail && ++count == atoi(fail)) {
        errno = EIO;
        return -1;
    }
    return rename(from, to);
}

/* Rename every file into place; if one fails, put back what was there
 * before, so that the folder never mixes old and new files. */
static int move_into_place(rm_outset *o, rm_error *err)
{
    for (int i = 0; i < o->nfiles; i++)
        if (keep_old(&o->files[i], err) < 0)
            return -1;
    for (int i = 0; i < o->nfiles; i++) {
        outfile *f = &o->files[i];
        if (do_rename(f->tmp, f->path) == 0)
            continue;
        rm_errorf(err, "%s: cannot rename into place: %s (the folder is left as it was)",
                  f->path, strerror(errno));
        for (int j = 0; j < i; j++) {
            outfile *g = &o->files[j];
            if (g->had_old ? rename(g->old, g->path) == 0 : unlink(g->path) == 0)
                g->had_old = 0;
            else
                g->had_old = 2;     /* could not put it back: leave it in the stage */
            g->tmp[0] = '\0';
        }
        return -1;
    }
    for (int i = 0; i < o->nfiles; i++)
        o->files[i].tmp[0] = '\0';
    return 0;
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
    pthread_mutex_lock(&sets_lock);
    committing = 1;
    int rc = move_into_place(o, err);
    if (rc == 0) {
        size_t n = strlen(o->dir);
        written_len = 0;
        memcpy(written_dir, o->dir, n);
        written_len = (sig_atomic_t)n;
    }
    discard(o);                 /* the kept old files and the stage */
    committing = 0;
    pthread_mutex_unlock(&sets_lock);
    if (pending_signal)
        die_of(pending_signal);
    return rc;
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

static size_t char_at(const unsigned char *s, int *show);

/* JSON must be UTF-8: a byte that is not (a script's string can hold any)
 * is written as U+FFFD, so that strict readers still load the file. */
void rm_put_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned char c = *p;
        int show;
        size_t n = 1;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else if (c < 0x80)
            fputc(c, f);
        else if ((n = char_at(p, &show)) > 1)
            fwrite(p, 1, n, f);
        else
            fputs("\\ufffd", f);
        p += n;
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

/* The length of the character at s (1 for a byte that is not valid
 * UTF-8); *show: whether it may be shown (not a control character,
 * C1 control or bidirectional override). */
static size_t char_at(const unsigned char *s, int *show)
{
    unsigned c = s[0];
    *show = 0;
    if (c < 0x80) {
        *show = c >= 0x20 && c != 0x7f;
        return 1;
    }
    size_t n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
    if (n == 0 || c > 0xf4)
        return 1;
    unsigned long cp = c & (0x3f >> (n - 1));
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 1;
        cp = cp << 6 | (s[i] & 0x3f);
    }
    static const unsigned long least[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 1;                               /* overlong, too large, surrogate */
    *show = !(cp < 0xa0 || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069));
    return n;
}

size_t rm_safe_text(char *s, int keep_lines)
{
    size_t replaced = 0;
    char *out = s;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int show;
        size_t n = char_at(p, &show);
        if (!show && keep_lines && (*p == '\n' || *p == '\t'))
            show = 1;
        if (!show) {
            *out++ = '?';               /* one mark per character hidden */
            p += n;
            replaced++;
            continue;
        }
        memmove(out, p, n);
        out += n;
        p += n;
    }
    *out = '\0';
    return replaced;
}

/* Would a spreadsheet read this cell as a formula? A plain number such
 * as -3 or +1e5 is data, not a formula. */
static int formula_like(const char *s)
{
    if (!strchr("=+-@\t\r", s[0]) || !s[0])
        return 0;
    char *end;
    errno = 0;
    (void)strtod(s, &end);
    return end == s || *end != '\0';
}

void rm_put_csv_field(FILE *f, const char *s)
{
    int formula = formula_like(s);
    size_t n = strlen(s);
    int quote = formula || strpbrk(s, ",\"\r\n") || (n && (s[0] == ' ' || s[n - 1] == ' '));
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (formula)
        fputc('\'', f);             /* OWASP: shown as text, never evaluated */
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}
