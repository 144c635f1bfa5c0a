/* Swedish hyphenation: libhyphen's patterns (hyphen-sv, an ISO-8859-1
 * dictionary) mark break points, which become soft hyphens (U+00AD) in
 * the text, so that pango may break there and draws a hyphen when it
 * does. */
#include "layout_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MIN_WORD 6   /* shorter words are never broken */
#define MAX_WORD 120 /* longer ones are left to character breaking */

static const char *const dict_paths[] = {
    "/usr/share/hyphen/hyph_sv_SE.dic",
    "/usr/share/hyphen/hyph_sv.dic",
    "/usr/share/myspell/dicts/hyph_sv_SE.dic",
    NULL,
};

#ifdef IOP_HYPHEN_SV_COMPILED
/* The dictionary of the build machine, compiled in (src/tools/hyphen_compile.c). */
extern HyphenDict *const iop_hyphen_sv_compiled;
extern const unsigned long iop_hyphen_sv_compiled_size;
extern const uint64_t iop_hyphen_sv_compiled_digest;

/* Is the file at `path` the one that was compiled in, byte for byte? */
static bool is_compiled_dict(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char buf[16384];
    uint64_t h = IOP_DIGEST_SEED;
    unsigned long size = 0;
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        h = iop_digest_bytes(h, buf, n);
        size += n;
    }
    bool same = !ferror(f) && size == iop_hyphen_sv_compiled_size &&
                h == iop_hyphen_sv_compiled_digest;
    fclose(f);
    return same;
}
#endif

/* The dictionary at `path`: the compiled-in state machine when the file is
 * the one it was made from (parsing the patterns costs a process ~39 M
 * instructions), else what libhyphen makes of the file. */
static HyphenDict *load_dict(iop_layout *lay, const char *path)
{
#ifdef IOP_HYPHEN_SV_COMPILED
    if (is_compiled_dict(path)) {
        lay->hyph_compiled = true;
        return iop_hyphen_sv_compiled;
    }
#endif
    return hnj_hyphen_load(path);
}

static HyphenDict *dict_for(iop_layout *lay, const char *lang)
{
    if (!lang || (g_ascii_strncasecmp(lang, "sv", 2) != 0))
        return NULL;
    if (!lay->hyph_tried) {
        lay->hyph_tried = true;
        const char *env = getenv("IOP_HYPHEN_DICT");
        if (env && *env)
            lay->hyph_sv = load_dict(lay, env);
        for (int i = 0; !lay->hyph_sv && dict_paths[i]; i++)
            lay->hyph_sv = load_dict(lay, dict_paths[i]);
    }
    return lay->hyph_sv;
}

HyphenDict *hyphen_dict_sv(iop_layout *lay)
{
    return dict_for(lay, "sv");
}

/* Break points of one word (n characters, UTF-8 in `w`): marks[i] true
 * means a soft hyphen goes after character i. */
