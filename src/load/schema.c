/* The compiled-in RELAX NG schema (schema/iopreport.rng), parsed once per
 * process, and friendlier wording for libxml2's validity messages.
 *
 * libxml2 2.9 keeps no compiled form of a RELAX NG datatype's pattern: it
 * compiles the regular expression again for every value it checks (dates,
 * years, amounts), a quarter of the time a file takes to read.  So a file
 * is first validated against a copy of the schema whose types lose their
 * patterns, where a type is only ever the whole value of named attributes,
 * and those attributes' values are matched against the patterns compiled
 * once.  Passing both is passing the schema as written; a file that fails
 * either is validated again against the schema as written, whose messages
 * are the ones reported. */
#include "load_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlregexp.h>

extern const unsigned char iop_schema_iopreport_rng[];
extern const unsigned long iop_schema_iopreport_rng_len;

#define RNG_NS "http://relaxng.org/ns/structure/1.0"

/* An attribute whose value must match a pattern the lenient schema left
 * out. */
typedef struct pattern_check {
    xmlChar *attribute;
    xmlRegexpPtr pattern; /* owned by the entry that compiled it */
    bool owns;
} pattern_check;

static xmlRelaxNGPtr schema;  /* as written */
static xmlRelaxNGPtr lenient; /* without the patterns below; NULL: none */
static pattern_check *checks;
static size_t n_checks;
static bool schema_tried, lenient_tried;
/* files may be read on several threads: whichever needs a schema first
 * compiles it */
static pthread_mutex_t compiling = PTHREAD_MUTEX_INITIALIZER;

static void ignore_structured(void *user, xmlErrorPtr err)
{
    (void)user;
    (void)err;
}

static xmlRelaxNGPtr parse_schema(xmlRelaxNGParserCtxtPtr pc)
{
    if (!pc)
        return NULL;
    xmlRelaxNGSetParserStructuredErrors(pc, ignore_structured, NULL);
    xmlRelaxNGPtr s = xmlRelaxNGParse(pc);
    xmlRelaxNGFreeParserCtxt(pc);
    return s;
}

static void compile_schema(void)
{
    schema = parse_schema(xmlRelaxNGNewMemParserCtxt((const char *)iop_schema_iopreport_rng,
                                                     (int)iop_schema_iopreport_rng_len));
}

/* *s, compiled by `compile` the first time it is asked for (NULL if that
 * failed), whichever thread asks first. */
static xmlRelaxNGPtr compiled_once(xmlRelaxNGPtr *s, bool *tried, void (*compile)(void))
{
    pthread_mutex_lock(&compiling);
    if (!*tried)
        compile();
    *tried = true;
    xmlRelaxNGPtr got = *s;
    pthread_mutex_unlock(&compiling);
    return got;
}

static xmlRelaxNGPtr compiled_schema(void)
{
    return compiled_once(&schema, &schema_tried, compile_schema);
}

static bool is_rng(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, RNG_NS) == 0 && strcmp((const char *)n->name, name) == 0;
}

static bool is_annotation(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE &&
           !(n->ns && n->ns->href && strcmp((const char *)n->ns->href, RNG_NS) == 0);
}

/* The one pattern a RELAX NG element holds, annotations (elements of
 * other namespaces), comments and white space aside; NULL if not one. */
static xmlNode *only_element_child(const xmlNode *n)
{
    xmlNode *only = NULL;
    for (xmlNode *c = n->children; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE && xmlIsBlankNode(c)) || c->type == XML_COMMENT_NODE ||
            is_annotation(c))
            continue;
        if (c->type != XML_ELEMENT_NODE || only)
            return NULL;
        only = c;
    }
    return only;
}

/* Every element of the schema in document order, for the walks below. */
static void collect(xmlNode *n, xmlNode ***v, size_t *len)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        *v = iop_xreallocarray(*v, *len + 1, sizeof **v);
        (*v)[(*len)++] = n;
        collect(n->children, v, len);
    }
}

