/* iopreport build: every committee's reports (and catalogues and fact
 * sheets) from one folder of agreements, as PDF files in --out. */
#include "build.h"
#include "commands.h"
#include "iopreport/load.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int is_template_file(const struct dirent *e)
{
    size_t n = strlen(e->d_name);
    return n > 4 && e->d_name[0] != '.' && strcmp(e->d_name + n - 4, ".xsl") == 0;
}

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: iopreport build [OPTIONS] PATH...\n"
            "\n"
            "Reads agreement files and folders (recursively, every *.xml), validates them\n"
            "as `iopreport validate` does, and writes every committee's report for the\n"
            "year as PDF: OUT/<committee>-<template>-<year>.pdf (a template over all\n"
            "agreements writes OUT/<template>-<year>.pdf, a fact-sheet template one file\n"
            "per agreement, OUT/<agreement>-<template>-<year>.pdf).\n"
            "\n"
            "A committee without an agreement in the year gets no report unless\n"
            "--committee names it; the summary lists them.\n"
            "A committee that an invalid file names gets no report (the others do). A\n"
            "file that cannot be read at all could belong to any committee: then nothing\n"
            "is written unless --keep-going is given. Reports whose inputs, template and\n"
            "options have not changed since they were written are skipped.\n"
            "\n"
            "Options:\n"
            "  -y, --year=YEAR          the report year (default: the last full year)\n"
            "  -o, --out=DIR            where the PDFs go (default: the current folder;\n"
            "                           made when missing)\n"
            "  -t, --template=NAME      a built-in template (arsrapport, the default;\n"
            "                           tjansteskrivelse, exempelsamling, faktablad) or the\n"
            "                           path of your own .xsl; may be repeated\n"
            "  -c, --committee=ID       only this committee's reports, written even when it\n"
            "                           has no agreement in the year (a catalogue or fact\n"
            "                           sheets: only its agreements); may be repeated\n"
            "      --date=DATE          the documents' date (YYYY-MM-DD; default today)\n"
            "      --case-number=TEXT   the case number (diarienummer) in the documents\n"
            "      --title=TEXT         the document title, where the template has one\n"
            "      --proposal=TEXT      a decision the memo proposes; repeat it for several\n"
            "                           (one decision each, numbered in that order)\n"
            "      --highlight=ID       an agreement to show in full in a catalogue; may be\n"
            "                           repeated\n"
            "      --combine            fact sheets: all agreements in one PDF\n"
            "      --packet=NAME        one PDF per committee for its meeting, instead of\n"
            "                           the single documents: OUT/<committee>-NAME-<year>.pdf\n"
            "                           holds every template's documents in the order given\n"
            "                           (default: tjansteskrivelse, arsrapport, faktablad),\n"
            "                           a fact sheet per agreement (docs/packet.md)\n"
            "      --packet-numbering=continuous|per-document\n"
            "                           page numbers across the packet (default), or each\n"
            "                           document's own\n"
            "      --format=FORMAT      pdf (default), or odt: OpenDocument texts to edit in\n"
            "                           LibreOffice or Word, named as the PDFs but .odt\n"
            );
    /* two calls: one literal of this length is more than C99 promises */
    fputs("      --param=NAME=VALUE   a string parameter for the template\n"
            "      --param-file=NAME=FILE  a string parameter read from a text file (at most\n"
            "                           64 KiB of UTF-8; e.g. policy=riktlinjer.txt)\n"
            "      --compare            compare each committee's year with the year before:\n"
            "                           what changed, the cost the year before, the cost of\n"
            "                           every year (default: on for arsrapport and\n"
            "                           tjansteskrivelse when the input has agreements in\n"
            "                           force the year before)\n"
            "      --no-compare         no comparison\n"
            "      --compare-with=DIR   compare with an earlier export of the agreements:\n"
            "                           the year before is taken from DIR, and figures that\n"
            "                           differ between the two are listed as edited since\n"
            "  -k, --keep-going         write the reports even when some files cannot be\n"
            "                           read; every report names them on its first page\n"
            "  -f, --force              make every report, even those that are up to date\n"
            "  -j, --jobs=N             worker processes, and threads to read the input; a\n"
            "                           report made alone uses two threads when N >= 2\n"
            "                           (default: the number of cores)\n"
            "      --time-limit=SECONDS a report that takes longer is stopped and named as\n"
            "                           failed; the others are written (default: 600; 0: none)\n"
            "  -q, --quiet              print only errors and failures\n"
            "  -v, --verbose            print every report as it is done\n"
            "  -h, --help               show this help\n"
            "\n"
            "\n"
            "Exit status: 0 every report written (or up to date), 1 some input invalid,\n"
            "some report not written, or nothing to write for the year, 2 usage error.\n",
          out);
    char *dir = iop_template_builtin_dir();
    if (!dir) {
        fprintf(out, "\nNo built-in templates found (set IOPREPORT_TEMPLATES to their folder).\n");
        return;
    }
    fprintf(out, "\nBuilt-in templates, in %s:\n", dir);
    struct dirent **names = NULL;
    int n = scandir(dir, &names, is_template_file, alphasort);
    for (int i = 0; i < n; i++) {
        fprintf(out, "  %.*s\n", (int)(strlen(names[i]->d_name) - 4), names[i]->d_name);
        free(names[i]);
    }
    free(names);
    free(dir);
}

