/* Finding the input files: folders are read recursively, in name order so
 * that output and messages are the same on every machine; symlinked folders
 * are followed once (a loop is reported, not followed forever). */
#include "load_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

typedef struct visited {
    dev_t dev;
    ino_t ino;
} visited;

typedef struct walker {
    path_list *out;
    iop_diag *diag;
    visited *seen;
    size_t n_seen, cap_seen;
} walker;

static void add_entry(path_list *l, const char *p, char *why)
{
    l->paths = iop_grow(l->paths, &l->cap, l->n + 1, sizeof *l->paths);
    l->whys = iop_xreallocarray(l->whys, l->cap, sizeof *l->whys);
    l->paths[l->n] = iop_xstrdup(p);
    l->whys[l->n++] = why;
}

static void add_path(path_list *l, const char *p)
{
    add_entry(l, p, NULL);
}

void path_list_free(path_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->paths[i]);
        free(l->whys[i]);
    }
    free(l->paths);
    free(l->whys);
    memset(l, 0, sizeof *l);
}

/* `.XML` too: files copied from Windows shares are often upper case */
static bool ends_with_xml(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && strcasecmp(name + n - 4, ".xml") == 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* An unreadable path still counts as an input: the caller must know. */
static void cannot_read(walker *w, const char *path, int err)
{
    add_entry(w->out, path, iop_xasprintf("cannot read: %s", strerror(err)));
}

static void walk(walker *w, const char *path, bool explicit)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        cannot_read(w, path, errno);
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        if (explicit || ends_with_xml(path))
            add_path(w->out, path);
        return;
    }
    for (size_t i = 0; i < w->n_seen; i++)
        if (w->seen[i].dev == st.st_dev && w->seen[i].ino == st.st_ino) {
            iop_loc loc = {path, 0, 0};
            iop_diag_report(w->diag, IOP_WARNING, &loc,
                            "folder already read (a symbolic link loop?); skipped");
            return;
        }
    w->seen = iop_grow(w->seen, &w->cap_seen, w->n_seen + 1, sizeof *w->seen);
    w->seen[w->n_seen++] = (visited){st.st_dev, st.st_ino};

    DIR *d = opendir(path);
    if (!d) {
        cannot_read(w, path, errno);
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* hidden files, editors' backups, . and .. */
        names = iop_grow(names, &cap, n + 1, sizeof *names);
        names[n++] = iop_xstrdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(path);
        char *child = iop_xasprintf("%s%s%s", path, len && path[len - 1] == '/' ? "" : "/", names[i]);
        struct stat cst;
        if (lstat(child, &cst) != 0) {
            /* a folder without search permission, or a path longer than
             * PATH_MAX: whatever is there cannot be looked at, and it may
             * hold agreements */
            cannot_read(w, child, errno);
        } else if (S_ISLNK(cst.st_mode) && stat(child, &cst) != 0) {
            /* a dangling link matters only where an agreement was meant */
            if (ends_with_xml(names[i]))
                cannot_read(w, child, errno);
        } else if (S_ISDIR(cst.st_mode)) {
            walk(w, child, false);
        } else if (ends_with_xml(names[i])) {
            add_path(w->out, child);
        }
        free(child);
        free(names[i]);
    }
    free(names);
}

void walk_xml_files(const char *path, path_list *out, iop_diag *diag)
{
    walker w = {out, diag, NULL, 0, 0};
    walk(&w, path, true);
    free(w.seen);
}
