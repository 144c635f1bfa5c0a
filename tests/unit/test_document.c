/* The document layer: the vocabulary of docs/document.md parsed into a
 * tree, its lengths and colours, the cascade of style rules, and errors
 * that name the file and line of the mistake. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "iopreport/document.h"

#define HEAD                                                                                       \
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"                                                 \
    "<document xmlns=\"urn:iopreport:document:1\" lang=\"sv\">\n"

static void dump_diag(const iop_diag *d)
{
    for (size_t i = 0; i < iop_diag_size(d); i++) {
        char *s = iop_diag_format(iop_diag_get(d, i));
        fprintf(stderr, "  diag: %s\n", s);
        free(s);
    }
}

/* Parse a document that must be valid, without a single message. */
static iop_document *parse_ok(const char *xml)
{
    iop_diag *d = iop_diag_new();
    iop_document *doc = iop_document_parse_memory(xml, strlen(xml), "t.xml", d);
    if (!doc || iop_diag_size(d) != 0)
        dump_diag(d);
    assert_non_null(doc);
    assert_int_equal(iop_diag_size(d), 0);
    iop_diag_free(d);
    return doc;
}

/* Parse a document that must be refused; the caller checks the messages. */
static void parse_bad(const char *xml, iop_diag *d)
{
    iop_document *doc = iop_document_parse_memory(xml, strlen(xml), "bad.xml", d);
    if (doc)
        dump_diag(d);
    assert_null(doc);
    assert_true(iop_diag_count(d, IOP_ERROR) > 0);
}

/* Is there an error at exactly `line` of bad.xml whose message holds `needle`? */
static bool has_error(const iop_diag *d, long line, const char *needle)
{
    for (size_t i = 0; i < iop_diag_size(d); i++) {
        const iop_diag_entry *e = iop_diag_get(d, i);
        if (e->severity == IOP_ERROR && e->line == line && e->file &&
            strcmp(e->file, "bad.xml") == 0 && strstr(e->message, needle))
            return true;
    }
    dump_diag(d);
    return false;
}

static void near(double got, double want)
{
    if (fabs(got - want) > 0.01) {
        fprintf(stderr, "  got %.4f, want %.4f\n", got, want);
        fail();
    }
}

static const iop_node *child(const iop_node *n, size_t i)
{
    assert_true(i < n->n_children);
    return n->children[i];
}

/* ---- lengths ------------------------------------------------------------- */

static void length_is(const char *s, double want)
{
    double pt = -1;
    if (!iop_document_parse_length(s, &pt)) {
        fprintf(stderr, "  '%s' refused\n", s);
        fail();
    }
    near(pt, want);
}

static void length_refused(const char *s)
{
    double pt = 0;
    if (iop_document_parse_length(s, &pt)) {
        fprintf(stderr, "  '%s' accepted as %.3f pt\n", s, pt);
        fail();
    }
}

static void test_lengths(void **state)
{
    (void)state;
    length_is("12pt", 12);
    length_is("7", 7); /* a bare number is points */
    length_is("0", 0);
    length_is("1in", 72);
    length_is("25.4mm", 72);
    length_is("2.54cm", 72);
    length_is("16px", 12); /* 3/4 pt */
    length_is("4.2mm", 4.2 * 72 / 25.4);
    length_refused("-5mm"); /* never negative */
    length_refused("12qt");
    length_refused("pt");
    length_refused("");
    length_refused("12 pt pt");
    length_refused("1e999pt");
}

/* ---- the vocabulary ----------------------------------------------------- */

