/* module.c - the `rmsim` module: what require "rmsim" returns. */
#include "helpers.h"

#include <lauxlib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bindings.h"
#include "rmsim/rmsim.h"

int rm_open_rmsim(lua_State *L)
{
    lua_newtable(L);
    lua_pushstring(L, RMSIM_VERSION);
    lua_setfield(L, -2, "version");
    rml_open_scenario(L);
    rml_open_rng(L);
    rml_open_cohort(L);
    rml_open_sbg(L);
    rml_open_network(L);
    rml_open_wom(L);
    rml_open_partners(L);
    rml_open_game(L);
    rml_open_market(L);
    return 1;
}
