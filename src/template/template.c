/* Compiling a template and running it: report data in, document out. */
#include "template_internal.h"

#include <libgen.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <libxslt/security.h>
#include <libxslt/transform.h>
#include <libxslt/xsltutils.h>

static char *dir_of(const char *path)
{
    char *copy = iop_xstrdup(path);
    char *d = iop_xstrdup(dirname(copy));
    free(copy);
    return d;
}

static char *short_name(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".xsl") == 0)
        n -= 4;
    return iop_xstrndup(base, n);
}

/* The scope an iop:scope value names; an unknown one is committee's. */
static iop_template_scope scope_named(const xmlChar *s)
{
    if (strcmp((const char *)s, "all") == 0)
        return IOP_SCOPE_ALL;
    if (strcmp((const char *)s, "agreement") == 0)
        return IOP_SCOPE_AGREEMENT;
    return IOP_SCOPE_COMMITTEE;
}

/* The iop:scope of a stylesheet; *found is false when it has none. */
static iop_template_scope read_scope(xmlDocPtr doc, iop_diag *diag, const char *path, bool *found)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    xmlChar *s = root ? xmlGetNsProp(root, (const xmlChar *)"scope",
                                     (const xmlChar *)IOP_TEMPLATE_META_NS)
                      : NULL;
    iop_template_scope scope = IOP_SCOPE_COMMITTEE;
    *found = s != NULL;
    if (s) {
        scope = scope_named(s);
        if (strcmp((const char *)s, "all") != 0 && strcmp((const char *)s, "agreement") != 0 &&
            strcmp((const char *)s, "committee") != 0 && diag) {
            iop_loc loc = {path, xmlGetLineNo(root), 0};
            iop_diag_report(diag, IOP_WARNING, &loc,
                            "iop:scope=\"%s\" is unknown (committee, all or agreement); using "
                            "committee", (const char *)s);
        }
        xmlFree(s);
    }
    return scope;
}

/* The iop:packet of a stylesheet (its own, never an imported one's: a
 * template that imports the memo is not thereby a packet), or NULL. */
static char *read_packet(xmlDocPtr doc, iop_diag *diag, const char *path)
{
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    xmlChar *s = root ? xmlGetNsProp(root, (const xmlChar *)"packet",
                                     (const xmlChar *)IOP_TEMPLATE_META_NS)
                      : NULL;
    if (!s)
        return NULL;
    char *name = NULL;
    if (*s)
        name = iop_xstrdup((const char *)s);
    else if (diag) {
        iop_loc loc = {path, xmlGetLineNo(root), 0};
        iop_diag_report(diag, IOP_WARNING, &loc, "iop:packet is empty; no packet is made");
    }
    xmlFree(s);
    return name;
}

static void ignore_error(void *user, xmlErrorPtr err)
{
    (void)user;
    (void)err;
}

bool iop_template_declared_scope(const char *name_or_path, iop_template_scope *scope)
{
    char *why = NULL;
    char *path = template_resolve(name_or_path, &why);
    free(why);
    if (!path)
        return false;
    size_t len = 0;
    char *data = iop_file_read(path, (size_t)16 * 1024 * 1024, &len, &why);
    free(why);
    free(path);
    if (!data || len == 0 || len > (size_t)INT32_MAX) {
        free(data);
        return false;
    }
    /* the first element is all that is read; no entity is substituted and
     * no DTD loaded (a declaration gives up before anything in it counts) */
    xmlTextReaderPtr r = xmlReaderForMemory(data, (int)len, NULL, NULL,
                                            XML_PARSE_NONET | XML_PARSE_NOERROR |
                                                XML_PARSE_NOWARNING);
    bool found = false;
    if (r) {
        xmlTextReaderSetStructuredErrorHandler(r, ignore_error, NULL);
        int type = -1;
        while (xmlTextReaderRead(r) == 1) {
            type = xmlTextReaderNodeType(r);
            if (type == XML_READER_TYPE_ELEMENT || type == XML_READER_TYPE_DOCUMENT_TYPE)
                break;
        }
        xmlChar *s = type == XML_READER_TYPE_ELEMENT
                         ? xmlTextReaderGetAttributeNs(r, (const xmlChar *)"scope",
                                                       (const xmlChar *)IOP_TEMPLATE_META_NS)
                         : NULL;
        if (s) {
            *scope = scope_named(s);
            found = true;
            xmlFree(s);
        }
        xmlFreeTextReader(r);
    }
    free(data);
    return found;
}

