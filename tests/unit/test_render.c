/* The render layer's logic that needs no cairo: marking artifacts in a
 * content stream (what makes every painting operator tagged or an
 * artifact, PDF/UA-1 7.1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "render/pdf_finish.h"
#include "render/render_internal.h" /* render_snprintf_known */
#include "iopreport/document.h"
#include "iopreport/layout.h"
#include "iopreport/render.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static char *mark(const char *in, bool *ok)
{
    size_t n = 0;
    char *out = pdf_mark_artifacts(in, strlen(in), &n, ok);
    assert_int_equal(strlen(out), n);
    return out;
}

static void expect(const char *in, const char *want)
{
    bool ok = false;
    char *out = mark(in, &ok);
    assert_true(ok);
    assert_string_equal(out, want);
    free(out);
}

static void test_tagged_content_untouched(void **state)
{
    expect("/P <</MCID 0>> BDC BT /f-0-0 1 Tf (Hej) Tj ET 0 0 1 1 re f EMC",
           "/P <</MCID 0>> BDC BT /f-0-0 1 Tf (Hej) Tj ET 0 0 1 1 re f EMC");
}

static void test_path_wrapped_from_its_first_operator(void **state)
{
    /* nothing may stand between the path and its painting operator */
    expect("q 0 0 0 rg 10 10 m 20 20 l S Q",
           "q 0 0 0 rg /Artifact BMC\n10 10 m 20 20 l S\nEMC\n Q");
    expect("1 2 3 4 re W n 5 6 7 8 re f", "1 2 3 4 re W n /Artifact BMC\n5 6 7 8 re f\nEMC\n");
}

static void test_text_outside_marked_content(void **state)
{
    /* cairo begins marked content inside a text object: each show
     * operator outside it is wrapped on its own */
    expect("BT 1 0 0 1 0 0 Tm (a) Tj /P <</MCID 1>> BDC (b) Tj EMC [(c) 2 (d)] TJ ET",
           "BT 1 0 0 1 0 0 Tm /Artifact BMC\n(a) Tj\nEMC\n /P <</MCID 1>> BDC (b) Tj EMC "
           "/Artifact BMC\n[(c) 2 (d)] TJ\nEMC\n ET");
}

static void test_strings_with_operators_inside(void **state)
{
    /* an operator's name inside a string, escaped parentheses, a comment */
    expect("BT (f \\) S BDC (x) EMC) Tj ET % re f\n",
           "BT /Artifact BMC\n(f \\) S BDC (x) EMC) Tj\nEMC\n ET % re f\n");
    expect("BT <48656a> Tj ET", "BT /Artifact BMC\n<48656a> Tj\nEMC\n ET");
}

static void test_images_and_shadings(void **state)
{
    expect("q /Im1 Do Q", "q /Artifact BMC\n/Im1 Do\nEMC\n Q");
    expect("/Sh0 sh", "/Artifact BMC\n/Sh0 sh\nEMC\n");
    expect("BI /W 1 /H 1 /BPC 8 /CS /G ID \x80 EI Q",
           "/Artifact BMC\nBI /W 1 /H 1 /BPC 8 /CS /G ID \x80 EI\nEMC\n Q");
}

static void test_nested_marked_content(void **state)
{
    expect("/Span BMC /P <</MCID 2>> BDC 0 0 1 1 re f EMC 0 0 1 1 re f EMC 0 0 1 1 re f",
           "/Span BMC /P <</MCID 2>> BDC 0 0 1 1 re f EMC 0 0 1 1 re f EMC "
           "/Artifact BMC\n0 0 1 1 re f\nEMC\n");
}

static void test_span_without_mcid_is_not_tagged(void **state)
{
    /* cairo's ActualText span around a hyphenated word in a footer */
    expect("BT /Span <</ActualText <FEFF0061>>> BDC (a) Tj EMC ET",
           "BT /Artifact BMC\n/Span <</ActualText <FEFF0061>>> BDC (a) Tj EMC\nEMC\n ET");
    expect("/P <</MCID 3>> BDC BT /Span <</ActualText (x)>> BDC (a) Tj EMC ET EMC",
           "/P <</MCID 3>> BDC BT /Span <</ActualText (x)>> BDC (a) Tj EMC ET EMC");
}

static void test_unfinished_text_object_reported(void **state)
{
    bool ok = true;
    free(mark("BT (a) Tj", &ok));
    assert_false(ok);
    ok = true;
    free(mark("BI /W 1 ID \x01\x02", &ok));
    assert_false(ok);
}

/* ---- the finishing step on a PDF that cairo wrote ---- */

typedef struct buf {
    unsigned char *data;
    size_t len;
} buf;

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf *b = closure;
    b->data = realloc(b->data, b->len + len);
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return CAIRO_STATUS_SUCCESS;
}

