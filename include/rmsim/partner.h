/* partner.h - SME-large-firm partnerships: stages, trust, commitment,
 * risk, imbalance, capacity, dialogue, and the SME growth cycle.
 *
 *     rm_partner_spec s = rm_partner_defaults();
 *     rm_firm f[2] = {rm_firm_defaults(0), rm_firm_defaults(1)};
 *     f[0].strategy = f[1].strategy = &tft;
 *     rm_partners *p = rm_partners_new(&s, f, 2, &rng, &err);
 *     rm_partners_court(p, 0, 1, &err);
 *     for (int t = 0; t < s.periods; t++) rm_partners_step(p, t, &err);
 *     rm_partners_result(p, t)->failed ...; rm_partners_free(p);
 *
 * Each SME-large-firm pair is a dyad that moves through the stages of
 * Dwyer, Schurr & Oh (1987): awareness -> exploration -> expansion ->
 * commitment, or dissolution. Its state follows Morgan & Hunt (1994):
 * trust and commitment are the key mediators, fed by communication and
 * shared benefits, hurt by opportunism. Every period (docs/models.md has
 * the equations):
 *
 *   capacity     an SME serves at most N projects (N grows with its
 *                capability, reputation and resources); the rest wait
 *   dialogue     trust and a knowledge stock grow with dialogue, more when
 *                it is two-way, fast and transparent (Ballantyne 2004)
 *   project      each side cooperates or competes (a game strategy),
 *                executed with noise; a cooperating SME delivers well or
 *                fails with a chance from its capability, resources
 *                against the project's size, load and knowledge
 *   value        payoffs x project size x (1 + co-creation x knowledge),
 *                split by bargaining power (power-dependence, Emerson 1962)
 *                and paid after the buyer's payment terms
 *   trust        good faith raises it, opportunism and failures cut it;
 *                public failures can become complaints seen by others,
 *                public successes references
 *   commitment   towards trust, satisfaction and switching cost; stages
 *                move with thresholds, dwell and hysteresis
 *   imbalance    the SME pays adaptation to qualify (more to a stronger
 *                buyer), sunk, and loses it and the business when the tie ends
 *
 * Committed relationships grow the SME (the growth cycle), which raises
 * its capacity; an SME with room courts the next large firm, and public
 * references bring prospects. Events (government, other parties) change
 * costs, demand or trust at scheduled periods or when a script says. */
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
    RM_END_NONE, RM_END_TRUST, RM_END_RIVAL, RM_END_DROPPED, RM_END_FAILED, RM_END_COMPLAINT,
    RM_ENDS
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
    double dialogue;        /* intensity of communication, [0, 1] */
    double cost;            /* relationship work per period per dyad */
    const rm_strategy *strategy;
    int max_relationships;  /* SME: projects it can serve at the start; large: suppliers it keeps */
    int alive;
    /* dialogue (SME) */
    double openness;        /* 0 broadcast (one-way) .. 1 two-way dialogue */
    double response_hours;  /* how long a reply takes */
    double transparency;    /* [0, 1]: messages anyone in the customer firm can read */
    double public_share;    /* share of the dialogue on public social media, [0, 1] */
    /* imbalance */
    double revenue;         /* SME: income from others per period; large: purchases from others */
    double adaptation;      /* large: what qualifying costs an SME per period, at equal power */
    int payment_terms;      /* large: periods until it pays, 0..RM_PAYMENT_MAX */
} rm_firm;

#define RM_PAYMENT_MAX 8

/* Sensible firms: an SME (large = 0) or a large firm, strategy NULL. */
rm_firm rm_firm_defaults(int large);

typedef struct rm_dyad {
    int sme, large;
    rm_stage stage;
    rm_end_cause cause;
    double trust_sme, trust_large;  /* each side's trust in the other */
    double commitment, satisfaction, expectation, switching_cost;
    double profit_sme, profit_large;
    double knowledge;               /* shared knowledge from dialogue, [0, 1] */
    double sunk;                    /* adaptation the SME paid for this buyer */
    double rate;                    /* the SME's recent profit per period from it */
    double dep_sme, dep_large;      /* this period's dependence of each side on the other */
    double loss;                    /* the SME's loss when the tie ended */
    int deliveries, failures;       /* projects delivered, and of them failed */
    int played;                     /* projects played (moves made) */
    int served;                     /* 1: the SME works on it this period */
    int age, in_stage, above;       /* periods; periods the next threshold held */
    int committed_at;               /* age at commitment, -1 before */
    int fsm_sme, fsm_large;         /* strategy states */
    uint8_t last_sme, last_large;   /* last executed moves */
    int forced_sme;                 /* shock: the SME's next delivery fails */
    int script_sme, script_large;   /* scripted strategies' per-dyad state (0: none) */
} rm_dyad;

