/*
 * Rulebook 1.1, section 1: parameters (named numbers every expression
 * reads bare, set by the rulebook and replaced by the data for a period),
 * inputs, has() and actual(id, default).
 */
#include <stdio.h>
#include <stdlib.h>

#include "kit.h"
#include "rule_kit.h"
#include "thidua/sys/origin.h"
#include "td_test.h"
#include "model.h"

#define OK(call) assert_ok((call), k.err)

/* A kit with parameter `bar` (60) read by a classification condition, an
 * award condition and a derived measure. */
static void kit_with_parameter(kit *k)
{
    kit_init(k, 2025);
    assert_ok(td_rulebook_builder_add_parameter(k->b, "bar", D("60"), &k->err), k->err);
    kit_class(k, "good", NULL, "total >= bar");
    kit_class(k, "other", NULL, NULL);
    kit_award(k, "flag", "total >= bar + 20");
    kit_derived(k, "ratio", "loans / bar");
    kit_member(k, "a", "90");
    kit_member(k, "b", "70");
    kit_member(k, "c", "50");
    for (const char *const *u = (const char *const[]){"a", "b", "c", NULL}; *u != NULL; u++)
        kit_measure(k, *u, "loans", "30", "30");
}

static const char *class_of(const kit *k, const char *unit)
{
    return td_result_member_classification(k->res, kit_index(k, unit));
}

static void expressions_read_the_rulebook_value(void **state)
{
    (void)state;
    kit k;
    kit_with_parameter(&k);
    kit_run_ok(&k);
    assert_string_equal(class_of(&k, "a"), "good");
    assert_string_equal(class_of(&k, "b"), "good");
    assert_string_equal(class_of(&k, "c"), "other");
    assert_award(&k, "a", "flag", TD_AWARD_SELECTED, NULL, NULL);
    assert_award(&k, "b", "flag", TD_AWARD_NOT_ELIGIBLE, "total = 70 < bar + 20 = 80", NULL);
    /* a derived measure: 30 / 60 */
    size_t ratio;
    assert_ok(td_rulebook_find_measure(&ratio, k.rb, "ratio", &k.err), k.err);
    td_value v;
    td_expr *x = NULL;
    OK(td_expr_compile(&x, k.rb, "actual(ratio) + bar", NULL, &k.err));
    OK(td_expr_eval(&v, x, k.res, kit_index(&k, "a"), NULL, 0, &k.err));
    assert_decimal(v.number, "60.5");
    /* the condition's explanation shows the parameter's value */
    char text[256];
    td_expr *cond = NULL;
    OK(td_expr_compile(&cond, k.rb, "total >= bar", NULL, &k.err));
    OK(td_expr_explain(text, sizeof text, NULL, cond, k.res, kit_index(&k, "c"), NULL, 0, &k.err));
    assert_string_equal(text, "total = 50 < bar = 60");
    td_expr_free(cond);
    td_expr_free(x);
    /* the read API */
    assert_int_equal(td_rulebook_parameter_count(k.rb), 1);
    assert_string_equal(td_rulebook_parameter_id(k.rb, 0), "bar");
    assert_decimal(td_rulebook_parameter_value(k.rb, 0), "60");
    assert_null(td_rulebook_parameter_id(k.rb, 1));
    assert_decimal(td_rulebook_parameter_value(k.rb, 1), "0");
    size_t at = 9;
    OK(td_rulebook_find_parameter(&at, k.rb, "bar", &k.err));
    assert_int_equal(at, 0);
    assert_error(td_rulebook_find_parameter(&at, k.rb, "baz", &k.err), TD_ENOTFOUND, k.err, "baz");
    kit_free(&k);
}

