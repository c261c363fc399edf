/* cohort.h - a customer population: acquisition, satisfaction, churn,
 * win-back and value, period by period.
 *
 * Customers are kept as struct-of-arrays (2 bytes each: the period they
 * leave, 4 for horizons of 65535 periods or more; 4 more when spends
 * vary, 12 more when a segment is satisfaction-driven; period and
 * segment are kept once per arrival run)
 * and belong to segments, each with its own churn model:
 *
 *   RM_CHURN_CONSTANT      every customer leaves with probability `rate`
 *                          at the end of each period;
 *   RM_CHURN_SBG           customer i leaves with probability theta_i,
 *                          theta ~ Beta(alpha, beta) (Fader & Hardie 2007);
 *   RM_CHURN_SATISFACTION  satisfaction drifts towards the service
 *                          `quality`, loyalty follows satisfaction, and the
 *                          hazard is rate * exp(sensitivity * (0.5 - loyalty))
 *                          (the satisfaction -> loyalty -> retention chain).
 *
 * The first two are event-driven: a lifetime is drawn once, when the
 * customer arrives, and the period of leaving is booked in a bucket, so
 * a period costs O(1) however many customers there are. A policy that
 * changes the hazard redraws the remaining lifetimes of the active
 * customers from their posterior given the tenure they have survived.
 * Satisfaction-driven segments are stepped customer by customer, since
 * their hazard changes every period.
 *
 *     rm_cohort_spec s = rm_cohort_defaults();
 *     s.nsegments = 1;
 *     s.seg[0] = rm_segment_defaults("all");
 *     s.seg[0].churn = RM_CHURN_SBG; s.seg[0].alpha = 1; s.seg[0].beta = 2;
 *     s.initial = 100000; s.periods = 24;
 *     rm_cohort *c = rm_cohort_new(&s, &rng, &err);
 *     for (int t = 0; t < 24; t++) rm_cohort_step(c, t, &err);
 *     const rm_cohort_period *p = rm_cohort_result(c, -1, 23);  // totals
 *     rm_cohort_free(c);
 */
#ifndef RMSIM_COHORT_H
#define RMSIM_COHORT_H

#include <stddef.h>
#include <stdint.h>

#include "rmsim/error.h"
#include "rmsim/rng.h"

#define RM_SEGMENTS_MAX 16
#define RM_CAPACITY_MAX 1000000000L

typedef enum { RM_CHURN_CONSTANT, RM_CHURN_SBG, RM_CHURN_SATISFACTION } rm_churn_model;

typedef struct rm_segment_spec {
    char name[32];
    double share;           /* of new customers (normalised over segments) */
    rm_churn_model churn;
    double rate;            /* constant hazard; base hazard when satisfaction-driven */
    double alpha, beta;     /* sBG heterogeneity */
    double sensitivity;     /* hazard multiplier exp(s * (0.5 - loyalty)) */
    double satisfaction;    /* mean satisfaction of new customers, in [0, 1] */
    double satisfaction_sd;
    double quality;         /* service quality satisfaction moves towards */
    double adapt;           /* share of the gap closed each period */
    double loyalty_adapt;   /* loyalty's speed of following satisfaction */
    double spend;           /* revenue per active customer per period */
    double spend_cv;        /* coefficient of variation across customers (gamma) */
    double margin;          /* share of revenue that is margin */
    double referral;        /* expected referrals per active customer per period,
                               scaled by satisfaction when satisfaction-driven */
    double retention_cost;  /* cost per active customer per period */
    double winback;         /* chance per period that a churned customer returns */
    double hazard_factor;   /* policy: multiplies the hazard (1 = as modelled) */
    double price_factor;    /* policy: multiplies spend */
} rm_segment_spec;

typedef struct rm_cohort_spec {
    int nsegments;
    rm_segment_spec seg[RM_SEGMENTS_MAX];
    int periods;            /* length of the run */
    long capacity;          /* most customer records ever (0: grow as needed) */
    long initial;           /* customers at period 0 */
    double acquisition_rate;    /* expected new customers per period (Poisson) */
    double acquisition_budget;  /* spent per period on acquisition ... */
    double acquisition_cost;    /* ... at this cost per new customer */
    double discount;        /* per-period discount rate for lifetime value */
} rm_cohort_spec;

/* One period's figures, for one segment or for all. */
typedef struct rm_cohort_period {
    double active;          /* customers active during the period */
    double acquired;        /* new this period (including referrals) */
    double referred;        /* of which came by referral */
    double won_back;        /* returned this period */
    double churned;         /* left at the end of the period */
    double retention;       /* 1 - churned / active (NaN when none active) */
    double revenue;
    double margin;          /* revenue * margin - retention and acquisition costs */
    double clv;             /* discounted margin so far per customer acquired */
    double satisfaction;    /* mean over active customers (NaN: not modelled) */
} rm_cohort_period;

typedef struct rm_cohort rm_cohort;

rm_segment_spec rm_segment_defaults(const char *name);
rm_cohort_spec rm_cohort_defaults(void);

/* Validate and build; the rng is used by every later step. */
rm_cohort *rm_cohort_new(const rm_cohort_spec *spec, rm_rng *rng, rm_error *err);
void rm_cohort_free(rm_cohort *c);

/* Simulate period t (0, 1, 2, ... in order). */
int rm_cohort_step(rm_cohort *c, int t, rm_error *err);

/* Figures of period t for segment seg, or all segments when seg < 0. */
const rm_cohort_period *rm_cohort_result(const rm_cohort *c, int seg, int t);

/* Policies, applied from the next step on. A new hazard factor redraws
 * the remaining lifetimes of the segment's event-driven customers. */
typedef enum {
    RM_POLICY_HAZARD_FACTOR, RM_POLICY_PRICE_FACTOR, RM_POLICY_QUALITY,
    RM_POLICY_RETENTION_COST, RM_POLICY_REFERRAL, RM_POLICY_WINBACK,
    RM_POLICY_SHARE,
} rm_policy;
int rm_cohort_set(rm_cohort *c, int seg, rm_policy what, double value, rm_error *err);
/* Customers won elsewhere (e.g. by word of mouth on a network) join at
 * the next step, split over segments by share, counted as referred. */
void rm_cohort_add_external(rm_cohort *c, long n);
/* The last period stepped, or -1. */
int rm_cohort_last(const rm_cohort *c);
/* Acquisition is set for the cohort as a whole. */
void rm_cohort_set_acquisition(rm_cohort *c, double rate, double budget, double cost);

int rm_cohort_segments(const rm_cohort *c);
const char *rm_cohort_segment_name(const rm_cohort *c, int seg);
const rm_segment_spec *rm_cohort_segment(const rm_cohort *c, int seg);
long rm_cohort_size(const rm_cohort *c);    /* customer records in use */
/* Memory per customer record: 2 bytes (4 past 65534 periods), + 4 when
 * spends vary, + 12 with satisfaction segments. */
size_t rm_cohort_bytes_per_customer(const rm_cohort *c);

#endif
