/* wom.h - word of mouth: adoption spreading through people.
 *
 * Each period a person who has not adopted adopts with a hazard made of
 * innovation p (advertising, the firm's own posts) and imitation q
 * (adopters they hear from), the Bass model (Bass 1969):
 *
 *   fully mixed (no network):  h = p + q A/N
 *   on a network:              h_i = p + q a_i/k_i   (a_i of k_i neighbours adopted)
 *
 * with two variants on networks: independent cascade (each new adopter
 * gets one chance q to convince each neighbour; Goldenberg et al. 2001)
 * and threshold (adopt once a share `threshold` of neighbours has;
 * Granovetter 1978). Negative word of mouth: adopters leave with chance
 * `churn`, a share `dissatisfied` of them become detractors, and every
 * hazard is multiplied by (1 - deterrence * d_i/k_i), d_i detracting
 * neighbours (mixed: D/N); adopters who hear detractors leave faster,
 * churn * (1 + churn_push * d_i/k_i).
 *
 * Only what changes is visited: an adoption or a departure updates its
 * neighbours' counts (edges visited), and only people with a talking
 * neighbour (the frontier) are drawn for imitation; innovation is drawn
 * as a binomial count over everyone who has not adopted, then that many
 * people are sampled without replacement (leavers likewise). A person
 * is one 32-bit word (count and flags); many adoptions are applied in
 * id order and a long frontier is walked in id order, so memory is read
 * front to back where it can be.
 *
 *     rm_wom_spec s = rm_wom_defaults();  s.p = 0.01; s.q = 0.4;
 *     rm_wom *w = rm_wom_new(&s, &graph, 0, &rng, &err);   // or NULL, N for mixed
 *     rm_wom_seed_random(w, 100);
 *     for (t = 0; t < T; t++) rm_wom_step(w, t, &err);
 *     rm_wom_result(w, t)->adopters
 */
#ifndef RMSIM_WOM_H
#define RMSIM_WOM_H

#include <stdint.h>

#include "rmsim/error.h"
#include "rmsim/network.h"
#include "rmsim/rng.h"

typedef enum { RM_WOM_BASS, RM_WOM_CASCADE, RM_WOM_THRESHOLD } rm_wom_model;

typedef struct rm_wom_spec {
    rm_wom_model model;
    double p, q;
    double threshold;       /* threshold model */
    double churn;           /* adopters leaving per period */
    double dissatisfied;    /* share of leavers who become detractors */
    double deterrence;      /* how much detractors cut the hazard */
    double churn_push;      /* how much detractors raise adopters' churn */
    int periods;            /* length of the run (results kept per period) */
} rm_wom_spec;

typedef struct rm_wom_period {
    double adopters;        /* current adopters, after the period */
    double new_adopters;
    double share;           /* adopters / people */
    double ever;            /* people who ever adopted */
    double churned;         /* adopters who left this period */
    double detractors;      /* people warning others */
    double reach;           /* non-adopters hearing at least one detractor */
    double edges;           /* neighbour links visited this period */
} rm_wom_period;

typedef struct rm_wom rm_wom;

rm_wom_spec rm_wom_defaults(void);
/* g NULL: a fully mixed population of `people`. The network must
 * outlive the diffusion. */
rm_wom *rm_wom_new(const rm_wom_spec *s, const rm_network *g, int32_t people, rm_rng *rng,
                   rm_error *err);
void rm_wom_free(rm_wom *w);

/* Seeds adopt now: k at random, the k best connected, or given people. */
int rm_wom_seed_random(rm_wom *w, int64_t k);
int rm_wom_seed_degree(rm_wom *w, int64_t k);
int rm_wom_seed_nodes(rm_wom *w, const int32_t *nodes, int64_t k, rm_error *err);

int rm_wom_step(rm_wom *w, int t, rm_error *err);
const rm_wom_period *rm_wom_result(const rm_wom *w, int t);

/* Policy: new innovation and imitation, from the next step. */
int rm_wom_set(rm_wom *w, double p, double q, rm_error *err);
/* Policy: only a share of community c (0-based) is still open to this
 * diffusion (the rest bought a rival's product, say): each adoption
 * chance there is thinned by `share`. Needs a network with communities. */
int rm_wom_set_open(rm_wom *w, int c, double share, rm_error *err);
double rm_wom_get_p(const rm_wom *w);
double rm_wom_get_q(const rm_wom *w);
/* k adopters (at random) leave now, e.g. a cohort's churners. */
void rm_wom_leave(rm_wom *w, int64_t k);

/* The Bass scan uses AVX2 where the processor has it (the same numbers
 * either way). enable 0 makes every diffusion in the process use the
 * portable loop (tests compare the two); returns whether vectors are
 * used now. */
int rm_wom_vector_scan(int enable);

int32_t rm_wom_people(const rm_wom *w);
/* Adopters in community c (a block model's), or -1. */
int64_t rm_wom_community_adopters(const rm_wom *w, int c);
int64_t rm_wom_edges_visited(const rm_wom *w);

#endif
