/*
 * thidua/columns.h: a result's numbers as columns, filled in one call or
 * exported as Arrow decimal128 arrays, agree with the per-member accessors.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"
#include "td_test.h"
#include "int128.h"
#include "model.h"

static td_result *awards_result(const td_allocator *alloc)
{
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    assert_ok(fixture_awards_rulebook(&rb, NULL, &err), err);
    assert_ok(fixture_awards_cluster(&cl, NULL, &err), err);
    td_eval_options opts = TD_EVAL_OPTIONS_INIT;
    opts.allocator = alloc;
    td_result *res = NULL;
    assert_ok(td_evaluate(&res, rb, cl, &opts, &err), err);
    td_cluster_free(cl);
    td_rulebook_free(rb);
    return res;
}

/* What the per-member accessors give for (m, field, c); false when absent. */
static bool accessor(const td_result *res, size_t m, td_result_field field, size_t c, td_decimal *out)
{
    switch (field) {
    case TD_RESULT_FIELD_TOTAL: *out = td_result_member_total(res, m); return true;
    case TD_RESULT_FIELD_BASE: *out = td_result_member_base(res, m); return true;
    case TD_RESULT_FIELD_BONUS: *out = td_result_member_bonus(res, m); return true;
    case TD_RESULT_FIELD_DEDUCTION: *out = td_result_member_deduction(res, m); return true;
    case TD_RESULT_FIELD_TARGET: return td_result_target(out, res, m, c);
    case TD_RESULT_FIELD_ACTUAL: return td_result_actual(out, res, m, c);
    case TD_RESULT_FIELD_ATTAINMENT: return td_result_attainment(out, res, m, c);
    case TD_RESULT_FIELD_POINTS: *out = td_result_points(res, m, c); return true;
    case TD_RESULT_FIELD_CRITERION_BONUS: *out = td_result_criterion_bonus(res, m, c); return true;
    }
    fail_msg("unknown field %d", (int)field);
    return false;
}

static void names_and_parsing(void **state)
{
    (void)state;
    static const char *const names[] = {"total",  "base",       "bonus",  "deduction",      "target",
                                        "actual", "attainment", "points", "criterion_bonus"};
    for (int f = 0; f < 9; f++) {
        assert_string_equal(td_result_field_name((td_result_field)f), names[f]);
        td_result_field parsed = (td_result_field)-1;
        td_error err;
        assert_ok(td_result_field_parse(&parsed, names[f], &err), err);
        assert_int_equal(parsed, f);
        assert_int_equal(td_result_field_has_criterion((td_result_field)f), f >= 4);
    }
    assert_null(td_result_field_name((td_result_field)9));
    assert_false(td_result_field_has_criterion((td_result_field)9));
    td_result_field f = TD_RESULT_FIELD_BASE;
    td_error err;
    assert_error(td_result_field_parse(&f, "Total", &err), TD_EINVAL, err, "unknown result field 'Total'");
    assert_non_null(strstr(err.message, "criterion_bonus"));
    assert_int_equal(f, TD_RESULT_FIELD_BASE);
    assert_error(td_result_field_parse(NULL, "total", &err), TD_EINVAL, err, "out is NULL");
    assert_error(td_result_field_parse(&f, NULL, &err), TD_EINVAL, err, "the name is NULL");
}

static void every_column_agrees_with_the_accessors(void **state)
{
    (void)state;
    td_result *res = awards_result(NULL);
    size_t n = td_result_member_count(res), nc = td_result_criterion_count(res);
    assert_true(n >= 4);
    td_decimal *values = calloc(n, sizeof *values);
    bool *present = calloc(n, sizeof *present);
    double *doubles = calloc(n, sizeof *doubles);
    td_error err;
    size_t absent_seen = 0;
    for (int f = 0; f < 9; f++) {
        td_result_field field = (td_result_field)f;
        size_t columns = td_result_field_has_criterion(field) ? nc : 1;
        for (size_t c = 0; c < columns; c++) {
            assert_ok(td_result_decimals(values, present, n, res, field, c, &err), err);
            assert_ok(td_result_doubles(doubles, n, res, field, c, &err), err);
            for (size_t m = 0; m < n; m++) {
                td_decimal want = td_decimal_zero();
                bool has = accessor(res, m, field, c, &want);
                assert_int_equal(present[m], has);
                if (!has) {
                    absent_seen++;
                    assert_true(td_decimal_is_zero(values[m]));
                    assert_true(isnan(doubles[m]));
                    continue;
                }
                assert_int_equal(td_decimal_cmp(values[m], want), 0);
                assert_int_equal(td_decimal_scale(values[m]), td_decimal_scale(want));
                assert_true(doubles[m] == td_decimal_to_double(want));
            }
            /* present may be NULL */
            assert_ok(td_result_decimals(values, NULL, n, res, field, c, &err), err);
        }
    }
    assert_true(absent_seen > 0); /* the fixture has criteria without targets */
    free(values);
    free(present);
    free(doubles);
    td_result_free(res);
}

