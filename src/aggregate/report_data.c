/* The report data XML (docs/report-data.md): every figure raw and formatted,
 * so templates need no arithmetic and no formatting of their own. */
#include "internal.h"
#include "data_put.h"
#include "rich_out.h"
#include "xml_out.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef char num_buf[32];

static const char *num(num_buf b, int64_t v)
{
    snprintf(b, sizeof(num_buf), "%" PRId64, v);
    return b;
}

static const char *boolean(bool v)
{
    return v ? "true" : "false";
}

static const char *precision_name(iop_date_precision p)
{
    switch (p) {
    case IOP_DATE_YEAR: return "year";
    case IOP_DATE_MONTH: return "month";
    case IOP_DATE_DAY: return "day";
    case IOP_DATE_NONE: break;
    }
    return "none";
}

iop_date day_date(int64_t day)
{
    iop_date d = {0, 0, 0, IOP_DATE_DAY};
    iop_civil_from_days(day, &d.year, &d.month, &d.day);
    return d;
}

void put_date(xml_out *xo, const char *name, iop_date d)
{
    if (d.precision == IOP_DATE_NONE)
        return;
    num_buf iso;
    char *text = iop_format_date(d);
    xo_leaf(xo, name, text, "date", iop_date_iso(d, iso), "precision", precision_name(d.precision),
            XA_END);
    free(text);
}

void put_kr(xml_out *xo, const char *name, int64_t kr, const char *key, const char *val)
{
    num_buf b;
    char *text = iop_format_kronor(kr);
    xo_leaf(xo, name, text, key ? key : "committee", val, "amount", num(b, kr), XA_END);
    free(text);
}

/* A figure the data may not record: "uppgift saknas" and no amount, so a
 * template that prints the text never shows 0 kr for a missing figure. */
void put_figure(xml_out *xo, const char *name, int64_t kr, bool recorded,
                       const char *key, const char *val)
{
    if (recorded)
        put_kr(xo, name, kr, key, val);
    else
        xo_leaf(xo, name, IOP_NOT_RECORDED_TEXT, key ? key : "committee", val, "recorded",
                "false", XA_END);
}

/* A total: the sum of the recorded figures, and how many items have none.
 * kronor=false: a count (`n`, "1 234"), else whole kronor. */
static void put_total_sum(xml_out *xo, const char *name, int64_t v, size_t n_missing,
                          size_t count, bool kronor)
{
    if (n_missing > 0 && n_missing == count) {
        num_buf m;
        xo_leaf(xo, name, IOP_NOT_RECORDED_TEXT, "recorded", "false", "not-recorded",
                num(m, (int64_t)n_missing), XA_END);
        return;
    }
    num_buf b, m;
    char *text = kronor ? iop_format_kronor(v) : iop_format_count(v);
    xo_leaf(xo, name, text, kronor ? "amount" : "n", num(b, v), "not-recorded",
            n_missing ? num(m, (int64_t)n_missing) : NULL, XA_END);
    free(text);
}

void put_total_figure(xml_out *xo, const char *name, int64_t kr, size_t n_missing, size_t count)
{
    put_total_sum(xo, name, kr, n_missing, count, true);
}

static void put_ore(xml_out *xo, const char *name, int64_t ore)
{
    num_buf kr, o;
    uint64_t m = ore < 0 ? (uint64_t)0 - (uint64_t)ore : (uint64_t)ore;
    if (m % 100)
        snprintf(kr, sizeof kr, "%s%" PRIu64 ".%02u", ore < 0 ? "-" : "", m / 100,
                 (unsigned)(m % 100));
    else
        snprintf(kr, sizeof kr, "%s%" PRIu64, ore < 0 ? "-" : "", m / 100);
    char *text = iop_format_ore(ore);
    xo_leaf(xo, name, text, "amount", kr, "ore", num(o, ore), XA_END);
    free(text);
}

static void put_count(xml_out *xo, const char *name, int64_t n, const char *key, const char *val)
{
    num_buf b;
    char *text = iop_format_count(n);
    xo_leaf(xo, name, text, key ? key : "label", val, "n", num(b, n), XA_END);
    free(text);
}

