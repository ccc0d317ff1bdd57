/*
 * The fast paths of decimal arithmetic (64-bit coefficients) against the
 * general paths (decimal_internal.h): for random and boundary operands, every
 * operation gives the same status, the same representation (coefficient
 * and scale) and, on failure, the same message. And the formatter, which
 * writes digits in 64 bits below 2^64, prints every parsed value back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decimal_internal.h"
#include "model.h"
#include "td_test.h"

/* xorshift64*: deterministic, so that a failure can be replayed */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint64_t next(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717u;
}

static const char *const boundary_texts[] = {
    "0", "1", "-1", "0.5", "-0.5", "999999999999999999", "1000000000000000000", "-1000000000000000000",
    "9223372036854775807",  /* INT64_MAX: the largest fast coefficient */
    "-9223372036854775807", /* -INT64_MAX */
    "-9223372036854775808", /* INT64_MIN: general path (its magnitude does not fit) */
    "9223372036854775808",  /* 2^63: general path */
    "18446744073709551615", /* 2^64 - 1 */
    "922337203685477580.7", "0.000000000000000001", "-0.000000000000000001",
    "0.000000000000000000000000000000000001", /* the largest scale */
    "99999999999999999999999999999999999999", /* the largest coefficient */
    "-99999999999999999999999999999999999999", "1234567890123456789.0123456789",
    "3.141592653589793238", "0.333333", "100", "-7", "1E+20",
};

/* A random operand: mostly 64-bit coefficients of any length and scale
 * (the fast paths' domain), sometimes a boundary value. */
static td_decimal operand(void)
{
    td_error err;
    td_decimal d;
    uint64_t pick = next() % 8;
    if (pick == 0) {
        size_t n = sizeof boundary_texts / sizeof boundary_texts[0];
        const char *text = boundary_texts[next() % n];
        if (td_decimal_parse(&d, text, &err) != TD_OK)
            fail_msg("%s: %s", text, err.message);
        return d;
    }
    /* up to `digits` digits, so that short numbers are as common as long ones */
    int digits = 1 + (int)(next() % 19);
    uint64_t limit = 1;
    for (int i = 0; i < digits && i < 18; i++)
        limit *= 10;
    uint64_t units = digits >= 19 ? next() % (uint64_t)INT64_MAX : next() % limit;
    int64_t signed_units = (next() & 1) ? -(int64_t)units : (int64_t)units;
    int scale = (int)(next() % 4 == 0 ? next() % (TD_DECIMAL_MAX_SCALE + 1) : next() % 7);
    if (td_decimal_from_parts(&d, signed_units, scale, &err) != TD_OK)
        fail_msg("from_parts: %s", err.message);
    return d;
}

static void show(char *buf, td_decimal d)
{
    td_decimal_format(buf, TD_DECIMAL_STRING_SIZE, d);
}

/* Asserts that two outcomes are the same: status, message, representation. */
static void same(const char *op, td_decimal a, td_decimal b, td_status fast_rc, td_decimal fast,
                 const td_error *fast_err, td_status general_rc, td_decimal general,
                 const td_error *general_err)
{
    char ta[TD_DECIMAL_STRING_SIZE], tb[TD_DECIMAL_STRING_SIZE], tf[TD_DECIMAL_STRING_SIZE],
        tg[TD_DECIMAL_STRING_SIZE];
    show(ta, a);
    show(tb, b);
    if (fast_rc != general_rc)
        fail_msg("%s(%s, %s): status %d on the fast path, %d on the general one (%s)", op, ta, tb, fast_rc,
                 general_rc, general_rc != TD_OK ? general_err->message : fast_err->message);
    if (fast_rc != TD_OK) {
        if (strcmp(fast_err->message, general_err->message) != 0)
            fail_msg("%s(%s, %s): \"%s\" vs \"%s\"", op, ta, tb, fast_err->message, general_err->message);
        return;
    }
    if (td_decimal_cmp(fast, general) != 0 || td_decimal_scale(fast) != td_decimal_scale(general) ||
        memcmp(&fast, &general, offsetof(td_decimal, scale_) + sizeof fast.scale_) != 0) {
        show(tf, fast);
        show(tg, general);
        fail_msg("%s(%s, %s) = %s (scale %d) on the fast path, %s (scale %d) on the general one", op, ta, tb,
                 tf, td_decimal_scale(fast), tg, td_decimal_scale(general));
    }
}

