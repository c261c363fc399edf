/* game.c - `rmsim match`: two strategies play one match. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "rmsim/evolution.h"
#include "rmsim/game.h"
#include "rmsim/output.h"
#include "rmsim/rmsim.h"
#include "rmsim/strategy.h"
#include "rmsim/tournament.h"

static const char match_help[] =
    "usage: rmsim match A B [options]\n"
    "\n"
    "Play one match of the cooperate/compete game (iterated prisoner's dilemma)\n"
    "between strategies A and B: names in scripts/strategies/ (tit_for_tat,\n"
    "grudger, ...) or paths to .lua files. Prints both move sequences (C =\n"
    "cooperate, D = compete) and both scores.\n"
    "\n"
    "  --turns N             turns (default 200)\n"
    "  --continuation W      instead: another turn with chance W (unknown length)\n"
    "  --payoff R,S,T,P      payoffs (default 3,0,5,1)\n"
    "  --noise E             chance a move is flipped (default 0)\n"
    "  --seed N              random seed (default 1)\n"
    "  --format text|json    json: {moves_a, moves_b, score_a, score_b, ...}\n"
    "  --max-instructions N  per move of a scripted strategy (default 1e6)\n"
    "  --max-memory SIZE     per scripted strategy (default 64M)\n"
    "  --max-seconds S       wall clock per move of a scripted strategy (default 2)\n";

/* Options every game command shares. */
typedef struct game_opts {
    rm_match_config match;
    const char *payoff;
    uint64_t seed;
    double max_instr;
    rm_limits limits;
    const char *format;
    int repetitions, threads, all;  /* tournaments */
    int quiet;                      /* no progress bar, no 'wrote' line */
} game_opts;

/* The options of every command that plays a round robin. */
#define ROUND_ROBIN_OPTS(g)                                                                   \
    {"--all", OPT_FLAG, &(g).all, 0, 0, NULL},                                                \
    {"--quiet", OPT_FLAG, &(g).quiet, 0, 0, NULL},                                            \
    {"--turns", OPT_INT, &(g).match.turns, 1, RM_TURNS_MAX, NULL},                            \
    {"--continuation", OPT_DOUBLE, &(g).match.continuation, 0, 0.9999, NULL},                 \
    {"--repetitions", OPT_INT, &(g).repetitions, 1, 1000000, NULL},                           \
    {"--payoff", OPT_STRING, &(g).payoff, 0, 0, NULL},                                        \
    {"--noise", OPT_DOUBLE, &(g).match.noise, 0, 1, NULL},                                    \
    {"--seed", OPT_U64, &(g).seed, 0, 0, NULL},                                               \
    {"--threads", OPT_INT, &(g).threads, 1, 64, NULL},                                        \
    {"--format", OPT_STRING, &(g).format, 0, 0, "table|csv|json"},                            \
    {"--max-instructions", OPT_DOUBLE, &(g).max_instr, 1e3, 1e12, NULL},                      \
    {"--max-memory", OPT_BYTES, &(g).limits.max_memory, 1 << 20, 1ULL << 40, NULL},          \
    {"--max-seconds", OPT_DOUBLE, &(g).limits.max_seconds, 0.001, 1e6, NULL}

static void game_defaults(game_opts *g)
{
    g->match = rm_match_defaults();
    g->payoff = NULL;
    g->seed = 1;
    g->max_instr = 1e6;
    g->limits.max_memory = (size_t)64 << 20;
    g->limits.max_seconds = RM_DEFAULT_MOVE_SECONDS;
    g->format = "text";
    g->repetitions = 1;
    g->threads = 0;
    g->all = 0;
    g->quiet = 0;
}

static int game_finish(game_opts *g, rm_error *err)
{
    if (g->payoff && rm_payoff_parse(g->payoff, &g->match.payoff, err) < 0)
        return cli_blame(err, "--payoff");
    g->limits.max_instructions = (uint64_t)g->max_instr;
    return 0;
}

static void note_stderr(void *ctx, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "rmsim: note: %s\n", msg);
}

/* Names people can trust: a classic's name for the classic only, and
 * (unique) no name twice; each change is told on stderr. */
static int name_entrants(rm_strategy *s, int n, int unique, rm_error *err)
{
    char classics[1100];
    snprintf(classics, sizeof classics, "%s/strategies", rm_scripts_dir());
    if (rm_entrants_name(s, n, classics, unique, note_stderr, NULL) < 0)
        return rm_errorf(err, "out of memory");
    return 0;
}

