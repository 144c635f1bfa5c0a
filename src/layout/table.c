/* Tables: column widths (fixed, proportional, automatic from content),
 * one unit per row so that pages break between rows (a row taller than a
 * page cut between lines into slices), header rows kept aside to repeat
 * after each break, a footer set once at the end, and
 * rules in the calm "booktabs" manner by default. */
#include "layout_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct grid {
    int ncols;
    double *w;        /* final column widths (padding included) */
    double *need, *max_w; /* the widest piece never broken inside, the widest line (padding included) */
    double *keep;     /* the widest figure of a column, never broken (padding included) */
    /* a fixed or proportional column's cells not shaped to measure them:
     * their need and keep are at most need_hi and keep_hi (col_widths) */
    bool *rough, *fail;
    double *need_hi, *keep_hi;
    struct rough_cell *rc; /* the cells behind need_hi and keep_hi */
    size_t n_rc, cap_rc;
    const iop_col *spec; /* spec[c] when c < n_spec */
    size_t n_spec;
} grid;

static int row_span_sum(const iop_node *tr)
{
    int s = 0;
    for (size_t i = 0; i < tr->n_children; i++)
        s += tr->children[i]->colspan;
    return s;
}

typedef void (*row_fn)(void *ctx, const iop_node *group, const iop_node *tr);

static void each_row(const iop_node *t, row_fn fn, void *ctx)
{
    for (size_t g = 0; g < t->n_children; g++)
        for (size_t i = 0; i < t->children[g]->n_children; i++)
            fn(ctx, t->children[g], t->children[g]->children[i]);
}

/* A cell of a fixed or proportional column not shaped to measure it. */
struct rough_cell {
    const iop_node *cell;
    iop_style st;
    int col;
    double ub; /* more than its widest piece, padding included */
    double fig; /* its figures' width (unbreakable_width), or -1: not measured */
    bool digit; /* a piece may be a figure */
    bool plain; /* plain_cell() */
};

typedef struct measure_ctx {
    run *r;
    grid *g;
    const iop_style *table_st;
} measure_ctx;

/* The style of a row (`rs`, below its group's), made once for all its
 * cells: three styles a cell cost 3.5 M instructions a report. */
static void row_style(run *r, const iop_node *group, const iop_node *tr, const iop_style *table_st,
                      iop_style *rs)
{
    iop_style gs;
    iop_document_style(r->doc, group, table_st, &gs);
    iop_document_style(r->doc, tr, &gs, rs);
}

static void cell_style(run *r, const iop_style *rs, const iop_node *cell, const grid *g, int col,
                       iop_style *out)
{
    iop_document_style(r->doc, cell, rs, out);
    if (cell->align < 0 && !(out->set & IOP_STYLE_ALIGN) && col < (int)g->n_spec &&
        g->spec[col].align >= 0)
        out->align = (iop_align)g->spec[col].align;
}

/* The widest piece of a cell's text (`p`, set on one line) that a line
 * may not break inside: a word, or a part of one between hyphenation
 * points with its hyphen, a figure with its unit, a word with the spaced
 * dash after it.  A column at least that wide breaks its lines where a
 * typesetter would; only a narrower one cuts words between letters.
 * `figure` is raised to the widest piece with a digit in it, which is
 * never broken either. */
static double widest_piece(run *r, const para *p, const iop_style *st, double *figure)
{
    bool digit = false;
    long chars = 0;
    int n = 0;
    const PangoLogAttr *la = pango_layout_get_log_attrs_readonly(p->layout, &n);
    const char *text = pango_layout_get_text(p->layout);
    double widest = 0, hyphen = -1;
    const char *start = text, *ink_end = text; /* the piece, less the spaces after it */
    const char *at = text;
    for (int i = 0; i < n; i++) {
        bool end = !*at;
        if (at > start && (end || ((la[i].is_line_break || la[i].is_mandatory_break) &&
                                   !break_forbidden_before(text, at)))) {
            int x0 = 0, x1 = 0;
            pango_layout_index_to_line_x(p->layout, (int)(start - text), FALSE, NULL, &x0);
            pango_layout_index_to_line_x(p->layout, (int)(ink_end - text), FALSE, NULL, &x1);
            double w = (x1 - x0) / (double)PANGO_SCALE;
            if (!end && la[i].break_inserts_hyphen) {
                if (hyphen < 0) {
                    PangoLayout *lo = word_layout(r, "-", st);
                    int pw, ph;
                    pango_layout_get_size(lo, &pw, &ph);
                    hyphen = pw / (double)PANGO_SCALE;
                    g_object_unref(lo);
                }
                w += hyphen;
            }
            if (w > widest)
                widest = w;
            /* a figure with what it is glued to ("1 september 2015 –"); a
             * long run is a string that has to break somewhere */
            if (digit && chars <= IOP_UNBREAKABLE_MAX && w > *figure)
                *figure = w;
            digit = false;
            chars = 0;
            start = ink_end = at;
        }
        if (end)
            break;
        digit |= g_unichar_isdigit(g_utf8_get_char(at));
        chars++;
        at = g_utf8_next_char(at);
        if (!la[i].is_white)
            ink_end = at;
    }
    return widest;
}

/* An upper bound of widest_piece() found while reading a cell's inline
 * content, character by character, without shaping it. */
typedef struct bound {
    run *r;
    double widest, cur; /* points */
    double prefix; /* the widest piece that ends inside a word, less its hyphen */
    double spaces; /* the spaces after `prev`, not yet counted */
    gunichar prev; /* the last character that is not a space, or 0 */
    bool hyphen; /* a soft hyphen may break a word */
    bool digit; /* a piece may be a figure */
    bool fail; /* a character or an element it cannot bound */
    double hyphen_w; /* the widest hyphen, with its room for kerning */
} bound;

