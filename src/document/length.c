/* Lengths and colours as written in documents. */
#include "document_internal.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

bool iop_document_parse_length(const char *s, double *pt)
{
    if (!s)
        return false;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s || *s == '-' || *s == '+')
        return false;
    char *end = NULL;
    double v = strtod(s, &end);
    if (end == s || !isfinite(v) || v < 0)
        return false;
    while (isspace((unsigned char)*end))
        end++;
    double k;
    if (!*end || strcmp(end, "pt") == 0)
        k = 1.0;
    else if (strcmp(end, "mm") == 0)
        k = 72.0 / 25.4;
    else if (strcmp(end, "cm") == 0)
        k = 72.0 / 2.54;
    else if (strcmp(end, "in") == 0)
        k = 72.0;
    else if (strcmp(end, "px") == 0)
        k = 0.75;
    else
        return false;
    v *= k;
    if (v > 100000)
        return false;
    *pt = v;
    return true;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)tolower((unsigned char)c);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

bool parse_color(const char *s, uint32_t *out)
{
    if (!s || s[0] != '#')
        return false;
    size_t n = strlen(s + 1);
    if (n != 3 && n != 6)
        return false;
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        int h = hexval(s[1 + i]);
        if (h < 0)
            return false;
        v = v * 16 + (uint32_t)h;
        if (n == 3)
            v = v * 16 + (uint32_t)h;
    }
    *out = v;
    return true;
}
