/* Tables: columns sized as the document gives them, the header rows
 * marked to repeat on every page, cells spanning columns, cell shading
 * and rules; and labelled fields (dl) as a borderless two-column table. */
#include "odt_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double odt_text_width(const odt_ctx *ctx)
{
    const iop_page_setup *pg = &ctx->doc->page;
    double w = pg->width - pg->margin_left - pg->margin_right - ctx->indent;
    return w > 36 ? w : 36;
}

static size_t row_columns(const iop_node *tr)
{
    size_t n = 0;
    for (size_t i = 0; i < tr->n_children; i++)
        n += tr->children[i]->colspan > 0 ? (size_t)tr->children[i]->colspan : 1;
    return n;
}

/* The rows of a table in order: header, body, footer; a row directly in
 * the table belongs to an implicit body. */
static size_t table_columns(const iop_node *table)
{
    size_t n = table->n_cols;
    for (size_t i = 0; i < table->n_children; i++) {
        const iop_node *g = table->children[i];
        if (g->kind == IOP_NODE_TR) {
            size_t c = row_columns(g);
            n = c > n ? c : n;
            continue;
        }
        for (size_t k = 0; k < g->n_children; k++) {
            size_t c = row_columns(g->children[k]);
            n = c > n ? c : n;
        }
    }
    return n ? n : 1;
}

/* Column widths in points: fixed ones as given, proportional ones share
 * what is left, automatic ones one share each. */
static void column_widths(const iop_node *table, size_t n, double total, double *w)
{
    double fixed = 0, shares = 0;
    for (size_t i = 0; i < n; i++) {
        const iop_col *c = i < table->n_cols ? &table->cols[i] : NULL;
        if (c && c->kind == IOP_COL_FIXED)
            fixed += c->value;
        else
            shares += c && c->kind == IOP_COL_PROPORTIONAL && c->value > 0 ? c->value : 1;
    }
    double left = total - fixed > 0 ? total - fixed : 0;
    for (size_t i = 0; i < n; i++) {
        const iop_col *c = i < table->n_cols ? &table->cols[i] : NULL;
        if (c && c->kind == IOP_COL_FIXED)
            w[i] = c->value;
        else
            w[i] = left * (c && c->kind == IOP_COL_PROPORTIONAL && c->value > 0 ? c->value : 1) /
                   (shares > 0 ? shares : 1);
    }
}

/* The automatic style of a cell: shading, padding and rules. */
static const char *cell_style(odt_ctx *ctx, const iop_style *table, const iop_style *cell,
                              bool header_row, bool first_footer_row)
{
    xmlNs *fo = ctx->ns.fo;
    xmlNode *s = odt_auto_new(ctx, "table-cell", NULL);
    xmlNode *p = odt_el(s, ctx->ns.style, "table-cell-properties");
    odt_attr_len(p, fo, "padding", cell->padding > 0 ? cell->padding : 2.5);
    if (cell->has_background) {
        char col[8];
        iop_odt_color(cell->background, col);
        odt_attr(p, fo, "background-color", col);
    }
    double rw = table->rule_width > 0 ? table->rule_width : 0.5;
    switch (table->rules) {
    case IOP_RULES_ALL:
        odt_border(p, fo, "border", rw, table->rule_color);
        break;
    case IOP_RULES_ROWS:
        odt_border(p, fo, "border-bottom", rw, table->rule_color);
        break;
    case IOP_RULES_FRAME:
        if (header_row)
            odt_border(p, fo, "border-bottom", rw, table->rule_color);
        break;
    default:
        break;
    }
    if (cell->border_top > 0)
        odt_border(p, fo, "border-top", cell->border_top, cell->border_color);
    else if (first_footer_row && table->rules != IOP_RULES_NONE)
        odt_border(p, fo, "border-top", rw, table->rule_color);
    if (cell->border_bottom > 0)
        odt_border(p, fo, "border-bottom", cell->border_bottom, cell->border_color);
    return odt_auto_add(ctx, s, NULL);
}

static void row(odt_ctx *ctx, xmlNode *out, const iop_node *tr, const iop_style *table_st,
                const iop_style *group_st, bool header, bool first_footer)
{
    xmlNs *t = ctx->ns.table;
    iop_style rst;
    iop_document_style(ctx->doc, tr, group_st, &rst);
    xmlNode *r = odt_el(out, t, "table-row");
    const char *saved_cls = ctx->container_cls;
    double saved_indent = ctx->indent;
    bool saved_keep = ctx->keep_next; /* the table keeps with the next, not its cells */
    ctx->indent = 0;
    ctx->keep_next = false;
    for (size_t i = 0; i < tr->n_children; i++) {
        const iop_node *c = tr->children[i];
        iop_style cst;
        iop_document_style(ctx->doc, c, &rst, &cst);
        /* a row's class (tr.total) names its cells' paragraphs */
        ctx->container_cls = tr->cls;
        xmlNode *cell = odt_el(r, t, "table-cell");
        odt_attr(cell, t, "style-name", cell_style(ctx, table_st, &cst, header, first_footer));
        odt_attr(cell, ctx->ns.office, "value-type", "string");
        int span = c->colspan > 1 ? c->colspan : 1;
        if (span > 1)
            odt_attr_int(cell, t, "number-columns-spanned", span);
        odt_paragraph(ctx, cell, c, &cst, c->kind == IOP_NODE_TH ? "th" : "td");
        for (int k = 1; k < span; k++)
            odt_el(r, t, "covered-table-cell");
    }
    ctx->container_cls = saved_cls;
    ctx->indent = saved_indent;
    ctx->keep_next = saved_keep;
}

