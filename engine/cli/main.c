/* main.c - the rmsim program: dispatch to a sub-command. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "rmsim/output.h"
#include "rmsim/ranks.h"
#include "rmsim/rmsim.h"

static const char usage[] =
    "rmsim " RMSIM_VERSION " - relationship-marketing simulation\n"
    "\n"
    "usage: rmsim COMMAND [options]\n"
    "\n"
    "commands:\n"
    "  run FILE.lua     run a what-if scenario (CSV and JSON results)\n"
    "  sweep FILE.lua   run variants of a scenario (--grid), rank them with CIs\n"
    "  info FILE.lua    a scenario's parameters, variants and results (or a strategy's)\n"
    "  plot FILE.csv    a quick SVG chart from any CSV rmsim writes\n"
    "  fit sbg S0,S1,.. fit the sBG churn model to cohort survival data\n"
    "  play             play the cooperate/compete game yourself, against a strategy\n"
    "  match A B        play one cooperate/compete match between two strategies\n"
    "  tournament ...   round robin of strategies (names, a folder, or --all)\n"
    "  evolve ...       Moran process or replicator dynamics over strategies\n"
    "  strategies       list the strategies that come with rmsim\n"
    "  serve            the classroom in the browser: play, enter strategies, tournaments\n"
    "  help [COMMAND]   this text, or a command's options\n"
    "  version          print the version\n"
    "\n"
    "Errors go to stderr as 'rmsim: where: what is wrong'. Exit status:\n"
    "  0 done; 1 the work failed (unreadable file, script error, output not\n"
    "  written); 2 the command line is wrong (unknown option or strategy, bad\n"
    "  value, unknown --set/--grid parameter); 3 a sweep ran but some variants\n"
    "  failed (the rest is written).\n"
    "\n"
    "Try: rmsim run scenarios/hello.lua --replicates 5 --out out/hello\n"
    "Docs: README.md, docs/lua-api.md, docs/formats.md, man rmsim\n";

typedef struct command {
    const char *name;
    int (*fn)(int, char **);
} command;

static const command commands[] = {
    {"run", cmd_run},
    {"info", cmd_info},
    {"sweep", cmd_sweep},
    {"plot", cmd_plot},
    {"fit", cmd_fit},
    {"match", cmd_match},
    {"tournament", cmd_tournament},
    {"evolve", cmd_evolve},
    {"play", cmd_play},
    {"strategies", cmd_strategies},
    {"serve", cmd_serve},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

int cli_fail(const rm_error *err)
{
    fprintf(stderr, "rmsim: %s\n", err->msg);
    return EXIT_USAGE;
}

static int dispatch(int argc, char **argv);

int main(int argc, char **argv)
{
    rm_ranks_init(&argc, &argv);
    int rc;
    /* under mpirun only sweeps are spread; other commands run on rank 0 */
    if (rm_ranks() > 1 && rm_rank() != 0 && !(argc > 1 && !strcmp(argv[1], "sweep")))
        rc = 0;
    else
        rc = dispatch(argc, argv);
    rm_ranks_finish();
    return rc;
}

static int dispatch(int argc, char **argv)
{
    /* interrupted: remove unfinished output files, then die of the signal */
    rm_outset_signals();
    /* a full disk or a file-size limit: fail the write and say so, not die */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--version") || !strcmp(name, "version")) {
        printf("rmsim %s\n", RMSIM_VERSION);
        return 0;
    }
    if (!strcmp(name, "help") || !strcmp(name, "--help") || !strcmp(name, "-h")) {
        if (argc > 2) {
            for (size_t i = 0; i < NCOMMANDS; i++)
                if (!strcmp(argv[2], commands[i].name)) {
                    char *help[] = {"--help", NULL};
                    return commands[i].fn(1, help);
                }
            fprintf(stderr, "rmsim: no help for unknown command '%s'\n", argv[2]);
            return EXIT_USAGE;
        }
        fputs(usage, stdout);
        return 0;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (!strcmp(name, commands[i].name))
            return commands[i].fn(argc - 2, argv + 2);
    const char *names[NCOMMANDS + 2];
    for (size_t i = 0; i < NCOMMANDS; i++)
        names[i] = commands[i].name;
    names[NCOMMANDS] = "help";
    names[NCOMMANDS + 1] = "version";
    const char *hint = rm_suggest(name, names, NCOMMANDS + 2);
    if (hint)
        fprintf(stderr, "rmsim: unknown command '%s' (did you mean '%s'?)\n", name, hint);
    else
        fprintf(stderr, "rmsim: unknown command '%s' (see rmsim help)\n", name);
    return EXIT_USAGE;
}
