/* play.c - `rmsim play`: a person plays the cooperate/compete game at
 * the terminal (or through a pipe) against a strategy.
 *
 * The person is one more scripted player: its move() prints the last
 * period's outcome and reads the next choice, so the game core and its
 * noise and random length are the same as in every match. */
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "rmsim/game.h"
#include "rmsim/output.h"
#include "rmsim/strategy.h"

static const char play_help[] =
    "usage: rmsim play [options]\n"
    "\n"
    "Play the cooperate/compete game yourself: you are a small supplier, the\n"
    "computer a large buyer. Each period type c (cooperate) or d (compete); q stops.\n"
    "Works at a terminal or with answers piped in.\n"
    "\n"
    "  --against NAME        the buyer's strategy (default: hidden, revealed at the end)\n"
    "  --rounds N            periods (default 10)\n"
    "  --unknown-length W    instead: another period with chance W (e.g. 0.9), not told\n"
    "  --payoff R,S,T,P      payoffs (default 3,0,5,1)\n"
    "  --noise E             chance a move is lost and arrives as the other (default 0)\n"
    "  --seed N              random seed (default: from the clock)\n"
    "  --transcript FILE     save the whole game as text\n"
    "\n"
    "rmsim play --players N: teams play co-opetition in a shared market instead\n"
    "(rmsim play --players 2 --help).\n";

/* The buyers a hidden game picks from. */
static const char *const hidden_pool[] = {
    "tit_for_tat", "grudger", "win_stay_lose_shift", "generous_tit_for_tat", "always_defect",
    "tit_for_two_tats", "detective", "joss", "alternator", "suspicious_tit_for_tat",
};

/* What other strategies would have scored against the same buyer. */
static const char *const compare_pool[] = {
    "always_cooperate", "always_defect", "tit_for_tat", "grudger", "win_stay_lose_shift",
    "generous_tit_for_tat", "tit_for_two_tats", "detective", "random", "gradual",
};

typedef struct session {
    FILE *transcript;           /* a memory buffer, saved at the end */
    char *transcript_text;
    size_t transcript_len;
    const rm_payoff *pay;
    int rounds;                 /* 0 when the length is unknown */
    int intended[RM_TURNS_MAX]; /* what the person chose, before noise */
    int quit;                   /* 1: q typed, 2: end of input */
    int echo;                   /* stdin is not a terminal: show the answers */
} session;

/* Print to stdout and to the transcript. */
static void say(session *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    va_start(ap, fmt);
    vfprintf(s->transcript, fmt, ap);
    va_end(ap);
}

static const char *word(int m) { return m == RM_C ? "cooperated" : "competed"; }

static void put_history(FILE *f, int t, const uint8_t *mine, const uint8_t *theirs)
{
    int from = t > 20 ? t - 20 : 0;
    const char *label = from ? "  history (last 20)" : "  history";
    fprintf(f, "%s  you   ", label);
    for (int i = from; i < t; i++)
        fputc(mine[i] == RM_C ? 'C' : 'D', f);
    fprintf(f, "\n%*s  buyer ", (int)strlen(label), "");
    for (int i = from; i < t; i++)
        fputc(theirs[i] == RM_C ? 'C' : 'D', f);
    fputc('\n', f);
}

static void history(session *s, int t, const uint8_t *mine, const uint8_t *theirs)
{
    put_history(stdout, t, mine, theirs);
    put_history(s->transcript, t, mine, theirs);
}

/* The outcome of period t (0-based), with the running scores. */
static void outcome(session *s, int t, const uint8_t *mine, const uint8_t *theirs)
{
    double you = 0, buyer = 0;
    for (int i = 0; i <= t; i++) {
        you += rm_payoff_of(s->pay, mine[i], theirs[i]);
        buyer += rm_payoff_of(s->pay, theirs[i], mine[i]);
    }
    if (mine[t] != s->intended[t])
        say(s, "  A message got lost: your choice to %s arrived as the opposite.\n",
            s->intended[t] == RM_C ? "cooperate" : "compete");
    say(s, "  You %s, the buyer %s: you %+g, buyer %+g   (total: you %g, buyer %g)\n",
        word(mine[t]), word(theirs[t]), rm_payoff_of(s->pay, mine[t], theirs[t]),
        rm_payoff_of(s->pay, theirs[t], mine[t]), you, buyer);
}

static void *human_open(const rm_strategy *st, rm_error *err)
{
    (void)err;
    return (void *)st;          /* the session rides in the strategy's path field */
}

static int human_begin(void *inst, int length, const rm_payoff *p, rm_rng *rng, rm_error *err)
{
    (void)inst, (void)length, (void)p, (void)rng, (void)err;
    return 0;
}

static session *session_of(void *inst)
{
    session *s;
    memcpy(&s, ((const rm_strategy *)inst)->path, sizeof s);
    return s;
}

