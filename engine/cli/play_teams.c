/* play_teams.c - `rmsim play --players N`: a class plays co-opetition in
 * teams. Each team runs one of N notebook makers selling to the same
 * owners (an rm_market), and each period chooses in two arenas: the
 * market (c: restrain, d: pay a trade-in subsidy to the rivals' owners)
 * and a shared standard (c: back it, d: go alone). The market pays the
 * margins; the standard pays on the trust between the teams, which a
 * subsidy war erodes (the spill-over of docs/models.md). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "rmsim/coopetition.h"
#include "rmsim/market.h"

static const char teams_help[] =
    "usage: rmsim play --players N [options]\n"
    "\n"
    "A class plays co-opetition in teams (the chapter's game: two groups of four,\n"
    "cooperating in one field and competing in another). Each team runs a notebook\n"
    "maker; all sell to the same owners. Each period every team types two letters:\n"
    "  first, the market:    c restrain, d pay a trade-in subsidy to rivals' owners\n"
    "  second, the standard: c back the shared standard, d go alone\n"
    "e.g. cd; q stops. The market pays the margins, the standard pays on trust, and\n"
    "a subsidy war costs trust. Teams choose on paper at the same time, then one\n"
    "person types the choices. Works at a terminal or with answers piped in.\n"
    "\n"
    "  --players N       teams, 2 to 8\n"
    "  --rounds N        periods (months), default 12\n"
    "  --owners N        notebook owners in the market (default 20000)\n"
    "  --subsidy X       trade-in subsidy, $ (default 400)\n"
    "  --standard X      each team's monthly gain from the standard, $ per owner (default 1)\n"
    "  --spill X         how much a subsidy costs the rivals' trust, 0 to 1 (default 0.5)\n"
    "  --seed N          random seed (default: from the clock)\n";

typedef struct game {
    int n, rounds;
    rm_market *m;
    rm_coop *c;
    double subsidy;
    double total[RM_FIRMS_MAX];
    int echo;
} game;

/* Read a team's two moves; 0 ok, 1 quit, 2 end of input. */
static int ask(game *g, int t, int k, uint8_t *market, uint8_t *standard)
{
    for (;;) {
        printf("Month %d of %d, team %d: market and standard? [cc/cd/dc/dd] ", t + 1, g->rounds,
               k + 1);
        fflush(stdout);
        char line[256];
        if (!fgets(line, sizeof line, stdin)) {
            printf("\n\nEnd of input: the game stops here.\n");
            return 2;
        }
        line[strcspn(line, "\r\n")] = '\0';
        if (g->echo)
            printf("%s\n", line);
        char w[256];
        size_t n = 0;
        for (const char *p = line; *p && n + 1 < sizeof w; p++)
            if (!isspace((unsigned char)*p))
                w[n++] = (char)tolower((unsigned char)*p);
        w[n] = '\0';
        if (!strcmp(w, "q") || !strcmp(w, "quit"))
            return 1;
        if (n == 2 && (w[0] == 'c' || w[0] == 'd') && (w[1] == 'c' || w[1] == 'd')) {
            *market = w[0] == 'c' ? RM_C : RM_D;
            *standard = w[1] == 'c' ? RM_C : RM_D;
            return 0;
        }
        printf("  '%s' is not a choice: two letters, c or d for the market then the standard "
               "(q stops).\n", line);
    }
}

static void report(game *g, int t, const uint8_t *moves, const double *pay)
{
    printf("\n  month %d       market    standard   margin $k  standard $k  share   trusted\n",
           t + 1);
    for (int k = 0; k < g->n; k++) {
        const rm_market_result *r = rm_market_result_of(g->m, k, t);
        printf("  team %d        %-9s %-10s %9.1f  %11.1f  %5.1f%%  %6.2f\n", k + 1,
               moves[2 * k] == RM_D ? "subsidy" : "restrain",
               moves[2 * k + 1] == RM_D ? "alone" : "backs it", pay[2 * k] / 1e3,
               pay[2 * k + 1] / 1e3, 100 * r->share, rm_coop_trusted(g->c, k));
    }
    printf("\n");
}

static int setup(game *g, long owners, double standard, double spill, uint64_t seed, rm_rng *rng,
                 rm_error *err)
{
    rm_market_spec s = rm_market_defaults();
    s.nfirms = g->n;
    for (int k = 0; k < g->n; k++) {
        char name[16];
        snprintf(name, sizeof name, "team%d", k + 1);
        s.firm[k] = rm_market_firm_defaults(name);
        s.firm[k].share = 0.95 / g->n;
        s.firm[k].price = 1171;     /* the Vaio BX's starting price in the case */
        s.firm[k].unit_cost = 950;
        s.firm[k].brand = 7.2;
    }
    s.nsegments = 1;
    s.seg[0] = rm_market_segment_defaults("owners");
    s.seg[0].price_w = 0.006;
    s.seg[0].quality_w = s.seg[0].service_w = 0;
    s.seg[0].switching_cost = 2.5;
    s.seg[0].inertia = 1;
    s.seg[0].cycle = 12;
    s.seg[0].outside = -1;
    s.customers = owners;
    s.periods = g->rounds;
    rm_rng_seed(rng, seed, 0);
    if (!(g->m = rm_market_new(&s, rng, err)))
        return -1;
    rm_coop_spec c = rm_coop_defaults();
    c.nplayers = g->n;
    c.narenas = 2;
    c.arena[0] = (rm_arena_spec){"market", RM_ARENA_MARKET, 0, spill, 0};
    c.arena[1] = (rm_arena_spec){"standard", RM_ARENA_ALLIANCE, standard * (double)owners, 0, 0.5};
    if (!(g->c = rm_coop_new(&c, err)))
        return -1;
    return 0;
}

