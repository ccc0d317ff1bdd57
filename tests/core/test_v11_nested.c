/*
 * Rulebook 1.1, section 9 (nested score tables), through the builder API:
 * group nodes of criteria summed and capped at every level, the rulebook
 * order of criteria and nodes whatever order they were added in, the
 * builder's errors, points() of a node or a section, min_share(level) and
 * the base explanation's clause on the groups. The 64-bit fast paths,
 * threads and allocation failure on nested rulebooks are in
 * test_v11_nested_paths.c.
 */
#include <stdio.h>
#include <stdlib.h>

#include "kit.h"
#include "model.h"
#include "nest_kit.h"
#include "td_test.h"

#define NONE ((size_t)-1)

/* ---- sums and caps ---- */

static void assert_nest_numbers(const td_result *res)
{
    const td_rulebook *rb = td_result_rulebook(res);
    size_t u1 = nest_member(res, "u1"), u2 = nest_member(res, "u2");
    size_t A1 = nest_node(rb, "A1"), A3 = nest_node(rb, "A3"), A31 = nest_node(rb, "A31"), B1 = nest_node(rb, "B1");
    /* u1: A1 capped (23 → 20), A31 capped (15 → 12) inside A3 capped (24 → 22), the section capped on top (60 → 45) */
    assert_decimal(td_result_node_points(res, u1, A1), "20");
    assert_decimal(td_result_node_points(res, u1, A31), "12");
    assert_decimal(td_result_node_points(res, u1, A3), "22");
    assert_decimal(td_result_section_points(res, u1, 0), "45");
    /* p's 28 points (above its max of 20, cap 1.5) count into B1 before its cap: 33 → 27; its bonus does not */
    assert_decimal(td_result_points(res, u1, 6), "28");
    assert_decimal(td_result_criterion_bonus(res, u1, 6), "4");
    assert_decimal(td_result_node_points(res, u1, B1), "27");
    assert_decimal(td_result_section_points(res, u1, 1), "32");
    assert_decimal(td_result_member_base(res, u1), "77");
    assert_decimal(td_result_member_bonus(res, u1), "4");
    assert_decimal(td_result_member_total(res, u1), "81");
    /* u2: every node under its max */
    assert_decimal(td_result_node_points(res, u2, A1), "10");
    assert_decimal(td_result_node_points(res, u2, A31), "5");
    assert_decimal(td_result_node_points(res, u2, A3), "11");
    assert_decimal(td_result_node_points(res, u2, B1), "12");
    assert_decimal(td_result_section_points(res, u2, 0), "31");
    assert_decimal(td_result_section_points(res, u2, 1), "16");
    assert_decimal(td_result_member_base(res, u2), "47");
    assert_decimal(td_result_member_bonus(res, u2), "0");
    assert_decimal(td_result_member_total(res, u2), "47");
    assert_int_equal(td_result_member_rank(res, u1), 1);
    /* out of range: zero */
    assert_decimal(td_result_node_points(res, u1, 4), "0");
    assert_decimal(td_result_node_points(res, 2, 0), "0");
    assert_decimal(td_result_node_points(NULL, 0, 0), "0");
    /* the sums before the caps: a level-2 node's (A31) and the level-1 node
     * above it, which adds A31's points after its cap (12, not 15); p's 28
     * above its own max counts in B1's */
    assert_decimal(td_result_node_sum(res, u1, A1), "23");
    assert_decimal(td_result_node_sum(res, u1, A31), "15");
    assert_decimal(td_result_node_sum(res, u1, A3), "24");
    assert_decimal(td_result_node_sum(res, u1, B1), "33");
    /* under the caps the sum is the points */
    assert_decimal(td_result_node_sum(res, u2, A1), "10");
    assert_decimal(td_result_node_sum(res, u2, A31), "5");
    assert_decimal(td_result_node_sum(res, u2, A3), "11");
    assert_decimal(td_result_node_sum(res, u2, B1), "12");
    /* out of range: zero, as the points */
    assert_decimal(td_result_node_sum(res, u1, 4), "0");
    assert_decimal(td_result_node_sum(res, u1, (size_t)-1), "0");
    assert_decimal(td_result_node_sum(res, 2, 0), "0");
    assert_decimal(td_result_node_sum(NULL, 0, 0), "0");
}

/* Every node's sum is the one the base explanation gives: "A1 min(20, 23) =
 * 20" when the cap took points away, "A1 10" when not. */
static void assert_sums_as_explained(const td_result *res)
{
    const td_rulebook *rb = td_result_rulebook(res);
    for (size_t m = 0; m < td_result_member_count(res); m++)
        for (size_t n = 0; n < td_rulebook_node_count(rb); n++) {
            td_decimal sum = td_result_node_sum(res, m, n), points = td_result_node_points(res, m, n);
            char s[TD_DECIMAL_STRING_SIZE], p[TD_DECIMAL_STRING_SIZE], x[TD_DECIMAL_STRING_SIZE], want[320];
            td_decimal_format(s, sizeof s, sum);
            td_decimal_format(p, sizeof p, points);
            td_decimal_format(x, sizeof x, td_rulebook_node_max(rb, n));
            if (td_decimal_cmp(sum, points) > 0)
                snprintf(want, sizeof want, "%s min(%s, %s) = %s", td_rulebook_node_id(rb, n), x, s, p);
            else
                snprintf(want, sizeof want, "%s %s", td_rulebook_node_id(rb, n), p);
            assert_contains(td_result_member_explain(res, m, TD_LANG_EN), want);
            /* the points are the sum capped at the max */
            assert_int_equal(td_decimal_cmp(points, td_decimal_min(sum, td_rulebook_node_max(rb, n))), 0);
        }
}