void put_share(xml_out *xo, int permille)
{
    if (permille < 0)
        return;
    num_buf pm, pc;
    if (permille % 10)
        snprintf(pc, sizeof pc, "%d.%d", permille / 10, permille % 10);
    else
        snprintf(pc, sizeof pc, "%d", permille / 10);
    char *text = iop_format_permille(permille);
    xo_leaf(xo, "municipal-share", text, "permille", num(pm, permille), "percent", pc, XA_END);
    free(text);
}

/* A decimal as written, with its unit: `82 %`. */
static void put_measure(xml_out *xo, const char *name, const iop_decimal *d, const char *unit)
{
    if (!d->present || !d->text)
        return;
    char *n = iop_format_decimal(d->text);
    char *text = unit ? iop_xasprintf("%s\xC2\xA0%s", n, unit) : iop_xstrdup(n);
    xo_leaf(xo, name, text, "value", d->text, XA_END);
    free(n);
    free(text);
}

/* The days a period covers, as a chart draws it: from the first day of its
 * start to the last of its end (a terminated period's termination), and
 * to the last day of its latest end when the option is taken up: the
 * calendar rules (month lengths, leap years) stay out of the templates. */
static void open_period(xml_out *xo, const char *name, const iop_period *p, int year)
{
    char first[IOP_DATE_ISO_SIZE], last[IOP_DATE_ISO_SIZE], option[IOP_DATE_ISO_SIZE];
    iop_date stop = p->terminated.precision != IOP_DATE_NONE ? p->terminated : p->end;
    iop_date latest;
    bool has_option = iop_period_latest_end(p, &latest);
    xo_open(xo, name, "first-day",
            p->start.precision != IOP_DATE_NONE
                ? iop_date_iso(day_date(iop_date_first_day(p->start)), first) : NULL,
            "last-day",
            stop.precision != IOP_DATE_NONE ? iop_date_iso(day_date(iop_date_last_day(stop)), last)
                                            : NULL,
            "option-last-day",
            has_option ? iop_date_iso(day_date(iop_date_last_day(latest)), option) : NULL,
            "starts-after-year",
            p->start.precision != IOP_DATE_NONE &&
                    iop_date_first_day(p->start) > iop_span_year(year).last
                ? "true" : NULL,
            XA_END);
}

static void put_period(xml_out *xo, const char *name, const iop_period *p, int year)
{
    open_period(xo, name, p, year);
    put_date(xo, "start", p->start);
    put_date(xo, "end", p->end);
    put_date(xo, "terminated", p->terminated);
    if (p->extension && iop_extension_years(p->extension) > 0) {
        /* "1+1 år" is never broken over two lines */
        iop_strbuf sb = IOP_STRBUF_INIT;
        for (const char *c = p->extension; *c; c++) {
            if (*c == ' ')
                iop_strbuf_puts(&sb, "\xC2\xA0");
            else
                iop_strbuf_putc(&sb, *c);
        }
        char *text = iop_strbuf_detach(&sb);
        xo_leaf(xo, "extension", text, XA_END);
        free(text);
    } else {
        xo_opt_leaf(xo, "extension", p->extension);
    }
    iop_date latest;
    if (iop_period_latest_end(p, &latest))
        put_date(xo, "latest-end", latest);
    xo_opt_leaf(xo, "note", p->note);
    char *text = iop_format_period(p->start, p->end);
    xo_leaf(xo, "formatted", text, XA_END);
    free(text);
    xo_close(xo);
}

static void put_timeline(xml_out *xo, iop_span t)
{
    num_buf s, e;
    char *text = iop_format_period(day_date(t.first),
                                   t.open ? (iop_date){0, 0, 0, IOP_DATE_NONE} : day_date(t.last));
    xo_leaf(xo, "timeline", text, "start", iop_date_iso(day_date(t.first), s), "end",
            t.open ? NULL : iop_date_iso(day_date(t.last), e), "open", boolean(t.open), XA_END);
    free(text);
}

