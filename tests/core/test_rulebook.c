/*
 * The rulebook builder and the compiled rulebook: every definition is
 * checked as it is added, and build() checks the whole.
 */
#include <stdlib.h>

#include "td_test.h"

typedef struct fixture {
    td_rulebook_builder *b;
    td_error err;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    assert_ok(td_rulebook_builder_new(&f->b, "rb", NULL, &f->err), f->err);
    assert_ok(td_rulebook_builder_add_section(f->b, "A", "Phần A", NULL, &f->err), f->err);
    assert_ok(td_rulebook_builder_add_criterion(f->b, "A", "c1", "Tiêu chí 1", D("10"), &f->err), f->err);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    td_rulebook_builder_free(f->b);
    free(f);
    return 0;
}

static void new_rejects_null_out_and_bad_ids(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = NULL;
    assert_error(td_rulebook_builder_new(NULL, "x", NULL, &err), TD_EINVAL, err, "out is NULL");
    assert_error(td_rulebook_builder_new(&b, NULL, NULL, &err), TD_EINVAL, err, "rulebook id is missing");
    assert_error(td_rulebook_builder_new(&b, "", NULL, &err), TD_EINVAL, err, "rulebook id is empty");
    assert_error(td_rulebook_builder_new(&b, "bad\xC3(", NULL, &err), TD_EINVAL, err, "not valid UTF-8");
    assert_error(td_rulebook_builder_new(&b, "tab\there", NULL, &err), TD_EINVAL, err,
                 "control character");
    assert_null(b);
    /* a NULL err is allowed everywhere */
    assert_int_equal(td_rulebook_builder_new(NULL, "x", NULL, NULL), TD_EINVAL);
}

static void null_builder_is_an_error_in_every_setter(void **state)
{
    (void)state;
    td_error err;
    td_decimal one = D("1");
    assert_error(td_rulebook_builder_set_name(NULL, "n", &err), TD_EINVAL, err, "NULL");
    assert_error(td_rulebook_builder_set_precision(NULL, 2, &err), TD_EINVAL, err, "NULL");
    assert_error(td_rulebook_builder_add_section(NULL, "s", NULL, NULL, &err), TD_EINVAL, err, "NULL");
    assert_error(td_rulebook_builder_add_criterion(NULL, "s", "c", NULL, one, &err), TD_EINVAL, err, "NULL");
    assert_error(td_rulebook_builder_set_measure(NULL, "c", "m", &err), TD_EINVAL, err, "NULL");
    assert_error(td_rulebook_builder_set_direction(NULL, "c", TD_DIRECTION_LOWER, &err), TD_EINVAL, err,
                 "NULL");
    assert_error(tr_rule_proportional(NULL, "c", one, &err), TD_EINVAL, err, "NULL");
    assert_error(tr_rule_threshold(NULL, "c", one, &err), TD_EINVAL, err, "NULL");
    assert_error(tr_rule_shortfall(NULL, "c", one, one, TD_SHORTFALL_STEP_LINEAR, one, &err),
                 TD_EINVAL, err, "NULL");
    assert_error(tr_rule_bands(NULL, "c", &err), TD_EINVAL, err, "NULL");
    assert_error(tr_add_band(NULL, "c", one, one, &err), TD_EINVAL, err, "NULL");
    assert_error(tr_rule_bands_of(NULL, "c", TD_BANDS_OF_ACTUAL, &err), TD_EINVAL, err,
                 "NULL");
    assert_error(tr_rule_best(NULL, "c", TD_BEST_OF_ACTUAL, &err), TD_EINVAL, err, "NULL");
    assert_error(tr_rule_rank(NULL, "c", &err), TD_EINVAL, err, "NULL");
    assert_error(tr_add_rank_points(NULL, "c", one, &err), TD_EINVAL, err, "NULL");
    assert_error(tr_rule_manual(NULL, "c", &err), TD_EINVAL, err, "NULL");
    assert_error(td_rulebook_builder_set_bonus(NULL, "c", one, one, NULL, &err), TD_EINVAL, err, "NULL");
    assert_error(td_rulebook_builder_add_adjustment(NULL, "a", NULL, TD_ADJUSTMENT_BONUS, one, NULL, &err),
                 TD_EINVAL, err, "NULL");
    assert_error(td_rulebook_builder_set_bonus_max(NULL, &one, &err), TD_EINVAL, err, "NULL");
    assert_error(td_rulebook_builder_add_classification(NULL, "k", NULL, NULL, &err), TD_EINVAL, err, "NULL");
    assert_error(td_rulebook_builder_set_leader_rule(NULL, TD_LEADER_RULE_ROTATION, &err), TD_EINVAL, err, "NULL");
    assert_error(td_rulebook_builder_add_leader_order(NULL, "u", &err), TD_EINVAL, err, "NULL");
    td_rulebook *rb = NULL;
    assert_error(td_rulebook_builder_build(&rb, NULL, &err), TD_EINVAL, err, "NULL");
    td_rulebook_builder_free(NULL); /* a no-op */
    td_rulebook_free(NULL);
}