static const char VOCABULARY[] =
    HEAD "  <meta>\n"
         "    <title>Årsrapport 2019</title>\n"
         "    <author>Kommunledningsförvaltningen</author>\n"
         "    <date>1 juli 2018</date>\n"
         "    <case-number>KS 2018/123</case-number>\n"
         "  </meta>\n"
         "  <page size=\"A5\" orientation=\"landscape\" margin-left=\"20mm\" fit-pages=\"2\">\n"
         "    <header><left><field name=\"title\"/></left>\n"
         "      <right><field name=\"page\"/> (<field name=\"pages\"/>)</right></header>\n"
         "    <first-page header=\"none\" footer=\"false\"/>\n"
         "  </page>\n"
         "  <body>\n"
         "    <h2 id=\"kap1\">Rubrik</h2>\n"                                          /* 15 */
         "    <p>Ett   <em>två</em>\n   <b>tre</b>&#160;kr <q>citat</q><br/><a "
         "href=\"#kap1\">länk</a></p>\n"                                             /* 16 */
         "    <ol start=\"3\"><li>a</li><li><p>b</p><ul><li>c</li></ul></li></ol>\n" /* 17 */
         "    <table>\n"
         "      <col width=\"30mm\"/><col width=\"2*\" span=\"2\"/><col align=\"right\"/>\n"
         "      <thead><tr><th colspan=\"4\">Huvud</th></tr></thead>\n"
         "      <tr><td>1</td><td>2</td><td>3</td><td class=\"num\">4</td></tr>\n"
         "      <tfoot><tr><td colspan=\"4\">Summa</td></tr></tfoot>\n"
         "    </table>\n"
         "    <img src=\"logo.png\" alt=\"Kommunens logotyp\" width=\"40mm\"/>\n"
         "    <dl><dt>Period</dt><dd>2019–2020</dd></dl>\n"
         "    <blockquote>lös text<p>stycke</p></blockquote>\n"
         "    <keep><p>x</p></keep><page-break/><toc depth=\"3\" title=\"Innehåll\"/>\n"
         "  </body>\n"
         "</document>\n";

static void test_vocabulary(void **state)
{
    (void)state;
    iop_document *doc = parse_ok(VOCABULARY);
    assert_string_equal(doc->name, "t.xml");
    assert_string_equal(doc->meta.title, "Årsrapport 2019");
    assert_string_equal(doc->meta.author, "Kommunledningsförvaltningen");
    assert_string_equal(doc->meta.date, "1 juli 2018");
    assert_string_equal(doc->meta.case_number, "KS 2018/123");
    assert_null(doc->meta.subject); /* missing is NULL, not "" */
    assert_string_equal(doc->meta.lang, "sv");

    /* A5 landscape: 210 x 148 mm */
    near(doc->page.width, 210 * 72 / 25.4);
    near(doc->page.height, 148 * 72 / 25.4);
    near(doc->page.margin_left, 20 * 72 / 25.4);
    near(doc->page.margin_right, 25 * 72 / 25.4); /* the default */
    assert_int_equal(doc->page.fit_pages, 2);
    assert_int_equal(doc->page.first_header, IOP_FIRST_NONE);
    assert_false(doc->page.first_footer);
    assert_non_null(doc->page.header.left);
    assert_null(doc->page.header.center);
    const iop_node *right = doc->page.header.right;
    assert_non_null(right);
    assert_int_equal(child(right, 0)->kind, IOP_NODE_FIELD);
    assert_string_equal(child(right, 0)->text, "page");
    assert_int_equal(child(right, 2)->kind, IOP_NODE_FIELD);
    assert_string_equal(child(right, 2)->text, "pages");

    const iop_node *body = doc->body;
    assert_int_equal(body->kind, IOP_NODE_BODY);
    assert_int_equal(body->n_children, 10);

    const iop_node *h = child(body, 0);
    assert_int_equal(h->kind, IOP_NODE_HEADING);
    assert_int_equal(h->level, 2);
    assert_string_equal(h->id, "kap1");
    assert_int_equal(h->line, 15);

    /* inlines: whitespace collapsed, no-break space kept, i/b as em/strong */
    const iop_node *p = child(body, 1);
    assert_int_equal(p->kind, IOP_NODE_P);
    assert_int_equal(p->line, 16);
    assert_string_equal(child(p, 0)->text, "Ett ");
    assert_int_equal(child(p, 1)->kind, IOP_NODE_EM);
    assert_string_equal(child(child(p, 1), 0)->text, "två");
    assert_int_equal(child(p, 3)->kind, IOP_NODE_STRONG);
    assert_string_equal(child(p, 4)->text, "\xC2\xA0kr ");
    assert_int_equal(child(p, 5)->kind, IOP_NODE_Q);
    assert_int_equal(child(p, 6)->kind, IOP_NODE_BR);
    assert_int_equal(child(p, 7)->kind, IOP_NODE_A);
    assert_string_equal(child(p, 7)->href, "#kap1");

    const iop_node *ol = child(body, 2);
    assert_int_equal(ol->kind, IOP_NODE_OL);
    assert_int_equal(ol->start, 3);
    assert_int_equal(ol->n_children, 2);
    const iop_node *li = child(ol, 1);
    assert_int_equal(child(li, 0)->kind, IOP_NODE_P);
    assert_int_equal(child(li, 1)->kind, IOP_NODE_UL);

    /* columns: fixed, two proportional from span, automatic; an implicit tbody */
    const iop_node *table = child(body, 3);
    assert_int_equal(table->kind, IOP_NODE_TABLE);
    assert_int_equal(table->n_cols, 4);
    assert_int_equal(table->cols[0].kind, IOP_COL_FIXED);
    near(table->cols[0].value, 30 * 72 / 25.4);
    assert_int_equal(table->cols[1].kind, IOP_COL_PROPORTIONAL);
    near(table->cols[1].value, 2);
    assert_int_equal(table->cols[2].kind, IOP_COL_PROPORTIONAL);
    assert_int_equal(table->cols[3].kind, IOP_COL_AUTO);
    assert_int_equal(table->cols[3].align, IOP_ALIGN_RIGHT);
    assert_int_equal(table->cols[0].align, -1);
    assert_int_equal(table->n_children, 3);
    assert_int_equal(child(table, 0)->kind, IOP_NODE_THEAD);
    assert_int_equal(child(table, 1)->kind, IOP_NODE_TBODY);
    assert_int_equal(child(table, 2)->kind, IOP_NODE_TFOOT);
    const iop_node *th = child(child(child(table, 0), 0), 0);
    assert_int_equal(th->kind, IOP_NODE_TH);
    assert_int_equal(th->colspan, 4);
    const iop_node *td = child(child(child(table, 1), 0), 3);
    assert_int_equal(td->kind, IOP_NODE_TD);
    assert_int_equal(td->colspan, 1);
    assert_string_equal(td->cls, "num");

    const iop_node *img = child(body, 4);
    assert_int_equal(img->kind, IOP_NODE_IMG);
    assert_string_equal(img->src, "logo.png");
    assert_string_equal(img->alt, "Kommunens logotyp");
    assert_false(img->decorative);
    near(img->width, 40 * 72 / 25.4);
    near(img->height, 0); /* natural: the aspect is kept */

    const iop_node *dl = child(body, 5);
    assert_int_equal(dl->kind, IOP_NODE_DL);
    assert_int_equal(child(dl, 0)->kind, IOP_NODE_DT);
    assert_int_equal(child(dl, 1)->kind, IOP_NODE_DD);

    /* text mixed with blocks becomes a paragraph of its own */
    const iop_node *bq = child(body, 6);
    assert_int_equal(bq->kind, IOP_NODE_BLOCKQUOTE);
    assert_int_equal(bq->n_children, 2);
    assert_int_equal(child(bq, 0)->kind, IOP_NODE_P);
    assert_string_equal(child(child(bq, 0), 0)->text, "lös text");

    assert_int_equal(child(body, 7)->kind, IOP_NODE_KEEP);
    assert_int_equal(child(body, 8)->kind, IOP_NODE_PAGE_BREAK);
    const iop_node *toc = child(body, 9);
    assert_int_equal(toc->kind, IOP_NODE_TOC);
    assert_int_equal(toc->level, 3);
    assert_string_equal(toc->title, "Innehåll");

    for (int k = 0; k < IOP_NODE_KIND_COUNT; k++)
        assert_non_null(iop_node_kind_name((iop_node_kind)k));
    assert_true(iop_node_kind_is_block(IOP_NODE_TABLE));
    assert_false(iop_node_kind_is_block(IOP_NODE_EM));
    iop_document_free(doc);
    iop_document_free(NULL);
}