static const char *party_kind_name(iop_party_kind k)
{
    switch (k) {
    case IOP_PARTY_PUBLIC: return "public";
    case IOP_PARTY_IDEA_BASED: return "idea-based";
    case IOP_PARTY_OTHER: break;
    }
    return "other";
}

const char *committee_display_name(const iop_model *m, const iop_agreement *a,
                                          const char *id)
{
    const iop_committee *c = iop_model_find_committee(m, id);
    if (c && c->name)
        return c->name;
    const iop_party *p = iop_agreement_find_party(a, id);
    return p && p->name ? p->name : id;
}

static void put_contribution(xml_out *xo, const iop_agreement *a, size_t i, int64_t year_ore,
                             const char *committee_id, int year)
{
    const iop_contribution *c = &a->contributions[i];
    const iop_party *p = iop_agreement_find_party(a, c->party);
    const char *report_committee = NULL;
    if (committee_id)
        report_committee = boolean(c->kind == IOP_CONTRIB_MONEY &&
                                   iop_contribution_by_committee(a, c, committee_id));
    xo_open(xo, "contribution", "party", c->party, "party-kind", p ? party_kind_name(p->kind) : NULL,
            "committee", p ? iop_party_committee(p) : NULL, "kind",
            c->kind == IOP_CONTRIB_MONEY ? "money" : "in-kind", "per",
            c->per == IOP_PER_YEAR ? "year" : "period", "report-committee", report_committee,
            XA_END);
    xo_leaf(xo, "party-name", p && p->name ? p->name : c->party, XA_END);
    put_ore(xo, "amount", c->amount_ore);
    xo_leaf(xo, "per-text", c->per == IOP_PER_YEAR ? "per år" : "för perioden", XA_END);
    iop_span s;
    if (iop_contribution_span(a, c, &s)) {
        iop_date from = c->from.precision != IOP_DATE_NONE ? c->from : a->period.start;
        iop_date to = c->to.precision != IOP_DATE_NONE ? c->to : a->period.end;
        if (a->period.terminated.precision != IOP_DATE_NONE &&
            (to.precision == IOP_DATE_NONE || iop_date_last_day(to) > iop_date_last_day(a->period.terminated)))
            to = a->period.terminated;
        num_buf fb, tb;
        char *text = iop_format_period(from, to);
        xo_leaf(xo, "span", text, "start", iop_date_iso(from, fb), "end",
                to.precision == IOP_DATE_NONE ? NULL : iop_date_iso(to, tb), XA_END);
        free(text);
    }
    if (iop_contribution_covers_year(a, c, year)) {
        put_ore(xo, "year-amount", year_ore);
    } else {
        num_buf yb;
        xo_leaf(xo, "year-amount", IOP_NOT_RECORDED_TEXT, "recorded", "false", "year",
                num(yb, year), XA_END);
    }
    xo_opt_leaf(xo, "text", c->text);
    xo_close(xo);
}

/* The participants entry a report shows when it shows one year's: the
 * report year's, else the first given (labelled with its own year). */
static size_t shown_participants(const iop_agreement *a, int year)
{
    for (size_t i = 0; i < a->n_participants; i++)
        if (a->participants[i].year == year)
            return i;
    return 0;
}

static void put_participants(xml_out *xo, const iop_participants *p, int year, bool shown)
{
    num_buf y;
    xo_open(xo, "participants", "year", p->year ? num(y, p->year) : NULL, "current",
            boolean(p->year == year), "shown", boolean(shown), XA_END);
    if (p->planned >= 0)
        put_count(xo, "planned", p->planned, NULL, NULL);
    if (p->actual >= 0)
        put_count(xo, "actual", p->actual, NULL, NULL);
    for (size_t i = 0; i < p->n_counts; i++)
        put_count(xo, "count", p->counts[i].value, "label", p->counts[i].label);
    xo_close(xo);
}

