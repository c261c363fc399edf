/* rng.h - PCG32 random streams and the distributions the models draw from.
 *
 * Every number rmsim draws comes from a rm_rng: PCG32 (O'Neill 2014,
 * "PCG: A Family of Simple Fast Space-Efficient Statistically Good
 * Algorithms for Random Number Generation"). A generator is fixed by a
 * seed and a stream id; two streams with the same seed are independent
 * sequences, which is how replicates, threads and MPI ranks get their
 * own numbers without coordination.
 *
 *     rm_rng r;
 *     rm_rng_seed(&r, 42, 54);          // seed 42, stream 54
 *     uint32_t x = rm_rng_next(&r);     // 0xa15c02b7 (reference output)
 *     double u = rm_rng_uniform(&r);    // [0, 1), 53 random bits
 *     double g = rm_rng_gamma(&r, 2.0, 1.5);
 *
 * A rm_rng is a plain value: copy it to fork a sequence, keep one per
 * thread. Nothing here allocates or touches global state.
 */
#ifndef RMSIM_RNG_H
#define RMSIM_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct rm_rng {
    uint64_t state;
    uint64_t inc;       /* stream selector, always odd */
    double spare;       /* second normal deviate of the polar method */
    int has_spare;
} rm_rng;

/* Seed a generator: the same (seed, stream) always gives the same sequence. */
void rm_rng_seed(rm_rng *r, uint64_t seed, uint64_t stream);

/* The next 32 random bits. */
static inline uint32_t rm_rng_next(rm_rng *r)
{
    uint64_t old = r->state;
    r->state = old * 6364136223846793005ULL + r->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18u) ^ old) >> 27u);
    uint32_t rot = (uint32_t)(old >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

/* Uniform integer in [0, bound), without modulo bias; bound > 0
 * (Lemire 2019: a multiply, and a division only on the rare rejection).
 * Inline: generators call it once per link. */
static inline uint32_t rm_rng_below(rm_rng *r, uint32_t bound)
{
    uint64_t m = (uint64_t)rm_rng_next(r) * bound;
    uint32_t low = (uint32_t)m;
    if (low < bound) {
        uint32_t threshold = (uint32_t)(-bound) % bound;
        while (low < threshold) {
            m = (uint64_t)rm_rng_next(r) * bound;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

/* Uniform integer in [0, bound) for 64-bit bounds; bound 0 means 2^64. */
uint64_t rm_rng_below64(rm_rng *r, uint64_t bound);

/* Uniform double in [0, 1) with 53 random bits. */
double rm_rng_uniform(rm_rng *r);

/* Uniform double in (0, 1): never 0, for logarithms. */
double rm_rng_uniform_pos(rm_rng *r);

/* Distributions. Parameters are assumed valid (callers validate input
 * from users); each comment gives the support and the mean. */
double rm_rng_normal(rm_rng *r, double mu, double sigma);     /* mean mu */
double rm_rng_gamma(rm_rng *r, double shape, double scale);   /* shape*scale */
double rm_rng_beta(rm_rng *r, double a, double b);            /* a/(a+b) */
uint64_t rm_rng_binomial(rm_rng *r, uint64_t n, double p);    /* n*p */
uint64_t rm_rng_poisson(rm_rng *r, double lambda);            /* lambda */
/* Trials up to and including the first success: 1, 2, ...; mean 1/p. */
uint64_t rm_rng_geometric(rm_rng *r, double p);
/* Index i in [0, n) with probability w[i] / sum(w); weights >= 0, sum > 0. */
size_t rm_rng_categorical(rm_rng *r, const double *w, size_t n);

#endif
