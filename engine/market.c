/* market.c - firms competing for one customer population.
 *
 * A period: awareness moves (advertising, mixed word of mouth); each
 * segment's logit terms are computed once; sales contacts are extra
 * occasions; then one pass over the customers serves, updates the
 * relationship and, at an occasion, draws a choice. In the fast path a
 * choice is one 32-bit uniform and a walk over the cumulative terms,
 * where only the incumbent's term differs from the segment's: its sum
 * is adjusted, not recomputed. Satisfaction, loyalty and tenure are
 * 16-bit fixed point (1 = 65535). */
#include "rmsim/budget.h"
#include "rmsim/market.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE RM_NO_FIRM
#define Q16 65535.0

typedef struct segpre {
    double xb[RM_FIRMS_MAX];    /* awareness * exp(V_j - M): buyers with no supplier */
    double xs[RM_FIRMS_MAX];    /* the same with the subsidy: a rival's customers */
    double ub[RM_FIRMS_MAX];    /* exp(V_j - M) when aware for sure */
    double us[RM_FIRMS_MAX];
    double inc[RM_FIRMS_MAX];   /* the incumbent: exp(V_j + switching + programme - M) */
    double e0, snone, ssub;
    double lt[256];             /* exp(inertia * loyalty), by loyalty's top byte */
    double units, usage;
    int32_t target[RM_FIRMS_MAX];
    int64_t adapt, ladapt;      /* Q16 */
    uint32_t occasion;          /* occasion when next32 < this, unless always */
    int always;
} segpre;

struct rm_market {
    rm_market_spec spec;
    rm_rng *rng;
    long n;
    int next_t;
    uint8_t *sup, *prev, *seg;
    uint16_t *sat, *loy, *ten;
    uint8_t *rec, *warnv;       /* network: who recommends / warns about whom, at period start */
    segpre pre[RM_MARKET_SEGMENTS_MAX];
    double aware[RM_FIRMS_MAX];
    double rshare[RM_FIRMS_MAX], wshare[RM_FIRMS_MAX];  /* last period's recommenders, warners / n */
    double initial[RM_FIRMS_MAX];
    double cum_disc[RM_FIRMS_MAX], cum_acq[RM_FIRMS_MAX];
    rm_market_result *res;      /* [periods * nfirms] */
    double *flow;               /* [periods * (nfirms + 1)^2] */
    double *decisions;          /* [periods] */
    /* this period's tallies */
    double units[RM_FIRMS_MAX], subs[RM_FIRMS_MAX];
    double *fl;
    double ndec;
    double wexp[64], wexpn[64]; /* network: exp(wom * r), exp(-warn * w) */
};

rm_firm_spec rm_market_firm_defaults(const char *name)
{
    rm_firm_spec f;
    memset(&f, 0, sizeof f);
    snprintf(f.name, sizeof f.name, "%s", name);
    f.awareness = -1;
    f.price = 1;
    f.quality = 0.5;
    f.service = 0.5;
    f.contact_cost = 1;
    return f;
}

rm_market_segment rm_market_segment_defaults(const char *name)
{
    rm_market_segment g;
    memset(&g, 0, sizeof g);
    snprintf(g.name, sizeof g.name, "%s", name);
    g.size = 1;
    g.community = -1;
    g.price_w = 1;
    g.quality_w = 1;
    g.service_w = 1;
    g.cycle = 1;
    g.units = 1;
    g.expectation = 0.5;
    g.tolerance = 0.1;
    g.adapt = 0.3;
    g.loyalty_adapt = 0.1;
    return g;
}

rm_market_spec rm_market_defaults(void)
{
    rm_market_spec s;
    memset(&s, 0, sizeof s);
    s.recommend_above = 0.7;
    s.warn_below = 0.3;
    s.memory = 3;
    s.ad_scale = 1;
    return s;
}

static int bad(double v, double lo, double hi)
{
    return !(v >= lo && v <= hi);
}