static void put_remark(xml_out *xo, const iop_remark *r, bool in_list)
{
    num_buf line;
    const char *file = r->loc.file, *ln = r->loc.line > 0 ? num(line, r->loc.line) : NULL;
    const char *category = iop_remark_category_name(iop_remark_kind_category(r->kind));
    if (!in_list) {
        xo_leaf(xo, "remark", r->message, "kind", iop_remark_kind_name(r->kind), "category",
                category, "file", file, "line", ln, XA_END);
        return;
    }
    xo_open(xo, "remark", "kind", iop_remark_kind_name(r->kind), "category", category, "ref",
            r->agreement->id, "file", file, "line", ln, XA_END);
    xo_opt_leaf(xo, "title", r->agreement->title);
    xo_leaf(xo, "message", r->message, XA_END);
    xo_close(xo);
}

static const char *related_type_name(iop_related_type t)
{
    switch (t) {
    case IOP_RELATED_PREDECESSOR: return "predecessor";
    case IOP_RELATED_SUCCESSOR: return "successor";
    case IOP_RELATED_SPLIT_FROM: return "split-from";
    case IOP_RELATED_RELATED: break;
    }
    return "related";
}

static void put_yearly(xml_out *xo, const char *name, const iop_yearly_text *t, size_t n,
                       int year)
{
    for (size_t i = 0; i < n; i++) {
        if (t[i].year > year)
            continue;
        num_buf y;
        rich_put(xo, name, t[i].text, num(y, t[i].year), boolean(t[i].year == year));
    }
}

/* The other public bodies that pay part of what the report committee's
 * memo presents as the partnership's cost ("590 000 kr, varav 295 000 kr
 * finansieras av BIN"): each public party other than the committee with
 * money recorded for the year, and the public money in all.  Said only
 * when the committee's own cost is recorded, so no sum hides a gap. */
static void put_co_financing(xml_out *xo, const iop_report_item *it, const char *committee_id,
                             int year, const iop_model *m)
{
    const iop_agreement *a = it->agreement;
    if (!committee_id || !it->cost_recorded)
        return;
    int64_t public_kr = it->cost_kr;
    bool any = false;
    for (size_t i = 0; i < a->n_parties; i++) {
        const iop_party *p = &a->parties[i];
        const char *id = iop_party_committee(p);
        /* a committee named by two parties is one party: its first */
        if (p->kind != IOP_PARTY_PUBLIC || iop_party_names_committee(p, committee_id) ||
            (id && iop_agreement_committee_party(a, id) != p))
            continue;
        bool recorded;
        int64_t kr = iop_agreement_party_money_kr(a, p, year, &recorded);
        if (!recorded)
            continue;
        const iop_committee *c = id ? iop_model_find_committee(m, id) : NULL;
        const char *name = c && c->short_name ? c->short_name : c && c->name ? c->name : p->name;
        num_buf b;
        char *text = iop_format_kronor(kr);
        xo_leaf(xo, "financed-by", text, "amount", num(b, kr), "committee", id,
                "party", name, XA_END);
        free(text);
        public_kr += kr;
        any = true;
    }
    if (any)
        put_kr(xo, "public-money", public_kr, NULL, NULL);
}

static void put_figures(xml_out *xo, const iop_report_item *it, const char *committee_id,
                        int year, const iop_model *m)
{
    const iop_agreement *a = it->agreement;
    num_buf y;
    xo_open(xo, "figures", "year", num(y, year), XA_END);
    if (committee_id)
        put_figure(xo, "committee-cost", it->cost_kr, it->cost_recorded, "committee",
                   committee_id);
    const char **ids = NULL;
    size_t n = iop_agreement_committees(a, &ids);
    for (size_t i = 0; i < n; i++)
        put_figure(xo, "cost", iop_agreement_cost_kr(a, ids[i], year),
                   iop_agreement_cost_recorded(a, ids[i], year), "committee", ids[i]);
    free(ids);
    put_figure(xo, "value", it->value_kr, it->value_recorded, NULL, NULL);
    put_figure(xo, "municipal", it->municipal_kr, it->municipal_recorded, NULL, NULL);
    /* the other parties' part of the value, for a chart that splits it */
    put_figure(xo, "others", it->value_kr - it->municipal_kr, it->value_recorded, NULL, NULL);
    put_share(xo, it->share_permille);
    put_co_financing(xo, it, committee_id, year, m);
    xo_close(xo);
}

