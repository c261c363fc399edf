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

/* Print "rmsim: message" to stderr and return the usage-error code. */
int cli_fail(const rm_error *err);

/* Progress on stderr, only when it is a terminal. */
void progress_update(void *label, int done, int total);
void progress_clear(void);

enum { EXIT_USAGE = 2 };

#endif
