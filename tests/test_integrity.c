/* test_integrity.c - results that cannot be forged or mixed (issue 18):
 * names quoted, neutralised and made unique; output sets staged and
 * renamed with roll back; inputs only regular files inside their folder;
 * and the smaller checks (exact --set, c:get periods, BOM, fit notes). */
#include "testutil.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <time.h>

#include "rmsim/csv.h"
#include "rmsim/input.h"
#include "rmsim/output.h"

/* ---- the shared functions -------------------------------------------- */

static char *csv_field(const char *text)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    rm_put_csv_field(f, text);
    fclose(f);
    return buf;
}

static void csv_fields_quoted_and_neutralised(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"tit_for_tat", "tit_for_tat"},
        {"-3", "-3"},                       /* a number is data */
        {"+1e5", "+1e5"},
        {"a,b", "\"a,b\""},
        {"say \"hi\"", "\"say \"\"hi\"\"\""},
        {"x\n1,first", "\"x\n1,first\""},  /* one field, however many lines */
        {"=HYPERLINK(\"http://e\")", "\"'=HYPERLINK(\"\"http://e\"\")\""},
        {"+cmd|' /C calc'!A0", "\"'+cmd|' /C calc'!A0\""},
        {"-1+2", "\"'-1+2\""},
        {"@SUM(A1)", "\"'@SUM(A1)\""},
        {" padded", "\" padded\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = csv_field(cases[i].in);
        if (strcmp(got, cases[i].out))
            fail_msg("csv field of [%s]: got [%s], expected [%s]", cases[i].in, got, cases[i].out);
        free(got);
    }
}

static void text_made_safe_for_terminals(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
        int keep;
    } cases[] = {
        {"plain caf\xc3\xa9", "plain caf\xc3\xa9", 0},     /* UTF-8 stays */
        {"\x1b[2J\x1b]0;owned\x07", "?[2J?]0;owned?", 0},   /* ESC, BEL */
        {"a\rb\nc\td", "a?b?c?d", 0},
        {"a\nb\tc\rd", "a\nb\tc?d", 1},
        {"\xc2\x9b" "31m", "?31m", 0},                      /* C1 CSI */
        {"x\xe2\x80\xaey", "x?y", 0},                       /* right-to-left override */
        {"\xc0\x80\xff", "???", 0},                         /* overlong NUL, bad byte */
        {"\xe2\x82", "??", 0},                              /* cut sequence */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s", cases[i].in);
        rm_safe_text(buf, cases[i].keep);
        if (strcmp(buf, cases[i].out))
            fail_msg("case %zu: got [%s], expected [%s]", i, buf, cases[i].out);
    }
}

/* JSON is UTF-8: a script's string with a byte that is not (Lua strings
 * hold any) is written as U+FFFD; good UTF-8 and escapes stay. */
static void json_strings_are_utf8(void **state)
{
    (void)state;
    static const struct { const char *in, *out; } cases[] = {
        {"caf\xc3\xa9", "\"caf\xc3\xa9\""},
        {"a\"b\\c\n\x1b", "\"a\\\"b\\\\c\\n\\u001b\""},
        {"v\xff", "\"v\\ufffd\""},
        {"\xc0\x80", "\"\\ufffd\\ufffd\""},           /* overlong NUL */
        {"x\xe2\x82", "\"x\\ufffd\\ufffd\""},          /* cut at the end */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        rm_put_json_string(f, cases[i].in);
        fclose(f);
        if (strcmp(buf, cases[i].out))
            fail_msg("case %zu: got [%s], expected [%s]", i, buf, cases[i].out);
        free(buf);
    }
}

/* rmsim info prints what the script wrote: its description, a
 * parameter's doc and string value must not reach the terminal raw. */
