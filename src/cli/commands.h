/* Private to the CLI layer: one function per subcommand, each in its own
 * cmd_<name>.c file, registered in the table in cli_main.c. */
#ifndef IOP_CLI_COMMANDS_H
#define IOP_CLI_COMMANDS_H

#include "iopreport/cli.h"
#include "iopreport/model.h"
#include "iopreport/util.h"

#include <stdio.h>

typedef struct iop_command {
    const char *name;
    const char *summary; /* one line for `iopreport --help` */
    int (*run)(int argc, char **argv); /* argv[0] is the subcommand name */
} iop_command;

/* further commands are declared here as they are added */
int iop_cmd_summary(int argc, char **argv);
int iop_cmd_data(int argc, char **argv);
int iop_cmd_validate(int argc, char **argv);
int iop_cmd_render(int argc, char **argv);
int iop_cmd_build(int argc, char **argv);
int iop_cmd_new(int argc, char **argv);
int iop_cmd_import(int argc, char **argv);

/* Where the <?xml-model?> line of written agreement files points: the
 * schema next to an installed binary, the source tree's from a build tree,
 * else where `make install` puts it. Caller frees. */
char *iop_cli_schema_href(void);
int iop_cmd_verify(int argc, char **argv);

/* Today as a day number: SOURCE_DATE_EPOCH when set (reproducible
 * output), else the clock. */
int64_t iop_cli_today(void);
/* The default report year of every command: the last full year before
 * iop_cli_today(). */
int iop_cli_default_year(void);
/* Parse --year; on a bad value print a usage error, set *rc and return false. */
bool iop_cli_parse_year(const char *cmd, const char *arg, int *year, int *rc);
/* Parse --jobs (1 to 256); on a bad value print a usage error, set *rc and return false. */
bool iop_cli_parse_jobs(const char *cmd, const char *arg, int *jobs, int *rc);

/* For an unknown --committee ID: ": did you mean 'x'? The committees are:
 * a, b, c" (at most 40 named) from the n known ids. Caller frees. */
char *iop_cli_committee_hint(const char *id, char **committees, size_t n);
/* The input paths of a command: one that does not exist is a usage error
 * (a typo in the command, not a file that could hold agreements); prints
 * it, sets *rc and returns false. */
bool iop_cli_check_paths(const char *cmd, char *const *paths, int n, int *rc);

/* Print every entry of a sink to stderr as `FILE:LINE:COL: error: MESSAGE`. */
void iop_cli_print_diag(const iop_diag *diag);
/* A diagnostics callback that prints each problem to stderr as it is found. */
void iop_cli_print_entry(const iop_diag_entry *e, void *user);
/* The same with the problem's code, if it has one, after the message:
 * `FILE:LINE: error: MESSAGE [IOP-DOCTYPE]` (--codes; docs/diagnostic-codes.md). */
void iop_cli_print_entry_coded(const iop_diag_entry *e, void *user);

/* The earlier export of --compare-with, loaded and validated as the input
 * is; NULL after printing its problems (file:line) when it has errors. */
iop_model *iop_cli_load_earlier(const char *cmd, const char *dir);
/* Print a usage error for a subcommand and return IOP_EXIT_USAGE. */
int iop_cli_usage_error(const char *cmd, const char *fmt, ...) IOP_PRINTF(2, 3);

#endif
