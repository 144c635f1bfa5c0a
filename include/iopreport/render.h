/**
 * iopreport/render.h — painting laid-out pages with cairo: PDF (with
 * metadata, outline, links and structure tags as far as cairo 1.16
 * allows), PNG and SVG previews.
 *
 * Every output is written atomically: to a temporary file in the same
 * directory, flushed and fsynced, then renamed over the target.  On any
 * failure the temporary file is removed, an existing target is left
 * untouched and a diagnostic names the file; there is never a zero-byte
 * or half-written output.
 */
#ifndef IOPREPORT_RENDER_H
#define IOPREPORT_RENDER_H

#include "iopreport/layout.h"

#ifdef __cplusplus
extern "C" {
#endif

/** One property of the caller's own XMP schema: a Text, or a Seq of Text
 *  when `list` is set (then any number of values, none included). */
typedef struct iop_render_xmp_property {
    const char *name;        /**< local name: letters and digits */
    const char *description; /**< for the PDF/A extension schema */
    const char *const *values;
    size_t n_values;
    bool list;
} iop_render_xmp_property;

/** Extra XMP metadata in a namespace of the caller's, which the PDF
 *  declares as a PDF/A extension schema so that it stays PDF/A.  Values
 *  are plain text (escaped when written). Strings borrowed. */
typedef struct iop_render_xmp {
    const char *schema; /**< the schema's name, for the declaration */
    const char *ns_uri;
    const char *prefix;
    const iop_render_xmp_property *props;
    size_t n_props;
} iop_render_xmp;

/** PDF document information. NULL fields are left out. Strings borrowed. */
typedef struct iop_render_meta {
    const char *title;
    const char *author;
    const char *subject;
    const char *keywords;
    /** "iopreport VERSION" when NULL */
    const char *creator;
    /** Seconds since the epoch for the creation date; < 0 means "now", or
     *  SOURCE_DATE_EPOCH when that is set (reproducible builds). */
    long long creation_time;
    /** More XMP metadata (provenance), or NULL. */
    const iop_render_xmp *xmp;
} iop_render_meta;

/** Output formats. */
typedef enum iop_render_format {
    IOP_FORMAT_PDF = 0,
    IOP_FORMAT_PNG,
    IOP_FORMAT_SVG
} iop_render_format;

/** Fill `meta` from a document's metadata (strings borrowed from `doc`);
 *  creation_time = -1. */
void iop_render_meta_from_document(const iop_document *doc, iop_render_meta *meta);

/** What the formats need beyond the pages; each format reads its own. */
typedef struct iop_render_options {
    /** PDF: the document information and XMP, or NULL */
    const iop_render_meta *meta;
    /** PNG: resolution (96 when <= 0) */
    double dpi;
    /** PDF: threads the finishing step may use, this one included (0 or
     *  1: this one only); 2 when one document is made and a core is free,
     *  and then the second also finishes each page's content while cairo
     *  paints the next.  The file is the same either way. */
    int threads;
    /** PDF: called with each page's index, in order, as soon as the writer
     *  will not read that page again (it is painted), or NULL.  A caller
     *  that makes many reports frees each page there
     *  (iop_pages_release_page), so that the pages and the finished PDF
     *  are not in memory at once.  The outline, structure and language of
     *  the pages are read to the end. */
    void (*page_done)(void *user, size_t page);
    void *page_done_user;
} iop_render_options;

/**
 * Write the pages in `format` at `path` (atomically, see above).
 * `options` may be NULL (no metadata, 96 dpi).
 *
 * PDF: one file.  PNG and SVG: one file per page; a one-page document is
 * written to `path`, otherwise page N goes to `path` with "-N" before the
 * extension (out.png → out-1.png, out-2.png...), see
 * iop_render_page_path().  Atomic per file.
 *
 * Returns false and reports to `diag` on failure.
 */
bool iop_render_write(const iop_pages *pages, iop_render_format format, const char *path,
                      const iop_render_options *options, iop_diag *diag) IOP_MUST_CHECK;

/**
 * Write `len` bytes made by another output (an OpenDocument package) at
 * `path`, atomically as above.  Nothing is written when `len` is 0 (an
 * error).  Returns false and reports to `diag` on failure.
 */
bool iop_render_write_bytes(const char *path, const void *data, size_t len,
                            iop_diag *diag) IOP_MUST_CHECK;

/**
 * Remove the temporary file of the output being written now, if any, so
 * that a run stopped by a signal (Ctrl-C, SIGTERM) leaves nothing behind.
 * Async-signal-safe: meant for signal handlers, which then end the process.
 */
void iop_render_remove_partial_output(void);

/** The file name page `page` (1-based) of `n_pages` is written to in
 *  the formats of one file per page (PNG, SVG). Caller frees. */
char *iop_render_page_path(const char *path, size_t page, size_t n_pages);

#ifdef __cplusplus
}
#endif

#endif /* IOPREPORT_RENDER_H */