static int human_move(void *inst, int t, const uint8_t *mine, const uint8_t *theirs, int *out,
                      rm_error *err)
{
    session *s = session_of(inst);
    if (t > 0) {
        outcome(s, t - 1, mine, theirs);
        if (t % 5 == 0)
            history(s, t, mine, theirs);
    }
    for (;;) {
        if (s->rounds)
            say(s, "\nPeriod %d of %d. Cooperate or compete? [c/d] ", t + 1, s->rounds);
        else
            say(s, "\nPeriod %d. Cooperate or compete? [c/d] ", t + 1);
        fflush(stdout);
        char line[256];
        if (!fgets(line, sizeof line, stdin)) {
            say(s, "\n\nEnd of input: the game stops here.\n");
            s->quit = 2;
            return rm_errorf(err, "end of input");
        }
        line[strcspn(line, "\r\n")] = '\0';
        if (s->echo)
            fputs(line, stdout);
        fprintf(s->transcript, "%s", line);
        say(s, "\n");
        char *w = line;
        while (isspace((unsigned char)*w))
            w++;
        for (char *c = w; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        if (!strcmp(w, "c") || !strcmp(w, "cooperate")) {
            *out = RM_C;
            break;
        }
        if (!strcmp(w, "d") || !strcmp(w, "compete")) {
            *out = RM_D;
            break;
        }
        if (!strcmp(w, "q") || !strcmp(w, "quit")) {
            s->quit = 1;
            return rm_errorf(err, "stopped");
        }
        say(s, "  '%s' is not a choice: type c to cooperate or d to compete (q stops the game).\n",
            w);
    }
    s->intended[t] = *out;
    return 0;
}

static void human_close(void *inst) { (void)inst; }

static const rm_script_ops human_ops = {human_open, human_begin, human_move, human_close};

static void intro(session *s, const rm_match_config *m, const char *against)
{
    const rm_payoff *p = &m->payoff;
    say(s, "rmsim play: the supplier and the buyer\n\n"
           "You run a small supplier; a large buyer sits across the table. Every period\n"
           "you both choose, without seeing the other's choice:\n"
           "  c  cooperate: share information, keep promises, invest in the relationship\n"
           "  d  compete:   cut corners, squeeze the partner\n\n"
           "Points each period (you / buyer):\n"
           "  both cooperate %g / %g    you cooperate, buyer competes %g / %g\n"
           "  both compete   %g / %g    you compete, buyer cooperates %g / %g\n\n",
        p->R, p->R, p->S, p->T, p->P, p->P, p->T, p->S);
    if (m->continuation > 0)
        say(s, "Nobody knows how long the relationship lasts: after each period it goes on\n"
               "with chance %g.\n", m->continuation);
    else
        say(s, "The relationship lasts %d periods.\n", m->turns);
    if (m->noise > 0)
        say(s, "Messages get lost: a choice arrives as the opposite with chance %g.\n", m->noise);
    if (against)
        say(s, "The buyer plays %s.\n", against);
    else
        say(s, "The buyer's strategy is hidden until the end.\n");
}

void play_debrief(FILE *f, const rm_match_result *r, const rm_strategy *buyer,
                  const rm_match_config *m, uint64_t seed)
{
    const rm_payoff *pay = &m->payoff;
    int n = r->turns;
    fprintf(f, "\nGame over after %d period%s.\n", n, n == 1 ? "" : "s");
    if (n == 0)
        return;
    put_history(f, n, r->moves_a, r->moves_b);
    double you = 0, them = 0;
    for (int i = 0; i < n; i++) {
        you += rm_payoff_of(pay, r->moves_a[i], r->moves_b[i]);
        them += rm_payoff_of(pay, r->moves_b[i], r->moves_a[i]);
    }
    fprintf(f, "  You: %g points (%.2f a period). The buyer: %g points.\n", you, you / n, them);
    fprintf(f, "  The buyer was playing %s: %s.\n", buyer->name, buyer->description);
    fprintf(f, "\nAgainst this buyer, over %d period%s, other strategies would have scored:\n",
            n, n == 1 ? "" : "s");
    rm_match_config same = *m;
    same.turns = n;
    same.continuation = 0;
    rm_match_result *other = malloc(sizeof *other);
    rm_limits lim = {1000000, (size_t)64 << 20, RM_DEFAULT_MOVE_SECONDS};
    int better = 0, shown = 0;
    for (size_t i = 0; other && i < sizeof compare_pool / sizeof compare_pool[0]; i++) {
        char path[1024];
        rm_strategy st;
        rm_error err;
        rm_strategy_path(compare_pool[i], path, sizeof path);
        if (rm_strategy_load(path, &lim, &st, &err) < 0)
            continue;
        rm_rng rng;
        rm_rng_seed(&rng, seed, 1);
        if (rm_play_strategies(&same, &st, buyer, rm_lua_strategy_ops(), &rng, other, &err) < 0)
            continue;
        fprintf(f, "  %-22s %6g\n", st.name, other->score_a);
        better += other->score_a > you;
        shown++;
    }
    free(other);
    fprintf(f, "  %-22s %6g   <- you\n", "(you)", you);
    fprintf(f, "%d of these %d strategies did better than you.\n", better, shown);
}

const char *play_hidden_buyer(rm_rng *rng)
{
    return hidden_pool[rm_rng_below(rng, sizeof hidden_pool / sizeof hidden_pool[0])];
}

static void summary(session *s, const rm_match_result *r, const rm_strategy *buyer,
                    const rm_match_config *m, uint64_t seed)
{
    int n = r->turns;
    if (n > 0 && !s->quit)
        outcome(s, n - 1, r->moves_a, r->moves_b);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return;
    play_debrief(f, r, buyer, m, seed);
    fclose(f);
    say(s, "%s", text);
    free(text);
}

int cmd_play(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--players") || !strncmp(argv[i], "--players=", 10))
            return cmd_play_teams(argc, argv);
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(play_help, stdout);
            return 0;
        }
    rm_match_config m = rm_match_defaults();
    m.turns = 10;
    const char *against = NULL, *payoff = NULL, *transcript = NULL;
    uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 16);
    const opt opts[] = {
        {"--against", OPT_STRING, &against, 0, 0, NULL},
        {"--rounds", OPT_INT, &m.turns, 1, 1000, NULL},
        {"--unknown-length", OPT_DOUBLE, &m.continuation, 0.01, 0.99, NULL},
        {"--payoff", OPT_STRING, &payoff, 0, 0, NULL},
        {"--noise", OPT_DOUBLE, &m.noise, 0, 0.5, NULL},
        {"--seed", OPT_U64, &seed, 0, 0, NULL},
        {"--transcript", OPT_STRING, &transcript, 0, 0, NULL},
        {NULL, 0, NULL, 0, 0, NULL},
    };
    const char *pos[1];
    int npos;
    rm_error err;
    if (args_parse(argc, argv, opts, pos, 0, &npos, &err) < 0 ||
        (payoff && rm_payoff_parse(payoff, &m.payoff, &err) < 0 && cli_blame(&err, "--payoff")))
        return cli_fail(&err);
    m.max_turns = 1000;
    rm_rng rng;
    rm_rng_seed(&rng, seed, 0);
    const char *name = against ? against : play_hidden_buyer(&rng);
    char path[1024];
    rm_strategy buyer;
    rm_limits lim = {1000000, (size_t)64 << 20, RM_DEFAULT_MOVE_SECONDS};
    rm_error why;
    if (cli_find_strategy(name, path, sizeof path, &why) < 0) {
        rm_errorf(&err, "--against %s", why.msg);
        return cli_fail(&err);
    }
    if (rm_strategy_load(path, &lim, &buyer, &err) < 0)
        return cli_error(&err);
    session *s = calloc(1, sizeof *s);
    if (!s || !(s->transcript = open_memstream(&s->transcript_text, &s->transcript_len))) {
        free(s);
        fprintf(stderr, "rmsim: out of memory\n");
        return 1;
    }
    s->pay = &m.payoff;
    s->rounds = m.continuation > 0 ? 0 : m.turns;
    s->echo = !isatty(STDIN_FILENO);
    rm_strategy human;
    memset(&human, 0, sizeof human);
    human.kind = RM_STRATEGY_SCRIPT;
    snprintf(human.name, sizeof human.name, "you");
    memcpy(human.path, &s, sizeof s);
    intro(s, &m, against);
    rm_match_result *r = malloc(sizeof *r);
    int rc = r ? rm_play_strategies(&m, &human, &buyer, &human_ops, &rng, r, &err) : -1;
    if (rc < 0 && !s->quit) {
        fprintf(stderr, "rmsim: %s\n", r ? err.msg : "out of memory");
        rc = 1;
    } else {
        summary(s, r, &buyer, &m, seed);
        rc = 0;
    }
    fclose(s->transcript);
    if (transcript && rc == 0) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s", transcript);
        char *slash = strrchr(dir, '/');
        const char *base = slash ? slash + 1 : transcript;
        if (slash)
            *slash = '\0';
        rm_outset *o = rm_outset_new(slash ? dir : ".", &err);
        FILE *f = o ? rm_outset_file(o, base, &err) : NULL;
        if (f)
            fwrite(s->transcript_text, 1, s->transcript_len, f);
        if (!f || rm_outset_commit(o, &err) < 0) {
            fprintf(stderr, "rmsim: %s\n", err.msg);
            rc = 1;
        }
        rm_outset_free(o);
    }
    free(s->transcript_text);
    free(s);
    free(r);
    return rc;
}
