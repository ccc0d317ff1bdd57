/*
 * Exact decimals: a signed 128-bit coefficient times 10^-scale.
 *
 * Invariants of every value this file returns: |coefficient| < 10^38,
 * 0 <= scale <= TD_DECIMAL_MAX_SCALE, and no trailing zero in the fraction
 * (normalised), so that equal values have equal representations.
 */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal_internal.h"
#include "error.h"
#include "int128.h"
#include "util.h"
#include "thidua/decimal.h"

/* The compiler's __int128 where it has one, else pairs of 64-bit words
 * (int128.h): the same bits either way, so the same results on every
 * word size. */
typedef td_i128 i128;
typedef td_u128 u128;

#define U(v) td_u128_of(v)

static inline bool u_lt(u128 a, u128 b)
{
    return td_u128_cmp(a, b) < 0;
}

/* m x 10 + digit, which the callers know to fit */
static inline u128 u_times10_plus(u128 m, uint64_t digit)
{
    return td_u128_add(td_u128_mul(m, U(10)), U(digit));
}

/* 10 m, or false when it passes 2^128 - 1 */
static inline bool u_times10(u128 *m)
{
    return !td_u128_mul_overflow(*m, U(10), m);
}

static const uint64_t pow10_64[20] = {1u,
                                      10u,
                                      100u,
                                      1000u,
                                      10000u,
                                      100000u,
                                      1000000u,
                                      10000000u,
                                      100000000u,
                                      1000000000u,
                                      10000000000u,
                                      100000000000u,
                                      1000000000000u,
                                      10000000000000u,
                                      100000000000000u,
                                      1000000000000000u,
                                      10000000000000000u,
                                      100000000000000000u,
                                      1000000000000000000u,
                                      10000000000000000000u};

/* 10^0 .. 10^38, from a table: it sits on every path of the arithmetic. */
static u128 pow10_u(int n)
{
    return n < 20 ? U(pow10_64[n]) : td_u128_mul64(pow10_64[19], pow10_64[n - 19]);
}

#define LIMIT (pow10_u(TD_DECIMAL_MAX_DIGITS)) /* exclusive bound of |coefficient| */

static i128 coef(td_decimal d)
{
    return td_i128_from_bits(td_u128_make((uint64_t)d.hi_, d.lo_));
}

static td_decimal make_raw(i128 c, int scale)
{
    td_decimal d;
    u128 u = td_i128_bits(c);
    d.lo_ = td_u128_lo(u);
    d.hi_ = (int64_t)td_u128_hi(u);
    d.scale_ = scale;
    return d;
}

static u128 mag(i128 c)
{
    return td_i128_mag(c);
}

/* -m when negative, else m (m <= 2^127) */
static i128 signed_of(bool negative, u128 m)
{
    i128 c = td_i128_from_bits(m);
    return negative ? td_i128_neg(c) : c;
}

static bool is_neg(i128 c)
{
    return td_i128_is_neg(c);
}

/* Normalises c x 10^-scale; the caller guarantees |c| < 10^38 and a scale
 * in range, or passes a larger scale that stripping zeros may bring back. */
/* Strips trailing zeros of m while scale > 0; 128-bit division is slow, so
 * values that fit in 64 bits (nearly all) are divided in 64 bits. */
static u128 strip_zeros(u128 m, int *scale)
{
    if (td_u128_is_zero(m))
        return m;
    if (td_u128_fits64(m)) {
        uint64_t v = td_u128_lo(m);
        while (*scale > 0 && v % 10 == 0) {
            v /= 10;
            (*scale)--;
        }
        return U(v);
    }
    while (*scale > 0) {
        u128 r, q = td_u128_divmod(m, U(10), &r);
        if (!td_u128_is_zero(r))
            break;
        m = q;
        (*scale)--;
    }
    return m;
}

static td_decimal make(i128 c, int scale)
{
    if (td_i128_sign(c) == 0)
        return make_raw(td_i128_of(0), 0);
    u128 m = strip_zeros(mag(c), &scale);
    return make_raw(signed_of(is_neg(c), m), scale);
}

/* Builds a value from a sign and a magnitude, failing when out of range. */
static td_status make_checked(td_decimal *out, bool negative, u128 m, int scale, td_error *err,
                              const char *what)
{
    m = strip_zeros(m, &scale);
    if (!u_lt(m, LIMIT))
        return td_error_set(err, TD_ERANGE, "%s: the result has more than %d digits", what,
                            TD_DECIMAL_MAX_DIGITS);
    if (scale > TD_DECIMAL_MAX_SCALE)
        return td_error_set(err, TD_ERANGE, "%s: the result has more than %d decimals", what,
                            TD_DECIMAL_MAX_SCALE);
    *out = make_raw(signed_of(negative, m), td_u128_is_zero(m) ? 0 : scale);
    return TD_OK;
}

