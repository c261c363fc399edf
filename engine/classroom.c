/* classroom.c - a class's students, entries, games and tournaments, kept
 * in the class folder (see classroom.h). */
#include "rmsim/classroom.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rmsim/output.h"
#include "rmsim/strategy.h"

struct rm_class {
    pthread_mutex_t lock;
    pthread_cond_t saved_cond;
    pthread_mutex_t io;                 /* one output set at a time (output.c's
                                           list of live sets is not thread-safe) */
    unsigned long version, saved;       /* changes made, changes on disk */
    int saving;                         /* a thread is writing class.json */
    char dir[1024];
    char code[8];
    char teacher[40];
    int next_id;                        /* ids are never reused */
    unsigned long checks;               /* names of temporary check files */
    rm_class_round round;
    int n;
    rm_class_student *students;         /* RM_CLASS_STUDENTS */
};

/* The budgets of `rmsim tournament` (its defaults). */
static const rm_limits entry_limits = {1000000, (size_t)64 << 20, RM_DEFAULT_MOVE_SECONDS};

static int fail(rm_error *err, int code, const char *fmt, const char *arg)
{
    rm_errorf(err, fmt, arg ? arg : "");
    return code;
}

/* Copy, cutting what does not fit. */
static void set(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static int random_bytes(unsigned char *buf, size_t n)
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r <= 0) {
            close(fd);
            return -1;
        }
        got += (size_t)r;
    }
    close(fd);
    return 0;
}

static int new_token(char *out)
{
    unsigned char b[16];
    if (random_bytes(b, sizeof b) < 0)
        return -1;
    for (int i = 0; i < 16; i++)
        sprintf(out + 2 * i, "%02x", b[i]);
    return 0;
}

static int new_code(char *out)
{
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    unsigned char b[6];
    if (random_bytes(b, sizeof b) < 0)
        return -1;
    for (int i = 0; i < 6; i++)
        out[i] = alphabet[b[i] % 32];
    out[6] = '\0';
    return 0;
}

/* Constant-time comparison of secrets. */
static int same_secret(const char *a, const char *b)
{
    size_t n = strlen(a), m = strlen(b);
    unsigned diff = (unsigned)(n ^ m);
    for (size_t i = 0; i < n && i < m; i++)
        diff |= (unsigned char)(a[i] ^ b[i]);
    return n > 0 && diff == 0;
}

int rm_class_check_name(const char *name, rm_error *err)
{
    size_t n = strlen(name);
    if (n == 0 || n > RM_CLASS_NAME_MAX)
        return fail(err, RM_CLASS_EINVAL, "a name has 1 to 40 characters%s", NULL);
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                 (*p >= '0' && *p <= '9') || *p == ' ' || *p == '-' || *p == '_' ||
                 *p == '.' || *p == '\'' || *p >= 0x80;
        if (!ok)
            return rm_errorf(err, "'%c' cannot be part of a name (letters, digits, spaces "
                                  "and - _ . ' only)", *p), RM_CLASS_EINVAL;
    }
    if (name[0] == ' ' || name[0] == '.' || name[n - 1] == ' ')
        return fail(err, RM_CLASS_EINVAL, "a name cannot start with a space or a dot, "
                                          "or end with a space%s", NULL);
    return 0;
}

/* ---- saving and loading -------------------------------------------------- */

static json_t *match_json(const rm_match_config *m)
{
    return json_pack("{s:[f,f,f,f], s:i, s:f, s:i, s:f}", "payoff", m->payoff.R, m->payoff.S,
                     m->payoff.T, m->payoff.P, "turns", m->turns, "continuation",
                     m->continuation, "max_turns", m->max_turns, "noise", m->noise);
}

static int match_from(json_t *j, rm_match_config *m, rm_error *err)
{
    json_error_t je;
    *m = rm_match_defaults();
    if (json_unpack_ex(j, &je, 0, "{s:[F,F,F,F], s:i, s:F, s:i, s:F}", "payoff", &m->payoff.R,
                       &m->payoff.S, &m->payoff.T, &m->payoff.P, "turns", &m->turns,
                       "continuation", &m->continuation, "max_turns", &m->max_turns, "noise",
                       &m->noise) < 0)
        return rm_errorf(err, "%s", je.text);
    if (m->turns < 1 || m->turns > RM_CLASS_GAME_TURNS || m->max_turns < 1 ||
        m->max_turns > RM_CLASS_GAME_TURNS || !(m->continuation >= 0 && m->continuation < 1) ||
        !(m->noise >= 0 && m->noise <= 0.5))
        return rm_errorf(err, "game settings out of range");
    return rm_payoff_check(&m->payoff, err);
}