static void hyphenate_word(HyphenDict *d, const gunichar *w, int n, bool *marks)
{
    char latin[MAX_WORD + 1];
    for (int i = 0; i < n; i++) {
        gunichar c = g_unichar_tolower(w[i]);
        if (c > 0xff)
            return; /* not representable in the dictionary's charset */
        latin[i] = (char)c;
    }
    latin[n] = 0;
    char hyph[MAX_WORD + 5];
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    if (hnj_hyphen_hyphenate3(d, latin, n, hyph, NULL, &rep, &pos, &cut, 2, 2, 2, 2) == 0) {
        /* at least three letters after a break: a line never begins
         * with "en" of "Arbetsmarknadsnämnd-en" */
        for (int i = 1; i < n - 3; i++)
            if ((hyph[i] & 1) && !(rep && rep[i]))
                marks[i] = true;
    }
    if (rep) {
        for (int i = 0; i < n; i++)
            free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
}

char *hyphenate_text(iop_layout *lay, const char *text, const char *lang)
{
    HyphenDict *d = dict_for(lay, lang);
    if (!d || !g_utf8_validate(text, -1, NULL))
        return iop_xstrdup(text);
    iop_strbuf out = IOP_STRBUF_INIT;
    gunichar word[MAX_WORD + 1];
    bool marks[MAX_WORD + 1];
    const char *p = text;
    while (*p) {
        gunichar c = g_utf8_get_char(p);
        if (!g_unichar_isalpha(c)) {
            const char *nx = g_utf8_next_char(p);
            iop_strbuf_append(&out, p, (size_t)(nx - p));
            p = nx;
            continue;
        }
        /* a word: letters only; an explicit hyphen or digit ends it */
        const char *start = p;
        int n = 0;
        bool too_long = false;
        while (*p) {
            gunichar k = g_utf8_get_char(p);
            if (!g_unichar_isalpha(k))
                break;
            if (n < MAX_WORD)
                word[n] = k;
            else
                too_long = true;
            n++;
            p = g_utf8_next_char(p);
        }
        /* a word glued to digits or a soft hyphen already placed is left alone */
        bool skip = too_long || n < MIN_WORD || (*p && g_unichar_isdigit(g_utf8_get_char(p))) ||
                    (*p && g_utf8_get_char(p) == 0xAD);
        if (skip) {
            iop_strbuf_append(&out, start, (size_t)(p - start));
            continue;
        }
        memset(marks, 0, sizeof marks);
        hyphenate_word(d, word, n, marks);
        const char *q = start;
        for (int i = 0; i < n; i++) {
            const char *nx = g_utf8_next_char(q);
            iop_strbuf_append(&out, q, (size_t)(nx - q));
            if (marks[i])
                iop_strbuf_puts(&out, "\xC2\xAD");
            q = nx;
        }
    }
    return iop_strbuf_detach(&out);
}

/* ---- breaks a typesetter does not make ---- */

static void no_break_in(PangoAttrList *attrs, size_t start, size_t end)
{
    PangoAttribute *a = pango_attr_allow_breaks_new(FALSE);
    a->start_index = (guint)start;
    a->end_index = (guint)end;
    pango_attr_list_insert(attrs, a);
}

/* A line may break after it (and pango's character wrapping leaves it
 * alone): a hyphen, a dash, a slash. */
static bool ends_part(gunichar c)
{
    return c == '-' || c == '/' || c == 0x2010 || c == 0x2013 || c == 0x2014;
}

/* A spaced dash ("2015 – 31 augusti"): stays at the end of its line. */
static bool spaced_dash(const char *text, const char *p)
{
    gunichar c = g_utf8_get_char(p);
    if (c != 0x2013 && c != 0x2014)
        return false;
    const char *n = g_utf8_next_char(p);
    return p > text && p[-1] == ' ' && (*n == 0 || g_unichar_isspace(g_utf8_get_char(n)));
}

bool break_forbidden_before(const char *text, const char *p)
{
    return *p && spaced_dash(text, p);
}

/* Part [s, e) of a word (between hard hyphens): no break that leaves fewer
 * than two letters or digits of it on a line. */
static void guard_part(PangoAttrList *attrs, const char *text, const char *s, const char *e)
{
    const char *second_end = NULL, *second_last = NULL;
    int n = 0;
    for (const char *q = s; q < e; q = g_utf8_next_char(q))
        if (g_unichar_isalnum(g_utf8_get_char(q)) && ++n == 2)
            second_end = g_utf8_next_char(q);
    if (n < 4) {
        no_break_in(attrs, (size_t)(s - text), (size_t)(e - text));
        return;
    }
    n = 0;
    for (const char *q = e; q > s;) {
        q = g_utf8_prev_char(q);
        if (g_unichar_isalnum(g_utf8_get_char(q)) && ++n == 2) {
            second_last = q;
            break;
        }
    }
    no_break_in(attrs, (size_t)(s - text), (size_t)(second_end - text));
    no_break_in(attrs, (size_t)(second_last - text), (size_t)(e - text));
}

/* A space a line breaks at (not the no-break ones that join a figure's
 * digit groups and its unit); ASCII without glib's tables, which cost a
 * report 1.4 M instructions here. */
static inline bool breaking_space(const char *p)
{
    unsigned char b = (unsigned char)*p;
    if (b < 0x80)
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f'; /* as glib */
    gunichar c = g_utf8_get_char(p);
    return g_unichar_isspace(c) && c != 0xA0 && c != 0x202F && c != 0x2007;
}

/* Whether `text` may have a word (between ASCII spaces, tabs and line
 * ends; other spaces only split words further) of more than `n`
 * characters, counted as lead bytes without decoding. */
static bool has_word_over(const char *text, double n)
{
    long k = 0;
    for (const unsigned char *q = (const unsigned char *)text; *q; q++) {
        unsigned char b = *q;
        if (b <= ' ' && (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f'))
            k = 0;
        else if ((b & 0xC0) != 0x80 && ++k > n)
            return true;
    }
    return false;
}

/* guard_breaks() of a text whose words all fit: the spaced dashes. */
static void guard_dashes(PangoAttrList *attrs, const char *text)
{
    for (const char *p = strstr(text, "\xE2\x80"); p; p = strstr(p + 1, "\xE2\x80"))
        if (p > text && p[-1] == ' ' && spaced_dash(text, p))
            no_break_in(attrs, (size_t)(p - 1 - text), (size_t)(g_utf8_next_char(p) - text));
}

void guard_breaks(PangoAttrList *attrs, const char *text, double width, double em)
{
    /* no glyph of the house fonts is wider than 1.25 em: a word of fewer
     * characters than width / (1.25 em) fits on a line of its own, and
     * pango cuts a word between characters only when it does not */
    double fits = em > 0 ? width / (1.25 * em) : 0;
    if (!has_word_over(text, fits)) {
        guard_dashes(attrs, text);
        return;
    }
    const char *p = text;
    while (*p) {
        if (breaking_space(p)) {
            p = g_utf8_next_char(p);
            continue;
        }
        if ((unsigned char)*p >= 0x80 && spaced_dash(text, p))
            no_break_in(attrs, (size_t)(p - 1 - text), (size_t)(g_utf8_next_char(p) - text));
        const char *w = p;
        long n = 0;
        while (*p) {
            if (breaking_space(p))
                break;
            /* U+00AD is C2 AD */
            n += !((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xAD);
            p = g_utf8_next_char(p);
        }
        if (n <= fits)
            continue;
        const char *s = w;
        for (const char *q = w; q < p;) {
            const char *nx = g_utf8_next_char(q);
            if (ends_part(g_utf8_get_char(q)) || nx == p) {
                guard_part(attrs, text, s, nx);
                s = nx;
            }
            q = nx;
        }
    }
}

static gboolean note_size(PangoAttribute *a, gpointer data)
{
    double *em = data;
    if (a->klass->type == PANGO_ATTR_FONT_DESC) {
        const PangoFontDescription *fd = ((PangoAttrFontDesc *)a)->desc;
        if (pango_font_description_get_set_fields(fd) & PANGO_FONT_MASK_SIZE) {
            double s = pango_font_description_get_size(fd) / (double)PANGO_SCALE;
            if (s > *em)
                *em = s;
        }
    } else if (a->klass->type == PANGO_ATTR_SIZE || a->klass->type == PANGO_ATTR_ABSOLUTE_SIZE) {
        double s = ((PangoAttrSize *)a)->size / (double)PANGO_SCALE;
        if (s > *em)
            *em = s;
    }
    return FALSE; /* only looked at */
}

void guard_breaks_attrs(PangoAttrList *attrs, const char *text, double width, double size)
{
    double em = size;
    PangoAttrList *none = pango_attr_list_filter(attrs, note_size, &em);
    if (none)
        pango_attr_list_unref(none);
    guard_breaks(attrs, text, width, em);
}

char *hyphenate_wide_words(run *r, const char *text, const char *lang, const iop_style *st,
                           double width)
{
    /* no glyph is wider than 1.25 em: shorter words are not measured, and
     * a text whose words are all shorter has none */
    double fits = width / (1.25 * st->font_size);
    if (!has_word_over(text, fits) || !lang || g_ascii_strncasecmp(lang, "sv", 2) != 0 ||
        !g_utf8_validate(text, -1, NULL))
        return NULL; /* (dict_for has a dictionary for Swedish only) */
    iop_strbuf out = IOP_STRBUF_INIT;
    const char *copied = text; /* text before this is in `out` */
    const char *p = text;
    while (*p) {
        if (breaking_space(p)) {
            p = g_utf8_next_char(p);
            continue;
        }
        const char *w = p;
        long n = 0;
        while (*p && !breaking_space(p)) {
            p = g_utf8_next_char(p);
            n++;
        }
        if (n <= fits)
            continue;
        /* most longer words fit too, as their characters' advances say */
        double ub = width_bound(r, st, w, (size_t)(p - w));
        if (ub >= 0 && ub <= width)
            continue;
        char *word = iop_xstrndup(w, (size_t)(p - w));
        PangoLayout *lo = word_layout(r, word, st);
        int pw, ph;
        pango_layout_get_size(lo, &pw, &ph);
        g_object_unref(lo);
        if (pw / (double)PANGO_SCALE > width) {
            /* the dictionary asked for only now: loading it costs a
             * document that has no such word 1 M instructions */
            if (!dict_for(r->lay, lang)) {
                free(word);
                iop_strbuf_free(&out);
                return NULL;
            }
            char *h = hyphenate_text(r->lay, word, lang);
            iop_strbuf_append(&out, copied, (size_t)(w - copied));
            iop_strbuf_puts(&out, h);
            copied = p;
            free(h);
        }
        free(word);
    }
    if (copied == text) {
        iop_strbuf_free(&out);
        return NULL;
    }
    iop_strbuf_puts(&out, copied);
    return iop_strbuf_detach(&out);
}
