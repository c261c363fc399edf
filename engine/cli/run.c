/* run.c - `rmsim run` and `rmsim info`: run or describe a scenario. */
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "rmsim/output.h"
#include "rmsim/scenario.h"

static const char run_help[] =
    "usage: rmsim run FILE.lua [options]\n"
    "\n"
    "Run a scenario: every replicate on its own random stream, then write\n"
    "per-period metrics (CSV) and a summary with 95% confidence intervals (JSON).\n"
    "\n"
    "  --seed N              random seed (default 1); same seed, same bytes\n"
    "  --periods N           periods to simulate (default: the scenario's)\n"
    "  --replicates N        independent runs (default: the scenario's)\n"
    "  --threads N           replicates side by side (default: all cores); same output\n"
    "  --set NAME=VALUE      override a scenario parameter (repeatable)\n"
    "  --out DIR             write DIR/metrics.csv, summary.json and report.html\n"
    "  --format csv|json|long  what to print on stdout without --out (default csv);\n"
    "                        long: one row per replicate, period and metric, the\n"
    "                        parts of a.b.c names in columns (with --out: also\n"
    "                        DIR/metrics_long.csv). Formats: docs/formats.md\n"
    "  --max-instructions N  Lua instruction budget per replicate (default 1e9)\n"
    "  --max-memory SIZE     memory cap per replicate (Lua and the models), MiB or\n"
    "                        512M/2G (default 256)\n"
    "  --max-seconds S       wall-clock limit per replicate (default: none)\n"
    "  --quiet               no progress bar, no 'wrote' line\n"
    "\n"
    "See `rmsim info FILE.lua` for a scenario's parameters.\n";

static const char info_help[] =
    "usage: rmsim info FILE.lua\n"
    "\n"
    "Describe a scenario: name, description, periods, its parameters with their\n"
    "defaults, ranges and documentation, its declared variants and headline, and\n"
    "the results and metrics it records (from one replicate). On a strategy file:\n"
    "its name, description, source and form.\n";

static int want_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0)
            return 0;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
    }
    return 0;
}

void scenario_options_done(struct rm_run_config *c, const struct arg_list *sets, double max_instr)
{
    c->sets = sets->items;
    c->nsets = sets->n;
    c->limits.max_instructions = (uint64_t)max_instr;
}

int cmd_run(int argc, char **argv)
{
    if (want_help(argc, argv)) {
        fputs(run_help, stdout);
        return 0;
    }
    rm_run_config c = rm_run_defaults();
    const char *out = NULL, *format = "csv";
    arg_list sets = {0};
    int quiet = 0;
    double max_instr = (double)c.limits.max_instructions;
    const opt opts[] = {
        SCENARIO_OPTS(c, sets, max_instr),
        {"--out", OPT_STRING, &out, 0, 0, NULL},
        {"--format", OPT_STRING, &format, 0, 0, "csv|json|long"},
        {"--quiet", OPT_FLAG, &quiet, 0, 0, NULL},
        {NULL, 0, NULL, 0, 0, NULL},
    };
    const char *pos[1];
    int npos;
    rm_error err;
    if (args_parse(argc, argv, opts, pos, 1, &npos, &err) < 0)
        return cli_fail(&err);
    if (npos != 1) {
        rm_errorf(&err, "run: which scenario? (usage: rmsim run FILE.lua [options])");
        return cli_fail(&err);
    }
    c.path = pos[0];
    if (cli_check_file(c.path, &err) < 0)
        return cli_error(&err);
    scenario_options_done(&c, &sets, max_instr);
    static char label[] = "rmsim run";
    if (!quiet) {
        c.progress = progress_update;
        c.progress_ud = label;
    }
    rm_results *res;
    int rc = rm_run_scenario(&c, &res, &err);
    progress_clear();
    if (rc < 0)
        return cli_error(&err);
    if (!out) {
        if (strcmp(format, "json") == 0)
            rm_results_write_json(res, stdout);
        else if (strcmp(format, "long") == 0)
            rm_results_write_long_csv(res, stdout);
        else
            rm_results_write_csv(res, stdout);
        rm_results_free(res);
        return fflush(stdout) == 0 ? 0 : 1;
    }
    rm_outset *o = rm_outset_new(out, &err);
    FILE *csv = o ? rm_outset_file(o, "metrics.csv", &err) : NULL;
    FILE *json = csv ? rm_outset_file(o, "summary.json", &err) : NULL;
    FILE *html = json ? rm_outset_file(o, "report.html", &err) : NULL;
    int want_long = strcmp(format, "long") == 0;
    FILE *longcsv = html && want_long ? rm_outset_file(o, "metrics_long.csv", &err) : NULL;
    if (html && (!want_long || longcsv)) {
        if (longcsv)
            rm_results_write_long_csv(res, longcsv);
        rm_results_write_csv(res, csv);
        rm_results_write_json(res, json);
        rm_results_write_report(res, html);
        rc = rm_outset_commit(o, &err);
    } else {
        rc = -1;
    }
    rm_outset_free(o);
    rm_results_free(res);
    if (rc < 0) {
        fprintf(stderr, "rmsim: %s\n", err.msg);
        return 1;
    }
    if (!quiet)
        fprintf(stderr, "rmsim: wrote %s/metrics.csv, summary.json%s and report.html\n", out,
                want_long ? ", metrics_long.csv" : "");
    return 0;
}

