/* tournament.c - round robin over worker threads, gathered in match order. */
#include "rmsim/tournament.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rmsim/output.h"
#include "rmsim/stats.h"

typedef struct item {
    int i, j;
    double si, sj;                  /* scores per turn */
    int turns;
    int failed;                     /* strategy index that failed, + 1 */
} item;

typedef struct shared {
    const rm_tournament_config *c;
    const rm_strategy *s;
    int n;
    const int *skip;                /* disqualified before the start */
    item *items;
    long nitems;
    long next;                      /* next item to take */
    long done;                      /* items played, for progress */
    pthread_mutex_t lock;
    /* first failure per strategy: lowest item index wins */
    long *fail_item;
    char (*reason)[RM_REASON_MAX];
    int oom;
} shared;

typedef struct worker {
    shared *sh;
    void **inst;                    /* n x 2 scripted instances, opened lazily */
    rm_match_result *res;
} worker;

static void note_failure(shared *sh, int who, long k, const char *msg)
{
    pthread_mutex_lock(&sh->lock);
    if (sh->fail_item[who] < 0 || k < sh->fail_item[who]) {
        sh->fail_item[who] = k;
        snprintf(sh->reason[who], RM_REASON_MAX, "%s", msg);
        rm_safe_text(sh->reason[who], 0);   /* one line: it cannot forge rows */
    }
    pthread_mutex_unlock(&sh->lock);
}

static void *instance(worker *w, int who, int slot, rm_error *err)
{
    void **p = &w->inst[who * 2 + slot];
    if (!*p)
        *p = w->sh->c->ops->open(&w->sh->s[who], err);
    return *p;
}

static void play(worker *w, long k)
{
    shared *sh = w->sh;
    item *it = &sh->items[k];
    if (sh->skip[it->i] || sh->skip[it->j])
        return;
    /* a strategy that failed in an earlier match is out: its later matches
     * are not played (one bad entry costs its limit once, not per match).
     * Earlier ones still are, so the reason kept, the lowest match's, is
     * the same whatever the threads. */
    pthread_mutex_lock(&sh->lock);
    long fi = sh->fail_item[it->i], fj = sh->fail_item[it->j];
    pthread_mutex_unlock(&sh->lock);
    if ((fi >= 0 && k > fi) || (fj >= 0 && k > fj))
        return;
    rm_error err;
    rm_player p[2];
    int who[2] = {it->i, it->j};
    for (int s = 0; s < 2; s++) {
        const rm_strategy *st = &sh->s[who[s]];
        p[s] = (rm_player){st, NULL, sh->c->ops};
        if (st->kind == RM_STRATEGY_SCRIPT && !(p[s].script = instance(w, who[s], s, &err))) {
            it->failed = who[s] + 1;
            note_failure(sh, who[s], k, err.msg);
            return;
        }
    }
    rm_rng rng;
    rm_rng_seed(&rng, sh->c->seed, (uint64_t)k);
    if (rm_play_match(&sh->c->match, &p[0], &p[1], &rng, w->res, &err) < 0) {
        int bad = who[w->res->failed == 2];
        it->failed = bad + 1;
        note_failure(sh, bad, k, err.msg);
        /* its instance may be stuck (a limit hit): start it afresh next time */
        int slot = w->res->failed == 2;
        sh->c->ops->close(w->inst[bad * 2 + slot]);
        w->inst[bad * 2 + slot] = NULL;
        return;
    }
    it->turns = w->res->turns;
    it->si = w->res->score_a / w->res->turns;
    it->sj = w->res->score_b / w->res->turns;
}

static void *work(void *arg)
{
    worker *w = arg;
    shared *sh = w->sh;
    for (;;) {
        pthread_mutex_lock(&sh->lock);
        long k = sh->next++;
        pthread_mutex_unlock(&sh->lock);
        if (k >= sh->nitems)
            break;
        play(w, k);
        if (sh->c->progress) {
            pthread_mutex_lock(&sh->lock);
            sh->c->progress(sh->c->progress_ud, (int)++sh->done, (int)sh->nitems);
            pthread_mutex_unlock(&sh->lock);
        }
    }
    return NULL;
}

rm_tournament_config rm_tournament_defaults(void)
{
    rm_tournament_config c;
    memset(&c, 0, sizeof c);
    c.match = rm_match_defaults();
    c.repetitions = 1;
    c.seed = 1;
    return c;
}

static int alloc_result(rm_tournament *t, int n)
{
    memset(t, 0, sizeof *t);
    t->n = n;
    t->matrix = calloc((size_t)n * (size_t)n, sizeof *t->matrix);
    t->score = calloc((size_t)n, sizeof *t->score);
    t->wins = calloc((size_t)n, sizeof *t->wins);
    t->rank = calloc((size_t)n, sizeof *t->rank);
    t->disqualified = calloc((size_t)n, sizeof *t->disqualified);
    t->reason = calloc((size_t)n, sizeof *t->reason);
    return t->matrix && t->score && t->wins && t->rank && t->disqualified && t->reason ? 0 : -1;
}

int rm_tournament_place(const rm_tournament *t, int r)
{
    int place = 0, count = 0, prev = -1;
    for (int k = 0; k <= r && k < t->n; k++) {
        int i = t->rank[k];
        if (t->disqualified[i])
            continue;
        count++;
        if (prev < 0 || !rm_same_value(t->score[i], t->score[prev]))
            place = count;
        prev = i;
    }
    return place;
}

void rm_tournament_free(rm_tournament *t)
{
    free(t->matrix);
    free(t->score);
    free(t->wins);
    free(t->rank);
    free(t->disqualified);
    free(t->reason);
    memset(t, 0, sizeof *t);
}

