/*
 * A result's numbers as columns (thidua/columns.h): filled in one call, or
 * exported as Arrow decimal128 arrays through the Arrow C data interface.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "thidua/columns.h"
#include "decimal_internal.h"
#include "model.h"

static const char *const field_names[] = {"total",  "base",       "bonus",  "deduction",      "target",
                                          "actual", "attainment", "points", "criterion_bonus"};
#define FIELD_COUNT (sizeof field_names / sizeof field_names[0])

const char *td_result_field_name(td_result_field field)
{
    return (unsigned)field < FIELD_COUNT ? field_names[field] : NULL;
}

td_status td_result_field_parse(td_result_field *out, const char *name, td_error *err)
{
    if (out == NULL || name == NULL)
        return td_error_set(err, TD_EINVAL, "result field: %s is NULL", out == NULL ? "out" : "the name");
    for (size_t i = 0; i < FIELD_COUNT; i++)
        if (strcmp(name, field_names[i]) == 0) {
            *out = (td_result_field)i;
            return TD_OK;
        }
    return td_error_set(err, TD_EINVAL,
                        "unknown result field '%s' (total, base, bonus, deduction, target, actual, "
                        "attainment, points, criterion_bonus)",
                        name);
}

bool td_result_field_has_criterion(td_result_field field)
{
    return field >= TD_RESULT_FIELD_TARGET && (unsigned)field < FIELD_COUNT;
}

static td_status check(const td_result *res, td_result_field field, size_t criterion, td_error *err)
{
    if (res == NULL)
        return td_error_set(err, TD_EINVAL, "result column: the result is NULL");
    if ((unsigned)field >= FIELD_COUNT)
        return td_error_set(err, TD_EINVAL, "result column: unknown field %d", (int)field);
    size_t nc = res->rulebook->rules.criterion_count;
    if (td_result_field_has_criterion(field) && criterion >= nc)
        return td_error_set(err, TD_EINVAL,
                            "result column '%s': criterion %zu is out of range (the rulebook has %zu)",
                            field_names[field], criterion, nc);
    if (!td_result_field_has_criterion(field) && criterion != 0)
        return td_error_set(err, TD_EINVAL,
                            "result column '%s' is a member's number: the criterion must be 0, got %zu",
                            field_names[field], criterion);
    return TD_OK;
}

/* Member m's (result index) value of the column into *out, through the
 * per-member accessors of result.h; false when absent. */
static bool value_of(const td_result *res, size_t m, td_result_field field, size_t c, td_decimal *out)
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
    default: *out = td_result_criterion_bonus(res, m, c); return true; /* TD_RESULT_FIELD_CRITERION_BONUS */
    }
}

/* check() and the room a copy of the column needs. */
static td_status check_room(const td_result *res, td_result_field field, size_t criterion, const void *out,
                            size_t count, td_error *err)
{
    td_status rc = check(res, field, criterion, err);
    if (rc != TD_OK)
        return rc;
    if (out == NULL)
        return td_error_set(err, TD_EINVAL, "result column: out is NULL");
    if (count < res->member_count)
        return td_error_set(err, TD_EINVAL, "result column '%s': room for %zu values, the result has %zu members",
                            field_names[field], count, res->member_count);
    return TD_OK;
}

td_status td_result_decimals(td_decimal *out, bool *present, size_t count, const td_result *res,
                             td_result_field field, size_t criterion, td_error *err)
{
    td_status rc = check_room(res, field, criterion, out, count, err);
    if (rc != TD_OK)
        return rc;
    for (size_t m = 0; m < res->member_count; m++) {
        bool has = value_of(res, m, field, criterion, &out[m]);
        if (!has)
            out[m] = td_decimal_zero();
        if (present != NULL)
            present[m] = has;
    }
    return TD_OK;
}

td_status td_result_doubles(double *out, size_t count, const td_result *res, td_result_field field,
                            size_t criterion, td_error *err)
{
    td_status rc = check_room(res, field, criterion, out, count, err);
    if (rc != TD_OK)
        return rc;
    for (size_t m = 0; m < res->member_count; m++) {
        td_decimal v;
        out[m] = value_of(res, m, field, criterion, &v) ? td_decimal_to_double(v) : NAN;
    }
    return TD_OK;
}

/* ---- Arrow ---- */

/* Everything an exported array or schema owns, in one block each: freed by
 * its release callback with the allocator it was made with. */
typedef struct arrow_array_data {
    td_allocator alloc;
    const void *buffers[2]; /* validity (or NULL), values */
    unsigned char *validity;
    unsigned char *values;
} arrow_array_data;

typedef struct arrow_schema_data {
    td_allocator alloc;
    char format[16];
    char name[24];
} arrow_schema_data;

