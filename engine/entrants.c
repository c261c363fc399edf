/* entrants.c - the names a tournament shows: a classic's name belongs to
 * the classic, and no two entrants share a name. */
#include "rmsim/tournament.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "rmsim/output.h"

/* Is name the name of a classic strategy (a file classics/NAME.lua)? */
static int classic_name(const char *classics, const char *name)
{
    char path[PATH_MAX];
    struct stat st;
    if (!classics || !name[0] || strchr(name, '/') || name[0] == '.')
        return 0;
    snprintf(path, sizeof path, "%s/%s.lua", classics, name);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Is the strategy's file really in the classics folder? */
static int is_classic(const char *real_classics, const rm_strategy *s)
{
    char real[PATH_MAX];
    size_t n = strlen(real_classics);
    return n && realpath(s->path, real) && !strncmp(real, real_classics, n) && real[n] == '/';
}

static int taken(const rm_strategy *s, const int *done, int n, const char *name)
{
    for (int j = 0; j < n; j++)
        if (done[j] && !strcmp(s[j].name, name))
            return 1;
    return 0;
}

/* base, cut at a character boundary to leave room for suffix */
static void with_suffix(char *out, size_t size, const char *base, const char *suffix)
{
    size_t room = size - strlen(suffix) - 1, n = strlen(base);
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)base[n] & 0xc0) == 0x80)
            n--;
    }
    snprintf(out, size, "%.*s%s", (int)n, base, suffix);
}

static void say(void (*note)(void *, const char *), void *ctx, const char *fmt, const char *a,
                const char *b, const char *c)
{
    char msg[1024];
    if (!note || snprintf(msg, sizeof msg, fmt, a, b, c) < 0)     /* cut to fit: fine */
        return;
    rm_safe_text(msg, 0);
    note(ctx, msg);
}

/* Give entrant i a name no entrant named before has (done[j] marks
 * those). classics: the folder whose names i may not take (NULL for a
 * classic itself). */
static void settle(rm_strategy *s, int *done, int n, int i, const char *classics, int unique,
                   void (*note)(void *, const char *), void *ctx)
{
    char want[sizeof s->name];
    snprintf(want, sizeof want, "%s", s[i].name);
    if (classic_name(classics, want)) {
        /* an impostor: shown under its file's name instead */
        const char *base = strrchr(s[i].path, '/');
        char file[sizeof s->name];
        if (snprintf(file, sizeof file, "%s", base ? base + 1 : s[i].path) < 0)   /* cut to fit */
            file[0] = '\0';
        char *dot = strrchr(file, '.');
        if (dot && dot != file && !strcmp(dot, ".lua"))
            *dot = '\0';
        rm_safe_text(file, 0);
        say(note, ctx, "%s calls itself '%s', the name of a classic strategy; listed as '%s'",
            s[i].path, want, file);
        snprintf(want, sizeof want, "%s", file);
    }
    char name[sizeof s->name];
    snprintf(name, sizeof name, "%s", want);
    for (int k = 2; (unique && taken(s, done, n, name)) || classic_name(classics, name); k++) {
        char suffix[16];
        snprintf(suffix, sizeof suffix, "#%d", k);
        with_suffix(name, sizeof name, want, suffix);
    }
    if (strcmp(name, want))
        say(note, ctx, "%s: the name '%s' is taken; listed as '%s'", s[i].path, want, name);
    snprintf(s[i].name, sizeof s[i].name, "%s", name);
    done[i] = 1;
}

int rm_entrants_name(rm_strategy *s, int n, const char *classics, int unique,
                     void (*note)(void *ctx, const char *msg), void *ctx)
{
    int *done = calloc((size_t)(n > 0 ? n : 1), sizeof *done);
    int *classic = calloc((size_t)(n > 0 ? n : 1), sizeof *classic);
    char real[PATH_MAX] = "";
    int rc = done && classic ? 0 : -1;
    if (rc == 0 && classics && !realpath(classics, real))
        real[0] = '\0';
    for (int i = 0; rc == 0 && i < n; i++) {
        rm_safe_text(s[i].name, 0);
        rm_safe_text(s[i].description, 0);
        classic[i] = real[0] && is_classic(real, &s[i]);
    }
    /* the classics first, so that they keep their names whatever the order */
    for (int pass = 0; rc == 0 && pass < 2; pass++)
        for (int i = 0; i < n; i++)
            if (classic[i] == !pass)
                settle(s, done, n, i, classic[i] ? NULL : classics, unique, note, ctx);
    free(done);
    free(classic);
    return rc;
}
