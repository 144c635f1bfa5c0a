/* iop_odt_write: content.xml from the body, styles.xml with the named
 * styles, the page and its header and footer, meta.xml, the pictures,
 * the manifest; then the package, written atomically. */
#include "odt_internal.h"

#include "iopreport/render.h"

#include <stdlib.h>
#include <string.h>

static void part_reset(odt_ctx *ctx)
{
    for (size_t i = 0; i < ctx->n_autos; i++) {
        free(ctx->auto_keys[i]);
        free(ctx->auto_names[i]);
    }
    ctx->n_autos = 0;
}

static unsigned char *content_xml(odt_ctx *ctx, size_t *len)
{
    xmlDoc *doc = odt_part_new(ctx, "document-content");
    xmlNode *root = xmlDocGetRootElement(doc);
    part_reset(ctx);
    ctx->autos = odt_el(root, ctx->ns.office, "automatic-styles");
    xmlNode *body = odt_el(root, ctx->ns.office, "body");
    xmlNode *text = odt_el(body, ctx->ns.office, "text");
    ctx->first_master = odt_first_master(ctx->doc);
    ctx->first_done = false;
    odt_blocks(ctx, text, ctx->doc->body, &ctx->body);
    if (!ctx->first_done) /* an empty body is still one (empty) page */
        odt_paragraph(ctx, text, NULL, &ctx->body, "p");
    unsigned char *out = NULL;
    if (!odt_part_dump(doc, &out, len))
        odt_error(ctx, "cannot write content.xml");
    xmlFreeDoc(doc);
    return out;
}

/* styles.xml after content.xml: the named styles are those the body and
 * the header and footer used.  The master pages are filled first, since
 * they register styles too; office:styles comes before them in the file
 * all the same, as the elements are made in that order. */
static unsigned char *styles_xml(odt_ctx *ctx, size_t *len)
{
    xmlDoc *doc = odt_part_new(ctx, "document-styles");
    xmlNode *root = xmlDocGetRootElement(doc);
    part_reset(ctx);
    xmlNode *styles = odt_el(root, ctx->ns.office, "styles");
    ctx->autos = odt_el(root, ctx->ns.office, "automatic-styles");
    xmlNode *masters = odt_el(root, ctx->ns.office, "master-styles");
    ctx->first_master = NULL;
    ctx->first_done = true;
    ctx->indent = 0;
    ctx->container_cls = NULL;
    odt_page_write(ctx, ctx->autos, masters);
    odt_styles_write(ctx, styles);
    unsigned char *out = NULL;
    if (!odt_part_dump(doc, &out, len))
        odt_error(ctx, "cannot write styles.xml");
    xmlFreeDoc(doc);
    return out;
}

unsigned char *iop_odt_package(const iop_document *doc, iop_layout *layout, size_t *len,
                               iop_diag *diag)
{
    odt_ctx ctx = {.doc = doc, .layout = layout, .diag = diag};
    iop_document_style(doc, doc->body, NULL, &ctx.body);
    size_t clen = 0, slen = 0, mlen = 0, flen = 0;
    unsigned char *content = content_xml(&ctx, &clen);
    unsigned char *styles = styles_xml(&ctx, &slen);
    unsigned char *meta = odt_meta_xml(&ctx, &mlen);
    unsigned char *manifest = odt_manifest_xml(&ctx, &flen);
    unsigned char *out = NULL;
    if (!ctx.failed && content && styles && meta && manifest) {
        static const char mimetype[] = "application/vnd.oasis.opendocument.text";
        size_t n = 5 + ctx.n_pics;
        odt_part *parts = iop_xcalloc(n, sizeof *parts);
        parts[0] =
            (odt_part){"mimetype", (const unsigned char *)mimetype, sizeof mimetype - 1, true};
        parts[1] = (odt_part){"content.xml", content, clen, false};
        parts[2] = (odt_part){"styles.xml", styles, slen, false};
        parts[3] = (odt_part){"meta.xml", meta, mlen, false};
        for (size_t i = 0; i < ctx.n_pics; i++)
            /* PNG is compressed already */
            parts[4 + i] = (odt_part){ctx.pics[i].path, ctx.pics[i].data, ctx.pics[i].len,
                                      strcmp(ctx.pics[i].media, "image/png") == 0};
        parts[n - 1] = (odt_part){"META-INF/manifest.xml", manifest, flen, false};
        out = odt_zip(parts, n, len, diag);
        free(parts);
    }
    free(content);
    free(styles);
    free(meta);
    free(manifest);
    odt_named_free(&ctx);
    odt_pictures_free(&ctx);
    return out;
}

bool iop_odt_write(const iop_document *doc, const char *path, iop_layout *layout, iop_diag *diag)
{
    size_t len = 0;
    unsigned char *bytes = iop_odt_package(doc, layout, &len, diag);
    if (!bytes)
        return false;
    bool ok = iop_render_write_bytes(path, bytes, len, diag);
    free(bytes);
    return ok;
}
