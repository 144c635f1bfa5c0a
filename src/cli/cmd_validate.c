/* iopreport validate: read every agreement file, report every problem. */
#include "commands.h"
#include "iopreport/load.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: iopreport validate [OPTIONS] PATH...\n"
            "(options may come before or after the paths; after --, all are paths)\n"
            "\n"
            "Reads agreement files and folders (recursively, every *.xml) and checks them\n"
            "against the agreement format (docs/format.md): the schema, then the rules\n"
            "across elements and files. Every problem is printed to stderr as\n"
            "FILE:LINE:COL: error: MESSAGE, followed by a one-line summary on stdout.\n"
            "\n"
            "Options:\n"
            "  -q, --quiet              print problems only, no summary\n"
            "      --codes              end each problem with its code, e.g. [IOP-DATE],\n"
            "                           for scripts (docs/diagnostic-codes.md)\n"
            "      --max-file-size=MiB  refuse files larger than this (default 64)\n"
            "  -j, --jobs=N             read files on N threads (default: the number of\n"
            "                           cores); the output is the same for any N\n"
            "  -h, --help               show this help\n"
            "\n"
            "Exit status: 0 all valid (warnings allowed), 1 some input is invalid,\n"
            "2 usage error.\n");
}

int iop_cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"quiet", no_argument, NULL, 'q'},
        {"max-file-size", required_argument, NULL, 'm'},
        {"codes", no_argument, NULL, 'c'},
        {"jobs", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool quiet = false, codes = false;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    iop_load_options opts = {.threads = cores < 1 ? 1 : cores > 64 ? 64 : (unsigned)cores};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "qhj:", longopts, NULL)) != -1) {
        switch (c) {
        case 'q':
            quiet = true;
            break;
        case 'c':
            codes = true;
            break;
        case 'm': {
            char *end;
            long mib = strtol(optarg, &end, 10);
            if (*end || mib <= 0 || mib > 4096)
                return iop_cli_usage_error("validate", "--max-file-size wants MiB, 1 to 4096: '%s'",
                                           optarg);
            opts.max_file_size = (size_t)mib * 1024 * 1024;
            break;
        }
        case 'j': {
            int n, rc;
            if (!iop_cli_parse_jobs("validate", optarg, &n, &rc))
                return rc;
            opts.threads = (unsigned)n;
            break;
        }
        case 'h':
            usage(stdout);
            return IOP_EXIT_OK;
        default:
            return iop_cli_usage_error("validate", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return iop_cli_usage_error("validate", "no files or folders given");
    int path_rc;
    if (!iop_cli_check_paths("validate", argv + optind, argc - optind, &path_rc))
        return path_rc;

    iop_model *model = iop_model_new();
    iop_diag *diag = iop_diag_new();
    iop_diag_set_callback(diag, codes ? iop_cli_print_entry_coded : iop_cli_print_entry, NULL);
    bool ok = iop_load_paths(model, (const char *const *)argv + optind, (size_t)(argc - optind),
                             &opts, diag);
    size_t bad = 0;
    for (size_t i = 0; i < model->n_sources; i++)
        bad += model->sources[i].status != IOP_SOURCE_OK;
    size_t errors = iop_diag_count(diag, IOP_ERROR), warnings = iop_diag_count(diag, IOP_WARNING);
    if (!quiet) {
        if (model->n_sources == 0)
            printf("no *.xml files found\n");
        else if (bad == 0)
            printf("%zu file%s valid: %zu agreement%s, %zu committee%s in the register%s\n",
                   model->n_sources, model->n_sources == 1 ? "" : "s", model->n_agreements,
                   model->n_agreements == 1 ? "" : "s", model->n_committees,
                   model->n_committees == 1 ? "" : "s",
                   warnings ? " (with warnings)" : "");
        else
            printf("%zu of %zu file%s invalid: %zu error%s, %zu warning%s\n", bad, model->n_sources,
                   model->n_sources == 1 ? "" : "s", errors, errors == 1 ? "" : "s", warnings,
                   warnings == 1 ? "" : "s");
    }
    int rc = ok && bad == 0 && model->n_sources > 0 ? IOP_EXIT_OK : IOP_EXIT_INVALID;
    iop_diag_free(diag);
    iop_model_free(model);
    iop_load_cleanup();
    return rc;
}