static void nodes_add_up_and_are_capped_at_every_level(void **state)
{
    (void)state;
    td_rulebook *rb = nest_build(nest_table, NEST_LINES);
    td_error err;
    td_cluster *cl = NULL;
    assert_ok(nest_cluster(&cl, NULL, &err), err);
    assert_int_equal(td_rulebook_node_count(rb), 4);
    assert_int_equal(td_rulebook_criterion_count(rb), 9);
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE, TD_EXPLAIN_ON_DEMAND};
    for (size_t i = 0; i < 3; i++) {
        td_result *res = td_test_evaluate(rb, cl, modes[i], 1, NULL);
        assert_nest_numbers(res);
        if (modes[i] != TD_EXPLAIN_NONE)
            assert_sums_as_explained(res);
        /* every number left to the fast paths when there are no texts */
        if (modes[i] == TD_EXPLAIN_NONE)
            assert_int_equal(atomic_load(&res->general_path), 0);
        td_result_free(res);
    }
    /* nodes in rulebook order: A1, A3, A31 (below A3), B1 */
    static const char *const order[] = {"A1", "A3", "A31", "B1"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(td_rulebook_node_id(rb, i), order[i]);
    /* the node read API */
    size_t A31 = nest_node(rb, "A31");
    assert_string_equal(td_rulebook_node_id(rb, A31), "A31");
    assert_string_equal(td_rulebook_node_name(rb, A31), "");
    assert_decimal(td_rulebook_node_max(rb, A31), "12");
    assert_int_equal(td_rulebook_node_section(rb, A31), 0);
    assert_int_equal(td_rulebook_node_parent(rb, A31), nest_node(rb, "A3"));
    assert_int_equal(td_rulebook_node_level(rb, A31), 2);
    assert_int_equal(td_rulebook_node_level(rb, nest_node(rb, "B1")), 1);
    assert_int_equal(td_rulebook_node_section(rb, nest_node(rb, "B1")), 1);
    assert_int_equal(td_rulebook_node_parent(rb, nest_node(rb, "B1")), NONE);
    /* out of range: NULL, zero, (size_t)-1 */
    assert_null(td_rulebook_node_id(rb, 4));
    assert_null(td_rulebook_node_name(rb, 4));
    assert_decimal(td_rulebook_node_max(rb, 4), "0");
    assert_int_equal(td_rulebook_node_section(rb, 4), NONE);
    assert_int_equal(td_rulebook_node_parent(rb, 4), NONE);
    assert_int_equal(td_rulebook_node_level(rb, 4), 0);
    assert_int_equal(td_rulebook_criterion_parent(rb, 9), NONE);
    assert_int_equal(td_rulebook_node_count(NULL), 0);
    assert_null(td_rulebook_node_id(NULL, 0));
    size_t n = 77;
    assert_error(td_rulebook_find_node(&n, rb, "a11", &err), TD_ENOTFOUND, err, "a11");
    assert_error(td_rulebook_find_criterion(&n, rb, "A1", &err), TD_ENOTFOUND, err, "A1");
    assert_error(td_rulebook_find_node(&n, rb, "A", &err), TD_ENOTFOUND, err, "'A'");
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

/* A node of max 0 gives 0 whatever its criteria hold. */
static void a_node_of_max_zero_and_a_criterion_in_it(void **state)
{
    (void)state;
    static const nest_line lines[] = {
        {'S', NULL, "S", NULL}, {'N', "S", "Z", "0"}, {'C', "Z", "z", "5"}, {'C', "S", "c", "5"},
    };
    td_rulebook *rb = nest_build(lines, 4);
    td_error err;
    td_cluster *cl = NULL;
    assert_ok(td_cluster_new(&cl, "k", 2025, NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "u", NULL, &err), err);
    assert_ok(td_cluster_set_score(cl, TD_SCORE_SOURCE_FINAL, "u", "z", D("5"), &err), err);
    assert_ok(td_cluster_set_score(cl, TD_SCORE_SOURCE_FINAL, "u", "c", D("3"), &err), err);
    for (int e = 0; e < 2; e++) {
        td_result *res = td_test_evaluate(rb, cl, e ? TD_EXPLAIN_NONE : TD_EXPLAIN_ALL, 1, NULL);
        assert_decimal(td_result_points(res, 0, 0), "5");
        assert_decimal(td_result_node_points(res, 0, 0), "0");
        assert_decimal(td_result_node_sum(res, 0, 0), "5");
        assert_decimal(td_result_member_base(res, 0), "3");
        if (!e)
            assert_contains(td_result_member_explain(res, 0, TD_LANG_EN), "; groups of criteria: Z min(0, 5) = 0");
        td_result_free(res);
    }
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

/* A criterion's bonus stays out of its group's sum, the group under its max:
 * p (max 10, cap 1.5) at 130 % has 13 points and a bonus of 1 × ⌊30 / 10⌋ = 3;
 * G = 13, not 16; base 13, total 16. */
static void bonus_stays_out_of_group_sums(void **state)
{
    (void)state;
    static const nest_line lines[] = {{'S', NULL, "S", NULL}, {'N', "S", "G", "100"}, {'P', "G", "p", "10"}};
    td_rulebook *rb = nest_build(lines, 3);
    td_error err;
    td_cluster *cl = NULL;
    assert_ok(td_cluster_new(&cl, "k", 2025, NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "u", NULL, &err), err);
    assert_ok(td_cluster_set_target(cl, "u", "p", D("100"), &err), err);
    assert_ok(td_cluster_set_actual(cl, "u", "p", D("130"), &err), err);
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE};
    for (size_t e = 0; e < 2; e++) {
        td_result *res = td_test_evaluate(rb, cl, modes[e], 1, NULL);
        assert_decimal(td_result_points(res, 0, 0), "13");
        assert_decimal(td_result_criterion_bonus(res, 0, 0), "3");
        assert_decimal(td_result_node_points(res, 0, 0), "13");
        assert_decimal(td_result_node_sum(res, 0, 0), "13"); /* the bonus is in no sum */
        assert_decimal(td_result_section_points(res, 0, 0), "13");
        assert_decimal(td_result_member_base(res, 0), "13");
        assert_decimal(td_result_member_bonus(res, 0), "3");
        assert_decimal(td_result_member_total(res, 0), "16");
        assert_decimal(nest_value(res, "u", "points(G)").number, "13");
        if (modes[e] == TD_EXPLAIN_ALL)
            assert_contains(td_result_member_explain(res, 0, TD_LANG_EN), "; groups of criteria: G 13; bonus = ");
        td_result_free(res);
    }
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

/* ---- rulebook order ---- */

/* Children added interleaved: a section's criterion, node, criterion,
 * node; a node's criteria added after another node was; a criterion of
 * the second section before the first section's nodes are filled. */
static void criteria_and_nodes_are_numbered_in_rulebook_order(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = NULL;
    assert_ok(td_rulebook_builder_new(&b, "order", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "S1", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "S2", NULL, NULL, &err), err);
    static const struct {
        bool is_node;
        const char *parent, *id, *max;
    } adds[] = {
        {false, "S1", "c1", "1"},   {true, "S1", "N1", "10"},   {false, "S2", "d1", "1"},
        {false, "S1", "c2", "2"},   {true, "S1", "N2", "10"},   {true, "N2", "N21", "5"},
        {false, "N2", "n2a", "3"},  {false, "N1", "n1a", "4"},  {false, "N21", "n21a", "5"},
        {true, "S2", "M1", "3"},    {false, "M1", "m1a", "6"},  {false, "N1", "n1b", "7"},
    };
    for (size_t i = 0; i < sizeof adds / sizeof adds[0]; i++) {
        if (adds[i].is_node) {
            assert_ok(td_rulebook_builder_add_node(b, adds[i].parent, adds[i].id,
                                                   strcmp(adds[i].id, "N21") == 0 ? "Nhóm con" : NULL,
                                                   D(adds[i].max), &err),
                      err);
        } else {
            assert_ok(td_rulebook_builder_add_criterion(b, adds[i].parent, adds[i].id, NULL, D(adds[i].max), &err),
                      err);
            assert_ok(tr_rule_manual(b, adds[i].id, &err), err);
        }
    }
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    /* S1: c1, N1 [n1a, n1b], c2, N2 [N21 [n21a], n2a]; S2: d1, M1 [m1a] */
    static const struct {
        const char *id;
        size_t section, parent;
    } criteria[] = {{"c1", 0, NONE}, {"n1a", 0, 0}, {"n1b", 0, 0}, {"c2", 0, NONE},
                    {"n21a", 0, 2},  {"n2a", 0, 1}, {"d1", 1, NONE}, {"m1a", 1, 3}};
    assert_int_equal(td_rulebook_criterion_count(rb), 8);
    for (size_t i = 0; i < 8; i++) {
        assert_string_equal(td_rulebook_criterion_id(rb, i), criteria[i].id);
        assert_int_equal(td_rulebook_criterion_section(rb, i), criteria[i].section);
        assert_int_equal(td_rulebook_criterion_parent(rb, i), criteria[i].parent);
        size_t k;
        assert_ok(td_rulebook_find_criterion(&k, rb, criteria[i].id, &err), err);
        assert_int_equal(k, i);
    }
    static const struct {
        const char *id, *name, *max;
        size_t section, parent;
        unsigned level;
    } nodes[] = {{"N1", "", "10", 0, NONE, 1},
                 {"N2", "", "10", 0, NONE, 1},
                 {"N21", "Nhóm con", "5", 0, 1, 2},
                 {"M1", "", "3", 1, NONE, 1}};
    assert_int_equal(td_rulebook_node_count(rb), 4);
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(td_rulebook_node_id(rb, i), nodes[i].id);
        assert_string_equal(td_rulebook_node_name(rb, i), nodes[i].name);
        assert_decimal(td_rulebook_node_max(rb, i), nodes[i].max);
        assert_int_equal(td_rulebook_node_section(rb, i), nodes[i].section);
        assert_int_equal(td_rulebook_node_parent(rb, i), nodes[i].parent);
        assert_int_equal(td_rulebook_node_level(rb, i), nodes[i].level);
        assert_int_equal(nest_node(rb, nodes[i].id), i);
    }
    /* results use the same numbering: each criterion's points are its max,
     * N1 = 4 + 7 = 11 → 10, N21 = 5, N2 = 5 + 3 = 8, M1 = 6 → 3 */
    td_cluster *cl = NULL;
    assert_ok(td_cluster_new(&cl, "k", 2025, NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "u", NULL, &err), err);
    for (size_t i = 0; i < 8; i++)
        assert_ok(td_cluster_set_score(cl, TD_SCORE_SOURCE_FINAL, "u", criteria[i].id,
                                       td_rulebook_criterion_max(rb, i), &err),
                  err);
    for (int e = 0; e < 2; e++) {
        td_result *res = td_test_evaluate(rb, cl, e ? TD_EXPLAIN_NONE : TD_EXPLAIN_ALL, 1, NULL);
        static const char *const want[] = {"10", "8", "5", "3"};
        for (size_t i = 0; i < 4; i++)
            assert_decimal(td_result_node_points(res, 0, i), want[i]);
        /* the sums add each node's own children, wherever they were added:
         * N1 4 + 7, N2 5 (N21 after its cap) + 3, N21 5, M1 6 */
        static const char *const sums[] = {"11", "8", "5", "6"};
        for (size_t i = 0; i < 4; i++)
            assert_decimal(td_result_node_sum(res, 0, i), sums[i]);
        static const char *const points[] = {"1", "4", "7", "2", "5", "3", "1", "6"};
        for (size_t i = 0; i < 8; i++)
            assert_decimal(td_result_points(res, 0, i), points[i]);
        /* S1 = 1 + 10 + 2 + 8 = 21, S2 = 1 + 3 = 4 */
        assert_decimal(td_result_section_points(res, 0, 0), "21");
        assert_decimal(td_result_section_points(res, 0, 1), "4");
        assert_decimal(td_result_member_base(res, 0), "25");
        if (!e)
            assert_contains(td_result_member_explain(res, 0, TD_LANG_EN),
                            "; groups of criteria: N1 min(10, 11) = 10, N2 8 (N21 5), M1 min(3, 6) = 3");
        td_result_free(res);
    }
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

/* ---- the builder's errors ---- */

static void the_builder_refuses_bad_nodes(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = NULL;
    assert_ok(td_rulebook_builder_new(&b, "bad", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "S", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "S", "c", NULL, D("5"), &err), err);
    assert_ok(tr_rule_manual(b, "c", &err), err);
    assert_ok(td_rulebook_builder_add_node(b, "S", "L1", NULL, D("10"), &err), err);
    assert_ok(td_rulebook_builder_add_node(b, "L1", "L2", NULL, D("10"), &err), err);
    /* a fourth level of criteria: a node below a level-2 node */
    assert_error(td_rulebook_builder_add_node(b, "L2", "L3", NULL, D("1"), &err), TD_ERULEBOOK, err,
                 "group 'L3' would stand 3 levels below its section: a section holds at most 3 levels of criteria, "
                 "so group 'L2' may hold criteria but no group");
    /* a criterion at the third level is fine */
    assert_ok(td_rulebook_builder_add_criterion(b, "L2", "deep", NULL, D("4"), &err), err);
    assert_ok(tr_rule_manual(b, "deep", &err), err);
    /* unknown parents */
    assert_error(td_rulebook_builder_add_node(b, "nowhere", "X", NULL, D("1"), &err), TD_ENOTFOUND, err,
                 "group 'X' names unknown section or group 'nowhere'");
    assert_error(td_rulebook_builder_add_criterion(b, "nowhere", "x", NULL, D("1"), &err), TD_ENOTFOUND, err,
                 "criterion 'x' names unknown section or group 'nowhere'");
    /* a criterion is no parent */
    assert_error(td_rulebook_builder_add_node(b, "c", "X", NULL, D("1"), &err), TD_ENOTFOUND, err, "'c'");
    assert_error(td_rulebook_builder_add_criterion(b, "c", "x", NULL, D("1"), &err), TD_ENOTFOUND, err, "'c'");
    /* ids unique across sections, criteria and nodes, both ways */
    assert_error(td_rulebook_builder_add_section(b, "L1", NULL, NULL, &err), TD_EEXISTS, err,
                 "section 'L1' takes the id of a group of criteria");
    assert_error(td_rulebook_builder_add_criterion(b, "S", "L2", NULL, D("1"), &err), TD_EEXISTS, err,
                 "criterion 'L2' takes the id of a group of criteria");
    assert_error(td_rulebook_builder_add_node(b, "S", "c", NULL, D("1"), &err), TD_EEXISTS, err,
                 "group 'c' takes the id of a criterion");
    assert_error(td_rulebook_builder_add_node(b, "L1", "deep", NULL, D("1"), &err), TD_EEXISTS, err,
                 "group 'deep' takes the id of a criterion");
    assert_error(td_rulebook_builder_add_node(b, "S", "S", NULL, D("1"), &err), TD_EEXISTS, err,
                 "group 'S' takes the id of a section");
    assert_error(td_rulebook_builder_add_node(b, "S", "L2", NULL, D("1"), &err), TD_EEXISTS, err,
                 "group 'L2' is defined twice");
    /* max */
    assert_error(td_rulebook_builder_add_node(b, "S", "neg", NULL, D("-1"), &err), TD_ERANGE, err, "max");
    /* NULL and empty ids */
    assert_error(td_rulebook_builder_add_node(b, NULL, "X", NULL, D("1"), &err), TD_EINVAL, err, "section or group id");
    assert_error(td_rulebook_builder_add_node(b, "S", "", NULL, D("1"), &err), TD_EINVAL, err, "group id");
    assert_error(td_rulebook_builder_add_node(NULL, "S", "X", NULL, D("1"), &err), TD_EINVAL, err, "");
    /* none of the refused calls left anything: the rulebook builds with c, L1 [L2 [deep]] */
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    assert_int_equal(td_rulebook_node_count(rb), 2);
    assert_int_equal(td_rulebook_criterion_count(rb), 2);
    assert_int_equal(td_rulebook_section_count(rb), 1);
    assert_int_equal(td_rulebook_criterion_parent(rb, 1), nest_node(rb, "L2"));
    td_rulebook_free(rb);
    rb = NULL;
    /* a node with no criterion, at build */
    assert_ok(td_rulebook_builder_add_node(b, "S", "empty", NULL, D("3"), &err), err);
    assert_error(td_rulebook_builder_build(&rb, b, &err), TD_ERULEBOOK, err, "group 'empty' has no criterion");
    assert_null(rb);
    td_rulebook_builder_free(b);
    /* a section whose only child is an empty node has no criterion either */
    assert_ok(td_rulebook_builder_new(&b, "bad", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "S", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_node(b, "S", "E", NULL, D("3"), &err), err);
    assert_error(td_rulebook_builder_build(&rb, b, &err), TD_ERULEBOOK, err, "section 'S' has no criterion");
    assert_null(rb);
    td_rulebook_builder_free(b);
    /* a node holding only an empty node: the outer one is named first, in rulebook order */
    assert_ok(td_rulebook_builder_new(&b, "bad", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "S", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "S", "c", NULL, D("5"), &err), err);
    assert_ok(tr_rule_manual(b, "c", &err), err);
    assert_ok(td_rulebook_builder_add_node(b, "S", "outer", NULL, D("3"), &err), err);
    assert_ok(td_rulebook_builder_add_node(b, "outer", "inner", NULL, D("3"), &err), err);
    assert_error(td_rulebook_builder_build(&rb, b, &err), TD_ERULEBOOK, err, "group 'outer' has no criterion");
    /* given a criterion, the inner node holds the outer one up */
    assert_ok(td_rulebook_builder_add_criterion(b, "inner", "i", NULL, D("5"), &err), err);
    assert_ok(tr_rule_manual(b, "i", &err), err);
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_free(rb);
    td_rulebook_builder_free(b);
    /* a node directly below a section holding nothing but nodes with criteria is fine,
     * and a section whose only child is a node has a criterion */
    static const nest_line only_nodes[] = {
        {'S', NULL, "S", "10"}, {'N', "S", "G", "10"}, {'N', "G", "H", "10"}, {'C', "H", "h", "10"},
    };
    rb = nest_build(only_nodes, 4);
    assert_int_equal(td_rulebook_criterion_parent(rb, 0), 1);
    td_rulebook_free(rb);
}

/* The contract (rulebook-v1.1.md section 9): "Node ids are unique across
 * the rulebook": a parameter, an input, a derived measure, an adjustment
 * item, a classification entry or an award with a node's id is refused at
 * build. */
static void node_ids_are_unique_across_the_rulebook(void **state)
{
    (void)state;
    static const char *const kinds[] = {"parameter", "input", "measure", "adjustment", "classification", "award"};
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        td_error err;
        td_rulebook_builder *b = NULL;
        assert_ok(nest_builder(&b, nest_table, NEST_LINES, NULL, &err), err);
        td_status rc;
        switch (k) {
        case 0: rc = td_rulebook_builder_add_parameter(b, "A1", D("3"), &err); break;
        case 1: rc = td_rulebook_builder_add_input(b, "A1", &err); break;
        case 2: rc = td_rulebook_builder_add_measure(b, "A1", "a11 / 2", &err); break;
        case 3: rc = td_rulebook_builder_add_adjustment(b, "A1", NULL, TD_ADJUSTMENT_BONUS, D("1"), NULL, &err); break;
        case 4: rc = td_rulebook_builder_add_classification(b, "A1", NULL, NULL, &err); break;
        default: rc = td_rulebook_builder_add_award(b, "A1", NULL, NULL, &err); break;
        }
        td_rulebook *rb = NULL;
        if (rc == TD_OK)
            rc = td_rulebook_builder_build(&rb, b, &err);
        if (rc == TD_OK)
            fail_msg("a %s with the id of group 'A1' is accepted", kinds[k]);
        assert_int_equal(rc, TD_ERULEBOOK);
        assert_non_null(strstr(err.message, "group 'A1' has the id of"));
        td_rulebook_free(rb);
        td_rulebook_builder_free(b);
    }
}

/* ---- points() of a node or a section ---- */

static void points_names_a_node_or_a_section(void **state)
{
    (void)state;
    td_error err;
    td_rulebook_builder *b = NULL;
    assert_ok(nest_builder(&b, nest_table, NEST_LINES, NULL, &err), err);
    /* classification on a node and a section */
    td_decimal zero = td_decimal_zero();
    assert_ok(td_rulebook_builder_add_classification(b, "tot", NULL, &zero, &err), err);
    assert_ok(td_rulebook_builder_set_classification_when(b, "tot", "points(A1) >= 20 and points(A) >= 45", &err),
              err);
    assert_ok(td_rulebook_builder_add_classification(b, "kem", NULL, NULL, &err), err);
    /* ranking by a level-2 node, lowest first: u2 (A31 5) before u1 (12) */
    assert_ok(td_rulebook_builder_add_ranking_key(b, "points(A31)", false, &err), err);
    /* awards on a section without max and on a node */
    assert_ok(td_rulebook_builder_add_award(b, "co", NULL, "points(B) > 30", &err), err);
    assert_ok(td_rulebook_builder_add_award(b, "nd", NULL, "points(B1) == 12 and points(A3) < points(A1) + 2", &err),
              err);
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    td_cluster *cl = NULL;
    assert_ok(nest_cluster(&cl, NULL, &err), err);
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE, TD_EXPLAIN_ON_DEMAND};
    for (size_t i = 0; i < 3; i++) {
        td_result *res = td_test_evaluate(rb, cl, modes[i], 1, NULL);
        size_t u1 = nest_member(res, "u1"), u2 = nest_member(res, "u2");
        assert_string_equal(td_result_member_classification(res, u1), "tot");
        assert_string_equal(td_result_member_classification(res, u2), "kem");
        assert_int_equal(td_result_member_rank(res, u2), 1);
        assert_int_equal(td_result_member_rank(res, u1), 2);
        assert_int_equal(td_result_award_status(res, u1, 0), TD_AWARD_SELECTED); /* B 32 */
        assert_int_equal(td_result_award_status(res, u2, 0), TD_AWARD_NOT_ELIGIBLE);
        assert_int_equal(td_result_award_status(res, u2, 1), TD_AWARD_SELECTED); /* B1 12, A3 11 < 12 */
        assert_int_equal(td_result_award_status(res, u1, 1), TD_AWARD_NOT_ELIGIBLE);
        if (modes[i] != TD_EXPLAIN_NONE) {
            assert_contains(td_result_classification_explain(res, u2, TD_LANG_EN), "points(A1) = 10 < 20");
            assert_contains(td_result_award_explain(res, u2, 0, TD_LANG_EN), "points(B) = 16 <= 30");
        }
        /* the values, capped: a leaf above its max stays, a node and a section are after their caps */
        assert_decimal(nest_value(res, "u1", "points(p)").number, "28");
        assert_decimal(nest_value(res, "u1", "points(B1)").number, "27");
        assert_decimal(nest_value(res, "u1", "points(A31) + points(A3) * 10").number, "232");
        assert_decimal(nest_value(res, "u1", "points(A)").number, "45");
        assert_decimal(nest_value(res, "u1", "points(B)").number, "32");
        assert_decimal(nest_value(res, "u2", "points('A3')").number, "11");
        td_result_free(res);
    }
    /* an unknown id names the three kinds, with the nearest */
    td_expr *x = NULL;
    assert_error(td_expr_compile(&x, rb, "points(A4)", NULL, &err), TD_EPARSE, err,
                 "unknown criterion, group or section 'A4' in points()");
    assert_null(x);
    td_cluster_free(cl);
    td_rulebook_free(rb);
    /* a criterion first, then a section: the section 'q' holds criteria 'q' and 'r' */
    static const nest_line same[] = {
        {'S', NULL, "q", NULL}, {'C', "q", "q", "5"}, {'C', "q", "r", "5"},
    };
    rb = nest_build(same, 3);
    assert_ok(td_cluster_new(&cl, "k", 2025, NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "u", NULL, &err), err);
    assert_ok(td_cluster_set_score(cl, TD_SCORE_SOURCE_FINAL, "u", "q", D("2"), &err), err);
    assert_ok(td_cluster_set_score(cl, TD_SCORE_SOURCE_FINAL, "u", "r", D("3"), &err), err);
    td_result *res = td_test_evaluate(rb, cl, TD_EXPLAIN_ALL, 1, NULL);
    assert_decimal(td_result_section_points(res, 0, 0), "5");
    assert_decimal(nest_value(res, "u", "points(q)").number, "2");
    td_result_free(res);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

/* ---- min_share(level) ---- */

static void assert_share(const td_result *res, const char *unit, const char *text, const char *want)
{
    td_value v = nest_value(res, unit, text);
    char got[TD_DECIMAL_STRING_SIZE];
    td_decimal_format(got, sizeof got, v.number);
    if (strcmp(got, want) != 0)
        fail_msg("%s of %s = %s, want %s", text, unit, got, want);
}

/* The error of an expression for the first member. */
static td_error eval_error(const td_result *res, const char *text)
{
    td_error err;
    td_expr *x = NULL;
    assert_ok(td_expr_compile(&x, td_result_rulebook(res), text, NULL, &err), err);
    td_value v;
    td_error_clear(&err);
    if (td_expr_eval(&v, x, res, 0, NULL, 0, &err) == TD_OK)
        fail_msg("%s has a value", text);
    td_expr_free(x);
    return err;
}

static void min_share_takes_a_level(void **state)
{
    (void)state;
    td_rulebook *rb = nest_build(nest_table, NEST_LINES);
    td_error err;
    td_cluster *cl = NULL;
    assert_ok(nest_cluster(&cl, NULL, &err), err);
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE};
    for (size_t i = 0; i < 2; i++) {
        td_result *res = td_test_evaluate(rb, cl, modes[i], 1, NULL);
        /* u1, leaves: b1 5/10 lowest; directly below a section: A1 20/20, a2 18/20, A3 22/22,
         * B1 27/27, b2 5/5; sections with a max: A 45/45 (B has none) */
        assert_share(res, "u1", "min_share()", "0.5");
        assert_share(res, "u1", "min_share('leaf')", "0.5");
        assert_share(res, "u1", "min_share('group')", "0.9");
        assert_share(res, "u1", "min_share('section')", "1");
        /* u2: b1 2/10; B1 12/27 = 0.4444…; A 31/45 = 0.6888… (half up) */
        assert_share(res, "u2", "min_share()", "0.2");
        assert_share(res, "u2", "min_share('leaf')", "0.2");
        assert_share(res, "u2", "min_share('group')", "0.444444444444");
        assert_share(res, "u2", "min_share('section')", "0.688888888889");
        /* the level may be written bare, as ids are */
        assert_share(res, "u2", "min_share(group)", "0.444444444444");
        assert_share(res, "u2", "min_share(section) * 2", "1.377777777778");
        td_result_free(res);
    }
    /* in a classification, with its explanation */
    td_rulebook_free(rb);
    td_rulebook_builder *b = NULL;
    assert_ok(nest_builder(&b, nest_table, NEST_LINES, NULL, &err), err);
    td_decimal zero = td_decimal_zero();
    assert_ok(td_rulebook_builder_add_classification(b, "tot", NULL, &zero, &err), err);
    assert_ok(td_rulebook_builder_set_classification_when(b, "tot", "min_share('group') >= 0.5", &err), err);
    assert_ok(td_rulebook_builder_add_classification(b, "kem", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    for (size_t i = 0; i < 2; i++) {
        td_result *res = td_test_evaluate(rb, cl, modes[i], 1, NULL);
        assert_string_equal(td_result_member_classification(res, nest_member(res, "u1")), "tot");
        assert_string_equal(td_result_member_classification(res, nest_member(res, "u2")), "kem");
        if (modes[i] == TD_EXPLAIN_ALL)
            assert_contains(td_result_classification_explain(res, nest_member(res, "u2"), TD_LANG_EN),
                            "min_share('group') = 0.444444444444 (B1) < 0.5");
        td_result_free(res);
    }
    td_rulebook_free(rb);
    td_cluster_free(cl);
    /* an unknown level, with the nearest */
    rb = nest_build(nest_table, NEST_LINES);
    td_expr *x = NULL;
    assert_error(td_expr_compile(&x, rb, "min_share('grup') > 0", NULL, &err), TD_EPARSE, err,
                 "unknown level 'grup' in min_share() (did you mean 'group'?): the levels are 'leaf', 'group' and "
                 "'section'");
    assert_null(x);
    assert_error(td_expr_compile(&x, rb, "min_share('sections') > 0", NULL, &err), TD_EPARSE, err,
                 "unknown level 'sections' in min_share() (did you mean 'section'?)");
    /* 'grp' is two edits from 'group', more than the third of its length
     * that suggestions allow elsewhere (td_suggest_init()): no suggestion,
     * the levels are listed */
    assert_error(td_expr_compile(&x, rb, "min_share('grp') > 0", NULL, &err), TD_EPARSE, err,
                 "unknown level 'grp' in min_share(): the levels are 'leaf', 'group' and 'section'");
    assert_null(x);
    /* not a text */
    assert_error(td_expr_compile(&x, rb, "min_share(1) > 0", NULL, &err), TD_EPARSE, err,
                 "min_share() takes the id of a level ('leaf', 'group' or 'section') first, found '1'");
    td_rulebook_free(rb);
}

/* Items of max 0 and sections without a max do not count:
 *   S (max 10): c 6/10, z 0/0, Z (max 0) [z2 0/0], G (max 4) [g 2/10]
 *   T (max 0): t 0/0
 *   U (no max): w 3/4
 * leaves: g 0.2; directly below a section: G 2/4 = 0.5 (c 0.6, w 0.75);
 * sections: S (6 + 0 + 0 + 2) / 10 = 0.8. */
static void min_share_skips_what_has_no_max(void **state)
{
    (void)state;
    static const nest_line lines[] = {
        {'S', NULL, "S", "10"}, {'C', "S", "c", "10"}, {'C', "S", "z", "0"},  {'N', "S", "Z", "0"},
        {'C', "Z", "z2", "0"},  {'N', "S", "G", "4"},  {'C', "G", "g", "10"}, {'S', NULL, "T", "0"},
        {'C', "T", "t", "0"},   {'S', NULL, "U", NULL}, {'C', "U", "w", "4"},
    };
    td_rulebook *rb = nest_build(lines, sizeof lines / sizeof lines[0]);
    td_error err;
    td_cluster *cl = NULL;
    assert_ok(td_cluster_new(&cl, "k", 2025, NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "m", NULL, &err), err);
    static const char *const ids[] = {"c", "z", "z2", "g", "t", "w"}, *const pts[] = {"6", "0", "0", "2", "0", "3"};
    for (size_t i = 0; i < 6; i++)
        assert_ok(td_cluster_set_score(cl, TD_SCORE_SOURCE_FINAL, "m", ids[i], D(pts[i]), &err), err);
    for (int e = 0; e < 2; e++) {
        td_result *res = td_test_evaluate(rb, cl, e ? TD_EXPLAIN_NONE : TD_EXPLAIN_ALL, 1, NULL);
        assert_share(res, "m", "min_share('leaf')", "0.2");
        assert_share(res, "m", "min_share()", "0.2");
        assert_share(res, "m", "min_share('group')", "0.5");
        assert_share(res, "m", "min_share('section')", "0.8");
        td_result_free(res);
    }
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

static void min_share_without_an_item_has_no_value(void **state)
{
    (void)state;
    /* no leaf with a max: min_share() and min_share('leaf') */
    static const nest_line zero[] = {{'S', NULL, "S", "10"}, {'C', "S", "c", "0"}};
    /* leaves with a max, but nothing directly below a section, and no section with a max */
    static const nest_line deep[] = {{'S', NULL, "S", NULL}, {'N', "S", "G", "0"}, {'C', "G", "g", "5"}, {'C', "S", "z", "0"}};
    td_error err;
    td_rulebook *rb = nest_build(zero, 2);
    td_cluster *cl = NULL;
    assert_ok(td_cluster_new(&cl, "k", 2025, NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "m", NULL, &err), err);
    assert_ok(td_cluster_set_score(cl, TD_SCORE_SOURCE_FINAL, "m", "c", D("0"), &err), err);
    for (int e = 0; e < 2; e++) {
        td_result *res = td_test_evaluate(rb, cl, e ? TD_EXPLAIN_NONE : TD_EXPLAIN_ALL, 1, NULL);
        td_error got = eval_error(res, "min_share()");
        assert_int_equal(got.code, TD_EEVAL);
        assert_string_equal(got.message, "min_share() has no value: every criterion has max 0 in 'min_share()' at "
                                         "column 1");
        got = eval_error(res, "min_share('leaf')");
        assert_int_equal(got.code, TD_EEVAL);
        assert_contains(got.message, "has no value: every criterion has max 0");
        /* the section has a max: 0 / 10 */
        assert_share(res, "m", "min_share('section')", "0");
        td_result_free(res);
    }
    td_cluster_free(cl);
    td_rulebook_free(rb);
    rb = nest_build(deep, 4);
    assert_ok(td_cluster_new(&cl, "k", 2025, NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "m", NULL, &err), err);
    assert_ok(td_cluster_set_score(cl, TD_SCORE_SOURCE_FINAL, "m", "g", D("4"), &err), err);
    assert_ok(td_cluster_set_score(cl, TD_SCORE_SOURCE_FINAL, "m", "z", D("0"), &err), err);
    for (int e = 0; e < 2; e++) {
        td_result *res = td_test_evaluate(rb, cl, e ? TD_EXPLAIN_NONE : TD_EXPLAIN_ALL, 1, NULL);
        assert_share(res, "m", "min_share('leaf')", "0.8");
        td_error got = eval_error(res, "min_share('group')");
        assert_int_equal(got.code, TD_EEVAL);
        assert_string_equal(got.message, "min_share('group') has no value: no criterion or group directly below a "
                                         "section has a max above 0 in 'min_share('group')' at column 1");
        got = eval_error(res, "min_share('section')");
        assert_int_equal(got.code, TD_EEVAL);
        assert_string_equal(got.message, "min_share('section') has no value: no section has a max above 0 in "
                                         "'min_share('section')' at column 1");
        td_result_free(res);
    }
    td_rulebook_free(rb);
    /* found while classifying: the evaluation fails with it */
    td_rulebook_builder *b = NULL;
    assert_ok(nest_builder(&b, deep, 4, NULL, &err), err);
    td_decimal zero_min = td_decimal_zero();
    assert_ok(td_rulebook_builder_add_classification(b, "tot", NULL, &zero_min, &err), err);
    assert_ok(td_rulebook_builder_set_classification_when(b, "tot", "min_share('section') >= 0.5", &err), err);
    assert_ok(td_rulebook_builder_add_classification(b, "kem", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    for (int e = 0; e < 2; e++) {
        td_eval_options opts = TD_EVAL_OPTIONS_INIT;
        opts.explain = e ? TD_EXPLAIN_NONE : TD_EXPLAIN_ALL;
        td_result *res = NULL;
        assert_error(td_evaluate(&res, rb, cl, &opts, &err), TD_EEVAL, err,
                     "min_share('section') has no value: no section has a max above 0");
        assert_null(res);
    }
    td_rulebook_free(rb);
    td_cluster_free(cl);
}

/* ---- the base explanation ---- */

static void the_base_explanation_names_every_group(void **state)
{
    (void)state;
    td_rulebook *rb = nest_build(nest_table, NEST_LINES);
    td_error err;
    td_cluster *cl = NULL;
    assert_ok(nest_cluster(&cl, NULL, &err), err);
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_ON_DEMAND};
    for (size_t i = 0; i < 2; i++) {
        td_result *res = td_test_evaluate(rb, cl, modes[i], 1, NULL);
        size_t u1 = nest_member(res, "u1"), u2 = nest_member(res, "u2");
        assert_contains(td_result_member_explain(res, u1, TD_LANG_VI),
                        "điểm cơ bản = A min(45, 60) = 45 + B 32 = 77; nhóm tiêu chí: A1 min(20, 23) = 20, "
                        "A3 min(22, 24) = 22 (A31 min(12, 15) = 12), B1 min(27, 33) = 27; điểm thưởng = ");
        assert_contains(td_result_member_explain(res, u1, TD_LANG_EN),
                        "base = A min(45, 60) = 45 + B 32 = 77; groups of criteria: A1 min(20, 23) = 20, "
                        "A3 min(22, 24) = 22 (A31 min(12, 15) = 12), B1 min(27, 33) = 27; bonus = ");
        assert_contains(td_result_member_explain(res, u2, TD_LANG_VI),
                        "; nhóm tiêu chí: A1 10, A3 11 (A31 5), B1 12; điểm thưởng = ");
        assert_contains(td_result_member_explain(res, u2, TD_LANG_EN),
                        "; groups of criteria: A1 10, A3 11 (A31 5), B1 12; bonus = ");
        td_result_free(res);
    }
    td_result *res = td_test_evaluate(rb, cl, TD_EXPLAIN_NONE, 1, NULL);
    assert_null(td_result_member_explain(res, 0, TD_LANG_EN));
    td_result_free(res);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

/* A version 1 rulebook has no node, and its explanation no clause on groups. */
static void a_version_1_rulebook_has_no_nodes(void **state)
{
    (void)state;
    kit k;
    kit_init(&k, 2025);
    kit_member(&k, "a", "70");
    kit_run_ok(&k);
    assert_int_equal(td_rulebook_node_count(k.rb), 0);
    assert_null(td_rulebook_node_id(k.rb, 0));
    assert_int_equal(td_rulebook_criterion_parent(k.rb, 0), NONE);
    assert_decimal(td_result_node_points(k.res, 0, 0), "0");
    const char *en = td_result_member_explain(k.res, 0, TD_LANG_EN), *vi = td_result_member_explain(k.res, 0, TD_LANG_VI);
    assert_null(strstr(en, "groups of criteria"));
    assert_null(strstr(vi, "nhóm tiêu chí"));
    assert_contains(en, "base = S 70 = 70; bonus = ");
    assert_share(k.res, "a", "min_share()", "0.7");
    assert_share(k.res, "a", "min_share('group')", "0.7"); /* the criteria directly below S */
    td_error got = eval_error(k.res, "min_share('section')");
    assert_int_equal(got.code, TD_EEVAL); /* S has no max */
    size_t n;
    assert_error(td_rulebook_find_node(&n, k.rb, "S", &k.err), TD_ENOTFOUND, k.err, "S");
    kit_free(&k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nodes_add_up_and_are_capped_at_every_level),
        cmocka_unit_test(a_node_of_max_zero_and_a_criterion_in_it),
        cmocka_unit_test(bonus_stays_out_of_group_sums),
        cmocka_unit_test(criteria_and_nodes_are_numbered_in_rulebook_order),
        cmocka_unit_test(the_builder_refuses_bad_nodes),
        cmocka_unit_test(points_names_a_node_or_a_section),
        cmocka_unit_test(min_share_takes_a_level),
        cmocka_unit_test(min_share_skips_what_has_no_max),
        cmocka_unit_test(min_share_without_an_item_has_no_value),
        cmocka_unit_test(the_base_explanation_names_every_group),
        cmocka_unit_test(a_version_1_rulebook_has_no_nodes),
        cmocka_unit_test(node_ids_are_unique_across_the_rulebook),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
