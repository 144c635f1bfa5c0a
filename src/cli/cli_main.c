/* The program's entry: dispatches to a subcommand, git-style. */
#include "commands.h"
#include "iopreport/render.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const iop_command commands[] = {
    /* further commands are registered here as they are added */
    {"build", "write every committee's reports as PDF (or ODT) files", iop_cmd_build},
    {"validate", "check agreement files against the format", iop_cmd_validate},
    {"summary", "list the agreements per committee with their status for a year", iop_cmd_summary},
    {"data", "print the report data XML that templates read", iop_cmd_data},
    {"new", "write a skeleton agreement or committee register to fill in", iop_cmd_new},
    {"import", "turn a spreadsheet list (CSV) into agreement files", iop_cmd_import},
    {"verify", "check whether a report still matches the files it was made from",
     iop_cmd_verify},
    {"render", "typeset one document into a PDF, PNG or SVG, or write it as ODT", iop_cmd_render},
    {NULL, NULL, NULL},
};

static void print_help(FILE *out)
{
    fprintf(out,
            "Usage: iopreport COMMAND [OPTIONS] [ARGS]\n"
            "\n"
            "Makes council documents about IOP agreements (idéburet offentligt\n"
            "partnerskap) from a folder of agreement XML files.\n"
            "\n"
            "Commands:\n");
    for (const iop_command *c = commands; c->name; c++)
        fprintf(out, "  %-10s %s\n", c->name, c->summary);
    fprintf(out,
            "\n"
            "Options:\n"
            "  -h, --help     show this help (or `iopreport COMMAND --help`)\n"
            "  -V, --version  show the version\n"
            "\n"
            "Exit status: 0 all done, 1 invalid input or failed output, 2 usage error.\n");
}

void iop_cli_print_entry(const iop_diag_entry *e, void *user)
{
    (void)user;
    char *line = iop_diag_format(e);
    fprintf(stderr, "%s\n", line);
    free(line);
}

void iop_cli_print_entry_coded(const iop_diag_entry *e, void *user)
{
    (void)user;
    char *line = iop_diag_format(e);
    if (e->code)
        fprintf(stderr, "%s [%s]\n", line, e->code);
    else
        fprintf(stderr, "%s\n", line);
    free(line);
}

void iop_cli_print_diag(const iop_diag *diag)
{
    for (size_t i = 0; i < iop_diag_size(diag); i++)
        iop_cli_print_entry(iop_diag_get(diag, i), NULL);
}

int iop_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "iopreport %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\nTry 'iopreport %s --help'.\n", cmd);
    va_end(ap);
    return IOP_EXIT_USAGE;
}

/* Ctrl-C or a SIGTERM in the middle of a PDF: remove its temporary file,
 * then die of the signal as if unhandled, so callers see what happened. */
static void on_stop_signal(int sig)
{
    iop_render_remove_partial_output();
    signal(sig, SIG_DFL);
    raise(sig);
}

int iop_cli_main(int argc, char **argv)
{
    static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof stop_signals / sizeof *stop_signals; i++) {
        struct sigaction sa = {.sa_handler = on_stop_signal};
        sigemptyset(&sa.sa_mask);
        sigaction(stop_signals[i], &sa, NULL);
    }
    /* Over a file-size limit (ulimit -f) the kernel would kill us with
     * SIGXFSZ and leave the temporary file behind; ignored, the write
     * fails with EFBIG and the output code cleans up and says so. */
    signal(SIGXFSZ, SIG_IGN);
    if (argc < 2) {
        print_help(stderr);
        return IOP_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "-h") == 0 || strcmp(name, "--help") == 0 || strcmp(name, "help") == 0) {
        print_help(stdout);
        return IOP_EXIT_OK;
    }
    if (strcmp(name, "-V") == 0 || strcmp(name, "--version") == 0) {
        printf("iopreport %s\n", IOP_VERSION);
        return IOP_EXIT_OK;
    }
    for (const iop_command *c = commands; c->name; c++)
        if (strcmp(name, c->name) == 0)
            return c->run(argc - 1, argv + 1);
    fprintf(stderr, "iopreport: unknown command '%s'\nTry 'iopreport --help'.\n", name);
    return IOP_EXIT_USAGE;
}
