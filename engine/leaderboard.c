/* leaderboard.c - a tournament's HTML report for the classroom: the
 * ranking, who was disqualified and why, and charts to project. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "rmsim/evolution.h"
#include "rmsim/output.h"
#include "rmsim/svg.h"
#include "rmsim/tournament.h"

static const char style[] =
    "body{font-family:sans-serif;max-width:980px;margin:2em auto;color:#222;font-size:17px}"
    "table{border-collapse:collapse}td,th{padding:4px 12px;border-bottom:1px solid #ddd;"
    "text-align:left}td.n{text-align:right}figure{margin:1.5em 0}"
    ".dq td{color:#a00}";

void rm_tournament_write_report(FILE *f, const rm_tournament *t, const rm_strategy *s,
                                const char *settings, const rm_evolution *evo,
                                const int *evo_index)
{
    int n = t->n, m = 0;
    int *order = malloc((size_t)n * sizeof *order);
    int *rank_pos = malloc((size_t)n * sizeof *rank_pos);     /* order[a] is t->rank[rank_pos[a]] */
    const char **names = malloc((size_t)n * sizeof *names);
    double *scores = malloc((size_t)n * sizeof *scores);
    double *mat = malloc((size_t)n * (size_t)n * sizeof *mat);
    if (!order || !rank_pos || !names || !scores || !mat)
        goto out;
    for (int r = 0; r < n; r++)
        if (!t->disqualified[t->rank[r]]) {
            rank_pos[m] = r;
            order[m++] = t->rank[r];
        }
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
               "<title>rmsim tournament</title><style>%s</style></head>\n<body>\n"
               "<h1>Cooperate or compete: the tournament</h1>\n<p>", style);
    rm_put_xml(f, settings);
    fprintf(f, "</p>\n<h2>Leaderboard</h2>\n<table><tr><th>rank</th><th>strategy</th>"
               "<th>score per turn</th><th>wins</th><th>what it does</th></tr>\n");
    for (int r = 0; r < m; r++) {
        int i = order[r];
        int place = rm_tournament_place(t, rank_pos[r]), ties = 0;
        for (int q = 0; q < m; q++)
            ties += rm_tournament_place(t, rank_pos[q]) == place;
        fprintf(f, "<tr><td class=\"n\">%d%s</td><td>", place, ties > 1 ? "=" : "");
        rm_put_xml(f, s[i].name);
        fprintf(f, "</td><td class=\"n\">%.3f</td><td class=\"n\">%.0f</td><td>", t->score[i],
                t->wins[i]);
        rm_put_xml(f, s[i].description);
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
    int dq = 0;
    for (int i = 0; i < n; i++)
        if (t->disqualified[i]) {
            if (!dq++)
                fputs("<h2>Disqualified</h2>\n<table><tr><th>strategy</th><th>reason</th></tr>\n",
                      f);
            fputs("<tr class=\"dq\"><td>", f);
            rm_put_xml(f, s[i].name);
            fputs("</td><td>", f);
            rm_put_xml(f, t->reason[i]);
            fputs("</td></tr>\n", f);
        }
    if (dq)
        fputs("</table>\n", f);
    if (m == 0) {
        fputs("<p>No strategy could play.</p>\n", f);
    } else {
        for (int a = 0; a < m; a++) {
            names[a] = s[order[a]].name;
            scores[a] = t->score[order[a]];
            for (int b = 0; b < m; b++)
                mat[a * m + b] = t->matrix[order[a] * n + order[b]];
        }
        fputs("<h2>Charts</h2>\n<figure>\n", f);
        rm_svg_bars(f, "Ranking: mean score per turn", "score per turn", names, scores, m);
        fputs("</figure>\n<figure>\n", f);
        rm_svg_heatmap(f, "Score per turn of the row against the column", names, mat, m);
        fputs("</figure>\n<figure>\n", f);
        rm_svg_strips(f, "Spread: one dot per opponent, the bar is the mean", "score per turn",
                      names, mat, m, m);
        fputs("</figure>\n", f);
    }
    if (evo && evo->n > 1) {
        int k = evo->n, G = evo->generations;
        rm_series *series = malloc((size_t)k * sizeof *series);
        double *ys = malloc((size_t)k * (size_t)(G + 1) * sizeof *ys);
        if (series && ys) {
            /* the eight largest final shares get a line; the rest are summed */
            int *idx = malloc((size_t)k * sizeof *idx);
            for (int i = 0; idx && i < k; i++)
                idx[i] = i;
            for (int a = 1; idx && a < k; a++)
                for (int b = a; b > 0 && evo->share[(size_t)G * k + idx[b]] >
                                             evo->share[(size_t)G * k + idx[b - 1]]; b--) {
                    int tmp = idx[b];
                    idx[b] = idx[b - 1];
                    idx[b - 1] = tmp;
                }
            int shown = k > 8 ? 7 : k;
            for (int a = 0; idx && a < shown; a++) {
                for (int g = 0; g <= G; g++)
                    ys[(size_t)a * (G + 1) + g] = evo->share[(size_t)g * k + idx[a]];
                series[a] = (rm_series){s[evo_index[idx[a]]].name, ys + (size_t)a * (G + 1),
                                        NULL, NULL};
            }
            if (idx && k > shown) {
                for (int g = 0; g <= G; g++) {
                    double rest = 0;
                    for (int a = shown; a < k; a++)
                        rest += evo->share[(size_t)g * k + idx[a]];
                    ys[(size_t)shown * (G + 1) + g] = rest;
                }
                series[shown] = (rm_series){"all others", ys + (size_t)shown * (G + 1), NULL, NULL};
                shown++;
            }
            rm_chart c = {"Evolution: shares under the Moran process", "generation",
                          "share of the population", G + 1, 0, shown, series, NULL};
            fputs("<figure>\n", f);
            rm_svg_chart(f, &c);
            fputs("</figure>\n", f);
            free(idx);
        }
        free(series);
        free(ys);
    }
    fputs("<p><small>Made by rmsim; the same data are in leaderboard.csv and tournament.json."
          "</small></p>\n</body></html>\n", f);
out:
    free(order);
    free(rank_pos);
    free(names);
    free(scores);
    free(mat);
}