static void test_defaults(void **state)
{
    (void)state;
    iop_document *doc = parse_ok(HEAD "<body/></document>\n");
    near(doc->page.width, 595.276);
    near(doc->page.height, 841.89);
    near(doc->page.margin_top, 25 * 72 / 25.4);
    assert_int_equal(doc->page.first_header, IOP_FIRST_SAME);
    assert_true(doc->page.first_footer);
    assert_int_equal(doc->page.fit_pages, 0);
    assert_int_equal(doc->n_rules, 0);
    assert_int_equal(doc->body->n_children, 0);
    assert_string_equal(doc->base_dir, ".");
    iop_document_free(doc);
}

/* ---- styles ------------------------------------------------------------- */

static const char STYLED[] =
    HEAD "  <styles>\n"
         "    <style match=\"body\" font-family=\"Noto Serif\" font-size=\"10pt\" color=\"#333\"/>\n"
         "    <style match=\"p.note\" font-size=\"8pt\"/>\n"
         "    <style match=\".note\" font-size=\"9pt\" font-style=\"italic\"/>\n"
         "    <style match=\"p\" font-size=\"11pt\" text-align=\"justify\" space-after=\"6pt\"/>\n"
         "    <style match=\"p\" space-after=\"4pt\"/>\n"
         "    <style match=\"h1\" font-size=\"20pt\" color=\"#1d3557\"/>\n"
         "  </styles>\n"
         "  <body><p>a</p><p class=\"note other\">b</p><h1>c</h1><h2>d</h2>"
         "<table><tr><td class=\"num\">1</td></tr></table></body>\n"
         "</document>\n";