/* Line break class OP (UAX #14) among the characters adv_slot knows. */
static bool opens(gunichar c)
{
    return c == '(' || c == '[' || c == '{' || c == 0xA1 || c == 0xBF || c == 0x201A || c == 0x201E;
}

static void bound_text(bound *b, const char *text, const iop_style *st, long line)
{
    font_adv *fa = font_advances(b->r, style_font(b->r, st, line));
    double hy = fa ? char_advance(fa, '-') : -1;
    if (hy < 0 || st->small_caps || !g_utf8_validate(text, -1, NULL)) {
        b->fail = true;
        return;
    }
    double em = st->font_size;
    b->hyphen |= st->hyphenate;
    if ((hy + IOP_KERN_ROOM) * em > b->hyphen_w)
        b->hyphen_w = (hy + IOP_KERN_ROOM) * em;
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        double a = char_advance(fa, c);
        if (a < 0) {
            b->fail = true;
            return;
        }
        double w = (a + IOP_KERN_ROOM) * em;
        if (c == ' ') {
            b->spaces += w;
            continue;
        }
        b->hyphen |= c == 0xAD;
        b->digit |= g_unichar_isdigit(c);
        /* a line may always break at spaces before a letter or digit
         * (UAX #14 rule 18) but after an opening bracket or quote (rule
         * 14); elsewhere the spaces count as part of the piece, as before
         * a spaced dash (break_forbidden_before) */
        if (b->spaces > 0 && b->prev && g_unichar_isalnum(c) && !opens(b->prev))
            b->cur = 0;
        else
            b->cur += b->spaces;
        /* a soft hyphen may end a piece only before a letter of its word */
        if (b->cur > b->prefix && b->spaces == 0)
            b->prefix = b->cur;
        b->spaces = 0;
        b->cur += w;
        if (b->cur > b->widest)
            b->widest = b->cur;
        b->prev = c;
    }
}

static void bound_inlines(bound *b, const iop_node *n, const iop_style *st)
{
    for (size_t i = 0; i < n->n_children && !b->fail; i++) {
        const iop_node *c = n->children[i];
        switch (c->kind) {
        case IOP_NODE_TEXT:
            bound_text(b, c->text, st, c->line);
            break;
        case IOP_NODE_BR: /* U+2028: a piece ends, the next begins */
            b->cur = b->spaces = 0;
            b->prev = 0;
            break;
        case IOP_NODE_FIELD: /* (a page number: not in a table) */
            b->fail = true;
            break;
        default: {
            iop_style cs;
            iop_document_style(b->r->doc, c, st, &cs);
            if (c->kind == IOP_NODE_Q) {
                /* the quotation marks build_inlines puts around it, ” or
                 * ’ by its depth: both counted */
                bound_text(b, "\xE2\x80\x9D\xE2\x80\x99", &cs, c->line);
                bound_inlines(b, c, &cs);
                bound_text(b, "\xE2\x80\x9D\xE2\x80\x99", &cs, c->line);
            } else {
                bound_inlines(b, c, &cs);
            }
        }
        }
    }
}

/* More than widest_piece() can find in a cell (the characters' own
 * advances, room for kerning, a hyphen where a soft one may break), or
 * -1 when a character's or element's width is not known. */
static double cell_bound(run *r, const iop_node *cell, const iop_style *st, bool *digit)
{
    bound b = {r, 0, 0, 0, 0, 0, false, false, false, 0};
    bound_inlines(&b, cell, st);
    if (b.fail)
        return -1;
    *digit = b.digit;
    double w = b.hyphen && b.prefix + b.hyphen_w > b.widest ? b.prefix + b.hyphen_w : b.widest;
    return w + 0.5;
}

/* Whether `text` is one figure that unbreakable_width() measured whole
 * and that a line cannot break inside (UAX #14: digits, letters,
 * no-break spaces, a sign before a digit, a percent sign, a decimal
 * mark between digits), so that widest_piece() finds that width too:
 * hyphenated, with no word long enough for hyphenate_text to break. */
static bool one_figure(const char *text, bool hyphenate)
{
    size_t s, e, len = strlen(text);
    if (!len || !unbreakable_next(text, 0, &s, &e) || s != 0 || e != len)
        return false;
    gunichar prev = 0;
    int letters = 0;
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p), next = g_utf8_get_char(g_utf8_next_char(p));
        bool digit = c >= '0' && c <= '9';
        bool ok =
            digit || (c < 0x180 && g_unichar_isalpha(c)) ||
            ((c == 0xA0 || c == 0x202F || c == 0x2007) && next) ||
            ((c == '+' || c == 0x2212) && next >= '0' && next <= '9') || c == '%' ||
            ((c == ',' || c == '.') && prev >= '0' && prev <= '9' && next >= '0' && next <= '9');
        letters = g_unichar_isalpha(c) ? letters + 1 : 0;
        /* hyphenated text is set without ligatures (put_text), the
         * figure alone with them: no f, which begins them all */
        if (!ok || (hyphenate && (letters >= 6 || c == 'f')))
            return false;
        prev = c;
    }
    return true;
}

/* Whether a cell is one run of text in its own style (no inline element,
 * field or line break), whose text one_figure can judge. */
static bool plain_cell(const iop_node *cell)
{
    for (size_t i = 0; i < cell->n_children; i++)
        if (cell->children[i]->kind != IOP_NODE_TEXT)
            return false;
    return true;
}

/* Whether a plain cell, whose figures are `fig` wide, is one figure
 * (one_figure): its widest piece is `fig`, without shaping it. */
static bool one_figure_cell(run *r, const iop_node *cell, const iop_style *st, double fig)
{
    if (fig <= 0)
        return false;
    char *text = inline_plain_text(r->doc, cell);
    bool one = one_figure(text, st->hyphenate);
    free(text);
    return one;
}