/* Document > P, Figure, P > Link: the tags in the order of the notes */
static buf tagged_pdf(void)
{
    buf b = {NULL, 0};
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, &b, 200, 200);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, "Årsrapport 2018");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2018-12-31T12:00:00Z");
    cairo_t *cr = cairo_create(s);
    cairo_tag_begin(cr, "Document", NULL);
    cairo_tag_begin(cr, "P", NULL);
    cairo_move_to(cr, 10, 20);
    cairo_show_text(cr, "Hej");
    cairo_tag_end(cr, "P");
    cairo_rectangle(cr, 0, 190, 200, 1); /* a rule: decoration */
    cairo_fill(cr);
    cairo_tag_begin(cr, "Figure", NULL);
    cairo_rectangle(cr, 10, 30, 50, 50);
    cairo_fill(cr);
    cairo_tag_end(cr, "Figure");
    cairo_tag_begin(cr, "P", NULL);
    cairo_tag_begin(cr, "Link", "rect=[10 100 50 20] uri='https://example.se'");
    cairo_move_to(cr, 10, 110);
    cairo_show_text(cr, "example.se");
    cairo_tag_end(cr, "Link");
    cairo_tag_end(cr, "P");
    cairo_tag_end(cr, "Document");
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return b;
}

static const pdf_struct_note NOTES[] = {
    {"Document", 0, 0, NULL, NULL, NULL, 0},
    {"P", 0, 0, NULL, NULL, NULL, 0},
    {"Figure", 0, 0, "Ett blått fält", NULL, NULL, 0},
    {"P", 0, 0, NULL, "en", NULL, 0},
    {"Link", 0, 0, "example.se (https://example.se)", NULL, NULL, 0},
};

static bool has(const unsigned char *d, size_t n, const char *what)
{
    size_t k = strlen(what);
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(d + i, what, k) == 0)
            return true;
    return false;
}

static void test_finish_adds_what_cairo_cannot(void **state)
{
    buf in = tagged_pdf();
    pdf_finish_info info = {NOTES, 5, "sv-SE", "fallback", NULL, 1, NULL, NULL};
    unsigned char *out = NULL;
    size_t n = 0;
    char *err = NULL;
    assert_true(pdf_finish(in.data, in.len, &info, &out, &n, &err));
    assert_null(err);
    assert_true(has(out, n, "/Lang <FEFF00730076002D00530045>")); /* sv-SE */
    assert_true(has(out, n, "/DisplayDocTitle true"));
    assert_true(has(out, n, "/Alt <FEFF"));
    assert_true(has(out, n, "/Lang <FEFF0065006E>")); /* the English paragraph */
    assert_true(has(out, n, "/Contents <FEFF"));
    assert_true(has(out, n, "/GTS_PDFA1"));
    assert_true(has(out, n, "<pdfaid:conformance>A</pdfaid:conformance>"));
    assert_true(has(out, n, "<pdfuaid:part>1</pdfuaid:part>"));
    assert_true(has(out, n, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">Årsrapport 2018<"));
    assert_true(has(out, n, "<xmp:CreateDate>2018-12-31T12:00:00Z</xmp:CreateDate>"));
    assert_true(has(out, n, "/CreationDate (D:20181231120000Z)"));
    assert_true(has(out, n, "/ID [<"));
    assert_true(has(out, n, "%%EOF"));
    /* the same input gives the same bytes (the ID comes from the content),
     * with the streams made on one thread or two */
    for (int threads = 1; threads <= 2; threads++) {
        info.threads = threads;
        unsigned char *again = NULL;
        size_t n2 = 0;
        assert_true(pdf_finish(in.data, in.len, &info, &again, &n2, &err));
        assert_int_equal(n, n2);
        assert_memory_equal(out, again, n);
        free(again);
    }
    free(out);
    free(in.data);
}

static void test_finish_refuses_a_tree_it_does_not_know(void **state)
{
    buf in = tagged_pdf();
    unsigned char *out = NULL;
    size_t n = 0;
    char *err = NULL;
    /* fewer tags noted than elements written */
    pdf_finish_info short_info = {NOTES, 3, "sv-SE", NULL, NULL, 1, NULL, NULL};
    assert_false(pdf_finish(in.data, in.len, &short_info, &out, &n, &err));
    assert_non_null(err);
    assert_null(out);
    free(err);
    /* a type that does not match */
    pdf_struct_note wrong[5];
    memcpy(wrong, NOTES, sizeof wrong);
    wrong[2].type = "Table";
    pdf_finish_info wrong_info = {wrong, 5, "sv-SE", NULL, NULL, 1, NULL, NULL};
    assert_false(pdf_finish(in.data, in.len, &wrong_info, &out, &n, &err));
    assert_non_null(strstr(err, "Figure"));
    free(err);
    /* cut short, or not a PDF at all: an error, never a crash, on one
     * thread or two */
    pdf_finish_info info = {NOTES, 5, "sv-SE", NULL, NULL, 1, NULL, NULL};
    for (info.threads = 1; info.threads <= 2; info.threads++)
        for (size_t cut = 0; cut < in.len; cut += in.len / 97 + 1) {
            err = NULL;
            out = NULL;
            bool ok = pdf_finish(in.data, cut, &info, &out, &n, &err);
            assert_false(ok);
            free(err);
        }
    free(in.data);
}

