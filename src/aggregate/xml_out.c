#include "xml_out.h"

#include <stdarg.h>
#include <string.h>

/* Bytes that stand for themselves in XML text and attributes: printable
 * ASCII but the markup characters, and the two-byte UTF-8 characters
 * above the C1 controls.  Runs of them are copied whole; the report data
 * is mostly such runs, and stepping through it one code point at a time
 * cost a report about 0.5 % of its instructions. */
static size_t plain_run(const unsigned char *p)
{
    size_t i = 0;
    for (;;) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x7F) {
            if (c == '&' || c == '<' || c == '>' || c == '"')
                return i;
            i++;
        } else if (c >= 0xC2 && c < 0xE0 && (p[i + 1] & 0xC0) == 0x80 &&
                   (c > 0xC2 || p[i + 1] >= 0xA0)) {
            i += 2;
        } else {
            return i;
        }
    }
}

/* Characters XML 1.0 cannot carry are replaced (file names come as bytes,
 * perhaps Latin-1: iop_utf8_step); the rest is escaped. */
static void escape(iop_strbuf *sb, const char *s, bool attr)
{
    while (*s) {
        size_t run = plain_run((const unsigned char *)s);
        if (run) {
            iop_strbuf_append(sb, s, run);
            s += run;
            if (!*s)
                break;
        }
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

/* `<name`, `</name>`: names are plain ASCII, no formatting needed. */
static void put_tag(iop_strbuf *sb, const char *before, const char *name, const char *after)
{
    iop_strbuf_puts(sb, before);
    iop_strbuf_puts(sb, name);
    iop_strbuf_puts(sb, after);
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
        put_tag(&xo->sb, " ", k, "=\"");
        escape(&xo->sb, v, true);
        iop_strbuf_putc(&xo->sb, '"');
    }
}

void xo_open(xml_out *xo, const char *name, ...)
{
    va_list ap;
    xo_newline(xo);
    put_tag(&xo->sb, "<", name, "");
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
    put_tag(&xo->sb, "</", xo->stack[xo->depth], ">");
}

void xo_leaf(xml_out *xo, const char *name, const char *text, ...)
{
    va_list ap;
    xo_newline(xo);
    put_tag(&xo->sb, "<", name, "");
    va_start(ap, text);
    put_attrs(xo, ap);
    va_end(ap);
    if (!text) {
        iop_strbuf_puts(&xo->sb, "/>");
        return;
    }
    iop_strbuf_putc(&xo->sb, '>');
    escape(&xo->sb, text, false);
    put_tag(&xo->sb, "</", name, ">");
}

void xo_opt_leaf(xml_out *xo, const char *name, const char *text)
{
    if (text)
        xo_leaf(xo, name, text, XA_END);
}

void xo_start_tag(xml_out *xo, const char *name)
{
    put_tag(&xo->sb, "<", name, ">");
}

void xo_end_tag(xml_out *xo, const char *name)
{
    put_tag(&xo->sb, "</", name, ">");
}

void xo_text(xml_out *xo, const char *text)
{
    if (text)
        escape(&xo->sb, text, false);
}