/* class.json as text; called with the lock held. */
static char *dump(const rm_class *c)
{
    json_t *students = json_array();
    for (int i = 0; i < c->n; i++) {
        const rm_class_student *s = &c->students[i];
        const rm_class_game *g = &s->game;
        json_t *game = json_pack("{s:b, s:s, s:o, s:s, s:b, s:s}", "started", g->started,
                                 "seed", "", "match", match_json(&g->match), "buyer", g->buyer,
                                 "hidden", g->hidden, "choices", g->choices);
        char seed[24];
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)g->seed);
        json_object_set_new(game, "seed", json_string(seed));
        const rm_class_duel *d = &s->duel;
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)d->seed);
        json_t *duel = json_pack("{s:i, s:s, s:i, s:s, s:o, s:s}", "state", d->state, "partner",
                                 d->partner, "role", d->role, "seed", seed, "match",
                                 match_json(&d->match), "choices", d->choices);
        json_array_append_new(
            students, json_pack("{s:s, s:s, s:s, s:b, s:s, s:s, s:i, s:f, s:o}", "id", s->id,
                                "token", s->token, "name", s->name, "entered", s->entered,
                                "entry_name", s->entry_name, "entry_error", s->entry_error,
                                "games", s->games, "last_score", s->last_score, "game", game));
        if (d->state != RM_DUEL_NONE)
            json_object_set_new(json_array_get(students, json_array_size(students) - 1), "duel",
                                duel);
        else
            json_decref(duel);
    }
    json_t *root = json_pack("{s:i, s:s, s:s, s:i, s:{s:i, s:o}, s:o}", "version", 1, "code",
                             c->code, "teacher_token", c->teacher, "next_id", c->next_id,
                             "round", "number", c->round.number, "match",
                             match_json(&c->round.match), "students", students);
    char *text = root ? json_dumps(root, JSON_INDENT(1)) : NULL;
    json_decref(root);
    return text;
}

/* Write class.json to a temporary name, sync, rename: a crash leaves the
 * old or the new state, whole. */
static int write_state(rm_class *c, const char *text, rm_error *err)
{
    const char *dir = c->dir;
    if (!text)
        return fail(err, RM_CLASS_EIO, "out of memory while saving the class%s", NULL);
    pthread_mutex_lock(&c->io);
    rm_outset *o = rm_outset_new(dir, err);
    FILE *f = o ? rm_outset_file(o, "class.json", err) : NULL;
    int rc = f ? 0 : -1;
    if (f) {
        fputs(text, f);
        fputc('\n', f);
        rc = rm_outset_commit(o, err);
    }
    rm_outset_free(o);
    pthread_mutex_unlock(&c->io);
    return rc < 0 ? RM_CLASS_EIO : 0;
}

/* Called with the lock held, after a change: returns once class.json on
 * disk holds it. Changes made meanwhile by other threads are saved in
 * the same write (group commit), so one slow disk sync serves many
 * requests. The lock is released while writing. */
static int save(rm_class *c, rm_error *err)
{
    unsigned long mine = ++c->version;
    int rc = 0;
    while (c->saved < mine) {
        if (c->saving) {
            pthread_cond_wait(&c->saved_cond, &c->lock);
            continue;
        }
        c->saving = 1;
        unsigned long v = c->version;
        char *text = dump(c);
        pthread_mutex_unlock(&c->lock);
        rc = write_state(c, text, err);
        free(text);
        pthread_mutex_lock(&c->lock);
        c->saving = 0;
        if (rc == 0)
            c->saved = v;
        pthread_cond_broadcast(&c->saved_cond);
        if (rc < 0)
            break;                      /* kept in memory; the next save retries */
    }
    return rc;
}

static int load_student(json_t *j, rm_class_student *s, rm_error *err)
{
    json_error_t je;
    const char *id, *token, *name, *entry_name, *entry_error, *buyer, *choices, *seed;
    json_t *match;
    int entered, started, hidden;
    memset(s, 0, sizeof *s);
    if (json_unpack_ex(j, &je, 0,
                       "{s:s, s:s, s:s, s:b, s:s, s:s, s:i, s:F, s:{s:b, s:s, s:o, s:s, s:b, "
                       "s:s}}",
                       "id", &id, "token", &token, "name", &name, "entered", &entered,
                       "entry_name", &entry_name, "entry_error", &entry_error, "games",
                       &s->games, "last_score", &s->last_score, "game", "started", &started,
                       "seed", &seed, "match", &match, "buyer", &buyer, "hidden", &hidden,
                       "choices", &choices) < 0)
        return rm_errorf(err, "student: %s", je.text);
    size_t nchoices = strlen(choices);
    if (strlen(id) >= sizeof s->id || strlen(token) != 32 || strlen(buyer) >= sizeof s->game.buyer ||
        nchoices > RM_CLASS_GAME_TURNS || strspn(choices, "CD") != nchoices ||
        rm_class_check_name(name, err) < 0)
        return rm_errorf(err, "student '%s': bad id, token, name or game", id);
    snprintf(s->id, sizeof s->id, "%s", id);
    snprintf(s->token, sizeof s->token, "%s", token);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->entered = entered;
    snprintf(s->entry_name, sizeof s->entry_name, "%s", entry_name);
    snprintf(s->entry_error, sizeof s->entry_error, "%s", entry_error);
    s->game.started = started;
    s->game.seed = strtoull(seed, NULL, 10);
    s->game.hidden = hidden;
    snprintf(s->game.buyer, sizeof s->game.buyer, "%s", buyer);
    memcpy(s->game.choices, choices, nchoices + 1);
    s->game.nchoices = (int)nchoices;
    if (match_from(match, &s->game.match, err) < 0)
        return -1;
    json_t *duel = json_object_get(j, "duel");
    if (!duel)
        return 0;
    rm_class_duel *d = &s->duel;
    const char *partner;
    if (json_unpack_ex(duel, &je, 0, "{s:i, s:s, s:i, s:s, s:o, s:s}", "state", &d->state,
                       "partner", &partner, "role", &d->role, "seed", &seed, "match", &match,
                       "choices", &choices) < 0)
        return rm_errorf(err, "student '%s': duel: %s", id, je.text);
    nchoices = strlen(choices);
    if (d->state < RM_DUEL_NONE || d->state > RM_DUEL_PLAYING || (d->role != 0 && d->role != 1) ||
        strlen(partner) >= sizeof d->partner || nchoices > RM_CLASS_GAME_TURNS ||
        strspn(choices, "CD") != nchoices)
        return rm_errorf(err, "student '%s': bad duel", id);
    snprintf(d->partner, sizeof d->partner, "%s", partner);
    d->seed = strtoull(seed, NULL, 10);
    memcpy(d->choices, choices, nchoices + 1);
    d->nchoices = (int)nchoices;
    return match_from(match, &d->match, err);
}

