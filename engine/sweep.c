/* sweep.c - variants x replicates over threads; partial results for resume. */
#include "rmsim/sweep.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rmsim/input.h"
#include "rmsim/output.h"
#include "rmsim/parallel.h"
#include "rmsim/ranks.h"

#define GRID_VALUES_MAX 10000
#define VARIANTS_MAX 100000

/* ---- grids ------------------------------------------------------------ */

typedef struct axis {
    char name[64];
    int n;
    char (*values)[64];
} axis;

static int parse_axis(const char *text, axis *a, rm_error *err)
{
    const char *eq = strchr(text, '=');
    if (!eq || eq == text || (size_t)(eq - text) >= sizeof a->name || !eq[1])
        return rm_errorf(err, "--grid %s: expected name=v1,v2,... or name=from:to:step", text);
    memcpy(a->name, text, (size_t)(eq - text));
    a->name[eq - text] = '\0';
    const char *v = eq + 1;
    a->values = calloc(GRID_VALUES_MAX, sizeof *a->values);
    if (!a->values)
        return rm_errorf(err, "out of memory");
    if (strchr(v, ':')) {
        double from, to, step;
        char *end;
        errno = 0;
        from = strtod(v, &end);
        int ok = *end == ':';
        to = ok ? strtod(end + 1, &end) : 0;
        ok = ok && *end == ':';
        step = ok ? strtod(end + 1, &end) : 0;
        ok = ok && !*end && errno != ERANGE && isfinite(from) && isfinite(to) && step > 0 &&
             isfinite(step) && to >= from;
        if (!ok)
            return rm_errorf(err, "--grid %s: a range is from:to:step with from <= to, step > 0",
                             text);
        double count = floor((to - from) / step + 1e-9) + 1;
        if (count > GRID_VALUES_MAX)
            return rm_errorf(err, "--grid %s: more than %d values", text, GRID_VALUES_MAX);
        for (int i = 0; i < (int)count; i++)
            snprintf(a->values[a->n++], 64, "%.10g", from + i * step);
        return 0;
    }
    while (*v) {
        size_t len = strcspn(v, ",");
        if (len == 0 || len >= 64)
            return rm_errorf(err, "--grid %s: empty or too long value", text);
        if (a->n == GRID_VALUES_MAX)
            return rm_errorf(err, "--grid %s: more than %d values", text, GRID_VALUES_MAX);
        memcpy(a->values[a->n], v, len);
        a->values[a->n++][len] = '\0';
        v += len + (v[len] == ',');
    }
    return 0;
}

void rm_variants_free(rm_variants *v)
{
    free(v->v);
    v->v = NULL;
    v->n = 0;
}

int rm_sweep_grid(const char *const *grids, int n, rm_variants *out, rm_error *err)
{
    out->n = 0;
    out->v = NULL;
    if (n < 1 || n > RM_VARIANT_SETS)
        return rm_errorf(err, "give 1 to %d --grid options", RM_VARIANT_SETS);
    axis *ax = calloc((size_t)n, sizeof *ax);
    long total = 1;
    int rc = ax ? 0 : rm_errorf(err, "out of memory");
    for (int i = 0; rc == 0 && i < n; i++) {
        rc = parse_axis(grids[i], &ax[i], err);
        for (int j = 0; rc == 0 && j < i; j++)
            if (!strcmp(ax[i].name, ax[j].name))
                rc = rm_errorf(err, "--grid %s given twice", ax[i].name);
        total *= rc == 0 ? ax[i].n : 1;
        if (rc == 0 && total > VARIANTS_MAX)
            rc = rm_errorf(err, "the grid has more than %d variants", VARIANTS_MAX);
    }
    if (rc == 0 && !(out->v = calloc((size_t)total, sizeof *out->v)))
        rc = rm_errorf(err, "out of memory");
    for (long k = 0; rc == 0 && k < total; k++) {
        rm_variant *v = &out->v[k];
        long rest = k;
        /* the first grid varies slowest */
        for (int i = n - 1; i >= 0; i--) {
            int idx = (int)(rest % ax[i].n);
            rest /= ax[i].n;
            snprintf(v->sets[i], sizeof v->sets[i], "%s=%s", ax[i].name, ax[i].values[idx]);
        }
        v->nsets = n;
        /* the name: the settings joined by spaces, cut to fit */
        size_t len = 0;
        v->name[0] = '\0';
        for (int i = 0; i < n && len + 1 < sizeof v->name; i++) {
            if (i)
                v->name[len++] = ' ';
            size_t k = strlen(v->sets[i]);
            k = k < sizeof v->name - 1 - len ? k : sizeof v->name - 1 - len;
            memcpy(v->name + len, v->sets[i], k);
            len += k;
            v->name[len] = '\0';
        }
        out->n++;
    }
    for (int i = 0; ax && i < n; i++)
        free(ax[i].values);
    free(ax);
    if (rc < 0)
        rm_variants_free(out);
    return rc;
}

