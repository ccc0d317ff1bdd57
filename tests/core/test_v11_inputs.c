/*
 * Rulebook 1.1, section 1: parameters (named numbers every expression
 * reads bare, set by the rulebook and replaced by the data for a period),
 * inputs, has() and actual(id, default).
 */
#include <stdio.h>
#include <stdlib.h>

#include "kit.h"
#include "thidua/sys/origin.h"
#include "td_test.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(expressions_read_the_rulebook_value),
        cmocka_unit_test(the_data_replaces_the_value_for_its_period),
        cmocka_unit_test(a_parameter_the_rulebook_does_not_declare_is_a_data_error),
        cmocka_unit_test(parameter_ids_are_checked),
        cmocka_unit_test(a_misspelt_parameter_is_suggested),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
