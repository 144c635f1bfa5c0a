/* What a PDF was made from, written into the PDF itself (its XMP
 * metadata, docs/provenance.md) so that `iopreport verify` can later say
 * whether the report still matches its inputs.  Unlike the record beside
 * the PDF (build_digest.c), this one travels with the file: names and
 * SHA-256 digests, no times and no absolute paths of ours, so that two
 * builds of the same inputs stay byte-identical. */
#include "provenance.h"

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

struct build_record {
    prov_list lists[PROV_N_LISTS];
    char *texts[PROV_N_TEXTS];
    iop_render_xmp_property props[PROV_N_TEXTS + PROV_N_LISTS];
    iop_render_xmp xmp;
};

/* The properties in the order they are written; verify reads them by name. */
static const struct {
    const char *name, *description;
} TEXTS[PROV_N_TEXTS] = {
    [PROV_PROGRAM] = {"program", "The program and version that made the PDF"},
    [PROV_TEMPLATE] = {"template", "The template as given to build (a name or a path)"},
    [PROV_SCOPE] = {"scope", "What the template makes: committee, all or agreement; document "
                             "for a PDF typeset from a document by render"},
    [PROV_COMMITTEE] = {"committee", "The committee of a committee report"},
    [PROV_AGREEMENT] = {"agreement", "The agreement of an agreement's document"},
    [PROV_REPORT_DATA] = {"reportData",
                          "SHA-256 of the report data the template was given, without its "
                          "generated element (render: of the document)"},
}, LISTS[PROV_N_LISTS] = {
    [PROV_PATHS] = {"paths", "The files and folders given to build, as given"},
    [PROV_INPUTS] = {"inputs", "Agreement files read: SHA-256, two spaces, the path"},
    [PROV_REGISTERS] = {"registers", "Committee registers read: SHA-256, two spaces, the path"},
    [PROV_TEMPLATE_FILES] = {"templateFiles",
                             "The template's files, the stylesheet first: SHA-256, two spaces, "
                             "the path below the stylesheet's folder"},
    [PROV_OPTIONS] = {"options", "The options that reach the report, one NAME=VALUE each"},
    [PROV_INPUT_DATA] = {"inputData",
                         "Per input file, SHA-256 of what the report data holds from it (its "
                         "elements with a file attribute): SHA-256, two spaces, the path"},
};

const char *prov_text_name(prov_text t)
{
    return TEXTS[t].name;
}

const char *prov_list_name(prov_list_kind k)
{
    return LISTS[k].name;
}

void prov_list_add(prov_list *l, char *owned)
{
    l->v = iop_xreallocarray(l->v, l->n + 1, sizeof *l->v);
    l->v[l->n++] = owned;
}

void prov_list_free(prov_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

char *prov_sha256_bytes(const void *data, size_t len)
{
    char hex[65];
    iop_sha256_hex_of(data, len, hex);
    return iop_xstrdup(hex);
}

char *prov_sha256_file(const char *path)
{
    gchar *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &data, &len, NULL))
        return NULL;
    char *s = prov_sha256_bytes(data, len);
    g_free(data);
    return s;
}

char *prov_sha256_report_data(const char *xml)
{
    /* as build_digest_report_data: without <generated>, so that a new day
     * alone does not make a report different */
    const char *g = strstr(xml, "<generated ");
    const char *end = g && g - xml < 1024 ? strstr(g, "</generated>") : NULL;
    if (!end)
        return prov_sha256_bytes(xml, strlen(xml));
    end += strlen("</generated>");
    iop_sha256 *c = iop_sha256_new();
    iop_sha256_update(c, xml, (size_t)(g - xml));
    iop_sha256_update(c, end, strlen(end));
    char hex[65];
    iop_sha256_hex(c, hex);
    iop_sha256_free(c);
    return iop_xstrdup(hex);
}

typedef struct file_sum {
    char *file;
    iop_sha256 *sum;
} file_sum;

