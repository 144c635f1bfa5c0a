/* Reading untrusted XML: our own size-capped read, then libxml2 with the
 * network off, no entity substitution, no DTD loading, and a DOCTYPE stops
 * the parser before anything in it is read. */
#include "load_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/catalog.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

/* The format forbids every external resource; a loader that refuses all
 * of them means no code path in libxml2 can read a local file or the net. */
static xmlParserInputPtr refuse_entity(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
    (void)id;
    (void)ctxt;
    (void)url;
    return NULL;
}

static void silent_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static bool initialised;

void iop_load_init(void)
{
    if (initialised)
        return;
    initialised = true;
    xmlInitParser();
    xmlSetExternalEntityLoader(refuse_entity);
#ifdef LIBXML_CATALOG_ENABLED
    xmlCatalogSetDefaults(XML_CATA_ALLOW_NONE);
#endif
    xmlSetGenericErrorFunc(NULL, silent_generic);
    xmlLineNumbersDefault(1);
}

void iop_load_cleanup(void)
{
    schema_cleanup();
    structure_cleanup();
    if (initialised)
        xmlCleanupParser();
    initialised = false;
}

char *read_file_capped(const char *path, size_t max, size_t *len, char **why)
{
    return iop_file_read(path, max, len, why);
}

/* ---- parsing ------------------------------------------------------------ */

typedef struct parse_state {
    file_ctx *fc;
    bool doctype_seen;
    const char *data; /* the bytes, for messages that look at the line */
    size_t len;
    long last_line; /* where the last error was, to drop its cascade */
    int last_col;
} parse_state;

static void on_parser_error(void *user, xmlErrorPtr err)
{
    parse_state *ps = user;
    if (!err || err->level == XML_ERR_NONE)
        return;
    /* Our own stop after a DOCTYPE has its own, clearer message. */
    if (err->code == XML_ERR_USER_STOP || (ps->doctype_seen && err->domain == XML_FROM_PARSER))
        return;
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
        fctx_report_code(ps->fc, ORIGIN_PARSER, "IOP-LIMIT", sev, NULL, err->line, err->int2,
                         "elements are nested too deeply (more than %d levels); the format never "
                         "needs more than a few",
                         xmlParserMaxDepth);
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

static void on_doctype(void *ctx, const xmlChar *name, const xmlChar *external_id,
                       const xmlChar *system_id)
{
    (void)external_id;
    (void)system_id;
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *ps = ctxt->_private;
    if (!ps->doctype_seen) {
        ps->doctype_seen = true;
        fctx_report_code(ps->fc, ORIGIN_PARSER, "IOP-DOCTYPE", IOP_ERROR, NULL,
                         xmlSAX2GetLineNumber(ctx), 0,
                         "a document type declaration (<!DOCTYPE %s>) is not allowed in agreement "
                         "files; the file was not read further",
                         name ? (const char *)name : "");
    }
    xmlStopParser(ctxt);
}

/* libxml2 keeps an element's line in 16 bits; past line 65535 xmlGetLineNo
 * guesses from the neighbouring text, which is one line off after a
 * newline. The true start line goes into the element's _private (the
 * application's field; RELAX NG validation clears psvi), where node_line()
 * finds it. */
static void on_start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                             const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                             int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    xmlParserCtxtPtr ctxt = ctx;
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes,
                          nb_defaulted, attributes);
    if (ctxt->node && ctxt->input && ctxt->input->line >= 65535)
        ctxt->node->_private = (void *)(intptr_t)ctxt->input->line;
}

/* The only flags the loader ever uses; tests/e2e/forbidden_flags.sh keeps
 * the dangerous ones out of src/. */
#define SAFE_PARSE_FLAGS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA)

xmlDoc *parse_safely(file_ctx *fc, const char *data, size_t len)
{
    iop_load_init();
    if (len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b) {
        fctx_report(fc, ORIGIN_PARSER, IOP_ERROR, NULL, 0, 0,
                    "the file is gzip-compressed; compressed files are not read: unpack it first");
        return NULL;
    }
    if (len == 0) {
        fctx_report(fc, ORIGIN_PARSER, IOP_ERROR, NULL, 0, 0, "the file is empty");
        return NULL;
    }
    if (len > (size_t)INT32_MAX) {
        fctx_report_code(fc, ORIGIN_PARSER, "IOP-LIMIT", IOP_ERROR, NULL, 0, 0,
                         "the file is too large");
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        fctx_report(fc, ORIGIN_PARSER, IOP_ERROR, NULL, 0, 0, "out of memory creating the XML parser");
        return NULL;
    }
    parse_state ps = {fc, false, data, len, 0, 0};
    ctxt->_private = &ps;
    ctxt->sax->internalSubset = on_doctype;
    ctxt->sax->startElementNs = on_start_element;
    xmlSetStructuredErrorFunc(&ps, on_parser_error);
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, data, (int)len, fc->file, NULL, SAFE_PARSE_FLAGS);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (doc && (ps.doctype_seen || !ctxt->wellFormed)) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (!doc && fc->n_problems == 0)
        fctx_report(fc, ORIGIN_PARSER, IOP_ERROR, NULL, 0, 0, "the file could not be read as XML");
    xmlFreeParserCtxt(ctxt);
    return doc;
}
