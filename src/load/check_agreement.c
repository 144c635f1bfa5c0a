/* The rules of the format that a schema cannot express: dates in order,
 * periods that do not overlap, contributions that name a party and lie
 * within the partnership's timeline. Every rule reports at the element it
 * concerns, and all of them run, so one pass shows every problem. */
#include "load_internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define OPEN_END INT64_MAX

static xmlNode *child(const xmlNode *n, const char *name)
{
    for (xmlNode *c = first_elem(n); c; c = next_elem(c))
        if (is_elem(c, name))
            return c;
    return NULL;
}

/* Elements are found again by position: the model keeps lines, the tree
 * keeps nodes, and messages want both. */
static xmlNode *nth_child(const xmlNode *n, const char *name, size_t i)
{
    for (xmlNode *c = first_elem(n); c; c = next_elem(c))
        if (is_elem(c, name) && i-- == 0)
            return c;
    return NULL;
}

/* The <name> child of a <parent> child of the agreement that follows
 * `prev` (the first when prev is NULL), in document order: the order the
 * model's list was read in.  A cursor, not an index: looking each one up
 * from the start made 20 000 contributions take 12 s. */
static xmlNode *next_in(const xmlNode *agreement, const char *parent, const char *name,
                        const xmlNode *prev)
{
    xmlNode *p = prev ? prev->parent : first_elem(agreement);
    xmlNode *c = prev ? next_elem(prev) : NULL;
    bool in_p = prev != NULL;
    for (; p; p = next_elem(p), in_p = false) {
        if (!is_elem(p, parent))
            continue;
        for (c = in_p ? c : first_elem(p); c; c = next_elem(c))
            if (is_elem(c, name))
                return c;
    }
    return NULL;
}

static void check_structure(file_ctx *fc, const xmlNode *n, const iop_agreement *a)
{
    static const char *const required[] = {"title", "municipality", "parties", "period", NULL};
    for (const char *const *r = required; *r; r++)
        if (!child(n, *r))
            fctx_error_code(fc, n, "IOP-SCHEMA",
                            "agreement '%s' is missing the required element <%s>", a->id, *r);
}

static void check_parties(file_ctx *fc, const xmlNode *n, const iop_agreement *a)
{
    const xmlNode *parties = child(n, "parties");
    if (!parties)
        return;
    bool pub = false, idea = false;
    for (size_t i = 0; i < a->n_parties; i++) {
        pub |= a->parties[i].kind == IOP_PARTY_PUBLIC;
        idea |= a->parties[i].kind == IOP_PARTY_IDEA_BASED;
    }
    if (!pub)
        fctx_error_code(fc, parties, "IOP-PARTIES",
                        "agreement '%s' has no public party: an IOP is between a public "
                        "body and an idea-based organisation (add <public committee=\"...\">)",
                        a->id);
    if (!idea)
        fctx_error_code(fc, parties, "IOP-PARTIES",
                        "agreement '%s' has no idea-based party: an IOP needs at least one "
                        "<idea-based> organisation",
                        a->id);
}

static char *party_list(const iop_agreement *a)
{
    iop_strbuf sb = IOP_STRBUF_INIT;
    for (size_t i = 0; i < a->n_parties; i++) {
        const iop_party *p = &a->parties[i];
        if (sb.len)
            iop_strbuf_puts(&sb, ", ");
        iop_strbuf_printf(&sb, "'%s'", p->committee ? p->committee : p->name);
    }
    return sb.len ? iop_strbuf_detach(&sb) : iop_xstrdup("(none)");
}

static int64_t first_day(iop_date d)
{
    return iop_date_first_day(d);
}

static int64_t last_day(iop_date d)
{
    return d.precision == IOP_DATE_NONE ? OPEN_END : iop_date_last_day(d);
}

static char *date_text(iop_date d)
{
    char b[IOP_DATE_ISO_SIZE];
    return iop_xstrdup(iop_date_iso(d, b));
}

