/*
 * Rulebook 1.1, section 7 (deputies): the cluster's deputy, is_deputy, and
 * the next deputy by rotation (skipping the next leader), election or
 * succession (the deputy becomes the leader, whatever the leader rule).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kit.h"
#include "td_test.h"

#define OK(call) assert_ok((call), k.err)

/* Members a..d scoring 40, 30, 20, 10, the order [a, b, c, d]. */
static void kit_roles(kit *k, td_leader_rule leader, td_deputy_rule deputy, bool order)
{
    kit_init(k, 2025);
    assert_ok(td_rulebook_builder_set_leader_rule(k->b, leader, &k->err), k->err);
    assert_ok(td_rulebook_builder_set_deputy_rule(k->b, deputy, &k->err), k->err);
    static const char *const units[] = {"a", "b", "c", "d"}, *const scores[] = {"40", "30", "20", "10"};
    for (size_t i = 0; i < 4; i++) {
        if (order)
            assert_ok(td_rulebook_builder_add_leader_order(k->b, units[i], &k->err), k->err);
        kit_member(k, units[i], scores[i]);
    }
}

static void rotation_skips_the_next_leader(void **state)
{
    (void)state;
    kit k;
    /* leader a rotates to b; deputy b would come to c: no skip */
    kit_roles(&k, TD_LEADER_RULE_ROTATION, TD_DEPUTY_RULE_ROTATION, true);
    OK(td_cluster_set_leader(k.c, "a", &k.err));
    OK(td_cluster_set_deputy(k.c, "b", &k.err));
    kit_run_ok(&k);
    assert_string_equal(td_result_next_leader(k.res), "b");
    assert_string_equal(td_result_next_deputy(k.res), "c");
    assert_string_equal(td_result_deputy_explain(k.res, TD_LANG_EN),
                        "deputy rotation: after b comes c in the order [a, b, c, d]");
    assert_true(td_result_member_is_deputy(k.res, kit_index(&k, "b")));
    assert_false(td_result_member_is_deputy(k.res, kit_index(&k, "a")));
    kit_free(&k);
    /* leader d rotates to a; deputy d... deputy c would come to d, then a is the next leader: */
    kit_roles(&k, TD_LEADER_RULE_TOP_RANK, TD_DEPUTY_RULE_ROTATION, true);
    OK(td_cluster_set_leader(k.c, "b", &k.err));
    OK(td_cluster_set_deputy(k.c, "d", &k.err));
    kit_run_ok(&k);
    assert_string_equal(td_result_next_leader(k.res), "a"); /* ranked first */
    assert_string_equal(td_result_next_deputy(k.res), "b"); /* after d comes a, the next leader: skipped */
    assert_string_equal(td_result_deputy_explain(k.res, TD_LANG_EN),
                        "deputy rotation: after d comes b in the order [a, b, c, d]; a, the next leader, is skipped");
    assert_string_equal(td_result_deputy_explain(k.res, TD_LANG_VI),
                        "luân phiên cụm phó: sau d là b theo thứ tự [a, b, c, d]; bỏ qua a (cụm trưởng kỳ sau)");
    kit_free(&k);
}

static void succession_makes_the_deputy_the_leader(void **state)
{
    (void)state;
    kit k;
    /* whatever the leader rule says (top rank would be a) */
    kit_roles(&k, TD_LEADER_RULE_TOP_RANK, TD_DEPUTY_RULE_SUCCESSION, true);
    OK(td_cluster_set_leader(k.c, "a", &k.err));
    OK(td_cluster_set_deputy(k.c, "c", &k.err));
    kit_run_ok(&k);
    assert_string_equal(td_result_next_leader(k.res), "c");
    assert_string_equal(td_result_leader_explain(k.res, TD_LANG_EN), "succession: the deputy c becomes the leader");
    assert_string_equal(td_result_next_deputy(k.res), "d");
    assert_string_equal(td_result_deputy_explain(k.res, TD_LANG_EN),
                        "succession: after the new leader c comes d in the order [a, b, c, d]");
    kit_free(&k);
    /* without an order, the data names the next deputy */
    kit_roles(&k, TD_LEADER_RULE_ELECTION, TD_DEPUTY_RULE_SUCCESSION, false);
    OK(td_cluster_set_deputy(k.c, "c", &k.err));
    OK(td_cluster_set_next_deputy(k.c, "a", &k.err));
    kit_run_ok(&k);
    assert_string_equal(td_result_next_leader(k.res), "c");
    assert_string_equal(td_result_next_deputy(k.res), "a");
    assert_string_equal(td_result_deputy_explain(k.res, TD_LANG_EN), "elected deputy: a");
    kit_free(&k);
}

