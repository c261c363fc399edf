/* wom.c - Bass, cascade and threshold diffusion, mixed or on a network,
 * with negative word of mouth. Each period first decides who adopts
 * (from the state at its start), then applies the adoptions, so the
 * result does not depend on the order people are visited in. */
#include "rmsim/budget.h"
#include "rmsim/wom.h"

#include "rmsim/memory.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { POTENTIAL, ADOPTER, LEFT, DETRACTOR };

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* Entries the vector scan may write past the end of a list */
#define SCAN_SLACK 8

/* Adopters whose neighbour lists are fetched ahead of the one being
 * applied, and where they start and end: the lists are far apart, and a
 * list (mean 40 bytes for m = 5) often spans two cache lines. */
enum { AHEAD = 32 };
static inline void fetch_ahead(const int64_t *off, const int32_t *adj, const int32_t *fresh,
                               int64_t k, int64_t n)
{
    if (k + AHEAD < n) {
        const int32_t *list = adj + off[fresh[k + AHEAD]];
        PREFETCH(list);
        PREFETCH(list + 16);
    }
    if (k + 2 * AHEAD < n)
        PREFETCH(&off[fresh[k + 2 * AHEAD]]);
}

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

/* A person is one 32-bit word, so that an edge visit touches one word of
 * a compact array (4 MB per million people): the count of adopting
 * neighbours, and flags. Degrees are below RM_NODES_MAX < 2^27. */
#define A_MASK   0x07ffffffu
#define F_FRONT  (1u << 27)     /* in the frontier list (maybe stale) */
#define F_CHOSEN (1u << 28)     /* adopts at the end of this period */
#define F_READY  (1u << 29)     /* threshold: over it, in the ready list */
#define ST_SHIFT 30
#define ST_MASK  (3u << ST_SHIFT)
#define STATE(v) ((v) >> ST_SHIFT)

struct rm_wom {
    rm_wom_spec s;
    const rm_network *g;
    int32_t N;
    rm_rng *rng;
    int next_t;
    rm_wom_period *res;
    /* fully mixed: counts only; on a network A and ever are kept too */
    int64_t A, D, left, ever;
    /* network */
    uint32_t *P;            /* per person: adopting neighbours and flags */
    int32_t *d;             /* detracting neighbours (only with dissatisfied > 0) */
    int32_t *frontier;      /* Bass: every POTENTIAL with a > 0 or d > 0, and stale entries */
    int64_t nfrontier;
    int scan;               /* Bass: the frontier is long; no list, a pass over everyone */
    int fresh_sorted;       /* this period's adopters are listed in id order */
    int32_t *pot;           /* Bass, scanning: who had not adopted at the last pass */
    int64_t npot;           /* its length, or -1: pass over everyone */
    idset exposed;          /* adopters hearing a detractor (only with dissatisfied > 0) */
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
        /* only what the model uses; malloc'd lists cost nothing until touched */
        size_t n = (size_t)g->n;
        int detractors = s->dissatisfied > 0;
        w->P = rm_big_calloc(n, sizeof *w->P);
        /* + SCAN_SLACK: the vector scan writes whole vectors past the end */
        w->fresh = rm_big_alloc((n + SCAN_SLACK) * sizeof *w->fresh);
        bad = !w->P || !w->fresh;
        if (s->model == RM_WOM_BASS)
            bad |= !(w->frontier = rm_big_alloc(n * sizeof *w->frontier)) ||
                   !(w->pot = rm_big_alloc((n + SCAN_SLACK) * sizeof *w->pot));
        w->npot = -1;
        if (s->model == RM_WOM_CASCADE)
            bad |= !(w->prev = rm_malloc(n * sizeof *w->prev));
        if (s->model == RM_WOM_THRESHOLD)
            bad |= !(w->ready = rm_malloc(n * sizeof *w->ready));
        if (detractors)
            bad |= !(w->d = rm_calloc(n, sizeof *w->d)) || !(w->tmp = rm_malloc(n * sizeof *w->tmp)) ||
                   set_init(&w->exposed, g->n);
        if (!bad && g->community) {
            w->comm = rm_calloc((size_t)g->ncommunities, sizeof *w->comm);
            bad = !w->comm;
        }
    }
    if (bad) {
        rm_wom_free(w);
        rm_errorf(err, "out of memory for %d people", g ? g->n : people);
        return NULL;
    }
    return w;
}

