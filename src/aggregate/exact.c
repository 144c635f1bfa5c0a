#include "exact.h"

#include <stdlib.h>

static iop_wide wide_abs(iop_wide v)
{
    return v < 0 ? -v : v;
}

static iop_wide gcd(iop_wide a, iop_wide b)
{
    a = wide_abs(a);
    b = wide_abs(b);
    while (b) {
        iop_wide t = a % b;
        a = b;
        b = t;
    }
    return a ? a : 1;
}

exact_frac exact_zero(void)
{
    exact_frac z = {0, 1};
    return z;
}

exact_frac exact_make(int64_t num, int64_t den)
{
    exact_frac f = {num, den};
    if (f.den < 0) {
        f.num = -f.num;
        f.den = -f.den;
    }
    iop_wide g = gcd(f.num, f.den);
    f.num /= g;
    f.den /= g;
    return f;
}

/* num/den as a multiple of 1/FINE, rounded: the fallback when a sum's
 * denominator would overflow (many lump sums over different spans). */
#define FINE ((iop_wide)1000000000)

static exact_frac coarsen(exact_frac a)
{
    iop_wide q = a.num / a.den, r = a.num % a.den;
    long double fine = (long double)r / (long double)a.den * (long double)FINE; /* |fine| < FINE */
    exact_frac f = {q * FINE + (iop_wide)(fine + (fine < 0 ? -0.5L : 0.5L)), FINE};
    return f;
}

exact_frac exact_add(exact_frac a, exact_frac b)
{
    iop_wide g = gcd(a.den, b.den);
    exact_frac r;
    iop_wide x, y;
    if (__builtin_mul_overflow(a.den / g, b.den, &r.den) ||
        __builtin_mul_overflow(a.num, b.den / g, &x) ||
        __builtin_mul_overflow(b.num, a.den / g, &y) || __builtin_add_overflow(x, y, &r.num)) {
        if (a.den == FINE && b.den == FINE)
            abort(); /* amounts beyond 10^20 kronor: the loader caps them long before */
        return exact_add(coarsen(a), coarsen(b));
    }
    g = gcd(r.num, r.den);
    r.num /= g;
    r.den /= g;
    return r;
}

int64_t exact_round(exact_frac a, int64_t unit)
{
    iop_wide den = a.den * unit;
    iop_wide q = a.num / den;
    iop_wide r = a.num % den; /* same sign as num (C truncates) */
    if (wide_abs(r) * 2 >= den)
        q += a.num < 0 ? -1 : 1;
    return (int64_t)q;
}
