/* libxslt reports through a printf-style callback, often in pieces
 * ("compilation error: file F line N element E" then the message); we
 * gather the text and turn it into file:line diagnostics. */
#include "template_internal.h"

#include <libxslt/xsltutils.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* xsl:message text comes without a place; the instruction running when
 * it is printed is the xsl:message itself, so we place it the way libxslt
 * places its own errors. */
static void place_instruction(xslt_messages *m, const char *s)
{
    xmlNodePtr inst = m->ctxt ? m->ctxt->inst : NULL;
    if (!inst || inst == m->placed || !inst->doc || !inst->doc->URL ||
        strncmp(s, "runtime error", 13) == 0 || strncmp(s, "compilation error", 17) == 0)
        return;
    bool line_start = m->text.len == 0 || m->text.data[m->text.len - 1] == '\n';
    if (!line_start)
        return;
    m->placed = inst;
    iop_strbuf_printf(&m->text, "runtime error: file %s line %ld element %s\n",
                      (const char *)inst->doc->URL, xmlGetLineNo(inst),
                      inst->name ? (const char *)inst->name : "?");
}

static void collect(void *ctx, const char *fmt, ...)
{
    xslt_messages *m = ctx;
    va_list ap;
    va_start(ap, fmt);
    char *s = iop_xvasprintf(fmt, ap);
    va_end(ap);
    place_instruction(m, s);
    iop_strbuf_puts(&m->text, s);
    free(s);
}

void messages_begin(xslt_messages *m)
{
    iop_strbuf_clear(&m->text);
    m->ctxt = NULL;
    m->placed = NULL;
    xsltSetGenericErrorFunc(m, collect);
    xmlSetGenericErrorFunc(m, collect);
}

void messages_attach(xslt_messages *m, xsltTransformContextPtr ctxt)
{
    xsltSetTransformErrorFunc(ctxt, m, collect);
    m->ctxt = ctxt;
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

/* libxslt prints an XPath error before the line that says where it was,
 * so unplaced lines wait for the next placement. */
typedef struct pending {
    char **lines;
    size_t n, cap;
} pending;

static void flush_pending(pending *p, iop_diag *diag, const iop_loc *loc, iop_severity sev,
                          size_t *reported)
{
    for (size_t i = 0; i < p->n; i++) {
        iop_diag_report(diag, sev, loc, "%s", p->lines[i]);
        (*reported)++;
    }
    p->n = 0;
}

static bool is_caret_line(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '^')
            return false;
    return true;
}

size_t messages_end(xslt_messages *m, iop_diag *diag, const char *file, iop_severity sev)
{
    xsltSetGenericErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
    m->ctxt = NULL;
    size_t reported = 0;
    pending p = {0};
    char *text = m->text.len ? iop_strbuf_detach(&m->text) : NULL;
    bool placed_message = false;
    iop_loc here = {file, 0, 0};
    char *here_file = NULL;
    for (char *line = text, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        else
            next = line + strlen(line);
        while (*line == ' ')
            line++;
        if (!*line || is_caret_line(line))
            continue;
        char *wf = NULL;
        long wl = 0;
        if (parse_where(line, &wf, &wl)) {
            free(here_file);
            here_file = wf;
            here = (iop_loc){here_file, wl, 0};
            flush_pending(&p, diag, &here, sev, &reported);
            placed_message = false;
            continue;
        }
        if (here.line > 0 && !placed_message) {
            /* the message that belongs to the placement just read */
            iop_diag_report(diag, sev, &here, "%s", line);
            reported++;
            placed_message = true;
            continue;
        }
        p.lines = iop_grow(p.lines, &p.cap, p.n + 1, sizeof *p.lines);
        p.lines[p.n++] = line;
    }
    iop_loc fallback = {file, 0, 0};
    flush_pending(&p, diag, &fallback, sev, &reported);
    free(p.lines);
    free(here_file);
    free(text);
    iop_strbuf_free(&m->text);
    return reported;
}
