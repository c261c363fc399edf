/* test_hostile.c - every script of tests/hostile/ is stopped with its
 * expected message, a non-zero exit and no output; together, as
 * tournament entries, each is disqualified and a good entry still wins. */
#include "testutil.h"

#include <dirent.h>

#define PWNED "/tmp/rmsim-hostile-pwned"

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_in(const char *dir, char **names, int max)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)) != NULL && n < max) {
        size_t len = strlen(e->d_name);
        if (len > 4 && !strcmp(e->d_name + len - 4, ".lua"))
            names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, by_name);
    return n;
}

static int list(char **names, int max) { return list_in("tests/hostile", names, max); }

static void each_script_is_stopped(void **state)
{
    (void)state;
    unlink(PWNED);
    const char *tmp = temp_dir();
    char *names[256];
    int n = list(names, 256);
    assert_true(n >= 30);
    for (int i = 0; i < n; i++) {
        char path[300], out[300], expect[300] = "";
        snprintf(path, sizeof path, "tests/hostile/%s", names[i]);
        snprintf(out, sizeof out, "%s/out-%d", tmp, i);
        char *text = slurp_file(path);
        assert_int_equal(sscanf(text, "-- expect: %299[^\n]", expect), 1);
        free(text);
        run_result r = run_rmsim((const char *const[]){"run", path, "--max-instructions", "2e7",
                                                       "--max-memory", "64", "--max-seconds", "1",
                                                       "--out", out, NULL});
        if (r.status != 1 || !strstr(r.err, expect) || r.out[0])
            fail_msg("%s: status %d, stderr:\n%s\nexpected: %s", names[i], r.status, r.err, expect);
        /* the one shape: file:line: message (or file: message for memory) */
        if (!strstr(r.err, "hostile/"))
            fail_msg("%s: the message does not name the file: %s", names[i], r.err);
        char probe[400];
        snprintf(probe, sizeof probe, "%s/metrics.csv", out);
        assert_int_equal(access(probe, F_OK), -1);
        run_free(&r);
        free(names[i]);
    }
    assert_int_equal(access(PWNED, F_OK), -1);
    remove_tree(tmp);
}

static void each_entry_is_disqualified(void **state)
{
    (void)state;
    const char *tmp = temp_dir();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "cp tests/hostile/*.lua '%s/' && cp scripts/strategies/tit_for_tat.lua "
             "'%s/zz_good.lua'", tmp, tmp);
    assert_int_equal(system(cmd), 0);
    run_result r = run_rmsim((const char *const[]){"tournament", tmp, "--turns", "20",
                                                   "--max-memory", "64", "--max-seconds", "0.5",
                                                   "--format", "json", NULL});
    assert_int_equal(r.status, 0);
    /* a copy of a classic outside scripts/strategies/ is listed under its file's name */
    assert_contains(r.out, "\"ranking\": [\n  {\"rank\": 1, \"strategy\": \"zz_good\"");
    char *names[256];
    int n = list(names, 256);
    for (int i = 0; i < n; i++) {
        char key[300];
        snprintf(key, sizeof key, "{\"strategy\": \"%.*s\"", (int)strlen(names[i]) - 4, names[i]);
        if (!strstr(r.out, key))
            fail_msg("%s was not disqualified:\n%s", names[i], r.out);
        free(names[i]);
    }
    assert_int_equal(access(PWNED, F_OK), -1);
    run_free(&r);
    remove_tree(tmp);
}

/* tests/hostile/strategies/: entries that misbehave inside move. Each is
 * disqualified with its expected reason (or, "ok", ranked), and the
 * tournament gives the same bytes whatever the number of threads. */
static void strategies_are_disqualified_alike(void **state)
{
    (void)state;
    const char *tmp = temp_dir();
    char cmd[600];
    snprintf(cmd, sizeof cmd, "cp tests/hostile/strategies/*.lua '%s/' && "
             "cp scripts/strategies/tit_for_tat.lua '%s/zz_good.lua'", tmp, tmp);
    assert_int_equal(system(cmd), 0);
    char *first = NULL;
    const char *threads[] = {"1", "2", "3"};
    for (int k = 0; k < 3; k++) {
        run_result r = run_rmsim((const char *const[]){"tournament", tmp, "--turns", "20",
                                                       "--repetitions", "3", "--threads",
                                                       threads[k], "--max-memory", "16",
                                                       "--max-seconds", "1", "--format",
                                                       "json", NULL});
        assert_int_equal(r.status, 0);
        if (first) {
            if (strcmp(first, r.out))
                fail_msg("--threads %s differs from --threads 1:\n%s\n---\n%s", threads[k],
                         r.out, first);
            run_free(&r);
            continue;
        }
        char *names[64];
        int n = list_in("tests/hostile/strategies", names, 64);
        assert_true(n >= 10);
        for (int i = 0; i < n; i++) {
            char path[300], expect[300] = "", key[400];
            snprintf(path, sizeof path, "tests/hostile/strategies/%s", names[i]);
            char *text = slurp_file(path);
            assert_int_equal(sscanf(text, "-- expect: %299[^\n]", expect), 1);
            free(text);
            int ok = !strcmp(expect, "ok");
            snprintf(key, sizeof key, "\"strategy\": \"%.*s\"%s", (int)strlen(names[i]) - 4,
                     names[i], ok ? ", \"score\"" : ", \"file\"");
            const char *at = strstr(r.out, key);
            const char *end = at ? strchr(at, '\n') : NULL;
            char line[4096] = "";
            if (end && end - at < (long)sizeof line)
                memcpy(line, at, (size_t)(end - at));
            if (!at || (!ok && !strstr(line, expect)))
                fail_msg("%s: expected %s in:\n%s", names[i], ok ? "a rank" : expect, r.out);
            free(names[i]);
        }
        first = strdup(r.out);
        run_free(&r);
    }
    free(first);
    remove_tree(tmp);
}

