/* Text that came from outside as bytes (file names above all) on its way
 * into XML or onto a terminal: never raw.  A file name copied from an old
 * Windows share is Latin-1 ("uv\xE5s"); its bytes are read as Latin-1, so
 * the name is still recognisable, and what neither XML nor a terminal may
 * carry becomes U+FFFD. */
#include "iopreport/util.h"

#include <stdlib.h>

#define REPLACEMENT 0xFFFDu

static bool allowed(uint32_t cp, bool keep_newlines)
{
    if (cp == '\t' || cp == '\n' || cp == '\r')
        return keep_newlines;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) /* C0, DEL, C1: terminal controls */
        return false;
    if (cp >= 0xD800 && cp < 0xE000)
        return false;
    return cp != 0xFFFE && cp != 0xFFFF && cp <= 0x10FFFF;
}

const char *iop_utf8_step(const char *s, uint32_t *cp, bool keep_newlines)
{
    const unsigned char *p = (const unsigned char *)s;
    uint32_t c = p[0];
    size_t n = 0;
    uint32_t min = 0;
    if (c < 0x80)
        n = 1, min = 0;
    else if (c >= 0xC2 && c < 0xE0)
        n = 2, c &= 0x1F, min = 0x80;
    else if (c >= 0xE0 && c < 0xF0)
        n = 3, c &= 0x0F, min = 0x800;
    else if (c >= 0xF0 && c < 0xF5)
        n = 4, c &= 0x07, min = 0x10000;
    bool valid = n > 0;
    for (size_t i = 1; valid && i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            valid = false;
        else
            c = (c << 6) | (p[i] & 0x3F);
    }
    if (valid && c < min)
        valid = false; /* overlong */
    if (!valid) {
        /* one byte that is not UTF-8: Latin-1, where that is a character */
        *cp = p[0] >= 0xA0 ? p[0] : REPLACEMENT;
        return s + 1;
    }
    *cp = allowed(c, keep_newlines) ? c : REPLACEMENT;
    return s + n;
}

void iop_strbuf_put_codepoint(iop_strbuf *sb, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    iop_strbuf_append(sb, b, n);
}

char *iop_utf8_clean(const char *s, bool keep_newlines)
{
    if (!s)
        return NULL;
    iop_strbuf sb = IOP_STRBUF_INIT;
    while (*s) {
        uint32_t cp;
        s = iop_utf8_step(s, &cp, keep_newlines);
        iop_strbuf_put_codepoint(&sb, cp);
    }
    return iop_strbuf_detach(&sb);
}

char *iop_collapse_space(char *s)
{
    char *w = s;
    bool space = true; /* at the start: leading space goes */
    for (const char *r = s; *r; r++) {
        if (*r == ' ' || *r == '\t' || *r == '\n' || *r == '\r') {
            if (!space)
                *w++ = ' ';
            space = true;
        } else {
            *w++ = *r;
            space = false;
        }
    }
    if (w > s && w[-1] == ' ')
        w--;
    *w = '\0';
    return s;
}