static void info_is_terminal_safe(void **state)
{
    (void)state;
    const char *path = write_script(test_dir(), "info.lua",
        "local rm = require 'rmsim'\n"
        "rm.scenario { name = 's', description = 'a\\rb\\27[2J',\n"
        "  params = { x = { 1, doc = '\\27]0;owned\\7\\nforged line' }, y = '\\27[31m' } }\n");
    run_result r = run_rmsim((const char *const[]){"info", path, NULL});
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "[2J"));      /* the text is there, made visible */
    for (const char *c = r.out; *c; c++)
        if ((unsigned char)*c == 0x1b || *c == 0x07 || *c == '\r')
            fail_msg("a control character reached the terminal:\n%s", r.out);
    assert_null(strstr(r.out, "\nforged line"));
    run_free(&r);
}

/* ---- the leaderboard ----------------------------------------------------- */

static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s == 0x1b || (unsigned char)*s == 0x07 || *s == '\r')
            return 1;
    return 0;
}

static void leaderboard_cannot_be_forged(void **state)
{
    (void)state;
    const char *dir = test_dir();
    char students[300], out[300], path[400];
    snprintf(students, sizeof students, "%s/lb-students", dir);
    snprintf(out, sizeof out, "%s/lb-out", dir);
    mkdir(students, 0777);
    static const char defect[] = "memory_one = { first = 0, CC = 0, CD = 0, DC = 0, DD = 0 } }\n";
    char text[600];
    /* a newline that would start a forged first-place row */
    snprintf(text, sizeof text, "return { name = \"a\\n1,forged,99,99,0,\", %s", defect);
    write_script(students, "a.lua", text);
    snprintf(text, sizeof text, "return { name = '=HYPERLINK(\"http://evil\",\"x\")', %s", defect);
    write_script(students, "b.lua", text);
    snprintf(text, sizeof text, "return { name = \"\\27[2J\\27]0;owned\\7red\", %s", defect);
    write_script(students, "c.lua", text);
    /* two entries taking a classic's name, and two sharing a name */
    write_script(students, "d.lua", "return { name = 'tit_for_tat', memory_one = { first = 1, CC = 1, CD = 0, DC = 1, DD = 0 } }\n");
    write_script(students, "e.lua", "return { name = 'tit_for_tat', memory_one = { first = 1, CC = 1, CD = 0, DC = 1, DD = 0 } }\n");
    write_script(students, "f.lua", "return { name = 'twin', memory_one = { first = 1, CC = 1, CD = 0, DC = 1, DD = 0 } }\n");
    write_script(students, "g.lua", "return { name = 'twin', memory_one = { first = 1, CC = 1, CD = 0, DC = 1, DD = 0 } }\n");
    run_result r = run_rmsim((const char *const[]){"tournament", students, "tit_for_tat",
                                                   "--turns", "10", "--out", out, NULL});
    assert_int_equal(r.status, 0);
    if (has_control(r.out) || has_control(r.err))
        fail_msg("control characters reached the terminal:\n%s\n%s", r.out, r.err);
    assert_contains(r.err, "calls itself 'tit_for_tat', the name of a classic strategy; "
                           "listed as 'd'");
    assert_contains(r.err, "the name 'twin' is taken; listed as 'twin#2'");
    snprintf(path, sizeof path, "%s/leaderboard.csv", out);
    rm_error err;
    rm_csv *t = rm_csv_read(path, &err);
    if (!t)
        fail_msg("%s", err.msg);
    /* one row per entrant, however the names are made */
    assert_int_equal(rm_csv_rows(t), 8);
    int col = rm_csv_column(t, "strategy"), rank = rm_csv_column(t, "rank");
    assert_true(col >= 0 && rank >= 0);
    int classic = 0, formula = 0;
    for (long i = 0; i < rm_csv_rows(t); i++) {
        const char *name = rm_csv_field(t, i, col);
        if (has_control(name))
            fail_msg("row %ld: control characters in '%s'", i, name);
        if (name[0] == '=')
            fail_msg("row %ld: a formula cell '%s'", i, name);
        formula += !strcmp(name, "'=HYPERLINK(\"http://evil\",\"x\")");
        classic += !strcmp(name, "tit_for_tat");
        assert_string_not_equal(rm_csv_field(t, i, rank), "");
        assert_string_not_equal(name, "forged");
    }
    assert_int_equal(formula, 1);
    assert_int_equal(classic, 1);       /* only the real one */
    rm_csv_free(t);
    char *json = NULL;
    snprintf(path, sizeof path, "%s/tournament.json", out);
    json = slurp_file(path);
    assert_contains(json, "\"twin\"");
    assert_contains(json, "\"twin#2\"");
    free(json);
    run_free(&r);
}

