/* network.c - graph generators and the edge-list loader. All but
 * Barabasi-Albert build CSR through one edge buffer (pairs), sorted by
 * counting and deduplicated; Barabasi-Albert builds its CSR directly. */
#include "rmsim/budget.h"
#include "rmsim/network.h"

#include "rmsim/memory.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rmsim/input.h"

/* A growing list of undirected edges. */
typedef struct edges {
    int32_t *e;             /* pairs */
    int64_t n, cap;
} edges;

static int push(edges *E, int32_t a, int32_t b, rm_error *err)
{
    if (E->n == E->cap) {
        int64_t cap = E->cap ? E->cap * 2 : 1 << 16;
        if (cap > RM_EDGES_MAX)
            cap = RM_EDGES_MAX;
        if (E->n == cap)
            return rm_errorf(err, "more than %lld edges", (long long)RM_EDGES_MAX);
        int32_t *p = rm_realloc(E->e, (size_t)cap * 2 * sizeof *p);
        if (!p)
            return rm_errorf(err, "out of memory for %lld edges", (long long)cap);
        E->e = p;
        E->cap = cap;
    }
    E->e[2 * E->n] = a;
    E->e[2 * E->n + 1] = b;
    E->n++;
    return 0;
}

/* A hint to fetch memory that will be read soon (random reads dominate). */
#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* CSR from the edge list: both directions, self-loops dropped, each
 * neighbour list sorted and made unique. No comparison sort: the edges
 * are scattered into lists once, then scattered again walking the nodes
 * in order, which leaves every list sorted (a counting sort by the other
 * end); repeats are then adjacent. Frees E. */
static int build(rm_network *g, int32_t n, edges *E, rm_error *err)
{
    memset(g, 0, sizeof *g);
    g->n = n;
    g->offset = rm_big_calloc((size_t)n + 1, sizeof *g->offset);
    int64_t *fill = rm_big_alloc(((size_t)n + 1) * sizeof *fill);
    if (!g->offset || !fill) {
        rm_free(fill);
        rm_free(E->e);
        rm_network_free(g);
        return rm_errorf(err, "out of memory for %d nodes", n);
    }
    for (int64_t i = 0; i < E->n; i++) {
        int32_t a = E->e[2 * i], b = E->e[2 * i + 1];
        if (a == b)
            continue;
        g->offset[a + 1]++;
        g->offset[b + 1]++;
    }
    for (int32_t i = 0; i < n; i++)
        g->offset[i + 1] += g->offset[i];
    int64_t m = g->offset[n];
    int32_t *first = rm_big_alloc((size_t)(m ? m : 1) * sizeof *first);
    if (!first) {
        rm_free(fill);
        rm_free(E->e);
        rm_network_free(g);
        return rm_errorf(err, "out of memory for %lld links", (long long)m);
    }
    memcpy(fill, g->offset, ((size_t)n + 1) * sizeof *fill);
    for (int64_t i = 0; i < E->n; i++) {
        int32_t a = E->e[2 * i], b = E->e[2 * i + 1];
        if (a == b)
            continue;
        first[fill[a]++] = b;
        first[fill[b]++] = a;
    }
    rm_free(E->e);
    E->e = NULL;
    g->adj = rm_big_alloc((size_t)(m ? m : 1) * sizeof *g->adj);
    if (!g->adj) {
        rm_free(first);
        rm_free(fill);
        rm_network_free(g);
        return rm_errorf(err, "out of memory for %lld links", (long long)m);
    }
    /* j's list gets i in increasing i: sorted (the graph is symmetric) */
    memcpy(fill, g->offset, ((size_t)n + 1) * sizeof *fill);
    for (int32_t i = 0; i < n; i++)
        for (int64_t k = g->offset[i], end = g->offset[i + 1]; k < end; k++)
            g->adj[fill[first[k]]++] = i;
    rm_free(first);
    /* squeeze out repeats, compacting in place */
    int64_t w = 0;
    for (int32_t i = 0; i < n; i++) {
        int64_t from = g->offset[i], to = g->offset[i + 1];
        g->offset[i] = w;
        for (int64_t k = from; k < to; k++)
            if (k == from || g->adj[k] != g->adj[k - 1])
                g->adj[w++] = g->adj[k];
    }
    g->offset[n] = w;
    g->m = w;
    rm_free(fill);
    return 0;
}

