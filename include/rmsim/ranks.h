/* ranks.h - the processes of an MPI job (`mpirun -np K rmsim sweep ...`).
 *
 * Built with `make MPI=1` these wrap Open MPI; otherwise there is one
 * rank, 0, and they do nothing. Sweeps give variant v to rank v % K and
 * gather every result on rank 0, which alone writes output. */
#ifndef RMSIM_RANKS_H
#define RMSIM_RANKS_H

#include <stddef.h>

void rm_ranks_init(int *argc, char ***argv);
void rm_ranks_finish(void);
int rm_rank(void);
int rm_ranks(void);
void rm_ranks_barrier(void);

/* Send bytes to rank 0 / receive them from `from`, matched by tag.
 * Without MPI these are never called. rm_ranks_recv mallocs *buf. */
void rm_ranks_send0(const void *buf, size_t len, int tag);
void rm_ranks_recv(int from, int tag, void **buf, size_t *len);

#endif
