/* Rich text into the report data as XHTML-like blocks. Written without
 * added whitespace, so that templates copy it as it is. */
#include "rich_out.h"

#include <string.h>

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

static bool blank(const iop_rich *n)
{
    if (n->kind == IOP_RICH_TEXT)
        return !n->text || n->text[strspn(n->text, " \t\n\r")] == '\0';
    if (n->kind != IOP_RICH_P)
        return false;
    for (const iop_rich *c = n->children; c; c = c->next)
        if (!blank(c))
            return false;
    return true;
}

/* Runs of inline nodes become one <p>; empty paragraphs are dropped, so a
 * template never has to guard against them. */
void rich_put_blocks(xml_out *xo, const iop_rich *first)
{
    const iop_rich *n = first;
    while (n) {
        if (!is_inline(n->kind)) {
            if (!blank(n)) {
                xo_start_tag(xo, tag(n->kind));
                put_nodes(xo, n->children);
                xo_end_tag(xo, tag(n->kind));
            }
            n = n->next;
            continue;
        }
        const iop_rich *end = n;
        bool content = false;
        while (end && is_inline(end->kind)) {
            content = content || !blank(end);
            end = end->next;
        }
        if (content) {
            xo_start_tag(xo, "p");
            for (; n != end; n = n->next) {
                if (n->kind == IOP_RICH_TEXT) {
                    xo_text(xo, n->text);
                    continue;
                }
                xo_start_tag(xo, tag(n->kind));
                put_nodes(xo, n->children);
                xo_end_tag(xo, tag(n->kind));
            }
            xo_end_tag(xo, "p");
        }
        n = end;
    }
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
