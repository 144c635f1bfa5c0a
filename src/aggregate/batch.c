/* Every committee's report for a year at once, and the catalogue of every
 * agreement in the year (for catalogues and fact sheets). */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

void iop_strings_free(char **v)
{
    if (!v)
        return;
    for (char **p = v; *p; p++)
        free(*p);
    free(v);
}

static int cmp_str(const void *pa, const void *pb)
{
    return strcmp(*(char *const *)pa, *(char *const *)pb);
}

static void add_unique(char ***v, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*v)[i], s) == 0)
            return;
    *v = iop_xreallocarray(*v, *n + 2, sizeof **v);
    (*v)[(*n)++] = iop_xstrdup(s);
    (*v)[*n] = NULL;
}

char **iop_report_committees(const iop_model *model, size_t *n_out)
{
    char **v = iop_xcalloc(1, sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < model->n_agreements; i++) {
        const iop_agreement *a = model->agreements[i];
        for (size_t j = 0; j < a->n_parties; j++)
            if (iop_party_committee(&a->parties[j]))
                add_unique(&v, &n, iop_party_committee(&a->parties[j]));
    }
    for (size_t i = 0; i < model->n_committees; i++)
        if (model->committees[i].id)
            add_unique(&v, &n, model->committees[i].id);
    if (n)
        qsort(v, n, sizeof *v, cmp_str);
    if (n_out)
        *n_out = n;
    return v;
}

static int cmp_opt(const char *x, const char *y)
{
    if (!x || !y)
        return (x == NULL) - (y == NULL);
    return iop_collate_sv(x, y);
}

static int cmp_catalogue(const void *pa, const void *pb)
{
    const iop_agreement *x = ((const iop_report_item *)pa)->agreement;
    const iop_agreement *y = ((const iop_report_item *)pb)->agreement;
    int c = cmp_opt(x->municipality, y->municipality);
    if (!c)
        c = cmp_opt(x->area, y->area);
    if (!c)
        c = cmp_opt(x->title, y->title);
    if (!c)
        c = cmp_opt(x->id, y->id);
    return c;
}

static bool same_municipality(const char *x, const char *y)
{
    return x && y ? strcmp(x, y) == 0 : x == y;
}

/* A municipality's totals and the catalogue's, so that a catalogue prints
 * sums and shares the aggregate layer made (exactly, as a committee's
 * report does) instead of adding them up in XSLT. */
static void catalogue_totals(iop_report_batch *b)
{
    for (size_t i = 0; i < b->n_catalogue; i++) {
        const iop_report_item *it = &b->catalogue[i];
        const char *m = it->agreement->municipality;
        if (i == 0 || !same_municipality(m, b->catalogue[i - 1].agreement->municipality)) {
            b->by_municipality = iop_xreallocarray(b->by_municipality, b->n_by_municipality + 1,
                                                   sizeof *b->by_municipality);
            memset(&b->by_municipality[b->n_by_municipality], 0, sizeof *b->by_municipality);
            b->by_municipality[b->n_by_municipality++].key = m ? iop_xstrdup(m) : NULL;
        }
        if (it->status.status == IOP_STATUS_OUTSIDE)
            continue;
        total_add(&b->by_municipality[b->n_by_municipality - 1], it);
        total_add(&b->catalogue_total, it);
    }
}

bool iop_report_data_check_highlight(const iop_model *model, const iop_report_data_options *opts,
                                     iop_diag *diag)
{
    bool ok = true;
    for (size_t i = 0; opts && i < opts->n_highlight; i++)
        if (!iop_model_find_agreement(model, opts->highlight[i])) {
            iop_diag_report(diag, IOP_ERROR, NULL,
                            "--highlight names \"%s\", which is not an agreement of the input",
                            opts->highlight[i]);
            ok = false;
        }
    return ok;
}

iop_report_batch *iop_report_batch_build(const iop_model *model, int year, iop_diag *diag)
{
    return iop_report_batch_build_at(model, year, iop_document_day(year, NULL), diag);
}

iop_report_batch *iop_report_batch_build_at(const iop_model *model, int year, int64_t doc_day,
                                            iop_diag *diag)
{
    iop_report_batch *b = iop_xcalloc(1, sizeof *b);
    b->model = model;
    b->year = year;
    b->doc_day = doc_day;
    char **ids = iop_report_committees(model, &b->n_reports);
    b->reports = iop_xcalloc(b->n_reports ? b->n_reports : 1, sizeof *b->reports);
    for (size_t i = 0; i < b->n_reports; i++)
        b->reports[i] = iop_report_build_at(model, ids[i], year, doc_day, NULL);
    iop_strings_free(ids);
    /* every agreement of the input, so that a catalogue can list the ended
     * ones too (scope=all); the remarks go to the sink once per agreement
     * in the year, from the catalogue */
    for (size_t i = 0; i < model->n_agreements; i++) {
        const iop_agreement *a = model->agreements[i];
        b->catalogue = iop_xreallocarray(b->catalogue, b->n_catalogue + 1, sizeof *b->catalogue);
        item_init(&b->catalogue[b->n_catalogue], a, NULL, year, doc_day);
        remarks_report(&b->catalogue[b->n_catalogue], diag);
        b->n_catalogue++;
    }
    if (b->n_catalogue)
        qsort(b->catalogue, b->n_catalogue, sizeof *b->catalogue, cmp_catalogue);
    catalogue_totals(b);
    return b;
}

void iop_report_batch_free(iop_report_batch *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->n_reports; i++)
        iop_report_free(b->reports[i]);
    free(b->reports);
    for (size_t i = 0; i < b->n_catalogue; i++)
        item_clear(&b->catalogue[i]);
    free(b->catalogue);
    for (size_t i = 0; i < b->n_by_municipality; i++)
        free(b->by_municipality[i].key);
    free(b->by_municipality);
    free(b);
}
