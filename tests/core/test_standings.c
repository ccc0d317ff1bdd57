/*
 * Totals (section caps, bonus caps, item caps, deductions that would take a
 * total below 0), manual points and their sources, derived measures, the
 * data checks of td_evaluate(), and the result accessors with bad
 * arguments.
 */
#include <stddef.h>
#include <stdlib.h>

#include "td_test.h"

typedef struct env {
    td_rulebook_builder *b;
    td_cluster *c;
    td_rulebook *rb;
    td_result *res;
    td_error err;
} env;

#define OK(e, call) assert_ok((call), (e)->err)

static void env_init(env *e)
{
    memset(e, 0, sizeof *e);
    OK(e, td_rulebook_builder_new(&e->b, "rb", NULL, &e->err));
    OK(e, td_cluster_new(&e->c, "k", 2024, NULL, &e->err));
}

static void env_free(env *e)
{
    td_result_free(e->res);
    td_rulebook_free(e->rb);
    td_cluster_free(e->c);
    td_rulebook_builder_free(e->b);
}

static td_status env_run(env *e)
{
    td_status rc = td_rulebook_builder_build(&e->rb, e->b, &e->err);
    if (rc == TD_OK)
        rc = td_evaluate(&e->res, e->rb, e->c, NULL, &e->err);
    return rc;
}

static size_t at(const env *e, const char *unit)
{
    size_t m = 0;
    td_error err;
    assert_ok(td_result_find_member(&m, e->res, unit, &err), err);
    return m;
}

/* A threshold criterion at 100 %, met when actual >= target. */
static void threshold(env *e, const char *section, const char *id, const char *max)
{
    OK(e, td_rulebook_builder_add_criterion(e->b, section, id, NULL, D(max), &e->err));
    OK(e, tr_rule_threshold(e->b, id, D("1"), &e->err));
}

static void value(env *e, const char *unit, const char *measure, const char *target, const char *actual)
{
    OK(e, td_cluster_set_target(e->c, unit, measure, D(target), &e->err));
    OK(e, td_cluster_set_actual(e->c, unit, measure, D(actual), &e->err));
}

/* ---- totals ---- */

static void a_section_cap_limits_its_points_but_not_the_bonus(void **state)
{
    (void)state;
    env e;
    env_init(&e);
    td_decimal cap = D("15"), two = D("2");
    OK(&e, td_rulebook_builder_add_section(e.b, "A", NULL, &cap, &e.err));
    OK(&e, td_rulebook_builder_add_section(e.b, "B", NULL, NULL, &e.err));
    threshold(&e, "A", "a1", "10");
    threshold(&e, "A", "a2", "10");
    threshold(&e, "B", "b1", "5");
    OK(&e, td_rulebook_builder_set_bonus(e.b, "a1", D("10"), D("1"), &two, &e.err));
    OK(&e, td_cluster_add_member(e.c, "u", NULL, &e.err));
    OK(&e, td_cluster_add_member(e.c, "v", NULL, &e.err));
    value(&e, "u", "a1", "100", "130");
    value(&e, "u", "a2", "100", "100");
    value(&e, "u", "b1", "100", "100");
    value(&e, "v", "a1", "100", "100");
    value(&e, "v", "a2", "100", "50");
    value(&e, "v", "b1", "100", "50");
    assert_ok(env_run(&e), e.err);
    size_t u = at(&e, "u"), v = at(&e, "v");
    assert_decimal(td_result_section_points(e.res, u, 0), "15");
    assert_decimal(td_result_section_points(e.res, u, 1), "5");
    assert_decimal(td_result_member_base(e.res, u), "20");
    /* the criterion bonus (3 steps of 10 %, capped at 2) stands beyond the section cap */
    assert_decimal(td_result_member_bonus(e.res, u), "2");
    assert_decimal(td_result_member_total(e.res, u), "22");
    assert_string_equal(td_result_member_explain(e.res, u, TD_LANG_EN),
                        "base = A min(15, 20) = 15 + B 5 = 20; bonus = criteria 2 = 2; deduction = 0; "
                        "total = max(0, 20 + 2 − 0) = 22");
    assert_string_equal(td_result_member_explain(e.res, u, TD_LANG_VI),
                        "điểm cơ bản = A min(15, 20) = 15 + B 5 = 20; điểm thưởng = tiêu chí 2 = 2; điểm trừ = 0; "
                        "tổng điểm = max(0, 20 + 2 − 0) = 22");
    /* under the cap the section sum stands */
    assert_decimal(td_result_section_points(e.res, v, 0), "10");
    assert_decimal(td_result_member_total(e.res, v), "10");
    env_free(&e);
}

