/* wom.c - Bass, cascade and threshold diffusion, mixed or on a network,
 * with negative word of mouth. Each period first decides who adopts
 * (from the state at its start), then applies the adoptions, so the
 * result does not depend on the order people are visited in. */
#include "rmsim/budget.h"
#include "rmsim/wom.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { POTENTIAL, ADOPTER, LEFT, DETRACTOR };

/* A set of node ids with O(1) add, remove and uniform pick. */
typedef struct idset {
    int32_t *item;
    int32_t *pos;           /* index in item, or -1 */
    int64_t n;
} idset;

static int set_init(idset *s, int32_t cap)
{
    s->item = rm_malloc((size_t)(cap ? cap : 1) * sizeof *s->item);
    s->pos = rm_malloc((size_t)(cap ? cap : 1) * sizeof *s->pos);
    s->n = 0;
    if (!s->item || !s->pos)
        return -1;
    memset(s->pos, 0xff, (size_t)cap * sizeof *s->pos);
    return 0;
}

static void set_free(idset *s)
{
    rm_free(s->item);
    rm_free(s->pos);
}

static void set_add(idset *s, int32_t v)
{
    if (s->pos[v] >= 0)
        return;
    s->pos[v] = (int32_t)s->n;
    s->item[s->n++] = v;
}

static void set_del(idset *s, int32_t v)
{
    int32_t p = s->pos[v];
    if (p < 0)
        return;
    int32_t last = s->item[--s->n];
    s->item[p] = last;
    s->pos[last] = p;
    s->pos[v] = -1;
}

static void set_swap(idset *s, int64_t a, int64_t b)
{
    int32_t x = s->item[a], y = s->item[b];
    s->item[a] = y;
    s->item[b] = x;
    s->pos[y] = (int32_t)a;
    s->pos[x] = (int32_t)b;
}

/* What a neighbour's change touches, kept together: one cache line
 * holds four people, so an edge visit is one memory access. */
typedef struct person {
    int32_t a;              /* adopting neighbours */
    int32_t d;              /* detracting neighbours */
    int32_t fpos;           /* index in the frontier, or -1 */
    uint8_t state, chosen, ready, pad;
} person;

struct rm_wom {
    rm_wom_spec s;
    const rm_network *g;
    int32_t N;
    rm_rng *rng;
    int next_t;
    rm_wom_period *res;
    /* fully mixed: counts only */
    int64_t A, D, left, ever;
    /* network */
    person *p;
    int32_t *frontier;      /* people who hear someone: POTENTIAL with a > 0 or d > 0 */
    int64_t nfrontier;
    idset pool, adopters, exposed;
    int32_t *fresh, *prev, *ready, *tmp;
    int64_t nfresh, nprev, nready, reached;
    int64_t *comm;
    double *open;           /* per community: share of people still open (NULL: all) */
    int64_t edges, period_edges, period_left;
};

rm_wom_spec rm_wom_defaults(void)
{
    rm_wom_spec s;
    memset(&s, 0, sizeof s);
    s.model = RM_WOM_BASS;
    s.p = 0.01;
    s.q = 0.3;
    s.threshold = 0.2;
    s.periods = 12;
    return s;
}

static int chance(const char *what, double v, rm_error *err)
{
    if (!(v >= 0 && v <= 1))
        return rm_errorf(err, "%s must be a chance in [0, 1] (got %g)", what, v);
    return 0;
}

static int check_spec(const rm_wom_spec *s, rm_error *err)
{
    if (chance("p", s->p, err) || chance("q", s->q, err) || chance("threshold", s->threshold, err) ||
        chance("churn", s->churn, err) || chance("dissatisfied", s->dissatisfied, err) ||
        chance("deterrence", s->deterrence, err))
        return -1;
    if (!(s->churn_push >= 0 && s->churn_push <= 100))
        return rm_errorf(err, "churn_push must be in [0, 100] (got %g)", s->churn_push);
    if (s->periods < 1 || s->periods > 1000000)
        return rm_errorf(err, "periods must be in [1, 1e6]");
    return 0;
}

