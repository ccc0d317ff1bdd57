/*
 * td_eval_options::explain: a result evaluated with TD_EXPLAIN_NONE has
 * every number of the explained one and no text at all.
 */
#include <stdlib.h>

#include "fixture.h"
#include "td_test.h"

typedef td_status (*make_rulebook)(td_rulebook **out, const td_allocator *alloc, td_error *err);
typedef td_status (*make_cluster)(td_cluster **out, const td_allocator *alloc, td_error *err);

static td_result *evaluate(const td_rulebook *rb, const td_cluster *cl, td_explain explain,
                           const td_allocator *alloc)
{
    td_eval_options opts;
    assert_int_equal(td_eval_options_init(&opts, TD_EVAL_OPTIONS_VERSION), TD_OK);
    opts.explain = explain;
    opts.allocator = alloc;
    td_result *res = NULL;
    td_error err;
    assert_ok(td_evaluate(&res, rb, cl, &opts, &err), err);
    return res;
}

/* Asserts that no explanation accessor of `res` gives a text, for any
 * member, criterion, award and language. */
static void assert_no_text(const td_result *res)
{
    assert_false(td_result_has_explanations(res));
    for (int l = 0; l < 2; l++) {
        td_lang lang = (td_lang)l;
        assert_null(td_result_leader_explain(res, lang));
        for (size_t a = 0; a < td_result_award_count(res); a++)
            assert_null(td_result_award_quota_explain(res, a, lang));
        for (size_t m = 0; m < td_result_member_count(res); m++) {
            assert_null(td_result_member_explain(res, m, lang));
            assert_null(td_result_classification_explain(res, m, lang));
            assert_null(td_result_rank_explain(res, m, lang));
            for (size_t c = 0; c < td_result_criterion_count(res); c++)
                assert_null(td_result_criterion_explain(res, m, c, lang));
            for (size_t a = 0; a < td_result_award_count(res); a++)
                assert_null(td_result_award_explain(res, m, a, lang));
        }
    }
}

static void same_numbers_without_text(make_rulebook make_rb, make_cluster make_cl)
{
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    assert_ok(make_rb(&rb, NULL, &err), err);
    assert_ok(make_cl(&cl, NULL, &err), err);
    td_result *all = evaluate(rb, cl, TD_EXPLAIN_ALL, NULL);
    td_result *none = evaluate(rb, cl, TD_EXPLAIN_NONE, NULL);
    assert_true(td_result_has_explanations(all));
    assert_no_text(none);
    char *want = fixture_dump_numbers(all), *got = fixture_dump_numbers(none);
    char *texts = fixture_dump(all);
    assert_string_equal(got, want);
    /* the explained dump differs: the comparison above is of numbers only */
    assert_true(strlen(texts) > strlen(want) + 1000);
    /* warnings do not depend on the texts */
    assert_int_equal(td_result_warning_count(none), td_result_warning_count(all));
    free(want);
    free(got);
    free(texts);
    td_result_free(all);
    td_result_free(none);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

static void every_rule_kind_gives_the_same_numbers_without_explanations(void **state)
{
    (void)state;
    same_numbers_without_text(fixture_rulebook, fixture_cluster);
}

static void awards_give_the_same_statuses_without_explanations(void **state)
{
    (void)state;
    same_numbers_without_text(fixture_awards_rulebook, fixture_awards_cluster);
}

/* The point of TD_EXPLAIN_NONE: no text, so fewer allocations. */
static void a_result_without_explanations_allocates_less(void **state)
{
    (void)state;
    td_error err;
    td_rulebook *rb = NULL;
    td_cluster *cl = NULL;
    assert_ok(fixture_awards_rulebook(&rb, NULL, &err), err);
    assert_ok(fixture_awards_cluster(&cl, NULL, &err), err);
    test_alloc with, without;
    test_alloc_init(&with, 0);
    test_alloc_init(&without, 0);
    td_result *a = evaluate(rb, cl, TD_EXPLAIN_ALL, &with.allocator);
    td_result *b = evaluate(rb, cl, TD_EXPLAIN_NONE, &without.allocator);
    print_message("allocations: %zu with explanations, %zu without\n", with.calls, without.calls);
    assert_true(without.calls < with.calls);
    td_result_free(a);
    td_result_free(b);
    assert_int_equal(with.live, 0);
    assert_int_equal(without.live, 0);
    td_cluster_free(cl);
    td_rulebook_free(rb);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_rule_kind_gives_the_same_numbers_without_explanations),
        cmocka_unit_test(awards_give_the_same_statuses_without_explanations),
        cmocka_unit_test(a_result_without_explanations_allocates_less),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