static void bad_arguments_are_refused_and_nothing_is_written(void **state)
{
    (void)state;
    td_result *res = awards_result(NULL);
    size_t n = td_result_member_count(res), nc = td_result_criterion_count(res);
    td_decimal values[64];
    double doubles[64];
    bool present[64];
    assert_true(n < 64);
    td_decimal marker = D("7.5");
    for (size_t i = 0; i < 64; i++) {
        values[i] = marker;
        doubles[i] = 7.5;
        present[i] = true;
    }
    td_error err;
    assert_error(td_result_decimals(values, present, n, NULL, TD_RESULT_FIELD_TOTAL, 0, &err), TD_EINVAL, err,
                 "the result is NULL");
    assert_error(td_result_decimals(NULL, present, n, res, TD_RESULT_FIELD_TOTAL, 0, &err), TD_EINVAL, err,
                 "out is NULL");
    assert_error(td_result_decimals(values, present, n, res, (td_result_field)9, 0, &err), TD_EINVAL, err,
                 "unknown field 9");
    assert_error(td_result_decimals(values, present, n, res, TD_RESULT_FIELD_POINTS, nc, &err), TD_EINVAL, err,
                 "criterion");
    assert_non_null(strstr(err.message, "out of range"));
    assert_error(td_result_decimals(values, present, n, res, TD_RESULT_FIELD_TOTAL, 1, &err), TD_EINVAL, err,
                 "the criterion must be 0, got 1");
    assert_error(td_result_decimals(values, present, n - 1, res, TD_RESULT_FIELD_TOTAL, 0, &err), TD_EINVAL,
                 err, "room for");
    assert_error(td_result_doubles(doubles, n - 1, res, TD_RESULT_FIELD_TOTAL, 0, &err), TD_EINVAL, err,
                 "room for");
    assert_error(td_result_doubles(NULL, n, res, TD_RESULT_FIELD_TOTAL, 0, &err), TD_EINVAL, err, "out is NULL");
    assert_error(td_result_doubles(doubles, n, res, TD_RESULT_FIELD_ACTUAL, nc + 5, &err), TD_EINVAL, err,
                 "out of range");
    for (size_t i = 0; i < 64; i++) {
        assert_int_equal(td_decimal_cmp(values[i], marker), 0);
        assert_true(doubles[i] == 7.5);
        assert_true(present[i]);
    }
    struct ArrowArray array;
    struct ArrowSchema schema;
    memset(&array, 0xAB, sizeof array);
    memset(&schema, 0xAB, sizeof schema);
    assert_error(td_result_export_arrow(NULL, &schema, res, TD_RESULT_FIELD_TOTAL, 0, -1, &err), TD_EINVAL, err,
                 "array is NULL");
    assert_error(td_result_export_arrow(&array, NULL, res, TD_RESULT_FIELD_TOTAL, 0, -1, &err), TD_EINVAL, err,
                 "schema is NULL");
    assert_error(td_result_export_arrow(&array, &schema, res, TD_RESULT_FIELD_TARGET, nc, -1, &err), TD_EINVAL,
                 err, "out of range");
    assert_int_equal(((unsigned char *)&array)[0], 0xAB);
    assert_int_equal(((unsigned char *)&schema)[0], 0xAB);
    td_result_free(res);
}

/* The decimal an exported decimal128 value stands for. */
static td_decimal from_le128(const unsigned char *p, int scale)
{
    uint64_t lo = 0, hi = 0;
    for (int i = 0; i < 8; i++) {
        lo |= (uint64_t)p[i] << (8 * i);
        hi |= (uint64_t)p[8 + i] << (8 * i);
    }
    /* exact through text: hi:lo as a signed 128-bit number */
    td_i128 v = td_i128_from_bits(td_u128_make(hi, lo));
    char digits[48], *s = digits + sizeof digits - 1;
    *s = '\0';
    bool negative = td_i128_is_neg(v);
    td_u128 u = td_i128_mag(v);
    do {
        td_u128 r;
        u = td_u128_divmod(u, td_u128_of(10), &r);
        *--s = (char)('0' + (int)td_u128_lo(r));
    } while (!td_u128_is_zero(u));
    if (negative)
        *--s = '-';
    char text[80];
    if (scale > 0)
        snprintf(text, sizeof text, "%sE-%d", s, scale);
    else
        snprintf(text, sizeof text, "%s", s);
    return D(text);
}

