/* Blocks → units of the flow: paragraphs become one unit per line (so
 * that pages can break between lines, with widow and orphan control),
 * headings carry outline entries and keep with what follows, lists get
 * markers, labelled fields become rows, keep groups forbid breaks. */
#include "layout_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define LIST_INDENT 18.0 /* per list level: room for the marker */
#define MARKER_GAP 6.0

void flow_space(run *r, double before)
{
    if (before > r->pending_space)
        r->pending_space = before;
}

void flow_after(run *r, const iop_style *st)
{
    if (st->space_after > r->pending_space)
        r->pending_space = st->space_after;
    if (st->keep_with_next)
        r->keep_pending = true;
}

/* A rule as a unit of its own (border-top/border-bottom of a block). */
static void rule_unit(run *r, double x, double w, double lw, uint32_t color, bool keep_before)
{
    unit *u = run_add_unit(r);
    if (keep_before)
        u->break_ok = false;
    u->height = lw + 3;
    iop_box b = box_make(IOP_BOX_RULE, x, lw / 2 + 1.5, w, 0, color);
    b.line_width = lw;
    unit_add_box(u, &b);
}

/* Hang a waiting list marker on a unit, at the baseline given. */
static void attach_marker(run *r, unit *u, double baseline)
{
    for (size_t i = 0; i < r->n_marker; i++) {
        r->marker[i].y += baseline;
        unit_add_box(u, &r->marker[i]);
    }
    free(r->marker);
    r->marker = NULL;
    r->n_marker = 0;
}

void flow_para_units(run *r, para *p, const iop_style *st, double x, const char *tag,
                     bool keep_together)
{
    int sid = tag ? run_elem(r, tag) : 0;
    int n = p->n_lines;
    for (int i = 0; i < n; i++) {
        unit *u = run_add_unit(r);
        u->height = p->pitch[i];
        /* two lines at least at the bottom (orphans) and at the top (widows) */
        if (i > 0 && (i == 1 || i == n - 1 || keep_together))
            u->break_ok = false;
        /* the marker (Lbl) is read before the item's text */
        if (i == 0 && r->marker)
            attach_marker(r, u, p->baseline[0]);
        para_emit_line(r, p, i, u, x, 0, st->color, sid);
    }
}

static const char *heading_tag(int level)
{
    static const char *const tags[] = {"H1", "H2", "H3", "H4", "H5", "H6"};
    return tags[level < 1 ? 0 : level > 6 ? 5 : level - 1];
}

/* The destination name of the n-th heading (0-based): its id, or a name
 * made from the index; the TOC computes the same names. */
static char *heading_dest(const iop_node *h, int index)
{
    if (h->id && *h->id)
        return iop_xstrdup(h->id);
    return iop_xasprintf("iop-h-%d", index + 1);
}

static void text_block(run *r, const iop_node *n, const iop_style *st, frame f)
{
    double x = f.x + st->margin_left;
    double w = f.width - st->margin_left - st->margin_right;
    if (w < 20)
        w = 20;
    if (st->page_break_before) {
        r->break_pending = true;
        r->pending_space = 0;
    }
    flow_space(r, st->space_before);
    if (st->border_top > 0) {
        rule_unit(r, x, w, st->border_top, st->border_color, false);
        r->keep_pending = true; /* a rule above a block never ends a page alone */
    }
    para p;
    para_build_block(r, &p, n, st, w, true);
    bool heading = n->kind == IOP_NODE_HEADING;
    const char *tag = heading ? heading_tag(n->level) : n->kind == IOP_NODE_LI ? "LBody" : "P";
    size_t first = r->n_units;
    flow_para_units(r, &p, st, x, tag, heading || st->keep_together);
    if (r->n_units > first) {
        unit *u = &r->units[first];
        if (heading) {
            u->heading_level = n->level;
            u->heading_title = inline_plain_text(r->doc, n);
            u->heading_index = r->n_headings;
            u->heading_dest = heading_dest(n, r->n_headings);
        } else if (n->id) {
            iop_box d = box_make(IOP_BOX_DEST, x, 0, 0, 0, 0);
            d.dest = iop_xstrdup(n->id);
            unit_add_box(u, &d);
        }
    }
    if (heading)
        r->n_headings++;
    para_free(&p);
    if (st->border_bottom > 0)
        rule_unit(r, x, w, st->border_bottom, st->border_color, true);
    flow_after(r, st);
}