static void duplicate_ids_are_rejected(void **state)
{
    fixture *f = *state;
    assert_error(td_rulebook_builder_add_section(f->b, "A", NULL, NULL, &f->err), TD_EEXISTS, f->err,
                 "section 'A' is defined twice");
    assert_ok(td_rulebook_builder_add_section(f->b, "B", NULL, NULL, &f->err), f->err);
    /* criterion ids are unique across sections */
    assert_error(td_rulebook_builder_add_criterion(f->b, "B", "c1", NULL, D("5"), &f->err), TD_EEXISTS,
                 f->err, "criterion 'c1' is defined twice");
    assert_ok(td_rulebook_builder_add_adjustment(f->b, "late", NULL, TD_ADJUSTMENT_DEDUCTION, D("1"), NULL,
                                                 &f->err), f->err);
    assert_error(td_rulebook_builder_add_adjustment(f->b, "late", NULL, TD_ADJUSTMENT_BONUS, D("1"), NULL,
                                                    &f->err), TD_EEXISTS, f->err, "adjustment 'late'");
    td_decimal m = D("50");
    assert_ok(td_rulebook_builder_add_classification(f->b, "ok", NULL, &m, &f->err), f->err);
    assert_error(td_rulebook_builder_add_classification(f->b, "ok", NULL, NULL, &f->err), TD_EEXISTS,
                 f->err, "classification 'ok'");
    assert_ok(td_rulebook_builder_add_leader_order(f->b, "u1", &f->err), f->err);
    assert_error(td_rulebook_builder_add_leader_order(f->b, "u1", &f->err), TD_EEXISTS, f->err,
                 "appears twice");
}

static void unknown_section_and_criterion_are_named(void **state)
{
    fixture *f = *state;
    assert_error(td_rulebook_builder_add_criterion(f->b, "Z", "c2", NULL, D("5"), &f->err), TD_ENOTFOUND,
                 f->err, "unknown section or group 'Z'");
    assert_error(tr_rule_manual(f->b, "nope", &f->err), TD_ENOTFOUND, f->err,
                 "unknown criterion 'nope'");
    assert_error(td_rulebook_builder_set_measure(f->b, "nope", "m", &f->err), TD_ENOTFOUND, f->err,
                 "unknown criterion 'nope'");
}

