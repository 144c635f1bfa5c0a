/* A list of agreements, one row each, to agreement XML: every cell read
 * strictly, every row checked before anything is returned. */
#include "import_internal.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Characters, not bytes: the count of bytes that begin one in UTF-8. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void cell_error(importer *im, const csv_row *row, column c, const char *fmt, ...)
    IOP_PRINTF(4, 5);
static void cell_error(importer *im, const csv_row *row, column c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = iop_xvasprintf(fmt, ap);
    va_end(ap);
    iop_loc loc = {im->name, row->line, c < C_COUNT && im->col_of[c] >= 0 ? im->col_of[c] + 1 : 0};
    if (c < C_COUNT && im->col_of[c] >= 0)
        iop_diag_report(im->diag, IOP_ERROR, &loc, "%s \"%s\": %s", im->header_of[c],
                        (size_t)im->col_of[c] < row->n ? row->cells[im->col_of[c]] : "", msg);
    else
        iop_diag_report(im->diag, IOP_ERROR, &loc, "%s", msg);
    free(msg);
    im->failed = true;
}

/* The trimmed cell of a column in a row; "" when the column or the cell
 * is not there. Caller frees. */
static char *cell(const importer *im, const csv_row *row, column c)
{
    int i = im->col_of[c];
    if (i < 0 || (size_t)i >= row->n)
        return iop_xstrdup("");
    return value_trim(row->cells[i]);
}

static void put_escaped(iop_strbuf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': iop_strbuf_puts(b, "&amp;"); break;
        case '<': iop_strbuf_puts(b, "&lt;"); break;
        case '>': iop_strbuf_puts(b, "&gt;"); break;
        case '"': iop_strbuf_puts(b, "&quot;"); break;
        case '\n': iop_strbuf_puts(b, " "); break;
        case '\r':
        case '\t': iop_strbuf_putc(b, ' '); break;
        default: iop_strbuf_putc(b, *s);
        }
    }
}

static bool has_non_xml_char(const char *s, char out[16]);

/* The list's file name (without folders) as comment text: a comment may
 * not hold "--" or characters XML cannot hold. */
static void put_comment_text(iop_strbuf *b, const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *s = slash ? slash + 1 : path;
    char bad[16];
    for (; *s; s++) {
        char one[2] = {*s, '\0'};
        if (*s == '-' && s[1] == '-')
            iop_strbuf_puts(b, "- ");
        else if (has_non_xml_char(one, bad))
            iop_strbuf_putc(b, '?');
        else
            iop_strbuf_putc(b, *s);
    }
}

static void put_amount(iop_strbuf *b, int64_t ore)
{
    if (ore % 100)
        iop_strbuf_printf(b, "%" PRId64 ".%02" PRId64, ore / 100, ore % 100);
    else
        iop_strbuf_printf(b, "%" PRId64, ore / 100);
}

/* <NAME>text</NAME> for each item of a cell, split at ';' and line ends. */
static void put_items(iop_strbuf *b, const char *el, const char *text)
{
    size_t n;
    char **items = value_items(text, &n);
    for (size_t i = 0; i < n; i++) {
        iop_strbuf_printf(b, "  <%s>", el);
        put_escaped(b, items[i]);
        iop_strbuf_printf(b, "</%s>\n", el);
    }
    value_items_free(items, n);
}

/* The first character XML cannot hold (a control character other than
 * tab and line ends, U+FFFE, U+FFFF), as U+XXXX in out; false when none. */
static bool has_non_xml_char(const char *s, char out[16])
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7F) {
            snprintf(out, 16, "U+%04X", *p);
            return true;
        }
        if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF)) {
            snprintf(out, 16, "U+FFF%c", p[2] == 0xBE ? 'E' : 'F');
            return true;
        }
    }
    return false;
}

static bool usable_id(const char *s)
{
    if (!*s || *s == '.' || *s == '-')
        return false;
    for (; *s; s++)
        if ((unsigned char)*s <= ' ' || *s == '/' || *s == '\\' || *s == 0x7f)
            return false;
    return true;
}

/* One row to one file, or NULL (with errors reported) when a cell cannot
 * be read. */
/* An amount of the sheet in öre, or an error on its cell: not an amount,
 * or more than the format takes for one amount (the loader would refuse
 * the file import writes, and the values import works out from it, such
 * as the in-kind rest of a value per year, are never larger). */
