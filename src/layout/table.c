/* Tables: column widths (fixed, proportional, automatic from content),
 * one unit per row so that pages break between rows, header rows kept
 * aside to repeat after each break, a footer set once at the end, and
 * rules in the calm "booktabs" manner by default. */
#include "layout_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct grid {
    int ncols;
    double *w;        /* final column widths (padding included) */
    double *min_w, *max_w;
    const iop_col *spec; /* spec[c] when c < n_spec */
    size_t n_spec;
} grid;

static int row_span_sum(const iop_node *tr)
{
    int s = 0;
    for (size_t i = 0; i < tr->n_children; i++)
        s += tr->children[i]->colspan;
    return s;
}

typedef void (*row_fn)(void *ctx, const iop_node *group, const iop_node *tr);

static void each_row(const iop_node *t, row_fn fn, void *ctx)
{
    for (size_t g = 0; g < t->n_children; g++)
        for (size_t i = 0; i < t->children[g]->n_children; i++)
            fn(ctx, t->children[g], t->children[g]->children[i]);
}

typedef struct measure_ctx {
    run *r;
    grid *g;
    const iop_style *table_st;
} measure_ctx;

static void cell_style(run *r, const iop_node *group, const iop_node *tr, const iop_node *cell,
                       const iop_style *table_st, const grid *g, int col, iop_style *out)
{
    iop_style gs, rs;
    iop_document_style(r->doc, group, table_st, &gs);
    iop_document_style(r->doc, tr, &gs, &rs);
    iop_document_style(r->doc, cell, &rs, out);
    if (cell->align < 0 && !(out->set & IOP_STYLE_ALIGN) && col < (int)g->n_spec &&
        g->spec[col].align >= 0)
        out->align = (iop_align)g->spec[col].align;
}

/* The widest word of a cell (unhyphenated): what it needs at the least. */
static double longest_word(run *r, const iop_node *cell, const iop_style *st)
{
    char *text = inline_plain_text(r->doc, cell);
    const char *best = NULL;
    long best_n = 0;
    for (char *p = text; *p;) {
        while (*p == ' ')
            p++;
        char *e = p;
        while (*e && *e != ' ')
            e++;
        long n = g_utf8_strlen(p, e - p);
        if (n > best_n) {
            best_n = n;
            best = p;
        }
        p = e;
    }
    double w = 0;
    if (best) {
        char *word = iop_xstrndup(best, strcspn(best, " "));
        PangoLayout *lo = simple_layout(r, word, st, 0, PANGO_ALIGN_LEFT);
        int pw, ph;
        pango_layout_get_size(lo, &pw, &ph);
        w = pw / (double)PANGO_SCALE;
        g_object_unref(lo);
        free(word);
    }
    free(text);
    return w;
}

static void measure_row(void *vctx, const iop_node *group, const iop_node *tr)
{
    measure_ctx *m = vctx;
    grid *g = m->g;
    int col = 0;
    for (size_t i = 0; i < tr->n_children && col < g->ncols; i++) {
        const iop_node *cell = tr->children[i];
        int c = col;
        col += cell->colspan;
        if (cell->colspan != 1)
            continue;
        if (c < (int)g->n_spec && g->spec[c].kind != IOP_COL_AUTO)
            continue;
        iop_style cs;
        cell_style(m->r, group, tr, cell, m->table_st, g, c, &cs);
        para p;
        para_build(m->r, &p, cell, &cs, 0, NULL, false);
        double mx = p.width + 2 * cs.padding + 0.5;
        para_free(&p);
        double mn = longest_word(m->r, cell, &cs) + 2 * cs.padding + 0.5;
        if (mx > g->max_w[c])
            g->max_w[c] = mx;
        if (mn > g->min_w[c])
            g->min_w[c] = mn;
    }
}

