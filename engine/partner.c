/* partner.c - dyads of SMEs and large firms through their stages. */
#include "rmsim/budget.h"
#include "rmsim/partner.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const rm_stage_names[RM_STAGES] = {"awareness", "exploration", "expansion",
                                               "commitment", "dissolved"};
const char *const rm_end_names[RM_ENDS] = {"none", "trust", "rival", "dropped", "failed",
                                           "complaint"};

/* Projects grow as the relationship deepens: a first trial order, then
 * larger work, then a multi-year contract. */
static const double stage_scale[RM_STAGES] = {0.25, 0.5, 1.0, 2.0, 0};

#define POOLS 64
#define RING (RM_PAYMENT_MAX + 1)

struct rm_partners {
    rm_partner_spec s;
    rm_rng *rng;
    rm_firm *f;
    int nf;
    rm_dyad *d;
    int nd, cap;
    rm_partner_period *res;
    int next_t;
    double time_to_commit;
    int commits;
    /* per firm: starting capability, reputation, resources (capacity
     * grows from them); payments due (a ring over periods); this
     * period's projects, their volume, complaints */
    double *start, *due, *volume;
    int *used, *capacity, *complaints;
    /* each firm's dyads in the order they began: head and tail per
     * firm, next per dyad and side */
    int *head, *tail, *next;
    double cost_factor, demand_factor;
    /* scripted strategies: one shared instance per strategy */
    const rm_strategy *pool_of[POOLS];
    void *pool[POOLS];
    int npools;
};

rm_partner_spec rm_partner_defaults(void)
{
    rm_partner_spec s;
    memset(&s, 0, sizeof s);
    s.payoff = rm_payoff_default();
    s.project_value = 1;
    s.trust_up = 0.08;
    s.trust_down = 0.35;
    s.dialogue_gain = 0.03;
    s.satisfaction_gain = 0.3;
    s.expectation_speed = 0.2;
    s.bond = 0.15;
    s.thresholds[0] = 0.3;
    s.thresholds[1] = 0.55;
    s.thresholds[2] = 0.6;
    s.hysteresis = 0.1;
    s.dwell = 2;
    s.collapse = 0.1;
    s.growth = 0.02;
    s.search = 0.0;
    s.periods = 24;
    s.noise = 0.02;
    s.risk_base = 0.01;
    s.risk = 0.2;
    s.risk_load = 0.1;
    s.resource_need = 1;
    s.failure_trust = 0.2;
    s.bargaining = 0.5;
    s.interest = 0.01;
    s.replacement = 4;
    s.expand = 4;
    s.expansion_cost = 20;
    s.response_scale = 24;
    s.two_way = 0.8;
    s.learning = 0.1;
    s.forgetting = 0.02;
    s.cocreation = 0.5;
    s.knowledge_risk = 0.5;
    s.references = 0.01;
    s.complaint_loss = 0.3;
    s.courting = 0;
    return s;
}

rm_firm rm_firm_defaults(int large)
{
    rm_firm f;
    memset(&f, 0, sizeof f);
    f.large = large;
    f.capability = large ? 1 : 0.5;
    f.reputation = large ? 1 : 0.3;
    f.resources = large ? 1e12 : 10;
    f.price = 1;
    f.dialogue = large ? 0 : 0.5;
    f.max_relationships = 3;
    f.alive = 1;
    f.openness = 1;
    f.response_hours = 4;
    f.transparency = 0.5;
    f.revenue = large ? 10 : 1;
    f.adaptation = large ? 0.1 : 0;
    f.payment_terms = large ? 1 : 0;
    return f;
}

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

static int in01(double x) { return x >= 0 && x <= 1; }

