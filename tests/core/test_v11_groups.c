/*
 * Rulebook 1.1, section 3 (groups, without quotas per group yet): members
 * in groups, group, group_size and group_rank in expressions, a rulebook
 * that reads groups needing every member in one, and the JSON fields.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kit.h"
#include "td_test.h"

#define OK(call) assert_ok((call), k.err)

/* Two blocks: k1 = a (90), b (80), c (80); k2 = d (85), e (70). */
static void kit_blocks(kit *k)
{
    kit_init(k, 2025);
    kit_award(k, "co", "group_rank == 1");
    kit_award(k, "big", "group_size >= 3 and group == 'k1'");
    static const char *const units[] = {"a", "b", "c", "d", "e"}, *const scores[] = {"90", "80", "80", "85", "70"},
                             *const groups[] = {"k1", "k1", "k1", "k2", "k2"};
    for (size_t i = 0; i < 5; i++) {
        kit_member(k, units[i], scores[i]);
        assert_ok(td_cluster_set_member_group(k->c, units[i], groups[i], &k->err), k->err);
    }
}

static void ranks_within_each_group(void **state)
{
    (void)state;
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE};
    for (size_t i = 0; i < 2; i++) {
        kit k;
        kit_blocks(&k);
        OK(td_rulebook_builder_build(&k.rb, k.b, &k.err));
        td_eval_options opts;
        OK(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION));
        opts.formulas = true; /* the texts below are formulas */
        opts.explain = modes[i];
        OK(td_evaluate(&k.res, k.rb, k.c, &opts, &k.err));
        static const struct {
            const char *unit;
            size_t rank, group_rank;
        } want[] = {{"a", 1, 1}, {"d", 2, 1}, {"b", 3, 2}, {"c", 3, 2}, {"e", 5, 2}};
        for (size_t j = 0; j < 5; j++) {
            size_t m = kit_index(&k, want[j].unit);
            assert_int_equal(td_result_member_rank(k.res, m), want[j].rank);
            assert_int_equal(td_result_member_group_rank(k.res, m), want[j].group_rank);
        }
        assert_string_equal(td_result_member_group(k.res, kit_index(&k, "d")), "k2");
        assert_int_equal(kit_status(&k, "a", "co"), TD_AWARD_SELECTED);
        assert_int_equal(kit_status(&k, "d", "co"), TD_AWARD_SELECTED);
        assert_int_equal(kit_status(&k, "b", "co"), TD_AWARD_NOT_ELIGIBLE);
        assert_int_equal(kit_status(&k, "b", "big"), TD_AWARD_SELECTED);
        assert_int_equal(kit_status(&k, "e", "big"), TD_AWARD_NOT_ELIGIBLE);
        if (modes[i] == TD_EXPLAIN_ALL)
            assert_contains(kit_explain(&k, "e", "co", TD_LANG_EN), "group_rank = 2 != 1");
        assert_string_equal(td_cluster_member_group(k.c, 4), "k2");
        assert_null(td_cluster_member_group(k.c, 5));
        kit_free(&k);
    }
}

static void every_member_needs_a_group_when_the_rulebook_reads_them(void **state)
{
    (void)state;
    kit k;
    kit_blocks(&k);
    kit_member(&k, "f", "10");
    assert_error(kit_run(&k), TD_EDATA, k.err, "unit 'f' has no group, and rulebook 'kit' reads the members' groups");
    kit_free(&k);
    /* a rulebook that does not read groups: members without one are fine, and without any groups nothing changes */
    kit_init(&k, 2025);
    kit_member(&k, "a", "1");
    kit_member(&k, "b", "2");
    OK(td_cluster_set_member_group(k.c, "a", "k1", &k.err));
    kit_run_ok(&k);
    assert_int_equal(td_result_member_group_rank(k.res, kit_index(&k, "b")), 0);
    assert_null(td_result_member_group(k.res, kit_index(&k, "b")));
    assert_int_equal(td_result_member_group_rank(k.res, kit_index(&k, "a")), 1);
    assert_error(td_cluster_set_member_group(k.c, "zz", "k1", &k.err), TD_ENOTFOUND, k.err, "zz");
    assert_error(td_cluster_set_member_group(k.c, "a", "", &k.err), TD_EINVAL, k.err, "group id");
    kit_free(&k);
}

/* Quotas per group: k1 = a (90), b (80), c (80), f (75); k2 = d (85), e (70).
 * "flag": a count of 1 per group; "merit": 50 % of each group's members,
 * floor, at least 1, with b and c tied in k1. */
