/* parallel.h - run independent work items on threads, deterministically.
 *
 * Items 0..n-1 are handed to `threads` workers (0: one per core). Each
 * item must write only its own results, so the outcome does not depend
 * on which thread ran what. When items fail, the error reported is the
 * one of the lowest failing item, as a sequential run would report;
 * items after a known failure are skipped, earlier ones still run.
 *
 *     static int work(void *ctx, long item, rm_error *err) { ... }
 *     long failed;
 *     if (rm_parallel_for(n, threads, work, ctx, &failed, &err) < 0) ... err.msg
 */
#ifndef RMSIM_PARALLEL_H
#define RMSIM_PARALLEL_H

#include "rmsim/error.h"

typedef int (*rm_item_fn)(void *ctx, long item, rm_error *err);

/* The number of cores. */
int rm_cores(void);

/* 0 when every item succeeded; else -1 with the lowest failing item's
 * error in err and its index in *failed (may be NULL). Items that must
 * run whatever happens to others (a sweep's variants) should catch their
 * own errors and return 0. */
int rm_parallel_for(long n, int threads, rm_item_fn fn, void *ctx, long *failed, rm_error *err);

#endif
