/* serve.c - `rmsim serve`: the classroom as a web page. HTTP comes from
 * libmicrohttpd; the pages are built into the binary (web_assets.c);
 * the class itself is classroom.c. Every request is bounded (body size,
 * header memory, strategy budgets) and answered; none stops the server. */
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <jansson.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "rmsim/classroom.h"
#include "rmsim/evolution.h"
#include "rmsim/output.h"
#include "rmsim/strategy.h"

static const char serve_help[] =
    "usage: rmsim serve [options]\n"
    "\n"
    "The classroom in the browser. Students open the printed address, join with\n"
    "the code, play the supplier-and-buyer game (as `rmsim play`) and write,\n"
    "check and enter strategies; the teacher's page (with the printed token)\n"
    "starts rounds, runs the class tournament and shows the leaderboard, heat\n"
    "map and evolution, and exports leaderboard.csv, tournament.json and\n"
    "report.html. Everything is kept in the class folder: run the same command\n"
    "again and the class continues.\n"
    "\n"
    "  --class NAME          the class folder (default: class)\n"
    "  --port N              TCP port (default 8080; 0: any free port)\n"
    "  --bind ADDR           address to listen on (default 127.0.0.1, this machine\n"
    "                        only; 0.0.0.0 for a classroom network)\n"
    "  --threads N           worker threads for tournaments (default 2)\n";

#define BODY_MAX (128 * 1024)       /* a strategy is at most 32 KiB, escaped */
#define CONNECTIONS_MAX 256

typedef struct web_asset {
    const char *path, *type;
    const unsigned char *data;
    size_t size;
} web_asset;
extern const web_asset web_assets[];

typedef struct server {
    rm_class *c;
    int threads;
    pthread_mutex_t seed_lock;
    rm_rng seeds;                   /* seeds of new games */
} server;

typedef struct request {
    char *body;
    size_t len;
    int too_big;
} request;

/* ---- responses ----------------------------------------------------------- */

static enum MHD_Result send_text(struct MHD_Connection *conn, unsigned status, const char *type,
                                 char *text, size_t len, int must_free)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        len, text, must_free ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    if (!r) {
        if (must_free)
            free(text);
        return MHD_NO;
    }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                            "img-src 'self' data:");
    enum MHD_Result ok = MHD_queue_response(conn, status, r);
    MHD_destroy_response(r);
    return ok;
}

/* Steals j. */
static enum MHD_Result send_json(struct MHD_Connection *conn, unsigned status, json_t *j)
{
    char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!text) {
        static char oom[] = "{\"error\": \"out of memory\"}";
        return send_text(conn, 500, "application/json", oom, sizeof oom - 1, 0);
    }
    return send_text(conn, status, "application/json", text, strlen(text), 1);
}

static enum MHD_Result send_error(struct MHD_Connection *conn, unsigned status, const char *msg)
{
    return send_json(conn, status, json_pack("{s:s}", "error", msg));
}

static unsigned status_of(int code)
{
    switch (code) {
    case RM_CLASS_EDENIED: return 403;
    case RM_CLASS_ECONFLICT: return 409;
    case RM_CLASS_ESTRATEGY: return 422;
    case RM_CLASS_EFULL: return 503;
    case RM_CLASS_EIO: return 500;
    default: return 400;
    }
}

static enum MHD_Result send_fail(struct MHD_Connection *conn, int code, const rm_error *err)
{
    if (code == RM_CLASS_EIO)
        fprintf(stderr, "rmsim serve: %s\n", err->msg);
    return send_error(conn, status_of(code), err->msg);
}

/* ---- request fields ------------------------------------------------------ */

/* A JSON object body; NULL with the reason in err when it is not one. */
static json_t *body_object(const request *rq, rm_error *err)
{
    json_error_t je;
    if (rq->len == 0) {
        rm_errorf(err, "this request needs a JSON object as its body");
        return NULL;
    }
    json_t *j = json_loadb(rq->body, rq->len, JSON_REJECT_DUPLICATES, &je);
    if (!j) {
        rm_errorf(err, "bad JSON at line %d, column %d: %s", je.line, je.column, je.text);
        return NULL;
    }
    if (!json_is_object(j)) {
        json_decref(j);
        rm_errorf(err, "the body must be a JSON object");
        return NULL;
    }
    return j;
}

