/*
 * Warnings: definitions that are valid but probably not what was meant,
 * found when a rulebook is built (docs/warnings.md). Each one here is
 * triggered, its near misses are not, and a place the builder was told of
 * is the warning's place.
 */
#include <string.h>

#include "kit.h"
#include "td_test.h"
#include "thidua/sys/origin.h"

#define OK(call) assert_ok((call), err)

typedef struct built {
    td_rulebook_builder *b;
    td_rulebook *rb;
} built;

/* A rulebook of one section (max `section_max`, NULL: none) with criterion
 * "c" (max 10) under `rule`. */
static built with_rule(const td_rule *rule, const char *section_max)
{
    td_error err;
    built x = {NULL, NULL};
    OK(td_rulebook_builder_new(&x.b, "w", NULL, &err));
    td_decimal smax = section_max != NULL ? D(section_max) : td_decimal_zero();
    OK(td_rulebook_builder_add_section(x.b, "A", NULL, section_max != NULL ? &smax : NULL, &err));
    OK(td_rulebook_builder_add_criterion(x.b, "A", "c", NULL, D("10"), &err));
    OK(td_rulebook_builder_set_rule(x.b, "c", rule, &err));
    return x;
}

static void build(built *x)
{
    td_error err;
    OK(td_rulebook_builder_build(&x->rb, x->b, &err));
}

static void done(built *x)
{
    td_rulebook_free(x->rb);
    td_rulebook_builder_free(x->b);
}

static const char *only_code(const td_rulebook *rb)
{
    assert_int_equal(td_rulebook_warning_count(rb), 1);
    td_warning w;
    assert_true(td_rulebook_warning(&w, rb, 0));
    return w.code;
}

static void a_threshold_above_3_is_a_percentage_meant_as_a_ratio(void **state)
{
    (void)state;
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_THRESHOLD;
    r.at = D("85");
    built x = with_rule(&r, NULL);
    td_error err;
    OK(td_rulebook_builder_set_place(x.b, TD_PLACE_RULE_AT, "c", 0, "rb.yaml", 7, 54, &err));
    build(&x);
    assert_string_equal(only_code(x.rb), "threshold-at-above-3");
    td_warning w;
    assert_true(td_rulebook_warning(&w, x.rb, 0));
    assert_string_equal(w.file, "rb.yaml");
    assert_int_equal(w.line, 7);
    assert_int_equal(w.column, 54);
    assert_non_null(strstr(w.message, "a member must reach 8500 % of its target; did you mean 85%?"));
    assert_false(td_rulebook_warning(&w, x.rb, 1));
    assert_false(td_rulebook_warning(NULL, x.rb, 0));
    done(&x);
    /* 3 (300 %) itself, and 0.85, are meant as written */
    for (int k = 0; k < 2; k++) {
        r.at = D(k == 0 ? "3" : "0.85");
        x = with_rule(&r, NULL);
        build(&x);
        assert_int_equal(td_rulebook_warning_count(x.rb), 0);
        done(&x);
    }
}

static void an_attainment_band_above_3_warns_but_a_band_of_the_actual_does_not(void **state)
{
    (void)state;
    td_band bands[] = {{D("90"), D("10")}, {D("0.8"), D("6")}};
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_BANDS;
    r.bands = bands;
    r.band_count = 2;
    built x = with_rule(&r, NULL);
    td_error err;
    OK(td_rulebook_builder_set_place(x.b, TD_PLACE_BAND_AT, "c", 0, "rb.yaml", 9, 3, &err));
    build(&x);
    assert_string_equal(only_code(x.rb), "band-at-above-3");
    td_warning w;
    assert_true(td_rulebook_warning(&w, x.rb, 0));
    assert_int_equal(w.line, 9);
    assert_non_null(strstr(w.message, "band 1 'at: 90'"));
    done(&x);
    r.bands_of = TD_BANDS_OF_ACTUAL; /* a rate in percent: 90 is meant */
    x = with_rule(&r, NULL);
    build(&x);
    assert_int_equal(td_rulebook_warning_count(x.rb), 0);
    done(&x);
}