static void col_widths(run *r, const iop_node *t, const iop_style *st, grid *g, double W)
{
    double fixed = 0, shares = 0;
    int n_auto = 0, n_prop = 0;
    for (int c = 0; c < g->ncols; c++) {
        iop_col_kind k = c < (int)g->n_spec ? g->spec[c].kind : IOP_COL_AUTO;
        if (k == IOP_COL_FIXED)
            fixed += g->spec[c].value;
        else if (k == IOP_COL_PROPORTIONAL) {
            shares += g->spec[c].value;
            n_prop++;
        } else
            n_auto++;
    }
    if (n_auto) {
        measure_ctx m = {r, g, st};
        each_row(t, measure_row, &m);
    }
    double avail = W - fixed - n_prop * 36.0;
    double sum_min = 0, sum_max = 0;
    for (int c = 0; c < g->ncols; c++) {
        iop_col_kind k = c < (int)g->n_spec ? g->spec[c].kind : IOP_COL_AUTO;
        if (k != IOP_COL_AUTO)
            continue;
        if (g->min_w[c] > W * 0.3)
            g->min_w[c] = W * 0.3; /* a long word will be broken instead */
        if (g->max_w[c] < g->min_w[c])
            g->max_w[c] = g->min_w[c];
        if (g->max_w[c] < 12)
            g->max_w[c] = g->min_w[c] = 12;
        sum_min += g->min_w[c];
        sum_max += g->max_w[c];
    }
    double used = 0;
    for (int c = 0; c < g->ncols; c++) {
        iop_col_kind k = c < (int)g->n_spec ? g->spec[c].kind : IOP_COL_AUTO;
        if (k == IOP_COL_FIXED)
            g->w[c] = g->spec[c].value;
        else if (k == IOP_COL_AUTO) {
            if (sum_max <= avail) /* all fit: without proportional columns, fill the width */
                g->w[c] = n_prop ? g->max_w[c] : g->max_w[c] * (avail / sum_max);
            else if (sum_min >= avail)
                g->w[c] = g->min_w[c] * (avail > 0 ? avail / sum_min : 0.1);
            else
                g->w[c] = g->min_w[c] + (g->max_w[c] - g->min_w[c]) * (avail - sum_min) /
                                            (sum_max - sum_min);
        } else
            continue;
        used += g->w[c];
    }
    double rest = W - used;
    for (int c = 0; c < g->ncols; c++) {
        iop_col_kind k = c < (int)g->n_spec ? g->spec[c].kind : IOP_COL_AUTO;
        if (k == IOP_COL_PROPORTIONAL)
            g->w[c] = rest > 0 ? rest * g->spec[c].value / shares : 12;
    }
    double total = 0;
    for (int c = 0; c < g->ncols; c++) {
        if (g->w[c] < 8)
            g->w[c] = 8;
        total += g->w[c];
    }
    /* fixed columns wider than the page: scale all down */
    if (total > W + 0.01)
        for (int c = 0; c < g->ncols; c++)
            g->w[c] *= W / total;
}

typedef enum row_role { ROLE_HEAD, ROLE_BODY, ROLE_FOOT } row_role;

typedef struct row_ctx {
    run *r;
    const iop_node *table;
    const iop_style *st;
    grid *g;
    double x;
    int table_index;
    size_t n_rows, n_head, n_body, n_foot;
    size_t row_no;      /* rows emitted so far */
    const iop_node *group; /* the row group now open (THead, TBody, TFoot) */
    int group_saved;       /* the element to go back to when it ends */
    size_t body_no, foot_no, head_no;
    bool has_head;
    double thick, thin;
} row_ctx;

static void hrule(unit *u, double x, double y, double w, double lw, uint32_t color)
{
    iop_box b = box_make(IOP_BOX_RULE, x, y, w, 0, color);
    b.line_width = lw;
    unit_add_box(u, &b);
}

static void vrule(unit *u, double x, double y, double h, double lw, uint32_t color)
{
    iop_box b = box_make(IOP_BOX_RULE, x, y, 0, h, color);
    b.line_width = lw;
    unit_add_box(u, &b);
}

