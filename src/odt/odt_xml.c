/* Building the XML parts as libxml2 trees: text and attribute values are
 * escaped by libxml2 when the tree is written, never pasted into markup. */
#include "odt_internal.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void odt_oom(void)
{
    fputs("iopreport: out of memory\n", stderr);
    abort();
}

static void *oom(const void *p)
{
    if (!p)
        odt_oom();
    return (void *)p;
}

xmlNode *odt_el(xmlNode *parent, xmlNs *ns, const char *name)
{
    return oom(xmlNewChild(parent, ns, BAD_CAST name, NULL));
}

void odt_attr(xmlNode *node, xmlNs *ns, const char *name, const char *value)
{
    oom(xmlSetNsProp(node, ns, BAD_CAST name, BAD_CAST value));
}

void odt_attr_len(xmlNode *node, xmlNs *ns, const char *name, double pt)
{
    char buf[32];
    iop_odt_length(pt, buf, sizeof buf);
    odt_attr(node, ns, name, buf);
}

void odt_attr_int(xmlNode *node, xmlNs *ns, const char *name, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    odt_attr(node, ns, name, buf);
}

void odt_border(xmlNode *props, xmlNs *fo, const char *side, double width, uint32_t color)
{
    char len[32], col[8], buf[64];
    iop_odt_length(width, len, sizeof len);
    iop_odt_color(color, col);
    snprintf(buf, sizeof buf, "%s solid %s", len, col);
    odt_attr(props, fo, side, buf);
}

void odt_add_text(xmlNode *parent, const char *s, size_t n)
{
    if (n == 0)
        return;
    xmlNode *t = oom(xmlNewTextLen(BAD_CAST s, (int)n));
    if (!xmlAddChild(parent, t)) {
        xmlFreeNode(t);
        oom(NULL);
    }
}

static const struct {
    size_t off;
    const char *prefix, *uri;
} namespaces[] = {
    {offsetof(odt_ns, office), "office", "urn:oasis:names:tc:opendocument:xmlns:office:1.0"},
    {offsetof(odt_ns, style), "style", "urn:oasis:names:tc:opendocument:xmlns:style:1.0"},
    {offsetof(odt_ns, text), "text", "urn:oasis:names:tc:opendocument:xmlns:text:1.0"},
    {offsetof(odt_ns, table), "table", "urn:oasis:names:tc:opendocument:xmlns:table:1.0"},
    {offsetof(odt_ns, draw), "draw", "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"},
    {offsetof(odt_ns, fo), "fo", "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"},
    {offsetof(odt_ns, xlink), "xlink", "http://www.w3.org/1999/xlink"},
    {offsetof(odt_ns, svg), "svg", "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"},
    {offsetof(odt_ns, dc), "dc", "http://purl.org/dc/elements/1.1/"},
    {offsetof(odt_ns, meta), "meta", "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"},
};

xmlDoc *odt_part_new(odt_ctx *ctx, const char *root)
{
    xmlDoc *doc = oom(xmlNewDoc(BAD_CAST "1.0"));
    xmlNode *r = oom(xmlNewDocNode(doc, NULL, BAD_CAST root, NULL));
    xmlDocSetRootElement(doc, r);
    memset(&ctx->ns, 0, sizeof ctx->ns);
    for (size_t i = 0; i < sizeof namespaces / sizeof namespaces[0]; i++) {
        xmlNs *ns = oom(xmlNewNs(r, BAD_CAST namespaces[i].uri, BAD_CAST namespaces[i].prefix));
        *(xmlNs **)((char *)&ctx->ns + namespaces[i].off) = ns;
    }
    xmlSetNs(r, ctx->ns.office);
    odt_attr(r, ctx->ns.office, "version", "1.2");
    return doc;
}

bool odt_part_dump(xmlDoc *doc, unsigned char **out, size_t *len)
{
    xmlChar *mem = NULL;
    int size = 0;
    xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
    if (!mem || size <= 0) {
        xmlFree(mem);
        return false;
    }
    *out = iop_xmalloc((size_t)size);
    memcpy(*out, mem, (size_t)size);
    *len = (size_t)size;
    xmlFree(mem);
    return true;
}

void odt_error(odt_ctx *ctx, const char *fmt, ...)
{
    iop_loc loc = {ctx->doc->name, 0, 0};
    va_list ap;
    va_start(ap, fmt);
    iop_diag_vreport(ctx->diag, IOP_ERROR, &loc, fmt, ap);
    va_end(ap);
    ctx->failed = true;
}