td_decimal td_decimal_zero(void)
{
    return make_raw(td_i128_of(0), 0);
}

td_decimal td_decimal_from_int(int64_t value)
{
    return make(td_i128_of(value), 0);
}

td_status td_decimal_from_parts(td_decimal *out, int64_t units, int scale, td_error *err)
{
    if (out == NULL)
        return td_error_set(err, TD_EINVAL, "out is NULL");
    if (scale < 0 || scale > TD_DECIMAL_MAX_SCALE)
        return td_error_set(err, TD_ERANGE, "scale must be 0..%d, got %d", TD_DECIMAL_MAX_SCALE, scale);
    *out = make(td_i128_of(units), scale);
    return TD_OK;
}

/* ---- parsing ---- */

static td_status parse_error(td_error *err, const char *text, size_t len, size_t at,
                             const char *why)
{
    /* The text may be any bytes (a CSV cell, say): at most 40 bytes of it,
     * escaped as every message is (td_escape: "\x00", "\x1b", "\u{202e}"). */
    char shown[48];
    size_t used;
    td_escape(shown, 41, text, len, &used);
    return td_error_set(err, TD_EPARSE, "'%s%s' is not a number: %s at column %zu", shown,
                        used < len ? "..." : "", why, at + 1);
}

td_status td_decimal_parse_n(td_decimal *out, const char *text, size_t len, td_error *err)
{
    if (out == NULL || text == NULL)
        return td_error_set(err, TD_EINVAL, "%s is NULL", out == NULL ? "out" : "text");
    if (len == 0)
        return td_error_set(err, TD_EPARSE, "'' is not a number: the text is empty");
    size_t i = 0;
    bool negative = false;
    if (text[i] == '+' || text[i] == '-') {
        negative = text[i] == '-';
        i++;
    }
    u128 m = U(0);
    int digits = 0;     /* significant digits kept in m */
    int64_t frac = 0;   /* fraction digits kept in m: leading zeros count, without bound */
    size_t int_digits = 0, frac_digits = 0;
    for (; i < len && text[i] >= '0' && text[i] <= '9'; i++, int_digits++) {
        if (td_u128_is_zero(m) && text[i] == '0')
            continue;
        if (digits == TD_DECIMAL_MAX_DIGITS)
            return td_error_set(err, TD_ERANGE, "number has more than %d significant digits",
                                TD_DECIMAL_MAX_DIGITS);
        m = u_times10_plus(m, (uint64_t)(text[i] - '0'));
        digits++;
    }
    if (i < len && text[i] == '.') {
        i++;
        /* trailing zeros of the fraction are not significant: count them and
         * only add them to m when a non-zero digit follows */
        int64_t pending_zeros = 0;
        for (; i < len && text[i] >= '0' && text[i] <= '9'; i++, frac_digits++) {
            if (text[i] == '0') {
                pending_zeros++;
                continue;
            }
            for (; pending_zeros > 0; pending_zeros--) {
                if (!td_u128_is_zero(m) && digits == TD_DECIMAL_MAX_DIGITS)
                    return td_error_set(err, TD_ERANGE, "number has more than %d significant digits",
                                        TD_DECIMAL_MAX_DIGITS);
                if (!td_u128_is_zero(m))
                    digits++;
                m = td_u128_mul(m, U(10));
                frac++;
            }
            if (digits == TD_DECIMAL_MAX_DIGITS)
                return td_error_set(err, TD_ERANGE, "number has more than %d significant digits",
                                    TD_DECIMAL_MAX_DIGITS);
            m = u_times10_plus(m, (uint64_t)(text[i] - '0'));
            digits++;
            frac++;
        }
    }
    if (int_digits == 0 && frac_digits == 0)
        return parse_error(err, text, len, i < len ? i : len - 1,
                           i < len ? "unexpected character" : "no digits");
    int64_t exponent = 0;
    if (i < len && (text[i] == 'e' || text[i] == 'E')) {
        size_t e_at = i++;
        bool eneg = false;
        if (i < len && (text[i] == '+' || text[i] == '-')) {
            eneg = text[i] == '-';
            i++;
        }
        if (i >= len || text[i] < '0' || text[i] > '9')
            return parse_error(err, text, len, i < len ? i : e_at, "the exponent has no digits");
        for (; i < len && text[i] >= '0' && text[i] <= '9'; i++)
            if (exponent < 100000)
                exponent = exponent * 10 + (text[i] - '0');
        if (eneg)
            exponent = -exponent;
    }
    if (i < len)
        return parse_error(err, text, len, i, "unexpected character");
    int64_t scale = frac - exponent;
    if (td_u128_is_zero(m)) {
        *out = td_decimal_zero();
        return TD_OK;
    }
    /* a positive exponent beyond the fraction multiplies the coefficient */
    while (scale < 0) {
        if (digits >= TD_DECIMAL_MAX_DIGITS)
            return td_error_set(err, TD_ERANGE, "number is beyond %d digits", TD_DECIMAL_MAX_DIGITS);
        m = td_u128_mul(m, U(10));
        digits++;
        scale++;
    }
    while (scale > 0) {
        u128 r, q = td_u128_divmod(m, U(10), &r);
        if (!td_u128_is_zero(r))
            break;
        m = q;
        scale--;
    }
    if (scale > TD_DECIMAL_MAX_SCALE)
        return td_error_set(err, TD_ERANGE, "number has more than %d decimals", TD_DECIMAL_MAX_SCALE);
    *out = make(signed_of(negative, m), (int)scale);
    return TD_OK;
}

