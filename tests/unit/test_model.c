/* Unit tests for the model layer: rich text and the model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "iopreport/model.h"

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
        cmocka_unit_test(test_rich_plain_text),
        cmocka_unit_test(test_index_copy_keeps_timeline),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
