/* tidy.c - a run's metrics in long ("tidy") form: one row per replicate x
 * period x metric, the parts of a dotted name ("service.key.active":
 * policy or cohort, segment, measure) in columns of their own, so that
 * R, pandas or a spreadsheet pivot can group by them. */
#include <string.h>

#include "rmsim/output.h"
#include "rmsim/scenario.h"
#include "rmsim/sweep.h"

/* "a.b.c.d" -> group "a", segment "b.c", measure "d"; "a.b" -> "a", "", "b";
 * "a" -> "", "", "a". */
static void put_parts(FILE *f, const char *name)
{
    const char *first = strchr(name, '.'), *last = strrchr(name, '.');
    if (!first) {
        fprintf(f, ",,,%s", name);
        return;
    }
    fprintf(f, ",%.*s,", (int)(first - name), name);
    if (last > first)
        fprintf(f, "%.*s", (int)(last - first - 1), first + 1);
    fprintf(f, ",%s", last + 1);
}

void rm_results_write_long_csv(const rm_results *r, FILE *f)
{
    fputs("replicate,period,metric,group,segment,measure,value\n", f);
    for (int i = 0; i < r->replicates; i++) {
        const rm_metrics *m = r->reps[i];
        for (int t = 0; m && t < r->periods; t++)
            for (size_t c = 0; c < rm_metrics_count(m); c++) {
                const char *name = rm_metrics_name(m, c);
                fprintf(f, "%d,%d,%s", i + 1, t, name);
                put_parts(f, name);
                fputc(',', f);
                rm_put_number(f, rm_metrics_at(m, c, t), "");
                fputc('\n', f);
            }
    }
}

/* A variant's value of a swept parameter, or NULL. */
static const char *setting_of(const rm_variant *v, const char *name, size_t len)
{
    const char *found = NULL;
    for (int i = 0; i < v->nsets; i++)
        if (!strncmp(v->sets[i], name, len) && v->sets[i][len] == '=')
            found = v->sets[i] + len + 1;
    return found;
}

void rm_sweep_write_long_csv(const rm_sweep_result *r, FILE *f)
{
    /* parameter columns: every name a variant sets, in first-seen order */
    const char *params[RM_VARIANT_SETS * 4];
    size_t plen[RM_VARIANT_SETS * 4];
    int np = 0;
    for (int v = 0; v < r->nvariants; v++)
        for (int i = 0; i < r->variants[v].nsets; i++) {
            const char *s = r->variants[v].sets[i];
            size_t len = strcspn(s, "=");
            int k = 0;
            while (k < np && (plen[k] != len || strncmp(params[k], s, len)))
                k++;
            if (k == np && np < RM_VARIANT_SETS * 4) {
                params[np] = s;
                plen[np++] = len;
            }
        }
    fputs("variant", f);
    for (int i = 0; i < np; i++)
        fprintf(f, ",%.*s", (int)plen[i], params[i]);
    fputs(",replicate,period,metric,group,segment,measure,value\n", f);
    int R = r->meta.replicates;
    for (int v = 0; v < r->nvariants; v++)
        for (int k = 0; k < R; k++) {
            const rm_metrics *m = r->reps[(size_t)v * R + k];
            for (int t = 0; m && t < r->meta.periods; t++)
                for (size_t c = 0; c < rm_metrics_count(m); c++) {
                    const char *name = rm_metrics_name(m, c);
                    rm_put_csv_field(f, r->variants[v].name);
                    for (int i = 0; i < np; i++) {
                        const char *val = setting_of(&r->variants[v], params[i], plen[i]);
                        fputc(',', f);
                        if (val)
                            rm_put_csv_field(f, val);
                    }
                    fprintf(f, ",%d,%d,%s", k + 1, t, name);
                    put_parts(f, name);
                    fputc(',', f);
                    rm_put_number(f, rm_metrics_at(m, c, t), "");
                    fputc('\n', f);
                }
        }
}