static void negative_and_zero_parameters_are_out_of_range(void **state)
{
    fixture *f = *state;
    td_decimal neg = D("-1");
    assert_error(td_rulebook_builder_add_section(f->b, "N", NULL, &neg, &f->err), TD_ERANGE, f->err,
                 "max of 'N' must be >= 0, got -1");
    assert_error(td_rulebook_builder_add_criterion(f->b, "A", "c9", NULL, D("-0.5"), &f->err), TD_ERANGE,
                 f->err, "got -0.5");
    assert_error(tr_rule_proportional(f->b, "c1", D("0"), &f->err), TD_ERANGE, f->err,
                 "cap of 'c1' must be > 0, got 0");
    assert_error(tr_rule_threshold(f->b, "c1", neg, &f->err), TD_ERANGE, f->err,
                 "at of 'c1'");
    assert_error(tr_rule_shortfall(f->b, "c1", D("1"), D("0"), TD_SHORTFALL_STEP_CEIL, D("0"),
                                   &f->err), TD_ERANGE, f->err, "per of 'c1' must be > 0");
    assert_error(tr_rule_shortfall(f->b, "c1", neg, D("5"), TD_SHORTFALL_STEP_CEIL, D("0"),
                                   &f->err), TD_ERANGE, f->err, "deduct of 'c1'");
    assert_error(td_rulebook_builder_set_bonus(f->b, "c1", D("0"), D("1"), NULL, &f->err), TD_ERANGE,
                 f->err, "bonus per of 'c1' must be > 0");
    assert_error(td_rulebook_builder_set_bonus(f->b, "c1", D("5"), neg, NULL, &f->err), TD_ERANGE, f->err,
                 "bonus points");
    assert_error(td_rulebook_builder_add_adjustment(f->b, "x", NULL, TD_ADJUSTMENT_BONUS, neg, NULL, &f->err),
                 TD_ERANGE, f->err, "points of 'x'");
    assert_error(td_rulebook_builder_set_bonus_max(f->b, &neg, &f->err), TD_ERANGE, f->err, "bonus_max");
    assert_error(td_rulebook_builder_set_precision(f->b, 13, &f->err), TD_ERANGE, f->err,
                 "precision must be 0..12, got 13");
    assert_error(td_rulebook_builder_set_precision(f->b, -1, &f->err), TD_ERANGE, f->err, "got -1");
}

static void unknown_enum_values_are_invalid(void **state)
{
    fixture *f = *state;
    assert_error(td_rulebook_builder_set_direction(f->b, "c1", (td_direction)7, &f->err), TD_EINVAL, f->err,
                 "unknown direction 7");
    assert_error(tr_rule_shortfall(f->b, "c1", D("1"), D("5"), (td_shortfall_step)9,
                                   D("0"), &f->err), TD_EINVAL, f->err, "unknown shortfall step");
    assert_error(tr_rule_best(f->b, "c1", (td_best_of)5, &f->err), TD_EINVAL, f->err,
                 "unknown 'of'");
    assert_error(tr_rule_bands_of(f->b, "c1", (td_bands_of)2, &f->err), TD_EINVAL, f->err,
                 "unknown bands 'of' 2 for criterion 'c1'");
    assert_error(tr_rule_bands_of(f->b, "zz", TD_BANDS_OF_ACTUAL, &f->err), TD_ENOTFOUND,
                 f->err, "zz");
    assert_error(td_rulebook_builder_add_adjustment(f->b, "x", NULL, (td_adjustment_kind)3, D("1"), NULL,
                                                    &f->err), TD_EINVAL, f->err, "unknown adjustment kind");
    assert_error(td_rulebook_builder_set_leader_rule(f->b, (td_leader_rule)9, &f->err), TD_EINVAL, f->err,
                 "unknown leader rule");
}

static void shortfall_min_above_max_is_a_rulebook_error(void **state)
{
    fixture *f = *state;
    assert_error(tr_rule_shortfall(f->b, "c1", D("1"), D("5"), TD_SHORTFALL_STEP_LINEAR, D("11"),
                                   &f->err), TD_ERULEBOOK, f->err,
                 "shortfall min 11 of criterion 'c1' exceeds its max 10");
}

static void bands_must_descend_and_stay_within_max(void **state)
{
    fixture *f = *state;
    assert_error(tr_add_band(f->b, "c1", D("1"), D("4"), &f->err), TD_ERULEBOOK, f->err,
                 "does not use the bands rule");
    assert_ok(tr_rule_bands(f->b, "c1", &f->err), f->err);
    assert_ok(tr_add_band(f->b, "c1", D("0.8"), D("4"), &f->err), f->err);
    assert_error(tr_add_band(f->b, "c1", D("0.8"), D("3"), &f->err), TD_ERULEBOOK, f->err,
                 "descending 'at': 0.8 follows 0.8");
    assert_error(tr_add_band(f->b, "c1", D("0.9"), D("3"), &f->err), TD_ERULEBOOK, f->err,
                 "0.9 follows 0.8");
    assert_error(tr_add_band(f->b, "c1", D("0.6"), D("10.5"), &f->err), TD_ERULEBOOK, f->err,
                 "band points 10.5 of criterion 'c1' exceeds its max 10");
    assert_ok(tr_add_band(f->b, "c1", D("0.6"), D("3"), &f->err), f->err);
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, f->b, &f->err), f->err);
    td_rulebook_free(rb);
}

