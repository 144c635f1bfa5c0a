/* Charts → units of boxes: a bar chart on a value axis, a timeline of
 * periods on a time axis, split bars of shares.  Every chart is a column
 * of labels (wrapped, as wide as the longest label up to a third of the
 * width) beside a plot, then an axis, a legend, and the alt text as a
 * caption.  Each row is a unit of its own, so a chart taller than a page
 * breaks between rows; a chart that fits is kept on one page.
 *
 * All boxes carry the structure tag "Figure" with one id.  cairo 1.16
 * cannot write an /Alt entry on a structure element, so the text
 * alternative is set as visible text inside the figure, after the real
 * text of every label and value.
 *
 * Shades are chosen by lightness and patterns, not hue, so that a chart
 * printed in black and white still tells its series apart; the legend
 * names them. */
#include "layout_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ROW_MIN 15.0   /* height of a row with a one-line label */
#define BAR_H 9.0      /* height of a bar or period */
#define GAP 8.0        /* between the label column and the plot */
#define VALUE_GAP 4.0  /* between a bar's end and its value */
#define TICK 3.0       /* length of an axis tick */
#define SWATCH_W 14.0
#define SWATCH_H 8.0

#define C_INK 0x2b3645u      /* outlines, hatching, the zero line */
#define C_BAR 0x56657au      /* bars of a bar chart */
#define C_CURRENT 0x3f4d61u  /* the current period; the first series */
#define C_PREVIOUS 0xaeb7c3u /* earlier periods */
#define C_SECOND 0xc3cad4u   /* the second series */
#define C_BAND 0xe4e8edu     /* the highlighted stretch of a timeline */
#define C_GRID 0xd0d4d9u     /* grid lines */
#define C_AXIS 0x5a5a5au     /* axis line and ticks */
#define C_WHITE 0xffffffu

/* A piece of text laid out once, measured, then placed. */
typedef struct text {
    PangoLayout *lo;
    double w, h;
} text;

static text text_make(run *r, const char *s, const iop_style *st, double width,
                      PangoAlignment align)
{
    text t;
    t.lo = shared_layout(r, s ? s : "", st, width, align);
    PangoRectangle logical;
    pango_layout_get_extents(t.lo, NULL, &logical);
    t.w = logical.width / (double)PANGO_SCALE;
    t.h = logical.height / (double)PANGO_SCALE;
    if (width > 0 && t.w > width)
        t.w = width;
    return t;
}

static void text_free(text *t)
{
    if (t->lo)
        g_object_unref(t->lo);
    t->lo = NULL;
}

/* The chart being laid out: its style, figure id and geometry. */
typedef struct chart_ctx {
    run *r;
    const iop_node *node;
    const iop_chart *ch;
    const iop_style *st;
    iop_style num;      /* numbers: tabular figures */
    int sid;            /* structure id of the figure */
    double x, width;    /* the chart's frame */
    double plot_x, plot_w;
    double label_w;     /* the label column (0 when no labels) */
    bool keep;          /* the whole chart fits on a page: no breaks inside */
    bool first;         /* the next unit is the chart's first */
} chart_ctx;

static unit *chart_unit(chart_ctx *c, double height)
{
    unit *u = run_add_unit(c->r);
    u->height = height;
    if (!c->first && c->keep)
        u->break_ok = false;
    c->first = false;
    return u;
}

static void add_box(chart_ctx *c, unit *u, iop_box *b)
{
    b->tag = c->sid ? "Figure" : NULL;
    b->struct_id = c->sid;
    unit_add_box(u, b);
}

