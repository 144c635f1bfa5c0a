/* One file's problems, gathered before they reach the caller: libxml2's
 * RELAX NG messages are vague and repetitive, so they are dropped where a
 * precise check already explains the same element, and everything is put
 * in line order. */
#include "load_internal.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const char *default_code(problem_origin origin)
{
    switch (origin) {
    case ORIGIN_PARSER:
        return "IOP-XML";
    case ORIGIN_SCHEMA:
    case ORIGIN_ECHO:
        return "IOP-SCHEMA";
    case ORIGIN_CHECK:
        break;
    }
    return NULL;
}

static void vreport(file_ctx *fc, problem_origin origin, const char *code, iop_severity sev,
                    const xmlNode *node, long line, int col, const char *fmt, va_list ap)
{
    fc->problems = iop_grow(fc->problems, &fc->cap_problems, fc->n_problems + 1,
                            sizeof *fc->problems);
    problem *p = &fc->problems[fc->n_problems++];
    p->origin = origin;
    p->code = code ? code : default_code(origin);
    p->severity = sev;
    p->node = node;
    p->line = line;
    p->col = col;
    p->message = iop_xvasprintf(fmt, ap);
    size_t n = strlen(p->message);
    while (n && (p->message[n - 1] == '\n' || p->message[n - 1] == ' '))
        p->message[--n] = '\0';
}

void fctx_report(file_ctx *fc, problem_origin origin, iop_severity sev, const xmlNode *node,
                 long line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fc, origin, NULL, sev, node, line, col, fmt, ap);
    va_end(ap);
}

void fctx_report_code(file_ctx *fc, problem_origin origin, const char *code, iop_severity sev,
                      const xmlNode *node, long line, int col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fc, origin, code, sev, node, line, col, fmt, ap);
    va_end(ap);
}

void fctx_error(file_ctx *fc, const xmlNode *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fc, ORIGIN_CHECK, NULL, IOP_ERROR, node, node ? node_line(node) : 0, 0, fmt, ap);
    va_end(ap);
}

void fctx_error_code(file_ctx *fc, const xmlNode *node, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fc, ORIGIN_CHECK, code, IOP_ERROR, node, node ? node_line(node) : 0, 0, fmt, ap);
    va_end(ap);
}

void fctx_warning(file_ctx *fc, const xmlNode *node, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fc, ORIGIN_CHECK, NULL, IOP_WARNING, node, node ? node_line(node) : 0, 0, fmt, ap);
    va_end(ap);
}

void fctx_warning_code(file_ctx *fc, const xmlNode *node, const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(fc, ORIGIN_CHECK, code, IOP_WARNING, node, node ? node_line(node) : 0, 0, fmt, ap);
    va_end(ap);
}

static bool is_within(const xmlNode *n, const xmlNode *ancestor)
{
    for (; n; n = n->parent)
        if (n == ancestor)
            return true;
    return false;
}

bool fctx_has_error_within(const file_ctx *fc, const xmlNode *node)
{
    for (size_t i = 0; i < fc->n_problems; i++) {
        const problem *p = &fc->problems[i];
        if (p->severity == IOP_ERROR && (p->node ? is_within(p->node, node) : node == NULL))
            return true;
    }
    return false;
}

iop_loc fctx_loc(const file_ctx *fc, const xmlNode *node)
{
    iop_loc loc = {fc->file, node ? node_line(node) : 0, 0};
    return loc;
}

/* The element before n among its siblings, or NULL. */
static const xmlNode *previous_element(const xmlNode *n)
{
    for (n = n->prev; n; n = n->prev)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

/* A schema message is dropped when a check already said something precise
 * about the same element or inside it: after a misspelt or misplaced child,
 * libxml2's interleave says wrong things about the parent ("missing <public>"
 * where there is one) and about the next sibling. An echo ("failed to
 * validate content") goes when a check said anything about the element or
 * inside it. */
static bool explained_by_check(const file_ctx *fc, const problem *p)
{
    if (p->origin != ORIGIN_SCHEMA && p->origin != ORIGIN_ECHO)
        return false;
    if (!p->node) {
        /* a schema message without a place adds only noise next to a precise one */
        for (size_t i = 0; i < fc->n_problems; i++)
            if (fc->problems[i].origin == ORIGIN_CHECK && fc->problems[i].severity == IOP_ERROR)
                return true;
        return false;
    }
    for (size_t i = 0; i < fc->n_problems; i++) {
        const problem *q = &fc->problems[i];
        if (q->origin != ORIGIN_CHECK || q->severity != IOP_ERROR || !q->node)
            continue;
        if (q->node == p->node || is_within(q->node, p->node) ||
            q->node == previous_element(p->node))
            return true;
    }
    return false;
}

static int by_line(const void *a, const void *b)
{
    const problem *p = a, *q = b;
    if (p->line != q->line)
        return p->line < q->line ? -1 : 1;
    if (p->col != q->col)
        return p->col < q->col ? -1 : 1;
    return 0;
}

void fctx_flush(file_ctx *fc, iop_diag *diag)
{
    bool *drop = iop_xcalloc(fc->n_problems + 1, sizeof *drop);
    for (size_t i = 0; i < fc->n_problems; i++) {
        problem *p = &fc->problems[i];
        if (explained_by_check(fc, p))
            drop[i] = true;
        /* the same message for the same element once only */
        for (size_t j = 0; j < i && !drop[i]; j++)
            if (!drop[j] && fc->problems[j].line == p->line &&
                strcmp(fc->problems[j].message, p->message) == 0)
                drop[i] = true;
    }
    size_t kept = 0;
    for (size_t i = 0; i < fc->n_problems; i++) {
        if (drop[i])
            free(fc->problems[i].message);
        else
            fc->problems[kept++] = fc->problems[i];
    }
    free(drop);
    fc->n_problems = kept;
    /* stable: qsort is not, so break ties by original order via insertion */
    for (size_t i = 1; i < fc->n_problems; i++) {
        problem t = fc->problems[i];
        size_t j = i;
        while (j > 0 && by_line(&fc->problems[j - 1], &t) > 0) {
            fc->problems[j] = fc->problems[j - 1];
            j--;
        }
        fc->problems[j] = t;
    }
    for (size_t i = 0; i < fc->n_problems; i++) {
        problem *p = &fc->problems[i];
        iop_loc loc = {fc->file, p->line, p->col};
        iop_diag_report_code(diag, p->severity, &loc, p->code, "%s", p->message);
        free(p->message);
    }
    fc->n_problems = 0;
}

void fctx_free(file_ctx *fc)
{
    for (size_t i = 0; i < fc->n_problems; i++)
        free(fc->problems[i].message);
    free(fc->problems);
    fc->problems = NULL;
    fc->n_problems = fc->cap_problems = 0;
}
