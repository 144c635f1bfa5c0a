/* Unit tests for the aggregate layer: every rule with hand-computed figures.
 * Models are built in C, so these tests do not depend on the loader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "iopreport/aggregate.h"
#include "aggregate/internal.h" /* share_permille */

/* ---- building models ------------------------------------------------ */

static iop_date D(const char *s)
{
    iop_date d = {0, 0, 0, IOP_DATE_NONE};
    if (s && !iop_date_parse(s, &d))
        fail_msg("bad date in test: %s", s);
    return d;
}

static iop_agreement *agreement(const char *id, const char *title, const char *start,
                                const char *end)
{
    iop_agreement *a = iop_xcalloc(1, sizeof *a);
    a->id = iop_xstrdup(id);
    a->title = iop_xstrdup(title);
    a->municipality = iop_xstrdup("Malmö stad");
    a->period.start = D(start);
    a->period.end = D(end);
    a->loc.file = "test.xml";
    a->loc.line = 2;
    return a;
}

static void party(iop_agreement *a, iop_party_kind kind, const char *name, const char *committee)
{
    a->parties = iop_xreallocarray(a->parties, a->n_parties + 1, sizeof *a->parties);
    iop_party *p = &a->parties[a->n_parties++];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->name = iop_xstrdup(name);
    p->committee = iop_xstrdup(committee);
}

/* A public party of committee "asn" and an idea-based party "Förening". */
static void usual_parties(iop_agreement *a)
{
    party(a, IOP_PARTY_PUBLIC, "Arbetsmarknads- och socialnämnden", "asn");
    party(a, IOP_PARTY_IDEA_BASED, "Förening", NULL);
}

static iop_contribution *contrib(iop_agreement *a, const char *who, int64_t kr,
                                 iop_contribution_per per)
{
    a->contributions = iop_xreallocarray(a->contributions, a->n_contributions + 1,
                                         sizeof *a->contributions);
    iop_contribution *c = &a->contributions[a->n_contributions++];
    memset(c, 0, sizeof *c);
    c->party = iop_xstrdup(who);
    c->amount_ore = kr * 100;
    c->per = per;
    c->kind = IOP_CONTRIB_MONEY;
    return c;
}

static void previous(iop_agreement *a, const char *start, const char *end)
{
    a->previous = iop_xreallocarray(a->previous, a->n_previous + 1, sizeof *a->previous);
    iop_period *p = &a->previous[a->n_previous++];
    memset(p, 0, sizeof *p);
    p->start = D(start);
    p->end = D(end);
}

static bool has_remark(const iop_report_item *it, iop_remark_kind kind)
{
    for (size_t i = 0; i < it->n_remarks; i++)
        if (it->remarks[i].kind == kind)
            return true;
    return false;
}

/* ---- status --------------------------------------------------------- */

static void test_status_timeline(void **state)
{
    (void)state;
    /* the 2018 extension is a previous period, the current one starts 2019 */
    iop_agreement *a = agreement("a", "A", "2019-01-01", "2020-12-31");
    previous(a, "2016-01-01", "2017-12-31");
    previous(a, "2018-01-01", "2018-12-31");
    iop_year_status s = iop_agreement_year_status(a, 2018);
    assert_int_equal(s.status, IOP_STATUS_ONGOING);
    assert_false(s.is_new);
    assert_false(s.expiring);
    assert_int_equal(iop_agreement_year_status(a, 2015).status, IOP_STATUS_OUTSIDE);
    assert_true(iop_agreement_year_status(a, 2016).is_new);
    assert_int_equal(iop_agreement_year_status(a, 2020).status, IOP_STATUS_ENDED);
    /* ends 31 December 2020: within twelve months of 31 December 2019 */
    assert_true(iop_agreement_year_status(a, 2019).expiring);
    assert_int_equal(iop_agreement_year_status(a, 2021).status, IOP_STATUS_OUTSIDE);
    iop_agreement_free(a);
}

static void test_status_year_precision(void **state)
{
    (void)state;
    /* `2018` ends on 31 December 2018: ended in 2018, not ongoing */
    iop_agreement *a = agreement("a", "A", "2017", "2018");
    assert_int_equal(iop_agreement_year_status(a, 2018).status, IOP_STATUS_ENDED);
    assert_int_equal(iop_agreement_year_status(a, 2017).status, IOP_STATUS_ONGOING);
    assert_true(iop_agreement_year_status(a, 2017).expiring); /* ends 31 December 2018 */
    assert_false(iop_agreement_year_status(a, 2016).expiring);
    iop_agreement_free(a);
}

static void test_status_expiring_boundary(void **state)
{
    (void)state;
    /* by default the document is dated 31 December of the year: expiring
     * when the timeline ends by 31 December of the next year */
    iop_agreement *a = agreement("a", "A", "2018-01-01", "2019-12-31");
    assert_true(iop_agreement_year_status(a, 2018).expiring);
    iop_agreement_free(a);
    a = agreement("a", "A", "2018-01-01", "2020-01-01");
    assert_false(iop_agreement_year_status(a, 2018).expiring);
    assert_int_equal(iop_agreement_year_status(a, 2018).status, IOP_STATUS_ONGOING);
    iop_agreement_free(a);
    a = agreement("a", "A", "2018-01-01", "2019"); /* year: to 31 December */
    assert_true(iop_agreement_year_status(a, 2018).expiring);
    iop_agreement_free(a);
}

static void test_status_expiring_from_document_date(void **state)
{
    (void)state;
    int64_t feb15 = iop_document_day(2020, "2021-02-15");
    assert_int_equal(feb15, iop_days_from_civil(2021, 2, 15));
    assert_int_equal(iop_document_day(2020, NULL), iop_days_from_civil(2020, 12, 31));
    assert_int_equal(iop_document_day(2020, "2021-03"), iop_days_from_civil(2021, 3, 1));
    iop_agreement *a = agreement("a", "A", "2019-01-01", "2022-02-15");
    assert_true(iop_agreement_year_status_at(a, 2020, feb15).expiring);
    assert_false(iop_agreement_year_status(a, 2020).expiring); /* not within 2021 */
    iop_agreement_free(a);
    a = agreement("a", "A", "2019-01-01", "2022-02-16");
    assert_false(iop_agreement_year_status_at(a, 2020, feb15).expiring);
    iop_agreement_free(a);
    /* ended before the document's date: ongoing in 2020, no decision due */
    a = agreement("a", "A", "2019-01-01", "2021-01-31");
    assert_int_equal(iop_agreement_year_status_at(a, 2020, feb15).status, IOP_STATUS_ONGOING);
    assert_false(iop_agreement_year_status_at(a, 2020, feb15).expiring);
    iop_agreement_free(a);
    /* 29 February: twelve months later is 28 February */
    int64_t leap = iop_days_from_civil(2020, 2, 29);
    assert_int_equal(iop_twelve_months_after(leap), iop_days_from_civil(2021, 2, 28));
    a = agreement("a", "A", "2019-01-01", "2021-03-01");
    assert_false(iop_agreement_year_status_at(a, 2019, leap).expiring);
    iop_agreement_free(a);
}

static void test_extension_latest_end(void **state)
{
    (void)state;
    assert_int_equal(iop_extension_years("1+1 år"), 2);
    assert_int_equal(iop_extension_years("1 + 1 år"), 2);
    assert_int_equal(iop_extension_years("2 år"), 2);
    assert_int_equal(iop_extension_years("1+1\xC2\xA0år"), 2); /* a no-break space */
    assert_int_equal(iop_extension_years("1\xC2\xA0+\xC2\xA0" "1\xC2\xA0år"), 2);
    assert_int_equal(iop_extension_years("6 månader"), 0);
    assert_int_equal(iop_extension_years("år"), 0);
    assert_int_equal(iop_extension_years("1+ år"), 0);
    assert_int_equal(iop_extension_years("efter överenskommelse"), 0);
    assert_int_equal(iop_extension_years(NULL), 0);
    iop_period p = {0};
    p.start = D("2019-01-01");
    p.end = D("2020-12-31");
    p.extension = "1+1 år";
    iop_date d;
    assert_true(iop_period_latest_end(&p, &d));
    assert_int_equal(d.year, 2022);
    assert_int_equal(d.month, 12);
    assert_int_equal(d.day, 31);
    p.end = D("2020-02-29");
    p.extension = "1 år";
    assert_true(iop_period_latest_end(&p, &d));
    assert_int_equal(d.day, 28);
    p.end = D("2020"); /* precision kept */
    assert_true(iop_period_latest_end(&p, &d));
    assert_int_equal(d.precision, IOP_DATE_YEAR);
    assert_int_equal(d.year, 2021);
    p.terminated = D("2019-06-30"); /* ended early: no option left */
    assert_false(iop_period_latest_end(&p, &d));
    p.terminated = D(NULL);
    p.end = D(NULL);
    assert_false(iop_period_latest_end(&p, &d));
}

/* ---- money ---------------------------------------------------------- */

