/*
 * Internal: exact decimal arithmetic on 64-bit coefficients, for the
 * stages' fast paths over the result's columns (scoring.c, standings.c).
 *
 * A td_fx is coefficient c x 10^-s, not necessarily normalised (trailing
 * zeros allowed). Every operation is the value-for-value twin of the
 * td_decimal_* function of the same name: same value, same rounding. An
 * operation that cannot give its result in 64 bits returns false, and the
 * caller goes through the general code for that member, which gives the
 * same numbers (values are stored normalised, so equal values are equal
 * bytes) and the same errors. Nothing here allocates or reports.
 */
#ifndef THIDUA_LIB_CORE_FIXED_H
#define THIDUA_LIB_CORE_FIXED_H

#include <stdbool.h>
#include <stdint.h>

#include "decimal_internal.h"
#include "int128.h"
#include "model.h"

typedef struct td_fx {
    int64_t c;
    int s;
} td_fx;

/* |coefficient| bound of a td_fx: the negation and the doubling in the
 * operations below cannot overflow. */
#define TD_FX_MAX ((int64_t)1 << 62)

extern const int64_t td_fx_pow10[19];

static inline bool td_fx_ok(int64_t c)
{
    return c < TD_FX_MAX && c > -TD_FX_MAX;
}

/* Value m of a column, unless it is kept wide. */
static inline bool td_fx_get(const td_numcol *col, size_t m, td_fx *out)
{
    signed char s = col->scale[m];
    if (s == TD_NUMCOL_WIDE || !td_fx_ok(col->coef[m]))
        return false;
    out->c = col->coef[m];
    out->s = s;
    return true;
}

/* Member m's value in the cluster's column k: 1 with *out, 0 when absent,
 * -1 when the column keeps it otherwise (wide or spilled: read it with
 * td_cluster_vcol_value()). */
static inline int td_fx_vcol(const td_cluster *cl, size_t k, size_t m, td_fx *out)
{
    const td_vcol *col = &cl->vcols[k];
    if (m < col->len) {
        signed char s = col->scale[m];
        if (s >= 0 && td_fx_ok(col->coef[m])) {
            out->c = col->coef[m];
            out->s = s;
            return 1;
        }
        if (s != TD_VCOL_ABSENT)
            return -1;
    }
    return col->spilled > 0 ? -1 : 0;
}

/* A rulebook constant, unless its coefficient needs more than 62 bits. */
static inline bool td_fx_of(td_decimal d, td_fx *out)
{
    int64_t c;
    if (!td_decimal__to_int64(&c, d) || !td_fx_ok(c))
        return false;
    out->c = c;
    out->s = td_decimal_scale(d);
    return true;
}

static inline td_fx td_fx_int(int64_t c)
{
    td_fx x = {c, 0};
    return x;
}

/* x without trailing zeros, as td_decimal keeps every value. */
static inline td_fx td_fx_norm(td_fx x)
{
    if (x.c == 0) {
        x.s = 0;
        return x;
    }
    while (x.s > 0 && x.c % 10 == 0) {
        x.c /= 10;
        x.s--;
    }
    return x;
}

static inline td_decimal td_fx_decimal(td_fx x)
{
    x = td_fx_norm(x);
    return td_decimal__from_int64(x.c, x.s);
}

/* Stores x as value m of a column (normalised). */
static inline void td_fx_put(td_numcol *col, size_t m, td_fx x)
{
    x = td_fx_norm(x);
    col->coef[m] = x.c;
    col->scale[m] = (signed char)x.s;
}

/* x's coefficient at scale s >= x.s. */
static inline bool td_fx_at(td_fx x, int s, int64_t *out)
{
    int d = s - x.s;
    if (d > 18)
        return false;
    int64_t r;
    if (__builtin_mul_overflow(x.c, td_fx_pow10[d], &r) || !td_fx_ok(r))
        return false;
    *out = r;
    return true;
}

static inline bool td_fx_add(td_fx a, td_fx b, td_fx *out)
{
    int s = a.s > b.s ? a.s : b.s;
    int64_t ca, cb;
    if (!td_fx_at(a, s, &ca) || !td_fx_at(b, s, &cb))
        return false;
    out->c = ca + cb; /* both below 2^62: no overflow */
    out->s = s;
    return td_fx_ok(out->c);
}

