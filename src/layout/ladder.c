/* No ladder of hyphens at the right edge (the style's
 * hyphenate-limit-lines).
 *
 * A line counts as hyphenated when the last thing it shows is a hyphen: a
 * break at a soft hyphen, after a hard hyphen inside a word ("IOP-|avtal"),
 * or before the space after one ("tortyr- |och"): the rule is about the
 * ladder a reader sees at the right edge, and Swedish compounds with a
 * suspended hyphen draw the same rung.  A break pango makes between any
 * two letters of a word wider than the column is not counted: there is no
 * other break to choose. */
#include "layout_internal.h"

#include <string.h>

/* The layout's attributes as para_shape asked for them, when breaking the
 * ladders changed the ones pango sets it with (the layout caches compare
 * these, so a cached layout is found again by what was asked). */
#define ASKED_ATTRS "iop-asked-attrs"

bool layout_made_with(PangoLayout *lo, PangoAttrList *attrs)
{
    PangoAttrList *asked = g_object_get_data(G_OBJECT(lo), ASKED_ATTRS);
    return pango_attr_list_equal(asked ? asked : pango_layout_get_attributes(lo), attrs);
}

/* Whether the line of text [s, e) (e the next line's start) ends in a
 * hyphen, as above; a forced end (U+2028, a newline) does not count. */
static bool ends_in_hyphen(const char *text, int s, int e)
{
    while (e > s && (text[e - 1] == ' ' || text[e - 1] == '\t'))
        e--;
    if (e - s >= 2 && (unsigned char)text[e - 2] == 0xC2 && (unsigned char)text[e - 1] == 0xAD)
        return true; /* U+00AD */
    if (e > s && text[e - 1] == '-')
        return true;
    /* U+2010 hyphen, U+2011 non-breaking hyphen */
    return e - s >= 3 && (unsigned char)text[e - 3] == 0xE2 && (unsigned char)text[e - 2] == 0x80 &&
           ((unsigned char)text[e - 1] == 0x90 || (unsigned char)text[e - 1] == 0x91);
}

/* The first line (from line `from` on) that ends a run of more than
 * `limit` hyphenated lines, or -1; *excess (when not NULL) the rungs of
 * all runs beyond the limit. */
static int ladder_end(PangoLayout *lo, int limit, int from, int *excess)
{
    const char *text = pango_layout_get_text(lo);
    int i = 0, rungs = 0, first = -1, over = 0;
    for (GSList *l = pango_layout_get_lines_readonly(lo); l && l->next; l = l->next, i++) {
        const PangoLayoutLine *line = l->data, *next = l->next->data;
        if (!ends_in_hyphen(text, line->start_index, next->start_index)) {
            rungs = 0;
            continue;
        }
        if (++rungs > limit && i >= from && first < 0) {
            first = i;
            if (!excess)
                break;
        }
        over += rungs > limit;
    }
    if (excess)
        *excess = over;
    return first;
}

/* How badly a layout breaks: the widths its lines run over the column by
 * more than `slack`, the breaks pango made where the text allows none
 * (between two letters of a word wider than the column), and, of text to
 * be justified (`lo` set without justification, which does not move the
 * breaks), the most a word space of a line but the last would be widened.
 * Pango 1.50 lets a line broken at a soft hyphen run over by the hyphen
 * now and then (justify_fit_lines takes it back in justified text): that
 * is not what `over` is to catch, a word that does not fit is. */
typedef struct break_cost {
    long over;
    int forced;
    long loose;
} break_cost;

static break_cost layout_break_cost(PangoLayout *lo, int pwidth, int slack, bool justified)
{
    break_cost c = {0, 0, 0};
    const char *text = pango_layout_get_text(lo);
    int n_attrs = 0;
    const PangoLogAttr *la = pango_layout_get_log_attrs_readonly(lo, &n_attrs);
    int indent = pango_layout_get_indent(lo);
    long at_char = 0;
    int at_byte = 0, k = 0;
    for (GSList *l = pango_layout_get_lines_readonly(lo); l; l = l->next, k++) {
        PangoLayoutLine *line = l->data;
        PangoRectangle logical;
        pango_layout_line_get_extents(line, NULL, &logical);
        int avail = pwidth - (k == 0 && indent > 0 ? indent : 0);
        if (logical.width > avail + slack)
            c.over += logical.width - avail;
        if (!l->next)
            break;
        int e = ((PangoLayoutLine *)l->next->data)->start_index;
        at_char += g_utf8_pointer_to_offset(text + at_byte, text + e);
        at_byte = e;
        if (at_char < n_attrs && !la[at_char].is_line_break)
            c.forced++;
        if (justified && logical.width < avail &&
            !(at_char < n_attrs && la[at_char].is_mandatory_break)) {
            int end = e, spaces = 0;
            while (end > line->start_index && text[end - 1] == ' ')
                end--;
            for (int q = line->start_index; q < end; q++)
                spaces += text[q] == ' ';
            long gap = (avail - logical.width) / (spaces > 0 ? spaces : 1);
            if (gap > c.loose)
                c.loose = gap;
        }
    }
    return c;
}

/* Whether a break after the character at p makes the line end in a hyphen
 * (or moves a hyphen to its end: a space after one). */
static bool hyphen_or_space(const char *p)
{
    unsigned char b = (unsigned char)p[0];
    if (b == '-' || b == ' ' || b == '\t')
        return true;
    return (b == 0xC2 && (unsigned char)p[1] == 0xAD) ||
           (b == 0xE2 && (unsigned char)p[1] == 0x80 &&
            ((unsigned char)p[2] == 0x90 || (unsigned char)p[2] == 0x91));
}

