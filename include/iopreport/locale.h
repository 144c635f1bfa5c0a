/**
 * iopreport/locale.h — the calendar and the Swedish of the reports, below
 * every layer that reads or writes a date or a figure: the civil calendar
 * (day numbers, leap years, dates as written and their ISO form), Swedish
 * number and date formatting, the no-break rules of Swedish typography and
 * Swedish alphabetical order.  One home for each rule, so that the model,
 * the document vocabulary, the report data and the templates' functions
 * count, write and sort alike.  Depends on util only.
 */
#ifndef IOPREPORT_LOCALE_H
#define IOPREPORT_LOCALE_H

#include "iopreport/util.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* The civil calendar                                                   */
/* ------------------------------------------------------------------ */

/** The years the format's dates and years may fall in (docs/format.md):
 *  wide enough for any partnership, narrow enough that every timeline,
 *  chart and day count stays small. */
#define IOP_MIN_YEAR 1900
#define IOP_MAX_YEAR 2199

/** How precisely a date was written: `2019`, `2019-01` or `2019-01-01`. */
typedef enum iop_date_precision {
    IOP_DATE_NONE = 0, /**< no date (absent) */
    IOP_DATE_YEAR = 1,
    IOP_DATE_MONTH = 2,
    IOP_DATE_DAY = 3
} iop_date_precision;

/** A date as written. month/day are 0 when the precision leaves them out. */
typedef struct iop_date {
    int year;
    int month; /**< 1..12, or 0 */
    int day;   /**< 1..31, or 0 */
    iop_date_precision precision;
} iop_date;

/** Days since 1970-01-01 of a proleptic Gregorian y-m-d (no validation). */
int64_t iop_days_from_civil(int year, int month, int day);
/** Inverse of iop_days_from_civil(). */
void iop_civil_from_days(int64_t days, int *year, int *month, int *day);
/** True for Gregorian leap years. */
bool iop_is_leap_year(int year);
/** 28..31. */
int iop_days_in_month(int year, int month);
/** Day number of the first day a date can mean (`2019` → 2019-01-01). */
int64_t iop_date_first_day(iop_date d);
/** Day number of the last day a date can mean (`2019-02` → 2019-02-28). */
int64_t iop_date_last_day(iop_date d);
/**
 * Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (years 1000..9999, a real
 * calendar day). Returns false (and leaves *out untouched) when malformed.
 */
bool iop_date_parse(const char *s, iop_date *out) IOP_MUST_CHECK;
/**
 * Parse a whole day `YYYY-MM-DD` (as iop_date_parse, day precision only)
 * into a day number. False (and *day untouched) when it is not one.
 */
bool iop_date_parse_day(const char *s, int64_t *day) IOP_MUST_CHECK;

/** Room for any iop_date_iso() text with its NUL. */
#define IOP_DATE_ISO_SIZE 32
/** A date as written in the files, at its precision (`2019`, `2019-01`,
 *  `2019-01-01`; "" for IOP_DATE_NONE), into `buf`; returns `buf`. */
const char *iop_date_iso(iop_date d, char buf[IOP_DATE_ISO_SIZE]);

/* ------------------------------------------------------------------ */
/* Swedish formatting                                                  */
/* ------------------------------------------------------------------ */
/* Every function returns a new UTF-8 string the caller frees.  Digit groups
 * and units are separated by U+00A0 (no-break space); the minus sign is
 * U+2212. */

/** A count: `1 234`, `−5`. */
char *iop_format_count(int64_t n);
/** Whole kronor: `2 490 604 kr`. */
char *iop_format_kronor(int64_t kr);
/** Öre as kronor: `563 750,50 kr`, or `2 490 604 kr` when whole. */
char *iop_format_ore(int64_t ore);
/** Tenths of a percent, always with one decimal: `63,5 %`, `50,0 %`. */
char *iop_format_permille(int64_t permille);
/** A decimal as written in a file (`63.5`, `-2`, `1200`): `63,5`, `−2`, `1 200`.
 *  Returns a copy of the text when it is not a plain decimal. */
char *iop_format_decimal(const char *text);
/** A date at its precision: `1 januari 2019`, `januari 2019`, `2019`;
 *  "" for IOP_DATE_NONE. */
char *iop_format_date(iop_date d);
/** A day number as `1 januari 2019`. */
char *iop_format_day(int64_t day);
/**
 * A period: `1 januari 2019 – 31 december 2020` (en dash with spaces);
 * `2019–2020` (no spaces) when both are years, `2019` when it is one year;
 * `1 januari 2019 – tills vidare` when `end` is absent.
 */
char *iop_format_period(iop_date start, iop_date end);
/**
 * Running text with the spaces a line must not break at made no-break:
 * between a day and its month and a month and its year ("1 januari 2019"),
 * between digit groups ("2 560 499"), and before a unit ("kr", "%", "st",
 * "år": "49 %", "1+1 år").  NULL for NULL.
 */
char *iop_format_tie(const char *text);

/** A Swedish month name, 1..12 (`januari`); "" otherwise. Static string. */
const char *iop_month_name(int month);

/** The month 1..12 whose Swedish name `word` is (any case), or 0. */
int iop_month_from_name(const char *word);

/**
 * Compare two UTF-8 strings in Swedish alphabetical order (case-insensitive
 * first, å ä ö after z, é as e, ü as y), for sorting titles and areas.
 */
int iop_collate_sv(const char *a, const char *b);

/** Lower-case `s` in place: ASCII and the Latin-1 capitals of UTF-8 (Å Ä Ö
 *  É …, each stays two bytes), enough to compare Swedish words without a
 *  locale. Returns `s`. */
char *iop_lower_sv(char *s);

#ifdef __cplusplus
}
#endif

#endif /* IOPREPORT_LOCALE_H */