static bool name_is(const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetProp(n, BAD_CAST "name");
    bool same = v && strcmp((const char *)v, name) == 0;
    xmlFree(v);
    return same;
}

/* A define the lenient copy can do without a pattern for: it is one data
 * type with one pattern, defined once, and every reference to it is the
 * whole content of an attribute with a plain name.  On success the
 * pattern is compiled, a check added per attribute, and its param taken
 * out of the schema and handed back in *dropped, for the caller to free. */
static void loosen_define(xmlNode *define, xmlNode **all, size_t n_all, xmlNode **dropped)
{
    *dropped = NULL;
    xmlChar *name = xmlGetProp(define, BAD_CAST "name");
    xmlNode *data = only_element_child(define);
    xmlNode *param = NULL;
    size_t n_patterns = 0;
    for (xmlNode *c = data && is_rng(data, "data") ? data->children : NULL; c; c = c->next)
        if (is_rng(c, "param") && name_is(c, "pattern")) {
            param = c;
            n_patterns++;
        }
    bool usable = name && param && n_patterns == 1 && !xmlHasProp(define, BAD_CAST "combine");
    size_t n_refs = 0;
    for (size_t i = 0; usable && i < n_all; i++) {
        const xmlNode *n = all[i];
        if (n != define && is_rng(n, "define") && name_is(n, (const char *)name))
            usable = false; /* defined in parts */
        if (!is_rng(n, "ref") || !name_is(n, (const char *)name))
            continue;
        const xmlNode *attr = n->parent;
        usable = is_rng(attr, "attribute") && xmlHasProp(attr, BAD_CAST "name") &&
                 only_element_child(attr) == n;
        n_refs++;
    }
    xmlChar *text = usable && n_refs > 0 ? xmlNodeGetContent(param) : NULL;
    xmlRegexpPtr re = text ? xmlRegexpCompile(text) : NULL;
    if (re) {
        bool first = true;
        for (size_t i = 0; i < n_all; i++) {
            if (!is_rng(all[i], "ref") || !name_is(all[i], (const char *)name))
                continue;
            xmlChar *attribute = xmlGetProp(all[i]->parent, BAD_CAST "name");
            bool known = false; /* the same attribute in another element */
            for (size_t k = 0; k < n_checks && !known; k++)
                known = checks[k].pattern == re && xmlStrEqual(checks[k].attribute, attribute);
            if (known) {
                xmlFree(attribute);
                continue;
            }
            checks = iop_xreallocarray(checks, n_checks + 1, sizeof *checks);
            checks[n_checks++] = (pattern_check){attribute, re, first};
            first = false;
        }
        /* taken out when every define has been looked at: `all` holds it */
        xmlUnlinkNode(param);
        *dropped = param;
    }
    xmlFree(text);
    xmlFree(name);
}

static void free_checks(void)
{
    for (size_t i = 0; i < n_checks; i++) {
        xmlFree(checks[i].attribute);
        if (checks[i].owns)
            xmlRegFreeRegexp(checks[i].pattern);
    }
    free(checks);
    checks = NULL;
    n_checks = 0;
}

