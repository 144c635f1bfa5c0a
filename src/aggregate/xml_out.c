#include "xml_out.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* Bytes that stand for themselves in XML text and attributes: printable
 * ASCII but the markup characters, and the two- and three-byte UTF-8
 * characters XML may carry (not the C1 controls, surrogates, U+FFFE or
 * U+FFFF).  Runs of them are copied whole; the report data is mostly such
 * runs, and stepping through it one code point at a time cost a report
 * about 0.5 % of its instructions. */
static size_t plain_run(const unsigned char *p)
{
    size_t i = 0;
    for (;;) {
        unsigned char c = p[i];
        if (c >= 0x20 && c < 0x7F) {
            if (c == '&' || c == '<' || c == '>' || c == '"')
                return i;
            i++;
        } else if (c >= 0xC2 && c < 0xE0) {
            unsigned char c1 = p[i + 1];
            if ((c1 & 0xC0) != 0x80 || (c == 0xC2 && c1 < 0xA0))
                return i;
            i += 2;
        } else if (c >= 0xE0 && c < 0xF0) {
            unsigned char c1 = p[i + 1];
            if ((c1 & 0xC0) != 0x80 || (p[i + 2] & 0xC0) != 0x80 || (c == 0xE0 && c1 < 0xA0) ||
                (c == 0xED && c1 >= 0xA0) || (c == 0xEF && c1 == 0xBF && p[i + 2] >= 0xBE))
                return i;
            i += 3;
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

/* `s` as a parser reads it back from what escape() writes: itself, unless
 * it holds a character escape() replaces; then a cleaned copy, which
 * `*owned` keeps for the caller to free. */
static const char *as_read(const char *s, char **owned)
{
    *owned = NULL;
    for (const char *p = s;;) {
        p += plain_run((const unsigned char *)p);
        if (!*p)
            return s;
        if (!strchr("&<>\"\n\t\r", *p))
            break;
        p++;
    }
    *owned = iop_utf8_clean(s, true);
    return *owned;
}

static void sink_text(xml_out *xo, const char *s, size_t len)
{
    if (xo->sink && len)
        xo->sink->text(xo->sink->ctx, s, len);
}

static void sink_read_text(xml_out *xo, const char *s)
{
    if (!xo->sink || !*s)
        return;
    char *owned;
    const char *t = as_read(s, &owned);
    xo->sink->text(xo->sink->ctx, t, strlen(t));
    free(owned);
}

static void sink_end(xml_out *xo)
{
    if (xo->sink)
        xo->sink->end(xo->sink->ctx);
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
    size_t from = xo->sb.len;
    iop_strbuf_putc(&xo->sb, '\n');
    for (int i = 0; i < xo->depth; i++)
        iop_strbuf_puts(&xo->sb, "  ");
    sink_text(xo, xo->sb.data + from, xo->sb.len - from);
}

/* The attributes, written and, with a sink, told with the start tag. */
static void put_attrs_start(xml_out *xo, const char *name, va_list ap)
{
    size_t n = 0;
    const char *k;
    while ((k = va_arg(ap, const char *)) != NULL) {
        const char *v = va_arg(ap, const char *);
        if (!v)
            continue;
        put_tag(&xo->sb, " ", k, "=\"");
        escape(&xo->sb, v, true);
        iop_strbuf_putc(&xo->sb, '"');
        if (xo->sink) {
            xo->attrs = iop_grow(xo->attrs, &xo->attrs_cap, 2 * n + 3, sizeof *xo->attrs);
            xo->owned = iop_grow(xo->owned, &xo->owned_cap, n + 1, sizeof *xo->owned);
            xo->attrs[2 * n] = k;
            xo->attrs[2 * n + 1] = as_read(v, &xo->owned[n]);
            n++;
        }
    }
    if (!xo->sink)
        return;
    if (!xo->attrs)
        xo->attrs = iop_grow(xo->attrs, &xo->attrs_cap, 1, sizeof *xo->attrs);
    xo->attrs[2 * n] = NULL;
    xo->sink->start(xo->sink->ctx, name, xo->attrs);
    for (size_t i = 0; i < n; i++)
        free(xo->owned[i]);
}

void xo_open(xml_out *xo, const char *name, ...)
{
    va_list ap;
    xo_newline(xo);
    put_tag(&xo->sb, "<", name, "");
    va_start(ap, name);
    put_attrs_start(xo, name, ap);
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
        sink_end(xo);
        return;
    }
    xo_newline(xo);
    put_tag(&xo->sb, "</", xo->stack[xo->depth], ">");
    sink_end(xo);
}

void xo_leaf(xml_out *xo, const char *name, const char *text, ...)
{
    va_list ap;
    xo_newline(xo);
    put_tag(&xo->sb, "<", name, "");
    va_start(ap, text);
    put_attrs_start(xo, name, ap);
    va_end(ap);
    if (!text) {
        iop_strbuf_puts(&xo->sb, "/>");
        sink_end(xo);
        return;
    }
    iop_strbuf_putc(&xo->sb, '>');
    escape(&xo->sb, text, false);
    sink_read_text(xo, text);
    put_tag(&xo->sb, "</", name, ">");
    sink_end(xo);
}

void xo_opt_leaf(xml_out *xo, const char *name, const char *text)
{
    if (text)
        xo_leaf(xo, name, text, XA_END);
}

void xo_start_tag(xml_out *xo, const char *name, ...)
{
    va_list ap;
    put_tag(&xo->sb, "<", name, "");
    va_start(ap, name);
    put_attrs_start(xo, name, ap);
    va_end(ap);
    iop_strbuf_putc(&xo->sb, '>');
}

void xo_end_tag(xml_out *xo, const char *name)
{
    put_tag(&xo->sb, "</", name, ">");
    sink_end(xo);
}

void xo_text(xml_out *xo, const char *text)
{
    if (text) {
        escape(&xo->sb, text, false);
        sink_read_text(xo, text);
    }
}

void xo_release(xml_out *xo)
{
    free(xo->attrs);
    free(xo->owned);
    xo->attrs = NULL;
    xo->owned = NULL;
    xo->attrs_cap = xo->owned_cap = 0;
}
