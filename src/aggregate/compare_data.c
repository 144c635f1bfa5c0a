/* The <comparison> element of a committee's report data
 * (docs/report-data.md, "Year over year"): every difference ready, raw and
 * as Swedish text, so that a template only prints. */
#include "internal.h"
#include "data_put.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef char num_buf[32];

static const char *num(num_buf b, int64_t v)
{
    snprintf(b, sizeof(num_buf), "%" PRId64, v);
    return b;
}

/* What stands where an agreement was not in force: no cost, and no
 * "uppgift saknas" either, since nothing was due. */
#define NOT_IN_FORCE_TEXT "\xE2\x80\x93" /* – */

static void put_year_cost(xml_out *xo, const char *name, iop_year_cost c, int year)
{
    num_buf y, b;
    if (!c.in_force) {
        xo_leaf(xo, name, NOT_IN_FORCE_TEXT, "year", num(y, year), "in-force", "false", XA_END);
    } else if (!c.recorded) {
        xo_leaf(xo, name, IOP_NOT_RECORDED_TEXT, "year", num(y, year), "recorded", "false",
                XA_END);
    } else {
        char *text = iop_format_kronor(c.kr);
        xo_leaf(xo, name, text, "year", num(y, year), "amount", num(b, c.kr), XA_END);
        free(text);
    }
}

/* A change in kronor, always signed ("+100 000 kr", "−50 000 kr", "0 kr"),
 * or "uppgift saknas" when a figure it needs is not recorded. */
static void put_difference(xml_out *xo, const char *name, bool known, int64_t kr)
{
    if (!known) {
        xo_leaf(xo, name, IOP_NOT_RECORDED_TEXT, "recorded", "false", XA_END);
        return;
    }
    num_buf b;
    char *f = iop_format_kronor(kr);
    char *text = kr > 0 ? iop_xasprintf("+%s", f) : iop_xstrdup(f);
    xo_leaf(xo, name, text, "amount", num(b, kr), XA_END);
    free(text);
    free(f);
}

/* A year's cost of one agreement as a term of a difference: not in force
 * is a true 0, not recorded is unknown. */
static bool term(iop_year_cost c, int64_t *kr)
{
    *kr = c.in_force ? c.kr : 0;
    return !c.in_force || c.recorded;
}

static void put_cost_difference(xml_out *xo, iop_year_cost before, iop_year_cost after)
{
    int64_t b, a;
    /* both terms are read, whatever the first says */
    bool known_before = term(before, &b);
    bool known_after = term(after, &a);
    bool known = known_before && known_after;
    put_difference(xo, "difference", known && (before.in_force || after.in_force), a - b);
}

/* The earliest start of the timeline at the precision it was written with. */
static iop_date timeline_start(const iop_agreement *a)
{
    iop_date d = a->period.start;
    for (size_t i = 0; i < a->n_previous; i++)
        if (iop_date_first_day(a->previous[i].start) < iop_date_first_day(d))
            d = a->previous[i].start;
    return d;
}

static void put_change(xml_out *xo, iop_change kind, const char *fmt, ...) IOP_PRINTF(3, 4);
static void put_change(xml_out *xo, iop_change kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = iop_xvasprintf(fmt, ap);
    va_end(ap);
    xo_leaf(xo, "change", text, "kind", iop_change_name(kind), XA_END);
    free(text);
}

static void put_changes(xml_out *xo, const iop_compare_item *it, const iop_model *m)
{
    const iop_agreement *a = it->agreement;
    if (it->changes & IOP_CHANGE_NEW) {
        char *d = iop_format_date(timeline_start(a));
        put_change(xo, IOP_CHANGE_NEW, "nytt från %s", d);
        free(d);
    }
    if (it->changes & IOP_CHANGE_EXTENDED) {
        char *d = iop_format_date(a->period.end);
        const iop_agreement *old = it->earlier;
        char *was = old && old != a && old->period.end.precision != IOP_DATE_NONE
                        ? iop_format_date(old->period.end) : NULL;
        if (a->period.end.precision == IOP_DATE_NONE)
            put_change(xo, IOP_CHANGE_EXTENDED, "förlängt tills vidare");
        else if (was && strcmp(was, d) != 0)
            put_change(xo, IOP_CHANGE_EXTENDED, "förlängt till %s (tidigare till %s)", d, was);
        else
            put_change(xo, IOP_CHANGE_EXTENDED, "förlängt till %s", d);
        free(was);
        free(d);
    }
    if (it->changes & IOP_CHANGE_TERMINATED) {
        char *d = iop_format_date(a->period.terminated);
        char *e = iop_format_date(a->period.end);
        if (*e)
            put_change(xo, IOP_CHANGE_TERMINATED, "avslutat i förtid %s (avtalet gällde till %s)",
                       d, e);
        else
            put_change(xo, IOP_CHANGE_TERMINATED, "avslutat i förtid %s", d);
        free(e);
        free(d);
    } else if (it->changes & IOP_CHANGE_ENDED) {
        char *d = iop_format_date(a->period.end);
        put_change(xo, IOP_CHANGE_ENDED, "avslutat %s", d);
        free(d);
    }
    if (it->changes & IOP_CHANGE_COST)
        put_change(xo, IOP_CHANGE_COST, "ändrad kostnad");
    if (it->changes & IOP_CHANGE_COMMITTEE) {
        bool here_now = it->current.in_force || it->agreement != it->earlier;
        /* the other committee is named in the version where it is not this one */
        const iop_agreement *named_in = here_now ? it->earlier
                                                 : iop_model_find_agreement(m, it->agreement->id);
        const char *other = it->other_committee;
        if (!other)
            put_change(xo, IOP_CHANGE_COMMITTEE, here_now ? "tidigare utan nämnd"
                                                          : "inte längre under nämnden");
        else
            put_change(xo, IOP_CHANGE_COMMITTEE, here_now ? "tidigare under %s" : "flyttat till %s",
                       committee_display_name(m, named_in ? named_in : it->agreement, other));
    }
}

