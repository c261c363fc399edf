/* bench.c - speed figures for this machine, printed with what it is.
 *
 * Machines here are noisy: compare figures as ratios within one run
 * (the baselines in bench/baselines/ run in the same command, side by
 * side). `build/bench [rng|game|wom|market|partners|sweep|cohort ...]`
 * runs only those sections; run it from the repository root. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "rmsim/cohort.h"
#include "rmsim/market.h"
#include "rmsim/partner.h"
#include "rmsim/strategy.h"
#include "rmsim/sweep.h"
#include "rmsim/wom.h"
#include "rmsim/tournament.h"
#include "rmsim/rng.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Processor time of this process: what a run costs on one core, which
 * the time slicing of a busy machine does not inflate (cache and memory
 * contention still do). */
static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Processor time (user + system) of the children waited for so far. */
static double children_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
           (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
}

static void machine(void)
{
    char model[256] = "unknown";
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[512];
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "model name", 10) == 0) {
            char *colon = strchr(line, ':');
            if (colon) {
                snprintf(model, sizeof model, "%s", colon + 2);
                model[strcspn(model, "\n")] = '\0';
            }
            break;
        }
    if (f)
        fclose(f);
    struct utsname u;
    uname(&u);
    time_t t = time(NULL);
    char date[64];
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&t));
    printf("machine: %s, %ld cores, %s %s, %s\n", model, sysconf(_SC_NPROCESSORS_ONLN), u.sysname,
           u.release, date);
    printf("compiler: %s\n\n", __VERSION__);
}

static void bench_rng(void)
{
    rm_rng r;
    rm_rng_seed(&r, 1, 1);
    long n = 200000000;
    uint32_t acc = 0;
    double t0 = now();
    for (long i = 0; i < n; i++)
        acc ^= rm_rng_next(&r);
    double dt = now() - t0;
    printf("pcg32:           %8.3g numbers/s (%ld in %.2f s, check %u)\n", n / dt, n, dt, acc & 1);
}

/* The cohort benchmark: N customers, heterogeneous sBG churn,
 * T periods. Returns customer-periods per second, counted as the NumPy
 * baseline counts them: N * (T - 1). */
static double bench_cohort(long n, int periods, rm_churn_model model, const char *label,
                           double *cpu)
{
    rm_rng r;
    rm_rng_seed(&r, 1, 0);
    rm_cohort_spec s = rm_cohort_defaults();
    s.nsegments = 1;
    s.seg[0] = rm_segment_defaults("all");
    s.seg[0].churn = model;
    s.seg[0].alpha = 1.0;
    s.seg[0].beta = 2.0;
    s.seg[0].rate = 0.02;
    s.initial = n;
    s.capacity = n;
    s.periods = periods;
    rm_error err;
    double t0 = now(), c0 = cpu_now();
    rm_cohort *c = rm_cohort_new(&s, &r, &err);
    if (!c) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    for (int t = 0; t < periods; t++)
        if (rm_cohort_step(c, t, &err) < 0) {
            fprintf(stderr, "bench: %s\n", err.msg);
            exit(1);
        }
    double dt = now() - t0;
    if (cpu)
        *cpu = cpu_now() - c0;
    double s12 = rm_cohort_result(c, -1, periods > 12 ? 12 : periods - 1)->active / (double)n;
    size_t bytes = rm_cohort_bytes_per_customer(c);
    rm_cohort_free(c);
    double rate = (double)n * (periods - 1) / dt;
    printf("%-16s %8.3g customer-periods/s (%ld customers x %d periods in %.2f s, "
           "S[12]=%.3f, %.0f bytes/customer)\n",
           label, rate, n, periods, dt, s12, (double)bytes);
    return rate;
}

/* Issue 7's benchmark: round robins of 200-turn matches of the classic
 * library's declared strategies, then of its Lua move functions
 * (more repetitions than the 100, to time more than noise). */
