/* test_serve.c - `rmsim serve` over real HTTP on loopback: a student's
 * game and entry, the teacher's tournament and exports, hostile requests
 * (each a 4xx with a clear error, the class state untouched, the server
 * still answering), and a restart that loses nothing. */
#include "testutil.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>

static pid_t server_pid;
static int server_port;
static char class_dir[256];
static char join_code[16], teacher[64];

/* Start rmsim serve on a free port and read its address, code, token. */
static void start_server(void)
{
    int out[2];
    assert_int_equal(pipe(out), 0);
    server_pid = fork();
    if (server_pid == 0) {
        alarm(600);             /* never outlive a stuck test run */
        dup2(out[1], 1);
        close(out[0]);
        int devnull = open("/dev/null", O_WRONLY);
        dup2(devnull, 2);
        execl(rmsim_path(), rmsim_path(), "serve", "--class", class_dir, "--port", "0",
              (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    FILE *f = fdopen(out[0], "r");
    char line[512];
    server_port = 0;
    while (fgets(line, sizeof line, f)) {
        char *p;
        if ((p = strstr(line, "listening on    http://127.0.0.1:")))
            server_port = atoi(p + strlen("listening on    http://127.0.0.1:"));
        if ((p = strstr(line, "join code       ")))
            sscanf(p + strlen("join code       "), "%15s", join_code);
        if ((p = strstr(line, "/teacher#")))
            sscanf(p + strlen("/teacher#"), "%63s", teacher);
        if (strstr(line, "Stop with"))
            break;
    }
    fclose(f);
    assert_true(server_port > 0);
    assert_int_equal(strlen(join_code), 6);
    assert_int_equal(strlen(teacher), 32);
}

static void stop_server(void)
{
    int st;
    kill(server_pid, SIGTERM);
    waitpid(server_pid, &st, 0);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
}

typedef struct reply {
    int status;
    char *body;
    json_t *json;
} reply;

/* One request on its own connection (HTTP/1.0, so the server closes). */
static reply http_raw(const char *method, const char *path, const char *headers, const char *body,
                      size_t body_len)
{
    reply r = {0, NULL, NULL};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)server_port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    char head[2048];
    int n = snprintf(head, sizeof head,
                     "%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\n%sContent-Length: %zu\r\n"
                     "Content-Type: application/json\r\n\r\n",
                     method, path, headers ? headers : "", body_len);
    assert_true(write(fd, head, (size_t)n) == n);
    size_t sent = 0;
    while (sent < body_len) {
        ssize_t w = write(fd, body + sent, body_len - sent);
        if (w <= 0)
            break;          /* the server may refuse a large body early */
        sent += (size_t)w;
    }
    shutdown(fd, SHUT_WR);
    char *all = slurp_fd(fd);
    close(fd);
    sscanf(all, "HTTP/1.%*d %d", &r.status);
    char *start = strstr(all, "\r\n\r\n");
    r.body = strdup(start ? start + 4 : "");
    free(all);
    r.json = json_loads(r.body, 0, NULL);
    return r;
}

static reply http(const char *method, const char *path, const char *headers, const char *body)
{
    return http_raw(method, path, headers, body, body ? strlen(body) : 0);
}

static void reply_free(reply *r)
{
    free(r->body);
    json_decref(r->json);
}

static const char *jstr(const reply *r, const char *key)
{
    const char *s = json_string_value(json_object_get(r->json, key));
    return s ? s : "";
}

/* Join under name; the X-Token header line for later requests. */
static void join(const char *name, char *header_line, size_t size, char *id, size_t idsize)
{
    char body[256];
    snprintf(body, sizeof body, "{\"name\": \"%s\", \"code\": \"%s\"}", name, join_code);
    reply r = http("POST", "/api/join", NULL, body);
    assert_int_equal(r.status, 200);
    snprintf(header_line, size, "X-Token: %s\r\n", jstr(&r, "token"));
    if (id)
        snprintf(id, idsize, "%s", jstr(&r, "id"));
    reply_free(&r);
}

static char *source_json(const char *src)
{
    json_t *j = json_pack("{s:s}", "source", src);
    char *s = json_dumps(j, 0);
    json_decref(j);
    return s;
}

static char *class_state(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/class.json", class_dir);
    char *s = slurp_file(path);
    assert_non_null(s);
    return s;
}

static const char good[] =
    "return { name = \"tft\", memory_one = { first = 1, CC = 1, CD = 0, DC = 1, DD = 0 } }\n";
static const char broken[] =
    "return { name = \"broken\", move = function(h)\n  return h.nothing.here\nend }\n";
static const char looping[] = "function move(h)\n  while true do end\nend\n";

static void a_student_plays_ten_periods_and_gets_the_debrief(void **state)
{
    (void)state;
    char tok[128];
    join("Ada", tok, sizeof tok, NULL, 0);
    reply r = http("POST", "/api/game", tok, "{\"periods\": 10}");
    assert_int_equal(r.status, 200);
    assert_false(json_is_true(json_object_get(r.json, "over")));
    assert_null(json_object_get(r.json, "buyer_name"));     /* hidden */
    reply_free(&r);
    const char *moves = "CCDCCCCDCC";
    for (int t = 0; t < 10; t++) {
        char body[32];
        snprintf(body, sizeof body, "{\"move\": \"%c\"}", moves[t]);
        r = http("POST", "/api/move", tok, body);
        assert_int_equal(r.status, 200);
        assert_int_equal(json_integer_value(json_object_get(r.json, "turn")), t + 1);
        assert_int_equal(strlen(jstr(&r, "you")), (size_t)t + 1);
        /* no noise: what arrives is what the person chose */
        assert_int_equal(jstr(&r, "you")[t], moves[t]);
        assert_int_equal(json_is_true(json_object_get(r.json, "over")), t == 9);
        if (t < 9)
            reply_free(&r);
    }
    /* the debrief of rmsim play: the buyer revealed and the comparison */
    assert_contains(jstr(&r, "debrief"), "Game over after 10 periods.");
    assert_contains(jstr(&r, "debrief"), "The buyer was playing ");
    assert_contains(jstr(&r, "debrief"), "strategies did better than you.");
    assert_true(strlen(jstr(&r, "buyer_name")) > 0);
    /* the scores are the payoffs of the moves shown (3,0,5,1) */
    const char *you = jstr(&r, "you"), *buyer = jstr(&r, "buyer");
    double sum = 0;
    for (int t = 0; t < 10; t++)
        sum += you[t] == 'C' ? (buyer[t] == 'C' ? 3 : 0) : (buyer[t] == 'C' ? 5 : 1);
    assert_true(json_real_value(json_object_get(r.json, "score_you")) == sum);
    reply_free(&r);
    r = http("POST", "/api/move", tok, "{\"move\": \"C\"}");
    assert_int_equal(r.status, 409);
    assert_contains(jstr(&r, "error"), "over");
    reply_free(&r);
}

static void entries_checks_and_the_tournament(void **state)
{
    (void)state;
    char tg[128], tb[128];
    join("Grace", tg, sizeof tg, NULL, 0);
    join("Linus", tb, sizeof tb, NULL, 0);
    char *body = source_json(good);
    reply r = http("POST", "/api/entry", tg, body);
    free(body);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(&r, "name"), "tft");
    assert_true(json_array_size(json_object_get(r.json, "vs")) >= 10);
    reply_free(&r);
    body = source_json(broken);
    r = http("POST", "/api/entry", tb, body);
    free(body);
    assert_int_equal(r.status, 422);
    /* the line number, as on the command line, and not the server's path */
    assert_contains(jstr(&r, "error"), "strategy.lua:2:");
    assert_null(strstr(jstr(&r, "error"), class_dir));
    reply_free(&r);
    /* a syntax error is caught by the check with its line */
    body = source_json("return {\n name = \"x\"\n move = 1 }\n");
    r = http("POST", "/api/check", tb, body);
    free(body);
    assert_int_equal(r.status, 422);
    assert_contains(jstr(&r, "error"), "strategy.lua:3:");
    reply_free(&r);

    char th[128];
    snprintf(th, sizeof th, "X-Teacher: %s\r\n", teacher);
    r = http("POST", "/api/teacher/tournament", th, "{\"turns\": 50, \"classics\": true}");
    assert_int_equal(r.status, 200);
    json_t *ranking = json_object_get(r.json, "ranking"), *dq = json_object_get(r.json, "disqualified");
    int found = 0;
    for (size_t i = 0; i < json_array_size(ranking); i++)
        found |= !strcmp(json_string_value(json_object_get(json_array_get(ranking, i), "strategy")),
                         "Grace");
    assert_true(found);
    assert_int_equal(json_array_size(dq), 1);
    assert_string_equal(json_string_value(json_object_get(json_array_get(dq, 0), "strategy")),
                        "Linus");
    assert_contains(json_string_value(json_object_get(json_array_get(dq, 0), "reason")),
                    "strategy.lua:2:");
    reply_free(&r);
    /* the exports are rmsim tournament --out's three files */
    char path[512];
    snprintf(path, sizeof path, "/export/leaderboard.csv?token=%s", teacher);
    r = http("GET", path, NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_contains(r.body, "rank,strategy,score_per_turn,wins,disqualified,reason");
    assert_contains(r.body, "Linus");
    reply_free(&r);
    snprintf(path, sizeof path, "/export/report.html?token=%s", teacher);
    r = http("GET", path, NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_contains(r.body, "<h2>Leaderboard</h2>");
    reply_free(&r);
    r = http("GET", "/api/teacher/evolution?dynamics=replicator&generations=20", th, NULL);
    assert_int_equal(r.status, 200);
    json_t *shares = json_object_get(r.json, "shares");
    assert_int_equal(json_array_size(shares), 21);
    double total = 0;
    json_t *last = json_array_get(shares, 20);
    for (size_t i = 0; i < json_array_size(last); i++)
        total += json_real_value(json_array_get(last, i));
    assert_true(total > 0.999 && total < 1.001);    /* shares of a population */
    reply_free(&r);
}

/* Each hostile request: a 4xx, a clear error, class.json unchanged. */
static void hostile(const char *method, const char *path, const char *headers, const char *body,
                    size_t len, int status, const char *says)
{
    char *before = class_state();
    reply r = http_raw(method, path, headers, body, len);
    if (r.status != status || !strstr(jstr(&r, "error"), says))
        fail_msg("%s %s: got %d '%s', expected %d '%s'", method, path, r.status, r.body, status,
                 says);
    reply_free(&r);
    char *after = class_state();
    assert_string_equal(before, after);
    free(before);
    free(after);
    r = http("GET", "/", NULL, NULL);   /* still serving */
    assert_int_equal(r.status, 200);
    reply_free(&r);
}

static void hostile_requests_get_a_clear_4xx_and_change_nothing(void **state)
{
    (void)state;
    char ta[128], tb[128], ida[16], idb[16];
    join("Alan", ta, sizeof ta, ida, sizeof ida);
    join("Barbara", tb, sizeof tb, idb, sizeof idb);
    char *body = source_json(good);
    reply r = http("POST", "/api/entry", ta, body);
    free(body);
    assert_int_equal(r.status, 200);
    reply_free(&r);

    /* oversized bodies */
    size_t big = 1 << 20;
    char *huge = malloc(big);
    memset(huge, 'x', big);
    hostile("POST", "/api/check", tb, huge, big, 413, "larger than");
    free(huge);
    /* bad JSON, and JSON of the wrong shape */
    hostile("POST", "/api/move", tb, "{\"move\": ", 9, 400, "bad JSON at line 1");
    hostile("POST", "/api/move", tb, "[1, 2]", 6, 400, "JSON object");
    hostile("POST", "/api/join", NULL, "{\"name\": 7}", 11, 400, "'name' must be a string");
    hostile("POST", "/api/game", tb, "{\"periods\": 1e9}", 16, 400, "'periods'");
    hostile("POST", "/api/game", tb, "{\"payoff\": \"1,2,3,4\"}", 21, 400, "");
    /* path traversal in names and paths */
    char body2[128];
    snprintf(body2, sizeof body2, "{\"name\": \"../../etc/passwd\", \"code\": \"%s\"}", join_code);
    hostile("POST", "/api/join", NULL, body2, strlen(body2), 400, "cannot be part of a name");
    hostile("GET", "/../class.json", NULL, NULL, 0, 404, "no such page");
    hostile("GET", "/%2e%2e/class.json", NULL, NULL, 0, 404, "no such page");
    char path[256];
    snprintf(path, sizeof path, "/export/../class.json?token=%s", teacher);
    hostile("GET", path, NULL, NULL, 0, 404, "no export");
    /* other students' ids, forged tokens, the teacher's pages */
    snprintf(path, sizeof path, "/api/entry?id=%s", ida);
    hostile("GET", path, tb, NULL, 0, 403, "your own");
    char forged[64];
    snprintf(forged, sizeof forged, "X-Token: %s\r\n", "0123456789abcdef0123456789abcdef");
    hostile("GET", "/api/entry", forged, NULL, 0, 403, "unknown student");
    body = source_json(looping);
    snprintf(body2, sizeof body2, "{\"id\": \"%s\", \"source\": \"return 1\"}", ida);
    hostile("POST", "/api/entry", tb, body2, strlen(body2), 403, "your own");
    hostile("POST", "/api/teacher/tournament", ta, "{}", 2, 403, "teacher only");
    hostile("GET", "/export/report.html?token=nope", NULL, NULL, 0, 403, "teacher only");
    /* a strategy that loops is stopped by the instruction budget */
    hostile("POST", "/api/check", tb, body, strlen(body), 422, "instruction budget");
    free(body);
    hostile("DELETE", "/api/entry", ta, NULL, 0, 405, "only GET and POST");
    /* the first student's entry is still theirs, unchanged */
    r = http("GET", "/api/entry", ta, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(&r, "source"), good);
    reply_free(&r);
}

static void two_students_play_each_other(void **state)
{
    (void)state;
    char ta[128], tb[128], th[128];
    join("Ken", ta, sizeof ta, NULL, 0);
    join("Barbara L", tb, sizeof tb, NULL, 0);
    snprintf(th, sizeof th, "X-Teacher: %s\r\n", teacher);
    reply r = http("POST", "/api/teacher/round", th, "{\"periods\": 2}");
    assert_int_equal(r.status, 200);
    reply_free(&r);
    r = http("POST", "/api/duel/move", ta, "{\"move\": \"C\"}");
    assert_int_equal(r.status, 409);                /* no partner asked for yet */
    reply_free(&r);
    r = http("POST", "/api/duel", ta, "{}");
    assert_string_equal(jstr(&r, "state"), "waiting");
    reply_free(&r);
    r = http("POST", "/api/duel", tb, "{}");
    assert_string_equal(jstr(&r, "state"), "playing");
    assert_string_equal(jstr(&r, "partner"), "Ken");
    reply_free(&r);
    r = http("POST", "/api/duel/move", ta, "{\"move\": \"D\"}");
    assert_int_equal(r.status, 200);
    assert_true(json_is_true(json_object_get(r.json, "waiting")));
    assert_string_equal(jstr(&r, "them"), "");      /* Barbara's choice is not out yet */
    reply_free(&r);
    r = http("POST", "/api/duel/move", ta, "{\"move\": \"C\"}");
    assert_int_equal(r.status, 409);                /* no second move before the partner's */
    assert_contains(jstr(&r, "error"), "wait for your partner");
    reply_free(&r);
    r = http("POST", "/api/duel/move", tb, "{\"move\": \"C\"}");
    assert_string_equal(jstr(&r, "you"), "C");
    assert_string_equal(jstr(&r, "them"), "D");
    reply_free(&r);
    r = http("POST", "/api/duel/move", tb, "{\"move\": \"C\"}");
    reply_free(&r);
    r = http("POST", "/api/duel/move", ta, "{\"move\": \"C\"}");
    assert_true(json_is_true(json_object_get(r.json, "over")));
    /* Ken: D/C 5 + C/C 3; Barbara: C/D 0 + C/C 3 (payoffs 3,0,5,1) */
    assert_true(json_real_value(json_object_get(r.json, "score_you")) == 8);
    assert_true(json_real_value(json_object_get(r.json, "score_them")) == 3);
    assert_contains(jstr(&r, "debrief"), "Game over after 2 periods.");
    reply_free(&r);
    r = http("POST", "/api/duel/move", tb, "{\"move\": \"C\"}");
    assert_int_equal(r.status, 409);
    reply_free(&r);
}

static void a_restart_loses_nothing(void **state)
{
    (void)state;
    char tok[128];
    join("Hedy", tok, sizeof tok, NULL, 0);
    char *body = source_json(good);
    reply r = http("POST", "/api/entry", tok, body);
    free(body);
    reply_free(&r);
    r = http("POST", "/api/game", tok, "{\"periods\": 5}");
    reply_free(&r);
    r = http("POST", "/api/move", tok, "{\"move\": \"D\"}");
    char *before = strdup(jstr(&r, "buyer"));
    reply_free(&r);
    char code[16];
    snprintf(code, sizeof code, "%s", join_code);
    stop_server();
    start_server();
    assert_string_equal(code, join_code);
    r = http("GET", "/api/me", tok, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(jstr(&r, "name"), "Hedy");
    json_t *game = json_object_get(r.json, "game");
    assert_int_equal(json_integer_value(json_object_get(game, "turn")), 1);
    assert_string_equal(json_string_value(json_object_get(game, "buyer")), before);
    assert_string_equal(json_string_value(json_object_get(json_object_get(r.json, "entry"), "name")),
                        "tft");
    reply_free(&r);
    free(before);
}

static int setup(void **state)
{
    setup_dir(state);
    snprintf(class_dir, sizeof class_dir, "%s/class-3b", test_dir());
    start_server();
    return 0;
}

static int teardown(void **state)
{
    stop_server();
    /* nothing was written outside the class folder */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "test \"$(ls -A '%s')\" = class-3b", test_dir());
    int outside = system(cmd);
    teardown_dir(state);
    return outside == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_student_plays_ten_periods_and_gets_the_debrief),
        cmocka_unit_test(entries_checks_and_the_tournament),
        cmocka_unit_test(hostile_requests_get_a_clear_4xx_and_change_nothing),
        cmocka_unit_test(two_students_play_each_other),
        cmocka_unit_test(a_restart_loses_nothing),
    };
    return cmocka_run_group_tests_name("serve", tests, setup, teardown);
}
