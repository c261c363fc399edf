/* sandbox.h (internal) - a Lua state that is safe to hand to a script. */
#ifndef RMSIM_LUA_SANDBOX_H
#define RMSIM_LUA_SANDBOX_H

#include <lua.h>

#include "rmsim/error.h"
#include "rmsim/rng.h"
#include "rmsim/sandbox.h"

enum { RM_KILL_NONE, RM_KILL_INSTRUCTIONS, RM_KILL_MEMORY, RM_KILL_TIME };

typedef struct rm_sandbox {
    lua_State *L;
    rm_limits limits;
    size_t mem_used;
    uint64_t instr_used;
    int killed;                     /* RM_KILL_*: sticky once set */
    int locked;                     /* new globals are errors */
    int strategy;                   /* a strategy: no rmsim, a fresh env per match */
    double deadline;                /* CLOCK_MONOTONIC seconds; 0: none; -1: from the next check */
    size_t printed;                 /* bytes print wrote (capped) */
    size_t fail_size;               /* last refused allocation, to spot */
    void *fail_ptr;                 /* Lua's retry after a full GC */
    char mem_where[300];            /* "file:line" of the last refused allocation */
    char *script_name;
    char *script_dir;               /* require searches here first */
    const char *scripts_dir;        /* then the standard library */
    rm_rng *rng;                    /* math.random and rm.rng draw here */
    struct rm_budget *budget;       /* the replicate's memory, shared; NULL: none */
    size_t held;                    /* charged to it for the sandbox itself */
    int grace;                      /* allocations pass the caps (see rm_sandbox_grace) */
    void *ctx;                      /* the owner's per-run context */
} rm_sandbox;

/* The sandbox that owns L (any thread of it). */
static inline rm_sandbox *rm_sandbox_of(lua_State *L)
{
    return *(rm_sandbox **)lua_getextraspace(L);
}

rm_sandbox *rm_sandbox_new(const rm_limits *lim, const char *script_path, rm_rng *rng,
                           rm_error *err);
void rm_sandbox_free(rm_sandbox *sb);

/* Load a text chunk from a file (never bytecode); pushes the function. */
int rm_sandbox_loadfile(rm_sandbox *sb, const char *path, rm_error *err);
/* lua_pcall with a message handler; on error the message (with the
 * limit that was hit, if any) is in err and the stack is as before. */
int rm_sandbox_pcall(rm_sandbox *sb, int nargs, int nresults, rm_error *err);
/* For callers that run lua_pcall themselves (hot paths): the message
 * handler to pass, and the translation of a status into err (0 if OK;
 * on error pops the message). */
int rm_sandbox_msgh(lua_State *L);
int rm_sandbox_status(rm_sandbox *sb, int status, rm_error *err);
/* From now on, assigning a new global is an error. */
void rm_sandbox_lock(rm_sandbox *sb);
/* Start the wall clock (limits.max_seconds from now) and, with reset,
 * the instruction count afresh: per replicate, per move. */
void rm_sandbox_restart(rm_sandbox *sb);
/* on: allocations pass the memory caps (counted all the same), for a
 * few engine writes outside a protected call, where a refusal would end
 * the process; off: if the caps were passed meanwhile, the sandbox is
 * stopped at its next instruction, under protection. */
void rm_sandbox_grace(rm_sandbox *sb, int on);
/* Charge C work (in instruction units) that a call is about to do;
 * raises when a limit is passed. */
void rm_sandbox_charge(lua_State *L, double units);
/* Make sb a strategy's sandbox: library tables read-only, no rmsim,
 * globals live in an environment rm_sandbox_push_env makes per match. */
int rm_sandbox_strategy(rm_sandbox *sb, rm_error *err);
/* Protected: give the function at the top a fresh global environment
 * (its _ENV; new globals allowed until rm_sandbox_lock); modules
 * required from now on are loaded anew. */
void rm_sandbox_push_env(lua_State *L);
/* Protected: replace the table at the top by a read-only proxy of it
 * (rawset refuses it too; pairs sees its keys). A missing key reads as
 * nil, or calls on_missing(proxy, key) with the table as upvalue 1; an
 * assignment raises, through on_set(proxy, key, value) if given (same
 * upvalue). */
void rm_sandbox_readonly(lua_State *L, lua_CFunction on_missing, lua_CFunction on_set);

#endif
