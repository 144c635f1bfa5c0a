/* The flow of blocks: headings with outline levels, paragraphs, lists,
 * and the groups around them (blockquote, div, keep), whose class names
 * the style of the paragraphs inside. */
#include "odt_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *heading_element(int level)
{
    static const char *const names[] = {"h1", "h2", "h3", "h4"};
    return names[level >= 1 && level <= 4 ? level - 1 : 0];
}

xmlNode *odt_paragraph(odt_ctx *ctx, xmlNode *out, const iop_node *node, const iop_style *st,
                       const char *element)
{
    xmlNs *text = ctx->ns.text;
    iop_style eff = *st;
    eff.margin_left += ctx->indent;
    if (ctx->break_before) {
        eff.page_break_before = true;
        ctx->break_before = false;
    }
    if (ctx->keep_next)
        eff.keep_with_next = true;
    iop_node_kind kind = node ? node->kind : IOP_NODE_P;
    if (kind != IOP_NODE_HEADING)
        kind = IOP_NODE_P;
    const char *cls = node && node->cls ? node->cls : ctx->container_cls;
    const char *named = odt_para_style(ctx, kind, element, cls, &eff);
    xmlNode *s = odt_auto_new(ctx, "paragraph", named);
    if (ctx->first_master && !ctx->first_done)
        odt_attr(s, ctx->ns.style, "master-page-name", ctx->first_master);
    ctx->first_done = true;
    odt_para_props(ctx, s, &eff, odt_named_look(ctx, named), false);
    const char *name = odt_auto_add(ctx, s, named);

    bool heading = node && node->kind == IOP_NODE_HEADING;
    xmlNode *p = odt_el(out, text, heading ? "h" : "p");
    odt_attr(p, text, "style-name", name);
    if (heading)
        odt_attr_int(p, text, "outline-level", node->level >= 1 ? node->level : 1);
    if (node && node->id) {
        xmlNode *b = odt_el(p, text, "bookmark");
        odt_attr(b, text, "name", node->id);
    }
    odt_inline_start(ctx);
    if (node)
        odt_inlines(ctx, p, node, &eff);
    return p;
}

static bool has_block_children(const iop_node *node)
{
    for (size_t i = 0; i < node->n_children; i++)
        if (iop_node_kind_is_block(node->children[i]->kind))
            return true;
    return false;
}

static void list(odt_ctx *ctx, xmlNode *out, const iop_node *node, const iop_style *parent)
{
    xmlNs *text = ctx->ns.text;
    iop_style st;
    iop_document_style(ctx->doc, node, parent, &st);
    xmlNode *l = odt_el(out, text, "list");
    odt_attr(l, text, "style-name", odt_list_style(ctx, st.list_style));
    for (size_t i = 0; i < node->n_children; i++) {
        const iop_node *li = node->children[i];
        if (li->kind != IOP_NODE_LI)
            continue;
        xmlNode *item = odt_el(l, text, "list-item");
        if (node->kind == IOP_NODE_OL && i == 0 && node->start != 1)
            odt_attr_int(item, text, "start-value", node->start);
        iop_style lst;
        iop_document_style(ctx->doc, li, &st, &lst);
        if (has_block_children(li))
            odt_blocks(ctx, item, li, &lst);
        else
            odt_paragraph(ctx, item, li, &lst, "li");
    }
}

static void group(odt_ctx *ctx, xmlNode *out, const iop_node *node, const iop_style *st)
{
    const char *saved_cls = ctx->container_cls;
    double saved_indent = ctx->indent;
    if (node->cls)
        ctx->container_cls = node->cls;
    else if (node->kind == IOP_NODE_BLOCKQUOTE)
        ctx->container_cls = "blockquote";
    ctx->indent += st->margin_left;
    if (node->kind == IOP_NODE_KEEP || st->keep_together) {
        /* kept on one page: every block but the last kept with the next */
        bool saved_keep = ctx->keep_next;
        for (size_t i = 0; i < node->n_children; i++) {
            ctx->keep_next = saved_keep || i + 1 < node->n_children;
            odt_block(ctx, out, node->children[i], st);
        }
        ctx->keep_next = saved_keep;
    } else {
        odt_blocks(ctx, out, node, st);
    }
    ctx->container_cls = saved_cls;
    ctx->indent = saved_indent;
}