/* One TEXT box per line of `t`, its top-left corner at (x, top). */
static void put_text(chart_ctx *c, unit *u, const text *t, double x, double top, uint32_t color)
{
    const char *all = pango_layout_get_text(t->lo);
    PangoLayoutIter *it = pango_layout_get_iter(t->lo);
    do {
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        PangoRectangle logical;
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        iop_box b;
        memset(&b, 0, sizeof b);
        b.kind = IOP_BOX_TEXT;
        b.x = x + logical.x / (double)PANGO_SCALE;
        b.y = top + pango_layout_iter_get_baseline(it) / (double)PANGO_SCALE;
        b.w = logical.width / (double)PANGO_SCALE;
        b.h = logical.height / (double)PANGO_SCALE;
        b.color = color;
        b.text = iop_xstrndup(all + line->start_index, (size_t)line->length);
        b.line = text_line_new(t->lo, line);
        add_box(c, u, &b);
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

static void put_fill(chart_ctx *c, unit *u, double x, double y, double w, double h,
                     uint32_t color, iop_fill_pattern pattern, double outline)
{
    if (!(w > 0) || !(h > 0))
        return;
    iop_box b = box_make(IOP_BOX_FILL, x, y, w, h, color);
    b.pattern = pattern;
    b.ink = C_INK;
    b.line_width = outline;
    add_box(c, u, &b);
}

static void put_rule(chart_ctx *c, unit *u, double x, double y, double w, double h, double lw,
                     uint32_t color)
{
    iop_box b = box_make(IOP_BOX_RULE, x, y, w, h, color);
    b.line_width = lw;
    add_box(c, u, &b);
}

/* ---- Swedish numbers ------------------------------------------------ */

/* `v` with `decimals` decimals, a decimal comma and digit groups of three
 * separated by no-break spaces: 2 490 604, 0,25.  Caller frees. */
static char *format_sv(double v, int decimals)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    char *dot = strchr(raw, '.');
    size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw);
    iop_strbuf sb = IOP_STRBUF_INIT;
    if (v < 0 && strspn(raw, "0.") != strlen(raw))
        iop_strbuf_puts(&sb, "\xE2\x88\x92"); /* U+2212 minus */
    for (size_t i = 0; i < int_len; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            iop_strbuf_puts(&sb, "\xC2\xA0");
        iop_strbuf_putc(&sb, raw[i]);
    }
    if (dot) {
        iop_strbuf_putc(&sb, ',');
        iop_strbuf_puts(&sb, dot + 1);
    }
    return iop_strbuf_detach(&sb);
}

/* A share as a whole percent, "83 %"; never "0 %" or "100 %" for a part
 * that is neither nothing nor everything. */
static char *format_share(double share)
{
    long p = lround(share * 100);
    if (share > 0 && p == 0)
        return iop_xstrdup("<1\xC2\xA0%");
    if (share < 1 && p == 100)
        return iop_xstrdup(">99\xC2\xA0%");
    return iop_xasprintf("%ld\xC2\xA0%%", p);
}

/* ---- the parts every chart has --------------------------------------- */

static void put_title(chart_ctx *c)
{
    if (!c->ch->title)
        return;
    iop_style ts;
    iop_document_style_for(c->r->doc, IOP_NODE_CHART, "chart-title", c->node->cls, c->st, &ts);
    text t = text_make(c->r, c->ch->title, &ts, c->width, PANGO_ALIGN_LEFT);
    unit *u = chart_unit(c, t.h + 5);
    put_text(c, u, &t, c->x, 0, ts.color);
    text_free(&t);
    /* the title stays with the first row even when the chart may break */
    c->r->keep_pending = true;
}

static void put_caption(chart_ctx *c)
{
    if (!c->ch->alt || !*c->ch->alt)
        return;
    iop_style cs;
    iop_document_style_for(c->r->doc, IOP_NODE_CHART, "chart-caption", c->node->cls, c->st,
                           &cs);
    text t = text_make(c->r, c->ch->alt, &cs, c->width, PANGO_ALIGN_LEFT);
    unit *u = chart_unit(c, t.h + 6);
    u->break_ok = false; /* never alone at the top of a page */
    put_text(c, u, &t, c->x, 6, cs.color);
    text_free(&t);
}

/* A legend entry: how a swatch is filled, and its text. */
typedef struct legend_entry {
    uint32_t color;
    iop_fill_pattern pattern;
    double outline;
    const char *label;
} legend_entry;

