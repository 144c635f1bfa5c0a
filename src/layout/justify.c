/* Justified lines that end in an added hyphen: pango stretches the line
 * to the full width before the hyphen is counted, so the hyphen sits in
 * the margin.  The spaces of the line give the room back. */
#include "justify.h"

#include <stdbool.h>

static bool is_space(const char *text, const PangoGlyphItem *gi, int g)
{
    return text[gi->item->offset + gi->glyphs->log_clusters[g]] == ' ';
}

void justify_fit_lines(PangoLayout *lo, int width)
{
    const char *text = pango_layout_get_text(lo);
    int indent = pango_layout_get_indent(lo);
    int k = 0;
    for (GSList *l = pango_layout_get_lines_readonly(lo); l; l = l->next, k++) {
        PangoLayoutLine *line = l->data;
        int avail = width - (k == 0 && indent > 0 ? indent : 0);
        int w = 0, spaces = 0;
        for (GSList *r = line->runs; r; r = r->next) {
            PangoGlyphItem *gi = r->data;
            w += pango_glyph_string_get_width(gi->glyphs);
            for (int g = 0; g < gi->glyphs->num_glyphs; g++)
                spaces += is_space(text, gi, g);
        }
        int over = w - avail;
        if (over <= 0 || spaces == 0 || !l->next) /* the last line is not justified */
            continue;
        for (GSList *r = line->runs; r && over > 0; r = r->next) {
            PangoGlyphItem *gi = r->data;
            for (int g = 0; g < gi->glyphs->num_glyphs && over > 0; g++) {
                if (!is_space(text, gi, g))
                    continue;
                int d = (over + spaces - 1) / spaces;
                gi->glyphs->glyphs[g].geometry.width -= d;
                over -= d;
                spaces--;
            }
        }
    }
}
