/* Option values that several subcommands take the same way. */
#include "commands.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
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

int iop_cli_default_year(void)
{
    /* the year that is over: in December the current year's reports would
     * be nearly empty; build, data and summary agree, so that summary
     * previews what build makes */
    int y, m, d;
    iop_civil_from_days(iop_cli_today(), &y, &m, &d);
    return y - 1;
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

bool iop_cli_parse_jobs(const char *cmd, const char *arg, int *jobs, int *rc)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (*end || v < 1 || v > 256) {
        *rc = iop_cli_usage_error(cmd, "--jobs wants a number from 1 to 256: '%s'", arg);
        return false;
    }
    *jobs = (int)v;
    return true;
}

char *iop_cli_committee_hint(const char *id, char **committees, size_t n)
{
    iop_strbuf sb = {0};
    const char *meant = iop_closest_name(id, (const char *const *)committees, n);
    if (meant)
        iop_strbuf_printf(&sb, ": did you mean '%s'?", meant);
    if (n == 0) {
        iop_strbuf_puts(&sb, " (the files name no committee)");
        return iop_strbuf_detach(&sb);
    }
    iop_strbuf_puts(&sb, meant ? " The committees are: " : "; the committees are: ");
    for (size_t i = 0; i < n && i < 40; i++)
        iop_strbuf_printf(&sb, "%s%s", i ? ", " : "", committees[i]);
    if (n > 40)
        iop_strbuf_printf(&sb, " and %zu more", n - 40);
    return iop_strbuf_detach(&sb);
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
