/**
 * iopreport/import.h — the import layer: a spreadsheet list (CSV) →
 * agreement XML texts, one per row.
 *
 * Lists of agreements are kept in spreadsheets with Swedish column headers
 * (docs/import.md). This layer reads such a list as a Swedish spreadsheet
 * writes it (`;` or `,`, UTF-8 with or without BOM or Windows-1252, decimal
 * comma, thousands separators, "kr", dates as 2019-01-01 or 1 januari 2019)
 * and writes each row as an agreement in the format of docs/format.md. It
 * writes no file: the caller validates the texts and decides where they go.
 */
#ifndef IOPREPORT_IMPORT_H
#define IOPREPORT_IMPORT_H

#include "iopreport/util.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct iop_import_options {
    const char *committee;         /**< the committee id of every row, or NULL */
    const char *municipality;      /**< the municipality's name where no column gives it */
    const char *municipality_code; /**< its code (digits), or NULL */
    const char *schema_href;       /**< for the <?xml-model?> line, or NULL for none */
} iop_import_options;

/** One agreement made from one row. */
typedef struct iop_import_file {
    char *id;  /**< the agreement's id, also the file's name without .xml */
    char *xml; /**< the whole file, UTF-8 */
    long line; /**< the line of the list the row starts on */
} iop_import_file;

/** What a list became; free with iop_import_result_free(). */
typedef struct iop_import_result {
    iop_import_file *files;
    size_t n_files;
} iop_import_result;

/**
 * Read the list `data` (len bytes, named `name` in messages) and make one
 * agreement per row. Every value that cannot be read is an error
 * `name:LINE:COLUMN` quoting the cell; unknown columns and the encoding
 * found are notes. Returns NULL when there was any error (then nothing is
 * to be written: every row is checked first), else the result
 * (transfer full).
 */
iop_import_result *iop_import_csv(const char *name, const char *data, size_t len,
                                  const iop_import_options *opts, iop_diag *diag);

/** Free a result and everything in it; NULL is allowed. */
void iop_import_result_free(iop_import_result *r);

#ifdef __cplusplus
}
#endif

#endif
