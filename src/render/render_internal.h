/* Private to the render layer. */
#ifndef IOP_RENDER_INTERNAL_H
#define IOP_RENDER_INTERNAL_H

#include "iopreport/render.h"
#include "pdf_finish.h"

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

/* `svg` as cairo wrote it, with the ids it numbers per process
 * ("surface37", "image36") renumbered in the order they appear, into `out`
 * (svg_ids.c). */
void svg_canonical_ids(const char *svg, size_t len, iop_strbuf *out);

/* Where internal destinations are: filled from the DEST boxes. */
typedef struct dest_map dest_map;
dest_map *dest_map_new(const iop_pages *pages);
void dest_map_free(dest_map *m);
/* false when `name` is not a destination */
bool dest_map_find(const dest_map *m, const char *name, int *page, double *x, double *y);

/* The structure tags open while a PDF is painted, and a note of every
 * element begun, in the order begun: cairo's structure tree in document
 * order, which pdf_finish walks to add what cairo cannot write. */
typedef struct tagger {
    const iop_pages *pages;
    bool *has_kids;        /* per element: a container, never a leaf */
    int *open;             /* element ids from the document down */
    const char **types;    /* the tag each was begun with */
    size_t *open_notes;    /* the note of each, for its children's */
    size_t n_open, cap_open, cap_types, cap_open_notes;
    pdf_struct_note *notes;
    size_t n_notes, cap_notes;
    size_t *note_parent;   /* per note: the note of the element it was begun in */
    size_t cap_note_parent;
    size_t *first_note;    /* per element: the note it was first begun as, 0 not yet */
    int *chain;            /* scratch: the chain of the box being painted */
    size_t cap_chain;
} tagger;

void tagger_init(tagger *t, const iop_pages *pages);
void tagger_free(tagger *t);
void tagger_begin_document(cairo_t *cr, tagger *t);
/* Before cairo_show_page: ends the leaf element still open. */
void tagger_end_page(cairo_t *cr, tagger *t);
void tagger_end_document(cairo_t *cr, tagger *t);

/* Paint one page on `cr`. With a tagger, structure and link tags are
 * emitted (PDF). Returns the cairo status. */
cairo_status_t paint_page(cairo_t *cr, const iop_page *page, const dest_map *dests, tagger *t,
                          iop_diag *diag, const char *path);

/* paint_fill.c: a FILL box (chart shades and patterns). */
void paint_fill(cairo_t *cr, const iop_box *b);

/* numbers.c: the process's snprintf prints the numbers of cairo's PDF
 * itself (the formats cairo uses) once this has checked the locale; call
 * before a PDF is drawn. */
void render_numbers_init(void);
/* What that snprintf prints for `format` when it is one of cairo's, or
 * -1 (for the tests, which compare it with glibc's). */
int render_snprintf_known(char *s, size_t maxlen, const char *format, ...);

/* One writer per format (render_pdf.c, render_png.c, render_svg.c),
 * called by iop_render_write() (render.c) with pages to write. */
bool render_pdf(const iop_pages *pages, const char *path, const iop_render_options *options,
                iop_diag *diag) IOP_MUST_CHECK;
bool render_png(const iop_pages *pages, const char *path, double dpi,
                iop_diag *diag) IOP_MUST_CHECK;
bool render_svg(const iop_pages *pages, const char *path, iop_diag *diag) IOP_MUST_CHECK;

/* The formats of one file per page: `page_fn` writes page `pg` to `path`
 * (iop_render_page_path), in turn until one fails. */
typedef bool (*render_page_fn)(const iop_page *pg, const dest_map *dests, const char *path,
                               void *closure, iop_diag *diag);
bool render_each_page(const iop_pages *pages, const char *path, render_page_fn page_fn,
                      void *closure, iop_diag *diag) IOP_MUST_CHECK;

void render_error(iop_diag *diag, const char *path, const char *fmt, ...) IOP_PRINTF(3, 4);

#endif