/* mkdir -p */
static bool make_dirs(const char *path, iop_diag *diag)
{
    char *p = iop_xstrdup(path);
    bool ok = true;
    for (char *s = p + 1; ok; s++) {
        bool end = *s == '\0';
        if (*s != '/' && !end)
            continue;
        *s = '\0';
        struct stat st;
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            iop_loc loc = {path, 0, 0};
            iop_diag_report(diag, IOP_ERROR, &loc, "cannot make the output folder: %s: %s", p,
                            strerror(errno));
            ok = false;
        } else if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
            iop_loc loc = {path, 0, 0};
            iop_diag_report(diag, IOP_ERROR, &loc,
                            "cannot make the output folder: %s is not a folder", p);
            ok = false;
        }
        if (end)
            break;
        *s = '/';
    }
    if (ok && access(path, W_OK | X_OK) != 0) {
        iop_loc loc = {path, 0, 0};
        iop_diag_report(diag, IOP_ERROR, &loc, "cannot write in the output folder: %s",
                        strerror(errno));
        ok = false;
    }
    free(p);
    return ok;
}

/* Is `name` a temporary of the file `base` left by a run that was killed:
 * the report's (".BASE.tmpXXXXXX", src/render/atomic.c) or its build
 * record's (".BASE.digest.tmpPID", build_digest_record)? */
static bool is_temporary_of(const char *name, const char *base)
{
    size_t n = strlen(base);
    if (name[0] != '.' || strncmp(name + 1, base, n) != 0)
        return false;
    const char *rest = name + 1 + n;
    if (strncmp(rest, ".tmp", 4) == 0)
        return strlen(rest) == 10;
    if (strncmp(rest, ".digest.tmp", 11) != 0 || !rest[11])
        return false;
    return strspn(rest + 11, "0123456789") == strlen(rest + 11);
}

/* A run killed in the middle (kill -9, power cut) leaves its temporary
 * files (".NAME.pdf.tmpXXXXXX", ".NAME.pdf.digest.tmpPID") beside the
 * reports; never a half-written report under its real name.  Remove those
 * of the reports this run is about to write, and only those. */
static void remove_stale_temporaries(const build_plan *plan, const char *out_dir)
{
    DIR *d = opendir(out_dir);
    if (!d)
        return;
    size_t dir_len = strlen(out_dir);
    struct dirent *e;
    while ((e = readdir(d))) {
        const char *name = e->d_name;
        if (name[0] != '.' || !strstr(name, ".tmp"))
            continue;
        for (size_t i = 0; i < plan->n_jobs; i++) {
            const char *out = plan->jobs[i].out_path;
            if (strlen(out) > dir_len && is_temporary_of(name, out + dir_len + 1)) {
                char *path = iop_xasprintf("%s/%s", out_dir, name);
                unlink(path);
                free(path);
                break;
            }
        }
    }
    closedir(d);
}

