/*
 * Internal: 128-bit integers for the decimal arithmetic, on every target.
 *
 * td_u128 (unsigned) and td_i128 (signed, two's complement), with the
 * operations td_u128_*() and td_i128_*(), are the compiler's __int128
 * where it has one (64-bit targets of gcc and clang) and otherwise pairs
 * of 64-bit words, td_w128 and td_wi128 with td_w128_*() and td_wi128_*()
 * (i386, 32-bit ARM, ...: gcc has no __int128 there). Each operation gives
 * the same bits in both forms, wrapping modulo 2^128 where the native
 * operator wraps and reporting overflow where __builtin_*_overflow does;
 * tests/core/test_int128.c compares the two forms on a 64-bit machine and
 * checks the word pairs against Python's integers everywhere. Define
 * TD_INT128_PORTABLE to use the word pairs on a target that has __int128.
 * (The word pairs have names of their own so that no function is defined
 * twice, at two places, under one name: gcovr refuses that.)
 *
 * Values are passed and returned by value; nothing here allocates. A
 * divisor must not be zero, as for the operator.
 */
#ifndef THIDUA_LIB_INT128_H
#define THIDUA_LIB_INT128_H

#include <stdbool.h>
#include <stdint.h>

/* The word pairs, on every target: the form of 32-bit targets, and on
 * 64-bit ones what tests/core/test_int128.c compares with __int128. */
typedef struct td_w128 {
    uint64_t lo, hi;
} td_w128;

/* The bits of a signed value as two's complement, in the same words. */
typedef struct td_wi128 {
    uint64_t lo, hi;
} td_wi128;

static inline td_w128 td_w128_make(uint64_t hi, uint64_t lo)
{
    td_w128 r = {lo, hi};
    return r;
}
static inline td_w128 td_w128_of(uint64_t v) { return td_w128_make(0, v); }
static inline uint64_t td_w128_lo(td_w128 a) { return a.lo; }
static inline uint64_t td_w128_hi(td_w128 a) { return a.hi; }
static inline int td_w128_cmp(td_w128 a, td_w128 b)
{
    if (a.hi != b.hi)
        return a.hi > b.hi ? 1 : -1;
    return (a.lo > b.lo) - (a.lo < b.lo);
}
static inline td_w128 td_w128_add(td_w128 a, td_w128 b)
{
    uint64_t lo = a.lo + b.lo;
    return td_w128_make(a.hi + b.hi + (lo < a.lo), lo);
}
static inline td_w128 td_w128_sub(td_w128 a, td_w128 b)
{
    return td_w128_make(a.hi - b.hi - (a.lo < b.lo), a.lo - b.lo);
}

/* The whole product of two 64-bit words, from four 32 x 32-bit products. */
static inline td_w128 td_w128_mul64(uint64_t a, uint64_t b)
{
    uint64_t a0 = (uint32_t)a, a1 = a >> 32, b0 = (uint32_t)b, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (uint32_t)p01 + (uint32_t)p10; /* < 3 x 2^32 */
    return td_w128_make(p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32), mid << 32 | (uint32_t)p00);
}

static inline td_w128 td_w128_mul(td_w128 a, td_w128 b)
{
    td_w128 p = td_w128_mul64(a.lo, b.lo);
    p.hi += a.lo * b.hi + a.hi * b.lo; /* the cross terms modulo 2^64 */
    return p;
}

static inline bool td_w128_mul_overflow(td_w128 a, td_w128 b, td_w128 *out)
{
    *out = td_w128_mul(a, b);
    if (a.hi != 0 && b.hi != 0)
        return true;
    /* at most one cross term; it must fit in 64 bits, and so must its sum
     * with the high word of the low product */
    td_w128 cross = a.hi != 0 ? td_w128_mul64(a.hi, b.lo) : td_w128_mul64(a.lo, b.hi);
    if (cross.hi != 0)
        return true;
    uint64_t high = td_w128_mul64(a.lo, b.lo).hi;
    return high + cross.lo < high;
}

/* Leading zero bits of a non-zero value. */
static inline int td_w128__clz(td_w128 a)
{
    return a.hi != 0 ? __builtin_clzll(a.hi) : 64 + __builtin_clzll(a.lo);
}

static inline td_w128 td_w128__shl(td_w128 a, int n) /* 0 <= n < 128 */
{
    if (n == 0)
        return a;
    if (n >= 64)
        return td_w128_make(a.lo << (n - 64), 0);
    return td_w128_make(a.hi << n | a.lo >> (64 - n), a.lo << n);
}

/* Quotient and remainder (b != 0): in 64 bits when both fit, otherwise
 * bit by bit from the quotient's highest possible bit. */