static void sum_elements(xmlDocPtr doc, xmlNodePtr n, file_sum **sums, size_t *n_sums)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *file = xmlGetProp(n, BAD_CAST "file");
        if (file) {
            size_t i = 0;
            while (i < *n_sums && strcmp((*sums)[i].file, (const char *)file) != 0)
                i++;
            if (i == *n_sums) {
                *sums = iop_xreallocarray(*sums, *n_sums + 1, sizeof **sums);
                (*sums)[i] = (file_sum){iop_xstrdup((const char *)file),
                                        iop_sha256_new()};
                (*n_sums)++;
            }
            xmlBufferPtr b = xmlBufferCreate();
            if (b && xmlNodeDump(b, doc, n, 0, 0) >= 0)
                iop_sha256_update((*sums)[i].sum, xmlBufferContent(b), (size_t)xmlBufferLength(b));
            else /* cannot happen but out of memory: then no two digests agree */
                iop_sha256_update((*sums)[i].sum, "?", 1);
            xmlBufferFree(b);
            xmlFree(file);
            continue; /* the element with what is below it */
        }
        sum_elements(doc, n->children, sums, n_sums);
    }
}

/* The same digests from the text, without parsing it and writing each
 * element out again (that cost a report 0.3-0.4 % of its instructions):
 * for the report data's writer (xml_out.c) the text of an element is,
 * byte for byte, what xmlNodeDump writes of it once parsed, but for an
 * empty element, which the writer may write as <x></x> and xmlNodeDump
 * as <x/>.  Both escape the same characters the same way (text: & < >
 * and CR; attributes: those, " and TAB, LF as character references),
 * quote attributes with ", write UTF-8 as it is and keep white space.
 * Anything the writer does not write (a comment, a CDATA section, a
 * character reference xmlNodeDump would write otherwise, a raw character
 * the parser would normalise or xmlNodeDump escape) makes the scan give
 * up, and the text is parsed after all. */
typedef struct scan {
    const char *p;
    file_sum *sums;
    size_t n_sums;
    iop_sha256 *sum; /* of the element being summed, else NULL */
} scan;

static file_sum *sum_of(scan *s, const char *file)
{
    size_t i = 0;
    while (i < s->n_sums && strcmp(s->sums[i].file, file) != 0)
        i++;
    if (i == s->n_sums) {
        s->sums = iop_xreallocarray(s->sums, s->n_sums + 1, sizeof *s->sums);
        s->sums[i] = (file_sum){iop_xstrdup(file), iop_sha256_new()};
        s->n_sums++;
    }
    return &s->sums[i];
}

/* The length of a reference the writer writes at `p` (which is at '&'),
 * in text or in an attribute; 0 for any other. */
static size_t known_reference(const char *p, bool attr, char *c)
{
    static const struct {
        const char *ref;
        char c;
        bool text;
    } REFS[] = {{"&amp;", '&', true},   {"&lt;", '<', true},    {"&gt;", '>', true},
                {"&#13;", '\r', true}, {"&quot;", '"', false}, {"&#10;", '\n', false},
                {"&#9;", '\t', false}};
    for (size_t i = 0; i < sizeof REFS / sizeof REFS[0]; i++) {
        size_t n = strlen(REFS[i].ref);
        if ((attr || REFS[i].text) && strncmp(p, REFS[i].ref, n) == 0) {
            *c = REFS[i].c;
            return n;
        }
    }
    return 0;
}

/* Text up to the next '<', as xmlNodeDump writes it again; false when it
 * would not (or no '<' follows). */
static bool scan_text(scan *s)
{
    const char *p = s->p;
    for (;;) {
        p += strcspn(p, "<>&\r");
        char c;
        if (*p == '&' && known_reference(p, false, &c)) {
            p++;
            continue;
        }
        if (*p != '<')
            return false;
        break;
    }
    s->p = p;
    return true;
}

/* The start tag at s->p ('<' then a name): past its '>'.  *empty: it
 * ends with "/>"; *file: its file attribute, unescaped (caller frees),
 * when `want_file`. */