static void bonus_max_caps_criterion_bonus_and_bonus_items_together(void **state)
{
    (void)state;
    env e;
    env_init(&e);
    td_decimal bmax = D("3"), item_max = D("3");
    OK(&e, td_rulebook_builder_add_section(e.b, "A", NULL, NULL, &e.err));
    threshold(&e, "A", "a1", "10");
    OK(&e, td_rulebook_builder_set_bonus(e.b, "a1", D("10"), D("1"), NULL, &e.err));
    OK(&e, td_rulebook_builder_add_adjustment(e.b, "flag", NULL, TD_ADJUSTMENT_BONUS, D("2"), &item_max, &e.err));
    OK(&e, td_rulebook_builder_set_bonus_max(e.b, &bmax, &e.err));
    OK(&e, td_cluster_add_member(e.c, "u", NULL, &e.err));
    OK(&e, td_cluster_add_member(e.c, "w", NULL, &e.err));
    value(&e, "u", "a1", "100", "120");
    value(&e, "w", "a1", "100", "100");
    /* two events add up: 2 × 2 = 4, capped by the item's max 3 */
    OK(&e, td_cluster_add_event(e.c, "u", "flag", 1, &e.err));
    OK(&e, td_cluster_add_event(e.c, "u", "flag", 1, &e.err));
    OK(&e, td_cluster_add_event(e.c, "w", "flag", 1, &e.err));
    assert_ok(env_run(&e), e.err);
    size_t u = at(&e, "u"), w = at(&e, "w");
    assert_decimal(td_result_criterion_bonus(e.res, u, 0), "2");
    assert_decimal(td_result_member_bonus(e.res, u), "3");
    assert_decimal(td_result_member_total(e.res, u), "13");
    assert_string_equal(td_result_member_explain(e.res, u, TD_LANG_EN),
                        "base = A 10 = 10; bonus = min(3, criteria 2 + flag min(3, 2 × 2)) = 3; deduction = 0; "
                        "total = max(0, 10 + 3 − 0) = 13");
    /* below the cap the sum stands */
    assert_decimal(td_result_member_bonus(e.res, w), "2");
    env_free(&e);
}

static void deductions_never_take_the_total_below_zero(void **state)
{
    (void)state;
    env e;
    env_init(&e);
    td_decimal late_max = D("10");
    OK(&e, td_rulebook_builder_add_section(e.b, "A", NULL, NULL, &e.err));
    threshold(&e, "A", "a1", "5");
    OK(&e, td_rulebook_builder_add_adjustment(e.b, "late", NULL, TD_ADJUSTMENT_DEDUCTION, D("3"), &late_max, &e.err));
    OK(&e, td_rulebook_builder_add_adjustment(e.b, "missing", NULL, TD_ADJUSTMENT_DEDUCTION, D("8"), NULL, &e.err));
    OK(&e, td_cluster_add_member(e.c, "u", NULL, &e.err));
    OK(&e, td_cluster_add_member(e.c, "v", NULL, &e.err));
    value(&e, "u", "a1", "1", "1");
    value(&e, "v", "a1", "1", "1");
    OK(&e, td_cluster_add_event(e.c, "u", "late", 4, &e.err));
    OK(&e, td_cluster_add_event(e.c, "v", "late", 1, &e.err));
    OK(&e, td_cluster_add_event(e.c, "u", "missing", 1, &e.err));
    assert_ok(env_run(&e), e.err);
    size_t u = at(&e, "u"), v = at(&e, "v");
    assert_decimal(td_result_member_deduction(e.res, u), "18");
    assert_decimal(td_result_member_total(e.res, u), "0");
    assert_string_equal(td_result_member_explain(e.res, u, TD_LANG_EN),
                        "base = A 5 = 5; bonus = criteria 0 = 0; deduction = late min(10, 3 × 4) + missing 8 × 1 = 18; "
                        "total = max(0, 5 + 0 − 18) = 0");
    assert_decimal(td_result_member_total(e.res, v), "2");
    /* a total of 0 still ranks, after the others */
    assert_int_equal(td_result_member_rank(e.res, u), 2);
    env_free(&e);
}