static inline bool td_fx_sub(td_fx a, td_fx b, td_fx *out)
{
    b.c = -b.c;
    return td_fx_add(a, b, out);
}

static inline bool td_fx_mul(td_fx a, td_fx b, td_fx *out)
{
    int64_t r;
    if (__builtin_mul_overflow(a.c, b.c, &r) || !td_fx_ok(r) || a.s + b.s > TD_DECIMAL_MAX_SCALE)
        return false;
    out->c = r;
    out->s = a.s + b.s;
    return true;
}

/* As td_decimal_cmp(); always answers. */
static inline int td_fx_cmp(td_fx a, td_fx b)
{
    int d = a.s - b.s;
    if (d > 18 || d < -18)
        return td_decimal_cmp(td_decimal__from_int64(a.c, a.s), td_decimal__from_int64(b.c, b.s));
    /* |c| x 10^18 < 2^62 x 2^60: the products fit in 128 bits */
    td_i128 x = td_i128_of(a.c), y = td_i128_of(b.c);
    if (d < 0)
        x = td_i128_mul(x, td_i128_of(td_fx_pow10[-d]));
    else
        y = td_i128_mul(y, td_i128_of(td_fx_pow10[d]));
    return td_i128_cmp(x, y);
}

/* td_fx_cmp(x, 1) without the 128-bit products when x has 0..18 decimals. */
static inline int td_fx_cmp_one(td_fx x)
{
    if (x.s < 0 || x.s > 18)
        return td_fx_cmp(x, td_fx_int(1));
    int64_t one = td_fx_pow10[x.s];
    return (x.c > one) - (x.c < one);
}

static inline int td_fx_sign(td_fx a)
{
    return (a.c > 0) - (a.c < 0);
}

static inline td_fx td_fx_min(td_fx a, td_fx b)
{
    return td_fx_cmp(b, a) < 0 ? b : a;
}

static inline td_fx td_fx_max(td_fx a, td_fx b)
{
    return td_fx_cmp(b, a) > 0 ? b : a;
}

/* Whether quotient magnitude q with remainder r of a division by d moves
 * one unit away from zero under `mode` (as decimal.c). */
static inline bool td_fx_rounds_up(uint64_t r, uint64_t d, bool negative, td_rounding mode)
{
    if (r == 0)
        return false;
    switch (mode) {
    case TD_ROUNDING_HALF_UP: return r >= d - r;
    case TD_ROUNDING_FLOOR: return negative;
    case TD_ROUNDING_CEIL: return !negative;
    default: return false;
    }
}

/* n / d (d > 0) rounded to an integer by `mode`, as the coefficient of a
 * value with `places` decimals: false when it reaches 2^62. */
static inline bool td_fx_udiv(uint64_t n, uint64_t d, int places, td_rounding mode, td_fx *out)
{
    uint64_t q, r;
    if ((n | d) >> 32 == 0) { /* a 32-bit division is several times faster on many processors */
        q = (uint32_t)n / (uint32_t)d;
        r = (uint32_t)n % (uint32_t)d;
    } else {
        q = n / d;
        r = n % d;
    }
    q += td_fx_rounds_up(r, d, false, mode);
    if (q >= (uint64_t)TD_FX_MAX)
        return false;
    out->c = (int64_t)q;
    out->s = places;
    return true;
}

/* a / b rounded to `places` decimals (0..18) by `mode`, as td_decimal_div();
 * false for a zero divisor too (the general code reports it). */
