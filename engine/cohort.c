/* cohort.c - customer population, acquisition, churn, win-back, value.
 *
 * Event-driven segments (constant and sBG hazards) draw a lifetime when
 * a customer arrives and book the departure in a per-period bucket
 * (count and spend); a period then costs O(1). The sBG lifetime is drawn
 * by inverting the survival curve S(t), one uniform and a binary search,
 * instead of a beta and a geometric draw. Satisfaction-driven segments
 * keep a dense list of their active customers and step each one. */
#include "rmsim/budget.h"
#include "rmsim/cohort.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmsim/memory.h"
#include "rmsim/sbg.h"

#define NEVER INT32_MAX
#define LEAVE16_NEVER 0xffffu

typedef struct segstate {
    rm_segment_spec spec;
    double *leave_n;        /* [periods] customers leaving at the end of period p */
    double *leave_spend;    /* [periods] their spend */
    double *surv;           /* [periods + 1] sBG S(k), for drawing lifetimes */
    int32_t *guide;         /* [nguide] where to start searching S for a uniform */
    int nguide;
    int32_t *act;           /* satisfaction-driven: active customers */
    long nact, act_cap;
    double active, active_spend;
    double pool;            /* churned and not (yet) won back */
    double referrals;       /* expected referrals for the next period */
    double cum_acquired, cum_value;
} segstate;

/* Customers arrive in runs that share a period and a segment: kept once
 * per run rather than per customer. */
typedef struct arrival {
    long first;             /* customers first .. the next run's first - 1 */
    int32_t t;              /* period acquired */
    int seg;
} arrival;

struct rm_cohort {
    rm_cohort_spec spec;
    rm_rng *rng;
    int next_t;
    long n, cap;
    /* period at whose end it leaves: 16 bits when the run is shorter
     * than 65535 periods (NEVER is then LEAVE16_NEVER), else 32; half
     * the memory to fault in for the usual horizons */
    void *leave;
    int narrow;
    float *spend;           /* only when a segment's spend varies (spend_cv > 0) */
    float *sat, *loyalty;   /* only with a satisfaction-driven segment */
    arrival *arr;
    long narr, arr_cap;
    int has_spread;
    segstate s[RM_SEGMENTS_MAX];
    rm_cohort_period *res;  /* [(nsegments + 1) * periods]; totals last */
    int has_satisfaction;   /* sat and loyalty exist only then */
    long external;          /* won elsewhere, joining at the next step */
    double cum_acquired, cum_value;
};

rm_segment_spec rm_segment_defaults(const char *name)
{
    rm_segment_spec s;
    memset(&s, 0, sizeof s);
    snprintf(s.name, sizeof s.name, "%s", name);
    s.share = 1.0;
    s.churn = RM_CHURN_CONSTANT;
    s.rate = 0.1;
    s.alpha = 1.0;
    s.beta = 1.0;
    s.sensitivity = 3.0;
    s.satisfaction = 0.7;
    s.satisfaction_sd = 0.15;
    s.quality = 0.7;
    s.adapt = 0.2;
    s.loyalty_adapt = 0.3;
    s.spend = 1.0;
    s.margin = 1.0;
    s.hazard_factor = 1.0;
    s.price_factor = 1.0;
    return s;
}

rm_cohort_spec rm_cohort_defaults(void)
{
    rm_cohort_spec s;
    memset(&s, 0, sizeof s);
    s.periods = 12;
    return s;
}

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

static int check_prob(const char *seg, const char *what, double v, rm_error *err)
{
    if (!(v >= 0 && v <= 1))
        return rm_errorf(err, "segment '%s': %s must be in [0, 1] (got %g)", seg, what, v);
    return 0;
}

static int check_nonneg(const char *seg, const char *what, double v, rm_error *err)
{
    if (!(v >= 0) || !isfinite(v))
        return rm_errorf(err, "segment '%s': %s must be a finite number >= 0 (got %g)", seg, what, v);
    return 0;
}