static int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

typedef struct string_list {
    const char **v;
    size_t n;
} string_list;

static void push(string_list *l, const char *s)
{
    l->v = iop_xreallocarray(l->v, l->n + 1, sizeof *l->v);
    l->v[l->n++] = s;
}

static void push_param(build_options *o, const char *name, const char *value)
{
    o->params = iop_xreallocarray(o->params, o->n_params + 1, sizeof *o->params);
    o->params[o->n_params++] = (iop_template_param){name, value};
}

/* --out is a folder: a name that is a file, or looks like one, is refused
 * before any file is read, not after the whole batch is validated. */
static int check_out_dir(const char *out)
{
    struct stat st;
    /* a name that ends like one of the files build writes */
    size_t n = strlen(out);
    bool pdf_name = n > 4 && (strcasecmp(out + n - 4, ".pdf") == 0 ||
                              strcasecmp(out + n - 4, ".odt") == 0);
    if (stat(out, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return -1;
        return iop_cli_usage_error("build", "--out %s is a file, not a folder: --out names the "
                                   "folder where the PDFs go (their names are made from the "
                                   "committee, template and year), e.g. --out rapporter/", out);
    }
    if (pdf_name)
        return iop_cli_usage_error("build", "--out %s looks like a file name: --out names the "
                                   "folder where the reports go (their names are made from the "
                                   "committee, template and year), e.g. --out rapporter/", out);
    return -1;
}

enum {
    OPT_DATE = 256, OPT_CASE, OPT_TITLE, OPT_PROPOSAL, OPT_HIGHLIGHT, OPT_COMBINE, OPT_PARAM,
    OPT_PARAM_FILE, OPT_TIME_LIMIT, OPT_PACKET, OPT_PACKET_NUMBERING, OPT_FORMAT, OPT_COMPARE,
    OPT_NO_COMPARE, OPT_COMPARE_WITH
};

/* The text of a --param-file, or NULL with the reason in `why`. Caller frees. */
static char *read_param_file(const char *path, char *why, size_t why_len)
{
    enum { MAX = 64 * 1024 };
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(why, why_len, "%s", strerror(errno));
        return NULL;
    }
    char *buf = iop_xmalloc(MAX + 2);
    size_t n = fread(buf, 1, MAX + 1, f);
    bool err = ferror(f) != 0;
    fclose(f);
    buf[n] = '\0';
    const char *problem = err ? "cannot be read" : n > MAX ? "is larger than 64 KiB"
                          : memchr(buf, '\0', n) ? "holds a NUL byte (not text)" : NULL;
    if (problem) {
        snprintf(why, why_len, "%s", problem);
        free(buf);
        return NULL;
    }
    return buf;
}