/* ---- partial results: one file per finished variant --------------------- */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ULL;
    return h;
}

/* What a partial file must match: the scenario file's text, the seed,
 * replicates, periods, base settings and the variant's settings. */
static uint64_t variant_key(const rm_sweep_config *c, const rm_results *meta, const rm_variant *v)
{
    uint64_t h = 14695981039346656037ULL;
    FILE *f = rm_open_input(c->run.path, NULL, NULL);
    char buf[4096];
    size_t got;
    while (f && (got = fread(buf, 1, sizeof buf, f)) > 0)
        h = fnv(h, buf, got);
    if (f)
        fclose(f);
    h = fnv(h, &c->run.seed, sizeof c->run.seed);
    h = fnv(h, &meta->replicates, sizeof meta->replicates);
    h = fnv(h, &meta->periods, sizeof meta->periods);
    for (int i = 0; i < c->run.nsets; i++)
        h = fnv(h, c->run.sets[i], strlen(c->run.sets[i]) + 1);
    for (int i = 0; i < v->nsets; i++)
        h = fnv(h, v->sets[i], strlen(v->sets[i]) + 1);
    return h;
}

static void partial_name(const rm_sweep_config *c, int v, char *out, size_t size)
{
    snprintf(out, size, "variant-%06d.bin", v);
    (void)c;
}

static int put_name(FILE *f, const char *s)
{
    uint16_t n = (uint16_t)strlen(s);
    return fwrite(&n, sizeof n, 1, f) == 1 && fwrite(s, 1, n, f) == n ? 0 : -1;
}

/* A variant's replicates, exactly: a header, then per replicate its
 * metric columns and results. Used for partial files and MPI messages. */
static void write_variant(FILE *f, const rm_sweep_result *r, int v, uint64_t key)
{
    int R = r->meta.replicates, P = r->meta.periods;
    fwrite("RMSIMPV1", 1, 8, f);
    fwrite(&key, sizeof key, 1, f);
    fwrite(&R, sizeof R, 1, f);
    fwrite(&P, sizeof P, 1, f);
    for (int k = 0; k < R; k++) {
        const rm_metrics *m = r->reps[(size_t)v * R + k];
        int32_t nc = (int32_t)rm_metrics_count(m), ns = (int32_t)rm_metrics_scalar_count(m);
        fwrite(&nc, sizeof nc, 1, f);
        for (int i = 0; i < nc; i++) {
            put_name(f, rm_metrics_name(m, (size_t)i));
            for (int t = 0; t < P; t++) {
                double x = rm_metrics_at(m, (size_t)i, t);
                fwrite(&x, sizeof x, 1, f);
            }
        }
        fwrite(&ns, sizeof ns, 1, f);
        for (int i = 0; i < ns; i++) {
            put_name(f, rm_metrics_scalar_name(m, (size_t)i));
            double x = rm_metrics_scalar_at(m, (size_t)i);
            fwrite(&x, sizeof x, 1, f);
        }
    }
}

static int save_partial(const rm_sweep_config *c, const rm_sweep_result *r, int v, uint64_t key,
                        rm_error *err)
{
    char name[64];
    partial_name(c, v, name, sizeof name);
    rm_outset *o = rm_outset_new(c->partial_dir, err);
    FILE *f = o ? rm_outset_file(o, name, err) : NULL;
    if (!f) {
        rm_outset_free(o);
        return -1;
    }
    write_variant(f, r, v, key);
    int rc = rm_outset_commit(o, err);
    rm_outset_free(o);
    return rc;
}

static int get_name(FILE *f, char *out)
{
    uint16_t n;
    if (fread(&n, sizeof n, 1, f) != 1 || n > RM_METRIC_NAME_MAX || fread(out, 1, n, f) != n)
        return -1;
    out[n] = '\0';
    return 0;
}

/* Read a variant's replicates written by write_variant; 0 when the key
 * matches and the data are whole, else nothing is kept. */