static void rank_points_stay_within_max(void **state)
{
    fixture *f = *state;
    assert_error(tr_add_rank_points(f->b, "c1", D("1"), &f->err), TD_ERULEBOOK, f->err,
                 "does not use the rank rule");
    assert_ok(tr_rule_rank(f->b, "c1", &f->err), f->err);
    assert_error(tr_add_rank_points(f->b, "c1", D("12"), &f->err), TD_ERULEBOOK, f->err,
                 "rank points 12 of criterion 'c1' exceeds its max 10");
    td_rulebook *rb = NULL;
    assert_error(td_rulebook_builder_build(&rb, f->b, &f->err), TD_ERULEBOOK, f->err, "no points list");
    assert_null(rb);
}

static void build_requires_rules_sections_and_a_final_classification(void **state)
{
    fixture *f = *state;
    td_rulebook *rb = NULL;
    assert_error(td_rulebook_builder_build(NULL, f->b, &f->err), TD_EINVAL, f->err, "out is NULL");
    assert_error(td_rulebook_builder_build(&rb, f->b, &f->err), TD_ERULEBOOK, f->err,
                 "criterion 'c1' has no rule");
    assert_ok(tr_rule_bands(f->b, "c1", &f->err), f->err);
    assert_error(td_rulebook_builder_build(&rb, f->b, &f->err), TD_ERULEBOOK, f->err, "but no band");
    assert_ok(tr_rule_proportional(f->b, "c1", D("1"), &f->err), f->err);
    assert_ok(td_rulebook_builder_add_section(f->b, "empty", NULL, NULL, &f->err), f->err);
    assert_error(td_rulebook_builder_build(&rb, f->b, &f->err), TD_ERULEBOOK, f->err,
                 "section 'empty' has no criterion");
    assert_ok(td_rulebook_builder_add_criterion(f->b, "empty", "c2", NULL, D("1"), &f->err), f->err);
    assert_ok(tr_rule_threshold(f->b, "c2", D("1"), &f->err), f->err);
    td_decimal m = D("70");
    assert_ok(td_rulebook_builder_add_classification(f->b, "tot", NULL, &m, &f->err), f->err);
    assert_error(td_rulebook_builder_build(&rb, f->b, &f->err), TD_ERULEBOOK, f->err,
                 "last classification entry ('tot') must have no min");
    assert_ok(td_rulebook_builder_add_classification(f->b, "con_lai", NULL, NULL, &f->err), f->err);
    td_decimal neg = D("-1");
    assert_error(td_rulebook_builder_add_classification(f->b, "neg", NULL, &neg, &f->err), TD_ERANGE, f->err,
                 "min of 'neg' must be >= 0, got -1");
    /* an entry after a catch-all could never apply (checked when building,
     * since a condition set later would make the catch-all conditional) */
    assert_ok(td_rulebook_builder_add_classification(f->b, "after", NULL, &m, &f->err), f->err);
    assert_ok(td_rulebook_builder_add_classification(f->b, "last", NULL, NULL, &f->err), f->err);
    assert_error(td_rulebook_builder_build(&rb, f->b, &f->err), TD_ERULEBOOK, f->err,
                 "classification 'con_lai' has no min and no condition, so it catches every member and "
                 "'after' after it can never apply");
    assert_ok(td_rulebook_builder_set_classification_when(f->b, "con_lai", "total > 10", &f->err), f->err);
    assert_ok(td_rulebook_builder_set_leader_rule(f->b, TD_LEADER_RULE_ROTATION, &f->err), f->err);
    assert_error(td_rulebook_builder_build(&rb, f->b, &f->err), TD_ERULEBOOK, f->err,
                 "rotation leader rule needs an order");
    assert_ok(td_rulebook_builder_set_leader_rule(f->b, TD_LEADER_RULE_TOP_RANK, &f->err), f->err);
    assert_ok(td_rulebook_builder_build(&rb, f->b, &f->err), f->err);
    assert_int_equal(td_rulebook_leader_rule(rb), TD_LEADER_RULE_TOP_RANK);
    td_rulebook_free(rb);
}

