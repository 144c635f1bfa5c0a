/* meta.xml (title, author, subject, keywords, language, dates) and the
 * manifest that lists every file of the package. */
#include "odt_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void dc(odt_ctx *ctx, xmlNode *meta, xmlNs *ns, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    xmlNode *e = odt_el(meta, ns, name);
    odt_add_text(e, value, strlen(value));
}

/* SOURCE_DATE_EPOCH when set (reproducible files), else now. */
static void creation_date(char *buf, size_t size)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    time_t t = time(NULL);
    if (sde && *sde) {
        char *end;
        long long v = strtoll(sde, &end, 10);
        if (!*end && v >= 0)
            t = (time_t)v;
    }
    struct tm tm;
    if (!gmtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm))
        snprintf(buf, size, "1970-01-01T00:00:00");
}

unsigned char *odt_meta_xml(odt_ctx *ctx, size_t *len)
{
    const iop_document_meta *m = &ctx->doc->meta;
    xmlDoc *doc = odt_part_new(ctx, "document-meta");
    xmlNode *meta = odt_el(xmlDocGetRootElement(doc), ctx->ns.office, "meta");
    dc(ctx, meta, ctx->ns.meta, "generator", "iopreport " IOP_VERSION);
    dc(ctx, meta, ctx->ns.dc, "title", m->title);
    dc(ctx, meta, ctx->ns.dc, "description", m->subject);
    dc(ctx, meta, ctx->ns.dc, "subject", m->subject);
    if (m->keywords) {
        /* one meta:keyword per comma-separated keyword */
        char *all = iop_xstrdup(m->keywords), *save = NULL;
        for (char *k = strtok_r(all, ",", &save); k; k = strtok_r(NULL, ",", &save)) {
            while (*k == ' ')
                k++;
            size_t n = strlen(k);
            while (n && k[n - 1] == ' ')
                k[--n] = '\0';
            dc(ctx, meta, ctx->ns.meta, "keyword", k);
        }
        free(all);
    }
    dc(ctx, meta, ctx->ns.meta, "initial-creator", m->author);
    dc(ctx, meta, ctx->ns.dc, "creator", m->author);
    char date[32];
    creation_date(date, sizeof date);
    dc(ctx, meta, ctx->ns.meta, "creation-date", date);
    dc(ctx, meta, ctx->ns.dc, "date", date);
    dc(ctx, meta, ctx->ns.dc, "language", m->lang ? m->lang : "sv");
    if (m->case_number) {
        xmlNode *u = odt_el(meta, ctx->ns.meta, "user-defined");
        odt_attr(u, ctx->ns.meta, "name", "Diarienummer");
        odt_add_text(u, m->case_number, strlen(m->case_number));
    }
    unsigned char *out = NULL;
    if (!odt_part_dump(doc, &out, len))
        odt_error(ctx, "cannot write meta.xml");
    xmlFreeDoc(doc);
    return out;
}

unsigned char *odt_manifest_xml(odt_ctx *ctx, size_t *len)
{
    static const char *const parts[] = {"content.xml", "styles.xml", "meta.xml"};
    xmlDoc *doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNode *root = doc ? xmlNewDocNode(doc, NULL, BAD_CAST "manifest", NULL) : NULL;
    if (!root)
        odt_oom();
    xmlDocSetRootElement(doc, root);
    xmlNs *ns = xmlNewNs(root, BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
                         BAD_CAST "manifest");
    if (!ns)
        odt_oom();
    xmlSetNs(root, ns);
    odt_attr(root, ns, "version", "1.2");
    xmlNode *e = odt_el(root, ns, "file-entry");
    odt_attr(e, ns, "full-path", "/");
    odt_attr(e, ns, "version", "1.2");
    odt_attr(e, ns, "media-type", "application/vnd.oasis.opendocument.text");
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        e = odt_el(root, ns, "file-entry");
        odt_attr(e, ns, "full-path", parts[i]);
        odt_attr(e, ns, "media-type", "text/xml");
    }
    for (size_t i = 0; i < ctx->n_pics; i++) {
        e = odt_el(root, ns, "file-entry");
        odt_attr(e, ns, "full-path", ctx->pics[i].path);
        odt_attr(e, ns, "media-type", ctx->pics[i].media);
    }
    unsigned char *out = NULL;
    if (!odt_part_dump(doc, &out, len))
        odt_error(ctx, "cannot write the manifest");
    xmlFreeDoc(doc);
    return out;
}
