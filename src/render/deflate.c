/* Deflating a PDF's streams with zlib states that are kept, not made
 * afresh for every stream.
 *
 * At the default level zlib sets up four blocks of 64 KiB for a stream
 * (window, hash chains, hash heads, pending output) and zeroes the heads.
 * A report deflates some 36 streams, and a batch worker maps every block
 * of 64 KiB or more on its own (worker_pool.c): made afresh, each stream
 * cost four mappings and about 25 page faults, a third of a batch
 * report's faults.  deflateReset leaves a state as deflateInit made it,
 * so the bytes are those compress2 writes. */
#include "pdf_finish.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

/* The most streams deflated at once: pdf_finish's two threads and
 * pdf_ahead's. */
#define KEPT_MAX 3

static pthread_mutex_t kept_lock = PTHREAD_MUTEX_INITIALIZER;
static z_stream *kept[KEPT_MAX];
static size_t n_kept;

static z_stream *state_take(void)
{
    z_stream *z = NULL;
    pthread_mutex_lock(&kept_lock);
    if (n_kept)
        z = kept[--n_kept];
    pthread_mutex_unlock(&kept_lock);
    if (z)
        return z;
    z = calloc(1, sizeof *z);
    if (z && deflateInit(z, Z_DEFAULT_COMPRESSION) != Z_OK) {
        free(z);
        z = NULL;
    }
    return z;
}

static void state_free(z_stream *z)
{
    deflateEnd(z);
    free(z);
}

static void state_give(z_stream *z)
{
    if (deflateReset(z) != Z_OK) {
        state_free(z);
        return;
    }
    pthread_mutex_lock(&kept_lock);
    bool room = n_kept < KEPT_MAX;
    if (room)
        kept[n_kept++] = z;
    pthread_mutex_unlock(&kept_lock);
    if (!room)
        state_free(z);
}

unsigned char *pdf_deflate(const char *data, size_t len, size_t *zlen)
{
    z_stream *z = state_take();
    if (!z)
        return NULL;
    uLong bound = deflateBound(z, (uLong)len);
    unsigned char *out = malloc(bound ? bound : 1);
    bool ok = out != NULL && len <= UINT_MAX && bound <= UINT_MAX;
    if (ok) {
        z->next_in = (Bytef *)(uintptr_t)data;
        z->avail_in = (uInt)len;
        z->next_out = out;
        z->avail_out = (uInt)bound;
        ok = deflate(z, Z_FINISH) == Z_STREAM_END;
        *zlen = z->total_out;
    }
    state_give(z);
    if (!ok) {
        free(out);
        return NULL;
    }
    return out;
}

void pdf_deflate_cleanup(void)
{
    pthread_mutex_lock(&kept_lock);
    while (n_kept)
        state_free(kept[--n_kept]);
    pthread_mutex_unlock(&kept_lock);
}
