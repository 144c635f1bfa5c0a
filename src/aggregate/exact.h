/* Private: exact fractions of öre, so that pro-rating never drifts and only
 * the final figure is rounded. 128-bit: a sum of terms over different span
 * lengths has a denominator that is their least common multiple. */
#ifndef IOP_AGGREGATE_EXACT_H
#define IOP_AGGREGATE_EXACT_H

#include <stdint.h>

__extension__ typedef __int128 iop_wide;

typedef struct exact_frac {
    iop_wide num;
    iop_wide den; /* > 0 */
} exact_frac;

exact_frac exact_zero(void);
exact_frac exact_make(int64_t num, int64_t den);
exact_frac exact_add(exact_frac a, exact_frac b);
/* round(a / unit), half away from zero; unit 1 for öre, 100 for kronor */
int64_t exact_round(exact_frac a, int64_t unit);

#endif
