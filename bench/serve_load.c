/* serve_load.c - `make bench-serve`: 60 students at once on loopback
 * against `rmsim serve`. Each joins, plays three games of ten periods,
 * checks one strategy and enters another (a Lua move function, the
 * costly kind), and looks at its page; then the whole class does it
 * again, to see whether the server's memory keeps growing. Prints the
 * latency percentiles, the error responses (there should be none) and
 * the server's resident memory.
 *
 *     build/serve_load build/rmsim [students]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define STUDENTS_MAX 200
#define REQUESTS_MAX 64

static int port;
static char code[16];
static int wave;

typedef struct student {
    int index;
    double latency[REQUESTS_MAX];
    int check[REQUESTS_MAX];            /* a strategy check or entry */
    int n, errors;
    char token[64];
    char first_error[256];
} student;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* One request on its own connection; returns the status, body in out. */
static int request(const char *method, const char *path, const char *token, const char *body,
                   char *out, size_t size)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    char head[512];
    size_t len = body ? strlen(body) : 0;
    int n = snprintf(head, sizeof head,
                     "%s %s HTTP/1.0\r\nHost: 127.0.0.1\r\nX-Token: %s\r\n"
                     "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                     method, path, token ? token : "", len);
    if (write(fd, head, (size_t)n) != n || (len && write(fd, body, len) != (ssize_t)len)) {
        close(fd);
        return -1;
    }
    size_t got = 0;
    ssize_t r;
    while (got + 1 < size && (r = read(fd, out + got, size - got - 1)) > 0)
        got += (size_t)r;
    char sink[4096];
    while (read(fd, sink, sizeof sink) > 0)
        ;
    out[got] = '\0';
    close(fd);
    int status = -1;
    sscanf(out, "HTTP/1.%*d %d", &status);
    return status;
}

static void timed(student *s, const char *method, const char *path, const char *body, char *out,
                  size_t size)
{
    double t0 = now();
    int status = request(method, path, s->token[0] ? s->token : NULL, body, out, size);
    if (s->n < REQUESTS_MAX) {
        s->check[s->n] = !strcmp(path, "/api/check") || !strcmp(path, "/api/entry");
        s->latency[s->n++] = now() - t0;
    }
    if (status < 200 || status > 299) {
        if (!s->errors++)
            snprintf(s->first_error, sizeof s->first_error, "%s %s: %d %.150s", method, path,
                     status, strstr(out, "\r\n\r\n") ? strstr(out, "\r\n\r\n") + 4 : out);
    }
}

static const char checked[] =
    "{\"source\": \"return { name = \\\"tft\\\", memory_one = { first = 1, CC = 1, CD = 0, "
    "DC = 1, DD = 0 } }\"}";
static const char entered[] =
    "{\"source\": \"return { name = \\\"grim\\\", move = function(h)\\n"
    "  for i = 1, h.turn - 1 do if h.their[i] == \\\"D\\\" then return \\\"D\\\" end end\\n"
    "  return \\\"C\\\"\\nend }\"}";

static void *run(void *arg)
{
    student *s = arg;
    char *buf = malloc(1 << 16);
    char body[256];
    s->token[0] = '\0';
    snprintf(body, sizeof body, "{\"name\": \"student %d-%d\", \"code\": \"%s\"}", wave,
             s->index, code);
    timed(s, "POST", "/api/join", body, buf, 1 << 16);
    char *t = strstr(buf, "\"token\":\"");
    if (t)
        sscanf(t + 9, "%32[0-9a-f]", s->token);
    for (int g = 0; g < 3; g++) {
        timed(s, "POST", "/api/game", "{\"periods\": 10, \"noise\": 0.05}", buf, 1 << 16);
        for (int m = 0; m < 10; m++)
            timed(s, "POST", "/api/move", (s->index + m) % 4 ? "{\"move\": \"C\"}"
                                                            : "{\"move\": \"D\"}", buf, 1 << 16);
    }
    timed(s, "POST", "/api/check", checked, buf, 1 << 16);
    timed(s, "POST", "/api/entry", entered, buf, 1 << 16);
    timed(s, "GET", "/api/me", NULL, buf, 1 << 16);
    free(buf);
    return NULL;
}

