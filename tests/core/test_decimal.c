/*
 * Exact decimals: parsing, formatting, conversions, arithmetic and the
 * rounding of the contract (half away from zero), with every error.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "td_test.h"

#define NINES38 "99999999999999999999999999999999999999"

/* The text of a parse that must succeed. */
static void parses_as(const char *text, const char *want)
{
    td_decimal d;
    td_error err;
    if (td_decimal_parse(&d, text, &err) != TD_OK)
        fail_msg("'%s' did not parse: %s", text, err.message);
    char buf[TD_DECIMAL_STRING_SIZE];
    td_decimal_format(buf, sizeof buf, d);
    if (strcmp(buf, want) != 0)
        fail_msg("'%s' parsed as %s, want %s", text, buf, want);
}

static void parse_accepts_the_documented_forms(void **state)
{
    (void)state;
    parses_as("0", "0");
    parses_as("-0", "0");
    parses_as("+3", "3");
    parses_as("10", "10");
    parses_as("007", "7");
    parses_as(".5", "0.5");
    parses_as("5.", "5");
    parses_as("5.0", "5");
    parses_as("3.50", "3.5");
    parses_as("-0.000", "0");
    parses_as("1e3", "1000");
    parses_as("2.5E-2", "0.025");
    parses_as("1.5e+1", "15");
    parses_as("0.000001", "0.000001");
    parses_as("123456789.987654321", "123456789.987654321");
    parses_as(NINES38, NINES38);
    parses_as("-" NINES38, "-" NINES38);
    /* 36 decimals is the most a value can have */
    parses_as("0.000000000000000000000000000000000001", "0.000000000000000000000000000000000001");
    /* trailing zeros of the fraction are not significant digits */
    parses_as("1.00000000000000000000000000000000000000000", "1");
    /* leading zeros are not significant either */
    parses_as("0000000000000000000000000000000000000000001", "1");
}

static void equal_values_have_equal_representations(void **state)
{
    (void)state;
    td_decimal a = D("3.50"), b = D("3.5"), c = D("35e-1");
    /* field by field: the struct's padding is not part of the value */
    assert_true(a.lo_ == b.lo_ && a.hi_ == b.hi_ && a.scale_ == b.scale_);
    assert_true(a.lo_ == c.lo_ && a.hi_ == c.hi_ && a.scale_ == c.scale_);
    assert_int_equal(td_decimal_scale(a), 1);
    assert_int_equal(td_decimal_cmp(a, c), 0);
}

static void parse_errors_name_the_text_and_the_column(void **state)
{
    (void)state;
    td_decimal d = D("42");
    td_error err;
    assert_error(td_decimal_parse(&d, NULL, &err), TD_EINVAL, err, "text is NULL");
    assert_error(td_decimal_parse(NULL, "1", &err), TD_EINVAL, err, "out is NULL");
    assert_error(td_decimal_parse(&d, "", &err), TD_EPARSE, err, "the text is empty");
    assert_error(td_decimal_parse(&d, "abc", &err), TD_EPARSE, err, "'abc' is not a number");
    assert_error(td_decimal_parse(&d, "1.2.3", &err), TD_EPARSE, err, "unexpected character at column 4");
    assert_error(td_decimal_parse(&d, "12x", &err), TD_EPARSE, err, "at column 3");
    assert_error(td_decimal_parse(&d, " 1", &err), TD_EPARSE, err, "column 1");
    assert_error(td_decimal_parse(&d, "1,5", &err), TD_EPARSE, err, "'1,5' is not a number");
    assert_error(td_decimal_parse(&d, "95%", &err), TD_EPARSE, err, "column 3");
    assert_error(td_decimal_parse(&d, "1e", &err), TD_EPARSE, err, "the exponent has no digits");
    assert_error(td_decimal_parse(&d, "1e+", &err), TD_EPARSE, err, "the exponent has no digits");
    assert_error(td_decimal_parse(&d, "-", &err), TD_EPARSE, err, "no digits");
    assert_error(td_decimal_parse(&d, ".", &err), TD_EPARSE, err, "no digits");
    assert_error(td_decimal_parse(&d, "NaN", &err), TD_EPARSE, err, "not a number");
    assert_error(td_decimal_parse(&d, "inf", &err), TD_EPARSE, err, "not a number");
    assert_error(td_decimal_parse(&d, "1" NINES38, &err), TD_ERANGE, err, "more than 38 significant digits");
    assert_error(td_decimal_parse(&d, "0.0000000000000000000000000000000000001", &err), TD_ERANGE, err,
                 "more than 36 decimals");
    assert_error(td_decimal_parse(&d, "1e-37", &err), TD_ERANGE, err, "more than 36 decimals");
    assert_error(td_decimal_parse(&d, "1e38", &err), TD_ERANGE, err, "beyond 38 digits");
    /* a failed parse leaves *out alone */
    assert_decimal(d, "42");
}