static int validate_segment(const rm_segment_spec *g, rm_error *err)
{
    const char *n = g->name;
    if (check_nonneg(n, "share", g->share, err) || check_prob(n, "rate", g->rate, err) ||
        check_prob(n, "satisfaction", g->satisfaction, err) ||
        check_nonneg(n, "satisfaction_sd", g->satisfaction_sd, err) ||
        check_prob(n, "quality", g->quality, err) || check_prob(n, "adapt", g->adapt, err) ||
        check_prob(n, "loyalty_adapt", g->loyalty_adapt, err) ||
        check_nonneg(n, "spend", g->spend, err) || check_nonneg(n, "spend_cv", g->spend_cv, err) ||
        check_prob(n, "margin", g->margin, err) || check_nonneg(n, "referral", g->referral, err) ||
        check_nonneg(n, "retention_cost", g->retention_cost, err) ||
        check_prob(n, "winback", g->winback, err) ||
        check_nonneg(n, "hazard_factor", g->hazard_factor, err) ||
        check_nonneg(n, "price_factor", g->price_factor, err) ||
        check_nonneg(n, "sensitivity", g->sensitivity, err))
        return -1;
    if (g->churn == RM_CHURN_SBG && !(g->alpha > 0 && g->beta > 0 && isfinite(g->alpha) &&
                                      isfinite(g->beta) && g->alpha < 1e6 && g->beta < 1e6))
        return rm_errorf(err, "segment '%s': sBG alpha and beta must be in (0, 1e6) (got %g, %g)",
                         n, g->alpha, g->beta);
    if (g->referral > 100)
        return rm_errorf(err, "segment '%s': referral must be at most 100 per customer", n);
    return 0;
}

static int validate(const rm_cohort_spec *s, rm_error *err)
{
    if (s->nsegments < 1 || s->nsegments > RM_SEGMENTS_MAX)
        return rm_errorf(err, "a cohort needs 1 to %d segments (got %d)", RM_SEGMENTS_MAX,
                         s->nsegments);
    if (s->periods < 1 || s->periods > 1000000)
        return rm_errorf(err, "periods must be in [1, 1000000] (got %d)", s->periods);
    if (s->capacity < 0 || s->capacity > RM_CAPACITY_MAX)
        return rm_errorf(err, "capacity must be in [0, %ld] (got %ld)", RM_CAPACITY_MAX, s->capacity);
    if (s->initial < 0 || s->initial > RM_CAPACITY_MAX)
        return rm_errorf(err, "initial must be in [0, %ld] (got %ld)", RM_CAPACITY_MAX, s->initial);
    if (!(s->acquisition_rate >= 0 && s->acquisition_rate <= 1e9) ||
        !(s->acquisition_budget >= 0 && isfinite(s->acquisition_budget)) ||
        !(s->acquisition_cost >= 0 && isfinite(s->acquisition_cost)))
        return rm_errorf(err, "acquisition rate (<= 1e9), budget and cost must be >= 0");
    if (s->acquisition_budget > 0 && !(s->acquisition_cost > 0))
        return rm_errorf(err, "an acquisition budget needs an acquisition cost > 0");
    if (s->acquisition_cost > 0 && s->acquisition_budget / s->acquisition_cost > 1e9)
        return rm_errorf(err, "acquisition budget / cost is over 1e9 customers a period");
    if (!(s->discount >= 0 && s->discount <= 10))
        return rm_errorf(err, "discount must be in [0, 10] (got %g)", s->discount);
    double share = 0;
    for (int i = 0; i < s->nsegments; i++) {
        if (validate_segment(&s->seg[i], err) < 0)
            return -1;
        share += s->seg[i].share;
        for (int j = 0; j < i; j++)
            if (strcmp(s->seg[i].name, s->seg[j].name) == 0)
                return rm_errorf(err, "two segments are named '%s'", s->seg[i].name);
    }
    if (!(share > 0))
        return rm_errorf(err, "segment shares must not all be 0");
    return 0;
}

/* S(k) for k = 0..periods (sBG, or constant: (1 - h)^k), and a guide table (Chen & Asau 1974): for u
 * in cell j = [j/K, (j+1)/K), the smallest k with S(k) <= (j+1)/K is
 * where the search for the smallest k with S(k) <= u starts. With K = 32
 * times the number of periods, a draw takes about one step. */