static void put_item(xml_out *xo, const iop_compare_item *it, int year, const iop_model *m)
{
    const iop_agreement *a = it->agreement;
    xo_open(xo, "item", "ref", a->id, "changed", it->changes ? "true" : "false", "in-previous",
            it->previous.in_force ? "true" : "false", "in-current",
            it->current.in_force ? "true" : "false", XA_END);
    xo_leaf(xo, "title", a->title ? a->title : "", XA_END);
    put_changes(xo, it, m);
    put_year_cost(xo, "previous-cost", it->previous, year - 1);
    put_year_cost(xo, "cost", it->current, year);
    put_cost_difference(xo, it->previous, it->current);
    xo_close(xo);
}

/* A change of share in percentage points: "+2,3 procentenheter". */
static void put_share_change(const iop_report_total *before, const iop_report_total *after,
                             xml_out *xo)
{
    int pb = share_permille(before->municipal_kr, before->value_kr);
    int pa = share_permille(after->municipal_kr, after->value_kr);
    if (pb < 0 || pa < 0 || before->n_value_missing || after->n_value_missing) {
        xo_leaf(xo, "share-change", IOP_NOT_RECORDED_TEXT, "recorded", "false", XA_END);
        return;
    }
    int d = pa - pb, m = d < 0 ? -d : d;
    num_buf b;
    char *text = iop_xasprintf("%s%d,%d\xC2\xA0procentenheter",
                               d > 0 ? "+" : d < 0 ? "\xE2\x88\x92" : "", m / 10, m % 10);
    xo_leaf(xo, "share-change", text, "permille", num(b, d), XA_END);
    free(text);
}

static void put_edit(xml_out *xo, const iop_compare_edit *e)
{
    num_buf y;
    xo_open(xo, "edit", "ref", e->agreement->id, "year", num(y, e->year), "figure",
            e->value ? "value" : "cost", XA_END);
    xo_leaf(xo, "title", e->agreement->title ? e->agreement->title : "", XA_END);
    put_year_cost(xo, "before", e->before, e->year);
    put_year_cost(xo, "after", e->after, e->year);
    put_cost_difference(xo, e->before, e->after);
    xo_close(xo);
}

void put_comparison(xml_out *xo, const iop_comparison *c, const char *compare_with,
                    const iop_model *m)
{
    num_buf y, p, n;
    size_t changed = 0;
    for (size_t i = 0; i < c->n_items; i++)
        changed += c->items[i].changes != 0;
    xo_open(xo, "comparison", "year", num(y, c->year), "previous-year", num(p, c->year - 1),
            "source", c->earlier_export ? "earlier-export" : "same", "changed",
            num(n, (int64_t)changed), XA_END);
    if (c->earlier_export)
        xo_leaf(xo, "earlier-export", compare_with ? compare_with : "", "path", compare_with,
                XA_END);
    put_total(xo, &c->previous_total, "previous-year", "year", num(p, c->year - 1));
    put_total(xo, &c->total, "year", "year", num(y, c->year));
    /* a total with a cost or value missing on either side gives no change:
     * the sums of what is recorded are not the partnerships' costs */
    const iop_report_total *b = &c->previous_total, *a = &c->total;
    put_difference(xo, "cost-change", !b->n_cost_missing && !a->n_cost_missing,
                   a->cost_kr - b->cost_kr);
    put_share_change(b, a, xo);
    const iop_report_total *g = &c->previous_only;
    put_total(xo, g, "previous-only", "year", num(p, c->year - 1));
    put_difference(xo, "previous-only-change", g->n_cost_missing == 0, -g->cost_kr);
    for (size_t i = 0; i < c->n_items; i++)
        put_item(xo, &c->items[i], c->year, m);
    xo_open(xo, "years", XA_END);
    for (size_t i = 0; i < c->n_years; i++) {
        const iop_compare_year *yr = &c->years[i];
        num_buf yy, cnt;
        xo_open(xo, "year", "year", num(yy, yr->year), "current",
                yr->year == c->year ? "true" : "false", "count", num(cnt, (int64_t)yr->count),
                XA_END);
        put_total_figure(xo, "cost", yr->cost_kr, yr->n_cost_missing, yr->count);
        xo_close(xo);
    }
    xo_close(xo);
    if (c->earlier_export) {
        /* the edits are in agreement order: count each agreement once */
        size_t n_agreements = 0;
        for (size_t i = 0; i < c->n_edits; i++)
            n_agreements += i == 0 || c->edits[i].agreement != c->edits[i - 1].agreement;
        num_buf na, ne;
        xo_open(xo, "edits", "count", num(ne, (int64_t)c->n_edits), "agreements",
                num(na, (int64_t)n_agreements), XA_END);
        for (size_t i = 0; i < c->n_edits; i++)
            put_edit(xo, &c->edits[i]);
        xo_close(xo);
    }
    xo_close(xo);
}
