/* testutil.h - what the tests share: cmocka, and running the rmsim
 * program on a script to check its exit code, stdout and stderr. */
#ifndef RMSIM_TESTUTIL_H
#define RMSIM_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct run_result {
    int status;         /* exit code, or 128+signal */
    char *out;          /* stdout, NUL-terminated */
    char *err;          /* stderr */
} run_result;

static inline char *slurp_fd(int fd)
{
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    ssize_t got;
    while ((got = read(fd, buf + n, cap - n - 1)) > 0) {
        n += (size_t)got;
        if (cap - n - 1 == 0)
            buf = realloc(buf, cap *= 2);
    }
    buf[n] = '\0';
    return buf;
}

static inline char *slurp_file(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return NULL;
    char *s = slurp_fd(fd);
    close(fd);
    return s;
}

/* The rmsim binary under test: $RMSIM, else build/rmsim. */
static inline const char *rmsim_path(void)
{
    const char *p = getenv("RMSIM");
    return p && *p ? p : "build/rmsim";
}

/* The argv to exec: the rmsim binary, then the NULL-terminated args (at
 * most 62 of them). */
static inline void rmsim_argv(const char *const *args, const char *argv[64])
{
    int n = 0;
    argv[n++] = rmsim_path();
    for (; args[n - 1] && n < 63; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
}

/* A waitpid status as run_result.status: the exit code, or 128+signal. */
static inline int exit_status(int st)
{
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Run rmsim with the NULL-terminated arguments and `input` on stdin
 * (NULL: /dev/null). */
static inline run_result run_rmsim_input(const char *const *args, const char *input)
{
    char tmpl_out[] = "/tmp/rmsim-test-out.XXXXXX", tmpl_err[] = "/tmp/rmsim-test-err.XXXXXX";
    int fo = mkstemp(tmpl_out), fe = mkstemp(tmpl_err);
    unlink(tmpl_out);
    unlink(tmpl_err);
    const char *argv[64];
    rmsim_argv(args, argv);
    int in = open("/dev/null", O_RDONLY);
    if (input) {
        char tmpl_in[] = "/tmp/rmsim-test-in.XXXXXX";
        close(in);
        in = mkstemp(tmpl_in);
        unlink(tmpl_in);
        if (write(in, input, strlen(input)) < 0)
            fail_msg("cannot write test input");
        lseek(in, 0, SEEK_SET);
    }
    pid_t pid = fork();
    if (pid == 0) {
        alarm(300);         /* a hang fails the test (SIGALRM) instead of stalling CI */
        dup2(in, 0);
        dup2(fo, 1);
        dup2(fe, 2);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    run_result r;
    r.status = exit_status(st);
    lseek(fo, 0, SEEK_SET);
    lseek(fe, 0, SEEK_SET);
    r.out = slurp_fd(fo);
    r.err = slurp_fd(fe);
    close(fo);
    close(fe);
    close(in);
    return r;
}

static inline run_result run_rmsim(const char *const *args)
{
    return run_rmsim_input(args, NULL);
}

/* RUN("run", "x.lua", "--seed", "2"): run_rmsim on a literal list. */
#define RUN(...) run_rmsim((const char *const[]){__VA_ARGS__, NULL})

static inline void run_free(run_result *r)
{
    free(r->out);
    free(r->err);
}

/* Write text to a fresh file in dir; returns its path (static buffer). */
static inline const char *write_script(const char *dir, const char *name, const char *text)
{
    static char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

/* A fresh temporary folder (static buffer). */
static inline const char *temp_dir(void)
{
    static char dir[64];
    strcpy(dir, "/tmp/rmsim-test.XXXXXX");
    assert_non_null(mkdtemp(dir));
    return dir;
}

static inline void remove_tree(const char *dir)
{
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

/* A scratch folder per test group: pass setup_dir and teardown_dir to
 * cmocka_run_group_tests_name, use test_dir() inside the tests. */
static inline const char **test_dir_slot(void)
{
    static const char *d;
    return &d;
}

static inline const char *test_dir(void) { return *test_dir_slot(); }

static inline int setup_dir(void **state)
{
    (void)state;
    *test_dir_slot() = temp_dir();
    return 0;
}

static inline int teardown_dir(void **state)
{
    (void)state;
    remove_tree(test_dir());
    return 0;
}

/* got within tol of want (a NaN never is); the tolerance's derivation
 * goes in a comment at the call (e.g. 5 standard errors). */
static inline void within(const char *what, double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("%s: got %.6g, want %.6g +- %.3g", what, got, want, tol);
}

#define assert_contains(hay, needle)                                                      \
    do {                                                                                  \
        if (!strstr((hay), (needle)))                                                     \
            fail_msg("expected to find \"%s\" in:\n%s", (needle), (hay));                 \
    } while (0)

#endif