static void the_data_replaces_the_value_for_its_period(void **state)
{
    (void)state;
    kit k;
    kit_with_parameter(&k);
    OK(td_cluster_set_parameter(k.c, "bar", D("40"), &k.err));
    OK(td_cluster_set_parameter(k.c, "bar", D("45"), &k.err)); /* the last one counts */
    assert_int_equal(td_cluster_parameter_count(k.c), 1);
    assert_string_equal(td_cluster_parameter_id(k.c, 0), "bar");
    assert_decimal(td_cluster_parameter_value(k.c, 0), "45");
    assert_null(td_cluster_parameter_id(k.c, 1));
    kit_run_ok(&k);
    assert_string_equal(class_of(&k, "c"), "good"); /* 50 >= 45 */
    assert_award(&k, "b", "flag", TD_AWARD_SELECTED, NULL, NULL); /* 70 >= 65 */
    td_expr *x = NULL;
    td_value v;
    OK(td_expr_compile(&x, k.rb, "bar * 2", NULL, &k.err));
    OK(td_expr_eval(&v, x, k.res, 0, NULL, 0, &k.err));
    assert_decimal(v.number, "90");
    td_expr_free(x);
    /* without explanations, through the 64-bit paths, the same */
    td_eval_options opts;
    OK(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION));
    opts.formulas = true; /* the texts below are formulas */
    opts.explain = TD_EXPLAIN_NONE;
    td_result *res = NULL;
    OK(td_evaluate(&res, k.rb, k.c, &opts, &k.err));
    size_t c = 0;
    OK(td_result_find_member(&c, res, "c", &k.err));
    assert_string_equal(td_result_member_classification(res, c), "good");
    td_result_free(res);
    kit_free(&k);
}

static void a_parameter_the_rulebook_does_not_declare_is_a_data_error(void **state)
{
    (void)state;
    kit k;
    kit_with_parameter(&k);
    OK(td_cluster_set_parameter(k.c, "baar", D("1"), &k.err));
    OK(td_cluster_set_parameter_origin(k.c, "baar", "data.yaml", 4, 3, &k.err));
    assert_error(kit_run(&k), TD_EDATA, k.err, "sets parameter 'baar', which rulebook 'kit' does not declare "
                                               "(did you mean 'bar'?)");
    assert_string_equal(k.err.file, "data.yaml");
    assert_int_equal(k.err.line, 4);
    assert_int_equal(k.err.column, 3);
    /* far from every name: no suggestion */
    OK(td_cluster_set_parameter(k.c, "council_size", D("1"), &k.err));
    kit_free(&k);
    kit_with_parameter(&k);
    OK(td_cluster_set_parameter(k.c, "council_size", D("1"), &k.err));
    assert_error(kit_run(&k), TD_EDATA, k.err, "'council_size', which rulebook 'kit' does not declare");
    assert_null(strstr(k.err.message, "did you mean"));
    assert_string_equal(k.err.file, "");
    /* the cluster API's own errors */
    assert_error(td_cluster_set_parameter(k.c, "", D("1"), &k.err), TD_EINVAL, k.err, "parameter id");
    assert_error(td_cluster_set_parameter(NULL, "x", D("1"), &k.err), TD_EINVAL, k.err, "NULL");
    assert_error(td_cluster_set_parameter_origin(k.c, "nope", "f", 1, 1, &k.err), TD_ENOTFOUND, k.err, "nope");
    assert_error(td_cluster_set_parameter_origin(k.c, "council_size", NULL, 1, 1, &k.err), TD_EINVAL, k.err,
                 "file");
    assert_int_equal(td_cluster_parameter_count(NULL), 0);
    kit_free(&k);
}

