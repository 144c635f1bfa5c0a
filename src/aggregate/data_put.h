/* Private: the writers of report-data figures that report_data.c and
 * compare_data.c share (docs/report-data.md). */
#ifndef IOP_AGGREGATE_DATA_PUT_H
#define IOP_AGGREGATE_DATA_PUT_H

#include "iopreport/aggregate.h"
#include "xml_out.h"

iop_date day_date(int64_t day);
/* A date with its text, ISO form and precision; nothing for IOP_DATE_NONE. */
void put_date(xml_out *xo, const char *name, iop_date d);
/* Whole kronor with `key`="val" (key NULL: "committee"). */
void put_kr(xml_out *xo, const char *name, int64_t kr, const char *key, const char *val);
/* A figure that may not be recorded: then "uppgift saknas", recorded="false". */
void put_figure(xml_out *xo, const char *name, int64_t kr, bool recorded, const char *key,
                const char *val);
/* A total of recorded figures and how many items have none. */
void put_total_figure(xml_out *xo, const char *name, int64_t kr, size_t n_missing, size_t count);
/* <municipal-share>, nothing when permille < 0. */
void put_share(xml_out *xo, int permille);
/* A <total> with its counts and figures. */
void put_total(xml_out *xo, const iop_report_total *t, const char *scope, const char *key,
               const char *val);
/* A committee's name in the register, else as the agreement names it. */
const char *committee_display_name(const iop_model *m, const iop_agreement *a, const char *id);

/* The <comparison> of a committee's report (compare_data.c). */
void put_comparison(xml_out *xo, const iop_comparison *c, const char *compare_with,
                    const iop_model *m);

#endif
