/* Artifacts in a content stream: every painting operator that cairo left
 * outside marked content (running headers and footers, rules, shading,
 * repeated table headers) is wrapped in /Artifact BMC ... EMC, so that
 * everything on a page is either tagged content or marked as not content
 * (PDF/UA-1, PDF/A-2a).
 *
 * A scanner of its own rather than libqpdf's tokenizer: it is the hot part
 * of finishing a PDF and cairo's content streams need only the lexical
 * rules of PDF (ISO 32000-1, 7.2 and 8.9.7 for inline images). */
#include "pdf_finish.h"

#include "iopreport/util.h"

#include <stdlib.h>
#include <string.h>

static bool contains(const char *s, size_t n, const char *what)
{
    size_t k = strlen(what);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(s + i, what, k) == 0)
            return true;
    return false;
}

static bool word_is(const char *w, size_t len, const char *op);

/* Does the marked content that begins before `p` hold tagged content (an
 * MCID) before its EMC?  Then it is no artifact as a whole. */
static bool holds_tagged(const char *s, size_t n, size_t p)
{
    int depth = 1;
    while (p < n && depth > 0) {
        if (pdf_is_space(s[p])) {
            p++;
            continue;
        }
        size_t e = pdf_token_end(s, n, p);
        if (e == p)
            e = p + 1;
        if (word_is(s + p, e - p, "/MCID"))
            return true;
        if (word_is(s + p, e - p, "BDC") || word_is(s + p, e - p, "BMC"))
            depth++;
        else if (word_is(s + p, e - p, "EMC"))
            depth--;
        p = e;
    }
    return false;
}

static bool word_is(const char *w, size_t len, const char *op)
{
    return strlen(op) == len && memcmp(w, op, len) == 0;
}

static bool word_in(const char *w, size_t len, const char *const *ops)
{
    for (; *ops; ops++)
        if (word_is(w, len, *ops))
            return true;
    return false;
}

