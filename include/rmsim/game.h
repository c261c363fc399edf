/* game.h - the iterated cooperate/compete game (the iterated prisoner's
 * dilemma): payoffs, strategies, matches.
 *
 * Each turn both players choose to cooperate (C) or compete (D, for
 * "defect"). The payoff table gives R (both cooperate), S (I cooperate,
 * they compete), T (I compete, they cooperate) and P (both compete);
 * the dilemma needs T > R > P > S and 2R > T + S. Noise flips an
 * executed move with probability e ("a message got lost"); both players
 * see the executed moves.
 *
 * A strategy is declared, and then runs at native speed here:
 *   memory-one  the chance to cooperate first, and after CC, CD, DC, DD
 *               (my move, their move) in the previous turn;
 *   fsm         a finite-state machine: each state has a move and the
 *               next state after the opponent's C or D;
 * or scripted: the game calls rm_script_ops (the Lua binding provides
 * them) for each move.
 *
 *     rm_match_config m = rm_match_defaults();     // 3,0,5,1, 200 turns
 *     rm_player a = {&tft, NULL}, b = {&alld, NULL};
 *     rm_match_result r;
 *     rm_play_match(&m, &a, &b, &rng, &r, &err);    // r.score_a, r.moves_a
 */
#ifndef RMSIM_GAME_H
#define RMSIM_GAME_H

#include <stdint.h>

#include "rmsim/error.h"
#include "rmsim/rng.h"
#include "rmsim/sandbox.h"

enum { RM_C = 0, RM_D = 1 };

typedef struct rm_payoff {
    double R, S, T, P;
} rm_payoff;

rm_payoff rm_payoff_default(void);          /* 3, 0, 5, 1 */
/* "R,S,T,P"; errors when T > R > P > S and 2R > T + S do not hold. */
int rm_payoff_parse(const char *text, rm_payoff *out, rm_error *err);
int rm_payoff_check(const rm_payoff *p, rm_error *err);
/* My payoff for my move and theirs. */
double rm_payoff_of(const rm_payoff *p, int mine, int theirs);

#define RM_FSM_STATES 32

typedef enum { RM_STRATEGY_MEMORY_ONE, RM_STRATEGY_FSM, RM_STRATEGY_SCRIPT } rm_strategy_kind;

typedef struct rm_strategy {
    char name[64];
    char description[256];
    char source[256];
    char path[1024];                /* the file it came from */
    rm_strategy_kind kind;
    double first, cc, cd, dc, dd;   /* memory-one: chances to cooperate */
    int nstates, start;             /* fsm */
    uint8_t move[RM_FSM_STATES];
    uint8_t next[RM_FSM_STATES][2]; /* after the opponent's C, D */
    rm_limits limits;               /* scripted: per move, per player */
} rm_strategy;

/* Scripted strategies: one instance per player slot (its own state). */
typedef struct rm_script_ops {
    void *(*open)(const rm_strategy *s, rm_error *err);
    /* start of a match: length is the number of turns, or 0 when unknown */
    int (*begin)(void *inst, int length, const rm_payoff *p, rm_rng *rng, rm_error *err);
    /* turn t (0-based); mine/theirs hold the executed moves of turns < t */
    int (*move)(void *inst, int t, const uint8_t *mine, const uint8_t *theirs, int *out,
                rm_error *err);
    void (*close)(void *inst);
} rm_script_ops;

typedef struct rm_player {
    const rm_strategy *strategy;
    void *script;                   /* a scripted strategy's instance */
    const rm_script_ops *ops;
} rm_player;

typedef struct rm_match_config {
    rm_payoff payoff;
    int turns;                      /* fixed length, when continuation is 0 */
    double continuation;            /* chance of another turn; 0: fixed length */
    int max_turns;                  /* cap on random lengths */
    double noise;                   /* chance an executed move is flipped */
} rm_match_config;

rm_match_config rm_match_defaults(void);

#define RM_TURNS_MAX 100000

typedef struct rm_match_result {
    int turns;
    double score_a, score_b;        /* totals */
    int failed;                     /* 0, or 1 / 2: which player's script failed */
    uint8_t moves_a[RM_TURNS_MAX];  /* executed moves */
    uint8_t moves_b[RM_TURNS_MAX];
} rm_match_result;

/* The move of a declared strategy (memory-one or fsm) at turn t, given
 * the last executed moves; *state is the fsm state (start it at
 * s->start). Returns RM_C or RM_D. */
int rm_strategy_move(const rm_strategy *s, int *state, int t, int mine_last, int theirs_last,
                     rm_rng *rng);

int rm_play_match(const rm_match_config *m, rm_player *a, rm_player *b, rm_rng *rng,
                  rm_match_result *out, rm_error *err);

/* The same for two strategies: instances of scripted ones are opened
 * with ops for the match and closed after it. */
int rm_play_strategies(const rm_match_config *m, const rm_strategy *a, const rm_strategy *b,
                       const rm_script_ops *ops, rm_rng *rng, rm_match_result *out,
                       rm_error *err);

#endif