static int read_variant(FILE *f, rm_sweep_result *r, int v, uint64_t key)
{
    char magic[8];
    uint64_t k;
    int R, P, bad = fread(magic, 1, 8, f) != 8 || memcmp(magic, "RMSIMPV1", 8) ||
                    fread(&k, sizeof k, 1, f) != 1 || k != key ||
                    fread(&R, sizeof R, 1, f) != 1 || R != r->meta.replicates ||
                    fread(&P, sizeof P, 1, f) != 1 || P != r->meta.periods;
    for (int rep = 0; !bad && rep < R; rep++) {
        rm_metrics *m = rm_metrics_new(P);
        int32_t nc = -1, ns = -1;
        bad = !m || fread(&nc, sizeof nc, 1, f) != 1 || nc < 0 || nc > RM_METRICS_MAX;
        for (int i = 0; !bad && i < nc; i++) {
            char mn[RM_METRIC_NAME_MAX + 1];
            bad = get_name(f, mn) < 0;
            for (int t = 0; !bad && t < P; t++) {
                double x;
                bad = fread(&x, sizeof x, 1, f) != 1 || rm_metrics_set(m, mn, t, x, NULL) < 0;
            }
        }
        bad = bad || fread(&ns, sizeof ns, 1, f) != 1 || ns < 0 || ns > RM_METRICS_MAX;
        for (int i = 0; !bad && i < ns; i++) {
            char mn[RM_METRIC_NAME_MAX + 1];
            double x;
            bad = get_name(f, mn) < 0 || fread(&x, sizeof x, 1, f) != 1 ||
                  rm_metrics_set_scalar(m, mn, x, NULL) < 0;
        }
        if (bad)
            rm_metrics_free(m);
        else
            r->reps[(size_t)v * R + rep] = m;
    }
    bad = bad || fgetc(f) != EOF;
    if (bad)
        for (int rep = 0; rep < r->meta.replicates; rep++) {
            rm_metrics_free(r->reps[(size_t)v * r->meta.replicates + rep]);
            r->reps[(size_t)v * r->meta.replicates + rep] = NULL;
        }
    return bad ? -1 : 0;
}

static int load_partial(const rm_sweep_config *c, rm_sweep_result *r, int v, uint64_t key)
{
    char name[64], path[4200];
    partial_name(c, v, name, sizeof name);
    snprintf(path, sizeof path, "%s/%s", c->partial_dir, name);
    FILE *f = rm_open_input(path, c->partial_dir, NULL);
    if (!f)
        return -1;
    int rc = read_variant(f, r, v, key);
    fclose(f);
    return rc;
}

/* ---- running ------------------------------------------------------------ */

typedef struct sweep_ctx {
    const rm_sweep_config *c;
    rm_sweep_result *r;
    uint64_t *keys;
    char (*item_err)[RM_ERROR_MAX]; /* per item */
    int *left;                      /* per variant: replicates still running */
    int *skip;                      /* per variant: loaded from a partial file */
    int saved;
    int done, total;                /* replicates run, and to run here, for progress */
    pthread_mutex_t lock;
} sweep_ctx;

/* The base settings, then the variant's (later ones win). */
static int item_config(const rm_sweep_config *c, const rm_variant *v, rm_run_config *out,
                       const char **sets)
{
    *out = c->run;
    int n = 0;
    for (int i = 0; i < c->run.nsets && n < 2 * RM_VARIANT_SETS; i++)
        sets[n++] = c->run.sets[i];
    for (int i = 0; i < v->nsets && n < 2 * RM_VARIANT_SETS; i++)
        sets[n++] = v->sets[i];
    out->sets = sets;
    out->nsets = n;
    return 0;
}

static int sweep_item(void *ctx, long item, rm_error *err)
{
    (void)err;
    sweep_ctx *x = ctx;
    int R = x->r->meta.replicates, v = (int)(item / R), rep = (int)(item % R);
    if (x->skip[v])
        return 0;
    rm_run_config c;
    const char *sets[2 * RM_VARIANT_SETS];
    item_config(x->c, &x->r->variants[v], &c, sets);
    c.threads = 1;
    rm_error e;
    if (rm_scenario_replicate(&c, x->r->meta.periods, rep, &x->r->reps[item], &e) < 0)
        snprintf(x->item_err[item], RM_ERROR_MAX, "%s", e.msg);
    pthread_mutex_lock(&x->lock);
    int done = --x->left[v] == 0, ok = 1;
    for (int k = 0; done && k < R; k++)
        ok &= x->item_err[(size_t)v * R + k][0] == '\0';
    if (done && ok && x->c->partial_dir) {
        if (save_partial(x->c, x->r, v, x->keys[v], &e) < 0)
            fprintf(stderr, "rmsim: could not save variant %d for --resume: %s\n", v, e.msg);
        else if (x->c->stop_after > 0 && ++x->saved >= x->c->stop_after)
            raise(SIGKILL);     /* testing --resume: die as a killed process would */
    }
    if (x->c->run.progress)
        x->c->run.progress(x->c->run.progress_ud, ++x->done, x->total);
    pthread_mutex_unlock(&x->lock);
    return 0;
}

/* Every rank sends rank 0 its variants, in variant order: a status byte,
 * then the error text or the replicates as write_variant puts them. */