static int check(const rm_partner_spec *s, const rm_firm *f, int n, rm_error *err)
{
    if (rm_payoff_check(&s->payoff, err) < 0)
        return -1;
    const double unit[] = {s->trust_up, s->trust_down, s->dialogue_gain, s->satisfaction_gain,
                           s->expectation_speed, s->bond, s->thresholds[0], s->thresholds[1],
                           s->thresholds[2], s->hysteresis, s->collapse, s->growth, s->search,
                           s->noise, s->risk_base, s->risk, s->risk_load, s->failure_trust,
                           s->bargaining, s->interest, s->two_way, s->learning, s->forgetting,
                           s->knowledge_risk, s->references, s->complaint_loss, s->courting};
    for (size_t i = 0; i < sizeof unit / sizeof unit[0]; i++)
        if (!in01(unit[i]))
            return rm_errorf(err, "partnership rates, thresholds and chances must be in [0, 1]");
    if (!(s->project_value > 0 && s->project_value < 1e12) || !(s->rival >= 0 && s->rival < 1e6))
        return rm_errorf(err, "project_value must be > 0 and rival >= 0");
    const double sizes[] = {s->resource_need, s->replacement, s->expand, s->expansion_cost,
                            s->response_scale, s->cocreation};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
        if (!(sizes[i] >= 0 && sizes[i] <= 1e6))
            return rm_errorf(err, "resource_need, replacement, expand, expansion_cost, "
                             "response_scale and cocreation must be in [0, 1e6]");
    if (s->dwell < 1 || s->dwell > 1000 || s->periods < 1 || s->periods > 1000000)
        return rm_errorf(err, "dwell must be in [1, 1000]");
    if (s->nevents < 0 || s->nevents > RM_PARTNER_EVENTS)
        return rm_errorf(err, "at most %d events", RM_PARTNER_EVENTS);
    for (int i = 0; i < s->nevents; i++) {
        const rm_partner_event *e = &s->events[i];
        if (!(e->cost >= 0 && e->cost <= 1e6 && e->demand >= 0 && e->demand <= 1e6 &&
              e->trust >= -1 && e->trust <= 1) || e->at < 0)
            return rm_errorf(err, "event %d: cost and demand factors in [0, 1e6], trust in "
                             "[-1, 1], at >= 0", i + 1);
    }
    if (n < 2 || n > 100000)
        return rm_errorf(err, "a partnership model needs 2 to 100000 firms");
    for (int i = 0; i < n; i++) {
        const rm_firm *x = &f[i];
        if (!x->strategy || (x->strategy->kind == RM_STRATEGY_SCRIPT && !s->ops))
            return rm_errorf(err, "firm %d: a scripted strategy needs script operations", i + 1);
        if (!(in01(x->capability) && in01(x->reputation) && in01(x->added_value) &&
              in01(x->dialogue) && x->price > 0 && isfinite(x->price) &&
              isfinite(x->resources) && x->cost >= 0 && isfinite(x->cost)))
            return rm_errorf(err, "firm %d: capability, reputation, added_value and dialogue in "
                             "[0, 1], price > 0, cost >= 0", i + 1);
        if (!(in01(x->openness) && in01(x->transparency) && in01(x->public_share) &&
              x->response_hours >= 0 && x->response_hours <= 1e6 && x->revenue >= 0 &&
              x->revenue <= 1e15 && x->adaptation >= 0 && x->adaptation <= 1e15))
            return rm_errorf(err, "firm %d: openness, transparency and public share in [0, 1], "
                             "response hours, revenue and adaptation >= 0", i + 1);
        if (x->payment_terms < 0 || x->payment_terms > RM_PAYMENT_MAX)
            return rm_errorf(err, "firm %d: payment terms in [0, %d] periods", i + 1,
                             RM_PAYMENT_MAX);
        if (x->max_relationships < 1)
            return rm_errorf(err, "firm %d: max relationships must be at least 1", i + 1);
    }
    return 0;
}

