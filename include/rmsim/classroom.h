/* classroom.h - a class playing the cooperate/compete game together
 * (what `rmsim serve` puts on the web): students who join with the
 * class's code, each with one strategy entry and one game at a time
 * against a hidden buyer; the teacher's round settings and tournaments.
 *
 * Everything lives in the class folder, and only there:
 *   DIR/class.json               students, settings, games (saved atomically
 *                                after every change: a restart loses nothing)
 *   DIR/entries/ID/strategy.lua  a student's entry (ID is the server's "s12",
 *                                never a name a student typed)
 *   DIR/tournament/              leaderboard.csv, tournament.json, report.html
 *
 *     rm_class *c = rm_class_open("class-3b", &err);     // load or create
 *     rm_class_join(c, "Ada", code, &me, &err);           // me.token is secret
 *     rm_class_enter(c, me.token, src, len, &check, &err);
 *     rm_class_tournament(c, &cfg, 0, &err);              // writes DIR/tournament/
 *     rm_class_close(c);
 *
 * Students are known by their secret token only; the functions taking a
 * token see and change that student's things and nobody else's. Every
 * function is safe to call from many threads (one lock; strategies are
 * checked and tournaments played outside it). Uploaded strategies run in
 * the same sandbox and budgets as `rmsim tournament`.
 */
#ifndef RMSIM_CLASSROOM_H
#define RMSIM_CLASSROOM_H

#include <stdint.h>

#include "rmsim/error.h"
#include "rmsim/game.h"
#include "rmsim/tournament.h"

#define RM_CLASS_STUDENTS 400
#define RM_CLASS_NAME_MAX 40            /* a student's display name, bytes */
#define RM_CLASS_SOURCE_MAX 32768       /* a strategy's source, bytes */
#define RM_CLASS_GAME_TURNS 1000        /* the longest game a person plays */
#define RM_CLASS_CLASSICS 32

typedef struct rm_class rm_class;

/* What went wrong, as the (negative) return value of the functions
 * below; the server turns each into an HTTP status. */
enum {
    RM_CLASS_EINVAL = -1,               /* malformed or out-of-range input */
    RM_CLASS_EDENIED = -2,              /* unknown token, wrong code, not yours */
    RM_CLASS_ECONFLICT = -3,            /* name taken, no game, game over */
    RM_CLASS_ESTRATEGY = -4,            /* the strategy fails its check */
    RM_CLASS_EFULL = -5,                /* the class is full */
    RM_CLASS_EIO = -6,                  /* the class folder cannot be written */
};

/* A student's game against a hidden (or named) buyer. The person's
 * choices are kept; the match is replayed from its seed, so noise and
 * an unknown length behave exactly as in `rmsim play`. */
typedef struct rm_class_game {
    int started;                        /* a game exists */
    uint64_t seed;
    rm_match_config match;
    char buyer[64];                     /* strategy name in scripts/strategies/ */
    int hidden;                         /* the buyer is revealed at the end */
    int nchoices;
    char choices[RM_CLASS_GAME_TURNS + 1];      /* "CDC...": what the person chose */
} rm_class_game;

/* Where a game stands after replaying it. */
typedef struct rm_class_game_state {
    int over;                           /* the relationship ended */
    rm_match_result *result;            /* executed moves so far (a: the person) */
    rm_strategy buyer;
} rm_class_game_state;

/* A game between two students, paired by the server. Each keeps their
 * own choices; the match is replayed from the shared seed with both. */
typedef struct rm_class_duel {
    int state;                          /* RM_DUEL_NONE, _WAITING, _PLAYING */
    char partner[16];                   /* the partner's id */
    int role;                           /* 0: player a of the match, 1: b */
    uint64_t seed;
    rm_match_config match;
    int nchoices;
    char choices[RM_CLASS_GAME_TURNS + 1];
} rm_class_duel;

enum { RM_DUEL_NONE, RM_DUEL_WAITING, RM_DUEL_PLAYING };

/* Where a duel stands, from one student's side. */
typedef struct rm_class_duel_state {
    int state;                          /* as rm_class_duel.state */
    int partner_left;                   /* the partner paired with someone else */
    char partner_name[RM_CLASS_NAME_MAX + 1];
    rm_match_config match;
    int turns;                          /* periods both have played */
    int over;
    int waiting;                        /* I chose this period; my partner not yet */
    char mine[RM_CLASS_GAME_TURNS + 1], theirs[RM_CLASS_GAME_TURNS + 1];  /* executed */
    char choices[RM_CLASS_GAME_TURNS + 1];      /* what I chose */
    double score_mine, score_theirs;
} rm_class_duel_state;

