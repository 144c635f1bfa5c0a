/* The render layer's one way in: pages written in the format asked for,
 * each format in its own file (render_pdf.c, render_png.c,
 * render_svg.c), so that a caller never chooses the writer itself. */
#include "render_internal.h"

#include <stdlib.h>
#include <string.h>

bool iop_render_write(const iop_pages *pages, iop_render_format format, const char *path,
                      const iop_render_options *options, iop_diag *diag)
{
    if (!pages || pages->n_pages == 0) {
        render_error(diag, path, "no pages to write");
        return false;
    }
    double dpi = options && options->dpi > 0 ? options->dpi : 96;
    switch (format) {
    case IOP_FORMAT_PDF:
        return render_pdf(pages, path, options, diag);
    case IOP_FORMAT_PNG:
        return render_png(pages, path, dpi, diag);
    case IOP_FORMAT_SVG:
        return render_svg(pages, path, diag);
    }
    render_error(diag, path, "internal error: unknown output format %d", (int)format);
    return false;
}

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

bool render_each_page(const iop_pages *pages, const char *path, render_page_fn page_fn,
                      void *closure, iop_diag *diag)
{
    dest_map *dests = dest_map_new(pages);
    bool ok = true;
    for (size_t p = 0; p < pages->n_pages && ok; p++) {
        char *file = iop_render_page_path(path, p + 1, pages->n_pages);
        ok = page_fn(&pages->pages[p], dests, file, closure, diag);
        free(file);
    }
    dest_map_free(dests);
    return ok;
}