static void lifetime_table(segstate *g, int periods)
{
    g->surv[0] = 1.0;
    double a = g->spec.alpha, b = g->spec.beta;
    double keep = 1.0 - clamp01(g->spec.rate * g->spec.hazard_factor);
    for (int k = 1; k <= periods; k++)
        g->surv[k] = g->spec.churn == RM_CHURN_SBG ? g->surv[k - 1] * (b + k - 1) / (a + b + k - 1)
                                                   : g->surv[k - 1] * keep;
    int k = periods;
    for (int j = 0; j < g->nguide; j++) {
        double hi = (double)(j + 1) / g->nguide;
        while (k > 1 && g->surv[k - 1] <= hi)
            k--;
        g->guide[j] = k;
    }
}

rm_cohort *rm_cohort_new(const rm_cohort_spec *spec, rm_rng *rng, rm_error *err)
{
    if (validate(spec, err) < 0)
        return NULL;
    rm_cohort *c = rm_calloc(1, sizeof *c);
    if (!c) {
        rm_errorf(err, "out of memory");
        return NULL;
    }
    c->spec = *spec;
    c->narrow = spec->periods < (int)LEAVE16_NEVER;
    c->rng = rng;
    for (int i = 0; i < spec->nsegments; i++) {
        c->has_satisfaction |= spec->seg[i].churn == RM_CHURN_SATISFACTION;
        c->has_spread |= spec->seg[i].spend_cv > 0;
    }
    int P = spec->periods, bad = 0;
    for (int i = 0; i < spec->nsegments; i++) {
        segstate *g = &c->s[i];
        g->spec = spec->seg[i];
        g->leave_n = rm_calloc((size_t)P, sizeof *g->leave_n);
        g->leave_spend = rm_calloc((size_t)P, sizeof *g->leave_spend);
        g->surv = rm_calloc((size_t)P + 1, sizeof *g->surv);
        g->nguide = 32 * P + 256;
        g->guide = rm_calloc((size_t)g->nguide, sizeof *g->guide);
        bad |= !g->leave_n || !g->leave_spend || !g->surv || !g->guide;
        if (!bad)
            lifetime_table(g, P);
    }
    c->res = rm_calloc((size_t)(spec->nsegments + 1) * (size_t)P, sizeof *c->res);
    if (bad || !c->res) {
        rm_cohort_free(c);
        rm_errorf(err, "out of memory");
        return NULL;
    }
    return c;
}

void rm_cohort_free(rm_cohort *c)
{
    if (!c)
        return;
    for (int i = 0; i < RM_SEGMENTS_MAX; i++) {
        rm_free(c->s[i].leave_n);
        rm_free(c->s[i].leave_spend);
        rm_free(c->s[i].surv);
        rm_free(c->s[i].guide);
        rm_free(c->s[i].act);
    }
    rm_free(c->leave);
    rm_free(c->spend);
    rm_free(c->sat);
    rm_free(c->loyalty);
    rm_free(c->arr);
    rm_free(c->res);
    rm_free(c);
}

static int grow(rm_cohort *c, long need, rm_error *err)
{
    if (need <= c->cap)
        return 0;
    long limit = c->spec.capacity ? c->spec.capacity : RM_CAPACITY_MAX;
    if (need > limit)
        return rm_errorf(err, "cohort capacity of %ld customers reached (raise capacity)", limit);
    long cap = c->cap ? c->cap : 1024;
    while (cap < need)
        cap *= 2;
    if (cap > limit)
        cap = limit;
/* moved by hand rather than realloc'd: large arrays go on huge pages */
#define GROW_BY(p, size) do { void *q = rm_big_alloc((size_t)cap * (size)); \
                     if (!q) return rm_errorf(err, "out of memory for %ld customers", cap); \
                     if (c->n) memcpy(q, c->p, (size_t)c->n * (size)); \
                     rm_free(c->p); \
                     c->p = q; } while (0)
