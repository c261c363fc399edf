/* test_everyday.c - what a new user meets first: one error shape and exit
 * code scheme, sweeps that check before they run and rank on something
 * that varies, ties shown as ties, strategies found by name (or alias)
 * with "did you mean", classroom errors that name the file and the turn,
 * `rmsim info` and `rmsim strategies`. */
#include "testutil.h"

#include "rmsim/rmsim.h"

/* the bar's drawing, to check its arithmetic without timing anything */
#include "../engine/cli/progress.c"

#define RUN(...) run_rmsim((const char *const[]){__VA_ARGS__, NULL})
#define TTY(...) run_on_tty((const char *const[]){__VA_ARGS__, NULL})

/* Run rmsim with stderr on a pseudo-terminal (as a user at a terminal sees
 * it) and stdout to a file; returns what the terminal showed in .err. */
static run_result run_on_tty(const char *const *args)
{
    int master = posix_openpt(O_RDWR | O_NOCTTY);
    assert_true(master >= 0);
    assert_int_equal(grantpt(master), 0);
    assert_int_equal(unlockpt(master), 0);
    const char *slave_name = ptsname(master);
    assert_non_null(slave_name);
    char tmpl[] = "/tmp/rmsim-test-out.XXXXXX";
    int fo = mkstemp(tmpl);
    unlink(tmpl);
    const char *argv[64];
    int n = 0;
    argv[n++] = rmsim_path();
    for (; args[n - 1] && n < 63; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    pid_t pid = fork();
    if (pid == 0) {
        alarm(300);
        int slave = open(slave_name, O_RDWR | O_NOCTTY);
        int in = open("/dev/null", O_RDONLY);
        dup2(in, 0);
        dup2(fo, 1);
        dup2(slave, 2);
        close(master);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    /* drain the terminal while the child runs, until it closes (EIO) */
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    for (;;) {
        ssize_t got = read(master, buf + len, cap - len - 1);
        if (got <= 0)
            break;
        len += (size_t)got;
        if (cap - len < 4096)
            buf = realloc(buf, cap *= 2);
    }
    buf[len] = '\0';
    int st = 0;
    waitpid(pid, &st, 0);
    close(master);
    run_result r;
    r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    lseek(fo, 0, SEEK_SET);
    r.out = slurp_fd(fo);
    close(fo);
    r.err = buf;
    return r;
}

static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Every error starts with "rmsim: "; 2 for a wrong command line, 1 for
 * work that failed. */
static void one_error_shape_and_exit_codes(void **state)
{
    (void)state;
    const char *bad = write_script(test_dir(), "fails.lua",
                                   "function period(sim, t) error('boom') end\n");
    char badpath[4096];
    snprintf(badpath, sizeof badpath, "%s", bad);
    struct { const char *args[8]; int status; const char *msg; } cases[] = {
        {{"run", "nosuch.lua"}, 1, "rmsim: nosuch.lua: cannot read (No such file or directory)"},
        {{"run", "scenarios"}, 1, "rmsim: scenarios: is a folder, not a .lua file"},
        {{"run", badpath}, 1, "fails.lua:1: boom"},
        {{"run", "scenarios/hello.lua", "--set", "q"}, 2, "rmsim: --set q: expected name=value"},
        {{"run", "scenarios/hello.lua", "--set", "churn=2"}, 2, "rmsim: --set churn=2:"},
        {{"sweep", "scenarios/hello.lua", "--grid", "qq=1"}, 2,
         "rmsim: --grid qq=1: scenarios/hello.lua:12 declares no parameter 'qq'"},
        /* only the last value of the range is out of bounds: every variant is checked */
        {{"sweep", "scenarios/hello.lua", "--grid", "churn=0.5:1.5:0.5"}, 2,
         "rmsim: --grid churn=1.5: 'churn' must be in [0, 1]"},
        {{"match", "tit_for_tatt", "grudger"}, 2,
         "rmsim: tit_for_tatt: no such strategy (did you mean 'tit_for_tat'?)"},
        {{"match", "copycatt", "grudger"}, 2, "(did you mean 'copycat'?)"},
        {{"match", "zzzzzzzz", "grudger"}, 2, "`rmsim strategies` lists them"},
        {{"tournament", "class/"}, 2, "rmsim: class/: no such folder"},
        {{"play", "--against", "nobody"}, 2, "rmsim: --against nobody: no such strategy"},
        {{"tournament", "tit_for_tat", "--payoff", "1,2"}, 2, "rmsim: --payoff: '1,2': expected four"},
        {{"play", "--payoff", "1,2,3,4"}, 2, "rmsim: --payoff: payoff 1,2,3,4 is not a dilemma"},
        {{"fit", "sbg", "100,120,50"}, 2, "rmsim: fit sbg: survival rises"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_result r = run_rmsim(cases[i].args);
        if (r.status != cases[i].status || !strstr(r.err, cases[i].msg) ||
            strncmp(r.err, "rmsim: ", 7) != 0)
            fail_msg("case %zu (%s %s): status %d, stderr: %s", i, cases[i].args[0],
                     cases[i].args[1], r.status, r.err);
        assert_string_equal(r.out, "");
        run_free(&r);
    }
    run_result r = RUN("help");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "Exit status:");
    assert_contains(r.out, "2 the command line is wrong");
    assert_contains(r.out, "strategies");
    run_free(&r);
}

/* A misspelt --metric or --baseline fails in moments, before any variant
 * runs, and leaves no folder behind. */
static void sweep_checks_before_running(void **state)
{
    (void)state;
    char out[300];
    snprintf(out, sizeof out, "%s/sweep-never", test_dir());
    run_result r = RUN("sweep", "scenarios/hello.lua", "--grid", "churn=0.1,0.2", "--metric",
                       "final_customer", "--out", out);
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "rmsim: --metric final_customer: the scenario records no such result "
                           "or metric (did you mean 'final_customers'?)");
    assert_false(exists(out));
    run_free(&r);
    /* a declared variant out of range is the scenario's fault: exit 1, named */
    char decl[4096];
    snprintf(decl, sizeof decl, "%s", write_script(test_dir(), "decl.lua",
        "local rm = require 'rmsim'\n"
        "rm.scenario { periods = 2, params = { a = { 1, max = 5 } }, variants = {\n"
        "  { name = 'ok', params = { a = 2 } }, { name = 'big', params = { a = 9 } } } }\n"
        "function period(sim, t) sim:record('x', sim.params.a) end\n"));
    r = RUN("sweep", decl, "--out", out);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "decl.lua: variant 'big': a=9: 'a' must be in [-inf, 5] (got 9;");
    assert_false(exists(out));
    run_free(&r);
    r = RUN("sweep", "scenarios/hello.lua", "--grid", "churn=0.1,0.2", "--baseline", "churn=0.3",
            "--out", out);
    assert_int_equal(r.status, 2);
    assert_contains(r.err, "--baseline churn=0.3: no variant of that name (did you mean");
    assert_false(exists(out));
    run_free(&r);
}

