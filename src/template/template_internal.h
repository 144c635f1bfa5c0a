/* Private to the template layer. */
#ifndef IOP_TEMPLATE_INTERNAL_H
#define IOP_TEMPLATE_INTERNAL_H

#include "iopreport/template.h"

#include <libxslt/xsltInternals.h>

struct iop_template {
    char *name;
    char *path;
    char *dir;         /* the stylesheet's folder: reads below it are allowed */
    iop_template_scope scope;
    char *packet;      /* iop:packet: the meeting packet it is made for, or NULL */
    uint64_t digest;
    /* every file read while loading (the stylesheet first), relative to
     * dir, with the SHA-256 of its bytes: the provenance record */
    char **files;
    char **file_sha256;
    size_t n_files;
    xsltStylesheetPtr style;
};

/* ---- finding templates (find.c) ---- */
/* The path of a template given by name or path; NULL (with a message in
 * *why, caller frees) when not found. Caller frees the result. */
char *template_resolve(const char *name_or_path, char **why);
/* Is `path` inside `dir` (after resolving both)? */
bool path_is_within(const char *path, const char *dir);

/* ---- libxslt global set-up (setup.c) ---- */
void template_setup(void);
/* The loader used for the stylesheet and everything it imports: our safe
 * parser flags; adds each file's bytes to *digest while loading. */
xmlDocPtr template_read_xml(const char *path, xmlDictPtr dict, uint64_t *digest,
                            iop_diag *diag);
/* Set while a template is being compiled, so imports add to its digest. */
extern uint64_t *template_loading_digest;
extern iop_diag *template_loading_diag;
extern const char *template_loading_dir;
/* Reads refused or failed since the last reset (document() at run time):
 * a transformation that saw one failed, even when libxslt carried on. */
extern size_t template_refused_reads;
/* The template being loaded: template_read_xml notes each file it reads. */
extern iop_template *template_loading_files;

/* ---- libxslt's textual messages → diagnostics (messages.c) ---- */
typedef struct xslt_messages {
    iop_strbuf text;
    xsltTransformContextPtr ctxt; /* while a transformation runs, else NULL */
    xmlNodePtr placed;            /* the instruction last placed by us */
} xslt_messages;
void messages_begin(xslt_messages *m);
/* Also collect a transformation's own messages (xsl:message, runtime errors). */
void messages_attach(xslt_messages *m, xsltTransformContextPtr ctxt);
/* Report what was collected; returns the number of messages reported. */
size_t messages_end(xslt_messages *m, iop_diag *diag, const char *file, iop_severity sev);

/* ---- the result tree as the document layer's input (result.c) ---- */
/* Make a template's result tree read as its serialisation would parse
 * (text nodes joined, line numbers the parser would give); false when only
 * the serialised route reads it right. */
bool template_result_prepare(xmlDocPtr out, xsltStylesheetPtr style);

/* ---- extension functions (functions.c) ---- */
void register_functions(void);


#endif
