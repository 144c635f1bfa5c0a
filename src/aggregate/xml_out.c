#include "xml_out.h"

#include <stdarg.h>
#include <string.h>

/* Characters XML 1.0 cannot carry are replaced (file names come as bytes,
 * perhaps Latin-1: iop_utf8_step); the rest is escaped. */
static void escape(iop_strbuf *sb, const char *s, bool attr)
{
    while (*s) {
        uint32_t cp;
        s = iop_utf8_step(s, &cp, true);
        switch (cp) {
        case '&': iop_strbuf_puts(sb, "&amp;"); break;
        case '<': iop_strbuf_puts(sb, "&lt;"); break;
        case '>': iop_strbuf_puts(sb, "&gt;"); break;
        case '"': iop_strbuf_puts(sb, attr ? "&quot;" : "\""); break;
        case '\n': iop_strbuf_puts(sb, attr ? "&#10;" : "\n"); break;
        case '\t': iop_strbuf_puts(sb, attr ? "&#9;" : "\t"); break;
        case '\r': iop_strbuf_puts(sb, "&#13;"); break;
        default: iop_strbuf_put_codepoint(sb, cp);
        }
    }
}

void xo_newline(xml_out *xo)
{
    iop_strbuf_putc(&xo->sb, '\n');
    for (int i = 0; i < xo->depth; i++)
        iop_strbuf_puts(&xo->sb, "  ");
}

static void put_attrs(xml_out *xo, va_list ap)
{
    const char *k;
    while ((k = va_arg(ap, const char *)) != NULL) {
        const char *v = va_arg(ap, const char *);
        if (!v)
            continue;
        iop_strbuf_printf(&xo->sb, " %s=\"", k);
        escape(&xo->sb, v, true);
        iop_strbuf_putc(&xo->sb, '"');
    }
}

void xo_open(xml_out *xo, const char *name, ...)
{
    va_list ap;
    xo_newline(xo);
    iop_strbuf_printf(&xo->sb, "<%s", name);
    va_start(ap, name);
    put_attrs(xo, ap);
    va_end(ap);
    iop_strbuf_putc(&xo->sb, '>');
    if (xo->depth < (int)(sizeof xo->stack / sizeof xo->stack[0])) {
        xo->stack[xo->depth] = name;
        xo->mark[xo->depth] = xo->sb.len;
    }
    xo->depth++;
}

void xo_close(xml_out *xo)
{
    if (xo->depth == 0)
        return;
    xo->depth--;
    if (xo->sb.len == xo->mark[xo->depth]) {
        /* nothing inside: an empty element, <name/> */
        xo->sb.data[--xo->sb.len] = '\0';
        iop_strbuf_puts(&xo->sb, "/>");
        return;
    }
    xo_newline(xo);
    iop_strbuf_printf(&xo->sb, "</%s>", xo->stack[xo->depth]);
}

void xo_leaf(xml_out *xo, const char *name, const char *text, ...)
{
    va_list ap;
    xo_newline(xo);
    iop_strbuf_printf(&xo->sb, "<%s", name);
    va_start(ap, text);
    put_attrs(xo, ap);
    va_end(ap);
    if (!text) {
        iop_strbuf_puts(&xo->sb, "/>");
        return;
    }
    iop_strbuf_putc(&xo->sb, '>');
    escape(&xo->sb, text, false);
    iop_strbuf_printf(&xo->sb, "</%s>", name);
}

void xo_opt_leaf(xml_out *xo, const char *name, const char *text)
{
    if (text)
        xo_leaf(xo, name, text, XA_END);
}

void xo_start_tag(xml_out *xo, const char *name)
{
    iop_strbuf_printf(&xo->sb, "<%s>", name);
}

void xo_end_tag(xml_out *xo, const char *name)
{
    iop_strbuf_printf(&xo->sb, "</%s>", name);
}

void xo_text(xml_out *xo, const char *text)
{
    if (text)
        escape(&xo->sb, text, false);
}
