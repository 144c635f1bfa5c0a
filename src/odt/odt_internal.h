/* Private to the ODT layer: the context the writers share.
 *   odt_write.c    iop_odt_write/iop_odt_package: the parts, in order
 *   odt_package.c  the zip package (libzip), mimetype first and stored
 *   odt_xml.c      element and attribute helpers over libxml2 trees
 *   odt_styles.c   named styles from the vocabulary's elements and classes
 *   odt_page.c     page layout, master pages, header, footer, letterhead
 *   odt_blocks.c   headings, paragraphs, lists, quotes, groups
 *   odt_inline.c   text runs, emphasis, links, fields
 *   odt_tables.c   tables and labelled fields (dl)
 *   odt_images.c   images and charts, as pictures in the package
 *   odt_meta.c     meta.xml and the manifest
 *   odt_units.c    lengths, colours, names, PNG sizes */
#ifndef IOP_ODT_INTERNAL_H
#define IOP_ODT_INTERNAL_H

#include "iopreport/odt.h"

#include <libxml/tree.h>

/* The namespaces of one XML part (each part declares its own). */
typedef struct odt_ns {
    xmlNs *office, *style, *text, *table, *draw, *fo, *xlink, *svg, *dc, *meta, *manifest;
} odt_ns;

/* A named style of office:styles. */
typedef struct odt_named {
    char *name; /* the style:name (an NCName) */
    char *element; /* the vocabulary's element ("p", "td", "span"...) */
    char *cls; /* its class list, or NULL for the element's own style */
    char *parent; /* parent style name, or NULL (the default style) */
    bool text_family; /* a text (character) style, else paragraph */
    int outline_level; /* headings: 1..4; else 0 */
    iop_style st; /* resolved look */
    iop_style base; /* the parent's resolved look (written: what differs) */
    bool has_base;
} odt_named;

/* A picture of the package. */
typedef struct odt_picture {
    const void *key; /* the node it was made for */
    char *path; /* "Pictures/1.png" */
    const char *media; /* "image/png", "image/svg+xml" */
    unsigned char *data;
    size_t len;
    double width, height; /* points */
} odt_picture;

typedef struct odt_ctx {
    const iop_document *doc;
    iop_layout *layout;
    iop_diag *diag;
    bool failed;
    iop_style body; /* the body's resolved style: the default style */
    odt_ns ns; /* of the part being written */
    xmlNode *autos; /* office:automatic-styles of the part being written */
    char **auto_keys; /* automatic styles of the part: key → "P3" */
    char **auto_names;
    size_t n_autos, cap_autos;
    int auto_serial;
    odt_named *named;
    size_t n_named, cap_named;
    unsigned list_styles; /* bit per iop_list_style used */
    odt_picture *pics;
    size_t n_pics, cap_pics;
    int n_tables;
    /* while writing a paragraph's inlines */
    bool at_start; /* nothing written yet in this paragraph */
    bool after_space; /* the last character written was a space */
    int q_depth;
    /* the flow */
    const char *container_cls; /* class of the nearest group with one */
    double indent; /* left margin of the groups around */
    bool break_before; /* a page-break precedes the next block */
    bool keep_next; /* inside a keep group, before its last block */
    const char *first_master; /* master page of the first paragraph, or NULL */
    bool first_done;
} odt_ctx;

/* odt_xml.c: helpers that never return NULL (out of memory aborts, as
 * everywhere in the program). */
void odt_oom(void) __attribute__((noreturn));
xmlNode *odt_el(xmlNode *parent, xmlNs *ns, const char *name);
void odt_attr(xmlNode *node, xmlNs *ns, const char *name, const char *value);
void odt_attr_len(xmlNode *node, xmlNs *ns, const char *name, double pt);
void odt_attr_int(xmlNode *node, xmlNs *ns, const char *name, long v);
void odt_add_text(xmlNode *parent, const char *s, size_t n);
/* A solid rule: fo:border-top="0.5pt solid #9aa7b8" and the like. */
void odt_border(xmlNode *props, xmlNs *fo, const char *side, double width, uint32_t color);
/* A new part: the root element with every namespace declared and
 * office:version="1.2". */
