/* The base layer: text from outside made safe for XML and terminals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iopreport/util.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

static void clean_is(const char *in, bool keep_newlines, const char *want)
{
    char *got = iop_utf8_clean(in, keep_newlines);
    assert_string_equal(got, want);
    free(got);
}

/* Issue 12, finding 2: a Latin-1 file name ("uvås" from an old Windows
 * share) reaches messages and report data readable and as valid UTF-8. */
static void test_utf8_clean(void **state)
{
    (void)state;
    clean_is("avtal/uv\xe5s.xml", false, "avtal/uv\xc3\xa5s.xml");
    clean_is("uv\xc3\xa5s.xml", false, "uv\xc3\xa5s.xml");            /* UTF-8 stays */
    clean_is("\xf0\x9f\x98\x80 \xe6\xbc\xa2", false, "\xf0\x9f\x98\x80 \xe6\xbc\xa2");
    clean_is("a\x1b[31mb", false, "a\xef\xbf\xbd[31mb");             /* ESC */
    clean_is("a\x9b" "b", false, "a\xef\xbf\xbd" "b");                /* C1 as a byte */
    clean_is("a\xc2\x9b" "b", false, "a\xef\xbf\xbd" "b");            /* C1 as UTF-8 */
    clean_is("a\nb\tc", false, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c");
    clean_is("a\nb\tc", true, "a\nb\tc");
    clean_is("\xe0\x80\xaf", false, "\xc3\xa0\xef\xbf\xbd\xc2\xaf");  /* overlong '/': bytes */
    clean_is("\xed\xa0\x80", false, "\xef\xbf\xbd");                  /* a surrogate */
    clean_is("\xef\xbf\xbe", false, "\xef\xbf\xbd");                  /* U+FFFE */
    clean_is("\xe5", false, "\xc3\xa5");                              /* cut short at the end */
    assert_null(iop_utf8_clean(NULL, false));
}

static void test_diag_format_cleans_file_names(void **state)
{
    (void)state;
    iop_diag *d = iop_diag_new();
    iop_loc loc = {"uv\xe5s.xml", 3, 0};
    iop_diag_report(d, IOP_ERROR, &loc, "%s", "bad \xe5");
    char *line = iop_diag_format(iop_diag_get(d, 0));
    assert_string_equal(line, "uv\xc3\xa5s.xml:3: error: bad \xc3\xa5");
    free(line);
    iop_diag_free(d);
}

/* ---- the one safe parse (util/xml_safe.c) ------------------------------ */

typedef struct seen {
    int problems, xml_errors;
    long line;
    char last[300];
} seen;

static void on_problem(void *user, long line, const char *message)
{
    seen *s = user;
    s->problems++;
    s->line = line;
    snprintf(s->last, sizeof s->last, "%s", message);
}

static void on_xml_error(void *user, const xmlError *err)
{
    seen *s = user;
    s->xml_errors++;
    s->line = err->line;
}

static xmlDoc *parse(const char *xml, size_t len, seen *s)
{
    memset(s, 0, sizeof *s);
    iop_xml_parse how = {"t.xml", "test files", on_problem, on_xml_error, s, NULL, false};
    return iop_xml_parse_safe(xml, len, &how);
}

static void test_xml_parse_safe(void **state)
{
    (void)state;
    seen s;
    const char ok[] = "<a>\n<b>x</b></a>";
    xmlDoc *doc = parse(ok, strlen(ok), &s);
    assert_non_null(doc);
    assert_int_equal(s.problems + s.xml_errors, 0);
    xmlFreeDoc(doc);

    /* a DOCTYPE stops the parser at its line, with one message, however
     * harmless or hostile its subset, and nothing of it is expanded */
    const char *doctypes[] = {
        "<?xml version=\"1.0\"?>\n<!DOCTYPE a [\n<!ENTITY e \"x\">\n]>\n<a>&e;</a>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE a SYSTEM \"file:///etc/passwd\">\n<a/>",
        "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY a \"&b;&b;\"><!ENTITY b \"x\">]><a>&a;</a>",
    };
    for (size_t i = 0; i < sizeof doctypes / sizeof *doctypes; i++) {
        assert_null(parse(doctypes[i], strlen(doctypes[i]), &s));
        assert_int_equal(s.problems, 1);
        assert_int_equal(s.xml_errors, 0);
        assert_int_equal(s.line, 2);
        assert_string_equal(s.last, "a document type declaration (<!DOCTYPE a>) is not allowed in "
                                    "test files; the file was not read further");
    }

    assert_null(parse("", 0, &s));
    assert_string_equal(s.last, "the file is empty");
    assert_null(parse("\x1f\x8b\x08\x00", 4, &s));
    assert_int_equal(s.problems, 1);
    assert_non_null(strstr(s.last, "gzip-compressed"));

    /* libxml2's own errors go to the caller's words for them */
    const char bad[] = "<a>\n<b></a>";
    assert_null(parse(bad, strlen(bad), &s));
    assert_int_equal(s.problems, 0);
    assert_true(s.xml_errors >= 1);
}

static void test_collapse_space(void **state)
{
    (void)state;
    char a[] = "  Crossroads  och\n\t Vinternatt \r\n";
    assert_string_equal(iop_collapse_space(a), "Crossroads och Vinternatt");
    char b[] = " \n ";
    assert_string_equal(iop_collapse_space(b), "");
    char c[] = "ett\xC2\xA0ord"; /* a no-break space is no XML whitespace */
    assert_string_equal(iop_collapse_space(c), "ett\xC2\xA0ord");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_clean),
        cmocka_unit_test(test_xml_parse_safe),
        cmocka_unit_test(test_collapse_space),
        cmocka_unit_test(test_diag_format_cleans_file_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