static void test_full_year_exact(void **state)
{
    (void)state;
    iop_agreement *a = agreement("a", "A", "2019-01-01", "2020-12-31");
    usual_parties(a);
    contrib(a, "asn", 2490604, IOP_PER_YEAR);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2019), 2490604);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2020), 2490604); /* 366/366 */
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2021), 0);
    assert_int_equal(iop_agreement_cost_kr(a, "other", 2019), 0);
    iop_agreement_free(a);
}

static void test_leap_year(void **state)
{
    (void)state;
    /* 1 Jan–29 Feb 2020 = 60 days of 366: 100 000 × 60 / 366 = 16 393,44 */
    iop_agreement *a = agreement("a", "A", "2020-01-01", "2020-02-29");
    usual_parties(a);
    contrib(a, "asn", 100000, IOP_PER_YEAR);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2020), 16393);
    iop_agreement_free(a);
    /* 1 Jan–28 Feb 2019 = 59 days of 365: 16 164,38 */
    a = agreement("a", "A", "2019-01-01", "2019-02-28");
    usual_parties(a);
    contrib(a, "asn", 100000, IOP_PER_YEAR);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2019), 16164);
    iop_agreement_free(a);
}

static void test_july_to_june(void **state)
{
    (void)state;
    /* 184 days of 2018: 504 109,59; 181 days of 2019: 495 890,41 */
    iop_agreement *a = agreement("a", "A", "2018-07-01", "2019-06-30");
    usual_parties(a);
    contrib(a, "asn", 1000000, IOP_PER_YEAR);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2018), 504110);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2019), 495890);
    iop_year_status s = iop_agreement_year_status(a, 2018);
    assert_int_equal(s.status, IOP_STATUS_ONGOING);
    assert_true(s.is_new);
    assert_true(s.expiring);
    assert_int_equal(iop_agreement_year_status(a, 2019).status, IOP_STATUS_ENDED);
    iop_agreement_free(a);
}

static void test_open_ended(void **state)
{
    (void)state;
    /* from May 2017: 245 days of 2017: 120 000 × 245 / 365 = 80 547,95 */
    iop_agreement *a = agreement("a", "A", "2017-05", NULL);
    usual_parties(a);
    contrib(a, "asn", 120000, IOP_PER_YEAR);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2017), 80548);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2018), 120000);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2016), 0);
    iop_year_status s = iop_agreement_year_status(a, 2030);
    assert_int_equal(s.status, IOP_STATUS_ONGOING);
    assert_false(s.expiring);
    assert_true(iop_agreement_timeline(a).open);
    iop_agreement_free(a);
}

static void test_terminated(void **state)
{
    (void)state;
    /* ended early on 31 March 2019: 90 days of 2019 */
    iop_agreement *a = agreement("a", "A", "2018-01-01", "2020-12-31");
    a->period.terminated = D("2019-03-31");
    usual_parties(a);
    contrib(a, "asn", 365000, IOP_PER_YEAR);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2018), 365000);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2019), 90000);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2020), 0);
    assert_int_equal(iop_agreement_year_status(a, 2019).status, IOP_STATUS_ENDED);
    assert_int_equal(iop_agreement_year_status(a, 2020).status, IOP_STATUS_OUTSIDE);
    iop_agreement_free(a);

    /* a lump sum is spread over its span cut at the termination:
     * 1 Jan 2018 – 31 Mar 2019 = 455 days; 900 000 × 90 / 455 = 178 021,98 */
    a = agreement("a", "A", "2018-01-01", "2020-12-31");
    a->period.terminated = D("2019-03-31");
    usual_parties(a);
    contrib(a, "asn", 900000, IOP_PER_PERIOD);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2019), 178022);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2018), 721978);
    iop_agreement_free(a);
}

static void test_from_to_narrowed(void **state)
{
    (void)state;
    /* July–September 2019 = 92 days: 365 000 × 92 / 365 */
    iop_agreement *a = agreement("a", "A", "2019-01-01", "2020-12-31");
    usual_parties(a);
    iop_contribution *c = contrib(a, "asn", 365000, IOP_PER_YEAR);
    c->from = D("2019-07");
    c->to = D("2019-09");
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2019), 92000);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2020), 0);
    /* reaching back into a previous period */
    previous(a, "2017-01-01", "2018-12-31");
    c = contrib(a, "asn", 50000, IOP_PER_YEAR);
    c->from = D("2017");
    c->to = D("2018");
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2017), 50000);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2019), 92000);
    iop_agreement_free(a);
}

static void test_lump_sum(void **state)
{
    (void)state;
    /* 2019–2020 = 731 days: 365/731 and 366/731 of 1 000 000 */
    iop_agreement *a = agreement("a", "A", "2019", "2020");
    usual_parties(a);
    contrib(a, "asn", 1000000, IOP_PER_PERIOD);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2019), 499316);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2020), 500684);
    /* 49 931 600,55 öre */
    assert_int_equal(iop_contribution_year_ore(a, &a->contributions[0], 2019), 49931601);
    iop_agreement_free(a);
}

static void test_rounding_half_away(void **state)
{
    (void)state;
    /* a 2-day lump sum of 1 kr, one day in the year: 0,50 kr → 1 kr */
    iop_agreement *a = agreement("a", "A", "2019-12-31", "2020-01-01");
    usual_parties(a);
    contrib(a, "asn", 1, IOP_PER_PERIOD);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2019), 1);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2020), 1);
    iop_agreement_free(a);
    /* 5 kr over 2 days: 2,50 → 3 (not banker's 2) */
    a = agreement("a", "A", "2019-12-31", "2020-01-01");
    usual_parties(a);
    contrib(a, "asn", 5, IOP_PER_PERIOD);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2019), 3);
    iop_agreement_free(a);
    /* summed exactly, rounded once: 3 × 100 kr for one day of 365 = 3 × 0,274 = 0,82 → 1 */
    a = agreement("a", "A", "2019-12-31", "2020-12-31");
    usual_parties(a);
    for (int i = 0; i < 3; i++)
        contrib(a, "asn", 100, IOP_PER_YEAR);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2019), 1);
    iop_agreement_free(a);
}

static void test_value_and_share(void **state)
{
    (void)state;
    iop_agreement *a = agreement("a", "A", "2019", "2021");
    usual_parties(a);
    party(a, IOP_PARTY_PUBLIC, "Region Skåne", NULL); /* no committee: another party */
    contrib(a, "asn", 635, IOP_PER_YEAR);
    contrib(a, "Arbetsmarknads- och socialnämnden", 0, IOP_PER_YEAR); /* by display name */
    iop_contribution *c = contrib(a, "Förening", 265, IOP_PER_YEAR);
    c->kind = IOP_CONTRIB_IN_KIND;
    contrib(a, "Region Skåne", 100, IOP_PER_YEAR);
    assert_int_equal(iop_agreement_cost_kr(a, "asn", 2019), 635);
    assert_int_equal(iop_agreement_value_kr(a, 2019), 1000);
    assert_int_equal(iop_agreement_municipal_kr(a, 2019), 635);
    assert_true(iop_contribution_by_committee(a, &a->contributions[1], "asn"));
    assert_false(iop_contribution_by_committee(a, &a->contributions[3], "asn"));

    iop_model *m = iop_model_new();
    iop_model_add_agreement(m, a);
    iop_report *r = iop_report_build(m, "asn", 2019, NULL);
    assert_int_equal(r->n_items, 1);
    assert_int_equal(r->items[0].share_permille, 635);
    assert_false(has_remark(&r->items[0], IOP_REMARK_HIGH_MUNICIPAL_SHARE));
    assert_false(has_remark(&r->items[0], IOP_REMARK_NO_IDEA_BASED_CONTRIBUTION));
    iop_report_free(r);
    iop_model_free(m);
}

/* Issue 12, finding 1: 101 contributions at the cap printed a wrapped
 * total; now every sum is exact.  The share is computed in 128 bits: a
 * part of 10^16 kr times 1 000 was signed overflow (the ASan build has
 * UBSan). */
static void test_amounts_at_the_cap(void **state)
{
    (void)state;
    assert_int_equal(share_permille(INT64_C(10000000000000000), INT64_C(10000000000000100)), 1000);
    assert_int_equal(share_permille(INT64_MAX / 2, INT64_MAX), 500);
    assert_int_equal(share_permille(INT64_MAX, INT64_MAX), 1000);
    assert_int_equal(share_permille(1, 3), 333);

    iop_agreement *a = agreement("a", "A", "2019", "2021");
    usual_parties(a);
    const int n = 101;
    for (int i = 0; i < n; i++)
        contrib(a, "asn", IOP_MAX_AMOUNT_KR, IOP_PER_YEAR);
    contrib(a, "Förening", IOP_MAX_AMOUNT_KR, IOP_PER_YEAR);
    assert_true(iop_agreement_cost_kr(a, "asn", 2019) == n * IOP_MAX_AMOUNT_KR);
    assert_true(iop_agreement_value_kr(a, 2019) == (n + 1) * IOP_MAX_AMOUNT_KR);
    iop_model *m = iop_model_new();
    iop_model_add_agreement(m, a);
    iop_report *r = iop_report_build(m, "asn", 2019, NULL);
    assert_int_equal(r->n_items, 1);
    assert_int_equal(r->items[0].share_permille, 990); /* 101 / 102 */
    assert_true(has_remark(&r->items[0], IOP_REMARK_HIGH_MUNICIPAL_SHARE));
    assert_true(r->total.cost_kr == n * IOP_MAX_AMOUNT_KR);
    char *data = iop_report_data_xml(r, NULL);
    assert_non_null(strstr(data, "\"100999999999899\""));
    free(data);
    iop_report_free(r);
    iop_model_free(m);
}