static double bench_tournament(const char *const *names, int n, int reps, int threads,
                               long *matches)
{
    rm_strategy *s = calloc((size_t)n, sizeof *s);
    rm_limits lim = {1000000, (size_t)64 << 20, 0};
    rm_error err;
    for (int i = 0; i < n; i++) {
        char path[1024];
        rm_strategy_path(names[i], path, sizeof path);
        if (rm_strategy_load(path, &lim, &s[i], &err) < 0) {
            fprintf(stderr, "bench: %s\n", err.msg);
            exit(1);
        }
    }
    rm_tournament_config c = rm_tournament_defaults();
    c.repetitions = reps;
    c.threads = threads;
    c.ops = rm_lua_strategy_ops();
    rm_tournament t;
    double t0 = now();
    if (rm_tournament_run(&c, s, n, NULL, &t, &err) < 0) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    double rate = (double)t.matches / (now() - t0);
    *matches = t.matches;
    rm_tournament_free(&t);
    free(s);
    return rate;
}

/* The issue compares with a fixed figure, not a run beside ours: take
 * the best of three so that a busy neighbour does not decide it. */
static double best_of_3(const char *const *names, int n, int reps, int threads, const char *label)
{
    double best = 0;
    long matches = 0;
    for (int k = 0; k < 3; k++) {
        double r = bench_tournament(names, n, reps, threads, &matches);
        best = r > best ? r : best;
    }
    printf("%-18s %8.3g matches/s (%ld matches of 200 turns, %d thread%s, best of 3)\n", label,
           best, matches, threads, threads == 1 ? "" : "s");
    return best;
}

static void bench_game(void)
{
    static const char *const declared[] = {
        "always_cooperate", "always_defect", "tit_for_tat", "grudger", "alternator",
        "tit_for_two_tats", "two_tits_for_tat", "suspicious_tit_for_tat", "win_stay_lose_shift",
        "detective", "generous_tit_for_tat", "random", "joss", "prober", "handshake",
        "firm_but_fair", "cycler_ccd", "hard_tit_for_tat"};
    static const char *const scripted[] = {"gradual", "forgiver", "soft_majority", "hard_majority"};
    const double axelrod = 1500;    /* matches/s, the Axelrod Python library (issue 7) */
    double d1 = best_of_3(declared, 18, 1000, 1, "game declared:");
    double d2 = best_of_3(declared, 18, 1000, 2, "game declared:");
    double l1 = best_of_3(scripted, 4, 500, 1, "game Lua move():");
    double l2 = best_of_3(scripted, 4, 500, 2, "game Lua move():");
    printf("declared vs Axelrod library: %.0fx (target >= 300x); 2 threads / 1: %.2f\n",
           d1 / axelrod, d2 / d1);
    printf("Lua move() vs Axelrod library: %.1fx (target >= 10x); 2 threads / 1: %.2f\n\n",
           l1 / axelrod, l2 / l1);
}

/* Issue 9's benchmark: a sweep of the retention study (4 variants x 32
 * replicates of 36 periods, three 10 000-customer markets each) on 1
 * and 2 threads, best of three. */
static double sweep_once(int threads, double *runs_out)
{
    const char *grid[] = {"service_effect=0.3:0.9:0.2"};
    rm_sweep_config c;
    memset(&c, 0, sizeof c);
    c.run = rm_run_defaults();
    c.run.path = "scenarios/retention.lua";
    c.run.replicates = 32;
    c.run.threads = threads;
    rm_error err;
    if (rm_sweep_grid(grid, 1, &c.variants, &err) < 0) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    rm_sweep_result r;
    double t0 = now();
    if (rm_sweep_run(&c, &r, &err) < 0) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    double dt = now() - t0, runs = (double)r.nvariants * r.meta.replicates;
    rm_sweep_free(&r);
    rm_variants_free(&c.variants);
    *runs_out = runs;
    return runs / dt;
}

static double bench_sweep(int threads)
{
    double best = 0, runs = 0;
    for (int k = 0; k < 3; k++) {
        double r = sweep_once(threads, &runs);
        best = r > best ? r : best;
    }
    printf("sweep retention:  %8.3g runs/s (%.0f runs of 36 periods, %d thread%s, best of 3)\n",
           best, runs, threads, threads == 1 ? "" : "s");
    return best;
}