rm_partners *rm_partners_new(const rm_partner_spec *s, const rm_firm *firms, int nfirms,
                             rm_rng *rng, rm_error *err)
{
    if (check(s, firms, nfirms, err) < 0)
        return NULL;
    rm_partners *p = rm_calloc(1, sizeof *p);
    size_t n = (size_t)nfirms;
    if (p) {
        p->f = rm_malloc(n * sizeof *p->f);
        p->res = rm_calloc((size_t)s->periods, sizeof *p->res);
        p->start = rm_calloc(3 * n, sizeof *p->start);
        p->due = rm_calloc(RING * n, sizeof *p->due);
        p->volume = rm_calloc(n, sizeof *p->volume);
        p->used = rm_calloc(n, sizeof *p->used);
        p->capacity = rm_calloc(n, sizeof *p->capacity);
        p->complaints = rm_calloc(n, sizeof *p->complaints);
        p->head = rm_malloc(n * sizeof *p->head);
        p->tail = rm_malloc(n * sizeof *p->tail);
    }
    if (!p || !p->f || !p->res || !p->start || !p->due || !p->volume || !p->used ||
        !p->capacity || !p->complaints || !p->head || !p->tail) {
        rm_partners_free(p);
        rm_errorf(err, "out of memory");
        return NULL;
    }
    p->s = *s;
    p->rng = rng;
    memcpy(p->f, firms, n * sizeof *p->f);
    p->nf = nfirms;
    p->cost_factor = p->demand_factor = 1;
    for (int i = 0; i < nfirms; i++) {
        p->head[i] = p->tail[i] = -1;
        p->f[i].alive = 1;
        p->start[3 * i] = firms[i].capability;
        p->start[3 * i + 1] = firms[i].reputation;
        p->start[3 * i + 2] = firms[i].resources;
    }
    /* one shared instance per scripted strategy */
    for (int i = 0; i < nfirms; i++) {
        const rm_strategy *st = firms[i].strategy;
        if (st->kind != RM_STRATEGY_SCRIPT)
            continue;
        int k = 0;
        while (k < p->npools && p->pool_of[k] != st)
            k++;
        if (k < p->npools)
            continue;
        if (k == POOLS) {
            rm_partners_free(p);
            rm_errorf(err, "at most %d different scripted strategies", POOLS);
            return NULL;
        }
        p->pool_of[k] = st;
        if (!(p->pool[k] = s->ops->open(st, &p->s.payoff, rng, err))) {
            rm_partners_free(p);
            return NULL;
        }
        p->npools++;
    }
    return p;
}

static void *pool_for(const rm_partners *p, const rm_strategy *st)
{
    for (int k = 0; k < p->npools; k++)
        if (p->pool_of[k] == st)
            return p->pool[k];
    return NULL;
}

/* A dyad's scripted state, when it ends. */
static void release(rm_partners *p, rm_dyad *d)
{
    if (d->script_sme)
        p->s.ops->end(pool_for(p, p->f[d->sme].strategy), d->script_sme);
    if (d->script_large)
        p->s.ops->end(pool_for(p, p->f[d->large].strategy), d->script_large);
    d->script_sme = d->script_large = 0;
}

void rm_partners_free(rm_partners *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->nd; i++)
        release(p, &p->d[i]);
    for (int k = 0; k < p->npools; k++)
        p->s.ops->close(p->pool[k]);
    rm_free(p->f);
    rm_free(p->d);
    rm_free(p->res);
    rm_free(p->start);
    rm_free(p->due);
    rm_free(p->volume);
    rm_free(p->used);
    rm_free(p->capacity);
    rm_free(p->complaints);
    rm_free(p->head);
    rm_free(p->tail);
    rm_free(p->next);
    rm_free(p);
}

static int live(const rm_dyad *d) { return d->stage != RM_STAGE_DISSOLVED; }

/* The firm's dyad after dyad i: next holds two links per dyad (its SME's
 * list, its large firm's). */
static int next_of(const rm_partners *p, int firm, int i)
{
    return p->next[2 * i + (p->d[i].sme != firm)];
}

static int linked(const rm_partners *p, int sme, int large)
{
    for (int i = p->head[sme]; i >= 0; i = next_of(p, sme, i))
        if (live(&p->d[i]) && p->d[i].large == large)
            return 1;
    return 0;
}

int rm_partners_capacity(const rm_partners *p, int i)
{
    const rm_firm *a = &p->f[i];
    const double *st = &p->start[3 * i];
    double grown = fmax(0, a->capability - st[0]) + fmax(0, a->reputation - st[1]);
    double n = a->max_relationships + floor(p->s.expand * grown);
    if (p->s.expansion_cost > 0)
        n += floor(fmax(0, a->resources - st[2]) / p->s.expansion_cost);
    return n > 100000 ? 100000 : (int)n;
}

/* Every SME courts every large firm, SMEs in order (a pair's check
 * costs the SME's relationships, not all of them). */
int rm_partners_court_all(rm_partners *p, rm_error *err)
{
    for (int a = 0; a < p->nf; a++)
        for (int b = 0; !p->f[a].large && b < p->nf; b++)
            if (p->f[b].large && rm_partners_court(p, a, b, err) < 0)
                return -1;
    return 0;
}

