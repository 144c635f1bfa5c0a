/* Images and charts as pictures of the package.  An image is copied as
 * it is (PNG or SVG) with its text alternative as the frame's title; a
 * chart is drawn alone by the layout and render layers as SVG, so the
 * editable memo shows the chart the PDF shows. */
#include "odt_internal.h"

#include "iopreport/render.h"

#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define ODT_IMAGE_MAX_BYTES (64u << 20)

static void warn(odt_ctx *ctx, long line, const char *fmt, const char *a, const char *b)
{
    iop_loc loc = {ctx->doc->name, line, 0};
    iop_diag_report(ctx->diag, IOP_WARNING, &loc, fmt, a, b);
}

static odt_picture *picture_add(odt_ctx *ctx, const void *key, unsigned char *data, size_t len,
                                bool svg, double w, double h)
{
    ctx->pics = iop_grow(ctx->pics, &ctx->cap_pics, ctx->n_pics + 1, sizeof *ctx->pics);
    odt_picture *p = &ctx->pics[ctx->n_pics++];
    p->key = key;
    p->path = iop_xasprintf("Pictures/%zu.%s", ctx->n_pics, svg ? "svg" : "png");
    p->media = svg ? "image/svg+xml" : "image/png";
    p->data = data;
    p->len = len;
    p->width = w;
    p->height = h;
    return p;
}

/* The natural size of an SVG in points, from its width and height, or
 * its viewBox; false when it says neither. */