static void arrow_arrays_hold_the_exact_values(void **state)
{
    (void)state;
    td_result *res = awards_result(NULL);
    size_t n = td_result_member_count(res), nc = td_result_criterion_count(res);
    td_error err;
    bool saw_nulls = false, saw_fraction = false;
    for (int f = 0; f < 9; f++) {
        td_result_field field = (td_result_field)f;
        size_t columns = td_result_field_has_criterion(field) ? nc : 1;
        for (size_t c = 0; c < columns; c++) {
            struct ArrowArray array;
            struct ArrowSchema schema;
            assert_ok(td_result_export_arrow(&array, &schema, res, field, c, -1, &err), err);
            int scale = -1;
            assert_int_equal(sscanf(schema.format, "d:38,%d", &scale), 1);
            assert_true(scale >= 0 && scale <= TD_DECIMAL_MAX_SCALE);
            saw_fraction |= scale > 0;
            assert_string_equal(schema.name, td_result_field_name(field));
            assert_null(schema.metadata);
            assert_int_equal(schema.flags, ARROW_FLAG_NULLABLE);
            assert_int_equal(schema.n_children, 0);
            assert_int_equal(array.length, (int64_t)n);
            assert_int_equal(array.offset, 0);
            assert_int_equal(array.n_buffers, 2);
            assert_int_equal(array.n_children, 0);
            const unsigned char *validity = array.buffers[0], *values = array.buffers[1];
            int64_t nulls = 0;
            int max_scale = 0;
            for (size_t m = 0; m < n; m++) {
                td_decimal want = td_decimal_zero();
                bool has = accessor(res, m, field, c, &want);
                bool valid = validity == NULL || (validity[m / 8] >> (m % 8)) & 1;
                assert_int_equal(valid, has);
                if (!has) {
                    nulls++;
                    continue;
                }
                if (td_decimal_scale(want) > max_scale)
                    max_scale = td_decimal_scale(want);
                assert_int_equal(td_decimal_cmp(from_le128(values + 16 * m, scale), want), 0);
            }
            assert_int_equal(array.null_count, nulls);
            assert_int_equal(scale, max_scale); /* the smallest scale that holds every value */
            if (nulls == 0)
                assert_null(validity);
            saw_nulls |= nulls > 0;
            array.release(&array);
            assert_null(array.release);
            schema.release(&schema);
            assert_null(schema.release);
        }
    }
    assert_true(saw_nulls && saw_fraction);
    td_result_free(res);
}

/* A fixed scale: every value written at it, a value with more decimals
 * refused (never rounded), a scale out of range refused. */
static void a_fixed_scale_gives_one_type_for_every_result(void **state)
{
    (void)state;
    td_result *res = awards_result(NULL);
    size_t n = td_result_member_count(res);
    struct ArrowArray array;
    struct ArrowSchema schema;
    td_error err;
    assert_ok(td_result_export_arrow(&array, &schema, res, TD_RESULT_FIELD_TOTAL, 0, 9, &err), err);
    assert_string_equal(schema.format, "d:38,9");
    const unsigned char *values = array.buffers[1];
    for (size_t m = 0; m < n; m++)
        assert_int_equal(td_decimal_cmp(from_le128(values + 16 * m, 9), td_result_member_total(res, m)), 0);
    array.release(&array);
    schema.release(&schema);
    /* the attainments have 6 decimals: scale 2 would have to round them */
    memset(&array, 0, sizeof array);
    assert_error(td_result_export_arrow(&array, &schema, res, TD_RESULT_FIELD_ATTAINMENT, 0, 2, &err), TD_ERANGE,
                 err, "more than the scale 2 asked for (values are never rounded)");
    assert_null(array.release);
    assert_error(td_result_export_arrow(&array, &schema, res, TD_RESULT_FIELD_TOTAL, 0, -2, &err), TD_EINVAL, err,
                 "scale must be -1 .. 36, got -2");
    assert_error(td_result_export_arrow(&array, &schema, res, TD_RESULT_FIELD_TOTAL, 0, 37, &err), TD_EINVAL, err,
                 "got 37");
    td_result_free(res);
}

/* The exported array lives on after the result, and every allocation of
 * the export may fail without leaking. */
