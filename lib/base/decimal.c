/*
 * Exact decimals: a signed 128-bit coefficient times 10^-scale.
 *
 * Invariants of every value this file returns: |coefficient| < 10^38,
 * 0 <= scale <= TD_DECIMAL_MAX_SCALE, and no trailing zero in the fraction
 * (normalised), so that equal values have equal representations.
 */
#include <stdio.h>
#include <string.h>

#include "decimal_internal.h"
#include "error.h"
#include "util.h"
#include "thidua/decimal.h"

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

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
    return n < 20 ? (u128)pow10_64[n] : (u128)pow10_64[19] * pow10_64[n - 19];
}

#define LIMIT (pow10_u(TD_DECIMAL_MAX_DIGITS)) /* exclusive bound of |coefficient| */

static i128 coef(td_decimal d)
{
    return (i128)(((u128)(uint64_t)d.hi_ << 64) | (u128)d.lo_);
}

static td_decimal make_raw(i128 c, int scale)
{
    td_decimal d;
    u128 u = (u128)c;
    d.lo_ = (uint64_t)u;
    d.hi_ = (int64_t)(uint64_t)(u >> 64);
    d.scale_ = scale;
    return d;
}

static u128 mag(i128 c)
{
    return c < 0 ? (u128)0 - (u128)c : (u128)c;
}

/* Normalises c x 10^-scale; the caller guarantees |c| < 10^38 and a scale
 * in range, or passes a larger scale that stripping zeros may bring back. */
/* Strips trailing zeros of m while scale > 0; 128-bit division is slow, so
 * values that fit in 64 bits (nearly all) are divided in 64 bits. */
static u128 strip_zeros(u128 m, int *scale)
{
    if (m == 0)
        return 0;
    if (m <= UINT64_MAX) {
        uint64_t v = (uint64_t)m;
        while (*scale > 0 && v % 10 == 0) {
            v /= 10;
            (*scale)--;
        }
        return v;
    }
    while (*scale > 0 && m % 10 == 0) {
        m /= 10;
        (*scale)--;
    }
    return m;
}

static td_decimal make(i128 c, int scale)
{
    if (c == 0)
        return make_raw(0, 0);
    u128 m = strip_zeros(mag(c), &scale);
    return make_raw(c < 0 ? -(i128)m : (i128)m, scale);
}

/* Builds a value from a sign and a magnitude, failing when out of range. */
static td_status make_checked(td_decimal *out, bool negative, u128 m, int scale, td_error *err,
                              const char *what)
{
    m = strip_zeros(m, &scale);
    if (m >= LIMIT)
        return td_error_set(err, TD_ERANGE, "%s: the result has more than %d digits", what,
                            TD_DECIMAL_MAX_DIGITS);
    if (scale > TD_DECIMAL_MAX_SCALE)
        return td_error_set(err, TD_ERANGE, "%s: the result has more than %d decimals", what,
                            TD_DECIMAL_MAX_SCALE);
    *out = make_raw(negative ? -(i128)m : (i128)m, m == 0 ? 0 : scale);
    return TD_OK;
}

td_decimal td_decimal_zero(void)
{
    return make_raw(0, 0);
}

td_decimal td_decimal_from_int(int64_t value)
{
    return make((i128)value, 0);
}