static void test_styles(void **state)
{
    (void)state;
    iop_document *doc = parse_ok(STYLED);
    assert_int_equal(doc->n_rules, 6);
    assert_string_equal(doc->rules[1].element, "p");
    assert_string_equal(doc->rules[1].cls, "note");
    assert_null(doc->rules[2].element);
    assert_string_equal(doc->rules[2].cls, "note");
    assert_true(doc->rules[0].style.set & IOP_STYLE_FONT_FAMILY);
    assert_false(doc->rules[0].style.set & IOP_STYLE_ALIGN);
    assert_int_equal(doc->rules[0].style.color, 0x333333); /* #rgb */
    assert_int_equal(doc->rules[0].line, 4);

    iop_style body, st;
    iop_document_style(doc, doc->body, NULL, &body);
    assert_string_equal(body.font_family, "Noto Serif");
    near(body.font_size, 10);
    near(body.line_height, 1.3); /* the built-in default */

    /* an element rule; a later rule for the same element wins */
    const iop_node *p = doc->body->children[0];
    iop_document_style(doc, p, &body, &st);
    near(st.font_size, 11);
    near(st.space_after, 4);
    assert_int_equal(st.align, IOP_ALIGN_JUSTIFY);
    assert_string_equal(st.font_family, "Noto Serif"); /* inherited */
    assert_int_equal(st.color, 0x333333);
    assert_false(st.italic);

    /* element rules, then .class, then element.class, whatever their order */
    const iop_node *note = doc->body->children[1];
    iop_document_style(doc, note, &body, &st);
    near(st.font_size, 8);
    assert_true(st.italic);
    assert_int_equal(st.align, IOP_ALIGN_JUSTIFY);

    /* a heading without a family of its own takes the body's declared one */
    const iop_node *h1 = doc->body->children[2];
    iop_document_style(doc, h1, &body, &st);
    assert_string_equal(st.font_family, "Noto Serif");
    near(st.font_size, 20);
    assert_int_equal(st.font_weight, 700);
    assert_int_equal(st.color, 0x1d3557);
    assert_true(st.keep_with_next);

    /* td.num: right-aligned with tabular figures, built in */
    const iop_node *td = doc->body->children[4]->children[0]->children[0]->children[0];
    assert_int_equal(td->kind, IOP_NODE_TD);
    iop_style table;
    iop_document_style(doc, doc->body->children[4], &body, &table);
    iop_document_style(doc, td, &table, &st);
    assert_int_equal(st.align, IOP_ALIGN_RIGHT);
    assert_true(st.tabular);

    /* and an element that is not a node */
    iop_document_style_for(doc, IOP_NODE_P, "p", "note", &body, &st);
    near(st.font_size, 8);
    iop_document_free(doc);
}

static void test_default_fonts(void **state)
{
    (void)state;
    iop_document *doc = parse_ok(HEAD "<body><p>a</p><h1>b</h1></body></document>\n");
    iop_style body, st;
    iop_document_style(doc, doc->body, NULL, &body);
    assert_string_equal(body.font_family, "Liberation Serif");
    near(body.font_size, 11);
    assert_int_equal(body.align, IOP_ALIGN_LEFT);
    iop_document_style(doc, doc->body->children[1], &body, &st);
    assert_string_equal(st.font_family, "Liberation Sans");
    near(st.font_size, 17);
    iop_document_free(doc);
}

/* ---- errors: refused, each at its file and line ------------------------- */

