/* iopreport summary: the agreements per committee with their status for a
 * year, as a plain-text table or CSV, to show that the model is complete. */
#include "commands.h"
#include "iopreport/aggregate.h"
#include "iopreport/load.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: iopreport summary [OPTIONS] PATH...\n"
            "\n"
            "Reads agreement files and folders (recursively, every *.xml) and prints, per\n"
            "committee, a table of its agreements in the report year: id, status, the\n"
            "committee's cost for the year, the current period and the title. Status is\n"
            "'ongoing' or 'ended' (within the year), with 'new' (started within the year)\n"
            "and 'expiring' (ends within twelve months after 31 December of the year).\n"
            "A cost that no contribution records for the year is 'uppgift saknas' (an\n"
            "empty field in CSV), never 0. Problems in the input are printed to stderr;\n"
            "the valid agreements are still summarised.\n"
            "\n"
            "Options:\n"
            "  -y, --year=YEAR        the report year (default: the last full year)\n"
            "  -f, --format=FORMAT    text (default); csv for a spreadsheet (UTF-8 with\n"
            "                         BOM, ';' between fields, Swedish headers, a cell\n"
            "                         that would be a formula made text); tsv for\n"
            "                         scripts (tabs, the values as they are)\n"
            "      --remarks          also print the remarks against the IOP criteria to stderr\n"
            "  -h, --help             show this help\n"
            "\n"
            "Exit status: 0 all input valid, 1 some input is invalid, 2 usage error.\n");
}

/* Display width of UTF-8 text: one column per code point. */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

static void put_padded(const char *s, size_t w, bool right)
{
    size_t have = width(s);
    if (right)
        for (size_t i = have; i < w; i++)
            putchar(' ');
    fputs(s, stdout);
    if (!right)
        for (size_t i = have; i < w; i++)
            putchar(' ');
}

static char *status_text(iop_year_status s)
{
    return iop_xasprintf("%s%s%s",
                         iop_status_key(s.status == IOP_STATUS_ENDED ? IOP_STATUS_ENDED
                                                                     : IOP_STATUS_ONGOING),
                         s.is_new ? ", new" : "", s.expiring ? ", expiring" : "");
}

static char *period_text(const iop_period *p)
{
    char *s = iop_format_period(p->start, p->end);
    if (p->terminated.precision == IOP_DATE_NONE)
        return s;
    char *t = iop_format_date(p->terminated);
    char *r = iop_xasprintf("%s (terminated %s)", s, t);
    free(s);
    free(t);
    return r;
}

enum { COL_ID, COL_STATUS, COL_COST, COL_PERIOD, COL_TITLE, N_COLS };