static void measure_row(void *vctx, const iop_node *group, const iop_node *tr)
{
    measure_ctx *m = vctx;
    grid *g = m->g;
    int col = 0;
    iop_style rs;
    row_style(m->r, group, tr, m->table_st, &rs);
    for (size_t i = 0; i < tr->n_children && col < g->ncols; i++) {
        const iop_node *cell = tr->children[i];
        int c = col;
        col += cell->colspan;
        if (cell->colspan != 1)
            continue;
        bool sized = c < (int)g->n_spec && g->spec[c].kind != IOP_COL_AUTO;
        iop_style cs;
        cell_style(m->r, &rs, cell, g, c, &cs);
        /* A fixed or proportional column needs only its widest piece,
         * and only when that is wider than the column would be: an upper
         * bound from the characters' advances answers for most cells
         * without shaping them (measure_failed measures them when it
         * does not).  The bound of a cell set in its own font holds for
         * its figures too, set alone; another's figures are set in the
         * cell's font, not its parts'. */
        bool plain = sized && plain_cell(cell), digit = false;
        double ub = sized ? cell_bound(m->r, cell, &cs, &digit) : -1;
        double fig = ub >= 0 && plain ? -1 : unbreakable_width(m->r, cell, &cs);
        double pad = 2 * cs.padding + 0.5;
        if (ub >= 0) {
            g->rc = iop_grow(g->rc, &g->cap_rc, g->n_rc + 1, sizeof *g->rc);
            g->rc[g->n_rc++] = (struct rough_cell){cell, cs, c, ub + pad, fig, digit, plain};
            if (fig > 0 && fig + pad > g->keep[c])
                g->keep[c] = fig + pad;
            if (digit && ub + pad > g->keep_hi[c])
                g->keep_hi[c] = ub + pad;
            if (ub + pad > g->need_hi[c])
                g->need_hi[c] = ub + pad;
            g->rough[c] = true;
            continue;
        }
        if (plain && one_figure_cell(m->r, cell, &cs, fig)) {
            /* the figure is the cell's only piece */
            if (fig + pad > g->keep[c])
                g->keep[c] = fig + pad;
            if (fig + pad > g->need[c])
                g->need[c] = fig + pad;
            continue;
        }
        /* every column: a fixed or proportional one is widened to its
         * widest word too, when the table has the room */
        para p;
        para_build_block(m->r, &p, cell, &cs, 0, false);
        double mx = p.width + 2 * cs.padding + 0.5;
        double mn = widest_piece(m->r, &p, &cs, &fig) + 2 * cs.padding + 0.5;
        para_free(&p);
        if (fig > 0 && fig + 2 * cs.padding + 0.5 > g->keep[c])
            g->keep[c] = fig + 2 * cs.padding + 0.5;
        if (mn > g->need[c])
            g->need[c] = mn;
        if (mx > g->max_w[c])
            g->max_w[c] = mx;
    }
}

static double at_least(double v, double floor)
{
    return v > floor ? v : floor;
}

/* Narrow the columns wider than `floor` (each at least 8 pt), in
 * proportion to their room above it, until the table is `W` wide; when
 * their room is not enough, each is set to its floor.  True when the
 * table fits. */
static bool narrow_to(grid *g, const double *floor, double W)
{
    double total = 0, slack = 0;
    for (int c = 0; c < g->ncols; c++) {
        g->w[c] = at_least(g->w[c], 8);
        total += g->w[c];
        slack += at_least(g->w[c] - at_least(floor[c], 8), 0);
    }
    if (total <= W + 0.01)
        return true;
    double excess = total - W;
    bool enough = slack >= excess;
    for (int c = 0; c < g->ncols; c++) {
        double room = at_least(g->w[c] - at_least(floor[c], 8), 0);
        g->w[c] -= enough ? room * excess / slack : room;
    }
    return enough;
}

/* The columns at their widest words are wider than `W`: cut the widest
 * ones first, down to a common width (never below their figures), so
 * that the longest words, which have the most places to break, break
 * rather than a short one in a narrow column ("Pågå-ende").  True when
 * the table fits. */
static bool narrow_widest(grid *g, double W)
{
    double lo = 0, hi = 0, floors = 0;
    for (int c = 0; c < g->ncols; c++) {
        hi = at_least(hi, g->w[c]);
        floors += at_least(g->keep[c], 8);
    }
    if (floors > W)
        return false;
    for (int i = 0; i < 60; i++) { /* the largest common width that fits */
        double mid = (lo + hi) / 2, total = 0;
        for (int c = 0; c < g->ncols; c++)
            total += g->w[c] < mid ? g->w[c] : at_least(mid, at_least(g->keep[c], 8));
        if (total <= W)
            lo = mid;
        else
            hi = mid;
    }
    for (int c = 0; c < g->ncols; c++)
        if (g->w[c] > lo)
            g->w[c] = at_least(lo, at_least(g->keep[c], 8));
    return true;
}

/* The column widths from the measures in `g`.  With `rough`, the rough
 * columns' need and keep are upper bounds: false, before any width is
 * final, when their true values might give other widths (a fixed column
 * narrower than its bound, a proportional one whose share or minimum it
 * might raise, a table that does not fit). */