static int latest_year(const iop_yearly_text *t, size_t n, int year, int latest)
{
    for (size_t i = 0; i < n; i++)
        if (t[i].year <= year && t[i].year > latest)
            latest = t[i].year;
    return latest;
}

/* The year whose report, results and assessment a report tells: the report
 * year; for an agreement outside it (a catalogue's highlighted example) the
 * latest year up to it that has any, else the report year. */
static int results_year(const iop_agreement *a, int year, bool outside)
{
    if (!outside)
        return year;
    int latest = latest_year(a->reports, a->n_reports, year, 0);
    latest = latest_year(a->assessments, a->n_assessments, year, latest);
    for (size_t i = 0; i < a->n_results; i++)
        if (a->results[i].year <= year && a->results[i].year > latest)
            latest = a->results[i].year;
    return latest ? latest : year;
}

static void put_agreement(xml_out *xo, const iop_report_item *it, const char *committee_id,
                          int year, const iop_model *m)
{
    const iop_agreement *a = it->agreement;
    num_buf line, y, ry;
    /* in the catalogue, an agreement outside the year ended before it or
     * starts after it */
    bool outside = it->status.status == IOP_STATUS_OUTSIDE;
    bool ended = it->status.status == IOP_STATUS_ENDED ||
                 (outside && !it->timeline.open && it->timeline.last < iop_span_year(year).first);
    const char *status = ended     ? iop_status_key(IOP_STATUS_ENDED)
                         : outside ? "upcoming"
                                   : iop_status_key(it->status.status);
    xo_open(xo, "agreement", "id", a->id, "status", status, "in-year", outside ? "false" : NULL,
            "new", boolean(it->status.is_new), "expiring", boolean(it->status.expiring), "example",
            boolean(a->example), "lang", a->lang ? a->lang : "sv", "file", a->loc.file, "line",
            a->loc.line > 0 ? num(line, a->loc.line) : NULL, "results-year",
            num(ry, results_year(a, year, outside)), XA_END);
    xo_leaf(xo, "status-text",
            ended ? iop_status_name(IOP_STATUS_ENDED)
                  : outside ? "kommande" : iop_status_name(it->status.status),
            XA_END);
    xo_leaf(xo, "title", a->title ? a->title : "", XA_END);
    for (size_t i = 0; i < a->n_case_numbers; i++)
        xo_leaf(xo, "case-number", a->case_numbers[i], XA_END);
    if (a->municipality)
        xo_leaf(xo, "municipality", a->municipality, "code", a->municipality_code, XA_END);
    xo_opt_leaf(xo, "area", a->area);

    const char **ids = NULL;
    size_t n_ids = iop_agreement_committees(a, &ids);
    xo_open(xo, "committees", XA_END);
    for (size_t i = 0; i < n_ids; i++)
        xo_leaf(xo, "committee-ref", committee_display_name(m, a, ids[i]), "id", ids[i], XA_END);
    xo_close(xo);
    free(ids);

    xo_open(xo, "parties", XA_END);
    for (size_t i = 0; i < a->n_parties; i++) {
        const iop_party *p = &a->parties[i];
        xo_leaf(xo, "party", p->name ? p->name : "", "kind", party_kind_name(p->kind),
                "committee", p->committee, "org-number", p->org_number, XA_END);
    }
    xo_close(xo);

    put_timeline(xo, it->timeline);
    put_period(xo, "period", &a->period, year);
    for (size_t i = 0; i < a->n_previous; i++)
        put_period(xo, "previous-period", &a->previous[i], year);
    if (a->n_contributions) {
        xo_open(xo, "budget", XA_END);
        for (size_t i = 0; i < a->n_contributions; i++)
            put_contribution(xo, a, i, it->contribution_ore[i], committee_id, year);
        xo_close(xo);
    }
    put_figures(xo, it, committee_id, year, m);
    xo_opt_leaf(xo, "target-group", a->target_group);
    size_t shown = shown_participants(a, year);
    for (size_t i = 0; i < a->n_participants; i++)
        put_participants(xo, &a->participants[i], year, i == shown);
    for (size_t i = 0; i < a->n_referrals; i++)
        xo_leaf(xo, "referral", a->referrals[i], XA_END);
    for (size_t i = 0; i < a->n_activities; i++)
        xo_leaf(xo, "activity", a->activities[i], XA_END);
    if (a->purpose)
        rich_put(xo, "purpose", a->purpose, NULL, NULL);
    for (size_t i = 0; i < a->n_goals; i++) {
        const iop_goal *g = &a->goals[i];
        xo_open(xo, "goal", "indicator", g->indicator, "unit", g->unit, XA_END);
        put_measure(xo, "target", &g->target, g->unit);
        if (g->text)
            rich_put(xo, "text", g->text, NULL, NULL);
        xo_close(xo);
    }
    for (size_t i = 0; i < a->n_results; i++) {
        const iop_result *r = &a->results[i];
        if (r->year > year)
            continue;
        xo_open(xo, "result", "year", num(y, r->year), "current", boolean(r->year == year),
                "indicator", r->indicator, "unit", r->unit, XA_END);
        put_measure(xo, "value", &r->value, r->unit);
        if (r->text)
            rich_put(xo, "text", r->text, NULL, NULL);
        xo_close(xo);
    }
    if (a->follow_up) {
        xo_open(xo, "follow-up", XA_END);
        if (a->follow_up->text)
            rich_put(xo, "text", a->follow_up->text, NULL, NULL);
        xo_opt_leaf(xo, "steering-group", a->follow_up->steering_group);
        xo_close(xo);
    }
    put_yearly(xo, "report", a->reports, a->n_reports, year);
    put_yearly(xo, "assessment", a->assessments, a->n_assessments, year);
    if (a->lessons)
        rich_put(xo, "lessons", a->lessons, NULL, NULL);
    for (size_t i = 0; i < a->n_commitments; i++) {
        const iop_party *p = iop_agreement_find_party(a, a->commitments[i].party);
        xo_leaf(xo, "commitment", a->commitments[i].text ? a->commitments[i].text : "", "party",
                a->commitments[i].party, "party-kind", p ? party_kind_name(p->kind) : NULL,
                XA_END);
    }
    for (size_t i = 0; i < a->n_related; i++) {
        const iop_related *r = &a->related[i];
        const iop_agreement *other = r->ref ? iop_model_find_agreement(m, r->ref) : NULL;
        xo_leaf(xo, "related", r->text ? r->text : "", "ref", r->ref, "type",
                related_type_name(r->type), "title", other ? other->title : NULL, XA_END);
    }
    for (size_t i = 0; i < a->n_contacts; i++) {
        const iop_contact *c = &a->contacts[i];
        xo_leaf(xo, "contact", NULL, "name", c->name, "role", c->role, "organisation",
                c->organisation, "email", c->email, "phone", c->phone, XA_END);
    }
    for (size_t i = 0; i < a->n_attachments; i++)
        xo_leaf(xo, "attachment", a->attachments[i].title ? a->attachments[i].title : "", "href",
                a->attachments[i].href, XA_END);
    for (size_t i = 0; i < it->n_remarks; i++)
        put_remark(xo, &it->remarks[i], false);
    xo_close(xo);
}

