/* Pagination: units are placed down the page; when one does not fit,
 * the page breaks before the last unit that allows a break (so headings
 * stay with what follows, paragraphs keep two lines on each side, keep
 * groups move whole), and a table continuing on the new page gets its
 * header rows again.  Then running headers, footers and the first-page
 * letterhead are set. */
#include "layout_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct repeat {
    int page;
    int table;
    double y;
} repeat;

static iop_page *add_page(iop_pages *pp, const iop_page_setup *ps)
{
    pp->pages = iop_xreallocarray(pp->pages, pp->n_pages + 1, sizeof *pp->pages);
    iop_page *pg = &pp->pages[pp->n_pages++];
    memset(pg, 0, sizeof *pg);
    pg->width = ps->width;
    pg->height = ps->height;
    return pg;
}

static void page_add(iop_page *pg, iop_box b)
{
    /* capacity is implicit: 16, then doubled at each power of two */
    size_t n = pg->n_boxes;
    if (n == 0 || (n >= 16 && (n & (n - 1)) == 0))
        pg->boxes = iop_xreallocarray(pg->boxes, n < 16 ? 16 : n * 2, sizeof *pg->boxes);
    pg->boxes[pg->n_boxes++] = b;
}

static void place_unit(iop_page *pg, const unit *u, double y)
{
    for (size_t i = 0; i < u->n_boxes; i++) {
        iop_box b = box_copy(&u->boxes[i]);
        b.y += y;
        page_add(pg, b);
    }
}

/* place_unit for a unit placed once and then freed (the body's units,
 * the letterhead, a running header): its boxes move to the page instead
 * of being copied (a copy of every string and line, then a free of the
 * original, cost ~0.5 % of a report). */
static void place_unit_take(iop_page *pg, unit *u, double y)
{
    for (size_t i = 0; i < u->n_boxes; i++) {
        iop_box b = u->boxes[i];
        b.y += y;
        page_add(pg, b);
    }
    u->n_boxes = 0;
}

/* Flow a letterhead column into units, then take them back as one unit. */
static unit stack_column(run *r, const iop_node *div, const iop_style *st, frame f)
{
    unit out;
    memset(&out, 0, sizeof out);
    if (!div)
        return out;
    size_t first = r->n_units;
    r->pending_space = 0;
    flow_blocks(r, div, st, f, 0);
    double y = 0;
    for (size_t i = first; i < r->n_units; i++) {
        unit *u = &r->units[i];
        if (i > first)
            y += u->space_before;
        for (size_t k = 0; k < u->n_boxes; k++) {
            iop_box b = u->boxes[k];
            b.y += y;
            unit_add_box(&out, &b);
        }
        u->n_boxes = 0; /* moved */
        y += u->height;
        unit_free(u);
    }
    r->n_units = first;
    r->pending_space = 0;
    r->keep_pending = false;
    r->break_pending = false;
    out.height = y;
    return out;
}

/* The letterhead columns as page 1 of `pages` shows them (its page fields
 * set, as in the running header); returns the top of the body below it. */
static double letterhead(run *r, int pages, unit *left, unit *right)
{
    const iop_page_setup *ps = &r->doc->page;
    iop_style body;
    iop_document_style(r->doc, r->doc->body, NULL, &body);
    double half = r->content_width / 2;
    r->field_page = 1 + r->page_offset;
    r->field_pages = r->pages_total > 0 ? r->pages_total : pages;
    *left = stack_column(r, ps->letterhead_left, &body, (frame){ps->margin_left, half - 12});
    *right = stack_column(r, ps->letterhead_right, &body,
                          (frame){ps->margin_left + half + 12, half - 12});
    r->field_page = r->field_pages = 0;
    double h = left->height > right->height ? left->height : right->height;
    return ps->header_offset + h + 18 > ps->margin_top ? ps->header_offset + h + 18
                                                       : ps->margin_top;
}

