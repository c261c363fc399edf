/* sweep.c - `rmsim sweep`: every variant x every replicate, ranked. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "rmsim/output.h"
#include "rmsim/ranks.h"
#include "rmsim/sweep.h"

static const char sweep_help[] =
    "usage: rmsim sweep FILE.lua [--grid NAME=VALUES]... [options]\n"
    "\n"
    "Run every variant of a scenario with the same replicates (common random\n"
    "numbers), in parallel, and rank the variants on a metric with its 95% CI\n"
    "and the paired difference to a baseline. Variants are the product of the\n"
    "--grid options, or else the scenario's rm.scenario{variants = ...}.\n"
    "\n"
    "  --grid NAME=V1,V2,...     values of one parameter (repeatable)\n"
    "  --grid NAME=FROM:TO:STEP  a range, both ends included\n"
    "  --replicates N        replicates per variant (default: the scenario's)\n"
    "  --seed N              random seed (default 1)\n"
    "  --periods N           periods (default: the scenario's)\n"
    "  --set NAME=VALUE      a setting for every variant (repeatable)\n"
    "  --threads N           worker threads (default: all cores); same output for any N\n"
    "  --metric NAME         rank on this result (sim:result) or metric's last period\n"
    "                        (default: the first result, else the first metric)\n"
    "  --minimize            lower is better\n"
    "  --baseline NAME       the variant to compare with (default: the first)\n"
    "  --out DIR             write DIR/sweep.csv, sweep.json and report.html\n"
    "  --resume              with --out: reuse the variants an interrupted sweep finished\n"
    "  --format csv|json     what to print on stdout without --out (default json)\n"
    "  --max-instructions N, --max-memory SIZE, --max-seconds S   as for rmsim run\n"
    "\n"
    "With an MPI build (make MPI=1), `mpirun -np K rmsim sweep ...` spreads the\n"
    "variants over K processes (and machines); rank 0 gathers and writes the same\n"
    "bytes as one process would.\n"
    "\n"
    "Exit status: 0 all variants ran, 3 some failed (reported; the rest is written),\n"
    "1 an error, 2 a usage error.\n";

#define PARTIAL ".rmsim-partial"

/* In C, not through a shell: any folder name is safe. */
static int remove_partials(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/" PARTIAL, dir);
    return rm_remove_tree(path);
}

