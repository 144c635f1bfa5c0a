/* Layout decisions on the engine's own page model (iop_pages), not on
 * PDFs: Swedish hyphenation in narrow columns, headings kept with what
 * follows, widows and orphans, tables breaking between rows with their
 * header repeated and their totals once at the end, keep groups moved
 * whole, nothing below the body area; and regressions of bugs template
 * writers reported (page fields in the letterhead, the heading font, the
 * line of a DOCTYPE).  Documents are built in memory; the sweeps move a
 * block down the page a line at a time so that every break position is
 * tried, and each asserts that the interesting case really happened. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <cairo-pdf.h>
#include <dlfcn.h>
#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "iopreport/layout.h"
#include "layout/layout_internal.h" /* hyphenate_text, and the pango line of a box */

#define SHY "\xC2\xAD"

/* The default page: A4, 25 mm margins. */
#define PAGE_H 841.89
#define MARGIN (25 * 72 / 25.4)
#define BODY_TOP MARGIN
#define BODY_BOTTOM (PAGE_H - MARGIN)
#define CONTENT_W (595.276 - 2 * MARGIN)
#define EPS 0.05

static iop_layout *lay;

static int setup(void **state)
{
    (void)state;
    iop_diag *d = iop_diag_new();
    lay = iop_layout_new(d);
    iop_diag_free(d);
    return lay ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    iop_layout_free(lay);
    return 0;
}

static void dump_diag(const iop_diag *d)
{
    for (size_t i = 0; i < iop_diag_size(d); i++) {
        char *s = iop_diag_format(iop_diag_get(d, i));
        fprintf(stderr, "  diag: %s\n", s);
        free(s);
    }
}

static iop_document *parse(const char *xml, iop_diag *d)
{
    iop_document *doc = iop_document_parse_memory(xml, strlen(xml), "t.xml", d);
    if (!doc)
        dump_diag(d);
    return doc;
}

/* A document: `styles` and `page` are the inside of <styles> and the
 * whole <page> element (either may be ""), `body` the inside of <body>. */
static char *doc_xml(const char *styles, const char *page, const char *body)
{
    return iop_xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<document xmlns=\"urn:iopreport:document:1\" lang=\"sv\">\n"
                         "<meta><title>Test</title><date>1 juli 2020</date></meta>\n"
                         "<styles>%s</styles>\n%s\n<body>%s</body></document>\n",
                         styles, page, body);
}

static iop_pages *lay_out(const char *xml)
{
    iop_diag *d = iop_diag_new();
    iop_document *doc = parse(xml, d);
    assert_non_null(doc);
    iop_pages *pp = iop_layout_document(lay, doc, d);
    if (!pp)
        dump_diag(d);
    assert_non_null(pp);
    iop_document_free(doc);
    iop_diag_free(d);
    return pp;
}

/* The text of a box without soft hyphens (caller frees). */
static char *visible(const char *s)
{
    iop_strbuf sb = IOP_STRBUF_INIT;
    for (const char *p = s ? s : ""; *p; p++) {
        if (p[0] == SHY[0] && p[1] == SHY[1]) {
            p++;
            continue;
        }
        iop_strbuf_putc(&sb, *p);
    }
    return iop_strbuf_detach(&sb);
}

static bool text_has(const iop_box *b, const char *needle)
{
    if (b->kind != IOP_BOX_TEXT)
        return false;
    char *v = visible(b->text);
    bool yes = strstr(v, needle) != NULL;
    free(v);
    return yes;
}

/* The first text box containing `needle`, and its page (0-based). */
static const iop_box *find_text(const iop_pages *pp, const char *needle, size_t *page)
{
    for (size_t p = 0; p < pp->n_pages; p++)
        for (size_t i = 0; i < pp->pages[p].n_boxes; i++)
            if (text_has(&pp->pages[p].boxes[i], needle)) {
                if (page)
                    *page = p;
                return &pp->pages[p].boxes[i];
            }
    return NULL;
}

static size_t count_text(const iop_pages *pp, const char *needle)
{
    size_t n = 0;
    for (size_t p = 0; p < pp->n_pages; p++)
        for (size_t i = 0; i < pp->pages[p].n_boxes; i++)
            n += text_has(&pp->pages[p].boxes[i], needle);
    return n;
}

/* Lines of structure element `sid` on page `p`. */
static int lines_on_page(const iop_pages *pp, size_t p, int sid)
{
    int n = 0;
    for (size_t i = 0; i < pp->pages[p].n_boxes; i++) {
        const iop_box *b = &pp->pages[p].boxes[i];
        n += b->kind == IOP_BOX_TEXT && b->struct_id == sid;
    }
    return n;
}

/* `n` one-line paragraphs: filler that moves what follows down the page. */
static void filler(iop_strbuf *sb, int n)
{
    for (int i = 0; i < n; i++)
        iop_strbuf_printf(sb, "<p>Fyllnadsrad %d.</p>\n", i + 1);
}

static const char long_text[] =
    "Nämnden har under året följt upp partnerskapet genom dialogmöten, "
    "verksamhetsbesök och en skriftlig redovisning från föreningen. Uppföljningen "
    "visar att verksamheten bedrivits i enlighet med avtalet och att målgruppen "
    "nåtts i den omfattning som parterna kom överens om. Föreningen har dessutom "
    "utvecklat nya former för samverkan med skolor och fritidsgårdar i stadsdelen, "
    "vilket nämnden bedömer som särskilt värdefullt inför nästa avtalsperiod.";

/* The start of long_text, at most `n` bytes, cut at a space (caller frees). */
static char *text_start(int n)
{
    size_t len = strlen(long_text);
    if ((size_t)n < len) {
        len = (size_t)n;
        while (len > 0 && long_text[len] != ' ')
            len--;
    }
    return iop_xstrndup(long_text, len);
}

/* ---- line breaking with Swedish hyphenation ----------------------------- */

/* The lines of one structure element in order, checked to lie inside
 * [left, left + width]; returns their number and the word they spell. */
static int column_lines(const iop_pages *pp, int sid, double left, double width, char **joined)
{
    iop_strbuf sb = IOP_STRBUF_INIT;
    int n = 0;
    const iop_page *pg = &pp->pages[0];
    for (size_t i = 0; i < pg->n_boxes; i++) {
        const iop_box *b = &pg->boxes[i];
        if (b->kind != IOP_BOX_TEXT || b->struct_id != sid)
            continue;
        n++;
        assert_true(b->x >= left - EPS);
        if (b->x + b->w > left + width + EPS) {
            fprintf(stderr, "line \"%s\" ends at %.2f, the column at %.2f\n", b->text,
                    b->x + b->w, left + width);
            fail();
        }
        iop_strbuf_puts(&sb, b->text);
        iop_strbuf_putc(&sb, '|');
    }
    *joined = iop_strbuf_detach(&sb);
    return n;
}

/* Check the lines "a-|b-|c|" of `word`: every line but the last ends in
 * a hyphen, and every break is where the dictionary allows one. */
static void check_breaks(const char *lines, const char *word)
{
    char *hyph = hyphenate_text(lay, word, "sv"); /* the dictionary's break points */
    iop_strbuf prefix = IOP_STRBUF_INIT;
    iop_strbuf all = IOP_STRBUF_INIT;
    const char *p = lines;
    int breaks = 0;
    while (*p) {
        const char *bar = strchr(p, '|');
        assert_non_null(bar);
        char *line = iop_xstrndup(p, (size_t)(bar - p));
        char *vis = visible(line);
        size_t n = strlen(vis);
        p = bar + 1;
        if (*p) {
            /* not the last line: broken at a soft hyphen, shown as "-" */
            assert_true(n > 1);
            assert_int_equal(vis[n - 1], '-');
            vis[n - 1] = 0;
            iop_strbuf_puts(&prefix, vis);
            /* the hyphenated word has a soft hyphen right after this prefix */
            char *hv = visible(hyph);
            assert_memory_equal(hv, prefix.data, prefix.len);
            free(hv);
            size_t chars = 0, k = 0;
            for (; hyph[k] && chars < prefix.len; k++)
                if (!(hyph[k] == SHY[0] && hyph[k + 1] == SHY[1]))
                    chars++;
                else
                    k++;
            assert_memory_equal(hyph + k, SHY, 2);
            breaks++;
        }
        iop_strbuf_puts(&all, vis);
        free(vis);
        free(line);
    }
    assert_true(breaks >= 1);
    assert_string_equal(all.data, word); /* nothing lost, nothing added */
    iop_strbuf_free(&prefix);
    iop_strbuf_free(&all);
    free(hyph);
}

/* The dictionary compiled into the binary (issue 18) breaks words exactly
 * where libhyphen, loading the same file, does; a file that differs by a
 * byte is loaded by libhyphen, not taken for the compiled one. */
static void test_hyphenation_compiled_dict(void **state)
{
    (void)state;
    const char *dic = "/usr/share/hyphen/hyph_sv_SE.dic";
    FILE *in = fopen(dic, "rb");
    if (!in)
        skip();
    char path[] = "/tmp/iop-hyph-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *out = fdopen(fd, "wb");
    assert_non_null(out);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    fputs("% the same patterns, another file\n", out);
    assert_int_equal(fclose(out), 0);

    const char *text = "Arbetsmarknadsförvaltningens idéburna offentliga partnerskap: "
                       "föreningslivets ungdomsverksamhet, socialnämndens "
                       "uppföljningsrapport och kvinnojourens stödsamtal – "
                       "barn- och ungdomsförvaltningen, Stadsmissionen's "
                       "språkvänner, sommarlovsaktiviteter 2019–2020, e-post.";
    iop_diag *d = iop_diag_new();
    char *compiled = hyphenate_text(lay, text, "sv"); /* the suite's layout: the default */
#ifdef IOP_HYPHEN_SV_COMPILED
    assert_true(lay->hyph_compiled); /* the build machine's file is this one */
#endif
    setenv("IOP_HYPHEN_DICT", path, 1);
    iop_layout *other = iop_layout_new(d);
    assert_non_null(other);
    char *loaded = hyphenate_text(other, text, "sv");
    unsetenv("IOP_HYPHEN_DICT");
    assert_false(other->hyph_compiled);
    assert_non_null(other->hyph_sv);
    assert_string_equal(compiled, loaded);
    assert_non_null(strstr(compiled, "bets" SHY "mark"));
    free(compiled);
    free(loaded);
    iop_layout_free(other);
    iop_diag_free(d);
    unlink(path);
}

static void test_hyphenation_narrow_column(void **state)
{
    (void)state;
    const char *word = "Arbetsmarknadsförvaltningens";
    const double narrow = 80;
    char *styles = iop_xasprintf("<style match=\"p.narrow\" margin-right=\"%.1fpt\" "
                                 "text-align=\"justify\"/>",
                                 CONTENT_W - narrow);
    char *body = iop_xasprintf("<p class=\"narrow\">%s</p>\n"
                               "<table><col width=\"70pt\"/><col width=\"1*\"/>\n"
                               "<tr><td>Socialförvaltningens</td><td>Text</td></tr></table>",
                               word);
    char *xml = doc_xml(styles, "", body);
    iop_pages *pp = lay_out(xml);

    /* the paragraph: three lines or so, each inside the column */
    const iop_box *first = find_text(pp, "Arbets", NULL);
    assert_non_null(first);
    char *lines = NULL;
    int n = column_lines(pp, first->struct_id, MARGIN, narrow, &lines);
    assert_true(n >= 2);
    check_breaks(lines, word);
    free(lines);
    /* the dictionary is Swedish: it knows the parts of the compound */
    char *hyph = hyphenate_text(lay, word, "sv");
    assert_non_null(strstr(hyph, "bets" SHY "mark"));
    assert_non_null(strstr(hyph, "nads" SHY "för"));
    free(hyph);
    /* never a break that leaves fewer than three letters for the next line */
    static const char *const words[] = {"Fotbollföreningen", "Helpline", "Arbetsmarknadsnämnden"};
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        hyph = hyphenate_text(lay, words[w], "sv");
        const char *last_shy = NULL;
        for (const char *q = strstr(hyph, SHY); q; q = strstr(q + 1, SHY))
            last_shy = q;
        assert_non_null(last_shy); /* the words do break */
        if (strlen(last_shy + 2) < 3) {
            fprintf(stderr, "%s breaks before \"%s\"\n", words[w], last_shy + 2);
            fail();
        }
        free(hyph);
    }
    hyph = hyphenate_text(lay, word, "en");
    assert_string_equal(hyph, word); /* and only for Swedish */
    free(hyph);

    /* the table cell: 70 pt less 3 pt padding each side */
    const iop_box *cell = find_text(pp, "Social", NULL);
    assert_non_null(cell);
    assert_string_equal(cell->tag, "TD");
    n = column_lines(pp, cell->struct_id, MARGIN + 3, 70 - 6, &lines);
    assert_true(n >= 2);
    check_breaks(lines, "Socialförvaltningens");
    free(lines);

    iop_pages_free(pp);
    free(xml);
    free(body);
    free(styles);
}

/* The most lines in a row of "a-|b-|c|" that end in a hyphen (before
 * trailing spaces: "tortyr- |och" counts). */
static int hyphen_ladder(const char *lines)
{
    int most = 0, rungs = 0;
    for (const char *p = lines; *p;) {
        const char *bar = strchr(p, '|');
        assert_non_null(bar);
        const char *e = bar;
        while (e > p && e[-1] == ' ')
            e--;
        bool hyphen = e > p && e[-1] == '-';
        p = bar + 1;
        if (!*p)
            break; /* the last line ends the paragraph, not in a break */
        rungs = hyphen ? rungs + 1 : 0;
        if (rungs > most)
            most = rungs;
    }
    return most;
}

/* The lines of a paragraph of `text` in a column `width` wide, with `limit`
 * as its hyphenate-limit-lines (NULL: the default); *layout (when not
 * NULL) its pango layout, with a reference. */
