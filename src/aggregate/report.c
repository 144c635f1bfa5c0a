/* A committee's report for a year: which agreements, in what order, with
 * what totals. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static int cmp_opt_area(const char *x, const char *y)
{
    if (!x || !y)
        return (x == NULL) - (y == NULL); /* no area last */
    return iop_collate_sv(x, y);
}

static int cmp_items(const void *pa, const void *pb)
{
    const iop_report_item *x = pa, *y = pb;
    if (x->status.status != y->status.status)
        return x->status.status == IOP_STATUS_ONGOING ? -1 : 1;
    int c = cmp_opt_area(x->agreement->area, y->agreement->area);
    if (c)
        return c;
    c = iop_collate_sv(x->agreement->title ? x->agreement->title : "",
                       y->agreement->title ? y->agreement->title : "");
    if (c)
        return c;
    return strcmp(x->agreement->id ? x->agreement->id : "", y->agreement->id ? y->agreement->id : "");
}

/* Amounts are capped (IOP_MAX_AMOUNT_KR), so a total leaves int64 only past
 * nine million contributions at the cap: far beyond the file size limit of
 * any batch, but a wrapped figure must never be printed. */
static void checked_add(int64_t *sum, int64_t v)
{
    if (__builtin_add_overflow(*sum, v, sum))
        abort();
}

void total_add(iop_report_total *t, const iop_report_item *it)
{
    t->count++;
    t->n_new += it->status.is_new;
    if (it->cost_recorded)
        checked_add(&t->cost_kr, it->cost_kr);
    else
        t->n_cost_missing++;
    if (it->value_recorded) {
        checked_add(&t->value_kr, it->value_kr);
        checked_add(&t->municipal_kr, it->municipal_kr);
    } else {
        t->n_value_missing++;
    }
    if (it->participants && it->participants->planned >= 0)
        checked_add(&t->planned, it->participants->planned);
    else
        t->n_planned_missing++;
}

static bool same_area(const char *x, const char *y)
{
    return x && y ? strcmp(x, y) == 0 : x == y;
}

static void build_totals(iop_report *r)
{
    r->by_status[IOP_STATUS_ONGOING].key = iop_xstrdup(iop_status_key(IOP_STATUS_ONGOING));
    r->by_status[IOP_STATUS_ENDED].key = iop_xstrdup(iop_status_key(IOP_STATUS_ENDED));
    for (size_t i = 0; i < r->n_items; i++) {
        const iop_report_item *it = &r->items[i];
        total_add(&r->total, it);
        total_add(&r->by_status[it->status.status], it);
        const char *area = it->agreement->area;
        size_t k = 0;
        while (k < r->n_by_area &&
               !same_area(r->by_area[k].key, area))
            k++;
        if (k == r->n_by_area) {
            r->by_area = iop_xreallocarray(r->by_area, k + 1, sizeof *r->by_area);
            memset(&r->by_area[k], 0, sizeof *r->by_area);
            r->by_area[k].key = iop_xstrdup(area);
            r->n_by_area++;
        }
        total_add(&r->by_area[k], it);
        if (it->status.expiring) {
            r->expiring = iop_xreallocarray(r->expiring, r->n_expiring + 1, sizeof *r->expiring);
            r->expiring[r->n_expiring++] = i;
        }
    }
}

static int cmp_totals(const void *pa, const void *pb)
{
    const iop_report_total *x = pa, *y = pb;
    return cmp_opt_area(x->key, y->key);
}

/* The name the agreements give the committee's public party, for a
 * committee that no register names. */
static const char *name_in_agreements(const iop_model *m, const char *committee_id)
{
    for (size_t i = 0; i < m->n_agreements; i++) {
        const iop_party *p = iop_agreement_committee_party(m->agreements[i], committee_id);
        if (p && p->name)
            return p->name;
    }
    return committee_id;
}

iop_report *iop_report_build(const iop_model *model, const char *committee_id, int year,
                             iop_diag *diag)
{
    return iop_report_build_at(model, committee_id, year, iop_document_day(year, NULL), diag);
}

iop_report *iop_report_build_at(const iop_model *model, const char *committee_id, int year,
                                int64_t doc_day, iop_diag *diag)
{
    iop_report *r = iop_xcalloc(1, sizeof *r);
    r->model = model;
    r->year = year;
    r->doc_day = doc_day;
    r->committee_id = iop_xstrdup(committee_id);
    r->committee = iop_model_find_committee(model, committee_id);
    r->committee_name = iop_xstrdup(r->committee && r->committee->name
                                        ? r->committee->name
                                        : name_in_agreements(model, committee_id));
    for (size_t i = 0; i < model->n_agreements; i++) {
        const iop_agreement *a = model->agreements[i];
        if (!iop_agreement_names_committee(a, committee_id))
            continue;
        if (iop_agreement_year_status_at(a, year, doc_day).status == IOP_STATUS_OUTSIDE)
            continue;
        r->items = iop_xreallocarray(r->items, r->n_items + 1, sizeof *r->items);
        item_init(&r->items[r->n_items], a, committee_id, year, doc_day);
        remarks_report(&r->items[r->n_items], diag);
        r->n_items++;
    }
    if (r->n_items)
        qsort(r->items, r->n_items, sizeof *r->items, cmp_items);
    build_totals(r);
    if (r->n_by_area)
        qsort(r->by_area, r->n_by_area, sizeof *r->by_area, cmp_totals);
    return r;
}

void iop_report_free(iop_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_items; i++)
        item_clear(&r->items[i]);
    free(r->items);
    for (size_t i = 0; i < r->n_by_area; i++)
        free(r->by_area[i].key);
    free(r->by_area);
    for (size_t i = 0; i < 3; i++)
        free(r->by_status[i].key);
    free(r->total.key);
    free(r->expiring);
    free(r->committee_id);
    free(r->committee_name);
    free(r);
}
