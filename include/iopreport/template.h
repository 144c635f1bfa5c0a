/**
 * iopreport/template.h — the template layer: report data XML → document.
 *
 * A template is an XSLT 1.0 stylesheet (EXSLT available) run with libxslt.
 * Its input is the report data (docs/report-data.md), its output a document
 * in the engine's vocabulary (docs/document.md). Built-in templates are
 * found by name in the installed data folder (relative to the binary, then
 * the configured prefix, then the source tree when running from a build
 * folder); any other template by path. docs/templates.md tells users how to
 * write their own.
 *
 * Templates run with a security policy: no writing files, no creating
 * folders, no network; reading (xsl:import, document()) only below the
 * template's own folder and the built-in templates' folder. Stylesheets are
 * parsed without entity substitution or DTD loading.
 *
 * Extension functions, namespace IOP_TEMPLATE_FUNCTIONS_NS
 * (xmlns:iop="urn:iopreport:functions"): iop:kronor(n) → "2 490 604 kr",
 * iop:count(n) → "1 234", iop:percent(p) → "63,5 %" (p in percent),
 * iop:date(s) → "1 januari 2019" (s as YYYY[-MM[-DD]]), iop:period(start,
 * end) → "2019–2020" or "1 januari 2019 – 31 december 2020".
 */
#ifndef IOPREPORT_TEMPLATE_H
#define IOPREPORT_TEMPLATE_H

#include "iopreport/document.h"
#include "iopreport/util.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IOP_TEMPLATE_FUNCTIONS_NS "urn:iopreport:functions"
/** Namespace of the `iop:scope` attribute on <xsl:stylesheet>. */
#define IOP_TEMPLATE_META_NS "urn:iopreport:template"

/** What one run of a template covers; declared by the stylesheet with
 *  `iop:scope="committee|all|agreement"` on its root (default committee). */
typedef enum iop_template_scope {
    IOP_SCOPE_COMMITTEE, /**< one document per committee: report data of one committee */
    IOP_SCOPE_ALL,       /**< one document over the whole input ("all" report data) */
    IOP_SCOPE_AGREEMENT  /**< one document per agreement ("all" data, string param `agreement` = its id; "" = every agreement in one document) */
} iop_template_scope;

typedef struct iop_template iop_template;

/**
 * Load and compile a template: a name without '/' and without ".xsl"
 * ("arsrapport") is looked up among the built-in templates; anything else
 * is a path. Problems (not found, not well-formed, XSLT errors) are
 * reported with the template's file and line. Returns NULL on error.
 * Free with iop_template_free().
 */
iop_template *iop_template_load(const char *name_or_path, iop_diag *diag) IOP_MUST_CHECK;

/** Free a template. Accepts NULL. */
void iop_template_free(iop_template *t);

/**
 * The scope that the stylesheet named as for iop_template_load() declares
 * on its own root element, read without compiling it (its first element
 * only), so that what depends on the scope can start while it compiles.
 * False when that does not tell: the file cannot be found or read, it has
 * a document type declaration, or its root has no iop:scope (the scope is
 * then inherited from an import).  Reports nothing: iop_template_load()
 * says what is wrong.  Does not set up libxslt; safe to run beside an
 * iop_template_load() in another thread.
 */
bool iop_template_declared_scope(const char *name_or_path, iop_template_scope *scope);

/** The template's short name, used in output file names: the built-in
 *  name, or the file's base name without ".xsl". Borrowed. */
const char *iop_template_name(const iop_template *t);

/** The stylesheet's path. Borrowed. */
const char *iop_template_path(const iop_template *t);

/** The scope the template declares. */
iop_template_scope iop_template_get_scope(const iop_template *t);

/** The meeting packet the template declares it is made for
 *  (`iop:packet="NAME"` on its xsl:stylesheet; docs/packet.md), or NULL.
 *  Borrowed. */
const char *iop_template_packet(const iop_template *t);

/** FNV-1a 64 over the bytes of the stylesheet and every file it imported
 *  or included, to tell whether an existing output is up to date. */
uint64_t iop_template_digest(const iop_template *t);

/** The files the template was loaded from: the stylesheet first, then
 *  every file it imported or included, each named relative to the
 *  stylesheet's folder (so the same wherever templates are installed). */
size_t iop_template_n_files(const iop_template *t);
/** File `i`'s name; *sha256 (when not NULL) gets the SHA-256 of its bytes
 *  in hex. Borrowed. */
const char *iop_template_file(const iop_template *t, size_t i, const char **sha256);

/** A string parameter for the stylesheet (xsl:param), e.g. agreement-id. */
typedef struct iop_template_param {
    const char *name;
    const char *value; /**< passed as a string, not an XPath expression */
} iop_template_param;

/**
 * Run the template on report data (UTF-8 XML text, `data_len` bytes) and
 * parse the result as a document. Errors in the template at run time
 * (xsl:message terminate="yes", XPath errors) and in the document it
 * produces are reported with file and line. Returns NULL on error; the
 * caller frees the document with iop_document_free().
 */
iop_document *iop_template_apply(iop_template *t, const char *data, size_t data_len,
                                 const iop_template_param *params, size_t n_params,
                                 iop_diag *diag) IOP_MUST_CHECK;

struct _xmlDoc;

/**
 * The report data (UTF-8 XML text) parsed as iop_template_apply() parses
 * it, for a caller that reads it too (the provenance record) before
 * iop_template_apply_tree(): parsed once. NULL when it is not well-formed
 * (iop_template_apply() then says so). Free with iop_template_free_data().
 */
struct _xmlDoc *iop_template_read_data(const char *data, size_t data_len) IOP_MUST_CHECK;
void iop_template_free_data(struct _xmlDoc *tree);

/**
 * The same tree made as the report data is written, without parsing it:
 * give the builder's sink to the writer (iop_report_data_xml_to), then
 * finish.  _finish frees the builder and returns the tree, or NULL when
 * none was made (out of memory, or something the builder does not know:
 * then iop_template_read_data() the text).
 */
typedef struct iop_template_data_builder iop_template_data_builder;
iop_template_data_builder *iop_template_data_builder_new(void) IOP_MUST_CHECK;
const iop_xml_sink *iop_template_data_builder_sink(iop_template_data_builder *b);
struct _xmlDoc *iop_template_data_builder_finish(iop_template_data_builder *b) IOP_MUST_CHECK;

/**
 * iop_template_apply() on report data parsed by iop_template_read_data().
 * The tree stays the caller's; the transform may change it (xsl:strip-space),
 * so it is read before, not after.
 */
iop_document *iop_template_apply_tree(iop_template *t, struct _xmlDoc *data,
                                      const iop_template_param *params, size_t n_params,
                                      iop_diag *diag) IOP_MUST_CHECK;

/**
 * Like iop_template_apply(), but return the serialised output document
 * (for `iopreport build --emit document`, and for debugging templates).
 * Caller frees. NULL on error.
 */
char *iop_template_apply_to_string(iop_template *t, const char *data, size_t data_len,
                                   const iop_template_param *params, size_t n_params,
                                   size_t *out_len, iop_diag *diag) IOP_MUST_CHECK;

/** The folder of the built-in templates that this binary uses (for
 *  `--help` and messages), or NULL when none is found. Caller frees. */
char *iop_template_builtin_dir(void);

/** Release libxslt's global state, for leak checkers at exit. */
void iop_template_cleanup(void);

#ifdef __cplusplus
}
#endif

#endif /* IOPREPORT_TEMPLATE_H */
