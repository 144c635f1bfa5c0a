/* libxslt reports through a printf-style callback, often in pieces
 * ("compilation error: file F line N element E" then the message); we
 * gather the text and turn it into file:line diagnostics. */
#include "template_internal.h"

#include <libxslt/xsltutils.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void collect(void *ctx, const char *fmt, ...)
{
    xslt_messages *m = ctx;
    va_list ap;
    va_start(ap, fmt);
    char *s = iop_xvasprintf(fmt, ap);
    va_end(ap);
    iop_strbuf_puts(&m->text, s);
    free(s);
}

void messages_begin(xslt_messages *m)
{
    iop_strbuf_clear(&m->text);
    xsltSetGenericErrorFunc(m, collect);
    xmlSetGenericErrorFunc(m, collect);
}

void messages_attach(xslt_messages *m, xsltTransformContextPtr ctxt)
{
    xsltSetTransformErrorFunc(ctxt, m, collect);
}

/* "runtime error: file /x/y.xsl line 12 element value-of" */
static bool parse_where(const char *line, char **file, long *lineno)
{
    const char *f = strstr(line, "error: file ");
    if (!f)
        f = strstr(line, "warning: file ");
    if (!f)
        return false;
    f = strstr(f, "file ") + 5;
    const char *l = strstr(f, " line ");
    if (!l)
        return false;
    *file = iop_xstrndup(f, (size_t)(l - f));
    *lineno = strtol(l + 6, NULL, 10);
    return true;
}

size_t messages_end(xslt_messages *m, iop_diag *diag, const char *file, iop_severity sev)
{
    xsltSetGenericErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    size_t reported = 0;
    char *where_file = NULL;
    long where_line = 0;
    char *text = m->text.len ? iop_strbuf_detach(&m->text) : NULL;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        else
            next = line + strlen(line);
        while (*line == ' ')
            line++;
        if (!*line)
            continue;
        char *wf = NULL;
        long wl = 0;
        if (parse_where(line, &wf, &wl)) {
            free(where_file);
            where_file = wf;
            where_line = wl;
            continue;
        }
        iop_loc loc = {where_file ? where_file : file, where_file ? where_line : 0, 0};
        iop_diag_report(diag, sev, &loc, "%s", line);
        reported++;
    }
    free(where_file);
    free(text);
    iop_strbuf_free(&m->text);
    return reported;
}
