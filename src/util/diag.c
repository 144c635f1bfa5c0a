/* The diagnostics sink: layers report here and never print, so that the
 * CLI decides what reaches the user and tests can inspect every message. */
#include "iopreport/util.h"

#include <stdlib.h>
#include <string.h>

struct iop_diag {
    iop_diag_entry *entries;
    size_t n, cap;
    size_t counts[3];
    iop_diag_callback cb;
    void *user;
};

iop_diag *iop_diag_new(void)
{
    return iop_xcalloc(1, sizeof(iop_diag));
}

static void entry_free(iop_diag_entry *e)
{
    free(e->file);
    free(e->message);
}

void iop_diag_free(iop_diag *diag)
{
    if (!diag)
        return;
    for (size_t i = 0; i < diag->n; i++)
        entry_free(&diag->entries[i]);
    free(diag->entries);
    free(diag);
}

void iop_diag_set_callback(iop_diag *diag, iop_diag_callback cb, void *user)
{
    diag->cb = cb;
    diag->user = user;
}

static void push(iop_diag *diag, iop_diag_entry e)
{
    diag->entries = iop_grow(diag->entries, &diag->cap, diag->n + 1, sizeof *diag->entries);
    diag->entries[diag->n++] = e;
    if (e.severity <= IOP_ERROR)
        diag->counts[e.severity]++;
    if (diag->cb)
        diag->cb(&diag->entries[diag->n - 1], diag->user);
}

void iop_diag_vreport_code(iop_diag *diag, iop_severity severity, const iop_loc *loc,
                           const char *code, const char *fmt, va_list ap)
{
    iop_diag_entry e = {0};
    e.severity = severity;
    e.code = code;
    if (loc) {
        e.file = iop_xstrdup(loc->file);
        e.line = loc->line > 0 ? loc->line : 0;
        e.col = loc->col > 0 ? loc->col : 0;
    }
    e.message = iop_xvasprintf(fmt, ap);
    /* libxml2 messages end in a newline; the sink stores bare messages */
    size_t len = strlen(e.message);
    while (len && (e.message[len - 1] == '\n' || e.message[len - 1] == ' '))
        e.message[--len] = '\0';
    push(diag, e);
}

void iop_diag_vreport(iop_diag *diag, iop_severity severity, const iop_loc *loc, const char *fmt,
                      va_list ap)
{
    iop_diag_vreport_code(diag, severity, loc, NULL, fmt, ap);
}

void iop_diag_report(iop_diag *diag, iop_severity severity, const iop_loc *loc,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    iop_diag_vreport_code(diag, severity, loc, NULL, fmt, ap);
    va_end(ap);
}

void iop_diag_report_code(iop_diag *diag, iop_severity severity, const iop_loc *loc,
                          const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    iop_diag_vreport_code(diag, severity, loc, code, fmt, ap);
    va_end(ap);
}

size_t iop_diag_count(const iop_diag *diag, iop_severity severity)
{
    return severity <= IOP_ERROR ? diag->counts[severity] : 0;
}

size_t iop_diag_size(const iop_diag *diag)
{
    return diag->n;
}

const iop_diag_entry *iop_diag_get(const iop_diag *diag, size_t i)
{
    return i < diag->n ? &diag->entries[i] : NULL;
}

void iop_diag_merge(iop_diag *to, iop_diag *from)
{
    for (size_t i = 0; i < from->n; i++)
        push(to, from->entries[i]);
    from->n = 0;
    memset(from->counts, 0, sizeof from->counts);
}

char *iop_diag_format(const iop_diag_entry *e)
{
    static const char *const names[] = {"note", "warning", "error"};
    iop_strbuf sb = IOP_STRBUF_INIT;
    if (e->file) {
        /* a file name is bytes: never raw onto a terminal or into a log */
        char *file = iop_utf8_clean(e->file, false);
        iop_strbuf_puts(&sb, file);
        free(file);
        if (e->line > 0) {
            iop_strbuf_printf(&sb, ":%ld", e->line);
            if (e->col > 0)
                iop_strbuf_printf(&sb, ":%d", e->col);
        }
        iop_strbuf_puts(&sb, ": ");
    }
    char *message = iop_utf8_clean(e->message, true);
    iop_strbuf_printf(&sb, "%s: %s", names[e->severity <= IOP_ERROR ? e->severity : 2], message);
    free(message);
    return iop_strbuf_detach(&sb);
}