/* The scenario below records a result the grid cannot move ("fixed") before
 * one it does ("moved"): the default ranks on "moved", says why, and an
 * explicit --metric fixed warns that the ranking says nothing, with ties. */
static void sweep_ranks_on_what_varies(void **state)
{
    (void)state;
    const char *p = write_script(test_dir(), "two_results.lua",
        "local rm = require 'rmsim'\n"
        "rm.scenario { periods = 2, replicates = 3, params = { a = 1 } }\n"
        "function period(sim, t) sim:record('level', t) end\n"
        "function done(sim)\n"
        "  sim:result('fixed', 7)\n"
        "  sim:result('moved', sim.params.a * 10 + rm.rng.uniform())\n"
        "end\n");
    char path[4096];
    snprintf(path, sizeof path, "%s", p);
    run_result r = RUN("sweep", path, "--grid", "a=1,3,2");
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "rmsim: ranked on moved (the first result that differs between "
                           "variants; choose with --metric NAME)");
    assert_null(strstr(r.err, "warning"));
    assert_contains(r.out, "\"metric\": \"moved\"");
    assert_contains(r.out, "\"ranking\": [\"a=3\", \"a=2\", \"a=1\"]");
    run_free(&r);
    r = RUN("sweep", path, "--grid", "a=1,3,2", "--metric", "fixed");
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "rmsim: warning: fixed is the same in every variant, so the ranking "
                           "says nothing; these differ: moved");
    /* three equal values share the first place */
    const char *s = r.out;
    int firsts = 0;
    while ((s = strstr(s, "\"rank\": 1, \"tied\": true")) != NULL) {
        firsts++;
        s++;
    }
    assert_int_equal(firsts, 3);
    assert_contains(r.out, "\"metric_varies\": false");
    run_free(&r);
    /* a declared headline wins over the first varying result */
    p = write_script(test_dir(), "headline.lua",
        "local rm = require 'rmsim'\n"
        "rm.scenario { periods = 2, replicates = 2, headline = 'fixed', params = { a = 1 } }\n"
        "function period(sim, t) sim:record('level', t) end\n"
        "function done(sim) sim:result('moved', sim.params.a) sim:result('fixed', 7) end\n");
    snprintf(path, sizeof path, "%s", p);
    r = RUN("sweep", path, "--grid", "a=1,2");
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "ranked on fixed (the scenario's headline");
    run_free(&r);
    r = RUN("info", path);
    assert_contains(r.out, "headline:    fixed");
    run_free(&r);
    p = write_script(test_dir(), "bad_headline.lua",
        "local rm = require 'rmsim'\nrm.scenario { headline = 'not a name!' }\n");
    snprintf(path, sizeof path, "%s", p);
    r = RUN("run", path);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "bad_headline.lua:2:");
    assert_contains(r.err, "'not a name!' is not a result or metric name");
    run_free(&r);
}

