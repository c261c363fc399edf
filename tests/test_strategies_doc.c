/* test_strategies_doc.c - every worked example in docs/strategies.md
 * plays the match shown under it, move for move. */
#include "testutil.h"

static void examples_play_as_shown(void **state)
{
    (void)state;
    char *doc = slurp_file("docs/strategies.md");
    assert_non_null(doc);
    const char *dir = temp_dir();
    int n = 0;
    const char *p = doc;
    while ((p = strstr(p, "```lua\n")) != NULL) {
        p += 7;
        const char *end = strstr(p, "```");
        char *code = strndup(p, (size_t)(end - p));
        char file[64];
        /* the first line names the file: "-- NAME.lua: ..." */
        assert_int_equal(sscanf(code, "-- %63[a-z_].lua", file), 1);
        strcat(file, ".lua");
        char *path = strdup(write_script(dir, file, code));
        /* then: `rmsim match FILE OPPONENT --turns N`: and a text block */
        const char *cmd = strstr(end, "`rmsim match ");
        assert_non_null(cmd);
        char f2[64], opp[64];
        int turns;
        assert_int_equal(sscanf(cmd, "`rmsim match %63s %63s --turns %d`", f2, opp, &turns), 3);
        assert_string_equal(f2, file);
        const char *text = strstr(cmd, "```text\n");
        assert_non_null(text);
        text += 8;
        char turns_s[16];
        snprintf(turns_s, sizeof turns_s, "%d", turns);
        run_result r = run_rmsim((const char *const[]){"match", path, opp, "--turns", turns_s, NULL});
        if (r.status != 0)
            fail_msg("%s: %s", file, r.err);
        for (int line = 0; line < 2; line++) {
            char name[64], moves[256];
            assert_int_equal(sscanf(text, "%63s %255s", name, moves), 2);
            /* after its header line, rmsim prints "name  moves  score" */
            const char *at = strstr(r.out, name);
            while (at && (at[strlen(name)] != ' ' || at == r.out || at[-1] != '\n'))
                at = strstr(at + 1, name);
            if (!at)
                fail_msg("%s: no line for %s in:\n%s", file, name, r.out);
            char got_name[64], got_moves[256];
            sscanf(at, "%63s %255s", got_name, got_moves);
            if (strcmp(got_moves, moves))
                fail_msg("%s: %s played %s, the doc shows %s", file, name, got_moves, moves);
            text = strchr(text, '\n') + 1;
        }
        run_free(&r);
        free(path);
        free(code);
        n++;
        p = end + 3;
    }
    assert_int_equal(n, 6);
    free(doc);
    remove_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(examples_play_as_shown),
    };
    return cmocka_run_group_tests_name("strategies_doc", tests, NULL, NULL);
}