/* Issue 5's benchmark: diffusion over a 1-million-node Barabasi-Albert
 * network with about 10 million links (m = 5), until it is over; then
 * issue 20's: Bass with p = 0.01, q = 0.3 for 60 periods, timed apart
 * from the graph. Returns issue 20's links visited per second. */
static double bench_wom(void)
{
    rm_rng r;
    rm_rng_seed(&r, 1, 0);
    rm_network g;
    rm_error err;
    double t0 = now();
    if (rm_network_ba(&g, 1000000, 5, &r, &err) < 0) {
        fprintf(stderr, "bench: %s\n", err.msg);
        exit(1);
    }
    printf("network BA:       %ld nodes, %lld links in %.2f s\n", (long)g.n, (long long)g.m / 2,
           now() - t0);
    const char *names[] = {"bass", "cascade", "threshold"};
    for (int model = 0; model < 3; model++) {
        rm_wom_spec s = rm_wom_defaults();
        s.model = (rm_wom_model)model;
        s.p = 0.001;
        s.q = model == RM_WOM_CASCADE ? 0.3 : 0.5;
        s.threshold = 0.1;
        s.periods = 100;
        rm_wom *w = rm_wom_new(&s, &g, 0, &r, &err);
        rm_wom_seed_random(w, 1000);
        t0 = now();
        int t = 0;
        for (; t < s.periods; t++) {
            rm_wom_step(w, t, &err);
            if (t > 5 && rm_wom_result(w, t)->new_adopters == 0)
                break;
        }
        double dt = now() - t0;
        printf("wom %-10s %8.3g links visited/s (%lld in %.2f s, %d periods, %.0f adopters)\n",
               names[model], (double)rm_wom_edges_visited(w) / dt,
               (long long)rm_wom_edges_visited(w), dt, t, rm_wom_result(w, t < s.periods ? t : t - 1)->ever);
        rm_wom_free(w);
    }
    /* issue 20: best of 3 (a busy neighbour only ever slows a run), on
     * processor time */
    double best = 0, wall = 0;
    long long links = 0;
    for (int k = 0; k < 3; k++) {
        rm_wom_spec s = rm_wom_defaults();
        s.p = 0.01;
        s.q = 0.3;
        s.periods = 60;
        rm_wom *w = rm_wom_new(&s, &g, 0, &r, &err);
        t0 = now();
        double c0 = cpu_now();
        for (int t = 0; t < s.periods; t++)
            rm_wom_step(w, t, &err);
        double rate = (double)rm_wom_edges_visited(w) / (cpu_now() - c0);
        links = (long long)rm_wom_edges_visited(w);
        if (rate > best) {
            best = rate;
            wall = now() - t0;
        }
        rm_wom_free(w);
    }
    printf("wom bass p=0.01 q=0.3, 60 periods: %8.3g links visited/s of diffusion, one core "
           "(%lld links in %.3f s processor time, %.3f s wall, best of 3)\n\n", best, links,
           (double)links / best, wall);
    rm_network_free(&g);
    return best;
}

/* Issue 16's benchmark: 10 000 SME-large-firm relationships (2 000 SMEs,
 * each courting 5 of 50 buyers) for 40 periods, declared strategies in C,
 * then move functions in Lua (one sandbox per strategy shared by every
 * relationship). Best of three, 1 thread (replicates are the parallel unit). */
