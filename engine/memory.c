/* memory.c - large arrays on huge pages where the kernel offers them. */
#define _DEFAULT_SOURCE     /* MADV_HUGEPAGE */
#include "rmsim/memory.h"
#include "rmsim/budget.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

/* Charged to the replicate's budget (rmsim/budget.h); free with rm_free. */
void *rm_big_alloc(size_t bytes)
{
    if (bytes < RM_BIG_MIN)
        return rm_malloc(bytes);
#ifdef MADV_HUGEPAGE
    void *p = NULL;
    size_t len = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    if (rm_budget_take(rm_budget_current(), len) < 0)
        return NULL;
    if (posix_memalign(&p, HUGE_PAGE, len) != 0)
        return rm_budget_adopt(NULL, len);
    madvise(p, len, MADV_HUGEPAGE);     /* a hint: failure only costs speed */
    return rm_budget_adopt(p, len);
#else
    return rm_malloc(bytes);
#endif
}

void *rm_big_calloc(size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        return NULL;
    size_t bytes = n * size;
    if (bytes < RM_BIG_MIN)
        return rm_calloc(n, size);
    void *p = rm_big_alloc(bytes);
    if (p)
        memset(p, 0, bytes);
    return p;
}
