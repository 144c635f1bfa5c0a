/* FNV-1a, 64 bits: to tell whether inputs changed, not to resist anyone
 * who wants a collision (nothing here is a security boundary). */
#include "iopreport/util.h"

uint64_t iop_digest_bytes(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}