static void an_export_outlives_its_result_and_survives_allocation_failures(void **state)
{
    (void)state;
    test_alloc t;
    test_alloc_init(&t, 0);
    td_result *res = awards_result(&t.allocator);
    struct ArrowArray array;
    struct ArrowSchema schema;
    td_error err;
    size_t calls = t.calls;
    assert_ok(td_result_export_arrow(&array, &schema, res, TD_RESULT_FIELD_TOTAL, 0, -1, &err), err);
    size_t used = t.calls - calls;
    assert_true(used >= 3);
    td_decimal first = td_result_member_total(res, 0);
    td_result_free(res);
    assert_int_equal(td_decimal_cmp(from_le128(array.buffers[1], atoi(schema.format + 5)), first), 0);
    array.release(&array);
    schema.release(&schema);
    assert_int_equal(t.live, 0);

    for (size_t k = 1; k <= used; k++) {
        test_alloc_init(&t, 0);
        res = awards_result(&t.allocator);
        t.fail_at = t.calls + k;
        memset(&array, 0, sizeof array);
        assert_error(td_result_export_arrow(&array, &schema, res, TD_RESULT_FIELD_POINTS, 0, -1, &err), TD_ENOMEM,
                     err, "");
        assert_null(array.release);
        td_result_free(res);
        assert_int_equal(t.live, 0);
    }
}

/* A column whose values need more than 38 digits at one scale. */
static void a_column_that_does_not_fit_decimal128_is_refused(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = NULL;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    assert_ok(td_rulebook_builder_new(&b, "wide", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "S", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "S", "c", NULL, D("10"), &err), err);
    assert_ok(tr_rule_proportional(b, "c", D("1"), &err), err);
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    assert_ok(td_cluster_new(&cl, "k", 2024, NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "big", NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "fine", NULL, &err), err);
    assert_ok(td_cluster_set_target(cl, "big", "c", D("1"), &err), err);
    assert_ok(td_cluster_set_actual(cl, "big", "c", D("12345678901234567890123456789012"), &err), err);
    assert_ok(td_cluster_set_target(cl, "fine", "c", D("1"), &err), err);
    assert_ok(td_cluster_set_actual(cl, "fine", "c", D("0.0000001"), &err), err);
    td_result *res = NULL;
    assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
    struct ArrowArray array;
    struct ArrowSchema schema;
    memset(&array, 0, sizeof array);
    assert_error(td_result_export_arrow(&array, &schema, res, TD_RESULT_FIELD_ACTUAL, 0, -1, &err), TD_ERANGE, err,
                 "12345678901234567890123456789012 of unit 'big' does not fit decimal128(38, 7)");
    assert_null(array.release);
    /* the same at a scale asked for: 32 whole digits and 7 decimals */
    assert_error(td_result_export_arrow(&array, &schema, res, TD_RESULT_FIELD_ACTUAL, 0, 7, &err), TD_ERANGE, err,
                 "does not fit decimal128(38, 7)");
    assert_null(array.release);
    /* the points column fits */
    assert_ok(td_result_export_arrow(&array, &schema, res, TD_RESULT_FIELD_POINTS, 0, -1, &err), err);
    array.release(&array);
    schema.release(&schema);
    td_result_free(res);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}


/* ---- Arrow input ---- */

/* A hand-made record batch: up to 8 columns of up to 16 rows. */
typedef struct batch {
    struct ArrowSchema schema, child_schema[8], *schema_children[8];
    struct ArrowArray array, child[8], *children[8];
    const void *buffers[8][3];
    int32_t offsets[8][17];
    char text[8][512];
    unsigned char validity[8][4];
    unsigned char values[8][16 * 16];
    int n;
    int64_t rows;
} batch;

static void batch_init(batch *b, int64_t rows)
{
    memset(b, 0, sizeof *b);
    b->rows = rows;
    b->schema.format = "+s";
    b->schema.children = b->schema_children;
    b->array.length = rows;
    b->array.n_buffers = 1;
    b->array.buffers = b->buffers[7];
    b->array.children = b->children;
}

static int add_child(batch *b, const char *name, const char *format)
{
    int k = b->n++;
    b->child_schema[k].format = format;
    b->child_schema[k].name = name;
    b->schema_children[k] = &b->child_schema[k];
    b->child[k].length = b->rows;
    b->child[k].buffers = b->buffers[k];
    b->children[k] = &b->child[k];
    b->schema.n_children = b->array.n_children = b->n;
    return k;
}