static void put_committee(xml_out *xo, const iop_report *r)
{
    const iop_committee *c = r->committee;
    xo_open(xo, "committee", "id", r->committee_id, "registered", boolean(c != NULL), XA_END);
    xo_leaf(xo, "name", r->committee_name, XA_END);
    if (c) {
        xo_opt_leaf(xo, "short-name", c->short_name);
        xo_opt_leaf(xo, "administration", c->administration);
        if (c->municipality)
            xo_leaf(xo, "municipality", c->municipality, "code", c->code, XA_END);
        if (c->signatory_name || c->signatory_role)
            xo_leaf(xo, "signatory", NULL, "name", c->signatory_name, "role", c->signatory_role,
                    XA_END);
    } else if (r->n_items && r->items[0].agreement->municipality) {
        const iop_agreement *a = r->items[0].agreement;
        xo_leaf(xo, "municipality", a->municipality, "code", a->municipality_code, XA_END);
    }
    xo_close(xo);
}

/* A total; a catalogue's has no committee and so no cost. */
static void put_total_of(xml_out *xo, const iop_report_total *t, const char *scope,
                         const char *key, const char *val, bool with_cost)
{
    num_buf c, n;
    xo_open(xo, "total", "scope", scope, key ? key : "status", val, "count", num(c, (int64_t)t->count),
            "new", num(n, (int64_t)t->n_new), XA_END);
    put_count(xo, "agreements", (int64_t)t->count, NULL, NULL);
    put_count(xo, "new", (int64_t)t->n_new, NULL, NULL);
    if (with_cost)
        put_total_figure(xo, "cost", t->cost_kr, t->n_cost_missing, t->count);
    put_total_figure(xo, "value", t->value_kr, t->n_value_missing, t->count);
    put_total_figure(xo, "municipal", t->municipal_kr, t->n_value_missing, t->count);
    put_share(xo, share_permille(t->municipal_kr, t->value_kr));
    put_total_sum(xo, "planned", t->planned, t->n_planned_missing, t->count, false);
    xo_close(xo);
}

