/*
 * Every definition of a rulebook reads back through the public API as it
 * was given: rules with their parameters, bonuses, measures, adjustment
 * items, the bonus cap, classification, ranking keys, awards and the
 * leader order; out-of-range indexes and bad arguments give the documented
 * answers.
 */
#include <stdlib.h>
#include <string.h>

#include "td_test.h"

#define OK(call) assert_ok((call), err)

static td_rulebook *full_rulebook(void)
{
    td_error err;
    td_rulebook_builder *b = NULL;
    OK(td_rulebook_builder_new(&b, "full", NULL, &err));
    OK(td_rulebook_builder_add_section(b, "A", "Phần A", NULL, &err));
    td_decimal forty = D("40");
    OK(td_rulebook_builder_add_section(b, "B", NULL, &forty, &err));
    static const char *const ids[] = {"prop", "thr", "short", "bands", "best", "rank", "man", "ex"};
    for (size_t i = 0; i < 8; i++)
        OK(td_rulebook_builder_add_criterion(b, i < 4 ? "A" : "B", ids[i], NULL, D("10"), &err));
    OK(tr_rule_proportional(b, "prop", D("1.2"), &err));
    OK(tr_rule_threshold(b, "thr", D("0.85"), &err));
    OK(tr_rule_shortfall(b, "short", D("1"), D("5"), TD_SHORTFALL_STEP_CEIL, D("2"), &err));
    OK(td_rulebook_builder_set_direction(b, "short", TD_DIRECTION_LOWER, &err));
    OK(tr_rule_bands_of(b, "bands", TD_BANDS_OF_ACTUAL, &err));
    OK(tr_add_band(b, "bands", D("80"), D("10"), &err));
    OK(tr_add_band(b, "bands", D("60"), D("7.5"), &err));
    OK(tr_rule_best(b, "best", TD_BEST_OF_ACTUAL, &err));
    OK(tr_rule_rank(b, "rank", &err));
    OK(tr_add_rank_points(b, "rank", D("10"), &err));
    OK(tr_add_rank_points(b, "rank", D("8"), &err));
    OK(tr_add_rank_points(b, "rank", D("6"), &err));
    OK(tr_rule_manual(b, "man", &err));
    OK(tr_rule_expr(b, "ex", "attainment(prop) * 10", &err));
    td_decimal two = D("2");
    OK(td_rulebook_builder_set_bonus(b, "prop", D("10"), D("0.5"), &two, &err));
    OK(td_rulebook_builder_set_bonus(b, "thr", D("5"), D("1"), NULL, &err));
    OK(td_rulebook_builder_add_measure(b, "rate", "prop / thr", &err));
    OK(td_rulebook_builder_add_adjustment(b, "flag", "Cờ", TD_ADJUSTMENT_BONUS, D("10"), NULL, &err));
    td_decimal eight = D("8");
    OK(td_rulebook_builder_add_adjustment(b, "late", NULL, TD_ADJUSTMENT_DEDUCTION, D("1"), &eight, &err));
    td_decimal five = D("5");
    OK(td_rulebook_builder_set_bonus_max(b, &five, &err));
    td_decimal ninety = D("90");
    OK(td_rulebook_builder_add_classification(b, "xs", "Xuất sắc", &ninety, &err));
    OK(td_rulebook_builder_set_classification_when(b, "xs", "min_share() >= 85%", &err));
    OK(td_rulebook_builder_add_classification(b, "ht", NULL, NULL, &err));
    OK(td_rulebook_builder_add_ranking_key(b, "total", true, &err));
    OK(td_rulebook_builder_add_ranking_key(b, "deduction", false, &err));
    OK(td_rulebook_builder_add_award(b, "flag_award", "Cờ thi đua", "rank == 1", &err));
    OK(td_rulebook_builder_set_award_quota_count(b, "flag_award", 1, &err));
    OK(td_rulebook_builder_add_award(b, "cert", NULL, NULL, &err));
    OK(td_rulebook_builder_set_award_quota_percent(b, "cert", D("50"), TD_ROUNDING_CEIL, 1, &err));
    OK(td_rulebook_builder_add_award_exclusion(b, "cert", "flag_award", &err));
    OK(td_rulebook_builder_set_award_order(b, "cert", "deduction", &err));
    OK(td_rulebook_builder_add_award(b, "open", NULL, NULL, &err));
    OK(td_rulebook_builder_set_leader_rule(b, TD_LEADER_RULE_ROTATION, &err));
    OK(td_rulebook_builder_add_leader_order(b, "u2", &err));
    OK(td_rulebook_builder_add_leader_order(b, "u1", &err));
    td_rulebook *rb = NULL;
    OK(td_rulebook_builder_build(&rb, b, &err));
    td_rulebook_builder_free(b);
    return rb;
}

