/* SHA-256 through nettle: GLib's GChecksum computes it in plain C at about
 * a third of nettle's speed here (nettle picks the processor's SHA
 * instructions when it has them), and a report's provenance hashes its
 * whole report data twice, which was 2.3 % of a batch's instructions.
 * libgcrypt was as fast but its start-up raised every worker's memory. */
#include "iopreport/util.h"

#include <nettle/sha2.h>
#include <stdlib.h>

struct iop_sha256 {
    struct sha256_ctx ctx;
};

iop_sha256 *iop_sha256_new(void)
{
    iop_sha256 *s = iop_xmalloc(sizeof *s);
    sha256_init(&s->ctx);
    return s;
}

void iop_sha256_update(iop_sha256 *s, const void *data, size_t len)
{
    sha256_update(&s->ctx, len, data);
}

static void put_hex(const uint8_t digest[SHA256_DIGEST_SIZE], char hex[65])
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}

void iop_sha256_hex(const iop_sha256 *s, char hex[65])
{
    /* sha256_digest resets its context: finish a copy so that the caller's
     * may go on */
    struct sha256_ctx done = s->ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&done, sizeof digest, digest);
    put_hex(digest, hex);
}

void iop_sha256_free(iop_sha256 *s)
{
    free(s);
}

void iop_sha256_hex_of(const void *data, size_t len, char hex[65])
{
    struct sha256_ctx ctx;
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_init(&ctx);
    sha256_update(&ctx, len, data);
    sha256_digest(&ctx, sizeof digest, digest);
    put_hex(digest, hex);
}
