/*
 * Rulebook 1.1, section 9 (nested score tables) against the machinery
 * every evaluation goes through: the 64-bit fast paths against the general
 * code (td_evaluate__general()) with numbers that fit and numbers beyond 64
 * bits, in every explanation mode; two threads against one; more group
 * nodes than the fast totals keep; and every allocation made to fail.
 */
#include <stdio.h>
#include <stdlib.h>

#include "model.h"
#include "nest_kit.h"
#include "td_test.h"

/* ---- the fast paths and threads against the general code ---- */

/* The nested rulebook with every max and manual point times 10^21 (beyond
 * 64 bits) when `huge`, a classification on min_share('group'), a ranking
 * key on a node and an award on a section, so that the expressions' fast
 * paths are crossed too. */
static td_rulebook *scaled_rulebook(bool huge)
{
    static char maxes[NEST_LINES][48];
    nest_line lines[NEST_LINES];
    for (size_t i = 0; i < NEST_LINES; i++) {
        lines[i] = nest_table[i];
        if (huge && nest_table[i].max != NULL) {
            snprintf(maxes[i], sizeof maxes[i], "%s000000000000000000000", nest_table[i].max);
            lines[i].max = maxes[i];
        }
    }
    td_error err;
    td_rulebook_builder *b = NULL;
    assert_ok(nest_builder(&b, lines, NEST_LINES, NULL, &err), err);
    td_decimal zero = td_decimal_zero();
    assert_ok(td_rulebook_builder_add_classification(b, "tot", NULL, &zero, &err), err);
    assert_ok(td_rulebook_builder_set_classification_when(b, "tot", "min_share('group') >= 0.6 and "
                                                                    "min_share('section') > 0.5",
                                                          &err),
              err);
    assert_ok(td_rulebook_builder_add_classification(b, "kem", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_ranking_key(b, "points(A3) + points(B1)", true, &err), err);
    assert_ok(td_rulebook_builder_add_ranking_key(b, "total", true, &err), err);
    assert_ok(td_rulebook_builder_add_award(b, "co", NULL, "points(B) >= points(A31) * 2", &err), err);
    td_rulebook *rb = NULL;
    assert_ok(td_rulebook_builder_build(&rb, b, &err), err);
    td_rulebook_builder_free(b);
    return rb;
}

/* `members` members "m0000".. with points spread over [0, max] of each
 * manual criterion (times 10^21 when `huge`) and p's actual 50 .. 149. */
static td_cluster *scaled_cluster(const td_rulebook *rb, size_t members, bool huge)
{
    td_error err;
    td_cluster *cl = NULL;
    assert_ok(td_cluster_new(&cl, "k", 2025, NULL, &err), err);
    for (size_t m = 0; m < members; m++) {
        char unit[32];
        snprintf(unit, sizeof unit, "m%04zu", m);
        assert_ok(td_cluster_add_member(cl, unit, NULL, &err), err);
        assert_ok(td_cluster_set_target(cl, unit, "p", td_decimal_from_int(100), &err), err);
        assert_ok(td_cluster_set_actual(cl, unit, "p", td_decimal_from_int(50 + (int64_t)(m * 37 % 100)), &err), err);
        for (size_t i = 0; i < 8; i++) {
            size_t c;
            assert_ok(td_rulebook_find_criterion(&c, rb, nest_manual_ids[i], &err), err);
            /* the max without its 21 zeros; points k / 2 with k = 0 .. 2 × max: 0 .. max by halves */
            char text[48];
            td_decimal_format(text, sizeof text, td_rulebook_criterion_max(rb, c));
            if (huge)
                text[strlen(text) - 21] = '\0';
            int64_t max = atoll(text), k = (int64_t)((m * (i + 3) + i) % (size_t)(2 * max + 1));
            char v[64];
            if (huge) /* k / 2 × 10^21 = 5k × 10^20 */
                snprintf(v, sizeof v, "%lld00000000000000000000", (long long)(5 * k));
            else
                snprintf(v, sizeof v, "%lld%s", (long long)(k / 2), k % 2 ? ".5" : "");
            assert_ok(td_cluster_set_score(cl, TD_SCORE_SOURCE_FINAL, unit, nest_manual_ids[i], D(v), &err), err);
        }
    }
    return cl;
}

static td_result *evaluate_way(const td_rulebook *rb, const td_cluster *cl, td_explain explain, bool general)
{
    td_eval_options opts = TD_EVAL_OPTIONS_INIT;
    opts.explain = explain;
    td_result *res = NULL;
    td_error err;
    if (general)
        assert_ok(td_evaluate__general(&res, rb, cl, &opts, &err), err);
    else
        assert_ok(td_evaluate(&res, rb, cl, &opts, &err), err);
    return res;
}

static void fast_paths_and_general_code_agree(void **state)
{
    (void)state;
    for (int huge = 0; huge < 2; huge++) {
        td_rulebook *rb = scaled_rulebook(huge);
        td_cluster *cl = scaled_cluster(rb, 60, huge);
        td_result *want = evaluate_way(rb, cl, TD_EXPLAIN_ALL, true);
        char *want_all = nest_dump(want, true), *want_numbers = nest_dump(want, false);
        static const struct {
            td_explain explain;
            bool general;
        } ways[] = {{TD_EXPLAIN_ALL, false}, {TD_EXPLAIN_NONE, false}, {TD_EXPLAIN_ON_DEMAND, false},
                    {TD_EXPLAIN_NONE, true}, {TD_EXPLAIN_ON_DEMAND, true}};
        for (size_t w = 0; w < sizeof ways / sizeof ways[0]; w++) {
            td_result *res = evaluate_way(rb, cl, ways[w].explain, ways[w].general);
            bool texts = ways[w].explain != TD_EXPLAIN_NONE;
            char *got = nest_dump(res, texts);
            if (strcmp(got, texts ? want_all : want_numbers) != 0)
                fail_msg("huge %d, way %zu: another result:\n%s\n---\n%s", huge, w, texts ? want_all : want_numbers,
                         got);
            free(got);
            /* ordinary numbers never leave the fast paths; 10^21 does */
            if (w == 1) {
                if (huge)
                    assert_true(atomic_load(&res->general_path) > 0);
                else
                    assert_int_equal(atomic_load(&res->general_path), 0);
            }
            td_result_free(res);
        }
        /* the classes, ranks and awards are not all alike: the comparison compares something */
        size_t tot = 0, co = 0;
        for (size_t m = 0; m < td_result_member_count(want); m++) {
            tot += strcmp(td_result_member_classification(want, m), "tot") == 0;
            co += td_result_award_status(want, m, 0) == TD_AWARD_SELECTED;
        }
        if (!(tot > 0 && tot < td_result_member_count(want)))
            fail_msg("huge %d: %zu of %zu members 'tot'\n%s", huge, tot, td_result_member_count(want), want_numbers);
        assert_true(co > 0 && co < td_result_member_count(want));
        /* spot check of the huge case: the first member's numbers are the ordinary ones times 10^21 */
        if (huge) {
            td_rulebook *small = scaled_rulebook(false);
            td_cluster *scl = scaled_cluster(small, 1, false);
            td_result *s = evaluate_way(small, scl, TD_EXPLAIN_NONE, false);
            size_t m = nest_member(want, "m0000");
            td_decimal scale = D("1000000000000000000000"), v;
            td_error e;
            for (size_t n = 0; n < 4; n++) {
                assert_ok(td_decimal_mul(&v, td_result_node_points(s, 0, n), scale, &e), e);
                assert_int_equal(td_decimal_cmp(v, td_result_node_points(want, m, n)), 0);
                assert_ok(td_decimal_mul(&v, td_result_node_sum(s, 0, n), scale, &e), e);
                assert_int_equal(td_decimal_cmp(v, td_result_node_sum(want, m, n)), 0);
            }
            assert_ok(td_decimal_mul(&v, td_result_member_base(s, 0), scale, &e), e);
            assert_int_equal(td_decimal_cmp(v, td_result_member_base(want, m)), 0);
            assert_false(td_decimal_is_zero(v));
            td_result_free(s);
            td_cluster_free(scl);
            td_rulebook_free(small);
        }
        free(want_all);
        free(want_numbers);
        td_result_free(want);
        td_cluster_free(cl);
        td_rulebook_free(rb);
    }
}

/* Two ranges of 512 members and more: a second thread evaluates; the same result. */
static void threads_give_the_same_result(void **state)
{
    (void)state;
    td_rulebook *rb = scaled_rulebook(false);
    td_cluster *cl = scaled_cluster(rb, 1100, false);
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE, TD_EXPLAIN_ON_DEMAND};
    for (size_t e = 0; e < 3; e++) {
        bool texts = modes[e] != TD_EXPLAIN_NONE;
        td_result *one = td_test_evaluate(rb, cl, modes[e], 1, NULL);
        td_result *two = td_test_evaluate(rb, cl, modes[e], 2, NULL);
        assert_int_equal(two->arena_count, 1); /* one thread beside the calling one */
        char *a = nest_dump(one, texts), *b = nest_dump(two, texts);
        if (strcmp(a, b) != 0)
            fail_msg("2 threads (explain %d) give another result", (int)modes[e]);
        free(a);
        free(b);
        td_result_free(one);
        td_result_free(two);
    }
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

/* More nodes than the 64-bit totals keep (64): the general code adds them up, alike. */
static void many_nodes_give_the_same_totals(void **state)
{
    (void)state;
    enum { NODES = 70 };
    static char ids[NODES][2][16];
    nest_line lines[1 + 2 * NODES];
    lines[0] = (nest_line){'S', NULL, "S", NULL};
    for (size_t i = 0; i < NODES; i++) {
        snprintf(ids[i][0], sizeof ids[i][0], "G%02zu", i);
        snprintf(ids[i][1], sizeof ids[i][1], "g%02zu", i);
        lines[1 + 2 * i] = (nest_line){'N', "S", ids[i][0], "1"};
        lines[2 + 2 * i] = (nest_line){'C', ids[i][0], ids[i][1], "2"};
    }
    td_rulebook *rb = nest_build(lines, 1 + 2 * NODES);
    td_error err;
    td_cluster *cl = NULL;
    assert_ok(td_cluster_new(&cl, "k", 2025, NULL, &err), err);
    assert_ok(td_cluster_add_member(cl, "u", NULL, &err), err);
    for (size_t i = 0; i < NODES; i++)
        assert_ok(td_cluster_set_score(cl, TD_SCORE_SOURCE_FINAL, "u", ids[i][1], D(i % 2 ? "2" : "0.5"), &err),
                  err);
    td_result *general = evaluate_way(rb, cl, TD_EXPLAIN_NONE, true);
    td_result *fast = evaluate_way(rb, cl, TD_EXPLAIN_NONE, false);
    char *a = nest_dump(general, false), *b = nest_dump(fast, false);
    assert_string_equal(a, b);
    free(a);
    free(b);
    /* 35 nodes of 2 → 1 and 35 of 0.5 */
    assert_decimal(td_result_node_points(fast, 0, 69), "1");
    assert_decimal(td_result_node_points(fast, 0, 68), "0.5");
    assert_decimal(td_result_member_total(fast, 0), "52.5");
    td_result_free(general);
    td_result_free(fast);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

/* ---- allocation failure ---- */

static td_status nest_full_run(const td_allocator *alloc, td_explain explain, char **out, td_error *err)
{
    td_rulebook_builder *b = NULL;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    td_decimal zero = td_decimal_zero();
    td_status rc = nest_builder(&b, nest_table, NEST_LINES, alloc, err);
    if (rc == TD_OK)
        rc = td_rulebook_builder_add_classification(b, "tot", NULL, &zero, err);
    if (rc == TD_OK)
        rc = td_rulebook_builder_set_classification_when(b, "tot", "min_share('group') >= 0.5", err);
    if (rc == TD_OK)
        rc = td_rulebook_builder_add_classification(b, "kem", NULL, NULL, err);
    if (rc == TD_OK)
        rc = td_rulebook_builder_add_award(b, "co", NULL, "points(B1) > 20 and points(A) >= 45", err);
    if (rc == TD_OK)
        rc = td_rulebook_builder_build(&rb, b, err);
    td_rulebook_builder_free(b);
    if (rc == TD_OK)
        rc = nest_cluster(&cl, alloc, err);
    if (rc == TD_OK) {
        td_eval_options opts = TD_EVAL_OPTIONS_INIT;
        opts.allocator = alloc;
        opts.explain = explain;
        rc = td_evaluate(&res, rb, cl, &opts, err);
    }
    td_rulebook_free(rb);
    td_cluster_free(cl);
    if (rc == TD_OK)
        *out = nest_dump(res, explain != TD_EXPLAIN_NONE);
    td_result_free(res);
    return rc;
}

static void every_allocation_failure_is_reported(void **state)
{
    (void)state;
    static const td_explain modes[] = {TD_EXPLAIN_ALL, TD_EXPLAIN_NONE};
    for (size_t e = 0; e < 2; e++) {
        td_error err;
        test_alloc counting;
        test_alloc_init(&counting, 0);
        char *reference = NULL;
        assert_ok(nest_full_run(&counting.allocator, modes[e], &reference, &err), err);
        assert_int_equal(counting.live, 0);
        size_t total = counting.calls;
        assert_true(total > 30);
        assert_non_null(strstr(reference, "node A31 12 of 15\n"));
        size_t failures = 0;
        for (size_t n = 1; n <= total; n++) {
            test_alloc t;
            test_alloc_init(&t, n);
            char *got = NULL;
            td_error_clear(&err);
            td_status rc = nest_full_run(&t.allocator, modes[e], &got, &err);
            if (t.live != 0)
                fail_msg("allocation %zu of %zu failing leaks %ld blocks", n, total, t.live);
            if (rc == TD_OK) {
                assert_string_equal(got, reference);
            } else {
                if (rc != TD_ENOMEM || err.code != TD_ENOMEM)
                    fail_msg("allocation %zu failing gave %d (%s), not TD_ENOMEM", n, rc, err.message);
                failures++;
            }
            free(got);
        }
        assert_true(failures > 0);
        print_message("explain %d: %zu allocations, %zu failures reported\n", (int)modes[e], total, failures);
        free(reference);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fast_paths_and_general_code_agree),
        cmocka_unit_test(threads_give_the_same_result),
        cmocka_unit_test(many_nodes_give_the_same_totals),
        cmocka_unit_test(every_allocation_failure_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
