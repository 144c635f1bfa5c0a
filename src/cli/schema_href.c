/* Where files written by `new` and `import` tell editors the schema is. */
#include "commands.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

char *iop_cli_schema_href(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) {
        buf[n] = '\0';
        char *slash = strrchr(buf, '/');
        if (slash) {
            *slash = '\0';
            char *installed = iop_xasprintf("%s/../share/iopreport/schema/iopreport.rng", buf);
            char *real = is_file(installed) ? realpath(installed, NULL) : NULL;
            free(installed);
            if (real)
                return real;
            char *cache = iop_xasprintf("%s/CMakeCache.txt", buf);
            bool build_tree = is_file(cache);
            free(cache);
            if (build_tree && is_file(IOP_SOURCE_DIR "/schema/iopreport.rng"))
                return iop_xstrdup(IOP_SOURCE_DIR "/schema/iopreport.rng");
        }
    }
    return iop_xstrdup(IOP_DATADIR "/schema/iopreport.rng");
}