/* A utf8 column; NULL entries are nulls. */
static void add_strings(batch *b, const char *name, const char *const *rows)
{
    int k = add_child(b, name, "u");
    size_t at = 0;
    for (int64_t i = 0; i < b->rows; i++) {
        b->offsets[k][i] = (int32_t)at;
        if (rows[i] == NULL) {
            b->child[k].null_count++;
            continue;
        }
        b->validity[k][i / 8] |= (unsigned char)(1u << (i % 8));
        memcpy(b->text[k] + at, rows[i], strlen(rows[i]));
        at += strlen(rows[i]);
    }
    b->offsets[k][b->rows] = (int32_t)at;
    b->child[k].n_buffers = 3;
    b->buffers[k][0] = b->child[k].null_count ? b->validity[k] : NULL;
    b->buffers[k][1] = b->offsets[k];
    b->buffers[k][2] = b->text[k];
}

/* An int64 column; a value below 0 with `nulls` is a null. */
static void add_int64(batch *b, const char *name, const int64_t *rows, bool nulls)
{
    int k = add_child(b, name, "l");
    for (int64_t i = 0; i < b->rows; i++) {
        if (nulls && rows[i] < 0) {
            b->child[k].null_count++;
            continue;
        }
        b->validity[k][i / 8] |= (unsigned char)(1u << (i % 8));
        memcpy(b->values[k] + 8 * i, &rows[i], 8);
    }
    b->child[k].n_buffers = 2;
    b->buffers[k][0] = b->child[k].null_count ? b->validity[k] : NULL;
    b->buffers[k][1] = b->values[k];
}

/* A decimal128(38, scale) column of small coefficients. */
static void add_decimal(batch *b, const char *name, const char *format, const int64_t *coefficients)
{
    int k = add_child(b, name, format);
    for (int64_t i = 0; i < b->rows; i++) {
        int64_t c = coefficients[i];
        uint64_t lo = (uint64_t)c, hi = c < 0 ? UINT64_MAX : 0;
        for (int j = 0; j < 8; j++) {
            b->values[k][16 * i + j] = (unsigned char)(lo >> (8 * j));
            b->values[k][16 * i + 8 + j] = (unsigned char)(hi >> (8 * j));
        }
    }
    b->child[k].n_buffers = 2;
    b->buffers[k][1] = b->values[k];
}

static void add_double(batch *b, const char *name, const double *rows)
{
    int k = add_child(b, name, "g");
    memcpy(b->values[k], rows, (size_t)b->rows * sizeof(double));
    b->child[k].n_buffers = 2;
    b->buffers[k][1] = b->values[k];
}

static td_cluster *three_members(void)
{
    td_cluster *cl = NULL;
    td_error err;
    assert_ok(td_cluster_new(&cl, "k", 2024, NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "a", NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "b", NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "c", NULL, &err), err);
    return cl;
}

/* The cluster's value of a unit for a measure as text, or "-". */
static const char *value_text(const td_cluster *cl, const char *unit, int kind, const char *measure, char *buf)
{
    size_t m = 0;
    while (m < td_cluster_member_count(cl) && strcmp(td_cluster_member_id(cl, m), unit) != 0)
        m++;
    td_decimal v;
    if (!td_cluster_value(cl, m, kind, measure, &v))
        return "-";
    td_decimal_format(buf, TD_DECIMAL_STRING_SIZE, v);
    return buf;
}

static void a_record_batch_fills_targets_and_actuals(void **state)
{
    (void)state;
    static const char *const units[] = {"a", "b", "c", "a", "b", "c"};
    static const char *const measures[] = {"hh", "hh", "hh", "loans", "loans", "loans"};
    static const int64_t targets[] = {12345, 900, 0, 20, -1, 7}; /* decimal128(38, 1) coefficients */
    static const double actuals[] = {0.1, 950, 3563.5, 1e3, 2.25, 0};
    batch b;
    batch_init(&b, 6);
    add_strings(&b, "unit", units);
    add_strings(&b, "ignored", units);
    add_strings(&b, "measure", measures);
    add_decimal(&b, "target", "d:38,1", targets);
    add_double(&b, "actual", actuals);
    td_cluster *cl = three_members();
    td_error err;
    /* a negative target: the whole batch is refused, and nothing changes */
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_ERANGE, err,
                 "arrow batch row 5 (unit 'b', measure 'loans'): the target must be >= 0, got -0.1");
    char buf[TD_DECIMAL_STRING_SIZE];
    assert_string_equal(value_text(cl, "a", 1, "hh", buf), "-");
    /* the same batch without that row: a slice of the batch (offset 0, 4 rows) */
    b.array.length = 4;
    assert_ok(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), err);
    assert_string_equal(value_text(cl, "a", 0, "hh", buf), "1234.5");
    assert_string_equal(value_text(cl, "a", 1, "hh", buf), "0.1");
    assert_string_equal(value_text(cl, "b", 0, "hh", buf), "90");
    assert_string_equal(value_text(cl, "c", 1, "hh", buf), "3563.5");
    assert_string_equal(value_text(cl, "c", 0, "hh", buf), "0");
    assert_string_equal(value_text(cl, "a", 1, "loans", buf), "1000");
    assert_string_equal(value_text(cl, "b", 0, "loans", buf), "-");
    /* the last row through a batch offset: row 6 is the slice's row 1 */
    b.array.offset = 5;
    b.array.length = 1;
    assert_ok(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), err);
    assert_string_equal(value_text(cl, "c", 0, "loans", buf), "0.7");
    assert_string_equal(value_text(cl, "c", 1, "loans", buf), "0");
    /* given again: refused, naming both values */
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EEXISTS, err,
                 "arrow batch row 1 (unit 'c', measure 'loans'): the target is given twice (0.7 before, then 0.7)");
    td_cluster_free(cl);
}

