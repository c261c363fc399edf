/* args.c - parse options against a table; every error names the option. */
#include "args.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int parse_u64(const char *s, uint64_t *out)
{
    if (!*s || *s == '-' || *s == '+')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno == ERANGE)
        return -1;
    *out = v;
    return 0;
}

static int set_value(const opt *o, const char *v, rm_error *err)
{
    switch (o->kind) {
    case OPT_INT: {
        char *end;
        errno = 0;
        long x = strtol(v, &end, 10);
        if (!*v || *end || errno == ERANGE)
            return rm_errorf(err, "%s: '%s' is not an integer", o->name, v);
        if (x < o->min || x > o->max)
            return rm_errorf(err, "%s: must be in [%.0f, %.0f] (got %ld)", o->name, o->min,
                             o->max, x);
        *(int *)o->dest = (int)x;
        return 0;
    }
    case OPT_U64:
        if (parse_u64(v, (uint64_t *)o->dest) < 0)
            return rm_errorf(err, "%s: '%s' is not a non-negative integer", o->name, v);
        if (o->max > 0 && (double)*(uint64_t *)o->dest > o->max)
            return rm_errorf(err, "%s: must be at most %.0f", o->name, o->max);
        if ((double)*(uint64_t *)o->dest < o->min)
            return rm_errorf(err, "%s: must be at least %.0f", o->name, o->min);
        return 0;
    case OPT_DOUBLE: {
        char *end;
        errno = 0;
        double x = strtod(v, &end);
        if (!*v || *end || errno == ERANGE || !isfinite(x))
            return rm_errorf(err, "%s: '%s' is not a number", o->name, v);
        if (x < o->min || x > o->max)       /* the text as given: %g would round it into range */
            return rm_errorf(err, "%s: must be in [%g, %g] (got %s)", o->name, o->min, o->max, v);
        *(double *)o->dest = x;
        return 0;
    }
    case OPT_BYTES: {
        char *end;
        errno = 0;
        double x = strtod(v, &end);
        double unit = 1 << 20;
        if (*end == 'K' || *end == 'k')
            unit = 1 << 10, end++;
        else if (*end == 'M' || *end == 'm')
            end++;
        else if (*end == 'G' || *end == 'g')
            unit = 1 << 30, end++;
        double bytes = x * unit;
        if (!*v || *end || errno == ERANGE || !(bytes >= o->min && bytes <= o->max))
            return rm_errorf(err, "%s: '%s' is not a size from %.0f MiB to %.0f MiB (e.g. 256, "
                             "512M, 2G)", o->name, v, o->min / (1 << 20), o->max / (1 << 20));
        *(size_t *)o->dest = (size_t)bytes;
        return 0;
    }
    case OPT_STRING:
        if (o->choices) {
            size_t n = strlen(v);
            const char *c = o->choices;
            int ok = 0;
            while (*c) {
                const char *bar = strchr(c, '|');
                size_t len = bar ? (size_t)(bar - c) : strlen(c);
                if (len == n && strncmp(c, v, n) == 0)
                    ok = 1;
                c += len + (bar != NULL);
            }
            if (!ok)
                return rm_errorf(err, "%s: '%s' is not one of %s", o->name, v, o->choices);
        }
        *(const char **)o->dest = v;
        return 0;
    case OPT_LIST: {
        arg_list *l = o->dest;
        if (l->n == 256)
            return rm_errorf(err, "%s: given too many times", o->name);
        l->items[l->n++] = v;
        return 0;
    }
    case OPT_FLAG:
        break;
    }
    return rm_errorf(err, "%s: internal error", o->name);
}

int args_parse(int argc, char **argv, const opt *opts, const char **pos, int maxpos, int *npos,
               rm_error *err)
{
    *npos = 0;
    int only_pos = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (only_pos || a[0] != '-' || a[1] == '\0') {
            if (*npos == maxpos)
                return rm_errorf(err, "unexpected argument '%s'", a);
            pos[(*npos)++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        char name[64];
        const char *eq = strchr(a, '=');
        size_t n = eq ? (size_t)(eq - a) : strlen(a);
        if (n >= sizeof name)
            return rm_errorf(err, "unknown option '%s'", a);
        memcpy(name, a, n);
        name[n] = '\0';
        const opt *o = opts;
        while (o->name && strcmp(o->name, name) != 0)
            o++;
        if (!o->name) {
            const char *names[64];
            size_t k = 0;
            for (const opt *p = opts; p->name && k < 64; p++)
                names[k++] = p->name;
            const char *hint = rm_suggest(name, names, k);
            if (hint)
                return rm_errorf(err, "unknown option '%s' (did you mean '%s'?)", name, hint);
            return rm_errorf(err, "unknown option '%s' (see --help)", name);
        }
        if (o->kind == OPT_FLAG) {
            if (eq)
                return rm_errorf(err, "%s takes no value", o->name);
            *(int *)o->dest = 1;
            continue;
        }
        const char *v = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (!v)
            return rm_errorf(err, "%s: missing value", o->name);
        if (set_value(o, v, err) < 0)
            return -1;
    }
    return 0;
}
