/* Painting boxes with cairo, shared by every output format.  For PDF the
 * boxes are drawn inside structure tags: the chain of each box's element
 * (Table › TBody › TR › TD) is kept open on a stack, because cairo 1.16
 * marks content only while the innermost open element has no children;
 * decoration is drawn while no leaf is open, and the finishing step
 * (pdf_finish) marks it as an artifact.  A link's text is drawn inside its
 * Link element, begun by the LINK box that carries the annotation.
 * Internal links go to named destinations: cairo 1.16 writes a link to a
 * later page by number without any target (so a table of contents would
 * not work), while named ones are resolved at the end.  Names come from the document's ids, so they are re-encoded to
 * plain ASCII before they go into an attribute; URIs are percent-encoded. */
#include "render_internal.h"

#include <stdlib.h>
#include <string.h>

/* Every destination of the document, found before the first page is
 * painted (links go forward as well as back).  The names are copies and
 * a destination's box is known by its page and place there, because a
 * caller may free each page once it is painted (iop_render_options
 * .page_done). */
struct dest_map {
    struct dest {
        char *name;
        int page; /* 1-based */
        double x, y;
        const iop_page *on; /* the page and the box's index on it */
        size_t box;
    } *d;
    size_t n;
};

dest_map *dest_map_new(const iop_pages *pages)
{
    dest_map *m = iop_xcalloc(1, sizeof *m);
    size_t cap = 0;
    for (size_t p = 0; p < pages->n_pages; p++)
        for (size_t i = 0; i < pages->pages[p].n_boxes; i++) {
            const iop_box *b = &pages->pages[p].boxes[i];
            if (b->kind != IOP_BOX_DEST || !b->dest)
                continue;
            m->d = iop_grow(m->d, &cap, m->n + 1, sizeof *m->d);
            m->d[m->n++] = (struct dest){iop_xstrdup(b->dest), (int)p + 1, b->x, b->y,
                                         &pages->pages[p], i};
        }
    return m;
}

void dest_map_free(dest_map *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        free(m->d[i].name);
    free(m->d);
    free(m);
}

bool dest_map_find(const dest_map *m, const char *name, int *page, double *x, double *y)
{
    for (size_t i = 0; m && name && i < m->n; i++)
        if (strcmp(m->d[i].name, name) == 0) {
            *page = m->d[i].page;
            *x = m->d[i].x;
            *y = m->d[i].y;
            return true;
        }
    return false;
}

/* Is box `k` of `pg` the first destination of its name (the one links go
 * to)? */
static bool dest_is_first(const dest_map *m, const iop_page *pg, size_t k)
{
    for (size_t i = 0; m && i < m->n; i++)
        if (strcmp(m->d[i].name, pg->boxes[k].dest) == 0)
            return m->d[i].on == pg && m->d[i].box == k;
    return false;
}

/* A destination name safe inside a quoted cairo attribute: letters,
 * digits, '-' and '.' as they are, every other byte as _XX. */
static char *dest_attr_name(const char *name)
{
    iop_strbuf sb = IOP_STRBUF_INIT;
    iop_strbuf_puts(&sb, "d.");
    for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '.')
            iop_strbuf_putc(&sb, (char)*p);
        else
            iop_strbuf_printf(&sb, "_%02X", *p);
    }
    return iop_strbuf_detach(&sb);
}

/* A URI as a cairo attribute value: quotes and backslashes escaped, and
 * anything outside printable ASCII percent-encoded (PDF URIs are ASCII). */
static char *escape_uri(const char *s)
{
    iop_strbuf sb = IOP_STRBUF_INIT;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p <= 0x20 || *p >= 0x7f || *p == '\'' || *p == '\\' || *p == '"')
            iop_strbuf_printf(&sb, "%%%02X", *p);
        else
            iop_strbuf_putc(&sb, (char)*p);
    }
    return iop_strbuf_detach(&sb);
}

static void set_rgb(cairo_t *cr, uint32_t c)
{
    cairo_set_source_rgb(cr, ((c >> 16) & 0xff) / 255.0, ((c >> 8) & 0xff) / 255.0,
                         (c & 0xff) / 255.0);
}

/* The attributes of a Link element from the LINK box that begins it
 * (its rectangle and target), or NULL when it leads nowhere. */
static char *link_attrs(const iop_box *b, const dest_map *dests, iop_diag *diag,
                        const char *path)
{
    if (b->uri) {
        char *u = escape_uri(b->uri);
        char *attrs =
            iop_xasprintf("rect=[%.2f %.2f %.2f %.2f] uri='%s'", b->x, b->y, b->w, b->h, u);
        free(u);
        return attrs;
    }
    int page;
    double x, y;
    if (!b->dest)
        return NULL;
    if (!dest_map_find(dests, b->dest, &page, &x, &y)) {
        iop_loc loc = {path, 0, 0};
        iop_diag_report(diag, IOP_WARNING, &loc, "link to '#%s': no element has that id",
                        b->dest);
        return NULL;
    }
    char *name = dest_attr_name(b->dest);
    char *attrs =
        iop_xasprintf("rect=[%.2f %.2f %.2f %.2f] dest='%s'", b->x, b->y, b->w, b->h, name);
    free(name);
    return attrs;
}