static bool svg_size(const unsigned char *data, size_t len, double *w, double *h)
{
    xmlDoc *doc = xmlReadMemory((const char *)data, (int)len, NULL, NULL,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
    bool ok = false;
    if (root) {
        xmlChar *ws = xmlGetProp(root, BAD_CAST "width");
        xmlChar *hs = xmlGetProp(root, BAD_CAST "height");
        xmlChar *vb = xmlGetProp(root, BAD_CAST "viewBox");
        double vx, vy, vw, vh;
        if (ws && hs && iop_document_parse_length((const char *)ws, w) &&
            iop_document_parse_length((const char *)hs, h) && *w > 0 && *h > 0) {
            ok = true;
        } else if (vb &&
                   sscanf((const char *)vb, "%lf%*[ ,]%lf%*[ ,]%lf%*[ ,]%lf", &vx, &vy, &vw, &vh) ==
                       4 &&
                   vw > 0 && vh > 0) {
            *w = vw * 0.75; /* user units are CSS pixels */
            *h = vh * 0.75;
            ok = true;
        }
        xmlFree(ws);
        xmlFree(hs);
        xmlFree(vb);
    }
    xmlFreeDoc(doc);
    return ok;
}

static odt_picture *load_image(odt_ctx *ctx, const iop_node *n)
{
    for (size_t i = 0; i < ctx->n_pics; i++)
        if (ctx->pics[i].key == n)
            return &ctx->pics[i];
    if (!n->src || !*n->src)
        return NULL;
    char *path =
        n->src[0] == '/' ? iop_xstrdup(n->src) : iop_xasprintf("%s/%s", ctx->doc->base_dir, n->src);
    char *why = NULL;
    size_t len = 0;
    unsigned char *data = (unsigned char *)iop_file_read(path, ODT_IMAGE_MAX_BYTES, &len, &why);
    free(path);
    unsigned pw, ph;
    double w = 0, h = 0;
    bool png = data && iop_odt_png_size(data, len, &pw, &ph);
    if (png) {
        w = pw * 0.75; /* at 96 pixels to the inch, as the layout sets it */
        h = ph * 0.75;
    } else if (data && !svg_size(data, len, &w, &h)) {
        free(why);
        why = iop_xstrdup("neither a PNG nor an SVG with a size");
    }
    if (!data || (!png && w <= 0)) {
        warn(ctx, n->line, "image '%s' cannot be read: %s; left out", n->src,
             why ? why : "unknown");
        free(why);
        free(data);
        return NULL;
    }
    free(why);
    /* the size the document asks for; one side given keeps the aspect */
    if (n->width > 0 && n->height > 0) {
        w = n->width;
        h = n->height;
    } else if (n->width > 0) {
        h = h * n->width / w;
        w = n->width;
    } else if (n->height > 0) {
        w = w * n->height / h;
        h = n->height;
    }
    double max = odt_text_width(ctx);
    if (w > max) {
        h = h * max / w;
        w = max;
    }
    return picture_add(ctx, n, data, len, !png, w, h);
}

static void frame(odt_ctx *ctx, xmlNode *p, const odt_picture *pic, const odt_picture *fallback,
                  const char *alt, const char *name)
{
    xmlNs *draw = ctx->ns.draw, *svg = ctx->ns.svg, *xlink = ctx->ns.xlink;
    xmlNode *gs = odt_auto_new(ctx, "graphic", NULL);
    xmlNode *gp = odt_el(gs, ctx->ns.style, "graphic-properties");
    odt_attr(gp, ctx->ns.style, "vertical-pos", "top");
    odt_attr(gp, ctx->ns.style, "vertical-rel", "baseline");
    xmlNode *f = odt_el(p, draw, "frame");
    odt_attr(f, draw, "style-name", odt_auto_add(ctx, gs, NULL));
    odt_attr(f, draw, "name", name);
    odt_attr(f, ctx->ns.text, "anchor-type", "as-char");
    odt_attr_len(f, svg, "width", pic->width);
    odt_attr_len(f, svg, "height", pic->height);
    odt_attr(f, draw, "z-index", "0");
    xmlNode *img = odt_el(f, draw, "image");
    odt_attr(img, xlink, "href", pic->path);
    odt_attr(img, xlink, "type", "simple");
    odt_attr(img, xlink, "show", "embed");
    odt_attr(img, xlink, "actuate", "onLoad");
    if (fallback) {
        /* for readers without SVG: the same drawing as PNG, after it */
        xmlNode *fb = odt_el(f, draw, "image");
        odt_attr(fb, xlink, "href", fallback->path);
        odt_attr(fb, xlink, "type", "simple");
        odt_attr(fb, xlink, "show", "embed");
        odt_attr(fb, xlink, "actuate", "onLoad");
    }
    if (alt && *alt) {
        /* the text alternative, read by screen readers and shown by
         * LibreOffice and Word as the picture's alt text */
        xmlNode *t = odt_el(f, svg, "title");
        odt_add_text(t, alt, strlen(alt));
        xmlNode *d = odt_el(f, svg, "desc");
        odt_add_text(d, alt, strlen(alt));
    }
}

void odt_image(odt_ctx *ctx, xmlNode *p, const iop_node *img)
{
    odt_picture *pic = load_image(ctx, img);
    if (!pic)
        return;
    char name[32];
    snprintf(name, sizeof name, "Bild%zu", (size_t)(pic - ctx->pics) + 1);
    frame(ctx, p, pic, NULL, img->decorative ? NULL : img->alt, name);
}

/* A drawing of the chart, and its PNG fallback. */
typedef struct chart_drawing {
    unsigned char *svg, *png;
    size_t svg_len, png_len;
    double height;
} chart_drawing;

/* Cut a page to what is drawn on it: the boxes moved up to the top, the
 * page as tall as they reach.  False when nothing is drawn. */
static bool cut_to_drawing(iop_page *pg)
{
    double top = 1e9, bottom = 0;
    for (size_t i = 0; i < pg->n_boxes; i++) {
        const iop_box *b = &pg->boxes[i];
        if (b->kind == IOP_BOX_LINK || b->kind == IOP_BOX_DEST || b->kind == IOP_BOX_MARK)
            continue;
        /* a text box's y is its baseline */
        double t = b->kind == IOP_BOX_TEXT ? b->y - b->h : b->y;
        double e = b->kind == IOP_BOX_TEXT ? b->y + b->h * 0.35 : b->y + b->h;
        top = t < top ? t : top;
        bottom = e > bottom ? e : bottom;
    }
    if (bottom <= top)
        return false;
    top = top > 2 ? top - 2 : 0;
    for (size_t i = 0; i < pg->n_boxes; i++)
        pg->boxes[i].y -= top;
    pg->height = bottom - top + 2;
    return true;
}

/* Render the one page into a private folder and read the files back. */
static bool render_files(const iop_pages *pages, chart_drawing *d, iop_diag *diag)
{
    const char *tmpdir = getenv("TMPDIR");
    char *dir = iop_xasprintf("%s/iopreport-odt-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    bool ok = false;
    if (mkdtemp(dir)) {
        char *svg = iop_xasprintf("%s/chart.svg", dir);
        char *png = iop_xasprintf("%s/chart.png", dir);
        char *why = NULL;
        if (iop_render_write(pages, IOP_FORMAT_SVG, svg, NULL, diag))
            d->svg = (unsigned char *)iop_file_read(svg, ODT_IMAGE_MAX_BYTES, &d->svg_len, &why);
        free(why);
        why = NULL;
        /* 192 dpi: sharp on paper and on a screen that zooms */
        iop_render_options png_options = {.dpi = 192};
        if (d->svg && iop_render_write(pages, IOP_FORMAT_PNG, png, &png_options, diag))
            d->png = (unsigned char *)iop_file_read(png, ODT_IMAGE_MAX_BYTES, &d->png_len, &why);
        free(why);
        (void)unlink(svg);
        (void)unlink(png);
        (void)rmdir(dir);
        free(svg);
        free(png);
        ok = d->svg && d->png;
    }
    free(dir);
    return ok;
}

/* The chart alone as wide as the text: a one-chart document laid out on
 * a tall page that is then cut to what was drawn. */
static bool chart_draw(odt_ctx *ctx, const iop_node *chart, double width, chart_drawing *d)
{
    iop_document mini = *ctx->doc; /* borrows the styles and metadata */
    memset(&mini.page.header, 0, sizeof mini.page.header);
    memset(&mini.page.footer, 0, sizeof mini.page.footer);
    mini.page.first_header = IOP_FIRST_NONE;
    mini.page.first_footer = false;
    mini.page.letterhead_left = mini.page.letterhead_right = NULL;
    mini.page.fit_pages = 0;
    mini.page.width = width;
    mini.page.height = 14000;
    mini.page.margin_top = mini.page.margin_bottom = 0;
    mini.page.margin_left = mini.page.margin_right = 0;
    iop_node *only = (iop_node *)chart;
    iop_node body = {.kind = IOP_NODE_BODY, .children = &only, .n_children = 1};
    mini.body = &body;

    iop_diag *scratch = iop_diag_new();
    iop_pages *pages = iop_layout_document(ctx->layout, &mini, scratch);
    bool ok = pages && pages->n_pages == 1 && cut_to_drawing(&pages->pages[0]) &&
              render_files(pages, d, scratch);
    if (ok)
        d->height = pages->pages[0].height;
    iop_pages_free(pages);
    iop_diag_free(scratch);
    return ok;
}

void odt_chart(odt_ctx *ctx, xmlNode *out, const iop_node *chart, const iop_style *parent)
{
    iop_style st;
    iop_document_style(ctx->doc, chart, parent, &st);
    const char *alt = chart->decorative || !chart->chart ? NULL : chart->chart->alt;
    double width = odt_text_width(ctx);
    chart_drawing d = {0};
    if (ctx->layout && chart_draw(ctx, chart, width, &d)) {
        xmlNode *p = odt_paragraph(ctx, out, NULL, &st, "chart");
        odt_picture *svg = picture_add(ctx, chart, d.svg, d.svg_len, true, width, d.height);
        size_t svg_at = (size_t)(svg - ctx->pics);
        odt_picture *png = picture_add(ctx, NULL, d.png, d.png_len, false, width, d.height);
        char name[32];
        snprintf(name, sizeof name, "Diagram%zu", svg_at + 1);
        frame(ctx, p, &ctx->pics[svg_at], png, alt, name);
        return;
    }
    free(d.svg);
    free(d.png);
    /* no drawing: the title and the text alternative, so nothing is lost */
    if (ctx->layout)
        warn(ctx, chart->line, "%s%s", "a chart could not be drawn for the OpenDocument file; ",
             "its title and text alternative are written instead");
    if (chart->chart && chart->chart->title) {
        xmlNode *p = odt_paragraph(ctx, out, NULL, &st, "chart-title");
        odt_text(ctx, p, chart->chart->title);
    }
    if (alt) {
        xmlNode *p = odt_paragraph(ctx, out, NULL, &st, "chart-caption");
        odt_text(ctx, p, alt);
    }
}

void odt_pictures_free(odt_ctx *ctx)
{
    for (size_t i = 0; i < ctx->n_pics; i++) {
        free(ctx->pics[i].path);
        free(ctx->pics[i].data);
    }
    free(ctx->pics);
    ctx->pics = NULL;
    ctx->n_pics = ctx->cap_pics = 0;
}