static bool cell_amount(importer *im, const csv_row *row, column c, const char *text,
                        int64_t *ore)
{
    if (!value_amount(text, ore)) {
        cell_error(im, row, c, "not an amount: write kronor as 1 100 000, 1100000 or "
                   "563 750,50 (\"kr\" after it is fine)");
        return false;
    }
    if (*ore > IOP_MAX_AMOUNT_KR * 100) {
        cell_error(im, row, c, "over the limit of 999 999 999 999 kr for one amount");
        return false;
    }
    return true;
}

static iop_import_file *import_row(importer *im, const csv_row *row)
{
    bool before = im->failed;
    im->failed = false;
    /* more cells than headers: a separator inside an unquoted cell has
     * shifted the row, and every value after it would be read wrongly */
    size_t used = row->n;
    while (used > 0) {
        char *last = value_trim(row->cells[used - 1]);
        bool empty = !*last;
        free(last);
        if (!empty)
            break;
        used--;
    }
    if (used > im->n_header) {
        iop_loc loc = {im->name, row->line, (int)im->n_header + 1};
        iop_diag_report(im->diag, IOP_ERROR, &loc,
                        "the row has %zu cells but the header %zu columns: a '%c' inside a "
                        "cell needs quotes around the cell (\"...\"), or a header is missing",
                        used, im->n_header, im->sep);
        im->failed = true;
        return NULL;
    }
    char *v[C_COUNT];
    for (int c = 0; c < C_COUNT; c++) {
        v[c] = cell(im, row, (column)c);
        char bad[16];
        if (has_non_xml_char(v[c], bad)) {
            cell_error(im, row, (column)c, "the cell holds a control character (%s) that an "
                       "agreement file cannot hold: delete it in the spreadsheet", bad);
            v[c][0] = '\0';
            continue;
        }
        /* the format's limits (model.h), so that what import writes loads */
        size_t limit = c == C_TITLE ? IOP_MAX_TITLE_CHARS : IOP_MAX_TEXT_CHARS;
        size_t chars = utf8_chars(v[c]);
        if (chars > limit) {
            cell_error(im, row, (column)c, "%zu characters; an agreement file takes at most %zu "
                       "here: shorten it in the spreadsheet", chars, limit);
            v[c][0] = '\0';
        }
    }
    if (row->n > 0 && im->col_of[C_TITLE] >= 0 && !*v[C_TITLE])
        cell_error(im, row, C_TITLE, "the agreement has no title");
    size_t n_idea = 0, n_orgnr = 0;
    char **idea = value_items(v[C_IDEA], &n_idea);
    char **orgnr = value_items(v[C_ORGNR], &n_orgnr);
    if (n_idea == 0)
        cell_error(im, row, C_IDEA, "no idea-based organisation: an IOP needs at least one");
    if (n_orgnr && n_orgnr != n_idea)
        cell_error(im, row, C_ORGNR, "%zu organisation numbers for %zu organisations: give one "
                   "per organisation, in the same order, separated by ';'", n_orgnr, n_idea);

    char *id = *v[C_ID] ? iop_xstrdup(v[C_ID]) : value_slug(v[C_TITLE]);
    if (*v[C_ID] && !usable_id(id))
        cell_error(im, row, C_ID, "not an id: no spaces or '/', e.g. linkoping-sprakvanner");
    else if (!*v[C_ID] && *v[C_TITLE] && !*id)
        cell_error(im, row, C_TITLE, "no id can be made from this title: add a column Id");

    /* a column overrides the option for its rows, as Kommun does */
    const char *committee = *v[C_COMMITTEE_ID] ? v[C_COMMITTEE_ID] : im->opts->committee;
    if (!committee || !*committee)
        cell_error(im, row, C_COMMITTEE_ID, "no committee for this row: fill in the cell, or "
                   "give --committee ID");
    else if (!usable_id(committee))
        cell_error(im, row, C_COMMITTEE_ID, "not a committee id: no spaces, e.g. linkoping-an");
    const char *committee_name = *v[C_COMMITTEE_NAME] ? v[C_COMMITTEE_NAME] : committee;
    const char *municipality = *v[C_MUNICIPALITY] ? v[C_MUNICIPALITY] : im->opts->municipality;
    if (!municipality || !*municipality)
        cell_error(im, row, C_MUNICIPALITY, "no municipality");
    const char *code = *v[C_MUNI_CODE] ? v[C_MUNI_CODE] : im->opts->municipality_code;
    if (code && *code && strspn(code, "0123456789") != strlen(code))
        cell_error(im, row, C_MUNI_CODE, "a municipality code is digits, e.g. 0580");

    iop_date start = {0}, end = {0};
    char start_iso[32] = "", end_iso[32] = "";
    static const char date_help[] = "not a date: write 2019-01-01 or 1 januari 2019 (or "
                                    "2019-01, januari 2019, 2019 when only that is known)";
    if (!*v[C_START])
        cell_error(im, row, C_START, "the agreement has no start date");
    else if (!value_date(v[C_START], &start, start_iso))
        cell_error(im, row, C_START, "%s", date_help);
    if (*v[C_END] && !value_date(v[C_END], &end, end_iso))
        cell_error(im, row, C_END, "%s", date_help);
    if (*start_iso && *end_iso && iop_date_last_day(end) < iop_date_first_day(start))
        cell_error(im, row, C_END, "the agreement ends before it starts (%s)", start_iso);

    int64_t per_year = -1, per_period = -1, value_year = -1;
    if (*v[C_PER_YEAR] && !cell_amount(im, row, C_PER_YEAR, v[C_PER_YEAR], &per_year))
        per_year = -1;
    if (*v[C_PER_PERIOD] && !cell_amount(im, row, C_PER_PERIOD, v[C_PER_PERIOD], &per_period))
        per_period = -1;
    else if (per_period >= 0 && !*end_iso)
        cell_error(im, row, C_PER_PERIOD, "a sum for the whole period needs the period's end: "
                   "fill in Slutdatum");
    if (*v[C_VALUE_YEAR] && !cell_amount(im, row, C_VALUE_YEAR, v[C_VALUE_YEAR], &value_year))
        value_year = -1;
    else if (value_year >= 0 && *v[C_PER_YEAR] && per_year >= 0 && value_year < per_year)
        cell_error(im, row, C_VALUE_YEAR, "the value per year is less than the committee's "
                   "amount per year (%s)", v[C_PER_YEAR]);
    else if (value_year >= 0 && !*v[C_PER_YEAR])
        cell_error(im, row, C_VALUE_YEAR, "a value per year needs the committee's amount per "
                   "year (Belopp per år) beside it: the rest is the other parties' share");
    /* another public body that pays part of the cost: a committee (with
     * its id, so it counts in the municipality's share) or, without an id,
     * a region or other public party */
    int64_t co_year = -1;
    const char *co_name = *v[C_CO_NAME] ? v[C_CO_NAME] : v[C_CO_ID];
    if (*v[C_CO_YEAR] && !cell_amount(im, row, C_CO_YEAR, v[C_CO_YEAR], &co_year))
        co_year = -1;
    else if (co_year >= 0 && !*co_name)
        cell_error(im, row, C_CO_YEAR, "an amount without the party that pays it: fill in "
                   "Medfinansiär (and Medfinansiär-id for a committee)");
    else if (co_year < 0 && *co_name)
        cell_error(im, row, *v[C_CO_NAME] ? C_CO_NAME : C_CO_ID,
                   "a co-financier without an amount: fill in Medfinansiering per år");
    if (*v[C_CO_ID] && !usable_id(v[C_CO_ID]))
        cell_error(im, row, C_CO_ID, "not a committee id: no spaces, e.g. linkoping-bin");
    else if (*v[C_CO_ID] && committee && strcmp(v[C_CO_ID], committee) == 0)
        cell_error(im, row, C_CO_ID, "the co-financier is the committee itself");
    if (value_year >= 0 && co_year >= 0 && per_year >= 0 && value_year < per_year + co_year)
        cell_error(im, row, C_VALUE_YEAR, "the value per year is less than the public "
                   "bodies' amounts per year together");

    long participants = -1;
    if (*v[C_PARTICIPANTS] && !value_count(v[C_PARTICIPANTS], &participants))
        cell_error(im, row, C_PARTICIPANTS, "not a number of participants: write digits only, "
                   "e.g. 48");

    iop_import_file *f = NULL;
    if (!im->failed) {
        iop_strbuf b = IOP_STRBUF_INIT;
        iop_strbuf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        if (im->opts->schema_href) {
            iop_strbuf_puts(&b, "<?xml-model href=\"");
            put_escaped(&b, im->opts->schema_href);
            iop_strbuf_puts(&b, "\" type=\"application/xml\" "
                                "schematypens=\"http://relaxng.org/ns/structure/1.0\"?>\n");
        }
        iop_strbuf_puts(&b, "<!-- Importerad från ");
        put_comment_text(&b, im->name);
        iop_strbuf_printf(&b, ", rad %ld. -->\n", row->line);
        iop_strbuf_puts(&b, "<agreement xmlns=\"urn:iopreport:1\" id=\"");
        put_escaped(&b, id);
        iop_strbuf_puts(&b, "\">\n  <title>");
        put_escaped(&b, v[C_TITLE]);
        iop_strbuf_puts(&b, "</title>\n");
        put_items(&b, "case-number", v[C_CASE]);
        iop_strbuf_puts(&b, "  <municipality");
        if (code && *code)
            iop_strbuf_printf(&b, " code=\"%s\"", code);
        iop_strbuf_puts(&b, ">");
        put_escaped(&b, municipality);
        iop_strbuf_puts(&b, "</municipality>\n");
        if (*v[C_AREA]) {
            iop_strbuf_puts(&b, "  <area>");
            put_escaped(&b, v[C_AREA]);
            iop_strbuf_puts(&b, "</area>\n");
        }
        iop_strbuf_puts(&b, "  <parties>\n    <public committee=\"");
        put_escaped(&b, committee);
        iop_strbuf_puts(&b, "\">");
        put_escaped(&b, committee_name);
        iop_strbuf_puts(&b, "</public>\n");
        if (co_year >= 0) {
            iop_strbuf_puts(&b, "    <public");
            if (*v[C_CO_ID]) {
                iop_strbuf_puts(&b, " committee=\"");
                put_escaped(&b, v[C_CO_ID]);
                iop_strbuf_puts(&b, "\"");
            }
            iop_strbuf_puts(&b, ">");
            put_escaped(&b, co_name);
            iop_strbuf_puts(&b, "</public>\n");
        }
        for (size_t i = 0; i < n_idea; i++) {
            iop_strbuf_puts(&b, "    <idea-based");
            if (n_orgnr) {
                iop_strbuf_puts(&b, " org-number=\"");
                put_escaped(&b, orgnr[i]);
                iop_strbuf_puts(&b, "\"");
            }
            iop_strbuf_puts(&b, ">");
            put_escaped(&b, idea[i]);
            iop_strbuf_puts(&b, "</idea-based>\n");
        }
        iop_strbuf_printf(&b, "  </parties>\n  <period start=\"%s\"", start_iso);
        if (*end_iso)
            iop_strbuf_printf(&b, " end=\"%s\"", end_iso);
        if (*v[C_EXTENSION]) {
            iop_strbuf_puts(&b, " extension=\"");
            put_escaped(&b, v[C_EXTENSION]);
            iop_strbuf_puts(&b, "\"");
        }
        iop_strbuf_puts(&b, "/>\n");
        if (per_year >= 0 || per_period >= 0 || co_year >= 0) {
            iop_strbuf_puts(&b, "  <budget>\n");
            if (per_year >= 0) {
                iop_strbuf_puts(&b, "    <contribution party=\"");
                put_escaped(&b, committee);
                iop_strbuf_puts(&b, "\" amount=\"");
                put_amount(&b, per_year);
                iop_strbuf_puts(&b, "\" per=\"year\">Belopp per år enligt listan</contribution>\n");
            }
            if (per_period >= 0) {
                iop_strbuf_puts(&b, "    <contribution party=\"");
                put_escaped(&b, committee);
                iop_strbuf_puts(&b, "\" amount=\"");
                put_amount(&b, per_period);
                iop_strbuf_puts(&b, "\" per=\"period\">Belopp för perioden enligt "
                                    "listan</contribution>\n");
            }
            if (co_year >= 0) {
                iop_strbuf_puts(&b, "    <contribution party=\"");
                put_escaped(&b, *v[C_CO_ID] ? v[C_CO_ID] : co_name);
                iop_strbuf_puts(&b, "\" amount=\"");
                put_amount(&b, co_year);
                iop_strbuf_puts(&b, "\" per=\"year\">Medfinansiering per år enligt "
                                    "listan</contribution>\n");
            }
            if (value_year >= 0) {
                /* the rest of the value is the organisations' in-kind share,
                 * in equal parts when there are several (the öre left over
                 * goes to the first) */
                int64_t rest = value_year - per_year - (co_year > 0 ? co_year : 0);
                int64_t part = rest / (int64_t)n_idea;
                for (size_t i = 0; i < n_idea; i++) {
                    iop_strbuf_puts(&b, "    <contribution party=\"");
                    put_escaped(&b, idea[i]);
                    iop_strbuf_puts(&b, "\" amount=\"");
                    put_amount(&b, part + (i == 0 ? rest - part * (int64_t)n_idea : 0));
                    iop_strbuf_puts(&b, "\" kind=\"in-kind\" per=\"year\">");
                    iop_strbuf_puts(&b, n_idea == 1 ? "Värdet per år enligt listan minus "
                                                    : "En lika del av värdet per år enligt "
                                                      "listan minus ");
                    iop_strbuf_puts(&b, co_year >= 0 ? "nämndens och medfinansiärens belopp"
                                                     : "nämndens belopp");
                    iop_strbuf_puts(&b, "</contribution>\n");
                }
            }
            iop_strbuf_puts(&b, "  </budget>\n");
        }
        if (*v[C_TARGET]) {
            iop_strbuf_puts(&b, "  <target-group>");
            put_escaped(&b, v[C_TARGET]);
            iop_strbuf_puts(&b, "</target-group>\n");
        }
        if (participants >= 0) {
            iop_strbuf_puts(&b, "  <participants");
            if (im->participants_year)
                iop_strbuf_printf(&b, " year=\"%d\"", im->participants_year);
            iop_strbuf_printf(&b, " planned=\"%ld\"/>\n", participants);
        }
        put_items(&b, "referral", v[C_REFERRAL]);
        put_items(&b, "activity", v[C_ACTIVITY]);
        if (*v[C_PURPOSE]) {
            iop_strbuf_puts(&b, "  <purpose>");
            put_escaped(&b, v[C_PURPOSE]);
            iop_strbuf_puts(&b, "</purpose>\n");
        }
        if (*v[C_CONTACT]) {
            iop_strbuf_puts(&b, "  <contact name=\"");
            put_escaped(&b, v[C_CONTACT]);
            if (*v[C_EMAIL]) {
                iop_strbuf_puts(&b, "\" email=\"");
                put_escaped(&b, v[C_EMAIL]);
            }
            if (*v[C_PHONE]) {
                iop_strbuf_puts(&b, "\" phone=\"");
                put_escaped(&b, v[C_PHONE]);
            }
            iop_strbuf_puts(&b, "\"/>\n");
        }
        iop_strbuf_puts(&b, "</agreement>\n");
        f = iop_xcalloc(1, sizeof *f);
        f->id = id;
        id = NULL;
        f->xml = iop_strbuf_detach(&b);
        f->line = row->line;
    }
    free(id);
    value_items_free(idea, n_idea);
    value_items_free(orgnr, n_orgnr);
    for (int c = 0; c < C_COUNT; c++)
        free(v[c]);
    im->failed = im->failed || before;
    return f;
}