static void sweep_csv_neutralised(void **state)
{
    (void)state;
    const char *dir = test_dir();
    char out[300], path[400];
    write_script(dir, "label.lua",
                 "local rm = require 'rmsim'\n"
                 "rm.scenario { periods = 2, replicates = 2, params = { label = 'x' } }\n"
                 "function period(sim, t) sim:record('n', #sim.params.label) end\n");
    snprintf(path, sizeof path, "%s/label.lua", dir);
    snprintf(out, sizeof out, "%s/sweep-out", dir);
    run_result r = run_rmsim((const char *const[]){"sweep", path, "--grid",
                                                   "label=@SUM(1),-2", "--format", "long",
                                                   "--out", out, NULL});
    assert_int_equal(r.status, 0);
    snprintf(path, sizeof path, "%s/sweep.csv", out);
    char *csv = slurp_file(path);
    assert_contains(csv, "\nlabel=@SUM(1),\"'@SUM(1)\",1,0,");
    assert_contains(csv, "\nlabel=-2,-2,1,0,");         /* a number stays a number */
    free(csv);
    /* the long form too: the variant's name and the parameter's column */
    snprintf(path, sizeof path, "%s/sweep_long.csv", out);
    csv = slurp_file(path);
    assert_contains(csv, "\nlabel=@SUM(1),\"'@SUM(1)\",1,0,n,,,n,");
    assert_contains(csv, "\nlabel=-2,-2,1,0,n,,,n,");
    free(csv);
    run_free(&r);
}

/* ---- output sets ---------------------------------------------------------- */

static const char *const hello[] = {"run", "scenarios/hello.lua", "--replicates", "2", NULL};

static run_result run_hello(const char *out, const char *seed)
{
    return run_rmsim((const char *const[]){hello[0], hello[1], hello[2], hello[3], "--seed", seed,
                                           "--out", out, NULL});
}

/* Nothing of ours but the outputs: no stage, no temporary. */
static void assert_no_stage(const char *out)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -q '^\\.'", out);
    if (system(cmd) == 0)
        fail_msg("%s holds a hidden temporary", out);
}

static void planted_symlink_is_not_followed(void **state)
{
    (void)state;
    char out[300], victim[300], link[400];
    snprintf(out, sizeof out, "%s/planted", test_dir());
    snprintf(victim, sizeof victim, "%s/victim.txt", test_dir());
    mkdir(out, 0777);
    write_script(test_dir(), "victim.txt", "precious\n");
    snprintf(link, sizeof link, "%s/metrics.csv", out);
    assert_int_equal(symlink(victim, link), 0);
    run_result r = run_hello(out, "1");
    assert_int_equal(r.status, 0);
    char *v = slurp_file(victim);
    assert_string_equal(v, "precious\n");
    free(v);
    struct stat st;
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISREG(st.st_mode));
    assert_no_stage(out);
    run_free(&r);
    /* where the temporary once was (.NAME.tmp.PID, opened with fopen "w"),
     * a planted link must change nothing: the stage is fresh and private */
    char old_tmp[400];
    snprintf(old_tmp, sizeof old_tmp, "%s/.metrics.csv.tmp.%ld", out, (long)getpid());
    assert_int_equal(symlink(victim, old_tmp), 0);
    rm_error err;
    rm_outset *o = rm_outset_new(out, &err);
    assert_non_null(o);
    FILE *f = rm_outset_file(o, "metrics.csv", &err);
    assert_non_null(f);
    fputs("new\n", f);
    assert_int_equal(rm_outset_commit(o, &err), 0);
    rm_outset_free(o);
    v = slurp_file(victim);
    assert_string_equal(v, "precious\n");
    free(v);
    v = slurp_file(link);
    assert_string_equal(v, "new\n");
    free(v);
    unlink(old_tmp);
}

