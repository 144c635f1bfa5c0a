#include "iopreport/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(iop_strbuf *sb, size_t extra)
{
    if (extra > SIZE_MAX - sb->len - 1) {
        fprintf(stderr, "iopreport: string too large\n");
        abort();
    }
    sb->data = iop_grow(sb->data, &sb->cap, sb->len + extra + 1, 1);
}

void iop_strbuf_append(iop_strbuf *sb, const char *s, size_t n)
{
    reserve(sb, n);
    if (n)
        memcpy(sb->data + sb->len, s, n);
    sb->len += n;
    sb->data[sb->len] = '\0';
}

void iop_strbuf_puts(iop_strbuf *sb, const char *s)
{
    iop_strbuf_append(sb, s, strlen(s));
}

void iop_strbuf_putc(iop_strbuf *sb, char c)
{
    iop_strbuf_append(sb, &c, 1);
}

void iop_strbuf_printf(iop_strbuf *sb, const char *fmt, ...)
{
    va_list ap, copy;
    va_start(ap, fmt);
    va_copy(copy, ap);
    int n = vsnprintf(NULL, 0, fmt, copy);
    va_end(copy);
    if (n > 0) {
        reserve(sb, (size_t)n);
        vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
        sb->len += (size_t)n;
    }
    va_end(ap);
}

void iop_strbuf_clear(iop_strbuf *sb)
{
    sb->len = 0;
    if (sb->data)
        sb->data[0] = '\0';
}

char *iop_strbuf_detach(iop_strbuf *sb)
{
    char *s = sb->data ? sb->data : iop_xstrdup("");
    sb->data = NULL;
    sb->len = sb->cap = 0;
    return s;
}

void iop_strbuf_free(iop_strbuf *sb)
{
    free(sb->data);
    sb->data = NULL;
    sb->len = sb->cap = 0;
}
