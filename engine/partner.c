/* partner.c - dyads of SMEs and large firms through their stages. */
#include "rmsim/budget.h"
#include "rmsim/partner.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *const rm_stage_names[RM_STAGES] = {"awareness", "exploration", "expansion",
                                               "commitment", "dissolved"};
const char *const rm_end_names[RM_ENDS] = {"none", "trust", "rival", "dropped", "failed"};

/* Projects grow as the relationship deepens: a first trial order, then
 * larger work, then a multi-year contract. */
static const double stage_scale[RM_STAGES] = {0.25, 0.5, 1.0, 2.0, 0};

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
    return s;
}

static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

static int check(const rm_partner_spec *s, const rm_firm *f, int n, rm_error *err)
{
    if (rm_payoff_check(&s->payoff, err) < 0)
        return -1;
    const double unit[] = {s->trust_up, s->trust_down, s->dialogue_gain, s->satisfaction_gain,
                           s->expectation_speed, s->bond, s->thresholds[0], s->thresholds[1],
                           s->thresholds[2], s->hysteresis, s->collapse, s->growth, s->search};
    for (size_t i = 0; i < sizeof unit / sizeof unit[0]; i++)
        if (!(unit[i] >= 0 && unit[i] <= 1))
            return rm_errorf(err, "partnership rates, thresholds and chances must be in [0, 1]");
    if (!(s->project_value > 0 && s->project_value < 1e12) || !(s->rival >= 0 && s->rival < 1e6))
        return rm_errorf(err, "project_value must be > 0 and rival >= 0");
    if (s->dwell < 1 || s->dwell > 1000 || s->periods < 1 || s->periods > 1000000)
        return rm_errorf(err, "dwell must be in [1, 1000]");
    if (n < 2 || n > 100000)
        return rm_errorf(err, "a partnership model needs 2 to 100000 firms");
    for (int i = 0; i < n; i++) {
        const rm_firm *x = &f[i];
        if (!x->strategy || (x->strategy->kind == RM_STRATEGY_SCRIPT && !s->ops))
            return rm_errorf(err, "firm %d: a scripted strategy needs script operations", i + 1);
        if (!(x->capability >= 0 && x->capability <= 1 && x->reputation >= 0 &&
              x->reputation <= 1 && x->added_value >= 0 && x->added_value <= 1 &&
              x->dialogue >= 0 && x->dialogue <= 1 && x->price > 0 && isfinite(x->price) &&
              isfinite(x->resources) && x->cost >= 0 && isfinite(x->cost)))
            return rm_errorf(err, "firm %d: capability, reputation, added_value and dialogue in "
                             "[0, 1], price > 0, cost >= 0", i + 1);
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
    if (p) {
        p->f = rm_malloc((size_t)nfirms * sizeof *p->f);
        p->res = rm_calloc((size_t)s->periods, sizeof *p->res);
    }
    if (!p || !p->f || !p->res) {
        rm_partners_free(p);
        rm_errorf(err, "out of memory");
        return NULL;
    }
    p->s = *s;
    p->rng = rng;
    memcpy(p->f, firms, (size_t)nfirms * sizeof *p->f);
    p->nf = nfirms;
    for (int i = 0; i < nfirms; i++)
        p->f[i].alive = 1;
    return p;
}

/* A dyad's scripted instances and histories, when it ends. */
static void release(rm_partners *p, rm_dyad *d)
{
    if (d->script_sme)
        p->s.ops->close(d->script_sme);
    if (d->script_large)
        p->s.ops->close(d->script_large);
    rm_free(d->hist_sme);
    rm_free(d->hist_large);
    d->script_sme = d->script_large = NULL;
    d->hist_sme = d->hist_large = NULL;
}

void rm_partners_free(rm_partners *p)
{
    if (!p)
        return;
    for (int i = 0; i < p->nd; i++)
        release(p, &p->d[i]);
    rm_free(p->f);
    rm_free(p->d);
    rm_free(p->res);
    rm_free(p);
}

static int live(const rm_dyad *d) { return d->stage != RM_STAGE_DISSOLVED; }

static int linked(const rm_partners *p, int sme, int large)
{
    for (int i = 0; i < p->nd; i++)
        if (live(&p->d[i]) && p->d[i].sme == sme && p->d[i].large == large)
            return 1;
    return 0;
}

static int add_dyad(rm_partners *p, int sme, int large, rm_error *err);

int rm_partners_court(rm_partners *p, int sme, int large, rm_error *err)
{
    if (sme < 0 || sme >= p->nf || large < 0 || large >= p->nf || p->f[sme].large ||
        !p->f[large].large)
        return rm_errorf(err, "court: firm %d must be an SME and firm %d a large firm", sme + 1,
                         large + 1);
    if (linked(p, sme, large))
        return rm_errorf(err, "court: SME %d and large firm %d are already in a relationship",
                         sme + 1, large + 1);
    return add_dyad(p, sme, large, err);
}

/* Every SME courts every large firm: no pair can be linked yet when
 * there are no relationships, so no O(relationships) check per pair. */
int rm_partners_court_all(rm_partners *p, rm_error *err)
{
    int fresh = p->nd == 0;
    for (int a = 0; a < p->nf; a++)
        for (int b = 0; !p->f[a].large && b < p->nf; b++)
            if (p->f[b].large && (fresh ? add_dyad(p, a, b, err) : rm_partners_court(p, a, b, err)) < 0)
                return -1;
    return 0;
}

static int add_dyad(rm_partners *p, int sme, int large, rm_error *err)
{
    if (p->nd == p->cap) {
        if (p->cap > INT_MAX / 2)
            return rm_errorf(err, "more than %d relationships", INT_MAX / 2);
        int cap = p->cap ? p->cap * 2 : 64;
        rm_dyad *nd = rm_realloc(p->d, (size_t)cap * sizeof *nd);
        if (!nd)
            return rm_errorf(err, "out of memory for %d relationships%s", cap, rm_budget_why());
        p->d = nd;
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
    /* move functions: an instance per side, told the length is unknown */
    const rm_strategy *st[2] = {p->f[sme].strategy, p->f[large].strategy};
    void **inst[2] = {&d->script_sme, &d->script_large};
    for (int k = 0; k < 2; k++) {
        if (st[k]->kind != RM_STRATEGY_SCRIPT)
            continue;
        if (!(*inst[k] = p->s.ops->open(st[k], err)) ||
            p->s.ops->begin(*inst[k], 0, &p->s.payoff, p->rng, err) < 0) {
            release(p, d);
            return -1;
        }
    }
    return p->nd++;
}

/* One side's move: declared strategies natively, scripts with their
 * history (kept only for them). */
static int side_move(rm_partners *p, rm_dyad *d, int large, int *out, rm_error *err)
{
    const rm_strategy *s = p->f[large ? d->large : d->sme].strategy;
    int mine = large ? d->last_large : d->last_sme, theirs = large ? d->last_sme : d->last_large;
    if (s->kind != RM_STRATEGY_SCRIPT) {
        *out = rm_strategy_move(s, large ? &d->fsm_large : &d->fsm_sme, d->age, mine, theirs,
                                p->rng);
        return 0;
    }
    if (d->age >= RM_TURNS_MAX)
        return rm_errorf(err, "a scripted relationship is limited to %d periods", RM_TURNS_MAX);
    return p->s.ops->move(large ? d->script_large : d->script_sme, d->age,
                          large ? d->hist_large : d->hist_sme, large ? d->hist_sme : d->hist_large,
                          out, err);
}

static int record_moves(rm_dyad *d, int ms, int ml, rm_error *err)
{
    if (!d->script_sme && !d->script_large)
        return 0;
    if (d->age >= d->hist_cap) {
        int cap = d->hist_cap ? d->hist_cap * 2 : 64;
        uint8_t *a = rm_realloc(d->hist_sme, (size_t)cap), *b = a ? rm_realloc(d->hist_large, (size_t)cap) : NULL;
        if (a)
            d->hist_sme = a;
        if (!a || !b)
            return rm_errorf(err, "out of memory");
        d->hist_large = b;
        d->hist_cap = cap;
    }
    d->hist_sme[d->age] = (uint8_t)ms;
    d->hist_large[d->age] = (uint8_t)ml;
    return 0;
}

static void dissolve(rm_partners *p, rm_dyad *d, rm_end_cause why, rm_partner_period *r)
{
    d->stage = RM_STAGE_DISSOLVED;
    d->cause = why;
    r->ended[why] += 1;
    r->stage[RM_STAGE_DISSOLVED] += 1;
    release(p, d);
}

/* What the buyer gets from this SME, against which a rival is compared. */
static double value_of(const rm_firm *sme)
{
    return sme->capability * (1 + sme->added_value) / sme->price;
}

static int step_dyad(rm_partners *p, rm_dyad *d, rm_partner_period *r, rm_error *err)
{
    const rm_partner_spec *s = &p->s;
    rm_firm *a = &p->f[d->sme], *b = &p->f[d->large];
    if (!a->alive) {
        dissolve(p, d, RM_END_FAILED, r);
        return 0;
    }
    /* dialogue: the SME's communication builds the buyer's trust, and
     * being listened to builds the SME's */
    d->trust_large += s->dialogue_gain * a->dialogue * (1 - d->trust_large);
    d->trust_sme += s->dialogue_gain * a->dialogue * 0.5 * (1 - d->trust_sme);
    /* the joint project: each side cooperates or competes */
    int ms, ml;
    if (side_move(p, d, 0, &ms, err) < 0 || side_move(p, d, 1, &ml, err) < 0)
        return -1;
    if (d->forced_sme) {
        ms = RM_D;          /* a failed delivery looks like opportunism to the buyer */
        d->forced_sme = 0;
    }
    if (record_moves(d, ms, ml, err) < 0)
        return -1;
    d->last_sme = (uint8_t)ms;
    d->last_large = (uint8_t)ml;
    double scale = s->project_value * stage_scale[d->stage];
    double ps = rm_payoff_of(&s->payoff, ms, ml) * scale, pl = rm_payoff_of(&s->payoff, ml, ms) * scale;
    d->profit_sme += ps;
    d->profit_large += pl;
    a->resources += ps - a->cost;
    r->profit_sme += ps;
    r->profit_large += pl;
    /* trust: betrayal hurts more than good faith helps */
    if (ms == RM_C)
        d->trust_large += s->trust_up * (1 - d->trust_large);
    else
        d->trust_large -= s->trust_down * d->trust_large;
    if (ml == RM_C)
        d->trust_sme += s->trust_up * (1 - d->trust_sme);
    else
        d->trust_sme -= s->trust_down * d->trust_sme;
    /* the buyer's satisfaction: outcome against expectation */
    /* performance (the outcome, R = 1) plus disconfirmation (outcome
     * minus expectation) is where satisfaction heads */
    double outcome = pl / (s->payoff.R * scale);
    double aim = clamp01(fmin(outcome, 1) + (outcome - d->expectation));
    d->satisfaction += s->satisfaction_gain * (aim - d->satisfaction);
    d->expectation += s->expectation_speed * (outcome - d->expectation);
    if (d->stage >= RM_STAGE_EXPANSION)
        d->switching_cost += 0.03 * (1 - d->switching_cost);
    double mutual = (d->trust_sme + d->trust_large) / 2;
    double target = 0.6 * mutual + 0.2 * d->satisfaction + 0.2 * d->switching_cost;
    d->commitment += s->bond * (target - d->commitment);
    /* stages: up after `dwell` periods above the threshold, down below
     * the threshold minus the hysteresis */
    double level[RM_STAGES] = {0, mutual, mutual, d->commitment, 0};
    if (d->stage < RM_STAGE_COMMITMENT) {
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
    if (d->stage == RM_STAGE_COMMITMENT) {       /* the growth cycle */
        a->capability += s->growth * (1 - a->capability);
        a->reputation += s->growth * (1 - a->reputation);
    }
    d->age++;
    d->in_stage++;
    if (mutual < s->collapse && d->age >= s->dwell)
        dissolve(p, d, RM_END_TRUST, r);
    else if (s->rival > 0 && s->rival > value_of(a) * (1 + d->commitment + d->switching_cost))
        dissolve(p, d, RM_END_RIVAL, r);
    (void)b;
    return 0;
}

/* A large firm keeps at most max_relationships suppliers past awareness:
 * it drops the one it values least (trust times value). */
typedef struct scored {
    double score;
    int i;
} scored;

static int by_score(const void *pa, const void *pb)
{
    const scored *a = pa, *b = pb;
    if (isnan(a->score) != isnan(b->score))
        return isnan(a->score) ? 1 : -1;
    if (a->score != b->score && !isnan(a->score))
        return a->score < b->score ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

/* Dropping the lowest-scored one at a time, rescanning every relationship
 * each time, was O(large firms x relationships x drops). The scores do not
 * change while dropping, so each firm's relationships are sorted once and
 * the lowest dropped, in the same order (ties: the older first). */
static int prune(rm_partners *p, rm_partner_period *r, rm_error *err)
{
    int *off = rm_calloc((size_t)p->nf + 2, sizeof *off);
    scored *all = rm_malloc(((size_t)p->nd + 1) * sizeof *all);
    if (!off || !all) {
        rm_free(off);
        rm_free(all);
        return rm_errorf(err, "out of memory for %d relationships%s", p->nd, rm_budget_why());
    }
    for (int i = 0; i < p->nd; i++) {
        const rm_dyad *d = &p->d[i];
        if (live(d) && d->stage != RM_STAGE_AWARENESS)
            off[d->large + 2]++;
    }
    for (int L = 0; L < p->nf; L++)
        off[L + 2] += off[L + 1];
    for (int i = 0; i < p->nd; i++) {       /* off[L + 1] is the fill point of L */
        const rm_dyad *d = &p->d[i];
        if (live(d) && d->stage != RM_STAGE_AWARENESS)
            all[off[d->large + 1]++] = (scored){d->trust_large * value_of(&p->f[d->sme]), i};
    }
    for (int L = 0; L < p->nf; L++) {
        int n = off[L + 1] - off[L];
        if (!p->f[L].large || n <= p->f[L].max_relationships)
            continue;
        scored *g = all + off[L];
        qsort(g, (size_t)n, sizeof *g, by_score);
        int drop = n - p->f[L].max_relationships;
        for (int k = 0; k < n && drop > 0; k++)
            if (!isnan(g[k].score)) {       /* as before: a NaN score is never the worst */
                dissolve(p, &p->d[g[k].i], RM_END_DROPPED, r);
                drop--;
            }
    }
    rm_free(off);
    rm_free(all);
    return 0;
}

/* SMEs with room court a large firm they are not linked to. Each SME's
 * live partners are listed first (one pass over the relationships), so
 * the search costs O(firms + relationships), not their product. */
static int search(rm_partners *p, rm_error *err)
{
    if (p->s.search <= 0)
        return 0;
    int *off = rm_calloc((size_t)p->nf + 1, sizeof *off);
    int *to = rm_malloc(((size_t)p->nd + 1) * sizeof *to);
    if (!off || !to) {
        rm_free(off);
        rm_free(to);
        return rm_errorf(err, "out of memory for the search of %d firms%s", p->nf,
                         rm_budget_why());
    }
    for (int k = 0; k < p->nd; k++)
        if (live(&p->d[k]))
            off[p->d[k].sme + 1]++;
    for (int i = 0; i < p->nf; i++)
        off[i + 1] += off[i];
    int nd = p->nd;
    {
        int *at = rm_malloc(((size_t)p->nf + 1) * sizeof *at);
        if (!at) {
            rm_free(off);
            rm_free(to);
            return rm_errorf(err, "out of memory for the search of %d firms%s", p->nf,
                             rm_budget_why());
        }
        memcpy(at, off, ((size_t)p->nf + 1) * sizeof *at);
        for (int k = 0; k < nd; k++)
            if (live(&p->d[k]))
                to[at[p->d[k].sme]++] = p->d[k].large;
        rm_free(at);
    }
    int rc = 0;
    for (int i = 0; i < p->nf && rc == 0; i++) {
        rm_firm *a = &p->f[i];
        if (a->large || !a->alive)
            continue;
        int n = off[i + 1] - off[i];
        if (n >= a->max_relationships || rm_rng_uniform(p->rng) >= p->s.search)
            continue;
        int tries = 8;
        while (tries--) {
            int L = (int)rm_rng_below(p->rng, (uint32_t)p->nf);
            int known = 0;
            for (int k = off[i]; k < off[i + 1] && !known; k++)
                known = to[k] == L;
            if (p->f[L].large && !known) {
                rc = add_dyad(p, i, L, err);
                break;
            }
        }
    }
    rm_free(off);
    rm_free(to);
    return rc;
}

int rm_partners_step(rm_partners *p, int t, rm_error *err)
{
    if (t != p->next_t || t >= p->s.periods)
        return rm_errorf(err, "partnerships stepped at period %d, expected %d", t, p->next_t);
    rm_partner_period *r = &p->res[t];
    memset(r, 0, sizeof *r);
    for (int i = 0; i < p->nf; i++)
        if (!p->f[i].large && p->f[i].alive && p->f[i].resources < 0)
            p->f[i].alive = 0;
    int before = p->nd;
    for (int i = 0; i < before; i++)
        if (live(&p->d[i]) && step_dyad(p, &p->d[i], r, err) < 0)
            return -1;
    if (prune(p, r, err) < 0)
        return -1;
    if (search(p, err) < 0)
        return -1;
    double n = 0, cap = 0, smes = 0;
    for (int i = 0; i < p->nd; i++) {
        const rm_dyad *d = &p->d[i];
        if (!live(d))
            continue;
        r->stage[d->stage] += 1;
        r->mean_trust += (d->trust_sme + d->trust_large) / 2;
        r->mean_commitment += d->commitment;
        r->mean_satisfaction += d->satisfaction;
        n++;
    }
    r->mean_trust = n ? r->mean_trust / n : NAN;
    r->mean_commitment = n ? r->mean_commitment / n : NAN;
    r->mean_satisfaction = n ? r->mean_satisfaction / n : NAN;
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
    if (kind == RM_SHOCK_COMPLAINT) {   /* in public: every buyer reads it */
        p->f[sme].reputation *= 0.8;
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
            d->trust_large *= 0.85;
            break;
        }
    }
    return 0;
}
