/* FILL boxes: a shade, a pattern over it, an outline.  Patterns are drawn
 * as clipped vector lines and dots (no raster pattern surfaces), anchored
 * to the page so that neighbouring areas line up; they are what keeps the
 * series of a chart apart on a black-and-white printer. */
#include "render_internal.h"

#include <math.h>

#define PATTERN_STEP 3.4 /* pt between hatch lines: fine, but clear at 300 dpi */
#define PATTERN_LINE 0.55
#define TURN 6.283185307179586 /* a full circle in radians (M_PI is not C11) */

static void source(cairo_t *cr, uint32_t c)
{
    cairo_set_source_rgb(cr, ((c >> 16) & 0xff) / 255.0, ((c >> 8) & 0xff) / 255.0,
                         (c & 0xff) / 255.0);
}

/* Lines x + dir*y = k*step across the box (dir 1: rising to the right
 * with y growing downwards; dir -1: falling). */
static void hatch(cairo_t *cr, const iop_box *b, int dir)
{
    double y0 = b->y, y1 = b->y + b->h;
    double lo = dir > 0 ? b->x + y0 : b->x - y1;
    double hi = dir > 0 ? b->x + b->w + y1 : b->x + b->w - y0;
    for (double k = floor(lo / PATTERN_STEP); k * PATTERN_STEP <= hi; k++) {
        double c = k * PATTERN_STEP;
        cairo_move_to(cr, c - dir * y0, y0);
        cairo_line_to(cr, c - dir * y1, y1);
    }
    cairo_set_line_width(cr, PATTERN_LINE);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_stroke(cr);
}

static void dots(cairo_t *cr, const iop_box *b)
{
    double step = PATTERN_STEP * 0.9;
    for (double y = (floor(b->y / step) + 0.5) * step; y < b->y + b->h; y += step)
        for (double x = (floor(b->x / step) + 0.5) * step; x < b->x + b->w; x += step) {
            cairo_new_sub_path(cr);
            cairo_arc(cr, x, y, 0.5, 0, TURN);
        }
    cairo_fill(cr);
}

void paint_fill(cairo_t *cr, const iop_box *b)
{
    if (!(b->w > 0) || !(b->h > 0))
        return;
    cairo_save(cr);
    source(cr, b->color);
    cairo_rectangle(cr, b->x, b->y, b->w, b->h);
    if (b->pattern == IOP_FILL_SOLID) {
        cairo_fill(cr);
    } else {
        cairo_fill_preserve(cr);
        cairo_clip(cr);
        source(cr, b->ink);
        if (b->pattern == IOP_FILL_DOTS) {
            dots(cr, b);
        } else {
            hatch(cr, b, 1);
            if (b->pattern == IOP_FILL_CROSSHATCH)
                hatch(cr, b, -1);
        }
    }
    cairo_restore(cr);
    if (b->line_width > 0) {
        /* inside the box, so that its extent is what the layout measured */
        double lw = b->line_width;
        double w = b->w - lw, h = b->h - lw;
        source(cr, b->ink);
        cairo_set_line_width(cr, lw);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER);
        if (w > 0 && h > 0) {
            cairo_rectangle(cr, b->x + lw / 2, b->y + lw / 2, w, h);
            cairo_stroke(cr);
        }
    }
}