/* Equal scores share a rank in the sweep report, marked with "=". */
static void sweep_report_marks_ties(void **state)
{
    (void)state;
    const char *p = write_script(test_dir(), "flat.lua",
        "local rm = require 'rmsim'\n"
        "rm.scenario { periods = 2, replicates = 2, params = { a = 1 } }\n"
        "function period(sim, t) sim:record('level', t) end\n"
        "function done(sim) sim:result('same', 1) end\n");
    char path[4096], out[300], file[400];
    snprintf(path, sizeof path, "%s", p);
    snprintf(out, sizeof out, "%s/flat-sweep", test_dir());
    run_result r = RUN("sweep", path, "--grid", "a=1,2", "--out", out);
    assert_int_equal(r.status, 0);
    snprintf(file, sizeof file, "%s/report.html", out);
    char *html = slurp_file(file);
    assert_non_null(html);
    assert_contains(html, "<tr><td>1=</td><td>a=1</td>");
    assert_contains(html, "<tr><td>1=</td><td>a=2</td>");
    assert_contains(html, "so this ranking says nothing");
    free(html);
    run_free(&r);
}

/* Strategy files: errors name the file and, for moves, the turn; tables
 * must be complete; info describes a strategy as one. */
static void classroom_errors_name_file_and_turn(void **state)
{
    (void)state;
    struct { const char *file, *text, *msg; } cases[] = {
        {"incomplete.lua", "return { memory_one = { first = 1, CC = 1 } }\n",
         "incomplete.lua:1: memory_one: missing 'CD'"},
        {"badfsm.lua", "return { fsm = { start = 'a', states = { a = { move = 'Q', C = 'a', "
                       "D = 'a' } } } }\n",
         "badfsm.lua:1: fsm state 'a': move must be \"C\" or \"D\" (got Q)"},
        {"badmove.lua", "return { move = function(h) if h.turn == 3 then return 'X' end "
                        "return 'C' end }\n",
         "badmove.lua: move returned \"X\" on turn 3 (expected \"C\" or \"D\")"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s", write_script(test_dir(), cases[i].file, cases[i].text));
        run_result r = RUN("match", path, "tit_for_tat", "--turns", "5");
        if (r.status != 1 || !strstr(r.err, cases[i].msg) || strncmp(r.err, "rmsim: ", 7))
            fail_msg("%s: status %d, stderr: %s", cases[i].file, r.status, r.err);
        run_free(&r);
    }
    run_result r = RUN("info", "scripts/strategies/joss.lua");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "strategy:    joss\n");
    assert_contains(r.out, "form:        memory_one (chance to cooperate: first 0.9");
    assert_null(strstr(r.out, "scenario:"));
    run_free(&r);
    r = RUN("info", "scenarios/classroom/template.lua");
    assert_contains(r.out, "form:        move");
    run_free(&r);
}