/* Returns -1 when the options are fine, else the exit code. */
static int parse_options(int argc, char **argv, build_options *o, string_list *templates,
                         string_list *committees, string_list *highlights, string_list *texts)
{
    static const struct option longopts[] = {
        {"year", required_argument, NULL, 'y'},
        {"out", required_argument, NULL, 'o'},
        {"template", required_argument, NULL, 't'},
        {"committee", required_argument, NULL, 'c'},
        {"date", required_argument, NULL, OPT_DATE},
        {"case-number", required_argument, NULL, OPT_CASE},
        {"title", required_argument, NULL, OPT_TITLE},
        {"proposal", required_argument, NULL, OPT_PROPOSAL},
        {"highlight", required_argument, NULL, OPT_HIGHLIGHT},
        {"combine", no_argument, NULL, OPT_COMBINE},
        {"packet", required_argument, NULL, OPT_PACKET},
        {"packet-numbering", required_argument, NULL, OPT_PACKET_NUMBERING},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"param", required_argument, NULL, OPT_PARAM},
        {"param-file", required_argument, NULL, OPT_PARAM_FILE},
        {"compare", no_argument, NULL, OPT_COMPARE},
        {"no-compare", no_argument, NULL, OPT_NO_COMPARE},
        {"compare-with", required_argument, NULL, OPT_COMPARE_WITH},
        {"keep-going", no_argument, NULL, 'k'},
        {"force", no_argument, NULL, 'f'},
        {"jobs", required_argument, NULL, 'j'},
        {"time-limit", required_argument, NULL, OPT_TIME_LIMIT},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "y:o:t:c:kfj:qvh", longopts, NULL)) != -1) {
        switch (c) {
        case 'y': {
            int rc;
            if (!iop_cli_parse_year("build", optarg, &o->year, &rc))
                return rc;
            break;
        }
        case 'o':
            if (!*optarg)
                return iop_cli_usage_error("build", "--out wants a folder");
            o->out_dir = optarg;
            break;
        case 't':
            if (!*optarg)
                return iop_cli_usage_error("build", "--template wants a name or a path");
            push(templates, optarg);
            break;
        case 'c':
            push(committees, optarg);
            break;
        case OPT_DATE: {
            iop_date d;
            if (!iop_date_parse(optarg, &d))
                return iop_cli_usage_error("build", "--date wants YYYY, YYYY-MM or YYYY-MM-DD: '%s'",
                                           optarg);
            o->data.date = optarg;
            break;
        }
        case OPT_CASE:
            o->data.case_number = optarg;
            break;
        case OPT_TITLE:
            push_param(o, "title", optarg);
            break;
        case OPT_PROPOSAL: {
            /* one decision per --proposal; the template numbers the lines */
            char *joined = o->proposal ? iop_xasprintf("%s\n%s", o->proposal, optarg)
                                       : iop_xstrdup(optarg);
            free(o->proposal);
            o->proposal = joined;
            size_t i = 0;
            while (i < o->n_params && strcmp(o->params[i].name, "proposal") != 0)
                i++;
            if (i < o->n_params)
                o->params[i].value = joined;
            else
                push_param(o, "proposal", joined);
            break;
        }
        case OPT_HIGHLIGHT:
            push(highlights, optarg);
            break;
        case OPT_COMBINE:
            o->combine = true;
            break;
        case OPT_PACKET:
            if (!*optarg)
                return iop_cli_usage_error("build", "--packet wants a name, e.g. --packet "
                                           "handlingar");
            o->packet = optarg;
            break;
        case OPT_PACKET_NUMBERING:
            if (strcmp(optarg, "continuous") != 0 && strcmp(optarg, "per-document") != 0)
                return iop_cli_usage_error("build", "--packet-numbering wants continuous or "
                                           "per-document: '%s'", optarg);
            o->packet_per_document = strcmp(optarg, "per-document") == 0;
            break;
        case OPT_FORMAT:
            if (strcmp(optarg, "pdf") != 0 && strcmp(optarg, "odt") != 0)
                return iop_cli_usage_error("build", "--format wants pdf or odt: '%s'", optarg);
            o->odt = strcmp(optarg, "odt") == 0;
            break;
        case OPT_PARAM: {
            char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg)
                return iop_cli_usage_error("build", "--param wants NAME=VALUE: '%s'", optarg);
            *eq = '\0';
            push_param(o, optarg, eq + 1);
            break;
        }
        case OPT_PARAM_FILE: {
            char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg || !eq[1])
                return iop_cli_usage_error("build", "--param-file wants NAME=FILE: '%s'", optarg);
            *eq = '\0';
            char why[128];
            char *text = read_param_file(eq + 1, why, sizeof why);
            if (!text)
                return iop_cli_usage_error("build", "--param-file %s: '%s' %s", optarg, eq + 1, why);
            push(texts, text);
            push_param(o, optarg, text);
            break;
        }
        case OPT_COMPARE:
            o->compare = 1;
            break;
        case OPT_NO_COMPARE:
            o->compare = 0;
            break;
        case OPT_COMPARE_WITH: {
            int path_rc;
            if (!*optarg)
                return iop_cli_usage_error("build", "--compare-with wants a folder");
            if (!iop_cli_check_paths("build", &optarg, 1, &path_rc))
                return path_rc;
            o->compare_with = optarg;
            break;
        }
        case 'k':
            o->keep_going = true;
            break;
        case 'f':
            o->force = true;
            break;
        case 'j': {
            int rc;
            if (!iop_cli_parse_jobs("build", optarg, &o->jobs, &rc))
                return rc;
            break;
        }
        case OPT_TIME_LIMIT: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || end == optarg || v < 0 || v > 86400)
                return iop_cli_usage_error("build", "--time-limit wants seconds from 0 (no limit) "
                                           "to 86400: '%s'", optarg);
            o->time_limit = (int)v;
            break;
        }
        case 'q':
            o->verbosity = 0;
            break;
        case 'v':
            o->verbosity = 2;
            break;
        case 'h':
            usage(stdout);
            return IOP_EXIT_OK;
        default:
            return iop_cli_usage_error("build", "unknown option or missing value: '%s'",
                                       argv[optind - 1]);
        }
    }
    if (o->compare == 0 && o->compare_with)
        return iop_cli_usage_error("build", "--no-compare and --compare-with exclude each other");
    if (optind >= argc)
        return iop_cli_usage_error("build", "no files or folders given");
    if (o->packet && o->combine)
        return iop_cli_usage_error("build", "--combine and --packet: a packet holds a fact "
                                   "sheet per agreement of its committee; leave out --combine");
    int path_rc;
    if (!iop_cli_check_paths("build", argv + optind, argc - optind, &path_rc))
        return path_rc;
    return check_out_dir(o->out_dir);
}