static void print_text(const iop_report *r, bool first)
{
    if (!first)
        putchar('\n');
    printf("%s  %s, %d: %zu agreement%s (%zu ongoing, %zu ended, %zu new)\n", r->committee_id,
           r->committee_name, r->year, r->n_items, r->n_items == 1 ? "" : "s",
           r->by_status[IOP_STATUS_ONGOING].count, r->by_status[IOP_STATUS_ENDED].count,
           r->total.n_new);
    if (r->n_items == 0)
        return;
    size_t rows = r->n_items + 2;
    char ***cells = iop_xcalloc(rows, sizeof *cells);
    cells[0] = iop_xcalloc(N_COLS, sizeof(char *));
    cells[0][COL_ID] = iop_xstrdup("ID");
    cells[0][COL_STATUS] = iop_xstrdup("STATUS");
    cells[0][COL_COST] = iop_xasprintf("COST %d", r->year);
    cells[0][COL_PERIOD] = iop_xstrdup("PERIOD");
    cells[0][COL_TITLE] = iop_xstrdup("TITLE");
    for (size_t i = 0; i < r->n_items; i++) {
        const iop_report_item *it = &r->items[i];
        char **row = cells[i + 1] = iop_xcalloc(N_COLS, sizeof(char *));
        row[COL_ID] = iop_xstrdup(it->agreement->id);
        row[COL_STATUS] = status_text(it->status);
        row[COL_COST] = it->cost_recorded ? iop_format_kronor(it->cost_kr)
                                          : iop_xstrdup(IOP_NOT_RECORDED_TEXT);
        row[COL_PERIOD] = period_text(&it->agreement->period);
        row[COL_TITLE] = iop_xstrdup(it->agreement->title);
    }
    char **total = cells[rows - 1] = iop_xcalloc(N_COLS, sizeof(char *));
    total[COL_ID] = iop_xstrdup("total");
    total[COL_STATUS] = iop_xstrdup("");
    total[COL_COST] = iop_format_kronor(r->total.cost_kr);
    total[COL_PERIOD] = iop_xstrdup("");
    total[COL_TITLE] = iop_xstrdup("");
    size_t w[N_COLS] = {0};
    for (size_t i = 0; i < rows; i++)
        for (int c = 0; c < N_COLS; c++)
            if (width(cells[i][c]) > w[c])
                w[c] = width(cells[i][c]);
    for (size_t i = 0; i < rows; i++) {
        int last = N_COLS - 1; /* no trailing blanks after the last filled cell */
        while (last > 0 && cells[i][last][0] == '\0')
            last--;
        fputs("  ", stdout);
        for (int c = 0; c <= last; c++) {
            put_padded(cells[i][c], c == last && c != COL_COST ? 0 : w[c], c == COL_COST);
            if (c < last)
                fputs("  ", stdout);
        }
        putchar('\n');
        for (int c = 0; c < N_COLS; c++)
            free(cells[i][c]);
        free(cells[i]);
    }
    free(cells);
    if (r->total.n_cost_missing)
        printf("  (the total leaves out %zu agreement%s with no cost recorded for %d)\n",
               r->total.n_cost_missing, r->total.n_cost_missing == 1 ? "" : "s", r->year);
}

/* The two machine formats: csv for a Swedish spreadsheet (UTF-8 with a BOM,
 * ';' between fields, Swedish headers and words), tsv for scripts (the
 * values as they are, one tab between fields). */
typedef enum out_format { FORMAT_TEXT, FORMAT_CSV, FORMAT_TSV } out_format;

/* One CSV field. A cell that begins with = + - @ tab or CR is a formula to a
 * spreadsheet (=HYPERLINK(...) in a title runs when the file is opened): it
 * gets a leading ' that makes it text (OWASP, "CSV injection"). Quoted when
 * it must be (RFC 4180, with ';' as the separator). */
static void csv_field(const char *s, bool last)
{
    if (!s)
        s = "";
    bool formula = strchr("=+-@\t\r", s[0]) && s[0] != '\0';
    if (formula || strpbrk(s, ";\"\r\n")) {
        putchar('"');
        if (formula)
            putchar('\'');
        for (; *s; s++) {
            if (*s == '"')
                putchar('"');
            putchar(*s);
        }
        putchar('"');
    } else {
        fputs(s, stdout);
    }
    fputs(last ? "\r\n" : ";", stdout);
}

/* One TSV field: tabs and line ends inside a value become spaces. */
static void tsv_field(const char *s, bool last)
{
    for (; s && *s; s++)
        putchar(*s == '\t' || *s == '\r' || *s == '\n' ? ' ' : *s);
    fputs(last ? "\n" : "\t", stdout);
}

static void field(out_format f, const char *s, bool last)
{
    if (f == FORMAT_CSV)
        csv_field(s, last);
    else
        tsv_field(s, last);
}