static void strategies_list_aliases_and_trust_payoffs(void **state)
{
    (void)state;
    run_result r = RUN("strategies");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "tit_for_tat              fsm        Cooperate first");
    assert_contains(r.out, "source: ");
    assert_contains(r.out, "copycat = tit_for_tat");
    run_free(&r);
    r = RUN("strategies", "--format", "csv");
    assert_true(strncmp(r.out, "name,form,description,source,file\n", 34) == 0);
    run_free(&r);
    /* copycat is tit for tat; with Case's coins (2,-1,3,0) over 5 turns
     * against the cheater it loses 1 coin and the cheater gains 3 */
    r = RUN("match", "copycat", "cheater", "--payoff", "trust", "--turns", "5",
            "--format", "json");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "\"a\": \"tit_for_tat\", \"b\": \"always_defect\"");
    assert_contains(r.out, "\"score_a\": -1, \"score_b\": 3");
    run_free(&r);
    r = RUN("match", "copykitten", "simpleton", "--payoff", "axelrod", "--turns", "3");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "tit_for_two_tats vs win_stay_lose_shift");
    run_free(&r);
}

/* Without noise tit_for_tat and grudger play alike against these four, so
 * their scores are equal: they share first place everywhere it is shown;
 * long names are shown whole. */
static void tournament_ties_and_whole_names(void **state)
{
    (void)state;
    run_result r = RUN("tournament", "tit_for_tat", "always_cooperate", "grudger",
                       "always_defect", "--turns", "10");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "1=    tit_for_tat ");
    assert_contains(r.out, "1=    grudger ");
    assert_contains(r.out, "\n3     always_cooperate");
    run_free(&r);
    r = RUN("tournament", "tit_for_tat", "always_cooperate", "grudger", "always_defect",
            "--turns", "10", "--format", "csv");
    assert_contains(r.out, "\n1,tit_for_tat,");
    assert_contains(r.out, "\n1,grudger,");
    assert_contains(r.out, "\n3,always_cooperate,");
    run_free(&r);
    char out[300], file[400];
    snprintf(out, sizeof out, "%s/ties", test_dir());
    r = RUN("tournament", "tit_for_tat", "always_cooperate", "grudger", "always_defect",
            "--turns", "10", "--out", out);
    snprintf(file, sizeof file, "%s/report.html", out);
    char *html = slurp_file(file);
    assert_non_null(html);
    assert_contains(html, "<td class=\"n\">1=</td><td>tit_for_tat");
    assert_contains(html, "<td class=\"n\">1=</td><td>grudger");
    free(html);
    run_free(&r);
    r = RUN("tournament", "suspicious_tit_for_tat", "generous_tit_for_tat", "--turns", "5");
    assert_contains(r.out, " suspicious_tit_for_tat ");
    run_free(&r);
    r = RUN("evolve", "tit_for_tat", "suspicious_tit_for_tat", "--generations", "2");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "generation tit_for_tat suspicious_tit_for_tat\n");
    run_free(&r);
}

/* On a terminal every long command draws the same bar (ending on n/n);
 * --quiet draws nothing and drops the chatter, not the results. */
