/* The CLI's own logic: output names that stay inside --out, and the
 * records that tell whether a report is up to date. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cli/build.h"
#include "cli/provenance.h"
#include "iopreport/load.h"

#include <libxml/tree.h>

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

/* The digests per file read from the text are those of its parsed tree
 * written out again; what the report data's writer does not write is
 * parsed, with the same result. */
static void expect_data_by_file(const char *xml, bool read)
{
    prov_list text = {0}, tree = {0}, either = {0};
    assert_int_equal(prov_data_by_file_text(&text, xml), read);
    if (!read)
        assert_int_equal(text.n, 0);
    struct _xmlDoc *doc = iop_template_read_data(xml, strlen(xml));
    prov_data_by_file_tree(&tree, doc);
    iop_template_free_data(doc);
    prov_data_by_file(&either, xml);
    assert_int_equal(either.n, tree.n);
    for (size_t i = 0; i < tree.n; i++)
        assert_string_equal(either.v[i], tree.v[i]);
    if (read) {
        assert_int_equal(text.n, tree.n);
        for (size_t i = 0; i < tree.n; i++)
            assert_string_equal(text.v[i], tree.v[i]);
    }
    prov_list_free(&text);
    prov_list_free(&tree);
    prov_list_free(&either);
}

static void provenance_data_by_file_from_the_text(void **state)
{
    (void)state;
    expect_data_by_file("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<r xmlns=\"urn:x\" year=\"2018\">\n"
                        "  <agreement id=\"a\" file=\"d/a &amp; &quot;b&quot;.xml\" line=\"2\">\n"
                        "    <title>A &amp; &lt;b&gt; \"c\" 'd' \t&#13;\xC3\xA5</title>\n"
                        "    <empty></empty><empty x=\"1&#10;&#9;&#13;&lt;&gt;\xC3\xA5\"></empty>\n"
                        "    <p>x <em>y</em></p><p><em></em></p>\n"
                        "    <remark file=\"inner.xml\">nested: part of its agreement</remark>\n"
                        "  </agreement>\n"
                        "  <remarks><remark kind=\"k\" file=\"d/a &amp; &quot;b&quot;.xml\"/>"
                        "<remark profile=\"p\" file=\"e.xml\"></remark></remarks>\n"
                        "  <total>6</total>\n"
                        "</r>\n",
                        true);
    /* parsed after all: a comment, a CDATA section, references the writer
     * does not write, white space the parser normalises, a prefixed
     * attribute, a declaration below the root, a root not closed */
    expect_data_by_file("<r><agreement file=\"a.xml\"><!-- c --></agreement></r>", false);
    expect_data_by_file("<r><agreement file=\"a.xml\"><![CDATA[<x>]]></agreement></r>", false);
    expect_data_by_file("<r><agreement file=\"a.xml\">&#10;&#x41;</agreement></r>", false);
    expect_data_by_file("<r><agreement file=\"a.xml\">a > b</agreement></r>", false);
    expect_data_by_file("<r><agreement file=\"a.xml\" x=\"a\nb\"/></r>", false);
    expect_data_by_file("<r><agreement file=\"a.xml\" x='a'/></r>", false);
    expect_data_by_file("<r><agreement  file=\"a.xml\"/></r>", false);
    expect_data_by_file("<r><agreement xml:lang=\"sv\" file=\"a.xml\"/></r>", false);
    expect_data_by_file("<r><agreement xmlns=\"urn:y\" file=\"a.xml\"/></r>", false);
    expect_data_by_file("<r><agreement file=\"a.xml\"/>", false);
    expect_data_by_file("<r><agreement file=\"a.xml\"/></r>x", false);
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

/* ---- the report data's tree made as it is written ------------------------- */

static void same_string(const xmlChar *a, const xmlChar *b)
{
    assert_true((a == NULL) == (b == NULL));
    if (a)
        assert_string_equal((const char *)a, (const char *)b);
}

static void same_ns(const xmlNs *a, const xmlNs *b)
{
    assert_true((a == NULL) == (b == NULL));
    if (a) {
        same_string(a->href, b->href);
        same_string(a->prefix, b->prefix);
    }
}

static void same_nodes(const xmlNode *a, const xmlNode *b)
{
    for (; a || b; a = a->next, b = b->next) {
        assert_non_null(a);
        assert_non_null(b);
        assert_int_equal(a->type, b->type);
        same_string(a->name, b->name);
        same_string(a->content, b->content);
        /* elements are numbered with their lines; text, in content or in
         * attributes, as the parser's chunks fall (no message points there) */
        if (a->type == XML_ELEMENT_NODE)
            assert_int_equal(a->line, b->line);
        same_ns(a->ns, b->ns);
        const xmlNs *na = a->type == XML_ELEMENT_NODE ? a->nsDef : NULL;
        const xmlNs *nb = b->type == XML_ELEMENT_NODE ? b->nsDef : NULL;
        for (; na || nb; na = na->next, nb = nb->next) {
            assert_non_null(na);
            assert_non_null(nb);
            same_ns(na, nb);
        }
        const xmlAttr *pa = a->type == XML_ELEMENT_NODE ? a->properties : NULL;
        const xmlAttr *pb = b->type == XML_ELEMENT_NODE ? b->properties : NULL;
        for (; pa || pb; pa = pa->next, pb = pb->next) {
            assert_non_null(pa);
            assert_non_null(pb);
            same_string(pa->name, pb->name);
            same_ns(pa->ns, pb->ns);
            same_nodes(pa->children, pb->children);
        }
        same_nodes(a->children, b->children);
    }
}

/* The tree the builder made of `report`'s data is the parser's tree of the
 * text written at the same time, node for node and line for line. */
static void expect_tree_as_parsed(const iop_report *report, const iop_report_data_options *o)
{
    iop_template_data_builder *b = iop_template_data_builder_new();
    char *text = iop_report_data_xml_to(report, o, iop_template_data_builder_sink(b));
    xmlDocPtr built = iop_template_data_builder_finish(b);
    char *plain = iop_report_data_xml(report, o);
    assert_string_equal(text, plain); /* telling a sink changes nothing written */
    xmlDocPtr parsed = iop_template_read_data(text, strlen(text));
    assert_non_null(built);
    assert_non_null(parsed);
    same_string(built->URL, parsed->URL);
    same_string(built->encoding, parsed->encoding);
    same_string(built->version, parsed->version);
    assert_int_equal(built->standalone, parsed->standalone);
    assert_int_equal(built->properties, parsed->properties);
    assert_int_equal(built->parseFlags, parsed->parseFlags);
    assert_int_equal(built->charset, parsed->charset);
    same_nodes(built->children, parsed->children);
    /* the record's digests per file, read from the text, are those of the
     * tree written out again */
    prov_list from_text = {0}, from_tree = {0};
    assert_true(prov_data_by_file_text(&from_text, text));
    prov_data_by_file_tree(&from_tree, parsed);
    assert_int_equal(from_text.n, from_tree.n);
    for (size_t i = 0; i < from_text.n; i++)
        assert_string_equal(from_text.v[i], from_tree.v[i]);
    prov_list_free(&from_text);
    prov_list_free(&from_tree);
    iop_template_free_data(built);
    iop_template_free_data(parsed);
    free(plain);
    free(text);
}

static void expect_trees_of_model(const iop_model *m, int year)
{
    iop_report_data_options o = {.date = "2019-03-20", .case_number = "A & <B>"};
    for (size_t i = 0; i < m->n_committees; i++) {
        iop_report *r = iop_report_build(m, m->committees[i].id, year, NULL);
        expect_tree_as_parsed(r, &o);
        iop_report_free(r);
    }
}

static void report_data_tree_is_the_parsed_one(void **state)
{
    (void)state;
    static const struct {
        const char *dir;
        int year;
    } samples[] = {{"malmo-2018", 2018}, {"linkoping-2021", 2020}, {"exempelkommun-2020", 2020},
                   {"exempelkommun-2021", 2021}};
    for (size_t s = 0; s < sizeof samples / sizeof samples[0]; s++) {
        char *path = iop_xasprintf("%s/samples/%s", IOP_SOURCE_DIR, samples[s].dir);
        const char *paths[] = {path};
        iop_model *m = iop_model_new();
        iop_diag *d = iop_diag_new();
        assert_true(iop_load_paths(m, paths, 1, NULL, d));
        expect_trees_of_model(m, samples[s].year);
        iop_diag_free(d);
        iop_model_free(m);
        free(path);
    }

    /* markup characters, references, characters of three and four bytes
     * and a Latin-1 file name, in texts and attributes */
    char *path = iop_xasprintf("%s/samples/malmo-2018/malmo-carpe-sophia.xml", IOP_SOURCE_DIR);
    size_t len = 0;
    char *why = NULL;
    char *xml = iop_file_read(path, 1 << 24, &len, &why);
    assert_non_null(xml);
    iop_strbuf sb = IOP_STRBUF_INIT;
    const char *t = strstr(xml, "Carpe Sophia</title>");
    assert_non_null(t);
    iop_strbuf_append(&sb, xml, (size_t)(t - xml));
    iop_strbuf_puts(&sb, "Carpe &amp; &lt;Sophia&gt; \"x\" 'y' &#9;tab &#13;cr &#x1F600; "
                         "\xE2\x82\xAC \xE2\x80\x91 \xEF\xBF\xBD  two  spaces</title>");
    iop_strbuf_puts(&sb, t + strlen("Carpe Sophia</title>"));
    iop_model *m = iop_model_new();
    iop_diag *d = iop_diag_new();
    char *reg = iop_xasprintf("%s/samples/malmo-2018/committees.xml", IOP_SOURCE_DIR);
    size_t reg_len = 0;
    char *reg_xml = iop_file_read(reg, 1 << 24, &reg_len, &why);
    assert_non_null(reg_xml);
    assert_true(iop_load_buffer(m, "mal\xE5/committees.xml", reg_xml, reg_len, d));
    assert_true(iop_load_buffer(m, "mal\xE5/carpe & \"sophia\".xml", sb.data, sb.len, d));
    expect_trees_of_model(m, 2018);
    iop_diag_free(d);
    iop_model_free(m);
    iop_strbuf_free(&sb);
    free(reg_xml);
    free(reg);
    free(xml);
    free(path);
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
        cmocka_unit_test(provenance_data_by_file_from_the_text),
        cmocka_unit_test(reread_files_name_only_the_registers_needed),
        cmocka_unit_test(report_data_tree_is_the_parsed_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