/* The headings a table of contents lists, in order. */
static void toc_entries(odt_ctx *ctx, xmlNode *out, const iop_node *node, int depth,
                        const iop_style *body)
{
    for (size_t i = 0; i < node->n_children; i++) {
        const iop_node *c = node->children[i];
        if (c->kind == IOP_NODE_HEADING && c->level <= depth) {
            char cls[16];
            snprintf(cls, sizeof cls, "level%d", c->level);
            iop_style st;
            iop_document_style_for(ctx->doc, IOP_NODE_P, "toc", cls, body, &st);
            const char *name = odt_para_style(ctx, IOP_NODE_P, "toc", cls, &st);
            xmlNode *p = odt_el(out, ctx->ns.text, "p");
            odt_attr(p, ctx->ns.text, "style-name", name);
            odt_inline_start(ctx);
            if (c->id) {
                xmlNode *a = odt_el(p, ctx->ns.text, "a");
                odt_attr(a, ctx->ns.xlink, "type", "simple");
                char *href = iop_xasprintf("#%s", c->id);
                odt_attr(a, ctx->ns.xlink, "href", href);
                free(href);
                odt_inlines(ctx, a, c, &st);
            } else {
                odt_inlines(ctx, p, c, &st);
            }
        } else if (iop_node_kind_is_block(c->kind) && c->kind != IOP_NODE_TABLE) {
            toc_entries(ctx, out, c, depth, body);
        }
    }
}

static void toc(odt_ctx *ctx, xmlNode *out, const iop_node *node, const iop_style *parent)
{
    xmlNs *text = ctx->ns.text;
    xmlNode *t = odt_el(out, text, "table-of-content");
    odt_attr(t, text, "name", "Innehåll");
    xmlNode *src = odt_el(t, text, "table-of-content-source");
    odt_attr_int(src, text, "outline-level", node->level >= 1 ? node->level : 2);
    xmlNode *tt = odt_el(src, text, "index-title-template");
    odt_add_text(tt, node->title ? node->title : "Innehåll",
                 strlen(node->title ? node->title : "Innehåll"));
    xmlNode *body = odt_el(t, text, "index-body");
    xmlNode *title = odt_el(body, text, "index-title");
    odt_attr(title, text, "name", "Innehåll_rubrik");
    iop_style st;
    iop_document_style_for(ctx->doc, IOP_NODE_P, "toc", NULL, parent, &st);
    xmlNode *p = odt_paragraph(ctx, title, NULL, &st, "toc");
    odt_text(ctx, p, node->title ? node->title : "Innehåll");
    toc_entries(ctx, body, ctx->doc->body, node->level >= 1 ? node->level : 2, parent);
}

void odt_block(odt_ctx *ctx, xmlNode *out, const iop_node *node, const iop_style *parent)
{
    iop_style st;
    if (node->kind != IOP_NODE_PAGE_BREAK)
        iop_document_style(ctx->doc, node, parent, &st);
    switch (node->kind) {
    case IOP_NODE_HEADING:
        odt_paragraph(ctx, out, node, &st, heading_element(node->level));
        break;
    case IOP_NODE_P:
        odt_paragraph(ctx, out, node, &st, "p");
        break;
    case IOP_NODE_UL:
    case IOP_NODE_OL:
        list(ctx, out, node, parent);
        break;
    case IOP_NODE_TABLE:
        odt_table(ctx, out, node, parent);
        break;
    case IOP_NODE_DL:
        odt_dl(ctx, out, node, parent);
        break;
    case IOP_NODE_IMG: {
        if (node->align >= 0)
            st.align = (iop_align)node->align;
        xmlNode *p = odt_paragraph(ctx, out, NULL, &st, "img");
        odt_image(ctx, p, node);
        break;
    }
    case IOP_NODE_BLOCKQUOTE:
    case IOP_NODE_DIV:
    case IOP_NODE_KEEP:
    case IOP_NODE_LI:
        group(ctx, out, node, &st);
        break;
    case IOP_NODE_PAGE_BREAK:
        ctx->break_before = true;
        break;
    case IOP_NODE_TOC:
        toc(ctx, out, node, parent);
        break;
    case IOP_NODE_CHART:
        odt_chart(ctx, out, node, parent);
        break;
    default:
        if (!iop_node_kind_is_block(node->kind)) {
            /* stray inline content: a paragraph of its own, as the layout does */
            xmlNode *p = odt_paragraph(ctx, out, NULL, parent, "p");
            iop_node wrapper = {.kind = IOP_NODE_P};
            iop_node *only = (iop_node *)node;
            wrapper.children = &only;
            wrapper.n_children = 1;
            odt_inlines(ctx, p, &wrapper, parent);
        }
        break;
    }
}

void odt_blocks(odt_ctx *ctx, xmlNode *out, const iop_node *node, const iop_style *parent)
{
    for (size_t i = 0; i < node->n_children; i++)
        odt_block(ctx, out, node->children[i], parent);
}
