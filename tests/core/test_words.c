/*
 * Conditions explained in words (td_eval_options.formulas false, the
 * default): each comparison as its value and what it needs, a condition
 * alone as yes or no, the parts of `and` and `or`, `not`, `in`, operands
 * the words do not name, a function without its id; in both languages.
 * And the formulas of versions 1 and 2 (and `formulas = true`), which the
 * other tests of awards and classification assert.
 */
#include <string.h>

#include "kit.h"

#define KIT_OK(k, call)                                                                            \
    do {                                                                                           \
        if ((call) != TD_OK)                                                                       \
            fail_msg("%s:%d: %s failed: %s", __FILE__, __LINE__, #call, (k)->err.message);         \
    } while (0)

/* Members a 90, b 80, c 60 (manual points of "score", max 100). */
static void three(kit *k)
{
    kit_init(k, 2024);
    k->words = true;
    kit_member(k, "a", "90");
    kit_member(k, "b", "80");
    kit_member(k, "c", "60");
}

static void each_comparison_says_its_value_and_what_it_needs(void **state)
{
    (void)state;
    kit k;
    three(&k);
    kit_award(&k, "ge", "total >= 65");
    kit_award(&k, "eq", "rank == 1");
    kit_award(&k, "ne", "rank != 1");
    kit_award(&k, "lt", "total < 85");
    kit_award(&k, "le", "total <= 80");
    kit_award(&k, "gt", "total > 85");
    kit_run_ok(&k);
    assert_award(&k, "a", "ge", TD_AWARD_SELECTED, "selected: total 90 (needs ≥ 65); no quota",
                 "được chọn: tổng điểm 90 (yêu cầu ≥ 65)");
    assert_award(&k, "c", "ge", TD_AWARD_NOT_ELIGIBLE, "not eligible: total 60 (needs ≥ 65)",
                 "chưa đủ điều kiện: tổng điểm 60 (yêu cầu ≥ 65)");
    assert_award(&k, "b", "eq", TD_AWARD_NOT_ELIGIBLE, "not eligible: rank 2 (needs 1)",
                 "chưa đủ điều kiện: xếp hạng 2 (yêu cầu 1)");
    assert_award(&k, "a", "ne", TD_AWARD_NOT_ELIGIBLE, "not eligible: rank 1 (needs other than 1)",
                 "chưa đủ điều kiện: xếp hạng 1 (yêu cầu khác 1)");
    assert_award(&k, "a", "lt", TD_AWARD_NOT_ELIGIBLE, "not eligible: total 90 (needs < 85)",
                 "tổng điểm 90 (yêu cầu < 85)");
    assert_award(&k, "a", "le", TD_AWARD_NOT_ELIGIBLE, "not eligible: total 90 (needs ≤ 80)",
                 "tổng điểm 90 (yêu cầu ≤ 80)");
    assert_award(&k, "b", "le", TD_AWARD_SELECTED, "selected: total 80 (needs ≤ 80)", "tổng điểm 80 (yêu cầu ≤ 80)");
    assert_award(&k, "b", "gt", TD_AWARD_NOT_ELIGIBLE, "not eligible: total 80 (needs > 85)",
                 "tổng điểm 80 (yêu cầu > 85)");
    kit_free(&k);
}

static void and_or_not_and_in(void **state)
{
    (void)state;
    kit k;
    three(&k);
    kit_class(&k, "gioi", "85", NULL);
    kit_class(&k, "kha", "70", NULL);
    kit_class(&k, "kem", NULL, NULL);
    kit_award(&k, "both", "total >= 65 and rank == 1");
    kit_award(&k, "either", "total > 95 or rank == 1");
    kit_award(&k, "flag", "classification in ['gioi', 'kha']");
    kit_award(&k, "other", "not award('flag')");
    kit_award(&k, "after", "award('flag')");
    kit_run_ok(&k);
    /* and that holds: every part with its value */
    assert_award(&k, "a", "both", TD_AWARD_SELECTED, "selected: total 90 (needs ≥ 65); rank 1 (needs 1); no quota",
                 "được chọn: tổng điểm 90 (yêu cầu ≥ 65); xếp hạng 1 (yêu cầu 1)");
    /* and that fails: the part that decided */
    assert_award(&k, "b", "both", TD_AWARD_NOT_ELIGIBLE, "not eligible: rank 2 (needs 1)", "xếp hạng 2 (yêu cầu 1)");
    /* or that fails: every part, joined by "or" */
    assert_award(&k, "b", "either", TD_AWARD_NOT_ELIGIBLE, "not eligible: total 80 (needs > 95) or rank 2 (needs 1)",
                 "chưa đủ điều kiện: tổng điểm 80 (yêu cầu > 95) hoặc xếp hạng 2 (yêu cầu 1)");
    assert_award(&k, "a", "either", TD_AWARD_SELECTED, "selected: rank 1 (needs 1)", "xếp hạng 1 (yêu cầu 1)");
    /* in */
    assert_award(&k, "b", "flag", TD_AWARD_SELECTED, "selected: classification 'kha' (needs one of ['gioi', 'kha'])",
                 "được chọn: xếp loại 'kha' (yêu cầu một trong ['gioi', 'kha'])");
    assert_award(&k, "c", "flag", TD_AWARD_NOT_ELIGIBLE,
                 "not eligible: classification 'kem' (needs one of ['gioi', 'kha'])",
                 "xếp loại 'kem' (yêu cầu một trong ['gioi', 'kha'])");
    /* a condition alone, and `not` of it */
    assert_award(&k, "a", "other", TD_AWARD_NOT_ELIGIBLE, "not eligible: selected for flag: yes (needs no)",
                 "chưa đủ điều kiện: được chọn flag: có (yêu cầu không)");
    assert_award(&k, "c", "other", TD_AWARD_SELECTED, "selected: selected for flag: no (needs no)",
                 "được chọn flag: không (yêu cầu không)");
    assert_award(&k, "c", "after", TD_AWARD_NOT_ELIGIBLE, "not eligible: selected for flag: no",
                 "chưa đủ điều kiện: được chọn flag: không");
    kit_free(&k);
}

static void operands_the_words_do_not_name(void **state)
{
    (void)state;
    kit k;
    three(&k);
    /* arithmetic keeps its formula; a function without its id drops the
     * words that name it; a function of two arguments keeps its text */
    kit_award(&k, "sum", "total - 10 >= 75");
    kit_award(&k, "share", "min_share() >= 85%");
    kit_award(&k, "round", "round(total, 0) >= max(85, 1)");
    kit_run_ok(&k);
    assert_award(&k, "b", "sum", TD_AWARD_NOT_ELIGIBLE, "not eligible: total - 10 = 70 (needs ≥ 75)",
                 "total - 10 = 70 (yêu cầu ≥ 75)");
    assert_award(&k, "b", "share", TD_AWARD_NOT_ELIGIBLE, "not eligible: lowest share of points 0.8 (needs ≥ 85%)",
                 "chưa đủ điều kiện: tỷ lệ điểm thấp nhất 0.8 (yêu cầu ≥ 85%)");
    assert_award(&k, "b", "round", TD_AWARD_NOT_ELIGIBLE,
                 "not eligible: round(total, 0) = 80 (needs ≥ max(85, 1) = 85)",
                 "round(total, 0) = 80 (yêu cầu ≥ max(85, 1) = 85)");
    kit_free(&k);
}

static void classification_conditions_in_words(void **state)
{
    (void)state;
    kit k;
    three(&k);
    kit_class(&k, "gioi", "70", "points('score') >= 85");
    kit_class(&k, "kha", "50", NULL);
    kit_class(&k, "kem", NULL, NULL);
    kit_run_ok(&k);
    size_t b = kit_index(&k, "b");
    assert_string_equal(td_result_classification_explain(k.res, b, TD_LANG_EN),
                        "total 80 ≥ 70 but points of score 80 (needs ≥ 85) (gioi); ≥ 50 → kha");
    assert_string_equal(td_result_classification_explain(k.res, b, TD_LANG_VI),
                        "tổng điểm 80 ≥ 70 nhưng điểm score 80 (yêu cầu ≥ 85) (gioi); ≥ 50 → kha");
    kit_free(&k);
}

static void ranking_keys_in_words(void **state)
{
    (void)state;
    kit k;
    three(&k);
    kit_member(&k, "d", "80");
    KIT_OK(&k, td_cluster_set_leader(k.c, "d", &k.err));
    KIT_OK(&k, td_rulebook_builder_add_ranking_key(k.b, "is_leader", true, &k.err));
    KIT_OK(&k, td_rulebook_builder_add_ranking_key(k.b, "total", true, &k.err));
    KIT_OK(&k, td_rulebook_builder_add_ranking_key(k.b, "total - 80", false, &k.err));
    kit_run_ok(&k);
    size_t d = kit_index(&k, "d"), b = kit_index(&k, "b");
    assert_string_equal(td_result_rank_explain(k.res, d, TD_LANG_EN),
                        "is the leader: yes, total 80, total - 80 = 0 (lower first) → rank 1/4");
    assert_string_equal(td_result_rank_explain(k.res, b, TD_LANG_VI),
                        "là đơn vị trưởng: không, tổng điểm 80, total - 80 = 0 (thấp hơn xếp trên) → hạng 3/4");
    kit_free(&k);
    /* and as formulas */
    three(&k);
    k.words = false;
    KIT_OK(&k, td_rulebook_builder_add_ranking_key(k.b, "total", true, &k.err));
    kit_run_ok(&k);
    assert_string_equal(td_result_rank_explain(k.res, kit_index(&k, "a"), TD_LANG_VI), "total = 90 → hạng 1/3");
    kit_free(&k);
}

static void award_orders_in_words(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2024);
    k.words = true;
    kit_member(&k, "a", "40");
    kit_member(&k, "b", "40");
    kit_member(&k, "c", "60");
    kit_award(&k, "help", "total < 80");
    kit_quota_count(&k, "help", 1);
    KIT_OK(&k, td_rulebook_builder_set_award_order(k.b, "help", "total", &k.err));
    kit_run_ok(&k);
    assert_award(&k, "a", "help", TD_AWARD_TIE_AT_QUOTA, "tied at total 40", "tổng điểm 40");
    assert_award(&k, "c", "help", TD_AWARD_OVER_QUOTA, "total 60 comes after the group tied at total 40", NULL);
    kit_free(&k);
}

