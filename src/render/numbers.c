/* The numbers of a PDF, printed without glibc's printf machinery.
 *
 * cairo 1.16 writes every number of a PDF (coordinates, glyph positions,
 * colours, object numbers, offsets, string escapes) with snprintf, one
 * call a number, and prints each number below 0.1 (zeros included) twice
 * with "%.18f" to count its leading zeros: some 30 000 calls and 39 M
 * instructions in a 22-page report, 5 % of all it costs.  Its formats are
 * few and fixed.  This executable defines __snprintf_chk, which cairo and
 * every other library built with _FORTIFY_SOURCE (Debian's are) call for
 * snprintf; the dynamic linker finds the executable's first, as with
 * fontsort.c's fontconfig functions.  It prints those formats itself, to
 * the byte what glibc prints (tests/unit/test_render.c compares the two
 * over millions of values), and hands every other format to glibc's own
 * __vsnprintf_chk.
 *
 * A double is printed exactly: d = m * 2^e, and d * 10^p is rounded to
 * the nearest integer, ties to even, as glibc does in the default
 * rounding mode, in 128-bit integers.  What does not fit (|d| >= 2^63,
 * more than 18 decimals, NaN, infinities) and any locale whose decimal
 * point is not "." go to glibc.  Built without it under the sanitizers,
 * whose runtime intercepts snprintf itself. */
#include "render_internal.h"

#include <fenv.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__) && defined(__GLIBC__) &&     \
    defined(__SIZEOF_INT128__)

extern int __vsnprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format,
                           va_list ap);
extern void __chk_fail(void) __attribute__((noreturn));
int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, ...);

__extension__ typedef unsigned __int128 u128;

static const uint64_t POW10[19] = {1ull,
                                   10ull,
                                   100ull,
                                   1000ull,
                                   10000ull,
                                   100000ull,
                                   1000000ull,
                                   10000000ull,
                                   100000000ull,
                                   1000000000ull,
                                   10000000000ull,
                                   100000000000ull,
                                   1000000000000ull,
                                   10000000000000ull,
                                   100000000000000ull,
                                   1000000000000000ull,
                                   10000000000000000ull,
                                   100000000000000000ull,
                                   1000000000000000000ull};

/* Digits of v in `base`, at least `width` of them (zeros in front), upper
 * or lower case; returns the count.  `out` holds 24 bytes. */
static int put_unsigned(char *out, uint64_t v, unsigned base, int width, bool upper)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    while (n < width && n < (int)sizeof tmp)
        tmp[n++] = '0';
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    return n;
}

static int put_signed(char *out, long long v, int width)
{
    if (v >= 0)
        return put_unsigned(out, (uint64_t)v, 10, width, false);
    out[0] = '-';
    /* glibc counts the sign in the width: "%05d" of -12 is "-0012" */
    return 1 + put_unsigned(out + 1, 0 - (uint64_t)v, 10, width - 1, false);
}

/* "%.<p>f" of d into out (64 bytes); -1 when glibc must do it. */
static int put_fixed(char *out, double d, int p)
{
    if (p < 0 || p > 18)
        return -1;
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    bool negative = bits >> 63;
    int biased = (int)((bits >> 52) & 0x7ff);
    uint64_t m = bits & ((1ull << 52) - 1);
    if (biased == 0x7ff)
        return -1; /* NaN, infinities */
    int e;
    if (biased == 0) {
        e = -1074; /* zero and the subnormals */
    } else {
        m |= 1ull << 52;
        e = biased - 1075;
    }
    uint64_t whole, frac = 0;
    if (m == 0) {
        whole = 0;
    } else if (e >= 0) {
        if (e > 10)
            return -1; /* 2^63 or more */
        whole = m << e;
    } else if (-e > 120) {
        /* below 2^-67: times 10^18 still under one half, so 0 */
        whole = 0;
    } else {
        int k = -e;
        u128 prod = (u128)m * POW10[p];
        u128 q = prod >> k;
        u128 rest = prod - (q << k);
        u128 half = (u128)1 << (k - 1);
        if (rest > half || (rest == half && (q & 1)))
            q++;
        whole = (uint64_t)(q / POW10[p]);
        frac = (uint64_t)(q % POW10[p]);
    }
    int n = 0;
    if (negative)
        out[n++] = '-';
    n += put_unsigned(out + n, whole, 10, 1, false);
    if (p > 0) {
        out[n++] = '.';
        n += put_unsigned(out + n, frac, 10, p, false);
    }
    return n;
}

