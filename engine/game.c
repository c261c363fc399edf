/* game.c - payoffs and one match of the iterated cooperate/compete game. */
#include "rmsim/game.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

rm_payoff rm_payoff_default(void)
{
    return (rm_payoff){3, 0, 5, 1};
}

int rm_payoff_check(const rm_payoff *p, rm_error *err)
{
    if (!isfinite(p->R) || !isfinite(p->S) || !isfinite(p->T) || !isfinite(p->P) ||
        fabs(p->R) > 1e9 || fabs(p->S) > 1e9 || fabs(p->T) > 1e9 || fabs(p->P) > 1e9)
        return rm_errorf(err, "payoffs must be finite numbers within +-1e9");
    if (!(p->T > p->R && p->R > p->P && p->P > p->S))
        return rm_errorf(err, "payoff %g,%g,%g,%g is not a dilemma: need T > R > P > S "
                         "(R,S,T,P = both cooperate, sucker, temptation, both compete)",
                         p->R, p->S, p->T, p->P);
    if (!(2 * p->R > p->T + p->S))
        return rm_errorf(err, "payoff %g,%g,%g,%g: need 2R > T + S, or taking turns to "
                         "exploit each other beats cooperating", p->R, p->S, p->T, p->P);
    return 0;
}

int rm_payoff_parse(const char *text, rm_payoff *out, rm_error *err)
{
    /* named presets: Axelrod's tournaments; Case's Evolution of Trust
     * (put in a coin, the other gets three: R 2, S -1, T 3, P 0) */
    if (!strcmp(text, "axelrod"))
        text = "3,0,5,1";
    else if (!strcmp(text, "trust"))
        text = "2,-1,3,0";
    double v[4];
    const char *p = text;
    for (int i = 0; i < 4; i++) {
        char *end;
        errno = 0;
        v[i] = strtod(p, &end);
        if (end == p || errno == ERANGE || (i < 3 && *end != ',') || (i == 3 && *end))
            return rm_errorf(err, "'%s': expected four numbers R,S,T,P (e.g. 3,0,5,1) "
                             "or a preset: axelrod (3,0,5,1), trust (2,-1,3,0)",
                             text);
        p = end + 1;
    }
    rm_payoff pay = {v[0], v[1], v[2], v[3]};
    if (rm_payoff_check(&pay, err) < 0)
        return -1;
    *out = pay;
    return 0;
}

double rm_payoff_of(const rm_payoff *p, int mine, int theirs)
{
    if (mine == RM_C)
        return theirs == RM_C ? p->R : p->S;
    return theirs == RM_C ? p->T : p->P;
}

rm_match_config rm_match_defaults(void)
{
    rm_match_config m;
    m.payoff = rm_payoff_default();
    m.turns = 200;
    m.continuation = 0;
    m.max_turns = 10000;
    m.noise = 0;
    return m;
}

/* Per-player state within a match. */
typedef struct side {
    rm_player *p;
    int state;                  /* fsm state */
} side;

static int cooperate(rm_rng *rng, double chance)
{
    if (chance >= 1.0)
        return RM_C;
    if (chance <= 0.0)
        return RM_D;
    return rm_rng_uniform(rng) < chance ? RM_C : RM_D;
}

int rm_strategy_move(const rm_strategy *s, int *state, int t, int mine_last, int theirs_last,
                     rm_rng *rng)
{
    if (s->kind == RM_STRATEGY_MEMORY_ONE) {
        if (t == 0)
            return cooperate(rng, s->first);
        const double chance[2][2] = {{s->cc, s->cd}, {s->dc, s->dd}};
        return cooperate(rng, chance[mine_last][theirs_last]);
    }
    if (t > 0)
        *state = s->next[*state][theirs_last];
    return s->move[*state];
}

static int choose(side *s, int t, const uint8_t *mine, const uint8_t *theirs, rm_rng *rng,
                  int *out, rm_error *err)
{
    const rm_strategy *st = s->p->strategy;
    if (st->kind == RM_STRATEGY_SCRIPT)
        return s->p->ops->move(s->p->script, t, mine, theirs, out, err);
    *out = rm_strategy_move(st, &s->state, t, t ? mine[t - 1] : 0, t ? theirs[t - 1] : 0, rng);
    return 0;
}

int rm_play_match(const rm_match_config *m, rm_player *a, rm_player *b, rm_rng *rng,
                  rm_match_result *out, rm_error *err)
{
    int length = m->turns;
    if (m->continuation > 0) {
        /* the number of turns is 1 + the extra turns granted, capped */
        uint64_t extra = rm_rng_geometric(rng, 1.0 - m->continuation) - 1;
        length = extra + 1 > (uint64_t)m->max_turns ? m->max_turns : (int)(extra + 1);
    }
    if (length < 1 || length > RM_TURNS_MAX)
        return rm_errorf(err, "match length %d outside 1..%d", length, RM_TURNS_MAX);
    side sa = {a, a->strategy->start}, sb = {b, b->strategy->start};
    int known = m->continuation > 0 ? 0 : length;
    out->failed = 0;
    out->score_a = out->score_b = 0;
    out->turns = 0;
    if (a->strategy->kind == RM_STRATEGY_SCRIPT &&
        a->ops->begin(a->script, known, &m->payoff, rng, err) < 0) {
        out->failed = 1;
        return -1;
    }
    if (b->strategy->kind == RM_STRATEGY_SCRIPT &&
        b->ops->begin(b->script, known, &m->payoff, rng, err) < 0) {
        out->failed = 2;
        return -1;
    }
    for (int t = 0; t < length; t++) {
        int ma, mb;
        if (choose(&sa, t, out->moves_a, out->moves_b, rng, &ma, err) < 0) {
            out->failed = 1;
            return -1;
        }
        if (choose(&sb, t, out->moves_b, out->moves_a, rng, &mb, err) < 0) {
            out->failed = 2;
            return -1;
        }
        if (m->noise > 0) {
            if (rm_rng_uniform(rng) < m->noise)
                ma ^= 1;
            if (rm_rng_uniform(rng) < m->noise)
                mb ^= 1;
        }
        out->moves_a[t] = (uint8_t)ma;
        out->moves_b[t] = (uint8_t)mb;
        out->score_a += rm_payoff_of(&m->payoff, ma, mb);
        out->score_b += rm_payoff_of(&m->payoff, mb, ma);
        out->turns = t + 1;
    }
    return 0;
}

int rm_play_strategies(const rm_match_config *m, const rm_strategy *a, const rm_strategy *b,
                       const rm_script_ops *ops, rm_rng *rng, rm_match_result *out,
                       rm_error *err)
{
    rm_player p[2] = {{a, NULL, ops}, {b, NULL, ops}};
    int rc = 0;
    for (int i = 0; i < 2 && rc == 0; i++)
        if (p[i].strategy->kind == RM_STRATEGY_SCRIPT &&
            !(p[i].script = ops->open(p[i].strategy, err)))
            rc = -1;
    if (rc == 0)
        rc = rm_play_match(m, &p[0], &p[1], rng, out, err);
    for (int i = 0; i < 2; i++)
        if (p[i].script)
            ops->close(p[i].script);
    return rc;
}