static void parse_n_reads_only_len_bytes(void **state)
{
    (void)state;
    td_decimal d;
    td_error err;
    assert_ok(td_decimal_parse_n(&d, "12.5xyz", 4, &err), err);
    assert_decimal(d, "12.5");
    assert_ok(td_decimal_parse_n(&d, "7", 1, &err), err);
    assert_decimal(d, "7");
    assert_error(td_decimal_parse_n(&d, "12", 0, &err), TD_EPARSE, err, "empty");
    /* an embedded NUL is a bad character, shown escaped like any control */
    assert_error(td_decimal_parse_n(&d, "1\0" "2", 3, &err), TD_EPARSE, err, "'1\\x002' is not a number");
    assert_error(td_decimal_parse(&d, "1\x1b[2J", &err), TD_EPARSE, err, "'1\\x1b[2J' is not a number");
    assert_error(td_decimal_parse_n(&d, NULL, 3, &err), TD_EINVAL, err, "text is NULL");
}

static void format_writes_the_shortest_exact_text_and_truncates_like_snprintf(void **state)
{
    (void)state;
    char buf[TD_DECIMAL_STRING_SIZE];
    assert_int_equal(td_decimal_format(buf, sizeof buf, D("-0.5")), 4);
    assert_string_equal(buf, "-0.5");
    assert_int_equal(td_decimal_format(buf, sizeof buf, D("1.058824")), 8);
    assert_string_equal(buf, "1.058824");
    /* the longest texts: 38 integer digits with a sign, 36 decimals */
    assert_int_equal(td_decimal_format(buf, sizeof buf, D("-" NINES38)), 39);
    assert_string_equal(buf, "-" NINES38);
    assert_int_equal(td_decimal_format(buf, sizeof buf, D("-0.999999999999999999999999999999999999")), 39);
    assert_string_equal(buf, "-0.999999999999999999999999999999999999");
    assert_int_equal(td_decimal_format(buf, sizeof buf, D("12.000000000000000000000000000000000001")), 39);
    assert_string_equal(buf, "12.000000000000000000000000000000000001");
    /* truncated to the buffer, the full length returned */
    char small[4];
    assert_int_equal(td_decimal_format(small, sizeof small, D("123456")), 6);
    assert_string_equal(small, "123");
    assert_int_equal(td_decimal_format(NULL, 0, D("123456")), 6);
}

static void format_fixed_pads_and_rounds_half_away_from_zero(void **state)
{
    (void)state;
    char buf[TD_DECIMAL_STRING_SIZE];
    td_decimal_format_fixed(buf, sizeof buf, D("10"), 2);
    assert_string_equal(buf, "10.00");
    td_decimal_format_fixed(buf, sizeof buf, D("2.675"), 2);
    assert_string_equal(buf, "2.68");
    td_decimal_format_fixed(buf, sizeof buf, D("-0.005"), 2);
    assert_string_equal(buf, "-0.01");
    /* a negative value that rounds to zero prints without a sign */
    td_decimal_format_fixed(buf, sizeof buf, D("-0.004"), 2);
    assert_string_equal(buf, "0.00");
    td_decimal_format_fixed(buf, sizeof buf, D("0.5"), 0);
    assert_string_equal(buf, "1");
    td_decimal_format_fixed(buf, sizeof buf, D("1.05"), 4);
    assert_string_equal(buf, "1.0500");
    /* places are clamped to 0..36 */
    td_decimal_format_fixed(buf, sizeof buf, D("7.5"), -3);
    assert_string_equal(buf, "8");
    assert_int_equal(td_decimal_format_fixed(buf, sizeof buf, D("1"), 99), 38);
    assert_string_equal(buf, "1.000000000000000000000000000000000000");
    assert_int_equal(td_decimal_format_fixed(buf, sizeof buf, D(NINES38), 36), 75);
}

