/* fuzz_cli.c - the command line: a command, its file, and options with
 * odd values (hex, exponents, huge integers, NaN), all chosen by the
 * bytes; plot reads a CSV whose x column the bytes write. Built with
 * main.c's main renamed, so that every command's own checks run. Errors
 * are fine; crashes and hangs are not. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"

int rmsim_main(int argc, char **argv);

static const char *const commands[] = {"run", "sweep", "info", "fit", "match", "tournament",
                                       "evolve", "plot"};
static const char *const options[] = {
    "--seed", "--periods", "--replicates", "--threads", "--set", "--max-instructions",
    "--max-memory", "--max-seconds", "--turns", "--continuation", "--noise", "--payoff",
    "--repetitions", "--format", "--x", "--y", "--by", "--population", "--generations",
    "--grid", "--every", "--selection", "--dynamics",
};
static const char *const values[] = {
    "1", "0", "-1", "2", "1e5", "0x100", "9007199254740993", "0.99999999", "1e-300", "nan",
    "inf", "", "x=1", "x=0x10", "a=", "3,0,5,1", "json", "csv", "period", "v", "x,v",
    "1000000", "64", "0.001",
};
static const char *const xs[] = {"1", "2", "1e5", "0x100", "-3", "1e7", "2.5", "", "nan",
                                 "9223372036854775807", "0x7fffffff", "1e-320"};

/* The next byte (0 past the end). A function, so that several picks in
 * one call's arguments are sequenced. */
static unsigned next_byte(const uint8_t *data, size_t size, size_t *i)
{
    return *i < size ? data[(*i)++] : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t i = 0;
#define PICK(list) list[next_byte(data, size, &i) % (sizeof list / sizeof list[0])]
    const char *cmd = PICK(commands);
    /* the CSV plot reads: x from the bytes, v constant */
    char csv[2048];
    int n = snprintf(csv, sizeof csv, "period,v\n");
    for (int r = 0; r < 6 && n < (int)sizeof csv - 64; r++)
        n += snprintf(csv + n, sizeof csv - (size_t)n, "%s,%d\n", PICK(xs), r);
    char csv_path[64], out[64];
    int fd = as_file((const uint8_t *)csv, (size_t)n, csv_path, sizeof csv_path);
    if (fd < 0)
        return 0;
    snprintf(out, sizeof out, "/tmp/rmsim-fuzz-cli-%d.svg", (int)getpid());
    char *argv[48];
    int argc = 0;
    argv[argc++] = "rmsim";
    argv[argc++] = (char *)cmd;
    if (!strcmp(cmd, "run") || !strcmp(cmd, "sweep") || !strcmp(cmd, "info"))
        argv[argc++] = "scenarios/hello.lua";
    else if (!strcmp(cmd, "match"))
        argv[argc++] = "tit_for_tat", argv[argc++] = "grudger";
    else if (!strcmp(cmd, "tournament") || !strcmp(cmd, "evolve"))
        argv[argc++] = "tit_for_tat", argv[argc++] = "grudger", argv[argc++] = "random";
    else if (!strcmp(cmd, "plot"))
        argv[argc++] = csv_path, argv[argc++] = "-o", argv[argc++] = out;
    else
        argv[argc++] = csv_path;
    while (i + 1 < size && argc < 30) {
        argv[argc++] = (char *)PICK(options);
        argv[argc++] = (char *)PICK(values);
    }
    /* keep each input short: small runs, a clock */
    if (strcmp(cmd, "plot") && strcmp(cmd, "fit") && strcmp(cmd, "info")) {
        argv[argc++] = "--max-seconds";
        argv[argc++] = "2";
    }
    /* work the user asks for is no bug: --repetitions 1e6 of declared
     * strategies is minutes of C that no clock stops (the clock bounds
     * scripts), so the last word on the size of the work is ours */
    if (!strcmp(cmd, "tournament") || !strcmp(cmd, "evolve")) {
        argv[argc++] = "--repetitions";
        argv[argc++] = "2";
    }
    if (!strcmp(cmd, "evolve")) {
        argv[argc++] = "--generations";
        argv[argc++] = "20";
        argv[argc++] = "--population";
        argv[argc++] = "50";
    }
    if (!strcmp(cmd, "run") || !strcmp(cmd, "sweep")) {
        argv[argc++] = "--replicates";
        argv[argc++] = "2";
        argv[argc++] = "--periods";
        argv[argc++] = "6";
    }
#undef PICK
    argv[argc] = NULL;
    FILE *saved = stdout;
    stdout = fopen("/dev/null", "w");
    if (stdout) {
        rmsim_main(argc, argv);
        fclose(stdout);
    }
    stdout = saved;
    unlink(out);
    close(fd);
    return 0;
}