void rm_network_free(rm_network *g)
{
    rm_free(g->offset);
    rm_free(g->adj);
    rm_free(g->community);
    memset(g, 0, sizeof *g);
}

static int check_n(int64_t n, rm_error *err)
{
    if (n < 1 || n > RM_NODES_MAX)
        return rm_errorf(err, "nodes must be in [1, %d] (got %lld)", RM_NODES_MAX, (long long)n);
    return 0;
}

/* Edges i < j of a block pair with chance p, skipping geometrically over
 * the pairs that do not link (Batagelj & Brandes 2005). Within a block
 * (a0 == b0) only pairs i < j; between blocks every pair. */
static int random_pairs(edges *E, int32_t a0, int32_t an, int32_t b0, int32_t bn, double p,
                        rm_rng *rng, rm_error *err)
{
    if (p <= 0)
        return 0;
    int same = a0 == b0;
    double lq = log1p(-fmin(p, 1 - 1e-16));
    int64_t v = same ? 1 : 0, w = -1;
    while (v < an) {
        double r = rm_rng_uniform_pos(rng), skip = p >= 1 ? 0 : floor(log(r) / lq);
        if (skip > 4e18)
            break;          /* beyond every remaining pair */
        w += 1 + (int64_t)skip;
        int64_t limit = same ? v : bn;
        while (w >= limit && v < an) {
            w -= limit;
            v++;
            limit = same ? v : bn;
        }
        if (v < an && push(E, (int32_t)(a0 + v), (int32_t)(b0 + w), err) < 0)
            return -1;
    }
    return 0;
}

int rm_network_er(rm_network *g, int32_t n, double mean_degree, rm_rng *rng, rm_error *err)
{
    if (check_n(n, err) < 0)
        return -1;
    if (!(mean_degree >= 0 && mean_degree <= n - 1) || (double)n * mean_degree / 2 > RM_EDGES_MAX)
        return rm_errorf(err, "mean degree must be in [0, nodes - 1] (got %g)", mean_degree);
    edges E = {0};
    double p = n > 1 ? mean_degree / (n - 1) : 0;
    if (random_pairs(&E, 0, n, 0, n, p, rng, err) < 0) {
        rm_free(E.e);
        return -1;
    }
    return build(g, n, &E, err);
}

int rm_network_sbm(rm_network *g, const int32_t *sizes, int blocks, double p_in, double p_out,
                   rm_rng *rng, rm_error *err)
{
    if (blocks < 1 || blocks > 1000)
        return rm_errorf(err, "a block model needs 1 to 1000 blocks");
    int64_t n = 0;
    for (int b = 0; b < blocks; b++) {
        if (sizes[b] < 1)
            return rm_errorf(err, "block %d has no nodes", b + 1);
        n += sizes[b];
    }
    if (check_n(n, err) < 0)
        return -1;
    if (!(p_in >= 0 && p_in <= 1 && p_out >= 0 && p_out <= 1))
        return rm_errorf(err, "p_in and p_out must be chances in [0, 1]");
    edges E = {0};
    int32_t a0 = 0;
    for (int a = 0; a < blocks; a++) {
        int32_t b0 = a0;
        for (int b = a; b < blocks; b++) {
            if (random_pairs(&E, a0, sizes[a], b0, sizes[b], a == b ? p_in : p_out, rng, err) < 0) {
                rm_free(E.e);
                return -1;
            }
            b0 += sizes[b];
        }
        a0 += sizes[a];
    }
    if (build(g, (int32_t)n, &E, err) < 0)
        return -1;
    g->community = rm_malloc((size_t)n * sizeof *g->community);
    if (!g->community) {
        rm_network_free(g);
        return rm_errorf(err, "out of memory");
    }
    for (int b = 0, i = 0; b < blocks; b++)
        for (int32_t k = 0; k < sizes[b]; k++)
            g->community[i++] = b;
    g->ncommunities = blocks;
    return 0;
}

