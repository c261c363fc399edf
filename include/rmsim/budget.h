/* budget.h - the memory one replicate may hold: its Lua states and its
 * models (cohorts, networks, word of mouth, partnerships, metrics) together.
 *
 * A replicate enters a budget on its thread; the models allocate through
 * rm_malloc and friends, and the sandbox's allocator charges the same
 * budget, so --max-memory bounds the whole replicate, not only Lua's heap.
 * Outside a budget (tests, the game commands) they are plain malloc.
 *
 *     rm_budget b;
 *     rm_budget_init(&b, (size_t)256 << 20);
 *     rm_budget *prev = rm_budget_enter(&b);
 *     double *x = rm_malloc(n * sizeof *x);        // NULL past the cap
 *     if (!x) return rm_errorf(err, "out of memory for %d people%s", n, rm_budget_why());
 *     rm_free(x);
 *     rm_budget_enter(prev);
 *
 * Blocks are charged what malloc really holds for them and released by
 * rm_free to the budget current then (none once the replicate is over:
 * its metrics, freed after the run is written, are simply freed). Not
 * counted: malloc's own headers of the models' few large blocks, and the
 * C stack (the stated overhead).
 */
#ifndef RMSIM_BUDGET_H
#define RMSIM_BUDGET_H

#include <stddef.h>

typedef struct rm_budget {
    size_t cap;                 /* bytes */
    size_t used;
    size_t peak;
    unsigned long id;           /* blocks remember which budget paid */
    size_t refused;             /* bytes of the last allocation refused; 0: none */
    size_t refused_used;        /* bytes in use then */
    double deadline;            /* CLOCK_MONOTONIC seconds the replicate must end by; 0: none */
} rm_budget;

void rm_budget_init(rm_budget *b, size_t cap);
/* Make b this thread's budget (NULL: none); returns the previous one. */
rm_budget *rm_budget_enter(rm_budget *b);
rm_budget *rm_budget_current(void);

/* Charge or release bytes held elsewhere (the Lua allocator): 0, or -1
 * when the charge would pass the cap (nothing charged). */
int rm_budget_take(rm_budget *b, size_t bytes);
void rm_budget_give(rm_budget *b, size_t bytes);

void *rm_malloc(size_t bytes);
/* For an allocator of its own (memory.c): charge `asked` bytes with
 * rm_budget_take first, allocate, then hand the block (or NULL) here. */
void *rm_budget_adopt(void *p, size_t asked);
void *rm_calloc(size_t n, size_t size);
void *rm_realloc(void *p, size_t bytes);
void rm_free(void *p);

/* " (memory cap --max-memory 16 MiB reached: ...)" after a refusal by
 * this thread's budget, else "": to append to an out-of-memory message. */
const char *rm_budget_why(void);

#endif
