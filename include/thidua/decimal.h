/*
 * thidua/decimal.h — exact decimal numbers.
 *
 * Every number that reaches a score, a rank or a decision is a td_decimal: a
 * signed integer coefficient of at most 38 digits times a power of ten
 * 10^-scale, 0 <= scale <= TD_DECIMAL_MAX_SCALE. Arithmetic is exact; the
 * only rounding is the explicit one of td_decimal_div() and
 * td_decimal_round(), and it is the same on every platform. Values are kept
 * normalised (no trailing zeros in the fraction), so "3.50" and "3.5" are
 * the same value with the same representation.
 *
 * td_decimal is a small value type: copy it freely. Its fields are private;
 * use the functions below. All functions are pure and thread-safe.
 */
#ifndef THIDUA_DECIMAL_H
#define THIDUA_DECIMAL_H

#include <stdbool.h>
#include <stdint.h>

#include "thidua/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The largest number of fraction digits a value may have. */
#define TD_DECIMAL_MAX_SCALE 36
/** The most significant digits a value may have. */
#define TD_DECIMAL_MAX_DIGITS 38
/**
 * A buffer of this size holds the text of any td_decimal (sign, 38 digits,
 * point, leading zeros of a small fraction, NUL).
 */
#define TD_DECIMAL_STRING_SIZE 80

/** An exact decimal value. The fields are private. */
typedef struct td_decimal {
    uint64_t lo_;   /**< private: low 64 bits of the two's complement coefficient */
    int64_t hi_;    /**< private: high 64 bits of the coefficient */
    int32_t scale_; /**< private: value = coefficient x 10^-scale */
} td_decimal;

/** How td_decimal_round() and td_decimal_div() treat the dropped digits. */
typedef enum td_rounding {
    TD_ROUNDING_HALF_UP = 0, /**< half away from zero: 2.5 -> 3, -2.5 -> -3 (the contract's rule) */
    TD_ROUNDING_FLOOR = 1,   /**< towards minus infinity */
    TD_ROUNDING_CEIL = 2,    /**< towards plus infinity */
    TD_ROUNDING_DOWN = 3     /**< towards zero (truncation) */
} td_rounding;

/* The names of 0.1.0, before the enum prefixes were aligned, kept for source
 * compatibility; define TD_NO_DEPRECATED_NAMES to hide them. */
#if !defined(TD_NO_DEPRECATED_NAMES) && !defined(SWIG)
#define TD_ROUND_HALF_UP TD_ROUNDING_HALF_UP
#define TD_ROUND_FLOOR   TD_ROUNDING_FLOOR
#define TD_ROUND_CEIL    TD_ROUNDING_CEIL
#define TD_ROUND_DOWN    TD_ROUNDING_DOWN
#endif

/** The value zero. */
TD_EXTERN td_decimal td_decimal_zero(void);

/** The integer `value`, exactly. */
TD_EXTERN td_decimal td_decimal_from_int(int64_t value);

/**
 * `units` x 10^-scale, e.g. (1055, 2) is 10.55. Fails with TD_ERANGE when
 * scale is outside [0, TD_DECIMAL_MAX_SCALE].
 */
TD_EXTERN td_status td_decimal_from_parts(td_decimal *out, int64_t units, int scale, td_error *err);

/**
 * Parses NUL-terminated text: an optional sign, digits with an optional
 * fraction (".5", "5." and "5.0" are accepted), and an optional exponent
 * ("1e3", "2.5E-2"). No spaces, no thousands separators, no "%", no
 * "NaN"/"inf".
 *
 * Errors: TD_EINVAL (NULL), TD_EPARSE (not a number; the message quotes the
 * text, at most its first 40 bytes, with control characters, invisible
 * characters and bytes that are not UTF-8 escaped as every message is
 * ("\x1b", "\u{202e}"), and names the column of the first bad
 * character), TD_ERANGE (more
 * than TD_DECIMAL_MAX_DIGITS significant digits or a scale beyond
 * TD_DECIMAL_MAX_SCALE). `*out` is written only on success.
 */
TD_EXTERN td_status td_decimal_parse(td_decimal *out, const char *text, td_error *err);

/** As td_decimal_parse(), on the `len` bytes at `text` (no NUL needed). */
TD_EXTERN td_status td_decimal_parse_n(td_decimal *out, const char *text, size_t len, td_error *err);

/**
 * Writes the shortest exact text of `value` ("10", "-0.5", "1.058824"; never
 * an exponent) into buf, NUL-terminated and truncated to `size` bytes.
 * Returns the length of the full text (excluding the NUL), as snprintf
 * does; it is always below TD_DECIMAL_STRING_SIZE.
 */
