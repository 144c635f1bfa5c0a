/* The finishing step of a PDF (pdf_finish.c): what cairo 1.16 cannot
 * write, added to the file it wrote, so that every PDF conforms to
 * PDF/UA-1 and PDF/A-2a (docs/accessibility.md).  Only the render layer
 * calls it. */
#ifndef IOP_PDF_FINISH_H
#define IOP_PDF_FINISH_H

#include <stdbool.h>
#include <stddef.h>

#include "iopreport/render.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What one structure element carries beyond its type, noted when its tag
 * was begun.  The notes are in the order the tags were begun, which is
 * the order of cairo's structure tree read depth first.  Strings are
 * borrowed. */
typedef struct pdf_struct_note {
    const char *type; /* as begun ("Document" first) */
    int scope;        /* an iop_th_scope: TH /Scope */
    int colspan;      /* TH, TD: /ColSpan when more than 1 (a regular table) */
    const char *alt;  /* Figure: /Alt; Link: the annotation's /Contents */
    const char *lang; /* /Lang, or NULL */
    const char *title; /* /T (a Part of a packet: its document's title), or NULL */
    /* The note of the same element begun earlier in the same parent, when
     * this tag continues it after a page break (cairo 1.16 ends every leaf
     * at show_page): the two are made one element.  0: a new element
     * (note 0 is the Document, which nothing continues). */
    size_t continues;
} pdf_struct_note;

/* pdf_ahead.c: page contents finished on a thread of their own while
 * cairo paints the next pages (a report made alone, a core to spare). */
typedef struct pdf_ahead pdf_ahead;

/* deflate.c: zlib states kept for a document's next streams. */
typedef struct pdf_deflates pdf_deflates;

typedef struct pdf_finish_info {
    const pdf_struct_note *notes;
    size_t n_notes;
    const char *lang;           /* the document's language (catalog /Lang) */
    const char *title_fallback; /* the title when the document has none */
    const iop_render_xmp *xmp;  /* the caller's own XMP properties, or NULL */
    int threads;                /* streams deflated on up to this many threads */
    const pdf_ahead *ahead;     /* contents finished ahead (joined), or NULL */
    pdf_deflates *deflates;     /* the states streams are deflated with, or NULL */
} pdf_finish_info;

/* Finish the PDF in `in`: artifacts around every unmarked painting
 * operator, /Alt, /Scope and /Lang on the elements, the catalog's /Lang
 * and DisplayDocTitle, XMP metadata equal to the Info dictionary with the
 * PDF/A-2a and PDF/UA-1 identification, an sRGB output intent, /Tabs and
 * /Contents for links, /CIDToGIDMap, and a trailer /ID made from the
 * content (so output stays byte-identical under SOURCE_DATE_EPOCH).
 * On success *out (malloc'd, the caller frees) holds the new file; on
 * failure false and *err (malloc'd) says why. */
/* Writes the finished file to `write` in pieces; false (and *err, to be
 * freed) when `in` is not as cairo writes it or a write failed. */
typedef bool (*pdf_finish_write_fn)(void *closure, const void *data, size_t len);
bool pdf_finish_write(const unsigned char *in, size_t in_len, const pdf_finish_info *info,
                      pdf_finish_write_fn write, void *closure, char **err);
/* The same, into a buffer of the caller's (*out, to be freed). */
bool pdf_finish(const unsigned char *in, size_t in_len, const pdf_finish_info *info,
                unsigned char **out, size_t *out_len, char **err);

/* artifacts.c: the content stream `s` with every painting operator that
 * stands outside marked content wrapped in /Artifact BMC ... EMC.  The
 * caller frees the result.  *ok is false when the stream ends inside a
 * text object or an inline image (the result is then as far as it got). */
char *pdf_mark_artifacts(const char *s, size_t n, size_t *out_len, bool *ok);
/* deflate.c: `len` bytes deflated as cairo deflates a stream (zlib's
 * default level); NULL when memory or zlib fails, else *zlen bytes the
 * caller frees.  The zlib state is taken from `kept` and given back to
 * it (a fresh one when `kept` is NULL); several threads may deflate with
 * the same `kept` at once. */
unsigned char *pdf_deflate(pdf_deflates *kept, const char *data, size_t len, size_t *zlen);
/* The states one document's streams are deflated with: made with it,
 * freed with it, after every thread that deflates is joined.  NULL when
 * memory fails (each stream then has a state of its own). */
pdf_deflates *pdf_deflates_new(void);
void pdf_deflates_free(pdf_deflates *d);

/* The thread started, reading cairo's buffer through `*buf` (which the
 * caller moves only between pdf_ahead_lock and pdf_ahead_unlock) and
 * deflating with `deflates` (borrowed, or NULL; freed after
 * pdf_ahead_free); NULL when it cannot be started, and then everything
 * is left to pdf_finish. */
pdf_ahead *pdf_ahead_start(unsigned char *const *buf, pdf_deflates *deflates);
void pdf_ahead_lock(pdf_ahead *a);
void pdf_ahead_unlock(pdf_ahead *a);
/* After cairo_show_page: the buffer's first `end` bytes are final. */
void pdf_ahead_page(pdf_ahead *a, size_t end);
/* Waits for the thread to finish what it was given; safe to call twice. */
void pdf_ahead_join(pdf_ahead *a);
/* After the join: the content of object `obj`, its artifacts marked and
 * deflated, when the thread made it from the `len` bytes at offset `at`
 * of cairo's file and they are `bytes`; else NULL.  Owned by `a`. */
const unsigned char *pdf_ahead_find(const pdf_ahead *a, size_t obj, size_t at, size_t len,
                                    const char *bytes, size_t *zlen);
/* Joins the thread first. NULL is fine. */
void pdf_ahead_free(pdf_ahead *a);

/* pdf_lex.c: white space (NUL included) and delimiters of PDF syntax, and
 * the end of the token (operand, operator, "<<", "[", a whole string) that
 * starts at `p` in the `n` bytes of `s`. */
enum { PDF_SPACE = 1, PDF_DELIM = 2 };
extern const unsigned char pdf_char_class[256];

/* Inline, by table: the scanners ask this of every byte of a file. */
static inline bool pdf_is_space(char c)
{
    return (pdf_char_class[(unsigned char)c] & PDF_SPACE) != 0;
}

static inline bool pdf_is_delim(char c)
{
    return (pdf_char_class[(unsigned char)c] & PDF_DELIM) != 0;
}

size_t pdf_token_end(const char *s, size_t n, size_t p);

#ifdef __cplusplus
}
#endif

#endif