static void emit_row(void *vctx, const iop_node *group, const iop_node *tr)
{
    row_ctx *c = vctx;
    run *r = c->r;
    grid *g = c->g;
    row_role role = group->kind == IOP_NODE_THEAD   ? ROLE_HEAD
                    : group->kind == IOP_NODE_TFOOT ? ROLE_FOOT
                                                    : ROLE_BODY;
    if (group != c->group) {
        static const char *const group_tags[] = {"THead", "TBody", "TFoot"};
        if (c->group)
            run_elem_leave(r, c->group_saved);
        c->group_saved = run_elem_enter(r, group_tags[role], NULL);
        c->group = group;
    }
    int row_saved = run_elem_enter(r, "TR", NULL);
    /* lay out the cells first: the row's height is the tallest cell */
    size_t nc = tr->n_children;
    para *ps = iop_xcalloc(nc ? nc : 1, sizeof *ps);
    iop_style *cs = iop_xcalloc(nc ? nc : 1, sizeof *cs);
    double *cx = iop_xcalloc(nc ? nc : 1, sizeof *cx);
    double *cw = iop_xcalloc(nc ? nc : 1, sizeof *cw);
    double height = 0;
    int col = 0;
    size_t used = 0;
    for (size_t i = 0; i < nc && col < g->ncols; i++, used++) {
        const iop_node *cell = tr->children[i];
        cell_style(r, group, tr, cell, c->st, g, col, &cs[i]);
        double x = c->x;
        for (int k = 0; k < col; k++)
            x += g->w[k];
        double w = 0;
        for (int k = col; k < col + cell->colspan && k < g->ncols; k++)
            w += g->w[k];
        col += cell->colspan;
        cx[i] = x;
        cw[i] = w;
        double inner = w - 2 * cs[i].padding;
        para_build(r, &ps[i], cell, &cs[i], inner > 4 ? inner : 4, NULL, true);
        double h = ps[i].height + 2 * cs[i].padding + cs[i].border_top;
        if (h > height)
            height = h;
    }
    iop_style rs, gs;
    iop_document_style(r->doc, group, c->st, &gs);
    iop_document_style(r->doc, tr, &gs, &rs);

    unit *u = run_add_unit(r);
    u->table = c->table_index;
    u->header_row = role == ROLE_HEAD;
    u->height = height;
    if (role == ROLE_HEAD) {
        if (c->head_no > 0)
            u->break_ok = false;
    } else if (role == ROLE_BODY) {
        if (c->body_no == 0 && c->has_head)
            u->break_ok = false; /* never a header alone at the bottom */
    } else {
        u->break_ok = false; /* the totals stay with the last rows */
    }
    double W = 0;
    for (int k = 0; k < g->ncols; k++)
        W += g->w[k];
    /* shading first, then text, then rules on top */
    if (rs.has_background)
        for (size_t i = 0; i < used; i++)
            if (!cs[i].has_background) {
                iop_box b = box_make(IOP_BOX_RECT, cx[i], 0, cw[i], height, rs.background);
                unit_add_box(u, &b);
            }
    for (size_t i = 0; i < used; i++) {
        if (cs[i].has_background) {
            iop_box b = box_make(IOP_BOX_RECT, cx[i], 0, cw[i], height, cs[i].background);
            unit_add_box(u, &b);
        }
        bool th = tr->children[i]->kind == IOP_NODE_TH || role == ROLE_HEAD;
        int sid = run_elem(r, th ? "TH" : "TD");
        if (th)
            run_elem_at(r, sid)->scope = role == ROLE_HEAD ? IOP_SCOPE_COLUMN : IOP_SCOPE_ROW;
        if (tr->children[i]->colspan > 1)
            run_elem_at(r, sid)->colspan = tr->children[i]->colspan;
        for (int k = 0; k < ps[i].n_lines; k++)
            para_emit_line(r, &ps[i], k, u, cx[i] + cs[i].padding,
                           cs[i].padding + cs[i].border_top + ps[i].line_top[k], cs[i].color,
                           sid);
        if (ps[i].n_lines == 0) {
            /* an empty cell still takes its column */
            iop_box m = box_make(IOP_BOX_MARK, cx[i], 0, cw[i], height, 0);
            m.struct_id = sid;
            m.tag = th ? "TH" : "TD";
            unit_add_box(u, &m);
        }
        if (cs[i].border_top > 0)
            hrule(u, cx[i], cs[i].border_top / 2, cw[i], cs[i].border_top, cs[i].border_color);
        if (cs[i].border_bottom > 0)
            hrule(u, cx[i], height - cs[i].border_bottom / 2, cw[i], cs[i].border_bottom,
                  cs[i].border_color);
    }
    if (rs.border_top > 0)
        hrule(u, c->x, rs.border_top / 2, W, rs.border_top, rs.border_color);
    if (rs.border_bottom > 0)
        hrule(u, c->x, height - rs.border_bottom / 2, W, rs.border_bottom, rs.border_color);

    uint32_t rc = c->st->rule_color;
    bool first_row = c->row_no == 0;
    bool last_row = c->row_no + 1 == c->n_rows;
    switch (c->st->rules) {
    case IOP_RULES_ROWS:
    case IOP_RULES_FRAME:
        if (role == ROLE_HEAD && c->head_no == 0)
            hrule(u, c->x, 0, W, c->thick, rc);
        if (role == ROLE_HEAD && c->head_no + 1 == c->n_head)
            hrule(u, c->x, height, W, c->thick, rc);
        if (role == ROLE_BODY && first_row)
            hrule(u, c->x, 0, W, c->thick, rc);
        if (role == ROLE_FOOT && c->foot_no == 0)
            hrule(u, c->x, 0, W, c->thick, rc);
        if (last_row)
            hrule(u, c->x, height, W, c->thick, rc);
        else if (role == ROLE_BODY && c->st->rules == IOP_RULES_ROWS &&
                 c->body_no + 1 < c->n_body)
            hrule(u, c->x, height, W, c->thin, rc);
        if (c->st->rules == IOP_RULES_FRAME) {
            vrule(u, c->x, 0, height, c->thin, rc);
            vrule(u, c->x + W, 0, height, c->thin, rc);
        }
        break;
    case IOP_RULES_ALL: {
        hrule(u, c->x, 0, W, role == ROLE_FOOT && c->foot_no == 0 ? c->thick : c->thin, rc);
        hrule(u, c->x, height, W, role == ROLE_HEAD ? c->thick : c->thin, rc);
        vrule(u, c->x, 0, height, c->thin, rc);
        for (size_t i = 0; i < used; i++)
            vrule(u, cx[i] + cw[i], 0, height, c->thin, rc);
        break;
    }
    case IOP_RULES_NONE:
        break;
    }
    if (height > r->body_height)
        run_warn_once(r, tr->line, "a table row is taller than a page; it runs past the page");

    if (role == ROLE_HEAD) {
        /* keep a copy to repeat at the top of every page the table goes on */
        table_head *th = &r->heads[c->table_index];
        th->rows = iop_xreallocarray(th->rows, th->n_rows + 1, sizeof *th->rows);
        unit *cp = &th->rows[th->n_rows++];
        memset(cp, 0, sizeof *cp);
        cp->height = u->height;
        cp->table = -1;
        cp->header_row = true;
        /* a header row repeated on the next page is pagination, not
         * content: a screen reader has read it once */
        for (size_t i = 0; i < u->n_boxes; i++) {
            if (u->boxes[i].kind == IOP_BOX_MARK || u->boxes[i].kind == IOP_BOX_LINK)
                continue;
            iop_box b = box_copy(&u->boxes[i]);
            b.tag = NULL;
            b.struct_id = 0;
            unit_add_box(cp, &b);
        }
        c->head_no++;
    } else if (role == ROLE_BODY) {
        c->body_no++;
    } else {
        c->foot_no++;
    }
    c->row_no++;
    run_elem_leave(r, row_saved);
    for (size_t i = 0; i < used; i++)
        para_free(&ps[i]);
    free(ps);
    free(cs);
    free(cx);
    free(cw);
}

