/* Bytes made elsewhere (an OpenDocument package) written through the same
 * atomic path as the PDF, so that every output of the program is either
 * whole or absent, and a signal removes its temporary file. */
#include "render_internal.h"

bool iop_render_write_bytes(const char *path, const void *data, size_t len, iop_diag *diag)
{
    atomic_file af;
    if (!atomic_open(&af, path, diag))
        return false;
    const unsigned char *p = data;
    /* in pieces a cairo write function takes (its length is an unsigned int) */
    for (size_t at = 0; at < len; at += 1u << 30) {
        size_t piece = len - at < (1u << 30) ? len - at : 1u << 30;
        (void)atomic_write(&af, p + at, (unsigned)piece);
    }
    return atomic_commit(&af, diag); /* reports write errors and an empty file */
}
