/* Option values that several subcommands take the same way. */
#include "commands.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

int64_t iop_cli_today(void)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    int64_t t = (int64_t)time(NULL);
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (!*end)
            t = v;
    }
    return t >= 0 ? t / 86400 : (t - 86399) / 86400;
}

int iop_cli_current_year(void)
{
    int y, m, d;
    iop_civil_from_days(iop_cli_today(), &y, &m, &d);
    return y;
}

bool iop_cli_parse_year(const char *cmd, const char *arg, int *year, int *rc)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (*end || end == arg || v < 1000 || v > 9998) {
        *rc = iop_cli_usage_error(cmd, "--year wants a year such as 2018: '%s'", arg);
        return false;
    }
    if (v < IOP_MIN_YEAR || v > IOP_MAX_YEAR) {
        *rc = iop_cli_usage_error(cmd, "--year %ld is outside the years %d to %d that the "
                                  "format allows", v, IOP_MIN_YEAR, IOP_MAX_YEAR);
        return false;
    }
    *year = (int)v;
    return true;
}

bool iop_cli_check_paths(const char *cmd, char *const *paths, int n, int *rc)
{
    for (int i = 0; i < n; i++) {
        struct stat st;
        /* lstat: a dangling symbolic link exists, and is reported as unreadable */
        if (lstat(paths[i], &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
            *rc = iop_cli_usage_error(cmd, "no such file or folder: %s", paths[i]);
            return false;
        }
    }
    return true;
}
