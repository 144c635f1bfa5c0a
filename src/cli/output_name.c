/* Ids become parts of output file names.  An id comes from an input file,
 * so it may hold anything ("../../etc/x", "a/b", control characters):
 * only a small set of characters passes, so that a name can neither leave
 * the output folder nor hide itself. */
#include "build.h"

#include <string.h>

#define MAX_NAME 120

static bool plain(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
}

char *build_safe_name(const char *id)
{
    size_t n = strlen(id);
    char *out = iop_xmalloc((n < MAX_NAME ? n : MAX_NAME) + 2);
    size_t o = 0;
    for (size_t i = 0; id[i] && o < MAX_NAME;) {
        unsigned char c = (unsigned char)id[i];
        if (plain(c)) {
            out[o++] = (char)c;
            i++;
            continue;
        }
        /* one '_' per character, not per byte of its UTF-8 */
        out[o++] = '_';
        i++;
        if (c >= 0xC0)
            while ((id[i] & 0xC0) == 0x80)
                i++;
    }
    if (o == 0)
        out[o++] = '_';
    out[o] = '\0';
    if (out[0] == '.')
        out[0] = '_';
    return out;
}