/* Load a strategy by name or path; the error names the file. */
static int load_strategy(const char *name, const game_opts *g, rm_strategy *s, rm_error *err)
{
    char path[1024];
    if (cli_find_strategy(name, path, sizeof path, err) < 0)
        return EXIT_USAGE;
    return rm_strategy_load(path, &g->limits, s, err) < 0 ? EXIT_FAILED : 0;
}

static void put_moves(FILE *f, const uint8_t *m, int n)
{
    for (int i = 0; i < n; i++)
        fputc(m[i] == RM_C ? 'C' : 'D', f);
}

int cmd_match(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(match_help, stdout);
            return 0;
        }
    game_opts g;
    game_defaults(&g);
    const opt opts[] = {
        {"--turns", OPT_INT, &g.match.turns, 1, RM_TURNS_MAX, NULL},
        {"--continuation", OPT_DOUBLE, &g.match.continuation, 0, 0.9999, NULL},
        {"--payoff", OPT_STRING, &g.payoff, 0, 0, NULL},
        {"--noise", OPT_DOUBLE, &g.match.noise, 0, 1, NULL},
        {"--seed", OPT_U64, &g.seed, 0, 0, NULL},
        {"--format", OPT_STRING, &g.format, 0, 0, "text|json"},
        {"--max-instructions", OPT_DOUBLE, &g.max_instr, 1e3, 1e12, NULL},
        {"--max-memory", OPT_BYTES, &g.limits.max_memory, 1 << 20, 1ULL << 40, NULL},
        {"--max-seconds", OPT_DOUBLE, &g.limits.max_seconds, 0.001, 1e6, NULL},
        {NULL, 0, NULL, 0, 0, NULL},
    };
    const char *pos[2];
    int npos;
    rm_error err;
    if (args_parse(argc, argv, opts, pos, 2, &npos, &err) < 0 || game_finish(&g, &err) < 0)
        return cli_fail(&err);
    if (npos != 2) {
        rm_errorf(&err, "match: which two strategies? (usage: rmsim match A B)");
        return cli_fail(&err);
    }
    rm_strategy s[2];
    for (int i = 0; i < 2; i++) {
        int rc = load_strategy(pos[i], &g, &s[i], &err);
        if (rc != 0) {
            fprintf(stderr, "rmsim: %s\n", err.msg);
            return rc;
        }
    }
    if (name_entrants(s, 2, 0, &err) < 0)
        return cli_fail(&err);
    rm_match_result *r = malloc(sizeof *r);
    rm_rng rng;
    rm_rng_seed(&rng, g.seed, 0);
    if (!r || rm_play_strategies(&g.match, &s[0], &s[1], rm_lua_strategy_ops(), &rng, r, &err) < 0) {
        fprintf(stderr, "rmsim: %s\n", r ? err.msg : "out of memory");
        free(r);
        return 1;
    }
    if (!strcmp(g.format, "json")) {
        printf("{" RMSIM_JSON_HEAD("rmsim-match/1") ", \"a\": ");
        rm_put_json_string(stdout, s[0].name);
        printf(", \"b\": ");
        rm_put_json_string(stdout, s[1].name);
        printf(", \"turns\": %d, \"moves_a\": \"", r->turns);
        put_moves(stdout, r->moves_a, r->turns);
        printf("\", \"moves_b\": \"");
        put_moves(stdout, r->moves_b, r->turns);
        printf("\", \"score_a\": ");
        rm_put_number(stdout, r->score_a, "null");
        printf(", \"score_b\": ");
        rm_put_number(stdout, r->score_b, "null");
        printf("}\n");
    } else {
        const rm_payoff *pay = &g.match.payoff;
        printf("%s vs %s: %d turns, payoffs R=%g S=%g T=%g P=%g, noise %g\n", s[0].name,
               s[1].name, r->turns, pay->R, pay->S, pay->T, pay->P, g.match.noise);
        int w = (int)(strlen(s[0].name) > strlen(s[1].name) ? strlen(s[0].name) : strlen(s[1].name));
        printf("%-*s  ", w, s[0].name);
        put_moves(stdout, r->moves_a, r->turns);
        printf("  %g (%.3f a turn)\n%-*s  ", r->score_a, r->score_a / r->turns, w, s[1].name);
        put_moves(stdout, r->moves_b, r->turns);
        printf("  %g (%.3f a turn)\n", r->score_b, r->score_b / r->turns);
    }
    free(r);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* ---- rmsim tournament ----------------------------------------------------- */