/* ---- manual points ---- */

static void manual_env(env *e)
{
    env_init(e);
    OK(e, td_rulebook_builder_add_section(e->b, "A", NULL, NULL, &e->err));
    OK(e, td_rulebook_builder_add_criterion(e->b, "A", "rep", NULL, D("10"), &e->err));
    OK(e, tr_rule_manual(e->b, "rep", &e->err));
    OK(e, td_cluster_add_member(e->c, "u", NULL, &e->err));
}

static void manual_points_come_from_the_best_source(void **state)
{
    (void)state;
    static const struct {
        const char *self, *cross, *final, *points, *source;
    } cases[] = {
        {"9", "8.5", "7.125", "7.13", "final review"},
        {"9", "8.5", NULL, "8.5", "cross-scoring"},
        {"9", NULL, NULL, "9", "self-scoring"},
        {NULL, NULL, "10", "10", "final review"},
        {"0", NULL, NULL, "0", "self-scoring"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        env e;
        manual_env(&e);
        const char *given[3] = {cases[i].self, cases[i].cross, cases[i].final};
        for (int s = 0; s < 3; s++)
            if (given[s] != NULL)
                OK(&e, td_cluster_set_score(e.c, (td_score_source)s, "u", "rep", D(given[s]), &e.err));
        assert_ok(env_run(&e), e.err);
        assert_decimal(td_result_points(e.res, 0, 0), cases[i].points);
        const char *text = td_result_criterion_explain(e.res, 0, 0, TD_LANG_EN);
        if (strstr(text, cases[i].source) == NULL)
            fail_msg("case %zu: \"%s\" lacks \"%s\"", i, text, cases[i].source);
        assert_int_equal(td_result_met(e.res, 0, 0), -1);
        env_free(&e);
    }
}

static void manual_points_out_of_range_are_a_data_error(void **state)
{
    (void)state;
    env e;
    manual_env(&e);
    /* the chosen source is in range, but a value given from another source is not */
    OK(&e, td_cluster_set_score(e.c, TD_SCORE_SOURCE_FINAL, "u", "rep", D("9"), &e.err));
    OK(&e, td_cluster_set_score(e.c, TD_SCORE_SOURCE_SELF, "u", "rep", D("10.5"), &e.err));
    assert_error(env_run(&e), TD_EDATA, e.err,
                 "self-scoring points 10.5 of unit 'u' for criterion 'rep' are outside [0, 10]");
    assert_null(e.res);
    /* negative points never get in */
    assert_error(td_cluster_set_score(e.c, TD_SCORE_SOURCE_CROSS, "u", "rep", D("-1"), &e.err), TD_ERANGE, e.err,
                 "must be >= 0, got -1");
    env_free(&e);
}

static void manual_points_are_needed_and_only_for_manual_criteria(void **state)
{
    (void)state;
    env e;
    manual_env(&e);
    assert_error(env_run(&e), TD_EDATA, e.err, "unit 'u' has no points for manual criterion 'rep' from any source");
    env_free(&e);

    manual_env(&e);
    OK(&e, td_cluster_set_score(e.c, TD_SCORE_SOURCE_SELF, "u", "rep", D("5"), &e.err));
    threshold(&e, "A", "thr", "5");
    value(&e, "u", "thr", "1", "1");
    OK(&e, td_cluster_set_score(e.c, TD_SCORE_SOURCE_SELF, "u", "thr", D("5"), &e.err));
    assert_error(env_run(&e), TD_EDATA, e.err,
                 "points of unit 'u' are given for criterion 'thr', which is not manual");
    env_free(&e);

    manual_env(&e);
    OK(&e, td_cluster_set_score(e.c, TD_SCORE_SOURCE_SELF, "u", "rep", D("5"), &e.err));
    OK(&e, td_cluster_set_score(e.c, TD_SCORE_SOURCE_FINAL, "u", "ghost", D("5"), &e.err));
    assert_error(env_run(&e), TD_EDATA, e.err, "points of unit 'u' name unknown criterion 'ghost'");
    env_free(&e);
}

/* ---- data checks of td_evaluate ---- */

static void events_must_name_adjustment_items(void **state)
{
    (void)state;
    env e;
    manual_env(&e);
    OK(&e, td_cluster_set_score(e.c, TD_SCORE_SOURCE_SELF, "u", "rep", D("5"), &e.err));
    OK(&e, td_cluster_add_event(e.c, "u", "ghost", 1, &e.err));
    assert_error(env_run(&e), TD_EDATA, e.err, "event of unit 'u' names unknown adjustment item 'ghost'");
    /* events for non-members never get in */
    assert_error(td_cluster_add_event(e.c, "stranger", "ghost", 1, &e.err), TD_ENOTFOUND, e.err,
                 "event names unit 'stranger'");
    env_free(&e);
}

static void a_cluster_needs_a_member(void **state)
{
    (void)state;
    env e;
    env_init(&e);
    OK(&e, td_rulebook_builder_add_section(e.b, "A", NULL, NULL, &e.err));
    threshold(&e, "A", "a1", "5");
    assert_error(env_run(&e), TD_EDATA, e.err, "cluster 'k' has no member");
    env_free(&e);
}

static void derived_measures_divide_per_side_and_fail_on_zero(void **state)
{
    (void)state;
    env e;
    env_init(&e);
    OK(&e, td_rulebook_builder_add_measure(e.b, "hh_rate", "hh_achieved / hh_registered", &e.err));
    OK(&e, td_rulebook_builder_add_section(e.b, "A", NULL, NULL, &e.err));
    /* the criterion scores the derived measure of the same id (the default link) */
    OK(&e, td_rulebook_builder_add_criterion(e.b, "A", "hh_rate", NULL, D("10"), &e.err));
    OK(&e, tr_rule_proportional(e.b, "hh_rate", D("1"), &e.err));
    OK(&e, td_cluster_add_member(e.c, "u", NULL, &e.err));
    value(&e, "u", "hh_registered", "3", "3563");
    value(&e, "u", "hh_achieved", "2", "3425");
    assert_ok(env_run(&e), e.err);
    td_decimal t, a, r;
    assert_true(td_result_target(&t, e.res, 0, 0));
    assert_true(td_result_actual(&a, e.res, 0, 0));
    assert_true(td_result_attainment(&r, e.res, 0, 0));
    assert_decimal(t, "0.666667"); /* 2 / 3, rounded to 6 */
    assert_decimal(a, "0.961269"); /* 3425 / 3563 */
    assert_decimal(r, "1.441903"); /* 0.961269 / 0.666667 */
    env_free(&e);

    env_init(&e);
    OK(&e, td_rulebook_builder_add_measure(e.b, "rate", "a / b", &e.err));
    OK(&e, td_rulebook_builder_add_section(e.b, "A", NULL, NULL, &e.err));
    threshold(&e, "A", "rate", "10");
    OK(&e, td_cluster_add_member(e.c, "u", NULL, &e.err));
    value(&e, "u", "a", "1", "1");
    value(&e, "u", "b", "1", "0");
    assert_error(env_run(&e), TD_EDATA, e.err, "derived measure 'rate' of unit 'u' (actuals): division by zero");
    env_free(&e);

    /* data may not give a derived measure itself */
    env_init(&e);
    OK(&e, td_rulebook_builder_add_measure(e.b, "rate", "a / b", &e.err));
    OK(&e, td_rulebook_builder_add_section(e.b, "A", NULL, NULL, &e.err));
    threshold(&e, "A", "rate", "10");
    OK(&e, td_cluster_add_member(e.c, "u", NULL, &e.err));
    value(&e, "u", "rate", "1", "1");
    assert_error(env_run(&e), TD_EDATA, e.err,
                 "the data of unit 'u' gives measure 'rate', which the rulebook derives from the formula 'a / b'");
    env_free(&e);
}

static void expression_builder_functions_check_their_arguments(void **state)
{
    (void)state;
    env e;
    env_init(&e);
    OK(&e, td_rulebook_builder_add_section(e.b, "A", NULL, NULL, &e.err));
    threshold(&e, "A", "c", "10");
    OK(&e, td_rulebook_builder_add_measure(e.b, "m", "a + b", &e.err));
    assert_error(td_rulebook_builder_add_measure(e.b, "m", "a", &e.err), TD_EEXISTS, e.err,
                 "measure 'm' is defined twice");
    assert_error(td_rulebook_builder_add_measure(e.b, "n", NULL, &e.err), TD_EINVAL, e.err, "the formula is NULL");
    assert_error(td_rulebook_builder_add_measure(e.b, "", "a", &e.err), TD_EINVAL, e.err, "measure id is empty");
    assert_error(td_rulebook_builder_add_measure(NULL, "n", "a", &e.err), TD_EINVAL, e.err, "NULL");
    assert_error(tr_rule_expr(e.b, "ghost", "1", &e.err), TD_ENOTFOUND, e.err,
                 "unknown criterion 'ghost'");
    assert_error(tr_rule_expr(e.b, "c", NULL, &e.err), TD_EINVAL, e.err, "NULL");
    assert_error(tr_rule_expr(NULL, "c", "1", &e.err), TD_EINVAL, e.err, "NULL");
    assert_error(tr_rule_expr(e.b, "c", "bad \xC3(", &e.err), TD_EINVAL, e.err,
                 "not valid UTF-8");
    /* a NULL builder in every award function */
    assert_error(td_rulebook_builder_set_award_quota_count(NULL, "a", 1, &e.err), TD_EINVAL, e.err, "NULL");
    assert_error(td_rulebook_builder_set_award_quota_percent(NULL, "a", D("5"), TD_ROUNDING_FLOOR, 0, &e.err),
                 TD_EINVAL, e.err, "NULL");
    assert_error(td_rulebook_builder_add_award_exclusion(NULL, "a", "b", &e.err), TD_EINVAL, e.err, "NULL");
    assert_error(td_rulebook_builder_set_award_order(NULL, "a", "total", &e.err), TD_EINVAL, e.err, "NULL");
    assert_error(td_rulebook_builder_set_award_quota_count(e.b, NULL, 1, &e.err), TD_EINVAL, e.err, "award id");
    assert_error(td_rulebook_builder_add_award_exclusion(e.b, "c", NULL, &e.err), TD_ENOTFOUND, e.err, "unknown award");
    assert_error(td_rulebook_builder_set_name(e.b, NULL, &e.err), TD_EINVAL, e.err, "name is NULL");
    assert_error(td_rulebook_builder_set_measure(e.b, "c", NULL, &e.err), TD_EINVAL, e.err, "measure");
    assert_error(td_rulebook_builder_add_leader_order(e.b, "", &e.err), TD_EINVAL, e.err, "empty");
    env_free(&e);
}

static void an_expr_rule_is_clamped_to_its_max_in_the_explanation(void **state)
{
    (void)state;
    env e;
    env_init(&e);
    OK(&e, td_rulebook_builder_add_section(e.b, "A", NULL, NULL, &e.err));
    OK(&e, td_rulebook_builder_add_criterion(e.b, "A", "x", NULL, D("10"), &e.err));
    OK(&e, td_rulebook_builder_set_measure(e.b, "x", "hh", &e.err));
    OK(&e, tr_rule_expr(e.b, "x", "actual(hh) / 100 - 2", &e.err));
    static const char *const units[] = {"hi", "lo", "mid"};
    static const char *const actuals[] = {"1500", "100", "612.5"};
    for (size_t i = 0; i < 3; i++) {
        OK(&e, td_cluster_add_member(e.c, units[i], NULL, &e.err));
        OK(&e, td_cluster_set_target(e.c, units[i], "hh", D("500"), &e.err));
        OK(&e, td_cluster_set_actual(e.c, units[i], "hh", D(actuals[i]), &e.err));
    }
    assert_ok(env_run(&e), e.err);
    assert_decimal(td_result_points(e.res, at(&e, "hi"), 0), "10");
    assert_decimal(td_result_points(e.res, at(&e, "lo"), 0), "0");
    assert_decimal(td_result_points(e.res, at(&e, "mid"), 0), "4.13");
    assert_string_equal(td_result_criterion_explain(e.res, at(&e, "hi"), 0, TD_LANG_EN),
                        "1500 / 500 = 300.00 % (met) → actual(hh) / 100 - 2 = 13 → clamped to [0, 10] = 10.00");
    assert_string_equal(td_result_criterion_explain(e.res, at(&e, "lo"), 0, TD_LANG_VI),
                        "100 / 500 = 20.00 % (chưa đạt) → actual(hh) / 100 - 2 = -1 → giới hạn trong [0, 10] = 0.00");
    assert_string_equal(td_result_criterion_explain(e.res, at(&e, "mid"), 0, TD_LANG_EN),
                        "612.5 / 500 = 122.50 % (met) → actual(hh) / 100 - 2 = 4.125 = 4.13");
    env_free(&e);
}

/* Contract: a criterion needs a target and an actual for every member
 * unless its rule is manual (or best of actual); expr is no exception. */
static void an_expr_rule_needs_a_target_and_an_actual(void **state)
{
    (void)state;
    static const struct {
        const char *target, *actual, *missing;
    } cases[] = {
        {NULL, "600", "unit 'u' has no target for measure 'hh' (criterion 'x')"},
        {"500", NULL, "unit 'u' has no actual result for measure 'hh' (criterion 'x')"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        env e;
        env_init(&e);
        OK(&e, td_rulebook_builder_add_section(e.b, "A", NULL, NULL, &e.err));
        OK(&e, td_rulebook_builder_add_criterion(e.b, "A", "x", NULL, D("10"), &e.err));
        OK(&e, td_rulebook_builder_set_measure(e.b, "x", "hh", &e.err));
        /* the expression itself reads neither */
        OK(&e, tr_rule_expr(e.b, "x", "members * 2", &e.err));
        OK(&e, td_cluster_add_member(e.c, "u", NULL, &e.err));
        if (cases[i].target != NULL)
            OK(&e, td_cluster_set_target(e.c, "u", "hh", D(cases[i].target), &e.err));
        if (cases[i].actual != NULL)
            OK(&e, td_cluster_set_actual(e.c, "u", "hh", D(cases[i].actual), &e.err));
        assert_error(env_run(&e), TD_EDATA, e.err, cases[i].missing);
        env_free(&e);
    }
    /* with both, the criterion has an attainment: met() and the bonus see it */
    env e;
    env_init(&e);
    OK(&e, td_rulebook_builder_add_section(e.b, "A", NULL, NULL, &e.err));
    OK(&e, td_rulebook_builder_add_criterion(e.b, "A", "x", NULL, D("10"), &e.err));
    OK(&e, td_rulebook_builder_set_measure(e.b, "x", "hh", &e.err));
    OK(&e, tr_rule_expr(e.b, "x", "members * 2", &e.err));
    OK(&e, td_rulebook_builder_set_bonus(e.b, "x", D("10"), D("1"), NULL, &e.err));
    OK(&e, td_cluster_add_member(e.c, "u", NULL, &e.err));
    OK(&e, td_cluster_set_target(e.c, "u", "hh", D("500"), &e.err));
    OK(&e, td_cluster_set_actual(e.c, "u", "hh", D("600"), &e.err));
    assert_ok(env_run(&e), e.err);
    assert_decimal(td_result_points(e.res, 0, 0), "2");
    assert_decimal(td_result_criterion_bonus(e.res, 0, 0), "2");
    assert_int_equal(td_result_met(e.res, 0, 0), 1);
    env_free(&e);
}

/* ---- td_evaluate and result accessors ---- */

static void evaluate_checks_its_arguments(void **state)
{
    (void)state;
    env e;
    manual_env(&e);
    OK(&e, td_cluster_set_score(e.c, TD_SCORE_SOURCE_SELF, "u", "rep", D("5"), &e.err));
    OK(&e, td_rulebook_builder_build(&e.rb, e.b, &e.err));
    td_result *res = NULL;
    assert_error(td_evaluate(NULL, e.rb, e.c, NULL, &e.err), TD_EINVAL, e.err, "out is NULL");
    assert_error(td_evaluate(&res, NULL, e.c, NULL, &e.err), TD_EINVAL, e.err, "the rulebook is NULL");
    assert_error(td_evaluate(&res, e.rb, NULL, NULL, &e.err), TD_EINVAL, e.err, "the cluster is NULL");
    td_eval_options opts = TD_EVAL_OPTIONS_INIT;
    opts.version = 99;
    assert_error(td_evaluate(&res, e.rb, e.c, &opts, &e.err), TD_EINVAL, e.err, "unknown td_eval_options version 99");
    assert_null(res);
    assert_int_equal(td_eval_options_init(NULL, TD_EVAL_OPTIONS_VERSION), TD_EINVAL);
    assert_int_equal(td_eval_options_init(&opts, 0), TD_EINVAL);
    assert_int_equal(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION + 1), TD_EINVAL);
    assert_int_equal(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION), TD_OK);
    assert_int_equal(opts.version, TD_EVAL_OPTIONS_VERSION);
    assert_null(opts.allocator);
    assert_int_equal(opts.explain, TD_EXPLAIN_ALL);
    assert_ok(td_evaluate(&res, e.rb, e.c, &opts, &e.err), e.err);
    assert_true(td_result_has_explanations(res));
    td_result_free(res);
    res = NULL;
    opts.explain = (td_explain)7;
    assert_error(td_evaluate(&res, e.rb, e.c, &opts, &e.err), TD_EINVAL, e.err,
                 "unknown td_eval_options explain value 7");
    assert_null(res);
    /* a version 1 struct (a program built against the 0.1 header) ends
     * before `explain`: init writes only its fields, evaluate reads only
     * them, and the result is explained */
    struct {
        td_eval_options v1;
    } old;
    memset(&old, 0xAB, sizeof old);
    assert_int_equal(td_eval_options_init(&old.v1, 1), TD_OK);
    assert_int_equal(old.v1.version, 1);
    assert_null(old.v1.allocator);
    assert_int_equal(((unsigned char *)&old.v1)[offsetof(td_eval_options, explain)], 0xAB);
    assert_ok(td_evaluate(&res, e.rb, e.c, &old.v1, &e.err), e.err);
    assert_true(td_result_has_explanations(res));
    td_result_free(res);
    res = NULL;
    /* version 2 ends before max_cells: the default limit, whatever follows */
    struct {
        td_eval_options v2;
    } old2;
    memset(&old2, 0xAB, sizeof old2);
    assert_int_equal(td_eval_options_init(&old2.v2, 2), TD_OK);
    assert_int_equal(old2.v2.version, 2);
    assert_int_equal(old2.v2.threads, 1);
    assert_int_equal(((unsigned char *)&old2.v2)[offsetof(td_eval_options, max_cells)], 0xAB);
    old2.v2.max_cells = 1; /* not read: version 2 has no such field */
    assert_ok(td_evaluate(&res, e.rb, e.c, &old2.v2, &e.err), e.err);
    td_result_free(res);
    res = NULL;
    /* the work limit is checked before anything is computed */
    assert_int_equal(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION), TD_OK);
    assert_int_equal(opts.max_cells, 0);
    opts.max_cells = 1;
    assert_error(td_evaluate(&res, e.rb, e.c, &opts, &e.err), TD_ELIMIT, e.err,
                 "evaluating 1 members by rulebook 'rb' computes more than 1 cells (3 per member;");
    assert_null(res);
    opts.max_cells = 3; /* one member: its criterion, its measure and its total */
    assert_ok(td_evaluate(&res, e.rb, e.c, &opts, &e.err), e.err);
    td_result_free(res);
    res = NULL;
    opts.max_cells = SIZE_MAX;
    assert_ok(td_evaluate(&res, e.rb, e.c, &opts, &e.err), e.err);
    td_result_free(res);
    assert_false(td_result_has_explanations(NULL));
    td_result_free(NULL);
    env_free(&e);
}