static void test_finish_writes_extra_xmp_declared(void **state)
{
    buf in = tagged_pdf();
    static const char *const files[] = {"abc  a&b.xml", "def  c.xml"};
    static const char *const version[] = {"x 1"};
    const iop_render_xmp_property props[] = {
        {"program", "the program", version, 1, false},
        {"inputs", "the files", files, 2, true},
    };
    const iop_render_xmp extra = {"Test Schema", "urn:test:1/", "tst", props, 2};
    pdf_finish_info info = {NOTES, 5, "sv-SE", NULL, &extra, 1, NULL, NULL};
    unsigned char *out = NULL;
    size_t n = 0;
    char *err = NULL;
    assert_true(pdf_finish(in.data, in.len, &info, &out, &n, &err));
    /* declared as an extension schema, in the namespace asked for */
    assert_true(has(out, n, "<pdfaSchema:namespaceURI>urn:test:1/</pdfaSchema:namespaceURI>"));
    assert_true(has(out, n, "<pdfaSchema:prefix>tst</pdfaSchema:prefix>"));
    assert_true(has(out, n, "<pdfaProperty:valueType>seq Text</pdfaProperty:valueType>"));
    assert_true(has(out, n, "xmlns:tst=\"urn:test:1/\""));
    /* the values, escaped */
    assert_true(has(out, n, "<tst:program>x 1</tst:program>"));
    assert_true(has(out, n, "<rdf:li>abc  a&amp;b.xml</rdf:li>"));
    assert_true(has(out, n, "<pdfuaid:part>1</pdfuaid:part>"));
    free(out);
    free(in.data);
}

/* ---- the numbers of cairo's PDF (numbers.c) ---------------------------- */

/* glibc's own: vsnprintf is not the function numbers.c defines */
static int glibc_snprintf(char *s, size_t n, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    int r = vsnprintf(s, n, format, ap);
    va_end(ap);
    return r;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static long mismatches;

static void same_double(double d)
{
    static const char *const fixed[] = {"%f", "%.18f"};
    char mine[128], theirs[128];
    for (int k = 0; k < 2; k++) {
        int a = render_snprintf_known(mine, sizeof mine, fixed[k], d);
        if (a < 0)
            continue; /* left to glibc */
        int b = glibc_snprintf(theirs, sizeof theirs, fixed[k], d);
        if (a != b || strcmp(mine, theirs) != 0) {
            if (mismatches++ < 10)
                fprintf(stderr, "%s of %a: '%s', glibc '%s'\n", fixed[k], d, mine, theirs);
        }
    }
    for (int p = 0; p <= 18; p += 1 + (int)(rng() % 4)) {
        int a = render_snprintf_known(mine, sizeof mine, "%.*f", p, d);
        if (a < 0)
            continue;
        int b = glibc_snprintf(theirs, sizeof theirs, "%.*f", p, d);
        if (a != b || strcmp(mine, theirs) != 0) {
            if (mismatches++ < 10)
                fprintf(stderr, "%%.%df of %a: '%s', glibc '%s'\n", p, d, mine, theirs);
        }
    }
}

/* What numbers.c prints is what glibc prints, to the byte: doubles of
 * every magnitude, halves that must round to even, the coordinates of a
 * page, zeros of both signs; the integer formats cairo uses; and the
 * truncation and return value of snprintf. */
static void test_numbers_as_glibc_prints_them(void **state)
{
    (void)state;
    char probe[8];
    if (render_snprintf_known(probe, sizeof probe, "%d", 1) < 0)
        skip(); /* not built under the sanitizers: glibc prints every number */
    mismatches = 0;
    static const double special[] = {0.0, -0.0, 0.5, 1.5, 2.5, -0.5, 0.125, 0.1, 0.05, 1e-7,
                                     -1e-7, 5e-7, 0.0000005, 999999.9999995, 841.89, 595.276,
                                     0.0999999999, 1e-300, 4.9e-324, DBL_MAX, 9.2e18, 9.3e18,
                                     INFINITY, -INFINITY, NAN, 1.0 / 3, 2.0 / 3};
    for (size_t i = 0; i < sizeof special / sizeof special[0]; i++)
        same_double(special[i]);
    for (int i = 0; i < 300000; i++) {
        uint64_t r = rng();
        double d;
        switch (i % 5) {
        case 0: /* any bits */
            memcpy(&d, &r, sizeof d);
            break;
        case 1: /* a page coordinate */
            d = (double)(int64_t)(r % 2000000000) / 1e6 - 1000;
            break;
        case 2: /* a dyadic fraction: ties when printed short */
            d = (double)(int64_t)(r >> 40) / (double)(1ull << (r % 24));
            break;
        case 3: /* small, as cairo prints with %.18f */
            d = ldexp((double)(r >> 11), -53 - (int)(r % 80));
            break;
        default: /* a colour component or glyph advance */
            d = (double)(r % 1000001) / 1000000.0;
            break;
        }
        same_double(d);
    }
    assert_int_equal(mismatches, 0);

    static const int ints[] = {0, 1, -1, 9, 10, 12345, -98765, INT_MAX, INT_MIN};
    char mine[64], theirs[64];
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        int v = ints[i];
#define SAME(fmt, ...)                                                                           \
    do {                                                                                         \
        int a_ = render_snprintf_known(mine, sizeof mine, fmt, __VA_ARGS__);                     \
        int b_ = glibc_snprintf(theirs, sizeof theirs, fmt, __VA_ARGS__);                        \
        assert_int_equal(a_, b_);                                                                \
        assert_string_equal(mine, theirs);                                                       \
    } while (0)
        SAME("%d", v);
        SAME("%ld", (long)v * 100003L);
        SAME("%010ld", (long)v);
        SAME("%03o", (unsigned)v);
        SAME("%04X", (unsigned)v);
        SAME("%04x", (unsigned)v);
        SAME("%02x", (unsigned)v & 0xff);
        SAME("%0*x", 4, (unsigned)v);
        SAME("%0*x", 1, (unsigned)v);
#undef SAME
    }
    /* anything else is glibc's */
    assert_int_equal(render_snprintf_known(mine, sizeof mine, "%s", "x"), -1);
    assert_int_equal(render_snprintf_known(mine, sizeof mine, "x%d", 1), -1);
    /* cut short as snprintf cuts: the length it would have printed */
    char small[4];
    assert_int_equal(render_snprintf_known(small, sizeof small, "%f", 841.89), 10);
    assert_string_equal(small, "841");
    assert_int_equal(render_snprintf_known(NULL, 0, "%d", 12345), 5);
}

