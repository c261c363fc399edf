/* strategies.c - finding strategies by name (with "did you mean"), and
 * `rmsim strategies`: the classics with their descriptions and sources. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "args.h"
#include "commands.h"
#include "rmsim/strategy.h"

#define CLASSICS_MAX 256

/* The names in scripts/strategies/, sorted; returns how many. */
static int classic_names(char names[][64], int max)
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
    qsort(names, (size_t)n, sizeof names[0], (int (*)(const void *, const void *))strcmp);
    return n;
}

int cli_find_strategy(const char *name, char *path, size_t size, rm_error *err)
{
    rm_strategy_path(name, path, size);
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode))
        return 0;
    size_t n = strlen(name);
    if (n > 0 && name[n - 1] == '/')
        return rm_errorf(err, "%s: no such folder (a folder of students' .lua files, e.g. "
                         "scenarios/classroom/entries/)", name);
    if (strchr(name, '/') || (n > 4 && !strcmp(name + n - 4, ".lua")))
        return rm_errorf(err, "%s: no such strategy file", name);
    static char names[CLASSICS_MAX][64];
    int k = classic_names(names, CLASSICS_MAX - 16);
    const char *candidates[CLASSICS_MAX];
    for (int i = 0; i < k; i++)
        candidates[i] = names[i];
    for (int i = 0; rm_strategy_alias(i, NULL) && k < CLASSICS_MAX; i++)
        candidates[k++] = rm_strategy_alias(i, NULL);
    const char *hint = rm_suggest(name, candidates, (size_t)k);
    if (hint)
        return rm_errorf(err, "%s: no such strategy (did you mean '%s'?)", name, hint);
    return rm_errorf(err, "%s: no such strategy (`rmsim strategies` lists them; a file "
                     "needs its path, e.g. ./%s.lua)", name, name);
}

static const char strategies_help[] =
    "usage: rmsim strategies [--format table|csv]\n"
    "\n"
    "List the strategies that come with rmsim (scripts/strategies/): name, form\n"
    "(memory-one table, state machine or move function), description and source,\n"
    "then the other names some of them go by (The Evolution of Trust's).\n";

static const char *form_of(const rm_strategy *s)
{
    switch (s->kind) {
    case RM_STRATEGY_MEMORY_ONE:
        return "memory_one";
    case RM_STRATEGY_FSM:
        return "fsm";
    default:
        return "move";
    }
}

static void put_csv_field(const char *s)
{
    putchar('"');
    for (; *s; s++) {
        if (*s == '"')
            putchar('"');
        putchar(*s);
    }
    putchar('"');
}

int cmd_strategies(int argc, char **argv)
{
    for (int i = 0; i < argc; i++)
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            fputs(strategies_help, stdout);
            return 0;
        }
    const char *format = "table";
    const opt opts[] = {
        {"--format", OPT_STRING, &format, 0, 0, "table|csv"},
        {NULL, 0, NULL, 0, 0, NULL},
    };
    const char *pos[1];
    int npos;
    rm_error err;
    if (args_parse(argc, argv, opts, pos, 0, &npos, &err) < 0)
        return cli_fail(&err);
    static char names[CLASSICS_MAX][64];
    int n = classic_names(names, CLASSICS_MAX);
    if (n == 0) {
        rm_errorf(&err, "%s/strategies: no strategies found", rm_scripts_dir());
        return cli_error(&err);
    }
    int csv = !strcmp(format, "csv");
    if (csv)
        puts("name,form,description,source,file");
    rm_limits lim = {.max_instructions = 1000000, .max_memory = (size_t)64 << 20};
    for (int i = 0; i < n; i++) {
        char path[1200];
        rm_strategy s;
        rm_strategy_path(names[i], path, sizeof path);
        if (rm_strategy_load(path, &lim, &s, &err) < 0)
            return cli_error(&err);
        if (csv) {
            printf("%s,%s,", names[i], form_of(&s));
            put_csv_field(s.description);
            putchar(',');
            put_csv_field(s.source);
            printf(",%s\n", path);
        } else {
            printf("%-24s %-10s %s\n", names[i], form_of(&s), s.description);
            if (s.source[0])
                printf("%-24s %-10s source: %s\n", "", "", s.source);
        }
    }
    if (!csv) {
        printf("\nalso known as (The Evolution of Trust, Case 2017):");
        const char *target;
        for (int i = 0; rm_strategy_alias(i, &target); i++)
            printf("%s %s = %s", i ? "," : "", rm_strategy_alias(i, NULL), target);
        printf("\nUse them by name: rmsim match copycat cheater --payoff trust\n");
    }
    return fflush(stdout) == 0 ? 0 : 1;
}

int cli_describe_strategy(const char *path, FILE *out)
{
    rm_limits lim = {.max_instructions = 1000000, .max_memory = (size_t)64 << 20};
    rm_strategy s;
    rm_error err;
    if (rm_strategy_load(path, &lim, &s, &err) < 0)
        return -1;
    fprintf(out, "strategy:    %s\n", s.name);
    if (s.description[0])
        fprintf(out, "description: %s\n", s.description);
    if (s.source[0])
        fprintf(out, "source:      %s\n", s.source);
    fprintf(out, "form:        %s", form_of(&s));
    if (s.kind == RM_STRATEGY_MEMORY_ONE)
        fprintf(out, " (chance to cooperate: first %g, after CC %g, CD %g, DC %g, DD %g)",
                s.first, s.cc, s.cd, s.dc, s.dd);
    else if (s.kind == RM_STRATEGY_FSM)
        fprintf(out, " (%d states)", s.nstates);
    fprintf(out, "\n\nPlay it: rmsim match %s tit_for_tat --turns 20\n", path);
    return 0;
}