/* `attrs` with no line break after any hyphen or space in [w, e): where the
 * last word of a line [.., e) may break.  Pango keeps a break after a
 * (soft) hyphen inside a range without breaks, except right at the range's
 * start: one range for each, from that character to the one after it. */
static PangoAttrList *without_breaks(PangoAttrList *attrs, const char *text, int w, int e)
{
    PangoAttrList *cand = pango_attr_list_copy(attrs);
    for (const char *q = text + w; q < text + e; q = g_utf8_next_char(q)) {
        if (!hyphen_or_space(q))
            continue;
        const char *after = g_utf8_next_char(q);
        if (!*after)
            break;
        PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
        a->start_index = (guint)(q - text);
        a->end_index = (guint)(g_utf8_next_char(after) - text);
        pango_attr_list_insert(cand, a);
    }
    return cand;
}

/* Break the paragraph's ladders of more than `limit` hyphenated lines
 * (lo made with `asked`, a wrapping layout `pwidth` wide).  A line of the
 * ladder gives up the break that hyphenates it: every break in its last
 * word (from the space before it that follows no hyphen), so that the word
 * moves whole to the next line and may break there at a later point.  The
 * ladder's last line is asked first, then the one before it and so on (a
 * line that is a piece of a word cannot give way); the first that keeps
 * the paragraph as many lines long is taken (a longer paragraph moves the
 * pages after it), else the first that gives way at all.  A step is taken
 * only when the paragraph then has fewer lines beyond the limit (or as many,
 * its first ladder further on), runs no further over the column, breaks no
 * more words between letters, and (justified) widens no word space by more
 * than three quarters of an em unless one was already: it never gets
 * worse, every step moves on, and a ladder that cannot give way stays. */
void break_hyphen_ladders(PangoLayout *lo, PangoAttrList *asked, int limit, int pwidth,
                                 int slack)
{
    if (limit <= 0 || pango_layout_get_line_count(lo) < limit + 2)
        return;
    int excess;
    int i = ladder_end(lo, limit, 0, &excess);
    if (i < 0)
        return; /* the paragraphs this is for: nothing set again */
    const char *text = pango_layout_get_text(lo);
    /* justified text is judged by its natural lines, which break alike */
    bool justified = pango_layout_get_justify(lo);
    if (justified)
        pango_layout_set_justify(lo, FALSE);
    break_cost base = layout_break_cost(lo, pwidth, slack, justified);
    /* a word space may grow by three quarters of an em before the line
     * looks gappy (found by looking at the long test report's pages) */
    long loose = base.loose > 3L * slack / 2 ? base.loose : 3L * slack / 2;
    PangoAttrList *kept = pango_attr_list_ref(asked);
    bool changed = false;
    int from = 0, tries = 0;
    while (i >= 0 && tries < 32) {
        /* the last words of the ladder's lines, last line first */
        int n = 0, ws[100], es[100];
        for (int j = i; j >= i - limit; j--) {
            const PangoLayoutLine *line = pango_layout_get_line_readonly(lo, j);
            int s = line->start_index, e = pango_layout_get_line_readonly(lo, j + 1)->start_index;
            /* back over trailing spaces, then to a space after no hyphen */
            int w = e;
            while (w > s && (text[w - 1] == ' ' || text[w - 1] == '\t'))
                w--;
            while (w > s && !((text[w - 1] == ' ' || text[w - 1] == '\t') &&
                              !ends_in_hyphen(text, s, w)))
                w--;
            if (w > s) {
                ws[n] = w;
                es[n++] = e;
            }
        }
        int lines = pango_layout_get_line_count(lo);
        PangoAttrList *best = NULL, *set = kept;
        int best_excess = 0;
        bool best_keeps = false;
        for (int k = 0; k < n && !best_keeps && tries < 32; k++, tries++) {
            PangoAttrList *cand = without_breaks(kept, text, ws[k], es[k]);
            pango_layout_set_attributes(lo, cand);
            set = cand;
            break_cost c = layout_break_cost(lo, pwidth, slack, justified);
            int fewer;
            int first = ladder_end(lo, limit, from, &fewer);
            bool keeps = pango_layout_get_line_count(lo) <= lines;
            /* fewer rungs beyond the limit, or as many but the first ladder
             * later (one line giving way may set up a ladder further on,
             * which the next step then breaks) */
            bool better = fewer < excess || (fewer == excess && (first < 0 || first > i));
            if (c.over <= base.over && c.forced <= base.forced && c.loose <= loose && better &&
                (!best || (keeps && !best_keeps))) {
                if (best)
                    pango_attr_list_unref(best);
                best = cand;
                best_excess = fewer;
                best_keeps = keeps;
            } else {
                pango_attr_list_unref(cand);
            }
        }
        if (best) {
            pango_attr_list_unref(kept);
            kept = best;
            excess = best_excess;
            changed = true;
        } else {
            from = i + 1; /* this ladder stays: the next one */
        }
        if (set != kept)
            pango_layout_set_attributes(lo, kept);
        i = ladder_end(lo, limit, from, NULL);
    }
    if (justified)
        pango_layout_set_justify(lo, TRUE);
    if (changed)
        g_object_set_data_full(G_OBJECT(lo), ASKED_ATTRS, pango_attr_list_ref(asked),
                               (GDestroyNotify)pango_attr_list_unref);
    pango_attr_list_unref(kept);
}

