/* iopreport data: print the report data XML that templates read
 * (docs/report-data.md), so templates can be written and debugged with
 * xsltproc. */
#include "commands.h"
#include "iopreport/aggregate.h"
#include "iopreport/load.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: iopreport data [OPTIONS] PATH...\n"
            "\n"
            "Reads agreement files and folders (recursively, every *.xml) and prints the\n"
            "report data for a year as XML on stdout: what every template reads, with\n"
            "every figure and date both raw and formatted in Swedish (docs/report-data.md).\n"
            "Without --committee, every committee's report and the catalogue of all\n"
            "agreements by municipality are printed in one document. As build holds\n"
            "back a report that an invalid file could change, data prints none of it.\n"
            "\n"
            "Options:\n"
            "  -y, --year=YEAR          the report year (default: the last full year)\n"
            "  -c, --committee=ID       only this committee's report\n"
            "  -a, --all                every committee and the catalogue (the default)\n"
            "      --case-number=TEXT   the report's case number (diarienummer)\n"
            "      --date=DATE          the report's date (YYYY, YYYY-MM or YYYY-MM-DD)\n"
            "      --highlight=ID       an agreement a catalogue tells in full; may be\n"
            "                           repeated\n"
            "      --compare            with --committee: the comparison with the year\n"
            "                           before (<comparison>, as `build --compare` makes it)\n"
            "      --compare-with=DIR   the same, the year before from an earlier export\n"
            "  -h, --help               show this help\n"
            "\n"
            "Exit status: 0 all input valid, 1 some input is invalid, 2 usage error.\n");
}

/* Is id a committee with a report (as build plans them)? If not, *hint
 * says which ones are (caller frees). */
static bool known_committee(const iop_model *model, const char *id, char **hint)
{
    size_t n = 0;
    char **ids = iop_report_committees_planned(model, &n);
    bool found = false;
    for (char **p = ids; *p && !found; p++)
        found = strcmp(*p, id) == 0;
    *hint = found ? NULL : iop_cli_committee_hint(id, ids, n);
    iop_strings_free(ids);
    return found;
}