#define GROW(p) GROW_BY(p, sizeof *c->p)
    GROW_BY(leave, c->narrow ? sizeof(uint16_t) : sizeof(int32_t));
    if (c->has_spread)
        GROW(spend);
    if (c->has_satisfaction) {
        GROW(sat);
        GROW(loyalty);
    }
#undef GROW
#undef GROW_BY
    c->cap = cap;
    return 0;
}

/* Periods a customer stays, from period `from` on, given `tenure`
 * periods already survived; NEVER when past the end of the run. */
static int32_t draw_lifetime(rm_cohort *c, segstate *g, int tenure)
{
    const rm_segment_spec *s = &g->spec;
    double f = s->hazard_factor;
    uint64_t life;
    /* the table holds S for constant hazards, and for sBG as acquired */
    if (s->churn == RM_CHURN_CONSTANT || (f == 1.0 && tenure == 0)) {
        /* 32 bits are plenty here: S is a table of doubles, not a density */
        double u = ((double)rm_rng_next(c->rng) + 0.5) * 0x1.0p-32;
        int P = c->spec.periods;
        if (g->surv[P] > u)
            return NEVER;
        int k = g->guide[(int)(u * g->nguide)];
        while (g->surv[k] > u)
            k++;
        return k;
    }
    double theta = s->churn == RM_CHURN_SBG
                       ? rm_rng_beta(c->rng, s->alpha, s->beta + tenure)
                       : s->rate;
    double h = clamp01(theta * f);
    if (h <= 0)
        return NEVER;
    life = rm_rng_geometric(c->rng, h);
    return life > (uint64_t)c->spec.periods ? NEVER : (int32_t)life;
}

/* Customer i's spend: its own draw, or its segment's when all are equal. */
static inline float spend_of(const rm_cohort *c, const segstate *g, long i)
{
    return c->spend ? c->spend[i] : (float)g->spec.spend;
}

static inline int32_t leave_of(const rm_cohort *c, long i)
{
    if (!c->narrow)
        return ((const int32_t *)c->leave)[i];
    uint16_t v = ((const uint16_t *)c->leave)[i];
    return v == LEAVE16_NEVER ? NEVER : v;
}

static inline uint16_t narrow_leave(int32_t p)
{
    return p == NEVER ? LEAVE16_NEVER : (uint16_t)p;
}

static inline void set_leave(rm_cohort *c, long i, int32_t p)
{
    if (c->narrow)
        ((uint16_t *)c->leave)[i] = narrow_leave(p);
    else
        ((int32_t *)c->leave)[i] = p;
}

static void book(rm_cohort *c, segstate *g, long i, int from, int32_t life)
{
    if (life == NEVER || (long)from + life - 1 >= c->spec.periods) {
        set_leave(c, i, NEVER);
        return;
    }
    int p = from + life - 1;
    set_leave(c, i, p);
    g->leave_n[p] += 1;
    g->leave_spend[p] += spend_of(c, g, i);
}

