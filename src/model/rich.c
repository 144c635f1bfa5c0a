#include "iopreport/model.h"

#include <stdlib.h>

iop_rich *iop_rich_new(iop_rich_kind kind, const char *text)
{
    iop_rich *n = iop_xcalloc(1, sizeof *n);
    n->kind = kind;
    n->text = iop_xstrdup(text);
    return n;
}

void iop_rich_free(iop_rich *node)
{
    /* iterate along `next` so long sibling chains cannot exhaust the stack */
    while (node) {
        iop_rich *next = node->next;
        iop_rich_free(node->children);
        free(node->text);
        free(node);
        node = next;
    }
}

static bool is_block(iop_rich_kind k)
{
    return k == IOP_RICH_P || k == IOP_RICH_UL || k == IOP_RICH_OL || k == IOP_RICH_LI;
}

static void plain(const iop_rich *n, iop_strbuf *sb)
{
    for (; n; n = n->next) {
        if (is_block(n->kind) && sb->len > 0) {
            const char *sep = n->kind == IOP_RICH_LI ? "\n" : "\n\n";
            /* avoid stacking separators when a list follows its own item */
            if (sb->data[sb->len - 1] != '\n')
                iop_strbuf_puts(sb, sep);
        }
        if (n->kind == IOP_RICH_TEXT && n->text)
            iop_strbuf_puts(sb, n->text);
        if (n->kind == IOP_RICH_Q)
            iop_strbuf_puts(sb, "\xe2\x80\x9d"); /* ” */
        plain(n->children, sb);
        if (n->kind == IOP_RICH_Q)
            iop_strbuf_puts(sb, "\xe2\x80\x9d");
    }
}

char *iop_rich_plain_text(const iop_rich *first)
{
    iop_strbuf sb = IOP_STRBUF_INIT;
    plain(first, &sb);
    return iop_strbuf_detach(&sb);
}