static char *narrow_layout(const char *text, double width, const char *limit, PangoLayout **layout)
{
    char *attr = limit ? iop_xasprintf(" hyphenate-limit-lines=\"%s\"", limit) : iop_xstrdup("");
    char *styles = iop_xasprintf("<style match=\"p.narrow\" margin-right=\"%.2fpt\" "
                                 "hyphenate=\"true\"%s/>",
                                 CONTENT_W - width, attr);
    char *body = iop_xasprintf("<p class=\"narrow\">%s</p>", text);
    char *xml = doc_xml(styles, "", body);
    iop_pages *pp = lay_out(xml);
    char start[3] = {text[0], text[1], 0};
    const iop_box *first = find_text(pp, start, NULL);
    assert_non_null(first);
    char *lines = NULL;
    column_lines(pp, first->struct_id, MARGIN, width, &lines);
    if (layout)
        *layout = g_object_ref(first->line->layout);
    iop_pages_free(pp);
    free(xml);
    free(body);
    free(styles);
    free(attr);
    return lines;
}

static char *narrow_lines(const char *text, double width, const char *limit)
{
    return narrow_layout(text, width, limit, NULL);
}

/* "lines|of|text" with the breaks' hyphens and spaces gone: what a reader
 * reads (caller frees). */
static char *unbroken(const char *lines)
{
    iop_strbuf sb = IOP_STRBUF_INIT;
    char *v = visible(lines);
    for (const char *p = v; *p; p++) {
        if (*p == '|')
            continue;
        if (*p == '-' && p[1] == '|' && p[2])
            continue; /* a hyphen the break added (the text has no hard ones) */
        iop_strbuf_putc(&sb, *p);
    }
    free(v);
    return iop_strbuf_detach(&sb);
}

/* Swedish practice: no more than two lines in a row end in a hyphen.  A
 * third line's hyphenation gives way (here the second line's, as the third
 * is a piece of a word: "och be-|handlingscen-" becomes "och|behandlings-"),
 * and a ladder made by one word wider than the column stays. */
static void test_hyphenation_ladder(void **state)
{
    (void)state;
    const char *text = "Om socialförvaltningens verksamhetsberättelse och behandlingscentrum";
    char *free_lines = narrow_lines(text, 70, "no-limit");
    if (hyphen_ladder(free_lines) < 3) {
        fprintf(stderr, "no ladder to break: %s\n", free_lines);
        fail();
    }
    char *lines = narrow_lines(text, 70, NULL); /* the default: 2 */
    if (hyphen_ladder(lines) > 2) {
        fprintf(stderr, "three hyphens in a row: %s\n", lines);
        fail();
    }
    char *a = unbroken(free_lines), *b = unbroken(lines);
    assert_string_equal(a, b); /* the same words */
    free(a);
    free(b);
    /* the layout is kept by what was asked for, not by the breaks it was
     * set with: a document after the next one takes it as it is (a layout
     * made for one document is shared from the third that uses it on) */
    PangoLayout *made[3];
    for (int k = 0; k < 3; k++) {
        char *again = narrow_layout(text, 70, NULL, &made[k]);
        assert_string_equal(again, lines);
        free(again);
    }
    assert_ptr_equal(made[1], made[2]);
    for (int k = 0; k < 3; k++)
        g_object_unref(made[k]);
    free(lines);
    /* one rung fewer asked: one rung fewer given */
    lines = narrow_lines(text, 70, "1");
    assert_true(hyphen_ladder(lines) <= 1);
    free(lines);
    free(free_lines);

    /* a hard hyphen at the end of a line is a rung too, inside a word
     * ("IOP-|avtalet") or before a space ("barn- |och") */
    text = "Om IOP-avtalet med barn- och ungdomsförvaltningens verksamhetsberättelse";
    for (double w = 50; w <= 75; w += 25) {
        free_lines = narrow_lines(text, w, "no-limit");
        lines = narrow_lines(text, w, NULL);
        assert_true(hyphen_ladder(free_lines) >= 3);
        if (hyphen_ladder(lines) > 2) {
            fprintf(stderr, "three hyphens in a row at %.0f pt: %s\n", w, lines);
            fail();
        }
        free(lines);
        free(free_lines);
    }

    /* a word wider than the column breaks at every point it has: there is
     * no other choice, and it is set as without a limit rather than
     * running over (column_lines checks every line is inside) */
    text = "Arbetsmarknadsförvaltningens";
    free_lines = narrow_lines(text, 40, "no-limit");
    lines = narrow_lines(text, 40, NULL);
    assert_true(hyphen_ladder(free_lines) >= 3);
    assert_string_equal(lines, free_lines);
    free(lines);
    free(free_lines);
}

/* Without a dictionary language (lang="en") there is nothing to hyphenate
 * with: the word is broken between characters rather than overflowing. */
static void test_unbreakable_word_wraps(void **state)
{
    (void)state;
    iop_strbuf sb = IOP_STRBUF_INIT;
    for (int i = 0; i < 50; i++)
        iop_strbuf_puts(&sb, "abcdefghij");
    char *body = iop_xasprintf("<p lang=\"en\">%s</p>", sb.data);
    char *xml = doc_xml("", "", body);
    iop_pages *pp = lay_out(xml);
    const iop_box *first = find_text(pp, "abcdefghij", NULL);
    assert_non_null(first);
    char *lines = NULL;
    int n = column_lines(pp, first->struct_id, MARGIN, CONTENT_W, &lines);
    assert_true(n >= 2);
    free(lines);
    iop_pages_free(pp);
    free(xml);
    free(body);
    iop_strbuf_free(&sb);
}

/* ---- a word broken between letters leaves two on each line ---------------- */

/* The letters and digits of `s` (UTF-8). */
static int alnums(const char *s)
{
    int n = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p))
        n += g_unichar_isalnum(g_utf8_get_char(p));
    return n;
}

/* Without a dictionary (lang="en") a name wider than its column can only be
 * cut between letters: at every width, no line holds fewer than two
 * letters of it ("Pingstförsamlin-" / "g", "Fotbollförenin-" / "g,"), and
 * nothing is lost. */
static void test_char_break_two_letters(void **state)
{
    (void)state;
    static const char text[] = "Malmö Pingstförsamling, Fotbollförening, Supporterhuset";
    int cut = 0;
    for (double w = 24; w <= 90; w += 1.5) {
        char *styles = iop_xasprintf("<style match=\"p.narrow\" margin-right=\"%.1fpt\"/>",
                                     CONTENT_W - w);
        char *body = iop_xasprintf("<p class=\"narrow\" lang=\"en\">%s</p>", text);
        char *xml = doc_xml(styles, "", body);
        iop_pages *pp = lay_out(xml);
        const iop_page *pg = &pp->pages[0];
        const iop_box *first = NULL; /* the paragraph's first line: "Ma" at the narrowest */
        for (size_t i = 0; i < pg->n_boxes && !first; i++)
            if (pg->boxes[i].kind == IOP_BOX_TEXT && pg->boxes[i].tag &&
                strcmp(pg->boxes[i].tag, "P") == 0)
                first = &pg->boxes[i];
        assert_non_null(first);
        iop_strbuf all = IOP_STRBUF_INIT;
        for (size_t i = 0; i < pg->n_boxes; i++) {
            const iop_box *b = &pg->boxes[i];
            if (b->kind != IOP_BOX_TEXT || b->struct_id != first->struct_id)
                continue;
            char *v = visible(b->text);
            if (alnums(v) < 2) {
                fprintf(stderr, "width %.1f: a line \"%s\"\n", w, v);
                fail();
            }
            /* a line that ends inside a word: a cut between letters */
            size_t n = strlen(v);
            cut += n > 0 && v[n - 1] != ' ' && i + 1 < pg->n_boxes;
            iop_strbuf_puts(&all, v);
            free(v);
        }
        assert_string_equal(all.data, text);
        iop_strbuf_free(&all);
        iop_pages_free(pp);
        free(xml);
        free(body);
        free(styles);
    }
    assert_true(cut > 0); /* words were cut */
}

/* The text box that holds `needle`. */
static const iop_box *box_with(const iop_pages *pp, const char *needle)
{
    return find_text(pp, needle, NULL);
}

/* A proportional column that its share would make narrower than its
 * longest word ("Pingstförsamling", a name not hyphenated) is made as wide
 * as the word, from the room of the other proportional column: the name is
 * on one line, whole (it was "Pingstförsamlin-" / "g"). */
static void test_column_as_wide_as_word(void **state)
{
    (void)state;
    const char *styles = "<style match=\"td.party\" hyphenate=\"false\"/>";
    char *body = iop_xasprintf(
        "<table><col width=\"3*\"/><col width=\"1*\"/><col width=\"60mm\"/>"
        "<tr><td>%s</td><td class=\"party\">Skånes Stadsmission, Malmö Pingstförsamling</td>"
        "<td>Text</td></tr></table>",
        long_text);
    char *xml = doc_xml(styles, "", body);
    iop_pages *pp = lay_out(xml);
    const iop_box *name = box_with(pp, "Pingstförsamling");
    assert_non_null(name);
    char *v = visible(name->text);
    assert_non_null(strstr(v, "Pingstförsamling")); /* one line, whole */
    free(v);
    /* and inside its column: the next column's text starts right of it */
    const iop_box *next = box_with(pp, "Text");
    assert_non_null(next);
    assert_true(name->x + name->w <= next->x - 3 + EPS);
    iop_pages_free(pp);
    free(xml);
    free(body);
}

/* Ten columns that cannot all be as wide as their word: the name breaks at
 * the dictionary's points though its cells are not hyphenated
 * ("Pingst-församling"), never between any two letters. */
static void test_narrow_name_breaks_at_dictionary(void **state)
{
    (void)state;
    const char *styles = "<style match=\"td\" hyphenate=\"false\"/>";
    iop_strbuf sb = IOP_STRBUF_INIT;
    iop_strbuf_puts(&sb, "<table>");
    for (int c = 0; c < 10; c++)
        iop_strbuf_puts(&sb, "<col width=\"45pt\"/>");
    iop_strbuf_puts(&sb, "<tr>");
    for (int c = 0; c < 10; c++)
        iop_strbuf_printf(&sb, "<td>%s</td>", c == 0 ? "Pingstförsamling" : "Kvinnoföreningen");
    iop_strbuf_puts(&sb, "</tr></table>");
    char *xml = doc_xml(styles, "", sb.data);
    iop_pages *pp = lay_out(xml);
    const iop_box *cell = find_text(pp, "Pingst", NULL);
    assert_non_null(cell);
    char *lines = NULL;
    int n = column_lines(pp, cell->struct_id, cell->x, 45, &lines);
    assert_true(n >= 2);
    check_breaks(lines, "Pingstförsamling");
    free(lines);
    iop_pages_free(pp);
    free(xml);
    iop_strbuf_free(&sb);
}

/* ---- width bounds that spare shaping ------------------------------------ */

/* width_bound(), which lets the wide-word check and the table's column
 * measure skip shaping, is never below the width pango gives the text set
 * alone, in the house fonts' styles (bold, italic, tabular figures, three
 * sizes); a character it has no advance for (another script, one the font
 * lacks) makes it answer -1, never a guess. */
static void test_width_bound_holds(void **state)
{
    (void)state;
    static const char *const families[] = {"Liberation Serif", "Liberation Sans", "Noto Sans",
                                           "Noto Serif"};
    static const char *const texts[] = {
        "Pingstförsamling", "WWWMMMŒÆ", "1\u00a0234\u00a0567\u00a0kr", "\u221290\u00a0542 kr",
        "11111111",         "0,5 %",    "”Œuvre” – ‰ € … ‘a’",         "Idrottsföreningen Framåt",
        "Ååå Ööö Äää"};
    iop_diag *d = iop_diag_new();
    run r;
    memset(&r, 0, sizeof r);
    r.lay = lay;
    r.diag = d;
    r.para_cache = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
    int checked = 0;
    for (size_t f = 0; f < sizeof families / sizeof families[0]; f++)
        for (int v = 0; v < 8; v++)
            for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
                iop_style st;
                memset(&st, 0, sizeof st);
                st.font_family = families[f];
                st.font_size = v < 4 ? 9 : v < 6 ? 7 : 12;
                st.font_weight = v & 1 ? 700 : 400;
                st.italic = v & 2;
                st.tabular = v >= 4;
                double ub = width_bound(&r, &st, texts[t], strlen(texts[t]));
                if (ub < 0)
                    continue; /* a character the font lacks (Noto Sans: U+2212) */
                PangoLayout *lo = word_layout(&r, texts[t], &st);
                int pw, ph;
                pango_layout_get_size(lo, &pw, &ph);
                g_object_unref(lo);
                if (pw / (double)PANGO_SCALE > ub) {
                    fprintf(stderr, "%s %d \"%s\": %.3f > bound %.3f\n", families[f], v, texts[t],
                            pw / (double)PANGO_SCALE, ub);
                    fail();
                }
                checked++;
            }
    iop_style st;
    memset(&st, 0, sizeof st);
    st.font_family = "Noto Sans";
    st.font_size = 9;
    st.font_weight = 400;
    const char *basic = "Pingstförsamling 1\u00a0234 kr";
    assert_true(width_bound(&r, &st, basic, strlen(basic)) > 0);
    assert_true(width_bound(&r, &st, "\u4e2d", 3) < 0); /* another script */
    assert_true(width_bound(&r, &st, "a\u2028b", 5) < 0); /* a line separator */
    st.small_caps = true;
    assert_true(width_bound(&r, &st, "Kvinnor", 7) < 0); /* other glyphs */
    assert_true(checked > 200);
    g_hash_table_destroy(r.para_cache);
    run_fonts_free(&r);
    iop_diag_free(d);
}

/* ---- headings kept with what follows ---------------------------------- */

/* The lowest body box (tagged text) of a page. */
static const iop_box *last_on_page(const iop_page *pg)
{
    const iop_box *last = NULL;
    for (size_t i = 0; i < pg->n_boxes; i++) {
        const iop_box *b = &pg->boxes[i];
        if (b->kind == IOP_BOX_TEXT && b->tag && (!last || b->y > last->y))
            last = b;
    }
    return last;
}

