/*
 * Allocation failure: for every N, make the Nth allocation of a full
 * build + evaluation fail. Each run must either report TD_ENOMEM or succeed
 * with exactly the reference result, and must leave no block allocated.
 *
 * Two workloads: the scoring fixture (every rule kind, caps, adjustments,
 * rotation) and the awards fixture (the expression language in every
 * place it is used, awards with quotas, exclusion, order and award()
 * prerequisites, history with predecessors, events).
 */
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"
#include "td_test.h"

typedef td_status (*make_rulebook)(td_rulebook **out, const td_allocator *alloc, td_error *err);
typedef td_status (*make_cluster)(td_cluster **out, const td_allocator *alloc, td_error *err);

typedef struct workload {
    make_rulebook rulebook;
    make_cluster cluster;
    td_explain explain;
} workload;

/* Builds the workload's rulebook and cluster and evaluates them, all through
 * `alloc`; on success *dump receives fixture_dump() of the result. */
static td_status full_run(const workload *w, const td_allocator *alloc, char **dump, td_error *err)
{
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    td_eval_options opts = TD_EVAL_OPTIONS_INIT;
    opts.allocator = alloc;
    opts.explain = w->explain;
    td_status rc = w->rulebook(&rb, alloc, err);
    if (rc == TD_OK)
        rc = w->cluster(&cl, alloc, err);
    if (rc == TD_OK)
        rc = td_evaluate(&res, rb, cl, &opts, err);
    /* Free the rulebook before the result: the result must keep it alive. */
    td_rulebook_free(rb);
    td_cluster_free(cl);
    if (rc == TD_OK)
        *dump = w->explain == TD_EXPLAIN_NONE ? fixture_dump_numbers(res) : fixture_dump(res);
    td_result_free(res);
    return rc;
}

static void sweep(const workload *w, size_t min_allocations)
{
    td_error err;
    test_alloc counting;
    test_alloc_init(&counting, 0);
    char *reference = NULL;
    assert_ok(full_run(w, &counting.allocator, &reference, &err), err);
    assert_int_equal(counting.live, 0);
    size_t total = counting.calls;
    if (total < min_allocations) /* the sweep must cover a real amount of work */
        fail_msg("a full run made only %zu allocations", total);
    print_message("sweeping %zu allocations\n", total);

    size_t failures = 0, recovered = 0;
    for (size_t n = 1; n <= total; n++) {
        test_alloc t;
        test_alloc_init(&t, n);
        char *dump = NULL;
        td_error_clear(&err);
        td_status rc = full_run(w, &t.allocator, &dump, &err);
        if (t.live != 0)
            fail_msg("allocation %zu of %zu failing leaks %ld blocks", n, total, t.live);
        if (rc == TD_OK) {
            /* A failure absorbed on the way (none is expected) must not change the result. */
            assert_non_null(dump);
            assert_string_equal(dump, reference);
            recovered++;
        } else {
            if (rc != TD_ENOMEM)
                fail_msg("allocation %zu failing gave %d (%s), not TD_ENOMEM", n, rc, err.message);
            assert_int_equal(err.code, TD_ENOMEM);
            failures++;
        }
        free(dump);
    }
    assert_int_equal(failures + recovered, total);
    assert_true(failures > 0);
    free(reference);
}

/* A rulebook whose definitions outgrow one block of the compiled
 * rulebook's arena, so that copying its arrays and its measure table are
 * allocations of their own that the sweep makes fail. */
#define WIDE_CRITERIA 24

