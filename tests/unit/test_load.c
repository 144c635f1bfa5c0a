/* Unit tests for the load layer: good inputs load into the model with every
 * field right, and every rule of the format reports at the exact file and
 * line of the element concerned (lines are found in the test's own text, so
 * the expectation is exact and still readable). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "iopreport/load.h"

/* ---- helpers --------------------------------------------------------------- */

typedef struct loaded {
    iop_model *model;
    iop_diag *diag;
    bool ok;
} loaded;

static void dump(const iop_diag *diag)
{
    for (size_t i = 0; i < iop_diag_size(diag); i++) {
        char *s = iop_diag_format(iop_diag_get(diag, i));
        print_message("  diag: %s\n", s);
        free(s);
    }
}

/* Load one in-memory file, without the cross-file checks. */
static loaded load_only(const char *name, const char *xml, size_t len)
{
    loaded l = {iop_model_new(), iop_diag_new(), false};
    l.ok = iop_load_buffer(l.model, name, xml, len, l.diag);
    return l;
}

/* Load one file and run the cross-file checks, as a batch of one. */
static loaded load1(const char *name, const char *xml)
{
    loaded l = load_only(name, xml, strlen(xml));
    bool fin = iop_load_finish(l.model, l.diag);
    l.ok = l.ok && fin;
    return l;
}

static void loaded_free(loaded *l)
{
    iop_diag_free(l->diag);
    iop_model_free(l->model);
}

/* The 1-based line of the first occurrence of needle in text. */
static long line_of(const char *text, const char *needle)
{
    const char *at = strstr(text, needle);
    if (!at)
        fail_msg("test bug: '%s' is not in the test input", needle);
    long line = 1;
    for (const char *p = text; p < at; p++)
        line += *p == '\n';
    return line;
}

/* An entry of exactly this severity, file and line whose message contains
 * `part`; fails the test (showing every entry) when there is none. */
static void expect_diag(const iop_diag *diag, iop_severity sev, const char *file, long line,
                        const char *part)
{
    for (size_t i = 0; i < iop_diag_size(diag); i++) {
        const iop_diag_entry *e = iop_diag_get(diag, i);
        if (e->severity == sev && e->file && strcmp(e->file, file) == 0 && e->line == line &&
            strstr(e->message, part))
            return;
    }
    dump(diag);
    fail_msg("no %s at %s:%ld containing '%s'", sev == IOP_ERROR ? "error" : "warning", file,
             line, part);
}

static void expect_error(const iop_diag *diag, const char *file, long line, const char *part)
{
    expect_diag(diag, IOP_ERROR, file, line, part);
}

static void expect_counts(const loaded *l, size_t errors, size_t warnings)
{
    if (iop_diag_count(l->diag, IOP_ERROR) != errors ||
        iop_diag_count(l->diag, IOP_WARNING) != warnings) {
        dump(l->diag);
        fail_msg("expected %zu errors and %zu warnings, got %zu and %zu", errors, warnings,
                 iop_diag_count(l->diag, IOP_ERROR), iop_diag_count(l->diag, IOP_WARNING));
    }
}

/* A valid agreement whose body can be extended or whose parts replaced:
 * `period` is the whole <period .../> element, `parties` the inside of
 * <parties>, `body` more children. Caller frees. */
static char *agreement(const char *id, const char *parties, const char *period, const char *body)
{
    return iop_xasprintf(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<agreement xmlns=\"urn:iopreport:1\" id=\"%s\">\n"
        "  <title>Titel</title>\n"
        "  <municipality code=\"1280\">Malmö stad</municipality>\n"
        "  <parties>\n%s\n  </parties>\n"
        "  %s\n"
        "%s\n"
        "</agreement>\n",
        id,
        parties ? parties
                : "    <public committee=\"malmo-asn\">Nämnden</public>\n"
                  "    <idea-based>Föreningen</idea-based>",
        period ? period : "<period start=\"2019-01-01\" end=\"2020-12-31\"/>", body ? body : "");
}

/* Load an agreement built from parts as "t.xml"; expect it invalid. */
static loaded load_bad(char *xml)
{
    loaded l = load1("t.xml", xml);
    if (l.ok) {
        dump(l.diag);
        fail_msg("the input was accepted:\n%s", xml);
    }
    assert_int_equal(l.model->n_agreements, 0);
    return l;
}

/* One rule: the agreement with `body` (and optional parts) gives an error
 * at the line of `at` containing `part`, and nothing else. */
static void one_error(const char *parties, const char *period, const char *body, const char *at,
                      const char *part)
{
    char *xml = agreement("a1", parties, period, body);
    loaded l = load_bad(xml);
    expect_error(l.diag, "t.xml", line_of(xml, at), part);
    expect_counts(&l, 1, 0);
    assert_int_equal(l.model->sources[0].status, IOP_SOURCE_INVALID);
    loaded_free(&l);
    free(xml);
}

