/* The files a worker reads again to make one committee's report from an
 * index model: the committee's agreement files and only the registers
 * that name a committee those files speak of.  Reading every register
 * would make each report's work and memory grow with the number of
 * municipalities in the batch (100 registers per report at 1 000
 * committees), though a report names only its own committees.
 *
 * A batch asks this for every committee: scanning the whole index for
 * each would cost the number of committees times the number of
 * agreements, so the agreements are sorted once by committee and by file
 * and each committee's are looked up. */
#include "build.h"

#include <stdlib.h>
#include <string.h>

/* An agreement under one of its keys: a committee it names, or its file. */
typedef struct keyed {
    const char *key;
    size_t agreement; /* its index in the model: ties keep the model's order */
} keyed;

struct build_reread {
    const iop_model *model;
    keyed *by_committee; size_t n_by_committee;
    keyed *by_file;      size_t n_by_file;
};

static int by_key(const void *x, const void *y)
{
    const keyed *a = x, *b = y;
    int c = strcmp(a->key, b->key);
    return c ? c : (a->agreement > b->agreement) - (a->agreement < b->agreement);
}

/* The first entry with `key`, or n. */
static size_t first_with(const keyed *v, size_t n, const char *key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(v[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static bool listed(char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == s || strcmp(v[i], s) == 0)
            return true;
    return false;
}

void build_add_file(char ***v, size_t *n, size_t *cap, const char *s)
{
    if (s && !listed(*v, *n, s)) {
        *v = iop_grow(*v, cap, *n + 1, sizeof **v);
        (*v)[(*n)++] = (char *)s; /* borrowed from the model */
    }
}

build_reread *build_reread_new(const iop_model *model)
{
    build_reread *r = iop_xcalloc(1, sizeof *r);
    r->model = model;
    size_t n_parties = 0;
    for (size_t i = 0; i < model->n_agreements; i++)
        n_parties += model->agreements[i]->n_parties;
    r->by_committee = iop_xcalloc(n_parties + 1, sizeof *r->by_committee);
    r->by_file = iop_xcalloc(model->n_agreements + 1, sizeof *r->by_file);
    for (size_t i = 0; i < model->n_agreements; i++) {
        const iop_agreement *a = model->agreements[i];
        for (size_t k = 0; k < a->n_parties; k++)
            if (iop_party_committee(&a->parties[k]))
                r->by_committee[r->n_by_committee++] =
                    (keyed){iop_party_committee(&a->parties[k]), i};
        if (a->loc.file)
            r->by_file[r->n_by_file++] = (keyed){a->loc.file, i};
    }
    qsort(r->by_committee, r->n_by_committee, sizeof *r->by_committee, by_key);
    qsort(r->by_file, r->n_by_file, sizeof *r->by_file, by_key);
    return r;
}

void build_reread_free(build_reread *r)
{
    if (!r)
        return;
    free(r->by_committee);
    free(r->by_file);
    free(r);
}

char **build_reread_files(const build_reread *r, const char *committee, size_t *n,
                          size_t *n_own)
{
    const iop_model *model = r->model;
    char **files = NULL, **ids = NULL;
    size_t n_files = 0, cap_files = 0, n_ids = 0, cap_ids = 0;
    /* the committee's agreements in the model's order (ties sort by it) */
    for (size_t i = first_with(r->by_committee, r->n_by_committee, committee);
         i < r->n_by_committee && strcmp(r->by_committee[i].key, committee) == 0; i++)
        build_add_file(&files, &n_files, &cap_files, model->agreements[r->by_committee[i].agreement]->loc.file);
    size_t n_agreement_files = n_files;
    /* every agreement of those files is read again, not only the
     * committee's (an export file holds many): each needs the register
     * of each committee it names, or the loader rejects it */
    build_add_file(&ids, &n_ids, &cap_ids, committee);
    for (size_t f = 0; f < n_agreement_files; f++)
        for (size_t i = first_with(r->by_file, r->n_by_file, files[f]);
             i < r->n_by_file && strcmp(r->by_file[i].key, files[f]) == 0; i++) {
            const iop_agreement *a = model->agreements[r->by_file[i].agreement];
            for (size_t k = 0; k < a->n_parties; k++)
                build_add_file(&ids, &n_ids, &cap_ids, iop_party_committee(&a->parties[k]));
        }
    for (size_t i = 0; i < model->n_committees; i++) {
        const iop_committee *c = &model->committees[i];
        if (c->id && listed(ids, n_ids, c->id))
            build_add_file(&files, &n_files, &cap_files, c->loc.file);
    }
    free(ids);
    *n = n_files;
    if (n_own)
        *n_own = n_agreement_files;
    return files;
}

char **build_committee_reread_files(const iop_model *model, const char *committee, size_t *n)
{
    build_reread *r = build_reread_new(model);
    char **files = build_reread_files(r, committee, n, NULL);
    build_reread_free(r);
    return files;
}
