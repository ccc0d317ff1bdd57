/*
 * Allocation failure: for every N, make the Nth allocation of a full
 * build + evaluation fail. Each run must either report TD_ENOMEM or succeed
 * with exactly the reference result, and must leave no block allocated.
 */
#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"
#include "td_test.h"

/* Builds the fixture rulebook and cluster and evaluates them, all through
 * `alloc`; on success *dump receives fixture_dump() of the result. */
static td_status full_run(const td_allocator *alloc, char **dump, td_error *err)
{
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    td_eval_options opts = TD_EVAL_OPTIONS_INIT;
    opts.allocator = alloc;
    td_status rc = fixture_rulebook(&rb, alloc, err);
    if (rc == TD_OK)
        rc = fixture_cluster(&cl, alloc, err);
    if (rc == TD_OK)
        rc = td_evaluate(&res, rb, cl, &opts, err);
    /* Free the rulebook before the result: the result must keep it alive. */
    td_rulebook_free(rb);
    td_cluster_free(cl);
    if (rc == TD_OK)
        *dump = fixture_dump(res);
    td_result_free(res);
    return rc;
}

static void every_allocation_failure_is_reported_and_leaks_nothing(void **state)
{
    (void)state;
    td_error err;
    test_alloc counting;
    test_alloc_init(&counting, 0);
    char *reference = NULL;
    assert_ok(full_run(&counting.allocator, &reference, &err), err);
    assert_int_equal(counting.live, 0);
    size_t total = counting.calls;
    if (total < 20) /* the sweep below must cover a real amount of work */
        fail_msg("a full run made only %zu allocations", total);
    print_message("sweeping %zu allocations\n", total);

    size_t failures = 0, recovered = 0;
    for (size_t n = 1; n <= total; n++) {
        test_alloc t;
        test_alloc_init(&t, n);
        char *dump = NULL;
        td_error_clear(&err);
        td_status rc = full_run(&t.allocator, &dump, &err);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_allocation_failure_is_reported_and_leaks_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