static void put_legend(chart_ctx *c, const legend_entry *e, size_t n)
{
    if (n == 0)
        return;
    text *t = iop_xcalloc(n, sizeof *t);
    for (size_t i = 0; i < n; i++)
        t[i] = text_make(c->r, e[i].label, c->st, 0, PANGO_ALIGN_LEFT);
    double line_h = t[0].h > SWATCH_H ? t[0].h : SWATCH_H;
    /* entries flow left to right from the plot's edge, or from the
     * chart's when that keeps them on one line; they wrap */
    double right = c->x + c->width;
    double all = 0;
    for (size_t i = 0; i < n; i++)
        all += SWATCH_W + 4 + t[i].w + (i ? 14 : 0);
    double x0 = c->label_w > 0 && c->plot_x + all <= right ? c->plot_x : c->x;
    double x = x0, y = 0;
    for (size_t i = 0; i < n; i++) {
        double need = SWATCH_W + 4 + t[i].w;
        if (x > x0 && x + need > right) {
            x = x0;
            y += line_h + 3;
        }
        x += need + 14;
    }
    unit *u = chart_unit(c, 6 + y + line_h);
    u->break_ok = false;
    x = x0;
    y = 6;
    for (size_t i = 0; i < n; i++) {
        double need = SWATCH_W + 4 + t[i].w;
        if (x > x0 && x + need > right) {
            x = x0;
            y += line_h + 3;
        }
        put_fill(c, u, x, y + (line_h - SWATCH_H) / 2, SWATCH_W, SWATCH_H, e[i].color,
                 e[i].pattern, e[i].outline);
        put_text(c, u, &t[i], x + SWATCH_W + 4, y + (line_h - t[i].h) / 2, c->st->color);
        x += need + 14;
        text_free(&t[i]);
    }
    free(t);
}

/* Lay out the labels in a column as wide as the widest (at most a third
 * of the chart), and place the plot beside it. */
static text *make_labels(chart_ctx *c)
{
    const iop_chart *ch = c->ch;
    double widest = 0;
    for (size_t i = 0; i < ch->n_items; i++) {
        text t = text_make(c->r, ch->items[i].label, c->st, 0, PANGO_ALIGN_LEFT);
        if (t.w > widest)
            widest = t.w;
        text_free(&t);
    }
    double max = c->width * 0.34;
    c->label_w = ceil(widest < max ? widest : max);
    c->plot_x = c->x + c->label_w + GAP;
    c->plot_w = c->width - c->label_w - GAP;
    text *labels = iop_xcalloc(ch->n_items + 1, sizeof *labels);
    for (size_t i = 0; i < ch->n_items; i++)
        labels[i] = text_make(c->r, ch->items[i].label, c->st, c->label_w, PANGO_ALIGN_LEFT);
    return labels;
}

static double row_height(const text *label)
{
    double h = label->h + 4;
    return h > ROW_MIN ? h : ROW_MIN;
}

/* Would the chart, with rows of these heights and `extra` for the rest,
 * fit on one page?  Then it is kept together. */
static void decide_keep(chart_ctx *c, const text *labels, double extra)
{
    double h = extra;
    for (size_t i = 0; i < c->ch->n_items; i++)
        h += row_height(&labels[i]);
    c->keep = h <= c->r->body_height;
    if (!c->keep)
        run_warn_once(c->r, c->node->line,
                      "a chart is taller than a page; it is broken between rows");
}

/* ---- bar chart ------------------------------------------------------- */

/* The next "nice" step after `s`: 1, 2, 5, 10, 20, 50... */
static double next_step(double s)
{
    double mag = pow(10, floor(log10(s) + 1e-9));
    double m = s / mag;
    if (m < 1.5)
        return 2 * mag;
    if (m < 3.5)
        return 5 * mag;
    return 10 * mag;
}

static double first_step(double max)
{
    double raw = max / 5;
    double mag = pow(10, floor(log10(raw)));
    double m = raw / mag;
    return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * mag;
}

static int step_decimals(double step)
{
    int d = 0;
    while (d < 6 && fabs(step * pow(10, d) - round(step * pow(10, d))) > 1e-6)
        d++;
    return d;
}

