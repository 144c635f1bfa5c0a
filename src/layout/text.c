/* Inline content → one pango layout per text block: the document's
 * inline styles become pango attributes, Swedish quotes and fields are
 * filled in, words get soft hyphens, and link ranges are remembered so
 * that each line can carry its own clickable areas. */
#include "justify.h"
#include "layout_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The font of a style, made once a document for each family, size,
 * weight and style (every run of text asked for a new one: 0.3 % of a
 * report); the run owns it until run_fonts_free. */
const PangoFontDescription *style_font(run *r, const iop_style *st, long line)
{
    int size = (gint)lround(st->font_size * PANGO_SCALE);
    for (size_t i = 0; i < r->n_fonts; i++) {
        const struct run_font *f = &r->fonts[i];
        if (f->family == st->font_family && f->size == size && f->weight == st->font_weight &&
            f->italic == st->italic && f->small_caps == st->small_caps)
            return f->fd;
    }
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, run_font_family(r, st->font_family, line));
    pango_font_description_set_size(fd, size);
    pango_font_description_set_weight(fd, (PangoWeight)st->font_weight);
    pango_font_description_set_style(fd, st->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    if (st->small_caps)
        pango_font_description_set_variant(fd, PANGO_VARIANT_SMALL_CAPS);
    r->fonts = iop_grow(r->fonts, &r->cap_fonts, r->n_fonts + 1, sizeof *r->fonts);
    r->fonts[r->n_fonts++] = (struct run_font){
        st->font_family, size, st->font_weight, st->italic, st->small_caps, fd, NULL};
    return fd;
}

void run_fonts_free(run *r)
{
    for (size_t i = 0; i < r->n_fonts; i++) {
        pango_font_description_free(r->fonts[i].fd);
        font_adv_free(r->fonts[i].adv);
    }
    free(r->fonts);
    r->fonts = NULL;
    r->n_fonts = r->cap_fonts = 0;
}

typedef struct builder {
    run *r;
    iop_strbuf text;
    PangoAttrList *attrs;
    struct plink *links;
    size_t n_links;
    int q_depth;
    const char *lang;
    double width; /* of the narrowest line when the text wraps, else 0 */
} builder;

static void add_run_attrs(builder *b, const iop_style *st, size_t start, size_t end, long line)
{
    if (end <= start)
        return;
    PangoAttribute *a = pango_attr_font_desc_new(style_font(b->r, st, line));
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(b->attrs, a);
    a = pango_attr_foreground_new((guint16)(((st->color >> 16) & 0xff) * 257),
                                  (guint16)(((st->color >> 8) & 0xff) * 257),
                                  (guint16)((st->color & 0xff) * 257));
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(b->attrs, a);
    if (st->tabular) {
        a = pango_attr_font_features_new("tnum 1, lnum 1");
        a->start_index = (guint)start;
        a->end_index = (guint)end;
        pango_attr_list_insert(b->attrs, a);
    }
}

static void put_text(builder *b, const char *s, const iop_style *st, long line)
{
    size_t start = b->text.len;
    /* text that is not hyphenated still breaks at the dictionary's points
     * a word too wide for the line, rather than between any letters */
    char *h = st->hyphenate ? hyphenate_text(b->r->lay, s, b->lang)
              : b->width > 0 ? hyphenate_wide_words(b->r, s, b->lang, st, b->width)
                             : NULL;
    iop_strbuf_puts(&b->text, h ? h : s);
    add_run_attrs(b, st, start, b->text.len, line);
    if (h) {
        /* A ligature over a soft hyphen ("Of\u00adfentlig" set as an ff
         * ligature) carries the soft hyphen into the PDF's text, and a
         * search for the word then misses it: no ligatures where words
         * carry hyphenation points. */
        PangoAttribute *a = pango_attr_font_features_new("liga 0, clig 0");
        a->start_index = (guint)start;
        a->end_index = (guint)b->text.len;
        pango_attr_list_insert(b->attrs, a);
        free(h);
    }
}

static const char *field_value(run *r, const char *name, char buf[32])
{
    const iop_document_meta *m = &r->doc->meta;
    if (strcmp(name, "page") == 0 || strcmp(name, "pages") == 0) {
        int v = name[4] == 's' ? r->field_pages : r->field_page;
        if (v <= 0)
            return "";
        snprintf(buf, 32, "%d", v);
        return buf;
    }
    if (strcmp(name, "title") == 0)
        return m->title ? m->title : "";
    if (strcmp(name, "date") == 0)
        return m->date ? m->date : "";
    if (strcmp(name, "case-number") == 0)
        return m->case_number ? m->case_number : "";
    if (strcmp(name, "author") == 0)
        return m->author ? m->author : "";
    return "";
}

