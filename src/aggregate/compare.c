/* Year over year: a committee's year Y against Y−1, from one source or
 * with Y−1 from an earlier export.  Every difference is computed here, so
 * that templates only print it; a figure not recorded in either year gives
 * no difference (not recorded is not zero). */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

const char *iop_change_name(iop_change c)
{
    switch (c) {
    case IOP_CHANGE_NEW: return "new";
    case IOP_CHANGE_ENDED: return "ended";
    case IOP_CHANGE_EXTENDED: return "extended";
    case IOP_CHANGE_TERMINATED: return "terminated";
    case IOP_CHANGE_COST: return "cost";
    case IOP_CHANGE_COMMITTEE: return "committee";
    }
    return "";
}

static bool names_committee(const iop_agreement *a, const char *committee_id)
{
    for (size_t i = 0; a && i < a->n_parties; i++)
        if (a->parties[i].kind == IOP_PARTY_PUBLIC && a->parties[i].committee &&
            strcmp(a->parties[i].committee, committee_id) == 0)
            return true;
    return false;
}

static bool in_year(const iop_agreement *a, int year)
{
    return iop_span_overlap_days(iop_agreement_timeline(a), iop_span_year(year)) > 0;
}

static bool in_force_for(const iop_agreement *a, const char *committee_id, int year)
{
    return a && names_committee(a, committee_id) && in_year(a, year);
}

bool iop_model_has_year(const iop_model *model, int year)
{
    for (size_t i = 0; i < model->n_agreements; i++)
        if (in_year(model->agreements[i], year))
            return true;
    return false;
}

static bool day_in(int64_t day, int64_t first, int64_t last)
{
    return day >= first && day <= last;
}

unsigned iop_agreement_changes(const iop_agreement *a, int year)
{
    int64_t first = iop_span_year(year - 1).first, last = iop_span_year(year).last;
    iop_span t = iop_agreement_timeline(a);
    unsigned c = 0;
    if (day_in(t.first, iop_span_year(year).first, last))
        c |= IOP_CHANGE_NEW;
    if (!t.open && day_in(t.last, first, last))
        c |= IOP_CHANGE_ENDED;
    if (a->period.terminated.precision != IOP_DATE_NONE &&
        day_in(iop_date_last_day(a->period.terminated), first, last))
        c |= IOP_CHANGE_TERMINATED;
    /* an extension taken up is written as the period before it (format
     * spec): the current period then starts the day after a previous one */
    int64_t start = iop_date_first_day(a->period.start);
    if (day_in(start, first, last))
        for (size_t i = 0; i < a->n_previous; i++)
            if (a->previous[i].end.precision != IOP_DATE_NONE &&
                iop_date_last_day(a->previous[i].end) == start - 1)
                c |= IOP_CHANGE_EXTENDED;
    return c;
}

/* The period's last day, INT64_MAX when it has no end. */
static int64_t period_last(const iop_period *p)
{
    return p->end.precision == IOP_DATE_NONE ? INT64_MAX : iop_date_last_day(p->end);
}

static iop_year_cost year_cost(const iop_agreement *a, const char *committee_id, int year)
{
    iop_year_cost c = {false, false, 0};
    if (!in_force_for(a, committee_id, year))
        return c;
    c.in_force = true;
    c.recorded = iop_agreement_cost_recorded(a, committee_id, year);
    c.kr = c.recorded ? iop_agreement_cost_kr(a, committee_id, year) : 0;
    return c;
}

static iop_year_cost year_value(const iop_agreement *a, const char *committee_id, int year)
{
    iop_year_cost c = {false, false, 0};
    if (!in_force_for(a, committee_id, year))
        return c;
    c.in_force = true;
    c.recorded = iop_agreement_value_recorded(a, year);
    c.kr = c.recorded ? iop_agreement_value_kr(a, year) : 0;
    return c;
}

/* The first committee of `a` other than `committee_id`, or NULL. */
static const char *other_committee(const iop_agreement *a, const char *committee_id)
{
    for (size_t i = 0; a && i < a->n_parties; i++)
        if (a->parties[i].kind == IOP_PARTY_PUBLIC && a->parties[i].committee &&
            strcmp(a->parties[i].committee, committee_id) != 0)
            return a->parties[i].committee;
    return NULL;
}

typedef struct id_list {
    const char **v;
    size_t n;
} id_list;

