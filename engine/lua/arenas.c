/* arenas.c - the co-opetition arenas of rm.market: each period every
 * firm's moves (its move(h), a declared strategy, or cooperation), the
 * market arenas' settings for them, and after the customers have stepped
 * the payoffs, trust (engine/coopetition.c), metrics and the history h. */
#include "market.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

static int move_code_of(lua_State *L, int idx, const char *where, const char *fn,
                        const char *arena)
{
    const char *m = lua_tostring(L, idx);
    if (lua_type(L, idx) == LUA_TSTRING && (!strcmp(m, "C") || !strcmp(m, "D")))
        return m[0] == 'C' ? RM_C : RM_D;
    return rml_error_at(L, where,
                        "move of firm '%s' must give \"C\" or \"D\" for arena '%s' (got %s)",
                        fn, arena, lua_type(L, idx) == LUA_TSTRING ? m : luaL_typename(L, idx));
}

/* h is given to move functions, which can change it: the engine writes
 * it raw (no metamethod runs) and checks that its own tables are still
 * there before writing into them (lua_rawseti on anything else would
 * corrupt memory). Pushes t[key] of the table at idx. */
static void history_part(lua_State *L, lmarket *lm, int idx, const char *key, const char *path)
{
    lua_pushstring(L, key);
    if (lua_rawget(L, idx) != LUA_TTABLE)
        rml_errorf(L, "market '%s': a move function changed h.%s%s%s (the history is for "
                   "reading; keep your own notes in h.memory)", lm->name, path, *path ? "." : "",
                   key);
}

static void history_set(lua_State *L, int h, const char *key)
{
    lua_pushstring(L, key);
    lua_insert(L, -2);
    lua_rawset(L, h);
}

/* Each firm's moves in every arena: its move(h), its declared strategy,
 * or cooperation; then the market arenas' settings for those moves. */