static void parameter_ids_are_checked(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2025);
    assert_error(td_rulebook_builder_add_parameter(k.b, "total", D("1"), &k.err), TD_EINVAL, k.err,
                 "name of the expression language");
    assert_error(td_rulebook_builder_add_parameter(k.b, "and", D("1"), &k.err), TD_EINVAL, k.err,
                 "name of the expression language");
    assert_error(td_rulebook_builder_add_parameter(k.b, "", D("1"), &k.err), TD_EINVAL, k.err, "parameter id");
    assert_error(td_rulebook_builder_add_parameter(k.b, "council size", D("1"), &k.err), TD_EINVAL, k.err,
                 "not a name expressions can read");
    assert_error(td_rulebook_builder_add_parameter(NULL, "x", D("1"), &k.err), TD_EINVAL, k.err, "NULL");
    OK(td_rulebook_builder_add_parameter(k.b, "x", D("1"), &k.err));
    assert_error(td_rulebook_builder_add_parameter(k.b, "x", D("2"), &k.err), TD_EEXISTS, k.err, "twice");
    kit_free(&k);
    /* the id of a criterion, of a criterion's measure, of a derived measure */
    static const char *const taken[] = {"score", "ratio"};
    for (size_t i = 0; i < 2; i++) {
        kit_init(&k, 2025);
        kit_derived(&k, "ratio", "loans / 2");
        OK(td_rulebook_builder_add_parameter(k.b, taken[i], D("1"), &k.err));
        assert_error(td_rulebook_builder_build(&k.rb, k.b, &k.err), TD_ERULEBOOK, k.err, taken[i]);
        kit_free(&k);
    }
    kit_init(&k, 2025);
    OK(td_rulebook_builder_add_criterion(k.b, "S", "c2", NULL, D("10"), &k.err));
    OK(td_rulebook_builder_set_measure(k.b, "c2", "hh", &k.err));
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_PROPORTIONAL;
    OK(td_rulebook_builder_set_rule(k.b, "c2", &r, &k.err));
    OK(td_rulebook_builder_add_parameter(k.b, "hh", D("1"), &k.err));
    assert_error(td_rulebook_builder_build(&k.rb, k.b, &k.err), TD_ERULEBOOK, k.err, "criterion 'c2''s measure");
    kit_free(&k);
}

static void a_misspelt_parameter_is_suggested(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2025);
    OK(td_rulebook_builder_add_parameter(k.b, "council_size", D("11"), &k.err));
    kit_class(&k, "good", NULL, "total > council_sise");
    kit_class(&k, "other", NULL, NULL);
    kit_member(&k, "a", "1");
    assert_error(kit_run(&k), TD_EPARSE, k.err, "unknown name 'council_sise' (did you mean 'council_size'?)");
    kit_free(&k);
    /* a parameter is not a function */
    kit_init(&k, 2025);
    OK(td_rulebook_builder_add_parameter(k.b, "council_size", D("11"), &k.err));
    kit_class(&k, "good", NULL, "total > council_size(1)");
    kit_class(&k, "other", NULL, NULL);
    kit_member(&k, "a", "1");
    assert_error(kit_run(&k), TD_EPARSE, k.err, "council_size is not a function");
    kit_free(&k);
}

static void act(kit *k, const char *unit, const char *measure, const char *actual)
{
    assert_ok(td_cluster_set_actual(k->c, unit, measure, D(actual), &k->err), k->err);
}

/* Inputs months and discipline, read by classification conditions through
 * actual(), actual(id, default) and has(). */
static void kit_with_inputs(kit *k)
{
    kit_init(k, 2025);
    assert_ok(td_rulebook_builder_add_input(k->b, "months", &k->err), k->err);
    assert_ok(td_rulebook_builder_add_input(k->b, "discipline", &k->err), k->err);
    kit_derived(k, "years", "months / 12");
    kit_class(k, "good", NULL, "actual(months) >= 10 and not has(discipline)");
    kit_class(k, "fair", NULL, "actual(discipline, 0) < 2 and has(years)");
    kit_class(k, "other", NULL, NULL);
    kit_member(k, "a", "50");
    kit_member(k, "b", "50");
    kit_member(k, "c", "50");
    kit_member(k, "d", "50");
    act(k, "a", "months", "12");
    act(k, "b", "months", "12");
    act(k, "b", "discipline", "1");
    act(k, "c", "months", "5");
    act(k, "c", "discipline", "3");
    act(k, "d", "months", "5");
}

