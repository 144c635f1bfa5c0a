/* The lexical rules of PDF (ISO 32000-1, 7.2) that the finishing step
 * needs, shared by the object rewriter (pdf_finish.c) and the content
 * scanner (artifacts.c). */
#include "pdf_finish.h"

#include <string.h>

bool pdf_is_space(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0;
}

bool pdf_is_delim(char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

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
    while (p < n && !pdf_is_space(s[p]) && !pdf_is_delim(s[p]))
        p++;
    return p;
}
