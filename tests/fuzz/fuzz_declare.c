/* fuzz_declare.c - rm.scenario's charts and variants, changed by the
 * script after the call (grown, renamed, given tables): what was checked
 * is what runs. Errors are fine; crashes are not. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "rmsim/scenario.h"
#include "rmsim/sweep.h"

static const char *const after[] = {
    "for i = 1, 40 do m[#m + 1] = 'm' .. i end",
    "m[1] = {}",
    "m[1] = nil",
    "charts[1] = nil",
    "charts[#charts + 1] = { metrics = m }",
    "for i = 1, 70 do charts[i] = { metrics = { 'a' } } end",
    "v[1].name = {}",
    "v[1].name = nil",
    "v[1].params.x = {}",
    "v[1].params = nil",
    "v[1] = nil",
    "for i = 2, 20 do v[i] = { name = 'a', params = { x = 2 } } end",
    "for i = 2, 12000 do v[i] = { name = 'v' .. i } end",
    "v[2] = { name = 'b', params = { y = 1 } }",
    "setmetatable(v, { __len = function() return 1 << 40 end })",
    "setmetatable(m, { __index = function() return {} end })",
};
static const char *const metric[] = {"'a'", "'b.c'", "''", "1", "{}", "'a b'", "nil"};
static const char *const value[] = {"1", "2.5", "true", "'s'", "{}", "0/0", "nil"};

/* The next byte (0 past the end). A function, so that several picks in
 * one call's arguments are sequenced. */
static unsigned next_byte(const uint8_t *data, size_t size, size_t *i)
{
    return *i < size ? data[(*i)++] : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char script[8192];
    size_t i = 0;
#define PICK(list) list[next_byte(data, size, &i) % (sizeof list / sizeof list[0])]
    int n = snprintf(script, sizeof script,
                     "local rm = require 'rmsim'\nlocal m = { %s, %s }\n"
                     "local charts = { { title = 't', metrics = m } }\n"
                     "local v = { { name = 'a', params = { x = %s } } }\n"
                     "pcall(rm.scenario, { periods = 2, params = { x = 1, y = 0 }, "
                     "charts = charts, variants = v })\n",
                     PICK(metric), PICK(metric), PICK(value));
    while (i < size && n < (int)sizeof script - 256)
        n += snprintf(script + n, sizeof script - (size_t)n, "%s\n", PICK(after));
#undef PICK
    n += snprintf(script + n, sizeof script - (size_t)n,
                  "function period(sim, t) sim:record('a', t) end\n");
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
    rm_results *res = calloc(1, sizeof *res);
    rm_variants v = {0};
    rm_error err;
    if (res && rm_scenario_prepare(&c, res, &v, &err) == 0) {
        for (int k = 0; k < res->ncharts; k++)
            if (res->charts[k].nmetrics < 1 || res->charts[k].nmetrics > RM_CHART_SERIES_MAX)
                abort();
        for (int k = 0; k < v.n; k++)
            for (int j = 0; j < v.v[k].nsets; j++)
                if (strstr(v.v[k].sets[j], "(null)"))
                    abort();
        if (v.n > 10000)
            abort();
    }
    rm_variants_free(&v);
    rm_results_free(res);
    close(fd);
    return 0;
}