td_status td_decimal_parse(td_decimal *out, const char *text, td_error *err)
{
    if (text == NULL)
        return td_error_set(err, TD_EINVAL, "text is NULL");
    return td_decimal_parse_n(out, text, strlen(text), err);
}

/* ---- formatting ---- */

/* Copies the len bytes of text into buf (size bytes, may be NULL with size
 * 0), cut to fit and NUL-terminated; returns len, as snprintf does. */
static size_t copy_out(char *buf, size_t size, const char *text, size_t len)
{
    if (buf != NULL && size > 0) {
        size_t copy = len < size - 1 ? len : size - 1;
        memcpy(buf, text, copy);
        buf[copy] = '\0';
    }
    return len;
}

/* Writes m x 10^-scale as text. The scale of a value, or the places of
 * td_decimal_format_fixed(), is 0..TD_DECIMAL_MAX_SCALE; the bound is
 * enforced here so that every length below is provably in range. */
static size_t render(bool negative, u128 m, int scale, char *buf, size_t size)
{
    size_t frac = scale <= 0 ? 0 : scale > TD_DECIMAL_MAX_SCALE ? TD_DECIMAL_MAX_SCALE : (size_t)scale;
    /* written backwards from the end: the fraction digits (zeros in front
     * when m has fewer), the point, at least one integer digit, the sign;
     * sign, up to 39 integer digits, point, TD_DECIMAL_MAX_SCALE fraction
     * digits fit in TD_DECIMAL_STRING_SIZE */
    char text[TD_DECIMAL_STRING_SIZE];
    size_t at = sizeof text, k = 0;
    bool nonzero = !td_u128_is_zero(m);
    while (!td_u128_fits64(m)) {
        if (frac > 0 && k == frac)
            text[--at] = '.';
        u128 r;
        m = td_u128_divmod(m, U(10), &r);
        text[--at] = (char)('0' + (int)td_u128_lo(r));
        k++;
    }
    uint64_t v = td_u128_lo(m); /* the rest in 64 bits, which is much faster */
    do {
        if (frac > 0 && k == frac)
            text[--at] = '.';
        text[--at] = (char)('0' + (int)(v % 10));
        v /= 10;
        k++;
    } while (v != 0 || k <= frac);
    if (negative && nonzero)
        text[--at] = '-';
    return copy_out(buf, size, text + at, sizeof text - at);
}

size_t td_decimal_format(char *buf, size_t size, td_decimal value)
{
    i128 c = coef(value);
    return render(is_neg(c), mag(c), value.scale_, buf, size);
}

/* |c| x 10^-scale rounded by mode to `places` (places < scale), as a magnitude. */
static u128 round_mag(u128 m, bool negative, int drop, td_rounding mode)
{
    u128 p = pow10_u(drop), q, r;
    if (td_u128_fits64(m) && td_u128_fits64(p)) {
        q = U(td_u128_lo(m) / td_u128_lo(p));
        r = U(td_u128_lo(m) % td_u128_lo(p));
    } else {
        q = td_u128_divmod(m, p, &r);
    }
    if (td_u128_is_zero(r))
        return q;
    bool up;
    switch (mode) {
    case TD_ROUNDING_HALF_UP: up = !u_lt(r, td_u128_sub(p, r)); break; /* 2r >= p without overflow */
    case TD_ROUNDING_FLOOR: up = negative; break;
    case TD_ROUNDING_CEIL: up = !negative; break;
    default: up = false; break;
    }
    return up ? td_u128_add(q, U(1)) : q;
}