static long rss_kib(pid_t pid, const char *field)
{
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", (int)pid);
    FILE *f = fopen(path, "r");
    long v = -1;
    while (f && fgets(line, sizeof line, f))
        if (!strncmp(line, field, strlen(field)))
            v = atol(line + strlen(field) + 1);
    if (f)
        fclose(f);
    return v;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: serve_load RMSIM [students]\n");
        return 2;
    }
    int n = argc > 2 ? atoi(argv[2]) : 60;
    if (n < 1 || n > STUDENTS_MAX)
        n = 60;
    char dir[] = "/tmp/rmsim-serve-load.XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char cls[64];
    snprintf(cls, sizeof cls, "%s/class", dir);
    int out[2];
    if (pipe(out) < 0)
        return 1;
    pid_t pid = fork();
    if (pid == 0) {
        alarm(300);
        dup2(out[1], 1);
        close(out[0]);
        execl(argv[1], argv[1], "serve", "--class", cls, "--port", "0", (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    FILE *f = fdopen(out[0], "r");
    char line[512];
    while (fgets(line, sizeof line, f)) {
        char *p;
        if ((p = strstr(line, "http://127.0.0.1:")) && !port)
            port = atoi(p + 17);
        if ((p = strstr(line, "join code")))
            sscanf(p + 9, " %15s", code);
        if (strstr(line, "Stop with"))
            break;
    }
    fclose(f);
    if (!port) {
        fprintf(stderr, "serve_load: rmsim serve did not start\n");
        return 1;
    }
    signal(SIGPIPE, SIG_IGN);
    long rss0 = rss_kib(pid, "VmRSS:"), rss[2];
    student *s = calloc((size_t)n, sizeof *s);
    pthread_t *th = calloc((size_t)n, sizeof *th);
    double *all = malloc(2 * (size_t)n * REQUESTS_MAX * sizeof *all);
    double *play = malloc(2 * (size_t)n * REQUESTS_MAX * sizeof *play);
    double *checks = malloc(2 * (size_t)n * REQUESTS_MAX * sizeof *checks);
    int errors = 0, total = 0, nplay = 0, nchecks = 0;
    double elapsed[2];
    for (wave = 0; wave < 2; wave++) {
        double t0 = now();
        for (int i = 0; i < n; i++) {
            memset(&s[i], 0, sizeof s[i]);
            s[i].index = i;
            pthread_create(&th[i], NULL, run, &s[i]);
        }
        for (int i = 0; i < n; i++)
            pthread_join(th[i], NULL);
        elapsed[wave] = now() - t0;
        rss[wave] = rss_kib(pid, "VmRSS:");
        for (int i = 0; i < n; i++) {
            memcpy(all + total, s[i].latency, (size_t)s[i].n * sizeof *all);
            total += s[i].n;
            for (int k = 0; k < s[i].n; k++) {
                if (s[i].check[k])
                    checks[nchecks++] = s[i].latency[k];
                else
                    play[nplay++] = s[i].latency[k];
            }
            if (s[i].errors && !errors)
                fprintf(stderr, "serve_load: %s\n", s[i].first_error);
            errors += s[i].errors;
        }
    }
    long hwm = rss_kib(pid, "VmHWM:");
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    qsort(all, (size_t)total, sizeof *all, by_value);
    qsort(play, (size_t)nplay, sizeof *play, by_value);
    qsort(checks, (size_t)nchecks, sizeof *checks, by_value);
    printf("serve: %d students at once, 2 waves, %d requests (join, 3 games of 10 periods, "
           "check, enter, page) in %.2f s + %.2f s\n", n, total, elapsed[0], elapsed[1]);
    printf("serve: latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; %d error "
           "responses\n", 1e3 * all[total / 2], 1e3 * all[total * 9 / 10],
           1e3 * all[total * 99 / 100], 1e3 * all[total - 1], errors);
    printf("serve: joining, playing, pages (%d): p50 %.1f ms, p99 %.1f ms; strategy checks "
           "and entries against the 22 classics (%d): p50 %.1f ms, p99 %.1f ms\n", nplay,
           1e3 * play[nplay / 2], 1e3 * play[nplay * 99 / 100], nchecks,
           1e3 * checks[nchecks / 2], 1e3 * checks[nchecks * 99 / 100]);
    printf("serve: resident memory %ld KiB idle, %ld after wave 1, %ld after wave 2 "
           "(peak %ld)\n", rss0, rss[0], rss[1], hwm);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "serve_load: could not remove %s\n", dir);
    free(s), free(th), free(all), free(play), free(checks);
    return errors ? 1 : 0;
}