int rm_network_ws(rm_network *g, int32_t n, int k, double beta, rm_rng *rng, rm_error *err)
{
    if (check_n(n, err) < 0)
        return -1;
    if (k < 2 || k % 2 || k >= n)
        return rm_errorf(err, "k must be even, at least 2 and below the node count (got %d)", k);
    if (!(beta >= 0 && beta <= 1))
        return rm_errorf(err, "beta must be a chance in [0, 1] (got %g)", beta);
    edges E = {0};
    for (int32_t i = 0; i < n; i++)
        for (int d = 1; d <= k / 2; d++) {
            int32_t j = (int32_t)((i + d) % n);
            /* rewire the far end to a random node: self-loops and repeats
             * are dropped when the CSR is built, as in most implementations */
            if (rm_rng_uniform(rng) < beta)
                j = (int32_t)rm_rng_below(rng, (uint32_t)n);
            if (push(&E, i, j, err) < 0) {
                rm_free(E.e);
                return -1;
            }
        }
    return build(g, n, &E, err);
}

#ifdef __SIZEOF_INT128__
__extension__ typedef unsigned __int128 u128;
#endif

/* Loops over a node's m links: unrolled when m is a small constant. */
#if defined(__GNUC__) && !defined(__clang__)
#define UNROLL_SMALL _Pragma("GCC unroll 16")
#else
#define UNROLL_SMALL
#endif

/* A node's m <= 16 targets, sorted, by odd-even transposition: m rounds
 * of compare-exchanges without branches (an insertion sort's
 * mispredict). Inlined with a constant m it unrolls into registers. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void sort_row(int32_t *out, const int32_t *row, int m)
{
    int32_t v[16] = {0};
    UNROLL_SMALL
    for (int j = 0; j < m; j++)
        v[j] = row[j];
    UNROLL_SMALL
    for (int round = 0; round < m; round++) {
        UNROLL_SMALL
        for (int j = round & 1; j + 1 < m; j += 2) {
            int32_t a = v[j], b = v[j + 1];
            v[j] = a < b ? a : b;
            v[j + 1] = a < b ? b : a;
        }
    }
    UNROLL_SMALL
    for (int j = 0; j < m; j++)
        out[j] = v[j];
}

/* Node i (after the clique) picks m distinct ends of the edges so far,
 * uniformly: a node appears once per link it has (Batagelj & Brandes
 * 2005). Inlined for each small constant m, which unrolls its loops. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void ba_picks(int32_t *tg, const int32_t *clique, int32_t *stamp, int64_t C, int32_t n,
                            int m, rm_rng *rng)
{
#ifdef __SIZEOF_INT128__
    uint64_t inv_m64 = UINT64_MAX / (uint64_t)m + 1;     /* 2^64 / m, rounded up; 0 for m = 1 */
#else
    double inv_m = 1.0 / m;