static void failed_rename_rolls_back(void **state)
{
    (void)state;
    char out[300], path[400];
    snprintf(out, sizeof out, "%s/rollback", test_dir());
    run_result r = run_hello(out, "1");
    assert_int_equal(r.status, 0);
    run_free(&r);
    static const char *const files[] = {"metrics.csv", "summary.json", "report.html"};
    char *before[3];
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", out, files[i]);
        before[i] = slurp_file(path);
        assert_non_null(before[i]);
    }
    /* another seed, and the third rename fails: the first two go back */
    setenv("RMSIM_FAIL_RENAME", "3", 1);
    r = run_hello(out, "2");
    unsetenv("RMSIM_FAIL_RENAME");
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "cannot rename into place");
    assert_contains(r.err, "left as it was");
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", out, files[i]);
        char *now = slurp_file(path);
        if (strcmp(now, before[i]))
            fail_msg("%s changed after a failed commit", files[i]);
        free(now);
        free(before[i]);
    }
    assert_no_stage(out);
    run_free(&r);
    /* and a fresh folder gets nothing at all */
    snprintf(out, sizeof out, "%s/rollback-new", test_dir());
    setenv("RMSIM_FAIL_RENAME", "2", 1);
    r = run_hello(out, "2");
    unsetenv("RMSIM_FAIL_RENAME");
    assert_int_equal(r.status, 1);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "test -z \"$(ls -A '%s')\"", out);
    assert_int_equal(system(cmd), 0);
    run_free(&r);
}

static void stale_stage_is_removed(void **state)
{
    (void)state;
    char out[300], stale[400], live[400], path[500];
    snprintf(out, sizeof out, "%s/stale", test_dir());
    mkdir(out, 0777);
    /* a process that no longer exists (pid_max is below 2^22) */
    long dead = 4194304 + 12345;
    assert_true(kill((pid_t)dead, 0) < 0 && errno == ESRCH);
    snprintf(stale, sizeof stale, "%s/.rmsim-stage-%ld-AbCdEf", out, dead);
    snprintf(live, sizeof live, "%s/.rmsim-stage-%ld-AbCdEf", out, (long)getpid());
    mkdir(stale, 0700);
    mkdir(live, 0700);
    snprintf(path, sizeof path, "%s/metrics.csv", stale);
    write_script(stale, "metrics.csv", "half,written\n");
    run_result r = run_hello(out, "1");
    assert_int_equal(r.status, 0);
    assert_int_equal(access(stale, F_OK), -1);
    assert_int_equal(access(live, F_OK), 0);    /* a live process's stage is left alone */
    rmdir(live);
    assert_no_stage(out);
    run_free(&r);
}

/* SIGTERM after the files are written (rmsim is blocked printing its
 * results into a pipe nobody reads): the message must not say "no
 * output written". */
