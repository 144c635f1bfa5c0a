/* Unit tests for the model layer: rich text and the model. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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
    iop_model *m = iop_model_new();
    const iop_agreement *c = iop_model_add_index(m, a);
    assert_int_equal(c->n_previous, 1);
    assert_int_equal(c->previous[0].start.year, 1900);
    assert_int_equal(c->previous[0].end.year, 1949);
    assert_null(c->previous[0].note); /* who and when, no texts */
    assert_null(c->title);
    iop_model_free(m);
    iop_agreement_free(a);
}

static void test_party_names_committee(void **state)
{
    (void)state;
    iop_party pub = {.kind = IOP_PARTY_PUBLIC, .name = "Nämnden", .committee = "asn"};
    iop_party bare = {.kind = IOP_PARTY_PUBLIC, .name = "Kommunen"};
    /* an id on another kind of party never makes it a committee */
    iop_party idea = {.kind = IOP_PARTY_IDEA_BASED, .name = "asn", .committee = "asn"};
    assert_true(iop_party_names_committee(&pub, "asn"));
    assert_false(iop_party_names_committee(&pub, "as"));
    assert_false(iop_party_names_committee(&pub, NULL));
    assert_false(iop_party_names_committee(&bare, "asn"));
    assert_false(iop_party_names_committee(&idea, "asn"));
    assert_string_equal(iop_party_committee(&pub), "asn");
    assert_null(iop_party_committee(&bare));
    assert_null(iop_party_committee(&idea));

    iop_party parties[] = {idea, bare, pub};
    iop_agreement a = {.parties = parties, .n_parties = 3};
    assert_true(iop_agreement_names_committee(&a, "asn"));
    assert_false(iop_agreement_names_committee(&a, "Kommunen"));
    assert_ptr_equal(iop_agreement_committee_party(&a, "asn"), &parties[2]);
    /* a contribution's party: the committee first, then a display name */
    assert_ptr_equal(iop_agreement_find_party(&a, "asn"), &parties[2]);
    assert_ptr_equal(iop_agreement_find_party(&a, "Kommunen"), &parties[1]);
    assert_ptr_equal(iop_agreement_find_party(&a, "Nämnden"), &parties[2]);
    assert_null(iop_agreement_find_party(&a, "Ingen"));
    assert_null(iop_agreement_find_party(&a, NULL));
}

static void test_model_committees(void **state)
{
    (void)state;
    iop_model *m = iop_model_new();
    iop_committee c = {.id = iop_xstrdup("asn"), .name = iop_xstrdup("Nämnden")};
    iop_model_add_committee(m, &c);
    assert_null(c.id); /* the model owns it now */
    assert_int_equal(m->n_committees, 1);
    assert_string_equal(iop_model_find_committee(m, "asn")->name, "Nämnden");
    assert_null(iop_model_find_committee(m, "bun"));
    iop_committee d = {.id = iop_xstrdup("bun"), .signatory_name = iop_xstrdup("A")};
    iop_committee_clear(&d);
    assert_null(d.id);
    assert_null(d.signatory_name);

    iop_source s = {0};
    iop_source_add_committee(&s, "asn");
    iop_source_add_committee(&s, "bun");
    iop_source_add_committee(&s, "asn");
    assert_int_equal(s.n_committees, 2);
    assert_string_equal(s.committees[1], "bun");
    for (size_t i = 0; i < s.n_committees; i++)
        free(s.committees[i]);
    free(s.committees);
    iop_model_free(m);
}

/* The index a batch keeps in the model: who and when, the committee
 * parties only, in the model's memory (freeing it alone does nothing; the
 * model frees it, which the leak checkers of the test run would see). */