static bool scan_start_tag(scan *s, int depth, bool *empty, char **file, bool want_file)
{
    const char *p = s->p + 1;
    if (*p == '!' || *p == '?')
        return false; /* a comment, CDATA, a DOCTYPE, a processing instruction */
    size_t name = strcspn(p, " />\t\n\r\"&<");
    if (name == 0 || strchr(" />", p[name]) == NULL)
        return false;
    p += name;
    while (*p == ' ') {
        p++;
        size_t k = strcspn(p, "= />\t\n\r\"&<:");
        if (k == 0 || p[k] != '=' || p[k + 1] != '"')
            return false; /* also a prefixed name, xmlns:x or xml:lang */
        if (depth > 0 && k == 5 && strncmp(p, "xmlns", 5) == 0)
            return false; /* xmlNodeDump writes a declaration before the attributes */
        bool is_file = want_file && k == 4 && strncmp(p, "file", 4) == 0;
        p += k + 2;
        iop_strbuf v = IOP_STRBUF_INIT;
        for (;;) {
            size_t run = strcspn(p, "\"&<>\t\n\r");
            if (is_file)
                iop_strbuf_append(&v, p, run);
            p += run;
            char c;
            size_t ref = *p == '&' ? known_reference(p, true, &c) : 0;
            if (!ref)
                break;
            if (is_file)
                iop_strbuf_putc(&v, c);
            p += ref;
        }
        if (*p != '"') {
            iop_strbuf_free(&v);
            return false;
        }
        p++;
        if (is_file) {
            free(*file);
            *file = iop_strbuf_detach(&v);
        }
    }
    *empty = p[0] == '/';
    if (*empty)
        p++;
    if (*p != '>')
        return false;
    s->p = p + 1;
    return true;
}

/* Feeds the element being summed from `from` to s->p. */
static void feed(scan *s, const char *from)
{
    if (s->sum && s->p > from)
        iop_sha256_update(s->sum, from, (size_t)(s->p - from));
}

static bool scan_elements(scan *s)
{
    const char *x = s->p;
    if (strncmp(x, "<?xml ", 6) == 0) {
        const char *e = strstr(x, "?>");
        if (!e)
            return false;
        x = e + 2;
    }
    s->p = x + strspn(x, " \t\r\n");
    int depth = 0, sum_depth = 0;
    while (*s->p) {
        const char *from = s->p;
        if (!scan_text(s))
            return false;
        if (!s->sum && depth == 0 && s->p != from)
            return false; /* text outside the root */
        feed(s, from);
        from = s->p;
        if (s->p[1] == '/') { /* an end tag: its name, as the writer's are, is right */
            const char *e = strchr(s->p, '>');
            if (!e || depth == 0)
                return false;
            s->p = e + 1;
            feed(s, from);
            depth--;
            if (s->sum && depth == sum_depth)
                s->sum = NULL;
            if (depth == 0) {
                s->p += strspn(s->p, " \t\r\n");
                return *s->p == '\0';
            }
            continue;
        }
        bool empty = false;
        char *file = NULL;
        if (!scan_start_tag(s, depth, &empty, &file, !s->sum)) {
            free(file); /* the tag went wrong after its file attribute */
            return false;
        }
        if (file) {
            s->sum = sum_of(s, file)->sum;
            sum_depth = depth;
            free(file);
        }
        if (!empty && s->p[0] == '<' && s->p[1] == '/') {
            /* <x></x>, which xmlNodeDump writes <x/> */
            size_t name = strcspn(from + 1, " />");
            const char *end = s->p + 2;
            if (strncmp(end, from + 1, name) != 0 || end[name] != '>')
                return false;
            if (s->sum) {
                iop_sha256_update(s->sum, from, (size_t)(s->p - 1 - from));
                iop_sha256_update(s->sum, "/>", 2);
            }
            s->p = end + name + 1;
            empty = true;
        } else {
            feed(s, from);
        }
        if (empty) {
            if (s->sum && depth == sum_depth)
                s->sum = NULL;
            if (depth == 0)
                return false; /* an empty root: no element with a file */
        } else {
            depth++;
        }
    }
    return false; /* the root is not closed */
}

