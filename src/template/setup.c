/* libxslt's process-wide set-up: EXSLT, our extension functions, and one
 * loader for every stylesheet and document() read, so that templates are
 * parsed with the same safe flags as agreements and can only read below
 * their own folder or the built-in templates' folder. */
#include "template_internal.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libexslt/exslt.h>
#include <libxml/parser.h>
#include <libxslt/documents.h>
#include <libxslt/xslt.h>

uint64_t *template_loading_digest;
iop_diag *template_loading_diag;
const char *template_loading_dir;
size_t template_refused_reads;
iop_template *template_loading_files;

/* Note a file of the template being loaded, by its path below the
 * template's folder (the same wherever the templates are installed). */
static void note_file(iop_template *t, const char *path, const char *data, size_t len)
{
    size_t dl = strlen(t->dir);
    const char *rel = path;
    if (strncmp(path, t->dir, dl) == 0 && path[dl] == '/')
        rel = path + dl + 1;
    else if (strrchr(path, '/'))
        rel = strrchr(path, '/') + 1;
    for (size_t i = 0; i < t->n_files; i++)
        if (strcmp(t->files[i], rel) == 0)
            return;
    t->files = iop_xreallocarray(t->files, t->n_files + 1, sizeof *t->files);
    t->file_sha256 = iop_xreallocarray(t->file_sha256, t->n_files + 1, sizeof *t->file_sha256);
    t->files[t->n_files] = iop_xstrdup(rel);
    char sha[65];
    iop_sha256_hex_of(data, len, sha);
    t->file_sha256[t->n_files] = iop_xstrdup(sha);
    t->n_files++;
}

typedef struct parse_errors {
    iop_diag *diag;
    const char *file;
} parse_errors;

static void on_xml_error(void *user, const xmlError *err)
{
    parse_errors *pe = user;
    if (!pe->diag)
        return;
    iop_loc loc = {pe->file, err->line, err->int2};
    iop_diag_report(pe->diag, err->level == XML_ERR_WARNING ? IOP_WARNING : IOP_ERROR, &loc, "%s",
                    err->message ? err->message : "malformed XML");
}

static void on_problem(void *user, long line, const char *code, const char *message)
{
    (void)code;
    parse_errors *pe = user;
    iop_loc loc = {pe->file, line, 0};
    if (pe->diag)
        iop_diag_report(pe->diag, IOP_ERROR, &loc, "%s", message);
}

xmlDocPtr template_read_xml(const char *path, xmlDictPtr dict, uint64_t *digest, iop_diag *diag)
{
    size_t len = 0;
    char *why = NULL;
    char *data = iop_file_read(path, (size_t)16 * 1024 * 1024, &len, &why);
    if (!data) {
        iop_loc loc = {path, 0, 0};
        if (diag)
            iop_diag_report(diag, IOP_ERROR, &loc, "cannot read the template file: %s", why);
        free(why);
        return NULL;
    }
    if (digest)
        *digest = iop_digest_bytes(*digest, data, len);
    if (template_loading_files)
        note_file(template_loading_files, path, data, len);
    /* libxslt compares names by dictionary pointer: the parser shares its dictionary */
    parse_errors pe = {diag, path};
    iop_xml_parse how = {path, "templates", on_problem, on_xml_error, &pe, dict, false};
    xmlDocPtr doc = iop_xml_parse_safe(data, len, &how);
    free(data);
    return doc;
}

static bool allowed_read(const char *path)
{
    if (template_loading_dir && path_is_within(path, template_loading_dir))
        return true;
    char *builtin = iop_template_builtin_dir();
    bool ok = builtin && path_is_within(path, builtin);
    free(builtin);
    return ok;
}

static xmlDocPtr loader(const xmlChar *uri, xmlDictPtr dict, int options, void *ctxt,
                        xsltLoadType type)
{
    (void)options;
    (void)ctxt;
    (void)type;
    const char *path = (const char *)uri;
    if (strncmp(path, "file://", 7) == 0)
        path += 7;
    if (strstr(path, "://")) {
        template_refused_reads++;
        if (template_loading_diag) {
            iop_loc loc = {template_loading_dir, 0, 0};
            iop_diag_report(template_loading_diag, IOP_ERROR, &loc,
                            "templates may not read from the network: %s", (const char *)uri);
        }
        return NULL;
    }
    if (access(path, F_OK) != 0) {
        /* say that the file is missing, not that it is out of bounds */
        if (template_loading_diag) {
            iop_loc loc = {path, 0, 0};
            iop_diag_report(template_loading_diag, IOP_ERROR, &loc,
                            "no such file: check the href (relative to the template that "
                            "names it)");
        }
        return NULL;
    }
    if (!allowed_read(path)) {
        template_refused_reads++;
        if (template_loading_diag) {
            iop_loc loc = {path, 0, 0};
            iop_diag_report(template_loading_diag, IOP_ERROR, &loc,
                            "templates may only read files below their own folder");
        }
        return NULL;
    }
    xmlDocPtr doc = template_read_xml(path, dict, template_loading_digest, template_loading_diag);
    if (!doc)
        template_refused_reads++;
    return doc;
}

static bool set_up;

void template_setup(void)
{
    if (set_up)
        return;
    set_up = true;
    xmlInitParser();
    exsltRegisterAll();
    xsltSetLoaderFunc(loader);
    register_functions();
}

void iop_template_cleanup(void)
{
    if (!set_up)
        return;
    xsltCleanupGlobals();
    set_up = false;
}
