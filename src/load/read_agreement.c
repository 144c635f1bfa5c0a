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

iop_agreement *read_agreement(file_ctx *fc, const xmlNode *n)
{
    iop_agreement *a = iop_xcalloc(1, sizeof *a);
    a->loc = fctx_loc(fc, n);
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

    bool seen_period = false, seen_parties = false;
    for (xmlNode *c = first_elem(n); c; c = next_elem(c)) {
        if (is_elem(c, "title")) {
            once(fc, c, a->title != NULL);
            free(a->title);
            a->title = plain_text(fc, c, IOP_MAX_TITLE_CHARS);
            if (!a->title[0])
                fctx_error(fc, c, "<title> is empty");
        } else if (is_elem(c, "case-number")) {
            PUSH(a->case_numbers, a->n_case_numbers, text_of(fc, c));
        } else if (is_elem(c, "municipality")) {
            once(fc, c, a->municipality != NULL);
            free(a->municipality);
            free(a->municipality_code);
            a->municipality = text_of(fc, c);
            a->municipality_code = attr_trimmed(fc, c, "code");
            if (!a->municipality[0])
                fctx_error(fc, c, "<municipality> is empty");
        } else if (is_elem(c, "area")) {
            once(fc, c, a->area != NULL);
            free(a->area);
            a->area = text_of(fc, c);
        } else if (is_elem(c, "parties")) {
            once(fc, c, seen_parties);
            seen_parties = true;
            read_parties(fc, c, a);
        } else if (is_elem(c, "period")) {
            once(fc, c, seen_period);
            if (!seen_period)
                read_period(fc, c, &a->period, true);
            seen_period = true;
        } else if (is_elem(c, "previous-period")) {
            iop_period p;
            read_period(fc, c, &p, false);
            PUSH(a->previous, a->n_previous, p);
        } else if (is_elem(c, "budget")) {
            read_budget(fc, c, a);
        } else if (is_elem(c, "target-group")) {
            once(fc, c, a->target_group != NULL);
            free(a->target_group);
            a->target_group = text_of(fc, c);
        } else if (is_elem(c, "participants")) {
            read_participants(fc, c, a);
        } else if (is_elem(c, "referral")) {
            PUSH(a->referrals, a->n_referrals, text_of(fc, c));
        } else if (is_elem(c, "activity")) {
            PUSH(a->activities, a->n_activities, text_of(fc, c));
        } else if (is_elem(c, "purpose")) {
            once(fc, c, a->purpose != NULL);
            iop_rich_free(a->purpose);
            a->purpose = rich_text(fc, c);
        } else if (is_elem(c, "goal")) {
            iop_goal g = {0};
            g.indicator = attr_trimmed(fc, c, "indicator");
            (void)read_decimal(fc, c, "target", &g.target);
            g.unit = attr_trimmed(fc, c, "unit");
            g.text = rich_text(fc, c);
            g.loc = fctx_loc(fc, c);
            PUSH(a->goals, a->n_goals, g);
        } else if (is_elem(c, "result")) {
            iop_result r = {0};
            (void)read_year(fc, c, "year", &r.year);
            r.indicator = attr_trimmed(fc, c, "indicator");
            (void)read_decimal(fc, c, "value", &r.value);
            r.unit = attr_trimmed(fc, c, "unit");
            r.text = rich_text(fc, c);
            r.loc = fctx_loc(fc, c);
            PUSH(a->results, a->n_results, r);
        } else if (is_elem(c, "follow-up")) {
            once(fc, c, a->follow_up != NULL);
            if (a->follow_up)
                continue;
            iop_follow_up *f = iop_xcalloc(1, sizeof *f);
            for (xmlNode *s = first_elem(c); s; s = next_elem(s)) {
                if (!is_elem(s, "steering-group"))
                    continue;
                if (f->steering_group)
                    fctx_error(fc, s, "<follow-up> has a second <steering-group>: name every "
                               "member in one <steering-group>");
                else
                    f->steering_group = text_of(fc, s);
            }
            /* rich text skips the steering-group element wherever it stands:
             * it is neither inline nor a block */
            f->text = rich_text(fc, c);
            f->loc = fctx_loc(fc, c);
            a->follow_up = f;
        } else if (is_elem(c, "report")) {
            read_yearly(fc, c, &a->reports, &a->n_reports);
        } else if (is_elem(c, "assessment")) {
            read_yearly(fc, c, &a->assessments, &a->n_assessments);
        } else if (is_elem(c, "lessons")) {
            once(fc, c, a->lessons != NULL);
            iop_rich_free(a->lessons);
            a->lessons = rich_text(fc, c);
        } else if (is_elem(c, "commitment")) {
            iop_commitment k = {0};
            k.party = attr_trimmed(fc, c, "party");
            if (!k.party)
                k.party = iop_xstrdup("");
            k.text = text_of(fc, c);
            k.loc = fctx_loc(fc, c);
            PUSH(a->commitments, a->n_commitments, k);
        } else if (is_elem(c, "related")) {
            iop_related r = {0};
            r.ref = attr_trimmed(fc, c, "ref");
            if (!r.ref)
                r.ref = iop_xstrdup("");
            char *t = attr_trimmed(fc, c, "type");
            r.type = related_type(t);
            free(t);
            char *txt = text_of(fc, c);
            if (txt[0])
                r.text = txt;
            else
                free(txt);
            r.loc = fctx_loc(fc, c);
            PUSH(a->related, a->n_related, r);
        } else if (is_elem(c, "contact")) {
            iop_contact k = {0};
            k.name = attr_trimmed(fc, c, "name");
            if (!k.name)
                k.name = iop_xstrdup("");
            k.role = attr_trimmed(fc, c, "role");
            k.organisation = attr_trimmed(fc, c, "organisation");
            k.email = attr_trimmed(fc, c, "email");
            k.phone = attr_trimmed(fc, c, "phone");
            k.loc = fctx_loc(fc, c);
            PUSH(a->contacts, a->n_contacts, k);
        } else if (is_elem(c, "attachment")) {
            iop_attachment k = {0};
            k.href = attr_trimmed(fc, c, "href");
            k.title = text_of(fc, c);
            k.loc = fctx_loc(fc, c);
            PUSH(a->attachments, a->n_attachments, k);
        }
    }
    if (!a->title)
        a->title = iop_xstrdup("");
    if (!a->municipality)
        a->municipality = iop_xstrdup("");
    return a;
}