static void test_errors_have_lines(void **state)
{
    (void)state;
    iop_diag *d = iop_diag_new();
    parse_bad(HEAD "  <styles>\n"                                                  /* 3 */
                   "    <style match=\"p\" font-size=\"12qt\" color=\"red\"/>\n"   /* 4 */
                   "  </styles>\n"                                                 /* 5 */
                   "  <page size=\"A3\" margin-left=\"-5mm\"/>\n"                  /* 6 */
                   "  <body>\n"                                                    /* 7 */
                   "    <marquee/>\n"                                              /* 8 */
                   "    <p>text <blink/></p>\n"                                    /* 9 */
                   "    <img src=\"a.png\"/>\n"                                    /* 10 */
                   "    <p><field name=\"sida\"/></p>\n"                           /* 11 */
                   "  </body>\n"
                   "</document>\n",
              d);
    assert_true(has_error(d, 4, "font-size = '12qt'"));
    assert_true(has_error(d, 4, "color = 'red'"));
    assert_true(has_error(d, 6, "page size must be A4, A5 or letter, not 'A3'"));
    assert_true(has_error(d, 6, "margin-left"));
    assert_true(has_error(d, 8, "<marquee> is not allowed in <body>"));
    assert_true(has_error(d, 9, "<blink> is not allowed in <p>"));
    assert_true(has_error(d, 10, "<img> needs an alt text"));
    assert_true(has_error(d, 11, "unknown field 'sida'"));
    /* every problem was reported, not only the first */
    assert_int_equal(iop_diag_count(d, IOP_ERROR), 8);
    iop_diag_free(d);
}

static void test_refused_documents(void **state)
{
    (void)state;
    iop_diag *d = iop_diag_new();
    parse_bad("<?xml version=\"1.0\"?>\n"
              "<!DOCTYPE document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
              "<document xmlns=\"urn:iopreport:document:1\"><body><p>&x;</p></body></document>\n",
              d);
    assert_true(has_error(d, 2, "DOCTYPE"));
    iop_diag_free(d);

    d = iop_diag_new();
    parse_bad("<?xml version=\"1.0\"?>\n<document><body/></document>\n", d);
    assert_true(has_error(d, 2, "urn:iopreport:document:1"));
    iop_diag_free(d);

    d = iop_diag_new();
    parse_bad(HEAD "<body>\n<p>open\n</body></document>\n", d);
    assert_true(has_error(d, 5, "mismatch")); /* where the mismatch shows */
    iop_diag_free(d);

    d = iop_diag_new();
    parse_bad(HEAD "<meta><title>a</title></meta>\n<body/>\n<styles/>\n</document>\n", d);
    assert_true(iop_diag_count(d, IOP_ERROR) > 0); /* out of order: styles after body */
    iop_diag_free(d);

    d = iop_diag_new();
    parse_bad("", d);
    iop_diag_free(d);

    /* a table cell spans at most 100 columns; an ol starts at a number */
    d = iop_diag_new();
    parse_bad(HEAD "<body>\n<table><tr><td colspan=\"101\">x</td></tr></table>\n"
                   "<ol start=\"x\"><li>a</li></ol>\n</body></document>\n",
              d);
    assert_true(has_error(d, 4, "colspan"));
    assert_true(has_error(d, 5, "start"));
    iop_diag_free(d);
}

/* A template's result tree, handed over in memory: checked as a parsed one,
 * with the lines the tree holds, and only read (the caller still frees it). */
static void test_from_xml_tree(void **state)
{
    (void)state;
    static const char good[] = HEAD "<body>\n<h1>Rubrik</h1>\n<p>text</p>\n</body></document>\n";
    xmlDoc *xml = xmlReadMemory(good, (int)strlen(good), "result.xml", NULL, XML_PARSE_NONET);
    assert_non_null(xml);
    iop_diag *d = iop_diag_new();
    iop_document *doc = iop_document_from_xml(xml, "arsrapport.xsl", d);
    assert_non_null(doc);
    assert_int_equal(iop_diag_size(d), 0);
    assert_string_equal(doc->name, "arsrapport.xsl");
    assert_int_equal(doc->body->n_children, 2);
    assert_int_equal(doc->body->children[1]->line, 5);
    iop_document_free(doc);
    assert_non_null(xmlDocGetRootElement(xml)); /* still the caller's */
    xmlFreeDoc(xml);

    static const char bad[] = HEAD "<body>\n<p>a</p>\n<marquee/>\n</body></document>\n";
    xml = xmlReadMemory(bad, (int)strlen(bad), "result.xml", NULL, XML_PARSE_NONET);
    assert_non_null(xml);
    doc = iop_document_from_xml(xml, "mall.xsl", d);
    assert_null(doc);
    const iop_diag_entry *e = iop_diag_get(d, 0);
    assert_non_null(e);
    assert_string_equal(e->file, "mall.xsl");
    assert_int_equal(e->line, 5);
    assert_non_null(strstr(e->message, "<marquee>"));
    xmlFreeDoc(xml);
    iop_diag_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lengths),
        cmocka_unit_test(test_vocabulary),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_styles),
        cmocka_unit_test(test_default_fonts),
        cmocka_unit_test(test_errors_have_lines),
        cmocka_unit_test(test_refused_documents),
        cmocka_unit_test(test_from_xml_tree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