/* A template without iop:scope that imports a built-in one makes the same
 * kind of report: the scope of the first import that has one (depth
 * first, in import order). */
static bool inherited_scope(xsltStylesheetPtr style, iop_template_scope *scope, int depth)
{
    for (xsltStylesheetPtr imp = style->imports; imp && depth < 16; imp = imp->next) {
        bool found = false;
        const char *url = imp->doc && imp->doc->URL ? (const char *)imp->doc->URL : "";
        iop_template_scope s = read_scope(imp->doc, NULL, url, &found);
        if (found) {
            *scope = s;
            return true;
        }
        if (inherited_scope(imp, scope, depth + 1))
            return true;
    }
    return false;
}

iop_template *iop_template_load(const char *name_or_path, iop_diag *diag)
{
    template_setup();
    char *why = NULL;
    char *path = template_resolve(name_or_path, &why);
    if (!path) {
        iop_diag_report(diag, IOP_ERROR, NULL, "%s", why);
        free(why);
        return NULL;
    }
    iop_template *t = iop_xcalloc(1, sizeof *t);
    t->path = path;
    t->dir = dir_of(path);
    t->name = short_name(path);
    t->digest = IOP_DIGEST_SEED;

    size_t errors_before = iop_diag_count(diag, IOP_ERROR);
    template_loading_files = t;
    xmlDocPtr doc = template_read_xml(path, NULL, &t->digest, diag);
    if (!doc) {
        template_loading_files = NULL;
        goto fail;
    }
    bool scope_given = false;
    t->scope = read_scope(doc, diag, path, &scope_given);
    t->packet = read_packet(doc, diag, path);

    template_loading_digest = &t->digest;
    template_loading_diag = diag;
    template_loading_dir = t->dir;
    xslt_messages m = {.text = IOP_STRBUF_INIT};
    messages_begin(&m);
    t->style = xsltParseStylesheetDoc(doc);
    size_t n = messages_end(&m, diag, path, IOP_ERROR);
    template_loading_digest = NULL;
    template_loading_diag = NULL;
    template_loading_dir = NULL;
    template_loading_files = NULL;
    if (!t->style) {
        xmlFreeDoc(doc);
        if (n == 0 && iop_diag_count(diag, IOP_ERROR) == errors_before) {
            iop_loc loc = {path, 0, 0};
            iop_diag_report(diag, IOP_ERROR, &loc, "not a valid XSLT 1.0 stylesheet");
        }
        goto fail;
    }
    if (t->style->errors > 0) {
        if (iop_diag_count(diag, IOP_ERROR) == errors_before) {
            iop_loc loc = {path, 0, 0};
            iop_diag_report(diag, IOP_ERROR, &loc, "the stylesheet has %d error%s", t->style->errors,
                            t->style->errors == 1 ? "" : "s");
        }
        goto fail;
    }
    if (!scope_given)
        (void)inherited_scope(t->style, &t->scope, 0);
    return t;
fail:
    iop_template_free(t);
    return NULL;
}

void iop_template_free(iop_template *t)
{
    if (!t)
        return;
    if (t->style)
        xsltFreeStylesheet(t->style);
    free(t->name);
    free(t->packet);
    free(t->path);
    free(t->dir);
    for (size_t i = 0; i < t->n_files; i++) {
        free(t->files[i]);
        free(t->file_sha256[i]);
    }
    free(t->files);
    free(t->file_sha256);
    free(t);
}

const char *iop_template_name(const iop_template *t)
{
    return t->name;
}

const char *iop_template_path(const iop_template *t)
{
    return t->path;
}

const char *iop_template_packet(const iop_template *t)
{
    return t ? t->packet : NULL;
}

iop_template_scope iop_template_get_scope(const iop_template *t)
{
    return t->scope;
}

