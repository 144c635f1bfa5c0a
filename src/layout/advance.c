/* Upper bounds of text widths without shaping: a line breaking rule asks
 * whether a word or a piece of a cell can be wider than some width, and
 * the answer is almost always "no" by far; the characters' own advances
 * in the font, with room for kerning, tell it for a few instructions a
 * character where shaping the text costs thousands. */
#include "layout_internal.h"

#include <math.h>
#include <stdlib.h>

#define ADV_CHARS 0x180
#define ADV_SLOTS (ADV_CHARS + 45)

struct font_adv {
    PangoFont *font; /* holds hb */
    hb_font_t *hb;
    int scale; /* hb's units an em */
    bool figures; /* the tabular figures are in adv */
    float adv[ADV_SLOTS]; /* em; NAN: not asked yet, negative: no glyph */
};

/* The slot of a character in the table: Latin-1, Latin Extended-A, the
 * general punctuation (dashes, quotes, ellipsis; not the line and
 * paragraph separators or the bidi controls), the euro and the minus
 * sign; -1 for another (or a control character). */
static int adv_slot(gunichar c)
{
    if (c < ADV_CHARS)
        return c < 0x20 || (c >= 0x7F && c < 0xA0) ? -1 : (int)c;
    if (c >= 0x2010 && c <= 0x203A)
        return c >= 0x2028 && c <= 0x202E ? -1 : ADV_CHARS + (int)(c - 0x2010);
    if (c == 0x20AC)
        return ADV_CHARS + 43;
    if (c == 0x2212)
        return ADV_CHARS + 44;
    return -1;
}

font_adv *font_advances(run *r, const PangoFontDescription *fd)
{
    struct run_font *f = NULL;
    for (size_t i = 0; i < r->n_fonts && !f; i++)
        if (r->fonts[i].fd == fd)
            f = &r->fonts[i];
    if (!f)
        return NULL;
    if (!f->adv) {
        font_adv *fa = iop_xcalloc(1, sizeof *fa);
        for (int i = 0; i < ADV_SLOTS; i++)
            fa->adv[i] = NAN;
        fa->font = pango_context_load_font(r->lay->context, fd);
        fa->hb = fa->font ? pango_font_get_hb_font(fa->font) : NULL;
        int ys = 0;
        if (fa->hb)
            hb_font_get_scale(fa->hb, &fa->scale, &ys);
        f->adv = fa;
    }
    return f->adv;
}

/* A tabular figure (tnum, add_run_attrs) may be wider than the font's
 * own: each digit's slot holds the wider of the two. */
static void tabular_figures(font_adv *fa)
{
    fa->figures = true;
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, "0123456789", -1, 0, -1);
    hb_buffer_guess_segment_properties(buf);
    hb_feature_t feats[3];
    unsigned nf = 0;
    nf += (unsigned)hb_feature_from_string("tnum", -1, &feats[nf]);
    nf += (unsigned)hb_feature_from_string("lnum", -1, &feats[nf]);
    nf += (unsigned)hb_feature_from_string("kern=0", -1, &feats[nf]);
    hb_shape(fa->hb, buf, feats, nf);
    unsigned n = 0;
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, &n);
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, NULL);
    for (unsigned i = 0; i < n; i++) {
        if (info[i].cluster >= 10)
            continue;
        float own = (float)char_advance(fa, '0' + info[i].cluster);
        float a = (float)pos[i].x_advance / (float)fa->scale;
        if (own >= 0 && a > own)
            fa->adv['0' + info[i].cluster] = a;
    }
    hb_buffer_destroy(buf);
}

double char_advance(font_adv *fa, gunichar c)
{
    int slot = adv_slot(c);
    if (slot < 0 || !fa->hb || fa->scale <= 0)
        return -1;
    if (isnan(fa->adv[slot])) {
        hb_codepoint_t glyph;
        fa->adv[slot] = hb_font_get_nominal_glyph(fa->hb, c, &glyph)
                            ? (float)hb_font_get_glyph_h_advance(fa->hb, glyph) / (float)fa->scale
                            : -1;
    }
    if (c >= '0' && c <= '9' && !fa->figures)
        tabular_figures(fa);
    return fa->adv[slot];
}

void font_adv_free(font_adv *fa)
{
    if (!fa)
        return;
    if (fa->font)
        g_object_unref(fa->font);
    free(fa);
}

double width_bound(run *r, const iop_style *st, const char *s, size_t len)
{
    if (st->small_caps) /* pango makes small capitals of other glyphs */
        return -1;
    font_adv *fa = font_advances(r, style_font(r, st, 0));
    if (!fa)
        return -1;
    double em = 0;
    for (const char *p = s, *e = s + len; p < e; p = g_utf8_next_char(p)) {
        double a = char_advance(fa, g_utf8_get_char(p));
        if (a < 0)
            return -1;
        em += a + IOP_KERN_ROOM;
    }
    return em * st->font_size;
}
