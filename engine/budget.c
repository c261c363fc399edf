/* budget.c - one replicate's memory, counted across Lua and the models.
 * A block is charged what malloc really gives it (malloc_usable_size),
 * and released the same on free, so no header is needed and blocks
 * aligned for huge pages (memory.c) are counted alike. */
#include "rmsim/budget.h"
#include "rmsim/memory.h"

#include <malloc.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local rm_budget *current;
static _Thread_local char why[200];
static atomic_ulong next_id = 1;

void rm_budget_init(rm_budget *b, size_t cap)
{
    memset(b, 0, sizeof *b);
    b->cap = cap;
    b->id = atomic_fetch_add(&next_id, 1);
}

rm_budget *rm_budget_enter(rm_budget *b)
{
    rm_budget *prev = current;
    current = b;
    return prev;
}

rm_budget *rm_budget_current(void) { return current; }

int rm_budget_take(rm_budget *b, size_t bytes)
{
    if (!b)
        return 0;
    if (bytes > b->cap - (b->used < b->cap ? b->used : b->cap)) {
        b->refused = bytes;
        b->refused_used = b->used;
        return -1;
    }
    b->used += bytes;
    if (b->used > b->peak)
        b->peak = b->used;
    return 0;
}

void rm_budget_give(rm_budget *b, size_t bytes)
{
    if (b)
        b->used -= bytes < b->used ? bytes : b->used;
}

/* After malloc gave p for a request of `asked` bytes (already charged):
 * charge the rest of what it really holds. */
static void *settle(void *p, size_t asked)
{
    if (!p) {
        rm_budget_give(current, asked);
        return NULL;
    }
    size_t real = malloc_usable_size(p);
    if (current && real > asked)
        current->used += real - asked;
    return p;
}

void *rm_budget_adopt(void *p, size_t asked) { return settle(p, asked); }

void *rm_malloc(size_t bytes)
{
    if (rm_budget_take(current, bytes) < 0)
        return NULL;
    return settle(malloc(bytes ? bytes : 1), bytes);
}

void *rm_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    if (rm_budget_take(current, n * size) < 0)
        return NULL;
    return settle(calloc(n ? n : 1, size ? size : 1), n * size);
}

void *rm_realloc(void *p, size_t bytes)
{
    if (!p)
        return rm_malloc(bytes);
    size_t old = malloc_usable_size(p);
    if (bytes > old && rm_budget_take(current, bytes - old) < 0)
        return NULL;
    void *q = realloc(p, bytes ? bytes : 1);
    if (!q) {
        if (bytes > old)
            rm_budget_give(current, bytes - old);
        return NULL;
    }
    /* now exactly: the new block's size replaces the old's */
    if (current) {
        rm_budget_give(current, bytes > old ? bytes : old);
        current->used += malloc_usable_size(q);
    }
    return q;
}

void rm_free(void *p)
{
    if (!p)
        return;
    rm_budget_give(current, malloc_usable_size(p));
    if (!rm_big_keep(p))
        free(p);
}

static void mib(char *out, size_t size, size_t bytes)
{
    snprintf(out, size, "%.1f MiB", (double)bytes / (1 << 20));
}

const char *rm_budget_why(void)
{
    rm_budget *b = current;
    if (!b || !b->refused)
        return "";
    char used[32], asked[32];
    mib(used, sizeof used, b->refused_used);
    mib(asked, sizeof asked, b->refused);
    /* the sandbox's words, so one expectation matches whichever side refused */
    snprintf(why, sizeof why, " (memory cap exceeded (--max-memory %.0f MiB): %s in use, %s more asked)",
             (double)b->cap / (1 << 20), used, asked);
    return why;
}