rm_wom *rm_wom_new(const rm_wom_spec *s, const rm_network *g, int32_t people, rm_rng *rng,
                   rm_error *err)
{
    if (check_spec(s, err) < 0)
        return NULL;
    if (!g && (people < 1 || people > RM_NODES_MAX)) {
        rm_errorf(err, "a mixed population needs 1 to %d people", RM_NODES_MAX);
        return NULL;
    }
    if (!g && s->model != RM_WOM_BASS) {
        rm_errorf(err, "cascade and threshold diffusion need a network");
        return NULL;
    }
    rm_wom *w = rm_calloc(1, sizeof *w);
    if (!w) {
        rm_errorf(err, "out of memory");
        return NULL;
    }
    w->s = *s;
    w->g = g;
    w->N = g ? g->n : people;
    w->rng = rng;
    w->res = rm_calloc((size_t)s->periods, sizeof *w->res);
    int bad = !w->res;
    if (g && !bad) {
        int32_t n = g->n;
        w->p = rm_calloc((size_t)n, sizeof *w->p);
        w->frontier = rm_malloc((size_t)n * sizeof *w->frontier);
        for (int32_t i = 0; w->p && i < n; i++)
            w->p[i].fpos = -1;
        w->fresh = rm_malloc((size_t)n * sizeof *w->fresh);
        w->prev = rm_malloc((size_t)n * sizeof *w->prev);
        w->ready = rm_malloc((size_t)n * sizeof *w->ready);
        w->tmp = rm_malloc((size_t)n * sizeof *w->tmp);
        bad = !w->p || !w->frontier || !w->fresh || !w->prev || !w->ready || !w->tmp ||
              set_init(&w->pool, n) || set_init(&w->adopters, n) || set_init(&w->exposed, n);
        if (!bad && g->community) {
            w->comm = rm_calloc((size_t)g->ncommunities, sizeof *w->comm);
            bad = !w->comm;
        }
        for (int32_t i = 0; !bad && i < n; i++)
            set_add(&w->pool, i);
    }
    if (bad) {
        rm_wom_free(w);
        rm_errorf(err, "out of memory for %d people", w ? w->N : 0);
        return NULL;
    }
    return w;
}

void rm_wom_free(rm_wom *w)
{
    if (!w)
        return;
    rm_free(w->res);
    rm_free(w->p);
    rm_free(w->frontier);
    rm_free(w->fresh);
    rm_free(w->prev);
    rm_free(w->ready);
    rm_free(w->tmp);
    rm_free(w->comm);
    rm_free(w->open);
    set_free(&w->pool);
    set_free(&w->adopters);
    set_free(&w->exposed);
    rm_free(w);
}

/* ---- network state changes ------------------------------------------------ */

static void frontier_add(rm_wom *w, person *q, int32_t j)
{
    if (q->fpos < 0) {
        q->fpos = (int32_t)w->nfrontier;
        w->frontier[w->nfrontier++] = j;
    }
}

static void frontier_del(rm_wom *w, person *q)
{
    if (q->fpos < 0)
        return;
    int32_t last = w->frontier[--w->nfrontier];
    w->frontier[q->fpos] = last;
    w->p[last].fpos = q->fpos;
    q->fpos = -1;
}

static void adopt(rm_wom *w, int32_t i)
{
    const rm_network *g = w->g;
    person *me = &w->p[i];
    me->state = ADOPTER;
    set_del(&w->pool, i);
    frontier_del(w, me);
    set_add(&w->adopters, i);
    if (me->d > 0) {
        set_add(&w->exposed, i);
        w->reached--;
    }
    if (w->comm)
        w->comm[g->community[i]]++;
    w->ever++;
    int threshold = w->s.model == RM_WOM_THRESHOLD;
    double theta = w->s.threshold;
    const int32_t *adj = g->adj;
    for (int64_t e = g->offset[i], end = g->offset[i + 1]; e < end; e++) {
        int32_t j = adj[e];
        person *q = &w->p[j];
        q->a++;
        if (q->state == POTENTIAL) {
            frontier_add(w, q, j);
            if (threshold && !q->ready && q->a >= theta * (double)rm_degree(g, j)) {
                q->ready = 1;
                w->ready[w->nready++] = j;
            }
        }
    }
    w->period_edges += rm_degree(g, i);
}

