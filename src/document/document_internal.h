/* Private to the document layer. */
#ifndef IOP_DOCUMENT_INTERNAL_H
#define IOP_DOCUMENT_INTERNAL_H

#include "iopreport/document.h"

iop_node *node_new(iop_node_kind kind, long line);
void node_append(iop_node *parent, iop_node *child);
void node_free(iop_node *n);

/* chart.c: a <chart> element (a libxml2 node) as a CHART node; problems
 * go to `diag` with `file` and are counted in *errors. */
struct _xmlNode;
iop_node *chart_parse(const struct _xmlNode *x, const char *file, iop_diag *diag, int *errors);
void chart_free(iop_chart *chart);

/* Parse one style property `name`=`value` into `st` (sets its bit).
 * Returns false with a message in *why (static) when malformed or unknown. */
bool style_parse_property(iop_style *st, const char *name, const char *value,
                          const char **why);

/* Index the document's style rules by element name (once its rules are
 * all read), so that a node's style looks only at the rules that can
 * match it; and free that index. */
void style_index_build(iop_document *doc);
void style_index_free(struct iop_style_index *ix);

/* Parse `#rrggbb` / `#rgb`. */
bool parse_color(const char *s, uint32_t *out);

/* The element name of a node as used in style rules ("h2", "td"...);
 * `buf` must hold 8 bytes. */
const char *node_element_name(const iop_node *n, char buf[8]);

#endif
