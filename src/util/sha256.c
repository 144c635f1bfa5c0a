/* SHA-256: on the processor's SHA instructions where it has them
 * (sha256_x86.c), through GLib, which pango brings anyway, elsewhere.
 * nettle (three times as fast as GLib here, with those instructions) and
 * libgcrypt were tried: each maps a library of its own into the parent
 * and every worker, and nettle's 270 kB of it took a batch's peak memory
 * over issue 18's 48 MiB (bench/README.md, stop 15). */
#include "iopreport/util.h"

#include "sha256_x86.h"

#include <glib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct iop_sha256 {
    GChecksum *glib; /* NULL: the state below, on the SHA instructions */
    uint32_t h[8];
    uint64_t total; /* bytes given */
    unsigned char pending[64];
    size_t n_pending;
};

/* FIPS 180-4, 5.3.3 */
static const uint32_t H0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

iop_sha256 *iop_sha256_new(void)
{
    iop_sha256 *s = iop_xcalloc(1, sizeof *s);
    if (sha256_x86_available()) {
        memcpy(s->h, H0, sizeof H0);
        return s;
    }
    s->glib = g_checksum_new(G_CHECKSUM_SHA256);
    if (!s->glib)
        abort(); /* GLib knows SHA-256: cannot happen */
    return s;
}

static void update_glib(GChecksum *sum, const unsigned char *p, size_t len)
{
    /* g_checksum_update takes a signed length */
    while (len > 0) {
        gssize piece = len > G_MAXSSIZE ? G_MAXSSIZE : (gssize)len;
        g_checksum_update(sum, p, piece);
        p += piece;
        len -= (size_t)piece;
    }
}

void iop_sha256_update(iop_sha256 *s, const void *data, size_t len)
{
    const unsigned char *p = data;
    if (s->glib) {
        update_glib(s->glib, p, len);
        return;
    }
    s->total += len;
    if (s->n_pending > 0) {
        size_t take = 64 - s->n_pending < len ? 64 - s->n_pending : len;
        memcpy(s->pending + s->n_pending, p, take);
        s->n_pending += take;
        p += take;
        len -= take;
        if (s->n_pending < 64)
            return;
        sha256_x86_blocks(s->h, s->pending, 1);
        s->n_pending = 0;
    }
    if (len >= 64) {
        sha256_x86_blocks(s->h, p, len / 64);
        p += len - len % 64;
        len %= 64;
    }
    memcpy(s->pending, p, len);
    s->n_pending = len;
}

static void put_hex(char hex[65], const unsigned char digest[32])
{
    static const char DIGITS[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = DIGITS[digest[i] >> 4];
        hex[2 * i + 1] = DIGITS[digest[i] & 15];
    }
    hex[64] = '\0';
}

void iop_sha256_hex(const iop_sha256 *s, char hex[65])
{
    if (s->glib) {
        /* a string once asked for ends the checksum: ask a copy, so that
         * the caller's may go on */
        GChecksum *done = g_checksum_copy(s->glib);
        memcpy(hex, g_checksum_get_string(done), 64);
        hex[64] = '\0';
        g_checksum_free(done);
        return;
    }
    /* FIPS 180-4, 5.1.1: a one bit, zeros up to 56 bytes of a block, the
     * length in bits, big-endian; on a copy, so that `s` may go on */
    uint32_t h[8];
    memcpy(h, s->h, sizeof h);
    unsigned char tail[128] = {0};
    memcpy(tail, s->pending, s->n_pending);
    tail[s->n_pending] = 0x80;
    size_t n = s->n_pending < 56 ? 64 : 128;
    uint64_t bits = s->total * 8;
    for (int i = 0; i < 8; i++)
        tail[n - 1 - i] = (unsigned char)(bits >> (8 * i));
    sha256_x86_blocks(h, tail, n / 64);
    unsigned char digest[32];
    for (int i = 0; i < 8; i++)
        for (int b = 0; b < 4; b++)
            digest[4 * i + b] = (unsigned char)(h[i] >> (24 - 8 * b));
    put_hex(hex, digest);
}

void iop_sha256_free(iop_sha256 *s)
{
    if (!s)
        return;
    if (s->glib)
        g_checksum_free(s->glib);
    free(s);
}

void iop_sha256_hex_of(const void *data, size_t len, char hex[65])
{
    iop_sha256 *s = iop_sha256_new();
    iop_sha256_update(s, data, len);
    iop_sha256_hex(s, hex);
    iop_sha256_free(s);
}
