/*
 * td_decimal_parse_n on arbitrary bytes. Checks: a failure follows the
 * error contract; td_decimal_parse on the same text (when it has no NUL)
 * agrees; a parsed value formats to text that parses back to the same
 * representation, and every fixed format fits TD_DECIMAL_STRING_SIZE.
 *
 * When the input holds a '|', the parts before and after it are parsed as
 * a and b and the arithmetic is checked against its laws: (a + b) - b = a,
 * (a * b) / b = a, cmp is antisymmetric and agrees with the sign of a - b,
 * and each rounding mode stays on its side of the value.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"

static void fmt(td_decimal v, char *buf)
{
    size_t n = td_decimal_format(buf, TD_DECIMAL_STRING_SIZE, v);
    if (n >= TD_DECIMAL_STRING_SIZE)
        fuzz_fail("td_decimal_format gave %zu bytes", n);
}

static int same(td_decimal a, td_decimal b)
{
    return td_decimal_cmp(a, b) == 0 && td_decimal_scale(a) == td_decimal_scale(b);
}

static void check_value(td_decimal v)
{
    char text[TD_DECIMAL_STRING_SIZE], again[TD_DECIMAL_STRING_SIZE];
    td_error err;
    td_decimal back;
    fmt(v, text);
    td_status rc = td_decimal_parse(&back, text, &err);
    if (rc != TD_OK)
        fuzz_fail("the formatted value '%s' does not parse: %s", text, err.message);
    fmt(back, again);
    if (!same(v, back) || strcmp(text, again) != 0)
        fuzz_fail("'%s' parses back as '%s'", text, again);
    for (int places = 0; places <= TD_DECIMAL_MAX_SCALE; places++) {
        size_t n = td_decimal_format_fixed(text, sizeof text, v, places);
        if (n >= sizeof text)
            fuzz_fail("td_decimal_format_fixed(places %d) gave %zu bytes", places, n);
        td_decimal rounded;
        /* The fixed text is the value rounded half up: both sides must agree. */
        if (td_decimal_round(&rounded, v, places, TD_ROUNDING_HALF_UP, &err) == TD_OK) {
            if (td_decimal_parse(&back, text, &err) != TD_OK || td_decimal_cmp(back, rounded) != 0) {
                fmt(rounded, again);
                fuzz_fail("format_fixed(%d) gave '%s' but round() gives '%s'", places, text, again);
            }
        }
    }
}

static void check_round(td_decimal a, int places)
{
    static const td_rounding modes[] = {TD_ROUNDING_HALF_UP, TD_ROUNDING_FLOOR, TD_ROUNDING_CEIL, TD_ROUNDING_DOWN};
    char ta[TD_DECIMAL_STRING_SIZE], tr[TD_DECIMAL_STRING_SIZE];
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        td_error err;
        td_decimal r;
        td_status rc = td_decimal_round(&r, a, places, modes[i], &err);
        fuzz_check_status(rc, &err, "td_decimal_round");
        if (rc != TD_OK)
            continue;
        int c = td_decimal_cmp(r, a);
        int bad = (modes[i] == TD_ROUNDING_FLOOR && c > 0) || (modes[i] == TD_ROUNDING_CEIL && c < 0) ||
                  (modes[i] == TD_ROUNDING_DOWN &&
                   td_decimal_cmp(td_decimal_abs(r), td_decimal_abs(a)) > 0) ||
                  (places >= 0 && td_decimal_scale(r) > places);
        if (bad) {
            fmt(a, ta);
            fmt(r, tr);
            fuzz_fail("round(%s, %d, mode %d) gave %s", ta, places, (int)modes[i], tr);
        }
    }
}

static void check_laws(td_decimal a, td_decimal b)
{
    char ta[TD_DECIMAL_STRING_SIZE], tb[TD_DECIMAL_STRING_SIZE], tr[TD_DECIMAL_STRING_SIZE];
    td_error err;
    td_decimal r, back;
    td_status rc;
    fmt(a, ta);
    fmt(b, tb);

    if (td_decimal_cmp(a, b) != -td_decimal_cmp(b, a))
        fuzz_fail("cmp(%s, %s) is not antisymmetric", ta, tb);

    rc = td_decimal_add(&r, a, b, &err);
    fuzz_check_status(rc, &err, "td_decimal_add");
    if (rc == TD_OK) {
        rc = td_decimal_sub(&back, r, b, &err);
        if (rc != TD_OK || !same(back, a)) {
            fmt(r, tr);
            fuzz_fail("(%s + %s) = %s, minus %s is not %s", ta, tb, tr, tb, ta);
        }
    }

    rc = td_decimal_sub(&r, a, b, &err);
    fuzz_check_status(rc, &err, "td_decimal_sub");
    if (rc == TD_OK && td_decimal_sign(r) != td_decimal_cmp(a, b))
        fuzz_fail("sign(%s - %s) disagrees with cmp", ta, tb);

    rc = td_decimal_mul(&r, a, b, &err);
    fuzz_check_status(rc, &err, "td_decimal_mul");
    if (rc == TD_OK && !td_decimal_is_zero(b)) {
        /* The exact quotient is a, which has at most scale(a) decimals. */
        rc = td_decimal_div(&back, r, b, td_decimal_scale(a), TD_ROUNDING_HALF_UP, &err);
        if (rc != TD_OK || !same(back, a)) {
            fmt(r, tr);
            fuzz_fail("(%s * %s) = %s, divided by %s is not %s (%s)", ta, tb, tr, tb, ta,
                      rc == TD_OK ? "another value" : err.message);
        }
    }

    rc = td_decimal_div(&r, a, b, 12, TD_ROUNDING_HALF_UP, &err);
    fuzz_check_status(rc, &err, "td_decimal_div");
    if (td_decimal_is_zero(b) && rc != TD_EEVAL)
        fuzz_fail("%s / 0 returned %d, not TD_EEVAL", ta, (int)rc);

    int64_t places = 0;
    if (td_decimal_to_int64(&places, b, NULL) == TD_OK && places >= -40 && places <= 40)
        check_round(a, (int)places);
}

static int parse(const uint8_t *data, size_t size, td_decimal *out)
{
    td_error err;
    td_status rc = td_decimal_parse_n(out, (const char *)data, size, &err);
    fuzz_check_status(rc, &err, "td_decimal_parse_n");
    if (!memchr(data, '\0', size)) {
        char *text = fuzz_strndup(data, size);
        td_decimal v2;
        td_error err2;
        td_status rc2 = td_decimal_parse(&v2, text, &err2);
        fuzz_check_status(rc2, &err2, "td_decimal_parse");
        if (rc2 != rc || (rc == TD_OK && !same(*out, v2)))
            fuzz_fail("td_decimal_parse and td_decimal_parse_n disagree on '%s'", text);
        free(text);
    }
    if (rc == TD_OK)
        check_value(*out);
    return rc == TD_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    td_decimal whole, a, b;
    parse(data, size, &whole);
    const uint8_t *bar = memchr(data, '|', size);
    if (bar) {
        size_t na = (size_t)(bar - data);
        if (parse(data, na, &a) && parse(bar + 1, size - na - 1, &b))
            check_laws(a, b);
    }
    return 0;
}

void fuzz_cleanup(void) {}
