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

/* What an operator does, as far as artifacts go. */
typedef enum {
    OP_OTHER, /* state, colour, text positioning, ... */
    OP_BI,    /* an inline image */
    OP_BDC,   /* BDC, BMC */
    OP_EMC,
    OP_BT,
    OP_ET,
    OP_SHOW,  /* Tj TJ ' " */
    OP_PATH,  /* m l c v y h re */
    OP_CLIP,  /* W W* */
    OP_PAINT  /* S s f F f* B B* b b* sh Do */
} op_kind;

/* The kind of the operator `w` (a token that is no operand), by its
 * length and letters: the scanner asks this of every operator of every
 * page. */
static op_kind op_of(const char *w, size_t len)
{
    char a = w[0], b = len > 1 ? w[1] : 0;
    switch (len) {
    case 1:
        switch (a) {
        case 'm':
        case 'l':
        case 'c':
        case 'v':
        case 'y':
        case 'h':
            return OP_PATH;
        case 'S':
        case 's':
        case 'f':
        case 'F':
        case 'B':
        case 'b':
            return OP_PAINT;
        case 'W':
            return OP_CLIP;
        case '\'':
        case '"':
            return OP_SHOW;
        default:
            return OP_OTHER;
        }
    case 2:
        if (a == 'B' && b == 'T')
            return OP_BT;
        if (a == 'E' && b == 'T')
            return OP_ET;
        if (a == 'B' && b == 'I')
            return OP_BI;
        if (a == 'T' && (b == 'j' || b == 'J'))
            return OP_SHOW;
        if (a == 'r' && b == 'e')
            return OP_PATH;
        if (a == 'W' && b == '*')
            return OP_CLIP;
        if (((a == 'f' || a == 'B' || a == 'b') && b == '*') || (a == 's' && b == 'h') ||
            (a == 'D' && b == 'o'))
            return OP_PAINT;
        return OP_OTHER;
    case 3:
        if (a == 'E' && b == 'M' && w[2] == 'C')
            return OP_EMC;
        if (a == 'B' && (b == 'D' || b == 'M') && w[2] == 'C')
            return OP_BDC;
        return OP_OTHER;
    default:
        return OP_OTHER;
    }
}

/* An operator: a token that is not a number, name, string, array or dict. */
static bool is_operator(const char *w, size_t len)
{
    unsigned char c = (unsigned char)w[0];
    if (c == '/' || c == '(' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
        c == '}' || c == '+' || c == '-' || c == '.' || (c >= '0' && c <= '9'))
        return false;
    if ((c == 't' || c == 'f' || c == 'n') &&
        (word_is(w, len, "true") || word_is(w, len, "false") || word_is(w, len, "null")))
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

/* The output: the input with marks put in at some places.  The input
 * between them is copied in one piece. */
typedef struct marked {
    iop_strbuf out;
    const char *s;
    size_t copied; /* the input before this is in out */
} marked;

static void mark_at(marked *m, size_t at, const char *mark, size_t len)
{
    iop_strbuf_append(&m->out, m->s + m->copied, at - m->copied);
    iop_strbuf_append(&m->out, mark, len);
    m->copied = at;
}

char *pdf_mark_artifacts(const char *s, size_t n, size_t *out_len, bool *ok)
{
    static const char open_mark[] = "/Artifact BMC\n", close_mark[] = "\nEMC\n";
#define OPEN(m, at) mark_at(m, at, open_mark, sizeof open_mark - 1)
#define CLOSE(m, at) mark_at(m, at, close_mark, sizeof close_mark - 1)
    marked m = {IOP_STRBUF_INIT, s, 0};
    /* most of a page is copied as it is: room for it and a few marks */
    m.out.data = iop_grow(NULL, &m.out.cap, n + n / 8 + 64, 1);
    m.out.data[0] = '\0';
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
        op_kind op = op_of(w, len);
        if (op == OP_BI) {
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
                OPEN(&m, from);
                CLOSE(&m, p);
            }
            operands = p;
            path = (size_t)-1;
            continue;
        }
        bool wrap = false, keep_open = false, mark_open = false, mark_close = false;
        if (op == OP_BDC) {
            /* marked content that is neither tagged (an MCID) nor an
             * artifact, such as cairo's /Span with an /ActualText around a
             * ligature, a hyphen at a line's end or a line's last space,
             * does not make its content tagged: at the top it goes inside
             * an artifact as a whole */
            if (depth == 0 && !contains(s + operands, end - operands, "/MCID") &&
                !contains(s + operands, end - operands, "/Artifact") &&
                !holds_tagged(s, n, end)) {
                mark_open = true;
                wrapped = true;
            }
            depth++;
        } else if (op == OP_EMC) {
            if (depth > 0)
                depth--;
            mark_close = depth == 0 && wrapped;
            if (mark_close)
                wrapped = false;
        } else if (op == OP_BT) {
            in_text = true;
        } else if (op == OP_ET) {
            in_text = false;
        } else if (depth == 0 && in_text) {
            /* cairo begins marked content inside text objects too, so each
             * show operator outside it is an artifact of its own */
            wrap = op == OP_SHOW;
        } else if (depth == 0 && (op == OP_PATH || (path != (size_t)-1 && op == OP_CLIP))) {
            if (path == (size_t)-1)
                path = operands;
            keep_open = true;
        } else if (depth == 0 && op == OP_PAINT) {
            /* nothing may stand between a path and its painting operator:
             * the mark goes before the path's first operator */
            wrap = true;
        }
        if (keep_open)
            continue;
        if (wrap || mark_open) {
            while (from < end && pdf_is_space(s[from]))
                from++; /* the mark goes right before the first operand */
            OPEN(&m, from);
        }
        if (wrap || mark_close)
            CLOSE(&m, end);
        operands = end;
        path = (size_t)-1;
    }
#undef OPEN
#undef CLOSE
    iop_strbuf_append(&m.out, s + m.copied, n - m.copied);
    if (in_text)
        *ok = false;
    *out_len = m.out.len;
    return iop_strbuf_detach(&m.out);
}
