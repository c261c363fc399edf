/* coopetition.c - arenas, trust between firms, and the spill-over of
 * competing in one arena into the payoffs of the others. */
#include "rmsim/budget.h"
#include "rmsim/coopetition.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct rm_coop {
    rm_coop_spec spec;
    double trust[RM_PLAYERS_MAX][RM_PLAYERS_MAX];   /* [truster][trusted] */
    uint8_t *moves;         /* [periods][players][arenas] */
    int periods, cap;
};

rm_coop_spec rm_coop_defaults(void)
{
    rm_coop_spec s;
    memset(&s, 0, sizeof s);
    s.trust0 = 0.8;
    s.up = 0.1;
    s.down = 0.3;
    return s;
}

rm_coop *rm_coop_new(const rm_coop_spec *s, rm_error *err)
{
    if (s->nplayers < 2 || s->nplayers > RM_PLAYERS_MAX)
        return rm_errorf(err, "co-opetition needs 2 to %d firms (got %d)", RM_PLAYERS_MAX,
                         s->nplayers), NULL;
    if (s->narenas < 1 || s->narenas > RM_ARENAS_MAX)
        return rm_errorf(err, "co-opetition needs 1 to %d arenas (got %d)", RM_ARENAS_MAX,
                         s->narenas), NULL;
    if (!(s->trust0 >= 0 && s->trust0 <= 1) || !(s->up >= 0 && s->up <= 1) ||
        !(s->down >= 0 && s->down <= 1))
        return rm_errorf(err, "trust, up and down must be in [0, 1]"), NULL;
    for (int a = 0; a < s->narenas; a++) {
        const rm_arena_spec *r = &s->arena[a];
        if (!(r->value >= 0 && r->value <= 1e15) || !(r->spill >= 0 && r->spill <= 1) ||
            !(r->solo >= 0 && r->solo <= 1))
            return rm_errorf(err, "arena '%s': value must be in [0, 1e15], spill and solo in "
                             "[0, 1]", r->name), NULL;
    }
    rm_coop *c = rm_calloc(1, sizeof *c);
    if (!c)
        return rm_errorf(err, "out of memory"), NULL;
    c->spec = *s;
    for (int i = 0; i < s->nplayers; i++)
        for (int k = 0; k < s->nplayers; k++)
            c->trust[i][k] = i == k ? 1 : s->trust0;
    return c;
}

void rm_coop_free(rm_coop *c)
{
    if (c)
        rm_free(c->moves);
    rm_free(c);
}

int rm_coop_move(const rm_coop *c, int t, int player, int arena)
{
    const rm_coop_spec *s = &c->spec;
    return c->moves[((size_t)t * (size_t)s->nplayers + (size_t)player) * (size_t)s->narenas +
                    (size_t)arena];
}

int rm_coop_declared_move(const rm_coop *c, int player, int arena, const rm_strategy *s,
                          int *state, rm_rng *rng)
{
    int t = c->periods;
    if (t == 0)
        return rm_strategy_move(s, state, 0, RM_C, RM_C, rng);
    int mine = rm_coop_move(c, t - 1, player, arena), theirs = RM_C;
    for (int k = 0; k < c->spec.nplayers; k++)
        if (k != player && rm_coop_move(c, t - 1, k, arena) == RM_D)
            theirs = RM_D;
    return rm_strategy_move(s, state, t, mine, theirs, rng);
}

int rm_coop_settle(rm_coop *c, const uint8_t *moves, const double *market_margin,
                   double *payoff, rm_error *err)
{
    const rm_coop_spec *s = &c->spec;
    int n = s->nplayers, A = s->narenas, markets = 0;
    if (c->periods == c->cap) {
        int cap = c->cap ? 2 * c->cap : 64;
        uint8_t *m = rm_realloc(c->moves, (size_t)cap * (size_t)n * (size_t)A);
        if (!m)
            return rm_errorf(err, "out of memory for the moves' history");
        c->moves = m;
        c->cap = cap;
    }
    for (int a = 0; a < A; a++)
        markets += s->arena[a].kind == RM_ARENA_MARKET;
    for (int a = 0; a < A; a++) {
        const rm_arena_spec *r = &s->arena[a];
        if (r->kind == RM_ARENA_MARKET) {
            for (int i = 0; i < n; i++)
                payoff[i * A + a] = market_margin ? market_margin[i] / markets : 0;
            continue;
        }
        /* alliance: cooperators share value * (c / n) * their mutual trust */
        int coop = 0;
        double tsum = 0;
        int pairs = 0;
        for (int i = 0; i < n; i++) {
            if (moves[i * A + a] != RM_C)
                continue;
            coop++;
            for (int k = 0; k < n; k++)
                if (k != i && moves[k * A + a] == RM_C) {
                    tsum += c->trust[i][k];
                    pairs++;
                }
        }
        double trust = pairs ? tsum / pairs : 1;
        for (int i = 0; i < n; i++)
            payoff[i * A + a] = moves[i * A + a] == RM_C
                                    ? r->value * coop / n * trust
                                    : r->value * r->solo / n;
    }
    /* trust: competing anywhere weighs on the others' trust, by arena */
    for (int k = 0; k < n; k++) {
        double acts = 0;
        for (int a = 0; a < A; a++)
            if (moves[k * A + a] == RM_D)
                acts += s->arena[a].kind == RM_ARENA_MARKET ? s->arena[a].spill : 1;
        for (int i = 0; i < n; i++) {
            if (i == k)
                continue;
            if (acts > 0)
                c->trust[i][k] *= 1 - s->down * fmin(1, acts);
            else
                c->trust[i][k] += s->up * (1 - c->trust[i][k]);
        }
    }
    memcpy(c->moves + (size_t)c->periods * (size_t)n * (size_t)A, moves, (size_t)n * (size_t)A);
    c->periods++;
    return 0;
}

double rm_coop_trust(const rm_coop *c, int truster, int trusted)
{
    return c->trust[truster][trusted];
}

double rm_coop_trusted(const rm_coop *c, int player)
{
    double s = 0;
    for (int i = 0; i < c->spec.nplayers; i++)
        if (i != player)
            s += c->trust[i][player];
    return s / (c->spec.nplayers - 1);
}

int rm_coop_periods(const rm_coop *c) { return c->periods; }