static void check_periods(file_ctx *fc, const xmlNode *n, const iop_agreement *a)
{
    const xmlNode *pn = child(n, "period");
    const iop_period *cur = &a->period;
    bool cur_ok = pn && cur->start.precision != IOP_DATE_NONE;
    if (pn && !xmlHasProp((xmlNode *)pn, (const xmlChar *)"start"))
        fctx_error_code(fc, pn, "IOP-PERIOD", "<period> needs a start date (start=\"2019-01-01\")");
    if (cur_ok && cur->end.precision != IOP_DATE_NONE && last_day(cur->end) < first_day(cur->start)) {
        char *s = date_text(cur->start), *e = date_text(cur->end);
        fctx_error_code(fc, pn, "IOP-PERIOD", "the period ends (%s) before it starts (%s)", e, s);
        free(s);
        free(e);
        cur_ok = false;
    }
    if (cur_ok && cur->terminated.precision != IOP_DATE_NONE) {
        if (first_day(cur->terminated) < first_day(cur->start) ||
            last_day(cur->terminated) > last_day(cur->end))
        {
            char *t = date_text(cur->terminated);
            fctx_error_code(fc, pn, "IOP-PERIOD",
                            "terminated=\"%s\" must lie within the period (from start to end)", t);
            free(t);
        }
    }
    for (size_t i = 0; i < a->n_previous; i++) {
        const iop_period *p = &a->previous[i];
        const xmlNode *node = nth_child(n, "previous-period", i);
        if (p->start.precision == IOP_DATE_NONE || p->end.precision == IOP_DATE_NONE) {
            /* a malformed date was already reported where it was read */
            if (!xmlHasProp((xmlNode *)node, (const xmlChar *)"start") ||
                !xmlHasProp((xmlNode *)node, (const xmlChar *)"end"))
                fctx_error_code(fc, node, "IOP-PERIOD",
                                "<previous-period> needs both start and end");
            continue;
        }
        if (last_day(p->end) < first_day(p->start)) {
            fctx_error_code(fc, node, "IOP-PERIOD", "the previous period ends before it starts");
            continue;
        }
        if (cur_ok && last_day(p->end) >= first_day(cur->start) &&
            first_day(p->start) <= last_day(cur->end))
            fctx_error_code(fc, node, "IOP-PERIOD",
                            "this previous period overlaps the current <period> (line %ld)",
                            node_line(pn));
        for (size_t j = 0; j < i; j++) {
            const iop_period *q = &a->previous[j];
            if (q->start.precision == IOP_DATE_NONE || q->end.precision == IOP_DATE_NONE)
                continue;
            if (last_day(p->end) >= first_day(q->start) && first_day(p->start) <= last_day(q->end))
                fctx_error_code(fc, node, "IOP-PERIOD",
                                "this previous period overlaps the one on line %ld", q->loc.line);
        }
    }
}

static void check_contributions(file_ctx *fc, const xmlNode *n, const iop_agreement *a)
{
    const iop_period *cur = &a->period;
    if (cur->start.precision == IOP_DATE_NONE)
        return;
    int64_t earliest = first_day(cur->start);
    for (size_t i = 0; i < a->n_previous; i++)
        if (a->previous[i].start.precision != IOP_DATE_NONE && first_day(a->previous[i].start) < earliest)
            earliest = first_day(a->previous[i].start);
    int64_t latest = last_day(cur->end);
    const xmlNode *node = NULL;
    for (size_t i = 0; i < a->n_contributions; i++) {
        const iop_contribution *k = &a->contributions[i];
        node = i == 0 || node ? next_in(n, "budget", "contribution", node) : NULL;
        if (!iop_agreement_find_party(a, k->party)) {
            char *list = party_list(a);
            fctx_error_code(fc, node, "IOP-PARTY-REF",
                            "contribution party=\"%s\" names no party of this agreement: "
                            "use a committee id or the exact name of a party (%s)",
                            k->party, list);
            free(list);
        }
        int64_t from = k->from.precision ? first_day(k->from) : first_day(cur->start);
        int64_t to = k->to.precision ? last_day(k->to) : latest;
        if (k->from.precision && from < earliest) {
            char *t = date_text(k->from);
            fctx_error_code(fc, node, "IOP-CONTRIBUTION",
                            "the contribution starts (from=\"%s\") before the partnership's "
                            "earliest period",
                            t);
            free(t);
        }
        if (k->to.precision && latest != OPEN_END && to > latest) {
            char *t = date_text(k->to), *e = date_text(cur->end);
            fctx_error_code(fc, node, "IOP-CONTRIBUTION",
                            "the contribution ends (to=\"%s\") after the current period's "
                            "end (%s)",
                            t, e);
            free(t);
            free(e);
        }
        if (k->from.precision && k->to.precision && to < from)
            fctx_error_code(fc, node, "IOP-CONTRIBUTION",
                            "the contribution's 'to' is before its 'from'");
        if (k->per == IOP_PER_PERIOD && to == OPEN_END)
            fctx_error_code(fc, node, "IOP-CONTRIBUTION",
                            "a lump sum (per=\"period\") needs an end: give 'to', or an end "
                            "to the period");
        if (k->from.precision && !k->to.precision && latest != OPEN_END && from > latest)
            fctx_error_code(fc, node, "IOP-CONTRIBUTION",
                            "the contribution starts after the current period's end");
    }
    for (size_t i = 0; i < a->n_commitments; i++) {
        const iop_commitment *k = &a->commitments[i];
        if (!iop_agreement_find_party(a, k->party)) {
            char *list = party_list(a);
            fctx_error_code(fc, nth_child(n, "commitment", i), "IOP-PARTY-REF",
                            "commitment party=\"%s\" names no party of this agreement (%s)",
                            k->party, list);
            free(list);
        }
    }
}

static void check_codes(file_ctx *fc, const xmlNode *n, const iop_agreement *a)
{
    const char *c = a->municipality_code;
    if (!c)
        return;
    size_t len = strlen(c);
    bool digits = len > 0;
    for (size_t i = 0; i < len; i++)
        digits &= isdigit((unsigned char)c[i]) != 0;
    if (!digits || (len != 4 && len != 2))
        fctx_error(fc, child(n, "municipality"), "code=\"%s\": write the four-digit municipality "
                   "code (1280) or the two-digit region code (05)", c);
}

void check_agreement(file_ctx *fc, const xmlNode *n, const iop_agreement *a)
{
    check_structure(fc, n, a);
    check_parties(fc, n, a);
    check_periods(fc, n, a);
    check_contributions(fc, n, a);
    check_codes(fc, n, a);
}