size_t td_decimal_format_fixed(char *buf, size_t size, td_decimal value, int places)
{
    if (places < 0)
        places = 0;
    if (places > TD_DECIMAL_MAX_SCALE)
        places = TD_DECIMAL_MAX_SCALE;
    i128 c = coef(value);
    bool negative = is_neg(c);
    u128 m = mag(c);
    int scale = value.scale_;
    if (scale > places) {
        m = round_mag(m, negative, scale - places, TD_ROUNDING_HALF_UP);
        scale = places;
    }
    /* pad to exactly `places` decimals; m x 10^(places-scale) may exceed 128
     * bits only for huge values with many places, so pad in text instead */
    char digits[TD_DECIMAL_STRING_SIZE + 40];
    size_t len = render(negative && !td_u128_is_zero(m), m, scale, digits, sizeof digits);
    if (places > scale) {
        if (scale == 0)
            digits[len++] = '.';
        for (int i = scale; i < places; i++)
            digits[len++] = '0';
        digits[len] = '\0';
    }
    return copy_out(buf, size, digits, len);
}

/* ---- doubles ---- */

/* The decimal whose digits are `text` ("d.ddde±x" as printf's %e writes it,
 * whatever the locale's decimal point), rounded half away from zero to
 * TD_DECIMAL_MAX_SCALE decimals when it has more (tiny values). */
static td_status from_scientific(td_decimal *out, const char *text, td_error *err)
{
    bool negative = *text == '-';
    u128 m = U(0);
    int ndigits = 0;
    const char *p = text + negative;
    for (; *p != '\0' && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9') {
            m = u_times10_plus(m, (uint64_t)(*p - '0'));
            ndigits++;
        }
    long e = 0;
    if (*p == 'e')
        sscanf(p + 1, "%ld", &e);
    long scale = (long)(ndigits - 1) - e;
    if (scale > TD_DECIMAL_MAX_SCALE) {
        long drop = scale - TD_DECIMAL_MAX_SCALE;
        m = drop > TD_DECIMAL_MAX_DIGITS ? U(0) : round_mag(m, negative, (int)drop, TD_ROUNDING_HALF_UP);
        scale = TD_DECIMAL_MAX_SCALE;
    }
    for (; scale < 0; scale++)
        if (!u_times10(&m))
            return td_error_set(err, TD_ERANGE, "%s is beyond the decimal range", text);
    return make_checked(out, negative, m, (int)scale, err, "conversion");
}

td_status td_decimal_from_double(td_decimal *out, double value, td_error *err)
{
    if (out == NULL)
        return td_error_set(err, TD_EINVAL, "out is NULL");
    if (value != value || value - value != 0)
        return td_error_set(err, TD_ERANGE, "%s is not a finite number",
                            value != value ? "NaN" : "infinity");
    /* the bound as a double: where doubles are evaluated in a wider format
     * (FLT_EVAL_METHOD 2: i386's x87) the bare constant 1e38 keeps that
     * format's value, which is not the double's */
    const double range = 1e38;
    if (value >= range || value <= -range)
        return td_error_set(err, TD_ERANGE, "%g is beyond the decimal range", value);
    /* the shortest of 15, 16 or 17 significant digits that reads back as value */
    td_decimal d = td_decimal_zero();
    for (int digits = 15; digits <= 17; digits++) {
        char text[64];
        snprintf(text, sizeof text, "%.*e", digits - 1, value);
        td_status rc = from_scientific(&d, text, err);
        if (rc != TD_OK)
            return rc;
        if (td_decimal_to_double(d) == value)
            break;
    }
    *out = d;
    return TD_OK;
}

/* The double nearest to the value, ties to even, on every platform: a
 * chain of floating-point operations would round more than once (and the
 * x87 of i386 rounds even one division twice, to its 64-bit format and
 * then to the double's 53 bits), so the value goes through strtod(), which
 * rounds correctly (glibc, musl, the BSDs). The text is the coefficient
 * and an exponent, with no decimal point that the locale could change.
 * Where doubles are evaluated as doubles (FLT_EVAL_METHOD 0), a value whose
 * coefficient and power of ten are exact doubles is one division, which
 * IEEE 754 rounds correctly: the same double, faster. */
double td_decimal_to_double(td_decimal value)
{
    i128 c = coef(value);
    int scale = value.scale_;
#if FLT_EVAL_METHOD == 0
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    int64_t c64;
    const int64_t exact = (int64_t)1 << 53;
    if (scale <= 22 && td_decimal__to_int64(&c64, value) && c64 < exact && c64 > -exact)
        return (double)c64 / p10[scale];
#endif
    char text[TD_DECIMAL_STRING_SIZE + 8];
    size_t len = render(is_neg(c), mag(c), 0, text, sizeof text);
    if (scale > 0)
        snprintf(text + len, sizeof text - len, "E-%d", scale);
    return strtod(text, NULL);
}