static char *marker_text(const iop_style *ls, int number)
{
    switch (ls->list_style) {
    case IOP_LIST_DISC:
        return iop_xstrdup("\xE2\x80\xA2"); /* • */
    case IOP_LIST_DASH:
        return iop_xstrdup("\xE2\x80\x93"); /* – */
    case IOP_LIST_DECIMAL:
        return iop_xasprintf("%d.", number);
    case IOP_LIST_LOWER_ALPHA: {
        char buf[8];
        int k = number - 1;
        if (k < 0)
            k = 0;
        if (k < 26)
            snprintf(buf, sizeof buf, "%c)", 'a' + k);
        else
            snprintf(buf, sizeof buf, "%c%c)", 'a' + (k / 26 - 1) % 26, 'a' + k % 26);
        return iop_xstrdup(buf);
    }
    default:
        return iop_xstrdup("");
    }
}

static void set_marker(run *r, const char *text, const iop_style *st, double item_x)
{
    if (!*text)
        return;
    PangoLayout *lo = word_layout(r, text, st);
    PangoLayoutLine *line = pango_layout_get_line_readonly(lo, 0);
    PangoRectangle logical;
    pango_layout_line_get_extents(line, NULL, &logical);
    double w = logical.width / (double)PANGO_SCALE;
    iop_box b = box_make(IOP_BOX_TEXT, item_x - MARKER_GAP - w, 0, w, st->font_size, st->color);
    b.text = iop_xstrdup(text);
    b.line = text_line_new(lo, line);
    b.struct_id = run_elem(r, "Lbl");
    b.tag = "Lbl";
    g_object_unref(lo);
    r->marker = iop_xreallocarray(r->marker, r->n_marker + 1, sizeof *r->marker);
    r->marker[r->n_marker++] = b;
}

static bool has_block_children(const iop_node *n)
{
    return n->n_children > 0 && iop_node_kind_is_block(n->children[0]->kind);
}

static void flow_list(run *r, const iop_node *l, const iop_style *st, frame f, int depth)
{
    flow_space(r, depth > 0 ? 0 : st->space_before);
    double indent = st->margin_left + LIST_INDENT;
    frame inner = {f.x + indent, f.width - indent - st->margin_right};
    int number = l->start;
    int outer = run_elem_enter(r, "L", NULL);
    for (size_t i = 0; i < l->n_children; i++) {
        const iop_node *li = l->children[i];
        if (li->kind != IOP_NODE_LI)
            continue;
        iop_style ls;
        iop_document_style(r->doc, li, st, &ls);
        int list = run_elem_enter(r, "LI", NULL);
        char *m = marker_text(&ls, number++);
        set_marker(r, m, &ls, inner.x);
        free(m);
        if (has_block_children(li)) {
            int item = run_elem_enter(r, "LBody", NULL);
            flow_space(r, ls.space_before);
            flow_blocks(r, li, &ls, inner, depth + 1);
            flow_after(r, &ls);
            run_elem_leave(r, item);
        } else {
            text_block(r, li, &ls, inner);
        }
        run_elem_leave(r, list);
        /* a marker that found no line (an empty item) is dropped */
        for (size_t k = 0; k < r->n_marker; k++)
            box_free(&r->marker[k]);
        free(r->marker);
        r->marker = NULL;
        r->n_marker = 0;
    }
    run_elem_leave(r, outer);
    /* nested lists end without extra space; the outer one spaces */
    if (depth == 0)
        flow_after(r, st);
}