static void test_heading_kept_with_next(void **state)
{
    (void)state;
    int moved = 0;
    for (int k = 26; k <= 40; k++) {
        iop_strbuf sb = IOP_STRBUF_INIT;
        filler(&sb, k);
        iop_strbuf_printf(&sb, "<h2>Rubrik som hör till texten</h2>\n<p>%s</p>\n"
                               "<h3>En underrubrik</h3><h4>Och en till</h4><p>%s</p>\n",
                          long_text, long_text);
        char *xml = doc_xml("", "", sb.data);
        iop_pages *pp = lay_out(xml);
        assert_true(pp->n_pages >= 2);
        for (size_t p = 0; p + 1 < pp->n_pages; p++) {
            const iop_box *last = last_on_page(&pp->pages[p]);
            assert_non_null(last);
            if (last->tag[0] == 'H') {
                fprintf(stderr, "k=%d: page %zu ends with heading \"%s\"\n", k, p + 1,
                        last->text);
                fail();
            }
        }
        /* the heading and the first line after it share a page */
        size_t hp = 0, tp = 0;
        assert_non_null(find_text(pp, "Rubrik som hör", &hp));
        assert_non_null(find_text(pp, "Nämnden har", &tp));
        assert_int_equal(hp, tp);
        /* the heading would have fitted on page 1 but went with its text */
        const iop_box *h = find_text(pp, "Rubrik som hör", NULL);
        if (hp == 1 && BODY_BOTTOM - last_on_page(&pp->pages[0])->y > h->h * 1.5)
            moved++;
        iop_pages_free(pp);
        free(xml);
        iop_strbuf_free(&sb);
    }
    assert_true(moved > 0); /* the sweep did test the rule */
}

/* ---- widows and orphans -------------------------------------------------- */

static void test_widows_orphans(void **state)
{
    (void)state;
    int split = 0, whole3 = 0;
    for (int k = 26; k <= 40; k++) {
        iop_strbuf sb = IOP_STRBUF_INIT;
        filler(&sb, k);
        /* a long paragraph (about 7 lines), then a three-line one */
        char *three = text_start(230);
        iop_strbuf_printf(&sb, "<p>Lång. %s</p>\n<p>Tre rader. %s</p>\n", long_text, three);
        free(three);
        filler(&sb, 10);
        char *xml = doc_xml("", "", sb.data);
        iop_pages *pp = lay_out(xml);
        static const char *const marks[] = {"Lång.", "Tre rader."};
        for (int m = 0; m < 2; m++) {
            const iop_box *b = find_text(pp, marks[m], NULL);
            assert_non_null(b);
            int pages_used = 0, total = 0;
            for (size_t p = 0; p < pp->n_pages; p++) {
                int n = lines_on_page(pp, p, b->struct_id);
                total += n;
                if (n == 0)
                    continue;
                pages_used++;
                if (n < 2) {
                    fprintf(stderr, "k=%d: \"%s\" leaves %d line on page %zu\n", k, marks[m],
                            n, p + 1);
                    fail();
                }
            }
            if (total < 3)
                fprintf(stderr, "k=%d: \"%s\" has %d lines\n", k, marks[m], total);
            assert_true(total >= 3);
            if (pages_used > 1 && m == 0)
                split++;
            if (m == 1) {
                assert_int_equal(total, 3);
                assert_int_equal(pages_used, 1); /* 3 lines cannot be split 2 + 2 */
                size_t p1 = 0;
                find_text(pp, marks[1], &p1);
                whole3 += p1 == 1 && lines_on_page(pp, 0, b->struct_id) == 0;
            }
        }
        iop_pages_free(pp);
        free(xml);
        iop_strbuf_free(&sb);
    }
    assert_true(split > 0);  /* the long paragraph did break across pages */
    assert_true(whole3 > 0); /* and the short one did move */
}

/* ---- tables --------------------------------------------------------------- */

static void test_table_breaks(void **state)
{
    (void)state;
    const int rows = 150;
    iop_strbuf sb = IOP_STRBUF_INIT;
    iop_strbuf_puts(&sb, "<p>Före tabellen.</p>\n<table><col width=\"60pt\"/><col width=\"2*\"/>"
                         "<col width=\"80pt\"/>\n<thead><tr><th>Nummer</th><th>Beskrivning</th>"
                         "<th>Belopp</th></tr></thead>\n<tbody>\n");
    for (int i = 1; i <= rows; i++) {
        /* rows of one, two and four lines */
        int words = i % 3 == 0 ? 40 : i % 3 == 1 ? 3 : 16;
        iop_strbuf_printf(&sb, "<tr><td>R%03d</td><td>", i);
        for (int w = 0; w < words; w++)
            iop_strbuf_puts(&sb, "verksamhet ");
        iop_strbuf_puts(&sb, "</td><td class=\"num\">1&#160;000</td></tr>\n");
    }
    iop_strbuf_puts(&sb, "</tbody>\n<tfoot><tr><td>Summa</td><td>Totalt</td>"
                         "<td class=\"num\">150&#160;000</td></tr></tfoot></table>\n"
                         "<p>Efter tabellen.</p>\n");
    char *xml = doc_xml("", "", sb.data);
    iop_pages *pp = lay_out(xml);
    assert_true(pp->n_pages >= 4);

    size_t last_row_page = 0, sum_page = 0;
    assert_non_null(find_text(pp, "R150", &last_row_page));
    const iop_box *sum = find_text(pp, "Summa", &sum_page);
    assert_non_null(sum);
    assert_int_equal(count_text(pp, "Summa"), 1); /* the totals once */
    assert_int_equal(sum_page, last_row_page);    /* after the last row */

    int n_tagged_head = 0, n_artifact_head = 0, table_pages = 0;
    for (size_t p = 0; p < pp->n_pages; p++) {
        const iop_page *pg = &pp->pages[p];
        double min_td = 1e9, max_row = -1;
        int n_td = 0, n_head = 0;
        double head_y = 0;
        for (size_t i = 0; i < pg->n_boxes; i++) {
            const iop_box *b = &pg->boxes[i];
            if (b->kind != IOP_BOX_TEXT)
                continue;
            /* repeated on a continuation page, the header is an artifact
             * (no tag): a screen reader reads it once, where it is TH */
            if (!b->tag && text_has(b, "Nummer")) {
                n_head++;
                n_artifact_head++;
                head_y = b->y;
                continue;
            }
            if (!b->tag)
                continue;
            if (strcmp(b->tag, "TD") == 0) {
                n_td++;
                if (b->y < min_td)
                    min_td = b->y;
                if (text_has(b, "R") && b->text[0] == 'R' && b->y > max_row)
                    max_row = b->y;
            } else if (strcmp(b->tag, "TH") == 0 && text_has(b, "Nummer")) {
                n_head++;
                n_tagged_head++;
                head_y = b->y;
            }
        }
        if (n_td == 0)
            continue;
        table_pages++;
        /* the header row once on every page of the table, above its rows */
        assert_int_equal(n_head, 1);
        assert_true(head_y < min_td);
        if (p == sum_page)
            assert_true(sum->y > max_row);
    }

    assert_int_equal(n_tagged_head, 1);
    assert_int_equal(n_artifact_head, table_pages - 1);

    /* rows never split: every cell's lines, and the cells of a row, on one page */
    char id[8];
    for (int i = 1; i <= rows; i++) {
        snprintf(id, sizeof id, "R%03d", i);
        size_t p = 0;
        const iop_box *c = find_text(pp, id, &p);
        assert_non_null(c);
        int want = i % 3 == 0 ? 4 : 1; /* at least */
        int n = lines_on_page(pp, p, c->struct_id + 1);
        assert_true(n >= want);
        for (size_t q = 0; q < pp->n_pages; q++)
            if (q != p) {
                assert_int_equal(lines_on_page(pp, q, c->struct_id + 1), 0);
                assert_int_equal(lines_on_page(pp, q, c->struct_id + 2), 0);
            }
        assert_int_equal(lines_on_page(pp, p, c->struct_id + 2), 1);
    }
    iop_pages_free(pp);
    free(xml);
    iop_strbuf_free(&sb);
}

/* A row taller than a page (an agreement with many parties, one a line)
 * is cut between lines: every line once, in order, inside the body area,
 * the header row repeated above each slice; the heading and header row
 * before it are not left alone on a page, and after other rows it begins
 * on their page rather than leave it half empty; each page's slice is a TR of
 * its own with the same cells (an empty cell marked), never one element
 * on two pages; the rule under the row only below its last slice. */
static void tall_row(int before, bool letterhead)
{
    const int parts = 150;
    iop_strbuf sb = IOP_STRBUF_INIT;
    filler(&sb, 20);
    iop_strbuf_puts(&sb, "<h2>Parter</h2>\n<table><col width=\"2*\"/><col width=\"80pt\"/>"
                         "<col width=\"40pt\"/>\n<thead><tr><th>Part</th><th>Belopp</th>"
                         "<th>Not</th></tr></thead>\n<tbody>\n");
    for (int i = 1; i <= before; i++)
        iop_strbuf_printf(&sb, "<tr><td>Före-%d</td><td>1</td><td>x</td></tr>\n", i);
    iop_strbuf_puts(&sb, "<tr><td>");
    for (int i = 1; i <= parts; i++)
        iop_strbuf_printf(&sb, "%sPart-%03d", i > 1 ? "<br/>" : "", i);
    iop_strbuf_puts(&sb, "</td><td class=\"num\">2&#160;kr</td><td/></tr>\n"
                         "<tr><td>Efter</td><td class=\"num\">3&#160;kr</td><td>y</td></tr>\n"
                         "</tbody></table>\n<p>Efter tabellen.</p>\n");
    /* a letterhead makes page 1's body shorter by a height known only
     * when the pages are made */
    const char *page = letterhead ? "<page><first-page header=\"letterhead\"><letterhead><left>"
                                    "<p>Kommunstyrelsen</p><p>Rad två</p><p>Rad tre</p>"
                                    "<p>Rad fyra</p><p>Rad fem</p><p>Rad sex</p></left>"
                                    "</letterhead></first-page></page>"
                                  : "";
    char *xml = doc_xml("", page, sb.data);
    iop_pages *pp = lay_out(xml);

    size_t head_page = 0, first_page = 0, last_page = 0, after_page = 0;
    assert_non_null(find_text(pp, "Parter", &head_page));
    assert_non_null(find_text(pp, "Part-001", &first_page));
    char id[16];
    snprintf(id, sizeof id, "Part-%03d", parts);
    assert_non_null(find_text(pp, id, &last_page));
    const iop_box *after = find_text(pp, "Efter", &after_page);
    assert_non_null(after);
    assert_int_equal(head_page, first_page); /* the heading not alone */
    if (before > 0) {
        /* begun on the page of the rows before it, not leaving it half empty */
        char prev[32];
        size_t prev_row_page = 99;
        snprintf(prev, sizeof prev, "Före-%d", before);
        assert_non_null(find_text(pp, prev, &prev_row_page));
        assert_int_equal(prev_row_page, first_page);
    }
    assert_true(last_page >= first_page + 2); /* three slices at least */
    assert_int_equal(after_page, last_page);

    size_t prev_page = 0;
    double prev_y = 0;
    int row_of_page[64] = {0};
    int parts_td = 0;
    assert_true(pp->n_pages < 64);
    for (int i = 1; i <= parts; i++) {
        snprintf(id, sizeof id, "Part-%03d", i);
        assert_int_equal(count_text(pp, id), 1);
        size_t p = 0;
        const iop_box *b = find_text(pp, id, &p);
        assert_true(p > prev_page || (p == prev_page && b->y > prev_y));
        prev_page = p;
        prev_y = b->y;
        /* one TD of one TR of the body, on every page the row takes (the
         * renderer makes a leaf a page break cuts one element) */
        assert_true(b->struct_id > 0 && (size_t)b->struct_id < pp->n_elems);
        if (!parts_td)
            parts_td = b->struct_id;
        assert_int_equal(b->struct_id, parts_td);
        const iop_struct_elem *td = &pp->elems[b->struct_id];
        assert_string_equal(td->type, "TD");
        assert_string_equal(pp->elems[td->parent].type, "TR");
        assert_string_equal(pp->elems[pp->elems[td->parent].parent].type, "TBody");
        if (row_of_page[p] == 0)
            row_of_page[p] = td->parent;
        assert_int_equal(row_of_page[p], td->parent);
        if (p > first_page)
            assert_int_equal(row_of_page[p], row_of_page[first_page]);
    }
    for (size_t p = first_page; p <= last_page; p++) {
        const iop_page *pg = &pp->pages[p];
        int tr = row_of_page[p];
        /* one row of three cells: the parts' cell on every slice, "2 kr"
         * and the empty cell (an empty line) on the first only, never
         * marked again where their text has ended */
        int cells = 0, marks = 0;
        for (size_t e = 1; e < pp->n_elems; e++)
            if (pp->elems[e].parent == tr) {
                assert_string_equal(pp->elems[e].type, "TD");
                cells++;
                for (size_t i = 0; i < pg->n_boxes; i++)
                    marks += pg->boxes[i].kind == IOP_BOX_MARK &&
                             pg->boxes[i].struct_id == (int)e;
                if ((int)e == parts_td)
                    assert_true(lines_on_page(pp, p, (int)e) > 0);
                else
                    for (size_t q = 0; q < pp->n_pages; q++)
                        if (q != first_page)
                            assert_int_equal(lines_on_page(pp, q, (int)e), 0);
            }
        assert_int_equal(cells, 3);
        assert_int_equal(marks, 0);
        /* the header row once, above the slice; nothing outside the body */
        int heads = 0;
        double head_y = 0, top_line = 1e9, bottom_line = 0;
        for (size_t i = 0; i < pg->n_boxes; i++) {
            const iop_box *b = &pg->boxes[i];
            if (b->kind == IOP_BOX_TEXT && text_has(b, "Belopp")) {
                heads++;
                head_y = b->y;
            }
            if (b->kind == IOP_BOX_TEXT && b->struct_id > 0 &&
                pp->elems[b->struct_id].parent == tr) {
                if (b->y < top_line)
                    top_line = b->y;
                if (b->y > bottom_line)
                    bottom_line = b->y;
            }
            if (b->kind == IOP_BOX_TEXT && b->struct_id > 0 &&
                strcmp(pp->elems[pp->elems[b->struct_id].parent].type, "TR") == 0) {
                PangoRectangle lr;
                pango_layout_line_get_extents(b->line->line, NULL, &lr);
                assert_true(b->y + lr.y / (double)PANGO_SCALE >= BODY_TOP - EPS);
                assert_true(b->y + (lr.y + lr.height) / (double)PANGO_SCALE <=
                            BODY_BOTTOM + EPS);
            }
            if (b->kind == IOP_BOX_RULE)
                assert_true(b->y <= BODY_BOTTOM + 1 && b->y >= BODY_TOP - 1);
        }
        assert_int_equal(heads, 1);
        assert_true(head_y < top_line);
        /* the rule under the row only after its last line */
        int rules_below = 0;
        for (size_t i = 0; i < pg->n_boxes; i++) {
            const iop_box *b = &pg->boxes[i];
            rules_below += b->kind == IOP_BOX_RULE && b->h == 0 && b->y > bottom_line &&
                           (p != after_page || b->y < after->y);
        }
        assert_int_equal(rules_below, p == last_page ? 1 : 0);
    }
    iop_pages_free(pp);
    free(xml);
    iop_strbuf_free(&sb);
}