/* ---- reports -------------------------------------------------------- */

static void test_multi_committee(void **state)
{
    (void)state;
    iop_model *m = iop_model_new();
    iop_agreement *a = agreement("shared", "Gemensamt", "2019", "2020");
    party(a, IOP_PARTY_PUBLIC, "Arbetsmarknadsnämnden", "an");
    party(a, IOP_PARTY_PUBLIC, "Arbetsmarknadsförvaltningen", "an"); /* same committee: once */
    party(a, IOP_PARTY_PUBLIC, "Barn- och ungdomsnämnden", "bun");
    party(a, IOP_PARTY_IDEA_BASED, "Bilda", NULL);
    contrib(a, "an", 300000, IOP_PER_YEAR);
    contrib(a, "bun", 200000, IOP_PER_YEAR);
    contrib(a, "Arbetsmarknadsförvaltningen", 10000, IOP_PER_YEAR);
    iop_model_add_agreement(m, a);
    iop_agreement *b = agreement("solo", "Ensam", "2019", "2019");
    party(b, IOP_PARTY_PUBLIC, "Kulturnämnden", "kn");
    party(b, IOP_PARTY_IDEA_BASED, "Bilda", NULL);
    iop_model_add_agreement(m, b);
    m->committees = iop_xcalloc(1, sizeof *m->committees);
    m->committees[0].id = iop_xstrdup("aa-register-only");
    m->committees[0].name = iop_xstrdup("Registernämnden");
    m->n_committees = 1;

    size_t n = 0;
    char **ids = iop_report_committees(m, &n);
    assert_int_equal(n, 4);
    assert_string_equal(ids[0], "aa-register-only");
    assert_string_equal(ids[1], "an");
    assert_string_equal(ids[2], "bun");
    assert_string_equal(ids[3], "kn");
    assert_null(ids[4]);
    iop_strings_free(ids);

    iop_report *r = iop_report_build(m, "an", 2019, NULL);
    assert_int_equal(r->n_items, 1);
    assert_int_equal(r->items[0].cost_kr, 310000);
    assert_int_equal(r->total.cost_kr, 310000);
    assert_null(r->committee);
    assert_string_equal(r->committee_name, "Arbetsmarknadsnämnden");
    iop_report_free(r);
    r = iop_report_build(m, "bun", 2019, NULL);
    assert_int_equal(r->n_items, 1);
    assert_int_equal(r->items[0].cost_kr, 200000);
    assert_int_equal(r->items[0].municipal_kr, 510000);
    iop_report_free(r);
    r = iop_report_build(m, "aa-register-only", 2019, NULL);
    assert_int_equal(r->n_items, 0);
    assert_string_equal(r->committee_name, "Registernämnden");
    iop_report_free(r);

    iop_report_batch *batch = iop_report_batch_build(m, 2019, NULL);
    assert_int_equal(batch->n_reports, 4);
    assert_int_equal(batch->n_catalogue, 2);
    assert_string_equal(batch->catalogue[0].agreement->id, "solo"); /* same municipality, no area: by title */
    iop_report_batch_free(batch);
    iop_model_free(m);
}

static void test_order_totals_remarks(void **state)
{
    (void)state;
    iop_model *m = iop_model_new();
    const struct {
        const char *id, *title, *area, *start, *end;
        int64_t kr;
    } rows[] = {
        {"e", "Ändrat", "Socialt", "2017", "2018-06-30", 100000},  /* ended */
        {"z", "Zeta", "Arbetsmarknad", "2018", "2020", 200000},
        {"o", "Öppet", NULL, "2018-03-01", NULL, 365000},
        {"a", "Åtgärd", "Arbetsmarknad", "2016", "2019-03", 10},
        {"x", "Alfa", "Socialt", "2018", "2018-10-31", 1},          /* ended, short */
        {"y", "Utanför", "Socialt", "2019", "2020", 1},             /* outside 2018 */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        iop_agreement *a = agreement(rows[i].id, rows[i].title, rows[i].start, rows[i].end);
        a->area = iop_xstrdup(rows[i].area);
        usual_parties(a);
        contrib(a, "asn", rows[i].kr, IOP_PER_YEAR);
        iop_model_add_agreement(m, a);
    }
    iop_diag *diag = iop_diag_new();
    iop_report *r = iop_report_build(m, "asn", 2018, diag);
    assert_int_equal(r->n_items, 5);
    /* ongoing: Arbetsmarknad (Zeta, Åtgärd), then no area (Öppet); ended: Socialt (Alfa, Ändrat) */
    assert_string_equal(r->items[0].agreement->id, "z");
    assert_string_equal(r->items[1].agreement->id, "a");
    assert_string_equal(r->items[2].agreement->id, "o");
    assert_string_equal(r->items[3].agreement->id, "x");
    assert_string_equal(r->items[4].agreement->id, "e");
    /* 1 March–31 Dec 2018 = 306 days: 306 000; 1 Jan–30 Jun = 181 days of 100 000 = 49 589,04;
     * 1 Jan–31 Oct = 304 days of 1 kr = 0,83 → 1 */
    assert_int_equal(r->items[2].cost_kr, 306000);
    assert_int_equal(r->items[4].cost_kr, 49589);
    assert_int_equal(r->items[3].cost_kr, 1);
    assert_int_equal(r->total.count, 5);
    assert_int_equal(r->total.cost_kr, 200000 + 10 + 306000 + 1 + 49589);
    assert_int_equal(r->by_status[IOP_STATUS_ONGOING].count, 3);
    assert_int_equal(r->by_status[IOP_STATUS_ONGOING].cost_kr, 506010);
    assert_int_equal(r->by_status[IOP_STATUS_ENDED].cost_kr, 49590);
    assert_int_equal(r->total.n_new, 3); /* z, o, x */
    assert_int_equal(r->n_by_area, 3);
    assert_string_equal(r->by_area[0].key, "Arbetsmarknad");
    assert_int_equal(r->by_area[0].cost_kr, 200010);
    assert_string_equal(r->by_area[1].key, "Socialt");
    assert_null(r->by_area[2].key);
    /* Åtgärd ends March 2019: expiring, a decision is due */
    assert_int_equal(r->n_expiring, 1);
    assert_string_equal(r->items[r->expiring[0]].agreement->id, "a");
    assert_true(has_remark(&r->items[1], IOP_REMARK_EXPIRING));
    assert_true(has_remark(&r->items[3], IOP_REMARK_SHORT_PERIOD));
    assert_false(has_remark(&r->items[0], IOP_REMARK_SHORT_PERIOD));
    /* only the committee contributes: no idea-based input; the other
     * parties' contributions are not recorded, so no municipal share and
     * no remark about it (not recorded is not zero) */
    assert_true(has_remark(&r->items[0], IOP_REMARK_NO_IDEA_BASED_CONTRIBUTION));
    assert_false(has_remark(&r->items[0], IOP_REMARK_HIGH_MUNICIPAL_SHARE));
    assert_int_equal(r->items[0].share_permille, -1);
    /* every remark is a warning at the agreement's file:line */
    assert_int_equal(iop_diag_count(diag, IOP_ERROR), 0);
    /* five without idea-based input, Alfa short, Åtgärd expiring */
    assert_int_equal(iop_diag_count(diag, IOP_WARNING), 7);
    const iop_diag_entry *e = iop_diag_get(diag, 0);
    assert_string_equal(e->file, "test.xml");
    assert_int_equal(e->line, 2);
    iop_diag_free(diag);
    iop_report_free(r);
    iop_model_free(m);
}

/* The memo's "590 000 kr, varav 295 000 kr finansieras av BIN": each
 * public party's money for the year, a committee named by two parties
 * counted once, a party without money for the year not recorded. */