td_status td_decimal_to_int64(int64_t *out, td_decimal value, td_error *err)
{
    if (out == NULL)
        return td_error_set(err, TD_EINVAL, "out is NULL");
    i128 c = coef(value);
    if (value.scale_ == 0 && td_i128_cmp(c, td_i128_of(INT64_MAX)) <= 0 &&
        td_i128_cmp(c, td_i128_of(INT64_MIN)) >= 0) {
        *out = (int64_t)value.lo_;
        return TD_OK;
    }
    char text[TD_DECIMAL_STRING_SIZE];
    td_decimal_format(text, sizeof text, value);
    return td_error_set(err, TD_ERANGE, value.scale_ != 0 ? "%s is not a whole number"
                                                          : "%s does not fit in a 64-bit integer",
                        text);
}

/* ---- arithmetic ---- */

/*
 * Each operation has a general path, exact for every value, and a fast
 * path for the common case of coefficients that fit in 64 bits, where the
 * bounds are known beforehand and the overflow checks (128-bit multiplies
 * with overflow detection, digit-by-digit division) can be skipped. Both
 * give identical results; tests/core/test_decimal_paths.c compares them on
 * random and boundary values through the td_decimal__*_general entry
 * points of decimal_internal.h.
 */

/* The coefficient as an int64 when it fits (INT64_MIN excluded, so that
 * its magnitude fits too). */
static inline bool small(td_decimal d, int64_t *c)
{
    int64_t v = (int64_t)d.lo_;
    *c = v;
    return d.hi_ == (v < 0 ? -1 : 0) && v != INT64_MIN;
}

/* Brings a and b to the larger scale; fails when a coefficient overflows. */
static bool align(td_decimal a, td_decimal b, i128 *ca, i128 *cb, int *scale)
{
    *ca = coef(a);
    *cb = coef(b);
    *scale = a.scale_ > b.scale_ ? a.scale_ : b.scale_;
    i128 *low = a.scale_ < b.scale_ ? ca : cb;
    int diff = a.scale_ < b.scale_ ? b.scale_ - a.scale_ : a.scale_ - b.scale_;
    i128 p = td_i128_from_bits(pow10_u(diff));
    return !td_i128_mul_overflow(*low, p, low);
}

/* align() for 64-bit coefficients whose scales differ by at most 18:
 * |c| x 10^18 < 2^63 x 2^60, so nothing can overflow. */
static inline bool align_small(td_decimal a, td_decimal b, i128 *ca, i128 *cb, int *scale)
{
    int64_t a64, b64;
    int diff = a.scale_ - b.scale_;
    if (!small(a, &a64) || !small(b, &b64) || diff > 18 || diff < -18)
        return false;
    *ca = td_i128_of(a64);
    *cb = td_i128_of(b64);
    if (diff < 0) {
        *ca = td_i128_mul(*ca, td_i128_of((int64_t)pow10_64[-diff]));
        *scale = b.scale_;
    } else {
        *cb = td_i128_mul(*cb, td_i128_of((int64_t)pow10_64[diff]));
        *scale = a.scale_;
    }
    return true;
}

td_status td_decimal__add_general(td_decimal *out, td_decimal a, td_decimal b, bool subtract,
                                  td_error *err)
{
    if (out == NULL)
        return td_error_set(err, TD_EINVAL, "out is NULL");
    i128 ca, cb, sum;
    int scale;
    if (!align(a, b, &ca, &cb, &scale))
        return td_error_set(err, TD_ERANGE, "%s overflows", subtract ? "subtraction" : "addition");
    if (subtract)
        cb = td_i128_neg(cb);
    if (td_i128_add_overflow(ca, cb, &sum))
        return td_error_set(err, TD_ERANGE, "%s overflows", subtract ? "subtraction" : "addition");
    return make_checked(out, is_neg(sum), mag(sum), scale, err, subtract ? "subtraction" : "addition");
}

static td_status add_signed(td_decimal *out, td_decimal a, td_decimal b, bool subtract,
                            td_error *err)
{
    i128 ca, cb;
    int scale;
    if (out != NULL && align_small(a, b, &ca, &cb, &scale)) {
        /* |sum| < 2^124 < 10^38 at a scale one of the operands has */
        *out = make(subtract ? td_i128_sub(ca, cb) : td_i128_add(ca, cb), scale);
        return TD_OK;
    }
    return td_decimal__add_general(out, a, b, subtract, err);
}

