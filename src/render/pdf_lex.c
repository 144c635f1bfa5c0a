/* The lexical rules of PDF (ISO 32000-1, 7.2) that the finishing step
 * needs, shared by the object rewriter (pdf_finish.c) and the content
 * scanner (artifacts.c). */
#include "pdf_finish.h"

#include <string.h>

/* White space (NUL included): 1; delimiters: 2. */
const unsigned char pdf_char_class[256] = {
    [' '] = PDF_SPACE,  ['\n'] = PDF_SPACE, ['\r'] = PDF_SPACE, ['\t'] = PDF_SPACE,
    ['\f'] = PDF_SPACE, [0] = PDF_SPACE,    ['('] = PDF_DELIM,  [')'] = PDF_DELIM,
    ['<'] = PDF_DELIM,  ['>'] = PDF_DELIM,  ['['] = PDF_DELIM,  [']'] = PDF_DELIM,
    ['{'] = PDF_DELIM,  ['}'] = PDF_DELIM,  ['/'] = PDF_DELIM,  ['%'] = PDF_DELIM,
};

size_t pdf_token_end(const char *s, size_t n, size_t p)
{
    if (p >= n)
        return n;
    char c = s[p];
    if (c == '(') {
        int nest = 0;
        for (; p < n; p++) {
            if (s[p] == '\\')
                p++;
            else if (s[p] == '(')
                nest++;
            else if (s[p] == ')' && --nest == 0)
                return p + 1;
        }
        return n;
    }
    if (c == '<' && p + 1 < n && s[p + 1] == '<')
        return p + 2;
    if (c == '>' && p + 1 < n && s[p + 1] == '>')
        return p + 2;
    if (c == '<') {
        const char *e = memchr(s + p, '>', n - p);
        return e ? (size_t)(e - s) + 1 : n;
    }
    if (c == '[' || c == ']' || c == '{' || c == '}' || c == ')' || c == '>')
        return p + 1;
    if (c == '/')
        p++;
    while (p < n && !pdf_char_class[(unsigned char)s[p]])
        p++;
    return p;
}