static const char spec_example[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<agreement xmlns=\"urn:iopreport:1\" id=\"malmo-yalla-trappan-2019\">\n"
    "  <title>Y-allas väg till arbete 2.0</title>\n"
    "  <case-number>ASN-2018-5351</case-number>\n"
    "  <municipality code=\"1280\">Malmö stad</municipality>\n"
    "  <area>Arbetsmarknad</area>\n"
    "  <parties>\n"
    "    <public committee=\"malmo-asn\">Arbetsmarknads- och socialnämnden</public>\n"
    "    <idea-based>Yalla Trappan</idea-based>\n"
    "  </parties>\n"
    "  <period start=\"2019-01-01\" end=\"2020-12-31\" extension=\"1+1 år\"/>\n"
    "  <previous-period start=\"2016-01-01\" end=\"2017-12-31\" note=\"ursprungligt avtal\"/>\n"
    "  <previous-period start=\"2018-01-01\" end=\"2018-12-31\" note=\"förlängning ett år\"/>\n"
    "  <budget>\n"
    "    <contribution party=\"malmo-asn\" amount=\"2490604\" per=\"year\"/>\n"
    "  </budget>\n"
    "  <target-group>Kvinnor inskrivna hos arbetsmarknads- och socialförvaltningen\n"
    "    som har kort eller ingen utbildning och liten eller ingen\n"
    "    arbetslivserfarenhet.</target-group>\n"
    "  <participants year=\"2019\" planned=\"48\">\n"
    "    <count label=\"Storkök\">28</count>\n"
    "    <count label=\"Lokalvård\">20</count>\n"
    "  </participants>\n"
    "  <activity>Arbetsträning i storkök</activity>\n"
    "  <activity>Arbetsträning i lokalvård</activity>\n"
    "  <purpose>Att delge arbetslösa kvinnor i Malmö arbetsmarknadsinsatser som\n"
    "    leder till självförsörjning.</purpose>\n"
    "  <assessment year=\"2018\"><p>Förvaltningen bedömer att Y-allas väg till\n"
    "    arbete fyller en viktig funktion för deltagarna och att det är en bra\n"
    "    <q>lågtröskelinsats</q>.</p></assessment>\n"
    "</agreement>\n";

static void assert_date(iop_date d, int y, int m, int day, iop_date_precision p)
{
    assert_int_equal(d.precision, p);
    assert_int_equal(d.year, y);
    assert_int_equal(d.month, m);
    assert_int_equal(d.day, day);
}

static void assert_text(const iop_rich *r, const char *text)
{
    assert_non_null(r);
    assert_int_equal(r->kind, IOP_RICH_TEXT);
    assert_string_equal(r->text, text);
    assert_null(r->children);
}

/* ---- good inputs ------------------------------------------------------------- */

static void test_spec_example(void **state)
{
    (void)state;
    loaded l = load1("example.xml", spec_example);
    if (!l.ok)
        dump(l.diag);
    assert_true(l.ok);
    expect_counts(&l, 0, 0);
    assert_int_equal(l.model->n_sources, 1);
    assert_int_equal(l.model->sources[0].status, IOP_SOURCE_OK);
    assert_int_not_equal(l.model->sources[0].digest, 0);
    assert_int_equal(l.model->n_agreements, 1);
    const iop_agreement *a = l.model->agreements[0];
    assert_string_equal(a->id, "malmo-yalla-trappan-2019");
    assert_string_equal(a->lang, "sv");
    assert_false(a->example);
    assert_string_equal(a->loc.file, "example.xml");
    assert_int_equal(a->loc.line, 2);
    assert_string_equal(a->title, "Y-allas väg till arbete 2.0");
    assert_int_equal(a->n_case_numbers, 1);
    assert_string_equal(a->case_numbers[0], "ASN-2018-5351");
    assert_string_equal(a->municipality, "Malmö stad");
    assert_string_equal(a->municipality_code, "1280");
    assert_string_equal(a->area, "Arbetsmarknad");

    assert_int_equal(a->n_parties, 2);
    assert_int_equal(a->parties[0].kind, IOP_PARTY_PUBLIC);
    assert_string_equal(a->parties[0].name, "Arbetsmarknads- och socialnämnden");
    assert_string_equal(a->parties[0].committee, "malmo-asn");
    assert_null(a->parties[0].org_number);
    assert_int_equal(a->parties[0].loc.line, 8);
    assert_int_equal(a->parties[1].kind, IOP_PARTY_IDEA_BASED);
    assert_string_equal(a->parties[1].name, "Yalla Trappan");
    assert_null(a->parties[1].committee);

    assert_date(a->period.start, 2019, 1, 1, IOP_DATE_DAY);
    assert_date(a->period.end, 2020, 12, 31, IOP_DATE_DAY);
    assert_int_equal(a->period.terminated.precision, IOP_DATE_NONE);
    assert_string_equal(a->period.extension, "1+1 år");
    assert_int_equal(a->period.loc.line, 11);
    assert_int_equal(a->n_previous, 2);
    assert_date(a->previous[0].start, 2016, 1, 1, IOP_DATE_DAY);
    assert_date(a->previous[0].end, 2017, 12, 31, IOP_DATE_DAY);
    assert_string_equal(a->previous[0].note, "ursprungligt avtal");
    assert_date(a->previous[1].start, 2018, 1, 1, IOP_DATE_DAY);
    assert_string_equal(a->previous[1].note, "förlängning ett år");

    assert_int_equal(a->n_contributions, 1);
    const iop_contribution *k = &a->contributions[0];
    assert_string_equal(k->party, "malmo-asn");
    assert_int_equal(k->amount_ore, 249060400);
    assert_int_equal(k->kind, IOP_CONTRIB_MONEY);
    assert_int_equal(k->per, IOP_PER_YEAR);
    assert_int_equal(k->from.precision, IOP_DATE_NONE);
    assert_int_equal(k->to.precision, IOP_DATE_NONE);
    assert_null(k->text);
    assert_int_equal(k->loc.line, 15);

    assert_string_equal(a->target_group,
                        "Kvinnor inskrivna hos arbetsmarknads- och socialförvaltningen som har "
                        "kort eller ingen utbildning och liten eller ingen arbetslivserfarenhet.");
    assert_int_equal(a->n_participants, 1);
    const iop_participants *p = &a->participants[0];
    assert_int_equal(p->year, 2019);
    assert_int_equal(p->planned, 48);
    assert_int_equal(p->actual, -1);
    assert_int_equal(p->n_counts, 2);
    assert_string_equal(p->counts[0].label, "Storkök");
    assert_int_equal(p->counts[0].value, 28);
    assert_string_equal(p->counts[1].label, "Lokalvård");
    assert_int_equal(p->counts[1].value, 20);
    assert_int_equal(a->n_activities, 2);
    assert_string_equal(a->activities[1], "Arbetsträning i lokalvård");

    /* inline rich text: one collapsed text run */
    assert_text(a->purpose, "Att delge arbetslösa kvinnor i Malmö arbetsmarknadsinsatser som "
                            "leder till självförsörjning.");
    assert_null(a->purpose->next);

    /* block rich text: p → text, q(text), text; spaces collapsed as in HTML */
    assert_int_equal(a->n_assessments, 1);
    assert_int_equal(a->assessments[0].year, 2018);
    const iop_rich *para = a->assessments[0].text;
    assert_non_null(para);
    assert_int_equal(para->kind, IOP_RICH_P);
    assert_null(para->next);
    const iop_rich *r = para->children;
    assert_text(r, "Förvaltningen bedömer att Y-allas väg till arbete fyller en viktig funktion "
                   "för deltagarna och att det är en bra ");
    r = r->next;
    assert_non_null(r);
    assert_int_equal(r->kind, IOP_RICH_Q);
    assert_text(r->children, "lågtröskelinsats");
    assert_null(r->children->next);
    assert_text(r->next, ".");
    assert_null(r->next->next);
    loaded_free(&l);
}

static void test_every_element(void **state)
{
    (void)state;
    char *xml = agreement(
        "full",
        "    <public committee=\"malmo-asn\">Nämnden</public>\n"
        "    <public>Region Skåne</public>\n"
        "    <idea-based org-number=\"802002-1234\">Föreningen</idea-based>\n"
        "    <other org-number=\"556000-0000\">Bostäder AB</other>",
        "<period start=\"2019-03\" end=\"2021\" terminated=\"2020-06-30\"/>",
        "  <previous-period start=\"2017\" end=\"2019-02\"/>\n"
        "  <budget>\n"
        "    <contribution party=\"malmo-asn\" amount=\"563750.50\"/>\n"
        "    <contribution party=\"Föreningen\" amount=\"100000\" kind=\"in-kind\" per=\"period\"\n"
        "      from=\"2017-06\" to=\"2019\">  lokaler   och\n volontärer </contribution>\n"
        "    <contribution party=\"Region Skåne\" amount=\"0.5\"/>\n"
        "  </budget>\n"
        "  <participants actual=\"151\"/>\n"
        "  <referral>AMC</referral>\n"
        "  <purpose><p> Första  <em>stycket</em> </p>\n"
        "    <ul><li>ett <strong>två</strong></li><li>tre</li></ul><ol><li>fyra</li></ol></purpose>\n"
        "  <goal indicator=\"i sysselsättning\" target=\"63.5\" unit=\"%\">Mål</goal>\n"
        "  <result year=\"2018\" value=\"82\" unit=\"%\">Resultat</result>\n"
        "  <follow-up><steering-group>Styrgruppen</steering-group>Följs upp <em>årligen</em>."
        "</follow-up>\n"
        "  <report year=\"2020\">Rapport</report>\n"
        "  <lessons><ul><li>en lärdom</li></ul></lessons>\n"
        "  <commitment party=\"Bostäder AB\">Lokaler</commitment>\n"
        "  <related ref=\"full\" type=\"split-from\">sig själv</related>\n"
        "  <contact name=\"Anna\" role=\"chef\" email=\"a@example.se\"/>\n"
        "  <attachment href=\"avtal.pdf\">Avtalet</attachment>");
    loaded l = load1("full.xml", xml);
    if (!l.ok)
        dump(l.diag);
    assert_true(l.ok);
    expect_counts(&l, 0, 0);
    const iop_agreement *a = l.model->agreements[0];
    assert_int_equal(a->n_parties, 4);
    assert_null(a->parties[1].committee);
    assert_string_equal(a->parties[2].org_number, "802002-1234");
    assert_int_equal(a->parties[3].kind, IOP_PARTY_OTHER);
    assert_date(a->period.start, 2019, 3, 0, IOP_DATE_MONTH);
    assert_date(a->period.end, 2021, 0, 0, IOP_DATE_YEAR);
    assert_date(a->period.terminated, 2020, 6, 30, IOP_DATE_DAY);
    assert_null(a->period.extension);
    assert_date(a->previous[0].start, 2017, 0, 0, IOP_DATE_YEAR);
    assert_null(a->previous[0].note);

    assert_int_equal(a->n_contributions, 3);
    assert_int_equal(a->contributions[0].amount_ore, 56375050);
    assert_int_equal(a->contributions[0].kind, IOP_CONTRIB_MONEY);
    assert_int_equal(a->contributions[0].per, IOP_PER_YEAR);
    assert_int_equal(a->contributions[1].amount_ore, 10000000);
    assert_int_equal(a->contributions[1].kind, IOP_CONTRIB_IN_KIND);
    assert_int_equal(a->contributions[1].per, IOP_PER_PERIOD);
    assert_date(a->contributions[1].from, 2017, 6, 0, IOP_DATE_MONTH);
    assert_date(a->contributions[1].to, 2019, 0, 0, IOP_DATE_YEAR);
    assert_string_equal(a->contributions[1].text, "lokaler och volontärer");
    assert_int_equal(a->contributions[2].amount_ore, 50);

    assert_int_equal(a->participants[0].year, 0);
    assert_int_equal(a->participants[0].planned, -1);
    assert_int_equal(a->participants[0].actual, 151);
    assert_string_equal(a->referrals[0], "AMC");

    /* purpose: p(text, em(text)), ul(li(text, strong), li), ol(li) */
    const iop_rich *p = a->purpose;
    assert_int_equal(p->kind, IOP_RICH_P);
    assert_text(p->children, "Första ");
    assert_int_equal(p->children->next->kind, IOP_RICH_EM);
    assert_text(p->children->next->children, "stycket");
    assert_null(p->children->next->next);
    const iop_rich *ul = p->next;
    assert_int_equal(ul->kind, IOP_RICH_UL);
    const iop_rich *li = ul->children;
    assert_int_equal(li->kind, IOP_RICH_LI);
    assert_text(li->children, "ett ");
    assert_int_equal(li->children->next->kind, IOP_RICH_STRONG);
    assert_text(li->children->next->children, "två");
    assert_text(li->next->children, "tre");
    assert_null(li->next->next);
    assert_int_equal(ul->next->kind, IOP_RICH_OL);
    assert_text(ul->next->children->children, "fyra");
    assert_null(ul->next->next);

    assert_string_equal(a->goals[0].indicator, "i sysselsättning");
    assert_true(a->goals[0].target.present);
    assert_string_equal(a->goals[0].target.text, "63.5");
    assert_true(a->goals[0].target.value > 63.49 && a->goals[0].target.value < 63.51);
    assert_string_equal(a->goals[0].unit, "%");
    assert_text(a->goals[0].text, "Mål");
    assert_int_equal(a->results[0].year, 2018);
    assert_string_equal(a->results[0].value.text, "82");
    assert_string_equal(a->follow_up->steering_group, "Styrgruppen");
    assert_text(a->follow_up->text, "Följs upp ");
    assert_int_equal(a->follow_up->text->next->kind, IOP_RICH_EM);
    assert_int_equal(a->reports[0].year, 2020);
    assert_int_equal(a->lessons->kind, IOP_RICH_UL);
    assert_string_equal(a->commitments[0].party, "Bostäder AB");
    assert_string_equal(a->commitments[0].text, "Lokaler");
    assert_int_equal(a->related[0].type, IOP_RELATED_SPLIT_FROM);
    assert_string_equal(a->related[0].text, "sig själv");
    assert_string_equal(a->contacts[0].name, "Anna");
    assert_string_equal(a->contacts[0].email, "a@example.se");
    assert_null(a->contacts[0].phone);
    assert_string_equal(a->attachments[0].href, "avtal.pdf");
    assert_string_equal(a->attachments[0].title, "Avtalet");
    loaded_free(&l);
    free(xml);
}

static const char collection_xml[] =
    "<agreements xmlns=\"urn:iopreport:1\">\n"
    "  <agreement id=\"one\">\n"
    "    <title>Ett</title><municipality>Malmö stad</municipality>\n"
    "    <parties><public committee=\"c-one\">N</public><idea-based>F</idea-based></parties>\n"
    "    <period start=\"2019\"/>\n"
    "  </agreement>\n"
    "  <agreement id=\"two\">\n"
    "    <title>Två</title><municipality>Malmö stad</municipality>\n"
    "    <parties><public committee=\"c-two\">N</public><public committee=\"c-three\">M</public>"
    "<idea-based>F</idea-based></parties>\n"
    "    <period start=\"2019\" end=\"2020\"/>\n"
    "    <budget><contribution party=\"nobody\" amount=\"5\"/></budget>\n"
    "  </agreement>\n"
    "  <agreement id=\"three\">\n"
    "    <title>Tre</title><municipality>Malmö stad</municipality>\n"
    "    <parties><public committee=\"c-one\">N</public><idea-based>F</idea-based></parties>\n"
    "    <period start=\"2019\"/>\n"
    "  </agreement>\n"
    "</agreements>\n";

static void test_collection_one_bad(void **state)
{
    (void)state;
    loaded l = load1("all.xml", collection_xml);
    assert_false(l.ok);
    expect_error(l.diag, "all.xml", line_of(collection_xml, "<contribution party=\"nobody\""),
                 "party=\"nobody\" names no party");
    expect_counts(&l, 1, 0);
    assert_int_equal(l.model->n_agreements, 2);
    assert_string_equal(l.model->agreements[0]->id, "one");
    assert_string_equal(l.model->agreements[1]->id, "three");
    const iop_source *s = &l.model->sources[0];
    assert_int_equal(s->status, IOP_SOURCE_INVALID);
    assert_int_equal(s->n_committees, 2);
    assert_string_equal(s->committees[0], "c-two");
    assert_string_equal(s->committees[1], "c-three");
    loaded_free(&l);
}

static const char register_xml[] =
    "<committees xmlns=\"urn:iopreport:1\">\n"
    "  <committee id=\"malmo-asn\" municipality=\"Malmö stad\" code=\"1280\">\n"
    "    <name>Arbetsmarknads- och socialnämnden</name>\n"
    "    <short-name>ASN</short-name>\n"
    "    <administration>Arbetsmarknads- och\n  socialförvaltningen</administration>\n"
    "    <signatory name=\"Anna Andersson\" role=\"Förvaltningsdirektör\"/>\n"
    "  </committee>\n"
    "  <committee id=\"malmo-ksf\"><name>Kommunstyrelsen</name></committee>\n"
    "</committees>\n";

static void test_committee_register(void **state)
{
    (void)state;
    loaded l = load1("committees.xml", register_xml);
    assert_true(l.ok);
    expect_counts(&l, 0, 0);
    assert_int_equal(l.model->n_agreements, 0);
    assert_int_equal(l.model->n_committees, 2);
    const iop_committee *c = iop_model_find_committee(l.model, "malmo-asn");
    assert_non_null(c);
    assert_string_equal(c->name, "Arbetsmarknads- och socialnämnden");
    assert_string_equal(c->short_name, "ASN");
    assert_string_equal(c->administration, "Arbetsmarknads- och socialförvaltningen");
    assert_string_equal(c->municipality, "Malmö stad");
    assert_string_equal(c->code, "1280");
    assert_string_equal(c->signatory_name, "Anna Andersson");
    assert_string_equal(c->signatory_role, "Förvaltningsdirektör");
    assert_int_equal(c->loc.line, 2);
    c = iop_model_find_committee(l.model, "malmo-ksf");
    assert_non_null(c);
    assert_null(c->short_name);
    assert_null(c->signatory_name);
    loaded_free(&l);
}

/* UTF-8 → UTF-16LE with a byte-order mark (the test's text is BMP only). */
static char *to_utf16le(const char *s, size_t *len)
{
    size_t n = strlen(s);
    unsigned char *out = iop_xmalloc(2 * n + 2), *o = out;
    *o++ = 0xFF;
    *o++ = 0xFE;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        unsigned cp;
        if (*p < 0x80)
            cp = *p++;
        else if ((*p & 0xE0) == 0xC0) {
            cp = (unsigned)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
            p += 2;
        } else {
            cp = (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
            p += 3;
        }
        *o++ = (unsigned char)(cp & 0xFF);
        *o++ = (unsigned char)(cp >> 8);
    }
    *len = (size_t)(o - out);
    return (char *)out;
}

static void test_utf16_with_bom(void **state)
{
    (void)state;
    const char *decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    const char *body = spec_example + strlen(decl);
    char *utf8 = iop_xasprintf("<?xml version=\"1.0\" encoding=\"UTF-16\"?>%s", body);
    size_t len;
    char *utf16 = to_utf16le(utf8, &len);
    loaded l = load_only("utf16.xml", utf16, len);
    if (!l.ok)
        dump(l.diag);
    assert_true(l.ok);
    expect_counts(&l, 0, 0);
    assert_int_equal(l.model->n_agreements, 1);
    const iop_agreement *a = l.model->agreements[0];
    assert_string_equal(a->title, "Y-allas väg till arbete 2.0");
    assert_string_equal(a->period.extension, "1+1 år");
    assert_int_equal(a->contributions[0].loc.line, 15);
    loaded_free(&l);
    free(utf16);
    free(utf8);
}

/* ---- one test per rule --------------------------------------------------------- */

static void test_end_before_start(void **state)
{
    (void)state;
    one_error(NULL, "<period start=\"2020-01-01\" end=\"2019-12-31\"/>", NULL, "<period",
              "the period ends (2019-12-31) before it starts (2020-01-01)");
}

static void test_terminated_outside_period(void **state)
{
    (void)state;
    one_error(NULL, "<period start=\"2019-01-01\" end=\"2020-12-31\" terminated=\"2021-01-01\"/>",
              NULL, "<period", "terminated=\"2021-01-01\" must lie within the period");
    one_error(NULL, "<period start=\"2019-01-01\" end=\"2020-12-31\" terminated=\"2018-12\"/>",
              NULL, "<period", "terminated=\"2018-12\" must lie within the period");
}

static void test_previous_periods_overlap_each_other(void **state)
{
    (void)state;
    const char *body = "  <previous-period start=\"2015-01-01\" end=\"2016-12-31\"/>\n"
                       "  <previous-period start=\"2016-06-01\" end=\"2018-12-31\"/>";
    char *xml = agreement("a1", NULL, NULL, body);
    loaded l = load_bad(xml);
    char *want = iop_xasprintf("overlaps the one on line %ld",
                               line_of(xml, "<previous-period start=\"2015"));
    expect_error(l.diag, "t.xml", line_of(xml, "<previous-period start=\"2016"), want);
    expect_counts(&l, 1, 0);
    free(want);
    loaded_free(&l);
    free(xml);
}

static void test_previous_period_overlaps_current(void **state)
{
    (void)state;
    one_error(NULL, NULL, "  <previous-period start=\"2018-01-01\" end=\"2019-01-01\"/>",
              "<previous-period", "overlaps the current <period> (line 9)");
    /* at year precision "2019" ends on 31 December: it overlaps too */
    one_error(NULL, NULL, "  <previous-period start=\"2018\" end=\"2019\"/>", "<previous-period",
              "overlaps the current <period>");
}

static void test_duplicate_ids_across_files(void **state)
{
    (void)state;
    char *x1 = agreement("same", NULL, NULL, NULL);
    char *x2 = agreement("other", NULL, NULL, NULL);
    char *x3 = agreement("same", NULL, NULL, "  <area>Här</area>");
    iop_model *m = iop_model_new();
    iop_diag *d = iop_diag_new();
    assert_true(iop_load_buffer(m, "first.xml", x1, strlen(x1), d));
    assert_true(iop_load_buffer(m, "other.xml", x2, strlen(x2), d));
    assert_true(iop_load_buffer(m, "second.xml", x3, strlen(x3), d));
    assert_int_equal(m->n_agreements, 3);
    assert_false(iop_load_finish(m, d));
    expect_error(d, "second.xml", 2, "duplicate agreement id 'same': also used at first.xml:2");
    expect_error(d, "first.xml", 2, "duplicate agreement id 'same': also used at second.xml:2");
    assert_int_equal(iop_diag_count(d, IOP_ERROR), 2);
    /* both are left out; the other stays */
    assert_int_equal(m->n_agreements, 1);
    assert_string_equal(m->agreements[0]->id, "other");
    assert_int_equal(m->sources[0].status, IOP_SOURCE_INVALID);
    assert_int_equal(m->sources[1].status, IOP_SOURCE_OK);
    assert_int_equal(m->sources[2].status, IOP_SOURCE_INVALID);
    assert_int_equal(m->sources[0].n_committees, 1);
    assert_string_equal(m->sources[0].committees[0], "malmo-asn");
    iop_diag_free(d);
    iop_model_free(m);
    free(x1);
    free(x2);
    free(x3);
}

static void test_contribution_party_unknown(void **state)
{
    (void)state;
    one_error(NULL, NULL,
              "  <budget>\n    <contribution party=\"malmo-asn\" amount=\"1\"/>\n"
              "    <contribution party=\"Föreningen\" amount=\"1\"/>\n"
              "    <contribution party=\"Foreningen\" amount=\"1\"/>\n  </budget>",
              "party=\"Foreningen\"",
              "contribution party=\"Foreningen\" names no party of this agreement");
}

static void test_commitment_party_unknown(void **state)
{
    (void)state;
    one_error(NULL, NULL,
              "  <commitment party=\"Föreningen\">ok</commitment>\n"
              "  <commitment party=\"malmo-ksf\">fel</commitment>",
              "party=\"malmo-ksf\"", "commitment party=\"malmo-ksf\" names no party");
}

static void test_unknown_committee_with_register(void **state)
{
    (void)state;
    char *xml = agreement("a1",
                          "    <public committee=\"malmo-asn\">Nämnden</public>\n"
                          "    <public committee=\"malmo-xyz\">Okänd nämnd</public>\n"
                          "    <idea-based>Föreningen</idea-based>",
                          NULL, NULL);
    /* without a register: nothing to say */
    loaded l = load1("t.xml", xml);
    assert_true(l.ok);
    expect_counts(&l, 0, 0);
    loaded_free(&l);

    iop_model *m = iop_model_new();
    iop_diag *d = iop_diag_new();
    assert_true(iop_load_buffer(m, "committees.xml", register_xml, strlen(register_xml), d));
    assert_true(iop_load_buffer(m, "t.xml", xml, strlen(xml), d));
    /* with one, an unknown id is a typo that would split the committee's
     * report in two: an error, and the agreement is left out */
    assert_false(iop_load_finish(m, d));
    expect_diag(d, IOP_ERROR, "t.xml", line_of(xml, "malmo-xyz"),
                "committee 'malmo-xyz' is not in the committee register: use an id");
    assert_int_equal(iop_diag_count(d, IOP_WARNING), 0);
    assert_int_equal(iop_diag_count(d, IOP_ERROR), 1);
    assert_int_equal(m->n_agreements, 0);
    assert_int_equal(m->sources[1].status, IOP_SOURCE_INVALID);
    iop_diag_free(d);
    iop_model_free(m);
    free(xml);

    /* a near miss names the committee that was meant, and holds its report back */
    xml = agreement("a1",
                    "    <public committee=\"malmo-asm\">Nämnden</public>\n"
                    "    <idea-based>Föreningen</idea-based>",
                    NULL, NULL);
    m = iop_model_new();
    d = iop_diag_new();
    assert_true(iop_load_buffer(m, "committees.xml", register_xml, strlen(register_xml), d));
    assert_true(iop_load_buffer(m, "t.xml", xml, strlen(xml), d));
    assert_false(iop_load_finish(m, d));
    expect_diag(d, IOP_ERROR, "t.xml", line_of(xml, "malmo-asm"),
                "committee 'malmo-asm' is not in the committee register: did you mean "
                "'malmo-asn'?");
    bool held = false;
    for (size_t i = 0; i < m->sources[1].n_committees; i++)
        held |= strcmp(m->sources[1].committees[i], "malmo-asn") == 0;
    assert_true(held);
    iop_diag_free(d);
    iop_model_free(m);
    free(xml);
}

static void test_related_unknown(void **state)
{
    (void)state;
    char *xml = agreement("a1", NULL, NULL,
                          "  <related ref=\"a1\"/>\n  <related ref=\"nowhere\" type=\"successor\"/>");
    loaded l = load1("t.xml", xml);
    assert_true(l.ok);
    expect_diag(l.diag, IOP_WARNING, "t.xml", line_of(xml, "ref=\"nowhere\""),
                "related agreement 'nowhere' is not among the files read");
    expect_counts(&l, 0, 1);
    assert_int_equal(l.model->n_agreements, 1);
    loaded_free(&l);
    free(xml);
}

/* Placeholders left from `iopreport new` are warnings, one per value, on
 * the element's line; the agreement is still read. Text that merely
 * contains the word, and other processing instructions, are not. */
static void test_placeholders_warn(void **state)
{
    (void)state;
    char *xml = agreement("ERSÄTT-id",
                          "    <public committee=\"malmo-asn\">ERSÄTT: Nämnden</public>\n"
                          "    <idea-based>Föreningen</idea-based>",
                          "<?ersätt start end?>\n  <period start=\"2019-01-01\" end=\"2020-12-31\"/>",
                          "  <?other thing?>\n"
                          "  <target-group>Unga; ERSÄTT står i texten</target-group>\n"
                          "  <purpose>\n    ERSÄTT: syftet</purpose>\n"
                          "  <?ersätt?>");
    loaded l = load1("t.xml", xml);
    assert_true(l.ok);
    expect_diag(l.diag, IOP_WARNING, "t.xml", line_of(xml, "<agreement"),
                "placeholder id=\"ERSÄTT-id\" on <agreement> not replaced");
    expect_diag(l.diag, IOP_WARNING, "t.xml", line_of(xml, "<public"),
                "placeholder \"ERSÄTT: Nämnden\" in <public> not replaced");
    char *msg = iop_xasprintf("placeholder start, end on <period> not replaced: write the real "
                              "value and delete the line <?ersätt start end?> (line %ld)",
                              line_of(xml, "<?ersätt start"));
    expect_diag(l.diag, IOP_WARNING, "t.xml", line_of(xml, "<period"), msg);
    free(msg);
    expect_diag(l.diag, IOP_WARNING, "t.xml", line_of(xml, "<purpose"),
                "placeholder \"ERSÄTT: syftet\" in <purpose>");
    expect_diag(l.diag, IOP_WARNING, "t.xml", line_of(xml, "<?ersätt?>"),
                "placeholder marker <?ersätt?> marks no element: delete it");
    expect_counts(&l, 0, 5);
    assert_int_equal(l.model->n_agreements, 1);
    loaded_free(&l);
    free(xml);
}

static void test_malformed_dates(void **state)
{
    (void)state;
    const char *bad[] = {"2019-02-30", "2019-13", "19"};
    for (size_t i = 0; i < 3; i++) {
        char *period = iop_xasprintf("<period start=\"2019-01-01\" end=\"%s\"/>", bad[i]);
        char *want = iop_xasprintf("end=\"%s\" on <period> is not a date", bad[i]);
        one_error(NULL, period, NULL, "<period", want);
        free(period);
        free(want);
    }
    one_error(NULL, NULL, "  <previous-period start=\"2017-02-29\" end=\"2017-12-31\"/>",
              "<previous-period", "start=\"2017-02-29\" on <previous-period> is not a date");
    one_error(NULL, NULL, "  <budget><contribution party=\"malmo-asn\" amount=\"1\" from=\"2019-1\"/>"
              "</budget>", "<contribution", "from=\"2019-1\" on <contribution> is not a date");
}

static void test_malformed_amounts(void **state)
{
    (void)state;
    const char *bad[] = {"12,50", "1.234", "-5", "", "1e3", "99999999999999999999",
                         "1000000000000", "10000000000000000", "92233720368547758.07"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char *body = iop_xasprintf("  <budget>\n    <contribution party=\"malmo-asn\" "
                                   "amount=\"%s\"/>\n  </budget>", bad[i]);
        /* twelve digits of kronor at most (issue 12, finding 1) */
        bool over = i >= 5;
        char *want = iop_xasprintf("amount=\"%s\" on <contribution> is %s", bad[i],
                                   over ? "over the limit of 999 999 999 999 kr" : "not an amount");
        one_error(NULL, NULL, body, "<contribution", want);
        free(body);
        free(want);
    }
}

/* The loader validates against a copy of the schema without its value
 * patterns and matches those attributes itself (src/load/schema.c): what
 * the schema as written refuses must still make the file invalid, and what
 * it allows must not: white space around a token's value is dropped before
 * its pattern is tried, white space within is not; character references
 * count as what they stand for. */
static void test_patterned_attributes(void **state)
{
    (void)state;
    static const struct {
        const char *attr;   /* the attribute on <municipality>, <period> or <contribution> */
        const char *value;
        bool valid;
    } cases[] = {
        {"code", "1280", true},        {"code", " 1280", true},
        {"code", "1280 ", true},      {"code", "12 80", false},
        {"code", "&#x31;280", true},   {"code", "1280&#10;", true},
        {"code", "1234567890", false}, {"code", "-1", false},
        {"start", "2019", true},       {"start", "2019-01", true},
        {"start", "2019-01-01", true}, {"start", "2019 ", true},
        {"start", "&#32;2019", true}, {"start", "1899", false},
        {"start", "２０１９", false},  {"start", "2019-1", false},
        {"amount", "0", true},         {"amount", "12.5", true},
        {"amount", "12.555", false},   {"amount", "1 000", false},
        {"amount", "1e3", false},      {"amount", "&#x31;2", true},
    };
    size_t wrong = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *a = cases[i].attr, *v = cases[i].value;
        char *period = strcmp(a, "start") == 0
                           ? iop_xasprintf("<period start=\"%s\" end=\"2021-12-31\"/>", v)
                           : iop_xstrdup("<period start=\"2019-01-01\" end=\"2021-12-31\"/>");
        char *body = strcmp(a, "amount") == 0
                         ? iop_xasprintf("  <budget><contribution party=\"malmo-asn\" "
                                         "amount=\"%s\"/></budget>", v)
                         : iop_xstrdup("");
        char *xml = agreement("a1", NULL, period, body);
        if (strcmp(a, "code") == 0) {
            char *at = strstr(xml, "code=\"1280\"");
            assert_non_null(at);
            char *with = iop_xasprintf("%.*scode=\"%s\"%s", (int)(at - xml), xml, v,
                                       at + strlen("code=\"1280\""));
            free(xml);
            xml = with;
        }
        loaded l = load_only("t.xml", xml, strlen(xml));
        if (l.ok != cases[i].valid) {
            dump(l.diag);
            print_error("%s=\"%s\": expected the file %s\n", a, v,
                        cases[i].valid ? "valid" : "invalid");
            wrong++;
        }
        loaded_free(&l);
        free(xml);
        free(period);
        free(body);
    }
    assert_int_equal(wrong, 0);
}