/* Document > P, P on two pages (as the tagger ends a leaf at a page
 * break and begins it again on the next page), then a P of its own, then
 * a Table whose TR holds two TDs on each page. */
static buf tagged_pdf_two_pages(void)
{
    buf b = {NULL, 0};
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, &b, 200, 200);
    cairo_t *cr = cairo_create(s);
    cairo_tag_begin(cr, "Document", NULL);
    cairo_tag_begin(cr, "P", NULL);
    cairo_move_to(cr, 10, 180);
    cairo_show_text(cr, "Ett stycke som");
    cairo_tag_end(cr, "P");
    cairo_show_page(cr);
    cairo_rectangle(cr, 0, 5, 200, 1); /* the next page's running header */
    cairo_fill(cr);
    cairo_tag_begin(cr, "P", NULL);
    cairo_move_to(cr, 10, 20);
    cairo_show_text(cr, "fortsätter här.");
    cairo_tag_end(cr, "P");
    cairo_tag_begin(cr, "P", NULL);
    cairo_move_to(cr, 10, 40);
    cairo_show_text(cr, "Nästa stycke.");
    cairo_tag_end(cr, "P");
    cairo_tag_begin(cr, "Table", NULL);
    cairo_tag_begin(cr, "TR", NULL);
    for (int page = 0; page < 2; page++) {
        cairo_tag_begin(cr, "TD", NULL);
        cairo_move_to(cr, 10, 60);
        cairo_show_text(cr, page ? "a2" : "a1");
        cairo_tag_end(cr, "TD");
        cairo_tag_begin(cr, "TD", NULL);
        cairo_move_to(cr, 100, 60);
        cairo_show_text(cr, page ? "b2" : "b1");
        cairo_tag_end(cr, "TD");
        if (!page)
            cairo_show_page(cr);
    }
    cairo_tag_end(cr, "TR");
    cairo_tag_end(cr, "Table");
    cairo_tag_end(cr, "Document");
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return b;
}

static const pdf_struct_note NOTES_TWO_PAGES[] = {
    {"Document", 0, 0, NULL, NULL, NULL, 0},
    {"P", 0, 0, NULL, NULL, NULL, 0},
    {"P", 0, 0, NULL, NULL, NULL, 1},
    {"P", 0, 0, NULL, "en", NULL, 0},
    {"Table", 0, 0, NULL, NULL, NULL, 0},
    {"TR", 0, 0, NULL, NULL, NULL, 0},
    {"TD", 0, 0, NULL, NULL, NULL, 0},
    {"TD", 0, 0, NULL, NULL, NULL, 0},
    {"TD", 0, 0, NULL, NULL, NULL, 6},
    {"TD", 0, 0, NULL, NULL, NULL, 7},
};

static size_t count(const unsigned char *d, size_t n, const char *what)
{
    size_t k = strlen(what), c = 0;
    for (size_t i = 0; i + k <= n; i++)
        if (memcmp(d + i, what, k) == 0)
            c++;
    return c;
}

/* The number of the object that holds `what`, or 0. */
static int obj_with(const unsigned char *d, size_t n, const char *what)
{
    size_t k = strlen(what);
    int num = 0;
    for (size_t i = 0; i + k <= n; i++) {
        if ((i == 0 || d[i - 1] == '\n') && d[i] >= '1' && d[i] <= '9') {
            char line[32] = {0};
            memcpy(line, d + i, n - i < 31 ? n - i : 31);
            int v;
            char word[8];
            if (sscanf(line, "%d 0 %7s", &v, word) == 2 && strcmp(word, "obj") == 0)
                num = v;
        }
        if (memcmp(d + i, what, k) == 0)
            return num;
    }
    return 0;
}

