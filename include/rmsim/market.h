/* market.h - several firms serving one customer population: customers
 * choose, stay, switch and talk.
 *
 * Each period every customer with a supplier uses it (satisfaction moves
 * towards what the firm delivers against the segment's expectation,
 * loyalty follows satisfaction, tenure grows), and customers with a
 * purchase occasion (chance 1/cycle a period) choose by a multinomial
 * logit over the firms they are aware of and "buy nothing", the current
 * supplier getting a bonus from switching cost, loyalty and its loyalty
 * programme. Firms act between periods through rm_market_set_firm.
 * Word of mouth is mixed (a firm's satisfied customers, as a share of the
 * market, raise its attraction and awareness; its unhappy leavers lower
 * it) or runs on a network (customer i is node i; neighbours recommend
 * or warn about a specific firm). docs/models.md gives the equations.
 *
 *     rm_market_spec s = rm_market_defaults();
 *     s.nfirms = 2;
 *     s.firm[0] = rm_market_firm_defaults("sony");  s.firm[0].share = 0.4;
 *     s.firm[1] = rm_market_firm_defaults("dell");  s.firm[1].share = 0.6;
 *     s.nsegments = 1; s.seg[0] = rm_market_segment_defaults("all");
 *     s.customers = 100000; s.periods = 36;
 *     rm_market *m = rm_market_new(&s, &rng, &err);
 *     for (int t = 0; t < 36; t++) {
 *         if (t == 6) { rm_firm_spec f = *rm_market_firm(m, 1); f.price *= 0.9;
 *                       rm_market_set_firm(m, 1, &f, &err); }
 *         rm_market_step(m, t, &err);
 *     }
 *     const rm_market_result *r = rm_market_result_of(m, 0, 35);  // sony, t = 35
 *     double won = rm_market_flow(m, 35, 2, 1);  // dell -> sony in period 35
 *     rm_market_free(m);
 *
 * State per customer: 9 bytes (supplier, firm warned about, segment,
 * 16-bit satisfaction, loyalty and tenure), 11 on a network. Draws come
 * from the rng given to rm_market_new in customer order, so a replicate's
 * stream fixes the result whatever the number of threads.
 */
#ifndef RMSIM_MARKET_H
#define RMSIM_MARKET_H

#include <stddef.h>
#include <stdint.h>

#include "rmsim/error.h"
#include "rmsim/network.h"
#include "rmsim/rng.h"

#define RM_FIRMS_MAX 32
#define RM_MARKET_SEGMENTS_MAX 16
#define RM_MARKET_CUSTOMERS_MAX 100000000L
#define RM_NO_FIRM 255

typedef struct rm_firm_spec {
    char name[32];
    double share;           /* of customers at the start */
    double awareness;       /* at the start, in [0, 1]; < 0: 1 with customers, 0 without */
    double price;           /* per unit */
    double quality, service;  /* delivered, on the scale of the segments' expectation */
    double brand;           /* utility constant */
    double unit_cost;       /* per unit sold */
    double fixed_cost;      /* per period */
    double advertising;     /* spend per period: raises awareness */
    double subsidy;         /* paid to each customer won from a rival; lowers their price */
    double programme;       /* loyalty programme: utility bonus for its own customers */
    double programme_cost;  /* per own customer per period */
    double acquisition;     /* budget per period for sales contacts ... */
    double contact_cost;    /* ... at this cost each */
} rm_firm_spec;

typedef struct rm_market_segment {
    char name[32];
    double size;            /* share of customers (normalised over segments) */
    int community;          /* on a network: the community it is (-1: by size) */
    double price_w, quality_w, service_w;   /* sensitivities (utility per unit) */
    double switching_cost;  /* utility bonus for staying */
    double inertia;         /* further bonus per unit of loyalty */
    double outside;         /* utility of buying nothing */
    double cycle;           /* mean periods between purchase occasions, >= 1 */
    double units;           /* bought per occasion */
    double usage;           /* units per period while a customer (spend) */
    double expectation;     /* level of (quality, service) customers expect */
    double tolerance;       /* spread of the disconfirmation logistic, > 0 */
    double adapt;           /* share of the satisfaction gap closed per period */
    double loyalty_adapt;   /* loyalty's speed of following satisfaction */
} rm_market_segment;

