/* Private to the render layer. */
#ifndef IOP_RENDER_INTERNAL_H
#define IOP_RENDER_INTERNAL_H

#include "iopreport/render.h"

#include <cairo.h>
#include <stdio.h>

/* A file written to a temporary name beside its target, renamed over it
 * only when complete. */
typedef struct atomic_file {
    char *path;
    char *tmp;
    FILE *f;
    bool failed;
    int err;          /* errno of the first failure */
    size_t written;
} atomic_file;

bool atomic_open(atomic_file *af, const char *path, iop_diag *diag) IOP_MUST_CHECK;
/* A cairo write function; `closure` is an atomic_file. */
cairo_status_t atomic_write(void *closure, const unsigned char *data, unsigned int len);
/* Flush, fsync and rename; on failure the temporary file is removed. */
bool atomic_commit(atomic_file *af, iop_diag *diag) IOP_MUST_CHECK;
/* Remove the temporary file (after any failure). Safe to call twice. */
void atomic_abort(atomic_file *af);

/* Where internal destinations are: filled from the DEST boxes. */
typedef struct dest_map dest_map;
dest_map *dest_map_new(const iop_pages *pages);
void dest_map_free(dest_map *m);
/* false when `name` is not a destination */
bool dest_map_find(const dest_map *m, const char *name, int *page, double *x, double *y);

/* Paint one page on `cr`. With `tags`, structure and link tags are
 * emitted (PDF). Returns the cairo status. */
cairo_status_t paint_page(cairo_t *cr, const iop_page *page, const dest_map *dests, bool tags,
                          iop_diag *diag, const char *path);

/* paint_fill.c: a FILL box (chart shades and patterns). */
void paint_fill(cairo_t *cr, const iop_box *b);

void render_error(iop_diag *diag, const char *path, const char *fmt, ...) IOP_PRINTF(3, 4);

#endif
