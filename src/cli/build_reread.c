/* The files a worker reads again to make one committee's report from an
 * index model: the committee's agreement files and only the registers
 * that name a committee those files speak of.  Reading every register
 * would make each report's work and memory grow with the number of
 * municipalities in the batch (100 registers per report at 1 000
 * committees), though a report names only its own committees. */
#include "build.h"

#include <stdlib.h>
#include <string.h>

static bool listed(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == s || strcmp(v[i], s) == 0)
            return true;
    return false;
}

static void add(char ***v, size_t *n, size_t *cap, const char *s)
{
    if (s && !listed(*v, *n, s)) {
        *v = iop_grow(*v, cap, *n + 1, sizeof **v);
        (*v)[(*n)++] = (char *)s; /* borrowed from the model */
    }
}

char **build_committee_reread_files(const iop_model *model, const char *committee, size_t *n)
{
    char **files = NULL, **ids = NULL;
    size_t n_files = 0, cap_files = 0, n_ids = 0, cap_ids = 0;
    for (size_t i = 0; i < model->n_agreements; i++)
        if (iop_agreement_names_committee(model->agreements[i], committee))
            add(&files, &n_files, &cap_files, model->agreements[i]->loc.file);
    size_t n_agreement_files = n_files;
    /* every agreement of those files is read again, not only the
     * committee's (an export file holds many): each needs the register
     * of each committee it names, or the loader rejects it */
    add(&ids, &n_ids, &cap_ids, committee);
    for (size_t i = 0; i < model->n_agreements; i++) {
        const iop_agreement *a = model->agreements[i];
        if (!a->loc.file || !listed(files, n_agreement_files, a->loc.file))
            continue;
        for (size_t k = 0; k < a->n_parties; k++)
            add(&ids, &n_ids, &cap_ids, iop_party_committee(&a->parties[k]));
    }
    for (size_t i = 0; i < model->n_committees; i++) {
        const iop_committee *c = &model->committees[i];
        if (c->id && listed(ids, n_ids, c->id))
            add(&files, &n_files, &cap_files, c->loc.file);
    }
    free(ids);
    *n = n_files;
    return files;
}