static void put_names(FILE *out, const char *title, const char *(*name)(const rm_metrics *, size_t),
                      size_t n, const rm_metrics *m)
{
    fprintf(out, "%s", title);
    for (size_t i = 0; i < n; i++)
        fprintf(out, "%s%s", i % 4 ? ", " : "\n  ", name(m, i));
    fprintf(out, "%s\n", n ? "" : "\n  (none)");
}

/* What `info` adds to the declaration: the declared variants, the headline,
 * and what one replicate records (results, metrics), so that --metric,
 * plot --y and sim:get names can be looked up rather than guessed. */
static int info_records(const rm_run_config *base, FILE *out, rm_error *err)
{
    rm_results meta;
    rm_variants v = {0, NULL};
    memset(&meta, 0, sizeof meta);
    if (rm_scenario_prepare(base, &meta, &v, err) < 0)
        return -1;
    if (meta.headline[0])
        fprintf(out, "headline:    %s (what sweeps rank on)\n", meta.headline);
    fprintf(out, "variants (rmsim sweep without --grid):");
    for (int i = 0; i < v.n; i++) {
        fprintf(out, "\n  %-22s", v.v[i].name);
        for (int k = 0; k < v.v[i].nsets; k++)
            fprintf(out, " %s", v.v[i].sets[k]);
    }
    fprintf(out, "%s\n", v.n ? "" : "\n  (none; give --grid NAME=VALUES)");
    free(v.v);
    free(meta.params_json);
    free(meta.charts);
    rm_run_config c = *base;
    c.replicates = 1;
    c.threads = 1;
    rm_results *res;
    if (rm_run_scenario(&c, &res, err) < 0)
        return -1;
    const rm_metrics *m = res->reps[0];
    put_names(out, "results (sim:result; one value a replicate):", rm_metrics_scalar_name,
              rm_metrics_scalar_count(m), m);
    put_names(out, "metrics (sim:record; one value a period):", rm_metrics_name,
              rm_metrics_count(m), m);
    rm_results_free(res);
    return 0;
}

int cmd_info(int argc, char **argv)
{
    if (want_help(argc, argv)) {
        fputs(info_help, stdout);
        return 0;
    }
    const opt opts[] = {{NULL, 0, NULL, 0, 0, NULL}};
    const char *pos[1];
    int npos;
    rm_error err;
    if (args_parse(argc, argv, opts, pos, 1, &npos, &err) < 0)
        return cli_fail(&err);
    if (npos != 1) {
        rm_errorf(&err, "info: which scenario? (usage: rmsim info FILE.lua)");
        return cli_fail(&err);
    }
    rm_run_config c = rm_run_defaults();
    c.path = pos[0];
    if (cli_check_file(c.path, &err) < 0)
        return cli_error(&err);
    if (cli_describe_strategy(c.path, stdout) == 0)
        return 0;
    if (rm_scenario_describe(&c, stdout, &err) < 0 || info_records(&c, stdout, &err) < 0)
        return cli_error(&err);
    return fflush(stdout) == 0 ? 0 : 1;
}
