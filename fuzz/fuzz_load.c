/* libFuzzer: bytes -> agreement model, through the loader the CLI uses
 * (size checks, the production parser flags, the schema, the semantic
 * checks), then every committee's report and its report-data XML, so the
 * aggregate layer sees every model the loader lets through. */
#include "iopreport/aggregate.h"
#include "iopreport/load.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    iop_model *model = iop_model_new();
    iop_diag *diag = iop_diag_new();
    if (iop_load_buffer(model, "fuzz.xml", (const char *)data, size, diag) &&
        iop_load_finish(model, diag)) {
        size_t n = 0;
        char **committees = iop_report_committees(model, &n);
        for (size_t i = 0; i < n; i++) {
            /* two years: one inside most periods, one at an edge of the calendar */
            static const int years[] = {2019, 1};
            for (size_t y = 0; y < sizeof years / sizeof years[0]; y++) {
                iop_report *r = iop_report_build(model, committees[i], years[y], diag);
                iop_report_data_options opts = {0};
                free(iop_report_data_xml(r, &opts));
                iop_report_free(r);
            }
        }
        iop_strings_free(committees);
    }
    iop_diag_free(diag);
    iop_model_free(model);
    return 0;
}