/* A string field (NULL when absent); -1 when present but not a string. */
static int field_string(json_t *o, const char *k, const char **out, rm_error *err)
{
    json_t *v = json_object_get(o, k);
    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v))
        return rm_errorf(err, "'%s' must be a string", k);
    *out = json_string_value(v);
    return 0;
}

static int field_number(json_t *o, const char *k, double *out, double lo, double hi,
                        rm_error *err)
{
    json_t *v = json_object_get(o, k);
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_number(v) || !(json_number_value(v) >= lo && json_number_value(v) <= hi))
        return rm_errorf(err, "'%s' must be a number from %g to %g", k, lo, hi);
    *out = json_number_value(v);
    return 0;
}

/* Game settings in a request, over the defaults in m: periods,
 * unknown_length (0 = known), noise, payoff ("R,S,T,P"). */
static int match_fields(json_t *o, rm_match_config *m, rm_error *err)
{
    double periods = m->turns, cont = m->continuation;
    const char *payoff = NULL;
    if (field_number(o, "periods", &periods, 1, RM_CLASS_GAME_TURNS, err) < 0 ||
        field_number(o, "unknown_length", &cont, 0, 0.99, err) < 0 ||
        field_number(o, "noise", &m->noise, 0, 0.5, err) < 0 ||
        field_string(o, "payoff", &payoff, err) < 0)
        return -1;
    if (periods != (int)periods)
        return rm_errorf(err, "'periods' must be a whole number");
    if (cont > 0 && cont < 0.01)
        return rm_errorf(err, "'unknown_length' is a chance from 0.01 to 0.99, or 0");
    m->turns = (int)periods;
    m->continuation = cont;
    if (payoff && rm_payoff_parse(payoff, &m->payoff, err) < 0)
        return -1;
    return 0;
}

static json_t *match_json(const rm_match_config *m)
{
    char pay[128];
    snprintf(pay, sizeof pay, "%g,%g,%g,%g", m->payoff.R, m->payoff.S, m->payoff.T, m->payoff.P);
    return json_pack("{s:i, s:f, s:f, s:s, s:{s:f, s:f, s:f, s:f}}", "periods", m->turns,
                     "unknown_length", m->continuation, "noise", m->noise, "payoff", pay, "points",
                     "R", m->payoff.R, "S", m->payoff.S, "T", m->payoff.T, "P", m->payoff.P);
}

static const char *header(struct MHD_Connection *conn, const char *name)
{
    return MHD_lookup_connection_value(conn, MHD_HEADER_KIND, name);
}

static const char *query(struct MHD_Connection *conn, const char *name)
{
    return MHD_lookup_connection_value(conn, MHD_GET_ARGUMENT_KIND, name);
}

/* ---- students ------------------------------------------------------------ */

static json_t *moves_json(const uint8_t *m, int n)
{
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    for (int i = 0; i < n; i++)
        s[i] = m[i] == RM_C ? 'C' : 'D';
    s[n] = '\0';
    json_t *j = json_string(s);
    free(s);
    return j;
}

/* The game as the page shows it; frees st->result. */
static json_t *state_json(const rm_class_game *gp, rm_class_game_state *sp)
{
    const rm_class_game g = *gp;
    rm_class_game_state st = *sp;
    const rm_match_result *r = st.result;
    json_t *j = json_pack("{s:b, s:b, s:i, s:o, s:o, s:s, s:f, s:f, s:o}", "started", 1, "over",
                          st.over, "turn", r->turns, "you", moves_json(r->moves_a, r->turns),
                          "buyer", moves_json(r->moves_b, r->turns), "choices", g.choices,
                          "score_you", r->score_a, "score_buyer", r->score_b, "settings",
                          match_json(&g.match));
    json_object_set_new(j, "hidden", json_boolean(g.hidden));
    if (st.over || !g.hidden) {
        json_object_set_new(j, "buyer_name", json_string(st.buyer.name));
        json_object_set_new(j, "buyer_description", json_string(st.buyer.description));
    }
    if (st.over) {
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        if (f) {
            play_debrief(f, r, &st.buyer, &g.match, g.seed);
            fclose(f);
            json_object_set_new(j, "debrief", json_string(text ? text : ""));
            free(text);
        }
    }
    free(st.result);
    sp->result = NULL;
    return j;
}

