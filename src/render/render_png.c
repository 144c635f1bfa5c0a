/* PNG previews: one image per page, each written atomically. */
#include "render_internal.h"

#include <math.h>

static bool png_page(const iop_page *pg, const dest_map *dests, const char *path, void *closure,
                     iop_diag *diag)
{
    double k = *(const double *)closure / 72.0;
    int w = (int)ceil(pg->width * k), h = (int)ceil(pg->height * k);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        render_error(diag, path, "cannot create an image: %s",
                     cairo_status_to_string(cairo_surface_status(s)));
        cairo_surface_destroy(s);
        return false;
    }
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_scale(cr, k, k);
    cairo_status_t st = paint_page(cr, pg, dests, NULL, diag, path);
    cairo_destroy(cr);
    if (st != CAIRO_STATUS_SUCCESS) {
        render_error(diag, path, "cannot draw: %s", cairo_status_to_string(st));
        cairo_surface_destroy(s);
        return false;
    }
    atomic_file af;
    if (!atomic_open(&af, path, diag)) {
        cairo_surface_destroy(s);
        return false;
    }
    st = cairo_surface_write_to_png_stream(s, atomic_write, &af);
    cairo_surface_destroy(s);
    if (st != CAIRO_STATUS_SUCCESS && !af.failed) {
        render_error(diag, path, "cannot write PNG: %s", cairo_status_to_string(st));
        atomic_abort(&af);
        return false;
    }
    return atomic_commit(&af, diag);
}

bool render_png(const iop_pages *pages, const char *path, double dpi, iop_diag *diag)
{
    return render_each_page(pages, path, png_page, &dpi, diag);
}