static void test_contribution_spans(void **state)
{
    (void)state;
    const char *prev = "  <previous-period start=\"2017-01-01\" end=\"2018-12-31\"/>\n";
    char *body = iop_xasprintf("%s  <budget><contribution party=\"malmo-asn\" amount=\"1\" "
                               "from=\"2016-12\"/></budget>", prev);
    one_error(NULL, NULL, body, "<contribution",
              "starts (from=\"2016-12\") before the partnership's earliest period");
    free(body);
    /* reaching into a previous period is fine */
    body = iop_xasprintf("%s  <budget><contribution party=\"malmo-asn\" amount=\"1\" "
                         "from=\"2017\" to=\"2018\"/></budget>", prev);
    char *xml = agreement("a1", NULL, NULL, body);
    loaded l = load1("t.xml", xml);
    expect_counts(&l, 0, 0);
    loaded_free(&l);
    free(xml);
    free(body);

    one_error(NULL, NULL, "  <budget><contribution party=\"malmo-asn\" amount=\"1\" "
              "to=\"2021-01\"/></budget>", "<contribution",
              "ends (to=\"2021-01\") after the current period's end (2020-12-31)");
    one_error(NULL, NULL, "  <budget><contribution party=\"malmo-asn\" amount=\"1\" "
              "from=\"2020-02\" to=\"2020-01\"/></budget>", "<contribution",
              "the contribution's 'to' is before its 'from'");
    one_error(NULL, "<period start=\"2019-01-01\"/>",
              "  <budget><contribution party=\"malmo-asn\" amount=\"1\" per=\"period\"/></budget>",
              "<contribution", "a lump sum (per=\"period\") needs an end");
    /* with a 'to' the lump sum of an open-ended period is fine */
    xml = agreement("a1", NULL, "<period start=\"2019-01-01\"/>",
                    "  <budget><contribution party=\"malmo-asn\" amount=\"1\" per=\"period\" "
                    "to=\"2019\"/></budget>");
    l = load1("t.xml", xml);
    expect_counts(&l, 0, 0);
    loaded_free(&l);
    free(xml);
}