static json_t *game_json(server *sv, const char *token, rm_error *err, int *code)
{
    rm_class_game g;
    rm_class_game_state st;
    *code = rm_class_game_state_get(sv->c, token, &g, &st, err);
    if (*code == RM_CLASS_ECONFLICT) {
        *code = 0;
        return json_pack("{s:b}", "started", 0);
    }
    if (*code < 0)
        return NULL;
    return state_json(&g, &st);
}

static json_t *duel_json(const rm_class_duel_state *d)
{
    static const char *const states[] = {"none", "waiting", "playing"};
    json_t *j = json_pack("{s:s, s:b, s:s, s:i, s:b, s:b, s:s, s:s, s:s, s:f, s:f, s:o}", "state",
                          states[d->state], "partner_left", d->partner_left, "partner",
                          d->partner_name, "turn", d->turns, "over", d->over, "waiting",
                          d->waiting, "you", d->mine, "them", d->theirs, "choices", d->choices,
                          "score_you", d->score_mine, "score_them", d->score_theirs, "settings",
                          match_json(&d->match));
    if (d->over && d->turns > 0) {
        /* the debrief of a game between two people: no hidden strategy to reveal */
        char *text = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&text, &len);
        if (f) {
            int n = d->turns, from = n > 20 ? n - 20 : 0;
            fprintf(f, "Game over after %d period%s.\n  history%s  you     %s\n", n,
                    n == 1 ? "" : "s", from ? " (last 20)" : "", d->mine + from);
            fprintf(f, "  %*s  partner %s\n", from ? 17 : 7, "", d->theirs + from);
            fprintf(f, "  You: %g points (%.2f a period). %s: %g points.\n", d->score_mine,
                    d->score_mine / n, d->partner_name, d->score_theirs);
            fprintf(f, "  Had you both cooperated every period: %g points each.\n",
                    d->match.payoff.R * n);
            fclose(f);
            json_object_set_new(j, "debrief", json_string(text ? text : ""));
            free(text);
        }
    }
    return j;
}

static json_t *check_json(const rm_class_check *k)
{
    json_t *vs = json_array();
    for (int i = 0; i < k->n; i++)
        json_array_append_new(vs, json_pack("{s:s, s:f, s:f}", "name", k->name[i], "you",
                                            k->mine[i], "them", k->theirs[i]));
    return json_pack("{s:b, s:s, s:i, s:o}", "ok", 1, "name", k->declared, "turns", k->turns,
                     "vs", vs);
}