#endif
    /* Each pick is a read from anywhere in tg. A node takes at least m
     * draws, so with m <= 16 the first m draws of the next few nodes are
     * made ahead on a copy of the generator, as if no node needed a
     * redraw for a repeat (rare), and their targets fetched; a node uses
     * them only if the generator stands exactly where the copy started.
     * The numbers and their order are those of drawing one at a time. */
    enum { DEPTH = 6 };
    struct { uint64_t start, end, v[16]; } q[DEPTH];
    int qhead = 0, qn = 0, nahead = m < 16 ? m : 16;
    int32_t qnext = m + 1;      /* the next node to draw ahead for */
    for (int32_t i = m + 1; i < n; i++) {
        int32_t *row = tg + (int64_t)(i - m - 1) * m;
        uint64_t ends = 2 * (uint64_t)(C + (int64_t)(i - m - 1) * m);
        uint64_t ahead[16];
        if (qn > 0 && rng->state == q[qhead].start) {
            memcpy(ahead, q[qhead].v, sizeof ahead);
            rng->state = q[qhead].end;
            qhead = (qhead + 1) % DEPTH;
            qn--;
        } else {
            qn = 0;
            UNROLL_SMALL
            for (int j = 0; j < nahead; j++)
                ahead[j] = rm_rng_below(rng, (uint32_t)ends);
            qnext = i + 1;
        }
        while (nahead == m && qn < DEPTH && qnext < n) {
            rm_rng copy = *rng;
            if (qn > 0)
                copy.state = q[(qhead + qn - 1) % DEPTH].end;
            int slot = (qhead + qn) % DEPTH;
            q[slot].start = copy.state;
            uint64_t bound = 2 * (uint64_t)(C + (int64_t)(qnext - m - 1) * m);
            UNROLL_SMALL
            for (int j = 0; j < m; j++) {
                uint64_t r = q[slot].v[j] = rm_rng_below(&copy, (uint32_t)bound);
                if ((int64_t)(r >> 1) >= C && (r & 1))
                    PREFETCH(&tg[(int64_t)(r >> 1) - C]);
            }
            q[slot].end = copy.state;
            qn++;
            qnext++;
        }
        int got = 0, drawn = 0;
        int32_t picked[16];
        UNROLL_SMALL
        for (int j = 0; j < 16; j++)
            picked[j] = -1;
        while (got < m) {
            uint64_t r = drawn < nahead ? ahead[drawn] : rm_rng_below(rng, (uint32_t)ends);
            drawn++;
            int64_t k = (int64_t)(r >> 1);
            int32_t t;
            if (k < C) {
                t = clique[r];
            } else if (r & 1) {
                t = tg[k - C];
            } else {
                /* the source of edge k: (k - C) / m by a multiply */
                int64_t e = k - C;
#ifdef __SIZEOF_INT128__
                /* exact for 32-bit e and m (Lemire, Kaser & Kurz 2019);
                 * e < RM_EDGES_MAX < 2^32 */
                int64_t s = m == 1 ? e : (int64_t)(((u128)inv_m64 * (uint64_t)e) >> 64);
#else
                int64_t s = (int64_t)((double)e * inv_m);
                s -= s * m > e;
                s += (s + 1) * m <= e;
#endif
                t = (int32_t)(m + 1 + s);
            }
            int dup = 0;
            if (stamp) {
                dup = stamp[t] == i;
                stamp[t] = i;
                if (!dup)
                    row[got++] = t;
            } else {
                /* a constant number of compares: unrolled, no branch */
                UNROLL_SMALL
                for (int j = 0; j < m - 1; j++)
                    dup |= picked[j] == t;
                if (!dup)
                    picked[got++] = t;
            }
        }
        UNROLL_SMALL
        for (int j = 0; !stamp && j < m; j++)
            row[j] = picked[j];
    }
}

/* Degrees, then the CSR in one pass in node order (below). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void ba_csr(rm_network *g, const int32_t *tg, uint32_t *fill, int64_t later, int32_t n,
                          int m)
{
    /* degrees: m for every node of the clique or after it, plus one per pick */
    for (int32_t i = 0; i < n; i++)
        fill[i] = (uint32_t)m;
    int64_t k = 0;
    for (; k + 64 < later; k++) {
        PREFETCH(&fill[tg[k + 64]]);
        fill[tg[k]]++;
    }
    for (; k < later; k++)
        fill[tg[k]]++;
    /* One pass in node order: a node's offset (fill holds its degree),
     * its own sorted targets, then its place in the lists of the nodes
     * it picked. Those are lower, so their lists are open already and
     * get their later nodes in increasing order: sorted. */
    for (int32_t i = 0; i < n; i++) {
        g->offset[i + 1] = g->offset[i] + fill[i];
        int32_t *out = g->adj + g->offset[i];
        const int32_t *row = i > m ? tg + (int64_t)(i - m - 1) * m : NULL;
        if (i <= m) {
            for (int32_t j = 0, w = 0; j <= m; j++)
                if (j != i)
                    out[w++] = j;
        } else if (m > 16) {
            memmove(out, row, (size_t)m * sizeof *out);     /* they may overlap */
            qsort(out, (size_t)m, sizeof *out, cmp_i32);
        } else {
            sort_row(out, row, m);      /* a constant m: unrolled, in registers */
        }
        fill[i] = (uint32_t)(g->offset[i] + m);
        if (i <= m)
            continue;
        /* scattered writes: fetch the counters 8 nodes ahead, and where
         * they point 4 nodes ahead (a hint: may be a degree still) */
        if (i + 8 < n) {
            UNROLL_SMALL
            for (int j = 0; j < m && j < 16; j++)
                PREFETCH(&fill[row[8 * m + j]]);
        }
        if (i + 4 < n) {
            UNROLL_SMALL
            for (int j = 0; j < m && j < 16; j++)
                PREFETCH(&g->adj[fill[row[4 * m + j]]]);
        }
        UNROLL_SMALL
        for (int j = 0; j < m; j++)     /* out: row may be partly overwritten by now */
            g->adj[fill[out[j]]++] = i;
    }
}