/* Scripted strategies shared by every dyad: one instance per strategy
 * (one Lua state) holds each dyad's state under a handle > 0. */
typedef struct rm_shared_script_ops {
    void *(*open)(const rm_strategy *s, const rm_payoff *p, rm_rng *rng, rm_error *err);
    int (*begin)(void *inst, rm_error *err);    /* a new dyad's state: handle > 0, or -1 */
    /* turn t (0-based) with the last executed moves (ignored at t = 0) */
    int (*move)(void *inst, int handle, int t, int mine_last, int theirs_last, int *out,
                rm_error *err);
    void (*end)(void *inst, int handle);
    void (*close)(void *inst);
} rm_shared_script_ops;

/* Government or another party: from period `at`, SMEs' costs are scaled
 * by `cost`, project values by `demand`, and every live dyad's trust
 * moves by `trust` (once). */
typedef struct rm_partner_event {
    int at;
    double cost, demand, trust;
} rm_partner_event;

#define RM_PARTNER_EVENTS 64

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
    /* risk */
    double noise;           /* chance an executed move is flipped */
    double risk_base, risk; /* failure chance: base + risk (1 - capability) + ... */
    double risk_load;       /* ... + risk_load x projects / capacity + resource shortfall */
    double resource_need;   /* resources a project needs, per unit of its size */
    double failure_trust;   /* share of the buyer's trust a failed delivery costs */
    /* imbalance */
    double bargaining;      /* 0: raw payoffs; 1: the split follows power-dependence fully */
    double interest;        /* the SME's cost of waiting for payment, per period */
    double replacement;     /* periods to regrow business as large as the rest of the SME's */
    /* capacity */
    double expand;          /* projects added per unit of capability + reputation gained */
    double expansion_cost;  /* resources gained per project added */
    /* dialogue */
    double response_scale;  /* hours: speed = exp(-hours / scale); 0: speed has no effect */
    double two_way;         /* how much one-way talk falls short of two-way (0: no difference) */
    double learning, forgetting;    /* knowledge stock per period */
    double cocreation;      /* project value x (1 + cocreation x knowledge) */
    double knowledge_risk;  /* failure chance x (1 - knowledge_risk x knowledge) */
    double references;      /* reputation from a public success */
    double complaint_loss;  /* chance each early-stage customer leaves after a public complaint */
    double courting;        /* prospects courting an SME per period, x reputation x public share */
    rm_partner_event events[RM_PARTNER_EVENTS];
    int nevents;
    const rm_shared_script_ops *ops;    /* for scripted strategies (move functions); NULL: none */
} rm_partner_spec;

typedef struct rm_partner_period {
    double stage[RM_STAGES];        /* live dyads per stage; dissolved: this period */
    double ended[RM_ENDS];          /* dissolutions this period by cause */
    double mean_trust, mean_commitment, mean_satisfaction;
    double committed_new, mean_time_to_commitment;
    double profit_sme, profit_large, joint;
    double sme_capability, smes_alive, relationships;
    double delivered, failed;       /* projects this period, and of them failed */
    double waiting;                 /* relationships left without a project (capacity) */
    double capacity;                /* projects the live SMEs can serve, in all */
    double mean_knowledge, dependence_sme, dependence_large;    /* means over live dyads */
    double adaptation;              /* paid by SMEs this period */
    double sme_loss;                /* the SMEs' losses from ties ended this period */
    double complaints, references, courted;
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
/* Apply an event now (a script's government or other party). */
void rm_partners_event(rm_partners *p, const rm_partner_event *e);
/* An SME's capacity: projects it can serve now. */
int rm_partners_capacity(const rm_partners *p, int sme);

typedef enum { RM_SHOCK_FAILED_DELIVERY, RM_SHOCK_UNDERCUT, RM_SHOCK_CONTACT_LEAVES,
               RM_SHOCK_COMPLAINT } rm_shock;
/* Hit the dyads of an SME (and a large firm, or -1 for all of them). */
int rm_partners_shock(rm_partners *p, rm_shock kind, int sme, int large, rm_error *err);

#endif
