/* Private to the aggregate layer: pieces shared by its files. */
#ifndef IOP_AGGREGATE_INTERNAL_H
#define IOP_AGGREGATE_INTERNAL_H

#include "iopreport/aggregate.h"

/* Fill an item for `a` in `year`, in a document dated `doc_day`;
 * `committee_id` NULL for a catalogue item. */
void item_init(iop_report_item *it, const iop_agreement *a, const char *committee_id, int year,
               int64_t doc_day);
void item_clear(iop_report_item *it);
/* The remarks against the IOP criteria (item figures must be set). */
void remarks_compute(iop_report_item *it, int year, bool in_committee_report);
/* Each remark of the item as a warning at the agreement's file:line. */
void remarks_report(const iop_report_item *it, iop_diag *diag);
/* Adds an item to a total: its count, and its figures where recorded. */
void total_add(iop_report_total *t, const iop_report_item *it);
/* part / whole in tenths of a percent, half away from zero; -1 when whole is 0. */
int share_permille(int64_t part, int64_t whole);

/* What an agreement's latest assessment or report (of a year up to the
 * report year) says about its future: its sentences that speak of
 * extending, replacing or ending the partnership (outlook.c). */
#define OUTLOOK_MAX_SENTENCES 3
typedef struct outlook {
    const char *source; /* "assessment" or "report" (static) */
    int year;
    char *sentences[OUTLOOK_MAX_SENTENCES]; /* owned */
    size_t n_sentences;
} outlook;
/* Fill `out` (cleared first); false when no text says anything of the
 * future. Free with outlook_clear() in either case. */
bool outlook_find(const iop_agreement *a, int year, outlook *out);
void outlook_clear(outlook *o);

#endif