void rm_wom_free(rm_wom *w)
{
    if (!w)
        return;
    rm_free(w->res);
    rm_free(w->P);
    rm_free(w->d);
    rm_free(w->frontier);
    rm_free(w->pot);
    rm_free(w->fresh);
    rm_free(w->prev);
    rm_free(w->ready);
    rm_free(w->tmp);
    rm_free(w->comm);
    rm_free(w->open);
    set_free(&w->exposed);
    rm_free(w);
}

/* ---- network state changes ------------------------------------------------ */

static int32_t detracting(const rm_wom *w, int32_t i)
{
    return w->d ? w->d[i] : 0;
}

/* Bass: j hears someone; into the frontier list unless already there. */
static void frontier_add(rm_wom *w, int32_t j)
{
    if (!(w->P[j] & F_FRONT)) {
        w->P[j] |= F_FRONT;
        w->frontier[w->nfrontier++] = j;
    }
}

static void adopt(rm_wom *w, int32_t i)
{
    const rm_network *g = w->g;
    uint32_t *P = w->P;
    P[i] = (P[i] & ~(ST_MASK | F_CHOSEN | F_READY)) | (uint32_t)ADOPTER << ST_SHIFT;
    w->A++;
    w->ever++;
    if (detracting(w, i) > 0) {
        set_add(&w->exposed, i);
        w->reached--;
    }
    if (w->comm)
        w->comm[g->community[i]]++;
    const int32_t *adj = g->adj;
    int64_t e = g->offset[i], end = g->offset[i + 1];
    if (w->s.model == RM_WOM_BASS && !w->scan) {
        /* potential and not yet listed (one mask), without a branch: a
         * mispredicted one would stall the independent loads behind it */
        int32_t *restrict fr = w->frontier;
        int64_t nf = w->nfrontier;
        for (; e < end; e++) {
            int32_t j = adj[e];
            uint32_t v = P[j] + 1;
            uint32_t add = !(v & (ST_MASK | F_FRONT));
            P[j] = v | add << 27;
            fr[nf] = j;
            nf += add;
        }
        w->nfrontier = nf;
    } else if (w->s.model == RM_WOM_THRESHOLD) {
        double theta = w->s.threshold;
        for (; e < end; e++) {
            int32_t j = adj[e];
            uint32_t v = ++P[j];
            if (STATE(v) == POTENTIAL && !(v & F_READY) &&
                (double)(v & A_MASK) >= theta * (double)rm_degree(g, j)) {
                P[j] = v | F_READY;
                w->ready[w->nready++] = j;
            }
        }
    } else {
        for (; e < end; e++)
            P[adj[e]]++;
    }
    w->period_edges += rm_degree(g, i);
}

static void leave(rm_wom *w, int32_t i)
{
    const rm_network *g = w->g;
    uint32_t *P = w->P;
    int detractor = w->s.dissatisfied > 0 && rm_rng_uniform(w->rng) < w->s.dissatisfied;
    P[i] = (P[i] & ~ST_MASK) | (uint32_t)(detractor ? DETRACTOR : LEFT) << ST_SHIFT;
    w->A--;
    if (w->d)
        set_del(&w->exposed, i);
    if (w->comm)
        w->comm[g->community[i]]--;
    int bass = w->s.model == RM_WOM_BASS;
    for (int64_t e = g->offset[i]; e < g->offset[i + 1]; e++) {
        int32_t j = g->adj[e];
        uint32_t v = --P[j];
        if (detractor) {
            if (w->d[j]++ == 0 && STATE(v) == POTENTIAL)
                w->reached++;
            if (STATE(v) == ADOPTER)
                set_add(&w->exposed, j);
        }
        /* one who hears no one any more is dropped from the list lazily */
        if (bass && !w->scan && STATE(v) == POTENTIAL && ((v & A_MASK) > 0 || detracting(w, j) > 0))
            frontier_add(w, j);
    }
    w->period_edges += rm_degree(g, i);
    w->period_left++;
    if (detractor)
        w->D++;
}

static double deterred(const rm_wom *w, int32_t i)
{
    int64_t k = rm_degree(w->g, i);
    int32_t d = detracting(w, i);
    return k > 0 && d > 0 ? 1.0 - w->s.deterrence * (double)d / (double)k : 1.0;
}