static int add_customers(rm_cohort *c, int gi, long k, int t, rm_error *err)
{
    if (k <= 0)
        return 0;
    if (grow(c, c->n + k, err) < 0)
        return -1;
    segstate *g = &c->s[gi];
    const rm_segment_spec *s = &g->spec;
    double cv2 = s->spend_cv * s->spend_cv;
    if (s->churn == RM_CHURN_SATISFACTION && g->nact + k > g->act_cap) {
        long cap = g->act_cap ? g->act_cap : 1024;
        while (cap < g->nact + k)
            cap *= 2;
        int32_t *q = rm_realloc(g->act, (size_t)cap * sizeof *q);
        if (!q)
            return rm_errorf(err, "out of memory");
        g->act = q;
        g->act_cap = cap;
    }
    if (c->narr == c->arr_cap) {
        long cap = c->arr_cap ? 2 * c->arr_cap : 64;
        arrival *q = rm_realloc(c->arr, (size_t)cap * sizeof *q);
        if (!q)
            return rm_errorf(err, "out of memory");
        c->arr = q;
        c->arr_cap = cap;
    }
    long first = c->n;
    c->arr[c->narr++] = (arrival){first, t, gi};
    double spend_sum = 0;
    long general = first + k;
    if (cv2 == 0 && !c->has_satisfaction && s->churn != RM_CHURN_SATISFACTION &&
        (s->churn == RM_CHURN_CONSTANT || s->hazard_factor == 1.0)) {
        /* the common case, as draw_lifetime and book do it, in one loop
         * with the generator in a local (its state is the only chain
         * from one customer to the next) */
        rm_rng r = *c->rng;
        const double *surv = g->surv;
        const int32_t *guide = g->guide;
        int P = c->spec.periods, nguide = g->nguide;
        float sp = (float)s->spend;
        uint16_t *leave16 = c->narrow ? c->leave : NULL;
        int32_t *leave32 = c->narrow ? NULL : c->leave;
        double *leave_n = g->leave_n, *leave_spend = g->leave_spend, never = surv[P];
        for (long i = first; i < first + k; i++) {
            spend_sum += sp;
            double u = ((double)rm_rng_next(&r) + 0.5) * 0x1.0p-32;
            int32_t p = NEVER;
            if (never <= u) {
                /* the guide lands on or just before the answer: two steps
                 * without branches, then the rare longer walk */
                int life = guide[(int)(u * nguide)];
                life += surv[life] > u;
                life += surv[life] > u;
                while (surv[life] > u)
                    life++;
                if ((long)t + life - 1 < P)
                    p = t + life - 1;
            }
            if (leave16)
                leave16[i] = narrow_leave(p);
            else
                leave32[i] = p;
            if (p != NEVER) {
                leave_n[p] += 1;
                leave_spend[p] += sp;
            }
        }
        *c->rng = r;
        general = first;    /* done: no general loop */
    }
    for (long i = first; i < general; i++) {
        float sp = (float)(cv2 > 0 ? rm_rng_gamma(c->rng, 1.0 / cv2, s->spend * cv2) : s->spend);
        if (c->spend)
            c->spend[i] = sp;
        spend_sum += sp;
        if (s->churn == RM_CHURN_SATISFACTION) {
            double v = clamp01(rm_rng_normal(c->rng, s->satisfaction, s->satisfaction_sd));
            c->sat[i] = c->loyalty[i] = (float)v;
            set_leave(c, i, NEVER);
            g->act[g->nact++] = (int32_t)i;
        } else {
            if (c->has_satisfaction)
                c->sat[i] = c->loyalty[i] = NAN;
            book(c, g, i, t, draw_lifetime(c, g, 0));
        }
    }
    c->n = first + k;
    g->active += (double)k;
    g->active_spend += spend_sum;
    return 0;
}

/* Split n among segments by share (a multinomial draw). */
static void split(rm_cohort *c, long n, long *out)
{
    double left = 0;
    for (int i = 0; i < c->spec.nsegments; i++)
        left += c->s[i].spec.share;
    for (int i = 0; i < c->spec.nsegments; i++) {
        double p = left > 0 ? c->s[i].spec.share / left : 0;
        out[i] = (long)rm_rng_binomial(c->rng, (uint64_t)n, p > 1 ? 1 : p);
        n -= out[i];
        left -= c->s[i].spec.share;
    }
}

/* One period of a satisfaction-driven segment: satisfaction drifts,
 * loyalty follows, and each customer leaves with the hazard of its
 * loyalty. Returns satisfaction summed over the active customers. */
static double step_satisfaction(rm_cohort *c, segstate *g, int t, double *churned, double *lost)
{
    const rm_segment_spec *s = &g->spec;
    double base = s->rate * s->hazard_factor, sum_sat = 0;
    float noise = (float)(s->satisfaction_sd * 0.5);
    for (long j = 0; j < g->nact;) {
        int32_t i = g->act[j];
        float v = c->sat[i] + (float)s->adapt * ((float)s->quality - c->sat[i]);
        v += noise * (float)(2.0 * rm_rng_uniform(c->rng) - 1.0);
        v = v < 0 ? 0 : v > 1 ? 1 : v;
        c->sat[i] = v;
        c->loyalty[i] += (float)s->loyalty_adapt * (v - c->loyalty[i]);
        double h = clamp01(base * exp(s->sensitivity * (0.5 - c->loyalty[i])));
        sum_sat += v;
        if (rm_rng_uniform(c->rng) < h) {
            set_leave(c, i, t);
            *churned += 1;
            *lost += spend_of(c, g, i);
            g->act[j] = g->act[--g->nact];
        } else {
            j++;
        }
    }
    return sum_sat;
}

