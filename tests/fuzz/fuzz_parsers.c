/* fuzz_parsers.c - the small parsers of user text: a payoff table, a
 * sweep grid, survival data for fit, and command-line options. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../engine/cli/args.h"
#include "fuzz_util.h"
#include "rmsim/game.h"
#include "rmsim/sbg.h"
#include "rmsim/sweep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = as_text(data, size);
    if (!text)
        return 0;
    rm_error err;
    rm_payoff p;
    rm_payoff_parse(text, &p, &err);
    const char *grids[1] = {text};
    rm_variants v;
    if (rm_sweep_grid(grids, 1, &v, &err) == 0)
        rm_variants_free(&v);
    /* survival data: the bytes as numbers */
    double s[64];
    size_t n = 0;
    for (char *q = text; *q && n < 64;) {
        char *end;
        double x = strtod(q, &end);
        if (end == q) {
            q++;
            continue;
        }
        s[n++] = x;
        q = end;
    }
    rm_sbg_fit f;
    if (rm_sbg_fit_data(s, n, &f, &err) == 0 && !(f.alpha > 0 && f.beta > 0))
        abort();
    /* options: the text split at spaces */
    char *argv[64];
    int argc = 0;
    for (char *tok = strtok(text, " \n"); tok && argc < 64; tok = strtok(NULL, " \n"))
        argv[argc++] = tok;
    uint64_t seed = 0;
    int periods = 0, flag = 0;
    double d = 0;
    size_t bytes = 0;
    const char *str = NULL;
    arg_list list = {0};
    const opt opts[] = {
        {"--seed", OPT_U64, &seed, 0, 0, NULL}, {"--periods", OPT_INT, &periods, 1, 1e6, NULL},
        {"--noise", OPT_DOUBLE, &d, 0, 1, NULL}, {"--max-memory", OPT_BYTES, &bytes, 1, 1e12, NULL},
        {"--format", OPT_STRING, &str, 0, 0, "csv|json"}, {"--set", OPT_LIST, &list, 0, 0, NULL},
        {"--quiet", OPT_FLAG, &flag, 0, 0, NULL}, {NULL, 0, NULL, 0, 0, NULL},
    };
    const char *pos[4];
    int npos;
    args_parse(argc, argv, opts, pos, 4, &npos, &err);
    free(text);
    return 0;
}