void prov_data_by_file(prov_list *l, const char *xml)
{
    prov_data_by_file_or_tree(l, xml, NULL);
}

/* Adds "SHA  file" lines to `l` (none when it is NULL) and frees `sums`. */
static void take_sums(prov_list *l, file_sum *sums, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (l) {
            char hex[65];
            iop_sha256_hex(sums[i].sum, hex);
            prov_list_add(l, iop_xasprintf("%s  %s", hex, sums[i].file));
        }
        iop_sha256_free(sums[i].sum);
        free(sums[i].file);
    }
    free(sums);
}

bool prov_data_by_file_text(prov_list *l, const char *xml)
{
    scan s = {.p = xml};
    bool scanned = scan_elements(&s);
    take_sums(scanned ? l : NULL, s.sums, s.n_sums);
    return scanned;
}

void prov_data_by_file_or_tree(prov_list *l, const char *xml, const struct _xmlDoc *tree)
{
    if (prov_data_by_file_text(l, xml))
        return;
    if (tree) {
        prov_data_by_file_tree(l, tree);
        return;
    }
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "report-data.xml", "UTF-8",
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    prov_data_by_file_tree(l, doc);
    xmlFreeDoc(doc);
}

void prov_data_by_file_tree(prov_list *l, const struct _xmlDoc *tree)
{
    xmlDocPtr doc = (xmlDocPtr)(uintptr_t)tree; /* only read */
    file_sum *sums = NULL;
    size_t n = 0;
    if (doc)
        sum_elements(doc, xmlDocGetRootElement(doc), &sums, &n);
    take_sums(l, sums, n);
}

const char *prov_data_of_file(const prov_list *l, const char *file)
{
    for (size_t i = 0; i < l->n; i++) {
        const char *sep = strstr(l->v[i], "  ");
        if (sep && strcmp(sep + 2, file) == 0)
            return l->v[i];
    }
    return NULL;
}

iop_source_kind prov_source_kind(const iop_model *model, const char *path)
{
    for (size_t i = 0; i < model->n_sources; i++)
        if (strcmp(model->sources[i].path, path) == 0)
            return model->sources[i].kind;
    return IOP_SOURCE_KIND_UNKNOWN;
}

bool *prov_register_flags(const iop_model *model, char *const *files, size_t n)
{
    bool *reg = iop_xcalloc(n + 1, sizeof *reg);
    for (size_t i = 0; i < n; i++)
        reg[i] = prov_source_kind(model, files[i]) == IOP_SOURCE_KIND_REGISTER;
    return reg;
}

void prov_options(prov_list *l, const build_options *o, bool filters)
{
    prov_list_add(l, iop_xasprintf("year=%d", o->year));
    if (o->data.date)
        prov_list_add(l, iop_xasprintf("date=%s", o->data.date));
    if (o->data.case_number)
        prov_list_add(l, iop_xasprintf("case-number=%s", o->data.case_number));
    /* --committee narrows a catalogue; a committee's own report is the
     * same with or without it */
    for (size_t i = 0; filters && i < o->n_committees; i++)
        prov_list_add(l, iop_xasprintf("committee=%s", o->committees[i]));
    if (o->highlight)
        prov_list_add(l, iop_xasprintf("highlight=%s", o->highlight));
    for (size_t i = 0; i < o->n_params; i++)
        prov_list_add(l, iop_xasprintf("param:%s=%s", o->params[i].name, o->params[i].value));
}

/* The properties in the order of the tables above. */
static void record_finish(build_record *r)
{
    size_t n = 0;
    for (int t = 0; t < PROV_N_TEXTS; t++)
        r->props[n++] = (iop_render_xmp_property){TEXTS[t].name, TEXTS[t].description,
                                                  (const char *const *)&r->texts[t], 1, false};
    for (int k = 0; k < PROV_N_LISTS; k++)
        r->props[n++] = (iop_render_xmp_property){LISTS[k].name, LISTS[k].description,
                                                  (const char *const *)r->lists[k].v,
                                                  r->lists[k].n, true};
    r->xmp = (iop_render_xmp){PROV_SCHEMA, PROV_NS, PROV_PREFIX, r->props, n};
}