/* The texts read for --param-file (owned, unlike the other lists' strings). */
static void free_texts(string_list *texts)
{
    for (size_t i = 0; i < texts->n; i++)
        free((char *)texts->v[i]);
    free(texts->v);
}

/* What the options leave unsaid: the default templates, the highlights
 * as one text, today, and the last full year when no --year is given. */
static void settle_options(build_options *o, string_list *templates,
                           const string_list *committees, const string_list *highlights)
{
    static const char *default_template = "arsrapport";
    /* a meeting's documents in the order they are read */
    static const char *const packet_templates[] = {"tjansteskrivelse", "arsrapport", "faktablad"};
    if (templates->n == 0 && o->packet)
        for (size_t i = 0; i < sizeof packet_templates / sizeof *packet_templates; i++)
            push(templates, packet_templates[i]);
    if (templates->n == 0)
        push(templates, default_template);
    o->templates = templates->v;
    o->n_templates = templates->n;
    o->committees = committees->v;
    o->n_committees = committees->n;
    if (highlights->n) {
        iop_strbuf sb = {0};
        for (size_t i = 0; i < highlights->n; i++) {
            if (i)
                iop_strbuf_putc(&sb, ' ');
            iop_strbuf_puts(&sb, highlights->v[i]);
        }
        o->highlight = iop_strbuf_detach(&sb);
        o->data.highlight = highlights->v;
        o->data.n_highlight = highlights->n;
    }
    o->data.generated_day = iop_cli_today();
    o->data.has_generated = true;
    if (o->year == 0) {
        o->year = iop_cli_default_year();
        o->year_default = true;
    }
}

/* The first of the three stages, each with its own sink, printed before
 * the next begins: the templates (and the packet one of them declares).
 * Templates come first because when every one makes one committee's
 * report, the model keeps no long texts (each worker reads its
 * committee's files again), so that a batch over a whole country stays
 * small.  Returns whether that is so. */
static bool load_templates(build_plan *plan, build_options *o, iop_diag *diag)
{
    return build_plan_templates(plan, o, diag);
}

/* ... and their messages, once the templates are loaded. */
static void templates_loaded(build_plan *plan, build_options *o, iop_diag *diag)
{
    if (!o->packet && !plan->packet_conflict)
        o->packet = plan->declared_packet; /* a template made for a packet */
    iop_cli_print_diag(diag);
    iop_diag_free(diag);
}

/* Whether every template declares its scope on its root, and then in
 * *committee_scope_only whether all are a committee's: what the reading
 * of the input depends on, known before the templates are compiled. */
