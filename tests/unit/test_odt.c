/* The ODT layer: how it spells lengths, colours and style names, the size
 * of a PNG, and a package made from a small document (read back with
 * libzip: mimetype first and stored, the parts, the styles named after
 * the classes). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "iopreport/odt.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

static void expect_length(double pt, const char *want)
{
    char buf[32];
    iop_odt_length(pt, buf, sizeof buf);
    assert_string_equal(buf, want);
}

static void test_lengths(void **state)
{
    expect_length(12, "12pt");
    expect_length(12.5, "12.5pt");
    expect_length(453.5433, "453.543pt");
    expect_length(0.0004, "0pt");
    expect_length(-6, "-6pt");
    expect_length(70.8661, "70.866pt");
    /* a decimal comma would make the file invalid: never the locale's */
    if (setlocale(LC_NUMERIC, "sv_SE.UTF-8")) {
        expect_length(12.5, "12.5pt");
        setlocale(LC_NUMERIC, "C");
    }
}

static void test_colors(void **state)
{
    char buf[8];
    iop_odt_color(0x1d3557, buf);
    assert_string_equal(buf, "#1d3557");
    iop_odt_color(0, buf);
    assert_string_equal(buf, "#000000");
    iop_odt_color(0xff123456, buf); /* only the 24 bits of the colour */
    assert_string_equal(buf, "#123456");
}

static void expect_name(const char *in, const char *want)
{
    char *got = iop_odt_style_name(in);
    assert_string_equal(got, want);
    free(got);
}

static void test_style_names(void **state)
{
    expect_name("decision", "decision");
    expect_name("td.num", "td.num");
    expect_name("head-kind", "head-kind");
    expect_name("a b", "a_b");
    expect_name("2col", "_2col");
    expect_name("-x", "_-x");
    expect_name("", "_");
    expect_name("väg", "v__g"); /* two bytes of UTF-8, each replaced */
}

static void test_png_size(void **state)
{
    static const unsigned char png[] = {0x89, 'P', 'N', 'G',  '\r', '\n', 0x1a, '\n', 0, 0,
                                        0,    13,  'I', 'H',  'D',  'R',  0,    0,    1, 0x2c,
                                        0,    0,   0,   0x64, 8,    6,    0,    0,    0};
    unsigned w = 0, h = 0;
    assert_true(iop_odt_png_size(png, sizeof png, &w, &h));
    assert_int_equal(w, 300);
    assert_int_equal(h, 100);
    assert_false(iop_odt_png_size(png, 20, &w, &h));
    unsigned char not_png[sizeof png];
    memcpy(not_png, png, sizeof png);
    not_png[1] = 'Q';
    assert_false(iop_odt_png_size(not_png, sizeof not_png, &w, &h));
}

static const char doc_xml[] =
    "<document xmlns=\"urn:iopreport:document:1\" lang=\"sv\">"
    "<meta><title>Prov &amp; test</title><case-number>KS 2020/1</case-number></meta>"
    "<styles><style match=\".note\" color=\"#555555\"/></styles>"
    "<page><header><right><field name=\"case-number\"/></right></header>"
    "<footer><right><field name=\"page\"/> (<field name=\"pages\"/>)</right></footer></page>"
    "<body><h2 id=\"a\">Rubrik</h2><p class=\"note\">Ett <em>två</em> tre &lt;fyra&gt;</p>"
    "<table><thead><tr><th>År</th><th>Kr</th></tr></thead>"
    "<tbody><tr><td colspan=\"2\">2019</td></tr></tbody></table>"
    "<img src=\"saknas.png\" alt=\"Saknas\"/>"
    "<chart kind=\"bar\" title=\"Stapel\" alt=\"Ett diagram\"><item label=\"A\" value=\"1\" "
    "display=\"1 kr\"/></chart></body></document>";

static char *part(zip_t *za, const char *name)
{
    zip_stat_t st;
    assert_int_equal(zip_stat(za, name, 0, &st), 0);
    zip_file_t *f = zip_fopen(za, name, 0);
    assert_non_null(f);
    char *out = calloc(1, st.size + 1);
    assert_int_equal(zip_fread(f, out, st.size), (zip_int64_t)st.size);
    zip_fclose(f);
    return out;
}

static void test_package(void **state)
{
    iop_diag *diag = iop_diag_new();
    iop_document *doc = iop_document_parse_memory(doc_xml, sizeof doc_xml - 1, "t.xml", diag);
    assert_non_null(doc);
    size_t len = 0;
    unsigned char *bytes = iop_odt_package(doc, NULL, &len, diag);
    assert_non_null(bytes);
    /* the missing image is a warning, as in the PDF; nothing failed */
    assert_int_equal(iop_diag_count(diag, IOP_ERROR), 0);
    assert_int_equal(iop_diag_count(diag, IOP_WARNING), 1);
    /* mimetype first, stored, without an extra field */
    assert_true(len > 100);
    assert_memory_equal(bytes, "PK\3\4", 4);
    assert_int_equal(bytes[8] | bytes[9] << 8, 0);
    assert_int_equal(bytes[28] | bytes[29] << 8, 0);
    assert_memory_equal(bytes + 30, "mimetypeapplication/vnd.oasis.opendocument.text", 47);

    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &err);
    assert_non_null(src);
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &err);
    assert_non_null(za);
    assert_string_equal(zip_get_name(za, 0, 0), "mimetype");
    char *content = part(za, "content.xml");
    char *styles = part(za, "styles.xml");
    char *meta = part(za, "meta.xml");
    char *manifest = part(za, "META-INF/manifest.xml");
    assert_non_null(strstr(content, "text:outline-level=\"2\""));
    assert_non_null(strstr(content, "<text:bookmark text:name=\"a\"/>"));
    assert_non_null(strstr(content, "<table:table-header-rows>"));
    assert_non_null(strstr(content, "table:number-columns-spanned=\"2\""));
    assert_non_null(strstr(content, "<table:covered-table-cell/>"));
    /* text escaped by libxml2, spaces kept around the inline element */
    assert_non_null(strstr(content, "tre &lt;fyra&gt;"));
    assert_non_null(strstr(content, "Ett <text:span text:style-name=\"em\">två</text:span> tre"));
    assert_non_null(strstr(content, "text:style-name=\"note\""));
    /* a chart without a typesetter: its title and text alternative */
    assert_non_null(strstr(content, ">Stapel<"));
    assert_non_null(strstr(content, ">Ett diagram<"));
    assert_non_null(strstr(styles, "style:name=\"note\""));
    assert_non_null(strstr(styles, "style:parent-style-name=\"p\""));
    assert_non_null(strstr(styles, "style:default-outline-level=\"2\""));
    assert_non_null(strstr(styles, "<text:page-number text:select-page=\"current\">"));
    assert_non_null(strstr(styles, "<text:page-count>"));
    assert_non_null(strstr(styles, "KS 2020/1"));
    assert_non_null(strstr(meta, "<dc:title>Prov &amp; test</dc:title>"));
    assert_non_null(strstr(manifest, "manifest:full-path=\"content.xml\""));
    assert_null(strstr(manifest, "Pictures/"));
    free(content);
    free(styles);
    free(meta);
    free(manifest);
    zip_close(za);
    zip_error_fini(&err);
    free(bytes);
    iop_document_free(doc);
    iop_diag_free(diag);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lengths),     cmocka_unit_test(test_colors),
        cmocka_unit_test(test_style_names), cmocka_unit_test(test_png_size),
        cmocka_unit_test(test_package),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
