/* test_sandbox.c - what a scenario script may and may not do: each
 * hostile or broken script ends with a clear "file:line: message", a
 * non-zero exit and no output; the allowed features behave. */
#include "testutil.h"


typedef struct script_case {
    const char *name;
    const char *text;
    const char *msg;        /* expected in stderr */
} script_case;

/* Run the script with small limits; it must fail with msg, print
 * nothing on stdout and leave no output folder behind. */
static void expect_failure(const script_case *c)
{
    const char *p = write_script(test_dir(), c->name, c->text);
    char out[128];
    snprintf(out, sizeof out, "%s/out-%s", test_dir(), c->name);
    run_result r = run_rmsim((const char *const[]){"run", p, "--max-instructions", "20000000",
                                                   "--max-memory", "32", "--out", out, NULL});
    if (r.status != 1 || !strstr(r.err, c->msg))
        fail_msg("%s: status %d, stderr:\n%s\nwanted: %s", c->name, r.status, r.err, c->msg);
    assert_string_equal(r.out, "");
    char f[256];
    snprintf(f, sizeof f, "%s/metrics.csv", out);
    assert_int_equal(access(f, F_OK), -1);
    run_free(&r);
}

static void runaway_scripts_are_stopped(void **state)
{
    (void)state;
    const script_case cases[] = {
        {"loop.lua", "function period() while true do end end\n",
         "loop.lua:1: instruction budget exceeded (--max-instructions 20000000)"},
        {"pcall_loop.lua",
         "function period()\n  while true do pcall(function() while true do end end) end\nend\n",
         "instruction budget exceeded"},
        {"top_loop.lua", "local x = 0\nwhile true do x = x + 1 end\n",
         "top_loop.lua:2: instruction budget exceeded"},
        {"doubling.lua", "local s = 'x'\nwhile true do s = s .. s end\n",
         "memory cap exceeded (--max-memory 32 MiB)"},
        {"table_growth.lua", "local t = {}\nfor i = 1, 1e9 do t[i] = {i} end\n",
         "memory cap exceeded"},
        {"pcall_memory.lua",
         "while true do pcall(function() local t = {} for i = 1, 1e9 do t[i] = i end end) end\n",
         "memory cap exceeded"},
        /* the Lua stack outgrows 32 MiB before Lua's own depth limit */
        {"recursion.lua", "local function f(n) return 1 + f(n + 1) end\nf(1)\n",
         "memory cap exceeded"},
        {"coroutines.lua",
         "local cs = {}\nwhile true do\n  local co = coroutine.create(function() coroutine.yield() end)\n"
         "  coroutine.resume(co)\n  cs[#cs + 1] = co\nend\n",
         "instruction budget exceeded"},     /* each coroutine is charged its hook's count */
        {"rep.lua", "local s = string.rep('x', 1 << 28)\n", "memory cap exceeded"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_failure(&cases[i]);
}

static void escapes_are_refused(void **state)
{
    (void)state;
    const script_case cases[] = {
        {"os.lua", "os.execute('touch /tmp/rmsim-pwned')\n",
         "os.lua:1: 'os' is not available in the rmsim sandbox"},
        {"io.lua", "local f = io.open('/etc/passwd')\n", "'io' is not available"},
        {"debug.lua", "debug.sethook()\n", "'debug' is not available"},
        {"package.lua", "package.loadlib('libc.so.6', 'system')\n", "'package' is not available"},
        {"dofile.lua", "dofile('/etc/passwd')\n", "'dofile' is not available"},
        {"loadfile.lua", "loadfile('/etc/passwd')\n", "'loadfile' is not available"},
        {"gc.lua", "collectgarbage('stop')\n", "'collectgarbage' is not available"},
        {"bytecode.lua",
         "local f, e = load(string.dump(function() return 1 end))\nerror(e)\n",
         "bytecode.lua:2: precompiled Lua bytecode is not accepted"},
        {"req_parent.lua", "require '..secret'\n", "bad module name '..secret'"},
        {"req_abs.lua", "require '/etc/passwd'\n", "bad module name '/etc/passwd'"},
        {"req_missing.lua", "require 'nowhere'\n",
         "module 'nowhere' not found (require looks only in the script's folder and in"},
        {"req_link.lua", "require 'outside'\n", "module 'outside' not found"},
        {"randomseed.lua", "math.randomseed(42)\n", "math.randomseed is not available"},
        {"strmeta.lua", "local mt = getmetatable('')\nmt.__index = {}\n",
         "attempt to index a boolean value"},
        {"protect_g.lua", "setmetatable(_G, nil)\n", "cannot change a protected metatable"},
    };
    /* a link inside the script folder that points outside it */
    char target[256], link[256];
    snprintf(target, sizeof target, "%s/../rmsim-outside-%d.lua", test_dir(), (int)getpid());
    FILE *f = fopen(target, "w");
    fputs("return 1\n", f);
    fclose(f);
    snprintf(link, sizeof link, "%s/outside.lua", test_dir());
    assert_int_equal(symlink(target, link), 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_failure(&cases[i]);
    unlink(target);
    assert_int_equal(access("/tmp/rmsim-pwned", F_OK), -1);
}

static void broken_scripts_are_explained(void **state)
{
    (void)state;
    const script_case cases[] = {
        {"syntax.lua", "function period(\n", "syntax.lua:2: <name> or '...' expected near <eof>"},
        {"global_read.lua", "local churn_rate = 1\nlocal x = churn_rat\n",
         "global_read.lua:2: undefined variable 'churn_rat'"},
        {"global_write.lua", "function period(sim) churn_rat = 0.1 end\n",
         "global_write.lua:1: assignment to undeclared global 'churn_rat'"},
        {"table_error.lua", "function setup() error({}) end\n",
         "table_error.lua:1: error object is a table value"},
        {"tostring_error.lua",
         "function setup() error(setmetatable({}, {__tostring = function() return 'custom' end})) end\n",
         "tostring_error.lua:1: custom"},
        {"level0.lua", "function setup()\n  error('no position', 0)\nend\n",
         "level0.lua:2: no position"},
        {"nan.lua", "function period(sim) sim:record('x', 0/0) end\n",
         "nan.lua:1: sim:record('x'): value must be a finite number (got nan)"},
        {"record_setup.lua", "function setup(sim) sim:record('x', 1) end\n",
         "sim:record is for the period hook"},
        {"hook_type.lua", "period = 5\n", "'period' must be a function"},
        {"twice.lua", "local rm = require 'rmsim'\nrm.scenario{}\nrm.scenario{}\n",
         "twice.lua:3: rm.scenario called twice"},
        {"field_type.lua", "local rm = require 'rmsim'\nrm.scenario{ periods = 'ten' }\n",
         "field_type.lua:2: field 'periods' of rm.scenario must be an integer (got string)"},
        {"field_range.lua", "local rm = require 'rmsim'\nrm.scenario{ periods = 0 }\n",
         "field 'periods' of rm.scenario must be in [1, 1e+06] (got 0)"},
        {"param_range.lua",
         "local rm = require 'rmsim'\nrm.scenario{ params = { p = { 2, min = 0, max = 1 } } }\n",
         "param_range.lua:2: parameter 'p' = 2 is above its max 1"},
        {"param_type.lua", "local rm = require 'rmsim'\nrm.scenario{ params = { p = {} } }\n",
         "parameter 'p' must have a number, boolean or string value (got nil)"},
        {"param_read.lua",
         "local rm = require 'rmsim'\nrm.scenario{ params = { growth = 1 } }\n"
         "function setup(sim) return sim.params.grwth end\n",
         "param_read.lua:3: unknown parameter 'grwth' (did you mean 'growth'?)"},
        {"param_new.lua", "function setup(sim) sim.params.x = 1 end\n",
         "unknown parameter 'x'"},
        {"bad_arg.lua", "local rm = require 'rmsim'\nlocal x = rm.rng.normal(0, -1)\n",
         "bad_arg.lua:2: bad argument #2 to 'normal' (sigma must be >= 0)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_failure(&cases[i]);
}

static run_result run_script(const char *name, const char *text)
{
    const char *p = write_script(test_dir(), name, text);
    return run_rmsim((const char *const[]){"run", p, "--replicates", "2", NULL});
}

static void allowed_features_work(void **state)
{
    (void)state;
    write_script(test_dir(), "helper.lua", "return { twice = function(x) return 2 * x end }\n");
    run_result r = run_script("features.lua",
        "local rm = require 'rmsim'\n"
        "local helper = require 'helper'\n"
        "assert(require 'helper' == helper)            -- cached\n"
        "assert(helper.twice(21) == 42)\n"
        "assert(getmetatable('') == false)\n"
        "assert(load('return 1 + 1')() == 2)\n"
        "assert(string.format('%5.1f', 2.25) == '  2.2')\n"
        "assert(utf8.len('h\\u{e9}') == 2)\n"
        "print('to stderr')\n"
        "function period(sim, t)\n"
        "  local k = math.random(3, 5)\n"
        "  assert(k >= 3 and k <= 5 and math.type(k) == 'integer')\n"
        "  local u = math.random()\n"
        "  assert(u >= 0 and u < 1)\n"
        "  sim:record('u', u)\n"
        "  sim:record('t', t)\n"
        "  sim:record('prev', sim:get('t', t - 1) or -1)\n"
        "end\n");
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "to stderr");
    assert_contains(r.out, "1,3,");
    assert_contains(r.out, ",3,2\n");       /* t = 3, prev = 2 */
    run_free(&r);
}

/* pairs visits keys in a fixed order, so random draws made inside a
 * pairs loop are the same in every process (Lua's string hashes are
 * seeded per process). */
static void pairs_order_is_reproducible(void **state)
{
    (void)state;
    const char *text =
        "local t = {}\n"
        "for i = 1, 200 do t['k' .. (i * 7919 % 1000)] = i end\n"
        "t[3] = 'three'; t[1] = 'one'; t[true] = 'yes'\n"
        "function period(sim)\n"
        "  local h, prev = 0, nil\n"
        "  for k, v in pairs(t) do\n"
        "    h = (h * 31 + (type(v) == 'number' and v or #v)) % 1000003\n"
        "    if type(k) == 'string' and type(prev) == 'string' then assert(prev < k) end\n"
        "    prev = k\n"
        "  end\n"
        "  sim:record('h', h)\n"
        "  sim:record('r', math.random(1000))\n"
        "end\n";
    run_result a = run_script("order.lua", text);
    run_result b = run_script("order.lua", text);
    assert_int_equal(a.status, 0);
    assert_string_equal(a.out, b.out);
    run_free(&a);
    run_free(&b);
}

static void hook_typo_is_warned(void **state)
{
    (void)state;
    run_result r = run_script("typo_hook.lua", "function perod(sim) end\n");
    assert_int_equal(r.status, 0);
    assert_contains(r.err, "function 'perod' is not a hook and is never called (did you mean 'period'?)");
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(runaway_scripts_are_stopped),
        cmocka_unit_test(escapes_are_refused),
        cmocka_unit_test(broken_scripts_are_explained),
        cmocka_unit_test(allowed_features_work),
        cmocka_unit_test(pairs_order_is_reproducible),
        cmocka_unit_test(hook_typo_is_warned),
    };
    return cmocka_run_group_tests_name("sandbox", tests, setup_dir, teardown_dir);
}