static void from_parts_int_and_to_int64(void **state)
{
    (void)state;
    td_decimal d;
    td_error err;
    assert_ok(td_decimal_from_parts(&d, 1055, 2, &err), err);
    assert_decimal(d, "10.55");
    assert_ok(td_decimal_from_parts(&d, -1200, 2, &err), err);
    assert_decimal(d, "-12");
    assert_error(td_decimal_from_parts(&d, 1, -1, &err), TD_ERANGE, err, "scale must be 0..36, got -1");
    assert_error(td_decimal_from_parts(&d, 1, 37, &err), TD_ERANGE, err, "got 37");
    assert_error(td_decimal_from_parts(NULL, 1, 0, &err), TD_EINVAL, err, "out is NULL");
    assert_decimal(td_decimal_from_int(INT64_MIN), "-9223372036854775808");
    assert_decimal(td_decimal_from_int(INT64_MAX), "9223372036854775807");
    assert_decimal(td_decimal_zero(), "0");

    int64_t v = 0;
    assert_ok(td_decimal_to_int64(&v, D("-9223372036854775808"), &err), err);
    assert_true(v == INT64_MIN);
    assert_ok(td_decimal_to_int64(&v, D("4.000"), &err), err);
    assert_int_equal(v, 4);
    assert_error(td_decimal_to_int64(&v, D("1.5"), &err), TD_ERANGE, err, "1.5 is not a whole number");
    assert_error(td_decimal_to_int64(&v, D("9223372036854775808"), &err), TD_ERANGE, err,
                 "does not fit in a 64-bit integer");
    assert_int_equal(v, 4);
    assert_error(td_decimal_to_int64(NULL, D("1"), &err), TD_EINVAL, err, "out is NULL");
}

/* The bits of a double, for comparisons that no excess precision blurs. */
static uint64_t bits_of(double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    return b;
}

static void doubles_are_converted_at_the_edge_only(void **state)
{
    (void)state;
    td_decimal d;
    td_error err;
    assert_ok(td_decimal_from_double(&d, 0.1, &err), err);
    assert_decimal(d, "0.1");
    assert_ok(td_decimal_from_double(&d, -2.675, &err), err);
    assert_decimal(d, "-2.675");
    /* 0.1 + 0.2 in double arithmetic; written as that double, as i386's
     * x87 evaluates the expression 0.1 + 0.2 in its wider format (0.3) */
    assert_ok(td_decimal_from_double(&d, 0x1.3333333333334p-2, &err), err);
    assert_decimal(d, "0.30000000000000004"); /* the double really is that value */
    assert_ok(td_decimal_from_double(&d, 1e-40, &err), err);
    assert_decimal(d, "0"); /* below the smallest decimal */
    assert_ok(td_decimal_from_double(&d, 0.0, &err), err);
    assert_decimal(d, "0");
    assert_error(td_decimal_from_double(&d, NAN, &err), TD_ERANGE, err, "NaN is not a finite number");
    assert_error(td_decimal_from_double(&d, -INFINITY, &err), TD_ERANGE, err, "infinity");
    assert_error(td_decimal_from_double(&d, 1e38, &err), TD_ERANGE, err, "beyond the decimal range");
    assert_error(td_decimal_from_double(NULL, 1, &err), TD_EINVAL, err, "out is NULL");
    /* as doubles: 0.1 == 0.1 compares the x87's wider 0.1 on i386 */
    assert_true(bits_of(td_decimal_to_double(D("0.1"))) == bits_of(0.1));
    assert_true(bits_of(td_decimal_to_double(D("-96.13"))) == bits_of(-96.13));
}