static void inputs_are_read_by_actual_has_and_formulas(void **state)
{
    (void)state;
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE};
    for (size_t i = 0; i < 2; i++) {
        kit k;
        kit_with_inputs(&k);
        td_eval_options opts;
        OK(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION));
        opts.formulas = true; /* the texts below are formulas */
        opts.explain = modes[i];
        OK(td_rulebook_builder_build(&k.rb, k.b, &k.err));
        OK(td_evaluate(&k.res, k.rb, k.c, &opts, &k.err));
        assert_string_equal(class_of(&k, "a"), "good");
        assert_string_equal(class_of(&k, "b"), "fair");
        assert_string_equal(class_of(&k, "c"), "other");
        assert_string_equal(class_of(&k, "d"), "fair"); /* no discipline: the default 0 */
        if (modes[i] == TD_EXPLAIN_ALL)
            assert_contains(td_result_classification_explain(k.res, kit_index(&k, "d"), TD_LANG_EN),
                            "actual(discipline, 0) = 0 < 2");
        /* the derived measure reads the input bare */
        td_expr *x = NULL;
        td_value v;
        OK(td_expr_compile(&x, k.rb, "actual(years)", NULL, &k.err));
        OK(td_expr_eval(&v, x, k.res, kit_index(&k, "c"), NULL, 0, &k.err));
        assert_decimal(v.number, "0.416667");
        td_expr_free(x);
        assert_int_equal(td_rulebook_input_count(k.rb), 2);
        assert_string_equal(td_rulebook_input_id(k.rb, 1), "discipline");
        assert_null(td_rulebook_input_id(k.rb, 2));
        size_t m;
        OK(td_rulebook_find_measure(&m, k.rb, "discipline", &k.err));
        kit_free(&k);
    }
}

static void with_inputs_an_unknown_measure_is_a_data_error(void **state)
{
    (void)state;
    kit k;
    kit_with_inputs(&k);
    act(&k, "c", "month", "5");
    assert_error(kit_run(&k), TD_EDATA, k.err, "unit 'c' gives measure 'month', which rulebook 'kit' does not know");
    assert_contains(k.err.message, "(did you mean 'months'?)");
    kit_free(&k);
    /* version 1: without inputs, a measure nobody reads is ignored */
    kit_init(&k, 2025);
    kit_member(&k, "a", "50");
    act(&k, "a", "month", "5");
    kit_run_ok(&k);
    kit_free(&k);
}

/* The cluster keeps values in a column per measure: the error still names
 * the value the data gave first, whatever order the names came in (an
 * event numbered "zz" before "yy" was given). */
static void the_first_unknown_measure_given_is_named(void **state)
{
    (void)state;
    kit k;
    kit_with_inputs(&k);
    OK(td_rulebook_builder_add_adjustment(k.b, "zz", NULL, TD_ADJUSTMENT_BONUS, D("1"), NULL, &k.err));
    OK(td_cluster_add_event(k.c, "c", "zz", 1, &k.err));
    act(&k, "d", "yy", "1");
    act(&k, "a", "zz", "2");
    assert_error(kit_run(&k), TD_EDATA, k.err, "unit 'd' gives measure 'yy', which rulebook 'kit' does not know");
    kit_free(&k);
    /* points for two criteria that are not manual: the first given is named */
    kit_init(&k, 2025);
    kit_member(&k, "a", "50");
    kit_member(&k, "b", "50");
    kit_class(&k, "all", NULL, NULL);
    OK(td_rulebook_builder_add_criterion(k.b, "S", "auto", NULL, D("10"), &k.err));
    OK(tr_rule_threshold(k.b, "auto", D("1"), &k.err));
    OK(td_cluster_add_event(k.c, "a", "nope", 1, &k.err)); /* numbers "nope" first; refused later */
    OK(td_cluster_set_score(k.c, TD_SCORE_SOURCE_SELF, "b", "auto", D("3"), &k.err));
    OK(td_cluster_set_score(k.c, TD_SCORE_SOURCE_SELF, "a", "nope", D("3"), &k.err));
    assert_error(kit_run(&k), TD_EDATA, k.err, "points of unit 'b' are given for criterion 'auto', which is not manual");
    kit_free(&k);
}

/* A measure only a few of many members have is kept apart from the
 * columns (spilled), and a value of 30 digits in a column's wide values:
 * both are read as the data gave them. */
