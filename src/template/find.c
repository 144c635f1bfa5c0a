/* Where templates live: built-in ones by name, next to the binary when it
 * is installed (so a relocated install works), else the configured prefix,
 * else the source tree when the binary runs from its build folder. */
#include "template_internal.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef IOP_DATADIR
#define IOP_DATADIR "/usr/local/share/iopreport"
#endif

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static char *exe_dir(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0)
        return NULL;
    buf[n] = '\0';
    char *slash = strrchr(buf, '/');
    if (!slash)
        return NULL;
    *slash = '\0';
    return iop_xstrdup(buf);
}

char *iop_template_builtin_dir(void)
{
    const char *env = getenv("IOPREPORT_TEMPLATES");
    if (env && *env && is_dir(env))
        return iop_xstrdup(env);
    char *exe = exe_dir();
    if (exe) {
        char *installed = iop_xasprintf("%s/../share/iopreport/templates", exe);
        if (is_dir(installed)) {
            free(exe);
            return installed;
        }
        free(installed);
        char *cache = iop_xasprintf("%s/CMakeCache.txt", exe);
        bool build_tree = is_file(cache);
        free(cache);
        free(exe);
#ifdef IOP_SOURCE_DIR
        if (build_tree && is_dir(IOP_SOURCE_DIR "/templates"))
            return iop_xstrdup(IOP_SOURCE_DIR "/templates");
#endif
    }
    if (is_dir(IOP_DATADIR "/templates"))
        return iop_xstrdup(IOP_DATADIR "/templates");
#ifdef IOP_SOURCE_DIR
    if (is_dir(IOP_SOURCE_DIR "/templates"))
        return iop_xstrdup(IOP_SOURCE_DIR "/templates");
#endif
    return NULL;
}

static int is_xsl(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return n > 4 && e->d_name[0] != '.' && strcmp(e->d_name + n - 4, ".xsl") == 0;
}

/* ": did you mean 'x'? The built-in templates are a, b (in DIR)" */
static char *builtin_names(const char *dir, const char *wanted)
{
    struct dirent **list = NULL;
    int n = scandir(dir, &list, is_xsl, alphasort);
    const char **names = iop_xcalloc(n > 0 ? (size_t)n : 1, sizeof *names);
    for (int i = 0; i < n; i++) {
        list[i]->d_name[strlen(list[i]->d_name) - 4] = '\0';
        names[i] = list[i]->d_name;
    }
    iop_strbuf sb = IOP_STRBUF_INIT;
    const char *meant = n > 0 ? iop_closest_name(wanted, names, (size_t)n) : NULL;
    if (meant)
        iop_strbuf_printf(&sb, ": did you mean '%s'?", meant);
    iop_strbuf_puts(&sb, meant ? " The built-in templates are " : "; the built-in templates are ");
    for (int i = 0; i < n; i++)
        iop_strbuf_printf(&sb, "%s%s", i ? ", " : "", names[i]);
    iop_strbuf_printf(&sb, "%s(in %s)", n > 0 ? " " : "", dir);
    for (int i = 0; i < n; i++)
        free(list[i]);
    free(list);
    free(names);
    return iop_strbuf_detach(&sb);
}

static bool looks_like_name(const char *s)
{
    size_t n = strlen(s);
    return n > 0 && !strchr(s, '/') && !(n > 4 && strcmp(s + n - 4, ".xsl") == 0);
}

char *template_resolve(const char *name_or_path, char **why)
{
    *why = NULL;
    if (!looks_like_name(name_or_path)) {
        if (is_file(name_or_path))
            return iop_xstrdup(name_or_path);
        *why = iop_xasprintf("template file '%s' not found: %s", name_or_path,
                             access(name_or_path, F_OK) == 0 ? "not a regular file" : strerror(errno));
        return NULL;
    }
    char *dir = iop_template_builtin_dir();
    if (!dir) {
        *why = iop_xasprintf("no built-in template '%s': no template folder found (looked next "
                             "to the binary and in %s/templates); give a template by path, or set "
                             "IOPREPORT_TEMPLATES", name_or_path, IOP_DATADIR);
        return NULL;
    }
    char *path = iop_xasprintf("%s/%s.xsl", dir, name_or_path);
    if (is_file(path)) {
        free(dir);
        return path;
    }
    char *names = builtin_names(dir, name_or_path);
    *why = iop_xasprintf("no built-in template '%s'%s; or give the path of your own .xsl file",
                         name_or_path, names);
    free(names);
    free(path);
    free(dir);
    return NULL;
}

bool path_is_within(const char *path, const char *dir)
{
    char rp[PATH_MAX], rd[PATH_MAX];
    if (!realpath(path, rp) || !realpath(dir, rd))
        return false;
    size_t n = strlen(rd);
    return strncmp(rp, rd, n) == 0 && (rp[n] == '/' || rp[n] == '\0');
}
