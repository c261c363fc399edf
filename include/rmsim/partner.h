/* partner.h - SME-large-firm partnerships: stages, trust, commitment,
 * and the SME growth cycle.
 *
 * Each SME-large-firm pair is a dyad that moves through the stages of
 * Dwyer, Schurr & Oh (1987): awareness -> exploration -> expansion ->
 * commitment, or dissolution. Its state follows Morgan & Hunt (1994):
 * trust and commitment are the key mediators, fed by communication and
 * shared benefits, hurt by opportunism. Every period of a live dyad:
 *
 *   dialogue     trust += c * dialogue * (1 - trust), both sides
 *   project      each side cooperates or competes (a game strategy:
 *                declared, or a move function through `ops`); payoffs
 *                from the R, S, T, P table
 *   trust        partner cooperated: trust += up * (1 - trust);
 *                competed: trust -= down * trust (down > up: betrayal
 *                hurts more than good faith helps)
 *   satisfaction heads for performance + (outcome - expectation),
 *                in [0, 1]; expectation moves towards the outcome
 *                (expectation-disconfirmation, Oliver 1980)
 *   commitment   moves towards 0.6 trust + 0.2 satisfaction
 *                + 0.2 switching cost, at rate `bond`
 *   stages       up when the stage's threshold is met for `dwell`
 *                periods, down when below it minus the hysteresis;
 *                dissolved when trust < `collapse`, when a rival beats
 *                the SME's value (capability, added value, price) by
 *                more than commitment protects, or when the SME fails.
 *
 * Committed relationships grow the SME (capability, reputation,
 * resources: the growth cycle of CASES.md seed 000, Figure 6), and an
 * SME with room courts the next large firm. A large firm keeps at most
 * `max_suppliers`, dropping the weakest. */
#ifndef RMSIM_PARTNER_H
#define RMSIM_PARTNER_H

#include <stdint.h>

#include "rmsim/error.h"
#include "rmsim/game.h"
#include "rmsim/rng.h"

typedef enum {
    RM_STAGE_AWARENESS, RM_STAGE_EXPLORATION, RM_STAGE_EXPANSION, RM_STAGE_COMMITMENT,
    RM_STAGE_DISSOLVED, RM_STAGES
} rm_stage;

typedef enum {
    RM_END_NONE, RM_END_TRUST, RM_END_RIVAL, RM_END_DROPPED, RM_END_FAILED, RM_ENDS
} rm_end_cause;

extern const char *const rm_stage_names[RM_STAGES];
extern const char *const rm_end_names[RM_ENDS];

typedef struct rm_firm {
    int large;
    double capability;      /* what the SME can deliver, [0, 1] */
    double reputation;      /* [0, 1] */
    double resources;       /* money for relationship work; < 0: the SME fails */
    double price;           /* the SME's price level (1 = market) */
    double added_value;     /* pre-sales dialogue, customisation, updates: [0, 1] */
    double dialogue;        /* intensity and quality of communication, [0, 1] */
    double cost;            /* relationship work per period per dyad */
    const rm_strategy *strategy;
    int max_relationships;  /* SME: dyads it can run; large: suppliers it keeps */
    int alive;
} rm_firm;

typedef struct rm_dyad {
    int sme, large;
    rm_stage stage;
    rm_end_cause cause;
    double trust_sme, trust_large;  /* each side's trust in the other */
    double commitment, satisfaction, expectation, switching_cost;
    double profit_sme, profit_large;
    int age, in_stage, above;       /* periods; periods the next threshold held */
    int committed_at;               /* age at commitment, -1 before */
    int fsm_sme, fsm_large;         /* strategy states */
    uint8_t last_sme, last_large;   /* last executed moves */
    int forced_sme;                 /* shock: the SME's next move fails (competes) */
    void *script_sme, *script_large;    /* scripted strategies' instances */
    uint8_t *hist_sme, *hist_large;     /* their move histories */
    int hist_cap;
} rm_dyad;

typedef struct rm_partner_spec {
    rm_payoff payoff;
    double project_value;   /* payoffs are multiplied by this */
    double trust_up, trust_down, dialogue_gain;
    double satisfaction_gain, expectation_speed, bond;
    double thresholds[3];   /* trust for exploration, expansion; commitment for commitment */
    double hysteresis;
    int dwell;              /* periods a threshold must hold */
    double collapse;        /* trust below this dissolves */
    double rival;           /* a rival's value (0: none) against which the buyer compares */
    double growth;          /* capability and reputation gained per committed period */
    double search;          /* chance an SME with room starts courting a large firm */
    int periods;
    const rm_script_ops *ops;   /* for scripted strategies (move functions); NULL: none */
} rm_partner_spec;

typedef struct rm_partner_period {
    double stage[RM_STAGES];        /* live dyads per stage; dissolved: this period */
    double ended[RM_ENDS];          /* dissolutions this period by cause */
    double mean_trust, mean_commitment, mean_satisfaction;
    double committed_new, mean_time_to_commitment;
    double profit_sme, profit_large, joint;
    double sme_capability, smes_alive, relationships;
} rm_partner_period;

typedef struct rm_partners rm_partners;

rm_partner_spec rm_partner_defaults(void);
rm_partners *rm_partners_new(const rm_partner_spec *s, const rm_firm *firms, int nfirms,
                             rm_rng *rng, rm_error *err);
void rm_partners_free(rm_partners *p);

/* Start a dyad in awareness; returns its index or -1. */
int rm_partners_court(rm_partners *p, int sme, int large, rm_error *err);
/* Every SME courts every large firm (as rm_partners_court for each pair,
 * SMEs in order, without the per-pair search when none is linked yet). */
int rm_partners_court_all(rm_partners *p, rm_error *err);
int rm_partners_step(rm_partners *p, int t, rm_error *err);
const rm_partner_period *rm_partners_result(const rm_partners *p, int t);

int rm_partners_dyads(const rm_partners *p);
const rm_dyad *rm_partners_dyad(const rm_partners *p, int i);
rm_firm *rm_partners_firm(rm_partners *p, int i);
int rm_partners_firms(const rm_partners *p);
void rm_partners_set_rival(rm_partners *p, double rival);

typedef enum { RM_SHOCK_FAILED_DELIVERY, RM_SHOCK_UNDERCUT, RM_SHOCK_CONTACT_LEAVES,
               RM_SHOCK_COMPLAINT } rm_shock;
/* Hit the dyads of an SME (and a large firm, or -1 for all of them). */
int rm_partners_shock(rm_partners *p, rm_shock kind, int sme, int large, rm_error *err);

#endif