td_status td_decimal_add(td_decimal *out, td_decimal a, td_decimal b, td_error *err)
{
    return add_signed(out, a, b, false, err);
}

td_status td_decimal_sub(td_decimal *out, td_decimal a, td_decimal b, td_error *err)
{
    return add_signed(out, a, b, true, err);
}

td_status td_decimal__mul_general(td_decimal *out, td_decimal a, td_decimal b, td_error *err)
{
    if (out == NULL)
        return td_error_set(err, TD_EINVAL, "out is NULL");
    u128 p;
    if (td_u128_mul_overflow(mag(coef(a)), mag(coef(b)), &p))
        return td_error_set(err, TD_ERANGE, "multiplication overflows");
    bool negative = is_neg(coef(a)) != is_neg(coef(b));
    return make_checked(out, negative, p, a.scale_ + b.scale_, err, "multiplication");
}

td_status td_decimal_mul(td_decimal *out, td_decimal a, td_decimal b, td_error *err)
{
    int64_t a64, b64;
    if (out != NULL && small(a, &a64) && small(b, &b64)) {
        /* |a64 x b64| < 2^126 < 10^38: only the scale can be out of range */
        uint64_t ma = a64 < 0 ? -(uint64_t)a64 : (uint64_t)a64;
        uint64_t mb = b64 < 0 ? -(uint64_t)b64 : (uint64_t)b64;
        return make_checked(out, (a64 < 0) != (b64 < 0), td_u128_mul64(ma, mb), a.scale_ + b.scale_,
                            err, "multiplication");
    }
    return td_decimal__mul_general(out, a, b, err);
}

static td_status check_div(td_decimal *out, td_decimal b, int places, td_rounding mode, td_error *err)
{
    if (out == NULL)
        return td_error_set(err, TD_EINVAL, "out is NULL");
    if (mode < TD_ROUNDING_HALF_UP || mode > TD_ROUNDING_DOWN)
        return td_error_set(err, TD_EINVAL, "unknown rounding mode %d", (int)mode);
    if (places < 0 || places > TD_DECIMAL_MAX_SCALE)
        return td_error_set(err, TD_ERANGE, "decimals must be 0..%d, got %d", TD_DECIMAL_MAX_SCALE,
                            places);
    if (td_decimal_is_zero(b))
        return td_error_set(err, TD_EEVAL, "division by zero");
    return TD_OK;
}

/* Whether a quotient q with remainder r of a division by mb moves up one
 * unit under `mode`. */
static bool rounds_up(u128 r, u128 mb, bool negative, td_rounding mode)
{
    if (td_u128_is_zero(r))
        return false;
    switch (mode) {
    case TD_ROUNDING_HALF_UP: return !u_lt(r, td_u128_sub(mb, r));
    case TD_ROUNDING_FLOOR: return negative;
    case TD_ROUNDING_CEIL: return !negative;
    default: return false;
    }
}

