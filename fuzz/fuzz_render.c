/* libFuzzer: bytes -> document -> pages -> PDF, as `iopreport render`
 * does, and document -> OpenDocument package (in memory). One typesetter for the whole run (as a batch uses one); the PDF
 * goes to a private folder in /dev/shm (memory) and is overwritten by
 * every input. */
#include "iopreport/document.h"
#include "iopreport/layout.h"
#include "iopreport/odt.h"
#include "iopreport/render.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static iop_layout *layout;
static char out_path[256];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    char dir[] = "/dev/shm/iop-fuzz-render.XXXXXX";
    char dir_tmp[] = "/tmp/iop-fuzz-render.XXXXXX";
    const char *d = mkdtemp(dir);
    if (!d)
        d = mkdtemp(dir_tmp);
    if (!d) {
        perror("fuzz_render: mkdtemp");
        abort();
    }
    snprintf(out_path, sizeof out_path, "%s/out.pdf", d);
    iop_diag *diag = iop_diag_new();
    layout = iop_layout_new(diag);
    iop_diag_free(diag);
    if (!layout) {
        fprintf(stderr, "fuzz_render: cannot set up pango and fontconfig\n");
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    iop_diag *diag = iop_diag_new();
    iop_document *doc = iop_document_parse_memory((const char *)data, size, "fuzz.xml", diag);
    iop_pages *pages = doc ? iop_layout_document(layout, doc, diag) : NULL;
    if (pages) {
        iop_render_meta meta;
        iop_render_meta_from_document(doc, &meta);
        meta.creation_time = 0;
        iop_render_options options = {.meta = &meta};
        if (!iop_render_write(pages, IOP_FORMAT_PDF, out_path, &options, diag)) {
            /* a write error here is the machine's, not the input's */
        }
    }
    if (doc) {
        size_t len = 0;
        free(iop_odt_package(doc, layout, &len, diag));
    }
    iop_pages_free(pages);
    iop_document_free(doc);
    iop_diag_free(diag);
    return 0;
}
