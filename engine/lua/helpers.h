/* helpers.h (internal) - what the binding files share, as lauxlib does
 * for Lua's own libraries: one error shape, option tables checked field by
 * field, models stepped each period, and the per-module openers that
 * module.c calls to build the `rmsim` table. */
#ifndef RMSIM_LUA_HELPERS_H
#define RMSIM_LUA_HELPERS_H

#include <lua.h>
#include <lauxlib.h>

#include "bindings.h"
#include "sandbox.h"
#include "rmsim/cohort.h"
#include "rmsim/game.h"
#include "rmsim/network.h"
#include "rmsim/rng.h"
#include "rmsim/strategy.h"

/* luaL_error with printf's formats (Lua's own lack %g); never returns. */
int rml_errorf(lua_State *L, const char *fmt, ...);

/* One field of an option table. */
typedef struct field {
    const char *name;
    char type;              /* i integer, n number, s string, b boolean, t table */
    double min, max;        /* for i and n */
} field;

/* Check every key of the table at idx against fields: unknown names,
 * wrong types and values out of range are errors at the caller's line. */
void rml_check_fields(lua_State *L, int idx, const char *what, const field *fields);
double rml_num_field(lua_State *L, int t, const char *k, double dflt);
const char *rml_str_field(lua_State *L, int t, const char *k, const char *dflt);
int rml_is_identifier(const char *s);
double rml_check_finite(lua_State *L, int arg);

rm_replicate *rml_rep_of(lua_State *L);
rm_rng *rml_rng_of(lua_State *L);

/* A model is a userdata whose first member is this; scenario.c steps
 * every registered model after each period hook. */
typedef struct model {
    int (*step)(lua_State *L, struct model *m, rm_replicate *rep);
} model;

/* Models are made in setup, when the run's length is known. */
rm_replicate *rml_check_setup(lua_State *L, const char *what);
/* An error headed by `where`, the "file:line:" of a hook or move function
 * (the model's own place is not added). */
int rml_error_at(lua_State *L, const char *where, const char *fmt, ...);
void rml_register_model(lua_State *L, int ud);
/* A model's metrics are named after it: two models of one name would
 * write the same columns, so a name is taken once per replicate. */
void rml_claim_name(lua_State *L, const char *what, const char *name);
void rml_record(lua_State *L, rm_replicate *rep, const char *name, double v);
/* sim:record may not write a model's columns ("<model>" or "<model>.*"). */
void rml_check_unclaimed(lua_State *L, const char *metric);

/* Register a userdata class: methods via __index, __gc, locked metatable. */
void rml_new_class(lua_State *L, const char *name, const luaL_Reg *methods, lua_CFunction gc);

/* Shared between rm.cohort and rm.wom (adopters feed a cohort). */
typedef struct lcohort {
    model head;
    rm_cohort *c;
    rm_rng *rng;
    char name[64];
    int by_segment;
    int has_satisfaction;
} lcohort;

static inline lcohort *rml_check_cohort(lua_State *L, int arg)
{
    return luaL_checkudata(L, arg, "rmsim.cohort");
}

/* Shared between rm.network and rm.wom. */
typedef struct lnetwork {
    rm_network g;
} lnetwork;

static inline lnetwork *rml_check_network(lua_State *L, int arg)
{
    return luaL_checkudata(L, arg, "rmsim.network");
}

/* rm.game's option reading and strategy loading, used by rm.partnerships. */
void rml_read_match_options(lua_State *L, int t, const char *what, rm_match_config *m);
void rml_load_strategy(lua_State *L, const char *name, rm_strategy *s);
uint64_t rml_derived_seed(lua_State *L);

/* Each binding file's opener: with the module table on top, register its
 * functions (and metatables); leaves the stack as it found it. */
void rml_open_scenario(lua_State *L);
void rml_open_rng(lua_State *L);
void rml_open_cohort(lua_State *L);
void rml_open_sbg(lua_State *L);
void rml_open_network(lua_State *L);
void rml_open_wom(lua_State *L);
void rml_open_partners(lua_State *L);
void rml_open_game(lua_State *L);
void rml_open_market(lua_State *L);

#endif