static double partners_once(const char *sme_strategy, const char *buyer_strategy, int *dyads)
{
    enum { SMES = 2000, BUYERS = 50, EACH = 5, PERIODS = 40 };
    static rm_strategy st[2];
    rm_limits lim = {1000000, (size_t)256 << 20, 0};
    rm_error err;
    const char *names[2] = {sme_strategy, buyer_strategy};
    for (int k = 0; k < 2; k++) {
        char path[1024];
        rm_strategy_path(names[k], path, sizeof path);
        if (rm_strategy_load(path, &lim, &st[k], &err) < 0) {
            fprintf(stderr, "bench: %s\n", err.msg);
            exit(1);
        }
    }
    rm_firm *f = malloc((SMES + BUYERS) * sizeof *f);
    for (int i = 0; i < SMES + BUYERS; i++) {
        f[i] = rm_firm_defaults(i >= SMES);
        f[i].strategy = &st[i >= SMES];
        f[i].max_relationships = i >= SMES ? SMES : EACH;
    }
    rm_partner_spec s = rm_partner_defaults();
    s.periods = PERIODS;
    s.ops = rm_lua_shared_strategy_ops();
    rm_rng r;
    rm_rng_seed(&r, 1, 0);
    rm_partners *p = rm_partners_new(&s, f, SMES + BUYERS, &r, &err);
    int ok = p != NULL;
    for (int i = 0; ok && i < SMES; i++)
        for (int k = 0; ok && k < EACH; k++)
            ok = rm_partners_court(p, i, SMES + (i * EACH + k) % BUYERS, &err) >= 0;
    double t0 = now();
    for (int t = 0; ok && t < PERIODS; t++)
        ok = rm_partners_step(p, t, &err) == 0;
    double dt = now() - t0;
    if (!ok) {
        fprintf(stderr, "bench: partnerships: %s\n", err.msg);
        exit(1);
    }
    *dyads = rm_partners_dyads(p);
    rm_partners_free(p);
    free(f);
    return (double)*dyads * PERIODS / dt;
}

static void bench_partners(void)
{
    const char *kinds[2][3] = {{"declared", "tit_for_tat", "generous_tit_for_tat"},
                               {"Lua move()", "gradual", "forgiver"}};
    for (int k = 0; k < 2; k++) {
        double best = 0;
        int dyads = 0;
        for (int rep = 0; rep < 3; rep++) {
            double x = partners_once(kinds[k][1], kinds[k][2], &dyads);
            best = x > best ? x : best;
        }
        printf("partners %-10s %8.3g dyad-periods/s (%d relationships x 40 periods, %s vs %s, "
               "1 thread, best of 3)\n", kinds[k][0], best, dyads, kinds[k][1], kinds[k][2]);
    }
    printf("\n");
}

/* A whole `rmsim run` of a scenario in bench/scenarios/, as a person
 * runs it (process, Lua, model, metrics, output files): the best
 * processor time of `reps`. */
static double whole_run(const char *scenario, const char *label, int reps)
{
    /* the program `make bench` built (RMSIM), its outputs beside it */
    const char *rmsim = getenv("RMSIM") ? getenv("RMSIM") : "build/rmsim";
    char out[512];
    const char *slash = strrchr(rmsim, '/');
    snprintf(out, sizeof out, "%.*sbench-out/%s", slash ? (int)(slash - rmsim + 1) : 0, rmsim, label);
    double best = HUGE_VAL, wall = 0;
    for (int k = 0; k < reps; k++) {
        double t0 = now(), c0 = children_cpu();
        fflush(stdout);
        pid_t pid = fork();
        if (pid == 0) {
            execl(rmsim, "rmsim", "run", scenario, "--quiet", "--threads", "1", "--out", out,
                  (char *)NULL);
            _exit(127);
        }
        int status = 0;
        if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0) {
            printf("whole run %s: failed (run `make bench` from the repository root)\n", scenario);
            return NAN;
        }
        double dt = now() - t0;
        double cpu = children_cpu() - c0;
        if (cpu < best) {
            best = cpu;
            wall = dt;
        }
    }
    printf("whole run %-24s %.3f s processor time, %.3f s wall (rmsim run ... --out %s, "
           "best of %d)\n", scenario, best, wall, out, reps);
    return best;
}

/* Runs a baseline script in bench/baselines/ with Debian's python3 and
 * returns the processor seconds it reports ("cpu X s") on the best of
 * `reps` runs, or NaN. */