void put_total(xml_out *xo, const iop_report_total *t, const char *scope, const char *key,
                      const char *val)
{
    put_total_of(xo, t, scope, key, val, true);
}

/* The threshold of the municipal-share remark, for the heading over them. */
static void put_threshold(xml_out *xo)
{
    num_buf pm, pc;
    int t = IOP_HIGH_MUNICIPAL_SHARE_PERMILLE;
    if (t % 10)
        snprintf(pc, sizeof pc, "%d.%d", t / 10, t % 10);
    else
        snprintf(pc, sizeof pc, "%d", t / 10);
    /* a rule's round number, written as one: "75 %" */
    char *text = t % 10 ? iop_format_permille(t) : iop_xasprintf("%d\xC2\xA0%%", t / 10);
    xo_leaf(xo, "threshold", text, "kind", "high-municipal-share", "permille", num(pm, t),
            "percent", pc, XA_END);
    free(text);
}

static void put_report(xml_out *xo, const iop_report *r, const iop_report_data_options *o)
{
    xo_open(xo, "committee-report", "committee", r->committee_id, XA_END);
    put_committee(xo, r);
    xo_open(xo, "totals", XA_END);
    put_total(xo, &r->total, "all", NULL, NULL);
    for (iop_status s = IOP_STATUS_ONGOING; s <= IOP_STATUS_ENDED; s++)
        put_total(xo, &r->by_status[s], "status", "status", iop_status_key(s));
    for (size_t i = 0; i < r->n_by_area; i++)
        put_total(xo, &r->by_area[i], "area", "area", r->by_area[i].key ? r->by_area[i].key : "");
    xo_close(xo);
    if (o && o->comparison)
        put_comparison(xo, o->comparison, o->compare_with, r->model);
    for (size_t i = 0; i < r->n_items; i++)
        put_agreement(xo, &r->items[i], r->committee_id, r->year, r->model);
    xo_open(xo, "expiring", XA_END);
    put_date(xo, "from", day_date(r->doc_day));
    put_date(xo, "until", day_date(iop_twelve_months_after(r->doc_day)));
    for (size_t i = 0; i < r->n_expiring; i++) {
        const iop_report_item *it = &r->items[r->expiring[i]];
        xo_open(xo, "item", "ref", it->agreement->id, XA_END);
        xo_leaf(xo, "title", it->agreement->title ? it->agreement->title : "", XA_END);
        put_date(xo, "end", day_date(it->timeline.last));
        outlook ol;
        if (outlook_find(it->agreement, r->year, &ol)) {
            num_buf y;
            xo_open(xo, "outlook", "source", ol.source, "year", num(y, ol.year), XA_END);
            for (size_t k = 0; k < ol.n_sentences; k++)
                xo_leaf(xo, "sentence", ol.sentences[k], XA_END);
            xo_close(xo);
        }
        outlook_clear(&ol);
        xo_close(xo);
    }
    xo_close(xo);
    xo_open(xo, "remarks", XA_END);
    put_threshold(xo);
    for (size_t i = 0; i < r->n_items; i++)
        for (size_t j = 0; j < r->items[i].n_remarks; j++)
            put_remark(xo, &r->items[i].remarks[j], true);
    xo_close(xo);
    xo_close(xo);
}

