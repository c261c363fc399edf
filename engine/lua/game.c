/* game.c - rm.game: matches and tournaments run from a scenario. */
#include "helpers.h"
#include "sandbox.h"

#include <lauxlib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rmsim/game.h"
#include "rmsim/input.h"
#include "rmsim/strategy.h"
#include "rmsim/tournament.h"

static const field game_fields[] = {
    {"turns", 'i', 1, RM_TURNS_MAX}, {"continuation", 'n', 0, 0.9999}, {"noise", 'n', 0, 1},
    {"payoff", 't', 0, 0}, {"repetitions", 'i', 1, 1e6}, {"strategies", 't', 0, 0},
    {NULL, 0, 0, 0},
};

void rml_read_match_options(lua_State *L, int t, const char *what, rm_match_config *m)
{
    *m = rm_match_defaults();
    if (lua_isnoneornil(L, t))
        return;
    if (what)               /* NULL: the caller checked the table, read the payoff only */
        rml_check_fields(L, t, what, game_fields);
    m->turns = (int)rml_num_field(L, t, "turns", m->turns);
    m->continuation = rml_num_field(L, t, "continuation", 0);
    m->noise = rml_num_field(L, t, "noise", 0);
    if (lua_getfield(L, t, "payoff") == LUA_TTABLE) {
        double v[4];
        for (int i = 0; i < 4; i++) {
            lua_rawgeti(L, -1, i + 1);
            v[i] = lua_tonumber(L, -1);
            lua_pop(L, 1);
        }
        m->payoff = (rm_payoff){v[0], v[1], v[2], v[3]};
        rm_error err;
        if (rm_payoff_check(&m->payoff, &err) < 0)
            rml_errorf(L, "%s: %s", what ? what : "payoff", err.msg);
    }
    lua_pop(L, 1);
}

/* A strategy a scenario may run: a classic by name, or a file inside
 * the scenario's folder (a path relative to it). Nothing else is read,
 * so an error can never quote a line of some other file. */
void rml_load_strategy(lua_State *L, const char *name, rm_strategy *s)
{
    rm_sandbox *sb = rm_sandbox_of(L);
    char path[8500], classics[4200];
    size_t n = strlen(name);
    int is_path = strchr(name, '/') || (n > 4 && !strcmp(name + n - 4, ".lua"));
    snprintf(classics, sizeof classics, "%s/strategies", sb->scripts_dir);
    if (!is_path && n > 0 && n < 200 && name[0] != '.')
        snprintf(path, sizeof path, "%s/%s.lua", classics, name);
    else if (is_path && name[0] != '/' && !strstr(name, ".."))
        snprintf(path, sizeof path, "%s/%s", sb->script_dir, name);
    else
        path[0] = '\0';
    if (!path[0] || access(path, F_OK) != 0 ||
        !rm_path_inside(path, is_path ? sb->script_dir : classics))
        rml_errorf(L, "strategy '%s': not a classic strategy nor a .lua file inside the "
                   "scenario's folder", name);
    /* it shares the scenario's memory cap (and budget) and wall clock;
     * instructions are per move */
    rm_limits lim = {1000000, sb->limits.max_memory,
                     sb->limits.max_seconds > 0 ? sb->limits.max_seconds : RM_DEFAULT_MOVE_SECONDS};
    rm_error err;
    if (rm_strategy_load(path, &lim, s, &err) < 0)
        rml_errorf(L, "strategy '%s': %s", name, err.msg);
}

/* A classic's name for the classic only; unique: no name twice. */
static void name_entrants(lua_State *L, rm_strategy *s, int n, int unique)
{
    char classics[4200];
    snprintf(classics, sizeof classics, "%s/strategies", rm_sandbox_of(L)->scripts_dir);
    if (rm_entrants_name(s, n, classics, unique, NULL, NULL) < 0)
        rml_errorf(L, "out of memory");
}

/* A seed for the match or tournament, from the replicate's stream. */
uint64_t rml_derived_seed(lua_State *L)
{
    rm_rng *r = rml_rng_of(L);
    uint64_t hi = rm_rng_next(r);
    return (hi << 32) | rm_rng_next(r);
}

static void push_moves(lua_State *L, const uint8_t *m, int n)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 0; i < n; i++)
        luaL_addchar(&b, m[i] == RM_C ? 'C' : 'D');
    luaL_pushresult(&b);
}

/* The C work of a match, charged to the caller's budget before it runs:
 * a turn (two moves, noise, payoffs, the history) costs about what four
 * VM instructions do. */
static double expected_turns(const rm_match_config *m)
{
    return 4 * (m->continuation > 0 ? 1 / (1 - m->continuation) : m->turns);
}