static const char tournament_help[] =
    "usage: rmsim tournament A B C ... | --all | DIR [options]\n"
    "\n"
    "Round robin of the cooperate/compete game: every pair meets once per\n"
    "repetition, each strategy also meets itself; ranked by mean score per turn,\n"
    "with the pairwise score matrix. A strategy that fails to load, errors,\n"
    "returns a bad move or exceeds its budget is disqualified with the reason;\n"
    "the others play on.\n"
    "\n"
    "  --all                 every strategy in scripts/strategies/\n"
    "  DIR                   every .lua file in a folder (e.g. students' entries)\n"
    "  --turns N             turns per match (default 200)\n"
    "  --continuation W      instead: another turn with chance W\n"
    "  --repetitions K       times each pair meets (default 1)\n"
    "  --payoff R,S,T,P      payoffs (default 3,0,5,1)\n"
    "  --noise E             chance a move is flipped (default 0)\n"
    "  --seed N              random seed (default 1)\n"
    "  --threads N           worker threads (default: all cores); same output for any N\n"
    "  --format table|csv|json\n"
    "  --max-instructions N  per move of a scripted strategy (default 1e6)\n"
    "  --max-memory SIZE     per scripted strategy (default 64M)\n"
    "  --max-seconds S       wall clock per move of a scripted strategy (default 2)\n"
    "  --quiet               no progress bar, no 'wrote' line\n"
    "  --out DIR             also write DIR/leaderboard.csv, tournament.json and report.html\n"
    "                        (ranking, heat map, spread, evolution under the Moran process)\n";

#define STRATEGIES_MAX 512

typedef struct entries {
    char *names[STRATEGIES_MAX];
    int n;
} entries;

static int add_entry(entries *e, const char *path, rm_error *err)
{
    if (e->n == STRATEGIES_MAX)
        return rm_errorf(err, "at most %d strategies", STRATEGIES_MAX);
    e->names[e->n] = strdup(path);
    if (!e->names[e->n])
        return rm_errorf(err, "out of memory");
    e->n++;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}


