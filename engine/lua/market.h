/* market.h (internal) - what rm.market's two binding files share:
 * market.c (the market, its firms and segments) and arenas.c (the
 * co-opetition arenas its firms play). */
#ifndef RMSIM_LUA_MARKET_H
#define RMSIM_LUA_MARKET_H

#include "helpers.h"
#include "rmsim/coopetition.h"
#include "rmsim/market.h"

typedef struct lmarket {
    model head;
    rm_market *m;
    char name[24];
    int switching;          /* record won_from_X / lost_to_X columns */
    int has_decide;
    /* co-opetition: arenas, how each firm plays, declared strategies */
    rm_coop *coop;
    int narenas;
    char arena[RM_ARENAS_MAX][17];
    int is_market[RM_ARENAS_MAX];
    int play[RM_FIRMS_MAX];             /* PLAY_* */
    int fsm[RM_FIRMS_MAX][RM_ARENAS_MAX];
    rm_strategy *strat;                 /* [firms], a userdata kept as uservalue 2 */
    rm_rng own;                         /* with `stream`: the market's own numbers */
    rm_rng *rng;                        /* &own, or the replicate's */
} lmarket;

enum { PLAY_COOPERATE, PLAY_DECLARED, PLAY_MOVE };

/* What the market keeps in Lua, in a table at registry[lm]: self (the
 * userdata), decide and move (functions by firm index), arenas (the
 * compete / cooperate settings of market arenas, by index), h (the game's
 * history, shown to move functions) and memory (a table per firm). */
static inline void rml_market_state(lua_State *L, lmarket *lm, const char *field)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, lm);
    lua_getfield(L, -1, field);
    lua_remove(L, -2);
}

/* The settings a firm can change each period (an option table's fields). */
extern const field rml_market_settings[];

/* Apply the settings table at idx to firm j under protection; an error is
 * raised as "where what: ..." (where may be ""). */
void rml_market_apply(lua_State *L, lmarket *lm, int j, int idx, const char *where,
                      const char *what);
/* "file:line:" of the Lua function at idx. */
void rml_where_defined(lua_State *L, int idx, char *out, size_t size);
void rml_market_check_name(lua_State *L, const char *what, const char *name, size_t max);

/* arenas.c: read `arenas` of the rm.market table (at 1) into lm, with the
 * state table at st; each period, the firms' moves (applied to the market
 * arenas' settings) before the customers step, and the payoffs after. */
void rml_arenas_read(lua_State *L, lmarket *lm, int st, const rm_market_spec *ms);
void rml_arenas_play(lua_State *L, lmarket *lm, rm_replicate *rep, uint8_t *moves);
void rml_arenas_settle(lua_State *L, lmarket *lm, rm_replicate *rep, const uint8_t *moves);

#endif