static void progress_and_quiet_everywhere(void **state)
{
    (void)state;
    char out[300];
    snprintf(out, sizeof out, "%s/quiet-sweep", test_dir());
    struct { const char *args[12]; const char *bar; } cases[] = {
        {{"run", "scenarios/hello.lua", "--replicates", "4"}, "] 4/4"},
        {{"sweep", "scenarios/hello.lua", "--grid", "churn=0.1,0.2", "--replicates", "3"},
         "rmsim: replicates ["},
        {{"tournament", "tit_for_tat", "grudger", "joss", "--turns", "10"}, "rmsim: matches ["},
        {{"evolve", "tit_for_tat", "grudger", "joss", "--turns", "10", "--generations", "3"},
         "rmsim: matches ["},
    };
    const char *ends[] = {"] 4/4", "] 6/6", "] 6/6", "] 6/6"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_result r = run_on_tty(cases[i].args);
        if (r.status != 0 || !strstr(r.err, cases[i].bar) || !strstr(r.err, ends[i]))
            fail_msg("%s: status %d, terminal: %s", cases[i].args[0], r.status, r.err);
        if (!strcmp(cases[i].args[0], "evolve"))    /* then a bar for the generations */
            assert_contains(r.err, "rmsim: generations [##############################] 3/3");
        run_free(&r);
        /* the same with --quiet: nothing on the terminal but the results */
        const char *q[14];
        int n = 0;
        while (cases[i].args[n]) {
            q[n] = cases[i].args[n];
            n++;
        }
        q[n++] = "--quiet";
        q[n] = NULL;
        r = run_on_tty(q);
        assert_int_equal(r.status, 0);
        if (strchr(r.err, '[') || strstr(r.err, "ranked on"))
            fail_msg("%s --quiet showed: %s", cases[i].args[0], r.err);
        assert_true(strlen(r.out) > 0);
        run_free(&r);
    }
    /* not a terminal: no bar at all */
    run_result r = RUN("sweep", "scenarios/hello.lua", "--grid", "churn=0.1,0.2");
    assert_null(strchr(r.err, '['));
    run_free(&r);
    r = RUN("sweep", "scenarios/hello.lua", "--grid", "churn=0.1,0.2", "--out", out, "--quiet");
    assert_int_equal(r.status, 0);
    assert_string_equal(r.err, "");
    run_free(&r);
}

/* The time left is the mean time per item so far times the items left,
 * rounded up; none is shown before a second has passed or when done. */