static void sigterm_after_writing_says_so(void **state)
{
    (void)state;
    char out[300], html[400], many[300];
    snprintf(out, sizeof out, "%s/late-term", test_dir());
    snprintf(html, sizeof html, "%s/report.html", out);
    snprintf(many, sizeof many, "%s/late-entrants", test_dir());
    mkdir(many, 0777);
    /* 150 entrants: a 150 x 150 matrix in JSON, far more than a pipe holds */
    for (int i = 0; i < 150; i++) {
        char name[32];
        snprintf(name, sizeof name, "s%03d.lua", i);
        write_script(many, name, i % 2 ? "return { memory_one = { first = 1, CC = 1, CD = 0, DC = 1, DD = 0 } }\n"
                                       : "return { memory_one = { first = 0, CC = 0, CD = 0, DC = 0, DD = 0 } }\n");
    }
    int pipefd[2], errfd[2];
    assert_int_equal(pipe(pipefd), 0);
    assert_int_equal(pipe(errfd), 0);
    pid_t pid = fork();
    if (pid == 0) {
        alarm(120);
        dup2(pipefd[1], 1);
        dup2(errfd[1], 2);
        close(pipefd[0]);
        close(errfd[0]);
        execl(rmsim_path(), rmsim_path(), "tournament", many, "--turns", "2", "--format",
              "json", "--out", out, (char *)NULL);
        _exit(127);
    }
    close(pipefd[1]);
    close(errfd[1]);
    /* wait (up to ~100 s) for the last file; nobody reads stdout meanwhile */
    for (int i = 0; i < 10000 && access(html, F_OK) != 0; i++)
        nanosleep(&(struct timespec){0, 10000000}, NULL);
    assert_int_equal(access(html, F_OK), 0);
    nanosleep(&(struct timespec){0, 100000000}, NULL);
    kill(pid, SIGTERM);
    int st;
    waitpid(pid, &st, 0);
    char *err = slurp_fd(errfd[0]);
    close(errfd[0]);
    close(pipefd[0]);
    if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGTERM)
        fail_msg("not stopped by SIGTERM (status 0x%x): %s", st, err);
    if (strstr(err, "no output written"))
        fail_msg("claims no output after writing %s:\n%s", out, err);
    assert_contains(err, "written whole before: ");
    assert_contains(err, out);
    assert_int_equal(access(html, F_OK), 0);
    assert_no_stage(out);
    free(err);
}

static void sweep_partials_removed_in_c(void **state)
{
    (void)state;
    char out[300], path[500], keep[300];
    /* a quote in the folder name defeated the old `rm -rf` through a shell */
    snprintf(out, sizeof out, "%s/it's here", test_dir());
    snprintf(keep, sizeof keep, "%s/keep", test_dir());
    mkdir(keep, 0777);
    write_script(keep, "precious.txt", "keep me\n");
    mkdir(out, 0777);
    snprintf(path, sizeof path, "%s/.rmsim-partial", out);
    mkdir(path, 0777);
    /* a link in the partials to another folder: removed, never followed */
    snprintf(path, sizeof path, "%s/.rmsim-partial/link", out);
    assert_int_equal(symlink(keep, path), 0);
    run_result r = run_rmsim((const char *const[]){"sweep", "scenarios/hello.lua", "--grid",
                                                   "churn=0.01,0.02", "--replicates", "2", "--out",
                                                   out, NULL});
    if (r.status != 0)
        fail_msg("status %d: %s", r.status, r.err);
    snprintf(path, sizeof path, "%s/.rmsim-partial", out);
    assert_int_equal(access(path, F_OK), -1);
    snprintf(path, sizeof path, "%s/precious.txt", keep);
    assert_int_equal(access(path, F_OK), 0);
    run_free(&r);
}

/* ---- inputs ----------------------------------------------------------------- */