/* Rulebook 1.1: sections may be empty (a rulebook that only classifies or
 * awards; test_v11_inputs evaluates one). A declared section without a
 * criterion stays an error. */
static void a_rulebook_without_sections_builds(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = NULL;
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_new(&b, "empty", NULL, &err), err);
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    assert_int_equal(td_rulebook_section_count(rb), 0);
    assert_int_equal(td_rulebook_criterion_count(rb), 0);
    td_rulebook_free(rb);
    assert_ok(td_rulebook_builder_add_section(b, "S", NULL, NULL, &err), err);
    assert_error(td_rulebook_builder_build(&rb, b, &err), TD_ERULEBOOK, err, "section 'S' has no criterion");
    td_rulebook_builder_free(b);
}

static void accessors_read_the_compiled_rulebook_in_section_order(void **state)
{
    fixture *f = *state;
    td_decimal cap = D("25");
    assert_ok(td_rulebook_builder_set_name(f->b, "Bảng điểm", &f->err), f->err);
    assert_ok(td_rulebook_builder_set_precision(f->b, 1, &f->err), f->err);
    assert_ok(td_rulebook_builder_add_section(f->b, "B", "Phần B", &cap, &f->err), f->err);
    assert_ok(td_rulebook_builder_add_criterion(f->b, "B", "b1", NULL, D("5"), &f->err), f->err);
    /* added after b1, but its section comes first: it is numbered before b1 */
    assert_ok(td_rulebook_builder_add_criterion(f->b, "A", "a2", NULL, D("7"), &f->err), f->err);
    assert_ok(td_rulebook_builder_set_measure(f->b, "a2", "measure_a2", &f->err), f->err);
    assert_ok(td_rulebook_builder_set_direction(f->b, "a2", TD_DIRECTION_LOWER, &f->err), f->err);
    assert_ok(tr_rule_proportional(f->b, "c1", D("1"), &f->err), f->err);
    assert_ok(tr_rule_manual(f->b, "b1", &f->err), f->err);
    assert_ok(tr_rule_threshold(f->b, "a2", D("1"), &f->err), f->err);
    assert_ok(td_rulebook_builder_add_adjustment(f->b, "flag", NULL, TD_ADJUSTMENT_BONUS, D("2"), NULL,
                                                 &f->err), f->err);
    assert_ok(td_rulebook_builder_add_classification(f->b, "all", "Tất cả", NULL, &f->err), f->err);
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, f->b, &f->err), f->err);
    /* the builder stays usable and does not affect the built rulebook */
    assert_ok(td_rulebook_builder_set_name(f->b, "khác", &f->err), f->err);
    td_rulebook_builder_free(f->b);
    f->b = NULL;

    assert_string_equal(td_rulebook_id(rb), "rb");
    assert_string_equal(td_rulebook_name(rb), "Bảng điểm");
    assert_int_equal(td_rulebook_precision(rb), 1);
    assert_int_equal(td_rulebook_section_count(rb), 2);
    assert_string_equal(td_rulebook_section_id(rb, 1), "B");
    assert_string_equal(td_rulebook_section_name(rb, 0), "Phần A");
    assert_null(td_rulebook_section_id(rb, 2));
    td_decimal max;
    assert_false(td_rulebook_section_max(&max, rb, 0));
    assert_true(td_rulebook_section_max(&max, rb, 1));
    assert_decimal(max, "25");
    assert_int_equal(td_rulebook_criterion_count(rb), 3);
    assert_string_equal(td_rulebook_criterion_id(rb, 0), "c1");
    assert_string_equal(td_rulebook_criterion_id(rb, 1), "a2");
    assert_string_equal(td_rulebook_criterion_id(rb, 2), "b1");
    assert_string_equal(td_rulebook_criterion_measure(rb, 0), "c1");
    assert_string_equal(td_rulebook_criterion_measure(rb, 1), "measure_a2");
    assert_string_equal(td_rulebook_criterion_name(rb, 1), "");
    assert_int_equal(td_rulebook_criterion_section(rb, 2), 1);
    assert_int_equal(td_rulebook_criterion_section(rb, 3), (size_t)-1);
    assert_decimal(td_rulebook_criterion_max(rb, 1), "7");
    assert_int_equal(td_rulebook_criterion_rule_kind(rb, 2), TD_RULE_MANUAL);
    assert_int_equal(td_rulebook_criterion_rule_kind(rb, 9), TD_RULE_NONE);
    assert_int_equal(td_rulebook_criterion_direction(rb, 1), TD_DIRECTION_LOWER);
    size_t index = 99;
    assert_ok(td_rulebook_find_criterion(&index, rb, "b1", &f->err), f->err);
    assert_int_equal(index, 2);
    assert_error(td_rulebook_find_criterion(&index, rb, "zz", &f->err), TD_ENOTFOUND, f->err,
                 "unknown criterion 'zz'");
    assert_error(td_rulebook_find_criterion(&index, NULL, "b1", &f->err), TD_EINVAL, f->err, "NULL");
    assert_int_equal(td_rulebook_adjustment_count(rb), 1);
    assert_string_equal(td_rulebook_adjustment_id(rb, 0), "flag");
    assert_null(td_rulebook_adjustment_id(rb, 1));
    assert_int_equal(td_rulebook_adjustment_kind(rb, 0), TD_ADJUSTMENT_BONUS);
    assert_int_equal(td_rulebook_classification_count(rb), 1);
    assert_string_equal(td_rulebook_classification_name(rb, 0), "Tất cả");
    assert_null(td_rulebook_classification_id(rb, 1));
    assert_int_equal(td_rulebook_leader_rule(rb), TD_LEADER_RULE_NONE);
    /* NULL rulebooks read as empty */
    assert_null(td_rulebook_id(NULL));
    assert_int_equal(td_rulebook_criterion_count(NULL), 0);
    td_rulebook_free(rb);
}

