/* Calendar arithmetic on day numbers. The civil/day conversions follow
 * Howard Hinnant's well-known algorithm (public domain description), written
 * out here from the arithmetic, so every year, leap or not, is exact. */
#include "iopreport/locale.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

int64_t iop_days_from_civil(int year, int month, int day)
{
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void iop_civil_from_days(int64_t z, int *year, int *month, int *day)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(y + (m <= 2));
    *month = m;
    *day = d;
}

bool iop_is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int iop_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return month == 2 && iop_is_leap_year(year) ? 29 : days[month - 1];
}

int64_t iop_date_first_day(iop_date d)
{
    int month = d.precision >= IOP_DATE_MONTH ? d.month : 1;
    int day = d.precision >= IOP_DATE_DAY ? d.day : 1;
    return iop_days_from_civil(d.year, month, day);
}

int64_t iop_date_last_day(iop_date d)
{
    int month = d.precision >= IOP_DATE_MONTH ? d.month : 12;
    int day = d.precision >= IOP_DATE_DAY ? d.day : iop_days_in_month(d.year, month);
    return iop_days_from_civil(d.year, month, day);
}

static bool digits(const char *s, size_t n, int *out)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool iop_date_parse(const char *s, iop_date *out)
{
    iop_date d = {0, 0, 0, IOP_DATE_NONE};
    if (!s)
        return false;
    size_t len = strlen(s);
    if (len != 4 && len != 7 && len != 10)
        return false;
    if (!digits(s, 4, &d.year) || d.year < 1000)
        return false;
    d.precision = IOP_DATE_YEAR;
    if (len >= 7) {
        if (s[4] != '-' || !digits(s + 5, 2, &d.month) || d.month < 1 || d.month > 12)
            return false;
        d.precision = IOP_DATE_MONTH;
    }
    if (len == 10) {
        if (s[7] != '-' || !digits(s + 8, 2, &d.day) || d.day < 1 ||
            d.day > iop_days_in_month(d.year, d.month))
            return false;
        d.precision = IOP_DATE_DAY;
    }
    *out = d;
    return true;
}

bool iop_date_parse_day(const char *s, int64_t *day)
{
    iop_date d;
    if (!iop_date_parse(s, &d) || d.precision != IOP_DATE_DAY)
        return false;
    *day = iop_date_first_day(d);
    return true;
}

const char *iop_date_iso(iop_date d, char buf[IOP_DATE_ISO_SIZE])
{
    switch (d.precision) {
    case IOP_DATE_YEAR: snprintf(buf, IOP_DATE_ISO_SIZE, "%04d", d.year); break;
    case IOP_DATE_MONTH: snprintf(buf, IOP_DATE_ISO_SIZE, "%04d-%02d", d.year, d.month); break;
    case IOP_DATE_DAY:
        snprintf(buf, IOP_DATE_ISO_SIZE, "%04d-%02d-%02d", d.year, d.month, d.day);
        break;
    case IOP_DATE_NONE: buf[0] = '\0'; break;
    }
    return buf;
}
