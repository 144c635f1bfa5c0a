/* SHA-256, in hexadecimal, of what a report is made from (its provenance
 * record, template files, registers).  libgcrypt's, which uses the
 * processor's SHA instructions where there are any: GLib's portable one
 * took 2.4 % of a report's instructions.  The process has libgcrypt
 * loaded anyway (libexslt's crypto functions link it).  libgcrypt fails
 * to hash only when out of memory, which ends the program here as it
 * does in iop_xmalloc. */
#include "iopreport/util.h"

#include <gcrypt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct iop_sha256 {
    gcry_md_hd_t md;
};

static pthread_once_t started = PTHREAD_ONCE_INIT;
static bool gcrypt_ok;

static void start_gcrypt(void)
{
    /* the library's own start, which a program using it makes once; no
     * secure memory: nothing secret is hashed */
    gcrypt_ok = gcry_check_version(NULL) != NULL &&
                gcry_control(GCRYCTL_DISABLE_SECMEM, 0) == 0 &&
                gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0) == 0;
}

static void no_digest(const char *why)
{
    fprintf(stderr, "iopreport: cannot compute a SHA-256 digest (libgcrypt: %s)\n", why);
    abort();
}

iop_sha256 *iop_sha256_new(void)
{
    if (pthread_once(&started, start_gcrypt) != 0 || !gcrypt_ok)
        no_digest("it did not start");
    iop_sha256 *s = iop_xcalloc(1, sizeof *s);
    gcry_error_t err = gcry_md_open(&s->md, GCRY_MD_SHA256, 0);
    if (err)
        no_digest(gcry_strerror(err));
    return s;
}

void iop_sha256_update(iop_sha256 *s, const void *data, size_t len)
{
    gcry_md_write(s->md, data, len);
}

char *iop_sha256_finish(iop_sha256 *s)
{
    const unsigned char *d = gcry_md_read(s->md, GCRY_MD_SHA256);
    if (!d)
        no_digest("no digest read");
    static const char digits[] = "0123456789abcdef";
    char *hex = iop_xmalloc(65);
    for (int i = 0; i < 32; i++) {
        hex[2 * i] = digits[d[i] >> 4];
        hex[2 * i + 1] = digits[d[i] & 15];
    }
    hex[64] = 0;
    gcry_md_close(s->md);
    free(s);
    return hex;
}

char *iop_sha256_hex(const void *data, size_t len)
{
    iop_sha256 *s = iop_sha256_new();
    iop_sha256_update(s, data, len);
    return iop_sha256_finish(s);
}
