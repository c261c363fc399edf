/* sandbox.h (internal) - a Lua state that is safe to hand to a script. */
#ifndef RMSIM_LUA_SANDBOX_H
#define RMSIM_LUA_SANDBOX_H

#include <lua.h>

#include "rmsim/error.h"
#include "rmsim/rng.h"
#include "rmsim/sandbox.h"

enum { RM_KILL_NONE, RM_KILL_INSTRUCTIONS, RM_KILL_MEMORY };

typedef struct rm_sandbox {
    lua_State *L;
    rm_limits limits;
    size_t mem_used;
    uint64_t instr_used;
    int killed;                     /* RM_KILL_*: sticky once set */
    int locked;                     /* new globals are errors */
    size_t fail_size;               /* last refused allocation, to spot */
    void *fail_ptr;                 /* Lua's retry after a full GC */
    char mem_where[300];            /* "file:line" of the last refused allocation */
    char script_name[4096];
    char script_dir[4096];          /* require searches here first */
    char scripts_dir[4096];         /* then the standard library */
    rm_rng *rng;                    /* math.random and rm.rng draw here */
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

#endif
