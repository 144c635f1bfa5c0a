/* Values as people type them into a Swedish spreadsheet, read strictly:
 * what could mean two things ("1.100") is refused, not guessed. */
#include "import_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Length of a white-space character at s (ASCII, no-break space U+00A0,
 * narrow no-break space U+202F, thin space U+2009), else 0. */
static size_t space_len(const char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        return 1;
    if ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)
        return 2;
    if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0xAF || (unsigned char)s[2] == 0x89))
        return 3;
    return 0;
}

char *value_trim(const char *s)
{
    size_t k;
    while ((k = space_len(s)))
        s += k;
    size_t n = strlen(s), end = 0;
    for (size_t i = 0; i < n;) {
        k = space_len(s + i);
        if (k) {
            i += k;
        } else {
            i++;
            end = i;
        }
    }
    return iop_xstrndup(s, end);
}

/* Digits in groups of three after the first when separated by spaces
 * ("1 100 000"), or one run of digits. Copies the digits to out. */
static bool grouped_digits(const char **p, char *out, size_t cap)
{
    const char *s = *p;
    size_t n = 0, group = 0, groups = 0;
    bool spaced = false;
    for (;;) {
        if (isdigit((unsigned char)*s)) {
            if (n + 1 >= cap)
                return false;
            out[n++] = *s++;
            group++;
            continue;
        }
        size_t k = space_len(s);
        if (k && isdigit((unsigned char)s[k])) {
            if (group == 0 || (groups > 0 && group != 3) || (groups == 0 && group > 3))
                return false;
            spaced = true;
            groups++;
            group = 0;
            s += k;
            continue;
        }
        break;
    }
    if (n == 0 || (spaced && group != 3))
        return false;
    out[n] = '\0';
    *p = s;
    return true;
}

static bool ends_with_word(const char *s, const char *word)
{
    size_t n = strlen(s), w = strlen(word);
    return n >= w && strcasecmp(s + n - w, word) == 0;
}

bool value_amount(const char *text, int64_t *ore)
{
    char *s = value_trim(text);
    /* the currency after the figure: "kr", "kr.", "SEK", ":-" */
    static const char *const units[] = {"kr.", "kr", "sek", ":-"};
    for (size_t u = 0; u < sizeof units / sizeof *units; u++)
        if (ends_with_word(s, units[u])) {
            s[strlen(s) - strlen(units[u])] = '\0';
            char *t = value_trim(s);
            free(s);
            s = t;
            break;
        }
    char digits[32];
    const char *p = s;
    bool ok = grouped_digits(&p, digits, sizeof digits);
    int64_t cents = 0;
    if (ok && (*p == ',' || *p == '.')) {
        /* a point only as a decimal sign: "1.100" could be a thousand */
        size_t nd = strspn(p + 1, "0123456789");
        ok = nd >= 1 && nd <= 2 && p[1 + nd] == '\0' && (*p == ',' || nd != 3);
        if (ok) {
            cents = (p[1] - '0') * 10 + (nd == 2 ? p[2] - '0' : 0);
            p += 1 + nd;
        }
    }
    ok = ok && *p == '\0' && strlen(digits) <= 15;
    if (ok)
        *ore = strtoll(digits, NULL, 10) * 100 + cents;
    free(s);
    return ok;
}

bool value_count(const char *text, long *out)
{
    char *s = value_trim(text);
    char digits[16];
    const char *p = s;
    bool ok = grouped_digits(&p, digits, sizeof digits) && *p == '\0' && strlen(digits) <= 9;
    if (ok)
        *out = strtol(digits, NULL, 10);
    free(s);
    return ok;
}

bool value_date(const char *text, iop_date *d, char out[IOP_DATE_ISO_SIZE])
{
    char *s = value_trim(text);
    bool ok = false;
    if (iop_date_parse(s, d)) {
        ok = true;
    } else {
        /* "1 januari 2019" or "januari 2019" */
        int day = 0, year = 0, month = 0, used = 0;
        char word[16] = "";
        if (sscanf(s, "%d %15s %d%n", &day, word, &year, &used) == 3 && s[used] == '\0' &&
            isdigit((unsigned char)s[0])) {
            if (day < 1)
                word[0] = '\0';
        } else if (day = 0, year = 0, !isdigit((unsigned char)s[0]) &&
                                sscanf(s, "%15s %d%n", word, &year, &used) == 2 &&
                                s[used] == '\0') {
            /* month and year */
        } else {
            word[0] = '\0';
        }
        if (word[0])
            month = iop_month_from_name(word);
        char iso[IOP_DATE_ISO_SIZE];
        if (month && year >= 1000 && year <= 9999) {
            /* written as in a file, then read as the loader reads it */
            iop_date w = {year, month, day, day ? IOP_DATE_DAY : IOP_DATE_MONTH};
            ok = day <= 31 && iop_date_parse(iop_date_iso(w, iso), d);
        }
    }
    /* the years the format takes (docs/format.md), as the loader checks */
    if (ok && (d->year < IOP_MIN_YEAR || d->year > IOP_MAX_YEAR))
        ok = false;
    if (ok)
        iop_date_iso(*d, out);
    free(s);
    return ok;
}

char *value_slug(const char *title)
{
    iop_strbuf b = IOP_STRBUF_INIT;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)title; *p;) {
        char c = 0;
        size_t k = 1;
        if (isalnum(*p)) {
            c = (char)tolower(*p);
        } else if (p[0] == 0xC3 && p[1]) {
            /* Latin-1 letters in UTF-8: å ä à á â → a, ö ò ó ô → o, é è ê ë → e, ü ú → u */
            static const char fold[65] = "aaaaaaaceeeeiiiidnooooo/ouuuuyts"
                                         "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
            c = fold[p[1] & 0x3F];
            c = c == '/' ? 0 : c;
            k = 2;
        } else if (*p >= 0x80) {
            while (p[k] && (p[k] & 0xC0) == 0x80)
                k++;
        }
        if (c) {
            if (dash && b.len)
                iop_strbuf_putc(&b, '-');
            iop_strbuf_putc(&b, c);
            dash = false;
        } else {
            dash = true;
        }
        p += k;
    }
    return iop_strbuf_detach(&b);
}

char **value_items(const char *s, size_t *n)
{
    char **items = NULL;
    size_t cap = 0;
    *n = 0;
    while (*s) {
        size_t k = strcspn(s, ";\n");
        char *raw = iop_xstrndup(s, k);
        char *item = value_trim(raw);
        free(raw);
        if (*item) {
            items = iop_grow(items, &cap, *n + 1, sizeof *items);
            items[(*n)++] = item;
        } else {
            free(item);
        }
        s += k;
        if (*s)
            s++;
    }
    return items;
}

void value_items_free(char **items, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(items[i]);
    free(items);
}