static void bands_say_what_they_compare(void **state)
{
    fixture *f = *state;
    assert_ok(td_rulebook_builder_add_criterion(f->b, "A", "c2", NULL, D("4"), &f->err), f->err);
    assert_ok(td_rulebook_builder_add_criterion(f->b, "A", "c3", NULL, D("4"), &f->err), f->err);
    assert_ok(tr_rule_bands_of(f->b, "c1", TD_BANDS_OF_ACTUAL, &f->err), f->err);
    assert_ok(tr_add_band(f->b, "c1", D("80"), D("4"), &f->err), f->err);
    /* descending `at` whatever the bands compare */
    assert_error(tr_add_band(f->b, "c1", D("80"), D("3"), &f->err), TD_ERULEBOOK, f->err,
                 "descending 'at': 80 follows 80");
    assert_ok(tr_rule_bands(f->b, "c2", &f->err), f->err);
    assert_ok(tr_add_band(f->b, "c2", D("0.8"), D("4"), &f->err), f->err);
    /* a new rule drops `of` with the bands */
    assert_ok(tr_rule_bands_of(f->b, "c3", TD_BANDS_OF_ACTUAL, &f->err), f->err);
    assert_ok(tr_rule_threshold(f->b, "c3", D("1"), &f->err), f->err);
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, f->b, &f->err), f->err);
    assert_int_equal(td_rulebook_criterion_bands_of(rb, 0), TD_BANDS_OF_ACTUAL);
    assert_int_equal(td_rulebook_criterion_bands_of(rb, 1), TD_BANDS_OF_ATTAINMENT);
    assert_int_equal(td_rulebook_criterion_rule_kind(rb, 2), TD_RULE_THRESHOLD);
    assert_int_equal(td_rulebook_criterion_bands_of(rb, 2), TD_BANDS_OF_ATTAINMENT);
    assert_int_equal(td_rulebook_criterion_bands_of(rb, 3), TD_BANDS_OF_ATTAINMENT);
    assert_int_equal(td_rulebook_criterion_bands_of(NULL, 0), TD_BANDS_OF_ATTAINMENT);
    td_rulebook_free(rb);
}