static void nulls_int64_and_text_columns(void **state)
{
    (void)state;
    static const char *const units[] = {"a", "b", NULL, "c"};
    static const char *const measures[] = {"m", "m", "m", "m"};
    static const int64_t targets[] = {10, -1, 5, 20}; /* -1: null */
    static const char *const actuals[] = {"3.563", NULL, "1", "0.000"};
    batch b;
    batch_init(&b, 4);
    add_strings(&b, "measure", measures);
    add_strings(&b, "unit", units);
    add_int64(&b, "target", targets, true);
    add_strings(&b, "actual", actuals);
    /* row 3 is null as a whole: skipped */
    static unsigned char rows_valid = 0x0B; /* rows 1, 2 and 4 */
    b.array.null_count = 1;
    b.buffers[7][0] = &rows_valid;
    td_cluster *cl = three_members();
    td_error err;
    assert_ok(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), err);
    char buf[TD_DECIMAL_STRING_SIZE];
    assert_string_equal(value_text(cl, "a", 0, "m", buf), "10");
    assert_string_equal(value_text(cl, "a", 1, "m", buf), "3.563");
    assert_string_equal(value_text(cl, "b", 0, "m", buf), "-");
    assert_string_equal(value_text(cl, "b", 1, "m", buf), "-");
    assert_string_equal(value_text(cl, "c", 0, "m", buf), "20");
    assert_string_equal(value_text(cl, "c", 1, "m", buf), "0");
    td_cluster_free(cl);
}

/* A batch whose values go to a column's arrays, to a sparse column's
 * spilled values and to the wide values, refused at its last row: every
 * value is taken back out; the rows without the bad one are then
 * accepted, and a value given twice in a batch is named so. */
static void a_refused_batch_takes_back_spilled_and_wide_values(void **state)
{
    (void)state;
    td_cluster *cl = NULL;
    td_error err;
    assert_ok(td_cluster_new(&cl, "many", 2024, NULL, &err), err);
    char id[16];
    for (int i = 0; i < 200; i++) {
        snprintf(id, sizeof id, "u%03d", i);
        assert_ok(td_cluster_add_member(cl, id, NULL, &err), err);
    }
    assert_ok(td_cluster_set_actual(cl, "u000", "m", D("1"), &err), err);
    static const char *const units[] = {"u001", "u150", "u002", "u003"};
    static const char *const measures[] = {"m", "rare", "m", "m"};
    static const char *const actuals[] = {"2", "5", "123456789012345678901234567890.5", "-1"};
    batch b;
    batch_init(&b, 4);
    add_strings(&b, "unit", units);
    add_strings(&b, "measure", measures);
    add_strings(&b, "actual", actuals);
    size_t values = cl->value_count, spills = cl->spill_count, wides = cl->wide_count;
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_ERANGE, err, "arrow batch row 4");
    assert_int_equal(cl->value_count, values);
    assert_int_equal(cl->spill_count, spills);
    assert_int_equal(cl->wide_count, wides);
    char buf[TD_DECIMAL_STRING_SIZE];
    assert_string_equal(value_text(cl, "u001", 1, "m", buf), "-");
    assert_string_equal(value_text(cl, "u150", 1, "rare", buf), "-");
    assert_string_equal(value_text(cl, "u002", 1, "m", buf), "-");
    assert_string_equal(value_text(cl, "u000", 1, "m", buf), "1");
    size_t rare;
    assert_true(td_cluster_name_number(cl, "rare", &rare));
    assert_int_equal(cl->vcols[rare * TD_VALUE_KINDS + TD_VALUE_ACTUAL].spilled, 0);
    /* without the bad row */
    b.array.length = 3;
    assert_ok(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), err);
    assert_string_equal(value_text(cl, "u001", 1, "m", buf), "2");
    assert_string_equal(value_text(cl, "u150", 1, "rare", buf), "5");
    assert_string_equal(value_text(cl, "u002", 1, "m", buf), "123456789012345678901234567890.5");
    assert_int_equal(cl->spill_count, spills + 1);
    assert_int_equal(cl->wide_count, wides + 1);
    assert_int_equal(cl->value_count, values + 3);
    /* a spilled value twice: in the batch, then before it */
    static const char *const twice_units[] = {"u190", "u190"};
    static const char *const twice_measures[] = {"rare", "rare"};
    static const char *const twice_actuals[] = {"7", "8"};
    batch t;
    batch_init(&t, 2);
    add_strings(&t, "unit", twice_units);
    add_strings(&t, "measure", twice_measures);
    add_strings(&t, "actual", twice_actuals);
    assert_error(td_cluster_add_arrow(cl, &t.schema, &t.array, &err), TD_EEXISTS, err,
                 "the actual is given twice in the batch (7, then 8)");
    assert_string_equal(value_text(cl, "u190", 1, "rare", buf), "-");
    /* the batch given again: its first row was given before */
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EEXISTS, err,
                 "the actual is given twice (2 before, then 2)");
    td_cluster_free(cl);
}