/* Barabasi-Albert without an edge list: edge k >= C (after the clique's
 * C edges) is (source, target) with source = m + 1 + (k - C) / m, so only
 * targets are stored, and an end drawn at random is either computed (the
 * source) or one read. The CSR is then built directly: a node's list is
 * its own targets (all lower, sorted) or clique mates, then the later
 * nodes that picked it, appended in increasing order. No sort, no
 * repeats (a node's targets are distinct). */
int rm_network_ba(rm_network *g, int32_t n, int m, rm_rng *rng, rm_error *err)
{
    if (check_n(n, err) < 0)
        return -1;
    if (m < 1 || m >= n || (double)n * m > RM_EDGES_MAX)
        return rm_errorf(err, "m (links per new node) must be in [1, nodes - 1] (got %d)", m);
    memset(g, 0, sizeof *g);
    int64_t C = (int64_t)m * (m + 1) / 2, later = (int64_t)(n - m - 1) * m;
    int32_t *clique = rm_malloc((size_t)C * 2 * sizeof *clique);
    /* repeats among a node's picks: a scan of its row for small m, a
     * stamp per node (the picker's id) for large m */
    int32_t *stamp = m > 16 ? rm_malloc((size_t)n * sizeof *stamp) : NULL;
    g->offset = rm_big_calloc((size_t)n + 1, sizeof *g->offset);
    /* degrees, then write positions: adjacency indices fit 32 bits
     * (RM_EDGES_MAX), and half the bytes hit the cache more often */
    uint32_t *fill = rm_big_alloc(((size_t)n + 1) * sizeof *fill);
    g->adj = rm_big_alloc((size_t)(2 * (C + later)) * sizeof *g->adj);
    /* The picks (m a node after the clique) live in the last `later`
     * entries of the adjacency: node i's row starts at later + m i, its
     * list at m i + (picks landing below i) <= later + m i, so the pass
     * below never writes over a row it has still to read (its own row
     * at most, once it is sorted into registers). 20 MB less memory to
     * fault in for a million nodes. */
    int32_t *tg = g->adj ? g->adj + 2 * (C + later) - later : NULL;
    if (!clique || !g->offset || !fill || !g->adj || (m > 16 && !stamp)) {
        rm_free(clique);
        rm_free(stamp);
        rm_free(fill);
        rm_network_free(g);
        return rm_errorf(err, "out of memory for a network of %d nodes", n);
    }
    /* the clique's edges in the order the original edge list had them */
    if (stamp)
        memset(stamp, 0xff, (size_t)n * sizeof *stamp);
    int64_t c = 0;
    for (int32_t a = 0; a <= m; a++)
        for (int32_t b = a + 1; b <= m; b++) {
            clique[c++] = a;
            clique[c++] = b;
        }
    /* a constant m where it is small: loops unrolled, counts in registers */
#define BA_CASE(M) case M: ba_picks(tg, clique, stamp, C, n, M, rng); break;
    switch (m) {
    BA_CASE(1) BA_CASE(2) BA_CASE(3) BA_CASE(4) BA_CASE(5) BA_CASE(6) BA_CASE(8) BA_CASE(10)
    default: ba_picks(tg, clique, stamp, C, n, m, rng); break;
    }
#undef BA_CASE
    rm_free(clique);
    rm_free(stamp);
#define BA_CASE(M) case M: ba_csr(g, tg, fill, later, n, M); break;
    switch (m) {
    BA_CASE(1) BA_CASE(2) BA_CASE(3) BA_CASE(4) BA_CASE(5) BA_CASE(6) BA_CASE(8) BA_CASE(10)
    default: ba_csr(g, tg, fill, later, n, m); break;
    }
#undef BA_CASE
    rm_free(fill);
    g->n = n;
    g->m = g->offset[n];
    return 0;
}

/* ---- edge lists ------------------------------------------------------- */