static void print_fields(const iop_report *r, out_format f)
{
    bool sv = f == FORMAT_CSV;
    for (size_t i = 0; i < r->n_items; i++) {
        const iop_report_item *it = &r->items[i];
        const iop_agreement *a = it->agreement;
        char year[16], cost[32], value[32], start[IOP_DATE_ISO_SIZE], end[IOP_DATE_ISO_SIZE],
            term[IOP_DATE_ISO_SIZE];
        snprintf(year, sizeof year, "%d", r->year);
        /* not recorded is an empty field, never 0 */
        cost[0] = value[0] = '\0';
        if (it->cost_recorded)
            snprintf(cost, sizeof cost, "%" PRId64, it->cost_kr);
        if (it->value_recorded)
            snprintf(value, sizeof value, "%" PRId64, it->value_kr);
        bool ended = it->status.status == IOP_STATUS_ENDED;
        field(f, r->committee_id, false);
        field(f, year, false);
        field(f, a->id, false);
        field(f, a->title, false);
        field(f, a->area, false);
        field(f, iop_date_iso(a->period.start, start), false);
        field(f, iop_date_iso(a->period.end, end), false);
        field(f, iop_date_iso(a->period.terminated, term), false);
        iop_status st = ended ? IOP_STATUS_ENDED : IOP_STATUS_ONGOING;
        field(f, sv ? iop_status_name(st) : iop_status_key(st), false);
        field(f, it->status.is_new ? (sv ? "ja" : "yes") : (sv ? "nej" : "no"), false);
        field(f, it->status.expiring ? (sv ? "ja" : "yes") : (sv ? "nej" : "no"), false);
        field(f, cost, false);
        field(f, value, false);
        field(f, a->loc.file, true);
    }
}

int iop_cmd_summary(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"year", required_argument, NULL, 'y'},
        {"format", required_argument, NULL, 'f'},
        {"remarks", no_argument, NULL, 'r'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int year = 0;
    out_format format = FORMAT_TEXT;
    bool remarks = false;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "y:f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'y': {
            int rc;
            if (!iop_cli_parse_year("summary", optarg, &year, &rc))
                return rc;
            break;
        }
        case 'f':
            if (strcmp(optarg, "csv") == 0)
                format = FORMAT_CSV;
            else if (strcmp(optarg, "tsv") == 0)
                format = FORMAT_TSV;
            else if (strcmp(optarg, "text") == 0)
                format = FORMAT_TEXT;
            else
                return iop_cli_usage_error("summary", "--format wants text, csv or tsv: '%s'",
                                           optarg);
            break;
        case 'r':
            remarks = true;
            break;
        case 'h':
            usage(stdout);
            return IOP_EXIT_OK;
        default:
            return iop_cli_usage_error("summary", "unknown option or missing value: '%s'",
                                       argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return iop_cli_usage_error("summary", "no files or folders given");
    int path_rc;
    if (!iop_cli_check_paths("summary", argv + optind, argc - optind, &path_rc))
        return path_rc;
    if (year == 0)
        year = iop_cli_default_year();

    iop_model *model = iop_model_new();
    iop_diag *diag = iop_diag_new();
    bool ok = iop_load_paths(model, (const char *const *)argv + optind, (size_t)(argc - optind),
                             NULL, diag);
    for (size_t i = 0; i < model->n_sources; i++)
        ok = ok && model->sources[i].status == IOP_SOURCE_OK;
    iop_report_batch *batch = iop_report_batch_build(model, year, remarks ? diag : NULL);
    iop_cli_print_diag(diag);

    /* the BOM tells a spreadsheet that the file is UTF-8 ("nämnd", not "nÃ¤mnd") */
    if (format == FORMAT_CSV)
        fputs("\xef\xbb\xbfnämnd;år;id;titel;område;start;slut;uppsagt;status;ny;löper ut;"
              "kostnad (kr);värde (kr);fil\r\n",
              stdout);
    else if (format == FORMAT_TSV)
        fputs("committee\tyear\tid\ttitle\tarea\tstart\tend\tterminated\tstatus\tnew\t"
              "expiring\tcost\tvalue\tfile\n",
              stdout);
    for (size_t i = 0; i < batch->n_reports; i++) {
        if (format == FORMAT_TEXT)
            print_text(batch->reports[i], i == 0);
        else
            print_fields(batch->reports[i], format);
    }
    if (format == FORMAT_TEXT && batch->n_reports == 0)
        printf("no agreements found\n");
    int rc = ok && model->n_sources > 0 ? IOP_EXIT_OK : IOP_EXIT_INVALID;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "iopreport summary: could not write the output\n");
        rc = IOP_EXIT_INVALID;
    }
    iop_report_batch_free(batch);
    iop_diag_free(diag);
    iop_model_free(model);
    iop_load_cleanup();
    return rc;
}