/* td_decimal_to_double() is the nearest double, ties to even, on every
 * platform; td_decimal_from_double() the shortest of 15, 16, 17 digits
 * that reads back. Each case below came out otherwise before: a 17-digit
 * coefficient was rounded to a double before the division (twice
 * rounded), a scale above 22 divided twice, and i386's x87 rounds a single
 * division to 64 bits and then to 53; the 32-bit build gave a decimal
 * that did not read back (0.000000934711672311033). */
static void doubles_round_once_on_every_platform(void **state)
{
    (void)state;
    assert_true(bits_of(td_decimal_to_double(D("6.2588265378287862"))) == bits_of(0x1.90909d2ed3f05p+2));
    assert_true(bits_of(td_decimal_to_double(D("-6.2588265378287862"))) == bits_of(-0x1.90909d2ed3f05p+2));
    assert_true(bits_of(td_decimal_to_double(D("0.0000000000647903535289176"))) ==
                bits_of(0x1.1cf373f7f8f13p-34));
    assert_true(bits_of(td_decimal_to_double(D("4286.7645162510714"))) == bits_of(0x1.0bec3b756479dp+12));
    assert_true(bits_of(td_decimal_to_double(D(NINES38))) == bits_of(1e38));
    assert_true(bits_of(td_decimal_to_double(D("0.000000000000000000000000000000000001"))) == bits_of(1e-36));
    assert_true(bits_of(td_decimal_to_double(D("-2.5"))) == bits_of(-2.5));
    td_decimal d;
    td_error err;
    assert_ok(td_decimal_from_double(&d, 0x1.f5d1cb463cd62p-21, &err), err);
    assert_decimal(d, "0.0000009347116723110329");
    assert_ok(td_decimal_from_double(&d, 0x1.0bec3b756479dp+12, &err), err);
    assert_decimal(d, "4286.764516251072");
}

static void add_sub_mul_are_exact_and_catch_overflow(void **state)
{
    (void)state;
    td_decimal d;
    td_error err;
    assert_ok(td_decimal_add(&d, D("0.1"), D("0.2"), &err), err);
    assert_decimal(d, "0.3");
    assert_ok(td_decimal_sub(&d, D("1"), D("0.999999999999999999999999999999999999"), &err), err);
    assert_decimal(d, "0.000000000000000000000000000000000001");
    assert_ok(td_decimal_sub(&d, D("2.5"), D("2.50"), &err), err);
    assert_decimal(d, "0");
    assert_ok(td_decimal_mul(&d, D("1.5"), D("-1.5"), &err), err);
    assert_decimal(d, "-2.25");
    assert_ok(td_decimal_mul(&d, D("0.000001"), D("0.000001"), &err), err);
    assert_decimal(d, "0.000000000001");
    assert_error(td_decimal_add(&d, D(NINES38), D("1"), &err), TD_ERANGE, err, "more than 38 digits");
    assert_error(td_decimal_sub(&d, D("-" NINES38), D("1"), &err), TD_ERANGE, err, "subtraction");
    /* aligning 10^37 to 10 decimals overflows before the sum */
    assert_error(td_decimal_add(&d, D("1e37"), D("0.0000000001"), &err), TD_ERANGE, err,
                 "addition overflows");
    assert_error(td_decimal_mul(&d, D("1e19"), D("1e19"), &err), TD_ERANGE, err, "more than 38 digits");
    assert_error(td_decimal_mul(&d, D(NINES38), D(NINES38), &err), TD_ERANGE, err,
                 "multiplication overflows");
    assert_error(td_decimal_mul(&d, D("1e-20"), D("1e-20"), &err), TD_ERANGE, err, "more than 36 decimals");
    assert_error(td_decimal_add(NULL, d, d, &err), TD_EINVAL, err, "out is NULL");
    assert_error(td_decimal_mul(NULL, d, d, &err), TD_EINVAL, err, "out is NULL");
}

typedef struct div_case {
    const char *a, *b;
    int places;
    td_rounding mode;
    const char *want;
} div_case;

