/* The page: size and margins, the running header and footer (left,
 * centre and right regions, page numbers as fields) and the first page,
 * a master page of its own that shows the letterhead in its header. */
#include "odt_internal.h"

#include <string.h>

#define FIRST_MASTER "Forsta_sidan"

static bool running_empty(const iop_running *r)
{
    return !r->left && !r->center && !r->right;
}

/* A borderless table as wide as the text, of `n` equal columns, in
 * `parent`; returns its row. */
static xmlNode *columns_table(odt_ctx *ctx, xmlNode *parent, const char *name, int n)
{
    const iop_page_setup *pg = &ctx->doc->page;
    xmlNs *t = ctx->ns.table;
    double w = pg->width - pg->margin_left - pg->margin_right;
    xmlNode *ts = odt_auto_new(ctx, "table", NULL);
    xmlNode *tp = odt_el(ts, ctx->ns.style, "table-properties");
    odt_attr_len(tp, ctx->ns.style, "width", w);
    odt_attr(tp, t, "align", "left");
    xmlNode *tab = odt_el(parent, t, "table");
    odt_attr(tab, t, "name", name);
    odt_attr(tab, t, "style-name", odt_auto_add(ctx, ts, NULL));
    xmlNode *cs = odt_auto_new(ctx, "table-column", NULL);
    xmlNode *cp = odt_el(cs, ctx->ns.style, "table-column-properties");
    odt_attr_len(cp, ctx->ns.style, "column-width", w / n);
    xmlNode *col = odt_el(tab, t, "table-column");
    odt_attr(col, t, "style-name", odt_auto_add(ctx, cs, NULL));
    odt_attr_int(col, t, "number-columns-repeated", n);
    return odt_el(tab, t, "table-row");
}

static xmlNode *plain_cell(odt_ctx *ctx, xmlNode *row)
{
    xmlNode *cell = odt_el(row, ctx->ns.table, "table-cell");
    odt_attr(cell, ctx->ns.office, "value-type", "string");
    return cell;
}

/* The running header or footer: one paragraph when it has one part;
 * side by side in a borderless table when it has more (Writer has no
 * regions in a text's header, and a part may run over several lines). */
static void running(odt_ctx *ctx, xmlNode *master, const char *which, const iop_running *r)
{
    if (running_empty(r))
        return;
    xmlNode *hf = odt_el(master, ctx->ns.style, which);
    const iop_node *all[3] = {r->left, r->center, r->right};
    static const iop_align aligns[3] = {IOP_ALIGN_LEFT, IOP_ALIGN_CENTER, IOP_ALIGN_RIGHT};
    int n = (r->left != NULL) + (r->center != NULL) + (r->right != NULL);
    xmlNode *row =
        n > 1 ? columns_table(ctx, hf, which[0] == 'h' ? "Sidhuvud" : "Sidfot", n) : NULL;
    for (int i = 0; i < 3; i++) {
        if (!all[i])
            continue;
        iop_style st;
        iop_document_style_for(ctx->doc, IOP_NODE_P, which, all[i]->cls, &ctx->body, &st);
        st.align = aligns[i];
        odt_paragraph(ctx, row ? plain_cell(ctx, row) : hf, all[i], &st, which);
    }
}

/* The letterhead: its two columns side by side, as a borderless table. */
static void letterhead(odt_ctx *ctx, xmlNode *master)
{
    const iop_page_setup *pg = &ctx->doc->page;
    xmlNode *h = odt_el(master, ctx->ns.style, "header");
    xmlNode *row = columns_table(ctx, h, "Brevhuvud", 2);
    const iop_node *cols[2] = {pg->letterhead_left, pg->letterhead_right};
    for (int i = 0; i < 2; i++) {
        xmlNode *cell = plain_cell(ctx, row);
        iop_style st;
        if (cols[i]) {
            iop_document_style(ctx->doc, cols[i], &ctx->body, &st);
            odt_blocks(ctx, cell, cols[i], &st);
        }
        if (!cell->children) /* a cell holds at least one paragraph */
            odt_paragraph(ctx, cell, NULL, &ctx->body, "p");
    }
}