static void test_table_tall_row(void **state)
{
    (void)state;
    tall_row(0, false); /* the first row: kept with the heading and header row */
    tall_row(5, false); /* after other rows: begun on their page */
    tall_row(5, true);  /* that page below a letterhead */
}

/* ---- figures are never broken ------------------------------------------- */

#define NB "\xC2\xA0"
#define NNB "\xE2\x80\xAF" /* U+202F narrow no-break space */

static void test_unbreakable_runs(void **state)
{
    (void)state;
    char digits[80];
    memset(digits, '7', 60);
    digits[60] = 0;
    char *text = iop_xasprintf("Kostnad 999" NB "999" NB "kr, andel 84,5" NNB "%% år 2018 "
                               "och ASN-12x samt %s 1+1 slut",
                               digits);
    static const char *const want[] = {"999" NB "999" NB "kr,", "84,5" NNB "%", "2018", "1+1"};
    size_t s, e, at = 0;
    int n = 0;
    while (unbreakable_next(text, at, &s, &e)) {
        assert_true(n < 4);
        assert_int_equal(e - s, strlen(want[n]));
        assert_memory_equal(text + s, want[n], e - s);
        n++;
        at = e;
    }
    assert_int_equal(n, 4); /* not a word with letters, not 60 digits in a row */
    free(text);
}

/* "999 999 999 999 kr" in narrow fixed and automatic columns beside wide
 * text: each amount one line, inside its column, apart from its
 * neighbours (it was "999 999 999 9" / "99 kr"). */
static void test_table_figures_whole(void **state)
{
    (void)state;
    static const char amount[] = "999" NB "999" NB "999" NB "999" NB "kr";
    iop_strbuf sb = IOP_STRBUF_INIT;
    iop_strbuf_printf(&sb, "<table><col width=\"2*\"/><col width=\"22mm\"/><col width=\"15mm\"/>"
                           "<col/><col width=\"1*\"/>\n<thead><tr><th>Partnerskap</th>"
                           "<th>Kostnad</th><th>Värde</th><th>Andel</th><th>Not</th></tr></thead>"
                           "\n<tbody>");
    for (int i = 0; i < 3; i++)
        iop_strbuf_printf(&sb, "<tr><td>%s</td><td class=\"num\">%s</td><td class=\"num\">%s</td>"
                               "<td>%s</td><td>%s</td></tr>\n",
                          long_text, amount, amount, amount, long_text);
    iop_strbuf_printf(&sb, "</tbody><tfoot><tr><td>Summa</td><td class=\"num\">%s</td>"
                           "<td/><td/><td/></tr></tfoot></table>\n",
                      amount);
    char *xml = doc_xml("", "", sb.data);
    iop_pages *pp = lay_out(xml);
    int whole = 0;
    for (size_t p = 0; p < pp->n_pages; p++) {
        const iop_page *pg = &pp->pages[p];
        for (size_t i = 0; i < pg->n_boxes; i++) {
            const iop_box *b = &pg->boxes[i];
            if (b->kind != IOP_BOX_TEXT || !b->text || !strstr(b->text, "999"))
                continue;
            if (strcmp(b->text, amount) != 0) {
                fprintf(stderr, "a broken amount: \"%s\"\n", b->text);
                fail();
            }
            whole++;
            assert_true(b->x >= MARGIN - EPS && b->x + b->w <= MARGIN + CONTENT_W + EPS);
            /* no other text of its line overlaps it */
            for (size_t k = 0; k < pg->n_boxes; k++) {
                const iop_box *o = &pg->boxes[k];
                if (k == i || o->kind != IOP_BOX_TEXT || fabs(o->y - b->y) > 1 || o->w <= 0)
                    continue;
                assert_true(o->x + o->w <= b->x + EPS || o->x >= b->x + b->w - EPS);
            }
        }
    }
    assert_int_equal(whole, 3 * 3 + 1);
    iop_pages_free(pp);
    free(xml);
    iop_strbuf_free(&sb);
}

/* ---- keep-together ---------------------------------------------------------- */

static void test_keep_together(void **state)
{
    (void)state;
    int moved = 0;
    for (int k = 20; k <= 36; k += 2) {
        iop_strbuf sb = IOP_STRBUF_INIT;
        filler(&sb, k);
        iop_strbuf_puts(&sb, "<keep><h3>Håll ihop</h3>");
        for (int i = 0; i < 6; i++)
            iop_strbuf_printf(&sb, "<p>Håll-%d: Kontaktperson, telefon och adress.</p>", i);
        iop_strbuf_puts(&sb, "</keep>\n<div class=\"box\">");
        char *some = text_start(120);
        for (int i = 0; i < 4; i++)
            iop_strbuf_printf(&sb, "<p>Ruta-%d: %s</p>", i, some);
        free(some);
        iop_strbuf_puts(&sb, "</div>\n");
        filler(&sb, 5);
        char *xml = doc_xml("<style match=\".box\" keep-together=\"true\"/>", "", sb.data);
        iop_pages *pp = lay_out(xml);
        static const char *const groups[] = {"Håll", "Ruta-"};
        for (int g = 0; g < 2; g++) {
            size_t first = 0;
            assert_non_null(find_text(pp, groups[g], &first));
            for (size_t p = 0; p < pp->n_pages; p++)
                for (size_t i = 0; i < pp->pages[p].n_boxes; i++)
                    if (text_has(&pp->pages[p].boxes[i], groups[g]) && p != first) {
                        fprintf(stderr, "k=%d: group \"%s\" split over pages %zu and %zu\n", k,
                                groups[g], first + 1, p + 1);
                        fail();
                    }
            /* moved whole although its start would have fitted */
            if (first > 0 && BODY_BOTTOM - last_on_page(&pp->pages[first - 1])->y > 40)
                moved++;
        }
        iop_pages_free(pp);
        free(xml);
        iop_strbuf_free(&sb);
    }
    assert_true(moved >= 2);
}

/* A heading with a rule above it (the annual report's partnership titles)
 * keeps with the heading before it when its box moves to the next page:
 * the rule may not end a page with the first heading left behind. */
static void test_ruled_heading_kept(void **state)
{
    (void)state;
    int moved = 0;
    for (int k = 20; k <= 40; k += 2) {
        iop_strbuf sb = IOP_STRBUF_INIT;
        filler(&sb, k);
        iop_strbuf_puts(&sb, "<h2>Områdesrubrik</h2><h3 class=\"ruled\">Avtalsrubrik</h3><dl>");
        for (int i = 0; i < 8; i++)
            iop_strbuf_printf(&sb, "<dt>Fält %d</dt><dd>Ett värde på raden %d</dd>", i, i);
        iop_strbuf_puts(&sb, "</dl>\n");
        filler(&sb, 3);
        char *xml = doc_xml("<style match=\"h3.ruled\" border-top=\"0.6pt\"/>"
                            "<style match=\"dl\" keep-together=\"true\"/>",
                            "", sb.data);
        iop_pages *pp = lay_out(xml);
        size_t h2 = 0, h3 = 0, row = 0, last_row = 0;
        assert_non_null(find_text(pp, "Områdesrubrik", &h2));
        assert_non_null(find_text(pp, "Avtalsrubrik", &h3));
        assert_non_null(find_text(pp, "Fält 0", &row));
        assert_non_null(find_text(pp, "Fält 7", &last_row));
        if (h2 != h3 || h3 != row || row != last_row) {
            fprintf(stderr, "k=%d: heading, heading, fields on pages %zu, %zu, %zu-%zu\n", k,
                    h2 + 1, h3 + 1, row + 1, last_row + 1);
            fail();
        }
        if (h2 > 0 && BODY_BOTTOM - last_on_page(&pp->pages[h2 - 1])->y > 60)
            moved++;
        iop_pages_free(pp);
        free(xml);
        iop_strbuf_free(&sb);
    }
    assert_true(moved > 0); /* the sweep did test the rule */
}

/* ---- the body area --------------------------------------------------------- */

static void test_body_area(void **state)
{
    (void)state;
    iop_strbuf sb = IOP_STRBUF_INIT;
    for (int s = 0; s < 6; s++) {
        iop_strbuf_printf(&sb, "<h1>Avsnitt %d</h1><p>%s</p>\n", s, long_text);
        iop_strbuf_puts(&sb, "<ul><li>Första punkten</li><li>Andra punkten<ul><li>Inre</li>"
                             "</ul></li></ul>\n<dl><dt>Avtalsperiod</dt><dd>1 januari 2019 till "
                             "31 december 2020</dd></dl>\n");
        iop_strbuf_printf(&sb, "<blockquote><p>%s</p></blockquote>\n", long_text);
        iop_strbuf_puts(&sb, "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody>");
        for (int i = 0; i < 12 + 7 * s; i++) {
            char *cell = text_start(40 + 13 * i % 90);
            iop_strbuf_printf(&sb, "<tr><td>Rad %d</td><td>%s</td></tr>", i, cell);
            free(cell);
        }
        iop_strbuf_puts(&sb, "</tbody></table>\n");
    }
    const char *page = "<page><header><left><field name=\"title\"/></left></header>"
                       "<footer><right><field name=\"page\"/> (<field name=\"pages\"/>)</right>"
                       "</footer></page>";
    char *xml = doc_xml("<style match=\"td\" border-bottom=\"0.5pt\"/>", page, sb.data);
    iop_pages *pp = lay_out(xml);
    assert_true(pp->n_pages >= 5);
    int full = 0;
    for (size_t p = 0; p < pp->n_pages; p++) {
        const iop_page *pg = &pp->pages[p];
        double lowest = 0, footer_top = PAGE_H;
        for (size_t i = 0; i < pg->n_boxes; i++) {
            const iop_box *b = &pg->boxes[i];
            double top, bottom;
            if (b->kind == IOP_BOX_TEXT) {
                /* the line's logical extents around its baseline */
                PangoRectangle lr;
                pango_layout_line_get_extents(b->line->line, NULL, &lr);
                top = b->y + lr.y / (double)PANGO_SCALE;
                bottom = b->y + (lr.y + lr.height) / (double)PANGO_SCALE;
                if (!b->tag) { /* running header or footer */
                    if (b->y > PAGE_H / 2 && top < footer_top)
                        footer_top = top;
                    continue;
                }
            } else if (b->kind == IOP_BOX_DEST || b->kind == IOP_BOX_LINK) {
                continue;
            } else {
                /* a rule's line (not half its stroke: a table's top rule
                 * is centred on the edge of the body area) */
                top = b->y;
                bottom = b->y + b->h;
            }
            if (top < BODY_TOP - EPS || bottom > BODY_BOTTOM + EPS) {
                fprintf(stderr, "page %zu: box %d at %.2f..%.2f outside %.2f..%.2f\n", p + 1,
                        (int)b->kind, top, bottom, BODY_TOP, BODY_BOTTOM);
                fail();
            }
            if (bottom > lowest)
                lowest = bottom;
        }
        assert_true(lowest < footer_top); /* above the footer */
        full += BODY_BOTTOM - lowest < 30;
    }
    assert_true(full > 0); /* some page was filled to the bottom */
    iop_pages_free(pp);
    free(xml);
    iop_strbuf_free(&sb);
}

/* ---- regressions: bugs reported by template writers -------------------- */

/* An error's line in the sink, or -1 when no error mentions `needle`. */
static long error_line(const iop_diag *d, const char *needle)
{
    for (size_t i = 0; i < iop_diag_size(d); i++) {
        const iop_diag_entry *e = iop_diag_get(d, i);
        if (e->severity == IOP_ERROR && strstr(e->message, needle))
            return e->line;
    }
    return -1;
}

