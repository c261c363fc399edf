/* bindings.h (internal) - what scenario.c needs of the bindings: the
 * `rmsim` module (module.c), the `sim` object and model stepping (sim.c). */
#ifndef RMSIM_LUA_BINDINGS_H
#define RMSIM_LUA_BINDINGS_H

#include <lua.h>
#include <stdint.h>

#include "rmsim/metrics.h"

/* What one replicate of a scenario owns; the sandbox's ctx points here. */
typedef struct rm_replicate {
    rm_metrics *metrics;
    int t;              /* current period; -1 during setup */
    int periods;
    int index;          /* replicate number, 1-based */
    uint64_t seed;
    const char *model_where;    /* while a model steps: "file:line:" where it was made */
} rm_replicate;

/* Registry keys shared by the binding files and scenario.c. */
#define RM_REG_SCENARIO "rmsim.scenario"     /* the rm.scenario{} table */
#define RM_REG_WHERE "rmsim.scenario.where"  /* "file:line:" of that call */
#define RM_REG_PARAMS "rmsim.params"         /* resolved parameter values */
#define RM_REG_MODELS "rmsim.models"         /* models to step each period */
#define RM_REG_MODELS_WHERE "rmsim.models.where" /* "file:line:" each was made at */

/* Push the module table returned by require "rmsim". */
int rm_open_rmsim(lua_State *L);

/* Push a new sim object for the replicate (params from RM_REG_PARAMS). */
void rm_push_sim(lua_State *L, rm_replicate *rep);

/* Step every model made in setup through period rep->t and record
 * its metrics; raises a Lua error on failure. */
void rm_step_models(lua_State *L, rm_replicate *rep);

/* Replace the params table on top by a read-only proxy: unknown names
 * and assignments become errors. */
void rm_protect_params(lua_State *L);

#endif
