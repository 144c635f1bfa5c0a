/* SVG previews: one drawing per page, each written atomically, with ids
 * that do not depend on what the process drew before (svg_ids.c). */
#include "render_internal.h"

#include <cairo-svg.h>

static cairo_status_t to_buffer(void *closure, const unsigned char *data, unsigned int len)
{
    iop_strbuf_append(closure, (const char *)data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* The whole of `data` through the atomic file's cairo write function,
 * whose length is an unsigned int. */
static bool write_all(atomic_file *af, const char *data, size_t len)
{
    while (len > 0) {
        unsigned int n = len > (1u << 30) ? 1u << 30 : (unsigned int)len;
        if (atomic_write(af, (const unsigned char *)data, n) != CAIRO_STATUS_SUCCESS)
            return false;
        data += n;
        len -= n;
    }
    return true;
}

static bool svg_page(const iop_page *pg, const dest_map *dests, const char *path, void *closure,
                     iop_diag *diag)
{
    (void)closure;
    atomic_file af;
    if (!atomic_open(&af, path, diag))
        return false;
    iop_strbuf drawn = IOP_STRBUF_INIT;
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(to_buffer, &drawn, pg->width,
                                                             pg->height);
    bool ok = cairo_surface_status(s) == CAIRO_STATUS_SUCCESS;
    if (ok) {
        cairo_svg_surface_set_document_unit(s, CAIRO_SVG_UNIT_PT);
        cairo_t *cr = cairo_create(s);
        cairo_status_t st = paint_page(cr, pg, dests, NULL, diag, path);
        cairo_destroy(cr);
        if (st != CAIRO_STATUS_SUCCESS) {
            render_error(diag, path, "cannot draw: %s", cairo_status_to_string(st));
            ok = false;
        }
    } else {
        render_error(diag, path, "cannot create an SVG: %s",
                     cairo_status_to_string(cairo_surface_status(s)));
    }
    if (ok) {
        cairo_surface_finish(s);
        if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
            render_error(diag, path, "cannot write SVG: %s",
                         cairo_status_to_string(cairo_surface_status(s)));
            ok = false;
        }
    }
    cairo_surface_destroy(s);
    if (ok) {
        iop_strbuf canonical = IOP_STRBUF_INIT;
        svg_canonical_ids(drawn.data ? drawn.data : "", drawn.len, &canonical);
        /* a write that fails is said by atomic_commit, with its errno */
        (void)write_all(&af, canonical.data ? canonical.data : "", canonical.len);
        iop_strbuf_free(&canonical);
    }
    iop_strbuf_free(&drawn);
    if (!ok) {
        atomic_abort(&af);
        return false;
    }
    return atomic_commit(&af, diag);
}

bool render_svg(const iop_pages *pages, const char *path, iop_diag *diag)
{
    return render_each_page(pages, path, svg_page, NULL, diag);
}
