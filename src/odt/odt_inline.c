/* Inline content: text runs with ODF's spaces, emphasis and class spans
 * as text styles, links, line breaks, quotation marks and fields (the
 * page number and count as fields that the word processor updates). */
#include "odt_internal.h"

#include <string.h>

void odt_inline_start(odt_ctx *ctx)
{
    ctx->at_start = true;
    ctx->after_space = false;
    ctx->q_depth = 0;
}

/* ODF collapses spaces as XML does: a space at the start of a paragraph
 * or after another space would be lost, so it is written as text:s. */
void odt_text(odt_ctx *ctx, xmlNode *p, const char *s)
{
    const char *run = s;
    for (const char *c = s; *c; c++) {
        if (*c != ' ') {
            ctx->after_space = false;
            ctx->at_start = false;
            continue;
        }
        if (ctx->at_start || ctx->after_space) {
            odt_add_text(p, run, (size_t)(c - run));
            odt_el(p, ctx->ns.text, "s");
            run = c + 1;
        }
        ctx->after_space = true;
        ctx->at_start = false;
    }
    odt_add_text(p, run, strlen(run));
}

static const char *meta_field(const iop_document *doc, const char *name)
{
    if (strcmp(name, "title") == 0)
        return doc->meta.title;
    if (strcmp(name, "date") == 0)
        return doc->meta.date;
    if (strcmp(name, "case-number") == 0)
        return doc->meta.case_number;
    if (strcmp(name, "author") == 0)
        return doc->meta.author;
    return NULL;
}

static void field(odt_ctx *ctx, xmlNode *p, const iop_node *node)
{
    const char *name = node->text ? node->text : "";
    xmlNs *text = ctx->ns.text;
    if (strcmp(name, "page") == 0) {
        xmlNode *f = odt_el(p, text, "page-number");
        odt_attr(f, text, "select-page", "current");
        odt_add_text(f, "1", 1);
    } else if (strcmp(name, "pages") == 0) {
        xmlNode *f = odt_el(p, text, "page-count");
        odt_add_text(f, "1", 1);
    } else if (strcmp(name, "title") == 0 && ctx->doc->meta.title) {
        /* the document's title from meta.xml: one place to change it */
        xmlNode *f = odt_el(p, text, "title");
        odt_add_text(f, ctx->doc->meta.title, strlen(ctx->doc->meta.title));
    } else {
        const char *v = meta_field(ctx->doc, name);
        if (v)
            odt_text(ctx, p, v);
        return;
    }
    ctx->at_start = ctx->after_space = false;
}

static void inline_node(odt_ctx *ctx, xmlNode *p, const iop_node *n, const iop_style *parent)
{
    xmlNs *text = ctx->ns.text;
    iop_style st;
    switch (n->kind) {
    case IOP_NODE_TEXT:
        if (n->text)
            odt_text(ctx, p, n->text);
        return;
    case IOP_NODE_BR:
        odt_el(p, text, "line-break");
        ctx->at_start = true; /* a space after a break would be lost too */
        ctx->after_space = false;
        return;
    case IOP_NODE_FIELD:
        field(ctx, p, n);
        return;
    case IOP_NODE_Q: {
        /* Swedish quotation marks, as the layout sets them */
        const char *mark = ctx->q_depth % 2 ? "\u2019" : "\u201d";
        odt_text(ctx, p, mark);
        ctx->q_depth++;
        odt_inlines(ctx, p, n, parent);
        ctx->q_depth--;
        odt_text(ctx, p, mark);
        return;
    }
    case IOP_NODE_A: {
        xmlNode *a = odt_el(p, text, "a");
        odt_attr(a, ctx->ns.xlink, "type", "simple");
        if (n->href)
            odt_attr(a, ctx->ns.xlink, "href", n->href);
        odt_inlines(ctx, a, n, parent);
        return;
    }
    case IOP_NODE_EM:
    case IOP_NODE_STRONG:
    case IOP_NODE_SPAN: {
        iop_document_style(ctx->doc, n, parent, &st);
        const char *element = iop_node_kind_name(n->kind);
        const char *name = odt_text_style(ctx, element, n->cls, &st, parent);
        xmlNode *span = odt_el(p, text, "span");
        odt_attr(span, text, "style-name", name);
        odt_inlines(ctx, span, n, &st);
        return;
    }
    case IOP_NODE_IMG:
        odt_image(ctx, p, n);
        ctx->at_start = ctx->after_space = false;
        return;
    default:
        /* a block inside inline content does not parse; nothing to do */
        return;
    }
}

void odt_inlines(odt_ctx *ctx, xmlNode *p, const iop_node *node, const iop_style *st)
{
    for (size_t i = 0; i < node->n_children; i++)
        inline_node(ctx, p, node->children[i], st);
}