static bool scopes_declared(const build_options *o, bool *committee_scope_only)
{
    *committee_scope_only = true;
    for (size_t i = 0; i < o->n_templates; i++) {
        iop_template_scope scope;
        if (!iop_template_declared_scope(o->templates[i], &scope))
            return false;
        *committee_scope_only = *committee_scope_only && scope == IOP_SCOPE_COMMITTEE;
    }
    return true;
}

/* The second stage: every input file read and validated once, its
 * messages to `diag`.  Returns whether the input is valid and not empty. */
static bool load_inputs(iop_model *model, const build_options *o,
                        const iop_load_options *load_opts, iop_diag *diag)
{
    bool input_valid = iop_load_paths(model, o->paths, o->n_paths, load_opts, diag);
    input_valid = input_valid && model->n_sources > 0;
#ifdef __GLIBC__
    /* Reading thousands of files leaves the heap full of holes (parse
     * trees, the texts just dropped); give them back before the workers
     * are forked, so that no process carries them. */
    malloc_trim(0);
#endif
    if (model->n_sources == 0)
        iop_diag_report(diag, IOP_ERROR, NULL, "no *.xml files in the paths given");
    return input_valid;
}

/* ... printed after the templates' messages; they follow --quiet (errors
 * only). */
static void inputs_loaded(const build_options *o, iop_diag *diag)
{
    for (size_t i = 0; i < iop_diag_size(diag); i++) {
        const iop_diag_entry *e = iop_diag_get(diag, i);
        if (o->verbosity == 0 && e->severity != IOP_ERROR)
            continue; /* quiet: errors only */
        char *line = iop_diag_format(e);
        fprintf(stderr, "%s\n", line);
        free(line);
    }
    iop_diag_free(diag);
}

/* The templates compiled in a second thread while this one sets up the
 * typesetter and reads and validates the input (the machine's other core
 * is idle then): for one committee's report the two halves take about as
 * long, and the compiling (a twentieth of the report's time) leaves the
 * way to the PDF.  The reading depends on the templates' scopes, so this
 * is done only when every stylesheet declares its scope on its root.
 *
 * What runs side by side: libxml2 in both threads (set up in this one
 * first; each thread parses its own documents with its own dictionaries
 * and error handlers, which libxml2 keeps per thread), and libxslt's
 * compiling, whose process-wide state (EXSLT, our extension functions,
 * the loader and its variables) no other thread touches until the join.
 * fontconfig, pango and cairo stay in this thread.  The plan's templates
 * and their messages are taken only after the join, and the messages
 * printed where they were printed before; the join comes before anything
 * is laid out and before any fork. */
typedef struct compile_work {
    build_plan *plan;
    const build_options *opts;
    iop_diag *diag;
    bool committee_scope_only;  /* what the compiled templates say */
} compile_work;

static void *compile_templates(void *arg)
{
    compile_work *w = arg;
    w->committee_scope_only = build_plan_templates(w->plan, w->opts, w->diag);
    return NULL;
}

/* The typesetter made before it is known to be needed, and its messages,
 * for make_reports. */
typedef struct early_layout {
    iop_layout *layout;
    iop_diag *diag;
} early_layout;

/* The files that could not be read, which every report names. The array
 * is the caller's to free; its strings are the model's. */
static const char **note_left_out(const iop_model *model, build_options *o)
{
    /* counted first: an array the size of the input, kept by the parent
     * and its workers, for what is usually no file at all */
    size_t n = 0;
    for (size_t i = 0; i < model->n_sources; i++)
        n += model->sources[i].status == IOP_SOURCE_UNREADABLE;
    const char **left_out = iop_xcalloc(n + 1, sizeof *left_out);
    for (size_t i = 0; i < model->n_sources; i++)
        if (model->sources[i].status == IOP_SOURCE_UNREADABLE)
            left_out[o->data.n_left_out++] = model->sources[i].path;
    o->data.left_out = left_out;
    return left_out;
}

/* Every pending job failed for one reason, when no worker can start. */
static void fail_pending(build_plan *plan, const char *why)
{
    for (size_t i = 0; i < plan->n_jobs; i++)
        if (plan->jobs[i].outcome == JOB_PENDING) {
            plan->jobs[i].outcome = JOB_FAILED;
            plan->jobs[i].reason = iop_xstrdup(why);
        }
}