static double baseline(const char *script, const char *args, const char *prefix, int reps)
{
    const char *py = access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
    char cmd[512];
    snprintf(cmd, sizeof cmd, "%s bench/baselines/%s %s 2>&1", py, script, args);
    double best = NAN;
    for (int k = 0; k < reps; k++) {
        FILE *p = popen(cmd, "r");
        char line[512];
        double v = NAN;
        while (p && fgets(line, sizeof line, p)) {
            size_t n = strlen(prefix);
            const char *cpu = strstr(line, "cpu ");
            if (strncmp(line, prefix, n) == 0 && cpu && sscanf(cpu + 4, "%lf", &v) == 1)
                printf("%s", line);
            else if (strstr(line, "Error") || strstr(line, "skipped"))
                printf("%s: %s", script, line);
        }
        if (p)
            pclose(p);
        if (isfinite(v) && (isnan(best) || v < best))
            best = v;
        if (!isfinite(v))
            break;
    }
    return best;
}

/* A whole run and a baseline, one of each in turn, three times: the
 * machine's speed moves from minute to minute here, and each side then
 * meets the same moments. Best processor time of each side. */
static void side_by_side(const char *scenario, const char *label, const char *script,
                         const char *args, const char *prefix, double *run, double *base)
{
    *run = HUGE_VAL;
    *base = NAN;
    for (int k = 0; k < 3; k++) {
        double r = whole_run(scenario, label, 1);
        *run = r < *run ? r : *run;
        double b = baseline(script, args, prefix, 1);
        if (isfinite(b) && (isnan(*base) || b < *base))
            *base = b;
    }
}

static int wanted(int argc, char **argv, const char *section)
{
    if (argc < 2)
        return 1;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], section) == 0)
            return 1;
    return 0;
}

/* The market benchmark (issue 15): 1M customers, 4 firms, 120 periods,
 * every customer deciding every period (cycle 1), with inertia, loyalty,
 * a subsidy and mixed word of mouth on. Decisions per second counts the
 * purchase decisions the market took, best of 3, per wall-clock second
 * and per second of this thread's CPU time (what a core gives when the
 * machine is shared; cpu_now above). Returns the best processor seconds
 * of the three runs. */
static double bench_market(long n, int periods)
{
    rm_market_spec s = rm_market_defaults();
    s.nfirms = 4;
    const char *names[] = {"a", "b", "c", "d"};
    for (int j = 0; j < 4; j++) {
        s.firm[j] = rm_market_firm_defaults(names[j]);
        s.firm[j].share = 0.2;
        s.firm[j].price = 1 + 0.1 * j;
        s.firm[j].quality = 0.5 + 0.05 * j;
    }
    s.firm[0].subsidy = 0.3;
    s.firm[1].programme = 0.5;
    s.nsegments = 2;
    s.seg[0] = rm_market_segment_defaults("key");
    s.seg[0].switching_cost = 1;
    s.seg[0].inertia = 1.5;
    s.seg[1] = rm_market_segment_defaults("small");
    s.seg[1].size = 3;
    s.seg[1].price_w = 2;
    s.wom = 1;
    s.warn = 2;
    s.customers = n;
    s.periods = periods;
    double best = 0, best_cpu = 0, decisions = 0, share = 0, secs = 0, core = HUGE_VAL;
    size_t bytes = 0;
    for (int k = 0; k < 3; k++) {
        rm_rng r;
        rm_rng_seed(&r, 1, 0);
        rm_error err;
        rm_market *m = rm_market_new(&s, &r, &err);
        if (!m) {
            printf("market: %s\n", err.msg);
            return NAN;
        }
        double t0 = now(), c0 = cpu_now(), d = 0;
        for (int t = 0; t < periods; t++) {
            rm_market_step(m, t, &err);
            d += rm_market_decisions(m, t);
        }
        double dt = now() - t0, dc = cpu_now() - c0;
        if (d / dt > best) {
            best = d / dt;
            secs = dt;
        }
        best_cpu = d / dc > best_cpu ? d / dc : best_cpu;
        core = dc < core ? dc : core;
        decisions = d;
        share = rm_market_result_of(m, 0, periods - 1)->share;
        bytes = rm_market_bytes_per_customer(m);
        rm_market_free(m);
    }
    printf("market:          %8.3g decisions/s, %.3g per CPU second (%ld customers, 4 firms, "
           "%d periods: %.3g decisions in %.2f s, best of 3; share a %.3f; %zu bytes/customer; "
           "target >= 2e7, < 32)\n",
           best, best_cpu, n, periods, decisions, secs, share, bytes);
    return core;
}

