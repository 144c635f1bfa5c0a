/* libFuzzer: bytes -> a spreadsheet list -> agreement XML texts, each then
 * loaded as `import` checks it. A text the import makes that the loader
 * refuses is a bug (import must write only what validate accepts), so it
 * aborts like a crash. */
#include "iopreport/import.h"
#include "iopreport/load.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    iop_diag *diag = iop_diag_new();
    iop_import_options opts = {.committee = "fuzz-sn", .municipality = "Fuzz kommun",
                               .schema_href = "iopreport.rng"};
    iop_import_result *r = iop_import_csv("fuzz.csv", (const char *)data, size, &opts, diag);
    for (size_t i = 0; r && i < r->n_files; i++) {
        iop_model *m = iop_model_new();
        iop_diag *check = iop_diag_new();
        const char *xml = r->files[i].xml;
        if (!iop_load_buffer(m, "fuzz.xml", xml, strlen(xml), check) ||
            iop_diag_count(check, IOP_ERROR)) {
            for (size_t k = 0; k < iop_diag_size(check); k++) {
                char *line = iop_diag_format(iop_diag_get(check, k));
                fprintf(stderr, "%s\n", line);
                free(line);
            }
            fprintf(stderr, "the import made a file the loader refuses:\n%s", xml);
            abort();
        }
        iop_diag_free(check);
        iop_model_free(m);
    }
    iop_import_result_free(r);
    iop_diag_free(diag);
    return 0;
}