/* k people drawn uniformly without replacement from the `have` people in
 * state st and not chosen, handed to fn in the order drawn. fn must take
 * them out of that set (adopt, leave or mark chosen). Ids are drawn at
 * random and kept when they qualify (exact: each draw is uniform over
 * the rest), unless that would take more than N draws; then one pass
 * over everyone picks each qualifying person with chance
 * (wanted left) / (qualifying left) (Knuth's selection sampling). */
static void pick(rm_wom *w, unsigned st, int64_t k, int64_t have, void (*fn)(rm_wom *, int32_t))
{
    k = k < have ? k : have;
    if (k <= 0)
        return;
    uint32_t N = (uint32_t)w->N;
    const uint32_t *P = w->P;
    if ((double)k * N / (double)(have - k + 1) <= N) {
        for (int64_t got = 0; got < k;) {
            int32_t i = (int32_t)rm_rng_below(w->rng, N);
            if (STATE(P[i]) == st && !(P[i] & F_CHOSEN)) {
                fn(w, i);
                got++;
            }
        }
        return;
    }
    for (uint32_t i = 0; i < N && k > 0; i++) {
        if (STATE(P[i]) != st || (P[i] & F_CHOSEN))
            continue;
        if (rm_rng_uniform(w->rng) * (double)have < (double)k) {
            fn(w, (int32_t)i);
            k--;
        }
        have--;
    }
}

/* ---- seeding --------------------------------------------------------------- */

/* A seed adopts now and, in a cascade, gets its chance to convince its
 * neighbours in the next period, as a new adopter would. */
static void seed_one(rm_wom *w, int32_t i)
{
    adopt(w, i);
    if (w->prev)
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
    pick(w, POTENTIAL, k, w->N - w->ever, seed_one);
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
        if (STATE(w->P[i]) == POTENTIAL)
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
        if (STATE(w->P[nodes[i]]) == POTENTIAL)
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
    int64_t out = (int64_t)rm_rng_binomial(w->rng, (uint64_t)w->A, s->churn);
    pick(w, ADOPTER, out, w->A, leave);
    if (s->churn_push <= 0 || !w->d || w->exposed.n == 0)
        return;
    /* adopters hearing detractors: the extra hazard, given they did not
     * already leave above */
    int64_t n = w->exposed.n;
    memcpy(w->tmp, w->exposed.item, (size_t)n * sizeof *w->tmp);
    for (int64_t k = 0; k < n; k++) {
        int32_t i = w->tmp[k];
        if (STATE(w->P[i]) != ADOPTER)
            continue;
        double share = (double)w->d[i] / (double)rm_degree(w->g, i);
        double extra = s->churn * s->churn_push * share / (1 - s->churn);
        if (rm_rng_uniform(w->rng) < extra)
            leave(w, i);
    }
}

static inline void choose(rm_wom *w, int32_t i)
{
    if (!(w->P[i] & F_CHOSEN)) {
        w->P[i] |= F_CHOSEN;
        w->fresh[w->nfresh++] = i;
    }
}

/* A community partly closed (e.g. to a rival's buyers) thins every
 * adoption chance there: does person i's pass? */
static inline int open_to(const rm_wom *w, rm_rng *rng, int32_t i)
{
    if (!w->open)
        return 1;
    double f = w->open[w->g->community[i]];
    return f >= 1 || rm_rng_uniform(rng) < f;
}

/* i would adopt: chosen, unless its community is closed to it. */
static inline void adopt_if_open(rm_wom *w, rm_rng *rng, int32_t i)
{
    if (open_to(w, rng, i))
        choose(w, i);
}

/* Bass imitation of a person who hears a detractor. */
static void imitate_deterred(rm_wom *w, rm_rng *rng, int32_t i, uint32_t a)
{
    const rm_wom_spec *s = &w->s;
    double k = (double)rm_degree(w->g, i);
    uint32_t r = rm_rng_next(rng);
    double keep = deterred(w, i), base = s->p * keep;
    double chance = base >= 1 ? 1 : s->q * (double)a / k * keep / (1 - base);
    if (chance >= 1 || (double)r * 0x1.0p-32 < chance)
        adopt_if_open(w, rng, i);
}