static void compile_lenient(void)
{
    xmlDoc *doc = xmlReadMemory((const char *)iop_schema_iopreport_rng,
                                (int)iop_schema_iopreport_rng_len, "iopreport.rng", NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    xmlNode **all = NULL;
    size_t n_all = 0;
    if (root)
        collect(root, &all, &n_all);
    /* grammars within grammars, or schemas pulled in, would make a name
     * mean more than one define: then the schema as written only */
    bool simple = is_rng(root, "grammar");
    for (size_t i = 1; simple && i < n_all; i++)
        simple = !is_rng(all[i], "grammar") && !is_rng(all[i], "include") &&
                 !is_rng(all[i], "externalRef") && !is_rng(all[i], "parentRef");
    xmlNode **dropped = iop_xcalloc(n_all + 1, sizeof *dropped);
    for (size_t i = 0; simple && i < n_all; i++)
        if (is_rng(all[i], "define"))
            loosen_define(all[i], all, n_all, &dropped[i]);
    for (size_t i = 0; i < n_all; i++)
        xmlFreeNode(dropped[i]);
    free(dropped);
    free(all);
    if (n_checks > 0)
        lenient = parse_schema(xmlRelaxNGNewDocParserCtxt(doc));
    if (!lenient)
        free_checks();
    xmlFreeDoc(doc);
}

void schema_cleanup(void)
{
    xmlRelaxNGFree(schema);
    xmlRelaxNGFree(lenient);
    free_checks();
    schema = lenient = NULL;
    schema_tried = lenient_tried = false;
}

static xmlRelaxNGPtr compiled_lenient(void)
{
    return compiled_once(&lenient, &lenient_tried, compile_lenient);
}

/* Only the lenient schema: the schema as written is compiled when a file
 * first fails it (under the lock, on whichever thread). */
void schema_prepare(void)
{
    (void)compiled_lenient();
}

/* An attribute's value as the validator sees it; *owned when it had to be
 * put together. */
static const xmlChar *attribute_value(const xmlAttr *a, xmlChar **owned)
{
    *owned = NULL;
    if (!a->children)
        return BAD_CAST "";
    if (a->children->type == XML_TEXT_NODE && !a->children->next)
        return a->children->content ? a->children->content : BAD_CAST "";
    *owned = xmlNodeListGetString(a->doc, a->children, 1);
    return *owned;
}

/* Does every attribute a check names hold a value its pattern matches?
 * A value with white space in it is not decided here (whether the type
 * collapses it first is the validator's business): it goes to the schema
 * as written, as does any other doubt. */
static bool patterns_hold(const xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        for (const xmlAttr *a = n->properties; a; a = a->next) {
            for (size_t i = 0; i < n_checks; i++) {
                if (!xmlStrEqual(a->name, checks[i].attribute))
                    continue;
                xmlChar *owned;
                const xmlChar *v = attribute_value(a, &owned);
                bool holds = v && !strpbrk((const char *)v, " \t\r\n") &&
                             xmlRegexpExec(checks[i].pattern, v) == 1;
                xmlFree(owned);
                if (!holds)
                    return false;
            }
        }
        if (!patterns_hold(n->children))
            return false;
    }
    return true;
}

/* Valid by the lenient schema and the patterns it left out: then valid by
 * the schema as written, and nothing to report. */
static bool passes_lenient(xmlDoc *doc)
{
    xmlRelaxNGPtr s = compiled_lenient();
    xmlRelaxNGValidCtxtPtr vc = s ? xmlRelaxNGNewValidCtxt(s) : NULL;
    if (!vc)
        return false;
    xmlRelaxNGSetValidStructuredErrors(vc, ignore_structured, NULL);
    int rc = xmlRelaxNGValidateDoc(vc, doc);
    xmlRelaxNGFreeValidCtxt(vc);
    return rc == 0 && patterns_hold(xmlDocGetRootElement(doc));
}

/* Does msg read PREFIX NAME SUFFIX...? Copies NAME (no spaces) to name. */
static bool match(const char *msg, const char *prefix, const char *suffix, char *name, size_t size)
{
    size_t lp = strlen(prefix);
    if (strncmp(msg, prefix, lp) != 0)
        return false;
    const char *start = msg + lp, *end = strstr(start, suffix);
    if (!end || end == start || (size_t)(end - start) >= size)
        return false;
    memcpy(name, start, (size_t)(end - start));
    name[end - start] = '\0';
    return strchr(name, ' ') == NULL;
}

/* libxml2 says "Expecting an element title, got nothing"; a person who
 * writes these files needs "missing <title>". */
