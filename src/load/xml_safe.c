/* Reading untrusted XML: our own size-capped read, then the one safe
 * parse of every layer (iop_xml_parse_safe: the network off, no entity
 * substitution, no DTD loading, a DOCTYPE refused); what is said about
 * libxml2's errors is the loader's, in words for the people who write
 * agreement files. */
#include "load_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

void iop_load_init(void)
{
    iop_xml_init();
}

void iop_load_cleanup(void)
{
    schema_cleanup();
    structure_cleanup();
    iop_xml_cleanup();
}

char *read_file_capped(const char *path, size_t max, size_t *len, char **why)
{
    return iop_file_read(path, max, len, why);
}

/* ---- parsing ------------------------------------------------------------ */

typedef struct parse_state {
    file_ctx *fc;
    const char *data; /* the bytes, for messages that look at the line */
    size_t len;
    long last_line; /* where the last error was, to drop its cascade */
    int last_col;
} parse_state;

static void on_problem(void *user, long line, const char *code, const char *message)
{
    parse_state *ps = user;
    fctx_report_code(ps->fc, ORIGIN_PARSER, code, IOP_ERROR, NULL, line, 0, "%s", message);
}

static void on_parser_error(void *user, const xmlError *err)
{
    parse_state *ps = user;
    iop_severity sev = err->level == XML_ERR_WARNING ? IOP_WARNING : IOP_ERROR;
    if (parser_message_is_cascade(err, ps->last_line, ps->last_col))
        return;
    ps->last_line = err->line;
    ps->last_col = err->int2;
    char *plain = parser_message(err, ps->data, ps->len);
    if (plain) {
        fctx_report(ps->fc, ORIGIN_PARSER, sev, NULL, err->line, err->int2, "%s", plain);
        free(plain);
        return;
    }
    const char *msg = err->message ? err->message : "malformed XML";
    /* Two of libxml2's messages point the reader at libxml2 itself. */
    const char *bytes = strstr(msg, "Bytes: ");
    if (strstr(msg, "Excessive depth")) {
        fctx_report(ps->fc, ORIGIN_PARSER, sev, NULL, err->line, err->int2,
                    "elements are nested too deeply (more than %d levels); the format never "
                    "needs more than a few", xmlParserMaxDepth);
    } else if (strstr(msg, "not proper UTF-8") && bytes) {
        size_t n = strcspn(bytes + 7, "\n");
        fctx_report(ps->fc, ORIGIN_PARSER, sev, NULL, err->line, err->int2,
                    "the text is not valid UTF-8 (bytes %.*s): save the file as UTF-8, or "
                    "declare its real encoding in the first line (<?xml version=\"1.0\" "
                    "encoding=\"...\"?>)", (int)(n > 60 ? 60 : n), bytes + 7);
    } else {
        fctx_report(ps->fc, ORIGIN_PARSER, sev, NULL, err->line, err->int2, "%s", msg);
    }
}

xmlDoc *parse_safely(file_ctx *fc, const char *data, size_t len)
{
    parse_state ps = {fc, data, len, 0, 0};
    iop_xml_parse how = {fc->file, "agreement files", on_problem, on_parser_error, &ps, NULL, true};
    return iop_xml_parse_safe(data, len, &how);
}
