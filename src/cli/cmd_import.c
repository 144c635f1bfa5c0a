/* iopreport import: a spreadsheet list of agreements into one agreement
 * file per row. Nothing is written unless every row can be read, every
 * file validates and no file would be overwritten (without --force). */
#include "commands.h"
#include "iopreport/import.h"
#include "iopreport/load.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: iopreport import LIST.csv --out DIR [OPTIONS]\n"
            "\n"
            "Turns a list of agreements kept in a spreadsheet, saved as CSV, into agreement\n"
            "files: one DIR/ID.xml per row. Columns are found by their Swedish headers\n"
            "(Avtal, Idéburen part, Startdatum, Belopp per år, ...: docs/import.md);\n"
            "';' or ',' between fields, UTF-8 or Windows-1252, amounts as 1 100 000 kr\n"
            "or 563 750,50, dates as 2019-01-01 or 1 januari 2019. Every cell that cannot\n"
            "be read is printed as LIST.csv:LINE:COLUMN: error: ...; then nothing is\n"
            "written. The files written validate.\n"
            "\n"
            "Options:\n"
            "  -o, --out=DIR                 the folder to write to (made if missing)\n"
            "      --committee=ID            the committee of every agreement (else a column\n"
            "                                Nämnd-id)\n"
            "      --municipality=NAME       the municipality (else a column Kommun)\n"
            "      --municipality-code=CODE  its code, e.g. 0580 (else a column Kommunkod)\n"
            "      --force                   overwrite files that exist\n"
            "      --schema=HREF             where the files' xml-model line points\n"
            "  -h, --help                    show this help\n"
            "\n"
            "Exit status: 0 all rows written, 1 the list has problems (nothing written),\n"
            "2 usage error.\n");
}

static char *read_all(const char *path, size_t max, size_t *len, int *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *err = errno;
        return NULL;
    }
    iop_strbuf b = IOP_STRBUF_INIT;
    char chunk[65536];
    size_t n;
    *err = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.len + n > max) {
            *err = EFBIG;
            break;
        }
        iop_strbuf_append(&b, chunk, n);
    }
    if (ferror(f))
        *err = errno ? errno : EIO;
    fclose(f);
    if (*err) {
        iop_strbuf_free(&b);
        return NULL;
    }
    *len = b.len;
    return iop_strbuf_detach(&b);
}

/* Write text to a new temporary file beside path; its name, or NULL with
 * errno set. Caller frees. */
static char *write_temp(const char *path, const char *text)
{
    char *tmp = iop_xasprintf("%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(tmp);
        return NULL;
    }
    size_t len = strlen(text), done = 0;
    while (done < len) {
        ssize_t w = write(fd, text + done, len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    int saved = errno;
    if (fchmod(fd, 0644) != 0 || close(fd) != 0 || done < len) {
        errno = done < len ? saved : errno;
        unlink(tmp);
        free(tmp);
        return NULL;
    }
    return tmp;
}

static bool make_dir(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) == 0)
        return S_ISDIR(st.st_mode) || (errno = ENOTDIR, false);
    char *copy = iop_xstrdup(dir);
    for (char *p = copy + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            if (mkdir(copy, 0777) != 0 && errno != EEXIST) {
                free(copy);
                return false;
            }
            *p = '/';
        }
    free(copy);
    return mkdir(dir, 0777) == 0 || errno == EEXIST;
}