static void test_parties_required(void **state)
{
    (void)state;
    one_error("    <public committee=\"malmo-asn\">Nämnden</public>\n"
              "    <other>Bolaget</other>", NULL, NULL, "<parties>",
              "agreement 'a1' has no idea-based party");
    one_error("    <idea-based>Föreningen</idea-based>", NULL, NULL, "<parties>",
              "agreement 'a1' has no public party");
}

static void test_required_elements(void **state)
{
    (void)state;
    const char *cut[] = {"  <title>Titel</title>\n",
                         "  <municipality code=\"1280\">Malmö stad</municipality>\n",
                         "  <period start=\"2019-01-01\" end=\"2020-12-31\"/>\n", NULL};
    const char *names[] = {"<title>", "<municipality>", "<period>", "<parties>"};
    for (size_t i = 0; i < 4; i++) {
        char *xml = agreement("a1", NULL, NULL, NULL);
        if (cut[i]) {
            char *at = strstr(xml, cut[i]);
            assert_non_null(at);
            memmove(at, at + strlen(cut[i]), strlen(at + strlen(cut[i])) + 1);
        } else {
            char *from = strstr(xml, "  <parties>"), *to = strstr(xml, "</parties>\n");
            memmove(from, to + strlen("</parties>\n"), strlen(to + strlen("</parties>\n")) + 1);
        }
        loaded l = load_bad(xml);
        char *want = iop_xasprintf("agreement 'a1' is missing the required element %s", names[i]);
        expect_error(l.diag, "t.xml", 2, want);
        if (i < 3)
            expect_counts(&l, 1, 0);
        free(want);
        loaded_free(&l);
        free(xml);
    }
}

