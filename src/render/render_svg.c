/* SVG previews: one drawing per page, each written atomically. */
#include "render_internal.h"

#include <cairo-svg.h>

static bool svg_page(const iop_page *pg, const dest_map *dests, const char *path, void *closure,
                     iop_diag *diag)
{
    (void)closure;
    atomic_file af;
    if (!atomic_open(&af, path, diag))
        return false;
    cairo_surface_t *s = cairo_svg_surface_create_for_stream(atomic_write, &af, pg->width,
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
        if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS && !af.failed) {
            render_error(diag, path, "cannot write SVG: %s",
                         cairo_status_to_string(cairo_surface_status(s)));
            ok = false;
        }
    }
    cairo_surface_destroy(s);
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
