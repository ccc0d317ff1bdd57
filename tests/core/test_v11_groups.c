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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ranks_within_each_group),
        cmocka_unit_test(every_member_needs_a_group_when_the_rulebook_reads_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