static void test_party_money(void **state)
{
    (void)state;
    iop_agreement *a = agreement("co", "Medfinansierat", "2019", "2021");
    party(a, IOP_PARTY_PUBLIC, "Arbetsmarknadsnämnden", "an");
    party(a, IOP_PARTY_PUBLIC, "Arbetsmarknadsförvaltningen", "an");
    party(a, IOP_PARTY_PUBLIC, "Bildningsnämnden", "bin");
    party(a, IOP_PARTY_PUBLIC, "Region Östergötland", NULL);
    party(a, IOP_PARTY_IDEA_BASED, "Bilda", NULL);
    contrib(a, "an", 295000, IOP_PER_YEAR);
    contrib(a, "Arbetsmarknadsförvaltningen", 5000, IOP_PER_YEAR); /* the same committee */
    contrib(a, "bin", 295000, IOP_PER_YEAR);
    contrib(a, "bin", 1000, IOP_PER_YEAR)->kind = IOP_CONTRIB_IN_KIND; /* not money */
    iop_contribution *c = contrib(a, "Region Östergötland", 100000, IOP_PER_YEAR);
    c->from = D("2021");
    contrib(a, "Bilda", 300000, IOP_PER_YEAR);
    bool rec;
    assert_int_equal(iop_agreement_party_money_kr(a, &a->parties[0], 2020, &rec), 300000);
    assert_true(rec);
    assert_int_equal(iop_agreement_party_money_kr(a, &a->parties[1], 2020, &rec), 300000);
    assert_int_equal(iop_agreement_party_money_kr(a, &a->parties[2], 2020, &rec), 295000);
    assert_true(rec);
    assert_int_equal(iop_agreement_party_money_kr(a, &a->parties[3], 2020, &rec), 0);
    assert_false(rec); /* the region pays from 2021: not recorded for 2020, not 0 */
    assert_int_equal(iop_agreement_party_money_kr(a, &a->parties[3], 2021, &rec), 100000);
    assert_true(rec);
    assert_int_equal(iop_agreement_party_money_kr(a, &a->parties[4], 2020, NULL), 300000);
    iop_agreement_free(a);
}

static void yearly(iop_yearly_text **v, size_t *n, int year, const char *text)
{
    *v = iop_xreallocarray(*v, *n + 1, sizeof **v);
    iop_yearly_text *t = &(*v)[(*n)++];
    memset(t, 0, sizeof *t);
    t->year = year;
    t->text = iop_rich_new(IOP_RICH_P, NULL);
    t->text->children = iop_rich_new(IOP_RICH_TEXT, text);
}

/* "Att uppmärksamma" quotes an expiring agreement's own plans: whole
 * sentences from its latest assessment or report up to the report year,
 * plans before history, nothing when no sentence speaks of continuation. */
static void test_outlook(void **state)
{
    (void)state;
    iop_agreement *a = agreement("o", "Utsikt", "2017", "2019");
    usual_parties(a);
    yearly(&a->reports, &a->n_reports, 2017,
           "Avtalet förlängdes t.ex. med ett år. Deltagarna fortsätter till studier.");
    yearly(&a->reports, &a->n_reports, 2018,
           "Verksamheten förlängdes 2018. Deltagarna fortsätter till studier. Parterna kommer "
           "att föra dialog om ett nytt avtal. Förlängning ska beslutas i maj.");
    yearly(&a->assessments, &a->n_assessments, 2019, "Parterna avser att förlänga avtalet.");
    outlook o;
    /* 2018: the plans of the 2018 report, not its history */
    assert_true(outlook_find(a, 2018, &o));
    assert_string_equal(o.source, "report");
    assert_int_equal(o.year, 2018);
    assert_int_equal(o.n_sentences, 2);
    assert_string_equal(o.sentences[0], "Parterna kommer att föra dialog om ett nytt avtal.");
    assert_string_equal(o.sentences[1], "Förlängning ska beslutas i maj.");
    outlook_clear(&o);
    /* 2017: no plan, so the history; "t.ex." does not end the sentence */
    assert_true(outlook_find(a, 2017, &o));
    assert_int_equal(o.n_sentences, 1);
    assert_string_equal(o.sentences[0], "Avtalet förlängdes t.ex. med ett år.");
    outlook_clear(&o);
    /* 2019: the assessment of the report year */
    assert_true(outlook_find(a, 2019, &o));
    assert_string_equal(o.source, "assessment");
    assert_string_equal(o.sentences[0], "Parterna avser att förlänga avtalet.");
    outlook_clear(&o);
    /* before any text: nothing */
    assert_false(outlook_find(a, 2016, &o));
    assert_int_equal(o.n_sentences, 0);
    outlook_clear(&o);
    iop_agreement_free(a);
}

static void test_not_recorded_is_not_zero(void **state)
{
    (void)state;
    iop_model *m = iop_model_new();
    /* the budget covers 2019 only: nothing recorded for 2018 */
    iop_agreement *a = agreement("later", "Senare", "2016-01-01", "2020-12-31");
    usual_parties(a);
    iop_contribution *c = contrib(a, "asn", 100000, IOP_PER_YEAR);
    c->from = D("2019");
    c->to = D("2019");
    iop_model_add_agreement(m, a);
    /* a recorded 0 */
    a = agreement("zero", "Noll", "2018", "2020");
    usual_parties(a);
    contrib(a, "asn", 0, IOP_PER_YEAR);
    contrib(a, "Förening", 0, IOP_PER_YEAR);
    iop_model_add_agreement(m, a);
    /* 75,0 %: not above the threshold */
    a = agreement("even", "Jämnt", "2018", "2020");
    usual_parties(a);
    contrib(a, "asn", 300, IOP_PER_YEAR);
    contrib(a, "Förening", 100, IOP_PER_YEAR)->kind = IOP_CONTRIB_IN_KIND;
    iop_model_add_agreement(m, a);
    /* 75,25 %: above */
    a = agreement("high", "Högt", "2018", "2020");
    usual_parties(a);
    contrib(a, "asn", 301, IOP_PER_YEAR);
    contrib(a, "Förening", 99, IOP_PER_YEAR);
    iop_model_add_agreement(m, a);

    assert_false(iop_agreement_cost_recorded(m->agreements[0], "asn", 2018));
    assert_true(iop_agreement_cost_recorded(m->agreements[0], "asn", 2019));
    assert_false(iop_agreement_cost_recorded(m->agreements[0], NULL, 2019));
    assert_false(iop_agreement_value_recorded(m->agreements[0], 2019)); /* the committee's only */
    assert_true(iop_agreement_municipal_recorded(m->agreements[0], 2019));
    assert_true(iop_agreement_cost_recorded(m->agreements[1], "asn", 2018));
    assert_true(iop_agreement_value_recorded(m->agreements[1], 2018));

    iop_report *r = iop_report_build(m, "asn", 2018, NULL);
    assert_int_equal(r->n_items, 4);
    const iop_report_item *later = NULL, *zero = NULL, *even = NULL, *high = NULL;
    for (size_t i = 0; i < r->n_items; i++) {
        const char *id = r->items[i].agreement->id;
        if (strcmp(id, "later") == 0) later = &r->items[i];
        if (strcmp(id, "zero") == 0) zero = &r->items[i];
        if (strcmp(id, "even") == 0) even = &r->items[i];
        if (strcmp(id, "high") == 0) high = &r->items[i];
    }
    assert_non_null(later);
    assert_non_null(zero);
    assert_non_null(even);
    assert_non_null(high);
    assert_false(later->cost_recorded);
    assert_false(later->value_recorded);
    assert_int_equal(later->share_permille, -1);
    assert_true(has_remark(later, IOP_REMARK_COST_NOT_RECORDED));
    assert_int_equal(iop_remark_kind_category(IOP_REMARK_COST_NOT_RECORDED), IOP_REMARK_GAP);
    assert_int_equal(iop_remark_kind_category(IOP_REMARK_NO_IDEA_BASED_CONTRIBUTION),
                     IOP_REMARK_GAP);
    assert_int_equal(iop_remark_kind_category(IOP_REMARK_HIGH_MUNICIPAL_SHARE),
                     IOP_REMARK_FINDING);
    assert_true(zero->cost_recorded);
    assert_int_equal(zero->cost_kr, 0);
    assert_true(zero->value_recorded);
    assert_int_equal(zero->share_permille, -1); /* a value of 0 has no share */
    assert_false(has_remark(zero, IOP_REMARK_COST_NOT_RECORDED));
    assert_int_equal(even->share_permille, 750);
    assert_false(has_remark(even, IOP_REMARK_HIGH_MUNICIPAL_SHARE));
    assert_int_equal(high->share_permille, 753);
    assert_true(has_remark(high, IOP_REMARK_HIGH_MUNICIPAL_SHARE));
    /* totals: sums of the recorded figures, and how many have none */
    assert_int_equal(r->total.count, 4);
    assert_int_equal(r->total.n_cost_missing, 1);
    assert_int_equal(r->total.cost_kr, 0 + 300 + 301);
    assert_int_equal(r->total.n_value_missing, 1);
    assert_int_equal(r->total.value_kr, 400 + 400);
    assert_int_equal(r->total.municipal_kr, 601);

    char *xml = iop_report_data_xml(r, NULL);
    assert_non_null(strstr(xml, "<committee-cost committee=\"asn\" recorded=\"false\">"
                                "uppgift saknas</committee-cost>"));
    assert_non_null(strstr(xml, "<committee-cost committee=\"asn\" amount=\"0\">0\xC2\xA0kr"));
    assert_non_null(strstr(xml, "<cost amount=\"601\" not-recorded=\"1\">"));
    assert_non_null(strstr(xml, "category=\"gap\""));
    free(xml);
    iop_report_free(r);
    iop_model_free(m);
}