xmlDoc *odt_part_new(odt_ctx *ctx, const char *root);
/* The part serialised as UTF-8; false when libxml2 cannot. */
bool odt_part_dump(xmlDoc *doc, unsigned char **out, size_t *len);

/* odt_styles.c */
/* The name of the named paragraph style for a block of element `element`
 * (a node's kind when `node` is given) with class list `cls` (may be
 * NULL), registered with its resolved look `st` on first use. */
const char *odt_para_style(odt_ctx *ctx, iop_node_kind kind, const char *element, const char *cls,
                           const iop_style *st);
/* The same for a text style of an inline (em, strong, span.class). */
const char *odt_text_style(odt_ctx *ctx, const char *element, const char *cls, const iop_style *st,
                           const iop_style *parent);
/* An automatic style of the current part: make one detached with
 * odt_auto_new, fill it, and odt_auto_add it; equal styles are shared,
 * and a style that sets nothing is dropped for `fallback` (when given).
 * Returns the style's name. */
xmlNode *odt_auto_new(odt_ctx *ctx, const char *family, const char *parent);
const char *odt_auto_add(odt_ctx *ctx, xmlNode *style, const char *fallback);
/* The resolved look of a named style (the body's when unknown). */
const iop_style *odt_named_look(odt_ctx *ctx, const char *name);
/* The paragraph (and text) properties of `st` that differ from `base`
 * (all when base is NULL). */
void odt_para_props(odt_ctx *ctx, xmlNode *style, const iop_style *st, const iop_style *base,
                    bool text_only);
/* office:styles of styles.xml: default style, named styles, list styles. */
void odt_styles_write(odt_ctx *ctx, xmlNode *office_styles);
/* The list style's name for `ls`, registered. */
const char *odt_list_style(odt_ctx *ctx, iop_list_style ls);
void odt_named_free(odt_ctx *ctx);

/* odt_page.c: automatic styles (page layouts) and master styles. */
void odt_page_write(odt_ctx *ctx, xmlNode *autos, xmlNode *masters);
/* The master page of the first page when it differs from the others
 * (letterhead), else NULL. */
const char *odt_first_master(const iop_document *doc);

/* odt_blocks.c: the blocks of `parent_node`'s children into `out`. */
void odt_blocks(odt_ctx *ctx, xmlNode *out, const iop_node *node, const iop_style *parent);
/* One block. */
void odt_block(odt_ctx *ctx, xmlNode *out, const iop_node *node, const iop_style *parent);
/* A text:p or text:h for `node` (inline children) with its style. */
xmlNode *odt_paragraph(odt_ctx *ctx, xmlNode *out, const iop_node *node, const iop_style *st,
                       const char *element);

/* odt_inline.c */
void odt_inlines(odt_ctx *ctx, xmlNode *p, const iop_node *node, const iop_style *st);
/* Start a paragraph's inline run (resets the space handling). */
void odt_inline_start(odt_ctx *ctx);
/* Text into `p` with ODF's spaces (text:s where XML would collapse). */
void odt_text(odt_ctx *ctx, xmlNode *p, const char *s);

/* odt_tables.c */
void odt_table(odt_ctx *ctx, xmlNode *out, const iop_node *table, const iop_style *parent);
void odt_dl(odt_ctx *ctx, xmlNode *out, const iop_node *dl, const iop_style *parent);
/* The width the body's text is set in, points. */
double odt_text_width(const odt_ctx *ctx);

/* odt_images.c */
void odt_image(odt_ctx *ctx, xmlNode *p, const iop_node *img);
void odt_chart(odt_ctx *ctx, xmlNode *out, const iop_node *chart, const iop_style *parent);
void odt_pictures_free(odt_ctx *ctx);

/* odt_meta.c */
unsigned char *odt_meta_xml(odt_ctx *ctx, size_t *len);
unsigned char *odt_manifest_xml(odt_ctx *ctx, size_t *len);

/* odt_package.c: the zip; parts in order after the mimetype. */
typedef struct odt_part {
    const char *name;
    const unsigned char *data;
    size_t len;
    bool store; /* uncompressed */
} odt_part;
unsigned char *odt_zip(const odt_part *parts, size_t n, size_t *len, iop_diag *diag);

void odt_error(odt_ctx *ctx, const char *fmt, ...) IOP_PRINTF(2, 3);

#endif
