/* commands.h (internal) - the sub-commands of the rmsim program.
 * Each takes the arguments after its name and returns the exit code. */
#ifndef RMSIM_CLI_COMMANDS_H
#define RMSIM_CLI_COMMANDS_H

#include <stdio.h>

#include "rmsim/error.h"

int cmd_run(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_fit(int argc, char **argv);
int cmd_match(int argc, char **argv);
int cmd_tournament(int argc, char **argv);
int cmd_evolve(int argc, char **argv);
int cmd_play(int argc, char **argv);
int cmd_sweep(int argc, char **argv);
int cmd_plot(int argc, char **argv);

/* The options of every command that runs a scenario (run, sweep), into
 * an rm_run_config, an arg_list of --set and a double instruction budget;
 * scenario_options_done puts the last two into the config. */
#define SCENARIO_OPTS(c, sets, max_instr)                                                     \
    {"--seed", OPT_U64, &(c).seed, 0, 0, NULL},                                              \
    {"--periods", OPT_INT, &(c).periods, 1, 1e6, NULL},                                      \
    {"--replicates", OPT_INT, &(c).replicates, 1, 1e6, NULL},                                \
    {"--threads", OPT_INT, &(c).threads, 1, 64, NULL},                                       \
    {"--set", OPT_LIST, &(sets), 0, 0, NULL},                                                \
    {"--max-instructions", OPT_DOUBLE, &(max_instr), 1e3, 1e15, NULL},                       \
    {"--max-memory", OPT_BYTES, &(c).limits.max_memory, 1 << 20, 1ULL << 40, NULL},          \
    {"--max-seconds", OPT_DOUBLE, &(c).limits.max_seconds, 0.001, 1e7, NULL}

struct rm_run_config;
struct arg_list;
void scenario_options_done(struct rm_run_config *c, const struct arg_list *sets, double max_instr);

/* Print "rmsim: message" to stderr and return the usage-error code. */
int cli_fail(const rm_error *err);

/* Progress on stderr, only when it is a terminal. */
void progress_update(void *label, int done, int total);
void progress_clear(void);

enum { EXIT_USAGE = 2 };

#endif