static void sparse_and_wide_values_are_read_as_given(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2025);
    OK(td_rulebook_builder_add_input(k.b, "months", &k.err));
    OK(td_rulebook_builder_add_input(k.b, "discipline", &k.err));
    kit_derived(&k, "years", "months / 12");
    kit_class(&k, "good", NULL, "actual(years) >= 1 and not has(discipline)");
    kit_class(&k, "fair", NULL, "actual(discipline, 0) < 2");
    kit_class(&k, "other", NULL, NULL);
    char unit[16];
    for (int i = 0; i < 300; i++) {
        snprintf(unit, sizeof unit, "m%03d", i);
        kit_member(&k, unit, "50");
        act(&k, unit, "months", i == 0 ? "120000000000000000000000000000" : "12");
    }
    act(&k, "m299", "discipline", "3");
    act(&k, "m150", "discipline", "1");
    size_t number;
    assert_true(td_cluster_name_number(k.c, "discipline", &number));
    const td_vcol *col = &k.c->vcols[number * TD_VALUE_KINDS + TD_VALUE_ACTUAL];
    assert_int_equal(col->spilled, 2);
    assert_int_equal(col->count, 0);
    assert_int_equal(k.c->wide_count, 1);
    td_decimal v;
    assert_true(td_cluster_actual(&v, k.c, "m299", "discipline"));
    assert_decimal(v, "3");
    assert_false(td_cluster_actual(&v, k.c, "m298", "discipline"));
    assert_true(td_cluster_actual(&v, k.c, "m000", "months"));
    assert_decimal(v, "120000000000000000000000000000");
    assert_error(td_cluster_set_actual(k.c, "m150", "discipline", D("2"), &k.err), TD_EEXISTS, k.err,
                 "is given twice (1, then 2)");
    kit_run_ok(&k);
    assert_string_equal(class_of(&k, "m000"), "good");
    assert_string_equal(class_of(&k, "m001"), "good");
    assert_string_equal(class_of(&k, "m150"), "fair");
    assert_string_equal(class_of(&k, "m299"), "other");
    td_expr *x = NULL;
    td_value y;
    OK(td_expr_compile(&x, k.rb, "actual(years)", NULL, &k.err));
    OK(td_expr_eval(&y, x, k.res, kit_index(&k, "m000"), NULL, 0, &k.err));
    assert_decimal(y.number, "10000000000000000000000000000");
    td_expr_free(x);
    kit_free(&k);
}

static void input_ids_are_checked(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2025);
    assert_error(td_rulebook_builder_add_input(k.b, "rank", &k.err), TD_EINVAL, k.err, "name of the expression");
    assert_error(td_rulebook_builder_add_input(k.b, "has", &k.err), TD_EINVAL, k.err, "name of the expression");
    assert_error(td_rulebook_builder_add_input(k.b, "", &k.err), TD_EINVAL, k.err, "input id");
    OK(td_rulebook_builder_add_input(k.b, "months", &k.err));
    assert_error(td_rulebook_builder_add_input(k.b, "months", &k.err), TD_EEXISTS, k.err, "twice");
    kit_free(&k);
    static const char *const taken[] = {"score", "ratio", "bar"};
    static const char *const what[] = {"of a criterion", "of a derived measure", "of a parameter"};
    for (size_t i = 0; i < 3; i++) {
        kit_init(&k, 2025);
        kit_derived(&k, "ratio", "loans / 2");
        OK(td_rulebook_builder_add_parameter(k.b, "bar", D("1"), &k.err));
        OK(td_rulebook_builder_add_input(k.b, taken[i], &k.err));
        assert_error(td_rulebook_builder_build(&k.rb, k.b, &k.err), TD_ERULEBOOK, k.err, what[i]);
        kit_free(&k);
    }
}

