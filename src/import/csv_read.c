/* A spreadsheet's CSV as rows of cells: Excel and LibreOffice in Swedish
 * write ';' between fields (',' is the decimal sign), older exports
 * Windows-1252; quotes may hold separators and line ends. */
#include "import_internal.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

static bool valid_utf8(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t k;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            k = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            k = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            k = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        for (size_t j = 1; j <= k; j++) {
            if (i + j >= n || (s[i + j] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (s[i + j] & 0x3F);
        }
        if ((k == 1 && cp < 0x80) || (k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += k + 1;
    }
    return true;
}

/* Windows-1252 to UTF-8 with iconv; NULL when a byte has no character. */
static char *from_cp1252(const char *data, size_t len, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
    if (cd == (iconv_t)-1)
        return NULL;
    size_t cap = len * 3 + 1;
    char *out = iop_xmalloc(cap);
    char *in = (char *)data, *o = out;
    size_t in_left = len, out_left = cap - 1;
    size_t r = iconv(cd, &in, &in_left, &o, &out_left);
    iconv_close(cd);
    if (r == (size_t)-1 || in_left) {
        free(out);
        return NULL;
    }
    *o = '\0';
    *out_len = (size_t)(o - out);
    return out;
}

static void error_at(iop_diag *diag, const char *name, long line, const char *message)
{
    iop_loc loc = {name, line, 0};
    iop_diag_report(diag, IOP_ERROR, &loc, "%s", message);
}

/* The separator: whichever of ';' ',' and tab the header row has most of
 * outside quotes (';' on a tie: the Swedish default). */
static char detect_separator(const char *s, size_t len)
{
    size_t semi = 0, comma = 0, tab = 0;
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted)
            semi += c == ';', comma += c == ',', tab += c == '\t';
    }
    if (tab > semi && tab > comma)
        return '\t';
    return comma > semi ? ',' : ';';
}

static void add_row(csv_table *t, csv_row *row)
{
    bool empty = true;
    for (size_t i = 0; i < row->n && empty; i++) {
        char *v = value_trim(row->cells[i]);
        empty = !*v;
        free(v);
    }
    if (empty) {
        for (size_t i = 0; i < row->n; i++)
            free(row->cells[i]);
        free(row->cells);
    } else {
        t->rows = iop_grow(t->rows, &t->cap, t->n + 1, sizeof *t->rows);
        t->rows[t->n++] = *row;
    }
    *row = (csv_row){0};
}

static void add_cell(csv_row *row, size_t *cap, iop_strbuf *cell)
{
    row->cells = iop_grow(row->cells, cap, row->n + 1, sizeof *row->cells);
    row->cells[row->n++] = iop_strbuf_detach(cell);
}

static bool split(const char *name, const char *s, size_t len, csv_table *t, iop_diag *diag)
{
    csv_row row = {0};
    size_t row_cap = 0;
    iop_strbuf cell = IOP_STRBUF_INIT;
    long line = 1, quote_line = 0;
    bool quoted = false, at_start = true;
    row.line = 1;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (quoted) {
            if (c == '"' && i + 1 < len && s[i + 1] == '"') {
                iop_strbuf_putc(&cell, '"');
                i++;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n')
                    line++;
                if (c != '\r')
                    iop_strbuf_putc(&cell, c);
            }
            continue;
        }
        if (c == '"' && at_start) {
            quoted = true;
            quote_line = line;
            at_start = false;
        } else if (c == t->sep) {
            add_cell(&row, &row_cap, &cell);
            at_start = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
                i++;
            add_cell(&row, &row_cap, &cell);
            add_row(t, &row);
            row_cap = 0;
            line++;
            row.line = line;
            at_start = true;
        } else {
            iop_strbuf_putc(&cell, c);
            at_start = false;
        }
    }
    if (quoted) {
        error_at(diag, name, quote_line,
                 "a quoted cell is not closed: a \" opened here has no closing \"");
        iop_strbuf_free(&cell);
        for (size_t i = 0; i < row.n; i++)
            free(row.cells[i]);
        free(row.cells);
        return false;
    }
    if (!at_start || row.n > 0) {
        add_cell(&row, &row_cap, &cell);
        add_row(t, &row);
    }
    iop_strbuf_free(&cell);
    free(row.cells);
    return true;
}

bool csv_read(const char *name, const char *data, size_t len, csv_table *t, iop_diag *diag)
{
    *t = (csv_table){0};
    if (len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
                     ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF))) {
        error_at(diag, name, 1,
                 "the list is in UTF-16 (\"Unicode text\"): save it as CSV, UTF-8 or "
                 "Windows-1252");
        return false;
    }
    if (memchr(data, '\0', len)) {
        error_at(diag, name, 0, "the list has NUL bytes: this is not a CSV text file "
                 "(save the spreadsheet as CSV)");
        return false;
    }
    char *converted = NULL;
    const char *s = data;
    size_t n = len;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        n -= 3;
        if (!valid_utf8((const unsigned char *)s, n)) {
            error_at(diag, name, 0, "the list starts with a UTF-8 byte-order mark but is "
                     "not UTF-8 throughout: save it again as CSV UTF-8");
            return false;
        }
    } else if (!valid_utf8((const unsigned char *)s, n)) {
        size_t out_len = 0;
        converted = from_cp1252(s, n, &out_len);
        if (!converted) {
            error_at(diag, name, 0, "the list is neither UTF-8 nor Windows-1252: save it "
                     "as CSV UTF-8");
            return false;
        }
        iop_loc loc = {name, 0, 0};
        iop_diag_report(diag, IOP_NOTE, &loc,
                        "read as Windows-1252 (the list is not UTF-8) and converted");
        s = converted;
        n = out_len;
    }
    t->sep = detect_separator(s, n);
    bool ok = split(name, s, n, t, diag);
    free(converted);
    if (!ok)
        csv_table_free(t);
    return ok;
}

void csv_table_free(csv_table *t)
{
    for (size_t r = 0; r < t->n; r++) {
        for (size_t i = 0; i < t->rows[r].n; i++)
            free(t->rows[r].cells[i]);
        free(t->rows[r].cells);
    }
    free(t->rows);
    *t = (csv_table){0};
}