static void compare(td_decimal a, td_decimal b)
{
    td_error fe, ge;
    td_decimal f = td_decimal_zero(), g = td_decimal_zero();
    td_status fr, gr;

    fr = td_decimal_add(&f, a, b, &fe);
    gr = td_decimal__add_general(&g, a, b, false, &ge);
    same("add", a, b, fr, f, &fe, gr, g, &ge);
    fr = td_decimal_sub(&f, a, b, &fe);
    gr = td_decimal__add_general(&g, a, b, true, &ge);
    same("sub", a, b, fr, f, &fe, gr, g, &ge);
    fr = td_decimal_mul(&f, a, b, &fe);
    gr = td_decimal__mul_general(&g, a, b, &ge);
    same("mul", a, b, fr, f, &fe, gr, g, &ge);
    int fc = td_decimal_cmp(a, b), gc = td_decimal__cmp_general(a, b);
    if (fc != gc) {
        char ta[TD_DECIMAL_STRING_SIZE], tb[TD_DECIMAL_STRING_SIZE];
        show(ta, a);
        show(tb, b);
        fail_msg("cmp(%s, %s) = %d on the fast path, %d on the general one", ta, tb, fc, gc);
    }
    static const int places[] = {0, 1, 2, 6, 12, 18, 19, 20, 36};
    for (int mode = TD_ROUNDING_HALF_UP; mode <= TD_ROUNDING_DOWN; mode++) {
        int p = places[next() % (sizeof places / sizeof places[0])];
        fr = td_decimal_div(&f, a, b, p, (td_rounding)mode, &fe);
        gr = td_decimal__div_general(&g, a, b, p, (td_rounding)mode, &ge);
        char op[32];
        snprintf(op, sizeof op, "div/%d/mode %d", p, mode);
        same(op, a, b, fr, f, &fe, gr, g, &ge);
    }
}

static void fast_and_general_paths_agree_on_random_operands(void **state)
{
    (void)state;
    int pairs = td_test_quick() ? 10000 : 100000;
    for (int i = 0; i < pairs; i++)
        compare(operand(), operand());
}

static void fast_and_general_paths_agree_on_every_pair_of_boundaries(void **state)
{
    (void)state;
    size_t n = sizeof boundary_texts / sizeof boundary_texts[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            td_decimal a, b;
            td_error err;
            assert_ok(td_decimal_parse(&a, boundary_texts[i], &err), err);
            assert_ok(td_decimal_parse(&b, boundary_texts[j], &err), err);
            compare(a, b);
        }
}

/* The fast paths keep the general paths' errors. */
static void fast_paths_report_what_the_general_paths_report(void **state)
{
    (void)state;
    td_error err;
    td_decimal a = D("0.000000000000000001"), b = D("0.0000000000000000001"), out;
    /* scale 37 is beyond the limit: the product cannot be represented */
    assert_error(td_decimal_mul(&out, a, b, &err), TD_ERANGE, err, "more than 36 decimals");
    assert_error(td_decimal_div(&out, D("1"), D("0"), 2, TD_ROUNDING_HALF_UP, &err), TD_EEVAL, err,
                 "division by zero");
    assert_error(td_decimal_div(&out, D("1"), D("3"), 2, (td_rounding)9, &err), TD_EINVAL, err,
                 "unknown rounding mode 9");
    assert_error(td_decimal_div(&out, D("1"), D("3"), 37, TD_ROUNDING_HALF_UP, &err), TD_ERANGE, err,
                 "decimals must be 0..36");
    assert_error(td_decimal_add(NULL, a, b, &err), TD_EINVAL, err, "out is NULL");
    assert_error(td_decimal_mul(NULL, a, b, &err), TD_EINVAL, err, "out is NULL");
    assert_error(td_decimal_div(NULL, a, b, 2, TD_ROUNDING_HALF_UP, &err), TD_EINVAL, err, "out is NULL");
    /* results of the fast paths, checked by hand */
    assert_ok(td_decimal_div(&out, D("720"), D("700"), 6, TD_ROUNDING_HALF_UP, &err), err);
    assert_decimal(out, "1.028571");
    assert_ok(td_decimal_div(&out, D("-2"), D("3"), 0, TD_ROUNDING_FLOOR, &err), err);
    assert_decimal(out, "-1");
    assert_ok(td_decimal_div(&out, D("2"), D("3"), 0, TD_ROUNDING_CEIL, &err), err);
    assert_decimal(out, "1");
    assert_ok(td_decimal_div(&out, D("1.5"), D("0.5"), 6, TD_ROUNDING_HALF_UP, &err), err);
    assert_decimal(out, "3");
    assert_ok(td_decimal_sub(&out, D("1.10"), D("0.1"), &err), err);
    assert_decimal(out, "1");
    assert_int_equal(td_decimal_scale(out), 0);
    assert_ok(td_decimal_mul(&out, D("9223372036854775807"), D("-9223372036854775807"), &err), err);
    assert_decimal(out, "-85070591730234615847396907784232501249");
}

