/* fuzz_strategy.c - strategy files in the three forms (memory_one, fsm,
 * move), built from the bytes out of valid and hostile pieces, loaded
 * and played: a match, and a round robin with the classics whose bytes
 * must not depend on the number of threads. Errors are fine; crashes,
 * hangs and thread-dependent results are not. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "rmsim/strategy.h"
#include "rmsim/tournament.h"

static const char *const chances[] = {"0", "1", "0.5", "-1", "2", "0/0", "1/0", "'x'", "{}", "nil"};
static const char *const states[] = {"a", "b", "c", "'x'", "nil", "1"};
static const char *const moves[] = {"'C'", "'D'", "'x'", "nil", "1", "{}"};
/* statements for a move function: ordinary, and each hostile class fixed */
static const char *const stmts[] = {
    "if h.turn == 1 then return 'C' end",
    "if h.their[h.turn - 1] == 'D' then return 'D' end",
    "h.memory.n = (h.memory.n or 0) + 1",
    "for i = 1, 1000 do h.my[i + 0.5] = true end",
    "for i = 1, 50000 do h.my[-i] = 1 end",
    "math.n = (math.n or 0) + 1",
    "rawset(_G, 'z', 1)",
    "z2 = 1",
    "local rm = require 'rmsim'",
    "coroutine.wrap(function() for i = 1, 2000 do end end)()",
    "string.rep('', 1 << 62)",
    "table.move({}, 1, 1 << 40, 2)",
    "string.find(('a'):rep(30), ('a?'):rep(30) .. ('a'):rep(30))",
    "for _ in pairs(h.my) do end",
    "print(('x'):rep(100))",
    "while true do end",
    "local s = 'x' while true do s = s .. s end",
    "error('no')",
    "return h.my[h.turn - 1] or 'C'",
    "return 'D'",
};

/* The next byte (0 past the end). A function, so that several picks in
 * one call's arguments are sequenced. */
static unsigned next_byte(const uint8_t *data, size_t size, size_t *i)
{
    return *i < size ? data[(*i)++] : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char src[4096];
    int n = 0, form = data[0] % 4;
    size_t i = 1;
#define PICK(list) list[next_byte(data, size, &i) % (sizeof list / sizeof list[0])]
    if (form == 0) {
        n = snprintf(src, sizeof src, "return { memory_one = { first = %s, CC = %s, CD = %s, "
                     "DC = %s, DD = %s } }\n", PICK(chances), PICK(chances), PICK(chances),
                     PICK(chances), PICK(chances));
    } else if (form == 1) {
        n = snprintf(src, sizeof src, "return { fsm = { start = '%s', states = {\n", "a");
        for (int s = 0; s < 3 && i < size; s++)
            n += snprintf(src + n, sizeof src - (size_t)n, "  %s = { move = %s, C = '%s', D = '%s' },\n",
                          states[s], PICK(moves), PICK(states), PICK(states));
        n += snprintf(src + n, sizeof src - (size_t)n, "} } }\n");
    } else {
        n = snprintf(src, sizeof src, form == 2 ? "function move(h)\n" :
                     "return { name = 'f', move = function(h)\n");
        while (i < size && n < (int)sizeof src - 256)
            n += snprintf(src + n, sizeof src - (size_t)n, "  %s\n", PICK(stmts));
        n += snprintf(src + n, sizeof src - (size_t)n, "  return 'C'\nend%s\n",
                      form == 2 ? "" : " }");
    }
#undef PICK
    char path[64];
    int fd = as_file((const uint8_t *)src, (size_t)n, path, sizeof path);
    if (fd < 0)
        return 0;
    rm_limits lim = {200000, (size_t)8 << 20, 0.5};
    rm_strategy s[3];
    rm_error err;
    char tft[1024], grim[1024];
    rm_strategy_path("tit_for_tat", tft, sizeof tft);
    rm_strategy_path("grudger", grim, sizeof grim);
    if (rm_strategy_load(path, &lim, &s[0], &err) == 0 &&
        rm_strategy_load(tft, &lim, &s[1], &err) == 0 &&
        rm_strategy_load(grim, &lim, &s[2], &err) == 0) {
        rm_match_config m = rm_match_defaults();
        m.turns = 12;
        rm_match_result *r = malloc(sizeof *r);
        rm_rng rng;
        rm_rng_seed(&rng, 1, 0);
        if (r)
            rm_play_strategies(&m, &s[0], &s[1], rm_lua_strategy_ops(), &rng, r, &err);
        free(r);
        rm_tournament_config c = rm_tournament_defaults();
        c.match.turns = 6;
        c.repetitions = 2;
        c.ops = rm_lua_strategy_ops();
        rm_tournament a, b;
        c.threads = 1;
        int ra = rm_tournament_run(&c, s, 3, NULL, &a, &err);
        c.threads = 2;
        int rb = rm_tournament_run(&c, s, 3, NULL, &b, &err);
        if (ra != rb)
            abort();
        if (ra == 0) {
            /* a time limit is the one thing that may differ between runs */
            int timed = strstr(a.reason[0], "time limit") || strstr(b.reason[0], "time limit");
            if (!timed && (a.disqualified[0] != b.disqualified[0] ||
                           memcmp(a.rank, b.rank, 3 * sizeof *a.rank)))
                abort();
            rm_tournament_free(&a);
            rm_tournament_free(&b);
        }
    }
    close(fd);
    return 0;
}
