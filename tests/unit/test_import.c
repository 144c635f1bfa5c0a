/* The import layer: values as a Swedish spreadsheet writes them, read
 * strictly; the CSV reader's separators, quotes and encodings; a list to
 * agreement XML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "import/import_internal.h"

#include <stdlib.h>
#include <string.h>

static void test_amounts(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int64_t ore;
    } good[] = {
        {"1100000", 110000000},       {"1 100 000", 110000000},
        {"1 100 000 kr", 110000000},  {"1\xC2\xA0" "100\xC2\xA0" "000\xC2\xA0kr", 110000000},
        {"563 750,50", 56375050},     {"563750.5", 56375050},
        {"  12 000 KR. ", 1200000},   {"0", 0},
        {"500 000:-", 50000000},      {"500000 SEK", 50000000},
        {"999", 99900},               {"1\xE2\x80\xAF" "000", 100000},
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        int64_t ore = -1;
        if (!value_amount(good[i].text, &ore))
            fail_msg("'%s' refused", good[i].text);
        assert_int_equal(ore, good[i].ore);
    }
    static const char *const bad[] = {"",        "kr",     "1.100",  "1.100.000", "12 34",
                                      "1 1000",  "-500",   "ca 500", "500 000 kronor",
                                      "12,345",  "1,",     "1 000,", "12 000 000 000 000 000",
                                      "1 000 0", "1  000", "tusen"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        int64_t ore = -1;
        if (value_amount(bad[i], &ore))
            fail_msg("'%s' accepted as %lld öre", bad[i], (long long)ore);
    }
}

static void test_counts(void **state)
{
    (void)state;
    long n = -1;
    assert_true(value_count("48", &n));
    assert_int_equal(n, 48);
    assert_true(value_count(" 1 200 ", &n));
    assert_int_equal(n, 1200);
    assert_false(value_count("ca 40", &n));
    assert_false(value_count("40 st", &n));
    assert_false(value_count("4,5", &n));
    assert_false(value_count("", &n));
}

static void test_dates(void **state)
{
    (void)state;
    static const struct {
        const char *text, *iso;
    } good[] = {
        {"2019-01-01", "2019-01-01"}, {"2019-03", "2019-03"},       {"2019", "2019"},
        {"1 januari 2019", "2019-01-01"}, {"31 December 2019", "2019-12-31"},
        {"juli 2018", "2018-07"},     {" 29 februari 2020 ", "2020-02-29"},
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        iop_date d;
        char iso[32];
        if (!value_date(good[i].text, &d, iso))
            fail_msg("'%s' refused", good[i].text);
        assert_string_equal(iso, good[i].iso);
    }
    static const char *const bad[] = {"2019-13-01", "20190101",      "2019/01/01", "1 jan 2019",
                                      "31 juni 2019", "0 januari 2019", "29 februari 2019",
                                      "januari",    "1 januari",     "1 januari 2019 x", "",
                                      /* outside the years the format takes */
                                      "1 januari 3000", "1899-12-31", "2200"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        iop_date d;
        char iso[32];
        if (value_date(bad[i], &d, iso))
            fail_msg("'%s' accepted as %s", bad[i], iso);
    }
}

static void test_slugs_and_items(void **state)
{
    (void)state;
    char *s = value_slug("Bromodellen – Vägen till anställningsbarhet");
    assert_string_equal(s, "bromodellen-vagen-till-anstallningsbarhet");
    free(s);
    s = value_slug("Läxhjälp & Språk i Malmö 2.0");
    assert_string_equal(s, "laxhjalp-sprak-i-malmo-2-0");
    free(s);
    s = value_slug("– –");
    assert_string_equal(s, "");
    free(s);
    size_t n;
    char **items = value_items("a; b\nc ;; AMC, Team utreda\n", &n);
    assert_int_equal(n, 4);
    assert_string_equal(items[0], "a");
    assert_string_equal(items[2], "c");
    assert_string_equal(items[3], "AMC, Team utreda");
    value_items_free(items, n);
}

