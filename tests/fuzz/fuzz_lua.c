/* fuzz_lua.c - every Lua API entry point fed values of every type: the
 * bytes choose a function and its arguments (numbers with NaN and
 * infinities, strings, booleans, nil, tables, functions); errors are
 * fine, crashes and hangs are not. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "rmsim/scenario.h"

static const char *const calls[] = {
    "rm.rng.uniform", "rm.rng.normal", "rm.rng.gamma", "rm.rng.beta", "rm.rng.binomial",
    "rm.rng.poisson", "rm.rng.geometric", "rm.rng.categorical", "rm.sbg.survival", "rm.sbg.clv",
    "rm.sbg.fit", "rm.cohort", "rm.network", "rm.wom", "rm.partnerships", "rm.scenario",
    "sim.record", "sim.get", "sim.result", "rm.game.match", "rm.market",
};
static const char *const values[] = {
    "nil", "true", "false", "0", "1", "-1", "0.5", "1e308", "-1e308", "0/0", "1/0", "-1/0",
    "math.maxinteger", "math.mininteger", "''", "'x'", "'all'", "'sbg'", "'ba'", "{}",
    "{1, 2, 3}", "{-1, 0/0}", "{ rate = 0/0 }", "{ segments = { {} } }", "{ model = 'er', nodes = 10 }",
    "{ people = 10 }", "{ smes = {}, large = {} }", "function() end", "print", "sim", "rm",
    "string.rep('x', 100)", "{ name = 1 }", "{ 1e9 }", "'tit_for_tat'", "{ strategies = { 'x' } }",
    "{ customers = 10, firms = { {}, { price = 0/0 } } }",
    "{ customers = 10, firms = { {}, { move = print } }, arenas = { { value = 1 } } }",
    /* an __index hands fields the checks never saw; a move changes the
     * history the engine writes into; a decide returns a table with a metatable */
    "setmetatable({ customers = 10, firms = { {} } }, { __index = function() return 1e300 end })",
    "{ customers = 10, firms = { { move = function(h) h.moves.firm1.arena1 = 1 return 'C' end }, {} }, "
    "arenas = { { value = 1 } } }",
    "{ customers = 10, firms = { { decide = function() return setmetatable({}, {}) end } } }",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char script[8192];
    int n = snprintf(script, sizeof script,
                     "local rm = require 'rmsim'\nrm.scenario { periods = 2 }\n"
                     "function setup(sim)\n");
    size_t i = 0;
    const size_t nc = sizeof calls / sizeof calls[0], nv = sizeof values / sizeof values[0];
    while (i + 3 < size && n < (int)sizeof script - 512) {
        const char *fn = calls[data[i] % nc];
        int method = strncmp(fn, "sim.", 4) == 0;
        /* sim methods get sim as self, then one value; the rest two values */
        n += snprintf(script + n, sizeof script - (size_t)n, "  pcall(%s, %s, %s)\n", fn,
                      method ? "sim" : values[data[i + 1] % nv], values[data[i + 2] % nv]);
        i += 3;
    }
    n += snprintf(script + n, sizeof script - (size_t)n, "end\n");
    char path[64];
    int fd = as_file((const uint8_t *)script, (size_t)n, path, sizeof path);
    if (fd < 0)
        return 0;
    rm_run_config c = rm_run_defaults();
    c.path = path;
    c.replicates = 1;
    c.threads = 1;
    c.limits.max_instructions = 2000000;
    c.limits.max_memory = (size_t)32 << 20;
    rm_results *res;
    rm_error err;
    if (rm_run_scenario(&c, &res, &err) == 0)
        rm_results_free(res);
    close(fd);
    return 0;
}
