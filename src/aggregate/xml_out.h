/* Private: a small writer of indented, escaped XML text. No parser code:
 * the aggregate layer stays free of libxml2. */
#ifndef IOP_AGGREGATE_XML_OUT_H
#define IOP_AGGREGATE_XML_OUT_H

#include "iopreport/util.h"

typedef struct xml_out {
    iop_strbuf sb;
    const char *stack[64]; /* names of open elements (static strings) */
    size_t mark[64];       /* buffer length right after each start tag */
    int depth;
    /* told what is written, when not NULL (iop_report_data_xml_to) */
    const iop_xml_sink *sink;
    const char **attrs; /* the start tag's attributes for the sink */
    size_t attrs_cap;
    char **owned;       /* cleaned values among them */
    size_t owned_cap;
} xml_out;

/* Marks the end of an attribute list: name/value pairs, a NULL value skips its pair. */
#define XA_END ((const char *)NULL)

/* Open an element on its own line: xo_open(xo, "name", "attr", value, ..., XA_END). */
void xo_open(xml_out *xo, const char *name, ...);
/* Close the innermost open element. */
void xo_close(xml_out *xo);
/* A whole element with text content (empty element when text is NULL). */
void xo_leaf(xml_out *xo, const char *name, const char *text, ...);
/* Same, but skipped entirely when text is NULL. */
void xo_opt_leaf(xml_out *xo, const char *name, const char *text);
/* Start a new indented line (for mixed content written with the helpers below). */
void xo_newline(xml_out *xo);
/* Inline pieces: `<name attrs>` (pairs, then XA_END) / `</name>` / escaped
 * text, without line breaks. */
void xo_start_tag(xml_out *xo, const char *name, ...);
void xo_end_tag(xml_out *xo, const char *name);
void xo_text(xml_out *xo, const char *text);
/* Frees what the writer holds besides its text. */
void xo_release(xml_out *xo);

#endif
