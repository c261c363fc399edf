/* sandbox.h - limits for the Lua scripts rmsim runs.
 *
 * Every script (scenario, policy, strategy) runs in its own Lua state
 * with only safe libraries (base without file access, string, table,
 * math, utf8, coroutine), `math.random` drawing from the run's PCG32
 * stream, `require` limited to scripts/ and the script's own folder,
 * and three limits that end runaway scripts with a clear message:
 * instructions (C work a call triggers, such as string.rep, table.move,
 * pattern matching and allocation, is charged too), memory, and wall-clock
 * seconds. A strategy's instructions and seconds are per move.
 */
#ifndef RMSIM_SANDBOX_H
#define RMSIM_SANDBOX_H

#include <stddef.h>
#include <stdint.h>

#define RM_DEFAULT_MAX_INSTRUCTIONS 1000000000ULL   /* per replicate */
#define RM_DEFAULT_MAX_MEMORY ((size_t)256 << 20)     /* bytes per state */

#define RM_DEFAULT_MOVE_SECONDS 2.0                /* per move in tournaments */

typedef struct rm_limits {
    uint64_t max_instructions;  /* Lua VM instructions per state */
    size_t max_memory;          /* bytes held by one Lua state */
    double max_seconds;         /* wall clock per replicate or move; 0: none */
} rm_limits;

/* The folder of the standard Lua library (scripts/): $RMSIM_SCRIPTS,
 * else next to the executable (../scripts, ../share/rmsim/scripts),
 * else the install location. Never NULL. */
const char *rm_scripts_dir(void);

#endif