static void election_and_is_deputy(void **state)
{
    (void)state;
    kit k;
    kit_roles(&k, TD_LEADER_RULE_ELECTION, TD_DEPUTY_RULE_ELECTION, false);
    kit_award(&k, "deputy_bonus", "is_deputy");
    OK(td_cluster_set_deputy(k.c, "d", &k.err));
    OK(td_cluster_set_next_leader(k.c, "b", &k.err));
    OK(td_cluster_set_next_deputy(k.c, "c", &k.err));
    kit_run_ok(&k);
    assert_string_equal(td_result_next_deputy(k.res), "c");
    assert_string_equal(td_result_deputy_explain(k.res, TD_LANG_VI), "bầu chọn cụm phó: c");
    assert_int_equal(kit_status(&k, "d", "deputy_bonus"), TD_AWARD_SELECTED);
    assert_int_equal(kit_status(&k, "a", "deputy_bonus"), TD_AWARD_NOT_ELIGIBLE);
    assert_string_equal(td_cluster_deputy(k.c), "d");
    kit_free(&k);
    /* without a deputy rule: no next deputy */
    kit_roles(&k, TD_LEADER_RULE_TOP_RANK, TD_DEPUTY_RULE_NONE, false);
    kit_run_ok(&k);
    assert_null(td_result_next_deputy(k.res));
    assert_null(td_result_deputy_explain(k.res, TD_LANG_EN));
    assert_int_equal(td_rulebook_deputy_rule(k.rb), TD_DEPUTY_RULE_NONE);
    kit_free(&k);
}