/* The conversion `format` of the next arguments when it is one cairo
 * uses, into out (64 bytes); -1 for any other format. */
static int put_known(char *out, const char *format, va_list ap)
{
    if (format[0] != '%')
        return -1;
    const char *f = format + 1;
    if (strcmp(f, "d") == 0)
        return put_signed(out, va_arg(ap, int), 1);
    if (strcmp(f, "f") == 0)
        return put_fixed(out, va_arg(ap, double), 6);
    if (strcmp(f, ".*f") == 0) {
        int p = va_arg(ap, int);
        return put_fixed(out, va_arg(ap, double), p);
    }
    if (strcmp(f, ".18f") == 0)
        return put_fixed(out, va_arg(ap, double), 18);
    if (strcmp(f, "ld") == 0)
        return put_signed(out, va_arg(ap, long), 1);
    if (strcmp(f, "010ld") == 0)
        return put_signed(out, va_arg(ap, long), 10);
    if (strcmp(f, "03o") == 0)
        return put_unsigned(out, va_arg(ap, unsigned), 8, 3, false);
    if (strcmp(f, "04X") == 0)
        return put_unsigned(out, va_arg(ap, unsigned), 16, 4, true);
    if (strcmp(f, "04x") == 0)
        return put_unsigned(out, va_arg(ap, unsigned), 16, 4, false);
    if (strcmp(f, "02x") == 0)
        return put_unsigned(out, va_arg(ap, unsigned), 16, 2, false);
    if (strcmp(f, "0*x") == 0) {
        int width = va_arg(ap, int);
        if (width < 0 || width > 16)
            return -1;
        return put_unsigned(out, va_arg(ap, unsigned), 16, width, false);
    }
    return -1;
}

/* Set by render_numbers_init: the locale's decimal point is "." (the
 * program never changes its locale; a library could, before) */
static bool point_is_dot;

void render_numbers_init(void)
{
    const struct lconv *lc = localeconv();
    point_is_dot = lc && lc->decimal_point[0] == '.' && lc->decimal_point[1] == 0;
}

/* Whether glibc would print as put_known does: a decimal point "." and
 * rounding to nearest. */
static bool plain_c_numbers(void)
{
    return point_is_dot && fegetround() == FE_TONEAREST;
}

/* put_known's text as snprintf returns it: cut to `maxlen` with its
 * terminator, the length it would have had; -1 for any other format. */
static int print_known(char *s, size_t maxlen, const char *format, va_list ap)
{
    char out[64];
    va_list args;
    va_copy(args, ap);
    int n = put_known(out, format, args);
    va_end(args);
    if (n >= 0 && maxlen > 0) {
        size_t k = (size_t)n < maxlen - 1 ? (size_t)n : maxlen - 1;
        memcpy(s, out, k);
        s[k] = 0;
    }
    return n;
}

int render_snprintf_known(char *s, size_t maxlen, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    int n = print_known(s, maxlen, format, ap);
    va_end(ap);
    return n;
}

int __snprintf_chk(char *s, size_t maxlen, int flag, size_t slen, const char *format, ...)
{
    if (slen < maxlen)
        __chk_fail();
    va_list ap;
    va_start(ap, format);
    int n = -1;
    if (format[0] == '%' && strlen(format) <= 6 && plain_c_numbers())
        n = print_known(s, maxlen, format, ap);
    if (n < 0)
        n = __vsnprintf_chk(s, maxlen, flag, slen, format, ap);
    va_end(ap);
    return n;
}

#else

void render_numbers_init(void)
{
}

int render_snprintf_known(char *s, size_t maxlen, const char *format, ...)
{
    (void)s, (void)maxlen, (void)format;
    return -1;
}

#endif