static void test_short_period_boundary(void **state)
{
    (void)state;
    iop_model *m = iop_model_new();
    iop_agreement *a = agreement("a", "A", "2018-07-01", "2019-06-30"); /* exactly a year */
    usual_parties(a);
    iop_model_add_agreement(m, a);
    a = agreement("b", "B", "2018-07-01", "2019-06-29");
    usual_parties(a);
    iop_model_add_agreement(m, a);
    iop_report *r = iop_report_build(m, "asn", 2018, NULL);
    assert_int_equal(r->n_items, 2);
    assert_false(has_remark(&r->items[0], IOP_REMARK_SHORT_PERIOD));
    assert_true(has_remark(&r->items[1], IOP_REMARK_SHORT_PERIOD));
    iop_report_free(r);
    iop_model_free(m);
}

static void test_idea_based_commitment(void **state)
{
    (void)state;
    iop_model *m = iop_model_new();
    iop_agreement *a = agreement("a", "A", "2018", "2020");
    usual_parties(a);
    a->commitments = iop_xcalloc(1, sizeof *a->commitments);
    a->commitments[0].party = iop_xstrdup("Förening");
    a->commitments[0].text = iop_xstrdup("Lokaler");
    a->n_commitments = 1;
    iop_model_add_agreement(m, a);
    iop_report *r = iop_report_build(m, "asn", 2018, NULL);
    assert_false(has_remark(&r->items[0], IOP_REMARK_NO_IDEA_BASED_CONTRIBUTION));
    iop_report_free(r);
    iop_model_free(m);
}

/* ---- report data ---------------------------------------------------- */

static void test_report_data_xml(void **state)
{
    (void)state;
    iop_model *m = iop_model_new();
    iop_agreement *a = agreement("y", "Y-allas väg & <arbete>", "2019-01-01", "2020-12-31");
    a->area = iop_xstrdup("Arbetsmarknad");
    usual_parties(a);
    previous(a, "2016-01-01", "2018-12-31");
    contrib(a, "asn", 2490604, IOP_PER_YEAR);
    a->purpose = iop_rich_new(IOP_RICH_TEXT, "Att ");
    a->purpose->next = iop_rich_new(IOP_RICH_EM, NULL);
    a->purpose->next->children = iop_rich_new(IOP_RICH_TEXT, "delge");
    iop_model_add_agreement(m, a);
    iop_report *r = iop_report_build(m, "asn", 2019, NULL);
    const char *left_out[] = {"trasig.xml"};
    iop_report_data_options o = {left_out, 1, iop_days_from_civil(2019, 4, 24), true, "ASN-1",
                                 "2019-04", NULL, 0, NULL, NULL};
    char *xml = iop_report_data_xml(r, &o);
    assert_non_null(strstr(xml, "<report-data xmlns=\"urn:iopreport:report-data:1\" year=\"2019\" next-year=\"2020\" scope=\"committee\">"));
    assert_non_null(strstr(xml, "<title>Y-allas väg &amp; &lt;arbete&gt;</title>"));
    assert_non_null(strstr(xml, "<committee-cost committee=\"asn\" amount=\"2490604\">2\xC2\xA0" "490\xC2\xA0" "604\xC2\xA0kr</committee-cost>"));
    assert_non_null(strstr(xml, "<purpose><p>Att <em>delge</em></p></purpose>"));
    assert_non_null(strstr(xml, "<file path=\"trasig.xml\">trasig.xml</file>"));
    assert_non_null(strstr(xml, "<generated date=\"2019-04-24\" precision=\"day\">24\xC2\xA0" "april\xC2\xA0" "2019</generated>"));
    assert_non_null(strstr(xml, "<date date=\"2019-04\" precision=\"month\">april\xC2\xA0" "2019</date>"));
    assert_non_null(strstr(xml, "<timeline start=\"2016-01-01\" end=\"2020-12-31\" open=\"false\">"));
    assert_non_null(strstr(xml, "status=\"ongoing\""));
    assert_non_null(strstr(xml, "<total scope=\"all\" count=\"1\" new=\"0\">"));
    assert_non_null(strstr(xml, "</report-data>\n"));
    free(xml);
    iop_report_free(r);

    /* --highlight reaches the template as a list, each id once, checked
     * against the input */
    const char *hl[] = {"y", "nope", "y"};
    iop_report_data_options ho = {.highlight = hl, .n_highlight = 3};
    iop_diag *diag = iop_diag_new();
    assert_false(iop_report_data_check_highlight(m, &ho, diag));
    assert_int_equal(iop_diag_count(diag, IOP_ERROR), 1);
    assert_string_equal(iop_diag_get(diag, 0)->message,
                        "--highlight names \"nope\", which is not an agreement of the input");
    iop_diag_free(diag);
    ho.n_highlight = 1;
    assert_true(iop_report_data_check_highlight(m, &ho, NULL));
    ho.n_highlight = 3;
    iop_report_batch *b = iop_report_batch_build(m, 2019, NULL);
    xml = iop_report_batch_data_xml(b, &ho);
    assert_non_null(strstr(xml, "<catalogue>\n    <highlight ref=\"y\"/>\n    <highlight ref=\"nope\"/>\n    <total "));
    free(xml);
    xml = iop_report_batch_data_xml(b, NULL);
    assert_null(strstr(xml, "<highlight"));
    assert_non_null(strstr(xml, "scope=\"all\""));
    assert_non_null(strstr(xml, "<municipality name=\"Malmö stad\">"));
    assert_non_null(strstr(xml, "<left-out/>"));
    free(xml);
    iop_report_batch_free(b);
    iop_model_free(m);
}

/* The days a chart draws for a period come with the data (issue 17: once
 * computed in charts.xsl): month and year precision widened to whole days,
 * a terminated period cut at its termination, and the end of the option to
 * extend ("N år", "1+1 år") at its last day, 29 February to 28 February. */
static void test_period_days(void **state)
{
    (void)state;
    iop_model *m = iop_model_new();
    iop_agreement *a = agreement("a", "A", "2018-02", "2020-02-29");
    usual_parties(a);
    a->period.extension = iop_xstrdup("1+2 år");
    previous(a, "2016", "2017-02");
    iop_model_add_agreement(m, a);
    iop_agreement *b = agreement("b", "B", "2019-01-01", "2021-02");
    usual_parties(b);
    b->period.extension = iop_xstrdup("1 år"); /* ends February 2022: the 28th */
    iop_model_add_agreement(m, b);
    iop_agreement *c = agreement("c", "C", "2019-01-01", "2023-02");
    usual_parties(c);
    c->period.extension = iop_xstrdup("1 år"); /* ends February 2024: the 29th */
    iop_model_add_agreement(m, c);
    iop_agreement *t = agreement("t", "T", "2019-01-01", "2021-12-31");
    usual_parties(t);
    t->period.extension = iop_xstrdup("2 år");
    t->period.terminated = D("2019-09");  /* no option left; ends with September */
    iop_model_add_agreement(m, t);
    iop_agreement *o = agreement("o", "O", "2019-03-01", NULL);
    usual_parties(o);
    o->period.extension = iop_xstrdup("6 månader"); /* not a number of years */
    iop_model_add_agreement(m, o);

    iop_report *r = iop_report_build(m, "asn", 2019, NULL);
    char *xml = iop_report_data_xml(r, NULL);
    assert_non_null(strstr(xml, "<period first-day=\"2018-02-01\" last-day=\"2020-02-29\" option-last-day=\"2023-02-28\">"));
    assert_non_null(strstr(xml, "<previous-period first-day=\"2016-01-01\" last-day=\"2017-02-28\">"));
    assert_non_null(strstr(xml, "<period first-day=\"2019-01-01\" last-day=\"2021-02-28\" option-last-day=\"2022-02-28\">"));
    assert_non_null(strstr(xml, "<period first-day=\"2019-01-01\" last-day=\"2023-02-28\" option-last-day=\"2024-02-29\">"));
    assert_non_null(strstr(xml, "<period first-day=\"2019-01-01\" last-day=\"2019-09-30\">"));
    assert_non_null(strstr(xml, "<period first-day=\"2019-03-01\">"));
    free(xml);
    iop_report_free(r);
    /* a current period that starts after the year (the earlier one is in it) */
    r = iop_report_build(m, "asn", 2017, NULL);
    xml = iop_report_data_xml(r, NULL);
    assert_non_null(strstr(xml, "<period first-day=\"2018-02-01\" last-day=\"2020-02-29\" option-last-day=\"2023-02-28\" starts-after-year=\"true\">"));
    /* the other parties' part of the value, for the split bars */
    assert_non_null(strstr(xml, "<others recorded=\"false\">uppgift saknas</others>"));
    free(xml);
    iop_report_free(r);
    iop_model_free(m);
}