static void running(run *r, iop_page *pg, const iop_running *rs, const char *element, bool top)
{
    const iop_page_setup *ps = &r->doc->page;
    iop_node *parts[3] = {rs->left, rs->center, rs->right};
    static const iop_align aligns[3] = {IOP_ALIGN_LEFT, IOP_ALIGN_CENTER, IOP_ALIGN_RIGHT};
    iop_style base;
    iop_document_style(r->doc, r->doc->body, NULL, &base);
    for (int i = 0; i < 3; i++) {
        if (!parts[i])
            continue;
        iop_style st;
        iop_document_style_for(r->doc, IOP_NODE_P, element, parts[i]->cls, &base, &st);
        if (!(st.set & IOP_STYLE_ALIGN) || parts[i]->cls == NULL)
            st.align = aligns[i];
        para p;
        para_build_block(r, &p, parts[i], &st, r->content_width, true);
        double y0 = top ? ps->header_offset : ps->height - ps->footer_offset - p.height;
        unit u;
        memset(&u, 0, sizeof u);
        for (int k = 0; k < p.n_lines; k++)
            para_emit_line(r, &p, k, &u, ps->margin_left, p.line_top[k], st.color, 0);
        place_unit_take(pg, &u, y0);
        unit_free(&u);
        para_free(&p);
    }
}

/* Place the units down the pages, the first page's body starting at
 * `first_top`: each unit's page and y, and the header rows to repeat.
 * Returns the number of pages. */
static int place_units(run *r, double first_top, int *upage, double *uy, repeat **reps_out,
                       size_t *n_reps_out, double *end_y)
{
    const iop_page_setup *ps = &r->doc->page;
    double bottom = ps->height - ps->margin_bottom;
    double top = ps->margin_top;
    size_t n = r->n_units;
    repeat *reps = *reps_out;
    size_t n_reps = 0;
    int page = 0;
    double y = first_top;
    size_t start = 0;
    size_t i = 0;
    while (i < n) {
        unit *u = &r->units[i];
        bool brk = false;
        size_t k = i;
        if (u->force_break && i > start) {
            brk = true;
        } else {
            double sb = i == start ? 0 : u->space_before;
            if (y + sb + u->height > bottom + 0.01 && i > start) {
                brk = true;
                while (k > start && !r->units[k].break_ok)
                    k--;
                if (k == start)
                    k = i; /* no allowed break on this page: break here after all */
            }
        }
        if (brk) {
            page++;
            y = top;
            start = k;
            i = k;
            /* drop repeats recorded for this page in an earlier attempt */
            while (n_reps && reps[n_reps - 1].page >= page)
                n_reps--;
            unit *ku = &r->units[k];
            if (ku->table >= 0 && !ku->header_row && (size_t)ku->table < r->n_heads &&
                r->heads[ku->table].n_rows) {
                reps = iop_xreallocarray(reps, n_reps + 1, sizeof *reps);
                reps[n_reps++] = (repeat){page, ku->table, y};
                for (size_t h = 0; h < r->heads[ku->table].n_rows; h++)
                    y += r->heads[ku->table].rows[h].height;
            }
            continue;
        }
        double sb = i == start ? 0 : u->space_before;
        upage[i] = page;
        uy[i] = y + sb;
        y += sb + u->height;
        i++;
    }
    *reps_out = reps;
    *n_reps_out = n_reps;
    if (end_y)
        *end_y = y;
    return n ? page + 1 : 1;
}

double paginate_next_y(run *r)
{
    const iop_page_setup *ps = &r->doc->page;
    size_t n = r->n_units;
    int *upage = iop_xcalloc(n + 1, sizeof *upage);
    double *uy = iop_xcalloc(n + 1, sizeof *uy);
    repeat *reps = NULL;
    size_t n_reps = 0;
    double y = ps->margin_top;
    double first_top = r->first_top_prev > 0 ? r->first_top_prev : ps->margin_top;
    if (r->first_top_prev <= 0 && ps->first_header == IOP_FIRST_LETTERHEAD)
        r->first_top_guessed = true;
    place_units(r, first_top, upage, uy, &reps, &n_reps, &y);
    free(reps);
    free(upage);
    free(uy);
    return y;
}