static void flow_bar(chart_ctx *c)
{
    const iop_chart *ch = c->ch;
    text *labels = make_labels(c);
    size_t n = ch->n_items;
    text *values = iop_xcalloc(n + 1, sizeof *values);
    double max = 0;
    for (size_t i = 0; i < n; i++) {
        values[i] = text_make(c->r, ch->items[i].display, &c->num, 0, PANGO_ALIGN_LEFT);
        if (ch->items[i].value > max)
            max = ch->items[i].value;
    }
    /* the scale: every bar with its value after it fits, and the ticks'
     * labels do not touch; the step grows until they do not */
    double step = max > 0 ? first_step(max) : 1;
    double top = max > 0 ? ceil(max / step - 1e-9) * step : 1;
    double scale = 0;
    int decimals = 0;
    text ticks[64];
    size_t n_ticks = 0;
    for (int attempt = 0; attempt < 20; attempt++) {
        top = max > 0 ? ceil(max / step - 1e-9) * step : step;
        decimals = step_decimals(step);
        char *last = format_sv(top, decimals);
        text tl = text_make(c->r, last, &c->num, 0, PANGO_ALIGN_LEFT);
        free(last);
        scale = (c->plot_w - tl.w / 2) / top;
        for (size_t i = 0; i < n; i++) {
            double v = ch->items[i].value;
            if (v > 0) {
                double s = (c->plot_w - VALUE_GAP - values[i].w) / v;
                if (s < scale)
                    scale = s;
            }
        }
        if (scale < 0)
            scale = 0;
        double room = step * scale;
        n_ticks = (size_t)lround(top / step) + 1;
        bool fits = n_ticks <= 64 && room >= tl.w + 10;
        text_free(&tl);
        if (fits || max <= 0)
            break;
        step = next_step(step);
    }
    if (n_ticks > 64)
        n_ticks = 64;
    double tick_h = 0;
    for (size_t k = 0; k < n_ticks; k++) {
        char *s = format_sv(k * step, decimals);
        ticks[k] = text_make(c->r, s, &c->num, 0, PANGO_ALIGN_LEFT);
        free(s);
        if (ticks[k].h > tick_h)
            tick_h = ticks[k].h;
    }
    text axis_label = {NULL, 0, 0};
    if (ch->axis_label && *ch->axis_label)
        axis_label = text_make(c->r, ch->axis_label, c->st, 0, PANGO_ALIGN_LEFT);
    decide_keep(c, labels, 60 + tick_h + axis_label.h);

    put_title(c);
    for (size_t i = 0; i < n; i++) {
        double h = row_height(&labels[i]);
        unit *u = chart_unit(c, h);
        for (size_t k = 1; k < n_ticks; k++)
            put_rule(c, u, c->plot_x + k * step * scale, 0, 0, h, 0.4, C_GRID);
        put_text(c, u, &labels[i], c->x, (h - labels[i].h) / 2, c->st->color);
        double w = ch->items[i].value * scale;
        put_fill(c, u, c->plot_x, (h - BAR_H) / 2, w, BAR_H, C_BAR, IOP_FILL_SOLID, 0);
        /* grid lines stop short of the value instead of crossing it */
        double vx = c->plot_x + w + VALUE_GAP;
        put_fill(c, u, vx - 1.5, 0, values[i].w + 3, h, C_WHITE, IOP_FILL_SOLID, 0);
        put_text(c, u, &values[i], vx, (h - values[i].h) / 2, c->st->color);
        /* the zero line, over the bars' ends */
        put_rule(c, u, c->plot_x, 0, 0, h, 0.7, C_INK);
    }
    /* the axis: ticks and Swedish numbers under the rows */
    unit *u = chart_unit(c, TICK + 2 + tick_h + (axis_label.lo ? axis_label.h + 2 : 0));
    u->break_ok = false;
    put_rule(c, u, c->plot_x, 0, 0, TICK, 0.7, C_INK);
    for (size_t k = 0; k < n_ticks; k++) {
        double tx = c->plot_x + k * step * scale;
        if (k > 0)
            put_rule(c, u, tx, 0, 0, TICK, 0.4, C_AXIS);
        double lx = tx - ticks[k].w / 2;
        if (lx + ticks[k].w > c->x + c->width)
            lx = c->x + c->width - ticks[k].w;
        put_text(c, u, &ticks[k], lx, TICK + 2, c->st->color);
    }
    if (axis_label.lo)
        put_text(c, u, &axis_label, c->plot_x + (c->plot_w - axis_label.w) / 2,
                 TICK + 4 + tick_h, c->st->color);
    put_caption(c);

    for (size_t k = 0; k < n_ticks; k++)
        text_free(&ticks[k]);
    text_free(&axis_label);
    for (size_t i = 0; i < n; i++) {
        text_free(&labels[i]);
        text_free(&values[i]);
    }
    free(labels);
    free(values);
}

/* ---- timeline -------------------------------------------------------- */

typedef struct span_look {
    uint32_t color;
    iop_fill_pattern pattern;
    double outline;
} span_look;

static const span_look SPAN_LOOK[3] = {
    [IOP_SPAN_PREVIOUS] = {C_PREVIOUS, IOP_FILL_SOLID, 0},
    [IOP_SPAN_CURRENT] = {C_CURRENT, IOP_FILL_SOLID, 0},
    [IOP_SPAN_OPTION] = {C_WHITE, IOP_FILL_HATCH, 0.6},
};