static void a_failed_setter_leaves_the_builder_unchanged(void **state)
{
    fixture *f = *state;
    assert_ok(tr_rule_bands(f->b, "c1", &f->err), f->err);
    assert_ok(tr_add_band(f->b, "c1", D("1"), D("10"), &f->err), f->err);
    assert_error(tr_add_band(f->b, "c1", D("2"), D("10"), &f->err), TD_ERULEBOOK, f->err,
                 "descending");
    assert_error(tr_rule_threshold(f->b, "c1", D("-1"), &f->err), TD_ERANGE, f->err,
                 "at of");
    /* still the one-band table */
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, f->b, &f->err), f->err);
    assert_int_equal(td_rulebook_criterion_rule_kind(rb, 0), TD_RULE_BANDS);
    td_rulebook_free(rb);
}

/* td_rulebook_builder_set_rule() itself: one call per rule with its
 * parameters, checked as a whole, copied, and refused whole. */
static void set_rule_takes_a_whole_rule_and_copies_it(void **state)
{
    fixture *f = *state;
    td_band bands[] = {{D("1"), D("10")}, {D("0.5"), D("4")}};
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_BANDS;
    r.bands = bands;
    r.band_count = 2;
    assert_ok(td_rulebook_builder_set_rule(f->b, "c1", &r, &f->err), f->err);
    bands[0].points = D("99"); /* the builder kept its own copy */
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, f->b, &f->err), f->err);
    td_rule got = TD_RULE_INIT;
    assert_ok(td_rulebook_criterion_rule(&got, rb, 0, &f->err), f->err);
    assert_int_equal(got.band_count, 2);
    assert_decimal(got.bands[0].points, "10");
    td_rulebook_free(rb);
    /* an expression's text is copied too */
    char text[] = "attainment(c1) * 10";
    r = (td_rule)TD_RULE_INIT;
    r.kind = TD_RULE_EXPR;
    r.expr = text;
    assert_ok(td_rulebook_builder_set_rule(f->b, "c1", &r, &f->err), f->err);
    text[0] = 'X';
    assert_ok(td_rulebook_builder_build(&rb, f->b, &f->err), f->err);
    assert_ok(td_rulebook_criterion_rule(&got, rb, 0, &f->err), f->err);
    assert_string_equal(got.expr, "attainment(c1) * 10");
    td_rulebook_free(rb);
}

