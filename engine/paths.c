/* paths.c - where the standard Lua library (scripts/) lives, and the
 * classic strategies in it. */
#include "rmsim/sandbox.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef RMSIM_SCRIPTS_DIR
#define RMSIM_SCRIPTS_DIR "/usr/local/share/rmsim/scripts"
#endif

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Resolved once, on first use (before any thread starts). */
const char *rm_scripts_dir(void)
{
    static char dir[4096];
    if (dir[0])
        return dir;
    const char *env = getenv("RMSIM_SCRIPTS");
    if (env && env[0] && strlen(env) < sizeof dir) {
        strcpy(dir, env);
        return dir;
    }
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        /* build/rmsim, build/tests/x, and PREFIX/bin/rmsim */
        static const char *const rel[] = {"/../scripts", "/../../scripts", "/../share/rmsim/scripts"};
        for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
            char cand[4096 + 32];
            snprintf(cand, sizeof cand, "%s%s", exe, rel[i]);
            char real[PATH_MAX];
            if (is_dir(cand) && realpath(cand, real) && strlen(real) < sizeof dir) {
                strcpy(dir, real);
                return dir;
            }
        }
    }
    snprintf(dir, sizeof dir, "%s", RMSIM_SCRIPTS_DIR);
    return dir;
}

static int by_name(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

int rm_classic_names(char (*names)[64], int max)
{
    char dir[4096 + 16];
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