td_status td_decimal_from_parts(td_decimal *out, int64_t units, int scale, td_error *err)
{
    if (out == NULL)
        return td_error_set(err, TD_EINVAL, "out is NULL");
    if (scale < 0 || scale > TD_DECIMAL_MAX_SCALE)
        return td_error_set(err, TD_ERANGE, "scale must be 0..%d, got %d", TD_DECIMAL_MAX_SCALE, scale);
    *out = make((i128)units, scale);
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
    u128 m = 0;
    int digits = 0;     /* significant digits kept in m */
    int64_t frac = 0;   /* fraction digits kept in m: leading zeros count, without bound */
    size_t int_digits = 0, frac_digits = 0;
    for (; i < len && text[i] >= '0' && text[i] <= '9'; i++, int_digits++) {
        if (m == 0 && text[i] == '0')
            continue;
        if (digits == TD_DECIMAL_MAX_DIGITS)
            return td_error_set(err, TD_ERANGE, "number has more than %d significant digits",
                                TD_DECIMAL_MAX_DIGITS);
        m = m * 10 + (u128)(text[i] - '0');
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
                if (m != 0 && digits == TD_DECIMAL_MAX_DIGITS)
                    return td_error_set(err, TD_ERANGE, "number has more than %d significant digits",
                                        TD_DECIMAL_MAX_DIGITS);
                if (m != 0)
                    digits++;
                m *= 10;
                frac++;
            }
            if (digits == TD_DECIMAL_MAX_DIGITS)
                return td_error_set(err, TD_ERANGE, "number has more than %d significant digits",
                                    TD_DECIMAL_MAX_DIGITS);
            m = m * 10 + (u128)(text[i] - '0');
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
    if (m == 0) {
        *out = td_decimal_zero();
        return TD_OK;
    }
    /* a positive exponent beyond the fraction multiplies the coefficient */
    while (scale < 0) {
        if (digits >= TD_DECIMAL_MAX_DIGITS)
            return td_error_set(err, TD_ERANGE, "number is beyond %d digits", TD_DECIMAL_MAX_DIGITS);
        m *= 10;
        digits++;
        scale++;
    }
    while (scale > 0 && m % 10 == 0) {
        m /= 10;
        scale--;
    }
    if (scale > TD_DECIMAL_MAX_SCALE)
        return td_error_set(err, TD_ERANGE, "number has more than %d decimals", TD_DECIMAL_MAX_SCALE);
    *out = make(negative ? -(i128)m : (i128)m, (int)scale);
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
    bool nonzero = m != 0;
    while (m > UINT64_MAX) {
        if (frac > 0 && k == frac)
            text[--at] = '.';
        text[--at] = (char)('0' + (int)(m % 10));
        m /= 10;
        k++;
    }
    uint64_t v = (uint64_t)m; /* the rest in 64 bits, which is much faster */
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
    return render(c < 0, mag(c), value.scale_, buf, size);
}

/* |c| x 10^-scale rounded by mode to `places` (places < scale), as a magnitude. */
static u128 round_mag(u128 m, bool negative, int drop, td_rounding mode)
{
    u128 p = pow10_u(drop), q, r;
    if (m <= UINT64_MAX && p <= UINT64_MAX) {
        q = (uint64_t)m / (uint64_t)p;
        r = (uint64_t)m % (uint64_t)p;
    } else {
        q = m / p;
        r = m % p;
    }
    if (r == 0)
        return q;
    bool up;
    switch (mode) {
    case TD_ROUNDING_HALF_UP: up = r >= p - r; break; /* 2r >= p without overflow */
    case TD_ROUNDING_FLOOR: up = negative; break;
    case TD_ROUNDING_CEIL: up = !negative; break;
    default: up = false; break;
    }
    return up ? q + 1 : q;
}