static int year_of(long day)
{
    int y, m, d;
    iop_date_from_day(day, &y, &m, &d);
    return y;
}

/* The axis: the chart's range, or whole years around every span and the
 * highlight. */
static bool time_range(const iop_chart *ch, long *from, long *to)
{
    if (ch->has_range) {
        *from = ch->from;
        *to = ch->to;
        return true;
    }
    bool any = false;
    long lo = 0, hi = 0;
#define SEE(d)                     \
    do {                           \
        if (!any || (d) < lo)      \
            lo = (d);              \
        if (!any || (d) > hi)      \
            hi = (d);              \
        any = true;                \
    } while (0)
    for (size_t i = 0; i < ch->n_items; i++)
        for (size_t k = 0; k < ch->items[i].n_spans; k++) {
            const iop_chart_span *s = &ch->items[i].spans[k];
            SEE(s->from);
            if (!s->open)
                SEE(s->to);
        }
    if (ch->has_highlight) {
        SEE(ch->highlight_from);
        SEE(ch->highlight_to);
    }
#undef SEE
    if (!any)
        return false;
    *from = iop_day_from_date(year_of(lo), 1, 1);
    *to = iop_day_from_date(year_of(hi), 12, 31);
    return true;
}

static void flow_timeline(chart_ctx *c)
{
    const iop_chart *ch = c->ch;
    long from, to;
    text *labels = make_labels(c);
    size_t n = ch->n_items;
    if (!time_range(ch, &from, &to)) {
        put_title(c);
        put_caption(c);
        free(labels);
        return;
    }
    double per_day = c->plot_w / (double)(to + 1 - from);
#define XOF(d) (c->plot_x + ((d) < from ? 0 : (d) > to + 1 ? (double)(to + 1 - from) \
                                                              : (double)((d) - from)) * per_day)
    /* years on the axis: a label in the middle of each, fewer when narrow */
    int y0 = year_of(from), y1 = year_of(to);
    size_t n_years = (size_t)(y1 - y0 + 1);
    text *years = iop_xcalloc(n_years + 1, sizeof *years);
    iop_style bold = c->num;
    bold.font_weight = 700;
    /* every year's label is as wide as "2018" in tabular figures */
    text probe = text_make(c->r, "2018", &bold, 0, PANGO_ALIGN_LEFT);
    double year_h = probe.h, widest = probe.w;
    text_free(&probe);
    int every = 1;
    while (every < 100 && 365.25 * per_day * every < widest + 6)
        every = every == 1 ? 2 : every == 2 ? 5 : every * 2;
    for (size_t k = 0; k < n_years; k++) {
        int y = y0 + (int)k;
        if (y % every != 0)
            continue;
        char buf[16];
        snprintf(buf, sizeof buf, "%d", y);
        bool hl = ch->has_highlight && year_of(ch->highlight_from) <= y &&
                  year_of(ch->highlight_to) >= y;
        years[k] = text_make(c->r, buf, hl ? &bold : &c->num, 0, PANGO_ALIGN_LEFT);
    }
    decide_keep(c, labels, 60 + year_h);

    double hl_x = 0, hl_w = 0;
    if (ch->has_highlight) {
        hl_x = XOF(ch->highlight_from);
        hl_w = XOF(ch->highlight_to + 1) - hl_x;
    }
    put_title(c);
    bool seen[3] = {false, false, false};
    for (size_t i = 0; i < n; i++) {
        const iop_chart_item *it = &ch->items[i];
        double h = row_height(&labels[i]);
        unit *u = chart_unit(c, h);
        if (hl_w > 0)
            put_fill(c, u, hl_x, 0, hl_w, h, C_BAND, IOP_FILL_SOLID, 0);
        for (int y = y0 + 1; y <= y1; y++)
            if (y % every == 0)
                put_rule(c, u, XOF(iop_day_from_date(y, 1, 1)), 0, 0, h, 0.4, C_GRID);
        put_text(c, u, &labels[i], c->x, (h - labels[i].h) / 2, c->st->color);
        for (size_t k = 0; k < it->n_spans; k++) {
            const iop_chart_span *s = &it->spans[k];
            long end = s->open ? to + 1 : s->to + 1;
            if (end <= from || s->from > to)
                continue;
            double sx = XOF(s->from), ex = XOF(end);
            /* periods that follow each other stay visibly two */
            if (!s->open && ex - sx > 2.5)
                ex -= 0.8;
            const span_look *lk = &SPAN_LOOK[s->kind];
            put_fill(c, u, sx, (h - BAR_H) / 2, ex - sx, BAR_H, lk->color, lk->pattern,
                     lk->outline);
            seen[s->kind] = true;
        }
    }
    /* the axis line, year boundaries and years */
    unit *u = chart_unit(c, TICK + 2 + year_h);
    u->break_ok = false;
    if (hl_w > 0)
        put_fill(c, u, hl_x, 0, hl_w, TICK + 2 + year_h, C_BAND, IOP_FILL_SOLID, 0);
    put_rule(c, u, c->plot_x, 0, c->plot_w, 0, 0.7, C_AXIS);
    for (int y = y0; y <= y1 + 1; y++) {
        long d = iop_day_from_date(y, 1, 1);
        if (d >= from && d <= to + 1 && y % every == 0)
            put_rule(c, u, XOF(d), 0, 0, TICK, 0.5, C_AXIS);
    }
    for (size_t k = 0; k < n_years; k++) {
        if (!years[k].lo)
            continue;
        long a = iop_day_from_date(y0 + (int)k, 1, 1), b = iop_day_from_date(y0 + (int)k + 1, 1, 1);
        /* a year in the middle of its stretch; when only some years are
         * named, the name sits at its tick */
        double mid = every == 1 ? (XOF(a) + XOF(b)) / 2 : XOF(a);
        double lx = mid - years[k].w / 2;
        if (lx < c->plot_x)
            lx = c->plot_x;
        if (lx + years[k].w > c->plot_x + c->plot_w)
            lx = c->plot_x + c->plot_w - years[k].w;
        put_text(c, u, &years[k], lx, TICK + 2, c->st->color);
    }
