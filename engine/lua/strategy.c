/* strategy.c - cooperate/compete strategies written in Lua: loading the
 * declared forms (memory-one, fsm) into C, and running move functions. */
#include "rmsim/strategy.h"

#include <lauxlib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rmsim/output.h"
#include "sandbox.h"

/* One player slot of a scripted strategy: its own sandbox. The stack
 * holds, during a match: 1 move function, 2 h, 3 h.my, 4 h.their,
 * 5 the message handler, 6 "C", 7 "D", 8 "turn". */
typedef struct lua_player {
    rm_sandbox *sb;
    const rm_strategy *s;
    int length;                 /* known match length: h.my/h.their preallocated */
} lua_player;

enum { SLOT_MOVE = 1, SLOT_H, SLOT_MY, SLOT_THEIR, SLOT_MSGH, SLOT_C, SLOT_D, SLOT_TURN, SLOTS };

/* The names The Evolution of Trust (Case 2017) gives to the classics; its
 * grudger, detective and random are the same names here. */
static const char *const aliases[][2] = {
    {"copycat", "tit_for_tat"},       {"cheater", "always_defect"},
    {"cooperator", "always_cooperate"}, {"copykitten", "tit_for_two_tats"},
    {"simpleton", "win_stay_lose_shift"},
};
#define NALIASES ((int)(sizeof aliases / sizeof aliases[0]))

const char *rm_strategy_alias(int i, const char **target)
{
    if (i < 0 || i >= NALIASES)
        return NULL;
    if (target)
        *target = aliases[i][1];
    return aliases[i][0];
}

void rm_strategy_path(const char *name, char *out, size_t size)
{
    for (int i = 0; i < NALIASES; i++)
        if (!strcmp(name, aliases[i][0]))
            name = aliases[i][1];
    size_t n = strlen(name);
    if (strchr(name, '/') || (n > 4 && strcmp(name + n - 4, ".lua") == 0))
        snprintf(out, size, "%s", name);
    else
        snprintf(out, size, "%s/strategies/%s.lua", rm_scripts_dir(), name);
}

static int move_code(lua_State *L, int idx, const char *what, uint8_t *out)
{
    const char *m = lua_tostring(L, idx);
    if (lua_type(L, idx) != LUA_TSTRING || (strcmp(m, "C") && strcmp(m, "D")))
        return luaL_error(L, "%s must be \"C\" or \"D\" (got %s)", what,
                          lua_type(L, idx) == LUA_TSTRING ? m : luaL_typename(L, idx));
    *out = m[0] == 'C' ? RM_C : RM_D;
    return 0;
}

static double chance(lua_State *L, int t, const char *k, double dflt)
{
    int type = lua_getfield(L, t, k);
    double v = type == LUA_TNIL ? dflt : lua_tonumber(L, -1);
    if ((type != LUA_TNIL && type != LUA_TNUMBER) || !(v >= 0 && v <= 1))
        luaL_error(L, "memory_one.%s must be a chance in [0, 1]", k);
    lua_pop(L, 1);
    return v;
}

static void read_memory_one(lua_State *L, int t, rm_strategy *s)
{
    lua_pushnil(L);
    while (lua_next(L, t)) {
        const char *k = lua_tostring(L, -2);
        if (lua_type(L, -2) != LUA_TSTRING || (strcmp(k, "first") && strcmp(k, "CC") &&
            strcmp(k, "CD") && strcmp(k, "DC") && strcmp(k, "DD")))
            luaL_error(L, "memory_one: unknown key '%s' (first, CC, CD, DC, DD: my move, "
                       "then theirs)", k ? k : luaL_typename(L, -2));
        lua_pop(L, 1);
    }
    /* a missing key would silently fall back to a default move */
    static const char *const keys[] = {"first", "CC", "CD", "DC", "DD"};
    for (int i = 0; i < 5; i++)
        if (lua_getfield(L, t, keys[i]) == LUA_TNIL)
            luaL_error(L, "memory_one: missing '%s' (give all of first, CC, CD, DC and DD: the "
                       "chance to cooperate on the first turn and after each pair of last moves, "
                       "mine then theirs)", keys[i]);
        else
            lua_pop(L, 1);
    s->kind = RM_STRATEGY_MEMORY_ONE;
    s->first = chance(L, t, "first", 1);
    s->cc = chance(L, t, "CC", 1);
    s->cd = chance(L, t, "CD", 0);
    s->dc = chance(L, t, "DC", 1);
    s->dd = chance(L, t, "DD", 0);
}

