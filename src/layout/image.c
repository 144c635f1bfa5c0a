/* Images: PNG through cairo, SVG through librsvg recorded as vectors (so
 * a logo stays sharp in the PDF).  Natural sizes assume 96 pixels per
 * inch, as browsers do.  librsvg is opened when the first SVG is drawn:
 * linked, it and what it brings (gio, gdk-pixbuf, libmount, libjpeg …)
 * cost every process's start 5 M instructions, and few documents have an
 * SVG. */
#include "layout_internal.h"

#include <librsvg/rsvg.h>

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

/* a logo or a photo, never more */
#define IMAGE_MAX_BYTES ((size_t)32 * 1024 * 1024)

/* The few functions of librsvg (and gio's, which it loads) used here. */
typedef struct svg_lib {
    bool tried, ok;
    GFile *(*file_new_for_path)(const char *);
    GInputStream *(*memory_input_stream_new_from_data)(const void *, gssize, GDestroyNotify);
    RsvgHandle *(*new_from_stream_sync)(GInputStream *, GFile *, RsvgHandleFlags, GCancellable *,
                                        GError **);
    void (*set_dpi)(RsvgHandle *, double);
    gboolean (*intrinsic_size_in_pixels)(RsvgHandle *, gdouble *, gdouble *);
    void (*intrinsic_dimensions)(RsvgHandle *, gboolean *, RsvgLength *, gboolean *, RsvgLength *,
                                 gboolean *, RsvgRectangle *);
    gboolean (*render_document)(RsvgHandle *, cairo_t *, const RsvgRectangle *, GError **);
} svg_lib;

/* Opened once per process and never closed (cairo recording surfaces may
 * refer to its code until exit). NULL when librsvg cannot be opened. */
static const svg_lib *svg_open(void)
{
    static svg_lib lib;
    if (lib.tried)
        return lib.ok ? &lib : NULL;
    lib.tried = true;
    void *h = dlopen("librsvg-2.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!h)
        return NULL;
    /* POSIX: a function pointer may be converted from dlsym's void * */
#define SVG_SYM(field, name) *(void **)&lib.field = dlsym(h, name)
    SVG_SYM(file_new_for_path, "g_file_new_for_path");
    SVG_SYM(memory_input_stream_new_from_data, "g_memory_input_stream_new_from_data");
    SVG_SYM(new_from_stream_sync, "rsvg_handle_new_from_stream_sync");
    SVG_SYM(set_dpi, "rsvg_handle_set_dpi");
    SVG_SYM(intrinsic_size_in_pixels, "rsvg_handle_get_intrinsic_size_in_pixels");
    SVG_SYM(intrinsic_dimensions, "rsvg_handle_get_intrinsic_dimensions");
    SVG_SYM(render_document, "rsvg_handle_render_document");
#undef SVG_SYM
    lib.ok = lib.file_new_for_path && lib.memory_input_stream_new_from_data &&
             lib.new_from_stream_sync && lib.set_dpi &&
             lib.intrinsic_size_in_pixels && lib.intrinsic_dimensions && lib.render_document;
    return lib.ok ? &lib : NULL;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && g_ascii_strcasecmp(s + n - k, suffix) == 0;
}

typedef struct png_source {
    const unsigned char *data;
    size_t len, at;
} png_source;

static cairo_status_t read_png(void *closure, unsigned char *out, unsigned int n)
{
    png_source *src = closure;
    if (src->len - src->at < n)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(out, src->data + src->at, n);
    src->at += n;
    return CAIRO_STATUS_SUCCESS;
}

static iop_image *load_png(const char *data, size_t len)
{
    png_source src = {(const unsigned char *)data, len, 0};
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_png, &src);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return NULL;
    }
    iop_image *img = iop_xcalloc(1, sizeof *img);
    img->surface = s;
    img->width = cairo_image_surface_get_width(s);
    img->height = cairo_image_surface_get_height(s);
    img->nat_w = img->width * 0.75;
    img->nat_h = img->height * 0.75;
    if (img->width <= 0 || img->height <= 0) {
        image_free(img);
        return NULL;
    }
    return img;
}

static iop_image *load_svg(const char *path, const char *data, size_t len, char **why)
{
    const svg_lib *rsvg = svg_open();
    if (!rsvg) {
        *why = iop_xstrdup("librsvg (librsvg-2.so.2) cannot be opened");
        return NULL;
    }
    GError *err = NULL;
    /* the bytes read once (a FIFO is refused before); the file only names
     * the document's base: no external resources, a logo is self-contained */
    GFile *file = rsvg->file_new_for_path(path);
    GInputStream *in = rsvg->memory_input_stream_new_from_data(data, (gssize)len, NULL);
    RsvgHandle *h = rsvg->new_from_stream_sync(in, file, RSVG_HANDLE_FLAGS_NONE, NULL, &err);
    g_object_unref(in);
    g_object_unref(file);
    if (!h) {
        *why = iop_xstrdup(err ? err->message : "cannot read SVG");
        if (err)
            g_error_free(err);
        return NULL;
    }
    rsvg->set_dpi(h, 96);
    gdouble w = 0, hh = 0;
    if (!rsvg->intrinsic_size_in_pixels(h, &w, &hh) || w <= 0 || hh <= 0) {
        gboolean has_vb = FALSE, has_w, has_h;
        RsvgLength lw, lh;
        RsvgRectangle vb;
        rsvg->intrinsic_dimensions(h, &has_w, &lw, &has_h, &lh, &has_vb, &vb);
        if (has_vb && vb.width > 0 && vb.height > 0) {
            w = vb.width;
            hh = vb.height;
        } else {
            w = 100;
            hh = 100;
        }
    }
    cairo_rectangle_t extent = {0, 0, w, hh};
    cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, &extent);
    cairo_t *cr = cairo_create(rec);
    RsvgRectangle viewport = {0, 0, w, hh};
    bool ok = rsvg->render_document(h, cr, &viewport, &err);
    ok = ok && cairo_status(cr) == CAIRO_STATUS_SUCCESS;
    cairo_destroy(cr);
    g_object_unref(h);
    if (!ok || cairo_surface_status(rec) != CAIRO_STATUS_SUCCESS) {
        *why = iop_xstrdup(err ? err->message : "cannot draw SVG");
        if (err)
            g_error_free(err);
        cairo_surface_destroy(rec);
        return NULL;
    }
    iop_image *img = iop_xcalloc(1, sizeof *img);
    img->surface = rec;
    img->width = w;
    img->height = hh;
    img->nat_w = w * 0.75;
    img->nat_h = hh * 0.75;
    return img;
}

iop_image *image_load(run *r, const iop_node *n)
{
    if (!n->src || !*n->src)
        return NULL;
    char *path = n->src[0] == '/' ? iop_xstrdup(n->src)
                                  : iop_xasprintf("%s/%s", r->doc->base_dir, n->src);
    char *why = NULL, *data = NULL;
    size_t len = 0;
    iop_image *img = NULL;
    /* read here, not by cairo or librsvg: a FIFO named as an image must be
     * refused, not waited for */
    bool svg = ends_with(path, ".svg"), png = ends_with(path, ".png");
    if (!svg && !png)
        why = iop_xstrdup("only PNG and SVG images are supported");
    else
        data = iop_file_read(path, IMAGE_MAX_BYTES, &len, &why);
    if (data)
        img = svg ? load_svg(path, data, len, &why) : load_png(data, len);
    free(data);
    if (!img)
        run_warn_once(r, n->line, "image '%s' cannot be read%s%s; left out", n->src,
                      why ? ": " : "", why ? why : "");
    free(why);
    free(path);
    return img;
}