static td_rule rule_of(const td_rulebook *rb, size_t i)
{
    td_error err;
    td_rule r = TD_RULE_INIT;
    OK(td_rulebook_criterion_rule(&r, rb, i, &err));
    return r;
}

static void rules_read_back_with_their_parameters(void **state)
{
    (void)state;
    td_rulebook *rb = full_rulebook();
    td_rule r = rule_of(rb, 0);
    assert_int_equal(r.version, TD_RULE_VERSION);
    assert_int_equal(r.kind, TD_RULE_PROPORTIONAL);
    assert_decimal(r.cap, "1.2");
    r = rule_of(rb, 1);
    assert_int_equal(r.kind, TD_RULE_THRESHOLD);
    assert_decimal(r.at, "0.85");
    assert_decimal(r.cap, "1"); /* fields of other kinds keep their defaults */
    r = rule_of(rb, 2);
    assert_int_equal(r.kind, TD_RULE_SHORTFALL);
    assert_decimal(r.deduct, "1");
    assert_decimal(r.per, "5");
    assert_int_equal(r.step, TD_SHORTFALL_STEP_CEIL);
    assert_decimal(r.min, "2");
    assert_int_equal(td_rulebook_criterion_direction(rb, 2), TD_DIRECTION_LOWER);
    r = rule_of(rb, 3);
    assert_int_equal(r.kind, TD_RULE_BANDS);
    assert_int_equal(r.bands_of, TD_BANDS_OF_ACTUAL);
    assert_int_equal(r.band_count, 2);
    assert_decimal(r.bands[0].at, "80");
    assert_decimal(r.bands[0].points, "10");
    assert_decimal(r.bands[1].at, "60");
    assert_decimal(r.bands[1].points, "7.5");
    r = rule_of(rb, 4);
    assert_int_equal(r.kind, TD_RULE_BEST);
    assert_int_equal(r.best_of, TD_BEST_OF_ACTUAL);
    r = rule_of(rb, 5);
    assert_int_equal(r.kind, TD_RULE_RANK);
    assert_int_equal(r.rank_point_count, 3);
    assert_decimal(r.rank_points[0], "10");
    assert_decimal(r.rank_points[2], "6");
    assert_null(r.bands);
    r = rule_of(rb, 6);
    assert_int_equal(r.kind, TD_RULE_MANUAL);
    r = rule_of(rb, 7);
    assert_int_equal(r.kind, TD_RULE_EXPR);
    assert_string_equal(r.expr, "attainment(prop) * 10");
    assert_int_equal(td_rulebook_criterion_rule_kind(rb, 7), TD_RULE_EXPR);
    td_rulebook_free(rb);
}

static void rule_reading_checks_its_arguments(void **state)
{
    (void)state;
    td_rulebook *rb = full_rulebook();
    td_error err;
    td_rule r = TD_RULE_INIT;
    assert_error(td_rulebook_criterion_rule(&r, rb, 8, &err), TD_EINVAL, err, "no criterion 8");
    assert_error(td_rulebook_criterion_rule(NULL, rb, 0, &err), TD_EINVAL, err, "NULL");
    assert_error(td_rulebook_criterion_rule(&r, NULL, 0, &err), TD_EINVAL, err, "no criterion 0");
    r.version = 99;
    assert_error(td_rulebook_criterion_rule(&r, rb, 0, &err), TD_EINVAL, err, "version 99");
    assert_int_equal(td_rulebook_criterion_rule_kind(rb, 8), TD_RULE_NONE);
    td_rulebook_free(rb);
}