TD_EXTERN size_t td_decimal_format(char *buf, size_t size, td_decimal value);

/**
 * Writes `value` rounded half away from zero to exactly `places` fraction
 * digits (0 <= places <= TD_DECIMAL_MAX_SCALE; larger values are clamped),
 * e.g. 10 with places 2 gives "10.00". Returns the length as
 * td_decimal_format() does.
 */
TD_EXTERN size_t td_decimal_format_fixed(char *buf, size_t size, td_decimal value, int places);

/**
 * The exact decimal nearest to `value` that reads back as the same double:
 * the shortest of 15, 16 or 17 significant digits that round-trips
 * (0.1 gives 0.1, not 0.1000000000000000055...). This is the edge where
 * binary floating point enters; use text or integers where exactness matters.
 * Errors: TD_ERANGE for NaN, infinities and values beyond the decimal range.
 */
TD_EXTERN td_status td_decimal_from_double(td_decimal *out, double value, td_error *err);

/**
 * The nearest double to `value`, ties to even: the same double on every
 * platform, whatever precision it evaluates doubles in (for display and
 * plotting only).
 */
TD_EXTERN double td_decimal_to_double(td_decimal value);

/**
 * The value as an integer. Errors: TD_ERANGE when it has a fraction or does
 * not fit in int64_t.
 */
TD_EXTERN td_status td_decimal_to_int64(int64_t *out, td_decimal value, td_error *err);

/** a + b, exactly. Errors: TD_ERANGE on overflow. */
TD_EXTERN td_status td_decimal_add(td_decimal *out, td_decimal a, td_decimal b, td_error *err);

/** a - b, exactly. Errors: TD_ERANGE on overflow. */
TD_EXTERN td_status td_decimal_sub(td_decimal *out, td_decimal a, td_decimal b, td_error *err);

/**
 * a x b, exactly. Errors: TD_ERANGE when the product needs more than
 * TD_DECIMAL_MAX_DIGITS digits or TD_DECIMAL_MAX_SCALE fraction digits.
 */
TD_EXTERN td_status td_decimal_mul(td_decimal *out, td_decimal a, td_decimal b, td_error *err);

/**
 * a / b rounded by `mode` to `places` fraction digits
 * (0 <= places <= TD_DECIMAL_MAX_SCALE). The rounding is exact: it looks at
 * the true remainder, so a quotient exactly halfway is recognised as such.
 * Errors: TD_EEVAL when b is zero ("division by zero"), TD_ERANGE on
 * overflow or a bad `places`, TD_EINVAL for an unknown mode.
 */
TD_EXTERN td_status td_decimal_div(td_decimal *out, td_decimal a, td_decimal b, int places,
                                   td_rounding mode, td_error *err);

/**
 * `value` rounded by `mode` to `places` fraction digits (negative places
 * round to tens, hundreds...; at least -TD_DECIMAL_MAX_DIGITS). A value that
 * already has at most `places` digits is returned unchanged.
 * Errors: TD_ERANGE for places outside [-38, TD_DECIMAL_MAX_SCALE] or when
 * rounding up overflows, TD_EINVAL for an unknown mode.
 */
TD_EXTERN td_status td_decimal_round(td_decimal *out, td_decimal value, int places, td_rounding mode,
                                     td_error *err);

/** -1, 0 or 1 as a < b, a == b, a > b (numerically: 1.50 == 1.5). */
TD_EXTERN int td_decimal_cmp(td_decimal a, td_decimal b);

/** -1, 0 or 1 by the sign of `value`. */
TD_EXTERN int td_decimal_sign(td_decimal value);

/** true when `value` is zero. */
TD_EXTERN bool td_decimal_is_zero(td_decimal value);

/** true when `value` has no fraction. */
TD_EXTERN bool td_decimal_is_integer(td_decimal value);

/** -value (never overflows: the coefficient range is symmetric). */
TD_EXTERN td_decimal td_decimal_neg(td_decimal value);

/** |value|. */
TD_EXTERN td_decimal td_decimal_abs(td_decimal value);

/** The smaller of a and b (a when equal). */
TD_EXTERN td_decimal td_decimal_min(td_decimal a, td_decimal b);

/** The larger of a and b (a when equal). */
TD_EXTERN td_decimal td_decimal_max(td_decimal a, td_decimal b);

/** The number of fraction digits of the normalised value (0 for integers). */
TD_EXTERN int td_decimal_scale(td_decimal value);

#ifdef __cplusplus
}
#endif

#endif /* THIDUA_DECIMAL_H */