uint64_t iop_template_digest(const iop_template *t)
{
    return t->digest;
}

size_t iop_template_n_files(const iop_template *t)
{
    return t->n_files;
}

const char *iop_template_file(const iop_template *t, size_t i, const char **sha256)
{
    if (sha256)
        *sha256 = t->file_sha256[i];
    return t->files[i];
}

/* No writing, no folders, no network; reads go through our loader, which
 * keeps them below the template's folder. */
static xsltSecurityPrefsPtr security_prefs(void)
{
    xsltSecurityPrefsPtr sec = xsltNewSecurityPrefs();
    if (!sec)
        return NULL;
    if (xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_FILE, xsltSecurityForbid) != 0 ||
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_CREATE_DIRECTORY, xsltSecurityForbid) != 0 ||
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_WRITE_NETWORK, xsltSecurityForbid) != 0 ||
        xsltSetSecurityPrefs(sec, XSLT_SECPREF_READ_NETWORK, xsltSecurityForbid) != 0) {
        xsltFreeSecurityPrefs(sec);
        return NULL;
    }
    return sec;
}

/* String parameters are passed as XPath string literals; a value holding
 * both kinds of quote cannot be one, so it is refused. */
static char *quote_param(const char *v)
{
    if (!strchr(v, '\''))
        return iop_xasprintf("'%s'", v);
    if (!strchr(v, '"'))
        return iop_xasprintf("\"%s\"", v);
    return NULL;
}

/* Run the template on the report data's tree (the caller's; the transform
 * may strip its blanks); the result tree, or NULL with the problem reported. */
static xmlDocPtr run_template_on(iop_template *t, xmlDocPtr in, const iop_template_param *params,
                                 size_t n_params, iop_diag *diag)
{
    template_setup();
    iop_loc tloc = {t->path, 0, 0};
    const char **pv = iop_xcalloc(2 * n_params + 1, sizeof *pv);
    char **quoted = iop_xcalloc(n_params + 1, sizeof *quoted);
    xmlDocPtr out = NULL;
    xsltTransformContextPtr ctxt = NULL;
    xsltSecurityPrefsPtr sec = NULL;

    for (size_t i = 0; i < n_params; i++) {
        quoted[i] = quote_param(params[i].value);
        if (!quoted[i]) {
            iop_diag_report(diag, IOP_ERROR, &tloc, "parameter %s has both kinds of quote",
                            params[i].name);
            goto done;
        }
        pv[2 * i] = params[i].name;
        pv[2 * i + 1] = quoted[i];
    }
    ctxt = xsltNewTransformContext(t->style, in);
    sec = security_prefs();
    if (!ctxt || !sec || xsltSetCtxtSecurityPrefs(sec, ctxt) != 0) {
        iop_diag_report(diag, IOP_ERROR, &tloc, "out of memory starting the template");
        goto done;
    }
    template_loading_diag = diag;
    template_loading_dir = t->dir;
    xslt_messages m = {.text = IOP_STRBUF_INIT};
    messages_begin(&m);
    messages_attach(&m, ctxt);
    template_refused_reads = 0;
    size_t errors_before = diag ? iop_diag_count(diag, IOP_ERROR) : 0;
    out = xsltApplyStylesheetUser(t->style, in, pv, NULL, NULL, ctxt);
    /* libxslt carries on after a refused document() read (an empty node
     * set); the document it makes is then not the one the template meant */
    bool failed = !out || ctxt->state == XSLT_STATE_ERROR || ctxt->state == XSLT_STATE_STOPPED ||
                  template_refused_reads > 0 ||
                  (diag && iop_diag_count(diag, IOP_ERROR) > errors_before);
    (void)messages_end(&m, diag, t->path, failed ? IOP_ERROR : IOP_WARNING);
    template_loading_diag = NULL;
    template_loading_dir = NULL;
    if (failed) {
        iop_diag_report(diag, IOP_ERROR, &tloc, "the template '%s' failed", t->name);
        if (out)
            xmlFreeDoc(out);
        out = NULL;
    }
done:
    if (ctxt)
        xsltFreeTransformContext(ctxt);
    if (sec)
        xsltFreeSecurityPrefs(sec);
    for (size_t i = 0; i < n_params; i++)
        free(quoted[i]);
    free(quoted);
    free(pv);
    return out;
}