static void actual_with_a_default_is_checked_when_compiled(void **state)
{
    (void)state;
    static const struct {
        const char *when, *message;
    } bad[] = {
        {"actual(months, 'x') > 1", "actual()'s default"},
        {"actual(months, 1, 2) > 1", "actual() takes 1 or 2 arguments, got 3"},
        {"has(months, 1)", "has() takes 1 argument, got 2"},
        {"has(monts)", "did you mean 'months'?"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kit k;
        kit_init(&k, 2025);
        OK(td_rulebook_builder_add_input(k.b, "months", &k.err));
        kit_class(&k, "good", NULL, bad[i].when);
        kit_class(&k, "other", NULL, NULL);
        kit_member(&k, "a", "1");
        assert_error(kit_run(&k), TD_EPARSE, k.err, bad[i].message);
        kit_free(&k);
    }
}

/* A rulebook without sections only classifies or awards: base 0, total
 * max(0, bonus - deduction). */
static void a_rulebook_may_have_no_section(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = NULL;
    assert_ok(td_rulebook_builder_new(&b, "titles", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_input(b, "months", &err), err);
    assert_ok(td_rulebook_builder_add_adjustment(b, "initiative", NULL, TD_ADJUSTMENT_BONUS, D("5"), NULL, &err), err);
    assert_ok(td_rulebook_builder_add_adjustment(b, "late", NULL, TD_ADJUSTMENT_DEDUCTION, D("2"), NULL, &err), err);
    assert_ok(td_rulebook_builder_add_award(b, "lao_dong_tien_tien", NULL, "actual(months, 0) >= 10", &err), err);
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    td_cluster *cl = NULL;
    assert_ok(td_cluster_new(&cl, "dept", 2025, NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "an", NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "binh", NULL, &err), err);
    assert_ok(td_cluster_set_actual(cl, "an", "months", D("12"), &err), err);
    assert_ok(td_cluster_add_event(cl, "an", "initiative", 2, &err), err);
    assert_ok(td_cluster_add_event(cl, "binh", "late", 1, &err), err);
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE, TD_EXPLAIN_ON_DEMAND};
    for (size_t i = 0; i < 3; i++) {
        td_eval_options opts;
        assert_ok(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION), err);
        opts.formulas = true; /* the texts below are formulas */
        opts.explain = modes[i];
        td_result *res = NULL;
        assert_ok(td_evaluate(&res, rb, cl, &opts, &err), err);
        size_t an, binh;
        assert_ok(td_result_find_member(&an, res, "an", &err), err);
        assert_ok(td_result_find_member(&binh, res, "binh", &err), err);
        assert_decimal(td_result_member_base(res, an), "0");
        assert_decimal(td_result_member_total(res, an), "10");
        assert_decimal(td_result_member_total(res, binh), "0"); /* max(0, 0 - 2) */
        assert_int_equal(td_result_member_rank(res, an), 1);
        assert_int_equal(td_result_award_status(res, an, 0), TD_AWARD_SELECTED);
        assert_int_equal(td_result_award_status(res, binh, 0), TD_AWARD_NOT_ELIGIBLE);
        td_result_free(res);
    }
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

/* Section 2: a derived measure with a formula per side. loan_rate's actual
 * is computed from counts, its target (a rate) given in the data; need's
 * target is computed, its actual given. */
static void kit_with_sides(kit *k)
{
    kit_init(k, 2025);
    assert_ok(td_rulebook_builder_add_measure_sides(k->b, "loan_rate", NULL, "repaid / lent", &k->err), k->err);
    assert_ok(td_rulebook_builder_add_measure_sides(k->b, "need", "households * 2", NULL, &k->err), k->err);
    kit_class(k, "good", NULL, "attainment(loan_rate) >= 1 and actual(need) >= target(need)");
    kit_class(k, "other", NULL, NULL);
    kit_member(k, "a", "50");
    kit_member(k, "b", "50");
    static const char *const units[] = {"a", "b"}, *const repaid[] = {"99", "90"}, *const lent[] = {"100", "100"};
    for (size_t i = 0; i < 2; i++) {
        assert_ok(td_cluster_set_target(k->c, units[i], "loan_rate", D("0.95"), &k->err), k->err);
        act(k, units[i], "repaid", repaid[i]);
        act(k, units[i], "lent", lent[i]);
        assert_ok(td_cluster_set_target(k->c, units[i], "households", D("10"), &k->err), k->err);
        act(k, units[i], "need", "21");
    }
}

static void a_measure_may_derive_one_side(void **state)
{
    (void)state;
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE};
    for (size_t i = 0; i < 2; i++) {
        kit k;
        kit_with_sides(&k);
        OK(td_rulebook_builder_build(&k.rb, k.b, &k.err));
        td_eval_options opts;
        OK(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION));
        opts.formulas = true; /* the texts below are formulas */
        opts.explain = modes[i];
        OK(td_evaluate(&k.res, k.rb, k.c, &opts, &k.err));
        /* a: 0.99 / 0.95 >= 1 and 21 >= 20; b: 0.9 / 0.95 < 1 */
        assert_string_equal(class_of(&k, "a"), "good");
        assert_string_equal(class_of(&k, "b"), "other");
        td_expr *x = NULL;
        td_value v;
        OK(td_expr_compile(&x, k.rb, "actual(loan_rate) + target(loan_rate) + target(need)", NULL, &k.err));
        OK(td_expr_eval(&v, x, k.res, kit_index(&k, "b"), NULL, 0, &k.err));
        assert_decimal(v.number, "21.85"); /* 0.9 + 0.95 + 20 */
        td_expr_free(x);
        size_t m;
        OK(td_rulebook_find_measure(&m, k.rb, "loan_rate", &k.err));
        assert_null(td_rulebook_measure_formula(k.rb, m));
        assert_null(td_rulebook_measure_target_formula(k.rb, m));
        assert_string_equal(td_rulebook_measure_actual_formula(k.rb, m), "repaid / lent");
        OK(td_rulebook_find_measure(&m, k.rb, "need", &k.err));
        assert_string_equal(td_rulebook_measure_target_formula(k.rb, m), "households * 2");
        assert_null(td_rulebook_measure_actual_formula(k.rb, m));
        kit_free(&k);
    }
    /* version 1: one formula, both sides, read back as all three */
    kit k;
    kit_init(&k, 2025);
    kit_derived(&k, "rate", "a / b");
    kit_member(&k, "u", "1");
    kit_run_ok(&k);
    size_t m;
    OK(td_rulebook_find_measure(&m, k.rb, "rate", &k.err));
    assert_string_equal(td_rulebook_measure_formula(k.rb, m), "a / b");
    assert_string_equal(td_rulebook_measure_target_formula(k.rb, m), "a / b");
    assert_string_equal(td_rulebook_measure_actual_formula(k.rb, m), "a / b");
    kit_free(&k);
}