int cmd_sweep(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(sweep_help, stdout);
            return 0;
        }
    rm_sweep_config c;
    memset(&c, 0, sizeof c);
    c.run = rm_run_defaults();
    rm_sweep_rank rank = {NULL, NULL, 0};
    arg_list grids = {0}, sets = {0};
    const char *out = NULL, *format = "json";
    int resume = 0;
    double max_instr = (double)c.run.limits.max_instructions;
    const opt opts[] = {
        {"--grid", OPT_LIST, &grids, 0, 0, NULL},
        SCENARIO_OPTS(c.run, sets, max_instr),
        {"--metric", OPT_STRING, &rank.metric, 0, 0, NULL},
        {"--minimize", OPT_FLAG, &rank.minimize, 0, 0, NULL},
        {"--baseline", OPT_STRING, &rank.baseline, 0, 0, NULL},
        {"--out", OPT_STRING, &out, 0, 0, NULL},
        {"--resume", OPT_FLAG, &resume, 0, 0, NULL},
        {"--format", OPT_STRING, &format, 0, 0, "csv|json"},
        {NULL, 0, NULL, 0, 0, NULL},
    };
    const char *pos[1];
    int npos;
    rm_error err;
    if (args_parse(argc, argv, opts, pos, 1, &npos, &err) < 0)
        return cli_fail(&err);
    if (npos != 1) {
        rm_errorf(&err, "sweep: which scenario? (usage: rmsim sweep FILE.lua --grid NAME=VALUES)");
        return cli_fail(&err);
    }
    if (resume && !out) {
        rm_errorf(&err, "--resume needs --out DIR (where the interrupted sweep wrote)");
        return cli_fail(&err);
    }
    c.run.path = pos[0];
    scenario_options_done(&c.run, &sets, max_instr);
    rm_results meta;
    memset(&meta, 0, sizeof meta);
    int rc = 0;
    if (grids.n > 0) {
        if (rm_sweep_grid(grids.items, grids.n, &c.variants, &err) < 0)
            return cli_fail(&err);
    } else {
        if (rm_scenario_prepare(&c.run, &meta, &c.variants, &err) < 0) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        if (c.variants.n == 0) {
            free(meta.params_json);
            free(meta.charts);
            rm_errorf(&err, "sweep: no variants: give --grid NAME=VALUES or declare "
                      "rm.scenario{variants = ...}");
            return cli_fail(&err);
        }
    }
    free(meta.params_json);
    free(meta.charts);
    /* check the settings of the first variant up front: a misspelt grid
     * name fails here, once, not in every variant */
    rm_sweep_config first = c;
    const char *first_sets[2 * RM_VARIANT_SETS];
    int n = 0;
    for (int i = 0; i < c.run.nsets; i++)
        first_sets[n++] = c.run.sets[i];
    for (int i = 0; i < c.variants.v[0].nsets; i++)
        first_sets[n++] = c.variants.v[0].sets[i];
    first.run.sets = first_sets;
    first.run.nsets = n;
    memset(&meta, 0, sizeof meta);
    if (rm_scenario_prepare(&first.run, &meta, NULL, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        rm_variants_free(&c.variants);
        return 1;
    }
    free(meta.params_json);
    free(meta.charts);
    char partial[4200];
    if (out) {
        if (rm_mkdirs(out, &err) < 0) {
            fprintf(stderr, "rmsim: %s\n", err.msg);
            rm_variants_free(&c.variants);
            return 1;
        }
        snprintf(partial, sizeof partial, "%s/" PARTIAL, out);
        if (!resume && rm_rank() == 0)
            remove_partials(out);
        rm_ranks_barrier();
        c.partial_dir = partial;
        c.resume = resume;
        const char *stop = getenv("RMSIM_SWEEP_STOP_AFTER");   /* for tests of --resume */
        c.stop_after = stop ? atoi(stop) : 0;
    }
    rm_sweep_result r;
    if (rm_sweep_run(&c, &r, &err) < 0) {
        fprintf(stderr, "rmsim: %s\n", err.msg);
        rm_variants_free(&c.variants);
        return 1;
    }
    if (r.rank != 0) {             /* rank 0 writes for everyone */
        rm_sweep_free(&r);
        rm_variants_free(&c.variants);
        return 0;
    }
    for (int v = 0; v < r.nvariants; v++)
        if (r.error[v][0])
            fprintf(stderr, "rmsim: variant '%s' failed: %s\n", r.variants[v].name, r.error[v]);
    if (!out) {
        if (!strcmp(format, "csv"))
            rm_sweep_write_csv(&r, stdout);
        else if (rm_sweep_write_json(&r, &rank, stdout, &err) < 0)
            rc = -1;
    } else {
        rm_outset *o = rm_outset_new(out, &err);
        FILE *csv = o ? rm_outset_file(o, "sweep.csv", &err) : NULL;
        FILE *json = csv ? rm_outset_file(o, "sweep.json", &err) : NULL;
        FILE *html = json ? rm_outset_file(o, "report.html", &err) : NULL;
        rc = html ? 0 : -1;
        if (rc == 0) {
            rm_sweep_write_csv(&r, csv);
            rc = rm_sweep_write_json(&r, &rank, json, &err);
        }
        if (rc == 0)
            rc = rm_sweep_write_report(&r, &rank, html, &err);
        if (rc == 0)
            rc = rm_outset_commit(o, &err);
        rm_outset_free(o);
        if (rc == 0) {
            remove_partials(out);
            fprintf(stderr, "rmsim: wrote %s/sweep.csv, sweep.json and report.html (%d variants"
                    "%s)\n", out, r.nvariants, r.resumed ? ", some resumed" : "");
        }
    }
    int failed = r.failed;
    rm_sweep_free(&r);
    rm_variants_free(&c.variants);
    if (rc < 0) {
        fprintf(stderr, "rmsim: %s\n", err.msg);
        return 1;
    }
    return failed ? 3 : 0;
}
