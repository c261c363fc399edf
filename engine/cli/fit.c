/* fit.c - `rmsim fit sbg S0,S1,...`: estimate a churn model from data. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "commands.h"
#include "rmsim/output.h"
#include "rmsim/rmsim.h"
#include "rmsim/sbg.h"

static const char fit_help[] =
    "usage: rmsim fit sbg S0,S1,...,Sn [--cohort N] [--periods N] [--json]\n"
    "\n"
    "Fit the shifted-beta-geometric churn model (Fader & Hardie 2007) to the\n"
    "survival of one cohort: S0 customers at the start, S1 after one period,\n"
    "and so on (counts, or percentages: the estimates are the same). Prints\n"
    "alpha, beta, their standard errors, the log-likelihood, and survival and\n"
    "retention projected for periods 0..N-1.\n"
    "\n"
    "Standard errors depend on how many customers the figures stand for: they\n"
    "shrink as 1/sqrt(cohort size). The figures are taken as counts (S0\n"
    "customers); for percentages or fractions give the real size with --cohort.\n"
    "\n"
    "  --cohort N    the cohort had N customers at the start (scales the figures\n"
    "                to counts; only the standard errors change)\n"
    "  --periods N   periods to project (default: the data's, plus 5)\n"
    "  --json        one JSON object: alpha, beta, alpha_se, beta_se,\n"
    "                log_likelihood, survival[], retention[]\n"
    "\n"
    "example: rmsim fit sbg 1000,631,468,382,326,289,262,241 --periods 13\n";

#define MAX_POINTS 100000

/* Numbers separated by commas or in separate arguments. Empty fields
 * ("1000,,631") are skipped but counted in *empty, with the figure they
 * follow in *empty_after: the next figures move up a period. */
static int parse_points(const char **args, int n, double *out, size_t *count, size_t *empty,
                        size_t *empty_after, rm_error *err)
{
    *count = 0;
    *empty = 0;
    for (int a = 0; a < n; a++) {
        const char *p = args[a];
        int field = 0;              /* the current comma-separated field holds a number */
        while (*p) {
            if (*p == ',' || *p == ' ') {
                if (*p == ',' && !field && ++*empty == 1)
                    *empty_after = *count;
                field = *p == ',' ? 0 : field;
                p++;
                continue;
            }
            char *end;
            errno = 0;
            double v = strtod(p, &end);
            if (end == p || (*end && *end != ',' && *end != ' ') || errno == ERANGE)
                return rm_errorf(err, "fit sbg: '%.*s' is not a number (figure %zu)",
                                 (int)strcspn(p, ", "), p, *count);
            if (*count == MAX_POINTS)
                return rm_errorf(err, "fit sbg: at most %d figures", MAX_POINTS);
            out[(*count)++] = v;
            field = 1;
            p = end;
        }
        if (!field && a == n - 1 && strchr(args[a], ',') && ++*empty == 1)  /* a trailing comma */
            *empty_after = *count;
    }
    return 0;
}

/* Say when the estimates are not to be trusted, though the fit "worked". */
static void warn_degenerate(const rm_sbg_fit *f)
{
    const char *why = NULL;
    if (!isfinite(f->alpha_se) || !isfinite(f->beta_se))
        why = "the likelihood is flat there, so alpha and beta have no standard errors";
    else if (f->alpha < 1e-3 || f->beta < 1e-3)
        why = "alpha or beta is at the edge of the model (near 0): the data look like some "
              "customers leaving at once and the rest never; projections past the data are "
              "not reliable";
    else if (f->alpha > 1e4 || f->beta > 1e4)
        why = "alpha and beta are huge: customers hardly differ, and a constant churn rate "
              "fits as well";
    if (why)
        fprintf(stderr, "rmsim: fit sbg: warning: degenerate fit (alpha %.4g, beta %.4g): %s\n",
                f->alpha, f->beta, why);
}

