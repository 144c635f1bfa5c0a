/* Private to the import layer: the CSV reader, the value readers and the
 * XML writer that iop_import_csv() puts together. */
#ifndef IOP_IMPORT_INTERNAL_H
#define IOP_IMPORT_INTERNAL_H

#include "iopreport/import.h"
#include "iopreport/model.h"

#include <stdint.h>

/* ---- the file as rows of cells (csv_read.c) --------------------------- */

typedef struct csv_row {
    char **cells; /* UTF-8, as written (quotes removed) */
    size_t n;
    long line; /* the line the row starts on */
} csv_row;

typedef struct csv_table {
    csv_row *rows; /* rows[0] is the header */
    size_t n, cap;
    char sep;
} csv_table;

/* Decode the bytes to UTF-8 (a BOM dropped, Windows-1252 converted and a
 * note saying so) and split them into rows. False, with errors in diag,
 * when the file cannot be read as a list. */
bool csv_read(const char *name, const char *data, size_t len, csv_table *t, iop_diag *diag);
void csv_table_free(csv_table *t);

/* ---- values as a Swedish spreadsheet writes them (values.c) ------------ */

/* Trimmed copy, white space (also no-break spaces) at the ends removed. */
char *value_trim(const char *s);
/* "1 100 000 kr", "563 750,50", "1100000": kronor in öre. */
bool value_amount(const char *s, int64_t *ore);
/* "243", "1 200", "ca" fails. */
bool value_count(const char *s, long *out);
/* "2019-01-01", "2019-01", "2019", "1 januari 2019", "januari 2019",
 * written back as ISO in out. */
bool value_date(const char *s, iop_date *d, char out[IOP_DATE_ISO_SIZE]);
/* An id from a title: lower case ASCII letters, digits and '-'. Caller frees. */
char *value_slug(const char *title);
/* The cell cut in items at ';' and line ends, each trimmed, empties dropped. */
char **value_items(const char *s, size_t *n);
void value_items_free(char **items, size_t n);

/* ---- the columns of a list (columns.c) ---------------------------------- */

typedef enum column {
    C_ID,
    C_TITLE,
    C_IDEA,
    C_ORGNR,
    C_CASE,
    C_COMMITTEE_NAME,
    C_COMMITTEE_ID,
    C_MUNICIPALITY,
    C_MUNI_CODE,
    C_AREA,
    C_START,
    C_END,
    C_EXTENSION,
    C_PER_YEAR,
    C_PER_PERIOD,
    C_VALUE_YEAR,
    C_CO_NAME,
    C_CO_ID,
    C_CO_YEAR,
    C_TARGET,
    C_PARTICIPANTS,
    C_REFERRAL,
    C_ACTIVITY,
    C_PURPOSE,
    C_CONTACT,
    C_EMAIL,
    C_PHONE,
    C_COUNT
} column;

/* One list being imported. */
typedef struct importer {
    const char *name;
    const iop_import_options *opts;
    iop_diag *diag;
    int col_of[C_COUNT]; /* the cell index of each column, or -1 */
    const char *header_of[C_COUNT];
    int participants_year; /* from "Antal deltagare 2020", or 0 */
    size_t n_header;
    char sep;
    bool failed;
} importer;

/* Find the columns in the header row; errors (a repeated column, one that
 * is needed and missing) and a note naming unknown headers go to the sink.
 * False when the list cannot be imported. */
bool read_header(importer *im, const csv_row *h);

#endif
