/* The render layer's logic that needs no cairo: marking artifacts in a
 * content stream (what makes every painting operator tagged or an
 * artifact, PDF/UA-1 7.1). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "render/pdf_finish.h"

#include <stdlib.h>
#include <string.h>

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
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