static int load(rm_class *c, const char *path, rm_error *err)
{
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return rm_errorf(err, "%s:%d: %s", path, je.line, je.text);
    const char *code, *teacher;
    json_t *students, *match;
    int rc = 0;
    if (json_unpack_ex(root, &je, 0, "{s:s, s:s, s:i, s:{s:i, s:o}, s:o}", "code", &code,
                       "teacher_token", &teacher, "next_id", &c->next_id, "round", "number",
                       &c->round.number, "match", &match, "students", &students) < 0 ||
        !json_is_array(students))
        rc = rm_errorf(err, "%s: %s", path, json_is_array(students) ? je.text : "no students");
    else if (strlen(code) != 6 || strlen(teacher) != 32)
        rc = rm_errorf(err, "%s: bad join code or teacher token", path);
    else if (json_array_size(students) > RM_CLASS_STUDENTS)
        rc = rm_errorf(err, "%s: more than %d students", path, RM_CLASS_STUDENTS);
    if (rc == 0) {
        snprintf(c->code, sizeof c->code, "%s", code);
        snprintf(c->teacher, sizeof c->teacher, "%s", teacher);
        rc = match_from(match, &c->round.match, err);
    }
    for (size_t i = 0; rc == 0 && i < json_array_size(students); i++) {
        rc = load_student(json_array_get(students, i), &c->students[i], err);
        c->n = (int)i + 1;
    }
    json_decref(root);
    if (rc < 0 && strncmp(err->msg, path, strlen(path)) != 0) {
        rm_error e = *err;
        rm_errorf(err, "%s: %s", path, e.msg);
    }
    return rc;
}

rm_class *rm_class_open(const char *dir, rm_error *err)
{
    rm_class *c = calloc(1, sizeof *c);
    if (c)
        c->students = calloc(RM_CLASS_STUDENTS, sizeof *c->students);
    if (!c || !c->students) {
        if (c)
            free(c);
        rm_errorf(err, "out of memory");
        return NULL;
    }
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->saved_cond, NULL);
    pthread_mutex_init(&c->io, NULL);
    snprintf(c->dir, sizeof c->dir, "%s", dir);
    c->round.match = rm_match_defaults();
    c->round.match.turns = 10;
    c->round.match.max_turns = RM_CLASS_GAME_TURNS;
    char path[1200];
    snprintf(path, sizeof path, "%s/class.json", dir);
    int rc;
    if (access(path, F_OK) == 0) {
        rc = load(c, path, err);
    } else {
        rc = rm_mkdirs(dir, err);
        if (rc == 0 && (new_code(c->code) < 0 || new_token(c->teacher) < 0))
            rc = rm_errorf(err, "cannot read /dev/urandom for the class's secrets");
        if (rc == 0) {
            char *text = dump(c);
            rc = write_state(c, text, err);
            free(text);
        }
    }
    if (rc < 0) {
        rm_class_close(c);
        return NULL;
    }
    return c;
}

void rm_class_close(rm_class *c)
{
    if (!c)
        return;
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->saved_cond);
    pthread_mutex_destroy(&c->io);
    free(c->students);
    free(c);
}

const char *rm_class_dir(const rm_class *c) { return c->dir; }
const char *rm_class_code(const rm_class *c) { return c->code; }
const char *rm_class_teacher_token(const rm_class *c) { return c->teacher; }

int rm_class_is_teacher(const rm_class *c, const char *token)
{
    return token && same_secret(token, c->teacher);
}

/* Called with the lock held. */
static rm_class_student *find(rm_class *c, const char *token)
{
    if (!token || strlen(token) != 32)
        return NULL;
    for (int i = 0; i < c->n; i++)
        if (same_secret(token, c->students[i].token))
            return &c->students[i];
    return NULL;
}

#define LOCKED_STUDENT(c, token, s, err)                                                      \
    pthread_mutex_lock(&(c)->lock);                                                           \
    rm_class_student *s = find((c), (token));                                                 \
    if (!s) {                                                                                 \
        pthread_mutex_unlock(&(c)->lock);                                                     \
        return fail((err), RM_CLASS_EDENIED, "unknown student: join the class first%s", NULL); \
    }

int rm_class_join(rm_class *c, const char *name, const char *code, rm_class_student *out,
                  rm_error *err)
{
    int rc = rm_class_check_name(name, err);
    if (rc < 0)
        return rc;
    if (!code || strcasecmp(code, c->code) != 0)
        return fail(err, RM_CLASS_EDENIED, "wrong join code (ask your teacher)%s", NULL);
    pthread_mutex_lock(&c->lock);
    for (int i = 0; i < c->n; i++)
        if (!strcasecmp(c->students[i].name, name)) {
            pthread_mutex_unlock(&c->lock);
            return fail(err, RM_CLASS_ECONFLICT, "the name '%s' is taken: choose another",
                        name);
        }
    if (c->n == RM_CLASS_STUDENTS) {
        pthread_mutex_unlock(&c->lock);
        return fail(err, RM_CLASS_EFULL, "the class is full%s", NULL);
    }
    rm_class_student *s = &c->students[c->n];
    memset(s, 0, sizeof *s);
    if (new_token(s->token) < 0) {
        pthread_mutex_unlock(&c->lock);
        return fail(err, RM_CLASS_EIO, "cannot read /dev/urandom%s", NULL);
    }
    snprintf(s->id, sizeof s->id, "s%d", ++c->next_id);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->game.match = c->round.match;
    c->n++;
    *out = *s;
    rc = save(c, err);
    pthread_mutex_unlock(&c->lock);
    return rc;
}