static void put_head(xml_out *xo, int year, const char *scope, const iop_report_data_options *o)
{
    num_buf y;
    iop_strbuf_puts(&xo->sb, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    num_buf ny;
    xo_open(xo, "report-data", "xmlns", IOP_REPORT_DATA_NS, "year", num(y, year), "next-year",
            num(ny, (int64_t)year + 1), "scope", scope, XA_END);
    xo_leaf(xo, "generator", NULL, "name", "iopreport", "version", IOP_VERSION, XA_END);
    if (o && o->has_generated)
        put_date(xo, "generated", day_date(o->generated_day));
    if (o && o->case_number)
        xo_leaf(xo, "case-number", o->case_number, XA_END);
    if (o && o->date) {
        iop_date d;
        if (iop_date_parse(o->date, &d))
            put_date(xo, "date", d);
        else
            xo_leaf(xo, "date", o->date, "date", o->date, XA_END);
    }
    xo_open(xo, "left-out", XA_END);
    for (size_t i = 0; o && i < o->n_left_out; i++)
        xo_leaf(xo, "file", o->left_out[i], "path", o->left_out[i], XA_END);
    xo_close(xo);
}

static char *finish(xml_out *xo)
{
    while (xo->depth > 0)
        xo_close(xo);
    iop_strbuf_putc(&xo->sb, '\n');
    xo_release(xo);
    return iop_strbuf_detach(&xo->sb);
}

char *iop_report_data_xml(const iop_report *report, const iop_report_data_options *opts)
{
    return iop_report_data_xml_to(report, opts, NULL);
}

char *iop_report_data_xml_to(const iop_report *report, const iop_report_data_options *opts,
                             const iop_xml_sink *sink)
{
    xml_out xo = {.depth = 0, .sink = sink};
    put_head(&xo, report->year, "committee", opts);
    put_report(&xo, report, opts);
    return finish(&xo);
}

static bool same(const char *x, const char *y)
{
    return x && y ? strcmp(x, y) == 0 : x == y;
}

/* The agreements to tell in full, each once, as a list a template selects
 * from: no ids joined into a string for XSLT to split again. */
static void put_highlights(xml_out *xo, const iop_report_data_options *o)
{
    for (size_t i = 0; o && i < o->n_highlight; i++) {
        bool seen = false;
        for (size_t k = 0; k < i && !seen; k++)
            seen = strcmp(o->highlight[k], o->highlight[i]) == 0;
        if (!seen)
            xo_leaf(xo, "highlight", NULL, "ref", o->highlight[i], XA_END);
    }
}

char *iop_report_batch_data_xml(const iop_report_batch *b, const iop_report_data_options *opts)
{
    xml_out xo = {.depth = 0};
    put_head(&xo, b->year, "all", opts);
    for (size_t i = 0; i < b->n_reports; i++)
        put_report(&xo, b->reports[i], NULL);
    xo_open(&xo, "catalogue", XA_END);
    put_highlights(&xo, opts);
    put_total_of(&xo, &b->catalogue_total, "in-year", NULL, NULL, false);
    size_t m = 0;
    for (size_t i = 0; i < b->n_catalogue; i++) {
        const iop_agreement *a = b->catalogue[i].agreement;
        if (i == 0 || !same(a->municipality, b->catalogue[i - 1].agreement->municipality)) {
            if (i > 0)
                xo_close(&xo);
            xo_open(&xo, "municipality", "name", a->municipality ? a->municipality : "", "code",
                    a->municipality_code, XA_END);
            put_total_of(&xo, &b->by_municipality[m++], "in-year", NULL, NULL, false);
        }
        put_agreement(&xo, &b->catalogue[i], NULL, b->year, b->model);
    }
    if (b->n_catalogue)
        xo_close(&xo);
    xo_close(&xo);
    return finish(&xo);
}
