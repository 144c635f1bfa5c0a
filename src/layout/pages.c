/* Boxes and pages: ownership, the text dump (the layout's test oracle),
 * and drawing of the two box kinds that need pango or decoded images. */
#include "layout_internal.h"

#include <hb-ot.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* pango gives a glyph string room for the next power of two of glyphs
 * (pango_glyph_string_set_size), and a line kept for the pages keeps that
 * room until the report is written: a fifth of the memory its pages
 * hold (0.56 of 2.6 MiB for a report of 20 pages).  The room is given
 * back once the line is final; `space` is the field set_size reads to
 * know the room it has, so it is set to what is left. */
static void glyphs_fit(PangoLayoutLine *line)
{
    for (GSList *r = line->runs; r; r = r->next) {
        PangoGlyphString *g = ((PangoGlyphItem *)r->data)->glyphs;
        if (g->num_glyphs > 0 && g->space > g->num_glyphs) {
            g->glyphs = g_renew(PangoGlyphInfo, g->glyphs, g->num_glyphs);
            g->log_clusters = g_renew(gint, g->log_clusters, g->num_glyphs);
            g->space = g->num_glyphs;
        }
    }
}

iop_text_line *text_line_new(PangoLayout *layout, PangoLayoutLine *line)
{
    glyphs_fit(line);
    iop_text_line *t = iop_xmalloc(sizeof *t);
    t->layout = g_object_ref(layout);
    t->line = pango_layout_line_ref(line);
    return t;
}

void text_line_free(iop_text_line *t)
{
    if (!t)
        return;
    pango_layout_line_unref(t->line);
    g_object_unref(t->layout);
    free(t);
}

iop_image *image_ref(const iop_image *img)
{
    if (!img)
        return NULL;
    iop_image *c = iop_xmalloc(sizeof *c);
    *c = *img;
    c->surface = cairo_surface_reference(img->surface);
    return c;
}

void image_free(iop_image *img)
{
    if (!img)
        return;
    cairo_surface_destroy(img->surface);
    free(img);
}

void box_free(iop_box *b)
{
    free(b->text);
    free(b->uri);
    free(b->dest);
    text_line_free(b->line);
    image_free(b->image);
    memset(b, 0, sizeof *b);
}

iop_box box_make(iop_box_kind kind, double x, double y, double w, double h, uint32_t color)
{
    iop_box b;
    memset(&b, 0, sizeof b);
    b.kind = kind;
    b.x = x;
    b.y = y;
    b.w = w;
    b.h = h;
    b.color = color;
    return b;
}

iop_box box_copy(const iop_box *b)
{
    iop_box c = *b;
    c.text = iop_xstrdup(b->text);
    c.uri = iop_xstrdup(b->uri);
    c.dest = iop_xstrdup(b->dest);
    c.line = b->line ? text_line_new(b->line->layout, b->line->line) : NULL;
    c.image = image_ref(b->image);
    return c;
}

void iop_pages_release_page(iop_pages *pages, size_t i)
{
    if (!pages || i >= pages->n_pages)
        return;
    iop_page *pg = &pages->pages[i];
    for (size_t k = 0; k < pg->n_boxes; k++)
        box_free(&pg->boxes[k]);
    free(pg->boxes);
    pg->boxes = NULL;
    pg->n_boxes = 0;
}

void iop_pages_free(iop_pages *pages)
{
    if (!pages)
        return;
    for (size_t i = 0; i < pages->n_pages; i++)
        iop_pages_release_page(pages, i);
    free(pages->pages);
    for (size_t i = 0; i < pages->n_outline; i++) {
        free(pages->outline[i].title);
        free(pages->outline[i].dest);
    }
    free(pages->outline);
    for (size_t i = 0; i < pages->n_elems; i++) {
        free(pages->elems[i].alt);
        free(pages->elems[i].lang);
        free(pages->elems[i].title);
    }
    free(pages->elems);
    free(pages->lang);
    free(pages);
}