static void test_csv(void **state)
{
    (void)state;
    iop_diag *d = iop_diag_new();
    csv_table t;
    /* ',' chosen from the header; quotes hold separators, quotes and lines */
    const char *text = "a,b,c\r\n1,\"x, \"\"y\"\"\nz\",3\r\n\r\n;;,,\n4,5,6";
    assert_true(csv_read("l.csv", text, strlen(text), &t, d));
    assert_int_equal(t.sep, ',');
    assert_int_equal(t.n, 4);
    assert_string_equal(t.rows[1].cells[1], "x, \"y\"\nz");
    assert_int_equal(t.rows[1].line, 2);
    assert_int_equal(t.rows[2].line, 5);
    assert_int_equal(t.rows[3].line, 6);
    csv_table_free(&t);
    /* Windows-1252: converted, with a note */
    const char *latin = "Avtal;F\xF6rening\nL\xE4xhj\xE4lp;A\x96" "B\n";
    assert_true(csv_read("l.csv", latin, strlen(latin), &t, d));
    assert_int_equal(t.sep, ';');
    assert_string_equal(t.rows[0].cells[1], "Förening");
    assert_string_equal(t.rows[1].cells[1], "A–B");
    assert_int_equal(iop_diag_count(d, IOP_NOTE), 1);
    csv_table_free(&t);
    /* a BOM is dropped; UTF-16 and an open quote are refused */
    const char *bom = "\xEF\xBB\xBF" "Avtal\nEtt\n";
    assert_true(csv_read("l.csv", bom, strlen(bom), &t, d));
    assert_string_equal(t.rows[0].cells[0], "Avtal");
    csv_table_free(&t);
    assert_false(csv_read("l.csv", "\xFF\xFE" "A\0", 4, &t, d));
    assert_false(csv_read("l.csv", "a\n\"b\n", 5, &t, d));
    assert_int_equal(iop_diag_count(d, IOP_ERROR), 2);
    iop_diag_free(d);
}

static void test_list_to_xml(void **state)
{
    (void)state;
    iop_diag *d = iop_diag_new();
    iop_import_options o = {.committee = "x-sn", .municipality = "X kommun"};
    const char *list = "Avtal;Idéburen part;Startdatum;Belopp per år;Värde/år\n"
                       "Ett & två;\"A; B\";2019;100 000 kr;300 000,01 kr\n";
    iop_import_result *r = iop_import_csv("l.csv", list, strlen(list), &o, d);
    assert_non_null(r);
    assert_int_equal(r->n_files, 1);
    assert_string_equal(r->files[0].id, "ett-tva");
    const char *x = r->files[0].xml;
    assert_non_null(strstr(x, "<title>Ett &amp; två</title>"));
    assert_non_null(strstr(x, "<public committee=\"x-sn\">x-sn</public>"));
    /* 200 000,01 kr left for two organisations: the öre goes to the first */
    assert_non_null(strstr(x, "party=\"A\" amount=\"100000.01\" kind=\"in-kind\""));
    assert_non_null(strstr(x, "party=\"B\" amount=\"100000\" kind=\"in-kind\""));
    assert_null(strstr(x, "xml-model"));
    iop_import_result_free(r);
    assert_int_equal(iop_diag_count(d, IOP_ERROR), 0);
    iop_diag_free(d);
}

/* Headers in any case, with spaces, punctuation, "/" for "per" and "(kr)";
 * unknown ones are a note naming them, a repeated one an error. */
static void test_headers(void **state)
{
    (void)state;
    iop_diag *d = iop_diag_new();
    iop_import_options o = {.committee = "x-sn", .municipality = "X"};
    const char *list = " AVTAL ;Idéburen\xC2\xA0Part;start-datum;BELOPP  PER ÅR (kr);Färg;;"
                       "Antal deltagare 2021\n"
                       "Ett;A;2019;1 000 kr;blå;;7\n";
    iop_import_result *r = iop_import_csv("l.csv", list, strlen(list), &o, d);
    assert_non_null(r);
    const char *x = r->files[0].xml;
    assert_non_null(strstr(x, "amount=\"1000\" per=\"year\""));
    assert_non_null(strstr(x, "<participants year=\"2021\" planned=\"7\"/>"));
    assert_int_equal(iop_diag_count(d, IOP_NOTE), 1);
    assert_non_null(strstr(iop_diag_get(d, 0)->message, "'Färg'"));
    iop_import_result_free(r);
    const char *twice = "Avtal;Titel;Idéburen part;Startdatum\nEtt;Ett;A;2019\n";
    assert_null(iop_import_csv("l.csv", twice, strlen(twice), &o, d));
    assert_int_equal(iop_diag_count(d, IOP_ERROR), 1);
    iop_diag_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_amounts),        cmocka_unit_test(test_counts),
        cmocka_unit_test(test_dates),          cmocka_unit_test(test_slugs_and_items),
        cmocka_unit_test(test_csv),            cmocka_unit_test(test_list_to_xml),
        cmocka_unit_test(test_headers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