/* Every .lua file of a folder, in name order. */
static int add_folder(entries *e, const char *dir, rm_error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return rm_errorf(err, "%s: cannot read folder", dir);
    int first = e->n, rc = 0;
    struct dirent *de;
    while (rc == 0 && (de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len > 4 && !strcmp(de->d_name + len - 4, ".lua") && de->d_name[0] != '.') {
            char path[2048];
            snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
            rc = add_entry(e, path, err);
        }
    }
    closedir(d);
    qsort(e->names + first, (size_t)(e->n - first), sizeof *e->names, by_name);
    if (rc == 0 && e->n == first)
        return rm_errorf(err, "%s: no .lua strategy files in this folder", dir);
    return rc;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Strategies named on the command line; loading failures become
 * disqualifications (reason in why[i]) rather than a failed run. */
static int gather_strategies(const char **pos, int npos, int all, const game_opts *g,
                             rm_strategy **out, char ***why, int *count, rm_error *err)
{
    entries e = {{0}, 0};
    int rc = 0;
    if (all) {
        char dir[1100];
        snprintf(dir, sizeof dir, "%s/strategies", rm_scripts_dir());
        rc = add_folder(&e, dir, err);
    }
    for (int i = 0; rc == 0 && i < npos; i++) {
        if (is_dir(pos[i])) {
            rc = add_folder(&e, pos[i], err);
        } else {
            char path[1024];
            rc = cli_find_strategy(pos[i], path, sizeof path, err);
            if (rc == 0)
                rc = add_entry(&e, path, err);
        }
    }
    if (rc == 0 && e.n == 0)
        rc = rm_errorf(err, "tournament: which strategies? (names, a folder, or --all)");
    *out = rc == 0 ? calloc((size_t)e.n, sizeof **out) : NULL;
    *why = rc == 0 ? calloc((size_t)e.n, sizeof **why) : NULL;
    if (rc == 0 && (!*out || !*why))
        rc = rm_errorf(err, "out of memory");
    for (int i = 0; rc == 0 && i < e.n; i++) {
        rm_error lerr;
        if (rm_strategy_load(e.names[i], &g->limits, &(*out)[i], &lerr) < 0)
            (*why)[i] = strdup(lerr.msg);
    }
    for (int i = 0; i < e.n; i++)
        free(e.names[i]);
    *count = e.n;
    return rc;
}

static void free_strategies(rm_strategy *s, char **why, int n)
{
    for (int i = 0; why && i < n; i++)
        free(why[i]);
    free(why);
    free(s);
}

/* The longest name that played: no name is cut in a table. */
static int name_width(const rm_tournament *t, const rm_strategy *s)
{
    int w = 8;
    for (int i = 0; i < t->n; i++)
        if (!t->disqualified[i] && (int)strlen(s[i].name) > w)
            w = (int)strlen(s[i].name);
    return w;
}

/* Whether more than one strategy that played has this place. */
static int tied_at(const rm_tournament *t, int place)
{
    int k = 0;
    for (int r = 0; r < t->n; r++)
        k += !t->disqualified[t->rank[r]] && rm_tournament_place(t, r) == place;
    return k > 1;
}

static void print_table(FILE *f, const rm_tournament *t, const rm_strategy *s, const game_opts *g,
                        int reps)
{
    const rm_payoff *p = &g->match.payoff;
    fprintf(f, "Round robin: %d strategies, ", t->n);
    if (g->match.continuation > 0)
        fprintf(f, "continuation %g", g->match.continuation);
    else
        fprintf(f, "%d turns", g->match.turns);
    fprintf(f, ", %d repetition%s, payoffs %g,%g,%g,%g, noise %g, seed %llu\n\n", reps,
           reps == 1 ? "" : "s", p->R, p->S, p->T, p->P, g->match.noise,
           (unsigned long long)g->seed);
    int w = name_width(t, s);
    fprintf(f, "rank  %-*s %10s  %6s\n", w, "strategy", "score/turn", "wins");
    int shown = 0;
    for (int r = 0; r < t->n; r++) {
        int i = t->rank[r];
        if (t->disqualified[i])
            continue;
        shown++;
        int place = rm_tournament_place(t, r);
        char rank[16];
        snprintf(rank, sizeof rank, "%d%s", place, tied_at(t, place) ? "=" : "");
        fprintf(f, "%-5s %-*s %10.4f  %6.0f\n", rank, w, s[i].name, t->score[i], t->wins[i]);
    }
    int dq = 0;
    for (int i = 0; i < t->n; i++)
        if (t->disqualified[i]) {
            if (!dq++)
                fprintf(f, "\ndisqualified:\n");
            fprintf(f, "  %s: %s\n", s[i].name, t->reason[i]);
        }
    if (shown > 1 && shown <= 30) {
        fprintf(f, "\nmean score per turn of the row against the column:\n%-*s", w + 3, "");
        for (int r = 0, c = 0; r < t->n; r++)
            if (!t->disqualified[t->rank[r]])
                fprintf(f, " %5d", ++c);
        fputc('\n', f);
        int row = 0;
        for (int r = 0; r < t->n; r++) {
            int i = t->rank[r];
            if (t->disqualified[i])
                continue;
            fprintf(f, "%2d %-*s", ++row, w, s[i].name);
            for (int c = 0; c < t->n; c++) {
                int j = t->rank[c];
                if (!t->disqualified[j])
                    fprintf(f, " %5.2f", t->matrix[i * t->n + j]);
            }
            fputc('\n', f);
        }
    }
}

static rm_tournament_config config_of(const game_opts *g)
{
    rm_tournament_config c = rm_tournament_defaults();
    c.match = g->match;
    c.repetitions = g->repetitions;
    c.threads = g->threads;
    c.seed = g->seed;
    c.ops = rm_lua_strategy_ops();
    return c;
}

/* Parse a round-robin command's options, load its strategies and play:
 * 0 with the results, or the exit code after printing the error. */
static int round_robin(int argc, char **argv, const opt *opts, game_opts *g, rm_strategy **s,
                       char ***why, int *n, rm_tournament *t)
{
    const char *pos[STRATEGIES_MAX];
    int npos;
    rm_error err;
    if (args_parse(argc, argv, opts, pos, STRATEGIES_MAX, &npos, &err) < 0 ||
        game_finish(g, &err) < 0)
        return cli_fail(&err);
    if (gather_strategies(pos, npos, g->all, g, s, why, n, &err) < 0 ||
        name_entrants(*s, *n, 1, &err) < 0) {
        free_strategies(*s, *why, *n);
        return cli_fail(&err);
    }
    rm_tournament_config c = config_of(g);
    static char label[] = "rmsim: matches";
    if (!g->quiet) {
        c.progress = progress_update;
        c.progress_ud = label;
    }
    int played = rm_tournament_run(&c, *s, *n, (const char *const *)*why, t, &err);
    progress_clear();
    if (played < 0) {
        fprintf(stderr, "rmsim: %s\n", err.msg);
        free_strategies(*s, *why, *n);
        return 1;
    }
    return 0;
}

int cmd_tournament(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(tournament_help, stdout);
            return 0;
        }
    game_opts g;
    game_defaults(&g);
    g.format = "table";
    const char *out = NULL;
    const opt opts[] = {
        ROUND_ROBIN_OPTS(g),
        {"--out", OPT_STRING, &out, 0, 0, NULL},
        {NULL, 0, NULL, 0, 0, NULL},
    };
    rm_strategy *s;
    char **why;
    int n;
    rm_tournament t;
    int rc = round_robin(argc, argv, opts, &g, &s, &why, &n, &t);
    if (rc != 0)
        return rc;
    int reps = g.repetitions;
    rm_tournament_config c = config_of(&g);
    rm_error err;
    if (out && rm_tournament_write_files(out, &t, s, &c, &err) < 0) {
        fprintf(stderr, "rmsim: %s\n", err.msg);
        rm_tournament_free(&t);
        free_strategies(s, why, n);
        return 1;
    }
    if (out && !g.quiet)
        fprintf(stderr, "rmsim: wrote %s/leaderboard.csv, tournament.json and report.html\n", out);
    if (!strcmp(g.format, "csv"))
        rm_tournament_write_csv(stdout, &t, s);
    else if (!strcmp(g.format, "json"))
        rm_tournament_write_json(stdout, &t, s, &c);
    else
        print_table(stdout, &t, s, &g, reps);
    rm_tournament_free(&t);
    free_strategies(s, why, n);
    return fflush(stdout) == 0 ? 0 : 1;
}