int rm_partners_court(rm_partners *p, int sme, int large, rm_error *err)
{
    if (sme < 0 || sme >= p->nf || large < 0 || large >= p->nf || p->f[sme].large ||
        !p->f[large].large)
        return rm_errorf(err, "court: firm %d must be an SME and firm %d a large firm", sme + 1,
                         large + 1);
    if (linked(p, sme, large))
        return rm_errorf(err, "court: SME %d and large firm %d are already in a relationship",
                         sme + 1, large + 1);
    if (p->nd == p->cap) {
        int cap = p->cap ? p->cap * 2 : 64;
        rm_dyad *nd = rm_realloc(p->d, (size_t)cap * sizeof *nd);
        if (nd)
            p->d = nd;
        int *nx = nd ? rm_realloc(p->next, (size_t)cap * 2 * sizeof *nx) : NULL;
        if (!nx)
            return rm_errorf(err, "out of memory for %d relationships%s", cap, rm_budget_why());
        p->next = nx;
        p->cap = cap;
    }
    rm_dyad *d = &p->d[p->nd];
    memset(d, 0, sizeof *d);
    d->sme = sme;
    d->large = large;
    d->stage = RM_STAGE_AWARENESS;
    /* first impressions: the buyer judges the SME by its reputation */
    d->trust_large = 0.1 + 0.3 * p->f[sme].reputation;
    d->trust_sme = 0.3;
    d->expectation = 1.0;
    d->committed_at = -1;
    d->fsm_sme = p->f[sme].strategy->start;
    d->fsm_large = p->f[large].strategy->start;
    /* move functions: the dyad's own state in the strategy's shared instance */
    const rm_strategy *st[2] = {p->f[sme].strategy, p->f[large].strategy};
    int *h[2] = {&d->script_sme, &d->script_large};
    for (int k = 0; k < 2; k++) {
        if (st[k]->kind != RM_STRATEGY_SCRIPT)
            continue;
        int handle = p->s.ops->begin(pool_for(p, st[k]), err);
        if (handle <= 0) {
            release(p, d);
            return -1;
        }
        *h[k] = handle;
    }
    int firm[2] = {sme, large};
    for (int k = 0; k < 2; k++) {
        int last = p->tail[firm[k]];
        p->next[2 * p->nd + k] = -1;
        if (last < 0)
            p->head[firm[k]] = p->nd;
        else
            p->next[2 * last + (p->d[last].sme != firm[k])] = p->nd;
        p->tail[firm[k]] = p->nd;
    }
    return p->nd++;
}

/* One side's move: declared strategies natively, scripts through the ops. */
static int side_move(rm_partners *p, rm_dyad *d, int large, int *out, rm_error *err)
{
    const rm_strategy *s = p->f[large ? d->large : d->sme].strategy;
    int mine = large ? d->last_large : d->last_sme, theirs = large ? d->last_sme : d->last_large;
    if (s->kind != RM_STRATEGY_SCRIPT) {
        *out = rm_strategy_move(s, large ? &d->fsm_large : &d->fsm_sme, d->played, mine, theirs,
                                p->rng);
        return 0;
    }
    return p->s.ops->move(pool_for(p, s), large ? d->script_large : d->script_sme, d->played,
                          mine, theirs, out, err);
}

static void dissolve(rm_partners *p, rm_dyad *d, rm_end_cause why, rm_partner_period *r)
{
    d->stage = RM_STAGE_DISSOLVED;
    d->cause = why;
    /* the SME loses what it sank into qualifying, and the business until
     * it has regrown it from the rest (share 1 - x): replacing a share x
     * takes replacement x / (1 - x) periods */
    double x = fmin(d->dep_sme, 0.9);
    d->loss = d->sunk + p->s.replacement * fmax(0, d->rate) * x / (1 - x);
    r->sme_loss += d->loss;
    r->ended[why] += 1;
    r->stage[RM_STAGE_DISSOLVED] += 1;
    release(p, d);
}

/* What the buyer gets from this SME, against which a rival is compared. */
static double value_of(const rm_firm *sme)
{
    return sme->capability * (1 + sme->added_value) / sme->price;
}

static double size_of(const rm_partners *p, const rm_dyad *d)
{
    return p->s.project_value * stage_scale[d->stage] * p->demand_factor *
           (1 + p->s.cocreation * d->knowledge);
}

/* Who gets a project this period: each SME serves its relationships
 * from the deepest stage down, in the order they began, up to its
 * capacity; then each side's dependence on the other (the dyad's share
 * of the SME's revenue, of the buyer's purchases). */
