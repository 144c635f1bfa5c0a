/* Placeholders left from `iopreport new`: the skeleton validates as it is,
 * so an example value nobody replaced would otherwise pass unseen into a
 * report. Text and text attributes start with IOP_PLACEHOLDER; values the
 * schema types (dates, amounts, counts, codes) cannot carry a marker, so a
 * <?ersätt ATTR...?> processing instruction stands before their element. */
#include "load_internal.h"

#include <string.h>

static bool is_placeholder(const char *s)
{
    if (!s)
        return false;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    return strncmp(s, IOP_PLACEHOLDER, strlen(IOP_PLACEHOLDER)) == 0;
}

static const xmlNode *next_element_sibling(const xmlNode *n)
{
    for (n = n->next; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

static void check_marker(file_ctx *fc, const xmlNode *pi)
{
    const char *what = pi->content ? (const char *)pi->content : "";
    while (*what == ' ')
        what++;
    const xmlNode *el = next_element_sibling(pi);
    if (!el) {
        fctx_warning_code(fc, pi, "IOP-PLACEHOLDER",
                          "placeholder marker <?%s%s%s?> marks no element: delete it",
                          IOP_PLACEHOLDER_PI, *what ? " " : "", what);
        return;
    }
    iop_strbuf names = IOP_STRBUF_INIT;
    for (const char *w = what; *w; w++) {
        if (*w != ' ')
            iop_strbuf_putc(&names, *w);
        else if (w[1] && w[1] != ' ')
            iop_strbuf_puts(&names, ", ");
    }
    if (*what)
        fctx_warning(fc, el,
                     "placeholder %s on <%s> not replaced: write the real value "
                     "and delete the line <?%s %s?> (line %ld)",
                     names.data, (const char *)el->name, IOP_PLACEHOLDER_PI, what, node_line(pi));
    else
        fctx_warning(fc, el,
                     "placeholder values on <%s> not replaced: write the real values "
                     "and delete the line <?%s?> (line %ld)",
                     (const char *)el->name, IOP_PLACEHOLDER_PI, node_line(pi));
    iop_strbuf_free(&names);
}

/* The text quoted up to its first line end, cut at a character boundary. */
static void text_placeholder(file_ctx *fc, const xmlNode *el, const char *text)
{
    while (*text == ' ' || *text == '\t' || *text == '\n' || *text == '\r')
        text++;
    size_t n = strcspn(text, "\r\n");
    if (n > 100) {
        n = 100;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    fctx_warning_code(fc, el, "IOP-PLACEHOLDER",
                      "placeholder \"%.*s\" in <%s> not replaced: write the real text", (int)n,
                      text, (const char *)el->name);
}

static void check_element(file_ctx *fc, const xmlNode *el)
{
    for (const xmlAttr *at = el->properties; at; at = at->next) {
        xmlChar *v = xmlNodeGetContent((const xmlNode *)at);
        if (is_placeholder((const char *)v))
            fctx_warning_code(fc, el, "IOP-PLACEHOLDER",
                              "placeholder %s=\"%s\" on <%s> not replaced: write the real value",
                              (const char *)at->name, (const char *)v, (const char *)el->name);
        xmlFree(v);
    }
    for (const xmlNode *c = el->children; c; c = c->next) {
        if (c->type == XML_ELEMENT_NODE)
            check_element(fc, c);
        else if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
                 is_placeholder((const char *)c->content))
            text_placeholder(fc, el, (const char *)c->content);
        else if (c->type == XML_PI_NODE && strcmp((const char *)c->name, IOP_PLACEHOLDER_PI) == 0)
            check_marker(fc, c);
    }
}

void check_placeholders(file_ctx *fc, const xmlNode *root)
{
    check_element(fc, root);
}