static char *repeat(const char *unit, size_t times)
{
    size_t n = strlen(unit);
    char *s = iop_xmalloc(n * times + 1);
    for (size_t i = 0; i < times; i++)
        memcpy(s + i * n, unit, n);
    s[n * times] = '\0';
    return s;
}

static void test_title_too_long(void **state)
{
    (void)state;
    char *ok_title = repeat("å", 1000), *long_title = repeat("å", 1001);
    char *xml = agreement("a1", NULL, NULL, NULL);
    char *good = iop_xasprintf("%.*s%s%s", (int)(strstr(xml, "Titel") - xml), xml, ok_title,
                               strstr(xml, "Titel") + 5);
    char *bad = iop_xasprintf("%.*s%s%s", (int)(strstr(xml, "Titel") - xml), xml, long_title,
                              strstr(xml, "Titel") + 5);
    loaded l = load1("t.xml", good);
    expect_counts(&l, 0, 0);
    loaded_free(&l);
    l = load_bad(bad);
    expect_error(l.diag, "t.xml", 3, "<title> is 1001 characters long; the limit is 1000");
    expect_counts(&l, 1, 0);
    loaded_free(&l);
    free(ok_title);
    free(long_title);
    free(xml);
    free(good);
    free(bad);
}

static void test_text_too_long(void **state)
{
    (void)state;
    char *words = repeat("ordet ", 100000 / 6 + 1); /* 100 002 characters, trimmed 100 001 */
    char *body = iop_xasprintf("  <target-group>%s</target-group>\n  <purpose><p>%s</p></purpose>",
                               words, words);
    char *xml = agreement("a1", NULL, NULL, body);
    loaded l = load_bad(xml);
    expect_error(l.diag, "t.xml", line_of(xml, "<target-group>"),
                 "<target-group> is 100001 characters long; the limit is 100000");
    expect_error(l.diag, "t.xml", line_of(xml, "<purpose>"),
                 "<purpose> is 100001 characters long; the limit is 100000");
    expect_counts(&l, 2, 0);
    loaded_free(&l);
    free(xml);
    free(body);
    free(words);
}