static bool widths_from(grid *g, double W, bool rough)
{
    for (int c = 0; c < g->ncols; c++) {
        if (g->keep[c] > W)
            g->keep[c] = W; /* wider than the table: it breaks after all */
        if (g->need[c] > W * 0.3)
            g->need[c] = W * 0.3; /* a long word will be broken instead */
        g->need[c] = at_least(g->need[c], g->keep[c]);
    }
    double fixed = 0, shares = 0, prop_min = 0;
    int n_prop = 0;
    for (int c = 0; c < g->ncols; c++) {
        iop_col_kind k = c < (int)g->n_spec ? g->spec[c].kind : IOP_COL_AUTO;
        if (k == IOP_COL_FIXED)
            fixed += at_least(g->spec[c].value, g->need[c]);
        else if (k == IOP_COL_PROPORTIONAL) {
            shares += g->spec[c].value;
            prop_min += at_least(36.0, g->need[c]);
            n_prop++;
        }
    }
    double avail = W - fixed - prop_min;
    double sum_min = 0, sum_max = 0;
    int n_auto = 0;
    for (int c = 0; c < g->ncols; c++) {
        iop_col_kind k = c < (int)g->n_spec ? g->spec[c].kind : IOP_COL_AUTO;
        if (k != IOP_COL_AUTO)
            continue;
        n_auto++;
        if (g->max_w[c] < g->need[c])
            g->max_w[c] = g->need[c];
        if (g->max_w[c] < 12)
            g->max_w[c] = g->need[c] = 12;
        sum_min += g->need[c];
        sum_max += g->max_w[c];
    }
    double used = 0;
    for (int c = 0; c < g->ncols; c++) {
        iop_col_kind k = c < (int)g->n_spec ? g->spec[c].kind : IOP_COL_AUTO;
        if (k == IOP_COL_FIXED)
            g->w[c] = at_least(g->spec[c].value, g->need[c]);
        else if (k == IOP_COL_AUTO) {
            if (sum_max <= avail) /* all fit: without proportional columns, fill the width */
                g->w[c] = n_prop ? g->max_w[c] : g->max_w[c] * (avail / sum_max);
            else if (sum_min >= avail)
                g->w[c] = g->need[c]; /* too wide: narrowed below */
            else
                g->w[c] = g->need[c] + (g->max_w[c] - g->need[c]) * (avail - sum_min) /
                                           (sum_max - sum_min);
        } else
            continue;
        used += g->w[c];
    }
    double rest = W - used;
    for (int c = 0; c < g->ncols; c++) {
        iop_col_kind k = c < (int)g->n_spec ? g->spec[c].kind : IOP_COL_AUTO;
        if (k == IOP_COL_PROPORTIONAL)
            g->w[c] = at_least(rest > 0 ? rest * g->spec[c].value / shares : 12, g->need[c]);
    }
    if (rough) {
        /* the automatic columns' widths do not depend on the proportional
         * columns' minimum when they all get their widest line (the
         * bounds leave them the least room) */
        bool autos_free = n_auto == 0 || (n_prop > 0 && sum_max <= avail);
        double total = 0;
        bool settled = true;
        for (int c = 0; c < g->ncols; c++) {
            total += at_least(g->w[c], 8);
            g->fail[c] = false;
            if (!g->rough[c])
                continue;
            double base = g->spec[c].kind == IOP_COL_FIXED ? g->spec[c].value
                          : rest > 0                       ? rest * g->spec[c].value / shares
                                                           : 12;
            if (g->need[c] > base ||
                (g->spec[c].kind == IOP_COL_PROPORTIONAL && g->need[c] > 36 && !autos_free))
                settled = !(g->fail[c] = true);
        }
        /* narrow_to would use them (a failed column widens the table:
         * the next round asks again) */
        if (settled && total > W + 0.01)
            for (int c = 0; c < g->ncols; c++)
                settled = !(g->fail[c] = true);
        if (!settled)
            return false;
    }
    /* Wider than the page (fixed columns, words, figures): narrow the
     * columns that have room above their widest word, in proportion to
     * that room; then the widest columns, down to their figures (words
     * break at the dictionary's points, or between letters as a last
     * resort); only when the figures alone are wider, everything. */
    if (narrow_to(g, g->need, W) || narrow_widest(g, W))
        return true;
    double total = 0;
    for (int c = 0; c < g->ncols; c++)
        total += g->w[c] = at_least(g->keep[c], 8);
    if (total > W)
        for (int c = 0; c < g->ncols; c++)
            g->w[c] *= W / total;
    return true;
}

static int by_bound(const void *a, const void *b)
{
    const struct rough_cell *x = a, *y = b;
    return x->ub < y->ub ? 1 : x->ub > y->ub ? -1 : 0;
}

/* Measure the rough cells of the failed columns, the widest bound first,
 * until no bound left can raise the column's need or keep. */
static void measure_failed(run *r, grid *g)
{
    qsort(g->rc, g->n_rc, sizeof *g->rc, by_bound);
    for (size_t i = 0; i < g->n_rc; i++) {
        struct rough_cell *k = &g->rc[i];
        int c = k->col;
        if (!g->rough[c] || !g->fail[c] ||
            (k->ub <= g->need[c] && (!k->digit || k->ub <= g->keep[c])))
            continue;
        double fig = k->fig < 0 ? unbreakable_width(r, k->cell, &k->st) : k->fig;
        double pad = 2 * k->st.padding + 0.5, mn = fig + pad;
        if (!k->plain || !one_figure_cell(r, k->cell, &k->st, fig)) {
            para p;
            para_build_block(r, &p, k->cell, &k->st, 0, false);
            mn = widest_piece(r, &p, &k->st, &fig) + pad;
            para_free(&p);
        }
        if (fig > 0 && fig + pad > g->keep[c])
            g->keep[c] = fig + pad;
        if (mn > g->need[c])
            g->need[c] = mn;
    }
    for (int c = 0; c < g->ncols; c++)
        if (g->fail[c])
            g->rough[c] = false;
}