static void add_id(id_list *l, const char *id)
{
    if (!id)
        return;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], id) == 0)
            return;
    l->v = iop_xreallocarray(l->v, l->n + 1, sizeof *l->v);
    l->v[l->n++] = id;
}

static const iop_agreement *find(const iop_model *m, const char *id)
{
    return m ? iop_model_find_agreement(m, id) : NULL;
}

static void classify(iop_compare_item *it, const iop_agreement *cur, const iop_agreement *old,
                     const char *committee_id, int year)
{
    const iop_agreement *a = it->agreement;
    it->changes = iop_agreement_changes(a, year);
    /* a partnership that is not in force this year cannot be new in it */
    if (!it->current.in_force)
        it->changes &= ~(unsigned)IOP_CHANGE_NEW;
    /* a changed budget, not a part year: in force all of both years */
    iop_span t = iop_agreement_timeline(a);
    bool whole = t.first <= iop_span_year(year - 1).first &&
                 (t.open || t.last >= iop_span_year(year).last);
    if (whole && it->previous.in_force && it->current.in_force && it->previous.recorded &&
        it->current.recorded && it->previous.kr != it->current.kr)
        it->changes |= IOP_CHANGE_COST;
    if (!old || !cur)
        return;
    /* what only the earlier export shows: the end moved later, or the
     * agreement was under another committee */
    if (old->period.terminated.precision == IOP_DATE_NONE &&
        cur->period.terminated.precision == IOP_DATE_NONE &&
        period_last(&cur->period) > period_last(&old->period))
        it->changes |= IOP_CHANGE_EXTENDED;
    bool now = names_committee(cur, committee_id), then = names_committee(old, committee_id);
    if (now != then) {
        it->changes |= IOP_CHANGE_COMMITTEE;
        it->other_committee = other_committee(now ? old : cur, committee_id);
    }
}

static int cmp_edits(const void *pa, const void *pb)
{
    const iop_compare_edit *x = pa, *y = pb;
    int c = iop_collate_sv(x->agreement->title ? x->agreement->title : "",
                           y->agreement->title ? y->agreement->title : "");
    if (c)
        return c;
    c = strcmp(x->agreement->id, y->agreement->id);
    if (c)
        return c;
    if (x->year != y->year)
        return x->year < y->year ? -1 : 1;
    return (int)x->value - (int)y->value;
}

static int cmp_items(const void *pa, const void *pb)
{
    const iop_compare_item *x = pa, *y = pb;
    int c = iop_collate_sv(x->agreement->title ? x->agreement->title : "",
                           y->agreement->title ? y->agreement->title : "");
    return c ? c : strcmp(x->agreement->id, y->agreement->id);
}

static void year_total_add(iop_report_total *t, iop_year_cost cost, bool value_recorded,
                      int64_t value, int64_t municipal, bool is_new)
{
    if (!cost.in_force)
        return;
    t->count++;
    t->n_new += is_new;
    if (cost.recorded)
        t->cost_kr += cost.kr;
    else
        t->n_cost_missing++;
    if (value_recorded) {
        t->value_kr += value;
        t->municipal_kr += municipal;
    } else {
        t->n_value_missing++;
    }
}

static void add_edit(iop_comparison *c, const iop_agreement *a, int year, bool value,
                     iop_year_cost before, iop_year_cost after)
{
    if (before.in_force == after.in_force && before.recorded == after.recorded &&
        before.kr == after.kr)
        return;
    c->edits = iop_xreallocarray(c->edits, c->n_edits + 1, sizeof *c->edits);
    c->edits[c->n_edits++] = (iop_compare_edit){a, year, value, before, after};
}

static void build_years(iop_comparison *c, const iop_model *m)
{
    int first = c->year;
    for (size_t i = 0; i < m->n_agreements; i++) {
        const iop_agreement *a = m->agreements[i];
        if (!names_committee(a, c->committee_id))
            continue;
        int y, mo, d;
        iop_civil_from_days(iop_agreement_timeline(a).first, &y, &mo, &d);
        if (y < first)
            first = y;
    }
    if (c->year - first + 1 > IOP_COMPARE_MAX_YEARS)
        first = c->year - IOP_COMPARE_MAX_YEARS + 1;
    c->n_years = (size_t)(c->year - first + 1);
    c->years = iop_xcalloc(c->n_years, sizeof *c->years);
    for (size_t k = 0; k < c->n_years; k++) {
        iop_compare_year *y = &c->years[k];
        y->year = first + (int)k;
        for (size_t i = 0; i < m->n_agreements; i++) {
            iop_year_cost cost = year_cost(m->agreements[i], c->committee_id, y->year);
            if (!cost.in_force)
                continue;
            y->count++;
            if (cost.recorded)
                y->cost_kr += cost.kr;
            else
                y->n_cost_missing++;
        }
    }
}

