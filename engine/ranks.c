/* ranks.c - MPI, when built with it (make MPI=1); one rank otherwise. */
#include "rmsim/ranks.h"

#include <stdint.h>
#include <stdlib.h>

#ifdef RMSIM_MPI
#include <mpi.h>

static int active;

void rm_ranks_init(int *argc, char ***argv)
{
    MPI_Init(argc, argv);
    active = 1;
}

void rm_ranks_finish(void)
{
    if (active)
        MPI_Finalize();
    active = 0;
}

int rm_rank(void)
{
    int r = 0;
    if (active)
        MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int rm_ranks(void)
{
    int n = 1;
    if (active)
        MPI_Comm_size(MPI_COMM_WORLD, &n);
    return n;
}

void rm_ranks_barrier(void)
{
    if (active)
        MPI_Barrier(MPI_COMM_WORLD);
}

void rm_ranks_send0(const void *buf, size_t len, int tag)
{
    uint64_t n = len;
    MPI_Send(&n, 1, MPI_UINT64_T, 0, tag, MPI_COMM_WORLD);
    /* in pieces: MPI counts are ints */
    for (size_t off = 0; off < len; off += 1 << 30) {
        size_t part = len - off < (1u << 30) ? len - off : (1u << 30);
        MPI_Send((const char *)buf + off, (int)part, MPI_BYTE, 0, tag, MPI_COMM_WORLD);
    }
}

void rm_ranks_recv(int from, int tag, void **buf, size_t *len)
{
    uint64_t n;
    MPI_Recv(&n, 1, MPI_UINT64_T, from, tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    *buf = malloc(n ? n : 1);
    *len = n;
    for (size_t off = 0; off < n; off += 1 << 30) {
        size_t part = n - off < (1u << 30) ? n - off : (1u << 30);
        MPI_Recv(*buf ? (char *)*buf + off : NULL, (int)part, MPI_BYTE, from, tag, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
    }
}

#else

void rm_ranks_init(int *argc, char ***argv) { (void)argc, (void)argv; }
void rm_ranks_finish(void) {}
int rm_rank(void) { return 0; }
int rm_ranks(void) { return 1; }
void rm_ranks_barrier(void) {}
void rm_ranks_send0(const void *buf, size_t len, int tag) { (void)buf, (void)len, (void)tag; }
void rm_ranks_recv(int from, int tag, void **buf, size_t *len)
{
    (void)from, (void)tag;
    *buf = NULL;
    *len = 0;
}

#endif