static void test_wrong_root(void **state)
{
    (void)state;
    const char *xml = "<?xml version=\"1.0\"?>\n\n<agreemnt xmlns=\"urn:iopreport:1\" id=\"x\"/>\n";
    loaded l = load1("t.xml", xml);
    assert_false(l.ok);
    expect_error(l.diag, "t.xml", 3, "the root element must be <agreement>, <agreements> or "
                 "<committees>, not <agreemnt>");
    expect_counts(&l, 1, 0);
    assert_int_equal(l.model->sources[0].status, IOP_SOURCE_INVALID);
    loaded_free(&l);
}

static void test_wrong_namespace(void **state)
{
    (void)state;
    const char *xml = "<agreement xmlns=\"urn:iopreport:2\" id=\"x\"><title>T</title></agreement>";
    loaded l = load1("t.xml", xml);
    assert_false(l.ok);
    expect_error(l.diag, "t.xml", 1, "is in the namespace 'urn:iopreport:2'");
    expect_counts(&l, 1, 0);
    loaded_free(&l);
    xml = "<agreement id=\"x\"><title>T</title></agreement>";
    l = load1("t.xml", xml);
    assert_false(l.ok);
    expect_error(l.diag, "t.xml", 1, "has no namespace");
    expect_counts(&l, 1, 0);
    loaded_free(&l);
}