#undef XOF
    /* the legend: the kinds drawn, and the highlight */
    legend_entry e[4];
    size_t ne = 0;
    char *hl_label = NULL;
    static const char *const defaults[3] = {"Tidigare avtalsperiod", "Nuvarande avtalsperiod",
                                            "Möjlig förlängning"};
    const char *given[3] = {ch->previous_label, ch->current_label, ch->option_label};
    for (int k = 0; k < 3; k++)
        if (seen[k])
            e[ne++] = (legend_entry){SPAN_LOOK[k].color, SPAN_LOOK[k].pattern,
                                     SPAN_LOOK[k].outline, given[k] ? given[k] : defaults[k]};
    if (hl_w > 0) {
        if (ch->highlight_label)
            hl_label = iop_xstrdup(ch->highlight_label);
        else if (year_of(ch->highlight_from) == year_of(ch->highlight_to))
            hl_label = iop_xasprintf("Rapportåret %d", year_of(ch->highlight_from));
        else
            hl_label = iop_xstrdup("Rapportperioden");
        /* a hairline, so that the pale swatch shows on paper */
        e[ne++] = (legend_entry){C_BAND, IOP_FILL_SOLID, 0.3, hl_label};
    }
    put_legend(c, e, ne);
    free(hl_label);
    put_caption(c);

    for (size_t k = 0; k < n_years; k++)
        text_free(&years[k]);
    free(years);
    for (size_t i = 0; i < n; i++)
        text_free(&labels[i]);
    free(labels);
}

/* ---- split bars ------------------------------------------------------ */

static const span_look SERIES_LOOK[4] = {
    {C_CURRENT, IOP_FILL_SOLID, 0},
    {C_SECOND, IOP_FILL_SOLID, 0},
    {C_WHITE, IOP_FILL_HATCH, 0.6},
    {C_WHITE, IOP_FILL_DOTS, 0.6},
};

