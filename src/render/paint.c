/* Painting boxes with cairo, shared by every output format.  For PDF the
 * text is wrapped in structure tags (one element per paragraph, heading,
 * list item or cell on each page) and links are emitted inside them:
 * cairo 1.16 writes a broken cross-reference table for a link tag outside
 * any structure tag.  Internal links go to named destinations: cairo
 * 1.16 writes a link to a later page by number without any target (so a
 * table of contents would not work), while named ones are resolved at the
 * end.  Names come from the document's ids, so they are re-encoded to
 * plain ASCII before they go into an attribute; URIs are percent-encoded. */
#include "render_internal.h"

#include <stdlib.h>
#include <string.h>

struct dest_map {
    struct dest { const char *name; int page; double x, y; const iop_box *box; } *d;
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
            m->d[m->n++] = (struct dest){b->dest, (int)p + 1, b->x, b->y, b};
        }
    return m;
}

void dest_map_free(dest_map *m)
{
    if (!m)
        return;
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

/* Is `b` the first destination of its name (the one links go to)? */
static bool dest_is_first(const dest_map *m, const iop_box *b)
{
    for (size_t i = 0; m && i < m->n; i++)
        if (strcmp(m->d[i].name, b->dest) == 0)
            return m->d[i].box == b;
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

static void paint_link(cairo_t *cr, const iop_box *b, const dest_map *dests, iop_diag *diag,
                       const char *path)
{
    char *attrs = NULL;
    if (b->uri) {
        char *u = escape_uri(b->uri);
        attrs = iop_xasprintf("rect=[%.2f %.2f %.2f %.2f] uri='%s'", b->x, b->y, b->w, b->h, u);
        free(u);
    } else if (b->dest) {
        int page;
        double x, y;
        if (!dest_map_find(dests, b->dest, &page, &x, &y)) {
            iop_loc loc = {path, 0, 0};
            iop_diag_report(diag, IOP_WARNING, &loc, "link to '#%s': no element has that id",
                            b->dest);
            return;
        }
        char *name = dest_attr_name(b->dest);
        attrs = iop_xasprintf("rect=[%.2f %.2f %.2f %.2f] dest='%s'", b->x, b->y, b->w, b->h,
                              name);
        free(name);
    } else {
        return;
    }
    cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
    cairo_tag_end(cr, CAIRO_TAG_LINK);
    free(attrs);
}

cairo_status_t paint_page(cairo_t *cr, const iop_page *page, const dest_map *dests, bool tags,
                          iop_diag *diag, const char *path)
{
    const char *open_tag = NULL;
    int open_id = 0;
    /* links come after the text so that they sit inside its element */
    for (size_t i = 0; i < page->n_boxes; i++) {
        const iop_box *b = &page->boxes[i];
        if (tags && b->kind != IOP_BOX_LINK && b->kind != IOP_BOX_DEST &&
            (b->struct_id != open_id || !b->tag || !open_tag || strcmp(b->tag, open_tag) != 0)) {
            if (open_tag)
                cairo_tag_end(cr, open_tag);
            open_tag = NULL;
            open_id = 0;
            if (b->tag && b->struct_id) {
                open_tag = b->tag;
                open_id = b->struct_id;
                cairo_tag_begin(cr, open_tag, NULL);
            }
        }
        switch (b->kind) {
        case IOP_BOX_TEXT:
            if (!iop_text_line_draw(b, cr))
                return cairo_status(cr);
            break;
        case IOP_BOX_RULE:
            set_rgb(cr, b->color);
            cairo_set_line_width(cr, b->line_width);
            cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
            cairo_move_to(cr, b->x, b->y);
            cairo_line_to(cr, b->x + b->w, b->y + b->h);
            cairo_stroke(cr);
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
            if (tags) {
                /* a link needs a structure element around it */
                bool own = !open_tag;
                if (own)
                    cairo_tag_begin(cr, "P", NULL);
                paint_link(cr, b, dests, diag, path);
                if (own)
                    cairo_tag_end(cr, "P");
            }
            break;
        case IOP_BOX_DEST:
            if (tags && dest_is_first(dests, b)) {
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
    if (open_tag)
        cairo_tag_end(cr, open_tag);
    return cairo_status(cr);
}
