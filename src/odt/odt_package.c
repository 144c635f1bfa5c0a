/* The package (ODF 1.2 part 3): a zip made in memory with libzip, the
 * `mimetype` file first and stored uncompressed so that a reader knows
 * the file by its first bytes, then the parts in the order given.  The
 * whole file is handed to the render layer's atomic writer afterwards. */
#include "odt_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

/* Every entry gets the same time: SOURCE_DATE_EPOCH when set, so two runs
 * make the same bytes. */
static time_t entry_time(void)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        /* zip's DOS dates start in 1980 */
        if (!*end && v >= 315532800LL)
            return (time_t)v;
        if (!*end && v >= 0)
            return (time_t)315532800LL;
    }
    return time(NULL);
}

static void zip_fail(iop_diag *diag, const char *what, const char *why)
{
    iop_diag_report(diag, IOP_ERROR, NULL, "cannot make the OpenDocument package: %s: %s", what,
                    why ? why : "unknown error");
}

/* The bytes of a closed in-memory archive. */
static unsigned char *source_bytes(zip_source_t *src, size_t *len, iop_diag *diag)
{
    zip_stat_t st;
    if (zip_source_open(src) < 0) {
        zip_fail(diag, "reading back", zip_error_strerror(zip_source_error(src)));
        return NULL;
    }
    unsigned char *out = NULL;
    zip_stat_init(&st);
    if (zip_source_stat(src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) || st.size == 0) {
        zip_fail(diag, "reading back", zip_error_strerror(zip_source_error(src)));
    } else {
        out = iop_xmalloc((size_t)st.size);
        zip_int64_t got = zip_source_read(src, out, st.size);
        if (got < 0 || (zip_uint64_t)got != st.size) {
            zip_fail(diag, "reading back", zip_error_strerror(zip_source_error(src)));
            free(out);
            out = NULL;
        } else {
            *len = (size_t)st.size;
        }
    }
    (void)zip_source_close(src);
    return out;
}

unsigned char *odt_zip(const odt_part *parts, size_t n, size_t *len, iop_diag *diag)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
    if (!src) {
        zip_fail(diag, "buffer", zip_error_strerror(&err));
        zip_error_fini(&err);
        return NULL;
    }
    zip_source_keep(src); /* it outlives the archive: the bytes are read back */
    zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, &err);
    if (!za) {
        zip_fail(diag, "archive", zip_error_strerror(&err));
        zip_error_fini(&err);
        zip_source_free(src);
        return NULL;
    }
    zip_error_fini(&err);
    time_t when = entry_time();
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        /* the parts' bytes stay the caller's until zip_close has run */
        zip_source_t *s = zip_source_buffer(za, parts[i].data, parts[i].len, 0);
        zip_int64_t idx = s ? zip_file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            zip_source_free(s);
            ok = false;
        } else if (zip_set_file_compression(za, (zip_uint64_t)idx,
                                            parts[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                            parts[i].store ? 0 : 9) < 0 ||
                   zip_file_set_mtime(za, (zip_uint64_t)idx, when, 0) < 0) {
            ok = false;
        }
        if (!ok)
            zip_fail(diag, parts[i].name, zip_strerror(za));
    }
    if (!ok) {
        zip_discard(za);
        zip_source_free(src);
        return NULL;
    }
    if (zip_close(za) < 0) {
        zip_fail(diag, "closing", zip_strerror(za));
        zip_discard(za);
        zip_source_free(src);
        return NULL;
    }
    unsigned char *out = source_bytes(src, len, diag);
    zip_source_free(src);
    return out;
}