int rm_class_student_get(rm_class *c, const char *token, rm_class_student *out, rm_error *err)
{
    LOCKED_STUDENT(c, token, s, err);
    *out = *s;
    pthread_mutex_unlock(&c->lock);
    return 0;
}

int rm_class_students(rm_class *c, rm_class_student *out, int max)
{
    pthread_mutex_lock(&c->lock);
    int n = c->n < max ? c->n : max;
    memcpy(out, c->students, (size_t)n * sizeof *out);
    pthread_mutex_unlock(&c->lock);
    return n;
}

rm_class_round rm_class_round_get(rm_class *c)
{
    pthread_mutex_lock(&c->lock);
    rm_class_round r = c->round;
    pthread_mutex_unlock(&c->lock);
    return r;
}

static int check_match(const rm_match_config *m, rm_error *err)
{
    if (m->turns < 1 || m->turns > RM_CLASS_GAME_TURNS)
        return rm_errorf(err, "periods: 1 to %d", RM_CLASS_GAME_TURNS), RM_CLASS_EINVAL;
    if (!(m->continuation == 0 || (m->continuation >= 0.01 && m->continuation <= 0.99)))
        return fail(err, RM_CLASS_EINVAL, "unknown length: a chance from 0.01 to 0.99, or 0%s",
                    NULL);
    if (!(m->noise >= 0 && m->noise <= 0.5))
        return fail(err, RM_CLASS_EINVAL, "noise: a chance from 0 to 0.5%s", NULL);
    return rm_payoff_check(&m->payoff, err) < 0 ? RM_CLASS_EINVAL : 0;
}

int rm_class_round_start(rm_class *c, const rm_match_config *m, rm_error *err)
{
    int rc = check_match(m, err);
    if (rc < 0)
        return rc;
    pthread_mutex_lock(&c->lock);
    c->round.number++;
    c->round.match = *m;
    c->round.match.max_turns = RM_CLASS_GAME_TURNS;
    rc = save(c, err);
    pthread_mutex_unlock(&c->lock);
    return rc;
}

/* ---- strategies ---------------------------------------------------------- */

/* Replace every occurrence of path in text by "strategy.lua". */
static void hide_path(char *text, size_t size, const char *path)
{
    static const char with[] = "strategy.lua";
    size_t n = strlen(path);
    char *p;
    if (n <= sizeof with - 1)
        return;                     /* never longer, so it always fits */
    while ((p = strstr(text, path)) != NULL) {
        size_t tail = strlen(p + n);
        memmove(p + sizeof with - 1, p + n, tail + 1);
        memcpy(p, with, sizeof with - 1);
        text[size - 1] = '\0';
    }
}

static int write_file(rm_class *c, const char *dir, const char *name, const char *src,
                      size_t len, rm_error *err)
{
    pthread_mutex_lock(&c->io);
    rm_outset *o = rm_outset_new(dir, err);
    FILE *f = o ? rm_outset_file(o, name, err) : NULL;
    int rc = -1;
    if (f && fwrite(src, 1, len, f) == len)
        rc = rm_outset_commit(o, err);
    else if (f)
        rm_errorf(err, "%s/%s: cannot write", dir, name);
    rm_outset_free(o);
    pthread_mutex_unlock(&c->io);
    return rc < 0 ? RM_CLASS_EIO : 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* The classic strategies' names, sorted. */
static int classics(char (*names)[64], int max)
{
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/strategies", rm_scripts_dir());
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *de;
    while (d && n < max && (de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len > 4 && len < 64 && !strcmp(de->d_name + len - 4, ".lua") && de->d_name[0] != '.') {
            memcpy(names[n], de->d_name, len - 4);
            names[n++][len - 4] = '\0';
        }
    }
    if (d)
        closedir(d);
    qsort(names, (size_t)n, sizeof *names, by_name);
    return n;
}

/* Load the strategy at path and play it against every classic. */
static int check_file(const char *path, const rm_payoff *pay, rm_class_check *out, rm_error *err)
{
    memset(out, 0, sizeof *out);
    rm_strategy me;
    if (rm_strategy_load(path, &entry_limits, &me, err) < 0) {
        hide_path(err->msg, sizeof err->msg, path);
        return RM_CLASS_ESTRATEGY;
    }
    rm_match_config m = rm_match_defaults();
    m.payoff = *pay;
    out->turns = m.turns;
    snprintf(out->declared, sizeof out->declared, "%s", me.name);
    rm_match_result *r = malloc(sizeof *r);
    if (!r)
        return fail(err, RM_CLASS_EIO, "out of memory%s", NULL);
    char names[RM_CLASS_CLASSICS][64];
    int n = classics(names, RM_CLASS_CLASSICS), rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        char p[1200];
        rm_strategy other;
        rm_strategy_path(names[i], p, sizeof p);
        if (rm_strategy_load(p, &entry_limits, &other, err) < 0)
            continue;
        rm_rng rng;
        rm_rng_seed(&rng, 1, (uint64_t)i);
        if (rm_play_strategies(&m, &me, &other, rm_lua_strategy_ops(), &rng, r, err) < 0) {
            if (r->failed != 2) {
                hide_path(err->msg, sizeof err->msg, path);
                rm_error e = *err;
                rm_errorf(err, "%s (playing %s)", e.msg, names[i]);
                rc = RM_CLASS_ESTRATEGY;
            }
            continue;
        }
        snprintf(out->name[out->n], sizeof out->name[0], "%s", names[i]);
        out->mine[out->n] = r->score_a / r->turns;
        out->theirs[out->n] = r->score_b / r->turns;
        out->n++;
    }
    free(r);
    if (rc < 0)
        out->declared[0] = '\0';
    return rc;
}

