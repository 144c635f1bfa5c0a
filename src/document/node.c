/* Nodes of the document tree: names, kinds, allocation. */
#include "document_internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[IOP_NODE_KIND_COUNT] = {
    [IOP_NODE_BODY] = "body",       [IOP_NODE_HEADING] = "h",
    [IOP_NODE_P] = "p",             [IOP_NODE_UL] = "ul",
    [IOP_NODE_OL] = "ol",           [IOP_NODE_LI] = "li",
    [IOP_NODE_TABLE] = "table",     [IOP_NODE_THEAD] = "thead",
    [IOP_NODE_TBODY] = "tbody",     [IOP_NODE_TFOOT] = "tfoot",
    [IOP_NODE_TR] = "tr",           [IOP_NODE_TH] = "th",
    [IOP_NODE_TD] = "td",           [IOP_NODE_IMG] = "img",
    [IOP_NODE_DL] = "dl",           [IOP_NODE_DT] = "dt",
    [IOP_NODE_DD] = "dd",           [IOP_NODE_BLOCKQUOTE] = "blockquote",
    [IOP_NODE_DIV] = "div",         [IOP_NODE_KEEP] = "keep",
    [IOP_NODE_PAGE_BREAK] = "page-break", [IOP_NODE_TOC] = "toc",
    [IOP_NODE_CHART] = "chart",
    [IOP_NODE_TEXT] = "#text",      [IOP_NODE_EM] = "em",
    [IOP_NODE_STRONG] = "strong",   [IOP_NODE_Q] = "q",
    [IOP_NODE_A] = "a",             [IOP_NODE_SPAN] = "span",
    [IOP_NODE_BR] = "br",           [IOP_NODE_FIELD] = "field",
};

const char *iop_node_kind_name(iop_node_kind kind)
{
    if ((int)kind < 0 || kind >= IOP_NODE_KIND_COUNT || !kind_names[kind])
        return "?";
    return kind_names[kind];
}

bool iop_node_kind_is_block(iop_node_kind kind)
{
    return kind < IOP_NODE_TEXT;
}

iop_node *node_new(iop_node_kind kind, long line)
{
    iop_node *n = iop_xcalloc(1, sizeof *n);
    n->kind = kind;
    n->line = line;
    n->colspan = 1;
    n->start = 1;
    n->align = -1;
    return n;
}

void node_append(iop_node *parent, iop_node *child)
{
    parent->children = iop_xreallocarray(parent->children, parent->n_children + 1,
                                         sizeof *parent->children);
    parent->children[parent->n_children++] = child;
}

void node_free(iop_node *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->n_children; i++)
        node_free(n->children[i]);
    free(n->children);
    free(n->text);
    free(n->cls);
    free(n->id);
    free(n->lang);
    free(n->href);
    free(n->src);
    free(n->alt);
    free(n->title);
    free(n->cols);
    chart_free(n->chart);
    free(n);
}

void iop_document_free(iop_document *doc)
{
    if (!doc)
        return;
    free(doc->name);
    free(doc->base_dir);
    free(doc->meta.title);
    free(doc->meta.author);
    free(doc->meta.subject);
    free(doc->meta.keywords);
    free(doc->meta.date);
    free(doc->meta.case_number);
    free(doc->meta.lang);
    iop_running *runs[2] = {&doc->page.header, &doc->page.footer};
    for (int i = 0; i < 2; i++) {
        node_free(runs[i]->left);
        node_free(runs[i]->center);
        node_free(runs[i]->right);
    }
    node_free(doc->page.letterhead_left);
    node_free(doc->page.letterhead_right);
    for (size_t i = 0; i < doc->n_rules; i++) {
        free(doc->rules[i].element);
        free(doc->rules[i].cls);
        free((char *)doc->rules[i].style.font_family);
    }
    free(doc->rules);
    style_index_free(doc->style_index);
    node_free(doc->body);
    free(doc);
}