static void fifo_and_links_refused(void **state)
{
    (void)state;
    char students[300], outside[300], path[400], target[400];
    snprintf(students, sizeof students, "%s/in-students", test_dir());
    snprintf(outside, sizeof outside, "%s/in-outside", test_dir());
    mkdir(students, 0777);
    mkdir(outside, 0777);
    write_script(students, "good.lua", "return { memory_one = { first = 1, CC = 1, CD = 0, DC = 1, DD = 0 } }\n");
    write_script(outside, "secret.lua", "return { name = 'secret', memory_one = { first = 1, CC = 1, CD = 0, DC = 1, DD = 0 } }\n");
    snprintf(path, sizeof path, "%s/fifo.lua", students);
    assert_int_equal(mkfifo(path, 0600), 0);
    snprintf(path, sizeof path, "%s/link.lua", students);
    snprintf(target, sizeof target, "%s/secret.lua", outside);
    assert_int_equal(symlink(target, path), 0);
    snprintf(path, sizeof path, "%s/inside.lua", students);
    assert_int_equal(symlink("good.lua", path), 0);     /* a link inside the folder is fine */
    run_result r = run_rmsim((const char *const[]){"tournament", students, "--turns", "5",
                                                   "--format", "json", NULL});
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "{\"strategy\": \"fifo\", \"file\": ");
    assert_contains(r.out, "not a regular file");
    assert_contains(r.out, "{\"strategy\": \"link\", \"file\": ");
    assert_contains(r.out, "a symbolic link leads out of its folder");
    assert_contains(r.out, "\"strategy\": \"inside\", \"score\"");
    if (strstr(r.out, "secret"))
        fail_msg("the file outside was read:\n%s", r.out);
    run_free(&r);
    /* the library function itself */
    rm_error err;
    snprintf(path, sizeof path, "%s/fifo.lua", students);
    assert_null(rm_open_input(path, NULL, &err));
    assert_contains(err.msg, "not a regular file");
    snprintf(path, sizeof path, "%s/good.lua", students);
    FILE *f = rm_open_input(path, NULL, &err);
    assert_non_null(f);
    fclose(f);
    assert_null(rm_open_input(path, outside, &err));
}

static void edge_list_link_out_refused(void **state)
{
    (void)state;
    char scen[300], path[400], target[400];
    snprintf(scen, sizeof scen, "%s/edges-scen", test_dir());
    mkdir(scen, 0777);
    write_script(test_dir(), "outside-edges.csv", "0,1\n1,2\n");
    snprintf(target, sizeof target, "%s/outside-edges.csv", test_dir());
    snprintf(path, sizeof path, "%s/edges.csv", scen);
    assert_int_equal(symlink(target, path), 0);
    write_script(scen, "net.lua",
                 "local rm = require 'rmsim'\n"
                 "rm.scenario { periods = 1 }\n"
                 "function setup(sim) rm.network { model = 'file', file = 'edges.csv' } end\n");
    snprintf(path, sizeof path, "%s/net.lua", scen);
    run_result r = run_rmsim((const char *const[]){"run", path, NULL});
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "net.lua:3: rm.network: edges.csv: a symbolic link leads out of the "
                           "scenario's folder");
    run_free(&r);
}

static void game_match_only_allowed_strategies(void **state)
{
    (void)state;
    char scen[300], path[400];
    snprintf(scen, sizeof scen, "%s/match-scen", test_dir());
    mkdir(scen, 0777);
    write_script(scen, "mine.lua", "return { memory_one = { first = 0, CC = 0, CD = 0, DC = 0, DD = 0 } }\n");
    static const char *const bad[] = {"/etc/passwd", "../../../../etc/passwd", "nobody_here"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[600];
        snprintf(text, sizeof text,
                 "local rm = require 'rmsim'\n"
                 "rm.scenario { periods = 1 }\n"
                 "function period(sim) rm.game.match('%s', 'tit_for_tat') end\n", bad[i]);
        write_script(scen, "m.lua", text);
        snprintf(path, sizeof path, "%s/m.lua", scen);
        run_result r = run_rmsim((const char *const[]){"run", path, NULL});
        assert_int_equal(r.status, 1);
        assert_contains(r.err, "m.lua:3: strategy '");
        assert_contains(r.err, "not a classic strategy nor a .lua file inside the scenario's folder");
        if (strstr(r.err, "root:"))
            fail_msg("a line of another file was shown: %s", r.err);
        run_free(&r);
    }
    /* a file in the scenario's folder, named relative to it, does play */
    write_script(scen, "m.lua",
                 "local rm = require 'rmsim'\n"
                 "rm.scenario { periods = 1 }\n"
                 "function period(sim)\n"
                 "  local m = rm.game.match('mine.lua', 'tit_for_tat', { turns = 3 })\n"
                 "  sim:record('a', m.score_a)\n"
                 "end\n");
    run_result r = run_rmsim((const char *const[]){"run", path, "--replicates", "1", NULL});
    if (r.status != 0)
        fail_msg("%s", r.err);
    assert_contains(r.out, "1,0,");
    run_free(&r);
}