static int source_ok(const char *src, size_t len, rm_error *err)
{
    if (len == 0)
        return fail(err, RM_CLASS_EINVAL, "the strategy is empty%s", NULL);
    if (len > RM_CLASS_SOURCE_MAX)
        return rm_errorf(err, "the strategy is longer than %d bytes", RM_CLASS_SOURCE_MAX),
               RM_CLASS_EINVAL;
    if (memchr(src, '\0', len))
        return fail(err, RM_CLASS_EINVAL, "the strategy must be text (it contains a NUL byte)%s",
                    NULL);
    if (len >= 4 && !memcmp(src, "\x1bLua", 4))
        return fail(err, RM_CLASS_EINVAL, "compiled Lua is not accepted: send the source%s",
                    NULL);
    return 0;
}

int rm_class_check_source(rm_class *c, const char *token, const char *src, size_t len,
                          rm_class_check *out, rm_error *err)
{
    int rc = source_ok(src, len, err);
    if (rc < 0)
        return rc;
    LOCKED_STUDENT(c, token, s, err);
    char dir[1200], name[64];
    snprintf(dir, sizeof dir, "%s/entries/%s", c->dir, s->id);
    snprintf(name, sizeof name, "check-%lu.lua", ++c->checks);
    rm_payoff pay = c->round.match.payoff;
    rc = write_file(c, dir, name, src, len, err);
    pthread_mutex_unlock(&c->lock);
    if (rc < 0)
        return rc;
    char path[1300];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    rc = check_file(path, &pay, out, err);
    unlink(path);
    return rc;
}

int rm_class_enter(rm_class *c, const char *token, const char *src, size_t len,
                   rm_class_check *out, rm_error *err)
{
    int rc = source_ok(src, len, err);
    if (rc < 0)
        return rc;
    LOCKED_STUDENT(c, token, s, err);
    char dir[1200], id[16];
    snprintf(dir, sizeof dir, "%s/entries/%s", c->dir, s->id);
    snprintf(id, sizeof id, "%s", s->id);
    rm_payoff pay = c->round.match.payoff;
    rc = write_file(c, dir, "strategy.lua", src, len, err);
    pthread_mutex_unlock(&c->lock);
    if (rc < 0)
        return rc;
    char path[1300];
    snprintf(path, sizeof path, "%s/strategy.lua", dir);
    rm_error cerr = {{0}};
    int checked = check_file(path, &pay, out, &cerr);
    pthread_mutex_lock(&c->lock);
    s = find(c, token);
    s->entered = 1;
    snprintf(s->entry_name, sizeof s->entry_name, "%s", checked == 0 ? out->declared : "");
    set(s->entry_error, sizeof s->entry_error, checked == 0 ? "" : cerr.msg);
    rc = save(c, err);
    pthread_mutex_unlock(&c->lock);
    if (rc < 0)
        return rc;
    if (checked < 0)
        *err = cerr;
    return checked;
}

