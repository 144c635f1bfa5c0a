/* iopreport render: typeset one document of the engine's vocabulary
 * (docs/document.md) into a PDF, or PNG/SVG previews of its pages, or
 * write it as an editable OpenDocument text (docs/odt.md). */
#include "commands.h"
#include "provenance.h"
#include "iopreport/odt.h"
#include "iopreport/render.h"

#include <getopt.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void usage(FILE *out)
{
    fprintf(out,
            "Usage: iopreport render [OPTIONS] DOCUMENT.xml -o OUTPUT\n"
            "\n"
            "Typesets a document (the vocabulary in docs/document.md, what templates\n"
            "produce) and writes it as a PDF, or as one PNG or SVG per page for previews,\n"
            "or as an OpenDocument text (.odt) to edit in LibreOffice or Word.\n"
            "The output is written atomically: a failed run never leaves a partial file.\n"
            "A PDF records the document it was made from (its SHA-256), which\n"
            "`iopreport verify` checks (docs/provenance.md).\n"
            "\n"
            "Options:\n"
            "  -o, --output=FILE     where to write (required); for PNG and SVG of several\n"
            "                        pages, page N goes to FILE with -N before the extension\n"
            "  -f, --format=FORMAT   pdf (default), png, svg or odt; guessed from the output's\n"
            "                        extension when not given\n"
            "  -r, --dpi=N           resolution of PNG pages (default 96)\n"
            "      --dump            print the laid-out boxes instead of writing a file\n"
            "  -h, --help            show this help\n"
            "\n"
            "Exit status: 0 written, 1 invalid document or failed output, 2 usage error.\n");
}

/* The OpenDocument text is not one of the render layer's formats: it is
 * made from the document tree, not from laid-out pages. */
#define FORMAT_ODT ((iop_render_format)100)

static bool format_from_name(const char *s, iop_render_format *f)
{
    if (strcmp(s, "odt") == 0)
        *f = FORMAT_ODT;
    else if (strcmp(s, "pdf") == 0)
        *f = IOP_FORMAT_PDF;
    else if (strcmp(s, "png") == 0)
        *f = IOP_FORMAT_PNG;
    else if (strcmp(s, "svg") == 0)
        *f = IOP_FORMAT_SVG;
    else
        return false;
    return true;
}

static iop_render_format format_from_path(const char *path)
{
    const char *dot = strrchr(path, '.');
    iop_render_format f = IOP_FORMAT_PDF;
    if (dot && (strcmp(dot, ".png") == 0 || strcmp(dot, ".PNG") == 0))
        f = IOP_FORMAT_PNG;
    else if (dot && (strcmp(dot, ".svg") == 0 || strcmp(dot, ".SVG") == 0))
        f = IOP_FORMAT_SVG;
    else if (dot && (strcmp(dot, ".odt") == 0 || strcmp(dot, ".ODT") == 0))
        f = FORMAT_ODT;
    return f;
}

int iop_cmd_render(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"dpi", required_argument, NULL, 'r'},
        {"dump", no_argument, NULL, 'D'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *output = NULL;
    iop_render_format format = IOP_FORMAT_PDF;
    bool format_given = false, dump = false;
    double dpi = 96;
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "o:f:r:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            break;
        case 'f':
            if (!format_from_name(optarg, &format))
                return iop_cli_usage_error("render", "--format wants pdf, png, svg or odt: '%s'", optarg);
            format_given = true;
            break;
        case 'r': {
            char *end;
            dpi = strtod(optarg, &end);
            if (*end || !(dpi >= 10 && dpi <= 1200))
                return iop_cli_usage_error("render", "--dpi wants a number from 10 to 1200: '%s'",
                                           optarg);
            break;
        }
        case 'D':
            dump = true;
            break;
        case 'h':
            usage(stdout);
            return IOP_EXIT_OK;
        default:
            return iop_cli_usage_error("render", "unknown option or missing value: '%s'",
                                       argv[optind - 1]);
        }
    }
    if (optind >= argc)
        return iop_cli_usage_error("render", "no document given");
    if (argc - optind > 1)
        return iop_cli_usage_error("render", "one document at a time: '%s'", argv[optind + 1]);
    if (!output && !dump)
        return iop_cli_usage_error("render", "no output given (-o FILE)");
    if (output && !format_given)
        format = format_from_path(output);

    iop_diag *diag = iop_diag_new();
    int rc = IOP_EXIT_INVALID;
    iop_document *doc = iop_document_parse_file(argv[optind], diag);
    iop_layout *lay = doc ? iop_layout_new(diag) : NULL;
    /* one document, and a core to spare: its end is shaped on a second
     * thread (the pages are the same) */
    int threads = sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
    if (lay)
        iop_layout_set_threads(lay, threads);
    bool odt = format == FORMAT_ODT && !dump;
    iop_pages *pages = lay && !odt ? iop_layout_document(lay, doc, diag) : NULL;
    if (lay && odt) {
        rc = iop_odt_write(doc, output, lay, diag) ? IOP_EXIT_OK : IOP_EXIT_INVALID;
    } else if (pages && dump) {
        iop_pages_dump(pages, stdout);
        rc = fflush(stdout) == 0 ? IOP_EXIT_OK : IOP_EXIT_INVALID;
    } else if (pages) {
        /* the provenance record of a PDF: the document, by its digest */
        iop_render_meta meta;
        iop_render_meta_from_document(doc, &meta);
        gchar *bytes = NULL;
        gsize len = 0;
        build_record *record = format == IOP_FORMAT_PDF &&
                                       g_file_get_contents(argv[optind], &bytes, &len, NULL)
                                   ? build_record_document(argv[optind], bytes, len)
                                   : NULL;
        meta.xmp = record ? build_record_xmp(record) : NULL;
        iop_render_options options = {.meta = &meta, .dpi = dpi, .threads = threads};
        rc = iop_render_write(pages, format, output, &options, diag) ? IOP_EXIT_OK
                                                                     : IOP_EXIT_INVALID;
        build_record_free(record);
        g_free(bytes);
    }
    iop_cli_print_diag(diag);
    iop_pages_free(pages);
    iop_layout_free(lay);
    iop_document_free(doc);
    iop_diag_free(diag);
    return rc;
}
