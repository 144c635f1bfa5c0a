/* A template's result tree handed to the document layer as it is, instead
 * of being written out and parsed again (which cost a report about 3 % of
 * its instructions). The tree is made to read exactly as the parsed text
 * would: adjacent text nodes joined and empty ones dropped (the parser
 * never makes those), and every element and text node given the line
 * number the parser would give it, so messages from the layout still point
 * into the document `xsltproc` shows. Anything the serialised route would
 * read differently (another output method or encoding, indenting, a
 * DOCTYPE, raw or CDATA text, characters XML cannot hold) is left to that
 * route. */
#include "template_internal.h"

#include <libxml/parserInternals.h>
#include <libxslt/imports.h>

#include <string.h>
#include <strings.h>

/* libxml2 reads character data in chunks and numbers a text node with the
 * line where its first chunk ended (xmlParseCharData): a run of plain
 * ASCII, or, starting with anything else, up to 300 bytes
 * (XML_PARSER_BIG_BUFFER_SIZE); a character written as a reference (< > &
 * and CR) ends a chunk. */
#define PARSER_CHUNK 300

static bool escaped(xmlChar c)
{
    return c == '<' || c == '>' || c == '&' || c == '\r';
}

static long text_line(const xmlChar *s, long line)
{
    size_t i = 0;
    long nl = 0;
    while (s[i] == '\t' || s[i] == '\n' || (s[i] >= 0x20 && s[i] <= 0x7F && !escaped(s[i]))) {
        nl += s[i] == '\n';
        i++;
    }
    if (i > 0 || escaped(s[0]))
        return line + nl;
    size_t bytes = 0;
    while (s[i] && !escaped(s[i])) {
        size_t len = s[i] < 0x80 ? 1 : s[i] >= 0xF0 ? 4 : s[i] >= 0xE0 ? 3 : 2;
        bytes += len;
        nl += s[i] == '\n'; /* the parser steps past it before handing the chunk over */
        if (bytes >= PARSER_CHUNK)
            break;
        i += len;
    }
    return line + nl;
}

/* Text the parser would read back unchanged: no control characters but tab,
 * LF and CR (written as references that do not parse), no U+FFFE, U+FFFF
 * or surrogates. Counts the line feeds it holds. */
static bool plain_text(const xmlChar *s, long *nl)
{
    for (; s && *s; s++) {
        if (*s < 0x20 && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
        if (*s == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF))
            return false;
        if (*s == 0xED && s[1] >= 0xA0)
            return false;
        *nl += *s == '\n';
    }
    return true;
}

static bool set_line(xmlNodePtr n, long line)
{
    if (line >= 65535) /* numbered elsewhere by the parser (psvi); rare enough to leave */
        return false;
    n->line = (unsigned short)line;
    return true;
}

static bool attrs_plain(const xmlNode *n)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        for (const xmlNode *v = a->children; v; v = v->next) {
            long ignored = 0; /* line feeds in attributes are written as &#10; */
            if (v->type != XML_TEXT_NODE || !plain_text(v->content, &ignored))
                return false;
        }
    return true;
}

static bool is_text(const xmlNode *n)
{
    return n && n->type == XML_TEXT_NODE && n->name == xmlStringText;
}

/* The children of `parent` in document order from *line on. */
static bool number_children(xmlNodePtr parent, long *line, int indent)
{
    xmlNodePtr next;
    for (xmlNodePtr c = parent->children; c; c = next) {
        next = c->next;
        switch (c->type) {
        case XML_ELEMENT_NODE:
            if (!set_line(c, *line) || !attrs_plain(c) || !number_children(c, line, indent))
                return false;
            break;
        case XML_TEXT_NODE: {
            if (!is_text(c)) /* disable-output-escaping: written raw, parsed as markup */
                return false;
            while (is_text(next)) {
                if (!xmlTextMerge(c, next))
                    return false;
                next = c->next;
            }
            if (!c->content || !*c->content) {
                xmlUnlinkNode(c);
                xmlFreeNode(c);
                break;
            }
            long nl = 0;
            if (!plain_text(c->content, &nl) || !set_line(c, text_line(c->content, *line)))
                return false;
            *line += nl;
            break;
        }
        case XML_COMMENT_NODE: {
            const char *s = (const char *)c->content;
            size_t len = s ? strlen(s) : 0;
            long nl = 0;
            if (!plain_text(c->content, &nl) || (s && strstr(s, "--")) || (len && s[len - 1] == '-'))
                return false;
            /* xsltSaveResultTo ends a top-level comment followed by more with
             * a line feed, unless told indent="no" (its `if (indent && …)`) */
            *line += nl + (parent->type == XML_DOCUMENT_NODE && c->next && indent != 0);
            break;
        }
        case XML_PI_NODE: {
            long nl = 0;
            if (strncasecmp((const char *)c->name, "xml", 3) == 0 ||
                (c->content && strstr((const char *)c->content, "?>")) ||
                !plain_text(c->content, &nl))
                return false;
            *line += nl;
            break;
        }
        default: /* CDATA sections, entity references, a DTD: the parser's job */
            return false;
        }
    }
    return true;
}

bool template_result_prepare(xmlDocPtr out, xsltStylesheetPtr style)
{
    const xmlChar *method = NULL, *method_uri = NULL, *encoding = NULL;
    int indent = -1, omit_declaration = -1;
    XSLT_GET_IMPORT_PTR(method, style, method)
    XSLT_GET_IMPORT_PTR(method_uri, style, methodURI)
    XSLT_GET_IMPORT_PTR(encoding, style, encoding)
    XSLT_GET_IMPORT_INT(indent, style, indent)
    XSLT_GET_IMPORT_INT(omit_declaration, style, omitXmlDeclaration)
    if (!out || out->type != XML_DOCUMENT_NODE || out->intSubset || out->extSubset ||
        (method && strcmp((const char *)method, "xml") != 0) || method_uri || indent == 1 ||
        (encoding && strcasecmp((const char *)encoding, "UTF-8") != 0))
        return false;
    int elements = 0;
    for (const xmlNode *c = out->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE)
            elements++;
        else if (c->type != XML_COMMENT_NODE && c->type != XML_PI_NODE)
            return false;
    }
    if (elements != 1)
        return false;
    /* the XML declaration, when written, takes the first line */
    long line = omit_declaration == 1 ? 1 : 2;
    return number_children((xmlNodePtr)out, &line, indent);
}
