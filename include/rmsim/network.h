/* network.h - who talks to whom: social networks in compact storage.
 *
 * Undirected graphs in CSR form: node i's neighbours are
 * adj[offset[i] .. offset[i+1]), sorted, without self-loops or repeats.
 * Generators are seeded (same rng state, same graph) and run in time
 * linear in nodes + edges:
 *
 *   Erdos-Renyi G(n, p), p = mean_degree / (n - 1), by geometric skipping
 *     (Batagelj & Brandes 2005);
 *   Watts-Strogatz: a ring where each node links to k neighbours, each
 *     link rewired with chance beta (Watts & Strogatz 1998);
 *   Barabasi-Albert: each new node links to m existing ones chosen in
 *     proportion to degree (Barabasi & Albert 1999);
 *   stochastic block model: communities, with link chances p_in within
 *     and p_out between (Holland et al. 1983);
 *   an edge list file, "from,to" per line.
 *
 *     rm_network g;
 *     if (rm_network_ba(&g, 1000000, 5, &rng, &err) == 0) { ...; rm_network_free(&g); }
 */
#ifndef RMSIM_NETWORK_H
#define RMSIM_NETWORK_H

#include <stdint.h>

#include "rmsim/error.h"
#include "rmsim/rng.h"

#define RM_NODES_MAX 100000000
#define RM_EDGES_MAX 1000000000LL   /* undirected */

typedef struct rm_network {
    int32_t n;
    int64_t m;              /* adjacency entries: twice the undirected edges */
    int64_t *offset;        /* n + 1 */
    int32_t *adj;           /* m */
    int32_t *community;     /* n, or NULL */
    int ncommunities;
} rm_network;

int rm_network_er(rm_network *g, int32_t n, double mean_degree, rm_rng *rng, rm_error *err);
int rm_network_ws(rm_network *g, int32_t n, int k, double beta, rm_rng *rng, rm_error *err);
int rm_network_ba(rm_network *g, int32_t n, int m, rm_rng *rng, rm_error *err);
int rm_network_sbm(rm_network *g, const int32_t *sizes, int blocks, double p_in, double p_out,
                   rm_rng *rng, rm_error *err);
/* An edge list: one "from,to" (or "from to") per line, node ids from 0;
 * '#' starts a comment. nodes > 0 fixes the node count (an id beyond it
 * is an error); 0 takes the largest id + 1. Errors name file and line. */
int rm_network_load(rm_network *g, const char *path, int32_t nodes, rm_error *err);
void rm_network_free(rm_network *g);

static inline int64_t rm_degree(const rm_network *g, int32_t i)
{
    return g->offset[i + 1] - g->offset[i];
}

/* Mean over nodes of the local clustering coefficient (degree < 2: 0). */
double rm_network_clustering(const rm_network *g);

#endif