/* A program built against version 2 of td_eval_options gets the formulas
 * it had; version 3 chooses. */
static void formulas_by_version_and_by_choice(void **state)
{
    (void)state;
    kit k;
    three(&k);
    kit_award(&k, "eq", "rank == 1");
    kit_run_ok(&k); /* builds k.rb */
    size_t b = kit_index(&k, "b");
    struct {
        td_eval_options v2;
    } old;
    assert_int_equal(td_eval_options_init(&old.v2, 2), TD_OK);
    td_result *res = NULL;
    assert_ok(td_evaluate(&res, k.rb, k.c, &old.v2, &k.err), k.err);
    assert_string_equal(td_result_award_explain(res, b, 0, TD_LANG_EN), "not eligible: rank = 2 != 1");
    td_result_free(res);
    td_eval_options o = TD_EVAL_OPTIONS_INIT;
    o.formulas = true;
    assert_ok(td_evaluate(&res, k.rb, k.c, &o, &k.err), k.err);
    assert_string_equal(td_result_award_explain(res, b, 0, TD_LANG_VI), "chưa đủ điều kiện: rank = 2 != 1");
    td_result_free(res);
    /* NULL options: the defaults of this version, words */
    assert_ok(td_evaluate(&res, k.rb, k.c, NULL, &k.err), k.err);
    assert_string_equal(td_result_award_explain(res, b, 0, TD_LANG_EN), "not eligible: rank 2 (needs 1)");
    td_result_free(res);
    kit_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(each_comparison_says_its_value_and_what_it_needs),
        cmocka_unit_test(and_or_not_and_in),
        cmocka_unit_test(operands_the_words_do_not_name),
        cmocka_unit_test(classification_conditions_in_words),
        cmocka_unit_test(ranking_keys_in_words),
        cmocka_unit_test(award_orders_in_words),
        cmocka_unit_test(formulas_by_version_and_by_choice),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