static void test_finish_joins_an_element_across_pages(void **state)
{
    buf in = tagged_pdf_two_pages();
    pdf_finish_info info = {NOTES_TWO_PAGES, 10, "sv-SE", NULL, NULL, 2, NULL, NULL}; /* the streams on two threads */
    unsigned char *out = NULL;
    size_t n = 0;
    char *err = NULL;
    assert_true(pdf_finish(in.data, in.len, &info, &out, &n, &err));
    assert_null(err);
    /* before: ten elements; after: the paragraph and the two cells are one each */
    assert_int_equal(count(in.data, in.len, "/Type /StructElem"), 10);
    assert_int_equal(count(out, n, "/Type /StructElem"), 7);
    assert_int_equal(count(out, n, "\nnull\nendobj"), 3);
    /* the page-2 content as marked-content references to page 2 */
    assert_int_equal(count(out, n, "/Type /MCR /Pg "), 3);
    /* nothing refers to a joined element any more: not its parent, not the
     * ParentTree */
    for (size_t at = 0; at + 5 < n; at++) {
        if (memcmp(out + at, "\nnull\nendobj", 12) != 0)
            continue;
        size_t b = at;
        while (b > 0 && out[b - 1] != '\n')
            b--;
        int joined = atoi((const char *)out + b);
        assert_true(joined > 0);
        char ref[32];
        snprintf(ref, sizeof ref, " %d 0 R", joined);
        assert_int_equal(count(out, n, ref), 0);
    }
    /* the joined paragraph: its own MCID on page 1, one MCR on page 2, and
     * page 2's ParentTree array maps that MCID to it */
    int p = obj_with(out, n, "/S /P");
    assert_true(p > 0);
    char ref[32];
    snprintf(ref, sizeof ref, " %d 0 R", p);
    assert_int_equal(count(out, n, ref), 3); /* Document's /K, two ParentTree arrays */
    /* the table row keeps its two cells, in order */
    int tr = obj_with(out, n, "/S /TR");
    assert_true(tr > 0);
    /* the same input gives the same bytes */
    unsigned char *again = NULL;
    size_t n2 = 0;
    assert_true(pdf_finish(in.data, in.len, &info, &again, &n2, &err));
    assert_int_equal(n, n2);
    assert_memory_equal(out, again, n);
    free(again);
    free(out);

    /* a continuation of an element begun after it, or in another parent:
     * an error, never a guess */
    pdf_struct_note wrong[10];
    memcpy(wrong, NOTES_TWO_PAGES, sizeof wrong);
    wrong[2].continues = 3;
    pdf_finish_info wrong_info = {wrong, 10, "sv-SE", NULL, NULL, 1, NULL, NULL};
    assert_false(pdf_finish(in.data, in.len, &wrong_info, &out, &n, &err));
    assert_non_null(err);
    free(err);
    memcpy(wrong, NOTES_TWO_PAGES, sizeof wrong);
    wrong[8].continues = 1; /* a TD in the TR continuing the Document's P */
    assert_false(pdf_finish(in.data, in.len, &wrong_info, &out, &n, &err));
    assert_non_null(strstr(err, "another parent"));
    free(err);
    free(in.data);
}

/* A link whose text a page break cuts: a Link element (and annotation)
 * on each page, joined into one Link with both annotations, which the
 * ParentTree maps to it. */
static void test_finish_joins_a_link_across_pages(void **state)
{
    buf in = {NULL, 0};
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_buf, &in, 200, 200);
    cairo_t *cr = cairo_create(s);
    cairo_tag_begin(cr, "Document", NULL);
    cairo_tag_begin(cr, "P", NULL);
    for (int page = 0; page < 2; page++) {
        cairo_tag_begin(cr, "Link", "rect=[10 170 50 20] uri='https://example.se'");
        cairo_move_to(cr, 10, 180);
        cairo_show_text(cr, page ? "se" : "example.");
        cairo_tag_end(cr, "Link");
        if (!page)
            cairo_show_page(cr);
    }
    cairo_tag_end(cr, "P");
    cairo_tag_end(cr, "Document");
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    static const pdf_struct_note notes[] = {
        {"Document", 0, 0, NULL, NULL, NULL, 0},
        {"P", 0, 0, NULL, NULL, NULL, 0},
        {"Link", 0, 0, "example.se (https://example.se)", NULL, NULL, 0},
        {"Link", 0, 0, "example.se (https://example.se)", NULL, NULL, 2},
    };
    pdf_finish_info info = {notes, 4, "sv-SE", NULL, NULL, 2, NULL, NULL};
    unsigned char *out = NULL;
    size_t n = 0;
    char *err = NULL;
    assert_true(pdf_finish(in.data, in.len, &info, &out, &n, &err));
    assert_int_equal(count(out, n, "/Type /StructElem"), 3);
    assert_int_equal(count(out, n, "/S /Link"), 1);
    assert_int_equal(count(out, n, "/Type /OBJR"), 2);
    assert_int_equal(count(out, n, "/Contents <FEFF"), 2); /* both annotations say where */
    int link = obj_with(out, n, "/S /Link");
    int joined = obj_with(out, n, "\nnull\nendobj");
    assert_true(link > 0 && joined > 0);
    char ref[32];
    snprintf(ref, sizeof ref, " %d 0 R", joined);
    assert_int_equal(count(out, n, ref), 0);
    /* P's /K, the two pages' arrays and the two annotations' entries */
    snprintf(ref, sizeof ref, " %d 0 R", link);
    assert_int_equal(count(out, n, ref), 5);
    free(out);
    free(in.data);
}