/* The header's or footer's band: `room` points between the page edge's
 * offset and the margin, 6 of them between the band and the text (none:
 * the band grows with what it holds). */
static void band(odt_ctx *ctx, xmlNode *layout, const char *which, double room,
                 const char *gap_side)
{
    xmlNode *b = odt_el(layout, ctx->ns.style, which);
    if (room <= 0)
        return;
    xmlNode *p = odt_el(b, ctx->ns.style, "header-footer-properties");
    odt_attr_len(p, ctx->ns.fo, "min-height", room - 6);
    odt_attr_len(p, ctx->ns.fo, gap_side, 6);
    odt_attr(p, ctx->ns.style, "dynamic-spacing", "false");
}

static void page_layout(odt_ctx *ctx, xmlNode *autos)
{
    const iop_page_setup *pg = &ctx->doc->page;
    xmlNs *style = ctx->ns.style, *fo = ctx->ns.fo;
    xmlNode *pl = odt_el(autos, style, "page-layout");
    odt_attr(pl, style, "name", "Sida");
    xmlNode *pp = odt_el(pl, style, "page-layout-properties");
    odt_attr_len(pp, fo, "page-width", pg->width);
    odt_attr_len(pp, fo, "page-height", pg->height);
    odt_attr(pp, style, "print-orientation", pg->width > pg->height ? "landscape" : "portrait");
    /* the header sits between its offset and the top margin, as in the PDF */
    double head = pg->margin_top - pg->header_offset;
    double foot = pg->margin_bottom - pg->footer_offset;
    bool has_head = head > 12, has_foot = foot > 12;
    odt_attr_len(pp, fo, "margin-top", has_head ? pg->header_offset : pg->margin_top);
    odt_attr_len(pp, fo, "margin-bottom", has_foot ? pg->footer_offset : pg->margin_bottom);
    odt_attr_len(pp, fo, "margin-left", pg->margin_left);
    odt_attr_len(pp, fo, "margin-right", pg->margin_right);
    band(ctx, pl, "header-style", has_head ? head : 0, "margin-bottom");
    band(ctx, pl, "footer-style", has_foot ? foot : 0, "margin-top");
}

/* Is a first page of its own needed: a letterhead, or a first page
 * without the running header or footer? */
static bool first_page_differs(const iop_page_setup *pg)
{
    bool letterhead =
        pg->first_header == IOP_FIRST_LETTERHEAD && (pg->letterhead_left || pg->letterhead_right);
    bool no_header = pg->first_header != IOP_FIRST_SAME && !running_empty(&pg->header);
    bool no_footer = !pg->first_footer && !running_empty(&pg->footer);
    return letterhead || no_header || no_footer;
}

const char *odt_first_master(const iop_document *doc)
{
    return first_page_differs(&doc->page) ? FIRST_MASTER : NULL;
}

void odt_page_write(odt_ctx *ctx, xmlNode *autos, xmlNode *masters)
{
    const iop_page_setup *pg = &ctx->doc->page;
    xmlNs *style = ctx->ns.style;
    page_layout(ctx, autos);
    xmlNode *m = odt_el(masters, style, "master-page");
    odt_attr(m, style, "name", "Standard");
    odt_attr(m, style, "page-layout-name", "Sida");
    running(ctx, m, "header", &pg->header);
    running(ctx, m, "footer", &pg->footer);
    if (!first_page_differs(pg))
        return;
    xmlNode *f = odt_el(masters, style, "master-page");
    odt_attr(f, style, "name", FIRST_MASTER);
    odt_attr(f, style, "display-name", "Första sidan");
    odt_attr(f, style, "page-layout-name", "Sida");
    odt_attr(f, style, "next-style-name", "Standard");
    if (pg->first_header == IOP_FIRST_LETTERHEAD && (pg->letterhead_left || pg->letterhead_right))
        letterhead(ctx, f);
    else if (pg->first_header == IOP_FIRST_SAME)
        running(ctx, f, "header", &pg->header);
    if (pg->first_footer)
        running(ctx, f, "footer", &pg->footer);
}