void tagger_init(tagger *t, const iop_pages *pages)
{
    memset(t, 0, sizeof *t);
    t->pages = pages;
    t->has_kids = iop_xcalloc(pages->n_elems + 1, sizeof *t->has_kids);
    t->first_note = iop_xcalloc(pages->n_elems + 1, sizeof *t->first_note);
    for (size_t i = 1; i < pages->n_elems; i++) {
        int p = pages->elems[i].parent;
        if (p >= 0 && (size_t)p < pages->n_elems)
            t->has_kids[p] = true;
    }
}

void tagger_free(tagger *t)
{
    free(t->has_kids);
    free(t->open);
    free(t->types);
    free(t->open_notes);
    free(t->notes);
    free(t->note_parent);
    free(t->first_note);
    free(t->chain);
    memset(t, 0, sizeof *t);
}

/* Begin a structure tag for element `id` and note what the finishing
 * step adds to it.  cairo 1.16 makes a new structure element of every
 * tag begun, so a leaf begun again in the parent it was begun in (its
 * text goes on after a page break, tagger_end_page) is noted as the
 * continuation of its first tag, and pdf_finish makes the two one
 * element: a paragraph across pages is read as one paragraph. */
static void tag_begin(cairo_t *cr, tagger *t, const char *type, int id, const iop_struct_elem *e,
                      const char *attrs)
{
    cairo_tag_begin(cr, type, attrs);
    size_t k = t->n_notes++;
    t->notes = iop_grow(t->notes, &t->cap_notes, t->n_notes, sizeof *t->notes);
    t->note_parent = iop_grow(t->note_parent, &t->cap_note_parent, t->n_notes,
                              sizeof *t->note_parent);
    pdf_struct_note *n = &t->notes[k];
    memset(n, 0, sizeof *n);
    n->type = type;
    t->note_parent[k] = t->n_open ? t->open_notes[t->n_open - 1] : 0;
    if (id > 0 && !t->has_kids[id]) {
        size_t first = t->first_note[id];
        if (!first)
            t->first_note[id] = k;
        else if (t->note_parent[first] == t->note_parent[k] &&
                 strcmp(t->notes[first].type, type) == 0)
            n->continues = first; /* a Link's text without its annotation (a Span) stays apart */
    }
    if (e) {
        n->scope = e->scope;
        n->colspan = e->colspan;
        n->alt = e->alt;
        n->lang = e->lang;
        n->title = e->title;
    }
}

/* After tag_begin: the element just begun is open. */
static void push_open(tagger *t, int id, const char *type)
{
    t->open = iop_grow(t->open, &t->cap_open, t->n_open + 1, sizeof *t->open);
    t->types = iop_grow(t->types, &t->cap_types, t->n_open + 1, sizeof *t->types);
    t->open_notes = iop_grow(t->open_notes, &t->cap_open_notes, t->n_open + 1,
                             sizeof *t->open_notes);
    t->open_notes[t->n_open] = t->n_notes - 1;
    t->open[t->n_open] = id;
    t->types[t->n_open++] = type;
}

static void pop_open(cairo_t *cr, tagger *t)
{
    cairo_tag_end(cr, t->types[--t->n_open]);
}

void tagger_begin_document(cairo_t *cr, tagger *t)
{
    tag_begin(cr, t, "Document", 0, NULL, NULL);
    push_open(t, 0, "Document");
}

void tagger_end_page(cairo_t *cr, tagger *t)
{
    /* a leaf ends with its page (decoration of the next page comes first);
     * the tables and lists around it go on */
    if (t->n_open > 1 && !t->has_kids[t->open[t->n_open - 1]])
        pop_open(cr, t);
}

void tagger_end_document(cairo_t *cr, tagger *t)
{
    while (t->n_open > 0)
        pop_open(cr, t);
}

/* Make the tags open exactly the chain from the document to element `id`:
 * end those that are not on it, begin the missing ones.  A Link is begun
 * by its LINK box, which carries the annotation. */
static void open_chain(cairo_t *cr, tagger *t, int id, const iop_box *b, const dest_map *dests,
                       iop_diag *diag, const char *path)
{
    const iop_pages *pp = t->pages;
    /* the chain from the element up; parents come before their children in
     * the table, so it ends at the document */
    int n = 0;
    for (int e = id; e > 0 && (size_t)e < pp->n_elems; e = pp->elems[e].parent) {
        t->chain = iop_grow(t->chain, &t->cap_chain, (size_t)n + 2, sizeof *t->chain);
        t->chain[n++] = e;
        if (pp->elems[e].parent >= e)
            break; /* never: a parent is made before its children */
    }
    t->chain = iop_grow(t->chain, &t->cap_chain, (size_t)n + 1, sizeof *t->chain);
    int *chain = t->chain;
    chain[n++] = 0;
    for (int i = 0; i < n / 2; i++) {
        int tmp = chain[i];
        chain[i] = chain[n - 1 - i];
        chain[n - 1 - i] = tmp;
    }
    size_t k = 0;
    while (k < t->n_open && k < (size_t)n && t->open[k] == chain[k])
        k++;
    while (t->n_open > k)
        pop_open(cr, t);
    for (int i = (int)k; i < n; i++) {
        const iop_struct_elem *e = &pp->elems[chain[i]];
        const char *type = e->type;
        char *attrs = NULL;
        if (strcmp(type, "Link") == 0) {
            attrs = b->kind == IOP_BOX_LINK && chain[i] == id ? link_attrs(b, dests, diag, path)
                                                              : NULL;
            if (!attrs)
                type = "Span"; /* text of a link that leads nowhere */
        }
        tag_begin(cr, t, type, chain[i], e, attrs);
        push_open(t, chain[i], type);
        free(attrs);
    }
}

