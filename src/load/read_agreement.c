/* <agreement> → iop_agreement. Structure is the schema's job; this file
 * reads values, reporting malformed ones precisely, and never gives up
 * early, so that one pass finds every problem in the file. */
#include "load_internal.h"

#include <stdlib.h>
#include <string.h>

#define PUSH(arr, n, item)                                                  \
    do {                                                                    \
        (arr) = iop_xreallocarray((arr), (n) + 1, sizeof *(arr));           \
        (arr)[(n)++] = (item);                                              \
    } while (0)

static char *text_of(file_ctx *fc, const xmlNode *n)
{
    return plain_text(fc, n, IOP_MAX_TEXT_CHARS);
}

static void read_parties(file_ctx *fc, const xmlNode *n, iop_agreement *a)
{
    for (xmlNode *c = first_elem(n); c; c = next_elem(c)) {
        iop_party p = {0};
        if (is_elem(c, "public"))
            p.kind = IOP_PARTY_PUBLIC;
        else if (is_elem(c, "idea-based"))
            p.kind = IOP_PARTY_IDEA_BASED;
        else if (is_elem(c, "other"))
            p.kind = IOP_PARTY_OTHER;
        else
            continue;
        p.name = text_of(fc, c);
        if (!p.name[0])
            fctx_error(fc, c, "<%s> needs the party's name as its text", (const char *)c->name);
        if (p.kind == IOP_PARTY_PUBLIC)
            p.committee = attr_trimmed(fc, c, "committee");
        else
            p.org_number = attr_trimmed(fc, c, "org-number");
        if (p.committee && !p.committee[0]) {
            fctx_error(fc, c, "committee=\"\" is empty: give the committee's id or leave the "
                       "attribute out");
            free(p.committee);
            p.committee = NULL;
        }
        p.loc = fctx_loc(fc, c);
        PUSH(a->parties, a->n_parties, p);
    }
}

static void read_period(file_ctx *fc, const xmlNode *n, iop_period *p, bool current)
{
    memset(p, 0, sizeof *p);
    (void)read_date(fc, n, "start", &p->start);
    (void)read_date(fc, n, "end", &p->end);
    if (current) {
        (void)read_date(fc, n, "terminated", &p->terminated);
        p->extension = attr_trimmed(fc, n, "extension");
    } else {
        p->note = attr_trimmed(fc, n, "note");
    }
    p->loc = fctx_loc(fc, n);
}

static void read_budget(file_ctx *fc, const xmlNode *n, iop_agreement *a)
{
    for (xmlNode *c = first_elem(n); c; c = next_elem(c)) {
        if (!is_elem(c, "contribution"))
            continue;
        iop_contribution k = {0};
        k.party = attr_trimmed(fc, c, "party");
        if (!k.party)
            k.party = iop_xstrdup("");
        (void)read_amount(fc, c, "amount", &k.amount_ore);
        char *kind = attr_trimmed(fc, c, "kind");
        k.kind = kind && strcmp(kind, "in-kind") == 0 ? IOP_CONTRIB_IN_KIND : IOP_CONTRIB_MONEY;
        free(kind);
        char *per = attr_trimmed(fc, c, "per");
        k.per = per && strcmp(per, "period") == 0 ? IOP_PER_PERIOD : IOP_PER_YEAR;
        free(per);
        (void)read_date(fc, c, "from", &k.from);
        (void)read_date(fc, c, "to", &k.to);
        char *t = text_of(fc, c);
        if (t[0])
            k.text = t;
        else
            free(t);
        k.loc = fctx_loc(fc, c);
        PUSH(a->contributions, a->n_contributions, k);
    }
}

