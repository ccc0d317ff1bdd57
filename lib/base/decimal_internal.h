/*
 * Internal: what decimal.c offers the floors above and the tests beyond
 * the public API. Not installed.
 *
 * The general paths of the arithmetic, exact for every value: the public
 * td_decimal_* functions take a fast path for 64-bit coefficients and
 * fall back on these; the tests check that both give identical results.
 */
#ifndef THIDUA_LIB_DECIMAL_INTERNAL_H
#define THIDUA_LIB_DECIMAL_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "thidua/decimal.h"

/* a + b, or a - b when `subtract`. */
td_status td_decimal__add_general(td_decimal *out, td_decimal a, td_decimal b, bool subtract,
                                  td_error *err);
td_status td_decimal__mul_general(td_decimal *out, td_decimal a, td_decimal b, td_error *err);
td_status td_decimal__div_general(td_decimal *out, td_decimal a, td_decimal b, int places,
                                  td_rounding mode, td_error *err);
int td_decimal__cmp_general(td_decimal a, td_decimal b);

/* Arrow's decimal128 at `scale` (>= the value's own): the coefficient
 * value x 10^scale as 16 bytes of little-endian two's complement. false
 * when it would have more than 38 digits or scale is out of range. */
bool td_decimal__to_decimal128(unsigned char out[16], td_decimal value, int scale);

/* The value of Arrow decimal128 bytes at `scale`, normalised. false when
 * |coefficient| >= 10^38 or scale is outside [0, TD_DECIMAL_MAX_SCALE]. */
bool td_decimal__from_decimal128(td_decimal *out, const unsigned char in[16], int scale);

/* The coefficient of `value` when it fits in 64 bits, and then its scale
 * gives the value back through td_decimal__from_int64(). */
static inline bool td_decimal__to_int64(int64_t *coef, td_decimal value)
{
    int64_t c = (int64_t)value.lo_;
    if (value.hi_ != (c < 0 ? -1 : 0))
        return false;
    *coef = c;
    return true;
}

/* The value of a 64-bit coefficient and a scale that td_decimal__to_int64()
 * and td_decimal_scale() gave (normalised already). */
static inline td_decimal td_decimal__from_int64(int64_t coef, int scale)
{
    td_decimal d;
    d.lo_ = (uint64_t)coef;
    d.hi_ = coef < 0 ? -1 : 0;
    d.scale_ = scale;
    return d;
}

#endif