/* A DOCTYPE is refused at its own line, not at line 1. */
static void test_doctype_line(void **state)
{
    (void)state;
    static const struct {
        const char *xml;
        long line;
    } cases[] = {
        {"<?xml version=\"1.0\"?>\n<!DOCTYPE document>\n"
         "<document xmlns=\"urn:iopreport:document:1\"><body/></document>\n",
         2},
        {"<?xml version=\"1.0\"?>\n<!-- a comment\n over two lines -->\n"
         "<!DOCTYPE document SYSTEM \"document.dtd\">\n"
         "<document xmlns=\"urn:iopreport:document:1\"><body/></document>\n",
         4},
        {"<?xml version=\"1.0\"?>\n\n<!DOCTYPE document [\n<!ENTITY x \"y\">\n]>\n"
         "<document xmlns=\"urn:iopreport:document:1\"><body><p>&x;</p></body></document>\n",
         3},
        {"<!DOCTYPE document><document xmlns=\"urn:iopreport:document:1\"><body/></document>",
         1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        iop_diag *d = iop_diag_new();
        iop_document *doc =
            iop_document_parse_memory(cases[i].xml, strlen(cases[i].xml), "t.xml", d);
        assert_null(doc);
        long line = error_line(d, "DOCTYPE");
        if (line != cases[i].line) {
            dump_diag(d);
            fprintf(stderr, "case %zu: DOCTYPE reported at line %ld, not %ld\n", i, line,
                    cases[i].line);
            fail();
        }
        iop_diag_free(d);
    }
}

/* The family pango sets the first text box containing `needle` in. */
static char *family_of(const iop_pages *pp, const char *needle)
{
    const iop_box *b = find_text(pp, needle, NULL);
    assert_non_null(b);
    assert_non_null(b->line);
    const PangoFontDescription *fd = pango_layout_get_font_description(b->line->layout);
    assert_non_null(fd);
    return iop_xstrdup(pango_font_description_get_family(fd));
}

/* Every style property sets its field and its bit; a malformed value is
 * refused with what the property expects, at its line. */
static void test_style_properties(void **state)
{
    (void)state;
    char *xml = doc_xml("<style match=\"p\" font-family=\"Noto Sans\" font-size=\"11pt\" "
                        "font-weight=\"600\" font-style=\"oblique\" font-variant=\"small-caps\" "
                        "color=\"#123456\" background=\"#eeeeee\" border-color=\"#010203\" "
                        "rule-color=\"#040506\" space-before=\"1pt\" space-after=\"2pt\" "
                        "margin-left=\"3pt\" margin-right=\"4pt\" text-indent=\"5pt\" "
                        "border-top=\"6pt\" border-bottom=\"7pt\" padding=\"8pt\" "
                        "rule-width=\"9pt\" line-height=\"1.5\" text-align=\"center\" "
                        "hyphenate=\"no\" hyphenate-limit-lines=\"3\" keep-with-next=\"yes\" "
                        "keep-together=\"1\" "
                        "page-break-before=\"true\" tabular=\"true\" rules=\"frame\" "
                        "list-style=\"lower-alpha\"/>",
                        "", "<p>a</p>");
    iop_diag *d = iop_diag_new();
    iop_document *doc = parse(xml, d);
    assert_non_null(doc);
    iop_style body, st;
    iop_document_style(doc, doc->body, NULL, &body);
    iop_document_style(doc, doc->body->children[0], &body, &st);
    assert_string_equal(st.font_family, "Noto Sans");
    assert_true(fabs(st.font_size - 11) < 1e-9);
    assert_int_equal(st.font_weight, 600);
    assert_true(st.italic);
    assert_true(st.small_caps);
    assert_int_equal(st.color, 0x123456);
    assert_true(st.has_background);
    assert_int_equal(st.background, 0xeeeeee);
    assert_int_equal(st.border_color, 0x010203);
    assert_int_equal(st.rule_color, 0x040506);
    const double lengths[] = {st.space_before, st.space_after, st.margin_left, st.margin_right,
                              st.text_indent, st.border_top, st.border_bottom, st.padding,
                              st.rule_width};
    for (int k = 0; k < 9; k++)
        assert_true(fabs(lengths[k] - (k + 1)) < 1e-9);
    assert_true(fabs(st.line_height - 1.5) < 1e-9);
    assert_int_equal(st.align, IOP_ALIGN_CENTER);
    assert_false(st.hyphenate);
    assert_int_equal(st.hyphenate_limit_lines, 3);
    assert_true(st.keep_with_next && st.keep_together && st.page_break_before && st.tabular);
    assert_int_equal(st.rules, IOP_RULES_FRAME);
    assert_int_equal(st.list_style, IOP_LIST_LOWER_ALPHA);
    iop_document_free(doc);
    iop_diag_free(d);
    free(xml);

    static const struct {
        const char *property, *message;
    } bad[] = {
        {"font-family=\"\"", "font-family = '': expected a font family name"},
        {"font-size=\"900pt\"", "expected a font size between 1pt and 500pt"},
        {"font-weight=\"heavy\"", "expected normal, bold or 100..900"},
        {"font-style=\"slanted\"", "expected normal or italic"},
        {"font-variant=\"caps\"", "expected normal or small-caps"},
        {"color=\"red\"", "expected a colour like #1a1a1a"},
        {"background=\"red\"", "expected a colour like #eeeeee or none"},
        {"rule-color=\"red\"", "expected a colour like #808080"},
        {"padding=\"wide\"", "padding = 'wide': expected a length like 12pt or 4mm"},
        {"line-height=\"9\"", "expected a factor between 0.5 and 5, like 1.3"},
        {"text-align=\"middle\"", "expected left, right, center or justify"},
        {"tabular=\"maybe\"", "tabular = 'maybe': expected true or false"},
        {"rules=\"some\"", "expected rows, none, all or frame"},
        {"list-style=\"roman\"", "expected disc, dash, decimal, lower-alpha or none"},
        {"hyphenate-limit-lines=\"0\"", "expected a number of lines from 1 to 99, or no-limit"},
        {"colour=\"#000000\"", "colour = '#000000': unknown style property"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *style = iop_xasprintf("<style match=\"p\" %s/>", bad[i].property);
        xml = doc_xml(style, "", "<p>a</p>");
        d = iop_diag_new();
        doc = iop_document_parse_memory(xml, strlen(xml), "t.xml", d);
        bool found = false;
        for (size_t k = 0; k < iop_diag_size(d); k++) {
            const iop_diag_entry *e = iop_diag_get(d, k);
            found = found || (e->line == 4 && strstr(e->message, bad[i].message));
        }
        if (doc || !found) {
            fprintf(stderr, "case %zu: %s\n", i, bad[i].property);
            dump_diag(d);
            fail();
        }
        iop_diag_free(d);
        free(xml);
        free(style);
    }
}

/* Headings follow the body's font family when the document declares one
 * and does not style the heading's family itself; the built-in sans is
 * only the default of the built-in look. */
static void test_heading_font(void **state)
{
    (void)state;
    static const struct {
        const char *styles;
        const char *h1, *h2, *p;
    } cases[] = {
        {"", "Liberation Sans", "Liberation Sans", "Liberation Serif"},
        {"<style match=\"body\" font-size=\"10pt\"/>", "Liberation Sans", "Liberation Sans",
         "Liberation Serif"},
        {"<style match=\"body\" font-family=\"Noto Serif\"/>", "Noto Serif", "Noto Serif",
         "Noto Serif"},
        {"<style match=\"body\" font-family=\"Noto Serif\"/>"
         "<style match=\"h2\" font-family=\"Noto Sans\"/>",
         "Noto Serif", "Noto Sans", "Noto Serif"},
        {"<style match=\"body\" font-family=\"Noto Serif\"/>"
         "<style match=\".rubrik\" font-family=\"Liberation Sans\"/>",
         "Liberation Sans", "Noto Serif", "Noto Serif"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *xml = doc_xml(cases[i].styles, "",
                            "<h1 class=\"rubrik\">Huvudrubrik</h1><h2>Underrubrik</h2>"
                            "<p>Brödtext.</p>");
        iop_diag *d = iop_diag_new();
        iop_document *doc = parse(xml, d);
        assert_non_null(doc);
        /* the resolved style */
        iop_style body, st;
        iop_document_style(doc, doc->body, NULL, &body);
        iop_document_style(doc, doc->body->children[0], &body, &st);
        assert_string_equal(st.font_family, cases[i].h1);
        assert_int_equal(st.font_weight, 700); /* still a bold heading */
        iop_document_style(doc, doc->body->children[1], &body, &st);
        assert_string_equal(st.font_family, cases[i].h2);
        /* and what pango sets */
        iop_pages *pp = iop_layout_document(lay, doc, d);
        assert_non_null(pp);
        static const char *const texts[] = {"Huvudrubrik", "Underrubrik", "Brödtext"};
        const char *want[] = {cases[i].h1, cases[i].h2, cases[i].p};
        for (int k = 0; k < 3; k++) {
            char *fam = family_of(pp, texts[k]);
            if (strcmp(fam, want[k]) != 0) {
                fprintf(stderr, "case %zu: \"%s\" in %s, not %s\n", i, texts[k], fam,
                        want[k]);
                fail();
            }
            free(fam);
        }
        iop_pages_free(pp);
        iop_document_free(doc);
        iop_diag_free(d);
        free(xml);
    }
}

/* Page fields in the first-page letterhead show page 1 of the real count,
 * like the running header, also when a TOC makes the engine set the
 * document more than once and when the count has two digits. */
static void test_letterhead_fields(void **state)
{
    (void)state;
    const char *page =
        "<page><header><right>Sida <field name=\"page\"/> (<field name=\"pages\"/>)</right>"
        "</header><first-page header=\"letterhead\"><letterhead>"
        "<left><p>Kommunstyrelsen</p></left>"
        "<right><p><field name=\"date\"/></p>"
        "<p>Blad <field name=\"page\"/> av <field name=\"pages\"/></p></right>"
        "</letterhead></first-page></page>";
    static const struct {
        int breaks;
        bool toc;
    } cases[] = {{0, false}, {2, false}, {2, true}, {11, false}, {11, true}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        iop_strbuf sb = IOP_STRBUF_INIT;
        if (cases[i].toc)
            iop_strbuf_puts(&sb, "<toc/>");
        for (int b = 0; b <= cases[i].breaks; b++)
            iop_strbuf_printf(&sb, "%s<h1>Avsnitt %d</h1><p>%s</p>", b ? "<page-break/>" : "",
                              b + 1, long_text);
        char *xml = doc_xml("", page, sb.data);
        iop_pages *pp = lay_out(xml);
        int pages = cases[i].breaks + 1;
        assert_int_equal(pp->n_pages, pages);
        char want[64];
        snprintf(want, sizeof want, "Blad 1 av %d", pages);
        size_t p = 9;
        const iop_box *b = find_text(pp, want, &p);
        if (!b) {
            iop_pages_dump(pp, stderr);
            fprintf(stderr, "case %zu: no \"%s\" on page 1\n", i, want);
            fail();
        }
        assert_int_equal(p, 0);
        assert_int_equal(count_text(pp, "Blad "), 1); /* on page 1 only */
        assert_non_null(find_text(pp, "1 juli 2020", NULL));
        /* the letterhead stays above the body */
        const iop_box *h1 = find_text(pp, "Avsnitt 1", &p);
        assert_non_null(h1);
        if (!cases[i].toc) {
            assert_int_equal(p, 0);
            assert_true(h1->y - h1->h > b->y);
        }
        /* and the running header of the other pages agrees */
        for (int k = 2; k <= pages; k++) {
            snprintf(want, sizeof want, "Sida %d (%d)", k, pages);
            assert_non_null(find_text(pp, want, &p));
            assert_int_equal(p, (size_t)k - 1);
        }
        iop_pages_free(pp);
        free(xml);
        iop_strbuf_free(&sb);
    }
}

/* The text box holding `needle` and the pango layout its line comes from. */
static PangoLayout *layout_of(const iop_pages *pp, const char *needle, const iop_box **box)
{
    const iop_box *b = find_text(pp, needle, NULL);
    assert_non_null(b);
    assert_non_null(b->line);
    if (box)
        *box = b;
    return b->line->layout;
}

/* A paragraph that comes back in document after document (a template's
 * fixed chapter) is shaped once and its layout shared from the third
 * document on, set exactly as before; what only one document says is not
 * kept after it. */
static void test_layouts_shared_across_documents(void **state)
{
    (void)state;
    iop_diag *d = iop_diag_new();
    iop_layout *own = iop_layout_new(d); /* nothing kept from other tests */
    assert_non_null(own);
    const char *fixed = "Ett idéburet offentligt partnerskap är ett avtal om samverkan mellan "
                        "offentliga aktörer och idéburna organisationer, som bygger på "
                        "gemensamma mål och ömsesidigt förtroende.";
    enum { N = 4 };
    iop_pages *pp[N];
    for (int i = 0; i < N; i++) {
        char *body =
            iop_xasprintf("<h1>Rapport %d</h1><p>%s</p><p>Bara i dokument %d.</p>", i, fixed, i);
        char *xml = doc_xml("", "", body);
        iop_document *doc = parse(xml, d);
        assert_non_null(doc);
        pp[i] = iop_layout_document(own, doc, d);
        assert_non_null(pp[i]);
        iop_document_free(doc);
        free(xml);
        free(body);
    }
    const iop_box *first, *b;
    PangoLayout *lo[N];
    for (int i = 0; i < N; i++) {
        lo[i] = layout_of(pp[i], "Ett idéburet", &b);
        if (i == 0)
            first = b;
        assert_true(fabs((b->x) - (first->x)) <= 1e-9);
        assert_true(fabs((b->y) - (first->y)) <= 1e-9);
        assert_true(fabs((b->w) - (first->w)) <= 1e-9);
        assert_string_equal(b->text, first->text);
    }
    assert_ptr_not_equal(lo[1], lo[0]); /* the first document's layouts are not kept */
    assert_ptr_equal(lo[2], lo[1]); /* the second one's, made again, are */
    assert_ptr_equal(lo[3], lo[1]);
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, own->shared);
    while (g_hash_table_iter_next(&it, &key, NULL))
        assert_null(strstr(key, "Bara i dokument"));
    for (int i = 0; i < N; i++)
        iop_pages_free(pp[i]);
    iop_layout_free(own);
    iop_diag_free(d);
}

/* A paragraph that fits on one line is set without a width (shaped once,
 * not twice): left-aligned, and right-aligned without links or indent,
 * placed where pango would place it in the width (its right edge on the
 * margin); both as wide as each other.  One too long for a line is set
 * with the width. */
static void test_short_paragraph_one_line(void **state)
{
    (void)state;
    char *xml = doc_xml("<style match=\"p.right\" text-align=\"right\"/>", "",
                        "<p>Kort rad om partnerskapet.</p>"
                        "<p class=\"right\">Kort rad om partnerskapet.</p>"
                        "<p>En lång rad som inte får plats på en rad utan bryts, eftersom den "
                        "handlar om idéburna offentliga partnerskap och deras uppföljning i "
                        "kommunens nämnder år efter år.</p>");
    iop_pages *pp = lay_out(xml);
    const iop_box *left, *right, *lng;
    PangoLayout *l = layout_of(pp, "Kort rad", &left);
    assert_int_equal(pango_layout_get_width(l), -1);
    const iop_box *b = NULL;
    for (size_t i = 0; i < pp->pages[0].n_boxes; i++)
        if (text_has(&pp->pages[0].boxes[i], "Kort rad") && &pp->pages[0].boxes[i] != left)
            b = &pp->pages[0].boxes[i];
    assert_non_null(b);
    right = b;
    assert_int_equal(pango_layout_get_width(right->line->layout), -1);
    assert_true(fabs((left->w) - (right->w)) <= 1e-9);
    assert_true(fabs((left->x) - (MARGIN)) <= EPS);
    assert_true(fabs((right->x + right->w) - (MARGIN + CONTENT_W)) <= EPS);
    PangoLayout *ll = layout_of(pp, "En lång rad", &lng);
    assert_int_not_equal(pango_layout_get_width(ll), -1);
    assert_true(pango_layout_get_line_count(ll) > 1);
    iop_pages_free(pp);
    free(xml);
}

/* A document laid out with the page numbers of a later part of a packet:
 * the letterhead, the running header and the table of contents count from
 * its first page, and the count is the packet's. */
static void test_numbered_as_part(void **state)
{
    (void)state;
    const char *page =
        "<page><header><right>Sida <field name=\"page\"/> (<field name=\"pages\"/>)</right>"
        "</header><first-page header=\"letterhead\"><letterhead>"
        "<left><p>Kommunstyrelsen</p></left>"
        "<right><p>Blad <field name=\"page\"/> av <field name=\"pages\"/></p></right>"
        "</letterhead></first-page></page>";
    iop_strbuf sb = IOP_STRBUF_INIT;
    iop_strbuf_puts(&sb, "<toc/>");
    for (int b = 0; b < 3; b++)
        iop_strbuf_printf(&sb, "%s<h1>Avsnitt %d</h1><p>%s</p>", b ? "<page-break/>" : "", b + 1,
                          long_text);
    char *xml = doc_xml("", page, sb.data);
    iop_diag *d = iop_diag_new();
    iop_document *doc = parse(xml, d);
    assert_non_null(doc);
    iop_page_numbering num = {5, 12};
    iop_pages *pp = iop_layout_document_numbered(lay, doc, &num, d);
    assert_non_null(pp);
    assert_int_equal(pp->n_pages, 3);
    size_t p = 9;
    assert_non_null(find_text(pp, "Blad 5 av 12", &p));
    assert_int_equal(p, 0);
    assert_non_null(find_text(pp, "Sida 6 (12)", &p));
    assert_int_equal(p, 1);
    assert_non_null(find_text(pp, "Sida 7 (12)", &p));
    assert_int_equal(p, 2);
    assert_null(find_text(pp, "(3)", NULL));
    /* the outline keeps the document's own pages: the packet moves them */
    assert_int_equal(pp->outline[1].page, 2);
    /* the table of contents: Avsnitt 2 on the packet's page 6 */
    bool toc6 = false;
    for (size_t i = 0; i + 1 < pp->pages[0].n_boxes; i++) {
        const iop_box *b = &pp->pages[0].boxes[i];
        if (b->kind == IOP_BOX_TEXT && b->text && strcmp(b->text, "6") == 0)
            toc6 = true;
    }
    assert_true(toc6);
    iop_pages_free(pp);
    /* without numbering: the document's own */
    pp = iop_layout_document_numbered(lay, doc, NULL, d);
    assert_non_null(find_text(pp, "Blad 1 av 3", &p));
    assert_non_null(find_text(pp, "Sida 2 (3)", &p));
    iop_pages_free(pp);
    iop_document_free(doc);
    iop_diag_free(d);
    free(xml);
    iop_strbuf_free(&sb);
}

/* The first page of `pp` that holds a DEST box named `name`, 0-based, or -1. */
static int dest_page(const iop_pages *pp, const char *name)
{
    for (size_t p = 0; p < pp->n_pages; p++)
        for (size_t i = 0; i < pp->pages[p].n_boxes; i++) {
            const iop_box *b = &pp->pages[p].boxes[i];
            if (b->kind == IOP_BOX_DEST && b->dest && strcmp(b->dest, name) == 0)
                return (int)p;
        }
    return -1;
}

/* The Part an element is in: its chain of parents ends at one, below the
 * Document; 0 when it does not. */
static int part_of(const iop_pages *pp, int id)
{
    int guard = 0;
    while (id > 0 && (size_t)id < pp->n_elems && guard++ < 1000) {
        if (pp->elems[id].parent == 0)
            return strcmp(pp->elems[id].type, "Part") == 0 ? id : 0;
        assert_true(pp->elems[id].parent < id); /* parents come first */
        id = pp->elems[id].parent;
    }
    return 0;
}

/* Two documents joined into a packet: pages in order, a Part per document
 * with the boxes' elements remapped under it, the outline one level
 * deeper below a top entry per part, each part's destinations renamed
 * apart, and a link to "#part:NAME" leading to that part's first page. */
static void test_pages_concat(void **state)
{
    (void)state;
    iop_strbuf a = IOP_STRBUF_INIT, b = IOP_STRBUF_INIT;
    iop_strbuf_printf(&a, "<h1 id=\"bakgrund\">Bakgrund</h1><p>Se <a href=\"#bakgrund\">bakgrund"
                          "</a> och <a href=\"#part:rapport\">rapporten</a>.</p>"
                          "<ul><li>Ett</li><li>Två</li></ul><page-break/><h2>Mer</h2><p>%s</p>",
                      long_text);
    iop_strbuf_printf(&b, "<h1 id=\"bakgrund\">Bakgrund</h1><table><tbody><tr><td>1</td>"
                          "<td>2</td></tr></tbody></table><p><a href=\"#bakgrund\">Upp</a></p>");
    char *xa = doc_xml("", "", a.data), *xb = doc_xml("", "", b.data);
    iop_pages *pa = lay_out(xa), *pb = lay_out(xb);
    size_t na = pa->n_pages, nb = pb->n_pages, ea = pa->n_elems, eb = pb->n_elems;
    size_t oa = pa->n_outline, ob = pb->n_outline;
    assert_int_equal(na, 2);
    iop_pages_part parts[2] = {{pa, "memo", "Tjänsteskrivelse"}, {pb, "rapport", "Årsrapport"}};
    iop_pages *pp = iop_pages_concat(parts, 2);
    assert_non_null(pp);
    assert_null(parts[0].pages); /* taken */
    assert_int_equal(pp->n_pages, na + nb);
    assert_string_equal(pp->lang, "sv");

    /* the structure: Document › Part, Part; every element of a part under it */
    assert_int_equal(pp->n_elems, ea + eb + 1 - 2 + 2);
    assert_string_equal(pp->elems[0].type, "Document");
    int part1 = 1, part2 = (int)ea + 1;
    assert_string_equal(pp->elems[part1].type, "Part");
    assert_string_equal(pp->elems[part1].title, "Tjänsteskrivelse");
    assert_string_equal(pp->elems[part2].type, "Part");
    assert_string_equal(pp->elems[part2].title, "Årsrapport");
    assert_int_equal(pp->elems[part2].parent, 0);
    size_t tagged = 0;
    for (size_t p = 0; p < pp->n_pages; p++)
        for (size_t i = 0; i < pp->pages[p].n_boxes; i++) {
            const iop_box *bx = &pp->pages[p].boxes[i];
            if (bx->struct_id <= 0)
                continue;
            tagged++;
            assert_true((size_t)bx->struct_id < pp->n_elems);
            /* the box's tag is its element's type, as before the join */
            if (bx->tag)
                assert_string_equal(bx->tag, pp->elems[bx->struct_id].type);
            assert_int_equal(part_of(pp, bx->struct_id), p < na ? part1 : part2);
        }
    assert_true(tagged > 5);

    /* destinations: each part's own prefixed; the parts' tops */
    assert_int_equal(dest_page(pp, "p1.bakgrund"), 0);
    assert_int_equal(dest_page(pp, "p2.bakgrund"), (int)na);
    assert_int_equal(dest_page(pp, "bakgrund"), -1);
    assert_int_equal(dest_page(pp, "part:memo"), 0);
    assert_int_equal(dest_page(pp, "part:rapport"), (int)na);
    int to_report = 0, to_own = 0;
    for (size_t p = 0; p < pp->n_pages; p++)
        for (size_t i = 0; i < pp->pages[p].n_boxes; i++) {
            const iop_box *bx = &pp->pages[p].boxes[i];
            if (bx->kind != IOP_BOX_LINK || !bx->dest)
                continue;
            if (strcmp(bx->dest, "part:rapport") == 0)
                to_report++;
            else if (strcmp(bx->dest, p < na ? "p1.bakgrund" : "p2.bakgrund") == 0)
                to_own++;
            else
                fail_msg("a link to '%s' on page %zu", bx->dest, p + 1);
        }
    assert_int_equal(to_report, 1);
    assert_int_equal(to_own, 2);

    /* the outline: a top entry per part, its own entries a level deeper */
    assert_int_equal(pp->n_outline, oa + ob + 2);
    assert_int_equal(pp->outline[0].level, 1);
    assert_string_equal(pp->outline[0].title, "Tjänsteskrivelse");
    assert_string_equal(pp->outline[0].dest, "part:memo");
    assert_int_equal(pp->outline[0].page, 1);
    assert_int_equal(pp->outline[1].level, 2);
    assert_string_equal(pp->outline[1].dest, "p1.bakgrund");
    assert_int_equal(pp->outline[2].level, 3); /* the h2 */
    assert_int_equal(pp->outline[2].page, 2);
    assert_string_equal(pp->outline[oa + 1].title, "Årsrapport");
    assert_int_equal(pp->outline[oa + 1].page, (int)na + 1);
    assert_int_equal(pp->outline[oa + 2].level, 2);
    assert_int_equal(pp->outline[oa + 2].page, (int)na + 1);
    assert_string_equal(pp->outline[oa + 2].dest, "p2.bakgrund");

    iop_pages_free(pp);
    assert_null(iop_pages_concat(NULL, 0));
    free(xa);
    free(xb);
    iop_strbuf_free(&a);
    iop_strbuf_free(&b);
}

/* A part in another language keeps it on its Part. */
static void test_pages_concat_lang(void **state)
{
    (void)state;
    char *xa = doc_xml("", "", "<h1>Ett</h1>");
    char *xb = iop_xasprintf("<document xmlns=\"urn:iopreport:document:1\" lang=\"en\">"
                             "<meta><title>T</title></meta><body><h1>One</h1></body></document>");
    iop_pages_part parts[2] = {{lay_out(xa), "a", "A"}, {lay_out(xb), "b", "B"}};
    iop_pages *pp = iop_pages_concat(parts, 2);
    assert_null(pp->elems[1].lang);
    size_t second = 0;
    for (size_t i = 2; i < pp->n_elems; i++)
        if (strcmp(pp->elems[i].type, "Part") == 0)
            second = i;
    assert_true(second > 0);
    assert_string_equal(pp->elems[second].lang, "en");
    iop_pages_free(pp);
    free(xa);
    free(xb);
}

/* fontsort.c answers fontconfig's match and sort for a request it has
 * seen at another size: the answers must be fontconfig's own, at sizes
 * the fonts have (the emoji font's bitmap size among them) and not, for
 * the families a report uses. pango hands over a new font set each time,
 * as here. */
static void test_font_sort_any_size(void **state)
{
    (void)state;
    void *lib = dlopen("libfontconfig.so.1", RTLD_NOW | RTLD_LOCAL);
    assert_non_null(lib);
    FcFontSet *(*real_sort)(FcConfig *, FcFontSet **, int, FcPattern *, FcBool, FcCharSet **,
                            FcResult *);
    FcPattern *(*real_match)(FcConfig *, FcFontSet **, int, FcPattern *, FcResult *);
    *(void **)&real_sort = dlsym(lib, "FcFontSetSort");
    *(void **)&real_match = dlsym(lib, "FcFontSetMatch");
    assert_non_null(real_sort);
    assert_non_null(real_match);
    FcFontSet *(*ours_fn)(FcConfig *, FcFontSet **, int, FcPattern *, FcBool, FcCharSet **,
                          FcResult *) = FcFontSetSort;
    assert_true(memcmp(&ours_fn, &real_sort, sizeof ours_fn) != 0); /* two functions */
    FcConfig *cfg = FcConfigGetCurrent();
    FcFontSet *all = FcConfigGetFonts(cfg, FcSetSystem);
    assert_non_null(all);
    assert_true(all->nfont > 0);
    int sized = 0;
    double own_size = 0;
    for (int f = 0; f < all->nfont; f++)
        if (FcPatternGetDouble(all->fonts[f], FC_PIXEL_SIZE, 0, &own_size) == FcResultMatch)
            sized++;
    static const char *const families[] = {"Noto Serif", "Noto Sans", "Liberation Mono"};
    double sizes[] = {8, 10.5, 12, 21, 7.5, own_size > 0 ? own_size : 109, 10.5};
    int checked = 0;
    for (size_t fam = 0; fam < sizeof families / sizeof *families; fam++)
        for (int bold = 0; bold < 2; bold++)
            for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
                FcPattern *p = FcPatternCreate();
                FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)families[fam]);
                FcPatternAddInteger(p, FC_WEIGHT, bold ? FC_WEIGHT_BOLD : FC_WEIGHT_REGULAR);
                FcPatternAddDouble(p, FC_SIZE, sizes[k]);
                FcPatternAddDouble(p, FC_PIXEL_SIZE, sizes[k]);
                FcPatternAddDouble(p, FC_DPI, 72);
                FcPatternAddString(p, FC_LANG, (const FcChar8 *)"sv");
                assert_true(FcConfigSubstitute(cfg, p, FcMatchPattern));
                FcDefaultSubstitute(p);
                for (int trim = 0; trim < 2; trim++) {
                    FcFontSet *copy = FcFontSetCreate();
                    for (int f = 0; f < all->nfont; f++) {
                        FcPatternReference(all->fonts[f]);
                        assert_true(FcFontSetAdd(copy, all->fonts[f]));
                    }
                    FcResult r1, r2;
                    FcCharSet *cs1 = NULL, *cs2 = NULL;
                    FcFontSet *ours = FcFontSetSort(cfg, &copy, 1, p, trim, &cs1, &r1);
                    FcFontSet *theirs = real_sort(cfg, &copy, 1, p, trim, &cs2, &r2);
                    assert_non_null(ours);
                    assert_non_null(theirs);
                    assert_int_equal(r1, r2);
                    assert_int_equal(ours->nfont, theirs->nfont);
                    for (int f = 0; f < ours->nfont; f++)
                        assert_ptr_equal(ours->fonts[f], theirs->fonts[f]);
                    assert_true(FcCharSetEqual(cs1, cs2));
                    FcFontSetDestroy(ours);
                    FcFontSetDestroy(theirs);
                    FcCharSetDestroy(cs1);
                    FcCharSetDestroy(cs2);
                    /* the configuration given, or (NULL) the current one */
                    FcConfig *c = trim ? cfg : NULL;
                    FcPattern *m1 = FcFontSetMatch(c, &copy, 1, p, &r1);
                    FcPattern *m2 = real_match(c, &copy, 1, p, &r2);
                    assert_non_null(m1);
                    assert_non_null(m2);
                    assert_int_equal(r1, r2);
                    assert_true(FcPatternEqual(m1, m2));
                    FcPatternDestroy(m1);
                    FcPatternDestroy(m2);
                    FcFontSetDestroy(copy);
                    checked++;
                }
                FcPatternDestroy(p);
            }
    assert_int_equal(checked, 3 * 2 * 7 * 2);
    /* the test fonts have one font of its own size (Noto Color Emoji), the
     * case fontsort.c is written for */
    assert_true(sized <= 1);
    dlclose(lib);
}