static void bonuses_and_adjustments_read_back(void **state)
{
    (void)state;
    td_rulebook *rb = full_rulebook();
    td_bonus bonus;
    assert_true(td_rulebook_criterion_bonus(&bonus, rb, 0));
    assert_decimal(bonus.per, "10");
    assert_decimal(bonus.points, "0.5");
    assert_true(bonus.has_max);
    assert_decimal(bonus.max, "2");
    assert_true(td_rulebook_criterion_bonus(&bonus, rb, 1));
    assert_false(bonus.has_max);
    assert_false(td_rulebook_criterion_bonus(&bonus, rb, 2));
    assert_false(td_rulebook_criterion_bonus(&bonus, rb, 99));
    assert_false(td_rulebook_criterion_bonus(NULL, rb, 0));

    assert_int_equal(td_rulebook_adjustment_count(rb), 2);
    assert_string_equal(td_rulebook_adjustment_name(rb, 0), "Cờ");
    assert_string_equal(td_rulebook_adjustment_name(rb, 1), "");
    assert_decimal(td_rulebook_adjustment_points(rb, 0), "10");
    assert_int_equal(td_rulebook_adjustment_kind(rb, 1), TD_ADJUSTMENT_DEDUCTION);
    td_decimal max;
    assert_false(td_rulebook_adjustment_max(&max, rb, 0));
    assert_true(td_rulebook_adjustment_max(&max, rb, 1));
    assert_decimal(max, "8");
    assert_null(td_rulebook_adjustment_name(rb, 2));
    assert_decimal(td_rulebook_adjustment_points(rb, 2), "0");
    size_t at = 99;
    td_error err;
    OK(td_rulebook_find_adjustment(&at, rb, "late", &err));
    assert_int_equal(at, 1);
    assert_error(td_rulebook_find_adjustment(&at, rb, "lte", &err), TD_ENOTFOUND, err,
                 "unknown adjustment item 'lte'");
    assert_true(td_rulebook_bonus_max(&max, rb));
    assert_decimal(max, "5");
    td_rulebook_free(rb);
}

static void measures_list_derived_then_base_ones(void **state)
{
    (void)state;
    td_rulebook *rb = full_rulebook();
    size_t n = td_rulebook_measure_count(rb);
    assert_true(n >= 8);
    assert_string_equal(td_rulebook_measure_id(rb, 0), "rate");
    assert_string_equal(td_rulebook_measure_formula(rb, 0), "prop / thr");
    /* every criterion's measure is known, with no formula */
    td_error err;
    for (size_t c = 0; c < td_rulebook_criterion_count(rb); c++) {
        size_t m = n;
        OK(td_rulebook_find_measure(&m, rb, td_rulebook_criterion_measure(rb, c), &err));
        assert_true(m < n);
        assert_null(td_rulebook_measure_formula(rb, m));
    }
    size_t m;
    assert_error(td_rulebook_find_measure(&m, rb, "nothing", &err), TD_ENOTFOUND, err, "unknown measure");
    assert_error(td_rulebook_find_measure(&m, rb, NULL, &err), TD_EINVAL, err, "measure id");
    assert_null(td_rulebook_measure_id(rb, n));
    assert_null(td_rulebook_measure_formula(rb, n));
    td_rulebook_free(rb);
}