/* Print a string quoted, with soft hyphens left out and quotes escaped. */
static void dump_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (const char *p = s ? s : ""; *p; p++) {
        if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xAD) {
            p++;
            continue;
        }
        if (*p == '"' || *p == '\\')
            fputc('\\', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

void iop_pages_dump(const iop_pages *pages, FILE *out)
{
    if (!pages)
        return;
    for (size_t i = 0; i < pages->n_pages; i++) {
        const iop_page *pg = &pages->pages[i];
        fprintf(out, "page %zu %.1fx%.1f\n", i + 1, pg->width, pg->height);
        for (size_t k = 0; k < pg->n_boxes; k++) {
            const iop_box *b = &pg->boxes[k];
            switch (b->kind) {
            case IOP_BOX_TEXT:
                fprintf(out, "  text %.1f %.1f w=%.1f h=%.1f", b->x, b->y, b->w, b->h);
                if (b->tag)
                    fprintf(out, " tag=%s", b->tag);
                fputc(' ', out);
                dump_string(out, b->text);
                fputc('\n', out);
                break;
            case IOP_BOX_RULE:
                fprintf(out, "  rule %.1f %.1f %.1fx%.1f lw=%.2f #%06x\n", b->x, b->y, b->w,
                        b->h, b->line_width, (unsigned)b->color);
                break;
            case IOP_BOX_RECT:
                fprintf(out, "  rect %.1f %.1f %.1fx%.1f #%06x\n", b->x, b->y, b->w, b->h,
                        (unsigned)b->color);
                break;
            case IOP_BOX_IMAGE:
                fprintf(out, "  image %.1f %.1f %.1fx%.1f\n", b->x, b->y, b->w, b->h);
                break;
            case IOP_BOX_LINK:
                fprintf(out, "  link %.1f %.1f %.1fx%.1f ", b->x, b->y, b->w, b->h);
                dump_string(out, b->uri ? b->uri : b->dest);
                fputc('\n', out);
                break;
            case IOP_BOX_FILL: {
                static const char *const pat[] = {"solid", "hatch", "crosshatch", "dots"};
                fprintf(out, "  fill %.1f %.1f %.1fx%.1f #%06x %s ink=#%06x lw=%.2f", b->x, b->y,
                        b->w, b->h, (unsigned)b->color,
                        (unsigned)b->pattern <= IOP_FILL_DOTS ? pat[b->pattern] : "?",
                        (unsigned)b->ink, b->line_width);
                if (b->tag)
                    fprintf(out, " tag=%s", b->tag);
                fputc('\n', out);
                break;
            }
            case IOP_BOX_MARK:
                fprintf(out, "  mark tag=%s\n", b->tag ? b->tag : "-");
                break;
            case IOP_BOX_DEST:
                fprintf(out, "  dest %.1f %.1f ", b->x, b->y);
                dump_string(out, b->dest);
                fputc('\n', out);
                break;
            }
        }
    }
    for (size_t i = 0; i < pages->n_outline; i++) {
        const iop_outline_entry *o = &pages->outline[i];
        fprintf(out, "outline %d page=%d y=%.1f ", o->level, o->page, o->y);
        dump_string(out, o->title);
        fputc('\n', out);
    }
}

/* Glyphs stored as colour bitmaps (emoji in Noto Color Emoji)? */
static bool run_has_bitmap_colour(const PangoGlyphItem *gi)
{
    hb_font_t *hb = pango_font_get_hb_font(gi->item->analysis.font);
    return hb && hb_ot_color_has_png(hb_font_get_face(hb));
}

static void set_colour(cairo_t *cr, uint32_t c)
{
    cairo_set_source_rgb(cr, ((c >> 16) & 0xff) / 255.0, ((c >> 8) & 0xff) / 255.0,
                         (c & 0xff) / 255.0);
}

/* The foreground of a run: its own colour attribute, or the box's. */
static void set_run_colour(cairo_t *cr, const PangoGlyphItem *gi, uint32_t fallback)
{
    for (GSList *a = gi->item->analysis.extra_attrs; a; a = a->next) {
        const PangoAttribute *attr = a->data;
        if (attr->klass->type == PANGO_ATTR_FOREGROUND) {
            const PangoColor *c = &((const PangoAttrColor *)attr)->color;
            cairo_set_source_rgb(cr, c->red / 65535.0, c->green / 65535.0, c->blue / 65535.0);
            return;
        }
    }
    set_colour(cr, fallback);
}

/* A run of colour bitmap glyphs as an image: cairo 1.16 writes such
 * glyphs into a PDF at the size of the font's bitmaps (an emoji a hand
 * high), so on vector surfaces they are drawn on an image first. */
static void draw_bitmap_run(cairo_t *cr, const PangoGlyphItem *gi, double x, double y)
{
    PangoRectangle logical;
    pango_glyph_string_extents(gi->glyphs, gi->item->analysis.font, NULL, &logical);
    const double k = 8; /* about 600 dpi */
    int w = (int)ceil(logical.width / (double)PANGO_SCALE * k);
    int h = (int)ceil(logical.height / (double)PANGO_SCALE * k);
    if (w <= 0 || h <= 0)
        return;
    cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
    cairo_t *ic = cairo_create(img);
    cairo_scale(ic, k, k);
    cairo_move_to(ic, 0, -logical.y / (double)PANGO_SCALE);
    pango_cairo_show_glyph_string(ic, gi->item->analysis.font, gi->glyphs);
    cairo_destroy(ic);
    cairo_surface_flush(img);
    cairo_save(cr);
    cairo_translate(cr, x, y + logical.y / (double)PANGO_SCALE);
    cairo_scale(cr, 1 / k, 1 / k);
    cairo_set_source_surface(cr, img, 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
    cairo_surface_destroy(img);
}

static bool is_shy(const char *c)
{
    return (unsigned char)c[0] == 0xC2 && (unsigned char)c[1] == 0xAD;
}

static bool has_shy(const char *t, int len)
{
    for (const char *c = memchr(t, 0xC2, (size_t)len); c;
         c = memchr(c + 1, 0xC2, (size_t)(t + len - c - 1)))
        if (c + 1 < t + len && is_shy(c))
            return true;
    return false;
}

/* Is glyph `i` the space a line was broken at?  Pango 1.50 keeps that
 * space in the line's text but gives it no glyph (PANGO_GLYPH_EMPTY) and
 * no width, so cairo 1.16 gets a cluster " " without glyphs and writes it
 * as an empty /Span with /ActualText <FEFF0020>, which also ends the
 * show operator before it.  Only a lone U+0020: other spaces
 * (U+2009, U+3000) may share the space glyph in a font and would give the
 * glyph the wrong text in the font's ToUnicode map. */
static bool is_hidden_space(const PangoGlyphString *gs, int i, const char *t, int len)
{
    if (gs->glyphs[i].glyph != PANGO_GLYPH_EMPTY || t[gs->log_clusters[i]] != ' ')
        return false;
    int at = gs->log_clusters[i];
    /* the cluster is that one byte: no other glyph shares it, and the
     * next byte starts a cluster of its own (or ends the run) */
    if ((i > 0 && gs->log_clusters[i - 1] == at) ||
        (i + 1 < gs->num_glyphs && gs->log_clusters[i + 1] == at))
        return false;
    if (at + 1 >= len)
        return true;
    for (int k = 0; k < gs->num_glyphs; k++)
        if (gs->log_clusters[k] == at + 1)
            return true;
    return false;
}

/* What drawing a run takes besides its glyphs and their text */
enum {
    /* pango's line renderer (pango 1.50's pango_renderer_draw_layout_line
     * with its cairo renderer): for lines under, over or through text,
     * backgrounds, alpha, shapes, the centred baseline of vertical text,
     * hex boxes for glyphs a font lacks, and any attribute not named in
     * run_needs as one the renderer leaves alone, so that pango's renderer
     * stays the way for whatever we are not sure of */
    NEEDS_RENDERER = 1,
    /* text without glyphs, which show_run leaves out of what cairo writes:
     * a soft hyphen where the line does not break, the space where it does */
    HIDES_TEXT = 2,
};

static unsigned run_needs(const PangoGlyphItem *gi, const char *text)
{
    const PangoAnalysis *a = &gi->item->analysis;
    unsigned needs = a->flags & PANGO_ANALYSIS_FLAG_CENTERED_BASELINE ? NEEDS_RENDERER : 0;
    for (const GSList *l = a->extra_attrs; l && !needs; l = l->next)
        switch ((int)((const PangoAttribute *)l->data)->klass->type) {
        case PANGO_ATTR_FOREGROUND: /* set_run_colour */
        case PANGO_ATTR_FONT_FEATURES: /* these act on shaping and breaking */
        case PANGO_ATTR_LETTER_SPACING:
        case PANGO_ATTR_FALLBACK:
        case PANGO_ATTR_ALLOW_BREAKS:
        case PANGO_ATTR_INSERT_HYPHENS:
        case PANGO_ATTR_TEXT_TRANSFORM: /* small capitals made by pango */
        case PANGO_ATTR_FONT_SCALE:
            break;
        default:
            needs = NEEDS_RENDERER;
        }
    const PangoGlyphString *gs = gi->glyphs;
    const char *t = text + gi->item->offset;
    for (int i = 0; i < gs->num_glyphs; i++) {
        PangoGlyph g = gs->glyphs[i].glyph;
        if (g < PANGO_GLYPH_EMPTY) /* the unknown flag is above it */
            continue;
        if (g & PANGO_GLYPH_UNKNOWN_FLAG)
            needs |= NEEDS_RENDERER;
        else if (is_shy(t + gs->log_clusters[i]) || is_hidden_space(gs, i, t, gi->item->length))
            needs |= HIDES_TEXT;
    }
    return needs;
}

/* A run's glyphs for cairo, in visual order at the places pango's cairo
 * renderer puts them (`x`, `y`: the run's origin), without its empty
 * glyphs but the space a line breaks at: that one becomes the font's
 * space glyph, looked up at the first such space (a font without one
 * leaves it empty, as pango does).  *spaces says whether any was.
 * Returns the number of glyphs written to `out`. */
static int run_glyphs(const PangoGlyphItem *gi, const char *t, double x, double y,
                      cairo_glyph_t *out, bool *spaces)
{
    const PangoGlyphString *gs = gi->glyphs;
    const PangoGlyphInfo *g = gs->glyphs;
    int n = gs->num_glyphs, len = gi->item->length, count = 0, x_position = 0;
    hb_codepoint_t space = 0;
    int has_space = -1; /* not looked up */
    for (int i = 0; i < n; i++) {
        PangoGlyph index = g[i].glyph;
        if (index == PANGO_GLYPH_EMPTY && has_space != 0 && is_hidden_space(gs, i, t, len)) {
            if (has_space < 0) {
                hb_font_t *hb = pango_font_get_hb_font(gi->item->analysis.font);
                has_space = hb && hb_font_get_nominal_glyph(hb, ' ', &space) && space != 0;
            }
            if (has_space)
                index = space;
        }
        if (index != PANGO_GLYPH_EMPTY) {
            const PangoGlyphGeometry *at = &g[i].geometry;
            out[count].index = index;
            out[count].x = x + (double)(x_position + at->x_offset) / PANGO_SCALE;
            out[count].y = at->y_offset == 0 ? y : y + (double)at->y_offset / PANGO_SCALE;
            count++;
        }
        x_position += g[i].geometry.width;
    }
    *spaces = has_space > 0;
    return count;
}

/* A run's clusters in the text's order, as pango's glyph item iterator
 * makes them: from a glyph on (the last one in right-to-left runs), the
 * glyphs up to one of a later cluster, with the bytes up to where that
 * one begins.  A cluster counts the glyphs run_glyphs draws (`spaces`:
 * line-end spaces among them).  Returns the number written to `out`. */
static int run_clusters(const PangoGlyphItem *gi, const char *t, bool spaces,
                        cairo_text_cluster_t *out)
{
    const PangoGlyphString *gs = gi->glyphs;
    const PangoGlyphInfo *g = gs->glyphs;
    const int *lc = gs->log_clusters;
    int n = gs->num_glyphs, len = gi->item->length;
    int step = gi->item->analysis.level & 1 ? -1 : 1, i = step > 0 ? 0 : n - 1;
    int n_clusters = 0, start = 0;
    for (int k = 0; k < n;) {
        int first = lc[i], shown = 0;
        do {
            if (g[i].glyph != PANGO_GLYPH_EMPTY)
                shown++;
            else if (spaces)
                shown += is_hidden_space(gs, i, t, len);
            i += step;
        } while (++k < n && lc[i] <= first);
        int end = k < n ? lc[i] : len;
        out[n_clusters].num_bytes = end - start;
        out[n_clusters].num_glyphs = shown;
        n_clusters++;
        start = end;
    }
    return n_clusters;
}

/* Leave out of a run's text and clusters the soft hyphens that show no
 * glyph (where the line does not break): a cluster of them alone goes,
 * one inside a cluster of other text loses its bytes.  The text left is
 * written to `utf8` (as long as the run's text); returns the number of
 * clusters left, and *n_bytes the text's length. */
static int drop_hidden_shy(const char *t, cairo_text_cluster_t *clusters, int n_clusters,
                           char *utf8, int *n_bytes)
{
    int kept = 0, bytes = 0, start = 0;
    for (int k = 0; k < n_clusters; k++) {
        int end = start + clusters[k].num_bytes, from = bytes;
        bool only_shy = true;
        for (int b = start; b < end && only_shy; b += 2)
            only_shy = b + 1 < end && is_shy(t + b);
        if (!only_shy || clusters[k].num_glyphs > 0) {
            for (int b = start; b < end; b++) {
                if (!only_shy && b + 1 < end && is_shy(t + b))
                    b++;
                else
                    utf8[bytes++] = t[b];
            }
            clusters[kept].num_bytes = bytes - from;
            clusters[kept].num_glyphs = clusters[k].num_glyphs;
            kept++;
        }
        start = end;
    }
    *n_bytes = bytes;
    return kept;
}

/* Draw a run with its text as pango's cairo renderer does (the same
 * glyphs at the same places, the same clusters of text, the same font
 * and colour when cairo shows them), without its per-run set-up and glyph
 * item iterator, and with two changes to what cairo writes into a PDF's
 * text.  The soft hyphens that show no glyph are taken out of the text:
 * such a hyphen is no content (the PDF has U+00AD only where a line breaks
 * and shows "-"), and a cluster of it alone would be an empty
 * marked-content span.  The space a line breaks at is drawn as the font's
 * space glyph, with no advance where pango put it: the glyph draws
 * nothing, and cairo maps it to U+0020 in the font's ToUnicode map instead
 * of writing a span for it, so the last word of a line stays apart from
 * the next line's first in the PDF's text.  `x` and `y` are the run's
 * origin; the caller has set its colour.  False, with nothing drawn, when
 * the run's font has no cairo font: the caller then lets pango draw it. */
static bool show_run(cairo_t *cr, const char *text, const PangoGlyphItem *gi, double x, double y)
{
    /* pango's cairo fonts all are PangoCairoFonts: no type check per run */
    cairo_scaled_font_t *sf =
        pango_cairo_font_get_scaled_font((PangoCairoFont *)gi->item->analysis.font);
    if (!sf || cairo_scaled_font_status(sf) != CAIRO_STATUS_SUCCESS)
        return false;
    const char *t = text + gi->item->offset;
    int n = gi->glyphs->num_glyphs, len = gi->item->length;
    if (n == 0)
        return true; /* pango shapes none such; cairo would refuse its text */

    enum { ON_STACK = 128 };
    cairo_glyph_t glyph_stack[ON_STACK];
    cairo_text_cluster_t cluster_stack[ON_STACK];
    char text_stack[4 * ON_STACK];
    cairo_glyph_t *glyphs = n > ON_STACK ? iop_xmalloc((size_t)n * sizeof *glyphs) : glyph_stack;
    cairo_text_cluster_t *clusters =
        n > ON_STACK ? iop_xmalloc((size_t)n * sizeof *clusters) : cluster_stack;
    char *copy = NULL;

    bool spaces;
    int count = run_glyphs(gi, t, x, y, glyphs, &spaces);
    int n_clusters = run_clusters(gi, t, spaces, clusters);
    /* soft hyphens are rare outside long words: without any, the text
     * given to cairo is the run's own */
    const char *utf8 = t;
    int n_bytes = len;
    if (has_shy(t, len)) {
        char *to = len > (int)sizeof text_stack ? (copy = iop_xmalloc((size_t)len)) : text_stack;
        n_clusters = drop_hidden_shy(t, clusters, n_clusters, to, &n_bytes);
        utf8 = to;
    }

    /* the font stays set: nothing draws with cairo's own font but these
     * runs (pango sets its own and restores), and leaving it spares cairo
     * a copy of its state per run, and a font look-up where the next run
     * has this font too */
    cairo_set_scaled_font(cr, sf);
    cairo_show_text_glyphs(cr, utf8, n_bytes, glyphs, count, clusters, n_clusters,
                           gi->item->analysis.level & 1 ? CAIRO_TEXT_CLUSTER_FLAG_BACKWARD : 0);
    if (glyphs != glyph_stack)
        free(glyphs);
    if (clusters != cluster_stack)
        free(clusters);
    free(copy);
    return true;
}

bool iop_text_line_draw(const iop_box *box, void *vcr)
{
    cairo_t *cr = vcr;
    if (box->kind != IOP_BOX_TEXT || !box->line)
        return true;
    PangoLayoutLine *line = box->line->line;
    const char *text = pango_layout_get_text(box->line->layout);
    cairo_surface_t *surface = cairo_get_target(cr);
    cairo_surface_type_t target = cairo_surface_get_type(surface);
    bool vector = target == CAIRO_SURFACE_TYPE_PDF || target == CAIRO_SURFACE_TYPE_SVG;
    bool with_text = cairo_surface_has_show_text_glyphs(surface);
    /* what each run needs, kept for the runs drawn below (a line has few) */
    enum { KEPT = 32 };
    unsigned char kept[KEPT];
    int n_runs = 0;
    bool renderer = false, hidden = false, bitmap_colour = false;
    for (GSList *l = line->runs; l; l = l->next, n_runs++) {
        bitmap_colour = bitmap_colour || (vector && run_has_bitmap_colour(l->data));
        unsigned needs = with_text ? run_needs(l->data, text) : 0;
        if (n_runs < KEPT)
            kept[n_runs] = (unsigned char)needs;
        renderer = renderer || (needs & NEEDS_RENDERER);
        hidden = hidden || (needs & HIDES_TEXT);
    }
    /* pango's renderer draws the line on surfaces without text (PNG, SVG),
     * where it only draws glyphs, and where a run needs it and there is no
     * text to hide (as it did before show_run drew the other lines); but
     * a line drawn in pieces (links) or with colour bitmaps is drawn run by
     * run, as only that can */
    bool part = box->seg_end > 0;
    if ((!with_text || (renderer && !hidden)) && !bitmap_colour && !part) {
        set_colour(cr, box->color);
        cairo_move_to(cr, box->x, box->y);
        pango_cairo_show_layout_line(cr, line);
        return cairo_status(cr) == CAIRO_STATUS_SUCCESS;
    }
    /* run by run (runs are in visual order), placed as
     * pango_renderer_draw_layout_line places them: from the current point
     * as cairo keeps it (in fixed point), so that glyphs land where pango
     * would put them.  Before show_run drew every plain run, lines in
     * pieces, with colour bitmaps or with text to hide were the ones drawn
     * run by run, and their runs without text to hide went to
     * pango_cairo_show_glyph_item, which starts each run from cairo's
     * current point, that is rounded to 1/256 pt.  Such runs still start
     * from that point, so that PDFs stay the same to the byte (unrounded,
     * some glyphs would move by up to 1/512 pt, and the antialiasing of a
     * few pixels with them). */
    bool snap = part || bitmap_colour || hidden;
    double ox, oy;
    cairo_move_to(cr, box->x, box->y);
    cairo_get_current_point(cr, &ox, &oy);
    int x_off = 0, k = 0;
    for (GSList *l = line->runs; l; l = l->next, k++) {
        PangoGlyphItem *gi = l->data;
        int at = gi->item->offset;
        x_off += gi->start_x_offset;
        double x = ox + (double)x_off / PANGO_SCALE;
        double y = oy + (double)-gi->y_offset / PANGO_SCALE;
        unsigned needs = !with_text ? NEEDS_RENDERER : k < KEPT ? kept[k] : run_needs(gi, text);
        if (part && (at < box->seg_start || at >= box->seg_end)) {
            /* another piece of the line (a link): drawn by its own box */
        } else if (vector && run_has_bitmap_colour(gi)) {
            draw_bitmap_run(cr, gi, x, y);
        } else {
            set_run_colour(cr, gi, box->color);
            bool shown = false;
            if (!(needs & NEEDS_RENDERER)) {
                if (snap && !(needs & HIDES_TEXT)) {
                    cairo_move_to(cr, x, y);
                    cairo_get_current_point(cr, &x, &y);
                }
                shown = show_run(cr, text, gi, x, y);
            }
            if (!shown) {
                cairo_move_to(cr, x, y);
                pango_cairo_show_glyph_item(cr, text, gi);
            }
        }
        x_off += pango_glyph_string_get_width(gi->glyphs) + gi->end_x_offset;
    }
    return cairo_status(cr) == CAIRO_STATUS_SUCCESS;
}

bool iop_image_draw(const iop_box *box, void *vcr)
{
    cairo_t *cr = vcr;
    if (box->kind != IOP_BOX_IMAGE || !box->image || box->image->width <= 0 ||
        box->image->height <= 0)
        return true;
    cairo_save(cr);
    cairo_translate(cr, box->x, box->y);
    cairo_scale(cr, box->w / box->image->width, box->h / box->image->height);
    cairo_set_source_surface(cr, box->image->surface, 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_GOOD);
    cairo_rectangle(cr, 0, 0, box->image->width, box->image->height);
    cairo_fill(cr);
    cairo_restore(cr);
    return cairo_status(cr) == CAIRO_STATUS_SUCCESS;
}
