/* Reading untrusted XML, one way for agreement files, documents and
 * templates: libxml2 with the network off, no entity substitution, no DTD
 * loading, and a DOCTYPE stops the parser before anything in it is read.
 * What each layer says about libxml2's own errors stays its own. */
#include "iopreport/util.h"

#include <stdint.h>
#include <stdlib.h>

#include <libxml/catalog.h>
#include <libxml/globals.h>
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

void iop_xml_init(void)
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
    /* the same for threads started later (build compiles the templates in
     * one): libxml2 gives each thread these settings of its own */
    xmlThrDefSetGenericErrorFunc(NULL, silent_generic);
    xmlThrDefLineNumbersDefaultValue(1);
}

void iop_xml_cleanup(void)
{
    if (initialised)
        xmlCleanupParser();
    initialised = false;
}

typedef struct parse_state {
    const iop_xml_parse *how;
    bool doctype_seen;
    int errors; /* reported, so that a NULL result always has a reason */
} parse_state;

static void problem(parse_state *ps, long line, const char *code, const char *message)
{
    ps->errors++;
    ps->how->problem(ps->how->user, line, code, message);
}

static void on_parser_error(void *user, xmlErrorPtr err)
{
    parse_state *ps = user;
    if (!err || err->level == XML_ERR_NONE)
        return;
    /* our own stop after a DOCTYPE has its own, clearer message */
    if (err->code == XML_ERR_USER_STOP || (ps->doctype_seen && err->domain == XML_FROM_PARSER))
        return;
    if (err->level != XML_ERR_WARNING)
        ps->errors++;
    ps->how->xml_error(ps->how->user, err);
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
        char *msg = iop_xasprintf("a document type declaration (<!DOCTYPE %s>) is not allowed "
                                  "in %s; the file was not read further",
                                  name ? (const char *)name : "", ps->how->kind);
        problem(ps, xmlSAX2GetLineNumber(ctx), "IOP-DOCTYPE", msg);
        free(msg);
    }
    xmlStopParser(ctxt);
}

/* libxml2 keeps an element's line in 16 bits; past line 65535 xmlGetLineNo
 * guesses from the neighbouring text, which is one line off after a
 * newline. The true start line goes into the element's _private (the
 * application's field; RELAX NG validation clears psvi). */
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

/* The only flags any layer parses a file with; tests/e2e/forbidden_flags.sh
 * keeps the dangerous ones out of src/. */
#define SAFE_PARSE_FLAGS (XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA)

xmlDoc *iop_xml_parse_safe(const char *data, size_t len, const iop_xml_parse *how)
{
    iop_xml_init();
    parse_state ps = {how, false, 0};
    if (len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b) {
        problem(&ps, 0, NULL, "the file is gzip-compressed; compressed files are not read: unpack it "
                        "first");
        return NULL;
    }
    if (len == 0) {
        problem(&ps, 0, NULL, "the file is empty");
        return NULL;
    }
    if (len > (size_t)INT32_MAX) {
        problem(&ps, 0, "IOP-LIMIT", "the file is too large");
        return NULL;
    }
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) {
        problem(&ps, 0, NULL, "out of memory creating the XML parser");
        return NULL;
    }
    if (how->dict) {
        xmlDictFree(ctxt->dict);
        ctxt->dict = how->dict;
        xmlDictReference(how->dict);
    }
    ctxt->_private = &ps;
    ctxt->sax->internalSubset = on_doctype;
    if (how->element_lines)
        ctxt->sax->startElementNs = on_start_element;
    xmlSetStructuredErrorFunc(&ps, on_parser_error);
    xmlDoc *doc = xmlCtxtReadMemory(ctxt, data, (int)len, how->name, NULL, SAFE_PARSE_FLAGS);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (doc && (ps.doctype_seen || !ctxt->wellFormed)) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    if (!doc && ps.errors == 0)
        problem(&ps, 0, NULL, "the file could not be read as XML");
    xmlFreeParserCtxt(ctxt);
    return doc;
}
