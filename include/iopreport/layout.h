/**
 * iopreport/layout.h — typesetting: a document in, pages of positioned
 * boxes out, before anything is drawn.  Pango shapes and breaks lines
 * (with Swedish hyphenation from libhyphen inserted as soft hyphens);
 * this layer paginates (headings kept with what follows, widows and
 * orphans, keep-together groups, tables with repeated header rows) and
 * places running headers and footers.  The render layer only paints.
 *
 * Coordinates are points from the top-left corner of the page; y grows
 * downwards.  A text box is one line of text positioned at its baseline.
 */
#ifndef IOPREPORT_LAYOUT_H
#define IOPREPORT_LAYOUT_H

#include "iopreport/document.h"

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The typesetter: owns the pango font map and context and the
 *  hyphenation dictionaries.  Create once, lay out many documents. */
typedef struct iop_layout iop_layout;

/** What a box is. */
typedef enum iop_box_kind {
    IOP_BOX_TEXT,  /**< one line of text: `line` is drawn at (x, baseline y) */
    IOP_BOX_RULE,  /**< a straight line from (x, y) to (x + w, y + h), `line_width` wide */
    IOP_BOX_RECT,  /**< a filled rectangle (x, y, w, h) in `color` (shading) */
    IOP_BOX_IMAGE, /**< an image scaled into (x, y, w, h) */
    IOP_BOX_LINK,  /**< a clickable area (x, y, w, h): `uri`, or `dest` inside the document */
    IOP_BOX_DEST,  /**< a named destination at (x, y): `dest` */
    IOP_BOX_FILL,  /**< a rectangle (x, y, w, h) filled with `color`, drawn over with
                        `pattern` in `ink`, and outlined in `ink` when line_width > 0
                        (charts: shades that stay apart in black and white) */
    IOP_BOX_MARK   /**< nothing drawn: a structure element without content (an empty
                        table cell), so that cells keep their columns for a screen reader */
} iop_box_kind;

/** How a table header cell relates to the others (the PDF /Scope). */
typedef enum iop_th_scope {
    IOP_SCOPE_NONE = 0, /**< not a header cell */
    IOP_SCOPE_COLUMN,   /**< a cell of a header row: heads its column */
    IOP_SCOPE_ROW       /**< a header cell in a body row: heads its row */
} iop_th_scope;

/**
 * One element of the document's logical structure (tagged PDF): what a
 * screen reader announces.  Element 0 is the document itself; every other
 * element names its parent, so a box's chain of parents is found from its
 * own element (Table › TBody › TR › TD; L › LI › LBody; TOC › TOCI › Link).
 * Only leaf elements hold content: a box of an element that has children
 * is never made.
 */
typedef struct iop_struct_elem {
    const char *type;   /**< a standard PDF structure type ("P", "TD"...), static */
    int parent;         /**< index of the parent element (0 for the document's children) */
    iop_th_scope scope; /**< TH */
    int colspan;        /**< TH, TD: the columns it spans, when more than one */
    char *alt;          /**< Figure: the text alternative; Link: what it leads to */
    char *lang;         /**< BCP 47, when it differs from the document's; or NULL */
    char *title;        /**< Part: the title of the document it holds (the PDF /T); or NULL */
} iop_struct_elem;

/** What is drawn over a FILL box's colour, in its `ink`. */
typedef enum iop_fill_pattern {
    IOP_FILL_SOLID = 0,  /**< nothing: the colour alone */
    IOP_FILL_HATCH,      /**< thin diagonal lines (rising to the right) */
    IOP_FILL_CROSSHATCH, /**< diagonal lines both ways */
    IOP_FILL_DOTS        /**< a grid of small dots */
} iop_fill_pattern;

/** Opaque: a laid-out line of text (a pango layout line, kept alive). */
typedef struct iop_text_line iop_text_line;
/** Opaque: a decoded image (a cairo surface: PNG, or SVG recorded as vectors). */
typedef struct iop_image iop_image;