static void leave(rm_wom *w, int32_t i)
{
    const rm_network *g = w->g;
    int detractor = w->s.dissatisfied > 0 && rm_rng_uniform(w->rng) < w->s.dissatisfied;
    w->p[i].state = detractor ? DETRACTOR : LEFT;
    set_del(&w->adopters, i);
    set_del(&w->exposed, i);
    if (w->comm)
        w->comm[g->community[i]]--;
    for (int64_t e = g->offset[i]; e < g->offset[i + 1]; e++) {
        int32_t j = g->adj[e];
        person *q = &w->p[j];
        q->a--;
        if (detractor) {
            if (q->d++ == 0 && q->state == POTENTIAL)
                w->reached++;
            if (q->state == ADOPTER)
                set_add(&w->exposed, j);
        }
        if (q->state == POTENTIAL) {
            if (q->a > 0 || q->d > 0)
                frontier_add(w, q, j);
            else
                frontier_del(w, q);
        }
    }
    w->period_edges += rm_degree(g, i);
    w->period_left++;
    if (detractor)
        w->D++;
}

static double deterred(const rm_wom *w, int32_t i)
{
    int64_t k = rm_degree(w->g, i);
    int32_t d = w->p[i].d;
    return k > 0 && d > 0 ? 1.0 - w->s.deterrence * (double)d / (double)k : 1.0;
}

/* ---- seeding --------------------------------------------------------------- */

/* A seed adopts now and, in a cascade, gets its chance to convince its
 * neighbours in the next period, as a new adopter would. */
static void seed_one(rm_wom *w, int32_t i)
{
    adopt(w, i);
    w->prev[w->nprev++] = i;
}

int rm_wom_seed_random(rm_wom *w, int64_t k)
{
    if (!w->g) {
        int64_t room = w->N - w->A - w->D - w->left;
        k = k > room ? room : k;
        w->A += k;
        w->ever += k;
        return 0;
    }
    for (int64_t i = 0; i < k && w->pool.n > 0; i++)
        seed_one(w, w->pool.item[rm_rng_below64(w->rng, (uint64_t)w->pool.n)]);
    return 0;
}