/* rm.scenario kept the script's own charts and variants and read them
 * again later: growing metrics overflowed a buffer (SIGSEGV), 20000
 * variants passed the 10000 cap with duplicate names and nil values. */
static void declaration_is_copied(void **state)
{
    (void)state;
    const char *tmp = temp_dir();
    write_script(tmp, "grow.lua",
                 "local rm = require 'rmsim'\nlocal m = { 'a' }\n"
                 "rm.scenario{ periods = 3, charts = { { title = 't', metrics = m } } }\n"
                 "for i = 2, 40 do m[i] = 'm' .. i end\n"
                 "function period(sim, t) sim:record('a', t) end\n");
    write_script(tmp, "vars.lua",
                 "local rm = require 'rmsim'\nlocal v = { { name = 'a', params = { x = 1 } } }\n"
                 "rm.scenario{ periods = 2, params = { x = 1 }, variants = v }\n"
                 "for i = 2, 20000 do v[i] = { name = 'a', params = { x = {} } } end\n"
                 "v[1].params.x = {}\nv[1].name = {}\n"
                 "function period(sim, t) sim:record('a', sim.params.x) end\n");
    char script[300], out[300];
    snprintf(script, sizeof script, "%s/grow.lua", tmp);
    snprintf(out, sizeof out, "%s/grow", tmp);
    run_result r = run_rmsim((const char *const[]){"run", script, "--out", out, "--quiet", NULL});
    assert_int_equal(r.status, 0);
    run_free(&r);
    snprintf(script, sizeof script, "%s/vars.lua", tmp);
    snprintf(out, sizeof out, "%s/vars", tmp);
    r = run_rmsim((const char *const[]){"sweep", script, "--out", out, NULL});
    assert_int_equal(r.status, 0);
    run_free(&r);
    char csv[400];
    snprintf(csv, sizeof csv, "%s/vars/sweep.csv", tmp);
    char *text = slurp_file(csv);
    assert_null(strstr(text, "(null)"));
    const char *row = strchr(text, '\n') + 1;
    assert_int_equal(strncmp(row, "a,1,", 4), 0);       /* the one variant checked */
    int rows = 0;
    for (const char *p = row; (p = strchr(p, '\n')) != NULL; p++)
        rows++;
    assert_int_equal(rows, 2);                          /* 1 variant x 1 replicate x 2 periods */
    free(text);
    remove_tree(tmp);
}

/* rmsim plot checked x with strtod and indexed with strtol: x = 1e5
 * crashed, x = 0x100 wrote before the buffer and exited 0. */
static void plot_x_is_parsed_once(void **state)
{
    (void)state;
    const char *tmp = temp_dir();
    const char *xs[] = {"1e5", "0x100", "-3"};
    for (int i = 0; i < 3; i++) {
        char text[200], csv[300], svg[300];
        snprintf(text, sizeof text, "period,v\n%s,1\n2,3\n", xs[i]);
        snprintf(csv, sizeof csv, "x%d.csv", i);
        write_script(tmp, csv, text);
        snprintf(csv, sizeof csv, "%s/x%d.csv", tmp, i);
        snprintf(svg, sizeof svg, "%s/x%d.svg", tmp, i);
        run_result r = run_rmsim((const char *const[]){"plot", csv, "--y", "v", "-o", svg, NULL});
        if (r.status != 0)
            fail_msg("x = %s: status %d: %s", xs[i], r.status, r.err);
        assert_int_equal(access(svg, F_OK), 0);
        run_free(&r);
    }
    write_script(tmp, "far.csv", "period,v\n1e7,1\n");
    char csv[300], svg[300];
    snprintf(csv, sizeof csv, "%s/far.csv", tmp);
    snprintf(svg, sizeof svg, "%s/far.svg", tmp);
    run_result r = run_rmsim((const char *const[]){"plot", csv, "--y", "v", "-o", svg, NULL});
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "whole number");
    run_free(&r);
    remove_tree(tmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_script_is_stopped),
        cmocka_unit_test(each_entry_is_disqualified),
        cmocka_unit_test(strategies_are_disqualified_alike),
        cmocka_unit_test(declaration_is_copied),
        cmocka_unit_test(plot_x_is_parsed_once),
    };
    return cmocka_run_group_tests_name("hostile", tests, NULL, NULL);
}