static int parse_id(const char **p, int64_t *out)
{
    const char *s = *p;
    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '-')
        return -2;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    char *end;
    long long v = strtoll(s, &end, 10);
    if (errno == ERANGE || v > RM_NODES_MAX)
        return -3;
    *out = v;
    *p = end;
    return 0;
}

int rm_network_load(rm_network *g, const char *path, int32_t nodes, rm_error *err)
{
    FILE *f = rm_open_input(path, NULL, err);
    if (!f)
        return -1;
    edges E = {0};
    char line[4096];
    long lineno = 0;
    int64_t maxid = -1;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) {
            rc = rm_errorf(err, "%s:%ld: line too long", path, lineno);
            break;
        }
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#' || *p == '\n' || *p == '\r' || !*p)
            continue;
        int64_t a, b;
        int ea = parse_id(&p, &a), eb = -1;
        if (ea == 0) {
            while (*p == ' ' || *p == '\t')
                p++;
            if (*p == ',')
                p++;
            eb = parse_id(&p, &b);
        }
        int bad = ea ? ea : eb;
        if (bad == -2) {
            rc = rm_errorf(err, "%s:%ld: negative node id (ids are 0, 1, 2, ...)", path, lineno);
        } else if (bad == -3) {
            rc = rm_errorf(err, "%s:%ld: node id above %d", path, lineno, RM_NODES_MAX);
        } else if (bad) {
            rc = rm_errorf(err, "%s:%ld: expected two node ids \"from,to\"%s", path, lineno,
                           ea ? "" : " (the second is missing)");
        } else {
            while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
                p++;
            if (*p && *p != '#')
                rc = rm_errorf(err, "%s:%ld: unexpected text after \"from,to\": %.20s", path,
                               lineno, p);
            else if (nodes > 0 && (a >= nodes || b >= nodes))
                rc = rm_errorf(err, "%s:%ld: unknown node id %lld (the network has %d nodes: "
                               "0..%d)", path, lineno, (long long)(a >= nodes ? a : b), nodes,
                               nodes - 1);
            else {
                maxid = a > maxid ? a : maxid;
                maxid = b > maxid ? b : maxid;
                if (push(&E, (int32_t)a, (int32_t)b, err) < 0) {
                    char msg[RM_ERROR_MAX];
                    snprintf(msg, sizeof msg, "%s", err->msg);
                    rc = rm_errorf(err, "%s:%ld: %s", path, lineno, msg);
                }
            }
        }
    }
    if (rc == 0 && ferror(f))
        rc = rm_errorf(err, "%s: read error", path);
    fclose(f);
    if (rc == 0 && maxid < 0 && nodes <= 0)
        rc = rm_errorf(err, "%s: no edges in the file", path);
    /* ids far beyond the links are a mistake (or a trap): every id up to
     * the largest becomes a person */
    if (rc == 0 && nodes <= 0 && maxid >= 16 * E.n + 1024)
        rc = rm_errorf(err, "%s: node ids go up to %lld for only %lld links: number the nodes "
                       "0, 1, 2, ... or give the node count", path, (long long)maxid,
                       (long long)E.n);
    if (rc < 0) {
        rm_free(E.e);
        return -1;
    }
    return build(g, nodes > 0 ? nodes : (int32_t)(maxid + 1), &E, err);
}

double rm_network_clustering(const rm_network *g)
{
    double sum = 0;
    for (int32_t i = 0; i < g->n; i++) {
        int64_t d = rm_degree(g, i);
        if (d < 2)
            continue;
        int64_t links = 0;
        const int32_t *ni = g->adj + g->offset[i];
        for (int64_t a = 0; a < d; a++) {
            /* count neighbours of ni[a] that are also neighbours of i (both sorted) */
            int32_t j = ni[a];
            const int32_t *nj = g->adj + g->offset[j];
            int64_t dj = rm_degree(g, j), x = 0, y = 0;
            while (x < d && y < dj) {
                if (ni[x] < nj[y])
                    x++;
                else if (ni[x] > nj[y])
                    y++;
                else {
                    links++;
                    x++;
                    y++;
                }
            }
        }
        sum += (double)links / ((double)d * (double)(d - 1));
    }
    return g->n ? sum / g->n : 0;
}
