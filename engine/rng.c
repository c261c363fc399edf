/* rng.c - PCG32 seeding, bounded integers and uniform doubles. */
#include "rmsim/rng.h"

void rm_rng_seed(rm_rng *r, uint64_t seed, uint64_t stream)
{
    r->state = 0;
    r->inc = (stream << 1u) | 1u;
    r->has_spare = 0;
    r->spare = 0.0;
    (void)rm_rng_next(r);
    r->state += seed;
    (void)rm_rng_next(r);
}

/* Lemire's multiply-shift with rejection: unbiased, and usually
 * without a division. */
static uint64_t next64(rm_rng *r)
{
    uint64_t hi = rm_rng_next(r);
    return (hi << 32) | rm_rng_next(r);
}

/* Mask to the next power of two and reject: at most 2 tries on average. */
uint64_t rm_rng_below64(rm_rng *r, uint64_t bound)
{
    if (bound != 0 && bound <= UINT32_MAX)
        return rm_rng_below(r, (uint32_t)bound);
    uint64_t mask = bound - 1;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    mask |= mask >> 32;
    for (;;) {
        uint64_t x = next64(r) & mask;
        if (bound == 0 || x < bound)
            return x;
    }
}

double rm_rng_uniform(rm_rng *r)
{
    uint64_t hi = rm_rng_next(r) >> 5;   /* 27 bits */
    uint64_t lo = rm_rng_next(r) >> 6;   /* 26 bits */
    return (double)((hi << 26) | lo) * 0x1.0p-53;
}

double rm_rng_uniform_pos(rm_rng *r)
{
    double u;
    do
        u = rm_rng_uniform(r);
    while (u == 0.0);
    return u;
}
