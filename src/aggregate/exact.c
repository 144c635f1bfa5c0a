#include "exact.h"

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

exact_frac exact_add(exact_frac a, exact_frac b)
{
    iop_wide g = gcd(a.den, b.den);
    exact_frac r;
    r.den = a.den / g * b.den;
    r.num = a.num * (b.den / g) + b.num * (a.den / g);
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