/* The files' entries: their digests as made before (`shas`, when not
 * NULL, and its entry is not NULL), else read now. */
static void add_files(build_record *r, char *const *files, const bool *registers,
                      const char *const *shas, size_t n_files)
{
    for (size_t i = 0; i < n_files; i++) {
        const char *sha = shas ? shas[i] : NULL;
        char *own = sha ? NULL : prov_sha256_file(files[i]);
        /* a file gone since it was read: the record says so rather than
         * guessing (verify then finds it changed) */
        char *entry = iop_xasprintf("%s  %s", sha ? sha : own ? own : "unreadable", files[i]);
        free(own);
        prov_list_add(&r->lists[registers[i] ? PROV_REGISTERS : PROV_INPUTS], entry);
    }
}

build_record *build_record_new(const build_options *o, const iop_template *tmpl,
                               const char *template_arg, const char *committee,
                               const char *agreement, char *const *files, const bool *registers,
                               const char *const *shas, size_t n_files, bool compare,
                               const char *data, const struct _xmlDoc *tree)
{
    build_record *r = iop_xcalloc(1, sizeof *r);
    r->texts[PROV_PROGRAM] = iop_xstrdup("iopreport " IOP_VERSION);
    r->texts[PROV_TEMPLATE] = iop_xstrdup(template_arg ? template_arg : iop_template_name(tmpl));
    iop_template_scope scope = iop_template_get_scope(tmpl);
    r->texts[PROV_SCOPE] = iop_xstrdup(scope == IOP_SCOPE_COMMITTEE ? "committee"
                                       : scope == IOP_SCOPE_ALL     ? "all"
                                                                    : "agreement");
    r->texts[PROV_COMMITTEE] = iop_xstrdup(committee ? committee : "");
    r->texts[PROV_AGREEMENT] = iop_xstrdup(agreement ? agreement : "");
    r->texts[PROV_REPORT_DATA] = prov_sha256_report_data(data);
    for (size_t i = 0; i < o->n_paths; i++)
        prov_list_add(&r->lists[PROV_PATHS], iop_xstrdup(o->paths[i]));
    add_files(r, files, registers, shas, n_files);
    for (size_t i = 0; i < iop_template_n_files(tmpl); i++) {
        const char *sha = NULL;
        const char *name = iop_template_file(tmpl, i, &sha);
        prov_list_add(&r->lists[PROV_TEMPLATE_FILES], iop_xasprintf("%s  %s", sha, name));
    }
    prov_options(&r->lists[PROV_OPTIONS], o, scope != IOP_SCOPE_COMMITTEE);
    /* the comparison is part of the report data: verify makes it again */
    if (committee && compare) {
        prov_list_add(&r->lists[PROV_OPTIONS], iop_xstrdup("compare=yes"));
        if (o->compare_with)
            prov_list_add(&r->lists[PROV_OPTIONS], iop_xasprintf("compare-with=%s", o->compare_with));
    }
    prov_data_by_file_or_tree(&r->lists[PROV_INPUT_DATA], data, tree);
    record_finish(r);
    return r;
}

