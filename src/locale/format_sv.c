/* Swedish number and date formatting, so templates print figures as they are. */
#include "iopreport/locale.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NBSP "\xC2\xA0"
#define MINUS "\xE2\x88\x92"
#define EN_DASH "\xE2\x80\x93"

static const char *const months[12] = {"januari", "februari", "mars", "april", "maj", "juni",
                                       "juli", "augusti", "september", "oktober",
                                       "november", "december"};

const char *iop_month_name(int month)
{
    return month >= 1 && month <= 12 ? months[month - 1] : "";
}

int iop_month_from_name(const char *word)
{
    for (int m = 0; word && m < 12; m++)
        if (strcasecmp(word, months[m]) == 0)
            return m + 1;
    return 0;
}

/* Digits with no-break spaces between groups of three, from the right. */
static void put_grouped(iop_strbuf *sb, const char *digits, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            iop_strbuf_puts(sb, NBSP);
        iop_strbuf_putc(sb, digits[i]);
    }
}

static void put_magnitude(iop_strbuf *sb, bool negative, uint64_t mag)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%" PRIu64, mag);
    if (negative)
        iop_strbuf_puts(sb, MINUS);
    put_grouped(sb, digits, (size_t)n);
}

static uint64_t magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

/* A fixed-point figure `v` / `scale`: the whole part in digit groups, the
 * fraction after a comma in `decimals` digits (when not zero, or `always`),
 * then the unit. */
static char *format_fixed(int64_t v, unsigned scale, int decimals, bool always, const char *unit)
{
    uint64_t m = magnitude(v);
    iop_strbuf sb = IOP_STRBUF_INIT;
    put_magnitude(&sb, v < 0, m / scale);
    if (always || m % scale)
        iop_strbuf_printf(&sb, ",%0*u", decimals, (unsigned)(m % scale));
    iop_strbuf_puts(&sb, unit);
    return iop_strbuf_detach(&sb);
}

char *iop_format_count(int64_t n)
{
    return format_fixed(n, 1, 0, false, "");
}

char *iop_format_kronor(int64_t kr)
{
    return format_fixed(kr, 1, 0, false, NBSP "kr");
}

char *iop_format_ore(int64_t ore)
{
    return format_fixed(ore, 100, 2, false, NBSP "kr");
}

char *iop_format_permille(int64_t permille)
{
    /* always one decimal, so that shares side by side read alike
     * ("90,0 %" beside "58,2 %") */
    return format_fixed(permille, 10, 1, true, NBSP "%");
}

char *iop_format_decimal(const char *text)
{
    if (!text)
        return iop_xstrdup("");
    const char *p = text;
    bool negative = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    size_t int_len = strspn(p, "0123456789");
    const char *frac = p + int_len;
    size_t frac_len = 0;
    if (*frac == '.') {
        frac++;
        frac_len = strspn(frac, "0123456789");
        if (frac_len == 0 || frac[frac_len] != '\0')
            return iop_xstrdup(text);
    } else if (*frac != '\0') {
        return iop_xstrdup(text);
    }
    if (int_len == 0)
        return iop_xstrdup(text);
    iop_strbuf sb = IOP_STRBUF_INIT;
    if (negative)
        iop_strbuf_puts(&sb, MINUS);
    put_grouped(&sb, p, int_len);
    if (frac_len) {
        iop_strbuf_putc(&sb, ',');
        iop_strbuf_append(&sb, frac, frac_len);
    }
    return iop_strbuf_detach(&sb);
}

char *iop_format_date(iop_date d)
{
    switch (d.precision) {
    case IOP_DATE_YEAR: return iop_xasprintf("%d", d.year);
    /* a date is never broken over two lines: no-break spaces (U+00A0) */
    case IOP_DATE_MONTH: return iop_xasprintf("%s\xC2\xA0%d", iop_month_name(d.month), d.year);
    case IOP_DATE_DAY:
        return iop_xasprintf("%d\xC2\xA0%s\xC2\xA0%d", d.day, iop_month_name(d.month), d.year);
    case IOP_DATE_NONE: break;
    }
    return iop_xstrdup("");
}

char *iop_format_day(int64_t day)
{
    iop_date d = {0, 0, 0, IOP_DATE_DAY};
    iop_civil_from_days(day, &d.year, &d.month, &d.day);
    return iop_format_date(d);
}

char *iop_format_period(iop_date start, iop_date end)
{
    char *s = iop_format_date(start);
    char *r;
    if (end.precision == IOP_DATE_NONE)
        r = iop_xasprintf("%s " EN_DASH " tills vidare", s);
    else if (start.precision == IOP_DATE_YEAR && end.precision == IOP_DATE_YEAR)
        r = start.year == end.year ? iop_xasprintf("%d", start.year)
                                   : iop_xasprintf("%d" EN_DASH "%d", start.year, end.year);
    else {
        char *e = iop_format_date(end);
        r = iop_xasprintf("%s " EN_DASH " %s", s, e);
        free(e);
    }
    free(s);
    return r;
}