td_status td_decimal__div_general(td_decimal *out, td_decimal a, td_decimal b, int places,
                                  td_rounding mode, td_error *err)
{
    td_status rc = check_div(out, b, places, mode, err);
    if (rc != TD_OK)
        return rc;
    if (td_decimal_is_zero(a)) {
        *out = td_decimal_zero();
        return TD_OK;
    }
    /* q = (ma x 10^-sa) / (mb x 10^-sb) x 10^places = ma x 10^(places + sb - sa) / mb */
    u128 ma = mag(coef(a)), mb = mag(coef(b));
    bool negative = is_neg(coef(a)) != is_neg(coef(b));
    int k = places + b.scale_ - a.scale_;
    if (k < 0) {
        /* scale the divisor instead; mb x 10^-k may overflow only when the
         * quotient is 0 or tiny, which the long division handles */
        u128 p = pow10_u(-k > 38 ? 38 : -k);
        if (-k > 38 || td_u128_mul_overflow(mb, p, &mb)) {
            /* |a| < 10^38 <= |b| x 10^-k: the quotient is below 1 unit */
            bool up = false;
            if (mode == TD_ROUNDING_FLOOR)
                up = negative;
            else if (mode == TD_ROUNDING_CEIL)
                up = !negative;
            /* HALF_UP: ma / (mb x 10^-k) < 1/2 whenever it overflowed */
            return make_checked(out, negative, U(up ? 1 : 0), places, err, "division");
        }
        k = 0;
    }
    /* long division digit by digit: ma x 10^k / mb without forming ma x 10^k;
     * in 64 bits when the operands allow, as 128-bit division is slow */
    bool narrow = !u_lt(U(UINT64_MAX / 10), mb); /* then 10 r < 2^64 too, as r < mb */
    u128 q, r;
    if (narrow && td_u128_fits64(ma)) {
        q = U(td_u128_lo(ma) / td_u128_lo(mb));
        r = U(td_u128_lo(ma) % td_u128_lo(mb));
    } else {
        q = td_u128_divmod(ma, mb, &r);
    }
    for (int i = 0; i < k; i++) {
        if (td_u128_is_zero(r)) {
            /* The quotient is exact: the digits left are zeros, which
             * normalisation would drop anyway, so they must not count
             * against the 38 digits (200 to 36 places is just 200). */
            int rest = k - i;
            if (rest <= places) {
                places -= rest;
            } else {
                u128 scaled;
                if (rest - places > TD_DECIMAL_MAX_DIGITS ||
                    td_u128_mul_overflow(q, pow10_u(rest - places), &scaled))
                    return td_error_set(err, TD_ERANGE,
                                        "division: the quotient has more than %d digits",
                                        TD_DECIMAL_MAX_DIGITS);
                q = scaled;
                places = 0;
            }
            break;
        }
        /* once q reaches 10^37 another digit takes it past 38 digits */
        if (!u_lt(q, pow10_u(TD_DECIMAL_MAX_DIGITS - 1)))
            return td_error_set(err, TD_ERANGE, "division: the quotient has more than %d digits",
                                TD_DECIMAL_MAX_DIGITS);
        if (narrow) {
            uint64_t r10 = td_u128_lo(r) * 10;
            q = u_times10_plus(q, r10 / td_u128_lo(mb));
            r = U(r10 % td_u128_lo(mb));
            continue;
        }
        u128 r10 = r;
        if (!u_times10(&r10)) {
            /* r < mb < 10^38 but 10 r may pass 2^128: add r to itself ten
             * times modulo mb, counting the wraps, which are the digit */
            uint64_t digit = 0;
            u128 rem = r;
            for (int t = 1; t < 10; t++) {
                u128 left = td_u128_sub(mb, rem);
                if (!u_lt(r, left)) {
                    rem = td_u128_sub(r, left);
                    digit++;
                } else {
                    rem = td_u128_add(rem, r);
                }
            }
            q = u_times10_plus(q, digit);
            r = rem;
            continue;
        }
        u128 d = td_u128_divmod(r10, mb, &r);
        q = u_times10_plus(q, td_u128_lo(d));
    }
    if (rounds_up(r, mb, negative, mode))
        q = td_u128_add(q, U(1));
    return make_checked(out, negative, q, places, err, "division");
}

td_status td_decimal_div(td_decimal *out, td_decimal a, td_decimal b, int places, td_rounding mode,
                         td_error *err)
{
    int64_t a64, b64;
    int k = places + b.scale_ - a.scale_;
    if (out != NULL && places >= 0 && places <= TD_DECIMAL_MAX_SCALE && mode >= TD_ROUNDING_HALF_UP &&
        mode <= TD_ROUNDING_DOWN && k >= 0 && k <= 19 && small(a, &a64) && small(b, &b64) && b64 != 0) {
        /* q = |a| x 10^k / |b| in one division: |a| x 10^k < 2^63 x 2^64
         * fits in 128 bits; below 10^37 the quotient has fewer digits
         * than the limit, so the general path's checks cannot fire */
        uint64_t ma = a64 < 0 ? 0 - (uint64_t)a64 : (uint64_t)a64;
        uint64_t mb = b64 < 0 ? 0 - (uint64_t)b64 : (uint64_t)b64;
        u128 n = td_u128_mul64(ma, pow10_64[k]);
        if (u_lt(n, pow10_u(TD_DECIMAL_MAX_DIGITS - 1))) {
            bool negative = (a64 < 0) != (b64 < 0);
            u128 q, r;
            if (td_u128_fits64(n)) {
                q = U(td_u128_lo(n) / mb);
                r = U(td_u128_lo(n) % mb);
            } else {
                q = td_u128_divmod(n, U(mb), &r);
            }
            if (rounds_up(r, U(mb), negative, mode))
                q = td_u128_add(q, U(1));
            return make_checked(out, negative, q, places, err, "division");
        }
    }
    return td_decimal__div_general(out, a, b, places, mode, err);
}


