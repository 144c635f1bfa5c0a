/* The template layer: finding, compiling and running XSLT templates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "iopreport/template.h"

static char dir[] = "/tmp/iop-template-test-XXXXXX";

static char *write_file(const char *name, const char *text)
{
    char *path = iop_xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static bool has_message(const iop_diag *d, const char *file_suffix, long line, const char *needle)
{
    for (size_t i = 0; i < iop_diag_size(d); i++) {
        const iop_diag_entry *e = iop_diag_get(d, i);
        bool file_ok = !file_suffix || (e->file && strstr(e->file, file_suffix));
        bool line_ok = line <= 0 || e->line == line;
        if (file_ok && line_ok && strstr(e->message, needle))
            return true;
    }
    return false;
}

static void dump(const iop_diag *d)
{
    for (size_t i = 0; i < iop_diag_size(d); i++) {
        char *s = iop_diag_format(iop_diag_get(d, i));
        fprintf(stderr, "  diag: %s\n", s);
        free(s);
    }
}

#define XSL_HEAD                                                                         \
    "<?xml version=\"1.0\"?>\n"                                                          \
    "<xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"" \
    " xmlns:iop=\"urn:iopreport:functions\" xmlns:t=\"urn:iopreport:template\"" \
    " extension-element-prefixes=\"iop\" exclude-result-prefixes=\"iop t\""

static const char data[] = "<?xml version=\"1.0\"?><r><n>2490604</n><d>2019-01-01</d></r>";

static void test_functions_and_output(void **state)
{
    (void)state;
    char *path = write_file("fmt.xsl", XSL_HEAD ">\n"
                                       "<xsl:output method=\"xml\" encoding=\"UTF-8\"/>\n"
                                       "<xsl:param name=\"who\"/>\n"
                                       "<xsl:template match=\"/\"><out>"
                                       "<k><xsl:value-of select=\"iop:kronor(r/n)\"/></k>"
                                       "<d><xsl:value-of select=\"iop:date(r/d)\"/></d>"
                                       "<p><xsl:value-of select=\"iop:period('2019','2020')\"/></p>"
                                       "<c><xsl:value-of select=\"iop:percent(63.5)\"/></c>"
                                       "<w><xsl:value-of select=\"$who\"/></w>"
                                       "</out></xsl:template></xsl:stylesheet>\n");
    iop_diag *d = iop_diag_new();
    iop_template *t = iop_template_load(path, d);
    dump(d);
    assert_non_null(t);
    assert_string_equal(iop_template_name(t), "fmt");
    assert_int_equal(iop_template_get_scope(t), IOP_SCOPE_COMMITTEE);
    assert_true(iop_template_digest(t) != 0);
    iop_template_param params[] = {{"who", "it's"}};
    size_t len = 0;
    char *out = iop_template_apply_to_string(t, data, strlen(data), params, 1, &len, d);
    dump(d);
    assert_non_null(out);
    assert_non_null(strstr(out, "<k>2\xc2\xa0" "490\xc2\xa0" "604\xc2\xa0kr</k>"));
    assert_non_null(strstr(out, "<d>1\xc2\xa0januari\xc2\xa0" "2019</d>")); /* never broken */
    assert_non_null(strstr(out, "<p>2019\xe2\x80\x93" "2020</p>"));
    assert_non_null(strstr(out, "<c>63,5\xc2\xa0%</c>"));
    assert_non_null(strstr(out, "<w>it's</w>"));
    free(out);
    iop_template_free(t);
    iop_diag_free(d);
    free(path);
}

static void test_scope_attribute(void **state)
{
    (void)state;
    char *path = write_file("all.xsl", XSL_HEAD " t:scope=\"all\">\n"
                                       "<xsl:template match=\"/\"><x/></xsl:template>\n"
                                       "</xsl:stylesheet>\n");
    iop_diag *d = iop_diag_new();
    iop_template *t = iop_template_load(path, d);
    assert_non_null(t);
    assert_int_equal(iop_template_get_scope(t), IOP_SCOPE_ALL);
    iop_template_free(t);
    iop_diag_free(d);
    free(path);
}

static void test_compile_error_has_file_and_line(void **state)
{
    (void)state;
    char *path = write_file("broken.xsl", XSL_HEAD ">\n"
                                          "<xsl:template match=\"/\">\n"
                                          "  <xsl:value-of select=\"a[\"/>\n"
                                          "</xsl:template>\n"
                                          "</xsl:stylesheet>\n");
    iop_diag *d = iop_diag_new();
    iop_template *t = iop_template_load(path, d);
    assert_null(t);
    dump(d);
    assert_true(iop_diag_count(d, IOP_ERROR) > 0);
    assert_true(has_message(d, "broken.xsl", 4, "a["));
    assert_true(has_message(d, "broken.xsl", 4, "Invalid expression"));
    iop_diag_free(d);
    free(path);
}

static void test_not_well_formed(void **state)
{
    (void)state;
    char *path = write_file("bad.xsl", XSL_HEAD ">\n<xsl:template match=\"/\">\n</xsl:stylesheet>\n");
    iop_diag *d = iop_diag_new();
    assert_null(iop_template_load(path, d));
    assert_true(has_message(d, "bad.xsl", 4, ""));
    iop_diag_free(d);
    free(path);
}