/* ---- rmsim evolve --------------------------------------------------------- */

static const char evolve_help[] =
    "usage: rmsim evolve A B C ... | --all | DIR [options]\n"
    "\n"
    "Which strategies spread when the better-paid are imitated? Plays a round\n"
    "robin (as `rmsim tournament`) for the payoff matrix, then runs the Moran\n"
    "process in a population of N (or replicator dynamics), starting from equal\n"
    "shares, and reports the shares per generation and any fixation.\n"
    "\n"
    "  --population N        individuals (default 100); Moran only\n"
    "  --generations G       generations of N birth-death steps (default 50)\n"
    "  --dynamics moran|replicator   (default moran)\n"
    "  --selection W         intensity in [0, 1]: fitness = 1 - W + W * payoff (default 1)\n"
    "  --every K             print every K-th generation (default: about 20 rows)\n"
    "  plus the tournament options: --turns, --repetitions, --payoff, --noise,\n"
    "  --continuation, --seed, --threads, --format table|csv|json,\n"
    "  --max-instructions, --max-memory, --max-seconds, --quiet (no progress bar)\n";

static int col_width(const char *name)
{
    int n = (int)strlen(name);
    return n > 8 ? n : 8;
}

int cmd_evolve(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(evolve_help, stdout);
            return 0;
        }
    game_opts g;
    game_defaults(&g);
    g.format = "table";
    int population = 100, generations = 50, every = 0;
    double selection = 1;
    const char *dynamics = "moran";
    const opt opts[] = {
        {"--population", OPT_INT, &population, 2, 1e7, NULL},
        {"--generations", OPT_INT, &generations, 1, 1e6, NULL},
        {"--dynamics", OPT_STRING, &dynamics, 0, 0, "moran|replicator"},
        {"--selection", OPT_DOUBLE, &selection, 0, 1, NULL},
        {"--every", OPT_INT, &every, 1, 1e6, NULL},
        ROUND_ROBIN_OPTS(g),
        {NULL, 0, NULL, 0, 0, NULL},
    };
    rm_strategy *s;
    char **why;
    int n;
    rm_tournament t;
    int rc = round_robin(argc, argv, opts, &g, &s, &why, &n, &t);
    if (rc != 0)
        return rc;
    rm_error err;
    /* the players: strategies that were not disqualified */
    int *idx = malloc((size_t)n * sizeof *idx), m = 0;
    for (int i = 0; idx && i < n; i++)
        if (!t.disqualified[i])
            idx[m++] = i;
        else
            fprintf(stderr, "rmsim: %s disqualified: %s\n", s[i].name, t.reason[i]);
    double *M = malloc((size_t)(m ? m : 1) * (size_t)(m ? m : 1) * sizeof *M);
    double *x0 = malloc((size_t)(m ? m : 1) * sizeof *x0);
    int *counts = malloc((size_t)(m ? m : 1) * sizeof *counts);
    rc = idx && M && x0 && counts ? 0 : rm_errorf(&err, "out of memory");
    if (rc == 0 && m < 2)
        rc = rm_errorf(&err, "evolve needs at least two strategies that can play");
    if (rc == 0 && !strcmp(dynamics, "moran") && population < m)
        rc = rm_errorf(&err, "--population %d is smaller than the %d strategies", population, m);
    rm_evolution e = {0};
    if (rc == 0) {
        for (int a = 0; a < m; a++) {
            x0[a] = 1.0 / m;
            counts[a] = population / m + (a < population % m);
            for (int b = 0; b < m; b++)
                M[a * m + b] = t.matrix[idx[a] * n + idx[b]];
        }
        rm_rng rng;
        rm_rng_seed(&rng, g.seed, 0x65766f6cULL);   /* a stream of its own */
        static char label[] = "rmsim: generations";
        rc = !strcmp(dynamics, "moran")
                 ? rm_moran_progress(M, m, counts, generations, selection, &rng, &e,
                                     g.quiet ? NULL : progress_update, label, &err)
                 : rm_replicator(M, m, x0, generations, selection, &e, &err);
        progress_clear();
    }
    if (rc == 0) {
        if (every == 0)
            every = generations > 20 ? generations / 20 : 1;
        if (!strcmp(g.format, "json")) {
            printf("{" RMSIM_JSON_HEAD("rmsim-evolve/1") ",\n \"dynamics\": \"%s\", "
                   "\"population\": %d, \"generations\": %d, "
                   "\"selection\": %g, \"strategies\": [", dynamics, population, generations,
                   selection);
            for (int a = 0; a < m; a++) {
                printf(a ? ", " : "");
                rm_put_json_string(stdout, s[idx[a]].name);
            }
            printf("],\n \"fixed\": ");
            if (e.fixed >= 0)
                rm_put_json_string(stdout, s[idx[e.fixed]].name);
            else
                printf("null");
            printf(", \"fixation_step\": %ld,\n \"shares\": [", e.fixed >= 0 ? e.fixation_step : -1L);
            for (int gen = 0; gen <= generations; gen++) {
                printf("%s\n  [", gen ? "," : "");
                for (int a = 0; a < m; a++) {
                    printf(a ? ", " : "");
                    rm_put_number(stdout, e.share[(size_t)gen * m + a], "null");
                }
                putchar(']');
            }
            printf("]}\n");
        } else {
            int csv = !strcmp(g.format, "csv");
            if (!csv)
                printf("%s dynamics, %d strategies%s, %d generations, selection %g\n\n",
                       dynamics, m, !strcmp(dynamics, "moran") ? "" : " (shares)", generations,
                       selection);
            /* each column as wide as its name: names are never cut */
            printf(csv ? "generation" : "%-10s", csv ? "" : "generation");
            for (int a = 0; a < m; a++) {
                if (csv) {
                    putchar(',');
                    rm_put_csv_field(stdout, s[idx[a]].name);
                } else {
                    printf(" %*s", col_width(s[idx[a]].name), s[idx[a]].name);
                }
            }
            putchar('\n');
            for (int gen = 0; gen <= generations; gen++) {
                if (!csv && gen % every && gen != generations)
                    continue;
                printf(csv ? "%d" : "%-10d", gen);
                for (int a = 0; a < m; a++)
                    if (csv)
                        printf(",%.6g", e.share[(size_t)gen * m + a]);
                    else
                        printf(" %*.3f", col_width(s[idx[a]].name), e.share[(size_t)gen * m + a]);
                putchar('\n');
            }
            if (!csv) {
                if (e.fixed >= 0 && !strcmp(dynamics, "moran"))
                    printf("\n%s took over the population after %ld birth-death steps.\n",
                           s[idx[e.fixed]].name, e.fixation_step);
                else if (e.fixed >= 0)
                    printf("\n%s took over the population.\n", s[idx[e.fixed]].name);
                else
                    printf("\nNo strategy took over within %d generations.\n", generations);
            }
        }
    }
    rm_evolution_free(&e);
    free(idx);
    free(M);
    free(x0);
    free(counts);
    rm_tournament_free(&t);
    free_strategies(s, why, n);
    if (rc < 0) {
        fprintf(stderr, "rmsim: %s\n", err.msg);
        return 1;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
