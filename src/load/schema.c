/* The compiled-in RELAX NG schema (schema/iopreport.rng), parsed once per
 * process, and friendlier wording for libxml2's validity messages. */
#include "load_internal.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>

extern const unsigned char iop_schema_iopreport_rng[];
extern const unsigned long iop_schema_iopreport_rng_len;

static xmlRelaxNGPtr schema;

static void ignore_structured(void *user, xmlErrorPtr err)
{
    (void)user;
    (void)err;
}

static xmlRelaxNGPtr compiled_schema(void)
{
    if (schema)
        return schema;
    xmlRelaxNGParserCtxtPtr pc =
        xmlRelaxNGNewMemParserCtxt((const char *)iop_schema_iopreport_rng,
                                   (int)iop_schema_iopreport_rng_len);
    if (!pc)
        return NULL;
    xmlRelaxNGSetParserStructuredErrors(pc, ignore_structured, NULL);
    schema = xmlRelaxNGParse(pc);
    xmlRelaxNGFreeParserCtxt(pc);
    return schema;
}

void schema_prepare(void)
{
    (void)compiled_schema();
}

void schema_cleanup(void)
{
    xmlRelaxNGFree(schema);
    schema = NULL;
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