int cmd_fit(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(fit_help, stdout);
            return 0;
        }
    int periods = 0, json = 0;
    double cohort = 0;
    const opt opts[] = {
        {"--cohort", OPT_DOUBLE, &cohort, 1, 1e12, NULL},
        {"--periods", OPT_INT, &periods, 1, 100000, NULL},
        {"--json", OPT_FLAG, &json, 0, 0, NULL},
        {NULL, 0, NULL, 0, 0, NULL},
    };
    const char *pos[256];
    int npos;
    rm_error err;
    if (args_parse(argc, argv, opts, pos, 256, &npos, &err) < 0)
        return cli_fail(&err);
    if (npos < 1) {
        rm_errorf(&err, "fit: which model? (usage: rmsim fit sbg S0,S1,...,Sn)");
        return cli_fail(&err);
    }
    if (strcmp(pos[0], "sbg") != 0) {
        rm_errorf(&err, "fit: unknown model '%s' (models: sbg)", pos[0]);
        return cli_fail(&err);
    }
    double *s = malloc(MAX_POINTS * sizeof *s);
    size_t n, empty = 0, empty_after = 0;
    if (!s || parse_points(pos + 1, npos - 1, s, &n, &empty, &empty_after, &err) < 0) {
        free(s);
        return cli_fail(&err);
    }
    if (empty)
        fprintf(stderr, "rmsim: fit sbg: note: %zu empty field%s skipped (the first after figure "
                "%zu); the figures are read as consecutive periods\n", empty,
                empty == 1 ? "" : "s", empty_after);
    double scale = cohort > 0 && n > 0 && s[0] > 0 ? cohort / s[0] : 1;
    for (size_t i = 0; i < n; i++)
        s[i] *= scale;
    rm_sbg_fit f;
    if (rm_sbg_fit_data(s, n, &f, &err) < 0) {
        free(s);
        fprintf(stderr, "rmsim: fit sbg: %s\n", err.msg);
        return EXIT_USAGE;      /* the figures are on the command line */
    }
    if (periods == 0)
        periods = (int)n + 5;
    warn_degenerate(&f);
    if (n == 2)
        fprintf(stderr, "rmsim: note: two figures fix only the first period's churn, "
                "alpha / (alpha + beta); alpha and beta themselves need three or more\n");
    if (json) {
        printf("{" RMSIM_JSON_HEAD("rmsim-fit/1") ", \"model\": \"sbg\", \"alpha\": ");
        rm_put_number(stdout, f.alpha, "null");
        printf(", \"beta\": ");
        rm_put_number(stdout, f.beta, "null");
        printf(", \"alpha_se\": ");
        rm_put_number(stdout, f.alpha_se, "null");
        printf(", \"beta_se\": ");
        rm_put_number(stdout, f.beta_se, "null");
        printf(", \"cohort\": ");
        rm_put_number(stdout, n ? s[0] : 0, "null");
        printf(", \"log_likelihood\": ");
        rm_put_number(stdout, f.loglik, "null");
        printf(",\n \"survival\": [");
        for (int t = 0; t < periods; t++) {
            printf(t ? ", " : "");
            rm_put_number(stdout, rm_sbg_survival(f.alpha, f.beta, t), "null");
        }
        printf("],\n \"retention\": [null");
        for (int t = 1; t < periods; t++) {
            printf(", ");
            rm_put_number(stdout, (f.beta + t - 1) / (f.alpha + f.beta + t - 1), "null");
        }
        printf("]}\n");
    } else {
        printf("sBG fit (shifted-beta-geometric, Fader & Hardie 2007) to %zu figures\n", n);
        printf("  alpha           %.4f  (se %.4f)\n", f.alpha, f.alpha_se);
        printf("  beta            %.4f  (se %.4f)\n", f.beta, f.beta_se);
        printf("  (standard errors for a cohort of %g customers%s)\n", s[0],
               cohort > 0 ? "" : "; if the figures are not counts, give --cohort N");
        printf("  log-likelihood  %.2f\n", f.loglik);
        printf("  mean churn      %.4f  (alpha / (alpha + beta), first period)\n\n",
               f.alpha / (f.alpha + f.beta));
        printf("period  observed  survival  retention\n");
        for (int t = 0; t < periods; t++) {
            printf("%-7d ", t);
            if ((size_t)t < n)
                printf("%-9.4f ", s[t] / s[0]);
            else
                printf("%-9s ", "");
            printf("%-9.4f", rm_sbg_survival(f.alpha, f.beta, t));
            if (t > 0)
                printf(" %.4f", (f.beta + t - 1) / (f.alpha + f.beta + t - 1));
            putchar('\n');
        }
    }
    free(s);
    return fflush(stdout) == 0 ? 0 : 1;
}