static void a_classification_no_total_can_reach_warns(void **state)
{
    (void)state;
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_PROPORTIONAL;
    r.cap = D("1.2"); /* up to 12 points */
    td_error err;
    for (int k = 0; k < 3; k++) {
        built x = with_rule(&r, NULL);
        td_decimal min = D(k == 0 ? "12.5" : "12");
        OK(td_rulebook_builder_add_classification(x.b, "xs", NULL, &min, &err));
        OK(td_rulebook_builder_add_classification(x.b, "rest", NULL, NULL, &err));
        if (k == 2) { /* a bonus item without a cap: no highest total */
            min = D("500");
            OK(td_rulebook_builder_add_adjustment(x.b, "flag", NULL, TD_ADJUSTMENT_BONUS, D("1"), NULL, &err));
        }
        build(&x);
        if (k == 0) {
            assert_string_equal(only_code(x.rb), "classification-min-above-maximum");
            td_warning w;
            assert_true(td_rulebook_warning(&w, x.rb, 0));
            assert_non_null(strstr(w.message, "'min: 12.5' is above the highest total this rulebook can give (12)"));
            assert_string_equal(w.file, "");
            assert_int_equal(w.line, 0);
        } else {
            assert_int_equal(td_rulebook_warning_count(x.rb), 0);
        }
        done(&x);
    }
    /* a section cap and a bonus cap bound the total: 5 + 2 */
    built x = with_rule(&r, "5");
    td_decimal two = D("2"), min = D("7.01");
    OK(td_rulebook_builder_set_bonus_max(x.b, &two, &err));
    OK(td_rulebook_builder_add_classification(x.b, "xs", NULL, &min, &err));
    OK(td_rulebook_builder_add_classification(x.b, "rest", NULL, NULL, &err));
    build(&x);
    assert_string_equal(only_code(x.rb), "classification-min-above-maximum");
    done(&x);
}

/* min: 90% on a table of points: 0.9 points, which almost everyone reaches. */
static void a_classification_min_below_1_point_warns(void **state)
{
    (void)state;
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_PROPORTIONAL; /* up to 10 points */
    static const char *const mins[] = {"0.9", "1", "0.5", "0"};
    for (int k = 0; k < 4; k++) {
        built x = with_rule(&r, k == 2 ? "5" : NULL); /* k 2: a table of at most 5 points, 0.5 may be meant */
        td_error err;
        td_decimal min = D(mins[k]);
        OK(td_rulebook_builder_add_classification(x.b, "xs", NULL, &min, &err));
        OK(td_rulebook_builder_add_classification(x.b, "rest", NULL, NULL, &err));
        build(&x);
        if (k == 0) {
            assert_string_equal(only_code(x.rb), "classification-min-below-1");
            td_warning w;
            assert_true(td_rulebook_warning(&w, x.rb, 0));
            assert_non_null(strstr(w.message, "'min: 0.9' is 0.9 points, on a table whose total reaches 10"));
            assert_non_null(strstr(w.message, "did you mean 'min: 90'?"));
        } else {
            assert_int_equal(td_rulebook_warning_count(x.rb), 0);
        }
        done(&x);
    }
}

static void a_percent_quota_below_1_warns(void **state)
{
    (void)state;
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_MANUAL;
    static const char *const percents[] = {"0.3", "1", "0"};
    for (int k = 0; k < 3; k++) {
        built x = with_rule(&r, NULL);
        td_error err;
        OK(td_rulebook_builder_add_award(x.b, "a", NULL, NULL, &err));
        OK(td_rulebook_builder_set_award_quota_percent(x.b, "a", D(percents[k]), TD_ROUNDING_FLOOR, 0, &err));
        build(&x);
        if (k == 0) {
            assert_string_equal(only_code(x.rb), "quota-percent-below-1");
            td_warning w;
            assert_true(td_rulebook_warning(&w, x.rb, 0));
            assert_non_null(strstr(w.message, "did you mean 30?"));
        } else {
            assert_int_equal(td_rulebook_warning_count(x.rb), 0);
        }
        done(&x);
    }
}