static enum MHD_Result student_api(server *sv, struct MHD_Connection *conn, const char *url,
                                   int post, const request *rq)
{
    rm_error err = {{0}};
    const char *token = header(conn, "X-Token");
    json_t *body = NULL;
    if (post && !(body = body_object(rq, &err)))
        return send_error(conn, 400, err.msg);
    enum MHD_Result res;
    int code;

    if (!strcmp(url, "/api/join")) {
        const char *name, *joincode;
        if (!post)
            res = send_error(conn, 405, "join with POST {name, code}");
        else if (field_string(body, "name", &name, &err) < 0 ||
                 field_string(body, "code", &joincode, &err) < 0 || !name)
            res = send_error(conn, 400, err.msg[0] ? err.msg : "'name' is missing");
        else {
            rm_class_student s;
            if ((code = rm_class_join(sv->c, name, joincode, &s, &err)) < 0)
                res = send_fail(conn, code, &err);
            else
                res = send_json(conn, 200, json_pack("{s:s, s:s, s:s}", "id", s.id, "token",
                                                     s.token, "name", s.name));
        }
        json_decref(body);
        return res;
    }

    rm_class_student me;
    if ((code = rm_class_student_get(sv->c, token, &me, &err)) < 0) {
        json_decref(body);
        return send_fail(conn, code, &err);
    }
    /* a student names only themself: another id is refused, not ignored */
    const char *id = query(conn, "id");
    if (!id && body)
        field_string(body, "id", &id, &err);
    if (id && strcmp(id, me.id) != 0) {
        json_decref(body);
        return send_error(conn, 403, "you can only see and change your own entry and games");
    }

    if (!strcmp(url, "/api/me") && !post) {
        rm_class_round round = rm_class_round_get(sv->c);
        json_t *game = game_json(sv, token, &err, &code);
        if (!game)
            return send_fail(conn, code, &err);
        return send_json(
            conn, 200,
            json_pack("{s:s, s:s, s:{s:i, s:o}, s:{s:b, s:s, s:s}, s:i, s:f, s:o}", "id", me.id,
                      "name", me.name, "round", "number", round.number, "settings",
                      match_json(&round.match), "entry", "entered", me.entered, "name",
                      me.entry_name, "error", me.entry_error, "games", me.games, "last_score",
                      me.last_score, "game", game));
    }
    if (!strcmp(url, "/api/game") && post) {
        rm_match_config m = rm_class_round_get(sv->c).match;
        const char *against = NULL;
        if (match_fields(body, &m, &err) < 0 || field_string(body, "against", &against, &err) < 0) {
            json_decref(body);
            return send_error(conn, 400, err.msg);
        }
        pthread_mutex_lock(&sv->seed_lock);
        uint64_t seed = ((uint64_t)rm_rng_next(&sv->seeds) << 32) | rm_rng_next(&sv->seeds);
        rm_rng rng;
        rm_rng_seed(&rng, seed, 7);
        const char *buyer = against && strcmp(against, "hidden") ? against : play_hidden_buyer(&rng);
        pthread_mutex_unlock(&sv->seed_lock);
        code = rm_class_game_new(sv->c, token, &m, buyer, !against || !strcmp(against, "hidden"),
                                 seed, &err);
        json_decref(body);
        if (code < 0)
            return send_fail(conn, code, &err);
        json_t *game = game_json(sv, token, &err, &code);
        return game ? send_json(conn, 200, game) : send_fail(conn, code, &err);
    }
    if (!strncmp(url, "/api/duel", 9)) {
        int pair = !strcmp(url, "/api/duel") && post, mv = !strcmp(url, "/api/duel/move") && post;
        if (!pair && !mv && strcmp(url, "/api/duel")) {
            json_decref(body);
            return send_error(conn, 404, "no such request");
        }
        if (pair) {
            pthread_mutex_lock(&sv->seed_lock);
            uint64_t seed = ((uint64_t)rm_rng_next(&sv->seeds) << 32) | rm_rng_next(&sv->seeds);
            pthread_mutex_unlock(&sv->seed_lock);
            code = rm_class_duel_pair(sv->c, token, seed, &err);
        } else if (mv) {
            const char *move = NULL;
            if (field_string(body, "move", &move, &err) < 0 || !move || strlen(move) != 1) {
                json_decref(body);
                return send_error(conn, 400, "'move' must be \"C\" (cooperate) or \"D\" (compete)");
            }
            code = rm_class_duel_move(sv->c, token, move[0], &err);
        } else {
            code = 0;
        }
        json_decref(body);
        if (code < 0)
            return send_fail(conn, code, &err);
        rm_class_duel_state *d = malloc(sizeof *d);
        if (!d)
            return send_error(conn, 500, "out of memory");
        code = rm_class_duel_get(sv->c, token, d, &err);
        json_t *j = code < 0 ? NULL : duel_json(d);
        free(d);
        return j ? send_json(conn, 200, j) : send_fail(conn, code, &err);
    }
    if (!strcmp(url, "/api/game") && !post) {
        json_t *game = game_json(sv, token, &err, &code);
        return game ? send_json(conn, 200, game) : send_fail(conn, code, &err);
    }
    if (!strcmp(url, "/api/move") && post) {
        const char *move = NULL;
        if (field_string(body, "move", &move, &err) < 0 || !move || strlen(move) != 1) {
            json_decref(body);
            return send_error(conn, 400, "'move' must be \"C\" (cooperate) or \"D\" (compete)");
        }
        rm_class_game g;
        rm_class_game_state st;
        code = rm_class_game_move(sv->c, token, move[0], &g, &st, &err);
        json_decref(body);
        if (code < 0)
            return send_fail(conn, code, &err);
        return send_json(conn, 200, state_json(&g, &st));
    }
    if ((!strcmp(url, "/api/check") || !strcmp(url, "/api/entry")) && post) {
        const char *src = NULL;
        json_t *v = json_object_get(body, "source");
        if (field_string(body, "source", &src, &err) < 0 || !src) {
            json_decref(body);
            return send_error(conn, 400, err.msg[0] ? err.msg : "'source' is missing");
        }
        rm_class_check *k = malloc(sizeof *k);
        if (!k) {
            json_decref(body);
            return send_error(conn, 500, "out of memory");
        }
        int enter = !strcmp(url, "/api/entry");
        size_t len = json_string_length(v);
        code = enter ? rm_class_enter(sv->c, token, src, len, k, &err)
                     : rm_class_check_source(sv->c, token, src, len, k, &err);
        json_decref(body);
        if (code < 0) {
            free(k);
            json_t *j = json_pack("{s:s, s:b}", "error", err.msg, "entered",
                                  enter && code == RM_CLASS_ESTRATEGY);
            if (code == RM_CLASS_EIO)
                fprintf(stderr, "rmsim serve: %s\n", err.msg);
            return send_json(conn, status_of(code), j);
        }
        json_t *j = check_json(k);
        json_object_set_new(j, "entered", json_boolean(enter));
        free(k);
        return send_json(conn, 200, j);
    }
    if (!strcmp(url, "/api/entry") && !post) {
        char *src = rm_class_entry_source(sv->c, token, &err);
        if (!src)
            return send_error(conn, err.msg[0] ? 409 : 500, err.msg[0] ? err.msg : "out of memory");
        json_t *j = json_pack("{s:s, s:s, s:s}", "source", src, "name", me.entry_name, "error",
                              me.entry_error);
        free(src);
        return j ? send_json(conn, 200, j)
                 : send_error(conn, 422, "your entry is not valid UTF-8 text");
    }
    json_decref(body);
    return send_error(conn, 404, "no such request");
}