/* ---- the smaller checks ---------------------------------------------------------- */

static void set_integer_exact(void **state)
{
    (void)state;
    write_script(test_dir(), "int.lua",
                 "local rm = require 'rmsim'\n"
                 "rm.scenario { periods = 1, params = { n = 5 } }\n"
                 "function period(sim)\n"
                 "  sim:record('ok', (math.type(sim.params.n) == 'integer'\n"
                 "    and sim.params.n == 9007199254740993) and 1 or 0)\n"
                 "end\n");
    char path[400];
    snprintf(path, sizeof path, "%s/int.lua", test_dir());
    run_result r = run_rmsim((const char *const[]){"run", path, "--replicates", "1", "--set",
                                                   "n=9007199254740993", NULL});
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "replicate,period,ok\n1,0,1\n");
    run_free(&r);
    r = run_rmsim((const char *const[]){"run", path, "--set", "n=99999999999999999999", NULL});
    assert_int_equal(r.status, 2);      /* the command line is wrong */
    assert_contains(r.err, "--set n=99999999999999999999: 'n' is beyond the integers");
    assert_contains(r.err, "declared at ");
    run_free(&r);
    r = run_rmsim((const char *const[]){"run", path, "--set", "n=2.5", NULL});
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "'n' must be an integer");
    run_free(&r);
}

static void continuation_reported_exactly(void **state)
{
    (void)state;
    run_result r = run_rmsim((const char *const[]){"match", "tit_for_tat", "grudger",
                                                   "--continuation", "0.99999999", NULL});
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "--continuation: must be in [0, 0.9999] (got 0.99999999)");
    run_free(&r);
}

static void csv_with_bom_reads(void **state)
{
    (void)state;
    write_script(test_dir(), "bom.csv", "\xef\xbb\xbfperiod,active\n0,10\n1,8\n");
    char path[400], svg[400];
    snprintf(path, sizeof path, "%s/bom.csv", test_dir());
    snprintf(svg, sizeof svg, "%s/bom.svg", test_dir());
    run_result r = run_rmsim((const char *const[]){"plot", path, "--y", "active", "-o", svg, NULL});
    if (r.status != 0)
        fail_msg("%s", r.err);
    assert_int_equal(access(svg, F_OK), 0);
    run_free(&r);
}

/* A script saved with a byte-order mark runs, with its line numbers. */
static void script_with_bom_runs(void **state)
{
    (void)state;
    write_script(test_dir(), "bom.lua",
                 "\xef\xbb\xbflocal rm = require 'rmsim'\n"
                 "rm.scenario { periods = 1 }\n"
                 "function period(sim) sim:record('x', 1) end\n"
                 "function done() error('here') end\n");
    char path[400];
    snprintf(path, sizeof path, "%s/bom.lua", test_dir());
    run_result r = run_rmsim((const char *const[]){"run", path, NULL});
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "bom.lua:4: here");
    run_free(&r);
}

static void fit_sbg_notes(void **state)
{
    (void)state;
    run_result r = run_rmsim((const char *const[]){"fit", "sbg", "1000,,631,468,382", NULL});
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "note: 1 empty field skipped (the first after figure 1)");
    run_free(&r);
    /* half leave at once, the rest never: alpha and beta run to 0 */
    r = run_rmsim((const char *const[]){"fit", "sbg", "100,50,50,50,50,50", NULL});
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "warning: degenerate fit");
    run_free(&r);
    r = run_rmsim((const char *const[]){"fit", "sbg", "1000,631,468,382,326,289,262,241", NULL});
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    run_free(&r);
}