/* td_numcol_cmp(), the sorts' comparison of two column values, agrees
 * with td_decimal_cmp() on compact values of every scale and on wide ones. */
static void column_comparisons_agree_with_td_decimal_cmp(void **state)
{
    (void)state;
    enum { N = 64 };
    int64_t coef[N];
    signed char scale[N];
    td_decimal values[N], wide[N];
    td_numcol col = {coef, scale, NULL};
    atomic_init(&col.wide, wide);
    for (size_t i = 0; i < N; i++) {
        values[i] = i % 9 == 0 ? D("99999999999999999999999.5") : operand();
        if (i % 13 == 0)
            values[i] = td_decimal_neg(values[i]);
        int64_t c;
        if (td_decimal__to_int64(&c, values[i])) {
            coef[i] = c;
            scale[i] = (signed char)td_decimal_scale(values[i]);
        } else {
            wide[i] = values[i];
            scale[i] = TD_NUMCOL_WIDE;
        }
        assert_int_equal(td_decimal_cmp(td_numcol_get(&col, i), values[i]), 0);
    }
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            if (td_numcol_cmp(&col, i, j) != td_decimal_cmp(values[i], values[j])) {
                char a[TD_DECIMAL_STRING_SIZE], b[TD_DECIMAL_STRING_SIZE];
                show(a, values[i]);
                show(b, values[j]);
                fail_msg("td_numcol_cmp(%s, %s) = %d, td_decimal_cmp says %d", a, b, td_numcol_cmp(&col, i, j),
                         td_decimal_cmp(values[i], values[j]));
            }
}

/* td_decimal_format() writes the shortest exact text: random digit strings
 * of 1 to 38 digits at scales 0 to 36, signed or not, parse and print back
 * as themselves without trailing fraction zeros. */
static void format_prints_back_what_was_parsed(void **state)
{
    (void)state;
    for (int i = 0; i < 200000; i++) {
        unsigned digits = 1 + (unsigned)(next() % 38), scale = (unsigned)(next() % 37);
        char body[96], text[100], want[100], got[TD_DECIMAL_STRING_SIZE];
        size_t n = 0;
        for (unsigned k = 0; k < digits; k++)
            body[n++] = (char)('0' + next() % 10);
        /* the digits with the point `scale` places from the end, zeros in front as needed */
        size_t t = 0;
        bool negative = next() % 2;
        if (negative)
            text[t++] = '-';
        if (scale >= digits) {
            text[t++] = '0';
            text[t++] = '.';
            for (unsigned k = digits; k < scale; k++)
                text[t++] = '0';
            memcpy(text + t, body, n);
            t += n;
        } else {
            memcpy(text + t, body, n - scale);
            t += n - scale;
            if (scale > 0) {
                text[t++] = '.';
                memcpy(text + t, body + n - scale, scale);
                t += scale;
            }
        }
        text[t] = '\0';
        /* the shortest form: no leading zeros, no trailing fraction zeros, no "-0" */
        const char *p = text + negative;
        while (p[0] == '0' && p[1] != '\0' && p[1] != '.')
            p++;
        snprintf(want, sizeof want, "%s%s", negative ? "-" : "", p);
        size_t len = strlen(want);
        if (strchr(want, '.') != NULL) {
            while (want[len - 1] == '0')
                want[--len] = '\0';
            if (want[len - 1] == '.')
                want[--len] = '\0';
        }
        if (strcmp(want, "-0") == 0)
            strcpy(want, "0");
        td_decimal d;
        td_error err;
        assert_ok(td_decimal_parse(&d, text, &err), err);
        assert_int_equal(td_decimal_format(got, sizeof got, d), strlen(want));
        if (strcmp(got, want) != 0)
            fail_msg("%s printed as %s, want %s", text, got, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fast_and_general_paths_agree_on_random_operands),
        cmocka_unit_test(fast_and_general_paths_agree_on_every_pair_of_boundaries),
        cmocka_unit_test(fast_paths_report_what_the_general_paths_report),
        cmocka_unit_test(format_prints_back_what_was_parsed),
        cmocka_unit_test(column_comparisons_agree_with_td_decimal_cmp),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