/** A positioned box. Strings and `line`/`image` are owned by the pages. */
typedef struct iop_box {
    iop_box_kind kind;
    double x, y, w, h;  /**< TEXT: x of the line's left edge, y of its baseline,
                             w its logical width, h its height */
    uint32_t color;     /**< TEXT default colour, RULE and RECT colour (0xRRGGBB) */
    double line_width;  /**< RULE; FILL: its outline (0 = none) */
    iop_fill_pattern pattern; /**< FILL */
    uint32_t ink;       /**< FILL: colour of the pattern and the outline */
    const char *tag;    /**< the type of the box's structure element ("H1", "P", "TD"...),
                             or NULL: decoration, running headers and footers, a repeated
                             table header (artifacts in a tagged PDF) */
    int struct_id;      /**< index of the box's (leaf) element in iop_pages.elems, 0 = none */
    int seg_start, seg_end; /**< TEXT: when seg_end > 0, only the glyphs of these bytes of
                             the line's paragraph are drawn (a link inside a line) */
    char *text;         /**< TEXT: the line's characters (for dumps and tests) */
    char *uri;          /**< LINK: external URI */
    char *dest;         /**< LINK: internal destination name; DEST: its name.  A LINK box
                             comes right before the TEXT boxes of its Link element */
    iop_text_line *line;/**< TEXT */
    iop_image *image;   /**< IMAGE */
} iop_box;

/** One page. */
typedef struct iop_page {
    double width, height;
    iop_box *boxes;
    size_t n_boxes;
} iop_page;

/** An outline (bookmark) entry, from a heading. */
typedef struct iop_outline_entry {
    int level;    /**< 1.. */
    char *title;  /**< plain text of the heading */
    char *dest;   /**< destination name (a DEST box on `page`) */
    int page;     /**< 1-based */
    double y;     /**< top of the heading on its page */
} iop_outline_entry;

/** The laid-out document. Free with iop_pages_free(). */
typedef struct iop_pages {
    iop_page *pages;
    size_t n_pages;
    iop_outline_entry *outline;
    size_t n_outline;
    iop_struct_elem *elems; /**< the logical structure; elems[0] is the document */
    size_t n_elems;
    char *lang;             /**< the document's language (BCP 47), or NULL */
} iop_pages;

/**
 * Create a typesetter: one pango font map, context and hyphenation cache,
 * reused for every document laid out with it (that is what makes batches
 * fast).  Returns NULL and reports to `diag` when pango or fontconfig
 * cannot be set up.  Free with iop_layout_free().
 */
iop_layout *iop_layout_new(iop_diag *diag) IOP_MUST_CHECK;

/**
 * Before fork(): pango and GLib start helper threads (fontconfig's start-up,
 * GTask's pool) that linger for a while after their work; a child forked
 * while one of them holds a lock (the allocator's, fontconfig's) would wait
 * for it forever.  This asks GLib to end its idle threads and waits, at
 * most `max_ms` milliseconds, until the process has no thread but the
 * calling one.  Returns false when threads remain: do not fork then.
 */
bool iop_layout_quiesce_threads(int max_ms) IOP_MUST_CHECK;

/**
 * Let the typesetter lay out a document on up to `threads` threads (1, the
 * default, or 2): a second thread shapes the end of the document while this
 * one shapes its beginning.  The pages are the same either way.  For a
 * process that makes one document while a core is free; not in batch
 * workers, which keep every core busy already.  Every thread it starts has
 * ended when iop_layout_document returns, so fork() stays safe between
 * documents.
 */
void iop_layout_set_threads(iop_layout *layout, int threads);

/** Free a typesetter. Pages laid out with it stay valid. Accepts NULL. */
void iop_layout_free(iop_layout *layout);

/** Free what every typesetter of the process shares (the font matches kept
 *  across sizes), once none is left: at exit, so that a leak checker sees
 *  nothing left behind. */
