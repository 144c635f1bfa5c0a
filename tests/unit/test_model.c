/* Unit tests for the model layer: calendar arithmetic and rich text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "iopreport/model.h"

static void test_days_roundtrip(void **state)
{
    (void)state;
    assert_int_equal(iop_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(iop_days_from_civil(2000, 3, 1) - iop_days_from_civil(2000, 2, 28), 2);
    assert_int_equal(iop_days_from_civil(1900, 3, 1) - iop_days_from_civil(1900, 2, 28), 1);
    for (int64_t d = -800000; d < 800000; d += 997) {
        int y, m, dd;
        iop_civil_from_days(d, &y, &m, &dd);
        assert_int_equal(iop_days_from_civil(y, m, dd), d);
    }
}

static void test_date_parse_precisions(void **state)
{
    (void)state;
    iop_date d;
    assert_true(iop_date_parse("2019", &d));
    assert_int_equal(d.precision, IOP_DATE_YEAR);
    assert_int_equal(iop_date_first_day(d), iop_days_from_civil(2019, 1, 1));
    assert_int_equal(iop_date_last_day(d), iop_days_from_civil(2019, 12, 31));
    assert_true(iop_date_parse("2020-02", &d));
    assert_int_equal(iop_date_last_day(d), iop_days_from_civil(2020, 2, 29));
    assert_true(iop_date_parse("2019-02-28", &d));
    assert_int_equal(d.precision, IOP_DATE_DAY);
}

static void test_date_parse_rejects(void **state)
{
    (void)state;
    iop_date d = {0};
    const char *bad[] = {"", "19", "2019-2", "2019-13", "2019-02-29", "2019-00-10",
                         "2019/01/01", "2019-01-01T00:00", "abcd", "0999", NULL};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_false(iop_date_parse(bad[i], &d));
    assert_true(iop_date_parse("2020-02-29", &d));
}

static void test_rich_plain_text(void **state)
{
    (void)state;
    iop_rich *p = iop_rich_new(IOP_RICH_P, NULL);
    p->children = iop_rich_new(IOP_RICH_TEXT, "en bra ");
    iop_rich *q = iop_rich_new(IOP_RICH_Q, NULL);
    q->children = iop_rich_new(IOP_RICH_TEXT, "lågtröskelinsats");
    p->children->next = q;
    p->next = iop_rich_new(IOP_RICH_P, NULL);
    p->next->children = iop_rich_new(IOP_RICH_TEXT, "andra stycket");
    char *s = iop_rich_plain_text(p);
    assert_string_equal(s, "en bra ”lågtröskelinsats”\n\nandra stycket");
    free(s);
    iop_rich_free(p);
}

/* The index a batch shares keeps the whole timeline: a committee whose
 * agreement is in a previous period in the report year still has one. */
static void test_index_copy_keeps_timeline(void **state)
{
    iop_agreement *a = iop_xcalloc(1, sizeof *a);
    a->id = iop_xstrdup("a");
    a->title = iop_xstrdup("Avtal");
    assert_true(iop_date_parse("1950-01", &a->period.start));
    a->previous = iop_xcalloc(1, sizeof *a->previous);
    a->n_previous = 1;
    assert_true(iop_date_parse("1900", &a->previous[0].start));
    assert_true(iop_date_parse("1949-12", &a->previous[0].end));
    a->previous[0].note = iop_xstrdup("förlängning");
    iop_agreement *c = iop_agreement_index_copy(a);
    assert_int_equal(c->n_previous, 1);
    assert_int_equal(c->previous[0].start.year, 1900);
    assert_int_equal(c->previous[0].end.year, 1949);
    assert_null(c->previous[0].note); /* who and when, no texts */
    assert_null(c->title);
    iop_agreement_free(c);
    iop_agreement_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_roundtrip),
        cmocka_unit_test(test_date_parse_precisions),
        cmocka_unit_test(test_date_parse_rejects),
        cmocka_unit_test(test_rich_plain_text),
        cmocka_unit_test(test_index_copy_keeps_timeline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
