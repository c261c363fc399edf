/* tournament.h - round-robin tournaments of cooperate/compete strategies.
 *
 * Every pair meets once per repetition, each strategy also meets itself
 * (Axelrod 1980). Strategies are ranked by their mean score per turn
 * over all their matches. A scripted strategy that fails (error, bad
 * move, budget) is disqualified: its matches are dropped for everyone,
 * and the reason is kept, so one broken entry never stops a tournament.
 *
 * Match k (in pair-and-repetition order) draws from PCG32 stream k of
 * the seed, and results are gathered in that order, so the output is
 * the same whatever the number of threads.
 *
 *     rm_tournament_config c = rm_tournament_defaults();
 *     rm_tournament t;
 *     if (rm_tournament_run(&c, strategies, n, &t, &err) == 0) {
 *         for (int r = 0; r < t.n; r++) { int i = t.rank[r]; ... t.score[i] ... }
 *         rm_tournament_free(&t);
 *     }
 */
#ifndef RMSIM_TOURNAMENT_H
#define RMSIM_TOURNAMENT_H

#include <stdio.h>

#include "rmsim/error.h"
#include "rmsim/game.h"

typedef struct rm_tournament_config {
    rm_match_config match;
    int repetitions;
    int threads;                    /* 0: one per core */
    uint64_t seed;
    const rm_script_ops *ops;       /* for scripted strategies */
    /* called after each match (under a lock); may be NULL */
    void (*progress)(void *ud, int done, int total);
    void *progress_ud;
} rm_tournament_config;

#define RM_REASON_MAX 512

typedef struct rm_tournament {
    int n;
    double *matrix;                 /* n x n: row's mean score per turn against column */
    double *score;                  /* mean score per turn over all matches */
    double *wins;                   /* matches scoring more than the opponent */
    int *rank;                      /* strategy indices, best first, disqualified last */
    int *disqualified;
    char (*reason)[RM_REASON_MAX];  /* why, for the disqualified */
    long matches;                   /* matches played and counted */
    double turns;                   /* total turns of those matches */
} rm_tournament;

rm_tournament_config rm_tournament_defaults(void);

/* Strategies already disqualified (failed to load) can be passed in with
 * preset[i] != NULL as the reason; they play no match. */
int rm_tournament_run(const rm_tournament_config *c, const rm_strategy *s, int n,
                      const char *const *preset, rm_tournament *out, rm_error *err);
void rm_tournament_free(rm_tournament *t);

/* The names entrants are shown under, made trustworthy before a
 * tournament (engine/entrants.c): names and descriptions made safe for
 * a terminal; an entrant outside the folder `classics` that calls itself
 * by a classic's name (classics/NAME.lua) is listed under its file's
 * name; with `unique`, a name already taken gets #2, #3, ... Classics
 * keep their names whatever the order. Each change is told to note
 * (may be NULL). -1 only when out of memory. */
int rm_entrants_name(rm_strategy *s, int n, const char *classics, int unique,
                     void (*note)(void *ctx, const char *msg), void *ctx);

/* The place of t->rank[r] among the strategies that played, 1-based;
 * equal scores (to 1e-9 relative) share a place: 1, 2, 2, 4. */
int rm_tournament_place(const rm_tournament *t, int r);

struct rm_evolution;
/* Self-contained HTML for a classroom: leaderboard, disqualifications
 * with reasons, ranking bars, pairwise heat map, spread of scores, and
 * (evo not NULL) the shares under the Moran process; evo_index maps the
 * evolution's strategies to the tournament's. */
void rm_tournament_write_report(FILE *f, const rm_tournament *t, const rm_strategy *s,
                                const char *settings, const struct rm_evolution *evo,
                                const int *evo_index);

/* The files `rmsim tournament --out DIR` writes, also exported by
 * `rmsim serve`: the leaderboard as CSV (rank, score, disqualification
 * and reason, the row of the matrix), everything as JSON, and the
 * classroom report (with a Moran process over the strategies that
 * played). rm_tournament_write_files writes the three together or none. */
void rm_tournament_write_csv(FILE *f, const rm_tournament *t, const rm_strategy *s);
void rm_tournament_write_json(FILE *f, const rm_tournament *t, const rm_strategy *s,
                              const rm_tournament_config *c);
int rm_tournament_write_files(const char *dir, const rm_tournament *t, const rm_strategy *s,
                              const rm_tournament_config *c, rm_error *err);

#endif