static void flow_dl(run *r, const iop_node *dl, const iop_style *st, frame f)
{
    flow_space(r, st->space_before);
    double x = f.x + st->margin_left;
    double w = f.width - st->margin_left - st->margin_right;
    /* the label column: as wide as the widest label, at most 40 % */
    double label_w = 0;
    for (size_t i = 0; i < dl->n_children; i++) {
        const iop_node *c = dl->children[i];
        if (c->kind != IOP_NODE_DT)
            continue;
        iop_style cs;
        iop_document_style(r->doc, c, st, &cs);
        para p;
        para_build_block(r, &p, c, &cs, 0, false);
        if (p.width > label_w)
            label_w = p.width;
        para_free(&p);
    }
    label_w += 12;
    if (label_w > w * 0.4)
        label_w = w * 0.4;
    /* labelled fields read as a list of label and value */
    int outer = run_elem_enter(r, "L", NULL);
    for (size_t i = 0; i + 1 < dl->n_children; i += 2) {
        const iop_node *dt = dl->children[i], *dd = dl->children[i + 1];
        iop_style ts, ds;
        iop_document_style(r->doc, dt, st, &ts);
        iop_document_style(r->doc, dd, st, &ds);
        para pt, pd;
        para_build_block(r, &pt, dt, &ts, label_w - 12, true);
        para_build_block(r, &pd, dd, &ds, w - label_w, true);
        unit *u = run_add_unit(r);
        int item = run_elem_enter(r, "LI", NULL);
        int label = run_elem(r, "Lbl"), value = run_elem(r, "LBody");
        run_elem_leave(r, item);
        /* align the first baselines of label and value */
        double shift_t = 0, shift_d = 0;
        if (pt.n_lines && pd.n_lines) {
            double bt = pt.baseline[0], bd = pd.baseline[0];
            if (bt < bd)
                shift_t = bd - bt;
            else
                shift_d = bt - bd;
        }
        for (int k = 0; k < pt.n_lines; k++)
            para_emit_line(r, &pt, k, u, x, shift_t + pt.line_top[k], ts.color, label);
        for (int k = 0; k < pd.n_lines; k++)
            para_emit_line(r, &pd, k, u, x + label_w, shift_d + pd.line_top[k], ds.color,
                           value);
        double ht = shift_t + pt.height, hd = shift_d + pd.height;
        u->height = ht > hd ? ht : hd;
        para_free(&pt);
        para_free(&pd);
        r->pending_space = ds.space_after > ts.space_after ? ds.space_after : ts.space_after;
    }
    run_elem_leave(r, outer);
    r->pending_space = 0;
    flow_after(r, st);
}

static void flow_image(run *r, const iop_node *n, const iop_style *st, frame f)
{
    iop_image *img = image_load(r, n);
    if (!img)
        return;
    double w = n->width, h = n->height;
    if (w <= 0 && h <= 0) {
        w = img->nat_w;
        h = img->nat_h;
    } else if (w <= 0) {
        w = h * img->nat_w / img->nat_h;
    } else if (h <= 0) {
        h = w * img->nat_h / img->nat_w;
    }
    double avail = f.width - st->margin_left - st->margin_right;
    if (w > avail) {
        h *= avail / w;
        w = avail;
    }
    double maxh = r->body_height * 0.95;
    if (h > maxh) {
        w *= maxh / h;
        h = maxh;
    }
    double x = f.x + st->margin_left;
    if (st->align == IOP_ALIGN_CENTER)
        x += (avail - w) / 2;
    else if (st->align == IOP_ALIGN_RIGHT)
        x += avail - w;
    flow_space(r, st->space_before);
    unit *u = run_add_unit(r);
    u->height = h;
    if (r->marker)
        attach_marker(r, u, st->font_size);
    iop_box b = box_make(IOP_BOX_IMAGE, x, 0, w, h, 0);
    b.image = img;
    /* a decorative image is an artifact; any other says what it shows */
    if (!n->decorative) {
        b.struct_id = run_elem(r, "Figure");
        b.tag = "Figure";
        run_elem_at(r, b.struct_id)->alt = iop_xstrdup(n->alt);
    }
    b.text = iop_xstrdup(n->alt);
    unit_add_box(u, &b);
    flow_after(r, st);
}

/* Headings in document order, as the flow numbers them. */
static void collect_headings(const iop_node *n, const iop_node ***out, size_t *n_out,
                             size_t *cap)
{
    if (n->kind == IOP_NODE_HEADING) {
        *out = iop_grow(*out, cap, *n_out + 1, sizeof **out);
        (*out)[(*n_out)++] = n;
        return;
    }
    if (!iop_node_kind_is_block(n->kind) || n->kind == IOP_NODE_TABLE)
        return;
    for (size_t i = 0; i < n->n_children; i++)
        collect_headings(n->children[i], out, n_out, cap);
}