iop_comparison *iop_comparison_build(const iop_model *current, const iop_model *earlier,
                                     const char *committee_id, int year)
{
    iop_comparison *c = iop_xcalloc(1, sizeof *c);
    c->year = year;
    c->committee_id = iop_xstrdup(committee_id);
    c->earlier_export = earlier != NULL;

    /* every agreement in force for the committee in Y (current data) or
     * in Y−1 (the comparison source; the current data too, so that one
     * moved from the committee is seen) */
    id_list ids = {0};
    for (size_t i = 0; i < current->n_agreements; i++) {
        const iop_agreement *a = current->agreements[i];
        if (in_force_for(a, committee_id, year) || in_force_for(a, committee_id, year - 1))
            add_id(&ids, a->id);
    }
    for (size_t i = 0; earlier && i < earlier->n_agreements; i++) {
        const iop_agreement *a = earlier->agreements[i];
        if (in_force_for(a, committee_id, year - 1) || in_force_for(a, committee_id, year))
            add_id(&ids, a->id);
    }

    for (size_t i = 0; i < ids.n; i++) {
        const iop_agreement *cur = find(current, ids.v[i]);
        const iop_agreement *old = find(earlier, ids.v[i]);
        const iop_agreement *prev = earlier ? old : cur;
        iop_compare_item it = {0};
        it.agreement = names_committee(cur, committee_id) || !old ? cur : old;
        it.earlier = old;
        it.previous = year_cost(prev, committee_id, year - 1);
        it.current = year_cost(cur, committee_id, year);
        if (it.previous.in_force) {
            it.previous_value_recorded = iop_agreement_value_recorded(prev, year - 1);
            it.previous_value_kr = iop_agreement_value_kr(prev, year - 1);
            it.previous_municipal_kr = iop_agreement_municipal_kr(prev, year - 1);
        }
        if (it.current.in_force) {
            it.value_recorded = iop_agreement_value_recorded(cur, year);
            it.value_kr = iop_agreement_value_kr(cur, year);
            it.municipal_kr = iop_agreement_municipal_kr(cur, year);
        }
        if (!it.previous.in_force && !it.current.in_force && !earlier)
            continue; /* in Y−1 by the current data only under another committee */
        classify(&it, cur, old, committee_id, year);
        c->items = iop_xreallocarray(c->items, c->n_items + 1, sizeof *c->items);
        c->items[c->n_items++] = it;
        year_total_add(&c->previous_total, it.previous, it.previous_value_recorded,
                  it.previous_value_kr, it.previous_municipal_kr, false);
        if (!it.current.in_force)
            year_total_add(&c->previous_only, it.previous, it.previous_value_recorded,
                      it.previous_value_kr, it.previous_municipal_kr, false);
        year_total_add(&c->total, it.current, it.value_recorded, it.value_kr, it.municipal_kr,
                  (it.changes & IOP_CHANGE_NEW) != 0);
        if (earlier) {
            for (int y = year - 1; y <= year; y++) {
                add_edit(c, it.agreement, y, false, year_cost(old, committee_id, y),
                         year_cost(cur, committee_id, y));
                /* a value only where both have the agreement in the year:
                 * that it came or went is the cost's edit already */
                iop_year_cost vb = year_value(old, committee_id, y),
                              va = year_value(cur, committee_id, y);
                if (vb.in_force && va.in_force)
                    add_edit(c, it.agreement, y, true, vb, va);
            }
        }
    }
    free(ids.v);
    if (c->n_items)
        qsort(c->items, c->n_items, sizeof *c->items, cmp_items);
    if (c->n_edits)
        qsort(c->edits, c->n_edits, sizeof *c->edits, cmp_edits);
    build_years(c, current);
    return c;
}

void iop_comparison_free(iop_comparison *c)
{
    if (!c)
        return;
    free(c->items);
    free(c->years);
    free(c->edits);
    free(c->committee_id);
    free(c);
}