typedef struct rm_class_student {
    char id[16];                        /* public: "s12" */
    char token[40];                     /* secret */
    char name[RM_CLASS_NAME_MAX + 1];
    int entered;                        /* has an entry */
    char entry_name[64];                /* the name the strategy declares */
    char entry_error[RM_REASON_MAX];    /* why it fails its check; "" when fine */
    int games;                          /* games finished */
    double last_score;                  /* of the last finished game, per period */
    rm_class_game game;
    rm_class_duel duel;
} rm_class_student;

/* The teacher's settings for students' games (a "round"). */
typedef struct rm_class_round {
    int number;                         /* 0 before the first round */
    rm_match_config match;              /* payoffs, periods, unknown length, noise */
} rm_class_round;

/* One classic's score against a checked strategy. */
typedef struct rm_class_check {
    int n;
    char name[RM_CLASS_CLASSICS][64];
    double mine[RM_CLASS_CLASSICS], theirs[RM_CLASS_CLASSICS];     /* per turn */
    int turns;
    char declared[64];                  /* the strategy's own name */
} rm_class_check;

/* Load DIR/class.json, or create the folder and a new class (with a
 * fresh join code and teacher token). */
rm_class *rm_class_open(const char *dir, rm_error *err);
void rm_class_close(rm_class *c);

const char *rm_class_dir(const rm_class *c);
const char *rm_class_code(const rm_class *c);           /* students type it to join */
const char *rm_class_teacher_token(const rm_class *c);
int rm_class_is_teacher(const rm_class *c, const char *token);

/* Names: 1 to RM_CLASS_NAME_MAX bytes of letters (UTF-8 allowed), digits,
 * spaces and - _ . ' ; anything else is refused with the reason. */
int rm_class_check_name(const char *name, rm_error *err);

/* Join (or rejoin under the same name: the same student comes back).
 * out gets a copy of the student. */
int rm_class_join(rm_class *c, const char *name, const char *code, rm_class_student *out,
                  rm_error *err);
/* A copy of the student with this token; -1 when there is none. */
int rm_class_student_get(rm_class *c, const char *token, rm_class_student *out, rm_error *err);
/* Copies of every student, in joining order; returns how many (<= max). */
int rm_class_students(rm_class *c, rm_class_student *out, int max);
rm_class_round rm_class_round_get(rm_class *c);
/* The teacher starts a round: new settings for the games that follow. */
int rm_class_round_start(rm_class *c, const rm_match_config *m, rm_error *err);

/* Check a strategy (source text) against the classic strategies with
 * the sandbox budgets of `rmsim tournament`; errors read
 * "strategy.lua:LINE: what is wrong". Nothing is kept. */
int rm_class_check_source(rm_class *c, const char *token, const char *src, size_t len,
                          rm_class_check *out, rm_error *err);
/* Check and make it the student's entry. A strategy that fails its
 * check is still entered (it will be disqualified with the reason, as
 * in `rmsim tournament`); the function then returns -1 with the reason
 * and out->declared empty. */
int rm_class_enter(rm_class *c, const char *token, const char *src, size_t len,
                   rm_class_check *out, rm_error *err);
/* The student's own entry source (malloc'd, NUL-terminated) or NULL. */
char *rm_class_entry_source(rm_class *c, const char *token, rm_error *err);

/* A new game with these settings against the buyer (a strategy name in
 * scripts/strategies/), hidden until the end or not, drawing from seed. */
int rm_class_game_new(rm_class *c, const char *token, const rm_match_config *m,
                      const char *buyer, int hidden, uint64_t seed, rm_error *err);
/* The person's choice ('C' or 'D') for the next period; game and st
 * get where the game stands then (st->result is malloc'd: free it). */
int rm_class_game_move(rm_class *c, const char *token, char choice, rm_class_game *game,
                       rm_class_game_state *st, rm_error *err);
/* Replay the student's game: st->result is malloc'd (free it). */
int rm_class_game_state_get(rm_class *c, const char *token, rm_class_game *game,
                            rm_class_game_state *st, rm_error *err);

/* Ask for a partner: paired at once with a student who is waiting
 * (with the round's settings, drawing from seed), else waiting. */
int rm_class_duel_pair(rm_class *c, const char *token, uint64_t seed, rm_error *err);
/* My choice for the next period; refused while my partner has not made
 * theirs for the period before. */
int rm_class_duel_move(rm_class *c, const char *token, char choice, rm_error *err);
int rm_class_duel_get(rm_class *c, const char *token, rm_class_duel_state *out, rm_error *err);

/* Play every entry in a round robin (plus the classics when asked) and
 * write DIR/tournament/{leaderboard.csv, tournament.json, report.html};
 * entries that fail are disqualified with their reason. */
int rm_class_tournament(rm_class *c, const rm_tournament_config *cfg, int with_classics,
                        rm_error *err);
/* DIR/tournament/NAME as malloc'd text (NAME one of the three files). */
char *rm_class_export(rm_class *c, const char *name, size_t *len, rm_error *err);

#endif