/* ---- the teacher --------------------------------------------------------- */

/* Moran or replicator shares over the players of the last tournament. */
static enum MHD_Result evolution(server *sv, struct MHD_Connection *conn)
{
    rm_error err = {{0}};
    size_t len;
    char *text = rm_class_export(sv->c, "tournament.json", &len, &err);
    if (!text)
        return send_error(conn, 409, err.msg);
    json_error_t je;
    json_t *t = json_loadb(text, len, 0, &je);
    free(text);
    json_t *names = json_object_get(t, "names"), *matrix = json_object_get(t, "matrix"),
           *dq = json_object_get(t, "disqualified");
    int n = (int)json_array_size(names);
    const char *dyn = query(conn, "dynamics");
    int moran = !dyn || strcmp(dyn, "replicator") != 0;
    const char *gs = query(conn, "generations");
    int generations = gs ? atoi(gs) : 60;
    if (generations < 1 || generations > 1000) {
        json_decref(t);
        return send_error(conn, 400, "generations: 1 to 1000");
    }
    int *idx = malloc(((size_t)n + 1) * sizeof *idx), m = 0;
    for (int i = 0; idx && i < n; i++) {
        const char *name = json_string_value(json_array_get(names, i));
        int out = 0;
        for (size_t k = 0; k < json_array_size(dq); k++)
            out |= !strcmp(name, json_string_value(json_object_get(json_array_get(dq, k), "strategy")));
        if (!out)
            idx[m++] = i;
    }
    double *M = malloc(((size_t)m * m + 1) * sizeof *M), *x0 = malloc(((size_t)m + 1) * sizeof *x0);
    int *counts = malloc(((size_t)m + 1) * sizeof *counts);
    rm_evolution e = {0};
    int population = m * 10 > 100 ? m * 10 : 100, rc = 0;
    if (!idx || !M || !x0 || !counts)
        rc = rm_errorf(&err, "out of memory");
    else if (m < 2)
        rc = rm_errorf(&err, "evolution needs at least two strategies that played");
    for (int a = 0; rc == 0 && a < m; a++) {
        x0[a] = 1.0 / m;
        counts[a] = population / m + (a < population % m);
        for (int b = 0; b < m; b++)
            M[a * m + b] = json_number_value(json_array_get(json_array_get(matrix, idx[a]), idx[b]));
    }
    if (rc == 0) {
        rm_rng rng;
        rm_rng_seed(&rng, 1, 0x65766f6cULL);
        rc = moran ? rm_moran(M, m, counts, generations, 1.0, &rng, &e, &err)
                   : rm_replicator(M, m, x0, generations, 1.0, &e, &err);
    }
    json_t *j = NULL;
    if (rc == 0) {
        json_t *nm = json_array(), *sh = json_array();
        for (int a = 0; a < m; a++)
            json_array_append(nm, json_array_get(names, idx[a]));
        for (int g = 0; g <= generations; g++) {
            json_t *row = json_array();
            for (int a = 0; a < m; a++)
                json_array_append_new(row, json_real(e.share[(size_t)g * m + a]));
            json_array_append_new(sh, row);
        }
        j = json_pack("{s:s, s:i, s:o, s:o, s:i}", "dynamics", moran ? "moran" : "replicator",
                      "population", population, "names", nm, "shares", sh, "fixed", e.fixed);
    }
    rm_evolution_free(&e);
    free(idx), free(M), free(x0), free(counts);
    json_decref(t);
    return rc == 0 ? send_json(conn, 200, j) : send_error(conn, 409, err.msg);
}

