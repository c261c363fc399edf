/* args.h (internal) - table-driven command-line options. */
#ifndef RMSIM_CLI_ARGS_H
#define RMSIM_CLI_ARGS_H

#include <stddef.h>
#include <stdint.h>

#include "rmsim/error.h"

typedef enum {
    OPT_FLAG,       /* int, set to 1 */
    OPT_INT,        /* int in [min, max] */
    OPT_U64,        /* uint64_t */
    OPT_DOUBLE,     /* double in [min, max] */
    OPT_BYTES,      /* size_t; a number of MiB, or with suffix K, M, G */
    OPT_STRING,     /* const char *; `choices` limits it when set */
    OPT_LIST,       /* appends to an arg_list */
} opt_kind;

typedef struct arg_list {
    const char *items[256];
    int n;
} arg_list;

typedef struct opt {
    const char *name;       /* "--seed" */
    opt_kind kind;
    void *dest;
    double min, max;
    const char *choices;    /* "csv|json" */
} opt;

/* --help or -h anywhere among the arguments: print help on stdout and
 * return 1 (the command then exits 0); else 0. */
int args_help(int argc, char **argv, const char *help);

/* Parse argv[0..argc) into opts and positional arguments. */
int args_parse(int argc, char **argv, const opt *opts, const char **pos, int maxpos, int *npos,
               rm_error *err);

/* args_parse, then exactly n positional arguments; when there are fewer,
 * the error is `missing` ("run: which scenario? (usage: ...)"). With n 0
 * (a command that takes none) pos and missing may be NULL. */
int args_exact(int argc, char **argv, const opt *opts, const char **pos, int n,
               const char *missing, rm_error *err);

#endif