iop_pages *paginate(run *r)
{
    const iop_page_setup *ps = &r->doc->page;
    iop_pages *pp = iop_xcalloc(1, sizeof *pp);
    size_t n = r->n_units;
    int *upage = iop_xcalloc(n + 1, sizeof *upage);
    double *uy = iop_xcalloc(n + 1, sizeof *uy);
    repeat *reps = NULL;
    size_t n_reps = 0;

    /* The letterhead takes the top of page 1, and may show the page
     * count: set it with the count of the previous pass (or 1), place the
     * units, and again with the real count if that was wrong. */
    unit lh_left, lh_right;
    memset(&lh_left, 0, sizeof lh_left);
    memset(&lh_right, 0, sizeof lh_right);
    bool has_lh = ps->first_header == IOP_FIRST_LETTERHEAD;
    int guess = r->n_pages_prev > 0 ? r->n_pages_prev : 1;
    int n_pages;
    for (int attempt = 0;; attempt++) {
        double first_top = ps->margin_top;
        if (has_lh)
            first_top = letterhead(r, guess, &lh_left, &lh_right);
        n_pages = place_units(r, first_top, upage, uy, &reps, &n_reps, NULL);
        r->first_top_prev = first_top;
        if (!has_lh || n_pages == guess || attempt == 2)
            break;
        unit_free(&lh_left);
        unit_free(&lh_right);
        guess = n_pages;
    }
    if (has_lh && n_pages != guess) {
        /* the count keeps changing the page count: show the last one */
        unit_free(&lh_left);
        unit_free(&lh_right);
        letterhead(r, n_pages, &lh_left, &lh_right);
    }

    for (int p = 0; p < n_pages; p++)
        add_page(pp, ps);
    /* the letterhead is real content, read first */
    place_unit_take(&pp->pages[0], &lh_left, ps->header_offset);
    place_unit_take(&pp->pages[0], &lh_right, ps->header_offset);
    unit_free(&lh_left);
    unit_free(&lh_right);
    for (size_t ri = 0; ri < n_reps; ri++) {
        table_head *th = &r->heads[reps[ri].table];
        double yy = reps[ri].y;
        for (size_t h = 0; h < th->n_rows; h++) {
            place_unit(&pp->pages[reps[ri].page], &th->rows[h], yy);
            yy += th->rows[h].height;
        }
    }
    for (size_t k = 0; k < n; k++) {
        unit *u = &r->units[k];
        iop_page *pg = &pp->pages[upage[k]];
        if (u->heading_level > 0) {
            pp->outline = iop_xreallocarray(pp->outline, pp->n_outline + 1, sizeof *pp->outline);
            pp->outline[pp->n_outline++] = (iop_outline_entry){
                u->heading_level, iop_xstrdup(u->heading_title), iop_xstrdup(u->heading_dest),
                upage[k] + 1, uy[k]};
            iop_box d;
            memset(&d, 0, sizeof d);
            d.kind = IOP_BOX_DEST;
            d.x = ps->margin_left;
            d.y = uy[k];
            d.dest = iop_xstrdup(u->heading_dest);
            page_add(pg, d);
        }
        /* the run's units are freed by the next pass or the end */
        place_unit_take(pg, u, uy[k]);
    }

    r->field_pages = r->pages_total > 0 ? r->pages_total : n_pages;
    for (int p = 0; p < n_pages; p++) {
        r->field_page = p + 1 + r->page_offset;
        if (p > 0 || ps->first_header == IOP_FIRST_SAME)
            running(r, &pp->pages[p], &ps->header, "header", true);
        if (p > 0 || ps->first_footer)
            running(r, &pp->pages[p], &ps->footer, "footer", false);
    }
    r->field_page = r->field_pages = 0;
    /* the structure goes with the pages; the next pass makes its own */
    pp->elems = r->elems;
    pp->n_elems = r->n_elems;
    r->elems = NULL;
    r->n_elems = r->cap_elems = 0;
    run_elems_reset(r);
    pp->lang = iop_xstrdup(r->doc->meta.lang);
    free(reps);
    free(upage);
    free(uy);
    return pp;
}