/* Which participants' year a report shows is the data's (issue 17: once
 * chosen in arsrapport.xsl): the report year's, else the first given. */
static void add_participants(iop_agreement *a, int year, long planned)
{
    a->participants = iop_xreallocarray(a->participants, a->n_participants + 1,
                                        sizeof *a->participants);
    iop_participants *p = &a->participants[a->n_participants++];
    memset(p, 0, sizeof *p);
    p->year = year;
    p->planned = planned;
    p->actual = -1;
}

static void test_participants_shown(void **state)
{
    (void)state;
    iop_model *m = iop_model_new();
    iop_agreement *a = agreement("a", "A", "2017-01-01", "2020-12-31");
    usual_parties(a);
    add_participants(a, 2017, 10);
    add_participants(a, 2018, 20);
    add_participants(a, 2019, 30);
    iop_model_add_agreement(m, a);

    iop_agreement *b = agreement("b", "B", "2019-01-01", "2020-12-31");
    usual_parties(b);
    add_participants(b, 2019, 1234);
    iop_model_add_agreement(m, b);
    iop_agreement *c = agreement("c", "C", "2019-01-01", "2020-12-31");
    usual_parties(c);
    iop_model_add_agreement(m, c);

    iop_report *r = iop_report_build(m, "asn", 2019, NULL);
    /* the year's planned participants summed in the totals, those without
     * a figure counted apart (issue 17: once summed in tjansteskrivelse.xsl) */
    assert_int_equal(r->total.planned, 1264);
    assert_int_equal(r->total.n_planned_missing, 1);
    char *xml = iop_report_data_xml(r, NULL);
    assert_non_null(strstr(xml, "<planned n=\"1264\" not-recorded=\"1\">1\xC2\xA0" "264</planned>"));
    assert_non_null(strstr(xml, "<participants year=\"2017\" current=\"false\" shown=\"false\">"));
    assert_non_null(strstr(xml, "<participants year=\"2019\" current=\"true\" shown=\"true\">"));
    free(xml);
    iop_report_free(r);
    r = iop_report_build(m, "asn", 2020, NULL); /* no entry for 2020: the first */
    xml = iop_report_data_xml(r, NULL);
    assert_non_null(strstr(xml, "<participants year=\"2017\" current=\"false\" shown=\"true\">"));
    assert_non_null(strstr(xml, "<participants year=\"2019\" current=\"false\" shown=\"false\">"));
    /* no entry for the year: not a planned 0 */
    assert_non_null(strstr(xml, "<planned recorded=\"false\" not-recorded=\"3\">uppgift saknas</planned>"));
    free(xml);
    iop_report_free(r);
    iop_model_free(m);
}

/* The year whose results a report tells is the data's (issue 17: once
 * sorted out in common/agreement.xsl): the report year; for an agreement
 * outside it the latest year up to it with a report, result or assessment. */
static void test_results_year(void **state)
{
    (void)state;
    iop_model *m = iop_model_new();
    iop_agreement *a = agreement("a", "A", "2015-01-01", "2017-12-31");
    usual_parties(a);
    a->reports = iop_xcalloc(2, sizeof *a->reports);
    a->reports[0].year = 2015;
    a->reports[1].year = 2021; /* after the year: not told, not counted */
    a->n_reports = 2;
    a->results = iop_xcalloc(1, sizeof *a->results);
    a->results[0].year = 2016;
    a->n_results = 1;
    iop_model_add_agreement(m, a);
    iop_agreement *b = agreement("b", "B", "2015-01-01", "2016-12-31"); /* nothing told */
    usual_parties(b);
    iop_model_add_agreement(m, b);
    iop_agreement *c = agreement("c", "C", "2019-01-01", "2020-12-31"); /* in the year */
    usual_parties(c);
    c->assessments = iop_xcalloc(1, sizeof *c->assessments);
    c->assessments[0].year = 2018;
    c->n_assessments = 1;
    iop_model_add_agreement(m, c);

    iop_report_batch *bt = iop_report_batch_build(m, 2019, NULL);
    char *xml = iop_report_batch_data_xml(bt, NULL);
    assert_non_null(strstr(xml, "id=\"a\" status=\"ended\" in-year=\"false\""));
    assert_non_null(strstr(strstr(xml, "id=\"a\""), "results-year=\"2016\">"));
    assert_non_null(strstr(strstr(xml, "id=\"b\""), "results-year=\"2019\">"));
    assert_non_null(strstr(strstr(xml, "id=\"c\""), "results-year=\"2019\">"));
    free(xml);
    iop_report_batch_free(bt);
    iop_model_free(m);
}

/* A catalogue's totals per municipality and over all: the year's agreements
 * only, the value and the municipal part over those whose value is
 * recorded, the share of the same, half away from zero (issue 17: once
 * summed in exempelsamling.xsl, in floating point). */
static void test_catalogue_totals(void **state)
{
    (void)state;
    iop_model *m = iop_model_new();
    iop_agreement *a = agreement("a", "A", "2019-01-01", "2019-12-31");
    usual_parties(a);
    contrib(a, "asn", 1000, IOP_PER_YEAR);
    contrib(a, "Förening", 2000, IOP_PER_YEAR);
    iop_model_add_agreement(m, a);
    iop_agreement *b = agreement("b", "B", "2019-01-01", "2019-12-31");
    usual_parties(b);
    contrib(b, "asn", 1, IOP_PER_YEAR); /* 1 + 1000 of 1001 + 2000: 33,3 % over a and b */
    contrib(b, "Förening", 0, IOP_PER_YEAR);
    iop_model_add_agreement(m, b);
    iop_agreement *c = agreement("c", "C", "2019-01-01", "2019-12-31");
    usual_parties(c);
    contrib(c, "asn", 5000, IOP_PER_YEAR); /* no other party's money: value not recorded */
    iop_model_add_agreement(m, c);
    iop_agreement *old = agreement("old", "Gammalt", "2015-01-01", "2016-12-31");
    usual_parties(old);
    contrib(old, "asn", 9000, IOP_PER_YEAR); /* outside the year: not in the totals */
    contrib(old, "Förening", 9000, IOP_PER_YEAR);
    iop_model_add_agreement(m, old);
    iop_agreement *l = agreement("l", "L", "2019-07-01", "2020-06-30");
    free(l->municipality);
    l->municipality = iop_xstrdup("Linköpings kommun");
    usual_parties(l);
    contrib(l, "asn", 1000, IOP_PER_PERIOD);  /* 184 of 366 days: 502,73 → 503 kr */
    contrib(l, "Förening", 1000, IOP_PER_PERIOD);
    iop_model_add_agreement(m, l);

    iop_report_batch *bt = iop_report_batch_build(m, 2019, NULL);
    assert_int_equal(bt->n_by_municipality, 2);
    const iop_report_total *lk = &bt->by_municipality[0], *ma = &bt->by_municipality[1];
    assert_string_equal(lk->key, "Linköpings kommun");
    assert_string_equal(ma->key, "Malmö stad");
    assert_int_equal(ma->count, 3);
    assert_int_equal(ma->value_kr, 3001);
    assert_int_equal(ma->municipal_kr, 1001);
    assert_int_equal(ma->n_value_missing, 1);
    assert_int_equal(share_permille(ma->municipal_kr, ma->value_kr), 334); /* 333,56 */
    assert_int_equal(lk->count, 1);
    assert_int_equal(lk->value_kr, 1005); /* 2000 · 184 / 366 = 1005,46: rounded once */
    assert_int_equal(lk->municipal_kr, 503);
    assert_int_equal(bt->catalogue_total.count, 4);
    assert_int_equal(bt->catalogue_total.value_kr, 4006);
    assert_int_equal(bt->catalogue_total.municipal_kr, 1504);

    char *xml = iop_report_batch_data_xml(bt, NULL);
    assert_non_null(strstr(xml, "<catalogue>\n    <total scope=\"in-year\" count=\"4\" new=\"4\">"));
    assert_non_null(strstr(xml, "<municipality name=\"Malmö stad\">\n      <total scope=\"in-year\" count=\"3\""));
    assert_non_null(strstr(xml, "<value amount=\"3001\" not-recorded=\"1\">3\xC2\xA0" "001\xC2\xA0kr</value>"));
    assert_non_null(strstr(xml, "<municipal-share permille=\"334\" percent=\"33.4\">33,4\xC2\xA0%</municipal-share>"));
    assert_non_null(strstr(xml, "<others amount=\"2000\">2\xC2\xA0" "000\xC2\xA0kr</others>"));
    /* a catalogue has no committee, so its totals have no cost */
    const char *cat = strstr(xml, "<catalogue>");
    assert_null(strstr(cat, "<cost recorded"));
    assert_null(strstr(cat, "<cost amount"));
    free(xml);
    iop_report_batch_free(bt);
    iop_model_free(m);
}