static void read_participants(file_ctx *fc, const xmlNode *n, iop_agreement *a)
{
    iop_participants p = {0};
    p.planned = p.actual = -1;
    if (xmlHasProp((xmlNode *)n, (const xmlChar *)"year"))
        (void)read_year(fc, n, "year", &p.year);
    const char *which[] = {"planned", "actual"};
    long *dest[] = {&p.planned, &p.actual};
    for (int i = 0; i < 2; i++) {
        char *s = attr_trimmed(fc, n, which[i]);
        if (s && !read_count(fc, n, which[i], s, dest[i]))
            *dest[i] = -1;
        free(s);
    }
    for (xmlNode *c = first_elem(n); c; c = next_elem(c)) {
        if (!is_elem(c, "count"))
            continue;
        iop_count k = {0};
        k.label = attr_trimmed(fc, c, "label");
        if (!k.label)
            k.label = iop_xstrdup("");
        char *s = text_of(fc, c);
        if (!read_count(fc, c, "the count", s, &k.value))
            k.value = 0;
        free(s);
        PUSH(p.counts, p.n_counts, k);
    }
    p.loc = fctx_loc(fc, n);
    PUSH(a->participants, a->n_participants, p);
}

static void read_yearly(file_ctx *fc, const xmlNode *n, iop_yearly_text **arr, size_t *count)
{
    iop_yearly_text y = {0};
    (void)read_year(fc, n, "year", &y.year);
    y.text = rich_text(fc, n);
    y.loc = fctx_loc(fc, n);
    PUSH(*arr, *count, y);
}

static iop_related_type related_type(const char *s)
{
    if (!s)
        return IOP_RELATED_RELATED;
    if (strcmp(s, "predecessor") == 0)
        return IOP_RELATED_PREDECESSOR;
    if (strcmp(s, "successor") == 0)
        return IOP_RELATED_SUCCESSOR;
    if (strcmp(s, "split-from") == 0)
        return IOP_RELATED_SPLIT_FROM;
    return IOP_RELATED_RELATED;
}

/* A single-valued element given twice: the schema says so too, but the
 * message here says which one wins. */
static void once(file_ctx *fc, const xmlNode *c, bool seen)
{
    if (seen)
        fctx_error(fc, c, "<%s> may appear only once in an agreement", (const char *)c->name);
}

/* One <agreement> being read: what its readers share. */
typedef struct agreement_reader {
    file_ctx *fc;
    iop_agreement *a;
    bool seen_period, seen_parties;
} agreement_reader;

static void read_title(agreement_reader *r, const xmlNode *c)
{
    once(r->fc, c, r->a->title != NULL);
    free(r->a->title);
    r->a->title = plain_text(r->fc, c, IOP_MAX_TITLE_CHARS);
    if (!r->a->title[0])
        fctx_error(r->fc, c, "<title> is empty");
}

static void read_case_number(agreement_reader *r, const xmlNode *c)
{
    PUSH(r->a->case_numbers, r->a->n_case_numbers, text_of(r->fc, c));
}

static void read_municipality(agreement_reader *r, const xmlNode *c)
{
    iop_agreement *a = r->a;
    once(r->fc, c, a->municipality != NULL);
    free(a->municipality);
    free(a->municipality_code);
    a->municipality = text_of(r->fc, c);
    a->municipality_code = attr_trimmed(r->fc, c, "code");
    if (!a->municipality[0])
        fctx_error(r->fc, c, "<municipality> is empty");
}

static void read_area(agreement_reader *r, const xmlNode *c)
{
    once(r->fc, c, r->a->area != NULL);
    free(r->a->area);
    r->a->area = text_of(r->fc, c);
}

static void read_parties_once(agreement_reader *r, const xmlNode *c)
{
    once(r->fc, c, r->seen_parties);
    r->seen_parties = true;
    read_parties(r->fc, c, r->a);
}

/* the first <period> counts; a second is an error */
static void read_current_period(agreement_reader *r, const xmlNode *c)
{
    once(r->fc, c, r->seen_period);
    if (!r->seen_period)
        read_period(r->fc, c, &r->a->period, true);
    r->seen_period = true;
}

static void read_previous_period(agreement_reader *r, const xmlNode *c)
{
    iop_period p;
    read_period(r->fc, c, &p, false);
    PUSH(r->a->previous, r->a->n_previous, p);
}