static void col_widths(run *r, const iop_node *t, const iop_style *st, grid *g, double W)
{
    /* every column is measured: a fixed or proportional one may hold a
     * figure that must not be broken, or a word that should not be */
    measure_ctx m = {r, g, st};
    each_row(t, measure_row, &m);
    size_t n = (size_t)g->ncols * sizeof(double);
    double *exact = iop_xcalloc(3 * (size_t)g->ncols, sizeof(double)); /* the measures */
    for (;;) {
        bool rough = false;
        for (int c = 0; c < g->ncols; c++) {
            /* the measured cells are wider than the bounds of the others:
             * the column's need and keep are known */
            if (g->rough[c] && g->keep_hi[c] <= g->keep[c] &&
                g->need_hi[c] <= at_least(g->need[c], g->keep[c]))
                g->rough[c] = false;
            rough |= g->rough[c];
        }
        if (!rough)
            break;
        memcpy(exact, g->need, n);
        memcpy(exact + g->ncols, g->keep, n);
        memcpy(exact + 2 * g->ncols, g->max_w, n);
        for (int c = 0; c < g->ncols; c++)
            if (g->rough[c]) {
                g->need[c] = at_least(g->need[c], g->need_hi[c]);
                g->keep[c] = at_least(g->keep[c], g->keep_hi[c]);
            }
        bool settled = widths_from(g, W, true);
        if (settled) {
            free(exact);
            free(g->rc);
            return;
        }
        /* the bounds were not enough: measure the cells of the columns
         * they did not answer for, and try again with the others */
        memcpy(g->need, exact, n);
        memcpy(g->keep, exact + g->ncols, n);
        memcpy(g->max_w, exact + 2 * g->ncols, n);
        measure_failed(r, g);
    }
    free(exact);
    free(g->rc);
    widths_from(g, W, false);
}

typedef enum row_role { ROLE_HEAD, ROLE_BODY, ROLE_FOOT } row_role;

typedef struct row_ctx {
    run *r;
    const iop_node *table;
    const iop_style *st;
    grid *g;
    double x;
    int table_index;
    size_t n_rows, n_head, n_body, n_foot;
    size_t row_no;      /* rows emitted so far */
    const iop_node *group; /* the row group now open (THead, TBody, TFoot) */
    int group_saved;       /* the element to go back to when it ends */
    size_t body_no, foot_no, head_no;
    bool has_head;
    double thick, thin;
} row_ctx;

static void hrule(unit *u, double x, double y, double w, double lw, uint32_t color)
{
    iop_box b = box_make(IOP_BOX_RULE, x, y, w, 0, color);
    b.line_width = lw;
    unit_add_box(u, &b);
}

static void vrule(unit *u, double x, double y, double h, double lw, uint32_t color)
{
    iop_box b = box_make(IOP_BOX_RULE, x, y, 0, h, color);
    b.line_width = lw;
    unit_add_box(u, &b);
}

/* A cell of a row laid out: its paragraph, style, where it stands, and
 * the lines of it in the slice being made. */
typedef struct cell {
    const iop_node *node;
    para p;
    iop_style st;
    double x, w;
    int from, to;
    int sid; /* its TD or TH element, made by the first slice it is in; 0 before */
} cell;

/* A row's cells: those that have a column. */
typedef struct row_cells {
    size_t used;
    cell *cells;
} row_cells;

/* Height of lines [a, b) of a paragraph. */
static double lines_height(const para *p, int a, int b)
{
    return b > a ? p->line_top[b - 1] + p->pitch[b - 1] - p->line_top[a] : 0;
}

/* What a cell takes beside its lines: padding and, on the first slice,
 * the top border. */
static double cell_extra(const cell *k, bool first)
{
    return 2 * k->st.padding + (first ? k->st.border_top : 0);
}

/* The lines of each cell that go into the next slice of a row at most
 * `max_h` high (padding and, on the first slice, the top border
 * included): as many whole lines as fit, and at least one line of some
 * cell so that every slice moves on.  Returns the slice's height. */
static double next_slice(row_cells *rc, bool first, double max_h, bool *overfull)
{
    double height = 0;
    bool moved = false;
    for (size_t i = 0; i < rc->used; i++) {
        cell *k = &rc->cells[i];
        double extra = cell_extra(k, first);
        int a = k->from = k->to, b = a;
        while (b < k->p.n_lines && extra + lines_height(&k->p, a, b + 1) <= max_h + 0.01)
            b++;
        k->to = b;
        moved |= b > a;
    }
    if (!moved) /* a line taller than a page: set it anyway */
        for (size_t i = 0; i < rc->used; i++)
            if (rc->cells[i].to < rc->cells[i].p.n_lines) {
                rc->cells[i].to++;
                *overfull = true;
            }
    for (size_t i = 0; i < rc->used; i++) {
        const cell *k = &rc->cells[i];
        double h = cell_extra(k, first) + lines_height(&k->p, k->from, k->to);
        if (h > height)
            height = h;
    }
    return height;
}

/* Whether a page may break before a unit of a row (or of a slice of
 * one); otherwise what the run says (nothing kept with what follows). */
static void slice_break(const row_ctx *c, unit *u, row_role role, bool first)
{
    if (!first) {
        u->break_ok = true; /* a slice goes on the next page, the header row repeated */
    } else if (role == ROLE_HEAD) {
        if (c->head_no > 0)
            u->break_ok = false;
    } else if (role == ROLE_BODY) {
        if (c->body_no == 0 && c->has_head)
            u->break_ok = false; /* never a header alone at the bottom */
    } else {
        u->break_ok = false; /* the totals stay with the last rows */
    }
}

/* A cell of a slice: its shading, its lines as a TD or TH element, and
 * its own borders. */