static void quotas_are_filled_inside_each_group(void **state)
{
    (void)state;
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE};
    for (size_t i = 0; i < 2; i++) {
        kit k;
        kit_init(&k, 2025);
        kit_award(&k, "flag", NULL);
        kit_quota_count(&k, "flag", 1);
        OK(td_rulebook_builder_set_award_quota_per_group(k.b, "flag", &k.err));
        kit_award(&k, "merit", NULL);
        kit_quota_percent(&k, "merit", "50", TD_ROUNDING_FLOOR, 1);
        OK(td_rulebook_builder_set_award_quota_per_group(k.b, "merit", &k.err));
        static const char *const units[] = {"a", "b", "c", "f", "d", "e"},
                                 *const scores[] = {"90", "80", "80", "75", "85", "70"},
                                 *const groups[] = {"k1", "k1", "k1", "k1", "k2", "k2"};
        for (size_t j = 0; j < 6; j++) {
            kit_member(&k, units[j], scores[j]);
            OK(td_cluster_set_member_group(k.c, units[j], groups[j], &k.err));
        }
        OK(td_rulebook_builder_build(&k.rb, k.b, &k.err));
        td_eval_options opts;
        OK(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION));
        opts.formulas = true; /* the texts below are formulas */
        opts.explain = modes[i];
        OK(td_evaluate(&k.res, k.rb, k.c, &opts, &k.err));
        assert_int_equal(kit_status(&k, "a", "flag"), TD_AWARD_SELECTED);
        assert_int_equal(kit_status(&k, "d", "flag"), TD_AWARD_SELECTED); /* ranked 2nd overall, 1st of k2 */
        assert_int_equal(kit_status(&k, "b", "flag"), TD_AWARD_OVER_QUOTA);
        assert_int_equal(td_result_award_quota(k.res, 0), 2);
        /* merit: k1 50 % × 4 = 2 (a, then b and c tie for the last place); k2 50 % × 2 = 1 (d) */
        assert_int_equal(kit_status(&k, "a", "merit"), TD_AWARD_SELECTED);
        assert_int_equal(kit_status(&k, "b", "merit"), TD_AWARD_TIE_AT_QUOTA);
        assert_int_equal(kit_status(&k, "c", "merit"), TD_AWARD_TIE_AT_QUOTA);
        assert_int_equal(kit_status(&k, "f", "merit"), TD_AWARD_OVER_QUOTA);
        assert_int_equal(kit_status(&k, "d", "merit"), TD_AWARD_SELECTED);
        assert_int_equal(kit_status(&k, "e", "merit"), TD_AWARD_OVER_QUOTA);
        assert_int_equal(td_result_award_quota(k.res, 1), 3);
        assert_int_equal(td_result_award_group_count(k.res, 1), 2);
        assert_string_equal(td_result_award_group(k.res, 1, 0), "k1");
        assert_int_equal(td_result_award_group_quota(k.res, 1, 0), 2);
        assert_int_equal(td_result_award_group_quota(k.res, 1, 1), 1);
        assert_null(td_result_award_group(k.res, 1, 2));
        assert_int_equal(td_result_award_group_quota(k.res, 1, 2), -1);
        assert_true(td_rulebook_award_quota_per_group(k.rb, 1));
        if (modes[i] == TD_EXPLAIN_ALL) {
            assert_string_equal(kit_quota_explain(&k, "merit", TD_LANG_EN),
                                "k1: quota 50 % × 4 = 2 → 2 (floor); k2: quota 50 % × 2 = 1 → 1 (floor)");
            assert_contains(kit_explain(&k, "e", "merit", TD_LANG_EN), "(k2: quota 50 % × 2 = 1 → 1 (floor), filled by d)");
        }
        kit_free(&k);
    }
    /* per: group without a quota, and without groups */
    kit k;
    kit_init(&k, 2025);
    kit_award(&k, "flag", NULL);
    OK(td_rulebook_builder_set_award_quota_per_group(k.b, "flag", &k.err));
    kit_member(&k, "a", "1");
    assert_error(kit_run(&k), TD_ERULEBOOK, k.err, "'per: group' divides a quota");
    kit_free(&k);
    kit_init(&k, 2025);
    kit_award(&k, "flag", NULL);
    kit_quota_count(&k, "flag", 1);
    OK(td_rulebook_builder_set_award_quota_per_group(k.b, "flag", &k.err));
    kit_member(&k, "a", "1");
    assert_error(kit_run(&k), TD_EDATA, k.err, "unit 'a' has no group");
    kit_free(&k);
}

/* count_group(cond) and share_group(cond): over the member's group, itself included. */
static void counts_and_shares_within_the_group(void **state)
{
    (void)state;
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE};
    for (size_t i = 0; i < 2; i++) {
        kit k;
        kit_blocks(&k);
        kit_award(&k, "strong", "share_group(total >= 80) > 0.5 and count_group(award('co')) == 1");
        OK(td_rulebook_builder_build(&k.rb, k.b, &k.err));
        td_eval_options opts;
        OK(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION));
        opts.formulas = true; /* the texts below are formulas */
        opts.explain = modes[i];
        OK(td_evaluate(&k.res, k.rb, k.c, &opts, &k.err));
        /* k1: a, b, c all >= 80 (3/3); k2: d yes, e no (1/2 = 0.5) */

        assert_int_equal(kit_status(&k, "b", "strong"), TD_AWARD_SELECTED);
        assert_int_equal(kit_status(&k, "d", "strong"), TD_AWARD_NOT_ELIGIBLE);
        if (modes[i] == TD_EXPLAIN_ALL)
            assert_contains(kit_explain(&k, "e", "strong", TD_LANG_EN), "share_group(total >= 80) = 0.5 <= 0.5");
        td_expr *x = NULL;
        td_value v;
        OK(td_expr_compile(&x, k.rb, "count_group(total >= 80) * 10 + share_group(is_leader)", NULL, &k.err));
        OK(td_expr_eval(&v, x, k.res, kit_index(&k, "e"), NULL, 0, &k.err));
        assert_decimal(v.number, "10");
        OK(td_expr_eval(&v, x, k.res, kit_index(&k, "a"), NULL, 0, &k.err));
        assert_decimal(v.number, "30");
        td_expr_free(x);
        kit_free(&k);
    }
    kit k;
    kit_init(&k, 2025);
    kit_award(&k, "x", "count_group(total) > 1");
    kit_member(&k, "a", "1");
    assert_error(kit_run(&k), TD_EPARSE, k.err, "count_group()'s condition");
    kit_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ranks_within_each_group),
        cmocka_unit_test(every_member_needs_a_group_when_the_rulebook_reads_them),
        cmocka_unit_test(quotas_are_filled_inside_each_group),
        cmocka_unit_test(counts_and_shares_within_the_group),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
