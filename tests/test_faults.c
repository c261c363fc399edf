/* test_faults.c - what happens when the world fails: a full disk (a
 * file-size limit), SIGTERM in the middle of a run and of a sweep. No
 * half-written file is ever left, the message says what happened, and
 * an interrupted sweep resumes to the bytes of an uninterrupted one. */
#include "testutil.h"

#include <signal.h>
#include <time.h>

static const char *dir;

static int setup(void **state)
{
    setup_dir(state);
    dir = test_dir();
    /* slow enough to interrupt: a busy loop each period, well within budget */
    write_script(dir, "slow.lua",
        "local rm = require 'rmsim'\n"
        "rm.scenario { periods = 200, params = { a = 1.0 } }\n"
        "function period(sim, t)\n"
        "  local x = 0\n"
        "  for i = 1, 200000 do x = x + i % 7 end\n"
        "  sim:record('x', x * sim.params.a + t)\n"
        "end\n");
    return 0;
}

/* No file at all in a folder (or no folder). */
static void assert_empty(const char *folder)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "test ! -d '%s' || test -z \"$(ls -A '%s')\"", folder, folder);
    if (system(cmd) != 0) {
        snprintf(cmd, sizeof cmd, "ls -la '%s' >&2", folder);
        if (system(cmd)) {}
        fail_msg("%s is not empty", folder);
    }
}

static void full_disk(void **state)
{
    (void)state;
    char out[256], cmd[1200], err[300];
    snprintf(out, sizeof out, "%s/full", dir);
    snprintf(err, sizeof err, "%s/full.err", dir);
    /* a 2 KB file-size limit stands in for a full disk */
    snprintf(cmd, sizeof cmd, "ulimit -f 4; exec '%s' run scenarios/hello.lua --replicates 20 "
             "--out '%s' 2>'%s'", rmsim_path(), out, err);
    int st = system(cmd);
    assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 1);
    char *msg = slurp_file(err);
    assert_contains(msg, "write failed: File too large");
    free(msg);
    assert_empty(out);
}

static pid_t start(const char *const *args, const char *errfile)
{
    pid_t pid = fork();
    if (pid == 0) {
        int fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(fd, 2);
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        const char *argv[32] = {rmsim_path()};
        for (int i = 0; args[i] && i < 30; i++)
            argv[i + 1] = args[i];
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    return pid;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void sigterm_during_a_run(void **state)
{
    (void)state;
    char path[256], out[256], err[256];
    snprintf(path, sizeof path, "%s/slow.lua", dir);
    snprintf(out, sizeof out, "%s/run", dir);
    snprintf(err, sizeof err, "%s/run.err", dir);
    pid_t pid = start((const char *const[]){"run", path, "--replicates", "20", "--out", out, NULL},
                      err);
    sleep_ms(300);
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
    assert_true(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
    char *msg = slurp_file(err);
    assert_contains(msg, "interrupted; no output written");
    free(msg);
    assert_empty(out);
}

static void sigterm_during_a_sweep_then_resume(void **state)
{
    (void)state;
    char path[256], whole[256], cut[256], err[256], partial[300];
    snprintf(path, sizeof path, "%s/slow.lua", dir);
    snprintf(whole, sizeof whole, "%s/whole", dir);
    snprintf(cut, sizeof cut, "%s/cut", dir);
    snprintf(err, sizeof err, "%s/sweep.err", dir);
    snprintf(partial, sizeof partial, "%s/.rmsim-partial", cut);
    const char *grid = "a=1:6:1";
    run_result r = run_rmsim((const char *const[]){"sweep", path, "--grid", grid, "--replicates",
                                                   "2", "--periods", "30", "--out", whole, NULL});
    assert_int_equal(r.status, 0);
    run_free(&r);
    pid_t pid = start((const char *const[]){"sweep", path, "--grid", grid, "--replicates", "2",
                                            "--periods", "30", "--out", cut, "--threads", "1",
                                            NULL}, err);
    /* wait for a first finished variant, then interrupt */
    for (int i = 0; i < 400; i++) {
        char probe[400];
        snprintf(probe, sizeof probe, "%s/variant-000000.bin", partial);
        if (access(probe, F_OK) == 0)
            break;
        sleep_ms(10);
    }
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
    char sweep_json[300];
    snprintf(sweep_json, sizeof sweep_json, "%s/sweep.json", cut);
    if (WIFSIGNALED(st)) {      /* (on a fast machine it may have finished) */
        assert_int_equal(access(sweep_json, F_OK), -1);
        char cmd[600];          /* no temporary file survives, only whole partials */
        snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -q tmp", partial);
        assert_int_not_equal(system(cmd), 0);
    }
    r = run_rmsim((const char *const[]){"sweep", path, "--grid", grid, "--replicates", "2",
                                        "--periods", "30", "--out", cut, "--resume", NULL});
    assert_int_equal(r.status, 0);
    run_free(&r);
    const char *files[] = {"sweep.csv", "sweep.json", "report.html"};
    for (int i = 0; i < 3; i++) {
        char a[300], b[300];
        snprintf(a, sizeof a, "%s/%s", whole, files[i]);
        snprintf(b, sizeof b, "%s/%s", cut, files[i]);
        char *x = slurp_file(a), *y = slurp_file(b);
        assert_non_null(x);
        assert_non_null(y);
        assert_string_equal(x, y);
        free(x);
        free(y);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(full_disk),
        cmocka_unit_test(sigterm_during_a_run),
        cmocka_unit_test(sigterm_during_a_sweep_then_resume),
    };
    return cmocka_run_group_tests_name("faults", tests, setup, teardown_dir);
}