static void progress_bar_time_left(void **state)
{
    (void)state;
    struct { int done, total; double elapsed; const char *want; } cases[] = {
        {2, 6, 10, "] 2/6, 20 s left"},
        {1, 3, 100, "] 1/3, 3 min 20 s left"},
        {1, 1000, 5, "] 1/1000, 1 h 23 min left"},
        {3, 6, 0.5, "] 3/6\033[K"},
        {6, 6, 30, "] 6/6\033[K"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        progress_draw(f, "rmsim: x", cases[i].done, cases[i].total, cases[i].elapsed);
        fclose(f);
        assert_contains(buf, cases[i].want);
        assert_true(strncmp(buf, "\rrmsim: x [", 11) == 0);
        free(buf);
    }
}

/* The same cohort as counts, or as fractions with its size: the same
 * estimates and standard errors; as fractions alone the output says that
 * the errors are those of a cohort of 1. */
static void fit_sbg_cohort_size(void **state)
{
    (void)state;
    run_result a = RUN("fit", "sbg", "1000,631,468,382,326,289,262,241");
    run_result b = RUN("fit", "sbg", "1,.631,.468,.382,.326,.289,.262,.241", "--cohort", "1000");
    assert_int_equal(a.status, 0);
    assert_int_equal(b.status, 0);
    /* identical up to the note on where the cohort size came from */
    assert_true(strncmp(a.out, b.out, (size_t)(strstr(a.out, "(standard errors") - a.out)) == 0);
    assert_contains(a.out, "(standard errors for a cohort of 1000 customers; if the figures are "
                           "not counts, give --cohort N)");
    assert_contains(b.out, "(standard errors for a cohort of 1000 customers)\n");
    run_free(&a);
    run_free(&b);
    a = RUN("fit", "sbg", "1,.631,.468,.382,.326,.289,.262,.241", "--json");
    assert_contains(a.out, "\"cohort\": 1,");
    run_free(&a);
}

/* Every JSON output names the version and a schema that docs/formats.md
 * documents. */
static void json_carries_version_and_documented_schema(void **state)
{
    (void)state;
    char *doc = slurp_file("docs/formats.md");
    assert_non_null(doc);
    struct { const char *args[10]; const char *schema; } cases[] = {
        {{"run", "scenarios/hello.lua", "--periods", "2", "--format", "json"}, "rmsim-summary/1"},
        {{"sweep", "scenarios/hello.lua", "--grid", "churn=0.1,0.2", "--periods", "2"},
         "rmsim-sweep/1"},
        {{"match", "tit_for_tat", "grudger", "--turns", "3", "--format", "json"}, "rmsim-match/1"},
        {{"tournament", "tit_for_tat", "grudger", "--turns", "3", "--format", "json"},
         "rmsim-tournament/1"},
        {{"evolve", "tit_for_tat", "joss", "--turns", "3", "--generations", "2", "--format",
          "json"}, "rmsim-evolve/1"},
        {{"fit", "sbg", "100,60,45,38", "--json"}, "rmsim-fit/1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        run_result r = run_rmsim(cases[i].args);
        char head[200];
        snprintf(head, sizeof head, "\"rmsim_version\": \"%s\", \"schema\": \"%s\"",
                 RMSIM_VERSION, cases[i].schema);
        if (r.status != 0 || !strstr(r.out, head))
            fail_msg("%s: status %d, no %s in %.200s", cases[i].args[0], r.status, head, r.out);
        char named[100];
        snprintf(named, sizeof named, "schema `%s`", cases[i].schema);
        assert_contains(doc, named);
        run_free(&r);
    }
    free(doc);
}

/* The long CSV holds the wide CSV's numbers, one per row, with the parts
 * of a dotted name split into group, segment and measure. */
static void long_csv_matches_wide(void **state)
{
    (void)state;
    run_result w = RUN("run", "scenarios/retention.lua", "--replicates", "2", "--periods", "3");
    run_result l = RUN("run", "scenarios/retention.lua", "--replicates", "2", "--periods", "3",
                       "--format", "long");
    assert_int_equal(l.status, 0);
    assert_true(strncmp(l.out, "replicate,period,metric,group,segment,measure,value\n", 52) == 0);
    /* columns of the wide header = metrics; rows = replicates x periods x metrics */
    int cols = 0, rows = 0;
    for (const char *c = w.out; *c != '\n'; c++)
        cols += *c == ',';
    for (const char *c = l.out; *c; c++)
        rows += *c == '\n';
    int metrics = cols - 1;
    assert_true(metrics > 10);
    assert_int_equal(rows, 1 + 2 * 3 * metrics);
    /* replicate 2, period 1: the wide row's value of the first metric
     * (none.active) is the long row's */
    const char *row = strstr(w.out, "\n2,1,");
    assert_non_null(row);
    char want[100];
    int len = (int)strcspn(row + 5, ",\n");
    snprintf(want, sizeof want, "\n2,1,none.active,none,,active,%.*s\n", len, row + 5);
    assert_contains(l.out, want);
    assert_contains(l.out, ",service.key.margin,service,key,margin,");
    run_free(&w);
    run_free(&l);
    run_result h = RUN("run", "scenarios/hello.lua", "--periods", "1", "--format", "long");
    assert_contains(h.out, "\n1,0,customers,,,customers,");
    run_free(&h);
    /* a sweep's long CSV: the variant and its settings first; 2 variants x
     * 2 replicates x 2 periods x 3 metrics rows, with hello's values */
    h = RUN("sweep", "scenarios/hello.lua", "--grid", "churn=0.1,0.2", "--replicates", "2",
            "--periods", "2", "--format", "long", "--quiet");
    assert_int_equal(h.status, 0);
    assert_true(strncmp(h.out, "variant,churn,replicate,period,metric,group,segment,measure,"
                               "value\n", 62) == 0);
    int lines = 0;
    for (const char *c = h.out; *c; c++)
        lines += *c == '\n';
    assert_int_equal(lines, 1 + 2 * 2 * 2 * 3);
    assert_contains(h.out, "\nchurn=0.2,0.2,2,1,churned,,,churned,");
    run_free(&h);
}

/* The man page names every command and every option the program's own
 * help lists; make install puts it and the completion where man and bash
 * look; the completion completes commands, options and strategies. */
static void man_page_and_completion(void **state)
{
    (void)state;
    char *man = slurp_file("docs/rmsim.1");
    assert_non_null(man);
    run_result h = RUN("help");
    const char *c = strstr(h.out, "commands:\n");
    assert_non_null(c);
    int commands = 0;
    for (c = strchr(c, '\n') + 1; c[0] == ' ' && c[1] == ' '; c = strchr(c, '\n') + 1) {
        char name[32], bi[64], b[64], br[64];
        sscanf(c, " %31[a-z]", name);
        snprintf(bi, sizeof bi, "\n.BI \"%s ", name);     /* .BI "run " FILE.lua */
        snprintf(b, sizeof b, "\n.B %s\n", name);         /* .B play */
        snprintf(br, sizeof br, "\n.BR %s ", name);        /* .BR help " [command]" */
        if (!strstr(man, bi) && !strstr(man, b) && !strstr(man, br))
            fail_msg("the man page has no entry for '%s'", name);
        commands++;
        /* every option of the command, as the man page spells it (\-\-) */
        run_result o = RUN("help", name);
        for (const char *p = o.out; (p = strstr(p, "--")) != NULL; p += 2) {
            char opt[40], roff[90];
            if (sscanf(p + 2, "%39[a-z-]", opt) != 1)
                continue;
            snprintf(roff, sizeof roff, "\\-\\-");
            for (const char *q = opt; *q; q++)
                snprintf(roff + strlen(roff), sizeof roff - strlen(roff), *q == '-' ? "\\-" : "%c", *q);
            if (!strstr(man, roff))
                fail_msg("the man page does not mention %s's --%s", name, opt);
        }
        run_free(&o);
    }
    assert_true(commands >= 11);
    run_free(&h);
    free(man);
    assert_int_equal(system("make -s -n install DESTDIR=/nonexistent PREFIX=/usr "
                            "> /tmp/rmsim-test-install.txt 2>&1"), 0);
    char *plan = slurp_file("/tmp/rmsim-test-install.txt");
    unlink("/tmp/rmsim-test-install.txt");
    assert_contains(plan, "docs/rmsim.1 /nonexistent/usr/share/man/man1/rmsim.1");
    assert_contains(plan, "docs/rmsim.bash /nonexistent/usr/share/bash-completion/completions/rmsim");
    free(plan);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "bash -c 'source docs/rmsim.bash; "
             "COMP_WORDS=(%s tour); COMP_CWORD=1; _rmsim; echo \"${COMPREPLY[@]}\"; "
             "COMP_WORDS=(%s sweep --met); COMP_CWORD=2; _rmsim; echo \"${COMPREPLY[@]}\"; "
             "COMP_WORDS=(%s match copyc); COMP_CWORD=2; _rmsim; echo \"${COMPREPLY[@]}\"' "
             "> /tmp/rmsim-test-complete.txt", rmsim_path(), rmsim_path(), rmsim_path());
    assert_int_equal(system(cmd), 0);
    char *got = slurp_file("/tmp/rmsim-test-complete.txt");
    unlink("/tmp/rmsim-test-complete.txt");
    assert_string_equal(got, "tournament\n--metric\ncopycat\n");
    free(got);
}

/* plot with several --y names the y axis: what the columns share, or a
 * pointer to the legend, never nothing. */
static void plot_names_y_axis(void **state)
{
    (void)state;
    char csv[4096], svg[300];
    snprintf(csv, sizeof csv, "%s", write_script(test_dir(), "m.csv",
             "period,none.margin,service.margin,service.clv\n0,1,2,3\n1,2,3,4\n"));
    snprintf(svg, sizeof svg, "%s/m.svg", test_dir());
    struct { const char *y2, *label; } cases[] = {
        {"service.margin", "rotate(-90)\" text-anchor=\"middle\">margin</text>"},
        {"service.clv", "rotate(-90)\" text-anchor=\"middle\">value (lines named in the legend)"},
    };
    for (int i = 0; i < 2; i++) {
        run_result r = RUN("plot", csv, "--y", "none.margin", "--y", cases[i].y2, "-o", svg);
        assert_int_equal(r.status, 0);
        char *out = slurp_file(svg);
        assert_non_null(out);
        assert_contains(out, cases[i].label);
        free(out);
        run_free(&r);
    }
}

/* A declared chart with x = "len" labels each period with that metric
 * (here match lengths) and names the axis after it. */
static void declared_chart_x_metric(void **state)
{
    (void)state;
    char path[4096], out[300], file[400];
    snprintf(path, sizeof path, "%s", write_script(test_dir(), "lengths.lua",
        "local rm = require 'rmsim'\n"
        "local lengths = { 1, 2, 5, 200 }\n"
        "rm.scenario { periods = 4, charts = { { title = 'by length', y = 'score', x = 'len',\n"
        "  metrics = { 'score' } } } }\n"
        "function period(sim, t) sim:record('len', lengths[t + 1]) sim:record('score', t) end\n"));
    snprintf(out, sizeof out, "%s/lengths", test_dir());
    run_result r = RUN("run", path, "--out", out);
    assert_int_equal(r.status, 0);
    snprintf(file, sizeof file, "%s/report.html", out);
    char *html = slurp_file(file);
    assert_non_null(html);
    assert_contains(html, "class=\"xtick\"");
    assert_contains(html, ">200</text>");
    assert_contains(html, "text-anchor=\"middle\">len</text>");
    free(html);
    run_free(&r);
    snprintf(path, sizeof path, "%s", write_script(test_dir(), "bad_x.lua",
        "local rm = require 'rmsim'\n"
        "rm.scenario { charts = { { x = 'not a name', metrics = { 'a' } } } }\n"));
    r = RUN("run", path);
    assert_int_equal(r.status, 1);
    assert_contains(r.err, "bad_x.lua:2: chart 1 of rm.scenario: x = 'not a name' is not a metric name");
    run_free(&r);
}

/* info lists what a scenario records, so --metric and --y need no guessing. */
static void info_lists_results_metrics_variants(void **state)
{
    (void)state;
    run_result r = RUN("info", "scenarios/hello.lua");
    assert_int_equal(r.status, 0);
    assert_contains(r.out, "results (sim:result; one value a replicate):\n  final_customers");
    assert_contains(r.out, "metrics (sim:record; one value a period):\n  customers, referred, "
                           "churned");
    assert_contains(r.out, "variants (rmsim sweep without --grid):\n  (none");
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_error_shape_and_exit_codes),
        cmocka_unit_test(sweep_checks_before_running),
        cmocka_unit_test(sweep_ranks_on_what_varies),
        cmocka_unit_test(sweep_report_marks_ties),
        cmocka_unit_test(classroom_errors_name_file_and_turn),
        cmocka_unit_test(strategies_list_aliases_and_trust_payoffs),
        cmocka_unit_test(info_lists_results_metrics_variants),
        cmocka_unit_test(tournament_ties_and_whole_names),
        cmocka_unit_test(progress_and_quiet_everywhere),
        cmocka_unit_test(progress_bar_time_left),
        cmocka_unit_test(fit_sbg_cohort_size),
        cmocka_unit_test(json_carries_version_and_documented_schema),
        cmocka_unit_test(long_csv_matches_wide),
        cmocka_unit_test(man_page_and_completion),
        cmocka_unit_test(plot_names_y_axis),
        cmocka_unit_test(declared_chart_x_metric),
    };
    return cmocka_run_group_tests_name("everyday", tests, setup_dir, teardown_dir);
}
