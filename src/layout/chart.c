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
#define C_DARK 0x3f4d61u     /* series: dark */
#define C_MEDIUM 0xaeb7c3u   /* series: medium */
#define C_LIGHT 0xc3cad4u    /* series: light */
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
    text *labels = iop_xcalloc(ch->n_items + 1, sizeof *labels);
    for (size_t i = 0; i < ch->n_items; i++) {
        labels[i] = text_make(c->r, ch->items[i].label, c->st, 0, PANGO_ALIGN_LEFT);
        if (labels[i].w > widest)
            widest = labels[i].w;
    }
    double max = c->width * 0.34;
    c->label_w = ceil(widest < max ? widest : max);
    c->plot_x = c->x + c->label_w + GAP;
    c->plot_w = c->width - c->label_w - GAP;
    /* set in the column; a label that fits keeps its unwrapped layout */
    for (size_t i = 0; i < ch->n_items; i++) {
        const char *s = ch->items[i].label ? ch->items[i].label : "";
        text t;
        t.lo = shared_layout_fit(c->r, s, c->st, c->label_w, labels[i].lo);
        PangoRectangle logical;
        pango_layout_get_extents(t.lo, NULL, &logical);
        t.w = logical.width / (double)PANGO_SCALE;
        t.h = logical.height / (double)PANGO_SCALE;
        if (c->label_w > 0 && t.w > c->label_w)
            t.w = c->label_w;
        text_free(&labels[i]);
        labels[i] = t;
    }
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

/* A bar chart without a scale: each row its label and its text, where the
 * bars would start.  Frees labels and values. */