/* fontsort.c's g_thread_new makes pango's font match in the caller and
 * starts every other thread as GLib does; and a font map's first layout
 * in a font pango has not met finds the match made. */
static gpointer run_note(gpointer data)
{
    GThread **seen = data;
    *seen = g_thread_self();
    return NULL;
}

static void test_font_match_in_caller(void **state)
{
    (void)state;
    GThread *seen = NULL;
    GThread *t = g_thread_new(FONTSORT_MATCH_THREAD, run_note, &seen);
    assert_ptr_equal(seen, g_thread_self()); /* made before it returned, here */
    assert_ptr_equal(t, g_thread_self());
    g_thread_unref(t);
    seen = NULL;
    t = g_thread_new("[pango] FcFontSetSort", run_note, &seen);
    assert_non_null(t);
    g_thread_join(t); /* a thread of its own, as before */
    assert_non_null(seen);
    assert_ptr_not_equal(seen, g_thread_self());

    /* pango itself: a new font map, whose every description is new */
    iop_diag *d = iop_diag_new();
    iop_layout *own = iop_layout_new(d);
    assert_non_null(own);
    PangoLayout *lo = pango_layout_new(own->context);
    PangoFontDescription *fd = pango_font_description_from_string("Noto Serif Bold Italic 13.25");
    pango_layout_set_font_description(lo, fd);
    pango_layout_set_text(lo, "Årsrapport för idéburet offentligt partnerskap", -1);
    PangoRectangle ink, logical;
    pango_layout_get_extents(lo, &ink, &logical);
    assert_true(logical.width > 0);
    pango_font_description_free(fd);
    g_object_unref(lo);
    iop_layout_free(own);
    iop_diag_free(d);
}

