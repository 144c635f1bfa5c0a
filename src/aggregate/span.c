/* Timelines and statuses: which agreements a year's report is about. */
#include "iopreport/aggregate.h"

#include <string.h>

int64_t iop_span_overlap_days(iop_span a, iop_span b)
{
    int64_t first = a.first > b.first ? a.first : b.first;
    int64_t last;
    if (a.open && b.open)
        return INT64_MAX; /* two open spans overlap without end; callers never ask */
    if (a.open)
        last = b.last;
    else if (b.open)
        last = a.last;
    else
        last = a.last < b.last ? a.last : b.last;
    return last < first ? 0 : last - first + 1;
}

iop_span iop_span_year(int year)
{
    iop_span s = {iop_days_from_civil(year, 1, 1), iop_days_from_civil(year, 12, 31), false};
    return s;
}

iop_span iop_agreement_timeline(const iop_agreement *a)
{
    iop_span s = {iop_date_first_day(a->period.start), 0, true};
    for (size_t i = 0; i < a->n_previous; i++) {
        int64_t f = iop_date_first_day(a->previous[i].start);
        if (f < s.first)
            s.first = f;
    }
    if (a->period.terminated.precision != IOP_DATE_NONE) {
        s.last = iop_date_last_day(a->period.terminated);
        s.open = false;
    } else if (a->period.end.precision != IOP_DATE_NONE) {
        s.last = iop_date_last_day(a->period.end);
        s.open = false;
    }
    return s;
}

int64_t iop_document_day(int year, const char *date)
{
    iop_date d;
    if (date && iop_date_parse(date, &d))
        return iop_date_first_day(d);
    return iop_days_from_civil(year, 12, 31);
}

int64_t iop_twelve_months_after(int64_t day)
{
    int y, m, d;
    iop_civil_from_days(day, &y, &m, &d);
    if (m == 2 && d == 29)
        d = 28;
    return iop_days_from_civil(y + 1, m, d);
}

iop_year_status iop_agreement_year_status_at(const iop_agreement *a, int year, int64_t doc_day)
{
    iop_year_status st = {IOP_STATUS_OUTSIDE, false, false};
    iop_span t = iop_agreement_timeline(a);
    iop_span y = iop_span_year(year);
    if (iop_span_overlap_days(t, y) == 0)
        return st;
    st.is_new = t.first >= y.first;
    if (!t.open && t.last <= y.last) {
        st.status = IOP_STATUS_ENDED;
        return st;
    }
    st.status = IOP_STATUS_ONGOING;
    /* a decision on extension is due when the partnership ends within a
     * year of the document; one that ended before the document is past
     * deciding */
    st.expiring = !t.open && t.last >= doc_day && t.last <= iop_twelve_months_after(doc_day);
    return st;
}

iop_year_status iop_agreement_year_status(const iop_agreement *a, int year)
{
    return iop_agreement_year_status_at(a, year, iop_document_day(year, NULL));
}

/* One table of the statuses' words: the key of the report data and the
 * summary's tables, and the Swedish a reader sees. */
static const struct {
    const char *key;
    const char *name;
} STATUS_WORDS[] = {
    [IOP_STATUS_OUTSIDE] = {"outside", "utanför"},
    [IOP_STATUS_ONGOING] = {"ongoing", "pågående"},
    [IOP_STATUS_ENDED] = {"ended", "avslutat"},
};

static iop_status known_status(iop_status s)
{
    return (unsigned)s < sizeof STATUS_WORDS / sizeof STATUS_WORDS[0] ? s : IOP_STATUS_OUTSIDE;
}

const char *iop_status_name(iop_status s)
{
    return STATUS_WORDS[known_status(s)].name;
}

const char *iop_status_key(iop_status s)
{
    return STATUS_WORDS[known_status(s)].key;
}

int iop_extension_years(const char *text)
{
    /* "1+1 år", "2 år", "1 + 1 år" (spaces or no-break spaces): whole
     * years added up; anything else
     * (months, free text) is not a number of years */
    if (!text)
        return 0;
    int sum = 0, n = -1;
    const char *p = text;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            n = (n < 0 ? 0 : n) * 10 + (*p - '0');
            if (n > 100)
                return 0;
        } else if (*p == '+' && n >= 0) {
            sum += n;
            n = -1;
            if (sum > 100)
                return 0; /* not an option anyone writes */
        } else if (p[0] == '\xC2' && p[1] == '\xA0') {
            p++; /* a no-break space, as Swedish text writes "1+1 år" */
        } else if (*p != ' ') {
            break;
        }
    }
    if (n < 0 || strcmp(p, "\xC3\xA5r") != 0) /* "år" */
        return 0;
    return sum + n;
}

bool iop_period_latest_end(const iop_period *p, iop_date *out)
{
    int years = iop_extension_years(p->extension);
    if (years <= 0 || p->end.precision == IOP_DATE_NONE ||
        p->terminated.precision != IOP_DATE_NONE)
        return false;
    *out = p->end;
    out->year += years;
    if (out->precision == IOP_DATE_DAY && out->month == 2 && out->day == 29)
        out->day = 28;
    return true;
}
