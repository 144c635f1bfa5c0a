/* Money for a year: contributions pro-rated by days, exactly. */
#include "iopreport/aggregate.h"

#include "exact.h"

#include <stdlib.h>
#include <string.h>

bool iop_contribution_span(const iop_agreement *a, const iop_contribution *c, iop_span *out)
{
    iop_span s;
    s.first = iop_date_first_day(c->from.precision != IOP_DATE_NONE ? c->from : a->period.start);
    s.open = false;
    s.last = 0;
    if (c->to.precision != IOP_DATE_NONE)
        s.last = iop_date_last_day(c->to);
    else if (a->period.end.precision != IOP_DATE_NONE)
        s.last = iop_date_last_day(a->period.end);
    else
        s.open = true;
    /* money agreed before the agreement was ended early stops at the end */
    if (a->period.terminated.precision != IOP_DATE_NONE) {
        int64_t t = iop_date_last_day(a->period.terminated);
        if (s.open || s.last > t) {
            s.last = t;
            s.open = false;
        }
    }
    *out = s;
    return s.open || s.last >= s.first;
}

static exact_frac contribution_year(const iop_agreement *a, const iop_contribution *c, int year)
{
    iop_span span;
    if (!iop_contribution_span(a, c, &span))
        return exact_zero();
    iop_span y = iop_span_year(year);
    int64_t days = iop_span_overlap_days(span, y);
    if (days == 0)
        return exact_zero();
    if (c->per == IOP_PER_YEAR) {
        int64_t in_year = y.last - y.first + 1;
        exact_frac f = {(iop_wide)c->amount_ore * days, in_year};
        return exact_add(f, exact_zero());
    }
    if (span.open)
        return exact_zero();
    exact_frac f = {(iop_wide)c->amount_ore * days, span.last - span.first + 1};
    return exact_add(f, exact_zero());
}

int64_t iop_contribution_year_ore(const iop_agreement *a, const iop_contribution *c, int year)
{
    return exact_round(contribution_year(a, c, year), 1);
}

bool iop_contribution_by_committee(const iop_agreement *a, const iop_contribution *c,
                                   const char *committee_id)
{
    if (!committee_id || !c->party)
        return false;
    const iop_party *p = iop_agreement_find_party(a, c->party);
    if (p)
        return iop_party_names_committee(p, committee_id);
    return strcmp(c->party, committee_id) == 0;
}

static bool by_any_committee(const iop_agreement *a, const iop_contribution *c)
{
    const iop_party *p = iop_agreement_find_party(a, c->party);
    return p && iop_party_committee(p);
}

bool iop_contribution_covers_year(const iop_agreement *a, const iop_contribution *c, int year)
{
    iop_span span;
    if (!iop_contribution_span(a, c, &span))
        return false;
    return iop_span_overlap_days(span, iop_span_year(year)) > 0;
}

enum which { COST, VALUE, MUNICIPAL, OTHER };

/* Whether the data says anything about a figure for the year: a
 * contribution of the parties it counts covers a day of the year.  An
 * amount of 0 is recorded; no contribution at all is not. */
static bool year_recorded(const iop_agreement *a, enum which w, const char *committee_id, int year)
{
    for (size_t i = 0; i < a->n_contributions; i++) {
        const iop_contribution *c = &a->contributions[i];
        if (w == COST && !iop_contribution_by_committee(a, c, committee_id))
            continue;
        if (w == MUNICIPAL && !by_any_committee(a, c))
            continue;
        if (w == OTHER && by_any_committee(a, c))
            continue;
        if (iop_contribution_covers_year(a, c, year))
            return true;
    }
    return false;
}

bool iop_agreement_cost_recorded(const iop_agreement *a, const char *committee_id, int year)
{
    return committee_id && year_recorded(a, COST, committee_id, year);
}

bool iop_agreement_municipal_recorded(const iop_agreement *a, int year)
{
    return year_recorded(a, MUNICIPAL, NULL, year);
}

bool iop_agreement_value_recorded(const iop_agreement *a, int year)
{
    return year_recorded(a, MUNICIPAL, NULL, year) && year_recorded(a, OTHER, NULL, year);
}

static int64_t year_sum_kr(const iop_agreement *a, enum which w, const char *committee_id,
                           int year)
{
    exact_frac sum = exact_zero();
    for (size_t i = 0; i < a->n_contributions; i++) {
        const iop_contribution *c = &a->contributions[i];
        if (w == COST && (c->kind != IOP_CONTRIB_MONEY ||
                          !iop_contribution_by_committee(a, c, committee_id)))
            continue;
        if (w == MUNICIPAL && !by_any_committee(a, c))
            continue;
        sum = exact_add(sum, contribution_year(a, c, year));
    }
    return exact_round(sum, 100);
}

int64_t iop_agreement_cost_kr(const iop_agreement *a, const char *committee_id, int year)
{
    return year_sum_kr(a, COST, committee_id, year);
}

int64_t iop_agreement_value_kr(const iop_agreement *a, int year)
{
    return year_sum_kr(a, VALUE, NULL, year);
}

int64_t iop_agreement_municipal_kr(const iop_agreement *a, int year)
{
    return year_sum_kr(a, MUNICIPAL, NULL, year);
}

/* Two public parties with the same committee are one party (the spec), so a
 * committee's contributions belong to it whichever of them they name. */
static bool contribution_of(const iop_agreement *a, const iop_contribution *c, const iop_party *p)
{
    const char *id = iop_party_committee(p);
    return id ? iop_contribution_by_committee(a, c, id) : iop_agreement_find_party(a, c->party) == p;
}

int64_t iop_agreement_party_money_kr(const iop_agreement *a, const iop_party *p, int year,
                                     bool *recorded)
{
    exact_frac sum = exact_zero();
    bool any = false;
    for (size_t i = 0; i < a->n_contributions; i++) {
        const iop_contribution *c = &a->contributions[i];
        if (c->kind != IOP_CONTRIB_MONEY || !contribution_of(a, c, p) ||
            !iop_contribution_covers_year(a, c, year))
            continue;
        any = true;
        sum = exact_add(sum, contribution_year(a, c, year));
    }
    if (recorded)
        *recorded = any;
    return exact_round(sum, 100);
}

size_t iop_agreement_committees(const iop_agreement *a, const char ***out)
{
    const char **v = NULL;
    size_t n = 0;
    for (size_t i = 0; i < a->n_parties; i++) {
        const char *id = iop_party_committee(&a->parties[i]);
        if (!id)
            continue;
        bool seen = false;
        for (size_t j = 0; j < n && !seen; j++)
            seen = strcmp(v[j], id) == 0;
        if (seen)
            continue;
        v = iop_xreallocarray(v, n + 1, sizeof *v);
        v[n++] = id;
    }
    *out = v;
    return n;
}
