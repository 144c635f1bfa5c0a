/* Rich text into the report data as XHTML-like blocks. Written without
 * added whitespace, so that templates copy it as it is. */
#include "rich_out.h"

static bool is_inline(iop_rich_kind k)
{
    return k == IOP_RICH_TEXT || k == IOP_RICH_EM || k == IOP_RICH_STRONG || k == IOP_RICH_Q;
}

static const char *tag(iop_rich_kind k)
{
    switch (k) {
    case IOP_RICH_EM: return "em";
    case IOP_RICH_STRONG: return "strong";
    case IOP_RICH_Q: return "q";
    case IOP_RICH_P: return "p";
    case IOP_RICH_UL: return "ul";
    case IOP_RICH_OL: return "ol";
    case IOP_RICH_LI: return "li";
    case IOP_RICH_TEXT: break;
    }
    return "span";
}

static void put_nodes(xml_out *xo, const iop_rich *n)
{
    for (; n; n = n->next) {
        if (n->kind == IOP_RICH_TEXT) {
            xo_text(xo, n->text);
            continue;
        }
        xo_start_tag(xo, tag(n->kind));
        put_nodes(xo, n->children);
        xo_end_tag(xo, tag(n->kind));
    }
}

void rich_put_blocks(xml_out *xo, const iop_rich *first)
{
    if (first && is_inline(first->kind)) {
        xo_start_tag(xo, "p");
        put_nodes(xo, first);
        xo_end_tag(xo, "p");
        return;
    }
    put_nodes(xo, first);
}

void rich_put(xml_out *xo, const char *name, const iop_rich *first, const char *year,
              const char *current)
{
    xo_newline(xo);
    iop_strbuf_printf(&xo->sb, "<%s", name);
    if (year)
        iop_strbuf_printf(&xo->sb, " year=\"%s\"", year);
    if (current)
        iop_strbuf_printf(&xo->sb, " current=\"%s\"", current);
    iop_strbuf_putc(&xo->sb, '>');
    rich_put_blocks(xo, first);
    xo_end_tag(xo, name);
}