static int cmp_key(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

int rm_wom_seed_degree(rm_wom *w, int64_t k)
{
    if (!w->g)
        return rm_wom_seed_random(w, k);
    /* sort by degree, highest first, ties by id: key = (max - degree, id) */
    uint64_t *key = rm_malloc((size_t)w->N * sizeof *key);
    if (!key)
        return -1;
    int64_t n = 0, maxd = 0;
    for (int32_t i = 0; i < w->N; i++)
        maxd = rm_degree(w->g, i) > maxd ? rm_degree(w->g, i) : maxd;
    for (int32_t i = 0; i < w->N; i++)
        if (w->p[i].state == POTENTIAL)
            key[n++] = ((uint64_t)(maxd - rm_degree(w->g, i)) << 32) | (uint32_t)i;
    qsort(key, (size_t)n, sizeof *key, cmp_key);
    for (int64_t i = 0; i < k && i < n; i++)
        seed_one(w, (int32_t)(key[i] & 0xffffffffu));
    rm_free(key);
    return 0;
}

int rm_wom_seed_nodes(rm_wom *w, const int32_t *nodes, int64_t k, rm_error *err)
{
    if (!w->g)
        return rm_errorf(err, "seeding chosen people needs a network");
    for (int64_t i = 0; i < k; i++) {
        if (nodes[i] < 0 || nodes[i] >= w->N)
            return rm_errorf(err, "no person %d (0..%d)", nodes[i], w->N - 1);
        if (w->p[nodes[i]].state == POTENTIAL)
            seed_one(w, nodes[i]);
    }
    return 0;
}

/* ---- a period ---------------------------------------------------------- */

static void step_mixed(rm_wom *w, rm_wom_period *r)
{
    const rm_wom_spec *s = &w->s;
    double N = w->N;
    int64_t out = (int64_t)rm_rng_binomial(w->rng, (uint64_t)w->A, s->churn);
    if (s->churn_push > 0 && w->D > 0) {
        double extra = s->churn * s->churn_push * (double)w->D / N;
        out += (int64_t)rm_rng_binomial(w->rng, (uint64_t)(w->A - out),
                                        fmin(1.0, extra / fmax(1e-12, 1 - s->churn)));
    }
    int64_t detr = (int64_t)rm_rng_binomial(w->rng, (uint64_t)out, s->dissatisfied);
    w->A -= out;
    w->D += detr;
    w->left += out - detr;
    int64_t potential = w->N - w->ever;     /* never adopted */
    double h = (s->p + s->q * (double)w->A / N) * (1.0 - s->deterrence * (double)w->D / N);
    int64_t fresh = (int64_t)rm_rng_binomial(w->rng, (uint64_t)potential, fmin(1.0, fmax(0.0, h)));
    w->A += fresh;
    w->ever += fresh;
    r->new_adopters = (double)fresh;
    r->churned = (double)out;
    r->reach = (double)(potential - fresh) * (double)w->D / N;
}

static void churn_network(rm_wom *w)
{
    const rm_wom_spec *s = &w->s;
    if (s->churn <= 0)
        return;
    int64_t out = (int64_t)rm_rng_binomial(w->rng, (uint64_t)w->adopters.n, s->churn);
    for (int64_t k = 0; k < out && w->adopters.n > 0; k++)
        leave(w, w->adopters.item[rm_rng_below64(w->rng, (uint64_t)w->adopters.n)]);
    if (s->churn_push <= 0 || w->exposed.n == 0)
        return;
    /* adopters hearing detractors: the extra hazard, given they did not
     * already leave above */
    int64_t n = w->exposed.n;
    memcpy(w->tmp, w->exposed.item, (size_t)n * sizeof *w->tmp);
    for (int64_t k = 0; k < n; k++) {
        int32_t i = w->tmp[k];
        if (w->p[i].state != ADOPTER)
            continue;
        double share = (double)w->p[i].d / (double)rm_degree(w->g, i);
        double extra = s->churn * s->churn_push * share / (1 - s->churn);
        if (rm_rng_uniform(w->rng) < extra)
            leave(w, i);
    }
}

static void choose(rm_wom *w, int32_t i)
{
    /* a community partly closed (e.g. to a rival's buyers) thins the chance */
    if (w->open) {
        double f = w->open[w->g->community[i]];
        if (f < 1 && rm_rng_uniform(w->rng) >= f)
            return;
    }
    if (!w->p[i].chosen) {
        w->p[i].chosen = 1;
        w->fresh[w->nfresh++] = i;
    }
}

static void decide_network(rm_wom *w)
{
    const rm_wom_spec *s = &w->s;
    const rm_network *g = w->g;
    w->nfresh = 0;
    /* innovation: a binomial count of candidates, thinned by deterrence */
    int64_t K = (int64_t)rm_rng_binomial(w->rng, (uint64_t)w->pool.n, s->p);
    for (int64_t k = 0; k < K; k++)
        set_swap(&w->pool, k, k + (int64_t)rm_rng_below64(w->rng, (uint64_t)(w->pool.n - k)));
    for (int64_t k = 0; k < K; k++) {
        int32_t i = w->pool.item[k];
        if (w->p[i].d == 0 || rm_rng_uniform(w->rng) < deterred(w, i))
            choose(w, i);
    }
    if (s->model == RM_WOM_BASS) {
        /* imitation, given not innovation: q a/k keep / (1 - p keep) */
        double plain = s->p < 1 ? s->q / (1 - s->p) : HUGE_VAL;
        for (int64_t f = 0; f < w->nfrontier; f++) {
            int32_t i = w->frontier[f];
            const person *q = &w->p[i];
            if (q->chosen || q->a == 0)
                continue;
            double chance;
            if (q->d == 0) {
                chance = plain * (double)q->a / (double)rm_degree(g, i);
            } else {
                double keep = deterred(w, i), base = s->p * keep;
                chance = base >= 1 ? 1 : s->q * (double)q->a / (double)rm_degree(g, i) * keep / (1 - base);
            }
            if (chance >= 1 || (double)rm_rng_next(w->rng) * 0x1.0p-32 < chance)
                choose(w, i);
        }
    } else if (s->model == RM_WOM_CASCADE) {
        for (int64_t k = 0; k < w->nprev; k++) {
            int32_t i = w->prev[k];
            for (int64_t e = g->offset[i]; e < g->offset[i + 1]; e++) {
                int32_t j = g->adj[e];
                const person *q = &w->p[j];
                if (q->state == POTENTIAL && !q->chosen &&
                    (double)rm_rng_next(w->rng) * 0x1.0p-32 < s->q * deterred(w, j))
                    choose(w, j);
            }
            w->period_edges += rm_degree(g, i);
        }
    } else {
        int64_t keep = 0;
        for (int64_t k = 0; k < w->nready; k++) {
            int32_t i = w->ready[k];
            person *q = &w->p[i];
            if (q->state != POTENTIAL) {
                q->ready = 0;
                continue;
            }
            if (q->a < s->threshold * (double)rm_degree(g, i)) {
                q->ready = 0;       /* fell back below: re-armed by the next adoption */
                continue;
            }
            if (q->d == 0 || rm_rng_uniform(w->rng) < deterred(w, i))
                choose(w, i);
            else
                w->ready[keep++] = i;      /* deterred this time; try again */
        }
        w->nready = keep;
    }
}

int rm_wom_step(rm_wom *w, int t, rm_error *err)
{
    if (t != w->next_t || t >= w->s.periods)
        return rm_errorf(err, "word of mouth stepped at period %d, expected %d", t, w->next_t);
    rm_wom_period *r = &w->res[t];
    memset(r, 0, sizeof *r);
    w->period_edges = 0;
    w->period_left = 0;
    if (!w->g) {
        step_mixed(w, r);
    } else {
        churn_network(w);
        decide_network(w);
        for (int64_t k = 0; k < w->nfresh; k++) {
            w->p[w->fresh[k]].chosen = 0;
            w->p[w->fresh[k]].ready = 0;
            adopt(w, w->fresh[k]);
        }
        int32_t *swap = w->prev;
        w->prev = w->fresh;
        w->nprev = w->nfresh;
        w->fresh = swap;
        r->new_adopters = (double)w->nprev;
        r->churned = (double)w->period_left;
        r->reach = (double)w->reached;
        w->A = w->adopters.n;
    }
    r->adopters = (double)w->A;
    r->share = (double)w->A / w->N;
    r->ever = (double)w->ever;
    r->detractors = (double)w->D;
    r->edges = (double)w->period_edges;
    w->edges += w->period_edges;
    w->next_t = t + 1;
    return 0;
}

const rm_wom_period *rm_wom_result(const rm_wom *w, int t)
{
    return t >= 0 && t < w->next_t ? &w->res[t] : NULL;
}

int rm_wom_set(rm_wom *w, double p, double q, rm_error *err)
{
    if (chance("p", p, err) || chance("q", q, err))
        return -1;
    w->s.p = p;
    w->s.q = q;
    return 0;
}

int rm_wom_set_open(rm_wom *w, int c, double share, rm_error *err)
{
    if (!w->g || !w->g->community)
        return rm_errorf(err, "open: needs a network with communities (a block model)");
    if (c < 0 || c >= w->g->ncommunities)
        return rm_errorf(err, "open: community %d of %d", c + 1, (int)w->g->ncommunities);
    if (chance("open", share, err))
        return -1;
    if (!w->open) {
        w->open = rm_malloc((size_t)w->g->ncommunities * sizeof *w->open);
        if (!w->open)
            return rm_errorf(err, "open: out of memory");
        for (int k = 0; k < w->g->ncommunities; k++)
            w->open[k] = 1.0;
    }
    w->open[c] = share;
    return 0;
}

double rm_wom_get_p(const rm_wom *w) { return w->s.p; }
double rm_wom_get_q(const rm_wom *w) { return w->s.q; }

void rm_wom_leave(rm_wom *w, int64_t k)
{
    if (!w->g) {
        k = k > w->A ? w->A : k;
        int64_t detr = (int64_t)rm_rng_binomial(w->rng, (uint64_t)k, w->s.dissatisfied);
        w->A -= k;
        w->D += detr;
        w->left += k - detr;
        return;
    }
    for (int64_t i = 0; i < k && w->adopters.n > 0; i++)
        leave(w, w->adopters.item[rm_rng_below64(w->rng, (uint64_t)w->adopters.n)]);
    w->A = w->adopters.n;
}

int32_t rm_wom_people(const rm_wom *w) { return w->N; }

int64_t rm_wom_community_adopters(const rm_wom *w, int c)
{
    return w && w->comm && c >= 0 && c < w->g->ncommunities ? w->comm[c] : -1;
}

int64_t rm_wom_edges_visited(const rm_wom *w) { return w->edges; }