static void bad_batches_are_refused_whole(void **state)
{
    (void)state;
    static const char *const units[] = {"a", "b"};
    static const char *const measures[] = {"m", "m"};
    static const int64_t ints[] = {1, 2};
    td_cluster *cl = three_members();
    td_error err;
    batch b;
    /* no measure column */
    batch_init(&b, 2);
    add_strings(&b, "unit", units);
    add_int64(&b, "target", ints, false);
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EINVAL, err, "no column named 'measure'");
    /* no value column */
    batch_init(&b, 2);
    add_strings(&b, "unit", units);
    add_strings(&b, "measure", measures);
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EINVAL, err,
                 "no column named 'target' or 'actual'");
    /* a unit column of numbers, a value column of another type */
    batch_init(&b, 2);
    add_int64(&b, "unit", ints, false);
    add_strings(&b, "measure", measures);
    add_int64(&b, "target", ints, false);
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EINVAL, err,
                 "column 'unit' must be strings (utf8), its format is 'l'");
    batch_init(&b, 2);
    add_strings(&b, "unit", units);
    add_strings(&b, "measure", measures);
    add_int64(&b, "target", ints, false);
    b.child_schema[2].format = "f";
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EINVAL, err, "column 'target' has format 'f'");
    b.child_schema[2].format = "d:38,40";
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EINVAL, err, "has format 'd:38,40'");
    b.child_schema[2].format = "d:76,2,256";
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EINVAL, err, "has format 'd:76,2,256'");
    b.child_schema[2].format = "l";
    /* not a struct; children that do not match; a short column; offsets that go back */
    b.schema.format = "+l";
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EINVAL, err, "expected a record batch");
    b.schema.format = "+s";
    b.array.n_children = 2;
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EINVAL, err, "does not match its schema");
    b.array.n_children = 3;
    b.child[2].length = 1;
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EINVAL, err,
                 "column 'target' is shorter than the batch");
    b.child[2].length = 2;
    b.child[2].n_buffers = 3;
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EINVAL, err,
                 "column 'target' is not a well-formed array");
    b.child[2].n_buffers = 2;
    b.offsets[0][0] = 1;
    b.offsets[0][1] = 0;
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EINVAL, err,
                 "column 'unit' has offsets that go backwards");
    b.offsets[0][0] = 0;
    b.offsets[0][1] = 1;
    assert_error(td_cluster_add_arrow(NULL, &b.schema, &b.array, &err), TD_EINVAL, err, "the cluster is NULL");
    assert_error(td_cluster_add_arrow(cl, NULL, &b.array, &err), TD_EINVAL, err, "the schema is NULL");
    assert_error(td_cluster_add_arrow(cl, &b.schema, NULL, &err), TD_EINVAL, err, "the array is NULL");
    /* rows: a unit that is no member, an empty measure, a NUL, decimal text that does not parse, NaN */
    static const char *const stranger[] = {"a", "zz"};
    batch_init(&b, 2);
    add_strings(&b, "unit", stranger);
    add_strings(&b, "measure", measures);
    add_int64(&b, "target", ints, false);
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_ENOTFOUND, err,
                 "arrow batch row 2: a row names unit 'zz', which is not a member");
    static const char *const empty[] = {"m", ""};
    batch_init(&b, 2);
    add_strings(&b, "unit", units);
    add_strings(&b, "measure", empty);
    add_int64(&b, "target", ints, false);
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EINVAL, err, "arrow batch row 2");
    assert_non_null(strstr(err.message, "measure"));
    b.text[1][0] = '\0'; /* "m" becomes a NUL byte */
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EINVAL, err,
                 "the measure holds a NUL byte");
    static const char *const texts[] = {"1", "3,5"};
    batch_init(&b, 2);
    add_strings(&b, "unit", units);
    add_strings(&b, "measure", measures);
    add_strings(&b, "actual", texts);
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EPARSE, err,
                 "arrow batch row 2 (unit 'b', measure 'm')");
    static const double nan[] = {1, 0.0 / 0.0};
    batch_init(&b, 2);
    add_strings(&b, "unit", units);
    add_strings(&b, "measure", measures);
    add_double(&b, "actual", nan);
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_ERANGE, err, "arrow batch row 2");
    /* twice in one batch */
    static const char *const twice[] = {"a", "a"};
    batch_init(&b, 2);
    add_strings(&b, "unit", twice);
    add_strings(&b, "measure", measures);
    add_int64(&b, "actual", ints, false);
    assert_error(td_cluster_add_arrow(cl, &b.schema, &b.array, &err), TD_EEXISTS, err,
                 "arrow batch row 2 (unit 'a', measure 'm'): the actual is given twice in the batch (1, then 2)");
    /* after all of this, the cluster holds no value */
    char buf[TD_DECIMAL_STRING_SIZE];
    assert_string_equal(value_text(cl, "a", 0, "m", buf), "-");
    assert_string_equal(value_text(cl, "a", 1, "m", buf), "-");
    td_cluster_free(cl);
}