static void paint_cell(row_ctx *c, unit *u, cell *k, row_role role, double height, bool first,
                       bool last)
{
    run *r = c->r;
    const iop_style *cs = &k->st;
    para *p = &k->p;
    if (cs->has_background) {
        iop_box b = box_make(IOP_BOX_RECT, k->x, 0, k->w, height, cs->background);
        unit_add_box(u, &b);
    }
    bool th = k->node->kind == IOP_NODE_TH || role == ROLE_HEAD;
    bool begun = k->sid != 0;
    if (!begun) {
        k->sid = run_elem(r, th ? "TH" : "TD");
        if (th)
            run_elem_at(r, k->sid)->scope =
                role == ROLE_HEAD ? IOP_SCOPE_COLUMN : IOP_SCOPE_ROW;
        if (k->node->colspan > 1)
            run_elem_at(r, k->sid)->colspan = k->node->colspan;
    }
    int sid = k->sid;
    int a = k->from, e = k->to;
    double top = cs->padding + (first ? cs->border_top : 0) - (a < e ? p->line_top[a] : 0);
    for (int n = a; n < e; n++)
        para_emit_line(r, p, n, u, k->x + cs->padding, top + p->line_top[n], cs->color, sid);
    if (a == e && !begun) {
        /* an empty cell still takes its column (once: a cell whose text
         * has ended on an earlier slice is there already) */
        iop_box m = box_make(IOP_BOX_MARK, k->x, 0, k->w, height, 0);
        m.struct_id = sid;
        m.tag = th ? "TH" : "TD";
        unit_add_box(u, &m);
    }
    if (first && cs->border_top > 0)
        hrule(u, k->x, cs->border_top / 2, k->w, cs->border_top, cs->border_color);
    if (last && cs->border_bottom > 0)
        hrule(u, k->x, height - cs->border_bottom / 2, k->w, cs->border_bottom,
              cs->border_color);
}

/* The table's rules (`rules` of its style) over a slice `W` wide. */
static void table_rules(const row_ctx *c, unit *u, const row_cells *rc, row_role role,
                        double W, double height, bool first, bool last)
{
    uint32_t rcol = c->st->rule_color;
    bool first_row = c->row_no == 0;
    bool last_row = c->row_no + 1 == c->n_rows;
    switch (c->st->rules) {
    case IOP_RULES_ROWS:
    case IOP_RULES_FRAME:
        if (first && role == ROLE_HEAD && c->head_no == 0)
            hrule(u, c->x, 0, W, c->thick, rcol);
        if (last && role == ROLE_HEAD && c->head_no + 1 == c->n_head)
            hrule(u, c->x, height, W, c->thick, rcol);
        if (first && role == ROLE_BODY && first_row)
            hrule(u, c->x, 0, W, c->thick, rcol);
        if (first && role == ROLE_FOOT && c->foot_no == 0)
            hrule(u, c->x, 0, W, c->thick, rcol);
        if (last && last_row)
            hrule(u, c->x, height, W, c->thick, rcol);
        else if (last && role == ROLE_BODY && c->st->rules == IOP_RULES_ROWS &&
                 c->body_no + 1 < c->n_body)
            hrule(u, c->x, height, W, c->thin, rcol);
        if (c->st->rules == IOP_RULES_FRAME) {
            vrule(u, c->x, 0, height, c->thin, rcol);
            vrule(u, c->x + W, 0, height, c->thin, rcol);
        }
        break;
    case IOP_RULES_ALL: {
        if (first)
            hrule(u, c->x, 0, W, role == ROLE_FOOT && c->foot_no == 0 ? c->thick : c->thin,
                  rcol);
        if (last)
            hrule(u, c->x, height, W, role == ROLE_HEAD ? c->thick : c->thin, rcol);
        vrule(u, c->x, 0, height, c->thin, rcol);
        for (size_t i = 0; i < rc->used; i++)
            vrule(u, rc->cells[i].x + rc->cells[i].w, 0, height, c->thin, rcol);
        break;
    }
    case IOP_RULES_NONE:
        break;
    }
}

/* One unit of a row: the whole row, or a slice of a row taller than a
 * page (each cell's lines from..to).  Shading and side rules go with
 * every slice, the top rules with the first only, the bottom rules with
 * the last.  A cell's element is made by the first slice and goes on in
 * the others. */
static unit *emit_slice(row_ctx *c, row_role role, const iop_style *rs, row_cells *rc,
                        double height, bool first, bool last)
{
    unit *u = run_add_unit(c->r);
    u->table = c->table_index;
    u->header_row = role == ROLE_HEAD;
    u->height = height;
    slice_break(c, u, role, first);
    double W = 0;
    for (int k = 0; k < c->g->ncols; k++)
        W += c->g->w[k];
    /* shading first, then text, then rules on top */
    if (rs->has_background)
        for (size_t i = 0; i < rc->used; i++)
            if (!rc->cells[i].st.has_background) {
                iop_box b = box_make(IOP_BOX_RECT, rc->cells[i].x, 0, rc->cells[i].w, height,
                                     rs->background);
                unit_add_box(u, &b);
            }
    for (size_t i = 0; i < rc->used; i++)
        paint_cell(c, u, &rc->cells[i], role, height, first, last);
    if (first && rs->border_top > 0)
        hrule(u, c->x, rs->border_top / 2, W, rs->border_top, rs->border_color);
    if (last && rs->border_bottom > 0)
        hrule(u, c->x, height - rs->border_bottom / 2, W, rs->border_bottom, rs->border_color);
    table_rules(c, u, rc, role, W, height, first, last);
    return u;
}

/* The height a row may take on a page: the body less the header rows
 * repeated above it (the whole body when they leave too little). */
static double row_room(const row_ctx *c)
{
    const table_head *th = &c->r->heads[c->table_index];
    double head = 0;
    for (size_t h = 0; h < th->n_rows; h++)
        head += th->rows[h].height;
    double room = c->r->body_height - head;
    return room > c->r->body_height / 4 ? room : c->r->body_height;
}

/* The height the first slice of a row may take: a row that may not start
 * a page (the first below the header, the totals) shares its page with
 * the units it is kept with (the header rows, a caption before them). */
static double first_room(const row_ctx *c, row_role role, double room)
{
    const run *r = c->r;
    bool kept = r->keep_pending || (role == ROLE_BODY && c->body_no == 0 && c->has_head) ||
                role == ROLE_FOOT;
    if (!kept) {
        /* it may start a page: begin it on the page the rows before it
         * end on when a few lines fit there, rather than leave that page
         * half empty (a slice that does not fit after all goes to the next
         * page, where it fits) */
        const iop_page_setup *ps = &r->doc->page;
        double left = ps->height - ps->margin_bottom - paginate_next_y(c->r) -
                      r->pending_space;
        return left >= 48 && left < room ? left : room;
    }
    double glued = r->pending_space;
    for (size_t j = r->n_units; j-- > 0;) {
        const unit *p = &r->units[j];
        glued += p->height;
        if (p->break_ok || p->force_break)
            break;
        glued += p->space_before;
    }
    double left = r->body_height - glued;
    /* when what it is kept with takes most of a page, the slice may
     * leave it alone there rather than be cut into slivers */
    return left > r->body_height / 4 ? left : room;
}