static void places_are_checked_and_replaced(void **state)
{
    (void)state;
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_THRESHOLD;
    r.at = D("90");
    built x = with_rule(&r, NULL);
    td_error err;
    assert_error(td_rulebook_builder_set_place(x.b, TD_PLACE_RULE_AT, "c", 0, NULL, 1, 1, &err), TD_EINVAL, err,
                 "file is NULL");
    assert_error(td_rulebook_builder_set_place(x.b, (td_place)9, "c", 0, "f", 1, 1, &err), TD_EINVAL, err,
                 "unknown place 9");
    assert_error(td_rulebook_builder_set_place(NULL, TD_PLACE_RULE_AT, "c", 0, "f", 1, 1, &err), TD_EINVAL, err,
                 "NULL");
    OK(td_rulebook_builder_set_place(x.b, TD_PLACE_RULE_AT, "c", 0, "first.yaml", 1, 1, &err));
    OK(td_rulebook_builder_set_place(x.b, TD_PLACE_RULE_AT, "c", 0, "second.yaml", 2, 3, &err));
    build(&x);
    td_warning w;
    assert_true(td_rulebook_warning(&w, x.rb, 0));
    assert_string_equal(w.file, "second.yaml");
    assert_int_equal(w.column, 3);
    assert_int_equal(td_rulebook_warning_count(NULL), 0);
    done(&x);
}

/* ---- result warnings: an award nobody can receive ---- */

/* Three members scoring 40, 70 and 90 (the kit's manual criterion). */
static void three_members(kit *k)
{
    kit_member(k, "a", "40");
    kit_member(k, "b", "70");
    kit_member(k, "c", "90");
}

static void an_award_whose_condition_holds_for_nobody_warns(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_award(&k, "top", "total >= 950"); /* copied from a 1,000-point table */
    three_members(&k);
    kit_run_ok(&k);
    assert_int_equal(td_result_warning_count(k.res), 1);
    td_warning w;
    assert_true(td_result_warning(&w, k.res, 0));
    assert_string_equal(w.code, "award-nobody-eligible");
    assert_non_null(strstr(w.message, "award 'top': its condition (when) holds for none of the 3 members of "
                                      "cluster 'k', so nobody can receive it"));
    assert_string_equal(w.file, ""); /* built through the API: no place */
    assert_int_equal(w.line, 0);
    /* out of range and NULL leave *out untouched */
    td_warning before = w;
    assert_false(td_result_warning(&w, k.res, 1));
    assert_false(td_result_warning(&w, NULL, 0));
    assert_false(td_result_warning(NULL, k.res, 0));
    assert_ptr_equal(w.message, before.message);
    assert_int_equal(td_result_warning_count(NULL), 0);
    /* the statuses are the contract's: nobody is eligible */
    assert_award(&k, "c", "top", TD_AWARD_NOT_ELIGIBLE, NULL, NULL);
    kit_free(&k);
}

static void an_award_someone_meets_or_without_condition_is_silent(void **state)
{
    (void)state;
    /* the condition holds for one member, even one over the quota */
    kit k;
    kit_init(&k, 2024);
    kit_award(&k, "top", "total >= 90");
    kit_award(&k, "open", NULL);    /* no condition: everyone is a candidate */
    kit_quota_count(&k, "open", 0); /* no places is meant, not a mistake */
    three_members(&k);
    kit_run_ok(&k);
    assert_int_equal(td_result_warning_count(k.res), 0);
    kit_free(&k);
}