static void release_array(struct ArrowArray *array)
{
    if (array == NULL || array->release == NULL)
        return;
    arrow_array_data *d = array->private_data;
    td_allocator alloc = d->alloc;
    td_dealloc(&alloc, d->validity);
    td_dealloc(&alloc, d->values);
    td_dealloc(&alloc, d);
    array->release = NULL;
}

static void release_schema(struct ArrowSchema *schema)
{
    if (schema == NULL || schema->release == NULL)
        return;
    arrow_schema_data *d = schema->private_data;
    td_allocator alloc = d->alloc;
    td_dealloc(&alloc, d);
    schema->release = NULL;
}

td_status td_result_export_arrow(struct ArrowArray *array, struct ArrowSchema *schema,
                                 const td_result *res, td_result_field field, size_t criterion,
                                 int scale, td_error *err)
{
    td_status rc = check(res, field, criterion, err);
    if (rc != TD_OK)
        return rc;
    if (array == NULL || schema == NULL)
        return td_error_set(err, TD_EINVAL, "result column: %s is NULL", array == NULL ? "array" : "schema");
    if (scale < -1 || scale > TD_DECIMAL_MAX_SCALE)
        return td_error_set(err, TD_EINVAL, "result column '%s': scale must be -1 .. %d, got %d",
                            field_names[field], TD_DECIMAL_MAX_SCALE, scale);
    size_t n = res->member_count;
    /* the scale of the column: the largest of its values, unless given */
    int needed = 0;
    size_t absent = 0, widest = 0;
    for (size_t m = 0; m < n; m++) {
        td_decimal v;
        if (!value_of(res, m, field, criterion, &v)) {
            absent++;
        } else if (td_decimal_scale(v) > needed) {
            needed = td_decimal_scale(v);
            widest = m;
        }
    }
    if (scale >= 0 && needed > scale) {
        td_decimal v;
        value_of(res, widest, field, criterion, &v);
        char text[TD_DECIMAL_STRING_SIZE];
        td_decimal_format(text, sizeof text, v);
        return td_error_set(err, TD_ERANGE,
                            "result column '%s': %s of unit '%s' has %d decimals, more than the scale %d "
                            "asked for (values are never rounded)",
                            field_names[field], text, td_result_member_at(res, widest)->unit, needed, scale);
    }
    if (scale < 0)
        scale = needed;
    const td_allocator *alloc = &res->arena.alloc;
    if (n > SIZE_MAX / 16)
        return td_error_nomem(err);
    arrow_array_data *ad = td_alloc(alloc, sizeof *ad);
    arrow_schema_data *sd = td_alloc(alloc, sizeof *sd);
    unsigned char *values = td_alloc(alloc, n * 16 + 1);
    unsigned char *validity = absent > 0 ? td_alloc(alloc, n / 8 + 1) : NULL;
    if (ad == NULL || sd == NULL || values == NULL || (absent > 0 && validity == NULL)) {
        rc = td_error_nomem(err);
        goto fail;
    }
    if (validity != NULL)
        memset(validity, 0, n / 8 + 1);
    for (size_t m = 0; m < n; m++) {
        td_decimal v = td_decimal_zero(); /* left as it is when absent: the slot holds 0 */
        bool has = value_of(res, m, field, criterion, &v);
        if (!td_decimal__to_decimal128(values + 16 * m, v, scale)) {
            char text[TD_DECIMAL_STRING_SIZE];
            td_decimal_format(text, sizeof text, v);
            rc = td_error_set(err, TD_ERANGE,
                              "result column '%s': %s of unit '%s' does not fit decimal128(38, %d), the "
                              "scale of the column",
                              field_names[field], text, td_result_member_at(res, m)->unit, scale);
            goto fail;
        }
        if (has && validity != NULL)
            validity[m / 8] |= (unsigned char)(1u << (m % 8));
    }
    ad->alloc = *alloc;
    ad->validity = validity;
    ad->values = values;
    ad->buffers[0] = validity;
    ad->buffers[1] = values;
    sd->alloc = *alloc;
    snprintf(sd->format, sizeof sd->format, "d:38,%d", scale);
    snprintf(sd->name, sizeof sd->name, "%s", field_names[field]);
    *array = (struct ArrowArray){(int64_t)n, (int64_t)absent, 0, 2, 0, ad->buffers, NULL, NULL, release_array, ad};
    *schema = (struct ArrowSchema){sd->format, sd->name, NULL, ARROW_FLAG_NULLABLE, 0, NULL, NULL, release_schema, sd};
    return TD_OK;
fail:
    td_dealloc(alloc, ad);
    td_dealloc(alloc, sd);
    td_dealloc(alloc, values);
    td_dealloc(alloc, validity);
    return rc;
}