static void a_result_outlives_its_rulebook_and_cluster(void **state)
{
    (void)state;
    env e;
    manual_env(&e);
    OK(&e, td_cluster_set_name(e.c, "Cụm", &e.err));
    OK(&e, td_cluster_set_score(e.c, TD_SCORE_SOURCE_SELF, "u", "rep", D("5"), &e.err));
    assert_ok(env_run(&e), e.err);
    td_rulebook_free(e.rb);
    td_cluster_free(e.c);
    td_rulebook_builder_free(e.b);
    e.rb = NULL;
    e.c = NULL;
    e.b = NULL;
    assert_string_equal(td_result_cluster_id(e.res), "k");
    assert_string_equal(td_result_cluster_name(e.res), "Cụm");
    assert_int_equal(td_result_period(e.res), 2024);
    assert_string_equal(td_rulebook_id(td_result_rulebook(e.res)), "rb");
    assert_decimal(td_result_member_total(e.res, 0), "5");
    env_free(&e);
}

static void result_accessors_handle_bad_arguments(void **state)
{
    (void)state;
    env e;
    manual_env(&e);
    OK(&e, td_cluster_set_score(e.c, TD_SCORE_SOURCE_SELF, "u", "rep", D("5"), &e.err));
    assert_ok(env_run(&e), e.err);
    const td_result *r = e.res;
    size_t m = 7;
    assert_error(td_result_find_member(&m, r, "zz", &e.err), TD_ENOTFOUND, e.err,
                 "unit 'zz' is not a member of cluster 'k'");
    assert_error(td_result_find_member(&m, r, "", &e.err), TD_EINVAL, e.err, "unit id is empty");
    assert_error(td_result_find_member(&m, r, NULL, &e.err), TD_EINVAL, e.err, "unit id");
    assert_error(td_result_find_member(&m, NULL, "u", &e.err), TD_EINVAL, e.err, "NULL");
    assert_error(td_result_find_member(NULL, r, "u", &e.err), TD_EINVAL, e.err, "NULL");
    assert_int_equal(m, 7);
    /* members out of range */
    assert_null(td_result_member_unit(r, 1));
    assert_null(td_result_member_name(r, 1));
    assert_int_equal(td_result_member_rank(r, 1), 0);
    assert_false(td_result_member_is_leader(r, 1));
    assert_decimal(td_result_member_total(r, 1), "0");
    assert_decimal(td_result_member_base(r, 1), "0");
    assert_decimal(td_result_member_bonus(r, 1), "0");
    assert_decimal(td_result_member_deduction(r, 1), "0");
    assert_decimal(td_result_section_points(r, 1, 0), "0");
    assert_decimal(td_result_section_points(r, 0, 1), "0");
    assert_null(td_result_member_classification(r, 1));
    assert_int_equal(td_result_member_count_met(r, 1), 0);
    assert_false(td_result_member_all_met(r, 1));
    assert_null(td_result_member_explain(r, 1, TD_LANG_EN));
    assert_null(td_result_classification_explain(r, 1, TD_LANG_EN));
    assert_null(td_result_rank_explain(r, 1, TD_LANG_EN));
    /* criteria out of range */
    td_decimal d = D("42");
    assert_false(td_result_target(&d, r, 0, 1));
    assert_false(td_result_actual(&d, r, 1, 0));
    assert_false(td_result_attainment(&d, r, 0, 1));
    assert_decimal(d, "42");
    assert_int_equal(td_result_met(r, 0, 1), -1);
    assert_decimal(td_result_points(r, 0, 1), "0");
    assert_decimal(td_result_criterion_bonus(r, 1, 0), "0");
    assert_null(td_result_criterion_explain(r, 0, 1, TD_LANG_VI));
    /* a manual criterion has no target: the presence flags say so */
    assert_false(td_result_target(NULL, r, 0, 0));
    /* NULL results read as empty */
    assert_null(td_result_rulebook(NULL));
    assert_null(td_result_cluster_id(NULL));
    assert_null(td_result_cluster_name(NULL));
    assert_int_equal(td_result_period(NULL), 0);
    assert_int_equal(td_result_member_count(NULL), 0);
    assert_int_equal(td_result_criterion_count(NULL), 0);
    assert_null(td_result_member_unit(NULL, 0));
    assert_decimal(td_result_points(NULL, 0, 0), "0");
    /* valid reads, for contrast */
    assert_int_equal(td_result_member_count(r), 1);
    assert_int_equal(td_result_criterion_count(r), 1);
    assert_true(td_result_member_all_met(r, 0)); /* no criterion has an attainment */
    assert_int_equal(td_result_member_count_met(r, 0), 0);
    env_free(&e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_section_cap_limits_its_points_but_not_the_bonus),
        cmocka_unit_test(bonus_max_caps_criterion_bonus_and_bonus_items_together),
        cmocka_unit_test(deductions_never_take_the_total_below_zero),
        cmocka_unit_test(manual_points_come_from_the_best_source),
        cmocka_unit_test(manual_points_out_of_range_are_a_data_error),
        cmocka_unit_test(manual_points_are_needed_and_only_for_manual_criteria),
        cmocka_unit_test(events_must_name_adjustment_items),
        cmocka_unit_test(a_cluster_needs_a_member),
        cmocka_unit_test(derived_measures_divide_per_side_and_fail_on_zero),
        cmocka_unit_test(expression_builder_functions_check_their_arguments),
        cmocka_unit_test(an_expr_rule_is_clamped_to_its_max_in_the_explanation),
        cmocka_unit_test(an_expr_rule_needs_a_target_and_an_actual),
        cmocka_unit_test(evaluate_checks_its_arguments),
        cmocka_unit_test(a_result_outlives_its_rulebook_and_cluster),
        cmocka_unit_test(result_accessors_handle_bad_arguments),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
