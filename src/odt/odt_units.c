/* Pure helpers: how ODF spells lengths, colours and style names, and the
 * size of a PNG (unit-tested in tests/unit/test_odt.c). */
#include "odt_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void iop_odt_length(double pt, char *buf, size_t size)
{
    if (!isfinite(pt))
        pt = 0;
    /* thousandths of a point, written by hand: printf's %f follows
     * LC_NUMERIC, and a Swedish locale would write "12,5pt" */
    long long m = llround(pt * 1000.0);
    bool neg = m < 0;
    if (neg)
        m = -m;
    long long whole = m / 1000, frac = m % 1000;
    char f[8] = "";
    if (frac) {
        snprintf(f, sizeof f, ".%03lld", frac);
        size_t n = strlen(f);
        while (n > 1 && f[n - 1] == '0')
            f[--n] = '\0';
    }
    snprintf(buf, size, "%s%lld%spt", neg ? "-" : "", whole, f);
}

void iop_odt_color(uint32_t rgb, char buf[8])
{
    snprintf(buf, 8, "#%06x", (unsigned)(rgb & 0xffffffu));
}

char *iop_odt_style_name(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    char *out = iop_xmalloc(n + 2);
    size_t k = 0;
    bool ok_start =
        n > 0 && (((name[0] | 0x20) >= 'a' && (name[0] | 0x20) <= 'z') || name[0] == '_');
    if (!ok_start)
        out[k++] = '_';
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
        out[k++] = keep ? c : '_';
    }
    out[k] = '\0';
    return out;
}

bool iop_odt_png_size(const unsigned char *data, size_t len, unsigned *width, unsigned *height)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (!data || len < 24 || memcmp(data, sig, 8) != 0 || memcmp(data + 12, "IHDR", 4) != 0)
        return false;
    unsigned w =
        (unsigned)data[16] << 24 | (unsigned)data[17] << 16 | (unsigned)data[18] << 8 | data[19];
    unsigned h =
        (unsigned)data[20] << 24 | (unsigned)data[21] << 16 | (unsigned)data[22] << 8 | data[23];
    if (w == 0 || h == 0)
        return false;
    *width = w;
    *height = h;
    return true;
}