static const char *table_style(odt_ctx *ctx, double width, const iop_style *st)
{
    xmlNode *s = odt_auto_new(ctx, "table", NULL);
    if (ctx->first_master && !ctx->first_done)
        odt_attr(s, ctx->ns.style, "master-page-name", ctx->first_master);
    ctx->first_done = true;
    xmlNode *p = odt_el(s, ctx->ns.style, "table-properties");
    odt_attr_len(p, ctx->ns.style, "width", width);
    odt_attr(p, ctx->ns.table, "align", "left");
    odt_attr_len(p, ctx->ns.fo, "margin-left", ctx->indent);
    odt_attr_len(p, ctx->ns.fo, "margin-top", st->space_before);
    odt_attr_len(p, ctx->ns.fo, "margin-bottom", st->space_after > 0 ? st->space_after : 6);
    if (ctx->break_before) {
        odt_attr(p, ctx->ns.fo, "break-before", "page");
        ctx->break_before = false;
    }
    if (ctx->keep_next)
        odt_attr(p, ctx->ns.fo, "keep-with-next", "always");
    return odt_auto_add(ctx, s, NULL);
}

static xmlNode *table_start(odt_ctx *ctx, xmlNode *out, const iop_node *node, size_t n,
                            const double *w, const iop_style *st, const char *kind)
{
    xmlNs *t = ctx->ns.table;
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += w[i];
    xmlNode *tab = odt_el(out, t, "table");
    char name[32];
    snprintf(name, sizeof name, "%s%d", kind, ++ctx->n_tables);
    odt_attr(tab, t, "name", name);
    odt_attr(tab, t, "style-name", table_style(ctx, total, st));
    (void)node;
    for (size_t i = 0; i < n; i++) {
        xmlNode *cs = odt_auto_new(ctx, "table-column", NULL);
        xmlNode *p = odt_el(cs, ctx->ns.style, "table-column-properties");
        odt_attr_len(p, ctx->ns.style, "column-width", w[i]);
        xmlNode *col = odt_el(tab, t, "table-column");
        odt_attr(col, t, "style-name", odt_auto_add(ctx, cs, NULL));
    }
    return tab;
}

void odt_table(odt_ctx *ctx, xmlNode *out, const iop_node *node, const iop_style *parent)
{
    iop_style st;
    iop_document_style(ctx->doc, node, parent, &st);
    size_t n = table_columns(node);
    double *w = iop_xcalloc(n, sizeof *w);
    column_widths(node, n, odt_text_width(ctx), w);
    xmlNode *tab = table_start(ctx, out, node, n, w, &st, "Tabell");
    free(w);
    /* the header rows first, marked to repeat at the top of every page
     * the table runs on; then every other row in order */
    for (size_t i = 0; i < node->n_children; i++) {
        const iop_node *g = node->children[i];
        if (g->kind != IOP_NODE_THEAD || !g->n_children)
            continue;
        iop_style gst;
        iop_document_style(ctx->doc, g, &st, &gst);
        xmlNode *head = odt_el(tab, ctx->ns.table, "table-header-rows");
        for (size_t k = 0; k < g->n_children; k++)
            row(ctx, head, g->children[k], &st, &gst, true, false);
    }
    xmlNode *rows = NULL;
    for (size_t i = 0; i < node->n_children; i++) {
        const iop_node *g = node->children[i];
        if (g->kind == IOP_NODE_THEAD)
            continue;
        if (!rows && (g->kind == IOP_NODE_TR || g->n_children))
            rows = odt_el(tab, ctx->ns.table, "table-rows");
        if (g->kind == IOP_NODE_TR) {
            row(ctx, rows, g, &st, &st, false, false);
            continue;
        }
        iop_style gst;
        iop_document_style(ctx->doc, g, &st, &gst);
        for (size_t k = 0; k < g->n_children; k++)
            row(ctx, rows, g->children[k], &st, &gst, false, g->kind == IOP_NODE_TFOOT && k == 0);
    }
}

void odt_dl(odt_ctx *ctx, xmlNode *out, const iop_node *node, const iop_style *parent)
{
    iop_style st;
    iop_document_style(ctx->doc, node, parent, &st);
    double total = odt_text_width(ctx);
    double w[2] = {total * 0.3, total * 0.7};
    xmlNode *tab = table_start(ctx, out, node, 2, w, &st, "Uppgifter");
    xmlNode *rows = odt_el(tab, ctx->ns.table, "table-rows");
    xmlNode *r = NULL;
    iop_style none = st;
    none.rules = IOP_RULES_NONE;
    double saved_indent = ctx->indent;
    bool saved_keep = ctx->keep_next;
    ctx->indent = 0;
    ctx->keep_next = false;
    for (size_t i = 0; i < node->n_children; i++) {
        const iop_node *c = node->children[i];
        iop_style cst;
        iop_document_style(ctx->doc, c, &st, &cst);
        if (c->kind == IOP_NODE_DT || !r) {
            r = odt_el(rows, ctx->ns.table, "table-row");
            if (c->kind == IOP_NODE_DD) { /* a value without a label */
                xmlNode *empty = odt_el(r, ctx->ns.table, "table-cell");
                odt_attr(empty, ctx->ns.table, "style-name",
                         cell_style(ctx, &none, &cst, false, false));
            }
        }
        xmlNode *cell = odt_el(r, ctx->ns.table, "table-cell");
        odt_attr(cell, ctx->ns.table, "style-name", cell_style(ctx, &none, &cst, false, false));
        odt_attr(cell, ctx->ns.office, "value-type", "string");
        odt_paragraph(ctx, cell, c, &cst, c->kind == IOP_NODE_DT ? "dt" : "dd");
        if (c->kind == IOP_NODE_DD)
            r = NULL;
    }
    ctx->indent = saved_indent;
    ctx->keep_next = saved_keep;
}
