/**
 * iopreport/odt.h — a document as an editable OpenDocument text file
 * (ODF 1.2, ISO/IEC 26300; opens in LibreOffice and Word), made from the
 * document tree (not from laid-out pages): headings with outline levels,
 * paragraphs, lists, tables with repeating header rows, the letterhead in
 * the first page's header, page numbers as fields, images and charts
 * (charts drawn as SVG by the render layer).  Paragraph and text styles
 * are named after the vocabulary's elements and classes ("p", "h2",
 * "td", "decision", "meta"...), so a municipality restyles the memo by
 * changing a style.  docs/odt.md describes what the file holds.
 */
#ifndef IOPREPORT_ODT_H
#define IOPREPORT_ODT_H

#include "iopreport/layout.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Write `doc` as an OpenDocument text file at `path`, atomically as the
 * render layer writes (never a half-written file; an existing file
 * survives a failure).  `layout` (borrowed) draws the charts, as SVG with
 * a PNG fallback; when NULL, or when a chart cannot be drawn (a warning),
 * the chart is written as its title and its alt text.  Images are read
 * from the document's folder; one that cannot be read is left out with a
 * warning, as in the PDF.  Returns false and reports to `diag` on failure.
 */
bool iop_odt_write(const iop_document *doc, const char *path, iop_layout *layout,
                   iop_diag *diag) IOP_MUST_CHECK;

/**
 * The document as the bytes of an OpenDocument package (for tests and
 * callers that store it elsewhere).  NULL on failure (reported to
 * `diag`); the caller frees the result with free().
 */
unsigned char *iop_odt_package(const iop_document *doc, iop_layout *layout, size_t *len,
                               iop_diag *diag) IOP_MUST_CHECK;

/**
 * The width and height in pixels of a PNG image from its first bytes
 * (the IHDR chunk).  False when `data` is not a PNG.
 */
bool iop_odt_png_size(const unsigned char *data, size_t len, unsigned *width,
                      unsigned *height) IOP_MUST_CHECK;

/**
 * `pt` points as an ODF length ("12.5pt"), at most three decimals, no
 * trailing zeros, in the C locale whatever the process's locale.
 * Writes at most `size` bytes to `buf` (32 is always enough).
 */
void iop_odt_length(double pt, char *buf, size_t size);

/**
 * A colour 0xRRGGBB as ODF writes it ("#1d3557") into `buf` (8 bytes).
 */
void iop_odt_color(uint32_t rgb, char buf[8]);

/**
 * A class or element name as an ODF style name (an NCName): letters,
 * digits, '-', '_' and '.' are kept, anything else becomes '_'; a name
 * that does not start with a letter or '_' gets '_' in front.  Caller
 * frees.
 */
char *iop_odt_style_name(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* IOPREPORT_ODT_H */