/* Evaluating a cluster filled from Arrow gives what the same values give
 * through td_cluster_set_target/actual; every allocation may fail. */
static void arrow_input_survives_allocation_failures(void **state)
{
    (void)state;
    static const char *const units[] = {"a", "b", "c", "a", "b", "c"};
    static const char *const measures[] = {"x", "x", "x", "y", "y", "y"};
    static const int64_t targets[] = {10, 20, 30, 40, 50, 60};
    static const int64_t actuals[] = {11, 19, 30, 44, 50, 61};
    batch b;
    batch_init(&b, 6);
    add_strings(&b, "unit", units);
    add_strings(&b, "measure", measures);
    add_int64(&b, "target", targets, false);
    add_int64(&b, "actual", actuals, false);
    td_error err;
    for (size_t fail = 1;; fail++) {
        test_alloc t;
        test_alloc_init(&t, 0);
        td_cluster *cl = NULL;
        assert_ok(td_cluster_new(&cl, "k", 2024, &t.allocator, &err), err);
        for (int m = 0; m < 3; m++)
            assert_ok(td_cluster_add_member(cl, units[m], NULL, &err), err);
        t.fail_at = t.calls + fail;
        td_status rc = td_cluster_add_arrow(cl, &b.schema, &b.array, &err);
        char buf[TD_DECIMAL_STRING_SIZE];
        if (rc == TD_OK) {
            assert_string_equal(value_text(cl, "c", 1, "y", buf), "61");
            td_cluster_free(cl);
            assert_int_equal(t.live, 0);
            assert_true(fail > 3);
            break;
        }
        assert_int_equal(rc, TD_ENOMEM);
        /* nothing was added */
        for (int m = 0; m < 6; m++) {
            assert_string_equal(value_text(cl, units[m], 0, measures[m], buf), "-");
            assert_string_equal(value_text(cl, units[m], 1, measures[m], buf), "-");
        }
        td_cluster_free(cl);
        assert_int_equal(t.live, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_and_parsing),
        cmocka_unit_test(every_column_agrees_with_the_accessors),
        cmocka_unit_test(bad_arguments_are_refused_and_nothing_is_written),
        cmocka_unit_test(arrow_arrays_hold_the_exact_values),
        cmocka_unit_test(a_fixed_scale_gives_one_type_for_every_result),
        cmocka_unit_test(an_export_outlives_its_result_and_survives_allocation_failures),
        cmocka_unit_test(a_column_that_does_not_fit_decimal128_is_refused),
        cmocka_unit_test(a_record_batch_fills_targets_and_actuals),
        cmocka_unit_test(nulls_int64_and_text_columns),
        cmocka_unit_test(bad_batches_are_refused_whole),
        cmocka_unit_test(a_refused_batch_takes_back_spilled_and_wide_values),
        cmocka_unit_test(arrow_input_survives_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