static char *reword(const char *msg, const xmlNode *node)
{
    const char *el = node && node->name ? (const char *)node->name : "element";
    char name[128];
    if (match(msg, "Expecting an element ", ", got nothing", name, sizeof name))
        return iop_xasprintf("<%s> is missing the required element <%s>", el, name);
    if (match(msg, "Expecting element ", ", got ", name, sizeof name))
        return iop_xasprintf("<%s> is not allowed here (expected <%s>)", el, name);
    if (match(msg, "Did not expect element ", " there", name, sizeof name))
        return iop_xasprintf("<%s> is not allowed here", name);
    if (match(msg, "Element ", " has extra content: ", name, sizeof name))
        return iop_xasprintf("<%s> has unexpected content: %s", name,
                             strstr(msg, "content: ") + strlen("content: "));
    if (match(msg, "Invalid attribute ", " for element ", name, sizeof name))
        return iop_xasprintf("<%s> has an unknown attribute '%s'", el, name);
    if (match(msg, "Element ", " failed to validate attributes", name, sizeof name))
        return iop_xasprintf("<%s> has a missing or invalid attribute", name);
    if (strstr(msg, "Expecting a namespace for element") || strstr(msg, " has wrong namespace"))
        return iop_xasprintf("<%s> is not in the namespace urn:iopreport:1", el);
    if (match(msg, "Extra element ", " in interleave", name, sizeof name))
        return iop_xasprintf("<%s> is not allowed here, or more often than the format allows",
                             name);
    if (match(msg, "Element ", " failed to validate content", name, sizeof name))
        return iop_xasprintf("<%s> does not hold what the format allows there", name);
    /* libxml2's own wording is for programmers: never shown as it is */
    return iop_xasprintf("<%s> does not follow the format here (docs/format.md lists what "
                         "it may hold)", el);
}

/* Messages that only repeat that something below went wrong. */
static bool is_echo(const char *msg)
{
    return strstr(msg, "failed to validate content") || strstr(msg, " has extra content: ") ||
           strstr(msg, "Invalid sequence in interleave") ||
           (strstr(msg, "Extra element") && strstr(msg, "in interleave"));
}

typedef struct validation {
    file_ctx *fc;
    size_t reported;
} validation;

static void on_validity_error(void *user, xmlErrorPtr err)
{
    validation *v = user;
    if (!err)
        return;
    const xmlNode *node = err->node;
    const char *msg = err->message ? err->message : "does not follow the schema";
    long line = node ? node_line(node) : err->line;
    char *text = reword(msg, node);
    problem_origin origin = is_echo(msg) ? ORIGIN_ECHO : ORIGIN_SCHEMA;
    /* an echo after a precise message adds nothing */
    if (origin == ORIGIN_ECHO && v->reported > 0) {
        free(text);
        return;
    }
    fctx_report(v->fc, origin, IOP_ERROR, node, line, 0, "%s", text);
    v->reported++;
    free(text);
}

bool schema_validate(file_ctx *fc, xmlDoc *doc)
{
    if (passes_lenient(doc))
        return true;
    xmlRelaxNGPtr s = compiled_schema();
    if (!s) {
        fctx_report(fc, ORIGIN_SCHEMA, IOP_ERROR, NULL, 0, 0,
                    "internal error: the built-in schema could not be compiled");
        return false;
    }
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(s);
    if (!vc) {
        fctx_report(fc, ORIGIN_SCHEMA, IOP_ERROR, NULL, 0, 0, "out of memory validating");
        return false;
    }
    validation v = {fc, 0};
    xmlRelaxNGSetValidStructuredErrors(vc, on_validity_error, &v);
    int rc = xmlRelaxNGValidateDoc(vc, doc);
    xmlRelaxNGFreeValidCtxt(vc);
    if (rc != 0 && v.reported == 0)
        fctx_report(fc, ORIGIN_SCHEMA, IOP_ERROR, NULL, 0, 0, "the file does not follow the schema");
    return rc == 0;
}