bool build_env_flag(const char *name)
{
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

bool build_frees_at_exit(void)
{
#ifdef IOP_FREE_AT_EXIT
    return true;
#else
    return build_env_flag("IOPREPORT_FREE_AT_EXIT");
#endif
}

/* What the run holds at its end, left to the exit (build_frees_at_exit). */
static struct {
    build_plan plan;
    iop_model *model;
    iop_model *earlier;
    iop_layout *layout;
} left_to_exit;

static void run_workers(build_plan *plan, const iop_model *model, const build_options *o,
                        iop_layout *lay, bool details_dropped)
{
    remove_stale_temporaries(plan, o->out_dir);
    /* Nothing is laid out here before the workers are forked: what a
     * worker loads for its reports (fonts, glyphs, shaping plans) it
     * writes to as it uses it (reference counts, caches), so a copy made
     * here would be copied again into every worker, and kept here besides.
     * A warm-up document did that until stop 21, in the wrong fonts too
     * (the format's defaults, not the templates'): 1.6 MiB of the peak PSS
     * at 10 000 agreements, for no CPU time saved (bench/README.md). */
    build_context ctx = {.model = model, .opts = o, .plan = plan, .layout = lay,
                         .details_dropped = details_dropped};
    build_progress *progress = build_progress_new(plan->n_jobs, o->verbosity);
    build_progress_start(progress);
    worker_pool_run(&ctx, progress, o->jobs);
    build_progress_finish(progress, o->year);
    build_progress_free(progress);
}

/* The third stage: the earlier export to compare with (--compare-with),
 * the plan, the output folder and the typesetter, whose messages are
 * printed before the workers start; then the reports and the summary.
 * Returns the exit code. */
static int make_reports(build_plan *plan, iop_model *model, build_options *o,
                        bool input_valid, bool details_dropped, early_layout *early)
{
    iop_diag *diag = iop_diag_new();
    bool planned = model->n_sources > 0 && build_compare_load(o) &&
                   build_plan_make(plan, model, o, diag);
    if (planned && details_dropped) {
        /* the plan now knows what each report reads; the index, which
         * grows with the batch, would otherwise be carried by every
         * process forked below */
        build_plan_settle_inputs(plan, model);
        iop_model_drop_index(model);
#ifdef __GLIBC__
        malloc_trim(0);
#endif
    }
    bool pending = false;
    for (size_t i = 0; planned && i < plan->n_jobs; i++)
        pending = pending || plan->jobs[i].outcome == JOB_PENDING;
    /* a typesetter set up early has its messages printed here, where it
     * used to be set up; it is unused when nothing is laid out */
    iop_layout *lay = NULL;
    if (planned && pending && make_dirs(o->out_dir, diag)) {
        if (early->diag) {
            lay = early->layout;
            early->layout = NULL;
            iop_diag_merge(diag, early->diag);
        } else {
            lay = iop_layout_new(diag);
        }
    }
    iop_cli_print_diag(diag);

    int rc = IOP_EXIT_INVALID;
    if (planned) {
        if (lay)
            run_workers(plan, model, o, lay, details_dropped);
        else
            fail_pending(plan, iop_diag_count(diag, IOP_ERROR)
                                   ? "the output folder cannot be used (see above)"
                                   : "the typesetter could not be set up (see above)");
        rc = build_summary(plan, o, model, input_valid);
    }
    if (build_frees_at_exit())
        iop_layout_free(lay);
    else
        left_to_exit.layout = lay; /* the last report's pages use its fonts */
    iop_diag_free(diag);
    return rc;
}

int iop_cmd_build(int argc, char **argv)
{
    build_options o = {.out_dir = ".", .jobs = default_jobs(), .verbosity = 1,
                       .time_limit = BUILD_DEFAULT_TIME_LIMIT, .compare = -1};
    string_list templates = {0}, committees = {0}, highlights = {0}, texts = {0};
    int rc = parse_options(argc, argv, &o, &templates, &committees, &highlights, &texts);
    if (rc >= 0) {
        free_texts(&texts);
        free(templates.v), free(committees.v), free(highlights.v), free(o.params);
        free(o.proposal);
        return rc;
    }
    settle_options(&o, &templates, &committees, &highlights);
    o.paths = (const char *const *)argv + optind;
    o.n_paths = (size_t)(argc - optind);

    build_plan plan;
    bool committee_scope_only;
    iop_diag *template_diag = iop_diag_new();
    compile_work w = {.plan = &plan, .opts = &o, .diag = template_diag};
    early_layout early = {0};
    pthread_t thread;
    bool threaded = false;
    /* external entities refused before any stylesheet is read, and
     * libxml2 set up before a second thread parses */
    iop_xml_init();
    /* the first thread: a report made in this process reuses its arena */
    iop_huge_pages_prepare_next_thread();
    if (scopes_declared(&o, &committee_scope_only)) {
        threaded = iop_thread_start(&thread, compile_templates, &w) == 0;
        if (threaded) {
            early.diag = iop_diag_new();
            early.layout = iop_layout_new(early.diag);
        }
    }
    if (!threaded) {
        /* a scope inherited from an import is known once compiled */
        committee_scope_only = load_templates(&plan, &o, template_diag);
        templates_loaded(&plan, &o, template_diag);
    }
    /* the comparison with an earlier export looks agreements up across
     * committees (one moved to another), so the model keeps them whole.
     * The input is read on as many threads as there will be workers (the
     * load layer starts them only for enough files), while the other
     * cores would idle: 2-3 % of a batch's wall time at -j 2. */
    iop_load_options load_opts = {.index_only = committee_scope_only && !o.compare_with,
                                  .threads = o.jobs};
#ifdef __GLIBC__
    /* A reading thread's malloc arena keeps the free memory at its end
     * resident: glibc gives it back only when it exceeds the trim
     * threshold, which it raises up to 64 MiB as large blocks are freed,
     * and malloc_trim does not reach it.  Every worker forked later would
     * carry it: reading threads raised k10's peak PSS from 47.1 to 48.2
     * MiB (over issue 18's 48) until the threshold was held at glibc's
     * default here (47.9 MiB with and without them, bench/README.md). */
    if (o.jobs > 1)
        mallopt(M_TRIM_THRESHOLD, 128 * 1024);
#endif
    iop_model *model = iop_model_new();
    iop_diag *load_diag = iop_diag_new();
    bool input_valid = load_inputs(model, &o, &load_opts, load_diag);
    if (threaded) {
        if (pthread_join(thread, NULL) != 0)
            abort(); /* a thread of ours, started above: cannot happen */
        templates_loaded(&plan, &o, template_diag);
        if (w.committee_scope_only != committee_scope_only) {
            /* the compiled templates disagree with their roots (one of
             * them failed to compile, or changed between the two reads):
             * read the input again as they want it */
            load_opts.index_only = w.committee_scope_only && !o.compare_with;
            iop_model_free(model);
            iop_diag_free(load_diag);
            model = iop_model_new();
            load_diag = iop_diag_new();
            input_valid = load_inputs(model, &o, &load_opts, load_diag);
        }
    }
    inputs_loaded(&o, load_diag);
    const char **left_out = note_left_out(model, &o);
    rc = make_reports(&plan, model, &o, input_valid, load_opts.index_only, &early);

    iop_layout_free(early.layout);
    iop_diag_free(early.diag);
    if (build_frees_at_exit()) {
        build_plan_free(&plan);
        iop_model_free(model);
        iop_model_free(o.earlier);
    } else {
        left_to_exit.plan = plan;
        left_to_exit.model = model;
        left_to_exit.earlier = o.earlier;
    }
    free(left_out);
    free(templates.v);
    free(committees.v);
    free(highlights.v);
    free(o.params);
    free(o.highlight);
    free(o.proposal);
    free_texts(&texts);
    if (build_frees_at_exit()) {
        /* libxml2's and libxslt's global state, the kept font matches */
        iop_template_cleanup();
        iop_load_cleanup();
        iop_layout_cleanup();
    }
    return rc;
}