int main(int argc, char **argv)
{
    long n = 10000000;
    int periods = 120;
    machine();
    if (wanted(argc, argv, "rng"))
        bench_rng();
    if (wanted(argc, argv, "game")) {
        bench_game();
        baseline("axelrod_round_robin.py", "10", "axelrod:", 1);
        printf("\n");
    }
    if (wanted(argc, argv, "wom")) {
        double links = bench_wom(), run, sp;
        side_by_side("bench/scenarios/bass.lua", "bass", "scipy_bass.py", "1000000 5000000 60",
                     "scipy bass:", &run, &sp);
        printf("\nBass 1M nodes, 5M links, 60 periods: whole rmsim run vs SciPy sparse, processor "
               "time, best of 3 each, run in turn: %.1fx (target >= 10x)\n", sp / run);
        printf("Bass diffusion on one core: %.3g links visited/s (target >= 1e8)\n\n", links);
    }
    if (wanted(argc, argv, "market")) {
        double core = bench_market(1000000, 120);
        double run = whole_run("bench/scenarios/market.lua", "market", 3);
        printf("market whole rmsim run / core: %.2f (%.3f s / %.3f s processor time)\n\n",
               run / core, run, core);
    }
    if (wanted(argc, argv, "partners")) {
        bench_partners();
        whole_run("bench/scenarios/partners.lua", "partners", 3);
        printf("\n");
    }
    if (wanted(argc, argv, "sweep")) {
        double s1 = bench_sweep(1), s2 = bench_sweep(2);
        printf("sweep scaling, 2 threads / 1: %.2f\n\n", s2 / s1);
    }
    if (wanted(argc, argv, "cohort")) {
        /* the side-by-side comparison takes the best of three runs of each:
         * first-touch page faults and a busy neighbour only ever slow a run */
        double core = HUGE_VAL;
        for (int k = 0; k < 3; k++) {
            double cpu;
            bench_cohort(n, periods, RM_CHURN_SBG, "cohort sBG:", &cpu);
            core = cpu < core ? cpu : core;
        }
        bench_cohort(n, periods, RM_CHURN_CONSTANT, "cohort constant:", NULL);
        bench_cohort(n / 10, periods, RM_CHURN_SATISFACTION, "cohort satisf.:", NULL);
        printf("cohort sBG core: %.3f s processor time (best of 3)\n", core);
        char args[64];
        snprintf(args, sizeof args, "%ld %d per-period", n, periods);
        double pp = baseline("numpy_cohort.py", args, "numpy per-period:", 3);
        snprintf(args, sizeof args, "%ld %d lifetime-draw", n, periods);
        double run, lt;
        side_by_side("bench/scenarios/cohort.lua", "cohort", "numpy_cohort.py", args,
                     "numpy lifetime-draw:", &run, &lt);
        printf("\n(processor time, best of 3 each; whole runs and lifetime draws in turn)\n");
        if (isfinite(pp))
            printf("sBG cohort core vs NumPy per-period: %.1fx (target >= 10x)\n", pp / core);
        if (isfinite(lt))
            printf("sBG cohort whole rmsim run vs NumPy lifetime-draw: %.1fx (target >= 5x)\n",
                   lt / run);
        printf("sBG cohort whole rmsim run / core: %.2f (%.3f s / %.3f s; target < 2)\n",
               run / core, run, core);
    }
    return 0;
}
