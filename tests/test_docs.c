/* test_docs.c - the examples in docs/lua-api.md run, and every function
 * of the Lua API is documented there. */
#include "testutil.h"

static char *doc;
static const char *dir;

static int setup(void **state)
{
    (void)state;
    doc = slurp_file("docs/lua-api.md");
    dir = temp_dir();
    return doc ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    free(doc);
    remove_tree(dir);
    return 0;
}

static void examples_run(void **state)
{
    (void)state;
    int n = 0;
    const char *p = doc;
    while ((p = strstr(p, "```lua\n")) != NULL) {
        p += 7;
        const char *end = strstr(p, "```");
        assert_non_null(end);
        char *code = strndup(p, (size_t)(end - p));
        char name[64];
        snprintf(name, sizeof name, "example%d.lua", ++n);
        const char *path = write_script(dir, name, code);
        run_result r = run_rmsim((const char *const[]){"run", path, "--replicates", "2", NULL});
        if (r.status != 0)
            fail_msg("example %d failed (%d):\n%s\n%s", n, r.status, r.err, code);
        run_free(&r);
        free(code);
        p = end + 3;
    }
    assert_true(n >= 9);
}

/* Ask the sandbox for every function name the API has. */
static void every_function_is_documented(void **state)
{
    (void)state;
    const char *path = write_script(dir, "names.lua",
        "local rm = require 'rmsim'\n"
        "local names = {}\n"
        "for k, v in pairs(rm) do if type(v) == 'function' then names[#names + 1] = 'rm.' .. k end end\n"
        "for _, lib in ipairs { 'rng', 'sbg', 'game' } do\n"
        "  for k in pairs(rm[lib]) do names[#names + 1] = 'rm.' .. lib .. '.' .. k end\n"
        "end\n"
        "function setup(sim)\n"
        "  for k in pairs(sim) do\n"
        "    if type(sim[k]) == 'function' then names[#names + 1] = 'sim:' .. k end\n"
        "  end\n"
        "  local c = rm.cohort {}\n"
        "  for _, m in ipairs { 'set', 'get', 'segments', 'size' } do\n"
        "    assert(c[m], m)\n"
        "    names[#names + 1] = 'c:' .. m\n"
        "  end\n"
        "  local m = rm.market { customers = 10, firms = { {} } }\n"
        "  for _, k in ipairs { 'set', 'get', 'firm', 'flow', 'firms', 'size' } do\n"
        "    assert(m[k], k)\n"
        "    names[#names + 1] = 'm:' .. k\n"
        "  end\n"
        "  print(table.concat(names, '\\n'))\n"
        "end\n");
    run_result r = run_rmsim((const char *const[]){"run", path, "--periods", "1", NULL});
    assert_int_equal(r.status, 0);
    int n = 0;
    char *save, *line = strtok_r(r.err, "\n", &save);
    for (; line; line = strtok_r(NULL, "\n", &save), n++) {
        char want[128];
        snprintf(want, sizeof want, "`%s", line);
        if (!strstr(doc, want))
            fail_msg("%s is not documented in docs/lua-api.md", line);
    }
    assert_true(n >= 15);
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(examples_run),
        cmocka_unit_test(every_function_is_documented),
    };
    return cmocka_run_group_tests_name("docs", tests, setup, teardown);
}