static void test_runtime_terminate(void **state)
{
    (void)state;
    char *path = write_file("stop.xsl", XSL_HEAD ">\n"
                                        "<xsl:template match=\"/\">\n"
                                        "  <xsl:message terminate=\"yes\">no data for you</xsl:message>\n"
                                        "</xsl:template>\n"
                                        "</xsl:stylesheet>\n");
    iop_diag *d = iop_diag_new();
    iop_template *t = iop_template_load(path, d);
    assert_non_null(t);
    size_t len;
    assert_null(iop_template_apply_to_string(t, data, strlen(data), NULL, 0, &len, d));
    dump(d);
    assert_true(has_message(d, "stop.xsl", 4, "no data for you"));
    iop_template_free(t);
    iop_diag_free(d);
    free(path);
}

static void test_no_reading_outside(void **state)
{
    (void)state;
    char *path = write_file("peek.xsl", XSL_HEAD ">\n"
                                        "<xsl:template match=\"/\">\n"
                                        "  <x><xsl:value-of select=\"document('/etc/passwd')\"/></x>\n"
                                        "</xsl:template>\n"
                                        "</xsl:stylesheet>\n");
    iop_diag *d = iop_diag_new();
    iop_template *t = iop_template_load(path, d);
    assert_non_null(t);
    size_t len = 0;
    char *out = iop_template_apply_to_string(t, data, strlen(data), NULL, 0, &len, d);
    if (out)
        assert_null(strstr(out, "root:"));
    assert_true(has_message(d, NULL, 0, "only read files below"));
    free(out);
    iop_template_free(t);
    iop_diag_free(d);
    free(path);
}

static void test_no_writing(void **state)
{
    (void)state;
    char *target = iop_xasprintf("%s/written.txt", dir);
    char *text = iop_xasprintf(XSL_HEAD " xmlns:exsl=\"http://exslt.org/common\">\n"
                               "<xsl:template match=\"/\">\n"
                               "  <exsl:document href=\"%s\"><x/></exsl:document><y/>\n"
                               "</xsl:template>\n"
                               "</xsl:stylesheet>\n", target);
    char *path = write_file("write.xsl", text);
    iop_diag *d = iop_diag_new();
    iop_template *t = iop_template_load(path, d);
    assert_non_null(t);
    size_t len = 0;
    char *out = iop_template_apply_to_string(t, data, strlen(data), NULL, 0, &len, d);
    assert_true(access(target, F_OK) != 0);
    free(out);
    iop_template_free(t);
    iop_diag_free(d);
    free(path);
    free(text);
    free(target);
}

static void test_unknown_builtin(void **state)
{
    (void)state;
    iop_diag *d = iop_diag_new();
    assert_null(iop_template_load("no-such-template", d));
    assert_true(has_message(d, NULL, 0, "no-such-template"));
    assert_null(iop_template_load("/nonexistent/x.xsl", d));
    iop_diag_free(d);
}

/* The provenance record names every file of a template, relative to the
 * stylesheet's folder, with the SHA-256 of its bytes. */
static void test_files_listed_with_digests(void **state)
{
    (void)state;
    char *sub = iop_xasprintf("%s/parts", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    char *part = write_file("parts/part.xsl",
                            "<xsl:stylesheet version=\"1.0\" "
                            "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
                            "<xsl:template name=\"x\"/></xsl:stylesheet>");
    char *path = write_file("main.xsl", "<xsl:stylesheet version=\"1.0\" "
                                        "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
                                        "<xsl:import href=\"parts/part.xsl\"/>"
                                        "<xsl:template match=\"/\"><document/></xsl:template>"
                                        "</xsl:stylesheet>");
    iop_diag *d = iop_diag_new();
    iop_template *t = iop_template_load(path, d);
    dump(d);
    assert_non_null(t);
    assert_int_equal(iop_template_n_files(t), 2);
    const char *sha = NULL;
    assert_string_equal(iop_template_file(t, 0, &sha), "main.xsl");
    assert_int_equal(strlen(sha), 64);
    assert_string_equal(iop_template_file(t, 1, &sha), "parts/part.xsl");
    assert_int_equal(strlen(sha), 64);
    iop_template_free(t);
    iop_diag_free(d);
    free(part);
    free(path);
    free(sub);
}

int main(void)
{
    if (!mkdtemp(dir))
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_functions_and_output),
        cmocka_unit_test(test_scope_attribute),
        cmocka_unit_test(test_compile_error_has_file_and_line),
        cmocka_unit_test(test_not_well_formed),
        cmocka_unit_test(test_runtime_terminate),
        cmocka_unit_test(test_no_reading_outside),
        cmocka_unit_test(test_no_writing),
        cmocka_unit_test(test_unknown_builtin),
        cmocka_unit_test(test_files_listed_with_digests),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char *cmd = iop_xasprintf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        rc = rc ? rc : 1;
    free(cmd);
    iop_template_cleanup();
    return rc;
}