void rml_arenas_play(lua_State *L, lmarket *lm, rm_replicate *rep, uint8_t *moves)
{
    int J = rm_market_firms(lm->m), A = lm->narenas;
    rml_market_state(L, lm, "move");
    int fns = lua_gettop(L);
    rml_market_state(L, lm, "h");
    int h = lua_gettop(L);
    rml_market_state(L, lm, "memory");
    int mem = lua_gettop(L);
    lua_pushinteger(L, rep->t);
    history_set(L, h, "t");
    for (int j = 0; j < J; j++) {
        const char *fn = rm_market_firm(lm->m, j)->name;
        if (lm->play[j] == PLAY_DECLARED) {
            for (int a = 0; a < A; a++)
                moves[j * A + a] = (uint8_t)rm_coop_declared_move(lm->coop, j, a, &lm->strat[j],
                                                                 &lm->fsm[j][a], lm->rng);
            continue;
        }
        if (lm->play[j] != PLAY_MOVE) {
            memset(moves + j * A, RM_C, (size_t)A);
            continue;
        }
        lua_pushstring(L, fn);
        history_set(L, h, "me");
        lua_rawgeti(L, mem, j + 1);
        history_set(L, h, "memory");
        lua_createtable(L, 0, J);               /* h.trust: my trust in each other firm */
        for (int k = 0; k < J; k++)
            if (k != j) {
                lua_pushnumber(L, rm_coop_trust(lm->coop, j, k));
                lua_setfield(L, -2, rm_market_firm(lm->m, k)->name);
            }
        history_set(L, h, "trust");
        lua_rawgeti(L, fns, j + 1);
        char where[128];
        rml_where_defined(L, -1, where, sizeof where);
        lua_pushvalue(L, h);
        lua_call(L, 1, 1);
        for (int a = 0; a < A; a++) {
            if (lua_istable(L, -1)) {
                lua_getfield(L, -1, lm->arena[a]);
                moves[j * A + a] = (uint8_t)move_code_of(L, -1, where, fn, lm->arena[a]);
                lua_pop(L, 1);
            } else {
                moves[j * A + a] = (uint8_t)move_code_of(L, -1, where, fn, lm->arena[a]);
            }
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 3);
    rml_market_state(L, lm, "arenas");
    int ar = lua_gettop(L);
    for (int a = 0; a < A; a++) {
        if (!lm->is_market[a])
            continue;
        lua_rawgeti(L, ar, a + 1);
        for (int j = 0; j < J; j++) {
            const char *which = moves[j * A + a] == RM_D ? "compete" : "cooperate";
            if (lua_getfield(L, -1, which) == LUA_TTABLE) {
                char what[96];
                snprintf(what, sizeof what, "%s of arena '%s'", which, lm->arena[a]);
                rml_market_apply(L, lm, j, -1, "", what);
            }
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

/* After the market has paid: payoffs, trust, metrics and the history. */
void rml_arenas_settle(lua_State *L, lmarket *lm, rm_replicate *rep, const uint8_t *moves)
{
    int J = rm_market_firms(lm->m), A = lm->narenas, t = rep->t;
    double margin[RM_FIRMS_MAX], pay[RM_FIRMS_MAX * RM_ARENAS_MAX];
    for (int j = 0; j < J; j++)
        margin[j] = rm_market_result_of(lm->m, j, t)->margin;
    rm_error err;
    if (rm_coop_settle(lm->coop, moves, margin, pay, &err) < 0)
        rml_errorf(L, "market '%s', period %d: %s", lm->name, t, err.msg);
    rml_market_state(L, lm, "h");
    int h = lua_gettop(L);
    history_part(L, lm, h, "moves", "");
    history_part(L, lm, h, "payoffs", "");
    char name[160];
    for (int j = 0; j < J; j++) {
        const char *fn = rm_market_firm(lm->m, j)->name;
        double total = 0;
        history_part(L, lm, h + 1, fn, "moves");
        history_part(L, lm, h + 2, fn, "payoffs");
        char path[64];
        for (int a = 0; a < A; a++) {
            double p = pay[j * A + a];
            total += p;
            snprintf(name, sizeof name, "%s.%s.%s.move", lm->name, fn, lm->arena[a]);
            rml_record(L, rep, name, moves[j * A + a] == RM_D);
            snprintf(name, sizeof name, "%s.%s.%s.payoff", lm->name, fn, lm->arena[a]);
            rml_record(L, rep, name, p);
            snprintf(path, sizeof path, "moves.%s", fn);
            history_part(L, lm, lua_gettop(L) - 1, lm->arena[a], path);
            lua_pushstring(L, moves[j * A + a] == RM_D ? "D" : "C");
            lua_rawseti(L, -2, t + 1);
            lua_pop(L, 1);
            snprintf(path, sizeof path, "payoffs.%s", fn);
            history_part(L, lm, lua_gettop(L), lm->arena[a], path);
            lua_pushnumber(L, p);
            lua_rawseti(L, -2, t + 1);
            lua_pop(L, 1);
        }
        lua_pop(L, 2);
        snprintf(name, sizeof name, "%s.%s.payoff", lm->name, fn);
        rml_record(L, rep, name, total);
        snprintf(name, sizeof name, "%s.%s.trusted", lm->name, fn);
        rml_record(L, rep, name, rm_coop_trusted(lm->coop, j));
    }
    lua_pop(L, 3);
}

static const field arena_fields[] = {
    {"name", 's', 0, 0}, {"compete", 't', 0, 0}, {"cooperate", 't', 0, 0},
    {"spill", 'n', 0, 1}, {"value", 'n', 0, 1e15}, {"solo", 'n', 0, 1}, {NULL, 0, 0, 0},
};

/* arenas = { {name, compete = {...}, cooperate = {...}, spill} | {name, value, solo} } */
void rml_arenas_read(lua_State *L, lmarket *lm, int st, const rm_market_spec *ms)
{
    int J = ms->nfirms;
    if (lua_getfield(L, 1, "arenas") != LUA_TTABLE) {
        lua_pop(L, 1);
        for (int j = 0; j < J; j++)
            if (lm->play[j] != PLAY_COOPERATE)
                rml_errorf(L, "rm.market: firm '%s' has a strategy or a move but the market "
                           "has no arenas", ms->firm[j].name);
        return;
    }
    int list = lua_gettop(L);
    lua_Integer n = (lua_Integer)lua_rawlen(L, list);
    if (n < 1 || n > RM_ARENAS_MAX)
        rml_errorf(L, "rm.market: arenas must list 1 to %d arenas", RM_ARENAS_MAX);
    rm_coop_spec cs = rm_coop_defaults();
    cs.nplayers = J;
    cs.narenas = (int)n;
    cs.trust0 = rml_num_field(L, 1, "trust", cs.trust0);
    cs.up = rml_num_field(L, 1, "trust_up", cs.up);
    cs.down = rml_num_field(L, 1, "trust_down", cs.down);
    lua_getfield(L, st, "arenas");
    int settings = lua_gettop(L);
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, list, i) != LUA_TTABLE)
            rml_errorf(L, "rm.market: arena %d must be a table", (int)i);
        int t = lua_gettop(L);
        char what[64];
        snprintf(what, sizeof what, "arena %d of rm.market", (int)i);
        rml_check_fields(L, t, what, arena_fields);
        char dflt[32];
        snprintf(dflt, sizeof dflt, "arena%d", (int)i);
        const char *name = rml_str_field(L, t, "name", dflt);
        rml_market_check_name(L, what, name, 16);
        for (lua_Integer k = 1; k < i; k++)
            if (!strcmp(lm->arena[k - 1], name))
                rml_errorf(L, "rm.market: two arenas are named '%s'", name);
        snprintf(lm->arena[i - 1], sizeof lm->arena[i - 1], "%s", name);
        rm_arena_spec *r = &cs.arena[i - 1];
        snprintf(r->name, sizeof r->name, "%s", name);
        lua_getfield(L, t, "compete");
        lua_getfield(L, t, "cooperate");
        int market = !lua_isnil(L, -1) || !lua_isnil(L, -2);
        for (int k = -2; k <= -1; k++)
            if (lua_istable(L, k))
                rml_check_fields(L, k, k == -2 ? "compete of an arena" : "cooperate of an arena",
                                 rml_market_settings);
        lua_pop(L, 2);
        lua_getfield(L, t, "value");
        if (market && !lua_isnil(L, -1))
            rml_errorf(L, "%s: give compete/cooperate settings (a market arena) or a value (an "
                       "alliance), not both", what);
        lua_pop(L, 1);
        lm->is_market[i - 1] = market;
        r->kind = market ? RM_ARENA_MARKET : RM_ARENA_ALLIANCE;
        r->spill = rml_num_field(L, t, "spill", 1);
        r->value = rml_num_field(L, t, "value", 0);
        r->solo = rml_num_field(L, t, "solo", 0.5);
        lua_rawseti(L, settings, i);        /* the arena's table itself */
    }
    lua_pop(L, 2);
    rm_error err;
    lm->coop = rm_coop_new(&cs, &err);
    if (!lm->coop)
        rml_errorf(L, "rm.market: %s", err.msg);
    lm->narenas = (int)n;
    /* h: firms, arenas, moves[firm][arena] and payoffs[firm][arena] lists */
    lua_getfield(L, st, "h");
    lua_getfield(L, st, "memory");
    lua_createtable(L, J, 0);
    lua_createtable(L, (int)n, 0);
    lua_createtable(L, 0, J);
    lua_createtable(L, 0, J);
    int h = lua_gettop(L) - 5;
    for (int j = 0; j < J; j++) {
        lua_pushstring(L, ms->firm[j].name);
        lua_rawseti(L, h + 2, j + 1);
        lua_newtable(L);
        lua_rawseti(L, h + 1, j + 1);           /* memory */
        for (int k = 0; k < 2; k++) {
            lua_createtable(L, 0, (int)n);
            for (int a = 0; a < (int)n; a++) {
                lua_newtable(L);
                lua_setfield(L, -2, lm->arena[a]);
            }
            lua_setfield(L, h + 4 + k, ms->firm[j].name);
        }
    }
    for (int a = 0; a < (int)n; a++) {
        lua_pushstring(L, lm->arena[a]);
        lua_rawseti(L, h + 3, a + 1);
    }
    lua_setfield(L, h, "payoffs");
    lua_setfield(L, h, "moves");
    lua_setfield(L, h, "arenas");
    lua_setfield(L, h, "firms");
    lua_pop(L, 2);
}