static void test_many_lump_sums(void **state)
{
    (void)state;
    /* 40 lump sums over spans of different lengths: the exact denominator
     * would overflow; the sum must still come out right to the krona.
     * Span k: 1 Jan 2019 + k days … 31 Dec 2020, 1 000 000 kr each. */
    iop_agreement *a = agreement("a", "A", "2019-01-01", "2020-12-31");
    usual_parties(a);
    double expect = 0;
    for (int k = 0; k < 40; k++) {
        iop_contribution *c = contrib(a, "asn", 1000000, IOP_PER_PERIOD);
        int64_t first = iop_days_from_civil(2019, 1, 1) + k * 7 + (k % 3);
        int y, m, d;
        iop_civil_from_days(first, &y, &m, &d);
        c->from = (iop_date){y, m, d, IOP_DATE_DAY};
        int64_t span = iop_days_from_civil(2020, 12, 31) - first + 1;
        expect += 1000000.0 * (double)(iop_days_from_civil(2019, 12, 31) - first + 1) / (double)span;
    }
    int64_t got = iop_agreement_cost_kr(a, "asn", 2019);
    assert_true(got >= (int64_t)expect - 1 && got <= (int64_t)expect + 1);
    iop_agreement_free(a);
}

static void test_rich_blocks(void **state)
{
    (void)state;
    /* a blank paragraph (whitespace between blocks) is dropped */
    iop_model *m = iop_model_new();
    iop_agreement *a = agreement("a", "A", "2019", "2020");
    usual_parties(a);
    a->lessons = iop_rich_new(IOP_RICH_P, NULL);
    a->lessons->children = iop_rich_new(IOP_RICH_TEXT, " ");
    iop_rich *ul = a->lessons->next = iop_rich_new(IOP_RICH_UL, NULL);
    ul->children = iop_rich_new(IOP_RICH_LI, NULL);
    ul->children->children = iop_rich_new(IOP_RICH_TEXT, "Ett");
    ul->children->next = iop_rich_new(IOP_RICH_LI, NULL);
    ul->children->next->children = iop_rich_new(IOP_RICH_STRONG, NULL);
    ul->children->next->children->children = iop_rich_new(IOP_RICH_TEXT, "Två");
    /* `funnits <q> en bra</q>`: the space belongs before the quotation */
    a->purpose = iop_rich_new(IOP_RICH_TEXT, "funnits");
    a->purpose->next = iop_rich_new(IOP_RICH_Q, NULL);
    a->purpose->next->children = iop_rich_new(IOP_RICH_TEXT, " en bra ");
    a->purpose->next->next = iop_rich_new(IOP_RICH_TEXT, "insats");
    iop_model_add_agreement(m, a);
    iop_report *r = iop_report_build(m, "asn", 2019, NULL);
    char *xml = iop_report_data_xml(r, NULL);
    assert_non_null(strstr(xml, "<purpose><p>funnits <q>en bra</q> insats</p></purpose>"));
    assert_non_null(strstr(xml, "<lessons><ul><li>Ett</li><li><strong>Två</strong></li></ul></lessons>"));
    /* no register entry: the name the agreement uses */
    assert_non_null(strstr(xml, "<committee id=\"asn\" registered=\"false\">"));
    assert_non_null(strstr(xml, "<name>Arbetsmarknads- och socialnämnden</name>"));
    assert_non_null(strstr(xml, "<left-out/>"));
    free(xml);
    iop_report_free(r);
    iop_model_free(m);
}

/* Which committees get a report: an invalid file's committees too, with
 * their reports held back (aggregate/selection.c, used by build and data). */
static void test_report_committees_planned(void **state)
{
    (void)state;
    iop_model *m = iop_model_new();
    iop_agreement *a = agreement("a", "A", "2019", "2019");
    usual_parties(a);
    iop_model_add_agreement(m, a);
    m->sources = iop_xcalloc(3, sizeof *m->sources);
    m->n_sources = 3;
    m->sources[0].path = (char *)iop_model_intern_file(m, "a.xml");
    m->sources[1].path = (char *)iop_model_intern_file(m, "bad.xml");
    m->sources[1].status = IOP_SOURCE_INVALID;
    iop_source_add_committee(&m->sources[1], "only-invalid");
    iop_source_add_committee(&m->sources[1], "asn");
    m->sources[2].path = (char *)iop_model_intern_file(m, "worse.xml");
    m->sources[2].status = IOP_SOURCE_INVALID;

    size_t n = 0;
    char **ids = iop_report_committees_planned(m, &n);
    assert_int_equal(n, 2);
    assert_string_equal(ids[0], "asn");
    assert_string_equal(ids[1], "only-invalid");
    assert_null(ids[2]);
    iop_strings_free(ids);

    char *why = iop_report_held_back(m, "only-invalid");
    assert_string_equal(why, "bad.xml has errors");
    free(why);
    why = iop_report_held_back(m, "asn");
    assert_string_equal(why, "bad.xml has errors");
    free(why);
    assert_null(iop_report_held_back(m, "other"));
    why = iop_report_held_back(m, NULL); /* a report over every committee */
    assert_string_equal(why, "bad.xml, worse.xml have errors");
    free(why);
    m->sources[1].status = IOP_SOURCE_OK;
    m->sources[2].status = IOP_SOURCE_UNREADABLE; /* left out, not held back */
    assert_null(iop_report_held_back(m, NULL));
    ids = iop_report_committees_planned(m, &n);
    assert_int_equal(n, 1);
    iop_strings_free(ids);
    iop_model_free(m);
}

static void test_status_keys(void **state)
{
    (void)state;
    assert_string_equal(iop_status_key(IOP_STATUS_ONGOING), "ongoing");
    assert_string_equal(iop_status_key(IOP_STATUS_ENDED), "ended");
    assert_string_equal(iop_status_key(IOP_STATUS_OUTSIDE), "outside");
    assert_string_equal(iop_status_name(IOP_STATUS_ONGOING), "pågående");
    assert_string_equal(iop_status_name(IOP_STATUS_ENDED), "avslutat");
    assert_string_equal(iop_status_name(IOP_STATUS_OUTSIDE), "utanför");
    assert_string_equal(iop_status_key((iop_status)7), "outside");
}


/* ---- year over year --------------------------------------------------- */

static void test_compare_changes(void **state)
{
    (void)state;
    /* new in 2021 */
    iop_agreement *a = agreement("a", "A", "2021-03-01", "2022-12-31");
    assert_int_equal(iop_agreement_changes(a, 2021), IOP_CHANGE_NEW);
    /* new in 2020 is not new in 2021 */
    assert_int_equal(iop_agreement_changes(a, 2022), IOP_CHANGE_ENDED);
    iop_agreement_free(a);
    /* ended on the last day of Y−1 and of Y; not one ending the day after */
    a = agreement("b", "B", "2018-01-01", "2020-12-31");
    assert_int_equal(iop_agreement_changes(a, 2021), IOP_CHANGE_ENDED);
    assert_int_equal(iop_agreement_changes(a, 2020), IOP_CHANGE_ENDED);
    assert_int_equal(iop_agreement_changes(a, 2022), 0);
    assert_int_equal(iop_agreement_changes(a, 2019), 0);
    iop_agreement_free(a);
    /* extended: the current period starts the day after a previous one */
    a = agreement("c", "C", "2021-01-01", "2022-12-31");
    previous(a, "2018-01-01", "2020-12-31");
    assert_int_equal(iop_agreement_changes(a, 2021), IOP_CHANGE_EXTENDED);
    assert_int_equal(iop_agreement_changes(a, 2022), IOP_CHANGE_EXTENDED | IOP_CHANGE_ENDED);
    assert_int_equal(iop_agreement_changes(a, 2023), IOP_CHANGE_ENDED);
    assert_int_equal(iop_agreement_changes(a, 2024), 0);
    iop_agreement_free(a);
    /* a gap between the periods: a new agreement after an old one, not an
     * extension (and not new: the partnership's timeline began earlier) */
    a = agreement("d", "D", "2021-03-01", NULL);
    previous(a, "2018-01-01", "2020-12-31");
    assert_int_equal(iop_agreement_changes(a, 2021), 0);
    iop_agreement_free(a);
    /* terminated early in Y: ended and terminated; at year precision */
    a = agreement("e", "E", "2020-01-01", "2022-12-31");
    a->period.terminated = D("2021-06-30");
    assert_int_equal(iop_agreement_changes(a, 2021), IOP_CHANGE_ENDED | IOP_CHANGE_TERMINATED);
    assert_int_equal(iop_agreement_changes(a, 2022), IOP_CHANGE_ENDED | IOP_CHANGE_TERMINATED);
    assert_int_equal(iop_agreement_changes(a, 2020), IOP_CHANGE_NEW);
    iop_agreement_free(a);
    a = agreement("f", "F", "2019", "2021");
    assert_int_equal(iop_agreement_changes(a, 2021), IOP_CHANGE_ENDED);
    assert_int_equal(iop_agreement_changes(a, 2019), IOP_CHANGE_NEW);
    iop_agreement_free(a);
    assert_string_equal(iop_change_name(IOP_CHANGE_COMMITTEE), "committee");
}