/* ---- page contents finished while cairo paints (pdf_ahead.c) ---- */

typedef struct locked_buf {
    unsigned char *data;
    size_t len;
    pdf_ahead *ahead;
} locked_buf;

static cairo_status_t to_locked_buf(void *closure, const unsigned char *data, unsigned int len)
{
    locked_buf *b = closure;
    /* the buffer moves only under the lock, as render_pdf's does */
    pdf_ahead_lock(b->ahead);
    b->data = realloc(b->data, b->len + len);
    pdf_ahead_unlock(b->ahead);
    memcpy(b->data + b->len, data, len);
    b->len += len;
    return CAIRO_STATUS_SUCCESS;
}

static const pdf_struct_note NOTES_THREE_PAGES[] = {
    {"Document", 0, 0, NULL, NULL, NULL, 0},
    {"P", 0, 0, NULL, NULL, NULL, 0},
    {"P", 0, 0, NULL, NULL, NULL, 0},
    {"P", 0, 0, NULL, NULL, NULL, 0},
};

/* Three pages of a paragraph and a rule, content uncompressed as
 * render_pdf has cairo write it, each page handed to `ahead` once shown. */
static locked_buf three_pages_ahead(void)
{
    locked_buf b = {NULL, 0, pdf_ahead_start(&b.data, NULL)};
    assert_non_null(b.ahead);
    assert_int_equal(setenv("CAIRO_DEBUG_PDF", "1", 1), 0);
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(to_locked_buf, &b, 200, 200);
    unsetenv("CAIRO_DEBUG_PDF");
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2018-12-31T12:00:00Z");
    cairo_t *cr = cairo_create(s);
    cairo_tag_begin(cr, "Document", NULL);
    for (int page = 0; page < 3; page++) {
        cairo_tag_begin(cr, "P", NULL);
        cairo_move_to(cr, 10, 20);
        cairo_show_text(cr, page == 1 ? "Sida två" : "Sida");
        cairo_tag_end(cr, "P");
        cairo_rectangle(cr, 0, 190, 200, 1); /* a rule: an artifact */
        cairo_fill(cr);
        cairo_show_page(cr);
        pdf_ahead_page(b.ahead, b.len);
    }
    cairo_tag_end(cr, "Document");
    cairo_destroy(cr);
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    pdf_ahead_join(b.ahead);
    return b;
}

/* Where the data of the content stream of the `k`-th page (from 0) is. */
static bool content_of_page(const unsigned char *d, size_t n, int k, size_t *obj, size_t *at,
                            size_t *len)
{
    size_t from = 0;
    for (int seen = 0;; seen++) {
        const unsigned char *c = NULL;
        for (size_t i = from; i + 10 <= n && !c; i++)
            if (memcmp(d + i, "/Contents ", 10) == 0)
                c = d + i;
        if (!c)
            return false;
        from = (size_t)(c - d) + 1;
        if (seen < k)
            continue;
        *obj = strtoul((const char *)c + 10, NULL, 10);
        char head[48];
        snprintf(head, sizeof head, "\n%zu 0 obj\n<< /Length ", *obj);
        size_t hl = strlen(head);
        for (size_t i = 0; i + hl <= n; i++)
            if (memcmp(d + i, head, hl) == 0) {
                unsigned long lobj = strtoul((const char *)d + i + hl, NULL, 10);
                const unsigned char *st = d + i + hl;
                while (memcmp(st, "stream\n", 7) != 0)
                    st++;
                *at = (size_t)(st + 7 - d);
                snprintf(head, sizeof head, "\n%lu 0 obj\n   ", lobj);
                hl = strlen(head);
                for (size_t j = *at; j + hl <= n; j++)
                    if (memcmp(d + j, head, hl) == 0) {
                        *len = strtoul((const char *)d + j + hl, NULL, 10);
                        return true;
                    }
                return false;
            }
        return false;
    }
}

/* pdf_finish gives the same bytes with the information `x` and `y`. */
static void assert_finished_alike(const unsigned char *data, size_t len, const pdf_finish_info *x,
                                  const pdf_finish_info *y)
{
    unsigned char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    char *err = NULL;
    assert_true(pdf_finish(data, len, x, &a, &na, &err));
    assert_true(pdf_finish(data, len, y, &b, &nb, &err));
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    free(a);
    free(b);
}