static int play_failed(game *g, const rm_error *err)
{
    fprintf(stderr, "rmsim: %s\n", err->msg);
    rm_coop_free(g->c);
    rm_market_free(g->m);
    return 1;
}

int cmd_play_teams(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(teams_help, stdout);
            return 0;
        }
    game g;
    memset(&g, 0, sizeof g);
    g.rounds = 12;
    g.subsidy = 400;
    int owners = 20000;
    double standard = 1, spill = 0.5;
    uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 16);
    const opt opts[] = {
        {"--players", OPT_INT, &g.n, 2, 8, NULL},
        {"--rounds", OPT_INT, &g.rounds, 1, 120, NULL},
        {"--owners", OPT_INT, &owners, 100, 10000000, NULL},
        {"--subsidy", OPT_DOUBLE, &g.subsidy, 0, 1e6, NULL},
        {"--standard", OPT_DOUBLE, &standard, 0, 1e6, NULL},
        {"--spill", OPT_DOUBLE, &spill, 0, 1, NULL},
        {"--seed", OPT_U64, &seed, 0, 0, NULL},
        {NULL, 0, NULL, 0, 0, NULL},
    };
    const char *pos[1];
    int npos;
    rm_error err;
    if (args_parse(argc, argv, opts, pos, 0, &npos, &err) < 0)
        return cli_fail(&err);
    rm_rng rng;
    if (setup(&g, owners, standard, spill, seed, &rng, &err) < 0)
        return play_failed(&g, &err);
    g.echo = !isatty(STDIN_FILENO);
    printf("rmsim play: %d teams, one notebook market, one shared standard\n\n"
           "Each team sells notebooks at $1,171 (margin $221) to %d owners, who replace\n"
           "one about once a year and stay with their brand unless something moves them.\n"
           "A subsidy pays $%g to each owner you win from a rival: it wins owners, and\n"
           "costs the rivals' trust in you. The standard pays each backer up to $%g a\n"
           "month, in proportion to how many back it and how much they trust each other.\n\n",
           g.n, owners, g.subsidy, standard * owners);
    int t = 0, quit = 0;
    for (; t < g.rounds && !quit; t++) {
        uint8_t moves[2 * RM_FIRMS_MAX];
        for (int k = 0; k < g.n && !quit; k++)
            quit = ask(&g, t, k, &moves[2 * k], &moves[2 * k + 1]);
        if (quit)
            break;
        for (int k = 0; k < g.n; k++) {
            rm_firm_spec f = *rm_market_firm(g.m, k);
            f.subsidy = moves[2 * k] == RM_D ? g.subsidy : 0;
            rm_market_set_firm(g.m, k, &f, &err);
        }
        double margin[RM_FIRMS_MAX], pay[2 * RM_FIRMS_MAX];
        if (rm_market_step(g.m, t, &err) < 0)
            return play_failed(&g, &err);
        for (int k = 0; k < g.n; k++)
            margin[k] = rm_market_result_of(g.m, k, t)->margin;
        if (rm_coop_settle(g.c, moves, margin, pay, &err) < 0)
            return play_failed(&g, &err);
        for (int k = 0; k < g.n; k++)
            g.total[k] += pay[2 * k] + pay[2 * k + 1];
        report(&g, t, moves, pay);
    }
    printf("Game over after %d month%s. Totals (market + standard):\n", t, t == 1 ? "" : "s");
    int order[RM_FIRMS_MAX];
    for (int k = 0; k < g.n; k++)
        order[k] = k;
    for (int a = 0; a < g.n; a++)       /* by total, then team number */
        for (int b = a + 1; b < g.n; b++)
            if (g.total[order[b]] > g.total[order[a]]) {
                int x = order[a];
                order[a] = order[b];
                order[b] = x;
            }
    double joint = 0;
    for (int a = 0; a < g.n; a++) {
        printf("  %d. team %d   $%.1fk\n", a + 1, order[a] + 1, g.total[order[a]] / 1e3);
        joint += g.total[order[a]];
    }
    printf("  all teams together: $%.1fk\n", joint / 1e3);
    rm_coop_free(g.c);
    rm_market_free(g.m);
    return 0;
}
