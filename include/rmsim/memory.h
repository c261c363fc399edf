/* memory.h - large arrays on huge pages where the kernel offers them.
 *
 * Word of mouth and cohorts touch arrays of tens of megabytes at random:
 * with 4 KB pages most of those touches also miss the TLB, and first
 * touches fault page by page. rm_big_alloc aligns an allocation of at
 * least RM_BIG_MIN bytes to 2 MB and asks the kernel (Linux,
 * transparent huge pages in "madvise" or "always" mode) to back it with
 * huge pages; elsewhere, or when it is small, it is a plain malloc.
 * Charged to the replicate's memory budget (rmsim/budget.h): free with
 * rm_free(), which keeps a few such blocks for the next allocations of
 * about their size (pages already faulted in and cleared: the next
 * replicate, or the model built after another, asks for them again).
 *
 *     int32_t *adj = rm_big_alloc(m * sizeof *adj);
 *     ...
 *     rm_free(adj);
 */
#ifndef RMSIM_MEMORY_H
#define RMSIM_MEMORY_H

#include <stddef.h>

#define RM_BIG_MIN ((size_t)4 << 20)
/* Freed big blocks kept for reuse, at most (bytes, in all). */
#define RM_BIG_KEEP ((size_t)512 << 20)

void *rm_big_alloc(size_t bytes);
/* The same, zeroed. */
void *rm_big_calloc(size_t n, size_t size);
/* For rm_free: keeps p if it is one of these blocks and there is room
 * (1: kept, do not free), so the next rm_big_alloc of about its size
 * gets pages already faulted in. Released at exit. */
int rm_big_keep(void *p);

#endif