static void members_excluded_earlier_keep_the_award_silent(void **state)
{
    (void)state;
    /* "first" takes every member; "second" excludes them, so whether its
     * condition would have held for them is unknown: no warning */
    kit k;
    kit_init(&k, 2024);
    kit_award(&k, "first", NULL);
    kit_award(&k, "second", "total > 1000");
    kit_excludes(&k, "second", "first");
    three_members(&k);
    kit_run_ok(&k);
    assert_award(&k, "a", "second", TD_AWARD_EXCLUDED, NULL, NULL);
    assert_int_equal(td_result_warning_count(k.res), 0);
    kit_free(&k);
    /* one warning per award, in the awards' order */
    kit_init(&k, 2024);
    kit_award(&k, "x", "total > 100");
    kit_award(&k, "y", "total >= 40");
    kit_award(&k, "z", "count_met() > 5");
    three_members(&k);
    kit_run_ok(&k);
    assert_int_equal(td_result_warning_count(k.res), 2);
    td_warning w;
    assert_true(td_result_warning(&w, k.res, 0));
    assert_non_null(strstr(w.message, "award 'x'"));
    assert_true(td_result_warning(&w, k.res, 1));
    assert_non_null(strstr(w.message, "award 'z'"));
    kit_free(&k);
}

static void the_warning_stands_where_the_condition_was_read(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    kit_award(&k, "top", "total >= 950");
    td_text_span span = {0, 12, 11};
    td_expr_origin origin = {"rulebook.yaml", 12, 11, &span, 1};
    assert_ok(td_rulebook_builder_set_origin(k.b, TD_EXPR_OWNER_AWARD_WHEN, "top", &origin, &k.err), k.err);
    three_members(&k);
    kit_run_ok(&k);
    td_warning w;
    assert_true(td_result_warning(&w, k.res, 0));
    assert_string_equal(w.file, "rulebook.yaml");
    assert_int_equal(w.line, 12);
    assert_int_equal(w.column, 11);
    kit_free(&k);
}

/* Every allocation of places and warnings may fail: a clean TD_ENOMEM,
 * nothing leaked, and the rulebook builds once memory suffices. */
static void places_and_warnings_fail_cleanly_when_memory_runs_out(void **state)
{
    (void)state;
    td_rule r = TD_RULE_INIT;
    r.kind = TD_RULE_THRESHOLD;
    r.at = D("85");
    for (size_t fail_at = 1;; fail_at++) {
        test_alloc t;
        test_alloc_init(&t, 0);
        td_error err;
        td_rulebook_builder *b = NULL;
        td_rulebook *rb = NULL;
        assert_ok(td_rulebook_builder_new(&b, "w", &t.allocator, &err), err);
        assert_ok(td_rulebook_builder_add_section(b, "A", NULL, NULL, &err), err);
        assert_ok(td_rulebook_builder_add_criterion(b, "A", "c", NULL, D("10"), &err), err);
        assert_ok(td_rulebook_builder_set_rule(b, "c", &r, &err), err);
        t.fail_at = t.calls + fail_at;
        td_status rc = td_rulebook_builder_set_place(b, TD_PLACE_RULE_AT, "c", 0, "rb.yaml", 7, 54, &err);
        if (rc == TD_OK)
            rc = td_rulebook_builder_build(&rb, b, &err);
        if (rc == TD_OK) {
            td_warning w;
            assert_true(td_rulebook_warning(&w, rb, 0));
            assert_string_equal(w.file, "rb.yaml");
        }
        td_rulebook_free(rb);
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
        cmocka_unit_test(a_threshold_above_3_is_a_percentage_meant_as_a_ratio),
        cmocka_unit_test(an_attainment_band_above_3_warns_but_a_band_of_the_actual_does_not),
        cmocka_unit_test(a_classification_no_total_can_reach_warns),
        cmocka_unit_test(a_classification_min_below_1_point_warns),
        cmocka_unit_test(a_percent_quota_below_1_warns),
        cmocka_unit_test(places_are_checked_and_replaced),
        cmocka_unit_test(places_and_warnings_fail_cleanly_when_memory_runs_out),
        cmocka_unit_test(an_award_whose_condition_holds_for_nobody_warns),
        cmocka_unit_test(an_award_someone_meets_or_without_condition_is_silent),
        cmocka_unit_test(members_excluded_earlier_keep_the_award_silent),
        cmocka_unit_test(the_warning_stands_where_the_condition_was_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