static void test_doctype_rejected(void **state)
{
    (void)state;
    /* even a harmless internal subset: DOCTYPE is not part of the format */
    char *good = agreement("a1", NULL, NULL, NULL);
    char *at = strstr(good, "<agreement");
    char *xml = iop_xasprintf("%.*s<!DOCTYPE agreement [\n  <!ENTITY e \"x\">\n]>\n%s",
                              (int)(at - good), good, at);
    loaded l = load1("t.xml", xml);
    assert_false(l.ok);
    expect_error(l.diag, "t.xml", 2, "a document type declaration (<!DOCTYPE agreement>) is "
                 "not allowed");
    expect_counts(&l, 1, 0);
    assert_int_equal(l.model->sources[0].status, IOP_SOURCE_UNREADABLE);
    assert_int_equal(l.model->n_agreements, 0);
    loaded_free(&l);
    free(xml);
    free(good);
}

static void test_not_well_formed(void **state)
{
    (void)state;
    char *xml = agreement("a1", NULL, NULL, "  <area>Arbete</are>");
    loaded l = load1("t.xml", xml);
    assert_false(l.ok);
    expect_error(l.diag, "t.xml", line_of(xml, "</are>"),
                 "the end tag </are> does not match <area> (opened on line");
    assert_int_equal(l.model->sources[0].status, IOP_SOURCE_UNREADABLE);
    assert_int_equal(l.model->n_agreements, 0);
    loaded_free(&l);
    free(xml);
}

static void test_closest_name(void **state)
{
    (void)state;
    static const char *const names[] = {"title", "target-group", "contribution", "budget"};
    assert_int_equal(iop_edit_distance("tittle", "title"), 1);
    assert_int_equal(iop_edit_distance("tilte", "title"), 1); /* a swap is one step */
    assert_int_equal(iop_edit_distance("Title", "title"), 0);
    assert_int_equal(iop_edit_distance("", "abc"), 3);
    assert_string_equal(iop_closest_name("tittle", names, 4), "title");
    assert_string_equal(iop_closest_name("targetgroup", names, 4), "target-group");
    assert_string_equal(iop_closest_name("contributon", names, 4), "contribution");
    assert_null(iop_closest_name("colour", names, 4));
    assert_null(iop_closest_name("x", names, 0));
}

/* Each misspelt name on its own line, with the name the schema allows
 * there; a value outside its list names the allowed ones; all in one pass. */
static void test_names_and_values(void **state)
{
    (void)state;
    char *xml = agreement("a1",
                          "    <public committee=\"malmo-asn\">Nämnden</public>\n"
                          "    <idea-basd>Föreningen</idea-basd>\n"
                          "    <idea-based>Föreningen</idea-based>",
                          NULL,
                          "  <budget>\n"
                          "    <contribution party=\"malmo-asn\" amount=\"1\" per=\"månad\"/>\n"
                          "    <contribution party=\"malmo-asn\" amout=\"1\"/>\n"
                          "  </budget>\n"
                          "  <follow-up><p>Text.</p><steering-group>S</steering-group></follow-up>\n"
                          "  <period-x/>");
    loaded l = load_bad(xml);
    expect_error(l.diag, "t.xml", line_of(xml, "<idea-basd"),
                 "<idea-basd> is not an element of the agreement format: did you mean "
                 "<idea-based>?");
    expect_error(l.diag, "t.xml", line_of(xml, "per=\"m"),
                 "per=\"månad\" on <contribution> is not allowed here: write per=\"year\" or "
                 "per=\"period\"");
    expect_error(l.diag, "t.xml", line_of(xml, "amout"),
                 "<contribution> has no attribute 'amout': did you mean amount=\"…\"?");
    expect_error(l.diag, "t.xml", line_of(xml, "<period-x"), "did you mean <period>?");
    expect_counts(&l, 4, 0); /* the steering group after the text is fine */
    loaded_free(&l);
    free(xml);
}

static void test_empty(void **state)
{
    (void)state;
    loaded l = load_only("empty.xml", "", 0);
    assert_false(l.ok);
    expect_error(l.diag, "empty.xml", 0, "the file is empty");
    expect_counts(&l, 1, 0);
    assert_int_equal(l.model->sources[0].status, IOP_SOURCE_UNREADABLE);
    loaded_free(&l);
    l = load_only("blank.xml", "  \n", 3);
    assert_false(l.ok);
    assert_int_equal(l.model->sources[0].status, IOP_SOURCE_UNREADABLE);
    assert_true(iop_diag_count(l.diag, IOP_ERROR) >= 1);
    loaded_free(&l);
}

static void test_every_problem_reported(void **state)
{
    (void)state;
    char *xml = agreement("a1", NULL, "<period start=\"2020-01-01\" end=\"2019-12-31\"/>",
                          "  <budget>\n"
                          "    <contribution party=\"ingen\" amount=\"1\"/>\n"
                          "  </budget>\n"
                          "  <result year=\"2018\" value=\"12,5\"/>");
    loaded l = load_bad(xml);
    expect_error(l.diag, "t.xml", line_of(xml, "<period"), "before it starts");
    expect_error(l.diag, "t.xml", line_of(xml, "<contribution"), "names no party");
    expect_error(l.diag, "t.xml", line_of(xml, "<result"), "value=\"12,5\" on <result> is not a number");
    expect_counts(&l, 3, 0);
    /* in line order */
    assert_int_equal(iop_diag_get(l.diag, 0)->line, line_of(xml, "<period"));
    assert_int_equal(iop_diag_get(l.diag, 2)->line, line_of(xml, "<result"));
    loaded_free(&l);
    free(xml);
}

static void test_schema_errors_have_lines(void **state)
{
    (void)state;
    one_error(NULL, NULL, "  <colour>blue</colour>", "<colour>", "<colour>");
}

static int teardown_all(void **state)
{
    (void)state;
    iop_load_cleanup();
    return 0;
}

/* index_only keeps who an agreement belongs to and when, and nothing
 * else; the same file loaded in full still has everything. */
static void test_index_only(void **state)
{
    (void)state;
    const char *sample = IOP_SOURCE_DIR "/samples/malmo-2018/malmo-karriarakademin.xml";
    iop_load_options lean = {.index_only = true};
    for (int pass = 0; pass < 2; pass++) {
        iop_model *m = iop_model_new();
        iop_diag *d = iop_diag_new();
        assert_true(iop_load_paths(m, &sample, 1, pass ? &lean : NULL, d));
        assert_int_equal(m->n_agreements, 1);
        const iop_agreement *a = m->agreements[0];
        assert_int_equal(a->details_dropped, pass == 1);
        assert_int_equal(a->purpose == NULL, pass == 1);
        assert_int_equal(a->n_reports == 0, pass == 1);
        assert_int_equal(a->n_contributions == 0, pass == 1);
        assert_string_equal(a->id, "malmo-karriarakademin");
        assert_true(a->n_parties > 0);
        assert_int_equal(a->period.start.year, 2018);
        assert_int_equal(a->title == NULL, pass == 1);
        assert_non_null(a->loc.file);
        bool has_committee = false;
        for (size_t i = 0; i < a->n_parties; i++)
            has_committee = has_committee || (a->parties[i].committee &&
                                              strcmp(a->parties[i].committee, "malmo-asn") == 0);
        assert_true(has_committee);
        iop_diag_free(d);
        iop_model_free(m);
    }
}

/* The same files read on one thread and on several give the same messages
 * in the same order, the same return value and the same model: sources,
 * agreements, the register, all in the files' order. */
static void same_string(const char *a, const char *b)
{
    if (!a || !b)
        assert_ptr_equal(a, b);
    else
        assert_string_equal(a, b);
}