static inline td_w128 td_w128_divmod(td_w128 a, td_w128 b, td_w128 *rem)
{
    if (a.hi == 0 && b.hi == 0) {
        *rem = td_w128_of(a.lo % b.lo);
        return td_w128_of(a.lo / b.lo);
    }
    td_w128 q = td_w128_of(0);
    if (td_w128_cmp(a, b) < 0) {
        *rem = a;
        return q;
    }
    int shift = td_w128__clz(b) - td_w128__clz(a);
    td_w128 d = td_w128__shl(b, shift);
    for (int i = shift; i >= 0; i--) {
        q = td_w128__shl(q, 1);
        if (td_w128_cmp(a, d) >= 0) {
            a = td_w128_sub(a, d);
            q.lo |= 1;
        }
        d = td_w128_make(d.hi >> 1, d.lo >> 1 | d.hi << 63);
    }
    *rem = a;
    return q;
}

/* Rounded to nearest, ties to even, as the compiler converts __int128:
 * the top 64 bits with a sticky bit for the rest round exactly like the
 * whole value, and the scaling by a power of two is exact. */
static inline double td_w128_to_double(td_w128 a)
{
    if (a.hi == 0)
        return (double)a.lo;
    int n = __builtin_clzll(a.hi);
    uint64_t top = n == 0 ? a.hi : a.hi << n | a.lo >> (64 - n);
    uint64_t rest = n == 0 ? a.lo : a.lo << n;
    double d = (double)(top | (rest != 0));
    return d * (double)((uint64_t)1 << (63 - n)) * 2.0; /* x 2^(64 - n) */
}

static inline td_wi128 td_wi128_from_bits(td_w128 bits)
{
    td_wi128 r = {bits.lo, bits.hi};
    return r;
}
static inline td_w128 td_wi128_bits(td_wi128 a) { return td_w128_make(a.hi, a.lo); }
static inline td_wi128 td_wi128_of(int64_t v)
{
    return td_wi128_from_bits(td_w128_make(v < 0 ? UINT64_MAX : 0, (uint64_t)v));
}
static inline bool td_wi128_is_neg(td_wi128 a) { return a.hi >> 63 != 0; }
static inline int td_wi128_cmp(td_wi128 a, td_wi128 b)
{
    if (a.hi != b.hi)
        return (a.hi ^ (uint64_t)1 << 63) > (b.hi ^ (uint64_t)1 << 63) ? 1 : -1; /* sign bit flipped */
    return (a.lo > b.lo) - (a.lo < b.lo);
}
static inline td_wi128 td_wi128_add(td_wi128 a, td_wi128 b)
{
    return td_wi128_from_bits(td_w128_add(td_wi128_bits(a), td_wi128_bits(b)));
}
static inline td_wi128 td_wi128_sub(td_wi128 a, td_wi128 b)
{
    return td_wi128_from_bits(td_w128_sub(td_wi128_bits(a), td_wi128_bits(b)));
}
/* Two's complement multiplication is the unsigned one modulo 2^128. */
static inline td_wi128 td_wi128_mul(td_wi128 a, td_wi128 b)
{
    return td_wi128_from_bits(td_w128_mul(td_wi128_bits(a), td_wi128_bits(b)));
}
static inline bool td_wi128_add_overflow(td_wi128 a, td_wi128 b, td_wi128 *out)
{
    *out = td_wi128_add(a, b);
    return td_wi128_is_neg(a) == td_wi128_is_neg(b) && td_wi128_is_neg(*out) != td_wi128_is_neg(a);
}
static inline bool td_wi128_mul_overflow(td_wi128 a, td_wi128 b, td_wi128 *out)
{
    *out = td_wi128_mul(a, b);
    bool negative = td_wi128_is_neg(a) != td_wi128_is_neg(b);
    td_w128 zero = td_w128_of(0), ma = td_wi128_bits(a), mb = td_wi128_bits(b), p;
    if (td_wi128_is_neg(a))
        ma = td_w128_sub(zero, ma);
    if (td_wi128_is_neg(b))
        mb = td_w128_sub(zero, mb);
    if (td_w128_mul_overflow(ma, mb, &p))
        return true;
    /* the magnitude may reach 2^127 for a negative product, 2^127 - 1 otherwise */
    td_w128 bound = td_w128_make((uint64_t)1 << 63, 0);
    if (td_w128_cmp(p, zero) == 0)
        return false;
    return negative ? td_w128_cmp(p, bound) > 0 : td_w128_cmp(p, bound) >= 0;
}
static inline double td_wi128_to_double(td_wi128 a)
{
    if (!td_wi128_is_neg(a))
        return td_w128_to_double(td_wi128_bits(a));
    return -td_w128_to_double(td_w128_sub(td_w128_of(0), td_wi128_bits(a)));
}
/* A negative value's magnitude (2^127 for the smallest). */
static inline td_w128 td_wi128_mag(td_wi128 a)
{
    return td_wi128_is_neg(a) ? td_w128_sub(td_w128_of(0), td_wi128_bits(a)) : td_wi128_bits(a);
}
static inline td_wi128 td_wi128_neg(td_wi128 a)
{
    return td_wi128_from_bits(td_w128_sub(td_w128_of(0), td_wi128_bits(a)));
}
static inline int td_wi128_sign(td_wi128 a)
{
    if (td_wi128_is_neg(a))
        return -1;
    return (a.lo | a.hi) != 0;
}
static inline bool td_w128_is_zero(td_w128 a) { return (a.lo | a.hi) == 0; }
static inline bool td_w128_fits64(td_w128 a) { return a.hi == 0; } /* a <= UINT64_MAX */

