/* strategy.h - strategies for the cooperate/compete game, from Lua files.
 *
 * A strategy file returns a table that declares the strategy, so that
 * it runs at native speed:
 *
 *     return { name = "tit_for_tat", description = "...", source = "...",
 *              memory_one = { first = 1, CC = 1, CD = 0, DC = 1, DD = 0 } }
 *     return { ..., fsm = { start = "c", states = {
 *                c = { move = "C", C = "c", D = "d" },
 *                d = { move = "D", C = "c", D = "d" } } } }
 *
 * or gives a move function that sees the history (the scripted form):
 *
 *     return { name = "gradual", move = function(h) ... return "C" end }
 *     function move(h) ... end          -- also accepted, with no return
 *
 * h.turn (1-based), h.my and h.their (lists of "C"/"D"), h.length (nil
 * when the length is unknown), h.payoff {R, S, T, P}, h.memory (a table
 * the strategy may use, fresh each match). Each match re-runs the file,
 * so its locals start afresh; globals cannot be created after loading.
 *
 *     rm_strategy s;
 *     if (rm_strategy_load("scripts/strategies/tit_for_tat.lua", &lim, &s, &err) < 0) ...
 *     const rm_script_ops *ops = rm_lua_strategy_ops();   // for scripted ones
 */
#ifndef RMSIM_STRATEGY_H
#define RMSIM_STRATEGY_H

#include "rmsim/error.h"
#include "rmsim/game.h"
#include "rmsim/partner.h"
#include "rmsim/sandbox.h"

/* Load and check a strategy file. Scripted strategies keep the limits
 * (instructions per move, memory per player) for their instances. */
int rm_strategy_load(const char *path, const rm_limits *per_move, rm_strategy *out, rm_error *err);

/* The instance operations for scripted strategies. */
const rm_script_ops *rm_lua_strategy_ops(void);

/* For partnerships: one sandbox per strategy, shared by every dyad, each
 * dyad with its own h (h.memory, h.my, h.their). The file runs once, so
 * its top-level locals are shared; per-relationship notes go in h.memory. */
const rm_shared_script_ops *rm_lua_shared_strategy_ops(void);

/* Resolve a strategy name: a path (containing '/' or ending in .lua)
 * as it is, else scripts/strategies/NAME.lua (after aliases, below). */
void rm_strategy_path(const char *name, char *out, size_t size);

/* Alias i (0, 1, ... until NULL): another name for a classic, e.g.
 * "copycat" for tit_for_tat as in The Evolution of Trust; rm_strategy_path
 * resolves them. */
const char *rm_strategy_alias(int i, const char **target);

#endif
