/* The package (ODF 1.2 part 3): a zip made in memory with libzip, the
 * `mimetype` file first and stored uncompressed so that a reader knows
 * the file by its first bytes, then the parts in the order given.  The
 * whole file is handed to the render layer's atomic writer afterwards.
 *
 * libzip is opened when the first package is made, as librsvg is for the
 * first SVG (src/layout/image.c): linked, it brought libcrypto and libbz2
 * into every process, about 1 MiB of each batch worker's memory and a
 * part of every start, for the few runs that write OpenDocument. */
#include "odt_internal.h"

#include <dlfcn.h>
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

/* The functions of libzip used here; `ok` when all were found. */
typedef struct zip_lib {
    bool tried, ok;
    int (*close)(zip_t *);
    void (*discard)(zip_t *);
    void (*error_fini)(zip_error_t *);
    void (*error_init)(zip_error_t *);
    const char *(*error_strerror)(zip_error_t *);
    zip_int64_t (*file_add)(zip_t *, const char *, zip_source_t *, zip_flags_t);
    int (*file_set_mtime)(zip_t *, zip_uint64_t, time_t, zip_flags_t);
    zip_t *(*open_from_source)(zip_source_t *, int, zip_error_t *);
    int (*set_file_compression)(zip_t *, zip_uint64_t, zip_int32_t, zip_uint32_t);
    zip_source_t *(*source_buffer)(zip_t *, const void *, zip_uint64_t, int);
    zip_source_t *(*source_buffer_create)(const void *, zip_uint64_t, int, zip_error_t *);
    int (*source_close)(zip_source_t *);
    zip_error_t *(*source_error)(zip_source_t *);
    void (*source_free)(zip_source_t *);
    void (*source_keep)(zip_source_t *);
    int (*source_open)(zip_source_t *);
    zip_int64_t (*source_read)(zip_source_t *, void *, zip_uint64_t);
    int (*source_stat)(zip_source_t *, zip_stat_t *);
    void (*stat_init)(zip_stat_t *);
    const char *(*strerror)(zip_t *);
} zip_lib;

/* Opened once per process and kept; NULL when libzip cannot be opened. */
static const zip_lib *zip_lib_open(void)
{
    static zip_lib lib;
    if (lib.tried)
        return lib.ok ? &lib : NULL;
    lib.tried = true;
    void *h = dlopen(IOP_LIBZIP_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return NULL;
    /* POSIX: a function pointer may be converted from dlsym's void * */
#define ZIP_SYM(field) *(void **)&lib.field = dlsym(h, "zip_" #field)
    ZIP_SYM(close);
    ZIP_SYM(discard);
    ZIP_SYM(error_fini);
    ZIP_SYM(error_init);
    ZIP_SYM(error_strerror);
    ZIP_SYM(file_add);
    ZIP_SYM(file_set_mtime);
    ZIP_SYM(open_from_source);
    ZIP_SYM(set_file_compression);
    ZIP_SYM(source_buffer);
    ZIP_SYM(source_buffer_create);
    ZIP_SYM(source_close);
    ZIP_SYM(source_error);
    ZIP_SYM(source_free);
    ZIP_SYM(source_keep);
    ZIP_SYM(source_open);
    ZIP_SYM(source_read);
    ZIP_SYM(source_stat);
    ZIP_SYM(stat_init);
    ZIP_SYM(strerror);
#undef ZIP_SYM
    lib.ok = lib.close && lib.discard && lib.error_fini && lib.error_init && lib.error_strerror &&
             lib.file_add && lib.file_set_mtime && lib.open_from_source &&
             lib.set_file_compression && lib.source_buffer && lib.source_buffer_create &&
             lib.source_close && lib.source_error && lib.source_free && lib.source_keep &&
             lib.source_open && lib.source_read && lib.source_stat && lib.stat_init &&
             lib.strerror;
    return lib.ok ? &lib : NULL;
}

static void package_fail(iop_diag *diag, const char *what, const char *why)
{
    iop_diag_report(diag, IOP_ERROR, NULL, "cannot make the OpenDocument package: %s: %s", what,
                    why ? why : "unknown error");
}

/* The bytes of a closed in-memory archive. */
static unsigned char *source_bytes(const zip_lib *z, zip_source_t *src, size_t *len,
                                   iop_diag *diag)
{
    zip_stat_t st;
    if (z->source_open(src) < 0) {
        package_fail(diag, "reading back", z->error_strerror(z->source_error(src)));
        return NULL;
    }
    unsigned char *out = NULL;
    z->stat_init(&st);
    if (z->source_stat(src, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) || st.size == 0) {
        package_fail(diag, "reading back", z->error_strerror(z->source_error(src)));
    } else {
        out = iop_xmalloc((size_t)st.size);
        zip_int64_t got = z->source_read(src, out, st.size);
        if (got < 0 || (zip_uint64_t)got != st.size) {
            package_fail(diag, "reading back", z->error_strerror(z->source_error(src)));
            free(out);
            out = NULL;
        } else {
            *len = (size_t)st.size;
        }
    }
    (void)z->source_close(src);
    return out;
}

unsigned char *odt_zip(const odt_part *parts, size_t n, size_t *len, iop_diag *diag)
{
    const zip_lib *z = zip_lib_open();
    if (!z) {
        iop_diag_report(diag, IOP_ERROR, NULL,
                        "cannot make the OpenDocument package: the zip library %s cannot be "
                        "opened (Debian package libzip4)", IOP_LIBZIP_SONAME);
        return NULL;
    }
    zip_error_t err;
    z->error_init(&err);
    zip_source_t *src = z->source_buffer_create(NULL, 0, 0, &err);
    if (!src) {
        package_fail(diag, "buffer", z->error_strerror(&err));
        z->error_fini(&err);
        return NULL;
    }
    z->source_keep(src); /* it outlives the archive: the bytes are read back */
    zip_t *za = z->open_from_source(src, ZIP_TRUNCATE, &err);
    if (!za) {
        package_fail(diag, "archive", z->error_strerror(&err));
        z->error_fini(&err);
        z->source_free(src);
        return NULL;
    }
    z->error_fini(&err);
    time_t when = entry_time();
    bool ok = true;
    for (size_t i = 0; i < n && ok; i++) {
        /* the parts' bytes stay the caller's until zip_close has run */
        zip_source_t *s = z->source_buffer(za, parts[i].data, parts[i].len, 0);
        zip_int64_t idx = s ? z->file_add(za, parts[i].name, s, ZIP_FL_ENC_UTF_8) : -1;
        if (idx < 0) {
            z->source_free(s);
            ok = false;
        } else if (z->set_file_compression(za, (zip_uint64_t)idx,
                                            parts[i].store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                            parts[i].store ? 0 : 9) < 0 ||
                   z->file_set_mtime(za, (zip_uint64_t)idx, when, 0) < 0) {
            ok = false;
        }
        if (!ok)
            package_fail(diag, parts[i].name, z->strerror(za));
    }
    if (!ok) {
        z->discard(za);
        z->source_free(src);
        return NULL;
    }
    if (z->close(za) < 0) {
        package_fail(diag, "closing", z->strerror(za));
        z->discard(za);
        z->source_free(src);
        return NULL;
    }
    unsigned char *out = source_bytes(z, src, len, diag);
    z->source_free(src);
    return out;
}