/* ---- shaping kept and cut (shapecache.c) ------------------------------ */

typedef void (*hb_shape_fn)(hb_font_t *, hb_buffer_t *, const hb_feature_t *, unsigned int);

/* A buffer as pango 1.50 fills one: the text [from, from+n) of `text`,
 * the rest as context, `hyphen` added at the end when asked. */
static hb_buffer_t *pango_like_buffer(const char *text, int from, int n, bool hyphen)
{
    hb_buffer_t *b = hb_buffer_create();
    hb_buffer_set_direction(b, HB_DIRECTION_LTR);
    hb_buffer_set_script(b, HB_SCRIPT_LATIN);
    hb_buffer_set_language(b, hb_language_from_string("sv", -1));
    hb_buffer_set_cluster_level(b, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    hb_buffer_set_flags(b, HB_BUFFER_FLAG_BOT | HB_BUFFER_FLAG_EOT);
    hb_buffer_set_invisible_glyph(b, PANGO_GLYPH_EMPTY);
    hb_buffer_add_utf8(b, text, -1, (unsigned)from, n);
    if (hyphen)
        hb_buffer_add(b, 0x2010, (unsigned)(from + n - 1));
    return b;
}

/* Whether two shaped buffers hold the same glyphs, clusters and positions. */
static bool same_shaping(hb_buffer_t *a, hb_buffer_t *b)
{
    unsigned na, nb;
    const hb_glyph_info_t *ia = hb_buffer_get_glyph_infos(a, &na);
    const hb_glyph_info_t *ib = hb_buffer_get_glyph_infos(b, &nb);
    const hb_glyph_position_t *pa = hb_buffer_get_glyph_positions(a, NULL);
    const hb_glyph_position_t *pb = hb_buffer_get_glyph_positions(b, NULL);
    if (na != nb)
        return false;
    for (unsigned i = 0; i < na; i++)
        if (ia[i].codepoint != ib[i].codepoint || ia[i].cluster != ib[i].cluster ||
            memcmp(&pa[i], &pb[i], sizeof pa[i]) != 0)
            return false;
    return true;
}

/* pango asks for every glyph it shapes whether the glyph has colour; the
 * executable keeps the answers that hold for a face as a whole
 * (glyphcolor.c).  They must be harfbuzz's own, for every glyph of the
 * faces of the fonts the tests see, the colour emoji font among them. */
typedef unsigned int (*color_layers_fn)(hb_face_t *, hb_codepoint_t, unsigned int, unsigned int *,
                                        hb_ot_color_layer_t *);
typedef hb_bool_t (*color_has_fn)(hb_face_t *);

static void test_glyph_colour_as_harfbuzz(void **state)
{
    (void)state;
    color_layers_fn real_layers;
    color_has_fn real_png, real_svg;
    *(void **)&real_layers = dlsym(RTLD_NEXT, "hb_ot_color_glyph_get_layers");
    *(void **)&real_png = dlsym(RTLD_NEXT, "hb_ot_color_has_png");
    *(void **)&real_svg = dlsym(RTLD_NEXT, "hb_ot_color_has_svg");
    assert_non_null(real_layers);
    assert_non_null(real_png);
    assert_non_null(real_svg);
    assert_ptr_not_equal(real_layers, hb_ot_color_glyph_get_layers); /* ours is tested */
    static const char *const fonts[] = {"Noto Serif 11", "Noto Sans Bold 9", "Liberation Sans 10",
                                        "Noto Color Emoji 12"};
    int coloured = 0;
    unsigned glyphs = 0;
    for (size_t k = 0; k < sizeof fonts / sizeof fonts[0]; k++) {
        PangoFontDescription *fd = pango_font_description_from_string(fonts[k]);
        PangoFont *font = pango_context_load_font(lay->context, fd);
        pango_font_description_free(fd);
        assert_non_null(font);
        hb_face_t *face = hb_font_get_face(pango_font_get_hb_font(font));
        for (int twice = 0; twice < 2; twice++) { /* asked, then kept */
            assert_int_equal(!!hb_ot_color_has_png(face), !!real_png(face));
            assert_int_equal(!!hb_ot_color_has_svg(face), !!real_svg(face));
        }
        coloured += !!real_png(face);
        unsigned n = hb_face_get_glyph_count(face);
        for (hb_codepoint_t g = 0; g < n; g++) {
            hb_ot_color_layer_t ours[4], theirs[4];
            unsigned n_ours = 99, n_theirs = 99;
            assert_int_equal(hb_ot_color_glyph_get_layers(face, g, 0, NULL, NULL),
                             real_layers(face, g, 0, NULL, NULL));
            assert_int_equal(hb_ot_color_glyph_get_layers(face, g, 0, &n_ours, ours),
                             real_layers(face, g, 0, &n_theirs, theirs));
            assert_int_equal(n_ours, n_theirs);
            assert_memory_equal(ours, theirs, n_ours * sizeof ours[0]);
        }
        glyphs += n;
        g_object_unref(font);
    }
    assert_int_equal(coloured, 1); /* the emoji font's bitmaps */
    assert_true(glyphs > 5000);
}

static void test_shaping_kept_and_cut(void **state)
{
    (void)state;
    hb_shape_fn harfbuzz;
    *(void **)&harfbuzz = dlsym(RTLD_NEXT, "hb_shape");
    assert_non_null(harfbuzz);
    iop_diag *d = iop_diag_new();
    iop_layout *own = iop_layout_new(d);
    assert_non_null(own);
    PangoFontDescription *fd = pango_font_description_from_string("Noto Serif 11");
    PangoFont *font = pango_context_load_font(own->context, fd);
    assert_non_null(font);
    /* pango shapes with a font made for the call on top of its own */
    hb_font_t *sub = hb_font_create_sub_font(pango_font_get_hb_font(font));
    /* kerning (AV, Ty, Vå), ligatures (ff, fi, ffl) and a word of its own */
    const char *text = "AVTAL Tyresö: Våra effektiva fiskeförsök, officiella "
                       "grafflar och Vägverket. Avtalet gäller 2019\xE2\x80\x93" "2020.";
    int len = (int)strlen(text);

    hb_buffer_t *whole = pango_like_buffer(text, 0, len, false);
    unsigned long before = shapecache_answered();
    hb_shape(sub, whole, NULL, 0);
    assert_int_equal(shapecache_answered(), before); /* new: shaped and kept */
    hb_buffer_t *again = pango_like_buffer(text, 0, len, false);
    hb_shape(sub, again, NULL, 0);
    assert_int_equal(shapecache_answered(), before + 1);
    assert_true(same_shaping(whole, again));

    /* every piece [from, to) between two character boundaries, cut where
     * harfbuzz allows it or not: the answer is harfbuzz's own either way */
    int answered = 0, asked = 0;
    for (int from = 0; from < len; from = (int)(g_utf8_next_char(text + from) - text))
        for (int to = (int)(g_utf8_next_char(text + from) - text); to <= len;
             to = to < len ? (int)(g_utf8_next_char(text + to) - text) : len + 1) {
            hb_buffer_t *got = pango_like_buffer(text, from, to - from, false);
            hb_buffer_t *want = pango_like_buffer(text, from, to - from, false);
            unsigned long n = shapecache_answered();
            hb_shape(sub, got, NULL, 0);
            harfbuzz(sub, want, NULL, 0);
            answered += shapecache_answered() > n;
            asked++;
            assert_true(same_shaping(got, want));
            hb_buffer_destroy(got);
            hb_buffer_destroy(want);
            /* keep the whole text the entry the pieces are cut from */
            hb_buffer_t *w = pango_like_buffer(text, 0, len, false);
            hb_shape(sub, w, NULL, 0);
            hb_buffer_destroy(w);
        }
    /* most cuts are safe; the kerned and ligated pairs are not */
    assert_true(answered > asked / 2);
    assert_true(answered < asked);
    hb_buffer_t *kerned = pango_like_buffer(text, 0, 1, false); /* "A" of "AV" */
    unsigned long n = shapecache_answered();
    hb_shape(sub, kerned, NULL, 0);
    assert_int_equal(shapecache_answered(), n);
    hb_buffer_destroy(kerned);

    /* a piece with pango's hyphen added is another text */
    hb_buffer_t *hy = pango_like_buffer(text, 0, 5, true);
    hb_buffer_t *hy_want = pango_like_buffer(text, 0, 5, true);
    n = shapecache_answered();
    hb_shape(sub, hy, NULL, 0);
    harfbuzz(sub, hy_want, NULL, 0);
    assert_int_equal(shapecache_answered(), n);
    assert_true(same_shaping(hy, hy_want));
    hb_buffer_destroy(hy);
    hb_buffer_destroy(hy_want);

    /* another size is another font of pango's: not answered from this one */
    PangoFontDescription *fd2 = pango_font_description_from_string("Noto Serif 12");
    PangoFont *font2 = pango_context_load_font(own->context, fd2);
    hb_font_t *sub2 = hb_font_create_sub_font(pango_font_get_hb_font(font2));
    hb_buffer_t *other = pango_like_buffer(text, 0, len, false);
    n = shapecache_answered();
    hb_shape(sub2, other, NULL, 0);
    assert_int_equal(shapecache_answered(), n);
    assert_false(same_shaping(other, whole));
    /* nor is a font of harfbuzz's own, which is not pango's */
    hb_buffer_t *plain = pango_like_buffer(text, 0, len, false);
    hb_shape(pango_font_get_hb_font(font), plain, NULL, 0);
    assert_int_equal(shapecache_answered(), n);

    hb_buffer_destroy(plain);
    hb_buffer_destroy(other);
    hb_font_destroy(sub2);
    g_object_unref(font2);
    pango_font_description_free(fd2);
    hb_buffer_destroy(again);
    hb_buffer_destroy(whole);
    hb_font_destroy(sub);
    g_object_unref(font);
    pango_font_description_free(fd);
    iop_layout_free(own);
    iop_diag_free(d);
}

/* ---- a second thread -------------------------------------------------- */

/* What iop_pages_dump prints (caller frees). */
static char *dump_of(const iop_pages *pp)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    assert_non_null(f);
    iop_pages_dump(pp, f);
    assert_int_equal(fclose(f), 0);
    return text;
}

