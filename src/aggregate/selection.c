/* Which committees get a report, and which of those reports cannot be
 * made: one rule for `build` and `data`.  An incomplete report is worse
 * than none, so a report that an invalid file could change is held back,
 * and a committee that only an invalid file names still has one (held
 * back), so that nobody is told it has no agreements. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char **iop_report_committees_planned(const iop_model *model, size_t *n_out)
{
    size_t count = 0;
    char **ids = iop_report_committees(model, &count);
    size_t cap = count + 1;
    for (size_t i = 0; i < model->n_sources; i++) {
        const iop_source *s = &model->sources[i];
        if (s->status != IOP_SOURCE_INVALID)
            continue;
        for (size_t k = 0; k < s->n_committees; k++) {
            bool known = false;
            for (size_t j = 0; j < count && !known; j++)
                known = strcmp(ids[j], s->committees[k]) == 0;
            if (known)
                continue;
            ids = iop_grow(ids, &cap, count + 2, sizeof *ids);
            ids[count++] = iop_xstrdup(s->committees[k]);
            ids[count] = NULL;
        }
    }
    qsort(ids, count, sizeof *ids, cmp_str);
    if (n_out)
        *n_out = count;
    return ids;
}

static bool source_names(const iop_source *s, const char *committee)
{
    for (size_t k = 0; k < s->n_committees; k++)
        if (strcmp(s->committees[k], committee) == 0)
            return true;
    return false;
}

char *iop_report_held_back(const iop_model *model, const char *committee)
{
    iop_strbuf sb = IOP_STRBUF_INIT;
    size_t n = 0;
    for (size_t i = 0; i < model->n_sources; i++) {
        const iop_source *s = &model->sources[i];
        if (s->status != IOP_SOURCE_INVALID || (committee && !source_names(s, committee)))
            continue;
        if (n++)
            iop_strbuf_puts(&sb, ", ");
        iop_strbuf_puts(&sb, s->path);
    }
    if (n == 0)
        return NULL;
    iop_strbuf_puts(&sb, n == 1 ? " has errors" : " have errors");
    return iop_strbuf_detach(&sb);
}