static enum MHD_Result teacher_api(server *sv, struct MHD_Connection *conn, const char *url,
                                   int post, const request *rq)
{
    rm_error err = {{0}};
    const char *token = header(conn, "X-Teacher");
    if (!token)
        token = query(conn, "token");
    if (!rm_class_is_teacher(sv->c, token))
        return send_error(conn, 403, "teacher only: open the teacher link printed by rmsim serve");
    int code;
    if (!strncmp(url, "/export/", 8) && !post) {
        size_t len;
        char *text = rm_class_export(sv->c, url + 8, &len, &err);
        if (!text)
            return send_error(conn, strstr(err.msg, "no export") ? 404 : 409, err.msg);
        const char *type = strstr(url, ".csv") ? "text/csv; charset=utf-8"
                           : strstr(url, ".json") ? "application/json"
                                                  : "text/html; charset=utf-8";
        return send_text(conn, 200, type, text, len, 1);
    }
    if (!strcmp(url, "/api/teacher") && !post) {
        rm_class_student *st = malloc(RM_CLASS_STUDENTS * sizeof *st);
        if (!st)
            return send_error(conn, 500, "out of memory");
        int n = rm_class_students(sv->c, st, RM_CLASS_STUDENTS);
        json_t *list = json_array();
        for (int i = 0; i < n; i++)
            json_array_append_new(
                list, json_pack("{s:s, s:s, s:b, s:s, s:s, s:i, s:f, s:i}", "id", st[i].id, "name",
                                st[i].name, "entered", st[i].entered, "entry_name",
                                st[i].entry_name, "entry_error", st[i].entry_error, "games",
                                st[i].games, "last_score", st[i].last_score, "playing",
                                st[i].game.started ? st[i].game.nchoices : -1));
        free(st);
        rm_class_round round = rm_class_round_get(sv->c);
        return send_json(conn, 200,
                         json_pack("{s:s, s:{s:i, s:o}, s:o}", "code", rm_class_code(sv->c),
                                   "round", "number", round.number, "settings",
                                   match_json(&round.match), "students", list));
    }
    if (!strcmp(url, "/api/teacher/evolution") && !post)
        return evolution(sv, conn);
    if (!strcmp(url, "/api/teacher/leaderboard") && !post) {
        size_t len;
        char *text = rm_class_export(sv->c, "tournament.json", &len, &err);
        return text ? send_text(conn, 200, "application/json", text, len, 1)
                    : send_error(conn, 409, err.msg);
    }
    if (!post)
        return send_error(conn, 404, "no such request");
    json_t *body = body_object(rq, &err);
    if (!body)
        return send_error(conn, 400, err.msg);
    if (!strcmp(url, "/api/teacher/round")) {
        rm_match_config m = rm_class_round_get(sv->c).match;
        if (match_fields(body, &m, &err) < 0) {
            json_decref(body);
            return send_error(conn, 400, err.msg);
        }
        json_decref(body);
        if ((code = rm_class_round_start(sv->c, &m, &err)) < 0)
            return send_fail(conn, code, &err);
        return send_json(conn, 200, json_pack("{s:i}", "round", rm_class_round_get(sv->c).number));
    }
    if (!strcmp(url, "/api/teacher/tournament")) {
        rm_tournament_config c = rm_tournament_defaults();
        double turns = 200, reps = 1, seed = 1;
        json_t *classics = json_object_get(body, "classics");
        const char *payoff = NULL;
        if (field_number(body, "turns", &turns, 1, 10000, &err) < 0 ||
            field_number(body, "repetitions", &reps, 1, 100, &err) < 0 ||
            field_number(body, "noise", &c.match.noise, 0, 0.5, &err) < 0 ||
            field_number(body, "seed", &seed, 0, 4e9, &err) < 0 ||
            field_string(body, "payoff", &payoff, &err) < 0 ||
            (payoff && rm_payoff_parse(payoff, &c.match.payoff, &err) < 0) ||
            (classics && !json_is_boolean(classics) &&
             rm_errorf(&err, "'classics' must be true or false") < 0)) {
            json_decref(body);
            return send_error(conn, 400, err.msg);
        }
        c.match.turns = (int)turns;
        c.repetitions = (int)reps;
        c.seed = (uint64_t)seed;
        c.threads = sv->threads;
        int with = json_is_true(classics);
        json_decref(body);
        if ((code = rm_class_tournament(sv->c, &c, with, &err)) < 0)
            return send_fail(conn, code, &err);
        size_t len;
        char *text = rm_class_export(sv->c, "tournament.json", &len, &err);
        return text ? send_text(conn, 200, "application/json", text, len, 1)
                    : send_error(conn, 500, err.msg);
    }
    json_decref(body);
    return send_error(conn, 404, "no such request");
}