static const div_case div_cases[] = {
    {"1", "3", 6, TD_ROUNDING_HALF_UP, "0.333333"},
    {"2", "3", 6, TD_ROUNDING_HALF_UP, "0.666667"},
    {"-2", "3", 6, TD_ROUNDING_HALF_UP, "-0.666667"},
    {"-2", "3", 6, TD_ROUNDING_FLOOR, "-0.666667"},
    {"-2", "3", 6, TD_ROUNDING_CEIL, "-0.666666"},
    {"-2", "3", 6, TD_ROUNDING_DOWN, "-0.666666"},
    {"2", "3", 6, TD_ROUNDING_FLOOR, "0.666666"},
    {"2", "3", 6, TD_ROUNDING_CEIL, "0.666667"},
    /* exactly halfway: away from zero, both signs */
    {"1", "8", 2, TD_ROUNDING_HALF_UP, "0.13"},
    {"-1", "8", 2, TD_ROUNDING_HALF_UP, "-0.13"},
    {"1", "2000", 3, TD_ROUNDING_HALF_UP, "0.001"},
    {"5", "2", 0, TD_ROUNDING_HALF_UP, "3"},
    {"-5", "2", 0, TD_ROUNDING_HALF_UP, "-3"},
    /* just under halfway: the true remainder decides, no double rounding */
    {"0.0049999999999999", "1", 2, TD_ROUNDING_HALF_UP, "0"},
    {"124999999", "1000000000", 2, TD_ROUNDING_HALF_UP, "0.12"},
    {"3425", "3563", 6, TD_ROUNDING_HALF_UP, "0.961269"},
    {"950", "900", 6, TD_ROUNDING_HALF_UP, "1.055556"},
    /* a divisor with decimals, and a dividend with more decimals than places */
    {"1", "0.3", 4, TD_ROUNDING_HALF_UP, "3.3333"},
    {"0.123456789", "1", 3, TD_ROUNDING_HALF_UP, "0.123"},
    {"0.0005", "1", 3, TD_ROUNDING_HALF_UP, "0.001"},
    {"0", "7", 5, TD_ROUNDING_CEIL, "0"},
    /* a quotient far below one unit of the last place */
    {"1", "1e37", 0, TD_ROUNDING_HALF_UP, "0"},
    {"1", "1e37", 0, TD_ROUNDING_CEIL, "1"},
    {"-1", "1e37", 0, TD_ROUNDING_FLOOR, "-1"},
    {"0.000000000000000000000000000000000001", NINES38, 0, TD_ROUNDING_CEIL, "1"},
    /* remainders whose tenfold passes 2^128 */
    {"50000000000000000000000000000000000000", "90000000000000000000000000000000000000", 36,
     TD_ROUNDING_HALF_UP, "0.555555555555555555555555555555555556"},
    {"80000000000000000000000000000000000001", "90000000000000000000000000000000000000", 36,
     TD_ROUNDING_FLOOR, "0.888888888888888888888888888888888888"},
    {"89999999999999999999999999999999999999", NINES38, 20, TD_ROUNDING_HALF_UP, "0.9"},
    {"89999999999999999999999999999999999999", NINES38, 20, TD_ROUNDING_FLOOR, "0.89999999999999999999"},
    /* exact quotients: the zeros after the last digit do not count against
     * the 38 digits (20 x 1000 / 100 to 36 places is 200, not an overflow) */
    {"20000", "100", 36, TD_ROUNDING_HALF_UP, "200"},
    {"12345", "100", 36, TD_ROUNDING_HALF_UP, "123.45"},
    {"1e30", "0.001", 36, TD_ROUNDING_HALF_UP, "1000000000000000000000000000000000"},
    {"-7.5", "2.5", 36, TD_ROUNDING_FLOOR, "-3"},
};

static void div_rounds_on_the_true_remainder(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof div_cases / sizeof div_cases[0]; i++) {
        const div_case *c = &div_cases[i];
        td_decimal q;
        td_error err;
        if (td_decimal_div(&q, D(c->a), D(c->b), c->places, c->mode, &err) != TD_OK)
            fail_msg("%s / %s failed: %s", c->a, c->b, err.message);
        char buf[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(buf, sizeof buf, q);
        if (strcmp(buf, c->want) != 0)
            fail_msg("%s / %s to %d places (mode %d) = %s, want %s", c->a, c->b, c->places, (int)c->mode,
                     buf, c->want);
    }
}