build_record *build_record_packet(const build_options *o, iop_template *const *tmpls,
                                  const char *const *args, size_t n_tmpls,
                                  const char *committee, char *const *files,
                                  const bool *registers, const char *const *shas,
                                  size_t n_files, bool compare, const char *data)
{
    build_record *r = iop_xcalloc(1, sizeof *r);
    r->texts[PROV_PROGRAM] = iop_xstrdup("iopreport " IOP_VERSION);
    iop_strbuf names = IOP_STRBUF_INIT;
    bool filters = false;
    for (size_t i = 0; i < n_tmpls; i++) {
        if (i)
            iop_strbuf_puts(&names, PROV_PACKET_JOIN);
        iop_strbuf_puts(&names, args[i] ? args[i] : iop_template_name(tmpls[i]));
        filters = filters || iop_template_get_scope(tmpls[i]) != IOP_SCOPE_COMMITTEE;
    }
    r->texts[PROV_TEMPLATE] = iop_strbuf_detach(&names);
    r->texts[PROV_SCOPE] = iop_xstrdup("packet");
    r->texts[PROV_COMMITTEE] = iop_xstrdup(committee ? committee : "");
    r->texts[PROV_AGREEMENT] = iop_xstrdup("");
    r->texts[PROV_REPORT_DATA] = prov_sha256_report_data(data);
    for (size_t i = 0; i < o->n_paths; i++)
        prov_list_add(&r->lists[PROV_PATHS], iop_xstrdup(o->paths[i]));
    add_files(r, files, registers, shas, n_files);
    /* every template's files; those they share (common/) once */
    prov_list *tf = &r->lists[PROV_TEMPLATE_FILES];
    for (size_t t = 0; t < n_tmpls; t++)
        for (size_t i = 0; i < iop_template_n_files(tmpls[t]); i++) {
            const char *sha = NULL;
            const char *name = iop_template_file(tmpls[t], i, &sha);
            char *entry = iop_xasprintf("%s  %s", sha, name);
            bool seen = false;
            for (size_t k = 0; k < tf->n && !seen; k++)
                seen = strcmp(tf->v[k], entry) == 0;
            if (seen)
                free(entry);
            else
                prov_list_add(tf, entry);
        }
    prov_options(&r->lists[PROV_OPTIONS], o, filters);
    prov_list_add(&r->lists[PROV_OPTIONS], iop_xasprintf("packet=%s", o->packet ? o->packet : ""));
    /* the parts share one report data, with the comparison when any wants it */
    if (committee && compare) {
        prov_list_add(&r->lists[PROV_OPTIONS], iop_xstrdup("compare=yes"));
        if (o->compare_with)
            prov_list_add(&r->lists[PROV_OPTIONS], iop_xasprintf("compare-with=%s", o->compare_with));
    }
    prov_list_add(&r->lists[PROV_OPTIONS],
                  iop_xasprintf("packet-numbering=%s",
                                o->packet_per_document ? "per-document" : "continuous"));
    prov_data_by_file(&r->lists[PROV_INPUT_DATA], data);
    record_finish(r);
    return r;
}

build_record *build_record_document(const char *path, const char *data, size_t len)
{
    build_record *r = iop_xcalloc(1, sizeof *r);
    r->texts[PROV_PROGRAM] = iop_xstrdup("iopreport " IOP_VERSION);
    r->texts[PROV_TEMPLATE] = iop_xstrdup("");
    r->texts[PROV_SCOPE] = iop_xstrdup("document");
    r->texts[PROV_COMMITTEE] = iop_xstrdup("");
    r->texts[PROV_AGREEMENT] = iop_xstrdup("");
    r->texts[PROV_REPORT_DATA] = prov_sha256_bytes(data, len);
    prov_list_add(&r->lists[PROV_PATHS], iop_xstrdup(path));
    prov_list_add(&r->lists[PROV_INPUTS],
                  iop_xasprintf("%s  %s", r->texts[PROV_REPORT_DATA], path));
    record_finish(r);
    return r;
}

const iop_render_xmp *build_record_xmp(const build_record *r)
{
    return &r->xmp;
}

uint64_t build_record_digest(const build_record *r, uint64_t h)
{
    for (int t = 0; t < PROV_N_TEXTS; t++)
        h = build_digest_string(h, r->texts[t]);
    for (int k = 0; k < PROV_N_LISTS; k++)
        for (size_t i = 0; i < r->lists[k].n; i++)
            h = build_digest_string(h, r->lists[k].v[i]);
    return h;
}

void build_record_free(build_record *r)
{
    if (!r)
        return;
    for (int t = 0; t < PROV_N_TEXTS; t++)
        free(r->texts[t]);
    for (int k = 0; k < PROV_N_LISTS; k++)
        prov_list_free(&r->lists[k]);
    free(r);
}
