/* The report data's tree made while the report data is written (an
 * iop_xml_sink fed by iop_report_data_xml_to), instead of being parsed
 * from the text afterwards (iop_template_read_data: about 1 % of a
 * report's instructions).  The tree is the one the parser makes of that
 * text: the same elements, namespaces, attributes and text nodes
 * (adjacent text joined, the indentation kept, nothing empty), the
 * document's fields set as xmlReadMemory sets them, and elements numbered
 * with the parser's lines, so that the template, the provenance record
 * (which digests parts of the tree written out again) and messages see no
 * difference.  Text nodes are not numbered: the parser numbers them as its
 * chunks happen to fall, and nothing reads those numbers (the document's
 * lines are those of the template's result, result.c).
 * tests/unit/test_cli.c compares the two trees. */
#include "template_internal.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <stdlib.h>
#include <string.h>

struct iop_template_data_builder {
    iop_xml_sink sink;
    xmlDocPtr doc;
    xmlNodePtr cur; /* the innermost open element; NULL outside the root */
    long line;      /* the line the text has reached */
    bool done;      /* the root element is closed */
    bool failed;    /* out of memory, or events no parser would make */
};

static unsigned short line_no(long line)
{
    /* XML_PARSE_BIG_LINES keeps larger numbers elsewhere; only messages
     * read them, and a report data of 65 535 lines is not made */
    return line < 65535 ? (unsigned short)line : 65535;
}

static void on_start(void *ctx, const char *name, const char *const *attrs)
{
    iop_template_data_builder *b = ctx;
    if (b->failed || b->done) {
        b->failed = true;
        return;
    }
    xmlNodePtr n = xmlNewDocNode(b->doc, NULL, (const xmlChar *)name, NULL);
    if (!n || !xmlAddChild(b->cur ? b->cur : (xmlNodePtr)b->doc, n)) {
        xmlFreeNode(n);
        b->failed = true;
        return;
    }
    n->line = line_no(b->line);
    for (size_t i = 0; attrs[i]; i += 2) {
        const char *k = attrs[i], *v = attrs[i + 1];
        if (strcmp(k, "xmlns") == 0) {
            if (!xmlNewNs(n, (const xmlChar *)v, NULL))
                b->failed = true;
        } else if (strchr(k, ':')) {
            b->failed = true; /* prefixed names: not written, not handled */
        } else if (!xmlNewNsProp(n, NULL, (const xmlChar *)k, (const xmlChar *)v)) {
            b->failed = true;
        }
    }
    xmlSetNs(n, xmlSearchNs(b->doc, n, NULL));
    b->cur = n;
}

static void on_text(void *ctx, const char *text, size_t len)
{
    iop_template_data_builder *b = ctx;
    for (size_t i = 0; i < len; i++)
        b->line += text[i] == '\n';
    if (b->failed || !b->cur || len == 0)
        return; /* outside the root only the line breaks are written */
    if (len > INT32_MAX) {
        b->failed = true;
        return;
    }
    xmlNodePtr last = b->cur->last;
    if (last && last->type == XML_TEXT_NODE) {
        size_t had = last->content ? strlen((const char *)last->content) : 0;
        xmlNodeAddContentLen(last, (const xmlChar *)text, (int)len);
        /* returns nothing: out of memory leaves the content as it was */
        if (!last->content || strlen((const char *)last->content) != had + len)
            b->failed = true;
        return;
    }
    xmlNodePtr t = xmlNewDocTextLen(b->doc, (const xmlChar *)text, (int)len);
    if (!t || !xmlAddChild(b->cur, t)) {
        xmlFreeNode(t);
        b->failed = true;
        return;
    }
}

static void on_end(void *ctx)
{
    iop_template_data_builder *b = ctx;
    if (b->failed)
        return;
    if (!b->cur) {
        b->failed = true;
        return;
    }
    xmlNodePtr up = b->cur->parent;
    b->cur = up && up->type == XML_ELEMENT_NODE ? up : NULL;
    b->done = b->cur == NULL;
}

iop_template_data_builder *iop_template_data_builder_new(void)
{
    template_setup();
    iop_template_data_builder *b = iop_xcalloc(1, sizeof *b);
    b->sink = (iop_xml_sink){b, on_start, on_text, on_end};
    b->line = 1; /* the XML declaration's */
    b->doc = xmlNewDoc((const xmlChar *)"1.0");
    if (b->doc) {
        b->doc->dict = xmlDictCreate();
        b->doc->URL = xmlStrdup((const xmlChar *)"report-data.xml");
        b->doc->encoding = xmlStrdup((const xmlChar *)"UTF-8");
        b->doc->standalone = -2;
        b->doc->properties = XML_DOC_WELLFORMED | XML_DOC_NSVALID | XML_DOC_DTDVALID;
        b->doc->parseFlags = XML_PARSE_NONET | XML_PARSE_BIG_LINES;
    }
    b->failed = !b->doc || !b->doc->dict || !b->doc->URL || !b->doc->encoding;
    return b;
}

const iop_xml_sink *iop_template_data_builder_sink(iop_template_data_builder *b)
{
    return &b->sink;
}

struct _xmlDoc *iop_template_data_builder_finish(iop_template_data_builder *b)
{
    if (!b)
        return NULL;
    xmlDocPtr doc = b->doc;
    if (b->failed || !b->done) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    free(b);
    return doc;
}