static void allocate(rm_partners *p, rm_partner_period *r)
{
    memset(p->used, 0, (size_t)p->nf * sizeof *p->used);
    memset(p->volume, 0, (size_t)p->nf * sizeof *p->volume);
    int *capacity = p->capacity;
    for (int i = 0; i < p->nf; i++)
        capacity[i] = p->f[i].large ? 0 : rm_partners_capacity(p, i);
    for (int st = RM_STAGE_COMMITMENT; st >= RM_STAGE_AWARENESS; st--)
        for (int i = 0; i < p->nd; i++) {
            rm_dyad *d = &p->d[i];
            if (d->stage != (rm_stage)st)
                continue;
            d->served = p->used[d->sme] < capacity[d->sme];
            if (!d->served) {
                r->waiting += 1;
                continue;
            }
            p->used[d->sme]++;
            double v = size_of(p, d);
            p->volume[d->sme] += v;
            p->volume[d->large] += v;
        }
    for (int i = 0; i < p->nf; i++)
        if (!p->f[i].large && p->f[i].alive)
            r->capacity += capacity[i];
    for (int i = 0; i < p->nd; i++) {
        rm_dyad *d = &p->d[i];
        if (!live(d) || !d->served)
            continue;
        double v = size_of(p, d);
        d->dep_sme = v / (p->volume[d->sme] + p->f[d->sme].revenue);
        d->dep_large = v / (p->volume[d->large] + p->f[d->large].revenue);
    }
}

