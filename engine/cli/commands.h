/* commands.h (internal) - the sub-commands of the rmsim program.
 * Each takes the arguments after its name and returns the exit code. */
#ifndef RMSIM_CLI_COMMANDS_H
#define RMSIM_CLI_COMMANDS_H

#include <stdint.h>
#include <stdio.h>

#include "rmsim/error.h"

int cmd_run(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_fit(int argc, char **argv);
int cmd_match(int argc, char **argv);
int cmd_tournament(int argc, char **argv);
int cmd_evolve(int argc, char **argv);
int cmd_play(int argc, char **argv);
int cmd_play_teams(int argc, char **argv);      /* play --players N */
int cmd_sweep(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_strategies(int argc, char **argv);

/* A strategy's file from its name (or alias, or path); when there is none,
 * an error that says whether a folder or file is missing, or "did you mean". */
int cli_find_strategy(const char *name, char *path, size_t size, rm_error *err);

/* `rmsim info` on a strategy file: 0 when path is one (and was described). */
int cli_describe_strategy(const char *path, FILE *out);

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

/* Progress on stderr, only when it is a terminal (label is a const char *);
 * every long command shows it unless --quiet. progress_draw is the drawing
 * alone: "label [####    ] 3/10, 12 s left". */
void progress_update(void *label, int done, int total);
void progress_clear(void);
void progress_draw(FILE *f, const char *label, int done, int total, double elapsed);

/* `rmsim play`'s debrief after a game (player a is the person): the
 * history, both totals, the buyer revealed, and what other strategies
 * would have scored against the same buyer. Shared with `rmsim serve`. */
struct rm_match_result;
struct rm_strategy;
struct rm_match_config;
struct rm_rng;
void play_debrief(FILE *f, const struct rm_match_result *r, const struct rm_strategy *buyer,
                  const struct rm_match_config *m, uint64_t seed);
/* A buyer for a hidden game, drawn from rmsim play's pool. */
const char *play_hidden_buyer(struct rm_rng *rng);

/* Exit codes, listed in `rmsim help`. */
enum { EXIT_FAILED = 1, EXIT_USAGE = 2, EXIT_PARTIAL = 3 };

/* Print "rmsim: message"; return EXIT_USAGE for a message about an option
 * (it starts with "--"), else EXIT_FAILED. */
int cli_error(const rm_error *err);

/* Prefix the message with the option it is about ("--payoff: ..."); -1. */
int cli_blame(rm_error *err, const char *option);

/* The input file exists and is not a folder; else the reason, with errno's. */
int cli_check_file(const char *path, rm_error *err);

#endif