/* Keep rules that close to each other out of one path: where two
 * strokes touch the same pixel, a viewer blends them one over the other,
 * while a path's subpaths cover the pixel once, and the pixels would
 * differ. */
#define RULE_APART 3.0

/* The area a rule's stroke may touch, with RULE_APART around it. */
static void rule_area(const iop_box *b, double a[4])
{
    double m = b->line_width / 2 + RULE_APART;
    a[0] = (b->w < 0 ? b->x + b->w : b->x) - m;
    a[1] = (b->h < 0 ? b->y + b->h : b->y) - m;
    a[2] = (b->w < 0 ? b->x : b->x + b->w) + m;
    a[3] = (b->h < 0 ? b->y : b->y + b->h) + m;
}

static bool areas_meet(const double a[4], const double b[4])
{
    return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

/* How many rules to stroke at most as one path (the areas are compared
 * pairwise). */
#define RULES_AT_ONCE 32

/* Stroke the rule boxes[i] and, in a PDF, the rules right after it that
 * have the same element, colour and width and keep apart from each other,
 * as one path: cairo analyses, clips and writes every stroke on its own
 * (about 40 000 instructions each), a subpath costs a fraction of that,
 * and the page looks the same.  Returns the index of the last rule drawn. */
static size_t paint_rules(cairo_t *cr, const iop_page *page, size_t i, bool merge)
{
    const iop_box *b = &page->boxes[i];
    double areas[RULES_AT_ONCE][4];
    size_t n = 0;
    rule_area(b, areas[n++]);
    set_rgb(cr, b->color);
    cairo_set_line_width(cr, b->line_width);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_move_to(cr, b->x, b->y);
    cairo_line_to(cr, b->x + b->w, b->y + b->h);
    while (merge && n < RULES_AT_ONCE && i + 1 < page->n_boxes) {
        const iop_box *c = &page->boxes[i + 1];
        if (c->kind != IOP_BOX_RULE || c->struct_id != b->struct_id || c->color != b->color ||
            c->line_width != b->line_width)
            break;
        rule_area(c, areas[n]);
        bool apart = true;
        for (size_t k = 0; k < n && apart; k++)
            apart = !areas_meet(areas[k], areas[n]);
        if (!apart)
            break;
        n++;
        i++;
        cairo_move_to(cr, c->x, c->y);
        cairo_line_to(cr, c->x + c->w, c->y + c->h);
    }
    cairo_stroke(cr);
    return i;
}

cairo_status_t paint_page(cairo_t *cr, const iop_page *page, const dest_map *dests, tagger *t,
                          iop_diag *diag, const char *path)
{
    for (size_t i = 0; i < page->n_boxes; i++) {
        const iop_box *b = &page->boxes[i];
        if (t && b->kind != IOP_BOX_DEST) {
            if (b->struct_id > 0 && (size_t)b->struct_id < t->pages->n_elems)
                open_chain(cr, t, b->struct_id, b, dests, diag, path);
            else
                tagger_end_page(cr, t); /* decoration: drawn while no leaf is open */
        }
        switch (b->kind) {
        case IOP_BOX_TEXT:
            if (!iop_text_line_draw(b, cr))
                return cairo_status(cr);
            break;
        case IOP_BOX_RULE:
            i = paint_rules(cr, page, i, t != NULL);
            break;
        case IOP_BOX_RECT:
            set_rgb(cr, b->color);
            cairo_rectangle(cr, b->x, b->y, b->w, b->h);
            cairo_fill(cr);
            break;
        case IOP_BOX_FILL:
            paint_fill(cr, b);
            break;
        case IOP_BOX_IMAGE:
            if (!iop_image_draw(b, cr))
                return cairo_status(cr);
            break;
        case IOP_BOX_LINK:
        case IOP_BOX_MARK:
            break; /* their tags are all there is to them */
        case IOP_BOX_DEST:
            if (t && dest_is_first(dests, page, i)) {
                char *name = dest_attr_name(b->dest);
                char *attrs = iop_xasprintf("name='%s' x=%.2f y=%.2f", name, b->x, b->y);
                cairo_tag_begin(cr, CAIRO_TAG_DEST, attrs);
                cairo_tag_end(cr, CAIRO_TAG_DEST);
                free(attrs);
                free(name);
            }
            break;
        }
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
            return cairo_status(cr);
    }
    return cairo_status(cr);
}