static void classification_ranking_and_leader_read_back(void **state)
{
    (void)state;
    td_rulebook *rb = full_rulebook();
    td_decimal min;
    assert_true(td_rulebook_classification_min(&min, rb, 0));
    assert_decimal(min, "90");
    assert_string_equal(td_rulebook_classification_when(rb, 0), "min_share() >= 85%");
    assert_false(td_rulebook_classification_min(&min, rb, 1));
    assert_null(td_rulebook_classification_when(rb, 1));
    assert_false(td_rulebook_classification_min(&min, rb, 2));

    assert_int_equal(td_rulebook_ranking_key_count(rb), 2);
    assert_string_equal(td_rulebook_ranking_key(rb, 0), "total");
    assert_true(td_rulebook_ranking_key_descending(rb, 0));
    assert_string_equal(td_rulebook_ranking_key(rb, 1), "deduction");
    assert_false(td_rulebook_ranking_key_descending(rb, 1));
    assert_null(td_rulebook_ranking_key(rb, 2));

    assert_int_equal(td_rulebook_leader_rule(rb), TD_LEADER_RULE_ROTATION);
    assert_int_equal(td_rulebook_leader_order_count(rb), 2);
    assert_string_equal(td_rulebook_leader_order_unit(rb, 0), "u2");
    assert_string_equal(td_rulebook_leader_order_unit(rb, 1), "u1");
    assert_null(td_rulebook_leader_order_unit(rb, 2));
    td_rulebook_free(rb);
}

static void awards_read_back_with_quota_order_and_exclusions(void **state)
{
    (void)state;
    td_rulebook *rb = full_rulebook();
    td_error err;
    td_quota q = TD_QUOTA_INIT;
    assert_string_equal(td_rulebook_award_when(rb, 0), "rank == 1");
    assert_null(td_rulebook_award_order(rb, 0));
    OK(td_rulebook_award_quota(&q, rb, 0, &err));
    assert_int_equal(q.kind, TD_QUOTA_COUNT);
    assert_int_equal(q.count, 1);
    assert_int_equal(td_rulebook_award_exclusion_count(rb, 0), 0);

    assert_null(td_rulebook_award_when(rb, 1));
    assert_string_equal(td_rulebook_award_order(rb, 1), "deduction");
    OK(td_rulebook_award_quota(&q, rb, 1, &err));
    assert_int_equal(q.kind, TD_QUOTA_PERCENT);
    assert_decimal(q.percent, "50");
    assert_int_equal(q.rounding, TD_ROUNDING_CEIL);
    assert_int_equal(q.min, 1);
    assert_int_equal(td_rulebook_award_exclusion_count(rb, 1), 1);
    assert_string_equal(td_rulebook_award_exclusion(rb, 1, 0), "flag_award");
    assert_null(td_rulebook_award_exclusion(rb, 1, 1));

    OK(td_rulebook_award_quota(&q, rb, 2, &err));
    assert_int_equal(q.kind, TD_QUOTA_NONE);
    assert_error(td_rulebook_award_quota(&q, rb, 3, &err), TD_EINVAL, err, "no award 3");
    q.version = 0;
    assert_error(td_rulebook_award_quota(&q, rb, 0, &err), TD_EINVAL, err, "td_quota version 0");
    assert_int_equal(td_rulebook_award_exclusion_count(rb, 3), 0);
    assert_null(td_rulebook_award_when(rb, 3));
    td_rulebook_free(rb);
}

static void a_null_rulebook_reads_as_empty(void **state)
{
    (void)state;
    td_decimal d;
    assert_int_equal(td_rulebook_measure_count(NULL), 0);
    assert_int_equal(td_rulebook_ranking_key_count(NULL), 0);
    assert_int_equal(td_rulebook_leader_order_count(NULL), 0);
    assert_false(td_rulebook_bonus_max(&d, NULL));
    assert_false(td_rulebook_adjustment_max(&d, NULL, 0));
    assert_false(td_rulebook_classification_min(&d, NULL, 0));
    assert_false(td_rulebook_ranking_key_descending(NULL, 0));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rules_read_back_with_their_parameters),
        cmocka_unit_test(rule_reading_checks_its_arguments),
        cmocka_unit_test(bonuses_and_adjustments_read_back),
        cmocka_unit_test(measures_list_derived_then_base_ones),
        cmocka_unit_test(classification_ranking_and_leader_read_back),
        cmocka_unit_test(awards_read_back_with_quota_order_and_exclusions),
        cmocka_unit_test(a_null_rulebook_reads_as_empty),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
