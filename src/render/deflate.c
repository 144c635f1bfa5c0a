/* Deflating a PDF's streams with zlib states kept for the document's
 * next streams, not made afresh for every one.
 *
 * At the default level zlib sets up four blocks of 64 KiB for a stream
 * (window, hash chains, hash heads, pending output) and zeroes the heads.
 * A report deflates some 36 streams: made afresh, each cost four such
 * allocations, and where blocks of 64 KiB are mapped on their own (a
 * batch worker until stop 20, when they went to its heap) four mappings
 * and about 25 page faults, a fifth of a batch's faults then.
 * deflateReset leaves a state as deflateInit made it, so the bytes are
 * those compress2 writes.  The states go with the document: kept between
 * reports, they would be a worker's memory for good. */
#include "pdf_finish.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

/* The most streams deflated at once: pdf_finish's two threads
 * (pdf_ahead's thread is joined before pdf_finish starts). */
#define KEPT_MAX 2

struct pdf_deflates {
    pthread_mutex_t lock;
    z_stream *kept[KEPT_MAX];
    size_t n_kept;
};

pdf_deflates *pdf_deflates_new(void)
{
    pdf_deflates *d = calloc(1, sizeof *d);
    if (d && pthread_mutex_init(&d->lock, NULL) != 0) {
        free(d);
        d = NULL;
    }
    return d;
}

static void state_free(z_stream *z)
{
    deflateEnd(z);
    free(z);
}

void pdf_deflates_free(pdf_deflates *d)
{
    if (!d)
        return;
    while (d->n_kept)
        state_free(d->kept[--d->n_kept]);
    pthread_mutex_destroy(&d->lock);
    free(d);
}

static z_stream *state_take(pdf_deflates *d)
{
    z_stream *z = NULL;
    if (d) {
        pthread_mutex_lock(&d->lock);
        if (d->n_kept)
            z = d->kept[--d->n_kept];
        pthread_mutex_unlock(&d->lock);
        if (z)
            return z;
    }
    z = calloc(1, sizeof *z);
    if (z && deflateInit(z, Z_DEFAULT_COMPRESSION) != Z_OK) {
        free(z);
        z = NULL;
    }
    return z;
}

static void state_give(pdf_deflates *d, z_stream *z)
{
    bool kept = false;
    if (d && deflateReset(z) == Z_OK) {
        pthread_mutex_lock(&d->lock);
        kept = d->n_kept < KEPT_MAX;
        if (kept)
            d->kept[d->n_kept++] = z;
        pthread_mutex_unlock(&d->lock);
    }
    if (!kept)
        state_free(z);
}

unsigned char *pdf_deflate(pdf_deflates *d, const char *data, size_t len, size_t *zlen)
{
    z_stream *z = state_take(d);
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
    state_give(d, z);
    if (!ok) {
        free(out);
        return NULL;
    }
    return out;
}