static void build_inlines(builder *b, const iop_node *n, const iop_style *st)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const iop_node *c = n->children[i];
        switch (c->kind) {
        case IOP_NODE_TEXT:
            put_text(b, c->text, st, c->line);
            break;
        case IOP_NODE_BR: {
            size_t s = b->text.len;
            iop_strbuf_puts(&b->text, "\xE2\x80\xA8"); /* U+2028: a line break inside */
            add_run_attrs(b, st, s, b->text.len, c->line);
            break;
        }
        case IOP_NODE_FIELD: {
            char buf[32];
            size_t s = b->text.len;
            iop_strbuf_puts(&b->text, field_value(b->r, c->text, buf));
            add_run_attrs(b, st, s, b->text.len, c->line);
            break;
        }
        default: {
            iop_style cs;
            iop_document_style(b->r->doc, c, st, &cs);
            const char *saved_lang = b->lang;
            if (c->lang)
                b->lang = c->lang;
            size_t start = b->text.len;
            if (c->kind == IOP_NODE_Q) {
                /* Swedish: ”…” outside, ’…’ inside */
                const char *mark = b->q_depth % 2 ? "\xE2\x80\x99" : "\xE2\x80\x9D";
                put_text(b, mark, &cs, c->line);
                b->q_depth++;
                build_inlines(b, c, &cs);
                b->q_depth--;
                put_text(b, mark, &cs, c->line);
            } else {
                build_inlines(b, c, &cs);
            }
            if (c->kind == IOP_NODE_A && c->href) {
                b->links = iop_xreallocarray(b->links, b->n_links + 1, sizeof *b->links);
                b->links[b->n_links++] = (struct plink){(int)start, (int)b->text.len,
                                                        iop_xstrdup(c->href)};
                /* an attribute that changes nothing but ends pango's runs at
                 * the link's edges, so the link's glyphs can be drawn inside
                 * its own structure element */
                PangoAttribute *edge = pango_attr_fallback_new(TRUE);
                edge->start_index = (guint)start;
                edge->end_index = (guint)b->text.len;
                pango_attr_list_insert(b->attrs, edge);
            }
            b->lang = saved_lang;
        }
        }
    }
}

/* Spaces that join (U+00A0, U+202F narrow and U+2007 figure space) are
 * what the format functions and templates put between digit groups and
 * before a unit; every other space separates. */
static bool joins(gunichar ch)
{
    return ch == 0xA0 || ch == 0x202F || ch == 0x2007;
}

static bool separates(gunichar ch)
{
    if (ch < 0x80) /* glib's tables say the same of ASCII, in more steps */
        return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\f' || ch == '\r';
    return !joins(ch) && (g_unichar_isspace(ch) || g_unichar_type(ch) == G_UNICODE_SPACE_SEPARATOR ||
                          ch == 0x200B);
}

static bool is_digit(gunichar ch)
{
    return ch < 0x80 ? ch >= '0' && ch <= '9' : g_unichar_isdigit(ch);
}

static bool is_alpha(gunichar ch)
{
    return ch < 0x80 ? (ch | 0x20) >= 'a' && (ch | 0x20) <= 'z' : g_unichar_isalpha(ch);
}

/* The character at p (ASCII without a call: most of a text is). */
static inline gunichar char_at(const char *p)
{
    unsigned char c = (unsigned char)*p;
    return c < 0x80 ? c : g_utf8_get_char(p);
}

static inline const char *after_char(const char *p)
{
    return (unsigned char)*p < 0x80 ? p + 1 : g_utf8_next_char(p);
}