/* A report-like body: a table of contents, headings, hyphenated
 * paragraphs (some the same text twice), lists, labelled fields and
 * tables, enough blocks for the second thread to start. */
static char *threaded_body(void)
{
    iop_strbuf sb = IOP_STRBUF_INIT;
    iop_strbuf_puts(&sb, "<toc/>\n");
    for (int a = 0; a < 12; a++) {
        char *start = text_start(80 + 40 * a);
        iop_strbuf_printf(&sb,
                          "<h2>Partnerskap %d med Föreningen Gemenskap</h2>\n"
                          "<p>%s</p>\n<p>%s</p>\n"
                          "<ul><li>Dialogmöten varje kvartal, %d deltagare.</li>"
                          "<li>%s</li></ul>\n"
                          "<dl><dt>Avtalsperiod</dt><dd>1 juli 2018 – 30 juni 2021</dd>"
                          "<dt>Ersättning</dt><dd>%d 000 kr per år</dd></dl>\n"
                          "<table><thead><tr><th>År</th><th class=\"num\">Kostnad</th></tr>"
                          "</thead><tbody><tr><td>2019</td><td class=\"num\">%d 490 604 kr</td>"
                          "</tr><tr><td>Arbetsmarknadsnämnden</td><td class=\"num\">12 kr</td>"
                          "</tr></tbody></table>\n",
                          a + 1, long_text, start, 10 + a, start, 100 + a, a + 1);
        free(start);
    }
    return iop_strbuf_detach(&sb);
}

/* A document laid out with a second thread gives the pages one thread
 * gives, box for box; so does the next document, which the typesetter
 * lays out on one thread since it starts with layouts kept from the
 * first. */
static void test_second_thread_same_pages(void **state)
{
    (void)state;
    iop_diag *d = iop_diag_new();
    iop_layout *one = iop_layout_new(d);
    iop_layout *two = iop_layout_new(d);
    assert_non_null(one);
    assert_non_null(two);
    iop_layout_set_threads(two, 2);
    char *body = threaded_body();
    char *xml = doc_xml("", "", body);
    iop_document *doc = parse(xml, d);
    assert_non_null(doc);
    for (int round = 0; round < 2; round++) {
        iop_pages *a = iop_layout_document(one, doc, d);
        iop_pages *b = iop_layout_document(two, doc, d);
        assert_non_null(a);
        assert_non_null(b);
        assert_true(a->n_pages >= 3);
        char *da = dump_of(a), *db = dump_of(b);
        assert_string_equal(da, db);
        free(da);
        free(db);
        iop_pages_free(a);
        iop_pages_free(b);
        assert_non_null(two->twin); /* the second thread was used */
    }
    iop_document_free(doc);
    free(xml);
    free(body);
    iop_layout_free(one);
    iop_layout_free(two);
    iop_diag_free(d);
}

/* Fonts measured on two threads at once, each in a typesetter of its own,
 * as the two layout threads do (prefetch.c): pango 1.50 guards its
 * measuring of a font's approximate character width by one flag for the
 * whole process, and a thread that found it set kept 0 for its font for
 * good; pango's line breaker looks three such widths ahead, so a report
 * was spaced otherwise now and then (fontmetrics.c).  A document laid out
 * on two threads first sets up what makes measuring safe; then each
 * thread measures a few hundred new fonts (each size is a new font), the
 * other doing the same meanwhile.  Without it, about 60 of 600 kept 0. */
typedef struct measure_job {
    iop_layout *lay;
    const char *family;
    int fonts, unmeasured;
} measure_job;

static void *measure_fonts(void *data)
{
    measure_job *job = data;
    PangoLanguage *sv = pango_language_from_string("sv");
    PangoFontDescription *fd = pango_font_description_from_string(job->family);
    for (int i = 0; i < job->fonts; i++) {
        pango_font_description_set_size(fd, (int)((6.0 + 0.05 * i) * PANGO_SCALE));
        PangoFont *font = pango_context_load_font(job->lay->context, fd);
        if (!font)
            continue;
        PangoFontMetrics *m = pango_font_get_metrics(font, sv);
        job->unmeasured += pango_font_metrics_get_approximate_char_width(m) <= 0;
        pango_font_metrics_unref(m);
        g_object_unref(font);
    }
    pango_font_description_free(fd);
    return NULL;
}

static void test_fonts_measured_on_two_threads(void **state)
{
    (void)state;
    iop_diag *d = iop_diag_new();
    measure_job jobs[2] = {{iop_layout_new(d), "Noto Serif", 300, 0},
                           {iop_layout_new(d), "Noto Sans", 300, 0}};
    assert_non_null(jobs[0].lay);
    assert_non_null(jobs[1].lay);
    iop_layout_set_threads(jobs[0].lay, 2);
    char *body = threaded_body();
    char *xml = doc_xml("", "", body);
    iop_document *doc = parse(xml, d);
    assert_non_null(doc);
    iop_pages *pages = iop_layout_document(jobs[0].lay, doc, d);
    assert_non_null(pages);
    assert_non_null(jobs[0].lay->twin); /* the second thread was used */
    iop_pages_free(pages);
    iop_document_free(doc);
    free(xml);
    free(body);

    pthread_t other;
    assert_int_equal(pthread_create(&other, NULL, measure_fonts, &jobs[1]), 0);
    measure_fonts(&jobs[0]);
    assert_int_equal(pthread_join(other, NULL), 0);
    assert_int_equal(jobs[0].unmeasured, 0);
    assert_int_equal(jobs[1].unmeasured, 0);
    iop_layout_free(jobs[0].lay);
    iop_layout_free(jobs[1].lay);
    iop_diag_free(d);
}

/* iop_text_line_draw's calls of pango's drawing, counted: it draws plain
 * runs itself and leaves to pango only what pango's renderer must draw.
 * The reference drawings below call pango's own functions. */
static int pango_draws;
static void (*pango_show_line)(cairo_t *, PangoLayoutLine *);
static void (*pango_show_item)(cairo_t *, const char *, PangoGlyphItem *);

static void find_pango_drawing(void)
{
    if (pango_show_line)
        return;
    void *lib = dlopen("libpangocairo-1.0.so.0", RTLD_NOW | RTLD_LOCAL);
    assert_non_null(lib);
    *(void **)&pango_show_line = dlsym(lib, "pango_cairo_show_layout_line");
    *(void **)&pango_show_item = dlsym(lib, "pango_cairo_show_glyph_item");
    assert_non_null(pango_show_line);
    assert_non_null(pango_show_item);
}

void pango_cairo_show_layout_line(cairo_t *cr, PangoLayoutLine *line)
{
    find_pango_drawing();
    pango_draws++;
    pango_show_line(cr, line);
}

void pango_cairo_show_glyph_item(cairo_t *cr, const char *text, PangoGlyphItem *glyph_item)
{
    find_pango_drawing();
    pango_draws++;
    pango_show_item(cr, text, glyph_item);
}

typedef struct pdf_bytes {
    unsigned char *data;
    size_t len;
} pdf_bytes;

static cairo_status_t to_pdf_bytes(void *closure, const unsigned char *data, unsigned int len)
{
    pdf_bytes *b = closure;
    b->data = iop_xreallocarray(b->data, b->len + len, 1);
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return CAIRO_STATUS_SUCCESS;
}

/* A text box alone on a PDF page, drawn by iop_text_line_draw (`ours`)
 * or, as it was before runs were drawn with our own arrays, by pango's
 * line renderer. */
static pdf_bytes line_pdf(const iop_box *b, bool ours)
{
    pdf_bytes out = {NULL, 0};
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_pdf_bytes, &out, 595, 842);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2020-07-01T12:00:00Z");
    cairo_t *cr = cairo_create(s);
    if (ours) {
        assert_true(iop_text_line_draw(b, cr));
    } else {
        uint32_t c = b->color;
        cairo_set_source_rgb(cr, ((c >> 16) & 0xff) / 255.0, ((c >> 8) & 0xff) / 255.0,
                             (c & 0xff) / 255.0);
        cairo_move_to(cr, b->x, b->y);
        pango_show_line(cr, b->line->line);
    }
    assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return out;
}

/* Lines without text to hide (no soft hyphen, no space a line breaks
 * at) come out of iop_text_line_draw as pango's renderer makes them, to
 * the byte: the same glyphs at the same places, the same text and
 * clusters, the same colours in the same order; and pango's renderer is
 * not called for them.  The cases: a run in another colour than the
 * box's, first or between others; several fonts in a line (bold, italic,
 * an Arabic font for a name); right-to-left runs (Arabic, Hebrew);
 * clusters of several glyphs (combining marks, positioned with offsets)
 * and of several characters (ligatures); small capitals that pango makes
 * of capitals in a smaller size; a run of more glyphs than the
 * drawing keeps on its stack.  A character no font has is a hex box,
 * which only pango draws: that line is still pango's. */
static void test_runs_drawn_as_pango_draws(void **state)
{
    (void)state;
    find_pango_drawing();
    const char *styles = "<style match=\"body\" font-family=\"Noto Sans\" font-size=\"10pt\"/>"
                         "<style match=\".red\" color=\"#b00020\"/>"
                         "<style match=\".rtl\" font-family=\"Noto Sans Arabic, Noto Sans\"/>"
                         "<style match=\".serif\" font-family=\"Liberation Serif\"/>"
                         "<style match=\".sc\" font-variant=\"small-caps\"/>"
                         "<style match=\"p.small\" font-size=\"4pt\"/>";
    iop_strbuf body = IOP_STRBUF_INIT;
    iop_strbuf_puts(&body, "<p><span class=\"red\">Röd</span> text, sedan svart</p>\n"
                           "<p>Svart, <span class=\"red\">röd</span>, <strong>fet</strong> och "
                           "<em>kursiv</em> stil</p>\n"
                           "<p>Ledare: <span class=\"rtl\" lang=\"ar\">محمد الأحمد</span> och "
                           "<span lang=\"he\">דוד כהן</span>.</p>\n"
                           "<p>Tecken: q\xCC\x8A x\xCC\x88\xCC\x81 <span class=\"rtl\" "
                           "lang=\"ar\">مُحَمَّد</span></p>\n"
                           "<p class=\"serif\">Officiell affär, fläktar och fjäll</p>\n"
                           "<p class=\"serif\"><span class=\"sc\">Observera</span>: kapitäler</p>\n"
                           "<p>Okänt tecken: \xEE\x80\x80 här</p>\n"
                           "<p class=\"small\">");
    for (int i = 0; i < 5; i++)
        iop_strbuf_puts(&body, "En rad med liten stil och fler tecken än få ");
    iop_strbuf_puts(&body, "</p>\n");
    char *xml = doc_xml(styles, "", body.data);
    iop_pages *pp = lay_out(xml);

    int lines = 0, long_runs = 0, hex_boxes = 0;
    for (size_t p = 0; p < pp->n_pages; p++)
        for (size_t k = 0; k < pp->pages[p].n_boxes; k++) {
            const iop_box *b = &pp->pages[p].boxes[k];
            if (b->kind != IOP_BOX_TEXT || !b->line)
                continue;
            /* the case holds: one line per paragraph, nothing hyphenated */
            assert_null(strstr(b->text, SHY));
            assert_true(b->seg_end == 0);
            lines++;
            bool hex = strstr(b->text, "\xEE\x80\x80") != NULL;
            hex_boxes += hex;
            for (GSList *l = b->line->line->runs; l; l = l->next)
                long_runs += ((PangoGlyphItem *)l->data)->glyphs->num_glyphs > 128;

            pango_draws = 0;
            pdf_bytes ours = line_pdf(b, true);
            if (pango_draws != (hex ? 1 : 0))
                fail_msg("line \"%s\": %d calls of pango's drawing", b->text, pango_draws);
            pdf_bytes theirs = line_pdf(b, false);
            if (ours.len != theirs.len || memcmp(ours.data, theirs.data, ours.len) != 0)
                fail_msg("line \"%s\" is not drawn as pango draws it", b->text);
            free(ours.data);
            free(theirs.data);
        }
    assert_int_equal(lines, 8);
    assert_int_equal(hex_boxes, 1);
    assert_int_equal(long_runs, 1);
    iop_pages_free(pp);
    free(xml);
    iop_strbuf_free(&body);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hyphenation_narrow_column),
        cmocka_unit_test(test_hyphenation_ladder),
        cmocka_unit_test(test_hyphenation_compiled_dict),
        cmocka_unit_test(test_unbreakable_word_wraps),
        cmocka_unit_test(test_char_break_two_letters),
        cmocka_unit_test(test_column_as_wide_as_word),
        cmocka_unit_test(test_narrow_name_breaks_at_dictionary),
        cmocka_unit_test(test_width_bound_holds),
        cmocka_unit_test(test_heading_kept_with_next),
        cmocka_unit_test(test_widows_orphans),
        cmocka_unit_test(test_table_breaks),
        cmocka_unit_test(test_table_tall_row),
        cmocka_unit_test(test_unbreakable_runs),
        cmocka_unit_test(test_table_figures_whole),
        cmocka_unit_test(test_keep_together),
        cmocka_unit_test(test_ruled_heading_kept),
        cmocka_unit_test(test_body_area),
        cmocka_unit_test(test_doctype_line),
        cmocka_unit_test(test_style_properties),
        cmocka_unit_test(test_heading_font),
        cmocka_unit_test(test_letterhead_fields),
        cmocka_unit_test(test_layouts_shared_across_documents),
        cmocka_unit_test(test_short_paragraph_one_line),
        cmocka_unit_test(test_numbered_as_part),
        cmocka_unit_test(test_pages_concat),
        cmocka_unit_test(test_pages_concat_lang),
        cmocka_unit_test(test_font_sort_any_size),
        cmocka_unit_test(test_font_match_in_caller),
        cmocka_unit_test(test_shaping_kept_and_cut),
        cmocka_unit_test(test_glyph_colour_as_harfbuzz),
        cmocka_unit_test(test_second_thread_same_pages),
        cmocka_unit_test(test_fonts_measured_on_two_threads),
        cmocka_unit_test(test_runs_drawn_as_pango_draws),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