static void gather(rm_sweep_result *out, const uint64_t *keys, int rank, int ranks)
{
    for (int v = 0; v < out->nvariants; v++) {
        int owner = v % ranks;
        if (owner == 0 || (rank != 0 && rank != owner))
            continue;
        if (rank == owner) {
            char *buf = NULL;
            size_t len = 0;
            FILE *f = open_memstream(&buf, &len);
            fputc(out->error[v][0] ? 1 : 0, f);
            if (out->error[v][0])
                fputs(out->error[v], f);
            else
                write_variant(f, out, v, keys[v]);
            fclose(f);
            rm_ranks_send0(buf, len, v);
            free(buf);
            continue;
        }
        void *buf;
        size_t len;
        rm_ranks_recv(owner, v, &buf, &len);
        FILE *f = buf && len ? fmemopen(buf, len, "rb") : NULL;
        int status = f ? fgetc(f) : 1;
        if (status == 0 && read_variant(f, out, v, keys[v]) == 0) {
            /* arrived whole */
        } else {
            snprintf(out->error[v], RM_ERROR_MAX, "%.*s", status == 1 && len > 1 ? (int)len - 1 : 0,
                     status == 1 && len > 1 ? (char *)buf + 1 : "");
            if (!out->error[v][0])
                snprintf(out->error[v], RM_ERROR_MAX, "lost on the way from rank %d", owner);
            out->failed++;
        }
        if (f)
            fclose(f);
        free(buf);
    }
}

int rm_sweep_run(const rm_sweep_config *c, rm_sweep_result *out, rm_error *err)
{
    memset(out, 0, sizeof *out);
    if (c->variants.n < 1)
        return rm_errorf(err, "no variants to run");
    (void)rm_scripts_dir();
    if (rm_scenario_prepare(&c->run, &out->meta, NULL, err) < 0) {
        rm_sweep_free(out);
        return -1;
    }
    int V = c->variants.n, R = out->meta.replicates;
    long items = (long)V * R;
    out->nvariants = V;
    out->variants = c->variants.v;
    out->reps = calloc((size_t)items, sizeof *out->reps);
    out->error = calloc((size_t)V, sizeof *out->error);
    sweep_ctx x = {.c = c, .r = out, .lock = PTHREAD_MUTEX_INITIALIZER};
    x.keys = calloc((size_t)V, sizeof *x.keys);
    x.item_err = calloc((size_t)items, sizeof *x.item_err);
    x.left = calloc((size_t)V, sizeof *x.left);
    x.skip = calloc((size_t)V, sizeof *x.skip);
    int rc = 0;
    if (!out->reps || !out->error || !x.keys || !x.item_err || !x.left || !x.skip)
        rc = rm_errorf(err, "out of memory");
    for (int v = 0; rc == 0 && v < V; v++) {
        x.keys[v] = variant_key(c, &out->meta, &c->variants.v[v]);
        x.left[v] = R;
        if (c->resume && c->partial_dir && load_partial(c, out, v, x.keys[v]) == 0) {
            x.skip[v] = 1;
            out->resumed++;
        }
    }
    /* with MPI, variant v is run by rank v % K */
    int rank = rm_rank(), ranks = rm_ranks();
    for (int v = 0; rc == 0 && ranks > 1 && v < V; v++)
        if (v % ranks != rank)
            x.skip[v] = 1;
    for (int v = 0; v < V; v++)
        x.total += x.skip[v] ? 0 : R;
    if (rc == 0)
        rm_parallel_for(items, c->run.threads, sweep_item, &x, NULL, err);
    /* a variant fails with the error of its lowest failing replicate */
    for (int v = 0; rc == 0 && v < V; v++)
        for (int k = 0; k < R; k++)
            if (x.item_err[(size_t)v * R + k][0]) {
                snprintf(out->error[v], RM_ERROR_MAX, "replicate %d: %s", k + 1,
                         x.item_err[(size_t)v * R + k]);
                out->failed++;
                for (int j = 0; j < R; j++) {
                    rm_metrics_free(out->reps[(size_t)v * R + j]);
                    out->reps[(size_t)v * R + j] = NULL;
                }
                break;
            }
    if (rc == 0 && ranks > 1)
        gather(out, x.keys, rank, ranks);
    out->rank = rank;
    free(x.keys);
    free(x.item_err);
    free(x.left);
    free(x.skip);
    if (rc < 0)
        rm_sweep_free(out);
    return rc;
}

void rm_sweep_free(rm_sweep_result *r)
{
    long items = (long)r->nvariants * r->meta.replicates;
    for (long i = 0; r->reps && i < items; i++)
        rm_metrics_free(r->reps[i]);
    free(r->reps);
    free(r->error);
    free(r->meta.params_json);
    free(r->meta.charts);
    memset(r, 0, sizeof *r);
}