int iop_cmd_import(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},
        {"committee", required_argument, NULL, 'c'},
        {"municipality", required_argument, NULL, 'm'},
        {"municipality-code", required_argument, NULL, 'k'},
        {"force", no_argument, NULL, 'f'},
        {"schema", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    iop_import_options opts = {0};
    const char *out = NULL, *schema = NULL;
    bool force = false;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'c': opts.committee = optarg; break;
        case 'm': opts.municipality = optarg; break;
        case 'k': opts.municipality_code = optarg; break;
        case 'f': force = true; break;
        case 's': schema = optarg; break;
        case 'h': usage(stdout); return IOP_EXIT_OK;
        default:
            return iop_cli_usage_error("import", "unknown option or missing value: '%s'",
                                       argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return iop_cli_usage_error("import", "no list given: iopreport import LIST.csv --out DIR");
    if (argc - optind > 1)
        return iop_cli_usage_error("import", "one list at a time: '%s' is extra", argv[optind + 1]);
    if (!out)
        return iop_cli_usage_error("import", "say where the files go: --out DIR");
    if (opts.committee && (!*opts.committee || strpbrk(opts.committee, " \t\n/")))
        return iop_cli_usage_error("import", "--committee='%s' is not an id: no spaces, e.g. "
                                   "linkoping-an", opts.committee);
    if (opts.municipality_code &&
        (!*opts.municipality_code ||
         strspn(opts.municipality_code, "0123456789") != strlen(opts.municipality_code)))
        return iop_cli_usage_error("import", "--municipality-code wants digits, e.g. 0580: '%s'",
                                   opts.municipality_code);
    const char *list = argv[optind];

    int rc = IOP_EXIT_INVALID;
    char *href = schema ? iop_xstrdup(schema) : iop_cli_schema_href();
    opts.schema_href = href;
    iop_diag *diag = iop_diag_new();
    iop_diag_set_callback(diag, iop_cli_print_entry, NULL);
    iop_import_result *r = NULL;
    char **paths = NULL, **temps = NULL;
    size_t len = 0, renamed = 0;
    int err = 0;
    char *data = read_all(list, IOP_LOAD_DEFAULT_MAX_FILE_SIZE, &len, &err);
    if (!data) {
        fprintf(stderr, "%s: error: cannot read the list: %s\n", list,
                err == EFBIG ? "larger than 64 MiB" : strerror(err));
        goto done;
    }
    r = iop_import_csv(list, data, len, &opts, diag);
    if (!r)
        goto done;

    /* every file as it will be written goes through the loader first:
     * the import writes nothing validate would refuse */
    paths = iop_xcalloc(r->n_files, sizeof *paths);
    temps = iop_xcalloc(r->n_files, sizeof *temps);
    bool ok = true;
    for (size_t i = 0; i < r->n_files; i++) {
        paths[i] = iop_xasprintf("%s/%s.xml", out, r->files[i].id);
        iop_model *m = iop_model_new();
        iop_diag *check = iop_diag_new();
        bool valid = iop_load_buffer(m, paths[i], r->files[i].xml, strlen(r->files[i].xml), check);
        if (!valid || iop_diag_count(check, IOP_ERROR)) {
            fprintf(stderr, "%s:%ld: error: the row makes a file that does not validate:\n", list,
                    r->files[i].line);
            iop_cli_print_diag(check);
            ok = false;
        }
        iop_diag_free(check);
        iop_model_free(m);
        struct stat st;
        if (!force && lstat(paths[i], &st) == 0) {
            fprintf(stderr, "%s:%ld: error: %s exists: not overwritten (--force overwrites)\n",
                    list, r->files[i].line, paths[i]);
            ok = false;
        }
    }
    iop_load_cleanup();
    if (!ok)
        goto done;
    if (!make_dir(out)) {
        fprintf(stderr, "iopreport import: cannot make the folder %s: %s\n", out, strerror(errno));
        goto done;
    }
    for (size_t i = 0; i < r->n_files; i++) {
        temps[i] = write_temp(paths[i], r->files[i].xml);
        if (!temps[i]) {
            fprintf(stderr, "iopreport import: cannot write %s: %s (nothing written)\n", paths[i],
                    strerror(errno));
            goto done;
        }
    }
    for (size_t i = 0; i < r->n_files; i++) {
        if (rename(temps[i], paths[i]) != 0) {
            fprintf(stderr, "iopreport import: cannot write %s: %s\n", paths[i], strerror(errno));
            goto done;
        }
        free(temps[i]);
        temps[i] = NULL;
        renamed++;
    }
    printf("%zu agreement%s written to %s\n", r->n_files, r->n_files == 1 ? "" : "s", out);
    rc = IOP_EXIT_OK;
done:
    if (rc != IOP_EXIT_OK && renamed == 0)
        fprintf(stderr, "iopreport import: nothing written\n");
    else if (rc != IOP_EXIT_OK)
        fprintf(stderr, "iopreport import: only %zu of %zu files written\n", renamed,
                r->n_files);
    for (size_t i = 0; r && i < r->n_files; i++) {
        if (temps && temps[i])
            unlink(temps[i]);
        if (temps)
            free(temps[i]);
        if (paths)
            free(paths[i]);
    }
    free(temps);
    free(paths);
    iop_import_result_free(r);
    iop_diag_free(diag);
    free(data);
    free(href);
    return rc;
}