static int step_dyad(rm_partners *p, rm_dyad *d, int t, rm_partner_period *r, rm_error *err)
{
    const rm_partner_spec *s = &p->s;
    rm_firm *a = &p->f[d->sme], *b = &p->f[d->large];
    if (!a->alive) {
        dissolve(p, d, RM_END_FAILED, r);
        return 0;
    }
    /* dialogue: two-way, fast and transparent talk builds the buyer's
     * trust; being listened to builds the SME's; only two-way dialogue
     * builds shared knowledge (Ballantyne 2004) */
    double speed = s->response_scale > 0 ? exp(-a->response_hours / s->response_scale) : 1;
    double open = 1 - s->two_way * (1 - a->openness);
    double talk = a->dialogue * speed * open * (0.5 + 0.5 * a->transparency);
    d->trust_large += s->dialogue_gain * talk * (1 - d->trust_large);
    d->trust_sme += s->dialogue_gain * talk * 0.5 * (1 - d->trust_sme);
    d->knowledge += s->learning * a->dialogue * open * speed * (1 - d->knowledge) -
                    s->forgetting * d->knowledge;
    /* every draw is made whatever happens, so that variants of a
     * scenario stay on common random numbers */
    double u_noise_s = rm_rng_uniform(p->rng), u_noise_l = rm_rng_uniform(p->rng);
    double u_fail = rm_rng_uniform(p->rng), u_public = rm_rng_uniform(p->rng);
    if (d->served) {
        int ms, ml;
        if (side_move(p, d, 0, &ms, err) < 0 || side_move(p, d, 1, &ml, err) < 0)
            return -1;
        d->played++;
        if (u_noise_s < s->noise)
            ms = !ms;
        if (u_noise_l < s->noise)
            ml = !ml;
        /* delivery: capability, resources against the project, load, and
         * what the two know of each other */
        double v = size_of(p, d);
        double need = s->resource_need * v, each = fmax(0, a->resources) / p->used[d->sme];
        double shortfall = need > 0 ? fmax(0, 1 - each / need) : 0;
        double load = (double)p->used[d->sme] / p->capacity[d->sme];
        double pfail = clamp01((s->risk_base + s->risk * (1 - a->capability) +
                                s->risk_load * load + shortfall) *
                               (1 - s->knowledge_risk * d->knowledge));
        int failed = ms == RM_C && (u_fail < pfail || d->forced_sme);
        d->forced_sme = 0;
        if (ms == RM_C) {
            d->deliveries++;
            r->delivered += 1;
        }
        /* the buyer gets what a compete gives it; the SME earns nothing */
        double ps = failed ? s->payoff.S * v : rm_payoff_of(&s->payoff, ms, ml) * v;
        double pl = rm_payoff_of(&s->payoff, ml, failed ? RM_D : ms) * v;
        if (failed) {
            d->failures++;
            r->failed += 1;
        }
        /* imbalance: the buyer's power is the SME's dependence on it
         * against its own on the SME (Emerson 1962); bargaining moves that
         * much of the joint value, and late payment costs the SME */
        double dep = d->dep_sme + d->dep_large;
        double power = 0.5 + s->bargaining * ((dep > 0 ? d->dep_sme / dep : 0.5) - 0.5);
        double transfer = (power - 0.5) * (ps + pl);
        double gs = ps - transfer, gl = pl + transfer;
        double fee = s->interest * b->payment_terms * fmax(0, gs);
        gs -= fee;
        gl += fee;
        d->profit_sme += gs;
        d->profit_large += gl;
        d->rate += 0.3 * (gs - d->rate);
        p->due[(size_t)d->sme * RING + (size_t)((t + b->payment_terms) % RING)] += gs;
        r->profit_sme += gs;
        r->profit_large += gl;
        /* adaptation to qualify (organisation, brand, culture): paid until
         * committed, more to a stronger buyer, sunk */
        if (d->stage == RM_STAGE_EXPLORATION || d->stage == RM_STAGE_EXPANSION) {
            double pay = b->adaptation * 2 * power * p->cost_factor;
            a->resources -= pay;
            d->sunk += pay;
            r->adaptation += pay;
        }
        /* trust: betrayal hurts more than good faith helps; a failure
         * hurts less when it is answered openly, fast and transparently */
        if (failed)
            d->trust_large -= s->failure_trust * (1 - 0.5 * open * speed * a->transparency) *
                              d->trust_large;
        else if (ms == RM_C)
            d->trust_large += s->trust_up * (1 - d->trust_large);
        else
            d->trust_large -= s->trust_down * d->trust_large;
        if (ml == RM_C)
            d->trust_sme += s->trust_up * (1 - d->trust_sme);
        else
            d->trust_sme -= s->trust_down * d->trust_sme;
        /* public exchanges: a failure left unanswered becomes a complaint
         * others read; a success seen in the open is a free reference */
        if (failed && u_public < a->public_share * (1 - open * speed)) {
            p->complaints[d->sme]++;
        } else if (!failed && ms == RM_C && u_public < a->public_share * a->transparency) {
            a->reputation += s->references * (1 - a->reputation);
            r->references += 1;
        }
        /* a failure is not opportunism: the strategies see the SME's
         * cooperation, the buyer's trust carries the failure */
        d->last_sme = (uint8_t)ms;
        d->last_large = (uint8_t)ml;
        /* the buyer's satisfaction: performance plus disconfirmation */
        double outcome = pl / (s->payoff.R * v);
        double aim = clamp01(fmin(outcome, 1) + (outcome - d->expectation));
        d->satisfaction += s->satisfaction_gain * (aim - d->satisfaction);
        d->expectation += s->expectation_speed * (outcome - d->expectation);
    }
    a->resources -= a->cost * p->cost_factor;
    d->trust_large = clamp01(d->trust_large);
    d->trust_sme = clamp01(d->trust_sme);
    if (d->stage >= RM_STAGE_EXPANSION)
        d->switching_cost += 0.03 * (1 - d->switching_cost);
    double mutual = (d->trust_sme + d->trust_large) / 2;
    double target = 0.6 * mutual + 0.2 * d->satisfaction + 0.2 * d->switching_cost;
    d->commitment += s->bond * (target - d->commitment);
    /* stages: up after `dwell` served periods above the threshold, down
     * below the threshold minus the hysteresis */
    double level[RM_STAGES] = {0, mutual, mutual, d->commitment, 0};
    if (d->stage < RM_STAGE_COMMITMENT && d->served) {
        int next = d->stage + 1;
        d->above = level[next] >= s->thresholds[next - 1] ? d->above + 1 : 0;
        if (d->above >= s->dwell) {
            d->stage = (rm_stage)next;
            d->in_stage = 0;
            d->above = 0;
            if (next == RM_STAGE_COMMITMENT && d->committed_at < 0) {
                d->committed_at = d->age + 1;
                r->committed_new += 1;
                p->time_to_commit += d->committed_at;
                p->commits++;
            }
        }
    }
    if (d->stage > RM_STAGE_AWARENESS && d->stage <= RM_STAGE_COMMITMENT &&
        level[d->stage] < s->thresholds[d->stage - 1] - s->hysteresis) {
        d->stage = (rm_stage)(d->stage - 1);
        d->in_stage = 0;
        d->above = 0;
    }
    if (d->stage == RM_STAGE_COMMITMENT && d->served) {      /* the growth cycle */
        a->capability += s->growth * (1 - a->capability);
        a->reputation += s->growth * (1 - a->reputation);
    }
    d->age++;
    d->in_stage++;
    if (mutual < s->collapse && d->age >= s->dwell)
        dissolve(p, d, RM_END_TRUST, r);
    else if (s->rival > 0 && s->rival > value_of(a) * (1 + d->commitment + d->switching_cost))
        dissolve(p, d, RM_END_RIVAL, r);
    return 0;
}

