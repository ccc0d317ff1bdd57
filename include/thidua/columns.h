/*
 * thidua/columns.h — numbers as columns, in and out.
 *
 * Out: a result's numbers, one value per member in result order, filled by
 * one call instead of one accessor call per member (td_result_decimals(),
 * td_result_doubles()), or handed out as an Arrow array through the Arrow
 * C data interface (td_result_export_arrow(): decimal128, exact, no
 * dependency on Arrow). These read an immutable result: any number of
 * threads may call them at once.
 *
 * In: a cluster's targets and actuals from an Arrow record batch in the
 * long layout of the CSV format (td_cluster_add_arrow()).
 */
#ifndef THIDUA_COLUMNS_H
#define THIDUA_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "thidua/cluster.h"
#include "thidua/common.h"
#include "thidua/decimal.h"
#include "thidua/result.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A number of each member that a column holds. */
typedef enum td_result_field {
    TD_RESULT_FIELD_TOTAL = 0,     /**< td_result_member_total() */
    TD_RESULT_FIELD_BASE = 1,      /**< td_result_member_base() */
    TD_RESULT_FIELD_BONUS = 2,     /**< td_result_member_bonus() */
    TD_RESULT_FIELD_DEDUCTION = 3, /**< td_result_member_deduction() */
    /* of one criterion: */
    TD_RESULT_FIELD_TARGET = 4,          /**< td_result_target(); absent when none was given */
    TD_RESULT_FIELD_ACTUAL = 5,          /**< td_result_actual(); absent when none was given */
    TD_RESULT_FIELD_ATTAINMENT = 6,      /**< td_result_attainment(); absent without attainment */
    TD_RESULT_FIELD_POINTS = 7,          /**< td_result_points() */
    TD_RESULT_FIELD_CRITERION_BONUS = 8  /**< td_result_criterion_bonus() */
} td_result_field;

/**
 * The field's name: "total", "base", "bonus", "deduction", "target",
 * "actual", "attainment", "points" or "criterion_bonus"; NULL for an
 * unknown field.
 */
TD_EXTERN const char *td_result_field_name(td_result_field field);
/**
 * The field named `name` (as td_result_field_name()) into *out.
 * Errors: TD_EINVAL (NULL, or an unknown name: the message lists the
 * names).
 */
TD_EXTERN td_status td_result_field_parse(td_result_field *out, const char *name, td_error *err);
/** true for the fields of one criterion (TD_RESULT_FIELD_TARGET and after). */
TD_EXTERN bool td_result_field_has_criterion(td_result_field field);

/**
 * Copies column `field` (of criterion `criterion` for the criterion
 * fields; `criterion` must be 0 for the member fields) into out[0 .. n),
 * n = td_result_member_count(), member by member in result order.
 * `present`, when not NULL, receives for each member whether it has the
 * value (false: absent, and out holds zero). `count` is the room in `out`
 * (and `present`) and must be at least n.
 * Errors: TD_EINVAL (NULL result or out, unknown field, a criterion field
 * whose criterion is out of range, a member field with `criterion` other
 * than 0, count < n). Nothing is written on failure.
 */
TD_EXTERN td_status td_result_decimals(td_decimal *out, bool *present, size_t count,
                                       const td_result *result, td_result_field field,
                                       size_t criterion, td_error *err);

/**
 * As td_result_decimals(), each value converted by td_decimal_to_double()
 * (approximate: for plotting and statistics); an absent value is NaN.
 */
TD_EXTERN td_status td_result_doubles(double *out, size_t count, const td_result *result,
                                      td_result_field field, size_t criterion, td_error *err);

/*
 * The Arrow C data interface (https://arrow.apache.org/docs/format/CDataInterface.html),
 * an ABI defined by that specification. A program that defines it itself
 * defines ARROW_C_DATA_INTERFACE, as the specification asks.
 */
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
    const char *format;
    const char *name;
    const char *metadata;
    int64_t flags;
    int64_t n_children;
    struct ArrowSchema **children;
    struct ArrowSchema *dictionary;
    void (*release)(struct ArrowSchema *);
    void *private_data;
};

struct ArrowArray {
    int64_t length;
    int64_t null_count;
    int64_t offset;
    int64_t n_buffers;
    int64_t n_children;
    const void **buffers;
    struct ArrowArray **children;
    struct ArrowArray *dictionary;
    void (*release)(struct ArrowArray *);
    void *private_data;
};

#endif /* ARROW_C_DATA_INTERFACE */

/**
 * Exports column `field` (arguments as td_result_decimals()) as an Arrow
 * array of type decimal128(38, S), exact, with a validity bitmap when a
 * value is absent. S is `scale` when it is 0 .. TD_DECIMAL_MAX_SCALE, or
 * with `scale` -1 the largest scale of the column's values (0 for whole
 * numbers): give a fixed scale (the rulebook's precision for points and
 * totals) when arrays of several results must share one type. *array and
 * *schema are filled on success and belong to the caller, who hands them
 * to an Arrow implementation (which calls their `release`) or calls
 * `release` itself; they do not refer to the result, which may be freed
 * before them. The schema is named after the field ("total",
 * "points"...); `metadata` is NULL.
 * Errors: as td_result_decimals(), TD_EINVAL (`scale` outside -1 ..
 * TD_DECIMAL_MAX_SCALE), TD_ERANGE (a value with more decimals than
 * `scale`, which is never rounded, or whose coefficient at scale S would
 * need more than 38 digits), TD_ENOMEM. Nothing is filled on failure.
 */
TD_EXTERN td_status td_result_export_arrow(struct ArrowArray *array, struct ArrowSchema *schema,
                                           const td_result *result, td_result_field field,
                                           size_t criterion, int scale, td_error *err);

/**
 * Adds the targets and actuals of an Arrow record batch in the long layout
 * of the CSV format (docs/rulebook.md): a struct array (format "+s", as a
 * record batch crosses the C data interface) whose children named "unit"
 * and "measure" are strings (utf8 "u" or large utf8 "U") and whose
 * children "target" and "actual" (one of them may be missing) are
 * decimal128 ("d:P,S", exact), int64 ("l"), int32 ("i"), float64 ("g",
 * converted by td_decimal_from_double(): 0.1 is 0.1) or strings of decimal
 * text ("3563.5", read as td_decimal_parse() does). Other children are
 * ignored. A null value is "not given"; a row that is null as a whole is
 * skipped. Every unit must be a member already (td_cluster_add_member()).
 * The batch is added whole or not at all: every row is checked first (the
 * ids, the values, a value given twice in the batch or before), and
 * nothing is changed unless all pass. The batch is only read; it stays the
 * caller's (its release is not called).
 * Errors: TD_EINVAL (NULL, a schema that is not a struct of the columns
 * above, a column of another type, a malformed array: lengths, offsets or
 * buffers that do not fit, a unit or measure that is empty, holds a NUL or
 * is not valid UTF-8), TD_ENOTFOUND (a unit that is not a member),
 * TD_EPARSE (decimal text that does not parse), TD_ERANGE (a negative
 * value, a value beyond the decimal range, NaN or infinity), TD_EEXISTS (a
 * value given twice); the message names the row (from 1), the unit, the
 * measure and the value. TD_ENOMEM.
 */
TD_EXTERN td_status td_cluster_add_arrow(td_cluster *cluster, const struct ArrowSchema *schema,
                                         const struct ArrowArray *batch, td_error *err);

#ifdef __cplusplus
}
#endif

#endif /* THIDUA_COLUMNS_H */