int iop_cmd_data(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"year", required_argument, NULL, 'y'},
        {"committee", required_argument, NULL, 'c'},
        {"all", no_argument, NULL, 'a'},
        {"case-number", required_argument, NULL, 'n'},
        {"date", required_argument, NULL, 'd'},
        {"highlight", required_argument, NULL, 'H'},
        {"compare", no_argument, NULL, 'C'},
        {"compare-with", required_argument, NULL, 'W'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int year = 0;
    bool compare = false;
    const char *compare_with = NULL;
    const char *committee = NULL;
    bool all = false;
    iop_report_data_options opts = {0};
    const char **highlights = iop_xcalloc((size_t)argc, sizeof *highlights);
    opts.highlight = highlights;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "y:c:ah", longopts, NULL)) != -1) {
        switch (c) {
        case 'y': {
            int rc;
            if (!iop_cli_parse_year("data", optarg, &year, &rc))
                return rc;
            break;
        }
        case 'c':
            committee = optarg;
            break;
        case 'a':
            all = true;
            break;
        case 'n':
            opts.case_number = optarg;
            break;
        case 'd': {
            iop_date d;
            if (!iop_date_parse(optarg, &d))
                return iop_cli_usage_error("data", "--date wants YYYY, YYYY-MM or YYYY-MM-DD: '%s'",
                                           optarg);
            opts.date = optarg;
            break;
        }
        case 'H':
            highlights[opts.n_highlight++] = optarg;
            break;
        case 'C':
            compare = true;
            break;
        case 'W': {
            int path_rc;
            if (!iop_cli_check_paths("data", &optarg, 1, &path_rc)) {
                free(highlights);
                return path_rc;
            }
            compare_with = optarg;
            compare = true;
            break;
        }
        case 'h':
            free(highlights);
            usage(stdout);
            return IOP_EXIT_OK;
        default:
            free(highlights);
            return iop_cli_usage_error("data", "unknown option or missing value: '%s'",
                                       argv[optind - 1]);
        }
    }
    int early = -1, path_rc;
    if (optind >= argc)
        early = iop_cli_usage_error("data", "no files or folders given");
    else if (!iop_cli_check_paths("data", argv + optind, argc - optind, &path_rc))
        early = path_rc;
    else if (committee && all)
        early = iop_cli_usage_error("data", "--committee and --all exclude each other");
    else if (compare && !committee)
        early = iop_cli_usage_error("data", "--compare and --compare-with want --committee: the "
                                    "comparison is a committee's");
    if (early >= 0) {
        free(highlights);
        return early;
    }
    opts.generated_day = iop_cli_today();
    opts.has_generated = true;
    if (year == 0)
        year = iop_cli_default_year();

    iop_model *model = iop_model_new();
    iop_diag *diag = iop_diag_new();
    bool ok = iop_load_paths(model, (const char *const *)argv + optind, (size_t)(argc - optind),
                             NULL, diag);
    const char **left_out = iop_xcalloc(model->n_sources + 1, sizeof *left_out);
    for (size_t i = 0; i < model->n_sources; i++) {
        ok = ok && model->sources[i].status == IOP_SOURCE_OK;
        if (model->sources[i].status == IOP_SOURCE_UNREADABLE)
            left_out[opts.n_left_out++] = model->sources[i].path;
    }
    opts.left_out = left_out;
    if (!iop_report_data_check_highlight(model, &opts, diag))
        ok = false;
    iop_cli_print_diag(diag);
    int rc = ok && model->n_sources > 0 ? IOP_EXIT_OK : IOP_EXIT_INVALID;
    char *xml = NULL;
    char *hint = NULL;
    /* as build holds back a report that an invalid file could change, so
     * data writes none: a template must not be tried on incomplete data */
    char *held_back = iop_report_held_back(model, committee);
    if (committee && !known_committee(model, committee, &hint)) {
        fprintf(stderr, "iopreport data: no agreement or register entry names committee '%s'%s\n",
                committee, hint);
        free(hint);
        rc = IOP_EXIT_INVALID;
    } else if (held_back) {
        if (committee)
            fprintf(stderr,
                    "iopreport data: the report data of committee '%s' is not written: %s and "
                    "could change it\n",
                    committee, held_back);
        else
            fprintf(stderr,
                    "iopreport data: the report data is not written: %s and could change it "
                    "(--committee gives a committee's data that no invalid file names)\n",
                    held_back);
        rc = IOP_EXIT_INVALID;
    } else if (committee) {
        iop_report *r = iop_report_build_at(model, committee, year,
                                            iop_document_day(year, opts.date), NULL);
        iop_model *earlier = compare_with ? iop_cli_load_earlier("data", compare_with) : NULL;
        iop_comparison *cmp = NULL;
        if (compare_with && !earlier) {
            rc = IOP_EXIT_INVALID;
        } else {
            cmp = compare ? iop_comparison_build(model, earlier, committee, year) : NULL;
            opts.comparison = cmp;
            opts.compare_with = compare_with;
            xml = iop_report_data_xml(r, &opts);
        }
        iop_comparison_free(cmp);
        iop_model_free(earlier);
        iop_report_free(r);
    } else {
        iop_report_batch *b =
            iop_report_batch_build_at(model, year, iop_document_day(year, opts.date), NULL);
        xml = iop_report_batch_data_xml(b, &opts);
        iop_report_batch_free(b);
    }
    if (xml && (fputs(xml, stdout) == EOF || fflush(stdout) != 0)) {
        fprintf(stderr, "iopreport data: could not write the output\n");
        rc = IOP_EXIT_INVALID;
    }
    free(xml);
    free(held_back);
    free(left_out);
    free(highlights);
    iop_diag_free(diag);
    iop_model_free(model);
    iop_load_cleanup();
    return rc;
}
