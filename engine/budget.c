/* budget.c - one replicate's memory, counted across Lua and the models.
 * Each block carries a header: its size and the budget that paid. */
#include "rmsim/budget.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct header {
    size_t size;
    rm_budget *b;
    unsigned long id;
    size_t pad;                 /* keeps the block 16-byte aligned */
} header;

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

/* The budget that paid for h, if it is still this thread's. */
static rm_budget *payer(const header *h)
{
    return h->b && h->b == current && h->b->id == h->id ? h->b : NULL;
}

void *rm_malloc(size_t bytes)
{
    if (bytes > SIZE_MAX - sizeof(header) || rm_budget_take(current, bytes) < 0)
        return NULL;
    header *h = malloc(sizeof *h + bytes);
    if (!h) {
        rm_budget_give(current, bytes);
        return NULL;
    }
    *h = (header){bytes, current, current ? current->id : 0, 0};
    return h + 1;
}

void *rm_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    void *p = rm_malloc(n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *rm_realloc(void *p, size_t bytes)
{
    if (!p)
        return rm_malloc(bytes);
    header *h = (header *)p - 1;
    rm_budget *b = payer(h);
    size_t old = h->size;
    if (bytes > SIZE_MAX - sizeof(header))
        return NULL;
    if (bytes > old && rm_budget_take(b, bytes - old) < 0)
        return NULL;
    header *nh = realloc(h, sizeof *nh + bytes);
    if (!nh) {
        if (bytes > old)
            rm_budget_give(b, bytes - old);
        return NULL;
    }
    if (bytes < old)
        rm_budget_give(b, old - bytes);
    nh->size = bytes;
    if (!b) {                       /* paid by a budget left since: no one pays now */
        nh->b = NULL;
        nh->id = 0;
    }
    return nh + 1;
}

void rm_free(void *p)
{
    if (!p)
        return;
    header *h = (header *)p - 1;
    rm_budget_give(payer(h), h->size);
    free(h);
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
    snprintf(why, sizeof why, " (memory cap exceeded: --max-memory %.0f MiB, %s in use, %s more asked)",
             (double)b->cap / (1 << 20), used, asked);
    return why;
}
