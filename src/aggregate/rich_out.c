/* Rich text into the report data as XHTML-like blocks. Written without
 * added whitespace, so that templates copy it as it is. */
#include "rich_out.h"

#include "iopreport/aggregate.h"

#include <stdlib.h>
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

/* The first and last text runs inside an inline element. */
static const iop_rich *first_text(const iop_rich *n)
{
    while (n && n->kind != IOP_RICH_TEXT)
        n = n->children;
    return n;
}

static const iop_rich *last_text(const iop_rich *n)
{
    while (n && n->kind != IOP_RICH_TEXT) {
        n = n->children;
        while (n && n->next)
            n = n->next;
    }
    return n;
}

/* Text of `t`, less a space that belongs outside the inline element. */
static void put_text(xml_out *xo, const iop_rich *t, const iop_rich *lead, const iop_rich *trail)
{
    if (!t->text)
        return;
    size_t len = strlen(t->text), from = 0;
    if (t == lead && len && t->text[0] == ' ')
        from = 1;
    if (t == trail && len > from && t->text[len - 1] == ' ')
        len--;
    char *s = iop_xstrndup(t->text + from, len - from);
    char *tied = iop_format_tie(s); /* dates and amounts in running text are not broken */
    xo_text(xo, tied);
    free(tied);
    free(s);
}

/* Nodes from n up to (not including) end. */
static void put_nodes_in(xml_out *xo, const iop_rich *n, const iop_rich *end,
                         const iop_rich *lead, const iop_rich *trail)
{
    for (; n != end; n = n->next) {
        if (n->kind == IOP_RICH_TEXT) {
            put_text(xo, n, lead, trail);
            continue;
        }
        const iop_rich *l = lead, *t = trail;
        bool space_before = false, space_after = false;
        if (is_inline(n->kind)) {
            /* `funnits <q> en …</q>`: the space goes before the quotation */
            const iop_rich *f = first_text(n->children), *e = last_text(n->children);
            space_before = f && f->text && f->text[0] == ' ';
            space_after = e && e->text && e->text[0] && e->text[strlen(e->text) - 1] == ' ' &&
                          !(e == f && strlen(e->text) == 1);
            l = space_before ? f : lead;
            t = space_after ? e : trail;
        }
        if (space_before)
            xo_text(xo, " ");
        xo_start_tag(xo, tag(n->kind), XA_END);
        put_nodes_in(xo, n->children, NULL, l, t);
        xo_end_tag(xo, tag(n->kind));
        if (space_after)
            xo_text(xo, " ");
    }
}

static void put_nodes(xml_out *xo, const iop_rich *n)
{
    put_nodes_in(xo, n, NULL, NULL, NULL);
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
                xo_start_tag(xo, tag(n->kind), XA_END);
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
            xo_start_tag(xo, "p", XA_END);
            put_nodes_in(xo, n, end, NULL, NULL);
            xo_end_tag(xo, "p");
        }
        n = end;
    }
}

void rich_put(xml_out *xo, const char *name, const iop_rich *first, const char *year,
              const char *current)
{
    xo_newline(xo);
    xo_start_tag(xo, name, "year", year, "current", current, XA_END);
    rich_put_blocks(xo, first);
    xo_end_tag(xo, name);
}