static inline bool td_fx_div(td_fx a, td_fx b, int places, td_rounding mode, td_fx *out)
{
    /* q = |a| x 10^k / |b| when k >= 0, |a| / (|b| x 10^-k) when k < 0 */
    int k = places + b.s - a.s;
    if (b.c == 0 || k < -18 || k > 18 || places > 18)
        return false;
    uint64_t n64;
    if (a.c >= 0 && b.c > 0 && k >= 0 && !__builtin_mul_overflow((uint64_t)a.c, (uint64_t)td_fx_pow10[k], &n64))
        return td_fx_udiv(n64, (uint64_t)b.c, places, mode, out); /* the commonest case: 64 bits */
    bool negative = (a.c < 0) != (b.c < 0);
    uint64_t ma = a.c < 0 ? 0 - (uint64_t)a.c : (uint64_t)a.c;
    uint64_t mb = b.c < 0 ? 0 - (uint64_t)b.c : (uint64_t)b.c;
    /* both below 2^62 x 10^18 < 2^122 */
    td_u128 n = k >= 0 ? td_u128_mul64(ma, (uint64_t)td_fx_pow10[k]) : td_u128_of(ma);
    td_u128 d = k >= 0 ? td_u128_of(mb) : td_u128_mul64(mb, (uint64_t)td_fx_pow10[-k]);
    td_u128 q, r;
    if (td_u128_fits64(n) && td_u128_fits64(d)) {
        q = td_u128_of(td_u128_lo(n) / td_u128_lo(d));
        r = td_u128_of(td_u128_lo(n) % td_u128_lo(d));
    } else {
        q = td_u128_divmod(n, d, &r);
    }
    /* the rounding of td_fx_rounds_up(), on 128-bit remainders */
    if (!td_u128_is_zero(r) && (mode == TD_ROUNDING_HALF_UP   ? td_u128_cmp(r, td_u128_sub(d, r)) >= 0
                                : mode == TD_ROUNDING_FLOOR ? negative
                                : mode == TD_ROUNDING_CEIL  ? !negative
                                                            : false))
        q = td_u128_add(q, td_u128_of(1));
    if (td_u128_cmp(q, td_u128_of((uint64_t)TD_FX_MAX)) >= 0)
        return false;
    out->c = negative ? -(int64_t)td_u128_lo(q) : (int64_t)td_u128_lo(q);
    out->s = places;
    return true;
}

/* m / 10^e (e in 0..18) with its remainder: a division by each constant
 * apart, which compilers turn into a multiplication, instead of the
 * processor's division by a number read from a table. */
static inline uint64_t td_fx_div_pow10(uint64_t m, int e, uint64_t *rem)
{
    uint64_t q;
    switch (e) {
#define TD_FX_DIV_CASE(k, p)                                                                                         \
    case k: q = m / (p); break;
        TD_FX_DIV_CASE(0, 1u)
        TD_FX_DIV_CASE(1, 10u)
        TD_FX_DIV_CASE(2, 100u)
        TD_FX_DIV_CASE(3, 1000u)
        TD_FX_DIV_CASE(4, 10000u)
        TD_FX_DIV_CASE(5, 100000u)
        TD_FX_DIV_CASE(6, 1000000u)
        TD_FX_DIV_CASE(7, 10000000u)
        TD_FX_DIV_CASE(8, 100000000u)
        TD_FX_DIV_CASE(9, 1000000000u)
        TD_FX_DIV_CASE(10, 10000000000u)
        TD_FX_DIV_CASE(11, 100000000000u)
        TD_FX_DIV_CASE(12, 1000000000000u)
        TD_FX_DIV_CASE(13, 10000000000000u)
        TD_FX_DIV_CASE(14, 100000000000000u)
        TD_FX_DIV_CASE(15, 1000000000000000u)
        TD_FX_DIV_CASE(16, 10000000000000000u)
        TD_FX_DIV_CASE(17, 100000000000000000u)
        default: q = m / 1000000000000000000u; break;
#undef TD_FX_DIV_CASE
    }
    *rem = m - q * (uint64_t)td_fx_pow10[e];
    return q;
}

/* x rounded to `places` decimals (0..36) by `mode`, as td_decimal_round(). */
static inline bool td_fx_round(td_fx x, int places, td_rounding mode, td_fx *out)
{
    if (x.s <= places) {
        *out = x;
        return true;
    }
    int drop = x.s - places;
    if (drop > 18)
        return false;
    bool negative = x.c < 0;
    uint64_t m = negative ? 0 - (uint64_t)x.c : (uint64_t)x.c, p = (uint64_t)td_fx_pow10[drop], r;
    uint64_t q = td_fx_div_pow10(m, drop, &r);
    if (td_fx_rounds_up(r, p, negative, mode))
        q++;
    out->c = negative ? -(int64_t)q : (int64_t)q;
    out->s = places;
    return true;
}

#endif