int rm_cohort_step(rm_cohort *c, int t, rm_error *err)
{
    if (t != c->next_t || t >= c->spec.periods)
        return rm_errorf(err, "cohort stepped at period %d, expected %d", t, c->next_t);
    const rm_cohort_spec *sp = &c->spec;
    int G = sp->nsegments;
    long paid[RM_SEGMENTS_MAX], free_new[RM_SEGMENTS_MAX];
    /* paid acquisition: a rate, or a budget at a cost per customer */
    long n_paid = (long)rm_rng_poisson(c->rng, sp->acquisition_rate);
    if (sp->acquisition_budget > 0) {
        double k = sp->acquisition_budget / sp->acquisition_cost;
        n_paid += (long)k + (rm_rng_uniform(c->rng) < k - floor(k));
    }
    split(c, n_paid, paid);
    split(c, t == 0 ? sp->initial : 0, free_new);
    long external[RM_SEGMENTS_MAX];
    split(c, c->external, external);
    c->external = 0;
    double delta = pow(1.0 + sp->discount, -t);
    rm_cohort_period *tot = &c->res[(size_t)G * (size_t)sp->periods + (size_t)t];
    memset(tot, 0, sizeof *tot);
    double sat_sum = 0, sat_n = 0;
    for (int gi = 0; gi < G; gi++) {
        segstate *g = &c->s[gi];
        const rm_segment_spec *s = &g->spec;
        long referred = (long)rm_rng_poisson(c->rng, g->referrals) + external[gi];
        long won = (long)rm_rng_binomial(c->rng, (uint64_t)g->pool, s->winback);
        g->pool -= (double)won;
        if (add_customers(c, gi, paid[gi] + free_new[gi] + referred, t, err) < 0 ||
            add_customers(c, gi, won, t, err) < 0)
            return -1;
        rm_cohort_period *r = &c->res[(size_t)gi * (size_t)sp->periods + (size_t)t];
        r->active = g->active;
        r->acquired = (double)(paid[gi] + free_new[gi] + referred);
        r->referred = (double)referred;
        r->won_back = (double)won;
        r->revenue = g->active_spend * s->price_factor;
        double churned = 0, lost = 0, sat = NAN;
        if (s->churn == RM_CHURN_SATISFACTION) {
            double active_before = (double)g->nact;
            double ssum = step_satisfaction(c, g, t, &churned, &lost);
            sat = active_before > 0 ? ssum / active_before : NAN;
            sat_sum += ssum;
            sat_n += active_before;
            g->referrals = s->referral * ssum;
        } else {
            churned = g->leave_n[t];
            lost = g->leave_spend[t];
            g->referrals = s->referral * g->active;
        }
        r->churned = churned;
        r->retention = g->active > 0 ? 1.0 - churned / g->active : NAN;
        r->satisfaction = sat;
        r->margin = r->revenue * s->margin - s->retention_cost * g->active -
                    sp->acquisition_cost * (double)paid[gi];
        g->cum_value += r->margin * delta;
        g->cum_acquired += r->acquired;
        r->clv = g->cum_acquired > 0 ? g->cum_value / g->cum_acquired : NAN;
        g->active -= churned;
        g->active_spend -= lost;
        if (g->active < 0.5)        /* float residue of the spend sum */
            g->active_spend = 0;
        g->pool += churned;

        tot->active += r->active;
        tot->acquired += r->acquired;
        tot->referred += r->referred;
        tot->won_back += r->won_back;
        tot->churned += r->churned;
        tot->revenue += r->revenue;
        tot->margin += r->margin;
    }
    tot->retention = tot->active > 0 ? 1.0 - tot->churned / tot->active : NAN;
    tot->satisfaction = sat_n > 0 ? sat_sum / sat_n : NAN;
    c->cum_value += tot->margin * delta;
    c->cum_acquired += tot->acquired;
    tot->clv = c->cum_acquired > 0 ? c->cum_value / c->cum_acquired : NAN;
    c->next_t = t + 1;
    return 0;
}