iop_import_result *iop_import_csv(const char *name, const char *data, size_t len,
                                  const iop_import_options *opts, iop_diag *diag)
{
    csv_table t;
    if (!csv_read(name, data, len, &t, diag))
        return NULL;
    importer im = {.name = name, .opts = opts, .diag = diag, .sep = t.sep};
    if (t.n == 0) {
        iop_loc loc = {name, 0, 0};
        iop_diag_report(diag, IOP_ERROR, &loc, "the list is empty");
        csv_table_free(&t);
        return NULL;
    }
    const char *given[] = {opts->committee, opts->municipality, opts->municipality_code};
    for (size_t i = 0; i < 3; i++) {
        char bad[16];
        if (given[i] && has_non_xml_char(given[i], bad)) {
            iop_diag_report(diag, IOP_ERROR, NULL, "an option holds a control character (%s)",
                            bad);
            im.failed = true;
        }
    }
    iop_import_result *r = iop_xcalloc(1, sizeof *r);
    im.n_header = t.rows[0].n;
    if (read_header(&im, &t.rows[0])) {
        r->files = iop_xcalloc(t.n, sizeof *r->files);
        for (size_t i = 1; i < t.n; i++) {
            iop_import_file *f = import_row(&im, &t.rows[i]);
            if (!f)
                continue;
            for (size_t j = 0; j < r->n_files; j++)
                if (strcmp(r->files[j].id, f->id) == 0) {
                    iop_loc loc = {name, t.rows[i].line, 0};
                    iop_diag_report(diag, IOP_ERROR, &loc,
                                    "the id '%s' is also the id of the row on line %ld: ids must "
                                    "be unique (add a column Id, or make the titles differ)",
                                    f->id, r->files[j].line);
                    im.failed = true;
                }
            r->files[r->n_files++] = *f;
            free(f);
        }
        if (r->n_files == 0 && !im.failed) {
            iop_loc loc = {name, 0, 0};
            iop_diag_report(diag, IOP_ERROR, &loc, "the list has a header but no rows");
            im.failed = true;
        }
    }
    csv_table_free(&t);
    if (im.failed) {
        iop_import_result_free(r);
        return NULL;
    }
    return r;
}

void iop_import_result_free(iop_import_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_files; i++) {
        free(r->files[i].id);
        free(r->files[i].xml);
    }
    free(r->files);
    free(r);
}
