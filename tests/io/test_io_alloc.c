/*
 * Allocation failure while loading: for every N, make the Nth allocation of
 * loading a rulebook and data (YAML, JSON and CSV) and evaluating them
 * fail. Each run must report TD_ENOMEM or give the reference result, and
 * must leave no block allocated. (libyaml allocates with malloc of its
 * own; those allocations are not part of the sweep.) The expressions'
 * origins (their places in the rulebook text, an escape breaking one of
 * them into two runs) are copied under the failing allocator too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "td_test.h"

static const char rulebook[] =
    "thidua: 1\nid: sweep\nname: \"Quét\"\nmeasures:\n  rate: done / planned\n"
    "sections:\n  - id: A\n    max: 20\n    criteria:\n"
    "      - {id: rate, name: \"Tỷ lệ\", max: 10, rule: {kind: threshold, at: 90%}}\n"
    "      - {id: planned, max: 10, rule: {kind: proportional}, bonus: {per: 5, points: 1, max: 2}}\n"
    "      - {id: review, max: 5, rule: {kind: manual}}\n"
    "      - {id: ex, measure: planned, max: 5, rule: {kind: expr, expr: \"min(5,\\tevents('flag') * 2)\"}}\n"
    "  - id: B\n    criteria:\n"
    "      - {id: share, max: 4, rule: {kind: bands, of: actual, bands: [{at: 80%, points: 4}, {at: 0, points: 2}]}}\n"
    "adjustments:\n  - {id: flag, kind: bonus, points: 1, max: 2}\n"
    "classification:\n  - {id: good, min: 15, when: \"all_met()\"}\n  - {id: other}\n"
    "ranking: {by: [\"total desc\", \"count_met() desc\"]}\n"
    "awards:\n  - {id: prize, when: \"rank == 1\", quota: {count: 1}}\n"
    "leader: {rule: rotation, order: [\"Ta\xCC\x82n\", b]}\n";

static const char header[] =
    "{\"thidua\": 1, \"period\": 2023, \"cluster\": {\"id\": \"c\", \"leader\": \"T\xC3\xA2n\", "
    "\"members\": [{\"id\": \"T\xC3\xA2n\", \"name\": \"\xC4\x90\xC6\xA1n v\xE1\xBB\x8B A\"}, \"b\"]},"
    " \"scores\": {\"final\": {\"T\xC3\xA2n\": {\"review\": 4}, \"b\": {\"review\": 5}}},"
    " \"events\": [{\"unit\": \"b\", \"item\": \"flag\"}]}";

static const char values[] =
    "unit;measure;target;actual\r\n"
    "\"\xC4\x90o\xCC\x9Bn vi\xCC\xA3 A\";planned;100;110\r\n"
    "\"\xC4\x90o\xCC\x9Bn vi\xCC\xA3 A\";done;90;99\r\n"
    "b;planned;100;95\r\nb;done;90;80\r\n"
    "\"\xC4\x90o\xCC\x9Bn vi\xCC\xA3 A\";share;;0.85\r\nb;share;;0.7\r\n";

static td_status full_run(const td_allocator *alloc, char **dump, td_error *err)
{
    td_load_options opts = TD_LOAD_OPTIONS_INIT;
    opts.allocator = alloc;
    td_eval_options eopts = TD_EVAL_OPTIONS_INIT;
    eopts.allocator = alloc;
    td_rulebook *rb = NULL;
    td_dataset *ds = NULL;
    td_cluster *cl = NULL;
    td_result *res = NULL;
    td_status rc = td_rulebook_load_string(&rb, rulebook, strlen(rulebook), "r.yaml", &opts, err);
    if (rc == TD_OK)
        rc = td_dataset_new(&ds, &opts, err);
    if (rc == TD_OK)
        rc = td_dataset_add_string(ds, values, strlen(values), "v.csv", TD_DOC_FORMAT_AUTO, err);
    if (rc == TD_OK)
        rc = td_dataset_add_string(ds, header, strlen(header), "h.json", TD_DOC_FORMAT_AUTO, err);
    if (rc == TD_OK) { /* a refused document on the way must not disturb anything */
        td_status again = td_dataset_add_string(ds, values, strlen(values), "again.csv", TD_DOC_FORMAT_AUTO, err);
        if (again == TD_ENOMEM)
            rc = again;
        else if (again != TD_EEXISTS)
            fail_msg("adding the values twice gave %d: %s", again, err->message);
    }
    if (rc == TD_OK)
        rc = td_dataset_to_cluster(&cl, ds, rb, err);
    if (rc == TD_OK)
        rc = td_evaluate(&res, rb, cl, &eopts, err);
    if (rc == TD_OK)
        *dump = fixture_dump(res);
    td_result_free(res);
    td_cluster_free(cl);
    td_dataset_free(ds);
    td_rulebook_free(rb);
    return rc;
}

static void every_allocation_failure_while_loading_is_reported(void **state)
{
    (void)state;
    td_error err;
    test_alloc counting;
    test_alloc_init(&counting, 0);
    char *reference = NULL;
    assert_ok(full_run(&counting.allocator, &reference, &err), err);
    assert_int_equal(counting.live, 0);
    size_t total = counting.calls;
    if (total < 100)
        fail_msg("loading made only %zu allocations", total);
    print_message("sweeping %zu allocations\n", total);
    assert_non_null(strstr(reference, "T\xC3\xA2n 1"));
    assert_non_null(strstr(reference, "actual 0.85 ≥ 0.8 → band 1 = 4.00"));
    for (size_t n = 1; n <= total; n++) {
        test_alloc t;
        test_alloc_init(&t, n);
        char *dump = NULL;
        td_error_clear(&err);
        td_status rc = full_run(&t.allocator, &dump, &err);
        if (t.live != 0)
            fail_msg("allocation %zu of %zu failing leaks %ld blocks", n, total, t.live);
        if (rc == TD_OK) {
            assert_non_null(dump);
            assert_string_equal(dump, reference);
            free(dump);
        } else if (rc != TD_ENOMEM || err.code != TD_ENOMEM) {
            fail_msg("allocation %zu of %zu failing gave %d: %s", n, total, rc, err.message);
        }
    }
    free(reference);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_allocation_failure_while_loading_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
