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
    "  --format csv|json|long  what to print on stdout without --out (default json);\n"
    "                        long: one row per variant, replicate, period and metric\n"
    "                        (with --out: also DIR/sweep_long.csv; docs/formats.md)\n"
    "  --quiet               no progress bar, no 'ranked on' and 'wrote' lines\n"
    "                        (warnings and failed variants are still reported)\n"
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

/* Point an error about a variant's settings at the option that made it. */
static void blame_grid(rm_error *err)
{
    if (strncmp(err->msg, "--set ", 6) == 0) {
        char msg[RM_ERROR_MAX];
        snprintf(msg, sizeof msg, "--grid %s", err->msg + 6);
        memcpy(err->msg, msg, sizeof msg);
    }
}

static int by_text(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A declared variant's bad setting is the scenario's fault: name the file
 * and the first variant that has it. */
static void blame_variant(const rm_sweep_config *c, const char *set, rm_error *err)
{
    const char *name = "?";
    for (int v = c->variants.n - 1; v >= 0; v--)
        for (int i = 0; i < c->variants.v[v].nsets; i++)
            if (!strcmp(c->variants.v[v].sets[i], set))
                name = c->variants.v[v].name;
    char msg[RM_ERROR_MAX];
    if (snprintf(msg, sizeof msg, "%s: variant '%s': %.900s", c->run.path, name, err->msg + 6) < 0)
        return;     /* cut to fit is fine; only an encoding error keeps the old message */
    memcpy(err->msg, msg, sizeof msg);
}

/* Everything that can be checked before the sweep runs: the file, --set,
 * every variant's settings, --baseline and --metric (on one replicate of
 * the first variant), so that a typo costs seconds and leaves no files. */
static int sweep_check(rm_sweep_config *c, const arg_list *grids, const rm_sweep_rank *rank,
                       rm_error *err)
{
    if (cli_check_file(c->run.path, err) < 0)
        return -1;
    rm_results meta;
    memset(&meta, 0, sizeof meta);
    int rc = rm_scenario_prepare(&c->run, &meta, grids->n ? NULL : &c->variants, err);
    free(meta.params_json);
    free(meta.charts);
    if (rc == 0 && grids->n > 0)
        rc = rm_sweep_grid(grids->items, grids->n, &c->variants, err);
    if (rc == 0 && c->variants.n == 0)
        rc = rm_errorf(err, "--grid: %s declares no variants: give --grid NAME=VALUES or declare "
                       "rm.scenario{variants = ...}", c->run.path);
    rm_run_config one = c->run;
    const char *both[2 * RM_VARIANT_SETS + 256];
    int base = c->run.nsets < 256 ? c->run.nsets : 256;
    for (int i = 0; i < base; i++)
        both[i] = c->run.sets[i];
    one.sets = both;
    /* each distinct setting is checked on its own, once: a grid of 7 x 5
     * variants loads the scenario 12 times, not 35 */
    size_t total = 0, k = 0;
    for (int v = 0; v < c->variants.n; v++)
        total += (size_t)c->variants.v[v].nsets;
    const char **all = malloc((total ? total : 1) * sizeof *all);
    if (rc == 0 && !all)
        rc = rm_errorf(err, "out of memory");
    for (int v = 0; rc == 0 && v < c->variants.n; v++)
        for (int i = 0; i < c->variants.v[v].nsets; i++)
            all[k++] = c->variants.v[v].sets[i];
    if (rc == 0)
        qsort(all, total, sizeof *all, by_text);
    for (size_t i = 0; rc == 0 && i < total; i++) {
        if (i > 0 && !strcmp(all[i], all[i - 1]))
            continue;
        both[base] = all[i];
        one.nsets = base + 1;
        memset(&meta, 0, sizeof meta);
        rc = rm_scenario_prepare(&one, &meta, NULL, err);
        free(meta.params_json);
        free(meta.charts);
        if (rc < 0 && grids->n > 0)
            blame_grid(err);
        else if (rc < 0 && strncmp(err->msg, "--set ", 6) == 0)
            blame_variant(c, all[i], err);
    }
    free(all);
    if (rc == 0 && rank->baseline) {
        const char *names[256];
        int found = 0;
        for (int v = 0; v < c->variants.n; v++) {
            found |= !strcmp(c->variants.v[v].name, rank->baseline);
            if (v < 256)
                names[v] = c->variants.v[v].name;
        }
        size_t nn = (size_t)(c->variants.n < 256 ? c->variants.n : 256);
        const char *hint = found ? NULL : rm_suggest(rank->baseline, names, nn);
        if (!found && hint)
            rc = rm_errorf(err, "--baseline %s: no variant of that name (did you mean '%s'?)",
                           rank->baseline, hint);
        else if (!found)
            rc = rm_errorf(err, "--baseline %s: no variant of that name (the first is '%s')",
                           rank->baseline, names[0]);
    }
    if (rc == 0 && rank->metric) {
        /* the first variant, one replicate, one thread: what it records */
        for (int i = 0; i < c->variants.v[0].nsets; i++)
            both[base + i] = c->variants.v[0].sets[i];
        one.nsets = base + c->variants.v[0].nsets;
        one.replicates = 1;
        one.threads = 1;
        one.progress = NULL;
        rm_results *probe = NULL;
        rm_error ignored;
        /* if the first variant fails, the sweep reports it; check no further */
        if (rm_run_scenario(&one, &probe, &ignored) == 0)
            rc = rm_sweep_check_metric(probe->reps[0], probe->periods, rank->metric, err);
        rm_results_free(probe);
    }
    if (rc < 0)
        rm_variants_free(&c->variants);
    return rc;
}

int cmd_sweep(int argc, char **argv)
{
    if (args_help(argc, argv, sweep_help))
        return 0;
    rm_sweep_config c;
    memset(&c, 0, sizeof c);
    c.run = rm_run_defaults();
    rm_sweep_rank rank = {NULL, NULL, 0};
    arg_list grids = {0}, sets = {0};
    const char *out = NULL, *format = "json";
    int resume = 0, quiet = 0;
    double max_instr = (double)c.run.limits.max_instructions;
    const opt opts[] = {
        {"--grid", OPT_LIST, &grids, 0, 0, NULL},
        SCENARIO_OPTS(c.run, sets, max_instr),
        {"--metric", OPT_STRING, &rank.metric, 0, 0, NULL},
        {"--minimize", OPT_FLAG, &rank.minimize, 0, 0, NULL},
        {"--baseline", OPT_STRING, &rank.baseline, 0, 0, NULL},
        {"--out", OPT_STRING, &out, 0, 0, NULL},
        {"--resume", OPT_FLAG, &resume, 0, 0, NULL},
        {"--format", OPT_STRING, &format, 0, 0, "csv|json|long"},
        {"--quiet", OPT_FLAG, &quiet, 0, 0, NULL},
        {NULL, 0, NULL, 0, 0, NULL},
    };
    const char *pos[1];
    rm_error err;
    if (args_exact(argc, argv, opts, pos, 1,
                   "sweep: which scenario? (usage: rmsim sweep FILE.lua --grid NAME=VALUES)",
                   &err) < 0)
        return cli_fail(&err);
    if (resume && !out) {
        rm_errorf(&err, "--resume needs --out DIR (where the interrupted sweep wrote)");
        return cli_fail(&err);
    }
    c.run.path = pos[0];
    scenario_options_done(&c.run, &sets, max_instr);
    if (sweep_check(&c, &grids, &rank, &err) < 0)
        return cli_error(&err);
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
    static char label[] = "rmsim: replicates";
    if (!quiet && rm_rank() == 0) {
        c.run.progress = progress_update;
        c.run.progress_ud = label;
    }
    rm_sweep_result r;
    int ran = rm_sweep_run(&c, &r, &err);
    progress_clear();
    if (ran < 0) {
        rm_variants_free(&c.variants);
        return cli_error(&err);
    }
    if (r.rank != 0) {             /* rank 0 writes for everyone */
        rm_sweep_free(&r);
        rm_variants_free(&c.variants);
        return 0;
    }
    for (int v = 0; v < r.nvariants; v++)
        if (r.error[v][0])
            fprintf(stderr, "rmsim: variant '%s' failed: %s\n", r.variants[v].name, r.error[v]);
    int rc = 0;
    if (r.failed < r.nvariants && rm_sweep_ranking_note(&r, &rank, stderr, quiet, &err) < 0)
        rc = -1;
    if (rc < 0) {
        /* reported below */
    } else if (!out) {
        if (!strcmp(format, "csv"))
            rm_sweep_write_csv(&r, stdout);
        else if (!strcmp(format, "long"))
            rm_sweep_write_long_csv(&r, stdout);
        else if (rm_sweep_write_json(&r, &rank, stdout, &err) < 0)
            rc = -1;
    } else {
        rm_outset *o = rm_outset_new(out, &err);
        FILE *csv = o ? rm_outset_file(o, "sweep.csv", &err) : NULL;
        FILE *json = csv ? rm_outset_file(o, "sweep.json", &err) : NULL;
        FILE *html = json ? rm_outset_file(o, "report.html", &err) : NULL;
        int want_long = !strcmp(format, "long");
        FILE *longcsv = html && want_long ? rm_outset_file(o, "sweep_long.csv", &err) : NULL;
        rc = html && (!want_long || longcsv) ? 0 : -1;
        if (rc == 0) {
            if (longcsv)
                rm_sweep_write_long_csv(&r, longcsv);
            rm_sweep_write_csv(&r, csv);
            rc = rm_sweep_write_json(&r, &rank, json, &err);
        }
        if (rc == 0)
            rc = rm_sweep_write_report(&r, &rank, html, &err);
        if (rc == 0)
            rc = rm_outset_commit(o, &err);
        rm_outset_free(o);
        if (rc == 0)
            remove_partials(out);
        if (rc == 0 && !quiet) {
            fprintf(stderr, "rmsim: wrote %s/sweep.csv, sweep.json%s and report.html (%d variants"
                    "%s)\n", out, want_long ? ", sweep_long.csv" : "", r.nvariants,
                    r.resumed ? ", some resumed" : "");
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
