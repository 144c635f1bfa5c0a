/* Unit tests for the locale layer: the civil calendar, dates as written,
 * Swedish formatting, ties and collation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "iopreport/locale.h"

#define NB "\xC2\xA0"
#define MINUS "\xE2\x88\x92"

static iop_date D(const char *s)
{
    iop_date d = {0, 0, 0, IOP_DATE_NONE};
    if (s && !iop_date_parse(s, &d))
        fail_msg("bad date in test: %s", s);
    return d;
}

static void check(char *got, const char *want)
{
    assert_string_equal(got, want);
    free(got);
}

/* ---- the calendar ------------------------------------------------------ */

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

static void test_days(void **state)
{
    (void)state;
    assert_int_equal(iop_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(iop_days_from_civil(2018, 1, 1) - iop_days_from_civil(2017, 1, 1), 365);
    assert_int_equal(iop_days_from_civil(2021, 1, 1) - iop_days_from_civil(2020, 1, 1), 366);
    assert_int_equal(iop_days_from_civil(1969, 12, 31), -1);
    for (int64_t d = iop_days_from_civil(1999, 12, 1); d < iop_days_from_civil(2001, 3, 2); d++) {
        int y, m, dd;
        iop_civil_from_days(d, &y, &m, &dd);
        assert_int_equal(iop_days_from_civil(y, m, dd), d);
    }
    int64_t day;
    assert_true(iop_date_parse_day("2020-02-29", &day));
    assert_int_equal(day, iop_days_from_civil(2020, 2, 29));
    assert_false(iop_date_parse_day("2018-02-29", &day));
    assert_false(iop_date_parse_day("2018-13-01", &day));
    assert_false(iop_date_parse_day("2018-1-01", &day));
    assert_false(iop_date_parse_day("2018-01-01T", &day));
    assert_false(iop_date_parse_day("", &day));
}

static void test_date_iso(void **state)
{
    (void)state;
    char b[IOP_DATE_ISO_SIZE];
    assert_string_equal(iop_date_iso(D("2019"), b), "2019");
    assert_string_equal(iop_date_iso(D("2019-02"), b), "2019-02");
    assert_string_equal(iop_date_iso(D("2020-02-29"), b), "2020-02-29");
    assert_string_equal(iop_date_iso(D(NULL), b), "");
    /* what it writes, iop_date_parse reads back the same */
    iop_date d = D("1999-12-31"), e;
    assert_true(iop_date_parse(iop_date_iso(d, b), &e));
    assert_memory_equal(&d, &e, sizeof d);
}

static void test_leap_and_month_lengths(void **state)
{
    (void)state;
    assert_true(iop_is_leap_year(2000));
    assert_false(iop_is_leap_year(1900));
    assert_true(iop_is_leap_year(2020));
    assert_false(iop_is_leap_year(2019));
    assert_int_equal(iop_days_in_month(2020, 2), 29);
    assert_int_equal(iop_days_in_month(2019, 2), 28);
    assert_int_equal(iop_days_in_month(2019, 4), 30);
    assert_int_equal(iop_days_in_month(2019, 12), 31);
    assert_int_equal(iop_days_in_month(2019, 13), 0);
}

static void test_month_from_name(void **state)
{
    (void)state;
    assert_int_equal(iop_month_from_name("januari"), 1);
    assert_int_equal(iop_month_from_name("Maj"), 5);
    assert_int_equal(iop_month_from_name("DECEMBER"), 12);
    assert_int_equal(iop_month_from_name("jan"), 0);
    assert_int_equal(iop_month_from_name(""), 0);
    assert_int_equal(iop_month_from_name(NULL), 0);
    for (int m = 1; m <= 12; m++)
        assert_int_equal(iop_month_from_name(iop_month_name(m)), m);
}

/* ---- Swedish formatting ------------------------------------------------ */

static void test_format_numbers(void **state)
{
    (void)state;
    check(iop_format_kronor(2490604), "2" NB "490" NB "604" NB "kr");
    check(iop_format_kronor(0), "0" NB "kr");
    check(iop_format_kronor(999), "999" NB "kr");
    check(iop_format_kronor(1000), "1" NB "000" NB "kr");
    check(iop_format_kronor(-2490604), MINUS "2" NB "490" NB "604" NB "kr");
    check(iop_format_kronor(INT64_MIN), MINUS "9" NB "223" NB "372" NB "036" NB "854" NB "775" NB "808" NB "kr");
    check(iop_format_ore(56375050), "563" NB "750,50" NB "kr");
    check(iop_format_ore(56375005), "563" NB "750,05" NB "kr");
    check(iop_format_ore(249060400), "2" NB "490" NB "604" NB "kr");
    check(iop_format_ore(-150), MINUS "1,50" NB "kr");
    check(iop_format_count(1234), "1" NB "234");
    check(iop_format_count(12), "12");
    check(iop_format_count(-1234567), MINUS "1" NB "234" NB "567");
    check(iop_format_permille(635), "63,5" NB "%");
    /* one decimal always: a column of shares reads alike */
    check(iop_format_permille(500), "50,0" NB "%");
    check(iop_format_permille(1000), "100,0" NB "%");
    check(iop_format_permille(5), "0,5" NB "%");
    check(iop_format_permille(-635), MINUS "63,5" NB "%");
    check(iop_format_decimal("63.5"), "63,5");
    check(iop_format_decimal("1200"), "1" NB "200");
    check(iop_format_decimal("-2.25"), MINUS "2,25");
    check(iop_format_decimal("abc"), "abc");
    check(iop_format_decimal("1."), "1.");
}

static void test_format_tie(void **state)
{
    (void)state;
    /* dates, amounts, units in running text are not broken over lines */
    check(iop_format_tie("ursprungligen 1 januari 2016 till 31 december 2017."),
          "ursprungligen 1\xC2\xA0januari\xC2\xA0" "2016 till 31\xC2\xA0" "december\xC2\xA0" "2017.");
    check(iop_format_tie("totalt 2 560 499 kr och 49 % flickor"),
          "totalt 2\xC2\xA0" "560\xC2\xA0" "499\xC2\xA0kr och 49\xC2\xA0% flickor");
    check(iop_format_tie("med förlängning 1+1 år, 243 st. (från mars 2019)"),
          "med förlängning 1+1\xC2\xA0\xC3\xA5r, 243\xC2\xA0st. (från mars\xC2\xA0" "2019)");
    /* not tied: a year before a number, a month without its year, ordinary words */
    check(iop_format_tie("under 2018 100 barn i maj och juni"), "under 2018 100 barn i maj och juni");
    check(iop_format_tie("12 maj, 2019 kr"), "12\xC2\xA0maj, 2019\xC2\xA0kr");
    check(iop_format_tie("majoriteten 4 marsvin"), "majoriteten 4 marsvin");
    check(iop_format_tie("  två  mellanslag 1  januari "), "  två  mellanslag 1  januari ");
    check(iop_format_tie(""), "");
    assert_null(iop_format_tie(NULL));
}

static void test_format_dates(void **state)
{
    (void)state;
    /* dates are never broken: no-break spaces */
    check(iop_format_date(D("2019-01-01")), "1\xC2\xA0januari\xC2\xA0" "2019");
    check(iop_format_date(D("2018-07-31")), "31\xC2\xA0juli\xC2\xA0" "2018");
    check(iop_format_date(D("2019-01")), "januari\xC2\xA0" "2019");
    check(iop_format_date(D("2019-12")), "december\xC2\xA0" "2019");
    check(iop_format_date(D("2019")), "2019");
    check(iop_format_date(D(NULL)), "");
    check(iop_format_day(iop_days_from_civil(2020, 2, 29)), "29\xC2\xA0" "februari\xC2\xA0" "2020");
    check(iop_format_period(D("2019-01-01"), D("2020-12-31")),
          "1\xC2\xA0januari\xC2\xA0" "2019 \xE2\x80\x93 31\xC2\xA0" "december\xC2\xA0" "2020");
    check(iop_format_period(D("2019"), D("2020")), "2019\xE2\x80\x93" "2020");
    check(iop_format_period(D("2019"), D("2019")), "2019");
    check(iop_format_period(D("2019-01-01"), D(NULL)), "1\xC2\xA0januari\xC2\xA0" "2019 \xE2\x80\x93 tills vidare");
    check(iop_format_period(D("2018-11"), D("2019-03")), "november\xC2\xA0" "2018 \xE2\x80\x93 mars\xC2\xA0" "2019");
    check(iop_format_period(D("2019"), D("2020-06-30")), "2019 \xE2\x80\x93 30\xC2\xA0juni\xC2\xA0" "2020");
    assert_string_equal(iop_month_name(5), "maj");
    assert_string_equal(iop_month_name(13), "");
}

static void test_lower_sv(void **state)
{
    (void)state;
    char a[] = "FÖRLÄNGNING Åt Éva ×2 å";
    assert_string_equal(iop_lower_sv(a), "förlängning åt éva ×2 å");
    char b[] = "";
    assert_string_equal(iop_lower_sv(b), "");
}

static void test_collate(void **state)
{
    (void)state;
    assert_true(iop_collate_sv("Zeta", "Åtgärd") < 0);
    assert_true(iop_collate_sv("Åtgärd", "Ändrat") < 0);
    assert_true(iop_collate_sv("Ändrat", "Öppet") < 0);
    assert_true(iop_collate_sv("arbete", "Barn") < 0);
    assert_true(iop_collate_sv("Café", "Cafe") != 0);
    assert_true(iop_collate_sv("Café", "Cafg") < 0);
    assert_true(iop_collate_sv("Bo", "Bostad") < 0);
    assert_int_equal(iop_collate_sv("Lika", "Lika"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_days_roundtrip),
        cmocka_unit_test(test_date_parse_precisions),
        cmocka_unit_test(test_date_parse_rejects),
        cmocka_unit_test(test_days),
        cmocka_unit_test(test_date_iso),
        cmocka_unit_test(test_leap_and_month_lengths),
        cmocka_unit_test(test_month_from_name),
        cmocka_unit_test(test_format_numbers),
        cmocka_unit_test(test_format_dates),
        cmocka_unit_test(test_format_tie),
        cmocka_unit_test(test_collate),
        cmocka_unit_test(test_lower_sv),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