static void test_model_add_index(void **state)
{
    (void)state;
    iop_agreement *a = iop_xcalloc(1, sizeof *a);
    a->id = iop_xstrdup("avtal-1");
    a->title = iop_xstrdup("Avtal");
    assert_true(iop_date_parse("2020-01-01", &a->period.start));
    a->previous = iop_xcalloc(1, sizeof *a->previous);
    a->n_previous = 1;
    assert_true(iop_date_parse("2018", &a->previous[0].start));
    a->parties = iop_xcalloc(3, sizeof *a->parties);
    a->n_parties = 3;
    a->parties[0] = (iop_party){.kind = IOP_PARTY_IDEA_BASED, .name = iop_xstrdup("Föreningen"),
                                .committee = iop_xstrdup("asn")};
    a->parties[1] = (iop_party){.kind = IOP_PARTY_PUBLIC, .name = iop_xstrdup("Nämnden"),
                                .committee = iop_xstrdup("asn")};
    a->parties[2] = (iop_party){.kind = IOP_PARTY_PUBLIC, .name = iop_xstrdup("Regionen")};
    a->related = iop_xcalloc(1, sizeof *a->related);
    a->n_related = 1;
    a->related[0].ref = iop_xstrdup("avtal-0");
    a->related[0].text = iop_xstrdup("föregångaren");

    iop_model *m = iop_model_new();
    const iop_agreement *c = iop_model_add_index(m, a);
    iop_agreement_free(a);
    assert_int_equal(m->n_agreements, 1);
    assert_ptr_equal(m->agreements[0], c);
    assert_true(c->details_dropped);
    assert_true(c->held_by_model);
    assert_string_equal(c->id, "avtal-1");
    assert_null(c->title);
    assert_int_equal(c->period.start.year, 2020);
    assert_int_equal(c->n_previous, 1);
    assert_int_equal(c->previous[0].start.year, 2018);
    /* an id on an idea-based party names no committee: not kept */
    assert_int_equal(c->n_parties, 1);
    assert_string_equal(c->parties[0].committee, "asn");
    assert_null(c->parties[0].name);
    assert_true(iop_agreement_names_committee(c, "asn"));
    assert_int_equal(c->n_related, 1);
    assert_string_equal(c->related[0].ref, "avtal-0");
    assert_null(c->related[0].text);
    iop_agreement_free(m->agreements[0]); /* the model's: left alone */
    assert_string_equal(c->id, "avtal-1");

    /* many: each where it was put, across the model's blocks */
    char id[32];
    iop_agreement b = {.id = id};
    for (int i = 0; i < 5000; i++) {
        snprintf(id, sizeof id, "a-%d", i);
        (void)iop_model_add_index(m, &b);
    }
    assert_int_equal(m->n_agreements, 5001);
    assert_string_equal(m->agreements[4321]->id, "a-4320");
    assert_string_equal(m->agreements[5000]->id, "a-4999");
    assert_ptr_equal(iop_model_find_agreement(m, "avtal-1"), c);
    iop_model_free(m);
}

/* After a batch's plan: the index and the sources without a problem go;
 * the register (its texts in the model's memory), the file names and the
 * sources with problems stay, in order. */
static void test_model_drop_index(void **state)
{
    (void)state;
    iop_model *m = iop_model_new();
    const char *file = iop_model_intern_file(m, "avtal.xml");
    iop_agreement a = {.id = "avtal-1", .loc = {file, 3, 1}};
    (void)iop_model_add_index(m, &a);
    iop_committee c = {.id = iop_xstrdup("asn"), .name = iop_xstrdup("Nämnden"),
                       .loc = {iop_model_intern_file(m, "register.xml"), 2, 1}};
    iop_model_add_committee(m, &c);
    assert_true(m->committees[0].held_by_model);
    const char *status[] = {"ok", "bad", "ok", "gone"};
    m->sources = iop_xcalloc(4, sizeof *m->sources);
    for (size_t i = 0; i < 4; i++) {
        iop_source *s = &m->sources[m->n_sources++];
        s->path = (char *)iop_model_intern_file(m, status[i]);
        s->status = i == 1 ? IOP_SOURCE_INVALID : i == 3 ? IOP_SOURCE_UNREADABLE : IOP_SOURCE_OK;
        iop_source_add_committee(s, "asn");
    }
    iop_model_drop_index(m);
    assert_int_equal(m->n_agreements, 0);
    assert_null(m->agreements);
    assert_int_equal(m->n_sources, 2);
    assert_string_equal(m->sources[0].path, "bad");
    assert_string_equal(m->sources[0].committees[0], "asn");
    assert_string_equal(m->sources[1].path, "gone");
    assert_string_equal(file, "avtal.xml");
    assert_string_equal(iop_model_find_committee(m, "asn")->name, "Nämnden");
    assert_string_equal(m->committees[0].loc.file, "register.xml");
    iop_model_drop_index(m); /* nothing left to drop: the same */
    assert_int_equal(m->n_sources, 2);
    iop_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_party_names_committee),
        cmocka_unit_test(test_model_committees),
        cmocka_unit_test(test_rich_plain_text),
        cmocka_unit_test(test_index_copy_keeps_timeline),
        cmocka_unit_test(test_model_add_index),
        cmocka_unit_test(test_model_drop_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