static void div_errors(void **state)
{
    (void)state;
    td_decimal q = D("9");
    td_error err;
    assert_error(td_decimal_div(&q, D("1"), D("0"), 2, TD_ROUNDING_HALF_UP, &err), TD_EEVAL, err,
                 "division by zero");
    assert_error(td_decimal_div(&q, D("1"), D("3"), -1, TD_ROUNDING_HALF_UP, &err), TD_ERANGE, err,
                 "decimals must be 0..36, got -1");
    assert_error(td_decimal_div(&q, D("1"), D("3"), 37, TD_ROUNDING_HALF_UP, &err), TD_ERANGE, err, "got 37");
    assert_error(td_decimal_div(&q, D("1"), D("3"), 2, (td_rounding)9, &err), TD_EINVAL, err,
                 "unknown rounding mode 9");
    assert_error(td_decimal_div(&q, D("1e37"), D("0.1"), 0, TD_ROUNDING_HALF_UP, &err), TD_ERANGE, err,
                 "more than 38 digits");
    /* exact, but too large even without trailing zeros */
    assert_error(td_decimal_div(&q, D("1e37"), D("0.01"), 36, TD_ROUNDING_HALF_UP, &err), TD_ERANGE, err,
                 "more than 38 digits");
    assert_error(td_decimal_div(&q, D("1"), D("3"), 38, TD_ROUNDING_HALF_UP, &err), TD_ERANGE, err, "got 38");
    assert_error(td_decimal_div(NULL, D("1"), D("3"), 2, TD_ROUNDING_HALF_UP, &err), TD_EINVAL, err, "out is NULL");
    assert_decimal(q, "9");
}

typedef struct round_case {
    const char *value;
    int places;
    td_rounding mode;
    const char *want;
} round_case;

static const round_case round_cases[] = {
    {"2.675", 2, TD_ROUNDING_HALF_UP, "2.68"},
    {"-2.675", 2, TD_ROUNDING_HALF_UP, "-2.68"},
    {"0.005", 2, TD_ROUNDING_HALF_UP, "0.01"},
    {"-0.005", 2, TD_ROUNDING_HALF_UP, "-0.01"},
    {"0.0049999", 2, TD_ROUNDING_HALF_UP, "0"},
    {"1.0000005", 6, TD_ROUNDING_HALF_UP, "1.000001"},
    {"2.5", 0, TD_ROUNDING_HALF_UP, "3"},
    {"-2.5", 0, TD_ROUNDING_HALF_UP, "-3"},
    {"-2.5", 0, TD_ROUNDING_FLOOR, "-3"},
    {"-2.5", 0, TD_ROUNDING_CEIL, "-2"},
    {"-2.5", 0, TD_ROUNDING_DOWN, "-2"},
    {"2.1", 0, TD_ROUNDING_CEIL, "3"},
    {"2.9", 0, TD_ROUNDING_FLOOR, "2"},
    {"1.25", 5, TD_ROUNDING_HALF_UP, "1.25"}, /* fewer digits than places: unchanged */
    {"1234.5", -2, TD_ROUNDING_HALF_UP, "1200"},
    {"1250", -2, TD_ROUNDING_HALF_UP, "1300"},
    {"-1250", -2, TD_ROUNDING_HALF_UP, "-1300"},
    {"0.000000000000000000000000000000000001", -5, TD_ROUNDING_HALF_UP, "0"},
    {"0.000000000000000000000000000000000001", -5, TD_ROUNDING_CEIL, "100000"},
    {"-0.000000000000000000000000000000000001", 0, TD_ROUNDING_FLOOR, "-1"},
    {"9999999999999999999999999999999999999.9", 0, TD_ROUNDING_HALF_UP, "10000000000000000000000000000000000000"},
};

static void round_is_half_away_from_zero_unless_asked(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof round_cases / sizeof round_cases[0]; i++) {
        const round_case *c = &round_cases[i];
        td_decimal r;
        td_error err;
        if (td_decimal_round(&r, D(c->value), c->places, c->mode, &err) != TD_OK)
            fail_msg("round(%s, %d) failed: %s", c->value, c->places, err.message);
        char buf[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(buf, sizeof buf, r);
        if (strcmp(buf, c->want) != 0)
            fail_msg("round(%s, %d, mode %d) = %s, want %s", c->value, c->places, (int)c->mode, buf, c->want);
    }
}