static td_status wide_rulebook(td_rulebook **out, const td_allocator *alloc, td_error *err)
{
    td_rulebook_builder *b = NULL;
    td_status rc = td_rulebook_builder_new(&b, "wide", alloc, err);
    if (rc != TD_OK)
        return rc;
    td_decimal ten = td_decimal_from_int(10), one = td_decimal_from_int(1);
    /* the measure table is sized by the formulas' length: a long one makes
     * it a block of its own */
    char spread[1300] = "rate2 - rate";
    for (int i = 0; i < 250; i++)
        strcat(spread, " + 0");
    if ((rc = td_rulebook_builder_add_measure(b, "rate", "done / planned", err)) ||
        (rc = td_rulebook_builder_add_measure(b, "rate2", "rate * 2", err)) ||
        (rc = td_rulebook_builder_add_measure(b, "spread", spread, err)) ||
        (rc = td_rulebook_builder_add_section(b, "S", NULL, NULL, err)))
        goto done;
    for (int i = 0; i < WIDE_CRITERIA && rc == TD_OK; i++) {
        char id[16];
        snprintf(id, sizeof id, "c%02d", i);
        if ((rc = td_rulebook_builder_add_criterion(b, "S", id, NULL, ten, err)) == TD_OK &&
            (rc = td_rulebook_builder_set_measure(b, id, i % 2 == 0 ? "rate" : "rate2", err)) == TD_OK)
            rc = tr_rule_proportional(b, id, one, err);
    }
    if (rc == TD_OK)
        rc = td_rulebook_builder_build(out, b, err);
done:
    td_rulebook_builder_free(b);
    return rc;
}

static td_status wide_cluster(td_cluster **out, const td_allocator *alloc, td_error *err)
{
    static const char *const ids[] = {"u1", "u2"};
    td_cluster *c = NULL;
    td_status rc = td_cluster_new(&c, "cum-wide", 2024, alloc, err);
    for (size_t m = 0; m < 2 && rc == TD_OK; m++) {
        static const char *const measures[] = {"done", "planned"};
        rc = td_cluster_add_member(c, ids[m], NULL, err);
        for (size_t k = 0; k < 2 && rc == TD_OK; k++) {
            td_decimal v = td_decimal_from_int((int64_t)(10 + m + k));
            if ((rc = td_cluster_set_target(c, ids[m], measures[k], v, err)) == TD_OK)
                rc = td_cluster_set_actual(c, ids[m], measures[k], v, err);
        }
    }
    if (rc == TD_OK) {
        *out = c;
        c = NULL;
    }
    td_cluster_free(c);
    return rc;
}

/* Rulebook 1.1: inputs, parameters (set again by the data), titles, a
 * measure derived on one side, history over a list and since(), and a quota
 * counted on an earlier award. */
static td_status v11_rulebook(td_rulebook **out, const td_allocator *alloc, td_error *err)
{
    td_rulebook_builder *b = NULL;
    td_status rc = td_rulebook_builder_new(&b, "v11", alloc, err);
    if (rc != TD_OK)
        return rc;
    td_decimal ten = td_decimal_from_int(10);
    if ((rc = td_rulebook_builder_add_input(b, "months", err)) ||
        (rc = td_rulebook_builder_add_parameter(b, "min_months", ten, err)) ||
        (rc = td_rulebook_builder_add_title(b, "cstdcs", "Chiến sĩ thi đua cơ sở", err)) ||
        (rc = td_rulebook_builder_add_measure_sides(b, "rate", NULL, "done / planned", err)) ||
        (rc = td_rulebook_builder_add_section(b, "S", NULL, NULL, err)) ||
        (rc = td_rulebook_builder_add_criterion(b, "S", "rate", NULL, ten, err)) ||
        (rc = tr_rule_proportional(b, "rate", td_decimal_from_int(1), err)) ||
        (rc = td_rulebook_builder_add_award(b, "ldtt", NULL, "actual(months, 0) >= min_months", err)) ||
        (rc = td_rulebook_builder_add_award(b, "cstd", NULL,
                                            "award('ldtt') and history(['cstdcs', 'ldtt'], 3) >= 1 and "
                                            "since('cstdcs', 9) <= 2",
                                            err)) ||
        (rc = td_rulebook_builder_set_award_quota_percent(b, "cstd", td_decimal_from_int(50), TD_ROUNDING_CEIL, 0,
                                                          err)) ||
        (rc = td_rulebook_builder_set_award_quota_of(b, "cstd", "ldtt", err)))
        goto done;
    rc = td_rulebook_builder_build(out, b, err);
done:
    td_rulebook_builder_free(b);
    return rc;
}