#if defined(__SIZEOF_INT128__) && !defined(TD_INT128_PORTABLE)

#define TD_INT128_NATIVE 1

__extension__ typedef unsigned __int128 td_u128;
__extension__ typedef __int128 td_i128;

static inline td_u128 td_u128_of(uint64_t v) { return v; }
static inline td_u128 td_u128_make(uint64_t hi, uint64_t lo) { return (td_u128)hi << 64 | lo; }
static inline uint64_t td_u128_lo(td_u128 a) { return (uint64_t)a; }
static inline uint64_t td_u128_hi(td_u128 a) { return (uint64_t)(a >> 64); }
static inline int td_u128_cmp(td_u128 a, td_u128 b) { return (a > b) - (a < b); }
static inline td_u128 td_u128_add(td_u128 a, td_u128 b) { return a + b; }
static inline td_u128 td_u128_sub(td_u128 a, td_u128 b) { return a - b; }
static inline td_u128 td_u128_mul(td_u128 a, td_u128 b) { return a * b; }
static inline td_u128 td_u128_mul64(uint64_t a, uint64_t b) { return (td_u128)a * b; }
static inline bool td_u128_mul_overflow(td_u128 a, td_u128 b, td_u128 *out)
{
    return __builtin_mul_overflow(a, b, out);
}
static inline td_u128 td_u128_divmod(td_u128 a, td_u128 b, td_u128 *rem)
{
    *rem = a % b;
    return a / b;
}
static inline double td_u128_to_double(td_u128 a) { return (double)a; }

static inline td_i128 td_i128_of(int64_t v) { return v; }
static inline td_i128 td_i128_from_bits(td_u128 bits) { return (td_i128)bits; }
static inline td_u128 td_i128_bits(td_i128 a) { return (td_u128)a; }
static inline bool td_i128_is_neg(td_i128 a) { return a < 0; }
static inline int td_i128_cmp(td_i128 a, td_i128 b) { return (a > b) - (a < b); }
static inline td_i128 td_i128_add(td_i128 a, td_i128 b) { return (td_i128)((td_u128)a + (td_u128)b); }
static inline td_i128 td_i128_sub(td_i128 a, td_i128 b) { return (td_i128)((td_u128)a - (td_u128)b); }
static inline td_i128 td_i128_mul(td_i128 a, td_i128 b) { return (td_i128)((td_u128)a * (td_u128)b); }
static inline bool td_i128_add_overflow(td_i128 a, td_i128 b, td_i128 *out)
{
    return __builtin_add_overflow(a, b, out);
}
static inline bool td_i128_mul_overflow(td_i128 a, td_i128 b, td_i128 *out)
{
    return __builtin_mul_overflow(a, b, out);
}
static inline double td_i128_to_double(td_i128 a) { return (double)a; }
static inline td_u128 td_i128_mag(td_i128 a) { return a < 0 ? (td_u128)0 - (td_u128)a : (td_u128)a; }
static inline td_i128 td_i128_neg(td_i128 a) { return (td_i128)((td_u128)0 - (td_u128)a); }
static inline int td_i128_sign(td_i128 a) { return (a > 0) - (a < 0); }
static inline bool td_u128_is_zero(td_u128 a) { return a == 0; }
static inline bool td_u128_fits64(td_u128 a) { return a >> 64 == 0; }


#else

/* No __int128: the word pairs under the common names. */
typedef td_w128 td_u128;
typedef td_wi128 td_i128;
#define td_u128_add td_w128_add
#define td_u128_cmp td_w128_cmp
#define td_u128_divmod td_w128_divmod
#define td_u128_hi td_w128_hi
#define td_u128_lo td_w128_lo
#define td_u128_make td_w128_make
#define td_u128_mul td_w128_mul
#define td_u128_mul64 td_w128_mul64
#define td_u128_mul_overflow td_w128_mul_overflow
#define td_u128_of td_w128_of
#define td_u128_sub td_w128_sub
#define td_u128_to_double td_w128_to_double
#define td_i128_add td_wi128_add
#define td_i128_add_overflow td_wi128_add_overflow
#define td_i128_bits td_wi128_bits
#define td_i128_cmp td_wi128_cmp
#define td_i128_from_bits td_wi128_from_bits
#define td_i128_is_neg td_wi128_is_neg
#define td_i128_mul td_wi128_mul
#define td_i128_mul_overflow td_wi128_mul_overflow
#define td_i128_of td_wi128_of
#define td_i128_sub td_wi128_sub
#define td_i128_to_double td_wi128_to_double
#define td_i128_mag td_wi128_mag
#define td_i128_neg td_wi128_neg
#define td_i128_sign td_wi128_sign
#define td_u128_is_zero td_w128_is_zero
#define td_u128_fits64 td_w128_fits64

#endif

#endif
