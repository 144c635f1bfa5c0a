/* SHA-256 through GLib, which pango brings anyway.  nettle (three times as
 * fast here, with the processor's SHA instructions) and libgcrypt were
 * tried: each maps a library of its own into the parent and every worker,
 * and nettle's 270 kB of it took a batch's peak memory over issue 18's
 * 48 MiB (bench/README.md, stop 15). */
#include "iopreport/util.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

struct iop_sha256 {
    GChecksum *sum;
};

iop_sha256 *iop_sha256_new(void)
{
    iop_sha256 *s = iop_xmalloc(sizeof *s);
    s->sum = g_checksum_new(G_CHECKSUM_SHA256);
    if (!s->sum)
        abort(); /* GLib knows SHA-256: cannot happen */
    return s;
}

void iop_sha256_update(iop_sha256 *s, const void *data, size_t len)
{
    /* g_checksum_update takes a signed length */
    const guchar *p = data;
    while (len > 0) {
        gssize piece = len > G_MAXSSIZE ? G_MAXSSIZE : (gssize)len;
        g_checksum_update(s->sum, p, piece);
        p += piece;
        len -= (size_t)piece;
    }
}

void iop_sha256_hex(const iop_sha256 *s, char hex[65])
{
    /* a string once asked for ends the checksum: ask a copy, so that the
     * caller's may go on */
    GChecksum *done = g_checksum_copy(s->sum);
    memcpy(hex, g_checksum_get_string(done), 64);
    hex[64] = '\0';
    g_checksum_free(done);
}

void iop_sha256_free(iop_sha256 *s)
{
    if (!s)
        return;
    g_checksum_free(s->sum);
    free(s);
}

void iop_sha256_hex_of(const void *data, size_t len, char hex[65])
{
    iop_sha256 *s = iop_sha256_new();
    iop_sha256_update(s, data, len);
    iop_sha256_hex(s, hex);
    iop_sha256_free(s);
}
