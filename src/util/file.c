/* Reading a whole file that may be anything: a FIFO or a device named
 * where a file was expected must never make us wait, so the file is opened
 * without blocking and checked to be a regular file before it is read. */
#include "iopreport/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *iop_file_read(const char *path, size_t max, size_t *len, char **why)
{
    *why = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        *why = iop_xasprintf("cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        *why = iop_xasprintf("cannot read: %s", strerror(errno));
        close(fd);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        *why = iop_xstrdup("is a folder, not a file");
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        *why = iop_xstrdup("is not a regular file");
        close(fd);
        return NULL;
    }
    if ((uint64_t)st.st_size > max) {
        *why = iop_xasprintf("the file is %lld bytes, over the limit of %zu bytes (%zu MiB)",
                             (long long)st.st_size, max, max / (1024 * 1024));
        close(fd);
        return NULL;
    }
    /* The size can change under us: read until EOF, never past the cap. */
    size_t cap = (size_t)st.st_size + 1, n = 0;
    char *buf = iop_xmalloc(cap + 1);
    for (;;) {
        if (n == cap) {
            if (cap > max) {
                *why = iop_xasprintf("the file is over the limit of %zu bytes", max);
                goto fail;
            }
            cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            buf = iop_xreallocarray(buf, cap + 1, 1);
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            *why = iop_xasprintf("cannot read: %s", strerror(errno));
            goto fail;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (n > max) {
        *why = iop_xasprintf("the file is over the limit of %zu bytes", max);
        goto fail;
    }
    close(fd);
    buf[n] = '\0';
    *len = n;
    return buf;
fail:
    close(fd);
    free(buf);
    return NULL;
}
