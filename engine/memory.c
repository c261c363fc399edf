/* memory.c - large arrays on huge pages where the kernel offers them,
 * and kept for reuse once freed. */
#define _DEFAULT_SOURCE     /* MADV_HUGEPAGE */
#include "rmsim/memory.h"
#include "rmsim/budget.h"

#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE ((size_t)2 << 20)

/* Freed big blocks are kept (a few, up to RM_BIG_KEEP bytes in all) and
 * handed out again: the first touch of fresh pages, which the kernel
 * must clear, costs more than the work done on them, and a replicate or
 * a model built after another asks for the same sizes again. Not
 * charged to any budget while kept. */
enum { KEEP_BLOCKS = 8 };
static struct { void *p; size_t len; } kept[KEEP_BLOCKS];
static int nkept;
static size_t kept_bytes;
static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t kept_once = PTHREAD_ONCE_INIT;

static void release_kept(void)
{
    pthread_mutex_lock(&kept_lock);
    for (int k = 0; k < nkept; k++)
        free(kept[k].p);
    nkept = 0;
    kept_bytes = 0;
    pthread_mutex_unlock(&kept_lock);
}

static void at_exit_release(void) { atexit(release_kept); }

/* A kept block of len to len + len / 4 bytes, or NULL. */
static void *take_kept(size_t len)
{
    void *p = NULL;
    pthread_mutex_lock(&kept_lock);
    int best = -1;
    for (int k = 0; k < nkept; k++)
        if (kept[k].len >= len && kept[k].len - len <= len / 4 &&
            (best < 0 || kept[k].len < kept[best].len))
            best = k;
    if (best >= 0) {
        p = kept[best].p;
        kept_bytes -= kept[best].len;
        kept[best] = kept[--nkept];
    }
    pthread_mutex_unlock(&kept_lock);
    return p;
}

/* Charged to the replicate's budget (rmsim/budget.h); free with rm_free. */
void *rm_big_alloc(size_t bytes)
{
    if (bytes < RM_BIG_MIN)
        return rm_malloc(bytes);
#ifdef MADV_HUGEPAGE
    void *p = NULL;
    size_t len = (bytes + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    if ((p = take_kept(len)) != NULL) {
        /* charged all it holds, before it is handed out: the cap holds;
         * too much for the cap, it goes back, and a block of just len
         * may still fit */
        if (rm_budget_take(rm_budget_current(), malloc_usable_size(p)) == 0)
            return p;
        if (!rm_big_keep(p))
            free(p);
    }
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

int rm_big_keep(void *p)
{
    size_t len = malloc_usable_size(p);
    /* ours: 2 MB aligned (a plain malloc block of this size never is, and
     * if one were it would still be a valid block to hand out) */
    if (((uintptr_t)p & (HUGE_PAGE - 1)) != 0 || len < RM_BIG_MIN)
        return 0;
    pthread_once(&kept_once, at_exit_release);
    int took = 0;
    pthread_mutex_lock(&kept_lock);
    if (nkept < KEEP_BLOCKS && kept_bytes + len <= RM_BIG_KEEP) {
        kept[nkept].p = p;
        kept[nkept].len = len;
        nkept++;
        kept_bytes += len;
        took = 1;
    }
    pthread_mutex_unlock(&kept_lock);
    return took;
}