/* An operator: a token that is not a number, name, string, array or dict. */
static bool is_operator(const char *w, size_t len)
{
    unsigned char c = (unsigned char)w[0];
    if (c == '/' || c == '(' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
        c == '}' || c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'))
        return false;
    if (word_is(w, len, "true") || word_is(w, len, "false") || word_is(w, len, "null"))
        return false;
    return true;
}

/* After "ID": the image data ends at whitespace + "EI" + whitespace or end. */
static size_t skip_inline_data(const char *s, size_t n, size_t p)
{
    for (size_t i = p + 1; i + 2 <= n; i++)
        if (pdf_is_space(s[i - 1]) && s[i] == 'E' && s[i + 1] == 'I' &&
            (i + 2 == n || pdf_is_space(s[i + 2]) || pdf_is_delim(s[i + 2])))
            return i - 1;
    return n;
}

char *pdf_mark_artifacts(const char *s, size_t n, size_t *out_len, bool *ok)
{
    static const char *const path_ops[] = {"m", "l", "c", "v", "y", "h", "re", NULL};
    static const char *const paint_ops[] = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*",
                                            "sh", "Do", NULL};
    static const char *const show_ops[] = {"Tj", "TJ", "'", "\"", NULL};
    static const char open_mark[] = "/Artifact BMC\n", close_mark[] = "\nEMC\n";
    iop_strbuf out = IOP_STRBUF_INIT;
    int depth = 0;
    bool in_text = false;
    bool wrapped = false; /* the marked content open at the top is in an artifact */
    /* start of the operands of the next operator, and of an open path */
    size_t operands = 0, path = (size_t)-1;
    size_t p = 0;
    *ok = true;
    while (p < n) {
        char c = s[p];
        if (pdf_is_space(c)) {
            p++;
            continue;
        }
        if (c == '%') {
            while (p < n && s[p] != '\n' && s[p] != '\r')
                p++;
            continue;
        }
        size_t end = pdf_token_end(s, n, p);
        if (end == p)
            end = p + 1; /* a stray delimiter: take it as it is */
        const char *w = s + p;
        size_t len = end - p;
        p = end;
        if (!is_operator(w, len))
            continue;
        size_t from = path != (size_t)-1 ? path : operands;
        if (word_is(w, len, "BI")) {
            /* an inline image: BI dict ID data EI, painted at once */
            const char *id = NULL;
            while (p < n) {
                while (p < n && pdf_is_space(s[p]))
                    p++;
                size_t e = pdf_token_end(s, n, p);
                if (e == p)
                    e = p + 1;
                if (word_is(s + p, e - p, "ID")) {
                    id = s + p;
                    p = e;
                    break;
                }
                p = e;
            }
            size_t data_end = id ? skip_inline_data(s, n, p) : n;
            if (data_end >= n) {
                *ok = false;
                p = n;
            } else {
                p = data_end + 3;
            }
            while (from < p && pdf_is_space(s[from]))
                from++;
            if (depth == 0 && !in_text) {
                iop_strbuf_append(&out, s + operands, from - operands);
                iop_strbuf_puts(&out, open_mark);
                iop_strbuf_append(&out, s + from, p - from);
                iop_strbuf_puts(&out, close_mark);
            } else {
                iop_strbuf_append(&out, s + operands, p - operands);
            }
            operands = p;
            path = (size_t)-1;
            continue;
        }
        bool wrap = false, keep_open = false, mark_open = false, mark_close = false;
        if (word_is(w, len, "BDC") || word_is(w, len, "BMC")) {
            /* marked content that is neither tagged (an MCID) nor an
             * artifact, such as cairo's /Span with an /ActualText around a
             * hyphenated word, does not make its content tagged: at the
             * top it goes inside an artifact as a whole */
            if (depth == 0 && !contains(s + operands, end - operands, "/MCID") &&
                !contains(s + operands, end - operands, "/Artifact") &&
                !holds_tagged(s, n, end)) {
                mark_open = true;
                wrapped = true;
            }
            depth++;
        } else if (word_is(w, len, "EMC")) {
            if (depth > 0)
                depth--;
            mark_close = depth == 0 && wrapped;
            if (mark_close)
                wrapped = false;
        } else if (word_is(w, len, "BT")) {
            in_text = true;
        } else if (word_is(w, len, "ET")) {
            in_text = false;
        } else if (depth == 0 && in_text) {
            /* cairo begins marked content inside text objects too, so each
             * show operator outside it is an artifact of its own */
            wrap = word_in(w, len, show_ops);
        } else if (depth == 0 && (word_in(w, len, path_ops) ||
                                  (path != (size_t)-1 && (word_is(w, len, "W") ||
                                                          word_is(w, len, "W*"))))) {
            if (path == (size_t)-1)
                path = operands;
            keep_open = true;
        } else if (depth == 0 && word_in(w, len, paint_ops)) {
            /* nothing may stand between a path and its painting operator:
             * the mark goes before the path's first operator */
            wrap = true;
        }
        if (keep_open)
            continue;
        while (from < end && pdf_is_space(s[from]))
            from++; /* the mark goes right before the first operand */
        if (wrap) {
            iop_strbuf_append(&out, s + operands, from - operands);
            iop_strbuf_puts(&out, open_mark);
            iop_strbuf_append(&out, s + from, end - from);
            iop_strbuf_puts(&out, close_mark);
        } else if (mark_open) {
            iop_strbuf_append(&out, s + operands, from - operands);
            iop_strbuf_puts(&out, open_mark);
            iop_strbuf_append(&out, s + from, end - from);
        } else if (mark_close) {
            iop_strbuf_append(&out, s + operands, end - operands);
            iop_strbuf_puts(&out, close_mark);
        } else {
            iop_strbuf_append(&out, s + operands, end - operands);
        }
        operands = end;
        path = (size_t)-1;
    }
    iop_strbuf_append(&out, s + operands, n - operands);
    if (in_text)
        *ok = false;
    *out_len = out.len;
    return iop_strbuf_detach(&out);
}