void iop_layout_cleanup(void);

/**
 * Typeset a document.  Problems that still allow a result (a missing font
 * replaced by the default, an image that cannot be read, a table header
 * row or a single line taller than a page) are warnings; NULL only on
 * fatal errors.  The caller frees
 * the result with iop_pages_free().
 */
iop_pages *iop_layout_document(iop_layout *layout, const iop_document *doc,
                               iop_diag *diag) IOP_MUST_CHECK;

/** How a document's pages are numbered when it is one part of a longer
 *  sequence (a meeting packet): its first page is page `first`, and the
 *  page-count field shows `total`.  The page fields, the letterhead and a
 *  table of contents then show these numbers.  0 in either: the
 *  document's own (1, its own count). */
typedef struct iop_page_numbering {
    int first;
    int total;
} iop_page_numbering;

/**
 * Typeset a document as iop_layout_document() does, its page fields
 * numbered by `num` (NULL: as iop_layout_document).
 */
iop_pages *iop_layout_document_numbered(iop_layout *layout, const iop_document *doc,
                                        const iop_page_numbering *num,
                                        iop_diag *diag) IOP_MUST_CHECK;

/** One document of a sequence that iop_pages_concat() joins. */
typedef struct iop_pages_part {
    iop_pages *pages;   /**< taken: moved into the result and freed */
    const char *name;   /**< the part's name: other parts link to it as "#part:NAME" */
    const char *title;  /**< its title: the outline entry and the Part element's /T */
} iop_pages_part;

/**
 * Join laid-out documents into one sequence of pages (a meeting packet):
 * their pages in order; one structure tree, each document under a Part
 * element of its own (titled, with its language when that differs from
 * the first's); one outline, a top-level entry per document with its own
 * entries one level below; and the destinations of each part renamed
 * "pN.NAME" (N its 1-based index) so that two parts' "bakgrund" stay
 * apart, links inside the part following them.  A destination "part:NAME"
 * marks the top of each part's first page; a link to "#part:NAME" in any
 * part leads there (a name that no part has is left as it is, and the
 * render layer warns of it).  The language of the result is the first
 * part's.  Every part's pages are taken, whatever happens; the result is
 * NULL only when `n` is 0.  Free it with iop_pages_free().
 */
iop_pages *iop_pages_concat(iop_pages_part *parts, size_t n) IOP_MUST_CHECK;

/** Free laid-out pages. Accepts NULL. */
void iop_pages_free(iop_pages *pages);

/**
 * Free what page `i` holds (its boxes, their lines and images) once
 * nothing will read it again, as a renderer says through
 * iop_render_options.page_done; the page keeps its size, and the
 * outline and structure stay.  A batch frees each page as it is painted
 * rather than all of them after the PDF is finished, so that a report's
 * pages and its PDF are not in memory at once.
 */
void iop_pages_release_page(iop_pages *pages, size_t i);

/**
 * Write a plain-text dump of the pages, one box a line, coordinates
 * rounded to 0.1 pt:
 *     page 1 595.3x841.9
 *       text 70.9 96.2 w=212.4 tag=H1 "Årsrapport 2019"
 *       rule 70.9 100.0 453.5x0.0 lw=0.5
 * This is the test oracle of the layout: stable across runs with pinned
 * fonts.
 */
void iop_pages_dump(const iop_pages *pages, FILE *out);

/* For the render layer: draw one text line or image on a cairo context.
 * `cr` is a cairo_t * (void here to keep cairo out of this header).
 * Return false when cairo reports an error. */

/** Draw a TEXT box's line at its position. */
bool iop_text_line_draw(const iop_box *box, void *cr) IOP_MUST_CHECK;
/** Draw an IMAGE box scaled into its rectangle. */
bool iop_image_draw(const iop_box *box, void *cr) IOP_MUST_CHECK;

#ifdef __cplusplus
}
#endif

#endif /* IOPREPORT_LAYOUT_H */