static int find_state(lua_State *L, const char *const *names, int n, const char *name,
                      const char *what)
{
    for (int k = 0; name && k < n; k++)
        if (strcmp(names[k], name) == 0)
            return k;
    return luaL_error(L, "fsm: %s names no state ('%s')", what, name ? name : "nil");
}

/* fsm = { start = "a", states = { a = { move = "C", C = "a", D = "b" }, ... } }
 * States are numbered in name order, so the machine is the same in every run. */
static void read_fsm(lua_State *L, int t, rm_strategy *s)
{
    if (lua_getfield(L, t, "states") != LUA_TTABLE)
        luaL_error(L, "fsm.states must be a table of states");
    int states = lua_gettop(L);
    const char *names[RM_FSM_STATES];
    int n = 0;
    lua_pushnil(L);
    while (lua_next(L, states)) {
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_error(L, "fsm.states: state names must be strings");
        if (n == RM_FSM_STATES)
            luaL_error(L, "fsm: at most %d states", RM_FSM_STATES);
        names[n++] = lua_tostring(L, -2);
        lua_pop(L, 1);
    }
    if (n == 0)
        luaL_error(L, "fsm.states is empty");
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            const char *tmp = names[j];
            names[j] = names[j - 1];
            names[j - 1] = tmp;
        }
    s->kind = RM_STRATEGY_FSM;
    s->nstates = n;
    for (int i = 0; i < n; i++) {
        lua_getfield(L, states, names[i]);
        if (!lua_istable(L, -1))
            luaL_error(L, "fsm state '%s' must be a table { move = , C = , D = }", names[i]);
        lua_getfield(L, -1, "move");
        char what[96];
        snprintf(what, sizeof what, "fsm state '%s': move", names[i]);
        move_code(L, -1, what, &s->move[i]);
        lua_pop(L, 1);
        const char *on[2] = {"C", "D"};
        for (int m = 0; m < 2; m++) {
            lua_getfield(L, -1, on[m]);
            const char *to = lua_tostring(L, -1);
            snprintf(what, sizeof what, "state '%s' on %s", names[i], on[m]);
            s->next[i][m] = (uint8_t)find_state(L, names, n, to, what);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    lua_getfield(L, t, "start");
    const char *start = lua_tostring(L, -1);
    s->start = find_state(L, names, n, start, "fsm.start");
    lua_pop(L, 2);
}

static void copy_string(lua_State *L, int t, const char *k, char *out, size_t size)
{
    int type = lua_getfield(L, t, k);
    if (type == LUA_TSTRING)
        snprintf(out, size, "%s", lua_tostring(L, -1));
    else if (type != LUA_TNIL)
        luaL_error(L, "strategy field '%s' must be a string", k);
    lua_pop(L, 1);
}

/* Protected: the chunk's result is at 1, the strategy to fill at upvalue. */
static int read_declaration(lua_State *L)
{
    rm_strategy *s = lua_touserdata(L, 2);
    if (lua_istable(L, 1)) {
        static const char *const keys[] = {"name", "description", "source", "memory_one",
                                           "fsm", "move"};
        lua_pushnil(L);
        while (lua_next(L, 1)) {
            const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
            int ok = 0;
            for (int i = 0; k && i < 6; i++)
                ok |= strcmp(k, keys[i]) == 0;
            if (!ok) {
                const char *hint = k ? rm_suggest(k, keys, 6) : NULL;
                luaL_error(L, "unknown strategy field '%s'%s%s%s", k ? k : "?",
                           hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
            }
            lua_pop(L, 1);
        }
        copy_string(L, 1, "name", s->name, sizeof s->name);
        copy_string(L, 1, "description", s->description, sizeof s->description);
        copy_string(L, 1, "source", s->source, sizeof s->source);
        int forms = 0;
        if (lua_getfield(L, 1, "memory_one") == LUA_TTABLE) {
            read_memory_one(L, lua_gettop(L), s);
            forms++;
        }
        if (lua_getfield(L, 1, "fsm") == LUA_TTABLE) {
            read_fsm(L, lua_gettop(L), s);
            forms++;
        }
        if (lua_getfield(L, 1, "move") == LUA_TFUNCTION) {
            s->kind = RM_STRATEGY_SCRIPT;
            forms++;
        }
        if (forms != 1)
            luaL_error(L, "a strategy gives exactly one of memory_one, fsm or move (got %d)",
                       forms);
        return 0;
    }
    if (!lua_isnil(L, 1))
        luaL_error(L, "a strategy file returns a table or nothing (got %s)",
                   luaL_typename(L, 1));
    lua_getfield(L, LUA_REGISTRYINDEX, "rmsim.env");
    lua_pushliteral(L, "move");
    if (lua_rawget(L, -2) != LUA_TFUNCTION)
        luaL_error(L, "no strategy here: define function move(h), or return a table with "
                   "memory_one, fsm or move");
    s->kind = RM_STRATEGY_SCRIPT;
    return 0;
}

/* Protected: run the chunk at 1 in a fresh environment; its globals
 * can be defined only here. Returns the chunk's result. */
static int run_chunk(lua_State *L)
{
    lua_settop(L, 1);
    rm_sandbox_push_env(L);
    lua_call(L, 0, 1);
    rm_sandbox_lock(rm_sandbox_of(L));
    return 1;
}

/* Run the file in sb; leaves its result on the stack. */
static int run_file(rm_sandbox *sb, const char *path, rm_error *err)
{
    rm_sandbox_restart(sb);
    if (rm_sandbox_loadfile(sb, path, err) < 0)
        return -1;
    lua_pushvalue(sb->L, -1);
    lua_setfield(sb->L, LUA_REGISTRYINDEX, "rmsim.strategy.chunk");
    lua_pushcfunction(sb->L, run_chunk);
    lua_insert(sb->L, -2);
    return rm_sandbox_pcall(sb, 1, 1, err);
}

/* A declaration is checked in C, with no script line on the stack: name
 * the file and the chunk's last line of code (its `return {...}`). */
static void at_declaration(rm_sandbox *sb, const char *path, rm_error *err)
{
    size_t n = strlen(path);
    if (!strncmp(err->msg, path, n) && err->msg[n] == ':')
        return;
    lua_State *L = sb->L;
    lua_Debug ar;
    int line = 0;
    lua_getfield(L, LUA_REGISTRYINDEX, "rmsim.strategy.chunk");
    if (lua_getinfo(L, ">L", &ar) && lua_istable(L, -1)) {
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            if (lua_tointeger(L, -2) > line)
                line = (int)lua_tointeger(L, -2);
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    char msg[RM_ERROR_MAX];
    snprintf(msg, sizeof msg, "%s", err->msg);
    rm_errorf(err, "%s:%d: %s", path, line > 0 ? line : 1, msg);
}

int rm_strategy_load(const char *path, const rm_limits *lim, rm_strategy *out, rm_error *err)
{
    memset(out, 0, sizeof *out);
    out->limits = *lim;
    snprintf(out->path, sizeof out->path, "%s", path);
    const char *base = strrchr(path, '/');
    snprintf(out->name, sizeof out->name, "%s", base ? base + 1 : path);
    char *dot = strrchr(out->name, '.');
    if (dot && !strcmp(dot, ".lua"))
        *dot = '\0';
    rm_rng rng;
    rm_rng_seed(&rng, 0, 0);
    rm_sandbox *sb = rm_sandbox_new(lim, path, &rng, err);
    if (!sb)
        return -1;
    int rc = rm_sandbox_strategy(sb, err) < 0 ? -1 : run_file(sb, path, err);
    if (rc == 0) {
        lua_pushcfunction(sb->L, read_declaration);
        lua_insert(sb->L, -2);
        lua_pushlightuserdata(sb->L, out);
        rc = rm_sandbox_pcall(sb, 2, 0, err);
        if (rc < 0)
            at_declaration(sb, path, err);
    }
    rm_sandbox_free(sb);
    /* shown on terminals, in tables and reports: no escapes, one line */
    rm_safe_text(out->name, 0);
    rm_safe_text(out->description, 0);
    rm_safe_text(out->source, 0);
    return rc;
}

/* ---- instances of scripted strategies ------------------------------------ */

static void *lp_open(const rm_strategy *s, rm_error *err)
{
    lua_player *p = calloc(1, sizeof *p);
    if (!p) {
        rm_errorf(err, "out of memory");
        return NULL;
    }
    static rm_rng placeholder;       /* replaced by the match's stream in begin */
    p->s = s;
    p->sb = rm_sandbox_new(&s->limits, s->path, &placeholder, err);
    if (!p->sb || rm_sandbox_strategy(p->sb, err) < 0 ||
        rm_sandbox_loadfile(p->sb, s->path, err) < 0) {
        rm_sandbox_free(p->sb);
        free(p);
        return NULL;
    }
    lua_setfield(p->sb->L, LUA_REGISTRYINDEX, "rmsim.strategy.chunk");
    return p;
}

static void lp_close(void *inst)
{
    lua_player *p = inst;
    if (!p)
        return;
    rm_sandbox_free(p->sb);
    free(p);
}

/* Run the strategy's chunk (fresh locals, fresh environment) and leave
 * its move function alone on the stack: the whole stack is replaced. */
static void run_chunk_for_move(lua_State *L)
{
    lua_settop(L, 0);
    lua_getfield(L, LUA_REGISTRYINDEX, "rmsim.strategy.chunk");
    rm_sandbox_push_env(L);
    lua_call(L, 0, 1);
    rm_sandbox_lock(rm_sandbox_of(L));
    if (lua_istable(L, 1))
        lua_getfield(L, 1, "move");
    else {
        lua_getfield(L, LUA_REGISTRYINDEX, "rmsim.env");
        lua_pushliteral(L, "move");
        lua_rawget(L, -2);
        lua_remove(L, -2);
    }
    if (!lua_isfunction(L, -1))
        luaL_error(L, "the strategy's move function went missing");
    lua_replace(L, 1);
    lua_settop(L, 1);
}

/* h.payoff: {R =, S =, T =, P =}. */
static void push_payoff(lua_State *L, const rm_payoff *pay)
{
    lua_createtable(L, 0, 4);
    lua_pushnumber(L, pay->R);
    lua_setfield(L, -2, "R");
    lua_pushnumber(L, pay->S);
    lua_setfield(L, -2, "S");
    lua_pushnumber(L, pay->T);
    lua_setfield(L, -2, "T");
    lua_pushnumber(L, pay->P);
    lua_setfield(L, -2, "P");
}

/* Protected: re-run the chunk (fresh locals), find move, build h. */
static int begin_body(lua_State *L)
{
    int length = (int)lua_tointeger(L, 1);
    const rm_payoff *pay = lua_touserdata(L, 2);
    run_chunk_for_move(L);
    lua_createtable(L, 0, 8);                   /* 2: h */
    lua_createtable(L, length, 0);              /* 3: h.my, room for every turn */
    lua_createtable(L, length, 0);              /* 4: h.their */
    lua_pushinteger(L, 0);
    lua_setfield(L, 2, "turn");
    lua_pushvalue(L, 3);
    lua_setfield(L, 2, "my");
    lua_pushvalue(L, 4);
    lua_setfield(L, 2, "their");
    lua_newtable(L);
    lua_setfield(L, 2, "memory");
    if (length > 0) {
        lua_pushinteger(L, length);
        lua_setfield(L, 2, "length");
    }
    push_payoff(L, pay);
    lua_setfield(L, 2, "payoff");
    lua_pushcfunction(L, rm_sandbox_msgh);      /* 5 */
    lua_pushliteral(L, "C");                    /* 6 */
    lua_pushliteral(L, "D");                    /* 7 */
    lua_pushliteral(L, "turn");                 /* 8 */
    return SLOTS - 1;
}

static int lp_begin(void *inst, int length, const rm_payoff *pay, rm_rng *rng, rm_error *err)
{
    lua_player *p = inst;
    lua_State *L = p->sb->L;
    p->sb->rng = rng;
    rm_sandbox_restart(p->sb);
    lua_settop(L, 0);
    lua_pushcfunction(L, begin_body);
    lua_pushinteger(L, length);
    lua_pushlightuserdata(L, (void *)pay);
    p->length = length;
    return rm_sandbox_pcall(p->sb, 2, SLOTS - 1, err);
}

/* Protected: record last turn's moves in h, call move(h). Arguments:
 * move, h, h.my, h.their, t, my last move, their last move. */
static int move_body(lua_State *L)
{
    lua_Integer t = lua_tointeger(L, 5);
    if (t > 0) {
        lua_pushvalue(L, 6);
        lua_rawseti(L, 3, t);
        lua_pushvalue(L, 7);
        lua_rawseti(L, 4, t);
    }
    lua_pushliteral(L, "turn");
    lua_pushinteger(L, t + 1);
    lua_rawset(L, 2);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_call(L, 1, 1);
    return 1;
}

static int lp_move(void *inst, int t, const uint8_t *mine, const uint8_t *theirs, int *out,
                   rm_error *err)
{
    lua_player *p = inst;
    lua_State *L = p->sb->L;
    rm_sandbox_restart(p->sb);                  /* the budgets are per move */
    lua_settop(L, SLOTS - 1);
    int status;
    if (t < p->length) {
        /* fast path: the history tables were made with room for every
         * turn, but a move that filled h.my with keys can make Lua shrink
         * that room, and then these writes allocate outside any protected
         * call. The sandbox lets them pass its caps (a refusal here would
         * end the process) and stops the move at once if they passed. */
        rm_sandbox_grace(p->sb, 1);
        if (t > 0) {
            lua_pushvalue(L, mine[t - 1] == RM_C ? SLOT_C : SLOT_D);
            lua_rawseti(L, SLOT_MY, t);
            lua_pushvalue(L, theirs[t - 1] == RM_C ? SLOT_C : SLOT_D);
            lua_rawseti(L, SLOT_THEIR, t);
        }
        lua_pushvalue(L, SLOT_TURN);
        lua_pushinteger(L, t + 1);
        lua_rawset(L, SLOT_H);
        rm_sandbox_grace(p->sb, 0);
        lua_pushvalue(L, SLOT_MOVE);
        lua_pushvalue(L, SLOT_H);
        status = lua_pcall(L, 1, 1, SLOT_MSGH);
    } else {
        lua_pushcfunction(L, move_body);
        for (int i = SLOT_MOVE; i <= SLOT_THEIR; i++)
            lua_pushvalue(L, i);
        lua_pushinteger(L, t);
        lua_pushvalue(L, t > 0 && mine[t - 1] == RM_D ? SLOT_D : SLOT_C);
        lua_pushvalue(L, t > 0 && theirs[t - 1] == RM_D ? SLOT_D : SLOT_C);
        status = lua_pcall(L, 7, 1, SLOT_MSGH);
    }
    if (rm_sandbox_status(p->sb, status, err) < 0)
        return -1;
    const char *m = lua_tostring(L, -1);
    int ok = lua_type(L, -1) == LUA_TSTRING && m[0] && !m[1] && (m[0] == 'C' || m[0] == 'D');
    if (!ok) {
        rm_errorf(err, "%s: move returned %s%s%s on turn %d (expected \"C\" or \"D\")", p->s->path,
                  lua_type(L, -1) == LUA_TSTRING ? "\"" : "",
                  lua_type(L, -1) == LUA_TSTRING ? m : luaL_typename(L, -1),
                  lua_type(L, -1) == LUA_TSTRING ? "\"" : "", t + 1);
        lua_pop(L, 1);
        return -1;
    }
    *out = m[0] == 'C' ? RM_C : RM_D;
    lua_pop(L, 1);
    return 0;
}

static const rm_script_ops lua_ops = {lp_open, lp_begin, lp_move, lp_close};

const rm_script_ops *rm_lua_strategy_ops(void) { return &lua_ops; }

/* ---- shared instances: one sandbox per strategy, a state per dyad ------- */

/* The stack of a shared instance: 1 move function, 2 the dyads' h tables
 * (by handle), 3 the payoff table every h shares. */
enum { POOL_MOVE = 1, POOL_DYADS, POOL_PAYOFF, POOL_SLOTS = POOL_PAYOFF };

typedef struct lua_pool {
    rm_sandbox *sb;
    const rm_strategy *s;
} lua_pool;

/* Protected: run the chunk once, find move, make the dyads table. */
static int pool_body(lua_State *L)
{
    const rm_payoff *pay = lua_touserdata(L, 1);
    run_chunk_for_move(L);
    lua_newtable(L);
    push_payoff(L, pay);
    return POOL_SLOTS;
}

static void *pool_open(const rm_strategy *s, const rm_payoff *pay, rm_rng *rng, rm_error *err)
{
    lua_pool *p = calloc(1, sizeof *p);
    if (!p) {
        rm_errorf(err, "out of memory");
        return NULL;
    }
    p->s = s;
    p->sb = rm_sandbox_new(&s->limits, s->path, rng, err);
    if (!p->sb || rm_sandbox_strategy(p->sb, err) < 0 ||
        rm_sandbox_loadfile(p->sb, s->path, err) < 0) {
        rm_sandbox_free(p->sb);
        free(p);
        return NULL;
    }
    lua_State *L = p->sb->L;
    lua_setfield(L, LUA_REGISTRYINDEX, "rmsim.strategy.chunk");
    lua_settop(L, 0);
    lua_pushcfunction(L, pool_body);
    lua_pushlightuserdata(L, (void *)pay);
    if (rm_sandbox_pcall(p->sb, 1, POOL_SLOTS, err) < 0) {
        rm_sandbox_free(p->sb);
        free(p);
        return NULL;
    }
    return p;
}

/* Protected: a dyad's h (1 the dyads table, 2 the payoff); returns its handle. */
static int dyad_body(lua_State *L)
{
    lua_createtable(L, 0, 6);
    lua_pushinteger(L, 0);
    lua_setfield(L, -2, "turn");
    lua_newtable(L);
    lua_setfield(L, -2, "my");
    lua_newtable(L);
    lua_setfield(L, -2, "their");
    lua_newtable(L);
    lua_setfield(L, -2, "memory");
    lua_pushvalue(L, 2);
    lua_setfield(L, -2, "payoff");
    lua_pushinteger(L, luaL_ref(L, 1));
    return 1;
}

static int pool_begin(void *inst, rm_error *err)
{
    lua_pool *p = inst;
    lua_State *L = p->sb->L;
    rm_sandbox_restart(p->sb);
    lua_settop(L, POOL_SLOTS);
    lua_pushcfunction(L, dyad_body);
    lua_pushvalue(L, POOL_DYADS);
    lua_pushvalue(L, POOL_PAYOFF);
    if (rm_sandbox_pcall(p->sb, 2, 1, err) < 0)
        return -1;
    int handle = (int)lua_tointeger(L, -1);
    lua_settop(L, POOL_SLOTS);
    return handle > 0 ? handle : rm_errorf(err, "no handle for a relationship");
}

/* Protected: 1 move, 2 dyads, 3 handle, 4 t, 5 my last, 6 their last. */
static int pool_move_body(lua_State *L)
{
    lua_Integer t = lua_tointeger(L, 4);
    lua_rawgeti(L, 2, lua_tointeger(L, 3));     /* 7: h */
    if (t > 0) {
        /* h is the strategy's to change: read its lists raw, and never
         * write into something that is no longer a table */
        static const char *const side[2] = {"my", "their"};
        for (int k = 0; k < 2; k++) {
            lua_pushstring(L, side[k]);
            if (lua_rawget(L, 7) != LUA_TTABLE)
                return luaL_error(L, "move: h.%s was replaced by a %s (the history is the "
                                  "engine's to write)", side[k], luaL_typename(L, -1));
            lua_pushvalue(L, 5 + k);
            lua_rawseti(L, -2, t);
            lua_pop(L, 1);
        }
    }
    lua_pushliteral(L, "turn");
    lua_pushinteger(L, t + 1);
    lua_rawset(L, 7);
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 7);
    lua_call(L, 1, 1);
    return 1;
}

static int pool_move(void *inst, int handle, int t, int mine_last, int theirs_last, int *out,
                     rm_error *err)
{
    lua_pool *p = inst;
    lua_State *L = p->sb->L;
    rm_sandbox_restart(p->sb);                  /* the budgets are per move */
    lua_settop(L, POOL_SLOTS);
    lua_pushcfunction(L, pool_move_body);
    lua_pushvalue(L, POOL_MOVE);
    lua_pushvalue(L, POOL_DYADS);
    lua_pushinteger(L, handle);
    lua_pushinteger(L, t);
    lua_pushstring(L, mine_last == RM_D ? "D" : "C");
    lua_pushstring(L, theirs_last == RM_D ? "D" : "C");
    if (rm_sandbox_pcall(p->sb, 6, 1, err) < 0)
        return -1;
    const char *m = lua_tostring(L, -1);
    int ok = lua_type(L, -1) == LUA_TSTRING && m[0] && !m[1] && (m[0] == 'C' || m[0] == 'D');
    if (!ok)
        return rm_errorf(err, "%s: move returned %s%s%s (expected \"C\" or \"D\")", p->s->path,
                         lua_type(L, -1) == LUA_TSTRING ? "\"" : "",
                         lua_type(L, -1) == LUA_TSTRING ? m : luaL_typename(L, -1),
                         lua_type(L, -1) == LUA_TSTRING ? "\"" : "");
    *out = m[0] == 'C' ? RM_C : RM_D;
    lua_settop(L, POOL_SLOTS);
    return 0;
}

static void pool_end(void *inst, int handle)
{
    lua_pool *p = inst;
    lua_State *L = p->sb->L;
    lua_settop(L, POOL_SLOTS);
    luaL_unref(L, POOL_DYADS, handle);          /* reuses the slot: no allocation */
}

static void pool_close(void *inst)
{
    lua_pool *p = inst;
    if (!p)
        return;
    rm_sandbox_free(p->sb);
    free(p);
}

static const rm_shared_script_ops shared_ops = {pool_open, pool_begin, pool_move, pool_end,
                                                pool_close};

const rm_shared_script_ops *rm_lua_shared_strategy_ops(void) { return &shared_ops; }