typedef struct rm_market_spec {
    int nfirms, nsegments;
    rm_firm_spec firm[RM_FIRMS_MAX];
    rm_market_segment seg[RM_MARKET_SEGMENTS_MAX];
    long customers;         /* population (on a network: its node count) */
    int periods;
    const rm_network *network;  /* NULL: mixed word of mouth; kept, not copied */
    double wom;             /* utility of recommendations: per share of market (mixed),
                               per recommending neighbour (network) */
    double warn;            /* utility lost per share of warners / per warning neighbour */
    double wom_awareness;   /* mixed: awareness exposure per share of recommenders */
    double recommend_above; /* satisfaction from which a customer recommends */
    double warn_below;      /* leavers below it warn ... */
    int memory;             /* ... for this many periods */
    double ad_scale;        /* advertising spend giving one unit of exposure */
    double forget;          /* share of awareness lost each period */
    double discount;        /* per period, for lifetime value */
} rm_market_spec;

/* One firm's figures for one period. */
typedef struct rm_market_result {
    double customers;       /* at the end of the period */
    double share;           /* customers / population */
    double acquired;        /* new customers (won from rivals or from no one) */
    double lost;            /* customers who left (to rivals or to buying nothing) */
    double units;
    double revenue;
    double subsidies;       /* paid to switchers won */
    double margin;          /* revenue - unit costs - advertising - subsidies
                               - programme - acquisition - fixed cost */
    double satisfaction;    /* mean over customers (NaN: none) */
    double loyalty;         /* mean over customers (NaN: none) */
    double awareness;
    double recommenders;    /* customers recommending the firm */
    double warners;         /* unhappy leavers still warning about it */
    double clv;             /* discounted margin so far per customer acquired (incl. initial) */
} rm_market_result;

typedef struct rm_market rm_market;

rm_firm_spec rm_market_firm_defaults(const char *name);
rm_market_segment rm_market_segment_defaults(const char *name);
rm_market_spec rm_market_defaults(void);

/* Validate and build (customers get their first supplier by the firms'
 * shares); the rng is used by every later step. */
rm_market *rm_market_new(const rm_market_spec *spec, rm_rng *rng, rm_error *err);
void rm_market_free(rm_market *m);

/* Simulate period t (0, 1, 2, ... in order). */
int rm_market_step(rm_market *m, int t, rm_error *err);

/* A firm's current settings, and new ones from the next step on. */
const rm_firm_spec *rm_market_firm(const rm_market *m, int firm);
int rm_market_set_firm(rm_market *m, int firm, const rm_firm_spec *f, rm_error *err);
int rm_market_firm_index(const rm_market *m, const char *name);

/* Figures of period t for a firm; NULL when not stepped. */
const rm_market_result *rm_market_result_of(const rm_market *m, int firm, int t);
/* Customers moving in period t from `from` to `to`, where 0 is "no
 * supplier" and firm j is j + 1; the diagonal stays 0. */
double rm_market_flow(const rm_market *m, int t, int from, int to);

int rm_market_firms(const rm_market *m);
int rm_market_segments(const rm_market *m);
const rm_market_segment *rm_market_segment_of(const rm_market *m, int seg);
long rm_market_customers(const rm_market *m);
int rm_market_last(const rm_market *m);
/* Purchase decisions taken in period t (occasions and sales contacts). */
double rm_market_decisions(const rm_market *m, int t);
/* The supplier of customer i (RM_NO_FIRM: none) and its segment. */
int rm_market_supplier(const rm_market *m, long i);
int rm_market_customer_segment(const rm_market *m, long i);
size_t rm_market_bytes_per_customer(const rm_market *m);

#endif
