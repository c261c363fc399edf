/* tidy.c - a run's metrics in long ("tidy") form: one row per replicate x
 * period x metric, the parts of a dotted name ("service.key.active":
 * policy or cohort, segment, measure) in columns of their own, so that
 * R, pandas or a spreadsheet pivot can group by them. */
#include <string.h>

#include "rmsim/output.h"
#include "rmsim/scenario.h"

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
                rm_put_number(f, rm_metrics_get(m, name, t), "");
                fputc('\n', f);
            }
    }
}