/* Lay out the cells of a row in their columns; returns the row's height,
 * that of its tallest cell. */
static double measure_cells(row_ctx *c, const iop_style *rs, const iop_node *tr, row_cells *rc)
{
    grid *g = c->g;
    double height = 0;
    int col = 0;
    for (size_t i = 0; i < tr->n_children && col < g->ncols; i++, rc->used++) {
        cell *k = &rc->cells[i];
        k->node = tr->children[i];
        cell_style(c->r, rs, k->node, g, col, &k->st);
        double x = c->x;
        for (int n = 0; n < col; n++)
            x += g->w[n];
        double w = 0;
        for (int n = col; n < col + k->node->colspan && n < g->ncols; n++)
            w += g->w[n];
        col += k->node->colspan;
        k->x = x;
        k->w = w;
        double inner = w - 2 * k->st.padding;
        para_build_block(c->r, &k->p, k->node, &k->st, inner > 4 ? inner : 4, true);
        k->to = k->p.n_lines;
        double h = k->p.height + 2 * k->st.padding + k->st.border_top;
        if (h > height)
            height = h;
    }
    return height;
}

/* A row taller than a page, cut between lines into slices that each fit
 * on a page below the repeated header rows.  It stays one TR, each cell
 * one TD or TH across the slices (the renderer joins an element a page
 * break cuts), so a screen reader reads one row. */
static void emit_sliced(row_ctx *c, const iop_node *tr, row_role role, const iop_style *rs,
                        row_cells *rc, double room)
{
    bool overfull = false;
    for (size_t i = 0; i < rc->used; i++)
        rc->cells[i].to = 0;
    double room1 = first_room(c, role, room);
    for (bool first = true;; first = false) {
        double h = next_slice(rc, first, first ? room1 : room, &overfull);
        bool last = true;
        for (size_t i = 0; i < rc->used; i++)
            if (rc->cells[i].to < rc->cells[i].p.n_lines)
                last = false;
        emit_slice(c, role, rs, rc, h, first, last);
        if (last)
            break;
    }
    if (overfull)
        run_warn_once(c->r, tr->line, "a line of a table cell is taller than a page; it runs "
                                      "past the page");
}

/* Keep a copy of a header row to repeat at the top of every page the
 * table goes on. */
static void keep_head_row(row_ctx *c, const unit *u)
{
    table_head *th = &c->r->heads[c->table_index];
    th->rows = iop_xreallocarray(th->rows, th->n_rows + 1, sizeof *th->rows);
    unit *cp = &th->rows[th->n_rows++];
    memset(cp, 0, sizeof *cp);
    cp->height = u->height;
    cp->table = -1;
    cp->header_row = true;
    /* a header row repeated on the next page is pagination, not
     * content: a screen reader has read it once */
    for (size_t i = 0; i < u->n_boxes; i++) {
        if (u->boxes[i].kind == IOP_BOX_MARK || u->boxes[i].kind == IOP_BOX_LINK)
            continue;
        iop_box b = box_copy(&u->boxes[i]);
        b.tag = NULL;
        b.struct_id = 0;
        unit_add_box(cp, &b);
    }
}

/* The row group's element (THead, TBody, TFoot), begun when the group
 * changes. */
static void enter_group(row_ctx *c, const iop_node *group, row_role role)
{
    if (group == c->group)
        return;
    static const char *const group_tags[] = {"THead", "TBody", "TFoot"};
    if (c->group)
        run_elem_leave(c->r, c->group_saved);
    c->group_saved = run_elem_enter(c->r, group_tags[role], NULL);
    c->group = group;
}

static void emit_row(void *vctx, const iop_node *group, const iop_node *tr)
{
    row_ctx *c = vctx;
    run *r = c->r;
    row_role role = group->kind == IOP_NODE_THEAD   ? ROLE_HEAD
                    : group->kind == IOP_NODE_TFOOT ? ROLE_FOOT
                                                    : ROLE_BODY;
    enter_group(c, group, role);
    int row_saved = run_elem_enter(r, "TR", NULL);
    /* lay out the cells first: the row's height is the tallest cell */
    row_cells rc = {0, iop_xcalloc(tr->n_children ? tr->n_children : 1, sizeof *rc.cells)};
    iop_style rs;
    row_style(r, group, tr, c->st, &rs);
    double height = measure_cells(c, &rs, tr, &rc);

    double room = role == ROLE_HEAD ? r->body_height : row_room(c);
    if (height <= room || role == ROLE_HEAD) {
        unit *u = emit_slice(c, role, &rs, &rc, height, true, true);
        if (height > room)
            run_warn_once(r, tr->line,
                          "a table header row is taller than a page; it runs past the page");
        if (role == ROLE_HEAD)
            keep_head_row(c, u);
    } else {
        emit_sliced(c, tr, role, &rs, &rc, room);
    }

    if (role == ROLE_HEAD)
        c->head_no++;
    else if (role == ROLE_BODY)
        c->body_no++;
    else
        c->foot_no++;
    c->row_no++;
    run_elem_leave(r, row_saved);
    for (size_t i = 0; i < rc.used; i++)
        para_free(&rc.cells[i].p);
    free(rc.cells);
}

static void count_rows(void *vctx, const iop_node *group, const iop_node *tr)
{
    row_ctx *c = vctx;
    (void)tr;
    c->n_rows++;
    if (group->kind == IOP_NODE_THEAD)
        c->n_head++;
    else if (group->kind == IOP_NODE_TFOOT)
        c->n_foot++;
    else
        c->n_body++;
}

