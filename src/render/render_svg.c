/* SVG previews: one drawing per page, each written atomically, with ids
 * that do not depend on what the process drew before (svg_ids.c). */
#include "render_internal.h"

#include <cairo-svg.h>

static cairo_status_t to_buffer(void *closure, const unsigned char *data, unsigned int len)
{
    iop_strbuf_append(closure, (const char *)data, len);
    return CAIRO_STATUS_SUCCESS;
}

static bool svg_page(const iop_page *pg, const dest_map *dests, const char *path, void *closure,
                     iop_diag *diag)
{
    (void)closure;
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
        ok = iop_render_write_bytes(path, canonical.data ? canonical.data : "", canonical.len,
                                    diag);
        iop_strbuf_free(&canonical);
    }
    iop_strbuf_free(&drawn);
    return ok;
}

bool render_svg(const iop_pages *pages, const char *path, iop_diag *diag)
{
    return render_each_page(pages, path, svg_page, NULL, diag);
}