static void set_rule_refuses_a_bad_rule_whole(void **state)
{
    fixture *f = *state;
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_PROPORTIONAL;
    assert_ok(td_rulebook_builder_set_rule(f->b, "c1", &r, &f->err), f->err);
    assert_error(td_rulebook_builder_set_rule(f->b, "c1", NULL, &f->err), TD_EINVAL, f->err,
                 "rule of criterion 'c1' is NULL");
    r.version = 7;
    assert_error(td_rulebook_builder_set_rule(f->b, "c1", &r, &f->err), TD_EINVAL, f->err,
                 "td_rule version 7");
    r = (td_rule)TD_RULE_INIT;
    r.kind = (td_rule_kind)99;
    assert_error(td_rulebook_builder_set_rule(f->b, "c1", &r, &f->err), TD_EINVAL, f->err,
                 "unknown rule kind 99");
    r.kind = TD_RULE_NONE;
    assert_error(td_rulebook_builder_set_rule(f->b, "c1", &r, &f->err), TD_EINVAL, f->err,
                 "unknown rule kind 0");
    r.kind = TD_RULE_BANDS;
    r.band_count = 3; /* and no array */
    assert_error(td_rulebook_builder_set_rule(f->b, "c1", &r, &f->err), TD_EINVAL, f->err,
                 "bands of criterion 'c1' are NULL");
    r = (td_rule)TD_RULE_INIT;
    r.kind = TD_RULE_RANK;
    r.rank_point_count = 1;
    assert_error(td_rulebook_builder_set_rule(f->b, "c1", &r, &f->err), TD_EINVAL, f->err,
                 "rank points of criterion 'c1' are NULL");
    td_decimal points[] = {D("10"), D("-1")};
    r.rank_points = points;
    r.rank_point_count = 2;
    assert_error(td_rulebook_builder_set_rule(f->b, "c1", &r, &f->err), TD_ERANGE, f->err,
                 "rank points of 'c1' must be >= 0, got -1");
    r = (td_rule)TD_RULE_INIT;
    r.kind = TD_RULE_EXPR;
    assert_error(td_rulebook_builder_set_rule(f->b, "c1", &r, &f->err), TD_EINVAL, f->err,
                 "expression of criterion 'c1' is NULL");
    r.kind = TD_RULE_SHORTFALL;
    r.per = D("5");
    r.step = (td_shortfall_step)9;
    assert_error(td_rulebook_builder_set_rule(f->b, "c1", &r, &f->err), TD_EINVAL, f->err,
                 "unknown shortfall step 9");
    assert_error(td_rulebook_builder_set_rule(f->b, "nope", &r, &f->err), TD_ENOTFOUND, f->err,
                 "unknown criterion 'nope'");
    /* every refusal left the proportional rule */
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, f->b, &f->err), f->err);
    assert_int_equal(td_rulebook_criterion_rule_kind(rb, 0), TD_RULE_PROPORTIONAL);
    td_rulebook_free(rb);
}

static void set_rule_fails_cleanly_when_memory_runs_out(void **state)
{
    (void)state;
    td_band bands[] = {{D("1"), D("10")}, {D("0.5"), D("4")}};
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_BANDS;
    r.bands = bands;
    r.band_count = 2;
    for (size_t fail_at = 1;; fail_at++) {
        test_alloc t;
        test_alloc_init(&t, 0);
        td_error err;
        td_rulebook_builder *b = NULL;
        assert_ok(td_rulebook_builder_new(&b, "rb", &t.allocator, &err), err);
        assert_ok(td_rulebook_builder_add_section(b, "A", NULL, NULL, &err), err);
        assert_ok(td_rulebook_builder_add_criterion(b, "A", "c1", NULL, D("10"), &err), err);
        t.fail_at = t.calls + fail_at;
        td_status rc = td_rulebook_builder_set_rule(b, "c1", &r, &err);
        td_rulebook_builder_free(b);
        assert_int_equal(t.live, 0);
        if (rc == TD_OK)
            break;
        assert_int_equal(rc, TD_ENOMEM);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_rejects_null_out_and_bad_ids),
        cmocka_unit_test(null_builder_is_an_error_in_every_setter),
        cmocka_unit_test(a_rulebook_without_sections_builds),
        cmocka_unit_test_setup_teardown(duplicate_ids_are_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_section_and_criterion_are_named, setup, teardown),
        cmocka_unit_test_setup_teardown(negative_and_zero_parameters_are_out_of_range, setup, teardown),
        cmocka_unit_test_setup_teardown(unknown_enum_values_are_invalid, setup, teardown),
        cmocka_unit_test_setup_teardown(shortfall_min_above_max_is_a_rulebook_error, setup, teardown),
        cmocka_unit_test_setup_teardown(bands_say_what_they_compare, setup, teardown),
        cmocka_unit_test_setup_teardown(bands_must_descend_and_stay_within_max, setup, teardown),
        cmocka_unit_test_setup_teardown(rank_points_stay_within_max, setup, teardown),
        cmocka_unit_test_setup_teardown(build_requires_rules_sections_and_a_final_classification, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(accessors_read_the_compiled_rulebook_in_section_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(a_failed_setter_leaves_the_builder_unchanged, setup, teardown),
        cmocka_unit_test_setup_teardown(set_rule_takes_a_whole_rule_and_copies_it, setup, teardown),
        cmocka_unit_test_setup_teardown(set_rule_refuses_a_bad_rule_whole, setup, teardown),
        cmocka_unit_test(set_rule_fails_cleanly_when_memory_runs_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
