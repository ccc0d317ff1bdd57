/*
 * The next period's leader: rotation (wrapping, the order a permutation of
 * the members), election (next_leader from the data) and top_rank (rank 1;
 * a tie needs next_leader), with every error and both explanations.
 */
#include <stdio.h>

#include "kit.h"
#include "util.h" /* td_utf8_valid */

/* Members a (90), b (80), c (70) with `leader` leading; the rule and, for
 * rotation, the order given. */
static void leader_kit(kit *k, td_leader_rule rule, const char *const *order, size_t n, const char *leader)
{
    kit_init(k, 2024);
    kit_member(k, "a", "90");
    kit_member(k, "b", "80");
    kit_member(k, "c", "70");
    if (leader != NULL)
        assert_ok(td_cluster_set_leader(k->c, leader, &k->err), k->err);
    assert_ok(td_rulebook_builder_set_leader_rule(k->b, rule, &k->err), k->err);
    for (size_t i = 0; i < n; i++)
        assert_ok(td_rulebook_builder_add_leader_order(k->b, order[i], &k->err), k->err);
}

static const char *const abc[] = {"c", "a", "b"};

static void rotation_takes_the_next_unit_and_wraps(void **state)
{
    (void)state;
    static const struct {
        const char *leader, *next;
    } cases[] = {{"c", "a"}, {"a", "b"}, {"b", "c"}};
    for (size_t i = 0; i < 3; i++) {
        kit k;
        leader_kit(&k, TD_LEADER_RULE_ROTATION, abc, 3, cases[i].leader);
        kit_run_ok(&k);
        assert_string_equal(td_result_next_leader(k.res), cases[i].next);
        kit_free(&k);
    }
    kit k;
    leader_kit(&k, TD_LEADER_RULE_ROTATION, abc, 3, "b");
    kit_run_ok(&k);
    assert_string_equal(td_result_leader_explain(k.res, TD_LANG_EN), "rotation: after b comes c in the order [c, a, b]");
    assert_string_equal(td_result_leader_explain(k.res, TD_LANG_VI), "luân phiên: sau b là c theo thứ tự [c, a, b]");
    assert_true(td_result_member_is_leader(k.res, kit_index(&k, "b")));
    assert_false(td_result_member_is_leader(k.res, kit_index(&k, "c")));
    kit_free(&k);
}

static void rotation_order_must_be_a_permutation_of_the_members(void **state)
{
    (void)state;
    kit k;
    /* a unit that is not a member */
    const char *stranger[] = {"c", "a", "b", "z"};
    leader_kit(&k, TD_LEADER_RULE_ROTATION, stranger, 4, "a");
    assert_error(kit_run(&k), TD_EDATA, k.err, "the rotation order names 'z', which is not a member of cluster 'k'");
    assert_null(k.res);
    kit_free(&k);
    /* a member missing from the order (the current leader, here) */
    const char *short_order[] = {"b", "c"};
    leader_kit(&k, TD_LEADER_RULE_ROTATION, short_order, 2, "a");
    assert_error(kit_run(&k), TD_EDATA, k.err, "must list every member of cluster 'k' once; 'a' is missing");
    kit_free(&k);
    /* a member listed twice is refused while building */
    leader_kit(&k, TD_LEADER_RULE_ROTATION, abc, 3, "a");
    assert_error(td_rulebook_builder_add_leader_order(k.b, "a", &k.err), TD_EEXISTS, k.err, "appears twice");
    kit_run_ok(&k);
    kit_free(&k);
    /* no current leader to rotate from */
    leader_kit(&k, TD_LEADER_RULE_ROTATION, abc, 3, NULL);
    assert_error(kit_run(&k), TD_EDATA, k.err, "the rotation rule needs the current leader of cluster 'k'");
    kit_free(&k);
    /* no order at all is a rulebook error */
    leader_kit(&k, TD_LEADER_RULE_ROTATION, NULL, 0, "a");
    assert_error(kit_run(&k), TD_ERULEBOOK, k.err, "the rotation leader rule needs an order");
    kit_free(&k);
}