static void read_budget_of(agreement_reader *r, const xmlNode *c)
{
    read_budget(r->fc, c, r->a);
}

static void read_target_group(agreement_reader *r, const xmlNode *c)
{
    once(r->fc, c, r->a->target_group != NULL);
    free(r->a->target_group);
    r->a->target_group = text_of(r->fc, c);
}

static void read_participants_of(agreement_reader *r, const xmlNode *c)
{
    read_participants(r->fc, c, r->a);
}

static void read_referral(agreement_reader *r, const xmlNode *c)
{
    PUSH(r->a->referrals, r->a->n_referrals, text_of(r->fc, c));
}

static void read_activity(agreement_reader *r, const xmlNode *c)
{
    PUSH(r->a->activities, r->a->n_activities, text_of(r->fc, c));
}

static void read_purpose(agreement_reader *r, const xmlNode *c)
{
    once(r->fc, c, r->a->purpose != NULL);
    iop_rich_free(r->a->purpose);
    r->a->purpose = rich_text(r->fc, c);
}

static void read_goal(agreement_reader *r, const xmlNode *c)
{
    iop_goal g = {0};
    g.indicator = attr_trimmed(r->fc, c, "indicator");
    (void)read_decimal(r->fc, c, "target", &g.target);
    g.unit = attr_trimmed(r->fc, c, "unit");
    g.text = rich_text(r->fc, c);
    g.loc = fctx_loc(r->fc, c);
    PUSH(r->a->goals, r->a->n_goals, g);
}

static void read_result(agreement_reader *r, const xmlNode *c)
{
    iop_result res = {0};
    (void)read_year(r->fc, c, "year", &res.year);
    res.indicator = attr_trimmed(r->fc, c, "indicator");
    (void)read_decimal(r->fc, c, "value", &res.value);
    res.unit = attr_trimmed(r->fc, c, "unit");
    res.text = rich_text(r->fc, c);
    res.loc = fctx_loc(r->fc, c);
    PUSH(r->a->results, r->a->n_results, res);
}

static void read_follow_up(agreement_reader *r, const xmlNode *c)
{
    once(r->fc, c, r->a->follow_up != NULL);
    if (r->a->follow_up)
        return;
    iop_follow_up *f = iop_xcalloc(1, sizeof *f);
    for (xmlNode *s = first_elem(c); s; s = next_elem(s)) {
        if (!is_elem(s, "steering-group"))
            continue;
        if (f->steering_group)
            fctx_error(r->fc, s, "<follow-up> has a second <steering-group>: name every "
                       "member in one <steering-group>");
        else
            f->steering_group = text_of(r->fc, s);
    }
    /* rich text skips the steering-group element wherever it stands:
     * it is neither inline nor a block */
    f->text = rich_text(r->fc, c);
    f->loc = fctx_loc(r->fc, c);
    r->a->follow_up = f;
}

static void read_report(agreement_reader *r, const xmlNode *c)
{
    read_yearly(r->fc, c, &r->a->reports, &r->a->n_reports);
}

static void read_assessment(agreement_reader *r, const xmlNode *c)
{
    read_yearly(r->fc, c, &r->a->assessments, &r->a->n_assessments);
}

static void read_lessons(agreement_reader *r, const xmlNode *c)
{
    once(r->fc, c, r->a->lessons != NULL);
    iop_rich_free(r->a->lessons);
    r->a->lessons = rich_text(r->fc, c);
}

static void read_commitment(agreement_reader *r, const xmlNode *c)
{
    iop_commitment k = {0};
    k.party = attr_trimmed(r->fc, c, "party");
    if (!k.party)
        k.party = iop_xstrdup("");
    k.text = text_of(r->fc, c);
    k.loc = fctx_loc(r->fc, c);
    PUSH(r->a->commitments, r->a->n_commitments, k);
}