/* ---- dispatch ------------------------------------------------------------ */

static enum MHD_Result handle(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)version;
    server *sv = cls;
    request *rq = *con_cls;
    if (!rq) {
        rq = calloc(1, sizeof *rq);
        if (!rq)
            return MHD_NO;
        *con_cls = rq;
        const char *cl = header(conn, "Content-Length");
        if (cl && strtoull(cl, NULL, 10) > BODY_MAX)
            rq->too_big = 1;
        return MHD_YES;
    }
    if (*upload_size) {
        if (!rq->too_big && rq->len + *upload_size <= BODY_MAX) {
            char *more = realloc(rq->body, rq->len + *upload_size + 1);
            if (!more)
                return MHD_NO;
            rq->body = more;
            memcpy(rq->body + rq->len, upload, *upload_size);
            rq->len += *upload_size;
            rq->body[rq->len] = '\0';
        } else {
            rq->too_big = 1;
        }
        *upload_size = 0;
        return MHD_YES;
    }
    if (rq->too_big) {
        char msg[96];
        snprintf(msg, sizeof msg, "the request body is larger than %d KiB", BODY_MAX / 1024);
        return send_error(conn, 413, msg);
    }
    int post = !strcmp(method, "POST");
    if (!post && strcmp(method, "GET") && strcmp(method, "HEAD"))
        return send_error(conn, 405, "only GET and POST");
    if (!strncmp(url, "/api/teacher", 12) || !strncmp(url, "/export/", 8))
        return teacher_api(sv, conn, url, post, rq);
    if (!strncmp(url, "/api/", 5))
        return student_api(sv, conn, url, post, rq);
    if (post)
        return send_error(conn, 405, "pages are read with GET");
    const char *page = !strcmp(url, "/") ? "/index.html" : !strcmp(url, "/teacher") ? "/teacher.html" : url;
    for (const web_asset *a = web_assets; a->path; a++)
        if (!strcmp(page, a->path))
            return send_text(conn, 200, a->type, (char *)a->data, a->size, 0);
    return send_error(conn, 404, "no such page");
}