static void test_ahead_finishes_each_page_as_shown(void **state)
{
    (void)state;
    locked_buf in = three_pages_ahead();
    pdf_finish_info alone = {NOTES_THREE_PAGES, 4, "sv-SE", "t", NULL, 1, NULL, NULL};
    pdf_finish_info ahead = alone;
    ahead.ahead = in.ahead;
    /* each page's content was made by the thread, from these bytes */
    for (int k = 0; k < 3; k++) {
        size_t obj = 0, at = 0, len = 0, zlen = 0;
        assert_true(content_of_page(in.data, in.len, k, &obj, &at, &len));
        assert_non_null(pdf_ahead_find(in.ahead, obj, at, len, (const char *)in.data + at, &zlen));
        assert_true(zlen > 0);
        /* never for other bytes, another place, another object */
        assert_null(pdf_ahead_find(in.ahead, obj, at + 1, len - 1, (const char *)in.data + at + 1,
                                   &zlen));
        assert_null(pdf_ahead_find(in.ahead, obj + 1000, at, len, (const char *)in.data + at,
                                   &zlen));
        char *other = malloc(len);
        memcpy(other, in.data + at, len);
        other[len / 2] ^= 1;
        assert_null(pdf_ahead_find(in.ahead, obj, at, len, other, &zlen));
        free(other);
    }
    /* the finished file is the same to the byte with or without them */
    assert_finished_alike(in.data, in.len, &alone, &ahead);
    /* a page changed after the thread read it: its result is not taken,
     * the page is finished from the bytes as they are */
    size_t obj = 0, at = 0, len = 0;
    assert_true(content_of_page(in.data, in.len, 1, &obj, &at, &len));
    assert_int_equal(in.data[at], '1'); /* "1 0 0 -1 0 200 cm" */
    in.data[at] = '2';
    assert_finished_alike(in.data, in.len, &alone, &ahead);
    pdf_ahead_free(in.ahead);
    free(in.data);
}

/* Input of `n` bytes, as compressible as a content stream when `text`,
 * else hardly at all. */
static char *deflate_input(size_t n, bool text, unsigned seed)
{
    char *s = malloc(n ? n : 1);
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; i++) {
        x = x * 1664525u + 1013904223u;
        s[i] = text ? "0123456789 .Tf Tj BT ET q Q cm re f\n"[(x >> 24) % 37] : (char)(x >> 24);
    }
    return s;
}

static void assert_deflated_as_compress2(pdf_deflates *kept, const char *in, size_t n)
{
    uLongf want_len = compressBound(n);
    unsigned char *want = malloc(want_len);
    assert_int_equal(compress2(want, &want_len, (const Bytef *)in, n, Z_DEFAULT_COMPRESSION), Z_OK);
    size_t got_len = 0;
    unsigned char *got = pdf_deflate(kept, in, n, &got_len);
    assert_non_null(got);
    assert_int_equal(got_len, want_len);
    assert_memory_equal(got, want, want_len);
    free(got);
    free(want);
}

typedef struct deflate_thread {
    pdf_deflates *kept;
    unsigned seed;
} deflate_thread;

static void *deflate_many(void *arg)
{
    const deflate_thread *t = arg;
    for (unsigned k = 0; k < 40; k++) {
        size_t n = (size_t)(t->seed * 7919u + k * 104729u) % 150000;
        char *in = deflate_input(n, k % 3 != 0, t->seed + k);
        assert_deflated_as_compress2(t->kept, in, n);
        free(in);
    }
    return NULL;
}

/* A kept zlib state writes what a fresh one writes, whatever the stream
 * before it was, on several threads at once; and without kept states. */
static void test_deflate_as_compress2(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 100, 65535, 65536, 65537, 300000};
    for (int pass = 0; pass < 2; pass++) {
        pdf_deflates *kept = pass == 0 ? pdf_deflates_new() : NULL;
        assert_true(pass == 1 || kept != NULL);
        for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++)
            for (int text = 0; text < 2; text++) {
                char *in = deflate_input(sizes[i], text, (unsigned)i);
                assert_deflated_as_compress2(kept, in, sizes[i]);
                free(in);
            }
        pthread_t t[4];
        deflate_thread args[4];
        for (int k = 0; k < 4; k++) {
            args[k] = (deflate_thread){kept, (unsigned)k + 1};
            assert_int_equal(pthread_create(&t[k], NULL, deflate_many, &args[k]), 0);
        }
        for (int k = 0; k < 4; k++)
            assert_int_equal(pthread_join(t[k], NULL), 0);
        pdf_deflates_free(kept);
    }
}

/* ---- pages freed as they are painted (iop_render_options.page_done) ---- */

typedef struct released {
    iop_pages *pages;
    size_t next; /* the page expected next */
} released;

static void release_painted(void *user, size_t page)
{
    released *r = user;
    assert_int_equal(page, r->next++);
    iop_pages_release_page(r->pages, page);
}

/* A PDF written while its pages are freed one by one is the same to the
 * byte as one written from pages kept whole: links to earlier and later
 * pages, an image, a table across pages.  What a page held is gone when
 * the writer is done with it, and the pages can still be freed. */