/* rm.game.match(a, b [, {turns, noise, continuation, payoff}]) */
static int l_game_match(lua_State *L)
{
    const char *a = luaL_checkstring(L, 1), *b = luaL_checkstring(L, 2);
    rm_match_config m;
    rml_read_match_options(L, 3, "rm.game.match", &m);
    rm_sandbox_charge(L, expected_turns(&m));
    rm_strategy *s = lua_newuserdatauv(L, 2 * sizeof *s, 0);
    rml_load_strategy(L, a, &s[0]);
    rml_load_strategy(L, b, &s[1]);
    name_entrants(L, s, 2, 0);
    rm_error err;
    rm_match_result *r = malloc(sizeof *r);
    rm_rng rng;
    rm_rng_seed(&rng, rml_derived_seed(L), 0);
    if (!r || rm_play_strategies(&m, &s[0], &s[1], rm_lua_strategy_ops(), &rng, r, &err) < 0) {
        free(r);
        return rml_errorf(L, "rm.game.match: %s", r ? err.msg : "out of memory");
    }
    lua_createtable(L, 0, 5);
    push_moves(L, r->moves_a, r->turns);
    lua_setfield(L, -2, "moves_a");
    push_moves(L, r->moves_b, r->turns);
    lua_setfield(L, -2, "moves_b");
    lua_pushnumber(L, r->score_a);
    lua_setfield(L, -2, "score_a");
    lua_pushnumber(L, r->score_b);
    lua_setfield(L, -2, "score_b");
    lua_pushinteger(L, r->turns);
    lua_setfield(L, -2, "turns");
    free(r);
    return 1;
}

/* rm.game.tournament{strategies = {...}, turns, repetitions, noise, ...} */
static int l_game_tournament(lua_State *L)
{
    rm_tournament_config c = rm_tournament_defaults();
    rml_read_match_options(L, 1, "rm.game.tournament", &c.match);
    c.repetitions = (int)rml_num_field(L, 1, "repetitions", 1);
    c.threads = 1;                  /* replicates already run side by side */
    c.ops = rm_lua_strategy_ops();
    if (lua_getfield(L, 1, "strategies") != LUA_TTABLE)
        return rml_errorf(L, "rm.game.tournament: strategies must list strategy names");
    int n = (int)lua_rawlen(L, -1);
    if (n < 1 || n > 512)
        return rml_errorf(L, "rm.game.tournament: 1 to 512 strategies");
    rm_sandbox_charge(L, (double)n * (n + 1) / 2 * c.repetitions * expected_turns(&c.match));
    rm_strategy *s = lua_newuserdatauv(L, (size_t)n * sizeof *s, 0);
    for (int i = 0; i < n; i++) {
        lua_rawgeti(L, -2, i + 1);
        if (!lua_isstring(L, -1))
            return rml_errorf(L, "rm.game.tournament: strategy %d must be a name", i + 1);
        rml_load_strategy(L, lua_tostring(L, -1), &s[i]);
        lua_pop(L, 1);
    }
    name_entrants(L, s, n, 1);      /* the matrix is keyed by name */
    c.seed = rml_derived_seed(L);
    rm_tournament t;
    rm_error err;
    if (rm_tournament_run(&c, s, n, NULL, &t, &err) < 0)
        return rml_errorf(L, "rm.game.tournament: %s", err.msg);
    lua_createtable(L, 0, 3);
    lua_newtable(L);
    int k = 0;
    for (int r = 0; r < n; r++) {
        int i = t.rank[r];
        if (t.disqualified[i])
            continue;
        lua_createtable(L, 0, 3);
        lua_pushstring(L, s[i].name);
        lua_setfield(L, -2, "strategy");
        lua_pushnumber(L, t.score[i]);
        lua_setfield(L, -2, "score");
        lua_pushnumber(L, t.wins[i]);
        lua_setfield(L, -2, "wins");
        lua_rawseti(L, -2, ++k);
    }
    lua_setfield(L, -2, "ranking");
    lua_newtable(L);
    k = 0;
    for (int i = 0; i < n; i++)
        if (t.disqualified[i]) {
            lua_createtable(L, 0, 2);
            lua_pushstring(L, s[i].name);
            lua_setfield(L, -2, "strategy");
            lua_pushstring(L, t.reason[i]);
            lua_setfield(L, -2, "reason");
            lua_rawseti(L, -2, ++k);
        }
    lua_setfield(L, -2, "disqualified");
    lua_newtable(L);
    for (int i = 0; i < n; i++) {
        lua_newtable(L);
        for (int j = 0; j < n; j++)
            if (!isnan(t.matrix[i * n + j])) {
                lua_pushnumber(L, t.matrix[i * n + j]);
                lua_setfield(L, -2, s[j].name);
            }
        lua_setfield(L, -2, s[i].name);
    }
    lua_setfield(L, -2, "matrix");
    rm_tournament_free(&t);
    return 1;
}

static const luaL_Reg game_lib[] = {
    {"match", l_game_match},
    {"tournament", l_game_tournament},
    {NULL, NULL},
};

void rml_open_game(lua_State *L)
{
    luaL_newlib(L, game_lib);
    lua_setfield(L, -2, "game");
}