static td_status v11_cluster(td_cluster **out, const td_allocator *alloc, td_error *err)
{
    static const char *const ids[] = {"u1", "u2", "u3"};
    td_cluster *c = NULL;
    td_status rc = td_cluster_new(&c, "cum-v11", 2025, alloc, err);
    for (size_t m = 0; m < 3 && rc == TD_OK; m++) {
        if ((rc = td_cluster_add_member(c, ids[m], NULL, err)) ||
            (rc = td_cluster_set_target(c, ids[m], "rate", td_decimal_from_int(1), err)) ||
            (rc = td_cluster_set_actual(c, ids[m], "done", td_decimal_from_int((int64_t)(8 + m)), err)) ||
            (rc = td_cluster_set_actual(c, ids[m], "planned", td_decimal_from_int(10), err)) ||
            (rc = td_cluster_set_actual(c, ids[m], "months", td_decimal_from_int((int64_t)(9 + m)), err)) ||
            (rc = td_cluster_add_history(c, ids[m], 2024, "cstdcs", err)))
            break;
    }
    if (rc == TD_OK)
        rc = td_cluster_set_parameter(c, "min_months", td_decimal_from_int(9), err);
    if (rc == TD_OK) {
        *out = c;
        c = NULL;
    }
    td_cluster_free(c);
    return rc;
}

static void rulebook_1_1_survives_every_allocation_failure(void **state)
{
    (void)state;
    const workload all = {v11_rulebook, v11_cluster, TD_EXPLAIN_ALL};
    sweep(&all, 30);
    const workload none = {v11_rulebook, v11_cluster, TD_EXPLAIN_NONE};
    sweep(&none, 30);
}

static void every_allocation_failure_is_reported_and_leaks_nothing(void **state)
{
    (void)state;
    const workload w = {fixture_rulebook, fixture_cluster, TD_EXPLAIN_ALL};
    sweep(&w, 20);
}

static void expressions_and_awards_survive_every_allocation_failure(void **state)
{
    (void)state;
    const workload w = {fixture_awards_rulebook, fixture_awards_cluster, TD_EXPLAIN_ALL};
    sweep(&w, 50);
}

static void evaluation_without_explanations_survives_every_allocation_failure(void **state)
{
    (void)state;
    const workload w = {fixture_awards_rulebook, fixture_awards_cluster, TD_EXPLAIN_NONE};
    sweep(&w, 40);
}

static void a_rulebook_larger_than_an_arena_block_survives_every_allocation_failure(void **state)
{
    (void)state;
    const workload w = {wide_rulebook, wide_cluster, TD_EXPLAIN_ALL};
    sweep(&w, 30);
}

/* The awards fixture decides what it is meant to exercise: otherwise the
 * sweep above would cover less than it claims. */
static void the_awards_fixture_reaches_every_status(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    assert_ok(fixture_awards_rulebook(&rb, NULL, &err), err);
    assert_ok(fixture_awards_cluster(&cl, NULL, &err), err);
    assert_ok(td_evaluate(&res, rb, cl, NULL, &err), err);
    bool seen[5] = {false};
    for (size_t m = 0; m < td_result_member_count(res); m++)
        for (size_t a = 0; a < td_result_award_count(res); a++)
            seen[td_result_award_status(res, m, a)] = true;
    for (int s = 0; s < 5; s++)
        if (!seen[s] && s != TD_AWARD_TIE_AT_QUOTA)
            fail_msg("no member is %s", td_award_status_name((td_award_status)s));
    assert_string_equal(td_result_next_leader(res), "u4");
    td_result_free(res);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_awards_fixture_reaches_every_status),
        cmocka_unit_test(every_allocation_failure_is_reported_and_leaks_nothing),
        cmocka_unit_test(rulebook_1_1_survives_every_allocation_failure),
        cmocka_unit_test(expressions_and_awards_survive_every_allocation_failure),
        cmocka_unit_test(evaluation_without_explanations_survives_every_allocation_failure),
        cmocka_unit_test(a_rulebook_larger_than_an_arena_block_survives_every_allocation_failure),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