bool unbreakable_next(const char *text, size_t from, size_t *start, size_t *end)
{
    const char *p = text + from;
    while (*p) {
        gunichar ch = char_at(p);
        if (separates(ch)) {
            p = after_char(p);
            continue;
        }
        const char *s = p;
        bool digit = false, letter = false, joined = false;
        long n = 0;
        while (*p) {
            unsigned char c = (unsigned char)*p;
            if (c < 0x80) { /* separates, is_digit and is_alpha of ASCII, inline */
                if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r')
                    break;
                digit |= c >= '0' && c <= '9';
                letter |= (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
                n++;
                p++;
                continue;
            }
            ch = g_utf8_get_char(p);
            if (separates(ch))
                break;
            /* glib's lookups for each letter of a word cost 2 % of the layout */
            if (!digit)
                digit = is_digit(ch);
            if (!letter)
                letter = is_alpha(ch);
            joined |= joins(ch);
            n++;
            p = g_utf8_next_char(p);
        }
        /* a figure: digits joined to their groups and unit, or digits
         * and signs without letters; a long run is not a figure but a
         * string that has to break somewhere */
        if (digit && (joined || !letter) && n <= IOP_UNBREAKABLE_MAX) {
            *start = (size_t)(s - text);
            *end = (size_t)(p - text);
            return true;
        }
    }
    return false;
}

double unbreakable_width(run *r, const iop_node *block, const iop_style *st)
{
    char *text = inline_plain_text(r->doc, block);
    double widest = 0;
    size_t s, e;
    for (size_t at = 0; unbreakable_next(text, at, &s, &e); at = e) {
        char *piece = iop_xstrndup(text + s, e - s);
        PangoLayout *lo = word_layout(r, piece, st);
        int pw, ph;
        pango_layout_get_size(lo, &pw, &ph);
        if (pw / (double)PANGO_SCALE > widest)
            widest = pw / (double)PANGO_SCALE;
        g_object_unref(lo);
        free(piece);
    }
    free(text);
    return widest;
}

static PangoAlignment pango_align(iop_align a)
{
    switch (a) {
    case IOP_ALIGN_RIGHT:
        return PANGO_ALIGN_RIGHT;
    case IOP_ALIGN_CENTER:
        return PANGO_ALIGN_CENTER;
    default:
        return PANGO_ALIGN_LEFT;
    }
}

static const char *lang_of(run *r, const iop_node *block)
{
    if (block && block->lang)
        return block->lang;
    return r->doc->meta.lang ? r->doc->meta.lang : "sv";
}

/* A layout cache key: `head` (the numeric settings, n bytes as snprintf
 * counted them), the font family, a newline, the text, as one g_malloc'd
 * string.  g_strdup_printf of the whole key ran printf over every
 * paragraph's text (4 M instructions a report). */
/* Append v in decimal and a space at p (what "%d " prints; snprintf took
 * 3 000 instructions for a key's eight numbers); returns the end. */
static char *put_int(char *p, long v)
{
    char digits[24];
    int n = 0;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do {
        digits[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        *p++ = '-';
    while (n)
        *p++ = digits[--n];
    *p++ = ' ';
    return p;
}

/* A font description's size, weight, style and variant, as put_int puts
 * them: the part of a layout cache key a style's font gives. */
static char *put_font_numbers(char *p, const PangoFontDescription *fd)
{
    p = put_int(p, pango_font_description_get_size(fd));
    p = put_int(p, (int)pango_font_description_get_weight(fd));
    p = put_int(p, (int)pango_font_description_get_style(fd));
    return put_int(p, (int)pango_font_description_get_variant(fd));
}

static char *cache_key(const char *head, int n, const char *family, const char *text)
{
    g_assert(n > 0 && n < 128);
    if (!family)
        family = "(null)"; /* what printf made of it */
    size_t hl = (size_t)n, fl = strlen(family), tl = strlen(text);
    char *key = g_malloc(hl + fl + 1 + tl + 1);
    memcpy(key, head, hl);
    memcpy(key + hl, family, fl);
    key[hl + fl] = '\n';
    memcpy(key + hl + fl + 1, text, tl + 1);
    return key;
}

/* Pango breaks a word wider than the line at characters, but shapes the
 * rest of its item again for every line: a 100 000-character name took a
 * minute.  Cutting such runs into items of a few dozen characters makes
 * it linear; the cut is an attribute boundary that changes nothing drawn
 * (fallback is on by default), and no kerning or ligature joins letters
 * so far from any space. */
#define LONG_RUN_CHARS 100
#define PIECE_CHARS 48

static bool breaks_here(gunichar c)
{
    if (c < 0x80)
        return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '-';
    return (g_unichar_isspace(c) && c != 0xA0 && c != 0x202F && c != 0x2007) || c == 0xAD ||
           c == 0x200B || c == 0x2010 || c == 0x2013;
}

static void cut_long_runs(PangoAttrList *attrs, const char *text)
{
    const char *run_start = text;
    size_t run_chars = 0;
    for (const char *q = text;; q = after_char(q)) {
        gunichar c = char_at(q);
        if (c != 0 && !breaks_here(c)) {
            run_chars++;
            continue;
        }
        if (run_chars > LONG_RUN_CHARS) {
            /* every other piece gets the no-op attribute: pieces differ from
             * their neighbours, so each becomes an item of its own */
            const char *piece = run_start;
            bool odd = false;
            while (piece < q) {
                const char *end = piece;
                for (int k = 0; k < PIECE_CHARS && end < q; k++)
                    end = g_utf8_next_char(end);
                while (end < q && g_unichar_ismark(g_utf8_get_char(end)))
                    end = g_utf8_next_char(end); /* a mark stays with its letter */
                if (odd) {
                    PangoAttribute *a = pango_attr_fallback_new(TRUE);
                    a->start_index = (guint)(piece - text);
                    a->end_index = (guint)(end - text);
                    pango_attr_list_insert(attrs, a);
                }
                odd = !odd;
                piece = end;
            }
        }
        if (c == 0)
            break;
        run_start = g_utf8_next_char(q);
        run_chars = 0;
    }
}

/* Text pango sets on one line and in one paragraph whatever the width: no
 * tab, line or paragraph separator. */
static bool one_paragraph_line(const char *text)
{
    for (const char *q = text; *q; q++) {
        if (*q == '\t' || *q == '\n' || *q == '\r')
            return false;
        /* U+2028 and U+2029 */
        if ((unsigned char)q[0] == 0xE2 && (unsigned char)q[1] == 0x80 &&
            ((unsigned char)q[2] == 0xA8 || (unsigned char)q[2] == 0xA9))
            return false;
    }
    return true;
}

/* Whether an item of `line` ends where a line break would add a hyphen
 * (a soft hyphen just before an attribute boundary): a wrapping layout
 * counts that hyphen's width when it asks whether the item fits. */
static bool hyphen_at_item_end(PangoLayout *lo, PangoLayoutLine *line)
{
    const char *text = pango_layout_get_text(lo);
    int n_attrs = 0;
    const PangoLogAttr *la = pango_layout_get_log_attrs_readonly(lo, &n_attrs);
    for (GSList *l = line->runs; l; l = l->next) {
        const PangoItem *item = ((PangoGlyphItem *)l->data)->item;
        long end = g_utf8_pointer_to_offset(text, text + item->offset) + item->num_chars;
        if (end >= n_attrs || (la[end].is_line_break && la[end].break_inserts_hyphen))
            return true;
    }
    return false;
}

/* A wrapping layout shapes every item that fits on its line twice (once
 * to measure it, once to place it), one that does not wrap shapes it once.
 * Text short enough to fit on one line is therefore set without a width
 * first; when every item fits as pango_layout_process_item would ask (the
 * widths so far, plus a hyphen where a break at the item's end adds one:
 * a line height is more than any hyphen), it is what the wrapping layout
 * would have made: the same items, shaped alike, in one line, at the same
 * place for left alignment (the only one whose offset does not depend on
 * the width) and in left-to-right text. Otherwise NULL. */
static PangoLayout *layout_on_one_line(run *r, const char *text, PangoAttrList *attrs,
                                       const PangoFontDescription *fd, const iop_style *st,
                                       int pwidth, int indent, size_t n_links)
{
    /* right alignment too, where para_lines puts the line where pango
     * would (pwidth less the line's width), when no link asks pango where
     * a part of the line is and no indent moves it: a figure in a table */
    bool right = st->align == IOP_ALIGN_RIGHT && indent == 0 && n_links == 0;
    if ((pango_align(st->align) != PANGO_ALIGN_LEFT && !right) || !one_paragraph_line(text))
        return NULL;
    /* a guess, to skip text that is clearly too long (one that guesses
     * wrong costs time, never the result): Swedish text in the house fonts
     * takes 0.45-0.55 em a character */
    double guess = g_utf8_strlen(text, -1) * 0.47 * st->font_size * PANGO_SCALE;
    if (guess > pwidth - indent)
        return NULL;
    PangoLayout *lo = pango_layout_new(r->lay->context);
    pango_layout_set_font_description(lo, fd);
    pango_layout_set_text(lo, text, -1);
    pango_layout_set_attributes(lo, attrs);
    pango_layout_set_alignment(lo, PANGO_ALIGN_LEFT);
    pango_layout_set_justify(lo, st->align == IOP_ALIGN_JUSTIFY);
    if (indent > 0)
        pango_layout_set_indent(lo, indent);
    PangoLayoutLine *line =
        pango_layout_get_line_count(lo) == 1 ? pango_layout_get_line_readonly(lo, 0) : NULL;
    if (line && line->resolved_dir == PANGO_DIRECTION_LTR) {
        PangoRectangle logical;
        pango_layout_line_get_extents(line, NULL, &logical);
        if (logical.width + (hyphen_at_item_end(lo, line) ? logical.height : 0) <= pwidth - indent)
            return lo;
    }
    g_object_unref(lo);
    return NULL;
}

/* The text, links and layout of a paragraph (p->text, p->links, p->layout). */
static void para_shape(run *r, para *p, const iop_node *block, const iop_style *st, double width,
                       const char *prefix, bool wrap)
{
    builder b = {r, IOP_STRBUF_INIT, pango_attr_list_new(), NULL, 0, 0, lang_of(r, block), 0};
    if (wrap && width > 0)
        b.width = width - (st->text_indent > 0 ? st->text_indent : 0);
    if (prefix)
        put_text(&b, prefix, st, block ? block->line : 0);
    if (block)
        build_inlines(&b, block, st);
    p->text = iop_strbuf_detach(&b.text);
    cut_long_runs(b.attrs, p->text);
    p->links = b.links;
    p->n_links = b.n_links;
    /* PANGO_WRAP_WORD_CHAR breaks a word anywhere when it does not fit: an
     * amount is never broken ("999 999 999 9" / "99 999 kr"), it runs
     * over instead (table columns are made wide enough for it) */
    if (wrap && width > 0) {
        size_t s, e;
        for (size_t at = 0; unbreakable_next(p->text, at, &s, &e); at = e) {
            PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
            a->start_index = (guint)s;
            a->end_index = (guint)e;
            pango_attr_list_insert(b.attrs, a);
        }
    }

    const PangoFontDescription *fd = style_font(r, st, block ? block->line : 0);
    if (b.width > 0)
        guard_breaks_attrs(b.attrs, p->text, b.width,
                           pango_font_description_get_size(fd) / (double)PANGO_SCALE);
    bool wraps = wrap && width > 0;
    int pwidth = wraps ? (int)floor(width * PANGO_SCALE) : -1;
    int indent = st->text_indent > 0 ? (int)(st->text_indent * PANGO_SCALE) : 0;
    /* Shaping is most of the layout's cost, and a document with a table of
     * contents is set two or three times: a layout of the same text,
     * attributes and settings is shaped once and shared (layouts are not
     * changed once built). */
    char head[128], *h = head;
    int limit = wraps ? st->hyphenate_limit_lines : 0;
    const long nums[] = {wraps, pwidth, (int)st->align, indent, limit};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        h = put_int(h, nums[i]);
    h = put_font_numbers(h, fd);
    char *key = cache_key(head, (int)(h - head), pango_font_description_get_family(fd), p->text);
    PangoLayout *lo = r->para_cache ? g_hash_table_lookup(r->para_cache, key) : NULL;
    if (lo && !layout_made_with(lo, b.attrs))
        lo = NULL; /* the same text styled otherwise: replaced below */
    PangoLayout *shared =
        !lo && r->para_cache && r->lay->shared ? g_hash_table_lookup(r->lay->shared, key) : NULL;
    if (shared && layout_made_with(shared, b.attrs)) {
        /* made for an earlier document: this one's from now on */
        lo = g_object_ref(shared);
        g_hash_table_replace(r->para_cache, key, g_object_ref(lo));
        pango_attr_list_unref(b.attrs);
    } else if (lo) {
        g_object_ref(lo);
        g_free(key);
        pango_attr_list_unref(b.attrs);
    } else if (wraps &&
               (lo = layout_on_one_line(r, p->text, b.attrs, fd, st, pwidth, indent, p->n_links))) {
        pango_attr_list_unref(b.attrs);
        if (r->para_cache)
            g_hash_table_replace(r->para_cache, key, g_object_ref(lo));
        else
            g_free(key);
    } else {
        lo = pango_layout_new(r->lay->context);
        pango_layout_set_font_description(lo, fd);
        pango_layout_set_text(lo, p->text, -1);
        pango_layout_set_attributes(lo, b.attrs);
        pango_layout_set_width(lo, pwidth);
        if (wraps)
            pango_layout_set_wrap(lo, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(lo, pango_align(st->align));
        pango_layout_set_justify(lo, st->align == IOP_ALIGN_JUSTIFY);
        if (indent > 0)
            pango_layout_set_indent(lo, indent);
        if (wraps)
            break_hyphen_ladders(lo, b.attrs, limit, pwidth,
                                 (int)(0.5 * st->font_size * PANGO_SCALE));
        pango_attr_list_unref(b.attrs);
        if (r->para_cache)
            g_hash_table_replace(r->para_cache, key, g_object_ref(lo));
        else
            g_free(key);
    }
    p->layout = lo;
}

/* The lines of p->layout, set at the document's line height. */
static void para_lines(run *r, para *p, const iop_style *st, double width, bool wrap)
{
    PangoLayout *lo = p->layout;
    if (wrap && width > 0 && st->align == IOP_ALIGN_JUSTIFY)
        justify_fit_lines(lo, (int)floor(width * PANGO_SCALE));

    int n = pango_layout_get_line_count(lo);
    p->n_lines = n;
    /* one block for the six arrays (the doubles first, for alignment) */
    size_t m = (size_t)n + 1;
    double *d = iop_xcalloc(m, 5 * sizeof(double) + sizeof *p->lines);
    p->line_top = d;
    p->baseline = d + m;
    p->pitch = d + 2 * m;
    p->line_x = d + 3 * m;
    p->line_w = d + 4 * m;
    p->lines = (PangoLayoutLine **)(void *)(d + 5 * m);
    /* a right-aligned line that layout_on_one_line set without a width:
     * where pango would put it in the paragraph's width */
    bool right =
        wrap && width > 0 && st->align == IOP_ALIGN_RIGHT && pango_layout_get_width(lo) < 0;
    int pwidth = right ? (int)floor(width * PANGO_SCALE) : 0;
    PangoLayoutIter *it = pango_layout_get_iter(lo);
    double y = 0;
    double want = st->font_size * st->line_height * r->lead_factor;
    for (int i = 0; i < n; i++) {
        PangoRectangle logical;
        p->lines[i] = pango_layout_iter_get_line_readonly(it);
        pango_layout_iter_get_line_extents(it, NULL, &logical);
        double base = pango_layout_iter_get_baseline(it) / (double)PANGO_SCALE;
        double ltop = logical.y / (double)PANGO_SCALE;
        double natural = logical.height / (double)PANGO_SCALE;
        double ascent = base - ltop;
        double pitch = natural > want ? natural : want;
        p->line_top[i] = y;
        p->baseline[i] = y + (pitch - natural) / 2 + ascent;
        p->pitch[i] = pitch;
        p->line_x[i] =
            (right ? logical.x + pwidth - logical.width : logical.x) / (double)PANGO_SCALE;
        p->line_w[i] = logical.width / (double)PANGO_SCALE;
        /* pango keeps the width it measured before justify_fit_lines */
        if (wrap && width > 0 && st->align == IOP_ALIGN_JUSTIFY && p->line_w[i] > width)
            p->line_w[i] = width;
        if (p->line_w[i] > p->width)
            p->width = p->line_w[i];
        y += pitch;
        if (!pango_layout_iter_next_line(it))
            break;
    }
    pango_layout_iter_free(it);
    p->height = y;
}

bool para_build(run *r, para *p, const iop_node *block, const iop_style *st, double width,
                const char *prefix, bool wrap)
{
    memset(p, 0, sizeof *p);
    para_shape(r, p, block, st, width, prefix, wrap);
    para_lines(r, p, st, width, wrap);
    return true;
}

/* What para_shape made of a block of the document, by the block and what
 * its text depends on: every style property the block's text or its
 * children's styles read, and the page fields.  Compared as bytes (the key
 * is zeroed first); a difference in anything else only costs a miss. */
typedef struct para_memo_key {
    const iop_node *block;
    double width;
    int wrap;
    int field_page, field_pages;
    unsigned set;
    const char *font_family;
    double font_size;
    int font_weight;
    int italic, small_caps, hyphenate, hyphenate_limit_lines, tabular;
    uint32_t color;
    double line_height;
    double text_indent;
    int align;
    int list_style;
    double lead_factor;
} para_memo_key;

/* The paragraph as para_build_block made it (it owns the text, links,
 * layout and line arrays that the paragraphs handed out borrow). */
typedef struct para_memo {
    para p;
} para_memo;

static guint memo_hash(gconstpointer k)
{
    /* the block, its width and the page fields tell most keys apart (the
     * rest differ only when a block is set in two styles); hashing the
     * whole key cost 1.7 M instructions a report */
    const para_memo_key *m = k;
    uint64_t h = iop_digest_bytes(IOP_DIGEST_SEED, &m->block, sizeof m->block);
    h = iop_digest_bytes(h, &m->width, sizeof m->width);
    int small[4] = {m->wrap, m->field_page, m->field_pages, m->align};
    return (guint)iop_digest_bytes(h, small, sizeof small);
}

static gboolean memo_equal(gconstpointer a, gconstpointer b)
{
    return memcmp(a, b, sizeof(para_memo_key)) == 0;
}

static void memo_free(gpointer v)
{
    para_memo *m = v;
    para_free(&m->p);
    free(m);
}

void para_memo_free(run *r)
{
    if (r->para_memo)
        g_hash_table_destroy(r->para_memo);
    r->para_memo = NULL;
}

/* Whether the text of n shows the page number or count (field_value). */
static bool shows_page_fields(const iop_node *n)
{
    if (n->kind == IOP_NODE_FIELD && n->text &&
        (strcmp(n->text, "page") == 0 || strcmp(n->text, "pages") == 0))
        return true;
    for (size_t i = 0; i < n->n_children; i++)
        if (shows_page_fields(n->children[i]))
            return true;
    return false;
}

bool para_build_block(run *r, para *p, const iop_node *block, const iop_style *st, double width,
                      bool wrap)
{
    /* A document with a table of contents is flowed two or three times,
     * and every pass made each paragraph's text, attributes and cache key
     * again before finding its layout in the cache. */
    memset(p, 0, sizeof *p);
    para_memo_key k;
    memset(&k, 0, sizeof k);
    k.block = block;
    k.width = width;
    k.wrap = wrap;
    /* a running header's part without a page number is the same on every
     * page: set once, not once a page */
    if ((r->field_page || r->field_pages) && block && shows_page_fields(block)) {
        k.field_page = r->field_page;
        k.field_pages = r->field_pages;
    }
    k.set = st->set;
    k.font_family = st->font_family;
    k.font_size = st->font_size;
    k.font_weight = st->font_weight;
    k.italic = st->italic;
    k.small_caps = st->small_caps;
    k.hyphenate = st->hyphenate;
    k.hyphenate_limit_lines = st->hyphenate_limit_lines;
    k.tabular = st->tabular;
    k.color = st->color;
    k.line_height = st->line_height;
    k.text_indent = st->text_indent;
    k.align = (int)st->align;
    k.list_style = (int)st->list_style;
    k.lead_factor = r->lead_factor;
    if (!r->para_memo)
        r->para_memo = g_hash_table_new_full(memo_hash, memo_equal, free, memo_free);
    para_memo *m = g_hash_table_lookup(r->para_memo, &k);
    if (!m) {
        m = iop_xcalloc(1, sizeof *m);
        para_shape(r, &m->p, block, st, width, NULL, wrap);
        para_lines(r, &m->p, st, width, wrap);
        para_memo_key *kc = iop_xcalloc(1, sizeof *kc);
        memcpy(kc, &k, sizeof k);
        g_hash_table_insert(r->para_memo, kc, m);
    }
    /* the memo outlives every paragraph of the run: its text, links and
     * lines are lent (the lines were measured again in every pass, and
     * the text copied: 1 % of a report with a table of contents) */
    *p = m->p;
    p->borrowed = true;
    g_object_ref(p->layout);
    return true;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* A 64-bit hash of a key, eight bytes a step: FNV-1a byte by byte over
 * every paragraph's text cost 2.5 M instructions a report, and this only
 * decides which layouts are kept (a kept one is compared whole). */
static uint64_t key_hash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
        h ^= h >> 32;
    }
    uint64_t w = 0;
    memcpy(&w, s + i, n - i);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 29);
}

void para_share_layouts(iop_layout *lay, GHashTable *doc_cache)
{
    /* A layout is kept when the document before this one made the same
     * key (a digest only decides what is kept: a document uses a kept
     * layout after comparing the whole key and the attributes) or when it
     * was kept before and this document used it. Everything else, what
     * only this document says, goes with the document, so that a batch
     * does not hold more than the text its reports share. */
    GHashTable *next = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
    size_t n = 0;
    uint64_t *seen = iop_xcalloc(g_hash_table_size(doc_cache) + 1, sizeof *seen);
    GHashTableIter it;
    gpointer key, value;
    g_hash_table_iter_init(&it, doc_cache);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        uint64_t h = key_hash(key, strlen(key));
        seen[n++] = h;
        bool again = lay->shared && g_hash_table_lookup(lay->shared, key) == value;
        if (!again && lay->n_seen)
            again = bsearch(&h, lay->seen, lay->n_seen, sizeof h, cmp_u64) != NULL;
        if (again)
            g_hash_table_replace(next, g_strdup(key), g_object_ref(value));
    }
    qsort(seen, n, sizeof *seen, cmp_u64);
    if (lay->shared)
        g_hash_table_destroy(lay->shared);
    lay->shared = next;
    free(lay->seen);
    lay->seen = seen;
    lay->n_seen = n;
}

void para_free(para *p)
{
    if (p->layout)
        g_object_unref(p->layout);
    if (!p->borrowed) {
        free(p->text);
        for (size_t i = 0; i < p->n_links; i++)
            free(p->links[i].href);
        free(p->links);
        free(p->line_top); /* the line arrays are one block (para_lines) */
    }
    memset(p, 0, sizeof *p);
}

/* The characters of a line, with a visible hyphen when it breaks at a
 * soft hyphen (for dumps and tests). */
static char *line_text(const para *p, const PangoLayoutLine *line, bool last)
{
    int s = line->start_index, len = line->length;
    char *t = iop_xstrndup(p->text + s, (size_t)len);
    size_t n = strlen(t);
    /* drop a trailing line separator */
    if (n >= 3 && memcmp(t + n - 3, "\xE2\x80\xA8", 3) == 0)
        t[n -= 3] = 0;
    if (!last && n >= 2 && memcmp(t + n - 2, "\xC2\xAD", 2) == 0) {
        t[n - 2] = '-';
        t[n - 1] = 0;
    }
    return t;
}

/* A TEXT box of line `i` showing bytes [s, e) of the paragraph (the
 * whole line when e <= 0). */
static iop_box line_box(const para *p, int i, PangoLayoutLine *line, double x, double top,
                        uint32_t color, int s, int e)
{
    iop_box b = box_make(IOP_BOX_TEXT, x + p->line_x[i], top + (p->baseline[i] - p->line_top[i]),
                         p->line_w[i], p->pitch[i], color);
    if (e > 0) {
        b.seg_start = s;
        b.seg_end = e;
        b.text = iop_xstrndup(p->text + s, (size_t)(e - s));
    } else {
        b.text = line_text(p, line, i == p->n_lines - 1);
    }
    b.line = text_line_new(p->layout, line);
    return b;
}

static void tag_box(run *r, iop_box *b, int sid)
{
    const iop_struct_elem *e = run_elem_at(r, sid);
    b->struct_id = e ? sid : 0;
    b->tag = e ? e->type : NULL;
}

/* The clickable area of bytes [s, e) of a line: one rectangle around
 * every piece of it (a link in mixed-direction text may come in parts). */
static bool link_rect(PangoLayoutLine *line, int s, int e, double x, double top, double h,
                      iop_box *l)
{
    int *ranges = NULL, nr = 0;
    pango_layout_line_get_x_ranges(line, s, e, &ranges, &nr);
    double x0 = 0, x1 = 0;
    for (int j = 0; j < nr; j++) {
        double a = ranges[2 * j] / (double)PANGO_SCALE, b = ranges[2 * j + 1] / (double)PANGO_SCALE;
        if (j == 0 || a < x0)
            x0 = a;
        if (j == 0 || b > x1)
            x1 = b;
    }
    g_free(ranges);
    *l = box_make(IOP_BOX_LINK, x + x0, top, x1 - x0, h, 0);
    return nr > 0 && x1 > x0;
}

void para_emit_line(run *r, para *p, int i, unit *u, double x, double top, uint32_t color,
                    int sid)
{
    PangoLayoutLine *line = i >= 0 && i < p->n_lines ? p->lines[i] : NULL;
    if (!line)
        return;
    if (p->n_links == 0 || sid == 0) {
        iop_box b = line_box(p, i, line, x, top, color, 0, 0);
        tag_box(r, &b, sid);
        unit_add_box(u, &b);
        return;
    }
    /* The line in pieces, in logical order: text between links goes into
     * one Span until a link interrupts it, each link piece into a Link. */
    int ls = line->start_index, le = line->start_index + line->length;
    int at = ls;
    while (at < le) {
        size_t k = 0;
        int next = le;
        bool in_link = false;
        for (k = 0; k < p->n_links; k++) {
            if (p->links[k].start <= at && at < p->links[k].end) {
                in_link = true;
                next = p->links[k].end < le ? p->links[k].end : le;
                break;
            }
        }
        if (!in_link)
            for (size_t j = 0; j < p->n_links; j++)
                if (p->links[j].start > at && p->links[j].start < next)
                    next = p->links[j].start;
        int saved = r->elem_parent;
        r->elem_parent = sid;
        if (in_link) {
            iop_box l;
            const char *href = p->links[k].href;
            int link = run_elem(r, "Link");
            /* the whole link's words, also on the line where it only
             * begins or ends; an address outside the document after them,
             * a place inside it not (its id means nothing to a reader) */
            char *words = iop_xstrndup(p->text + p->links[k].start,
                                       (size_t)(p->links[k].end - p->links[k].start));
            iop_struct_elem *e = run_elem_at(r, link);
            e->alt = href[0] == '#' ? iop_xstrdup(g_strstrip(words))
                                    : iop_xasprintf("%s (%s)", g_strstrip(words), href);
            free(words);
            if (link_rect(line, at, next, x, top, p->pitch[i], &l)) {
                if (href[0] == '#')
                    l.dest = iop_xstrdup(href + 1);
                else
                    l.uri = iop_xstrdup(href);
                tag_box(r, &l, link);
                unit_add_box(u, &l);
            }
            iop_box b = line_box(p, i, line, x, top, color, at, next);
            tag_box(r, &b, link);
            unit_add_box(u, &b);
            p->span = 0;
        } else {
            if (!p->span || p->span_parent != sid) {
                p->span = run_elem(r, "Span");
                p->span_parent = sid;
            }
            iop_box b = line_box(p, i, line, x, top, color, at, next);
            tag_box(r, &b, p->span);
            unit_add_box(u, &b);
        }
        r->elem_parent = saved;
        at = next;
    }
}

static void plain(const iop_node *n, iop_strbuf *sb, int depth)
{
    for (size_t i = 0; i < n->n_children; i++) {
        const iop_node *c = n->children[i];
        if (c->kind == IOP_NODE_TEXT)
            iop_strbuf_puts(sb, c->text);
        else if (c->kind == IOP_NODE_BR)
            iop_strbuf_putc(sb, ' ');
        else if (c->kind == IOP_NODE_Q) {
            const char *m = depth % 2 ? "\xE2\x80\x99" : "\xE2\x80\x9D";
            iop_strbuf_puts(sb, m);
            plain(c, sb, depth + 1);
            iop_strbuf_puts(sb, m);
        } else if (c->kind != IOP_NODE_FIELD)
            plain(c, sb, depth);
    }
}

char *inline_plain_text(const iop_document *doc, const iop_node *n)
{
    (void)doc;
    iop_strbuf sb = IOP_STRBUF_INIT;
    plain(n, &sb, 0);
    return iop_strbuf_detach(&sb);
}

PangoLayout *simple_layout(run *r, const char *text, const iop_style *st, double width,
                           PangoAlignment align)
{
    PangoLayout *lo = pango_layout_new(r->lay->context);
    pango_layout_set_font_description(lo, style_font(r, st, 0));
    if (st->tabular) {
        PangoAttrList *al = pango_attr_list_new();
        pango_attr_list_insert(al, pango_attr_font_features_new("tnum 1, lnum 1"));
        pango_layout_set_attributes(lo, al);
        pango_attr_list_unref(al);
    }
    pango_layout_set_text(lo, text, -1);
    if (width > 0)
        pango_layout_set_width(lo, (int)(width * PANGO_SCALE));
    pango_layout_set_alignment(lo, align);
    return lo;
}

PangoLayout *shared_layout(run *r, const char *text, const iop_style *st, double width,
                           PangoAlignment align)
{
    /* a table measures the same words and figures in every pass, a list
     * has the same marker on every item, a chart sets its labels again in
     * every pass: each is shaped once, and shared like paragraphs
     * (para_share_layouts) */
    const PangoFontDescription *fd = style_font(r, st, 0);
    int pwidth = width > 0 ? (int)(width * PANGO_SCALE) : -1;
    char head[128], *h = head + 7;
    memcpy(head, "simple ", 7);
    const long nums[] = {st->tabular ? 1 : 0, pwidth, (int)align};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++)
        h = put_int(h, nums[i]);
    h = put_font_numbers(h, fd);
    char *key = cache_key(head, (int)(h - head), pango_font_description_get_family(fd), text);
    PangoLayout *lo = g_hash_table_lookup(r->para_cache, key);
    if (!lo && r->lay->shared && (lo = g_hash_table_lookup(r->lay->shared, key)))
        g_hash_table_insert(r->para_cache, g_strdup(key), g_object_ref(lo));
    if (!lo) {
        lo = simple_layout(r, text, st, width, align);
        if (width > 0) {
            pango_layout_set_wrap(lo, PANGO_WRAP_WORD_CHAR);
            PangoAttrList *al = pango_layout_get_attributes(lo);
            al = al ? pango_attr_list_copy(al) : pango_attr_list_new();
            guard_breaks(al, text, width, pango_font_description_get_size(fd) / (double)PANGO_SCALE);
            pango_layout_set_attributes(lo, al);
            pango_attr_list_unref(al);
        }
        /* the cache takes the reference simple_layout made */
        g_hash_table_insert(r->para_cache, g_strdup(key), lo);
    }
    g_free(key);
    return g_object_ref(lo);
}

PangoLayout *shared_layout_fit(run *r, const char *text, const iop_style *st, double width,
                               PangoLayout *unwrapped)
{
    /* as layout_on_one_line decides: every item fits, so the wrapping
     * layout would make this one line, shaped alike, at the same place
     * (left alignment, left-to-right); a wrapping layout shapes twice */
    int pwidth = (int)(width * PANGO_SCALE);
    PangoLayoutLine *line =
        width > 0 && one_paragraph_line(text) && pango_layout_get_line_count(unwrapped) == 1
            ? pango_layout_get_line_readonly(unwrapped, 0)
            : NULL;
    if (line && line->resolved_dir == PANGO_DIRECTION_LTR) {
        PangoRectangle logical;
        pango_layout_line_get_extents(line, NULL, &logical);
        if (logical.width + (hyphen_at_item_end(unwrapped, line) ? logical.height : 0) <= pwidth)
            return g_object_ref(unwrapped);
    }
    return shared_layout(r, text, st, width, PANGO_ALIGN_LEFT);
}

PangoLayout *word_layout(run *r, const char *text, const iop_style *st)
{
    return shared_layout(r, text, st, 0, PANGO_ALIGN_LEFT);
}