/* A public complaint: every buyer reads it; prospects and new customers
 * may leave ("one bad tweet can lose up to 30 customers"). */
static void complain(rm_partners *p, int sme, rm_partner_period *r)
{
    p->f[sme].reputation *= 0.8;
    r->complaints += 1;
    for (int i = p->head[sme]; i >= 0; i = next_of(p, sme, i)) {
        rm_dyad *d = &p->d[i];
        if (!live(d))
            continue;
        d->trust_large *= 0.85;
        if (d->stage <= RM_STAGE_EXPLORATION && rm_rng_uniform(p->rng) < p->s.complaint_loss)
            dissolve(p, d, RM_END_COMPLAINT, r);
    }
}

/* A large firm keeps at most max_relationships suppliers past awareness:
 * it drops the one it values least (trust times value). */
static void prune(rm_partners *p, rm_partner_period *r)
{
    for (int L = 0; L < p->nf; L++) {
        if (!p->f[L].large)
            continue;
        for (;;) {
            int n = 0, worst = -1;
            double low = HUGE_VAL;
            for (int i = p->head[L]; i >= 0; i = next_of(p, L, i)) {
                rm_dyad *d = &p->d[i];
                if (!live(d) || d->stage == RM_STAGE_AWARENESS)
                    continue;
                n++;
                double score = d->trust_large * value_of(&p->f[d->sme]);
                if (score < low) {
                    low = score;
                    worst = i;
                }
            }
            if (n <= p->f[L].max_relationships || worst < 0)
                break;
            dissolve(p, &p->d[worst], RM_END_DROPPED, r);
        }
    }
}

/* Court a random large firm the SME is not linked to; 1 when it did. */
static int court_random(rm_partners *p, int i)
{
    for (int tries = 8; tries--;) {
        int L = (int)rm_rng_below(p->rng, (uint32_t)p->nf);
        if (p->f[L].large && !linked(p, i, L)) {
            rm_error err;
            return rm_partners_court(p, i, L, &err) >= 0;
        }
    }
    return 0;
}

/* SMEs with room court a large firm; prospects who saw an SME's public
 * references court it (the SME with room answers). */
static void search(rm_partners *p, rm_partner_period *r)
{
    if (p->s.search <= 0 && p->s.courting <= 0)
        return;
    for (int i = 0; i < p->nf; i++)
        p->used[i] = 0;
    for (int k = 0; k < p->nd; k++)
        if (live(&p->d[k]))
            p->used[p->d[k].sme]++;
    for (int i = 0; i < p->nf; i++) {
        rm_firm *a = &p->f[i];
        if (a->large || !a->alive)
            continue;
        double u = rm_rng_uniform(p->rng), v = rm_rng_uniform(p->rng);
        if (p->used[i] >= rm_partners_capacity(p, i))
            continue;
        if (u < p->s.search)
            court_random(p, i);
        else if (v < p->s.courting * a->public_share * a->reputation && court_random(p, i))
            r->courted += 1;
    }
}

/* Events multiply the factors: capped, so that a series of them cannot
 * reach inf (and a later factor of 0 turn it into NaN profits). */
#define EVENT_FACTOR_MAX 1e12

static void apply_event(rm_partners *p, const rm_partner_event *e)
{
    p->cost_factor = fmin(p->cost_factor * e->cost, EVENT_FACTOR_MAX);
    p->demand_factor = fmin(p->demand_factor * e->demand, EVENT_FACTOR_MAX);
    for (int i = 0; i < p->nd; i++) {
        rm_dyad *d = &p->d[i];
        if (live(d)) {
            d->trust_large = clamp01(d->trust_large + e->trust);
            d->trust_sme = clamp01(d->trust_sme + e->trust);
        }
    }
}

void rm_partners_event(rm_partners *p, const rm_partner_event *e) { apply_event(p, e); }

