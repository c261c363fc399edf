/* tournament_files.c - the files `rmsim tournament --out` writes (and
 * `rmsim serve` exports): leaderboard.csv, tournament.json, report.html. */
#include <stdlib.h>

#include "rmsim/evolution.h"
#include "rmsim/output.h"
#include "rmsim/rmsim.h"
#include "rmsim/tournament.h"

void rm_tournament_write_csv(FILE *f, const rm_tournament *t, const rm_strategy *s)
{
    fprintf(f, "rank,strategy,score_per_turn,wins,disqualified,reason");
    for (int c = 0; c < t->n; c++) {
        char col[80];
        snprintf(col, sizeof col, "vs_%s", s[t->rank[c]].name);
        fputc(',', f);
        rm_put_csv_field(f, col);
    }
    fputc('\n', f);
    for (int r = 0; r < t->n; r++) {
        int i = t->rank[r];
        fprintf(f, "%d,", t->disqualified[i] ? 0 : rm_tournament_place(t, r));
        rm_put_csv_field(f, s[i].name);
        fputc(',', f);
        rm_put_number(f, t->score[i], "");
        fprintf(f, ",%g,%d,", t->wins[i], t->disqualified[i]);
        if (t->disqualified[i])
            rm_put_csv_field(f, t->reason[i]);
        for (int c = 0; c < t->n; c++) {
            fputc(',', f);
            rm_put_number(f, t->matrix[i * t->n + t->rank[c]], "");
        }
        fputc('\n', f);
    }
}

void rm_tournament_write_json(FILE *f, const rm_tournament *t, const rm_strategy *s,
                              const rm_tournament_config *g)
{
    int reps = g->repetitions;
    const rm_payoff *p = &g->match.payoff;
    fprintf(f, "{" RMSIM_JSON_HEAD("rmsim-tournament/1") ",\n \"turns\": %d, "
               "\"continuation\": %g, \"repetitions\": %d, \"noise\": %g, "
           "\"seed\": %llu, \"payoff\": [%g, %g, %g, %g], \"matches\": %ld,\n \"ranking\": [",
           g->match.turns, g->match.continuation, reps, g->match.noise,
           (unsigned long long)g->seed, p->R, p->S, p->T, p->P, t->matches);
    int k = 0;
    for (int r = 0; r < t->n; r++) {
        int i = t->rank[r];
        if (t->disqualified[i])
            continue;
        fprintf(f, "%s\n  {\"rank\": %d, \"strategy\": ", k ? "," : "",
                rm_tournament_place(t, r));
        rm_put_json_string(f, s[i].name);
        fprintf(f, ", \"score\": ");
        rm_put_number(f, t->score[i], "null");
        fprintf(f, ", \"wins\": %g}", t->wins[i]);
        k++;
    }
    fprintf(f, "],\n \"disqualified\": [");
    k = 0;
    for (int i = 0; i < t->n; i++)
        if (t->disqualified[i]) {
            fprintf(f, "%s\n  {\"strategy\": ", k++ ? "," : "");
            rm_put_json_string(f, s[i].name);
            fprintf(f, ", \"file\": ");
            rm_put_json_string(f, s[i].path);
            fprintf(f, ", \"reason\": ");
            rm_put_json_string(f, t->reason[i]);
            fputc('}', f);
        }
    fprintf(f, "],\n \"names\": [");
    for (int i = 0; i < t->n; i++) {
        fprintf(f, i ? ", " : "");
        rm_put_json_string(f, s[i].name);
    }
    fprintf(f, "],\n \"matrix\": [");
    for (int i = 0; i < t->n; i++) {
        fprintf(f, "%s\n  [", i ? "," : "");
        for (int j = 0; j < t->n; j++) {
            fprintf(f, j ? ", " : "");
            rm_put_number(f, t->matrix[i * t->n + j], "null");
        }
        fputc(']', f);
    }
    fprintf(f, "]}\n");
}

/* --out DIR: leaderboard.csv, tournament.json and report.html (with a
 * Moran process over the strategies that played), written together. */
int rm_tournament_write_files(const char *dir, const rm_tournament *t, const rm_strategy *s,
                              const rm_tournament_config *g, rm_error *err)
{
    int n = t->n, m = 0;
    int *idx = malloc((size_t)n * sizeof *idx);
    double *M = malloc((size_t)n * (size_t)n * sizeof *M);
    int *counts = malloc((size_t)n * sizeof *counts);
    rm_evolution e = {0};
    int rc = idx && M && counts ? 0 : rm_errorf(err, "out of memory");
    for (int i = 0; rc == 0 && i < n; i++)
        if (!t->disqualified[i])
            idx[m++] = i;
    int population = m * 10 > 100 ? m * 10 : 100, generations = 50;
    if (rc == 0 && m >= 2) {
        for (int a = 0; a < m; a++) {
            counts[a] = population / m + (a < population % m);
            for (int b = 0; b < m; b++)
                M[a * m + b] = t->matrix[idx[a] * n + idx[b]];
        }
        rm_rng rng;
        rm_rng_seed(&rng, g->seed, 0x65766f6cULL);
        rc = rm_moran(M, m, counts, generations, 1.0, &rng, &e, err);
    }
    char settings[512];
    const rm_payoff *p = &g->match.payoff;
    snprintf(settings, sizeof settings,
             "%d strategies, %d turns a match%s, %d repetition%s, payoffs R=%g S=%g T=%g P=%g, "
             "noise %g, seed %llu. Evolution: Moran process, population %d, %d generations.",
             n, g->match.turns, g->match.continuation > 0 ? " (on average)" : "", g->repetitions,
             g->repetitions == 1 ? "" : "s", p->R, p->S, p->T, p->P, g->match.noise,
             (unsigned long long)g->seed, population, generations);
    rm_outset *o = rc == 0 ? rm_outset_new(dir, err) : NULL;
    FILE *csv = o ? rm_outset_file(o, "leaderboard.csv", err) : NULL;
    FILE *json = csv ? rm_outset_file(o, "tournament.json", err) : NULL;
    FILE *html = json ? rm_outset_file(o, "report.html", err) : NULL;
    if (html) {
        rm_tournament_write_csv(csv, t, s);
        rm_tournament_write_json(json, t, s, g);
        rm_tournament_write_report(html, t, s, settings, m >= 2 ? &e : NULL, idx);
        rc = rm_outset_commit(o, err);
    } else {
        rc = -1;
    }
    rm_outset_free(o);
    rm_evolution_free(&e);
    free(idx);
    free(M);
    free(counts);
    return rc;
}