static void flow_bar_words(chart_ctx *c, text *labels, text *values)
{
    const iop_chart *ch = c->ch;
    decide_keep(c, labels, 60);
    put_title(c);
    for (size_t i = 0; i < ch->n_items; i++) {
        double h = row_height(&labels[i]);
        unit *u = chart_unit(c, h);
        put_text(c, u, &labels[i], c->x, (h - labels[i].h) / 2, c->st->color);
        put_text(c, u, &values[i], c->plot_x, (h - values[i].h) / 2, c->st->color);
    }
    put_caption(c);
    for (size_t i = 0; i < ch->n_items; i++) {
        text_free(&labels[i]);
        text_free(&values[i]);
    }
    free(labels);
    free(values);
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
    if (max <= 0) {
        /* nothing to measure: every value 0 or not recorded.  A scale
         * would be invented ("0" to "1" kronor); each row says its value
         * in words instead, without bars or axis */
        flow_bar_words(c, labels, values);
        return;
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

/* ---- series ---------------------------------------------------------- */

typedef struct series_look {
    uint32_t color;
    iop_fill_pattern pattern;
    double outline;
} series_look;

static const series_look LOOKS[] = {
    [IOP_LOOK_DARK] = {C_DARK, IOP_FILL_SOLID, 0},
    [IOP_LOOK_MEDIUM] = {C_MEDIUM, IOP_FILL_SOLID, 0},
    [IOP_LOOK_LIGHT] = {C_LIGHT, IOP_FILL_SOLID, 0},
    [IOP_LOOK_HATCHED] = {C_WHITE, IOP_FILL_HATCH, 0.6},
    [IOP_LOOK_DOTTED] = {C_WHITE, IOP_FILL_DOTS, 0.6},
};

/* At most four series and a highlighted stretch. */
#define MAX_LEGEND 5

static legend_entry series_entry(const iop_chart_series *se)
{
    const series_look *lk = &LOOKS[se->look];
    return (legend_entry){lk->color, lk->pattern, lk->outline, se->label};
}

/* ---- timeline -------------------------------------------------------- */

static int year_of(long day)
{
    int y, m, d;
    iop_civil_from_days(day, &y, &m, &d);
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
    *from = iop_days_from_civil(year_of(lo), 1, 1);
    *to = iop_days_from_civil(year_of(hi), 12, 31);
    return true;
}

/* A timeline's time axis: the days it shows, where they are drawn, and
 * the years named under it. */
typedef struct time_axis {
    long from, to;      /* days, both included */
    double x, per_day;  /* where `from` begins, and the width of a day */
    int y0, y1;         /* the first and last year */
    int every;          /* a year line and name every so many years */
    text *years;        /* per year from y0: its name, or none */
    size_t n_years;
    double year_h;      /* the height of a year's name */
    double hl_x, hl_w;  /* the highlighted stretch; 0 wide when none */
} time_axis;

/* Where day `d` is, clamped to the axis. */
static double axis_x(const time_axis *a, long d)
{
    return a->x + (d < a->from ? 0 : d > a->to + 1 ? (double)(a->to + 1 - a->from)
                                                   : (double)(d - a->from)) * a->per_day;
}

/* The axis over the chart's range; false when there is none (no spans,
 * no range, no highlight). */
static bool axis_make(chart_ctx *c, time_axis *a)
{
    const iop_chart *ch = c->ch;
    memset(a, 0, sizeof *a);
    if (!time_range(ch, &a->from, &a->to))
        return false;
    a->x = c->plot_x;
    a->per_day = c->plot_w / (double)(a->to + 1 - a->from);
    /* years on the axis: a label in the middle of each, fewer when narrow */
    a->y0 = year_of(a->from);
    a->y1 = year_of(a->to);
    a->n_years = (size_t)(a->y1 - a->y0 + 1);
    a->years = iop_xcalloc(a->n_years + 1, sizeof *a->years);
    iop_style bold = c->num;
    bold.font_weight = 700;
    /* every year's label is as wide as "2018" in tabular figures */
    text probe = text_make(c->r, "2018", &bold, 0, PANGO_ALIGN_LEFT);
    a->year_h = probe.h;
    double widest = probe.w;
    text_free(&probe);
    a->every = 1;
    while (a->every < 100 && 365.25 * a->per_day * a->every < widest + 6)
        a->every = a->every == 1 ? 2 : a->every == 2 ? 5 : a->every * 2;
    for (size_t k = 0; k < a->n_years; k++) {
        int y = a->y0 + (int)k;
        if (y % a->every != 0)
            continue;
        char buf[16];
        snprintf(buf, sizeof buf, "%d", y);
        bool hl = ch->has_highlight && year_of(ch->highlight_from) <= y &&
                  year_of(ch->highlight_to) >= y;
        a->years[k] = text_make(c->r, buf, hl ? &bold : &c->num, 0, PANGO_ALIGN_LEFT);
    }
    if (ch->has_highlight) {
        a->hl_x = axis_x(a, ch->highlight_from);
        a->hl_w = axis_x(a, ch->highlight_to + 1) - a->hl_x;
    }
    return true;
}

static void axis_free(time_axis *a)
{
    for (size_t k = 0; k < a->n_years; k++)
        text_free(&a->years[k]);
    free(a->years);
}

/* One row: the band, year lines, its label and its spans.  Notes in
 * `seen` the series drawn, for the legend. */
static void put_timeline_row(chart_ctx *c, const time_axis *a, const iop_chart_item *it,
                             const text *label, bool *seen)
{
    double h = row_height(label);
    unit *u = chart_unit(c, h);
    if (a->hl_w > 0)
        put_fill(c, u, a->hl_x, 0, a->hl_w, h, C_BAND, IOP_FILL_SOLID, 0);
    for (int y = a->y0 + 1; y <= a->y1; y++)
        if (y % a->every == 0)
            put_rule(c, u, axis_x(a, iop_days_from_civil(y, 1, 1)), 0, 0, h, 0.4, C_GRID);
    put_text(c, u, label, c->x, (h - label->h) / 2, c->st->color);
    for (size_t k = 0; k < it->n_spans; k++) {
        const iop_chart_span *s = &it->spans[k];
        long end = s->open ? a->to + 1 : s->to + 1;
        if (end <= a->from || s->from > a->to || s->series >= c->ch->n_series)
            continue;
        double sx = axis_x(a, s->from), ex = axis_x(a, end);
        /* periods that follow each other stay visibly two */
        if (!s->open && ex - sx > 2.5)
            ex -= 0.8;
        const series_look *lk = &LOOKS[c->ch->series[s->series].look];
        put_fill(c, u, sx, (h - BAR_H) / 2, ex - sx, BAR_H, lk->color, lk->pattern, lk->outline);
        seen[s->series] = true;
    }
}

/* The axis line, year boundaries and years under the rows. */
static void put_time_axis(chart_ctx *c, const time_axis *a)
{
    unit *u = chart_unit(c, TICK + 2 + a->year_h);
    u->break_ok = false;
    if (a->hl_w > 0)
        put_fill(c, u, a->hl_x, 0, a->hl_w, TICK + 2 + a->year_h, C_BAND, IOP_FILL_SOLID, 0);
    put_rule(c, u, c->plot_x, 0, c->plot_w, 0, 0.7, C_AXIS);
    for (int y = a->y0; y <= a->y1 + 1; y++) {
        long d = iop_days_from_civil(y, 1, 1);
        if (d >= a->from && d <= a->to + 1 && y % a->every == 0)
            put_rule(c, u, axis_x(a, d), 0, 0, TICK, 0.5, C_AXIS);
    }
    for (size_t k = 0; k < a->n_years; k++) {
        if (!a->years[k].lo)
            continue;
        long d0 = iop_days_from_civil(a->y0 + (int)k, 1, 1);
        long d1 = iop_days_from_civil(a->y0 + (int)k + 1, 1, 1);
        /* a year in the middle of its stretch; when only some years are
         * named, the name sits at its tick */
        double mid = a->every == 1 ? (axis_x(a, d0) + axis_x(a, d1)) / 2 : axis_x(a, d0);
        double lx = mid - a->years[k].w / 2;
        if (lx < c->plot_x)
            lx = c->plot_x;
        if (lx + a->years[k].w > c->plot_x + c->plot_w)
            lx = c->plot_x + c->plot_w - a->years[k].w;
        put_text(c, u, &a->years[k], lx, TICK + 2, c->st->color);
    }
}

/* The legend: the series drawn, in the chart's order, and the highlight
 * when the chart names it. */
static void put_timeline_legend(chart_ctx *c, const time_axis *a, const bool *seen)
{
    const iop_chart *ch = c->ch;
    legend_entry e[MAX_LEGEND];
    size_t ne = 0;
    for (size_t k = 0; k < ch->n_series && ne < MAX_LEGEND - 1; k++)
        if (seen[k])
            e[ne++] = series_entry(&ch->series[k]);
    if (a->hl_w > 0 && ch->highlight_label)
        /* a hairline, so that the pale swatch shows on paper */
        e[ne++] = (legend_entry){C_BAND, IOP_FILL_SOLID, 0.3, ch->highlight_label};
    put_legend(c, e, ne);
}

static void flow_timeline(chart_ctx *c)
{
    const iop_chart *ch = c->ch;
    text *labels = make_labels(c);
    size_t n = ch->n_items;
    time_axis a;
    if (axis_make(c, &a)) {
        decide_keep(c, labels, 60 + a.year_h);
        put_title(c);
        bool *seen = iop_xcalloc(ch->n_series + 1, sizeof *seen);
        for (size_t i = 0; i < n; i++)
            put_timeline_row(c, &a, &ch->items[i], &labels[i], seen);
        put_time_axis(c, &a);
        put_timeline_legend(c, &a, seen);
        free(seen);
        axis_free(&a);
    } else {
        put_title(c);
    }
    put_caption(c);
    for (size_t i = 0; i < n; i++)
        text_free(&labels[i]);
    free(labels);
}

/* ---- split bars ------------------------------------------------------ */

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
        for (size_t k = 0; sum > 0 && k < it->n_parts && k < ch->n_series; k++) {
            double share = it->parts[k].value / sum;
            double w = share * bar_w;
            const series_look *lk = &LOOKS[ch->series[k].look];
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
                put_text(c, u, &t, tx, ty,
                         ch->series[k].look == IOP_LOOK_DARK ? C_WHITE : c->st->color);
            }
            text_free(&t);
            x += w;
        }
        if (totals[i].lo)
            put_text(c, u, &totals[i], c->plot_x + bar_w + VALUE_GAP + 2,
                     (h - totals[i].h) / 2, c->st->color);
    }
    legend_entry e[MAX_LEGEND];
    size_t ne = 0;
    for (size_t k = 0; k < ch->n_series && k < 4; k++)
        e[ne++] = series_entry(&ch->series[k]);
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