const rm_cohort_period *rm_cohort_result(const rm_cohort *c, int seg, int t)
{
    if (t < 0 || t >= c->next_t || seg >= c->spec.nsegments)
        return NULL;
    int row = seg < 0 ? c->spec.nsegments : seg;
    return &c->res[(size_t)row * (size_t)c->spec.periods + (size_t)t];
}

/* New hazard: redraw the remaining lifetime of every active customer of
 * an event-driven segment from where it stands now. */
static void redraw(rm_cohort *c, int gi)
{
    segstate *g = &c->s[gi];
    int from = c->next_t;
    for (long a = 0; a < c->narr; a++) {
        if (c->arr[a].seg != gi)
            continue;
        long end = a + 1 < c->narr ? c->arr[a + 1].first : c->n;
        int tenure = from - c->arr[a].t;
        for (long i = c->arr[a].first; i < end; i++) {
            int32_t p = leave_of(c, i);
            if (p < from)
                continue;
            if (p != NEVER) {
                g->leave_n[p] -= 1;
                g->leave_spend[p] -= spend_of(c, g, i);
            }
            book(c, g, i, from, draw_lifetime(c, g, tenure));
        }
    }
}

int rm_cohort_set(rm_cohort *c, int seg, rm_policy what, double v, rm_error *err)
{
    if (seg < 0 || seg >= c->spec.nsegments)
        return rm_errorf(err, "no segment %d", seg);
    segstate *g = &c->s[seg];
    rm_segment_spec s = g->spec;
    switch (what) {
    case RM_POLICY_HAZARD_FACTOR: s.hazard_factor = v; break;
    case RM_POLICY_PRICE_FACTOR: s.price_factor = v; break;
    case RM_POLICY_QUALITY: s.quality = v; break;
    case RM_POLICY_RETENTION_COST: s.retention_cost = v; break;
    case RM_POLICY_REFERRAL: s.referral = v; break;
    case RM_POLICY_WINBACK: s.winback = v; break;
    case RM_POLICY_SHARE: s.share = v; break;
    }
    if (validate_segment(&s, err) < 0)
        return -1;
    int changed = s.hazard_factor != g->spec.hazard_factor;
    g->spec = s;
    if (changed && s.churn == RM_CHURN_CONSTANT)
        lifetime_table(g, c->spec.periods);
    if (changed && s.churn != RM_CHURN_SATISFACTION)
        redraw(c, seg);
    return 0;
}

void rm_cohort_add_external(rm_cohort *c, long n)
{
    if (n > 0)      /* saturates: a cohort never holds more than RM_CAPACITY_MAX */
        c->external = n > RM_CAPACITY_MAX - c->external ? RM_CAPACITY_MAX : c->external + n;
}

int rm_cohort_last(const rm_cohort *c) { return c->next_t - 1; }

void rm_cohort_set_acquisition(rm_cohort *c, double rate, double budget, double cost)
{
    c->spec.acquisition_rate = rate;
    c->spec.acquisition_budget = budget;
    c->spec.acquisition_cost = cost;
}

int rm_cohort_segments(const rm_cohort *c) { return c->spec.nsegments; }
const char *rm_cohort_segment_name(const rm_cohort *c, int seg) { return c->s[seg].spec.name; }
const rm_segment_spec *rm_cohort_segment(const rm_cohort *c, int seg) { return &c->s[seg].spec; }
long rm_cohort_size(const rm_cohort *c) { return c->n; }

size_t rm_cohort_bytes_per_customer(const rm_cohort *c)
{
    size_t b = (c->narrow ? sizeof(uint16_t) : sizeof(int32_t)) + (c->spend ? sizeof *c->spend : 0);
    if (c->has_satisfaction)
        b += sizeof *c->sat + sizeof *c->loyalty + sizeof(int32_t);  /* + active list */
    return b;
}