static void round_errors(void **state)
{
    (void)state;
    td_decimal r;
    td_error err;
    assert_error(td_decimal_round(&r, D("1.5"), 37, TD_ROUNDING_HALF_UP, &err), TD_ERANGE, err,
                 "decimals must be -38..36, got 37");
    assert_error(td_decimal_round(&r, D("1.5"), -39, TD_ROUNDING_HALF_UP, &err), TD_ERANGE, err, "got -39");
    assert_error(td_decimal_round(&r, D("1.5"), 0, (td_rounding)-1, &err), TD_EINVAL, err,
                 "unknown rounding mode -1");
    assert_error(td_decimal_round(&r, D(NINES38), -1, TD_ROUNDING_HALF_UP, &err), TD_ERANGE, err, "rounding");
    assert_error(td_decimal_round(NULL, D("1"), 0, TD_ROUNDING_HALF_UP, &err), TD_EINVAL, err, "out is NULL");
}

static void comparisons_and_small_helpers(void **state)
{
    (void)state;
    assert_int_equal(td_decimal_cmp(D("1.50"), D("1.5")), 0);
    assert_int_equal(td_decimal_cmp(D("-1"), D("0")), -1);
    assert_int_equal(td_decimal_cmp(D("0"), D("-0.000001")), 1);
    assert_int_equal(td_decimal_cmp(D("2"), D("10")), -1);
    assert_int_equal(td_decimal_cmp(D("-2"), D("-10")), 1);
    /* aligning these overflows: the one with the smaller scale is larger */
    assert_int_equal(td_decimal_cmp(D("1e37"), D("0.000000000000000000000000000000000001")), 1);
    assert_int_equal(td_decimal_cmp(D("0.000000000000000000000000000000000001"), D("1e37")), -1);
    assert_int_equal(td_decimal_cmp(D("-1e37"), D("-0.000000000000000000000000000000000001")), -1);
    assert_int_equal(td_decimal_sign(D("-0.1")), -1);
    assert_int_equal(td_decimal_sign(D("0")), 0);
    assert_int_equal(td_decimal_sign(D("3")), 1);
    assert_true(td_decimal_is_zero(D("0.000")));
    assert_false(td_decimal_is_zero(D("0.000001")));
    assert_true(td_decimal_is_integer(D("12.000")));
    assert_false(td_decimal_is_integer(D("12.5")));
    assert_decimal(td_decimal_neg(D("-" NINES38)), NINES38);
    assert_decimal(td_decimal_neg(D("0")), "0");
    assert_decimal(td_decimal_abs(D("-2.5")), "2.5");
    assert_decimal(td_decimal_abs(D("2.5")), "2.5");
    assert_decimal(td_decimal_min(D("2"), D("1.5")), "1.5");
    assert_decimal(td_decimal_max(D("2"), D("1.5")), "2");
    /* equal values: a is returned (same representation anyway) */
    assert_decimal(td_decimal_min(D("2.0"), D("2")), "2");
    assert_int_equal(td_decimal_scale(D("1.058824")), 6);
    assert_int_equal(td_decimal_scale(D("100")), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parse_accepts_the_documented_forms),
        cmocka_unit_test(equal_values_have_equal_representations),
        cmocka_unit_test(parse_errors_name_the_text_and_the_column),
        cmocka_unit_test(parse_n_reads_only_len_bytes),
        cmocka_unit_test(format_writes_the_shortest_exact_text_and_truncates_like_snprintf),
        cmocka_unit_test(format_fixed_pads_and_rounds_half_away_from_zero),
        cmocka_unit_test(from_parts_int_and_to_int64),
        cmocka_unit_test(doubles_are_converted_at_the_edge_only),
        cmocka_unit_test(doubles_round_once_on_every_platform),
        cmocka_unit_test(add_sub_mul_are_exact_and_catch_overflow),
        cmocka_unit_test(div_rounds_on_the_true_remainder),
        cmocka_unit_test(div_errors),
        cmocka_unit_test(round_is_half_away_from_zero_unless_asked),
        cmocka_unit_test(round_errors),
        cmocka_unit_test(comparisons_and_small_helpers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
