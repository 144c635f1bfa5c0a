/* The CLI's own logic: output names that stay inside --out, and the
 * records that tell whether a report is up to date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli/build.h"
#include "cli/provenance.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void expect_name(const char *id, const char *want)
{
    char *got = build_safe_name(id);
    assert_string_equal(got, want);
    free(got);
}

static void safe_names_never_leave_the_folder(void **state)
{
    (void)state;
    expect_name("malmo-asn", "malmo-asn");
    expect_name("../../etc/x", "_._.._etc_x");
    expect_name("a/b", "a_b");
    expect_name("", "_");
    expect_name(".hidden", "_hidden");
    expect_name("..", "_.");
    expect_name("a\nb\tc", "a_b_c");
    /* one '_' per character, not per byte */
    expect_name("Malmö", "Malm_");
    expect_name("نادي", "____");
}

static void safe_names_are_capped(void **state)
{
    (void)state;
    char id[400];
    memset(id, 'x', sizeof id - 1);
    id[sizeof id - 1] = '\0';
    char *got = build_safe_name(id);
    assert_int_equal(strlen(got), 120);
    free(got);
}

static void digest_depends_on_every_byte_and_boundary(void **state)
{
    (void)state;
    uint64_t a = build_digest_string(build_digest_string(IOP_DIGEST_SEED, "ab"), "c");
    uint64_t b = build_digest_string(build_digest_string(IOP_DIGEST_SEED, "a"), "bc");
    assert_true(a != b);
    assert_true(build_digest_string(IOP_DIGEST_SEED, "x") !=
                build_digest_string(IOP_DIGEST_SEED, "y"));
}

static void report_data_digest_ignores_the_generation_date(void **state)
{
    (void)state;
    const char *a = "<report-data>\n  <generated date=\"2026-12-01\">1 december 2026</generated>\n"
                    "  <committee>x</committee></report-data>";
    const char *b = "<report-data>\n  <generated date=\"2026-12-02\">2 december 2026</generated>\n"
                    "  <committee>x</committee></report-data>";
    const char *c = "<report-data>\n  <generated date=\"2026-12-02\">2 december 2026</generated>\n"
                    "  <committee>y</committee></report-data>";
    assert_true(build_digest_report_data(a) == build_digest_report_data(b));
    assert_true(build_digest_report_data(b) != build_digest_report_data(c));
    /* without the element: the digest of everything */
    assert_true(build_digest_report_data("<r>x</r>") != build_digest_report_data("<r>y</r>"));
}

static void digest_record_follows_the_pdf(void **state)
{
    (void)state;
    char dir[] = "/tmp/iop-test-cli-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *pdf = iop_xasprintf("%s/r.pdf", dir);
    assert_false(build_digest_is_current(pdf, 42)); /* no PDF */
    FILE *f = fopen(pdf, "w");
    assert_non_null(f);
    fputs("%PDF-1.5\n", f);
    fclose(f);
    assert_false(build_digest_is_current(pdf, 42)); /* no record */
    assert_true(build_digest_record(pdf, 42));
    assert_true(build_digest_is_current(pdf, 42));
    assert_false(build_digest_is_current(pdf, 43)); /* other inputs */
    f = fopen(pdf, "a"); /* the PDF changed by hand */
    assert_non_null(f);
    fputs("more\n", f);
    fclose(f);
    assert_false(build_digest_is_current(pdf, 42));
    char *rec = build_digest_path(pdf);
    unlink(rec);
    unlink(pdf);
    rmdir(dir);
    free(rec);
    free(pdf);
}

