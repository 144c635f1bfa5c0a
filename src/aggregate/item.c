/* One agreement's figures for a year. */
#include "internal.h"

#include "exact.h"

#include <stdlib.h>
#include <string.h>

int share_permille(int64_t part, int64_t whole)
{
    if (whole == 0)
        return -1;
    /* tenths of a percent, rounded half away from zero; 128-bit because
     * part * 1000 leaves int64 for sums of many amounts at the cap */
    iop_wide num = (iop_wide)part * 1000, den = whole;
    if (den < 0) {
        num = -num;
        den = -den;
    }
    iop_wide q = num / den, r = num % den;
    if ((r < 0 ? -r : r) * 2 >= den)
        q += num < 0 ? -1 : 1;
    return (int)q;
}

void item_init(iop_report_item *it, const iop_agreement *a, const char *committee_id, int year,
               int64_t doc_day)
{
    memset(it, 0, sizeof *it);
    it->agreement = a;
    it->status = iop_agreement_year_status_at(a, year, doc_day);
    it->timeline = iop_agreement_timeline(a);
    it->cost_kr = committee_id ? iop_agreement_cost_kr(a, committee_id, year) : 0;
    it->cost_recorded = iop_agreement_cost_recorded(a, committee_id, year);
    it->value_kr = iop_agreement_value_kr(a, year);
    it->value_recorded = iop_agreement_value_recorded(a, year);
    it->municipal_kr = iop_agreement_municipal_kr(a, year);
    it->municipal_recorded = iop_agreement_municipal_recorded(a, year);
    it->share_permille = it->value_recorded ? share_permille(it->municipal_kr, it->value_kr) : -1;
    if (a->n_contributions) {
        it->contribution_ore = iop_xcalloc(a->n_contributions, sizeof(int64_t));
        for (size_t i = 0; i < a->n_contributions; i++)
            it->contribution_ore[i] = iop_contribution_year_ore(a, &a->contributions[i], year);
    }
    for (size_t i = 0; i < a->n_participants; i++)
        if (a->participants[i].year == year)
            it->participants = &a->participants[i];
    /* an agreement outside the year is listed, not checked for it */
    if (it->status.status != IOP_STATUS_OUTSIDE)
        remarks_compute(it, year, committee_id != NULL);
}

void item_clear(iop_report_item *it)
{
    free(it->contribution_ore);
    for (size_t i = 0; i < it->n_remarks; i++)
        free(it->remarks[i].message);
    free(it->remarks);
    memset(it, 0, sizeof *it);
}