/* Bass imitation for person i, v its word; returns 0 when i is not in
 * the frontier (adopted, or hears no one). plain32 is q / (1 - p) 2^32:
 * r / 2^32 < plain a / k is tested without a division. */
static inline int imitate(rm_wom *w, rm_rng *rng, int32_t i, uint32_t v, double plain32)
{
    int32_t d = w->d ? w->d[i] : 0;
    uint32_t a = v & A_MASK;
    if (STATE(v) != POTENTIAL || (a == 0 && d == 0))
        return 0;
    if ((v & F_CHOSEN) || a == 0)
        return 1;
    if (d) {
        imitate_deterred(w, rng, i, a);
        return 1;
    }
    double k = (double)(w->g->offset[i + 1] - w->g->offset[i]);
    if ((double)rm_rng_next(rng) * k < plain32 * (double)a)
        adopt_if_open(w, rng, i);
    return 1;
}

/* Bass imitation as one pass over everyone, in blocks: first who hears
 * someone (into the frontier list), who is already chosen (into the
 * adopters-to-be) and who needs a draw are found without branching on
 * them, then the draws run in a tight loop. Adopters-to-be come out in
 * id order within each block. Returns the frontier's length. */
#define SCAN_BLOCK 2048

/* Bass imitation draws for cand[0..nc), all hearing someone and open:
 * adopters-to-be marked and listed after fresh[0..nf); returns the new
 * nf. Apart, like classify, with the generator in registers. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int64_t draw_plain(const int32_t *restrict cand, int nc, uint32_t *restrict P,
                          const int64_t *restrict off, rm_rng *rng_, double plain32,
                          int32_t *restrict fresh, int64_t nf)
{
    rm_rng rng = *rng_;
    for (int k = 0; k < nc; k++) {
        int32_t i = cand[k];
        double deg = (double)(off[i + 1] - off[i]);
        uint32_t hit = (double)rm_rng_next(&rng) * deg < plain32 * (double)(P[i] & A_MASK);
        fresh[nf] = i;
        nf += hit;
        P[i] |= hit << 28;
    }
    *rng_ = rng;
    return nf;
}

/* The scan's inner loop without detractors, apart so that its counters
 * and lists stay in registers (inlined into scan_bass they spilled):
 * ids[0..len) into the not-adopted (pot), the chosen (fresh) and those
 * to draw for (cand, returned count). While scanning no one carries
 * F_FRONT or F_READY, so v >> 28 == 1 is "state 0 and chosen" and
 * v - 1 < F_CHOSEN - 1 "state 0, not chosen, a count > 0". */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int classify_plain(const int32_t *ids, int len, const uint32_t *restrict P, int32_t *pot,
                    int64_t *np_, int32_t *restrict fresh, int64_t *nf_, int32_t *restrict cand)
{
    int64_t np = *np_, nf = *nf_;
    int nc = 0;
    for (int k = 0; k < len; k++) {
        int32_t i = ids[k];
        uint32_t v = P[i];
        pot[np] = i;
        np += v < (1u << ST_SHIFT);
        fresh[nf] = i;
        nf += v >> 28 == 1;
        cand[nc] = i;
        nc += v - 1u < F_CHOSEN - 1u;
    }
    *np_ = np;
    *nf_ = nf;
    return nc;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#include <pthread.h>
#include <stdatomic.h>
#define HAVE_VECTOR_SCAN 1

/* The same with AVX2, 8 people at a time: the three conditions as lane
 * masks, and each list left-packed by a permutation looked up from its
 * mask (then a whole vector stored, hence SCAN_SLACK). Identical lists. */
static int32_t pack_perm[256][8] __attribute__((aligned(32)));
static pthread_once_t pack_once = PTHREAD_ONCE_INIT;
static _Atomic int vector_scan = -1;   /* set once; rm_wom_vector_scan may clear it */

static int cpu_has_vectors(void)
{
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
}

static void vector_scan_init(void)
{
    for (int m = 0; m < 256; m++)
        for (int j = 0, n = 0; j < 8; j++)
            if (m >> j & 1)
                pack_perm[m][n++] = j;
    __builtin_cpu_init();
    if (vector_scan < 0)
        vector_scan = cpu_has_vectors();
}

/* Whether the vector loops run (the first call sets up their table). */
static int vectors_on(void)
{
    pthread_once(&pack_once, vector_scan_init);
    return vector_scan > 0;
}

__attribute__((target("avx2,popcnt"))) static inline int pack(int32_t *out, __m256i id, __m256i m)
{
    unsigned bits = (unsigned)_mm256_movemask_ps(_mm256_castsi256_ps(m));
    __m256i perm = _mm256_load_si256((const __m256i *)pack_perm[bits]);
    _mm256_storeu_si256((__m256i *)out, _mm256_permutevar8x32_epi32(id, perm));
    return __builtin_popcount(bits);
}

__attribute__((target("avx2,popcnt"), noinline))
static int classify_avx2(const int32_t *ids, int len, const uint32_t *restrict P, int32_t *pot,
                         int64_t *np_, int32_t *restrict fresh, int64_t *nf_, int32_t *restrict cand)
{
    int64_t np = *np_, nf = *nf_;
    int nc = 0, k = 0;
    const __m256i zero = _mm256_setzero_si256(), one = _mm256_set1_epi32(1),
                  below = _mm256_set1_epi32((int)(F_CHOSEN - 2u));
    /* pot may be ids itself, read ahead of where it is written: each
     * chunk is loaded before anything is stored over it */
    for (; k + 8 <= len; k += 8) {
        __m256i id = _mm256_loadu_si256((const __m256i *)(ids + k));
        __m256i v = _mm256_i32gather_epi32((const int *)P, id, 4);
        __m256i st0 = _mm256_cmpeq_epi32(_mm256_srli_epi32(v, ST_SHIFT), zero);
        __m256i chosen = _mm256_cmpeq_epi32(_mm256_srli_epi32(v, 28), one);
        __m256i vm1 = _mm256_sub_epi32(v, one);     /* v - 1 <= F_CHOSEN - 2, unsigned */
        __m256i draw = _mm256_cmpeq_epi32(_mm256_min_epu32(vm1, below), vm1);
        np += pack(pot + np, id, st0);
        nf += pack(fresh + nf, id, chosen);
        nc += pack(cand + nc, id, draw);
    }
    *np_ = np;
    *nf_ = nf;
    return nc + classify_plain(ids + k, len - k, P, pot, np_, fresh, nf_, cand + nc);
}

enum { DRAW_AHEAD = 24 };

/* The draws 4 at a time: the generator still steps once a person in
 * order, and the test is the same double arithmetic as draw_plain's
 * (exact conversions, one rounding per product), so the same people. */
__attribute__((target("avx2,popcnt"), noinline))
static int64_t draw_avx2(const int32_t *restrict cand, int nc, uint32_t *restrict P,
                         const int64_t *restrict off, rm_rng *rng_, double plain32,
                         int32_t *restrict fresh, int64_t nf)
{
    rm_rng rng = *rng_;
    const __m256i exp52 = _mm256_set1_epi64x(0x4330000000000000);    /* 2^52 as a double */
    const __m256d two52 = _mm256_set1_pd(0x1p52), two31 = _mm256_set1_pd(0x1p31),
                  scale = _mm256_set1_pd(plain32);
    const __m128i amask = _mm_set1_epi32((int)A_MASK), sign = _mm_set1_epi32(INT32_MIN);
    int k = 0;
    for (; k + 4 <= nc; k += 4) {
        /* each candidate's offsets are a line of their own: fetch ahead */
        for (int j = k + DRAW_AHEAD; j < k + DRAW_AHEAD + 4 && j < nc; j++)
            PREFETCH(&off[cand[j]]);
        uint32_t r0 = rm_rng_next(&rng), r1 = rm_rng_next(&rng);
        uint32_t r2 = rm_rng_next(&rng), r3 = rm_rng_next(&rng);
        __m128i id = _mm_loadu_si128((const __m128i *)(cand + k));
        __m256i lo = _mm256_i32gather_epi64((const long long *)off, id, 8);
        __m256i hi = _mm256_i32gather_epi64((const long long *)(off + 1), id, 8);
        /* a degree (< 2^52) to a double: its bits under 2^52's, less 2^52 */
        __m256d deg = _mm256_sub_pd(
            _mm256_castsi256_pd(_mm256_or_si256(_mm256_sub_epi64(hi, lo), exp52)), two52);
        __m128i v = _mm_i32gather_epi32((const int *)P, id, 4);
        __m256d a = _mm256_cvtepi32_pd(_mm_and_si128(v, amask));
        /* unsigned 32 bits to a double: as signed, shifted by 2^31 */
        __m128i r = _mm_xor_si128(_mm_set_epi32((int)r3, (int)r2, (int)r1, (int)r0), sign);
        __m256d rd = _mm256_add_pd(_mm256_cvtepi32_pd(r), two31);
        unsigned bits = (unsigned)_mm256_movemask_pd(
            _mm256_cmp_pd(_mm256_mul_pd(rd, deg), _mm256_mul_pd(scale, a), _CMP_LT_OQ));
        for (int j = 0; j < 4; j++) {
            int32_t i = cand[k + j];
            uint32_t hit = bits >> j & 1;
            fresh[nf] = i;
            nf += hit;
            P[i] |= hit << 28;
        }
    }
    *rng_ = rng;
    return draw_plain(cand + k, nc - k, P, off, rng_, plain32, fresh, nf);
}
#endif

static int64_t draw(const int32_t *cand, int nc, uint32_t *P, const int64_t *off, rm_rng *rng,
                    double plain32, int32_t *fresh, int64_t nf)
{
#ifdef HAVE_VECTOR_SCAN
    if (vectors_on())
        return draw_avx2(cand, nc, P, off, rng, plain32, fresh, nf);
#endif
    return draw_plain(cand, nc, P, off, rng, plain32, fresh, nf);
}

static int classify(const int32_t *ids, int len, const uint32_t *P, int32_t *pot, int64_t *np,
                    int32_t *fresh, int64_t *nf, int32_t *cand)
{
#ifdef HAVE_VECTOR_SCAN
    if (vectors_on())
        return classify_avx2(ids, len, P, pot, np, fresh, nf, cand);
#endif
    return classify_plain(ids, len, P, pot, np, fresh, nf, cand);
}

int rm_wom_vector_scan(int enable)
{
#ifdef HAVE_VECTOR_SCAN
    pthread_once(&pack_once, vector_scan_init);
    vector_scan = enable && cpu_has_vectors();
    return vector_scan;
#else
    (void)enable;
    return 0;
#endif
}
static int64_t scan_bass(rm_wom *w, rm_rng *rng, double plain32)
{
    uint32_t *P = w->P;
    const int64_t *off = w->g->offset;
    const int32_t *D = w->d;
    int32_t *fr = w->frontier, *fresh = w->fresh, idbuf[SCAN_BLOCK], cand[SCAN_BLOCK + SCAN_SLACK];
    int64_t n = 0, nf = 0, np = 0;
    /* everyone the first time; then those not adopted at the last pass
     * (a shrinking list, still in id order, rewritten as it is read).
     * With detractors, blocks are ranges of ids either way, so the draws
     * interleave the same way whichever is walked; without, every draw
     * is made in id order whatever the blocks, and the list is read in
     * place, a block of entries at a time. */
    int32_t *pot = w->pot;
    int64_t q = 0;
    int inplace = !D && w->npot >= 0;
    for (int32_t b0 = 0; inplace ? q < w->npot : b0 < w->N; b0 += SCAN_BLOCK) {
        int32_t b1 = w->N - b0 < SCAN_BLOCK ? w->N : b0 + SCAN_BLOCK;
        const int32_t *ids = idbuf;
        int len = 0;
        if (inplace) {
            len = w->npot - q < SCAN_BLOCK ? (int)(w->npot - q) : SCAN_BLOCK;
            ids = pot + q;      /* rewritten behind the reading: np <= q + k */
            q += len;
        } else if (w->npot >= 0) {
            while (q < w->npot && pot[q] < b1)
                idbuf[len++] = pot[q++];
        } else {
            for (int32_t i = b0; i < b1; i++)
                idbuf[len++] = i;
        }
        int nc = 0;
        if (!D) {
            /* no detractors: the fewest operations a person, since this
             * is the loop every period walks; the frontier (who hears
             * someone) is only counted, as those to draw for and the
             * chosen with a count (frontier_from_scan lists it when it
             * is needed) */
            int64_t nf0 = nf;
            nc = classify(ids, len, P, pot, &np, fresh, &nf, cand);
            n += nc;
            for (int64_t k = nf0; k < nf; k++)
                n += (P[fresh[k]] & A_MASK) != 0;
        }
        for (int k = 0; D && k < len; k++) {
            int32_t i = ids[k];
            uint32_t v = P[i], a = v & A_MASK;
            int32_t d = D[i];
            uint32_t pt = (v >> ST_SHIFT) == 0, chosen = pt & (v >> 28) & 1;
            uint32_t hears = pt & ((a > 0) | (d > 0));
            pot[np] = i;
            np += pt;
            fr[n] = i;
            n += hears;
            fresh[nf] = i;
            nf += chosen;
            if (d > 0) {            /* hears a detractor: the general formula */
                if (hears && !chosen && a > 0) {
                    w->nfresh = nf;
                    imitate_deterred(w, rng, i, a);
                    nf = w->nfresh;
                }
                continue;
            }
            cand[nc] = i;
            nc += hears & !chosen & (a > 0);
        }
        for (int k = 0; w->open && k < nc; k++) {
            int32_t i = cand[k];
            double deg = (double)(off[i + 1] - off[i]);
            if ((double)rm_rng_next(rng) * deg < plain32 * (double)(P[i] & A_MASK)) {
                w->nfresh = nf;
                adopt_if_open(w, rng, i);
                nf = w->nfresh;
            }
        }
        if (!w->open)
            nf = draw(cand, nc, P, off, rng, plain32, fresh, nf);
    }
    w->nfresh = nf;
    w->npot = np;
    return n;
}

/* After the pass that finds the frontier short (no detractors): the
 * frontier list, in id order as that pass would have written it, from
 * everyone not adopted (all in w->pot, in id order: a person never goes
 * back to state 0). */
static void frontier_from_scan(rm_wom *w)
{
    const uint32_t *P = w->P;
    int64_t n = 0;
    for (int64_t k = 0; k < w->npot; k++) {
        int32_t i = w->pot[k];
        w->frontier[n] = i;
        n += (P[i] & ~F_CHOSEN) - 1u < A_MASK;
    }
}

static void decide_network(rm_wom *w)
{
    const rm_wom_spec *s = &w->s;
    const rm_network *g = w->g;
    w->nfresh = 0;
    w->fresh_sorted = 0;
    /* innovation: a binomial count of candidates drawn from the people
     * who have not adopted, then thinned by deterrence and closed
     * communities (the rejected may still imitate) */
    int64_t K = (int64_t)rm_rng_binomial(w->rng, (uint64_t)(w->N - w->ever), s->p);
    pick(w, POTENTIAL, K, w->N - w->ever, choose);
    if (w->d || w->open) {
        int64_t kept = 0;
        for (int64_t k = 0; k < w->nfresh; k++) {
            int32_t i = w->fresh[k];
            if ((detracting(w, i) == 0 || rm_rng_uniform(w->rng) < deterred(w, i)) &&
                open_to(w, w->rng, i))
                w->fresh[kept++] = i;
            else
                w->P[i] &= ~F_CHOSEN;
        }
        w->nfresh = kept;
    }
    if (s->model == RM_WOM_BASS) {
        /* imitation, given not innovation: q a/k keep / (1 - p keep).
         * A long frontier is found by one pass over everyone in id order
         * (sequential memory; adoptions then keep no list), a short one
         * walked entry by entry from its list; either way the list is
         * left compact, and a pass that finds it short goes back to it. */
        double plain = s->p < 1 ? s->q / (1 - s->p) : HUGE_VAL;
        double plain32 = plain * 0x1.0p32;
        int64_t n = 0;
        uint32_t *P = w->P;
        int32_t *fr = w->frontier;
        if (!w->scan && w->nfrontier > w->N / 32) {
            /* no list and no list flags while scanning */
            for (int64_t f = 0; f < w->nfrontier; f++)
                P[fr[f]] &= ~F_FRONT;
            w->scan = 1;
            w->npot = -1;
        }
        /* the generator in a local: its state is the only chain between people */
        rm_rng rng = *w->rng;
        if (w->scan) {
            n = scan_bass(w, &rng, plain32);
            w->fresh_sorted = 1;
            if (n <= w->N / 64) {
                if (!w->d)
                    frontier_from_scan(w);
                w->scan = 0;
                for (int64_t f = 0; f < n; f++)
                    P[fr[f]] |= F_FRONT;
            }
        } else {
            for (int64_t f = 0; f < w->nfrontier; f++) {
                int32_t i = fr[f];
                if (imitate(w, &rng, i, P[i], plain32))
                    fr[n++] = i;
                else
                    P[i] &= ~F_FRONT;
            }
        }
        w->nfrontier = n;
        *w->rng = rng;
    } else if (s->model == RM_WOM_CASCADE) {
        for (int64_t k = 0; k < w->nprev; k++) {
            int32_t i = w->prev[k];
            for (int64_t e = g->offset[i]; e < g->offset[i + 1]; e++) {
                int32_t j = g->adj[e];
                uint32_t v = w->P[j];
                if (STATE(v) == POTENTIAL && !(v & F_CHOSEN) &&
                    (double)rm_rng_next(w->rng) * 0x1.0p-32 < s->q * deterred(w, j))
                    adopt_if_open(w, w->rng, j);
            }
            w->period_edges += rm_degree(g, i);
        }
    } else {
        int64_t keep = 0;
        for (int64_t k = 0; k < w->nready; k++) {
            int32_t i = w->ready[k];
            uint32_t v = w->P[i];
            if (STATE(v) != POTENTIAL) {
                w->P[i] = v & ~F_READY;
                continue;
            }
            if ((v & A_MASK) < s->threshold * (double)rm_degree(g, i)) {
                w->P[i] = v & ~F_READY;     /* fell back below: re-armed by the next adoption */
                continue;
            }
            if (detracting(w, i) == 0 || rm_rng_uniform(w->rng) < deterred(w, i))
                adopt_if_open(w, w->rng, i);
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
        /* many adoptions are applied in id order: their neighbour lists
         * are then read front to back through memory */
        if (!w->fresh_sorted && w->nfresh > w->N / 64) {
            int64_t n = 0;
            for (int32_t i = 0; i < w->N; i++)
                if (w->P[i] & F_CHOSEN)
                    w->fresh[n++] = i;
        }
        /* each adopter's neighbour list is a read from far away: fetch
         * a few adopters ahead */
        const int64_t *off = w->g->offset;
        if (w->s.model == RM_WOM_BASS && w->scan && !w->d) {
            /* Bass while the frontier is a pass over everyone, and no
             * detractors: no lists to keep, so each adopter's state and
             * its neighbours' counts in one tight loop (a state change
             * and a count's increment commute, so the order of
             * adoptions within a period changes nothing here) */
            uint32_t *P = w->P;
            const int32_t *adj = w->g->adj, *fresh = w->fresh;
            int64_t nfresh = w->nfresh, edges = 0;
            for (int64_t k = 0; k < nfresh; k++) {
                fetch_ahead(off, adj, fresh, k, nfresh);
                int32_t i = fresh[k];
                P[i] = (P[i] & ~(ST_MASK | F_CHOSEN | F_READY)) | (uint32_t)ADOPTER << ST_SHIFT;
                for (int64_t e = off[i], end = off[i + 1]; e < end; e++)
                    P[adj[e]]++;
                edges += off[i + 1] - off[i];
            }
            for (int64_t k = 0; w->comm && k < nfresh; k++)
                w->comm[w->g->community[fresh[k]]]++;
            w->A += nfresh;
            w->ever += nfresh;
            w->period_edges += edges;
        } else {
            for (int64_t k = 0; k < w->nfresh; k++) {
                fetch_ahead(off, w->g->adj, w->fresh, k, w->nfresh);
                adopt(w, w->fresh[k]);
            }
        }
        r->new_adopters = (double)w->nfresh;
        if (w->prev) {
            int32_t *swap = w->prev;
            w->prev = w->fresh;
            w->nprev = w->nfresh;
            w->fresh = swap;
        }
        r->churned = (double)w->period_left;
        r->reach = (double)w->reached;
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
    pick(w, ADOPTER, k, w->A, leave);
}

int32_t rm_wom_people(const rm_wom *w) { return w->N; }

int64_t rm_wom_community_adopters(const rm_wom *w, int c)
{
    return w && w->comm && c >= 0 && c < w->g->ncommunities ? w->comm[c] : -1;
}

int64_t rm_wom_edges_visited(const rm_wom *w) { return w->edges; }
