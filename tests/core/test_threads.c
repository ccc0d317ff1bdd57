/*
 * td_eval_options::threads: the result (every number, status and
 * explanation) and the error of a failure are the same for every count.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"
#include "model.h"
#include "scheme.h"
#include "td_test.h"

/* Enough members for four threads of TD_MEMBERS_PER_THREAD (512) each,
 * and a range split that is not even. */
#define MEMBERS 2100

static void same_result_for_every_thread_count(void **state)
{
    (void)state;
    /* every rule kind, ties, awards with quotas, classification */
    /* under valgrind: 1,100 members (two ranges), every rule kind once */
    bool quick = td_test_quick();
    size_t criteria = quick ? K_COUNT : K_COUNT * 2, members = quick ? 1100 : MEMBERS;
    td_rulebook *rb = bench_rulebook(criteria);
    td_cluster *cl = bench_cluster(members, criteria);
    for (int e = 0; e < 3; e++) {
        /* on demand, the texts are rendered when the dump asks: those of ALL */
        td_explain explain = e == 0 ? TD_EXPLAIN_ALL : e == 1 ? TD_EXPLAIN_NONE : TD_EXPLAIN_ON_DEMAND;
        td_result *one = td_test_evaluate(rb, cl, e == 2 ? TD_EXPLAIN_ALL : explain, 1, NULL);
        char *want = fixture_dump(one);
        assert_true(strlen(want) > 50000);
        static const unsigned counts[] = {0, 2, 3, 4, 8, 64};
        /* the threads beside the calling one: at most MEMBERS / 512 in all */
        static const size_t workers[] = {0, 1, 2, 3, 3, 3};
        /* under valgrind, which runs threads one at a time: 2 */
        size_t from = quick ? 1 : 0, to = quick ? 2 : sizeof counts / sizeof counts[0];
        for (size_t i = from; i < to; i++) {
            td_result *res = td_test_evaluate(rb, cl, explain, counts[i], NULL);
            /* each kept its texts in an arena of its own */
            assert_int_equal(res->arena_count, quick ? 1 : workers[i]);
            char *got = fixture_dump(res);
            if (strcmp(got, want) != 0)
                fail_msg("%u threads (explain %d) give another result", counts[i], (int)explain);
            free(got);
            td_result_free(res);
        }
        free(want);
        td_result_free(one);
    }
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

/* A cluster of MEMBERS members "u0000".. on a manual criterion and a
 * proportional one; the members in `missing` have no manual points. */
static void manual_case(td_rulebook **rb, td_cluster **cl, const size_t *missing, size_t missing_count)
{
    td_error err;
    td_rulebook_builder *b = NULL;
    assert_ok(td_rulebook_builder_new(&b, "m", NULL, &err), err);
    assert_ok(td_rulebook_builder_add_section(b, "S", NULL, NULL, &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "S", "p", NULL, D("10"), &err), err);
    assert_ok(tr_rule_proportional(b, "p", D("1"), &err), err);
    assert_ok(td_rulebook_builder_add_criterion(b, "S", "rep", NULL, D("10"), &err), err);
    assert_ok(tr_rule_manual(b, "rep", &err), err);
    assert_ok(td_rulebook_builder_build(rb, b, &err), err);
    td_rulebook_builder_free(b);
    assert_ok(td_cluster_new(cl, "k", 2024, NULL, &err), err);
    for (size_t m = 0; m < MEMBERS; m++) {
        char id[16];
        snprintf(id, sizeof id, "u%04zu", m);
        assert_ok(td_cluster_add_member(*cl, id, NULL, &err), err);
        assert_ok(td_cluster_set_target(*cl, id, "p", td_decimal_from_int(100), &err), err);
        assert_ok(td_cluster_set_actual(*cl, id, "p", td_decimal_from_int((int64_t)(m % 120)), &err), err);
        bool skip = false;
        for (size_t k = 0; k < missing_count; k++)
            skip |= missing[k] == m;
        if (!skip)
            assert_ok(td_cluster_set_score(*cl, TD_SCORE_SOURCE_FINAL, id, "rep", D("7.5"), &err), err);
    }
}

/* The failing member reported is the first in member order, whichever
 * thread met it. */
static void a_failure_names_the_first_failing_member_for_every_thread_count(void **state)
{
    (void)state;
    static const struct {
        size_t missing[2];
        size_t count;
        const char *unit;
    } cases[] = {
        {{700, 1900}, 2, "'u0700'"}, /* in the second and the fourth of four ranges */
        {{1900, 0}, 1, "'u1900'"},   /* the last range only */
        {{5, 2000}, 2, "'u0005'"},   /* the calling thread's range first */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        td_rulebook *rb = NULL;
        td_cluster *cl = NULL;
        manual_case(&rb, &cl, cases[i].missing, cases[i].count);
        static const unsigned counts[] = {1, 2, 4};
        for (size_t t = 0; t < 3; t++) {
            td_eval_options opts = TD_EVAL_OPTIONS_INIT;
            opts.threads = counts[t];
            td_result *res = NULL;
            td_error err;
            assert_error(td_evaluate(&res, rb, cl, &opts, &err), TD_EDATA, err, cases[i].unit);
            assert_non_null(strstr(err.message, "has no points for manual criterion 'rep'"));
            assert_null(res);
        }
        td_cluster_free(cl);
        td_rulebook_free(rb);
    }
}

/* Below two ranges of TD_MEMBERS_PER_THREAD members no thread starts: a
 * small cluster gives its result as in one thread. */
static void a_small_cluster_is_evaluated_as_in_one_thread(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    assert_ok(fixture_awards_rulebook(&rb, NULL, &err), err);
    assert_ok(fixture_awards_cluster(&cl, NULL, &err), err);
    td_result *one = td_test_evaluate(rb, cl, TD_EXPLAIN_ALL, 1, NULL);
    td_result *many = td_test_evaluate(rb, cl, TD_EXPLAIN_ALL, 16, NULL);
    char *a = fixture_dump(one), *b = fixture_dump(many);
    assert_string_equal(a, b);
    free(a);
    free(b);
    td_result_free(one);
    td_result_free(many);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_result_for_every_thread_count),
        cmocka_unit_test(a_failure_names_the_first_failing_member_for_every_thread_count),
        cmocka_unit_test(a_small_cluster_is_evaluated_as_in_one_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
