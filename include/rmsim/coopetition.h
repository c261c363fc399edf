/* coopetition.h - n firms, several arenas: each period each firm
 * cooperates or competes in each arena, and what it does in one arena
 * moves the others' trust in it, and so its payoffs in the others.
 *
 * Two kinds of arena:
 *   RM_ARENA_MARKET    what the firm does is a setting of its offer in a
 *                      market (rm_market: compete = subsidise switchers,
 *                      say); its payoff there is the margin the market
 *                      pays, given to rm_coop_settle;
 *   RM_ARENA_ALLIANCE  a shared project (a common standard): a cooperator
 *                      gets value * (c / n) * trust, c the cooperators and
 *                      trust their mean trust in each other; a firm that
 *                      goes alone gets value * solo / n.
 * Trust T[i][k], what i thinks of k, starts at trust0; after each period,
 * with k's competitive acts a_k = sum over arenas of spill (market arenas)
 * or 1 (alliance arenas) where k competed, T[i][k] *= 1 - down * min(1, a_k)
 * when a_k > 0, else T[i][k] += up (1 - T[i][k]). spill = 0 keeps the
 * arenas apart. docs/models.md gives the sources.
 *
 * Declared strategies (memory-one, fsm) play each arena on their own
 * last move there and "the others'": compete if any other firm competed.
 *
 *     rm_coop_spec s = rm_coop_defaults();
 *     s.nplayers = 2; s.narenas = 2;
 *     s.arena[0] = (rm_arena_spec){"notebooks", RM_ARENA_MARKET, 0, 0.5, 0};
 *     s.arena[1] = (rm_arena_spec){"bluray", RM_ARENA_ALLIANCE, 3e5, 0, 0.5};
 *     rm_coop *c = rm_coop_new(&s, &err);
 *     uint8_t moves[2 * 2] = {RM_D, RM_C, RM_C, RM_C};   // [player][arena]
 *     double margin[2] = {1e5, 2e5}, pay[2 * 2];
 *     rm_coop_settle(c, moves, margin, pay, &err);         // pay[player][arena]
 *     rm_coop_free(c);
 */
#ifndef RMSIM_COOPETITION_H
#define RMSIM_COOPETITION_H

#include <stdint.h>

#include "rmsim/error.h"
#include "rmsim/game.h"
#include "rmsim/rng.h"

#define RM_ARENAS_MAX 8
#define RM_PLAYERS_MAX 32

typedef enum { RM_ARENA_MARKET, RM_ARENA_ALLIANCE } rm_arena_kind;

typedef struct rm_arena_spec {
    char name[32];
    rm_arena_kind kind;
    double value;           /* alliance: each firm's payoff when all cooperate, full trust */
    double spill;           /* market: weight of competing here in the others' trust */
    double solo;            /* alliance: share of value a firm going alone gets, times 1/n */
} rm_arena_spec;

typedef struct rm_coop_spec {
    int nplayers, narenas;
    rm_arena_spec arena[RM_ARENAS_MAX];
    double trust0, up, down;
} rm_coop_spec;

typedef struct rm_coop rm_coop;

rm_coop_spec rm_coop_defaults(void);     /* trust 0.8, up 0.1, down 0.3 */
rm_coop *rm_coop_new(const rm_coop_spec *spec, rm_error *err);
void rm_coop_free(rm_coop *c);

/* A declared strategy's move in an arena, from the last settled period. */
int rm_coop_declared_move(const rm_coop *c, int player, int arena, const rm_strategy *s,
                          int *state, rm_rng *rng);

/* Settle a period: moves[player * narenas + arena] (RM_C / RM_D), the
 * market's margin of each player (counted in its market arenas, split
 * evenly when there are several); fills payoff[player * narenas + arena]
 * and updates trust. -1 only when out of memory (nothing changed). */
int rm_coop_settle(rm_coop *c, const uint8_t *moves, const double *market_margin,
                   double *payoff, rm_error *err);

double rm_coop_trust(const rm_coop *c, int truster, int trusted);
/* Mean trust the other players place in `player`. */
double rm_coop_trusted(const rm_coop *c, int player);
/* Periods settled, and a player's move in an arena at period t. */
int rm_coop_periods(const rm_coop *c);
int rm_coop_move(const rm_coop *c, int t, int player, int arena);

#endif