struct _xmlDoc *iop_template_read_data(const char *data, size_t data_len)
{
    template_setup();
    if (data_len > (size_t)INT32_MAX)
        return NULL;
    return xmlReadMemory(data, (int)data_len, "report-data.xml", "UTF-8",
                         XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOERROR |
                             XML_PARSE_NOWARNING);
}

void iop_template_free_data(struct _xmlDoc *tree)
{
    if (tree)
        xmlFreeDoc(tree);
}

/* Run the template on report data as text. */
static xmlDocPtr run_template(iop_template *t, const char *data, size_t data_len,
                              const iop_template_param *params, size_t n_params, iop_diag *diag)
{
    template_setup();
    xmlDocPtr in = data_len > (size_t)INT32_MAX
                       ? NULL
                       : xmlReadMemory(data, (int)data_len, "report-data.xml", "UTF-8",
                                       XML_PARSE_NONET | XML_PARSE_BIG_LINES);
    if (!in) {
        iop_diag_report(diag, IOP_ERROR, NULL,
                        "internal error: the report data is not well-formed");
        return NULL;
    }
    xmlDocPtr out = run_template_on(t, in, params, n_params, diag);
    xmlFreeDoc(in);
    return out;
}

/* The result tree written out as the template's xsl:output says. */
static char *serialise(iop_template *t, xmlDocPtr out, size_t *out_len, iop_diag *diag)
{
    xmlChar *buf = NULL;
    int len = 0;
    if (xsltSaveResultToString(&buf, &len, out, t->style) != 0 || !buf) {
        iop_loc tloc = {t->path, 0, 0};
        iop_diag_report(diag, IOP_ERROR, &tloc, "the template '%s' produced no output", t->name);
        return NULL;
    }
    char *text = iop_xstrndup((const char *)buf, (size_t)len);
    *out_len = (size_t)len;
    xmlFree(buf);
    return text;
}

char *iop_template_apply_to_string(iop_template *t, const char *data, size_t data_len,
                                   const iop_template_param *params, size_t n_params,
                                   size_t *out_len, iop_diag *diag)
{
    xmlDocPtr out = run_template(t, data, data_len, params, n_params, diag);
    if (!out)
        return NULL;
    char *text = serialise(t, out, out_len, diag);
    xmlFreeDoc(out);
    return text;
}

/* The result tree as a document; `out` is freed. */
static iop_document *document_of(iop_template *t, xmlDocPtr out, iop_diag *diag)
{
    if (!out)
        return NULL;
    /* Named after the template, so relative image paths (a logo) resolve
     * next to it, and messages say which template made the bad document. */
    char *name = iop_xasprintf("%s (output)", t->path);
    iop_document *doc = NULL;
    if (template_result_prepare(out, t->style)) {
        /* A document with problems is read again from its text, for the
         * parser's own messages and columns: only the good one is fast. */
        iop_diag *quiet = iop_diag_new();
        doc = iop_document_from_xml(out, name, quiet);
        if (doc)
            iop_diag_merge(diag, quiet);
        iop_diag_free(quiet);
    }
    if (!doc) {
        size_t len = 0;
        char *text = serialise(t, out, &len, diag);
        if (text)
            doc = iop_document_parse_memory(text, len, name, diag);
        free(text);
    }
    xmlFreeDoc(out);
    free(name);
    return doc;
}

iop_document *iop_template_apply(iop_template *t, const char *data, size_t data_len,
                                 const iop_template_param *params, size_t n_params, iop_diag *diag)
{
    return document_of(t, run_template(t, data, data_len, params, n_params, diag), diag);
}

iop_document *iop_template_apply_tree(iop_template *t, struct _xmlDoc *data,
                                      const iop_template_param *params, size_t n_params,
                                      iop_diag *diag)
{
    return document_of(t, run_template_on(t, data, params, n_params, diag), diag);
}