size_t td_decimal_format_fixed(char *buf, size_t size, td_decimal value, int places)
{
    if (places < 0)
        places = 0;
    if (places > TD_DECIMAL_MAX_SCALE)
        places = TD_DECIMAL_MAX_SCALE;
    i128 c = coef(value);
    bool negative = c < 0;
    u128 m = mag(c);
    int scale = value.scale_;
    if (scale > places) {
        m = round_mag(m, negative, scale - places, TD_ROUNDING_HALF_UP);
        scale = places;
    }
    /* pad to exactly `places` decimals; m x 10^(places-scale) may exceed 128
     * bits only for huge values with many places, so pad in text instead */
    char digits[TD_DECIMAL_STRING_SIZE + 40];
    size_t len = render(negative && m != 0, m, scale, digits, sizeof digits);
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
    u128 m = 0;
    int ndigits = 0;
    const char *p = text + negative;
    for (; *p != '\0' && *p != 'e'; p++)
        if (*p >= '0' && *p <= '9') {
            m = m * 10 + (u128)(*p - '0');
            ndigits++;
        }
    long e = 0;
    if (*p == 'e')
        sscanf(p + 1, "%ld", &e);
    long scale = (long)(ndigits - 1) - e;
    if (scale > TD_DECIMAL_MAX_SCALE) {
        long drop = scale - TD_DECIMAL_MAX_SCALE;
        m = drop > TD_DECIMAL_MAX_DIGITS ? 0 : round_mag(m, negative, (int)drop, TD_ROUNDING_HALF_UP);
        scale = TD_DECIMAL_MAX_SCALE;
    }
    for (; scale < 0; scale++)
        if (__builtin_mul_overflow(m, (u128)10, &m))
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
    if (value >= 1e38 || value <= -1e38)
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

double td_decimal_to_double(td_decimal value)
{
    static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                 1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    i128 c = coef(value);
    int scale = value.scale_;
    double d = (double)c;
    /* exact when |c| < 2^53 and scale <= 22: one correctly rounded division */
    while (scale > 22) {
        d /= 1e22;
        scale -= 22;
    }
    return d / p10[scale];
}

td_status td_decimal_to_int64(int64_t *out, td_decimal value, td_error *err)
{
    if (out == NULL)
        return td_error_set(err, TD_EINVAL, "out is NULL");
    i128 c = coef(value);
    if (value.scale_ == 0 && c <= (i128)INT64_MAX && c >= (i128)INT64_MIN) {
        *out = (int64_t)c;
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
    i128 p = (i128)pow10_u(diff);
    return !__builtin_mul_overflow(*low, p, low);
}

/* align() for 64-bit coefficients whose scales differ by at most 18:
 * |c| x 10^18 < 2^63 x 2^60, so nothing can overflow. */
static inline bool align_small(td_decimal a, td_decimal b, i128 *ca, i128 *cb, int *scale)
{
    int64_t a64, b64;
    int diff = a.scale_ - b.scale_;
    if (!small(a, &a64) || !small(b, &b64) || diff > 18 || diff < -18)
        return false;
    *ca = a64;
    *cb = b64;
    if (diff < 0) {
        *ca *= (i128)pow10_64[-diff];
        *scale = b.scale_;
    } else {
        *cb *= (i128)pow10_64[diff];
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
        cb = -cb;
    if (__builtin_add_overflow(ca, cb, &sum))
        return td_error_set(err, TD_ERANGE, "%s overflows", subtract ? "subtraction" : "addition");
    return make_checked(out, sum < 0, mag(sum), scale, err, subtract ? "subtraction" : "addition");
}

static td_status add_signed(td_decimal *out, td_decimal a, td_decimal b, bool subtract,
                            td_error *err)
{
    i128 ca, cb;
    int scale;
    if (out != NULL && align_small(a, b, &ca, &cb, &scale)) {
        /* |sum| < 2^124 < 10^38 at a scale one of the operands has */
        *out = make(subtract ? ca - cb : ca + cb, scale);
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
    if (__builtin_mul_overflow(mag(coef(a)), mag(coef(b)), &p))
        return td_error_set(err, TD_ERANGE, "multiplication overflows");
    bool negative = (coef(a) < 0) != (coef(b) < 0);
    return make_checked(out, negative, p, a.scale_ + b.scale_, err, "multiplication");
}

td_status td_decimal_mul(td_decimal *out, td_decimal a, td_decimal b, td_error *err)
{
    int64_t a64, b64;
    if (out != NULL && small(a, &a64) && small(b, &b64)) {
        /* |a64 x b64| < 2^126 < 10^38: only the scale can be out of range */
        u128 ma = (u128)(a64 < 0 ? -(uint64_t)a64 : (uint64_t)a64);
        u128 mb = (u128)(b64 < 0 ? -(uint64_t)b64 : (uint64_t)b64);
        return make_checked(out, (a64 < 0) != (b64 < 0), ma * mb, a.scale_ + b.scale_, err,
                            "multiplication");
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
    if (r == 0)
        return false;
    switch (mode) {
    case TD_ROUNDING_HALF_UP: return r >= mb - r;
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
    bool negative = (coef(a) < 0) != (coef(b) < 0);
    int k = places + b.scale_ - a.scale_;
    if (k < 0) {
        /* scale the divisor instead; mb x 10^-k may overflow only when the
         * quotient is 0 or tiny, which the long division handles */
        u128 p = pow10_u(-k > 38 ? 38 : -k);
        if (-k > 38 || __builtin_mul_overflow(mb, p, &mb)) {
            /* |a| < 10^38 <= |b| x 10^-k: the quotient is below 1 unit */
            u128 q = 0;
            bool up = false;
            if (mode == TD_ROUNDING_FLOOR)
                up = negative;
            else if (mode == TD_ROUNDING_CEIL)
                up = !negative;
            /* HALF_UP: ma / (mb x 10^-k) < 1/2 whenever it overflowed */
            q = up ? 1 : 0;
            return make_checked(out, negative, q, places, err, "division");
        }
        k = 0;
    }
    /* long division digit by digit: ma x 10^k / mb without forming ma x 10^k;
     * in 64 bits when the operands allow, as 128-bit division is slow */
    bool narrow = mb <= UINT64_MAX / 10; /* then 10 r < 2^64 too, as r < mb */
    u128 q, r;
    if (narrow && ma <= UINT64_MAX) {
        q = (uint64_t)ma / (uint64_t)mb;
        r = (uint64_t)ma % (uint64_t)mb;
    } else {
        q = ma / mb;
        r = ma % mb;
    }
    for (int i = 0; i < k; i++) {
        if (r == 0) {
            /* The quotient is exact: the digits left are zeros, which
             * normalisation would drop anyway, so they must not count
             * against the 38 digits (200 to 36 places is just 200). */
            int rest = k - i;
            if (rest <= places) {
                places -= rest;
            } else {
                u128 scaled;
                if (rest - places > TD_DECIMAL_MAX_DIGITS ||
                    __builtin_mul_overflow(q, pow10_u(rest - places), &scaled))
                    return td_error_set(err, TD_ERANGE,
                                        "division: the quotient has more than %d digits",
                                        TD_DECIMAL_MAX_DIGITS);
                q = scaled;
                places = 0;
            }
            break;
        }
        /* once q reaches 10^37 another digit takes it past 38 digits */
        if (q >= pow10_u(TD_DECIMAL_MAX_DIGITS - 1))
            return td_error_set(err, TD_ERANGE, "division: the quotient has more than %d digits",
                                TD_DECIMAL_MAX_DIGITS);
        if (narrow) {
            uint64_t r10 = (uint64_t)r * 10;
            q = q * 10 + r10 / (uint64_t)mb;
            r = r10 % (uint64_t)mb;
            continue;
        }
        u128 r10;
        if (__builtin_mul_overflow(r, (u128)10, &r10)) {
            /* r < mb < 10^38 but 10 r may pass 2^128: add r to itself ten
             * times modulo mb, counting the wraps, which are the digit */
            u128 digit = 0, rem = r;
            for (int t = 1; t < 10; t++) {
                u128 left = mb - rem;
                if (r >= left) {
                    rem = r - left;
                    digit++;
                } else {
                    rem += r;
                }
            }
            q = q * 10 + digit;
            r = rem;
            continue;
        }
        q = q * 10 + r10 / mb;
        r = r10 % mb;
    }
    if (rounds_up(r, mb, negative, mode))
        q++;
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
        u128 ma = (u128)(a64 < 0 ? 0 - (uint64_t)a64 : (uint64_t)a64);
        u128 mb = (u128)(b64 < 0 ? 0 - (uint64_t)b64 : (uint64_t)b64);
        u128 n = ma * pow10_64[k];
        if (n < pow10_u(TD_DECIMAL_MAX_DIGITS - 1)) {
            bool negative = (a64 < 0) != (b64 < 0);
            u128 q, r;
            if (n <= UINT64_MAX) {
                q = (uint64_t)n / (uint64_t)mb;
                r = (uint64_t)n % (uint64_t)mb;
            } else {
                q = n / mb;
                r = n % mb;
            }
            if (rounds_up(r, mb, negative, mode))
                q++;
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
    bool negative = c < 0;
    u128 m = mag(c);
    int drop = value.scale_ - places;
    if (drop > TD_DECIMAL_MAX_DIGITS) {
        /* every digit is dropped: the result is 0 or one unit of 10^-places */
        u128 q = 0;
        if (m != 0 && ((mode == TD_ROUNDING_FLOOR && negative) || (mode == TD_ROUNDING_CEIL && !negative)))
            q = 1;
        m = q;
    } else {
        m = round_mag(m, negative, drop, mode);
    }
    if (places >= 0)
        return make_checked(out, negative, m, places, err, "rounding");
    /* negative places: scale back up to units */
    u128 p = pow10_u(-places), r;
    if (__builtin_mul_overflow(m, p, &r))
        return td_error_set(err, TD_ERANGE, "rounding overflows");
    return make_checked(out, negative, r, 0, err, "rounding");
}

int td_decimal__cmp_general(td_decimal a, td_decimal b)
{
    i128 ca = coef(a), cb = coef(b);
    if ((ca < 0) != (cb < 0) || ca == 0 || cb == 0) {
        int sa = ca < 0 ? -1 : ca > 0, sb = cb < 0 ? -1 : cb > 0;
        return (sa > sb) - (sa < sb);
    }
    int scale;
    if (align(a, b, &ca, &cb, &scale))
        return (ca > cb) - (ca < cb);
    /* the operand with the smaller scale overflowed when rescaled: its
     * magnitude is the larger one */
    bool a_bigger = a.scale_ < b.scale_;
    int sign = coef(a) < 0 ? -1 : 1;
    return a_bigger ? sign : -sign;
}

int td_decimal_cmp(td_decimal a, td_decimal b)
{
    i128 ca, cb;
    int scale;
    if (align_small(a, b, &ca, &cb, &scale))
        return (ca > cb) - (ca < cb);
    return td_decimal__cmp_general(a, b);
}

bool td_decimal__to_decimal128(unsigned char out[16], td_decimal value, int scale)
{
    if (scale < value.scale_ || scale > TD_DECIMAL_MAX_SCALE)
        return false;
    i128 scaled;
    if (__builtin_mul_overflow(coef(value), (i128)pow10_u(scale - value.scale_), &scaled) ||
        mag(scaled) >= LIMIT)
        return false;
    u128 bits = (u128)scaled;
    for (int i = 0; i < 16; i++)
        out[i] = (unsigned char)(bits >> (8 * i));
    return true;
}

bool td_decimal__from_decimal128(td_decimal *out, const unsigned char in[16], int scale)
{
    u128 bits = 0;
    for (int i = 0; i < 16; i++)
        bits |= (u128)in[i] << (8 * i);
    i128 c = (i128)bits;
    if (scale < 0 || scale > TD_DECIMAL_MAX_SCALE || mag(c) >= LIMIT)
        return false;
    *out = make(c, scale);
    return true;
}

int td_decimal_sign(td_decimal value)
{
    i128 c = coef(value);
    return (c > 0) - (c < 0);
}

bool td_decimal_is_zero(td_decimal value)
{
    return coef(value) == 0;
}

bool td_decimal_is_integer(td_decimal value)
{
    return value.scale_ == 0;
}

td_decimal td_decimal_neg(td_decimal value)
{
    return make_raw(-coef(value), value.scale_);
}

td_decimal td_decimal_abs(td_decimal value)
{
    i128 c = coef(value);
    return c < 0 ? make_raw(-c, value.scale_) : value;
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