static void test_pages_freed_as_painted(void **state)
{
    (void)state;
    iop_strbuf body = IOP_STRBUF_INIT;
    iop_strbuf_printf(&body, "<h1 id=\"forst\">Först</h1><p>Till <a href=\"#sist\">slutet</a>.</p>"
                             "<img src=\"%s/tests/documents/logo.png\" width=\"20mm\" "
                             "alt=\"Vapnet\"/><table><tbody>",
                      IOP_SOURCE_DIR);
    for (int r = 0; r < 60; r++)
        iop_strbuf_printf(&body, "<tr><td>Rad %d</td><td>Föreningen och nämnden i samverkan</td></tr>",
                          r);
    iop_strbuf_printf(&body, "</tbody></table>");
    for (int k = 0; k < 40; k++)
        iop_strbuf_printf(&body, "<p>Stycke %d: idéburet offentligt partnerskap mellan kommunens "
                                 "nämnder och föreningarna, med uppföljning varje år.</p>",
                          k);
    iop_strbuf_printf(&body, "<h1 id=\"sist\">Sist</h1><p>Tillbaka till <a href=\"#forst\">"
                             "början</a>.</p>");
    char *xml = iop_xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                              "<document xmlns=\"urn:iopreport:document:1\" lang=\"sv\">\n"
                              "<meta><title>Test</title></meta><styles/>\n<body>%s</body></document>\n",
                              body.data);
    iop_strbuf_free(&body);
    iop_diag *d = iop_diag_new();
    iop_document *doc = iop_document_parse_memory(xml, strlen(xml), "t.xml", d);
    assert_non_null(doc);
    iop_layout *lay = iop_layout_new(d);
    assert_non_null(lay);
    iop_render_meta meta;
    iop_render_meta_from_document(doc, &meta);
    meta.creation_time = 1700000000;
    char dir[] = "/tmp/iop-test-render-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *whole_path = iop_xasprintf("%s/whole.pdf", dir);
    char *freed_path = iop_xasprintf("%s/freed.pdf", dir);

    iop_pages *whole = iop_layout_document(lay, doc, d);
    assert_non_null(whole);
    assert_true(whole->n_pages >= 3);
    iop_render_options plain = {.meta = &meta, .threads = 1};
    assert_true(iop_render_write(whole, IOP_FORMAT_PDF, whole_path, &plain, d));

    iop_pages *pages = iop_layout_document(lay, doc, d);
    assert_non_null(pages);
    released r = {pages, 0};
    iop_render_options freeing = {.meta = &meta, .threads = 1, .page_done = release_painted,
                                  .page_done_user = &r};
    assert_true(iop_render_write(pages, IOP_FORMAT_PDF, freed_path, &freeing, d));
    assert_int_equal(r.next, pages->n_pages);
    for (size_t p = 0; p < pages->n_pages; p++) {
        assert_null(pages->pages[p].boxes);
        assert_int_equal(pages->pages[p].n_boxes, 0);
        assert_true(pages->pages[p].width > 0); /* the size stays */
    }
    assert_int_equal(iop_diag_count(d, IOP_ERROR), 0);

    size_t na = 0, nb = 0;
    char *why = NULL;
    char *a = iop_file_read(whole_path, 1 << 24, &na, &why);
    assert_non_null(a);
    char *b = iop_file_read(freed_path, 1 << 24, &nb, &why);
    assert_non_null(b);
    assert_true(na > 0);
    assert_int_equal(na, nb);
    assert_memory_equal(a, b, na);
    free(a);
    free(b);
    iop_pages_free(pages);
    iop_pages_free(whole);
    remove(whole_path);
    remove(freed_path);
    rmdir(dir);
    free(whole_path);
    free(freed_path);
    iop_layout_free(lay);
    iop_document_free(doc);
    iop_diag_free(d);
    free(xml);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tagged_content_untouched),
        cmocka_unit_test(test_path_wrapped_from_its_first_operator),
        cmocka_unit_test(test_text_outside_marked_content),
        cmocka_unit_test(test_strings_with_operators_inside),
        cmocka_unit_test(test_images_and_shadings),
        cmocka_unit_test(test_nested_marked_content),
        cmocka_unit_test(test_span_without_mcid_is_not_tagged),
        cmocka_unit_test(test_unfinished_text_object_reported),
        cmocka_unit_test(test_finish_adds_what_cairo_cannot),
        cmocka_unit_test(test_finish_refuses_a_tree_it_does_not_know),
        cmocka_unit_test(test_finish_writes_extra_xmp_declared),
        cmocka_unit_test(test_numbers_as_glibc_prints_them),
        cmocka_unit_test(test_finish_joins_an_element_across_pages),
        cmocka_unit_test(test_finish_joins_a_link_across_pages),
        cmocka_unit_test(test_ahead_finishes_each_page_as_shown),
        cmocka_unit_test(test_deflate_as_compress2),
        cmocka_unit_test(test_pages_freed_as_painted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