static void election_takes_next_leader_from_the_data(void **state)
{
    (void)state;
    kit k;
    leader_kit(&k, TD_LEADER_RULE_ELECTION, NULL, 0, "a");
    assert_ok(td_cluster_set_next_leader(k.c, "c", &k.err), k.err);
    kit_run_ok(&k);
    assert_string_equal(td_result_next_leader(k.res), "c");
    assert_string_equal(td_result_leader_explain(k.res, TD_LANG_EN), "elected: c");
    assert_string_equal(td_result_leader_explain(k.res, TD_LANG_VI), "bầu chọn: c");
    kit_free(&k);
    /* the current leader may be elected again; no current leader is needed */
    leader_kit(&k, TD_LEADER_RULE_ELECTION, NULL, 0, NULL);
    assert_ok(td_cluster_set_next_leader(k.c, "b", &k.err), k.err);
    kit_run_ok(&k);
    assert_string_equal(td_result_next_leader(k.res), "b");
    kit_free(&k);
}

static void election_errors(void **state)
{
    (void)state;
    kit k;
    leader_kit(&k, TD_LEADER_RULE_ELECTION, NULL, 0, "a");
    assert_error(kit_run(&k), TD_EDATA, k.err, "the election leader rule needs next_leader in the data of cluster 'k'");
    /* a non-member cannot be named */
    assert_error(td_cluster_set_next_leader(k.c, "zz", &k.err), TD_ENOTFOUND, k.err,
                 "next leader names unit 'zz', which is not a member of cluster 'k'");
    assert_error(kit_run(&k), TD_EDATA, k.err, "needs next_leader");
    kit_free(&k);
}

static void top_rank_takes_the_member_ranked_first(void **state)
{
    (void)state;
    kit k;
    leader_kit(&k, TD_LEADER_RULE_TOP_RANK, NULL, 0, "c");
    kit_run_ok(&k);
    assert_string_equal(td_result_next_leader(k.res), "a");
    assert_string_equal(td_result_leader_explain(k.res, TD_LANG_EN), "ranked first: a");
    assert_string_equal(td_result_leader_explain(k.res, TD_LANG_VI), "xếp hạng nhất: a");
    kit_free(&k);
    /* next_leader that agrees with the rule is fine; one that does not is an error */
    leader_kit(&k, TD_LEADER_RULE_TOP_RANK, NULL, 0, "c");
    assert_ok(td_cluster_set_next_leader(k.c, "a", &k.err), k.err);
    kit_run_ok(&k);
    assert_string_equal(td_result_next_leader(k.res), "a");
    kit_free(&k);
    leader_kit(&k, TD_LEADER_RULE_TOP_RANK, NULL, 0, "c");
    assert_ok(td_cluster_set_next_leader(k.c, "b", &k.err), k.err);
    assert_error(kit_run(&k), TD_EDATA, k.err,
                 "next_leader 'b' in the data of cluster 'k' contradicts the top_rank leader rule, which chooses 'a'");
    kit_free(&k);
}

/* a and b tied at rank 1, c below */
static void tied_kit(kit *k)
{
    kit_init(k, 2024);
    kit_member(k, "b", "90");
    kit_member(k, "a", "90");
    kit_member(k, "c", "70");
    assert_ok(td_rulebook_builder_set_leader_rule(k->b, TD_LEADER_RULE_TOP_RANK, &k->err), k->err);
}