char *rm_class_entry_source(rm_class *c, const char *token, rm_error *err)
{
    pthread_mutex_lock(&c->lock);
    rm_class_student *s = find(c, token);
    char path[1300];
    if (s)
        snprintf(path, sizeof path, "%s/entries/%s/strategy.lua", c->dir, s->id);
    int entered = s && s->entered;
    pthread_mutex_unlock(&c->lock);
    if (!s) {
        fail(err, RM_CLASS_EDENIED, "unknown student: join the class first%s", NULL);
        return NULL;
    }
    if (!entered) {
        fail(err, RM_CLASS_ECONFLICT, "you have no entry yet%s", NULL);
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    char *text = malloc(RM_CLASS_SOURCE_MAX + 1);
    size_t n = f && text ? fread(text, 1, RM_CLASS_SOURCE_MAX, f) : 0;
    if (f)
        fclose(f);
    if (!text)
        return NULL;
    text[n] = '\0';
    return text;
}

/* ---- games --------------------------------------------------------------- */

int rm_class_game_new(rm_class *c, const char *token, const rm_match_config *m,
                      const char *buyer, int hidden, uint64_t seed, rm_error *err)
{
    int rc = check_match(m, err);
    if (rc < 0)
        return rc;
    if (!buyer || strlen(buyer) >= sizeof ((rm_class_game *)0)->buyer ||
        strspn(buyer, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(buyer) || !buyer[0])
        return fail(err, RM_CLASS_EINVAL, "no such buyer strategy%s", NULL);
    char path[1200];
    rm_strategy_path(buyer, path, sizeof path);
    if (access(path, R_OK) != 0)
        return fail(err, RM_CLASS_EINVAL, "no such buyer strategy '%s'", buyer);
    LOCKED_STUDENT(c, token, s, err);
    memset(&s->game, 0, sizeof s->game);
    s->game.started = 1;
    s->game.seed = seed;
    s->game.match = *m;
    s->game.match.max_turns = RM_CLASS_GAME_TURNS;
    s->game.hidden = hidden;
    snprintf(s->game.buyer, sizeof s->game.buyer, "%s", buyer);
    rc = save(c, err);
    pthread_mutex_unlock(&c->lock);
    return rc;
}

/* The person, as a player: the recorded choices, then "waiting". */
static void *person_open(const rm_strategy *s, rm_error *err)
{
    (void)s, (void)err;
    return NULL;
}

static int person_begin(void *inst, int length, const rm_payoff *p, rm_rng *rng, rm_error *err)
{
    (void)inst, (void)length, (void)p, (void)rng, (void)err;
    return 0;
}

static int person_move(void *inst, int t, const uint8_t *mine, const uint8_t *theirs, int *out,
                       rm_error *err)
{
    const rm_class_game *g = inst;
    (void)mine, (void)theirs;
    if (t >= g->nchoices)
        return rm_errorf(err, "waiting for the person");
    *out = g->choices[t] == 'C' ? RM_C : RM_D;
    return 0;
}

static void person_close(void *inst) { (void)inst; }

static const rm_script_ops person_ops = {person_open, person_begin, person_move, person_close};

/* Replay a game from its seed with the choices made so far. */
static int replay(const rm_class_game *g, rm_class_game_state *st, rm_error *err)
{
    memset(st, 0, sizeof *st);
    char path[1200];
    rm_strategy_path(g->buyer, path, sizeof path);
    if (rm_strategy_load(path, &entry_limits, &st->buyer, err) < 0)
        return RM_CLASS_EIO;
    st->result = malloc(sizeof *st->result);
    if (!st->result)
        return fail(err, RM_CLASS_EIO, "out of memory%s", NULL);
    rm_strategy person;
    memset(&person, 0, sizeof person);
    person.kind = RM_STRATEGY_SCRIPT;
    snprintf(person.name, sizeof person.name, "you");
    const rm_script_ops *lua = rm_lua_strategy_ops();
    rm_player a = {&person, (void *)g, &person_ops}, b = {&st->buyer, NULL, lua};
    if (st->buyer.kind == RM_STRATEGY_SCRIPT && !(b.script = lua->open(&st->buyer, err))) {
        free(st->result);
        st->result = NULL;
        return RM_CLASS_EIO;
    }
    rm_rng rng;
    rm_rng_seed(&rng, g->seed, 0);
    int rc = rm_play_match(&g->match, &a, &b, &rng, st->result, err);
    if (b.script)
        lua->close(b.script);
    if (rc == 0) {
        st->over = 1;
    } else if (st->result->failed != 1) {
        free(st->result);
        st->result = NULL;
        return RM_CLASS_EIO;
    }
    return 0;
}

int rm_class_game_state_get(rm_class *c, const char *token, rm_class_game *game,
                            rm_class_game_state *st, rm_error *err)
{
    LOCKED_STUDENT(c, token, s, err);
    *game = s->game;
    pthread_mutex_unlock(&c->lock);
    memset(st, 0, sizeof *st);
    if (!game->started)
        return fail(err, RM_CLASS_ECONFLICT, "no game yet: start one%s", NULL);
    return replay(game, st, err);
}

int rm_class_game_move(rm_class *c, const char *token, char choice, rm_class_game *game,
                       rm_class_game_state *st, rm_error *err)
{
    memset(st, 0, sizeof *st);
    if (choice != 'C' && choice != 'D')
        return fail(err, RM_CLASS_EINVAL, "a move is \"C\" (cooperate) or \"D\" (compete)%s",
                    NULL);
    rm_class_game g;
    {
        LOCKED_STUDENT(c, token, s, err);
        g = s->game;
        pthread_mutex_unlock(&c->lock);
    }
    if (!g.started)
        return fail(err, RM_CLASS_ECONFLICT, "no game yet: start one%s", NULL);
    if (g.nchoices >= RM_CLASS_GAME_TURNS)
        return fail(err, RM_CLASS_ECONFLICT, "this game is over: start a new one%s", NULL);
    g.choices[g.nchoices++] = choice;
    g.choices[g.nchoices] = '\0';
    int rc = replay(&g, st, err);
    if (rc < 0)
        return rc;
    if (st->result->turns < g.nchoices) {       /* it ended before this choice */
        free(st->result);
        st->result = NULL;
        return fail(err, RM_CLASS_ECONFLICT, "this game is over: start a new one%s", NULL);
    }
    LOCKED_STUDENT(c, token, s, err);
    if (s->game.seed != g.seed || s->game.nchoices != g.nchoices - 1) {
        pthread_mutex_unlock(&c->lock);
        free(st->result);
        st->result = NULL;
        return fail(err, RM_CLASS_ECONFLICT, "the game changed meanwhile: reload%s", NULL);
    }
    s->game = g;
    if (st->over) {
        s->games++;
        s->last_score = st->result->score_a / st->result->turns;
    }
    rc = save(c, err);
    pthread_mutex_unlock(&c->lock);
    *game = g;
    if (rc < 0) {
        free(st->result);
        st->result = NULL;
    }
    return rc;
}

/* ---- duels between students ---------------------------------------------- */

/* Called with the lock held. */
static rm_class_student *by_id(rm_class *c, const char *id)
{
    for (int i = 0; i < c->n; i++)
        if (!strcmp(c->students[i].id, id))
            return &c->students[i];
    return NULL;
}

int rm_class_duel_pair(rm_class *c, const char *token, uint64_t seed, rm_error *err)
{
    LOCKED_STUDENT(c, token, s, err);
    rm_class_student *other = NULL;
    for (int i = 0; i < c->n && !other; i++)
        if (&c->students[i] != s && c->students[i].duel.state == RM_DUEL_WAITING)
            other = &c->students[i];
    memset(&s->duel, 0, sizeof s->duel);
    if (other) {
        rm_class_duel d;
        memset(&d, 0, sizeof d);
        d.state = RM_DUEL_PLAYING;
        d.seed = seed;
        d.match = c->round.match;
        d.match.max_turns = RM_CLASS_GAME_TURNS;
        other->duel = d;
        snprintf(other->duel.partner, sizeof other->duel.partner, "%s", s->id);
        other->duel.role = 0;                   /* the one who waited plays a */
        s->duel = d;
        snprintf(s->duel.partner, sizeof s->duel.partner, "%s", other->id);
        s->duel.role = 1;
    } else {
        s->duel.state = RM_DUEL_WAITING;
    }
    int rc = save(c, err);
    pthread_mutex_unlock(&c->lock);
    return rc;
}

typedef struct duel_side {
    const char *choices;
    int n;
} duel_side;

static int side_move(void *inst, int t, const uint8_t *mine, const uint8_t *theirs, int *out,
                     rm_error *err)
{
    const duel_side *d = inst;
    (void)mine, (void)theirs;
    if (t >= d->n)
        return rm_errorf(err, "waiting for a choice");
    *out = d->choices[t] == 'C' ? RM_C : RM_D;
    return 0;
}

static const rm_script_ops side_ops = {person_open, person_begin, side_move, person_close};

/* Called with the lock held: the duel of s from s's side. */
static int duel_state(rm_class *c, rm_class_student *s, rm_class_duel_state *out, rm_error *err)
{
    memset(out, 0, sizeof *out);
    out->state = s->duel.state;
    out->match = s->duel.match;
    memcpy(out->choices, s->duel.choices, (size_t)s->duel.nchoices + 1);
    if (s->duel.state != RM_DUEL_PLAYING)
        return 0;
    rm_class_student *p = by_id(c, s->duel.partner);
    if (!p || p->duel.state != RM_DUEL_PLAYING || strcmp(p->duel.partner, s->id) ||
        p->duel.seed != s->duel.seed) {
        out->partner_left = 1;
        return 0;
    }
    snprintf(out->partner_name, sizeof out->partner_name, "%s", p->name);
    rm_match_result *r = malloc(sizeof *r);
    if (!r)
        return fail(err, RM_CLASS_EIO, "out of memory%s", NULL);
    duel_side me = {s->duel.choices, s->duel.nchoices}, them = {p->duel.choices, p->duel.nchoices};
    rm_strategy person;
    memset(&person, 0, sizeof person);
    person.kind = RM_STRATEGY_SCRIPT;
    rm_player a = {&person, s->duel.role == 0 ? &me : &them, &side_ops};
    rm_player b = {&person, s->duel.role == 0 ? &them : &me, &side_ops};
    rm_rng rng;
    rm_rng_seed(&rng, s->duel.seed, 0);
    out->over = rm_play_match(&s->duel.match, &a, &b, &rng, r, err) == 0;
    out->turns = r->turns;
    const uint8_t *mine = s->duel.role == 0 ? r->moves_a : r->moves_b;
    const uint8_t *theirs = s->duel.role == 0 ? r->moves_b : r->moves_a;
    for (int t = 0; t < r->turns; t++) {
        out->mine[t] = mine[t] == RM_C ? 'C' : 'D';
        out->theirs[t] = theirs[t] == RM_C ? 'C' : 'D';
    }
    out->score_mine = s->duel.role == 0 ? r->score_a : r->score_b;
    out->score_theirs = s->duel.role == 0 ? r->score_b : r->score_a;
    out->waiting = !out->over && s->duel.nchoices > r->turns;
    free(r);
    return 0;
}

int rm_class_duel_get(rm_class *c, const char *token, rm_class_duel_state *out, rm_error *err)
{
    LOCKED_STUDENT(c, token, s, err);
    int rc = duel_state(c, s, out, err);
    pthread_mutex_unlock(&c->lock);
    return rc;
}

int rm_class_duel_move(rm_class *c, const char *token, char choice, rm_error *err)
{
    if (choice != 'C' && choice != 'D')
        return fail(err, RM_CLASS_EINVAL, "a move is \"C\" (cooperate) or \"D\" (compete)%s",
                    NULL);
    rm_class_duel_state *st = malloc(sizeof *st);
    if (!st)
        return fail(err, RM_CLASS_EIO, "out of memory%s", NULL);
    LOCKED_STUDENT(c, token, s, err);
    int rc = duel_state(c, s, st, err);
    if (rc == 0 && st->state != RM_DUEL_PLAYING)
        rc = fail(err, RM_CLASS_ECONFLICT, "%s", st->state == RM_DUEL_WAITING
                  ? "no partner yet: wait until the server pairs you" : "ask for a partner first");
    else if (rc == 0 && st->partner_left)
        rc = fail(err, RM_CLASS_ECONFLICT, "your partner left: ask for a new one%s", NULL);
    else if (rc == 0 && st->over)
        rc = fail(err, RM_CLASS_ECONFLICT, "this game is over: ask for a new partner%s", NULL);
    else if (rc == 0 && st->waiting)
        rc = fail(err, RM_CLASS_ECONFLICT, "wait for your partner's choice%s", NULL);
    if (rc == 0) {
        s->duel.choices[s->duel.nchoices++] = choice;
        s->duel.choices[s->duel.nchoices] = '\0';
        rc = save(c, err);
    }
    pthread_mutex_unlock(&c->lock);
    free(st);
    return rc;
}

/* ---- the class tournament ------------------------------------------------ */

int rm_class_tournament(rm_class *c, const rm_tournament_config *cfg, int with_classics,
                        rm_error *err)
{
    rm_class_student *st = malloc(RM_CLASS_STUDENTS * sizeof *st);
    char (*cl)[64] = malloc(RM_CLASS_CLASSICS * sizeof *cl);
    rm_strategy *s = calloc(RM_CLASS_STUDENTS + RM_CLASS_CLASSICS, sizeof *s);
    char **why = calloc(RM_CLASS_STUDENTS + RM_CLASS_CLASSICS, sizeof *why);
    char (*lerr)[RM_ERROR_MAX] = calloc(RM_CLASS_STUDENTS, sizeof *lerr);
    if (!st || !cl || !s || !why || !lerr) {
        free(st), free(cl), free(s), free(why), free(lerr);
        return fail(err, RM_CLASS_EIO, "out of memory%s", NULL);
    }
    int ns = rm_class_students(c, st, RM_CLASS_STUDENTS), n = 0;
    for (int i = 0; i < ns; i++) {
        if (!st[i].entered)
            continue;
        char path[1300];
        snprintf(path, sizeof path, "%s/entries/%s/strategy.lua", c->dir, st[i].id);
        rm_error e;
        if (rm_strategy_load(path, &entry_limits, &s[n], &e) < 0) {
            hide_path(e.msg, sizeof e.msg, path);
            snprintf(lerr[n], sizeof lerr[n], "%s", e.msg);
            why[n] = lerr[n];
            set(s[n].path, sizeof s[n].path, path);
        }
        /* the student's name on the leaderboard; a duplicate gets the id */
        snprintf(s[n].name, sizeof s[n].name, "%s", st[i].name);
        for (int k = 0; k < n; k++)
            if (!strcmp(s[k].name, s[n].name))
                snprintf(s[n].name, sizeof s[n].name, "%s (%s)", st[i].name, st[i].id);
        n++;
    }
    int nc = with_classics ? classics(cl, RM_CLASS_CLASSICS) : 0;
    for (int i = 0; i < nc; i++) {
        char path[1200];
        rm_error e;
        rm_strategy_path(cl[i], path, sizeof path);
        if (rm_strategy_load(path, &entry_limits, &s[n], &e) == 0)
            n++;
    }
    int rc = 0;
    if (n == 0)
        rc = fail(err, RM_CLASS_ECONFLICT, "no entries yet: students enter strategies first%s",
                  NULL);
    rm_tournament t;
    rm_tournament_config tc = *cfg;
    tc.ops = rm_lua_strategy_ops();
    if (rc == 0 && rm_tournament_run(&tc, s, n, (const char *const *)why, &t, err) < 0)
        rc = RM_CLASS_EINVAL;
    if (rc == 0) {
        /* paths in the results are relative to the class folder */
        size_t dl = strlen(c->dir);
        for (int i = 0; i < n; i++) {
            hide_path(t.reason[i], sizeof t.reason[i], s[i].path);
            if (!strncmp(s[i].path, c->dir, dl) && s[i].path[dl] == '/')
                memmove(s[i].path, s[i].path + dl + 1, strlen(s[i].path + dl + 1) + 1);
        }
        char dir[1200];
        snprintf(dir, sizeof dir, "%s/tournament", c->dir);
        pthread_mutex_lock(&c->lock);
        pthread_mutex_lock(&c->io);
        rc = rm_tournament_write_files(dir, &t, s, &tc, err) < 0 ? RM_CLASS_EIO : 0;
        pthread_mutex_unlock(&c->io);
        pthread_mutex_unlock(&c->lock);
        rm_tournament_free(&t);
    }
    free(st), free(cl), free(s), free(why), free(lerr);
    return rc;
}

char *rm_class_export(rm_class *c, const char *name, size_t *len, rm_error *err)
{
    if (strcmp(name, "leaderboard.csv") && strcmp(name, "tournament.json") &&
        strcmp(name, "report.html")) {
        fail(err, RM_CLASS_EINVAL, "no export named '%s'", name);
        return NULL;
    }
    char path[1300];
    snprintf(path, sizeof path, "%s/tournament/%s", c->dir, name);
    pthread_mutex_lock(&c->lock);
    FILE *f = fopen(path, "rb");
    char *text = NULL;
    size_t cap = 0, n = 0;
    while (f) {
        if (n + 65536 + 1 > cap) {
            char *more = realloc(text, cap = cap ? cap * 2 : 65536 * 2);
            if (!more)
                break;
            text = more;
        }
        size_t got = fread(text + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0)
            break;
    }
    if (f)
        fclose(f);
    pthread_mutex_unlock(&c->lock);
    if (!f) {
        free(text);
        fail(err, RM_CLASS_ECONFLICT, "no tournament yet: run one first%s", NULL);
        return NULL;
    }
    if (!text)
        text = calloc(1, 1);
    if (text)
        text[n] = '\0';
    *len = n;
    return text;
}