static void read_related(agreement_reader *r, const xmlNode *c)
{
    iop_related rel = {0};
    rel.ref = attr_trimmed(r->fc, c, "ref");
    if (!rel.ref)
        rel.ref = iop_xstrdup("");
    char *t = attr_trimmed(r->fc, c, "type");
    rel.type = related_type(t);
    free(t);
    char *txt = text_of(r->fc, c);
    if (txt[0])
        rel.text = txt;
    else
        free(txt);
    rel.loc = fctx_loc(r->fc, c);
    PUSH(r->a->related, r->a->n_related, rel);
}

static void read_contact(agreement_reader *r, const xmlNode *c)
{
    iop_contact k = {0};
    k.name = attr_trimmed(r->fc, c, "name");
    if (!k.name)
        k.name = iop_xstrdup("");
    k.role = attr_trimmed(r->fc, c, "role");
    k.organisation = attr_trimmed(r->fc, c, "organisation");
    k.email = attr_trimmed(r->fc, c, "email");
    k.phone = attr_trimmed(r->fc, c, "phone");
    k.loc = fctx_loc(r->fc, c);
    PUSH(r->a->contacts, r->a->n_contacts, k);
}

static void read_attachment(agreement_reader *r, const xmlNode *c)
{
    iop_attachment k = {0};
    k.href = attr_trimmed(r->fc, c, "href");
    k.title = text_of(r->fc, c);
    k.loc = fctx_loc(r->fc, c);
    PUSH(r->a->attachments, r->a->n_attachments, k);
}

/* Every child element of <agreement> and its reader; others (the schema's
 * business) are skipped. */
static const struct {
    const char *name;
    void (*read)(agreement_reader *r, const xmlNode *c);
} READERS[] = {
    {"title", read_title},
    {"case-number", read_case_number},
    {"municipality", read_municipality},
    {"area", read_area},
    {"parties", read_parties_once},
    {"period", read_current_period},
    {"previous-period", read_previous_period},
    {"budget", read_budget_of},
    {"target-group", read_target_group},
    {"participants", read_participants_of},
    {"referral", read_referral},
    {"activity", read_activity},
    {"purpose", read_purpose},
    {"goal", read_goal},
    {"result", read_result},
    {"follow-up", read_follow_up},
    {"report", read_report},
    {"assessment", read_assessment},
    {"lessons", read_lessons},
    {"commitment", read_commitment},
    {"related", read_related},
    {"contact", read_contact},
    {"attachment", read_attachment},
};

/* The attributes of <agreement>: id, language, example. */
static void read_agreement_attrs(file_ctx *fc, const xmlNode *n, iop_agreement *a)
{
    a->id = attr_trimmed(fc, n, "id");
    if (!a->id || !a->id[0]) {
        fctx_error(fc, n, "<agreement> needs an id attribute (unique in the whole batch)");
        free(a->id);
        a->id = iop_xstrdup("");
    }
    a->lang = attr_trimmed(fc, n, "xml:lang");
    if (!a->lang || !a->lang[0]) {
        free(a->lang);
        a->lang = iop_xstrdup("sv");
    }
    char *ex = attr_trimmed(fc, n, "example");
    a->example = ex && strcmp(ex, "true") == 0;
    free(ex);
}

iop_agreement *read_agreement(file_ctx *fc, const xmlNode *n)
{
    iop_agreement *a = iop_xcalloc(1, sizeof *a);
    a->loc = fctx_loc(fc, n);
    read_agreement_attrs(fc, n, a);
    agreement_reader r = {fc, a, false, false};
    for (xmlNode *c = first_elem(n); c; c = next_elem(c))
        for (size_t k = 0; k < sizeof READERS / sizeof READERS[0]; k++)
            if (is_elem(c, READERS[k].name)) {
                READERS[k].read(&r, c);
                break;
            }
    if (!a->title)
        a->title = iop_xstrdup("");
    if (!a->municipality)
        a->municipality = iop_xstrdup("");
    return a;
}