static void errors_have_file_and_line(void **state)
{
    (void)state;
    char path[400];
    write_script(test_dir(), "fsm_bad.lua",
                 "return {\n  fsm = { start = 'a',\n    states = { a = { move = 'C', C = 'a', "
                 "D = 'zz' } } }\n}\n");
    snprintf(path, sizeof path, "%s/fsm_bad.lua", test_dir());
    run_result r = run_rmsim((const char *const[]){"match", path, "tit_for_tat", NULL});
    assert_int_equal(r.status, 1);
    char want[500];
    snprintf(want, sizeof want, "%s:4: fsm: state 'a' on D names no state ('zz')", path);
    assert_contains(r.err, want);
    run_free(&r);
    /* metrics recorded by models, from C: the line that made the model */
    write_script(test_dir(), "many.lua",
                 "local rm = require 'rmsim'\n"
                 "rm.scenario { periods = 2 }\n"
                 "function setup(sim)\n"
                 "  for i = 1, 600 do rm.cohort { initial = 10, name = 'c' .. i } end\n"
                 "end\n");
    snprintf(path, sizeof path, "%s/many.lua", test_dir());
    r = run_rmsim((const char *const[]){"run", path, "--replicates", "1", NULL});
    assert_int_equal(r.status, 1);
    snprintf(want, sizeof want, "%s:4: too many metrics", path);
    assert_contains(r.err, want);
    run_free(&r);
    /* out of memory: Lua calls no message handler, the line is noted when
     * the allocation is refused */
    write_script(test_dir(), "hog.lua",
                 "local rm = require 'rmsim'\n"
                 "rm.scenario { periods = 1 }\n"
                 "function period(sim)\n"
                 "  local s = {}\n"
                 "  for i = 1, 1e8 do s[i] = i end\n"
                 "end\n");
    snprintf(path, sizeof path, "%s/hog.lua", test_dir());
    r = run_rmsim((const char *const[]){"run", path, "--max-memory", "16", NULL});
    assert_int_equal(r.status, 1);
    snprintf(want, sizeof want, "%s:5: memory cap exceeded", path);
    assert_contains(r.err, want);
    run_free(&r);
    /* a headline the scenario never records: the declaration's line, not
     * the scenario's name (which is the script's to choose) */
    write_script(test_dir(), "headline.lua",
                 "local rm = require 'rmsim'\n"
                 "rm.scenario { name = 'x', periods = 2, headline = 'nothing',\n"
                 "  params = { p = 1 }, variants = { { name = 'a' }, { name = 'b' } } }\n"
                 "function period(sim, t) sim:record('n', t) end\n");
    snprintf(path, sizeof path, "%s/headline.lua", test_dir());
    r = run_rmsim((const char *const[]){"sweep", path, NULL});
    assert_int_equal(r.status, 1);
    snprintf(want, sizeof want, "%s:2: headline 'nothing': the scenario records no such", path);
    assert_contains(r.err, want);
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_fields_quoted_and_neutralised),
        cmocka_unit_test(text_made_safe_for_terminals),
        cmocka_unit_test(info_is_terminal_safe),
        cmocka_unit_test(json_strings_are_utf8),
        cmocka_unit_test(leaderboard_cannot_be_forged),
        cmocka_unit_test(sweep_csv_neutralised),
        cmocka_unit_test(planted_symlink_is_not_followed),
        cmocka_unit_test(failed_rename_rolls_back),
        cmocka_unit_test(stale_stage_is_removed),
        cmocka_unit_test(sigterm_after_writing_says_so),
        cmocka_unit_test(sweep_partials_removed_in_c),
        cmocka_unit_test(fifo_and_links_refused),
        cmocka_unit_test(edge_list_link_out_refused),
        cmocka_unit_test(game_match_only_allowed_strategies),
        cmocka_unit_test(set_integer_exact),
        cmocka_unit_test(continuation_reported_exactly),
        cmocka_unit_test(csv_with_bom_reads),
        cmocka_unit_test(script_with_bom_runs),
        cmocka_unit_test(fit_sbg_notes),
        cmocka_unit_test(errors_have_file_and_line),
    };
    return cmocka_run_group_tests_name("integrity", tests, setup_dir, teardown_dir);
}