int rm_partners_step(rm_partners *p, int t, rm_error *err)
{
    if (t != p->next_t || t >= p->s.periods)
        return rm_errorf(err, "partnerships stepped at period %d, expected %d", t, p->next_t);
    rm_partner_period *r = &p->res[t];
    memset(r, 0, sizeof *r);
    for (int k = 0; k < p->s.nevents; k++)
        if (p->s.events[k].at == t)
            apply_event(p, &p->s.events[k]);
    for (int i = 0; i < p->nf; i++) {
        rm_firm *f = &p->f[i];
        if (f->large || !f->alive)
            continue;
        double *due = &p->due[(size_t)i * RING + (size_t)(t % RING)];
        f->resources += *due;        /* payments arrive after the buyer's terms */
        *due = 0;
        if (f->resources < 0)
            f->alive = 0;
    }
    allocate(p, r);
    int before = p->nd;
    for (int i = 0; i < before; i++)
        if (live(&p->d[i]) && step_dyad(p, &p->d[i], t, r, err) < 0)
            return -1;
    for (int i = 0; i < p->nf; i++) {
        for (int k = p->complaints[i]; k > 0; k--)
            complain(p, i, r);
        p->complaints[i] = 0;
    }
    prune(p, r);
    search(p, r);
    double n = 0, cap = 0, smes = 0, dep = 0;
    for (int i = 0; i < p->nd; i++) {
        const rm_dyad *d = &p->d[i];
        if (!live(d))
            continue;
        r->stage[d->stage] += 1;
        r->mean_trust += (d->trust_sme + d->trust_large) / 2;
        r->mean_commitment += d->commitment;
        r->mean_satisfaction += d->satisfaction;
        r->mean_knowledge += d->knowledge;
        if (d->played) {
            r->dependence_sme += d->dep_sme;
            r->dependence_large += d->dep_large;
            dep++;
        }
        n++;
    }
    r->mean_trust = n ? r->mean_trust / n : NAN;
    r->mean_commitment = n ? r->mean_commitment / n : NAN;
    r->mean_satisfaction = n ? r->mean_satisfaction / n : NAN;
    r->mean_knowledge = n ? r->mean_knowledge / n : NAN;
    r->dependence_sme = dep ? r->dependence_sme / dep : NAN;
    r->dependence_large = dep ? r->dependence_large / dep : NAN;
    r->relationships = n;
    r->joint = r->profit_sme + r->profit_large;
    r->mean_time_to_commitment = p->commits ? p->time_to_commit / p->commits : NAN;
    for (int i = 0; i < p->nf; i++)
        if (!p->f[i].large && p->f[i].alive) {
            cap += p->f[i].capability;
            smes++;
        }
    r->sme_capability = smes ? cap / smes : NAN;
    r->smes_alive = smes;
    p->next_t = t + 1;
    return 0;
}

const rm_partner_period *rm_partners_result(const rm_partners *p, int t)
{
    return t >= 0 && t < p->next_t ? &p->res[t] : NULL;
}

int rm_partners_dyads(const rm_partners *p) { return p->nd; }
const rm_dyad *rm_partners_dyad(const rm_partners *p, int i) { return &p->d[i]; }
rm_firm *rm_partners_firm(rm_partners *p, int i) { return &p->f[i]; }
int rm_partners_firms(const rm_partners *p) { return p->nf; }
void rm_partners_set_rival(rm_partners *p, double rival) { p->s.rival = rival; }

int rm_partners_shock(rm_partners *p, rm_shock kind, int sme, int large, rm_error *err)
{
    if (sme < 0 || sme >= p->nf || p->f[sme].large)
        return rm_errorf(err, "shock: firm %d is not an SME", sme + 1);
    if (kind == RM_SHOCK_COMPLAINT) {   /* in public: read by all, at this period's end */
        p->complaints[sme]++;
        return 0;
    }
    for (int i = 0; i < p->nd; i++) {
        rm_dyad *d = &p->d[i];
        if (!live(d) || d->sme != sme || (large >= 0 && d->large != large))
            continue;
        switch (kind) {
        case RM_SHOCK_FAILED_DELIVERY:
            d->forced_sme = 1;
            break;
        case RM_SHOCK_UNDERCUT:
            /* a cheaper rival: the buyer's attachment is tested now */
            d->commitment *= 0.8;
            break;
        case RM_SHOCK_CONTACT_LEAVES:
            /* trust lives partly in people: half of it leaves with them */
            d->trust_large *= 0.5;
            d->trust_sme *= 0.7;
            d->commitment *= 0.7;
            break;
        case RM_SHOCK_COMPLAINT:
            break;
        }
    }
    return 0;
}
