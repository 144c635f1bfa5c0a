/* Checks against the IOP criteria that the data can show. They are remarks,
 * not errors: the committee decides, the report only points them out.  A
 * gap in the agreement data (nothing recorded) is told apart from a finding
 * that the data shows: the first asks for the data, the second for a
 * decision. */
#include "internal.h"

#include "exact.h"

#include <stdlib.h>

const char *iop_remark_kind_name(iop_remark_kind kind)
{
    switch (kind) {
    case IOP_REMARK_NO_IDEA_BASED_CONTRIBUTION: return "no-idea-based-contribution";
    case IOP_REMARK_SHORT_PERIOD: return "short-period";
    case IOP_REMARK_HIGH_MUNICIPAL_SHARE: return "high-municipal-share";
    case IOP_REMARK_COST_NOT_RECORDED: return "cost-not-recorded";
    case IOP_REMARK_EXPIRING: break;
    }
    return "expiring";
}

iop_remark_category iop_remark_kind_category(iop_remark_kind kind)
{
    switch (kind) {
    case IOP_REMARK_NO_IDEA_BASED_CONTRIBUTION:
    case IOP_REMARK_COST_NOT_RECORDED: return IOP_REMARK_GAP;
    case IOP_REMARK_SHORT_PERIOD:
    case IOP_REMARK_HIGH_MUNICIPAL_SHARE: return IOP_REMARK_FINDING;
    case IOP_REMARK_EXPIRING: break;
    }
    return IOP_REMARK_DECISION;
}

const char *iop_remark_category_name(iop_remark_category c)
{
    switch (c) {
    case IOP_REMARK_GAP: return "gap";
    case IOP_REMARK_FINDING: return "finding";
    case IOP_REMARK_DECISION: break;
    }
    return "decision";
}

static void add(iop_report_item *it, iop_remark_kind kind, char *message)
{
    it->remarks = iop_xreallocarray(it->remarks, it->n_remarks + 1, sizeof *it->remarks);
    iop_remark *r = &it->remarks[it->n_remarks++];
    r->kind = kind;
    r->agreement = it->agreement;
    r->message = message;
    r->loc = it->agreement->loc;
}

static bool is_idea_based(const iop_agreement *a, const char *party)
{
    const iop_party *p = iop_agreement_find_party(a, party);
    return p && p->kind == IOP_PARTY_IDEA_BASED;
}

static bool has_idea_based_input(const iop_agreement *a)
{
    for (size_t i = 0; i < a->n_contributions; i++)
        if (a->contributions[i].amount_ore != 0 && is_idea_based(a, a->contributions[i].party))
            return true;
    for (size_t i = 0; i < a->n_commitments; i++)
        if (is_idea_based(a, a->commitments[i].party))
            return true;
    return false;
}

/* Shorter than a year: ends before the day before the same date a year later. */
static bool shorter_than_a_year(iop_span t)
{
    if (t.open)
        return false;
    int y, m, d;
    iop_civil_from_days(t.first, &y, &m, &d);
    int64_t year_later = m == 2 && d == 29 ? iop_days_from_civil(y + 1, 3, 1)
                                           : iop_days_from_civil(y + 1, m, d);
    return t.last < year_later - 1;
}

void remarks_compute(iop_report_item *it, int year, bool in_committee_report)
{
    const iop_agreement *a = it->agreement;
    if (!has_idea_based_input(a))
        add(it, IOP_REMARK_NO_IDEA_BASED_CONTRIBUTION,
            iop_xstrdup("Avtalsunderlaget anger varken bidrag eller åtagande från någon "
                        "idéburen part; enligt IOP-kriterierna bidrar båda parter."));
    if (in_committee_report && !it->cost_recorded)
        add(it, IOP_REMARK_COST_NOT_RECORDED,
            iop_xasprintf("Avtalsunderlaget anger ingen kostnad för nämnden för %d.", year));
    else if (!in_committee_report && !it->municipal_recorded)
        add(it, IOP_REMARK_COST_NOT_RECORDED,
            iop_xasprintf("Avtalsunderlaget anger inget kommunalt bidrag för %d.", year));
    if (shorter_than_a_year(it->timeline)) {
        char *first = iop_format_day(it->timeline.first);
        char *last = iop_format_day(it->timeline.last);
        add(it, IOP_REMARK_SHORT_PERIOD,
            iop_xasprintf("Partnerskapet pågår kortare än ett år (%s \xE2\x80\x93 %s); "
                          "ett IOP avses drivas under en längre tid.", first, last));
        free(first);
        free(last);
    }
    /* only where the other parties' contributions are recorded: without
     * them the share would be a false 100 % (wide: amounts up to the cap) */
    if (it->share_permille >= 0 &&
        (iop_wide)it->municipal_kr * 1000 > (iop_wide)it->value_kr * IOP_HIGH_MUNICIPAL_SHARE_PERMILLE) {
        char *share = iop_format_permille(it->share_permille);
        add(it, IOP_REMARK_HIGH_MUNICIPAL_SHARE,
            iop_xasprintf("Enligt de redovisade bidragen står kommunen för %s av "
                          "partnerskapets värde %d, mer än tre fjärdedelar.", share, year));
        free(share);
    }
    if (it->status.expiring) {
        char *last = iop_format_day(it->timeline.last);
        add(it, IOP_REMARK_EXPIRING,
            iop_xasprintf("Avtalet löper ut %s: beslut om förlängning behövs.", last));
        free(last);
    }
}

void remarks_report(const iop_report_item *it, iop_diag *diag)
{
    if (!diag)
        return;
    for (size_t i = 0; i < it->n_remarks; i++)
        iop_diag_report(diag, IOP_WARNING, &it->remarks[i].loc, "%s: %s", it->agreement->id ? it->agreement->id : "?",
                        it->remarks[i].message);
}
