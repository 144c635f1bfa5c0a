/* PNG and SVG previews: one file per page, each written atomically. */
#include "render_internal.h"

#include <cairo-svg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

char *iop_render_page_path(const char *path, size_t page, size_t n_pages)
{
    if (n_pages <= 1)
        return iop_xstrdup(path);
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash))
        return iop_xasprintf("%s-%zu", path, page);
    return iop_xasprintf("%.*s-%zu%s", (int)(dot - path), path, page, dot);
}

static bool png_page(const iop_page *pg, const dest_map *dests, const char *path, double dpi,
                     iop_diag *diag)
{
    double k = dpi / 72.0;
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

static bool svg_page(const iop_page *pg, const dest_map *dests, const char *path, iop_diag *diag)
{
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

static bool each_page(const iop_pages *pages, const char *path, double dpi, bool svg,
                      iop_diag *diag)
{
    if (!pages || pages->n_pages == 0) {
        render_error(diag, path, "no pages to write");
        return false;
    }
    dest_map *dests = dest_map_new(pages);
    bool ok = true;
    for (size_t p = 0; p < pages->n_pages && ok; p++) {
        char *file = iop_render_page_path(path, p + 1, pages->n_pages);
        ok = svg ? svg_page(&pages->pages[p], dests, file, diag)
                 : png_page(&pages->pages[p], dests, file, dpi, diag);
        free(file);
    }
    dest_map_free(dests);
    return ok;
}

bool iop_render_png(const iop_pages *pages, const char *path, double dpi, iop_diag *diag)
{
    return each_page(pages, path, dpi > 0 ? dpi : 96, false, diag);
}

bool iop_render_svg(const iop_pages *pages, const char *path, iop_diag *diag)
{
    return each_page(pages, path, 0, true, diag);
}