static void data_may_not_give_a_derived_side(void **state)
{
    (void)state;
    kit k;
    kit_with_sides(&k);
    act(&k, "b", "loan_rate", "0.9");
    assert_error(kit_run(&k), TD_EDATA, k.err,
                 "the data of unit 'b' gives the actual of measure 'loan_rate', which the rulebook derives from the "
                 "formula 'repaid / lent'");
    kit_free(&k);
    kit_init(&k, 2025);
    assert_error(td_rulebook_builder_add_measure_sides(k.b, "x", NULL, NULL, &k.err), TD_EINVAL, k.err,
                 "give a target formula, an actual formula or both");
    OK(td_rulebook_builder_add_measure_sides(k.b, "x", "a", NULL, &k.err));
    assert_error(td_rulebook_builder_add_measure_sides(k.b, "x", NULL, "a", &k.err), TD_EEXISTS, k.err, "twice");
    OK(td_rulebook_builder_add_measure_sides(k.b, "y", "1 +", NULL, &k.err)); /* compiled at build */
    kit_free(&k);
    /* a formula that does not compile names its side */
    kit_init(&k, 2025);
    OK(td_rulebook_builder_add_measure_sides(k.b, "y", NULL, "1 +", &k.err));
    assert_error(td_rulebook_builder_build(&k.rb, k.b, &k.err), TD_EPARSE, k.err, "measure 'y' actual:");
    kit_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(expressions_read_the_rulebook_value),
        cmocka_unit_test(the_data_replaces_the_value_for_its_period),
        cmocka_unit_test(a_parameter_the_rulebook_does_not_declare_is_a_data_error),
        cmocka_unit_test(parameter_ids_are_checked),
        cmocka_unit_test(a_misspelt_parameter_is_suggested),
        cmocka_unit_test(inputs_are_read_by_actual_has_and_formulas),
        cmocka_unit_test(with_inputs_an_unknown_measure_is_a_data_error),
        cmocka_unit_test(the_first_unknown_measure_given_is_named),
        cmocka_unit_test(sparse_and_wide_values_are_read_as_given),
        cmocka_unit_test(input_ids_are_checked),
        cmocka_unit_test(actual_with_a_default_is_checked_when_compiled),
        cmocka_unit_test(a_rulebook_may_have_no_section),
        cmocka_unit_test(a_measure_may_derive_one_side),
        cmocka_unit_test(data_may_not_give_a_derived_side),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