static int check_firm(const rm_firm_spec *f, rm_error *err)
{
    if (!f->name[0])
        return rm_errorf(err, "a firm needs a name");
    const struct { const char *k; double v, lo, hi; } c[] = {
        {"share", f->share, 0, 1}, {"price", f->price, 0, 1e12},
        {"quality", f->quality, -1e6, 1e6}, {"service", f->service, -1e6, 1e6},
        {"brand", f->brand, -50, 50}, {"unit_cost", f->unit_cost, 0, 1e12},
        {"fixed_cost", f->fixed_cost, 0, 1e15}, {"advertising", f->advertising, 0, 1e15},
        {"subsidy", f->subsidy, 0, 1e12}, {"programme", f->programme, 0, 50},
        {"programme_cost", f->programme_cost, 0, 1e12},
        {"acquisition", f->acquisition, 0, 1e15}, {"contact_cost", f->contact_cost, 1e-9, 1e12},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        if (bad(c[i].v, c[i].lo, c[i].hi))
            return rm_errorf(err, "firm '%s': %s must be in [%g, %g] (got %g)", f->name, c[i].k,
                             c[i].lo, c[i].hi, c[i].v);
    if (!(f->awareness <= 1) || isnan(f->awareness))
        return rm_errorf(err, "firm '%s': awareness must be in [0, 1] (got %g)", f->name,
                         f->awareness);
    return 0;
}

static int check_segment(const rm_market_segment *g, rm_error *err)
{
    const struct { const char *k; double v, lo, hi; } c[] = {
        {"size", g->size, 0, 1e12}, {"price_w", g->price_w, 0, 1e6},
        {"quality_w", g->quality_w, -1e3, 1e3}, {"service_w", g->service_w, -1e3, 1e3},
        {"switching_cost", g->switching_cost, -50, 50}, {"inertia", g->inertia, -50, 50},
        {"outside", g->outside, -50, 50}, {"cycle", g->cycle, 1, 1e6},
        {"units", g->units, 0, 1e9}, {"usage", g->usage, 0, 1e9},
        {"expectation", g->expectation, -1e6, 1e6}, {"tolerance", g->tolerance, 1e-6, 1e6},
        {"adapt", g->adapt, 0, 1}, {"loyalty_adapt", g->loyalty_adapt, 0, 1},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        if (bad(c[i].v, c[i].lo, c[i].hi))
            return rm_errorf(err, "segment '%s': %s must be in [%g, %g] (got %g)", g->name,
                             c[i].k, c[i].lo, c[i].hi, c[i].v);
    return 0;
}

static int check_spec(const rm_market_spec *s, rm_error *err)
{
    if (s->nfirms < 1 || s->nfirms > RM_FIRMS_MAX)
        return rm_errorf(err, "a market needs 1 to %d firms (got %d)", RM_FIRMS_MAX, s->nfirms);
    if (s->nsegments < 1 || s->nsegments > RM_MARKET_SEGMENTS_MAX)
        return rm_errorf(err, "a market needs 1 to %d segments (got %d)", RM_MARKET_SEGMENTS_MAX,
                         s->nsegments);
    if (s->periods < 1)
        return rm_errorf(err, "periods must be at least 1");
    double share = 0;
    for (int j = 0; j < s->nfirms; j++) {
        if (check_firm(&s->firm[j], err) < 0)
            return -1;
        for (int k = 0; k < j; k++)
            if (strcmp(s->firm[j].name, s->firm[k].name) == 0)
                return rm_errorf(err, "two firms are named '%s'", s->firm[j].name);
        share += s->firm[j].share;
    }
    if (share > 1 + 1e-9)
        return rm_errorf(err, "the firms' starting shares add up to %g (at most 1)", share);
    double size = 0;
    for (int g = 0; g < s->nsegments; g++) {
        if (check_segment(&s->seg[g], err) < 0)
            return -1;
        if (s->seg[g].community >= 0 && !s->network)
            return rm_errorf(err, "segment '%s': a community needs a network", s->seg[g].name);
        size += s->seg[g].size;
    }
    if (!(size > 0))
        return rm_errorf(err, "the segments' sizes add up to 0");
    if (!s->network && (s->customers < 1 || s->customers > RM_MARKET_CUSTOMERS_MAX))
        return rm_errorf(err, "customers must be in [1, %ld] (got %ld)", RM_MARKET_CUSTOMERS_MAX,
                         s->customers);
    if (s->network && s->customers && s->customers != s->network->n)
        return rm_errorf(err, "customers (%ld) must match the network's nodes (%ld)",
                         s->customers, (long)s->network->n);
    const struct { const char *k; double v, lo, hi; } c[] = {
        {"wom", s->wom, 0, 50}, {"warn", s->warn, 0, 50}, {"wom_awareness", s->wom_awareness, 0, 1e6},
        {"recommend_above", s->recommend_above, 0, 1}, {"warn_below", s->warn_below, 0, 1},
        {"memory", s->memory, 0, 65535}, {"ad_scale", s->ad_scale, 1e-9, 1e15},
        {"forget", s->forget, 0, 1}, {"discount", s->discount, 0, 10},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        if (bad(c[i].v, c[i].lo, c[i].hi))
            return rm_errorf(err, "%s must be in [%g, %g] (got %g)", c[i].k, c[i].lo, c[i].hi,
                             c[i].v);
    return 0;
}

static uint16_t q16(double x)
{
    return (uint16_t)lrint((x < 0 ? 0 : x > 1 ? 1 : x) * Q16);
}

static double perf(const rm_market_segment *g, const rm_firm_spec *f)
{
    double w = g->quality_w + g->service_w;
    if (w <= 0)
        return 0.5 * (f->quality + f->service);
    return (g->quality_w * f->quality + g->service_w * f->service) / w;
}

/* Satisfaction a firm's customers in a segment settle at: a logistic of
 * delivered performance minus expectation (disconfirmation). */
static double target_of(const rm_market_segment *g, const rm_firm_spec *f)
{
    return 1 / (1 + exp(-(perf(g, f) - g->expectation) / g->tolerance));
}

static void assign_segments(rm_market *m)
{
    const rm_market_spec *s = &m->spec;
    double total = 0;
    for (int g = 0; g < s->nsegments; g++)
        total += s->seg[g].size;
    long at = 0;
    double cum = 0;
    for (int g = 0; g < s->nsegments; g++) {
        cum += s->seg[g].size;
        long end = g == s->nsegments - 1 ? m->n : (long)llround((double)m->n * cum / total);
        for (; at < end; at++)
            m->seg[at] = (uint8_t)g;
    }
}

static int map_communities(rm_market *m, rm_error *err)
{
    const rm_market_spec *s = &m->spec;
    const rm_network *net = s->network;
    int any = 0;
    for (int g = 0; g < s->nsegments; g++)
        any |= s->seg[g].community >= 0;
    if (!any) {
        assign_segments(m);
        return 0;
    }
    if (!net->community)
        return rm_errorf(err, "segments name communities but the network has none");
    int map[256];
    for (int c = 0; c < 256; c++)
        map[c] = -1;
    for (int g = 0; g < s->nsegments; g++) {
        int c = s->seg[g].community;
        if (c < 0 || c >= net->ncommunities || c > 255)
            return rm_errorf(err, "segment '%s': community %d is not in the network (0 to %d)",
                             s->seg[g].name, c, net->ncommunities - 1);
        if (map[c] >= 0)
            return rm_errorf(err, "segments '%s' and '%s' are both community %d",
                             s->seg[map[c]].name, s->seg[g].name, c);
        map[c] = g;
    }
    for (long i = 0; i < m->n; i++) {
        int c = net->community[i];
        if (c < 0 || c > 255 || map[c] < 0)
            return rm_errorf(err, "community %d of the network has no segment", c);
        m->seg[i] = (uint8_t)map[c];
    }
    return 0;
}

rm_market *rm_market_new(const rm_market_spec *spec, rm_rng *rng, rm_error *err)
{
    if (check_spec(spec, err) < 0)
        return NULL;
    rm_market *m = rm_calloc(1, sizeof *m);
    if (!m) {
        rm_errorf(err, "out of memory");
        return NULL;
    }
    m->spec = *spec;
    m->rng = rng;
    m->n = spec->network ? spec->network->n : spec->customers;
    size_t n = (size_t)(m->n ? m->n : 1);
    int J = spec->nfirms;
    m->sup = rm_malloc(n);
    m->prev = rm_malloc(n);
    m->seg = rm_malloc(n);
    m->sat = rm_malloc(n * 2);
    m->loy = rm_malloc(n * 2);
    m->ten = rm_calloc(n, 2);
    m->res = rm_calloc((size_t)spec->periods * (size_t)J, sizeof *m->res);
    m->flow = rm_calloc((size_t)spec->periods * (size_t)(J + 1) * (size_t)(J + 1), sizeof *m->flow);
    m->decisions = rm_calloc((size_t)spec->periods, sizeof *m->decisions);
    if (spec->network) {
        m->rec = rm_malloc(n);
        m->warnv = rm_malloc(n);
    }
    if (!m->sup || !m->prev || !m->seg || !m->sat || !m->loy || !m->ten || !m->res || !m->flow ||
        !m->decisions || (spec->network && (!m->rec || !m->warnv))) {
        rm_errorf(err, "out of memory for %ld customers%s", m->n, rm_budget_why());
        rm_market_free(m);          /* after reading m->n */
        return NULL;
    }
    if (spec->network) {
        if (map_communities(m, err) < 0) {
            rm_market_free(m);
            return NULL;
        }
    } else {
        assign_segments(m);
    }
    /* first suppliers by the firms' shares, the rest with none */
    double w[RM_FIRMS_MAX + 1], rest = 1;
    for (int j = 0; j < J; j++) {
        w[j] = spec->firm[j].share;
        rest -= w[j];
        const rm_firm_spec *f = &spec->firm[j];
        m->aware[j] = f->awareness >= 0 ? f->awareness : f->share > 0 ? 1 : 0;
    }
    w[J] = rest > 0 ? rest : 0;
    uint16_t rec16 = q16(spec->recommend_above);
    for (long i = 0; i < m->n; i++) {
        int k = (int)rm_rng_categorical(rng, w, (size_t)J + 1);
        m->prev[i] = NONE;
        if (k == J) {
            m->sup[i] = NONE;
            m->sat[i] = m->loy[i] = 32768;
            continue;
        }
        /* customers start settled: satisfaction at the firm's level */
        uint16_t s = q16(target_of(&spec->seg[m->seg[i]], &spec->firm[k]));
        m->sup[i] = (uint8_t)k;
        m->sat[i] = m->loy[i] = s;
        m->initial[k] += 1;
        if (s >= rec16)
            m->rshare[k] += 1;
    }
    for (int j = 0; j < J; j++)
        m->rshare[j] /= (double)n;
    for (int r = 0; r < 64; r++) {
        m->wexp[r] = exp(fmin(spec->wom * r, 300));
        m->wexpn[r] = exp(-spec->warn * r);
    }
    return m;
}

void rm_market_free(rm_market *m)
{
    if (!m)
        return;
    rm_free(m->sup);
    rm_free(m->prev);
    rm_free(m->seg);
    rm_free(m->sat);
    rm_free(m->loy);
    rm_free(m->ten);
    rm_free(m->rec);
    rm_free(m->warnv);
    rm_free(m->res);
    rm_free(m->flow);
    rm_free(m->decisions);
    rm_free(m);
}

/* Awareness: what was kept, plus a share of the rest reached by
 * advertising and (mixed) recommendations: a' = 1 - (1 - a(1-f)) e^-x. */
static void update_awareness(rm_market *m)
{
    const rm_market_spec *s = &m->spec;
    for (int j = 0; j < s->nfirms; j++) {
        double x = s->firm[j].advertising / s->ad_scale;
        if (!s->network)
            x += s->wom_awareness * m->rshare[j];
        double kept = m->aware[j] * (1 - s->forget);
        m->aware[j] = 1 - (1 - kept) * exp(-x);
    }
}

static void precompute(rm_market *m)
{
    const rm_market_spec *s = &m->spec;
    int J = s->nfirms;
    for (int g = 0; g < s->nsegments; g++) {
        const rm_market_segment *sg = &s->seg[g];
        segpre *P = &m->pre[g];
        double v[RM_FIRMS_MAX], M = sg->outside;
        for (int j = 0; j < J; j++) {
            const rm_firm_spec *f = &s->firm[j];
            v[j] = f->brand + sg->quality_w * f->quality + sg->service_w * f->service -
                   sg->price_w * f->price;
            if (!s->network)
                v[j] += s->wom * m->rshare[j] - s->warn * m->wshare[j];
            double vs = v[j] + sg->price_w * f->subsidy;
            if (vs > M)
                M = vs;
        }
        P->e0 = exp(sg->outside - M);
        P->snone = P->ssub = P->e0;
        for (int j = 0; j < J; j++) {
            const rm_firm_spec *f = &s->firm[j];
            P->ub[j] = exp(v[j] - M);
            P->us[j] = exp(v[j] + sg->price_w * f->subsidy - M);
            P->xb[j] = m->aware[j] * P->ub[j];
            P->xs[j] = m->aware[j] * P->us[j];
            P->inc[j] = exp(v[j] + sg->switching_cost + f->programme - M);
            P->snone += P->xb[j];
            P->ssub += P->xs[j];
            P->target[j] = q16(target_of(sg, f));
        }
        for (int b = 0; b < 256; b++)
            P->lt[b] = exp(sg->inertia * (b + 0.5) / 256.0);
        P->units = sg->units;
        P->usage = sg->usage;
        P->adapt = (int64_t)lrint(sg->adapt * 65536);
        P->ladapt = (int64_t)lrint(sg->loyalty_adapt * 65536);
        P->always = sg->cycle <= 1;
        P->occasion = P->always ? 0 : (uint32_t)(4294967296.0 / sg->cycle);
    }
}

/* x moves a share a (Q16) of the way to target, rounding to nearest. */
static inline uint16_t approach(uint16_t x, int32_t target, int64_t a)
{
    /* d + 65536 > 0 keeps the shift on non-negative numbers, without a branch:
     * round(d a / 2^16 + a) - a = round(d a / 2^16) */
    int64_t d = (int64_t)target - x + 65536;
    return (uint16_t)(x + ((d * a + 32768) >> 16) - a);
}

/* The general choice: network word of mouth and sales contacts (firm
 * `boost` considered for sure). */
static int choose_general(rm_market *m, long i, int k, int boost, const segpre *P, uint32_t r)
{
    const rm_market_spec *s = &m->spec;
    int J = s->nfirms;
    int nrec[RM_FIRMS_MAX] = {0}, nwarn[RM_FIRMS_MAX] = {0};
    if (s->network) {
        const rm_network *g = s->network;
        for (int64_t e = g->offset[i]; e < g->offset[i + 1]; e++) {
            int32_t nb = g->adj[e];
            if (m->rec[nb] != NONE && nrec[m->rec[nb]] < 63)
                nrec[m->rec[nb]]++;
            if (m->warnv[nb] != NONE && nwarn[m->warnv[nb]] < 63)
                nwarn[m->warnv[nb]]++;
        }
    }
    double e[RM_FIRMS_MAX], sum = P->e0;
    for (int j = 0; j < J; j++) {
        if (j == k) {
            e[j] = P->inc[j] * P->lt[m->loy[i] >> 8];
        } else {
            double a = (j == boost || nrec[j] > 0) ? 1 : m->aware[j];
            e[j] = a * (k == NONE ? P->ub[j] : P->us[j]);
        }
        e[j] *= m->wexp[nrec[j]] * m->wexpn[nwarn[j]];
        sum += e[j];
    }
    double x = r * 0x1p-32 * sum;
    for (int j = 0; j < J; j++) {
        if (x < e[j])
            return j;
        x -= e[j];
    }
    return NONE;
}

static inline void move_customer(rm_market *m, long i, int k, int c, uint16_t warn16)
{
    int J = m->spec.nfirms;
    m->fl[(k == NONE ? 0 : k + 1) * (J + 1) + (c == NONE ? 0 : c + 1)] += 1;
    m->prev[i] = (k != NONE && m->sat[i] < warn16) ? (uint8_t)k : NONE;
    if (c != NONE) {
        if (k != NONE)
            m->subs[c] += m->spec.firm[c].subsidy;
        m->sat[i] = 32768;
        m->loy[i] = 0;
    }
    m->sup[i] = (uint8_t)c;
    m->ten[i] = 0;
}

static void sales_contacts(rm_market *m, uint16_t warn16)
{
    const rm_market_spec *s = &m->spec;
    for (int j = 0; j < s->nfirms; j++) {
        const rm_firm_spec *f = &s->firm[j];
        if (!(f->acquisition > 0))
            continue;
        double lambda = fmin(f->acquisition / f->contact_cost, (double)m->n);
        uint64_t n = rm_rng_poisson(m->rng, lambda);
        for (uint64_t q = 0; q < n; q++) {
            long i = (long)rm_rng_below64(m->rng, (uint64_t)m->n);
            int k = m->sup[i];
            uint32_t r = rm_rng_next(m->rng);
            if (k == j)
                continue;
            const segpre *P = &m->pre[m->seg[i]];
            m->ndec += 1;
            int c = choose_general(m, i, k, j, P, r);
            if (c != NONE)
                m->units[c] += P->units;
            if (c != k)
                move_customer(m, i, k, c, warn16);
        }
    }
}

/* Who recommends or warns about whom, from the state at the period's start. */
static void voices(rm_market *m, uint16_t rec16)
{
    for (long i = 0; i < m->n; i++) {
        int k = m->sup[i];
        m->rec[i] = (k != NONE && m->sat[i] >= rec16) ? (uint8_t)k : NONE;
        m->warnv[i] = (m->prev[i] != NONE && m->ten[i] < m->spec.memory) ? m->prev[i] : NONE;
    }
}

int rm_market_step(rm_market *m, int t, rm_error *err)
{
    const rm_market_spec *s = &m->spec;
    if (t != m->next_t || t >= s->periods)
        return rm_errorf(err, "market stepped at period %d, expected %d", t, m->next_t);
    int J = s->nfirms;
    uint16_t rec16 = q16(s->recommend_above), warn16 = q16(s->warn_below);
    uint16_t memory = (uint16_t)s->memory;
    m->fl = m->flow + (size_t)t * (size_t)(J + 1) * (size_t)(J + 1);
    m->ndec = 0;
    for (int j = 0; j < J; j++)
        m->units[j] = m->subs[j] = 0;
    update_awareness(m);
    precompute(m);
    if (s->network)
        voices(m, rec16);
    sales_contacts(m, warn16);

    uint64_t count[RM_FIRMS_MAX + 1] = {0}, satsum[RM_FIRMS_MAX + 1] = {0};
    uint64_t loysum[RM_FIRMS_MAX + 1] = {0}, recs[RM_FIRMS_MAX + 1] = {0};
    uint64_t warns[NONE + 1] = {0};
    double usage[RM_FIRMS_MAX + 1] = {0}, bought[RM_FIRMS_MAX + 1] = {0};
    rm_rng *rng = m->rng;
    uint8_t *sup = m->sup, *seg = m->seg, *prev = m->prev;
    uint16_t *sat = m->sat, *loy = m->loy, *ten = m->ten;
    const int network = s->network != NULL;
    double ndec = 0;
    for (long i = 0; i < m->n; i++) {
        const segpre *P = &m->pre[seg[i]];
        int k = sup[i];
        if (k != NONE) {            /* served this period */
            usage[k] += P->usage;
            sat[i] = approach(sat[i], P->target[k], P->adapt);
            loy[i] = approach(loy[i], sat[i], P->ladapt);
        }
        if (ten[i] < 65535)
            ten[i]++;
        int c = k;
        if (P->always || rm_rng_next(rng) < P->occasion) {
            uint32_t r = rm_rng_next(rng);
            ndec += 1;
            if (network) {
                c = choose_general(m, i, k, -1, P, r);
            } else {
                /* c = how many cumulative terms are <= x: the first j with
                 * x < cum_j, or J for "buy nothing"; no branch on the draw */
                const double *e = k == NONE ? P->xb : P->xs;
                double sum = k == NONE ? P->snone : P->ssub, delta = 0;
                int kk = k == NONE ? -1 : k;
                if (k != NONE) {
                    delta = P->inc[k] * P->lt[loy[i] >> 8] - e[k];
                    sum += delta;
                }
                double x = r * 0x1p-32 * sum, acc = 0;
                int n = 0;
                for (int j = 0; j < J; j++) {
                    acc += e[j] + (j == kk ? delta : 0);
                    n += acc <= x;
                }
                c = n == J ? NONE : n;
            }
            bought[c == NONE ? RM_FIRMS_MAX : c] += P->units;
            if (c != k)
                move_customer(m, i, k, c, warn16);
        }
        int q = c == NONE ? RM_FIRMS_MAX : c;
        count[q] += 1;
        satsum[q] += sat[i];
        loysum[q] += loy[i];
        recs[q] += sat[i] >= rec16;
        if (prev[i] != NONE) {
            if (ten[i] < memory)
                warns[prev[i]] += 1;
            else
                prev[i] = NONE;
        }
    }
    m->ndec += ndec;
    m->decisions[t] = m->ndec;

    double disc = pow(1 + s->discount, -t);
    for (int j = 0; j < J; j++) {
        const rm_firm_spec *f = &s->firm[j];
        rm_market_result *r = &m->res[(size_t)t * (size_t)J + (size_t)j];
        double units = m->units[j] + bought[j] + usage[j];
        double acquired = 0, lost = 0;
        for (int o = 0; o <= J; o++) {
            acquired += m->fl[o * (J + 1) + j + 1];
            lost += m->fl[(j + 1) * (J + 1) + o];
        }
        r->customers = (double)count[j];
        r->share = (double)count[j] / (double)m->n;
        r->acquired = acquired;
        r->lost = lost;
        r->units = units;
        r->revenue = units * f->price;
        r->subsidies = m->subs[j];
        r->margin = r->revenue - units * f->unit_cost - f->advertising - m->subs[j] -
                    f->programme_cost * (double)count[j] - f->acquisition - f->fixed_cost;
        r->satisfaction = count[j] > 0 ? (double)satsum[j] / Q16 / (double)count[j] : NAN;
        r->loyalty = count[j] > 0 ? (double)loysum[j] / Q16 / (double)count[j] : NAN;
        r->awareness = m->aware[j];
        r->recommenders = (double)recs[j];
        r->warners = (double)warns[j];
        m->cum_disc[j] += r->margin * disc;
        m->cum_acq[j] += acquired;
        double base = m->initial[j] + m->cum_acq[j];
        r->clv = base > 0 ? m->cum_disc[j] / base : NAN;
        m->rshare[j] = (double)recs[j] / (double)m->n;
        m->wshare[j] = (double)warns[j] / (double)m->n;
    }
    m->next_t = t + 1;
    return 0;
}

const rm_firm_spec *rm_market_firm(const rm_market *m, int firm)
{
    return firm >= 0 && firm < m->spec.nfirms ? &m->spec.firm[firm] : NULL;
}

int rm_market_set_firm(rm_market *m, int firm, const rm_firm_spec *f, rm_error *err)
{
    if (firm < 0 || firm >= m->spec.nfirms)
        return rm_errorf(err, "no firm %d", firm);
    if (check_firm(f, err) < 0)
        return -1;
    if (strcmp(f->name, m->spec.firm[firm].name) != 0)
        return rm_errorf(err, "firm '%s' cannot be renamed", m->spec.firm[firm].name);
    rm_firm_spec keep = *f;
    keep.share = m->spec.firm[firm].share;      /* only the start uses these */
    keep.awareness = m->spec.firm[firm].awareness;
    m->spec.firm[firm] = keep;
    return 0;
}

int rm_market_firm_index(const rm_market *m, const char *name)
{
    for (int j = 0; j < m->spec.nfirms; j++)
        if (strcmp(m->spec.firm[j].name, name) == 0)
            return j;
    return -1;
}

const rm_market_result *rm_market_result_of(const rm_market *m, int firm, int t)
{
    if (firm < 0 || firm >= m->spec.nfirms || t < 0 || t >= m->next_t)
        return NULL;
    return &m->res[(size_t)t * (size_t)m->spec.nfirms + (size_t)firm];
}

double rm_market_flow(const rm_market *m, int t, int from, int to)
{
    int J = m->spec.nfirms;
    if (t < 0 || t >= m->next_t || from < 0 || from > J || to < 0 || to > J)
        return NAN;
    return m->flow[((size_t)t * (size_t)(J + 1) + (size_t)from) * (size_t)(J + 1) + (size_t)to];
}

double rm_market_decisions(const rm_market *m, int t)
{
    return t >= 0 && t < m->next_t ? m->decisions[t] : NAN;
}

int rm_market_firms(const rm_market *m) { return m->spec.nfirms; }
int rm_market_segments(const rm_market *m) { return m->spec.nsegments; }
long rm_market_customers(const rm_market *m) { return m->n; }
int rm_market_last(const rm_market *m) { return m->next_t - 1; }

const rm_market_segment *rm_market_segment_of(const rm_market *m, int seg)
{
    return seg >= 0 && seg < m->spec.nsegments ? &m->spec.seg[seg] : NULL;
}

int rm_market_supplier(const rm_market *m, long i)
{
    return i >= 0 && i < m->n ? m->sup[i] : NONE;
}

int rm_market_customer_segment(const rm_market *m, long i)
{
    return i >= 0 && i < m->n ? m->seg[i] : -1;
}

size_t rm_market_bytes_per_customer(const rm_market *m)
{
    return 3 * sizeof(uint8_t) + 3 * sizeof(uint16_t) + (m->spec.network ? 2 : 0);
}