static void completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                      enum MHD_RequestTerminationCode why)
{
    (void)cls, (void)conn, (void)why;
    request *rq = *con_cls;
    if (rq) {
        free(rq->body);
        free(rq);
    }
    *con_cls = NULL;
}

static void print_urls(const char *bind, int port, const rm_class *c)
{
    printf("rmsim serve: class '%s' (saved in %s/)\n", rm_class_dir(c), rm_class_dir(c));
    if (!strcmp(bind, "0.0.0.0")) {
        struct ifaddrs *ifs, *i;
        if (getifaddrs(&ifs) == 0) {
            for (i = ifs; i; i = i->ifa_next)
                if (i->ifa_addr && i->ifa_addr->sa_family == AF_INET) {
                    char a[INET_ADDRSTRLEN];
                    inet_ntop(AF_INET, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, a, sizeof a);
                    if (strcmp(a, "127.0.0.1"))
                        printf("  students open   http://%s:%d/\n", a, port);
                }
            freeifaddrs(ifs);
        }
    }
    printf("  listening on    http://%s:%d/\n", !strcmp(bind, "0.0.0.0") ? "127.0.0.1" : bind,
           port);
    printf("  join code       %s\n", rm_class_code(c));
    printf("  teacher page    http://%s:%d/teacher#%s\n",
           !strcmp(bind, "0.0.0.0") ? "127.0.0.1" : bind, port, rm_class_teacher_token(c));
    printf("Stop with Ctrl-C; the class is saved after every change.\n");
    fflush(stdout);
}

int cmd_serve(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(serve_help, stdout);
            return 0;
        }
    const char *dir = "class", *bind = "127.0.0.1";
    int port = 8080, threads = 2;
    const opt opts[] = {
        {"--class", OPT_STRING, &dir, 0, 0, NULL},
        {"--port", OPT_INT, &port, 0, 65535, NULL},
        {"--bind", OPT_STRING, &bind, 0, 0, NULL},
        {"--threads", OPT_INT, &threads, 1, 64, NULL},
        {NULL, 0, NULL, 0, 0, NULL},
    };
    const char *pos[1];
    int npos;
    rm_error err;
    if (args_parse(argc, argv, opts, pos, 0, &npos, &err) < 0)
        return cli_fail(&err);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)port);
    if (inet_pton(AF_INET, bind, &addr.sin_addr) != 1) {
        rm_errorf(&err, "--bind: '%s' is not an IPv4 address (127.0.0.1, 0.0.0.0, ...)", bind);
        return cli_fail(&err);
    }
    server sv;
    sv.threads = threads;
    pthread_mutex_init(&sv.seed_lock, NULL);
    rm_rng_seed(&sv.seeds, (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 20), 3);
    sv.c = rm_class_open(dir, &err);
    if (!sv.c) {
        fprintf(stderr, "rmsim: --class %s: %s\n", dir, err.msg);
        return 1;
    }
    /* signals are taken by sigwait below, in this thread only */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    sigaddset(&stop, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    struct MHD_Daemon *d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_POLL, 0, NULL,
        NULL, handle, &sv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONNECTIONS_MAX, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
        MHD_OPTION_THREAD_STACK_SIZE, (size_t)(1 << 20),
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
    if (!d) {
        fprintf(stderr, "rmsim: --port %d: cannot listen on %s:%d (in use, or not allowed)\n",
                port, bind, port);
        rm_class_close(sv.c);
        return 1;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    print_urls(bind, info ? info->port : port, sv.c);
    int sig = 0;
    sigwait(&stop, &sig);
    MHD_stop_daemon(d);
    rm_class_close(sv.c);
    pthread_mutex_destroy(&sv.seed_lock);
    fprintf(stderr, "rmsim serve: stopped; the class is in %s/\n", dir);
    return 0;
}
