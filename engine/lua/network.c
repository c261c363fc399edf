/* network.c - rm.network: social networks (generated or read from a file). */
#include "helpers.h"

#include <lauxlib.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rmsim/input.h"
#include "rmsim/network.h"

/* rm.network{model = "ba"|"er"|"ws"|"sbm"|"file", ...} */
static int l_network(lua_State *L)
{
    static const field spec[] = {
        {"model", 's', 0, 0}, {"nodes", 'i', 1, RM_NODES_MAX}, {"m", 'i', 1, 1000},
        {"mean_degree", 'n', 0, 1e6}, {"k", 'i', 2, 100000}, {"beta", 'n', 0, 1},
        {"blocks", 't', 0, 0}, {"p_in", 'n', 0, 1}, {"p_out", 'n', 0, 1}, {"file", 's', 0, 0},
        {NULL, 0, 0, 0},
    };
    rml_check_setup(L, "rm.network");
    rml_check_fields(L, 1, "rm.network", spec);
    static const char *const models[] = {"ba", "er", "ws", "sbm", "file"};
    const char *model = rml_str_field(L, 1, "model", "ba");
    int which = -1;
    for (int i = 0; i < 5; i++)
        if (!strcmp(model, models[i]))
            which = i;
    if (which < 0) {
        const char *hint = rm_suggest(model, models, 5);
        return rml_errorf(L, "rm.network: unknown model '%s'%s%s%s (ba, er, ws, sbm or file)", model,
                      hint ? " (did you mean '" : "", hint ? hint : "", hint ? "'?)" : "");
    }
    lnetwork *net = lua_newuserdatauv(L, sizeof *net, 0);
    memset(net, 0, sizeof *net);
    luaL_setmetatable(L, "rmsim.network");
    int32_t n = (int32_t)rml_num_field(L, 1, "nodes", 1000);
    rm_error err;
    int rc;
    switch (which) {
    case 0: rc = rm_network_ba(&net->g, n, (int)rml_num_field(L, 1, "m", 3), rml_rng_of(L), &err); break;
    case 1: rc = rm_network_er(&net->g, n, rml_num_field(L, 1, "mean_degree", 6), rml_rng_of(L), &err); break;
    case 2:
        rc = rm_network_ws(&net->g, n, (int)rml_num_field(L, 1, "k", 6), rml_num_field(L, 1, "beta", 0.1),
                           rml_rng_of(L), &err);
        break;
    case 3: {
        if (lua_getfield(L, 1, "blocks") != LUA_TTABLE)
            return rml_errorf(L, "rm.network: sbm needs blocks = { size, size, ... }");
        int nb = (int)lua_rawlen(L, -1);
        if (nb < 1 || nb > 1000)
            return rml_errorf(L, "rm.network: 1 to 1000 blocks");
        int32_t *sizes = lua_newuserdatauv(L, (size_t)nb * sizeof *sizes, 0);
        for (int b = 0; b < nb; b++) {
            lua_rawgeti(L, -2, b + 1);
            double v = lua_tonumber(L, -1);
            if (!(v >= 1 && v <= RM_NODES_MAX && v == floor(v)))
                return rml_errorf(L, "rm.network: block %d size must be a whole number >= 1", b + 1);
            sizes[b] = (int32_t)v;
            lua_pop(L, 1);
        }
        rc = rm_network_sbm(&net->g, sizes, nb, rml_num_field(L, 1, "p_in", 0.01),
                            rml_num_field(L, 1, "p_out", 0.001), rml_rng_of(L), &err);
        lua_pop(L, 2);
        break;
    }
    default: {
        /* relative to the scenario's folder, and only inside it */
        const char *file = rml_str_field(L, 1, "file", NULL);
        if (!file)
            return rml_errorf(L, "rm.network: model 'file' needs file = \"edges.csv\"");
        if (file[0] == '/' || strstr(file, ".."))
            return rml_errorf(L, "rm.network: file must be a path inside the scenario's folder");
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", rm_sandbox_of(L)->script_dir, file);
        if (access(path, F_OK) == 0 && !rm_path_inside(path, rm_sandbox_of(L)->script_dir))
            return rml_errorf(L, "rm.network: %s: a symbolic link leads out of the scenario's "
                              "folder", file);
        lua_getfield(L, 1, "nodes");
        int32_t fixed = lua_isnil(L, -1) ? 0 : n;
        lua_pop(L, 1);
        rc = rm_network_load(&net->g, path, fixed, &err);
    }
    }
    if (rc < 0)
        return rml_errorf(L, "rm.network: %s", err.msg);
    return 1;
}

static int l_network_nodes(lua_State *L)
{
    lua_pushinteger(L, rml_check_network(L, 1)->g.n);
    return 1;
}

static int l_network_links(lua_State *L)
{
    lua_pushinteger(L, (lua_Integer)(rml_check_network(L, 1)->g.m / 2));
    return 1;
}

static int32_t check_node(lua_State *L, const rm_network *g, int arg)
{
    lua_Integer i = luaL_checkinteger(L, arg);
    luaL_argcheck(L, i >= 0 && i < g->n, arg, "no such node (ids are 0 .. nodes - 1)");
    return (int32_t)i;
}

static int l_network_degree(lua_State *L)
{
    const rm_network *g = &rml_check_network(L, 1)->g;
    lua_pushinteger(L, (lua_Integer)rm_degree(g, check_node(L, g, 2)));
    return 1;
}

static int l_network_community(lua_State *L)
{
    const rm_network *g = &rml_check_network(L, 1)->g;
    int32_t i = check_node(L, g, 2);
    if (g->community)
        lua_pushinteger(L, g->community[i] + 1);
    else
        lua_pushnil(L);
    return 1;
}

static int l_network_mean_degree(lua_State *L)
{
    const rm_network *g = &rml_check_network(L, 1)->g;
    lua_pushnumber(L, g->n ? (double)g->m / g->n : 0);
    return 1;
}

static int l_network_clustering(lua_State *L)
{
    lua_pushnumber(L, rm_network_clustering(&rml_check_network(L, 1)->g));
    return 1;
}

static int l_network_gc(lua_State *L)
{
    rm_network_free(&rml_check_network(L, 1)->g);
    return 0;
}

static const luaL_Reg network_methods[] = {
    {"nodes", l_network_nodes},
    {"links", l_network_links},
    {"degree", l_network_degree},
    {"community", l_network_community},
    {"mean_degree", l_network_mean_degree},
    {"clustering", l_network_clustering},
    {NULL, NULL},
};

static const luaL_Reg network_lib[] = {
    {"network", l_network},
    {NULL, NULL},
};

void rml_open_network(lua_State *L)
{
    rml_new_class(L, "rmsim.network", network_methods, l_network_gc);
    luaL_setfuncs(L, network_lib, 0);
}