static const iop_compare_item *compare_item(const iop_comparison *c, const char *id)
{
    for (size_t i = 0; i < c->n_items; i++)
        if (strcmp(c->items[i].agreement->id, id) == 0)
            return &c->items[i];
    fail_msg("no item %s", id);
    return NULL;
}

/* asn's money for a span, and the idea-based party's in kind */
static void money(iop_agreement *a, int64_t kr, const char *from, const char *to)
{
    iop_contribution *c = contrib(a, "asn", kr, IOP_PER_YEAR);
    c->from = D(from);
    c->to = D(to);
}

static void test_compare_figures(void **state)
{
    (void)state;
    iop_model *m = iop_model_new();
    /* a budget raised from 2021: a change of cost */
    iop_agreement *a = agreement("raised", "Höjd", "2019-01-01", "2022-12-31");
    usual_parties(a);
    money(a, 400000, "2019-01-01", "2020-12-31");
    money(a, 450000, "2021-01-01", "2022-12-31");
    iop_model_add_agreement(m, a);
    /* starts 1 July 2020: a different cost, but from a part year, not a
     * changed budget */
    a = agreement("half", "Halvår", "2020-07-01", "2022-12-31");
    usual_parties(a);
    money(a, 100000, NULL, NULL);
    iop_model_add_agreement(m, a);
    /* no money recorded for 2020: no difference, and no total change */
    a = agreement("gap", "Lucka", "2020-01-01", NULL);
    usual_parties(a);
    money(a, 50000, "2021-01-01", NULL);
    iop_model_add_agreement(m, a);
    /* ended in 2020 */
    a = agreement("gone", "Avslutat", "2019-01-01", "2020-12-31");
    usual_parties(a);
    money(a, 70000, NULL, NULL);
    iop_model_add_agreement(m, a);
    /* another committee's: not in asn's comparison */
    a = agreement("other", "Annan", "2019-01-01", NULL);
    party(a, IOP_PARTY_PUBLIC, "Kulturnämnden", "kn");
    iop_model_add_agreement(m, a);

    iop_comparison *c = iop_comparison_build(m, NULL, "asn", 2021);
    assert_int_equal(c->n_items, 4);
    assert_false(c->earlier_export);
    const iop_compare_item *it = compare_item(c, "raised");
    assert_int_equal(it->changes, IOP_CHANGE_COST);
    assert_int_equal(it->previous.kr, 400000);
    assert_int_equal(it->current.kr, 450000);
    it = compare_item(c, "half");
    assert_int_equal(it->changes, 0);
    assert_int_equal(it->previous.kr, 50273); /* 100 000 × 184 / 366, rounded */
    assert_int_equal(it->current.kr, 100000);
    it = compare_item(c, "gap");
    assert_true(it->previous.in_force);
    assert_false(it->previous.recorded);
    assert_int_equal(it->changes, 0);
    it = compare_item(c, "gone");
    assert_int_equal(it->changes, IOP_CHANGE_ENDED);
    assert_false(it->current.in_force);
    assert_int_equal(c->previous_total.count, 4);
    assert_int_equal(c->previous_total.n_cost_missing, 1);
    assert_int_equal(c->previous_total.cost_kr, 400000 + 50273 + 70000);
    assert_int_equal(c->total.count, 3);
    assert_int_equal(c->total.cost_kr, 450000 + 100000 + 50000);
    assert_int_equal(c->previous_only.count, 1);
    assert_int_equal(c->previous_only.cost_kr, 70000);
    /* every year from the first start to the report year */
    assert_int_equal(c->n_years, 3);
    assert_int_equal(c->years[0].year, 2019);
    assert_int_equal(c->years[0].cost_kr, 470000);
    assert_int_equal(c->years[1].n_cost_missing, 1);

    /* in the report data: the missing figure gives no difference, the
     * total no change; not in force is a dash, and its difference real */
    iop_report *r = iop_report_build(m, "asn", 2021, NULL);
    iop_report_data_options o = {.comparison = c};
    char *xml = iop_report_data_xml(r, &o);
    assert_non_null(strstr(xml, "<comparison year=\"2021\" previous-year=\"2020\" source=\"same\" changed=\"2\">"));
    assert_non_null(strstr(xml, "<cost-change recorded=\"false\">uppgift saknas</cost-change>"));
    assert_non_null(strstr(xml, "<previous-cost year=\"2020\" recorded=\"false\">uppgift saknas</previous-cost>"));
    assert_non_null(strstr(xml, "<cost year=\"2021\" in-force=\"false\">\xE2\x80\x93</cost>"));
    assert_non_null(strstr(xml, "<difference amount=\"50000\">+50\xC2\xA0" "000\xC2\xA0kr</difference>"));
    assert_non_null(strstr(xml, "<difference amount=\"-70000\">\xE2\x88\x92" "70\xC2\xA0" "000\xC2\xA0kr</difference>"));
    assert_null(strstr(xml, "<edits"));
    free(xml);
    iop_report_free(r);
    iop_comparison_free(c);

    /* an earlier export: Y−1 from it, the edits listed, a committee change */
    iop_model *old = iop_model_new();
    a = agreement("raised", "Höjd", "2019-01-01", "2021-12-31");
    usual_parties(a);
    money(a, 380000, "2019-01-01", "2020-12-31");
    money(a, 450000, "2021-01-01", "2021-12-31");
    iop_model_add_agreement(old, a);
    a = agreement("half", "Halvår", "2020-07-01", "2022-12-31");
    party(a, IOP_PARTY_PUBLIC, "Kulturnämnden", "kn");
    iop_model_add_agreement(old, a);
    c = iop_comparison_build(m, old, "asn", 2021);
    assert_true(c->earlier_export);
    it = compare_item(c, "raised");
    assert_int_equal(it->changes, IOP_CHANGE_COST | IOP_CHANGE_EXTENDED);
    assert_int_equal(it->previous.kr, 380000);
    it = compare_item(c, "half");
    assert_int_equal(it->changes, IOP_CHANGE_COMMITTEE);
    assert_string_equal(it->other_committee, "kn");
    assert_false(it->previous.in_force);
    /* "gone" and "gap" are not in the earlier export: nothing in force then */
    assert_false(compare_item(c, "gone")->previous.in_force);
    assert_int_equal(c->previous_total.count, 1);
    assert_int_equal(c->previous_total.cost_kr, 380000);
    /* raised 2020 cost; half 2020 and 2021 (not asn's then); gap 2020
     * (now in force, its cost not recorded) and 2021; gone 2020 */
    assert_int_equal(c->n_edits, 6);
    bool found = false;
    for (size_t i = 0; i < c->n_edits; i++)
        if (strcmp(c->edits[i].agreement->id, "raised") == 0) {
            assert_int_equal(c->edits[i].year, 2020);
            assert_int_equal(c->edits[i].before.kr, 380000);
            assert_int_equal(c->edits[i].after.kr, 400000);
            found = true;
        }
    assert_true(found);
    iop_comparison_free(c);
    iop_model_free(old);
    assert_true(iop_model_has_year(m, 2019));
    assert_false(iop_model_has_year(m, 2018));
    iop_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_timeline),
        cmocka_unit_test(test_report_committees_planned),
        cmocka_unit_test(test_status_keys),
        cmocka_unit_test(test_status_year_precision),
        cmocka_unit_test(test_status_expiring_boundary),
        cmocka_unit_test(test_status_expiring_from_document_date),
        cmocka_unit_test(test_extension_latest_end),
        cmocka_unit_test(test_not_recorded_is_not_zero),
        cmocka_unit_test(test_full_year_exact),
        cmocka_unit_test(test_leap_year),
        cmocka_unit_test(test_july_to_june),
        cmocka_unit_test(test_open_ended),
        cmocka_unit_test(test_terminated),
        cmocka_unit_test(test_from_to_narrowed),
        cmocka_unit_test(test_lump_sum),
        cmocka_unit_test(test_rounding_half_away),
        cmocka_unit_test(test_value_and_share),
        cmocka_unit_test(test_amounts_at_the_cap),
        cmocka_unit_test(test_multi_committee),
        cmocka_unit_test(test_order_totals_remarks),
        cmocka_unit_test(test_short_period_boundary),
        cmocka_unit_test(test_idea_based_commitment),
        cmocka_unit_test(test_report_data_xml),
        cmocka_unit_test(test_catalogue_totals),
        cmocka_unit_test(test_period_days),
        cmocka_unit_test(test_participants_shown),
        cmocka_unit_test(test_results_year),
        cmocka_unit_test(test_many_lump_sums),
        cmocka_unit_test(test_rich_blocks),
        cmocka_unit_test(test_party_money),
        cmocka_unit_test(test_outlook),
        cmocka_unit_test(test_compare_changes),
        cmocka_unit_test(test_compare_figures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