static void flow_toc(run *r, const iop_node *toc, const iop_style *st, frame f)
{
    const iop_node **hs = NULL;
    size_t nh = 0, cap = 0;
    collect_headings(r->doc->body, &hs, &nh, &cap);
    /* the title looks like a second-level heading but is not in the outline */
    iop_style ts;
    iop_document_style_for(r->doc, IOP_NODE_HEADING, "h2", "toc-title", st, &ts);
    iop_style_rule *none = NULL;
    (void)none;
    flow_space(r, ts.space_before);
    para tp;
    iop_node title = {0};
    iop_node text = {0};
    iop_node *kids[1] = {&text};
    title.kind = IOP_NODE_P;
    title.align = -1;
    text.kind = IOP_NODE_TEXT;
    text.text = toc->title;
    title.children = kids;
    title.n_children = 1;
    para_build(r, &tp, &title, &ts, f.width, NULL, true);
    flow_para_units(r, &tp, &ts, f.x, "P", true);
    para_free(&tp);
    flow_after(r, &ts);
    r->pending_space = ts.space_after;
    const double num_w = 36;
    int outer = run_elem_enter(r, "TOC", NULL);
    for (size_t i = 0; i < nh; i++) {
        const iop_node *h = hs[i];
        if (h->level > toc->level)
            continue;
        char cls[16];
        snprintf(cls, sizeof cls, "level%d", h->level);
        iop_style es;
        iop_document_style_for(r->doc, IOP_NODE_P, "toc", cls, st, &es);
        if (!(es.set & IOP_STYLE_SPACE_AFTER))
            es.space_after = 2;
        if (!(es.set & IOP_STYLE_SPACE_BEFORE))
            es.space_before = h->level == 1 ? 4 : 0;
        es.hyphenate = false;
        double indent = (h->level - 1) * 14.0;
        double x = f.x + indent;
        double w = f.width - indent - num_w - 6;
        flow_space(r, es.space_before);
        para p;
        para_build_block(r, &p, h, &es, w, true);
        char *dest = heading_dest(h, (int)i);
        int entry = run_elem_enter(r, "TOCI", NULL);
        char *entry_title = inline_plain_text(r->doc, h);
        char num[16] = "";
        if (r->heading_pages && (int)i < r->n_heading_pages)
            snprintf(num, sizeof num, "%d", r->heading_pages[i] + r->page_offset);
        for (int k = 0; k < p.n_lines; k++) {
            unit *u = run_add_unit(r);
            u->height = p.pitch[k];
            if (k > 0)
                u->break_ok = false;
            /* each line of the entry is a link of its own, its text inside */
            int sid = run_elem(r, "Link");
            run_elem_at(r, sid)->alt = num[0] ? iop_xasprintf("%s, sidan %s", entry_title, num)
                                              : iop_xstrdup(entry_title);
            iop_box l = box_make(IOP_BOX_LINK, x, 0, f.width - indent, p.pitch[k], 0);
            l.dest = iop_xstrdup(dest);
            l.tag = "Link";
            l.struct_id = sid;
            unit_add_box(u, &l);
            int saved_links = (int)p.n_links;
            p.n_links = 0; /* the entry as a whole is the link */
            para_emit_line(r, &p, k, u, x, 0, es.color, sid);
            p.n_links = (size_t)saved_links;
            if (k == p.n_lines - 1 && num[0]) {
                iop_style ns = es;
                ns.tabular = true;
                PangoLayout *lo = simple_layout(r, num, &ns, num_w, PANGO_ALIGN_RIGHT);
                PangoLayoutIter *it = pango_layout_get_iter(lo);
                PangoRectangle logical;
                pango_layout_iter_get_line_extents(it, NULL, &logical);
                pango_layout_iter_free(it);
                PangoLayoutLine *line = pango_layout_get_line_readonly(lo, 0);
                iop_box b = box_make(IOP_BOX_TEXT,
                          f.x + f.width - num_w + logical.x / (double)PANGO_SCALE,
                          p.baseline[k] - p.line_top[k], logical.width / (double)PANGO_SCALE,
                          p.pitch[k], es.color);
                b.text = iop_xstrdup(num);
                b.line = text_line_new(lo, line);
                b.tag = "Link";
                b.struct_id = sid;
                unit_add_box(u, &b);
                g_object_unref(lo);
            }
        }
        free(dest);
        free(entry_title);
        run_elem_leave(r, entry);
        para_free(&p);
        flow_after(r, &es);
    }
    run_elem_leave(r, outer);
    free(hs);
    r->pending_space = 0;
    flow_after(r, st);
}