td_status td_decimal_round(td_decimal *out, td_decimal value, int places, td_rounding mode,
                           td_error *err)
{
    if (out == NULL)
        return td_error_set(err, TD_EINVAL, "out is NULL");
    if (mode < TD_ROUNDING_HALF_UP || mode > TD_ROUNDING_DOWN)
        return td_error_set(err, TD_EINVAL, "unknown rounding mode %d", (int)mode);
    if (places < -TD_DECIMAL_MAX_DIGITS || places > TD_DECIMAL_MAX_SCALE)
        return td_error_set(err, TD_ERANGE, "decimals must be %d..%d, got %d", -TD_DECIMAL_MAX_DIGITS,
                            TD_DECIMAL_MAX_SCALE, places);
    if (value.scale_ <= places) {
        *out = value;
        return TD_OK;
    }
    i128 c = coef(value);
    bool negative = is_neg(c);
    u128 m = mag(c);
    int drop = value.scale_ - places;
    if (drop > TD_DECIMAL_MAX_DIGITS) {
        /* every digit is dropped: the result is 0 or one unit of 10^-places */
        bool unit = !td_u128_is_zero(m) &&
                    ((mode == TD_ROUNDING_FLOOR && negative) || (mode == TD_ROUNDING_CEIL && !negative));
        m = U(unit ? 1 : 0);
    } else {
        m = round_mag(m, negative, drop, mode);
    }
    if (places >= 0)
        return make_checked(out, negative, m, places, err, "rounding");
    /* negative places: scale back up to units */
    u128 p = pow10_u(-places), r;
    if (td_u128_mul_overflow(m, p, &r))
        return td_error_set(err, TD_ERANGE, "rounding overflows");
    return make_checked(out, negative, r, 0, err, "rounding");
}

int td_decimal__cmp_general(td_decimal a, td_decimal b)
{
    i128 ca = coef(a), cb = coef(b);
    int sa = td_i128_sign(ca), sb = td_i128_sign(cb);
    if (sa != sb || sa == 0)
        return (sa > sb) - (sa < sb);
    int scale;
    if (align(a, b, &ca, &cb, &scale))
        return td_i128_cmp(ca, cb);
    /* the operand with the smaller scale overflowed when rescaled: its
     * magnitude is the larger one */
    bool a_bigger = a.scale_ < b.scale_;
    int sign = is_neg(coef(a)) ? -1 : 1;
    return a_bigger ? sign : -sign;
}

int td_decimal_cmp(td_decimal a, td_decimal b)
{
    i128 ca, cb;
    int scale;
    if (align_small(a, b, &ca, &cb, &scale))
        return td_i128_cmp(ca, cb);
    return td_decimal__cmp_general(a, b);
}

bool td_decimal__to_decimal128(unsigned char out[16], td_decimal value, int scale)
{
    if (scale < value.scale_ || scale > TD_DECIMAL_MAX_SCALE)
        return false;
    i128 scaled;
    if (td_i128_mul_overflow(coef(value), td_i128_from_bits(pow10_u(scale - value.scale_)), &scaled) ||
        !u_lt(mag(scaled), LIMIT))
        return false;
    u128 bits = td_i128_bits(scaled);
    uint64_t lo = td_u128_lo(bits), hi = td_u128_hi(bits);
    for (int i = 0; i < 8; i++) {
        out[i] = (unsigned char)(lo >> (8 * i));
        out[8 + i] = (unsigned char)(hi >> (8 * i));
    }
    return true;
}

bool td_decimal__from_decimal128(td_decimal *out, const unsigned char in[16], int scale)
{
    uint64_t lo = 0, hi = 0;
    for (int i = 0; i < 8; i++) {
        lo |= (uint64_t)in[i] << (8 * i);
        hi |= (uint64_t)in[8 + i] << (8 * i);
    }
    i128 c = td_i128_from_bits(td_u128_make(hi, lo));
    if (scale < 0 || scale > TD_DECIMAL_MAX_SCALE || !u_lt(mag(c), LIMIT))
        return false;
    *out = make(c, scale);
    return true;
}

int td_decimal_sign(td_decimal value)
{
    return td_i128_sign(coef(value));
}

bool td_decimal_is_zero(td_decimal value)
{
    return td_i128_sign(coef(value)) == 0;
}

bool td_decimal_is_integer(td_decimal value)
{
    return value.scale_ == 0;
}

td_decimal td_decimal_neg(td_decimal value)
{
    return make_raw(td_i128_neg(coef(value)), value.scale_);
}

td_decimal td_decimal_abs(td_decimal value)
{
    i128 c = coef(value);
    return is_neg(c) ? make_raw(td_i128_neg(c), value.scale_) : value;
}

td_decimal td_decimal_min(td_decimal a, td_decimal b)
{
    return td_decimal_cmp(b, a) < 0 ? b : a;
}

td_decimal td_decimal_max(td_decimal a, td_decimal b)
{
    return td_decimal_cmp(b, a) > 0 ? b : a;
}

int td_decimal_scale(td_decimal value)
{
    return value.scale_;
}