static void flow_split(chart_ctx *c)
{
    const iop_chart *ch = c->ch;
    text *labels = make_labels(c);
    size_t n = ch->n_items;
    text *totals = iop_xcalloc(n + 1, sizeof *totals);
    double reserve = 0;
    for (size_t i = 0; i < n; i++)
        if (ch->items[i].display) {
            totals[i] = text_make(c->r, ch->items[i].display, &c->num, 0, PANGO_ALIGN_LEFT);
            if (totals[i].w + VALUE_GAP + 2 > reserve)
                reserve = totals[i].w + VALUE_GAP + 2;
        }
    double bar_w = c->plot_w - reserve;
    if (bar_w < c->plot_w * 0.4)
        bar_w = c->plot_w * 0.4;
    decide_keep(c, labels, 60);

    put_title(c);
    for (size_t i = 0; i < n; i++) {
        const iop_chart_item *it = &ch->items[i];
        double h = row_height(&labels[i]);
        unit *u = chart_unit(c, h);
        put_text(c, u, &labels[i], c->x, (h - labels[i].h) / 2, c->st->color);
        double sum = 0;
        for (size_t k = 0; k < it->n_parts; k++)
            sum += it->parts[k].value;
        double by = (h - BAR_H) / 2 - 1, bh = BAR_H + 2;
        if (sum <= 0) {
            /* nothing to split: an empty frame says so */
            put_fill(c, u, c->plot_x, by, bar_w, bh, C_WHITE, IOP_FILL_SOLID, 0.4);
        }
        double x = c->plot_x;
        for (size_t k = 0; sum > 0 && k < it->n_parts && k < 4; k++) {
            double share = it->parts[k].value / sum;
            double w = share * bar_w;
            const span_look *lk = &SERIES_LOOK[k];
            put_fill(c, u, x, by, w, bh, lk->color, lk->pattern, lk->outline);
            char *s = it->parts[k].display ? iop_xstrdup(it->parts[k].display)
                                           : format_share(share);
            text t = text_make(c->r, s, &c->num, 0, PANGO_ALIGN_LEFT);
            free(s);
            if (t.w + 6 <= w) {
                double tx = x + (w - t.w) / 2, ty = (h - t.h) / 2;
                if (lk->pattern != IOP_FILL_SOLID)
                    put_fill(c, u, tx - 1.5, by + 1.5, t.w + 3, bh - 3, C_WHITE,
                             IOP_FILL_SOLID, 0);
                put_text(c, u, &t, tx, ty, k == 0 ? C_WHITE : c->st->color);
            }
            text_free(&t);
            x += w;
        }
        if (totals[i].lo)
            put_text(c, u, &totals[i], c->plot_x + bar_w + VALUE_GAP + 2,
                     (h - totals[i].h) / 2, c->st->color);
    }
    legend_entry e[4];
    size_t ne = 0;
    for (size_t k = 0; k < ch->n_series && k < 4; k++)
        e[ne++] = (legend_entry){SERIES_LOOK[k].color, SERIES_LOOK[k].pattern,
                                 SERIES_LOOK[k].outline, ch->series[k]};
    put_legend(c, e, ne);
    put_caption(c);

    for (size_t i = 0; i < n; i++) {
        text_free(&labels[i]);
        text_free(&totals[i]);
    }
    free(labels);
    free(totals);
}

void flow_chart(run *r, const iop_node *n, const iop_style *st, frame f)
{
    if (!n->chart)
        return;
    chart_ctx c;
    memset(&c, 0, sizeof c);
    c.r = r;
    c.node = n;
    c.ch = n->chart;
    c.st = st;
    c.num = *st;
    c.num.tabular = true;
    /* the chart is one figure whose text alternative is the alt text (a
     * decorative one is an artifact) */
    if (!n->decorative) {
        c.sid = run_elem(r, "Figure");
        run_elem_at(r, c.sid)->alt = iop_xstrdup(c.ch->alt);
    }
    c.x = f.x + st->margin_left;
    c.width = f.width - st->margin_left - st->margin_right;
    if (c.width < 120)
        c.width = 120;
    c.first = true;
    c.keep = true;
    if (st->page_break_before) {
        r->break_pending = true;
        r->pending_space = 0;
    }
    flow_space(r, st->space_before);
    size_t first = r->n_units;
    switch (c.ch->kind) {
    case IOP_CHART_BAR:
        flow_bar(&c);
        break;
    case IOP_CHART_TIMELINE:
        flow_timeline(&c);
        break;
    case IOP_CHART_SPLIT:
        flow_split(&c);
        break;
    }
    if (n->id && r->n_units > first) {
        iop_box d;
        memset(&d, 0, sizeof d);
        d.kind = IOP_BOX_DEST;
        d.x = c.x;
        d.dest = iop_xstrdup(n->id);
        unit_add_box(&r->units[first], &d);
    }
    flow_after(r, st);
}