static void provenance_digests(void **state)
{
    (void)state;
    char *s = prov_sha256_bytes("abc", 3); /* FIPS 180-2, appendix B.1 */
    assert_string_equal(s, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    free(s);
    assert_null(prov_sha256_file("/nonexistent/file.xml"));
    /* the report data's digest leaves out the day it was made */
    const char *a = "<report-data>\n  <generated date=\"2026-12-01\">1 december 2026</generated>\n"
                    "  <committee>x</committee></report-data>";
    const char *b = "<report-data>\n  <generated date=\"2026-12-02\">2 december 2026</generated>\n"
                    "  <committee>x</committee></report-data>";
    const char *c = "<report-data>\n  <generated date=\"2026-12-02\">2 december 2026</generated>\n"
                    "  <committee>y</committee></report-data>";
    char *da = prov_sha256_report_data(a), *db = prov_sha256_report_data(b),
         *dc = prov_sha256_report_data(c);
    assert_string_equal(da, db);
    assert_string_not_equal(db, dc);
    free(da);
    free(db);
    free(dc);
}

static void provenance_data_by_file(void **state)
{
    (void)state;
    const char *a = "<r><agreement file=\"x.xml\" line=\"2\"><amount>1</amount></agreement>"
                    "<agreement file=\"y.xml\" line=\"2\"><amount>5</amount></agreement>"
                    "<total>6</total></r>";
    const char *b = "<r><agreement file=\"x.xml\" line=\"2\"><amount>1</amount></agreement>"
                    "<agreement file=\"y.xml\" line=\"2\"><amount>7</amount></agreement>"
                    "<total>8</total></r>";
    prov_list la = {0}, lb = {0};
    prov_data_by_file(&la, a);
    prov_data_by_file(&lb, b);
    assert_int_equal(la.n, 2);
    assert_int_equal(lb.n, 2);
    assert_string_equal(prov_data_of_file(&la, "x.xml"), prov_data_of_file(&lb, "x.xml"));
    assert_string_not_equal(prov_data_of_file(&la, "y.xml"), prov_data_of_file(&lb, "y.xml"));
    assert_null(prov_data_of_file(&la, "z.xml"));
    /* the same from the data parsed once for the template too */
    struct _xmlDoc *tree = iop_template_read_data(b, strlen(b));
    assert_non_null(tree);
    prov_list lt = {0};
    prov_data_by_file_tree(&lt, tree);
    iop_template_free_data(tree);
    assert_int_equal(lt.n, lb.n);
    for (size_t i = 0; i < lt.n; i++)
        assert_string_equal(lt.v[i], lb.v[i]);
    prov_list_free(&lt);
    assert_null(iop_template_read_data("<r>", 3)); /* not well-formed: no tree */
    prov_list_free(&la);
    prov_list_free(&lb);
}

static void provenance_options_in_a_fixed_order(void **state)
{
    (void)state;
    iop_template_param params[] = {{"title", "Årsrapport"}};
    const char *committees[] = {"c-1"};
    build_options o = {.year = 2018, .committees = committees, .n_committees = 1,
                       .params = params, .n_params = 1};
    o.data.date = "2019-03-20";
    prov_list l = {0};
    prov_options(&l, &o, false); /* a committee report: no --committee */
    assert_int_equal(l.n, 3);
    assert_string_equal(l.v[0], "year=2018");
    assert_string_equal(l.v[1], "date=2019-03-20");
    assert_string_equal(l.v[2], "param:title=Årsrapport");
    prov_list_free(&l);
    prov_options(&l, &o, true); /* a catalogue */
    assert_int_equal(l.n, 4);
    assert_string_equal(l.v[2], "committee=c-1");
    prov_list_free(&l);
}

static void add_agreement(iop_model *m, const char *id, const char *file, const char *c1,
                          const char *c2)
{
    iop_agreement *a = iop_xcalloc(1, sizeof *a);
    a->id = iop_xstrdup(id);
    a->loc.file = iop_model_intern_file(m, file);
    a->parties = iop_xcalloc(2, sizeof *a->parties);
    a->parties[a->n_parties++] = (iop_party){.kind = IOP_PARTY_PUBLIC, .committee = iop_xstrdup(c1)};
    if (c2)
        a->parties[a->n_parties++] =
            (iop_party){.kind = IOP_PARTY_PUBLIC, .committee = iop_xstrdup(c2)};
    iop_model_add_agreement(m, a);
}

static void add_committee(iop_model *m, const char *id, const char *file)
{
    iop_committee c = {.id = iop_xstrdup(id), .loc = {.file = iop_model_intern_file(m, file)}};
    iop_model_add_committee(m, &c);
}

/* A report made from the index reads again its committee's files and the
 * registers of every committee those files name (an export file holds
 * other committees' agreements too), not every register. */
static void reread_files_name_only_the_registers_needed(void **state)
{
    (void)state;
    iop_model *m = iop_model_new();
    add_committee(m, "c1", "reg-a.xml");
    add_committee(m, "c2", "reg-a.xml");
    add_committee(m, "c3", "reg-b.xml");
    add_committee(m, "c4", "reg-c.xml");
    add_committee(m, "c5", "reg-d.xml");
    add_agreement(m, "a1", "f1.xml", "c1", NULL);
    add_agreement(m, "a2", "export.xml", "c1", NULL);
    add_agreement(m, "a3", "export.xml", "c4", NULL);
    add_agreement(m, "a4", "f4.xml", "c3", NULL);
    add_agreement(m, "a5", "f5.xml", "c2", "c5");
    size_t n = 0;
    char **files = build_committee_reread_files(m, "c1", &n);
    assert_int_equal(n, 4);
    assert_string_equal(files[0], "f1.xml");
    assert_string_equal(files[1], "export.xml");
    assert_string_equal(files[2], "reg-a.xml");
    assert_string_equal(files[3], "reg-c.xml");
    free(files);
    files = build_committee_reread_files(m, "c2", &n);
    assert_int_equal(n, 3);
    assert_string_equal(files[0], "f5.xml");
    assert_string_equal(files[1], "reg-a.xml");
    assert_string_equal(files[2], "reg-d.xml");
    free(files);
    /* the provenance record still names every register */
    files = build_committee_files(m, "c2", &n);
    assert_int_equal(n, 5);
    free(files);
    iop_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(safe_names_never_leave_the_folder),
        cmocka_unit_test(safe_names_are_capped),
        cmocka_unit_test(digest_depends_on_every_byte_and_boundary),
        cmocka_unit_test(report_data_digest_ignores_the_generation_date),
        cmocka_unit_test(digest_record_follows_the_pdf),
        cmocka_unit_test(provenance_digests),
        cmocka_unit_test(provenance_options_in_a_fixed_order),
        cmocka_unit_test(provenance_data_by_file),
        cmocka_unit_test(reread_files_name_only_the_registers_needed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