/* Forbid page breaks inside units [first, end) when they fit on a page. */
static void keep_units(run *r, size_t first, long line)
{
    double h = 0;
    for (size_t i = first; i < r->n_units; i++)
        h += r->units[i].height + (i > first ? r->units[i].space_before : 0);
    if (h > r->body_height) {
        run_warn_once(r, line, "a keep-together group is taller than a page; it is broken");
        return;
    }
    for (size_t i = first + 1; i < r->n_units; i++)
        r->units[i].break_ok = false;
}

/* A block in another language than the document's: its elements say so
 * (/Lang), so a screen reader switches its voice. */
static void mark_language(run *r, size_t first_elem, const char *lang)
{
    const char *doc_lang = r->doc->meta.lang ? r->doc->meta.lang : "";
    size_t n = strcspn(lang ? lang : "", "-"), dn = strcspn(doc_lang, "-");
    /* "sv" in a document in "sv-SE" is no change of language */
    if (!lang || !*lang || (n == dn && g_ascii_strncasecmp(lang, doc_lang, n) == 0))
        return;
    for (size_t i = first_elem; i < r->n_elems; i++) {
        iop_struct_elem *e = &r->elems[i];
        if ((size_t)e->parent < first_elem && !e->lang)
            e->lang = iop_xstrdup(lang);
    }
}

void flow_block(run *r, const iop_node *n, const iop_style *parent, frame f, int depth)
{
    iop_style st;
    iop_document_style(r->doc, n, parent, &st);
    size_t first = r->n_units;
    size_t first_elem = r->n_elems;
    switch (n->kind) {
    case IOP_NODE_HEADING:
    case IOP_NODE_P:
        text_block(r, n, &st, f);
        break;
    case IOP_NODE_LI:
        if (has_block_children(n))
            flow_blocks(r, n, &st, f, depth);
        else
            text_block(r, n, &st, f);
        break;
    case IOP_NODE_UL:
    case IOP_NODE_OL:
        flow_list(r, n, &st, f, depth);
        break;
    case IOP_NODE_TABLE:
        flow_table(r, n, &st, f);
        break;
    case IOP_NODE_DL:
        flow_dl(r, n, &st, f);
        break;
    case IOP_NODE_IMG:
        flow_image(r, n, &st, f);
        break;
    case IOP_NODE_BLOCKQUOTE:
    case IOP_NODE_DIV:
    case IOP_NODE_KEEP: {
        if (st.page_break_before) {
            r->break_pending = true;
            r->pending_space = 0;
        }
        flow_space(r, st.space_before);
        frame inner = {f.x + st.margin_left, f.width - st.margin_left - st.margin_right};
        /* rules above and below the group (a framed decision, a quotation) */
        if (st.border_top > 0) {
            rule_unit(r, inner.x, inner.width, st.border_top, st.border_color, false);
            r->keep_pending = true;
        }
        flow_blocks(r, n, &st, inner, depth);
        if (st.border_bottom > 0 && r->n_units > first) {
            r->pending_space = 0;
            rule_unit(r, inner.x, inner.width, st.border_bottom, st.border_color, true);
        }
        flow_after(r, &st);
        if (n->kind == IOP_NODE_KEEP && r->n_units > first)
            keep_units(r, first, n->line);
        break;
    }
    case IOP_NODE_PAGE_BREAK:
        r->break_pending = true;
        r->pending_space = 0;
        r->keep_pending = false;
        break;
    case IOP_NODE_TOC:
        flow_toc(r, n, &st, f);
        break;
    case IOP_NODE_CHART:
        flow_chart(r, n, &st, f);
        break;
    default:
        /* block kinds this version does not know are skipped */
        break;
    }
    if (st.keep_together && n->kind != IOP_NODE_KEEP && r->n_units > first + 1)
        keep_units(r, first, n->line);
    mark_language(r, first_elem, n->lang);
}

void flow_blocks(run *r, const iop_node *container, const iop_style *st, frame f, int depth)
{
    for (size_t i = 0; i < container->n_children; i++) {
        const iop_node *c = container->children[i];
        if (iop_node_kind_is_block(c->kind))
            flow_block(r, c, st, f, depth);
    }
}