static void max_cols(void *vctx, const iop_node *group, const iop_node *tr)
{
    (void)group;
    int *n = vctx;
    int s = row_span_sum(tr);
    if (s > *n)
        *n = s;
}

/* Column widths depend on the table, its style, its width and the page
 * fields its cells may show; measuring every cell's words and figures
 * was done again in every pass of a document with a table of contents. */
struct table_widths {
    const iop_node *table;
    iop_style st; /* compared as bytes: a difference only costs a miss */
    double W;
    int field_page, field_pages;
    int ncols;
    double *w;
};

static const struct table_widths *widths_find(const run *r, const iop_node *t, const iop_style *st,
                                              double W, int ncols)
{
    for (size_t i = 0; i < r->n_table_widths; i++) {
        const struct table_widths *tw = &r->table_widths[i];
        if (tw->table == t && tw->W == W && tw->ncols == ncols && tw->field_page == r->field_page &&
            tw->field_pages == r->field_pages && memcmp(&tw->st, st, sizeof *st) == 0)
            return tw;
    }
    return NULL;
}

static void widths_keep(run *r, const iop_node *t, const iop_style *st, double W, const grid *g)
{
    r->table_widths =
        iop_xreallocarray(r->table_widths, r->n_table_widths + 1, sizeof *r->table_widths);
    struct table_widths *tw = &r->table_widths[r->n_table_widths++];
    memset(tw, 0, sizeof *tw);
    tw->table = t;
    memcpy(&tw->st, st, sizeof *st);
    tw->W = W;
    tw->field_page = r->field_page;
    tw->field_pages = r->field_pages;
    tw->ncols = g->ncols;
    tw->w = iop_xcalloc((size_t)g->ncols, sizeof(double));
    memcpy(tw->w, g->w, (size_t)g->ncols * sizeof(double));
}

void table_widths_free(run *r)
{
    for (size_t i = 0; i < r->n_table_widths; i++)
        free(r->table_widths[i].w);
    free(r->table_widths);
    r->table_widths = NULL;
    r->n_table_widths = 0;
}

void table_widths_take(run *to, run *from)
{
    /* looked up first come, first found: `to`'s own stay in front */
    if (!from->n_table_widths)
        return;
    to->table_widths = iop_xreallocarray(to->table_widths,
                                         to->n_table_widths + from->n_table_widths,
                                         sizeof *to->table_widths);
    memcpy(to->table_widths + to->n_table_widths, from->table_widths,
           from->n_table_widths * sizeof *from->table_widths);
    to->n_table_widths += from->n_table_widths;
    free(from->table_widths);
    from->table_widths = NULL;
    from->n_table_widths = 0;
}

void flow_table(run *r, const iop_node *t, const iop_style *st, frame f)
{
    grid g;
    memset(&g, 0, sizeof g);
    g.ncols = (int)t->n_cols;
    each_row(t, max_cols, &g.ncols);
    if (g.ncols == 0)
        return;
    g.spec = t->cols;
    g.n_spec = t->n_cols;
    g.w = iop_xcalloc((size_t)g.ncols, sizeof(double));
    g.need = iop_xcalloc((size_t)g.ncols, sizeof(double));
    g.max_w = iop_xcalloc((size_t)g.ncols, sizeof(double));
    g.keep = iop_xcalloc((size_t)g.ncols, sizeof(double));
    g.rough = iop_xcalloc((size_t)g.ncols, sizeof(bool));
    g.fail = iop_xcalloc((size_t)g.ncols, sizeof(bool));
    g.need_hi = iop_xcalloc((size_t)g.ncols, sizeof(double));
    g.keep_hi = iop_xcalloc((size_t)g.ncols, sizeof(double));
    double W = f.width - st->margin_left - st->margin_right;
    const struct table_widths *known = widths_find(r, t, st, W, g.ncols);
    if (known) {
        memcpy(g.w, known->w, (size_t)g.ncols * sizeof(double));
    } else {
        col_widths(r, t, st, &g, W);
        widths_keep(r, t, st, W, &g);
    }

    row_ctx c;
    memset(&c, 0, sizeof c);
    c.r = r;
    c.table = t;
    c.st = st;
    c.g = &g;
    c.x = f.x + st->margin_left;
    c.thin = st->rule_width;
    c.thick = st->rule_width * 1.6 > 0.8 ? st->rule_width * 1.6 : 0.8;
    each_row(t, count_rows, &c);
    c.has_head = c.n_head > 0;
    r->heads = iop_xreallocarray(r->heads, r->n_heads + 1, sizeof *r->heads);
    memset(&r->heads[r->n_heads], 0, sizeof *r->heads);
    c.table_index = (int)r->n_heads++;
    flow_space(r, st->space_before);
    size_t first = r->n_units;
    int table_saved = run_elem_enter(r, "Table", NULL);
    /* header rows first, then body, then the footer, whatever the source order */
    static const iop_node_kind order[] = {IOP_NODE_THEAD, IOP_NODE_TBODY, IOP_NODE_TFOOT};
    for (int o = 0; o < 3; o++)
        for (size_t gi = 0; gi < t->n_children; gi++)
            if (t->children[gi]->kind == order[o])
                for (size_t i = 0; i < t->children[gi]->n_children; i++)
                    emit_row(&c, t->children[gi], t->children[gi]->children[i]);
    /* the first rows of the table (before any page break) need no repeat */
    (void)first;
    if (c.group)
        run_elem_leave(r, c.group_saved);
    run_elem_leave(r, table_saved);
    flow_after(r, st);
    free(g.w);
    free(g.need);
    free(g.max_w);
    free(g.keep);
    free(g.rough);
    free(g.fail);
    free(g.need_hi);
    free(g.keep_hi);
}