static void what_the_data_must_give(void **state)
{
    (void)state;
    static const struct {
        td_leader_rule leader;
        td_deputy_rule deputy;
        bool order;
        const char *leader_unit, *deputy_unit, *next_leader, *next_deputy, *message;
    } bad[] = {
        {TD_LEADER_RULE_TOP_RANK, TD_DEPUTY_RULE_NONE, false, "a", "a", NULL, NULL, "unit 'a' is both the leader and the deputy"},
        {TD_LEADER_RULE_TOP_RANK, TD_DEPUTY_RULE_ROTATION, true, NULL, NULL, NULL, NULL, "the rotation deputy rule needs the current deputy"},
        {TD_LEADER_RULE_TOP_RANK, TD_DEPUTY_RULE_SUCCESSION, true, NULL, NULL, NULL, NULL, "the succession deputy rule needs the current deputy"},
        {TD_LEADER_RULE_TOP_RANK, TD_DEPUTY_RULE_ELECTION, false, NULL, NULL, NULL, NULL, "the election deputy rule needs next_deputy"},
        {TD_LEADER_RULE_TOP_RANK, TD_DEPUTY_RULE_ELECTION, false, NULL, NULL, NULL, "a", "unit 'a' would be both the next leader and the next deputy"},
        {TD_LEADER_RULE_TOP_RANK, TD_DEPUTY_RULE_ROTATION, true, NULL, "b", NULL, "d", "next_deputy 'd' in the data of cluster 'k' contradicts the deputy rule, which chooses 'c'"},
        {TD_LEADER_RULE_ELECTION, TD_DEPUTY_RULE_SUCCESSION, true, NULL, "b", "c", NULL, "next_leader 'c' in the data of cluster 'k' contradicts the succession deputy rule"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        kit k;
        kit_roles(&k, bad[i].leader, bad[i].deputy, bad[i].order);
        if (bad[i].leader_unit != NULL)
            OK(td_cluster_set_leader(k.c, bad[i].leader_unit, &k.err));
        if (bad[i].deputy_unit != NULL)
            OK(td_cluster_set_deputy(k.c, bad[i].deputy_unit, &k.err));
        if (bad[i].next_leader != NULL)
            OK(td_cluster_set_next_leader(k.c, bad[i].next_leader, &k.err));
        if (bad[i].next_deputy != NULL)
            OK(td_cluster_set_next_deputy(k.c, bad[i].next_deputy, &k.err));
        assert_error(kit_run(&k), TD_EDATA, k.err, bad[i].message);
        kit_free(&k);
    }
    kit k;
    kit_init(&k, 2025);
    kit_member(&k, "a", "1");
    assert_error(td_rulebook_builder_set_deputy_rule(k.b, (td_deputy_rule)9, &k.err), TD_EINVAL, k.err, "deputy rule");
    OK(td_rulebook_builder_set_deputy_rule(k.b, TD_DEPUTY_RULE_ROTATION, &k.err));
    assert_error(kit_run(&k), TD_ERULEBOOK, k.err, "the rotation deputy rule needs an order");
    assert_error(td_cluster_set_deputy(k.c, "zz", &k.err), TD_ENOTFOUND, k.err, "zz");
    OK(td_cluster_set_deputy(k.c, "a", &k.err));
    assert_error(td_cluster_set_deputy(k.c, "a", &k.err), TD_EEXISTS, k.err, "deputy");
    kit_free(&k);
}

/* A block (khối thi đua) says "khối trưởng" and "khối phó" where a cluster
 * says "cụm trưởng" and "cụm phó"; English and every number stay the same. */
static void a_block_names_its_leader_and_deputy_khoi(void **state)
{
    (void)state;
    kit k;
    for (int block = 0; block < 2; block++) {
        /* rotation that skips the next leader */
        kit_roles(&k, TD_LEADER_RULE_TOP_RANK, TD_DEPUTY_RULE_ROTATION, true);
        if (block)
            OK(td_cluster_set_kind(k.c, TD_CLUSTER_BLOCK, &k.err));
        OK(td_cluster_set_leader(k.c, "b", &k.err));
        OK(td_cluster_set_deputy(k.c, "d", &k.err));
        kit_run_ok(&k);
        assert_int_equal(td_result_cluster_kind(k.res), block ? TD_CLUSTER_BLOCK : TD_CLUSTER_CLUSTER);
        assert_string_equal(td_result_next_leader(k.res), "a");
        assert_string_equal(td_result_next_deputy(k.res), "b");
        assert_string_equal(td_result_deputy_explain(k.res, TD_LANG_VI),
                            block ? "luân phiên khối phó: sau d là b theo thứ tự [a, b, c, d]; bỏ qua a (khối trưởng kỳ sau)"
                                  : "luân phiên cụm phó: sau d là b theo thứ tự [a, b, c, d]; bỏ qua a (cụm trưởng kỳ sau)");
        assert_string_equal(td_result_deputy_explain(k.res, TD_LANG_EN),
                            "deputy rotation: after d comes b in the order [a, b, c, d]; a, the next leader, is skipped");
        kit_free(&k);

        /* succession: the deputy leads, the next deputy follows the new leader */
        kit_roles(&k, TD_LEADER_RULE_TOP_RANK, TD_DEPUTY_RULE_SUCCESSION, true);
        if (block)
            OK(td_cluster_set_kind(k.c, TD_CLUSTER_BLOCK, &k.err));
        OK(td_cluster_set_leader(k.c, "a", &k.err));
        OK(td_cluster_set_deputy(k.c, "c", &k.err));
        kit_run_ok(&k);
        assert_string_equal(td_result_leader_explain(k.res, TD_LANG_VI),
                            block ? "kế nhiệm: khối phó c làm khối trưởng" : "kế nhiệm: cụm phó c làm cụm trưởng");
        assert_string_equal(td_result_deputy_explain(k.res, TD_LANG_VI),
                            block ? "kế nhiệm: sau khối trưởng mới c là d theo thứ tự [a, b, c, d]"
                                  : "kế nhiệm: sau cụm trưởng mới c là d theo thứ tự [a, b, c, d]");
        assert_string_equal(td_result_leader_explain(k.res, TD_LANG_EN), "succession: the deputy c becomes the leader");
        kit_free(&k);

        /* election */
        kit_roles(&k, TD_LEADER_RULE_ELECTION, TD_DEPUTY_RULE_ELECTION, false);
        if (block)
            OK(td_cluster_set_kind(k.c, TD_CLUSTER_BLOCK, &k.err));
        OK(td_cluster_set_next_leader(k.c, "b", &k.err));
        OK(td_cluster_set_next_deputy(k.c, "d", &k.err));
        kit_run_ok(&k);
        assert_string_equal(td_result_deputy_explain(k.res, TD_LANG_VI),
                            block ? "bầu chọn khối phó: d" : "bầu chọn cụm phó: d");
        assert_string_equal(td_result_deputy_explain(k.res, TD_LANG_EN), "elected deputy: d");
        kit_free(&k);
    }
}

/* The kind's setter and getter: cluster by default, the last call wins,
 * a value outside td_cluster_kind is refused and changes nothing. */
static void cluster_kind_set_and_read(void **state)
{
    (void)state;
    td_cluster *c = NULL;
    td_error e;
    assert_ok(td_cluster_new(&c, "khoi-1", 2025, NULL, &e), e);
    assert_int_equal(td_cluster_kind_of(c), TD_CLUSTER_CLUSTER);
    assert_ok(td_cluster_set_kind(c, TD_CLUSTER_BLOCK, &e), e);
    assert_int_equal(td_cluster_kind_of(c), TD_CLUSTER_BLOCK);
    assert_error(td_cluster_set_kind(c, (td_cluster_kind)2, &e), TD_EINVAL, e, "unknown cluster kind 2");
    assert_non_null(strstr(e.message, "TD_CLUSTER_BLOCK"));
    assert_error(td_cluster_set_kind(c, (td_cluster_kind)-1, &e), TD_EINVAL, e, "-1");
    assert_int_equal(td_cluster_kind_of(c), TD_CLUSTER_BLOCK); /* unchanged */
    assert_ok(td_cluster_set_kind(c, TD_CLUSTER_CLUSTER, &e), e);
    assert_int_equal(td_cluster_kind_of(c), TD_CLUSTER_CLUSTER);
    assert_error(td_cluster_set_kind(NULL, TD_CLUSTER_BLOCK, &e), TD_EINVAL, e, "NULL");
    assert_int_equal(td_cluster_kind_of(NULL), TD_CLUSTER_CLUSTER);
    assert_int_equal(td_result_cluster_kind(NULL), TD_CLUSTER_CLUSTER);
    td_cluster_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rotation_skips_the_next_leader),
        cmocka_unit_test(succession_makes_the_deputy_the_leader),
        cmocka_unit_test(election_and_is_deputy),
        cmocka_unit_test(what_the_data_must_give),
        cmocka_unit_test(a_block_names_its_leader_and_deputy_khoi),
        cmocka_unit_test(cluster_kind_set_and_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