static void same_loc(iop_loc a, iop_loc b)
{
    same_string(a.file, b.file);
    assert_int_equal(a.line, b.line);
    assert_int_equal(a.col, b.col);
}

static void test_threads_same_result(void **state)
{
    (void)state;
    const char *paths[] = {IOP_SOURCE_DIR "/tests/hostile", IOP_SOURCE_DIR "/tests/inputs",
                           IOP_SOURCE_DIR "/samples", IOP_SOURCE_DIR "/tests/inputs/bad"};
    unsigned threads[] = {1, 2, 3, 8};
    for (int index_only = 0; index_only < 2; index_only++) {
        iop_model *m[4];
        iop_diag *d[4];
        bool ok[4];
        for (int t = 0; t < 4; t++) {
            iop_load_options o = {.index_only = index_only, .threads = threads[t]};
            m[t] = iop_model_new();
            d[t] = iop_diag_new();
            ok[t] = iop_load_paths(m[t], paths, 4, &o, d[t]);
        }
        assert_true(iop_diag_size(d[0]) > 100);
        assert_true(m[0]->n_sources > 100 && m[0]->n_agreements > 10 && m[0]->n_committees > 0);
        for (int t = 1; t < 4; t++) {
            assert_int_equal(ok[t], ok[0]);
            assert_int_equal(iop_diag_size(d[t]), iop_diag_size(d[0]));
            for (size_t i = 0; i < iop_diag_size(d[0]); i++) {
                const iop_diag_entry *a = iop_diag_get(d[0], i), *b = iop_diag_get(d[t], i);
                assert_int_equal(a->severity, b->severity);
                same_string(a->file, b->file);
                assert_int_equal(a->line, b->line);
                assert_int_equal(a->col, b->col);
                same_string(a->code, b->code);
                assert_string_equal(a->message, b->message);
            }
            assert_int_equal(m[t]->n_sources, m[0]->n_sources);
            for (size_t i = 0; i < m[0]->n_sources; i++) {
                const iop_source *a = &m[0]->sources[i], *b = &m[t]->sources[i];
                assert_string_equal(a->path, b->path);
                assert_int_equal(a->status, b->status);
                assert_int_equal(a->kind, b->kind);
                assert_true(a->digest == b->digest);
                assert_int_equal(a->n_committees, b->n_committees);
                for (size_t k = 0; k < a->n_committees; k++)
                    assert_string_equal(a->committees[k], b->committees[k]);
            }
            assert_int_equal(m[t]->n_agreements, m[0]->n_agreements);
            for (size_t i = 0; i < m[0]->n_agreements; i++) {
                const iop_agreement *a = m[0]->agreements[i], *b = m[t]->agreements[i];
                assert_string_equal(a->id, b->id);
                same_loc(a->loc, b->loc);
                same_string(a->title, b->title);
                assert_int_equal(a->details_dropped, b->details_dropped);
                assert_int_equal(a->n_parties, b->n_parties);
                for (size_t k = 0; k < a->n_parties; k++) {
                    same_string(a->parties[k].committee, b->parties[k].committee);
                    same_loc(a->parties[k].loc, b->parties[k].loc);
                }
                assert_int_equal(a->n_contributions, b->n_contributions);
                assert_int_equal(a->n_related, b->n_related);
                assert_int_equal(a->period.start.year, b->period.start.year);
                assert_int_equal(a->period.end.day, b->period.end.day);
            }
            assert_int_equal(m[t]->n_committees, m[0]->n_committees);
            for (size_t i = 0; i < m[0]->n_committees; i++) {
                const iop_committee *a = &m[0]->committees[i], *b = &m[t]->committees[i];
                assert_string_equal(a->id, b->id);
                same_string(a->name, b->name);
                same_loc(a->loc, b->loc);
            }
        }
        for (int t = 0; t < 4; t++) {
            iop_diag_free(d[t]);
            iop_model_free(m[t]);
        }
    }
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

/* Loads `path`, with the digest of bytes found valid before when not 0. */
static bool load_with_digest(const char *path, uint64_t validated, uint64_t *digest,
                             size_t *n_errors)
{
    iop_model *m = iop_model_new();
    iop_diag *d = iop_diag_new();
    iop_load_options o = {.validated = &validated};
    bool ok = iop_load_paths(m, &path, 1, validated ? &o : NULL, d);
    assert_int_equal(m->n_sources, 1);
    *digest = m->sources[0].digest;
    *n_errors = iop_diag_count(d, IOP_ERROR);
    if (ok) {
        assert_int_equal(m->n_agreements, 1);
        assert_string_equal(m->agreements[0]->title, "Titel");
    }
    iop_diag_free(d);
    iop_model_free(m);
    return ok;
}

/* A worker reads again the files its parent validated: bytes it found
 * valid (their digest given) are not checked against the schema again;
 * other bytes under the same name are checked in full. */
static void test_validated_digest(void **state)
{
    (void)state;
    char dir[] = "/tmp/iop-test-load-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = iop_xasprintf("%s/a.xml", dir);
    char *good = agreement("a1", NULL, NULL, NULL);
    char *bad = agreement("a1", NULL, NULL, "  <colour>blue</colour>");
    uint64_t digest = 0, again = 0;
    size_t errors = 0;
    write_text(path, good);
    assert_true(load_with_digest(path, 0, &digest, &errors));
    assert_true(digest != 0);
    assert_true(load_with_digest(path, digest, &again, &errors));
    assert_true(again == digest);
    /* changed since: other bytes, checked in full and refused */
    write_text(path, bad);
    assert_false(load_with_digest(path, digest, &again, &errors));
    assert_true(again != digest);
    assert_int_equal(errors, 1);
    /* the digest is taken at its word: bytes said to be valid are not
     * checked against the schema (the colour is no error then) */
    assert_true(load_with_digest(path, again, &again, &errors));
    unlink(path);
    rmdir(dir);
    free(path);
    free(good);
    free(bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spec_example),
        cmocka_unit_test(test_index_only),
        cmocka_unit_test(test_validated_digest),
        cmocka_unit_test(test_threads_same_result),
        cmocka_unit_test(test_every_element),
        cmocka_unit_test(test_collection_one_bad),
        cmocka_unit_test(test_committee_register),
        cmocka_unit_test(test_utf16_with_bom),
        cmocka_unit_test(test_end_before_start),
        cmocka_unit_test(test_terminated_outside_period),
        cmocka_unit_test(test_previous_periods_overlap_each_other),
        cmocka_unit_test(test_previous_period_overlaps_current),
        cmocka_unit_test(test_duplicate_ids_across_files),
        cmocka_unit_test(test_contribution_party_unknown),
        cmocka_unit_test(test_commitment_party_unknown),
        cmocka_unit_test(test_unknown_committee_with_register),
        cmocka_unit_test(test_related_unknown),
        cmocka_unit_test(test_placeholders_warn),
        cmocka_unit_test(test_malformed_dates),
        cmocka_unit_test(test_malformed_amounts),
        cmocka_unit_test(test_patterned_attributes),
        cmocka_unit_test(test_contribution_spans),
        cmocka_unit_test(test_parties_required),
        cmocka_unit_test(test_required_elements),
        cmocka_unit_test(test_title_too_long),
        cmocka_unit_test(test_text_too_long),
        cmocka_unit_test(test_wrong_root),
        cmocka_unit_test(test_wrong_namespace),
        cmocka_unit_test(test_doctype_rejected),
        cmocka_unit_test(test_not_well_formed),
        cmocka_unit_test(test_closest_name),
        cmocka_unit_test(test_names_and_values),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_every_problem_reported),
        cmocka_unit_test(test_schema_errors_have_lines),
    };
    return cmocka_run_group_tests(tests, NULL, teardown_all);
}