static void a_tie_at_rank_one_needs_next_leader(void **state)
{
    (void)state;
    kit k;
    tied_kit(&k);
    assert_error(kit_run(&k), TD_EDATA, k.err,
                 "'a', 'b' share rank 1, so the top_rank leader rule needs next_leader in the data naming one of them");
    kit_free(&k);
    tied_kit(&k);
    assert_ok(td_cluster_set_next_leader(k.c, "c", &k.err), k.err);
    assert_error(kit_run(&k), TD_EDATA, k.err, "next_leader 'c' is not one of the members that share rank 1 ('a', 'b')");
    kit_free(&k);
    tied_kit(&k);
    assert_ok(td_cluster_set_next_leader(k.c, "b", &k.err), k.err);
    kit_run_ok(&k);
    assert_string_equal(td_result_next_leader(k.res), "b");
    assert_string_equal(td_result_leader_explain(k.res, TD_LANG_EN), "rank 1 is shared by a, b; the data names b");
    assert_string_equal(td_result_leader_explain(k.res, TD_LANG_VI), "đồng hạng nhất: a, b; dữ liệu chọn b");
    kit_free(&k);
}

static void next_leader_must_agree_with_rotation(void **state)
{
    (void)state;
    kit k;
    leader_kit(&k, TD_LEADER_RULE_ROTATION, abc, 3, "a");
    assert_ok(td_cluster_set_next_leader(k.c, "b", &k.err), k.err);
    kit_run_ok(&k);
    assert_string_equal(td_result_next_leader(k.res), "b");
    kit_free(&k);
    leader_kit(&k, TD_LEADER_RULE_ROTATION, abc, 3, "a");
    assert_ok(td_cluster_set_next_leader(k.c, "c", &k.err), k.err);
    assert_error(kit_run(&k), TD_EDATA, k.err, "next_leader 'c' in the data of cluster 'k' contradicts the rotation "
                                               "leader rule, which chooses 'b'");
    kit_free(&k);
}

static void no_leader_rule_gives_no_leader(void **state)
{
    (void)state;
    kit k;
    leader_kit(&k, TD_LEADER_RULE_NONE, NULL, 0, "a");
    assert_ok(td_cluster_set_next_leader(k.c, "c", &k.err), k.err);
    kit_run_ok(&k);
    assert_null(td_result_next_leader(k.res));
    assert_null(td_result_leader_explain(k.res, TD_LANG_EN));
    assert_null(td_result_next_leader(NULL));
    assert_null(td_result_leader_explain(NULL, TD_LANG_VI));
    assert_int_equal(td_rulebook_leader_rule(k.rb), TD_LEADER_RULE_NONE);
    kit_free(&k);
}

/* Many members tied at rank 1 are named by whole ids only: a message cut
 * inside a Vietnamese letter would not be UTF-8. */
static void a_long_tie_names_whole_ids(void **state)
{
    (void)state;
    for (int pad = 0; pad < 8; pad++) {
        kit k;
        kit_init(&k, 2024);
        for (int i = 0; i < 20; i++) {
            char unit[64];
            snprintf(unit, sizeof unit, "x\xc3\xa3-h\xc3\xb2" "a-%.*s%02d", pad, "bbbbbbbb", i);
            kit_member(&k, unit, "50");
        }
        assert_ok(td_rulebook_builder_set_leader_rule(k.b, TD_LEADER_RULE_TOP_RANK, &k.err), k.err);
        assert_error(kit_run(&k), TD_EDATA, k.err, "', ... share rank 1, so the top_rank");
        assert_true(td_utf8_valid(k.err.message, strlen(k.err.message)));
        assert_non_null(strstr(k.err.message, "'x\xc3\xa3-h\xc3\xb2" "a-"));
        kit_free(&k);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rotation_takes_the_next_unit_and_wraps),
        cmocka_unit_test(rotation_order_must_be_a_permutation_of_the_members),
        cmocka_unit_test(election_takes_next_leader_from_the_data),
        cmocka_unit_test(election_errors),
        cmocka_unit_test(top_rank_takes_the_member_ranked_first),
        cmocka_unit_test(a_long_tie_names_whole_ids),
        cmocka_unit_test(a_tie_at_rank_one_needs_next_leader),
        cmocka_unit_test(next_leader_must_agree_with_rotation),
        cmocka_unit_test(no_leader_rule_gives_no_leader),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
