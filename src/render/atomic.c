/* Atomic output: write to a temporary file in the target's directory,
 * fsync, rename.  A failed or interrupted run never leaves a half-written
 * file, and an existing file survives a failed run. */
#include "render_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void render_error(iop_diag *diag, const char *path, const char *fmt, ...)
{
    iop_loc loc = {path, 0, 0};
    va_list ap;
    va_start(ap, fmt);
    iop_diag_vreport(diag, IOP_ERROR, &loc, fmt, ap);
    va_end(ap);
}

/* The temporary file being written now, for iop_render_remove_partial_output()
 * (one at a time: a process writes its outputs one after the other). A
 * fixed buffer, because a signal handler may read it at any moment. */
static char active_tmp[4096];
static volatile sig_atomic_t active_set;

static void set_active(const char *tmp)
{
    active_set = 0;
    if (tmp && strlen(tmp) < sizeof active_tmp) {
        memcpy(active_tmp, tmp, strlen(tmp) + 1);
        active_set = 1;
    }
}

void iop_render_remove_partial_output(void)
{
    if (active_set)
        (void)unlink(active_tmp);
    active_set = 0;
}

bool atomic_open(atomic_file *af, const char *path, iop_diag *diag)
{
    memset(af, 0, sizeof *af);
    const char *slash = strrchr(path, '/');
    char *dir = slash ? iop_xstrndup(path, (size_t)(slash - path) + (slash == path))
                      : iop_xstrdup(".");
    const char *base = slash ? slash + 1 : path;
    if (!*base) {
        render_error(diag, path, "not a file name");
        free(dir);
        return false;
    }
    /* Renaming over a device or a pipe would replace it (as root, even
     * /dev/null); only regular files are outputs. */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        render_error(diag, path, S_ISDIR(st.st_mode) ? "is a folder, not a file"
                                                     : "is not a regular file; it is left as it is");
        free(dir);
        return false;
    }
    af->tmp = iop_xasprintf("%s/.%s.tmpXXXXXX", dir, base);
    free(dir);
    int fd = mkstemp(af->tmp);
    if (fd < 0) {
        render_error(diag, path, "cannot create a temporary file beside it: %s",
                     strerror(errno));
        free(af->tmp);
        af->tmp = NULL;
        return false;
    }
    /* mkstemp makes 0600; an output is an ordinary file */
    mode_t mask = umask(0);
    umask(mask);
    if (fchmod(fd, 0666 & ~mask) != 0) {
        /* not fatal: the file is still correct, only private */
    }
    af->f = fdopen(fd, "wb");
    if (!af->f) {
        render_error(diag, path, "cannot open a temporary file: %s", strerror(errno));
        close(fd);
        unlink(af->tmp);
        free(af->tmp);
        af->tmp = NULL;
        return false;
    }
    af->path = iop_xstrdup(path);
    set_active(af->tmp);
    return true;
}

/* A write error is remembered, not returned: cairo 1.16 aborts on an
 * assertion when a tagged PDF meets a stream error mid-document (found by
 * tests/e2e/faults.sh under ulimit -f). cairo goes on into the void and
 * atomic_commit() reports the error and removes the temporary file. */
cairo_status_t atomic_write(void *closure, const unsigned char *data, unsigned int len)
{
    atomic_file *af = closure;
    if (af->failed)
        return CAIRO_STATUS_SUCCESS;
    errno = 0;
    if (len && fwrite(data, 1, len, af->f) != len) {
        af->failed = true;
        af->err = errno ? errno : EIO;
        return CAIRO_STATUS_SUCCESS;
    }
    af->written += len;
    return CAIRO_STATUS_SUCCESS;
}

void atomic_abort(atomic_file *af)
{
    if (af->f) {
        fclose(af->f);
        af->f = NULL;
    }
    if (af->tmp) {
        set_active(NULL);
        unlink(af->tmp);
        free(af->tmp);
        af->tmp = NULL;
    }
    free(af->path);
    af->path = NULL;
}

bool atomic_commit(atomic_file *af, iop_diag *diag)
{
    const char *path = af->path;
    if (af->failed) {
        render_error(diag, path, "cannot write: %s", strerror(af->err));
        goto fail;
    }
    if (af->written == 0) {
        render_error(diag, path, "nothing was written; the file is left as it was");
        goto fail;
    }
    if (fflush(af->f) != 0 || fsync(fileno(af->f)) != 0) {
        render_error(diag, path, "cannot write: %s", strerror(errno));
        goto fail;
    }
    FILE *f = af->f;
    af->f = NULL;
    if (fclose(f) != 0) {
        render_error(diag, path, "cannot write: %s", strerror(errno));
        goto fail;
    }
    if (rename(af->tmp, path) != 0) {
        render_error(diag, path, "cannot replace: %s", strerror(errno));
        goto fail;
    }
    set_active(NULL);
    /* make the rename itself durable */
    const char *slash = strrchr(path, '/');
    char *dir = slash ? iop_xstrndup(path, (size_t)(slash - path) + (slash == path))
                      : iop_xstrdup(".");
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    free(dir);
    free(af->tmp);
    af->tmp = NULL;
    free(af->path);
    af->path = NULL;
    return true;
fail:
    atomic_abort(af);
    return false;
}
