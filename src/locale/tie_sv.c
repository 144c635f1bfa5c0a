/* Swedish ties: the spaces in running text that a line must not break at,
 * made no-break where the report data is written ("1 januari 2019",
 * "2 560 499 kr", "49 %", "1+1 år", "243 st"), as typesetters do. */
#include "iopreport/locale.h"

#include <stdlib.h>
#include <string.h>

#define NBSP "\xC2\xA0"

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The length of the month name `s` starts with (followed by no letter), or 0. */
static size_t month_at(const char *s, size_t n)
{
    for (int m = 1; m <= 12; m++) {
        const char *name = iop_month_name(m);
        size_t k = strlen(name);
        if (k > n || memcmp(s, name, k) != 0)
            continue;
        /* the next byte is not a letter: ASCII letters and UTF-8 lead bytes */
        char c = k < n ? (char)(s[k] | 0x20) : ' ';
        bool letter = (c >= 'a' && c <= 'z') || (k < n && (unsigned char)s[k] >= 0xC0);
        if (!letter)
            return k;
    }
    return 0;
}

static bool all_digits(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

/* A unit that stays with the number before it: "kr", "%", "st", "år"... */
static bool unit_at(const char *s, size_t n)
{
    static const char *const units[] = {"kr", "%", "st", "\xC3\xA5r", "procent", "kronor", "tkr",
                                        "mnkr", NULL};
    for (int i = 0; units[i]; i++) {
        size_t k = strlen(units[i]);
        if (k <= n && memcmp(s, units[i], k) == 0 &&
            (k == n || s[k] == '.' || s[k] == ',' || s[k] == ';' || s[k] == ':' || s[k] == ')'))
            return true;
    }
    return false;
}

/* Whether the space between token a (la bytes) and token b (lb) is a tie. */
static bool tied(const char *a, size_t la, const char *b, size_t lb)
{
    const char *a0 = a;
    while (la && (*a0 == '(' || *a0 == '"' || (unsigned char)*a0 == 0xE2)) {
        /* an opening bracket or quotation mark before the token */
        size_t skip = (unsigned char)*a0 == 0xE2 && la >= 3 ? 3 : 1;
        a0 += skip;
        la -= skip;
    }
    if (la && is_digit(a0[la - 1])) {
        if (la <= 2 && all_digits(a0, la) && month_at(b, lb))
            return true; /* "1 januari" */
        if (unit_at(b, lb))
            return true; /* "499 kr", "49 %", "1+1 år" */
        /* digit groups: "2 560 499" (a group of one to three, then three) */
        if (all_digits(a0, la) && la <= 3 && lb >= 3 && all_digits(b, 3) &&
            (lb == 3 || !is_digit(b[3])))
            return true;
        return false;
    }
    /* "januari 2019" */
    /* the year first: month_at, tried on every pair of words, is the dearer */
    if (la && lb >= 4 && all_digits(b, 4) && (lb == 4 || !is_digit(b[4])) && month_at(a0, la) == la)
        return true;
    return false;
}

char *iop_format_tie(const char *text)
{
    if (!text)
        return NULL;
    iop_strbuf out = IOP_STRBUF_INIT;
    size_t n = strlen(text), tok = 0;
    for (size_t i = 0; i < n; i++) {
        /* the words copied whole, not byte by byte */
        const char *sp = memchr(text + i, ' ', n - i);
        size_t word = sp ? (size_t)(sp - text) - i : n - i;
        if (word)
            iop_strbuf_append(&out, text + i, word);
        i += word;
        if (i >= n)
            break;
        if (i == 0 || i + 1 >= n || text[i - 1] == ' ' || text[i + 1] == ' ') {
            iop_strbuf_putc(&out, ' ');
            tok = i + 1;
            continue;
        }
        size_t end = i + 1;
        while (end < n && text[end] != ' ')
            end++;
        if (tied(text + tok, i - tok, text + i + 1, end - i - 1))
            iop_strbuf_puts(&out, NBSP);
        else
            iop_strbuf_putc(&out, ' ');
        tok = i + 1;
    }
    return iop_strbuf_detach(&out);
}
