/* Swedish alphabetical order: å, ä, ö are letters after z. Enough of the
 * Swedish collation for titles and areas, without a locale at run time. */
#include "iopreport/locale.h"

#include <string.h>

static uint32_t next_cp(const unsigned char **s)
{
    const unsigned char *p = *s;
    uint32_t c = *p++;
    int more = 0;
    if (c >= 0xF0) {
        c &= 0x07;
        more = 3;
    } else if (c >= 0xE0) {
        c &= 0x0F;
        more = 2;
    } else if (c >= 0xC0) {
        c &= 0x1F;
        more = 1;
    }
    for (; more > 0 && (*p & 0xC0) == 0x80; more--)
        c = (c << 6) | (*p++ & 0x3F);
    *s = p;
    return c;
}

/* Primary weight: case and most accents ignored. */
static uint32_t weight(uint32_t c)
{
    enum { LETTERS = 0x1000 };
    if (c >= 'A' && c <= 'Z')
        c += 'a' - 'A';
    if (c >= 'a' && c <= 'z')
        return LETTERS + (c - 'a') * 4;
    switch (c) {
    case 0xC5: case 0xE5: return LETTERS + 26 * 4;                      /* å */
    case 0xC4: case 0xE4: case 0xC6: case 0xE6: return LETTERS + 27 * 4; /* ä æ */
    case 0xD6: case 0xF6: case 0xD8: case 0xF8: return LETTERS + 28 * 4; /* ö ø */
    case 0xC0: case 0xC1: case 0xC2: case 0xE0: case 0xE1: case 0xE2: return LETTERS;
    case 0xC7: case 0xE7: return LETTERS + 2 * 4;
    case 0xC8: case 0xC9: case 0xCA: case 0xCB:
    case 0xE8: case 0xE9: case 0xEA: case 0xEB: return LETTERS + 4 * 4;
    case 0xCC: case 0xCD: case 0xCE: case 0xCF:
    case 0xEC: case 0xED: case 0xEE: case 0xEF: return LETTERS + 8 * 4;
    case 0xD1: case 0xF1: return LETTERS + 13 * 4;
    case 0xD2: case 0xD3: case 0xD4: case 0xF2: case 0xF3: case 0xF4: return LETTERS + 14 * 4;
    case 0xD9: case 0xDA: case 0xDB: case 0xF9: case 0xFA: case 0xFB: return LETTERS + 20 * 4;
    case 0xDC: case 0xFC: case 0xDD: case 0xFD: return LETTERS + 24 * 4; /* ü as y */
    default: break;
    }
    if (c >= '0' && c <= '9')
        return 0x800 + c;
    if (c < 0x80)
        return c; /* spaces and punctuation before digits and letters */
    return LETTERS + 0x100 + c;
}

int iop_collate_sv(const char *a, const char *b)
{
    const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
    while (*p && *q) {
        uint32_t wa = weight(next_cp(&p)), wb = weight(next_cp(&q));
        if (wa != wb)
            return wa < wb ? -1 : 1;
    }
    if (*p || *q)
        return *p ? 1 : -1;
    int c = strcmp(a, b);
    return c < 0 ? -1 : c > 0;
}

char *iop_lower_sv(char *s)
{
    unsigned char *p = (unsigned char *)s;
    for (size_t i = 0; p[i]; i++) {
        if (p[i] >= 'A' && p[i] <= 'Z')
            p[i] = (unsigned char)(p[i] + 32);
        /* U+00C0..U+00DE but × (U+00D7): the second byte moves by 0x20 */
        else if (p[i] == 0xC3 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9E && p[i + 1] != 0x97)
            p[++i] += 0x20;
    }
    return s;
}