/* Aggregate in item order: the same sums whatever thread played what. */
static void gather(shared *sh, rm_tournament *t)
{
    int n = sh->n;
    double *count = calloc((size_t)n * (size_t)n, sizeof *count);
    if (!count) {
        sh->oom = 1;
        return;
    }
    for (long k = 0; k < sh->nitems; k++) {
        const item *it = &sh->items[k];
        if (t->disqualified[it->i] || t->disqualified[it->j] || it->turns == 0)
            continue;
        t->matches++;
        t->turns += it->turns;
        if (it->i == it->j) {
            t->matrix[it->i * n + it->i] += (it->si + it->sj) / 2;
            count[it->i * n + it->i] += 1;
            continue;
        }
        t->matrix[it->i * n + it->j] += it->si;
        t->matrix[it->j * n + it->i] += it->sj;
        count[it->i * n + it->j] += 1;
        count[it->j * n + it->i] += 1;
        t->wins[it->i] += it->si > it->sj;
        t->wins[it->j] += it->sj > it->si;
    }
    for (int i = 0; i < n; i++) {
        double sum = 0;
        int m = 0;
        for (int j = 0; j < n; j++) {
            double *v = &t->matrix[i * n + j];
            *v = count[i * n + j] > 0 ? *v / count[i * n + j] : NAN;
            if (!isnan(*v)) {
                sum += *v;
                m++;
            }
        }
        t->score[i] = t->disqualified[i] || m == 0 ? NAN : sum / m;
    }
    free(count);
    /* rank: by score, ties by index; the disqualified last */
    for (int i = 0; i < n; i++)
        t->rank[i] = i;
    for (int a = 1; a < n; a++)
        for (int b = a; b > 0; b--) {
            int x = t->rank[b - 1], y = t->rank[b];
            double sx = isnan(t->score[x]) ? -HUGE_VAL : t->score[x];
            double sy = isnan(t->score[y]) ? -HUGE_VAL : t->score[y];
            if (sy > sx || (sy == sx && y < x)) {
                t->rank[b - 1] = y;
                t->rank[b] = x;
            } else {
                break;
            }
        }
}

int rm_tournament_run(const rm_tournament_config *c, const rm_strategy *s, int n,
                      const char *const *preset, rm_tournament *out, rm_error *err)
{
    if (n < 1)
        return rm_errorf(err, "a tournament needs at least one strategy");
    if (c->repetitions < 1)
        return rm_errorf(err, "repetitions must be at least 1");
    if (alloc_result(out, n) < 0) {
        rm_tournament_free(out);
        return rm_errorf(err, "out of memory");
    }
    shared sh = {.c = c, .s = s, .n = n};
    long pairs = (long)n * (n + 1) / 2;
    sh.nitems = pairs * c->repetitions;
    sh.items = calloc((size_t)sh.nitems, sizeof *sh.items);
    sh.fail_item = malloc((size_t)n * sizeof *sh.fail_item);
    int *skip = calloc((size_t)n, sizeof *skip);
    sh.skip = skip;
    sh.reason = out->reason;
    if (!sh.items || !sh.fail_item || !skip) {
        free(sh.items);
        free(sh.fail_item);
        free(skip);
        rm_tournament_free(out);
        return rm_errorf(err, "out of memory for %ld matches", sh.nitems);
    }
    for (int i = 0; i < n; i++) {
        sh.fail_item[i] = -1;
        if (preset && preset[i]) {
            skip[i] = 1;
            snprintf(out->reason[i], RM_REASON_MAX, "%s", preset[i]);
            rm_safe_text(out->reason[i], 0);
        }
    }
    long k = 0;
    for (int r = 0; r < c->repetitions; r++)
        for (int i = 0; i < n; i++)
            for (int j = i; j < n; j++, k++) {
                sh.items[k].i = i;
                sh.items[k].j = j;
            }
    pthread_mutex_init(&sh.lock, NULL);
    int nt = c->threads > 0 ? c->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (nt < 1)
        nt = 1;
    if (nt > 64)
        nt = 64;
    if (nt > sh.nitems)
        nt = (int)sh.nitems;
    worker w[64];
    pthread_t tid[64];
    int started = 0, rc = 0;
    for (int t = 0; t < nt; t++) {
        w[t].sh = &sh;
        w[t].inst = calloc((size_t)n * 2, sizeof *w[t].inst);
        w[t].res = malloc(sizeof *w[t].res);
        if (!w[t].inst || !w[t].res) {
            free(w[t].inst);
            free(w[t].res);
            rc = -1;
            break;
        }
        started++;
    }
    int launched = 0;
    for (int t = 1; rc == 0 && t < started; t++, launched++)
        if (pthread_create(&tid[t], NULL, work, &w[t]) != 0)
            break;
    if (rc == 0 && started > 0)
        work(&w[0]);
    for (int t = 1; t <= launched; t++)
        pthread_join(tid[t], NULL);
    for (int t = 0; t < started; t++) {
        for (int i = 0; i < 2 * n; i++)
            if (w[t].inst[i])
                c->ops->close(w[t].inst[i]);
        free(w[t].inst);
        free(w[t].res);
    }
    pthread_mutex_destroy(&sh.lock);
    for (int i = 0; i < n; i++)
        out->disqualified[i] = skip[i] || sh.fail_item[i] >= 0;
    if (rc == 0)
        gather(&sh, out);
    free(sh.items);
    free(sh.fail_item);
    free(skip);
    if (rc < 0 || sh.oom) {
        rm_tournament_free(out);
        return rm_errorf(err, "out of memory");
    }
    return 0;
}