static void count_rows(void *vctx, const iop_node *group, const iop_node *tr)
{
    row_ctx *c = vctx;
    (void)tr;
    c->n_rows++;
    if (group->kind == IOP_NODE_THEAD)
        c->n_head++;
    else if (group->kind == IOP_NODE_TFOOT)
        c->n_foot++;
    else
        c->n_body++;
}

static void max_cols(void *vctx, const iop_node *group, const iop_node *tr)
{
    (void)group;
    int *n = vctx;
    int s = row_span_sum(tr);
    if (s > *n)
        *n = s;
}

void flow_table(run *r, const iop_node *t, const iop_style *st, frame f)
{
    grid g;
    memset(&g, 0, sizeof g);
    g.ncols = (int)t->n_cols;
    each_row(t, max_cols, &g.ncols);
    if (g.ncols == 0)
        return;
    g.spec = t->cols;
    g.n_spec = t->n_cols;
    g.w = iop_xcalloc((size_t)g.ncols, sizeof(double));
    g.min_w = iop_xcalloc((size_t)g.ncols, sizeof(double));
    g.max_w = iop_xcalloc((size_t)g.ncols, sizeof(double));
    double W = f.width - st->margin_left - st->margin_right;
    col_widths(r, t, st, &g, W);

    row_ctx c;
    memset(&c, 0, sizeof c);
    c.r = r;
    c.table = t;
    c.st = st;
    c.g = &g;
    c.x = f.x + st->margin_left;
    c.thin = st->rule_width;
    c.thick = st->rule_width * 1.6 > 0.8 ? st->rule_width * 1.6 : 0.8;
    each_row(t, count_rows, &c);
    c.has_head = c.n_head > 0;
    r->heads = iop_xreallocarray(r->heads, r->n_heads + 1, sizeof *r->heads);
    memset(&r->heads[r->n_heads], 0, sizeof *r->heads);
    c.table_index = (int)r->n_heads++;
    flow_space(r, st->space_before);
    size_t first = r->n_units;
    int table_saved = run_elem_enter(r, "Table", NULL);
    /* header rows first, then body, then the footer, whatever the source order */
    static const iop_node_kind order[] = {IOP_NODE_THEAD, IOP_NODE_TBODY, IOP_NODE_TFOOT};
    for (int o = 0; o < 3; o++)
        for (size_t gi = 0; gi < t->n_children; gi++)
            if (t->children[gi]->kind == order[o])
                for (size_t i = 0; i < t->children[gi]->n_children; i++)
                    emit_row(&c, t->children[gi], t->children[gi]->children[i]);
    /* the first rows of the table (before any page break) need no repeat */
    (void)first;
    if (c.group)
        run_elem_leave(r, c.group_saved);
    run_elem_leave(r, table_saved);
    flow_after(r, st);
    free(g.w);
    free(g.min_w);
    free(g.max_w);
}
